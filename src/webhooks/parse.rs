//! From a raw body to a [`Webhook`]: decode (JSON or form data), identify, type.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use super::error::WebhookError;
use super::events::{Event, UnknownEvent};
#[cfg(feature = "international")]
use super::events::{
    GcEventKind, GcEventType, GcPaymentWebhook, GcVirtualAccountWebhook, IcaSettlementWebhook,
    PaymentVerificationWebhook,
};
use super::form;
use super::json_reader;
use super::limits::{self, check_size, Limit};
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
///
/// A `Webhook<'a>` borrows the body it was parsed from: the body is not copied, and the
/// event's text fields ([`Cow<'a, str>`](Cow)) point into it wherever the JSON string has no
/// escapes, so parsing a documented body allocates only for the event itself.
/// [`Webhook::into_owned`] gives a `Webhook<'static>` that owns everything, to keep it past
/// the body (the axum extractor hands out one). For a JSON delivery, [`Webhook::raw_body`]
/// and [`Webhook::json_text`] are the same bytes.
///
/// ```
/// use paygen::webhooks::{parse, Event, Webhook};
/// let body = br#"{"data":{"order":{"order_id":"o1"}},"type":"PAYMENT_FAILED_WEBHOOK"}"#;
/// let w: Webhook<'_> = parse(body, None).unwrap();
/// let Event::Payment(p) = w.event() else { panic!() };
/// let order_id = p.data.order.as_ref().unwrap().order_id.as_deref();
/// assert_eq!(order_id, Some("o1"));
/// assert_eq!(w.raw_body().as_ptr(), body.as_ptr()); // the caller's bytes, not a copy
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook<'a> {
    provider: Provider,
    /// The event name: a `'static` one from the known list on the one-pass path (no
    /// allocation), the text as sent otherwise.
    event_name: Cow<'a, str>,
    event: Event<'a>,
    format: BodyFormat,
    /// The JSON built from the fields of a form delivery; `None` for JSON deliveries, whose
    /// JSON is the raw body.
    form_json: Option<String>,
    raw_body: Cow<'a, [u8]>,
}

impl<'a> Webhook<'a> {
    /// Who sent it (from the payload's shape).
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The `type` or `event` string as sent (empty when the body has neither).
    pub fn event_name(&self) -> &str {
        &self.event_name
    }

    /// The typed event.
    pub fn event(&self) -> &Event<'a> {
        &self.event
    }

    /// The typed event, still borrowing the body (see [`Event::into_owned`]).
    pub fn into_event(self) -> Event<'a> {
        self.event
    }

    /// The same webhook owning its body and every text field: to keep it once the body it
    /// was parsed from is gone.
    ///
    /// ```
    /// use paygen::webhooks::{parse, Webhook};
    /// fn receive(body: Vec<u8>) -> Webhook<'static> {
    ///     parse(&body, None).unwrap().into_owned()
    /// }
    /// let w = receive(br#"{"data":{},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#.to_vec());
    /// assert_eq!(w.event_name(), "PAYMENT_SUCCESS_WEBHOOK");
    /// ```
    pub fn into_owned(self) -> Webhook<'static> {
        Webhook {
            provider: self.provider,
            event_name: Cow::Owned(self.event_name.into_owned()),
            event: self.event.into_owned(),
            format: self.format,
            form_json: self.form_json,
            raw_body: Cow::Owned(self.raw_body.into_owned()),
        }
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
        match &self.form_json {
            Some(json) => json,
            // A JSON body parsed, so it is UTF-8 (JSON admits nothing else).
            None => std::str::from_utf8(&self.raw_body).unwrap_or_default(),
        }
    }

    /// The body as a JSON value (numbers go through `f64`; use [`Webhook::json_text`] for the
    /// exact text).
    pub fn json(&self) -> Value {
        serde_json::from_str(self.json_text()).unwrap_or(Value::Null)
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
/// [`WebhookError::LimitExceeded`] for a body past one of the [limits](super::limits) (1 MiB,
/// 127 levels of JSON, 1,000 form fields, 32 levels in a form name),
/// [`WebhookError::BodyNotJson`], [`WebhookError::NotAnObject`], and
/// [`WebhookError::UnexpectedShape`] when a known event's fields do not fit its type.
///
/// A documented Cashfree body (its `type` at the end) is read in one pass straight into its
/// event type, borrowing from `body`: nothing is copied but escaped strings and the boxed
/// event. The [`Webhook`] borrows `body`; [`Webhook::into_owned`] detaches it.
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
pub fn parse<'a>(body: &'a [u8], content_type: Option<&str>) -> Result<Webhook<'a>, WebhookError> {
    check_size(body)?;
    let media = Media::of(content_type);
    if media == Media::Json || media == Media::Other {
        if let Some(webhook) = fast_path(body) {
            return Ok(webhook);
        }
    }
    let decoded = decode(body, content_type, media)?;
    let id = identify_json(decoded.json())?;
    let event = match &decoded.form_json {
        // The JSON built from a form lives in the webhook itself, so its event owns its text.
        Some(text) => typed(id.provider, &id.event, id.known, Json::Text(text))?.into_owned(),
        None => typed(id.provider, &id.event, id.known, Json::Body(body))?,
    };
    Ok(Webhook {
        provider: id.provider,
        event_name: Cow::Owned(id.event),
        event,
        format: decoded.format,
        form_json: decoded.form_json,
        raw_body: Cow::Borrowed(body),
    })
}

