//! The deck picker: which decks this session deals from (phase 0).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{clean, theme};
use crate::app::App;
use crate::deck::Origin;

pub fn render(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let chosen = app
        .session
        .as_ref()
        .map(|s| s.decks.as_slice())
        .unwrap_or_default();
    let mut lines: Vec<Line> = Vec::new();
    for (i, entry) in app.library.decks.iter().enumerate() {
        let deck = &entry.deck;
        let on = chosen.contains(&deck.id);
        let mark = if i == cursor {
            theme::MARK
        } else {
            theme::NO_MARK
        };
        let origin = match entry.origin {
            Origin::BuiltIn => "",
            Origin::User(_) => " · your deck",
            Origin::Replaces(_) => " · yours, replaces built-in",
        };
        let style = if i == cursor {
            theme::SELECTED
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw(mark),
            Span::styled(if on { "[x] " } else { "[ ] " }, theme::ACCENT),
            Span::styled(format!("{:<20} ", clean(&deck.id)), style),
            Span::styled(
                format!(
                    "{} · {} cards{origin}",
                    clean(&deck.title),
                    deck.cards.len()
                ),
                theme::DIM,
            ),
        ]));
    }
    for skipped in &app.library.skipped {
        let first = skipped
            .problems
            .0
            .first()
            .map(|d| d.to_string())
            .unwrap_or_default();
        lines.push(Line::styled(
            format!("  skipped: {}", clean(&first)),
            theme::WARN,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Space uses a deck or not · Enter/Esc done · then c deals, D switches",
        theme::DIM,
    ));
    super::render_popup(" Decks for this session ", lines, area, buf);
}
