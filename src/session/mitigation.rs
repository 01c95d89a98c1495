//! Mitigations [3.2]: what the team will do to tame its threats, each
//! linked to the threats it tames (many to many; the links live on the
//! mitigation only, so a threat's mitigations are always derived and never
//! disagree with them [3.2.12]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Session;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mitigation {
    pub id: u32,
    pub title: String,
    /// May hold line breaks; empty when none.
    pub description: String,
    /// Required to tame its threats; `false`: an idea for some day [3.2.12].
    pub essential: bool,
    /// What it lowers: the chance of the threat, or the harm when it
    /// happens anyway [3.2.10b].
    pub reduces: Reduces,
    /// How the team will know it is done, in one line [3.2.11]; empty when
    /// not said yet.
    pub criteria: String,
    pub effort: Effort,
    /// A participant or any other name; empty when nobody yet.
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub status: MitigationStatus,
    /// The threats it tames, in the order linked; may be empty (the radar
    /// says so).
    pub threats: Vec<u32>,
}

/// What a mitigation lowers [3.2.10b].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Reduces {
    /// A "bicycle lock": the threat becomes less likely.
    #[default]
    Likelihood,
    /// A "bicycle helmet": it hurts less when it happens.
    Harm,
}

impl Reduces {
    pub const ALL: [Reduces; 2] = [Reduces::Likelihood, Reduces::Harm];

    pub fn label(self) -> &'static str {
        match self {
            Reduces::Likelihood => "likelihood",
            Reduces::Harm => "harm",
        }
    }
}

/// A rough size of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Effort {
    Small,
    #[default]
    Medium,
    Large,
}

impl Effort {
    pub const ALL: [Effort; 3] = [Effort::Small, Effort::Medium, Effort::Large];

    /// `S`, `M`, `L`.
    pub fn label(self) -> &'static str {
        match self {
            Effort::Small => "S",
            Effort::Medium => "M",
            Effort::Large => "L",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum MitigationStatus {
    #[default]
    Planned,
    InProgress,
    Done,
    /// The team decided against it, for this reason (one line, required).
    WontDo {
        reason: String,
    },
}

impl MitigationStatus {
    /// `planned`, `in progress`, `done`, `won't do`.
    pub fn label(&self) -> &'static str {
        match self {
            MitigationStatus::Planned => "planned",
            MitigationStatus::InProgress => "in progress",
            MitigationStatus::Done => "done",
            MitigationStatus::WontDo { .. } => "won't do",
        }
    }
}

impl Mitigation {
    /// `M3`.
    pub fn tag(&self) -> String {
        format!("M{}", self.id)
    }

    /// Not "won't do": it will be, or has been, done.
    pub fn is_live(&self) -> bool {
        !matches!(self.status, MitigationStatus::WontDo { .. })
    }

    pub fn tames(&self, threat: u32) -> bool {
        self.threats.contains(&threat)
    }
}

impl Session {
    pub fn mitigation(&self, id: u32) -> Option<&Mitigation> {
        self.mitigations.iter().find(|m| m.id == id)
    }

    /// The mitigations linked to `threat`, in list order.
    pub fn mitigations_of(&self, threat: u32) -> Vec<&Mitigation> {
        self.mitigations
            .iter()
            .filter(|m| m.tames(threat))
            .collect()
    }

    /// The essential mitigations linked to `threat`, whatever their status.
    pub fn essential_mitigations_of(&self, threat: u32) -> Vec<&Mitigation> {
        self.mitigations
            .iter()
            .filter(|m| m.essential && m.tames(threat))
            .collect()
    }
}
