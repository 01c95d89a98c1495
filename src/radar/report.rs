//! `tamer radar RECORD`: what the radar says about a saved session, as text
//! for people or JSON for machines. Pure: a session in, text out.
//!
//! - At the end (the default): a fresh scan of the record as it was left,
//!   at the time of its last event, with the team's thresholds; flags the
//!   facilitator acknowledged are listed (and still count), so a team can
//!   check its threat models in CI.
//! - `--at TIME`: what the radar showed live at that moment, from the
//!   raised and cleared events in the record's timeline.
//! - `--history`: every flag raised over the session, with its times.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::history::{self, Occurrence};
use super::{Flag, Severity, Thresholds};
use crate::deck::Library;
use crate::session::Session;

/// One flag standing at the moment reported on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub id: String,
    pub subject: String,
    pub severity: &'static str,
    pub title: String,
    pub evidence: String,
    /// Empty for flags read back from the timeline (`--at`).
    pub suggestion: String,
    /// When the radar raised it live, if the record says.
    pub raised: Option<DateTime<Utc>>,
    pub acknowledged: Option<DateTime<Utc>>,
    #[serde(skip)]
    level: Severity,
}

/// Where the flags reported come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A fresh scan at the end of the record.
    Scan,
    /// What the panel showed live, from the timeline (`--at`).
    Timeline,
}

/// What `tamer radar` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub title: String,
    /// The moment reported on.
    pub at: DateTime<Utc>,
    pub source: Source,
    pub standing: Vec<Standing>,
    /// With `--history`: every flag raised, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<Occurrence>>,
}

impl Report {
    /// The record at its end: a fresh scan.
    pub fn at_end(session: &Session, thresholds: &Thresholds, library: &Library) -> Self {
        let end = history::end_of(session);
        let past = history::history(session);
        let standing = super::scan(session, thresholds, library, end)
            .into_iter()
            .map(|f| {
                let live = past
                    .iter()
                    .rev()
                    .find(|o| o.id == f.id && o.subject == f.subject && o.cleared.is_none());
                standing_of(&f, live)
            })
            .collect();
        Self {
            title: session.title.clone(),
            at: end,
            source: Source::Scan,
            standing,
            history: None,
        }
    }

    /// What the radar showed live at `at`, from the timeline.
    pub fn at_time(session: &Session, at: DateTime<Utc>) -> Self {
        let mut standing: Vec<Standing> = history::history(session)
            .into_iter()
            .filter(|o| o.standing_at(at))
            .map(|o| Standing {
                title: super::title(&o.id).unwrap_or("").to_owned(),
                severity: o.severity.label(),
                level: o.severity,
                id: o.id,
                subject: o.subject,
                evidence: o.evidence,
                suggestion: String::new(),
                raised: Some(o.raised),
                acknowledged: o.acknowledged.filter(|t| *t <= at),
            })
            .collect();
        standing.sort_by_key(|s| std::cmp::Reverse(s.level));
        Self {
            title: session.title.clone(),
            at,
            source: Source::Timeline,
            standing,
            history: None,
        }
    }

    /// Adds every flag raised over the session.
    pub fn with_history(mut self, session: &Session) -> Self {
        self.history = Some(history::history(session));
        self
    }

    /// Whether a flag at or above `level` stands.
    pub fn fails(&self, level: Severity) -> bool {
        self.standing.iter().any(|s| s.level >= level)
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
            + "\n"
    }

    /// For people: one block per flag, then the history as a table.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let when = self.at.format("%Y-%m-%d %H:%M UTC");
        let how = match self.source {
            Source::Scan => "at the end of the record",
            Source::Timeline => "as shown live",
        };
        out.push_str(&format!("Radar for \"{}\" {how}, {when}:\n", self.title));
        if self.standing.is_empty() {
            out.push_str("  no flags.\n");
        }
        for s in &self.standing {
            let subject = if s.subject.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.subject)
            };
            out.push_str(&format!(
                "\n  {} [{}] {}{subject}\n",
                s.severity.to_uppercase(),
                s.id,
                s.title
            ));
            out.push_str(&format!("    {}\n", s.evidence));
            if !s.suggestion.is_empty() {
                out.push_str(&format!("    → {}\n", s.suggestion));
            }
            if let Some(raised) = s.raised {
                out.push_str(&format!("    raised {}", raised.format("%H:%M")));
                if let Some(ack) = s.acknowledged {
                    out.push_str(&format!(", acknowledged {}", ack.format("%H:%M")));
                }
                out.push('\n');
            }
        }
        if let Some(history) = &self.history {
            out.push_str(&format!(
                "\nEvery flag raised during the session ({}):\n",
                history.len()
            ));
            if history.is_empty() {
                out.push_str("  none (the record holds no radar events).\n");
            }
            for o in history {
                let cleared = o
                    .cleared
                    .map_or_else(|| "  …  ".to_owned(), |c| c.format("%H:%M").to_string());
                let subject = if o.subject.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", o.subject)
                };
                out.push_str(&format!(
                    "  {}–{} {:>4} min  {:<5} [{}] {}{subject}: {}\n",
                    o.raised.format("%H:%M"),
                    cleared,
                    o.secs(self.at.max(o.raised)) / 60,
                    o.severity.label(),
                    o.id,
                    super::title(&o.id).unwrap_or(""),
                    o.outcome(),
                ));
                out.push_str(&format!("      {}\n", o.evidence));
            }
        }
        out
    }
}

fn standing_of(f: &Flag, live: Option<&Occurrence>) -> Standing {
    Standing {
        id: f.id.to_owned(),
        subject: f.subject.clone(),
        severity: f.severity.label(),
        level: f.severity,
        title: f.title().to_owned(),
        evidence: f.evidence.clone(),
        suggestion: f.suggestion.to_owned(),
        raised: live.map(|o| o.raised),
        acknowledged: live.and_then(|o| o.acknowledged),
    }
}

/// Reads `--at`: an RFC 3339 time (`2026-01-05T09:45:00Z`), a time of day
/// on the day the session started (`09:45`, UTC like the rest of tamer), or
/// minutes after its start (`45m`).
pub fn parse_at(text: &str, session: &Session) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Some(m) = text.strip_suffix('m').and_then(|m| m.parse::<u32>().ok()) {
        return Ok(session.created + chrono::Duration::minutes(i64::from(m)));
    }
    if let Ok(t) = chrono::NaiveTime::parse_from_str(text, "%H:%M") {
        let day = session.created.date_naive();
        return Ok(day.and_time(t).and_utc());
    }
    Err(format!(
        "--at {text:?}: expected a time like 09:45 (UTC, on the session's day), 45m (minutes after its start) or 2026-01-05T09:45:00Z"
    ))
}
