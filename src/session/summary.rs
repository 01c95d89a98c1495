//! The summary at the end of a session: time per phase against its box,
//! counts, essential mitigations with owners, accepted risks.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::rating::Action;
use super::risk::{AcceptedRisk, DecisionKind};
use super::{EventKind, MitigationStatus, Session};

/// What a team takes away from a session.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overview {
    /// Phases in script order.
    pub phases: Vec<PhaseTime>,
    /// Elements other than flows.
    pub elements: usize,
    pub flows: usize,
    pub boundaries: usize,
    pub threats: usize,
    pub actions: ActionCounts,
    pub decisions: DecisionCounts,
    pub mitigations: StatusCounts,
    pub parked_open: usize,
    /// Parked items that became threats or were dropped.
    pub parked_closed: usize,
    /// Essential mitigations, in list order.
    pub essentials: Vec<Essential>,
    pub accepted: Vec<AcceptedRisk>,
}

/// The time a phase took and the box it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseTime {
    pub phase: u8,
    /// The boxes of its steps as planned, with their extensions: time
    /// banked when a step was left early counts in the box it came from.
    pub box_secs: i64,
    pub spent_secs: i64,
}

/// Threats by the action of their rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionCounts {
    pub must: usize,
    pub should: usize,
    pub could: usize,
    pub no_need: usize,
    pub unrated: usize,
}

/// Threats by decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecisionCounts {
    pub mitigate: usize,
    pub accept: usize,
    pub transfer: usize,
    pub avoid: usize,
    pub not_a_threat: usize,
    pub undecided: usize,
}

/// Mitigations by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusCounts {
    pub planned: usize,
    pub in_progress: usize,
    pub done: usize,
    pub wont_do: usize,
}

impl StatusCounts {
    /// The statuses of `mitigations`, counted.
    pub fn of(mitigations: &[super::Mitigation]) -> Self {
        let mut s = Self::default();
        for m in mitigations {
            *match m.status {
                MitigationStatus::Planned => &mut s.planned,
                MitigationStatus::InProgress => &mut s.in_progress,
                MitigationStatus::Done => &mut s.done,
                MitigationStatus::WontDo { .. } => &mut s.wont_do,
            } += 1;
        }
        s
    }

    /// Each count with its status in words, in the order of the workflow.
    pub fn pairs(&self) -> [(usize, &'static str); 4] {
        [
            (self.planned, "planned"),
            (self.in_progress, "in progress"),
            (self.done, "done"),
            (self.wont_do, "won't do"),
        ]
    }
}

/// An essential mitigation as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Essential {
    pub mitigation: u32,
    pub title: String,
    /// Empty when nobody owns it yet.
    pub owner: String,
    pub status: MitigationStatus,
    pub threats: Vec<u32>,
}

impl Session {
    /// The session's summary at `now`.
    pub fn summary(&self, now: DateTime<Utc>) -> Overview {
        let mut o = Overview {
            phases: self.phase_times(now),
            boundaries: self.boundaries.len(),
            threats: self.threats.len(),
            accepted: self.remaining_risk().accepted,
            ..Overview::default()
        };
        for e in &self.model {
            if e.is_flow() {
                o.flows += 1;
            } else {
                o.elements += 1;
            }
        }
        for t in &self.threats {
            let a = &mut o.actions;
            *match t.action() {
                Some(Action::Must) => &mut a.must,
                Some(Action::Should) => &mut a.should,
                Some(Action::Could) => &mut a.could,
                Some(Action::NoNeed) => &mut a.no_need,
                None => &mut a.unrated,
            } += 1;
            let d = &mut o.decisions;
            *match t.decision.as_ref().map(|d| d.kind()) {
                Some(DecisionKind::Mitigate) => &mut d.mitigate,
                Some(DecisionKind::Accept) => &mut d.accept,
                Some(DecisionKind::Transfer) => &mut d.transfer,
                Some(DecisionKind::Avoid) => &mut d.avoid,
                Some(DecisionKind::NotAThreat) => &mut d.not_a_threat,
                None => &mut d.undecided,
            } += 1;
        }
        o.mitigations = StatusCounts::of(&self.mitigations);
        for m in &self.mitigations {
            if m.essential {
                o.essentials.push(Essential {
                    mitigation: m.id,
                    title: m.title.clone(),
                    owner: m.owner.clone(),
                    status: m.status.clone(),
                    threats: m.threats.clone(),
                });
            }
        }
        o.parked_open = self.open_parked().count();
        o.parked_closed = self.parking.len() - o.parked_open;
        o
    }

    /// Time per phase against its box. A step left early gave the rest of
    /// its box to the bank (its `budget_secs` shrank); that time is counted
    /// back into the box it came from, read from the timeline.
    fn phase_times(&self, now: DateTime<Utc>) -> Vec<PhaseTime> {
        let mut banked: HashMap<&str, i64> = HashMap::new();
        let mut left: Option<&str> = None;
        for e in &self.timeline {
            match &e.kind {
                EventKind::StepChanged { from, .. } => left = Some(from),
                EventKind::Banked { secs } => {
                    if let Some(step) = left {
                        let sum = banked.entry(step).or_default();
                        *sum = sum.saturating_add(*secs);
                    }
                }
                _ => {}
            }
        }
        let mut out: Vec<PhaseTime> = Vec::new();
        for step in &self.steps {
            let extra = banked.get(step.id.as_str()).copied().unwrap_or(0);
            let box_secs = step.clock.budget_secs.saturating_add(extra);
            let spent = step.clock.spent(now);
            match out.last_mut() {
                Some(p) if p.phase == step.phase => {
                    p.box_secs = p.box_secs.saturating_add(box_secs);
                    p.spent_secs = p.spent_secs.saturating_add(spent);
                }
                _ => out.push(PhaseTime {
                    phase: step.phase,
                    box_secs,
                    spent_secs: spent,
                }),
            }
        }
        out
    }
}
