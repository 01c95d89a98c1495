//! The radar end to end: a workshop that stalls in discovery past its box,
//! runs a long excursion and re-raises a threat it already accepted, driven
//! from the keyboard through the real loop with a fixed clock. The three
//! flags come up at the right moments with the right evidence, are kept in
//! the record, and `tamer radar` lists them with their times and exits 1.

mod common;
mod support;

use chrono::{DateTime, Duration, Utc};
use support::replay_app;
use tamer::session::{EventKind, Session};
use tamer::store::Store;

/// (seed ID, subject, when raised, evidence) for every flag raised.
fn raised(s: &Session) -> Vec<(String, String, DateTime<Utc>, String)> {
    s.timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::RadarRaised {
                flag,
                subject,
                evidence,
                ..
            } => Some((flag.clone(), subject.clone(), e.at, evidence.clone())),
            _ => None,
        })
        .collect()
}

fn first(s: &Session, id: &str) -> (String, DateTime<Utc>, String) {
    raised(s)
        .into_iter()
        .find(|r| r.0 == id)
        .map(|(_, subject, at, evidence)| (subject, at, evidence))
        .unwrap_or_else(|| panic!("[{id}] was never raised: {:#?}", raised(s)))
}

/// The keys of the stalled workshop (60 minutes, Ada and Grace). The
/// discovery box of a 60-minute session is 16 min 40 s.
fn stalled_workshop() -> String {
    [
        // Phase 0 → phase 1: a small model, agreed.
        "nnn",
        "eBrowser<enter>API<enter>Payments DB<enter><esc>",
        "wPay<c-s>",
        "wStore<tab>2<tab>3<c-s>",
        "A",
        "nnn",
        // Discovery: one threat, then the team stalls: 16 minutes, then
        // minute by minute past the box.
        "tAttacker replays a captured payment webhook<enter>",
        "<wait 16m><wait 1m><wait 1m>",
        // A long excursion: 5 minutes is fine, 6 is not.
        "X<wait 5m><wait 1m>",
        "XReplays need the signing key<tab><right><c-s>",
        // To the rating step; the threat is accepted (by Ada) and rated low.
        "ny",
        "nn",
        "ad2<tab>Webhooks are signed and expire in a minute<tab>2<c-s>11<enter><esc>",
        // The same threat again, in other words.
        "tA captured payment webhook is replayed by an attacker<enter>",
    ]
    .concat()
}

