//! Key event → action, for each input mode. Pure; the help overlay and the
//! footer are built from the same tables, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;
use crate::app::View;

/// Which keys mean what right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Launcher,
    Form,
    Session,
    /// The session on a break: the same keys, but Space resumes.
    Paused,
    /// The session with a dealt card on screen.
    Card,
    Capture,
    /// Choosing the session's decks.
    Picker,
    /// Choosing a practice scenario (`tamer practice`).
    Scenarios,
    /// A practice session's brief, to read before starting.
    Brief,
    Help,
    /// A yes / no question on top.
    Confirm,
    /// The launcher showing the archive.
    Archive,
    /// A list full-screen (threats, model, parking lot).
    List,
    /// The session after its last step: look, reopen, or quit.
    Finished,
    /// The rating or residual walk.
    Walk,
    /// The review walk (phase 4).
    Review,
    /// What remains, or the summary: to read.
    Report,
    /// The radar panel has the focus: choose a flag, acknowledge, snooze.
    Radar,
    /// `tamer replay`: the player's keys.
    Replay,
    /// The debrief of a practice session: to read and scroll.
    Debrief,
}

impl InputMode {
    pub const ALL: [InputMode; 20] = [
        InputMode::Launcher,
        InputMode::Form,
        InputMode::Session,
        InputMode::Paused,
        InputMode::Card,
        InputMode::Capture,
        InputMode::Picker,
        InputMode::Scenarios,
        InputMode::Brief,
        InputMode::Help,
        InputMode::Confirm,
        InputMode::Archive,
        InputMode::List,
        InputMode::Finished,
        InputMode::Walk,
        InputMode::Review,
        InputMode::Report,
        InputMode::Radar,
        InputMode::Replay,
        InputMode::Debrief,
    ];
}

/// One line of key help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub keys: &'static str,
    pub what: &'static str,
    /// The footer's text, key first ("n next"); `None` keeps the binding
    /// out of the footer.
    pub short: Option<&'static str>,
}

const fn b(keys: &'static str, what: &'static str, short: Option<&'static str>) -> Binding {
    Binding { keys, what, short }
}

const LAUNCHER: &[Binding] = &[
    b("↑/↓ j/k", "choose", Some("↑/↓ choose")),
    b("Enter", "open the chosen entry", Some("Enter open")),
    b("n", "new session", Some("n new")),
    b("p", "practise alone on a built-in scenario", Some("p solo")),
    b(
        "a",
        "archive the chosen record (in the archive: restore it)",
        Some("a archive"),
    ),
    b(
        "x Delete",
        "delete the chosen record (to the archive; from there, for good)",
        None,
    ),
    b(
        "A",
        "show the archive, or the sessions again",
        Some("A archived"),
    ),
    b("?", "help", Some("? help")),
    b("q Esc", "quit", Some("q quit")),
    b("Ctrl-C", "quit", None),
];

const FORM: &[Binding] = &[
    b("Tab ↓", "next field", Some("Tab next")),
    b("Shift-Tab ↑", "previous field", None),
    b(
        "Enter",
        "next field; on the last one, save (in a text of several lines: a new line)",
        Some("Enter next/save"),
    ),
    b("Ctrl-S", "save from any field", Some("Ctrl-S save")),
    b(
        "Esc",
        "cancel (asks first if you typed something)",
        Some("Esc cancel"),
    ),
    b("←/→ Space 1-9", "change a choice", None),
    b("Home/End", "move in the field", None),
    b(
        "Backspace Ctrl-W Ctrl-U",
        "delete a character, a word, the line",
        None,
    ),
    b("Ctrl-C", "save and quit", None),
];