/// The provider and event of a body without typing it: works for any JSON object (and form
/// bodies), never fails on an unknown or malformed event.
pub fn identify_body(body: &[u8], content_type: Option<&str>) -> Result<Identity, WebhookError> {
    check_size(body)?;
    let decoded = decode(body, content_type, Media::of(content_type))?;
    identify_json(decoded.json())
}

/// Where a body's `type` can be looked for cheaply: Cashfree's documented webhooks end with
/// it (`…,"type":"PAYMENT_SUCCESS_WEBHOOK"}`).
const TYPE_HINT_WINDOW: usize = 256;

/// The one-pass path: when the body's last `"type":"…"` (within [`TYPE_HINT_WINDOW`] bytes of
/// its end) names an event a `type`-keyed provider documents, the body is deserialised once,
/// straight into that event's type by the [`json_reader`] (which reads what serde_json reads,
/// faster; the payment, dispute and payment-link events by its [`json_reader::pull`]
/// reader), and kept only if the event's own `type` field (the top-level one) is that name.
/// Anything else — no hint, another shape, a nested `type`, a duplicate key — returns `None`
/// and takes the general path, which gives the same answer the slow way. The rule of
/// [`identify`] for a known `type` is only that `type`, so the identity is the same on both
/// paths.
fn fast_path(body: &[u8]) -> Option<Webhook<'_>> {
    let hint = trailing_type(body)?;
    let (provider, name) = [
        Provider::CashfreePayments,
        Provider::CashfreeDisputes,
        Provider::CashfreePaymentLinks,
        Provider::CashfreeCollectFromIndia,
    ]
    .into_iter()
    .find_map(|p| {
        let name: &'static str = p.known_events().iter().find(|known| **known == hint)?;
        Some((p, name))
    })?;
    // JSON is UTF-8 (RFC 8259), and serde skips ignored strings without checking them: a body
    // that is not UTF-8 takes the general path, which refuses it as not JSON. Checked once
    // here, the body is then read as text, so no string in it is checked a second time.
    let text = std::str::from_utf8(body).ok()?;
    let event = typed(provider, name, true, Json::Verified(text)).ok()?;
    if declared_type(&event) != Some(name) {
        return None;
    }
    Some(Webhook {
        provider,
        event_name: Cow::Borrowed(name),
        event,
        format: BodyFormat::Json,
        form_json: None,
        raw_body: Cow::Borrowed(body),
    })
}

