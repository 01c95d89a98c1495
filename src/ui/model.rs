//! The system model: the elements added in phase 1.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{clean, theme};
use crate::deck::ElementKind;
use crate::session::Session;

pub fn render(session: &Session, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(format!(" Model ({} elements) ", session.model.len()));
    let inner = block.inner(area);
    block.render(area, buf);
    if session.model.is_empty() {
        Paragraph::new(Line::styled(
            "No elements yet. Press e to add processes, data stores, data flows and external entities.",
            theme::DIM,
        ))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(inner, buf);
        return;
    }
    let rows = usize::from(inner.height);
    let start = session.model.len().saturating_sub(rows);
    let lines: Vec<Line> = session.model[start..]
        .iter()
        .map(|e| {
            let short = match e.kind {
                ElementKind::ExternalEntity => "EE",
                ElementKind::Process => "P ",
                ElementKind::DataStore => "DS",
                ElementKind::DataFlow => "DF",
            };
            let logs = if e.holds_logs { " (holds logs)" } else { "" };
            Line::from(vec![
                Span::styled(format!("{short} "), theme::ACCENT),
                Span::raw(clean(&e.name)),
                Span::styled(logs, theme::DIM),
            ])
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
