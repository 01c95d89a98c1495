//! `tamer import` on mutated files: the interchange examples (and tamer's
//! own JSON export) cut short, with bytes swapped for structure characters
//! and escapes, with pieces deleted or doubled. Whatever comes in, an
//! import never panics: it gives a session that passes the whole-record
//! check, or an error that names the file.

use proptest::prelude::*;
use tamer::clock::{Clock, FixedClock};
use tamer::session::PhaseScript;

const EXAMPLES: [&str; 5] = [
    "tests/interop/otm/EXAMPLE.json",
    "tests/interop/otm/EXAMPLE.yaml",
    "tests/interop/threat-dragon/v2-threat-model.json",
    "tests/interop/threat-composer/GenAIChatbot.tc.json",
    "sessions/exports/example-payments.json",
];

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect("an example")
}

#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize),
    Delete(usize, usize),
    Double(usize, usize),
    Swap(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let special = prop::sample::select(vec![
        '{', '}', '[', ']', '"', ',', ':', '\\', '\0', '\u{1b}', '-', '&', '*', '\n', '9', 'x',
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), 1usize..200).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), 1usize..200).prop_map(|(a, n)| Mutation::Double(a, n)),
        (any::<usize>(), special).prop_map(|(a, c)| Mutation::Swap(a, c)),
    ]
}

/// The nearest char boundary at or before `i` (mod the length).
fn at(text: &str, i: usize) -> usize {
    if text.is_empty() {
        return 0;
    }
    let mut i = i % text.len();
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    match *m {
        Mutation::Cut(i) => text[..at(text, i)].to_owned(),
        Mutation::Delete(i, n) => {
            let a = at(text, i);
            let b = at(text, a + n).max(a);
            format!("{}{}", &text[..a], &text[b..])
        }
        Mutation::Double(i, n) => {
            let a = at(text, i);
            let b = at(text, a + n).max(a);
            format!("{}{}", &text[..b], &text[a..])
        }
        Mutation::Swap(i, c) => {
            let a = at(text, i);
            let b = text[a..].chars().next().map_or(a, |ch| a + ch.len_utf8());
            format!("{}{c}{}", &text[..a], &text[b..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_file_imports_cleanly_or_is_refused_by_name(
        which in 0..EXAMPLES.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut text = read(EXAMPLES[which]);
        for m in &mutations {
            text = apply(&text, m);
        }
        let script = PhaseScript::builtin();
        let options = tamer::import::Options {
            title: None,
            now: FixedClock::workshop_morning().now(),
            script: &script,
        };
        match tamer::import::import("mutated.file", &text, &options) {
            Ok(imported) => {
                let problems = tamer::session::check::check(&imported.session);
                prop_assert!(problems.is_empty(), "{problems:?}");
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.starts_with("mutated.file"), "{msg}");
                prop_assert!(!msg.contains("serde") && !msg.contains("::"), "{msg}");
            }
        }
    }
}

/// The mutations reach the importers' own checks, not only the JSON and
/// YAML parsers: swapping letters inside the files mostly still imports.
#[test]
fn mild_mutations_mostly_import() {
    let script = PhaseScript::builtin();
    let options = tamer::import::Options {
        title: None,
        now: FixedClock::workshop_morning().now(),
        script: &script,
    };
    for path in EXAMPLES {
        let original = read(path);
        let mut imported = 0;
        for k in 0..20usize {
            // A letter somewhere in the text becomes an x.
            let mut text = original.clone();
            let i = at(&text, k.wrapping_mul(7919).wrapping_mul(31) + k * 104_729);
            if text[i..].starts_with(|c: char| c.is_ascii_lowercase()) {
                text = apply(&text, &Mutation::Swap(i, 'x'));
            }
            if tamer::import::import("mild.file", &text, &options).is_ok() {
                imported += 1;
            }
        }
        assert!(
            imported >= 10,
            "{path}: only {imported} of 20 mild mutations imported"
        );
    }
}
