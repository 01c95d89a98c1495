//! Mitigations [3.2] as list rows (`M3  ESSENTIAL  likelihood  S  Grace
//! planned  Title…  → T1, T4`), as one line under a threat, and as a
//! detail with the threats each one tames.

use ratatui::text::{Line, Span};

use super::threats::{action_span, decision_text, fact};
use super::wrap::{cells, fit, fit_spans};
use super::{clean, theme};
use crate::session::{Mitigation, MitigationStatus, Session};

/// "ESSENTIAL" or "IDEA" [3.2.12].
pub fn kind_span(m: &Mitigation) -> Span<'static> {
    if m.essential {
        Span::styled("ESSENTIAL", theme::OK)
    } else {
        Span::styled("IDEA", theme::DIM)
    }
}

/// "planned", "in progress", "✔ done", "✕ won't do".
pub fn status_span(m: &Mitigation) -> Span<'static> {
    match &m.status {
        MitigationStatus::Planned => Span::raw("planned"),
        MitigationStatus::InProgress => Span::styled("in progress", theme::ACCENT),
        MitigationStatus::Done => Span::styled("✔ done", theme::OK),
        MitigationStatus::WontDo { .. } => Span::styled("✕ won't do", theme::DIM),
    }
}

/// The owner, or "no owner" dimmed.
fn owner_text(m: &Mitigation) -> Option<String> {
    (!m.owner.trim().is_empty()).then(|| clean(&m.owner))
}

/// "→ T1, T4", or "→ no threat".
fn tames_text(m: &Mitigation) -> String {
    if m.threats.is_empty() {
        "→ no threat".into()
    } else {
        let ids: Vec<String> = m.threats.iter().map(|t| format!("T{t}")).collect();
        format!("→ {}", ids.join(", "))
    }
}

/// `text` padded with spaces to `width` cells (cut with … when longer).
fn pad(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let n = width.saturating_sub(cells(&text));
    format!("{text}{}", " ".repeat(n))
}

/// One row of at most `width` cells, in columns that stay alike from row
/// to row: tag, essential or idea, what it reduces, effort, owner, status,
/// the title (cut first) and the threats it tames. Narrow rows leave out
/// what it reduces and the effort.
pub fn line(m: &Mitigation, width: usize) -> Line<'static> {
    let wide = width >= 70;
    let kind = kind_span(m);
    let mut head = vec![
        Span::styled(pad(&m.tag(), 4), theme::ACCENT),
        Span::raw(" "),
        Span::styled(pad(&kind.content, 10), kind.style),
    ];
    if wide {
        let reduces = if width >= 110 {
            format!("reduces {}", m.reduces.label())
        } else {
            m.reduces.label().to_owned()
        };
        let column = if width >= 110 { 19 } else { 11 };
        head.push(Span::styled(pad(&reduces, column), theme::DIM));
        head.push(Span::raw(format!("{} ", m.effort.label())));
    }
    let owner = owner_text(m);
    let owner_width = if width >= 110 { 14 } else { 9 };
    head.push(match &owner {
        Some(o) => Span::raw(pad(o, owner_width)),
        None => Span::styled(pad("no owner", owner_width), theme::WARN),
    });
    let status = status_span(m);
    head.push(Span::styled(pad(&status.content, 12), status.style));
    // A column of its own: the detail lists every threat.
    let tail = Span::styled(format!("  {}", pad(&tames_text(m), 10)), theme::DIM);
    let used = head.iter().map(Span::width).sum::<usize>() + tail.width();
    let room = width.saturating_sub(used);
    let title = clean(&m.title);
    head.push(Span::styled(
        if room >= 8 { pad(&title, room) } else { title },
        theme::TITLE,
    ));
    head.push(tail);
    Line::from(fit_spans(head, width))
}

/// "M1 ESSENTIAL Verify the signature · Grace · planned": a mitigation on
/// one line, under a threat.
pub fn summary_spans(m: &Mitigation) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{} ", m.tag()), theme::ACCENT),
        kind_span(m),
        Span::raw(format!(" {}", clean(&m.title))),
        Span::styled(" · ", theme::DIM),
        match owner_text(m) {
            Some(o) => Span::raw(o),
            None => Span::styled("no owner", theme::WARN),
        },
        Span::styled(" · ", theme::DIM),
        status_span(m),
    ]
}

/// The mitigation whole, for the detail pane: what it is, how the team
/// will know it is done, who and when, and the threats it tames with
/// their actions and decisions.
pub fn detail(s: &Session, m: &Mitigation) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", m.tag()), theme::ACCENT),
        Span::styled(clean(&m.title), theme::TITLE),
    ])];
    lines.push(Line::from(vec![
        kind_span(m),
        Span::raw(format!(
            " · reduces {} [3.2.10b] · effort {}",
            m.reduces.label(),
            m.effort.label()
        )),
    ]));
    if !m.description.is_empty() {
        lines.extend(m.description.lines().map(|l| Line::raw(clean(l))));
    }
    lines.push(if m.criteria.trim().is_empty() {
        Line::styled(
            "Done when: not said yet — how will we know it is done? [3.2.11]",
            theme::WARN,
        )
    } else {
        Line::raw(format!("Done when: {}", clean(&m.criteria)))
    });
    let mut who = vec![
        match owner_text(m) {
            Some(o) => Span::raw(format!("Owner: {o}")),
            None => Span::styled("Owner: nobody yet", theme::WARN),
        },
        Span::raw(" · "),
        fact("Due", m.due.map(|d| d.to_string()), "no date"),
        Span::raw(" · Status: "),
        status_span(m),
    ];
    if let MitigationStatus::WontDo { reason } = &m.status {
        who.push(Span::raw(format!(", because {}", clean(reason))));
    }
    lines.push(Line::from(who));
    if m.threats.is_empty() {
        lines.push(Line::styled(
            "Tames no threat yet (Enter links it to some).",
            theme::WARN,
        ));
    } else {
        lines.push(Line::raw(format!("Tames {}:", plural(m.threats.len()))));
        for id in &m.threats {
            let Some(t) = s.threat(*id) else { continue };
            let mut spans = vec![
                Span::styled(format!("  T{id} "), theme::ACCENT),
                action_span(t),
            ];
            spans.push(Span::raw(format!("  {}", clean(&t.title))));
            if let Some(d) = &t.decision {
                spans.push(Span::styled(format!(" · {}", decision_text(d)), theme::DIM));
            }
            lines.push(Line::from(spans));
        }
    }
    lines
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 threat".into()
    } else {
        format!("{n} threats")
    }
}
