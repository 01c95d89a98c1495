//! Import: a Threat Dragon v2 model, read leniently (Threat Dragon's own
//! example does not pass its own schema, so the schema is never applied).
//!
//! Cells of every diagram become one model: `actor` an external entity,
//! `process` a process, `store` a data store (`isALog`: it holds logs),
//! `trust-boundary-box` a trust boundary, which an element gets when its
//! rectangle lies inside the box (the smallest such box when boxes nest),
//! `flow` a data flow between the elements its ends name (a flow with a
//! free end, or an end that is no element, is left out and listed).
//! `trust-boundary-curve` lines, text blocks, positions, sizes, styles and
//! element flags tamer has no place for are listed, one line each kind.
//!
//! Each threat under `data.threats` (or `threats`) becomes a threat on its
//! element or flow: `type` gives the category (STRIDE names become the
//! deck's ids, others are kept as written), `NotApplicable` becomes the
//! decision "not a threat" (its reason from the mitigation text, where
//! Threat Dragon asks for it), `Mitigated` the decision "mitigate". Severity
//! and score cannot be turned into likelihood and impact honestly: they are
//! kept in the threat's description and listed. The `mitigation` text
//! becomes mitigations linked to the threat: paragraphs headed the way
//! tamer exports them (`M2 (essential, in progress): title`) one each,
//! any other text one mitigation, essential and done when the threat is
//! `Mitigated`, an idea otherwise. The same text (or the same `M2`) on
//! several threats is one mitigation linked to all of them.
//!
//! Malformed JSON is an error at its `file:line:col`; wrong types and
//! duplicate cell ids are errors placed at the cell's id in the text.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::build::{Builder, FlowDraft};
use super::{Imported, Options};
use crate::deck::ElementKind;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::session::{Decision, Effort, MitigationStatus, Reduces};

/// The texts Threat Dragon (in English) puts into a new threat.
const PLACEHOLDER_MITIGATION: &str =
    "Provide remediation for this threat or a reason if status is N/A";
const PLACEHOLDER_DESCRIPTION: &str = "Provide a description for this threat";

/// The format's name in the timeline.
pub const FORMAT: &str = "threat-dragon";

/// Where a problem is reported: the file and its text.
struct Place<'a> {
    file: &'a str,
    text: &'a str,
}

impl Place<'_> {
    /// An error at the first occurrence of `"needle"` (the quoted string) in
    /// the text, or at 1:1.
    fn at(&self, needle: &str, nth: usize, message: String) -> Error {
        let quoted = serde_json::to_string(needle).unwrap_or_default();
        Error::Invalid(Diagnostics(vec![Diagnostic::located(
            self.file, self.text, &quoted, nth, message,
        )]))
    }
}

/// A cell, with what is read from it.
struct Cell<'a> {
    id: String,
    shape: String,
    obj: &'a Map<String, Value>,
    data: Option<&'a Map<String, Value>>,
}

fn kind_of(shape: &str, data_type: &str) -> &'static str {
    match (shape, data_type) {
        ("actor", _) | (_, "tm.Actor") => "actor",
        ("process", _) | (_, "tm.Process") => "process",
        ("store", _) | (_, "tm.Store") => "store",
        ("flow", _) | (_, "tm.Flow") => "flow",
        ("trust-boundary-box", _) | (_, "tm.BoundaryBox") => "box",
        ("trust-boundary-curve" | "trust-boundary", _) | (_, "tm.Boundary") => "curve",
        ("td-text-block", _) | (_, "tm.Text") => "text",
        _ => "other",
    }
}

/// tamer's category id for a Threat Dragon threat type.
pub fn category_of(kind: &str) -> Option<String> {
    let k = kind.trim();
    let id = match k.to_lowercase().as_str() {
        "" => return None,
        "spoofing" => "spoofing",
        "tampering" => "tampering",
        "repudiation" => "repudiation",
        "information disclosure" => "information-disclosure",
        "denial of service" => "denial-of-service",
        "elevation of privilege" => "elevation-of-privilege",
        _ => return Some(k.to_owned()),
    };
    Some(id.to_owned())
}

