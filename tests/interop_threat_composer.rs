//! Threat Composer v1: the export validates against the published schema
//! and keeps its shape (snapshot); the published example imports; a round
//! trip keeps what the format can hold; bad input ends in an error with a
//! place, never a panic.

mod support;

use support::payments;

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;
use tamer::export::threat_composer;
use tamer::import::{self, Imported, Options};
use tamer::session::{Decision, MitigationStatus, PhaseScript, Session};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn export(session: &Session) -> String {
    support::exported(threat_composer::render, session, now())
}

fn read(file: &str, text: &str) -> tamer::error::Result<Imported> {
    support::imported(tamer::import::threat_composer::read, file, text, now())
}

fn schema_errors(instance: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            root().join("tests/interop/threat-composer/threat-composer-v1.schema.json"),
        )
        .expect("the schema"),
    )
    .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn example() -> String {
    std::fs::read_to_string(root().join("tests/interop/threat-composer/GenAIChatbot.tc.json"))
        .expect("the example")
}

#[test]
fn the_payments_export_validates_against_the_schema() {
    let out = export(&payments());
    let value: Value = serde_json::from_str(&out).expect("JSON");
    let errors = schema_errors(&value);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does fail on a broken export.
    let mut broken = value.clone();
    broken["threats"][0]["status"] = Value::from("threatDone");
    assert!(!schema_errors(&broken).is_empty());
}

#[test]
fn the_payments_export_keeps_its_shape() {
    let out = export(&payments());
    insta::assert_snapshot!("payments_export", out);
}

#[test]
fn the_example_file_is_the_current_export() {
    let out = export(&payments());
    let path = root().join("sessions/exports/example-payments.tc.json");
    if std::env::var_os("TAMER_WRITE_EXAMPLES").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
        std::fs::write(&path, &out).expect("written");
    }
    let kept = std::fs::read_to_string(&path).expect(
        "sessions/exports/example-payments.tc.json; write it with \
         TAMER_WRITE_EXAMPLES=1 cargo test --test interop_threat_composer",
    );
    assert_eq!(kept, out, "regenerate with TAMER_WRITE_EXAMPLES=1");
}

#[test]
fn the_export_maps_stride_priority_status_and_links() {
    let s = payments();
    let v: Value = serde_json::from_str(&export(&s)).expect("JSON");
    let threats = v["threats"].as_array().expect("threats");
    assert_eq!(threats.len(), s.threats.len());
    let t1 = &threats[0];
    assert_eq!(t1["statement"], s.threats[0].title.as_str());
    assert_eq!(t1["numericId"], 1);
    let meta = |t: &Value, key: &str| {
        t["metadata"]
            .as_array()
            .and_then(|m| m.iter().find(|x| x["key"] == key))
            .map(|x| x["value"].clone())
    };
    assert_eq!(meta(t1, "STRIDE"), Some(serde_json::json!(["S"])));
    assert_eq!(meta(t1, "Priority"), Some(Value::from("High")));
    assert_eq!(t1["tags"], serde_json::json!(["Shopper browser"]));
    // Threat 3 is accepted: resolved, and the reason is in the comments.
    assert_eq!(threats[2]["status"], "threatResolved");
    let comments = meta(&threats[2], "Comments").expect("comments");
    assert!(
        comments
            .as_str()
            .expect("text")
            .contains("Decision: accept (Grace): The traffic never leaves the VPC"),
        "{comments}"
    );
    // Threat 4 has no category: no STRIDE letters; rated SHOULD: Medium.
    assert_eq!(meta(&threats[3], "STRIDE"), None);
    assert_eq!(meta(&threats[3], "Priority"), Some(Value::from("Medium")));
    // Mitigation 2 links to threat 1, mitigation 3 to threats 2 and 1.
    let links = v["mitigationLinks"].as_array().expect("links");
    let linked: usize = s.mitigations.iter().map(|m| m.threats.len()).sum();
    assert_eq!(links.len(), linked);
    let mitigations = v["mitigations"].as_array().expect("mitigations");
    assert_eq!(mitigations[1]["status"], "mitigationInProgress");
    assert_eq!(links[1]["mitigationId"], mitigations[1]["id"]);
    assert_eq!(links[1]["linkedId"], threats[0]["id"]);
    assert_eq!(mitigations[2]["tags"], serde_json::json!(["idea"]));
}

