//! tamer's own JSON export: its shape against `schemas/tamer-session.schema.json`,
//! record → JSON → record without loss, the example file kept current, and
//! bad input refused with a position and plain words.
//!
//! Regenerate `sessions/exports/example-payments.json` with
//! `TAMER_WRITE_EXAMPLES=1 cargo test --test export_json`.

use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use tamer::deck::Library;
use tamer::error::Error;
use tamer::export::{self, Context, Format, Output};
use tamer::import::{self, Detected, Imported, Options};
use tamer::session::check;
use tamer::session::{
    Action, Decision, DecisionKind, Element, Event, EventKind, Mark, MitigationStatus, PhaseScript,
    RetroList, SchemeRef, Session,
};
use tamer::store::Store;

fn root(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn payments() -> Session {
    Store::load(&root("sessions/example-payments.ron")).expect("the payments example loads")
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a time")
}

fn render(session: &Session) -> String {
    let library = Library::builtin();
    let ctx = Context {
        record: "example-payments.ron",
        library: &library,
        now: at("2026-11-30T12:00:00Z"),
    };
    match export::export(session, Format::Json, &ctx) {
        Output::One(text) => text,
        Output::Files(_) => panic!("json is one file"),
    }
}

fn read(text: &str) -> Result<Imported, Error> {
    read_titled(text, None)
}

fn read_titled(text: &str, title: Option<&str>) -> Result<Imported, Error> {
    let script = PhaseScript::builtin();
    let options = Options {
        title,
        now: at("2026-12-01T08:00:00Z"),
        script: &script,
    };
    import::json::read("in.json", text, &options)
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root("schemas/tamer-session.schema.json"))
        .expect("the schema file");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn assert_valid(text: &str) {
    let doc: serde_json::Value = serde_json::from_str(text).expect("the export is JSON");
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// One event of every kind the record knows.
fn every_event() -> Vec<EventKind> {
    use tamer::radar::Severity;
    vec![
        EventKind::Started { budget_minutes: 60 },
        EventKind::Reopened,
        EventKind::Paused {
            step: "discover".into(),
        },
        EventKind::Resumed {
            step: "discover".into(),
        },
        EventKind::Extended {
            step: "discover".into(),
            minutes: 5,
        },
        EventKind::StepChanged {
            from: "discover".into(),
            to: "rate".into(),
            remaining_secs: -30,
        },
        EventKind::PhaseChanged { from: 2, to: 3 },
        EventKind::ThreatCaptured { id: 1 },
        EventKind::DeckChosen {
            deck: "stride".into(),
        },
        EventKind::DeckDropped {
            deck: "stride".into(),
        },
        EventKind::Dealing {
            deck: "stride-per-element".into(),
        },
        EventKind::ElementAdded { id: 10 },
        EventKind::CardMarked {
            card: "spoofing".into(),
            element: Some(1),
            mark: Mark::Threat(1),
        },
        EventKind::CardMarked {
            card: "tampering".into(),
            element: None,
            mark: Mark::Skip,
        },
        EventKind::CardMarked {
            card: "tampering".into(),
            element: Some(2),
            mark: Mark::Nothing,
        },
        EventKind::Finished,
        EventKind::Unfinished,
        EventKind::ElementEdited { id: 1 },
        EventKind::ElementDeleted { id: 11 },
        EventKind::BoundaryAdded { id: 4 },
        EventKind::BoundaryEdited { id: 4 },
        EventKind::BoundaryDeleted { id: 4 },
        EventKind::ThreatEdited { id: 1 },
        EventKind::ThreatDeleted { id: 9 },
        EventKind::CategoryChanged {
            threat: 1,
            from: None,
            to: Some("spoofing".into()),
        },
        EventKind::Parked { id: 1 },
        EventKind::ParkedEdited { id: 1 },
        EventKind::ParkedDropped { id: 3 },
        EventKind::ParkedToThreat { id: 2, threat: 4 },
        EventKind::ExcursionStarted { id: 2 },
        EventKind::ExcursionEnded { id: 2, secs: 120 },
        EventKind::ApproachSet,
        EventKind::ParticipantsSet,
        EventKind::ParticipantRenamed {
            from: "Linux".into(),
            to: "Linus".into(),
        },
        EventKind::ModelAgreed,
        EventKind::Banked { secs: 30 },
        EventKind::BankGiven { secs: 30 },
        EventKind::AwayDiscounted { secs: 600 },
        EventKind::Undone {
            what: "rating of T1".into(),
        },
        EventKind::DraftKept {
            what: "threat title".into(),
        },
        EventKind::DraftCleared,
        EventKind::SchemeChosen {
            scheme: SchemeRef {
                id: "four-levels".into(),
                version: 2,
            },
        },
        EventKind::RatingSet {
            threat: 1,
            action: Action::Must,
        },
        EventKind::RatingOverridden {
            threat: 1,
            suggested: Action::Could,
            action: Action::Must,
        },
        EventKind::ResidualSet {
            threat: 1,
            action: Action::NoNeed,
        },
        EventKind::Decided {
            threat: 1,
            decision: Some(DecisionKind::NotAThreat),
        },
        EventKind::Decided {
            threat: 1,
            decision: None,
        },
        EventKind::KeySet {
            threat: 1,
            rank: Some(1),
        },
        EventKind::KeySet {
            threat: 1,
            rank: None,
        },
        EventKind::Reviewed {
            threat: 1,
            ok: true,
        },
        EventKind::MitigationAdded { id: 5 },
        EventKind::MitigationEdited { id: 5 },
        EventKind::MitigationDeleted { id: 6 },
        EventKind::MitigationLinked {
            mitigation: 5,
            threat: 1,
        },
        EventKind::MitigationUnlinked {
            mitigation: 5,
            threat: 1,
        },
        EventKind::RetroAdded {
            list: RetroList::Change,
        },
        EventKind::RetroDeleted {
            list: RetroList::WentWell,
        },
        EventKind::RadarRaised {
            flag: "2.1.9".into(),
            subject: String::new(),
            severity: Severity::Warn,
            evidence: "The excursion has run 9 minutes".into(),
        },
        EventKind::RadarAcknowledged {
            flag: "2.1.9".into(),
            subject: String::new(),
        },
        EventKind::RadarRaised {
            flag: "2.1.10".into(),
            subject: "T1".into(),
            severity: Severity::Info,
            evidence: "T1 was decided before".into(),
        },
        EventKind::RadarSnoozed {
            flag: "2.1.10".into(),
            subject: "T1".into(),
            until: at("2026-11-30T10:30:00Z"),
        },
        EventKind::RadarCleared {
            flag: "2.1.9".into(),
            subject: String::new(),
        },
        EventKind::Exported {
            format: "csv".into(),
            mitigations: vec![1, 2],
        },
        EventKind::Imported {
            format: "otm".into(),
            source: "shop.otm.json".into(),
        },
    ]
}

/// The payments example with every optional part filled in: finished, a
/// flow without ends, every kind of decision, residual ratings, a
/// mitigation not to be done, a running excursion, and one timeline event
/// of every kind.
fn full() -> Session {
    let mut s = payments();
    let end = at("2026-11-30T10:05:00Z");
    for step in &mut s.steps {
        step.clock.stop(end);
    }
    s.finished = Some(end);
    s.model.push(Element {
        id: 10,
        kind: tamer::deck::ElementKind::DataFlow,
        name: "Webhook".into(),
        holds_logs: false,
        description: "Not drawn yet".into(),
        boundary: None,
        flow: None,
    });
    let rating = s
        .threats
        .iter()
        .find_map(|t| t.rating.clone())
        .expect("a rated threat in the example");
    let by = s.participants[0].clone();
    let decisions = [
        Decision::Accept {
            reason: "Covered by the processor's own checks".into(),
            by,
        },
        Decision::Transfer {
            to: "The card processor".into(),
        },
        Decision::Avoid {
            how: "Drop the refund console".into(),
        },
        Decision::NotAThreat {
            reason: "Needs the database password".into(),
        },
    ];
    for (t, d) in s.threats.iter_mut().zip(decisions) {
        t.rating = Some(rating.clone());
        t.residual = Some(rating.clone());
        t.decision = Some(d);
        t.description = "Line one\nline two with \"quotes\" and \\ backslash".into();
    }
    s.mitigations[2].status = MitigationStatus::WontDo {
        reason: "Too costly for what it saves".into(),
    };
    s.excursions.push(tamer::session::Excursion {
        id: 2,
        topic: "Are refunds idempotent?".into(),
        started: at("2026-11-30T10:00:00Z"),
        ended: None,
        outcome: String::new(),
        threat: None,
        parked: Some(1),
    });
    let mut t = end - Duration::seconds(every_event().len() as i64);
    for kind in every_event() {
        s.timeline.push(Event { at: t, kind });
        t += Duration::seconds(1);
    }
    assert_eq!(check::check(&s), [], "the full session is a valid record");
    s
}

#[test]
fn the_payments_export_validates_against_the_schema() {
    assert_valid(&render(&payments()));
}

#[test]
fn a_session_with_every_optional_part_validates() {
    let text = render(&full());
    assert_valid(&text);
    // Every kind of event is in it, by its documented name.
    for kind in [
        "\"kind\": \"radar_snoozed\"",
        "\"kind\": \"card_marked\"",
        "\"kind\": \"not_a_threat\"",
        "\"ends\": null",
        "\"wont_do_reason\": \"Too costly for what it saves\"",
        "\"outcome\": \"cleared\"",
        "\"outcome\": \"snoozed\"",
    ] {
        assert!(text.contains(kind), "{kind} missing");
    }
}

#[test]
fn the_schema_refuses_what_the_shape_does_not_allow() {
    let validator = schema();
    let good: serde_json::Value =
        serde_json::from_str(&render(&payments())).expect("the export is JSON");
    assert!(validator.is_valid(&good));
    let mutate = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut doc = good.clone();
        f(&mut doc);
        validator.is_valid(&doc)
    };
    assert!(!mutate(&|d| {
        d["extra"] = serde_json::json!(1);
    }));
    assert!(!mutate(&|d| {
        d["schema_version"] = serde_json::json!(2);
    }));
    assert!(!mutate(&|d| {
        d["threats"][0]["rating"]["action"] = serde_json::json!("MUST");
    }));
    assert!(!mutate(&|d| {
        d["timeline"][0]["surprise"] = serde_json::json!(true);
    }));
    assert!(!mutate(&|d| {
        d["timeline"][0]["kind"] = serde_json::json!("teleported");
    }));
    assert!(!mutate(&|d| {
        d.as_object_mut().expect("an object").remove("radar");
    }));
}

#[test]
fn the_top_level_keys_are_exactly_the_documented_ones_in_order() {
    let text = render(&payments());
    let doc: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("an object");
    let keys: Vec<&str> = doc.keys().map(String::as_str).collect();
    let mut in_text: Vec<(usize, &str)> = keys
        .iter()
        .map(|k| {
            let needle = format!("\n  \"{k}\":");
            (text.find(&needle).expect("a top-level key"), *k)
        })
        .collect();
    in_text.sort();
    let ordered: Vec<&str> = in_text.into_iter().map(|(_, k)| k).collect();
    assert_eq!(
        ordered,
        [
            "schema_version",
            "title",
            "started_at",
            "ended_at",
            "participants",
            "approach",
            "phases",
            "model",
            "threats",
            "mitigations",
            "parking_lot",
            "radar",
            "retro",
            "timeline"
        ]
    );
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["ended_at"], serde_json::Value::Null);
}

