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
