//! Text the command line prints: session listings and decks. Pure functions
//! from data to text, so they are tested without running the binary.

use std::fmt::Write;

use crate::deck::{self, Deck, Library, Origin};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::session::PhaseScript;
use crate::store::Listed;
use crate::text::clean;

/// The `tamer list` table: newest first; unreadable records say why; the
/// number of archived records at the end.
pub fn session_listing(records: &[Listed], archived: usize) -> String {
    let mut out = if records.is_empty() {
        "No saved sessions yet. Start one with `tamer new`.\n".into()
    } else {
        record_table(records)
    };
    if archived > 0 {
        let _ = writeln!(
            out,
            "{archived} archived session{} (`tamer list --archived`)",
            if archived == 1 { "" } else { "s" }
        );
    }
    out
}

/// The `tamer list --archived` table.
pub fn archive_listing(records: &[Listed]) -> String {
    if records.is_empty() {
        return "No archived sessions. The launcher's `a` archives one.\n".into();
    }
    record_table(records)
}

fn record_table(records: &[Listed]) -> String {
    let mut out = format!(
        "{:<32} {:<16} {:<9} {:>7}  FILE\n",
        "TITLE", "CREATED", "PHASE", "THREATS"
    );
    for listed in records {
        let file = listed.path.display();
        match &listed.summary {
            Ok(s) => {
                let title: String = clean(&s.title).chars().take(32).collect();
                let phase = if s.finished {
                    "finished".to_owned()
                } else {
                    format!("{} of 4", s.phase_reached)
                };
                let _ = writeln!(
                    out,
                    "{title:<32} {:<16} {phase:<9} {:>7}  {file}",
                    s.created.format("%Y-%m-%d %H:%M"),
                    s.threats
                );
                if let Some(who) = &listed.open_elsewhere {
                    let _ = writeln!(out, "  open in another tamer{}", clean(who));
                }
            }
            Err(why) => {
                let _ = writeln!(
                    out,
                    "{:<32} {:<16} {:<9} {:>7}  {file}\n  {}",
                    "(unreadable)",
                    "-",
                    "-",
                    "-",
                    clean(why)
                );
            }
        }
    }
    out
}

/// The `tamer decks list` table, then any user deck that was skipped.
pub fn deck_listing(library: &Library) -> String {
    let mut out = format!("{:<20} {:<36} {:>5}  FROM\n", "ID", "TITLE", "CARDS");
    for entry in &library.decks {
        let deck = &entry.deck;
        let from = match &entry.origin {
            Origin::BuiltIn => "built in".to_owned(),
            Origin::User(path) => format!("user deck {}", path.display()),
            Origin::Replaces(path) => {
                format!("user deck {} (replaces the built-in deck)", path.display())
            }
        };
        let title: String = clean(&deck.title).chars().take(36).collect();
        let _ = writeln!(
            out,
            "{:<20} {title:<36} {:>5}  {from}",
            clean(&deck.id),
            deck.cards.len()
        );
    }
    out
}

/// Why each skipped user deck was skipped, every problem on its own line.
pub fn skipped_report(library: &Library) -> String {
    let mut out = String::new();
    for skipped in &library.skipped {
        let _ = writeln!(
            out,
            "tamer: skipped user deck {} ({} problem{}):",
            skipped.path.display(),
            skipped.problems.0.len(),
            if skipped.problems.0.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        for d in &skipped.problems.0 {
            let _ = writeln!(out, "  {d}");
        }
    }
    out
}

/// Every card of a deck, for `tamer decks show`.
pub fn deck_text(deck: &Deck) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, version {})",
        clean(&deck.title),
        clean(&deck.id),
        deck.version
    );
    if !deck.description.is_empty() {
        let _ = writeln!(out, "{}", clean(&deck.description));
    }
    let phases: Vec<String> = deck.phases.iter().map(u8::to_string).collect();
    let _ = writeln!(out, "Phases: {}", phases.join(", "));
    if let Some(target) = &deck.per_element {
        let _ = writeln!(
            out,
            "Walk: every model element × the categories below, with the cards of deck \"{}\"",
            clean(target)
        );
    }
    if !deck.order.is_empty() {
        let _ = writeln!(out, "Order: {}", clean(&deck.order.join(", ")));
    }
    let _ = writeln!(out, "Licence of this text: {}", clean(&deck.licence));
    for source in &deck.sources {
        let url = if source.url.is_empty() {
            String::new()
        } else {
            format!(" <{}>", clean(&source.url))
        };
        let used = if source.used.is_empty() {
            String::new()
        } else {
            format!("; used: {}", clean(&source.used))
        };
        let _ = writeln!(
            out,
            "Source: {}{url} ({}){used}",
            clean(&source.name),
            clean(&source.licence)
        );
    }
    for card in deck.dealing_order() {
        let _ = writeln!(out, "\n[{}] {}", clean(&card.id), clean(&card.title));
        if let Some(p) = &card.property {
            let _ = writeln!(out, "  Violates: {}", clean(p));
        }
        let _ = writeln!(out, "  Q: {}", clean(&card.question));
        if !card.detail.is_empty() {
            let _ = writeln!(out, "  {}", clean(&card.detail));
        }
        for e in &card.examples {
            let _ = writeln!(out, "  e.g. {}", clean(e));
        }
        for h in &card.hints {
            let _ = writeln!(out, "  - {}", clean(h));
        }
        let list = |label: &str, items: &[String]| {
            if items.is_empty() {
                String::new()
            } else {
                format!("  {label}: {}\n", clean(&items.join(", ")))
            }
        };
        out += &list("Categories", &card.categories);
        out += &list("Elements", &card.elements);
        out += &list("Mitigations", &card.mitigations);
        for c in &card.conditional {
            let _ = writeln!(out, "  Also {} when {}", clean(&c.category), clean(&c.when));
        }
    }
    out
}

/// The `tamer decks check` report for files given as (name, text or why it
/// could not be read), and how many problems it lists. A file named
/// `phases.ron` is checked as the phase script it is.
pub fn check_report(
    library: &Library,
    files: Vec<(String, Result<String, String>)>,
) -> (String, usize) {
    let mut out = String::new();
    let mut problems = 0;
    let mut report = |result: Result<String, Diagnostics>| match result {
        Ok(line) => out.push_str(&line),
        Err(list) => {
            problems += list.0.len();
            let _ = writeln!(out, "{list}");
        }
    };
    let (scripts, decks): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(name, _)| name == "phases.ron" || name.ends_with("/phases.ron"));
    for (name, text) in scripts {
        report(
            text.map_err(|e| Diagnostics(vec![Diagnostic::whole_file(&name, e)]))
                .and_then(|text| match PhaseScript::parse(&name, &text) {
                    Ok(script) => Ok(format!(
                        "{name}: ok, phase script with {} phases\n",
                        script.phases.len()
                    )),
                    Err(Error::Invalid(list)) => Err(list),
                    Err(e) => Err(Diagnostics(vec![Diagnostic::whole_file(
                        &name,
                        e.to_string(),
                    )])),
                }),
        );
    }
    for (name, result) in deck::check_files(library, decks) {
        report(result.map(|deck| {
            let n = deck.cards.len();
            format!(
                "{name}: ok, deck \"{}\" with {n} card{}\n",
                deck.id,
                if n == 1 { "" } else { "s" }
            )
        }));
    }
    (out, problems)
}
