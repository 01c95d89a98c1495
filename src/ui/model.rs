//! The system model (phase 1) as the team agrees on it: elements grouped
//! by trust boundary, then the data flows drawn as
//! `F5 ⚠ E1 Browser ──card data (HTTPS)──▶ P2 Checkout API`, with flows that
//! cross a boundary marked ⚠ and what protects the channel said in words.
//! The full-screen view and the phase-1 panel draw the same picture.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::threats::fact;
use super::wrap::{cells, fit, fit_spans};
use super::{clean, session, theme};
use crate::app::{App, Row};
use crate::session::{Element, Session};

/// What marks a flow that crosses a trust boundary.
pub const CROSSES: &str = "⚠";

/// The groups the model is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Boundary(u32),
    NoBoundary,
    Flows,
}

/// One line of the model picture: a row of the list, or a heading that is
/// not a row (the group of rows after it, when its own row is not shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Index into the rows.
    Row(usize),
    Heading(Group),
}

fn group_of(s: &Session, row: Row) -> Option<Group> {
    match row {
        Row::Boundary(id) => Some(Group::Boundary(id)),
        Row::Element(id) => {
            let e = s.element(id)?;
            Some(if e.is_flow() {
                Group::Flows
            } else {
                e.boundary.map_or(Group::NoBoundary, Group::Boundary)
            })
        }
        Row::Threat(_) | Row::Parked(_) | Row::Mitigation(_) => None,
    }
}

/// The rows with a heading before each group that does not start with its
/// own row (elements in no boundary, the flows, and a boundary whose row a
/// filter hides).
pub fn items(s: &Session, rows: &[Row]) -> Vec<Item> {
    let mut out = Vec::with_capacity(rows.len() + 3);
    let mut group = None;
    for (i, row) in rows.iter().enumerate() {
        let g = group_of(s, *row);
        if g != group {
            if let Some(g) = g.filter(|_| !matches!(row, Row::Boundary(_))) {
                out.push(Item::Heading(g));
            }
            group = g;
        }
        out.push(Item::Row(i));
    }
    out
}

/// A heading in words.
fn heading(s: &Session, group: Group, width: usize) -> Line<'static> {
    let text = match group {
        Group::Boundary(id) => format!(
            "in {}",
            s.boundary(id).map(|b| clean(&b.name)).unwrap_or_default()
        ),
        Group::NoBoundary => "in no trust boundary".to_owned(),
        Group::Flows => "data flows".to_owned(),
    };
    Line::styled(fit(&format!("─ {text} "), width), theme::DIM)
}

/// A trust boundary as the heading of its elements.
fn boundary_line(s: &Session, id: u32, width: usize) -> Line<'static> {
    let Some(b) = s.boundary(id) else {
        return Line::raw("");
    };
    let inside = s.elements_in(Some(id)).count();
    Line::from(fit_spans(
        vec![
            Span::styled("▣ ", theme::ACCENT),
            Span::styled(clean(&b.name), theme::TITLE),
            Span::styled(
                format!(
                    "  trust boundary · {inside} element{}",
                    if inside == 1 { "" } else { "s" }
                ),
                theme::DIM,
            ),
        ],
        width,
    ))
}

/// An element under its boundary: `  P3 Checkout API — description`.
fn element_line(e: &Element, width: usize) -> Line<'static> {
    let mut spans = vec![
        Span::raw("  "),
        Span::styled(format!("{} ", e.tag()), theme::ACCENT),
        Span::raw(clean(&e.name)),
    ];
    if e.holds_logs {
        spans.push(Span::styled(" (holds logs)", theme::DIM));
    }
    if let Some(first) = e.description.lines().next().filter(|l| !l.is_empty()) {
        spans.push(Span::styled(format!(" — {}", clean(first)), theme::DIM));
    }
    Line::from(fit_spans(spans, width))
}

/// "auth ✔ enc ✗": whether the channel is authenticated and encrypted.
fn channel(flow: &Element) -> Option<Span<'static>> {
    let ends = flow.flow.as_ref()?;
    let yes = |on: bool| if on { "✔" } else { "✗" };
    let style = if ends.authenticated && ends.encrypted {
        theme::DIM
    } else {
        theme::WARN
    };
    Some(Span::styled(
        format!(
            "  auth {} enc {}",
            yes(ends.authenticated),
            yes(ends.encrypted)
        ),
        style,
    ))
}

