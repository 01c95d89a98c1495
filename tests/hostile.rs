//! Hostile input never panics, and every problem is placed inside the file.
//!
//! The property tests start from valid files (the built-in decks, the phase
//! script, the example record) and change them structurally: a line dropped,
//! duplicated or swapped, a list item dropped or duplicated, a value of the
//! wrong type or out of range, a duplicated id, an unknown field name, deep
//! nesting, a huge string, a file cut short. Each edit touches one place and
//! leaves the rest of the text valid, so most cases get past RON's syntax
//! and reach tamer's own checks (`mutated_files_mostly_reach_tamers_checks`
//! counts how many do).

use chrono::DateTime;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use tamer::deck::{Deck, outline::outline};
use tamer::error::{Diagnostic, Error};
use tamer::session::{PhaseScript, Session, record};
use tamer::store::Store;

const DECKS: &[(&str, &str)] = &[
    ("attackers.ron", include_str!("../decks/attackers.ron")),
    ("continuous.ron", include_str!("../decks/continuous.ron")),
    ("cue-cards.ron", include_str!("../decks/cue-cards.ron")),
    (
        "owasp-top10-2021.ron",
        include_str!("../decks/owasp-top10-2021.ron"),
    ),
    ("privacy.ron", include_str!("../decks/privacy.ron")),
    (
        "stride-per-element.ron",
        include_str!("../decks/stride-per-element.ron"),
    ),
    ("stride.ron", include_str!("../decks/stride.ron")),
];
const PHASES: &str = include_str!("../decks/phases.ron");
/// The example record in the current version and in version 1.
const RECORDS: &[(&str, &str)] = &[
    (
        "example-checkout.ron",
        include_str!("../sessions/example-checkout.ron"),
    ),
    (
        "example-checkout-v1.ron",
        include_str!("../sessions/example-checkout-v1.ron"),
    ),
];

/// The ids of the built-in decks, which a `per_element` may name.
const KNOWN_DECKS: &[&str] = &[
    "attackers",
    "continuous",
    "cue-cards",
    "owasp-top10-2021",
    "privacy",
    "stride-per-element",
    "stride",
];

// ---------------------------------------------------------------------------
// A small lexer, just enough to find lines, fields, values, strings, numbers
// and list items in the valid files the mutations start from.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Num,
    Ident,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

fn lex(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        } else if text[i..].starts_with("/*") {
            i = text[i..].find("*/").map_or(b.len(), |n| i + n + 2);
            continue;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            Kind::Str
        } else if c == b'r' && text[i + 1..].trim_start_matches('#').starts_with('"') {
            // A raw string: r"...", r#"..."#, ...
            let hashes = text[i + 1..].chars().take_while(|&c| c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body = i + 2 + hashes;
            i = text[body..]
                .find(&close)
                .map_or(b.len(), |n| body + n + close.len());
            Kind::Str
        } else if text[i..].starts_with("r#") {
            // A raw identifier: r#external-entity
            i += 2;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b"_-.+".contains(&b[i])) {
                i += 1;
            }
            Kind::Ident
        } else if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b"._".contains(&b[i])) {
                i += 1;
            }
            Kind::Num
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            Kind::Ident
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            i += ch.len_utf8();
            Kind::Punct(ch)
        };
        out.push(Tok {
            kind,
            start,
            end: i,
        });
    }
    out
}

/// What the mutations can aim at in one valid text.
struct Parts {
    /// `(name, value)` byte spans of every `name: value` field.
    fields: Vec<((usize, usize), (usize, usize))>,
    /// Byte spans of every list item.
    items: Vec<(usize, usize)>,
    strings: Vec<(usize, usize)>,
    numbers: Vec<(usize, usize)>,
}

