//! How OneEscrow calls authenticate: a Payouts v1 bearer token ([`BearerAuth`]), from a
//! [`TokenSource`] — by default the `escrow_authorize` call on the same host, which carries the
//! merchant headers and `X-Cf-Signature` when a public key is configured.

use std::sync::Arc;

use futures::future::BoxFuture;
use http::StatusCode;

use crate::error::AuthError;
use crate::payouts::{put_signature, PayoutPublicKey};
use crate::runtime::bearer::{token_of, AuthorizeCall, BearerAuth};
use crate::runtime::token::{BearerToken, TokenSource};
use crate::runtime::{status_envelope, AuthScheme, HeaderAuth, OperationSpec, Protocol, Runtime};

/// The default [`TokenSource`]: `escrow_authorize` through the client's own runtime.
pub(crate) fn authorize_call() -> AuthorizeCall {
    AuthorizeCall::new("OneEscrow", authorize)
}

fn authorize<'a>(
    runtime: &'a Runtime,
    base_url: &'a str,
    http: &'a reqwest::Client,
) -> BoxFuture<'a, Result<BearerToken, AuthError>> {
    Box::pin(async move {
        let client = super::Client::new_with_client(base_url, http.clone(), runtime.clone());
        let answer = client
            .escrow_authorize()
            .send()
            .await
            .map_err(|e| {
                AuthError::caused_by(format!("could not get a Payouts bearer token: {e}"), e)
            })?
            .into_inner();
        let data = answer.data.unwrap_or_default();
        token_of(
            "escrow_authorize",
            data.token,
            data.expiry,
            answer.status.as_deref(),
            answer.message.as_deref(),
        )
    })
}

/// The family's [`Protocol`].
pub(crate) struct EscrowAuth {
    bearer: BearerAuth,
    signer: Option<PayoutPublicKey>,
}

impl EscrowAuth {
    pub(crate) fn new(source: Arc<dyn TokenSource>, signer: Option<PayoutPublicKey>) -> EscrowAuth {
        EscrowAuth {
            bearer: BearerAuth::new(source),
            signer,
        }
    }
}

impl Protocol for EscrowAuth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            if op.auth == AuthScheme::BearerToken {
                self.bearer.put(runtime, request).await
            } else {
                HeaderAuth::apply(runtime, op, request)?;
                put_signature(self.signer.as_ref(), runtime, request)
            }
        })
    }

    /// Payouts v1 answers a processed but refused request with HTTP 200 and status ERROR.
    fn inspects_success(&self, _op: &'static OperationSpec) -> bool {
        true
    }

    fn is_error(&self, _op: &'static OperationSpec, status: StatusCode, body: &[u8]) -> bool {
        status_envelope::is_error(status, body)
    }

    /// A token call refused as unauthenticated: HTTP 401/403, or an ERROR envelope with
    /// sub-code 401/403 ("Token is not valid").
    fn wants_reauthentication(
        &self,
        op: &'static OperationSpec,
        status: StatusCode,
        body: &[u8],
    ) -> bool {
        op.auth == AuthScheme::BearerToken && status_envelope::token_refused(status, body)
    }

    fn invalidate(&self) -> BoxFuture<'_, ()> {
        Box::pin(self.bearer.invalidate())
    }
}
