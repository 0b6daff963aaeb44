//! The documents' webhook payloads, as data: every event type this module parses, with the
//! delivery headers Cashfree sends, signed as Cashfree signs them.
//!
//! For a receiver's own tests and for `paygen trigger`: pick a [`Sample`] by event name,
//! [`Sample::delivery`] gives the body and headers of one delivery, freshly signed.
//!
//! ```
//! use paygen::webhooks::{samples, Verifier};
//! use paygen::Secret;
//!
//! let sample = samples::find("PAYMENT_SUCCESS_WEBHOOK", None).unwrap();
//! let secret = Secret::new("client-secret");
//! let delivery = sample.delivery(Some(&secret), "1746427759733", 1, "key-1");
//! let verified = Verifier::new("client-secret")
//!     .verify_and_parse(&delivery.headers, &delivery.body)
//!     .unwrap();
//! assert_eq!(verified.webhook.event_name(), "PAYMENT_SUCCESS_WEBHOOK");
//! ```
//!
//! # Where the payloads come from
//! Each body is the document's sample, byte for byte (with only the repairs listed in
//! `specs/DISCREPANCIES.md`, WH-6, where a sample is not valid JSON); the same files, the only
//! copy, are the test suites' fixtures (their provenance is in `src/webhooks/samples/README.md`,
//! made by `tests/vectors/webhooks/extract_samples.py`). Where a document names an event in its
//! event → status table but shows no sample of it (Global Collections' blocked, reversal done,
//! settlement approved/rejected, FIRA and virtual-account events; Payin & Payout's
//! `payin.failed` and `payout.failed`), the sample is the document's sample of the same
//! resource with the event name and the statuses the table gives put in
//! ([`Sample::is_derived`] says so, [`Sample::substitutions`] lists what changed).
//!
//! # Headers
//! A signed delivery carries `x-webhook-signature` (base64 HMAC-SHA256 of
//! `x-webhook-timestamp` + raw body), `x-webhook-timestamp`, `x-webhook-attempt`,
//! `x-webhook-version` and `x-idempotency-key`, as the PG payments document shows them. The
//! version is the payload version of the sample, and `2025-01-01` for families whose documents
//! show no version (the version partner webhooks must be configured on to be signed). Payin &
//! Payout deliveries are unsigned: the document describes no signature.

use http::{HeaderMap, HeaderValue};

use super::{sign, signed_form_body, BodyFormat, Provider, SigningKey};
use crate::Secret;

/// One documented webhook payload.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Sample {
    /// The event name (`type` or `event` in the body): `PAYMENT_SUCCESS_WEBHOOK`,
    /// `INR_SETTLEMENT_APPROVED`, `payin.succeeded`, ….
    pub event: &'static str,
    /// Who sends it.
    pub provider: Provider,
    /// The payload version (`2025-01-01`, `2023-08-01`) when the document gives several.
    pub version: Option<&'static str>,
    /// A variant of the same event: the payment method of a PG payment sample (`card`,
    /// `netbanking`, …), or `form` for a payment-link webhook sent as form data.
    pub variant: Option<&'static str>,
    /// How the body is encoded.
    pub format: BodyFormat,
    /// The document the payload comes from.
    pub source: &'static str,
    /// The file under `src/webhooks/samples/` holding the
    /// document's payload.
    pub file: &'static str,
    base: &'static str,
    substitutions: &'static [(&'static str, &'static str)],
}

/// The body and headers of one delivery.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Delivery {
    /// The headers (content type, and the webhook headers).
    pub headers: HeaderMap,
    /// The raw body, exactly as signed.
    pub body: Vec<u8>,
}

impl Sample {
    /// The body, byte for byte as the document shows it (with the substitutions of a derived
    /// sample applied).
    pub fn body(&self) -> Vec<u8> {
        let mut text = self.base.to_string();
        for (from, to) in self.substitutions {
            text = text.replacen(from, to, 1);
        }
        text.into_bytes()
    }

