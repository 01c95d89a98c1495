//! `tamer replay`: the session screen of an earlier moment, read-only, with
//! a player to move through the timeline (play and pause, step from event
//! to event, faster and slower, jump to a phase).
//!
//! The player is a position in time. The session on screen is
//! [`asof::at`] of the final record at that time, and the app's `now` is
//! that time, so every clock on screen shows what it showed then. Playing
//! moves the time shown by the wall time passed × the speed; after
//! [`QUIET_SECS`] of shown time without an event it jumps to the next
//! event, so a long discussion or a lunch break does not play out in full.

use chrono::{DateTime, Duration, Utc};

use super::{App, Layer};
use crate::action::{Action, Effect};
use crate::session::{EventKind, Session, asof};

/// Shown seconds of nothing happening after which playing jumps to the
/// next event.
pub const QUIET_SECS: i64 = 10;

/// The speeds, slowest first.
pub const SPEEDS: [u32; 7] = [1, 2, 4, 8, 16, 32, 64];

/// What a replay key asks of the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayKey {
    PlayPause,
    /// To the next moment something happened.
    Next,
    /// To the moment before the last thing shown happened.
    Prev,
    Faster,
    Slower,
    /// To the start of this phase.
    Phase(u8),
    Start,
    End,
}

/// The player: the final record and the moment shown.
#[derive(Debug, Clone)]
pub struct Replay {
    /// The record as it ends.
    pub record: Session,
    /// The time shown.
    pub at: DateTime<Utc>,
    pub playing: bool,
    /// Shown seconds per wall-clock second.
    pub speed: u32,
    /// The wall time of the last step while playing.
    wall: Option<DateTime<Utc>>,
    /// How many events were shown when the session on screen was built.
    built: Option<usize>,
}

impl Replay {
    /// A player at the start of `record`, paused, at `speed` (the nearest
    /// speed there is at or below it).
    pub fn new(record: Session, speed: u32) -> Self {
        let speed = SPEEDS
            .iter()
            .rev()
            .copied()
            .find(|s| *s <= speed)
            .unwrap_or(1);
        Self {
            at: record.created,
            record,
            playing: false,
            speed,
            wall: None,
            built: None,
        }
    }

    /// When the story starts and ends.
    pub fn start(&self) -> DateTime<Utc> {
        self.record.created
    }

    pub fn end(&self) -> DateTime<Utc> {
        asof::end(&self.record)
    }

    /// Events that had happened by the time shown.
    pub fn shown(&self) -> usize {
        self.record
            .timeline
            .iter()
            .filter(|e| e.at <= self.at)
            .count()
    }

    pub fn total(&self) -> usize {
        self.record.timeline.len()
    }

    /// The first moment after the time shown that something happened.
    fn next_event(&self) -> Option<DateTime<Utc>> {
        self.record
            .timeline
            .iter()
            .map(|e| e.at)
            .filter(|at| *at > self.at)
            .min()
    }

    /// The last moment something happened, at or before the time shown.
    fn last_event(&self) -> Option<DateTime<Utc>> {
        self.record
            .timeline
            .iter()
            .map(|e| e.at)
            .filter(|at| *at <= self.at)
            .max()
    }

    /// When phase `phase` started: the session's start for the phase it
    /// starts in, else the first move into it.
    pub fn phase_start(&self, phase: u8) -> Option<DateTime<Utc>> {
        if self.record.steps.first().map(|s| s.phase) == Some(phase) {
            return Some(self.start());
        }
        self.record
            .timeline
            .iter()
            .find(|e| matches!(e.kind, EventKind::PhaseChanged { to, .. } if to == phase))
            .map(|e| e.at)
    }

    fn go(&mut self, at: DateTime<Utc>) {
        self.at = at.clamp(self.start(), self.end());
    }

