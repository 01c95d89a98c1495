//! One entry point for every edit a facilitator can undo:
//! [`Session::apply`] takes a [`Change`], checks it, carries it out, logs it
//! in the timeline and returns its [`Inverse`]. A refused change leaves the
//! session as it was and says why in one line of plain words, for the
//! status bar.
//!
//! Text is cleaned on the way in: control characters become spaces and
//! ends are trimmed. Descriptions (and the approach's scope lists) keep
//! their line breaks; every other text is one line.
//!
//! Rating needs the scheme, which the session names but does not hold
//! (schemes live in files, built in or the team's own). So a rating change
//! carries the scheme it is made with ([`Change::rate`]): `apply` refuses
//! it unless it is the session's scheme (same id and version), checks the
//! level ids against it, and works out the suggested action itself, so a
//! caller can never store a suggestion the scheme did not make.

pub(crate) mod lot;
pub(crate) mod mitigations;
pub(crate) mod model;
pub(crate) mod people;
pub(crate) mod rate;
pub(crate) mod retro;
pub(crate) mod threats;

use chrono::{DateTime, Utc};

pub use mitigations::MitigationDraft;
pub use rate::RatingDraft;

use super::undo::{Inverse, Tx};
use super::{
    Approach, Cell, Decision, Element, FlowEnds, Mark, Parked, RetroList, Scheme, SchemeRef,
    Session, Threat,
};
use crate::deck::ElementKind;

/// An edit of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Adds an element or a data flow (a flow needs its ends).
    AddElement(ElementDraft),
    EditElement(u32, ElementDraft),
    /// Deletes an element with the flows that start or end at it; threats
    /// on them are unlinked (kept), cards marked on them unmarked.
    DeleteElement(u32),
    AddBoundary(BoundaryDraft),
    EditBoundary(u32, BoundaryDraft),
    /// Deletes a boundary; its elements then sit in none.
    DeleteBoundary(u32),
    /// Captures a threat in the current step.
    AddThreat(ThreatDraft),
    /// Captures a threat found with `cell` of the deck being dealt and marks
    /// the card with it; category and element default to the card's.
    CaptureFromCard {
        draft: ThreatDraft,
        cell: Cell,
    },
    EditThreat(u32, ThreatDraft),
    /// Deletes a threat and the card marks made with it; parked items and
    /// excursions that went to it are unlinked.
    DeleteThreat(u32),
    /// Marks `cell` of the deck being dealt as done or skipped.
    MarkCard {
        cell: Cell,
        mark: Mark,
    },
    /// Puts an item on the parking lot.
    Park(ParkDraft),
    EditParked(u32, ParkDraft),
    /// Drops a parked item, for a reason.
    DropParked(u32, String),
    /// Turns a parked item into a threat in the current step.
    ParkedToThreat(u32),
    /// Starts an excursion on a topic (may be empty).
    StartExcursion(String),
    /// Ends the running excursion; its outcome goes to `target`.
    EndExcursion {
        outcome: String,
        target: ExcursionTarget,
    },
    SetApproach(Approach),
    /// Sets the participants; names no longer listed are unset wherever
    /// they were used (raised by, roles).
    SetParticipants(Vec<String>),
    /// Changes a participant's name everywhere it is used.
    RenameParticipant {
        from: String,
        to: String,
    },
    /// "We agree this is the system at this scope", now [1.3.3].
    AgreeModel,
    /// Chooses the scheme new ratings are made with (phase 0) [3.1.3];
    /// ratings made before keep the scheme they name.
    SetScheme(SchemeRef),
    /// Rates a threat with `scheme`, which must be the session's; make it
    /// with [`Change::rate`]. An action other than the suggested one needs
    /// a reason [3.1.8].
    Rate {
        threat: u32,
        scheme: Box<Scheme>,
        rating: RatingDraft,
    },
    /// Rates a rated threat again as if its essential mitigations were
    /// done [3.2.4]; make it with [`Change::rate_residual`].
    RateResidual {
        threat: u32,
        scheme: Box<Scheme>,
        rating: RatingDraft,
    },
    /// Decides a threat (`None` takes the decision back). Reasons are
    /// required; whoever accepts a risk must be a participant.
    Decide {
        threat: u32,
        decision: Option<Decision>,
    },
    /// Ranks a threat among the key threats [2.1.7] (1 first; the others
    /// make room), or takes it out of them (`None`; the others close up).
    SetKey {
        threat: u32,
        rank: Option<u32>,
    },
    /// Marks a threat reviewed (phase 4): fine, or needs work (then the
    /// note says what).
    Review {
        threat: u32,
        ok: bool,
        note: String,
    },
    AddMitigation(MitigationDraft),
    EditMitigation(u32, MitigationDraft),
    /// Deletes a mitigation; the threats it was linked to stay.
    DeleteMitigation(u32),
    LinkMitigation {
        mitigation: u32,
        threat: u32,
    },
    /// A mitigation may be left linked to no threat.
    UnlinkMitigation {
        mitigation: u32,
        threat: u32,
    },
    /// Adds a line to a retro list [4.4.1].
    AddRetro {
        list: RetroList,
        text: String,
        /// A participant, or none.
        by: Option<String>,
    },
    DeleteRetro {
        list: RetroList,
        index: usize,
    },
}

