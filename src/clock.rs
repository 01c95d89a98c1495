//! The clock, injected so that time is a parameter of `update`, never read inside it.
//!
//! The binary uses [`SystemClock`]; tests use [`FixedClock`], which only moves
//! when told to, so timer arithmetic in tests is exact.

use std::cell::Cell;

use chrono::{DateTime, Duration, Utc};

/// Something that tells the time.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until [`FixedClock::advance`] moves it.
#[derive(Debug, Clone)]
pub struct FixedClock(Cell<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Cell::new(at))
    }

    /// 2026-01-05 09:00:00 UTC, a Monday morning: the start of every test workshop.
    pub fn workshop_morning() -> Self {
        Self::new(
            DateTime::parse_from_rfc3339("2026-01-05T09:00:00Z")
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default(),
        )
    }

    pub fn advance(&self, by: Duration) {
        self.0.set(self.0.get() + by);
    }

    pub fn advance_secs(&self, secs: i64) {
        self.advance(Duration::seconds(secs));
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_advanced() {
        let clock = FixedClock::workshop_morning();
        let start = clock.now();
        assert_eq!(clock.now(), start);
        clock.advance_secs(90);
        assert_eq!((clock.now() - start).num_seconds(), 90);
    }
}
