//! Practice scenarios: the built-in ones load and hold together, every
//! check fires at its `file:line:col`, mutated files mostly reach tamer's
//! own checks (and any that passes makes a valid session), user scenarios
//! add to or replace the built-in ones, and `tamer practice` creates a
//! record with the model in place.

mod common;
mod support;

use std::path::PathBuf;

use tamer::deck::ElementKind;
use tamer::practice::scenario::{self, BUILTIN, Library, Origin, Scenario};
use tamer::session::PhaseScript;

const PHOTO: &str = BUILTIN[0].1;

fn parse(text: &str) -> Result<Scenario, String> {
    Scenario::parse("s.ron", text).map_err(|d| d.to_string())
}

/// 1-based line and column (in characters) of the `nth` occurrence of
/// `needle` in `text`.
fn position(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} is not in the text"))
        .0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// Replaces the `nth` occurrence of `from` with `to`.
fn replace_nth(text: &str, from: &str, to: &str, nth: usize) -> String {
    let at = text
        .match_indices(from)
        .nth(nth)
        .unwrap_or_else(|| panic!("{from:?} #{nth} is not in the text"))
        .0;
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

#[test]
fn every_builtin_scenario_loads_and_holds_together() {
    let spe = tamer::deck::Library::builtin();
    let spe = spe.get("stride-per-element").expect("the per-element deck");
    assert_eq!(BUILTIN.len(), 3);
    for (file, text) in BUILTIN {
        let s = Scenario::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(*file, format!("decks/scenarios/{}.ron", s.id));
        assert!(!s.sources.is_empty() && !s.licence.is_empty(), "{file}");
        assert!(
            s.brief.split(". ").count() >= 3,
            "{file}: the brief has several sentences"
        );
        assert!(
            (5..=9).contains(&s.elements.len()),
            "{file}: 5 to 9 elements"
        );
        assert!(s.flows.len() >= s.elements.len() - 1, "{file}: connected");
        assert!(!s.boundaries.is_empty(), "{file}: boundaries");
        assert!(
            (12..=16).contains(&s.threats.len()),
            "{file}: 12 to 16 threats"
        );
        let mut categories: Vec<&str> = Vec::new();
        let mut places: Vec<&str> = Vec::new();
        for t in &s.threats {
            // Every reference threat names an element or flow that exists…
            let part = s
                .part(&t.element)
                .unwrap_or_else(|| panic!("{file}: {} is on nothing", t.id));
            // …with a category that STRIDE-per-element offers for its kind,
            // so a learner walking the default deck can find it.
            let offered = spe.categories_for(part.kind(), false);
            assert!(
                offered.contains(&t.category.as_str()),
                "{file}: {} is {} on a {}, which the per-element walk never asks",
                t.id,
                t.category,
                part.kind().id()
            );
            assert!((1..=3).contains(&t.mitigations.len()), "{file}: {}", t.id);
            assert!((1..=2).contains(&t.hints.len()), "{file}: {}", t.id);
            if !categories.contains(&t.category.as_str()) {
                categories.push(&t.category);
            }
            if !places.contains(&t.element.as_str()) {
                places.push(&t.element);
            }
        }
        assert_eq!(categories.len(), 6, "{file}: all of STRIDE is used");
        assert!(places.len() >= 7, "{file}: threats spread over elements");
        // Flows between elements only, and inside a boundary that exists.
        for f in &s.flows {
            assert!(s.element(&f.from).is_some() && s.element(&f.to).is_some());
        }
        for e in &s.elements {
            assert_ne!(e.kind, ElementKind::DataFlow);
            if let Some(b) = &e.boundary {
                assert!(s.boundary(b).is_some(), "{file}: {}", e.key);
            }
        }
    }
    let ids: Vec<String> = scenario::builtin().into_iter().map(|s| s.id).collect();
    assert_eq!(ids, ["photo-sharing", "smart-lock", "payroll-batch"]);
}

#[test]
fn every_builtin_scenario_makes_a_valid_practice_session() {
    let script = PhaseScript::builtin();
    for s in scenario::builtin() {
        let session = tamer::practice::session(&s, &script, support::morning())
            .unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert!(tamer::session::check::check(&session).is_empty());
        assert_eq!(session.model.len(), s.elements.len() + s.flows.len());
        assert_eq!(session.boundaries.len(), s.boundaries.len());
        // Every scenario element is in the session under its own title,
        // in its boundary; every flow joins the same two elements.
        for e in &s.elements {
            let got = session
                .model
                .iter()
                .find(|x| x.name == e.title)
                .unwrap_or_else(|| panic!("{}: {}", s.id, e.title));
            assert_eq!(got.kind, e.kind);
            let boundary = got
                .boundary
                .and_then(|b| session.boundary(b))
                .map(|b| b.name.as_str());
            let expected = e
                .boundary
                .as_deref()
                .and_then(|k| s.boundary(k))
                .map(|b| b.title.as_str());
            assert_eq!(boundary, expected, "{}: {}", s.id, e.key);
        }
        for f in &s.flows {
            let got = session
                .model
                .iter()
                .find(|x| x.name == f.title && x.is_flow())
                .unwrap_or_else(|| panic!("{}: {}", s.id, f.title));
            let ends = got.flow.as_ref().expect("a flow");
            let name = |id: u32| session.element(id).map(|e| e.name.clone());
            assert_eq!(
                name(ends.from).as_deref(),
                s.element(&f.from).map(|e| e.title.as_str())
            );
            assert_eq!(
                name(ends.to).as_deref(),
                s.element(&f.to).map(|e| e.title.as_str())
            );
            // What the scenario says of the channel, as the model shows it.
            assert_eq!(
                (ends.protocol.as_str(), ends.authenticated, ends.encrypted),
                (f.protocol.as_str(), f.authenticated, f.encrypted),
                "{}: {}",
                s.id,
                f.key
            );
        }
    }
}

/// Each check, on a broken copy of the photo-sharing scenario: the message
/// and the place of the value it is about.
#[test]
fn each_check_fires_at_its_place() {
    // (what to break, its replacement, which occurrence, the text the
    // problem points at in the broken copy, a piece of the message)
    let cases: &[(&str, &str, usize, &str, &str)] = &[
        (
            "id: \"photo-sharing\"",
            "id: \"Photo Sharing\"",
            0,
            "\"Photo Sharing\"",
            "not usable",
        ),
        ("version: 2", "version: 0", 0, "0,", "no version"),
        (
            "protocol: \"HTTPS\"",
            "protocol: \"HTTPS\\u{1b}[2J\"",
            1,
            "\"HTTPS\\u{1b}[2J\"",
            "flow \"viewer-to-app\" `protocol` holds the control character U+001B",
        ),
        (
            "minutes: 60",
            "minutes: 5",
            0,
            "5,",
            "not a practice budget",
        ),
        (
            "licence: \"MIT (tamer project text)\",\n    minutes",
            "licence: \"\",\n    minutes",
            0,
            "\"\",\n    minutes",
            "licence",
        ),
        (
            "key: \"viewer\"",
            "key: \"member\"",
            0,
            "\"member\",\n            title: \"Link viewer\"",
            "used twice",
        ),
        (
            "key: \"web-app\"",
            "key: \"Web App\"",
            0,
            "\"Web App\"",
            "not usable",
        ),
        (
            "kind: \"process\"",
            "kind: \"data-flow\"",
            0,
            "\"data-flow\"",
            "is a data flow",
        ),
        (
            "boundary: Some(\"sandbox\")",
            "boundary: Some(\"sandbx\")",
            0,
            "\"sandbx\"",
            "did you mean \"sandbox\"",
        ),
        (
            "from: \"photo-store\"",
            "from: \"photostore\"",
            0,
            "\"photostore\"",
            "did you mean \"photo-store\"",
        ),
        (
            "to: \"viewer\"",
            "to: \"web-app\"",
            0,
            "\"web-app\",\n            description: \"Pages",
            "to itself",
        ),
        (
            "title: \"Link viewer\"",
            "title: \"member\"",
            0,
            "\"member\",\n            kind",
            "title \"member\" is used twice",
        ),
        (
            "element: \"image-worker\"",
            "element: \"image-wroker\"",
            0,
            "\"image-wroker\"",
            "did you mean \"image-worker\"",
        ),
        (
            "element: \"photo-store\"",
            "element: \"cloud\"",
            0,
            "\"cloud\",\n            mitigations",
            "is on boundary \"cloud\"",
        ),
        (
            "category: \"repudiation\"",
            "category: \"repudation\"",
            0,
            "\"repudation\"",
            "did you mean \"repudiation\"",
        ),
        (
            "id: \"public-bucket\"",
            "id: \"album-id-guessing\"",
            0,
            "\"album-id-guessing\",\n            title: \"The photo bucket",
            "used twice",
        ),
        (
            "\"Refuse passwords that appear in known breach lists\",",
            "\"Refuse passwords\",\n                \"Four\",",
            0,
            "[\n                \"Limit and watch",
            "4 mitigations",
        ),
        (
            "hints: [\n                \"Member text",
            "hints: [\n                \"\",\n                \"Member text",
            0,
            "\"\",\n                \"Member text",
            "line 1 is empty",
        ),
        (
            "title: \"Account database\"",
            "title: \"Account\\u{1b}[2Jdatabase\"",
            0,
            "\"Account\\u{1b}",
            "control character U+001B",
        ),
        (
            "title: \"Account database\"",
            "title: \"Account\\u{202e}esabatad\"",
            0,
            "\"Account\\u{202e}",
            "control character U+202E",
        ),
        (
            "description: \"Anyone who opens a share link, with or without an account.\"",
            &format!("description: \"{}\"", "long ".repeat(200)),
            0,
            "\"long long",
            "characters long",
        ),
    ];
    for (from, to, nth, at, message) in cases {
        let broken = replace_nth(PHOTO, from, to, *nth);
        let report = match parse(&broken) {
            Ok(_) => panic!("{from:?} → {to:?} passed"),
            Err(report) => report,
        };
        let (line, col) = position(&broken, at, 0);
        let expected = format!("s.ron:{line}:{col}: ");
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(&expected) && l.contains(message)),
            "{from:?} → {to:?}: expected {expected}…{message}…, got:\n{report}"
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut broken = PHOTO.to_owned();
    for (from, to) in [
        ("minutes: 60", "minutes: 500"),
        ("boundary: Some(\"sandbox\")", "boundary: Some(\"nowhere\")"),
        ("from: \"photo-store\"", "from: \"nothing\""),
        ("category: \"spoofing\"", "category: \"spoof\""),
        ("element: \"image-worker\"", "element: \"nothing\""),
    ] {
        broken = replace_nth(&broken, from, to, 0);
    }
    let report = parse(&broken).expect_err("five problems");
    assert_eq!(report.lines().count(), 5, "{report}");
    let lines: Vec<usize> = report
        .lines()
        .map(|l| {
            l.split(':')
                .nth(1)
                .and_then(|n| n.parse().ok())
                .expect("a line")
        })
        .collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "in the order of the file");
}

