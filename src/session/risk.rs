//! Phase 3's judgement of each threat [3.1]: its rating with the scheme it
//! was made with, the decision, the key-threat rank [2.1.7], the residual
//! rating [3.2.4] and the review mark (phase 4); and the questions the
//! rating walk, the remaining-risk screen and the radar ask of them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rating::{Action, SchemeRef};
use super::{Session, Threat};

/// A rating of a threat, kept with the scheme and version it was made
/// with [3.1.8].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub scheme: SchemeRef,
    /// A likelihood level id of that scheme.
    pub likelihood: String,
    /// An impact level id of that scheme.
    pub impact: String,
    /// What the scheme suggested for the two levels.
    pub suggested: Action,
    /// What the team chose: the suggestion, or an override.
    pub action: Action,
    /// Why the team overrode the suggestion (one line); empty when it did
    /// not [3.1.8].
    pub override_reason: String,
    pub at: DateTime<Utc>,
}

impl Rating {
    /// Whether the team chose another action than the scheme suggested.
    pub fn is_override(&self) -> bool {
        self.action != self.suggested
    }
}

/// What the team decided to do about a threat. Every reason is one line,
/// and required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Decision {
    /// Tame it with mitigations.
    Mitigate,
    /// Live with it, for a reason, on someone's word [3.1.4].
    Accept { reason: String, by: String },
    /// Someone else carries it (an insurer, a supplier, another team).
    Transfer { to: String },
    /// Change the design so the threat no longer applies.
    Avoid { how: String },
    /// On reflection, not a threat here.
    NotAThreat { reason: String },
}

/// A [`Decision`] without its words, for counts and events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionKind {
    Mitigate,
    Accept,
    Transfer,
    Avoid,
    NotAThreat,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 5] = [
        DecisionKind::Mitigate,
        DecisionKind::Accept,
        DecisionKind::Transfer,
        DecisionKind::Avoid,
        DecisionKind::NotAThreat,
    ];

    /// `mitigate`, `accept`, `transfer`, `avoid`, `not a threat`.
    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::Mitigate => "mitigate",
            DecisionKind::Accept => "accept",
            DecisionKind::Transfer => "transfer",
            DecisionKind::Avoid => "avoid",
            DecisionKind::NotAThreat => "not a threat",
        }
    }
}

impl Decision {
    pub fn kind(&self) -> DecisionKind {
        match self {
            Decision::Mitigate => DecisionKind::Mitigate,
            Decision::Accept { .. } => DecisionKind::Accept,
            Decision::Transfer { .. } => DecisionKind::Transfer,
            Decision::Avoid { .. } => DecisionKind::Avoid,
            Decision::NotAThreat { .. } => DecisionKind::NotAThreat,
        }
    }
}

/// The review of a threat in phase 4: fine, or what it still needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Reviewed and fine; `false`: needs work.
    pub ok: bool,
    /// One line; required when it needs work.
    pub note: String,
}

/// Where a threat stands, from its rating and decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreatStatus {
    /// Neither rated nor decided.
    Open,
    /// Rated, not decided.
    Rated(Action),
    Decided(DecisionKind),
}

impl ThreatStatus {
    /// `open`, `rated MUST`, `accept`…
    pub fn label(self) -> String {
        match self {
            ThreatStatus::Open => "open".into(),
            ThreatStatus::Rated(a) => format!("rated {a}"),
            ThreatStatus::Decided(d) => d.label().into(),
        }
    }
}

impl Threat {
    pub fn status(&self) -> ThreatStatus {
        match (&self.decision, &self.rating) {
            (Some(d), _) => ThreatStatus::Decided(d.kind()),
            (None, Some(r)) => ThreatStatus::Rated(r.action),
            (None, None) => ThreatStatus::Open,
        }
    }

    /// The action of its rating; `None` when not rated.
    pub fn action(&self) -> Option<Action> {
        self.rating.as_ref().map(|r| r.action)
    }

    /// Still to be tamed by the team: not decided otherwise than
    /// "mitigate".
    pub fn is_to_mitigate(&self) -> bool {
        matches!(self.decision, None | Some(Decision::Mitigate))
    }
}

/// The order the rating walk takes the threats in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RatingOrder {
    /// Key threats by rank, then the rest as captured [2.1.7].
    #[default]
    KeyFirst,
    /// By element in model order, as captured within each; threats on no
    /// element last.
    ByElement,
    /// As captured.
    ByCapture,
}

