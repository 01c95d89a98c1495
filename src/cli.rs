//! Text the command line prints: session listings and decks. Pure functions
//! from data to text, so they are tested without running the binary.

use std::fmt::Write;
use std::path::Path;

use crate::deck::{self, Deck, Library, Origin};
use crate::error::{Diagnostics, Error};
use crate::session::PhaseScript;
use crate::store::Listed;
use crate::text::clean;

/// `path` as one word a shell takes as it is, for commands tamer suggests
/// (`tamer resume PATH`): quoted when it has anything but letters, digits
/// and `/._+-:,@%=`.
pub fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_alphanumeric() || "/._+-:,@%=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The `tamer list` table: team records newest first (unreadable ones say
/// why), then practice runs in a section of their own; the number of
/// archived records at the end.
pub fn session_listing(records: &[Listed], archived: usize) -> String {
    let (practice, team): (Vec<&Listed>, Vec<&Listed>) =
        records.iter().partition(|l| l.is_practice());
    let mut out = if team.is_empty() && practice.is_empty() {
        "No saved sessions yet. Start one with `tamer new`.\n".into()
    } else if team.is_empty() {
        "No team sessions yet. Start one with `tamer new`.\n".into()
    } else {
        record_table(&team)
    };
    out.push_str(&practice_table(&practice));
    if archived > 0 {
        let _ = writeln!(
            out,
            "{archived} archived session{} (`tamer list --archived`)",
            if archived == 1 { "" } else { "s" }
        );
    }
    out
}

/// `tamer practice --debrief RECORD`: the debrief as plain text, the same
/// rows the debrief screen shows.
pub fn debrief_text(view: &crate::app::DebriefView) -> String {
    let mut out = format!("Debrief · {}\n", clean(&view.debrief.scenario_title));
    for line in crate::ui::debrief_lines(view) {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let _ = writeln!(out, "{}", text.trim_end());
    }
    out
}

/// The `tamer list --archived` table, practice runs apart.
pub fn archive_listing(records: &[Listed]) -> String {
    if records.is_empty() {
        return "No archived sessions. The launcher's `a` archives one.\n".into();
    }
    let (practice, team): (Vec<&Listed>, Vec<&Listed>) =
        records.iter().partition(|l| l.is_practice());
    let mut out = if team.is_empty() {
        String::new()
    } else {
        record_table(&team)
    };
    out.push_str(&practice_table(&practice));
    out
}

/// The best score of each scenario among `records`.
pub fn best_scores(records: &[&Listed]) -> Vec<(String, u32)> {
    let mut best: Vec<(String, u32)> = Vec::new();
    for s in records.iter().filter_map(|l| l.summary.as_ref().ok()) {
        let (Some(scenario), Some(score)) = (&s.practice, s.score) else {
            continue;
        };
        match best.iter_mut().find(|(id, _)| id == scenario) {
            Some((_, b)) => *b = (*b).max(score),
            None => best.push((scenario.clone(), score)),
        }
    }
    best
}

/// The practice section: each run's scenario, its latest score and the
/// best score of that scenario; nothing when there are none.
fn practice_table(records: &[&Listed]) -> String {
    if records.is_empty() {
        return String::new();
    }
    let best = best_scores(records);
    let mut out = format!(
        "\nPractice\n{:<24} {:<16} {:<9} {:>7} {:>5} {:>4}  FILE\n",
        "SCENARIO", "CREATED", "PHASE", "THREATS", "SCORE", "BEST"
    );
    for listed in records {
        let Ok(s) = &listed.summary else { continue };
        let scenario = s.practice.as_deref().unwrap_or("");
        let name: String = clean(scenario).chars().take(24).collect();
        let phase = if s.finished {
            "finished".to_owned()
        } else {
            format!("{} of 4", s.phase_reached)
        };
        let score = s.score.map_or("-".to_owned(), |n| n.to_string());
        let top = best
            .iter()
            .find(|(id, _)| id == scenario)
            .map_or("-".to_owned(), |(_, b)| b.to_string());
        let _ = writeln!(
            out,
            "{name:<24} {:<16} {phase:<9} {:>7} {score:>5} {top:>4}  {}",
            s.created.format("%Y-%m-%d %H:%M"),
            s.threats,
            listed.path.display()
        );
        if let Some(who) = &listed.open_elsewhere {
            let _ = writeln!(out, "  open in another tamer{}", clean(who));
        }
    }
    out
}

