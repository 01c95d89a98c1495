//! Checks of the system model: elements, data flows and trust boundaries.

use std::collections::{HashMap, HashSet};

use super::{Checker, FieldPath};
use crate::deck::ElementKind;
use crate::session::{Element, Session};

/// Checks the model and the boundaries; returns the ids of the elements
/// (flows included).
pub(super) fn check_model(c: &mut Checker, session: &Session, root: &FieldPath) -> HashSet<u32> {
    let boundaries = check_boundaries(c, session, root);
    let mut ids = HashSet::new();
    for (i, e) in session.model.iter().enumerate() {
        let at = root.field("model").index(i);
        c.id(at.field("id"), e.id, &mut ids, "element");
        c.text(at.field("name"), &e.name);
        c.lines(at.field("description"), &e.description);
        if e.kind == ElementKind::DataFlow && e.boundary.is_some() {
            c.problem(
                at.field("boundary"),
                "a data flow does not sit in a boundary; its ends do".into(),
            );
        } else {
            c.link(at.field("boundary"), e.boundary, &boundaries, "boundary");
        }
    }
    let is_flow: HashMap<u32, bool> = session
        .model
        .iter()
        .map(|e| (e.id, e.kind == ElementKind::DataFlow))
        .collect();
    for (i, e) in session.model.iter().enumerate() {
        check_flow(c, &is_flow, root.field("model").index(i), e);
    }
    ids
}

fn check_boundaries(c: &mut Checker, session: &Session, root: &FieldPath) -> HashSet<u32> {
    let mut ids = HashSet::new();
    for (i, b) in session.boundaries.iter().enumerate() {
        let at = root.field("boundaries").index(i);
        c.id(at.field("id"), b.id, &mut ids, "boundary");
        c.text(at.field("name"), &b.name);
        c.lines(at.field("description"), &b.description);
    }
    ids
}

/// A flow's ends exist, differ and are not flows; only flows have ends.
fn check_flow(c: &mut Checker, is_flow: &HashMap<u32, bool>, at: FieldPath, e: &Element) {
    let Some(ends) = &e.flow else {
        return;
    };
    let at = at.field("flow");
    if e.kind != ElementKind::DataFlow {
        c.problem(
            at,
            format!("only a data flow has ends, and this is a {}", e.kind.id()),
        );
        return;
    }
    for (field, end) in [("from", ends.from), ("to", ends.to)] {
        match is_flow.get(&end) {
            None => c.problem(
                at.field(field),
                format!("element {end} is not in the model"),
            ),
            Some(true) => c.problem(
                at.field(field),
                format!("element {end} is a data flow; a flow starts and ends at elements"),
            ),
            Some(false) => {}
        }
    }
    if ends.from == ends.to {
        c.problem(
            at.field("to"),
            format!("a flow from element {} to itself", ends.from),
        );
    }
    c.text(at.field("carries"), &ends.carries);
    c.text(at.field("protocol"), &ends.protocol);
}

#[cfg(test)]
mod tests {
    use super::super::tests::{paths, session};
    use crate::session::{Boundary, FlowEnds};

    fn ends(from: u32, to: u32) -> Option<FlowEnds> {
        Some(FlowEnds {
            from,
            to,
            carries: "orders".into(),
            protocol: "HTTPS".into(),
            authenticated: true,
            encrypted: true,
        })
    }

    #[test]
    fn a_model_with_flows_and_boundaries_has_no_problems() {
        let s = session();
        assert_eq!(paths(&s), Vec::<String>::new());
        assert!(s.model.iter().any(|e| e.flow.is_some()));
        assert!(!s.boundaries.is_empty());
    }

    #[test]
    fn flow_ends_must_exist_differ_and_not_be_flows() {
        let mut s = session();
        let flow = s
            .model
            .iter()
            .position(|e| e.flow.is_some())
            .expect("a flow");
        let flow_id = s.model[flow].id;
        s.model[flow].flow = ends(42, flow_id);
        let at = format!("session.model[{flow}].flow");
        assert_eq!(paths(&s), [format!("{at}.from"), format!("{at}.to")]);
        s.model[flow].flow = ends(1, 1);
        assert_eq!(paths(&s), [format!("{at}.to")]);
        s.model[flow].flow = ends(1, 2);
        s.model[flow].flow.as_mut().expect("ends").protocol = "a\nb".into();
        assert_eq!(paths(&s), [format!("{at}.protocol")]);
    }

    #[test]
    fn only_flows_have_ends_and_flows_sit_in_no_boundary() {
        let mut s = session();
        s.model[0].flow = ends(1, 2);
        let flow = s
            .model
            .iter()
            .position(|e| e.kind.id() == "data-flow")
            .expect("a flow");
        s.model[flow].boundary = Some(s.boundaries[0].id);
        assert_eq!(
            paths(&s),
            [
                format!("session.model[{flow}].boundary"),
                "session.model[0].flow".to_owned()
            ]
        );
    }

    #[test]
    fn boundaries_must_exist_and_be_unique() {
        let mut s = session();
        s.model[0].boundary = Some(9);
        s.boundaries.push(Boundary {
            id: s.boundaries[0].id,
            name: "Twin\u{7}".into(),
            description: "two\nlines are fine".into(),
        });
        assert_eq!(
            paths(&s),
            [
                "session.boundaries[1].id",
                "session.boundaries[1].name",
                "session.model[0].boundary",
            ]
        );
    }

    #[test]
    fn descriptions_may_break_lines_but_hold_no_other_control_characters() {
        let mut s = session();
        s.model[0].description = "first\nsecond".into();
        assert_eq!(paths(&s), Vec::<String>::new());
        s.model[0].description = "first\r\nsecond".into();
        s.model[0].name = "two\nlines".into();
        assert_eq!(
            paths(&s),
            ["session.model[0].name", "session.model[0].description"]
        );
    }
}