#[test]
fn a_stalled_workshop_raises_its_three_flags_at_the_right_moments() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        &stalled_workshop(),
        120,
        40,
    );
    let path = r.outcome.record.clone().expect("saved");
    let s = Store::load(&path).expect("the record loads");
    let discover_start = s
        .timeline
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::StepChanged { to, .. } if to == "discover" => Some(e.at),
            _ => None,
        })
        .expect("discovery began");

    // [2.1.4]: at the first tick after the box ran out (16:40), not before.
    let (_, at, evidence) = first(&s, "2.1.4");
    assert_eq!(at, discover_start + Duration::minutes(17), "{evidence}");
    assert!(
        evidence.contains("1 threat") || evidence.contains('1'),
        "{evidence}"
    );

    // [2.1.9]: six minutes into the excursion, not at five. (The same
    // seed already stood for the quiet discussion before it: nothing was
    // captured or marked for 16 minutes.)
    let started = s.excursions[0].started;
    let (_, at, evidence) = raised(&s)
        .into_iter()
        .find(|r| r.0 == "2.1.9" && r.1 == "excursion 1")
        .map(|(_, subject, at, evidence)| (subject, at, evidence))
        .expect("the excursion was flagged");
    assert_eq!(at, started + Duration::minutes(6), "{evidence}");
    assert!(evidence.contains("6 min"), "{evidence}");
    let (_, quiet_at, quiet) = first(&s, "2.1.9");
    assert_eq!(quiet_at, discover_start + Duration::minutes(16), "{quiet}");

    // [2.1.10]: the re-raised threat, shown with the earlier one's
    // decision and reason.
    assert_eq!(s.threats.len(), 2, "{}", r.screen());
    let (subject, at, evidence) = first(&s, "2.1.10");
    assert_eq!(subject, "T2");
    assert_eq!(at, s.threats[1].at);
    for part in [
        "T1",
        "accepted",
        "Webhooks are signed and expire in a minute",
    ] {
        assert!(evidence.contains(part), "{part:?} not in {evidence:?}");
    }

    // The excursion's flag cleared when it ended; discovery's when the
    // team moved on.
    let cleared: Vec<&str> = s
        .timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::RadarCleared { flag, .. } => Some(flag.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        cleared.contains(&"2.1.9") && cleared.contains(&"2.1.4"),
        "{cleared:?}"
    );

    // `tamer radar` on the record lists the three with their times and
    // exits 1 (the rewind of an accepted threat still stands).
    let home = common::Home::new();
    let run = home.run(&["radar", path.to_str().expect("utf-8"), "--history"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    for (id, at) in [
        ("2.1.4", discover_start + Duration::minutes(17)),
        ("2.1.9", started + Duration::minutes(6)),
        ("2.1.10", s.threats[1].at),
    ] {
        let line = format!("{} ", at.format("%H:%M"));
        assert!(
            run.stdout
                .lines()
                .any(|l| l.contains(&format!("[{id}]"))
                    && l.trim_start().starts_with(line.trim_end())),
            "no history line for [{id}] at {line}:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("WARN [2.1.10]"), "{}", run.stdout);
}

fn example(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sessions")
        .join(name)
        .display()
        .to_string()
}

/// `sessions/example-radar.ron` is the stalled workshop above, kept.
#[test]
fn tamer_radar_on_the_stalled_example_lists_its_flags_with_times_and_exits_1() {
    let home = common::Home::new();
    let path = example("example-radar.ron");
    let before = std::fs::read(&path).expect("the example");

    let run = home.run(&["radar", &path, "--history"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let out = &run.stdout;
    assert!(out.contains("WARN [2.1.10] Rewind"), "{out}");
    assert!(
        out.contains("accepted by Ada: 'Webhooks are signed and expire in a minute'"),
        "{out}"
    );
    for line in [
        "09:17–09:24    7 min  warn  [2.1.4] Stuck in threat discovery: cleared",
        "09:24–09:24    0 min  warn  [2.1.9] A long detour (excursion 1): cleared",
        "09:24–  …      0 min  warn  [2.1.10] Rewind: a threat already discussed (T2): standing",
    ] {
        assert!(
            out.lines().any(|l| l.trim_start() == line),
            "no {line:?} in:\n{out}"
        );
    }

    // What the panel showed live at 09:20: discovery's flags, not the rewind.
    let run = home.run(&["radar", &path, "--at", "09:20"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(
        run.stdout.contains("[2.1.4]") && run.stdout.contains("[2.1.5]"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("[2.1.10]"), "{}", run.stdout);
    // Before anything was raised: nothing, exit 0.
    let run = home.run(&["radar", &path, "--at", "5m"]);
    assert!(run.status.success(), "{run:?}");
    assert!(run.stdout.contains("no flags"), "{}", run.stdout);

    // JSON for machines.
    let run = home.run(&["radar", &path, "--json", "--history"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["source"], "scan");
    let standing = json["standing"].as_array().expect("standing");
    assert!(
        standing
            .iter()
            .any(|f| f["id"] == "2.1.10" && f["severity"] == "warn")
    );
    assert_eq!(json["history"].as_array().map(Vec::len), Some(6));

    // Never written, never locked.
    assert_eq!(std::fs::read(&path).expect("the example"), before);
    assert!(!std::path::Path::new(&example(".example-radar.ron.lock")).exists());
}

#[test]
fn fail_on_chooses_the_severity_that_fails() {
    let home = common::Home::new();
    let path = example("example-checkout.ron");
    // Only information stands there.
    let run = home.run(&["radar", &path]);
    assert!(run.status.success(), "{run:?}");
    assert!(run.stdout.contains("INFO [2.1.7]"), "{}", run.stdout);
    let run = home.run(&["radar", &path, "--fail-on", "info"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    // A warning stands in the payments example: a SHOULD threat accepted.
    let run = home.run(&["radar", &example("example-payments.ron")]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(
        run.stdout.contains("WARN [3.1.4] High risk accepted (T3)"),
        "{}",
        run.stdout
    );
}

#[test]
fn thresholds_come_from_config_ron_and_a_broken_one_is_reported() {
    let home = common::Home::new();
    let config = home.config_home().join("tamer");
    std::fs::create_dir_all(&config).expect("config folder");
    let path = example("example-payments.ron");
    std::fs::write(
        config.join("config.ron"),
        "(radar: (disabled: [\"3.1.4\"]))",
    )
    .expect("write");
    let run = home.run(&["radar", &path]);
    assert!(run.status.success(), "switched off: {run:?}");
    assert!(!run.stdout.contains("[3.1.4]"), "{}", run.stdout);

    std::fs::write(
        config.join("config.ron"),
        "(\n  radar: (\n    disabled: [\"3.1.44\"],\n  ),\n)",
    )
    .expect("write");
    let run = home.run(&["radar", &path]);
    assert_eq!(run.status.code(), Some(1), "the defaults apply: {run:?}");
    assert!(
        run.stderr.contains(
            "config.ron:3:16: radar.disabled: unknown radar ID \"3.1.44\"; did you mean \"3.1.4\"?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_time_or_record_is_a_clear_error() {
    let home = common::Home::new();
    let run = home.run(&["radar", &example("example-radar.ron"), "--at", "teatime"]);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("--at \"teatime\": expected a time like 09:45"),
        "{}",
        run.stderr
    );
    let missing = home.root().join("nope.ron");
    let run = home.run(&["radar", missing.to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(run.stderr.contains("nope.ron"), "{}", run.stderr);
}

/// The README's `config.ron` block is the defaults, and names every field;
/// its matcher examples say what the matcher does.
#[test]
fn the_readme_documents_the_defaults_and_the_matcher() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("these are\nthe defaults:")
        .expect("the defaults in the README");
    let block = &readme[start..];
    let block = &block[block.find("```ron\n").expect("a ron block") + 7..];
    let block = &block[..block.find("```").expect("its end")];
    let parsed = tamer::config::parse("README.md", block).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed, tamer::config::Config::default());
    let all = ron::ser::to_string_pretty(&parsed, ron::ser::PrettyConfig::new()).expect("ron");
    for line in all
        .lines()
        .filter(|l| l.trim_end().ends_with(',') && l.contains(':'))
    {
        let field = line.trim().split(':').next().expect("a field");
        assert!(block.contains(&format!("{field}:")), "README lacks {field}");
        assert!(
            readme.contains(&format!("`{field}`"))
                || ["enabled", "disabled", "snooze_minutes"].contains(&field),
            "the README's table does not explain {field}"
        );
    }
    use tamer::radar::matcher::same;
    let a = "An attacker steals the session cookie via XSS";
    assert!(same(
        a,
        "Session cookies can be exfiltrated by an adversary using cross-site scripting"
    ));
    assert!(!same(
        a,
        "An attacker steals the session cookie via SQL injection"
    ));
    assert!(!same(a, "An attacker steals the database backup"));
}

/// On a break the screen redraws when the radar changes, even within a
/// minute (the clock on a break only changes by the minute): the long break
/// is raised at 15 min 10 s, ten seconds after the last minute's redraw.
#[test]
fn a_paused_screen_redraws_when_a_flag_is_raised() {
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "<wait 30s><space><wait 15m><wait 10s>",
        80,
        24,
    );
    let s = r.session();
    let (_, at, evidence) = first(s, "T.2");
    assert_eq!(at, r.now(), "{evidence}");
    let screen = r.screen();
    assert!(screen.contains("[T.2] A long break"), "{screen}");
}
