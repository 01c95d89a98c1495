//! Snapshots of the forms at 80×24 and 120×40 (reviewed by hand): the full
//! threat form, the data flow form, the approach form, a question that says
//! what a deletion takes along, and the parking lot form.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::{morning, render, session_app};
use tamer::action::Action;
use tamer::app::App;
use tamer::deck::ElementKind;
use tamer::session::{Change, ElementDraft};

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(
        Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        app.now,
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// A session with a browser, an API and a flow between them, Ada and Grace.
fn modelled() -> App {
    let mut app = session_app(morning());
    let s = app.session.as_mut().expect("session");
    for (kind, name) in [
        (ElementKind::ExternalEntity, "Shopper browser"),
        (ElementKind::Process, "Checkout API"),
    ] {
        s.apply(Change::AddElement(ElementDraft::new(kind, name)), morning())
            .expect("added");
    }
    s.apply(
        Change::AddElement(ElementDraft::flow("Place order", 1, 2)),
        morning(),
    )
    .expect("flow");
    app
}

#[test]
fn the_full_threat_form() {
    let mut app = modelled();
    app.update(Action::CaptureThreat, morning());
    type_text(&mut app, "Replay of the order request");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "An attacker resends a captured request.");
    snap("threat_form", &app);
}

#[test]
fn the_data_flow_form() {
    let mut app = modelled();
    app.update(Action::AddFlow, morning());
    type_text(&mut app, "Card data");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    snap("flow_form", &app);
}

#[test]
fn the_approach_form() {
    let mut app = modelled();
    app.update(Action::Approach, morning());
    type_text(&mut app, "Checkout API and its data stores");
    snap("approach_form", &app);
}

#[test]
fn deleting_an_element_says_what_goes_with_it() {
    let mut app = modelled();
    app.update(Action::Show(tamer::app::View::Model), morning());
    app.update(Action::First, morning());
    app.update(Action::Delete, morning());
    let screen = render(&app, 100, 30);
    assert!(screen.contains("data flow"), "{screen}");
    snap("delete_element", &app);
}

#[test]
fn the_parking_lot_form() {
    let mut app = modelled();
    app.update(Action::Park, morning());
    type_text(&mut app, "Who owns the CDN configuration?");
    snap("park_form", &app);
}

#[test]
fn the_element_boundary_participants_and_filter_forms() {
    let mut app = modelled();
    app.update(Action::AddElement, morning());
    type_text(&mut app, "Orders DB");
    snap("element_form", &app);

    let mut app = modelled();
    app.update(Action::AddBoundary, morning());
    type_text(&mut app, "Internet");
    snap("boundary_form", &app);

    let mut app = modelled();
    app.update(Action::Participants, morning());
    snap("participants_form", &app);

    let mut app = modelled();
    app.update(Action::Filter, morning());
    type_text(&mut app, "order");
    snap("filter_form", &app);
}

#[test]
fn ending_an_excursion_asks_for_its_outcome() {
    let mut app = modelled();
    app.update(Action::CaptureThreat, morning());
    type_text(&mut app, "Token replay");
    press(&mut app, KeyCode::Enter);
    app.update(Action::Excursion, morning());
    app.update(Action::Excursion, morning() + chrono::Duration::minutes(3));
    type_text(&mut app, "Needs a stolen cookie");
    snap("end_excursion_form", &app);
}

#[test]
fn the_mitigation_and_decision_forms() {
    let mut app = modelled();
    app.update(Action::CaptureThreat, morning());
    type_text(&mut app, "Replay of the order request");
    press(&mut app, KeyCode::Enter);
    app.update(Action::AddMitigation, morning());
    type_text(&mut app, "Nonce on every order");
    snap("mitigation_form", &app);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.form().is_none(), "Esc with text asks, y discards");
    app.update(Action::Retro, morning());
    type_text(&mut app, "Short boxes helped");
    snap("retro_form", &app);
}
