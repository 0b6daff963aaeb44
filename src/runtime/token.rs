//! Bearer tokens that are fetched once, shared, and renewed shortly before they expire.
//!
//! Families whose calls carry `Authorization: Bearer <token>` (Payouts v1, OneEscrow, Global
//! Collections) get the token from an authorize call. [`TokenCache`] keeps the current token
//! and decides when a new one is needed:
//! - a cached token is used until `refresh_margin` before its expiry (by default 60 s, and
//!   never more than half the token's lifetime, so a short-lived token is still reused);
//! - when a new token is needed, exactly one caller fetches it while every other caller waits
//!   for that fetch and then uses its result (single flight, under a `tokio::sync::Mutex`);
//! - [`TokenCache::invalidate`] forgets the token when the API rejected it, so the next
//!   attempt fetches a fresh one (the runtime does this once per call, never in a loop);
//! - a failed fetch caches nothing: the next caller tries again.
//!
//! A call rejected with an old token may invalidate a token another call has just fetched; that
//! costs one extra fetch per rejected call, never a loop, and never a call sent with a token
//! known to be stale.
//!
//! The cache does not know how to fetch: the caller passes the fetch as a closure, so each
//! family keeps its own authorize call (headers, signature, envelope) and reuses the rest.
//! [`TokenSource`] names such a fetch when it has to be stored or swapped.
//!
//! ```
//! use paygen::runtime::token::{BearerToken, TokenCache};
//! use std::time::{Duration, SystemTime};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let cache = TokenCache::new();
//! let token = cache
//!     .get(|| async {
//!         // A real fetch calls the family's authorize operation.
//!         Ok::<_, String>(BearerToken::new("tok-1", SystemTime::now() + Duration::from_secs(300)))
//!     })
//!     .await
//!     .unwrap();
//! assert_eq!(token.expose(), "tok-1");
//! // Still fresh: the fetch is not called again.
//! let again = cache.get(|| async { Err::<BearerToken, _>("not called".to_string()) }).await.unwrap();
//! assert_eq!(again.expose(), "tok-1");
//! # }
//! ```

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::Runtime;
use crate::secret::Secret;

/// How long before its expiry a token is replaced, by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// How long a token whose expiry is already past by this machine's clock is reused (the
/// server's clock and ours disagree; if the token really is stale, the API rejects it and the
/// cache is invalidated).
const SKEWED_TOKEN_REUSE: Duration = Duration::from_secs(30);

/// A bearer token and when it stops working.
#[derive(Clone, Debug)]
pub struct BearerToken {
    value: Secret,
    expires_at: SystemTime,
}

impl BearerToken {
    /// A token that expires at `expires_at`.
    pub fn new(value: impl Into<Secret>, expires_at: SystemTime) -> BearerToken {
        BearerToken {
            value: value.into(),
            expires_at,
        }
    }

    /// A token whose expiry is given in Unix seconds (as Cashfree's authorize calls answer:
    /// `data.expiry`). A negative expiry reads as the epoch (an already expired token).
    ///
    /// ```
    /// use paygen::runtime::token::BearerToken;
    /// let t = BearerToken::from_unix_expiry("tok", 1_564_130_052);
    /// assert_eq!(t.expires_at_unix(), 1_564_130_052);
    /// ```
    pub fn from_unix_expiry(value: impl Into<Secret>, expiry_unix_seconds: i64) -> BearerToken {
        let secs = u64::try_from(expiry_unix_seconds).unwrap_or(0);
        BearerToken::new(value, UNIX_EPOCH + Duration::from_secs(secs))
    }

    /// The token itself (never printed by `Debug`).
    pub fn value(&self) -> &Secret {
        &self.value
    }

    /// When it stops working.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// When it stops working, in Unix seconds.
    pub fn expires_at_unix(&self) -> u64 {
        self.expires_at
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// Something that fetches a new bearer token for a client (the family's authorize call, or
/// one a user supplies). Called by a family's auth protocol through [`TokenCache::get`], while
/// other calls of the same client wait for it: a source must not itself call an operation of
/// that client that needs the token.
pub trait TokenSource: Send + Sync + 'static {
    /// Gets a new token. The error says what failed, without secrets.
    fn fetch<'a>(&'a self, runtime: &'a Runtime) -> BoxFuture<'a, Result<BearerToken, String>>;
}

struct Cached {
    token: BearerToken,
    refresh_at: Instant,
}

/// The current token of one client, shared by all its calls (see the module docs).
pub struct TokenCache {
    slot: Mutex<Option<Cached>>,
    refresh_margin: Duration,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache::new()
    }
}

impl TokenCache {
    /// An empty cache that renews tokens [`DEFAULT_REFRESH_MARGIN`] before they expire.
    pub fn new() -> TokenCache {
        TokenCache::with_refresh_margin(DEFAULT_REFRESH_MARGIN)
    }

    /// An empty cache that renews tokens `margin` before they expire (at most half a token's
    /// lifetime early).
    pub fn with_refresh_margin(margin: Duration) -> TokenCache {
        TokenCache {
            slot: Mutex::new(None),
            refresh_margin: margin,
        }
    }

