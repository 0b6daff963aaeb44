//! How Global Collections calls authenticate: credential headers in the family's own spelling,
//! and the bearer token from `gc_authorize`, cached in a [`TokenCache`].

use std::sync::Arc;

use futures::future::BoxFuture;
use http::{HeaderValue, StatusCode};

use crate::config::Credentials;
use crate::error::AuthError;
use crate::runtime::bearer::{token_of, AuthorizeCall, BearerAuth};
use crate::runtime::token::BearerToken;
use crate::runtime::{status_envelope, AuthScheme, HeaderAuth, OperationSpec, Protocol, Runtime};

/// The operation that issues tokens (it never carries one).
const AUTHORIZE: &str = "gc_authorize";

/// The family's [`Protocol`].
pub(crate) struct GcAuth {
    bearer: BearerAuth,
    bearer_on_every_call: bool,
}

impl GcAuth {
    /// The protocol, and the authorize call to connect once the client exists.
    pub(crate) fn new(bearer_on_every_call: bool) -> (GcAuth, Arc<AuthorizeCall>) {
        let source = Arc::new(AuthorizeCall::new("Global Collections", authorize));
        let auth = GcAuth {
            bearer: BearerAuth::new(source.clone()),
            bearer_on_every_call,
        };
        (auth, source)
    }

    fn carries_token(&self, op: &OperationSpec) -> bool {
        op.auth == AuthScheme::BearerToken
            || (self.bearer_on_every_call && op.operation_id != AUTHORIZE)
    }
}

/// Calls `gc_authorize` through the same runtime (headers, errors, no resend of the POST).
fn authorize<'a>(
    runtime: &'a Runtime,
    base_url: &'a str,
    http: &'a reqwest::Client,
) -> BoxFuture<'a, Result<BearerToken, AuthError>> {
    Box::pin(async move {
        let client = super::Client::new_with_client(base_url, http.clone(), runtime.clone());
        let answer = client
            .gc_authorize()
            .send()
            .await
            .map_err(|e| {
                AuthError::caused_by(
                    format!("could not get a Global Collections bearer token: {e}"),
                    e,
                )
            })?
            .into_inner();
        let data = answer.data.unwrap_or_default();
        token_of(
            AUTHORIZE,
            data.token,
            data.expiry,
            answer.status.as_deref(),
            answer.message.as_deref(),
        )
    })
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
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            match op.auth {
                AuthScheme::BearerToken => {}
                AuthScheme::MerchantOrPartner => put_credentials(runtime, request)?,
                _ => HeaderAuth::apply(runtime, op, request)?,
            }
            if self.carries_token(op) {
                self.bearer.put(runtime, request).await?;
            }
            Ok(())
        })
    }

    /// The envelope may say ERROR on an HTTP 200 (as Cashfree's other token APIs do).
    fn inspects_success(&self, _op: &'static OperationSpec) -> bool {
        true
    }

    fn is_error(&self, _op: &'static OperationSpec, status: StatusCode, body: &[u8]) -> bool {
        status_envelope::is_error(status, body)
    }

    /// A call that carried the token and was refused as unauthenticated ("Token is not
    /// valid": HTTP 401/403, or an ERROR envelope with sub-code 401/403).
    fn wants_reauthentication(
        &self,
        op: &'static OperationSpec,
        status: StatusCode,
        body: &[u8],
    ) -> bool {
        self.carries_token(op) && status_envelope::token_refused(status, body)
    }

    fn invalidate(&self) -> BoxFuture<'_, ()> {
        Box::pin(self.bearer.invalidate())
    }
}
