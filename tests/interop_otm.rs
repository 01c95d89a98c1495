//! Open Threat Model 0.2.0: tamer's export validates against the OTM
//! schema and is pinned by a snapshot and the example file; the OTM
//! project's own examples (JSON and YAML) import element by element; a
//! session survives export and import; bad and hostile files end in
//! errors with a position, never a panic.

mod support;

use support::payments;

use std::path::Path;

use tamer::clock::{Clock, FixedClock};
use tamer::deck::ElementKind;
use tamer::export::otm as export_otm;
use tamer::import::{Imported, otm};
use tamer::session::{MitigationStatus, Session};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn export(session: &Session) -> String {
    support::exported(
        export_otm::render,
        session,
        FixedClock::workshop_morning().now(),
    )
}

fn import(file: &str, text: &str) -> tamer::error::Result<Imported> {
    support::imported(otm::read, file, text, FixedClock::workshop_morning().now())
}

fn example(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/interop/otm").join(name)).expect("the OTM example")
}

fn schema_errors(text: &str) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(&example("otm_schema.json")).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let instance: serde_json::Value = serde_json::from_str(text).expect("the export is JSON");
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {}", e.instance_path(), e))
        .collect()
}

#[test]
fn the_export_of_the_payments_example_validates_against_the_otm_schema() {
    let text = export(&payments());
    let errors = schema_errors(&text);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does catch a broken export.
    let broken = text.replacen("\"trustRating\": 50", "\"trustRating\": \"high\"", 1);
    assert_ne!(broken, text);
    assert!(!schema_errors(&broken).is_empty());
}

#[test]
fn the_export_of_the_payments_example_is_pinned() {
    let text = export(&payments());
    assert_eq!(text, export(&payments()), "deterministic");
    insta::assert_snapshot!(text);
}

#[test]
fn the_example_export_file_is_the_current_export() {
    let path = root().join("sessions/exports/example-payments.otm.json");
    let text = export(&payments());
    if std::env::var_os("TAMER_WRITE_EXAMPLES").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
        std::fs::write(&path, &text).expect("written");
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == text,
        "{} is not the current export; regenerate it with TAMER_WRITE_EXAMPLES=1 cargo test --test interop_otm",
        path.display()
    );
}