    /// The current token, fetched with `fetch` when there is none or it is about to expire.
    /// Concurrent callers share one fetch: they wait for it and use its token. A failed fetch
    /// fails only the caller that ran it; the next waiting caller then runs its own.
    pub async fn get<F, Fut, E>(&self, fetch: F) -> Result<Secret, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<BearerToken, E>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.value.clone());
            }
        }
        let token = fetch().await?;
        let value = token.value.clone();
        let refresh_at = Instant::now() + self.reuse_for(token.expires_at);
        *slot = Some(Cached { token, refresh_at });
        Ok(value)
    }

    /// Forgets the current token, so the next [`TokenCache::get`] fetches a new one. Called
    /// when the API rejected the token (expired early, revoked, issued for another IP).
    pub async fn invalidate(&self) {
        *self.slot.lock().await = None;
    }

    /// The cached token, if any, whether or not it is due for renewal.
    pub async fn current(&self) -> Option<BearerToken> {
        self.slot.lock().await.as_ref().map(|c| c.token.clone())
    }

    /// How long a token expiring at `expires_at` is used before it is renewed.
    fn reuse_for(&self, expires_at: SystemTime) -> Duration {
        match expires_at.duration_since(SystemTime::now()) {
            Ok(lifetime) if !lifetime.is_zero() => lifetime - self.refresh_margin.min(lifetime / 2),
            _ => SKEWED_TOKEN_REUSE,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use super::*;

    fn token(value: &str, lifetime: Duration) -> BearerToken {
        BearerToken::new(value, SystemTime::now() + lifetime)
    }

    #[tokio::test(start_paused = true)]
    async fn a_fresh_token_is_reused_and_renewed_before_it_expires() {
        let cache = TokenCache::with_refresh_margin(Duration::from_secs(30));
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            Ok::<_, String>(token(&format!("tok-{n}"), Duration::from_secs(300)))
        };
        assert_eq!(cache.get(fetch).await.unwrap().expose(), "tok-1");
        tokio::time::advance(Duration::from_secs(269)).await;
        assert_eq!(
            cache.get(fetch).await.unwrap().expose(),
            "tok-1",
            "still 31 s left"
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(
            cache.get(fetch).await.unwrap().expose(),
            "tok-2",
            "inside the 30 s margin"
        );
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_short_lived_token_is_still_reused_for_half_its_life() {
        let cache = TokenCache::with_refresh_margin(Duration::from_secs(60));
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            Ok::<_, String>(token("short", Duration::from_secs(40)))
        };
        cache.get(fetch).await.unwrap();
        tokio::time::advance(Duration::from_secs(19)).await;
        cache.get(fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        tokio::time::advance(Duration::from_secs(2)).await;
        cache.get(fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_callers_share_one_fetch() {
        let cache = Arc::new(TokenCache::new());
        let fetches = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let cache = cache.clone();
            let fetches = fetches.clone();
            tasks.push(tokio::spawn(async move {
                cache
                    .get(|| async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok::<_, String>(token("shared", Duration::from_secs(300)))
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().expose(), "shared");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn invalidate_forces_one_new_fetch() {
        let cache = TokenCache::new();
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            Ok::<_, String>(token(&format!("tok-{n}"), Duration::from_secs(300)))
        };
        assert_eq!(cache.get(fetch).await.unwrap().expose(), "tok-1");
        cache.invalidate().await;
        assert!(cache.current().await.is_none());
        assert_eq!(cache.get(fetch).await.unwrap().expose(), "tok-2");
        assert_eq!(cache.get(fetch).await.unwrap().expose(), "tok-2");
    }

    #[tokio::test]
    async fn a_failed_fetch_caches_nothing() {
        let cache = TokenCache::new();
        let err = cache
            .get(|| async { Err::<BearerToken, _>("authorize failed".to_string()) })
            .await;
        assert_eq!(err.unwrap_err(), "authorize failed");
        assert!(cache.current().await.is_none());
        let ok = cache
            .get(|| async { Ok::<_, String>(token("later", Duration::from_secs(300))) })
            .await;
        assert_eq!(ok.unwrap().expose(), "later");
    }

    #[tokio::test(start_paused = true)]
    async fn an_expiry_in_the_past_is_clock_skew_and_reused_briefly() {
        let cache = TokenCache::new();
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            Ok::<_, String>(BearerToken::from_unix_expiry("skewed", 1_564_130_052))
        };
        cache.get(fetch).await.unwrap();
        cache.get(fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        tokio::time::advance(SKEWED_TOKEN_REUSE).await;
        cache.get(fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn tokens_never_print() {
        let t = BearerToken::from_unix_expiry("eyJ0eXAi.secret", 1_564_130_052);
        let shown = format!("{t:?}");
        assert!(!shown.contains("eyJ0eXAi"), "{shown}");
        assert_eq!(BearerToken::from_unix_expiry("x", -5).expires_at_unix(), 0);
    }
}