#[test]
fn too_few_and_too_many_threats() {
    let s = Scenario::parse("s.ron", PHOTO).expect("valid");
    for n in [0, 9, 21] {
        let mut changed = s.clone();
        let first = changed.threats[0].clone();
        changed.threats.truncate(n.min(s.threats.len()));
        while changed.threats.len() < n {
            let mut t = first.clone();
            t.id = format!("copy-{}", changed.threats.len());
            changed.threats.push(t);
        }
        let text = ron::ser::to_string_pretty(&changed, ron::ser::PrettyConfig::default())
            .expect("serialises");
        let report = parse(&text).expect_err("wrong count");
        let (line, col) = position(&text, "threats:", 0);
        let value = col + "threats: ".len();
        assert!(
            report.contains(&format!(
                "s.ron:{line}:{value}: the scenario has {n} reference threats; expected 10 to 20"
            )),
            "{report}"
        );
    }
}

#[test]
fn an_unknown_element_kind_or_field_is_refused_at_its_place() {
    let broken = replace_nth(PHOTO, "kind: \"data-store\"", "kind: \"datastore\"", 0);
    let report = parse(&broken).expect_err("unknown kind");
    let (line, _) = position(&broken, "\"datastore\"", 0);
    assert!(report.starts_with(&format!("s.ron:{line}:")), "{report}");
    assert!(report.contains("did you mean \"data-store\""), "{report}");

    let broken = replace_nth(PHOTO, "mitigations: [", "mitigation: [", 3);
    let report = parse(&broken).expect_err("unknown field");
    let (line, _) = position(&broken, "mitigation: [", 0);
    assert!(report.starts_with(&format!("s.ron:{line}:")), "{report}");
}

