//! The scheme, ratings, residual ratings, decisions, key ranks, reviews.

use super::*;
use crate::session::{Action, Decision, DecisionKind, RatingDraft, Review, SchemeRef};

fn paved() -> crate::session::Scheme {
    scheme("paved-road")
}

#[test]
fn a_rating_takes_the_suggestion_and_is_undone() {
    let mut s = threatened();
    let change = Change::rate(1, &paved(), RatingDraft::new(" low ", "high"));
    let inverse = apply_checked(&mut s, change);
    assert_eq!(inverse.what(), "rate T1 SHOULD");
    let r = s.threats[0].rating.as_ref().expect("rated");
    assert_eq!((r.likelihood.as_str(), r.impact.as_str()), ("low", "high"));
    assert_eq!((r.suggested, r.action), (Action::Should, Action::Should));
    assert_eq!((r.scheme.clone(), r.at), (SchemeRef::default(), now()));
    assert!(r.override_reason.is_empty() && !r.is_override());
    assert_eq!(
        last(&s),
        &EventKind::RatingSet {
            threat: 1,
            action: Action::Should
        }
    );
}

#[test]
fn an_override_needs_a_reason_and_is_logged_as_one() {
    let mut s = threatened();
    let bare = RatingDraft::overridden("low", "high", Action::Must, "  ");
    refused(
        &mut s,
        Change::rate(1, &paved(), bare),
        "Say why T1 is MUST when the scheme suggests SHOULD",
    );
    let why = RatingDraft::overridden("low", "high", Action::Must, "Regulator\nfines");
    apply_checked(&mut s, Change::rate(1, &paved(), why));
    let r = s.threats[0].rating.as_ref().expect("rated");
    assert_eq!(
        (r.action, r.override_reason.as_str()),
        (Action::Must, "Regulator fines")
    );
    let n = s.timeline.len();
    assert_eq!(
        s.timeline[n - 2..]
            .iter()
            .map(|e| &e.kind)
            .collect::<Vec<_>>(),
        [
            &EventKind::RatingSet {
                threat: 1,
                action: Action::Must
            },
            &EventKind::RatingOverridden {
                threat: 1,
                suggested: Action::Should,
                action: Action::Must
            },
        ]
    );
    // Choosing the suggestion with a reason is no override: the reason goes.
    let same = RatingDraft::overridden("high", "high", Action::Must, "Obvious");
    apply_checked(&mut s, Change::rate(2, &paved(), same));
    let r = s.threats[1].rating.as_ref().expect("rated");
    assert_eq!((r.is_override(), r.override_reason.as_str()), (false, ""));
    assert!(matches!(last(&s), EventKind::RatingSet { threat: 2, .. }));
}

#[test]
fn unknown_levels_threats_and_other_schemes_are_refused() {
    let mut s = threatened();
    refused(
        &mut s,
        Change::rate(1, &paved(), RatingDraft::new("huge", "low")),
        "paved-road v1 has no likelihood \"huge\"",
    );
    refused(
        &mut s,
        Change::rate(1, &paved(), RatingDraft::new("low", "")),
        "paved-road v1 has no impact \"\"",
    );
    refused(
        &mut s,
        Change::rate(9, &paved(), RatingDraft::new("low", "low")),
        "There is no threat T9",
    );
    refused(
        &mut s,
        Change::rate(1, &scheme("fine"), RatingDraft::new("rare", "minor")),
        "This session rates with paved-road v1, not fine v1",
    );
    let mut newer = paved();
    newer.version = 2;
    refused(
        &mut s,
        Change::rate(1, &newer, RatingDraft::new("low", "low")),
        "This session rates with paved-road v1, not paved-road v2",
    );
}

