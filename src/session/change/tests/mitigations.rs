//! Mitigations and their links to threats.

use chrono::NaiveDate;

use super::*;
use crate::session::{Effort, MitigationDraft, MitigationStatus, Reduces};

fn full() -> MitigationDraft {
    MitigationDraft {
        title: " Sign\nrequests ".into(),
        description: "HMAC over the body\nand a timestamp".into(),
        essential: true,
        reduces: Reduces::Harm,
        criteria: " A replayed request\tis refused ".into(),
        effort: Effort::Large,
        owner: " Linus ".into(),
        due: NaiveDate::from_ymd_opt(2026, 12, 24),
        status: MitigationStatus::InProgress,
        threats: vec![2, 1, 2],
    }
}

#[test]
fn a_mitigation_is_added_with_every_field_and_undone() {
    let mut s = threatened();
    let inverse = apply_checked(&mut s, Change::AddMitigation(full()));
    assert_eq!(inverse.what(), "add mitigation M1");
    let m = &s.mitigations[0];
    assert_eq!((m.id, m.tag()), (1, "M1".to_owned()));
    assert_eq!(m.title, "Sign requests");
    assert_eq!(m.description, "HMAC over the body\nand a timestamp");
    assert_eq!(m.criteria, "A replayed request is refused");
    assert_eq!(
        (m.owner.as_str(), m.due),
        ("Linus", NaiveDate::from_ymd_opt(2026, 12, 24))
    );
    assert!(m.essential && m.is_live());
    assert_eq!((m.reduces, m.effort), (Reduces::Harm, Effort::Large));
    assert_eq!(m.threats, [2, 1], "repeats dropped, order kept");
    assert_eq!(last(&s), &EventKind::MitigationAdded { id: 1 });
    assert_eq!(MitigationDraft::of(m).threats, [2, 1]);
}

#[test]
fn what_a_mitigation_refuses() {
    let mut s = threatened();
    let draft = |f: fn(&mut MitigationDraft)| {
        let mut d = full();
        f(&mut d);
        Change::AddMitigation(d)
    };
    refused(
        &mut s,
        draft(|d| d.title = "\n".into()),
        "A mitigation needs a title",
    );
    refused(
        &mut s,
        draft(|d| d.threats = vec![1, 8]),
        "There is no threat T8",
    );
    refused(
        &mut s,
        draft(|d| d.status = MitigationStatus::WontDo { reason: " ".into() }),
        "Say why M1 will not be done",
    );
    refused(
        &mut s,
        draft(|d| d.due = NaiveDate::from_ymd_opt(1999, 1, 1)),
        "A due date falls in the years 2000 to 2999",
    );
    refused(
        &mut s,
        Change::EditMitigation(4, full()),
        "There is no mitigation M4",
    );
    refused(
        &mut s,
        Change::DeleteMitigation(4),
        "There is no mitigation M4",
    );
}

#[test]
fn a_mitigation_is_edited_and_deleted_and_its_id_never_comes_back() {
    let mut s = threatened();
    s.apply(Change::AddMitigation(full()), now())
        .expect("added");
    let idea = MitigationDraft {
        essential: false,
        status: MitigationStatus::WontDo {
            reason: "Too costly for now".into(),
        },
        threats: vec![3],
        ..full()
    };
    let inverse = apply_checked(&mut s, Change::EditMitigation(1, idea));
    assert_eq!(inverse.what(), "edit mitigation M1");
    assert_eq!(s.mitigations[0].threats, [3]);
    assert!(!s.mitigations[0].is_live());
    assert_eq!(last(&s), &EventKind::MitigationEdited { id: 1 });
    let inverse = apply_checked(&mut s, Change::DeleteMitigation(1));
    assert_eq!(inverse.what(), "delete mitigation M1");
    assert!(s.mitigations.is_empty());
    assert_eq!(last(&s), &EventKind::MitigationDeleted { id: 1 });
    s.apply(Change::AddMitigation(full()), now())
        .expect("added");
    assert_eq!(s.mitigations[0].id, 2);
}

#[test]
fn links_are_added_and_taken_away_one_by_one() {
    let mut s = threatened();
    let mut draft = full();
    draft.threats = vec![1];
    s.apply(Change::AddMitigation(draft), now()).expect("added");
    let link = |threat| Change::LinkMitigation {
        mitigation: 1,
        threat,
    };
    let unlink = |threat| Change::UnlinkMitigation {
        mitigation: 1,
        threat,
    };
    let inverse = apply_checked(&mut s, link(3));
    assert_eq!(inverse.what(), "link M1 to T3");
    assert_eq!(s.mitigations[0].threats, [1, 3]);
    assert_eq!(
        last(&s),
        &EventKind::MitigationLinked {
            mitigation: 1,
            threat: 3
        }
    );
    refused(&mut s, link(3), "M1 is already linked to T3");
    refused(&mut s, link(9), "There is no threat T9");
    refused(&mut s, unlink(2), "M1 is not linked to T2");
    refused(
        &mut s,
        Change::LinkMitigation {
            mitigation: 5,
            threat: 1,
        },
        "There is no mitigation M5",
    );
    apply_checked(&mut s, unlink(1));
    let inverse = apply_checked(&mut s, unlink(3));
    assert_eq!(inverse.what(), "unlink M1 from T3");
    assert!(
        s.mitigations[0].threats.is_empty(),
        "a mitigation may tame nothing"
    );
    assert_eq!(
        last(&s),
        &EventKind::MitigationUnlinked {
            mitigation: 1,
            threat: 3
        }
    );
}