#[test]
fn the_export_is_deterministic_and_reads_the_radar_from_the_timeline() {
    let s = full();
    let a = render(&s);
    assert_eq!(a, render(&s));
    let doc: serde_json::Value = serde_json::from_str(&a).expect("JSON");
    let radar = doc["radar"].as_array().expect("a list");
    let history = tamer::radar::history::history(&s);
    assert_eq!(radar.len(), history.len());
    let last = radar.last().expect("a flag");
    assert_eq!(last["id"], "2.1.10");
    assert_eq!(last["outcome"], "snoozed");
    assert_eq!(last["snoozed_until"], "2026-11-30T10:30:00Z");
}

#[test]
fn the_payments_example_round_trips_without_loss() {
    let original = payments();
    let imported = read(&render(&original)).expect("its own export reads back");
    assert_eq!(imported.format, "json");
    assert!(imported.unmapped.is_empty());
    assert_eq!(imported.session, original);
}

#[test]
fn a_session_with_every_optional_part_round_trips_without_loss() {
    let original = full();
    let text = render(&original);
    let imported = read(&text).expect("its own export reads back");
    assert_eq!(imported.session, original);
    // And through the format detection `tamer import` uses.
    assert_eq!(import::detect("in.json", &text).ok(), Some(Detected::Json));
    let script = PhaseScript::builtin();
    let options = Options {
        title: None,
        now: at("2026-12-01T08:00:00Z"),
        script: &script,
    };
    let again = import::import("in.json", &text, &options).expect("imported");
    assert_eq!(again.session, original);
}

