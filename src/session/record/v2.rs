//! Version 2 of the record, frozen: the shape tamer wrote before version 3,
//! and the one pure step that turns it into version 3 (the frozen
//! [`super::v3`] shape, which [`super::v3::to_v4`] takes on from there).
//!
//! Version 3 added the trust boundaries, flows with ends, descriptions, the
//! threat's category, element, raiser and status, the parking lot,
//! excursions, the approach, the time bank, the agreement on the model, the
//! draft, and timeline events for all of them. Types that did not change
//! are shared with the current shape (steps and their clocks, cards and
//! their marks); when a later version changes one of them, copy its
//! version-2 form in here first.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Summary, v3};
use crate::deck::ElementKind;
use crate::session::{self, CardRef, Dealt, Mark, StepState};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub version: u32,
    pub summary: Summary,
    pub session: Session,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub title: String,
    pub created: DateTime<Utc>,
    pub budget_minutes: u32,
    pub participants: Vec<String>,
    pub steps: Vec<StepState>,
    pub current: usize,
    pub finished: Option<DateTime<Utc>>,
    pub threats: Vec<Threat>,
    pub timeline: Vec<Event>,
    pub model: Vec<Element>,
    pub decks: Vec<String>,
    pub dealing: Option<String>,
    pub dealt: Vec<Dealt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub id: u32,
    pub title: String,
    pub phase: u8,
    pub step: String,
    pub at: DateTime<Utc>,
    pub card: Option<CardRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: u32,
    pub kind: ElementKind,
    pub name: String,
    pub holds_logs: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Started {
        budget_minutes: u32,
    },
    Reopened,
    Paused {
        step: String,
    },
    Resumed {
        step: String,
    },
    Extended {
        step: String,
        minutes: u32,
    },
    StepChanged {
        from: String,
        to: String,
        remaining_secs: i64,
    },
    PhaseChanged {
        from: u8,
        to: u8,
    },
    ThreatCaptured {
        id: u32,
    },
    DeckChosen {
        deck: String,
    },
    DeckDropped {
        deck: String,
    },
    Dealing {
        deck: String,
    },
    ElementAdded {
        id: u32,
    },
    CardMarked {
        card: String,
        element: Option<u32>,
        mark: Mark,
    },
    Finished,
    Unfinished,
}

/// Version 2 → version 3: the new fields start empty (no boundaries, no
/// descriptions, open threats raised by no one, an empty parking lot, no
/// excursions, an empty bank, no approach said, the model not agreed),
/// except that a threat found with a card takes the card's id as its
/// category and the card's element as its own, as a capture from a card
/// does in version 3. A flow keeps no ends: version 2 had none to give it.
pub fn to_v3(old: Session) -> v3::Session {
    v3::Session {
        title: old.title,
        created: old.created,
        budget_minutes: old.budget_minutes,
        participants: old.participants,
        approach: session::Approach::default(),
        steps: old.steps,
        current: old.current,
        finished: old.finished,
        bank_secs: 0,
        model: old.model.into_iter().map(element_to_v3).collect(),
        boundaries: Vec::new(),
        model_agreed: None,
        decks: old.decks,
        dealing: old.dealing,
        dealt: old.dealt,
        threats: old.threats.into_iter().map(threat_to_v3).collect(),
        parking: Vec::new(),
        excursions: Vec::new(),
        draft: None,
        timeline: old.timeline.into_iter().map(event_to_v3).collect(),
    }
}

fn element_to_v3(e: Element) -> session::Element {
    session::Element {
        id: e.id,
        kind: e.kind,
        name: e.name,
        holds_logs: e.holds_logs,
        description: String::new(),
        boundary: None,
        flow: None,
    }
}

fn threat_to_v3(t: Threat) -> v3::Threat {
    v3::Threat {
        id: t.id,
        title: t.title,
        description: String::new(),
        category: t.card.as_ref().map(|c| c.card.clone()),
        element: t.card.as_ref().and_then(|c| c.element),
        raised_by: None,
        status: v3::ThreatStatus::Open,
        phase: t.phase,
        step: t.step,
        at: t.at,
        card: t.card,
    }
}

