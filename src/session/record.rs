//! The session record: a versioned RON document holding the whole session.
//!
//! Pure text in, text out; `store` does the reading and writing.

use serde::{Deserialize, Serialize};

use super::Session;
use crate::error::{Diagnostic, Error, Result};

/// The record version this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct RecordOut<'a> {
    version: u32,
    session: &'a Session,
}

#[derive(Deserialize)]
struct RecordIn {
    session: Session,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// The record as RON text.
pub fn to_ron(session: &Session) -> String {
    // Strings are written as they are (raw strings when they hold quotes or
    // backslashes) instead of escaped char by char, which was two thirds of
    // the cost of a save. tamer keeps control characters out of what it
    // stores, so the file stays plain text.
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .escape_strings(false);
    let record = RecordOut {
        version: VERSION,
        session,
    };
    // Serializing plain data (strings, numbers, timestamps) cannot fail.
    ron::ser::to_string_pretty(&record, config).unwrap_or_default() + "\n"
}

/// Reads a record, checking its version first so that a newer record is
/// refused with a clear message instead of a confusing parse error.
pub fn from_ron(file: &str, text: &str) -> Result<Session> {
    let options = ron::Options::default();
    let version: VersionOnly = options
        .from_str(text)
        .map_err(|e| Error::invalid(Diagnostic::from_ron(file, &e)))?;
    if version.version != VERSION {
        return Err(Error::UnsupportedVersion {
            path: file.to_owned(),
            found: version.version,
            supported: VERSION,
        });
    }
    let record: RecordIn = options
        .from_str(text)
        .map_err(|e| Error::invalid(Diagnostic::from_ron(file, &e)))?;
    Ok(record.session)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::PhaseScript;

    #[test]
    fn a_record_round_trips() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new(
            "Round trip \"quoted\" \\ ünï",
            60,
            vec!["Ada".into(), "Grace".into()],
            &PhaseScript::builtin(),
            clock.now(),
        );
        clock.advance_secs(42);
        s.capture_threat("Line\nbreak and ) paren", clock.now());
        s.toggle_pause(clock.now());
        s.next(clock.now());
        let text = to_ron(&s);
        assert!(text.starts_with("(\n  version: 1,"), "{text}");
        assert_eq!(from_ron("r.ron", &text).ok(), Some(s));
    }

    #[test]
    fn a_newer_record_is_refused_by_version() {
        let err = from_ron("new.ron", "(version: 7, session: (anything: 1))").unwrap_err();
        assert!(matches!(
            err,
            Error::UnsupportedVersion {
                found: 7,
                supported: 1,
                ..
            }
        ));
    }

    #[test]
    fn a_broken_record_names_the_position() {
        let clock = FixedClock::workshop_morning();
        let s = Session::new("x", 60, vec![], &PhaseScript::builtin(), clock.now());
        let text = to_ron(&s).replacen("budget_minutes: 60", "budget_minutes: sixty", 1);
        let line = text
            .lines()
            .position(|l| l.contains("sixty"))
            .map(|i| i + 1)
            .unwrap_or(0);
        let msg = from_ron("broken.ron", &text).unwrap_err().to_string();
        assert!(msg.starts_with(&format!("broken.ron:{line}:")), "{msg}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!(
            "(version: 1, session: {}{})",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(from_ron("deep.ron", &text).is_err());
    }
}

/// What a listing shows of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub title: String,
    pub created: chrono::DateTime<chrono::Utc>,
    pub phase_reached: u8,
    pub finished: bool,
    pub threats: usize,
}

impl Summary {
    pub fn of(session: &Session) -> Self {
        Self {
            title: session.title.clone(),
            created: session.created,
            phase_reached: session.phase_reached(),
            finished: session.finished.is_some(),
            threats: session.threats.len(),
        }
    }
}
