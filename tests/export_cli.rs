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
