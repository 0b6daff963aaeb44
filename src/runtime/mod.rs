//! The runtime every generated client runs on: headers, auth, validation, retries, tracing.
//!
//! A generated builder's `send()` builds its `reqwest::Request` (progenitor's code, its URL from
//! [`Runtime::url`]) and hands it to [`Runtime::send_json`] (or [`Runtime::send_empty`]). What
//! the runtime does for one call, in order:
//! 1. puts on the family's version header (`x-api-version`; progenitor's own `api-version` is
//!    never sent), and sets an `x-request-id` (a fresh UUID unless the caller gave one);
//! 2. refuses sandbox-only operations against production, empty path parameters, and a JSON
//!    body or query that breaks the spec's constraints — nothing is sent;
//! 3. authenticates each attempt through the family's [`Protocol`] (headers, bearer token,
//!    HMAC signature over the exact bytes sent);
//! 4. sends, reads the answer (at most [`crate::Config::with_max_response_body`] bytes), and
//!    retries only what is safe to send again (see [`crate::retry`]);
//! 5. decodes the bytes it read into the typed answer, or returns the [`crate::Error`] it built
//!    for the failure. No failure ever travels as an HTTP answer.

#[cfg(any(feature = "payouts", feature = "international", feature = "oneescrow"))]
pub(crate) mod bearer;
pub(crate) mod exactly_once;
#[cfg(any(feature = "pg", feature = "international"))]
pub(crate) mod multipart;
pub mod options;
pub mod protocol;
#[allow(dead_code)]
pub(crate) mod status_envelope;
pub mod token;
// Compiled when some enabled family's builders use it (`build.rs` says which).
#[cfg(paygen_typed_body)]
pub(crate) mod typed_body;
#[doc(hidden)]
pub mod validate;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use http::{HeaderValue, Method, StatusCode};
use tracing::Instrument;

pub use protocol::{AuthScheme, HeaderAuth, Protocol};
#[cfg(paygen_typed_body)]
pub(crate) use typed_body::TypedBody;

use crate::config::{Config, Environment};
use crate::error::{ApiError, ConfigError, DecodeError, Error, TransportError, ValidationError};
use crate::retry::{is_idempotent, is_retryable_status, rate_limit_wait};

/// What the runtime knows about one operation, generated from its spec. An internal table
/// (generated code and tools read it), not part of the stable API.
#[doc(hidden)]
#[derive(Debug)]
pub struct OperationSpec {
    /// `operationId`.
    pub operation_id: &'static str,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template as in the spec.
    pub path: &'static str,
    /// `x-auth`.
    pub auth: AuthScheme,
    /// `x-moves-money`: never re-sent automatically.
    pub moves_money: bool,
    /// `x-sandbox-only`: refused against production.
    pub sandbox_only: bool,
    /// `x-status-lookup`: the operation that finds this one's outcome.
    pub status_lookup: Option<&'static str>,
    /// Written by hand (multipart) rather than generated.
    pub multipart: bool,
    /// The documented success status.
    pub success_status: u16,
    /// The request body's validation schema (JSON), when the body is JSON.
    pub request_schema: Option<&'static str>,
    /// The query parameters' validation schema (JSON), when the operation has any.
    pub query_schema: Option<&'static str>,
    /// `x-doc-source`.
    pub doc_source: &'static str,
}

/// What the runtime knows about one API family, generated from its spec. An internal table,
/// not part of the stable API.
#[doc(hidden)]
#[derive(Debug)]
pub struct FamilyInfo {
    /// The spec's file stem (`cashfree-pg`).
    pub spec: &'static str,
    /// `info.title`.
    pub title: &'static str,
    /// `info.version`: the API version the spec describes.
    pub api_version: &'static str,
    /// The header the version travels in, when the family sends one.
    pub api_version_header: Option<&'static str>,
    /// True when the family has no public host and needs a base URL from the merchant.
    pub base_url_required: bool,
    /// True when the family documents `x-request-id`.
    pub request_id_header: bool,
    /// `(environment, url)` of each documented host.
    pub servers: &'static [(&'static str, &'static str)],
    /// Every operation of the spec, generated or hand-written.
    pub operations: &'static [OperationSpec],
}

