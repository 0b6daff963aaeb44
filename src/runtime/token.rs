//! Bearer tokens that are fetched once, shared, and renewed shortly before they expire.
//!
//! Families whose calls carry `Authorization: Bearer <token>` (Payouts v1, OneEscrow, Global
//! Collections) get the token from an authorize call. [`TokenCache`] keeps the current token
//! and decides when a new one is needed:
//! - a cached token is used until `refresh_margin` before its expiry (by default 60 s, and
//!   never more than half the token's lifetime, so a short-lived token is still reused);
//! - when a new token is needed, exactly one caller fetches it while every other caller waits
//!   for that fetch and then uses its result (single flight, under a `tokio::sync::Mutex`);
//! - a failed fetch is shared too: every caller that waited for it gets its error, and so does
//!   every caller for [`FAILURE_BACKOFF`] after it; only then is the next fetch made. So 100
//!   calls waiting on an authorize call that times out wait one timeout, not 100;
//! - each caller waits at most its own `wait` (the client's per-attempt timeout): for the lock,
//!   and for a fetch it runs itself;
//! - [`TokenCache::invalidate`] forgets the token when the API rejected it, so the next
//!   attempt fetches a fresh one (the runtime does this once per call, never in a loop).
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
//! let wait = Duration::from_secs(10);
//! let token = cache
//!     .get(wait, || async {
//!         // A real fetch calls the family's authorize operation.
//!         Ok(BearerToken::new("tok-1", SystemTime::now() + Duration::from_secs(300)))
//!     })
//!     .await
//!     .unwrap();
//! assert_eq!(token.expose(), "tok-1");
//! // Still fresh: the fetch is not called again.
//! let again = cache.get(wait, || async { Err("not called".into()) }).await.unwrap();
//! assert_eq!(again.expose(), "tok-1");
//! # }
//! ```

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::Runtime;
use crate::error::AuthError;
use crate::secret::Secret;

/// How long before its expiry a token is replaced, by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// How long a failed fetch's error is handed to every caller before the next fetch is made.
pub const FAILURE_BACKOFF: Duration = Duration::from_secs(2);

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
    /// Gets a new token. The error says what failed, without secrets, and keeps the failed
    /// call's error when there was one ([`AuthError::caused_by`]).
    fn fetch<'a>(&'a self, runtime: &'a Runtime) -> BoxFuture<'a, Result<BearerToken, AuthError>>;
}

struct Cached {
    token: BearerToken,
    refresh_at: Instant,
}

/// The last fetch failed: its error, handed out until `until`.
struct Failed {
    error: AuthError,
    until: Instant,
}

#[derive(Default)]
struct Slot {
    cached: Option<Cached>,
    failed: Option<Failed>,
}

