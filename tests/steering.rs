//! Steering a workshop through the real loop: forms, paste, the element
//! loop, and moving on from discovery.

mod support;

use support::{replay, replay_app};

#[test]
fn a_multi_line_paste_into_the_threat_field_is_one_threat_and_runs_no_keys() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "t<paste Replay the token\\nnext step\\ne junk element><enter>",
        100,
        30,
    );
    let s = r.session();
    assert_eq!(s.threats.len(), 1);
    assert_eq!(
        s.threats[0].title,
        "Replay the token next step e junk element"
    );
    // Nothing of the paste ran as keys: no step change, no element.
    assert_eq!(s.current, 0);
    assert!(s.model.is_empty());
}

#[test]
fn a_paste_into_the_new_session_form_stays_in_its_field() {
    let r = replay(
        "n<paste Payments\\nn\\nq><tab><bs><bs>30<enter><enter>",
        80,
        24,
    );
    let s = r.session();
    assert_eq!(s.title, "Payments n q");
    assert_eq!(s.budget_minutes, 30);
}

#[test]
fn a_paste_outside_a_field_is_ignored_with_a_word() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "<paste nnn eee>",
        100,
        30,
    );
    let s = r.session();
    assert_eq!(s.current, 0);
    assert!(s.model.is_empty());
    assert!(r.screen().contains("Pasted text ignored"), "{}", r.screen());
}

#[test]
fn enter_in_the_title_moves_on_and_shift_tab_goes_back() {
    let r = replay("nPayments<enter>", 80, 24);
    assert!(
        r.app.session.is_none(),
        "Enter in the title started a session"
    );
    let form = r.app.form().expect("the form is open");
    assert_eq!(form.focus, 1);
    let r = replay("nPayments<enter><backtab>X<tab><tab><enter>", 80, 24);
    assert_eq!(r.session().title, "PaymentsX");
}

#[test]
fn the_element_form_stays_open_with_its_kind_for_the_next_one() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "e<backtab><right><right><tab>Orders DB<enter>Audit log<enter><esc>",
        100,
        30,
    );
    let s = r.session();
    let names: Vec<_> = s
        .model
        .iter()
        .map(|e| (e.name.as_str(), e.holds_logs))
        .collect();
    assert_eq!(names, [("Orders DB", true), ("Audit log", true)]);
    assert!(r.app.form().is_none());
}

#[test]
fn esc_on_a_form_with_text_asks_first() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "eHalf typed<esc>",
        100,
        30,
    );
    assert!(r.app.confirm().is_some());
    assert!(r.screen().contains("Throw away"), "{}", r.screen());
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "eHalf typed<esc>n<enter>",
        100,
        30,
    );
    // "n" keeps the form; Enter then adds the element.
    assert_eq!(r.session().model.len(), 1);
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "eHalf typed<esc>y",
        100,
        30,
    );
    assert!(r.app.form().is_none());
    assert!(r.session().model.is_empty());
}

#[test]
fn leaving_discovery_with_cards_left_asks_first() {
    // Scope, approach, roles, context, model, agree: six steps to discovery;
    // the model needs an element for the walk to have cards.
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "eAPI<enter><esc>nnnnnnn",
        100,
        30,
    );
    let s = r.session();
    assert_eq!(s.step().map(|s| s.id.as_str()), Some("discover"));
    assert!(r.screen().contains("left in the walk"), "{}", r.screen());
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "eAPI<enter><esc>nnnnnnny",
        100,
        30,
    );
    assert_eq!(r.session().step().map(|s| s.id.as_str()), Some("parking"));
}

/// A session with three threats, the newest selected.
fn with_threats(extra: &str) -> support::Replay {
    replay_app(
        |_, now, _| support::session_app(now),
        &format!("tCard testing<enter>tToken replay<enter>tAdmin exposed<enter>{extra}"),
        100,
        30,
    )
}

#[test]
fn a_typo_is_fixed_in_the_threat_form() {
    // Up to "Token replay", open it, fix the title, save.
    let r = with_threats("<up><enter><bs><bs><bs><bs><bs><bs>reuse<c-s>");
    let titles: Vec<_> = r
        .session()
        .threats
        .iter()
        .map(|t| t.title.clone())
        .collect();
    assert_eq!(titles, ["Card testing", "Token reuse", "Admin exposed"]);
}

