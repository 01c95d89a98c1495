//! `tamer view`: the follower reads the record again when another process
//! changes it, keeps the last good session when a change cannot be read,
//! and never writes the record or takes its lock.

mod common;
mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tamer::action::{Action, Effect};
use tamer::app::App;
use tamer::clock::{Clock, FixedClock};
use tamer::follow::{Follower, Watching};
use tamer::run::{Events, ScriptedEvents, run_loop};
use tamer::session::{Change, PhaseScript, Session, ThreatDraft, record};

/// How long a change may take to reach the follower before a test gives
/// up: generous for a loaded machine; a passing test never waits this long.
const LIMIT: Duration = common::TIMEOUT;

fn session(clock: &FixedClock) -> Session {
    Session::new(
        "Checkout",
        90,
        vec!["Ada".into()],
        &PhaseScript::builtin(),
        clock.now(),
    )
}

fn with_threat(mut session: Session, title: &str, clock: &FixedClock) -> Session {
    session
        .apply(
            Change::AddThreat(ThreatDraft {
                title: title.into(),
                ..ThreatDraft::default()
            }),
            clock.now(),
        )
        .expect("a threat");
    session
}

/// Writes `bytes` over `path` the way tamer's store does: a file beside it,
/// renamed over it (so the record's inode changes).
fn replace(path: &Path, bytes: &[u8]) {
    let tmp = path.with_file_name(".writer.tmp");
    std::fs::write(&tmp, bytes).expect("write the new version");
    std::fs::rename(&tmp, path).expect("rename it over the record");
}

fn write_record(path: &Path, session: &Session) {
    replace(path, record::to_ron(session).expect("to RON").as_bytes());
}

/// A record in a fresh folder.
fn folder_with(session: &Session) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("checkout.ron");
    write_record(&path, session);
    (dir, path)
}

/// The follower's app in the whole session screen (F2 off), where the
/// threats list and the status bar show.
fn follower_app(session: Session, clock: &FixedClock) -> App {
    let mut app = App::following(PhaseScript::builtin(), session, clock.now(), "checkout.ron");
    assert!(app.present, "the follower starts in the presenter layout");
    app.present = false;
    app
}

/// A second writer (another thread, writing as another process would)
/// changes the record; the follower notices, reads it and shows the threat.
fn sees_a_second_writer(follower: impl FnOnce(&Path) -> Follower) {
    let clock = FixedClock::workshop_morning();
    let first = session(&clock);
    let (_dir, path) = folder_with(&first);
    let mut app = follower_app(first.clone(), &clock);
    let mut follower = follower(&path);
    assert!(
        follower.next_change(Duration::from_millis(50)).is_none(),
        "nothing changed yet"
    );

    let next = with_threat(first, "Card numbers end up in the logs", &clock);
    let writer = {
        let (path, next) = (path.clone(), next.clone());
        std::thread::spawn(move || write_record(&path, &next))
    };
    let action = follower.next_change(LIMIT).expect("the change is seen");
    writer.join().expect("the writer");
    assert_eq!(action, Action::Reloaded(Box::new(next)));
    let effects = app.update(action, clock.now());
    assert!(!effects.contains(&Effect::Save), "{effects:?}");
    let screen = support::render(&app, 100, 30);
    assert!(
        screen.contains("Card numbers end up in the logs"),
        "{screen}"
    );
}

#[test]
fn a_notified_follower_sees_a_second_writers_change() {
    sees_a_second_writer(|path| {
        let follower = Follower::new(path).expect("follow");
        #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
        assert_eq!(follower.watching(), Watching::Notified);
        follower
    });
}

#[test]
fn a_polling_follower_sees_a_second_writers_change() {
    sees_a_second_writer(|path| {
        let follower = Follower::polling(path).expect("follow");
        assert_eq!(follower.watching(), Watching::Polling);
        follower
    });
}

/// A program that writes the record in place (no rename) is followed too.
#[test]
fn a_change_written_in_place_is_seen() {
    let clock = FixedClock::workshop_morning();
    let first = session(&clock);
    let (_dir, path) = folder_with(&first);
    let mut follower = Follower::new(&path).expect("follow");
    let next = with_threat(first, "Written in place", &clock);
    std::fs::write(&path, record::to_ron(&next).expect("to RON")).expect("write in place");
    assert_eq!(
        follower.next_change(LIMIT),
        Some(Action::Reloaded(Box::new(next)))
    );
}