/// Reads a Threat Dragon v2 file.
pub fn read(file: &str, text: &str, options: &Options) -> Result<Imported> {
    let place = Place { file, text };
    let root: Value = serde_json::from_str(text).map_err(|e| {
        Error::Invalid(Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            line: e.line().max(1),
            col: e.column().max(1),
            message: format!("not a Threat Dragon model: {e}"),
        }]))
    })?;
    let Some(root) = root.as_object() else {
        return Err(Error::Invalid(Diagnostics(vec![Diagnostic::whole_file(
            file,
            "not a Threat Dragon model: expected a JSON object".into(),
        )])));
    };
    let summary = object(&place, root, "summary", "summary")?;
    let detail = object(&place, root, "detail", "detail")?
        .ok_or_else(|| place.at("detail", 0, "a Threat Dragon model needs `detail`".into()))?;
    let title = match summary {
        Some(s) => string(&place, s, "title", "summary")?.unwrap_or_default(),
        None => String::new(),
    };
    let mut b = Builder::new(&title, options);
    let mut people: Vec<String> = Vec::new();
    if let Some(s) = summary {
        if let Some(scope) = string(&place, s, "description", "summary")? {
            b.scope(&scope);
        }
        if let Some(owner) = string(&place, s, "owner", "summary")? {
            people.push(owner);
        }
    }
    if let Some(list) = array(&place, detail, "contributors", "detail")? {
        for c in list {
            if let Some(name) = c
                .as_object()
                .and_then(|c| c.get("name"))
                .and_then(Value::as_str)
            {
                people.push(name.to_owned());
            }
        }
    }
    if let Some(r) = string(&place, detail, "reviewer", "detail")?
        && !r.trim().is_empty()
    {
        b.unmapped(format!("the reviewer ({})", r.trim()));
    }

    // Every cell of every diagram, ids checked once.
    let diagrams = array(&place, detail, "diagrams", "detail")?.unwrap_or(&[]);
    let mut cells: Vec<Cell> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (d, diagram) in diagrams.iter().enumerate() {
        let Some(diagram) = diagram.as_object() else {
            return Err(place.at("diagrams", 0, format!("diagram {d} is not an object")));
        };
        for cell in array(&place, diagram, "cells", "a diagram")?.unwrap_or(&[]) {
            let Some(obj) = cell.as_object() else {
                return Err(place.at("cells", d, "a cell is not an object".into()));
            };
            let id = match obj.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => {
                    return Err(place.at("cells", d, "a cell has no id (text)".into()));
                }
            };
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                return Err(place.at(
                    &id,
                    1,
                    format!("two cells have the id \"{}\"", crate::text::clean(&id)),
                ));
            }
            let data = match obj.get("data") {
                Some(Value::Object(m)) => Some(m),
                None | Some(Value::Null) => None,
                Some(_) => return Err(place.at(&id, 0, "cell data is not an object".into())),
            };
            let shape = match obj.get("shape") {
                Some(Value::String(s)) => s.clone(),
                None | Some(Value::Null) => String::new(),
                Some(_) => return Err(place.at(&id, 0, "a cell's shape is not text".into())),
            };
            cells.push(Cell {
                id,
                shape,
                obj,
                data,
            });
        }
    }
    if diagrams.len() > 1 {
        b.unmapped(format!(
            "{} diagrams, merged into one model",
            diagrams.len()
        ));
    }

    let kind = |c: &Cell| {
        let t = c
            .data
            .and_then(|d| d.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("");
        kind_of(&c.shape, t)
    };
    let mut flags: BTreeSet<String> = BTreeSet::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();

    // Boundaries first, so elements can be placed in them.
    let mut boxes: Vec<(u32, Rect)> = Vec::new();
    for c in &cells {
        if kind(c) != "box" {
            continue;
        }
        let name = name_of(&place, c)?;
        let description = data_string(&place, c, "description")?;
        let id = b.boundary(&name, &description);
        if let Some(r) = rect(c) {
            boxes.push((id, r));
        }
    }
    let mut ids: HashMap<&str, u32> = HashMap::new();
    // Data stores that hold logs (the Builder adds elements without it).
    let mut logs: Vec<u32> = Vec::new();
    for c in &cells {
        let k = kind(c);
        let element_kind = match k {
            "actor" => ElementKind::ExternalEntity,
            "process" => ElementKind::Process,
            "store" => ElementKind::DataStore,
            "curve" | "text" | "other" => {
                *counts.entry(k).or_default() += 1;
                continue;
            }
            _ => continue,
        };
        let name = name_of(&place, c)?;
        let description = data_string(&place, c, "description")?;
        let boundary = rect(c).and_then(|r| {
            boxes
                .iter()
                .filter(|(_, bx)| inside(r, *bx))
                .min_by(|a, b| (a.1.2 * a.1.3).total_cmp(&(b.1.2 * b.1.3)))
                .map(|(id, _)| *id)
        });
        let id = b.element(element_kind, &name, &description, boundary);
        if element_kind == ElementKind::DataStore && data_bool(&place, c, "isALog")? {
            logs.push(id);
        }
        note_flags(c, &mut flags);
        ids.insert(c.id.as_str(), id);
    }
    for c in &cells {
        if kind(c) != "flow" {
            continue;
        }
        let name = name_of(&place, c)?;
        let end = |key: &str| {
            c.obj
                .get(key)
                .and_then(Value::as_object)
                .and_then(|o| o.get("cell"))
                .and_then(Value::as_str)
                .and_then(|cell| ids.get(cell).copied())
        };
        let (Some(from), Some(to)) = (end("source"), end("target")) else {
            b.unmapped(format!(
                "data flow \"{}\": an end is not an element of the model",
                crate::text::clean(&name)
            ));
            continue;
        };
        let (description, carries, authenticated) =
            split_flow_description(&data_string(&place, c, "description")?);
        let flow = FlowDraft {
            name: name.clone(),
            description,
            from,
            to,
            carries,
            protocol: data_string(&place, c, "protocol")?,
            authenticated,
            encrypted: data_bool(&place, c, "isEncrypted")?,
        };
        note_flags(c, &mut flags);
        if let Some(id) = b.flow(flow) {
            ids.insert(c.id.as_str(), id);
        }
    }

    // Threats, cell by cell, and the mitigations their texts name.
    let mut mitigations: Vec<MitigationDraft> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut severities = 0;
    let mut statuses: BTreeSet<String> = BTreeSet::new();
    for c in &cells {
        let list = match c
            .data
            .and_then(|d| d.get("threats"))
            .or(c.obj.get("threats"))
        {
            None | Some(Value::Null) => continue,
            Some(Value::Array(list)) => list,
            Some(_) => return Err(place.at(&c.id, 0, "a cell's threats are not a list".into())),
        };
        let element = ids.get(c.id.as_str()).copied();
        for t in list {
            let Some(t) = t.as_object() else {
                return Err(place.at(&c.id, 0, "a threat is not an object".into()));
            };
            let get = |key: &str| -> Result<String> {
                match t.get(key) {
                    None | Some(Value::Null) => Ok(String::new()),
                    Some(Value::String(s)) => Ok(s.clone()),
                    Some(Value::Number(n)) => Ok(n.to_string()),
                    Some(_) => Err(place.at(&c.id, 0, format!("a threat's {key} is not text"))),
                }
            };
            let mut description = get("description")?;
            if description.trim() == PLACEHOLDER_DESCRIPTION {
                description.clear();
            }
            let severity = get("severity")?;
            let score = get("score")?;
            let status = get("status")?;
            let mut notes = Vec::new();
            if !severity.trim().is_empty() && severity.trim() != "TBD" {
                notes.push(format!("Threat Dragon severity: {}", severity.trim()));
                severities += 1;
            }
            if !score.trim().is_empty() {
                notes.push(format!("Threat Dragon score: {}", score.trim()));
            }
            let status_key = status.trim().to_lowercase().replace([' ', '_'], "");
            let decision = match status_key.as_str() {
                "mitigated" => Some(Decision::Mitigate),
                "notapplicable" | "na" => Some(Decision::NotAThreat {
                    reason: "Marked not applicable in Threat Dragon".into(),
                }),
                "open" | "" => None,
                _ => {
                    notes.push(format!("Threat Dragon status: {}", status.trim()));
                    statuses.insert(status.trim().to_owned());
                    None
                }
            };
            if !notes.is_empty() {
                if !description.trim().is_empty() {
                    description.push_str("\n\n");
                }
                description.push_str(&notes.join("\n"));
            }
            let category = category_of(&get("type")?);
            let id = b.threat(&get("title")?, &description, category.as_deref(), element);
            if let Some(th) = b.threat_mut(id) {
                th.decision = decision;
            }
            let mitigated = status_key == "mitigated";
            let mut text = get("mitigation")?;
            if text.trim() == PLACEHOLDER_MITIGATION {
                text.clear();
            }
            let (reason, found) = if matches!(status_key.as_str(), "notapplicable" | "na") {
                not_applicable(&text)
            } else {
                (String::new(), parse_mitigations(&text, mitigated))
            };
            let reason: String = crate::session::change::clean_line(&reason)
                .chars()
                .take(super::build::MAX_TITLE)
                .collect();
            if !reason.is_empty()
                && let Some(th) = b.threat_mut(id)
            {
                th.decision = Some(Decision::NotAThreat { reason });
            }
            for m in found {
                match by_key.get(&m.key) {
                    Some(&i) => {
                        mitigations[i].threats.push(id);
                        mitigations[i].essential |= m.essential;
                    }
                    None => {
                        by_key.insert(m.key.clone(), mitigations.len());
                        let mut m = m;
                        m.threats.push(id);
                        mitigations.push(m);
                    }
                }
            }
        }
    }
    for m in mitigations {
        let id = b.mitigation(&m.title, &m.description, m.essential, m.status, &m.threats);
        if let Some(x) = b.mitigation_mut(id) {
            x.criteria = crate::session::change::clean_line(&m.criteria);
            if let Some(p) = m.plan {
                x.owner = crate::session::change::clean_line(&p.owner)
                    .chars()
                    .take(super::build::MAX_TITLE)
                    .collect();
                x.due = p.due;
                x.effort = p.effort;
                x.reduces = p.reduces;
            }
        }
    }

    if severities > 0 {
        b.unmapped(format!(
            "{severities} threats' severity: not a likelihood and an impact, so kept in their descriptions and left unrated"
        ));
    }
    if !statuses.is_empty() {
        b.unmapped(format!(
            "threat statuses tamer has no decision for without a reason ({}): kept in the threats' descriptions",
            statuses.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    for (k, n) in counts {
        let what = match k {
            "curve" => "trust boundary lines (curves): place their elements in boundaries by hand",
            "text" => "text blocks",
            _ => "cells of shapes tamer does not know",
        };
        b.unmapped(format!("{n} {what}"));
    }
    if !flags.is_empty() {
        b.unmapped(format!(
            "element properties tamer does not keep: {}",
            flags.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if !cells.is_empty() {
        b.unmapped("positions, sizes and styles of the diagram's cells");
    }
    let mut imported = b.finish(FORMAT, file)?;
    for e in &mut imported.session.model {
        if logs.contains(&e.id) && e.kind == ElementKind::DataStore {
            e.holds_logs = true;
        }
    }
    let mut participants: Vec<String> = Vec::new();
    for p in people {
        let p = crate::session::change::clean_line(&p);
        if !p.is_empty() && !participants.contains(&p) {
            participants.push(p);
        }
    }
    imported.session.participants = participants;
    Ok(imported)
}

/// x, y, width, height.
type Rect = (f64, f64, f64, f64);

fn rect(c: &Cell) -> Option<Rect> {
    let num = |o: Option<&Value>, k: &str| o?.as_object()?.get(k)?.as_f64();
    let p = c.obj.get("position");
    let s = c.obj.get("size");
    let r = (
        num(p, "x")?,
        num(p, "y")?,
        num(s, "width")?,
        num(s, "height")?,
    );
    (r.2.is_finite() && r.3.is_finite() && r.2 >= 0.0 && r.3 >= 0.0).then_some(r)
}

fn inside(e: Rect, b: Rect) -> bool {
    e.0 >= b.0 && e.1 >= b.1 && e.0 + e.2 <= b.0 + b.2 && e.1 + e.3 <= b.1 + b.3
}

fn object<'a>(
    place: &Place,
    o: &'a Map<String, Value>,
    key: &str,
    what: &str,
) -> Result<Option<&'a Map<String, Value>>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(place.at(key, 0, format!("{what} should be an object"))),
    }
}

fn array<'a>(
    place: &Place,
    o: &'a Map<String, Value>,
    key: &str,
    what: &str,
) -> Result<Option<&'a [Value]>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a)),
        Some(_) => Err(place.at(key, 0, format!("{key} in {what} should be a list"))),
    }
}

