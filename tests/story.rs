//! `tamer story`: story-sized sessions on a copy of the payments example in
//! a temporary data folder, driven through the real loop with scripted
//! keys, read back from disk; then `tamer followup` on the result; and the
//! real binary refusing what it cannot do.

mod common;
mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tamer::app::App;
use tamer::clock::{Clock, FixedClock};
use tamer::followup::Followup;
use tamer::run::{ScriptedEvents, run_loop};
use tamer::session::story::Stories;
use tamer::session::{EventKind, PhaseScript, Session};
use tamer::store::Store;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-payments.ron")
}

/// A week after the example's session.
fn a_week_later() -> FixedClock {
    let at = DateTime::parse_from_rfc3339("2026-12-07T14:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .expect("a time");
    FixedClock::new(at)
}

/// A temporary data folder with a copy of the example in its sessions
/// folder.
fn copied() -> (tempfile::TempDir, Store, PathBuf) {
    let (dir, store) = support::temp_store();
    let folder = store.sessions_dir();
    std::fs::create_dir_all(&folder).expect("sessions folder");
    let path = folder.join("payments.ron");
    std::fs::copy(example(), &path).expect("copied");
    (dir, store, path)
}

/// `tamer story` as the binary runs it (open under the lock, start the
/// story, save, the session screen), with `keys` through the real loop;
/// the script ends with Ctrl-C, which saves and quits.
fn story(store: &Store, path: &Path, title: &str, keys: &str, clock: &FixedClock) -> App {
    let (held, session, _) =
        tamer::story::open(store, path, title, 10, clock.now()).expect("the story starts");
    let mut app = App::with_session(PhaseScript::builtin(), session, clock.now());
    app.resumed(clock.now());
    let mut terminal = Terminal::new(TestBackend::new(120, 36)).expect("terminal");
    let mut events = ScriptedEvents::parse(keys, clock).expect("key script");
    let stop = AtomicBool::new(false);
    let outcome = run_loop(
        &mut terminal,
        &mut app,
        &mut events,
        clock,
        store,
        Some(held),
        &stop,
    )
    .expect("the loop runs");
    assert!(outcome.unsaved.is_none(), "{:?}", outcome.unsaved);
    app
}

/// The keys of a story: drop the example's kept draft, add an element,
/// move on, capture a threat from the card on the table, move on (yes,
/// with cards of the deck left), add an essential mitigation owned by
/// Grace and due on the 10th of December, close the last step.
fn keys(element: &str, threat: &str, mitigation: &str) -> String {
    format!(
        "<esc>y\
         e{element}<c-s><esc><wait 30s>\
         n<wait 10s>cf{threat}<enter><wait 10s>c\
         ny<wait 10s>m{mitigation}<tab><tab><tab><tab><tab><tab>Grace<tab>2026-12-10<c-s>\
         <wait 10s>n"
    )
}

fn kinds(s: &Session) -> Vec<&EventKind> {
    s.timeline.iter().map(|e| &e.kind).collect()
}

#[test]
fn a_story_adds_to_the_baseline_and_a_second_one_follows() {
    let (_dir, store, path) = copied();
    let before = Store::load(&path).expect("loads");
    let clock = a_week_later();
    story(
        &store,
        &path,
        "Refunds by bank transfer",
        &keys(
            "Bank transfer service",
            "Refund sent to an attacker's IBAN",
            "Confirm a new IBAN with a second agent",
        ),
        &clock,
    );
    let after = Store::load(&path).expect("the record still loads");

    // The baseline's content is as it was.
    assert_eq!(after.threats[..before.threats.len()], before.threats[..]);
    assert_eq!(
        after.mitigations[..before.mitigations.len()],
        before.mitigations[..]
    );
    assert_eq!(after.model[..before.model.len()], before.model[..]);
    assert_eq!(after.parking, before.parking);
    assert_eq!(after.title, before.title);
    let ids = |s: &Session| s.steps.iter().map(|st| st.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&after)[..before.steps.len()], ids(&before)[..]);
    assert_eq!(after.timeline[..before.timeline.len()], before.timeline[..]);

    // The new items are there.
    let element = after.model.last().expect("an element");
    assert_eq!(element.name, "Bank transfer service");
    let threat = after.threats.last().expect("a threat");
    assert_eq!(threat.title, "Refund sent to an attacker's IBAN");
    assert_eq!(threat.step, "story1-discover");
    // Found with a card of the continuous deck.
    assert_eq!(
        threat.card.as_ref().map(|c| c.deck.as_str()),
        Some("continuous"),
        "{threat:?}"
    );
    assert_eq!(after.dealing.as_deref(), Some("continuous"));
    let m = after.mitigations.last().expect("a mitigation");
    assert_eq!(m.title, "Confirm a new IBAN with a second agent");
    assert!(m.essential);
    assert_eq!(m.owner, "Grace");
    assert_eq!(m.due.map(|d| d.to_string()).as_deref(), Some("2026-12-10"));
    assert_eq!(m.threats, [threat.id]);

    // The timeline has the story, and what it added is attributed to it.
    let kinds = kinds(&after);
    assert!(kinds.contains(&&EventKind::StoryStarted {
        title: "Refunds by bank transfer".into(),
        minutes: 10
    }));
    assert!(kinds.contains(&&EventKind::StoryEnded {
        title: "Refunds by bank transfer".into()
    }));
    assert!(
        after.finished.is_some(),
        "closing its last step finished it"
    );
    let stories = Stories::of(&after);
    assert_eq!(stories.all.len(), 1);
    let s1 = &stories.all[0];
    assert_eq!(
        (
            s1.elements.clone(),
            s1.threats.clone(),
            s1.mitigations.clone()
        ),
        (vec![element.id], vec![threat.id], vec![m.id])
    );
    assert!(s1.ended.is_some());
    assert_eq!(
        stories.added(&EventKind::ThreatCaptured { id: 1 }),
        None,
        "the baseline's threats are nobody's story"
    );

    // `followup` lists the new essential mitigation, as the story's.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 12).expect("a day");
    let f = Followup::of(&after, today);
    let todo = f.mitigations.iter().find(|t| t.id == m.id).expect("listed");
    assert_eq!(todo.overdue_days, Some(2));
    assert_eq!(todo.story.as_deref(), Some("Refunds by bank transfer"));
    assert!(
        f.text("payments.ron")
            .contains("added by the story \"Refunds by bank transfer\"")
    );

    // A second story on the same record.
    clock.advance_secs(3 * 24 * 3600);
    story(
        &store,
        &path,
        "Partial refunds",
        &keys(
            "Refund calculator",
            "Partial refund above the paid amount",
            "Cap the refund at what was paid",
        )
        .replacen("<esc>y", "", 1),
        &clock,
    );
    let again = Store::load(&path).expect("loads");
    let stories = Stories::of(&again);
    let titles: Vec<&str> = stories.all.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Refunds by bank transfer", "Partial refunds"]);
    assert_eq!(stories.all[1].threats.len(), 1);
    assert_eq!(
        again.threats.last().map(|t| t.step.as_str()),
        Some("story2-discover")
    );
    assert!(ids(&again).iter().any(|id| id == "story2-decide"));
    // The first story kept what it had.
    assert_eq!(stories.all[0], Stories::of(&after).all[0]);

    // `tamer replay` of the record: at its end the rebuilt session is the
    // record, and every moment of it is a whole session; before the first
    // story its steps are there, unvisited, and the baseline step runs.
    use tamer::session::asof;
    let mut end = asof::at(&again, asof::end(&again));
    end.draft.clone_from(&again.draft);
    assert_eq!(end, again);
    for e in &again.timeline {
        let then = asof::at(&again, e.at);
        assert_eq!(tamer::session::check::check(&then), [], "at {}", e.at);
    }
    let story_start = again
        .timeline
        .iter()
        .find(|e| matches!(e.kind, EventKind::StoryStarted { .. }))
        .map(|e| e.at)
        .expect("a story");
    let before_it = asof::at(&again, story_start - chrono::Duration::seconds(1));
    assert_eq!(before_it.step().map(|s| s.id.as_str()), Some("retro"));
    let at_it = asof::at(&again, story_start);
    assert_eq!(at_it.step().map(|s| s.id.as_str()), Some("story1-change"));
    assert!(at_it.step().is_some_and(|s| s.clock.is_running()));

    // The notes list both stories with what they added.
    let library = tamer::deck::Library::builtin();
    let ctx = tamer::export::Context {
        record: "payments.ron",
        library: &library,
        now: clock.now(),
    };
    let md = match tamer::export::export(&again, tamer::export::Format::Md, &ctx) {
        tamer::export::Output::One(text) => text,
        tamer::export::Output::Files(_) => panic!("one file"),
    };
    assert!(md.contains("## Stories (2)"), "{md}");
    // The model was agreed before the stories: the notes say what came
    // after.
    assert!(md.contains("elements since."), "{md}");
    assert!(
        md.contains("- Story 1: Refunds by bank transfer (started 2026-12-07 14:00 UTC, 10 min"),
        "{md}"
    );
    assert!(
        md.contains("  - Threats: T6 Partial refund above the paid amount"),
        "{md}"
    );
}