#[test]
fn hostile_input_is_an_error_not_a_crash() {
    for text in [
        String::new(),
        "(".repeat(100_000),
        "\u{0}\u{1b}[2J".into(),
        format!("(id: \"{}\")", "x".repeat(1_000_000)),
        "(threats: [(element: \"\")])".into(),
    ] {
        assert!(Scenario::parse("h.ron", &text).is_err());
    }
}

fn user(path: &str, text: &str) -> (PathBuf, Result<String, String>) {
    (PathBuf::from(path), Ok(text.to_owned()))
}

#[test]
fn user_scenarios_add_replace_and_broken_ones_are_skipped() {
    let ours = PHOTO
        .replace("id: \"photo-sharing\"", "id: \"ours\"")
        .replace("title: \"Photo-sharing web app\"", "title: \"Our app\"");
    let replacing = BUILTIN[1].1.replace("minutes: 75", "minutes: 30");
    let broken = replace_nth(PHOTO, "category: \"tampering\"", "category: \"tamper\"", 0)
        .replace("id: \"photo-sharing\"", "id: \"broken\"");
    let lib = Library::with_user_scenarios(vec![
        user("/cfg/scenarios/ours.ron", &ours),
        user("/cfg/scenarios/lock.ron", &replacing),
        user("/cfg/scenarios/broken.ron", &broken),
        user("/cfg/scenarios/twice.ron", &ours),
        (
            PathBuf::from("/cfg/scenarios/unreadable.ron"),
            Err("cannot read the file: denied".into()),
        ),
    ]);
    assert_eq!(
        lib.ids(),
        ["photo-sharing", "smart-lock", "payroll-batch", "ours"]
    );
    assert_eq!(
        lib.entry("ours").map(|e| e.origin.clone()),
        Some(Origin::User("/cfg/scenarios/ours.ron".into()))
    );
    assert_eq!(
        lib.entry("smart-lock").map(|e| e.origin.clone()),
        Some(Origin::Replaces("/cfg/scenarios/lock.ron".into()))
    );
    assert_eq!(lib.get("smart-lock").map(|s| s.minutes), Some(30));
    let skipped: Vec<String> = lib.skipped.iter().map(|s| s.problems.to_string()).collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    let (line, col) = position(&broken, "\"tamper\"", 0);
    assert!(
        skipped[0].starts_with(&format!("/cfg/scenarios/broken.ron:{line}:{col}: ")),
        "{skipped:?}"
    );
    assert!(skipped[1].contains("already used by another user scenario"));
    assert_eq!(
        skipped[2],
        "/cfg/scenarios/unreadable.ron:1:1: cannot read the file: denied"
    );
    let listing = tamer::practice::listing(&lib);
    assert!(
        listing.contains("yours, replaces the built-in one: /cfg/scenarios/lock.ron"),
        "{listing}"
    );
    assert!(listing.contains("ours"), "{listing}");
    let report = tamer::practice::skipped_report(&lib);
    assert!(
        report.contains("skipped user scenario /cfg/scenarios/broken.ron (1 problem)"),
        "{report}"
    );
    assert_eq!(
        lib.unknown("smartlock"),
        "unknown scenario \"smartlock\"; did you mean \"smart-lock\"?"
    );
}

