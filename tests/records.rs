//! The example records in `sessions/`: one per schema version. Records of
//! the current version load and re-save byte for byte (the format is
//! stable); older ones migrate to the same session as their current twin.

use std::path::{Path, PathBuf};

use tamer::session::record;
use tamer::store::Store;

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("sessions/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    out.sort();
    out
}

fn version(text: &str) -> u32 {
    let line = text.lines().nth(1).expect("a version line");
    line.trim()
        .trim_start_matches("version:")
        .trim()
        .trim_end_matches(',')
        .parse()
        .expect("a number")
}

#[test]
fn current_examples_load_and_round_trip() {
    let mut seen = 0;
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("read");
        if version(&text) != record::VERSION {
            continue;
        }
        let session = Store::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            record::to_ron(&session).expect("serializes"),
            text,
            "{} re-saves differently",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 1, "no current example records");
}

#[test]
fn every_older_version_has_an_example_that_migrates_to_its_twin() {
    for v in 1..record::VERSION {
        let old: Vec<PathBuf> = examples()
            .into_iter()
            .filter(|p| p.to_string_lossy().ends_with(&format!("-v{v}.ron")))
            .collect();
        assert!(
            !old.is_empty(),
            "no example record of version {v} in sessions/"
        );
        for path in old {
            let text = std::fs::read_to_string(&path).expect("read");
            assert_eq!(version(&text), v, "{}", path.display());
            let loaded =
                record::read(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(loaded.version, v);
            let twin = PathBuf::from(
                path.to_string_lossy()
                    .replace(&format!("-v{v}.ron"), ".ron"),
            );
            let current = Store::load(&twin).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(loaded.session, current, "{}", path.display());
        }
    }
}

#[test]
fn the_checkout_example_holds_what_the_docs_say() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-checkout.ron");
    let s = Store::load(&path).expect("loads");
    assert_eq!(s.title, "Checkout API");
    assert_eq!(s.participants, ["Ada", "Grace", "Linus"]);
    assert_eq!(s.threats.len(), 3);
    assert_eq!(s.phase(), 3);
}
