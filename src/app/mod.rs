//! The application state and its one entry point, [`App::update`].
//!
//! `update(action, now)` is pure: it changes the state, appends to the
//! session's timeline, and returns the effects (save, open, quit) for the loop
//! to carry out. Time comes in as a parameter and is kept as `now` for the
//! renderer, which never reads a clock.
//!
//! What is on top of the screen is one stack of [`Layer`]s (help, a
//! question, the deck picker, a form); the top one gets the keys. Below it is
//! the [`Screen`]: the launcher or the session.

mod alerts;
mod confirm;
mod export;
mod follow;
mod forms;
mod launcher;
mod lists;
mod practice;
mod practice_run;
mod radar;
mod replay;
mod risk;
mod session;
mod walk;

use chrono::{DateTime, Utc};

use crate::action::{Action, Effect};
use crate::deck::Library;
use crate::form::{Form, Purpose};
use crate::keys::InputMode;
use crate::session::walk::Progress;
use crate::session::{Cell, PhaseScript, Session};
use crate::store::Listed;

pub use alerts::wrap_up_secs;
pub use confirm::Confirm;
pub use forms::ELEMENT_CHOICES;
pub use lists::{Cursor, List, Row, View, model_rows, row_text};
pub use practice_run::DebriefView;
pub use replay::{QUIET_SECS, Replay, ReplayKey, SPEEDS};
pub use walk::{Walk, WalkKind};

/// The default budget offered by the new-session form, in minutes.
pub const DEFAULT_MINUTES: u32 = 90;
/// The budgets a session may have, in minutes.
pub const MINUTES_RANGE: std::ops::RangeInclusive<u32> = 10..=600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Launcher,
    Session,
}

/// Something on top of the screen; the last of [`App::layers`] gets the keys.
#[derive(Debug, Clone)]
pub enum Layer {
    Help,
    Confirm(Confirm),
    /// The deck picker, with its cursor.
    Picker(usize),
    /// The practice scenario picker (`tamer practice`), with its cursor.
    Scenarios(usize),
    /// A practice session's brief and task, when it starts.
    Brief,
    Form(Box<Form>),
    /// The radar panel has the focus: the chosen flag (of those shown),
    /// and whether its detail is open.
    Radar {
        cursor: usize,
        detail: bool,
    },
    /// The debrief of a practice session, scrolled this far.
    Debrief(Box<practice_run::DebriefView>),
}

/// A budget in minutes, within [`MINUTES_RANGE`].
pub fn parse_minutes(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(m) if MINUTES_RANGE.contains(&m) => Ok(m),
        _ => Err(format!(
            "Minutes: expected a whole number from {} to {}, got \"{}\"",
            MINUTES_RANGE.start(),
            MINUTES_RANGE.end(),
            text.trim()
        )),
    }
}

/// The status line after a record was brought up from an older version.
pub fn migrated_note(original: &std::path::Path, version: u32) -> String {
    let name = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "Brought this record up from version {version}; the original is kept beside it as {name}"
    )
}