/// The string value of the last `"type"` key near the end of the body, if it is plain text.
fn trailing_type(body: &[u8]) -> Option<&str> {
    const KEY: &[u8] = b"\"type\"";
    let from = body.len().saturating_sub(TYPE_HINT_WINDOW);
    let tail = &body[from..];
    let at = tail.windows(KEY.len()).rposition(|w| w == KEY)?;
    let rest = trim_ws(&tail[at + KEY.len()..]);
    let rest = trim_ws(rest.strip_prefix(b":")?);
    let rest = rest.strip_prefix(b"\"")?;
    let end = rest.iter().position(|b| *b == b'"' || *b == b'\\')?;
    if rest[end] != b'"' {
        return None;
    }
    std::str::from_utf8(&rest[..end]).ok()
}

fn trim_ws(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// The top-level `type` a typed event was read with.
fn declared_type<'e>(event: &'e Event<'_>) -> Option<&'e str> {
    match event {
        #[cfg(feature = "pg")]
        Event::Payment(e) => Some(e.event_type.as_str()),
        #[cfg(feature = "pg")]
        Event::Dispute(e) => Some(e.event_type.as_str()),
        #[cfg(feature = "pg")]
        Event::PaymentLink(e) => Some(e.event_type.as_str()),
        #[cfg(feature = "international")]
        Event::PaymentVerification(e) => Some(e.event_type.as_str()),
        #[cfg(feature = "international")]
        Event::IcaSettlement(e) => Some(e.event_type.as_str()),
        _ => None,
    }
}

/// JSON to read: bytes not yet checked for UTF-8 (read as a slice), text (the JSON built from
/// a form) read as `str`, or a body checked for UTF-8 by the one-pass path, read by the
/// [`json_reader`] (any error there sends the body to the general path, which reads it again
/// with serde_json).
#[derive(Clone, Copy)]
enum Json<'a> {
    Body(&'a [u8]),
    Text(&'a str),
    Verified(&'a str),
}

impl<'a> Json<'a> {
    fn bytes(self) -> &'a [u8] {
        match self {
            Json::Body(b) => b,
            Json::Text(s) | Json::Verified(s) => s.as_bytes(),
        }
    }

    /// A serde_json failure as a [`WebhookError`]: past the depth limit, or `other`.
    fn error(
        self,
        e: serde_json::Error,
        other: impl FnOnce(String) -> WebhookError,
    ) -> WebhookError {
        if limits::json_too_deep(self.bytes()) {
            Limit::JsonDepth.exceeded()
        } else {
            other(e.to_string())
        }
    }

    /// The JSON as text, borrowed (a JSON body that is not UTF-8 is never typed; its lossy
    /// text is a copy).
    fn text(self) -> Cow<'a, str> {
        match self {
            Json::Body(b) => String::from_utf8_lossy(b),
            Json::Text(s) | Json::Verified(s) => Cow::Borrowed(s),
        }
    }
}

/// A decoded body: how it was encoded, and the JSON built from its fields when it was a form.
struct Decoded<'a> {
    format: BodyFormat,
    body: &'a [u8],
    form_json: Option<String>,
}

impl Decoded<'_> {
    fn json(&self) -> Json<'_> {
        match &self.form_json {
            Some(text) => Json::Text(text),
            None => Json::Body(self.body),
        }
    }
}

/// The media type of a `content-type`, compared without allocating.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    None,
    Json,
    FormUrlEncoded,
    Multipart,
    Other,
}

impl Media {
    fn of(content_type: Option<&str>) -> Media {
        let Some(ct) = content_type else {
            return Media::None;
        };
        let media = ct.split(';').next().unwrap_or("").trim();
        let is = |name: &str| media.eq_ignore_ascii_case(name);
        if is("application/x-www-form-urlencoded") {
            Media::FormUrlEncoded
        } else if is("multipart/form-data") {
            Media::Multipart
        } else if is("application/json")
            || media
                .get(media.len().saturating_sub(5)..)
                .is_some_and(|end| end.eq_ignore_ascii_case("+json"))
        {
            Media::Json
        } else {
            Media::Other
        }
    }
}

