//! The rewind matcher [2.1.10]: do two threat statements say the same
//! thing?
//!
//! (First cut: a placeholder comparison of word sets, to be replaced by the
//! real matcher.)

use std::collections::{BTreeSet, HashMap};

use crate::session::Session;

/// A statement reduced to what the matcher compares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Statement {
    words: BTreeSet<String>,
}

impl Statement {
    pub fn new(text: &str) -> Self {
        Self {
            words: text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
                .map(str::to_lowercase)
                .collect(),
        }
    }

    /// Whether the two say the same thing.
    pub fn matches(&self, other: &Statement) -> bool {
        let common = self.words.intersection(&other.words).count();
        let all = self.words.union(&other.words).count();
        all > 0 && common * 10 >= all * 7
    }
}

/// Whether `a` and `b` say the same thing.
pub fn same(a: &str, b: &str) -> bool {
    Statement::new(a).matches(&Statement::new(b))
}

/// The statement of every threat of a session, kept up to date between
/// scans so that only new or edited threats are read again.
#[derive(Debug, Clone, Default)]
pub struct Index {
    by_id: HashMap<u32, (String, Statement)>,
}

impl Index {
    /// Reads the threats that are new or whose text changed, and forgets
    /// deleted ones.
    pub fn update(&mut self, session: &Session) {
        if self.by_id.len() != session.threats.len() {
            let live: std::collections::HashSet<u32> =
                session.threats.iter().map(|t| t.id).collect();
            self.by_id.retain(|id, _| live.contains(id));
        }
        for t in &session.threats {
            let text = statement_text(&t.title, &t.description);
            match self.by_id.get(&t.id) {
                Some((seen, _)) if *seen == text => {}
                _ => {
                    let st = Statement::new(&text);
                    self.by_id.insert(t.id, (text, st));
                }
            }
        }
    }

    pub fn get(&self, id: u32) -> Option<&Statement> {
        self.by_id.get(&id).map(|(_, s)| s)
    }

    /// The earliest threat in `session` (other than `id`, captured before
    /// it) whose statement matches threat `id`'s.
    pub fn earlier_match(&self, session: &Session, id: u32) -> Option<u32> {
        let this = self.get(id)?;
        session
            .threats
            .iter()
            .take_while(|t| t.id != id)
            .find(|t| self.get(t.id).is_some_and(|s| s.matches(this)))
            .map(|t| t.id)
    }
}

/// What the matcher reads of a threat: its title (the description is
/// context, not the statement).
fn statement_text(title: &str, _description: &str) -> String {
    title.to_owned()
}
