//! Forms: the new-session form fills the screen, the one-line capture sits
//! under the session, and every other form is a box over the screen. All of
//! them draw the fields of [`crate::form::Form`] the same way.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use tui_input::Input;

use super::{clean, theme};
use crate::form::{Field, Form, Value};

/// Rows a field takes on screen when there is room.
fn field_height(field: &Field) -> u16 {
    match field.value {
        Value::Text(_) => 6,
        _ => 3,
    }
}

/// The fewest rows a field of several lines is given while it keeps its
/// box.
const MIN_TEXT: u16 = 3;

/// The rows of each field in `room` rows: as they like when they fit; when
/// short, fields of several lines shrink (to [`MIN_TEXT`], the one being
/// edited last), then the fields not being edited close to one row each,
/// from the bottom up, so that every field and the notes stay on screen.
fn field_heights(form: &Form, room: u16) -> Vec<u16> {
    let mut heights: Vec<u16> = form.fields.iter().map(field_height).collect();
    let total = |h: &[u16]| h.iter().sum::<u16>();
    let is_text = |i: usize| matches!(form.fields[i].value, Value::Text(_));
    let others = || (0..form.fields.len()).rev().filter(|&i| i != form.focus);
    // Shrink the texts one row at a time, the others first.
    while total(&heights) > room {
        let next = others()
            .chain(std::iter::once(form.focus))
            .filter(|&i| is_text(i) && heights.get(i).is_some_and(|&h| h > MIN_TEXT))
            .max_by_key(|&i| (heights[i], i != form.focus));
        match next {
            Some(i) => heights[i] -= 1,
            None => break,
        }
    }
    // Then close the fields not being edited, from the bottom up.
    for i in others() {
        if total(&heights) <= room {
            break;
        }
        heights[i] = 1;
    }
    heights
}

/// The error and the help under the fields, wrapped to `width`.
fn notes(form: &Form, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(err) = &form.error {
        lines.push(Line::styled(clean(err), theme::OVER));
    }
    if let Some(help) = &form.help {
        lines.push(Line::styled(clean(help), theme::DIM));
    }
    lines
        .iter()
        .flat_map(|l| super::wrap::wrap_line(l, usize::from(width.max(1)), 0))
        .collect()
}

/// The form filling `area` (the new-session form).
pub fn render_full(form: &Form, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Line::styled(clean(&form.title), theme::TITLE));
    let inner = block.inner(area);
    block.render(area, buf);
    render_fields(form, inner, buf);
}

/// The form in a box centred over `area`, never taller than it: fields
/// give way (see [`field_heights`]) before the notes do.
pub fn render_popup(form: &Form, area: Rect, buf: &mut Buffer) {
    let width = 72.min(area.width);
    let notes = notes(form, width.saturating_sub(2)).len() as u16;
    let wanted: u16 = form.fields.iter().map(field_height).sum();
    // A blank row under the notes when there is room for it.
    let height = (wanted + 2 + notes + 1).min(area.height);
    let popup = super::centered(area, width, height);
    Clear.render(popup, buf);
    let block = Block::bordered().title(Line::styled(clean(&form.title), theme::TITLE));
    let inner = block.inner(popup);
    block.render(popup, buf);
    render_fields(form, inner, buf);
}

/// The one-line capture in `area` (three rows), titled with what it is for.
pub fn render_line(form: &Form, title: &str, area: Rect, buf: &mut Buffer) {
    if let Some(Value::Line(input)) = form.fields.first().map(|f| &f.value) {
        render_input(title, input, true, area, buf);
    }
}

fn render_fields(form: &Form, area: Rect, buf: &mut Buffer) {
    let notes = notes(form, area.width);
    let room = area.height.saturating_sub(notes.len() as u16);
    let heights = field_heights(form, room);
    let mut constraints: Vec<Constraint> = heights.iter().map(|h| Constraint::Length(*h)).collect();
    constraints.push(Constraint::Fill(1));
    let areas = Layout::vertical(constraints).split(area);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        if heights[i] < 3 {
            render_closed(field, areas[i], buf);
            continue;
        }
        let mark = if focused { theme::MARK } else { theme::NO_MARK };
        let title = format!(" {mark}{} ", field.label);
        render_field(&title, field, focused, areas[i], buf);
    }
    if let Some(rest) = areas.get(form.fields.len()) {
        Paragraph::new(notes).render(*rest, buf);
    }
}

