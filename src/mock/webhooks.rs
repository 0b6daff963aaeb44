//! Webhook delivery from the mock: every [`MockEvent`] a family's state rules publish becomes
//! the payload Cashfree documents for it, signed as Cashfree signs it, and POSTed to every
//! endpoint (`--forward-to URL`, [`MockServer::forward_webhooks_to`](super::MockServer::forward_webhooks_to),
//! `POST /__paygen/webhooks/endpoints`).
//!
//! **Payloads**, by the event's family (its spec name):
//!
//! | family | body | signed with |
//! |---|---|---|
//! | `cashfree-pg` (payments, refunds, disputes, links), `cashfree-collect-from-india`, `cashfree-payouts-v2`, any other | `{"data": …, "event_time": …, "type": …}` | the merchant's client secret |
//! | `cashfree-global-collections` | the event's data as it is (the documented body is flat) | the partner API key |
//! | `payin-payout` | `{"event": …, "data": …}` | nothing (the API documents no signature) |
//! | `cashfree-payouts-v1` (Cashgram) | `application/x-www-form-urlencoded`: the event's fields and a `signature` field | in the body: [`sign_form_fields`](crate::webhooks::sign_form_fields), keyed with the client secret |
//! | `PAYMENT_LINK_EVENT` (PG) | `{"data": …, "type": …, "version": 1, "event_time": …}`, as document 083 shows it | the merchant's client secret |
//!
//! Signed deliveries carry `x-webhook-timestamp` (milliseconds, fresh on each attempt) and
//! `x-webhook-signature` = base64 HMAC-SHA256 of the timestamp followed by the raw body
//! ([`paygen::webhooks::sign`](crate::webhooks::sign)). Every delivery carries
//! `x-webhook-attempt` (1, 2, …), `x-idempotency-key` (base64 SHA-256 of the body: the same on
//! every attempt of one event) and, when signed, `x-webhook-version`: each endpoint chooses
//! [`PayloadVersion`] `2025-01-01` (the default) or `2023-08-01`, whose PG payloads lack the
//! fields 2025-01-01 added (`terminal_details`, `payment.international_payment`,
//! `payment.payment_surcharge`, the UPI payer details, `dispute.dispute_amount_currency`).
//!
//! **Retries**: an attempt not answered 2xx (or not answered at all) is retried after a
//! backoff that doubles from [`RetryPolicy::first_backoff`] up to
//! [`RetryPolicy::max_backoff`], driven by real time, at most [`RetryPolicy::max_attempts`]
//! attempts. Deliveries of one resource (order, refund, transfer…) to one endpoint go one at
//! a time in the order the events happened, so a later event never overtakes an earlier one
//! still being retried; different resources go in parallel.
//!
//! **Bounds**: at most [`MAX_QUEUED`] deliveries wait (more are dropped and logged as
//! [`Outcome::Dropped`]), the log keeps the last [`MAX_LOG`] attempts, at most
//! [`MAX_ENDPOINTS`] endpoints.
//!
//! **The delivery log** ([`Webhooks::deliveries`], `GET /__paygen/webhooks/deliveries`) has
//! one [`DeliveryRecord`] per attempt: endpoint, event, attempt number, status or error, and
//! latency.
//!
//! **For the families' state rules**: publish a [`MockEvent`] through `ctx.events` whose
//! `family` is the spec name, `event_type` the documented type (`PAYMENT_SUCCESS_WEBHOOK`,
//! `payout.succeeded`, `INTERNATIONAL_PAYMENT_COLLECTED`…), `resource_id` the record's id, and
//! `data` the documented `data` object as exact JSON text (for Global Collections the whole
//! documented body). PG events are written in their 2025-01-01 form; the 2023-08-01 form is
//! derived here.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use tokio::sync::{broadcast, Notify};

use super::answer::{Answer, Dialect, Refusal};
use super::events::MockEvent;
use crate::Secret;

/// The most deliveries waiting to be sent, across all endpoints.
pub const MAX_QUEUED: usize = 10_000;

/// The most attempts the delivery log keeps (the oldest are forgotten first).
pub const MAX_LOG: usize = 10_000;

