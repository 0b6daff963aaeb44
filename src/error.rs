//! paygen's one error type, [`Error`], and what it carries.
//!
//! Every call's `send()` returns `Result<paygen::Response<T>, paygen::Error>`. An error always
//! says which operation failed, under which request id, after how many attempts, whether the
//! operation moves money, and what to do next.

use std::fmt;

use bytes::Bytes;
use http::HeaderMap;

/// How many characters of a body an error's `Display` shows (`Debug` and the fields keep all).
const BODY_SNIPPET: usize = 200;

/// A body as lossy text, at most [`BODY_SNIPPET`] characters, marked when cut.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(BODY_SNIPPET).collect();
    if text.chars().nth(BODY_SNIPPET).is_some() {
        out.push('…');
    }
    out
}

/// Everything that can go wrong with a call. `Clone`, so one failure (a refused token fetch)
/// can be handed to every call that waited for it.
///
/// ```no_run
/// # async fn run(client: paygen::pg::Client) {
/// match client.get_order().order_id("order_42").send().await {
///     Ok(order) => println!("{:?}", order.order_status),
///     Err(e) if e.is_ambiguous() => {
///         // A call that moves money may or may not have happened: look it up first.
///         eprintln!("{} may have happened: {e}", e.operation());
///     }
///     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
///     Err(paygen::Error::Api(api)) if api.status == 404 => eprintln!("no such order"),
///     Err(e) => eprintln!("{e} (request id {:?}, attempts {})", e.request_id(), e.attempts()),
/// }
/// # }
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request broke a rule of the spec and was not sent.
    #[error("{0}")]
    Validation(ValidationError),
    /// The request did not get an answer (connection, timeout, TLS).
    #[error("{0}")]
    Transport(TransportError),
    /// A call that moves money got no clear answer, and looking its outcome up failed too: it
    /// may or may not have happened. Look it up by `reference` before trying again.
    #[error("{0}")]
    OutcomeUnknown(Box<OutcomeUnknown>),
    /// The client is configured in a way that cannot work (missing base URL or credentials,
    /// a sandbox-only operation against production, a bad key).
    #[error("{0}")]
    Config(ConfigError),
    /// The API answered with success, but not in the documented shape. The body is kept.
    #[error("{0}")]
    Decode(Box<DecodeError>),
}

/// A result with paygen's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The request id (`x-request-id`) of the call, when it had one. Quote it to Cashfree's
    /// support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Validation(e) => e.request_id.as_deref(),
            Error::Transport(e) => e.request_id.as_deref(),
            Error::OutcomeUnknown(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::Config(_) => None,
        }
    }

    /// The HTTP status of the API's answer, when one arrived (also for an answer whose body
    /// broke off or did not decode).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => e.status,
            Error::Transport(e) => e.status,
            _ => None,
        }
    }

    /// The operation (`operationId`) that failed; empty for a configuration error raised
    /// before any operation was chosen.
    pub fn operation(&self) -> &str {
        match self {
            Error::Api(e) => &e.operation,
            Error::Validation(e) => &e.operation,
            Error::Transport(e) => &e.operation,
            Error::OutcomeUnknown(e) => &e.operation,
            Error::Decode(e) => &e.operation,
            Error::Config(_) => "",
        }
    }

    /// How many times the request was sent (0 when it never was).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts,
            Error::Transport(e) => e.attempts,
            Error::Decode(e) => e.attempts,
            Error::Validation(_) | Error::Config(_) | Error::OutcomeUnknown(_) => 0,
        }
    }

    /// True when the operation moves money (`x-moves-money` in its spec).
    pub fn moves_money(&self) -> bool {
        match self {
            Error::Api(e) => e.moves_money,
            Error::Transport(e) => e.moves_money,
            Error::Decode(e) => e.moves_money,
            Error::Validation(e) => e.moves_money,
            Error::OutcomeUnknown(_) => true,
            Error::Config(_) => false,
        }
    }

    /// The API's error code (`code` in PG bodies, `subCode` in Payouts v1), when it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// The API error, when this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// True when trying the same call again later may succeed (rate limits, server errors,
    /// transport failures) without doing its work twice. Never true for
    /// [`Error::OutcomeUnknown`], nor for a call that moves money and got no clear answer
    /// (see [`Error::is_ambiguous`]): look the outcome up first.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.status == 429 || (e.status >= 500 && !e.moves_money),
            Error::Transport(e) => e.connect || !e.moves_money,
            _ => false,
        }
    }

    /// True when a call that moves money may or may not have happened: any failure after the
    /// request may have reached the server, on a payment, refund, transfer, payout or
    /// cashgram — an answer that leaves the outcome open (`5xx`, `408`, or the family's own
    /// "unknown error" code), a timeout or a connection broken after sending, a success that
    /// could not be read or decoded — and [`Error::OutcomeUnknown`]. The `*_exactly_once`
    /// helpers use this same definition. Look the outcome up (by your own id) before doing
    /// anything else.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Api(e) => e.moves_money && e.outcome_unclear,
            Error::Transport(e) => e.moves_money && !e.connect,
            Error::Decode(e) => e.moves_money,
            Error::OutcomeUnknown(_) => true,
            Error::Validation(_) | Error::Config(_) => false,
        }
    }
}

