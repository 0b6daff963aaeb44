//! [`MockServer`]: axum on tokio, on a loopback port (ephemeral unless one is asked for);
//! dropping it stops it gracefully.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::{broadcast, oneshot};

use crate::config::{Config, Credentials, Environment};

use super::auth::{Authenticator, MockCredentials, TEST_PAYOUT_PUBLIC_KEY_PEM};
use super::clock::MockClock;
use super::connection::{CuttableListener, Peer};
use super::events::{EventSink, MockEvent};
use super::families::{Family, Mount};
use super::faults::{Delivery, Faults};
use super::idempotency::Idempotency;
use super::log::{RequestLog, RequestRecord};
use super::router::{self, Incoming, Routes};
use super::state::{self, FamilyState};
use super::webhooks::{WebhookConfigError, Webhooks};

/// The largest request body the mock reads (larger ones get 413).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How a mock server starts.
///
/// ```
/// let options = paygen::mock::MockOptions::default()
///     .with_port(0)
///     .with_token_ttl(std::time::Duration::from_secs(60));
/// assert_eq!(options.token_ttl_secs, 60);
/// ```
#[derive(Clone, Debug)]
pub struct MockOptions {
    /// The address to listen on (`127.0.0.1` unless set).
    pub host: String,
    /// The port (0: any free one).
    pub port: u16,
    /// The credentials accepted.
    pub credentials: MockCredentials,
    /// How long a Payouts v1 / OneEscrow / Global Collections bearer token lives (300 s).
    pub token_ttl_secs: i64,
    /// Refuse Payouts calls that carry no `X-Cf-Signature` (as from an IP not whitelisted).
    pub require_payout_signature: bool,
    /// Where webhooks go (`--forward-to`), from the start ([`MockServer::webhooks`] adds more).
    pub forward_to: Vec<String>,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            host: "127.0.0.1".into(),
            port: 0,
            credentials: MockCredentials::default(),
            token_ttl_secs: 300,
            require_payout_signature: false,
            forward_to: Vec::new(),
        }
    }
}

impl MockOptions {
    /// Listen on this host.
    pub fn with_host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }
    /// Listen on this port (0: any free one).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }
    /// Accept these merchant credentials.
    pub fn with_credentials(mut self, credentials: MockCredentials) -> Self {
        self.credentials = credentials;
        self
    }
    /// Bearer tokens live this long.
    pub fn with_token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl_secs = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        self
    }
    /// Refuse Payouts calls without `X-Cf-Signature`.
    pub fn with_required_payout_signature(mut self, required: bool) -> Self {
        self.require_payout_signature = required;
        self
    }
    /// Add a webhook destination.
    pub fn with_forward_to(mut self, url: impl Into<String>) -> Self {
        self.forward_to.push(url.into());
        self
    }
}

/// One family's state rules with the families they serve.
pub(crate) type Registered = (&'static [Family], Mutex<Box<dyn FamilyState>>);

/// The state of one server, shared by its connections.
pub struct Inner {
    pub(crate) routes: Routes,
    pub(crate) auth: Authenticator,
    pub(crate) clock: MockClock,
    pub(crate) log: RequestLog,
    pub(crate) events: EventSink,
    pub(crate) idempotency: Idempotency,
    /// Each family's state rules, with the families they serve (read without locking).
    pub(crate) states: Vec<Registered>,
    pub(crate) token_ttl_secs: i64,
    pub(crate) faults: Faults,
    pub(crate) webhooks: Webhooks,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("routes", &self.routes.len())
            .finish_non_exhaustive()
    }
}

impl Inner {
    pub(crate) fn ctx(&self) -> state::Ctx<'_> {
        state::Ctx {
            clock: &self.clock,
            events: &self.events,
            tokens: &self.auth.tokens,
            credentials: &self.auth.credentials,
            token_ttl_secs: self.token_ttl_secs,
        }
    }

    /// A family's own control endpoint, if one answers `path`.
    pub(crate) fn family_control(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> Option<super::answer::Answer> {
        let ctx = self.ctx();
        for (_, state) in &self.states {
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(result) = state.control(method, path, body, &ctx) {
                let dialect = state
                    .families()
                    .first()
                    .map(|f| Mount::of(*f).dialect)
                    .unwrap_or(super::answer::Dialect::Common);
                return Some(result.unwrap_or_else(|r| dialect.answer(&r)));
            }
        }
        None
    }

    pub(crate) fn reset(&self) {
        for (_, state) in &self.states {
            state.lock().unwrap_or_else(|p| p.into_inner()).reset();
        }
        self.auth.tokens.clear();
        self.idempotency.clear();
        self.log.clear();
        self.faults.clear();
        self.webhooks.reset();
        self.clock.reset();
    }
}

