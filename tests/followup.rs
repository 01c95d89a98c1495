//! `tamer followup`: what a record left undone, from the library and from
//! the real binary, against copies of the payments example in temporary
//! folders.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use common::Home;
use tamer::followup::Followup;
use tamer::session::{Decision, DecisionKind, Event, EventKind, MitigationStatus, Session};
use tamer::store::Store;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-payments.ron")
}

fn payments() -> Session {
    Store::load(&example()).expect("the example loads")
}

/// `session` saved as a record at `dir/name`.
fn saved(dir: &Path, name: &str, session: &Session) -> PathBuf {
    let store =
        Store::new(dir.join("data"), dir.join("config")).with_rescue_dir(dir.join("rescue"));
    let path = dir.join(name);
    let now: DateTime<Utc> = session.timeline.last().map_or(session.created, |e| e.at);
    drop(store.create_at(&path, session, now).expect("saved"));
    path
}

fn tags(f: &Followup) -> Vec<String> {
    f.mitigations.iter().map(|t| format!("M{}", t.id)).collect()
}

#[test]
fn the_example_lists_its_open_essentials_accepted_risk_and_parked_item() {
    let f = Followup::of(&payments(), day("2026-12-10"));
    assert_eq!(f.title, "Payments API");
    // M2 was due on the 8th: overdue, so first; M1 is due later; M4 has
    // no date. M3 is an idea and not listed.
    assert_eq!(tags(&f), ["M2", "M1", "M4"]);
    assert_eq!(f.mitigations[0].overdue_days, Some(2));
    assert_eq!(f.mitigations[0].owner, "Linus");
    assert_eq!(f.mitigations[1].overdue_days, None);
    assert_eq!(f.mitigations[2].due, None);
    assert_eq!(f.overdue(), 1);
    assert_eq!(f.not_listed.ideas, 1);
    assert_eq!(
        f.mitigations[0]
            .threats
            .iter()
            .map(|t| t.id)
            .collect::<Vec<_>>(),
        [1]
    );

    assert_eq!(f.accepted.len(), 1);
    let a = &f.accepted[0];
    assert_eq!((a.threat, a.by.as_str()), (3, "Grace"));
    assert_eq!(
        a.accepted.map(|at| at.date_naive()),
        Some(day("2026-11-30"))
    );
    assert_eq!(a.age_days, Some(10));
    assert_eq!(a.rating.as_deref(), Some("SHOULD"));
    assert!(a.recheck.is_empty(), "{:?}", a.recheck);

    let parked: Vec<u32> = f.parked.iter().map(|p| p.id).collect();
    assert_eq!(
        parked,
        [1],
        "the items that became a threat or were dropped are not open"
    );

    // Before any due date nothing is overdue.
    assert_eq!(Followup::of(&payments(), day("2026-12-08")).overdue(), 0);
}

#[test]
fn overdue_first_most_overdue_first_then_by_due_date_then_undated() {
    let mut s = payments();
    // M1 overdue by more than M2; M4 done; a new undated one by nobody.
    s.mitigations[0].due = Some(day("2026-12-01"));
    s.mitigations[3].status = MitigationStatus::Done;
    let mut extra = s.mitigations[1].clone();
    extra.id = 9;
    extra.due = None;
    extra.owner = String::new();
    extra.title = "Sign refunds".into();
    s.mitigations.push(extra);
    let mut wont = s.mitigations[1].clone();
    wont.id = 10;
    wont.status = MitigationStatus::WontDo {
        reason: "Too dear".into(),
    };
    s.mitigations.push(wont);
    let f = Followup::of(&s, day("2026-12-10"));
    assert_eq!(tags(&f), ["M1", "M2", "M9"]);
    assert_eq!(f.mitigations[0].overdue_days, Some(9));
    assert_eq!(f.overdue(), 2);
    assert_eq!(
        (f.not_listed.ideas, f.not_listed.done, f.not_listed.wont_do),
        (1, 1, 1)
    );
    let text = f.text("p.ron");
    let lines: Vec<&str> = text.lines().collect();
    let row = |tag: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{tag} ")))
            .unwrap_or_else(|| panic!("no row for {tag}:\n{text}"))
    };
    assert!(row("M1") < row("M2") && row("M2") < row("M9"), "{text}");
    assert!(lines[row("M1")].contains("OVERDUE by 9 days"), "{text}");
    assert!(lines[row("M9")].contains("nobody"), "{text}");
    // The titles start in one column.
    let col = |tag: &str, title: &str| lines[row(tag)].find(title).expect("title");
    assert_eq!(
        col("M1", "The server computes"),
        col("M9", "Sign refunds"),
        "{text}"
    );
    assert!(
        text.contains("Not listed: 1 mitigation that is an idea"),
        "{text}"
    );
}

