//! How a family authenticates and tells errors from successes.
//!
//! [`HeaderAuth`] covers the Cashfree families whose calls carry credentials as headers
//! (`x-auth: merchant-headers | partner-headers | merchant-or-partner | none`). Families with a
//! bearer token or a request signature implement [`Protocol`] themselves and fall back to
//! [`HeaderAuth`] for the rest.

use futures::future::BoxFuture;
use http::{HeaderMap, HeaderValue, StatusCode};

use super::{OperationSpec, Runtime};
use crate::config::Credentials;
use crate::error::AuthError;

/// An operation's `x-auth`: how its requests authenticate. Generated into every operation
/// table from the spec; the generator's lint accepts exactly these values (its own
/// `AuthScheme` has the same variants, so a scheme this enum lacks does not compile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `none`: no credentials.
    None,
    /// `merchant-headers`: `x-client-id` + `x-client-secret`.
    MerchantHeaders,
    /// `partner-headers`: `x-partner-apikey` + `x-partner-merchantid`.
    PartnerHeaders,
    /// `merchant-or-partner`: either of the above.
    MerchantOrPartner,
    /// `bearer-token`: `Authorization: Bearer <token>` from the family's authorize call.
    BearerToken,
    /// `hmac-signature`: the Payin & Payout API's request signature.
    HmacSignature,
}

impl AuthScheme {
    /// The spelling in a spec (`bearer-token`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthScheme::None => "none",
            AuthScheme::MerchantHeaders => "merchant-headers",
            AuthScheme::PartnerHeaders => "partner-headers",
            AuthScheme::MerchantOrPartner => "merchant-or-partner",
            AuthScheme::BearerToken => "bearer-token",
            AuthScheme::HmacSignature => "hmac-signature",
        }
    }
}

/// A family's auth and answer rules. Every method but `authenticate` has a default that suits
/// APIs which answer errors with error statuses.
pub trait Protocol: Send + Sync + 'static {
    /// Puts credentials on one attempt of a request (called again for every attempt, so a
    /// signature or token is always fresh; once per call when
    /// [`Protocol::authenticates_once`] says so). The error says what to fix, and keeps the error of
    /// a token call that failed; it is never sent.
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>>;

    /// True when [`Protocol::authenticate`] puts the same headers on every attempt (fixed
    /// credentials, no signature, no token) and [`Protocol::wants_reauthentication`] is never
    /// true. The runtime then authenticates a call's request once, before copying it for each
    /// attempt, so every attempt still carries the credentials; and it sends the request itself,
    /// without keeping a copy, on an attempt that cannot be followed by another (the last one
    /// the retry budget allows, or any attempt of a call that moves money). The default, `false`,
    /// authenticates every attempt anew.
    fn authenticates_once(&self) -> bool {
        false
    }

    /// True when success answers must be read to tell whether they are errors (APIs that answer
    /// HTTP 200 with `status: ERROR`).
    fn inspects_success(&self, _op: &'static OperationSpec) -> bool {
        false
    }

    /// True when a (read) answer is an error even though its status says otherwise.
    fn is_error(&self, _op: &'static OperationSpec, status: StatusCode, _body: &[u8]) -> bool {
        !status.is_success()
    }

    /// True when the answer says the credentials expired and a fresh set may succeed.
    fn wants_reauthentication(
        &self,
        _op: &'static OperationSpec,
        _status: StatusCode,
        _body: &[u8],
    ) -> bool {
        false
    }

    /// True when an error answer leaves open whether the server did the call's work (a `5xx`
    /// or `408`, by default): on an operation that moves money, such an error is
    /// [`crate::Error::is_ambiguous`]. A family whose API reports such failures in its own
    /// codes (Payouts v1's sub-code 520) says so here.
    fn outcome_unclear(
        &self,
        _op: &'static OperationSpec,
        status: StatusCode,
        _body: &[u8],
    ) -> bool {
        status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT
    }

    /// Forgets cached credentials (a token), so the next attempt gets new ones.
    fn invalidate(&self) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }

    /// True when [`Protocol::explain_rejection`] reads the headers an attempt was sent with, so
    /// the runtime keeps a copy of them for each attempt (the default). A protocol that never
    /// reads them answers `false` and saves the copy.
    fn reads_sent_headers(&self) -> bool {
        true
    }

    /// A note for an error answer, from the headers the rejected attempt was sent with (e.g.
    /// "signed with Timestamp …"); it becomes [`crate::ApiError::note`]. Never include secrets.
    fn explain_rejection(
        &self,
        _op: &'static OperationSpec,
        _sent: &HeaderMap,
        _status: StatusCode,
        _body: &[u8],
    ) -> Option<String> {
        None
    }
}

/// Credentials as headers: `x-client-id` + `x-client-secret` for a merchant,
/// `x-partner-apikey` + `x-partner-merchantid` for a partner; nothing for `x-auth: none`.
#[derive(Debug, Default, Clone, Copy)]
pub struct HeaderAuth;

