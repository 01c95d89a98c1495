//! Imports: an Open Threat Model (JSON or YAML), Threat Dragon v2 or Threat
//! Composer v1 file (or tamer's own JSON export) becomes a new session whose
//! model, baseline threats and mitigations come from the file [1.1.1].
//! Pure: text in, session out; `store` reads the file (capped) and writes
//! the record. What cannot be mapped is listed, never silently dropped.
//!
//! Bad input (malformed, truncated, hostile: deep nesting, control
//! characters, duplicate ids, links to missing ids, wrong types) ends in an
//! error naming the file and the position, never a panic.

pub mod json;
pub mod otm;
pub mod threat_composer;
pub mod threat_dragon;

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::session::{PhaseScript, Session};

/// What an import needs besides the file.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The session's title; `None`: the file's own name for the model.
    pub title: Option<&'a str>,
    pub now: DateTime<Utc>,
    pub script: &'a PhaseScript,
}

/// A session read from another tool's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub session: Session,
    /// The format read: `otm`, `threat-dragon`, `threat-composer`, `json`.
    pub format: &'static str,
    /// What the file held that tamer cannot keep, one line each ("3 threat
    /// model diagrams' positions", "component X: tags").
    pub unmapped: Vec<String>,
}

/// Which format `text` is in, from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Otm,
    ThreatDragon,
    ThreatComposer,
    /// tamer's own JSON export.
    Json,
}

/// Reads `text` (the file `file`) in whichever format it is.
pub fn import(file: &str, text: &str, options: &Options) -> Result<Imported> {
    match detect(file, text)? {
        Detected::Otm => otm::read(file, text, options),
        Detected::ThreatDragon => threat_dragon::read(file, text, options),
        Detected::ThreatComposer => threat_composer::read(file, text, options),
        Detected::Json => json::read(file, text, options),
    }
}

/// The format of `text` (being written).
pub fn detect(file: &str, _text: &str) -> Result<Detected> {
    Err(crate::error::Error::Usage(format!(
        "{file}: importing is not written yet"
    )))
}