/// A flow: `F7 ⚠ E1 Shopper browser ──card data (HTTPS)──▶ P3 Checkout API
/// auth ✔ enc ✗`. With `tags_only`, the ends are their tags (`E1`). What
/// the arrow says gives way first when the row is short.
pub fn flow_line(s: &Session, flow: &Element, width: usize, tags_only: bool) -> Line<'static> {
    let crosses = s.crosses_boundary(flow);
    let mut spans = vec![
        Span::styled(format!("{:<3} ", flow.tag()), theme::ACCENT),
        if crosses {
            Span::styled(format!("{CROSSES} "), theme::WARN)
        } else {
            Span::raw("  ")
        },
    ];
    let Some(ends) = &flow.flow else {
        spans.push(Span::raw(clean(&flow.name)));
        spans.push(Span::styled("  (no ends yet)", theme::WARN));
        return Line::from(fit_spans(spans, width));
    };
    let end = |id: u32| match s.element(id) {
        Some(e) if tags_only => e.tag(),
        Some(e) => format!("{} {}", e.tag(), clean(&e.name)),
        None => "?".to_owned(),
    };
    let (from, to) = (end(ends.from), end(ends.to));
    let what = if ends.carries.is_empty() {
        clean(&flow.name)
    } else {
        clean(&ends.carries)
    };
    let label = if ends.protocol.is_empty() {
        what
    } else {
        format!("{what} ({})", clean(&ends.protocol))
    };
    let facts = channel(flow);
    let fixed = width_of(&spans)
        + cells(&from)
        + cells(&to)
        + facts.as_ref().map_or(0, Span::width)
        + 2 // "──"
        + 5; // "──▶" and the spaces around the arrow
    let room = width.saturating_sub(fixed);
    let arrow = if room >= 4 && !label.is_empty() {
        format!(" ──{}──▶ ", fit(&label, room))
    } else {
        " ──▶ ".to_owned()
    };
    spans.push(Span::raw(from));
    spans.push(Span::styled(arrow, theme::DIM));
    spans.push(Span::raw(to));
    spans.extend(facts);
    Line::from(fit_spans(spans, width))
}

fn width_of(spans: &[Span]) -> usize {
    spans.iter().map(Span::width).sum()
}

/// One item of the model picture in at most `width` cells.
pub fn item_line(s: &Session, rows: &[Row], item: Item, width: usize) -> Line<'static> {
    match item {
        Item::Heading(g) => heading(s, g, width),
        Item::Row(i) => match rows.get(i) {
            Some(Row::Boundary(id)) => boundary_line(s, *id, width),
            Some(Row::Element(id)) => match s.element(*id) {
                Some(e) if e.is_flow() => flow_line(s, e, width, false),
                Some(e) => element_line(e, width),
                None => Line::raw(""),
            },
            _ => Line::raw(""),
        },
    }
}

/// "agreed 09:20" or "not agreed yet — A on the agree step" [1.3.3].
pub fn agreement(app: &App, s: &Session) -> Span<'static> {
    match s.model_agreed {
        Some(at) => Span::styled(
            format!(
                "✔ agreed {}: this is the system at this scope",
                session::clock_time(at, app.now)
            ),
            theme::OK,
        ),
        None => Span::styled(
            "✗ not agreed yet — A on the agree step (phase 1)",
            theme::WARN,
        ),
    }
}

/// What the legend says under the picture.
pub const LEGEND: &str = " ⚠ crosses a trust boundary · auth/enc ✔ yes ✗ no ";

