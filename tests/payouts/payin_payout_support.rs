//! Shared by the `payin_payout_*` tests (included with `#[path]`): a client on a wiremock server
//! with a fixed clock, and a stand-in for the provider's signature check, written independently
//! of paygen's signer (straight from the document's rules).
#![allow(dead_code)]
#![cfg(feature = "payin-payout")]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use paygen::payin_payout::{Client, HmacAuth};
use paygen::{Config, Credentials, Environment, RetryConfig};
use sha2::Sha256;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// Test access key (never real).
pub const ACCESS_KEY: &str = "AK_test_3f9c";
/// Test secret key (never real).
pub const SECRET: &str = "SK_test_secret_7d1e0b";
/// The document's example timestamp.
pub const T0: u64 = 1790431844701;

/// A clock that starts at [`T0`] and moves 1 ms per reading.
pub fn ticking_clock() -> (Arc<AtomicU64>, impl Fn() -> u64 + Send + Sync + 'static) {
    let now = Arc::new(AtomicU64::new(T0));
    let reader = now.clone();
    (now, move || reader.fetch_add(1, Ordering::SeqCst))
}

/// A config for `base` (the server's URI plus an optional path) with fast retries.
pub fn config(base: &str) -> Config {
    Config::new(
        Environment::custom(base),
        Credentials::hmac(ACCESS_KEY, SECRET),
    )
    .with_retry(
        RetryConfig::default()
            .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .with_max_rate_limit_wait(Duration::from_secs(1)),
    )
}

/// A client for the mock server, with a fixed clock at [`T0`].
pub fn client(server: &MockServer) -> Client {
    client_at(&server.uri(), HmacAuth::new().with_clock(|| T0))
}

/// A client for `base` with `auth`.
pub fn client_at(base: &str, auth: HmacAuth) -> Client {
    Client::from_config_with_auth(config(base), auth).expect("valid config")
}

/// Reads a fixture of this family.
pub fn fixture(name: &str) -> String {
    let full = format!(
        "{}/tests/fixtures/payin-payout/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// A header of a received request, as text.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Lowercase hex HMAC-SHA256, computed here with the `hmac` crate (not paygen's signer).
pub fn hmac_hex(secret: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// What a request that arrived at the server should have been signed with, per the document:
/// `METHOD\nPATH\nBODY\nTIMESTAMP\n` with PATH the URL path minus `base_path` and its leading
/// `/`, BODY the bytes received (or `{}` when none arrived), TIMESTAMP the `Timestamp` header.
pub fn expected_signature(
    request: &Request,
    secret: &str,
    base_path: &str,
) -> Result<String, String> {
    let timestamp = header(request, "Timestamp").ok_or("no Timestamp header")?;
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("Timestamp `{timestamp}` is not milliseconds"));
    }
    let path = request
        .url
        .path()
        .strip_prefix(base_path)
        .and_then(|p| p.strip_prefix('/'))
        .ok_or_else(|| format!("{} is not under {base_path}/", request.url.path()))?;
    let body: &[u8] = if request.body.is_empty() {
        b"{}"
    } else {
        &request.body
    };
    let mut message = Vec::new();
    message.extend_from_slice(request.method.as_str().as_bytes());
    message.push(b'\n');
    message.extend_from_slice(path.as_bytes());
    message.push(b'\n');
    message.extend_from_slice(body);
    message.push(b'\n');
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b'\n');
    Ok(hmac_hex(secret, &message))
}

/// Checks the three auth headers of a received request against the document's rules.
pub fn check_signed(request: &Request, base_path: &str) -> Result<(), String> {
    if header(request, "Access-Key") != Some(ACCESS_KEY) {
        return Err(format!("Access-Key is {:?}", header(request, "Access-Key")));
    }
    let expected = expected_signature(request, SECRET, base_path)?;
    match header(request, "Signature") {
        Some(s) if s == expected => Ok(()),
        other => Err(format!("Signature {other:?}, expected {expected}")),
    }
}

/// A stand-in for the provider: answers `body` (HTTP 200) when the request is signed right, and
/// a 401 failure envelope when it is not.
pub struct SignedOnly {
    /// The base URL's path (empty for none).
    pub base_path: String,
    /// The success body.
    pub body: String,
}

impl Respond for SignedOnly {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match check_signed(request, &self.base_path) {
            Ok(()) => ResponseTemplate::new(200).set_body_raw(self.body.clone(), "application/json"),
            Err(why) => ResponseTemplate::new(401).set_body_raw(
                serde_json::json!({"error": why, "data": [], "message": "Invalid signature.", "success": false})
                    .to_string(),
                "application/json",
            ),
        }
    }
}

/// [`SignedOnly`] at the server's root.
pub fn signed_only(body: impl Into<String>) -> SignedOnly {
    SignedOnly {
        base_path: String::new(),
        body: body.into(),
    }
}
