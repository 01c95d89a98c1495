use super::*;
use Action::{Could, Must, NoNeed, Should};

fn scheme(id: &str) -> Scheme {
    builtin_schemes()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no built-in scheme {id}"))
}

/// Every pair of `s`, by level id, against `expected` (rows: likelihood,
/// lowest first; columns: impact, lowest first).
fn assert_table(s: &Scheme, expected: &[(&str, &[(&str, Action)])]) {
    assert_eq!(s.likelihood.len(), expected.len());
    for (l, (likelihood, row)) in expected.iter().enumerate() {
        assert_eq!(s.likelihood[l].id, *likelihood);
        assert_eq!(s.impact.len(), row.len());
        for (i, (impact, action)) in row.iter().enumerate() {
            assert_eq!(s.impact[i].id, *impact);
            assert_eq!(
                s.suggest(l, i),
                Some(*action),
                "{} likelihood {likelihood} × impact {impact}",
                s.id
            );
            assert_eq!(s.suggest_ids(likelihood, impact), Some(*action));
        }
    }
}

#[test]
fn the_paved_road_suggests_for_every_pair() {
    let s = scheme("paved-road");
    assert_eq!(s.reference(), SchemeRef::default(), "the default is v1");
    assert_table(
        &s,
        &[
            (
                "low",
                &[("low", NoNeed), ("medium", Could), ("high", Should)],
            ),
            (
                "medium",
                &[("low", Could), ("medium", Should), ("high", Must)],
            ),
            ("high", &[("low", Should), ("medium", Must), ("high", Must)]),
        ],
    );
}

#[test]
fn the_fine_scheme_suggests_for_every_pair() {
    let s = scheme("fine");
    assert_eq!(s.version, 1);
    assert_table(
        &s,
        &[
            (
                "rare",
                &[
                    ("minor", NoNeed),
                    ("moderate", NoNeed),
                    ("major", Could),
                    ("severe", Should),
                ],
            ),
            (
                "unlikely",
                &[
                    ("minor", NoNeed),
                    ("moderate", Could),
                    ("major", Should),
                    ("severe", Must),
                ],
            ),
            (
                "likely",
                &[
                    ("minor", Could),
                    ("moderate", Should),
                    ("major", Must),
                    ("severe", Must),
                ],
            ),
            (
                "certain",
                &[
                    ("minor", Should),
                    ("moderate", Must),
                    ("major", Must),
                    ("severe", Must),
                ],
            ),
        ],
    );
}

#[test]
fn out_of_range_and_unknown_levels_suggest_nothing() {
    let s = scheme("paved-road");
    assert_eq!(s.suggest(3, 0), None);
    assert_eq!(s.suggest(0, 3), None);
    assert_eq!(s.suggest_ids("huge", "low"), None);
    assert_eq!(s.suggest_ids("low", "huge"), None);
}

#[test]
fn every_builtin_scheme_passes_its_checks_and_the_default_comes_first() {
    for (file, text) in BUILTIN_SCHEMES {
        let s = Scheme::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
        assert!(file.ends_with(&format!("/{}.ron", s.id)), "{file}");
        assert!(!s.sources.is_empty(), "{file} names its sources");
    }
    let ids: Vec<String> = builtin_schemes().into_iter().map(|s| s.id).collect();
    assert_eq!(ids, [DEFAULT_SCHEME, "fine"]);
    let all = builtin_schemes();
    assert_eq!(
        find(&all, &SchemeRef::default()).map(|s| s.title.as_str()),
        Some("Paved road (3 × 3)")
    );
    let newer = SchemeRef {
        version: 2,
        ..SchemeRef::default()
    };
    assert_eq!(
        find(&all, &newer),
        None,
        "another version is another scheme"
    );
}

#[test]
fn labels_and_strengths() {
    let labels: Vec<&str> = Action::ALL.iter().map(|a| a.label()).collect();
    assert_eq!(labels, ["MUST", "SHOULD", "COULD", "NO NEED"]);
    let strengths: Vec<u8> = Action::ALL.iter().map(|a| a.strength()).collect();
    assert_eq!(strengths, [3, 2, 1, 0]);
    assert!(Must.is_must_or_should() && Should.is_must_or_should());
    assert!(!Could.is_must_or_should() && !NoNeed.is_must_or_should());
    assert_eq!(SchemeRef::default().to_string(), "paved-road v1");
}

const GOOD: &str = r#"(
    id: "mine",
    version: 2,
    title: "Ours",
    licence: "MIT",
    likelihood: [
        (id: "lo", name: "Low"),
        (id: "hi", name: "High"),
    ],
    impact: [
        (id: "lo", name: "Low"),
        (id: "hi", name: "High"),
    ],
    actions: [
        [Could, Should],
        [Should, Must],
    ],
)
"#;