fn identify_json(json: Json<'_>) -> Result<Identity, WebhookError> {
    match serde_json::from_slice::<Value>(json.bytes()) {
        Ok(Value::Object(map)) => Ok(identify(&map)),
        Ok(_) => Err(WebhookError::NotAnObject),
        Err(e) => Err(json.error(e, WebhookError::BodyNotJson)),
    }
}

/// Decodes the body: a form becomes JSON text; a JSON body stays the bytes it is.
fn decode<'a>(
    body: &'a [u8],
    content_type: Option<&str>,
    media: Media,
) -> Result<Decoded<'a>, WebhookError> {
    let form = |format, pairs| -> Result<Decoded<'a>, WebhookError> {
        let value = form::pairs_to_json(pairs)?;
        Ok(Decoded {
            format,
            body,
            form_json: Some(value.to_string()),
        })
    };
    match media {
        Media::FormUrlEncoded => {
            return form(BodyFormat::FormUrlEncoded, form::urlencoded_pairs(body)?);
        }
        Media::Multipart => {
            let ct = content_type.unwrap_or_default();
            return form(BodyFormat::Multipart, form::multipart_pairs(body, ct)?);
        }
        _ => {}
    }
    let json_error = match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Ok(_) => {
            return Ok(Decoded {
                format: BodyFormat::Json,
                body,
                form_json: None,
            })
        }
        Err(e) => e,
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(WebhookError::BodyNotJson(format!(
            "not UTF-8 text: {json_error}"
        )));
    };
    // Not JSON: unless the sender said it is JSON, a form that names its event is still a
    // webhook (payment links).
    let first = text.trim_start().chars().next();
    if media != Media::Json
        && text.contains('=')
        && !matches!(first, Some('{') | Some('[') | Some('"'))
    {
        if let Ok(pairs) = form::urlencoded_pairs(body) {
            if let Ok(Value::Object(map)) = form::pairs_to_json(pairs) {
                if map.contains_key("type") || map.contains_key("event") {
                    return Ok(Decoded {
                        format: BodyFormat::FormUrlEncoded,
                        body,
                        form_json: Some(Value::Object(map).to_string()),
                    });
                }
            }
        }
    }
    Err(Json::Body(body).error(json_error, WebhookError::BodyNotJson))
}

/// The typed event `name` of `provider` (`known` says whether this version types it).
fn typed<'a>(
    provider: Provider,
    name: &str,
    known: bool,
    json: Json<'a>,
) -> Result<Event<'a>, WebhookError> {
    let unknown = || {
        Event::Unknown(UnknownEvent {
            provider,
            name: Cow::Owned(name.to_string()),
            json: json.text(),
        })
    };
    if !known {
        return Ok(unknown());
    }
    let event = match provider {
        #[cfg(feature = "pg")]
        Provider::CashfreePayments => Event::Payment(read_pulled(name, json)?),
        #[cfg(feature = "pg")]
        Provider::CashfreeDisputes => Event::Dispute(read_pulled(name, json)?),
        #[cfg(feature = "pg")]
        Provider::CashfreePaymentLinks => Event::PaymentLink(read_pulled(name, json)?),
        #[cfg(feature = "international")]
        Provider::CashfreeCollectFromIndia if name == "PAYMENT_VERIFICATION_UPDATE" => {
            Event::PaymentVerification(read::<PaymentVerificationWebhook>(name, json)?)
        }
        #[cfg(feature = "international")]
        Provider::CashfreeCollectFromIndia => {
            Event::IcaSettlement(read::<IcaSettlementWebhook>(name, json)?)
        }
        #[cfg(feature = "international")]
        Provider::CashfreeGlobalCollections => {
            if GcEventType::from(name).kind() == Some(GcEventKind::VirtualAccount) {
                Event::GcVirtualAccounts(read::<GcVirtualAccountWebhook>(name, json)?)
            } else {
                Event::GcPayment(read::<GcPaymentWebhook>(name, json)?)
            }
        }
        #[cfg(feature = "payin-payout")]
        Provider::PayinPayout if name.starts_with("payin.") => Event::Payin(read(name, json)?),
        #[cfg(feature = "payin-payout")]
        Provider::PayinPayout => Event::Payout(read(name, json)?),
        #[cfg(feature = "payouts")]
        Provider::CashfreePayoutsV1 => Event::Cashgram(read(name, json)?),
        // A family whose feature is off, or no known family: kept as JSON.
        _ => unknown(),
    };
    Ok(event)
}