#[test]
fn a_story_on_an_unfinished_record_leaves_the_time_away_out() {
    let (_dir, store, path) = copied();
    let before = Store::load(&path).expect("loads");
    let clock = a_week_later();
    // Quit at once: the story stays open.
    story(&store, &path, "Chargebacks", "<esc>y", &clock);
    let after = Store::load(&path).expect("loads");
    // The retro step, running when the record was left, kept the time it
    // had: the week away is not counted in it.
    let retro = |s: &Session| {
        s.steps
            .iter()
            .find(|st| st.id == "retro")
            .map(|st| st.clock.clone())
    };
    let (was, is) = (
        retro(&before).expect("retro"),
        retro(&after).expect("retro"),
    );
    assert!(!is.is_running());
    assert!(is.spent(clock.now()) < 3600, "{was:?} → {is:?}");
    assert_eq!(after.step().map(|s| s.id.as_str()), Some("story1-change"));
    assert!(Stories::of(&after).open().is_some());
    // A second story is refused while this one is open.
    let err = tamer::story::open(&store, &path, "Another", 10, clock.now())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("\"Chargebacks\"") && err.contains("still open"),
        "{err}"
    );
}

/// On the session screen a story is a story: its title, its own steps
/// and phases, its own planned end; the baseline's bank is not its to
/// give, and its discovery step asks before cards are left behind.
#[test]
fn the_session_screen_shows_the_story_and_keeps_the_baseline_bank() {
    use tamer::action::Action;
    let (_dir, store, path) = copied();
    let clock = a_week_later();
    let (_held, mut session, _) =
        tamer::story::open(&store, &path, "Refunds by bank transfer", 10, clock.now())
            .expect("the story starts");
    let bank = session.bank_secs;
    assert!(bank > 0, "the example has a bank");
    // The example's kept draft would open first.
    session.draft = None;
    let mut app = App::with_session(PhaseScript::builtin(), session, clock.now());
    app.resumed(clock.now());
    let screen = support::render(&app, 120, 36);
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("Story 1: Refunds by bank transfer · Payments API"),
        "{screen}"
    );
    assert!(header.contains("story step 1 of 3"), "{header}");
    assert!(header.contains("planned 14:10"), "{header}");
    let phases = screen.lines().nth(1).unwrap_or_default();
    assert!(phases.starts_with(" Story phases ▶1 ·2 ·3 "), "{phases}");
    assert!(!screen.contains("g gives it"), "{screen}");

    // g: the bank stays; the status says whose it is.
    let boxes = |app: &App| {
        let s = app.session.as_ref().expect("a session");
        let budgets: Vec<i64> = s.steps.iter().map(|st| st.clock.budget_secs).collect();
        (s.bank_secs, budgets)
    };
    let before = boxes(&app);
    app.update(Action::GiveBank, clock.now());
    assert!(boxes(&app) == before, "nothing given");
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("belongs to the baseline session")),
        "{:?}",
        app.status
    );
    // +: five new minutes, and the story's end moves with them.
    app.update(Action::Extend, clock.now());
    let s = app.session.as_ref().expect("a session");
    assert_eq!(s.bank_secs, bank);
    let screen = support::render(&app, 120, 36);
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("planned 14:15"), "{header}");

    // In the story's discovery step, with the deck's cards left, n asks.
    clock.advance_secs(60);
    app.update(Action::NextStep, clock.now());
    assert_eq!(
        app.session
            .as_ref()
            .and_then(|s| s.step())
            .map(|s| s.id.clone()),
        Some("story1-discover".to_owned())
    );
    app.update(Action::NextStep, clock.now());
    assert!(
        matches!(app.top(), Some(tamer::app::Layer::Confirm(_))),
        "{:?}",
        app.top()
    );
    let screen = support::render(&app, 120, 36);
    assert!(screen.contains("cards are left in the walk"), "{screen}");
    // The presenter layout names the story too.
    app.update(Action::Cancel, clock.now());
    app.update(Action::TogglePresent, clock.now());
    let screen = support::render(&app, 120, 36);
    assert!(
        screen.contains("Story 1: Refunds by bank transfer · Phase 2"),
        "{screen}"
    );
}

