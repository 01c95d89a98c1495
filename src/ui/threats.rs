//! Threats as list rows (`T3  [spoofing] P2 Checkout API  Title… (Ada)`)
//! and as a detail that shows one whole.

use ratatui::text::{Line, Span};

use super::wrap::{fit, fit_spans};
use super::{clean, session, theme};
use crate::app::App;
use crate::session::{Session, Threat};

/// The element a threat is on: its own link, or its card's.
fn element_of(t: &Threat) -> Option<u32> {
    t.element.or(t.card.as_ref().and_then(|c| c.element))
}

/// One row of at most `width` cells: the id, the category, the element, the
/// title (cut first) and who raised it. In a narrow list the element is
/// only its tag and the category is shorter or left out, the same for
/// every row, so that the columns stay alike and the title keeps room.
pub fn line(s: &Session, t: &Threat, width: usize) -> Line<'static> {
    let (category, named) = match width {
        70.. => (18, true),
        50..70 => (12, false),
        _ => (0, false),
    };
    let title = clean(&t.title);
    let (mut spans, tail) = parts(s, t, category, named);
    let used = spans.iter().map(Span::width).sum::<usize>() + tail.as_ref().map_or(0, Span::width);
    let room = width.saturating_sub(used);
    spans.push(Span::raw(if room >= 8 { fit(&title, room) } else { title }));
    spans.extend(tail);
    Line::from(fit_spans(spans, width))
}

/// What comes before the title (id, category cut to `category` cells or
/// left out at 0, element with its name or only its tag) and after it (who
/// raised it).
fn parts(
    s: &Session,
    t: &Threat,
    category: usize,
    named: bool,
) -> (Vec<Span<'static>>, Option<Span<'static>>) {
    let mut head = vec![Span::styled(
        format!("{:<3} ", format!("T{}", t.id)),
        theme::ACCENT,
    )];
    if let Some(c) = t.category.as_ref().filter(|_| category > 0) {
        head.push(Span::styled(
            format!("[{}] ", fit(&clean(c), category)),
            theme::DIM,
        ));
    }
    if let Some(e) = element_of(t).and_then(|id| s.element(id)) {
        let label = if named {
            fit(&format!("{} {}", e.tag(), clean(&e.name)), 20)
        } else {
            e.tag()
        };
        head.push(Span::styled(format!("{label} "), theme::DIM));
    }
    if head.len() > 1 {
        head.push(Span::raw(" "));
    }
    let tail = t
        .raised_by
        .as_ref()
        .map(|who| Span::styled(format!(" ({})", fit(&clean(who), 16)), theme::DIM));
    (head, tail)
}

/// The threat whole, as paragraphs for the detail pane (the pane wraps
/// them): title, description, then what it is linked to.
pub fn detail(app: &App, s: &Session, t: &Threat) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("T{} ", t.id), theme::ACCENT),
        Span::styled(clean(&t.title), theme::TITLE),
    ])];
    if t.description.is_empty() {
        lines.push(Line::styled(
            "No description yet (Enter edits it).",
            theme::DIM,
        ));
    } else {
        lines.extend(t.description.lines().map(|l| Line::raw(clean(l))));
    }
    let element = element_of(t)
        .and_then(|id| s.element(id))
        .map(|e| format!("{} {}", e.tag(), clean(&e.name)));
    let status = t.status().label();
    lines.push(Line::from(vec![
        fact("Category", t.category.as_deref().map(clean), "none"),
        Span::raw(" · "),
        fact("On", element, "no element"),
        Span::raw(" · "),
        fact(
            "Raised by",
            t.raised_by.as_deref().map(clean),
            "nobody named",
        ),
        Span::raw(" · "),
        fact("Status", Some(status.to_owned()), ""),
    ]));
    let card = t.card.as_ref().map(|c| {
        let title = app
            .library
            .card(&c.deck, &c.card)
            .map_or_else(|| clean(&c.card), |card| clean(&card.title));
        let deck = app
            .library
            .get(&c.deck)
            .map_or_else(|| clean(&c.deck), |d| clean(&d.title));
        format!("{title} ({deck})")
    });
    let step = app
        .script
        .find(&t.step)
        .map_or_else(|| clean(&t.step), |f| clean(&f.step.title));
    lines.push(Line::from(vec![
        fact("Card", card, "none"),
        Span::raw(" · "),
        Span::styled(
            format!(
                "captured in phase {} ({step}) at {}",
                t.phase,
                session::clock_time(t.at, app.now)
            ),
            theme::DIM,
        ),
    ]));
    let from: Vec<String> = s
        .parking
        .iter()
        .filter(|p| p.outcome == Some(crate::session::ParkedOutcome::Threat(t.id)))
        .map(|p| format!("parked item #{}", p.id))
        .collect();
    if !from.is_empty() {
        lines.push(Line::styled(
            format!("Came from {}", from.join(", ")),
            theme::DIM,
        ));
    }
    lines
}

/// "Category: spoofing", or "Category: none" dimmed.
pub fn fact(label: &str, value: Option<String>, none: &str) -> Span<'static> {
    match value {
        Some(v) => Span::raw(format!("{label}: {v}")),
        None => Span::styled(format!("{label}: {none}"), theme::DIM),
    }
}