#[test]
fn an_accepted_must_and_an_old_accept_come_first_for_a_fresh_look() {
    let mut s = payments();
    s.threats[0].decision = Some(Decision::Accept {
        reason: "Cookies are short-lived".into(),
        by: "Ada".into(),
    });
    let f = Followup::of(&s, day("2026-12-10"));
    let ids: Vec<u32> = f.accepted.iter().map(|a| a.threat).collect();
    // T1 is rated MUST; its accept is not in the timeline either.
    assert_eq!(ids, [1, 3]);
    assert!(f.accepted[0].recheck.iter().any(|r| r.contains("MUST")));
    assert!(f.accepted[0].recheck.iter().any(|r| r.contains("when")));
    assert!(f.accepted[1].recheck.is_empty());
    // Accepted later than T3 (so younger), T1 still comes first: it is
    // rated MUST.
    let at = day("2026-12-05")
        .and_hms_opt(10, 0, 0)
        .expect("a time")
        .and_utc();
    s.timeline.push(Event {
        at,
        kind: EventKind::Decided {
            threat: 1,
            decision: Some(DecisionKind::Accept),
        },
    });
    let f = Followup::of(&s, day("2026-12-10"));
    let ids: Vec<u32> = f.accepted.iter().map(|a| a.threat).collect();
    assert_eq!(ids, [1, 3]);
    assert_eq!(f.accepted[0].age_days, Some(5));
    assert_eq!(
        f.accepted[0].recheck.len(),
        1,
        "{:?}",
        f.accepted[0].recheck
    );
    // A quarter later T3's accept is due for a look too.
    let later = Followup::of(&s, day("2027-03-01"));
    let t3 = later.accepted.iter().find(|a| a.threat == 3).expect("T3");
    assert!(
        t3.recheck.iter().any(|r| r.contains("90")),
        "{:?}",
        later.accepted
    );
}

#[test]
fn the_markdown_is_a_checklist_with_escaped_text() {
    let mut s = payments();
    s.mitigations[0].title = "Use *HMAC* <script>".into();
    s.mitigations[0].owner = "# team".into();
    s.parking[0].text = "- [x] done?".into();
    let md = Followup::of(&s, day("2026-12-10")).markdown("p.ron");
    assert!(md.starts_with("# Follow-up: Payments API\n"), "{md}");
    for heading in [
        "## Essential mitigations not done (3, 1 overdue)",
        "## Accepted risks to re-check (1)",
        "## Parked items still open (1)",
    ] {
        assert!(md.contains(heading), "{heading} missing:\n{md}");
    }
    assert!(md.contains("Use \\*HMAC\\* \\<script\\>"), "{md}");
    assert!(md.contains("owner \\# team"), "{md}");
    assert!(md.contains("P1 \\- \\[x\\] done?"), "{md}");

    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut boxes = 0;
    for event in Parser::new_ext(&md, Options::ENABLE_TASKLISTS) {
        match event {
            Event::TaskListMarker(false) => boxes += 1,
            Event::TaskListMarker(true) => panic!("a ticked box:\n{md}"),
            Event::Html(_) | Event::InlineHtml(_) => panic!("HTML got through:\n{md}"),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Heading { .. }) => {}
            _ => {}
        }
    }
    // Three mitigations, one accepted risk, one parked item.
    assert_eq!(boxes, 5, "{md}");
    let emphasis = Parser::new(&md)
        .filter(|e| matches!(e, Event::Start(Tag::Emphasis | Tag::Strong)))
        .count();
    assert_eq!(emphasis, 0, "{md}");
}

