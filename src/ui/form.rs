//! Forms: the new-session form fills the screen, the one-line capture sits
//! under the session, and every other form is a box over the screen. All of
//! them draw the fields of [`crate::form::Form`] the same way.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};
use tui_input::Input;

use super::{clean, theme};
use crate::form::{Field, Form, Value};

/// Rows a field takes on screen.
fn field_height(field: &Field) -> u16 {
    match field.value {
        Value::Text(_) => 6,
        _ => 3,
    }
}

/// The form filling `area` (the new-session form).
pub fn render_full(form: &Form, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Line::styled(clean(&form.title), theme::TITLE));
    let inner = block.inner(area);
    block.render(area, buf);
    render_fields(form, inner, buf);
}

/// The form in a box centred over `area`.
pub fn render_popup(form: &Form, area: Rect, buf: &mut Buffer) {
    let fields: u16 = form.fields.iter().map(field_height).sum();
    let notes = u16::from(form.error.is_some()) + u16::from(form.help.is_some());
    let height = (fields + 2 + notes + 1).min(area.height);
    let width = 72.min(area.width);
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
    let mut constraints: Vec<Constraint> = form
        .fields
        .iter()
        .map(|f| Constraint::Length(field_height(f)))
        .collect();
    constraints.push(Constraint::Fill(1));
    let areas = Layout::vertical(constraints).split(area);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let mark = if focused { theme::MARK } else { theme::NO_MARK };
        let title = format!(" {mark}{} ", field.label);
        render_field(&title, field, focused, areas[i], buf);
    }
    let mut notes = Vec::new();
    if let Some(err) = &form.error {
        notes.push(Line::styled(clean(err), theme::OVER));
    }
    if let Some(help) = &form.help {
        notes.push(Line::styled(clean(help), theme::DIM));
    }
    if let Some(rest) = areas.get(form.fields.len()) {
        Paragraph::new(notes)
            .wrap(Wrap { trim: true })
            .render(*rest, buf);
    }
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
