//! Threats and card marks.

use super::*;

#[test]
fn a_threat_is_added_with_every_field_and_undone() {
    let mut s = modelled();
    let draft = ThreatDraft {
        title: " Replayed\npayment ".into(),
        description: "Same request\ntwice".into(),
        category: Some(" tampering ".into()),
        element: Some(5),
        raised_by: Some("Grace".into()),
    };
    let inverse = apply_checked(&mut s, Change::AddThreat(draft));
    assert_eq!(inverse.what(), "add threat T1");
    let t = &s.threats[0];
    assert_eq!(t.title, "Replayed payment");
    assert_eq!(t.description, "Same request\ntwice");
    assert_eq!(t.category.as_deref(), Some("tampering"));
    assert_eq!(
        (t.element, t.raised_by.as_deref()),
        (Some(5), Some("Grace"))
    );
    assert_eq!(
        (t.phase, t.step.as_str(), t.card.as_ref()),
        (0, "scope", None)
    );
    assert_eq!(last(&s), &EventKind::ThreatCaptured { id: 1 });
}

#[test]
fn what_a_threat_refuses() {
    let mut s = modelled();
    refused(
        &mut s,
        Change::AddThreat(threat("  ")),
        "A threat needs a title",
    );
    let stranger = ThreatDraft {
        raised_by: Some("Mallory".into()),
        ..threat("X")
    };
    refused(
        &mut s,
        Change::AddThreat(stranger),
        "Mallory is not a participant",
    );
    let nowhere = ThreatDraft {
        element: Some(42),
        ..threat("X")
    };
    refused(
        &mut s,
        Change::AddThreat(nowhere),
        "There is no element 42 in the model",
    );
    refused(
        &mut s,
        Change::EditThreat(3, threat("X")),
        "There is no threat T3",
    );
    refused(&mut s, Change::DeleteThreat(3), "There is no threat T3");
    s.dealing = None;
    let change = Change::CaptureFromCard {
        draft: threat("X"),
        cell: cell("spoofing", 1),
    };
    refused(&mut s, change, "No deck is being dealt");
}

#[test]
fn a_blank_category_or_raiser_is_none() {
    let mut s = modelled();
    let draft = ThreatDraft {
        category: Some(" ".into()),
        raised_by: Some("".into()),
        ..threat("X")
    };
    apply_checked(&mut s, Change::AddThreat(draft));
    assert_eq!(
        (&s.threats[0].category, &s.threats[0].raised_by),
        (&None, &None)
    );
}

#[test]
fn editing_a_category_is_kept_in_the_timeline() {
    let mut s = modelled();
    s.capture_from_card("Spoofed browser", &cell("spoofing", 2), now());
    let draft = ThreatDraft {
        category: Some("tampering".into()),
        ..ThreatDraft::of(&s.threats[0])
    };
    let inverse = apply_checked(&mut s, Change::EditThreat(1, draft));
    assert_eq!(inverse.what(), "edit threat T1");
    let n = s.timeline.len();
    assert_eq!(
        s.timeline[n - 2..]
            .iter()
            .map(|e| &e.kind)
            .collect::<Vec<_>>(),
        [
            &EventKind::ThreatEdited { id: 1 },
            &EventKind::CategoryChanged {
                threat: 1,
                from: Some("spoofing".into()),
                to: Some("tampering".into())
            },
        ]
    );
    // The same category again is an edit, not a change of category.
    let same = ThreatDraft::of(&s.threats[0]);
    apply_checked(&mut s, Change::EditThreat(1, same));
    assert_eq!(last(&s), &EventKind::ThreatEdited { id: 1 });
}

#[test]
fn a_capture_from_a_card_and_its_mark_are_undone_together() {
    let mut s = modelled();
    let change = Change::CaptureFromCard {
        draft: threat("Spoofed browser"),
        cell: cell("spoofing", 2),
    };
    let inverse = apply_checked(&mut s, change);
    assert_eq!(inverse.what(), "add threat T1");
    let t = &s.threats[0];
    assert_eq!(
        (t.category.as_deref(), t.element),
        (Some("spoofing"), Some(2))
    );
    assert_eq!(s.dealt.len(), 1);
    assert_eq!(s.dealt[0].mark, Mark::Threat(1));
    // A category or element chosen in the form wins over the card's.
    let chosen = ThreatDraft {
        category: Some("elevation-of-privilege".into()),
        element: Some(1),
        ..threat("Chosen")
    };
    let change = Change::CaptureFromCard {
        draft: chosen,
        cell: cell("spoofing", 2),
    };
    apply_checked(&mut s, change);
    let t = &s.threats[1];
    assert_eq!(
        (t.category.as_deref(), t.element),
        (Some("elevation-of-privilege"), Some(1))
    );
    assert_eq!(t.card.as_ref().and_then(|c| c.element), Some(2));
}

#[test]
fn a_card_mark_is_undone() {
    let mut s = modelled();
    let change = Change::MarkCard {
        cell: cell("tampering", 4),
        mark: Mark::Skip,
    };
    let inverse = apply_checked(&mut s, change);
    assert_eq!(inverse.what(), "mark card tampering");
    assert_eq!(s.dealt.len(), 1);
    let dangling = Change::MarkCard {
        cell: cell("tampering", 4),
        mark: Mark::Threat(9),
    };
    refused(&mut s, dangling, "There is no threat T9");
}

#[test]
fn deleting_a_threat_takes_its_marks_and_unlinks_the_lot() {
    let mut s = modelled();
    s.capture_from_card("Spoofed browser", &cell("spoofing", 2), now());
    s.capture_from_card("Another", &cell("spoofing", 2), now());
    let park = ParkDraft {
        text: "Session fixation".into(),
        raised_by: None,
    };
    s.apply(Change::Park(park), now()).expect("parked");
    s.apply(Change::ParkedToThreat(1), now())
        .expect("became T3");
    s.apply(Change::StartExcursion("Cookies".into()), now())
        .expect("started");
    let end = Change::EndExcursion {
        outcome: "SameSite is set".into(),
        target: ExcursionTarget::Threat(1),
    };
    s.apply(end, now()).expect("ended");
    let uses = s.uses_of_threat(1);
    assert_eq!(
        (uses.marks, uses.parked.len(), uses.excursions.as_slice()),
        (1, 0, &[1][..])
    );
    let inverse = apply_checked(&mut s, Change::DeleteThreat(1));
    assert_eq!(inverse.what(), "delete threat T1");
    assert_eq!(
        s.dealt.iter().map(|d| d.mark).collect::<Vec<_>>(),
        [Mark::Threat(2)]
    );
    assert_eq!(s.excursions[0].threat, None);
    assert_eq!(last(&s), &EventKind::ThreatDeleted { id: 1 });
    // A threat that came from the lot sends the item back there.
    assert_eq!(s.uses_of_threat(3).parked, [1]);
    apply_checked(&mut s, Change::DeleteThreat(3));
    assert_eq!(s.parking[0].outcome, None);
}
