//! Shared by the contract tests: clients pointed at a wiremock server.
#![allow(dead_code)]

use std::time::Duration;

use paygen::{Config, Credentials, Environment, RetryConfig};
use wiremock::MockServer;

/// Test merchant credentials (never real).
pub const CLIENT_ID: &str = "TEST_APP_ID";
/// Test merchant secret (never real).
pub const CLIENT_SECRET: &str = "cfsk_ma_test_SECRET_value";

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
    assert_eq!(received.len(), 1, "expected exactly one request, got {}", received.len());
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