/// Why a mock server did not start: it could not listen, or a `--forward-to` URL is not one
/// (then `address` is `--forward-to URL` and `source` is an `InvalidInput` error).
#[derive(Debug)]
pub struct StartError {
    /// The address asked for.
    pub address: String,
    /// The operating system's reason.
    pub source: std::io::Error,
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (address, source) = (&self.address, &self.source);
        if source.kind() == std::io::ErrorKind::InvalidInput && address.starts_with("--forward-to")
        {
            write!(f, "paygen mock cannot start: {address}: {source}")
        } else {
            write!(f, "paygen mock could not listen on {address}: {source}; choose another --host/--port (0 picks a free port)")
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A local, stateful Cashfree: every operation of every family on one port.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = paygen::mock::MockServer::start().await?;
/// let pg = paygen::pg::Client::from_config(mock.config())?;
/// let order = pg.get_order().order_id("no_such_order").send().await;
/// assert!(order.is_err());
/// assert_eq!(mock.requests().len(), 1);
/// # Ok(()) }
/// ```
pub struct MockServer {
    origin: String,
    inner: Arc<Inner>,
    options: MockOptions,
    shutdown: Option<oneshot::Sender<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

async fn serve(
    State(inner): State<Arc<Inner>>,
    ConnectInfo(peer): ConnectInfo<Peer>,
    request: Request<axum::body::Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let body: Bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("{{\"message\":\"the body is larger than {MAX_BODY_BYTES} bytes\",\"code\":\"request_invalid\",\"type\":\"invalid_request_error\"}}"),
            )
                .into_response()
        }
    };
    let incoming = Incoming {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &body,
    };
    let out = router::handle(&inner, &incoming);
    match out.delivery {
        Delivery::Answer => {}
        Delivery::After(wait) => tokio::time::sleep(wait).await,
        Delivery::Drop => {
            peer.cut.cut();
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let status = StatusCode::from_u16(out.answer.status).unwrap_or(StatusCode::OK);
    let has_body = !out.answer.body.is_empty();
    let mut response = (status, out.answer.body).into_response();
    let headers = response.headers_mut();
    for (name, value) in out.answer.headers {
        if let Ok(v) = http::HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
    router::standard_headers(headers, &out.request_id, has_body);
    response
}

impl MockServer {
    /// Starts a server on an ephemeral loopback port with the default test credentials.
    pub async fn start() -> Result<MockServer, StartError> {
        MockServer::start_with(MockOptions::default()).await
    }

    /// Starts a server with these options.
    pub async fn start_with(options: MockOptions) -> Result<MockServer, StartError> {
        let address = format!("{}:{}", options.host, options.port);
        let listener = tokio::net::TcpListener::bind(&address)
            .await
            .map_err(|source| StartError {
                address: address.clone(),
                source,
            })?;
        let local: SocketAddr = listener.local_addr().map_err(|source| StartError {
            address: address.clone(),
            source,
        })?;
        let host = match local {
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
            SocketAddr::V4(a) => a.ip().to_string(),
        };
        let origin = format!("http://{host}:{}", local.port());
        let events = EventSink::default();
        let webhooks = Webhooks::start(
            events.subscribe(),
            options.credentials.client_secret.clone(),
            options.credentials.partner_api_key.clone(),
            Vec::new(),
        );
        for url in &options.forward_to {
            webhooks.forward_to(url.clone()).map_err(|e| {
                webhooks.stop();
                StartError {
                    address: format!("--forward-to {url}"),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()),
                }
            })?;
        }
        let inner = Arc::new(Inner {
            routes: Routes::build(),
            auth: Authenticator::new(
                options.credentials.clone(),
                options.require_payout_signature,
            ),
            clock: MockClock::default(),
            log: RequestLog::default(),
            events,
            idempotency: Idempotency::default(),
            states: state::all()
                .into_iter()
                .map(|s| (s.families(), Mutex::new(s)))
                .collect(),
            token_ttl_secs: options.token_ttl_secs,
            faults: Faults::default(),
            webhooks,
        });
        let app = axum::Router::new()
            .fallback(serve)
            .with_state(inner.clone());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(
                CuttableListener(listener),
                app.into_make_service_with_connect_info::<Peer>(),
            )
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        });
        Ok(MockServer {
            origin,
            inner,
            options,
            shutdown: Some(tx),
        })
    }

    /// `http://HOST:PORT`.
    pub fn url(&self) -> &str {
        &self.origin
    }

    /// The base URL of a family on this server (what `Environment::custom` takes).
    pub fn base_url(&self, family: Family) -> String {
        Mount::of(family).base_url(&self.origin)
    }

    /// A configuration for `family` on this server with the server's merchant credentials
    /// (HMAC credentials for Payin & Payout; the TEST public key for the Payouts families).
    pub fn config_for(&self, family: Family) -> Config {
        let c = &self.options.credentials;
        let env = Environment::custom(self.base_url(family));
        match family {
            Family::PayinPayout => Config::new(
                env,
                Credentials::hmac(c.access_key.clone(), c.client_secret.expose().to_string()),
            ),
            Family::PayoutsV1 | Family::PayoutsV2 | Family::OneEscrow => Config::new(
                env,
                Credentials::merchant(c.client_id.clone(), c.client_secret.expose().to_string()),
            )
            // A constant shipped with the crate (pinned by a unit test), not input.
            .with_payout_public_key_pem(TEST_PAYOUT_PUBLIC_KEY_PEM)
            .expect("the mock's TEST public key is a valid RSA public key"),
            _ => Config::new(
                env,
                Credentials::merchant(c.client_id.clone(), c.client_secret.expose().to_string()),
            ),
        }
    }

