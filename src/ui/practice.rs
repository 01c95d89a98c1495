//! The practice scenario picker (`tamer practice`): each scenario with its
//! size and suggested minutes, and the brief of the one under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::{centered, clean, theme};
use crate::app::App;

pub fn render(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let scenarios = app.practice_scenarios();
    let popup = centered(area, 96, area.height);
    Clear.render(popup, buf);
    let block = Block::bordered().title(Line::styled(
        " Practise alone: choose a scenario ",
        theme::TITLE,
    ));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let listed = u16::try_from(scenarios.len() * 2).unwrap_or(u16::MAX);
    let [list, _, brief, footer] = Layout::vertical([
        Constraint::Length(listed.min(inner.height / 2)),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    // Keep the chosen scenario in view; two rows each.
    let rows = usize::from(list.height / 2).max(1);
    let first = cursor.saturating_sub(rows - 1);
    let mut lines = Vec::with_capacity(rows * 2);
    for (i, s) in scenarios.iter().enumerate().skip(first).take(rows) {
        let (mark, style) = if i == cursor {
            (theme::MARK, theme::SELECTED)
        } else {
            (theme::NO_MARK, ratatui::style::Style::new())
        };
        lines.push(Line::from(vec![
            Span::raw(mark),
            Span::styled(clean(&s.title), style),
        ]));
        lines.push(Line::styled(
            format!(
                "    {} · {} elements · {} flows · {} threats to find · {} min",
                clean(&s.id),
                s.elements.len(),
                s.flows.len(),
                s.threats.len(),
                s.minutes
            ),
            theme::DIM,
        ));
    }
    if scenarios.is_empty() {
        lines.push(Line::styled("  No scenarios could be read.", theme::WARN));
    }
    Paragraph::new(lines).render(list, buf);

    if let Some(s) = scenarios.get(cursor) {
        let mut text = vec![Line::styled("The brief", theme::ACCENT)];
        text.extend(s.brief.lines().map(|l| Line::raw(clean(l))));
        let [_, brief, _] = Layout::horizontal([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(brief);
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(brief, buf);
    }
    // `tamer practice` ends on Esc; from the launcher, Esc goes back to it.
    let esc = if app.practice_only {
        "Esc leave"
    } else {
        "Esc back to the launcher"
    };
    Line::styled(
        format!(" ↑/↓ choose · Enter start a practice session · {esc}"),
        theme::DIM,
    )
    .render(footer, buf);
}

/// A practice session's brief (its scope) and what to do, on top of the
/// session when it starts.
pub fn render_brief(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session.as_ref() else {
        return;
    };
    let popup = centered(area, 84, area.height.saturating_sub(2));
    Clear.render(popup, buf);
    let elements = session.model.iter().filter(|e| !e.is_flow()).count();
    let block = Block::bordered().title(Line::styled(
        format!(
            " {} · {elements} elements, {} flows, {} boundaries ",
            clean(&session.title),
            session.flows().count(),
            session.boundaries.len()
        ),
        theme::TITLE,
    ));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [text, footer] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let [_, text, _] = Layout::horizontal([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(text);
    let mut lines = vec![Line::styled("The brief", theme::ACCENT)];
    lines.extend(session.approach.scope.lines().map(|l| Line::raw(clean(l))));
    lines.push(Line::styled("Your task", theme::ACCENT));
    for task in [
        "The model is in place (M): check it against the brief, then agree it (A).",
        "Phase 2 (n): c shows the card; f a threat, x nothing more, s skip.",
        "h gives a hint; at the end, a debrief against a reviewer's threats.",
        "b shows this brief again; o has it too, as the session's scope.",
    ] {
        lines.push(Line::raw(format!("• {task}")));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(text, buf);
    Line::styled(
        " Enter or Esc: to the session · b shows this again · q saves and quits",
        theme::DIM,
    )
    .render(footer, buf);
}
