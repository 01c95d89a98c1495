//! The launcher: start a new session or resume a recent one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{clean, theme};
use crate::app::App;
use crate::store::Listed;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let [title, list] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    Paragraph::new(vec![
        Line::from(vec![
            Span::styled(" tamer ", theme::ACCENT),
            Span::styled("threat modeling workshops", theme::TITLE),
        ]),
        Line::styled(
            " 0 approach · 1 the system · 2 what can go wrong · 3 what we do · 4 review",
            theme::DIM,
        ),
    ])
    .render(title, buf);

    let block = Block::bordered().title(" Start ");
    let inner = block.inner(list);
    block.render(list, buf);
    let rows = usize::from(inner.height);
    // Keep the chosen row in view; build only the rows that fit.
    let first = app.selected.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::with_capacity(rows);
    for i in first..(app.recents.len() + 1).min(first + rows) {
        let chosen = i == app.selected;
        let (mark, style) = if chosen {
            (theme::MARK, theme::SELECTED)
        } else {
            (theme::NO_MARK, ratatui::style::Style::new())
        };
        let text = match i.checked_sub(1).and_then(|r| app.recents.get(r)) {
            None => "New session".to_owned(),
            Some(listed) => describe(listed),
        };
        lines.push(Line::from(vec![Span::raw(mark), Span::styled(text, style)]));
    }
    if app.recents.is_empty() && rows > 2 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "  No saved sessions yet: they will show here to resume.",
            theme::DIM,
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// "Resume  Checkout · 2026-01-05 09:00 · phase 2 · 3 threats".
fn describe(listed: &Listed) -> String {
    let name = listed
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match &listed.summary {
        Ok(s) => format!(
            "Resume  {} · {} · {} · {} threat{}",
            clean(&s.title),
            s.created.format("%Y-%m-%d %H:%M"),
            if s.finished {
                "finished".to_owned()
            } else {
                format!("phase {}", s.phase_reached)
            },
            s.threats,
            if s.threats == 1 { "" } else { "s" }
        ),
        Err(_) => format!("⚠ {} cannot be read (Enter shows why)", clean(&name)),
    }
}