#[test]
fn a_title_given_on_import_replaces_the_files_and_is_cleaned() {
    let imported = read_titled(&render(&payments()), Some("Payments,\u{7} again")).expect("read");
    assert_eq!(imported.session.title, "Payments,  again");
}

#[test]
fn the_example_export_file_is_the_current_export() {
    let path = root("sessions/exports/example-payments.json");
    let text = render(&payments());
    if std::env::var_os("TAMER_WRITE_EXAMPLES").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
        std::fs::write(&path, &text).expect("written");
    }
    let kept = std::fs::read_to_string(&path).expect(
        "sessions/exports/example-payments.json; write it with \
         TAMER_WRITE_EXAMPLES=1 cargo test --test export_json",
    );
    assert!(
        kept == text,
        "sessions/exports/example-payments.json is not the current export; \
         regenerate it with TAMER_WRITE_EXAMPLES=1 cargo test --test export_json"
    );
}

/// The one diagnostic of an `Error::Invalid`, as (line, col, message).
fn diagnostic(err: Error) -> (usize, usize, String) {
    match err {
        Error::Invalid(list) => {
            assert_eq!(list.0.len(), 1, "{list}");
            let d = &list.0[0];
            assert_eq!(d.file, "in.json");
            (d.line, d.col, d.message.clone())
        }
        other => panic!("expected an invalid-file error, got {other:?}"),
    }
}

