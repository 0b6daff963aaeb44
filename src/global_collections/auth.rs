//! How Global Collections calls authenticate: credential headers in the family's own spelling,
//! and the bearer token from `gc_authorize`, cached in a [`TokenCache`].

use std::sync::OnceLock;

use futures::future::BoxFuture;
use http::{HeaderValue, StatusCode};

use crate::config::Credentials;
use crate::runtime::token::{BearerToken, TokenCache};
use crate::runtime::{envelope_v1, HeaderAuth, OperationSpec, Protocol, Runtime};
use crate::secret::Secret;

/// The operation that issues tokens (it never carries one).
const AUTHORIZE: &str = "gc_authorize";

/// The family's [`Protocol`].
pub(crate) struct GcAuth {
    tokens: TokenCache,
    /// The base URL and HTTP client the token is fetched with, set once the client exists.
    link: OnceLock<(String, reqwest::Client)>,
    bearer_on_every_call: bool,
}

impl GcAuth {
    pub(crate) fn new(bearer_on_every_call: bool) -> GcAuth {
        GcAuth {
            tokens: TokenCache::new(),
            link: OnceLock::new(),
            bearer_on_every_call,
        }
    }

    /// Remembers where `gc_authorize` is sent (the client's own base URL and connection pool).
    pub(crate) fn connect(&self, base_url: &str, http: &reqwest::Client) {
        let _ = self.link.set((base_url.to_string(), http.clone()));
    }

    fn carries_token(&self, op: &OperationSpec) -> bool {
        op.auth == "bearer-token" || (self.bearer_on_every_call && op.operation_id != AUTHORIZE)
    }

    async fn token(&self, runtime: &Runtime) -> Result<Secret, String> {
        let (base_url, http) = self
            .link
            .get()
            .ok_or_else(|| "the Global Collections client is not connected yet".to_string())?;
        self.tokens
            .get(|| fetch_token(runtime, base_url, http))
            .await
    }
}

/// Calls `gc_authorize` through the same runtime (headers, errors, no resend of the POST).
async fn fetch_token(
    runtime: &Runtime,
    base_url: &str,
    http: &reqwest::Client,
) -> Result<BearerToken, String> {
    let client = super::Client::new_with_client(base_url, http.clone(), runtime.clone());
    let answer = client
        .gc_authorize()
        .send()
        .await
        .map_err(|e| format!("could not get a Global Collections bearer token: {e}"))?
        .into_inner();
    let data = answer.data.unwrap_or_default();
    match data.token.filter(|t| !t.is_empty()) {
        // Without an expiry the token is reused briefly (see `TokenCache`).
        Some(token) => Ok(match data.expiry {
            Some(expiry) => BearerToken::from_unix_expiry(token, expiry),
            None => BearerToken::new(token, std::time::SystemTime::now()),
        }),
        None => Err(format!(
            "could not get a Global Collections bearer token: gc_authorize answered status {} ({}) without a token",
            answer.status.as_deref().unwrap_or("none"),
            answer.message.as_deref().unwrap_or("no message"),
        )),
    }
}

/// Puts the merchant's or partner's credentials on a request, as this family names them.
fn put_credentials(runtime: &Runtime, request: &mut reqwest::Request) -> Result<(), String> {
    let pairs: [(&'static str, &str); 2] = match &runtime.config().credentials {
        Credentials::Merchant { client_id, client_secret } => {
            [("x-client-id", client_id.as_str()), ("x-client-secret", client_secret.expose())]
        }
        Credentials::Partner { api_key, merchant_id } => {
            [("x-partner-api-key", api_key.expose()), ("x-partner-merchantid", merchant_id.as_str())]
        }
        _ => {
            return Err("needs merchant credentials (Credentials::merchant(client_id, client_secret)) or partner \
                        credentials (Credentials::partner(api_key, merchant_id))"
                .to_string())
        }
    };
    for (name, value) in pairs {
        put_sensitive(request, name, value)?;
    }
    Ok(())
}

fn put_sensitive(
    request: &mut reqwest::Request,
    name: &'static str,
    value: &str,
) -> Result<(), String> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| format!("the credential for `{name}` has characters a header cannot carry"))?;
    v.set_sensitive(true);
    request.headers_mut().insert(name, v);
    Ok(())
}

impl Protocol for GcAuth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            match op.auth {
                "bearer-token" => {}
                "merchant-or-partner" => put_credentials(runtime, request)?,
                _ => HeaderAuth::apply(runtime, op, request)?,
            }
            if self.carries_token(op) {
                let token = self.token(runtime).await?;
                envelope_v1::put_bearer(request, &token)?;
            }
            Ok(())
        })
    }

    /// The envelope may say ERROR on an HTTP 200 (as Cashfree's other token APIs do).
    fn inspects_success(&self, _op: &'static OperationSpec) -> bool {
        true
    }

    fn is_error(&self, _op: &'static OperationSpec, status: StatusCode, body: &[u8]) -> bool {
        envelope_v1::is_error(status, body)
    }

    /// A call that carried the token and was refused as unauthenticated ("Token is not
    /// valid": HTTP 401/403, or an ERROR envelope with sub-code 401/403).
    fn wants_reauthentication(
        &self,
        op: &'static OperationSpec,
        status: StatusCode,
        body: &[u8],
    ) -> bool {
        self.carries_token(op) && envelope_v1::token_refused(status, body)
    }

    fn invalidate(&self) -> BoxFuture<'_, ()> {
        Box::pin(self.tokens.invalidate())
    }
}