#[test]
fn the_text_is_cleaned_of_control_characters() {
    let mut s = payments();
    s.mitigations[0].title = "Evil\u{1b}[2J title".into();
    s.mitigations[0].owner = "Mallory\u{7}".into();
    s.parking[0].text = "Parked\r\u{9b}31m".into();
    let text = Followup::of(&s, day("2026-12-10")).text("p\u{1b}.ron");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("Evil [2J title"), "{text}");
}

// The real binary.

#[test]
fn the_cli_exits_1_when_overdue_0_when_not_and_never_writes_the_record() {
    let home = Home::new();
    let dir = home.root().join("records");
    std::fs::create_dir_all(&dir).expect("folder");
    let path = dir.join("payments.ron");
    std::fs::copy(example(), &path).expect("copied");
    let before = std::fs::read(&path).expect("read");
    let arg = path.to_str().expect("a path");

    let run = home.run(&["followup", arg, "--today", "2026-12-10"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(
        run.stdout
            .starts_with("Follow-up of \"Payments API\" (payments.ron) as of 2026-12-10"),
        "{run:?}"
    );
    assert!(run.stdout.contains("OVERDUE by 2 days"), "{run:?}");
    assert_eq!(run.stderr, "");

    let run = home.run(&["followup", arg, "--today", "2026-12-01", "--format", "md"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert!(
        run.stdout.starts_with("# Follow-up: Payments API\n"),
        "{run:?}"
    );
    assert!(run.stdout.contains("- [ ] M2 "), "{run:?}");

    let run = home.run(&["followup", arg, "--today", "2026-12-10", "-f", "json"]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["mitigations"][0]["id"], 2);
    assert_eq!(json["mitigations"][0]["overdue_days"], 2);

    // Read only: the bytes are the same and nothing else appeared (no
    // lock, no backup).
    assert_eq!(std::fs::read(&path).expect("read"), before);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(files, ["payments.ron"]);
}

#[test]
fn several_records_are_listed_one_after_the_other() {
    let home = Home::new();
    let dir = home.root().join("records");
    std::fs::create_dir_all(&dir).expect("folder");
    let mut done = payments();
    done.title = "All done".into();
    for m in &mut done.mitigations {
        m.status = MitigationStatus::Done;
    }
    let first = saved(&dir, "done.ron", &done);
    let run = home.run(&[
        "followup",
        first.to_str().expect("path"),
        "--today",
        "2026-12-10",
    ]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert!(
        run.stdout
            .contains("Essential mitigations not done (0; 0 overdue)\n  None."),
        "{run:?}"
    );

    let second = dir.join("payments.ron");
    std::fs::copy(example(), &second).expect("copied");
    let run = home.run(&[
        "followup",
        first.to_str().expect("path"),
        second.to_str().expect("path"),
        "--today",
        "2026-12-10",
    ]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let a = run.stdout.find("\"All done\"").expect("first");
    let b = run.stdout.find("\"Payments API\"").expect("second");
    assert!(a < b, "{}", run.stdout);
}

#[test]
fn an_unreadable_record_exits_2_naming_it() {
    let home = Home::new();
    let dir = home.root().join("records");
    std::fs::create_dir_all(&dir).expect("folder");
    let broken = dir.join("broken.ron");
    std::fs::write(&broken, "(version: 6, summary: (").expect("written");
    let good = dir.join("payments.ron");
    std::fs::copy(example(), &good).expect("copied");
    let run = home.run(&[
        "followup",
        good.to_str().expect("path"),
        broken.to_str().expect("path"),
    ]);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(run.stderr.contains("broken.ron"), "{run:?}");
    assert_eq!(
        run.stdout, "",
        "nothing is printed when a record does not read"
    );

    let run = home.run(&["followup", dir.join("missing.ron").to_str().expect("path")]);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(run.stderr.contains("missing.ron"), "{run:?}");

    let run = home.run(&[
        "followup",
        good.to_str().expect("path"),
        "--today",
        "tomorrow",
    ]);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(run.stderr.contains("YYYY-MM-DD"), "{run:?}");
}
