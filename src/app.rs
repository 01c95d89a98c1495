//! The application state and its one entry point, [`App::update`].
//!
//! `update(action, now)` is pure: it changes the state, appends to the
//! session's timeline, and returns the effects (save, open, quit) for the loop
//! to carry out. Time comes in as a parameter and is kept as `now` for the
//! renderer, which never reads a clock.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::action::{Action, Effect};
use crate::deck::{ElementKind, Library};
use crate::keys::InputMode;
use crate::session::walk::Progress;
use crate::session::{Cell, Mark, PhaseScript, Session};
use crate::store::Listed;

/// The default budget offered by the new-session form, in minutes.
pub const DEFAULT_MINUTES: u32 = 90;
/// The budgets a session may have, in minutes.
pub const MINUTES_RANGE: std::ops::RangeInclusive<u32> = 10..=600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Launcher,
    NewForm,
    Session,
}

/// The new-session form: title, budget in minutes, participants.
#[derive(Debug, Clone)]
pub struct NewForm {
    pub fields: [Input; 3],
    pub focus: usize,
    pub error: Option<String>,
}

impl Default for NewForm {
    fn default() -> Self {
        Self::new()
    }
}

impl NewForm {
    pub const LABELS: [&'static str; 3] = ["Title", "Minutes", "Participants (comma-separated)"];

    pub fn new() -> Self {
        Self {
            fields: [
                Input::default(),
                Input::new(DEFAULT_MINUTES.to_string()),
                Input::default(),
            ],
            focus: 0,
            error: None,
        }
    }

    /// The form's values, checked; the error says which field and what it takes.
    pub fn values(&self) -> Result<(String, u32, Vec<String>), String> {
        let title = self.fields[0].value().trim();
        let title = if title.is_empty() {
            "Untitled session"
        } else {
            title
        };
        let minutes = parse_minutes(self.fields[1].value())?;
        Ok((
            title.to_owned(),
            minutes,
            parse_participants(self.fields[2].value()),
        ))
    }
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

/// The kinds offered when adding an element, in the order Tab cycles them.
pub const ELEMENT_CHOICES: [(ElementKind, bool, &str); 5] = [
    (ElementKind::Process, false, "Process"),
    (ElementKind::DataStore, false, "Data store"),
    (ElementKind::DataStore, true, "Data store that holds logs"),
    (ElementKind::DataFlow, false, "Data flow"),
    (ElementKind::ExternalEntity, false, "External entity"),
];

/// A threat being typed; `cell` is the card it was found with, if any.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    pub input: Input,
    pub cell: Option<Cell>,
}

/// An element being added: its kind (an index into [`ELEMENT_CHOICES`]) and name.
#[derive(Debug, Clone, Default)]
pub struct ElementForm {
    pub choice: usize,
    pub input: Input,
}

/// A question on top of the screen, answered with y / Enter or n / Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// The record is open in another tamer: open it read-only instead?
    OpenReadOnly { path: PathBuf, why: String },
    /// Move this record to the archive?
    Archive { path: PathBuf, name: String },
    /// Delete this record: to the archive, or (from the archive) for good?
    Delete {
        path: PathBuf,
        name: String,
        for_good: bool,
    },
    /// Move this archived record back to the sessions?
    Restore { path: PathBuf, name: String },
}

impl Confirm {
    /// The popup's title.
    pub fn title(&self) -> &'static str {
        match self {
            Confirm::OpenReadOnly { .. } => " Open in another tamer ",
            Confirm::Archive { .. } => " Archive ",
            Confirm::Delete { .. } => " Delete ",
            Confirm::Restore { .. } => " Restore ",
        }
    }

    /// The question, in full.
    pub fn question(&self) -> String {
        match self {
            Confirm::OpenReadOnly { why, .. } => format!(
                "{why}\n\nOpen it read-only here? You can look, but nothing you do is saved."
            ),
            Confirm::Archive { name, .. } => format!(
                "Archive \"{name}\"?\n\nIt moves to the archive (A shows it) and can be restored from there."
            ),
            Confirm::Delete {
                name,
                for_good: false,
                ..
            } => format!(
                "Delete \"{name}\"?\n\nIt moves to the archive first (A shows it); delete it there to remove it for good."
            ),
            Confirm::Delete {
                name,
                for_good: true,
                ..
            } => format!(
                "Delete \"{name}\" for good?\n\nThe record and its backups are removed; this cannot be undone."
            ),
            Confirm::Restore { name, .. } => {
                format!("Restore \"{name}\" from the archive to the sessions?")
            }
        }
    }

    /// What the loop does on yes.
    fn effect(&self) -> Effect {
        match self {
            Confirm::OpenReadOnly { path, .. } => Effect::OpenReadOnly(path.clone()),
            Confirm::Archive { path, .. }
            | Confirm::Delete {
                path,
                for_good: false,
                ..
            } => Effect::Archive(path.clone()),
            Confirm::Delete { path, .. } => Effect::Delete(path.clone()),
            Confirm::Restore { path, .. } => Effect::Restore(path.clone()),
        }
    }
}

