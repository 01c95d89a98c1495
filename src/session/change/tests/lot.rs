//! The parking lot and excursions.

use super::*;

fn parked(s: &mut Session, text: &str) {
    let draft = ParkDraft {
        text: text.into(),
        raised_by: Some("Ada".into()),
    };
    s.apply(Change::Park(draft), now()).expect("parked");
}

#[test]
fn an_item_is_parked_edited_and_undone() {
    let mut s = fresh();
    let draft = ParkDraft {
        text: " Rate\nlimits? ".into(),
        raised_by: Some("Ada".into()),
    };
    let inverse = apply_checked(&mut s, Change::Park(draft));
    assert_eq!(inverse.what(), "park item 1");
    assert_eq!(s.parking[0].text, "Rate limits?");
    assert_eq!(last(&s), &EventKind::Parked { id: 1 });
    let edit = ParkDraft {
        text: "Rate limits on refunds?".into(),
        raised_by: None,
    };
    apply_checked(&mut s, Change::EditParked(1, edit));
    assert_eq!(
        (s.parking[0].text.as_str(), &s.parking[0].raised_by),
        ("Rate limits on refunds?", &None)
    );
    assert_eq!(last(&s), &EventKind::ParkedEdited { id: 1 });
    assert_eq!(s.open_parked().count(), 1);
}

#[test]
fn a_parked_item_is_dropped_with_a_reason() {
    let mut s = fresh();
    parked(&mut s, "Rate limits?");
    refused(
        &mut s,
        Change::DropParked(1, " ".into()),
        "Say why the parked item is dropped",
    );
    let inverse = apply_checked(&mut s, Change::DropParked(1, "Out of scope".into()));
    assert_eq!(inverse.what(), "drop parked item 1");
    assert_eq!(
        s.parking[0].outcome,
        Some(ParkedOutcome::Dropped {
            reason: "Out of scope".into()
        })
    );
    assert_eq!(last(&s), &EventKind::ParkedDropped { id: 1 });
    refused(
        &mut s,
        Change::ParkedToThreat(1),
        "Parked item 1 was already dropped",
    );
    refused(
        &mut s,
        Change::DropParked(1, "again".into()),
        "Parked item 1 was already dropped",
    );
}

#[test]
fn a_parked_item_becomes_a_threat() {
    let mut s = fresh();
    parked(&mut s, "Rate limits?");
    let inverse = apply_checked(&mut s, Change::ParkedToThreat(1));
    assert_eq!(inverse.what(), "turn parked item 1 into threat T1");
    let t = &s.threats[0];
    assert_eq!(
        (t.title.as_str(), t.raised_by.as_deref()),
        ("Rate limits?", Some("Ada"))
    );
    assert_eq!(s.parking[0].outcome, Some(ParkedOutcome::Threat(1)));
    assert_eq!(last(&s), &EventKind::ParkedToThreat { id: 1, threat: 1 });
    refused(
        &mut s,
        Change::ParkedToThreat(1),
        "Parked item 1 already became threat T1",
    );
    refused(
        &mut s,
        Change::ParkedToThreat(5),
        "There is no parked item 5",
    );
    refused(
        &mut s,
        Change::Park(ParkDraft::default()),
        "A parked item needs some text",
    );
}

#[test]
fn an_excursion_runs_and_its_outcome_goes_to_a_threat() {
    let mut s = fresh();
    s.apply(
        Change::AddThreat(ThreatDraft {
            description: "Seen in 2023".into(),
            ..threat("Replay")
        }),
        now(),
    )
    .expect("added");
    let inverse = apply_checked(
        &mut s,
        Change::StartExcursion(" Is this\neven possible? ".into()),
    );
    assert_eq!(inverse.what(), "start excursion 1");
    assert_eq!(
        s.running_excursion().map(|x| x.topic.as_str()),
        Some("Is this even possible?")
    );
    refused(
        &mut s,
        Change::StartExcursion("Another".into()),
        "An excursion is already running; end it first",
    );
    let clock = FixedClock::new(now());
    clock.advance_secs(120);
    let end = Change::EndExcursion {
        outcome: "Only with a stolen token".into(),
        target: ExcursionTarget::Threat(1),
    };
    let before = s.clone();
    let inverse = s.apply(end, clock.now()).expect("ended");
    assert_eq!(inverse.what(), "end excursion 1");
    assert_eq!(s.running_excursion(), None);
    assert_eq!(s.excursions[0].threat, Some(1));
    assert_eq!(
        s.threats[0].description,
        "Seen in 2023\nOnly with a stolen token"
    );
    assert_eq!(last(&s), &EventKind::ExcursionEnded { id: 1, secs: 120 });
    s.undo(inverse, clock.now());
    assert_eq!(without_timeline(&s), without_timeline(&before));
}

#[test]
fn an_excursion_outcome_goes_to_the_parking_lot_or_nowhere() {
    let mut s = fresh();
    s.apply(Change::StartExcursion(String::new()), now())
        .expect("started");
    let park = |outcome: &str| Change::EndExcursion {
        outcome: outcome.into(),
        target: ExcursionTarget::Parking,
    };
    refused(
        &mut s,
        park(" "),
        "Say what came of the excursion to park it",
    );
    let missing = Change::EndExcursion {
        outcome: String::new(),
        target: ExcursionTarget::Threat(4),
    };
    refused(&mut s, missing, "There is no threat T4");
    apply_checked(&mut s, park("Ask the payments team"));
    assert_eq!(s.parking[0].text, "Ask the payments team");
    assert_eq!(s.excursions[0].parked, Some(1));
    refused(&mut s, park("x"), "No excursion is running");
    s.apply(Change::StartExcursion("Again".into()), now())
        .expect("started");
    let nothing = Change::EndExcursion {
        outcome: String::new(),
        target: ExcursionTarget::Nothing,
    };
    apply_checked(&mut s, nothing);
    assert_eq!(
        (s.excursions[1].threat, s.excursions[1].parked),
        (None, None)
    );
}
