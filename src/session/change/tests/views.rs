//! What the screens ask of the session: the rating order, rating progress,
//! remaining risk and the summary.

use chrono::Duration;

use super::*;
use crate::session::{
    Action, Decision, MitigationDraft, MitigationStatus, RatingDraft, RatingOrder, RatingProgress,
    RetroList,
};

fn at(secs: i64) -> DateTime<Utc> {
    now() + Duration::seconds(secs)
}

fn rate(s: &mut Session, threat: u32, l: &str, i: &str, secs: i64) {
    let change = Change::rate(threat, &scheme("paved-road"), RatingDraft::new(l, i));
    s.apply(change, at(secs)).expect("rated");
}

#[test]
fn the_rating_walk_takes_key_threats_first_or_by_element_or_as_captured() {
    let mut s = modelled();
    // T1 on the DB (third in the model), T2 on nothing, T3 on the API
    // (first), T4 found with a card on the browser (second).
    for (title, element, secs) in [("A", Some(3), 30), ("B", None, 10), ("C", Some(1), 20)] {
        let draft = ThreatDraft {
            element,
            ..threat(title)
        };
        s.apply(Change::AddThreat(draft), at(secs)).expect("added");
    }
    s.capture_from_card("D", &cell("spoofing", 2), at(0));
    assert_eq!(s.rating_order(RatingOrder::KeyFirst), [1, 2, 3, 4]);
    for (threat, rank) in [(4, 1), (2, 2)] {
        let key = Change::SetKey {
            threat,
            rank: Some(rank),
        };
        s.apply(key, now()).expect("ranked");
    }
    assert_eq!(s.rating_order(RatingOrder::KeyFirst), [4, 2, 1, 3]);
    assert_eq!(s.rating_order(RatingOrder::ByElement), [3, 4, 1, 2]);
    assert_eq!(s.rating_order(RatingOrder::ByCapture), [4, 2, 3, 1]);
    assert_eq!(RatingOrder::default(), RatingOrder::KeyFirst);
}

#[test]
fn rating_progress_counts_and_keeps_the_pace() {
    let mut s = threatened();
    s.apply(Change::AddThreat(threat("Fourth")), now())
        .expect("T4");
    assert_eq!(
        s.rating_progress(),
        RatingProgress {
            rated: 0,
            left: 4,
            secs_per_rated: None,
            secs_left: None
        }
    );
    rate(&mut s, 2, "low", "low", 100);
    assert_eq!(
        s.rating_progress().secs_per_rated,
        None,
        "one rating: no pace"
    );
    rate(&mut s, 1, "high", "high", 190);
    rate(&mut s, 3, "low", "high", 160);
    // Not a threat: needs no rating, so it is not left.
    let not = Change::Decide {
        threat: 4,
        decision: Some(Decision::NotAThreat {
            reason: "Duplicate of T1".into(),
        }),
    };
    s.apply(not, now()).expect("decided");
    assert_eq!(
        s.rating_progress(),
        RatingProgress {
            rated: 3,
            left: 0,
            secs_per_rated: Some(45),
            secs_left: Some(0)
        }
    );
    s.apply(Change::AddThreat(threat("Fifth")), now())
        .expect("T5");
    s.apply(Change::AddThreat(threat("Sixth")), now())
        .expect("T6");
    assert_eq!(s.rating_progress().secs_left, Some(90));
}

#[test]
fn remaining_risk_is_must_and_should_without_an_essential_mitigation() {
    let mut s = threatened();
    for t in ["Fourth", "Fifth"] {
        s.apply(Change::AddThreat(threat(t)), now()).expect("added");
    }
    rate(&mut s, 1, "high", "high", 0); // MUST, essential mitigation: tamed
    rate(&mut s, 2, "medium", "medium", 0); // SHOULD, only an idea: open
    rate(&mut s, 3, "low", "medium", 0); // COULD: not listed
    rate(&mut s, 4, "high", "medium", 0); // MUST, accepted
    rate(&mut s, 5, "high", "low", 0); // SHOULD, essential but won't do: open
    let essential = |title: &str, threats: &[u32], status| MitigationDraft {
        essential: true,
        status,
        ..MitigationDraft::new(title, threats)
    };
    let drafts = [
        essential("Sign", &[1], MitigationStatus::Done),
        MitigationDraft::new("Idea", &[2]),
        essential(
            "Costly",
            &[5],
            MitigationStatus::WontDo {
                reason: "No budget".into(),
            },
        ),
    ];
    for d in drafts {
        s.apply(Change::AddMitigation(d), now()).expect("added");
    }
    let accept = Decision::Accept {
        reason: "Insured".into(),
        by: "Ada".into(),
    };
    s.apply(
        Change::Decide {
            threat: 4,
            decision: Some(accept),
        },
        now(),
    )
    .expect("accepted");
    let residual =
        Change::rate_residual(1, &scheme("paved-road"), RatingDraft::new("medium", "high"));
    s.apply(residual, now()).expect("residual");
    let risk = s.remaining_risk();
    assert_eq!(risk.open, [2, 5]);
    assert_eq!(risk.residual_high, [1], "still MUST once mitigated");
    assert_eq!(risk.accepted.len(), 1);
    assert_eq!(
        (
            risk.accepted[0].threat,
            risk.accepted[0].reason.as_str(),
            risk.accepted[0].by.as_str()
        ),
        (4, "Insured", "Ada")
    );
    // Decided otherwise than "mitigate", it is no longer open.
    let transfer = Decision::Transfer {
        to: "Insurer".into(),
    };
    s.apply(
        Change::Decide {
            threat: 2,
            decision: Some(transfer),
        },
        now(),
    )
    .expect("transferred");
    assert_eq!(s.remaining_risk().open, [5]);
    assert_eq!(s.threats[2].action(), Some(Action::Could));
}

