//! The bell and the flash of the clock at WRAP UP and at the end of a box
//! (`alerts:` in `config.ron`). Pure: [`App::alert`] runs after every
//! update with its `now`, compares where the step's clock stands with where
//! it stood at the last update, and rings or flashes only on a crossing.

use chrono::{DateTime, TimeDelta, Utc};

use super::App;
use crate::action::Effect;

/// How long the clock flashes.
pub const FLASH_SECS: i64 = 2;

/// WRAP UP begins in the last quarter of a box, at most the last two
/// minutes (the session screen and the presenter say WRAP UP from then on).
pub fn wrap_up_secs(budget_secs: i64) -> i64 {
    (budget_secs / 4).min(120)
}

/// Where a step's clock stands, in the order time moves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Zone {
    Running,
    WrapUp,
    Over,
}

/// The step (by its session's creation and its index) and its zone at the
/// last update.
pub type Seen = (DateTime<Utc>, usize, Zone);

impl App {
    /// Whether the clock is flashing now.
    pub fn flashing(&self) -> bool {
        self.flash_until.is_some_and(|until| self.now < until)
    }

    /// Where the step on screen stands at `now`; `None` with no step
    /// running (no session, finished, a replay).
    fn zone(&self, now: DateTime<Utc>) -> Option<Seen> {
        if self.replay.is_some() {
            return None;
        }
        let session = self.session.as_ref().filter(|s| s.finished.is_none())?;
        let clock = &session.step()?.clock;
        let remaining = clock.remaining(now);
        let zone = if remaining < 0 {
            Zone::Over
        } else if remaining <= wrap_up_secs(clock.budget_secs) {
            Zone::WrapUp
        } else {
            Zone::Running
        };
        Some((session.created, session.current, zone))
    }

    /// The bell and the flash for a clock that crossed into WRAP UP or
    /// past zero since the last update. A step seen for the first time
    /// (a new step, a record opened or resumed, even one already in
    /// overtime) only sets where it stands; an extension moves it back, so
    /// the next crossing alerts again.
    pub(super) fn alert(&mut self, now: DateTime<Utc>) -> Option<Effect> {
        let seen = self.zone(now);
        let before = std::mem::replace(&mut self.alert_seen, seen);
        let (Some((created, step, zone)), Some((was_created, was_step, was))) = (seen, before)
        else {
            return None;
        };
        if created != was_created || step != was_step || zone <= was {
            return None;
        }
        if self.alerts.flash {
            self.flash_until = Some(now + TimeDelta::seconds(FLASH_SECS));
        }
        // A read-only window (a follower beside the facilitator's tamer)
        // flashes but does not ring: the writer's bell is enough.
        (self.alerts.bell && self.read_only.is_none()).then_some(Effect::Bell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::clock::{Clock, FixedClock};
    use crate::config::Alerts;
    use crate::session::{PhaseScript, Session};

    /// An app in a session's first step (4 minutes: WRAP UP in the last
    /// minute), bell and flash on.
    fn app(clock: &FixedClock) -> App {
        let script = PhaseScript::builtin();
        let session = Session::new("S", 90, vec![], &script, clock.now());
        let mut app = App::with_session(script, session, clock.now());
        app.alerts = Alerts {
            bell: true,
            flash: true,
        };
        app.update(Action::Tick, clock.now());
        app
    }

    fn tick(app: &mut App, clock: &FixedClock, secs: i64) -> Vec<Effect> {
        clock.advance_secs(secs);
        app.update(Action::Tick, clock.now())
    }

    #[test]
    fn the_bell_rings_once_at_wrap_up_and_once_at_zero() {
        let clock = FixedClock::workshop_morning();
        let mut app = app(&clock);
        assert_eq!(
            app.session.as_ref().map(|s| s.remaining(clock.now())),
            Some(240)
        );
        assert!(!tick(&mut app, &clock, 170).contains(&Effect::Bell));
        assert!(!app.flashing());
        // 60 s left: the last quarter.
        assert!(tick(&mut app, &clock, 10).contains(&Effect::Bell));
        assert!(app.flashing());
        assert!(!tick(&mut app, &clock, 1).contains(&Effect::Bell));
        // The flash ends after two seconds.
        tick(&mut app, &clock, 1);
        assert!(!app.flashing());
        // Zero is not overtime yet; one second later it is.
        assert!(!tick(&mut app, &clock, 58).contains(&Effect::Bell));
        assert!(tick(&mut app, &clock, 1).contains(&Effect::Bell));
        assert!(app.flashing());
        assert!(!tick(&mut app, &clock, 30).contains(&Effect::Bell));
    }

    /// A follower beside the writer flashes with it but leaves the bell
    /// to the writer, so the room hears one.
    #[test]
    fn a_read_only_window_flashes_without_ringing() {
        let clock = FixedClock::workshop_morning();
        let mut app = app(&clock).read_only("following".into());
        app.update(Action::Tick, clock.now());
        assert!(!tick(&mut app, &clock, 180).contains(&Effect::Bell));
        assert!(app.flashing(), "the clock still flashes at WRAP UP");
    }

    #[test]
    fn an_extension_rearms_and_a_new_step_or_a_resume_does_not_ring() {
        let clock = FixedClock::workshop_morning();
        let mut app = app(&clock);
        assert!(tick(&mut app, &clock, 241).contains(&Effect::Bell));
        // 5 more minutes: back to running, no bell for going back.
        assert!(
            !app.update(Action::Extend, clock.now())
                .contains(&Effect::Bell)
        );
        // 299 s left of a 9-minute box: WRAP UP at 120 s left.
        assert!(!tick(&mut app, &clock, 170).contains(&Effect::Bell));
        assert!(tick(&mut app, &clock, 10).contains(&Effect::Bell));
        assert!(tick(&mut app, &clock, 120).contains(&Effect::Bell));
        // Reopening a record already in overtime rings nothing.
        let session = app.session.clone().expect("a session");
        let mut reopened = App::with_session(PhaseScript::builtin(), session, clock.now());
        reopened.alerts = app.alerts;
        assert!(!tick(&mut reopened, &clock, 1).contains(&Effect::Bell));
        assert!(!tick(&mut reopened, &clock, 60).contains(&Effect::Bell));
        // The next step starts fresh: a full box, nothing rung on arrival.
        assert!(
            !reopened
                .update(Action::NextStep, clock.now())
                .contains(&Effect::Bell)
        );
    }

    #[test]
    fn a_break_does_not_ring_and_the_defaults_do_nothing() {
        let clock = FixedClock::workshop_morning();
        let mut app = app(&clock);
        tick(&mut app, &clock, 100);
        app.update(Action::TogglePause, clock.now());
        // The clock stands still on a break: nothing crosses.
        assert!(!tick(&mut app, &clock, 600).contains(&Effect::Bell));
        app.update(Action::TogglePause, clock.now());
        app.alerts = Alerts::default();
        assert!(!tick(&mut app, &clock, 90).contains(&Effect::Bell));
        assert!(!app.flashing());
        // The flash alone: no bell.
        app.alerts.flash = true;
        assert!(!tick(&mut app, &clock, 60).contains(&Effect::Bell));
        assert!(app.flashing());
    }

    #[test]
    fn wrap_up_is_the_last_quarter_at_most_two_minutes() {
        assert_eq!(wrap_up_secs(240), 60);
        assert_eq!(wrap_up_secs(1200), 120);
        assert_eq!(wrap_up_secs(0), 0);
    }
}
