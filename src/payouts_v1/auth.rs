//! How Payouts v1 calls authenticate and how their answers read.
//!
//! - `payouts_authorize` carries `X-Client-Id` and `X-Client-Secret`, and `X-Cf-Signature` when a
//!   public key is configured (the signature goes on the authorize call only: the token it yields
//!   carries the identity from then on).
//! - Every other call carries `Authorization: Bearer <token>`, from a [`TokenCache`]: fetched on
//!   first use with `payouts_authorize` through the client's own runtime, shared by concurrent
//!   calls (one fetch), renewed a minute before `data.expiry` (at most half the token's life
//!   early), and fetched again once when a call is answered "Token is not valid".
//! - Every answer is read: HTTP 200 with `status: ERROR` is an error, keyed on `subCode`.

use std::sync::OnceLock;
use std::time::SystemTime;

use futures::future::BoxFuture;
use http::{HeaderMap, HeaderValue, StatusCode};

use super::errors::{ErrorKind, AUTHORIZE_REFUSED};
use crate::config::Credentials;
use crate::error::Error;
use crate::payouts::{unix_now, PayoutPublicKey};
use crate::runtime::token::{BearerToken, TokenCache};
use crate::runtime::{envelope_v1, HeaderAuth, OperationSpec, Protocol, Runtime};
use crate::secret::Secret;

/// The operation that issues tokens.
pub(crate) const AUTHORIZE: &str = "payouts_authorize";

/// The family's [`Protocol`].
pub(crate) struct V1Auth {
    tokens: TokenCache,
    /// Where `payouts_authorize` is sent: the client's own base URL and connection pool.
    link: OnceLock<(String, reqwest::Client)>,
    key: Option<PayoutPublicKey>,
}

impl V1Auth {
    pub(crate) fn new(key: Option<PayoutPublicKey>) -> V1Auth {
        V1Auth {
            tokens: TokenCache::new(),
            link: OnceLock::new(),
            key,
        }
    }

    pub(crate) fn connect(&self, base_url: &str, http: &reqwest::Client) {
        let _ = self.link.set((base_url.to_string(), http.clone()));
    }

    async fn token(&self, runtime: &Runtime) -> Result<Secret, String> {
        let (base_url, http) = self
            .link
            .get()
            .ok_or_else(|| "the Payouts v1 client is not connected yet".to_string())?;
        self.tokens
            .get(|| fetch_token(runtime, base_url, http))
            .await
    }

    /// `X-Cf-Signature` on the authorize call, when a public key is configured.
    fn sign(&self, runtime: &Runtime, request: &mut reqwest::Request) -> Result<(), String> {
        let Some(key) = &self.key else { return Ok(()) };
        let client_id = client_id(runtime)?;
        let signature = key
            .sign(client_id, unix_now())
            .map_err(|e| e.message().to_string())?;
        let mut value = HeaderValue::from_str(&signature)
            .map_err(|_| "the X-Cf-Signature value cannot travel as a header".to_string())?;
        value.set_sensitive(true);
        request.headers_mut().insert("x-cf-signature", value);
        Ok(())
    }
}

/// The Payouts client id of the configured merchant credentials.
pub(crate) fn client_id(runtime: &Runtime) -> Result<&str, String> {
    match &runtime.config().credentials {
        Credentials::Merchant { client_id, .. } => Ok(client_id),
        _ => Err("Payouts needs the Payouts client id and secret: use Credentials::merchant(client_id, client_secret)"
            .into()),
    }
}

/// Calls `payouts_authorize` through the same runtime (headers, signature, envelope reading).
async fn fetch_token(
    runtime: &Runtime,
    base_url: &str,
    http: &reqwest::Client,
) -> Result<BearerToken, String> {
    let client = super::Client::new_with_client(base_url, http.clone(), runtime.clone());
    let answer = match client.payouts_authorize().send().await {
        Ok(answer) => answer.into_inner(),
        Err(e) => return Err(describe_refusal(&e)),
    };
    let data = answer.data.unwrap_or_default();
    match data.token.filter(|t| !t.is_empty()) {
        Some(token) => Ok(match data.expiry {
            Some(expiry) => BearerToken::from_unix_expiry(token, expiry),
            // Without an expiry the token is reused briefly (see `TokenCache`).
            None => BearerToken::new(token, SystemTime::now()),
        }),
        None => Err(format!(
            "could not get a Payouts v1 bearer token: payouts_authorize answered status {} (sub-code {}: {}) \
             without a token",
            answer.status.as_ref().map_or("none", |s| s.as_str()),
            answer.sub_code.as_deref().unwrap_or("none"),
            answer.message.as_deref().unwrap_or("no message"),
        )),
    }
}