    /// The PG client's configuration.
    pub fn config(&self) -> Config {
        self.config_for(Family::Pg)
    }

    /// The Payouts v2 client's configuration (with the mock's TEST public key, so every call
    /// carries an `X-Cf-Signature` the mock checks).
    pub fn payouts_config(&self) -> Config {
        self.config_for(Family::PayoutsV2)
    }

    /// The Payouts v1 (Cashgram) client's configuration.
    pub fn payouts_v1_config(&self) -> Config {
        self.config_for(Family::PayoutsV1)
    }

    /// The Payin & Payout client's configuration (HMAC credentials).
    pub fn payin_payout_config(&self) -> Config {
        self.config_for(Family::PayinPayout)
    }

    /// The mock's TEST public key (PEM), the one `payouts_config` configures.
    pub fn payout_public_key_pem(&self) -> &'static str {
        TEST_PAYOUT_PUBLIC_KEY_PEM
    }

    /// The server's clock.
    pub fn clock(&self) -> &MockClock {
        &self.inner.clock
    }

    /// Empties all state, tokens, idempotency keys and the request log; the clock goes back
    /// to real time.
    pub fn reset(&self) {
        self.inner.reset();
    }

    /// Sends a control request, as `METHOD /__paygen<path>` would (`path` is what follows the
    /// prefix): the Rust door to the control API, e.g. for the acts of a customer or
    /// recipient that no Cashfree operation performs.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = paygen::mock::MockServer::start().await?;
    /// // The recipient redeems the Cashgram `JOHaN10`.
    /// let answer = mock.control("POST", "/payouts-v1/cashgrams/JOHaN10/redeem", b"");
    /// assert_eq!(answer.status, 404, "no such Cashgram yet");
    /// # Ok(()) }
    /// ```
    pub fn control(&self, method: &str, path: &str, body: &[u8]) -> super::answer::Answer {
        let method = http::Method::from_bytes(method.as_bytes()).unwrap_or(http::Method::GET);
        super::control::handle(&self.inner, &method, path, body)
    }

    /// Makes the state change that produces the documented webhook `event`
    /// (`PAYMENT_SUCCESS_WEBHOOK`, `DISPUTE_CREATED`, `payout.succeeded`, …), so the mock's
    /// webhook delivery sends it to its endpoints, and to `forward_to` too when given: what
    /// `POST /__paygen/trigger` and `paygen trigger EVENT --mock URL` do
    /// ([`trigger`](super::trigger)).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = paygen::mock::MockServer::start().await?;
    /// let done = mock.trigger("PAYMENT_SUCCESS_WEBHOOK", Some("http://127.0.0.1:8765/hook"))?;
    /// println!("{:?}", done.created); // the order and payment it made
    /// # Ok(()) }
    /// ```
    pub fn trigger(
        &self,
        event: &str,
        forward_to: Option<&str>,
    ) -> Result<super::trigger::Triggered, super::trigger::TriggerError> {
        super::trigger::trigger(&self.inner, event, forward_to)
    }

    /// Every request answered so far, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.inner.log.snapshot()
    }

    /// A receiver of the events state changes produce from now on (the webhook delivery
    /// hook).
    pub fn events(&self) -> broadcast::Receiver<MockEvent> {
        self.inner.events.subscribe()
    }

    /// The `--forward-to` URLs given at start ([`MockServer::webhooks`] has every endpoint).
    pub fn forward_to(&self) -> &[String] {
        &self.options.forward_to
    }

    /// Webhook delivery: endpoints, retry policy and the delivery log.
    pub fn webhooks(&self) -> &Webhooks {
        &self.inner.webhooks
    }

    /// Delivers every webhook to `url` too, signed as Cashfree signs them (latest payload
    /// version; [`Webhooks::add_endpoint`] chooses another).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = paygen::mock::MockServer::start().await?;
    /// mock.forward_webhooks_to("http://127.0.0.1:3000/webhooks/cashfree")?;
    /// # Ok(()) }
    /// ```
    pub fn forward_webhooks_to(&self, url: impl Into<String>) -> Result<(), WebhookConfigError> {
        self.inner.webhooks.forward_to(url)
    }

    /// Fault injection: make chosen operations misbehave.
    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    /// The options it was started with.
    pub fn options(&self) -> &MockOptions {
        &self.options
    }

    /// How many operations are routed (every operation of every spec).
    pub fn operation_count(&self) -> usize {
        self.inner.routes.len()
    }

    /// Each family with its base URL on this server, in banner order.
    pub fn families(&self) -> Vec<(Family, &'static str, String)> {
        super::families::MOUNTS
            .iter()
            .map(|m| (m.family, m.info.title, m.base_url(&self.origin)))
            .collect()
    }

    /// Stops the server (as dropping it does).
    pub fn stop(mut self) {
        self.inner.webhooks.stop();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.inner.webhooks.stop();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