#[test]
fn the_summary_counts_and_times_every_phase_against_its_box() {
    let mut s = threatened();
    let first_box = s.steps[0].clock.budget_secs;
    s.next(at(60)); // leaves "scope" early: the rest goes to the bank
    rate(&mut s, 1, "high", "high", 70);
    rate(&mut s, 2, "low", "low", 80);
    let decide = |threat, decision| Change::Decide {
        threat,
        decision: Some(decision),
    };
    s.apply(decide(1, Decision::Mitigate), now())
        .expect("decided");
    let accept = Decision::Accept {
        reason: "Rare".into(),
        by: "Grace".into(),
    };
    s.apply(decide(2, accept), now()).expect("decided");
    let owned = MitigationDraft {
        essential: true,
        owner: "Linus".into(),
        status: MitigationStatus::InProgress,
        ..MitigationDraft::new("Sign", &[1])
    };
    s.apply(Change::AddMitigation(owned), now()).expect("M1");
    s.apply(
        Change::AddMitigation(MitigationDraft::new("Idea", &[])),
        now(),
    )
    .expect("M2");
    s.apply(Change::Park(ParkDraft::default()), now())
        .unwrap_err();
    let park = ParkDraft {
        text: "Backups".into(),
        raised_by: None,
    };
    s.apply(Change::Park(park), now()).expect("parked");
    s.apply(Change::DropParked(1, "Out of scope".into()), now())
        .expect("dropped");
    let retro = Change::AddRetro {
        list: RetroList::WentWell,
        text: "Quick".into(),
        by: None,
    };
    s.apply(retro, now()).expect("retro");
    let o = s.summary(at(100));
    assert_eq!((o.elements, o.flows, o.boundaries, o.threats), (3, 2, 1, 3));
    assert_eq!(
        (
            o.actions.must,
            o.actions.should,
            o.actions.could,
            o.actions.no_need,
            o.actions.unrated
        ),
        (1, 0, 0, 1, 1)
    );
    let d = o.decisions;
    assert_eq!(
        (
            d.mitigate,
            d.accept,
            d.transfer,
            d.avoid,
            d.not_a_threat,
            d.undecided
        ),
        (1, 1, 0, 0, 0, 1)
    );
    let m = o.mitigations;
    assert_eq!((m.planned, m.in_progress, m.done, m.wont_do), (1, 1, 0, 0));
    assert_eq!((o.parked_open, o.parked_closed), (0, 1));
    assert_eq!(o.essentials.len(), 1);
    assert_eq!(
        (
            o.essentials[0].mitigation,
            o.essentials[0].owner.as_str(),
            o.essentials[0].threats.as_slice()
        ),
        (1, "Linus", &[1][..])
    );
    assert_eq!(o.accepted[0].threat, 2);
    // Phase 0: "scope" got its whole box back (60 s spent, the rest was
    // banked), "approach" has run 40 s of its own.
    let phase0 = o.phases[0];
    assert_eq!(phase0.phase, 0);
    let zero_boxes: i64 = s
        .steps
        .iter()
        .filter(|st| st.phase == 0)
        .skip(1)
        .map(|st| st.clock.budget_secs)
        .sum();
    assert_eq!(phase0.box_secs, first_box + zero_boxes);
    assert_eq!(phase0.spent_secs, 100);
    let phases: Vec<u8> = o.phases.iter().map(|p| p.phase).collect();
    assert_eq!(phases, [0, 1, 2, 3, 4]);
    assert!(o.phases[1..].iter().all(|p| p.spent_secs == 0));
}