/// The keys every session screen shares (lists, model, parking lot,
/// excursions, the approach), between a screen's own first keys and its
/// help and quit keys; `$undo` and `$park` are their footer texts.
macro_rules! session_keys {
    ([$($head:expr),* $(,)?], undo: $undo:expr, park: $park:expr, [$($tail:expr),* $(,)?]) => {
        &[
            $($head,)*
        b("↑/↓ j/k", "select in the list", None),
        b(
            "PgUp/PgDn Home/End",
            "page, first, last",
            None,
        ),
        b(
            "Enter",
            "open the selected item",
            None,
        ),
        b("Delete", "delete the selected item", None),
        b("/", "filter the list", None),
        b("u", "undo the last change", $undo),
        b("T", "threats, full screen", None),
        b("M", "the system model, full screen", None),
        b("P", "the parking lot, full screen", None),
        b("Esc", "back to the session", None),
        b("e", "add an element", None),
        b("w", "add a data flow", None),
        b("B", "add a trust boundary", None),
        b("A", "agree on the model [1.3.3]", None),
        b("p", "park an item", $park),
        b(
            "t",
            "(in P) make the parked item a threat",
            None,
        ),
        b("X", "excursion: start / end", None),
        b("g", "give the bank to this step", None),
        b("o", "the approach and roles", None),
        b("W", "who takes part", None),
        b("d", "choose the session's decks", None),
        b("h", "a hint (practice runs)", None),
        b("b", "the brief again (practice runs)", None),
    b("a", "assess: the walk to rate, residual, review", None),
    b("r", "radar: the flags about this session", None),
    b("m", "a mitigation for the threat", None),
    b("K", "key threat, or not [2.1.7]", None),
    b("L", "mitigations, full screen", None),
    b("H", "what remains (open risks)", None),
    b("S", "the summary", None),
    b("R", "a line for the retro", None),
    b("E", "export: notes, tracker rows, other tools", None),
            $($tail,)*
        ]
    };
}

/// The session screen; only Space differs on a break.
macro_rules! plain_session_keys {
    ($space:expr) => {
        session_keys!(
            [
                $space,
                b("+", "5 more minutes", Some("+ 5m")),
                b("n Tab", "next step", Some("n next")),
                b("N Shift-Tab", "previous step", None),
                b("t", "capture a threat", Some("t threat")),
                b(
                    "c",
                    "show / hide the dealt card",
                    Some("c cards"),
                ),
            ],
            undo: Some("u undo"),
            park: Some("p park"),
            [
                b("F2", "presenter layout", None),
                b("?", "help", Some("? help")),
                b("q", "save and quit", Some("q quit")),
                b("Ctrl-C", "save and quit", None),
            ]
        )
    };
}

const SESSION: &[Binding] =
    plain_session_keys!(b("Space", "pause / resume (a break)", Some("Space pause")));

const PAUSED: &[Binding] =
    plain_session_keys!(b("Space", "resume after the break", Some("Space resume")));

const CARD: &[Binding] = session_keys!(
    [
        b(
            "f",
            "threat found with this card",
            Some("f found"),
        ),
        b("x", "nothing (more) here: next card", Some("x nothing")),
        b("s", "skip: dealt again at the end", Some("s skip")),
        b("D", "deal from the next chosen deck", Some("D deck")),
        b("c", "hide the card", Some("c hide")),
        b("Space", "pause / resume (a break)", Some("Space pause")),
        b("+", "5 more minutes", None),
        b("n Tab", "next step", None),
        b("N Shift-Tab", "previous step", None),
        b("t", "a threat not from the card", None),
    ],
    undo: None,
    park: None,
    [
        b("F2", "presenter layout", None),
        b("?", "help", Some("? help")),
        b("q", "save and quit", Some("q quit")),
        b("Ctrl-C", "save and quit", None),
    ]
);

const PICKER: &[Binding] = &[
    b("↑/↓ j/k", "choose", Some("↑/↓ choose")),
    b(
        "Space",
        "use this deck in the session, or not",
        Some("Space toggle"),
    ),
    b("Enter Esc", "done", Some("Enter done")),
    b("Ctrl-C", "save and quit", None),
];

const SCENARIOS: &[Binding] = &[
    b("↑/↓ j/k", "choose a scenario", Some("↑/↓ choose")),
    b(
        "Enter",
        "start a practice session on it",
        Some("Enter start"),
    ),
    b("Esc q", "leave without starting", Some("Esc leave")),
    b("?", "help", None),
];

const BRIEF: &[Binding] = &[
    b("Enter Esc", "begin", Some("Enter begin")),
    b("?", "help", None),
    b("q", "save and quit", None),
];

const CAPTURE: &[Binding] = &[
    b("Enter", "save the threat", Some("Enter save")),
    b("Esc", "cancel", Some("Esc cancel")),
    b("←/→ Home/End", "move in the text", None),
    b("Ctrl-C", "save the session and quit", None),
];

const HELP: &[Binding] = &[b("any key", "close this help", Some("Esc close help"))];