/// A payment, dispute or payment-link event: on the one-pass path through the
/// [`json_reader::pull`] reader, and where that declines (anything but the plain documented
/// shape), through the derived types.
#[cfg(feature = "pg")]
fn read_pulled<'a, T>(event: &str, json: Json<'a>) -> Result<Box<T>, WebhookError>
where
    T: Deserialize<'a> + json_reader::pull::Pull<'a>,
{
    if let Json::Verified(text) = json {
        if let Ok(webhook) = json_reader::pull::from_str::<Box<T>>(text) {
            return Ok(webhook);
        }
    }
    read(event, json)
}

#[cfg_attr(
    not(any(
        feature = "pg",
        feature = "international",
        feature = "payin-payout",
        feature = "payouts"
    )),
    allow(dead_code)
)]
fn read<'a, T: Deserialize<'a>>(event: &str, json: Json<'a>) -> Result<Box<T>, WebhookError> {
    let shape = |reason| WebhookError::UnexpectedShape {
        event: event.to_string(),
        reason,
    };
    // Text is read as `str` (its strings are not checked for UTF-8 again); bytes as a slice.
    let read = match json {
        Json::Body(bytes) => serde_json::from_slice(bytes),
        Json::Text(text) => serde_json::from_str(text),
        Json::Verified(text) => {
            return json_reader::from_str(text)
                .map(Box::new)
                .map_err(|e| shape(e.to_string()));
        }
    };
    read.map(Box::new).map_err(|e| json.error(e, shape))
}

#[cfg(test)]
mod tests {
    use super::{trailing_type, TYPE_HINT_WINDOW};

    #[test]
    fn the_type_hint_is_the_last_type_key_near_the_end() {
        fn t(body: &str) -> Option<&str> {
            trailing_type(body.as_bytes())
        }
        assert_eq!(
            t(r#"{"data":{},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#),
            Some("PAYMENT_SUCCESS_WEBHOOK")
        );
        // The last one wins, whatever quotes come before it.
        assert_eq!(t(r#"{"type":"A","x":"\"type\"","type" : "B"}"#), Some("B"));
        assert_eq!(t(r#"{"a":"type","type":"C"}"#), Some("C"));
        // A value with an escape, a non-string value, or none: no hint.
        assert_eq!(t(r#"{"type":"A\u0042"}"#), None);
        assert_eq!(t(r#"{"type":7}"#), None);
        assert_eq!(t(r#"{"types":"A"}"#), None);
        assert_eq!(t(r#"{"data":{}}"#), None);
        // Only a key wholly inside the window counts. The body is `{"type":"A"`, `pad`
        // spaces and `}`: 12 + pad bytes, its key from byte 1, so the window (the last
        // TYPE_HINT_WINDOW bytes) holds the whole key for pad ≤ TYPE_HINT_WINDOW − 11.
        let body = |pad: usize| format!(r#"{{"type":"A"{}}}"#, " ".repeat(pad));
        assert_eq!(t(&body(TYPE_HINT_WINDOW - 11)), Some("A"));
        assert_eq!(t(&body(TYPE_HINT_WINDOW - 10)), None);
        assert_eq!(t(&body(TYPE_HINT_WINDOW)), None);
    }
}