/// Reading the record (as the follower itself does) is no change: the
/// follower does not wake itself up.
#[test]
fn reading_the_record_is_no_change() {
    let clock = FixedClock::workshop_morning();
    let (_dir, path) = folder_with(&session(&clock));
    let mut follower = Follower::new(&path).expect("follow");
    let _ = follower.reload();
    std::fs::read(&path).expect("read");
    assert_eq!(follower.next_change(Duration::from_millis(300)), None);
}

#[test]
fn a_broken_rewrite_keeps_the_last_good_screen_and_names_the_file() {
    let clock = FixedClock::workshop_morning();
    let good = with_threat(session(&clock), "Replay of the card token", &clock);
    let (_dir, path) = folder_with(&good);
    let mut app = follower_app(good.clone(), &clock);
    let mut follower = Follower::new(&path).expect("follow");

    // Half a record, as a program that is not tamer may leave it.
    let text = record::to_ron(&good).expect("to RON");
    replace(&path, &text.as_bytes()[..text.len() / 2]);
    let action = follower.next_change(LIMIT).expect("the change is seen");
    let Action::ReloadFailed(why) = &action else {
        panic!("expected a failed reload, got {action:?}");
    };
    assert!(why.contains(&path.display().to_string()), "{why}");
    assert!(why.contains("showing the last good version"), "{why}");
    app.update(action.clone(), clock.now());
    assert_eq!(app.session.as_ref(), Some(&good));
    let screen = support::render(&app, 120, 30);
    assert!(screen.contains("Replay of the card token"), "{screen}");
    assert!(screen.contains("showing the last good version"), "{screen}");

    // The next good change recovers, and the message goes.
    let fixed = with_threat(good, "Tokens never expire", &clock);
    write_record(&path, &fixed);
    let action = follower.next_change(LIMIT).expect("the change is seen");
    app.update(action, clock.now());
    assert_eq!(app.session.as_ref(), Some(&fixed));
    assert_eq!(app.status, None);
    let screen = support::render(&app, 120, 30);
    assert!(screen.contains("Tokens never expire"), "{screen}");
    assert!(!screen.contains("last good version"), "{screen}");
}

#[test]
fn a_deleted_record_is_said_and_waited_for() {
    let clock = FixedClock::workshop_morning();
    let good = session(&clock);
    let (_dir, path) = folder_with(&good);
    let mut follower = Follower::new(&path).expect("follow");
    std::fs::remove_file(&path).expect("delete");
    let action = follower.next_change(LIMIT).expect("the deletion is seen");
    let Action::ReloadFailed(why) = &action else {
        panic!("expected a failed reload, got {action:?}");
    };
    assert!(why.contains("is gone"), "{why}");
    assert!(why.contains(&path.display().to_string()), "{why}");
    // It comes back: followed again.
    let back = with_threat(good, "Back again", &clock);
    write_record(&path, &back);
    assert_eq!(
        follower.next_change(LIMIT),
        Some(Action::Reloaded(Box::new(back)))
    );
}

/// Scripted keys, and reloads handed to the loop as a follower hands
/// them: a wait that comes back without an event, then [`Events::pending`].
/// A reload the loop does not ask for is lost.
struct WithReloads<'a> {
    keys: ScriptedEvents<'a>,
    reloads: std::collections::VecDeque<Action>,
    ready: Option<Action>,
}

impl Events for WithReloads<'_> {
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<crossterm::event::Event>> {
        self.ready = self.reloads.pop_front();
        if self.ready.is_some() {
            return Ok(None);
        }
        self.keys.next(timeout)
    }

    fn pending(&mut self) -> Option<Action> {
        self.ready.take()
    }
}

