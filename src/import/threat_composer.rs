//! Import: a Threat Composer v1 workspace (`.tc.json`). Lenient: fields
//! tamer does not read are ignored, missing ones are empty; a field of the
//! wrong type, malformed JSON and nesting deeper than serde_json's limit
//! (128) end in an error at the file's line and column.
//!
//! What goes where:
//! - `applicationInfo.name` becomes the title; its description and the
//!   `architecture` and `dataflow` descriptions become the scope (Threat
//!   Composer has no model beyond text, so no elements are built); the
//!   diagrams' images are listed as unmapped;
//! - each threat becomes a threat: the title is its `statement`, or one
//!   built from the structured fields when there is none; the first `STRIDE`
//!   letter becomes the category (the others are listed); `Priority`, tags,
//!   comments and a status tamer has no decision for go into the
//!   description. `threatResolvedNotUseful` becomes "not a threat";
//!   `threatResolved` (mitigated or accepted, the file does not say which)
//!   is listed and no decision is made;
//! - each mitigation becomes a mitigation (the first line of its content is
//!   the title, the rest and the comments the description), its status
//!   mapped one to one; an `idea` tag (as tamer exports them) makes it an
//!   idea, anything else essential;
//! - `mitigationLinks` to threats become links; links to assumptions or to
//!   ids not in the file are listed;
//! - assumptions, their links and brainstorm items are counted as unmapped.
//!
//! Two items with the same id are an error (links to it would be
//! ambiguous), at the second one's place in the file.

use std::collections::HashMap;

use serde::Deserialize;

use super::build::Builder;
use super::{Imported, Options};
use crate::error::{Diagnostic, Error, Result};
use crate::session::{Decision, Effort, MitigationStatus, Reduces};

#[derive(Deserialize, Default)]
#[serde(
    default,
    rename_all = "camelCase",
    expecting = "a Threat Composer workspace object"
)]
struct Workspace {
    application_info: Option<Info>,
    architecture: Option<Picture>,
    dataflow: Option<Picture>,
    assumptions: Vec<Item>,
    mitigations: Vec<Item>,
    assumption_links: Vec<AssumptionLink>,
    mitigation_links: Vec<MitigationLink>,
    threats: Vec<TcThreat>,
    brainstorm: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default, expecting = "an object with a name and a description")]
struct Info {
    name: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, expecting = "an object with a description and an image")]
