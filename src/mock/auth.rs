//! Authentication, per family, as the documents describe it.
//!
//! - `merchant-headers` / `merchant-or-partner`: `x-client-id` + `x-client-secret` (or, where
//!   partners are allowed, `x-partner-apikey` + `x-partner-merchantid`) must be the mock's.
//!   Families that version their API must send their version header (`x-api-version`).
//! - Payouts (v1, v2, OneEscrow): an `X-Cf-Signature`, when sent, is decrypted with the mock's
//!   TEST private key and must read `<client id>.<unix seconds>` no older than
//!   [`SIGNATURE_MAX_AGE_SECS`]; with [`MockOptions::require_payout_signature`] a call without
//!   one is refused as from an IP that is not whitelisted.
//! - `bearer-token`: `Authorization: Bearer <token>` issued by an authorize call
//!   ([`Tokens`]); an expired or unknown token gets sub-code 403, a missing one 412.
//! - `hmac-signature` (Payin & Payout): `Access-Key`, `Timestamp` (ms) within
//!   [`HMAC_WINDOW_MS`] of real time (clients stamp with their own clocks), and `Signature` over the exact bytes received.
//!
//! [`MockOptions::require_payout_signature`]: super::MockOptions::require_payout_signature

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use http::HeaderMap;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Oaep, RsaPrivateKey};

use crate::runtime::{AuthScheme, OperationSpec};

use super::answer::Refusal;
use super::clock::MockClock;
use super::families::{Family, Mount};

/// The TEST RSA private key the mock decrypts `X-Cf-Signature` with. It is published in this
/// repository and protects nothing: never use it outside the mock.
pub const TEST_PAYOUT_PRIVATE_KEY_PEM: &str =
    include_str!("test_key/TEST_ONLY_payout_private_key.pem");

/// The public half of [`TEST_PAYOUT_PRIVATE_KEY_PEM`]: what
/// [`MockServer::payouts_config`](super::MockServer::payouts_config) configures, and what
/// `paygen mock` prints.
pub const TEST_PAYOUT_PUBLIC_KEY_PEM: &str =
    include_str!("test_key/TEST_ONLY_payout_public_key.pem");

/// How old an `X-Cf-Signature` may be (Cashfree: a signature expires after 10 minutes).
pub const SIGNATURE_MAX_AGE_SECS: i64 = 600;

/// How far a Payin & Payout `Timestamp` may be from the mock's clock (the document states no
/// window; five minutes, either way).
pub const HMAC_WINDOW_MS: i64 = 5 * 60 * 1000;

/// The credentials the mock accepts.
#[derive(Clone)]
pub struct MockCredentials {
    /// The merchant app id (`x-client-id`).
    pub client_id: String,
    /// The merchant secret (`x-client-secret`); also the HMAC key of Payin & Payout.
    pub client_secret: crate::Secret,
    /// The partner API key (`x-partner-apikey`).
    pub partner_api_key: crate::Secret,
    /// The Payin & Payout `Access-Key`.
    pub access_key: String,
}

impl std::fmt::Debug for MockCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockCredentials")
            .field("client_id", &self.client_id)
            .field("access_key", &self.access_key)
            .finish_non_exhaustive()
    }
}

/// The test app id the mock accepts when none is given (and `CASHFREE_CLIENT_ID` is unset).
pub const DEFAULT_CLIENT_ID: &str = "TEST_MOCK_APP_ID";
/// The test secret the mock accepts when none is given (and `CASHFREE_CLIENT_SECRET` is unset).
pub const DEFAULT_CLIENT_SECRET: &str = "TEST_MOCK_SECRET_KEY";
/// The test partner API key the mock accepts.
pub const DEFAULT_PARTNER_API_KEY: &str = "TEST_MOCK_PARTNER_KEY";

impl Default for MockCredentials {
    fn default() -> Self {
        MockCredentials::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    }
}

impl MockCredentials {
    /// These merchant credentials (the Payin & Payout access key is the client id, its secret
    /// the client secret), and the default partner key.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> MockCredentials {
        let client_id = client_id.into();
        MockCredentials {
            access_key: client_id.clone(),
            client_id,
            client_secret: crate::Secret::new(client_secret.into()),
            partner_api_key: crate::Secret::new(DEFAULT_PARTNER_API_KEY.to_string()),
        }
    }
}

/// Bearer tokens issued by the authorize calls, with their expiry (mock clock, Unix seconds).
/// Bounded: expired tokens are dropped when a new one is issued, and at most
/// [`Tokens::MAX`] live at once (the oldest goes first).
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    issued: Arc<Mutex<HashMap<String, i64>>>,
}

impl Tokens {
    /// The most live tokens kept.
    pub const MAX: usize = 10_000;