impl Parts {
    fn of(text: &str) -> Self {
        let toks = lex(text);
        // The token index just past the value starting at token `j`.
        let value_end = |j: usize| -> usize {
            let open = match toks.get(j).map(|t| t.kind) {
                Some(Kind::Punct('(' | '[' | '{')) => j,
                Some(Kind::Ident) if matches!(toks.get(j + 1), Some(t) if t.kind == Kind::Punct('(')) => {
                    j + 1
                }
                Some(_) => return j + 1,
                None => return j,
            };
            let mut depth = 0usize;
            for (k, t) in toks.iter().enumerate().skip(open) {
                match t.kind {
                    Kind::Punct('(' | '[' | '{') => depth += 1,
                    Kind::Punct(')' | ']' | '}') => {
                        depth -= 1;
                        if depth == 0 {
                            return k + 1;
                        }
                    }
                    _ => {}
                }
            }
            toks.len()
        };
        let span = |j: usize, end: usize| (toks[j].start, toks[end - 1].end);
        let mut parts = Parts {
            fields: Vec::new(),
            items: Vec::new(),
            strings: Vec::new(),
            numbers: Vec::new(),
        };
        for (j, t) in toks.iter().enumerate() {
            match t.kind {
                Kind::Str => parts.strings.push((t.start, t.end)),
                Kind::Num => parts.numbers.push((t.start, t.end)),
                Kind::Ident if matches!(toks.get(j + 1), Some(n) if n.kind == Kind::Punct(':')) => {
                    let end = value_end(j + 2);
                    if end > j + 2 {
                        parts.fields.push(((t.start, t.end), span(j + 2, end)));
                    }
                }
                Kind::Punct('[') => {
                    let mut k = j + 1;
                    while k < toks.len() && toks[k].kind != Kind::Punct(']') {
                        let end = value_end(k);
                        if end <= k {
                            break;
                        }
                        parts.items.push(span(k, end));
                        k = end;
                        if toks.get(k).map(|t| t.kind) == Some(Kind::Punct(',')) {
                            k += 1;
                        }
                    }
                }
                _ => {}
            }
        }
        parts
    }
}

// ---------------------------------------------------------------------------
// Mutations: one structural edit each, aimed through `Index`es so that the
// same strategy fits every file.

