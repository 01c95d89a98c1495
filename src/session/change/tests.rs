//! Every change: what it does, what it refuses, and that undo restores the
//! session exactly (apart from the timeline, which gains `Undone`).

use chrono::{DateTime, Utc};

use super::*;
use crate::clock::{Clock, FixedClock};
use crate::session::check::check;
use crate::session::{Boundary, EventKind, ParkedOutcome, PhaseScript};

fn now() -> DateTime<Utc> {
    FixedClock::workshop_morning().now()
}

fn fresh() -> Session {
    let names = vec!["Ada".to_owned(), "Grace".to_owned()];
    Session::new("Checkout", 60, names, &PhaseScript::builtin(), now())
}

fn without_timeline(s: &Session) -> Session {
    let mut c = s.clone();
    c.timeline.clear();
    c
}

fn last(s: &Session) -> &EventKind {
    &s.timeline.last().expect("an event").kind
}

/// Applies `change`, checks that undo restores `s` exactly and logs
/// `Undone`, then leaves `s` as the change left it.
fn apply_checked(s: &mut Session, change: Change) -> Inverse {
    let before = s.clone();
    let inverse = s
        .apply(change, now())
        .unwrap_or_else(|e| panic!("refused: {e}"));
    assert_eq!(check(s), [], "the change left a problem");
    let after = s.clone();
    s.undo(inverse.clone(), now());
    assert_eq!(
        without_timeline(s),
        without_timeline(&before),
        "undo of {}",
        inverse.what()
    );
    assert_eq!(
        last(s),
        &EventKind::Undone {
            what: inverse.what().to_owned()
        }
    );
    assert_eq!(check(s), []);
    *s = after;
    inverse
}

/// Applies `change`, which must be refused with `message`, leaving `s` as
/// it was, timeline included.
fn refused(s: &mut Session, change: Change, message: &str) {
    let before = s.clone();
    assert_eq!(
        s.apply(change, now()).map(|i| i.what().to_owned()),
        Err(message.to_owned())
    );
    assert_eq!(*s, before);
}

/// A model: API (P1) in boundary B1 "Internal", browser (E2), DB (D3), flow
/// F4 browser → API, flow F5 API → DB.
fn modelled() -> Session {
    let mut s = fresh();
    let zone = BoundaryDraft {
        name: "Internal".into(),
        description: String::new(),
    };
    s.apply(Change::AddBoundary(zone), now()).expect("boundary");
    let api = ElementDraft {
        boundary: Some(1),
        ..ElementDraft::new(ElementKind::Process, "API")
    };
    for draft in [
        api,
        ElementDraft::new(ElementKind::ExternalEntity, "Browser"),
        ElementDraft::new(ElementKind::DataStore, "DB"),
        ElementDraft::flow("Checkout request", 2, 1),
        ElementDraft::flow("Order insert", 1, 3),
    ] {
        s.apply(Change::AddElement(draft), now()).expect("element");
    }
    s
}

fn cell(card: &str, element: u32) -> Cell {
    Cell {
        card_deck: "stride".into(),
        card: card.into(),
        element: Some(element),
    }
}

fn threat(title: &str) -> ThreatDraft {
    ThreatDraft {
        title: title.into(),
        ..ThreatDraft::default()
    }
}

/// The built-in scheme `id`.
fn scheme(id: &str) -> crate::session::Scheme {
    crate::session::rating::builtin_schemes()
        .into_iter()
        .find(|s| s.id == id)
        .expect("a built-in scheme")
}

/// `modelled()` with threats T1 "Replay", T2 "Forged token", T3 "Flood"
/// on the API (P1).
fn threatened() -> Session {
    let mut s = modelled();
    for title in ["Replay", "Forged token", "Flood"] {
        let draft = ThreatDraft {
            element: Some(1),
            ..threat(title)
        };
        s.apply(Change::AddThreat(draft), now()).expect("threat");
    }
    s
}

mod lot;
mod mitigations;
mod model;
mod people;
mod rate;
mod retro;
mod threats;
mod views;

#[test]
fn a_stack_of_changes_undone_in_order_restores_the_session() {
    let mut s = modelled();
    let start = s.clone();
    let changes = vec![
        Change::AddThreat(threat("Replay")),
        Change::CaptureFromCard {
            draft: threat("Spoofed browser"),
            cell: cell("spoofing", 2),
        },
        Change::Park(ParkDraft {
            text: "Rate limits?".into(),
            raised_by: Some("Ada".into()),
        }),
        Change::StartExcursion("Can the token be replayed?".into()),
        Change::EndExcursion {
            outcome: "Only within a minute".into(),
            target: ExcursionTarget::Threat(1),
        },
        Change::ParkedToThreat(1),
        Change::EditThreat(
            1,
            ThreatDraft {
                category: Some("tampering".into()),
                ..threat("Replayed payment")
            },
        ),
        Change::DeleteElement(1),
        Change::DeleteBoundary(1),
        Change::SetParticipants(vec!["Grace".into()]),
        Change::AgreeModel,
        Change::DeleteThreat(2),
    ];
    let mut stack = Vec::new();
    for change in changes {
        stack.push(s.apply(change, now()).expect("applies"));
        assert_eq!(check(&s), []);
    }
    assert!(s.model.len() == 2 && s.threats.len() == 2 && s.participants == ["Grace"]);
    while let Some(inverse) = stack.pop() {
        s.undo(inverse, now());
        assert_eq!(check(&s), []);
    }
    assert_eq!(without_timeline(&s), without_timeline(&start));
}

#[test]
fn ids_are_never_given_twice_even_after_an_undo_or_a_delete() {
    let mut s = fresh();
    let inverse = s
        .apply(Change::AddThreat(threat("One")), now())
        .expect("added");
    s.undo(inverse, now());
    s.apply(Change::AddThreat(threat("Two")), now())
        .expect("added");
    assert_eq!(s.threats[0].id, 2);
    s.apply(Change::DeleteThreat(2), now()).expect("deleted");
    s.apply(Change::AddThreat(threat("Three")), now())
        .expect("added");
    assert_eq!(s.threats[0].id, 3);
}

#[test]
fn undoing_an_addition_takes_along_what_came_to_point_at_it_since() {
    let mut s = fresh();
    let added = Change::AddElement(ElementDraft::new(ElementKind::Process, "API"));
    let inverse = s.apply(added, now()).expect("added");
    // Marked outside the undo stack, on the new element.
    s.mark(&cell("spoofing", 1), Mark::Nothing, now());
    s.capture_from_card("Forged", &cell("tampering", 1), now());
    assert_eq!(s.dealt.len(), 2);
    s.undo(inverse, now());
    assert_eq!(check(&s), [], "no link to the element is left");
    assert!(s.model.is_empty() && s.dealt.is_empty());
    assert_eq!((s.threats.len(), s.threats[0].element), (1, None));
}

#[test]
fn text_is_cleaned_one_line_or_several() {
    assert_eq!(clean_line(" a\tb\nc\u{1b}[2J "), "a b c [2J");
    assert_eq!(
        clean_lines("\r\n one \r\ntwo\u{7}\rthree  \n\n"),
        "one\ntwo\nthree"
    );
    assert_eq!(clean_option(Some("  ")), None);
}