/// `sessions/example-story.ron`: the payments example a week later, with
/// one story ("Refunds by bank transfer") run through the real loop on a
/// fixed clock. It adds an element and a data flow to the baseline's
/// model, a threat found with a card of the continuous deck and an
/// essential mitigation with an owner and a due date, then ends.
fn example_story() -> Vec<u8> {
    let (_dir, store, path) = copied();
    let clock = a_week_later();
    // About the pace of a real story: a minute and a half on the change,
    // four minutes on the cards, three to decide.
    let keys = "<esc>y\
        eBank transfer service<c-s><esc><wait 30s>\
        wRefund transfer<tab>2<tab>6<tab>IBAN, amount<tab>HTTPS<tab>y<tab>y<c-s><wait 60s>\
        n<wait 90s>cfRefund sent to an attacker's IBAN<enter><wait 150s>c\
        ny<wait 60s>mConfirm a new IBAN with a second agent\
        <tab><tab><tab><tab>A changed IBAN is paid only once a second agent confirmed it\
        <tab><tab>Grace<tab>2026-12-10<c-s><wait 120s>n";
    story(&store, &path, "Refunds by bank transfer", keys, &clock);
    std::fs::read(&path).expect("the story's record")
}

/// The committed example is what the story makes today (regenerate with
/// `TAMER_WRITE_EXAMPLES=1 cargo test --test story`), and holds what it
/// is an example of.
#[test]
fn the_story_example_is_current() {
    let wanted = example_story();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-story.ron");
    if std::env::var_os("TAMER_WRITE_EXAMPLES").is_some() {
        std::fs::write(&path, &wanted).expect("the example is written");
    }
    let on_disk = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; regenerate with TAMER_WRITE_EXAMPLES=1",
            path.display()
        )
    });
    assert!(
        on_disk == wanted,
        "{} is not what the story makes today; regenerate with TAMER_WRITE_EXAMPLES=1",
        path.display()
    );

    let s = Store::load(&path).expect("the example loads");
    let stories = Stories::of(&s);
    assert_eq!(stories.all.len(), 1);
    let story = &stories.all[0];
    assert_eq!(story.title, "Refunds by bank transfer");
    assert!(story.ended.is_some() && s.finished.is_some());
    let added: Vec<&tamer::session::Element> = story
        .elements
        .iter()
        .filter_map(|id| s.element(*id))
        .collect();
    let names: Vec<&str> = added.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Bank transfer service", "Refund transfer"]);
    let flow = added[1].flow.as_ref().expect("a data flow");
    assert_eq!((flow.from, flow.to), (2, added[0].id), "{flow:?}");
    let threat = s.threat(story.threats[0]).expect("the threat");
    assert_eq!(
        threat.card.as_ref().map(|c| c.deck.as_str()),
        Some("continuous")
    );
    let m = s
        .mitigations
        .iter()
        .find(|m| story.mitigations.contains(&m.id))
        .expect("the mitigation");
    assert!(
        m.essential && m.owner == "Grace" && m.due.is_some(),
        "{m:?}"
    );
    assert!(!m.criteria.is_empty(), "{m:?}");
    assert_eq!(m.threats, [threat.id]);
}

