//! The debrief of a practice session, on top of the session screen: the
//! score (and the best before it), the threats found with the reference
//! threat each matched, the missed ones by element × category, the extra
//! ones (not counted against the learner), how the mitigations compare,
//! and the hints used. Scrolls a row of text at a time; long rows wrap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::wrap::{fit, wrap_line};
use super::{clean, theme};
use crate::app::DebriefView;
use crate::practice::debrief::{FORMULA, HINT_COST, How, Mitigated, Place};

/// A category id as words: "information-disclosure" → "information disclosure".
fn category(id: &str) -> String {
    clean(id).replace('-', " ")
}

fn quoted(text: &str) -> String {
    format!("\u{201c}{}\u{201d}", clean(text))
}

/// Every row of the debrief, before wrapping.
pub fn lines(view: &DebriefView) -> Vec<Line<'static>> {
    let d = &view.debrief;
    let mut out = Vec::new();
    let best = match view.best {
        Some(b) if d.score > b => format!(" · best before: {b}, beaten"),
        Some(b) => format!(" · best before: {b}"),
        None => " · your first score on this scenario".to_owned(),
    };
    out.push(Line::from(vec![
        Span::styled(format!("Score {} of 100", d.score), theme::ACCENT),
        Span::styled(best, theme::TITLE),
    ]));
    out.push(Line::styled(
        format!(
            "Found {} of {} · mitigations like the reviewer's {} · other {} · hints {} · extra {}",
            d.matched.len(),
            d.expected,
            d.fitting,
            d.other_mitigated,
            d.hints.len(),
            d.extra.len()
        ),
        theme::DIM,
    ));
    out.push(Line::styled(FORMULA.to_owned(), theme::DIM));
    if let Some((then, now)) = d.versions {
        out.push(Line::styled(
            format!(
                "This run practised version {then} of the scenario; its reference is now version {now}"
            ),
            theme::WARN,
        ));
    }

    out.push(Line::raw(""));
    out.push(Line::styled(
        format!("Found ({})", d.matched.len()),
        theme::TITLE,
    ));
    if d.matched.is_empty() {
        out.push(Line::styled(
            "  none yet: capture threats from the cards (f) so the debrief knows where you looked",
            theme::DIM,
        ));
    }
    for m in &d.matched {
        out.push(Line::from(vec![
            Span::styled("✓ ", theme::OK),
            Span::raw(format!("T{} {}", m.threat, clean(&m.title))),
        ]));
        let how = match (m.how, m.place) {
            (How::Card, _) => " (same card, other words)",
            (How::Words, Place::Near) => " (on a neighbouring element)",
            (How::Words, Place::Unplaced) => " (no element given)",
            (How::Words, _) => "",
        };
        out.push(Line::styled(
            format!("    = {}{how}", clean(&m.reference_title)),
            theme::DIM,
        ));
        if let Some(c) = &m.other_category {
            out.push(Line::styled(
                format!(
                    "    filed under {}; the reviewer has it under {}: fine, finding it is what counts [2.1.11b]",
                    category(c),
                    category(&m.category)
                ),
                theme::DIM,
            ));
        }
        let expected = m.expected.first().map(|e| quoted(e)).unwrap_or_default();
        out.push(match &m.mitigated {
            Mitigated::Fits { learner, expected } => Line::from(vec![
                Span::styled("    mitigation ✓ ", theme::OK),
                Span::raw(format!("{} is like {}", quoted(learner), quoted(expected))),
            ]),
            Mitigated::Other => Line::from(vec![
                Span::styled("    mitigation ~ ", theme::WARN),
                Span::raw(format!(
                    "{}; the reviewer expected {expected}",
                    m.linked
                        .iter()
                        .map(|l| quoted(l))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ]),
            Mitigated::No => Line::from(vec![
                Span::styled("    no mitigation linked", theme::WARN),
                Span::raw(format!("; the reviewer expected {expected}")),
            ]),
        });
    }

    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(
            "Missed ({}), by element × category [2.1.2]",
            d.missed_count()
        ),
        theme::TITLE,
    ));
    if d.missed.is_empty() {
        out.push(Line::styled(
            "  nothing: you found every threat the reviewer expected",
            theme::OK,
        ));
    }
    for group in &d.missed {
        out.push(Line::styled(
            format!("{} · {}", clean(&group.element), category(&group.category)),
            theme::WARN,
        ));
        for (_, title) in &group.threats {
            out.push(Line::raw(format!("    ✗ {}", clean(title))));
        }
    }

    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(
            "Extra ({}): not in the reference, not counted against you [2.1.1]",
            d.extra.len()
        ),
        theme::TITLE,
    ));
    if d.extra.is_empty() {
        out.push(Line::styled("  none", theme::DIM));
    }
    for e in &d.extra {
        let place = match (&e.element, &e.category) {
            (Some(el), Some(c)) => format!(" ({} · {})", clean(el), category(c)),
            (Some(el), None) => format!(" ({})", clean(el)),
            (None, Some(c)) => format!(" ({})", category(c)),
            (None, None) => String::new(),
        };
        out.push(Line::from(vec![
            Span::styled("+ ", theme::ACCENT),
            Span::raw(format!("T{} {}", e.threat, clean(&e.title))),
            Span::styled(place, theme::DIM),
        ]));
    }

    out.push(Line::raw(""));
    out.push(Line::styled(
        format!("Hints ({}): −{} points each", d.hints.len(), HINT_COST),
        theme::TITLE,
    ));
    if d.hints.is_empty() {
        out.push(Line::styled("  none", theme::DIM));
    } else {
        out.push(Line::raw(format!(
            "  for {}",
            d.hints
                .iter()
                .map(|h| clean(h))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    out
}

/// How many rows [`lines`] has (what the app scrolls over).
pub fn rows(view: &DebriefView) -> usize {
    lines(view).len()
}

pub fn render(view: &DebriefView, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let title = format!(" Debrief · {} ", clean(&view.debrief.scenario_title));
    let block = Block::bordered()
        .title(Line::styled(
            fit(&title, usize::from(area.width.saturating_sub(16))),
            theme::TITLE,
        ))
        .title(Line::styled(" Esc close ", theme::DIM).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    if height == 0 || width == 0 {
        return;
    }
    let wrapped: Vec<Vec<Line<'static>>> = lines(view)
        .iter()
        .map(|line| wrap_line(line, width, 4))
        .collect();
    // Scrolled past the end, the last rows stay at the bottom: the first
    // row shown is never later than the one that fills the screen to the end.
    let mut last_first = wrapped.len();
    let mut below = 0;
    while last_first > 0 && below + wrapped[last_first - 1].len() <= height {
        last_first -= 1;
        below += wrapped[last_first].len();
    }
    let mut shown: Vec<Line<'static>> = Vec::with_capacity(height);
    let mut more = false;
    for wrapped in wrapped.into_iter().skip(view.scroll.min(last_first)) {
        if shown.len() + wrapped.len() > height {
            more = true;
            break;
        }
        shown.extend(wrapped);
    }
    if more {
        // The last row says there is more below.
        shown.truncate(height.saturating_sub(1));
        while shown.len() < height.saturating_sub(1) {
            shown.push(Line::raw(""));
        }
        shown.push(Line::styled("↓ more: j/k, PgDn", theme::DIM).right_aligned());
    }
    Paragraph::new(shown).render(inner, buf);
}
