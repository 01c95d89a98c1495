//! The shared screen: each theme (default, high contrast, mono) and the
//! presenter layout (F2) at 80×24 and 200×60, as snapshots of the text and
//! of the styles (reviewed by hand in `tests/snapshots/`); what each theme
//! promises, checked on every cell; that mono keeps reverse video through
//! crossterm under NO_COLOR; and that the presenter fits any size.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::Duration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::{morning, session_app};
use tamer::action::Action;
use tamer::app::App;
use tamer::config::Theme;

use support::{only, to_step};

/// Threat discovery with three threats (one selected), an excursion
/// running for 6 minutes (the radar flags it [2.1.9]) and the box in its
/// last quarter: every state the colours show, at once.
fn discovery() -> App {
    let mut app = session_app(morning()).with_thresholds(only(&["2.1.9"]));
    to_step(&mut app, "discover");
    let start = app.now;
    if let Some(s) = app.session.as_mut() {
        for title in [
            "Refunds replayed with a captured token",
            "Card numbers in the access log",
            "Checkout flooded by bots",
        ] {
            s.capture_threat(title, start);
        }
    }
    app.update(Action::Down, start);
    app.update(Action::Excursion, start);
    let budget = app
        .session
        .as_ref()
        .and_then(|s| s.step())
        .map_or(0, |s| s.clock.budget_secs);
    // 90 s before the end of the box (the clock flashes), then 3 s on.
    let at = start + Duration::seconds(budget - 90);
    app.update(Action::Tick, at);
    app.update(Action::Tick, at + Duration::seconds(3));
    app
}

/// The screen as text, then a map of its styles: one letter per distinct
/// style, cell by cell (`.` for the terminal's own), and what each letter is.
fn styled(app: &App, width: u16, height: u16) -> String {
    let buf = draw(app, width, height);
    let mut out = String::new();
    for y in 0..height {
        for x in 0..width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out.push_str("--- styles ---\n");
    let mut letters: BTreeMap<String, char> = BTreeMap::new();
    let mut order = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let cell = &buf[(x, y)];
            let key = format!("fg {:?} bg {:?} {:?}", cell.fg, cell.bg, cell.modifier);
            let plain = cell.fg == Color::Reset
                && cell.bg == Color::Reset
                && cell.modifier == Modifier::empty();
            let c = if plain {
                '.'
            } else {
                let next = (b'a' + letters.len() as u8) as char;
                *letters.entry(key.clone()).or_insert_with(|| {
                    order.push((next, key));
                    next
                })
            };
            out.push(c);
        }
        out.push('\n');
    }
    for (c, key) in order {
        let _ = writeln!(out, "{c}: {key}");
    }
    out
}

fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn themed(theme: Theme) -> App {
    let mut app = discovery();
    app.theme = theme;
    app
}

#[test]
fn each_theme_at_80x24_and_200x60() {
    for (name, theme) in [
        ("default", Theme::Default),
        ("high_contrast", Theme::HighContrast),
        ("mono", Theme::Mono),
    ] {
        for (w, h) in [(80, 24), (200, 60)] {
            insta::assert_snapshot!(
                format!("theme_{name}_{w}x{h}"),
                styled(&themed(theme), w, h)
            );
        }
    }
}

/// Every state the colours show is said in words or marked, so the mono
/// screen (and NO_COLOR) loses nothing: the selection, WRAP UP, the
/// excursion, the flag and its severity.
#[test]
fn mono_has_no_colour_and_says_every_state() {
    let buf = draw(&themed(Theme::Mono), 80, 24);
    for cell in &buf.content {
        assert_eq!(
            (cell.fg, cell.bg, cell.underline_color),
            (Color::Reset, Color::Reset, Color::Reset),
            "{cell:?}"
        );
    }
    assert!(
        buf.content
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED)),
        "reverse video is kept"
    );
    let screen = text(&buf);
    for said in ["WRAP UP", "EXCURSION", "⚠ [2.1.9]", "▶ "] {
        assert!(screen.contains(said), "{said} missing:\n{screen}");
    }
}

#[test]
fn high_contrast_is_bright_bold_text_on_one_dark_background() {
    let default = draw(&themed(Theme::Default), 80, 24);
    let buf = draw(&themed(Theme::HighContrast), 80, 24);
    assert_eq!(text(&default), text(&buf), "only the colours change");
    for cell in &buf.content {
        assert_eq!(cell.bg, Color::Black, "{cell:?}");
        assert!(cell.modifier.contains(Modifier::BOLD), "{cell:?}");
        assert!(!cell.modifier.contains(Modifier::DIM), "{cell:?}");
        assert!(
            matches!(
                cell.fg,
                Color::White
                    | Color::LightGreen
                    | Color::LightYellow
                    | Color::LightRed
                    | Color::LightCyan
                    | Color::LightMagenta
            ),
            "{cell:?}"
        );
    }
    // The default theme does have gray text: the theme changed it.
    assert!(default.content.iter().any(|c| c.fg == Color::Gray));
}

