//! The parking lot [2.1.8] as list rows and a detail: open items, and what
//! became of the others (a threat, or dropped with a reason).

use ratatui::text::{Line, Span};

use super::threats::fact;
use super::wrap::{cells, fit, fit_spans};
use super::{clean, session, theme};
use crate::app::App;
use crate::session::{Parked, ParkedOutcome, Session};

/// What became of an item, in a few words: "○ open", "→ T7", "✕ dropped".
fn state(p: &Parked) -> Span<'static> {
    match &p.outcome {
        None => Span::styled("○ open     ", theme::WARN),
        Some(ParkedOutcome::Threat(id)) => {
            Span::styled(format!("{:<11}", format!("→ T{id}")), theme::OK)
        }
        Some(ParkedOutcome::Dropped { .. }) => Span::styled("✕ dropped  ", theme::DIM),
    }
}

/// One row: `#2  ✕ dropped  Legacy admin UI — dropped: out of scope`.
pub fn line(p: &Parked, width: usize) -> Line<'static> {
    let head = vec![
        Span::styled(format!("{:<3} ", format!("#{}", p.id)), theme::ACCENT),
        state(p),
    ];
    let tail = match &p.outcome {
        Some(ParkedOutcome::Dropped { reason }) => {
            Some(format!(" — dropped: {}", fit(&clean(reason), 30)))
        }
        _ => p
            .raised_by
            .as_ref()
            .map(|who| format!(" ({})", fit(&clean(who), 16))),
    };
    let used = head.iter().map(Span::width).sum::<usize>() + tail.as_deref().map_or(0, cells);
    let text = clean(&p.text);
    let room = width.saturating_sub(used);
    let mut spans = head;
    spans.push(Span::raw(if room >= 8 { fit(&text, room) } else { text }));
    spans.extend(tail.map(|t| Span::styled(t, theme::DIM)));
    Line::from(fit_spans(spans, width))
}

/// The item whole, for the detail pane.
pub fn detail(app: &App, s: &Session, p: &Parked) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("#{} ", p.id), theme::ACCENT),
        Span::styled(clean(&p.text), theme::TITLE),
    ])];
    lines.push(Line::from(vec![
        fact(
            "Raised by",
            p.raised_by.as_deref().map(clean),
            "nobody named",
        ),
        Span::styled(
            format!(" · parked at {}", session::clock_time(p.at, app.now)),
            theme::DIM,
        ),
    ]));
    lines.push(match &p.outcome {
        None => Line::styled(
            "Open: Enter edits it; Delete drops it with a reason.",
            theme::WARN,
        ),
        Some(ParkedOutcome::Threat(id)) => {
            let title = s.threat(*id).map(|t| clean(&t.title)).unwrap_or_default();
            Line::styled(format!("Became threat T{id}: {title}"), theme::OK)
        }
        Some(ParkedOutcome::Dropped { reason }) => Line::raw(format!("Dropped: {}", clean(reason))),
    });
    let excursions: Vec<String> = s
        .excursions
        .iter()
        .filter(|x| x.parked == Some(p.id))
        .map(|x| {
            if x.topic.is_empty() {
                format!("excursion {}", x.id)
            } else {
                format!("excursion {} ({})", x.id, clean(&x.topic))
            }
        })
        .collect();
    if !excursions.is_empty() {
        lines.push(Line::styled(
            format!("From {}", excursions.join(", ")),
            theme::DIM,
        ));
    }
    lines
}