struct Picture {
    description: Option<String>,
    image: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a metadata entry with a key and a value")]
struct Meta {
    key: String,
    #[serde(default)]
    value: serde_json::Value,
}

#[derive(Deserialize, Default)]
#[serde(default, expecting = "an object with an id and content")]
struct Item {
    id: String,
    content: String,
    status: Option<String>,
    metadata: Vec<Meta>,
    tags: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase", expecting = "a threat object")]
struct TcThreat {
    id: String,
    statement: Option<String>,
    threat_source: Option<String>,
    prerequisites: Option<String>,
    threat_action: Option<String>,
    threat_impact: Option<String>,
    impacted_goal: Vec<String>,
    impacted_assets: Vec<String>,
    status: Option<String>,
    metadata: Vec<Meta>,
    tags: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase", expecting = "a link object")]
struct MitigationLink {
    mitigation_id: String,
    linked_id: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase", expecting = "a link object")]
struct AssumptionLink {
    assumption_id: String,
}

/// Reads a Threat Composer v1 workspace.
pub fn read(file: &str, text: &str, options: &Options) -> Result<Imported> {
    // serde reads a struct from a list too: the top level must be an object.
    let start = text.trim_start();
    if !start.starts_with('{') {
        let skipped = &text[..text.len() - start.len()];
        let line = skipped.matches('\n').count() + 1;
        let col = skipped.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(Error::invalid(Diagnostic {
            file: file.to_owned(),
            line,
            col,
            message: "Expected a Threat Composer workspace: a JSON object starting with `{`"
                .to_owned(),
        }));
    }
    let ws: Workspace = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    check_ids(file, text, &ws)?;

    let info = ws.application_info.unwrap_or_default();
    let mut b = Builder::new(info.name.as_deref().unwrap_or(""), options);

    let mut scope = info.description.unwrap_or_default().trim().to_owned();
    for (head, picture) in [
        ("Architecture", &ws.architecture),
        ("Data flow", &ws.dataflow),
    ] {
        let Some(p) = picture else { continue };
        if let Some(d) = p.description.as_deref().filter(|d| !d.trim().is_empty()) {
            scope.push_str(&format!("\n\n### {head}\n\n{}", d.trim()));
        }
        if p.image.as_deref().is_some_and(|i| !i.is_empty()) {
            b.unmapped(format!("the {} diagram (an image)", head.to_lowercase()));
        }
    }
    b.scope(scope.trim());

    let mut threat_ids: HashMap<&str, u32> = HashMap::new();
    for t in &ws.threats {
        let title = t
            .statement
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(|| statement(t), str::to_owned);
        let strides: Vec<String> = meta_list(&t.metadata, "STRIDE");
        let letters: Vec<&'static str> = strides.iter().filter_map(|s| category(s)).collect();
        let mut notes = Vec::new();
        if title.chars().count() > super::build::MAX_TITLE {
            notes.push(title.clone());
        }
        if let Some(c) = meta_text(&t.metadata, "Comments") {
            notes.push(c);
        }
        if let Some(p) = meta_text(&t.metadata, "Priority") {
            notes.push(format!("Priority (Threat Composer): {p}"));
        }
        if letters.len() > 1 {
            notes.push(format!("STRIDE: {}", strides.join(", ")));
        }
        if !t.tags.is_empty() {
            notes.push(format!("Tags: {}", t.tags.join(", ")));
        }
        let status = t.status.as_deref().unwrap_or("");
        if status == "threatResolved" {
            notes.push("Resolved in Threat Composer".to_owned());
        }
        let id = b.threat(&title, &notes.join("\n"), letters.first().copied(), None);
        let shown = b
            .session()
            .threats
            .last()
            .map(|x| short(&x.title))
            .unwrap_or_default();
        if letters.len() > 1 {
            let rest: Vec<&str> = strides.iter().skip(1).map(String::as_str).collect();
            b.unmapped(format!(
                "threat \"{shown}\": further STRIDE categories {} (kept in its description)",
                rest.join(", ")
            ));
        }
        match status {
            "threatResolvedNotUseful" => {
                if let Some(x) = b.threat_mut(id) {
                    x.decision = Some(Decision::NotAThreat {
                        reason: "Marked \"resolved, not useful\" in Threat Composer".to_owned(),
                    });
                }
            }
            "threatResolved" => b.unmapped(format!(
                "threat \"{shown}\": resolved in Threat Composer, which does not say whether \
                 it was mitigated or accepted; no decision made"
            )),
            "" | "threatIdentified" => {}
            other => b.unmapped(format!("threat \"{shown}\": status \"{other}\"")),
        }
        if !t.id.is_empty() {
            threat_ids.insert(t.id.as_str(), id);
        }
    }

    let assumption_ids: Vec<&str> = ws.assumptions.iter().map(|a| a.id.as_str()).collect();
    let mitigation_ids: Vec<&str> = ws.mitigations.iter().map(|m| m.id.as_str()).collect();
    let mut links: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut to_assumptions = 0;
    for l in &ws.mitigation_links {
        let known =
            !l.mitigation_id.is_empty() && mitigation_ids.contains(&l.mitigation_id.as_str());
        match threat_ids.get(l.linked_id.as_str()) {
            Some(t) if known => links.entry(l.mitigation_id.as_str()).or_default().push(*t),
            _ if known && assumption_ids.contains(&l.linked_id.as_str()) => to_assumptions += 1,
            _ => b.unmapped(format!(
                "a link from mitigation \"{}\" to \"{}\": {} not in the file",
                short(&l.mitigation_id),
                short(&l.linked_id),
                if known {
                    "the threat is"
                } else {
                    "the mitigation is"
                }
            )),
        }
    }

    for m in &ws.mitigations {
        let content = m.content.trim();
        let (title, rest) = content.split_once('\n').unwrap_or((content, ""));
        let mut details = Details::default();
        let mut notes = Vec::new();
        let rest = details.take(rest);
        if !rest.trim().is_empty() {
            notes.push(rest.trim().to_owned());
        }
        let comments = meta_text(&m.metadata, "Comments");
        if let Some(c) = &comments {
            let c = details.take(c);
            if !c.trim().is_empty() {
                notes.push(c.trim().to_owned());
            }
        }
        let idea = m.tags.iter().any(|t| t.eq_ignore_ascii_case("idea"));
        let other_tags: Vec<&str> = m
            .tags
            .iter()
            .map(String::as_str)
            .filter(|t| !t.eq_ignore_ascii_case("idea") && !t.eq_ignore_ascii_case("essential"))
            .collect();
        if !other_tags.is_empty() {
            notes.push(format!("Tags: {}", other_tags.join(", ")));
        }
        let status = match m.status.as_deref() {
            Some("mitigationInProgress") => MitigationStatus::InProgress,
            Some("mitigationResolved") => MitigationStatus::Done,
            Some("mitigationResolvedWillNotAction") => MitigationStatus::WontDo {
                reason: details
                    .wont_do
                    .clone()
                    .unwrap_or_else(|| "Marked \"will not action\" in Threat Composer".to_owned()),
            },
            None | Some("mitigationIdentified") => MitigationStatus::Planned,
            Some(other) => {
                b.unmapped(format!(
                    "mitigation \"{}\": status \"{other}\" (imported as planned)",
                    short(title)
                ));
                MitigationStatus::Planned
            }
        };
        if let (Some(reason), false) = (
            &details.wont_do,
            matches!(status, MitigationStatus::WontDo { .. }),
        ) {
            notes.push(format!("Won't do: {reason}"));
        }
        let threats = links.get(m.id.as_str()).cloned().unwrap_or_default();
        let id = b.mitigation(title, &notes.join("\n"), !idea, status, &threats);
        if let Some(x) = b.mitigation_mut(id) {
            details.apply(x);
        }
    }

    if !ws.assumptions.is_empty() || !ws.assumption_links.is_empty() {
        b.unmapped(format!(
            "{} assumptions and {} links to them (tamer has no assumptions)",
            ws.assumptions.len(),
            ws.assumption_links.len()
        ));
    }
    if to_assumptions > 0 {
        b.unmapped(format!(
            "{to_assumptions} links from mitigations to assumptions"
        ));
    }
    if let Some(brainstorm) = &ws.brainstorm {
        let items: usize = brainstorm
            .values()
            .map(|v| v.as_array().map_or(0, Vec::len))
            .sum();
        if items > 0 {
            b.unmapped(format!("{items} brainstorm items"));
        }
    }
    b.finish("threat-composer", file)
}

/// What tamer's own export writes of a mitigation besides its title, read
/// back from the lines it writes them in ("Done when: …", "Owner: …",
/// "Due: …", "Won't do: …", "Essential; reduces harm; effort S").
#[derive(Debug, Default)]
struct Details {
    criteria: Option<String>,
    owner: Option<String>,
    due: Option<chrono::NaiveDate>,
    reduces: Option<Reduces>,
    effort: Option<Effort>,
    wont_do: Option<String>,
}

impl Details {
    /// `text` without the lines read into `self`.
    fn take(&mut self, text: &str) -> String {
        let mut kept = Vec::new();
        for line in text.lines() {
            if !self.read(line.trim()) {
                kept.push(line);
            }
        }
        kept.join("\n")
    }