/// "Ada, Grace,,Linus " → ["Ada", "Grace", "Linus"].
pub fn parse_participants(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug)]
pub struct App {
    pub script: PhaseScript,
    /// The decks a session can deal from.
    pub library: Library,
    pub screen: Screen,
    /// What is on top of the screen, bottom first.
    pub layers: Vec<Layer>,
    /// Records to resume, newest first.
    pub recents: Vec<Listed>,
    /// Archived records, newest first.
    pub archived: Vec<Listed>,
    /// The launcher lists the archive instead of the recents.
    pub show_archive: bool,
    /// Launcher cursor: 0 is "New session" (in the archive: "Back"), 1.. the
    /// records listed.
    pub selected: usize,
    /// Why the session on screen may not be written, when it may not (it is
    /// open in another tamer): nothing is saved.
    pub read_only: Option<String>,
    /// `tamer view`: the record did not read the last time it changed, so
    /// the session on screen is the last good one (the status says why).
    pub stale: bool,
    pub session: Option<Session>,
    /// The card found with the threat being typed, if any.
    pub capture_cell: Option<Cell>,
    /// Whether the dealt card is on screen.
    pub card_view: bool,
    /// The session screen, or one of its lists full-screen.
    pub view: View,
    /// The cursors of the threats, model, parking and mitigations lists.
    pub cursors: [Cursor; 4],
    /// What undoes each edit, newest last.
    pub undo: Vec<crate::session::Inverse>,
    /// The rating schemes this tamer has: built in, and the user's.
    pub schemes: Vec<crate::session::Scheme>,
    /// Where the walk of phases 3 and 4 stands.
    pub walk: Walk,
    /// A one-line message for the status bar (a record that cannot be read, say).
    pub status: Option<String>,
    /// Why the last save failed; cleared by the next good save.
    pub save_error: Option<String>,
    /// The time of the last update: what the screen shows.
    pub now: DateTime<Utc>,
    /// What the radar says about the session on screen.
    pub radar: crate::radar::Radar,
    /// The radar's thresholds (from `config.ron`, or the defaults).
    pub thresholds: crate::radar::Thresholds,
    /// `tamer replay`: the player, whose time is `now`; the session on
    /// screen is the record as it stood then.
    pub replay: Option<Replay>,
    /// How the screen is coloured (chosen by `main`: `--theme`,
    /// `config.ron`, `NO_COLOR`).
    pub theme: crate::config::Theme,
    /// The presenter layout (F2, `--present`): the big clock, the question,
    /// the prompt or card, the most important flag; nothing else.
    pub present: bool,
    /// Scenarios a practice session may come from besides the built-in
    /// ones (the user's; `tamer practice` sets them), for hints and the
    /// debrief.
    pub scenarios: Vec<crate::practice::Scenario>,
    /// The scenario picker is all this run is for (`tamer practice`):
    /// leaving it quits instead of showing the launcher.
    pub practice_only: bool,
    /// The bell and the flash at WRAP UP and at the end of a box.
    pub alerts: crate::config::Alerts,
    /// Until when the clock flashes.
    pub flash_until: Option<DateTime<Utc>>,
    /// The step and its clock's zone at the last update (`alerts`).
    alert_seen: Option<alerts::Seen>,
}

impl App {
    pub fn new(script: PhaseScript, recents: Vec<Listed>, now: DateTime<Utc>) -> Self {
        Self {
            script,
            library: Library::builtin(),
            screen: Screen::Launcher,
            layers: Vec::new(),
            recents,
            archived: Vec::new(),
            show_archive: false,
            selected: 0,
            read_only: None,
            stale: false,
            session: None,
            capture_cell: None,
            card_view: false,
            view: View::Session,
            cursors: Default::default(),
            undo: Vec::new(),
            schemes: crate::session::rating::builtin_schemes(),
            walk: Walk::default(),
            status: None,
            save_error: None,
            now,
            radar: crate::radar::Radar::default(),
            thresholds: crate::radar::Thresholds::default(),
            replay: None,
            theme: crate::config::Theme::Default,
            present: false,
            scenarios: Vec::new(),
            practice_only: false,
            alerts: crate::config::Alerts::default(),
            flash_until: None,
            alert_seen: None,
        }
    }

    /// An app already in a session (for `tamer new` with flags and for tests).
    pub fn with_session(script: PhaseScript, session: Session, now: DateTime<Utc>) -> Self {
        let mut app = Self::new(script, Vec::new(), now);
        app.radar = crate::radar::Radar::of(&session);
        app.session = Some(session);
        app.screen = Screen::Session;
        app
    }

    /// Uses these radar thresholds (from `config.ron`).
    pub fn with_thresholds(mut self, thresholds: crate::radar::Thresholds) -> Self {
        self.thresholds = thresholds;
        self
    }