/// The most webhook endpoints one mock delivers to.
pub const MAX_ENDPOINTS: usize = 64;

/// The most attempts a [`RetryPolicy`] may ask for.
pub const MAX_ATTEMPTS: u32 = 20;

/// The PG webhook payload version an endpoint receives (`x-webhook-version`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PayloadVersion {
    /// `2025-01-01`, the latest.
    #[default]
    #[serde(rename = "2025-01-01")]
    V2025_01_01,
    /// `2023-08-01`.
    #[serde(rename = "2023-08-01")]
    V2023_08_01,
}

impl PayloadVersion {
    /// The header's text.
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadVersion::V2025_01_01 => "2025-01-01",
            PayloadVersion::V2023_08_01 => "2023-08-01",
        }
    }
}

/// Where webhooks go.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Endpoint {
    /// An `http://` or `https://` URL.
    pub url: String,
    /// The PG payload version it receives.
    #[serde(default)]
    pub version: PayloadVersion,
}

impl Endpoint {
    /// An endpoint receiving the latest payload version.
    pub fn new(url: impl Into<String>) -> Endpoint {
        Endpoint {
            url: url.into(),
            version: PayloadVersion::default(),
        }
    }

    /// Receives `version` instead.
    pub fn with_version(mut self, version: PayloadVersion) -> Endpoint {
        self.version = version;
        self
    }
}

/// How often, and how patiently, a delivery is tried.
///
/// ```
/// use std::time::Duration;
/// let quick = paygen::mock::webhooks::RetryPolicy {
///     max_attempts: 3,
///     first_backoff: Duration::from_millis(50),
///     ..Default::default()
/// };
/// assert_eq!(quick.backoff(1), Duration::from_millis(50));
/// assert_eq!(quick.backoff(2), Duration::from_millis(100));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1–[`MAX_ATTEMPTS`]); 5 unless set.
    pub max_attempts: u32,
    /// The wait before the second attempt (1 s unless set); each later wait doubles it.
    pub first_backoff: Duration,
    /// The longest wait between attempts (60 s unless set).
    pub max_backoff: Duration,
    /// How long one attempt waits for an answer (10 s unless set).
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `attempt` (1-based).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let doubled = self
            .first_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        doubled.min(self.max_backoff.max(self.first_backoff))
    }
}

/// What became of one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Answered 2xx: done.
    Delivered,
    /// Not answered 2xx; it will be tried again.
    WillRetry,
    /// Not answered 2xx, and that was the last attempt.
    GaveUp,
    /// Never sent: [`MAX_QUEUED`] deliveries were waiting already, the event channel
    /// overflowed.
    Dropped,
}

/// One attempt to deliver one event to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryRecord {
    /// The delivery (one event to one endpoint; all its attempts share it).
    pub delivery_id: u64,
    /// The endpoint's URL.
    pub url: String,
    /// The event's family (spec name).
    pub family: &'static str,
    /// The event type.
    pub event_type: String,
    /// The resource the event is about.
    pub resource_id: String,
    /// `x-webhook-version`, when sent.
    pub version: Option<&'static str>,
    /// `x-webhook-attempt`: 1 for the first.
    pub attempt: u32,
    /// The receiver's status, when it answered.
    pub status: Option<u16>,
    /// Why there was no answer (connection refused, timeout…).
    pub error: Option<String>,
    /// From sending to the answer (or the failure), in milliseconds.
    pub latency_ms: u64,
    /// `x-idempotency-key`.
    pub idempotency_key: String,
    /// What became of it.
    pub outcome: Outcome,
}

/// Why an endpoint or policy was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WebhookConfigError(String);

/// Which secret signs a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Merchant,
    Partner,
}

/// A payload ready to send.
#[derive(Clone, Debug)]
struct Payload {
    body: Arc<Vec<u8>>,
    content_type: &'static str,
    key: Option<Key>,
    version: Option<&'static str>,
    idempotency_key: String,
}

#[derive(Clone, Debug)]
struct Job {
    id: u64,
    url: String,
    event: Arc<MockEvent>,
    payload: Payload,
}

