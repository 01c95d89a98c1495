//! Test helpers: drive the real app loop with scripted keys, a fixed clock,
//! ratatui's TestBackend and a store in a temporary folder.

#![allow(dead_code)]

use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tamer::app::App;
use tamer::clock::{Clock, FixedClock};
use tamer::run::{Outcome, ScriptedEvents, run_loop};
use tamer::session::{PhaseScript, Session};
use tamer::store::Store;

pub struct Replay {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    pub outcome: Outcome,
    pub store: Store,
    pub clock: FixedClock,
    pub dir: tempfile::TempDir,
}

impl Replay {
    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        screen_text(&self.terminal)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn session(&self) -> &Session {
        self.app.session.as_ref().expect("a session")
    }
}

pub fn morning() -> DateTime<Utc> {
    FixedClock::workshop_morning().now()
}

pub fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::new(dir.path().join("data"), dir.path().join("config"))
        .with_rescue_dir(dir.path().join("rescue"));
    (dir, store)
}

/// Runs the launcher through the real loop with `keys` (see
/// [`ScriptedEvents::parse`]); the script ends with Ctrl-C.
pub fn replay(keys: &str, width: u16, height: u16) -> Replay {
    replay_app(
        |script, now, _| App::new(script, Vec::new(), now),
        keys,
        width,
        height,
    )
}

/// Like [`replay`], starting from the app `make` builds.
pub fn replay_app(
    make: impl FnOnce(PhaseScript, DateTime<Utc>, &Store) -> App,
    keys: &str,
    width: u16,
    height: u16,
) -> Replay {
    let (dir, store) = temp_store();
    let clock = FixedClock::workshop_morning();
    let mut app = make(PhaseScript::builtin(), clock.now(), &store);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let mut events = ScriptedEvents::parse(keys, &clock).expect("key script");
    let stop = AtomicBool::new(false);
    let outcome = run_loop(
        &mut terminal,
        &mut app,
        &mut events,
        &clock,
        &store,
        None,
        &stop,
    )
    .expect("the loop runs");
    Replay {
        app,
        terminal,
        outcome,
        store,
        clock,
        dir,
    }
}

pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let mut out = String::new();
    for (i, cell) in buffer.content.iter().enumerate() {
        out.push_str(cell.symbol());
        if (i + 1) % width == 0 {
            out.push('\n');
        }
    }
    out
}

/// Renders `app` once at `width`×`height` and returns the screen text.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    screen_text(&terminal)
}

/// A session a few minutes into its first step.
pub fn session_app(now: DateTime<Utc>) -> App {
    let script = PhaseScript::builtin();
    let session = Session::new(
        "Checkout API",
        60,
        vec!["Ada".into(), "Grace".into()],
        &script,
        now,
    );
    opened(App::with_session(script, session, now))
}

/// `app` as the loop hands it over before its first frame: the radar has
/// had its first look (the loop does this with a tick).
pub fn opened(mut app: App) -> App {
    let now = app.now;
    app.update(tamer::action::Action::Tick, now);
    app
}

/// The default thresholds with every detector but `ids` switched off.
pub fn only(ids: &[&str]) -> tamer::radar::Thresholds {
    tamer::radar::Thresholds {
        disabled: tamer::radar::CATALOGUE
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !ids.contains(id))
            .map(str::to_owned)
            .collect(),
        ..tamer::radar::Thresholds::default()
    }
}

/// Moves on (answering yes to any question) until step `id` is on screen.
pub fn to_step(app: &mut App, id: &str) {
    for _ in 0..40 {
        let here = app.session.as_ref().and_then(|s| s.step()).map(|s| &s.id);
        if here.is_some_and(|s| s == id) {
            return;
        }
        let now = app.now;
        app.update(tamer::action::Action::NextStep, now);
        if app.confirm().is_some() {
            app.update(tamer::action::Action::Confirm, now);
        }
    }
    panic!("no step {id} ahead");
}

/// `sessions/example-payments.ron`, the example that uses every part of
/// the record; the exports and interop tests start from it.
pub fn payments() -> Session {
    Store::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-payments.ron"),
    )
    .expect("the payments example loads")
}

/// `session` through an exporter (`otm::render`, …) as if exported from
/// the payments example's record at `now`, with the built-in decks.
pub fn exported(
    render: fn(&Session, &tamer::export::Context) -> String,
    session: &Session,
    now: DateTime<Utc>,
) -> String {
    let library = tamer::deck::Library::builtin();
    let ctx = tamer::export::Context {
        record: "example-payments.ron",
        library: &library,
        now,
    };
    render(session, &ctx)
}

/// `text` through an importer (`otm::read`, …) at `now`, with no title
/// given and the built-in phase script.
pub fn imported(
    read: fn(&str, &str, &tamer::import::Options) -> tamer::error::Result<tamer::import::Imported>,
    file: &str,
    text: &str,
    now: DateTime<Utc>,
) -> tamer::error::Result<tamer::import::Imported> {
    let script = PhaseScript::builtin();
    let options = tamer::import::Options {
        title: None,
        now,
        script: &script,
    };
    read(file, text, &options)
}