    /// Uses `schemes` (the built-in ones and the team's) for rating.
    pub fn with_schemes(mut self, schemes: Vec<crate::session::Scheme>) -> Self {
        self.schemes = schemes;
        self
    }

    /// The same, read-only: nothing is saved; `why` says why.
    pub fn read_only(mut self, why: String) -> Self {
        self.read_only = Some(why);
        self
    }

    /// Decks the session names (chosen, or those its threats and marked
    /// cards came from) that this tamer does not have: their cards are kept
    /// in the record, but cannot be dealt or shown.
    fn missing_decks_note(&self) -> Option<String> {
        let session = self.session.as_ref()?;
        let named = session
            .decks
            .iter()
            .chain(
                session
                    .threats
                    .iter()
                    .filter_map(|t| t.card.as_ref().map(|c| &c.deck)),
            )
            .chain(session.dealt.iter().map(|d| &d.card_deck));
        let mut missing: Vec<&str> = Vec::new();
        for deck in named {
            if self.library.get(deck).is_none() && !missing.contains(&deck.as_str()) {
                missing.push(deck);
            }
        }
        if missing.is_empty() {
            return None;
        }
        Some(format!(
            "This record uses deck{} {} that this tamer does not have; its marks are kept, its cards cannot be dealt or shown",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ))
    }

