//! Exports: a session as the text other tools and people read. Pure:
//! `Session` in, text out; `store` writes the files (atomically, 0600) and
//! the app records each export in the timeline, which the radar's [3.3.1]
//! reads.
//!
//! One file per format: `md` (notes for a wiki), `json` (the whole session,
//! documented and with its own JSON Schema), `csv` (one row per mitigation
//! for a tracker), `issues` (one Markdown file per essential mitigation),
//! `otm` (Open Threat Model 0.2.0), `threat_composer` (a Threat Composer v1
//! workspace), `threat_dragon` (a Threat Dragon v2 model).

pub mod csv;
pub mod issues;
pub mod json;
pub mod md;
pub mod otm;
pub mod threat_composer;
pub mod threat_dragon;

use chrono::{DateTime, Utc};

use crate::deck::Library;
use crate::session::Session;

/// The formats `tamer export --format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Md,
    Json,
    Csv,
    Issues,
    Otm,
    ThreatComposer,
    ThreatDragon,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Md,
        Format::Json,
        Format::Csv,
        Format::Issues,
        Format::Otm,
        Format::ThreatComposer,
        Format::ThreatDragon,
    ];

    /// The name on the command line and in the timeline: `md`,
    /// `threat-composer`…
    pub fn name(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Issues => "issues",
            Format::Otm => "otm",
            Format::ThreatComposer => "threat-composer",
            Format::ThreatDragon => "threat-dragon",
        }
    }

    /// What it is for, in a few words (the format picker shows it).
    pub fn about(self) -> &'static str {
        match self {
            Format::Md => "notes for a wiki, with a Mermaid diagram",
            Format::Json => "the whole session, for machines",
            Format::Csv => "one row per mitigation, for a tracker import",
            Format::Issues => "one Markdown file per essential mitigation",
            Format::Otm => "Open Threat Model 0.2.0",
            Format::ThreatComposer => "a Threat Composer v1 workspace",
            Format::ThreatDragon => "a Threat Dragon v2 model",
        }
    }

    /// The file name ending of a one-file export (`issues` writes a folder).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Issues => "",
            Format::Otm => "otm.json",
            Format::ThreatComposer => "tc.json",
            Format::ThreatDragon => "td.json",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What an export needs besides the session.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The record's file name, for back-references (`checkout.ron`).
    pub record: &'a str,
    /// The decks, for card titles.
    pub library: &'a Library,
    /// When the export is made.
    pub now: DateTime<Utc>,
}

/// What an export produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One text (to standard output or one file).
    One(String),
    /// Several files by name (for a folder): `issues`.
    Files(Vec<(String, String)>),
}

/// `session` as `format`.
pub fn export(session: &Session, format: Format, ctx: &Context) -> Output {
    match format {
        Format::Md => Output::One(md::render(session, ctx)),
        Format::Json => Output::One(json::render(session, ctx)),
        Format::Csv => Output::One(csv::render(session, ctx)),
        Format::Issues => Output::Files(issues::render(session, ctx)),
        Format::Otm => Output::One(otm::render(session, ctx)),
        Format::ThreatComposer => Output::One(threat_composer::render(session, ctx)),
        Format::ThreatDragon => Output::One(threat_dragon::render(session, ctx)),
    }
}

/// The mitigations an export of `format` carries, by id, for the timeline
/// ([3.3.1] counts an essential mitigation as tracked once an export
/// carried it): `issues` carries the live essential ones, every other
/// format every live mitigation.
pub fn carried(session: &Session, format: Format) -> Vec<u32> {
    session
        .mitigations
        .iter()
        .filter(|m| m.is_live() && (format != Format::Issues || m.essential))
        .map(|m| m.id)
        .collect()
}