    /// Issues a token valid for `ttl_secs`; returns it with its expiry.
    pub fn issue(&self, clock: &MockClock, ttl_secs: i64) -> (String, i64) {
        let now = clock.unix_seconds();
        let expiry = now.saturating_add(ttl_secs);
        let token = format!("mock.{}", uuid::Uuid::new_v4().simple());
        let mut issued = self.issued.lock().unwrap_or_else(|p| p.into_inner());
        issued.retain(|_, exp| *exp > now);
        if issued.len() >= Self::MAX {
            if let Some(oldest) = issued
                .iter()
                .min_by_key(|(_, e)| **e)
                .map(|(t, _)| t.clone())
            {
                issued.remove(&oldest);
            }
        }
        issued.insert(token.clone(), expiry);
        (token, expiry)
    }

    /// True when `token` was issued and has not expired.
    pub fn is_valid(&self, clock: &MockClock, token: &str) -> bool {
        let issued = self.issued.lock().unwrap_or_else(|p| p.into_inner());
        issued
            .get(token)
            .is_some_and(|exp| *exp > clock.unix_seconds())
    }

    /// Forgets every token.
    pub fn clear(&self) {
        self.issued
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// Everything authentication needs, shared by one server.
pub struct Authenticator {
    /// Accepted credentials.
    pub credentials: MockCredentials,
    /// Issued bearer tokens.
    pub tokens: Tokens,
    /// Refuse Payouts calls without `X-Cf-Signature`.
    pub require_payout_signature: bool,
    key: Option<RsaPrivateKey>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
}

fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// What the request to check is.
pub struct Presented<'a> {
    /// The family.
    pub mount: &'static Mount,
    /// The operation.
    pub op: &'static OperationSpec,
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// HTTP method.
    pub method: &'a str,
    /// The path under the family's prefix (`/api/v1/balance`).
    pub spec_path: &'a str,
    /// The exact body bytes.
    pub body: &'a [u8],
}

impl Authenticator {
    /// An authenticator for these credentials.
    pub fn new(credentials: MockCredentials, require_payout_signature: bool) -> Authenticator {
        let key = RsaPrivateKey::from_pkcs8_pem(TEST_PAYOUT_PRIVATE_KEY_PEM)
            .or_else(|_| {
                use rsa::pkcs1::DecodeRsaPrivateKey;
                RsaPrivateKey::from_pkcs1_pem(TEST_PAYOUT_PRIVATE_KEY_PEM)
            })
            .ok();
        Authenticator {
            credentials,
            tokens: Tokens::default(),
            require_payout_signature,
            key,
        }
    }

    /// Checks a request; `Err` is the refusal to answer with.
    pub fn check(&self, clock: &MockClock, req: &Presented<'_>) -> Result<(), Refusal> {
        match req.op.auth {
            AuthScheme::None => Ok(()),
            AuthScheme::MerchantHeaders
            | AuthScheme::MerchantOrPartner
            | AuthScheme::PartnerHeaders => {
                self.headers(req)?;
                self.version(req)?;
                self.payout_signature(req)
            }
            AuthScheme::BearerToken => {
                self.bearer(clock, req)?;
                self.payout_signature(req)
            }
            AuthScheme::HmacSignature => self.hmac(req),
        }
    }

    fn headers(&self, req: &Presented<'_>) -> Result<(), Refusal> {
        // Global Collections answers an authentication failure with 403 (its spec's Forbidden).
        self.credential_headers(req).map_err(|mut refusal| {
            if req.mount.family == Family::GlobalCollections {
                refusal.status = 403;
            }
            refusal
        })
    }

    fn credential_headers(&self, req: &Presented<'_>) -> Result<(), Refusal> {
        let h = req.headers;
        let partner_ok = req.op.auth != AuthScheme::MerchantHeaders;
        // Global Collections spells the partner key header `x-partner-api-key` (GC-1).
        let partner_key = header(h, "x-partner-apikey").or_else(|| {
            (req.mount.family == Family::GlobalCollections)
                .then(|| header(h, "x-partner-api-key"))
                .flatten()
        });
        if let (true, Some(key), Some(_merchant)) =
            (partner_ok, partner_key, header(h, "x-partner-merchantid"))
        {
            if same(key, self.credentials.partner_api_key.expose()) {
                return Ok(());
            }
            return Err(Refusal::unauthenticated(
                "authentication Failed: x-partner-apikey is not the partner key this mock accepts",
            ));
        }
        match (header(h, "x-client-id"), header(h, "x-client-secret")) {
            (Some(id), Some(secret))
                if same(id, &self.credentials.client_id)
                    && same(secret, self.credentials.client_secret.expose()) =>
            {
                Ok(())
            }
            (Some(_), Some(_)) => Err(self.wrong_credentials(req)),
            _ => Err(Refusal::unauthenticated(format!(
                "authentication Failed: {} needs the x-client-id and x-client-secret headers",
                req.op.operation_id
            ))),
        }
    }

