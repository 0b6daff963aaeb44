//! Cashfree's webhook signatures, both schemes:
//!
//! - **In the headers** (every webhook but Payouts v1):
//!   `base64(HMAC-SHA256(key = secret, message = timestamp + raw body))`. The message is the
//!   `x-webhook-timestamp` header's text followed by the body's bytes exactly as received.
//!   Re-serialising a parsed body (which turns `170.00` into `170`) changes the bytes and
//!   breaks the signature, so everything here works on `&[u8]`.
//! - **In the body** (Payouts v1: the Cashgram webhooks, form-encoded): the `signature` field is
//!   `base64(HMAC-SHA256(key = client secret, message = the other fields' values, ordered by
//!   field name, concatenated))` ([`sign_form_fields`], [`Verifier::verify_form`]). The values
//!   are the decoded ones; there is no timestamp.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::error::WebhookError;
use crate::Secret;

type HmacSha256 = Hmac<Sha256>;

/// Timestamps at or above this value are read as milliseconds (what Cashfree sends,
/// e.g. `1746427759733`); smaller ones as seconds.
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// The signature Cashfree sends in `x-webhook-signature` for this timestamp and body.
///
/// Use it to test a receiver, or to check a vector by hand.
///
/// ```
/// use paygen::webhooks::sign;
/// let sig = sign(&"my-secret".into(), "1746427759733", br#"{"type":"PAYMENT_SUCCESS_WEBHOOK"}"#);
/// assert_eq!(sig.len(), 44); // base64 of 32 bytes
/// ```
pub fn sign(secret: &Secret, timestamp: &str, body: &[u8]) -> String {
    STANDARD.encode(mac(keyed(secret), timestamp, body))
}

/// The `signature` field of a Payouts v1 (Cashgram) webhook for these form fields: the value of
/// every field but `signature`, ordered by field name (byte order), concatenated, then base64
/// HMAC-SHA256 keyed with the client secret (Cashfree's "Payloads and Signatures": Payouts V1
/// signs its form-encoded POST parameters). The values are the decoded ones, not their
/// percent-encoded text. The mock signs its Cashgram deliveries with this function and
/// [`Verifier::verify_form`] checks with it, so the two share one definition.
///
/// ```
/// use paygen::webhooks::{sign, sign_form_fields};
/// let secret = paygen::Secret::new("secret");
/// let fields = [("event", "CASHGRAM_EXPIRED"), ("cashgramid", "JOHaN10"), ("reason", "EXCEEDED_EXPIRY_DATE")];
/// // Ordered by name: cashgramid, event, reason.
/// assert_eq!(
///     sign_form_fields(&secret, fields),
///     sign(&secret, "", b"JOHaN10CASHGRAM_EXPIREDEXCEEDED_EXPIRY_DATE"),
/// );
/// ```
pub fn sign_form_fields<'a>(
    secret: &Secret,
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    STANDARD.encode(form_mac(keyed(secret), fields))
}

/// A Payouts v1 (Cashgram) webhook body as Cashfree POSTs it: `fields` form-encoded in the order
/// given, then the `signature` field ([`sign_form_fields`] of them, keyed with `secret`). The
/// mock's Cashgram deliveries and the Cashgram [`super::samples`] are made by it.
///
/// ```
/// use paygen::webhooks::{signed_form_body, Verifier};
/// use paygen::Secret;
///
/// let fields = [("event", "CASHGRAM_EXPIRED"), ("cashgramid", "JOHaN10"), ("reason", "EXCEEDED_EXPIRY_DATE")];
/// let body = signed_form_body(&Secret::new("client-secret"), &fields);
/// assert!(body.starts_with(b"event=CASHGRAM_EXPIRED&cashgramid=JOHaN10&"));
/// assert!(Verifier::new("client-secret").verify_form(&body).is_ok());
/// ```
pub fn signed_form_body(secret: &Secret, fields: &[(&str, &str)]) -> Vec<u8> {
    let signature = sign_form_fields(secret, fields.iter().copied());
    let mut body = Vec::new();
    for (name, value) in fields
        .iter()
        .copied()
        .chain([(FORM_SIGNATURE_FIELD, signature.as_str())])
    {
        if !body.is_empty() {
            body.push(b'&');
        }
        body.extend(
            percent_encoding::utf8_percent_encode(name, FORM_COMPONENT).flat_map(str::bytes),
        );
        body.push(b'=');
        body.extend(
            percent_encoding::utf8_percent_encode(value, FORM_COMPONENT).flat_map(str::bytes),
        );
    }
    body
}

