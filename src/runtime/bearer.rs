//! The bearer-token auth shared by Cashfree's token families (Payouts v1, Global Collections,
//! OneEscrow): a [`TokenCache`] filled from a [`TokenSource`], by default the family's own
//! authorize call sent through the same client ([`AuthorizeCall`]), and the
//! `Authorization: Bearer <token>` header it puts on a request.

use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use futures::future::BoxFuture;
use http::HeaderValue;

use super::token::{BearerToken, TokenCache, TokenSource};
use super::Runtime;
use crate::error::AuthError;

/// A family's authorize call: given the client's runtime, base URL and connection pool, the
/// token it issues.
pub(crate) type AuthorizeFn = for<'a> fn(
    &'a Runtime,
    &'a str,
    &'a reqwest::Client,
) -> BoxFuture<'a, Result<BearerToken, AuthError>>;

/// The default [`TokenSource`]: the family's authorize operation, through the client's own
/// runtime, base URL and connection pool (remembered by [`AuthorizeCall::connect`] once the
/// client exists).
pub(crate) struct AuthorizeCall {
    family: &'static str,
    call: AuthorizeFn,
    link: OnceLock<(String, reqwest::Client)>,
}

impl AuthorizeCall {
    /// The authorize call of `family` (its title, for messages).
    pub(crate) fn new(family: &'static str, call: AuthorizeFn) -> AuthorizeCall {
        AuthorizeCall {
            family,
            call,
            link: OnceLock::new(),
        }
    }

    /// Remembers the client's base URL and connection pool.
    pub(crate) fn connect(&self, base_url: &str, http: &reqwest::Client) {
        let _ = self.link.set((base_url.to_string(), http.clone()));
    }
}

impl TokenSource for AuthorizeCall {
    fn fetch<'a>(&'a self, runtime: &'a Runtime) -> BoxFuture<'a, Result<BearerToken, AuthError>> {
        Box::pin(async move {
            let (base_url, http) = self.link.get().ok_or_else(|| {
                AuthError::new(format!("the {} client is not connected yet", self.family))
            })?;
            (self.call)(runtime, base_url, http).await
        })
    }
}

/// The token an authorize answer's `data` carries: `token`, and `expiry` in Unix seconds.
/// Without an expiry the token is reused briefly (see [`TokenCache`]); without a token, the
/// error quotes the answer's `status` and `message`.
pub(crate) fn token_of(
    operation: &str,
    token: Option<String>,
    expiry: Option<i64>,
    status: Option<&str>,
    message: Option<&str>,
) -> Result<BearerToken, AuthError> {
    match token.filter(|t| !t.is_empty()) {
        Some(token) => Ok(match expiry {
            Some(expiry) => BearerToken::from_unix_expiry(token, expiry),
            None => BearerToken::new(token, SystemTime::now()),
        }),
        None => Err(AuthError::new(format!(
            "could not get a bearer token: {operation} answered status {} ({}) without a token",
            status.unwrap_or("none"),
            message.unwrap_or("no message"),
        ))),
    }
}

/// One client's bearer tokens: the cache and where new ones come from.
pub(crate) struct BearerAuth {
    tokens: TokenCache,
    source: Arc<dyn TokenSource>,
}

impl BearerAuth {
    /// Tokens from `source`.
    pub(crate) fn new(source: Arc<dyn TokenSource>) -> BearerAuth {
        BearerAuth {
            tokens: TokenCache::new(),
            source,
        }
    }

    /// Puts `Authorization: Bearer <token>` on a request (marked sensitive), fetching the
    /// token first when needed — waiting at most the client's per-attempt timeout.
    pub(crate) async fn put(
        &self,
        runtime: &Runtime,
        request: &mut reqwest::Request,
    ) -> Result<(), AuthError> {
        let token = self
            .tokens
            .get(runtime.config().timeout, || self.source.fetch(runtime))
            .await?;
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| AuthError::new("the bearer token has characters a header cannot carry"))?;
        value.set_sensitive(true);
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, value);
        Ok(())
    }

    /// Forgets the cached token (the API rejected it).
    pub(crate) async fn invalidate(&self) {
        self.tokens.invalidate().await;
    }
}
