//! Random keys and pastes through the key map and `App::update`: nothing
//! panics, and the session never holds a link to something missing (the
//! whole-record check that every loaded record must pass stays clean).

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use tamer::action::Action;
use tamer::clock::{Clock, FixedClock};
use tamer::keys;
use tamer::session::check;

#[derive(Debug, Clone)]
enum Input {
    Key(KeyCode, KeyModifiers),
    Paste(String),
    Wait(i64),
}

/// Keys of a whole gesture ("capture a threat", "add an element"), so
/// random runs reach sessions with threats, models and links to break.
fn gesture() -> impl Strategy<Value = Vec<Input>> {
    let typed = |c: char| Input::Key(KeyCode::Char(c), KeyModifiers::NONE);
    let enter = Input::Key(KeyCode::Enter, KeyModifiers::NONE);
    let esc = Input::Key(KeyCode::Esc, KeyModifiers::NONE);
    let save = Input::Key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let del = Input::Key(KeyCode::Delete, KeyModifiers::NONE);
    let shift = |c: char| Input::Key(KeyCode::Char(c), KeyModifiers::SHIFT);
    let snippets: Vec<Vec<Input>> = vec![
        vec![typed('t'), typed('a'), enter.clone()],
        vec![
            typed('t'),
            typed('b'),
            Input::Key(KeyCode::Tab, KeyModifiers::NONE),
            save.clone(),
        ],
        vec![
            typed('e'),
            typed('x'),
            enter.clone(),
            typed('y'),
            enter.clone(),
            esc.clone(),
        ],
        vec![typed('w'), typed('f'), save.clone()],
        vec![shift('B'), typed('z'), save.clone()],
        vec![shift('M'), del.clone(), typed('y')],
        vec![shift('T'), del.clone(), typed('y')],
        vec![
            shift('M'),
            Input::Key(KeyCode::Home, KeyModifiers::NONE),
            del,
            typed('y'),
        ],
        vec![typed('p'), typed('q'), enter.clone()],
        vec![
            shift('P'),
            Input::Key(KeyCode::Delete, KeyModifiers::NONE),
            typed('r'),
            enter.clone(),
        ],
        vec![
            shift('X'),
            Input::Wait(60),
            shift('X'),
            typed('o'),
            enter.clone(),
            save.clone(),
        ],
        vec![typed('u')],
        vec![typed('u'), typed('u')],
        vec![
            Input::Key(KeyCode::Enter, KeyModifiers::NONE),
            typed('k'),
            save,
        ],
    ];
    proptest::sample::select(snippets)
}

fn input() -> impl Strategy<Value = Input> {
    let chars = "tpeuwBAXgoWnNTMPdcfxsDy q/+ 1234abc\u{1b}é";
    let char_keys: Vec<char> = chars.chars().filter(|c| *c != 'q').collect();
    prop_oneof![
        8 => proptest::sample::select(char_keys).prop_map(|c| {
            let m = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            Input::Key(KeyCode::Char(c), m)
        }),
        4 => proptest::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Up,
            KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::Delete, KeyCode::Home,
            KeyCode::End, KeyCode::PageUp, KeyCode::PageDown, KeyCode::Backspace,
        ]).prop_map(|k| Input::Key(k, KeyModifiers::NONE)),
        1 => Just(Input::Key(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        1 => "[a-z \\n]{0,30}".prop_map(Input::Paste),
        1 => (1i64..400).prop_map(Input::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn random_keys_never_panic_or_leave_a_dangling_link(
        inputs in proptest::collection::vec(
            prop_oneof![3 => input().prop_map(|i| vec![i]), 2 => gesture()],
            1..120,
        )
    ) {
        let clock = FixedClock::workshop_morning();
        let mut app = support::session_app(clock.now());
        for input in inputs.into_iter().flatten() {
            let action = match input {
                Input::Key(code, mods) => keys::action(app.input_mode(), KeyEvent::new(code, mods)),
                Input::Paste(text) => Some(Action::Paste(text)),
                Input::Wait(secs) => {
                    clock.advance_secs(secs);
                    Some(Action::Tick)
                }
            };
            // Quitting would end the session; everything else goes in.
            if let Some(action) = action.filter(|a| *a != Action::Quit) {
                app.update(action, clock.now());
            }
            let session = app.session.as_ref().expect("a session");
            let problems = check::check(session);
            prop_assert!(problems.is_empty(), "{:?}", problems);
        }
        // And what is left renders at 80×24.
        support::render(&app, 80, 24);
    }
}