/// What a form field's name or value keeps unencoded: letters, digits and `-_.~`.
const FORM_COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The MAC of a Payouts v1 form's fields (every one but `signature`, ordered by name).
fn form_mac<'a>(
    mut keyed: HmacSha256,
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> [u8; 32] {
    let mut fields: Vec<(&str, &str)> = fields
        .into_iter()
        .filter(|(name, _)| *name != FORM_SIGNATURE_FIELD)
        .collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (_, value) in fields {
        keyed.update(value.as_bytes());
    }
    keyed.finalize().into_bytes().into()
}

/// The form field that carries a Payouts v1 webhook's signature.
pub(crate) const FORM_SIGNATURE_FIELD: &str = "signature";

/// A base64 HMAC-SHA256 as its 32 bytes; anything else is [`WebhookError::MalformedSignature`].
fn decode_signature(signature: &str) -> Result<[u8; 32], WebhookError> {
    // Base64 of 32 bytes is 44 characters; anything longer is refused before decoding.
    let signature = signature.trim().as_bytes();
    if signature.len() != 44 {
        return Err(WebhookError::MalformedSignature);
    }
    let mut given = [0u8; 33];
    let decoded = STANDARD
        .decode_slice(signature, &mut given)
        .map_err(|_| WebhookError::MalformedSignature)?;
    if decoded != 32 {
        return Err(WebhookError::MalformedSignature);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&given[..32]);
    Ok(out)
}

/// HMAC-SHA256 keyed with the secret (the key's inner and outer pads already hashed).
fn keyed(secret: &Secret) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    match HmacSha256::new_from_slice(secret.expose().as_bytes()) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC-SHA256 takes keys of any length"),
    }
}

fn mac(mut keyed: HmacSha256, timestamp: &str, body: &[u8]) -> [u8; 32] {
    keyed.update(timestamp.as_bytes());
    keyed.update(body);
    keyed.finalize().into_bytes().into()
}

/// Milliseconds since the Unix epoch of an `x-webhook-timestamp` value: digits only, read as
/// milliseconds from 10^11 up (Cashfree sends 13 digits) and as seconds below.
///
/// ```
/// use paygen::webhooks::timestamp_millis;
/// assert_eq!(timestamp_millis("1746427759733").unwrap(), 1746427759733);
/// assert_eq!(timestamp_millis("1746427759").unwrap(), 1746427759000);
/// assert!(timestamp_millis("2025-05-05T10:00:00Z").is_err());
/// ```
pub fn timestamp_millis(timestamp: &str) -> Result<i64, WebhookError> {
    let bad = || WebhookError::BadTimestamp(timestamp.chars().take(40).collect());
    if timestamp.is_empty()
        || timestamp.len() > 18
        || !timestamp.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let value: i64 = timestamp.parse().map_err(|_| bad())?;
    if value >= MILLIS_THRESHOLD {
        Ok(value)
    } else {
        value.checked_mul(1000).ok_or_else(bad)
    }
}

