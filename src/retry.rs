//! When a failed call is tried again, and how long to wait first.
//!
//! The rules (documented in `pages/020_payments_api-best-practices.txt` and the rate-limit
//! reference):
//! - `429`: wait `x-ratelimit-retry` seconds when present; else, when `x-ratelimit-remaining` is
//!   `0`, until `x-ratelimit-reset` (seconds until the window resets); else a minute.
//! - connect errors, timeouts and `502`/`503`/`504`: retried only for `GET`, `PUT`, `DELETE` or a
//!   call that carries an `x-idempotency-key` — a `POST` without one is never sent twice.
//! - an operation that moves money (`x-moves-money` in its spec) is never re-sent at all;
//!   its ambiguous failures are resolved by a status lookup instead.
//! - attempts are bounded, with exponential backoff and full jitter.

use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};

/// How failed calls are retried.
///
/// ```
/// use paygen::RetryConfig;
/// use std::time::Duration;
/// let r = RetryConfig::default().with_max_attempts(5).with_max_rate_limit_wait(Duration::from_secs(5));
/// assert_eq!(r.max_attempts(), 5);
/// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_rate_limit_wait: Duration,
}

impl Default for RetryConfig {
    /// 3 attempts, backoff from 250 ms up to 8 s, and rate-limit waits of up to 65 s (the
    /// documented minute, plus a margin).
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_rate_limit_wait: Duration::from_secs(65),
        }
    }
}

impl RetryConfig {
    /// One attempt, never retried.
    pub fn disabled() -> RetryConfig {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> RetryConfig {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff and its ceiling; each retry doubles it, with full jitter.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> RetryConfig {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest a `429` may make a call wait before it is tried again; a longer wait asked
    /// by the server returns the rate-limit error instead.
    pub fn with_max_rate_limit_wait(mut self, wait: Duration) -> RetryConfig {
        self.max_rate_limit_wait = wait;
        self
    }

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retry number `retry` (1 for the first retry): a random duration between
    /// zero and `initial * 2^(retry-1)`, capped.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1u32 << retry.saturating_sub(1).min(20))
            .min(self.max_backoff);
        let millis = exp.as_millis().min(u64::MAX as u128) as u64;
        Duration::from_millis(fastrand::u64(0..=millis))
    }

    /// The longest rate-limit wait this policy accepts.
    pub fn max_rate_limit_wait(&self) -> Duration {
        self.max_rate_limit_wait
    }
}

/// True for a call that can be sent twice without doing its work twice.
pub fn is_idempotent(method: &Method, has_idempotency_key: bool) -> bool {
    has_idempotency_key
        || matches!(
            *method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD
        )
}

/// True for the answers worth another attempt when the call is idempotent.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 502..=504)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// How long a `429` answer asks the caller to wait, by the documented rules.
///
/// ```
/// use http::HeaderMap;
/// let mut h = HeaderMap::new();
/// h.insert("x-ratelimit-retry", "7".parse().unwrap());
/// assert_eq!(paygen::retry::rate_limit_wait(&h, 0).as_secs(), 7);
/// let mut h = HeaderMap::new();
/// h.insert("x-ratelimit-remaining", "0".parse().unwrap());
/// h.insert("x-ratelimit-reset", "12".parse().unwrap());
/// assert_eq!(paygen::retry::rate_limit_wait(&h, 0).as_secs(), 12);
/// assert_eq!(paygen::retry::rate_limit_wait(&HeaderMap::new(), 0).as_secs(), 60);
/// ```
pub fn rate_limit_wait(headers: &HeaderMap, now_unix: u64) -> Duration {
    if let Some(retry) = header_u64(headers, "x-ratelimit-retry") {
        return Duration::from_secs(retry);
    }
    if header_u64(headers, "x-ratelimit-remaining") == Some(0) {
        if let Some(reset) = header_u64(headers, "x-ratelimit-reset") {
            // Seconds until the window resets, as documented; a value that can only be a Unix
            // time is read as one.
            let secs = if reset > 1_000_000_000 {
                reset.saturating_sub(now_unix)
            } else {
                reset
            };
            return Duration::from_secs(secs);
        }
    }
    if let Some(after) = header_u64(headers, "retry-after") {
        return Duration::from_secs(after);
    }
    Duration::from_secs(60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        let r = RetryConfig::default();
        for retry in 0..40 {
            assert!(r.backoff(retry) <= Duration::from_secs(8));
        }
    }

    #[test]
    fn idempotency() {
        assert!(is_idempotent(&Method::GET, false));
        assert!(is_idempotent(&Method::PUT, false));
        assert!(is_idempotent(&Method::DELETE, false));
        assert!(!is_idempotent(&Method::POST, false));
        assert!(!is_idempotent(&Method::PATCH, false));
        assert!(is_idempotent(&Method::POST, true));
    }

    #[test]
    fn unix_reset_is_relative_to_now() {
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-remaining", "0".parse().unwrap());
        h.insert("x-ratelimit-reset", "1700000030".parse().unwrap());
        assert_eq!(rate_limit_wait(&h, 1_700_000_000), Duration::from_secs(30));
    }
}