    /// Uses `library` instead of the built-in decks; a user deck that was
    /// skipped is named in the status bar, with where to see every problem.
    pub fn with_library(mut self, library: Library) -> Self {
        if let Some(first) = library.skipped.first() {
            let name = first.path.file_name().map_or_else(
                || first.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let problems = first.problems.0.len();
            let more = match library.skipped.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            self.status = Some(format!(
                "Skipped broken user deck {name} ({problems} problem{}){more}; `tamer decks list` says why",
                if problems == 1 { "" } else { "s" }
            ));
        }
        self.library = library;
        if let Some(note) = self.missing_decks_note() {
            self.status = Some(note);
        }
        self
    }

    /// Where dealing the session's current deck stands, if a deck is chosen
    /// and available.
    pub fn progress(&self) -> Option<Progress> {
        let session = self.session.as_ref()?;
        let deck = self.library.get(session.dealing.as_deref()?)?;
        Some(Progress::of(
            deck,
            &self.library,
            &session.model,
            session.dealt_now(),
        ))
    }

    /// The card on the table, when the card view is on.
    fn current_cell(&self) -> Option<Cell> {
        if !self.card_view {
            return None;
        }
        let progress = self.progress()?;
        progress.current.map(|i| progress.cells[i].clone())
    }

    /// The layer on top, if any.
    pub fn top(&self) -> Option<&Layer> {
        self.layers.last()
    }

    /// The form on top, if the top layer is a form.
    pub fn form(&self) -> Option<&Form> {
        match self.top() {
            Some(Layer::Form(form)) => Some(form),
            _ => None,
        }
    }

    /// The topmost form, even under a question or the help.
    pub fn any_form(&self) -> Option<&Form> {
        self.layers.iter().rev().find_map(|l| match l {
            Layer::Form(form) => Some(&**form),
            _ => None,
        })
    }

    /// Whether the help is on top.
    pub fn help(&self) -> bool {
        matches!(self.top(), Some(Layer::Help))
    }

    /// The question on top, if there is one.
    pub fn confirm(&self) -> Option<&Confirm> {
        match self.top() {
            Some(Layer::Confirm(c)) => Some(c),
            _ => None,
        }
    }

    pub fn input_mode(&self) -> InputMode {
        match self.top() {
            Some(Layer::Help) => InputMode::Help,
            _ => self.screen_mode(),
        }
    }

    /// The input mode underneath the help overlay.
    pub fn screen_mode(&self) -> InputMode {
        let below_help = self.layers.iter().rev().find(|l| !matches!(l, Layer::Help));
        match below_help {
            Some(Layer::Confirm(_)) => InputMode::Confirm,
            Some(Layer::Picker(_)) => InputMode::Picker,
            Some(Layer::Scenarios(_)) => InputMode::Scenarios,
            Some(Layer::Brief) => InputMode::Brief,
            Some(Layer::Radar { .. }) => InputMode::Radar,
            Some(Layer::Debrief(_)) => InputMode::Debrief,
            Some(Layer::Form(form)) if form.purpose == Purpose::QuickThreat => InputMode::Capture,
            Some(Layer::Form(_)) => InputMode::Form,
            Some(Layer::Help) | None if self.replay.is_some() => InputMode::Replay,
            Some(Layer::Help) | None => match self.screen {
                Screen::Launcher if self.show_archive => InputMode::Archive,
                Screen::Launcher => InputMode::Launcher,
                Screen::Session if self.view == View::Walk => match self.walk.kind {
                    WalkKind::Review => InputMode::Review,
                    _ => InputMode::Walk,
                },
                Screen::Session if matches!(self.view, View::Risk | View::Summary) => {
                    InputMode::Report
                }
                Screen::Session if self.view != View::Session => InputMode::List,
                Screen::Session if self.session.as_ref().is_some_and(|s| s.finished.is_some()) => {
                    InputMode::Finished
                }
                Screen::Session if self.card_view => InputMode::Card,
                Screen::Session if self.session.as_ref().is_some_and(Session::is_paused) => {
                    InputMode::Paused
                }
                Screen::Session => InputMode::Session,
            },
        }
    }

    /// What the timer shows, in whole seconds: the loop redraws on a tick only
    /// when this changes.
    pub fn shown_second(&self) -> Option<i64> {
        self.session.as_ref().map(|s| s.remaining(self.now))
    }

    /// Everything time-dependent the screen shows: the step's second, a
    /// running excursion's second, and (on a break, when the planned end
    /// moves with the clock) the minute; and what the radar shows, which
    /// changes with time too (a box runs out, a snooze ends), also on a
    /// break; and whether the clock flashes. The loop redraws on a tick
    /// only when this changes.
    #[allow(clippy::type_complexity)]
    pub fn shown_times(
        &self,
    ) -> (
        Option<i64>,
        Option<i64>,
        Option<i64>,
        u64,
        Option<i64>,
        bool,
    ) {
        let radar = self.radar.generation();
        // A replay shows its time on the status line.
        let replayed = self.replay.as_ref().map(|r| r.at.timestamp());
        let flashing = self.flashing();
        let Some(session) = self.session.as_ref() else {
            return (None, None, None, radar, replayed, flashing);
        };
        let excursion = session.running_excursion().map(|x| x.secs(self.now));
        let minute = session
            .is_paused()
            .then(|| self.now.timestamp().div_euclid(60));
        (
            Some(session.remaining(self.now)),
            excursion,
            minute,
            radar,
            replayed,
            flashing,
        )
    }

    /// How long until something shown changes with time, if anything does.
    pub fn next_change_in(&self) -> Option<std::time::Duration> {
        // A replay's clocks stand still unless it plays.
        if let Some(replay) = &self.replay {
            return replay.next_change_in();
        }
        let session = self.session.as_ref()?;
        let until_second = |ms: i64| {
            let ms = ms.rem_euclid(1000);
            if ms == 0 { 1000 } else { ms }
        };
        let step = session
            .step()
            .filter(|s| s.clock.is_running())
            .map(|s| until_second(s.clock.remaining_millis(self.now)));
        let excursion = session.running_excursion().map(|x| {
            until_second(1000 - (self.now - x.started).num_milliseconds().rem_euclid(1000))
        });
        let minute = session
            .is_paused()
            .then(|| 60_000 - self.now.timestamp_millis().rem_euclid(60_000));
        let snooze = self
            .radar
            .next_wake(self.now)
            .map(|at| (at - self.now).num_milliseconds());
        let flash = self
            .flashing()
            .then(|| self.flash_until.map(|t| (t - self.now).num_milliseconds()))
            .flatten();
        let ms = [step, excursion, minute, snooze, flash]
            .into_iter()
            .flatten()
            .min()?;
        Some(std::time::Duration::from_millis(ms.max(1) as u64))
    }

    /// Carries out `action` at `now`, then rescans the radar; what the
    /// radar raised or cleared goes into the timeline (and asks for a save).
    pub fn update(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.dispatch(action, now);
        if !effects.contains(&Effect::Quit)
            && self.debrief_at_finish(now)
            && !effects.contains(&Effect::Save)
        {
            effects.push(Effect::Save);
        }
        // A replay scans at the time it shows.
        let scan_at = self.replay.as_ref().map_or(now, |r| r.at);
        if !effects.contains(&Effect::Quit)
            && self.rescan(scan_at)
            && !effects.contains(&Effect::Save)
        {
            effects.push(Effect::Save);
        }
        if !effects.contains(&Effect::Quit) {
            effects.extend(self.alert(now));
        }
        effects
    }

    fn dispatch(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if action == Action::TogglePresent {
            self.present = !self.present;
            return Vec::new();
        }
        if self.replay.is_some() {
            return self.update_replay(action, now);
        }
        self.now = now;
        match action {
            Action::Tick | Action::Resize => Vec::new(),
            Action::Quit => self.quit(now),
            Action::ToggleHelp => {
                if self.help() {
                    self.layers.pop();
                } else {
                    self.layers.push(Layer::Help);
                }
                Vec::new()
            }
            Action::Exported { format, path } => self.exported(format, &path, now),
            Action::ExportFailed(why) => {
                self.status = Some(format!("Not exported: {why}"));
                Vec::new()
            }
            Action::Saved => {
                self.save_error = None;
                Vec::new()
            }
            Action::SaveFailed(why) => {
                self.save_error = Some(why);
                Vec::new()
            }
            Action::OpenFailed(why) | Action::Notice(why) => {
                self.status = Some(why);
                Vec::new()
            }
            Action::Loaded {
                session,
                read_only,
                note,
            } => {
                let mut session = *session;
                let writable = read_only.is_none();
                if writable {
                    session.reopened(now);
                }
                self.radar = crate::radar::Radar::of(&session);
                self.session = Some(session);
                self.read_only = read_only;
                self.screen = Screen::Session;
                self.layers.clear();
                self.status = note.or_else(|| self.missing_decks_note());
                if writable {
                    self.resumed(now);
                    vec![Effect::Save]
                } else {
                    Vec::new()
                }
            }
            Action::Reloaded(session) => self.reloaded(*session),
            Action::ReloadFailed(why) => {
                self.status = Some(why);
                self.stale = true;
                Vec::new()
            }
            Action::Locked { path, why } => {
                self.layers
                    .push(Layer::Confirm(Confirm::OpenReadOnly { path, why }));
                Vec::new()
            }
            Action::Listed { recents, archived } => {
                self.recents = recents;
                self.archived = archived;
                self.selected = self.selected.min(self.launcher_last());
                Vec::new()
            }
            Action::Paste(text) => self.paste(&text),
            Action::Hint | Action::Debrief | Action::Brief
                if self.top().is_none() && self.screen == Screen::Session =>
            {
                self.practice_key(&action, now)
            }
            other => match self.top() {
                Some(Layer::Help) => Vec::new(),
                Some(Layer::Confirm(_)) => self.update_confirm(other, now),
                Some(Layer::Picker(_)) => self.update_picker(other, now),
                Some(Layer::Scenarios(_)) => self.update_scenarios(other, now),
                Some(Layer::Brief) => self.update_brief(other),
                Some(Layer::Form(_)) => self.update_form(other, now),
                Some(Layer::Radar { .. }) => self.update_radar(other, now),
                Some(Layer::Debrief(_)) => self.update_debrief(other),
                None => match self.screen {
                    Screen::Launcher => self.update_launcher(other),
                    Screen::Session => self.update_session(other, now),
                },
            },
        }
    }

    /// What happens when a record is opened again for writing: a kept
    /// draft comes back, and a long gap with the clock running is asked
    /// about. (`Action::Loaded` does this for the launcher; `tamer resume`
    /// calls it.)
    pub fn resumed(&mut self, now: DateTime<Utc>) {
        self.restore_draft(now);
        self.ask_about_time_away(now);
    }

    /// On resume after a long gap with the clock running: ask whether the
    /// time away counts.
    pub fn ask_about_time_away(&mut self, now: DateTime<Utc>) {
        if let Some(secs) = self.session.as_ref().and_then(|s| s.time_away(now)) {
            self.layers.push(Layer::Confirm(Confirm::Away { secs }));
        }
    }

    /// Quitting saves; text typed in an open form is kept as the session's
    /// draft, so Ctrl-C never loses it.
    fn quit(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        if self.read_only.is_none() {
            self.keep_draft(now);
        }
        if self.session.is_some() && self.read_only.is_none() {
            vec![Effect::Save, Effect::Quit]
        } else {
            vec![Effect::Quit]
        }
    }

    /// A paste goes into the field being edited, whole; elsewhere it is
    /// ignored (never run as keys), and the status bar says so.
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        match self.layers.last_mut() {
            Some(Layer::Form(form)) => {
                if !form.paste(text) {
                    self.status = Some("This field takes no pasted text".into());
                }
            }
            _ => {
                self.status = Some(
                    "Pasted text ignored: open a field first (t threat, e element), then paste"
                        .into(),
                );
            }
        }
        Vec::new()
    }

