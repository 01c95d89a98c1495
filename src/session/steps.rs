//! Moving through the steps and keeping their time: breaks, extensions, the
//! time bank and time away.
//!
//! Time left over when a step is left early goes to the bank; `+` draws
//! from the bank before it adds new time, and the facilitator can give the
//! whole bank to the current step. The boxes plus the bank always add up to
//! the plan, so the projected end of the session stays honest.

use chrono::{DateTime, Utc};

use super::check::MAX_SECS;
use super::{EventKind, Session, StepState};

/// Minutes added by one extension (`+`).
pub const EXTENSION_MINUTES: u32 = 5;

/// A gap longer than this between the last event and now, with a clock
/// running, is time away (the record was closed, or the machine slept).
pub const AWAY_SECS: i64 = 15 * 60;

impl Session {
    pub fn step(&self) -> Option<&StepState> {
        self.steps.get(self.current)
    }

    pub fn next_step(&self) -> Option<&StepState> {
        self.steps.get(self.current.saturating_add(1))
    }

    pub fn phase(&self) -> u8 {
        self.step().map_or(0, |s| s.phase)
    }

    /// The furthest phase any step was entered in, for listings.
    pub fn phase_reached(&self) -> u8 {
        self.steps
            .iter()
            .filter(|s| s.clock.spent_secs > 0 || s.clock.is_running())
            .map(|s| s.phase)
            .max()
            .unwrap_or(0)
    }

    pub fn is_paused(&self) -> bool {
        self.finished.is_none() && self.step().is_some_and(|s| !s.clock.is_running())
    }

    /// Seconds left in the current box (negative in overtime).
    pub fn remaining(&self, now: DateTime<Utc>) -> i64 {
        self.step().map_or(0, |s| s.clock.remaining(now))
    }

    /// Seconds spent over all steps.
    pub fn elapsed(&self, now: DateTime<Utc>) -> i64 {
        self.steps
            .iter()
            .fold(0i64, |sum, s| sum.saturating_add(s.clock.spent(now)))
    }

    /// A break: stops the current clock, or starts it again.
    pub fn toggle_pause(&mut self, now: DateTime<Utc>) {
        if self.finished.is_some() {
            return;
        }
        let Some(step) = self.steps.get_mut(self.current) else {
            return;
        };
        let id = step.id.clone();
        if step.clock.is_running() {
            step.clock.stop(now);
            self.log(now, EventKind::Paused { step: id });
        } else {
            step.clock.start(now);
            self.log(now, EventKind::Resumed { step: id });
        }
    }

    /// More time for the current step: up to [`EXTENSION_MINUTES`] from the
    /// bank while it holds any the step may take ([`Session::bank_for_step`];
    /// logged as `BankGiven`), otherwise
    /// [`EXTENSION_MINUTES`] of new time (logged as `Extended`).
    pub fn extend(&mut self, now: DateTime<Utc>) {
        if self.finished.is_some() {
            return;
        }
        let unit = i64::from(EXTENSION_MINUTES) * 60;
        let from_bank = self.bank_for_step().clamp(0, unit);
        let Some(step) = self.steps.get_mut(self.current) else {
            return;
        };
        if from_bank > 0 {
            step.clock.extend(from_bank);
            self.bank_secs -= from_bank;
            self.log(now, EventKind::BankGiven { secs: from_bank });
        } else {
            step.clock.extend(unit);
            let id = step.id.clone();
            self.log(
                now,
                EventKind::Extended {
                    step: id,
                    minutes: EXTENSION_MINUTES,
                },
            );
        }
    }

    /// Moves the whole bank the current step may have
    /// ([`Session::bank_for_step`]) into its box (nothing when there is
    /// none or the session finished). `Err` in words, with nothing changed,
    /// when a story's step is asked to take the baseline session's bank.
    pub fn give_bank(&mut self, now: DateTime<Utc>) -> Result<(), String> {
        if self.finished.is_some() {
            return Ok(());
        }
        let secs = self.bank_for_step();
        if secs == 0 && self.bank_secs > 0 {
            return Err(format!(
                "The bank ({}:{:02}) belongs to the baseline session: a story keeps to its own minutes; + adds {EXTENSION_MINUTES} minutes",
                self.bank_secs / 60,
                self.bank_secs % 60
            ));
        }
        if secs == 0 {
            return Ok(());
        }
        let Some(step) = self.steps.get_mut(self.current) else {
            return Ok(());
        };
        step.clock.extend(secs);
        self.bank_secs -= secs;
        self.log(now, EventKind::BankGiven { secs });
        Ok(())
    }