/// What a backend wrote, kept after it is dropped.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// crossterm 0.29 under NO_COLOR writes each colour change as an empty SGR
/// (a full reset), which wipes reverse video. Mono never changes colour, so
/// the selection's reverse video reaches the terminal; the default theme's
/// does not (that is what this test guards against).
#[test]
fn mono_keeps_reverse_video_through_crossterm_under_no_color() {
    crossterm::style::Colored::set_ansi_color_disabled(true);
    // What one frame writes, drawing the app in `theme` or (None) nothing.
    let bytes = |theme: Option<Theme>| {
        let mut app = discovery();
        let out = Shared::default();
        let backend = ratatui::backend::CrosstermBackend::new(out.clone());
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
            },
        )
        .expect("terminal");
        terminal
            .draw(|f| {
                if let Some(theme) = theme {
                    app.theme = theme;
                    f.render_widget(&app, f.area());
                }
            })
            .expect("draw");
        let bytes = out.0.borrow().clone();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let nothing = bytes(None);
    let mono = bytes(Some(Theme::Mono));
    let default = bytes(Some(Theme::Default));
    crossterm::style::Colored::set_ansi_color_disabled(false);
    // The resets a colour change turns into; a frame of nothing has only
    // the ones that end every frame.
    let resets = |s: &str| s.matches("\x1b[m").count() + s.matches("\x1b[;m").count();
    assert!(mono.contains("\x1b[7m"), "reverse video: {mono:?}");
    assert_eq!(resets(&mono), resets(&nothing), "{mono:?}");
    assert!(resets(&default) > resets(&nothing) + 10, "{default:?}");
}

/// The presenter layout: the clock, the state in words, the question, the
/// prompt, the top flag; nothing else.
fn presenting() -> App {
    let mut app = discovery();
    app.update(Action::TogglePresent, app.now);
    app
}

#[test]
fn the_presenter_at_80x24_and_200x60() {
    let app = presenting();
    for (w, h) in [(80, 24), (200, 60)] {
        insta::assert_snapshot!(format!("presenter_{w}x{h}"), styled(&app, w, h));
    }
    let screen = text(&draw(&app, 80, 24));
    for said in [
        "WRAP UP",
        "Phase 2 · What can go wrong with this system?",
        "⚠ [2.1.9] A long detour",
    ] {
        assert!(screen.contains(said), "{said} missing:\n{screen}");
    }
    // Nothing of the facilitator's screen: no footer, no threats, no header.
    for not in ["q quit", "Checkout flooded", "Checkout API", "EXCURSION"] {
        assert!(!screen.contains(not), "{not} shown:\n{screen}");
    }
    // F2 again: the full screen.
    let mut app = app;
    app.update(Action::TogglePresent, app.now);
    assert!(text(&draw(&app, 80, 24)).contains("Checkout flooded"));
}

/// The clock grows with the window: on a full-screen 4K terminal its
/// digits are more than a hundred rows tall and the text still fits.
#[test]
fn the_presenter_clock_fills_a_4k_screen() {
    let app = presenting();
    let small = draw(&app, 80, 24);
    let big = draw(&app, 480, 135);
    let rows_of_digits = |buf: &Buffer| {
        (0..buf.area.height)
            .filter(|&y| (0..buf.area.width).any(|x| buf[(x, y)].symbol() == "█"))
            .count()
    };
    assert!(rows_of_digits(&small) >= 10, "{}", text(&small));
    assert!(rows_of_digits(&big) >= 100, "{}", rows_of_digits(&big));
    let widest = (0..big.area.height)
        .map(|y| {
            (0..big.area.width)
                .filter(|&x| big[(x, y)].symbol() == "█")
                .count()
        })
        .max()
        .unwrap_or(0);
    assert!(widest >= 200, "{widest}");
    let screen = text(&big);
    assert!(screen.contains("WRAP UP"));
    assert!(screen.contains("⚠ [2.1.9]"));
}

#[test]
fn the_presenter_says_paused_and_overtime_in_words() {
    let mut app = presenting();
    let now = app.now;
    app.update(Action::TogglePause, now);
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("‖ PAUSED"), "{screen}");
    app.update(Action::TogglePause, now);
    app.update(Action::Tick, now + Duration::seconds(200));
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("OVERTIME"), "{screen}");
}

fn key(app: &mut App, code: crossterm::event::KeyCode) {
    let now = app.now;
    app.update(
        Action::Key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        )),
        now,
    );
}

