//! Scenario files: a small system to practise on, with a brief, its model
//! (boundaries, elements, flows) and the reference threats a reviewer would
//! expect, each with its category, element, mitigations and hints. Checked
//! like decks: every problem at once, each at its `file:line:col`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::deck::outline::{self, Node, Pos};
use crate::deck::{ElementKind, Source, unknown};
use crate::error::{Diagnostic, Diagnostics};

/// The categories a reference threat may name: those of the built-in STRIDE
/// deck (a test keeps the two in step).
pub const CATEGORIES: &[&str] = &[
    "spoofing",
    "tampering",
    "repudiation",
    "information-disclosure",
    "denial-of-service",
    "elevation-of-privilege",
];

/// How many reference threats a scenario holds.
pub const THREATS: std::ops::RangeInclusive<usize> = 10..=20;
/// How many mitigations and hints a reference threat holds.
pub const MITIGATIONS: std::ops::RangeInclusive<usize> = 1..=3;
pub const HINTS: std::ops::RangeInclusive<usize> = 1..=2;
/// At most this many elements, flows or boundaries: a practice system is small.
pub const MAX_PARTS: usize = 40;
/// A practice run's suggested minutes.
pub const MINUTES: std::ops::RangeInclusive<u32> = 10..=240;

/// Longest texts, in characters.
const MAX_KEY: usize = 40;
const MAX_TITLE: usize = 120;
const MAX_LINE: usize = 240;
const MAX_DESCRIPTION: usize = 600;
const MAX_BRIEF: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub version: u32,
    /// Several sentences: what the system does, for whom, what matters most.
    pub brief: String,
    pub sources: Vec<Source>,
    pub licence: String,
    /// The suggested budget for a practice run.
    pub minutes: u32,
    pub boundaries: Vec<ScenarioBoundary>,
    pub elements: Vec<ScenarioElement>,
    pub flows: Vec<ScenarioFlow>,
    pub threats: Vec<ReferenceThreat>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScenarioBoundary {
    pub key: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioElement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub title: String,
    /// Written as its id, `kind: "process"`; not `data-flow`: flows are
    /// listed in `flows`.
    #[serde(with = "kind_id")]
    pub kind: ElementKind,
    /// The key of the boundary the element sits inside, if any.
    #[serde(default)]
    pub boundary: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScenarioFlow {
    pub key: String,
    pub title: String,
    /// Element keys.
    pub from: String,
    pub to: String,
    pub description: String,
    /// What the flow carries (one line), if the scenario says.
    pub carries: String,
    /// The channel, e.g. "HTTPS" or "Bluetooth LE" (one line), if said.
    pub protocol: String,
    /// Whether each end knows who the other is. Left out: not (a flow the
    /// scenario says nothing about shows as unauthenticated, which is what
    /// a reviewer should assume).
    pub authenticated: bool,
    /// Whether the channel is encrypted; left out: not.
    pub encrypted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReferenceThreat {
    /// Unique in the scenario, e.g. "upload-malware".
    pub id: String,
    /// One sentence, as a reviewer would write it.
    pub title: String,
    /// A STRIDE category id (see [`CATEGORIES`]).
    pub category: String,
    /// The key of an element or a flow.
    pub element: String,
    /// What a reviewer would expect (1 to 3 short lines).
    pub mitigations: Vec<String>,
    /// 1 or 2 nudges that point at the threat without giving it away.
    pub hints: Vec<String>,
}

/// An element kind as its deck id (`"external-entity"`), as decks write it.
mod kind_id {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::deck::ElementKind;

    pub fn serialize<S: Serializer>(kind: &ElementKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.id())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ElementKind, D::Error> {
        let id = String::deserialize(d)?;
        ElementKind::from_id(&id).ok_or_else(|| {
            let kinds: Vec<&str> = ElementKind::ALL.iter().map(|k| k.id()).collect();
            D::Error::custom(crate::deck::unknown("element kind", &id, &kinds))
        })
    }
}

/// What a reference threat's `element` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    Element(&'a ScenarioElement),
    Flow(&'a ScenarioFlow),
}

impl<'a> Part<'a> {
    pub fn title(&self) -> &'a str {
        match self {
            Part::Element(e) => &e.title,
            Part::Flow(f) => &f.title,
        }
    }

    pub fn kind(&self) -> ElementKind {
        match self {
            Part::Element(e) => e.kind,
            Part::Flow(_) => ElementKind::DataFlow,
        }
    }
}

impl Scenario {
    /// Parses and checks one scenario file.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, Diagnostics> {
        let scenario: Scenario = ron::Options::default()
            .from_str(text)
            .map_err(|e| Diagnostics(vec![Diagnostic::from_ron(file, &e)]))?;
        let problems = Checker(outline::Placed::new(file, text)).check(&scenario);
        if problems.is_empty() {
            Ok(scenario)
        } else {
            Err(Diagnostics(problems))
        }
    }

    pub fn element(&self, key: &str) -> Option<&ScenarioElement> {
        self.elements.iter().find(|e| e.key == key)
    }

    pub fn flow(&self, key: &str) -> Option<&ScenarioFlow> {
        self.flows.iter().find(|f| f.key == key)
    }

    pub fn boundary(&self, key: &str) -> Option<&ScenarioBoundary> {
        self.boundaries.iter().find(|b| b.key == key)
    }

    /// The element or flow a key names.
    pub fn part(&self, key: &str) -> Option<Part<'_>> {
        self.element(key)
            .map(Part::Element)
            .or_else(|| self.flow(key).map(Part::Flow))
    }

    pub fn threat(&self, id: &str) -> Option<&ReferenceThreat> {
        self.threats.iter().find(|t| t.id == id)
    }

    /// The reference threats on one element or flow.
    pub fn threats_on<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a ReferenceThreat> {
        self.threats.iter().filter(move |t| t.element == key)
    }
}