impl FamilyInfo {
    /// The operation with this `operationId`.
    pub fn operation(&self, operation_id: &str) -> Option<&'static OperationSpec> {
        // `self` is always one of the generated statics.
        let ops: &'static [OperationSpec] = self.operations;
        ops.iter().find(|o| o.operation_id == operation_id)
    }

    /// The base URL for an environment.
    pub fn base_url(&self, environment: &Environment) -> Result<String, ConfigError> {
        match environment {
            Environment::Custom(url) => Ok(url.clone()),
            _ if self.base_url_required => Err(ConfigError::new(format!(
                "{} has no public host: each merchant gets its own base URL from the provider; \
                 pass it as Environment::custom(\"https://…\")",
                self.title
            ))),
            env => self
                .servers
                .iter()
                .find(|(name, _)| *name == env.name())
                .map(|(_, url)| url.trim_end_matches('/').to_string())
                .ok_or_else(|| {
                    ConfigError::new(format!(
                        "{} documents no {} host; pass Environment::custom(base_url)",
                        self.title,
                        env.name()
                    ))
                }),
        }
    }
}

/// The state a generated client carries (progenitor's "inner" type): the family's operation
/// table, the configuration and the auth protocol. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    family: &'static FamilyInfo,
    config: Arc<Config>,
    protocol: Arc<dyn Protocol>,
    /// `Config::with_max_in_flight`: permits for requests on the wire.
    in_flight: Option<Arc<tokio::sync::Semaphore>>,
    /// The headers every call of this client carries, built once when it connects.
    fixed: Arc<FixedHeaders>,
    /// The base URL, parsed once when the client connects (see [`Runtime::url`]).
    base: Option<Arc<BaseUrl>>,
}

/// A client's base URL as it connected, parsed, for building each call's URL by setting its
/// path rather than parsing the whole text (scheme, host, port) again.
struct BaseUrl {
    /// The base URL as the generated client holds it.
    text: String,
    /// `text`, parsed.
    url: reqwest::Url,
    /// What `text` puts before an operation's path (`/pg`; empty for a bare host).
    path: String,
    /// The URLs of the paths without parameters (`/orders`) built so far: the same for every
    /// call, so built once ([`Runtime::url_static`]); at most [`STATIC_URLS`] of them.
    statics: std::sync::Mutex<Vec<(&'static str, reqwest::Url)>>,
}

/// The most parameterless call URLs a client keeps (a family has fewer such paths).
const STATIC_URLS: usize = 64;

impl BaseUrl {
    /// The parsed form of `text`, when appending a path to `text` and parsing the result
    /// gives the same URL as setting the path of the parsed `text`: when `text` is written as
    /// the URL parser writes it (its scheme and host in lower case, no default port, no `.`
    /// segment, nothing to percent-encode) and has no query or fragment.
    fn of(text: &str) -> Option<BaseUrl> {
        let url = reqwest::Url::parse(text).ok()?;
        if url.cannot_be_a_base() || url.query().is_some() || url.fragment().is_some() {
            return None;
        }
        let path = if url.as_str() == text {
            url.path().to_string()
        } else if url.path() == "/" && url.as_str().strip_suffix('/') == Some(text) {
            String::new()
        } else {
            return None;
        };
        Some(BaseUrl {
            text: text.to_string(),
            url,
            path,
            statics: std::sync::Mutex::new(Vec::new()),
        })
    }
}

/// The headers a client puts on every call, built when it connects (cloning a built header
/// value shares its bytes).
struct FixedHeaders {
    /// `User-Agent`, when the configured text can travel as a header.
    user_agent: Option<HeaderValue>,
    /// The family's version header and the version it carries.
    api_version: Option<(http::HeaderName, HeaderValue)>,
    /// The credential headers of `Credentials::merchant` or `Credentials::partner` (marked
    /// sensitive), when their values can travel as headers; [`HeaderAuth`] puts them on.
    pub(crate) credentials: Option<[(http::HeaderName, HeaderValue); 2]>,
}

impl FixedHeaders {
    fn of(family: &FamilyInfo, config: &Config) -> FixedHeaders {
        let version = config.api_version.as_deref().unwrap_or(family.api_version);
        FixedHeaders {
            user_agent: HeaderValue::from_str(&config.user_agent).ok(),
            api_version: family.api_version_header.and_then(|name| {
                Some((
                    http::HeaderName::from_bytes(name.as_bytes()).ok()?,
                    HeaderValue::from_str(version).ok()?,
                ))
            }),
            credentials: protocol::credential_headers(&config.credentials),
        }
    }
}

/// Header names the runtime reads or writes on every call (built at compile time, not parsed
/// per call).
const API_VERSION: http::HeaderName = http::HeaderName::from_static("api-version");
const X_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-request-id");
const X_IDEMPOTENCY_KEY: http::HeaderName = http::HeaderName::from_static("x-idempotency-key");

/// Runs one call up to its answer's bytes (see the module docs), in the calling `async fn`:
/// [`Runtime::prepare`], then [`Runtime::run`] awaited right there, inside the call's span
/// only when a subscriber wants it (no wrapper, and no layer between the caller and the run,
/// to move the run's state through). Evaluates to the success answer and the call's record,
/// or returns the call's error.
macro_rules! answer {
    ($runtime:expr, $http:expr, $request:expr, $body:expr, $operation_id:expr) => {{
        let mut request = $request;
        let call = $runtime.prepare(&mut request, $operation_id)?;
        if call.span.is_disabled() {
            $runtime.run($http, request, $body, call).await?
        } else {
            let span = call.span.clone();
            $runtime
                .run($http, request, $body, call)
                .instrument(span)
                .await?
        }
    }};
}

/// A fresh request id: a UUIDv4 from the thread's seeded generator (no system call per call;
/// request ids trace calls, they protect nothing), as the header value it travels in.
fn new_request_id() -> Option<HeaderValue> {
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    // Written on the stack, then copied once, into the header value (no formatter, no
    // `String`).
    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut text);
    HeaderValue::from_str(id).ok()
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("family", &self.family.spec)
            .field("config", &self.config)
            .finish()
    }
}