/// The current token of one client, shared by all its calls (see the module docs).
pub struct TokenCache {
    slot: Mutex<Slot>,
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
            slot: Mutex::new(Slot::default()),
            refresh_margin: margin,
        }
    }

    /// The current token, fetched with `fetch` when there is none or it is about to expire.
    /// Concurrent callers share one fetch and its outcome, a failure included (see the module
    /// docs). The caller waits at most `wait` in all; past it, the error says so.
    pub async fn get<F, Fut>(&self, wait: Duration, fetch: F) -> Result<Secret, AuthError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<BearerToken, AuthError>>,
    {
        let deadline = Instant::now() + wait;
        let mut slot = tokio::time::timeout_at(deadline, self.slot.lock())
            .await
            .map_err(|_| {
                AuthError::new(format!(
                    "waited {} ms for the bearer token another call is fetching",
                    wait.as_millis()
                ))
            })?;
        if let Some(cached) = &slot.cached {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.value.clone());
            }
        }
        if let Some(failed) = &slot.failed {
            if Instant::now() < failed.until {
                return Err(failed.error.clone());
            }
        }
        let fetched = match tokio::time::timeout_at(deadline, fetch()).await {
            Ok(result) => result,
            Err(_) => Err(AuthError::new(format!(
                "fetching the bearer token took longer than {} ms",
                wait.as_millis()
            ))),
        };
        match fetched {
            Ok(token) => {
                let value = token.value.clone();
                let refresh_at = Instant::now() + self.reuse_for(token.expires_at);
                slot.cached = Some(Cached { token, refresh_at });
                slot.failed = None;
                Ok(value)
            }
            Err(error) => {
                slot.failed = Some(Failed {
                    error: error.clone(),
                    until: Instant::now() + FAILURE_BACKOFF,
                });
                Err(error)
            }
        }
    }

    /// Forgets the current token, so the next [`TokenCache::get`] fetches a new one. Called
    /// when the API rejected the token (expired early, revoked, issued for another IP).
    pub async fn invalidate(&self) {
        self.slot.lock().await.cached = None;
    }

    /// The cached token, if any, whether or not it is due for renewal.
    pub async fn current(&self) -> Option<BearerToken> {
        self.slot
            .lock()
            .await
            .cached
            .as_ref()
            .map(|c| c.token.clone())
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

    const WAIT: Duration = Duration::from_secs(10);

    fn token(value: &str, lifetime: Duration) -> BearerToken {
        BearerToken::new(value, SystemTime::now() + lifetime)
    }

    #[tokio::test(start_paused = true)]
    async fn a_fresh_token_is_reused_and_renewed_before_it_expires() {
        let cache = TokenCache::with_refresh_margin(Duration::from_secs(30));
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            Ok::<_, AuthError>(token(&format!("tok-{n}"), Duration::from_secs(300)))
        };
        assert_eq!(cache.get(WAIT, fetch).await.unwrap().expose(), "tok-1");
        tokio::time::advance(Duration::from_secs(269)).await;
        assert_eq!(
            cache.get(WAIT, fetch).await.unwrap().expose(),
            "tok-1",
            "still 31 s left"
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(
            cache.get(WAIT, fetch).await.unwrap().expose(),
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
            Ok::<_, AuthError>(token("short", Duration::from_secs(40)))
        };
        cache.get(WAIT, fetch).await.unwrap();
        tokio::time::advance(Duration::from_secs(19)).await;
        cache.get(WAIT, fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        tokio::time::advance(Duration::from_secs(2)).await;
        cache.get(WAIT, fetch).await.unwrap();
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
                    .get(WAIT, || async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok::<_, AuthError>(token("shared", Duration::from_secs(300)))
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
            Ok::<_, AuthError>(token(&format!("tok-{n}"), Duration::from_secs(300)))
        };
        assert_eq!(cache.get(WAIT, fetch).await.unwrap().expose(), "tok-1");
        cache.invalidate().await;
        assert!(cache.current().await.is_none());
        assert_eq!(cache.get(WAIT, fetch).await.unwrap().expose(), "tok-2");
        assert_eq!(cache.get(WAIT, fetch).await.unwrap().expose(), "tok-2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_fetch_is_shared_then_retried_after_the_backoff() {
        let cache = TokenCache::new();
        let err = cache
            .get(WAIT, || async {
                Err::<BearerToken, _>("authorize failed".into())
            })
            .await;
        assert_eq!(err.unwrap_err().message(), "authorize failed");
        assert!(cache.current().await.is_none());
        let shared = cache
            .get(WAIT, || async {
                panic!("not fetched again inside the back-off")
            })
            .await;
        assert_eq!(shared.unwrap_err().message(), "authorize failed");
        tokio::time::advance(FAILURE_BACKOFF).await;
        let ok = cache
            .get(WAIT, || async {
                Ok(token("later", Duration::from_secs(300)))
            })
            .await;
        assert_eq!(ok.unwrap().expose(), "later");
    }

    /// 100 calls waiting on a fetch that times out: one fetch, one timeout, the same error.
    #[tokio::test(start_paused = true)]
    async fn waiters_share_one_timed_out_fetch() {
        let cache = Arc::new(TokenCache::new());
        let fetches = Arc::new(AtomicU32::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..100 {
            let cache = cache.clone();
            let fetches = fetches.clone();
            tasks.push(tokio::spawn(async move {
                cache
                    .get(WAIT, || async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        std::future::pending::<Result<BearerToken, AuthError>>().await
                    })
                    .await
            }));
        }
        for t in tasks {
            let e = t.await.unwrap().unwrap_err();
            assert!(e.message().contains("longer than"), "{e}");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(Instant::now() - started <= WAIT + Duration::from_millis(1));
    }

    /// A caller whose own wait is short gives up waiting for another's fetch.
    #[tokio::test(start_paused = true)]
    async fn a_waiter_is_bounded_by_its_own_wait() {
        let cache = Arc::new(TokenCache::new());
        let slow = {
            let cache = cache.clone();
            tokio::spawn(async move {
                cache
                    .get(WAIT, || async {
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        Ok(token("slow", Duration::from_secs(300)))
                    })
                    .await
            })
        };
        tokio::task::yield_now().await;
        let started = Instant::now();
        let e = cache
            .get(Duration::from_secs(1), || async { panic!("not reached") })
            .await
            .unwrap_err();
        assert!(e.message().contains("another call"), "{e}");
        assert_eq!(Instant::now() - started, Duration::from_secs(1));
        assert_eq!(slow.await.unwrap().unwrap().expose(), "slow");
    }

    #[tokio::test(start_paused = true)]
    async fn an_expiry_in_the_past_is_clock_skew_and_reused_briefly() {
        let cache = TokenCache::new();
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            Ok::<_, AuthError>(BearerToken::from_unix_expiry("skewed", 1_564_130_052))
        };
        cache.get(WAIT, fetch).await.unwrap();
        cache.get(WAIT, fetch).await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        tokio::time::advance(SKEWED_TOKEN_REUSE).await;
        cache.get(WAIT, fetch).await.unwrap();
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
