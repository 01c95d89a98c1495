//! The lists full-screen (T threats, M the model, P the parking lot): the
//! header and a line with the time, then the list with its selection, and
//! under it the selected item whole.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use super::model::{self, Item};
use super::{list, mitigations, parking, session, theme, threats, wrap};
use crate::app::{App, List, Row, View};
use crate::session::Session;

/// The fewest rows the list keeps, borders included, before the detail
/// gives way.
const MIN_LIST: u16 = 7;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = app.session.as_ref() else {
        return;
    };
    let rest = session::render_frame(app, s, area, buf);
    let list = List::of(app.view);
    let rows = app.rows(list);
    let cursor = app.cursor(list);
    let selected = cursor.selected.min(rows.len().saturating_sub(1));
    let detail_lines = rows
        .get(selected)
        .map(|row| detail(app, s, *row))
        .unwrap_or_default();
    // The detail takes what it needs, up to about half the room.
    let inner_width = usize::from(rest.width.saturating_sub(2));
    let needed: usize = detail_lines
        .iter()
        .map(|l| wrap::wrap_line(l, inner_width, 0).len())
        .sum();
    let most = (rest.height / 2).max(rest.height.saturating_sub(MIN_LIST * 2));
    let most = most.min(rest.height.saturating_sub(MIN_LIST));
    let detail_height = if detail_lines.is_empty() {
        0
    } else {
        (needed as u16 + 2).min(most)
    };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(rest);
    let (name, total) = match list {
        List::Threats => ("Threats", s.threats.len()),
        List::Model => ("Model", s.model.len() + s.boundaries.len()),
        List::Parking => ("Parking lot", s.parking.len()),
        List::Mitigations => ("Mitigations", s.mitigations.len()),
    };
    let title = list::title(name, selected, rows.len(), total, &cursor.filter);
    let back = match app.view {
        View::Threats => " T or Esc: back ",
        View::Model => " M or Esc: back ",
        View::Parking => " P or Esc: back ",
        View::Mitigations => " L or Esc: back ",
        _ => " Esc: back ",
    };
    let mut block = Block::bordered()
        .title(Line::styled(title, theme::TITLE))
        .title(Line::styled(back, theme::DIM).right_aligned());
    if list == List::Model {
        block = block.title_bottom(Line::styled(model::LEGEND, theme::DIM));
    }
    let inner = block.inner(list_area);
    block.render(list_area, buf);
    match list {
        List::Threats => render_threats(s, &rows, selected, inner, buf),
        List::Model => render_model(app, s, &rows, selected, inner, buf),
        List::Parking => render_parking(s, &rows, selected, inner, buf),
        List::Mitigations => render_mitigations(s, &rows, selected, inner, buf),
    }
    if detail_height > 0 {
        render_detail(&detail_lines, detail_area, buf);
    }
}

fn render_threats(s: &Session, rows: &[Row], selected: usize, area: Rect, buf: &mut Buffer) {
    if rows.is_empty() {
        let text = if s.threats.is_empty() {
            "No threats yet. t captures one; on a card, f."
        } else {
            "No threat matches the filter. / changes it; an empty filter shows all."
        };
        empty(text, area, buf);
        return;
    }
    render_rows(
        rows,
        selected,
        |row, width| match row {
            Row::Threat(id) => s.threat(id).map(|t| threats::line(s, t, width)),
            _ => None,
        },
        area,
        buf,
    );
}