/// What [`Runtime::connect`] gives a family module to build its generated client from.
#[doc(hidden)]
pub struct Connection {
    /// The base URL for the configured environment.
    pub base_url: String,
    /// The HTTP client (one connection pool per client, kept alive).
    pub http: reqwest::Client,
    /// The runtime.
    pub runtime: Runtime,
}

impl Runtime {
    /// Everything a generated client needs, for a family, a configuration and a protocol.
    #[doc(hidden)]
    pub fn connect(
        family: &'static FamilyInfo,
        config: Config,
        protocol: Arc<dyn Protocol>,
    ) -> Result<Connection, ConfigError> {
        let base_url = family.base_url(&config.environment)?;
        check_base_url(family, &base_url)?;
        let http = match &config.http_client {
            Some(shared) => shared.clone(),
            None => config.build_http_client()?,
        };
        let in_flight = config
            .max_in_flight
            .map(|n| Arc::new(tokio::sync::Semaphore::new(n)));
        let fixed = Arc::new(FixedHeaders::of(family, &config));
        let runtime = Runtime {
            family,
            fixed,
            base: BaseUrl::of(&base_url).map(Arc::new),
            config: Arc::new(config),
            protocol,
            in_flight,
        };
        Ok(Connection {
            base_url,
            http,
            runtime,
        })
    }

    /// The URL of a call: `base` (the generated client's base URL) followed by `path` (the
    /// operation's path, its parameters percent-encoded). Built from the base URL parsed when
    /// the client connected, which is the same URL as parsing `base` and `path` joined.
    ///
    /// ```
    /// # fn main() -> Result<(), paygen::Error> {
    /// let client = paygen::pg::Client::from_config(paygen::Config::new(
    ///     paygen::Environment::custom("https://x.test/pg"),
    ///     paygen::Credentials::merchant("id", "secret"),
    /// ))?;
    /// let url = client.runtime().url("https://x.test/pg", "/orders/o%2F1").unwrap();
    /// assert_eq!(url.as_str(), "https://x.test/pg/orders/o%2F1");
    /// # Ok(())
    /// # }
    /// ```
    #[doc(hidden)]
    pub fn url(&self, base: &str, path: &str) -> Result<reqwest::Url, BuildError> {
        match &self.base {
            // A path that does not start with `/` would join the base's last part (its host,
            // even): that is parsed the general way.
            Some(parsed) if parsed.text == base && (path.is_empty() || path.starts_with('/')) => {
                let mut url = parsed.url.clone();
                if parsed.path.is_empty() {
                    url.set_path(path);
                } else {
                    let mut joined = String::with_capacity(parsed.path.len() + path.len());
                    joined.push_str(&parsed.path);
                    joined.push_str(path);
                    url.set_path(&joined);
                }
                Ok(url)
            }
            _ => reqwest::Url::parse(&format!("{base}{path}"))
                .map_err(|e| BuildError::Request(format!("the URL does not parse ({e})"))),
        }
    }

