//! Version 3 of the record, frozen: the shape tamer wrote before version 4,
//! and the one pure step that turns it into version 4.
//!
//! Version 4 added the rating scheme, ratings, decisions, key-threat ranks,
//! residual ratings and reviews of threats (and dropped the threat's
//! `status`, which only ever said `Open`; a threat's status is now derived
//! from its rating and decision), the mitigations, the retro, and timeline
//! events for all of them. Types that did not change are shared with the
//! current shape (steps, the model, boundaries, cards and their marks, the
//! parking lot, excursions, the approach, the draft); when a later version
//! changes one of them, copy its version-3 form in here first.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Summary;
use crate::session::{
    self, Approach, Boundary, CardRef, Dealt, Draft, Element, Excursion, Mark, Parked, StepState,
};

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
    pub approach: Approach,
    pub steps: Vec<StepState>,
    pub current: usize,
    pub finished: Option<DateTime<Utc>>,
    pub bank_secs: i64,
    pub threats: Vec<Threat>,
    pub parking: Vec<Parked>,
    pub excursions: Vec<Excursion>,
    pub model: Vec<Element>,
    pub boundaries: Vec<Boundary>,
    pub model_agreed: Option<DateTime<Utc>>,
    pub decks: Vec<String>,
    pub dealing: Option<String>,
    pub dealt: Vec<Dealt>,
    pub draft: Option<Draft>,
    pub timeline: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub id: u32,
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub element: Option<u32>,
    pub raised_by: Option<String>,
    pub status: ThreatStatus,
    pub phase: u8,
    pub step: String,
    pub at: DateTime<Utc>,
    pub card: Option<CardRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreatStatus {
    Open,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

/// The version-3 event kinds, and the two conversions between them and the
/// current ones (every version-3 kind is kept as it was).
macro_rules! v3_events {
    ($($name:ident $({ $($field:ident : $ty:ty),* $(,)? })?),* $(,)?) => {
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum EventKind {
            $($name $({ $($field: $ty),* })?),*
        }

        fn kind_to_v4(kind: EventKind) -> session::EventKind {
            match kind {
                $(EventKind::$name $({ $($field),* })? => session::EventKind::$name $({ $($field),* })?),*
            }
        }

        /// `None` for kinds version 3 did not have.
        fn kind_from_v4(kind: session::EventKind) -> Option<EventKind> {
            match kind {
                $(session::EventKind::$name $({ $($field),* })? => Some(EventKind::$name $({ $($field),* })?),)*
                _ => None,
            }
        }
    };
}

v3_events! {
    Started { budget_minutes: u32 },
    Reopened,
    Paused { step: String },
    Resumed { step: String },
    Extended { step: String, minutes: u32 },
    StepChanged { from: String, to: String, remaining_secs: i64 },
    PhaseChanged { from: u8, to: u8 },
    ThreatCaptured { id: u32 },
    DeckChosen { deck: String },
    DeckDropped { deck: String },
    Dealing { deck: String },
    ElementAdded { id: u32 },
    CardMarked { card: String, element: Option<u32>, mark: Mark },
    Finished,
    Unfinished,
    ElementEdited { id: u32 },
    ElementDeleted { id: u32 },
    BoundaryAdded { id: u32 },
    BoundaryEdited { id: u32 },
    BoundaryDeleted { id: u32 },
    ThreatEdited { id: u32 },
    ThreatDeleted { id: u32 },
    CategoryChanged { threat: u32, from: Option<String>, to: Option<String> },
    Parked { id: u32 },
    ParkedEdited { id: u32 },
    ParkedDropped { id: u32 },
    ParkedToThreat { id: u32, threat: u32 },
    ExcursionStarted { id: u32 },
    ExcursionEnded { id: u32, secs: i64 },
    ApproachSet,
    ParticipantsSet,
    ParticipantRenamed { from: String, to: String },
    ModelAgreed,
    Banked { secs: i64 },
    BankGiven { secs: i64 },
    AwayDiscounted { secs: i64 },
    Undone { what: String },
    DraftKept { what: String },
    DraftCleared,
}

/// Version 3 → version 4: the session rates with the default scheme
/// (paved-road v1); threats are unrated, undecided, not key threats and not
/// reviewed (their `Open` status said as much); no mitigations; an empty
/// retro. Everything else is kept as it was.
pub fn to_v4(old: Session) -> session::Session {
    session::Session {
        title: old.title,
        created: old.created,
        budget_minutes: old.budget_minutes,
        participants: old.participants,
        approach: old.approach,
        scheme: session::SchemeRef::default(),
        steps: old.steps,
        current: old.current,
        finished: old.finished,
        bank_secs: old.bank_secs,
        threats: old.threats.into_iter().map(threat_to_v4).collect(),
        mitigations: Vec::new(),
        parking: old.parking,
        excursions: old.excursions,
        model: old.model,
        boundaries: old.boundaries,
        model_agreed: old.model_agreed,
        decks: old.decks,
        dealing: old.dealing,
        dealt: old.dealt,
        retro: session::Retro::default(),
        draft: old.draft,
        timeline: old
            .timeline
            .into_iter()
            .map(|e| session::Event {
                at: e.at,
                kind: kind_to_v4(e.kind),
            })
            .collect(),
    }
}

fn threat_to_v4(t: Threat) -> session::Threat {
    let Threat {
        id,
        title,
        description,
        category,
        element,
        raised_by,
        status: ThreatStatus::Open,
        phase,
        step,
        at,
        card,
    } = t;
    session::Threat {
        id,
        title,
        description,
        category,
        element,
        raised_by,
        phase,
        step,
        at,
        card,
        key: None,
        rating: None,
        residual: None,
        decision: None,
        review: None,
    }
}

/// The current session in the version-3 shape, for tests and benchmarks of
/// the migrations: what version 3 cannot hold is left out (and events of
/// kinds it did not have).
pub fn from_v4(s: &session::Session) -> Session {
    Session {
        title: s.title.clone(),
        created: s.created,
        budget_minutes: s.budget_minutes,
        participants: s.participants.clone(),
        approach: s.approach.clone(),
        steps: s.steps.clone(),
        current: s.current,
        finished: s.finished,
        bank_secs: s.bank_secs,
        threats: s
            .threats
            .iter()
            .map(|t| Threat {
                id: t.id,
                title: t.title.clone(),
                description: t.description.clone(),
                category: t.category.clone(),
                element: t.element,
                raised_by: t.raised_by.clone(),
                status: ThreatStatus::Open,
                phase: t.phase,
                step: t.step.clone(),
                at: t.at,
                card: t.card.clone(),
            })
            .collect(),
        parking: s.parking.clone(),
        excursions: s.excursions.clone(),
        model: s.model.clone(),
        boundaries: s.boundaries.clone(),
        model_agreed: s.model_agreed,
        decks: s.decks.clone(),
        dealing: s.dealing.clone(),
        dealt: s.dealt.clone(),
        draft: s.draft.clone(),
        timeline: s
            .timeline
            .iter()
            .filter_map(|e| {
                Some(Event {
                    at: e.at,
                    kind: kind_from_v4(e.kind.clone())?,
                })
            })
            .collect(),
    }
}