#[derive(Debug, Default)]
struct Queues {
    /// Per (endpoint URL, resource id): waiting deliveries, the front one being sent.
    by_resource: HashMap<(String, String), VecDeque<Job>>,
    total: usize,
}

struct Shared {
    endpoints: Mutex<Vec<Endpoint>>,
    policy: Mutex<RetryPolicy>,
    log: Mutex<VecDeque<DeliveryRecord>>,
    queues: Mutex<Queues>,
    http: Result<reqwest::Client, String>,
    merchant_secret: Secret,
    partner_key: Secret,
    next_id: AtomicU64,
    stopped: AtomicBool,
    logged: Notify,
}

/// Webhook delivery for one mock server: its endpoints, retry policy and delivery log.
/// Cloning gives another handle to the same deliveries.
#[derive(Clone)]
pub struct Webhooks {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhooks")
            .field("endpoints", &self.endpoints())
            .finish_non_exhaustive()
    }
}

fn check_url(url: &str) -> Result<(), WebhookConfigError> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() <= 2048
        && reqwest::Url::parse(url).is_ok();
    if ok {
        Ok(())
    } else {
        Err(WebhookConfigError(format!(
            "webhook endpoint `{}` is not an http:// or https:// URL; give one like http://127.0.0.1:8080/webhooks",
            url.chars().take(200).collect::<String>()
        )))
    }
}

/// Refuses an endpoint whose URL is not an http(s) URL.
pub(crate) fn check_endpoint(endpoint: &Endpoint) -> Result<(), WebhookConfigError> {
    check_url(&endpoint.url)
}

fn now_millis() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
        .to_string()
}

impl Webhooks {
    /// Starts delivering the events `events` receives, signed with `merchant_secret` (and
    /// `partner_key` for Global Collections), to `endpoints` and any added later. Needs a
    /// tokio runtime; delivery stops with [`Webhooks::stop`] or when the event channel closes.
    pub(crate) fn start(
        events: broadcast::Receiver<MockEvent>,
        merchant_secret: Secret,
        partner_key: Secret,
        endpoints: Vec<Endpoint>,
    ) -> Webhooks {
        let http = crate::tls::client_config()
            .map_err(|e| e.to_string())
            .and_then(|tls| {
                reqwest::Client::builder()
                    .tls_backend_preconfigured(tls)
                    .user_agent("paygen-mock-webhooks")
                    .pool_idle_timeout(Duration::from_secs(30))
                    .build()
                    .map_err(|e| e.to_string())
            });
        let webhooks = Webhooks {
            shared: Arc::new(Shared {
                endpoints: Mutex::new(endpoints),
                policy: Mutex::new(RetryPolicy::default()),
                log: Mutex::new(VecDeque::new()),
                queues: Mutex::new(Queues::default()),
                http,
                merchant_secret,
                partner_key,
                next_id: AtomicU64::new(0),
                stopped: AtomicBool::new(false),
                logged: Notify::new(),
            }),
        };
        let shared = webhooks.shared.clone();
        tokio::spawn(dispatch(shared, events));
        webhooks
    }

    /// Delivers to `url` too (latest payload version).
    pub fn forward_to(&self, url: impl Into<String>) -> Result<(), WebhookConfigError> {
        self.add_endpoint(Endpoint::new(url))
    }

    /// Delivers to this endpoint too (a URL already added gets the new version).
    pub fn add_endpoint(&self, endpoint: Endpoint) -> Result<(), WebhookConfigError> {
        check_url(&endpoint.url)?;
        let mut endpoints = lock(&self.shared.endpoints);
        if let Some(e) = endpoints.iter_mut().find(|e| e.url == endpoint.url) {
            e.version = endpoint.version;
            return Ok(());
        }
        if endpoints.len() >= MAX_ENDPOINTS {
            return Err(WebhookConfigError(format!(
                "{MAX_ENDPOINTS} webhook endpoints are set already; remove some first"
            )));
        }
        endpoints.push(endpoint);
        Ok(())
    }