#[test]
fn the_store_reads_user_scenarios_from_the_config_folder() {
    let (_dir, store) = support::temp_store();
    assert!(store.user_scenarios().is_empty(), "no folder, no scenarios");
    std::fs::create_dir_all(store.scenarios_dir()).expect("folder");
    let ours = PHOTO.replace("id: \"photo-sharing\"", "id: \"ours\"");
    std::fs::write(store.scenarios_dir().join("ours.ron"), ours).expect("write");
    std::fs::write(store.scenarios_dir().join("notes.txt"), "not a scenario").expect("write");
    std::fs::write(store.scenarios_dir().join("bad.ron"), [0xff, 0xfe]).expect("write");
    let lib = store.scenarios();
    assert_eq!(
        lib.ids(),
        ["photo-sharing", "smart-lock", "payroll-batch", "ours"]
    );
    assert_eq!(lib.skipped.len(), 1);
    assert!(lib.skipped[0].path.ends_with("bad.ron"));
    assert!(store.scenarios_dir().ends_with("scenarios"));
}

/// `tamer practice photo-sharing`, as main does it: the session built and
/// saved; the record on disk has the model in place and says which
/// scenario, and at which version, it practises.
#[test]
fn practice_creates_a_record_with_the_model_in_place() {
    let (_dir, store) = support::temp_store();
    let now = support::morning();
    let lib = store.scenarios();
    let scenario = lib.get("photo-sharing").expect("built in");
    let session =
        tamer::practice::session(scenario, &PhaseScript::builtin(), now).expect("a session");
    let held = store.create(&session, now).expect("saved");
    let loaded = tamer::store::Store::load(held.file()).expect("loads");
    assert_eq!(loaded.title, "Practice: Photo-sharing web app");
    assert_eq!(loaded.budget_minutes, 60);
    assert_eq!(loaded.participants, ["Learner"]);
    let practice = loaded.practice.as_ref().expect("practice is set");
    assert_eq!(
        (practice.scenario.as_str(), practice.version),
        ("photo-sharing", 2)
    );
    assert_eq!(loaded.model.len(), 7 + 8);
    assert_eq!(loaded.flows().count(), 8);
    assert_eq!(loaded.boundaries.len(), 2);
    assert!(
        loaded
            .approach
            .scope
            .starts_with("Pixtrail is a small web app")
    );
    assert!(loaded.approach.scope.contains("\nWhat matters most"));
    assert_eq!(loaded.phase(), 1, "starts where the model is read");
    assert!(
        loaded.model_agreed.is_none(),
        "the learner agrees the model"
    );
    assert!(loaded.threats.is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(held.file())
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let listed = store.list().expect("list");
    assert_eq!(listed.len(), 1);
}

/// `tamer practice` with no scenario: the picker, Down, Enter starts the
/// second scenario and saves it.
#[test]
fn the_picker_starts_the_chosen_scenario() {
    let r = support::replay_app(
        |script, now, _| tamer::app::App::practice_picker(script, now),
        "<down><enter>",
        100,
        30,
    );
    let session = r.session();
    assert_eq!(
        session.title,
        "Practice: Smart lock with a phone app and a cloud service"
    );
    assert_eq!(
        session.practice.as_ref().map(|p| p.scenario.as_str()),
        Some("smart-lock")
    );
    let path = r.outcome.record.as_ref().expect("saved");
    let loaded = tamer::store::Store::load(path).expect("loads");
    assert_eq!(loaded.model.len(), 8 + 9);
}

#[test]
fn the_picker_shows_each_scenario_and_the_brief_and_esc_leaves() {
    let r = support::replay_app(
        |script, now, _| tamer::app::App::practice_picker(script, now),
        "<down><down>",
        100,
        30,
    );
    let screen = r.screen();
    for title in [
        "Photo-sharing web app",
        "Smart lock with",
        "Payroll batch job",
    ] {
        assert!(screen.contains(title), "{screen}");
    }
    assert!(screen.contains("▶ Payroll batch job"), "{screen}");
    assert!(screen.contains("A company of 800 people"), "{screen}");
    assert!(screen.contains("14 threats to find"), "{screen}");

    let r = support::replay_app(
        |script, now, _| tamer::app::App::practice_picker(script, now),
        "<esc>",
        100,
        30,
    );
    assert!(r.app.session.is_none());
    assert!(r.outcome.record.is_none(), "nothing created");
}

/// From the launcher, through the real loop: `p`, Enter on the first
/// scenario, Enter past the brief, `q`: a practice record is saved.
#[test]
fn the_launcher_starts_a_practice_run_and_saves_it() {
    let r = support::replay("p<enter><enter>q", 100, 30);
    let path = r.outcome.record.as_ref().expect("saved");
    let loaded = tamer::store::Store::load(path).expect("loads");
    assert_eq!(
        loaded.practice.as_ref().map(|p| p.scenario.as_str()),
        Some("photo-sharing")
    );
    assert_eq!(loaded.title, "Practice: Photo-sharing web app");
}

/// Text from a user scenario is cleaned before it reaches the screen.
#[test]
fn the_picker_cleans_user_text() {
    // The checks refuse control characters; a scenario in the app that
    // holds them anyway (built by code) must still not reach the terminal.
    let mut s = scenario::builtin().remove(0);
    s.title = "Evil\u{1b}[2J title".into();
    s.brief = "Brief\u{1b}]0;pwned\u{7} text".into();
    let mut app = tamer::app::App::practice_picker(PhaseScript::builtin(), support::morning());
    app.scenarios = vec![s];
    let screen = support::render(&app, 100, 30);
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    assert!(screen.contains("Evil [2J title"), "{screen}");
}

// ---- mutation property test ----

/// A small, fixed pseudo-random sequence (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Byte ranges of the string literals of `text` (quotes included).
fn strings(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut escaped = false;
    let mut comment = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if comment {
            comment = b != b'\n';
            continue;
        }
        match (start, b) {
            (None, b'/') if bytes.get(i + 1) == Some(&b'/') => comment = true,
            (None, b'"') => start = Some(i),
            (Some(_), _) if escaped => escaped = false,
            (Some(_), b'\\') => escaped = true,
            (Some(s), b'"') => {
                out.push((s, i + 1));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Byte ranges of the items of the top-level lists (`(` at 8 spaces to the
/// matching `),` line).
fn items(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line == "        (\n" {
            start = Some(at);
        } else if line == "        ),\n"
            && let Some(s) = start.take()
        {
            out.push((s, at + line.len()));
        }
        at += line.len();
    }
    out
}

/// One random change to a valid scenario, of the kinds people make.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let strs = strings(text);
    let its = items(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let splice = |(s, e): (usize, usize), with: &str| format!("{}{with}{}", &text[..s], &text[e..]);
    match rng.below(10) {
        // A string replaced by another string of the file (a key where a
        // title was, a reference to the wrong thing, a duplicate id).
        0 | 1 => {
            let a = strs[rng.below(strs.len())];
            let b = strs[rng.below(strs.len())];
            splice(a, &text[b.0..b.1])
        }
        // A near miss: a string with its last letter dropped.
        2 => {
            let (s, e) = strs[rng.below(strs.len())];
            let inner = &text[s + 1..e - 1];
            let cut: String = inner
                .chars()
                .take(inner.chars().count().saturating_sub(1))
                .collect();
            splice((s, e), &format!("\"{cut}\""))
        }
        // A string emptied, made huge, or given a control character.
        3 => {
            let at = strs[rng.below(strs.len())];
            let with = match rng.below(3) {
                0 => "\"\"".to_owned(),
                1 => format!("\"{}\"", "y".repeat(3000)),
                _ => "\"a\\u{1b}[31mb\"".to_owned(),
            };
            splice(at, &with)
        }
        // An item dropped or duplicated.
        4 | 5 => {
            let at = its[rng.below(its.len())];
            if rng.below(2) == 0 {
                splice(at, "")
            } else {
                splice((at.1, at.1), &text[at.0..at.1])
            }
        }
        // A number out of range.
        6 => {
            let field = ["minutes: ", "version: "][rng.below(2)];
            let n = ["0", "5", "241", "4294967295", "-1", "4294967296"][rng.below(6)];
            let at = text.find(field).expect("field") + field.len();
            let end = at + text[at..].find(',').expect("comma");
            splice((at, end), n)
        }
        // A line dropped (a field falls back to its default, or the syntax
        // breaks).
        7 | 8 => {
            let n = rng.below(lines.len());
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != n)
                .map(|(_, l)| *l)
                .collect()
        }
        // The file cut short.
        _ => {
            let mut end = rng.below(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[..end].to_owned()
        }
    }
}

/// Every problem lies inside the file and is written `file:line:col: `.
fn inside(file: &str, text: &str, report: &tamer::error::Diagnostics) -> Result<(), String> {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &report.0 {
        let Some(line) = lines.get(d.line.wrapping_sub(1)) else {
            return Err(format!("{d}: line {} is outside the file", d.line));
        };
        if d.col == 0 || d.col > line.chars().count() + 1 {
            return Err(format!("{d}: column {} is outside the line", d.col));
        }
        if !d
            .to_string()
            .starts_with(&format!("{file}:{}:{}: ", d.line, d.col))
        {
            return Err(format!("{d} does not start with file:line:col"));
        }
    }
    Ok(())
}

/// Mutated built-in scenarios (a fixed seed, so every run is the same):
/// never a panic; ron's refusals are passed on as they are; tamer's own
/// problems are placed inside the file; a mutant tamer accepts makes a
/// valid practice session; and at least half reach tamer's own checks
/// rather than stopping at RON's syntax.
#[test]
fn mutated_scenarios_mostly_reach_tamers_checks() {
    const CASES: usize = 600;
    let script = PhaseScript::builtin();
    let mut rng = Rng(0x5ce7_a410);
    let (mut reached, mut accepted) = (0, 0);
    for n in 0..CASES {
        let (file, valid) = BUILTIN[n % BUILTIN.len()];
        let text = mutate(valid, &mut rng);
        let refused = ron::Options::default().from_str::<Scenario>(&text).err();
        match Scenario::parse(file, &text) {
            Ok(s) => {
                assert!(refused.is_none(), "ron refused it, tamer took it:\n{text}");
                reached += 1;
                accepted += 1;
                if let Err(e) = tamer::practice::session(&s, &script, support::morning()) {
                    panic!("accepted but no session: {e}\n{text}");
                }
            }
            Err(report) => {
                if let Err(e) = inside(file, &text, &report) {
                    panic!("{e}\n{text}");
                }
                match refused {
                    Some(r) => assert_eq!(
                        report.0,
                        [tamer::error::Diagnostic::from_ron(file, &r)],
                        "not ron's error"
                    ),
                    None => reached += 1,
                }
            }
        }
    }
    eprintln!("reached tamer's checks: {reached}/{CASES} ({accepted} accepted)");
    assert!(reached * 2 >= CASES, "only {reached} of {CASES}");
    assert!(
        accepted < CASES / 2,
        "most mutants must be refused: {accepted}"
    );
}

/// The practice session opens with its brief and task on top; Enter
/// closes it and the session's keys work again.
#[test]
fn a_practice_session_opens_with_its_brief() {
    let r = support::replay_app(
        |script, now, _| {
            let s = scenario::builtin().remove(2);
            let session = tamer::practice::session(&s, &script, now).expect("a session");
            tamer::app::App::practising(script, session, now)
        },
        "",
        100,
        30,
    );
    let screen = r.screen();
    assert!(screen.contains("Practice: Payroll batch job"), "{screen}");
    assert!(
        screen.contains("A company of 800 people pays salaries"),
        "{screen}"
    );
    assert!(
        screen.contains("8 elements, 8 flows, 2 boundaries"),
        "{screen}"
    );
    assert_eq!(r.app.input_mode(), tamer::keys::InputMode::Brief);

    let r = support::replay_app(
        |script, now, _| {
            let s = scenario::builtin().remove(2);
            let session = tamer::practice::session(&s, &script, now).expect("a session");
            tamer::app::App::practising(script, session, now)
        },
        "<enter>",
        100,
        30,
    );
    assert!(r.app.layers.is_empty(), "Enter closed the brief");
    assert!(!r.screen().contains("Your task"), "{}", r.screen());
}

// ---- the real binary ----

#[test]
fn practice_list_and_an_unknown_id() {
    let home = common::Home::new();
    let run = home.run(&["practice", "--list"]);
    assert!(run.status.success(), "{run:?}");
    for id in ["photo-sharing", "smart-lock", "payroll-batch"] {
        assert!(run.stdout.contains(&format!("  {id}")), "{run:?}");
    }

    // A broken user scenario is reported on stderr; the others still list.
    let dir = home.config_home().join("tamer").join("scenarios");
    std::fs::create_dir_all(&dir).expect("folder");
    let broken = replace_nth(PHOTO, "minutes: 60", "minutes: 1", 0);
    std::fs::write(dir.join("broken.ron"), &broken).expect("write");
    let run = home.run(&["practice", "--list"]);
    assert!(run.status.success(), "{run:?}");
    let (line, col) = position(&broken, "1,\n    boundaries", 0);
    assert!(
        run.stderr.contains(&format!(
            "broken.ron:{line}:{col}: `minutes: 1` is not a practice budget"
        )),
        "{run:?}"
    );

    let run = home.run(&["practice", "photo-sharng"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains("unknown scenario \"photo-sharng\"; did you mean \"photo-sharing\"?"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("payroll-batch"),
        "the ids there are: {run:?}"
    );
    assert!(home.records().is_empty(), "nothing created");
}

/// `tamer practice photo-sharing` in a terminal: the brief on top, then
/// the session with the model; `q` saves a record with `practice` set.
#[cfg(unix)]
#[test]
fn practice_runs_in_a_terminal_and_saves_the_record() {
    let home = common::Home::new();
    let mut tty = common::pty::Tty::spawn(&home, &["practice", "photo-sharing"]);
    tty.wait_for(&["Practice: Photo-sharing web app", "The brief", "Your task"]);
    tty.send("\r");
    tty.wait_for(&["Purpose and assets", "7 elements", "8 flows"]);
    tty.send("q");
    let (status, _) = tty.finish(std::time::Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    let record = home.only_record();
    let session = tamer::store::Store::load(&record).expect("loads");
    assert_eq!(
        session.practice.map(|p| p.scenario),
        Some("photo-sharing".to_owned())
    );
    assert_eq!(session.model.len(), 15);
}

#[test]
fn practice_check_reports_every_problem_or_ok() {
    let home = common::Home::new();
    let good = home.root().join("good.ron");
    let bad = home.root().join("bad.ron");
    std::fs::write(&good, PHOTO).expect("write");
    let broken = replace_nth(
        &replace_nth(PHOTO, "minutes: 60", "minutes: 1", 0),
        "category: \"spoofing\"",
        "category: \"spofing\"",
        0,
    );
    std::fs::write(&bad, &broken).expect("write");
    let good = good.display().to_string();
    let bad = bad.display().to_string();
    let run = home.run(&["practice", "--check", &good]);
    assert!(run.status.success(), "{run:?}");
    assert!(
        run.stdout
            .contains("ok, scenario photo-sharing v2 (7 elements, 8 flows, 15 reference threats)"),
        "{run:?}"
    );
    let run = home.run(&["practice", "--check", &good, &bad]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let (line, col) = position(&broken, "\"spofing\"", 0);
    assert!(
        run.stdout.contains(&format!("{bad}:{line}:{col}: threat \"credential-stuffing\": unknown category \"spofing\"; did you mean \"spoofing\"?")),
        "{run:?}"
    );
    assert_eq!(run.stdout.lines().count(), 3, "{run:?}");
    assert!(run.stderr.contains("2 problems found"), "{run:?}");
}