    /// Checks a typed JSON body against its operation's schema as the request is built
    /// ([`validate::validate_typed`]: the same outcome as checking the serialised bytes,
    /// without parsing them); generated builders hand the outcome to
    /// [`Runtime::send_json_checked`]. [`validate::BodyCheck::Bytes`] when the operation has
    /// no body schema or the typed check cannot follow the value.
    #[doc(hidden)]
    pub fn check_body<B: serde::Serialize + ?Sized>(
        &self,
        operation_id: &str,
        body: &B,
    ) -> validate::BodyCheck {
        match self
            .family
            .operation(operation_id)
            .and_then(|op| op.request_schema)
        {
            Some(schema) => validate::validate_typed(schema, body)
                .map_or(validate::BodyCheck::Bytes, validate::BodyCheck::Done),
            None => validate::BodyCheck::Bytes,
        }
    }

    /// [`Runtime::url`] for a path without parameters (generated builders pass their
    /// template's text): the URL is the same for every call, so it is built on the first call
    /// and copied on the next ones.
    ///
    /// ```
    /// # fn main() -> Result<(), paygen::Error> {
    /// let client = paygen::pg::Client::from_config(paygen::Config::new(
    ///     paygen::Environment::custom("https://x.test/pg"),
    ///     paygen::Credentials::merchant("id", "secret"),
    /// ))?;
    /// let first = client.runtime().url_static("https://x.test/pg", "/orders").unwrap();
    /// let again = client.runtime().url_static("https://x.test/pg", "/orders").unwrap();
    /// assert_eq!(first.as_str(), "https://x.test/pg/orders");
    /// assert_eq!(again, first);
    /// # Ok(())
    /// # }
    /// ```
    #[doc(hidden)]
    pub fn url_static(&self, base: &str, path: &'static str) -> Result<reqwest::Url, BuildError> {
        let Some(parsed) = self.base.as_ref().filter(|b| b.text == base) else {
            return self.url(base, path);
        };
        let mut statics = parsed.statics.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, url)) = statics.iter().find(|(p, _)| *p == path) {
            return Ok(url.clone());
        }
        let url = self.url(base, path)?;
        if statics.len() < STATIC_URLS {
            statics.push((path, url.clone()));
        }
        Ok(url)
    }

    /// The family's operation table.
    #[doc(hidden)]
    pub fn family(&self) -> &'static FamilyInfo {
        self.family
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The credential headers built when the client connected (see [`HeaderAuth`]).
    pub(crate) fn credential_headers(&self) -> Option<&[(http::HeaderName, HeaderValue); 2]> {
        self.fixed.credentials.as_ref()
    }

    /// The family's auth protocol (for `paygen::dynamic`'s dry runs, which apply it without
    /// sending).
    pub(crate) fn protocol(&self) -> &Arc<dyn Protocol> {
        &self.protocol
    }

    /// Sends one call (see the module docs) and decodes its JSON answer into `T`: the typed
    /// answer with the status, headers and body exactly as received, or the call's
    /// [`crate::Error`]. Generated `send()` methods and hand-written operations call this; a
    /// caller with a request built at run time gets the answer as JSON with
    /// `T = serde_json::Value`.
    #[doc(hidden)]
    pub async fn send_json<T: serde::de::DeserializeOwned>(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &str,
    ) -> Result<crate::Response<T>, Error> {
        self.send_json_checked(http, request, validate::BodyCheck::Bytes, operation_id)
            .await
    }

    /// [`Runtime::send_json`] for a request whose JSON body was checked when it was built
    /// ([`Runtime::check_body`]): `body` is that outcome, reported where the runtime checks
    /// bodies (after the sandbox and path checks), instead of checking the bytes again.
    #[doc(hidden)]
    pub async fn send_json_checked<T: serde::de::DeserializeOwned>(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        body: validate::BodyCheck,
        operation_id: &str,
    ) -> Result<crate::Response<T>, Error> {
        let (answer, call) = answer!(self, http, request, body, operation_id);
        match decode_json::<T>(&answer.body) {
            Ok(value) => Ok(crate::Response::new(
                value,
                answer.status,
                answer.headers,
                answer.body,
            )),
            Err(e) => Err(call.decode(
                answer.status,
                answer.body,
                format!("the body is not the documented answer: {e}"),
                None,
            )),
        }
    }

    /// Sends one call whose documented success has no body (see [`Runtime::send_json`]).
    #[doc(hidden)]
    pub async fn send_empty(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &str,
    ) -> Result<crate::Response<()>, Error> {
        self.send_empty_checked(http, request, validate::BodyCheck::Bytes, operation_id)
            .await
    }

    /// [`Runtime::send_empty`] for a request whose JSON body was checked when it was built
    /// (see [`Runtime::send_json_checked`]).
    #[doc(hidden)]
    pub async fn send_empty_checked(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        body: validate::BodyCheck,
        operation_id: &str,
    ) -> Result<crate::Response<()>, Error> {
        let (answer, _) = answer!(self, http, request, body, operation_id);
        Ok(crate::Response::new(
            (),
            answer.status,
            answer.headers,
            answer.body,
        ))
    }

    /// Readies a call's request (the family's fixed headers and its request id) and the
    /// call's record and span; fails only for an operation the family's table lacks.
    fn prepare(&self, request: &mut reqwest::Request, operation_id: &str) -> Result<Call, Error> {
        let Some(op) = self.family.operation(operation_id) else {
            return Err(Error::Config(ConfigError::new(format!(
                "{operation_id} is not in the {} operation table",
                self.family.spec
            ))));
        };
        let headers = request.headers_mut();
        headers.remove(&API_VERSION);
        // Room for what this call adds (agent, version, request id, credentials): one growth.
        headers.reserve(5);
        // Set here, not only on the HTTP client: a shared client (Config::with_http_client)
        // has its own.
        if let Some(v) = &self.fixed.user_agent {
            headers.insert(http::header::USER_AGENT, v.clone());
        }
        if let Some((name, v)) = &self.fixed.api_version {
            headers.insert(name.clone(), v.clone());
        }
        let request_id = if self.family.request_id_header {
            let id = match headers.get(&X_REQUEST_ID) {
                Some(given) if given.to_str().is_ok_and(|t| !t.is_empty()) => Some(given.clone()),
                _ => new_request_id(),
            };
            // The first id given is the one sent (and the only one).
            if let Some(v) = &id {
                headers.insert(X_REQUEST_ID, v.clone());
            }
            id
        } else {
            None
        };
        let span = tracing::info_span!(
            "paygen.call",
            family = self.family.spec,
            operation = op.operation_id,
            request_id = request_id
                .as_ref()
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        Ok(Call {
            op,
            request_id,
            attempts: 0,
            span,
        })
    }

    async fn run(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        body: validate::BodyCheck,
        mut call: Call,
    ) -> Result<(Answer, Call), Error> {
        let op = call.op;
        if op.sandbox_only && self.config.environment == Environment::Production {
            return Err(call.config(
                "is a sandbox-only simulation and is refused against production; \
                 use Environment::Sandbox",
            ));
        }
        if let Some(field) = validate::empty_path_parameter(op.path, request.url()) {
            return Err(call.validation(
                Some(field.to_string()),
                format!("the path parameter `{field}` is empty; pass the id the call is about"),
            ));
        }
        let body_check = match (op.request_schema, body) {
            (Some(_), validate::BodyCheck::Done(checked)) => checked,
            (Some(schema), validate::BodyCheck::Bytes) => {
                match request.body().and_then(|b| b.as_bytes()) {
                    Some(body) => validate::validate_body(schema, body),
                    None => Ok(()),
                }
            }
            (None, _) => Ok(()),
        };
        let checked = body_check.and_then(|()| match op.query_schema {
            Some(schema) => validate::validate_query(schema, request.url()),
            None => Ok(()),
        });
        if let Err(v) = checked {
            return Err(call.validation((!v.path.is_empty()).then_some(v.path), v.message));
        }
        let has_key = request.headers().contains_key(&X_IDEMPOTENCY_KEY);
        let may_resend = !op.moves_money && is_idempotent(request.method(), has_key);
        let max_attempts = self.config.retry.max_attempts();
        let mut reauthenticated = false;
        // Fixed credentials go on once, before the per-attempt copies (which then carry them).
        let once = self.protocol.authenticates_once();
        let mut request = Some(request);
        if once {
            if let Some(request) = request.as_mut() {
                if let Err(e) = self.protocol.authenticate(self, op, request).await {
                    return Err(Error::Config(e.into_config(op.operation_id)));
                }
            }
        }
        loop {
            call.attempts += 1;
            call.span.record("attempts", call.attempts);
            // No attempt can follow this one: no retry budget left, or a call that moves money
            // (never sent twice), with a protocol that never asks to reauthenticate. Then the
            // request itself is sent and no copy is kept.
            let last = once && (call.attempts >= max_attempts || op.moves_money);
            let copy = if last {
                request.take()
            } else {
                request.as_ref().and_then(reqwest::Request::try_clone)
            };
            let Some(mut this) = copy else {
                return Err(call.config("the request body cannot be re-read"));
            };
            if !once {
                if let Err(e) = self.protocol.authenticate(self, op, &mut this).await {
                    return Err(Error::Config(e.into_config(op.operation_id)));
                }
            }
            // Kept only for a protocol that explains rejections from them.
            let sent_headers = if self.protocol.reads_sent_headers() {
                this.headers().clone()
            } else {
                http::HeaderMap::new()
            };
            // Held only while this attempt is on the wire, answer included (not while
            // authenticating, which may itself call the API for a token, nor while waiting to
            // retry).
            let permit = match &self.in_flight {
                Some(limit) => limit.clone().acquire_owned().await.ok(),
                None => None,
            };
            let read = match http.execute(this).await {
                Ok(response) => read_answer(response, self.config.max_response_body).await,
                Err(error) => Err(ReadFailure::Transport {
                    error,
                    status: None,
                }),
            };
            drop(permit);
            let answer = match read {
                Ok(answer) => answer,
                Err(ReadFailure::TooLarge { status, limit }) => {
                    call.span.record("status", status.as_u16());
                    return Err(call.decode(
                        status,
                        bytes::Bytes::new(),
                        format!(
                            "the answer is larger than the limit of {limit} bytes \
                             (Config::with_max_response_body); it was not read"
                        ),
                        Some(limit),
                    ));
                }
                Err(ReadFailure::Transport { error, status }) => {
                    let failure = TransportFailure::of(&error);
                    // A request that may have reached the server is sent again only when
                    // sending it twice does no harm; one that never left, unless it moves
                    // money (a payment, refund, transfer or payout is never re-sent at all).
                    let safe =
                        may_resend || (failure == TransportFailure::NotSent && !op.moves_money);
                    if safe && call.attempts < max_attempts {
                        let wait = self.config.retry.backoff(call.attempts);
                        tracing::warn!(attempt = call.attempts, error = %describe_reqwest_error(&error), "retrying after a transport error");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    let e = call.transport(&error, failure, status);
                    tracing::warn!(attempt = call.attempts, error = %e, "no answer");
                    return Err(e);
                }
            };
            let status = answer.status;
            call.span.record("status", status.as_u16());
            let is_error = !status.is_success() || self.protocol.is_error(op, status, &answer.body);
            if !is_error {
                tracing::debug!(
                    status = status.as_u16(),
                    attempt = call.attempts,
                    "answered"
                );
                return Ok((answer, call));
            }
            if !reauthenticated
                && request.is_some()
                && self
                    .protocol
                    .wants_reauthentication(op, status, &answer.body)
            {
                // An expired token: refresh it and send once more, never in a loop.
                reauthenticated = true;
                self.protocol.invalidate().await;
                call.attempts -= 1;
                tracing::info!("credentials refreshed after the API rejected them");
                continue;
            }
            if call.attempts < max_attempts {
                let wait = if status == StatusCode::TOO_MANY_REQUESTS {
                    // Refused unprocessed: safe to send again, as the limit headers say.
                    let wait = rate_limit_wait(&answer.headers, unix_now());
                    (may_resend && wait <= self.config.retry.max_rate_limit_wait()).then_some(wait)
                } else if may_resend && is_retryable_status(status) {
                    Some(self.config.retry.backoff(call.attempts))
                } else {
                    None
                };
                if let Some(wait) = wait {
                    tracing::warn!(
                        status = status.as_u16(),
                        attempt = call.attempts,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            let note = self
                .protocol
                .explain_rejection(op, &sent_headers, status, &answer.body);
            let unclear = self.protocol.outcome_unclear(op, status, &answer.body);
            tracing::warn!(
                status = status.as_u16(),
                attempt = call.attempts,
                "the API answered with an error"
            );
            return Err(call.api(answer, note, unclear));
        }
    }
}

/// Decodes a JSON answer's bytes into `T`. A body that is UTF-8 (every JSON answer) is checked
/// once as a whole and read as text, so serde_json does not check each string again; any other
/// body is read as bytes, so what it decodes to, and the error it gives, are exactly those of
/// reading the bytes.
fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    }
}

/// An answer as read: status, headers and the body's bytes (read once, never copied again).
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: bytes::Bytes,
}

/// Why an answer could not be read.
enum ReadFailure {
    /// The exchange broke (before or after the status arrived).
    Transport {
        error: reqwest::Error,
        status: Option<StatusCode>,
    },
    /// The body is larger than the configured limit.
    TooLarge { status: StatusCode, limit: usize },
}

/// Reads an answer's body, at most `limit` bytes. One chunk (the common case) is kept as it
/// arrived; several are joined once.
async fn read_answer(mut response: reqwest::Response, limit: usize) -> Result<Answer, ReadFailure> {
    let status = response.status();
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(ReadFailure::TooLarge { status, limit });
    }
    let headers = std::mem::take(response.headers_mut());
    let mut first: Option<bytes::Bytes> = None;
    let mut joined: Option<bytes::BytesMut> = None;
    let mut total = 0usize;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                total = total.saturating_add(chunk.len());
                if total > limit {
                    return Err(ReadFailure::TooLarge { status, limit });
                }
                match (&first, &mut joined) {
                    (None, _) => first = Some(chunk),
                    (Some(f), None) => {
                        let mut b = bytes::BytesMut::with_capacity(f.len() + chunk.len());
                        b.extend_from_slice(f);
                        b.extend_from_slice(&chunk);
                        joined = Some(b);
                    }
                    (Some(_), Some(b)) => b.extend_from_slice(&chunk),
                }
            }
            Ok(None) => break,
            Err(error) => {
                return Err(ReadFailure::Transport {
                    error,
                    status: Some(status),
                })
            }
        }
    }
    let body = match (joined, first) {
        (Some(b), _) => b.freeze(),
        (None, Some(f)) => f,
        (None, None) => bytes::Bytes::new(),
    };
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// Whether a broken exchange can have been processed by the server: the one classification of
/// transport failures that retries, errors and `is_ambiguous` all use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TransportFailure {
    /// No connection was made (refused, DNS, TLS handshake): the request never left.
    NotSent,
    /// The request may have arrived (timeout, reset while sending or while reading the
    /// answer).
    MaybeProcessed,
}

