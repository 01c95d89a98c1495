//! What remains, on one screen [4.3]: open MUST/SHOULD threats without an
//! essential mitigation, threats still high once their essential
//! mitigations are done [3.2.4], and the risks the team accepted, with the
//! reason and who accepted each [3.1.4].

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::sections::{self, Section};
use super::threats::{action_span, action_style};
use super::wrap::{fit, fit_spans};
use super::{clean, session, theme};
use crate::app::App;
use crate::session::{Decision, Session, Threat};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = app.session.as_ref() else {
        return;
    };
    let rest = session::render_frame(app, s, area, buf);
    let block = Block::bordered()
        .title(Line::styled(" What remains [4.3] ", theme::TITLE))
        .title(Line::styled(" H or Esc: back ", theme::DIM).right_aligned());
    let inner = block.inner(rest);
    block.render(rest, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let [verdict, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let risk = s.remaining_risk();
    let width = usize::from(inner.width);
    let line = if s.threats.is_empty() {
        Line::styled("No threats yet: nothing to weigh.", theme::DIM)
    } else if risk.open.is_empty() && risk.residual_high.is_empty() {
        Line::styled(
            fit(
                &format!(
                    "✔ Nothing open: every MUST/SHOULD threat to mitigate has an essential mitigation; {} accepted.",
                    risk.accepted.len()
                ),
                width,
            ),
            theme::OK,
        )
    } else {
        Line::styled(
            fit(
                &format!(
                    "✗ {} open · {} still high after the mitigations · {} accepted",
                    risk.open.len(),
                    risk.residual_high.len(),
                    risk.accepted.len()
                ),
                width,
            ),
            theme::WARN,
        )
    };
    Paragraph::new(line).render(verdict, buf);
    let cap = usize::from(body.height);
    let mut open = Section::new(Line::styled(
        fit(
            &format!(
                "Open: MUST/SHOULD threats with no essential mitigation ({})",
                risk.open.len()
            ),
            width,
        ),
        theme::TITLE,
    ))
    .empty(Line::styled(
        "  ✔ none: each has an essential mitigation that will be done",
        theme::OK,
    ))
    .elsewhere("T lists every threat");
    open.total = risk.open.len();
    open.items = risk
        .open
        .iter()
        .take(cap)
        .filter_map(|id| s.threat(*id))
        .map(|t| vec![open_row(s, t, width)])
        .collect();
    let rated_again = s.threats.iter().any(|t| t.residual.is_some());
    let mut high = Section::new(Line::styled(
        fit(
            &format!(
                "Still high once the essential mitigations are done [3.2.4] ({})",
                risk.residual_high.len()
            ),
            width,
        ),
        theme::TITLE,
    ))
    .empty(if rated_again {
        Line::styled("  ✔ none rated MUST or SHOULD again", theme::OK)
    } else {
        Line::styled(
            "  · nothing rated again yet: the residual step does that",
            theme::DIM,
        )
    })
    .elsewhere("T lists every threat");
    high.total = risk.residual_high.len();
    high.items = risk
        .residual_high
        .iter()
        .take(cap)
        .filter_map(|id| s.threat(*id))
        .map(|t| vec![residual_row(s, t, width)])
        .collect();
    let mut accepted = Section::new(Line::styled(
        fit(
            &format!(
                "Accepted risks, with the reason and who accepted them [3.1.4] ({})",
                risk.accepted.len()
            ),
            width,
        ),
        theme::TITLE,
    ))
    .empty(Line::styled("  · none accepted", theme::DIM))
    .elsewhere("T lists every threat");
    accepted.total = risk.accepted.len();
    accepted.items = risk
        .accepted
        .iter()
        .take(cap)
        .filter_map(|a| s.threat(a.threat))
        .map(|t| accepted_rows(t, width))
        .collect();
    sections::render(&[open, high, accepted], body, buf);
}

/// `T3  SHOULD  Order total changed…  · undecided · no mitigation`.
fn open_row(s: &Session, t: &Threat, width: usize) -> Line<'static> {
    let action = action_span(t);
    let pad = 8usize.saturating_sub(action.width());
    let decision = match &t.decision {
        None => "undecided",
        Some(_) => "to mitigate",
    };
    let ms = s.mitigations_of(t.id);
    let why = if ms.is_empty() {
        "no mitigation".to_owned()
    } else if let Some(m) = ms.iter().find(|m| m.essential) {
        format!("{} won't do", m.tag())
    } else {
        let ideas: Vec<String> = ms.iter().map(|m| m.tag()).collect();
        format!("only ideas: {}", ideas.join(", "))
    };
    let tail = Span::styled(format!(" · {decision} · {why}"), theme::WARN);
    title_row(t, vec![action, Span::raw(" ".repeat(pad))], tail, width)
}

/// `T1  MUST → SHOULD  Forged payment webhook…  · M1 Grace`.
fn residual_row(s: &Session, t: &Threat, width: usize) -> Line<'static> {
    let mut head = vec![action_span(t)];
    if let Some(r) = &t.residual {
        head.push(Span::styled(" → ", theme::DIM));
        head.push(Span::styled(r.action.label(), action_style(r.action)));
    }
    let used: usize = head.iter().map(Span::width).sum();
    head.push(Span::raw(" ".repeat(18usize.saturating_sub(used))));
    let essentials: Vec<String> = s
        .essential_mitigations_of(t.id)
        .iter()
        .map(|m| m.tag())
        .collect();
    let tail = Span::styled(
        if essentials.is_empty() {
            String::new()
        } else {
            format!(" · after {}", essentials.join(", "))
        },
        theme::DIM,
    );
    title_row(t, head, tail, width)
}

/// Two rows: the threat, then who accepted it and why.
fn accepted_rows(t: &Threat, width: usize) -> Vec<Line<'static>> {
    let action = action_span(t);
    let pad = 8usize.saturating_sub(action.width());
    let first = title_row(
        t,
        vec![action, Span::raw(" ".repeat(pad))],
        Span::raw(""),
        width,
    );
    let (reason, by) = match &t.decision {
        Some(Decision::Accept { reason, by }) => (clean(reason), clean(by)),
        _ => (String::new(), String::new()),
    };
    let who = if by.is_empty() {
        "accepted by nobody named".to_owned()
    } else {
        format!("accepted by {by}")
    };
    let second = Line::from(fit_spans(
        vec![
            Span::raw("        "),
            Span::styled(format!("{who}: "), theme::TITLE),
            Span::raw(reason),
        ],
        width,
    ));
    vec![first, second]
}

/// "  T3  " + `head` + the title (cut first) + `tail`, in `width` cells.
fn title_row(
    t: &Threat,
    head: Vec<Span<'static>>,
    tail: Span<'static>,
    width: usize,
) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("  {:<4}", format!("T{}", t.id)),
        theme::ACCENT,
    )];
    spans.extend(head);
    let used = spans.iter().map(Span::width).sum::<usize>() + tail.width();
    let room = width.saturating_sub(used);
    let title = clean(&t.title);
    spans.push(Span::raw(if room >= 8 { fit(&title, room) } else { title }));
    spans.push(tail);
    Line::from(fit_spans(spans, width))
}
