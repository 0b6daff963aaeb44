//! Webhooks: typed events for every documented webhook, signature verification, and (feature
//! `axum`) an extractor for receivers.
//!
//! # Verifying
//! Cashfree signs every webhook (payments, disputes, payment links, Collect from India, and
//! Global Collections partner webhooks) the same way:
//! `x-webhook-signature = base64(HMAC-SHA256(key = secret, message = x-webhook-timestamp + raw body))`.
//! The secret is the PG client secret, or the partner API key for partner (Global Collections)
//! webhooks. Verify over the body **exactly as received**: parsing and re-serialising turns
//! `170.00` into `170` and breaks the signature. [`Verifier`] compares in constant time and can
//! refuse stale timestamps ([`Verifier::with_tolerance`]; Cashfree's Go sample uses 5 minutes).
//!
//! The Payin & Payout API documents no signature for its webhooks, and the `signature` field
//! in some Global Collections bodies has no documented algorithm: for those, parse with
//! [`parse`] and confirm the state with the API (`get_payin_status`, `get_payout_status`,
//! Global Collections' get-transactions) before acting.
//!
//! # Parsing
//! [`parse`] turns a body into a [`Webhook`]: the provider (told from the payload's shape, see
//! [`identify`]), the event name, the typed [`Event`], and the raw body. Unknown events are
//! [`Event::Unknown`] with their JSON, unknown fields are ignored, and ids and amounts accept
//! both strings and numbers. Payment-link webhooks are also read from form data.
//!
//! A [`Webhook<'a>`](Webhook) borrows the body it was parsed from: the body is not copied, and
//! text fields ([`Cow<'a, str>`](std::borrow::Cow)) point into it unless the JSON string had
//! escapes. Call [`Webhook::into_owned`] (or [`VerifiedWebhook::into_owned`]) to keep one
//! after the body is gone.
//!
//! # Limits
//! Bodies are read within explicit limits, since they arrive unauthenticated: 1 MiB, 127
//! levels of JSON nesting, 1,000 form fields, 32 levels in a form field name, 70-byte
//! multipart boundaries, 4096-byte ids and 28-digit amounts. A body past one is refused with
//! [`WebhookError::LimitExceeded`] naming the [`Limit`]; nothing panics, recurses without
//! bound or allocates in proportion to an attacker's nesting. See [`limits`].
//!
//! # Both at once
//! ```
//! use std::time::Duration;
//! use http::HeaderMap;
//! use paygen::webhooks::{sign, Event, Verifier};
//!
//! let verifier = Verifier::new("client-secret").with_tolerance(Duration::from_secs(300));
//! let body = br#"{"data":{"payment":{"cf_payment_id":"1453002795","payment_status":"SUCCESS","payment_amount":170.00}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
//! let ts = std::time::SystemTime::now()
//!     .duration_since(std::time::UNIX_EPOCH).unwrap().as_millis().to_string();
//! let mut headers = HeaderMap::new();
//! headers.insert("x-webhook-timestamp", ts.parse().unwrap());
//! headers.insert("x-webhook-signature", sign(&"client-secret".into(), &ts, body).parse().unwrap());
//! headers.insert("x-idempotency-key", "n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc=".parse().unwrap());
//!
//! let delivery = verifier.verify_and_parse(&headers, body)?;
//! // Drop it if `delivery.dedup_key()` was handled before; otherwise:
//! if let Event::Payment(p) = delivery.webhook.event() {
//!     let payment = p.data.payment.as_ref().unwrap();
//!     assert_eq!(payment.payment_amount.unwrap().to_string(), "170.00");
//! }
//! # Ok::<(), paygen::webhooks::WebhookError>(())
//! ```

mod de;
mod delivery;
mod error;
mod events;
mod form;
pub mod headers;
mod json_reader;
pub mod limits;
mod parse;
mod provider;
pub mod samples;
mod signature;

#[cfg(feature = "axum")]
pub mod axum;

pub use delivery::VerifiedWebhook;
pub use error::WebhookError;
pub use events::*;
pub use headers::DeliveryHeaders;
#[doc(hidden)]
pub use json_reader::reader_disagreement;
pub use limits::Limit;
pub use parse::{identify_body, parse, BodyFormat, Webhook};
pub use provider::{identify, Identity, Provider, SigningKey};
pub use signature::{sign, sign_form_fields, signed_form_body, timestamp_millis, Verifier};