fn problems(text: &str) -> Vec<String> {
    match Scheme::parse("s.ron", text) {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_small_scheme_of_its_own_is_fine() {
    let s = Scheme::parse("s.ron", GOOD).expect("valid");
    assert_eq!(
        s.reference(),
        SchemeRef {
            id: "mine".into(),
            version: 2
        }
    );
    assert_eq!(s.suggest_ids("hi", "lo"), Some(Should));
}

#[test]
fn unknown_fields_and_actions_are_refused_at_their_place() {
    let text = GOOD.replace(
        "    licence: \"MIT\",",
        "    licence: \"MIT\",\n    colour: 1,",
    );
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("s.ron:6:") && p[0].contains("colour"),
        "{p:?}"
    );
    let p = problems(&GOOD.replace("[Could, Should]", "[Could, Maybe]"));
    assert!(
        p[0].starts_with("s.ron:15:") && p[0].contains("Maybe"),
        "{p:?}"
    );
}

#[test]
fn the_header_is_checked() {
    let text = GOOD
        .replace("id: \"mine\"", "id: \"My Scheme\"")
        .replace("version: 2", "version: 0")
        .replace("title: \"Ours\"", "title: \" \"")
        .replace("licence: \"MIT\"", "licence: \"\"");
    assert_eq!(
        problems(&text),
        [
            "s.ron:2:5: scheme id \"My Scheme\" is not usable; expected lower-case letters, digits and '-'",
            "s.ron:3:5: the scheme has no version; expected `version: 1` or more, raised whenever a suggestion changes",
            "s.ron:4:5: the scheme has no title; expected `title: \"...\"`",
            "s.ron:5:5: the scheme has no licence; expected `licence: \"...\"` for its own text",
        ]
    );
}

#[test]
fn levels_must_be_two_or_more_with_unique_ids_and_names() {
    let text = GOOD
        .replace(
            "(id: \"hi\", name: \"High\"),\n    ],\n    impact",
            "],\n    impact",
        )
        .replace("[Could, Should],\n        [Should, Must],", "[Must, Must],");
    assert_eq!(
        problems(&text),
        ["s.ron:6:5: likelihood has 1 level; expected 2 to 9 levels, lowest first"]
    );
    let text = GOOD.replacen(
        "(id: \"hi\", name: \"High\")",
        "(id: \"lo\", name: \"\")",
        2,
    );
    assert_eq!(
        problems(&text),
        [
            "s.ron:8:9: likelihood level 2 has no name; expected `name: \"...\"`, shown on screen",
            "s.ron:8:10: likelihood level id \"lo\" is used twice (first at 7:10); expected unique ids",
            "s.ron:12:9: impact level 2 has no name; expected `name: \"...\"`, shown on screen",
            "s.ron:12:10: impact level id \"lo\" is used twice (first at 11:10); expected unique ids",
        ]
    );
}

#[test]
fn the_matrix_is_levels_by_levels() {
    let text = GOOD.replace("        [Should, Must],\n", "");
    assert_eq!(
        problems(&text),
        ["s.ron:14:5: `actions` has 1 row; expected 2, one per likelihood level (lowest first)"]
    );
    let text = GOOD.replace("[Should, Must]", "[Should, Must, Must]");
    assert_eq!(
        problems(&text),
        [
            "s.ron:16:9: row 2 of `actions` (likelihood \"hi\") has 3 actions; expected 2, one per impact level (lowest first)"
        ]
    );
}

#[test]
fn an_insane_matrix_is_refused_cell_by_cell() {
    let text = GOOD.replace(
        "[Could, Should],\n        [Should, Must]",
        "[Must, NoNeed],\n        [Could, Should]",
    );
    assert_eq!(
        problems(&text),
        [
            "s.ron:15:10: likelihood \"lo\" × impact \"lo\" is MUST; expected less for the lowest likelihood and impact, or every threat is critical [3.1.7]",
            "s.ron:15:16: likelihood \"lo\" × impact \"hi\" is NO NEED, less than MUST for the lower impact \"lo\"; a higher likelihood or impact should never suggest less [3.1.8]",
            "s.ron:16:10: likelihood \"hi\" × impact \"lo\" is COULD, less than MUST for the lower likelihood \"lo\"; a higher likelihood or impact should never suggest less [3.1.8]",
            "s.ron:16:17: likelihood \"hi\" × impact \"hi\" is SHOULD; expected MUST for the highest likelihood and impact, or the scheme accepts the worst case [3.1.5]",
        ]
    );
}

#[test]
fn a_source_needs_a_licence() {
    let text = GOOD.replace(
        "    licence: \"MIT\",",
        "    licence: \"MIT\",\n    sources: [(name: \"Book\")],",
    );
    assert_eq!(
        problems(&text),
        [
            "s.ron:6:15: source \"Book\" has no licence; expected `licence: \"...\"` for every source"
        ]
    );
}

#[test]
fn an_empty_scheme_says_everything_it_lacks_without_panicking() {
    let p = problems("()");
    assert_eq!(p.len(), 6, "{p:?}");
    assert!(p.iter().all(|m| m.starts_with("s.ron:1:1: ")), "{p:?}");
    let ten: String = (0..10)
        .map(|i| format!("(id: \"l{i}\", name: \"L{i}\"), "))
        .collect();
    let text = GOOD.replacen(
        "(id: \"lo\", name: \"Low\"),\n        (id: \"hi\", name: \"High\"),",
        &ten,
        1,
    );
    assert!(
        problems(&text).contains(
            &"s.ron:6:5: likelihood has 10 levels; expected 2 to 9 levels, lowest first".into()
        ),
        "{:?}",
        problems(&text)
    );
}