impl TransportFailure {
    pub(crate) fn of(error: &reqwest::Error) -> TransportFailure {
        if error.is_connect() || error.is_builder() {
            TransportFailure::NotSent
        } else {
            TransportFailure::MaybeProcessed
        }
    }
}

/// What one call's errors say about it, gathered as it runs.
pub(crate) struct Call {
    op: &'static OperationSpec,
    /// The `x-request-id` the call was sent with (visible ASCII).
    request_id: Option<HeaderValue>,
    attempts: u32,
    /// The call's `paygen.call` span, for its `attempts` and `status` (recorded on it
    /// directly: looking the current span up costs a thread-local access per record).
    span: tracing::Span,
}

impl Call {
    /// The request id, for an error.
    fn request_id(&self) -> Option<String> {
        self.request_id
            .as_ref()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }

    fn validation(&self, field: Option<String>, message: impl Into<String>) -> Error {
        let mut v = ValidationError::new(self.op.operation_id, field, message);
        v.request_id = self.request_id();
        v.moves_money = self.op.moves_money;
        Error::Validation(v)
    }

    fn config(&self, message: impl std::fmt::Display) -> Error {
        Error::Config(ConfigError::new(format!(
            "{}: {message}",
            self.op.operation_id
        )))
    }

    fn transport(
        &self,
        error: &reqwest::Error,
        failure: TransportFailure,
        status: Option<StatusCode>,
    ) -> Error {
        let what = describe_reqwest_error(error);
        Error::Transport(TransportError {
            operation: self.op.operation_id.to_string(),
            message: if status.is_some() {
                format!("reading the answer: {what}")
            } else {
                what
            },
            request_id: self.request_id(),
            attempts: self.attempts,
            timeout: error.is_timeout(),
            connect: failure == TransportFailure::NotSent,
            moves_money: self.op.moves_money,
            status: status.map(|s| s.as_u16()),
        })
    }

