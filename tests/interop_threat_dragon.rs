//! Threat Dragon v2: the export validates against Threat Dragon's schema,
//! is laid out without overlaps and matches its snapshot and the example
//! file; the import reads Threat Dragon's own example element by element,
//! keeps what a round trip can hold, and refuses bad input with a
//! position.

mod support;

use support::payments;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tamer::deck::ElementKind;
use tamer::export::threat_dragon;
use tamer::import::{Imported, Options, threat_dragon as td_import};
use tamer::session::{Decision, MitigationStatus, PhaseScript, Session};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .expect("a time")
}

fn export(session: &Session) -> String {
    support::exported(threat_dragon::render, session, now())
}

fn import(file: &str, text: &str) -> tamer::error::Result<Imported> {
    support::imported(td_import::read, file, text, now())
}

fn interop(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(ROOT)
            .join("tests/interop/threat-dragon")
            .join(path),
    )
    .expect("the interop file")
}

fn cells(model: &Value) -> &Vec<Value> {
    model["detail"]["diagrams"][0]["cells"]
        .as_array()
        .expect("cells")
}

#[test]
fn the_payments_export_validates_against_the_schema() {
    let text = export(&payments());
    let model: Value = serde_json::from_str(&text).expect("JSON");
    let schema: Value =
        serde_json::from_str(&interop("threat-dragon-v2.schema.json")).expect("the schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&model)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema describes threats on the cell while Threat Dragon reads
    // them from `data.threats`, where they are written; a copy with them
    // also on the cell shows they have the schema's threat shape.
    let mut both = model.clone();
    let mut threats = 0;
    for c in both["detail"]["diagrams"][0]["cells"]
        .as_array_mut()
        .expect("cells")
    {
        if let Some(list) = c["data"].get("threats").cloned() {
            threats += list.as_array().map_or(0, Vec::len);
            c["threats"] = list;
        }
    }
    assert_eq!(threats, 3, "the threats on elements and flows");
    let errors: Vec<String> = validator
        .iter_errors(&both)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The check can fail: a threat without severity, a cell without
    // hasOpenThreats.
    let mut broken = both.clone();
    if let Some(t) = broken["detail"]["diagrams"][0]["cells"]
        .as_array_mut()
        .and_then(|c| c.iter_mut().find(|c| c["shape"] == "actor"))
        .and_then(|c| c["threats"][0].as_object_mut())
    {
        t.remove("severity");
    }
    assert!(
        !validator.is_valid(&broken),
        "a threat without severity fails"
    );
    let mut broken = model.clone();
    if let Some(d) = broken["detail"]["diagrams"][0]["cells"][0]["data"].as_object_mut() {
        d.remove("hasOpenThreats");
    }
    assert!(
        !validator.is_valid(&broken),
        "a cell without hasOpenThreats fails"
    );
}

#[test]
fn the_payments_export_is_deterministic_and_snapshotted() {
    let text = export(&payments());
    assert_eq!(text, export(&payments()));
    insta::assert_snapshot!("payments_td_json", text);
}

#[test]
fn the_example_file_is_the_current_export() {
    let text = export(&payments());
    let path = Path::new(ROOT).join("sessions/exports/example-payments.td.json");
    if std::env::var_os("TAMER_WRITE_EXAMPLES").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
        std::fs::write(&path, &text).expect("written");
    }
    let kept = std::fs::read_to_string(&path).expect(
        "sessions/exports/example-payments.td.json; write it with TAMER_WRITE_EXAMPLES=1 cargo test --test interop_threat_dragon",
    );
    assert_eq!(kept, text, "regenerate with TAMER_WRITE_EXAMPLES=1");
}

type Rect = (f64, f64, f64, f64);