fn string(place: &Place, o: &Map<String, Value>, key: &str, what: &str) -> Result<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(place.at(key, 0, format!("{key} in {what} should be text"))),
    }
}

fn data_string(place: &Place, c: &Cell, key: &str) -> Result<String> {
    match c.data.and_then(|d| d.get(key)) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(place.at(&c.id, 0, format!("the cell's {key} should be text"))),
    }
}

fn data_bool(place: &Place, c: &Cell, key: &str) -> Result<bool> {
    match c.data.and_then(|d| d.get(key)) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(place.at(
            &c.id,
            0,
            format!("the cell's {key} should be true or false"),
        )),
    }
}

/// The cell's name: `data.name`, else its label.
fn name_of(place: &Place, c: &Cell) -> Result<String> {
    let name = data_string(place, c, "name")?;
    if !name.trim().is_empty() {
        return Ok(name);
    }
    let attr = |a: &str, b: &str| -> Option<String> {
        Some(c.obj.get("attrs")?.get(a)?.get(b)?.as_str()?.to_owned())
    };
    Ok(attr("text", "text")
        .or_else(|| attr("label", "text"))
        .unwrap_or_default())
}

/// Flags of a cell that tamer does not keep, when set.
fn note_flags(c: &Cell, flags: &mut BTreeSet<String>) {
    let Some(data) = c.data else { return };
    for (k, v) in data {
        let known = matches!(
            k.as_str(),
            "isALog" | "isEncrypted" | "isTrustBoundary" | "hasOpenThreats"
        );
        if !known && *v == Value::Bool(true) {
            flags.insert(crate::text::clean(k));
        }
        if k == "privilegeLevel" && v.as_str().is_some_and(|s| !s.is_empty()) {
            flags.insert("privilegeLevel".into());
        }
    }
}

