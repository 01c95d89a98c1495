//! Hostile input never panics: arbitrary text as a deck, a phase script or a
//! record gives an error (or, rarely, a valid value), and the outline scanner
//! that places deck problems never crashes on it.

use proptest::prelude::*;
use tamer::deck::{Deck, outline::outline};
use tamer::session::{PhaseScript, record};

/// Text biased towards RON's punctuation, so that it gets past the first byte.
fn ron_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("(".to_owned()),
            Just(")".to_owned()),
            Just("[".to_owned()),
            Just("]".to_owned()),
            Just("{".to_owned()),
            Just("}".to_owned()),
            Just(",".to_owned()),
            Just(":".to_owned()),
            Just("\"".to_owned()),
            Just("r#\"".to_owned()),
            Just("//".to_owned()),
            Just("/*".to_owned()),
            Just("*/".to_owned()),
            Just("Some(".to_owned()),
            Just("id: \"a\"".to_owned()),
            Just("cards: [".to_owned()),
            Just("version: 1".to_owned()),
            "[a-z_]{1,8}",
            "[0-9]{1,4}",
            "\\PC{0,3}",
            any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn decks_never_panic(text in ron_like()) {
        let _ = Deck::parse("fuzz.ron", &text, &["stride"]);
        let _ = outline(&text);
    }

    #[test]
    fn phase_scripts_never_panic(text in ron_like()) {
        let _ = PhaseScript::parse("fuzz.ron", &text);
    }

    #[test]
    fn records_never_panic(text in ron_like()) {
        let _ = record::from_ron("fuzz.ron", &text);
    }

    /// A valid deck with arbitrary text in its strings still parses, and
    /// every position the checker reports is inside the file.
    #[test]
    fn positions_stay_inside_the_file(title in "\\PC{0,20}", q in "\\PC{0,20}") {
        let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let text = format!(
            "(id: \"x\", title: \"{}\", version: 1, licence: \"MIT\", phases: [9], cards: [(id: \"a\", title: \"t\", question: \"{}\", categories: [\"nope\"])])",
            esc(&title),
            esc(&q)
        );
        let lines = text.lines().count().max(1);
        match Deck::parse("p.ron", &text, &[]) {
            Ok(_) => prop_assert!(false, "phase 9 and category nope must be reported"),
            Err(d) => {
                for p in d.0 {
                    prop_assert!(p.line >= 1 && p.line <= lines, "{p}");
                }
            }
        }
    }
}