#[test]
fn the_published_example_imports() {
    // Through the format detection, as `tamer import` does.
    let script = PhaseScript::builtin();
    let options = Options {
        title: None,
        now: now(),
        script: &script,
    };
    let imported = import::import("GenAIChatbot.tc.json", &example(), &options).expect("imports");
    assert_eq!(imported.format, "threat-composer");
    let s = &imported.session;
    assert_eq!(s.title, "Sample Generative AI Chatbot Application");
    assert_eq!(s.threats.len(), 37);
    assert_eq!(s.mitigations.len(), 84);
    assert!(s.model.is_empty(), "Threat Composer has no model");
    assert!(s.approach.scope.contains("### Disclaimers"));
    let first = &s.threats[0];
    assert!(
        first
            .title
            .starts_with("An external threat actor can issue strategic queries to an LLM API"),
        "{}",
        first.title
    );
    assert_eq!(first.category.as_deref(), Some("information-disclosure"));
    assert!(
        first
            .description
            .contains("Priority (Threat Composer): Low")
    );
    assert!(
        first
            .description
            .contains("Tags: LLM10 Unbounded Consumption")
    );
    // Categories from the first STRIDE letter of each threat.
    let count = |c: &str| {
        s.threats
            .iter()
            .filter(|t| t.category.as_deref() == Some(c))
            .count()
    };
    assert_eq!(count("information-disclosure"), 13 + 4);
    assert_eq!(count("tampering"), 4 + 2 + 2 + 1);
    assert_eq!(count("elevation-of-privilege"), 5 + 3);
    assert_eq!(count("denial-of-service"), 3);
    assert_eq!(count("spoofing") + count("repudiation"), 0);
    // Every mitigation link in the file is between a mitigation and a
    // threat it holds: all 122 are kept.
    let links: usize = s.mitigations.iter().map(|m| m.threats.len()).sum();
    assert_eq!(links, 122);
    let m = s
        .mitigations
        .iter()
        .find(|m| m.title == "Implement system prompt protection")
        .expect("a mitigation by its content");
    assert_eq!(m.status, MitigationStatus::Planned);
    assert!(m.essential);
    assert!(m.description.starts_with("Protect system prompts"));
    // Assumptions, diagrams and extra STRIDE letters are listed.
    let unmapped = imported.unmapped.join("\n");
    assert!(
        unmapped.contains("13 assumptions and 95 links to them"),
        "{unmapped}"
    );
    assert!(unmapped.contains("the architecture diagram (an image)"));
    assert!(unmapped.contains("further STRIDE categories"));
    assert!(!unmapped.contains("not in the file"), "{unmapped}");
}

#[test]
fn a_round_trip_keeps_threats_mitigations_and_links() {
    let s = payments();
    let out = export(&s);
    let back = read("payments.tc.json", &out).expect("imports");
    let b = &back.session;
    assert_eq!(b.title, s.title);
    assert_eq!(b.threats.len(), s.threats.len());
    for (x, y) in s.threats.iter().zip(&b.threats) {
        assert_eq!(x.title, y.title);
        assert_eq!(x.category, y.category);
    }
    assert_eq!(b.mitigations.len(), s.mitigations.len());
    for (x, y) in s.mitigations.iter().zip(&b.mitigations) {
        assert_eq!(x.title, y.title);
        assert_eq!(x.essential, y.essential, "{}", x.title);
        assert_eq!(x.status, y.status, "{}", x.title);
        // What tamer's export writes in its own words comes back too.
        assert_eq!(x.description, y.description, "{}", x.title);
        assert_eq!(x.criteria, y.criteria, "{}", x.title);
        assert_eq!(x.owner, y.owner, "{}", x.title);
        assert_eq!(x.due, y.due, "{}", x.title);
        assert_eq!(x.reduces, y.reduces, "{}", x.title);
        assert_eq!(x.effort, y.effort, "{}", x.title);
        // Ids are given in order on both sides, so the links compare as
        // they are.
        assert_eq!(x.threats, y.threats, "{}", x.title);
    }
    assert!(
        b.approach
            .scope
            .contains("Card payments through the checkout page")
    );
    // Only the accepted threat's status says less than tamer knew.
    assert_eq!(back.unmapped.len(), 1, "{:?}", back.unmapped);
    assert!(back.unmapped[0].contains("resolved in Threat Composer"));
}

