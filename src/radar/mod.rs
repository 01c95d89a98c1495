//! The radar: the session's own threats, live [DESIGN.md "The radar"].
//!
//! A detector is one small pure function of a [`Ctx`] (the session, the
//! thresholds, the decks, `now`, and an index of threat statements) that
//! returns a [`Flag`] or nothing. [`scan`] runs them all. Each flag names
//! the seed ID of the threat to the process in
//! `threat-modeling-of-threat-modeling` (or `T.n` for tamer's own time
//! checks), says what it saw with numbers, and suggests one move.
//!
//! [`Radar`] (in `state`) is what the app keeps between scans: the flags
//! standing, which were acknowledged or snoozed, and the statement index;
//! it turns each scan into timeline events (raised, cleared), so the
//! record says what the radar said and when.

pub mod config;
pub mod detect;
pub mod history;
pub mod matcher;
pub mod report;
pub mod state;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deck::Library;
use crate::session::Session;

pub use config::Thresholds;
pub use state::Radar;

/// How much a flag matters. `Warn`: the session is going wrong in a way
/// that costs its result; `Info`: worth a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warn,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
        }
    }
}

/// What a detector saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The seed ID in the source document (`2.1.4`), or `T.1`, `T.2` for
    /// tamer's own time checks.
    pub id: &'static str,
    /// Which occurrence: empty for a detector that can only say one thing
    /// at a time, else what it is about (`T12` for a rewind of T12). An
    /// acknowledgement holds for one id and subject.
    pub subject: String,
    pub severity: Severity,
    /// What was seen, with numbers ("4 of the last 5 threats were about
    /// other elements than Orders DB").
    pub evidence: String,
    /// One suggested move.
    pub suggestion: &'static str,
}

impl Flag {
    /// A short title in tamer's words ("Stuck in threat discovery"): one
    /// per seed, from [`CATALOGUE`].
    pub fn title(&self) -> &'static str {
        title(self.id).unwrap_or(self.id)
    }

    /// `2.1.4` or `2.1.10 T12`: the key acknowledgements and events use.
    pub fn key(&self) -> (&str, &str) {
        (self.id, &self.subject)
    }
}

/// What a detector reads.
pub struct Ctx<'a> {
    pub session: &'a Session,
    pub thresholds: &'a Thresholds,
    /// The decks, for the size of a walk [2.1.5].
    pub library: &'a Library,
    pub now: DateTime<Utc>,
    /// Every threat's statement, for the rewind matcher [2.1.10].
    pub statements: &'a matcher::Index,
}

/// How many offenders' tags a flag's subject names.
pub const SUBJECT_TAGS: usize = 8;

/// A detector: one small pure function per threat to the process.
pub type Detector = fn(&Ctx) -> Option<Flag>;

/// Every flag standing for `session` at `now`, most important first
/// (warnings first, then in catalogue order). Builds the statement index
/// from scratch; [`Radar`] keeps one between scans.
pub fn scan(
    session: &Session,
    thresholds: &Thresholds,
    library: &Library,
    now: DateTime<Utc>,
) -> Vec<Flag> {
    let mut index = matcher::Index::default();
    index.update(session);
    scan_with(session, thresholds, library, now, &index)
}

/// [`scan`] with a statement index kept up to date by the caller.
pub fn scan_with(
    session: &Session,
    thresholds: &Thresholds,
    library: &Library,
    now: DateTime<Utc>,
    statements: &matcher::Index,
) -> Vec<Flag> {
    if !thresholds.enabled {
        return Vec::new();
    }
    let ctx = Ctx {
        session,
        thresholds,
        library,
        now,
        statements,
    };
    let mut flags: Vec<Flag> = detect::DETECTORS
        .iter()
        .filter_map(|d| d(&ctx))
        .filter(|f| !thresholds.disabled.iter().any(|id| id == f.id))
        .collect();
    for f in &mut flags {
        // A subject names at most the first few offenders: the record keeps
        // it with every raise, and a new offender past them is the same
        // flag, not a fresh one.
        if let Some((cut, _)) = f.subject.match_indices(' ').nth(SUBJECT_TAGS - 1) {
            f.subject.truncate(cut);
            f.subject.push_str(" …");
        }
    }
    // Stable: within a severity, catalogue order (the order of DETECTORS).
    flags.sort_by_key(|f| std::cmp::Reverse(f.severity));
    flags
}

/// Every seed ID the radar watches, with its short title, in catalogue
/// order.
pub const CATALOGUE: &[(&str, &str)] = &[
    ("1.3.1", "Model too coarse to find real threats"),
    ("1.3.2", "Model too detailed to walk"),
    ("1.3.3", "Part of the system may be missing"),
    ("2.1.4", "Stuck in threat discovery"),
    ("2.1.5", "Discovery with no end in sight"),
    ("2.1.6", "A run of threats that do not matter"),
    ("2.1.7", "The threats that matter are getting lost"),
    ("2.1.8", "Discovery drifting off the card"),
    ("2.1.9", "A long detour"),
    ("2.1.10", "Rewind: a threat already discussed"),
    ("2.1.11b", "Arguing over categories"),
    ("3.1.1", "Mitigating without rating"),
    ("3.1.4", "High risk accepted"),
    ("3.1.5", "Almost everything rated acceptable"),
    ("3.1.7", "Almost everything rated critical"),
    ("3.1.8", "The scheme is overruled often"),
    ("3.1.10", "Rating drags on"),
    ("3.2.2", "Too much for a mild threat"),
    ("3.2.3", "MUST threats left untamed"),
    ("3.2.10b", "No harm reduction"),
    ("3.2.11", "Vague mitigation"),
    ("3.2.12", "Mitigation for no threat"),
    ("3.3.1", "Mitigations not exported"),
    ("4.4.1", "No retro"),
    ("X.1.1", "One voice, or a silent one"),
    ("T.1", "The session is heading past its time"),
    ("T.2", "A long break"),
];

/// The short title of the seed ID `id`, if the radar watches it.
pub fn title(id: &str) -> Option<&'static str> {
    CATALOGUE.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every seed ID in the catalogue appears once, and every detector's
    /// flag (the scan fills in titles) has one.
    #[test]
    fn the_catalogue_names_each_seed_once() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), detect::DETECTORS.len(), "one detector per seed");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len());
        assert!(CATALOGUE.iter().all(|(_, t)| !t.is_empty()));
    }

    #[test]
    fn a_long_subject_names_the_first_offenders_only() {
        let mut kit = detect::testkit::Kit::new();
        let many: Vec<u32> = (0..12)
            .map(|i| kit.threat(&format!("Threat {i}")))
            .collect();
        kit.apply(crate::session::Change::AddMitigation(
            crate::session::MitigationDraft::new("Rate limits", &many),
        ));
        let f = kit.flag("3.1.1").expect("mitigations for unrated threats");
        assert_eq!(f.subject, "T1 T2 T3 T4 T5 T6 T7 T8 …");
        assert_eq!(f.title(), "Mitigating without rating");
    }
}
