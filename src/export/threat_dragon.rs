//! Export: a Threat Dragon v2 model, written where the application reads
//! it (threats under `cells[].data.threats`) and valid against Threat
//! Dragon's own schema.
//!
//! One STRIDE diagram: each element is a cell (`actor` for an external
//! entity, `process`, `store`), each trust boundary a `trust-boundary-box`
//! drawn around its elements, each data flow a `flow` edge between its
//! ends. Elements are laid out on a grid inside their boundary's box
//! (boxes three to a row, elements in no boundary after them), so no two
//! rectangles overlap and every element lies inside its box.
//!
//! Threat Dragon keeps one mitigation text per threat; the text lists every
//! live mitigation that tames the threat, one paragraph each, headed
//! `M2 (essential, in progress): title`, then its description, `Done
//! when: …` and `Plan: owner …; due …; effort …; reduces …`, which
//! tamer's import reads back.
//! A threat's status is `NotApplicable` when the team decided it is not a
//! threat (the reason opens the mitigation text, where Threat Dragon asks
//! for it), `Mitigated` when it has essential mitigations and every live
//! one is done, `Open` otherwise (an accepted, transferred or avoided
//! threat stays open in Threat Dragon's terms; the decision is written in
//! its description). Severity comes from the rating's action: MUST is
//! High, SHOULD Medium, COULD and NO NEED Low; unrated is `TBD`, as Threat
//! Dragon marks a new threat. Threats on no element cannot sit on a cell:
//! they are listed in a text block under the diagram.
//!
//! Ids are UUID-shaped and derived from tamer's ids, so the same session
//! always exports the same text.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};

use super::Context;
use crate::deck::ElementKind;
use crate::session::{Action, Decision, Element, Mitigation, MitigationStatus, Session, Threat};

/// The Threat Dragon version written into the model.
pub const VERSION: &str = "2.3.0";

/// Width and height of one grid slot; every element fits inside one.
const SLOT: (i64, i64) = (220, 160);
/// Space between a box's edge and its slots; the top leaves room for the
/// box's label.
const PAD: i64 = 40;
const LABEL: i64 = 40;
/// Space between boxes.
const GAP: i64 = 80;
/// Boxes per row.
const BOXES_PER_ROW: usize = 3;

/// A cell's UUID-shaped id: `kind` says what it is (1 element or flow,
/// 2 boundary, 3 threat, 4 text block), `id` is tamer's.
pub fn cell_id(kind: u32, id: u32) -> String {
    format!("{kind:08x}-7a6d-4000-8000-{id:012x}")
}

/// Threat Dragon's name for a STRIDE category, from tamer's id.
pub fn stride_name(category: &str) -> Option<&'static str> {
    Some(match category {
        "spoofing" => "Spoofing",
        "tampering" => "Tampering",
        "repudiation" => "Repudiation",
        "information-disclosure" => "Information disclosure",
        "denial-of-service" => "Denial of service",
        "elevation-of-privilege" => "Elevation of privilege",
        _ => return None,
    })
}

/// Threat Dragon's severity for a rating's action.
pub fn severity(action: Option<Action>) -> &'static str {
    match action {
        Some(Action::Must) => "High",
        Some(Action::Should) => "Medium",
        Some(Action::Could | Action::NoNeed) => "Low",
        None => "TBD",
    }
}

/// Threat Dragon's status for a threat.
pub fn status(session: &Session, threat: &Threat) -> &'static str {
    status_with(&session.mitigations_of(threat.id), threat)
}

/// The status of `threat`, given the mitigations linked to it.
fn status_with(mitigations: &[&Mitigation], threat: &Threat) -> &'static str {
    if matches!(threat.decision, Some(Decision::NotAThreat { .. })) {
        return "NotApplicable";
    }
    let essential: Vec<&&Mitigation> = mitigations
        .iter()
        .filter(|m| m.essential && m.is_live())
        .collect();
    let done =
        !essential.is_empty() && essential.iter().all(|m| m.status == MitigationStatus::Done);
    if threat.is_to_mitigate() && done {
        "Mitigated"
    } else {
        "Open"
    }
}

/// The heading of a mitigation's paragraph: `M2 (essential, in progress)`.
pub fn mitigation_heading(m: &Mitigation) -> String {
    let kind = if m.essential { "essential" } else { "idea" };
    format!("{} ({kind}, {}): {}", m.tag(), m.status.label(), m.title)
}

/// `Plan: owner Ada; due 2026-12-15; effort M; reduces likelihood`
/// (owner and due left out when not set).
pub fn plan_line(m: &Mitigation) -> String {
    let mut parts = Vec::new();
    if !m.owner.is_empty() {
        parts.push(format!("owner {}", m.owner));
    }
    if let Some(due) = m.due {
        parts.push(format!("due {due}"));
    }
    parts.push(format!("effort {}", m.effort.label()));
    parts.push(format!("reduces {}", m.reduces.label()));
    format!("Plan: {}", parts.join("; "))
}

