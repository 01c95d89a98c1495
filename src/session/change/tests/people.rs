//! The approach, the participants and the agreement on the model.

use super::*;

fn approach() -> Approach {
    Approach {
        scope: "Checkout\n\nRefunds ".into(),
        out_of_scope: "The mobile app".into(),
        security_level: " Card data never leaks\n".into(),
        facilitator: Some("Ada".into()),
        note_keeper: Some("Grace".into()),
    }
}

#[test]
fn the_approach_is_set_and_undone() {
    let mut s = fresh();
    let inverse = apply_checked(&mut s, Change::SetApproach(approach()));
    assert_eq!(inverse.what(), "set the approach");
    assert_eq!(s.approach.scope, "Checkout\n\nRefunds");
    assert_eq!(s.approach.security_level, "Card data never leaks");
    assert_eq!(last(&s), &EventKind::ApproachSet);
    let stranger = Approach {
        note_keeper: Some("Linus".into()),
        ..approach()
    };
    refused(
        &mut s,
        Change::SetApproach(stranger),
        "Linus is not a participant",
    );
}

#[test]
fn participants_who_leave_are_unset_where_they_were_used() {
    let mut s = fresh();
    s.apply(Change::SetApproach(approach()), now())
        .expect("set");
    let by_grace = ThreatDraft {
        raised_by: Some("Grace".into()),
        ..threat("Replay")
    };
    s.apply(Change::AddThreat(by_grace), now()).expect("added");
    let park = ParkDraft {
        text: "Logs?".into(),
        raised_by: Some("Grace".into()),
    };
    s.apply(Change::Park(park), now()).expect("parked");
    let names = vec![" Ada ".into(), "".into(), "Linus".into()];
    let inverse = apply_checked(&mut s, Change::SetParticipants(names));
    assert_eq!(inverse.what(), "set the participants");
    assert_eq!(s.participants, ["Ada", "Linus"]);
    assert_eq!(
        (&s.threats[0].raised_by, &s.parking[0].raised_by),
        (&None, &None)
    );
    assert_eq!(
        (s.approach.facilitator.as_deref(), &s.approach.note_keeper),
        (Some("Ada"), &None)
    );
    assert_eq!(last(&s), &EventKind::ParticipantsSet);
    let twice = vec!["Ada".into(), "Ada ".into()];
    refused(
        &mut s,
        Change::SetParticipants(twice),
        "Ada is listed twice",
    );
}

#[test]
fn a_participant_is_renamed_everywhere() {
    let mut s = fresh();
    s.apply(Change::SetApproach(approach()), now())
        .expect("set");
    let by_grace = ThreatDraft {
        raised_by: Some("Grace".into()),
        ..threat("Replay")
    };
    s.apply(Change::AddThreat(by_grace), now()).expect("added");
    let rename = Change::RenameParticipant {
        from: "Grace".into(),
        to: "Grace H.".into(),
    };
    let inverse = apply_checked(&mut s, rename);
    assert_eq!(inverse.what(), "rename Grace to Grace H.");
    assert_eq!(s.participants, ["Ada", "Grace H."]);
    assert_eq!(s.threats[0].raised_by.as_deref(), Some("Grace H."));
    assert_eq!(s.approach.note_keeper.as_deref(), Some("Grace H."));
    let clash = Change::RenameParticipant {
        from: "Ada".into(),
        to: "Grace H.".into(),
    };
    refused(&mut s, clash, "Grace H. is already a participant");
    let unknown = Change::RenameParticipant {
        from: "Eve".into(),
        to: "Mallory".into(),
    };
    refused(&mut s, unknown, "Eve is not a participant");
}

#[test]
fn the_model_is_agreed_once_there_is_one() {
    let mut s = fresh();
    refused(
        &mut s,
        Change::AgreeModel,
        "There is no model to agree on yet",
    );
    let mut s = modelled();
    let inverse = apply_checked(&mut s, Change::AgreeModel);
    assert_eq!(inverse.what(), "agree on the model");
    assert_eq!(s.model_agreed, Some(now()));
    assert_eq!(last(&s), &EventKind::ModelAgreed);
}