#[test]
fn the_json_example_imports_element_by_element() {
    let imported = import("EXAMPLE.json", &example("EXAMPLE.json")).expect("imports");
    assert_eq!(imported.format, "otm");
    let s = &imported.session;
    assert_eq!(s.title, "Test project");
    assert_eq!(
        s.approach.scope,
        "This is a test project for the OTM development"
    );

    let boundaries: Vec<(u32, &str)> = s
        .boundaries
        .iter()
        .map(|b| (b.id, b.name.as_str()))
        .collect();
    assert_eq!(boundaries, [(1, "Internet"), (2, "Private")]);
    assert_eq!(
        s.boundaries[0].description,
        "This is the internet trust zone"
    );

    let elements: Vec<(u32, &str, ElementKind, Option<u32>)> = s
        .model
        .iter()
        .filter(|e| !e.is_flow())
        .map(|e| (e.id, e.name.as_str(), e.kind, e.boundary))
        .collect();
    assert_eq!(
        elements,
        [
            (1, "Web Client", ElementKind::ExternalEntity, Some(1)),
            (2, "Web Service", ElementKind::Process, Some(2)),
            (3, "Customer Database", ElementKind::DataStore, Some(2)),
            (4, "Class CustomerDatabase", ElementKind::Process, Some(2)),
        ]
    );
    assert_eq!(s.model[1].description, "Runs our web application");

    let flows: Vec<(u32, &str, u32, u32)> = s
        .model
        .iter()
        .filter_map(|e| {
            e.flow
                .as_ref()
                .map(|f| (e.id, e.name.as_str(), f.from, f.to))
        })
        .collect();
    assert_eq!(
        flows,
        [
            (5, "Dataflow between webclient and webservice.", 1, 2),
            (6, "Dataflow between webservice and mongo.", 2, 3),
        ]
    );

    assert_eq!(s.threats.len(), 1);
    let t = &s.threats[0];
    assert_eq!(t.title, "Threat 1");
    assert_eq!(t.description, "Description fo the threat number 1");
    assert_eq!(t.category.as_deref(), Some("spoofing"));
    assert_eq!(t.element, Some(2), "the first component that refers to it");
    let rating = t.rating.as_ref().expect("rated");
    assert_eq!(rating.scheme.id, "paved-road");
    assert_eq!(
        (rating.likelihood.as_str(), rating.impact.as_str()),
        ("medium", "high")
    );

    assert_eq!(s.mitigations.len(), 2);
    let m1 = &s.mitigations[0];
    assert_eq!(m1.title, "This is the name of mitigation 1");
    assert_eq!(m1.description, "Description for mitigation 1");
    assert_eq!(m1.threats, [1]);
    assert!(m1.essential, "implemented and required");
    assert_eq!(m1.status, MitigationStatus::Done);
    let m2 = &s.mitigations[1];
    assert_eq!(m2.title, "Mitigation 2");
    assert!(m2.threats.is_empty());
    assert!(!m2.essential, "nobody refers to it: an idea");
    assert_eq!(m2.status, MitigationStatus::Planned);

    let unmapped = imported.unmapped.join("\n");
    for expected in [
        "2 representations",
        "2 assets",
        "project owner: John Doe",
        "component \"Web Client\": tags external",
        "threat \"Threat 1\" is also on \"Dataflow between webservice and mongo.\"",
        "threat \"Threat 1\": more categories Tampering",
        "threat \"Threat 1\": CWEs CWE-79, CWE-787",
        "dataflow \"Dataflow between webclient and webservice.\" is bidirectional",
        "dataflow \"Dataflow between webservice and mongo.\": tags tag1-df, tag2-df",
    ] {
        assert!(unmapped.contains(expected), "{expected:?} in\n{unmapped}");
    }
}

#[test]
fn the_yaml_example_gives_the_same_session_as_the_json_one() {
    let json = import("EXAMPLE", &example("EXAMPLE.json")).expect("json");
    let yaml = import("EXAMPLE", &example("EXAMPLE.yaml")).expect("yaml");
    assert_eq!(yaml.session, json.session);
    assert_eq!(yaml.unmapped, json.unmapped);
    assert_eq!(yaml.session.model.len(), 6);
}

#[test]
fn payments_survive_an_otm_round_trip() {
    let before = payments();
    let text = export(&before);
    let after = import("example-payments.otm.json", &text)
        .expect("imports")
        .session;
    assert_eq!(after.title, before.title);
    assert_eq!(after.approach.scope, before.approach.scope);

    let names = |s: &Session| -> Vec<(String, String)> {
        s.boundaries
            .iter()
            .map(|b| (b.name.clone(), b.description.clone()))
            .collect()
    };
    assert_eq!(
        names(&after),
        names(&before),
        "the zone for elements in no boundary is no boundary again"
    );

    // Elements and flows: same ids (the order is kept), names, kinds,
    // boundaries (by name), descriptions and channels.
    let boundary_name = |s: &Session, b: Option<u32>| {
        b.and_then(|b| s.boundaries.iter().find(|x| x.id == b))
            .map(|b| b.name.clone())
    };
    assert_eq!(after.model.len(), before.model.len());
    for (a, b) in after.model.iter().zip(&before.model) {
        assert_eq!(
            (a.id, &a.name, a.kind, &a.description, &a.flow),
            (b.id, &b.name, b.kind, &b.description, &b.flow)
        );
        let expected = boundary_name(&before, b.boundary);
        assert_eq!(boundary_name(&after, a.boundary), expected, "{}", a.name);
    }

    assert_eq!(after.threats.len(), before.threats.len());
    for (a, b) in after.threats.iter().zip(&before.threats) {
        assert_eq!(
            (&a.title, &a.description, &a.category, a.element),
            (&b.title, &b.description, &b.category, b.element)
        );
        let levels = |t: &tamer::session::Threat| {
            t.rating
                .as_ref()
                .map(|r| (r.likelihood.clone(), r.impact.clone()))
        };
        assert_eq!(levels(a), levels(b), "paved-road levels come back");
    }

    // Mitigations come back whole: the links through the components'
    // references, and what OTM has no field for (links to threats on no
    // element, effort, owner, criteria, due date) through tamer's
    // attributes.
    assert_eq!(after.mitigations, before.mitigations);
}

