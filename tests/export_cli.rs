//! `tamer export` and `E` end to end: files written whole and private,
//! every export noted in the record's timeline (the radar's [3.3.1] reads
//! it), a record never replaced by an export.

mod common;
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use common::Home;
use tamer::session::EventKind;
use tamer::store::Store;

fn copy_of_payments(home: &Home) -> PathBuf {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-payments.ron");
    let record = home.root().join("payments.ron");
    fs::copy(example, &record).expect("copy the example");
    record
}

fn exports(record: &Path) -> Vec<(String, Vec<u32>)> {
    Store::load(record)
        .expect("the record loads")
        .timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Exported {
                format,
                mitigations,
            } => Some((format.clone(), mitigations.clone())),
            _ => None,
        })
        .collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn an_export_is_written_privately_and_noted_in_the_timeline() {
    let home = Home::new();
    let record = copy_of_payments(&home);
    let out = home.root().join("notes.csv");
    let run = home.run(&[
        "export",
        record.to_str().expect("utf-8"),
        "-f",
        "csv",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(run.status.success(), "{run:?}");
    assert!(run.stderr.contains("Exported csv to"), "{}", run.stderr);
    assert!(out.is_file());
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    let noted = exports(&record);
    assert_eq!(noted.len(), 1, "{noted:?}");
    assert_eq!(noted[0].0, "csv");
    let live = Store::load(&record)
        .expect("loads")
        .mitigations
        .iter()
        .filter(|m| m.is_live())
        .count();
    assert_eq!(noted[0].1.len(), live, "every live mitigation is carried");

    // To standard output: noted too.
    let run = home.run(&[
        "export",
        record.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert!(run.status.success(), "{run:?}");
    assert_eq!(exports(&record).len(), 2);
    // No temporary files are left beside the export or the record.
    let stray: Vec<_> = fs::read_dir(home.root())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn bad_requests_are_refused_and_nothing_is_overwritten() {
    let home = Home::new();
    let record = copy_of_payments(&home);
    let before = fs::read(&record).expect("read");
    let path = record.to_str().expect("utf-8");
    // An export never replaces a record.
    let run = home.run(&["export", path, "-f", "md", "-o", path]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(run.stderr.contains("is a tamer record"), "{}", run.stderr);
    assert_eq!(
        fs::read(&record).expect("read"),
        before,
        "the record is untouched"
    );
    // issues need a folder.
    let run = home.run(&["export", path, "-f", "issues"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(run.stderr.contains("-o"), "{}", run.stderr);
    // An unknown format names the ones there are.
    let run = home.run(&["export", path, "-f", "pdf"]);
    assert!(!run.status.success());
    assert!(
        run.stderr
            .contains("md, json, csv, issues, otm, threat-composer, threat-dragon"),
        "{}",
        run.stderr
    );
    // A record that is not there.
    let run = home.run(&["export", "nope.ron", "-f", "md"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(run.stderr.contains("nope.ron"), "{}", run.stderr);
    assert!(exports(&record).is_empty());
}

#[test]
fn e_exports_the_session_on_screen_and_keeps_the_path_in_the_status_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("checkout.tc.json");
    let keys = format!(
        "tReplay of a payment<enter>E<right><right><right><right><right><tab>{}<c-s>",
        target.display()
    );
    let r = support::replay_app(|_, now, _| support::session_app(now), &keys, 120, 40);
    assert!(target.is_file(), "{}", r.screen());
    #[cfg(unix)]
    assert_eq!(mode(&target), 0o600);
    let status = r.app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Exported threat-composer to "),
        "{status}"
    );
    assert!(status.ends_with("checkout.tc.json"), "{status}");
    let noted: Vec<&str> = r
        .session()
        .timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Exported { format, .. } => Some(format.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(noted, ["threat-composer"]);
}

fn interop(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop")
        .join(path)
        .display()
        .to_string()
}

/// Each example in tests/interop imports into a record that loads, with a
/// model, and says what it left behind; without a terminal and without
/// `-o` the record goes to the sessions folder.
#[test]
fn each_interop_example_imports_into_a_record() {
    for (file, format) in [
        ("otm/EXAMPLE.json", "otm"),
        ("otm/EXAMPLE.yaml", "otm"),
        ("threat-dragon/v2-threat-model.json", "threat-dragon"),
        ("threat-composer/GenAIChatbot.tc.json", "threat-composer"),
    ] {
        let home = Home::new();
        let out = home.root().join("imported.ron");
        let run = home.run(&["import", &interop(file), "-o", out.to_str().expect("utf-8")]);
        assert!(run.status.success(), "{file}: {run:?}");
        assert!(
            run.stderr.contains(&format!("({format})")),
            "{file}: {}",
            run.stderr
        );
        assert!(
            run.stdout.contains("tamer resume"),
            "{file}: {}",
            run.stdout
        );
        let s = Store::load(&out).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!s.threats.is_empty(), "{file}: no threats");
        assert!(
            s.timeline
                .iter()
                .any(|e| matches!(&e.kind, EventKind::Imported { format: f, .. } if f == format)),
            "{file}: not marked as imported"
        );
        // Once more to the same path: refused, the first left alone.
        let before = fs::read(&out).expect("read");
        let run = home.run(&["import", &interop(file), "-o", out.to_str().expect("utf-8")]);
        assert_eq!(run.status.code(), Some(1), "{file}: {run:?}");
        assert_eq!(fs::read(&out).expect("read"), before);
    }
    let home = Home::new();
    let run = home.run(&[
        "import",
        &interop("otm/EXAMPLE.json"),
        "--title",
        "Baseline",
    ]);
    assert!(run.status.success(), "{run:?}");
    assert!(home.list().contains("Baseline"), "{}", home.list());
}

#[test]
fn a_broken_import_names_the_file_and_position_and_writes_nothing() {
    let home = Home::new();
    let bad = home.root().join("broken.otm.json");
    fs::write(&bad, "{\n  \"otmVersion\": \"0.2.0\",\n  \"project\": {\"name\": \"X\", \"id\": \"x\"},\n  \"components\": [ {\"id\": 1,\n").expect("write");
    let out = home.root().join("out.ron");
    let run = home.run(&[
        "import",
        bad.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(run.stderr.contains("broken.otm.json:"), "{}", run.stderr);
    assert!(!out.exists(), "nothing written");
    let run = home.run(&[
        "import",
        home.root().join("nope.json").to_str().expect("utf-8"),
    ]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(home.records().is_empty());
}