/// The message of a failed token fetch. A refusal keeps its sub-code and message in a form
/// [`ErrorKind::of`] reads back.
fn describe_refusal(error: &Error) -> String {
    match (error, ErrorKind::of(error)) {
        (Error::Api(api), Some(kind)) => format!(
            "could not get a Payouts v1 bearer token: {AUTHORIZE_REFUSED}{}: {}); {}",
            envelope_v1::read(&api.raw_body)
                .map(|e| e.sub_code)
                .unwrap_or_else(|| api.status.to_string()),
            api.message.replace(')', "]"),
            kind.what_to_do()
        ),
        _ => format!("could not get a Payouts v1 bearer token: {error}"),
    }
}

/// The kind of an error answer: the envelope's sub-code, or the HTTP status without one.
fn answer_kind(status: StatusCode, body: &[u8]) -> Option<ErrorKind> {
    match envelope_v1::read(body) {
        Some(e) if !e.sub_code.is_empty() => ErrorKind::classify(&e.sub_code, &e.message),
        _ if !status.is_success() => ErrorKind::classify(status.as_str(), ""),
        _ => None,
    }
}

impl Protocol for V1Auth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            if op.auth == "bearer-token" {
                let token = self.token(runtime).await?;
                envelope_v1::put_bearer(request, &token)
            } else {
                HeaderAuth::apply(runtime, op, request)?;
                if op.operation_id == AUTHORIZE {
                    self.sign(runtime, request)?;
                }
                Ok(())
            }
        })
    }

    /// Payouts v1 answers a processed but refused request with HTTP 200 and status ERROR.
    fn inspects_success(&self, _op: &'static OperationSpec) -> bool {
        true
    }

    fn is_error(&self, _op: &'static OperationSpec, status: StatusCode, body: &[u8]) -> bool {
        envelope_v1::is_error(status, body)
    }

    /// "Token is not valid" (sub-code 403 that is not about the IP), or HTTP 401, on a call
    /// that carried a token. Never for an IP that is not whitelisted: a new token cannot help.
    fn wants_reauthentication(
        &self,
        op: &'static OperationSpec,
        status: StatusCode,
        body: &[u8],
    ) -> bool {
        op.auth == "bearer-token"
            && (status == StatusCode::UNAUTHORIZED
                || answer_kind(status, body) == Some(ErrorKind::TokenInvalid))
    }

    /// A `5xx`, `408`, or an envelope whose sub-code says the server failed (5xx, or 520
    /// "Unknown error occurred").
    fn outcome_unclear(
        &self,
        _op: &'static OperationSpec,
        status: StatusCode,
        body: &[u8],
    ) -> bool {
        status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || matches!(
                answer_kind(status, body),
                Some(ErrorKind::ServerError | ErrorKind::UnknownError)
            )
    }

    fn invalidate(&self) -> BoxFuture<'_, ()> {
        Box::pin(self.tokens.invalidate())
    }

    /// What to do about a refused call, by its kind.
    fn explain_rejection(
        &self,
        op: &'static OperationSpec,
        _sent: &HeaderMap,
        status: StatusCode,
        body: &[u8],
    ) -> Option<String> {
        let kind = answer_kind(status, body)?;
        let mut note = kind.what_to_do().to_string();
        if kind == ErrorKind::IpNotWhitelisted && op.operation_id == AUTHORIZE && self.key.is_some()
        {
            note.push_str(" (this call did carry X-Cf-Signature: check that the public key belongs to this account and environment)");
        }
        Some(note)
    }
}
