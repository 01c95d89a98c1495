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

    let records = app.listed();
    let block = Block::bordered().title(if app.show_archive {
        format!(" Archive ({}) ", records.len())
    } else if app.archived.is_empty() {
        " Start ".to_owned()
    } else {
        format!(" Start · {} archived (A shows them) ", app.archived.len())
    });
    let inner = block.inner(list);
    block.render(list, buf);
    let rows = usize::from(inner.height);
    // Keep the chosen row in view; build only the rows that fit.
    let first = app.selected.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::with_capacity(rows);
    for i in first..(records.len() + 1).min(first + rows) {
        let chosen = i == app.selected;
        let (mark, style) = if chosen {
            (theme::MARK, theme::SELECTED)
        } else {
            (theme::NO_MARK, ratatui::style::Style::new())
        };
        let text = match i.checked_sub(1).and_then(|r| records.get(r)) {
            None if app.show_archive => "← Back to the sessions".to_owned(),
            None => "New session".to_owned(),
            Some(listed) => describe(listed, app.show_archive),
        };
        lines.push(Line::from(vec![Span::raw(mark), Span::styled(text, style)]));
    }
    if records.is_empty() && rows > 2 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            if app.show_archive {
                "  Nothing archived. a archives a session from the list."
            } else {
                "  No saved sessions yet: they will show here to resume."
            },
            theme::DIM,
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// "Resume  Checkout · 2026-01-05 09:00 · phase 2 · 3 threats".
fn describe(listed: &Listed, archived: bool) -> String {
    let name = listed
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match &listed.summary {
        Ok(s) => format!(
            "{}{} · {} · {} · {} threat{}",
            if archived {
                "Archived  "
            } else if listed.open_elsewhere.is_some() {
                "OPEN ELSEWHERE  "
            } else {
                "Resume  "
            },
            clean(&s.title),
            s.created.format("%Y-%m-%d %H:%M"),
            if s.finished {
                "finished".to_owned()
            } else {
                format!("phase {}", s.phase_reached)
            },
            s.threats,
            if s.threats == 1 { "" } else { "s" },
        ),
        Err(_) => format!("⚠ {} cannot be read (Enter shows why)", clean(&name)),
    }
}