fn rect(c: &Value) -> Rect {
    let n = |v: &Value| v.as_f64().expect("a number");
    (
        n(&c["position"]["x"]),
        n(&c["position"]["y"]),
        n(&c["size"]["width"]),
        n(&c["size"]["height"]),
    )
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

fn within(e: Rect, b: Rect) -> bool {
    e.0 >= b.0 && e.1 >= b.1 && e.0 + e.2 <= b.0 + b.2 && e.1 + e.3 <= b.1 + b.3
}

/// Every element rectangle apart from the others, inside its boundary's
/// box and outside every other box; boxes apart from each other.
fn assert_laid_out(session: &Session, model: &Value) {
    let cells = cells(model);
    let by_id = |id: String| {
        cells
            .iter()
            .find(|c| c["id"] == id.as_str())
            .unwrap_or_else(|| panic!("cell {id}"))
    };
    let elements: Vec<_> = session.model.iter().filter(|e| !e.is_flow()).collect();
    let boxes: Vec<(u32, Rect)> = session
        .boundaries
        .iter()
        .map(|b| (b.id, rect(by_id(threat_dragon::cell_id(2, b.id)))))
        .collect();
    for (i, (_, a)) in boxes.iter().enumerate() {
        for (_, b) in &boxes[i + 1..] {
            assert!(!overlap(*a, *b), "boxes {a:?} and {b:?} overlap");
        }
    }
    let rects: Vec<Rect> = elements
        .iter()
        .map(|e| rect(by_id(threat_dragon::cell_id(1, e.id))))
        .collect();
    for (i, a) in rects.iter().enumerate() {
        for (j, b) in rects.iter().enumerate().skip(i + 1) {
            assert!(
                !overlap(*a, *b),
                "{} and {} overlap: {a:?} {b:?}",
                elements[i].name,
                elements[j].name
            );
        }
        for (b, r) in &boxes {
            if elements[i].boundary == Some(*b) {
                assert!(within(*a, *r), "{} outside its box", elements[i].name);
            } else {
                assert!(!overlap(*a, *r), "{} inside box {b}", elements[i].name);
            }
        }
    }
}

#[test]
fn the_layout_has_no_overlaps_and_boxes_hold_their_elements() {
    let session = payments();
    let model: Value = serde_json::from_str(&export(&session)).expect("JSON");
    assert_laid_out(&session, &model);

    // A bigger model: many boundaries (rows of boxes), many elements in
    // one, an empty one, and elements in none.
    let script = PhaseScript::builtin();
    let mut big = Session::new("Big", 60, Vec::new(), &script, now());
    for b in 1..=7u32 {
        big.boundaries.push(tamer::session::Boundary {
            id: b,
            name: format!("Zone {b}"),
            description: String::new(),
        });
    }
    let kinds = [
        ElementKind::ExternalEntity,
        ElementKind::Process,
        ElementKind::DataStore,
    ];
    for i in 0..40u32 {
        let id = big
            .add_element(kinds[(i % 3) as usize], &format!("E{i}"), false, now())
            .expect("added");
        let boundary = match i % 5 {
            0 => None,
            1 | 2 => Some(1),
            n => Some(n + 2),
        };
        if let Some(e) = big.model.iter_mut().find(|e| e.id == id) {
            e.boundary = boundary;
        }
    }
    let model: Value = serde_json::from_str(&export(&big)).expect("JSON");
    assert_laid_out(&big, &model);
}

#[test]
fn threats_carry_type_status_severity_and_mitigations() {
    let session = payments();
    let model: Value = serde_json::from_str(&export(&session)).expect("JSON");
    let cell = |id: u32| {
        cells(&model)
            .iter()
            .find(|c| c["id"] == threat_dragon::cell_id(1, id).as_str())
            .expect("the cell")
            .clone()
    };
    let browser = cell(1);
    assert_eq!(browser["shape"], "actor");
    let t1 = &browser["data"]["threats"][0];
    assert_eq!(t1["title"], session.threats[0].title.as_str());
    assert_eq!(t1["type"], "Spoofing");
    assert_eq!(t1["severity"], "High");
    // M2 (essential) is in progress, not done: still open.
    assert_eq!(t1["status"], "Open");
    assert_eq!(browser["data"]["hasOpenThreats"], true);
    let mitigation = t1["mitigation"].as_str().expect("text");
    assert!(
        mitigation.starts_with(
            "M2 (essential, in progress): Bind the session cookie to the device and expire it after 30 minutes\nDone when: A cookie replayed from another device is refused\nPlan: owner Linus; due 2026-12-08; effort S; reduces likelihood\n\nM3 (idea, planned): Alert on charges"
        ),
        "{mitigation}"
    );
    assert_eq!(cell(2)["shape"], "process");
    assert_eq!(cell(3)["shape"], "store");
    assert_eq!(cell(3)["data"]["isALog"], true);
    let refund = cell(9);
    assert_eq!(refund["shape"], "flow");
    assert_eq!(
        refund["source"]["cell"],
        threat_dragon::cell_id(1, 5).as_str()
    );
    assert_eq!(
        refund["target"]["cell"],
        threat_dragon::cell_id(1, 2).as_str()
    );
    let t3 = &refund["data"]["threats"][0];
    assert_eq!(t3["type"], "Tampering");
    assert_eq!(t3["severity"], "Medium", "overridden to SHOULD");
    assert_eq!(t3["status"], "Open", "accepted stays open");
    assert!(
        t3["description"]
            .as_str()
            .is_some_and(|d| d.contains("Decision: accepted by Grace")),
        "{t3}"
    );
    // Done essential mitigations make a threat mitigated; "not a threat"
    // is not applicable; unrated is TBD.
    let mut s = session.clone();
    s.mitigations[1].status = MitigationStatus::Done;
    s.threats[2].decision = Some(Decision::NotAThreat {
        reason: "inside".into(),
    });
    s.threats[2].rating = None;
    let m: Value = serde_json::from_str(&export(&s)).expect("JSON");
    let find = |id: u32| {
        cells(&m)
            .iter()
            .find(|c| c["id"] == threat_dragon::cell_id(1, id).as_str())
            .expect("cell")["data"]["threats"][0]
            .clone()
    };
    assert_eq!(find(1)["status"], "Mitigated");
    assert_eq!(find(9)["status"], "NotApplicable");
    assert_eq!(find(9)["severity"], "TBD");
    assert_eq!(
        find(9)["mitigation"],
        "inside",
        "the reason, where Threat Dragon asks for it"
    );
    let back = import("n.td.json", &export(&s)).expect("imports");
    let refund = back
        .session
        .threats
        .iter()
        .find(|t| t.title.starts_with("Refund sent"))
        .expect("the refund threat");
    assert_eq!(
        refund.decision,
        Some(Decision::NotAThreat {
            reason: "inside".into()
        })
    );
    let tamed = back
        .session
        .threats
        .iter()
        .find(|t| t.title.starts_with("Forged session"))
        .expect("threat 1");
    assert_eq!(tamed.decision, Some(Decision::Mitigate), "mitigated");
    // The threat on no element is listed in a text block.
    let text = cells(&model)
        .iter()
        .find(|c| c["shape"] == "td-text-block")
        .expect("a text block");
    assert!(
        text["data"]["name"]
            .as_str()
            .is_some_and(|t| t.contains("T4: Who rotates the processor API key?"))
    );
}

#[test]
fn threat_dragons_example_imports_element_by_element() {
    let imported = import("v2-threat-model.json", &interop("v2-threat-model.json"))
        .expect("the example imports");
    let s = &imported.session;
    assert_eq!(imported.format, "threat-dragon");
    assert_eq!(s.title, "Demo Threat Model");
    assert_eq!(
        s.approach.scope,
        "A sample model of a web application, with a queue-decoupled background process."
    );
    assert_eq!(
        s.participants,
        ["Mike Goodwin", "Tom Brown", "Albert Moneypenny"]
    );
    let nodes: Vec<(ElementKind, &str, bool)> = s
        .model
        .iter()
        .filter(|e| !e.is_flow())
        .map(|e| (e.kind, e.name.as_str(), e.holds_logs))
        .collect();
    use ElementKind::*;
    assert_eq!(
        nodes,
        [
            (DataStore, "Worker Config", false),
            (DataStore, "Database", true),
            (DataStore, "Web Application Config", false),
            (DataStore, "Message Queue", false),
            (Process, "Background Worker Process", false),
            (Process, "Web Application", false),
            (ExternalEntity, "Browser", false),
        ]
    );
    assert!(s.boundaries.is_empty(), "the example has curves only");
    let name = |id: u32| {
        s.model
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.as_str())
            .expect("an element")
    };
    let flows: Vec<(&str, &str, &str, &str, bool)> = s
        .model
        .iter()
        .filter_map(|e| {
            let f = e.flow.as_ref()?;
            Some((
                e.name.as_str(),
                name(f.from),
                name(f.to),
                f.protocol.as_str(),
                f.encrypted,
            ))
        })
        .collect();
    assert_eq!(
        flows,
        [
            ("Web Request", "Browser", "Web Application", "HTTP/S", true),
            ("Put Message", "Web Application", "Message Queue", "", false),
            (
                "Message",
                "Message Queue",
                "Background Worker Process",
                "",
                false
            ),
            (
                "Worker Query Results",
                "Database",
                "Background Worker Process",
                "",
                false
            ),
            ("Web Response", "Web Application", "Browser", "HTTP/S", true),
            (
                "Read web app config",
                "Web Application Config",
                "Web Application",
                "",
                false
            ),
            (
                "Read worker config",
                "Worker Config",
                "Background Worker Process",
                "",
                false
            ),
            ("Queries", "Web Application", "Database", "", true),
            (
                "Web App Query Results",
                "Database",
                "Web Application",
                "",
                true
            ),
            (
                "Worker Queries",
                "Background Worker Process",
                "Database",
                "",
                false
            ),
        ]
    );
    let threats: Vec<(&str, Option<&str>, &str, bool)> = s
        .threats
        .iter()
        .map(|t| {
            (
                t.title.as_str(),
                t.category.as_deref(),
                name(t.element.expect("on an element")),
                t.decision == Some(Decision::Mitigate),
            )
        })
        .collect();
    assert_eq!(
        threats,
        [
            (
                "Accessing DB credentials",
                Some("information-disclosure"),
                "Worker Config",
                false
            ),
            (
                "Unauthorised access",
                Some("information-disclosure"),
                "Database",
                true
            ),
            (
                "Credential theft",
                Some("information-disclosure"),
                "Database",
                false
            ),
            (
                "Credentials should be encrypted",
                Some("information-disclosure"),
                "Web Application Config",
                false
            ),
            (
                "Message secrecy",
                Some("information-disclosure"),
                "Message Queue",
                false
            ),
            (
                "Message tampering",
                Some("tampering"),
                "Message Queue",
                false
            ),
            (
                "Fake messages could be placed on the queue",
                Some("spoofing"),
                "Message Queue",
                true
            ),
            (
                "Poison messages 1",
                Some("denial-of-service"),
                "Background Worker Process",
                false
            ),
            (
                "Poison messages 2",
                Some("denial-of-service"),
                "Background Worker Process",
                false
            ),
            (
                "Data flow should use HTTP/S",
                Some("information-disclosure"),
                "Web Request",
                true
            ),
            (
                "Data flow should use HTTP/S",
                Some("information-disclosure"),
                "Put Message",
                false
            ),
            (
                "Data flow should use HTTP/S",
                Some("information-disclosure"),
                "Message",
                false
            ),
            (
                "Man in the middle attack",
                Some("information-disclosure"),
                "Worker Query Results",
                false
            ),
            (
                "Data flow should use HTTP/S",
                Some("information-disclosure"),
                "Web Response",
                true
            ),
        ]
    );
    assert!(s.threats.iter().all(|t| t.rating.is_none()));
    assert!(
        s.threats[0]
            .description
            .ends_with("\n\nThreat Dragon severity: High"),
        "{}",
        s.threats[0].description
    );
    // One mitigation per distinct text; the HTTP/S one tames four threats,
    // essential and done because two of them are mitigated.
    assert_eq!(s.mitigations.len(), 11);
    let https = s
        .mitigations
        .iter()
        .find(|m| m.title.starts_with("The requests should require HTTP/S."))
        .expect("the HTTP/S mitigation");
    assert_eq!(https.threats, [10, 11, 12, 14]);
    assert!(https.essential);
    let first = &s.mitigations[0];
    assert_eq!(
        first.title,
        "Encrypt the DB credentials in the configuration file."
    );
    assert!(!first.essential);
    assert_eq!(first.status, MitigationStatus::Planned);
    assert_eq!(first.threats, [1]);
    assert_eq!(
        imported.unmapped,
        [
            "the reviewer (Jane Smith)",
            "14 threats' severity: not a likelihood and an impact, so kept in their descriptions and left unrated",
            "3 trust boundary lines (curves): place their elements in boundaries by hand",
            "element properties tamer does not keep: isPublicNetwork, outOfScope, storesCredentials",
            "positions, sizes and styles of the diagram's cells",
        ]
    );
}

