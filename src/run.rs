//! The terminal loop: set up and restore the terminal, turn events into
//! actions, carry out effects through `store`, and redraw only when something
//! shown changed (a key, a resize, the timer's displayed second).
//!
//! The loop is generic over the ratatui backend, the event source and the
//! clock, so tests drive the very same loop with scripted keys, a fixed clock
//! and ratatui's `TestBackend`.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::action::{Action, Effect};
use crate::app::App;
use crate::clock::{Clock, FixedClock};
use crate::error::{Error, Result};
use crate::keys;
use crate::store::{Held, Store};

/// The longest the loop sleeps, so a SIGTERM or SIGHUP is noticed promptly
/// even while nothing on screen changes.
pub const MAX_WAIT: Duration = Duration::from_millis(250);

/// Where terminal events come from.
pub trait Events {
    /// The next event, or `None` when `timeout` passed without one.
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<Event>>;

    /// Something that happened elsewhere than in the terminal while
    /// waiting (`tamer view`: the record changed on disk), asked for when
    /// [`Events::next`] came back without an event.
    fn pending(&mut self) -> Option<Action> {
        None
    }
}

/// The real terminal.
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<Event>> {
        #[cfg(target_os = "linux")]
        {
            // crossterm 0.29 spins at full speed inside `poll` once the terminal
            // hangs up (it retries a read that keeps returning end-of-file), so
            // it is only asked for input after our own poll of the terminal
            // says there is no hang-up. A signal ends the wait early and comes
            // back as a tick, so the loop sees a stop request at once.
            if wait_for_input(Duration::ZERO)? == Wait::HungUp {
                return Err(hung_up());
            }
            if crossterm::event::poll(Duration::ZERO)? {
                return crossterm::event::read().map(Some);
            }
            match wait_for_input(timeout)? {
                Wait::HungUp => Err(hung_up()),
                Wait::Ready if crossterm::event::poll(Duration::ZERO)? => {
                    crossterm::event::read().map(Some)
                }
                _ => Ok(None),
            }
        }
        #[cfg(not(target_os = "linux"))]
        if crossterm::event::poll(timeout)? {
            crossterm::event::read().map(Some)
        } else {
            Ok(None)
        }
    }
}

#[cfg(target_os = "linux")]
#[derive(Debug, PartialEq, Eq)]
enum Wait {
    Ready,
    HungUp,
    /// Timed out, or a signal arrived.
    Nothing,
}

#[cfg(target_os = "linux")]
fn hung_up() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the terminal hung up")
}

