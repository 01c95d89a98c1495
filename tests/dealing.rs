//! Dealing and marking cards through `update` with a fixed clock, and a
//! facilitated phase 2 driven by STRIDE-per-element over a small model to
//! its defined end.

mod support;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::{morning, render, replay_app, session_app};
use tamer::action::Action;
use tamer::app::App;
use tamer::session::{EventKind, Mark};

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

/// Adds an element: `steps` presses of → pick the kind (0 process, 1 data
/// store, 2 data store with logs, 3 external entity); the form stays open
/// for the next one until Esc.
fn add_element(app: &mut App, steps: usize, name: &str) {
    app.update(Action::AddElement, app.now);
    press(app, KeyCode::BackTab);
    for _ in 0..steps {
        press(app, KeyCode::Right);
    }
    press(app, KeyCode::Tab);
    type_text(app, name);
    press(app, KeyCode::Enter);
    press(app, KeyCode::Esc);
}

/// Adds a data flow named `name` from the first element to the second.
fn add_flow(app: &mut App, name: &str) {
    app.update(Action::AddFlow, app.now);
    type_text(app, name);
    app.update(
        Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        app.now,
    );
}

fn small_model_app() -> App {
    let mut app = session_app(morning());
    add_element(&mut app, 3, "Customer browser");
    add_element(&mut app, 0, "Checkout API");
    add_element(&mut app, 2, "Orders DB");
    add_flow(&mut app, "Browser to API");
    app
}

#[test]
fn elements_are_added_with_their_kind() {
    let app = small_model_app();
    let model = &app.session.as_ref().expect("session").model;
    let kinds: Vec<&str> = model.iter().map(|e| e.kind.id()).collect();
    assert_eq!(
        kinds,
        ["external-entity", "process", "data-store", "data-flow"]
    );
    assert!(model[2].holds_logs);
}

#[test]
fn the_walk_covers_element_times_category_and_ends() {
    let mut app = small_model_app();
    app.update(Action::ToggleCard, morning());
    let progress = app.progress().expect("dealing stride-per-element");
    // Entity: S R; process: all six; store with logs: T I D R; flow: T I D.
    assert_eq!(progress.cells.len(), 2 + 6 + 4 + 3);
    // The process is walked in the ITD-SE-R order.
    let process: Vec<&str> = progress
        .cells
        .iter()
        .filter(|c| c.element == Some(2))
        .map(|c| c.card.as_str())
        .collect();
    assert_eq!(
        process,
        [
            "tampering",
            "information-disclosure",
            "denial-of-service",
            "spoofing",
            "elevation-of-privilege",
            "repudiation"
        ]
    );

    // First card: a threat found, then nothing more.
    let t0 = morning() + Duration::minutes(1);
    app.update(Action::MarkThreat, t0);
    type_text(&mut app, "Someone signs in as another customer");
    press(&mut app, KeyCode::Enter);
    app.update(Action::MarkNothing, t0);
    // Second card skipped: it comes back after all the others.
    app.update(Action::MarkSkip, t0);
    for _ in 0..13 {
        app.update(Action::MarkNothing, t0);
    }
    let p = app.progress().expect("progress");
    assert_eq!(p.current, Some(1), "the skipped card is dealt again last");
    assert_eq!((p.done(), p.skipped(), p.left()), (14, 1, 1));
    app.update(Action::MarkNothing, t0);
    let p = app.progress().expect("progress");
    assert!(p.is_complete());
    assert_eq!(p.threats(), 1);

    let s = app.session.as_ref().expect("session");
    let card = s.threats[0].card.as_ref().expect("linked to its card");
    assert_eq!(
        (card.deck.as_str(), card.card.as_str(), card.element),
        ("stride", "spoofing", Some(1))
    );
    assert_eq!(
        s.dealt.iter().filter(|d| d.mark == Mark::Nothing).count(),
        15
    );
    let screen = render(&app, 100, 30);
    assert!(screen.contains("Deck done"), "{screen}");
}

#[test]
fn marks_without_the_card_on_screen_do_nothing() {
    let mut app = small_model_app();
    let before = app.session.as_ref().map(|s| s.timeline.len());
    assert!(app.update(Action::MarkNothing, morning()).is_empty());
    assert_eq!(app.session.as_ref().map(|s| s.timeline.len()), before);
}

