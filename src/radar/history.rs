//! What the radar said over a session, read back from the timeline: each
//! flag raised, with when, for how long, and what was done about it.
//! `tamer radar --history`, `--at` and the phase-4 summary read this.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::session::{EventKind, Session};

/// One flag, from raised to cleared (or still standing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The seed ID (`2.1.4`).
    pub id: String,
    pub subject: String,
    pub severity: crate::radar::Severity,
    /// The evidence when it was raised.
    pub evidence: String,
    pub raised: DateTime<Utc>,
    /// `None`: still standing at the end of the timeline.
    pub cleared: Option<DateTime<Utc>>,
    pub acknowledged: Option<DateTime<Utc>>,
    /// The last snooze: until when.
    pub snoozed_until: Option<DateTime<Utc>>,
}

impl Occurrence {
    /// How long it stood, up to `end` when it never cleared.
    pub fn secs(&self, end: DateTime<Utc>) -> i64 {
        (self.cleared.unwrap_or(end) - self.raised)
            .num_seconds()
            .max(0)
    }

    /// Whether it stood at `at`.
    pub fn standing_at(&self, at: DateTime<Utc>) -> bool {
        self.raised <= at && self.cleared.is_none_or(|c| c > at)
    }

    /// What was done about it, in words: `acknowledged`, `snoozed`,
    /// `cleared` (the team fixed what it saw), `standing`.
    pub fn outcome(&self) -> &'static str {
        match (self.cleared, self.acknowledged, self.snoozed_until) {
            (Some(_), _, _) => "cleared",
            (None, Some(_), _) => "acknowledged",
            (None, None, Some(_)) => "snoozed",
            (None, None, None) => "standing",
        }
    }
}

/// Every flag the timeline says was raised, in the order raised.
pub fn history(session: &Session) -> Vec<Occurrence> {
    let mut all: Vec<Occurrence> = Vec::new();
    // Occurrences still open, as indices into `all`.
    let mut open: Vec<usize> = Vec::new();
    let find = |all: &[Occurrence], open: &[usize], flag: &str, subject: &str| {
        open.iter()
            .position(|&i| all[i].id == flag && all[i].subject == subject)
    };
    for e in &session.timeline {
        match &e.kind {
            EventKind::RadarRaised {
                flag,
                subject,
                severity,
                evidence,
            } if find(&all, &open, flag, subject).is_none() => {
                open.push(all.len());
                all.push(Occurrence {
                    id: flag.clone(),
                    subject: subject.clone(),
                    severity: *severity,
                    evidence: evidence.clone(),
                    raised: e.at,
                    cleared: None,
                    acknowledged: None,
                    snoozed_until: None,
                });
            }
            EventKind::RadarCleared { flag, subject } => {
                if let Some(k) = find(&all, &open, flag, subject) {
                    all[open.swap_remove(k)].cleared = Some(e.at);
                }
            }
            EventKind::RadarAcknowledged { flag, subject } => {
                if let Some(k) = find(&all, &open, flag, subject) {
                    all[open[k]].acknowledged = Some(e.at);
                }
            }
            EventKind::RadarSnoozed {
                flag,
                subject,
                until,
            } => {
                if let Some(k) = find(&all, &open, flag, subject) {
                    all[open[k]].snoozed_until = Some(*until);
                }
            }
            _ => {}
        }
    }
    all
}

/// When the session's timeline ends: its finish, else its last event,
/// else its start.
pub fn end_of(session: &Session) -> DateTime<Utc> {
    session
        .finished
        .or_else(|| session.timeline.last().map(|e| e.at))
        .unwrap_or(session.created)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::{Event, PhaseScript};

    fn event(at: DateTime<Utc>, kind: EventKind) -> Event {
        Event { at, kind }
    }

    #[test]
    fn raised_acknowledged_and_cleared_flags_are_read_back_in_order() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("H", 60, vec![], &PhaseScript::builtin(), clock.now());
        let t0 = clock.now();
        let raise = |flag: &str, subject: &str| EventKind::RadarRaised {
            flag: flag.into(),
            subject: subject.into(),
            severity: crate::radar::Severity::Warn,
            evidence: format!("seen {flag}"),
        };
        clock.advance_secs(60);
        let t1 = clock.now();
        s.timeline.push(event(t1, raise("2.1.4", "")));
        clock.advance_secs(60);
        let t2 = clock.now();
        s.timeline.push(event(t2, raise("2.1.10", "T3")));
        s.timeline.push(event(
            t2,
            EventKind::RadarAcknowledged {
                flag: "2.1.10".into(),
                subject: "T3".into(),
            },
        ));
        clock.advance_secs(300);
        let t3 = clock.now();
        s.timeline.push(event(
            t3,
            EventKind::RadarCleared {
                flag: "2.1.4".into(),
                subject: String::new(),
            },
        ));
        let h = history(&s);
        assert_eq!(h.len(), 2);
        assert_eq!(
            (h[0].id.as_str(), h[0].raised, h[0].cleared),
            ("2.1.4", t1, Some(t3))
        );
        assert_eq!(h[0].secs(t3), 360);
        assert_eq!(h[0].outcome(), "cleared");
        assert_eq!((h[1].subject.as_str(), h[1].acknowledged), ("T3", Some(t2)));
        assert_eq!(h[1].outcome(), "acknowledged");
        assert!(h[1].standing_at(t3) && !h[0].standing_at(t3) && h[0].standing_at(t2));
        assert!(!h[0].standing_at(t0));
        assert_eq!(end_of(&s), t3);
    }
}