const ARCHIVE: &[Binding] = &[
    b("↑/↓ j/k", "choose", Some("↑/↓ choose")),
    b("a", "restore the chosen record", Some("a restore")),
    b(
        "x Delete",
        "delete the chosen record for good",
        Some("x delete"),
    ),
    b("A", "back to the sessions", Some("A back")),
    b("?", "help", Some("? help")),
    b("q Esc", "quit", Some("q quit")),
    b("Ctrl-C", "quit", None),
];

const LIST: &[Binding] = &[
    b("↑/↓ j/k", "select", Some("↑/↓ select")),
    b("PgUp/PgDn Home/End", "page, first, last", None),
    b("Enter", "open the selected item", Some("Enter open")),
    b("Delete", "delete the selected item", Some("Del delete")),
    b("/", "filter the list", Some("/ filter")),
    b(
        "l",
        "(mitigations) link the selected one to another threat",
        None,
    ),
    b("u", "undo the last change", Some("u undo")),
    b(
        "t",
        "capture a threat (in the parking lot: make the selected item one)",
        None,
    ),
    b("p", "park an item", None),
    b("e", "add an element", None),
    b("w", "add a data flow", None),
    b("B", "add a trust boundary", None),
    b("T", "threats, full screen", None),
    b("M", "the system model, full screen", None),
    b("P", "the parking lot, full screen", None),
    b("X", "excursion: start / end", None),
    b("Space", "pause / resume (a break)", None),
    b("Esc", "back to the session", Some("Esc back")),
    b("F2", "presenter layout", None),
    b("?", "help", Some("? help")),
    b("q", "save and quit", None),
    b("Ctrl-C", "save and quit", None),
];

const FINISHED: &[Binding] = &[
    b("S", "the summary", Some("S summary")),
    b("H", "what remains (open risks)", None),
    b("L", "mitigations, full screen", None),
    b("D", "the debrief again (practice runs)", None),
    b("b", "the brief again (practice runs)", None),
    b("N Shift-Tab", "reopen the last step", Some("N reopen")),
    b("T", "threats, full screen", Some("T threats")),
    b("M", "the system model, full screen", Some("M model")),
    b("P", "the parking lot, full screen", Some("P parking")),
    b("r", "radar: the flags about this session", None),
    b(
        "E",
        "export: notes, tracker rows, other tools",
        Some("E export"),
    ),
    b("↑/↓ j/k", "select in the list", None),
    b("Enter", "open the selected item: read it whole", None),
    b("F2", "presenter layout", None),
    b("?", "help", Some("? help")),
    b("q", "quit", Some("q quit")),
    b("Ctrl-C", "quit", None),
];

const WALK: &[Binding] = &[
    b(
        "1-9",
        "likelihood, then impact (1 is the lowest)",
        Some("1-9 rate"),
    ),
    b(
        "Enter",
        "keep the suggested action and go on",
        Some("Enter keep"),
    ),
    b(
        "o",
        "our own action instead, with a reason [3.1.8]",
        Some("o override"),
    ),
    b(
        "d",
        "decide: mitigate, accept, transfer, avoid, not a threat",
        Some("d decide"),
    ),
    b("m", "a mitigation for this threat", Some("m mitigation")),
    b("K", "key threat, or not [2.1.7]", None),
    b("←/→", "previous / next threat", None),
    b("Backspace", "clear the levels typed", None),
    b(
        "O",
        "order: key threats first, by element, as captured",
        None,
    ),
    b("y", "review: fine", None),
    b("n", "review: needs work (say what)", None),
    b("u", "undo the last change", None),
    b("Space", "pause / resume (a break)", None),
    b("Esc", "back to the session", Some("Esc back")),
    b("F2", "presenter layout", None),
    b("?", "help", Some("? help")),
    b("q", "save and quit", None),
    b("Ctrl-C", "save and quit", None),
];

const REVIEW: &[Binding] = &[
    b("y Enter", "fine: on to the next threat", Some("y fine")),
    b("n", "needs work: say what", Some("n needs work")),
    b("d", "decide the threat", Some("d decide")),
    b("m", "a mitigation for it", Some("m mitigation")),
    b("←/→", "previous / next threat", None),
    b("u", "undo the last change", None),
    b("Esc", "back to the session", Some("Esc back")),
    b("F2", "presenter layout", None),
    b("?", "help", Some("? help")),
    b("q", "save and quit", None),
    b("Ctrl-C", "save and quit", None),
];