impl HeaderAuth {
    /// Adds the headers an operation's `x-auth` asks for, from the configured credentials.
    pub fn apply(
        runtime: &Runtime,
        op: &OperationSpec,
        request: &mut reqwest::Request,
    ) -> Result<(), String> {
        let creds = &runtime.config().credentials;
        let headers = request.headers_mut();
        let prebuilt = matches!(
            (op.auth, creds),
            (
                AuthScheme::MerchantHeaders | AuthScheme::MerchantOrPartner,
                Credentials::Merchant { .. }
            ) | (
                AuthScheme::PartnerHeaders | AuthScheme::MerchantOrPartner,
                Credentials::Partner { .. }
            )
        );
        if let (true, Some(built)) = (prebuilt, runtime.credential_headers()) {
            for (name, value) in built {
                headers.insert(name.clone(), value.clone());
            }
            return Ok(());
        }
        let mut put = |name: &'static str, value: &str| -> Result<(), String> {
            let mut v = HeaderValue::from_str(value).map_err(|_| {
                format!("the credential for `{name}` has characters a header cannot carry")
            })?;
            v.set_sensitive(true);
            headers.insert(name, v);
            Ok(())
        };
        match (op.auth, creds) {
            (AuthScheme::None, _) => Ok(()),
            (
                AuthScheme::MerchantHeaders | AuthScheme::MerchantOrPartner,
                Credentials::Merchant {
                    client_id,
                    client_secret,
                },
            ) => {
                put("x-client-id", client_id)?;
                put("x-client-secret", client_secret.expose())
            }
            (
                AuthScheme::PartnerHeaders | AuthScheme::MerchantOrPartner,
                Credentials::Partner {
                    api_key,
                    merchant_id,
                },
            ) => {
                put("x-partner-apikey", api_key.expose())?;
                put("x-partner-merchantid", merchant_id)
            }
            (scheme, _) => Err(format!(
                "needs {} credentials (x-auth: {}); configure them with {}",
                match scheme {
                    AuthScheme::MerchantHeaders => "merchant",
                    AuthScheme::PartnerHeaders => "partner",
                    AuthScheme::MerchantOrPartner => "merchant or partner",
                    AuthScheme::BearerToken => "bearer-token",
                    AuthScheme::HmacSignature => "HMAC signing",
                    AuthScheme::None => "no",
                },
                scheme.as_str(),
                match scheme {
                    AuthScheme::PartnerHeaders => "Credentials::partner(api_key, merchant_id)",
                    AuthScheme::HmacSignature => "Credentials::hmac(access_key, secret)",
                    _ => "Credentials::merchant(client_id, client_secret)",
                }
            )),
        }
    }
}

/// The two credential headers of merchant or partner credentials, built once per client (values
/// marked sensitive); `None` for other credentials or when a value cannot travel as a header
/// (then [`HeaderAuth::apply`] reports which).
pub(crate) fn credential_headers(
    credentials: &Credentials,
) -> Option<[(http::HeaderName, HeaderValue); 2]> {
    let value = |text: &str| {
        let mut v = HeaderValue::from_str(text).ok()?;
        v.set_sensitive(true);
        Some(v)
    };
    match credentials {
        Credentials::Merchant {
            client_id,
            client_secret,
        } => Some([
            (
                http::HeaderName::from_static("x-client-id"),
                value(client_id)?,
            ),
            (
                http::HeaderName::from_static("x-client-secret"),
                value(client_secret.expose())?,
            ),
        ]),
        Credentials::Partner {
            api_key,
            merchant_id,
        } => Some([
            (
                http::HeaderName::from_static("x-partner-apikey"),
                value(api_key.expose())?,
            ),
            (
                http::HeaderName::from_static("x-partner-merchantid"),
                value(merchant_id)?,
            ),
        ]),
        _ => None,
    }
}

/// The outcome of credentials put on at once: ready, and of no size.
struct Applied;

impl std::future::Future for Applied {
    type Output = Result<(), AuthError>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::task::Poll::Ready(Ok(()))
    }
}

impl Protocol for HeaderAuth {
    fn authenticate<'a>(
        &'a self,
        runtime: &'a Runtime,
        op: &'static OperationSpec,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), AuthError>> {
        match HeaderAuth::apply(runtime, op, request) {
            // A future of no size: boxing it allocates nothing.
            Ok(()) => Box::pin(Applied),
            Err(e) => {
                let result = Err(AuthError::from(e));
                Box::pin(async move { result })
            }
        }
    }

    fn reads_sent_headers(&self) -> bool {
        false
    }

    /// Credential headers never change between attempts, and nothing here asks to
    /// reauthenticate.
    fn authenticates_once(&self) -> bool {
        true
    }
}
