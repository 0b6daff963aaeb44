//! [`HmacAuth`]: the [`Protocol`] of the Payin & Payout API — it signs every attempt of every
//! call over the bytes that are sent, and reads the `{error, data, message, success}` envelope
//! to tell failures from successes whatever the HTTP status.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use super::rejection;
use super::signing::{ascii_json, hmac_hex, signed_path, signing_message, EMPTY_BODY_LINE};
use crate::config::{Credentials, Environment};
use crate::runtime::{OperationSpec, Protocol, Runtime};

/// Where the `Timestamp` header comes from: milliseconds since the Unix epoch.
///
/// [`SystemClock`] is the default; tests (and services with their own time source) give
/// another one, a closure included.
///
/// ```
/// use paygen::payin_payout::{Clock, SystemClock};
/// let fixed = || 1790431844701_u64;
/// assert_eq!(fixed.now_millis(), 1790431844701);
/// assert!(SystemClock.now_millis() > 1_700_000_000_000);
/// ```
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    fn now_millis(&self) -> u64;
}

/// The machine's clock (`SystemTime::now()`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }
}

impl<F> Clock for F
where
    F: Fn() -> u64 + Send + Sync + 'static,
{
    fn now_millis(&self) -> u64 {
        self()
    }
}

/// What the body line of the signature is for a `GET` (which sends no body).
///
/// The document says both: its prose says the line is "left empty", while its example, both GET
/// operations' "Request Body Ex" and its Python snippet give `{}`. paygen signs `{}`
/// ([`GetBodyLine::Braces`], the default); if the provider rejects signed GETs, switch to
/// [`GetBodyLine::Empty`] with [`HmacAuth::with_get_body_line`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GetBodyLine {
    /// `GET\npath\n{}\ntimestamp\n` (the example and the Python snippet).
    #[default]
    Braces,
    /// `GET\npath\n\ntimestamp\n` (the prose).
    Empty,
}

/// Signs Payin & Payout requests: `Access-Key`, `Timestamp` and `Signature` headers on every
/// attempt, computed after the body is serialised, over exactly the bytes that are sent.
///
/// [`Client::from_config`](super::Client::from_config) uses the default (the system clock, `{}`
/// as the GET body line); [`Client::from_config_with_auth`](super::Client::from_config_with_auth)
/// takes another.
///
/// ```
/// use paygen::payin_payout::{Client, GetBodyLine, HmacAuth};
/// use paygen::{Config, Credentials, Environment};
///
/// let auth = HmacAuth::new()
///     .with_clock(|| 1790431844701)
///     .with_get_body_line(GetBodyLine::Braces);
/// let client = Client::from_config_with_auth(
///     Config::new(
///         Environment::custom("https://payments.example.com"),
///         Credentials::hmac("ACCESS_KEY", "SECRET_KEY"),
///     ),
///     auth,
/// )
/// .unwrap();
/// # let _ = client;
/// ```
#[derive(Clone)]
pub struct HmacAuth {
    clock: Arc<dyn Clock>,
    get_body_line: GetBodyLine,
}

impl fmt::Debug for HmacAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacAuth")
            .field("get_body_line", &self.get_body_line)
            .finish_non_exhaustive()
    }
}

impl Default for HmacAuth {
    fn default() -> Self {
        HmacAuth {
            clock: Arc::new(SystemClock),
            get_body_line: GetBodyLine::Braces,
        }
    }
}

/// What one signed attempt carried (for error messages and debugging).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The `Timestamp` header.
    pub timestamp_ms: u64,
    /// The method line.
    pub method: String,
    /// The path line.
    pub path: String,
    /// The body line (the bytes sent, or `{}` / empty when nothing is sent).
    pub body_line: Vec<u8>,
    /// The `Signature` header.
    pub signature: String,
}

impl HmacAuth {
    /// The default: the system clock and `{}` as the GET body line.
    pub fn new() -> HmacAuth {
        HmacAuth::default()
    }

