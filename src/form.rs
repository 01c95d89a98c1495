//! One form component for every form: fields of several kinds (one line,
//! several lines, a choice, a yes/no), moving between fields, typing and
//! pasting. Pure state; `app` decides what a submitted form does (its
//! [`Purpose`]) and `ui::form` draws it.
//!
//! Keys: Tab / ↓ and Shift-Tab / ↑ move between fields (in a field of
//! several lines ↑ / ↓ move between its lines; Tab leaves it); Enter moves
//! on and submits on the last field (in a field of several lines it starts
//! a new line); Ctrl-S submits from anywhere; Esc cancels. In a choice,
//! ←/→ or Space change it and a digit picks an option by number.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use tui_input::Input;

/// What a form is for: `app` turns its values into a change when it is
/// submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    NewSession,
    /// The one-line capture of a threat (`t`, or the card's `f`).
    QuickThreat,
    /// The full threat form; `id` when editing one.
    Threat {
        id: Option<u32>,
    },
    /// An element of the model (external entity, process, data store).
    Element {
        id: Option<u32>,
    },
    /// A data flow between two elements.
    Flow {
        id: Option<u32>,
    },
    Boundary {
        id: Option<u32>,
    },
    /// An item for the parking lot; `id` when editing one.
    Park {
        id: Option<u32>,
    },
    /// Why a parked item is dropped.
    DropParked {
        id: u32,
    },
    /// How an excursion ended.
    EndExcursion,
    /// Phase 0: scope, out of scope, desired level of security, roles.
    Approach,
    Participants,
    /// A filter for the list with the focus.
    Filter,
    /// The team's own action instead of the suggested one, with a reason.
    Override,
    /// Why a threat needs more work in the review.
    ReviewNote,
    /// How the team decides a threat.
    Decide {
        threat: u32,
    },
    /// A mitigation; `id` when editing one.
    Mitigation {
        id: Option<u32>,
    },
    /// A line for the retro.
    Retro,
    /// Another threat for mitigation `id` to tame.
    LinkMitigation {
        id: u32,
    },
    /// `E`: a format and where to write the export.
    Export,
}

/// The kind of a field and its value.
#[derive(Debug, Clone)]
pub enum Value {
    /// One line of text.
    Line(Input),
    /// Several lines of text.
    Text(Box<TextArea<'static>>),
    /// One of `options`, by index; `labels` are what the screen shows.
    Choice { options: Vec<String>, index: usize },
    /// Yes or no.
    Toggle(bool),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub value: Value,
}

impl Field {
    pub fn line(label: &'static str, text: &str) -> Self {
        Self {
            label,
            value: Value::Line(Input::new(text.to_owned())),
        }
    }

    pub fn text(label: &'static str, text: &str) -> Self {
        let lines = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_owned).collect()
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Self {
            label,
            value: Value::Text(Box::new(area)),
        }
    }

    pub fn choice(label: &'static str, options: Vec<String>, index: usize) -> Self {
        let index = index.min(options.len().saturating_sub(1));
        Self {
            label,
            value: Value::Choice { options, index },
        }
    }

    pub fn toggle(label: &'static str, on: bool) -> Self {
        Self {
            label,
            value: Value::Toggle(on),
        }
    }

    /// The field's text: a line, the lines joined with `\n`, the chosen
    /// option, or "yes" / "no".
    pub fn text_value(&self) -> String {
        match &self.value {
            Value::Line(input) => input.value().to_owned(),
            Value::Text(area) => area.lines().join("\n"),
            Value::Choice { options, index } => options.get(*index).cloned().unwrap_or_default(),
            Value::Toggle(on) => if *on { "yes" } else { "no" }.to_owned(),
        }
    }