/// The model panel beside the threats on the session screen (phase 1, or
/// when there is room): the same picture, compact, without a selection.
pub fn render_panel(app: &App, s: &Session, area: Rect, buf: &mut Buffer) {
    let elements = s.model.iter().filter(|e| !e.is_flow()).count();
    let flows = s.model.len() - elements;
    let agreed = match s.model_agreed {
        Some(at) => format!("agreed {}", session::clock_time(at, app.now)),
        None if s.model.is_empty() => String::new(),
        None => "not agreed yet".to_owned(),
    };
    let mut title = format!(
        " Model · {elements} element{} · {flows} flow{} ",
        if elements == 1 { "" } else { "s" },
        if flows == 1 { "" } else { "s" }
    );
    if !agreed.is_empty() {
        title.push_str(&format!("· {agreed} "));
    }
    let block = Block::bordered()
        .title(Line::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            theme::TITLE,
        ))
        .title_bottom(Line::styled(
            fit(
                " M shows it all ",
                usize::from(area.width.saturating_sub(2)),
            ),
            theme::DIM,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    if s.model.is_empty() && s.boundaries.is_empty() {
        Paragraph::new(Line::styled(
            "No elements yet. e adds processes, data stores and external entities; \
             w a data flow; B a trust boundary.",
            theme::DIM,
        ))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(inner, buf);
        return;
    }
    let width = usize::from(inner.width);
    let two = inner.width >= 70 && s.flows().next().is_some();
    let [left, right] = if two {
        Layout::horizontal([Constraint::Fill(2), Constraint::Fill(3)])
            .spacing(2)
            .areas(inner)
    } else {
        [inner, Rect::default()]
    };
    let groups = group_lines(s);
    let flow_width = if two { usize::from(right.width) } else { width };
    let mut flows: Vec<Line<'static>> = Vec::new();
    if s.flows().next().is_some() {
        flows.push(heading(s, Group::Flows, flow_width));
        flows.extend(
            s.flows()
                .map(|f| flow_line(s, f, flow_width, flow_width < 60)),
        );
    }
    let more = "… more: M shows it all";
    // The groups wrap; the flows are cut to the width already.
    let mut rows: Vec<Line<'static>> = groups
        .iter()
        .flat_map(|l| super::wrap::wrap_line(l, usize::from(left.width), 2))
        .collect();
    if two {
        render_clipped(rows, more, left, buf);
        render_clipped(flows, more, right, buf);
    } else {
        rows.extend(flows);
        render_clipped(rows, more, inner, buf);
    }
}

/// The elements by boundary, a line each: `▣ DMZ: P3 Checkout API, P4
/// Refund worker`, then those in no boundary.
fn group_lines(s: &Session) -> Vec<Line<'static>> {
    let names = |boundary: Option<u32>| -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for (i, e) in s.elements_in(boundary).enumerate() {
            if i > 0 {
                spans.push(Span::styled(", ", theme::DIM));
            }
            spans.push(Span::styled(format!("{} ", e.tag()), theme::ACCENT));
            spans.push(Span::raw(clean(&e.name)));
        }
        if spans.is_empty() {
            spans.push(Span::styled("nothing yet", theme::DIM));
        }
        spans
    };
    let mut lines = Vec::new();
    for b in &s.boundaries {
        let mut spans = vec![
            Span::styled("▣ ", theme::ACCENT),
            Span::styled(format!("{}: ", clean(&b.name)), theme::TITLE),
        ];
        spans.extend(names(Some(b.id)));
        lines.push(Line::from(spans));
    }
    if s.elements_in(None).next().is_some() {
        let mut spans = vec![Span::styled("○ in no boundary: ", theme::DIM)];
        spans.extend(names(None));
        lines.push(Line::from(spans));
    }
    lines
}

/// `rows` from the top, the last one saying there is more when they do not
/// all fit.
fn render_clipped(mut rows: Vec<Line<'static>>, more: &str, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let height = usize::from(area.height);
    if rows.len() > height {
        rows.truncate(height.saturating_sub(1));
        rows.push(Line::styled(fit(more, width), theme::DIM));
    }
    Paragraph::new(rows).render(area, buf);
}

/// The selected row whole, for the detail pane of the model view.
pub fn detail(s: &Session, row: Row) -> Vec<Line<'static>> {
    match row {
        Row::Boundary(id) => boundary_detail(s, id),
        Row::Element(id) => match s.element(id) {
            Some(e) if e.is_flow() => flow_detail(s, e),
            Some(e) => element_detail(s, e),
            None => Vec::new(),
        },
        Row::Threat(_) | Row::Parked(_) | Row::Mitigation(_) => Vec::new(),
    }
}

fn description(text: &str) -> Vec<Line<'static>> {
    if text.is_empty() {
        vec![Line::styled(
            "No description yet (Enter edits it).",
            theme::DIM,
        )]
    } else {
        text.lines().map(|l| Line::raw(clean(l))).collect()
    }
}

fn boundary_name(s: &Session, id: Option<u32>) -> Option<String> {
    id.and_then(|b| s.boundary(b)).map(|b| clean(&b.name))
}

fn labels(s: &Session, ids: impl Iterator<Item = u32>) -> Option<String> {
    let out: Vec<String> = ids
        .filter_map(|id| s.element(id))
        .map(|e| format!("{} {}", e.tag(), clean(&e.name)))
        .collect();
    (!out.is_empty()).then(|| out.join(", "))
}

