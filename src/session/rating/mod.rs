//! Rating schemes [3.1]: levels of likelihood and impact, and the action
//! each pair suggests (MUST / SHOULD / COULD / NO NEED). A scheme is a RON
//! file with an id and a version; every rating names the scheme and version
//! it was made with [3.1.8], so a rating stays readable after the scheme
//! changes. Two schemes are built in (`decks/schemes/`): a three-level
//! "paved road" that leans towards addressing risk [3.1.4], [3.1.10], and a
//! four-level one for teams that want finer steps. A team's own scheme is
//! checked with every problem at its `file:line:col`, as decks are.
//!
//! Pure: `store` reads the files.

mod check;
#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::deck::Source;
use crate::error::{Diagnostic, Diagnostics};

/// The scheme a new session rates with until phase 0 chooses another.
pub const DEFAULT_SCHEME: &str = "paved-road";

/// The most levels an axis may have: a digit key chooses a level, and finer
/// steps only breed quibbles [3.1.9].
pub const MAX_LEVELS: usize = 9;

/// A rating scheme: likelihood levels, impact levels (both lowest first) and
/// the suggested action for every pair.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scheme {
    /// Lower-case letters, digits and '-'.
    pub id: String,
    /// Bumped whenever a suggestion changes, so that ratings made with an
    /// older version can be told apart [3.1.8].
    pub version: u32,
    pub title: String,
    pub description: String,
    /// Where facts came from, with their licences (as decks do).
    pub sources: Vec<Source>,
    /// The licence of the scheme's own text.
    pub licence: String,
    /// Lowest first.
    pub likelihood: Vec<Level>,
    /// Lowest first.
    pub impact: Vec<Level>,
    /// `actions[likelihood][impact]`: one row per likelihood level, one
    /// column per impact level.
    pub actions: Vec<Vec<Action>>,
}

/// One level of likelihood or impact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Level {
    /// What a rating stores: lower-case letters, digits and '-'.
    pub id: String,
    /// What the screen shows.
    pub name: String,
    /// One sentence that helps choose it.
    pub hint: String,
}

/// What a rating suggests doing about a threat, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Must,
    Should,
    Could,
    NoNeed,
}

impl Action {
    /// Strongest first.
    pub const ALL: [Action; 4] = [Action::Must, Action::Should, Action::Could, Action::NoNeed];

    /// `MUST`, `SHOULD`, `COULD`, `NO NEED`.
    pub fn label(self) -> &'static str {
        match self {
            Action::Must => "MUST",
            Action::Should => "SHOULD",
            Action::Could => "COULD",
            Action::NoNeed => "NO NEED",
        }
    }

    /// 3 for MUST down to 0 for NO NEED.
    pub fn strength(self) -> u8 {
        match self {
            Action::Must => 3,
            Action::Should => 2,
            Action::Could => 1,
            Action::NoNeed => 0,
        }
    }

    /// MUST or SHOULD: the team has to do something about it.
    pub fn is_must_or_should(self) -> bool {
        self.strength() >= 2
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A scheme named by id and version, as a session and its ratings keep it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeRef {
    pub id: String,
    pub version: u32,
}

impl Default for SchemeRef {
    /// The paved road, version 1.
    fn default() -> Self {
        Self {
            id: DEFAULT_SCHEME.to_owned(),
            version: 1,
        }
    }
}

impl fmt::Display for SchemeRef {
    /// `paved-road v1`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} v{}", self.id, self.version)
    }
}

impl Scheme {
    /// The action suggested for the likelihood level at `likelihood` and
    /// the impact level at `impact` (indices, lowest first); `None` when
    /// either is out of range.
    pub fn suggest(&self, likelihood: usize, impact: usize) -> Option<Action> {
        self.actions.get(likelihood)?.get(impact).copied()
    }

    /// The action suggested for two level ids; `None` when either is not a
    /// level of this scheme.
    pub fn suggest_ids(&self, likelihood: &str, impact: &str) -> Option<Action> {
        self.suggest(
            self.likelihood_index(likelihood)?,
            self.impact_index(impact)?,
        )
    }

    pub fn likelihood_index(&self, id: &str) -> Option<usize> {
        self.likelihood.iter().position(|l| l.id == id)
    }

    pub fn impact_index(&self, id: &str) -> Option<usize> {
        self.impact.iter().position(|l| l.id == id)
    }

    /// The id and version, as ratings keep them.
    pub fn reference(&self) -> SchemeRef {
        SchemeRef {
            id: self.id.clone(),
            version: self.version,
        }
    }

    /// Parses and checks one scheme file: every problem at its
    /// `file:line:col`.
    pub fn parse(file: &str, text: &str) -> Result<Scheme, Diagnostics> {
        let scheme: Scheme = ron::Options::default()
            .from_str(text)
            .map_err(|e| Diagnostics(vec![Diagnostic::from_ron(file, &e)]))?;
        let problems = check::check(file, text, &scheme);
        if problems.is_empty() {
            Ok(scheme)
        } else {
            Err(Diagnostics(problems))
        }
    }
}

/// The schemes built into the binary, as (file name, text).
pub const BUILTIN_SCHEMES: &[(&str, &str)] = &[
    (
        "decks/schemes/paved-road.ron",
        include_str!("../../../decks/schemes/paved-road.ron"),
    ),
    (
        "decks/schemes/fine.ron",
        include_str!("../../../decks/schemes/fine.ron"),
    ),
];

/// The built-in schemes, the default first. They are checked by a test, so
/// a broken one never ships; one that fails anyway is left out rather than
/// panicking.
pub fn builtin_schemes() -> Vec<Scheme> {
    BUILTIN_SCHEMES
        .iter()
        .filter_map(|(file, text)| Scheme::parse(file, text).ok())
        .collect()
}

/// The scheme `r` names among `schemes` (same id and version).
pub fn find<'a>(schemes: &'a [Scheme], r: &SchemeRef) -> Option<&'a Scheme> {
    schemes
        .iter()
        .find(|s| s.id == r.id && s.version == r.version)
}
