//! The presenter layout (F2, `--present`): for the screen the room reads.
//! The clock as large as the window allows, the state in words under it
//! (WRAP UP, OVERTIME, PAUSED), the phase question, the step's prompt or the
//! dealt card's question, and the most important radar flag; nothing else
//! (but a failed save, in the flag's place).
//!
//! It has no minimum size: from one cell to a full-screen terminal on a 4K
//! display, it drops what does not fit (the flag, the prompt, the question)
//! before the clock and the state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::wrap::{fit, wrap_line};
use super::{bigclock, clean, session, theme};
use crate::app::App;
use crate::radar::{Flag, Severity};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = app.session.as_ref() else {
        return;
    };
    let width = usize::from(area.width);
    let found = s.step().and_then(|step| app.script.find(&step.id));
    let question = match (found, s.finished.is_some()) {
        (_, true) => Some(Line::styled("All phases done.", theme::OK)),
        (Some(f), false) => Some(Line::styled(
            match s.story_now() {
                Some(story) => format!(
                    "Story {}: {} · Phase {} · {}",
                    story.number,
                    clean(&story.title),
                    s.phase(),
                    clean(&f.phase.question)
                ),
                None => format!("Phase {} · {}", s.phase(), clean(&f.phase.question)),
            },
            theme::TITLE,
        )),
        (None, false) => None,
    };
    let prompt = if s.finished.is_some() {
        None
    } else {
        card_question(app).or_else(|| {
            found.map(|f| {
                Line::from(vec![
                    Span::styled(format!("{}: ", clean(&f.step.title)), theme::ACCENT),
                    Span::styled(clean(&f.step.prompt), theme::QUESTION),
                ])
            })
        })
    };
    let shown = app.radar_shown();
    let flag = shown.first().map(|f| flag_line(f, width));

    let (text, style, state) = session::timer_state(app, s);
    let (text, style) = bigclock::flashed(app, text, style);

    // What goes under the clock, most important first; each takes its rows
    // only while the clock keeps at least its own plain line.
    let room = usize::from(area.height).saturating_sub(2);
    let mut budget = room;
    let mut take = |line: Option<Line<'static>>, most: usize| -> Vec<Line<'static>> {
        let Some(line) = line else {
            return Vec::new();
        };
        let rows = rows_of(&line, width, most.min(budget));
        budget -= rows.len();
        rows
    };
    let state_rows = take(Some(state.centered()), 2);
    // A failed save must not go unseen behind the presenter.
    let unsaved = if app.save_error.is_some() {
        Some(Line::styled("NOT SAVED · F2 shows why", theme::OVER))
    } else if app.stale {
        // A follower whose record stopped reading shows the last good
        // session: the room should know it may be behind.
        Some(Line::styled(
            "RECORD UNREADABLE · F2 shows why",
            theme::OVER,
        ))
    } else {
        None
    };
    let flag_rows = take(unsaved.or(flag), 1);
    let question_rows = take(question, 3);
    let prompt_rows = take(prompt, (room / 4).max(2));
    let gap = u16::from(budget >= 4 && area.height >= 12);

    let [
        clock,
        state_area,
        _,
        question_area,
        _,
        prompt_area,
        _,
        flag_area,
    ] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(state_rows.len() as u16),
        Constraint::Length(gap),
        Constraint::Length(question_rows.len() as u16),
        Constraint::Length(gap.min(prompt_rows.len() as u16)),
        Constraint::Length(prompt_rows.len() as u16),
        Constraint::Length(gap.min(flag_rows.len() as u16)),
        Constraint::Length(flag_rows.len() as u16),
    ])
    .areas(area);
    bigclock::render_large(&text, style, clock, buf);
    Paragraph::new(state_rows)
        .centered()
        .render(state_area, buf);
    Paragraph::new(question_rows)
        .centered()
        .render(question_area, buf);
    Paragraph::new(prompt_rows)
        .centered()
        .render(prompt_area, buf);
    Paragraph::new(flag_rows).centered().render(flag_area, buf);
}

/// The dealt card's question, when the card is on screen.
fn card_question(app: &App) -> Option<Line<'static>> {
    if !app.card_view {
        return None;
    }
    let progress = app.progress()?;
    let cell = &progress.cells[progress.current?];
    let card = app.library.card(&cell.card_deck, &cell.card)?;
    Some(Line::from(vec![
        Span::styled(format!("{}: ", clean(&card.title)), theme::ACCENT),
        Span::styled(clean(&card.question), theme::QUESTION),
    ]))
}

/// "⚠ [2.1.4] Stuck in threat discovery": the symbol says the severity
/// without colour; the evidence is left to the facilitator's screen.
fn flag_line(flag: &Flag, width: usize) -> Line<'static> {
    let (symbol, style) = match flag.severity {
        Severity::Warn => ("⚠", theme::WARN),
        Severity::Info => ("•", theme::ACCENT),
    };
    Line::styled(
        fit(&format!("{symbol} [{}] {}", flag.id, flag.title()), width),
        style,
    )
}

/// `line` wrapped to `width`, at most `most` rows, the last cut with "…"
/// when there is more.
fn rows_of(line: &Line<'_>, width: usize, most: usize) -> Vec<Line<'static>> {
    if most == 0 || width == 0 {
        return Vec::new();
    }
    let mut rows = wrap_line(line, width, 0);
    if rows.len() > most {
        rows.truncate(most);
        if let Some(last) = rows.last_mut() {
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let style = last.spans.last().map(|s| s.style).unwrap_or_default();
            // Ends with "…" whether or not the row was full.
            *last = Line::styled(fit(&format!("{} …", text.trim_end()), width), style);
        }
    }
    rows.into_iter()
        .map(|r| r.alignment(ratatui::layout::Alignment::Center))
        .collect()
}
