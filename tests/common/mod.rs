//! Shared by the contract tests: clients pointed at a wiremock server.
#![allow(dead_code)]

use std::time::Duration;

use paygen::{Config, Credentials, Environment, RetryConfig};
use wiremock::MockServer;

/// Test merchant credentials (never real).
pub const CLIENT_ID: &str = "TEST_APP_ID";
/// Test merchant secret (never real).
pub const CLIENT_SECRET: &str = "cfsk_ma_test_SECRET_value";

/// Ends a test's use of a wiremock server: yields to the runtime once, then drops the server.
///
/// wiremock checks a server's expectations when it is dropped, by blocking the test's thread
/// on a tokio lock. A task that has spent its tokio cooperative budget (128 ready awaits since
/// it last yielded — awaiting a thousand finished tasks does that) is told "not yet" by every
/// tokio lock until it yields, which a blocked drop never does: the drop spins forever. A test
/// that awaits that many ready things ends with this instead of letting the server drop.
///
/// ```ignore
/// for task in tasks {
///     task.await.unwrap();
/// }
/// common::release(server).await;
/// ```
pub async fn release(server: MockServer) {
    tokio::task::yield_now().await;
    drop(server);
}

/// A config for the mock server with fast retries.
pub fn config(server: &MockServer) -> Config {
    Config::new(
        Environment::custom(server.uri()),
        Credentials::merchant(CLIENT_ID, CLIENT_SECRET),
    )
    .with_retry(
        RetryConfig::default()
            .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .with_max_rate_limit_wait(Duration::from_secs(2)),
    )
}

/// The PG client for the mock server.
#[cfg(feature = "pg")]
pub fn pg(server: &MockServer) -> paygen::pg::Client {
    paygen::pg::Client::from_config(config(server)).expect("config is valid")
}

/// The one request the server received (panics if it got another number).
pub async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(
        received.len(),
        1,
        "expected exactly one request, got {}",
        received.len()
    );
    received.remove(0)
}

/// A header of a received request, as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads a fixture under `tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Reads a documented webhook payload from the library's samples (`src/webhooks/samples/`, the
/// one copy, which `paygen trigger` ships).
pub fn webhook_sample(name: &str) -> String {
    let full = format!("{}/src/webhooks/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

// ---- Added for the PG contract, snapshot and property tests ----

/// The API version every PG call must carry in `x-api-version`.
pub const PG_API_VERSION: &str = "2025-01-01";

/// How a PG call must authenticate on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `x-client-id` + `x-client-secret` (the merchant credentials of [`config`]).
    Merchant,
    /// No credentials at all (order pay).
    Anonymous,
}

/// What one PG request must look like on the wire.
#[derive(Clone, Debug)]
pub struct Expected<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path as sent (percent-encoded), without the query.
    pub path: &'a str,
    /// The query string, exactly; `None` when there must be none.
    pub query: Option<&'a str>,
    /// The JSON body, byte for byte; `None` when there must be no body.
    pub json: Option<&'a str>,
    /// Credentials expected.
    pub auth: Auth,
}

impl<'a> Expected<'a> {
    /// A merchant-authenticated request with no query and no body.
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Expected {
            method,
            path,
            query: None,
            json: None,
            auth: Auth::Merchant,
        }
    }
    /// `GET path`.
    pub fn get(path: &'a str) -> Self {
        Self::new("GET", path)
    }
    /// `POST path` with this exact JSON body.
    pub fn post(path: &'a str, json: &'a str) -> Self {
        Self::new("POST", path).json(json)
    }
    /// Expects this exact query string.
    pub fn query(mut self, query: &'a str) -> Self {
        self.query = Some(query);
        self
    }
    /// Expects this exact JSON body.
    pub fn json(mut self, json: &'a str) -> Self {
        self.json = Some(json);
        self
    }
    /// Expects no credentials.
    pub fn anonymous(mut self) -> Self {
        self.auth = Auth::Anonymous;
        self
    }
}

/// Answers every request with `status` and this JSON text, sent as is (so amounts keep the
/// digits written here).
pub async fn answer(server: &MockServer, status: u16, json: &str) {
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(status)
                .set_body_raw(json.to_string(), "application/json"),
        )
        .mount(server)
        .await;
}

