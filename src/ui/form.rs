//! The new-session form, and the one-line text input it shares with capture.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use tui_input::Input;

use super::{clean, theme};
use crate::app::{App, NewForm};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Line::styled(" New session ", theme::TITLE));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut constraints = vec![Constraint::Length(3); NewForm::LABELS.len()];
    constraints.push(Constraint::Fill(1));
    let areas = Layout::vertical(constraints).split(inner);
    for (i, label) in NewForm::LABELS.iter().enumerate() {
        let focused = i == app.form.focus;
        let mark = if focused { theme::MARK } else { theme::NO_MARK };
        render_input(
            &format!(" {mark}{label} "),
            &app.form.fields[i],
            focused,
            areas[i],
            buf,
        );
    }
    let mut help = vec![Line::styled(
        "Time boxes are scaled to the minutes you give; the record is saved after every change.",
        theme::DIM,
    )];
    if let Some(err) = &app.form.error {
        help.insert(0, Line::styled(clean(err), theme::OVER));
    }
    if let Some(rest) = areas.get(NewForm::LABELS.len()) {
        Paragraph::new(help)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(*rest, buf);
    }
}

/// A bordered one-line input; the focused one shows a caret at the cursor and
/// scrolls so that the caret stays in view.
pub fn render_input(title: &str, input: &Input, focused: bool, area: Rect, buf: &mut Buffer) {
    let style = if focused { theme::ACCENT } else { theme::DIM };
    let block = Block::bordered()
        .border_style(style)
        .title(title.to_owned());
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