/// The mitigation text of a threat: one paragraph per live mitigation that
/// tames it.
fn mitigation_text(mitigations: &[&Mitigation]) -> String {
    let mut paragraphs = Vec::new();
    for m in mitigations {
        if !m.is_live() {
            continue;
        }
        let mut lines = vec![mitigation_heading(m)];
        lines.extend(
            m.description
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned),
        );
        if !m.criteria.is_empty() {
            lines.push(format!("Done when: {}", m.criteria));
        }
        lines.push(plan_line(m));
        paragraphs.push(lines.join("\n"));
    }
    paragraphs.join("\n\n")
}

fn decision_line(decision: &Decision) -> Option<String> {
    match decision {
        Decision::Mitigate => None,
        Decision::Accept { reason, by } => Some(format!("Decision: accepted by {by}: {reason}")),
        Decision::Transfer { to } => Some(format!("Decision: transferred to {to}")),
        Decision::Avoid { how } => Some(format!("Decision: avoided: {how}")),
        // Threat Dragon asks for the reason in the mitigation text.
        Decision::NotAThreat { .. } => None,
    }
}

fn threat_json(index: &Index, t: &Threat) -> Value {
    let mitigations = index.mitigations.get(&t.id).map_or(&[][..], Vec::as_slice);
    let category = t
        .category
        .clone()
        .or_else(|| t.card.as_ref().map(|c| c.card.clone()));
    let kind = match category.as_deref() {
        Some(c) => stride_name(c).map_or_else(|| c.to_owned(), str::to_owned),
        None => String::new(),
    };
    let mut description = t.description.clone();
    if let Some(line) = t.decision.as_ref().and_then(decision_line) {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&line);
    }
    let score = t.rating.as_ref().map_or_else(String::new, |r| {
        format!(
            "likelihood {}, impact {} ({})",
            r.likelihood, r.impact, r.scheme
        )
    });
    json!({
        "id": cell_id(3, t.id),
        "number": t.id,
        "title": t.title,
        "type": kind,
        "modelType": "STRIDE",
        "status": status_with(mitigations, t),
        "severity": severity(t.action()),
        "score": score,
        "description": description,
        "mitigation": match &t.decision {
            Some(Decision::NotAThreat { reason }) => [reason.clone(), mitigation_text(mitigations)]
                .iter()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join("\n\n"),
            _ => mitigation_text(mitigations),
        },
        "new": false,
    })
}

/// A rectangle: x, y, width, height.
type Rect = (i64, i64, i64, i64);

/// The boxes and element rectangles of the layout.
struct Layout {
    boxes: BTreeMap<u32, Rect>,
    elements: BTreeMap<u32, Rect>,
    /// The lowest y below everything drawn.
    bottom: i64,
}

fn size_of(kind: ElementKind) -> (i64, i64) {
    match kind {
        ElementKind::Process => (100, 100),
        _ => (160, 80),
    }
}

fn grid_size(n: usize) -> (usize, usize) {
    let n = n.max(1);
    let mut cols = 1;
    while cols * cols < n {
        cols += 1;
    }
    (cols, n.div_ceil(cols))
}

fn as_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX / 4)
}

fn layout(session: &Session) -> Layout {
    let nodes: Vec<&Element> = session.model.iter().filter(|e| !e.is_flow()).collect();
    let known = |b: Option<u32>| b.filter(|b| session.boundaries.iter().any(|x| x.id == *b));
    let mut groups: Vec<(Option<u32>, Vec<&Element>)> = session
        .boundaries
        .iter()
        .map(|b| {
            let inside = nodes
                .iter()
                .copied()
                .filter(|e| known(e.boundary) == Some(b.id))
                .collect();
            (Some(b.id), inside)
        })
        .collect();
    let outside: Vec<&Element> = nodes
        .iter()
        .copied()
        .filter(|e| known(e.boundary).is_none())
        .collect();
    if !outside.is_empty() {
        groups.push((None, outside));
    }
    let mut out = Layout {
        boxes: BTreeMap::new(),
        elements: BTreeMap::new(),
        bottom: PAD,
    };
    let (mut x, mut y, mut row_height, mut in_row) = (PAD, PAD, 0, 0);
    for (boundary, elements) in groups {
        let (cols, rows) = grid_size(elements.len());
        let width = 2 * PAD + as_i64(cols) * SLOT.0;
        let height = LABEL + PAD + as_i64(rows) * SLOT.1;
        if in_row == BOXES_PER_ROW {
            x = PAD;
            y += row_height + GAP;
            row_height = 0;
            in_row = 0;
        }
        if let Some(b) = boundary {
            out.boxes.insert(b, (x, y, width, height));
        }
        for (i, e) in elements.iter().enumerate() {
            let (w, h) = size_of(e.kind);
            let slot_x = x + PAD + as_i64(i % cols) * SLOT.0;
            let slot_y = y + LABEL + as_i64(i / cols) * SLOT.1;
            out.elements.insert(
                e.id,
                (slot_x + (SLOT.0 - w) / 2, slot_y + (SLOT.1 - h) / 2, w, h),
            );
        }
        x += width + GAP;
        row_height = row_height.max(height);
        in_row += 1;
        out.bottom = out.bottom.max(y + height);
    }
    out
}