/// Plain words: no Rust type names in a message a user reads.
fn assert_plain(message: &str) {
    for rust in [
        "u8", "u32", "u64", "i64", "usize", "struct ", "enum ", "Option", "Vec<", "JThreat", "Doc",
        "sequence",
    ] {
        assert!(
            !message.contains(rust),
            "{rust:?} in the message {message:?}"
        );
    }
}

#[test]
fn malformed_json_is_refused_at_its_line_and_column() {
    let text = render(&payments());
    // A missing comma after the title, on line 3.
    let broken = text.replacen("\"Payments API\",", "\"Payments API\"", 1);
    let (line, col, message) = diagnostic(read(&broken).expect_err("refused"));
    assert_eq!((line, col), (4, 3), "{message}");
    assert!(message.contains("Expected `,` or `}`"), "{message}");
    assert_plain(&message);
}

#[test]
fn a_truncated_file_is_refused_as_cut_short_wherever_it_is_cut() {
    let text = render(&full());
    let step = text.len() / 97;
    let mut cut = 1;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let err = read(&text[..cut]).expect_err("a cut file is refused");
            let (line, col, message) = diagnostic(err);
            assert!(line >= 1 && col >= 1, "{message}");
            assert!(message.contains("cut short"), "cut at {cut}: {message}");
            assert_plain(&message);
        }
        cut += step;
    }
}