    /// Delivers this one event to `endpoint` as well as to the endpoints already set (which
    /// get it anyway when it was published): what `paygen trigger EVENT --mock URL
    /// --forward-to URL` uses. Signed, retried and logged like every delivery.
    pub fn deliver_to(
        &self,
        endpoint: Endpoint,
        event: MockEvent,
    ) -> Result<(), WebhookConfigError> {
        check_url(&endpoint.url)?;
        enqueue_to(&self.shared, event, vec![endpoint]);
        Ok(())
    }

    /// Stops delivering to every endpoint (deliveries already queued still go).
    pub fn clear_endpoints(&self) {
        lock(&self.shared.endpoints).clear();
    }

    /// The endpoints delivered to.
    pub fn endpoints(&self) -> Vec<Endpoint> {
        lock(&self.shared.endpoints).clone()
    }

    /// Uses this retry policy for attempts from now on. Refused when it asks for 0 or more
    /// than [`MAX_ATTEMPTS`] attempts, or a zero timeout.
    pub fn set_retry_policy(&self, policy: RetryPolicy) -> Result<(), WebhookConfigError> {
        if policy.max_attempts == 0 || policy.max_attempts > MAX_ATTEMPTS {
            return Err(WebhookConfigError(format!(
                "max_attempts {} is not 1–{MAX_ATTEMPTS}",
                policy.max_attempts
            )));
        }
        if policy.timeout.is_zero() {
            return Err(WebhookConfigError(
                "a zero timeout would fail every attempt; give one of at least 1 ms".into(),
            ));
        }
        *lock(&self.shared.policy) = policy;
        Ok(())
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> RetryPolicy {
        *lock(&self.shared.policy)
    }

    /// Every attempt logged, oldest first.
    pub fn deliveries(&self) -> Vec<DeliveryRecord> {
        lock(&self.shared.log).iter().cloned().collect()
    }

    /// How many deliveries are waiting or being sent.
    pub fn queued(&self) -> usize {
        lock(&self.shared.queues).total
    }

    /// Waits until the log holds records for which `done` is true, or `timeout` passes;
    /// returns the log as it then is.
    ///
    /// ```no_run
    /// # async fn run(mock: paygen::mock::MockServer) {
    /// use paygen::mock::webhooks::Outcome;
    /// let log = mock
    ///     .webhooks()
    ///     .wait_until(std::time::Duration::from_secs(5), |log| {
    ///         log.iter().any(|d| d.outcome == Outcome::Delivered)
    ///     })
    ///     .await;
    /// # }
    /// ```
    pub async fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(&[DeliveryRecord]) -> bool,
    ) -> Vec<DeliveryRecord> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.logged.notified();
            let log = self.deliveries();
            if done(&log) {
                return log;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.deliveries();
            }
        }
    }

    /// Forgets the log and every waiting delivery (endpoints and policy stay).
    pub fn reset(&self) {
        lock(&self.shared.log).clear();
        let mut queues = lock(&self.shared.queues);
        // A worker owns the front of each queue; keep it so the worker finds its job, and
        // drop the rest.
        let mut kept = 0;
        for queue in queues.by_resource.values_mut() {
            queue.truncate(1);
            kept += queue.len();
        }
        queues.total = kept;
    }

    /// Stops delivering: no attempt starts after this.
    pub fn stop(&self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
    }

    /// Answers `…/webhooks…` control requests (`rest` is the path after `/__paygen`).
    pub(crate) fn control(&self, method: &str, rest: &str, body: &[u8]) -> Option<Answer> {
        let refuse =
            |message: String| Dialect::Common.answer(&Refusal::invalid("request_invalid", message));
        Some(match (method, rest) {
            ("GET", "/webhooks") => Answer::ok(&serde_json::json!({
                "endpoints": self.endpoints(),
                "queued": self.queued(),
                "deliveries": self.deliveries(),
            })),
            ("GET", "/webhooks/deliveries") => Answer::ok(&self.deliveries()),
            ("GET", "/webhooks/endpoints") => Answer::ok(&self.endpoints()),
            ("POST", "/webhooks/endpoints") => match serde_json::from_slice::<Endpoint>(body) {
                Ok(endpoint) => match self.add_endpoint(endpoint) {
                    Ok(()) => Answer::ok(&self.endpoints()),
                    Err(e) => refuse(e.to_string()),
                },
                Err(e) => refuse(format!(
                    "webhooks/endpoints takes {{\"url\": \"http://…\", \"version\": \"2025-01-01\" or \"2023-08-01\"}}: {e}"
                )),
            },
            ("DELETE", "/webhooks/endpoints") => {
                self.clear_endpoints();
                Answer::ok(&self.endpoints())
            }
            _ => return None,
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    fn record(&self, record: DeliveryRecord) {
        {
            let mut log = lock(&self.log);
            if log.len() >= MAX_LOG {
                log.pop_front();
            }
            log.push_back(record);
        }
        self.logged.notify_waiters();
    }

    fn dropped(&self, id: u64, url: &str, event: &MockEvent, error: String) {
        self.record(DeliveryRecord {
            delivery_id: id,
            url: url.to_string(),
            family: event.family,
            event_type: event.event_type.clone(),
            resource_id: event.resource_id.clone(),
            version: None,
            attempt: 0,
            status: None,
            error: Some(error),
            latency_ms: 0,
            idempotency_key: String::new(),
            outcome: Outcome::Dropped,
        });
    }
}

async fn dispatch(shared: Arc<Shared>, mut events: broadcast::Receiver<MockEvent>) {
    loop {
        match events.recv().await {
            Ok(event) => enqueue(&shared, event),
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                let id = shared.next_id.fetch_add(1, Ordering::Relaxed) + 1;
                let event = MockEvent {
                    family: "paygen-mock",
                    event_type: "EVENTS_MISSED".into(),
                    resource_id: String::new(),
                    data: "{}".into(),
                    event_time: String::new(),
                };
                shared.dropped(
                    id,
                    "",
                    &event,
                    format!("{missed} events were published faster than they could be queued and were not delivered"),
                );
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
        if shared.stopped.load(Ordering::SeqCst) {
            return;
        }
    }
}

fn enqueue(shared: &Arc<Shared>, event: MockEvent) {
    let endpoints = lock(&shared.endpoints).clone();
    enqueue_to(shared, event, endpoints);
}

/// Queues `event` for each of `endpoints`, in order behind that endpoint's earlier deliveries
/// for the same resource.
fn enqueue_to(shared: &Arc<Shared>, event: MockEvent, endpoints: Vec<Endpoint>) {
    if endpoints.is_empty() {
        return;
    }
    let event = Arc::new(event);
    let mut built: HashMap<PayloadVersion, Payload> = HashMap::new();
    for endpoint in endpoints {
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let payload = built
            .entry(endpoint.version)
            .or_insert_with(|| {
                let built = payload(&event, endpoint.version, &shared.merchant_secret);
                let idempotency_key = STANDARD.encode(Sha256::digest(&built.body));
                Payload {
                    body: Arc::new(built.body),
                    content_type: built.content_type,
                    key: built.key,
                    version: built.version,
                    idempotency_key,
                }
            })
            .clone();
        let job = Job {
            id,
            url: endpoint.url.clone(),
            event: event.clone(),
            payload,
        };
        let mut queues = lock(&shared.queues);
        if queues.total >= MAX_QUEUED {
            drop(queues);
            shared.dropped(
                id,
                &endpoint.url,
                &event,
                format!("{MAX_QUEUED} deliveries are waiting already; this one was dropped"),
            );
            continue;
        }
        queues.total += 1;
        let resource = (endpoint.url, event.resource_id.clone());
        let queue = queues.by_resource.entry(resource.clone()).or_default();
        queue.push_back(job);
        if queue.len() == 1 {
            tokio::spawn(work(shared.clone(), resource));
        }
    }
}

/// Sends the deliveries of one resource to one endpoint, in order, until none is left.
async fn work(shared: Arc<Shared>, resource: (String, String)) {
    loop {
        let front = {
            let queues = lock(&shared.queues);
            queues
                .by_resource
                .get(&resource)
                .and_then(|q| q.front().cloned())
        };
        let Some(job) = front else {
            return;
        };
        deliver(&shared, &job).await;
        let mut queues = lock(&shared.queues);
        let empty = match queues.by_resource.get_mut(&resource) {
            Some(queue) => {
                queue.pop_front();
                queue.is_empty()
            }
            None => true,
        };
        queues.total = queues.total.saturating_sub(1);
        if empty {
            queues.by_resource.remove(&resource);
            return;
        }
    }
}

async fn deliver(shared: &Shared, job: &Job) {
    let policy = *lock(&shared.policy);
    for attempt in 1..=policy.max_attempts {
        if shared.stopped.load(Ordering::SeqCst) {
            return;
        }
        let started = Instant::now();
        let result = send(shared, job, attempt, policy.timeout).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (status, error) = match result {
            Ok(status) => (Some(status), None),
            Err(e) => (None, Some(e)),
        };
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        let outcome = if delivered {
            Outcome::Delivered
        } else if attempt == policy.max_attempts {
            Outcome::GaveUp
        } else {
            Outcome::WillRetry
        };
        shared.record(DeliveryRecord {
            delivery_id: job.id,
            url: job.url.clone(),
            family: job.event.family,
            event_type: job.event.event_type.clone(),
            resource_id: job.event.resource_id.clone(),
            version: job.payload.version,
            attempt,
            status,
            error,
            latency_ms,
            idempotency_key: job.payload.idempotency_key.clone(),
            outcome,
        });
        if outcome != Outcome::WillRetry {
            return;
        }
        tokio::time::sleep(policy.backoff(attempt)).await;
    }
}

async fn send(shared: &Shared, job: &Job, attempt: u32, timeout: Duration) -> Result<u16, String> {
    let http = shared
        .http
        .as_ref()
        .map_err(|e| format!("no HTTP client: {e}"))?;
    let mut request = http
        .post(&job.url)
        .timeout(timeout)
        .header("content-type", job.payload.content_type)
        .header("x-webhook-attempt", attempt.to_string())
        .header("x-idempotency-key", &job.payload.idempotency_key);
    if let Some(version) = job.payload.version {
        request = request.header("x-webhook-version", version);
    }
    if let Some(key) = job.payload.key {
        let secret = match key {
            Key::Merchant => &shared.merchant_secret,
            Key::Partner => &shared.partner_key,
        };
        let timestamp = now_millis();
        let signature = crate::webhooks::sign(secret, &timestamp, &job.payload.body);
        request = request
            .header("x-webhook-timestamp", timestamp)
            .header("x-webhook-signature", signature);
    }
    let response = request
        .body(job.payload.body.as_ref().clone())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                format!("no answer within {} ms", timeout.as_millis())
            } else if e.is_connect() {
                "could not connect".to_string()
            } else {
                "the connection failed before an answer".to_string()
            }
        })?;
    Ok(response.status().as_u16())
}