const REPORT: &[Binding] = &[
    b("S", "the summary", Some("S summary")),
    b("H", "what remains", Some("H remains")),
    b("L", "mitigations", Some("L mitigations")),
    b("T", "threats", Some("T threats")),
    b("Esc", "back to the session", Some("Esc back")),
    b("F2", "presenter layout", None),
    b("?", "help", Some("? help")),
    b("q", "save and quit", Some("q quit")),
    b("Ctrl-C", "save and quit", None),
];

const RADAR: &[Binding] = &[
    b("↑/↓ j/k", "choose a flag", Some("↑/↓ choose")),
    b("Enter", "the flag in detail, or not", Some("Enter detail")),
    b(
        "a",
        "acknowledge: seen, off the panel (kept in the record)",
        Some("a acknowledge"),
    ),
    b("z", "snooze it (10 minutes by default)", Some("z snooze")),
    b("r Esc", "back to the session", Some("Esc back")),
    b("F2", "presenter layout", None),
    b("?", "help", Some("? help")),
    b("q", "save and quit", None),
    b("Ctrl-C", "save and quit", None),
];

const DEBRIEF: &[Binding] = &[
    b("↑/↓ j/k", "scroll", Some("↑/↓ scroll")),
    b(
        "PgUp/PgDn Home/End",
        "page, top, bottom",
        Some("PgUp/PgDn page"),
    ),
    b("Esc Enter", "close the debrief", Some("Esc close")),
    b("?", "help", Some("? help")),
    b("q", "save and quit", Some("q quit")),
    b("Ctrl-C", "save and quit", None),
];

const REPLAY: &[Binding] = &[
    b("Space", "play / pause", Some("Space play/pause")),
    b("←/→", "one event back / on", Some("←/→ step")),
    b("N n", "one event back / on (as ←/→)", None),
    b(
        "+ -",
        "faster / slower (1×, 2×, 4× … 64×)",
        Some("+/- speed"),
    ),
    b("0-4", "jump to the start of that phase", Some("0-4 phase")),
    b("Home/End", "the start / the end of the session", None),
    b("F2", "presenter layout", None),
    b("?", "help", Some("? help")),
    b("q Esc", "quit (nothing is written)", Some("q quit")),
    b("Ctrl-C", "quit", None),
];

const CONFIRM: &[Binding] = &[
    b("y Enter", "yes", Some("y yes")),
    b("n Esc", "no, go back", Some("n no")),
    b("Ctrl-C", "quit", None),
];

/// The footer of a read-only session (`tamer view`, `--read-only`): only
/// keys that look, since the others change nothing there.
const READ_ONLY: &[Binding] = &[
    b("F2", "presenter layout", Some("F2 presenter")),
    b("c", "show or hide the card", Some("c card")),
    b("r", "the radar's flags", Some("r radar")),
    b("?", "help", Some("? help")),
    b("q", "quit (nothing is saved)", Some("q quit")),
];

/// The keys the footer shows: a read-only session's on its session
/// screen, else the mode's own.
pub fn footer(mode: InputMode, read_only: bool) -> &'static [Binding] {
    match mode {
        InputMode::Session | InputMode::Paused | InputMode::Card | InputMode::Finished
            if read_only =>
        {
            READ_ONLY
        }
        _ => bindings(mode),
    }
}

pub fn bindings(mode: InputMode) -> &'static [Binding] {
    match mode {
        InputMode::Launcher => LAUNCHER,
        InputMode::Form => FORM,
        InputMode::Session => SESSION,
        InputMode::Paused => PAUSED,
        InputMode::Card => CARD,
        InputMode::Capture => CAPTURE,
        InputMode::Picker => PICKER,
        InputMode::Scenarios => SCENARIOS,
        InputMode::Brief => BRIEF,
        InputMode::Help => HELP,
        InputMode::Confirm => CONFIRM,
        InputMode::Archive => ARCHIVE,
        InputMode::List => LIST,
        InputMode::Finished => FINISHED,
        InputMode::Walk => WALK,
        InputMode::Review => REVIEW,
        InputMode::Report => REPORT,
        InputMode::Radar => RADAR,
        InputMode::Replay => REPLAY,
        InputMode::Debrief => DEBRIEF,
    }
}