#[test]
fn wrong_types_are_refused_in_plain_words() {
    let text = render(&payments());
    for (from, to, says) in [
        (
            "\"budget_minutes\": 60",
            "\"budget_minutes\": \"sixty\"",
            "expected a whole number",
        ),
        (
            "\"budget_minutes\": 60",
            "\"budget_minutes\": -5",
            "expected a whole number from 0 to 4294967295",
        ),
        (
            "\"participants\": [",
            "\"participants\": 3, \"x\": [",
            "expected a list",
        ),
        ("\"essential\": true", "\"essential\": \"yes\"", "boolean"),
        ("\"effort\": \"medium\"", "\"effort\": \"huge\"", "`huge`"),
        (
            "\"started_at\": \"2026-11-30T09:00:00Z\"",
            "\"started_at\": \"yesterday\"",
            "write times like 2026-11-30T09:00:00Z",
        ),
        ("\"title\": \"Payments API\"", "\"title\": null", "string"),
        (
            "\"retro\": {",
            "\"retro\": 5, \"x\": {",
            "expected a retro object",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let broken = text.replacen(from, to, 1);
        let (line, _, message) = diagnostic(read(&broken).expect_err(to));
        assert!(line >= 1, "{to}: {message}");
        assert!(message.contains(says), "{to}: {message}");
        assert_plain(&message);
    }
}

#[test]
fn unknown_keys_and_missing_keys_are_refused() {
    let text = render(&payments());
    let extra = text.replacen("\"title\":", "\"colour\": \"red\",\n  \"title\":", 1);
    let (_, _, message) = diagnostic(read(&extra).expect_err("unknown key"));
    assert!(message.contains("Unknown field `colour`"), "{message}");
    let missing = text.replacen("\"title\": \"Payments API\",", "", 1);
    let (_, _, message) = diagnostic(read(&missing).expect_err("no title"));
    assert!(message.contains("Missing field `title`"), "{message}");
    let stray = text.replacen(
        "\"kind\": \"approach_set\"",
        "\"kind\": \"approach_set\", \"scope\": \"all\"",
        1,
    );
    let (_, _, message) = diagnostic(read(&stray).expect_err("a field of no kind"));
    assert!(message.contains("Unknown field `scope`"), "{message}");
    let stray = text.replacen(
        "\"kind\": \"mitigate\"",
        "\"kind\": \"mitigate\", \"by\": \"Ada\"",
        1,
    );
    let (_, _, message) = diagnostic(read(&stray).expect_err("a field of no decision"));
    assert!(message.contains("Unknown field `by`"), "{message}");
    let stray = text.replacen(
        "\"kind\": \"started\",",
        "\"kind\": \"started\", \"x\": 1,",
        1,
    );
    let (_, _, message) = diagnostic(read(&stray).expect_err("a field of another kind"));
    assert!(message.contains("Unknown field `x`"), "{message}");
    let event = text.replacen("\"kind\": \"started\",", "\"kind\": \"teleported\",", 1);
    let (_, _, message) = diagnostic(read(&event).expect_err("unknown event"));
    assert!(message.contains("teleported"), "{message}");
    assert_plain(&message);
}

#[test]
fn another_schema_version_is_refused_for_its_version() {
    let text = render(&payments());
    let newer = text.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1);
    let (_, _, message) = diagnostic(read(&newer).expect_err("version 2"));
    assert!(
        message.contains("schema_version 2") && message.contains("reads schema_version 1"),
        "{message}"
    );
    // Refused for the version even when the rest of the shape changed.
    let reshaped = newer.replacen("\"title\":", "\"name\":", 1);
    let (_, _, message) = diagnostic(read(&reshaped).expect_err("version 2"));
    assert!(message.contains("schema_version 2"), "{message}");
    let none = text.replacen("\"schema_version\": 1,", "", 1);
    let (_, _, message) = diagnostic(read(&none).expect_err("no version"));
    assert!(message.contains("schema_version is missing"), "{message}");
    let text_version = text.replacen("\"schema_version\": 1", "\"schema_version\": \"1\"", 1);
    assert!(read(&text_version).is_err());
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = 100_000;
    let nested = format!("{}{}", "[".repeat(deep), "]".repeat(deep));
    let (_, _, message) = diagnostic(read(&nested).expect_err("a list is not a session"));
    assert_plain(&message);
    // Deep where a string is wanted: refused at the first bracket.
    let text = render(&payments());
    let inside = text.replacen("\"Payments API\"", &nested, 1);
    let (_, _, message) = diagnostic(read(&inside).expect_err("not a title"));
    assert!(message.contains("expected a string"), "{message}");
    assert_plain(&message);
    // Deep inside a value of the version check.
    let version = text.replacen("1,", &format!("{nested},"), 1);
    let (_, _, message) = diagnostic(read(&version).expect_err("too deep"));
    assert!(message.contains("nested too deeply"), "{message}");
    // Deep inside the timeline, read through the event's flattened fields.
    let event = text.replacen(
        "\"budget_minutes\": 60\n",
        &format!("\"budget_minutes\": {nested}\n"),
        1,
    );
    assert_ne!(event, text);
    let (_, _, message) = diagnostic(read(&event).expect_err("too deep"));
    assert!(message.contains("nested too deeply"), "{message}");
    // Objects as deep, in the version check.
    let objects = format!("{}1{}", "{\"a\":".repeat(deep), "}".repeat(deep));
    let inside = text.replacen("1,", &format!("{objects},"), 1);
    let (_, _, message) = diagnostic(read(&inside).expect_err("too deep"));
    assert!(message.contains("nested too deeply"), "{message}");
}