/// Waits up to `timeout` for input on stdin, the terminal.
#[cfg(target_os = "linux")]
fn wait_for_input(timeout: Duration) -> std::io::Result<Wait> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec {
        tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(timeout.subsec_nanos()),
    };
    match poll(&mut fds, Some(&timeout)) {
        Ok(0) | Err(rustix::io::Errno::INTR) => Ok(Wait::Nothing),
        Ok(_) => {
            let revents = fds[0].revents();
            if revents.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Ok(Wait::HungUp)
            } else {
                Ok(Wait::Ready)
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// One step of a scripted run.
#[derive(Debug, Clone)]
pub enum Scripted {
    Event(Event),
    /// Let this much time pass on the fixed clock (a tick).
    Wait(chrono::Duration),
}

/// Replays keys against a [`FixedClock`]. When the script runs out it sends
/// Ctrl-C, which saves and quits, so a replay always ends.
pub struct ScriptedEvents<'a> {
    steps: VecDeque<Scripted>,
    clock: &'a FixedClock,
}

impl<'a> ScriptedEvents<'a> {
    /// Parses a key string: each character is a key press, and `<...>` names a
    /// special key or a wait: `<enter> <esc> <tab> <backtab> <space> <bs>
    /// <up> <down> <left> <right> <c-c> <c-s> <wait 90s> <wait 5m> <resize 80x24>
    /// <paste TEXT>` (in a paste, `\n` stands for a line break).
    pub fn parse(keys: &str, clock: &'a FixedClock) -> std::result::Result<Self, String> {
        let mut steps = VecDeque::new();
        let mut rest = keys;
        while let Some(c) = rest.chars().next() {
            if c == '<' {
                let end = rest
                    .find('>')
                    .ok_or_else(|| format!("unclosed < in {rest:?}"))?;
                steps.push_back(special(&rest[1..end])?);
                rest = &rest[end + 1..];
            } else {
                steps.push_back(Scripted::Event(Event::Key(KeyEvent::new(
                    KeyCode::Char(c),
                    if c.is_uppercase() || "+?".contains(c) {
                        KeyModifiers::SHIFT
                    } else {
                        KeyModifiers::NONE
                    },
                ))));
                rest = &rest[c.len_utf8()..];
            }
        }
        Ok(Self { steps, clock })
    }
}

fn special(name: &str) -> std::result::Result<Scripted, String> {
    let key = |code| {
        Ok(Scripted::Event(Event::Key(KeyEvent::new(
            code,
            KeyModifiers::NONE,
        ))))
    };
    match name {
        "enter" => key(KeyCode::Enter),
        "esc" => key(KeyCode::Esc),
        "tab" => key(KeyCode::Tab),
        "backtab" => key(KeyCode::BackTab),
        "home" => key(KeyCode::Home),
        "end" => key(KeyCode::End),
        "pgup" => key(KeyCode::PageUp),
        "pgdn" => key(KeyCode::PageDown),
        "del" => key(KeyCode::Delete),
        "space" => key(KeyCode::Char(' ')),
        "bs" => key(KeyCode::Backspace),
        "up" => key(KeyCode::Up),
        "down" => key(KeyCode::Down),
        "left" => key(KeyCode::Left),
        "right" => key(KeyCode::Right),
        "lt" => key(KeyCode::Char('<')),
        "c-c" => Ok(Scripted::Event(Event::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )))),
        "c-s" => Ok(Scripted::Event(Event::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
        )))),
        _ => {
            if let Some(text) = name.strip_prefix("paste ") {
                return Ok(Scripted::Event(Event::Paste(text.replace("\\n", "\n"))));
            }
            if let Some(arg) = name.strip_prefix("wait ") {
                let (n, unit) = arg.split_at(arg.len().saturating_sub(1));
                let n: i64 = n.parse().map_err(|_| format!("bad wait <{name}>"))?;
                return match unit {
                    "s" => Ok(Scripted::Wait(chrono::Duration::seconds(n))),
                    "m" => Ok(Scripted::Wait(chrono::Duration::minutes(n))),
                    _ => Err(format!("bad wait unit in <{name}>; use s or m")),
                };
            }
            if let Some((w, h)) = name.strip_prefix("resize ").and_then(|s| s.split_once('x')) {
                let w = w.parse().map_err(|_| format!("bad width in <{name}>"))?;
                let h = h.parse().map_err(|_| format!("bad height in <{name}>"))?;
                return Ok(Scripted::Event(Event::Resize(w, h)));
            }
            Err(format!("unknown key <{name}>"))
        }
    }
}

impl Events for ScriptedEvents<'_> {
    fn next(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        match self.steps.pop_front() {
            Some(Scripted::Event(e)) => Ok(Some(e)),
            Some(Scripted::Wait(d)) => {
                self.clock.advance(d);
                Ok(None)
            }
            None => Ok(Some(Event::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL,
            )))),
        }
    }
}

/// How a run ended.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The record of the session, if one was opened or started.
    pub record: Option<PathBuf>,
    /// Frames drawn, for tests that check the loop does not redraw needlessly.
    pub frames: usize,
    /// The session was only looked at: nothing was written.
    pub read_only: bool,
    /// The last changes could not be saved: why, and where they were
    /// rescued (or why that failed too).
    pub unsaved: Option<Unsaved>,
}

/// Changes that did not reach the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsaved {
    pub why: String,
    pub rescue: std::result::Result<PathBuf, String>,
}