    fn read(&mut self, line: &str) -> bool {
        let one = |t: &str| -> Option<String> {
            let t = crate::session::change::clean_line(t);
            let t: String = t.chars().take(super::build::MAX_TITLE).collect();
            (!t.is_empty()).then_some(t)
        };
        if let Some(t) = line.strip_prefix("Done when: ") {
            self.criteria = one(t);
        } else if let Some(t) = line.strip_prefix("Owner: ") {
            self.owner = one(t);
        } else if let Some(t) = line.strip_prefix("Won't do: ") {
            self.wont_do = one(t);
        } else if let Some(t) = line.strip_prefix("Due: ") {
            let Some(due) = chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                .ok()
                .filter(|d| crate::session::check::YEARS.contains(&chrono::Datelike::year(d)))
            else {
                return false;
            };
            self.due = Some(due);
        } else {
            let parts: Vec<&str> = line.split("; ").collect();
            let [kind, reduces, effort] = parts.as_slice() else {
                return false;
            };
            if !matches!(*kind, "Essential" | "Idea") {
                return false;
            }
            let reduces = match reduces.strip_prefix("reduces ") {
                Some("likelihood") => Reduces::Likelihood,
                Some("harm") => Reduces::Harm,
                _ => return false,
            };
            let effort = match effort.strip_prefix("effort ") {
                Some("S") => Effort::Small,
                Some("M") => Effort::Medium,
                Some("L") => Effort::Large,
                _ => return false,
            };
            self.reduces = Some(reduces);
            self.effort = Some(effort);
        }
        true
    }