    fn update_confirm(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(Layer::Confirm(confirm)) = self.layers.last().cloned() else {
            return Vec::new();
        };
        match action {
            Action::Confirm => {
                self.layers.pop();
                if let Some(effect) = confirm.effect() {
                    return vec![effect];
                }
                match confirm {
                    Confirm::DiscardForm => {
                        self.layers.pop();
                        Vec::new()
                    }
                    Confirm::MoveOn { .. } => self.move_on(now),
                    Confirm::Apply { change, .. } => match self.apply(*change, now) {
                        Ok(effects) => effects,
                        Err(why) => {
                            self.status = Some(why);
                            Vec::new()
                        }
                    },
                    Confirm::Away { .. } => match self.session.as_mut() {
                        Some(session) => {
                            session.discount_away(now);
                            vec![Effect::Save]
                        }
                        None => Vec::new(),
                    },
                    _ => Vec::new(),
                }
            }
            Action::Cancel => {
                self.layers.pop();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::EventKind;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn press(app: &mut App, code: KeyCode, now: DateTime<Utc>) -> Vec<Effect> {
        app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)), now)
    }

    fn type_text(app: &mut App, text: &str, now: DateTime<Utc>) {
        for c in text.chars() {
            press(app, KeyCode::Char(c), now);
        }
    }