fn record_table(records: &[&Listed]) -> String {
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
/// could not be read), and how many problems it lists, each once at its
/// place. A file named `phases.ron` is checked as the phase script it is.
pub fn check_report(
    library: &Library,
    files: Vec<(String, Result<String, Error>)>,
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
    // Rating schemes: in a `schemes` folder, or shaped like one.
    let (schemes, files): (Vec<_>, Vec<_>) = files.into_iter().partition(|(name, text)| {
        name.contains("schemes/")
            || text
                .as_ref()
                .is_ok_and(|t| t.contains("likelihood:") && t.contains("actions:"))
    });
    for (name, text) in schemes {
        report(
            text.map_err(|e| e.into_diagnostics(&name))
                .and_then(|text| crate::session::Scheme::parse(&name, &text))
                .map(|s| {
                    format!(
                        "{name}: ok, rating scheme {} v{} ({} × {} levels)\n",
                        s.id,
                        s.version,
                        s.likelihood.len(),
                        s.impact.len()
                    )
                }),
        );
    }
    let (scripts, decks): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(name, _)| name == "phases.ron" || name.ends_with("/phases.ron"));
    for (name, text) in scripts {
        report(
            text.and_then(|text| PhaseScript::parse(&name, &text))
                .map(|script| {
                    format!(
                        "{name}: ok, phase script with {} phases\n",
                        script.phases.len()
                    )
                })
                .map_err(|e| e.into_diagnostics(&name)),
        );
    }
    // Files that cannot be read are reported as they are; the others are
    // checked together (decks may name each other), in the order given.
    let mut order = Vec::new();
    let mut readable = Vec::new();
    for (name, text) in decks {
        match text {
            Ok(text) => {
                order.push((name.clone(), None));
                readable.push((name, Ok(text)));
            }
            Err(e) => {
                let problems = e.into_diagnostics(&name);
                order.push((name, Some(problems)));
            }
        }
    }
    let mut checked = deck::check_files(library, readable).into_iter();
    for (name, unreadable) in order {
        let result = match unreadable {
            Some(problems) => Err(problems),
            None => match checked.next() {
                Some((_, result)) => result,
                None => continue,
            },
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_one_shell_word() {
        assert_eq!(
            shell_word(Path::new("/tmp/.tmpA1/sessions/x-2.ron")),
            "/tmp/.tmpA1/sessions/x-2.ron"
        );
        assert_eq!(shell_word(Path::new("rel.ron")), "rel.ron");
        assert_eq!(
            shell_word(Path::new("/home/ada/My Records/x.ron")),
            "'/home/ada/My Records/x.ron'"
        );
        assert_eq!(shell_word(Path::new("it's.ron")), "'it'\\''s.ron'");
        assert_eq!(
            shell_word(Path::new("$(rm -rf ~).ron")),
            "'$(rm -rf ~).ron'"
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_reported_once_in_the_check() {
        let library = Library::builtin();
        let files = vec![
            (
                "nu.ron".to_owned(),
                Err(Error::invalid(crate::error::Diagnostic {
                    file: "nu.ron".into(),
                    line: 1,
                    col: 8,
                    message: "this is not UTF-8 text".into(),
                })),
            ),
            (
                "phases.ron".to_owned(),
                Err(Error::TooBig {
                    path: "phases.ron".into(),
                    size: 99,
                    cap: 9,
                }),
            ),
            ("empty.ron".to_owned(), Ok(String::new())),
        ];
        let (report, problems) = check_report(&library, files);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(
            lines[..2],
            [
                "phases.ron: the file is 99 bytes; tamer reads files of up to 9 bytes \
                 (the file was left untouched)",
                "nu.ron:1:8: this is not UTF-8 text",
            ]
        );
        assert!(lines[2].starts_with("empty.ron:1:"), "{report}");
        assert_eq!(problems, 3, "{report}");
    }
}
