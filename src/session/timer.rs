//! A step's time box as a deadline, not a counter.
//!
//! A [`StepClock`] keeps the seconds spent before the current run and the
//! instant the current run started. Remaining time is derived from `now`, so a
//! tick changes nothing and a fixed clock gives exact results. While running,
//! `remaining(now) == deadline - now` with `deadline = since + budget - spent_before`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepClock {
    /// The time box in seconds: the scaled allotment plus every extension.
    pub budget_secs: i64,
    /// Seconds spent in earlier runs of this step.
    pub spent_secs: i64,
    /// When the current run started; `None` while the step is not running.
    pub running_since: Option<DateTime<Utc>>,
}

impl StepClock {
    pub fn new(budget_secs: i64) -> Self {
        Self {
            budget_secs,
            spent_secs: 0,
            running_since: None,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Seconds spent in this step up to `now`.
    pub fn spent(&self, now: DateTime<Utc>) -> i64 {
        let current = self
            .running_since
            .map_or(0, |since| (now - since).num_seconds().max(0));
        // Capped at what a record may hold, so a clock left running for
        // months never produces a record that tamer itself would refuse.
        self.spent_secs
            .saturating_add(current)
            .clamp(0, super::check::MAX_SECS)
    }

    /// Seconds left in the box; negative once in overtime.
    pub fn remaining(&self, now: DateTime<Utc>) -> i64 {
        self.budget_secs.saturating_sub(self.spent(now))
    }

    /// Milliseconds left, for working out when the shown second changes.
    pub fn remaining_millis(&self, now: DateTime<Utc>) -> i64 {
        let current = self
            .running_since
            .map_or(0, |since| (now - since).num_milliseconds().max(0));
        self.budget_secs
            .saturating_sub(self.spent_secs)
            .saturating_mul(1000)
            .saturating_sub(current)
    }

    pub fn start(&mut self, now: DateTime<Utc>) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Stops the clock, folding the current run into `spent_secs`.
    pub fn stop(&mut self, now: DateTime<Utc>) {
        self.spent_secs = self.spent(now);
        self.running_since = None;
    }

    pub fn extend(&mut self, secs: i64) {
        self.budget_secs = self
            .budget_secs
            .saturating_add(secs)
            .clamp(0, super::check::MAX_SECS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};

    #[test]
    fn running_clock_counts_down_and_into_overtime() {
        let clock = FixedClock::workshop_morning();
        let mut c = StepClock::new(300);
        c.start(clock.now());
        clock.advance_secs(120);
        assert_eq!(c.remaining(clock.now()), 180);
        clock.advance_secs(200);
        assert_eq!(c.remaining(clock.now()), -20);
    }

    #[test]
    fn stopped_clock_keeps_its_remaining_time() {
        let clock = FixedClock::workshop_morning();
        let mut c = StepClock::new(300);
        c.start(clock.now());
        clock.advance_secs(100);
        c.stop(clock.now());
        clock.advance_secs(1000);
        assert_eq!(c.remaining(clock.now()), 200);
        c.start(clock.now());
        clock.advance_secs(50);
        assert_eq!(c.remaining(clock.now()), 150);
    }

    #[test]
    fn extension_adds_to_the_box_whether_running_or_not() {
        let clock = FixedClock::workshop_morning();
        let mut c = StepClock::new(60);
        c.start(clock.now());
        clock.advance_secs(90);
        c.extend(300);
        assert_eq!(c.remaining(clock.now()), 270);
        c.stop(clock.now());
        c.extend(300);
        assert_eq!(c.remaining(clock.now()), 570);
    }

    #[test]
    fn starting_twice_does_not_reset_the_run() {
        let clock = FixedClock::workshop_morning();
        let mut c = StepClock::new(60);
        c.start(clock.now());
        clock.advance_secs(10);
        c.start(clock.now());
        assert_eq!(c.remaining(clock.now()), 50);
    }

    #[test]
    fn a_clock_left_running_for_months_stays_within_what_a_record_holds() {
        let clock = FixedClock::workshop_morning();
        let mut c = StepClock::new(60);
        c.start(clock.now());
        clock.advance_secs(400 * 24 * 3600);
        c.stop(clock.now());
        assert_eq!(c.spent_secs, crate::session::check::MAX_SECS);
        for _ in 0..40_000 {
            c.extend(300);
        }
        assert_eq!(c.budget_secs, crate::session::check::MAX_SECS);
    }
}