fn threats_on(s: &Session, id: u32) -> Option<String> {
    let out: Vec<String> = s
        .threats
        .iter()
        .filter(|t| t.is_on(id))
        .map(|t| format!("T{}", t.id))
        .collect();
    (!out.is_empty()).then(|| out.join(", "))
}

fn boundary_detail(s: &Session, id: u32) -> Vec<Line<'static>> {
    let Some(b) = s.boundary(id) else {
        return Vec::new();
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("▣ ", theme::ACCENT),
        Span::styled(clean(&b.name), theme::TITLE),
        Span::styled("  trust boundary", theme::DIM),
    ])];
    lines.extend(description(&b.description));
    lines.push(Line::from(fact(
        "Inside",
        labels(s, s.elements_in(Some(id)).map(|e| e.id)),
        "nothing yet",
    )));
    let crossing = labels(
        s,
        s.flows()
            .filter(|f| s.crosses_boundary(f))
            .filter(|f| {
                f.flow.as_ref().is_some_and(|ends| {
                    [ends.from, ends.to]
                        .iter()
                        .any(|e| s.element(*e).and_then(|e| e.boundary) == Some(id))
                })
            })
            .map(|f| f.id),
    );
    lines.push(Line::from(fact("Flows across it", crossing, "none")));
    lines
}

fn element_detail(s: &Session, e: &Element) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", e.tag()), theme::ACCENT),
        Span::styled(clean(&e.name), theme::TITLE),
        Span::styled(
            format!(
                "  {}{}",
                e.kind.label(),
                if e.holds_logs { " that holds logs" } else { "" }
            ),
            theme::DIM,
        ),
    ])];
    lines.extend(description(&e.description));
    lines.push(Line::from(fact(
        "Trust boundary",
        boundary_name(s, e.boundary),
        "none",
    )));
    let uses: Vec<String> = s
        .flows()
        .filter(|f| f.touches(e.id))
        .filter_map(|f| {
            let ends = f.flow.as_ref()?;
            let (way, other) = if ends.from == e.id {
                ("to", ends.to)
            } else {
                ("from", ends.from)
            };
            let other = s
                .element(other)
                .map(|o| format!("{} {}", o.tag(), clean(&o.name)))?;
            Some(format!("{} {way} {other}", f.tag()))
        })
        .collect();
    lines.push(Line::from(fact(
        "Flows",
        (!uses.is_empty()).then(|| uses.join(", ")),
        "none",
    )));
    lines.push(Line::from(fact(
        "Threats on it",
        threats_on(s, e.id),
        "none",
    )));
    lines
}

fn flow_detail(s: &Session, f: &Element) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", f.tag()), theme::ACCENT),
        Span::styled(clean(&f.name), theme::TITLE),
        Span::styled("  data flow", theme::DIM),
    ])];
    lines.extend(description(&f.description));
    let Some(ends) = &f.flow else {
        lines.push(Line::styled(
            "No source or destination yet: Enter gives it its ends.",
            theme::WARN,
        ));
        return lines;
    };
    let end = |id: u32| {
        s.element(id).map_or_else(
            || "?".to_owned(),
            |e| match boundary_name(s, e.boundary) {
                Some(b) => format!("{} {} (in {b})", e.tag(), clean(&e.name)),
                None => format!("{} {} (in no boundary)", e.tag(), clean(&e.name)),
            },
        )
    };
    lines.push(Line::raw(format!(
        "From {} to {}",
        end(ends.from),
        end(ends.to)
    )));
    if s.crosses_boundary(f) {
        lines.push(Line::styled(
            format!("{CROSSES} Crosses a trust boundary"),
            theme::WARN,
        ));
    }
    let yes = |on: bool| Some(if on { "yes" } else { "no" }.to_owned());
    let text = |t: &str| (!t.is_empty()).then(|| clean(t));
    lines.push(Line::from(vec![
        fact("Carries", text(&ends.carries), "not said"),
        Span::raw(" · "),
        fact("Protocol", text(&ends.protocol), "not said"),
        Span::raw(" · "),
        fact("Authenticated", yes(ends.authenticated), ""),
        Span::raw(" · "),
        fact("Encrypted", yes(ends.encrypted), ""),
    ]));
    lines.push(Line::from(fact(
        "Threats on it",
        threats_on(s, f.id),
        "none",
    )));
    lines
}