#[test]
fn a_three_line_paste_goes_into_a_description_whole() {
    let r = with_threats("<enter><tab><paste first line\\nsecond line\\nthird line><c-s>");
    let t = &r.session().threats[2];
    assert_eq!(t.title, "Admin exposed");
    assert_eq!(t.description, "first line\nsecond line\nthird line");
}

#[test]
fn delete_asks_then_undo_brings_it_back() {
    let r = with_threats("<up><del>");
    assert!(r.screen().contains("Delete T2"), "{}", r.screen());
    let r = with_threats("<up><del>y");
    let ids: Vec<u32> = r.session().threats.iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 3]);
    let r = with_threats("<up><del>yu");
    let s = r.session();
    let ids: Vec<u32> = s.threats.iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert!(
        s.timeline
            .iter()
            .any(|e| matches!(e.kind, tamer::session::EventKind::Undone { .. }))
    );
}

#[test]
fn deleting_an_element_says_what_it_takes_along_and_undo_restores_all() {
    let keys = "eBrowser<enter>API<enter><esc>wLogin<c-s>";
    let r = replay_app(
        |_, now, _| support::session_app(now),
        &format!("{keys}M<home><del>"),
        100,
        30,
    );
    let screen = r.screen();
    assert!(screen.contains("data flow"), "{screen}");
    let r = replay_app(
        |_, now, _| support::session_app(now),
        &format!("{keys}M<home><del>y"),
        100,
        30,
    );
    assert_eq!(r.session().model.len(), 1, "the element and its flow went");
    let r = replay_app(
        |_, now, _| support::session_app(now),
        &format!("{keys}M<home><del>yu"),
        100,
        30,
    );
    let s = r.session();
    assert_eq!(s.model.len(), 3);
    assert!(tamer::session::check::check(s).is_empty());
}

#[test]
fn an_excursion_runs_on_its_own_clock_and_its_outcome_is_kept() {
    let r = with_threats("X<wait 2m>XNot reachable from outside<enter><c-s>");
    let s = r.session();
    let x = s.excursions.first().expect("an excursion");
    assert_eq!(x.secs(r.now()), 120);
    assert_eq!(x.outcome, "Not reachable from outside");
    assert!(s.running_excursion().is_none());
}

#[test]
fn two_items_parked_and_one_dropped_with_a_reason() {
    let r =
        with_threats("pLogging budget<enter>pWho owns the CDN?<enter>P<del>Out of scope<enter>");
    let s = r.session();
    assert_eq!(s.parking.len(), 2);
    assert_eq!(s.open_parked().count(), 1);
}

#[test]
fn time_left_in_a_step_goes_to_the_bank_and_g_gives_it() {
    // Leave the first step after one minute of its box.
    let r = replay_app(|_, now, _| support::session_app(now), "<wait 1m>n", 100, 30);
    let banked = r.session().bank_secs;
    assert!(banked > 0, "nothing banked");
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "<wait 1m>ng",
        100,
        30,
    );
    let s = r.session();
    assert_eq!(s.bank_secs, 0);
    let box_secs = s.step().map(|st| st.clock.budget_secs).unwrap_or(0);
    let r0 = replay_app(|_, now, _| support::session_app(now), "<wait 1m>n", 100, 30);
    let before = r0
        .session()
        .step()
        .map(|st| st.clock.budget_secs)
        .unwrap_or(0);
    assert_eq!(box_secs, before + banked);
}

#[test]
fn ctrl_c_while_typing_keeps_the_text_as_a_draft() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "tHalf a thought<c-c>",
        100,
        30,
    );
    let path = r.outcome.record.clone().expect("saved");
    let saved = tamer::store::Store::load(&path).expect("loads");
    let draft = saved.draft.expect("a draft");
    assert_eq!(draft.text, "Half a thought");
}

#[test]
fn a_parked_item_becomes_a_threat_with_t_in_the_parking_lot() {
    let r = with_threats("pRate limits on login?<enter>Pt");
    let s = r.session();
    assert_eq!(s.threats.len(), 4);
    assert_eq!(s.threats[3].title, "Rate limits on login?");
    assert_eq!(s.open_parked().count(), 0);
}
