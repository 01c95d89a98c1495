//! The domain: a session, its steps and their time boxes, captured threats and
//! the timeline. Pure: every change takes `now` and appends to the timeline.
//! No terminal, no file system.

pub mod check;
pub mod record;
pub mod script;
pub mod timeline;
pub mod timer;
pub mod walk;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use script::PhaseScript;
pub use timeline::{Event, EventKind};
pub use timer::StepClock;
pub use walk::{Cell, Dealt, Element, Mark};

use crate::deck::ElementKind;

/// The decks a new session deals from until phase 0 chooses others.
pub const DEFAULT_DECKS: &[&str] = &["stride-per-element"];

/// Minutes added by one extension (`+`).
pub const EXTENSION_MINUTES: u32 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub title: String,
    pub created: DateTime<Utc>,
    pub budget_minutes: u32,
    pub participants: Vec<String>,
    /// Every step of the script, in order, each with its own clock.
    pub steps: Vec<StepState>,
    /// Index into `steps` of the step on screen.
    pub current: usize,
    pub finished: Option<DateTime<Utc>>,
    pub threats: Vec<Threat>,
    pub timeline: Vec<Event>,
    /// The system model built in phase 1.
    pub model: Vec<Element>,
    /// The decks chosen in phase 0, in the order they are offered.
    pub decks: Vec<String>,
    /// The deck being dealt now.
    pub dealing: Option<String>,
    /// Every card marked, in order.
    pub dealt: Vec<Dealt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepState {
    pub phase: u8,
    pub id: String,
    pub clock: StepClock,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub id: u32,
    pub title: String,
    /// The phase and step it was captured in.
    pub phase: u8,
    pub step: String,
    pub at: DateTime<Utc>,
    /// The card it was found with, if any.
    pub card: Option<CardRef>,
}

/// A card dealt from a deck, on an element for walks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRef {
    pub deck: String,
    pub card: String,
    pub element: Option<u32>,
}

impl Session {
    /// A new session at the first step of `script`, its clock running.
    pub fn new(
        title: &str,
        budget_minutes: u32,
        participants: Vec<String>,
        script: &PhaseScript,
        now: DateTime<Utc>,
    ) -> Self {
        let steps = script
            .scaled_boxes(budget_minutes)
            .into_iter()
            .map(|(phase, id, secs)| StepState {
                phase,
                id,
                clock: StepClock::new(secs),
            })
            .collect();
        let mut s = Self {
            title: crate::text::clean(title),
            created: now,
            budget_minutes,
            participants: participants.iter().map(|p| crate::text::clean(p)).collect(),
            steps,
            current: 0,
            finished: None,
            threats: Vec::new(),
            timeline: Vec::new(),
            model: Vec::new(),
            decks: DEFAULT_DECKS.iter().map(|d| (*d).to_owned()).collect(),
            dealing: DEFAULT_DECKS.first().map(|d| (*d).to_owned()),
            dealt: Vec::new(),
        };
        s.log(now, EventKind::Started { budget_minutes });
        if let Some(step) = s.steps.first_mut() {
            step.clock.start(now);
        }
        s
    }

    fn log(&mut self, at: DateTime<Utc>, kind: EventKind) {
        self.timeline.push(Event { at, kind });
    }

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

    pub fn extend(&mut self, now: DateTime<Utc>) {
        if self.finished.is_some() {
            return;
        }
        let Some(step) = self.steps.get_mut(self.current) else {
            return;
        };
        step.clock.extend(i64::from(EXTENSION_MINUTES) * 60);
        let id = step.id.clone();
        self.log(
            now,
            EventKind::Extended {
                step: id,
                minutes: EXTENSION_MINUTES,
            },
        );
    }