    /// True when the document shows no sample of this event and this one is derived from the
    /// document's sample of the same resource.
    pub fn is_derived(&self) -> bool {
        !self.substitutions.is_empty()
    }

    /// What a derived sample changed in the document's sample: `(from, to)` text pairs.
    pub fn substitutions(&self) -> &'static [(&'static str, &'static str)] {
        self.substitutions
    }

    /// The `content-type` the body is sent with.
    pub fn content_type(&self) -> &'static str {
        match self.format {
            BodyFormat::FormUrlEncoded => "application/x-www-form-urlencoded",
            BodyFormat::Multipart => "multipart/form-data",
            BodyFormat::Json => "application/json",
        }
    }

    /// The secret that signs this event, or `None` for unsigned ones (Payin & Payout).
    pub fn signing_key(&self) -> Option<SigningKey> {
        self.provider.signing_key()
    }

    /// The `x-webhook-version` a delivery carries (see the module docs).
    pub fn webhook_version(&self) -> &'static str {
        self.version.unwrap_or("2025-01-01")
    }

    /// One delivery of this sample. `secret` signs it (the PG client secret, or the partner API
    /// key for Global Collections, see [`Sample::signing_key`]); it is ignored for unsigned
    /// events, and `None` sends a signed event without its signature headers (to test a
    /// receiver's refusal). `timestamp` is `x-webhook-timestamp` (milliseconds since the epoch,
    /// signed as given), `attempt` is `x-webhook-attempt`, and `idempotency_key` is
    /// `x-idempotency-key`: the same for every attempt of one event (see [`idempotency_key`]).
    pub fn delivery(
        &self,
        secret: Option<&Secret>,
        timestamp: &str,
        attempt: u32,
        idempotency_key: &str,
    ) -> Delivery {
        let mut body = self.body();
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type()),
        );
        let mut put = |name: &'static str, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(name, v);
            }
        };
        if self.provider.signs_in_body() {
            // Payouts v1 signs in a `signature` form field, and sends no webhook headers but
            // the attempt (MK-W4).
            if let Some(secret) = secret {
                let fields = sample_fields(&body);
                let fields: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                body = signed_form_body(secret, &fields);
            }
        } else if let (Some(_), Some(secret)) = (self.signing_key(), secret) {
            put(super::headers::SIGNATURE, &sign(secret, timestamp, &body));
            put(super::headers::TIMESTAMP, timestamp);
            put(super::headers::VERSION, self.webhook_version());
            put(super::headers::IDEMPOTENCY_KEY, idempotency_key);
        }
        put(super::headers::ATTEMPT, &attempt.to_string());
        Delivery { headers, body }
    }
}

/// The decoded fields of a sample's form body (the samples are ours: well formed, small).
fn sample_fields(body: &[u8]) -> Vec<(String, String)> {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (decode(name), decode(value)))
        .collect()
}

/// A fresh `x-idempotency-key` in Cashfree's shape: base64 of 32 random bytes.
pub fn idempotency_key() -> String {
    use base64::Engine as _;
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Every sample, documented payloads first for each event.
pub fn all() -> &'static [Sample] {
    SAMPLES
}

/// Every event name there is a sample of, once each, in table order: the same set as the
/// providers' [`Provider::known_events`].
pub fn events() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in SAMPLES {
        if !out.contains(&s.event) {
            out.push(s.event);
        }
    }
    out
}

/// The sample of `event` (case-insensitive) in payload `version`, or in its latest version
/// when `version` is `None`: the plain JSON sample, not a payment-method or form variant.
pub fn find(event: &str, version: Option<&str>) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| {
        s.event.eq_ignore_ascii_case(event)
            && s.variant.is_none()
            && version.is_none_or(|v| s.version == Some(v))
    })
}