/// How far rating has come [3.1.10].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RatingProgress {
    pub rated: usize,
    /// Not rated and not decided "not a threat" (those need no rating).
    pub left: usize,
    /// The mean time between the ratings kept (their `at`), once two or
    /// more threats are rated: the team's pace.
    pub secs_per_rated: Option<i64>,
    /// `left` at that pace.
    pub secs_left: Option<i64>,
}

/// What remains when the session ends [4.3].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RemainingRisk {
    /// MUST/SHOULD threats still to be tamed (undecided or "mitigate")
    /// with no essential mitigation that will be done (one not "won't
    /// do"), in list order.
    pub open: Vec<u32>,
    /// Threats still to be tamed whose residual rating is still MUST or
    /// SHOULD [3.2.4].
    pub residual_high: Vec<u32>,
    /// Accepted risks with their reasons and who accepted them [3.1.4].
    pub accepted: Vec<AcceptedRisk>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedRisk {
    pub threat: u32,
    pub reason: String,
    pub by: String,
}

impl Session {
    /// Every threat id, in the order the rating walk takes them.
    pub fn rating_order(&self, order: RatingOrder) -> Vec<u32> {
        let mut threats: Vec<&Threat> = self.threats.iter().collect();
        match order {
            RatingOrder::KeyFirst => {
                threats.sort_by_key(|t| t.key.unwrap_or(u32::MAX));
            }
            RatingOrder::ByElement => {
                let place = |t: &Threat| {
                    let element = t.element.or(t.card.as_ref().and_then(|c| c.element));
                    element
                        .and_then(|e| self.model.iter().position(|m| m.id == e))
                        .unwrap_or(usize::MAX)
                };
                threats.sort_by_key(|t| place(t));
            }
            RatingOrder::ByCapture => threats.sort_by_key(|t| (t.at, t.id)),
        }
        threats.iter().map(|t| t.id).collect()
    }

    /// The key threats, first rank first.
    pub fn key_threats(&self) -> Vec<u32> {
        let mut keyed: Vec<&Threat> = self.threats.iter().filter(|t| t.key.is_some()).collect();
        keyed.sort_by_key(|t| t.key);
        keyed.iter().map(|t| t.id).collect()
    }

    /// Rated, left, and the pace so far [3.1.10].
    pub fn rating_progress(&self) -> RatingProgress {
        let mut times: Vec<DateTime<Utc>> = self
            .threats
            .iter()
            .filter_map(|t| t.rating.as_ref().map(|r| r.at))
            .collect();
        times.sort();
        let rated = times.len();
        let left = self
            .threats
            .iter()
            .filter(|t| t.rating.is_none())
            .filter(|t| t.decision.as_ref().map(Decision::kind) != Some(DecisionKind::NotAThreat))
            .count();
        let secs_per_rated = match (times.first(), times.last()) {
            (Some(first), Some(last)) if rated >= 2 => {
                let gaps = i64::try_from(rated - 1).unwrap_or(i64::MAX);
                Some((*last - *first).num_seconds().max(0) / gaps)
            }
            _ => None,
        };
        let secs_left =
            secs_per_rated.map(|pace| pace.saturating_mul(i64::try_from(left).unwrap_or(i64::MAX)));
        RatingProgress {
            rated,
            left,
            secs_per_rated,
            secs_left,
        }
    }

    /// What remains: open MUST/SHOULD threats without an essential
    /// mitigation, residual ratings still high, accepted risks.
    pub fn remaining_risk(&self) -> RemainingRisk {
        let high =
            |r: &Option<Box<Rating>>| r.as_ref().is_some_and(|r| r.action.is_must_or_should());
        // Every tamed threat, in one pass over the mitigations (not one
        // pass per threat: 10,000 threats would take seconds).
        let tamed: std::collections::HashSet<u32> = self
            .mitigations
            .iter()
            .filter(|m| m.essential && m.is_live())
            .flat_map(|m| m.threats.iter().copied())
            .collect();
        let mut out = RemainingRisk::default();
        for t in &self.threats {
            if t.is_to_mitigate() && high(&t.rating) && !tamed.contains(&t.id) {
                out.open.push(t.id);
            }
            if t.is_to_mitigate() && high(&t.residual) {
                out.residual_high.push(t.id);
            }
            if let Some(Decision::Accept { reason, by }) = &t.decision {
                out.accepted.push(AcceptedRisk {
                    threat: t.id,
                    reason: reason.clone(),
                    by: by.clone(),
                });
            }
        }
        out
    }

    /// Whether threat `id` has an essential mitigation that is not
    /// "won't do".
    pub fn is_tamed(&self, id: u32) -> bool {
        self.essential_mitigations_of(id)
            .iter()
            .any(|m| m.is_live())
    }
}
