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

use futures::future::BoxFuture;
use http::{HeaderMap, StatusCode};

use super::errors::ErrorKind;
use crate::error::{AuthError, Error};
use crate::payouts::{put_signature, PayoutPublicKey};
use crate::runtime::bearer::{token_of, AuthorizeCall, BearerAuth};
use crate::runtime::token::BearerToken;
use crate::runtime::{status_envelope, AuthScheme, HeaderAuth, OperationSpec, Protocol, Runtime};

/// The operation that issues tokens.
pub(crate) const AUTHORIZE: &str = "payouts_authorize";

/// The family's [`Protocol`].
pub(crate) struct V1Auth {
    bearer: BearerAuth,
    key: Option<PayoutPublicKey>,
}

impl V1Auth {
    /// The protocol, and the authorize call to connect once the client exists.
    pub(crate) fn new(key: Option<PayoutPublicKey>) -> (V1Auth, std::sync::Arc<AuthorizeCall>) {
        let source = std::sync::Arc::new(AuthorizeCall::new("Payouts v1", authorize));
        let auth = V1Auth {
            bearer: BearerAuth::new(source.clone()),
            key,
        };
        (auth, source)
    }
}

/// Calls `payouts_authorize` through the same runtime (headers, signature, envelope reading).
fn authorize<'a>(
    runtime: &'a Runtime,
    base_url: &'a str,
    http: &'a reqwest::Client,
) -> BoxFuture<'a, Result<BearerToken, AuthError>> {
    Box::pin(async move {
        let client = super::Client::new_with_client(base_url, http.clone(), runtime.clone());
        let answer = match client.payouts_authorize().send().await {
            Ok(answer) => answer.into_inner(),
            Err(e) => return Err(AuthError::caused_by(describe_refusal(&e), e)),
        };
        let data = answer.data.unwrap_or_default();
        token_of(
            AUTHORIZE,
            data.token,
            data.expiry,
            answer.status.as_ref().map(|s| s.as_str()),
            answer.message.as_deref(),
        )
    })
}

/// The message of a failed token fetch (the error itself travels as the cause, which
/// [`ErrorKind::of`] reads).
fn describe_refusal(error: &Error) -> String {
    match ErrorKind::of(error) {
        Some(kind) => format!(
            "could not get a Payouts v1 bearer token: {AUTHORIZE} was refused ({error}); {}",
            kind.what_to_do()
        ),
        None => format!("could not get a Payouts v1 bearer token: {error}"),
    }
}

/// The kind of an error answer: the envelope's sub-code, or the HTTP status without one.
fn answer_kind(status: StatusCode, body: &[u8]) -> Option<ErrorKind> {
    match status_envelope::read(body) {
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
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            if op.auth == AuthScheme::BearerToken {
                self.bearer.put(runtime, request).await
            } else {
                HeaderAuth::apply(runtime, op, request)?;
                if op.operation_id == AUTHORIZE {
                    put_signature(self.key.as_ref(), runtime, request)?;
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
        status_envelope::is_error(status, body)
    }

    /// "Token is not valid" (sub-code 403 that is not about the IP), or HTTP 401, on a call
    /// that carried a token. Never for an IP that is not whitelisted: a new token cannot help.
    fn wants_reauthentication(
        &self,
        op: &'static OperationSpec,
        status: StatusCode,
        body: &[u8],
    ) -> bool {
        op.auth == AuthScheme::BearerToken
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
        Box::pin(self.bearer.invalidate())
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