    /// The part of the bank the current step may draw on: all of it in the
    /// baseline session; in a story's step, only what the story itself
    /// banked (its steps left early) and has not drawn yet. The rest was
    /// saved by the baseline session and stays with it.
    pub fn bank_for_step(&self) -> i64 {
        let bank = self.bank_secs.max(0);
        let in_story = self
            .step()
            .is_some_and(|s| super::script::story_step(&s.id).is_some());
        if !in_story {
            return bank;
        }
        let Some(start) = self
            .timeline
            .iter()
            .rposition(|e| matches!(e.kind, EventKind::StoryStarted { .. }))
        else {
            return 0;
        };
        let own = self.timeline[start..]
            .iter()
            .fold(0i64, |sum, e| match e.kind {
                EventKind::Banked { secs } => sum.saturating_add(secs),
                EventKind::BankGiven { secs } => sum.saturating_sub(secs),
                _ => sum,
            });
        own.clamp(0, bank)
    }

    /// Seconds since the last event (other than the record being opened
    /// again) while a clock runs, when that gap is over [`AWAY_SECS`]: the
    /// time the record was closed or the machine slept. Ask about it on
    /// resume.
    pub fn time_away(&self, now: DateTime<Utc>) -> Option<i64> {
        self.finished.is_none().then_some(())?;
        self.step().filter(|s| s.clock.is_running())?;
        let last = self
            .timeline
            .iter()
            .rev()
            .find(|e| e.kind != EventKind::Reopened)?
            .at;
        let gap = (now - last).num_seconds();
        (gap > AWAY_SECS).then_some(gap)
    }

    /// Counts the time away as a break: the clock stops as of the last event
    /// and starts again now (nothing when there was no time away).
    pub fn discount_away(&mut self, now: DateTime<Utc>) {
        let Some(secs) = self.time_away(now) else {
            return;
        };
        let last = now - chrono::Duration::seconds(secs);
        let Some(step) = self.steps.get_mut(self.current) else {
            return;
        };
        step.clock.stop(last);
        step.clock.start(now);
        self.log(now, EventKind::AwayDiscounted { secs });
    }

    /// Moves to the next step; on the last step, finishes the session. Time
    /// left in the step being left goes to the bank.
    pub fn next(&mut self, now: DateTime<Utc>) {
        if self.finished.is_some() {
            return;
        }
        if self.current.saturating_add(1) < self.steps.len() {
            self.go_to(self.current + 1, now);
        } else if let Some(step) = self.steps.get_mut(self.current) {
            step.clock.stop(now);
            self.finished = Some(now);
            self.log(now, EventKind::Finished);
            self.end_story(now);
        }
    }

    /// Closing a story's last step ends the story too [1.2.1]: it is the
    /// last one started (stories run one at a time, at the end of the
    /// steps).
    fn end_story(&mut self, now: DateTime<Utc>) {
        let in_story = self
            .step()
            .is_some_and(|s| super::script::story_step(&s.id).is_some());
        let title = self.timeline.iter().rev().find_map(|e| match &e.kind {
            EventKind::StoryStarted { title, .. } => Some(title.clone()),
            _ => None,
        });
        if let Some(title) = title.filter(|_| in_story) {
            self.log(now, EventKind::StoryEnded { title });
        }
    }

    /// Moves back one step (its box as it was left); from a finished
    /// session, reopens its last step.
    pub fn back(&mut self, now: DateTime<Utc>) {
        if self.finished.take().is_some() {
            if let Some(step) = self.steps.get_mut(self.current) {
                step.clock.start(now);
            }
            self.log(now, EventKind::Unfinished);
        } else if self.current > 0 {
            self.go_to(self.current.min(self.steps.len()) - 1, now);
        }
    }