#[test]
fn mitigations_without_tamer_attributes_come_back_from_the_references_alone() {
    let before = payments();
    let mut otm: serde_json::Value = serde_json::from_str(&export(&before)).expect("JSON");
    for m in otm["mitigations"].as_array_mut().expect("a list") {
        m["attributes"] = serde_json::Value::Null;
    }
    let text = serde_json::to_string(&otm).expect("text");
    let after = import("plain.otm.json", &text).expect("imports").session;
    for (a, b) in after.mitigations.iter().zip(&before.mitigations) {
        // Threat 4 is on no element: no reference carries its link.
        let mut carried: Vec<u32> = b
            .threats
            .iter()
            .copied()
            .filter(|t| {
                before
                    .threats
                    .iter()
                    .any(|x| x.id == *t && x.element.is_some())
            })
            .collect();
        carried.sort_unstable();
        let mut got = a.threats.clone();
        got.sort_unstable();
        assert_eq!(got, carried, "{}", a.title);
        assert_eq!(
            a.essential,
            b.essential && !carried.is_empty(),
            "{}",
            a.title
        );
    }
}

fn error(file: &str, text: &str) -> String {
    match import(file, text) {
        Ok(i) => panic!("{file} imported: {:?}", i.session.title),
        Err(e) => e.to_string(),
    }
}

#[test]
fn truncated_json_is_an_error_at_its_end() {
    let text = example("EXAMPLE.json");
    let cut = &text[..text.len() / 2];
    let err = error("cut.otm.json", cut);
    let lines = cut.lines().count();
    assert!(err.starts_with(&format!("cut.otm.json:{lines}:")), "{err}");
    assert!(err.contains("ends too early"), "{err}");
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_where_it_stands() {
    let text = example("EXAMPLE.json").replacen(
        "\"bidirectional\": true",
        "\"bidirectional\": \"yes\"",
        1,
    );
    let line = text
        .lines()
        .position(|l| l.contains("\"yes\""))
        .expect("changed")
        + 1;
    let err = error("types.otm.json", &text);
    assert!(err.starts_with(&format!("types.otm.json:{line}:")), "{err}");
    assert!(err.contains("expected a boolean"), "{err}");

    let yaml = example("EXAMPLE.yaml").replacen("components:\n", "components: 7\nx:\n", 1);
    let err = error("types.otm.yaml", &yaml);
    let line = yaml
        .lines()
        .position(|l| l.starts_with("components: 7"))
        .expect("changed")
        + 1;
    assert!(err.starts_with(&format!("types.otm.yaml:{line}:")), "{err}");
}

#[test]
fn an_id_used_twice_is_an_error_at_the_second_one() {
    let text = example("EXAMPLE.json").replacen(
        "\"id\": \"customer-database\"",
        "\"id\": \"web-service\"",
        1,
    );
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"id\": \"web-service\""))
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("two");
    let err = error("twice.otm.json", &text);
    assert_eq!(
        err,
        format!(
            "twice.otm.json:{line}:14: the component or dataflow id \"web-service\" is used twice; \
             give each component or dataflow its own id"
        )
    );
}

