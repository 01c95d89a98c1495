//! The domain: a session, its steps and their time boxes, the system model,
//! captured threats with their ratings and decisions, mitigations, the
//! parking lot, excursions, the retro and the timeline. Pure: every change
//! takes `now` and appends to the timeline. No terminal, no file system.
//!
//! Edits a facilitator can undo go through [`Session::apply`] with a
//! [`Change`], which returns the [`Inverse`] to hand back to
//! [`Session::undo`].

pub mod asof;
pub mod change;
pub mod check;
pub mod lot;
pub mod mitigation;
pub mod model;
pub mod rating;
pub mod record;
pub mod retro;
pub mod risk;
pub mod script;
pub mod steps;
pub mod story;
pub mod summary;
pub mod timeline;
pub mod timer;
pub mod undo;
pub mod walk;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use change::{
    BoundaryDraft, Change, ElementDraft, ExcursionTarget, MitigationDraft, ParkDraft, RatingDraft,
    ThreatDraft,
};
pub use lot::{Excursion, Parked, ParkedOutcome};
pub use mitigation::{Effort, Mitigation, MitigationStatus, Reduces};
pub use model::{Boundary, Uses};
pub use rating::{Action, Level, Scheme, SchemeRef};
pub use retro::{Retro, RetroLine, RetroList};
pub use risk::{
    AcceptedRisk, Decision, DecisionKind, Rating, RatingOrder, RatingProgress, RemainingRisk,
    Review, ThreatStatus,
};
pub use script::PhaseScript;
pub use steps::{AWAY_SECS, EXTENSION_MINUTES};
pub use summary::Overview;
pub use timeline::{Event, EventKind};
pub use timer::StepClock;
pub use undo::Inverse;
pub use walk::{Cell, Dealt, Element, FlowEnds, Mark};

use crate::deck::ElementKind;

/// The decks a new session deals from until phase 0 chooses others.
pub const DEFAULT_DECKS: &[&str] = &["stride-per-element"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub title: String,
    pub created: DateTime<Utc>,
    pub budget_minutes: u32,
    pub participants: Vec<String>,
    /// How the team works today (phase 0).
    pub approach: Approach,
    /// The rating scheme new ratings are made with (phase 0) [3.1.3].
    pub scheme: SchemeRef,
    /// Every step of the script, in order, each with its own clock.
    pub steps: Vec<StepState>,
    /// Index into `steps` of the step on screen.
    pub current: usize,
    pub finished: Option<DateTime<Utc>>,
    /// Seconds saved by leaving steps early, to give to a later step.
    pub bank_secs: i64,
    pub threats: Vec<Threat>,
    /// What the team will do about the threats (phase 3) [3.2].
    pub mitigations: Vec<Mitigation>,
    /// Items put aside to come back to [2.1.8].
    pub parking: Vec<Parked>,
    /// Deep dives ("is this even possible?") with their own time [2.1.9].
    pub excursions: Vec<Excursion>,
    /// The system model built in phase 1: elements and data flows, which
    /// share one id space.
    pub model: Vec<Element>,
    /// The trust boundaries elements sit in.
    pub boundaries: Vec<Boundary>,
    /// When the team agreed that the model is the system at this scope
    /// [1.3.3].
    pub model_agreed: Option<DateTime<Utc>>,
    /// The decks chosen in phase 0, in the order they are offered.
    pub decks: Vec<String>,
    /// The deck being dealt now.
    pub dealing: Option<String>,
    /// Every card marked, in order.
    pub dealt: Vec<Dealt>,
    /// What the team learned about its own session (phase 4) [4.4.1].
    pub retro: Retro,
    /// Text the facilitator was typing when they quit.
    pub draft: Option<Draft>,
    /// Set when this is a solo practice run of a scenario (version 6); a
    /// team session has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<Practice>,
    pub timeline: Vec<Event>,
}

/// The scenario a practice session runs (`tamer practice`): which one, and
/// which version of it, so a debrief compares with the reference the
/// learner worked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The scenario's id (`decks/scenarios/` or the user's scenarios).
    pub scenario: String,
    /// The scenario's version when the session began.
    pub version: u32,
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
    /// More words; empty when none. May hold line breaks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A card id or a category name as the decks use them (`spoofing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The element or data flow it threatens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<u32>,
    /// The participant who raised it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
    /// The phase and step it was captured in.
    pub phase: u8,
    pub step: String,
    pub at: DateTime<Utc>,
    /// The card it was found with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardRef>,
    /// Its rank among the key threats, 1 first [2.1.7]; ranks run from 1
    /// without gaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<u32>,
    /// How the team rated it [3.1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Box<Rating>>,
    /// Rated again as if its essential mitigations were done [3.2.4].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual: Option<Box<Rating>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// Phase 4's review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// A card dealt from a deck, on an element for walks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRef {
    pub deck: String,
    pub card: String,
    pub element: Option<u32>,
}

