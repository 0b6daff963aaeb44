//! Shared by the `payouts_*` tests (included with `#[path]`): Payouts clients on a wiremock
//! server, a stand-in authorize endpoint that counts its calls, v1 envelopes, and an RSA key
//! pair generated for the test run (the private half decrypts what the client signed).
#![allow(dead_code)]
#![cfg(feature = "payouts")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use paygen::{Config, Credentials, Environment, RetryConfig};
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::{Oaep, RsaPrivateKey};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Test Payouts client id (never real).
pub const CLIENT_ID: &str = "CF_PAYOUT_TEST_ID";
/// Test Payouts client secret (never real).
pub const CLIENT_SECRET: &str = "cf_payout_test_SECRET_4411";

pub const AUTHORIZE: &str = "/payout/v1/authorize";
pub const VERIFY: &str = "/payout/v1/verifyToken";
pub const CREATE_CASHGRAM: &str = "/payout/v1/createCashgram";
pub const CASHGRAM_STATUS: &str = "/payout/v1/getCashgramStatus";
pub const DEACTIVATE: &str = "/payout/v1/deactivateCashgram";

/// A config for the mock server: fast retries (3 attempts), short waits.
pub fn config(server: &MockServer) -> Config {
    Config::new(
        Environment::custom(server.uri()),
        Credentials::merchant(CLIENT_ID, CLIENT_SECRET),
    )
    .with_retry(
        RetryConfig::default()
            .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .with_max_rate_limit_wait(Duration::from_secs(1)),
    )
}

pub fn v1(server: &MockServer) -> paygen::payouts_v1::Client {
    paygen::payouts_v1::Client::from_config(config(server)).expect("valid config")
}

pub fn v2(server: &MockServer) -> paygen::payouts_v2::Client {
    paygen::payouts_v2::Client::from_config(config(server)).expect("valid config")
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Reads a fixture under `tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

pub fn v1_fixture(name: &str) -> String {
    fixture(&format!("cashfree-payouts-v1/{name}"))
}

pub fn v2_fixture(name: &str) -> String {
    fixture(&format!("cashfree-payouts-v2/{name}"))
}

/// A JSON answer with this status and body text, as given.
pub fn answer(status: u16, body: impl Into<String>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into(), "application/json")
}

/// A v1 envelope on HTTP 200.
pub fn envelope(status: &str, sub_code: &str, message: &str) -> ResponseTemplate {
    answer(
        200,
        json!({"status": status, "subCode": sub_code, "message": message}).to_string(),
    )
}

/// A stand-in authorize endpoint: token `tok-<n>` for the n-th call, expiring `lifetimes[n-1]`
/// seconds from now (the last lifetime repeats), after an optional delay.
pub struct Authorize {
    pub calls: Arc<AtomicUsize>,
    lifetimes: Vec<u64>,
    delay: Duration,
}

impl Respond for Authorize {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let lifetime = self
            .lifetimes
            .get(n - 1)
            .or(self.lifetimes.last())
            .copied()
            .unwrap_or(300);
        let body = json!({
            "status": "SUCCESS",
            "message": "Token generated",
            "subCode": "200",
            "data": {"token": format!("tok-{n}"), "expiry": unix_now() + lifetime}
        });
        answer(200, body.to_string()).set_delay(self.delay)
    }
}

/// Mounts the authorize stand-in; returns its call counter.
pub async fn mount_authorize(
    server: &MockServer,
    lifetimes: &[u64],
    delay: Duration,
) -> Arc<AtomicUsize> {
    let calls = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path(AUTHORIZE))
        .respond_with(Authorize {
            calls: calls.clone(),
            lifetimes: lifetimes.to_vec(),
            delay,
        })
        .mount(server)
        .await;
    calls
}

/// Answers with the given templates in turn, repeating the last one.
pub struct Sequence {
    answers: Vec<ResponseTemplate>,
    next: Mutex<usize>,
}

impl Sequence {
    pub fn new(answers: Vec<ResponseTemplate>) -> Sequence {
        Sequence {
            answers,
            next: Mutex::new(0),
        }
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut next = self.next.lock().unwrap();
        let i = (*next).min(self.answers.len() - 1);
        *next += 1;
        self.answers[i].clone()
    }
}

/// The requests the server received for a method and path.
pub async fn requests(server: &MockServer, m: &str, p: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .into_iter()
        .filter(|r| r.method.as_str() == m && r.url.path() == p)
        .collect()
}

pub async fn count(server: &MockServer, m: &str, p: &str) -> usize {
    requests(server, m, p).await.len()
}

pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The RSA key pair of this test run (1024 bits: quick to generate, large enough for OAEP with
/// SHA-1 over a client id and a timestamp).
pub fn key_pair() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 1024).expect("key generation")
    })
}

/// The public half of [`key_pair`] as PEM (`BEGIN PUBLIC KEY`).
pub fn public_pem() -> String {
    key_pair()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM")
}

/// Decrypts an `X-Cf-Signature` with the private key: base64, then RSA-OAEP with SHA-1 and
/// MGF1-SHA-1 (the document's `RSA/ECB/OAEPWithSHA-1AndMGF1Padding`).
pub fn decrypt_signature(signature: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .expect("base64");
    let plain = key_pair()
        .decrypt(Oaep::new::<sha1::Sha1>(), &bytes)
        .expect("decrypts with the private key");
    String::from_utf8(plain).expect("UTF-8")
}

/// Splits `clientId.seconds`.
pub fn split_signed(plain: &str) -> (String, u64) {
    let (id, secs) = plain.rsplit_once('.').expect("clientId.seconds");
    (id.to_string(), secs.parse().expect("whole seconds"))
}
