//! The runtime every generated client runs on: headers, auth, validation, retries, tracing.
//!
//! Generated clients call [`Runtime::execute`] from progenitor's `exec` hook for every request.
//! What it does for one call, in order:
//! 1. replaces progenitor's `api-version` header with the family's (`x-api-version`), sets the
//!    `User-Agent`, and an `x-request-id` (a fresh UUID unless the caller gave one);
//! 2. refuses sandbox-only operations against production, and validates the JSON body against
//!    the spec's constraints — a broken rule is an error before anything is sent;
//! 3. authenticates each attempt through the family's [`Protocol`] (headers, bearer token,
//!    HMAC signature over the exact bytes sent);
//! 4. sends, and retries only what is safe to send again (see [`crate::retry`]);
//! 5. turns every failure into an [`envelope::ErrorEnvelope`] that becomes a [`crate::Error`].

pub mod envelope;
pub mod envelope_v1;
#[cfg(any(feature = "pg", feature = "international"))]
pub(crate) mod multipart;
#[cfg(any(feature = "payouts", feature = "payin-payout"))]
pub(crate) mod once;
pub mod outcome;
pub mod protocol;
pub mod token;
pub mod validate;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderValue, Method, StatusCode};
use tracing::Instrument;

pub use envelope::ErrorEnvelope;
use envelope::{Kind, Record};
pub use protocol::{HeaderAuth, Protocol};

use crate::config::{Config, Environment};
use crate::error::ConfigError;
use crate::retry::{is_idempotent, is_retryable_status, rate_limit_wait};