impl Change {
    /// Rates `threat` with `scheme` (the session's).
    pub fn rate(threat: u32, scheme: &Scheme, rating: RatingDraft) -> Self {
        Change::Rate {
            threat,
            scheme: Box::new(scheme.clone()),
            rating,
        }
    }

    /// Rates `threat`'s residual risk with `scheme` (the session's).
    pub fn rate_residual(threat: u32, scheme: &Scheme, rating: RatingDraft) -> Self {
        Change::RateResidual {
            threat,
            scheme: Box::new(scheme.clone()),
            rating,
        }
    }
}

/// The fields of an element a person edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementDraft {
    pub kind: ElementKind,
    pub name: String,
    pub description: String,
    /// Not for data flows.
    pub boundary: Option<u32>,
    /// Kept for data stores only.
    pub holds_logs: bool,
    /// Needed for data flows; ignored for other kinds.
    pub flow: Option<FlowEnds>,
}

impl ElementDraft {
    pub fn new(kind: ElementKind, name: &str) -> Self {
        Self {
            kind,
            name: name.to_owned(),
            description: String::new(),
            boundary: None,
            holds_logs: false,
            flow: None,
        }
    }

    /// A data flow from `from` to `to`, the rest of its channel unsaid.
    pub fn flow(name: &str, from: u32, to: u32) -> Self {
        Self {
            flow: Some(FlowEnds {
                from,
                to,
                carries: String::new(),
                protocol: String::new(),
                authenticated: false,
                encrypted: false,
            }),
            ..Self::new(ElementKind::DataFlow, name)
        }
    }

