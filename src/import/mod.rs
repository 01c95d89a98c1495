//! Imports: an Open Threat Model (JSON or YAML), Threat Dragon v2 or Threat
//! Composer v1 file (or tamer's own JSON export) becomes a new session whose
//! model, baseline threats and mitigations come from the file [1.1.1].
//! Pure: text in, session out; `store` reads the file (capped) and writes
//! the record. What cannot be mapped is listed, never silently dropped.
//!
//! Bad input (malformed, truncated, hostile: deep nesting, control
//! characters, duplicate ids, links to missing ids, wrong types) ends in an
//! error naming the file and the position, never a panic.

pub mod build;
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

/// The format of `text`, from the keys only that format has, looked for
/// in its first 64 KB (a file is not parsed twice): OTM's `otmVersion`,
/// Threat Composer's `applicationInfo` or `mitigationLinks`, Threat
/// Dragon's `diagrams` under
/// `detail`, tamer's own `schema_version` with `phases` (both near the
/// top of its export).
pub fn detect(file: &str, text: &str) -> Result<Detected> {
    let head = match text.char_indices().nth(64 * 1024) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let json = head.trim_start().starts_with('{');
    let has = |key: &str| {
        if json {
            head.contains(&format!("\"{key}\""))
        } else {
            head.lines().any(|l| {
                l.trim_start()
                    .trim_start_matches(['"', '\''])
                    .starts_with(key)
            })
        }
    };
    if has("otmVersion") {
        Ok(Detected::Otm)
    } else if json && has("schema_version") && has("phases") {
        Ok(Detected::Json)
    } else if json && (has("applicationInfo") || has("mitigationLinks")) {
        Ok(Detected::ThreatComposer)
    } else if json && has("diagrams") && has("detail") {
        Ok(Detected::ThreatDragon)
    } else {
        Err(crate::error::Error::Usage(format!(
            "{file}: not a format tamer imports; expected an Open Threat Model file (JSON or YAML, \
             with otmVersion), a Threat Dragon v2 model (detail.diagrams), a Threat Composer v1 \
             export (mitigationLinks) or a tamer JSON export (schema_version)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(path: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/interop/{path}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("the example")
    }

    #[test]
    fn each_example_is_recognised_and_anything_else_is_refused() {
        assert_eq!(
            detect("a", &example("otm/EXAMPLE.json")).ok(),
            Some(Detected::Otm)
        );
        assert_eq!(
            detect("a", &example("otm/EXAMPLE.yaml")).ok(),
            Some(Detected::Otm)
        );
        assert_eq!(
            detect("a", &example("threat-dragon/v2-threat-model.json")).ok(),
            Some(Detected::ThreatDragon)
        );
        assert_eq!(
            detect("a", &example("threat-composer/GenAIChatbot.tc.json")).ok(),
            Some(Detected::ThreatComposer)
        );
        let json = std::fs::read_to_string(format!(
            "{}/sessions/exports/example-payments.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("the JSON example");
        assert_eq!(detect("a", &json).ok(), Some(Detected::Json));
        let err = detect("notes.txt", "hello").unwrap_err().to_string();
        assert!(
            err.starts_with("notes.txt: not a format tamer imports"),
            "{err}"
        );
    }
}