/// What the runtime knows about one operation, generated from its spec.
#[derive(Debug)]
pub struct OperationSpec {
    /// `operationId`.
    pub operation_id: &'static str,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template as in the spec.
    pub path: &'static str,
    /// `x-auth`.
    pub auth: &'static str,
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

/// What the runtime knows about one API family, generated from its spec.
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
    pub fn connect(
        family: &'static FamilyInfo,
        config: Config,
        protocol: Arc<dyn Protocol>,
    ) -> Result<Connection, ConfigError> {
        let base_url = family.base_url(&config.environment)?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .pool_idle_timeout(Duration::from_secs(90))
            .tcp_keepalive(Duration::from_secs(60))
            .user_agent(config.user_agent.clone())
            .https_only(false)
            .tls_backend_preconfigured(crate::tls::client_config()?)
            .build()
            .map_err(|e| ConfigError::new(format!("cannot build the HTTP client: {e}")))?;
        let in_flight = config
            .max_in_flight
            .map(|n| Arc::new(tokio::sync::Semaphore::new(n)));
        let runtime = Runtime {
            family,
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

    /// The family's operation table.
    pub fn family(&self) -> &'static FamilyInfo {
        self.family
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The auth protocol.
    pub fn protocol(&self) -> &Arc<dyn Protocol> {
        &self.protocol
    }

    /// Runs one call (see the module docs). Never fails: a failure is returned as an error
    /// answer carrying an [`ErrorEnvelope`], which generated code hands to [`crate::Error`].
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Response {
        let Some(op) = self.family.operation(operation_id) else {
            let record = Record::new(Kind::Config, operation_id, "not in the operation table");
            return synthesize(record, None);
        };
        let headers = request.headers_mut();
        headers.remove("api-version");
        if let Some(name) = self.family.api_version_header {
            let version = self
                .config
                .api_version
                .as_deref()
                .unwrap_or(self.family.api_version);
            if let Ok(v) = HeaderValue::from_str(version) {
                headers.insert(name, v);
            }
        }
        let request_id = if self.family.request_id_header {
            let id = match headers.get("x-request-id").and_then(|v| v.to_str().ok()) {
                Some(given) if !given.is_empty() => given.to_string(),
                _ => uuid::Uuid::new_v4().to_string(),
            };
            if let Ok(v) = HeaderValue::from_str(&id) {
                headers.insert("x-request-id", v);
            }
            Some(id)
        } else {
            None
        };
        let span = tracing::info_span!(
            "paygen.call",
            family = self.family.spec,
            operation = op.operation_id,
            request_id = request_id.as_deref().unwrap_or(""),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.run(http, request, op, request_id)
            .instrument(span)
            .await
    }

    async fn run(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        op: &'static OperationSpec,
        request_id: Option<String>,
    ) -> reqwest::Response {
        let fail = |kind: Kind, message: String| {
            let mut r = Record::new(kind, op.operation_id, message);
            r.request_id = request_id.clone();
            r.moves_money = op.moves_money;
            r
        };
        if op.sandbox_only && self.config.environment == Environment::Production {
            let message = "is a sandbox-only simulation and is refused against production; \
                           use Environment::Sandbox";
            return synthesize(fail(Kind::Config, message.into()), None);
        }
        let body_check = match (op.request_schema, request.body().and_then(|b| b.as_bytes())) {
            (Some(schema), Some(body)) => validate::validate_body(schema, body),
            _ => Ok(()),
        };
        let checked = body_check.and_then(|()| match op.query_schema {
            Some(schema) => validate::validate_query(schema, request.url()),
            None => Ok(()),
        });
        if let Err(v) = checked {
            let mut r = fail(Kind::Validation, v.message);
            r.field = (!v.path.is_empty()).then_some(v.path);
            return synthesize(r, None);
        }
        let has_key = request.headers().contains_key("x-idempotency-key");
        let may_resend = !op.moves_money && is_idempotent(request.method(), has_key);
        let max_attempts = if may_resend {
            self.config.retry.max_attempts()
        } else {
            1
        };
        let mut attempt = 0u32;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempts", attempt);
            let Some(mut this) = request.try_clone() else {
                return synthesize(
                    fail(Kind::Config, "the request body cannot be re-read".into()),
                    None,
                );
            };
            if let Err(message) = self.protocol.authenticate(self, op, &mut this).await {
                let mut r = fail(Kind::Config, message);
                r.attempts = attempt - 1;
                return synthesize(r, None);
            }
            let sent_headers = this.headers().clone();
            // Held only while this attempt is on the wire (not while authenticating, which may
            // itself call the API for a token, nor while waiting to retry).
            let permit = match &self.in_flight {
                Some(limit) => limit.clone().acquire_owned().await.ok(),
                None => None,
            };
            let sent = http.execute(this).await;
            drop(permit);
            match sent {
                Ok(response) => {
                    let status = response.status();
                    tracing::Span::current().record("status", status.as_u16());
                    let inspect = !status.is_success()
                        || self.protocol.inspects_success(op)
                        || crate::response::capturing();
                    if !inspect {
                        tracing::debug!(status = status.as_u16(), attempt, "answered");
                        return response;
                    }
                    let headers = response.headers().clone();
                    let version = response.version();
                    let body = match response.bytes().await {
                        Ok(b) => b,
                        Err(e) => {
                            let mut r = fail(
                                Kind::Transport,
                                format!("reading the answer: {}", describe_reqwest_error(&e)),
                            );
                            r.attempts = attempt;
                            r.timeout = e.is_timeout();
                            return synthesize(r, None);
                        }
                    };
                    let is_error =
                        !status.is_success() || self.protocol.is_error(op, status, &body);
                    if !is_error {
                        crate::response::keep(&body);
                        return rebuild(status, version, &headers, body);
                    }
                    if !reauthenticated && self.protocol.wants_reauthentication(op, status, &body) {
                        // An expired token: refresh it and send once more, never in a loop.
                        reauthenticated = true;
                        self.protocol.invalidate().await;
                        attempt -= 1;
                        tracing::info!("credentials refreshed after the API rejected them");
                        continue;
                    }
                    if attempt < max_attempts {
                        let wait = if status == StatusCode::TOO_MANY_REQUESTS {
                            let wait = rate_limit_wait(&headers, unix_now());
                            (wait <= self.config.retry.max_rate_limit_wait()).then_some(wait)
                        } else if is_retryable_status(status) {
                            Some(self.config.retry.backoff(attempt))
                        } else {
                            None
                        };
                        if let Some(wait) = wait {
                            tracing::warn!(
                                status = status.as_u16(),
                                attempt,
                                wait_ms = wait.as_millis() as u64,
                                "retrying"
                            );
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    let note = self
                        .protocol
                        .explain_rejection(op, &sent_headers, status, &body);
                    let mut r = fail(Kind::Api, note.unwrap_or_default())
                        .with_body(&body)
                        .with_headers(&headers);
                    r.status = Some(status.as_u16());
                    r.attempts = attempt;
                    tracing::warn!(
                        status = status.as_u16(),
                        attempt,
                        "the API answered with an error"
                    );
                    return synthesize(r, Some(status));
                }
                Err(e) => {
                    let transient = e.is_connect() || e.is_timeout();
                    if transient && attempt < max_attempts {
                        let wait = self.config.retry.backoff(attempt);
                        tracing::warn!(attempt, error = %describe_reqwest_error(&e), "retrying after a transport error");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    let mut r = fail(Kind::Transport, describe_reqwest_error(&e));
                    r.attempts = attempt;
                    r.timeout = e.is_timeout();
                    r.connect = e.is_connect();
                    tracing::warn!(attempt, error = %r.message, "no answer");
                    return synthesize(r, None);
                }
            }
        }
    }
}

impl Runtime {
    /// Sends a request built by hand (a multipart operation progenitor cannot generate) through
    /// [`Runtime::execute`], and reads the answer exactly as generated operations do: a success
    /// parses into `T`, an error becomes the same [`crate::Error`].
    #[cfg(any(feature = "pg", feature = "international"))]
    pub(crate) async fn send_hand_written<T: serde::de::DeserializeOwned>(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &str,
    ) -> Result<crate::Response<T>, crate::Error> {
        use progenitor_client::{Error as P, ResponseValue};
        let mut answered = None;
        let call = async {
            let response = self.execute(http, request, operation_id).await;
            let status = response.status();
            answered = Some(status.as_u16());
            match status.as_u16() {
                200..=299 => ResponseValue::<T>::from_response::<ErrorEnvelope>(response).await,
                400..=599 => {
                    match ResponseValue::<ErrorEnvelope>::from_response::<ErrorEnvelope>(response)
                        .await
                    {
                        Ok(envelope) => Err(P::ErrorResponse(envelope)),
                        Err(e) => Err(e),
                    }
                }
                _ => Err(P::UnexpectedResponse(response)),
            }
        };
        let result = crate::response::capture(call).await;
        result.map_err(|e| match e {
            // A success that does not parse keeps the status it came with.
            crate::Error::Decode(mut d) if d.status.is_none() => {
                d.status = answered;
                crate::Error::Decode(d)
            }
            other => other,
        })
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A transport error in words, without the URL's query (which may carry ids) or any header.
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

/// A response carrying the bytes already read.
fn rebuild(
    status: StatusCode,
    version: http::Version,
    headers: &http::HeaderMap,
    body: bytes::Bytes,
) -> reqwest::Response {
    let mut builder = http::Response::builder().status(status).version(version);
    if let Some(h) = builder.headers_mut() {
        *h = headers.clone();
    }
    let response = builder
        .body(body)
        .unwrap_or_else(|_| http::Response::new(bytes::Bytes::new()));
    reqwest::Response::from(response)
}

/// The error answer generated code receives for a failure: `status` when the server sent an
/// error status, else 599 (a status that only says "see the record").
fn synthesize(record: Record, status: Option<StatusCode>) -> reqwest::Response {
    let status = status
        .filter(|s| s.is_client_error() || s.is_server_error())
        .unwrap_or_else(|| StatusCode::from_u16(599).expect("599 is a valid status"));
    let body = serde_json::to_vec(&record.into_envelope()).unwrap_or_default();
    let mut response = http::Response::new(bytes::Bytes::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    reqwest::Response::from(response)
}

/// `Method` from the table's text.
pub fn method_of(op: &OperationSpec) -> Method {
    Method::from_bytes(op.method.as_bytes()).unwrap_or(Method::GET)
}

/// Implements progenitor's hooks for a generated `Client` so that every request runs through
/// [`Runtime::execute`].
#[macro_export]
#[doc(hidden)]
macro_rules! runtime_hooks {
    ($client:ty) => {
        impl progenitor_client::ClientHooks<$crate::runtime::Runtime> for $client {
            async fn exec(
                &self,
                request: reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                Ok(self
                    .inner
                    .execute(&self.client, request, info.operation_id)
                    .await)
            }
        }
    };
}