    /// Carries out a replay key at wall time `wall`; a message for the
    /// status line when the key could not do what it says.
    pub fn key(&mut self, key: ReplayKey, wall: DateTime<Utc>) -> Option<String> {
        match key {
            ReplayKey::PlayPause => {
                if !self.playing && self.at >= self.end() {
                    self.at = self.start();
                }
                self.playing = !self.playing;
                self.wall = self.playing.then_some(wall);
            }
            ReplayKey::Next => match self.next_event() {
                Some(at) => self.go(at),
                None => return Some("The end of the session: nothing happened after".into()),
            },
            ReplayKey::Prev => {
                let before = self
                    .last_event()
                    .and_then(|last| {
                        self.record
                            .timeline
                            .iter()
                            .map(|e| e.at)
                            .filter(|at| *at < last)
                            .max()
                    })
                    .unwrap_or(self.start());
                self.go(before);
            }
            ReplayKey::Faster | ReplayKey::Slower => {
                let i = SPEEDS.iter().position(|s| *s == self.speed).unwrap_or(0);
                let i = if key == ReplayKey::Faster {
                    (i + 1).min(SPEEDS.len() - 1)
                } else {
                    i.saturating_sub(1)
                };
                self.speed = SPEEDS[i];
            }
            ReplayKey::Phase(phase) => match self.phase_start(phase) {
                Some(at) => self.go(at),
                None => return Some(format!("This session never reached phase {phase}")),
            },
            ReplayKey::Start => self.go(self.start()),
            ReplayKey::End => self.go(self.end()),
        }
        None
    }

    /// Moves the time shown on while playing: wall time passed × speed,
    /// jumping over quiet stretches; stops at the end.
    pub fn tick(&mut self, wall: DateTime<Utc>) {
        if !self.playing {
            return;
        }
        let passed = self.wall.map_or(Duration::zero(), |w| wall - w);
        self.wall = Some(wall);
        let mut at = self.at + passed * i32::try_from(self.speed).unwrap_or(1);
        let quiet_from = self.last_event().unwrap_or(self.start()) + Duration::seconds(QUIET_SECS);
        if at > quiet_from
            && let Some(next) = self.next_event()
            && next > at
        {
            at = next;
        }
        self.go(at);
        if self.at >= self.end() {
            self.playing = false;
            self.wall = None;
        }
    }

    /// How long until the time shown should move on by a second.
    pub fn next_change_in(&self) -> Option<std::time::Duration> {
        self.playing
            .then(|| std::time::Duration::from_millis(1000 / u64::from(self.speed.max(1))))
    }
}

impl App {
    /// An app that replays `record`, read-only, from its start.
    pub fn replaying(script: crate::session::PhaseScript, record: Session, speed: u32) -> Self {
        let replay = Replay::new(record, speed);
        let first = asof::at(&replay.record, replay.at);
        let mut app = Self::with_session(script, first, replay.at)
            .read_only("a replay; nothing is written".into());
        app.replay = Some(replay);
        app.show_replayed();
        app
    }

    /// Builds the session of the moment shown when the events shown
    /// changed, and shows its time.
    pub(crate) fn show_replayed(&mut self) {
        let Some(replay) = self.replay.as_mut() else {
            return;
        };
        let shown = replay.shown();
        self.now = replay.at;
        if replay.built == Some(shown) {
            return;
        }
        replay.built = Some(shown);
        let session = asof::at(&replay.record, replay.at);
        self.radar = crate::radar::Radar::of(&session);
        self.session = Some(session);
        let at = self.now;
        self.rescan(at);
    }

    /// A key or a tick during a replay; `wall` is the real time.
    pub(crate) fn update_replay(&mut self, action: Action, wall: DateTime<Utc>) -> Vec<Effect> {
        if self.help() {
            if action == Action::ToggleHelp {
                self.layers.pop();
            }
            return match action {
                Action::Quit => vec![Effect::Quit],
                _ => Vec::new(),
            };
        }
        let Some(replay) = self.replay.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::ToggleHelp => self.layers.push(Layer::Help),
            Action::Tick => replay.tick(wall),
            Action::Replay(key) => {
                let said = replay.key(key, wall);
                self.status = said;
            }
            _ => {}
        }
        self.show_replayed();
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::PhaseScript;