/// An error answer from the API, with everything it said.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation (`operationId` in the spec) that failed.
    pub operation: String,
    /// The HTTP status (for envelope APIs that answer 200 with an error, the status sent).
    pub status: u16,
    /// `type` in the body of Cashfree's common error (`invalid_request_error`, …), as sent.
    /// Each family's `ErrorKind::of` reads it (PG's, typed: `paygen::pg::ErrorType::of`).
    pub error_type: Option<String>,
    /// `code` (PG), `subCode` (Payouts v1) or `error` (Payin & Payout), as sent.
    pub code: Option<String>,
    /// `message`, or a summary of the body when it had none.
    pub message: String,
    /// `help`, when sent.
    pub help: Option<String>,
    /// The `x-request-id` the call was sent with.
    pub request_id: Option<String>,
    /// Rate-limit headers of the answer.
    pub rate_limit: RateLimit,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The body exactly as received (the bytes read, kept without a copy).
    pub raw_body: Bytes,
    /// The answer's headers.
    pub headers: HeaderMap,
    /// The operation moves money (`x-moves-money`): a `5xx` leaves its outcome unknown.
    pub moves_money: bool,
    /// What the client adds about the rejected request (for the Payin & Payout API: the
    /// `Timestamp` it was signed with, and whether the server refused that timestamp).
    pub note: Option<String>,
    /// The answer leaves open whether the server did the work (see [`Error::is_ambiguous`]).
    pub(crate) outcome_unclear: bool,
}

impl ApiError {
    /// The error for an answer the API sent, read from its body (`message`, `type`, `code` /
    /// `subCode` / `error`, `help`) — never failing, whatever the bytes.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_answer(
        operation: &str,
        status: u16,
        headers: HeaderMap,
        body: Bytes,
        request_id: Option<String>,
        attempts: u32,
        moves_money: bool,
        note: Option<String>,
        outcome_unclear: bool,
    ) -> ApiError {
        // One pass over the bytes for the fields an error reads (no `serde_json::Value`).
        let fields = serde_json::from_slice::<ErrorFields>(&body).ok();
        let json = fields.is_some();
        let mut fields = fields.unwrap_or_default();
        let message = fields.message.take().unwrap_or_else(|| {
            if body.is_empty() {
                "the answer had no body".to_string()
            } else if !json {
                format!("the answer was not JSON: {}", snippet(&body))
            } else {
                "the answer had no message".to_string()
            }
        });
        ApiError {
            operation: operation.to_string(),
            status,
            error_type: fields.error_type,
            code: fields.code.or(fields.sub_code).or(fields.error),
            message,
            help: fields.help,
            request_id,
            rate_limit: RateLimit::from_headers(&headers),
            attempts,
            raw_body: body,
            headers,
            moves_money,
            note,
            outcome_unclear,
        }
    }

    /// The body as text (lossy for bytes that are not UTF-8).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.raw_body).into_owned()
    }

    /// The body as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.raw_body).ok()
    }

    fn next_step(&self) -> &'static str {
        match self.status {
            400 | 422 => "fix the request as the message says",
            401 => "check the client id and secret, and that they belong to this environment",
            403 => "check the account's permissions and IP whitelisting for this API",
            404 => "check the id; the resource does not exist in this environment",
            409 => "the resource already exists: fetch it instead of creating it again",
            429 => "slow down; the rate-limit headers say when to try again",
            500..=599 if self.moves_money => {
                "this call moves money and its outcome is unknown: look its status up by your own id before trying again"
            }
            500..=599 => "try again later",
            _ => "see the message and the raw body",
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("error_type", &self.error_type)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("rate_limit", &self.rate_limit)
            .field("attempts", &self.attempts)
            .field("raw_body", &self.body_text())
            .field("note", &self.note)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.operation, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        if let Some(note) = &self.note {
            write!(f, "; {note}")?;
        }
        write!(f, "; {}", self.next_step())
    }
}

