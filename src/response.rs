//! [`Response`]: a successful answer, typed — with the body exactly as it arrived.

use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use progenitor_client::ResponseValue;

use crate::runtime::ErrorEnvelope;

tokio::task_local! {
    /// Set while a call runs: the runtime leaves the success body's bytes here.
    static RAW_BODY: std::cell::RefCell<Option<Bytes>>;
}

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
    value: ResponseValue<T>,
    raw: Bytes,
}

impl<T> Response<T> {
    /// The typed answer.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.value.status()
    }

    /// The answer's headers (`x-request-id`, rate-limit headers, …).
    pub fn headers(&self) -> &HeaderMap {
        self.value.headers()
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
        (self.value.into_inner(), self.raw)
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
            .field("status", &self.status())
            .field("value", &*self.value)
            .finish()
    }
}

/// Runs a generated call, keeping the success body's bytes the runtime saw.
#[doc(hidden)]
pub async fn capture<T, F>(call: F) -> Result<Response<T>, crate::Error>
where
    F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ErrorEnvelope>>>,
{
    RAW_BODY
        .scope(std::cell::RefCell::new(None), async {
            let value = call.await.map_err(crate::Error::from)?;
            let raw = RAW_BODY
                .try_with(|slot| slot.borrow_mut().take())
                .ok()
                .flatten()
                .unwrap_or_default();
            Ok(Response { value, raw })
        })
        .await
}

/// True while a call runs inside [`capture`] (the runtime then keeps the success body).
pub(crate) fn capturing() -> bool {
    RAW_BODY.try_with(|_| ()).is_ok()
}

/// Leaves the success body's bytes for [`capture`].
pub(crate) fn keep(body: &Bytes) {
    let _ = RAW_BODY.try_with(|slot| *slot.borrow_mut() = Some(body.clone()));
}