    /// The draft an edit form starts from.
    pub fn of(e: &Element) -> Self {
        Self {
            kind: e.kind,
            name: e.name.clone(),
            description: e.description.clone(),
            boundary: e.boundary,
            holds_logs: e.holds_logs,
            flow: e.flow.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoundaryDraft {
    pub name: String,
    pub description: String,
}

impl BoundaryDraft {
    pub fn of(b: &super::Boundary) -> Self {
        Self {
            name: b.name.clone(),
            description: b.description.clone(),
        }
    }
}

/// The fields of a threat a person edits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatDraft {
    pub title: String,
    pub description: String,
    /// Blank means none.
    pub category: Option<String>,
    pub element: Option<u32>,
    /// A participant, or none.
    pub raised_by: Option<String>,
}

impl ThreatDraft {
    pub fn of(t: &Threat) -> Self {
        Self {
            title: t.title.clone(),
            description: t.description.clone(),
            category: t.category.clone(),
            element: t.element,
            raised_by: t.raised_by.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParkDraft {
    pub text: String,
    pub raised_by: Option<String>,
}

impl ParkDraft {
    pub fn of(p: &Parked) -> Self {
        Self {
            text: p.text.clone(),
            raised_by: p.raised_by.clone(),
        }
    }
}

/// Where an excursion's outcome goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcursionTarget {
    /// Linked to this threat, the outcome added to its description.
    Threat(u32),
    /// A new item on the parking lot (needs an outcome).
    Parking,
    Nothing,
}

impl Session {
    /// Checks and carries out `change` at `now`, logging it; returns what
    /// undoes it, or a one-line message saying why it was refused (the
    /// session is then unchanged).
    pub fn apply(&mut self, change: Change, now: DateTime<Utc>) -> Result<Inverse, String> {
        let mut tx = Tx::new(self);
        match dispatch(&mut tx, change, now) {
            Ok(what) => Ok(tx.finish(what)),
            Err(message) => {
                tx.roll_back();
                Err(message)
            }
        }
    }
}

fn dispatch(tx: &mut Tx<'_>, change: Change, now: DateTime<Utc>) -> Result<String, String> {
    match change {
        Change::AddElement(d) => model::add_element(tx, d, now),
        Change::EditElement(id, d) => model::edit_element(tx, id, d, now),
        Change::DeleteElement(id) => model::delete_element_change(tx, id, now),
        Change::AddBoundary(d) => model::add_boundary(tx, d, now),
        Change::EditBoundary(id, d) => model::edit_boundary(tx, id, d, now),
        Change::DeleteBoundary(id) => model::delete_boundary_change(tx, id, now),
        Change::AddThreat(d) => threats::add_threat(tx, d, now),
        Change::CaptureFromCard { draft, cell } => {
            threats::capture_from_card(tx, draft, &cell, now)
        }
        Change::EditThreat(id, d) => threats::edit_threat(tx, id, d, now),
        Change::DeleteThreat(id) => threats::delete_threat_change(tx, id, now),
        Change::MarkCard { cell, mark } => threats::mark_card(tx, &cell, mark, now),
        Change::Park(d) => lot::park(tx, d, now),
        Change::EditParked(id, d) => lot::edit_parked(tx, id, d, now),
        Change::DropParked(id, reason) => lot::drop_parked(tx, id, &reason, now),
        Change::ParkedToThreat(id) => lot::parked_to_threat(tx, id, now),
        Change::StartExcursion(topic) => lot::start_excursion(tx, &topic, now),
        Change::EndExcursion { outcome, target } => lot::end_excursion(tx, &outcome, target, now),
        Change::SetApproach(a) => people::set_approach(tx, a, now),
        Change::SetParticipants(names) => people::set_participants(tx, names, now),
        Change::RenameParticipant { from, to } => people::rename(tx, &from, &to, now),
        Change::AgreeModel => people::agree(tx, now),
        Change::SetScheme(r) => rate::set_scheme(tx, r, now),
        Change::Rate {
            threat,
            scheme,
            rating,
        } => rate::rate(tx, threat, &scheme, rating, rate::Which::Rating, now),
        Change::RateResidual {
            threat,
            scheme,
            rating,
        } => rate::rate(tx, threat, &scheme, rating, rate::Which::Residual, now),
        Change::Decide { threat, decision } => rate::decide(tx, threat, decision, now),
        Change::SetKey { threat, rank } => rate::set_key(tx, threat, rank, now),
        Change::Review { threat, ok, note } => rate::review(tx, threat, ok, &note, now),
        Change::AddMitigation(d) => mitigations::add(tx, d, now),
        Change::EditMitigation(id, d) => mitigations::edit(tx, id, d, now),
        Change::DeleteMitigation(id) => mitigations::delete_change(tx, id, now),
        Change::LinkMitigation { mitigation, threat } => {
            mitigations::link(tx, mitigation, threat, now)
        }
        Change::UnlinkMitigation { mitigation, threat } => {
            mitigations::unlink(tx, mitigation, threat, now)
        }
        Change::AddRetro { list, text, by } => retro::add(tx, list, &text, by.as_deref(), now),
        Change::DeleteRetro { list, index } => retro::delete(tx, list, index, now),
    }
}

/// The message when a session has handed out every id it may.
pub(crate) const NO_IDS: &str = "This session has used up its ids; nothing more can be added";

/// One line: control characters (line breaks included) become spaces, the
/// ends are trimmed.
pub(crate) fn clean_line(text: &str) -> String {
    crate::text::clean(text).trim().to_owned()
}

/// Several lines: line breaks (`\r\n`, `\r`, `\n`) become `\n`, other
/// control characters spaces; each line's end and the whole are trimmed.
pub(crate) fn clean_lines(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = unified
        .split('\n')
        .map(|l| crate::text::clean(l).trim_end().to_owned())
        .collect();
    lines.join("\n").trim().to_owned()
}

/// A cleaned optional one-liner: blank means none.
pub(crate) fn clean_option(text: Option<&str>) -> Option<String> {
    text.map(clean_line).filter(|t| !t.is_empty())
}

/// `raised_by` cleaned and checked against the participants.
pub(crate) fn participant(s: &Session, name: Option<&str>) -> Result<Option<String>, String> {
    match clean_option(name) {
        Some(n) if !s.participants.contains(&n) => Err(format!("{n} is not a participant")),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests;