    /// Takes timestamps from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: impl Clock) -> HmacAuth {
        self.clock = Arc::new(clock);
        self
    }

    /// Chooses the GET body line (see [`GetBodyLine`]).
    pub fn with_get_body_line(mut self, line: GetBodyLine) -> HmacAuth {
        self.get_body_line = line;
        self
    }

    /// The GET body line in use.
    pub fn get_body_line(&self) -> GetBodyLine {
        self.get_body_line
    }

    /// Signs one request in place: rewrites a JSON body with non-ASCII characters as `\uXXXX`
    /// (so the bytes sent are the bytes the document's Python would sign), then sets
    /// `Access-Key`, `Timestamp` and `Signature`. `base_path` is the path of the merchant's
    /// base URL (empty when it has none); it is not part of the signed path.
    ///
    /// The error says what to fix; nothing is sent.
    pub fn sign_request(
        &self,
        access_key: &str,
        secret: &[u8],
        base_path: &str,
        request: &mut reqwest::Request,
    ) -> Result<SignedRequest, String> {
        let method = request.method().as_str().to_ascii_uppercase();
        let path = signed_path(request.url().path(), base_path)
            .ok_or_else(|| {
                format!(
                    "the request path `{}` is not under the base URL's path `{base_path}`",
                    request.url().path()
                )
            })?
            .to_string();
        let sent: Option<Vec<u8>> = match request.body() {
            None => None,
            Some(body) => match body.as_bytes() {
                Some([]) => None,
                Some(bytes) => Some(ascii_json(bytes).into_owned()),
                None => {
                    return Err("the request body is a stream, and only bytes can be signed".into())
                }
            },
        };
        let body_line = match &sent {
            Some(bytes) => bytes.clone(),
            None if *request.method() == Method::GET
                && self.get_body_line == GetBodyLine::Empty =>
            {
                Vec::new()
            }
            None => EMPTY_BODY_LINE.to_vec(),
        };
        if let Some(bytes) = sent {
            // The same bytes as signed; unchanged unless non-ASCII had to be escaped.
            *request.body_mut() = Some(reqwest::Body::from(bytes));
        }
        let timestamp_ms = self.clock.now_millis();
        let signature = hmac_hex(
            secret,
            &signing_message(&method, &path, &body_line, timestamp_ms),
        );
        let headers = request.headers_mut();
        let access = HeaderValue::from_str(access_key)
            .map_err(|_| "the access key has characters an HTTP header cannot carry".to_string())?;
        headers.insert("Access-Key", access);
        headers.insert("Timestamp", HeaderValue::from(timestamp_ms));
        let signature_value = HeaderValue::from_str(&signature)
            .map_err(|_| "the signature is not header text".to_string())?;
        headers.insert("Signature", signature_value);
        Ok(SignedRequest {
            timestamp_ms,
            method,
            path,
            body_line,
            signature,
        })
    }
}

/// The path of the merchant's base URL (`/gateway` for `https://host/gateway`), empty for none.
pub(crate) fn base_path(environment: &Environment) -> String {
    match environment {
        Environment::Custom(url) => reqwest::Url::parse(url)
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

impl Protocol for HmacAuth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), crate::error::AuthError>> {
        let result = (|| -> Result<(), crate::error::AuthError> {
            if op.auth == crate::runtime::AuthScheme::None {
                return Ok(());
            }
            let Credentials::Hmac { access_key, secret } = &runtime.config().credentials else {
                return Err(
                    "needs HMAC signing credentials (x-auth: hmac-signature); configure them \
                            with Credentials::hmac(access_key, secret)"
                        .into(),
                );
            };
            let base = base_path(&runtime.config().environment);
            let signed =
                self.sign_request(access_key, secret.expose().as_bytes(), &base, request)?;
            tracing::debug!(
                timestamp = signed.timestamp_ms,
                path = %signed.path,
                "signed the request"
            );
            Ok(())
        })();
        Box::pin(async move { result })
    }

    fn inspects_success(&self, _op: &'static OperationSpec) -> bool {
        true
    }

    fn is_error(&self, _op: &'static OperationSpec, status: StatusCode, body: &[u8]) -> bool {
        !status.is_success() || rejection::is_failure(body)
    }

    fn explain_rejection(
        &self,
        _op: &'static OperationSpec,
        sent: &HeaderMap,
        _status: StatusCode,
        body: &[u8],
    ) -> Option<String> {
        let timestamp = sent.get("Timestamp").and_then(|v| v.to_str().ok())?;
        let when = timestamp
            .parse::<i64>()
            .ok()
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| format!(" ({})", t.format("%Y-%m-%dT%H:%M:%S%.3fZ")))
            .unwrap_or_default();
        Some(if rejection::mentions_timestamp(body) {
            format!(
                "the server rejected the request's timestamp as too old or invalid: it was signed \
                 with Timestamp {timestamp}{when}; check this machine's clock (the provider refuses \
                 old timestamps) and send it again with a fresh one"
            )
        } else {
            format!("the request was signed with Timestamp {timestamp}{when}")
        })
    }
}
