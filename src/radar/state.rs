//! What the app keeps of the radar between scans: the flags standing, when
//! each was raised, which were acknowledged or snoozed, and the statement
//! index. Pure: every method takes `now`, and what the record must keep
//! comes back as timeline events for the caller to append.
//!
//! The record's timeline is the radar's memory: [`Radar::of`] rebuilds the
//! state from it, so a resumed session shows what was standing, and an
//! acknowledgement made before the record was closed still holds.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::{Flag, Thresholds, matcher};
use crate::deck::Library;
use crate::session::{EventKind, Session};

type Key = (String, String);

fn key_of(flag: &Flag) -> Key {
    (flag.id.to_owned(), flag.subject.clone())
}

/// What the radar said at one moment, per flag.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mark {
    raised: DateTime<Utc>,
    acknowledged: bool,
    snoozed_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default)]
pub struct Radar {
    index: matcher::Index,
    /// Flags standing after the last scan, most important first.
    standing: Vec<Flag>,
    /// Every flag standing (also ones not scanned yet after a resume).
    marks: HashMap<Key, Mark>,
    /// Bumped whenever what the panel shows changes; the loop redraws then.
    generation: u64,
}

impl Radar {
    /// The radar as the record's timeline left it.
    pub fn of(session: &Session) -> Self {
        let mut marks: HashMap<Key, Mark> = HashMap::new();
        for e in &session.timeline {
            match &e.kind {
                EventKind::RadarRaised { flag, subject, .. } => {
                    marks.insert(
                        (flag.clone(), subject.clone()),
                        Mark {
                            raised: e.at,
                            acknowledged: false,
                            snoozed_until: None,
                        },
                    );
                }
                EventKind::RadarCleared { flag, subject } => {
                    marks.remove(&(flag.clone(), subject.clone()));
                }
                EventKind::RadarAcknowledged { flag, subject } => {
                    if let Some(m) = marks.get_mut(&(flag.clone(), subject.clone())) {
                        m.acknowledged = true;
                    }
                }
                EventKind::RadarSnoozed {
                    flag,
                    subject,
                    until,
                } => {
                    if let Some(m) = marks.get_mut(&(flag.clone(), subject.clone())) {
                        m.snoozed_until = Some(*until);
                    }
                }
                _ => {}
            }
        }
        Self {
            marks,
            ..Self::default()
        }
    }

    /// Scans `session` at `now`; returns the events that record what
    /// changed: flags raised and flags cleared.
    pub fn rescan(
        &mut self,
        session: &Session,
        thresholds: &Thresholds,
        library: &Library,
        now: DateTime<Utc>,
    ) -> Vec<EventKind> {
        self.index.update(session);
        let flags = super::scan_with(session, thresholds, library, now, &self.index);
        let mut events = Vec::new();
        let before = self.marks.len();
        let cleared: Vec<Key> = self
            .marks
            .keys()
            .filter(|k| !flags.iter().any(|f| f.id == k.0 && f.subject == k.1))
            .cloned()
            .collect();
        for (flag, subject) in cleared {
            self.marks.remove(&(flag.clone(), subject.clone()));
            events.push(EventKind::RadarCleared { flag, subject });
        }
        for f in &flags {
            self.marks.entry(key_of(f)).or_insert_with(|| {
                events.push(EventKind::RadarRaised {
                    flag: f.id.to_owned(),
                    subject: f.subject.clone(),
                    severity: f.severity,
                    evidence: f.evidence.clone(),
                });
                Mark {
                    raised: now,
                    acknowledged: false,
                    snoozed_until: None,
                }
            });
        }
        let shown_before = self.shown_keys(now);
        let changed = flags != self.standing || before != self.marks.len();
        self.standing = flags;
        if changed || shown_before != self.shown_keys(now) {
            self.generation += 1;
        }
        events
    }

    fn shown_keys(&self, now: DateTime<Utc>) -> Vec<Key> {
        self.shown(now).iter().map(|f| key_of(f)).collect()
    }

    /// Every flag standing, most important first (acknowledged and snoozed
    /// ones too).
    pub fn standing(&self) -> &[Flag] {
        &self.standing
    }

    /// The flags the panel shows: standing, not acknowledged, not snoozed.
    pub fn shown(&self, now: DateTime<Utc>) -> Vec<&Flag> {
        self.standing
            .iter()
            .filter(|f| {
                self.marks.get(&key_of(f)).is_none_or(|m| {
                    !m.acknowledged && m.snoozed_until.is_none_or(|until| until <= now)
                })
            })
            .collect()
    }

    /// When the standing flag `flag` was raised.
    pub fn raised_at(&self, flag: &Flag) -> Option<DateTime<Utc>> {
        self.marks.get(&key_of(flag)).map(|m| m.raised)
    }

    /// Changes whenever what the panel shows changes.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// When a snoozed flag comes back, if one is snoozed: the loop wakes
    /// then to show it.
    pub fn next_wake(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.marks
            .values()
            .filter_map(|m| m.snoozed_until)
            .filter(|until| *until > now)
            .min()
    }

    /// Takes the standing flag `flag` off the panel for good (until it
    /// clears and is raised again); the event to record.
    pub fn acknowledge(&mut self, flag: &Flag) -> Option<EventKind> {
        let m = self.marks.get_mut(&key_of(flag))?;
        m.acknowledged = true;
        self.generation += 1;
        Some(EventKind::RadarAcknowledged {
            flag: flag.id.to_owned(),
            subject: flag.subject.clone(),
        })
    }

    /// Takes the standing flag `flag` off the panel for `minutes`; the
    /// event to record.
    pub fn snooze(&mut self, flag: &Flag, minutes: u32, now: DateTime<Utc>) -> Option<EventKind> {
        let m = self.marks.get_mut(&key_of(flag))?;
        let until = now + Duration::minutes(i64::from(minutes));
        m.snoozed_until = Some(until);
        self.generation += 1;
        Some(EventKind::RadarSnoozed {
            flag: flag.id.to_owned(),
            subject: flag.subject.clone(),
            until,
        })
    }
}
