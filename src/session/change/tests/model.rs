//! Elements, flows and boundaries.

use super::*;

#[test]
fn an_element_is_added_cleaned_and_undone() {
    let mut s = fresh();
    let draft = ElementDraft {
        description: " Takes\r\nthe \u{1b}order ".into(),
        holds_logs: true,
        ..ElementDraft::new(ElementKind::Process, "  Payment\tAPI ")
    };
    let inverse = apply_checked(&mut s, Change::AddElement(draft));
    assert_eq!(inverse.what(), "add element P1");
    let e = &s.model[0];
    assert_eq!(
        (e.name.as_str(), e.description.as_str()),
        ("Payment API", "Takes\nthe  order")
    );
    assert!(!e.holds_logs, "only data stores hold logs");
    assert_eq!(last(&s), &EventKind::ElementAdded { id: 1 });
    assert_eq!(s.element_label(1).as_deref(), Some("P1 Payment API"));
}

#[test]
fn a_flow_is_added_with_its_ends() {
    let mut s = modelled();
    let draft = ElementDraft {
        flow: Some(FlowEnds {
            carries: " card numbers ".into(),
            protocol: "HTTPS".into(),
            authenticated: true,
            encrypted: true,
            ..ElementDraft::flow("", 2, 3).flow.expect("ends")
        }),
        ..ElementDraft::flow("Browser reads DB", 2, 3)
    };
    let inverse = apply_checked(&mut s, Change::AddElement(draft));
    assert_eq!(inverse.what(), "add flow F6");
    let flow = s.element(6).expect("added");
    assert_eq!(
        flow.flow.as_ref().map(|f| f.carries.as_str()),
        Some("card numbers")
    );
    assert_eq!(s.flows().map(|f| f.id).collect::<Vec<_>>(), [4, 5, 6]);
    assert_eq!(s.element_label(6).as_deref(), Some("F6 Browser reads DB"));
}

#[test]
fn a_flow_crosses_a_boundary_when_its_ends_sit_in_different_ones() {
    let s = modelled();
    let (f4, f5) = (s.element(4).expect("f4"), s.element(5).expect("f5"));
    assert!(s.crosses_boundary(f4), "browser (none) to API (internal)");
    assert!(s.crosses_boundary(f5), "API (internal) to DB (none)");
    let mut s = s;
    s.model[2].boundary = Some(1);
    assert!(!s.crosses_boundary(s.element(5).expect("f5")));
    assert!(!s.crosses_boundary(s.element(1).expect("not a flow")));
}

#[test]
fn what_an_element_and_a_flow_refuse() {
    let mut s = modelled();
    let flow = |from, to| Change::AddElement(ElementDraft::flow("F", from, to));
    refused(
        &mut s,
        Change::AddElement(ElementDraft::new(ElementKind::Process, " \n ")),
        "A process needs a name",
    );
    let no_ends = ElementDraft::new(ElementKind::DataFlow, "Loose");
    refused(
        &mut s,
        Change::AddElement(no_ends),
        "A data flow needs a source and a destination",
    );
    refused(
        &mut s,
        flow(1, 1),
        "A data flow needs a source and a destination that differ",
    );
    refused(&mut s, flow(1, 9), "There is no element 9 in the model");
    refused(
        &mut s,
        flow(4, 1),
        "A data flow starts and ends at elements, not at other flows",
    );
    let zoned = ElementDraft {
        boundary: Some(1),
        ..ElementDraft::flow("F", 1, 2)
    };
    refused(
        &mut s,
        Change::AddElement(zoned),
        "A data flow does not sit in a boundary; its ends do",
    );
    let nowhere = ElementDraft {
        boundary: Some(7),
        ..ElementDraft::new(ElementKind::Process, "P")
    };
    refused(
        &mut s,
        Change::AddElement(nowhere),
        "There is no boundary B7",
    );
    let api_as_flow = Change::EditElement(1, ElementDraft::flow("API", 2, 3));
    refused(
        &mut s,
        api_as_flow,
        "P1 API is an end of F4, F5 and cannot become a data flow",
    );
    let to_itself = Change::EditElement(2, ElementDraft::flow("Browser", 2, 3));
    refused(
        &mut s,
        to_itself,
        "E2 Browser is an end of F4 and cannot become a data flow",
    );
    refused(
        &mut s,
        Change::EditElement(99, ElementDraft::new(ElementKind::Process, "X")),
        "There is no element 99 in the model",
    );
    refused(
        &mut s,
        Change::DeleteElement(99),
        "There is no element 99 in the model",
    );
}