#[test]
fn deleting_a_threat_unlinks_it_and_undo_links_it_again() {
    let mut s = threatened();
    s.apply(Change::AddMitigation(full()), now())
        .expect("M1 on T2, T1");
    let only = MitigationDraft {
        threats: vec![1],
        ..full()
    };
    s.apply(Change::AddMitigation(only), now())
        .expect("M2 on T1");
    assert_eq!(s.uses_of_threat(1).mitigations, [1, 2]);
    assert!(!s.uses_of_threat(1).is_empty());
    apply_checked(&mut s, Change::DeleteThreat(1));
    assert_eq!(s.mitigations[0].threats, [2]);
    assert!(
        s.mitigations[1].threats.is_empty(),
        "M2 stays, taming nothing"
    );
    // Undoing the threat's capture takes its links along too.
    let mut s = threatened();
    let inverse = s
        .apply(Change::AddThreat(threat("Late")), now())
        .expect("T4");
    s.apply(
        Change::AddMitigation(MitigationDraft::new("Queue", &[4, 2])),
        now(),
    )
    .expect("M1");
    s.undo(inverse, now());
    assert_eq!(s.mitigations[0].threats, [2]);
    assert_eq!(check(&s), []);
}

#[test]
fn a_threat_shows_its_mitigations_and_its_essential_ones() {
    let mut s = threatened();
    let idea = MitigationDraft {
        essential: false,
        ..MitigationDraft::new("Idea", &[1])
    };
    let essential = MitigationDraft {
        essential: true,
        ..MitigationDraft::new("Must have", &[1, 2])
    };
    for d in [idea, essential] {
        s.apply(Change::AddMitigation(d), now()).expect("added");
    }
    let ids = |ms: Vec<&crate::session::Mitigation>| ms.iter().map(|m| m.id).collect::<Vec<_>>();
    assert_eq!(ids(s.mitigations_of(1)), [1, 2]);
    assert_eq!(ids(s.essential_mitigations_of(1)), [2]);
    assert_eq!(ids(s.essential_mitigations_of(2)), [2]);
    assert_eq!(ids(s.mitigations_of(3)), Vec::<u32>::new());
    assert!(s.is_tamed(1) && !s.is_tamed(3));
    assert_eq!(s.mitigation(2).map(|m| m.title.as_str()), Some("Must have"));
}

#[test]
fn an_owner_is_any_name_and_a_participant_owner_follows_a_rename() {
    let mut s = threatened();
    let by = |owner: &str| MitigationDraft {
        owner: owner.into(),
        ..MitigationDraft::new("Sign", &[1])
    };
    s.apply(Change::AddMitigation(by("Grace")), now())
        .expect("M1");
    s.apply(Change::AddMitigation(by("Ops team")), now())
        .expect("M2");
    let rename = Change::RenameParticipant {
        from: "Grace".into(),
        to: "Grace H.".into(),
    };
    apply_checked(&mut s, rename);
    apply_checked(&mut s, Change::SetParticipants(vec!["Ada".into()]));
    let owners: Vec<&str> = s.mitigations.iter().map(|m| m.owner.as_str()).collect();
    assert_eq!(owners, ["Grace H.", "Ops team"], "owners are kept as names");
}

#[test]
fn a_stack_of_phase_3_and_4_changes_undone_in_order_restores_the_session() {
    use crate::session::{Decision, RatingDraft, RetroList};
    let mut s = threatened();
    let start = s.clone();
    let paved = scheme("paved-road");
    let fine = scheme("fine");
    let changes = vec![
        Change::SetKey {
            threat: 2,
            rank: Some(1),
        },
        Change::SetKey {
            threat: 1,
            rank: Some(1),
        },
        Change::rate(1, &paved, RatingDraft::new("high", "high")),
        Change::SetScheme(fine.reference()),
        Change::rate(
            2,
            &fine,
            RatingDraft::overridden(
                "rare",
                "minor",
                crate::session::Action::Could,
                "Auditors ask",
            ),
        ),
        Change::rate_residual(2, &fine, RatingDraft::new("rare", "minor")),
        Change::Decide {
            threat: 2,
            decision: Some(Decision::Accept {
                reason: "Rare".into(),
                by: "Ada".into(),
            }),
        },
        Change::AddMitigation(full()),
        Change::AddMitigation(MitigationDraft::new("Idea", &[3])),
        Change::LinkMitigation {
            mitigation: 2,
            threat: 1,
        },
        Change::UnlinkMitigation {
            mitigation: 1,
            threat: 2,
        },
        Change::EditMitigation(2, MitigationDraft::new("Better idea", &[1])),
        Change::Review {
            threat: 1,
            ok: false,
            note: "No owner".into(),
        },
        Change::AddRetro {
            list: RetroList::Lessons,
            text: "Rate sooner".into(),
            by: Some("Grace".into()),
        },
        Change::RenameParticipant {
            from: "Ada".into(),
            to: "Ada L.".into(),
        },
        Change::DeleteThreat(1),
        Change::DeleteMitigation(1),
        Change::DeleteRetro {
            list: RetroList::Lessons,
            index: 0,
        },
    ];
    let mut stack = Vec::new();
    for change in changes {
        stack.push(s.apply(change, now()).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(check(&s), []);
    }
    assert_eq!(s.threats.len(), 2);
    assert_eq!(s.key_threats(), [2]);
    assert!(s.mitigations[0].threats.is_empty());
    while let Some(inverse) = stack.pop() {
        s.undo(inverse, now());
        assert_eq!(check(&s), []);
    }
    assert_eq!(without_timeline(&s), without_timeline(&start));
}