/// How the team threat-models today (phase 0). Empty text means not said.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approach {
    /// What is in scope today. May hold line breaks.
    pub scope: String,
    /// What is left out on purpose. May hold line breaks.
    pub out_of_scope: String,
    /// The desired level of security, in one sentence [0.2.4].
    pub security_level: String,
    /// Participant names.
    pub facilitator: Option<String>,
    pub note_keeper: Option<String>,
}

/// Text being typed when the facilitator quit, to offer again on resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// What the text was for, in words the UI chooses ("threat title").
    pub what: String,
    /// May hold line breaks.
    pub text: String,
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
            approach: Approach::default(),
            scheme: SchemeRef::default(),
            steps,
            current: 0,
            finished: None,
            bank_secs: 0,
            model: Vec::new(),
            boundaries: Vec::new(),
            model_agreed: None,
            decks: DEFAULT_DECKS.iter().map(|d| (*d).to_owned()).collect(),
            dealing: DEFAULT_DECKS.first().map(|d| (*d).to_owned()),
            dealt: Vec::new(),
            threats: Vec::new(),
            mitigations: Vec::new(),
            parking: Vec::new(),
            excursions: Vec::new(),
            retro: Retro::default(),
            draft: None,
            practice: None,
            timeline: Vec::new(),
        };
        s.log(now, EventKind::Started { budget_minutes });
        if let Some(step) = s.steps.first_mut() {
            step.clock.start(now);
        }
        s
    }

    pub(crate) fn log(&mut self, at: DateTime<Utc>, kind: EventKind) {
        self.timeline.push(Event { at, kind });
    }

    /// Captures a threat in the current step; blank titles are ignored.
    /// (For undo, capture with [`Change::AddThreat`] instead.)
    pub fn capture_threat(&mut self, title: &str, now: DateTime<Utc>) -> Option<u32> {
        let draft = ThreatDraft {
            title: title.to_owned(),
            ..ThreatDraft::default()
        };
        self.apply(Change::AddThreat(draft), now).ok()?;
        self.threats.last().map(|t| t.id)
    }

    /// Captures a threat found with the card `cell` of the deck being dealt,
    /// and marks the card with it; the threat's category and element come
    /// from the card. (For undo, use [`Change::CaptureFromCard`] instead.)
    pub fn capture_from_card(
        &mut self,
        title: &str,
        cell: &Cell,
        now: DateTime<Utc>,
    ) -> Option<u32> {
        let draft = ThreatDraft {
            title: title.to_owned(),
            ..ThreatDraft::default()
        };
        let change = Change::CaptureFromCard {
            draft,
            cell: cell.clone(),
        };
        self.apply(change, now).ok()?;
        self.threats.last().map(|t| t.id)
    }

    /// Marks the card `cell` of the deck being dealt as done or skipped.
    /// (For undo, use [`Change::MarkCard`] instead.)
    pub fn mark(&mut self, cell: &Cell, mark: Mark, now: DateTime<Utc>) {
        let change = Change::MarkCard {
            cell: cell.clone(),
            mark,
        };
        // Without a deck being dealt there is nothing to mark.
        let _ = self.apply(change, now);
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

    /// Adds an element to the system model; blank names are ignored. A data
    /// flow added here has no ends yet (give it some with
    /// [`Change::EditElement`]); [`Change::AddElement`] adds one with its
    /// ends, and can be undone.
    pub fn add_element(
        &mut self,
        kind: ElementKind,
        name: &str,
        holds_logs: bool,
        now: DateTime<Utc>,
    ) -> Option<u32> {
        let name = change::clean_line(name);
        if name.is_empty() {
            return None;
        }
        let id = self.fresh_element_id()?;
        self.model.push(Element {
            id,
            kind,
            name,
            holds_logs: holds_logs && kind == ElementKind::DataStore,
            description: String::new(),
            boundary: None,
            flow: None,
        });
        self.log(now, EventKind::ElementAdded { id });
        Some(id)
    }

    /// Keeps `text`, typed for `what`, to offer again on resume; blank text
    /// clears the draft instead.
    pub fn set_draft(&mut self, what: &str, text: &str, now: DateTime<Utc>) {
        let text = change::clean_lines(text);
        if text.is_empty() {
            self.clear_draft(now);
            return;
        }
        let what = change::clean_line(what);
        self.draft = Some(Draft {
            what: what.clone(),
            text,
        });
        self.log(now, EventKind::DraftKept { what });
    }

    /// Forgets the draft (it was used or thrown away).
    pub fn clear_draft(&mut self, now: DateTime<Utc>) {
        if self.draft.take().is_some() {
            self.log(now, EventKind::DraftCleared);
        }
    }

    /// Notes that the session was made from another tool's `source` file,
    /// in `format` [1.1.1].
    pub fn imported(&mut self, format: &str, source: &str, now: DateTime<Utc>) {
        self.log(
            now,
            EventKind::Imported {
                format: crate::text::clean(format),
                source: crate::text::clean(source),
            },
        );
    }

    /// Notes that the session was exported in `format`, carrying the
    /// mitigations `carried` [3.3.1].
    pub fn exported(&mut self, format: &str, carried: Vec<u32>, now: DateTime<Utc>) {
        self.log(
            now,
            EventKind::Exported {
                format: crate::text::clean(format),
                mitigations: carried,
            },
        );
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

/// Ids are never used twice in a session, not even after a deletion or an
/// undo: a new id is past every id in the list and every id the timeline
/// says was ever given, so "T4" in the notes always means one threat.
impl Session {
    fn fresh_id(
        &self,
        ids: impl Iterator<Item = u32>,
        given: fn(&EventKind) -> Option<u32>,
    ) -> Option<u32> {
        next_id(ids.chain(self.timeline.iter().filter_map(|e| given(&e.kind))))
    }

    pub(crate) fn fresh_element_id(&self) -> Option<u32> {
        self.fresh_id(self.model.iter().map(|e| e.id), |k| match k {
            EventKind::ElementAdded { id } => Some(*id),
            _ => None,
        })
    }

    pub(crate) fn fresh_boundary_id(&self) -> Option<u32> {
        self.fresh_id(self.boundaries.iter().map(|b| b.id), |k| match k {
            EventKind::BoundaryAdded { id } => Some(*id),
            _ => None,
        })
    }

    pub(crate) fn fresh_threat_id(&self) -> Option<u32> {
        self.fresh_id(self.threats.iter().map(|t| t.id), |k| match k {
            EventKind::ThreatCaptured { id } => Some(*id),
            _ => None,
        })
    }

    pub(crate) fn fresh_parked_id(&self) -> Option<u32> {
        self.fresh_id(self.parking.iter().map(|p| p.id), |k| match k {
            EventKind::Parked { id } => Some(*id),
            _ => None,
        })
    }

    pub(crate) fn fresh_mitigation_id(&self) -> Option<u32> {
        self.fresh_id(self.mitigations.iter().map(|m| m.id), |k| match k {
            EventKind::MitigationAdded { id } => Some(*id),
            _ => None,
        })
    }

    pub(crate) fn fresh_excursion_id(&self) -> Option<u32> {
        self.fresh_id(self.excursions.iter().map(|x| x.id), |k| match k {
            EventKind::ExcursionStarted { id } => Some(*id),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};

    fn session(clock: &FixedClock) -> Session {
        Session::new("Payments", 90, vec![], &PhaseScript::builtin(), clock.now())
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
        assert_eq!(s.threats[1].status(), ThreatStatus::Open);
        assert_eq!(s.threats[1].category, None);
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
    fn a_capture_from_a_card_takes_its_category_and_element() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        let api = s.add_element(ElementKind::Process, "API", false, clock.now());
        let cell = Cell {
            card_deck: "stride".into(),
            card: "spoofing".into(),
            element: api,
        };
        let id = s.capture_from_card("Forged token", &cell, clock.now());
        let t = s.threats.last().expect("captured");
        assert_eq!(Some(t.id), id);
        assert_eq!(t.category.as_deref(), Some("spoofing"));
        assert_eq!(t.element, api);
        assert_eq!(t.card.as_ref().and_then(|c| c.element), api);
        assert_eq!(s.dealt.last().map(|d| d.mark), id.map(Mark::Threat));
    }

    #[test]
    fn a_flow_added_the_old_way_has_no_ends_and_no_logs() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        assert_eq!(
            s.add_element(ElementKind::Process, " ", false, clock.now()),
            None
        );
        let id = s.add_element(ElementKind::DataFlow, "Browser to API", true, clock.now());
        let flow = s.element(id.expect("added")).expect("in the model");
        assert_eq!((flow.flow.as_ref(), flow.holds_logs), (None, false));
        assert_eq!(check::check(&s), []);
    }

    #[test]
    fn a_draft_is_kept_and_cleared() {
        let clock = FixedClock::workshop_morning();
        let mut s = session(&clock);
        s.set_draft("threat title", "Replay\r\nof a \u{1b}payment ", clock.now());
        assert_eq!(
            s.draft,
            Some(Draft {
                what: "threat title".into(),
                text: "Replay\nof a  payment".into()
            })
        );
        s.set_draft("threat title", " \n ", clock.now());
        assert_eq!(s.draft, None);
        let kinds: Vec<_> = s.timeline.iter().map(|e| &e.kind).collect();
        assert_eq!(
            kinds[1..],
            [
                &EventKind::DraftKept {
                    what: "threat title".into()
                },
                &EventKind::DraftCleared
            ]
        );
    }
}