#[test]
fn a_scheme_chosen_later_rates_from_then_on_and_older_ratings_keep_theirs() {
    let mut s = threatened();
    s.apply(
        Change::rate(1, &paved(), RatingDraft::new("low", "low")),
        now(),
    )
    .expect("rated");
    let fine = scheme("fine");
    let inverse = apply_checked(&mut s, Change::SetScheme(fine.reference()));
    assert_eq!(inverse.what(), "choose the rating scheme fine v1");
    assert_eq!(
        last(&s),
        &EventKind::SchemeChosen {
            scheme: fine.reference()
        }
    );
    apply_checked(
        &mut s,
        Change::rate(2, &fine, RatingDraft::new("rare", "severe")),
    );
    let schemes: Vec<_> = s.threats[..2]
        .iter()
        .map(|t| t.rating.as_ref().map(|r| r.scheme.to_string()))
        .collect();
    assert_eq!(
        schemes,
        [Some("paved-road v1".into()), Some("fine v1".into())]
    );
    assert_eq!(s.threats[1].action(), Some(Action::Should));
    let blank = SchemeRef {
        id: " ".into(),
        version: 1,
    };
    refused(
        &mut s,
        Change::SetScheme(blank),
        "A rating scheme needs an id",
    );
    let zero = SchemeRef {
        version: 0,
        ..SchemeRef::default()
    };
    refused(
        &mut s,
        Change::SetScheme(zero),
        "Scheme versions start at 1",
    );
}

#[test]
fn a_residual_rating_comes_after_a_rating() {
    let mut s = threatened();
    let residual = Change::rate_residual(1, &paved(), RatingDraft::new("low", "low"));
    refused(&mut s, residual.clone(), "Rate T1 before its residual risk");
    s.apply(
        Change::rate(1, &paved(), RatingDraft::new("high", "high")),
        now(),
    )
    .expect("rated");
    let inverse = apply_checked(&mut s, residual);
    assert_eq!(inverse.what(), "rate the residual risk of T1 NO NEED");
    let t = &s.threats[0];
    assert_eq!(t.action(), Some(Action::Must), "the rating stays");
    assert_eq!(t.residual.as_ref().map(|r| r.action), Some(Action::NoNeed));
    assert_eq!(
        last(&s),
        &EventKind::ResidualSet {
            threat: 1,
            action: Action::NoNeed
        }
    );
    let bare = RatingDraft::overridden("low", "low", Action::Could, "");
    refused(
        &mut s,
        Change::rate_residual(1, &paved(), bare),
        "Say why T1 is COULD when the scheme suggests NO NEED",
    );
}

#[test]
fn every_decision_is_set_with_its_reason_and_undone() {
    let mut s = threatened();
    let decisions = [
        Decision::Mitigate,
        Decision::Accept {
            reason: " Fraud team watches it ".into(),
            by: "Grace".into(),
        },
        Decision::Transfer {
            to: "Card processor".into(),
        },
        Decision::Avoid {
            how: "No stored cards".into(),
        },
        Decision::NotAThreat {
            reason: "TLS ends at our edge".into(),
        },
    ];
    for d in decisions {
        let kind = d.kind();
        let inverse = apply_checked(
            &mut s,
            Change::Decide {
                threat: 2,
                decision: Some(d),
            },
        );
        assert_eq!(inverse.what(), format!("decide T2: {}", kind.label()));
        assert_eq!(
            last(&s),
            &EventKind::Decided {
                threat: 2,
                decision: Some(kind)
            }
        );
        assert_eq!(
            s.threats[1].status(),
            crate::session::ThreatStatus::Decided(kind)
        );
    }
    s.apply(
        Change::Decide {
            threat: 2,
            decision: Some(Decision::Accept {
                reason: " Fraud team watches it ".into(),
                by: "Grace".into(),
            }),
        },
        now(),
    )
    .expect("accepted");
    assert_eq!(
        s.threats[1].decision,
        Some(Decision::Accept {
            reason: "Fraud team watches it".into(),
            by: "Grace".into()
        })
    );
    let inverse = apply_checked(
        &mut s,
        Change::Decide {
            threat: 2,
            decision: None,
        },
    );
    assert_eq!(inverse.what(), "take back the decision on T2");
    assert_eq!(s.threats[1].decision, None);
}

#[test]
fn decisions_without_reasons_or_by_strangers_are_refused() {
    let mut s = threatened();
    let decide = |d| Change::Decide {
        threat: 1,
        decision: Some(d),
    };
    let accept = |reason: &str, by: &str| {
        decide(Decision::Accept {
            reason: reason.into(),
            by: by.into(),
        })
    };
    refused(
        &mut s,
        accept(" ", "Ada"),
        "Say why the risk is accepted (T1)",
    );
    refused(
        &mut s,
        accept("Cheap to live with", " "),
        "Say which participant accepts the risk (T1)",
    );
    refused(
        &mut s,
        accept("Cheap to live with", "Mallory"),
        "Mallory is not a participant",
    );
    let transfer = decide(Decision::Transfer { to: "".into() });
    refused(&mut s, transfer, "Say who takes the risk over (T1)");
    let avoid = decide(Decision::Avoid { how: "\n".into() });
    refused(&mut s, avoid, "Say how the design changes to avoid it (T1)");
    let not = decide(Decision::NotAThreat { reason: "".into() });
    refused(&mut s, not, "Say why it is not a threat (T1)");
    refused(
        &mut s,
        Change::Decide {
            threat: 7,
            decision: None,
        },
        "There is no threat T7",
    );
}