    /// A session with a threat at 09:02, phase 1 from 09:05, and a second
    /// threat at 10:00.
    fn record(clock: &FixedClock) -> Session {
        let mut s = Session::new("S", 90, vec![], &PhaseScript::builtin(), clock.now());
        clock.advance_secs(120);
        s.capture_threat("First", clock.now());
        clock.advance_secs(180);
        while s.phase() < 1 {
            s.next(clock.now());
        }
        clock.advance_secs(55 * 60);
        s.capture_threat("Second", clock.now());
        s
    }

    fn shown_threats(app: &App) -> usize {
        app.session.as_ref().map_or(0, |s| s.threats.len())
    }

    #[test]
    fn stepping_moves_from_event_to_event() {
        let clock = FixedClock::workshop_morning();
        let s = record(&clock);
        let start = s.created;
        let mut app = App::replaying(PhaseScript::builtin(), s, 1);
        assert_eq!(app.now, start);
        assert_eq!(shown_threats(&app), 0);
        app.update(Action::Replay(ReplayKey::Next), clock.now());
        assert_eq!(app.now, start + Duration::seconds(120));
        assert_eq!(shown_threats(&app), 1);
        app.update(Action::Replay(ReplayKey::Prev), clock.now());
        assert_eq!((app.now, shown_threats(&app)), (start, 0));
        app.update(Action::Replay(ReplayKey::End), clock.now());
        assert_eq!(shown_threats(&app), 2);
        app.update(Action::Replay(ReplayKey::Phase(1)), clock.now());
        assert_eq!(app.now, start + Duration::seconds(300));
        assert_eq!(app.session.as_ref().map(Session::phase), Some(1));
        app.update(Action::Replay(ReplayKey::Phase(4)), clock.now());
        assert_eq!(
            app.status.as_deref(),
            Some("This session never reached phase 4")
        );
        assert_eq!(app.now, start + Duration::seconds(300));
    }

    #[test]
    fn playing_runs_at_speed_and_skips_quiet_stretches() {
        let clock = FixedClock::workshop_morning();
        let s = record(&clock);
        let start = s.created;
        let mut app = App::replaying(PhaseScript::builtin(), s, 4);
        app.update(Action::Replay(ReplayKey::PlayPause), clock.now());
        clock.advance_secs(2);
        app.update(Action::Tick, clock.now());
        assert_eq!(app.now, start + Duration::seconds(8));
        // 8 s shown, then 4 more: past the quiet limit, so on to 09:02.
        clock.advance_secs(1);
        app.update(Action::Tick, clock.now());
        assert_eq!(app.now, start + Duration::seconds(120));
        assert_eq!(shown_threats(&app), 1);
        app.update(Action::Replay(ReplayKey::Slower), clock.now());
        clock.advance_secs(1);
        app.update(Action::Tick, clock.now());
        assert_eq!(app.now, start + Duration::seconds(122));
        // Played to the end, it stops there.
        for _ in 0..10 {
            clock.advance_secs(10);
            app.update(Action::Tick, clock.now());
        }
        assert_eq!(shown_threats(&app), 2);
        assert!(!app.replay.as_ref().is_some_and(|r| r.playing));
        assert_eq!(app.update(Action::Quit, clock.now()), [Effect::Quit]);
    }

    #[test]
    fn nothing_in_a_replay_changes_the_record() {
        let clock = FixedClock::workshop_morning();
        let s = record(&clock);
        let before = s.clone();
        let mut app = App::replaying(PhaseScript::builtin(), s, 1);
        for action in [
            Action::Replay(ReplayKey::End),
            Action::TogglePause,
            Action::CaptureThreat,
            Action::NextStep,
            Action::Tick,
        ] {
            assert_eq!(app.update(action, clock.now()), []);
        }
        assert_eq!(app.replay.as_ref().map(|r| &r.record), Some(&before));
        assert_eq!(
            app.session.as_ref(),
            Some(&asof::at(&before, asof::end(&before)))
        );
    }
}
