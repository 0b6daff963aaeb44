//! How Payouts v2 calls authenticate: `x-client-id` and `x-client-secret` on every call, and
//! `x-cf-signature` too when a public key is configured (for an IP that is not whitelisted).

use futures::future::BoxFuture;
use http::{HeaderMap, StatusCode};

use crate::error::AuthError;
use crate::payouts::{put_signature, PayoutPublicKey};
use crate::runtime::{HeaderAuth, OperationSpec, Protocol, Runtime};

/// What to do when the API refuses the caller's IP.
pub(crate) const IP_NOTE: &str = "this server's IP is not whitelisted for Payouts: whitelist its IPv4 address \
     (Payouts dashboard > Developers > Two-Factor Authentication > IP Whitelist), or configure the account's \
     Payouts public key (Config::with_payout_public_key_pem) so every call carries x-cf-signature; not retried";

/// The family's [`Protocol`].
pub(crate) struct V2Auth {
    key: Option<PayoutPublicKey>,
}

impl V2Auth {
    pub(crate) fn new(key: Option<PayoutPublicKey>) -> V2Auth {
        V2Auth { key }
    }
}

/// True for an answer that refuses the caller's IP (403 whose code or message names the
/// whitelist).
pub(crate) fn refuses_ip(status: u16, body: &[u8]) -> bool {
    status == 403
        && String::from_utf8_lossy(body)
            .to_ascii_lowercase()
            .contains("whitelist")
}

impl Protocol for V2Auth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        let result = HeaderAuth::apply(runtime, op, request)
            .map_err(AuthError::from)
            .and_then(|()| put_signature(self.key.as_ref(), runtime, request));
        Box::pin(async move { result })
    }

    fn explain_rejection(
        &self,
        _op: &'static OperationSpec,
        _sent: &HeaderMap,
        status: StatusCode,
        body: &[u8],
    ) -> Option<String> {
        refuses_ip(status.as_u16(), body).then(|| IP_NOTE.to_string())
    }
}
