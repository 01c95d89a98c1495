//! The system model: the elements added in phase 1.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{clean, theme};
use crate::deck::ElementKind;
use crate::session::Session;

pub fn render(session: &Session, area: Rect, buf: &mut Buffer) {
    super::render_tail(
        format!(" Model ({} elements) ", session.model.len()),
        &session.model,
        "No elements yet. Press e to add processes, data stores, data flows and external entities.",
        |e| {
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
        },
        area,
        buf,
    );
}