/// Checks Cashfree webhook signatures with one secret: the PG client secret for payment,
/// dispute, payment-link and Collect from India webhooks, the partner API key for Global
/// Collections (partner) webhooks.
///
/// ```
/// use std::time::Duration;
/// use paygen::webhooks::{sign, Verifier, WebhookError};
///
/// let verifier = Verifier::new("my-secret").with_tolerance(Duration::from_secs(300));
/// let body = br#"{"data":{},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
/// let now = std::time::SystemTime::now()
///     .duration_since(std::time::UNIX_EPOCH).unwrap().as_millis().to_string();
/// let sig = sign(&"my-secret".into(), &now, body);
/// assert!(verifier.verify(&now, body, &sig).is_ok());
/// assert_eq!(
///     verifier.verify(&now, b"{}", &sig),
///     Err(WebhookError::SignatureMismatch)
/// );
/// ```
#[derive(Clone)]
pub struct Verifier {
    secret: Secret,
    /// The HMAC keyed once with `secret`, cloned per delivery (saves hashing the key pads on
    /// every check). Never printed.
    keyed: HmacSha256,
    tolerance: Option<Duration>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &self.secret)
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Verifier {
    /// A verifier for this secret, with no timestamp tolerance (any age is accepted).
    pub fn new(secret: impl Into<Secret>) -> Verifier {
        let secret = secret.into();
        Verifier {
            keyed: keyed(&secret),
            secret,
            tolerance: None,
        }
    }

    /// Also refuses deliveries whose timestamp is further than `tolerance` from now, in either
    /// direction (replay protection; Cashfree's Go sample uses 5 minutes).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Verifier {
        self.tolerance = Some(tolerance);
        self
    }

    /// The configured tolerance, if any.
    pub fn tolerance(&self) -> Option<Duration> {
        self.tolerance
    }

    /// The signature this verifier expects for a timestamp and body.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        STANDARD.encode(mac(self.keyed.clone(), timestamp, body))
    }

    /// Checks `signature` (the `x-webhook-signature` value) against `timestamp` (the
    /// `x-webhook-timestamp` value) and the raw `body`, then the timestamp's age against the
    /// tolerance, using the system clock.
    pub fn verify(
        &self,
        timestamp: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), WebhookError> {
        self.verify_at(timestamp, body, signature, SystemTime::now())
    }

    /// [`Verifier::verify`] with an explicit "now".
    ///
    /// The timestamp must be digits; the signature is compared in constant time; the age is
    /// checked only once the signature is known to be authentic, so a
    /// [`WebhookError::StaleTimestamp`] always means a genuine but late (or replayed) delivery.
    pub fn verify_at(
        &self,
        timestamp: &str,
        body: &[u8],
        signature: &str,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        if self.secret.expose().is_empty() {
            return Err(WebhookError::EmptySecret);
        }
        let timestamp_ms = timestamp_millis(timestamp)?;
        let given = decode_signature(signature)?;
        let expected = mac(self.keyed.clone(), timestamp, body);
        if !bool::from(expected.as_slice().ct_eq(&given)) {
            return Err(WebhookError::SignatureMismatch);
        }
        if let Some(tolerance) = self.tolerance {
            let now_ms = match now.duration_since(UNIX_EPOCH) {
                Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
                Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
            };
            let skew_ms = now_ms.saturating_sub(timestamp_ms);
            let limit = i64::try_from(tolerance.as_millis()).unwrap_or(i64::MAX);
            if skew_ms.unsigned_abs() > limit.unsigned_abs() {
                return Err(WebhookError::StaleTimestamp {
                    timestamp_ms,
                    skew_ms,
                    tolerance,
                });
            }
        }
        Ok(())
    }

    /// Checks a Payouts v1 (Cashgram) webhook, signed in its body: `body` is the
    /// `application/x-www-form-urlencoded` body exactly as received, and its `signature` field
    /// must be [`sign_form_fields`] of the other fields with this verifier's secret (the
    /// Payouts client secret), compared in constant time.
    ///
    /// The body is read within the same [limits](super::limits) as every other (1 MiB, 1,000
    /// fields). The scheme has no timestamp, so [`Verifier::with_tolerance`] does not apply:
    /// drop repeats by [`super::VerifiedWebhook::dedup_key`] instead. Errors:
    /// [`WebhookError::MissingSignatureField`] when there is no `signature` field,
    /// [`WebhookError::MalformedSignature`] when it is not base64 of 32 bytes or appears twice,
    /// [`WebhookError::SignatureMismatch`] when it does not match.
    ///
    /// ```
    /// use paygen::webhooks::{sign_form_fields, Verifier, WebhookError};
    /// let secret = paygen::Secret::new("payouts-secret");
    /// let sig = sign_form_fields(&secret, [("event", "CASHGRAM_EXPIRED"), ("cashgramid", "cg1"), ("reason", "EXPIRED")]);
    /// let body = format!("event=CASHGRAM_EXPIRED&cashgramid=cg1&reason=EXPIRED&signature={}",
    ///     sig.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"));
    /// let verifier = Verifier::new(secret);
    /// assert!(verifier.verify_form(body.as_bytes()).is_ok());
    /// assert_eq!(verifier.verify_form(b"event=CASHGRAM_EXPIRED&cashgramid=cg1"), Err(WebhookError::MissingSignatureField));
    /// ```
    pub fn verify_form(&self, body: &[u8]) -> Result<(), WebhookError> {
        super::limits::check_size(body)?;
        if self.secret.expose().is_empty() {
            return Err(WebhookError::EmptySecret);
        }
        let pairs = super::form::urlencoded_pairs(body)?;
        let mut signatures = pairs
            .iter()
            .filter(|(name, _)| name == FORM_SIGNATURE_FIELD)
            .map(|(_, value)| value.as_str());
        let signature = signatures
            .next()
            .ok_or(WebhookError::MissingSignatureField)?;
        if signatures.next().is_some() {
            return Err(WebhookError::MalformedSignature);
        }
        let given = decode_signature(signature)?;
        let expected = form_mac(
            self.keyed.clone(),
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        if !bool::from(expected.as_slice().ct_eq(&given)) {
            return Err(WebhookError::SignatureMismatch);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2_through_our_framing() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?". Split the data
        // between "timestamp" and body to show the message is their plain concatenation.
        let sig = sign(&"Jefe".into(), "what do ya want ", b"for nothing?");
        let hex: String = STANDARD
            .decode(sig)
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn timestamps_in_seconds_and_millis() {
        assert_eq!(
            timestamp_millis("1617695238078").unwrap(),
            1_617_695_238_078
        );
        assert_eq!(timestamp_millis("1617695238").unwrap(), 1_617_695_238_000);
        for bad in ["", " 1", "-5", "1.5", "abc", "9999999999999999999999"] {
            assert!(
                matches!(timestamp_millis(bad), Err(WebhookError::BadTimestamp(_))),
                "{bad}"
            );
        }
    }
}