#[test]
fn links_to_missing_ids_are_listed_not_followed() {
    let text = example("EXAMPLE.json")
        .replacen(
            "\"destination\": \"customer-database\"",
            "\"destination\": \"nowhere\"",
            1,
        )
        .replacen(
            "\"trustZone\": \"f0ba7722-39b6-4c81-8290-a30a248bb8d9\"",
            "\"trustZone\": \"no-such-zone\"",
            1,
        )
        .replacen(
            "\"mitigation\": \"fd6136f4-e2ff-11eb-ba80-0242ac130004\"",
            "\"mitigation\": \"ghost\"",
            1,
        )
        .replacen(
            "\"threat\": \"22724267-be7e-44c0-8b1f-d7d33e9a34ec\"",
            "\"threat\": \"phantom\"",
            1,
        );
    let imported = import("links.otm.json", &text).expect("lenient");
    let s = &imported.session;
    assert_eq!(s.model[0].boundary, None, "no such zone");
    assert_eq!(s.model.iter().filter(|e| e.is_flow()).count(), 1);
    // The web service's reference now names a phantom threat, and the
    // dataflow that still refers to it was not kept: the threat is on no
    // element.
    assert_eq!(s.threats[0].element, None);
    let unmapped = imported.unmapped.join("\n");
    for expected in [
        "dataflow \"Dataflow between webservice and mongo.\" from \"web-service\" to \"nowhere\"",
        "\"Web Service\" refers to threat \"phantom\", which the file does not define",
    ] {
        assert!(unmapped.contains(expected), "{expected:?} in\n{unmapped}");
    }
    // A dataflow that goes to a trust zone is listed too.
    let to_zone = example("EXAMPLE.json").replacen(
        "\"destination\": \"web-service\"",
        "\"destination\": \"2ab4effa-40b7-4cd2-ba81-8247d29a6f2d\"",
        1,
    );
    let imported = import("zone.otm.json", &to_zone).expect("lenient");
    assert_eq!(
        imported
            .session
            .model
            .iter()
            .filter(|e| e.is_flow())
            .count(),
        1
    );
}