#[test]
fn control_characters_in_text_are_refused_by_the_check() {
    let text = render(&payments());
    let escaped = text.replacen("\"Payments API\"", "\"Payments\\u001b[2J API\"", 1);
    let (line, _, message) = diagnostic(read(&escaped).expect_err("control character"));
    assert_eq!(line, 0, "the check has no position in the file");
    assert!(
        message.contains("not imported: title: holds the control character U+001B"),
        "{message}"
    );
    // In a threat's title, deeper down.
    let mut threat: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    threat["threats"][0]["title"] = serde_json::json!("Forged\u{7} cookie");
    let threat = threat.to_string();
    assert!(threat.contains("Forged\\u0007 cookie"), "JSON escapes it");
    let (_, _, message) = diagnostic(read(&threat).expect_err("control character"));
    assert!(
        message.contains("threats[0].title: holds the control character U+0007"),
        "{message}"
    );
    // A raw control character inside a JSON string is a syntax error.
    let raw = text.replacen("Payments API", "Payments\u{1}API", 1);
    let (line, _, message) = diagnostic(read(&raw).expect_err("raw control character"));
    assert_eq!(line, 3, "{message}");
}

#[test]
fn what_does_not_hold_together_is_refused_with_the_first_problem() {
    let text = render(&payments());
    // A mitigation linked to a threat that is not there.
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut bad = doc.clone();
    bad["mitigations"][0]["threats"] = serde_json::json!([999]);
    let (_, _, message) = diagnostic(read(&bad.to_string()).expect_err("dangling link"));
    assert!(
        message.contains("does not hold together") && message.contains("999"),
        "{message}"
    );
    // A card marked with a threat but no threat id.
    let mut bad = doc.clone();
    bad["phases"]["dealt"][0]["threat"] = serde_json::Value::Null;
    let (_, _, message) = diagnostic(read(&bad.to_string()).expect_err("no threat id"));
    assert!(message.contains("phases.dealt[0]"), "{message}");
    // A reason on a mitigation that will be done.
    let mut bad = doc.clone();
    bad["mitigations"][0]["wont_do_reason"] = serde_json::json!("why not");
    let (_, _, message) = diagnostic(read(&bad.to_string()).expect_err("stray reason"));
    assert!(message.contains("mitigations[0]"), "{message}");
    // Problems are named by where they are in the JSON.
    for (path, value, says) in [
        (
            "/model/flows/1/ends/from",
            serde_json::json!(99),
            "model.flows[1].ends.from",
        ),
        (
            "/phases/steps/2/box_seconds",
            serde_json::json!(-5),
            "phases.steps[2].box_seconds",
        ),
        (
            "/parking_lot/excursions/0/ended_at",
            serde_json::json!("2026-11-30T08:00:00Z"),
            "parking_lot.excursions[0].ended_at",
        ),
        (
            "/threats/1/key_rank",
            serde_json::json!(7),
            "threats[1].key_rank",
        ),
        (
            "/approach/facilitator",
            serde_json::json!("Eve"),
            "approach.facilitator",
        ),
        (
            "/model/boundaries/0/id",
            serde_json::json!(0),
            "model.boundaries[0].id",
        ),
    ] {
        let mut bad = doc.clone();
        *bad.pointer_mut(path).expect(path) = value;
        let (_, _, message) = diagnostic(read(&bad.to_string()).expect_err(path));
        assert!(
            message.contains(&format!("not imported: {says}: ")),
            "{message}"
        );
    }
    // The current step past the last.
    let mut bad = doc;
    bad["phases"]["current_step"] = serde_json::json!(500);
    assert!(read(&bad.to_string()).is_err());
}