#[test]
fn statuses_map_where_the_format_says_enough() {
    let text = r#"{"schema": 1, "threats": [
        {"id": "t1", "numericId": 1, "statement": "One", "status": "threatResolvedNotUseful"},
        {"id": "t2", "numericId": 2, "statement": "Two", "status": "threatResolved"},
        {"id": "t3", "numericId": 3, "threatSource": "insider", "threatAction": "read the logs",
         "impactedAssets": ["card data"], "status": "threatIdentified"}
    ], "mitigations": [
        {"id": "m1", "numericId": 1, "content": "Stop", "status": "mitigationResolvedWillNotAction"},
        {"id": "m2", "numericId": 2, "content": "Go\nfast", "status": "mitigationResolved", "tags": ["idea"]}
    ], "mitigationLinks": []}"#;
    let imported = read("s.tc.json", text).expect("imports");
    let s = &imported.session;
    assert!(matches!(
        s.threats[0].decision,
        Some(Decision::NotAThreat { .. })
    ));
    assert_eq!(s.threats[1].decision, None);
    assert!(
        imported
            .unmapped
            .iter()
            .any(|u| u.contains("\"Two\": resolved in Threat Composer")),
        "{:?}",
        imported.unmapped
    );
    assert_eq!(
        s.threats[2].title,
        "An insider can read the logs, negatively impacting card data"
    );
    assert!(matches!(
        s.mitigations[0].status,
        MitigationStatus::WontDo { .. }
    ));
    assert_eq!(s.mitigations[1].title, "Go");
    assert_eq!(s.mitigations[1].description, "fast");
    assert_eq!(s.mitigations[1].status, MitigationStatus::Done);
    assert!(!s.mitigations[1].essential);
}