#[derive(Debug)]
pub struct App {
    pub script: PhaseScript,
    /// The decks a session can deal from.
    pub library: Library,
    pub screen: Screen,
    /// Records to resume, newest first.
    pub recents: Vec<Listed>,
    /// Archived records, newest first.
    pub archived: Vec<Listed>,
    /// The launcher lists the archive instead of the recents.
    pub show_archive: bool,
    /// Launcher cursor: 0 is "New session" (in the archive: "Back"), 1.. the
    /// records listed.
    pub selected: usize,
    /// A question waiting for an answer.
    pub confirm: Option<Confirm>,
    /// Why the session on screen may not be written, when it may not (it is
    /// open in another tamer): nothing is saved.
    pub read_only: Option<String>,
    pub form: NewForm,
    pub session: Option<Session>,
    /// The threat being typed, when capturing.
    pub capture: Option<Capture>,
    /// The element being added, when adding one.
    pub element_form: Option<ElementForm>,
    /// The deck picker's cursor, when it is open.
    pub picker: Option<usize>,
    /// Whether the dealt card is on screen.
    pub card_view: bool,
    pub help: bool,
    /// A one-line message for the status bar (a record that cannot be read, say).
    pub status: Option<String>,
    /// Why the last save failed; cleared by the next good save.
    pub save_error: Option<String>,
    /// The time of the last update: what the screen shows.
    pub now: DateTime<Utc>,
}

impl App {
    pub fn new(script: PhaseScript, recents: Vec<Listed>, now: DateTime<Utc>) -> Self {
        Self {
            script,
            library: Library::builtin(),
            screen: Screen::Launcher,
            recents,
            archived: Vec::new(),
            show_archive: false,
            selected: 0,
            confirm: None,
            read_only: None,
            form: NewForm::new(),
            session: None,
            capture: None,
            element_form: None,
            picker: None,
            card_view: false,
            help: false,
            status: None,
            save_error: None,
            now,
        }
    }

    /// An app already in a session (for `tamer new` with flags and for tests).
    pub fn with_session(script: PhaseScript, session: Session, now: DateTime<Utc>) -> Self {
        let mut app = Self::new(script, Vec::new(), now);
        app.session = Some(session);
        app.screen = Screen::Session;
        app
    }

    /// The same, read-only: nothing is saved; `why` says why.
    pub fn read_only(mut self, why: String) -> Self {
        self.read_only = Some(why);
        self
    }

    /// The records the launcher lists now: the recents or the archive.
    pub fn listed(&self) -> &[Listed] {
        if self.show_archive {
            &self.archived
        } else {
            &self.recents
        }
    }

    /// The record under the launcher's cursor, if a record is.
    fn chosen(&self) -> Option<&Listed> {
        self.selected
            .checked_sub(1)
            .and_then(|i| self.listed().get(i))
    }

