//! The delivery headers Cashfree sends with every webhook.

use std::borrow::Cow;

use http::{HeaderMap, HeaderValue};

use super::error::WebhookError;

/// `x-webhook-signature`: base64 HMAC-SHA256 of timestamp + raw body.
pub const SIGNATURE: &str = "x-webhook-signature";
/// `x-webhook-timestamp`: the signing time, milliseconds since the Unix epoch.
pub const TIMESTAMP: &str = "x-webhook-timestamp";
/// `x-webhook-attempt`: 1 for the first delivery, more for retries.
pub const ATTEMPT: &str = "x-webhook-attempt";
/// `x-webhook-version`: the payload version (`2025-01-01`, `2023-08-01`).
pub const VERSION: &str = "x-webhook-version";
/// `x-idempotency-key`: the same for every delivery of one event (2025-01-01 sample).
pub const IDEMPOTENCY_KEY: &str = "x-idempotency-key";
/// `x-cashfree-signature`: the partner dashboard's legacy signature header (not verifiable).
pub const LEGACY_SIGNATURE: &str = "x-cashfree-signature";
/// `x-cashfree-timestamp`: the partner dashboard's legacy timestamp header (ISO time).
pub const LEGACY_TIMESTAMP: &str = "x-cashfree-timestamp";

/// The headers [`DeliveryHeaders::from_lookup`] reads (every name it asks for).
const READ: [&str; 7] = [
    SIGNATURE,
    TIMESTAMP,
    ATTEMPT,
    VERSION,
    IDEMPOTENCY_KEY,
    LEGACY_SIGNATURE,
    "content-type",
];

/// The webhook headers of one delivery, as sent. Absent headers are `None`; present ones
/// borrow from the header map (or lookup) they were read from, and
/// [`DeliveryHeaders::into_owned`] detaches them.
///
/// `idempotency_key` lets a receiver drop a delivery it has already handled (Cashfree retries
/// until it gets a 200); `attempt` says how many times this event has been sent.
///
/// ```
/// use http::HeaderMap;
/// use paygen::webhooks::DeliveryHeaders;
///
/// let mut h = HeaderMap::new();
/// h.insert("x-webhook-attempt", "2".parse().unwrap());
/// h.insert("x-webhook-version", "2025-01-01".parse().unwrap());
/// h.insert("x-idempotency-key", "n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc=".parse().unwrap());
/// let d = DeliveryHeaders::from_headers(&h).unwrap();
/// assert_eq!(d.attempt, Some(2));
/// assert_eq!(d.version.as_deref(), Some("2025-01-01"));
/// assert!(d.signature.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveryHeaders<'a> {
    /// `x-webhook-signature`.
    pub signature: Option<Cow<'a, str>>,
    /// `x-webhook-timestamp`, as text (it is signed as text).
    pub timestamp: Option<Cow<'a, str>>,
    /// `x-webhook-attempt`.
    pub attempt: Option<u32>,
    /// `x-webhook-version`.
    pub version: Option<Cow<'a, str>>,
    /// `x-idempotency-key`.
    pub idempotency_key: Option<Cow<'a, str>>,
    /// `content-type` (payment-link webhooks may arrive as form data).
    pub content_type: Option<Cow<'a, str>>,
    /// True when the legacy partner header `x-cashfree-signature` is present.
    pub has_legacy_signature: bool,
}

impl<'a> DeliveryHeaders<'a> {
    /// Reads the headers from an `http::HeaderMap` (what axum, hyper and reqwest use),
    /// borrowing their values.
    pub fn from_headers(headers: &'a HeaderMap) -> Result<DeliveryHeaders<'a>, WebhookError> {
        // One pass over the map, keeping each header's first value (what `HeaderMap::get`
        // gives): cheaper than a hashed look-up per name.
        let mut found: [Option<&'a HeaderValue>; READ.len()] = [None; READ.len()];
        for (name, value) in headers {
            if let Some(i) = READ.iter().position(|read| *read == name.as_str()) {
                found[i].get_or_insert(value);
            }
        }
        DeliveryHeaders::from_lookup(|name| {
            let i = READ.iter().position(|read| *read == name)?;
            found[i].map(|v| v.to_str().map_err(|_| ()))
        })
    }

    /// Reads the headers through a lookup by lower-case name, for frameworks without
    /// `http::HeaderMap`. The lookup answers `Some(Err(()))` for a value that is not text.
    ///
    /// ```
    /// use paygen::webhooks::DeliveryHeaders;
    /// let d = DeliveryHeaders::from_lookup(|name| match name {
    ///     "x-webhook-timestamp" => Some(Ok("1746427759733")),
    ///     _ => None,
    /// }).unwrap();
    /// assert_eq!(d.timestamp.as_deref(), Some("1746427759733"));
    /// ```
    pub fn from_lookup(
        lookup: impl Fn(&'static str) -> Option<Result<&'a str, ()>>,
    ) -> Result<DeliveryHeaders<'a>, WebhookError> {
        let text = |name: &'static str| -> Result<Option<Cow<'a, str>>, WebhookError> {
            match lookup(name) {
                None => Ok(None),
                Some(Ok(v)) => Ok(Some(Cow::Borrowed(v.trim()))),
                Some(Err(())) => Err(WebhookError::InvalidHeader {
                    name,
                    reason: "not visible ASCII text".into(),
                }),
            }
        };
        let attempt = match text(ATTEMPT)? {
            None => None,
            Some(v) => Some(v.parse::<u32>().map_err(|_| WebhookError::InvalidHeader {
                name: ATTEMPT,
                reason: format!(
                    "`{}` is not a whole number",
                    v.chars().take(20).collect::<String>()
                ),
            })?),
        };
        Ok(DeliveryHeaders {
            signature: text(SIGNATURE)?,
            timestamp: text(TIMESTAMP)?,
            attempt,
            version: text(VERSION)?,
            idempotency_key: text(IDEMPOTENCY_KEY)?,
            content_type: text("content-type")?,
            has_legacy_signature: lookup(LEGACY_SIGNATURE).is_some(),
        })
    }

    /// The same headers owning their text, to keep them past the request.
    pub fn into_owned(self) -> DeliveryHeaders<'static> {
        let owned = |text: Option<Cow<'_, str>>| text.map(|t| Cow::Owned(t.into_owned()));
        DeliveryHeaders {
            signature: owned(self.signature),
            timestamp: owned(self.timestamp),
            attempt: self.attempt,
            version: owned(self.version),
            idempotency_key: owned(self.idempotency_key),
            content_type: owned(self.content_type),
            has_legacy_signature: self.has_legacy_signature,
        }
    }

    /// The signature and timestamp, or which one is missing.
    pub fn signature_and_timestamp(&self) -> Result<(&str, &str), WebhookError> {
        let signature = match self.signature.as_deref() {
            Some(s) => s,
            None if self.has_legacy_signature => return Err(WebhookError::LegacySignatureOnly),
            None => return Err(WebhookError::MissingHeader(SIGNATURE)),
        };
        let timestamp = self
            .timestamp
            .as_deref()
            .ok_or(WebhookError::MissingHeader(TIMESTAMP))?;
        Ok((signature, timestamp))
    }
}