static SAMPLES: &[Sample] = &[
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_success.2025-01-01.json",
        base: include_str!("samples/pg.payment_success.2025-01-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2023-08-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_success.2023-08-01.json",
        base: include_str!("samples/pg.payment_success.2023-08-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_FAILED_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_failed.2025-01-01.json",
        base: include_str!("samples/pg.payment_failed.2025-01-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_FAILED_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2023-08-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_failed.2023-08-01.json",
        base: include_str!("samples/pg.payment_failed.2023-08-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_USER_DROPPED_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_user_dropped.2025-01-01.json",
        base: include_str!("samples/pg.payment_user_dropped.2025-01-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_USER_DROPPED_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2023-08-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_user_dropped.2023-08-01.json",
        base: include_str!("samples/pg.payment_user_dropped.2023-08-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("app"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.app.json",
        base: include_str!("samples/pg.payment_method.app.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("bank_transfer"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.bank_transfer.json",
        base: include_str!("samples/pg.payment_method.bank_transfer.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("card"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.card.json",
        base: include_str!("samples/pg.payment_method.card.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("cardless_emi"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.cardless_emi.json",
        base: include_str!("samples/pg.payment_method.cardless_emi.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("credit_card_emi"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.credit_card_emi.json",
        base: include_str!("samples/pg.payment_method.credit_card_emi.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("debit_card_emi"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.debit_card_emi.json",
        base: include_str!("samples/pg.payment_method.debit_card_emi.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("netbanking"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.netbanking.json",
        base: include_str!("samples/pg.payment_method.netbanking.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("pay_later"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.pay_later.json",
        base: include_str!("samples/pg.payment_method.pay_later.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("upi"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.upi.json",
        base: include_str!("samples/pg.payment_method.upi.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_SUCCESS_WEBHOOK",
        provider: Provider::CashfreePayments,
        version: Some("2025-01-01"),
        variant: Some("vba_transfer"),
        format: BodyFormat::Json,
        source: "../shared/docs/pages/089_payments_latest_payments_webhooks.txt",
        file: "pg.payment_method.vba_transfer.json",
        base: include_str!("samples/pg.payment_method.vba_transfer.json"),
        substitutions: &[],
    },
    Sample {
        event: "DISPUTE_CREATED",
        provider: Provider::CashfreeDisputes,
        version: Some("2025-01-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/026_payments_latest_disputes_dispute-webhooks.txt",
        file: "dispute.created.2025-01-01.json",
        base: include_str!("samples/dispute.created.2025-01-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "DISPUTE_CREATED",
        provider: Provider::CashfreeDisputes,
        version: Some("2023-08-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/026_payments_latest_disputes_dispute-webhooks.txt",
        file: "dispute.created.2023-08-01.json",
        base: include_str!("samples/dispute.created.2023-08-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "DISPUTE_UPDATED",
        provider: Provider::CashfreeDisputes,
        version: Some("2025-01-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/026_payments_latest_disputes_dispute-webhooks.txt",
        file: "dispute.updated.2025-01-01.json",
        base: include_str!("samples/dispute.updated.2025-01-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "DISPUTE_UPDATED",
        provider: Provider::CashfreeDisputes,
        version: Some("2023-08-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/026_payments_latest_disputes_dispute-webhooks.txt",
        file: "dispute.updated.2023-08-01.json",
        base: include_str!("samples/dispute.updated.2023-08-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "DISPUTE_CLOSED",
        provider: Provider::CashfreeDisputes,
        version: Some("2025-01-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/026_payments_latest_disputes_dispute-webhooks.txt",
        file: "dispute.closed.2025-01-01.json",
        base: include_str!("samples/dispute.closed.2025-01-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "DISPUTE_CLOSED",
        provider: Provider::CashfreeDisputes,
        version: Some("2023-08-01"),
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/026_payments_latest_disputes_dispute-webhooks.txt",
        file: "dispute.closed.2023-08-01.json",
        base: include_str!("samples/dispute.closed.2023-08-01.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_LINK_EVENT",
        provider: Provider::CashfreePaymentLinks,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/083_payments_latest_payment-links_webhooks.txt",
        file: "link.payment_link_event.json",
        base: include_str!("samples/link.payment_link_event.json"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_LINK_EVENT",
        provider: Provider::CashfreePaymentLinks,
        version: None,
        variant: Some("form"),
        format: BodyFormat::FormUrlEncoded,
        source: "../shared/docs/pages/083_payments_latest_payment-links_webhooks.txt",
        file: "link.payment_link_event.form.txt",
        base: include_str!("samples/link.payment_link_event.form.txt"),
        substitutions: &[],
    },
    Sample {
        event: "PAYMENT_VERIFICATION_UPDATE",
        provider: Provider::CashfreeCollectFromIndia,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/052_payments_latest_international-payments_collect-from-india_import-webhooks.txt",
        file: "cfi.payment_verification_update.json",
        base: include_str!("samples/cfi.payment_verification_update.json"),
        substitutions: &[],
    },
    Sample {
        event: "ICA_SETTLEMENT_UPDATE",
        provider: Provider::CashfreeCollectFromIndia,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/052_payments_latest_international-payments_collect-from-india_import-webhooks.txt",
        file: "cfi.ica_settlement_update.json",
        base: include_str!("samples/cfi.ica_settlement_update.json"),
        substitutions: &[],
    },
    Sample {
        event: "INTERNATIONAL_PAYMENT_COLLECTED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.transaction.json",
        base: include_str!("samples/gc.transaction.json"),
        substitutions: &[],
    },
    Sample {
        event: "INTERNATIONAL_PAYMENT_BLOCKED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.transaction.json",
        base: include_str!("samples/gc.transaction.json"),
        substitutions: &[("\"event\": \"INTERNATIONAL_PAYMENT_COLLECTED\"", "\"event\": \"INTERNATIONAL_PAYMENT_BLOCKED\""), ("\"status\": \"COMPLETED\"", "\"status\": \"BLOCKED\"")],
    },
    Sample {
        event: "INTERNATIONAL_PAYMENT_AWAITING_DETAILS",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.transaction.json",
        base: include_str!("samples/gc.transaction.json"),
        substitutions: &[("\"event\": \"INTERNATIONAL_PAYMENT_COLLECTED\"", "\"event\": \"INTERNATIONAL_PAYMENT_AWAITING_DETAILS\"")],
    },
    Sample {
        event: "INTERNATIONAL_PAYMENT_REVERSAL_INITIATED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.reversal.json",
        base: include_str!("samples/gc.reversal.json"),
        substitutions: &[],
    },
    Sample {
        event: "INTERNATIONAL_PAYMENT_REVERSAL_DONE",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.reversal.json",
        base: include_str!("samples/gc.reversal.json"),
        substitutions: &[("\"event\": \"INTERNATIONAL_PAYMENT_REVERSAL_INITIATED\"", "\"event\": \"INTERNATIONAL_PAYMENT_REVERSAL_DONE\""), ("\"status\": \"INITIATED\"", "\"status\": \"DONE\""), ("\"status\": \"REVERSAL_INITIATED\"", "\"status\": \"REVERSAL_DONE\"")],
    },
    Sample {
        event: "INR_SETTLEMENT_INITIATED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.settlement.json",
        base: include_str!("samples/gc.settlement.json"),
        substitutions: &[],
    },
    Sample {
        event: "INR_SETTLEMENT_APPROVED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.settlement.json",
        base: include_str!("samples/gc.settlement.json"),
        substitutions: &[("\"event\": \"INR_SETTLEMENT_INITIATED\"", "\"event\": \"INR_SETTLEMENT_APPROVED\""), ("\"status\": \"INITIATED\"", "\"status\": \"SETTLED\"")],
    },
    Sample {
        event: "INR_SETTLEMENT_REJECTED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.settlement.json",
        base: include_str!("samples/gc.settlement.json"),
        substitutions: &[("\"event\": \"INR_SETTLEMENT_INITIATED\"", "\"event\": \"INR_SETTLEMENT_REJECTED\""), ("\"status\": \"INITIATED\"", "\"status\": \"REJECTED\"")],
    },
    Sample {
        event: "FIRA_FILE_RECEIVED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.settlement.json",
        base: include_str!("samples/gc.settlement.json"),
        substitutions: &[("\"event\": \"INR_SETTLEMENT_INITIATED\"", "\"event\": \"FIRA_FILE_RECEIVED\""), ("\"status\": \"INITIATED\"", "\"status\": \"SETTLED\"")],
    },
    Sample {
        event: "VIRTUAL_ACCOUNT_DETAILS",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.virtual_account.json",
        base: include_str!("samples/gc.virtual_account.json"),
        substitutions: &[],
    },
    Sample {
        event: "VIRTUAL_ACCOUNTS_ACTIVATED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.virtual_account.json",
        base: include_str!("samples/gc.virtual_account.json"),
        substitutions: &[("\"event\": \"VIRTUAL_ACCOUNT_DETAILS\"", "\"event\": \"VIRTUAL_ACCOUNTS_ACTIVATED\"")],
    },
    Sample {
        event: "VIRTUAL_ACCOUNTS_CREATED",
        provider: Provider::CashfreeGlobalCollections,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/pages/068_payments_latest_international-payments_global-collections_partner_webhooks.txt",
        file: "gc.virtual_account.json",
        base: include_str!("samples/gc.virtual_account.json"),
        substitutions: &[("\"event\": \"VIRTUAL_ACCOUNT_DETAILS\"", "\"event\": \"VIRTUAL_ACCOUNTS_CREATED\"")],
    },
    Sample {
        event: "payin.initiated",
        provider: Provider::PayinPayout,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/004_75f2303e42a745a5.txt",
        file: "pp.payin_initiated.json",
        base: include_str!("samples/pp.payin_initiated.json"),
        substitutions: &[],
    },
    Sample {
        event: "payin.succeeded",
        provider: Provider::PayinPayout,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/004_75f2303e42a745a5.txt",
        file: "pp.payin_succeeded.json",
        base: include_str!("samples/pp.payin_succeeded.json"),
        substitutions: &[],
    },
    Sample {
        event: "payin.failed",
        provider: Provider::PayinPayout,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/004_75f2303e42a745a5.txt",
        file: "pp.payin_succeeded.json",
        base: include_str!("samples/pp.payin_succeeded.json"),
        substitutions: &[("\"event\": \"payin.succeeded\"", "\"event\": \"payin.failed\""), ("\"status\": \"Approved\"", "\"status\": \"Rejected\"")],
    },
    Sample {
        event: "payout.succeeded",
        provider: Provider::PayinPayout,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/004_75f2303e42a745a5.txt",
        file: "pp.payout_succeeded.json",
        base: include_str!("samples/pp.payout_succeeded.json"),
        substitutions: &[],
    },
    Sample {
        event: "payout.failed",
        provider: Provider::PayinPayout,
        version: None,
        variant: None,
        format: BodyFormat::Json,
        source: "../shared/docs/004_75f2303e42a745a5.txt",
        file: "pp.payout_succeeded.json",
        base: include_str!("samples/pp.payout_succeeded.json"),
        substitutions: &[("\"event\": \"payout.succeeded\"", "\"event\": \"payout.failed\""), ("\"status\": \"Approved\"", "\"status\": \"Rejected\""), ("\"message\": \"Payout has been approved.\"", "\"message\": \"Payout has been rejected.\"")],
    },
    Sample {
        event: "CASHGRAM_REDEEMED",
        provider: Provider::CashfreePayoutsV1,
        version: None,
        variant: None,
        format: BodyFormat::FormUrlEncoded,
        source: CASHGRAM_SOURCE,
        file: "cashgram.redeemed.form.txt",
        base: include_str!("samples/cashgram.redeemed.form.txt"),
        substitutions: &[],
    },
    Sample {
        event: "CASHGRAM_TRANSFER_REVERSAL",
        provider: Provider::CashfreePayoutsV1,
        version: None,
        variant: None,
        format: BodyFormat::FormUrlEncoded,
        source: CASHGRAM_SOURCE,
        file: "cashgram.transfer_reversal.form.txt",
        base: include_str!("samples/cashgram.transfer_reversal.form.txt"),
        substitutions: &[],
    },
    Sample {
        event: "CASHGRAM_EXPIRED",
        provider: Provider::CashfreePayoutsV1,
        version: None,
        variant: None,
        format: BodyFormat::FormUrlEncoded,
        source: CASHGRAM_SOURCE,
        file: "cashgram.expired.form.txt",
        base: include_str!("samples/cashgram.expired.form.txt"),
        substitutions: &[],
    },
];

/// Where the Cashgram samples' fields come from: no document shows a Cashgram webhook, and the
/// reference lists each event's fields without a sample body (`specs/DISCREPANCIES.md` MK-W4,
/// WH-19), so these bodies are made of exactly those fields with example values.
const CASHGRAM_SOURCE: &str =
    "https://www.cashfree.com/docs/api-reference/payouts/v1/webhooks (fields only; no sample body)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_substitution_applies_exactly_once() {
        for s in all() {
            for (from, _) in s.substitutions() {
                assert_eq!(s.base.matches(from).count(), 1, "{} {from}", s.event);
            }
        }
    }

    #[test]
    fn every_sample_parses_as_its_event() {
        for s in all() {
            let body = s.body();
            let w = crate::webhooks::parse(&body, Some(s.content_type())).unwrap();
            assert_eq!(w.event_name(), s.event, "{}", s.file);
            assert_eq!(w.provider(), s.provider, "{}", s.file);
            assert!(w.is_known(), "{}", s.file);
        }
    }

    #[test]
    fn the_events_are_every_known_event() {
        let mut known: Vec<&str> = [
            Provider::CashfreePayments,
            Provider::CashfreeDisputes,
            Provider::CashfreePaymentLinks,
            Provider::CashfreeCollectFromIndia,
            Provider::CashfreeGlobalCollections,
            Provider::PayinPayout,
            Provider::CashfreePayoutsV1,
        ]
        .iter()
        .flat_map(|p| p.known_events().iter().copied())
        .collect();
        let mut ours = events();
        known.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, known);
    }

    #[test]
    fn a_cashgram_sample_is_signed_in_its_signature_field_and_verifies() {
        let s = find("CASHGRAM_REDEEMED", None).unwrap();
        let d = s.delivery(Some(&Secret::new("payouts-secret")), "1", 1, "i");
        assert!(d.headers.get("x-webhook-signature").is_none());
        assert_eq!(
            d.headers["content-type"],
            "application/x-www-form-urlencoded"
        );
        let text = String::from_utf8(d.body.clone()).unwrap();
        assert!(
            text.starts_with("event=CASHGRAM_REDEEMED&cashgramid=JOHaN10&"),
            "{text}"
        );
        assert!(text.contains("&signature="), "{text}");
        let verified = super::super::Verifier::new("payouts-secret").verify_form(&d.body);
        assert!(verified.is_ok(), "{verified:?}");
        assert!(super::super::Verifier::new("other")
            .verify_form(&d.body)
            .is_err());
        // Without a secret the body goes unsigned, to test a receiver's refusal.
        let unsigned = s.delivery(None, "1", 1, "i");
        assert_eq!(unsigned.body, s.body());
    }

    #[test]
    fn unsigned_events_carry_no_signature() {
        let s = find("payin.failed", None).unwrap();
        let d = s.delivery(Some(&Secret::new("k")), "1", 1, "i");
        assert!(d.headers.get("x-webhook-signature").is_none());
        assert!(String::from_utf8(d.body)
            .unwrap()
            .contains("\"status\": \"Rejected\""));
    }
}