fn event_to_v3(e: Event) -> v3::Event {
    use v3::EventKind as New;
    let kind = match e.kind {
        EventKind::Started { budget_minutes } => New::Started { budget_minutes },
        EventKind::Reopened => New::Reopened,
        EventKind::Paused { step } => New::Paused { step },
        EventKind::Resumed { step } => New::Resumed { step },
        EventKind::Extended { step, minutes } => New::Extended { step, minutes },
        EventKind::StepChanged {
            from,
            to,
            remaining_secs,
        } => New::StepChanged {
            from,
            to,
            remaining_secs,
        },
        EventKind::PhaseChanged { from, to } => New::PhaseChanged { from, to },
        EventKind::ThreatCaptured { id } => New::ThreatCaptured { id },
        EventKind::DeckChosen { deck } => New::DeckChosen { deck },
        EventKind::DeckDropped { deck } => New::DeckDropped { deck },
        EventKind::Dealing { deck } => New::Dealing { deck },
        EventKind::ElementAdded { id } => New::ElementAdded { id },
        EventKind::CardMarked {
            card,
            element,
            mark,
        } => New::CardMarked {
            card,
            element,
            mark,
        },
        EventKind::Finished => New::Finished,
        EventKind::Unfinished => New::Unfinished,
    };
    v3::Event { at: e.at, kind }
}

/// The current session in the version-2 shape, for tests and benchmarks of
/// the migrations: what version 2 cannot hold is left out (and events of
/// kinds it did not have).
pub fn from_v3(s: &v3::Session) -> Session {
    Session {
        title: s.title.clone(),
        created: s.created,
        budget_minutes: s.budget_minutes,
        participants: s.participants.clone(),
        steps: s.steps.clone(),
        current: s.current,
        finished: s.finished,
        threats: s
            .threats
            .iter()
            .map(|t| Threat {
                id: t.id,
                title: t.title.clone(),
                phase: t.phase,
                step: t.step.clone(),
                at: t.at,
                card: t.card.clone(),
            })
            .collect(),
        timeline: s.timeline.iter().filter_map(event_from_v3).collect(),
        model: s
            .model
            .iter()
            .map(|e| Element {
                id: e.id,
                kind: e.kind,
                name: e.name.clone(),
                holds_logs: e.holds_logs,
            })
            .collect(),
        decks: s.decks.clone(),
        dealing: s.dealing.clone(),
        dealt: s.dealt.clone(),
    }
}

fn event_from_v3(e: &v3::Event) -> Option<Event> {
    use v3::EventKind as New;
    let kind = match e.kind.clone() {
        New::Started { budget_minutes } => EventKind::Started { budget_minutes },
        New::Reopened => EventKind::Reopened,
        New::Paused { step } => EventKind::Paused { step },
        New::Resumed { step } => EventKind::Resumed { step },
        New::Extended { step, minutes } => EventKind::Extended { step, minutes },
        New::StepChanged {
            from,
            to,
            remaining_secs,
        } => EventKind::StepChanged {
            from,
            to,
            remaining_secs,
        },
        New::PhaseChanged { from, to } => EventKind::PhaseChanged { from, to },
        New::ThreatCaptured { id } => EventKind::ThreatCaptured { id },
        New::DeckChosen { deck } => EventKind::DeckChosen { deck },
        New::DeckDropped { deck } => EventKind::DeckDropped { deck },
        New::Dealing { deck } => EventKind::Dealing { deck },
        New::ElementAdded { id } => EventKind::ElementAdded { id },
        New::CardMarked {
            card,
            element,
            mark,
        } => EventKind::CardMarked {
            card,
            element,
            mark,
        },
        New::Finished => EventKind::Finished,
        New::Unfinished => EventKind::Unfinished,
        _ => return None,
    };
    Some(Event { at: e.at, kind })
}
