//! The parking lot [2.1.8] and excursions [2.1.9]: what keeps discovery
//! focused without losing what came up.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Session;

/// An item put aside to come back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parked {
    pub id: u32,
    pub text: String,
    /// The participant who raised it.
    pub raised_by: Option<String>,
    pub at: DateTime<Utc>,
    /// `None` while it waits on the lot.
    pub outcome: Option<ParkedOutcome>,
}

/// What became of a parked item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParkedOutcome {
    /// It became this threat.
    Threat(u32),
    /// It was dropped, for this reason.
    Dropped { reason: String },
}

/// A deep dive off the walk ("is this even possible?"), with its own time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Excursion {
    pub id: u32,
    /// What it is about; may be empty.
    pub topic: String,
    pub started: DateTime<Utc>,
    /// `None` while it runs.
    pub ended: Option<DateTime<Utc>>,
    /// What came of it, in one line; empty when nothing was said.
    pub outcome: String,
    /// The threat the outcome went to.
    pub threat: Option<u32>,
    /// The parked item the outcome went to.
    pub parked: Option<u32>,
}

impl Excursion {
    /// Seconds it ran, or has run up to `now`.
    pub fn secs(&self, now: DateTime<Utc>) -> i64 {
        (self.ended.unwrap_or(now) - self.started)
            .num_seconds()
            .max(0)
    }
}

impl Session {
    /// The excursion running now, if any (at most one runs).
    pub fn running_excursion(&self) -> Option<&Excursion> {
        self.excursions.iter().find(|x| x.ended.is_none())
    }

    pub fn parked(&self, id: u32) -> Option<&Parked> {
        self.parking.iter().find(|p| p.id == id)
    }

    /// The items still waiting on the lot.
    pub fn open_parked(&self) -> impl Iterator<Item = &Parked> {
        self.parking.iter().filter(|p| p.outcome.is_none())
    }
}