// The real binary.

mod cli {
    use super::*;
    use common::Home;

    #[test]
    fn a_missing_record_is_refused_naming_it() {
        let home = Home::new();
        let missing = home.root().join("nowhere.ron");
        let run = home.run(&["story", missing.to_str().expect("path"), "--title", "X"]);
        assert_eq!(run.status.code(), Some(1), "{run:?}");
        assert!(run.stderr.contains("nowhere.ron"), "{run:?}");
    }

    #[test]
    fn a_title_is_required_and_minutes_must_suit_a_story() {
        let home = Home::new();
        let path = home.root().join("p.ron");
        std::fs::copy(example(), &path).expect("copied");
        let arg = path.to_str().expect("path");
        let run = home.run(&["story", arg]);
        assert!(!run.status.success());
        assert!(run.stderr.contains("--title"), "{run:?}");
        let run = home.run(&["story", arg, "--title", "X", "--minutes", "1"]);
        assert!(!run.status.success());
        assert!(run.stderr.contains("too short"), "{run:?}");
        let run = home.run(&["story", arg, "--title", "   "]);
        assert!(!run.status.success());
        assert!(run.stderr.contains("needs a title"), "{run:?}");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            std::fs::read(example()).expect("read")
        );
    }

    #[test]
    fn list_shows_the_stories_and_writes_nothing() {
        let home = Home::new();
        let dir = home.root().join("records");
        std::fs::create_dir_all(&dir).expect("folder");
        let path = dir.join("payments.ron");
        std::fs::copy(example(), &path).expect("copied");
        let arg = path.to_str().expect("path");
        let run = home.run(&["story", arg, "--list"]);
        assert!(run.status.success(), "{run:?}");
        assert!(
            run.stdout.starts_with("No stories on \"Payments API\""),
            "{run:?}"
        );

        let store = Store::new(home.root().join("d"), home.root().join("c"));
        let clock = a_week_later();
        let (held, mut session, _) =
            tamer::story::open(&store, &path, "Refunds", 10, clock.now()).expect("starts");
        session.capture_threat("Forged refund", clock.now());
        store.save(&held, &session).expect("saved");
        drop(held);
        let bytes = std::fs::read(&path).expect("read");
        let run = home.run(&["story", arg, "--list"]);
        assert!(run.status.success(), "{run:?}");
        assert!(
            run.stdout.contains(
                "  1  2026-12-07 14:00 UTC  10 min, still open  Refunds\n     added 1 threat\n"
            ),
            "{run:?}"
        );
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
    }

    #[cfg(unix)]
    #[test]
    fn a_record_open_elsewhere_is_refused_and_a_story_runs_in_a_terminal() {
        use common::pty::Tty;
        let home = Home::new();
        let dir = home.root().join("records");
        std::fs::create_dir_all(&dir).expect("folder");
        let path = dir.join("payments.ron");
        std::fs::copy(example(), &path).expect("copied");
        let arg = path.to_str().expect("path");

        // Held by this process, as another tamer would.
        let store = Store::new(home.root().join("d"), home.root().join("c"));
        let (held, _) = store.open(&path, chrono::Utc::now()).expect("locked here");
        let mut tty = Tty::spawn(&home, &["story", arg, "--title", "Refunds"]);
        let (status, bytes) = tty.finish(std::time::Duration::from_secs(20));
        assert!(!status.success(), "{status:?}");
        let said = String::from_utf8_lossy(&bytes).replace("\r\n", " ");
        assert!(said.contains("is open in another tamer"), "{said}");
        assert!(said.contains("close it in the other tamer first"), "{said}");
        drop(held);
        assert_eq!(
            std::fs::read(&path).expect("read"),
            std::fs::read(example()).expect("read")
        );

        // Free again: the story opens on the session screen.
        let mut tty = Tty::spawn(&home, &["story", arg, "--title", "Refunds"]);
        tty.wait_for(&["What changes?", "Story \"Refunds\""]);
        tty.send("\x1b");
        tty.wait_for(&["y yes"]);
        tty.send("y");
        tty.send("q");
        let (status, bytes) = tty.finish(std::time::Duration::from_secs(20));
        assert!(
            status.success(),
            "{status:?} {}",
            String::from_utf8_lossy(&bytes)
        );
        let after = Store::load(&path).expect("loads");
        assert_eq!(Stories::of(&after).all.len(), 1);
    }
}

/// A story that closes the record says how long the story took, not the
/// whole record's time.
#[test]
fn a_finished_story_counts_its_own_time() {
    use tamer::action::Action;
    let (_dir, store, path) = copied();
    let clock = a_week_later();
    let (_held, mut session, _) =
        tamer::story::open(&store, &path, "Quick", 10, clock.now()).expect("the story starts");
    session.draft = None;
    let mut app = App::with_session(PhaseScript::builtin(), session, clock.now());
    app.resumed(clock.now());
    while app.session.as_ref().is_some_and(|s| s.finished.is_none()) {
        clock.advance_secs(60);
        app.update(Action::NextStep, clock.now());
        if !app.layers.is_empty() {
            app.update(Action::Confirm, clock.now());
        }
    }
    let screen = support::render(&app, 120, 36);
    assert!(screen.contains("done · 3:00 used by the story"), "{screen}");
}
