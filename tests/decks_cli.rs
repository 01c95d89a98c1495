//! `tamer decks list|show|check` as a user runs them, with user decks in a
//! temporary XDG_CONFIG_HOME.

use std::path::Path;
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn config_decks(&self) -> std::path::PathBuf {
        let d = self.dir.path().join("config/tamer/decks");
        std::fs::create_dir_all(&d).expect("mkdir");
        d
    }

    fn tamer(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tamer"))
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .output()
            .expect("runs")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/decks")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn list_shows_the_seven_built_in_decks() {
    let out = Env::new().tamer(&["decks", "list"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for id in [
        "stride ",
        "stride-per-element",
        "cue-cards",
        "continuous",
        "owasp-top10-2021",
        "attackers",
        "privacy",
    ] {
        assert!(stdout.contains(id), "{id} missing:\n{stdout}");
    }
    assert_eq!(stdout.matches("built in").count(), 7, "{stdout}");
}

#[test]
fn show_prints_every_card_and_an_unknown_id_fails() {
    let env = Env::new();
    let out = env.tamer(&["decks", "show", "stride"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches("\n[").count(), 6, "{stdout}");
    assert!(stdout.contains("Source: "));
    let out = env.tamer(&["decks", "show", "nope"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no deck with id \"nope\""));
}

#[test]
fn check_lists_all_five_mistakes_and_exits_one() {
    let file = fixture("five-mistakes.ron");
    let out = Env::new().tamer(&["decks", "check", &file, &fixture("valid-user.ron")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let problems: Vec<&str> = stdout.lines().filter(|l| l.starts_with(&file)).collect();
    let positions: Vec<&str> = problems
        .iter()
        .filter_map(|l| l.strip_prefix(&file))
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert_eq!(
        positions,
        [":14:26:", ":16:9:", ":19:24:", ":22:13:", ":27:20:"],
        "{stdout}"
    );
    assert!(stdout.contains("valid-user.ron: ok, deck \"team-checklist\" with 1 card\n"));
    assert!(text(&out.stderr).contains("5 problems found"));
}

#[test]
fn check_passes_every_built_in_deck_and_the_phase_script() {
    let decks = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut args = vec!["decks".to_owned(), "check".to_owned()];
    for entry in std::fs::read_dir(&decks).expect("decks/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "ron") {
            args.push(path.display().to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = Env::new().tamer(&args);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout).matches(": ok,").count(), 8);
}

#[test]
fn user_decks_add_and_replace_and_a_broken_one_is_skipped_with_its_reason() {
    let env = Env::new();
    let dir = env.config_decks();
    std::fs::copy(fixture("valid-user.ron"), dir.join("team.ron")).expect("copy");
    let replacing = std::fs::read_to_string(fixture("valid-user.ron"))
        .expect("read")
        .replace("id: \"team-checklist\"", "id: \"stride\"");
    std::fs::write(dir.join("my-stride.ron"), replacing).expect("write");
    std::fs::copy(fixture("five-mistakes.ron"), dir.join("broken.ron")).expect("copy");

    let out = env.tamer(&["decks", "list"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let line = |id: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("team-checklist").contains("team.ron"), "{stdout}");
    assert!(
        line("stride").contains("(replaces the built-in deck)"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("skipped user deck"), "{stderr}");
    assert!(
        stderr.contains("broken.ron:14:26: unknown category"),
        "{stderr}"
    );
    // Sessions still list, with the broken deck reported but not fatal.
    assert!(env.tamer(&["list"]).status.success());
}

/// The problems of a file that cannot be read, each said once: where the
/// text stops being UTF-8, or (too big) about the file as a whole.
fn unreadable_decks(dir: &Path) -> (String, String) {
    let not_utf8 = dir.join("nu.ron");
    // The bad byte is the 9th character of line 2 (after a 2-byte "ü").
    let bytes = [&b"(\n  id: \""[..], "ü".as_bytes(), b"\xff\")"].concat();
    std::fs::write(&not_utf8, bytes).expect("write");
    let big = dir.join("big.ron");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(64 * 1024 * 1024 + 1).expect("grow");
    (big.display().to_string(), not_utf8.display().to_string())
}

const TOO_BIG: &str = "the file is 67108865 bytes; tamer reads files of up to 67108864 bytes \
                       (the file was left untouched)";

#[test]
fn check_says_each_problem_of_an_unreadable_file_once_at_its_place() {
    let env = Env::new();
    let (big, not_utf8) = unreadable_decks(env.dir.path());
    let out = env.tamer(&[
        "decks",
        "check",
        &not_utf8,
        &big,
        &fixture("valid-user.ron"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{not_utf8}:2:9: this is not UTF-8 text"),
            format!("{big}: {TOO_BIG}"),
            format!(
                "{}: ok, deck \"team-checklist\" with 1 card",
                fixture("valid-user.ron")
            ),
        ],
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("2 problems found"));
}

#[test]
fn a_user_deck_that_cannot_be_read_is_skipped_with_its_problem_said_once() {
    let env = Env::new();
    let (big, not_utf8) = unreadable_decks(&env.config_decks());
    let out = env.tamer(&["decks", "list"]);
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    let problems: Vec<&str> = stderr.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        problems,
        [
            format!("  {big}: {TOO_BIG}"),
            format!("  {not_utf8}:2:9: this is not UTF-8 text"),
        ],
        "{stderr}"
    );
}