#[test]
fn every_example_record_validates_and_round_trips() {
    for name in [
        "example-payments.ron",
        "example-radar.ron",
        "example-checkout.ron",
        "example-checkout-v1.ron",
        "example-checkout-v4.ron",
        "example-checkout-v5.ron",
        "example-practice.ron",
        "example-story.ron",
    ] {
        let original = Store::load(&root(&format!("sessions/{name}"))).expect(name);
        let text = render(&original);
        assert_valid(&text);
        let back = read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(back.session == original, "{name} changed on the way");
    }
    // The radar example raised flags; they are in the export.
    let radar = Store::load(&root("sessions/example-radar.ron")).expect("radar example");
    let doc: serde_json::Value = serde_json::from_str(&render(&radar)).expect("JSON");
    assert!(!doc["radar"].as_array().expect("a list").is_empty());
    // Version 6: a practice run and a story, with their events.
    let practice = Store::load(&root("sessions/example-practice.ron")).expect("practice");
    let doc: serde_json::Value = serde_json::from_str(&render(&practice)).expect("JSON");
    assert_eq!(doc["practice"]["scenario"], "photo-sharing");
    let kinds = |doc: &serde_json::Value| -> Vec<String> {
        doc["timeline"]
            .as_array()
            .expect("a timeline")
            .iter()
            .filter_map(|e| e["kind"].as_str().map(str::to_owned))
            .collect()
    };
    let seen = kinds(&doc);
    assert!(seen.iter().any(|k| k == "hint_shown") && seen.iter().any(|k| k == "debriefed"));
    let story = Store::load(&root("sessions/example-story.ron")).expect("story");
    let doc: serde_json::Value = serde_json::from_str(&render(&story)).expect("JSON");
    assert!(
        doc.get("practice").is_none(),
        "a team's record has no practice"
    );
    let seen = kinds(&doc);
    assert!(seen.iter().any(|k| k == "story_started") && seen.iter().any(|k| k == "story_ended"));
}

#[test]
fn duplicate_keys_are_refused() {
    let text = render(&payments());
    let twice = text.replacen("\"title\":", "\"title\": \"Other\",\n  \"title\":", 1);
    let (line, _, message) = diagnostic(read(&twice).expect_err("two titles"));
    assert!(line >= 3, "{message}");
    assert!(message.contains("Duplicate field `title`"), "{message}");
}

/// The one thing the two lists cannot say: how elements and flows were
/// interleaved when that was not the order of their ids. tamer itself
/// always keeps the model in id order (a new id is past every earlier one,
/// and undo puts things back where they were), so this happens only to a
/// record edited by hand; each list keeps its own order even then.
#[test]
fn a_model_out_of_id_order_comes_back_in_id_order_with_each_list_in_its_own_order() {
    let mut original = payments();
    // Move the first flow (id 6) before the elements.
    let flow = original.model.remove(5);
    assert_eq!(flow.id, 6);
    original.model.insert(0, flow);
    assert_eq!(check::check(&original), []);
    let back = read(&render(&original)).expect("read").session;
    let ids = |s: &Session| s.model.iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(ids(&original), [6, 1, 2, 3, 4, 5, 7, 8, 9]);
    assert_eq!(ids(&back), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let mut sorted = original.clone();
    sorted.model.sort_by_key(|e| e.id);
    assert_eq!(back, sorted, "nothing else changed");
}