    fn apply(&self, m: &mut crate::session::Mitigation) {
        if let Some(c) = &self.criteria {
            m.criteria = c.clone();
        }
        if let Some(o) = &self.owner {
            m.owner = o.clone();
        }
        if self.due.is_some() {
            m.due = self.due;
        }
        if let Some(r) = self.reduces {
            m.reduces = r;
        }
        if let Some(e) = self.effort {
            m.effort = e;
        }
    }
}

/// The tamer category of a STRIDE letter.
fn category(letter: &str) -> Option<&'static str> {
    Some(match letter.trim() {
        "S" => "spoofing",
        "T" => "tampering",
        "R" => "repudiation",
        "I" => "information-disclosure",
        "D" => "denial-of-service",
        "E" => "elevation-of-privilege",
        _ => return None,
    })
}

/// A statement from the structured fields, in Threat Composer's pattern:
/// "A source prerequisites can action, which leads to impact, resulting in
/// reduced goals of assets".
fn statement(t: &TcThreat) -> String {
    let field = |f: &Option<String>| f.as_deref().unwrap_or("").trim().to_owned();
    let (source, pre, action, impact) = (
        field(&t.threat_source),
        field(&t.prerequisites),
        field(&t.threat_action),
        field(&t.threat_impact),
    );
    let list = |v: &[String]| {
        v.iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (goals, assets) = (list(&t.impacted_goal), list(&t.impacted_assets));
    if source.is_empty() && action.is_empty() {
        return String::new();
    }
    let mut s = String::new();
    if !source.is_empty() {
        let article = if source.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
            "An"
        } else {
            "A"
        };
        s.push_str(&format!("{article} {source}"));
    } else {
        s.push_str("Someone");
    }
    if !pre.is_empty() {
        s.push_str(&format!(" {pre}"));
    }
    if !action.is_empty() {
        s.push_str(&format!(" can {action}"));
    }
    if !impact.is_empty() {
        s.push_str(&format!(", which leads to {impact}"));
    }
    match (goals.is_empty(), assets.is_empty()) {
        (false, false) => s.push_str(&format!(", resulting in reduced {goals} of {assets}")),
        (false, true) => s.push_str(&format!(", resulting in reduced {goals}")),
        (true, false) => s.push_str(&format!(", negatively impacting {assets}")),
        (true, true) => {}
    }
    s
}

/// The text of the first metadata entry `key` (a list is joined).
fn meta_text(metadata: &[Meta], key: &str) -> Option<String> {
    let list = meta_list(metadata, key);
    let text = list.join(", ");
    (!text.trim().is_empty()).then_some(text)
}

/// The values of the first metadata entry `key`, as a list.
fn meta_list(metadata: &[Meta], key: &str) -> Vec<String> {
    let Some(m) = metadata.iter().find(|m| m.key == key) else {
        return Vec::new();
    };
    match &m.value {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// At most 60 characters, for listing.
fn short(text: &str) -> String {
    let one: String = crate::text::clean(text);
    match one.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &one[..at]),
        None => one,
    }
}

/// A JSON syntax or shape error at the place serde_json reports.
fn json_error(file: &str, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    let mut message = match full.rfind(" at line ") {
        Some(at) => full[..at].to_owned(),
        None => full,
    };
    if message == "recursion limit exceeded" {
        message = "Nested too deeply (more than 128 levels)".to_owned();
    }
    let message = match message.chars().next() {
        Some(first) => first
            .to_uppercase()
            .chain(message.chars().skip(1))
            .collect(),
        None => "Invalid JSON".to_owned(),
    };
    Error::invalid(Diagnostic {
        file: file.to_owned(),
        line: e.line().max(1),
        col: e.column().max(1),
        message: crate::text::clean(&message),
    })
}

/// Every threat, mitigation and assumption id is given once.
fn check_ids(file: &str, text: &str, ws: &Workspace) -> Result<()> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let ids = ws
        .threats
        .iter()
        .map(|t| (t.id.as_str(), "threat"))
        .chain(ws.mitigations.iter().map(|m| (m.id.as_str(), "mitigation")))
        .chain(ws.assumptions.iter().map(|a| (a.id.as_str(), "assumption")));
    for (id, kind) in ids {
        if id.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(id, kind) {
            let (line, col) = id_place(text, id, 1).unwrap_or((1, 1));
            return Err(Error::invalid(Diagnostic {
                file: file.to_owned(),
                line,
                col,
                message: format!(
                    "The id \"{}\" is given to a {first} and again to a {kind}; each item needs \
                     its own id",
                    short(id)
                ),
            }));
        }
    }
    Ok(())
}

/// The line and column (from 1) of the `nth` (from 0) `"id": "<id>"` in
/// `text`.
fn id_place(text: &str, id: &str, nth: usize) -> Option<(usize, usize)> {
    let quoted = serde_json::to_string(id).ok()?;
    let mut found = 0;
    for (at, _) in text.match_indices(&quoted) {
        let before = text[..at].trim_end();
        let is_id = before
            .strip_suffix(':')
            .is_some_and(|b| b.trim_end().ends_with("\"id\""));
        if !is_id {
            continue;
        }
        if found == nth {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..at].matches('\n').count() + 1;
            let col = text[line_start..at].chars().count() + 1;
            return Some((line, col));
        }
        found += 1;
    }
    None
}