    fn go_to(&mut self, to: usize, now: DateTime<Utc>) {
        let paused = self.is_paused();
        if to >= self.steps.len() {
            return;
        }
        let forward = to > self.current;
        let (from_id, from_phase, remaining) = match self.steps.get_mut(self.current) {
            Some(from) => {
                let remaining = from.clock.remaining(now);
                from.clock.stop(now);
                (from.id.clone(), from.phase, remaining)
            }
            None => (String::new(), 0, 0),
        };
        let banked = if forward && remaining > 0 {
            self.bank(remaining)
        } else {
            0
        };
        self.current = to;
        let step = &mut self.steps[to];
        if !paused {
            step.clock.start(now);
        }
        let (to_id, to_phase) = (step.id.clone(), step.phase);
        self.log(
            now,
            EventKind::StepChanged {
                from: from_id,
                to: to_id,
                remaining_secs: remaining,
            },
        );
        if banked > 0 {
            self.log(now, EventKind::Banked { secs: banked });
        }
        if from_phase != to_phase {
            self.log(
                now,
                EventKind::PhaseChanged {
                    from: from_phase,
                    to: to_phase,
                },
            );
        }
    }

    /// Moves `secs` from the current step's box to the bank (the box keeps
    /// what was spent, so going back to it later starts in overtime unless
    /// the bank is given back). Returns the seconds banked.
    fn bank(&mut self, secs: i64) -> i64 {
        let room = MAX_SECS.saturating_sub(self.bank_secs).max(0);
        let secs = secs.min(room);
        if let Some(step) = self.steps.get_mut(self.current) {
            step.clock.budget_secs = step.clock.budget_secs.saturating_sub(secs);
            self.bank_secs += secs;
            secs
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::PhaseScript;

    fn session(clock: &FixedClock) -> Session {
        Session::new("Payments", 90, vec![], &PhaseScript::builtin(), clock.now())
    }

    fn kinds(s: &Session) -> Vec<&EventKind> {
        s.timeline.iter().map(|e| &e.kind).collect()
    }

    #[test]
    fn a_new_session_runs_the_first_step() {
        let clock = FixedClock::workshop_morning();
        let s = session(&clock);
        assert_eq!(s.step().map(|s| s.id.as_str()), Some("scope"));
        assert!(!s.is_paused());
        assert_eq!(s.remaining(clock.now()), s.steps[0].clock.budget_secs);
        assert_eq!(s.bank_secs, 0);
    }

    #[test]
    fn leaving_early_banks_the_rest_and_going_back_keeps_the_later_box() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        let (first, second) = (s.steps[0].clock.budget_secs, s.steps[1].clock.budget_secs);
        clock.advance_secs(60);
        s.next(clock.now());
        assert_eq!(s.step().map(|s| s.id.as_str()), Some("approach"));
        assert_eq!(s.bank_secs, first - 60);
        assert_eq!(
            s.steps[0].clock.budget_secs, 60,
            "the box kept what was spent"
        );
        clock.advance_secs(30);
        s.back(clock.now());
        // Back in "scope": its time went to the bank, so it starts at zero;
        // going back banks nothing, and "approach" keeps its box.
        assert_eq!(s.remaining(clock.now()), 0);
        assert_eq!(s.bank_secs, first - 60);
        assert_eq!(s.steps[1].clock.remaining(clock.now()), second - 30);
        assert!(matches!(
            kinds(&s)[1],
            EventKind::StepChanged { remaining_secs, .. } if *remaining_secs == first - 60
        ));
        assert_eq!(kinds(&s)[2], &EventKind::Banked { secs: first - 60 });
        assert!(
            !kinds(&s)
                .iter()
                .skip(3)
                .any(|k| matches!(k, EventKind::Banked { .. }))
        );
    }

    #[test]
    fn overtime_is_not_banked() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        clock.advance_secs(s.steps[0].clock.budget_secs + 10);
        s.next(clock.now());
        assert_eq!(s.bank_secs, 0);
        assert!(
            !kinds(&s)
                .iter()
                .any(|k| matches!(k, EventKind::Banked { .. }))
        );
    }