/// The scenarios built into the binary, as (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "decks/scenarios/photo-sharing.ron",
        include_str!("../../decks/scenarios/photo-sharing.ron"),
    ),
    (
        "decks/scenarios/smart-lock.ron",
        include_str!("../../decks/scenarios/smart-lock.ron"),
    ),
    (
        "decks/scenarios/payroll-batch.ron",
        include_str!("../../decks/scenarios/payroll-batch.ron"),
    ),
];

/// The built-in scenarios. They are checked by a test, so a broken one never
/// ships; one that fails anyway is left out rather than panicking.
pub fn builtin() -> Vec<Scenario> {
    BUILTIN
        .iter()
        .filter_map(|(name, text)| Scenario::parse(name, text).ok())
        .collect()
}

pub use crate::deck::{Origin, Skipped};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub scenario: Scenario,
    pub origin: Origin,
}

/// Every scenario a learner can practise on: the built-in ones, with user
/// scenarios added or replacing them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    pub scenarios: Vec<Entry>,
    pub skipped: Vec<Skipped>,
}

impl Library {
    pub fn builtin() -> Self {
        Self::with_user_scenarios(Vec::new())
    }

    /// Built-in scenarios plus user files given as (path, text or read error).
    pub fn with_user_scenarios(user: Vec<crate::deck::UserFile>) -> Self {
        let (scenarios, skipped) =
            crate::deck::merge_user(builtin(), user, "scenario", |s| &s.id, Scenario::parse);
        Library {
            scenarios: scenarios
                .into_iter()
                .map(|(scenario, origin)| Entry { scenario, origin })
                .collect(),
            skipped,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Scenario> {
        self.entry(id).map(|e| &e.scenario)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.scenarios.iter().find(|e| e.scenario.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.scenarios
            .iter()
            .map(|e| e.scenario.id.as_str())
            .collect()
    }

    /// What to say when `id` names no scenario: the ids there are, and the
    /// nearest one if it is close.
    pub fn unknown(&self, id: &str) -> String {
        unknown("scenario", id, &self.ids())
    }
}

// The checker: every problem in a parsed scenario, placed in the text.
crate::deck::outline::checker!();

/// Which top-level list a part is in, for messages and positions.
#[derive(Clone, Copy)]
struct ListName {
    field: &'static str,
    what: &'static str,
}

const BOUNDARIES: ListName = ListName {
    field: "boundaries",
    what: "boundary",
};
const ELEMENTS: ListName = ListName {
    field: "elements",
    what: "element",
};
const FLOWS: ListName = ListName {
    field: "flows",
    what: "flow",
};
const THREAT_LIST: ListName = ListName {
    field: "threats",
    what: "threat",
};

impl<'a> Checker<'a> {
    /// Where a top-level field's value is, or the scenario's start.
    fn top(&self, name: &str) -> Pos {
        self.root
            .as_ref()
            .and_then(|r| r.field(name))
            .map_or(self.start(), |f| f.value.pos())
    }

    /// The outline of the `i`th item of a top-level list field.
    fn item(&self, list: ListName, i: usize) -> Option<&Node> {
        self.root.as_ref()?.get(list.field)?.items().get(i)
    }

    /// Where field `name` of the `i`th item of `list` is: its value, or the
    /// item, or the list.
    fn item_field(&self, list: ListName, i: usize, name: &str) -> Pos {
        match self.item(list, i) {
            Some(node) => node
                .field(name)
                .map_or(node.pos(), |f| f.value.unwrap_some().pos()),
            None => self.top(list.field),
        }
    }

    /// Where the `j`th line of list field `name` of the `i`th item is.
    fn item_line(&self, list: ListName, i: usize, name: &str, j: usize) -> Pos {
        self.item(list, i)
            .and_then(|n| n.get(name))
            .and_then(|l| l.items().get(j))
            .map_or_else(|| self.item_field(list, i, name), Node::pos)
    }

    fn check(mut self, s: &Scenario) -> Vec<Diagnostic> {
        self.check_header(s);
        let mut keys: HashMap<&str, Pos> = HashMap::new();
        for (i, b) in s.boundaries.iter().enumerate() {
            self.check_key(BOUNDARIES, i, &b.key, &mut keys);
            let name = named(BOUNDARIES, i, &b.key);
            self.text(BOUNDARIES, i, "title", &name, &b.title, MAX_TITLE, true);
            self.text(
                BOUNDARIES,
                i,
                "description",
                &name,
                &b.description,
                MAX_DESCRIPTION,
                false,
            );
        }
        for (i, e) in s.elements.iter().enumerate() {
            self.check_key(ELEMENTS, i, &e.key, &mut keys);
            let name = named(ELEMENTS, i, &e.key);
            self.text(ELEMENTS, i, "title", &name, &e.title, MAX_TITLE, true);
            self.text(
                ELEMENTS,
                i,
                "description",
                &name,
                &e.description,
                MAX_DESCRIPTION,
                false,
            );
            if e.kind == ElementKind::DataFlow {
                let pos = self.item_field(ELEMENTS, i, "kind");
                self.at(
                    pos,
                    format!("{name} is a data flow; expected `external-entity`, `process` or `data-store` (list flows under `flows`)"),
                );
            }
            if let Some(boundary) = &e.boundary
                && s.boundary(boundary).is_none()
            {
                let pos = self.item_field(ELEMENTS, i, "boundary");
                let known: Vec<&str> = s.boundaries.iter().map(|b| b.key.as_str()).collect();
                let msg = if known.is_empty() {
                    format!(
                        "{name} sits in boundary \"{boundary}\", but the scenario has no boundaries; expected `None` or a key from `boundaries`"
                    )
                } else {
                    format!("{name}: {}", unknown("boundary", boundary, &known))
                };
                self.at(pos, msg);
            }
        }
        let element_keys: Vec<&str> = s.elements.iter().map(|e| e.key.as_str()).collect();
        for (i, f) in s.flows.iter().enumerate() {
            self.check_key(FLOWS, i, &f.key, &mut keys);
            let name = named(FLOWS, i, &f.key);
            self.text(FLOWS, i, "title", &name, &f.title, MAX_TITLE, true);
            self.text(
                FLOWS,
                i,
                "description",
                &name,
                &f.description,
                MAX_DESCRIPTION,
                false,
            );
            // Optional one-line facts about the channel: empty is fine.
            for (field, value) in [("carries", &f.carries), ("protocol", &f.protocol)] {
                if !value.is_empty()
                    && let Some(problem) = text_problem(value, MAX_TITLE, true)
                {
                    let pos = self.item_field(FLOWS, i, field);
                    self.at(pos, format!("{name} `{field}` {problem}"));
                }
            }
            for (end, key) in [("from", &f.from), ("to", &f.to)] {
                if s.element(key).is_none() {
                    let pos = self.item_field(FLOWS, i, end);
                    let msg = if key.trim().is_empty() {
                        format!("{name} has no `{end}`; expected the key of an element")
                    } else {
                        format!("{name} `{end}`: {}", unknown("element", key, &element_keys))
                    };
                    self.at(pos, msg);
                }
            }
            if !f.from.is_empty() && f.from == f.to {
                let pos = self.item_field(FLOWS, i, "to");
                self.at(
                    pos,
                    format!(
                        "{name} goes from \"{}\" to itself; expected two different elements",
                        f.from
                    ),
                );
            }
        }
        self.unique_titles(ELEMENTS, s.elements.iter().map(|e| e.title.as_str()));
        self.unique_titles(FLOWS, s.flows.iter().map(|f| f.title.as_str()));
        self.check_threats(s);
        self.out.sort_by_key(|d| (d.line, d.col));
        self.0.out
    }

    fn check_header(&mut self, s: &Scenario) {
        if !usable_key(&s.id) {
            let pos = self.top("id");
            self.at(
                pos,
                format!(
                    "scenario id \"{}\" is not usable; expected 1 to {MAX_KEY} lower-case letters, digits and '-'",
                    s.id
                ),
            );
        }
        if s.version == 0 {
            let pos = self.top("version");
            self.at(
                pos,
                "the scenario has no version; expected `version: 1` or higher (raise it when the reference threats change)".into(),
            );
        }
        self.top_text("title", "the scenario's title", &s.title, MAX_TITLE, true);
        self.top_text("brief", "the scenario's brief", &s.brief, MAX_BRIEF, false);
        self.top_text(
            "licence",
            "the scenario's licence",
            &s.licence,
            MAX_TITLE,
            true,
        );
        if !MINUTES.contains(&s.minutes) {
            let pos = self.top("minutes");
            self.at(
                pos,
                format!(
                    "`minutes: {}` is not a practice budget; expected {} to {} minutes",
                    s.minutes,
                    MINUTES.start(),
                    MINUTES.end()
                ),
            );
        }
        if s.sources.is_empty() {
            let pos = self.top("sources");
            self.at(
                pos,
                "the scenario names no sources; expected `sources: [(name: ..., licence: ..., used: ...)]`, even if the only source is your own work".into(),
            );
        }
        for (i, source) in s.sources.iter().enumerate() {
            let pos = self
                .root
                .as_ref()
                .and_then(|r| r.get("sources"))
                .and_then(|l| l.items().get(i))
                .map_or(self.top("sources"), Node::pos);
            if source.name.trim().is_empty() {
                self.at(
                    pos,
                    format!("source {} has no name; expected `name: \"...\"`", i + 1),
                );
            }
            if source.licence.trim().is_empty() {
                self.at(
                    pos,
                    format!("source \"{}\" has no licence; expected `licence: \"...\"` for every source", source.name),
                );
            }
            for (what, value) in [
                ("name", &source.name),
                ("url", &source.url),
                ("licence", &source.licence),
                ("used", &source.used),
            ] {
                if value.trim().is_empty() {
                    continue; // name and licence are reported above; url and used may be empty
                }
                if let Some(problem) = text_problem(value, MAX_DESCRIPTION, true) {
                    self.at(pos, format!("source {} `{what}` {problem}", i + 1));
                }
            }
        }
        for (list, max) in [
            (BOUNDARIES, MAX_PARTS),
            (ELEMENTS, MAX_PARTS),
            (FLOWS, MAX_PARTS),
        ] {
            let len = match list.field {
                "boundaries" => s.boundaries.len(),
                "elements" => s.elements.len(),
                _ => s.flows.len(),
            };
            if len > max {
                let pos = self.top(list.field);
                self.at(
                    pos,
                    format!(
                        "{len} {}s is too many for practice; expected at most {max}",
                        list.what
                    ),
                );
            }
        }
        if s.elements.is_empty() {
            let pos = self.top("elements");
            self.at(
                pos,
                "the scenario has no elements; expected `elements: [(key: ..., title: ..., kind: process, ...)]`".into(),
            );
        }
    }

    /// Keys are unique across boundaries, elements and flows, so that a
    /// threat's `element` names one thing.
    fn check_key<'s>(
        &mut self,
        list: ListName,
        i: usize,
        key: &'s str,
        seen: &mut HashMap<&'s str, Pos>,
    ) {
        let pos = self.item_field(list, i, "key");
        if !usable_key(key) {
            let msg = format!(
                "{} key \"{key}\" is not usable; expected 1 to {MAX_KEY} lower-case letters, digits and '-', unique in the scenario",
                list.what
            );
            self.at(pos, msg);
        } else if let Some(first) = seen.get(key) {
            let msg = format!(
                "key \"{key}\" is used twice (first at {}:{}); expected keys unique across boundaries, elements and flows",
                first.line, first.col
            );
            self.at(pos, msg);
        } else {
            seen.insert(key, pos);
        }
    }

    /// Element titles are unique among elements, flow titles among flows:
    /// the session names its elements by them, and a debrief finds the
    /// learner's elements by name.
    fn unique_titles<'s>(&mut self, list: ListName, titles: impl Iterator<Item = &'s str>) {
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (i, title) in titles.enumerate() {
            let folded = title.trim().to_lowercase();
            if folded.is_empty() {
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(t, _)| *t == folded) {
                let at = self.item_field(list, *first, "title");
                let pos = self.item_field(list, i, "title");
                self.at(
                    pos,
                    format!(
                        "{} title \"{}\" is used twice (first at {}:{}); expected each {} to have its own title",
                        list.what,
                        title.trim(),
                        at.line,
                        at.col,
                        list.what
                    ),
                );
            } else {
                seen.push((folded, i));
            }
        }
    }

    fn check_threats(&mut self, s: &Scenario) {
        if !THREATS.contains(&s.threats.len()) {
            let pos = self.top("threats");
            self.at(
                pos,
                format!(
                    "the scenario has {} reference threats; expected {} to {}",
                    s.threats.len(),
                    THREATS.start(),
                    THREATS.end()
                ),
            );
        }
        let parts: Vec<&str> = s
            .elements
            .iter()
            .map(|e| e.key.as_str())
            .chain(s.flows.iter().map(|f| f.key.as_str()))
            .collect();
        let mut ids: HashMap<&str, Pos> = HashMap::new();
        for (i, t) in s.threats.iter().enumerate() {
            let name = named(THREAT_LIST, i, &t.id);
            let pos = self.item_field(THREAT_LIST, i, "id");
            if !usable_key(&t.id) {
                self.at(
                    pos,
                    format!("{name} has no usable id; expected 1 to {MAX_KEY} lower-case letters, digits and '-', unique in the scenario"),
                );
            } else if let Some(first) = ids.get(t.id.as_str()) {
                let msg = format!(
                    "threat id \"{}\" is used twice (first at {}:{}); expected unique threat ids",
                    t.id, first.line, first.col
                );
                self.at(pos, msg);
            } else {
                ids.insert(&t.id, pos);
            }
            self.text(THREAT_LIST, i, "title", &name, &t.title, MAX_LINE, true);
            if !CATEGORIES.contains(&t.category.as_str()) {
                let pos = self.item_field(THREAT_LIST, i, "category");
                let msg = format!("{name}: {}", unknown("category", &t.category, CATEGORIES));
                self.at(pos, msg);
            }
            if s.part(&t.element).is_none() {
                let pos = self.item_field(THREAT_LIST, i, "element");
                let msg = if s.boundary(&t.element).is_some() {
                    format!(
                        "{name} is on boundary \"{}\"; expected the key of an element or flow (a threat sits on something that crosses or lives in a boundary)",
                        t.element
                    )
                } else {
                    format!("{name}: {}", unknown("element or flow", &t.element, &parts))
                };
                self.at(pos, msg);
            }
            self.lines(
                THREAT_LIST,
                i,
                "mitigations",
                &name,
                &t.mitigations,
                MITIGATIONS,
            );
            self.lines(THREAT_LIST, i, "hints", &name, &t.hints, HINTS);
        }
    }

    /// A list of short lines: how many, and each one's text.
    fn lines(
        &mut self,
        list: ListName,
        i: usize,
        field: &str,
        name: &str,
        values: &[String],
        count: std::ops::RangeInclusive<usize>,
    ) {
        if !count.contains(&values.len()) {
            let pos = self.item_field(list, i, field);
            self.at(
                pos,
                format!(
                    "{name} has {} {field}; expected {} to {}",
                    values.len(),
                    count.start(),
                    count.end()
                ),
            );
        }
        for (j, value) in values.iter().enumerate() {
            if let Some(problem) = text_problem(value, MAX_LINE, true) {
                let pos = self.item_line(list, i, field, j);
                self.at(pos, format!("{name} `{field}` line {} {problem}", j + 1));
            }
        }
    }

    /// One text field of an item.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        list: ListName,
        i: usize,
        field: &str,
        name: &str,
        value: &str,
        max: usize,
        one_line: bool,
    ) {
        if let Some(problem) = text_problem(value, max, one_line) {
            let pos = self.item_field(list, i, field);
            self.at(pos, format!("{name} `{field}` {problem}"));
        }
    }