    pub fn is_multiline(&self) -> bool {
        matches!(self.value, Value::Text(_))
    }
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to do for the caller.
    Stay,
    /// Submit the form.
    Submit,
    /// Cancel it.
    Cancel,
    /// The caller's own key (Tab on a quick capture, say).
    Other,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub purpose: Purpose,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last submit was refused, shown under the fields.
    pub error: Option<String>,
    /// Something was typed or changed since the form opened.
    pub touched: bool,
    /// A line of help under the fields.
    pub help: Option<String>,
    /// Enter in a one-line field saves at once (forms for quick entry,
    /// where the later fields are optional).
    pub enter_saves: bool,
}

impl Form {
    pub fn new(purpose: Purpose, title: impl Into<String>, fields: Vec<Field>) -> Self {
        Self {
            purpose,
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            touched: false,
            help: None,
            enter_saves: false,
        }
    }

    /// Enter in a one-line field saves the form at once.
    pub fn enter_saves(mut self) -> Self {
        self.enter_saves = true;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The text of the field labelled `label` (empty if there is none).
    pub fn get(&self, label: &str) -> String {
        self.field(label).map(Field::text_value).unwrap_or_default()
    }

    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    /// The chosen index of the choice labelled `label`.
    pub fn index(&self, label: &str) -> usize {
        match self.field(label).map(|f| &f.value) {
            Some(Value::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    /// Whether the toggle labelled `label` is on.
    pub fn on(&self, label: &str) -> bool {
        matches!(
            self.field(label).map(|f| &f.value),
            Some(Value::Toggle(true))
        )
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    /// Shows `why` and puts the focus on the field labelled `label`.
    pub fn refuse(&mut self, label: &str, why: String) {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            self.focus = i;
        }
        self.error = Some(why);
    }

    /// A key pressed while the form is on top.
    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let multiline = self.focused().is_some_and(Field::is_multiline);
        let last = self.focus + 1 >= self.fields.len();
        match key.code {
            KeyCode::Char('s') if ctrl => return Outcome::Submit,
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Tab => {
                self.next();
                return Outcome::Stay;
            }
            KeyCode::BackTab => {
                self.prev();
                return Outcome::Stay;
            }
            KeyCode::Enter if !multiline => {
                if last || self.enter_saves {
                    return Outcome::Submit;
                }
                self.next();
                return Outcome::Stay;
            }
            KeyCode::Down if !multiline => {
                self.next();
                return Outcome::Stay;
            }
            KeyCode::Up if !multiline => {
                self.prev();
                return Outcome::Stay;
            }
            _ => {}
        }
        let Some(field) = self.focused_mut() else {
            return Outcome::Stay;
        };
        let changed = match &mut field.value {
            Value::Line(input) => tui_input::backend::crossterm::to_input_request(&Event::Key(key))
                .and_then(|req| input.handle(req))
                .is_some_and(|r| r.value),
            Value::Text(area) => area.input(key),
            Value::Choice { options, index } => choose(options.len(), index, key),
            Value::Toggle(on) => match key.code {
                KeyCode::Char(' ' | 'y' | 'n') | KeyCode::Left | KeyCode::Right => {
                    *on = match key.code {
                        KeyCode::Char('y') => true,
                        KeyCode::Char('n') => false,
                        _ => !*on,
                    };
                    true
                }
                _ => false,
            },
        };
        if changed {
            self.touched = true;
            self.error = None;
        }
        Outcome::Stay
    }

    /// Pasted text goes into the focused field whole: a one-line field
    /// gets its line breaks as spaces; a choice or a toggle ignores it.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let Some(field) = self.focused_mut() else {
            return false;
        };
        let pasted = match &mut field.value {
            Value::Line(input) => {
                let flat: String = text
                    .chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                    .filter(|c| !c.is_control())
                    .collect();
                for c in flat.chars() {
                    input.handle(tui_input::InputRequest::InsertChar(c));
                }
                !flat.is_empty()
            }
            Value::Text(area) => {
                let clean: String = text
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .filter(|c| *c == '\n' || !c.is_control())
                    .collect();
                area.insert_str(clean)
            }
            Value::Choice { .. } | Value::Toggle(_) => false,
        };
        if pasted {
            self.touched = true;
            self.error = None;
        }
        pasted
    }

    /// Whether any text field holds text (for asking before discarding).
    pub fn has_text(&self) -> bool {
        self.fields.iter().any(|f| match &f.value {
            Value::Line(input) => !input.value().trim().is_empty(),
            Value::Text(area) => area.lines().iter().any(|l| !l.trim().is_empty()),
            _ => false,
        })
    }
}

/// ←/→ or Space step through `n` options; a digit 1–9 picks one.
fn choose(n: usize, index: &mut usize, key: KeyEvent) -> bool {
    if n == 0 {
        return false;
    }
    let before = *index;
    match key.code {
        KeyCode::Right | KeyCode::Char(' ') => *index = (*index + 1) % n,
        KeyCode::Left => *index = (*index + n - 1) % n,
        KeyCode::Char(c) if c.is_ascii_digit() => {
            let d = c.to_digit(10).unwrap_or(0) as usize;
            if (1..=n).contains(&d) {
                *index = d - 1;
            }
        }
        _ => {}
    }
    *index != before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_str(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.key(key(KeyCode::Char(c)));
        }
    }

