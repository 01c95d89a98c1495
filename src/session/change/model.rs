//! Changes to the system model: elements, data flows and trust boundaries.

use chrono::{DateTime, Utc};

use super::{BoundaryDraft, ElementDraft, NO_IDS, clean_line, clean_lines};
use crate::deck::ElementKind;
use crate::session::undo::Tx;
use crate::session::{Boundary, Dealt, Element, EventKind, FlowEnds, Session, Threat};

pub(crate) fn add_element(
    tx: &mut Tx<'_>,
    draft: ElementDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let id = tx.s.fresh_element_id().ok_or(NO_IDS)?;
    let element = build_element(tx.s, id, draft)?;
    let what = format!("add {}", noun(&element));
    tx.add(element);
    tx.log(now, EventKind::ElementAdded { id });
    Ok(what)
}

pub(crate) fn edit_element(
    tx: &mut Tx<'_>,
    id: u32,
    draft: ElementDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = element_pos(tx.s, id)?;
    let element = build_element(tx.s, id, draft)?;
    let what = format!("edit {}", noun(&element));
    tx.update(pos, |e: &mut Element| *e = element);
    tx.log(now, EventKind::ElementEdited { id });
    Ok(what)
}

pub(crate) fn delete_element_change(
    tx: &mut Tx<'_>,
    id: u32,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = element_pos(tx.s, id)?;
    let what = format!("delete {}", noun(&tx.s.model[pos]));
    for gone in delete_element(tx, id) {
        tx.log(now, EventKind::ElementDeleted { id: gone });
    }
    Ok(what)
}

/// Deletes element `id`, the flows at it, the card marks on them, and the
/// links to them from threats. Returns the ids deleted, flows first.
pub(crate) fn delete_element(tx: &mut Tx<'_>, id: u32) -> Vec<u32> {
    let mut gone: Vec<u32> =
        tx.s.model
            .iter()
            .filter(|e| e.touches(id))
            .map(|e| e.id)
            .collect();
    if tx.s.element(id).is_some() {
        gone.push(id);
    }
    let hit = |e: Option<u32>| e.is_some_and(|e| gone.contains(&e));
    tx.remove_where(|d: &Dealt| hit(d.element));
    tx.update_where(
        |t: &Threat| hit(t.element) || hit(t.card.as_ref().and_then(|c| c.element)),
        |t| {
            if hit(t.element) {
                t.element = None;
            }
            if let Some(card) = t.card.as_mut().filter(|c| hit(c.element)) {
                card.element = None;
            }
        },
    );
    tx.remove_where(|e: &Element| gone.contains(&e.id));
    gone
}

pub(crate) fn add_boundary(
    tx: &mut Tx<'_>,
    draft: BoundaryDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let id = tx.s.fresh_boundary_id().ok_or(NO_IDS)?;
    let boundary = build_boundary(id, draft)?;
    tx.add(boundary);
    tx.log(now, EventKind::BoundaryAdded { id });
    Ok(format!("add boundary B{id}"))
}

pub(crate) fn edit_boundary(
    tx: &mut Tx<'_>,
    id: u32,
    draft: BoundaryDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = boundary_pos(tx.s, id)?;
    let boundary = build_boundary(id, draft)?;
    tx.update(pos, |b: &mut Boundary| *b = boundary);
    tx.log(now, EventKind::BoundaryEdited { id });
    Ok(format!("edit boundary B{id}"))
}

pub(crate) fn delete_boundary_change(
    tx: &mut Tx<'_>,
    id: u32,
    now: DateTime<Utc>,
) -> Result<String, String> {
    boundary_pos(tx.s, id)?;
    delete_boundary(tx, id);
    tx.log(now, EventKind::BoundaryDeleted { id });
    Ok(format!("delete boundary B{id}"))
}

/// Deletes boundary `id`; the elements in it then sit in none.
pub(crate) fn delete_boundary(tx: &mut Tx<'_>, id: u32) {
    tx.update_where(|e: &Element| e.boundary == Some(id), |e| e.boundary = None);
    tx.remove_where(|b: &Boundary| b.id == id);
}

/// "element P2", "flow F5": the element's kind in a word and its tag.
fn noun(e: &Element) -> String {
    let word = if e.is_flow() { "flow" } else { "element" };
    format!("{word} {}", e.tag())
}

fn element_pos(s: &Session, id: u32) -> Result<usize, String> {
    s.model
        .iter()
        .position(|e| e.id == id)
        .ok_or_else(|| format!("There is no element {id} in the model"))
}

fn boundary_pos(s: &Session, id: u32) -> Result<usize, String> {
    s.boundaries
        .iter()
        .position(|b| b.id == id)
        .ok_or_else(|| format!("There is no boundary B{id}"))
}

fn build_boundary(id: u32, draft: BoundaryDraft) -> Result<Boundary, String> {
    let name = clean_line(&draft.name);
    if name.is_empty() {
        return Err("A trust boundary needs a name".into());
    }
    Ok(Boundary {
        id,
        name,
        description: clean_lines(&draft.description),
    })
}

/// The element `id` as `draft` describes it, checked against the model.
fn build_element(s: &Session, id: u32, draft: ElementDraft) -> Result<Element, String> {
    let name = clean_line(&draft.name);
    if name.is_empty() {
        return Err(format!(
            "A {} needs a name",
            draft.kind.label().to_lowercase()
        ));
    }
    if let Some(b) = draft.boundary
        && s.boundary(b).is_none()
    {
        return Err(format!("There is no boundary B{b}"));
    }
    let flow = if draft.kind == ElementKind::DataFlow {
        if draft.boundary.is_some() {
            return Err("A data flow does not sit in a boundary; its ends do".into());
        }
        let ends = draft
            .flow
            .ok_or("A data flow needs a source and a destination")?;
        Some(check_ends(s, id, ends)?)
    } else {
        None
    };
    Ok(Element {
        id,
        kind: draft.kind,
        name,
        holds_logs: draft.holds_logs && draft.kind == ElementKind::DataStore,
        description: clean_lines(&draft.description),
        boundary: draft.boundary,
        flow,
    })
}

/// The ends of flow `id`, checked: both exist, differ, are not flows (nor
/// the flow itself), and `id` is not already an end of other flows.
fn check_ends(s: &Session, id: u32, ends: FlowEnds) -> Result<FlowEnds, String> {
    let used: Vec<String> = s
        .flows()
        .filter(|f| f.touches(id))
        .map(Element::tag)
        .collect();
    if !used.is_empty() {
        let label = s.element_label(id).unwrap_or_default();
        return Err(format!(
            "{label} is an end of {} and cannot become a data flow",
            used.join(", ")
        ));
    }
    if ends.from == ends.to {
        return Err("A data flow needs a source and a destination that differ".into());
    }
    for end in [ends.from, ends.to] {
        if end == id {
            return Err("A data flow cannot start or end at itself".into());
        }
        match s.element(end) {
            None => return Err(format!("There is no element {end} in the model")),
            Some(e) if e.is_flow() => {
                return Err("A data flow starts and ends at elements, not at other flows".into());
            }
            Some(_) => {}
        }
    }
    Ok(FlowEnds {
        carries: clean_line(&ends.carries),
        protocol: clean_line(&ends.protocol),
        ..ends
    })
}