fn render_parking(s: &Session, rows: &[Row], selected: usize, area: Rect, buf: &mut Buffer) {
    if rows.is_empty() {
        let text = if s.parking.is_empty() {
            "Nothing parked. p puts a side topic here, to come back to [2.1.8]."
        } else {
            "Nothing parked matches the filter. / changes it."
        };
        empty(text, area, buf);
        return;
    }
    let open = s.open_parked().count();
    let [summary, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    Paragraph::new(Line::styled(
        wrap::fit(
            &format!(
                "{open} open · {} dealt with (became a threat or dropped)",
                s.parking.len() - open
            ),
            usize::from(area.width),
        ),
        theme::DIM,
    ))
    .render(summary, buf);
    render_rows(
        rows,
        selected,
        |row, width| match row {
            Row::Parked(id) => s.parked(id).map(|p| parking::line(p, width)),
            _ => None,
        },
        list_area,
        buf,
    );
}

fn render_mitigations(s: &Session, rows: &[Row], selected: usize, area: Rect, buf: &mut Buffer) {
    if rows.is_empty() {
        let text = if s.mitigations.is_empty() {
            "No mitigations yet. m adds one for the selected threat (in the rating walk: for the threat on the table)."
        } else {
            "No mitigation matches the filter. / changes it (essential, idea, an owner, a status)."
        };
        empty(text, area, buf);
        return;
    }
    let essential = s.mitigations.iter().filter(|m| m.essential).count();
    let counts = crate::session::summary::StatusCounts::of(&s.mitigations);
    let [summary, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let ideas = s.mitigations.len() - essential;
    let mut said = vec![
        format!("{essential} essential"),
        format!("{ideas} idea{} [3.2.12]", if ideas == 1 { "" } else { "s" }),
    ];
    for (n, what) in counts.pairs() {
        if n > 0 {
            said.push(format!("{n} {what}"));
        }
    }
    Paragraph::new(Line::styled(
        wrap::fit(&said.join(" · "), usize::from(area.width)),
        theme::DIM,
    ))
    .render(summary, buf);
    render_rows(
        rows,
        selected,
        |row, width| match row {
            Row::Mitigation(id) => s.mitigation(id).map(|m| mitigations::line(m, width)),
            _ => None,
        },
        list_area,
        buf,
    );
}

fn render_model(
    app: &App,
    s: &Session,
    rows: &[Row],
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let [agreed, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    Paragraph::new(Line::from(wrap::fit_spans(
        vec![model::agreement(app, s)],
        usize::from(area.width),
    )))
    .render(agreed, buf);
    if rows.is_empty() {
        let text = if s.model.is_empty() && s.boundaries.is_empty() {
            "No model yet. e adds an element, w a data flow, B a trust boundary."
        } else {
            "Nothing in the model matches the filter. / changes it."
        };
        empty(text, list_area, buf);
        return;
    }
    let items = model::items(s, rows);
    let chosen = items.iter().position(|i| *i == Item::Row(selected));
    list::render(
        items.len(),
        chosen,
        |i, width| model::item_line(s, rows, items[i], width),
        list_area,
        buf,
    );
}

/// A list of `rows` with `selected` marked; `line` draws a row it knows
/// (anything else is a blank row).
fn render_rows(
    rows: &[Row],
    selected: usize,
    line: impl Fn(Row, usize) -> Option<Line<'static>>,
    area: Rect,
    buf: &mut Buffer,
) {
    list::render(
        rows.len(),
        Some(selected),
        |i, width| line(rows[i], width).unwrap_or_else(|| Line::raw("")),
        area,
        buf,
    );
}

fn empty(text: &str, area: Rect, buf: &mut Buffer) {
    Paragraph::new(Line::styled(format!("  {text}"), theme::DIM))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
}

/// The selected row whole.
fn detail(app: &App, s: &Session, row: Row) -> Vec<Line<'static>> {
    match row {
        Row::Threat(id) => s
            .threat(id)
            .map(|t| threats::detail(app, s, t))
            .unwrap_or_default(),
        Row::Parked(id) => s
            .parked(id)
            .map(|p| parking::detail(app, s, p))
            .unwrap_or_default(),
        Row::Boundary(_) | Row::Element(_) => model::detail(s, row),
        Row::Mitigation(id) => s
            .mitigation(id)
            .map(|m| mitigations::detail(s, m))
            .unwrap_or_default(),
    }
}

fn render_detail(lines: &[Line<'static>], area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Line::styled(" Selected · Enter edits it ", theme::DIM));
    let inner = block.inner(area);
    block.render(area, buf);
    let (rows, _) = wrap::clip(
        lines,
        usize::from(inner.width),
        usize::from(inner.height),
        false,
        "…more: make the window larger to read it all (Enter shows it whole)",
    );
    Paragraph::new(rows).render(inner, buf);
}