    fn wrong_credentials(&self, req: &Presented<'_>) -> Refusal {
        let message = match req.mount.family {
            Family::PayoutsV1 | Family::OneEscrow => {
                "Invalid clientId and clientSecret combination".to_string()
            }
            _ => "authentication Failed: the client id and secret are not the ones this mock \
                  accepts (see `paygen mock --help`)"
                .to_string(),
        };
        Refusal::unauthenticated(message)
    }

    fn version(&self, req: &Presented<'_>) -> Result<(), Refusal> {
        let Some(name) = req.mount.info.api_version_header else {
            return Ok(());
        };
        if header(req.headers, name).is_some() {
            return Ok(());
        }
        Err(Refusal::invalid(
            "version_invalid",
            format!(
                "{name} is missing: send {name}: {}",
                req.mount.info.api_version
            ),
        ))
    }

    fn is_payouts(mount: &Mount) -> bool {
        matches!(
            mount.family,
            Family::PayoutsV1 | Family::PayoutsV2 | Family::OneEscrow
        )
    }

    fn payout_signature(&self, req: &Presented<'_>) -> Result<(), Refusal> {
        if !Self::is_payouts(req.mount) {
            return Ok(());
        }
        let Some(signature) = header(req.headers, "x-cf-signature") else {
            if self.require_payout_signature {
                return Err(Refusal::new(
                    403,
                    "ip_not_whitelisted",
                    "authentication_error",
                    "IP not whitelisted: send X-Cf-Signature or whitelist the IP",
                ));
            }
            return Ok(());
        };
        let refuse = |why: &str| {
            Refusal::new(
                403,
                "signature_invalid",
                "authentication_error",
                format!("X-Cf-Signature is not valid: {why}; sign `<client id>.<unix seconds>` with the account's public key"),
            )
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(signature)
            .map_err(|_| refuse("it is not base64"))?;
        let key = self
            .key
            .as_ref()
            .ok_or_else(|| refuse("the mock's TEST key did not load"))?;
        let plain = key
            .decrypt(Oaep::new::<sha1::Sha1>(), &bytes)
            .map_err(|_| refuse("it was not made with this mock's public key"))?;
        let text = String::from_utf8(plain).map_err(|_| refuse("it is not text"))?;
        let (client_id, seconds) = text
            .rsplit_once('.')
            .ok_or_else(|| refuse("no timestamp"))?;
        if client_id != self.credentials.client_id {
            return Err(refuse("it names another client id"));
        }
        let seconds: i64 = seconds
            .parse()
            .map_err(|_| refuse("the timestamp is not a number"))?;
        // Clients sign with their machine's clock, so the age is measured on real time.
        let now = chrono::Utc::now().timestamp();
        if now - seconds > SIGNATURE_MAX_AGE_SECS {
            return Err(refuse("it is older than 10 minutes"));
        }
        Ok(())
    }

    fn bearer(&self, clock: &MockClock, req: &Presented<'_>) -> Result<(), Refusal> {
        let Some(value) = header(req.headers, "authorization") else {
            return Err(Refusal::new(
                412,
                "token_missing",
                "authentication_error",
                "Token missing in the request",
            ));
        };
        let token = value.strip_prefix("Bearer ").unwrap_or(value).trim();
        if self.tokens.is_valid(clock, token) {
            Ok(())
        } else {
            Err(Refusal::new(
                403,
                "token_invalid",
                "authentication_error",
                "Token is not valid",
            ))
        }
    }

    fn hmac(&self, req: &Presented<'_>) -> Result<(), Refusal> {
        let refuse = |why: String| Refusal::unauthenticated(why);
        let access = header(req.headers, "access-key")
            .ok_or_else(|| refuse("the Access-Key header is missing".into()))?;
        if !same(access, &self.credentials.access_key) {
            return Err(refuse(
                "the Access-Key is not the one this mock accepts".into(),
            ));
        }
        let ts: i64 = header(req.headers, "timestamp")
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| refuse("the Timestamp header is missing or not milliseconds".into()))?;
        // Clients stamp with their machine's clock, so the window is measured on real time.
        let now = chrono::Utc::now().timestamp_millis();
        if (now - ts).abs() > HMAC_WINDOW_MS {
            return Err(refuse(format!(
                "the Timestamp {ts} is more than 5 minutes from the server's clock ({now}); sign with the current time"
            )));
        }
        let signature = header(req.headers, "signature")
            .ok_or_else(|| refuse("the Signature header is missing".into()))?;
        let path = req.spec_path.trim_start_matches('/');
        let body: &[u8] = if req.body.is_empty() {
            crate::payin_payout::signing::EMPTY_BODY_LINE
        } else {
            req.body
        };
        if crate::payin_payout::signing::verify(
            self.credentials.client_secret.expose(),
            req.method,
            path,
            body,
            ts as u64,
            signature,
        ) {
            Ok(())
        } else {
            Err(refuse(format!(
                "the Signature does not match HMAC-SHA256 of `{} \\n {path} \\n <body> \\n {ts} \\n` with the secret key",
                req.method
            )))
        }
    }
}
