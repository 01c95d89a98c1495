//! Opening forms and carrying out a submitted one.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use super::{App, Confirm, Layer, Screen, parse_minutes, parse_participants};
use crate::action::{Action, Effect};
use crate::deck::ElementKind;
use crate::form::{Field, Form, Outcome, Purpose};
use crate::session::Session;

/// The kinds offered when adding an element, in the order of the choice.
pub const ELEMENT_CHOICES: [(ElementKind, bool, &str); 5] = [
    (ElementKind::Process, false, "Process"),
    (ElementKind::DataStore, false, "Data store"),
    (ElementKind::DataStore, true, "Data store that holds logs"),
    (ElementKind::DataFlow, false, "Data flow"),
    (ElementKind::ExternalEntity, false, "External entity"),
];

impl App {
    /// Opens the new-session form with the budget and participants filled in.
    pub fn open_form_with(&mut self, minutes: u32, participants: &[String]) {
        self.open_new_session_form(minutes, participants);
    }

    pub(super) fn open_new_session_form(&mut self, minutes: u32, participants: &[String]) {
        let form = Form::new(
            Purpose::NewSession,
            " New session ",
            vec![
                Field::line("Title", ""),
                Field::line("Minutes", &minutes.to_string()),
                Field::line("Participants (comma-separated)", &participants.join(", ")),
            ],
        )
        .with_help(
            "Time boxes are scaled to the minutes you give; the record is saved after every change.",
        );
        self.layers.push(Layer::Form(Box::new(form)));
    }

    /// The one-line capture: Enter saves the threat at once.
    pub(super) fn open_quick_threat(&mut self) {
        let title = if self.capture_cell.is_some() {
            " Threat found with this card "
        } else {
            " New threat "
        };
        let form = Form::new(Purpose::QuickThreat, title, vec![Field::line("Threat", "")]);
        self.layers.push(Layer::Form(Box::new(form)));
    }

    /// The element form, with the kind at `choice` of [`ELEMENT_CHOICES`].
    pub(super) fn open_element_form(&mut self, choice: usize) {
        let kinds = ELEMENT_CHOICES
            .iter()
            .map(|(_, _, label)| (*label).to_owned())
            .collect();
        let form = Form::new(
            Purpose::Element { id: None },
            " Add an element ",
            vec![
                Field::choice("Kind", kinds, choice),
                Field::line("Name", ""),
            ],
        )
        .with_help("Enter adds it and keeps the form open for the next one; Esc when done.");
        let mut form = form;
        form.focus = 1;
        self.layers.push(Layer::Form(Box::new(form)));
    }

    pub(super) fn update_form(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let Action::Key(key) = action else {
            return Vec::new();
        };
        let Some(Layer::Form(form)) = self.layers.last_mut() else {
            return Vec::new();
        };
        match form.key(key) {
            Outcome::Stay | Outcome::Other => Vec::new(),
            Outcome::Submit => self.submit(now),
            Outcome::Cancel => {
                if form.touched && form.has_text() {
                    self.layers.push(Layer::Confirm(Confirm::DiscardForm));
                } else {
                    self.layers.pop();
                    if key.code == KeyCode::Esc && self.screen == Screen::Launcher {
                        self.selected = 0;
                    }
                }
                Vec::new()
            }
        }
    }

    /// Carries out the form on top; a refused one stays open with why.
    fn submit(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(Layer::Form(form)) = self.layers.last() else {
            return Vec::new();
        };
        let form = (**form).clone();
        let result = match &form.purpose {
            Purpose::NewSession => self.submit_new_session(&form, now),
            Purpose::QuickThreat => self.submit_quick_threat(&form, now),
            Purpose::Element { .. } => self.submit_element(&form, now),
            _ => Err(("", "This form cannot be saved yet".to_owned())),
        };
        match result {
            Ok(effects) => effects,
            Err((label, why)) => {
                if let Some(Layer::Form(form)) = self.layers.last_mut() {
                    form.refuse(label, why);
                }
                Vec::new()
            }
        }
    }

    fn submit_new_session(&mut self, form: &Form, now: DateTime<Utc>) -> Submitted {
        let title = form.get("Title");
        let title = match title.trim() {
            "" => "Untitled session",
            t => t,
        };
        let minutes = parse_minutes(&form.get("Minutes")).map_err(|e| ("Minutes", e))?;
        let people = parse_participants(&form.get("Participants (comma-separated)"));
        self.session = Some(Session::new(title, minutes, people, &self.script, now));
        self.screen = Screen::Session;
        self.layers.clear();
        Ok(vec![Effect::Save])
    }

    fn submit_quick_threat(&mut self, form: &Form, now: DateTime<Utc>) -> Submitted {
        let text = form.get("Threat");
        let cell = self.capture_cell.take();
        let session = self.session.as_mut().ok_or(("", String::new()))?;
        let captured = match &cell {
            Some(cell) => session.capture_from_card(&text, cell, now),
            None => session.capture_threat(&text, now),
        };
        self.layers.pop();
        Ok(match captured {
            Some(_) => vec![Effect::Save],
            None => Vec::new(),
        })
    }

    /// Adds the element and keeps the form open, with the same kind, for
    /// the next one.
    fn submit_element(&mut self, form: &Form, now: DateTime<Utc>) -> Submitted {
        let choice = form.index("Kind");
        let (kind, logs, _) = ELEMENT_CHOICES[choice.min(ELEMENT_CHOICES.len() - 1)];
        let name = form.get("Name");
        let session = self.session.as_mut().ok_or(("", String::new()))?;
        session
            .add_element(kind, &name, logs, now)
            .ok_or(("Name", "An element needs a name".to_owned()))?;
        self.layers.pop();
        self.open_element_form(choice);
        Ok(vec![Effect::Save])
    }
}

/// What a submitted form asks of the loop, or which field to fix and why.
type Submitted = Result<Vec<Effect>, (&'static str, String)>;