/// A field not being edited, in one row: `  Carries: card data`.
fn render_closed(field: &Field, area: Rect, buf: &mut Buffer) {
    let value = match &field.value {
        Value::Line(input) => clean(input.value()),
        Value::Text(text) => {
            let lines = text.lines();
            let first = clean(lines.first().map_or("", String::as_str));
            if lines.len() > 1 {
                format!("{first} …")
            } else {
                first
            }
        }
        Value::Choice { options, index } => {
            format!(
                "‹ {} ›",
                clean(options.get(*index).map_or("", String::as_str))
            )
        }
        Value::Toggle(on) => if *on { "[x] yes" } else { "[ ] no" }.to_owned(),
    };
    let spans = vec![
        Span::raw(theme::NO_MARK),
        Span::styled(format!("{}: ", field.label), theme::DIM),
        Span::raw(value),
    ];
    Paragraph::new(Line::from(super::wrap::fit_spans(
        spans,
        usize::from(area.width),
    )))
    .render(area, buf);
}

fn render_field(title: &str, field: &Field, focused: bool, area: Rect, buf: &mut Buffer) {
    match &field.value {
        Value::Line(input) => render_input(title, input, focused, area, buf),
        Value::Text(text) => {
            let block = bordered(title, focused);
            let inner = block.inner(area);
            block.render(area, buf);
            let mut text = (**text).clone();
            text.set_cursor_line_style(ratatui::style::Style::new());
            if !focused {
                text.set_cursor_style(ratatui::style::Style::new());
            }
            text.render(inner, buf);
        }
        Value::Choice { options, index } => {
            let block = bordered(title, focused);
            let inner = block.inner(area);
            block.render(area, buf);
            let chosen = options.get(*index).map_or("", String::as_str);
            let mut spans = vec![
                Span::styled("‹ ", theme::KEY),
                Span::raw(clean(chosen)),
                Span::styled(" ›", theme::KEY),
            ];
            if focused && options.len() > 1 {
                spans.push(Span::styled(
                    format!("  ({} of {}; ←/→ or 1-9)", index + 1, options.len()),
                    theme::DIM,
                ));
            }
            Paragraph::new(Line::from(spans)).render(inner, buf);
        }
        Value::Toggle(on) => {
            let block = bordered(title, focused);
            let inner = block.inner(area);
            block.render(area, buf);
            let text = if *on { "[x] yes" } else { "[ ] no" };
            Paragraph::new(Line::raw(text)).render(inner, buf);
        }
    }
}

fn bordered(title: &str, focused: bool) -> Block<'static> {
    let style = if focused { theme::ACCENT } else { theme::DIM };
    Block::bordered()
        .border_style(style)
        .title(title.to_owned())
}

/// A bordered one-line input; the focused one shows a caret at the cursor and
/// scrolls so that the caret stays in view.
pub fn render_input(title: &str, input: &Input, focused: bool, area: Rect, buf: &mut Buffer) {
    let block = bordered(title, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    let value = clean(input.value());
    let line = if focused {
        let width = usize::from(inner.width.saturating_sub(1));
        let scroll = input.visual_scroll(width);
        let chars: Vec<char> = value.chars().collect();
        let cursor = input.cursor().min(chars.len());
        let before: String = chars[scroll.min(cursor)..cursor].iter().collect();
        let after: String = chars[cursor..].iter().collect();
        Line::from(vec![
            Span::raw(before),
            Span::styled("▏", theme::ACCENT),
            Span::raw(after),
        ])
    } else {
        Line::raw(value)
    };
    Paragraph::new(line).render(inner, buf);
}
