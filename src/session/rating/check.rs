//! The scheme checker: every problem of a parsed scheme, placed in its text.

use std::collections::HashMap;

use super::{Action, Level, MAX_LEVELS, Scheme};
use crate::deck::outline::{self, Node, Pos};
use crate::error::Diagnostic;

pub(super) fn check(file: &str, text: &str, scheme: &Scheme) -> Vec<Diagnostic> {
    let mut c = Checker(outline::Placed::new(file, text));
    c.header(scheme);
    let likelihood = c.levels("likelihood", &scheme.likelihood);
    let impact = c.levels("impact", &scheme.impact);
    if c.matrix(scheme) && likelihood && impact {
        c.sanity(scheme);
    }
    c.out.sort_by_key(|d| (d.line, d.col));
    c.0.out
}

crate::deck::outline::checker!();

/// `1 row`, `3 rows`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Lower-case letters, digits and '-', not empty: what ids may be.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Checker<'_> {
    /// Where a top-level field's name is, or the scheme's start.
    fn top(&self, name: &str) -> Pos {
        let root = self.root.as_ref();
        root.and_then(|r| r.field(name))
            .map_or(self.start(), |f| f.pos)
    }

    /// The outline of a top-level field's value.
    fn node(&self, name: &str) -> Option<&Node> {
        self.root.as_ref()?.get(name)
    }

    fn header(&mut self, s: &Scheme) {
        if !valid_id(&s.id) {
            let msg = format!(
                "scheme id \"{}\" is not usable; expected lower-case letters, digits and '-'",
                s.id
            );
            self.at(self.top("id"), msg);
        }
        if s.version == 0 {
            let msg = "the scheme has no version; expected `version: 1` or more, \
                       raised whenever a suggestion changes"
                .into();
            self.at(self.top("version"), msg);
        }
        if s.title.trim().is_empty() {
            let msg = "the scheme has no title; expected `title: \"...\"`".into();
            self.at(self.top("title"), msg);
        }
        if s.licence.trim().is_empty() {
            let msg = "the scheme has no licence; expected `licence: \"...\"` for its own text";
            self.at(self.top("licence"), msg.into());
        }
        for (i, source) in s.sources.iter().enumerate() {
            if source.licence.trim().is_empty() {
                let pos = self
                    .node("sources")
                    .and_then(|n| n.items().get(i))
                    .map_or(self.top("sources"), Node::pos);
                let msg = format!(
                    "source \"{}\" has no licence; expected `licence: \"...\"` for every source",
                    source.name
                );
                self.at(pos, msg);
            }
        }
    }

    /// Checks one axis; whether its levels can be used to place cells.
    fn levels(&mut self, axis: &'static str, levels: &[Level]) -> bool {
        let mut fine = true;
        if !(2..=MAX_LEVELS).contains(&levels.len()) {
            let msg = format!(
                "{axis} has {}; expected 2 to {MAX_LEVELS} levels, lowest first",
                count(levels.len(), "level")
            );
            self.at(self.top(axis), msg);
            fine = false;
        }
        let mut first: HashMap<&str, Pos> = HashMap::new();
        for (i, level) in levels.iter().enumerate() {
            let node = self.node(axis).and_then(|n| n.items().get(i)).cloned();
            let item = node.as_ref().map_or(self.top(axis), Node::pos);
            let field = |name: &str| {
                node.as_ref()
                    .and_then(|n| n.field(name))
                    .map_or(item, |f| f.pos)
            };
            if !valid_id(&level.id) {
                let msg = format!(
                    "{axis} level {} has the id \"{}\"; expected lower-case letters, digits and '-'",
                    i + 1,
                    level.id
                );
                self.at(field("id"), msg);
            } else if let Some(p) = first.get(level.id.as_str()) {
                let msg = format!(
                    "{axis} level id \"{}\" is used twice (first at {}:{}); expected unique ids",
                    level.id, p.line, p.col
                );
                self.at(field("id"), msg);
                fine = false;
            } else {
                first.insert(&level.id, field("id"));
            }
            if level.name.trim().is_empty() {
                let msg = format!(
                    "{axis} level {} has no name; expected `name: \"...\"`, shown on screen",
                    i + 1
                );
                self.at(item, msg);
            }
        }
        fine
    }

    /// The matrix has one row per likelihood level and one column per
    /// impact level; returns whether it does.
    fn matrix(&mut self, s: &Scheme) -> bool {
        let (rows, cols) = (s.likelihood.len(), s.impact.len());
        if s.actions.len() != rows {
            let msg = format!(
                "`actions` has {}; expected {rows}, one per likelihood level (lowest first)",
                count(s.actions.len(), "row")
            );
            self.at(self.top("actions"), msg);
            return false;
        }
        let mut fine = true;
        for (r, row) in s.actions.iter().enumerate() {
            if row.len() != cols {
                let pos = self.cell(r, None);
                let msg = format!(
                    "row {} of `actions` (likelihood \"{}\") has {}; expected {cols}, one per impact level (lowest first)",
                    r + 1,
                    s.likelihood[r].id,
                    count(row.len(), "action")
                );
                self.at(pos, msg);
                fine = false;
            }
        }
        fine
    }

    /// Where row `r` (or its cell `c`) of the matrix is.
    fn cell(&self, r: usize, c: Option<usize>) -> Pos {
        let row = self.node("actions").and_then(|n| n.items().get(r));
        let cell = c.and_then(|c| row?.items().get(c));
        cell.or(row).map_or(self.top("actions"), Node::pos)
    }

    /// A scheme that a team can trust [3.1.8]: the worst case is MUST, the
    /// mildest is not, and a higher likelihood or impact never suggests
    /// less.
    fn sanity(&mut self, s: &Scheme) {
        let (rows, cols) = (s.likelihood.len(), s.impact.len());
        let name = |r: usize, c: usize| {
            format!(
                "likelihood \"{}\" × impact \"{}\"",
                s.likelihood[r].id, s.impact[c].id
            )
        };
        let top = s.actions[rows - 1][cols - 1];
        if top != Action::Must {
            let msg = format!(
                "{} is {top}; expected MUST for the highest likelihood and impact, or the scheme accepts the worst case [3.1.5]",
                name(rows - 1, cols - 1)
            );
            self.at(self.cell(rows - 1, Some(cols - 1)), msg);
        }
        if s.actions[0][0] == Action::Must {
            let msg = format!(
                "{} is MUST; expected less for the lowest likelihood and impact, or every threat is critical [3.1.7]",
                name(0, 0)
            );
            self.at(self.cell(0, Some(0)), msg);
        }
        for r in 0..rows {
            for c in 0..cols {
                let here = s.actions[r][c];
                let below = [
                    (r > 0).then(|| (s.actions[r - 1][c], "likelihood", &s.likelihood[r - 1].id)),
                    (c > 0).then(|| (s.actions[r][c - 1], "impact", &s.impact[c - 1].id)),
                ];
                if let Some((lower, axis, id)) = below
                    .into_iter()
                    .flatten()
                    .find(|(lower, _, _)| lower.strength() > here.strength())
                {
                    let msg = format!(
                        "{} is {here}, less than {lower} for the lower {axis} \"{id}\"; a higher likelihood or impact should never suggest less [3.1.8]",
                        name(r, c)
                    );
                    self.at(self.cell(r, Some(c)), msg);
                }
            }
        }
    }
}
