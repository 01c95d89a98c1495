//! Where the deal stands: for an element walk, one row per element with a
//! mark per category; for a plain deck, one row per card. The defined end
//! [2.1.5] is visible: what is done, skipped, and left.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{clean, theme};
use crate::app::App;
use crate::session::walk::{CellState, Progress};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(session), Some(progress)) = (app.session.as_ref(), app.progress()) else {
        return;
    };
    let title = format!(
        " Progress · {} of {} done · {} skipped · {} left ",
        progress.done(),
        progress.cells.len(),
        progress.skipped(),
        progress.left()
    );
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let rows = usize::from(inner.height.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    let walk = progress.cells.first().is_some_and(|c| c.element.is_some());
    if walk {
        for element in &session.model {
            let name = super::wrap::fit(&clean(&element.name), 22);
            let pad = 23usize.saturating_sub(super::wrap::cells(&name));
            let mut spans = vec![Span::raw(format!("{name}{}", " ".repeat(pad)))];
            for (i, cell) in progress.cells.iter().enumerate() {
                if cell.element == Some(element.id) {
                    let letter = app
                        .library
                        .card(&cell.card_deck, &cell.card)
                        .and_then(|c| c.title.chars().next())
                        .unwrap_or('?');
                    let (mark, style) = mark(&progress, i, progress.states[i]);
                    spans.push(Span::styled(format!("{letter}{mark} "), style));
                }
            }
            lines.push(Line::from(spans));
        }
    } else {
        for (i, cell) in progress.cells.iter().enumerate() {
            let title = app
                .library
                .card(&cell.card_deck, &cell.card)
                .map_or_else(|| cell.card.clone(), |c| c.title.clone());
            let (mark, style) = mark(&progress, i, progress.states[i]);
            lines.push(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::raw(clean(&title)),
            ]));
        }
    }
    // Keep the card on the table in view.
    let focus = progress.current.map_or(0, |i| {
        if walk {
            let element = progress.cells[i].element;
            session
                .model
                .iter()
                .position(|e| Some(e.id) == element)
                .unwrap_or(0)
        } else {
            i
        }
    });
    let first = focus.saturating_sub(rows.saturating_sub(1));
    let mut shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    shown.push(Line::styled(
        "▶ now  ✔ threat  · nothing  ↷ skipped  ○ to do",
        theme::DIM,
    ));
    Paragraph::new(shown).render(inner, buf);
}

fn mark(progress: &Progress, i: usize, state: CellState) -> (&'static str, Style) {
    if progress.current == Some(i) {
        ("▶", theme::ACCENT)
    } else if state.threats > 0 {
        ("✔", theme::OK)
    } else if state.done {
        ("·", theme::DIM)
    } else if state.skipped {
        ("↷", theme::WARN)
    } else {
        ("○", Style::new())
    }
}
