//! A complete small session from the keyboard alone, through the real loop:
//! a model of 4 elements and 3 flows, 6 threats, all rated (one override),
//! one accepted risk, 4 mitigations (one idea, three essentials, one harm
//! reducer), residual, review and retro. The saved record is checked field
//! by field.

mod support;

use support::replay_app;
use tamer::session::{Action, Decision, Effort, MitigationStatus, Reduces, RetroList};
use tamer::store::Store;

/// Keys for the whole session; `n` moves between steps, `a` opens the walk
/// of the step on screen, digits rate (likelihood, then impact).
fn keys() -> String {
    [
        // Phase 1: four elements (processes), three flows.
        "eBrowser<enter>API<enter>Orders DB<enter>Queue<enter><esc>",
        "wPlace order<c-s>",
        "wStore order<tab>2<tab>3<c-s>",
        "wEnqueue<tab>2<tab>4<c-s>",
        // Six threats.
        "tSession hijack<enter>tCart tampering<enter>tOrder denial<enter>",
        "tToken leak<enter>tQueue flood<enter>tAdmin takeover<enter>",
        // To the rate step (discovery asks before leaving unwalked cards).
        "nnnnnnnynn",
        // Rate all six; the fifth with our own action and a reason; the
        // sixth decided: accepted, by Ada.
        "a33<enter>32<enter>22<enter>23<enter>",
        "11o<tab>Regulator asks for it<enter>",
        "d2<tab>Admin console is offline<tab>2<c-s>11<enter>",
        // Mitigations: three essentials (one reduces harm), one idea.
        "<left><left><left><left><left>",
        "mSigned session cookies<tab><tab><tab><tab>Cookie has a MAC<tab><tab>Grace<c-s>",
        "<right>mServer-side cart totals<tab><tab><tab><right><tab>Totals match<c-s>",
        "<right>mAudit trail<tab><tab><tab><tab>Every order logged<c-s>",
        "mRate limit experiments<tab><tab><space><c-s>",
        "<esc>",
        // Mitigate, residual: the MUST/SHOULD threats rated again.
        "nna11<enter>11<enter>11<enter>11<enter>11<enter><esc>",
        // Review: each threat fine.
        "nayyyyyy<esc>",
        // Retro: three lines.
        "nRShort boxes helped<c-s>",
        "RRating took too long<tab><right><c-s>",
        "RKey threats first<tab><right><right><tab>3<c-s>",
    ]
    .concat()
}

#[test]
fn a_whole_small_session_is_recorded_field_by_field() {
    let r = replay_app(|_, now, _| support::session_app(now), &keys(), 120, 40);
    let path = r.outcome.record.clone().expect("saved");
    let s = Store::load(&path).expect("the record loads and passes its check");

    assert_eq!(s.model.iter().filter(|e| !e.is_flow()).count(), 4);
    assert_eq!(s.flows().count(), 3);
    assert_eq!(s.threats.len(), 6);

    // All rated with the session's scheme, one override with its reason.
    assert!(
        s.threats.iter().all(|t| t.rating.is_some()),
        "{:#?}",
        s.threats
    );
    let actions: Vec<Action> = s
        .threats
        .iter()
        .filter_map(|t| t.rating.as_ref().map(|r| r.action))
        .collect();
    assert_eq!(
        actions,
        [
            Action::Must,
            Action::Must,
            Action::Should,
            Action::Must,
            Action::Must,
            Action::NoNeed
        ]
    );
    let overridden: Vec<_> = s
        .threats
        .iter()
        .filter_map(|t| t.rating.as_ref())
        .filter(|r| r.is_override())
        .collect();
    assert_eq!(overridden.len(), 1);
    assert_eq!(overridden[0].override_reason, "Regulator asks for it");
    assert!(s.threats.iter().all(|t| {
        t.rating
            .as_ref()
            .is_some_and(|r| r.scheme.id == "paved-road")
    }));

    // One accepted risk, with its reason and who accepted it.
    let accepted: Vec<_> = s
        .threats
        .iter()
        .filter_map(|t| match &t.decision {
            Some(Decision::Accept { reason, by }) => Some((t.id, reason.clone(), by.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        accepted,
        [(6, "Admin console is offline".to_owned(), "Ada".to_owned())]
    );

    // Four mitigations: three essentials (one reduces harm), one idea.
    assert_eq!(s.mitigations.len(), 4);
    let m = &s.mitigations;
    assert_eq!(m[0].title, "Signed session cookies");
    assert_eq!(m[0].criteria, "Cookie has a MAC");
    assert_eq!(m[0].owner, "Grace");
    assert_eq!(m[0].threats, [1]);
    assert_eq!(m[1].title, "Server-side cart totals");
    assert_eq!(m[1].reduces, Reduces::Harm);
    assert_eq!(m[1].criteria, "Totals match");
    assert_eq!(m[1].threats, [2]);
    assert_eq!(m[2].threats, [3]);
    assert_eq!(m[3].title, "Rate limit experiments");
    assert!(!m[3].essential);
    assert_eq!(m.iter().filter(|m| m.essential).count(), 3);
    assert!(
        m.iter()
            .all(|m| m.status == MitigationStatus::Planned && m.effort == Effort::Medium)
    );

    // Residual: every MUST/SHOULD threat rated again.
    let residuals = s.threats.iter().filter(|t| t.residual.is_some()).count();
    assert_eq!(residuals, 5);

    // Review: every threat fine.
    assert!(
        s.threats
            .iter()
            .all(|t| t.review.as_ref().is_some_and(|r| r.ok))
    );

    // Retro: one line in each list, the last said by Grace.
    assert_eq!(
        s.retro.list(RetroList::WentWell)[0].text,
        "Short boxes helped"
    );
    assert_eq!(
        s.retro.list(RetroList::Change)[0].text,
        "Rating took too long"
    );
    let lesson = &s.retro.list(RetroList::Lessons)[0];
    assert_eq!(lesson.text, "Key threats first");
    assert_eq!(lesson.by.as_deref(), Some("Grace"));
}

#[test]
fn a_mitigation_is_linked_to_a_further_threat_from_a_picker() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "tReplay<enter>tForgery<enter>mNonces<c-s>Ll2<enter>",
        120,
        40,
    );
    let s = r.session();
    assert_eq!(s.mitigations.len(), 1);
    assert_eq!(s.mitigations[0].threats, [2, 1]);
}