fn error(text: &str) -> String {
    match read("bad.tc.json", text) {
        Ok(_) => panic!("{text:.80} was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn truncated_json_is_an_error_with_its_place() {
    let out = export(&payments());
    let cut = &out[..out.len() / 2];
    let err = error(cut);
    let lines = cut.lines().count();
    assert!(
        err.starts_with(&format!("bad.tc.json:{lines}:")),
        "{err} (expected line {lines})"
    );
    assert!(err.contains("EOF") || err.contains("end"), "{err}");
}

#[test]
fn wrong_types_are_errors_with_their_place() {
    let err = error("{\"schema\": 1,\n  \"threats\": [{\"id\": \"a\", \"statement\": 5}]}");
    assert!(err.starts_with("bad.tc.json:2:"), "{err}");
    assert!(err.contains("expected a string"), "{err}");
    let err = error("{\"schema\": 1, \"threats\": {\"id\": \"a\"}}");
    assert!(err.starts_with("bad.tc.json:1:"), "{err}");
    let err = error("{\"schema\": 1, \"threats\": [\"a\"]}");
    assert!(err.contains("expected a threat object"), "{err}");
    let err = error("[1, 2]");
    assert!(
        err.starts_with("bad.tc.json:1:1: Expected a Threat Composer workspace"),
        "{err}"
    );
    let err = error("\n  5");
    assert!(err.starts_with("bad.tc.json:2:3: "), "{err}");
}

#[test]
fn duplicate_ids_are_an_error_at_the_second() {
    let text = "{\"schema\": 1, \"threats\": [\n{\"id\": \"same\", \"statement\": \"A\"},\n  {\"id\": \"same\", \"statement\": \"B\"}]}";
    let err = error(text);
    assert!(err.starts_with("bad.tc.json:3:10:"), "{err}");
    assert!(err.contains("\"same\""), "{err}");
}

#[test]
fn links_to_missing_ids_are_listed_not_fatal() {
    let text = r#"{"schema": 1,
      "threats": [{"id": "t1", "statement": "A"}],
      "mitigations": [{"id": "m1", "content": "Fix"}],
      "assumptions": [{"id": "a1", "content": "We trust the VPC"}],
      "mitigationLinks": [
        {"mitigationId": "m1", "linkedId": "t1"},
        {"mitigationId": "m1", "linkedId": "gone"},
        {"mitigationId": "m9", "linkedId": "t1"},
        {"mitigationId": "m1", "linkedId": "a1"}
      ]}"#;
    let imported = read("links.tc.json", text).expect("imports");
    assert_eq!(imported.session.mitigations[0].threats, [1]);
    let unmapped = imported.unmapped.join("\n");
    assert!(
        unmapped.contains("to \"gone\": the threat is not in the file"),
        "{unmapped}"
    );
    assert!(unmapped.contains("from mitigation \"m9\""), "{unmapped}");
    assert!(
        unmapped.contains("1 links from mitigations to assumptions"),
        "{unmapped}"
    );
    assert!(unmapped.contains("1 assumptions and 0 links"), "{unmapped}");
}

#[test]
fn control_characters_and_escape_sequences_are_cleaned() {
    let text = r#"{"schema": 1, "applicationInfo": {"name": "Shop\u001b[2J\u0007"},
      "threats": [{"id": "t1", "statement": "Steal\r\nthe \u009b31mcookie",
        "metadata": [{"key": "Comments", "value": "bad\u0000 text"}], "tags": ["x\u001b]0;title\u0007"]}],
      "mitigations": [{"id": "m1", "content": "Sign\u001b[31m it\nwell"}],
      "mitigationLinks": [{"mitigationId": "m1", "linkedId": "\u001b[1mnope"}]}"#;
    let imported = read("esc.tc.json", text).expect("imports");
    let s = &imported.session;
    assert_eq!(s.title, "Shop [2J");
    assert_eq!(s.threats[0].title, "Steal  the  31mcookie");
    assert_eq!(s.mitigations[0].title, "Sign [31m it");
    let everything = format!(
        "{} {} {} {:?}",
        s.threats[0].description, s.mitigations[0].description, s.approach.scope, imported.unmapped
    );
    let raw: String = [
        s.title.as_str(),
        &s.threats[0].title,
        &s.threats[0].description,
        &s.mitigations[0].title,
        &imported.unmapped.join(" "),
    ]
    .concat();
    assert!(
        !raw.chars().any(|c| c.is_control() && c != '\n'),
        "control characters left in {everything}"
    );
    // A raw control character inside a JSON string is not JSON.
    let err = error("{\"schema\": 1, \"threats\": [{\"id\": \"t\", \"statement\": \"a\u{1b}b\"}]}");
    assert!(err.starts_with("bad.tc.json:1:"), "{err}");
    assert!(!err.chars().any(|c| c.is_control()), "{err:?}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [200, 100_000] {
        let text = format!(
            "{{\"schema\": 1, \"brainstorm\": {{\"x\": {}{}}}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let err = error(&text);
        assert!(err.contains("Nested too deeply"), "{err}");
        assert!(err.starts_with("bad.tc.json:1:"), "{err}");
    }
}

#[test]
fn long_and_odd_text_still_exports_within_the_schema() {
    let mut s = payments();
    s.title = "P".repeat(600);
    s.approach.scope = "*bold* _x_ # head\n<script>|table|".repeat(10_000);
    s.model[0].name = format!("{}x", " ".repeat(30));
    s.model[1].name = "N".repeat(300);
    for t in &mut s.threats {
        t.title = "ü".repeat(2_000);
        t.description = "d".repeat(5_000);
    }
    for m in &mut s.mitigations {
        m.title = "m".repeat(900);
        m.description = "long ".repeat(1_000);
        m.owner = "o".repeat(2_000);
    }
    s.mitigations[0].status = MitigationStatus::WontDo {
        reason: "r".repeat(2_000),
    };
    s.threats[0].decision = Some(Decision::NotAThreat {
        reason: "n".repeat(2_000),
    });
    let out = export(&s);
    let value: Value = serde_json::from_str(&out).expect("JSON");
    let errors = schema_errors(&value);
    assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(5)]);
    assert_eq!(value["threats"][0]["status"], "threatResolvedNotUseful");
    assert_eq!(
        value["mitigations"][0]["status"],
        "mitigationResolvedWillNotAction"
    );
    // A name that is blank within a tag's 30 characters gives no tag.
    assert!(value["threats"][0].get("tags").is_none());
    let back = read("long.tc.json", &out).expect("imports");
    assert_eq!(back.session.threats[0].title, "ü".repeat(500));
    assert!(matches!(
        back.session.threats[0].decision,
        Some(Decision::NotAThreat { .. })
    ));
    assert_eq!(
        back.session.mitigations[0].status,
        MitigationStatus::WontDo {
            reason: "r".repeat(500)
        }
    );
}

#[test]
fn an_empty_session_and_the_imported_example_export_within_the_schema() {
    let script = PhaseScript::builtin();
    let empty = Session::new("Nothing yet", 90, Vec::new(), &script, now());
    let value: Value = serde_json::from_str(&export(&empty)).expect("JSON");
    let errors = schema_errors(&value);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(value["threats"], serde_json::json!([]));

    let imported = read("GenAIChatbot.tc.json", &example()).expect("imports");
    let value: Value = serde_json::from_str(&export(&imported.session)).expect("JSON");
    let errors = schema_errors(&value);
    assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(5)]);
    assert_eq!(value["threats"].as_array().map(Vec::len), Some(37));
    assert_eq!(value["mitigationLinks"].as_array().map(Vec::len), Some(122));
}