/// The fields an error body may carry, read in one pass over its bytes: each a non-empty
/// string, or a number as text; any other value (and any other field) is ignored. A body that
/// is JSON but not an object has none of them; one that is not JSON (even where a field is
/// ignored: strings are checked as UTF-8 everywhere) does not decode.
#[derive(Default)]
struct ErrorFields {
    message: Option<String>,
    error_type: Option<String>,
    code: Option<String>,
    sub_code: Option<String>,
    error: Option<String>,
    help: Option<String>,
}

impl<'de> serde::Deserialize<'de> for ErrorFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ErrorFieldsVisitor)
    }
}

struct ErrorFieldsVisitor;

impl<'de> serde::de::Visitor<'de> for ErrorFieldsVisitor {
    type Value = ErrorFields;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<ErrorFields, A::Error> {
        let mut fields = ErrorFields::default();
        while let Some(key) = map.next_key::<crate::raw_json::BorrowedStr<'de>>()? {
            let slot = match key.0.as_ref() {
                "message" => &mut fields.message,
                "type" => &mut fields.error_type,
                "code" => &mut fields.code,
                "subCode" => &mut fields.sub_code,
                "error" => &mut fields.error,
                "help" => &mut fields.help,
                _ => {
                    map.next_value::<AnyJson>()?;
                    continue;
                }
            };
            // The last value of a repeated field counts, as in a parsed object.
            *slot = map.next_value::<FieldText>()?.0;
        }
        Ok(fields)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<ErrorFields, A::Error> {
        while seq.next_element::<AnyJson>()?.is_some() {}
        Ok(ErrorFields::default())
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<ErrorFields, E> {
        Ok(ErrorFields::default())
    }

    fn visit_i64<E>(self, _: i64) -> std::result::Result<ErrorFields, E> {
        Ok(ErrorFields::default())
    }

    fn visit_u64<E>(self, _: u64) -> std::result::Result<ErrorFields, E> {
        Ok(ErrorFields::default())
    }

    fn visit_f64<E>(self, _: f64) -> std::result::Result<ErrorFields, E> {
        Ok(ErrorFields::default())
    }

    fn visit_str<E>(self, _: &str) -> std::result::Result<ErrorFields, E> {
        Ok(ErrorFields::default())
    }

    fn visit_unit<E>(self) -> std::result::Result<ErrorFields, E> {
        Ok(ErrorFields::default())
    }
}

/// A field's value as an error keeps it: a non-empty string, or a number written as
/// `serde_json` writes it; `None` for anything else.
struct FieldText(Option<String>);

impl<'de> serde::Deserialize<'de> for FieldText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FieldText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E>(self, s: &str) -> std::result::Result<FieldText, E> {
                Ok(FieldText((!s.is_empty()).then(|| s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> std::result::Result<FieldText, E> {
                Ok(FieldText((!s.is_empty()).then_some(s)))
            }
            fn visit_i64<E>(self, n: i64) -> std::result::Result<FieldText, E> {
                Ok(FieldText(Some(serde_json::Number::from(n).to_string())))
            }
            fn visit_u64<E>(self, n: u64) -> std::result::Result<FieldText, E> {
                Ok(FieldText(Some(serde_json::Number::from(n).to_string())))
            }
            fn visit_f64<E>(self, n: f64) -> std::result::Result<FieldText, E> {
                Ok(FieldText(
                    serde_json::Number::from_f64(n).map(|n| n.to_string()),
                ))
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<FieldText, E> {
                Ok(FieldText(None))
            }
            fn visit_unit<E>(self) -> std::result::Result<FieldText, E> {
                Ok(FieldText(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<FieldText, A::Error> {
                while seq.next_element::<AnyJson>()?.is_some() {}
                Ok(FieldText(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<FieldText, A::Error> {
                while map.next_entry::<AnyJson, AnyJson>()?.is_some() {}
                Ok(FieldText(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Any JSON value, read and checked (strings as UTF-8 too, unlike serde's `IgnoredAny`) and
/// not kept.
struct AnyJson;

impl<'de> serde::Deserialize<'de> for AnyJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = AnyJson;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E>(self, _: &str) -> std::result::Result<AnyJson, E> {
                Ok(AnyJson)
            }
            fn visit_i64<E>(self, _: i64) -> std::result::Result<AnyJson, E> {
                Ok(AnyJson)
            }
            fn visit_u64<E>(self, _: u64) -> std::result::Result<AnyJson, E> {
                Ok(AnyJson)
            }
            fn visit_f64<E>(self, _: f64) -> std::result::Result<AnyJson, E> {
                Ok(AnyJson)
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<AnyJson, E> {
                Ok(AnyJson)
            }
            fn visit_unit<E>(self) -> std::result::Result<AnyJson, E> {
                Ok(AnyJson)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<AnyJson, A::Error> {
                while seq.next_element::<AnyJson>()?.is_some() {}
                Ok(AnyJson)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<AnyJson, A::Error> {
                while map.next_entry::<AnyJson, AnyJson>()?.is_some() {}
                Ok(AnyJson)
            }
        }
        d.deserialize_any(V)
    }
}

/// The rate-limit headers of an answer (`x-ratelimit-*`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-ratelimit-limit`: calls allowed in the window.
    pub limit: Option<u64>,
    /// `x-ratelimit-remaining`: calls left in the window.
    pub remaining: Option<u64>,
    /// `x-ratelimit-reset`: seconds until the window resets.
    pub reset: Option<u64>,
    /// `x-ratelimit-retry`: seconds to wait before the next call.
    pub retry: Option<u64>,
    /// `x-ratelimit-type`: what the limit counts (`app_id` or `ip`).
    pub kind: Option<String>,
}

impl RateLimit {
    /// Reads the headers.
    pub fn from_headers(headers: &HeaderMap) -> RateLimit {
        let text = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
        let num = |n: &str| text(n).and_then(|v| v.parse().ok());
        RateLimit {
            limit: num("x-ratelimit-limit"),
            remaining: num("x-ratelimit-remaining"),
            reset: num("x-ratelimit-reset"),
            retry: num("x-ratelimit-retry"),
            kind: text("x-ratelimit-type").map(str::to_string),
        }
    }
}

/// A request that broke a documented rule and was not sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: {message}{}; the request was not sent", match .field { Some(f) => format!(" (at `{f}`)"), None => String::new() })]
#[non_exhaustive]
pub struct ValidationError {
    /// The operation.
    pub operation: String,
    /// The field, as a dotted path (`customer_details.customer_phone`), when one is at fault.
    pub field: Option<String>,
    /// What is wrong and what the API accepts.
    pub message: String,
    /// The request id the call would have carried.
    pub request_id: Option<String>,
    /// The operation moves money (`x-moves-money`); it was not sent, so nothing moved.
    pub moves_money: bool,
}

impl ValidationError {
    /// A validation error for `operation`.
    pub fn new(operation: &str, field: Option<String>, message: impl Into<String>) -> Self {
        ValidationError {
            operation: operation.into(),
            field,
            message: message.into(),
            request_id: None,
            moves_money: false,
        }
    }
}

/// A request that got no answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: {message} after {attempts} attempt(s){}; {}", match .request_id { Some(r) => format!(" [request id {r}]"), None => String::new() }, if *.timeout { "the server may still have processed it: look it up before repeating a call that creates something" } else { "check the network and the base URL" })]
#[non_exhaustive]
pub struct TransportError {
    /// The operation.
    pub operation: String,
    /// What failed, without secrets.
    pub message: String,
    /// The request id it was sent with.
    pub request_id: Option<String>,
    /// How many times it was tried.
    pub attempts: u32,
    /// True when the wait for an answer ran out (the request may have arrived).
    pub timeout: bool,
    /// True when no connection could be made (the request did not leave).
    pub connect: bool,
    /// The operation moves money (`x-moves-money`).
    pub moves_money: bool,
    /// The answer's HTTP status, when the failure came while reading its body.
    pub status: Option<u16>,
}

/// A money-moving call whose outcome could not be learned.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{operation}: the outcome of `{reference}` is unknown ({cause}); look it up by that id before trying again — it may have gone through")]
#[non_exhaustive]
pub struct OutcomeUnknown {
    /// The operation that moved money.
    pub operation: String,
    /// The merchant's own id for it (transfer id, order id, cashgram id).
    pub reference: String,
    /// Why the outcome is unknown.
    pub cause: String,
    /// The request id of the call.
    pub request_id: Option<String>,
}

impl OutcomeUnknown {
    /// An unknown outcome of `operation` for `reference`.
    pub fn new(
        operation: &str,
        reference: &str,
        cause: impl Into<String>,
        request_id: Option<String>,
    ) -> Self {
        OutcomeUnknown {
            operation: operation.into(),
            reference: reference.into(),
            cause: cause.into(),
            request_id,
        }
    }
}

/// A configuration that cannot work, or credentials that could not be put on a request (a
/// token fetch that was refused keeps the API's own error as its [`ConfigError::cause`]).
#[derive(Clone, Debug, thiserror::Error)]
#[error("configuration: {message}")]
pub struct ConfigError {
    message: String,
    cause: Option<Box<Error>>,
}

impl PartialEq for ConfigError {
    /// Two configuration errors are equal when they say the same thing.
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message
    }
}

impl ConfigError {
    /// A configuration error saying what to fix.
    pub fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            cause: None,
        }
    }

    /// What to fix.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error that caused it, when it came from a call (the API's refusal of a token
    /// fetch, say): read its code from here, never from the message.
    pub fn cause(&self) -> Option<&Error> {
        self.cause.as_deref()
    }

    pub(crate) fn with_cause(mut self, cause: Option<Error>) -> Self {
        self.cause = cause.map(Box::new);
        self
    }
}

/// Why credentials could not be put on a request (nothing was sent): what a family's
/// [`crate::runtime::Protocol::authenticate`] and a [`crate::runtime::token::TokenSource`]
/// return. It may carry the error of the call that failed (the authorize call's
/// [`Error::Api`]), which the client's [`ConfigError::cause`] then keeps.
///
/// ```
/// use paygen::error::AuthError;
/// let e = AuthError::new("the vault is locked");
/// assert_eq!(e.message(), "the vault is locked");
/// assert!(e.cause().is_none());
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct AuthError {
    message: String,
    cause: Option<Box<Error>>,
}

impl AuthError {
    /// An auth failure saying what to fix.
    pub fn new(message: impl Into<String>) -> AuthError {
        AuthError {
            message: message.into(),
            cause: None,
        }
    }

    /// An auth failure caused by a failed call.
    pub fn caused_by(message: impl Into<String>, cause: Error) -> AuthError {
        AuthError {
            message: message.into(),
            cause: Some(Box::new(cause)),
        }
    }

    /// What failed.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The failed call's error, if it came from one.
    pub fn cause(&self) -> Option<&Error> {
        self.cause.as_deref()
    }

    /// The configuration error a call returns for it, named by `operation`.
    pub(crate) fn into_config(self, operation: &str) -> ConfigError {
        ConfigError::new(format!("{operation}: {}", self.message))
            .with_cause(self.cause.map(|b| *b))
    }
}

impl From<String> for AuthError {
    fn from(message: String) -> Self {
        AuthError::new(message)
    }
}

impl From<&str> for AuthError {
    fn from(message: &str) -> Self {
        AuthError::new(message)
    }
}

/// A success answer that could not be taken: not in the documented shape (empty, truncated,
/// another shape), or larger than [`crate::Config::with_max_response_body`].
#[derive(Clone, thiserror::Error)]
#[error("{operation}: the answer{} does not match the spec ({message}){}: {}; the raw body is kept in `body`{}", match .status { Some(s) => format!(" (HTTP {s})"), None => String::new() }, match .request_id { Some(r) => format!(" [request id {r}]"), None => String::new() }, snippet(.body), if *.moves_money { "; this call moves money and probably went through: look its status up by your own id before trying again" } else { "" })]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation.
    pub operation: String,
    /// The request id it was sent with.
    pub request_id: Option<String>,
    /// The HTTP status of the answer.
    pub status: Option<u16>,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The operation moves money (`x-moves-money`): the answer arrived, so it may well have
    /// happened ([`Error::is_ambiguous`]).
    pub moves_money: bool,
    /// What did not match.
    pub message: String,
    /// The body as received (empty when it was over the size limit and not read).
    pub body: Bytes,
    /// The size limit the answer exceeded, when that is the failure.
    pub limit: Option<usize>,
}

impl DecodeError {
    /// An answer of `operation` that arrived with `status` but does not hold together (a
    /// helper's check after decoding); attempts 1, no request id.
    #[cfg(feature = "oneescrow")]
    pub(crate) fn inconsistent(
        operation: &str,
        status: u16,
        message: impl Into<String>,
        body: Bytes,
    ) -> DecodeError {
        DecodeError {
            operation: operation.to_string(),
            request_id: None,
            status: Some(status),
            attempts: 1,
            moves_money: false,
            message: message.into(),
            body,
            limit: None,
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("request_id", &self.request_id)
            .field("status", &self.status)
            .field("attempts", &self.attempts)
            .field("moves_money", &self.moves_money)
            .field("message", &self.message)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("limit", &self.limit)
            .finish()
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields as read before the one-pass decode: through a `serde_json::Value`.
    fn reference(body: &[u8]) -> (String, Option<String>, Option<String>, Option<String>) {
        let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let field = |k: &str| {
            json.as_ref().and_then(|j| j.get(k)).and_then(|v| match v {
                serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let message = field("message").unwrap_or_else(|| {
            if body.is_empty() {
                "the answer had no body".to_string()
            } else if json.is_none() {
                format!("the answer was not JSON: {}", snippet(body))
            } else {
                "the answer had no message".to_string()
            }
        });
        let code = field("code")
            .or_else(|| field("subCode"))
            .or_else(|| field("error"));
        (message, field("type"), code, field("help"))
    }

    #[test]
    fn the_one_pass_error_fields_are_the_fields_a_parsed_body_gives() {
        let bodies: Vec<Vec<u8>> = [
            r#"{"message":"order not found","code":"order_not_found","type":"invalid_request_error"}"#,
            r#"{"message":"bad","code":"x","help":"see the docs","extra":{"a":[1,2,{"b":null}]}}"#,
            r#"{"subCode":"403","message":"IP not whitelisted","status":"ERROR"}"#,
            r#"{"subCode":403,"message":12.50,"status":"ERROR"}"#,
            r#"{"error":"INVALID_SIGNATURE"}"#,
            r#"{"code":"","subCode":"","error":"e"}"#,
            r#"{"message":"","code":null,"type":true,"help":["h"]}"#,
            r#"{"message":"first","message":"second"}"#,
            r#"{"message":"first","message":null}"#,
            r#"{"mess\u0061ge":"escaped key","c\u006fde":"c"}"#,
            r#"{"message":"line\nbreak \"quoted\" \u00e9"}"#,
            r#"{"code":-7,"type":1e3,"help":18446744073709551615}"#,
            r#"["message","code"]"#,
            r#""just text""#,
            "42",
            "null",
            "true",
            "",
            "   ",
            "not json at all",
            r#"{"message":"trailing"} x"#,
            r#"{"message":"unterminated"#,
            r#"{"message":"ok","deep":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}"#,
            "<html><body>502 Bad Gateway</body></html>",
        ]
        .iter()
        .map(|b| b.as_bytes().to_vec())
        .chain([
            // Not UTF-8 inside a field the error ignores: not JSON, as when parsed.
            b"{\"message\":\"m\",\"other\":\"\xff\xfe\"}".to_vec(),
            b"{\"message\":\"\xc3\x28\"}".to_vec(),
            // Nested past serde_json's depth limit.
            format!("{}{}", "[".repeat(200), "]".repeat(200)).into_bytes(),
            format!("{{\"message\":\"m\",\"x\":{}{}}}", "[".repeat(200), "]".repeat(200))
                .into_bytes(),
        ])
        .collect();
        for body in bodies {
            let e = ApiError::from_answer(
                "get_order",
                404,
                HeaderMap::new(),
                Bytes::from(body.clone()),
                None,
                1,
                false,
                None,
                false,
            );
            let (message, error_type, code, help) = reference(&body);
            let shown = String::from_utf8_lossy(&body).into_owned();
            assert_eq!(e.message, message, "{shown}");
            assert_eq!(e.error_type, error_type, "{shown}");
            assert_eq!(e.code, code, "{shown}");
            assert_eq!(e.help, help, "{shown}");
            assert_eq!(&e.raw_body[..], &body[..], "{shown}");
        }
    }
}