/// A flow's description without the `Carries:` and `Authenticated: yes`
/// lines tamer's export appends, and what they said.
fn split_flow_description(text: &str) -> (String, String, bool) {
    let mut lines: Vec<&str> = text.lines().collect();
    let mut carries = String::new();
    let mut authenticated = false;
    while let Some(last) = lines.last() {
        if *last == "Authenticated: yes" && !authenticated {
            authenticated = true;
        } else if let Some(c) = last.strip_prefix("Carries: ")
            && carries.is_empty()
        {
            carries = c.to_owned();
        } else {
            break;
        }
        lines.pop();
    }
    (lines.join("\n"), carries, authenticated)
}

struct MitigationDraft {
    key: String,
    title: String,
    description: String,
    criteria: String,
    plan: Option<Plan>,
    essential: bool,
    status: MitigationStatus,
    threats: Vec<u32>,
}

/// What a `Plan:` line says.
#[derive(Default)]
struct Plan {
    owner: String,
    due: Option<chrono::NaiveDate>,
    effort: Effort,
    reduces: Reduces,
}

/// `Plan: owner Ada; due 2026-12-15; effort M; reduces likelihood`; `None`
/// when any part is not one tamer writes.
fn plan(line: &str) -> Option<Plan> {
    let mut out = Plan::default();
    for part in line.strip_prefix("Plan: ")?.split("; ") {
        if let Some(owner) = part.strip_prefix("owner ") {
            out.owner = owner.to_owned();
        } else if let Some(due) = part.strip_prefix("due ") {
            out.due = Some(chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").ok()?);
        } else if let Some(effort) = part.strip_prefix("effort ") {
            out.effort = Effort::ALL.into_iter().find(|e| e.label() == effort)?;
        } else if let Some(reduces) = part.strip_prefix("reduces ") {
            out.reduces = Reduces::ALL.into_iter().find(|r| r.label() == reduces)?;
        } else {
            return None;
        }
    }
    Some(out)
}

/// `M2 (essential, in progress): title` → (tag, essential, status, title).
fn heading(line: &str) -> Option<(String, bool, MitigationStatus, String)> {
    let rest = line.strip_prefix('M')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let (number, rest) = rest.split_at(digits);
    let rest = rest.strip_prefix(" (")?;
    let (inner, title) = rest.split_once("): ")?;
    let (kind, status) = inner.split_once(", ")?;
    let essential = match kind {
        "essential" => true,
        "idea" => false,
        _ => return None,
    };
    let status = match status {
        "planned" => MitigationStatus::Planned,
        "in progress" => MitigationStatus::InProgress,
        "done" => MitigationStatus::Done,
        _ => return None,
    };
    Some((format!("M{number}"), essential, status, title.to_owned()))
}

/// The mitigation text of a threat marked not applicable: the paragraphs
/// headed as tamer exports mitigations are mitigations, the rest is the
/// reason (Threat Dragon asks for it there).
fn not_applicable(text: &str) -> (String, Vec<MitigationDraft>) {
    let text = text.replace("\r\n", "\n");
    let mut reason = Vec::new();
    let mut headed = Vec::new();
    for p in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if p.lines().next().and_then(heading).is_some() {
            headed.push(p);
        } else {
            reason.push(p);
        }
    }
    let mitigations = parse_mitigations(&headed.join("\n\n"), false);
    (reason.join(" "), mitigations)
}