#[test]
fn an_element_is_edited_and_undone() {
    let mut s = modelled();
    let draft = ElementDraft {
        description: "Card details".into(),
        holds_logs: true,
        ..ElementDraft::new(ElementKind::DataStore, "Orders DB")
    };
    let inverse = apply_checked(&mut s, Change::EditElement(3, draft));
    assert_eq!(inverse.what(), "edit element D3");
    assert_eq!(
        s.element(3).map(|e| (e.name.as_str(), e.holds_logs)),
        Some(("Orders DB", true))
    );
    assert_eq!(last(&s), &EventKind::ElementEdited { id: 3 });
    // A flow can be moved to other ends.
    let moved = ElementDraft::of(s.element(4).expect("f4"));
    let moved = ElementDraft {
        flow: moved.flow.map(|f| FlowEnds { to: 3, ..f }),
        ..moved
    };
    apply_checked(&mut s, Change::EditElement(4, moved));
    assert_eq!(
        s.element(4).and_then(|e| e.flow.as_ref()).map(|f| f.to),
        Some(3)
    );
}

#[test]
fn deleting_an_element_takes_its_flows_and_marks_and_unlinks_its_threats() {
    let mut s = modelled();
    s.capture_from_card("Spoofed API", &cell("spoofing", 1), now());
    s.capture_from_card("Tampered request", &cell("tampering", 4), now());
    s.mark(&cell("repudiation", 5), Mark::Skip, now());
    s.mark(&cell("spoofing", 2), Mark::Nothing, now());
    let on_db = ThreatDraft {
        element: Some(3),
        ..threat("DB stolen")
    };
    s.apply(Change::AddThreat(on_db), now()).expect("added");
    let uses = s.uses_of_element(1);
    assert_eq!(
        uses,
        crate::session::Uses {
            flows: vec![4, 5],
            threats: vec![1, 2],
            dealt: 3,
        }
    );
    let inverse = apply_checked(&mut s, Change::DeleteElement(1));
    assert_eq!(inverse.what(), "delete element P1");
    assert_eq!(s.model.iter().map(|e| e.id).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(s.dealt.len(), 1, "only the mark on the browser is left");
    assert_eq!(s.threats.len(), 3, "threats are kept");
    for t in &s.threats[..2] {
        assert_eq!(
            (t.element, t.card.as_ref().and_then(|c| c.element)),
            (None, None)
        );
    }
    assert_eq!(s.threats[2].element, Some(3));
    let deleted: Vec<_> = s.timeline.iter().rev().take(3).map(|e| &e.kind).collect();
    assert_eq!(
        deleted,
        [
            &EventKind::ElementDeleted { id: 1 },
            &EventKind::ElementDeleted { id: 5 },
            &EventKind::ElementDeleted { id: 4 },
        ]
    );
    assert_eq!(s.uses_of_element(2).dealt, 1);
}

#[test]
fn deleting_a_flow_alone_keeps_its_ends() {
    let mut s = modelled();
    apply_checked(&mut s, Change::DeleteElement(4));
    assert_eq!(s.model.len(), 4);
    assert!(s.element(1).is_some() && s.element(2).is_some());
}

#[test]
fn boundaries_are_added_edited_and_deleted_with_undo() {
    let mut s = modelled();
    let dmz = BoundaryDraft {
        name: " DMZ ".into(),
        description: "Between\nthe firewalls".into(),
    };
    let inverse = apply_checked(&mut s, Change::AddBoundary(dmz));
    assert_eq!(inverse.what(), "add boundary B2");
    assert_eq!(
        s.boundary(2),
        Some(&Boundary {
            id: 2,
            name: "DMZ".into(),
            description: "Between\nthe firewalls".into()
        })
    );
    let renamed = BoundaryDraft {
        name: "Perimeter".into(),
        ..BoundaryDraft::of(s.boundary(2).expect("b2"))
    };
    apply_checked(&mut s, Change::EditBoundary(2, renamed));
    assert_eq!(last(&s), &EventKind::BoundaryEdited { id: 2 });
    assert_eq!(s.uses_of_boundary(1), [1]);
    let inverse = apply_checked(&mut s, Change::DeleteBoundary(1));
    assert_eq!(inverse.what(), "delete boundary B1");
    assert_eq!(s.element(1).and_then(|e| e.boundary), None);
    assert_eq!(last(&s), &EventKind::BoundaryDeleted { id: 1 });
    refused(
        &mut s,
        Change::AddBoundary(BoundaryDraft::default()),
        "A trust boundary needs a name",
    );
    refused(&mut s, Change::DeleteBoundary(1), "There is no boundary B1");
}