#[derive(Debug, Clone)]
enum Mutation {
    DropLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    DropItem(Index),
    DuplicateItem(Index),
    /// A value of another type: number ↔ string ↔ list ↔ struct.
    Retype(Index, Index),
    /// A number out of range (or at the edge of it).
    Number(Index, &'static str),
    /// A list emptied.
    EmptyList(Index),
    /// A string emptied.
    EmptyString(Index),
    /// An `id` given the value of another `id`.
    DuplicateId(Index, Index),
    /// A field renamed to one that does not exist.
    RenameField(Index),
    /// A value replaced by lists nested this deep.
    Nest(Index, usize),
    /// A string replaced by one of 200 KB.
    HugeString(Index),
    /// The file cut short at a character.
    Truncate(Index),
}

const NUMBERS: &[&str] = &[
    "0",
    "5",
    "255",
    "256",
    "-1",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999999",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<Index>;
    prop_oneof![
        3 => i().prop_map(Mutation::DropLine),
        2 => i().prop_map(Mutation::DuplicateLine),
        1 => (i(), i()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => i().prop_map(Mutation::DropItem),
        3 => i().prop_map(Mutation::DuplicateItem),
        1 => (i(), i()).prop_map(|(a, b)| Mutation::Retype(a, b)),
        3 => (i(), prop::sample::select(NUMBERS)).prop_map(|(a, n)| Mutation::Number(a, n)),
        2 => i().prop_map(Mutation::EmptyList),
        1 => i().prop_map(Mutation::EmptyString),
        3 => (i(), i()).prop_map(|(a, b)| Mutation::DuplicateId(a, b)),
        1 => i().prop_map(Mutation::RenameField),
        1 => (i(), prop::sample::select(&[3usize, 127, 129, 5000][..]))
            .prop_map(|(a, d)| Mutation::Nest(a, d)),
        1 => i().prop_map(Mutation::HugeString),
        1 => i().prop_map(Mutation::Truncate),
    ]
}

fn replace(text: &str, (start, end): (usize, usize), with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

fn pick<T: Copy>(list: &[T], i: &Index) -> Option<T> {
    (!list.is_empty()).then(|| list[i.index(list.len())])
}

impl Mutation {
    fn apply(&self, text: &str) -> String {
        let parts = Parts::of(text);
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let unchanged = || text.to_owned();
        match self {
            Mutation::DropLine(i) => {
                lines.remove(i.index(lines.len()));
                lines.concat()
            }
            Mutation::DuplicateLine(i) => {
                let n = i.index(lines.len());
                let line = if lines[n].ends_with('\n') {
                    lines[n].to_owned()
                } else {
                    format!("\n{}", lines[n])
                };
                let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                out.insert(n + 1, line);
                out.concat()
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                let strip = |l: &str| l.trim_end_matches('\n').to_owned();
                let mut out: Vec<String> = lines.iter().map(|l| strip(l)).collect();
                out.swap(a, b);
                let mut joined = out.join("\n");
                if text.ends_with('\n') {
                    joined.push('\n');
                }
                joined
            }
            Mutation::DropItem(i) => match pick(&parts.items, i) {
                Some((start, end)) => {
                    let rest = &text[end..];
                    let comma = rest.len() - rest.trim_start().len();
                    let end = if rest.trim_start().starts_with(',') {
                        end + comma + 1
                    } else {
                        end
                    };
                    replace(text, (start, end), "")
                }
                None => unchanged(),
            },
            Mutation::DuplicateItem(i) => match pick(&parts.items, i) {
                Some((start, end)) => {
                    replace(text, (end, end), &format!(", {}", &text[start..end]))
                }
                None => unchanged(),
            },
            Mutation::Retype(i, with) => match pick(&parts.fields, i) {
                Some((_, value)) => {
                    // Numbers start with a digit or '-'; the rest by their first character.
                    let kind = |v: &str| match v.chars().next() {
                        Some(c) if c.is_ascii_digit() || c == '-' => '0',
                        other => other.unwrap_or(' '),
                    };
                    let others: Vec<&str> = ["42", "\"text\"", "[1, 2]", "(x: 1)"]
                        .into_iter()
                        .filter(|o| kind(o) != kind(&text[value.0..]))
                        .collect();
                    replace(text, value, others[with.index(others.len())])
                }
                None => unchanged(),
            },
            Mutation::Number(i, n) => match pick(&parts.numbers, i) {
                Some(span) => replace(text, span, n),
                None => unchanged(),
            },
            Mutation::EmptyList(i) | Mutation::EmptyString(i) => {
                let (open, empty) = match self {
                    Mutation::EmptyList(_) => ('[', "[]"),
                    _ => ('"', "\"\""),
                };
                let targets: Vec<(usize, usize)> = parts
                    .fields
                    .iter()
                    .map(|f| f.1)
                    .filter(|v| text[v.0..].starts_with(open))
                    .collect();
                match pick(&targets, i) {
                    Some(v) => replace(text, v, empty),
                    None => unchanged(),
                }
            }
            Mutation::DuplicateId(a, b) => {
                let ids: Vec<(usize, usize)> = parts
                    .fields
                    .iter()
                    .filter(|(name, _)| &text[name.0..name.1] == "id")
                    .map(|f| f.1)
                    .collect();
                match (pick(&ids, a), pick(&ids, b)) {
                    (Some(to), Some(from)) => replace(text, to, &text[from.0..from.1]),
                    _ => unchanged(),
                }
            }
            Mutation::RenameField(i) => match pick(&parts.fields, i) {
                Some((name, _)) => replace(text, name, &format!("{}_typo", &text[name.0..name.1])),
                None => unchanged(),
            },
            Mutation::Nest(i, depth) => match pick(&parts.fields, i) {
                Some((_, value)) => replace(
                    text,
                    value,
                    &format!("{}{}", "[".repeat(*depth), "]".repeat(*depth)),
                ),
                None => unchanged(),
            },
            Mutation::HugeString(i) => match pick(&parts.strings, i) {
                Some(span) => replace(text, span, &format!("\"{}\"", "x".repeat(200_000))),
                None => unchanged(),
            },
            Mutation::Truncate(i) => {
                let cuts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
                text[..pick(&cuts, i).unwrap_or(0)].to_owned()
            }
        }
    }
}

// ---------------------------------------------------------------------------
// What every error must carry.

/// `line:col` is inside `text`: an existing line, and a column on it or just
/// past its end (columns count characters, as ron and tamer do).
fn inside(text: &str, line: usize, col: usize) -> Result<(), String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(l) = line.checked_sub(1).and_then(|i| lines.get(i)) else {
        return Err(format!("line {line} of {}", lines.len()));
    };
    let len = l.chars().count();
    if col == 0 || col > len + 1 {
        return Err(format!("col {col} on line {line} of {len} characters"));
    }
    Ok(())
}

fn diagnostics_inside(file: &str, text: &str, diags: &[Diagnostic]) -> Result<(), String> {
    if diags.is_empty() {
        return Err("an error without a problem".into());
    }
    for d in diags {
        if d.file != file {
            return Err(format!("{d} names another file than {file}"));
        }
        inside(text, d.line, d.col).map_err(|e| format!("{d}: {e}"))?;
        if !d
            .to_string()
            .starts_with(&format!("{file}:{}:{}: ", d.line, d.col))
        {
            return Err(format!("{d} does not start with file:line:col"));
        }
    }
    Ok(())
}

/// A record error: problems placed inside the file, or a whole-file refusal
/// (a newer version, a file too large) that names the file.
fn record_error_inside(file: &str, text: &str, err: &Error) -> Result<(), String> {
    match err {
        Error::Invalid(d) => diagnostics_inside(file, text, &d.0),
        Error::UnsupportedVersion { path, .. } if path == file => Ok(()),
        other if other.to_string().starts_with(&format!("{file}: ")) => Ok(()),
        other => Err(format!("{other} has no position in {file}")),
    }
}

/// Whether ron accepts `text` as a `T`: past syntax and shape, so that what
/// tamer does with it next is its own checking. When ron refuses it, tamer
/// must report exactly ron's error.
fn ron_refusal<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Option<Diagnostic> {
    ron::Options::default()
        .from_str::<T>(text)
        .err()
        .map(|e| Diagnostic::from_ron(file, &e))
}

/// Checks one mutated deck; true when it reached tamer's checks.
fn check_deck(file: &str, text: &str) -> Result<bool, String> {
    let _ = outline(text);
    let refused = ron_refusal::<Deck>(file, text);
    match Deck::parse(file, text, KNOWN_DECKS) {
        Ok(_) if refused.is_some() => Err(format!("ron refused it, tamer took it: {refused:?}")),
        Ok(_) => Ok(true),
        Err(d) => {
            diagnostics_inside(file, text, &d.0)?;
            match refused {
                Some(r) if d.0 != [r.clone()] => Err(format!("{d}\nis not ron's error\n{r}")),
                Some(_) => Ok(false),
                None => Ok(true),
            }
        }
    }
}

/// Checks one mutated phase script; true when it reached tamer's checks.
/// A script that parses must also start a session.
fn check_script(file: &str, text: &str) -> Result<bool, String> {
    let refused = ron_refusal::<PhaseScript>(file, text);
    match PhaseScript::parse(file, text) {
        Ok(_) if refused.is_some() => Err(format!("ron refused it, tamer took it: {refused:?}")),
        Ok(script) => {
            // A script tamer takes can start a session at any budget.
            let budgets = tamer::app::MINUTES_RANGE;
            for minutes in [*budgets.start(), 90, *budgets.end()] {
                let s = Session::new("x", minutes, vec![], &script, DateTime::UNIX_EPOCH);
                if s.steps.is_empty() {
                    return Err("a session without steps".into());
                }
            }
            Ok(true)
        }
        Err(Error::Invalid(d)) => {
            diagnostics_inside(file, text, &d.0)?;
            match refused {
                Some(r) if d.0 != [r.clone()] => Err(format!("{d}\nis not ron's error\n{r}")),
                Some(_) => Ok(false),
                None => Ok(true),
            }
        }
        Err(other) => Err(format!("not a placed problem: {other}")),
    }
}

/// Checks one mutated record as text and through the store; reading it
/// neither changes the file nor writes anything next to it.
fn check_record(file: &str, text: &str) -> Result<(), String> {
    if let Err(e) = record::from_ron(file, text) {
        record_error_inside(file, text, &e)?;
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join(file);
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    let loaded = Store::load(&path);
    let after = std::fs::read(&path).map_err(|e| e.to_string())?;
    if after != text.as_bytes() {
        return Err("loading changed the file".into());
    }
    let files = std::fs::read_dir(dir.path()).map_err(|e| e.to_string())?;
    if files.count() != 1 {
        return Err("loading wrote a file next to the record".into());
    }
    if let Err(e) = loaded {
        record_error_inside(&path.display().to_string(), text, &e)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn decks_never_panic(deck in prop::sample::select(DECKS), m in mutation()) {
        let (file, valid) = deck;
        let text = m.apply(valid);
        if let Err(e) = check_deck(file, &text) {
            prop_assert!(false, "{m:?} on {file}: {e}");
        }
    }

    #[test]
    fn phase_scripts_never_panic(m in mutation()) {
        let text = m.apply(PHASES);
        if let Err(e) = check_script("phases.ron", &text) {
            prop_assert!(false, "{m:?}: {e}");
        }
    }

    #[test]
    fn records_never_panic(record in prop::sample::select(RECORDS), m in mutation()) {
        let (file, valid) = record;
        let text = m.apply(valid);
        if let Err(e) = check_record(file, &text) {
            prop_assert!(false, "{m:?} on {file}: {e}");
        }
    }
}

/// The valid files are valid, so that the mutations start from something.
#[test]
fn the_starting_files_are_valid() {
    for (file, text) in DECKS {
        assert_eq!(check_deck(file, text), Ok(true), "{file}");
        assert!(Deck::parse(file, text, KNOWN_DECKS).is_ok(), "{file}");
    }
    assert!(PhaseScript::parse("phases.ron", PHASES).is_ok());
    for (file, text) in RECORDS {
        if let Err(e) = record::from_ron(file, text) {
            panic!("{e}");
        }
        assert_eq!(check_record(file, text), Ok(()));
    }
}

/// The same checks on a fixed set of mutations (a fixed seed, so this run
/// is the same every time), counting how many mutated decks and scripts get
/// past RON's syntax and the shape of the types to reach tamer's own checks:
/// most must, or the mutations test ron rather than tamer.
#[test]
fn mutated_files_mostly_reach_tamers_checks() {
    const CASES: usize = 400;
    let mut runner = TestRunner::deterministic();
    let (mut decks, mut scripts) = (0, 0);
    let strategy = (prop::sample::select(DECKS), mutation());
    for n in 0..CASES {
        let ((file, valid), m) = strategy
            .new_tree(&mut runner)
            .map(|t| t.current())
            .expect("a mutation");
        match check_deck(file, &m.apply(valid)) {
            Ok(reached) => decks += usize::from(reached),
            Err(e) => panic!("{m:?} on {file}: {e}"),
        }
        match check_script("phases.ron", &m.apply(PHASES)) {
            Ok(reached) => scripts += usize::from(reached),
            Err(e) => panic!("{m:?} on phases.ron: {e}"),
        }
        if n % 4 == 0 {
            let (file, valid) = RECORDS[n / 4 % RECORDS.len()];
            if let Err(e) = check_record(file, &m.apply(valid)) {
                panic!("{m:?} on {file}: {e}");
            }
        }
    }
    eprintln!("reached tamer's checks: decks {decks}/{CASES}, scripts {scripts}/{CASES}");
    assert!(decks * 2 >= CASES, "decks: only {decks} of {CASES}");
    assert!(scripts * 2 >= CASES, "scripts: only {scripts} of {CASES}");
}

/// The deck of `positions_stay_inside_the_file`: a title and questions that
/// may span lines, phase 9 (no such phase) and one unknown category per card.
fn deck_text(title: &str, questions: &[String]) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut text = format!(
        "(\n    id: \"x\",\n    title: \"{}\",\n    version: 1,\n    licence: \"MIT\",\n    phases: [2, 9],\n    cards: [\n",
        esc(title)
    );
    for (i, q) in questions.iter().enumerate() {
        text += &format!(
            "        (\n            id: \"c{i}\",\n            title: \"t\",\n            question: \"{}\",\n            categories: [\"spoofing\", \"nope\"],\n        ),\n",
            esc(q)
        );
    }
    text + "    ],\n)\n"
}

/// Checks the problems of a [`deck_text`]: one for phase 9 and one per card,
/// each inside the file and pointing at the offending value. Returns the
/// lines reported.
fn placed_problems(text: &str, cards: usize) -> Result<Vec<usize>, String> {
    let d = match Deck::parse("p.ron", text, &[]) {
        Ok(_) => return Err("phase 9 and category nope must be reported".into()),
        Err(d) => d,
    };
    diagnostics_inside("p.ron", text, &d.0)?;
    if d.0.len() != cards + 1 {
        return Err(format!("expected {} problems:\n{d}", cards + 1));
    }
    let lines: Vec<&str> = text.split('\n').collect();
    for p in &d.0 {
        let at: String = lines[p.line - 1].chars().skip(p.col - 1).collect();
        let expected = if p.message.contains("phase 9") {
            "9]"
        } else {
            "\"nope\""
        };
        if !at.starts_with(expected) {
            return Err(format!("{p}: points at {at:?}, not {expected:?}"));
        }
    }
    Ok(d.0.iter().map(|p| p.line).collect())
}

/// Printable text over one to three lines; never blank, which would be a
/// problem of its own.
fn multi_line() -> impl Strategy<Value = String> {
    prop::collection::vec("\\PC{0,12}", 1..4).prop_map(|v| format!("T{}", v.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Problems in a multi-line deck, whose strings may themselves span
    /// lines and hold any printable text, are reported inside the file and
    /// at the value they are about.
    #[test]
    fn positions_stay_inside_the_file(
        title in multi_line(),
        questions in prop::collection::vec(multi_line(), 1..4),
    ) {
        let text = deck_text(&title, &questions);
        match placed_problems(&text, questions.len()) {
            Ok(lines) => prop_assert!(lines.iter().all(|&l| l > 1), "{lines:?}"),
            Err(e) => prop_assert!(false, "{e}\n{text}"),
        }
    }
}

/// A fixed case of the above: exact positions, on lines far from the first.
#[test]
fn positions_land_on_later_lines() {
    let questions = ["one\ntwo".to_owned(), "ü ✓ 漢字".to_owned()];
    let text = deck_text("A title\nover two lines", &questions);
    assert_eq!(placed_problems(&text, 2), Ok(vec![7, 14, 20]));
    let d = Deck::parse("p.ron", &text, &[]).expect_err("problems");
    let at: Vec<String> =
        d.0.iter()
            .map(|p| format!("{}:{}", p.line, p.col))
            .collect();
    assert_eq!(at, ["7:17", "14:38", "20:38"], "{d}");
}

/// A record with a value of the wrong type is refused with its place, and
/// reading it leaves the file as it was.
#[test]
fn a_refused_record_is_left_untouched() {
    let text = RECORDS[0].1.replacen("id: 1,", "id: \"one\",", 1);
    let err = record::from_ron("r.ron", &text).expect_err("a string id is refused");
    let line = text
        .lines()
        .position(|l| l.contains("\"one\""))
        .map(|i| i + 1);
    assert!(
        err.to_string()
            .starts_with(&format!("r.ron:{}:", line.unwrap_or(0))),
        "{err}"
    );
    assert_eq!(check_record("r.ron", &text), Ok(()));
}

/// A step of 4294967295 minutes: refused with its place, or a script that
/// can start a session. (Found by the mutations: the sum of the steps'
/// minutes overflowed when a session started.)
#[test]
fn a_huge_time_box_is_refused_or_starts_a_session() {
    let text = PHASES.replacen("minutes: 4,", "minutes: 4294967295,", 1);
    assert_eq!(check_script("phases.ron", &text), Ok(true));
}

/// A problem the whole-record check finds is placed at its field, not at the
/// top of the file (the outline scanner once read the raw identifier
/// `r#external-entity` of a model element as a raw string and gave up).
#[test]
fn a_record_problem_is_placed_at_its_field() {
    let text = RECORDS[0]
        .1
        .replacen("element: Some(1)", "element: Some(9)", 1);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    let Some(element) = line_of("Some(9)") else {
        panic!("the example record links something to element 1");
    };
    match record::from_ron("r.ron", &text) {
        Err(Error::Invalid(d)) => {
            assert!(d.0.iter().any(|p| p.line == element), "{d}");
            assert!(d.0.iter().all(|p| p.line > 1), "{d}");
        }
        other => panic!("element 9 is not in the model: {other:?}"),
    }
}
