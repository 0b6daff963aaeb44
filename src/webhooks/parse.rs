//! From a raw body to a [`Webhook`]: decode (JSON or form data), identify, type.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::WebhookError;
use super::events::{
    Event, GcEventKind, GcEventType, GcPaymentWebhook, GcVirtualAccountWebhook,
    IcaSettlementWebhook, PaymentVerificationWebhook, UnknownEvent,
};
use super::form;
use super::provider::{identify, Identity, Provider};

/// How the body was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyFormat {
    /// A JSON body (every documented webhook).
    Json,
    /// `application/x-www-form-urlencoded` (payment links, per their document).
    FormUrlEncoded,
    /// `multipart/form-data`.
    Multipart,
}

/// A parsed webhook: its provider, event name, typed event, and the body exactly as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    provider: Provider,
    event_name: String,
    event: Event,
    format: BodyFormat,
    json: String,
    raw_body: Vec<u8>,
}

impl Webhook {
    /// Who sent it (from the payload's shape).
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The `type` or `event` string as sent (empty when the body has neither).
    pub fn event_name(&self) -> &str {
        &self.event_name
    }

    /// The typed event.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// The typed event, owned.
    pub fn into_event(self) -> Event {
        self.event
    }

    /// True when the event is one this version types.
    pub fn is_known(&self) -> bool {
        self.event.is_known()
    }

    /// How the body was encoded.
    pub fn format(&self) -> BodyFormat {
        self.format
    }

    /// The body exactly as received (what the signature covers).
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The body as JSON text: the body itself for JSON deliveries, the JSON built from the
    /// fields for form deliveries.
    pub fn json_text(&self) -> &str {
        &self.json
    }

    /// The body as a JSON value (numbers go through `f64`; use [`Webhook::json_text`] for the
    /// exact text).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.json).unwrap_or(Value::Null)
    }
}

/// Parses a webhook body. It does not verify anything: call [`super::Verifier`] first, or use
/// [`super::Verifier::verify_and_parse`], which does both.
///
/// `content_type` picks the decoding: form data for `application/x-www-form-urlencoded` and
/// `multipart/form-data`, JSON otherwise. A body that is not JSON but reads as a form naming a
/// `type` or `event` is read as a form too (payment links), unless `content_type` says JSON.
///
/// An event this version does not know is [`Event::Unknown`], not an error. Errors:
/// [`WebhookError::BodyNotJson`], [`WebhookError::NotAnObject`], and
/// [`WebhookError::UnexpectedShape`] when a known event's fields do not fit its type.
///
/// ```
/// use paygen::webhooks::{parse, Event, Provider};
/// let body = br#"{"data":{"payment":{"payment_amount":170.00}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#;
/// let w = parse(body, Some("application/json")).unwrap();
/// assert_eq!(w.provider(), Provider::CashfreePayments);
/// let Event::Payment(p) = w.event() else { panic!() };
/// let amount = p.data.payment.as_ref().unwrap().payment_amount.unwrap();
/// assert_eq!(amount.to_string(), "170.00");
/// ```
pub fn parse(body: &[u8], content_type: Option<&str>) -> Result<Webhook, WebhookError> {
    let (format, json) = decode(body, content_type)?;
    let id = identify_json(&json)?;
    let event = typed(&id, &json)?;
    Ok(Webhook {
        provider: id.provider,
        event_name: id.event,
        event,
        format,
        json,
        raw_body: body.to_vec(),
    })
}

/// The provider and event of a body without typing it: works for any JSON object (and form
/// bodies), never fails on an unknown or malformed event.
pub fn identify_body(body: &[u8], content_type: Option<&str>) -> Result<Identity, WebhookError> {
    let (_, json) = decode(body, content_type)?;
    identify_json(&json)
}