/// Runs `app` until it quits or `stop` is set (by a signal).
pub fn run_loop<B: Backend, E: Events, C: Clock>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
    clock: &C,
    store: &Store,
    mut record: Option<Held>,
    stop: &AtomicBool,
) -> Result<Outcome>
where
    B::Error: std::fmt::Display,
{
    let mut frames = 0;
    let mut draw = |terminal: &mut Terminal<B>, app: &App| -> Result<()> {
        frames += 1;
        terminal
            .draw(|frame| frame.render_widget(app, frame.area()))
            .map(|_| ())
            .map_err(|e| Error::Terminal(format!("drawing failed: {e}")))
    };
    // The radar's first look, once the app has the decks and thresholds it
    // will use (and, on a resume after time away, the question about it).
    let effects = app.update(Action::Tick, clock.now());
    apply(app, effects, clock, store, &mut record);
    draw(terminal, app)?;
    let mut unsaved = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            unsaved = save_and_leave(app, clock, store, &mut record);
            break;
        }
        let timeout = app.next_change_in().map_or(MAX_WAIT, |d| d.min(MAX_WAIT));
        let event = match events.next(timeout) {
            Ok(event) => event,
            Err(e) => {
                // The terminal is gone: save what there is and leave.
                if let Some(lost) = save_and_leave(app, clock, store, &mut record) {
                    return Err(Error::Terminal(format!(
                        "reading the terminal failed: {e}; {}",
                        unsaved_message(record.as_ref().map(Held::path), &lost)
                    )));
                }
                return Err(Error::Terminal(format!("reading the terminal failed: {e}")));
            }
        };
        let action = match event {
            None => events.pending().unwrap_or(Action::Tick),
            Some(Event::Key(key)) => match keys::action(app.input_mode(), key) {
                Some(action) => action,
                None => continue,
            },
            Some(Event::Resize(..)) => Action::Resize,
            Some(Event::Paste(text)) => Action::Paste(text),
            Some(_) => continue,
        };
        let tick = action == Action::Tick;
        let shown = app.shown_times();
        let effects = app.update(action, clock.now());
        // The frame goes out before the save, so a key answers at once.
        if !effects.contains(&Effect::Quit) && (!tick || app.shown_times() != shown) {
            draw(terminal, app)?;
        }
        let applied = apply(app, effects, clock, store, &mut record);
        if applied.quit {
            if applied.failed {
                unsaved = Some(rescue(app, clock, store, record.as_ref()));
            }
            break;
        }
        if applied.redraw {
            draw(terminal, app)?;
        }
    }
    Ok(Outcome {
        record: record.as_ref().map(|h| h.path().to_path_buf()),
        frames,
        read_only: app.read_only.is_some(),
        unsaved,
    })
}

/// Saves on the way out after a signal or a lost terminal, where nothing is
/// drawn and nobody can be asked again: a failed save is rescued at once.
fn save_and_leave<C: Clock>(
    app: &mut App,
    clock: &C,
    store: &Store,
    record: &mut Option<Held>,
) -> Option<Unsaved> {
    let effects = app.update(Action::Quit, clock.now());
    let applied = apply(app, effects, clock, store, record);
    applied
        .failed
        .then(|| rescue(app, clock, store, record.as_ref()))
}

/// Writes the session where it can be rescued after its record could not
/// be saved.
fn rescue<C: Clock>(app: &App, clock: &C, store: &Store, record: Option<&Held>) -> Unsaved {
    let why = app
        .save_error
        .clone()
        .unwrap_or_else(|| "the record could not be written".into());
    let rescue = match app.session.as_ref() {
        Some(session) => store
            .rescue(session, record.map(Held::path), clock.now())
            .map_err(|e| e.to_string()),
        None => Err("there was no session to rescue".into()),
    };
    Unsaved { why, rescue }
}

/// What to tell the user about changes that are not in the record.
pub fn unsaved_message(record: Option<&std::path::Path>, lost: &Unsaved) -> String {
    let shown = record.map_or_else(
        || "(none yet: the session was never saved)".to_owned(),
        |p| p.display().to_string(),
    );
    // The error names the record already; say it once.
    let why = lost
        .why
        .strip_prefix(&format!("{shown}: "))
        .unwrap_or(&lost.why);
    match &lost.rescue {
        Ok(copy) => format!(
            "your last changes are NOT saved.\n  record:     {shown}\n  why:        {why}\n  rescued to: {}\n\
             Continue from the rescue copy (or copy it over the record once that can be written):\n  \
             tamer resume {}",
            copy.display(),
            copy.display()
        ),
        Err(e) => format!(
            "your last changes are NOT saved, and no rescue copy could be written either.\n  \
             record: {shown}\n  why:    {why}\n  rescue: {e}"
        ),
    }
}