/// The mitigations of each threat and the threats on each element, looked
/// up once (an export of 10,000 threats stays linear).
struct Index<'a> {
    mitigations: HashMap<u32, Vec<&'a Mitigation>>,
    threats: HashMap<u32, Vec<&'a Threat>>,
}

impl<'a> Index<'a> {
    fn of(session: &'a Session) -> Self {
        let mut mitigations: HashMap<u32, Vec<&Mitigation>> = HashMap::new();
        for m in &session.mitigations {
            for t in &m.threats {
                let list = mitigations.entry(*t).or_default();
                if !list.iter().any(|x| x.id == m.id) {
                    list.push(m);
                }
            }
        }
        let mut threats: HashMap<u32, Vec<&Threat>> = HashMap::new();
        for t in &session.threats {
            if let Some(e) = t.element {
                threats.entry(e).or_default().push(t);
            }
        }
        Self {
            mitigations,
            threats,
        }
    }
}

fn threats_on(index: &Index, id: u32) -> Vec<Value> {
    index
        .threats
        .get(&id)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|t| threat_json(index, t))
        .collect()
}

fn has_open(threats: &[Value]) -> bool {
    threats.iter().any(|t| t["status"] == "Open")
}

fn style(open: bool) -> (&'static str, f64) {
    if open { ("red", 2.5) } else { ("#333333", 1.5) }
}

fn element_cell(index: &Index, e: &Element, rect: Rect, z: usize) -> Value {
    let threats = threats_on(index, e.id);
    let open = has_open(&threats);
    let (stroke, width) = style(open);
    let (shape, kind) = match e.kind {
        ElementKind::ExternalEntity => ("actor", "tm.Actor"),
        ElementKind::DataStore => ("store", "tm.Store"),
        _ => ("process", "tm.Process"),
    };
    let mut data = json!({
        "type": kind,
        "name": e.name,
        "description": e.description,
        "isTrustBoundary": false,
        "outOfScope": false,
        "reasonOutOfScope": "",
        "hasOpenThreats": open,
        "threats": threats,
    });
    let attrs = match e.kind {
        ElementKind::DataStore => {
            data["isALog"] = json!(e.holds_logs);
            json!({
                "text": { "text": e.name },
                "topLine": { "stroke": stroke, "strokeWidth": width },
                "bottomLine": { "stroke": stroke, "strokeWidth": width },
            })
        }
        _ => json!({
            "text": { "text": e.name },
            "body": { "stroke": stroke, "strokeWidth": width, "strokeDasharray": "none" },
        }),
    };
    json!({
        "id": cell_id(1, e.id),
        "shape": shape,
        "zIndex": z,
        "visible": true,
        "position": { "x": rect.0, "y": rect.1 },
        "size": { "width": rect.2, "height": rect.3 },
        "attrs": attrs,
        "data": data,
    })
}