/// Through the real loop: what the follower reads reaches the screen, and
/// nothing is ever written, whatever keys are pressed and however the
/// session goes (the radar raising flags included).
#[test]
fn the_loop_shows_reloads_and_never_writes_the_record() {
    let clock = FixedClock::workshop_morning();
    let first = session(&clock);
    let (_dir, path) = folder_with(&first);
    let before = std::fs::read(&path).expect("read");
    let (_store_dir, store) = support::temp_store();
    let mut app = follower_app(first.clone(), &clock);
    let mut next = first;
    let mut reloads = std::collections::VecDeque::new();
    for i in 0..12 {
        next = with_threat(next, &format!("Threat number {i}"), &clock);
        reloads.push_back(Action::Reloaded(Box::new(next.clone())));
    }
    reloads.push_back(Action::ReloadFailed("checkout.ron: broken".into()));
    let keys = ScriptedEvents::parse("tNot typed<enter><wait 10m>nA<space>u<wait 30m>q", &clock)
        .expect("keys");
    let mut events = WithReloads {
        keys,
        reloads,
        ready: None,
    };
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let outcome = run_loop(
        &mut terminal,
        &mut app,
        &mut events,
        &clock,
        &store,
        None,
        &AtomicBool::new(false),
    )
    .expect("the loop runs");
    assert!(outcome.read_only);
    assert_eq!(outcome.record, None);
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(store.list().expect("list").is_empty());
    assert_eq!(app.session.as_ref().map(|s| s.threats.len()), Some(12));
    let screen = support::screen_text(&terminal);
    assert!(screen.contains("Threat number 0"), "{screen}");
    assert!(!screen.contains("Not typed"), "{screen}");
}

#[cfg(unix)]
mod pty {
    use super::common::Home;
    use super::common::pty::Tty;
    use std::time::Duration;

    const EXIT_LIMIT: Duration = Duration::from_secs(10);
    /// F2 as an xterm sends it.
    const F2: &str = "\x1bOQ";

    /// The facilitator types in one tamer; `tamer view` in another
    /// terminal keeps up. The view took no lock (the writer opened the
    /// record after it) and wrote nothing.
    #[test]
    fn the_view_keeps_up_with_a_tamer_typing_in_another_terminal() {
        let home = Home::new();
        let mut first = Tty::spawn(&home, &["new", "--title", "Shared screen"]);
        first.wait_for(&["Shared screen", "Threats (0)"]);
        first.send("q");
        assert!(first.finish(EXIT_LIMIT).0.success());
        let record = home.only_record();
        let path = record.to_str().expect("utf-8 path");

        let mut view = Tty::spawn(&home, &["view", path]);
        // The presenter layout first.
        view.wait_for(&["left of", "Scope of today"]);

        // The writer opens the record while the view runs: no lock is held.
        let mut writer = Tty::spawn(&home, &["resume", path]);
        writer.wait_for(&["Shared screen", "Threats (0)"]);
        writer.send("n");
        writer.wait_for(&["step 2 of"]);
        view.wait_for(&["Approach and rating"]);

        view.send(F2);
        view.wait_for(&["Threats (0)", "READ-ONLY", "following"]);
        writer.send("t");
        writer.wait_for(&["New threat"]);
        writer.send("Session cookie without Secure\r");
        writer.wait_for(&["Threats (1)"]);
        view.wait_for(&["Threats (1)", "Session cookie without Secure"]);

        // Keys that would change the session change nothing here.
        view.send("t");
        view.wait_for(&["changes nothing here"]);

        writer.send("q");
        assert!(writer.finish(EXIT_LIMIT).0.success());
        let written = std::fs::read(&record).expect("read the record");
        view.send("q");
        let (status, bytes) = view.finish(EXIT_LIMIT);
        assert!(status.success(), "{status:?}");
        let said = String::from_utf8_lossy(&bytes);
        assert!(said.contains("Closed without writing anything"), "{said}");
        assert_eq!(std::fs::read(&record).expect("read the record"), written);
        let name = record.file_name().expect("name").to_string_lossy();
        assert!(!record.with_file_name(format!(".{name}.lock")).exists());
    }

    #[test]
    fn a_record_that_does_not_exist_is_refused_naming_it() {
        let home = Home::new();
        let run = home.run(&["view", "nowhere.ron"]);
        assert!(!run.status.success());
        assert!(run.stderr.contains("nowhere.ron"), "{run:?}");
    }
}
