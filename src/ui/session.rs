//! The session screen: where we are, the prompt, the big timer, what is next,
//! and the threats captured so far.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{bigclock, clean, hms, theme};
use crate::app::App;
use crate::session::Session;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session.as_ref() else {
        return;
    };
    let capture_height = if app.capture.is_some() || app.element_form.is_some() {
        3
    } else {
        0
    };
    let [header, progress, main, next, capture] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(capture_height),
    ])
    .areas(area);
    render_header(app, session, header, buf);
    render_progress(session, progress, buf);
    // The prompt and the timer side by side, the threats below them.
    let [top, threats] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(main);
    let timer_width = (main.width * 2 / 5).clamp(24, 60);
    let [prompt, timer] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(timer_width)]).areas(top);
    render_timer(app, session, timer, buf);
    if app.card_view {
        super::card::render(app, prompt, buf);
    } else {
        render_prompt(app, session, prompt, buf);
    }
    render_lower(app, session, threats, buf);
    render_next(app, session, next, buf);
    if let Some(c) = &app.capture {
        let title = match &c.cell {
            Some(cell) => format!(
                " New threat from card \"{}\" — Enter saves, Esc cancels ",
                clean(&cell.card)
            ),
            None => " New threat — Enter saves, Esc cancels ".to_owned(),
        };
        super::form::render_input(&title, &c.input, true, capture, buf);
    }
    if let Some(form) = &app.element_form {
        let (_, _, kind) =
            crate::app::ELEMENT_CHOICES[form.choice % crate::app::ELEMENT_CHOICES.len()];
        let title =
            format!(" New element: {kind} — Tab changes the kind, Enter adds, Esc cancels ");
        super::form::render_input(&title, &form.input, true, capture, buf);
    }
}

/// Below the prompt: the threats, and beside them (or instead, when narrow)
/// the model in phase 1 or the deal's progress while cards are on screen.
fn render_lower(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    enum Side {
        Model,
        Walk,
    }
    let side = if app.card_view {
        Some(Side::Walk)
    } else if session.phase() == 1 || (!session.model.is_empty() && area.width >= 100) {
        Some(Side::Model)
    } else {
        None
    };
    let render_side = |side: Side, area: Rect, buf: &mut Buffer| match side {
        Side::Model => super::model::render(session, area, buf),
        Side::Walk => super::walk::render(app, area, buf),
    };
    match side {
        None => render_threats(session, area, buf),
        Some(side) if area.width >= 100 => {
            let [left, right] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
            render_threats(session, left, buf);
            render_side(side, right, buf);
        }
        Some(side) => render_side(side, area, buf),
    }
}

fn render_header(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let used = session.elapsed(app.now) / 60;
    let right = format!("{used} of {} min ", session.budget_minutes);
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(area);
    Paragraph::new(Line::from(vec![
        Span::styled(" tamer ", theme::ACCENT),
        Span::styled(clean(&session.title), theme::TITLE),
    ]))
    .render(left_area, buf);
    Paragraph::new(Line::styled(right, theme::DIM)).render(right_area, buf);
}