#[test]
fn control_characters_and_escape_sequences_in_names_are_cleaned() {
    let text = example("EXAMPLE.json")
        .replacen(
            "\"name\": \"Web Client\"",
            "\"name\": \"Web\\u001b[2J\\u0007Client\\r\\nnow\"",
            1,
        )
        .replacen(
            "\"name\": \"Test project\"",
            "\"name\": \"Test\\u009b31m project\"",
            1,
        )
        .replacen(
            "\"name\": \"Threat 1\"",
            "\"name\": \"Threat\\u001b]0;pwned\\u0007 1\"",
            1,
        );
    let imported = import("ctl.otm.json", &text).expect("imports");
    let s = &imported.session;
    assert_eq!(s.title, "Test 31m project");
    assert_eq!(s.model[0].name, "Web [2J Client  now");
    assert_eq!(s.threats[0].title, "Threat ]0;pwned  1");
    for line in &imported.unmapped {
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
    // Names in errors are cleaned too.
    let err = error(
        "ctl.otm.json",
        "{\"otmVersion\": \"0.2.0\", \"components\": \"\\u001b[2J\"}",
    );
    assert!(!err.chars().any(char::is_control), "{err:?}");
}

#[test]
fn nesting_a_thousand_deep_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "{{\"otmVersion\": \"0.2.0\", \"project\": {{\"name\": \"p\", \"id\": \"p\", \"attributes\": {}1{}}}}}",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let err = error("deep.otm.json", &deep);
    assert!(
        err.starts_with("deep.otm.json:1:137: lists and objects nest"),
        "{err}"
    );

    let mut yaml = String::from("otmVersion: 0.2.0\nproject:\n  name: p\n  id: p\n  attributes:\n");
    for depth in 0..1000 {
        yaml.push_str(&" ".repeat(4 + 2 * depth));
        yaml.push_str("- \n");
    }
    let err = error("deep.otm.yaml", &yaml);
    assert!(err.starts_with("deep.otm.yaml:"), "{err}");
    assert!(err.contains("too deep"), "{err}");

    let flow = format!(
        "otmVersion: 0.2.0\nproject: {{name: p, id: p, attributes: {}1{}}}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let err = error("flow.otm.yaml", &flow);
    assert!(err.starts_with("flow.otm.yaml:"), "{err}");
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let mut bomb = String::from("otmVersion: 0.2.0\nproject:\n  name: p\n  id: p\n  attributes:\n");
    bomb.push_str("    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = i - 1;
        bomb.push_str(&format!(
            "    a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    let err = error("bomb.otm.yaml", &bomb);
    assert!(err.starts_with("bomb.otm.yaml:11:"), "{err}");
    assert!(err.contains("too many aliases"), "{err}");

    // Many anchors, each used once, are refused too, however little
    // they repeat (the YAML crate's own defaults allow thousands).
    let mut many = String::from("otmVersion: 0.2.0\nproject:\n  name: p\n  id: p\n  tags:\n");
    for i in 0..=otm::MAX_ALIASES {
        many.push_str(&format!("    - &a{i} t{i}\n"));
    }
    for i in 0..=otm::MAX_ALIASES {
        many.push_str(&format!("    - *a{i}\n"));
    }
    let err = error("many.otm.yaml", &many);
    assert!(err.contains("too many aliases"), "{err}");

    // A few aliases are fine.
    let few = "otmVersion: 0.2.0\nproject:\n  name: &n Shop\n  id: shop\n  description: *n\n";
    let imported = import("few.otm.yaml", few).expect("a few aliases are fine");
    assert_eq!(imported.session.approach.scope, "Shop");
}

#[test]
fn nested_zones_and_components_are_flattened_and_listed() {
    let yaml = "\
otmVersion: 0.2.0
project: {name: Shop, id: shop}
trustZones:
  - {id: cloud, name: Cloud, risk: {trustRating: 60}}
  - {id: vpc, name: VPC, risk: {trustRating: 80}, parent: {trustZone: cloud}}
components:
  - {id: pod, name: Pod, type: kubernetes-pod, parent: {component: node}}
  - {id: node, name: Node, type: vm, parent: {trustZone: vpc}}
  - {id: loop-a, name: A, type: service, parent: {component: loop-b}}
  - {id: loop-b, name: B, type: service, parent: {component: loop-a}}
";
    let imported = import("nested.otm.yaml", yaml).expect("imports");
    let s = &imported.session;
    let zones: Vec<&str> = s.boundaries.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(zones, ["Cloud", "VPC"]);
    let placed: Vec<(&str, Option<u32>)> = s
        .model
        .iter()
        .map(|e| (e.name.as_str(), e.boundary))
        .collect();
    assert_eq!(
        placed,
        [
            ("Pod", Some(2)),
            ("Node", Some(2)),
            ("A", None),
            ("B", None)
        ],
        "a component inside a component takes its zone; a loop ends in none"
    );
    let unmapped = imported.unmapped.join("\n");
    for expected in [
        "trust zone \"VPC\" sits inside \"cloud\"; tamer keeps trust boundaries flat",
        "component \"Pod\" sits inside component \"node\"",
    ] {
        assert!(unmapped.contains(expected), "{expected:?} in\n{unmapped}");
    }
}

#[test]
fn states_follow_decisions_and_mitigation_status() {
    let mut session = payments();
    // Threat 1's only essential mitigation is done.
    session.mitigations[1].status = MitigationStatus::Done;
    session.mitigations[3].status = MitigationStatus::WontDo {
        reason: "Keys move to the vault".into(),
    };
    let otm: serde_json::Value = serde_json::from_str(&export(&session)).expect("JSON");
    let on = |component: &str| {
        otm["components"]
            .as_array()
            .into_iter()
            .chain(otm["dataflows"].as_array())
            .flatten()
            .find(|c| c["id"] == component)
            .map(|c| c["threats"].clone())
            .expect("the component")
    };
    assert_eq!(on("element-1")[0]["state"], "mitigated");
    assert_eq!(
        on("element-1")[0]["mitigations"],
        serde_json::json!([
            {"mitigation": "mitigation-2", "state": "implemented"},
            {"mitigation": "mitigation-3", "state": "recommended"},
        ])
    );
    assert_eq!(on("element-2")[0]["state"], "exposed");
    assert_eq!(on("element-9")[0]["state"], "accepted");
    assert_eq!(otm["mitigations"][3]["riskReduction"], 0);
    assert!(schema_errors(&export(&session)).is_empty());

    let back = import("states.otm.json", &export(&session))
        .expect("imports")
        .session;
    assert_eq!(back.mitigations[1].status, MitigationStatus::Done);
    assert!(matches!(
        back.mitigations[3].status,
        MitigationStatus::WontDo { .. }
    ));
}
