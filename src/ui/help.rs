//! The help overlay: every key of the screen underneath.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme;
use crate::keys::{self, InputMode};

pub fn render(mode: InputMode, area: Rect, buf: &mut Buffer) {
    let bindings = keys::bindings(mode);
    let key_width = bindings
        .iter()
        .map(|b| b.keys.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = bindings
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<key_width$}  ", b.keys), theme::KEY),
                Span::raw(b.what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Any key closes this help.", theme::DIM));
    super::render_popup(" Keys ", lines, area, buf);
}