    fn top_text(&mut self, field: &str, name: &str, value: &str, max: usize, one_line: bool) {
        if let Some(problem) = text_problem(value, max, one_line) {
            let pos = self.top(field);
            self.at(pos, format!("{name} `{field}` {problem}"));
        }
    }
}

/// "element \"web\"" or "element 3".
fn named(list: ListName, i: usize, key: &str) -> String {
    if key.trim().is_empty() {
        format!("{} {}", list.what, i + 1)
    } else {
        format!("{} \"{key}\"", list.what)
    }
}

fn usable_key(key: &str) -> bool {
    !key.is_empty()
        && key.chars().count() <= MAX_KEY
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What is wrong with a text, if anything: empty, too long, or holding
/// control characters (a line break is allowed where `one_line` is false).
fn text_problem(value: &str, max: usize, one_line: bool) -> Option<String> {
    if value.trim().is_empty() {
        return Some("is empty; expected some text".into());
    }
    let len = value.chars().count();
    if len > max {
        return Some(format!("is {len} characters long; expected at most {max}"));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| (c.is_control() && (one_line || c != '\n')) || crate::text::is_bidi_control(c))
    {
        return Some(format!(
            "holds the control character U+{:04X}; expected plain text{}",
            u32::from(c),
            if one_line { " on one line" } else { "" }
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_scenario_passes_the_checks() {
        for (name, text) in BUILTIN {
            let s = Scenario::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                format!("decks/scenarios/{}.ron", s.id),
                *name,
                "the id matches the file name"
            );
        }
        assert_eq!(builtin().len(), BUILTIN.len());
    }

    #[test]
    fn categories_are_the_stride_decks() {
        let lib = crate::deck::Library::builtin();
        let stride = lib.get("stride").expect("the STRIDE deck");
        let mut ids: Vec<&str> = stride.cards.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        let mut ours = CATEGORIES.to_vec();
        ours.sort_unstable();
        assert_eq!(ids, ours);
    }

    #[test]
    fn text_problems() {
        assert!(text_problem("fine", 10, true).is_none());
        assert!(text_problem("  ", 10, true).is_some());
        assert!(text_problem("far too long", 5, true).is_some());
        assert!(text_problem("a\nb", 10, true).is_some());
        assert!(text_problem("a\nb", 10, false).is_none());
        assert!(text_problem("a\x1b[2Jb", 10, false).is_some());
    }
}