/// A body built for one payload version: its bytes and content type, which secret signs it in
/// the headers (none: unsigned, or signed in the body), and its `x-webhook-version`.
struct Built {
    body: Vec<u8>,
    content_type: &'static str,
    key: Option<Key>,
    version: Option<&'static str>,
}

impl Built {
    fn json(body: Vec<u8>, key: Option<Key>, version: Option<&'static str>) -> Built {
        Built {
            body,
            content_type: "application/json",
            key,
            version,
        }
    }
}

/// A Payouts v1 (Cashgram) webhook: `data`'s fields (a flat JSON object of text and numbers)
/// as an `application/x-www-form-urlencoded` body, with the `signature` field last
/// ([`crate::webhooks::signed_form_body`]).
fn cashgram_form(data: &str, secret: &Secret) -> Vec<u8> {
    let map: BTreeMap<String, serde_json::Value> = serde_json::from_str(data).unwrap_or_default();
    let fields: Vec<(String, String)> = map
        .into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Number(n) => Some((k, n.to_string())),
            _ => None,
        })
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    crate::webhooks::signed_form_body(secret, &fields)
}

/// The documented body for `event`, which secret signs it, and its `x-webhook-version`.
fn payload(event: &MockEvent, version: PayloadVersion, merchant_secret: &Secret) -> Built {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let data = if RawValue::from_string(event.data.clone()).is_ok() {
        event.data.clone()
    } else {
        "{}".to_string()
    };
    match event.family {
        "cashfree-global-collections" => Built::json(data.into_bytes(), Some(Key::Partner), None),
        "payin-payout" => Built::json(
            format!(r#"{{"event":{},"data":{data}}}"#, quoted(&event.event_type)).into_bytes(),
            None,
            None,
        ),
        "cashfree-payouts-v1" => Built {
            body: cashgram_form(&data, merchant_secret),
            content_type: "application/x-www-form-urlencoded",
            key: None,
            version: None,
        },
        "cashfree-pg" if event.event_type == PAYMENT_LINK_EVENT => Built::json(
            format!(
                r#"{{"data":{data},"type":{},"version":1,"event_time":{}}}"#,
                quoted(&event.event_type),
                quoted(&event.event_time)
            )
            .into_bytes(),
            Some(Key::Merchant),
            Some(version.as_str()),
        ),
        family => {
            let data = if family == "cashfree-pg" && version == PayloadVersion::V2023_08_01 {
                without(&data, FIELDS_SINCE_2025, 0).unwrap_or(data)
            } else {
                data
            };
            Built::json(
                format!(
                    r#"{{"data":{data},"event_time":{},"type":{}}}"#,
                    quoted(&event.event_time),
                    quoted(&event.event_type)
                )
                .into_bytes(),
                Some(Key::Merchant),
                Some(version.as_str()),
            )
        }
    }
}

/// The payment-link event type: its body is the one document 083 shows (`data`, `type`,
/// `version: 1`, `event_time`), as JSON.
const PAYMENT_LINK_EVENT: &str = "PAYMENT_LINK_EVENT";

/// The PG payload fields 2025-01-01 added to 2023-08-01, by their path in `data`.
const FIELDS_SINCE_2025: &[&[&str]] = &[
    &["terminal_details"],
    &["payment", "international_payment"],
    &["payment", "payment_surcharge"],
    &["payment", "payment_method", "upi", "upi_instrument"],
    &["payment", "payment_method", "upi", "upi_instrument_number"],
    &["payment", "payment_method", "upi", "upi_payer_ifsc"],
    &[
        "payment",
        "payment_method",
        "upi",
        "upi_payer_account_number",
    ],
    &["dispute", "dispute_amount_currency"],
];

/// `json` without the fields at `paths`, numbers kept as their exact text; `None` when it is
/// not an object.
fn without(json: &str, paths: &[&[&str]], depth: usize) -> Option<String> {
    let mut map: BTreeMap<String, Box<RawValue>> = serde_json::from_str(json).ok()?;
    for path in paths.iter().filter(|p| p.len() == depth + 1) {
        map.remove(path[depth]);
    }
    let nested: Vec<&str> = paths
        .iter()
        .filter(|p| p.len() > depth + 1)
        .map(|p| p[depth])
        .collect();
    for key in nested {
        if let Some(value) = map.get(key) {
            if let Some(new) = without(
                value.get(),
                paths_under(paths, depth, key).as_slice(),
                depth + 1,
            ) {
                if let Ok(v) = RawValue::from_string(new) {
                    map.insert(key.to_string(), v);
                }
            }
        }
    }
    serde_json::to_string(&map).ok()
}

fn paths_under<'a>(paths: &[&'a [&'a str]], depth: usize, key: &str) -> Vec<&'a [&'a str]> {
    paths
        .iter()
        .filter(|p| p.len() > depth + 1 && p[depth] == key)
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(family: &'static str, event_type: &str, data: &str) -> MockEvent {
        MockEvent {
            family,
            event_type: event_type.into(),
            resource_id: "r1".into(),
            data: data.into(),
            event_time: "2025-01-15T11:16:10+05:30".into(),
        }
    }

    #[test]
    fn the_2023_payload_lacks_what_2025_added_and_keeps_amount_text() {
        let data = r#"{"order":{"order_amount":170.00},"payment":{"payment_amount":170.00,"payment_surcharge":null,"international_payment":{"international":false},"payment_method":{"upi":{"upi_id":"a@b","upi_payer_ifsc":"X"}}},"terminal_details":{"cf_terminal_id":1}}"#;
        let e = event("cashfree-pg", "PAYMENT_SUCCESS_WEBHOOK", data);
        let secret = Secret::new("s");
        let new = payload(&e, PayloadVersion::V2025_01_01, &secret);
        assert_eq!(new.version, Some("2025-01-01"));
        assert!(String::from_utf8(new.body).unwrap().contains(data));
        let old = payload(&e, PayloadVersion::V2023_08_01, &secret);
        let (key, v) = (old.key, old.version);
        let old = String::from_utf8(old.body).unwrap();
        assert_eq!((key, v), (Some(Key::Merchant), Some("2023-08-01")));
        for gone in [
            "terminal_details",
            "payment_surcharge",
            "international_payment",
            "upi_payer_ifsc",
        ] {
            assert!(!old.contains(gone), "{gone} in {old}");
        }
        assert!(old.contains(r#""payment_amount":170.00"#), "{old}");
        assert!(old.contains(r#""upi_id":"a@b""#), "{old}");
    }

    #[test]
    fn each_family_gets_its_documented_envelope_and_key() {
        let secret = Secret::new("s");
        let pp = payload(
            &event("payin-payout", "payout.succeeded", r#"{"amount":100}"#),
            PayloadVersion::default(),
            &secret,
        );
        assert_eq!(
            pp.body,
            br#"{"event":"payout.succeeded","data":{"amount":100}}"#
        );
        assert_eq!(pp.key, None);
        let gc = r#"{"event":"INTERNATIONAL_PAYMENT_COLLECTED","amount":"4.50"}"#;
        let b = payload(
            &event(
                "cashfree-global-collections",
                "INTERNATIONAL_PAYMENT_COLLECTED",
                gc,
            ),
            PayloadVersion::default(),
            &secret,
        );
        assert_eq!(
            (b.body.as_slice(), b.key, b.version),
            (gc.as_bytes(), Some(Key::Partner), None)
        );
        let link = payload(
            &event("cashfree-pg", "PAYMENT_LINK_EVENT", r#"{"link_id":"l1"}"#),
            PayloadVersion::default(),
            &secret,
        );
        assert_eq!(
            link.body,
            br#"{"data":{"link_id":"l1"},"type":"PAYMENT_LINK_EVENT","version":1,"event_time":"2025-01-15T11:16:10+05:30"}"#
        );
        assert_eq!(link.key, Some(Key::Merchant));
    }

    #[test]
    fn a_cashgram_webhook_is_a_form_signed_in_its_signature_field() {
        let secret = Secret::new("cashgram-secret");
        let b = payload(
            &event(
                "cashfree-payouts-v1",
                "CASHGRAM_REDEEMED",
                r#"{"event":"CASHGRAM_REDEEMED","cashgramid":"cg 1","referenceId":"1000001","eventTime":"2025-01-15 11:16:10","utr":"U1"}"#,
            ),
            PayloadVersion::default(),
            &secret,
        );
        assert_eq!(b.content_type, "application/x-www-form-urlencoded");
        assert_eq!((b.key, b.version), (None, None));
        let body = String::from_utf8(b.body).unwrap();
        // Values ordered by field name: cashgramid, event, eventTime, referenceId, utr.
        let expected = crate::webhooks::sign(
            &secret,
            "",
            b"cg 1CASHGRAM_REDEEMED2025-01-15 11:16:101000001U1",
        );
        const FORM: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        let encoded = percent_encoding::utf8_percent_encode(&expected, FORM).to_string();
        assert_eq!(
            body,
            format!("cashgramid=cg%201&event=CASHGRAM_REDEEMED&eventTime=2025-01-15%2011%3A16%3A10&referenceId=1000001&utr=U1&signature={encoded}")
        );
    }

    #[test]
    fn backoff_doubles_up_to_its_ceiling() {
        let p = RetryPolicy {
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        let waits: Vec<u64> = (1..=5).map(|a| p.backoff(a).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 5, 5]);
    }
}
