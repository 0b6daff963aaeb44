//! The mock's controllable clock: real time plus an offset that tests move forward.
//!
//! Everything in the mock that expires (orders, bearer tokens, links, idempotency records) reads
//! this clock, so a test expires an order by advancing it instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};

/// A clock shared by one mock server and everything it holds. Cheap to clone; clones move
/// together.
///
/// ```
/// use std::time::Duration;
/// let clock = paygen::mock::MockClock::default();
/// let before = clock.now();
/// clock.advance(Duration::from_secs(3600));
/// assert!(clock.now() - before >= chrono::Duration::seconds(3600));
/// ```
#[derive(Clone, Debug, Default)]
pub struct MockClock {
    offset_ms: Arc<AtomicI64>,
}

impl MockClock {
    /// The mock's current time (UTC).
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// The mock's current time in India Standard Time, as Cashfree writes timestamps.
    pub fn now_ist(&self) -> DateTime<FixedOffset> {
        let now = self.now();
        FixedOffset::east_opt(5 * 3600 + 1800)
            .map(|ist| now.with_timezone(&ist))
            .unwrap_or_else(|| now.fixed_offset())
    }

    /// Whole seconds since the Unix epoch by the mock's clock.
    pub fn unix_seconds(&self) -> i64 {
        self.now().timestamp()
    }

    /// Moves the clock forward by `by` (saturating at a century).
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis())
            .unwrap_or(i64::MAX)
            .min(100 * 365 * 86_400_000);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// How far the clock has been moved forward.
    pub fn offset(&self) -> Duration {
        Duration::from_millis(self.offset_ms.load(Ordering::Relaxed).max(0) as u64)
    }

    /// Puts the clock back on real time.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }
}