/// The mitigations a threat's mitigation text names.
fn parse_mitigations(text: &str, mitigated: bool) -> Vec<MitigationDraft> {
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let paragraphs: Vec<&str> = text.split("\n\n").map(str::trim).collect();
    let tamer = paragraphs
        .iter()
        .all(|p| p.lines().next().and_then(heading).is_some());
    if tamer {
        return paragraphs
            .iter()
            .filter_map(|p| {
                let mut lines = p.lines();
                let (tag, essential, status, title) = heading(lines.next()?)?;
                let mut rest: Vec<&str> = lines.collect();
                let plan = rest.last().and_then(|l| plan(l));
                if plan.is_some() {
                    rest.pop();
                }
                let criteria = match rest.last().and_then(|l| l.strip_prefix("Done when: ")) {
                    Some(c) => {
                        let c = c.to_owned();
                        rest.pop();
                        c
                    }
                    None => String::new(),
                };
                Some(MitigationDraft {
                    key: format!("{tag}\n{title}"),
                    title,
                    description: rest.join("\n"),
                    criteria,
                    plan,
                    essential,
                    status,
                    threats: Vec::new(),
                })
            })
            .collect();
    }
    let title = text.lines().next().unwrap_or_default().to_owned();
    let description = if text.lines().count() > 1 || title.chars().count() > 120 {
        text.to_owned()
    } else {
        String::new()
    };
    vec![MitigationDraft {
        key: text.to_owned(),
        title,
        description,
        criteria: String::new(),
        plan: None,
        essential: mitigated,
        status: if mitigated {
            MitigationStatus::Done
        } else {
            MitigationStatus::Planned
        },
        threats: Vec::new(),
    }]
}