#[test]
fn a_round_trip_keeps_what_the_format_holds() {
    let session = payments();
    let text = export(&session);
    // Recognised as Threat Dragon from its content.
    let script = PhaseScript::builtin();
    let options = Options {
        title: None,
        now: now(),
        script: &script,
    };
    let back =
        tamer::import::import("payments.td.json", &text, &options).expect("tamer's export imports");
    assert_eq!(back.format, "threat-dragon");
    let s = &back.session;
    assert_eq!(s.title, session.title);
    assert_eq!(s.approach.scope, session.approach.scope);
    assert_eq!(s.participants, session.participants);
    assert_eq!(s.boundaries.len(), session.boundaries.len());
    for (a, b) in session.boundaries.iter().zip(&s.boundaries) {
        assert_eq!((&a.name, &a.description), (&b.name, &b.description));
    }
    // Elements keep kind, name, description, boundary (by name) and flags;
    // flows their ends (by name) and channel.
    let boundary = |s: &Session, id: Option<u32>| {
        id.and_then(|id| s.boundaries.iter().find(|b| b.id == id))
            .map(|b| b.name.clone())
    };
    let name = |s: &Session, id: u32| {
        s.model
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.clone())
            .expect("an element")
    };
    let describe = |s: &Session| {
        let mut out: Vec<String> = s
            .model
            .iter()
            .map(|e| {
                let ends = e.flow.as_ref().map(|f| {
                    (
                        name(s, f.from),
                        name(s, f.to),
                        f.carries.clone(),
                        f.protocol.clone(),
                        f.authenticated,
                        f.encrypted,
                    )
                });
                format!(
                    "{:?} {} {:?} {} {:?} {:?}",
                    e.kind,
                    e.name,
                    e.description,
                    e.holds_logs,
                    boundary(s, e.boundary),
                    ends
                )
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(describe(s), describe(&session));
    // Every threat on an element keeps title, category and element; the one
    // on no element cannot be held.
    let threats = |s: &Session| {
        let mut out: Vec<(String, Option<String>, String)> = s
            .threats
            .iter()
            .filter_map(|t| Some((t.title.clone(), t.category.clone(), name(s, t.element?))))
            .collect();
        out.sort();
        out
    };
    assert_eq!(threats(s), threats(&session));
    assert_eq!(s.threats.len(), session.threats.len() - 1);
    // Mitigations of held threats keep title, essential, status, criteria
    // and which threats (by title) they tame.
    let mitigations = |s: &Session| {
        let title = |id: u32| {
            s.threats
                .iter()
                .find(|t| t.id == id)
                .map(|t| t.title.clone())
                .expect("a threat")
        };
        let mut out: Vec<String> = s
            .mitigations
            .iter()
            .filter(|m| {
                m.threats
                    .iter()
                    .any(|t| s.threats.iter().any(|x| x.id == *t && x.element.is_some()))
            })
            .map(|m| {
                let mut tamed: Vec<String> = m.threats.iter().map(|t| title(*t)).collect();
                tamed.sort();
                format!(
                    "{} {} {:?} {} {:?} {} {:?} {:?} {:?} {:?}",
                    m.title,
                    m.essential,
                    m.status,
                    m.criteria,
                    m.description,
                    m.owner,
                    m.due,
                    m.effort,
                    m.reduces,
                    tamed
                )
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(mitigations(s), mitigations(&session));
    assert_eq!(
        s.mitigations.len(),
        3,
        "M4 tames only the threat on no element"
    );
    // Decisions: the accepted threat keeps its decision in its description.
    let refund = s
        .threats
        .iter()
        .find(|t| t.title.starts_with("Refund sent"))
        .expect("the refund threat");
    assert!(refund.description.contains("Decision: accepted by Grace"));
    assert!(
        back.unmapped.iter().any(|u| u == "1 text blocks"),
        "{:?}",
        back.unmapped
    );
}

fn err(text: &str) -> String {
    match import("bad.td.json", text) {
        Ok(_) => panic!("imported: {text:.200}"),
        Err(e) => e.to_string(),
    }
}

const SMALL: &str = r#"{
  "version": "2.3.0",
  "summary": { "title": "Small" },
  "detail": { "contributors": [], "diagramTop": 1, "reviewer": "", "threatTop": 0,
    "diagrams": [ { "id": 0, "title": "d", "diagramType": "STRIDE", "version": "2.3.0", "thumbnail": "",
      "cells": [
        { "id": "a", "shape": "actor", "zIndex": 1, "data": { "name": "User", "type": "tm.Actor" } },
        { "id": "p", "shape": "process", "zIndex": 2, "data": { "name": "App", "type": "tm.Process" } },
        { "id": "f", "shape": "flow", "zIndex": 3, "source": { "cell": "a" }, "target": { "cell": "p" },
          "data": { "name": "Login", "type": "tm.Flow" } }
      ] } ] } }"#;

#[test]
fn bad_input_is_refused_with_a_position() {
    // The small model itself imports.
    let ok = import("small.td.json", SMALL).expect("imports");
    assert_eq!(ok.session.model.len(), 3);

    let truncated = &SMALL[..SMALL.len() / 2];
    let e = err(truncated);
    assert!(e.starts_with("bad.td.json:7:"), "{e}");
    assert!(e.contains("EOF"), "{e}");

    let e = err(&SMALL.replace(r#""cells": ["#, r#""cells": 3, "x": ["#));
    assert!(e.starts_with("bad.td.json:6:7:"), "{e}");
    assert!(e.contains("cells in a diagram should be a list"), "{e}");

    let e = err(&SMALL.replace(r#""name": "App""#, r#""name": 7"#));
    assert!(e.starts_with("bad.td.json:8:17:"), "{e}");
    assert!(e.contains("name should be text"), "{e}");

    let e = err(&SMALL.replace(r#""id": "p""#, r#""id": "a""#));
    assert!(e.starts_with("bad.td.json:8:"), "{e}");
    assert!(e.contains("two cells have the id \"a\""), "{e}");

    let e = err(&SMALL.replace(
        r#""threatTop": 0,"#,
        r#""threatTop": 0, "contributors": 5,"#,
    ));
    assert!(
        e.contains("duplicate field") || e.contains("contributors"),
        "{e}"
    );

    // An edge to a missing cell is left out and listed, not guessed.
    let dangling = import(
        "d.td.json",
        &SMALL.replace(
            r#""target": { "cell": "p" }"#,
            r#""target": { "cell": "nope" }"#,
        ),
    )
    .expect("imports without the flow");
    assert_eq!(dangling.session.model.len(), 2);
    assert!(
        dangling
            .unmapped
            .iter()
            .any(|u| u == "data flow \"Login\": an end is not an element of the model"),
        "{:?}",
        dangling.unmapped
    );
}

#[test]
fn threat_dragons_placeholder_texts_are_not_kept() {
    let text = SMALL.replace(
        r#""data": { "name": "App", "type": "tm.Process" }"#,
        r#""data": { "name": "App", "type": "tm.Process", "threats": [
            { "title": "New STRIDE threat", "type": "Spoofing", "status": "Open", "severity": "TBD",
              "description": "Provide a description for this threat",
              "mitigation": "Provide remediation for this threat or a reason if status is N/A" },
            { "title": "Not here", "type": "Spoofing", "status": "NotApplicable", "severity": "Low",
              "description": "", "mitigation": "Only staff reach it" } ] }"#,
    );
    let s = import("p.td.json", &text).expect("imports").session;
    assert_eq!(s.threats[0].description, "");
    assert!(s.mitigations.is_empty(), "{:?}", s.mitigations);
    assert_eq!(
        s.threats[1].decision,
        Some(Decision::NotAThreat {
            reason: "Only staff reach it".into()
        })
    );
    assert_eq!(s.threats[1].description, "Threat Dragon severity: Low");
}

#[test]
fn control_characters_and_escapes_in_names_are_cleaned() {
    let hostile = SMALL
        .replace(
            r#""name": "User""#,
            r#""name": "Us\u001b[2Jer\u0007\nname""#,
        )
        .replace(r#""title": "Small""#, "\"title\": \"Sm\\u0000all\\r\"");
    let s = import("h.td.json", &hostile).expect("imports").session;
    assert_eq!(s.model[0].name, "Us [2Jer  name");
    assert_eq!(s.title, "Sm all");
    assert!(
        s.model
            .iter()
            .all(|e| !e.name.chars().any(char::is_control))
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let text = format!(
        "{{\"detail\": {{\"diagrams\": {}{}}}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let e = err(&text);
    assert!(e.starts_with("bad.td.json:1:"), "{e}");
    assert!(e.contains("recursion limit"), "{e}");
}

#[test]
fn boxes_give_boundaries_by_containment_and_the_smallest_box_wins() {
    let text = r#"{
  "version": "2.3.0",
  "summary": { "title": "Boxes" },
  "detail": { "contributors": [], "diagrams": [
    { "id": 0, "cells": [
      { "id": "outer", "shape": "trust-boundary-box", "position": { "x": 0, "y": 0 }, "size": { "width": 1000, "height": 1000 },
        "data": { "type": "tm.BoundaryBox", "name": "Cloud", "description": "All of it" } },
      { "id": "inner", "shape": "trust-boundary-box", "position": { "x": 100, "y": 100 }, "size": { "width": 300, "height": 300 },
        "attrs": { "label": { "text": "VPC" } }, "data": { "type": "tm.BoundaryBox" } },
      { "id": "db", "shape": "store", "position": { "x": 150, "y": 150 }, "size": { "width": 160, "height": 80 },
        "data": { "type": "tm.Store", "name": "DB", "isALog": true } },
      { "id": "app", "shape": "process", "position": { "x": 500, "y": 500 }, "size": { "width": 100, "height": 100 },
        "data": { "type": "tm.Process", "name": "App" } },
      { "id": "half", "shape": "actor", "position": { "x": 350, "y": 150 }, "size": { "width": 160, "height": 80 },
        "data": { "type": "tm.Actor", "name": "Half in" } },
      { "id": "out", "shape": "actor", "position": { "x": 2000, "y": 0 }, "size": { "width": 160, "height": 80 },
        "data": { "type": "tm.Actor", "name": "Outside" } },
      { "id": "line", "shape": "trust-boundary-curve", "source": { "x": 1, "y": 2 }, "target": { "x": 3, "y": 4 },
        "data": { "type": "tm.Boundary", "name": "" } },
      { "id": "loose", "shape": "flow", "source": { "x": 1, "y": 2 }, "target": { "cell": "db" },
        "data": { "type": "tm.Flow", "name": "Dangling",
          "threats": [ { "title": "On a dropped flow", "type": "Tampering", "status": "NotApplicable", "severity": "TBD", "mitigation": "" } ] } }
    ] },
    { "id": 1, "cells": [ { "id": "second", "shape": "process", "data": { "type": "tm.Process", "name": "Second" } } ] }
  ] } }"#;
    let imported = import("boxes.td.json", text).expect("imports");
    let s = &imported.session;
    let names: Vec<&str> = s.boundaries.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Cloud", "VPC"]);
    assert_eq!(s.boundaries[0].description, "All of it");
    let zone = |name: &str| {
        let e = s.model.iter().find(|e| e.name == name).expect(name);
        e.boundary
            .and_then(|b| s.boundaries.iter().find(|x| x.id == b))
            .map(|b| b.name.as_str())
    };
    assert_eq!(zone("DB"), Some("VPC"), "the smallest box holding it");
    assert_eq!(zone("App"), Some("Cloud"));
    assert_eq!(zone("Half in"), Some("Cloud"), "not wholly inside VPC");
    assert_eq!(zone("Outside"), None);
    assert_eq!(zone("Second"), None, "no position");
    assert!(s.model.iter().any(|e| e.name == "DB" && e.holds_logs));
    assert!(
        s.model.iter().all(|e| !e.is_flow()),
        "the dangling flow is left out"
    );
    // Its threat is kept, on no element, decided "not a threat".
    assert_eq!(s.threats.len(), 1);
    assert_eq!(s.threats[0].element, None);
    assert_eq!(s.threats[0].category.as_deref(), Some("tampering"));
    assert!(matches!(
        s.threats[0].decision,
        Some(Decision::NotAThreat { .. })
    ));
    assert_eq!(
        imported.unmapped,
        [
            "2 diagrams, merged into one model",
            "data flow \"Dangling\": an end is not an element of the model",
            "1 trust boundary lines (curves): place their elements in boundaries by hand",
            "positions, sizes and styles of the diagram's cells",
        ]
    );
}