/// "Phase ✔0 ✔1 ▶2 ·3 ·4  step 1 of 3".
fn render_progress(session: &Session, area: Rect, buf: &mut Buffer) {
    let current = session.phase();
    let mut spans = vec![Span::raw(" Phases ")];
    let mut phases: Vec<u8> = session.steps.iter().map(|s| s.phase).collect();
    phases.dedup();
    for p in phases {
        let (mark, style) = if session.finished.is_some() || p < current {
            ("✔", theme::OK)
        } else if p == current {
            ("▶", theme::ACCENT)
        } else {
            ("·", theme::DIM)
        };
        spans.push(Span::styled(format!("{mark}{p} "), style));
    }
    let in_phase: Vec<usize> = (0..session.steps.len())
        .filter(|&i| session.steps[i].phase == current)
        .collect();
    if let Some(pos) = in_phase.iter().position(|&i| i == session.current) {
        spans.push(Span::styled(
            format!(" step {} of {}", pos + 1, in_phase.len()),
            theme::DIM,
        ));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn render_timer(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(" Time ");
    let inner = block.inner(area);
    block.render(area, buf);
    let [digits, status] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let (text, style, line) = timer_state(app, session);
    bigclock::render(&text, style, digits, buf);
    Paragraph::new(line).centered().render(status, buf);
}

/// What the timer shows: the digits, their style, and the line under them,
/// which says in words what the colour says.
fn timer_state(app: &App, session: &Session) -> (String, Style, Line<'static>) {
    let now = app.now;
    let Some(step) = session.step() else {
        return (String::new(), theme::DIM, Line::raw(""));
    };
    if session.finished.is_some() {
        let used = session.elapsed(now);
        return (
            hms(used),
            theme::OK,
            Line::styled(format!("done · {} used in all", hms(used)), theme::OK),
        );
    }
    let remaining = step.clock.remaining(now);
    let budget = step.clock.budget_secs;
    let left = format!("{} left of {}", hms(remaining), hms(budget));
    if session.is_paused() {
        return (
            big_time(remaining),
            theme::PAUSED,
            Line::styled(format!("‖ PAUSED · {left}"), theme::PAUSED),
        );
    }
    if remaining < 0 {
        return (
            hms(remaining),
            theme::OVER,
            Line::styled(format!("OVERTIME · box was {}", hms(budget)), theme::OVER),
        );
    }
    if remaining <= warn_threshold(budget) {
        return (
            hms(remaining),
            theme::WARN,
            Line::styled(format!("WRAP UP · {left}"), theme::WARN),
        );
    }
    (
        big_time(remaining),
        theme::OK,
        Line::styled(left, theme::DIM),
    )
}

/// The big digits: whole minutes while two or more are left, so the room
/// reads the time at a glance and nothing large ticks every second (calmer
/// to look at, and a few bytes a second to the terminal instead of hundreds);
/// minutes and seconds in the last two minutes, when the ticking is the point.
/// The line under the digits always has the seconds.
fn big_time(remaining: i64) -> String {
    if remaining >= 120 {
        (remaining / 60).to_string()
    } else {
        hms(remaining)
    }
}

/// Warn in the last quarter of a box, at most the last two minutes.
pub fn warn_threshold(budget_secs: i64) -> i64 {
    (budget_secs / 4).min(120)
}

fn render_prompt(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let step = session.step();
    let found = step.and_then(|s| app.script.find(&s.id));
    let phase = session.phase();
    let title = match found {
        Some(f) => format!(" Phase {phase} · {} ", clean(&f.phase.title)),
        None => format!(" Phase {phase} "),
    };
    let block = Block::bordered().title(Line::styled(title, theme::TITLE));
    let mut lines = Vec::new();
    if session.finished.is_some() {
        lines.push(Line::styled("All phases done.", theme::OK));
        lines.push(Line::raw(
            "q saves and quits; N reopens the last step. The record keeps every step, break and threat.",
        ));
    } else if let Some(f) = found {
        lines.push(Line::styled(clean(&f.step.title), theme::ACCENT));
        lines.push(Line::styled(clean(&f.phase.question), theme::TITLE));
        lines.push(Line::raw(""));
        lines.push(Line::raw(clean(&f.step.prompt)));
        for hint in &f.step.hints {
            lines.push(Line::styled(format!("• {}", clean(hint)), theme::DIM));
        }
    } else if let Some(s) = step {
        lines.push(Line::styled(
            format!("Step \"{}\" is not in the phase script.", clean(&s.id)),
            theme::WARN,
        ));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(block)
        .render(area, buf);
}

fn render_threats(session: &Session, area: Rect, buf: &mut Buffer) {
    super::render_tail(
        format!(" Threats ({}) ", session.threats.len()),
        &session.threats,
        "None yet. Press t to capture one.",
        |t| {
            Line::from(vec![
                Span::styled(format!("T{:<4}", t.id), theme::ACCENT),
                Span::raw(clean(&t.title)),
            ])
        },
        area,
        buf,
    );
}

fn render_next(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let text = if session.finished.is_some() {
        "Next: save the record (q)".to_owned()
    } else {
        match session.next_step() {
            Some(next) => {
                let title = app
                    .script
                    .find(&next.id)
                    .map_or_else(|| next.id.clone(), |f| f.step.title.clone());
                format!(
                    "Next: phase {} · {} ({} min)",
                    next.phase,
                    clean(&title),
                    next.clock.budget_secs / 60
                )
            }
            None => "Next: finish the session".to_owned(),
        }
    };
    Paragraph::new(Line::styled(format!(" {text}"), theme::DIM)).render(area, buf);
}