fn flow_cell(index: &Index, e: &Element) -> Option<Value> {
    let ends = e.flow.as_ref()?;
    let threats = threats_on(index, e.id);
    let open = has_open(&threats);
    let (stroke, width) = style(open);
    let mut description = e.description.clone();
    let mut extra = Vec::new();
    if !ends.carries.is_empty() {
        extra.push(format!("Carries: {}", ends.carries));
    }
    if ends.authenticated {
        extra.push("Authenticated: yes".to_owned());
    }
    if !extra.is_empty() {
        if !description.is_empty() {
            description.push('\n');
        }
        description.push_str(&extra.join("\n"));
    }
    Some(json!({
        "id": cell_id(1, e.id),
        "shape": "flow",
        "zIndex": 10,
        "width": 200,
        "height": 100,
        "connector": "smooth",
        "attrs": { "line": {
            "stroke": stroke,
            "strokeWidth": width,
            "targetMarker": { "name": "block" },
            "sourceMarker": { "name": "" },
        } },
        "labels": [ {
            "markup": [
                { "tagName": "ellipse", "selector": "labelBody" },
                { "tagName": "text", "selector": "labelText" },
            ],
            "attrs": {
                "labelText": { "text": e.name, "textAnchor": "middle", "textVerticalAnchor": "middle" },
                "labelBody": { "ref": "labelText", "refRx": "50%", "refRy": "60%", "fill": "#fff", "strokeWidth": 0 },
            },
            "position": { "distance": 0.5, "args": { "keepGradient": true, "ensureLegibility": true } },
        } ],
        "source": { "cell": cell_id(1, ends.from) },
        "target": { "cell": cell_id(1, ends.to) },
        "vertices": [],
        "data": {
            "type": "tm.Flow",
            "name": e.name,
            "description": description,
            "protocol": ends.protocol,
            "isEncrypted": ends.encrypted,
            "isPublicNetwork": false,
            "isBidirectional": false,
            "isTrustBoundary": false,
            "outOfScope": false,
            "reasonOutOfScope": "",
            "hasOpenThreats": open,
            "threats": threats,
        },
    }))
}

/// The session as a Threat Dragon v2 model (pretty JSON).
pub fn render(session: &Session, _ctx: &Context) -> String {
    let plan = layout(session);
    let index = Index::of(session);
    let mut cells = Vec::new();
    for b in &session.boundaries {
        let Some(rect) = plan.boxes.get(&b.id) else {
            continue;
        };
        cells.push(json!({
            "id": cell_id(2, b.id),
            "shape": "trust-boundary-box",
            "zIndex": -1,
            "visible": true,
            "position": { "x": rect.0, "y": rect.1 },
            "size": { "width": rect.2, "height": rect.3 },
            "attrs": { "label": { "text": b.name } },
            "data": {
                "type": "tm.BoundaryBox",
                "name": b.name,
                "description": b.description,
                "isTrustBoundary": true,
                "hasOpenThreats": false,
            },
        }));
    }
    let mut z = 1;
    for e in &session.model {
        if let Some(rect) = plan.elements.get(&e.id) {
            cells.push(element_cell(&index, e, *rect, z));
            z += 1;
        }
    }
    // Every element and flow drawn as a cell; a flow whose ends are not
    // both drawn would point at nothing.
    let mut drawn: HashSet<u32> = plan.elements.keys().copied().collect();
    for e in session.model.iter().filter(|e| e.is_flow()) {
        let ends = e.flow.as_ref().is_some_and(|f| {
            plan.elements.contains_key(&f.from) && plan.elements.contains_key(&f.to)
        });
        if ends && let Some(cell) = flow_cell(&index, e) {
            cells.push(cell);
            drawn.insert(e.id);
        }
    }
    let drawn = |id: Option<u32>| id.is_some_and(|id| drawn.contains(&id));
    let loose: Vec<&Threat> = session
        .threats
        .iter()
        .filter(|t| !drawn(t.element))
        .collect();
    if !loose.is_empty() {
        let mut text = vec![
            "Threats on no element of this diagram (Threat Dragon keeps threats on elements):"
                .to_owned(),
        ];
        text.extend(loose.iter().map(|t| format!("T{}: {}", t.id, t.title)));
        let text = text.join("\n");
        cells.push(json!({
            "id": cell_id(4, 1),
            "shape": "td-text-block",
            "zIndex": z,
            "visible": true,
            "position": { "x": PAD, "y": plan.bottom + GAP },
            "size": { "width": 600, "height": 20 * as_i64(loose.len() + 1) + 20 },
            "attrs": { "text": { "text": text } },
            "data": { "type": "tm.Text", "name": text, "hasOpenThreats": false },
        }));
    }
    let threat_top = session
        .threats
        .iter()
        .filter(|t| drawn(t.element))
        .map(|t| t.id)
        .max()
        .unwrap_or(0);
    let model = json!({
        "version": VERSION,
        "summary": {
            "id": 0,
            "title": session.title,
            "owner": session.approach.facilitator.clone().unwrap_or_default(),
            "description": session.approach.scope,
        },
        "detail": {
            "contributors": session.participants.iter().map(|p| json!({ "name": p })).collect::<Vec<_>>(),
            "diagrams": [ {
                "id": 0,
                "title": session.title,
                "diagramType": "STRIDE",
                "placeholder": "",
                "description": "",
                "thumbnail": "./public/content/images/thumbnail.stride.jpg",
                "version": VERSION,
                "cells": cells,
            } ],
            "diagramTop": 1,
            "reviewer": "",
            "threatTop": threat_top,
        },
    });
    let mut text = serde_json::to_string_pretty(&model).unwrap_or_default();
    text.push('\n');
    text
}