fn keys(s: &Session) -> Vec<Option<u32>> {
    s.threats.iter().map(|t| t.key).collect()
}

#[test]
fn key_ranks_make_room_and_close_up() {
    let mut s = threatened();
    let key = |threat, rank| Change::SetKey { threat, rank };
    let inverse = apply_checked(&mut s, key(1, Some(1)));
    assert_eq!(inverse.what(), "make T1 key threat 1");
    apply_checked(&mut s, key(2, Some(1)));
    assert_eq!(keys(&s), [Some(2), Some(1), None]);
    apply_checked(&mut s, key(3, Some(9)));
    assert_eq!(
        keys(&s),
        [Some(2), Some(1), Some(3)],
        "at most one past the last"
    );
    assert_eq!(
        last(&s),
        &EventKind::KeySet {
            threat: 3,
            rank: Some(3)
        }
    );
    apply_checked(&mut s, key(3, Some(1)));
    assert_eq!(keys(&s), [Some(3), Some(2), Some(1)]);
    apply_checked(&mut s, key(1, Some(3)));
    assert_eq!(keys(&s), [Some(3), Some(2), Some(1)], "the same rank again");
    let inverse = apply_checked(&mut s, key(2, None));
    assert_eq!(inverse.what(), "take T2 out of the key threats");
    assert_eq!(keys(&s), [Some(2), None, Some(1)]);
    refused(&mut s, key(1, Some(0)), "Key-threat ranks start at 1");
    assert_eq!(s.key_threats(), [3, 1]);
}

#[test]
fn deleting_a_key_threat_closes_up_and_undo_restores_the_ranks() {
    let mut s = threatened();
    for (threat, rank) in [(1, 1), (2, 2), (3, 3)] {
        s.apply(
            Change::SetKey {
                threat,
                rank: Some(rank),
            },
            now(),
        )
        .expect("ranked");
    }
    apply_checked(&mut s, Change::DeleteThreat(1));
    assert_eq!(keys(&s), [Some(1), Some(2)]);
}

#[test]
fn a_review_is_fine_or_says_what_is_missing() {
    let mut s = threatened();
    let review = |ok, note: &str| Change::Review {
        threat: 1,
        ok,
        note: note.into(),
    };
    refused(&mut s, review(false, " "), "Say what T1 still needs");
    let inverse = apply_checked(&mut s, review(false, "No owner\tyet"));
    assert_eq!(inverse.what(), "mark T1 as needing work");
    assert_eq!(
        s.threats[0].review,
        Some(Review {
            ok: false,
            note: "No owner yet".into()
        })
    );
    assert_eq!(
        last(&s),
        &EventKind::Reviewed {
            threat: 1,
            ok: false
        }
    );
    let inverse = apply_checked(&mut s, review(true, ""));
    assert_eq!(inverse.what(), "mark T1 reviewed");
}

#[test]
fn whoever_accepted_a_risk_stays_a_participant_and_follows_a_rename() {
    let mut s = threatened();
    let accept = Decision::Accept {
        reason: "Cheap".into(),
        by: "Grace".into(),
    };
    s.apply(
        Change::Decide {
            threat: 3,
            decision: Some(accept),
        },
        now(),
    )
    .expect("accepted");
    refused(
        &mut s,
        Change::SetParticipants(vec!["Ada".into()]),
        "Grace accepted the risk of T3; decide it again before taking Grace off the list",
    );
    let rename = Change::RenameParticipant {
        from: "Grace".into(),
        to: "Grace H.".into(),
    };
    apply_checked(&mut s, rename);
    assert!(matches!(
        &s.threats[2].decision,
        Some(Decision::Accept { by, .. }) if by == "Grace H."
    ));
    assert_eq!(
        s.threats[2].status(),
        crate::session::ThreatStatus::Decided(DecisionKind::Accept)
    );
}
