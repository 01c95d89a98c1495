//! The launcher: start a new session, practise alone, or resume a recent
//! one.

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

    let records = app.launcher_rows();
    // Practice runs come after the team's records, under a heading of
    // their own: rows are "New session", the team's, the heading,
    // "Practise alone…" (not in the archive), the practice runs.
    let team = records.iter().take_while(|l| !l.is_practice()).count();
    let practice = records.len() - team;
    let practise_row = app.practise_row();
    let heading = usize::from(practice > 0 || practise_row.is_some());
    let total = app.launcher_last() + 1 + heading;
    // The screen row of the chosen entry.
    let chosen_row = if app.selected > team {
        app.selected + heading
    } else {
        app.selected
    };
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
    let first = chosen_row.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::with_capacity(rows + 1);
    let mut chosen_line = 0;
    for row in first..total.min(first + rows) {
        if heading == 1 && row == team + 1 {
            let count = if practice > 0 {
                format!(" ({practice})")
            } else {
                String::new()
            };
            lines.push(Line::styled(
                format!("  Practice{count}{}", best_line(&records[team..])),
                theme::TITLE,
            ));
            continue;
        }
        let i = if row > team { row - heading } else { row };
        let chosen = i == app.selected;
        let (mark, style) = if chosen {
            (theme::MARK, theme::SELECTED)
        } else {
            (theme::NO_MARK, ratatui::style::Style::new())
        };
        // The record this row shows, counted past "Practise alone…".
        let record = match practise_row {
            Some(p) if i == p => None,
            Some(p) if i > p => records.get(i - 2).copied(),
            _ => i.checked_sub(1).and_then(|r| records.get(r).copied()),
        };
        let text = match record {
            None if practise_row == Some(i) => {
                "Practise alone: a built-in scenario, hints, a debrief…".to_owned()
            }
            None if app.show_archive => "← Back to the sessions".to_owned(),
            None => "New session".to_owned(),
            Some(listed) => describe(listed, app.show_archive),
        };
        if chosen {
            chosen_line = lines.len();
        }
        lines.push(Line::from(vec![Span::raw(mark), Span::styled(text, style)]));
        // Where the team's records would be, say why there are none (above
        // the practice heading, which is about something else).
        if row == 0 && team == 0 && !app.show_archive {
            lines.push(Line::styled(
                "  No team sessions yet: they will show here to resume.",
                theme::DIM,
            ));
        }
    }
    // The note above takes a line the scrolling did not count: keep the
    // chosen entry in view.
    if chosen_line >= rows {
        lines.drain(..=chosen_line - rows);
    }
    if records.is_empty() && app.show_archive && rows > 2 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "  Nothing archived. a archives a session from the list.",
            theme::DIM,
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// " · best: photo-sharing 72, smart-lock 55", or nothing before a score.
fn best_line(practice: &[&Listed]) -> String {
    let best = crate::cli::best_scores(practice);
    if best.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = best
        .iter()
        .map(|(id, score)| format!("{} {score}", clean(id)))
        .collect();
    format!(" · best: {}", parts.join(", "))
}

/// "Resume  Checkout · 2026-01-05 09:00 · phase 2 · 3 threats"; a
/// practice run adds its latest score.
fn describe(listed: &Listed, archived: bool) -> String {
    let name = listed
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match &listed.summary {
        Ok(s) => {
            let verb = if archived {
                "Archived  "
            } else if listed.open_elsewhere.is_some() {
                "OPEN ELSEWHERE  "
            } else {
                "Resume  "
            };
            let title = clean(&s.title);
            // Under the practice heading, the title needs no "Practice:".
            let title = match &s.practice {
                Some(_) => title
                    .strip_prefix("Practice: ")
                    .unwrap_or(&title)
                    .to_owned(),
                None => title,
            };
            let state = if s.finished {
                "finished".to_owned()
            } else {
                format!("phase {}", s.phase_reached)
            };
            // A practice run's score says more than its threat count.
            let tail = match s.score {
                Some(n) => format!("score {n}"),
                None => format!(
                    "{} threat{}",
                    s.threats,
                    if s.threats == 1 { "" } else { "s" }
                ),
            };
            format!(
                "{verb}{title} · {} · {state} · {tail}",
                s.created.format("%Y-%m-%d %H:%M")
            )
        }
        Err(_) => format!("⚠ {} cannot be read (Enter shows why)", clean(&name)),
    }
}