    /// Moves to the next step; on the last step, finishes the session.
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
        }
    }

    /// Moves back one step; from a finished session, reopens its last step.
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
        let (from_id, from_phase, remaining) = match self.steps.get_mut(self.current) {
            Some(from) => {
                let remaining = from.clock.remaining(now);
                from.clock.stop(now);
                (from.id.clone(), from.phase, remaining)
            }
            None => (String::new(), 0, 0),
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

    /// Captures a threat in the current step; blank titles are ignored.
    pub fn capture_threat(&mut self, title: &str, now: DateTime<Utc>) -> Option<u32> {
        self.capture(title, None, now)
    }

    /// Captures a threat found with the card `cell` of the deck being dealt,
    /// and marks the card with it.
    pub fn capture_from_card(
        &mut self,
        title: &str,
        cell: &Cell,
        now: DateTime<Utc>,
    ) -> Option<u32> {
        let deck = self.dealing.clone()?;
        let card = CardRef {
            deck: cell.card_deck.clone(),
            card: cell.card.clone(),
            element: cell.element,
        };
        let id = self.capture(title, Some(card), now)?;
        self.push_mark(deck, cell, Mark::Threat(id), now);
        Some(id)
    }

    /// Marks the card `cell` of the deck being dealt as done or skipped.
    pub fn mark(&mut self, cell: &Cell, mark: Mark, now: DateTime<Utc>) {
        if let Some(deck) = self.dealing.clone() {
            self.push_mark(deck, cell, mark, now);
        }
    }

    fn push_mark(&mut self, deck: String, cell: &Cell, mark: Mark, now: DateTime<Utc>) {
        self.dealt.push(Dealt {
            deck,
            card_deck: cell.card_deck.clone(),
            card: cell.card.clone(),
            element: cell.element,
            mark,
            at: now,
        });
        self.log(
            now,
            EventKind::CardMarked {
                card: cell.card.clone(),
                element: cell.element,
                mark,
            },
        );
    }

    /// Adds a deck to the session's choice, or drops it.
    pub fn toggle_deck(&mut self, id: &str, now: DateTime<Utc>) {
        if let Some(i) = self.decks.iter().position(|d| d == id) {
            self.decks.remove(i);
            if self.dealing.as_deref() == Some(id) {
                self.dealing = self.decks.first().cloned();
            }
            self.log(
                now,
                EventKind::DeckDropped {
                    deck: id.to_owned(),
                },
            );
        } else {
            self.decks.push(id.to_owned());
            if self.dealing.is_none() {
                self.dealing = Some(id.to_owned());
            }
            self.log(
                now,
                EventKind::DeckChosen {
                    deck: id.to_owned(),
                },
            );
        }
    }

    /// Deals from the next chosen deck.
    pub fn next_deck(&mut self, now: DateTime<Utc>) {
        if self.decks.is_empty() {
            return;
        }
        let i = self
            .dealing
            .as_ref()
            .and_then(|d| self.decks.iter().position(|x| x == d))
            .map_or(0, |i| (i + 1) % self.decks.len());
        let deck = self.decks[i].clone();
        self.dealing = Some(deck.clone());
        self.log(now, EventKind::Dealing { deck });
    }

    /// Adds an element to the system model; blank names are ignored.
    pub fn add_element(
        &mut self,
        kind: ElementKind,
        name: &str,
        holds_logs: bool,
        now: DateTime<Utc>,
    ) -> Option<u32> {
        let name = crate::text::clean(name);
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let id = next_id(self.model.iter().map(|e| e.id))?;
        self.model.push(Element {
            id,
            kind,
            name: name.to_owned(),
            holds_logs: holds_logs && kind == ElementKind::DataStore,
        });
        self.log(now, EventKind::ElementAdded { id });
        Some(id)
    }

    pub fn element(&self, id: u32) -> Option<&Element> {
        self.model.iter().find(|e| e.id == id)
    }

    fn capture(&mut self, title: &str, card: Option<CardRef>, now: DateTime<Utc>) -> Option<u32> {
        let title = crate::text::clean(title);
        let title = title.trim();
        if title.is_empty() {
            return None;
        }
        let id = next_id(self.threats.iter().map(|t| t.id))?;
        let (phase, step) = self
            .step()
            .map(|s| (s.phase, s.id.clone()))
            .unwrap_or_default();
        self.threats.push(Threat {
            id,
            title: title.to_owned(),
            phase,
            step,
            at: now,
            card,
        });
        self.log(now, EventKind::ThreatCaptured { id });
        Some(id)
    }

    /// Notes that the record was opened again.
    pub fn reopened(&mut self, now: DateTime<Utc>) {
        self.log(now, EventKind::Reopened);
    }
}

/// One more than the highest of `ids` (1 for none); `None` past [`check::MAX_ID`].
fn next_id(ids: impl Iterator<Item = u32>) -> Option<u32> {
    let next = ids.max().unwrap_or(0).checked_add(1)?;
    (next <= check::MAX_ID).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};

    fn session(clock: &FixedClock) -> Session {
        Session::new("Payments", 90, vec![], &PhaseScript::builtin(), clock.now())
    }

    #[test]
    fn a_new_session_runs_the_first_step() {
        let clock = FixedClock::workshop_morning();
        let s = session(&clock);
        assert_eq!(s.step().map(|s| s.id.as_str()), Some("scope"));
        assert!(!s.is_paused());
        assert_eq!(s.remaining(clock.now()), 4 * 60);
    }

    #[test]
    fn next_and_back_keep_each_steps_time() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        clock.advance_secs(60);
        s.next(clock.now());
        assert_eq!(s.step().map(|s| s.id.as_str()), Some("approach"));
        clock.advance_secs(30);
        s.back(clock.now());
        // Back in "scope", with the three minutes it had left.
        assert_eq!(s.remaining(clock.now()), 180);
        assert_eq!(s.steps[1].clock.remaining(clock.now()), 4 * 60 - 30);
        let kinds: Vec<_> = s.timeline.iter().map(|e| &e.kind).collect();
        assert!(matches!(
            kinds[1],
            EventKind::StepChanged {
                remaining_secs: 180,
                ..
            }
        ));
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
        assert_eq!(s.remaining(clock.now()), 4 * 60);
    }

    #[test]
    fn overtime_counts_past_zero() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        clock.advance_secs(4 * 60 + 75);
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
    fn threats_get_increasing_ids_and_blank_ones_are_ignored() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        assert_eq!(s.capture_threat("  ", clock.now()), None);
        assert_eq!(
            s.capture_threat("Replay of a payment", clock.now()),
            Some(1)
        );
        assert_eq!(s.capture_threat("Forged webhook", clock.now()), Some(2));
        assert_eq!(s.threats[1].step, "scope");
    }

    #[test]
    fn ids_never_wrap() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        s.capture_threat("First", clock.now());
        s.threats[0].id = check::MAX_ID;
        assert_eq!(s.capture_threat("One too many", clock.now()), None);
        s.threats[0].id = u32::MAX;
        assert_eq!(s.capture_threat("Wrapped", clock.now()), None);
        assert_eq!(s.threats.len(), 1);
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
        assert!(s.current < s.steps.len());
    }
}