/// What carrying out effects did.
struct Applied {
    /// Leave now.
    quit: bool,
    /// Something on screen changed (a save failed or recovered, a record
    /// opened or could not be, a quit was held back).
    redraw: bool,
    /// The last save asked for failed.
    failed: bool,
}

/// BEL to the terminal (`alerts: (bell: true)`); between frames, so it
/// never splits an escape sequence. A terminal that cannot be written to
/// is the draw's problem, not the bell's.
fn ring_bell() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}

/// Carries out effects. A quit whose save failed is held back once, with a
/// warning, so unsaved work is never dropped silently; asking to quit again
/// leaves, and the loop writes a rescue copy.
fn apply<C: Clock>(
    app: &mut App,
    effects: Vec<Effect>,
    clock: &C,
    store: &Store,
    record: &mut Option<Held>,
) -> Applied {
    let warned = app.save_error.is_some();
    let mut queue: VecDeque<Effect> = effects.into();
    let (mut quit, mut failed, mut redraw) = (false, false, false);
    let relist = |app: &mut App, done: Result<String>| {
        let (recents, archived) = (store.list(), store.list_archived());
        let status = match (done, recents, archived) {
            (Ok(status), Ok(recents), Ok(archived)) => {
                app.update(Action::Listed { recents, archived }, clock.now());
                status
            }
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => e.to_string(),
        };
        app.update(Action::Notice(status), clock.now());
    };
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Quit => quit = true,
            Effect::Bell => ring_bell(),
            Effect::Export { format, path } => {
                redraw = true;
                let Some(session) = app.session.as_ref() else {
                    continue;
                };
                let name = record
                    .as_ref()
                    .and_then(|h| h.path().file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let ctx = crate::export::Context {
                    record: &name,
                    library: &app.library,
                    now: clock.now(),
                };
                let out = crate::export::export(session, format, &ctx);
                let shown = std::path::absolute(&path).unwrap_or(path.clone());
                let answer = match store.write_export(&path, &out) {
                    Ok(_) => Action::Exported {
                        format,
                        path: shown,
                    },
                    Err(e) => Action::ExportFailed(e.to_string()),
                };
                queue.extend(app.update(answer, clock.now()));
            }
            Effect::Save => {
                let Some(session) = app.session.as_ref() else {
                    continue;
                };
                if app.read_only.is_some() {
                    continue;
                }
                let saved = match record.as_ref() {
                    Some(held) => store.save(held, session).map(|()| None),
                    None => store.create(session, clock.now()).map(Some),
                };
                let before = app.save_error.clone();
                match saved {
                    Ok(created) => {
                        if let Some(held) = created {
                            *record = Some(held);
                        }
                        failed = false;
                        app.update(Action::Saved, clock.now());
                    }
                    Err(e) => {
                        failed = true;
                        app.update(Action::SaveFailed(e.to_string()), clock.now());
                    }
                }
                redraw |= app.save_error != before;
            }
            Effect::Open(path) => {
                redraw = true;
                match store.open(&path, clock.now()) {
                    Ok((held, loaded)) => {
                        let note = loaded.migrated().then(|| {
                            crate::app::migrated_note(
                                &crate::store::migration_backup_path(held.file(), loaded.version),
                                loaded.version,
                            )
                        });
                        *record = Some(held);
                        let loaded = Action::Loaded {
                            session: Box::new(loaded.session),
                            read_only: None,
                            note,
                        };
                        queue.extend(app.update(loaded, clock.now()));
                    }
                    Err(e @ (Error::Locked { .. } | Error::Unlockable { .. })) => {
                        app.update(
                            Action::Locked {
                                path,
                                why: e.to_string(),
                            },
                            clock.now(),
                        );
                    }
                    Err(e) => {
                        app.update(Action::OpenFailed(e.to_string()), clock.now());
                    }
                }
            }
            Effect::OpenReadOnly(path) => {
                redraw = true;
                match Store::load(&path) {
                    Ok(session) => {
                        let why = format!(
                            "{} is open in another tamer; nothing here is saved",
                            file_name(&path)
                        );
                        let loaded = Action::Loaded {
                            session: Box::new(session),
                            read_only: Some(why),
                            note: None,
                        };
                        queue.extend(app.update(loaded, clock.now()));
                    }
                    Err(e) => {
                        app.update(Action::OpenFailed(e.to_string()), clock.now());
                    }
                }
            }
            Effect::Archive(path) => {
                redraw = true;
                let done = store.archive(&path, clock.now()).map(|to| {
                    format!(
                        "Moved {} to the archive; A shows the archive, where a restores it",
                        file_name(&to)
                    )
                });
                relist(app, done);
            }
            Effect::Restore(path) => {
                redraw = true;
                let done = store
                    .restore(&path, clock.now())
                    .map(|to| format!("Restored {} to the sessions", file_name(&to)));
                relist(app, done);
            }
            Effect::Delete(path) => {
                redraw = true;
                let done = store
                    .delete(&path, clock.now())
                    .map(|()| format!("Deleted {} for good", file_name(&path)));
                relist(app, done);
            }
        }
    }
    // Held back once: the status bar now says why, and a second quit leaves.
    let held = quit && failed && !warned;
    Applied {
        quit: quit && !held,
        redraw: redraw || held,
        failed,
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// How long the loop has to save and leave after SIGTERM, SIGHUP or SIGINT
/// before the process exits anyway. Every change is already on disk, so the
/// backstop loses nothing; it only keeps a stuck terminal from keeping tamer
/// alive.
pub const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// Stops the loop on SIGTERM, SIGHUP and SIGINT; the loop saves before
/// leaving. A watcher thread exits the process if the loop has not finished
/// within [`SIGNAL_GRACE`].
pub fn stop_on_signals() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
            .map_err(|e| Error::Terminal(format!("cannot watch signals: {e}")))?;
        let flag = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    flag.store(true, Ordering::Relaxed);
                    std::thread::sleep(SIGNAL_GRACE);
                    let _ = restore_terminal();
                    std::process::exit(128 + signal);
                }
            })
            .map_err(|e| Error::Terminal(format!("cannot watch signals: {e}")))?;
    }
    Ok(stop)
}