fn identify_json(json: &str) -> Result<Identity, WebhookError> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => Ok(identify(&map)),
        Ok(_) => Err(WebhookError::NotAnObject),
        Err(e) => Err(WebhookError::BodyNotJson(e.to_string())),
    }
}

/// The body as JSON text, and how it was encoded.
fn decode(body: &[u8], content_type: Option<&str>) -> Result<(BodyFormat, String), WebhookError> {
    let media = content_type.map(|c| {
        c.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let from_pairs = |format, pairs| -> Result<(BodyFormat, String), WebhookError> {
        let value = form::pairs_to_json(pairs)?;
        Ok((format, value.to_string()))
    };
    match media.as_deref() {
        Some("application/x-www-form-urlencoded") => {
            return from_pairs(BodyFormat::FormUrlEncoded, form::urlencoded_pairs(body)?);
        }
        Some("multipart/form-data") => {
            let ct = content_type.unwrap_or_default();
            return from_pairs(BodyFormat::Multipart, form::multipart_pairs(body, ct)?);
        }
        _ => {}
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| WebhookError::BodyNotJson(format!("not UTF-8 text: {e}")))?;
    let json_error = match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => return Ok((BodyFormat::Json, text.to_string())),
        Err(e) => e,
    };
    // Not JSON: unless the sender said it is JSON, a form that names its event is still a
    // webhook (payment links).
    let says_json = media
        .as_deref()
        .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    let first = text.trim_start().chars().next();
    if !says_json && text.contains('=') && !matches!(first, Some('{') | Some('[') | Some('"')) {
        if let Ok(pairs) = form::urlencoded_pairs(body) {
            if let Ok(Value::Object(map)) = form::pairs_to_json(pairs) {
                if map.contains_key("type") || map.contains_key("event") {
                    return Ok((BodyFormat::FormUrlEncoded, Value::Object(map).to_string()));
                }
            }
        }
    }
    Err(WebhookError::BodyNotJson(json_error.to_string()))
}

fn typed(id: &Identity, json: &str) -> Result<Event, WebhookError> {
    if !id.known {
        return Ok(Event::Unknown(UnknownEvent {
            provider: id.provider,
            name: id.event.clone(),
            json: json.to_string(),
        }));
    }
    let event = match id.provider {
        Provider::CashfreePayments => Event::Payment(read(id, json)?),
        Provider::CashfreeDisputes => Event::Dispute(read(id, json)?),
        Provider::CashfreePaymentLinks => Event::PaymentLink(read(id, json)?),
        Provider::CashfreeCollectFromIndia if id.event == "PAYMENT_VERIFICATION_UPDATE" => {
            Event::PaymentVerification(read::<PaymentVerificationWebhook>(id, json)?)
        }
        Provider::CashfreeCollectFromIndia => {
            Event::IcaSettlement(read::<IcaSettlementWebhook>(id, json)?)
        }
        Provider::CashfreeGlobalCollections => {
            if GcEventType::from(id.event.as_str()).kind() == Some(GcEventKind::VirtualAccount) {
                Event::GcVirtualAccounts(read::<GcVirtualAccountWebhook>(id, json)?)
            } else {
                Event::GcPayment(read::<GcPaymentWebhook>(id, json)?)
            }
        }
        Provider::PayinPayout if id.event.starts_with("payin.") => Event::Payin(read(id, json)?),
        Provider::PayinPayout => Event::Payout(read(id, json)?),
        Provider::Cashfree | Provider::Unknown => {
            return Ok(Event::Unknown(UnknownEvent {
                provider: id.provider,
                name: id.event.clone(),
                json: json.to_string(),
            }))
        }
    };
    Ok(event)
}

fn read<T: DeserializeOwned>(id: &Identity, json: &str) -> Result<Box<T>, WebhookError> {
    serde_json::from_str(json)
        .map(Box::new)
        .map_err(|e| WebhookError::UnexpectedShape {
            event: id.event.clone(),
            reason: e.to_string(),
        })
}