#[test]
fn decks_are_chosen_and_switched() {
    let mut app = session_app(morning());
    app.update(Action::OpenDecks, morning());
    let ids: Vec<String> = app
        .library
        .decks
        .iter()
        .map(|e| e.deck.id.clone())
        .collect();
    let cue = ids
        .iter()
        .position(|i| i == "cue-cards")
        .expect("cue-cards deck");
    for _ in 0..cue {
        app.update(Action::Down, morning());
    }
    app.update(Action::ToggleDeck, morning());
    app.update(Action::Cancel, morning());
    let s = app.session.as_ref().expect("session");
    assert_eq!(s.decks, ["stride-per-element", "cue-cards"]);
    assert!(s.timeline.iter().any(|e| e.kind
        == EventKind::DeckChosen {
            deck: "cue-cards".into()
        }));
    app.update(Action::ToggleCard, morning());
    app.update(Action::NextDeck, morning());
    assert_eq!(
        app.session
            .as_ref()
            .and_then(|s| s.dealing.clone())
            .as_deref(),
        Some("cue-cards")
    );
    // A plain deck deals card by card, no model needed.
    assert_eq!(app.progress().map(|p| p.cells.len()), Some(6));
}

#[test]
fn a_phase_two_walk_driven_by_keys_through_the_real_loop() {
    // Phase 1: add two elements; phase 2: deal, mark every card, move on.
    let keys = concat!(
        "nnn",                                     // to phase 1, "Purpose and assets"
        "e<backtab><left><tab>Client<enter><esc>", // external entity
        "eAPI<enter><esc>",                        // process
        "nnn",                                     // to phase 2, structured discovery
        "c",                                       // deal
        "fToken replay<enter>x",                   // spoofing on the client: a threat
        "xxxxxxx",                                 // the other seven cards
    );
    let r = replay_app(|_, now, _| session_app(now), keys, 120, 40);
    let s = r.session();
    assert_eq!(s.phase(), 2);
    assert_eq!(s.model.len(), 2);
    assert_eq!(s.threats.len(), 1);
    assert!(r.app.progress().is_some_and(|p| p.is_complete()));
    assert!(r.screen().contains("Deck done"), "{}", r.screen());
    let saved =
        tamer::store::Store::load(r.outcome.record.as_ref().expect("record")).expect("loads");
    assert_eq!(saved.dealt, s.dealt);
}

#[test]
fn a_deck_dealt_outside_its_phases_says_so() {
    let mut app = session_app(morning());
    app.update(Action::ToggleCard, morning());
    // Phase 0; stride-per-element is meant for phase 2.
    assert!(render(&app, 100, 30).contains("meant for phase 2"));
    for _ in 0..6 {
        app.update(Action::NextStep, morning());
    }
    assert!(!render(&app, 100, 30).contains("meant for phase"));
}

/// Cards are dealt in phase 2: moving on to rating takes the card off the
/// table, so phase 3's prompt shows instead of a STRIDE card.
#[test]
fn leaving_phase_two_puts_the_card_away() {
    let mut app = small_model_app();
    let now = morning();
    while app.session.as_ref().is_some_and(|s| s.phase() < 2) {
        app.update(Action::NextStep, now);
    }
    app.update(Action::ToggleCard, now);
    assert!(app.card_view, "c shows the card in phase 2");
    while app.session.as_ref().is_some_and(|s| s.phase() == 2) {
        app.update(Action::NextStep, now);
        if !app.layers.is_empty() {
            // "Cards are left in the walk": move on anyway.
            app.update(Action::Confirm, now);
        }
    }
    assert_eq!(app.session.as_ref().map(|s| s.phase()), Some(3));
    assert!(!app.card_view, "phase 3 shows its own prompt");
}

/// A mitigation for a threat found on a card: the form opens on its title,
/// so what is typed lands there (the card's mitigation families come next,
/// as a way to fill the title without typing).
#[test]
fn typing_in_a_mitigation_form_for_a_card_threat_goes_into_its_title() {
    let mut app = small_model_app();
    let now = morning();
    app.update(Action::ToggleCard, now);
    app.update(Action::MarkThreat, now);
    type_text(&mut app, "Someone forges the browser's session");
    press(&mut app, KeyCode::Enter);
    let card = app
        .session
        .as_ref()
        .and_then(|s| s.threats.first())
        .and_then(|t| t.card.clone());
    assert!(card.is_some(), "the threat was found on a card");
    app.update(Action::AddMitigation, now);
    let form = app.form().expect("the mitigation form");
    assert!(
        form.fields.iter().any(|f| f.label == "Start from"),
        "the card offers its families"
    );
    type_text(&mut app, "Bind sessions to the device");
    let form = app.form().expect("still open");
    assert_eq!(form.get("Title"), "Bind sessions to the device");
}