/// Checks the headers every PG request carries: `x-api-version: 2025-01-01`, a UUID
/// `x-request-id`, `accept: application/json`, paygen's `user-agent`, never progenitor's
/// `api-version`, and exactly the credentials `auth` asks for.
pub fn assert_pg_headers(req: &wiremock::Request, auth: Auth) {
    let what = format!("{} {}", req.method, req.url.path());
    assert_eq!(
        header(req, "x-api-version"),
        Some(PG_API_VERSION),
        "{what}: x-api-version"
    );
    assert!(
        header(req, "api-version").is_none(),
        "{what}: progenitor's api-version header leaked"
    );
    let id = header(req, "x-request-id").unwrap_or_else(|| panic!("{what}: no x-request-id"));
    assert!(
        uuid::Uuid::parse_str(id).is_ok(),
        "{what}: x-request-id `{id}` is not a UUID"
    );
    assert_eq!(
        header(req, "accept"),
        Some("application/json"),
        "{what}: accept"
    );
    assert!(
        header(req, "user-agent").is_some_and(|ua| ua.starts_with("paygen-rust/")),
        "{what}: user-agent {:?}",
        header(req, "user-agent")
    );
    for partner in ["x-partner-apikey", "x-partner-merchantid"] {
        assert!(
            header(req, partner).is_none(),
            "{what}: {partner} sent with merchant credentials"
        );
    }
    match auth {
        Auth::Merchant => {
            assert_eq!(
                header(req, "x-client-id"),
                Some(CLIENT_ID),
                "{what}: x-client-id"
            );
            assert_eq!(
                header(req, "x-client-secret"),
                Some(CLIENT_SECRET),
                "{what}: x-client-secret"
            );
        }
        Auth::Anonymous => {
            assert!(
                header(req, "x-client-id").is_none(),
                "{what}: x-client-id must not be sent"
            );
            assert!(
                header(req, "x-client-secret").is_none(),
                "{what}: x-client-secret must not be sent"
            );
        }
    }
}

/// Asserts that the server received exactly one request and that it is `expected` in every
/// detail (method, path, query, headers, body bytes); returns it.
pub async fn assert_pg_request(server: &MockServer, expected: Expected<'_>) -> wiremock::Request {
    let req = only_request(server).await;
    assert_eq!(req.method.as_str(), expected.method, "method");
    assert_eq!(req.url.path(), expected.path, "path");
    assert_eq!(
        req.url.query(),
        expected.query,
        "query of {}",
        req.url.path()
    );
    assert_pg_headers(&req, expected.auth);
    match expected.json {
        Some(json) => {
            assert_eq!(
                header(&req, "content-type"),
                Some("application/json"),
                "{} {}: content-type",
                expected.method,
                expected.path
            );
            assert_eq!(
                std::str::from_utf8(&req.body).expect("the body is UTF-8"),
                json,
                "{} {}: body bytes",
                expected.method,
                expected.path
            );
        }
        None => {
            assert!(
                req.body.is_empty(),
                "{} {}: expected no body, got {:?}",
                expected.method,
                expected.path,
                String::from_utf8_lossy(&req.body)
            );
            assert!(
                header(&req, "content-type").is_none(),
                "{} {}: content-type without a body",
                expected.method,
                expected.path
            );
        }
    }
    req
}

/// A received request in a stable text form for snapshots: method, path and query, the headers
/// sorted by name (`host` dropped; the request id, secrets and the version in the user agent
/// redacted), then the body.
pub fn wire_form(req: &wiremock::Request) -> String {
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .filter(|(name, _)| name.as_str() != "host")
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("<not text>");
            let shown = match name.as_str() {
                "x-request-id" => "[request-id]".to_string(),
                "x-client-secret" | "x-partner-apikey" => "[secret]".to_string(),
                "user-agent" => value
                    .split('/')
                    .next()
                    .map(|p| format!("{p}/[version]"))
                    .unwrap_or_default(),
                _ => value.to_string(),
            };
            (name.as_str().to_string(), shown)
        })
        .collect();
    headers.sort();
    let target = match req.url.query() {
        Some(q) => format!("{}?{}", req.url.path(), q),
        None => req.url.path().to_string(),
    };
    let mut out = format!("{} {}\n", req.method, target);
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(&req.body));
    out
}

/// A PG error body (`message`, `code`, `type`) as the API sends it.
pub fn pg_error_body(message: &str, code: &str, kind: &str) -> String {
    serde_json::json!({ "message": message, "code": code, "type": kind }).to_string()
}
