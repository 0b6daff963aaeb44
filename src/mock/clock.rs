//! The mock's controllable clock: real time plus an offset that tests move forward.
//!
//! Everything in the mock that expires (orders, bearer tokens, links, idempotency records) reads
//! this clock, so a test expires an order by advancing it instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};

/// How far ahead of real time the clock can be moved: a century.
pub const MAX_OFFSET: Duration = Duration::from_secs(100 * 365 * 86_400);

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
        let now = Utc::now();
        now.checked_add_signed(chrono::Duration::milliseconds(
            self.offset_ms.load(Ordering::Relaxed),
        ))
        .unwrap_or(now)
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

    /// Moves the clock forward by `by`; the clock never runs more than [`MAX_OFFSET`] ahead
    /// of real time, however often it is advanced.
    pub fn advance(&self, by: Duration) {
        let max = i64::try_from(MAX_OFFSET.as_millis()).unwrap_or(i64::MAX);
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX).min(max);
        let _ = self
            .offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |current| {
                Some(current.saturating_add(ms).min(max))
            });
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
