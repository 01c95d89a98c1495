//! Deck checks: every kind of mistake gives a message with its line and
//! column (snapshots reviewed by hand), and user decks add to or replace the
//! built-in ones.

use std::path::PathBuf;

use tamer::deck::{Deck, Library, Origin};

const KNOWN: &[&str] = &["stride", "stride-per-element"];

/// A valid deck with `card` as its only card and `extra` top-level fields.
fn deck_with(card: &str, extra: &str) -> String {
    format!(
        "(\n    id: \"t\",\n    title: \"T\",\n    version: 1,\n    sources: [(name: \"S\", licence: \"MIT\")],\n    licence: \"MIT\",\n    phases: [2],{extra}\n    cards: [\n        {card},\n    ],\n)\n"
    )
}

fn problems(text: &str) -> String {
    match Deck::parse("t.ron", text, KNOWN) {
        Ok(_) => "valid".into(),
        Err(d) => d.to_string(),
    }
}

const GOOD_CARD: &str = "(id: \"a\", title: \"A\", question: \"Q?\")";

#[test]
fn a_good_deck_is_valid() {
    assert_eq!(problems(&deck_with(GOOD_CARD, "")), "valid");
}

#[test]
fn syntax_error() {
    let text = deck_with(GOOD_CARD, "").replace("version: 1,", "version: 1");
    insta::assert_snapshot!(problems(&text), @"t.ron:5:5: Expected comma");
}

#[test]
fn unknown_field() {
    let text = deck_with("(id: \"a\", title: \"A\", questoin: \"Q?\")", "");
    insta::assert_snapshot!(problems(&text));
}

#[test]
fn duplicate_card_id() {
    let card = format!("{GOOD_CARD},\n        (id: \"a\", title: \"B\", question: \"Q2?\")");
    insta::assert_snapshot!(problems(&deck_with(&card, "")));
}

#[test]
fn missing_question() {
    insta::assert_snapshot!(problems(&deck_with("(id: \"a\", title: \"A\")", "")));
}

#[test]
fn unknown_category_and_element_kind() {
    let card = "(id: \"a\", title: \"A\", question: \"Q?\", categories: [\"tampering\", \"tamperin\"], elements: [\"database\"])";
    insta::assert_snapshot!(problems(&deck_with(card, "")));
}

#[test]
fn empty_deck() {
    let text = deck_with(GOOD_CARD, "").replace(&format!("        {GOOD_CARD},\n"), "");
    insta::assert_snapshot!(problems(&text));
}

#[test]
fn order_phase_source_per_element_and_condition() {
    let card = "(id: \"a\", title: \"A\", question: \"Q?\", conditional: [(category: \"repudiation\", when: \"has-logs\")])";
    let text = deck_with(
        card,
        "\n    order: [\"a\", \"zz\"],\n    per_element: Some(\"strid\"),",
    )
    .replace("phases: [2]", "phases: [2, 7]")
    .replace("licence: \"MIT\")]", "licence: \"\")]");
    insta::assert_snapshot!(problems(&text));
}

#[test]
fn five_mistakes_are_all_reported_with_positions() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/decks/five-mistakes.ron"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let report = problems(&text);
    assert_eq!(report.lines().count(), 5, "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn hostile_input_is_an_error_not_a_crash() {
    for text in [
        String::new(),
        "(".repeat(100_000),
        "\u{0}\u{1b}[2J".into(),
        format!("(id: \"{}\")", "x".repeat(1_000_000)),
    ] {
        assert!(Deck::parse("h.ron", &text, KNOWN).is_err());
    }
}

fn user(path: &str, text: &str) -> (PathBuf, Result<String, String>) {
    (PathBuf::from(path), Ok(text.to_owned()))
}

#[test]
fn user_decks_add_replace_and_broken_ones_are_skipped() {
    let new = deck_with(GOOD_CARD, "").replace("id: \"t\"", "id: \"ours\"");
    let replacing = deck_with(GOOD_CARD, "").replace("id: \"t\"", "id: \"stride\"");
    let broken = "(id: \"bad\", cards: [";
    let lib = Library::with_user_decks(vec![
        user("/cfg/decks/ours.ron", &new),
        user("/cfg/decks/stride.ron", &replacing),
        user("/cfg/decks/bad.ron", broken),
        (
            PathBuf::from("/cfg/decks/unreadable.ron"),
            Err("cannot read the file: denied".into()),
        ),
    ]);
    let builtin = Library::builtin();
    assert_eq!(lib.decks.len(), builtin.decks.len() + 1);
    let origin = |id: &str| {
        lib.decks
            .iter()
            .find(|e| e.deck.id == id)
            .map(|e| e.origin.clone())
    };
    assert_eq!(
        origin("ours"),
        Some(Origin::User("/cfg/decks/ours.ron".into()))
    );
    assert_eq!(
        origin("stride"),
        Some(Origin::Replaces("/cfg/decks/stride.ron".into()))
    );
    assert_eq!(lib.get("stride").map(|d| d.cards.len()), Some(1));
    let skipped: Vec<String> = lib.skipped.iter().map(|s| s.problems.to_string()).collect();
    assert_eq!(skipped.len(), 2);
    assert!(
        skipped[0].starts_with("/cfg/decks/bad.ron:1:"),
        "{skipped:?}"
    );
    assert_eq!(
        skipped[1],
        "/cfg/decks/unreadable.ron:1:1: cannot read the file: denied"
    );
}

#[test]
fn a_skipped_user_deck_is_named_in_the_status_bar() {
    let lib = Library::with_user_decks(vec![user("/cfg/decks/bad.ron", "(id: \"bad\", cards: [")]);
    let app = tamer::app::App::new(
        tamer::session::PhaseScript::builtin(),
        Vec::new(),
        chrono::Utc::now(),
    )
    .with_library(lib);
    assert_eq!(
        app.status.as_deref(),
        Some("Skipped broken user deck bad.ron (1 problem); `tamer decks list` says why")
    );
}