    #[test]
    fn the_bank_is_given_whole_to_the_current_step() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        let first = s.steps[0].clock.budget_secs;
        s.next(clock.now());
        let before = s.remaining(clock.now());
        s.give_bank(clock.now()).expect("the baseline's bank");
        assert_eq!(s.remaining(clock.now()), before + first);
        assert_eq!(s.bank_secs, 0);
        assert_eq!(
            kinds(&s).last(),
            Some(&&EventKind::BankGiven { secs: first })
        );
        s.give_bank(clock.now()).expect("the baseline's bank");
        assert_eq!(kinds(&s).len(), 4, "an empty bank gives nothing");
    }

    #[test]
    fn extending_draws_from_the_bank_first() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        s.next(clock.now());
        s.bank_secs = 400;
        let before = s.remaining(clock.now());
        s.extend(clock.now());
        assert_eq!(s.bank_secs, 100);
        assert_eq!(s.remaining(clock.now()), before + 300);
        s.extend(clock.now());
        assert_eq!(s.bank_secs, 0);
        assert_eq!(s.remaining(clock.now()), before + 400);
        s.extend(clock.now());
        assert_eq!(s.remaining(clock.now()), before + 700);
        let n = s.timeline.len();
        assert_eq!(
            kinds(&s)[n - 3..],
            [
                &EventKind::BankGiven { secs: 300 },
                &EventKind::BankGiven { secs: 100 },
                &EventKind::Extended {
                    step: "approach".into(),
                    minutes: 5
                },
            ]
        );
    }

    #[test]
    fn time_away_is_found_and_discounted_as_a_break() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        clock.advance_secs(60);
        s.capture_threat("Replay", clock.now());
        clock.advance_secs(AWAY_SECS);
        assert_eq!(
            s.time_away(clock.now()),
            None,
            "exactly 15 minutes is not away"
        );
        clock.advance_secs(3600);
        s.reopened(clock.now());
        let gap = AWAY_SECS + 3600;
        assert_eq!(s.time_away(clock.now()), Some(gap));
        s.discount_away(clock.now());
        // The step was spent only up to the capture.
        assert_eq!(s.steps[0].clock.spent(clock.now()), 60);
        assert!(s.steps[0].clock.is_running());
        assert_eq!(
            kinds(&s).last(),
            Some(&&EventKind::AwayDiscounted { secs: gap })
        );
        let n = s.timeline.len();
        assert_eq!(s.time_away(clock.now()), None);
        s.discount_away(clock.now());
        assert_eq!(kinds(&s).len(), n, "no time away, nothing discounted");
    }

    #[test]
    fn no_time_away_during_a_break_or_after_the_end() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        s.toggle_pause(clock.now());
        clock.advance_secs(3 * AWAY_SECS);
        assert_eq!(s.time_away(clock.now()), None);
        s.toggle_pause(clock.now());
        s.finished = Some(clock.now());
        clock.advance_secs(3 * AWAY_SECS);
        assert_eq!(s.time_away(clock.now()), None);
    }

    #[test]
    fn crossing_a_phase_logs_the_phase_change() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        for _ in 0..3 {
            s.next(clock.now());
        }
        assert_eq!(s.phase(), 1);
        assert_eq!(
            s.timeline.last().map(|e| &e.kind),
            Some(&EventKind::PhaseChanged { from: 0, to: 1 })
        );
    }

    #[test]
    fn moving_during_a_break_stays_on_break() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        s.toggle_pause(clock.now());
        s.next(clock.now());
        assert!(s.is_paused());
        clock.advance_secs(600);
        assert_eq!(s.remaining(clock.now()), s.steps[1].clock.budget_secs);
    }

    #[test]
    fn overtime_counts_past_zero() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        clock.advance_secs(s.steps[0].clock.budget_secs + 75);
        assert_eq!(s.remaining(clock.now()), -75);
        s.extend(clock.now());
        assert_eq!(s.remaining(clock.now()), 300 - 75);
    }

    #[test]
    fn next_on_the_last_step_finishes_and_back_reopens() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        let n = s.steps.len();
        for _ in 0..n {
            s.next(clock.now());
        }
        assert!(s.finished.is_some());
        assert!(!s.is_paused());
        s.back(clock.now());
        assert!(s.finished.is_none());
        assert_eq!(s.current, n - 1);
        assert!(s.step().is_some_and(|s| s.clock.is_running()));
    }

    #[test]
    fn stepping_from_an_index_past_the_end_does_not_panic() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        s.current = 99;
        s.next(clock.now());
        s.back(clock.now());
        s.toggle_pause(clock.now());
        s.extend(clock.now());
        s.give_bank(clock.now()).expect("the baseline's bank");
        s.discount_away(clock.now());
        assert!(s.current < s.steps.len());
    }

    #[test]
    fn the_bank_never_passes_its_bound() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        s.bank_secs = MAX_SECS - 5;
        s.next(clock.now());
        assert_eq!(s.bank_secs, MAX_SECS);
        assert_eq!(
            s.steps[0].clock.budget_secs,
            s.steps[0].clock.spent_secs + {
                // What did not fit stays in the box.
                let first = PhaseScript::builtin().scaled_boxes(90)[0].2;
                first - 5
            }
        );
    }
}
