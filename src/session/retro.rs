//! The retro of phase 4 [4.4.1]: what went well, what to change next time,
//! lessons learned; each a short list, attributed where the team wants.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retro {
    pub went_well: Vec<RetroLine>,
    pub change: Vec<RetroLine>,
    pub lessons: Vec<RetroLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetroLine {
    /// One line.
    pub text: String,
    /// A participant, when the team wants it said.
    pub by: Option<String>,
}

/// One of the retro's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RetroList {
    WentWell,
    /// What to change next time.
    Change,
    Lessons,
}

impl RetroList {
    pub const ALL: [RetroList; 3] = [RetroList::WentWell, RetroList::Change, RetroList::Lessons];

    /// `went well`, `to change`, `lessons learned`.
    pub fn label(self) -> &'static str {
        match self {
            RetroList::WentWell => "went well",
            RetroList::Change => "to change",
            RetroList::Lessons => "lessons learned",
        }
    }

    /// The field name in a record: `went_well`, `change`, `lessons`.
    pub fn field(self) -> &'static str {
        match self {
            RetroList::WentWell => "went_well",
            RetroList::Change => "change",
            RetroList::Lessons => "lessons",
        }
    }
}

impl Retro {
    pub fn list(&self, list: RetroList) -> &[RetroLine] {
        match list {
            RetroList::WentWell => &self.went_well,
            RetroList::Change => &self.change,
            RetroList::Lessons => &self.lessons,
        }
    }

    pub(crate) fn list_mut(&mut self, list: RetroList) -> &mut Vec<RetroLine> {
        match list {
            RetroList::WentWell => &mut self.went_well,
            RetroList::Change => &mut self.change,
            RetroList::Lessons => &mut self.lessons,
        }
    }

    pub fn is_empty(&self) -> bool {
        RetroList::ALL.iter().all(|l| self.list(*l).is_empty())
    }
}
