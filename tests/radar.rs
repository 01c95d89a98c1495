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
    assert!(evidence.contains("1 threat") || evidence.contains('1'), "{evidence}");

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
    for part in ["T1", "accepted", "Webhooks are signed and expire in a minute"] {
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
    assert!(cleared.contains(&"2.1.9") && cleared.contains(&"2.1.4"), "{cleared:?}");

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
                .any(|l| l.contains(&format!("[{id}]")) && l.trim_start().starts_with(line.trim_end())),
            "no history line for [{id}] at {line}:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("WARN [2.1.10]"), "{}", run.stdout);
}