    /// Decks the session names that this tamer does not have: their cards
    /// are kept in the record, but cannot be dealt.
    fn missing_decks_note(&self) -> Option<String> {
        let session = self.session.as_ref()?;
        let missing: Vec<&str> = session
            .decks
            .iter()
            .filter(|d| self.library.get(d).is_none())
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            return None;
        }
        Some(format!(
            "This record uses deck{} {} that this tamer does not have; its marks are kept, its cards cannot be dealt",
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
            &session.dealt,
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

    pub fn input_mode(&self) -> InputMode {
        if self.help {
            InputMode::Help
        } else if self.confirm.is_some() {
            InputMode::Confirm
        } else {
            self.screen_mode()
        }
    }

    /// The input mode of the screen itself, ignoring the help overlay.
    pub fn screen_mode(&self) -> InputMode {
        match self.screen {
            Screen::Launcher if self.show_archive => InputMode::Archive,
            Screen::Launcher => InputMode::Launcher,
            Screen::NewForm => InputMode::Form,
            Screen::Session if self.picker.is_some() => InputMode::Picker,
            Screen::Session if self.element_form.is_some() => InputMode::Element,
            Screen::Session if self.capture.is_some() => InputMode::Capture,
            Screen::Session if self.card_view => InputMode::Card,
            Screen::Session => InputMode::Session,
        }
    }

    /// What the timer shows, in whole seconds: the loop redraws on a tick only
    /// when this changes.
    pub fn shown_second(&self) -> Option<i64> {
        self.session.as_ref().map(|s| s.remaining(self.now))
    }

    /// How long until the shown second changes, if a timer is running.
    pub fn next_change_in(&self) -> Option<std::time::Duration> {
        let session = self.session.as_ref()?;
        let step = session.step().filter(|s| s.clock.is_running())?;
        let ms = step.clock.remaining_millis(self.now).rem_euclid(1000);
        let ms = if ms == 0 { 1000 } else { ms };
        Some(std::time::Duration::from_millis(ms as u64))
    }

    pub fn update(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        match action {
            Action::Tick | Action::Resize => Vec::new(),
            Action::Quit => {
                if self.session.is_some() && self.read_only.is_none() {
                    vec![Effect::Save, Effect::Quit]
                } else {
                    vec![Effect::Quit]
                }
            }
            Action::ToggleHelp => {
                self.help = !self.help;
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
                self.session = Some(session);
                self.read_only = read_only;
                self.screen = Screen::Session;
                self.status = note.or_else(|| self.missing_decks_note());
                if writable {
                    vec![Effect::Save]
                } else {
                    Vec::new()
                }
            }
            Action::Locked { path, why } => {
                self.confirm = Some(Confirm::OpenReadOnly { path, why });
                Vec::new()
            }
            Action::Listed { recents, archived } => {
                self.recents = recents;
                self.archived = archived;
                self.selected = self.selected.min(self.listed().len());
                Vec::new()
            }
            other if self.confirm.is_some() => self.update_confirm(other),
            other => match self.screen {
                Screen::Launcher => self.update_launcher(other),
                Screen::NewForm => self.update_form(other, now),
                Screen::Session => self.update_session(other, now),
            },
        }
    }

    fn update_confirm(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Confirm => self
                .confirm
                .take()
                .map(|c| c.effect())
                .into_iter()
                .collect(),
            Action::Cancel => {
                self.confirm = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn update_launcher(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.listed().len()),
            Action::NewSession if !self.show_archive => self.open_form(),
            Action::ToggleArchive => {
                self.show_archive = !self.show_archive;
                self.selected = 0;
            }
            Action::Confirm => match self.chosen() {
                None if self.show_archive => {
                    self.show_archive = false;
                    self.selected = 0;
                }
                None => self.open_form(),
                Some(_) if self.show_archive => {
                    self.status = Some("This record is archived: a restores it".into());
                }
                Some(listed) => match &listed.summary {
                    Ok(_) => return vec![Effect::Open(listed.path.clone())],
                    Err(why) => self.status = Some(why.clone()),
                },
            },
            Action::Archive | Action::Delete => {
                let Some(listed) = self.chosen() else {
                    return Vec::new();
                };
                if let Some(who) = &listed.open_elsewhere {
                    self.status = Some(format!(
                        "This record is open in another tamer{who}; close it there first"
                    ));
                    return Vec::new();
                }
                let path = listed.path.clone();
                let name = match &listed.summary {
                    Ok(s) => crate::text::clean(&s.title),
                    Err(_) => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                };
                self.confirm = Some(match (action, self.show_archive) {
                    (Action::Archive, false) => Confirm::Archive { path, name },
                    (Action::Archive, true) => Confirm::Restore { path, name },
                    (_, for_good) => Confirm::Delete {
                        path,
                        name,
                        for_good,
                    },
                });
            }
            _ => {}
        }
        Vec::new()
    }

    /// Opens the new-session form with the budget and participants filled in.
    pub fn open_form_with(&mut self, minutes: u32, participants: &[String]) {
        self.open_form();
        self.form.fields[1] = Input::new(minutes.to_string());
        self.form.fields[2] = Input::new(participants.join(", "));
    }

    fn open_form(&mut self) {
        self.form = NewForm::new();
        self.screen = Screen::NewForm;
    }

    fn update_form(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let n = self.form.fields.len();
        match action {
            Action::Edit(req) => {
                self.form.fields[self.form.focus].handle(req);
            }
            Action::NextField => self.form.focus = (self.form.focus + 1) % n,
            Action::PrevField => self.form.focus = (self.form.focus + n - 1) % n,
            Action::Cancel => self.screen = Screen::Launcher,
            Action::Confirm => match self.form.values() {
                Ok((title, minutes, people)) => {
                    self.session = Some(Session::new(&title, minutes, people, &self.script, now));
                    self.screen = Screen::Session;
                    return vec![Effect::Save];
                }
                Err(e) => {
                    self.form.error = Some(e);
                    self.form.focus = 1;
                }
            },
            _ => {}
        }
        Vec::new()
    }

    fn update_session(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if let Some(why) = &self.read_only {
            // Looking is fine; nothing changes the session.
            if action == Action::ToggleCard {
                self.card_view = !self.card_view;
            } else {
                self.status = Some(format!("Read-only: {why}"));
            }
            return Vec::new();
        }
        if self.picker.is_some() {
            return self.update_picker(action, now);
        }
        if self.element_form.is_some() {
            return self.update_element_form(action, now);
        }
        if self.capture.is_some() {
            return self.update_capture(action, now);
        }
        if matches!(
            action,
            Action::MarkThreat | Action::MarkNothing | Action::MarkSkip
        ) {
            return self.mark_card(action, now);
        }
        let Some(session) = self.session.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::TogglePause => session.toggle_pause(now),
            Action::Extend => session.extend(now),
            Action::NextStep => session.next(now),
            Action::PrevStep => session.back(now),
            Action::NextDeck if self.card_view => session.next_deck(now),
            Action::CaptureThreat => {
                self.capture = Some(Capture::default());
                return Vec::new();
            }
            Action::ToggleCard => {
                self.card_view = !self.card_view;
                return Vec::new();
            }
            Action::OpenDecks => {
                self.picker = Some(0);
                return Vec::new();
            }
            Action::AddElement => {
                self.element_form = Some(ElementForm::default());
                return Vec::new();
            }
            _ => return Vec::new(),
        }
        vec![Effect::Save]
    }

    /// Marks the card on the table; a threat opens the capture line first.
    fn mark_card(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(cell), Some(session)) = (self.current_cell(), self.session.as_mut()) else {
            return Vec::new();
        };
        let mark = match action {
            Action::MarkNothing => Mark::Nothing,
            Action::MarkSkip => Mark::Skip,
            _ => {
                self.capture = Some(Capture {
                    input: Input::default(),
                    cell: Some(cell),
                });
                return Vec::new();
            }
        };
        session.mark(&cell, mark, now);
        vec![Effect::Save]
    }

