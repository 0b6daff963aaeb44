//! How OneEscrow calls authenticate: a Payouts v1 bearer token, cached in a [`TokenCache`] and
//! fetched from a [`TokenSource`] (by default the `escrow_authorize` call on the same host).

use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use http::{HeaderValue, StatusCode};

use crate::cf_signature::PayoutPublicKey as Signer;
use crate::config::Credentials;
use crate::runtime::token::{BearerToken, TokenCache, TokenSource};
use crate::runtime::{envelope_v1, HeaderAuth, OperationSpec, Protocol, Runtime};

/// The default [`TokenSource`]: `escrow_authorize` through the client's own runtime.
#[derive(Default)]
pub(crate) struct AuthorizeCall {
    link: OnceLock<(String, reqwest::Client)>,
}

impl AuthorizeCall {
    /// Remembers the client's base URL and connection pool.
    pub(crate) fn connect(&self, base_url: &str, http: &reqwest::Client) {
        let _ = self.link.set((base_url.to_string(), http.clone()));
    }
}

impl TokenSource for AuthorizeCall {
    fn fetch<'a>(&'a self, runtime: &'a Runtime) -> BoxFuture<'a, Result<BearerToken, String>> {
        Box::pin(async move {
            let (base_url, http) = self
                .link
                .get()
                .ok_or_else(|| "the OneEscrow client is not connected yet".to_string())?;
            let client = super::Client::new_with_client(base_url, http.clone(), runtime.clone());
            let answer = client
                .escrow_authorize()
                .send()
                .await
                .map_err(|e| format!("could not get a Payouts bearer token: {e}"))?
                .into_inner();
            let data = answer.data.unwrap_or_default();
            match data.token.filter(|t| !t.is_empty()) {
                Some(token) => Ok(match data.expiry {
                    Some(expiry) => BearerToken::from_unix_expiry(token, expiry),
                    // Without an expiry the token is reused briefly (see `TokenCache`).
                    None => BearerToken::new(token, SystemTime::now()),
                }),
                None => Err(format!(
                    "could not get a Payouts bearer token: escrow_authorize answered status {} ({}) without a token",
                    answer.status.as_deref().unwrap_or("none"),
                    answer.message.as_deref().unwrap_or("no message"),
                )),
            }
        })
    }
}

/// The family's [`Protocol`].
pub(crate) struct EscrowAuth {
    tokens: TokenCache,
    source: Arc<dyn TokenSource>,
    signer: Option<Signer>,
}

impl EscrowAuth {
    pub(crate) fn new(source: Arc<dyn TokenSource>, signer: Option<Signer>) -> EscrowAuth {
        EscrowAuth {
            tokens: TokenCache::new(),
            source,
            signer,
        }
    }

    /// Adds `X-Cf-Signature` to the authorize call when a public key is configured.
    fn sign(&self, runtime: &Runtime, request: &mut reqwest::Request) -> Result<(), String> {
        let Some(signer) = &self.signer else {
            return Ok(());
        };
        let Credentials::Merchant { client_id, .. } = &runtime.config().credentials else {
            return Err(
                "X-Cf-Signature needs the Payouts client id: use Credentials::merchant".into(),
            );
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut value = HeaderValue::from_str(
            &signer
                .sign(client_id, now)
                .map_err(|e| e.message().to_string())?,
        )
        .map_err(|_| "the X-Cf-Signature value cannot be a header".to_string())?;
        value.set_sensitive(true);
        request.headers_mut().insert("x-cf-signature", value);
        Ok(())
    }
}

impl Protocol for EscrowAuth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            if op.auth == "bearer-token" {
                let token = self.tokens.get(|| self.source.fetch(runtime)).await?;
                envelope_v1::put_bearer(request, &token)
            } else {
                HeaderAuth::apply(runtime, op, request)?;
                self.sign(runtime, request)
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

    /// A token call refused as unauthenticated: HTTP 401/403, or an ERROR envelope with
    /// sub-code 401/403 ("Token is not valid").
    fn wants_reauthentication(
        &self,
        op: &'static OperationSpec,
        status: StatusCode,
        body: &[u8],
    ) -> bool {
        op.auth == "bearer-token" && envelope_v1::token_refused(status, body)
    }

    fn invalidate(&self) -> BoxFuture<'_, ()> {
        Box::pin(self.tokens.invalidate())
    }
}