    fn new_app(clock: &FixedClock) -> App {
        App::new(PhaseScript::builtin(), Vec::new(), clock.now())
    }

    #[test]
    fn the_form_creates_a_session_and_asks_for_a_save() {
        let clock = FixedClock::workshop_morning();
        let mut app = new_app(&clock);
        app.update(Action::NewSession, clock.now());
        assert_eq!(app.input_mode(), InputMode::Form);
        type_text(&mut app, "Checkout", clock.now());
        // Enter in the title moves on; it does not start the session.
        assert!(press(&mut app, KeyCode::Enter, clock.now()).is_empty());
        press(&mut app, KeyCode::Backspace, clock.now());
        press(&mut app, KeyCode::Backspace, clock.now());
        type_text(&mut app, "60", clock.now());
        press(&mut app, KeyCode::Tab, clock.now());
        type_text(&mut app, "Ada, Grace", clock.now());
        let effects = press(&mut app, KeyCode::Enter, clock.now());
        assert_eq!(effects, [Effect::Save]);
        let s = app.session.as_ref().expect("session");
        assert_eq!(s.title, "Checkout");
        assert_eq!(s.budget_minutes, 60);
        assert_eq!(s.participants, ["Ada", "Grace"]);
        assert_eq!(app.input_mode(), InputMode::Session);
    }