/// With a card on the table the presenter shows the card's question in
/// place of the step's prompt.
#[test]
fn the_presenter_shows_the_dealt_card() {
    use crossterm::event::KeyCode;
    let mut app = session_app(morning());
    for _ in 0..3 {
        app.update(Action::NextStep, app.now);
    }
    for (tabs, name) in [(4, "Shopper browser"), (0, "Checkout API")] {
        app.update(Action::AddElement, app.now);
        key(&mut app, KeyCode::BackTab);
        for _ in 0..tabs {
            key(&mut app, KeyCode::Right);
        }
        key(&mut app, KeyCode::Tab);
        for c in name.chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Esc);
    }
    to_step(&mut app, "discover");
    app.update(Action::ToggleCard, app.now);
    app.update(Action::TogglePresent, app.now);
    let progress = app.progress().expect("a deck");
    let cell = &progress.cells[progress.current.expect("a card")];
    let card = app
        .library
        .card(&cell.card_deck, &cell.card)
        .expect("the card");
    let screen = text(&draw(&app, 200, 60));
    let start: String = card.question.chars().take(30).collect();
    assert!(screen.contains(&start), "{start}:\n{screen}");
    assert!(!screen.contains("Walk the elements"), "{screen}");
}

/// A failed save shows on the presenter too, in the flag's place.
#[test]
fn the_presenter_says_when_nothing_is_saved() {
    let mut app = presenting();
    app.update(Action::SaveFailed("disk full".into()), app.now);
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("NOT SAVED"), "{screen}");
    assert!(!screen.contains("[2.1.9]"), "{screen}");
}

#[test]
fn the_presenter_fits_any_size_in_every_theme() {
    let app = presenting();
    for theme in [Theme::Default, Theme::HighContrast, Theme::Mono] {
        let mut app = presenting();
        app.theme = theme;
        for (w, h) in [
            (1, 1),
            (2, 1),
            (1, 3),
            (20, 5),
            (49, 14),
            (80, 24),
            (480, 135),
        ] {
            draw(&app, w, h);
        }
    }
    // With the help, a question or the capture line over it, at every size.
    let sizes = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
    for open in [Action::ToggleHelp, Action::CaptureThreat, Action::NextStep] {
        let mut app = presenting();
        app.update(open, app.now);
        for w in sizes {
            for h in sizes {
                draw(&app, w, h);
            }
        }
    }
    // At 20×5 the clock gives way to nothing: the time and the state stay.
    let tiny = text(&draw(&app, 20, 5));
    assert!(tiny.contains("1:27"), "{tiny}");
    assert!(tiny.contains("WRAP UP"), "{tiny}");
}

/// The flash at WRAP UP (`alerts: (flash: true)`): the clock reversed with
/// "!", in the presenter and on the session screen, for two seconds.
#[test]
fn the_clock_flashes_at_wrap_up() {
    let mut app = session_app(morning());
    app.alerts.flash = true;
    let start = app.now;
    let budget = app
        .session
        .as_ref()
        .and_then(|s| s.step())
        .map_or(0, |s| s.clock.budget_secs);
    let wrap = tamer::app::wrap_up_secs(budget);
    app.update(Action::Tick, start + Duration::seconds(budget - wrap - 1));
    assert!(!app.flashing());
    app.update(Action::Tick, start + Duration::seconds(budget - wrap));
    assert!(app.flashing());
    let reversed = |app: &App| {
        draw(app, 80, 24)
            .content
            .iter()
            .any(|c| c.symbol() == "█" && c.modifier.contains(Modifier::REVERSED))
    };
    assert!(reversed(&app));
    app.update(Action::TogglePresent, app.now);
    assert!(reversed(&app));
    app.update(Action::Tick, start + Duration::seconds(budget - wrap + 2));
    assert!(!app.flashing());
    assert!(!reversed(&app));
}

/// A follower whose record stopped reading says so on the presenter: the
/// room may be looking at an old session.
#[test]
fn the_presenter_says_when_a_followed_record_does_not_read() {
    let mut app = presenting();
    app.update(Action::ReloadFailed("c.ron: broken".into()), app.now);
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("RECORD UNREADABLE"), "{screen}");
    let session = app.session.clone().expect("a session");
    app.read_only = Some("following".into());
    app.update(Action::Reloaded(Box::new(session)), app.now);
    let screen = text(&draw(&app, 80, 24));
    assert!(!screen.contains("RECORD UNREADABLE"), "{screen}");
}

/// A read-only window (a follower, `--read-only`) lists only the keys that
/// look: the ones that would change the session change nothing there.
#[test]
fn a_read_only_screen_lists_only_keys_that_look() {
    let mut app = discovery();
    let footer = |app: &App| {
        let screen = text(&draw(app, 100, 30));
        screen.lines().last().unwrap_or_default().to_owned()
    };
    assert!(footer(&app).contains("t threat"), "{}", footer(&app));
    app.read_only = Some("following".into());
    let line = footer(&app);
    assert!(
        line.contains("F2 presenter") && line.contains("q quit"),
        "{line}"
    );
    assert!(
        !line.contains("t threat") && !line.contains("u undo"),
        "{line}"
    );
}