/// Whether F2 (the presenter layout) works in `mode`: in a session, except
/// where keys are text (forms) or close the help.
fn presents(mode: InputMode) -> bool {
    matches!(
        mode,
        InputMode::Session
            | InputMode::Paused
            | InputMode::Card
            | InputMode::List
            | InputMode::Finished
            | InputMode::Walk
            | InputMode::Review
            | InputMode::Report
            | InputMode::Radar
            | InputMode::Replay
            | InputMode::Confirm
    )
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
    if key.code == KeyCode::F(2) && presents(mode) {
        return Some(Action::TogglePresent);
    }
    match mode {
        InputMode::Help => Some(Action::ToggleHelp),
        InputMode::Debrief => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Home => Some(Action::First),
            KeyCode::End => Some(Action::Last),
            KeyCode::Esc | KeyCode::Enter => Some(Action::Cancel),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
        InputMode::Confirm => match key.code {
            KeyCode::Char('y') | KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Char('n') | KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        },
        InputMode::Launcher | InputMode::Archive => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Char('n') if plain && mode == InputMode::Launcher => Some(Action::NewSession),
            KeyCode::Char('p') if plain && mode == InputMode::Launcher => Some(Action::Practise),
            KeyCode::Char('a') if plain => Some(Action::Archive),
            KeyCode::Char('A') => Some(Action::ToggleArchive),
            KeyCode::Char('x') | KeyCode::Delete if plain => Some(Action::Delete),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') | KeyCode::Esc => Some(Action::Quit),
            _ => None,
        },
        InputMode::Replay => {
            use crate::app::ReplayKey;
            let replay = |k| Some(Action::Replay(k));
            match key.code {
                KeyCode::Char(' ') => replay(ReplayKey::PlayPause),
                KeyCode::Right | KeyCode::Char('n') => replay(ReplayKey::Next),
                KeyCode::Left | KeyCode::Char('N') => replay(ReplayKey::Prev),
                KeyCode::Char('+') => replay(ReplayKey::Faster),
                KeyCode::Char('-') => replay(ReplayKey::Slower),
                KeyCode::Char(c @ '0'..='4') => replay(ReplayKey::Phase(c as u8 - b'0')),
                KeyCode::Home => replay(ReplayKey::Start),
                KeyCode::End => replay(ReplayKey::End),
                KeyCode::Char('?') => Some(Action::ToggleHelp),
                KeyCode::Char('q') | KeyCode::Esc => Some(Action::Quit),
                _ => None,
            }
        }
        InputMode::Radar => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Char('a') if plain => Some(Action::Acknowledge),
            KeyCode::Char('z') if plain => Some(Action::Snooze),
            KeyCode::Char('r') | KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
        InputMode::Brief => match key.code {
            KeyCode::Enter | KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
        InputMode::Scenarios => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            _ => None,
        },
        InputMode::Picker => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Char(' ') => Some(Action::ToggleDeck),
            KeyCode::Enter | KeyCode::Esc => Some(Action::Cancel),
            _ => None,
        },
        InputMode::Report => match key.code {
            KeyCode::Char('S') => Some(Action::Show(View::Summary)),
            KeyCode::Char('H') => Some(Action::Show(View::Risk)),
            KeyCode::Char('L') => Some(Action::Show(View::Mitigations)),
            KeyCode::Char('T') => Some(Action::Show(View::Threats)),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
        InputMode::Review => match key.code {
            KeyCode::Char('y') | KeyCode::Enter => Some(Action::ReviewOk),
            KeyCode::Char('n') if plain => Some(Action::ReviewNeedsWork),
            KeyCode::Char('d') if plain => Some(Action::Decide),
            KeyCode::Char('m') if plain => Some(Action::AddMitigation),
            KeyCode::Left | KeyCode::Up | KeyCode::Char('k') => Some(Action::Left),
            KeyCode::Right | KeyCode::Down | KeyCode::Char('j') => Some(Action::Right),
            KeyCode::Char('u') if plain => Some(Action::Undo),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
        InputMode::Walk => match key.code {
            KeyCode::Char(c @ '1'..='9') => Some(Action::Digit(c as u8 - b'0')),
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Char('o') if plain => Some(Action::Override),
            KeyCode::Char('d') if plain => Some(Action::Decide),
            KeyCode::Char('m') if plain => Some(Action::AddMitigation),
            KeyCode::Char('K') => Some(Action::KeyThreat),
            KeyCode::Left | KeyCode::Up | KeyCode::Char('k') => Some(Action::Left),
            KeyCode::Right | KeyCode::Down | KeyCode::Char('j') => Some(Action::Right),
            KeyCode::Backspace => Some(Action::Clear),
            KeyCode::Char('O') => Some(Action::CycleOrder),
            KeyCode::Char('y') if plain => Some(Action::ReviewOk),
            KeyCode::Char('n') if plain => Some(Action::ReviewNeedsWork),
            KeyCode::Char('u') if plain => Some(Action::Undo),
            KeyCode::Char(' ') => Some(Action::TogglePause),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
        InputMode::Finished => match key.code {
            KeyCode::Char('S') => Some(Action::Show(View::Summary)),
            KeyCode::Char('H') => Some(Action::Show(View::Risk)),
            KeyCode::Char('L') => Some(Action::Show(View::Mitigations)),
            KeyCode::Char('D') => Some(Action::Debrief),
            KeyCode::Char('b') if plain => Some(Action::Brief),
            KeyCode::Char('N') | KeyCode::BackTab => Some(Action::PrevStep),
            KeyCode::Char('T') => Some(Action::Show(View::Threats)),
            KeyCode::Char('M') => Some(Action::Show(View::Model)),
            KeyCode::Char('P') => Some(Action::Show(View::Parking)),
            KeyCode::Char('r') if plain => Some(Action::Radar),
            KeyCode::Char('E') => Some(Action::Export),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('q') if plain => Some(Action::Quit),
            _ => None,
        },
        // Every key goes to the form, which knows its fields.
        InputMode::Form | InputMode::Capture => Some(Action::Key(key)),
        InputMode::Session | InputMode::Paused | InputMode::Card | InputMode::List => {
            match key.code {
                KeyCode::Char('f') if plain && mode == InputMode::Card => Some(Action::MarkThreat),
                KeyCode::Char('x') if plain && mode == InputMode::Card => Some(Action::MarkNothing),
                KeyCode::Char('s') if plain && mode == InputMode::Card => Some(Action::MarkSkip),
                KeyCode::Char('D') if mode == InputMode::Card => Some(Action::NextDeck),
                KeyCode::Char('c') if plain => Some(Action::ToggleCard),
                KeyCode::Char('d') if plain => Some(Action::OpenDecks),
                KeyCode::Char('h') if plain && mode != InputMode::List => Some(Action::Hint),
                KeyCode::Char('b') if plain && mode != InputMode::List => Some(Action::Brief),
                KeyCode::Char('e') if plain => Some(Action::AddElement),
                KeyCode::Char(' ') => Some(Action::TogglePause),
                KeyCode::Char('+') => Some(Action::Extend),
                KeyCode::Char('n') | KeyCode::Tab if plain => Some(Action::NextStep),
                KeyCode::Char('N') | KeyCode::BackTab => Some(Action::PrevStep),
                KeyCode::Char('t') if plain => Some(Action::CaptureThreat),
                KeyCode::Char('?') => Some(Action::ToggleHelp),
                KeyCode::Char('q') if plain => Some(Action::Quit),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown => Some(Action::PageDown),
                KeyCode::Home => Some(Action::First),
                KeyCode::End => Some(Action::Last),
                KeyCode::Enter => Some(Action::Open),
                KeyCode::Delete => Some(Action::Delete),
                KeyCode::Esc => Some(Action::Cancel),
                KeyCode::Char('/') => Some(Action::Filter),
                KeyCode::Char('u') if plain => Some(Action::Undo),
                KeyCode::Char('T') => Some(Action::Show(View::Threats)),
                KeyCode::Char('M') => Some(Action::Show(View::Model)),
                KeyCode::Char('P') => Some(Action::Show(View::Parking)),
                KeyCode::Char('w') if plain => Some(Action::AddFlow),
                KeyCode::Char('B') => Some(Action::AddBoundary),
                KeyCode::Char('p') if plain => Some(Action::Park),
                KeyCode::Char('X') => Some(Action::Excursion),
                KeyCode::Char('g') if plain => Some(Action::GiveBank),
                KeyCode::Char('o') if plain => Some(Action::Approach),
                KeyCode::Char('W') => Some(Action::Participants),
                KeyCode::Char('A') => Some(Action::Agree),
                KeyCode::Char('a') if plain => Some(Action::Walk),
                KeyCode::Char('r') if plain => Some(Action::Radar),
                KeyCode::Char('E') => Some(Action::Export),
                KeyCode::Char('R') => Some(Action::Retro),
                KeyCode::Char('l') if plain && mode == InputMode::List => Some(Action::Link),
                KeyCode::Char('m') if plain => Some(Action::AddMitigation),
                KeyCode::Char('K') => Some(Action::KeyThreat),
                KeyCode::Char('L') => Some(Action::Show(View::Mitigations)),
                KeyCode::Char('H') => Some(Action::Show(View::Risk)),
                KeyCode::Char('S') => Some(Action::Show(View::Summary)),
                _ => None,
            }
        }
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
        for mode in InputMode::ALL {
            let k = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
            assert_eq!(action(mode, k), Some(Action::Quit), "{mode:?}");
        }
    }

    #[test]
    fn f2_toggles_the_presenter_in_a_session_but_is_not_text() {
        let f2 = press(KeyCode::F(2), KeyModifiers::NONE);
        for mode in [
            InputMode::Session,
            InputMode::Paused,
            InputMode::Card,
            InputMode::Finished,
            InputMode::Walk,
            InputMode::Replay,
            InputMode::Radar,
        ] {
            assert_eq!(action(mode, f2), Some(Action::TogglePresent), "{mode:?}");
        }
        assert_eq!(action(InputMode::Launcher, f2), None);
        assert_eq!(action(InputMode::Form, f2), Some(Action::Key(f2)));
        assert_eq!(action(InputMode::Help, f2), Some(Action::ToggleHelp));
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
        assert_eq!(action(InputMode::Capture, q), Some(Action::Key(q)));
        assert_eq!(action(InputMode::Form, q), Some(Action::Key(q)));
        assert_eq!(action(InputMode::Session, q), Some(Action::Quit));
    }

    /// The footer of every mode fits an 80-column terminal.
    #[test]
    fn footers_fit_80_columns() {
        for mode in InputMode::ALL {
            let width: usize = bindings(mode)
                .iter()
                .filter_map(|b| b.short)
                .map(|s| s.chars().count() + 2)
                .sum();
            assert!(width <= 80, "{mode:?}: footer is {width} wide");
        }
    }

    /// Every key the help lists does something in its mode: each binding's
    /// keys are parsed back into key codes and sent through `action`.
    #[test]
    fn help_matches_the_key_map() {
        // Help closes on any key, which no key name can list.
        for mode in InputMode::ALL.into_iter().filter(|m| *m != InputMode::Help) {
            for binding in bindings(mode) {
                for name in binding.keys.split(' ') {
                    let (code, modifiers) = match name {
                        "Space" => (KeyCode::Char(' '), KeyModifiers::NONE),
                        "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
                        "Shift-Tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                        "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
                        "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
                        "Ctrl-C" => (KeyCode::Char('c'), KeyModifiers::CONTROL),
                        "F2" => (KeyCode::F(2), KeyModifiers::NONE),
                        "Backspace" => (KeyCode::Backspace, KeyModifiers::NONE),
                        "Delete" => (KeyCode::Delete, KeyModifiers::NONE),
                        "Ctrl-S" => (KeyCode::Char('s'), KeyModifiers::CONTROL),
                        "1-9" => (KeyCode::Char('1'), KeyModifiers::NONE),
                        "0-4" => (KeyCode::Char('4'), KeyModifiers::NONE),
                        "PgUp/PgDn" => (KeyCode::PageUp, KeyModifiers::NONE),
                        "Ctrl-W" => (KeyCode::Char('w'), KeyModifiers::CONTROL),
                        "Ctrl-U" => (KeyCode::Char('u'), KeyModifiers::CONTROL),
                        "Home/End" => (KeyCode::Home, KeyModifiers::NONE),
                        "←/→" => (KeyCode::Left, KeyModifiers::NONE),
                        "↑/↓" | "↓" => (KeyCode::Down, KeyModifiers::NONE),
                        "↑" => (KeyCode::Up, KeyModifiers::NONE),
                        "j/k" => (KeyCode::Char('j'), KeyModifiers::NONE),
                        one if one.chars().count() == 1 => {
                            let c = one.chars().next().unwrap_or(' ');
                            let m = if c.is_uppercase() {
                                KeyModifiers::SHIFT
                            } else {
                                KeyModifiers::NONE
                            };
                            (KeyCode::Char(c), m)
                        }
                        other => panic!("{mode:?}: cannot read key {other:?} in the help"),
                    };
                    assert!(
                        action(mode, press(code, modifiers)).is_some(),
                        "{mode:?}: {name} is in the help but does nothing"
                    );
                }
            }
        }
    }
}
