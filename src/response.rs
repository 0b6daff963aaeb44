//! [`Response`]: a successful answer, typed — with the body exactly as it arrived.

use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// What every successful call returns: the typed answer (`Deref`s to it), its HTTP status and
/// headers, and the raw body — so a field the spec does not know yet is never lost.
///
/// ```no_run
/// # async fn run(client: paygen::pg::Client) -> Result<(), paygen::Error> {
/// let order = client.get_order().order_id("order_42").send().await?;
/// println!("{:?}", order.order_status);          // typed
/// println!("{}", order.status());                // 200
/// let raw: serde_json::Value = order.body_json().unwrap(); // everything the server sent
/// # let _ = raw; Ok(()) }
/// ```
pub struct Response<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
    raw: Bytes,
}

impl<T> Response<T> {
    /// A typed answer with what arrived with it (the runtime's constructor).
    pub(crate) fn new(value: T, status: StatusCode, headers: HeaderMap, raw: Bytes) -> Self {
        Response {
            value,
            status,
            headers,
            raw,
        }
    }

    /// The typed answer.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's headers (`x-request-id`, rate-limit headers, …).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The same answer with its typed value changed by `f` (status, headers and raw body
    /// kept).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            raw: self.raw,
        }
    }

    /// The same answer with the part of its value `f` picks, when there is one.
    #[cfg(feature = "payouts")]
    pub(crate) fn filter_map<U>(self, f: impl FnOnce(T) -> Option<U>) -> Option<Response<U>> {
        Some(Response {
            value: f(self.value)?,
            status: self.status,
            headers: self.headers,
            raw: self.raw,
        })
    }

    /// The body exactly as received.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw
    }

    /// The body as JSON, including fields the spec does not list.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.raw).ok()
    }

    /// The typed answer and the raw body.
    pub fn into_parts(self) -> (T, Bytes) {
        (self.value, self.raw)
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("value", &self.value)
            .finish()
    }
}