    fn update_capture(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(capture), Some(session)) = (self.capture.as_mut(), self.session.as_mut()) else {
            return Vec::new();
        };
        match action {
            Action::Edit(req) => {
                capture.input.handle(req);
                Vec::new()
            }
            Action::Cancel => {
                self.capture = None;
                Vec::new()
            }
            Action::Confirm => {
                let text = capture.input.value().to_owned();
                let captured = match &capture.cell {
                    Some(cell) => session.capture_from_card(&text, cell, now),
                    None => session.capture_threat(&text, now),
                };
                self.capture = None;
                match captured {
                    Some(_) => vec![Effect::Save],
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    fn update_element_form(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(form), Some(session)) = (self.element_form.as_mut(), self.session.as_mut())
        else {
            return Vec::new();
        };
        match action {
            Action::Edit(req) => {
                form.input.handle(req);
            }
            Action::NextField => form.choice = (form.choice + 1) % ELEMENT_CHOICES.len(),
            Action::Cancel => self.element_form = None,
            Action::Confirm => {
                let (kind, logs, _) = ELEMENT_CHOICES[form.choice % ELEMENT_CHOICES.len()];
                let added = session.add_element(kind, form.input.value(), logs, now);
                self.element_form = None;
                if added.is_some() {
                    return vec![Effect::Save];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn update_picker(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(cursor), Some(session)) = (self.picker, self.session.as_mut()) else {
            return Vec::new();
        };
        let n = self.library.decks.len();
        match action {
            Action::Up => self.picker = Some(cursor.saturating_sub(1)),
            Action::Down => self.picker = Some((cursor + 1).min(n.saturating_sub(1))),
            Action::Cancel | Action::Confirm => self.picker = None,
            Action::ToggleDeck => {
                if let Some(entry) = self.library.decks.get(cursor) {
                    session.toggle_deck(&entry.deck.id, now);
                    return vec![Effect::Save];
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::EventKind;
    use tui_input::InputRequest;

    fn type_text(app: &mut App, text: &str, now: DateTime<Utc>) {
        for c in text.chars() {
            app.update(Action::Edit(InputRequest::InsertChar(c)), now);
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
        assert_eq!(app.screen, Screen::NewForm);
        type_text(&mut app, "Checkout", clock.now());
        app.update(Action::NextField, clock.now());
        app.update(Action::Edit(InputRequest::DeleteLine), clock.now());
        type_text(&mut app, "60", clock.now());
        app.update(Action::NextField, clock.now());
        type_text(&mut app, "Ada, Grace", clock.now());
        let effects = app.update(Action::Confirm, clock.now());
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
        app.update(Action::NextField, clock.now());
        type_text(&mut app, "x", clock.now());
        assert!(app.update(Action::Confirm, clock.now()).is_empty());
        assert_eq!(app.screen, Screen::NewForm);
        assert_eq!(
            app.form.error.as_deref(),
            Some("Minutes: expected a whole number from 10 to 600, got \"90x\"")
        );
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
        assert_eq!(app.update(Action::Confirm, clock.now()), [Effect::Save]);
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
        app.update(Action::TogglePause, clock.now());
        assert_eq!(app.next_change_in(), None);
    }
}