    fn form() -> Form {
        Form::new(
            Purpose::Threat { id: None },
            "Threat",
            vec![
                Field::line("Title", ""),
                Field::text("Description", ""),
                Field::choice("Raised by", vec!["Ada".into(), "Grace".into()], 0),
                Field::toggle("Key threat", false),
            ],
        )
    }

    #[test]
    fn enter_moves_on_and_submits_on_the_last_field() {
        let mut f = form();
        type_str(&mut f, "Replay");
        assert_eq!(f.key(key(KeyCode::Enter)), Outcome::Stay);
        assert_eq!(f.focus, 1);
        // Enter in a field of several lines starts a new line.
        type_str(&mut f, "one");
        f.key(key(KeyCode::Enter));
        type_str(&mut f, "two");
        assert_eq!(f.get("Description"), "one\ntwo");
        f.key(key(KeyCode::Tab));
        f.key(key(KeyCode::Char('2')));
        assert_eq!(f.get("Raised by"), "Grace");
        f.key(key(KeyCode::Enter));
        f.key(key(KeyCode::Char(' ')));
        assert!(f.on("Key threat"));
        assert_eq!(f.key(key(KeyCode::Enter)), Outcome::Submit);
        assert!(f.touched);
    }

    #[test]
    fn shift_tab_and_up_go_back_and_ctrl_s_submits_anywhere() {
        let mut f = form();
        f.key(key(KeyCode::Tab));
        f.key(key(KeyCode::BackTab));
        assert_eq!(f.focus, 0);
        f.key(key(KeyCode::Up));
        assert_eq!(f.focus, 3);
        assert_eq!(
            f.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Outcome::Submit
        );
        assert_eq!(f.key(key(KeyCode::Esc)), Outcome::Cancel);
    }

    #[test]
    fn a_paste_goes_into_the_field_whole() {
        let mut f = form();
        assert!(f.paste("line one\r\nline two\nn e q"));
        assert_eq!(f.get("Title"), "line one line two n e q");
        f.key(key(KeyCode::Tab));
        f.paste("first\nsecond\nthird");
        assert_eq!(f.get("Description"), "first\nsecond\nthird");
        // Control characters never get in.
        f.key(key(KeyCode::BackTab));
        f.paste("\u{1b}[2Jx");
        assert!(!f.get("Title").contains('\u{1b}'));
        // A choice ignores a paste.
        f.key(key(KeyCode::Tab));
        f.key(key(KeyCode::Tab));
        assert!(!f.paste("Grace"));
        assert_eq!(f.get("Raised by"), "Ada");
    }

    #[test]
    fn has_text_says_whether_anything_would_be_lost() {
        let mut f = form();
        assert!(!f.has_text());
        f.key(key(KeyCode::Tab));
        f.paste("x");
        assert!(f.has_text());
    }
}
