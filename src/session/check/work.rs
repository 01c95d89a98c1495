//! Checks of what the team produced: the approach, threats, the parking lot
//! and excursions.

use std::collections::HashSet;

use super::{Checker, FieldPath};
use crate::session::{ParkedOutcome, Session};

pub(super) fn check_approach(c: &mut Checker, session: &Session, root: &FieldPath) {
    let a = &session.approach;
    let at = root.field("approach");
    c.lines(at.field("scope"), &a.scope);
    c.lines(at.field("out_of_scope"), &a.out_of_scope);
    c.text(at.field("security_level"), &a.security_level);
    let people = &session.participants;
    c.person(at.field("facilitator"), a.facilitator.as_deref(), people);
    c.person(at.field("note_keeper"), a.note_keeper.as_deref(), people);
}

/// Checks the threats; returns their ids.
pub(super) fn check_threats(
    c: &mut Checker,
    session: &Session,
    root: &FieldPath,
    elements: &HashSet<u32>,
) -> HashSet<u32> {
    let mut ids = HashSet::new();
    for (i, t) in session.threats.iter().enumerate() {
        let at = root.field("threats").index(i);
        c.id(at.field("id"), t.id, &mut ids, "threat");
        c.text(at.field("title"), &t.title);
        c.lines(at.field("description"), &t.description);
        if let Some(category) = &t.category {
            c.text(at.field("category"), category);
        }
        c.link(at.field("element"), t.element, elements, "element");
        let people = &session.participants;
        c.person(at.field("raised_by"), t.raised_by.as_deref(), people);
        c.phase(at.field("phase"), t.phase);
        if let Some(element) = t.card.as_ref().and_then(|card| card.element)
            && !elements.contains(&element)
        {
            c.problem(
                at.field("card").field("element"),
                format!("element {element} is not in the model"),
            );
        }
    }
    ids
}

/// Checks the parking lot and the excursions and the links between them.
pub(super) fn check_lot(
    c: &mut Checker,
    session: &Session,
    root: &FieldPath,
    threats: &HashSet<u32>,
) {
    let mut parked = HashSet::new();
    for (i, p) in session.parking.iter().enumerate() {
        let at = root.field("parking").index(i);
        c.id(at.field("id"), p.id, &mut parked, "parked item");
        c.text(at.field("text"), &p.text);
        c.person(
            at.field("raised_by"),
            p.raised_by.as_deref(),
            &session.participants,
        );
        match &p.outcome {
            Some(ParkedOutcome::Threat(t)) => {
                c.link(at.field("outcome"), Some(*t), threats, "threat");
            }
            Some(ParkedOutcome::Dropped { reason }) => c.text(at.field("outcome"), reason),
            None => {}
        }
    }
    let mut ids = HashSet::new();
    let mut running = 0;
    for (i, x) in session.excursions.iter().enumerate() {
        let at = root.field("excursions").index(i);
        c.id(at.field("id"), x.id, &mut ids, "excursion");
        c.text(at.field("topic"), &x.topic);
        c.text(at.field("outcome"), &x.outcome);
        match x.ended {
            Some(end) if end < x.started => {
                c.problem(at.field("ended"), "ends before it started".into());
            }
            Some(_) => {}
            None => {
                running += 1;
                if running > 1 {
                    c.problem(
                        at.field("ended"),
                        "only one excursion can run at a time".into(),
                    );
                }
            }
        }
        c.link(at.field("threat"), x.threat, threats, "threat");
        c.link(at.field("parked"), x.parked, &parked, "parked item");
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{paths, session};
    use crate::session::{Approach, Draft, Excursion, Parked, ParkedOutcome};

    #[test]
    fn people_must_be_participants() {
        let mut s = session();
        s.threats[0].raised_by = Some("Mallory".into());
        s.approach = Approach {
            facilitator: Some("Ada".into()),
            note_keeper: Some("Eve".into()),
            ..Approach::default()
        };
        s.parking[0].raised_by = Some("Ada\u{1b}".into());
        assert_eq!(
            paths(&s),
            [
                "session.approach.note_keeper",
                "session.threats[0].raised_by",
                "session.parking[0].raised_by",
                "session.parking[0].raised_by",
            ]
        );
    }

    #[test]
    fn threat_fields_and_links() {
        let mut s = session();
        s.threats[0].element = Some(99);
        s.threats[0].category = Some("spoof\ting".into());
        s.threats[0].description = "fine\nhere".into();
        assert_eq!(
            paths(&s),
            ["session.threats[0].category", "session.threats[0].element"]
        );
    }

    #[test]
    fn parked_items_and_excursions_link_to_what_exists() {
        let mut s = session();
        s.parking.push(Parked {
            outcome: Some(ParkedOutcome::Threat(77)),
            ..s.parking[0].clone()
        });
        s.excursions.push(Excursion {
            id: 9,
            topic: "Is TLS pinned?".into(),
            started: s.created,
            ended: None,
            outcome: String::new(),
            threat: Some(77),
            parked: Some(55),
        });
        assert_eq!(
            paths(&s),
            [
                "session.parking[1].id",
                "session.parking[1].outcome",
                "session.excursions[1].threat",
                "session.excursions[1].parked",
            ]
        );
    }

    #[test]
    fn one_excursion_at_a_time_and_none_ends_before_it_starts() {
        let mut s = session();
        let mut x = s.excursions[0].clone();
        x.id = 5;
        x.ended = None;
        s.excursions.push(x.clone());
        x.id = 6;
        s.excursions.push(x.clone());
        x.id = 7;
        x.ended = Some(s.created - chrono::Duration::seconds(1));
        x.outcome = "one\ntwo".into();
        s.excursions.push(x);
        assert_eq!(
            paths(&s),
            [
                "session.excursions[2].ended",
                "session.excursions[3].outcome",
                "session.excursions[3].ended",
            ]
        );
    }

    #[test]
    fn the_bank_and_the_draft() {
        let mut s = session();
        s.bank_secs = -1;
        s.draft = Some(Draft {
            what: "threat\ntitle".into(),
            text: "several\nlines \u{7}".into(),
        });
        assert_eq!(
            paths(&s),
            [
                "session.bank_secs",
                "session.draft.what",
                "session.draft.text"
            ]
        );
        s.bank_secs = super::super::MAX_SECS;
        s.draft = Some(Draft {
            what: "threat title".into(),
            text: "several\nlines".into(),
        });
        assert_eq!(paths(&s), Vec::<String>::new());
    }
}
