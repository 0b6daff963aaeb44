//! [`WebhookError`]: why a delivery was refused.

use std::time::Duration;

use super::limits::Limit;

/// Why a webhook delivery could not be verified or parsed. Each variant names what failed, so a
/// receiver can log it and answer the sender; none of them ever contains the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the check needs is absent (`x-webhook-signature`, `x-webhook-timestamp`).
    #[error("missing header `{0}`")]
    MissingHeader(&'static str),
    /// Only the partner dashboard's legacy `x-cashfree-signature` header is present. Its scheme
    /// ("SHA256 of the payload sorted by keys and the partner API key") is not specified
    /// precisely enough to verify; switch the endpoint to the current (2025-01-01) webhook
    /// version, which signs like every other Cashfree webhook.
    #[error(
        "the delivery carries only the legacy `x-cashfree-signature` header, whose scheme is not \
         documented precisely enough to verify; configure the 2025-01-01 webhook version \
         (x-webhook-signature / x-webhook-timestamp)"
    )]
    LegacySignatureOnly,
    /// A header is present but unusable (not text, or not the documented form).
    #[error("header `{name}` is invalid: {reason}")]
    InvalidHeader {
        /// The header.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// `x-webhook-timestamp` is not a Unix time in digits (milliseconds, as Cashfree sends it,
    /// or seconds).
    #[error("timestamp `{0}` is not a Unix time in digits")]
    BadTimestamp(String),
    /// The signature is valid but the timestamp is further from now than the configured
    /// tolerance: a late delivery or a replay.
    #[error("{}", stale_message(*.timestamp_ms, *.skew_ms, *.tolerance))]
    StaleTimestamp {
        /// The delivery's timestamp, in milliseconds since the Unix epoch.
        timestamp_ms: i64,
        /// Now minus the timestamp, in milliseconds (negative: the timestamp is in the future).
        skew_ms: i64,
        /// The tolerance the verifier was configured with.
        tolerance: Duration,
    },
    /// The signature header is not base64 of a 32-byte HMAC-SHA256.
    #[error("signature is not base64 of a 32-byte HMAC-SHA256")]
    MalformedSignature,
    /// A Payouts v1 (Cashgram) form body has no `signature` field: it is not signed, so it
    /// cannot be trusted. Cashfree signs every Payouts v1 webhook in that field.
    #[error(
        "the Payouts v1 (Cashgram) form body has no `signature` field; Cashfree signs every such \
         webhook in the body, so this delivery cannot be trusted"
    )]
    MissingSignatureField,
    /// The signature does not match the timestamp, the body and the secret.
    #[error(
        "signature does not match: the body, the timestamp or the secret differs from what was \
         signed (verify the raw body exactly as received, never a re-serialised one)"
    )]
    SignatureMismatch,
    /// The verifier has an empty secret; nothing can be verified with it.
    #[error("the webhook secret is empty")]
    EmptySecret,
    /// The body is neither JSON nor a form the webhook can be read from.
    #[error("body is not JSON: {0}")]
    BodyNotJson(String),
    /// The body is past one of the limits of [`super::limits`] (size, nesting, fields): it is
    /// refused without being read further. Answer 413 for [`Limit::BodyBytes`], 400 otherwise.
    #[error(
        "the body is past the webhook limit of {max} {limit}; it was refused unread (documented \
         webhooks are a few KB and a few levels deep)"
    )]
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// The limit's value.
        max: usize,
    },
    /// The body is JSON but not an object.
    #[error("body is JSON but not an object")]
    NotAnObject,
    /// The body names an event this SDK knows, but its fields are not that event's shape.
    #[error("body of `{event}` is not the documented shape: {reason}")]
    UnexpectedShape {
        /// The event name the body carries.
        event: String,
        /// What did not fit.
        reason: String,
    },
}

impl WebhookError {
    /// True when the failure is about authenticity (headers, timestamp, signature): a receiver
    /// answers 401. False for body problems (400) and for [`WebhookError::EmptySecret`], a
    /// server misconfiguration.
    pub fn is_authentication_failure(&self) -> bool {
        matches!(
            self,
            WebhookError::MissingHeader(_)
                | WebhookError::LegacySignatureOnly
                | WebhookError::InvalidHeader { .. }
                | WebhookError::BadTimestamp(_)
                | WebhookError::StaleTimestamp { .. }
                | WebhookError::MissingSignatureField
                | WebhookError::MalformedSignature
                | WebhookError::SignatureMismatch
        )
    }
}

fn stale_message(timestamp_ms: i64, skew_ms: i64, tolerance: Duration) -> String {
    let secs = skew_ms.unsigned_abs() / 1000;
    let when = if skew_ms >= 0 {
        format!("{secs} s old")
    } else {
        format!("{secs} s in the future")
    };
    format!(
        "timestamp {timestamp_ms} is {when}, outside the allowed {} s (late delivery or replay)",
        tolerance.as_secs()
    )
}
