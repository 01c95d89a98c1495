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
        practice: None,
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

#[cfg(test)]
mod tests {
    use super::super::{from_ron, read, to_ron, to_ron_as};
    use crate::clock::{Clock, FixedClock};
    use crate::session::rating::builtin_schemes;
    use crate::session::{
        Change, Decision, MitigationDraft, PhaseScript, RatingDraft, RetroList, SchemeRef, Session,
    };

    /// A session with something of every kind version 4 added, and what is
    /// left of it after a trip through version 3.
    fn rich() -> (Session, Session) {
        let clock = FixedClock::workshop_morning();
        let names = vec!["Ada".to_owned(), "Grace".to_owned()];
        let mut s = Session::new("Rich", 60, names, &PhaseScript::builtin(), clock.now());
        s.capture_threat("Replay", clock.now());
        s.capture_threat("Flood", clock.now());
        let mut old = s.clone();
        let fine = builtin_schemes().pop().expect("fine");
        let changes = vec![
            Change::SetScheme(fine.reference()),
            Change::SetKey {
                threat: 2,
                rank: Some(1),
            },
            Change::rate(1, &fine, RatingDraft::new("likely", "severe")),
            Change::rate_residual(1, &fine, RatingDraft::new("rare", "severe")),
            Change::Decide {
                threat: 2,
                decision: Some(Decision::Accept {
                    reason: "Rare \"enough\"".into(),
                    by: "Grace".into(),
                }),
            },
            Change::Review {
                threat: 2,
                ok: true,
                note: String::new(),
            },
            Change::AddMitigation(MitigationDraft {
                essential: true,
                due: chrono::NaiveDate::from_ymd_opt(2027, 1, 31),
                ..MitigationDraft::new("Sign requests", &[1])
            }),
            Change::AddRetro {
                list: RetroList::Change,
                text: "Rate sooner".into(),
                by: Some("Ada".into()),
            },
        ];
        for change in changes {
            clock.advance_secs(10);
            s.apply(change, clock.now()).expect("applies");
        }
        // Version 3 keeps the steps' clocks but none of the new events.
        old.steps = s.steps.clone();
        (s, old)
    }

    #[test]
    fn a_version_four_record_round_trips_with_everything_it_added() {
        let (s, _) = rich();
        let text = to_ron(&s).expect("serializes");
        assert!(text.contains("scheme: (\n      id: \"fine\""), "{text}");
        assert!(text.contains("Accept(\n"), "{text}");
        assert!(text.contains("due: Some(\"2027-01-31\")"), "{text}");
        assert_eq!(from_ron("r.ron", &text).ok(), Some(s));
    }

    #[test]
    fn a_version_three_record_is_migrated_to_version_four() {
        let (s, old) = rich();
        let v3 = to_ron_as(&s, 3).expect("serializes");
        assert!(v3.starts_with("(\n  version: 3,\n  summary: ("), "{v3}");
        assert!(v3.contains("status: Open"), "{v3}");
        let loaded = read("v3.ron", &v3).expect("migrates");
        assert_eq!(loaded.version, 3);
        assert!(loaded.migrated());
        assert_eq!(loaded.session, old);
        assert_eq!(loaded.session.scheme, SchemeRef::default());
        assert!(loaded.session.threats.iter().all(|t| t.rating.is_none()
            && t.decision.is_none()
            && t.key.is_none()
            && t.review.is_none()
            && t.residual.is_none()));
    }

    #[test]
    fn older_versions_migrate_through_version_three() {
        let (s, old) = rich();
        for v in [1, 2] {
            let loaded = read("old.ron", &to_ron_as(&s, v).expect("serializes")).expect("migrates");
            assert_eq!(loaded.session, old, "version {v}");
        }
    }

    #[test]
    fn a_version_three_record_with_version_four_parts_is_refused() {
        let (s, _) = rich();
        let text =
            to_ron_as(&s, 4)
                .expect("serializes")
                .replacen("  version: 4,", "  version: 3,", 1);
        let msg = from_ron("x.ron", &text).unwrap_err().to_string();
        assert!(msg.starts_with("x.ron:") && msg.contains("scheme"), "{msg}");
        // A version-4 event in a version-3 record is refused too.
        let event = "kind: ThreatCaptured(\n          id: 1,\n        ),";
        let v3 = to_ron_as(&s, 3).expect("serializes");
        assert!(v3.contains(event), "{v3}");
        let agreed = v3.replacen(event, "kind: ModelAgreed,", 1);
        assert!(
            from_ron("x.ron", &agreed).is_ok(),
            "a version-3 event is fine"
        );
        let rated = v3.replacen(
            event,
            "kind: RatingSet(\n          threat: 1,\n          action: Must,\n        ),",
            1,
        );
        let msg = from_ron("x.ron", &rated).unwrap_err().to_string();
        assert!(
            msg.starts_with("x.ron:") && msg.contains("RatingSet"),
            "{msg}"
        );
    }
}
