//! Verification and parsing in one call, from the delivery's headers and raw body.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::HeaderMap;
use sha2::{Digest, Sha256};

use super::error::WebhookError;
use super::headers::DeliveryHeaders;
use super::parse::{parse, Webhook};
use super::provider::Provider;
use super::signature::Verifier;

/// A delivery whose signature (and, with a tolerance, timestamp) checked out, parsed.
///
/// It borrows the body it was verified over (see [`Webhook`]); [`VerifiedWebhook::into_owned`]
/// detaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedWebhook<'a> {
    /// The delivery headers (attempt, version, idempotency key, …).
    pub headers: DeliveryHeaders<'a>,
    /// The parsed webhook, with its raw body.
    pub webhook: Webhook<'a>,
}

impl VerifiedWebhook<'_> {
    /// The same delivery owning its body and every text field (see [`Webhook::into_owned`]).
    pub fn into_owned(self) -> VerifiedWebhook<'static> {
        VerifiedWebhook {
            headers: self.headers.into_owned(),
            webhook: self.webhook.into_owned(),
        }
    }

    /// A key to drop duplicate deliveries by: `x-idempotency-key` when sent, otherwise the
    /// base64 SHA-256 of the raw body (the same bytes are the same event).
    pub fn dedup_key(&self) -> String {
        match &self.headers.idempotency_key {
            Some(k) if !k.is_empty() => k.to_string(),
            _ => STANDARD.encode(Sha256::digest(self.webhook.raw_body())),
        }
    }
}

impl Verifier {
    /// Checks a delivery against its raw body: a Payouts v1 (Cashgram) form by its in-body
    /// `signature` field ([`Verifier::verify_form`]), every other delivery by its
    /// `x-webhook-signature` / `x-webhook-timestamp` headers.
    ///
    /// A delivery is taken for Payouts v1 when it has no `x-webhook-signature` header, its
    /// content type is `application/x-www-form-urlencoded` (or absent), and its fields name a
    /// Cashgram event or carry a `signature` with Payouts v1 ids ([`super::identify`]).
    pub fn verify_delivery(
        &self,
        headers: &DeliveryHeaders,
        body: &[u8],
    ) -> Result<(), WebhookError> {
        if is_payouts_v1_form(headers, body) {
            return self.verify_form(body);
        }
        let (signature, timestamp) = headers.signature_and_timestamp()?;
        self.verify(timestamp, body, signature)
    }

    /// Verifies, then parses, a delivery: what a webhook endpoint calls with the request's
    /// headers and raw body. Nothing is parsed unless the signature is valid. The result
    /// borrows `body` (nothing is copied); call [`VerifiedWebhook::into_owned`] to keep it
    /// longer.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use paygen::webhooks::{sign, Event, Verifier};
    ///
    /// let body = br#"{"data":{"order":{"order_id":"o1"}},"type":"PAYMENT_FAILED_WEBHOOK"}"#;
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-webhook-timestamp", "1746427759733".parse().unwrap());
    /// let sig = sign(&"secret".into(), "1746427759733", body);
    /// headers.insert("x-webhook-signature", sig.parse().unwrap());
    ///
    /// let delivery = Verifier::new("secret").verify_and_parse(&headers, body).unwrap();
    /// assert!(matches!(delivery.webhook.event(), Event::Payment(_)));
    /// ```
    pub fn verify_and_parse<'a>(
        &self,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> Result<VerifiedWebhook<'a>, WebhookError> {
        self.verify_and_parse_delivery(DeliveryHeaders::from_headers(headers)?, body)
    }

    /// [`Verifier::verify_and_parse`] for headers read some other way.
    pub fn verify_and_parse_delivery<'a>(
        &self,
        headers: DeliveryHeaders<'a>,
        body: &'a [u8],
    ) -> Result<VerifiedWebhook<'a>, WebhookError> {
        // An oversized body is refused before it is hashed.
        super::limits::check_size(body)?;
        self.verify_delivery(&headers, body)?;
        let webhook = parse(body, headers.content_type.as_deref())?;
        Ok(VerifiedWebhook { headers, webhook })
    }
}

/// True when a delivery is a Payouts v1 form, signed in its body (rule on
/// [`Verifier::verify_delivery`]).
fn is_payouts_v1_form(headers: &DeliveryHeaders, body: &[u8]) -> bool {
    const FORM: &str = "application/x-www-form-urlencoded";
    if headers.signature.is_some() || headers.has_legacy_signature {
        return false;
    }
    let form = match headers.content_type.as_deref() {
        None => true,
        Some(ct) => ct
            .split(';')
            .next()
            .is_some_and(|media| media.trim().eq_ignore_ascii_case(FORM)),
    };
    form && super::parse::identify_body(body, Some(FORM))
        .is_ok_and(|id| id.provider == Provider::CashfreePayoutsV1)
}