    #[test]
    fn a_bad_budget_keeps_the_form_open_with_a_message() {
        let clock = FixedClock::workshop_morning();
        let mut app = new_app(&clock);
        app.update(Action::Confirm, clock.now());
        press(&mut app, KeyCode::Tab, clock.now());
        type_text(&mut app, "x", clock.now());
        assert!(
            app.update(
                Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
                clock.now()
            )
            .is_empty()
        );
        assert_eq!(app.screen, Screen::Launcher);
        let form = app.form().expect("the form stays open");
        assert_eq!(
            form.error.as_deref(),
            Some("Minutes: expected a whole number from 10 to 600, got \"90x\"")
        );
        assert_eq!(form.focus, 1);
    }

    #[test]
    fn session_keys_change_the_session_and_save() {
        let clock = FixedClock::workshop_morning();
        let session = Session::new("S", 90, vec![], &PhaseScript::builtin(), clock.now());
        let mut app = App::with_session(PhaseScript::builtin(), session, clock.now());
        clock.advance_secs(30);
        assert_eq!(app.update(Action::TogglePause, clock.now()), [Effect::Save]);
        clock.advance_secs(300);
        app.update(Action::TogglePause, clock.now());
        app.update(Action::Extend, clock.now());
        clock.advance_secs(10);
        assert_eq!(app.update(Action::Tick, clock.now()), []);
        // 4 min box, 40 s used, 5 min added.
        assert_eq!(app.shown_second(), Some(240 - 40 + 300));
        app.update(Action::NextStep, clock.now());
        let kinds: Vec<_> = app
            .session
            .as_ref()
            .map(|s| s.timeline.iter().map(|e| e.kind.clone()).collect())
            .unwrap_or_default();
        assert!(matches!(kinds[1], EventKind::Paused { .. }));
        assert!(matches!(kinds[2], EventKind::Resumed { .. }));
        assert!(matches!(kinds[3], EventKind::Extended { minutes: 5, .. }));
        assert!(matches!(
            kinds[4],
            EventKind::StepChanged {
                remaining_secs: 500,
                ..
            }
        ));
        assert_eq!(
            app.update(Action::Quit, clock.now()),
            [Effect::Save, Effect::Quit]
        );
    }

    #[test]
    fn capturing_a_threat_takes_typed_text_including_q() {
        let clock = FixedClock::workshop_morning();
        let session = Session::new("S", 90, vec![], &PhaseScript::builtin(), clock.now());
        let mut app = App::with_session(PhaseScript::builtin(), session, clock.now());
        app.update(Action::CaptureThreat, clock.now());
        assert_eq!(app.input_mode(), InputMode::Capture);
        type_text(&mut app, "quota exhaustion", clock.now());
        assert_eq!(press(&mut app, KeyCode::Enter, clock.now()), [Effect::Save]);
        let s = app.session.as_ref().expect("session");
        assert_eq!(s.threats[0].title, "quota exhaustion");
        assert_eq!(app.input_mode(), InputMode::Session);
    }

    #[test]
    fn next_change_is_when_the_shown_second_flips() {
        let clock = FixedClock::workshop_morning();
        let session = Session::new("S", 90, vec![], &PhaseScript::builtin(), clock.now());
        let mut app = App::with_session(PhaseScript::builtin(), session, clock.now());
        clock.advance(chrono::Duration::milliseconds(300));
        app.update(Action::Tick, clock.now());
        assert_eq!(
            app.next_change_in(),
            Some(std::time::Duration::from_millis(700))
        );
        // On a break only the minute matters (the estimated end moves).
        app.update(Action::TogglePause, clock.now());
        assert_eq!(
            app.next_change_in(),
            Some(std::time::Duration::from_millis(59_700))
        );
    }
}