/// Fails unless stdin and stdout are a terminal. Called before anything is
/// created or changed, so a script that runs tamer by mistake changes nothing.
pub fn require_terminal() -> Result<()> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(Error::Terminal(
            "tamer needs an interactive terminal; for scripts use `tamer list` or `tamer decks`"
                .into(),
        ))
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor. Errors are
/// returned, never printed: printing to a terminal that hung up panics.
fn restore_terminal() -> std::io::Result<()> {
    crossterm::terminal::disable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableBracketedPaste,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    )
}

/// Restores the terminal before the default panic message is printed.
fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore_terminal();
        previous(info);
    }));
}

/// Runs `app` in the real terminal: raw mode and the alternate screen, a panic
/// hook that restores the terminal, signals that save and quit. The terminal
/// is restored on every way out.
pub fn interactive(app: &mut App, store: &Store, record: Option<Held>) -> Result<Outcome> {
    interactive_with(app, store, record, &mut TerminalEvents)
}

/// [`interactive`] with another source of events that reads the terminal
/// too (`tamer view` adds the record's changes on disk).
pub fn interactive_with<E: Events>(
    app: &mut App,
    store: &Store,
    record: Option<Held>,
    events: &mut E,
) -> Result<Outcome> {
    require_terminal()?;
    let stop = stop_on_signals()?;
    restore_on_panic();
    let setup =
        || -> std::io::Result<Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>> {
            crossterm::terminal::enable_raw_mode()?;
            crossterm::execute!(
                std::io::stdout(),
                crossterm::terminal::EnterAlternateScreen,
                crossterm::event::EnableBracketedPaste
            )?;
            Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
        };
    let mut terminal = match setup() {
        Ok(t) => t,
        Err(e) => {
            let _ = restore_terminal();
            return Err(Error::Terminal(format!("cannot set up the terminal: {e}")));
        }
    };
    let result = run_loop(
        &mut terminal,
        app,
        events,
        &crate::clock::SystemClock,
        store,
        record,
        &stop,
    );
    let _ = restore_terminal();
    // ratatui's `Drop for Terminal` prints with `eprintln!` when it cannot
    // show the cursor, which panics on a terminal that hung up; the cursor is
    // already restored above, so the terminal is not dropped.
    std::mem::forget(terminal);
    result
}