    fn api(&self, answer: Answer, note: Option<String>, unclear: bool) -> Error {
        Error::Api(Box::new(ApiError::from_answer(
            self.op.operation_id,
            answer.status.as_u16(),
            answer.headers,
            answer.body,
            self.request_id(),
            self.attempts,
            self.op.moves_money,
            note,
            unclear,
        )))
    }

    fn decode(
        &self,
        status: StatusCode,
        body: bytes::Bytes,
        message: String,
        limit: Option<usize>,
    ) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation: self.op.operation_id.to_string(),
            request_id: self.request_id(),
            status: Some(status.as_u16()),
            attempts: self.attempts,
            moves_money: self.op.moves_money,
            message,
            body,
            limit,
        }))
    }
}

/// Refuses a base URL that is not an absolute `http(s)` URL with a host, when the client is
/// built rather than at its first call.
fn check_base_url(family: &FamilyInfo, base_url: &str) -> Result<(), ConfigError> {
    let refuse = |why: &str| {
        ConfigError::new(format!(
            "the {} base URL `{base_url}` {why}; pass an absolute URL such as \
             Environment::custom(\"https://host/path\")",
            family.title
        ))
    };
    let url =
        reqwest::Url::parse(base_url).map_err(|e| refuse(&format!("does not parse ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("is not http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(refuse("has a query or fragment"));
    }
    Ok(())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A transport error in words, without the URL's query (which may carry ids) or any header:
/// what failed (timed out, could not connect, …), the host, and the innermost cause. The one
/// description of transport errors: the runtime's errors and logs and the CLI's webhook
/// deliveries (`paygen trigger`) use it. Hidden: shared with `paygen-cli`, not public API.
#[doc(hidden)]
pub fn describe_reqwest_error(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the answer's body could not be read"
    } else if e.is_request() {
        "the request could not be sent"
    } else {
        "the HTTP exchange failed"
    };
    let host = e
        .url()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let mut source = std::error::Error::source(e);
    let mut cause = String::new();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    match (host.is_empty(), cause.is_empty()) {
        (false, false) => format!("{what} ({host}): {cause}"),
        (false, true) => format!("{what} ({host})"),
        (true, false) => format!("{what}: {cause}"),
        (true, true) => what.to_string(),
    }
}

/// `Method` from the table's text.
#[doc(hidden)]
pub fn method_of(op: &OperationSpec) -> Method {
    Method::from_bytes(op.method.as_bytes()).unwrap_or(Method::GET)
}

/// A builder's failure to make its request, before anything is sent: a required field left
/// unset, a value that does not convert, a header value that cannot travel. Generated code
/// returns it; `send()` turns it into [`Error::Validation`] naming the operation and field.
#[doc(hidden)]
#[derive(Debug)]
pub enum BuildError {
    /// A builder field is missing or does not convert.
    Field {
        /// The builder field (`order_id`, `body`).
        field: &'static str,
        /// progenitor's message.
        message: String,
    },
    /// A header parameter's value has characters a header cannot carry.
    Header,
    /// reqwest refused to build the request (a URL that does not parse).
    Request(String),
}

impl BuildError {
    /// A failure of builder field `field`.
    pub fn field(field: &'static str, message: String) -> BuildError {
        BuildError::Field { field, message }
    }

    /// The public error, for `operation`.
    pub fn into_error(self, operation: &str) -> Error {
        match self {
            BuildError::Field { field, message } => Error::Validation(ValidationError::new(
                operation,
                Some(field.to_string()),
                format!("{message}; set it on the builder"),
            )),
            BuildError::Header => Error::Validation(ValidationError::new(
                operation,
                None,
                "a header parameter has characters a header cannot carry",
            )),
            BuildError::Request(message) => Error::Config(ConfigError::new(format!(
                "{operation}: the request cannot be built ({message}); check the base URL"
            ))),
        }
    }
}

impl From<http::header::InvalidHeaderValue> for BuildError {
    fn from(_: http::header::InvalidHeaderValue) -> Self {
        BuildError::Header
    }
}

impl From<reqwest::Error> for BuildError {
    fn from(e: reqwest::Error) -> Self {
        BuildError::Request(describe_reqwest_error(&e))
    }
}
