//! Key event → action, for each input mode. Pure; the help overlay and the
//! footer are built from the same tables, so they cannot drift apart.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;

/// Which keys mean what right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Launcher,
    Form,
    Session,
    Capture,
    Help,
}

/// One line of key help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub keys: &'static str,
    pub what: &'static str,
    /// The footer's short label; `None` keeps the key out of the footer.
    pub short: Option<&'static str>,
}

const fn b(keys: &'static str, what: &'static str, short: Option<&'static str>) -> Binding {
    Binding { keys, what, short }
}

const LAUNCHER: &[Binding] = &[
    b("↑/↓ j/k", "choose", Some("choose")),
    b("Enter", "open the chosen entry", Some("open")),
    b("n", "new session", Some("new")),
    b("?", "help", Some("help")),
    b("q Esc", "quit", Some("quit")),
    b("Ctrl-C", "quit", None),
];

const FORM: &[Binding] = &[
    b("Tab ↓", "next field", Some("next field")),
    b("Shift-Tab ↑", "previous field", None),
    b("Enter", "start the session", Some("start")),
    b("Esc", "back to the launcher", Some("back")),
    b("←/→ Home/End", "move in the field", None),
    b(
        "Backspace Ctrl-W Ctrl-U",
        "delete a character, a word, the line",
        None,
    ),
    b("Ctrl-C", "quit", None),
];

const SESSION: &[Binding] = &[
    b("Space", "pause / resume (a break)", Some("pause")),
    b("+", "extend this step by 5 minutes", Some("extend")),
    b("n Tab", "next step", Some("next")),
    b("N Shift-Tab", "previous step", Some("back")),
    b("t", "capture a threat", Some("threat")),
    b("?", "help", Some("help")),
    b("q", "save and quit", Some("quit")),
    b("Ctrl-C", "save and quit", None),
];

const CAPTURE: &[Binding] = &[
    b("Enter", "save the threat", Some("save")),
    b("Esc", "cancel", Some("cancel")),
    b("←/→ Home/End", "move in the text", None),
    b("Ctrl-C", "save the session and quit", None),
];

const HELP: &[Binding] = &[b("any key", "close this help", Some("close help"))];

pub fn bindings(mode: InputMode) -> &'static [Binding] {
    match mode {
        InputMode::Launcher => LAUNCHER,
        InputMode::Form => FORM,
        InputMode::Session => SESSION,
        InputMode::Capture => CAPTURE,
        InputMode::Help => HELP,
    }
}

/// The action a key press means in `mode`, if any. Releases and repeats are
/// ignored: some terminals report them as separate events.
pub fn action(mode: InputMode, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    let plain = !ctrl && !key.modifiers.contains(KeyModifiers::ALT);
    match mode {
        InputMode::Help => Some(Action::ToggleHelp),
        InputMode::Launcher => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Char('n') if plain => Some(Action::NewSession),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') | KeyCode::Esc => Some(Action::Quit),
            _ => None,
        },
        InputMode::Form | InputMode::Capture => match key.code {
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Tab | KeyCode::Down if mode == InputMode::Form => Some(Action::NextField),
            KeyCode::BackTab | KeyCode::Up if mode == InputMode::Form => Some(Action::PrevField),
            _ => {
                tui_input::backend::crossterm::to_input_request(&Event::Key(key)).map(Action::Edit)
            }
        },
        InputMode::Session => match key.code {
            KeyCode::Char(' ') => Some(Action::TogglePause),
            KeyCode::Char('+') => Some(Action::Extend),
            KeyCode::Char('n') | KeyCode::Tab if plain => Some(Action::NextStep),
            KeyCode::Char('N') | KeyCode::BackTab => Some(Action::PrevStep),
            KeyCode::Char('t') if plain => Some(Action::CaptureThreat),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn releases_are_ignored() {
        let mut k = press(KeyCode::Char('n'), KeyModifiers::NONE);
        k.kind = KeyEventKind::Release;
        k.state = KeyEventState::NONE;
        assert_eq!(action(InputMode::Session, k), None);
    }

    #[test]
    fn ctrl_c_quits_everywhere() {
        for mode in [
            InputMode::Launcher,
            InputMode::Form,
            InputMode::Session,
            InputMode::Capture,
            InputMode::Help,
        ] {
            let k = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
            assert_eq!(action(mode, k), Some(Action::Quit), "{mode:?}");
        }
    }

    #[test]
    fn shifted_characters_still_count() {
        let plus = press(KeyCode::Char('+'), KeyModifiers::SHIFT);
        assert_eq!(action(InputMode::Session, plus), Some(Action::Extend));
        let back = press(KeyCode::Char('N'), KeyModifiers::SHIFT);
        assert_eq!(action(InputMode::Session, back), Some(Action::PrevStep));
    }

    #[test]
    fn typing_q_in_a_text_field_is_text() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert!(matches!(
            action(InputMode::Capture, q),
            Some(Action::Edit(_))
        ));
        assert_eq!(action(InputMode::Session, q), Some(Action::Quit));
    }

    /// Every key the help lists for the session screen does something there.
    #[test]
    fn session_help_matches_the_key_map() {
        let keys = [
            KeyCode::Char(' '),
            KeyCode::Char('+'),
            KeyCode::Char('n'),
            KeyCode::Tab,
            KeyCode::Char('N'),
            KeyCode::BackTab,
            KeyCode::Char('t'),
            KeyCode::Char('?'),
            KeyCode::Char('q'),
        ];
        for code in keys {
            assert!(
                action(InputMode::Session, press(code, KeyModifiers::NONE)).is_some(),
                "{code:?}"
            );
        }
        assert_eq!(bindings(InputMode::Session).len(), 8);
    }
}
