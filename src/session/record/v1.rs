//! Version 1 of the record, frozen: the shape tamer wrote before version 2,
//! and the one pure step that turns it into version 2 (the frozen
//! [`super::v2`] shape, which [`super::v2::to_v3`] takes on from there).
//!
//! Version 1 grew fields after it was first written (the model, the decks,
//! the dealt cards, a threat's card, an element's `holds_logs`), so a
//! version-1 record may lack any of them; they default to empty here. Types
//! that did not change between the versions are shared with the current
//! shape; when a later version changes one of them, copy its version-1 form
//! in here first.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::v2::{self, Event};
use crate::deck::ElementKind;
use crate::session::{CardRef, Dealt, StepState};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[allow(dead_code)]
    pub version: u32,
    pub session: Session,
}

#[derive(Deserialize)]
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
    #[serde(default)]
    pub model: Vec<Element>,
    #[serde(default)]
    pub decks: Vec<String>,
    #[serde(default)]
    pub dealing: Option<String>,
    #[serde(default)]
    pub dealt: Vec<Dealt>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub id: u32,
    pub title: String,
    pub phase: u8,
    pub step: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub card: Option<CardRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: u32,
    pub kind: ElementKind,
    pub name: String,
    #[serde(default)]
    pub holds_logs: bool,
}

/// Version 1 → version 2: every field is now always written, so the
/// defaults become explicit. Nothing else changed in the session itself (the
/// summary at the top of the record is written on save).
pub fn to_v2(old: Session) -> v2::Session {
    v2::Session {
        title: old.title,
        created: old.created,
        budget_minutes: old.budget_minutes,
        participants: old.participants,
        steps: old.steps,
        current: old.current,
        finished: old.finished,
        threats: old
            .threats
            .into_iter()
            .map(|t| v2::Threat {
                id: t.id,
                title: t.title,
                phase: t.phase,
                step: t.step,
                at: t.at,
                card: t.card,
            })
            .collect(),
        timeline: old.timeline,
        model: old
            .model
            .into_iter()
            .map(|e| v2::Element {
                id: e.id,
                kind: e.kind,
                name: e.name,
                holds_logs: e.holds_logs,
            })
            .collect(),
        decks: old.decks,
        dealing: old.dealing,
        dealt: old.dealt,
    }
}
