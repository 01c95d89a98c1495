//! Threats as list rows (`T3  ★1  MUST    [spoofing] P2 Checkout API
//! Title… · mitigate (Ada)`) and as a detail that shows one whole: its
//! rating, decision, key rank, review and mitigations.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::wrap::{fit, fit_spans};
use super::{clean, mitigations, session, theme};
use crate::app::App;
use crate::session::{Action, Decision, Level, Rating, Session, Threat};

/// The element a threat is on: its own link, or its card's.
pub fn element_of(t: &Threat) -> Option<u32> {
    t.element.or(t.card.as_ref().and_then(|c| c.element))
}

/// One row of at most `width` cells: the id, the key rank (★1, once the
/// session has key threats), the action of its rating ("unrated" when
/// none; once any threat is rated), the category, the element, the title
/// (cut first), the decision and who raised it. In a narrow list the
/// element is only its tag and the category is shorter or left out, the
/// same for every row, so that the columns stay alike and the title keeps
/// room.
pub fn line(s: &Session, t: &Threat, width: usize) -> Line<'static> {
    let columns = Columns::of(s);
    let extra = if columns.key { 4 } else { 0 } + if columns.action { 8 } else { 0 };
    let (category, named) = match width.saturating_sub(extra) {
        70.. => (18, true),
        50..70 => (12, false),
        _ => (0, false),
    };
    let title = clean(&t.title);
    let (mut spans, tail) = parts(s, t, columns, category, named, width >= 70);
    let used =
        spans.iter().map(Span::width).sum::<usize>() + tail.iter().map(Span::width).sum::<usize>();
    let room = width.saturating_sub(used);
    spans.push(Span::raw(if room >= 8 { fit(&title, room) } else { title }));
    spans.extend(tail);
    Line::from(fit_spans(spans, width))
}

/// The columns phases 3 and 4 add to the rows, once they mean something.
#[derive(Debug, Clone, Copy)]
struct Columns {
    /// Some threat is a key threat.
    key: bool,
    /// Some threat is rated.
    action: bool,
}

impl Columns {
    fn of(s: &Session) -> Self {
        Self {
            key: s.threats.iter().any(|t| t.key.is_some()),
            action: s.threats.iter().any(|t| t.rating.is_some()),
        }
    }
}

/// What comes before the title (id, key rank, action, category cut to
/// `category` cells or left out at 0, element with its name or only its
/// tag) and after it (the decision when `decision`, who raised it).
fn parts(
    s: &Session,
    t: &Threat,
    columns: Columns,
    category: usize,
    named: bool,
    decision: bool,
) -> (Vec<Span<'static>>, Vec<Span<'static>>) {
    let mut head = vec![Span::styled(
        format!("{:<3} ", format!("T{}", t.id)),
        theme::ACCENT,
    )];
    if columns.key {
        let key = t.key.map(|k| format!("★{k}")).unwrap_or_default();
        head.push(Span::styled(format!("{key:<4}"), theme::WARN));
    }
    if columns.action {
        let action = action_span(t);
        let pad = 8usize.saturating_sub(action.width());
        head.push(action);
        head.push(Span::raw(" ".repeat(pad)));
    }
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
    let mut tail = Vec::new();
    if let Some(d) = t.decision.as_ref().filter(|_| decision) {
        tail.push(Span::styled(format!(" · {}", d.kind().label()), theme::DIM));
    }
    if let Some(who) = &t.raised_by {
        tail.push(Span::styled(
            format!(" ({})", fit(&clean(who), 16)),
            theme::DIM,
        ));
    }
    (head, tail)
}

/// The action of a threat's rating in words ("MUST" … "NO NEED"), or
/// "unrated".
pub fn action_span(t: &Threat) -> Span<'static> {
    match t.action() {
        Some(a) => Span::styled(a.label(), action_style(a)),
        None => Span::styled("unrated", theme::DIM),
    }
}

/// The colour of an action; the word always says it as well.
pub fn action_style(a: Action) -> Style {
    match a {
        Action::Must => theme::OVER,
        Action::Should => theme::WARN,
        Action::Could => theme::ACCENT,
        Action::NoNeed => theme::DIM,
    }
}

/// A decision in words: "mitigate", "accept: too rare to matter, by
/// Grace", "transfer to the insurer", "avoid: …", "not a threat: …".
pub fn decision_text(d: &Decision) -> String {
    match d {
        Decision::Mitigate => "mitigate".into(),
        Decision::Accept { reason, by } if by.is_empty() => format!("accept: {}", clean(reason)),
        Decision::Accept { reason, by } => {
            format!("accept: {}, accepted by {}", clean(reason), clean(by))
        }
        Decision::Transfer { to } => format!("transfer to {}", clean(to)),
        Decision::Avoid { how } => format!("avoid: {}", clean(how)),
        Decision::NotAThreat { reason } => format!("not a threat: {}", clean(reason)),
    }
}

/// The names of a rating's levels in the scheme it was made with (its
/// level ids when this tamer lacks that scheme).
pub fn level_names(app: &App, r: &Rating) -> (String, String) {
    let scheme = crate::session::rating::find(&app.schemes, &r.scheme);
    let name = |levels: Option<&Vec<Level>>, id: &str| {
        levels
            .and_then(|ls| ls.iter().find(|l| l.id == id))
            .map_or_else(|| clean(id), |l| clean(&l.name))
    };
    (
        name(scheme.map(|s| &s.likelihood), &r.likelihood),
        name(scheme.map(|s| &s.impact), &r.impact),
    )
}

/// A rating in words: "MUST · likelihood High × impact High", then, when
/// the team chose another action, what the scheme said and why; and the
/// scheme when it is not the session's.
pub fn rating_spans(app: &App, s: &Session, r: &Rating) -> Vec<Span<'static>> {
    let (l, i) = level_names(app, r);
    let mut spans = vec![
        Span::styled(r.action.label(), action_style(r.action)),
        Span::raw(format!(" · likelihood {l} × impact {i}")),
    ];
    if r.is_override() {
        spans.push(Span::styled(
            format!(
                " · our own action, the scheme said {}: {}",
                r.suggested,
                clean(&r.override_reason)
            ),
            theme::WARN,
        ));
    }
    if r.scheme != s.scheme {
        spans.push(Span::styled(
            format!(" (rated with {})", clean(&r.scheme.to_string())),
            theme::DIM,
        ));
    }
    spans
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
    ]));
    lines.extend(judgement(app, s, t));
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

/// What phases 3 and 4 made of a threat: key rank, rating, residual
/// rating, decision, review, and its mitigations one a line.
pub fn judgement(app: &App, s: &Session, t: &Threat) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut rating = vec![Span::raw("Rating: ")];
    match &t.rating {
        Some(r) => rating.extend(rating_spans(app, s, r)),
        None => rating.push(Span::styled("unrated", theme::DIM)),
    }
    if let Some(k) = t.key {
        rating.push(Span::styled(format!(" · ★ key threat {k}"), theme::WARN));
    }
    lines.push(Line::from(rating));
    if let Some(r) = &t.residual {
        let mut residual = vec![Span::raw("Residual, once its essentials are done: ")];
        residual.extend(rating_spans(app, s, r));
        lines.push(Line::from(residual));
    }
    lines.push(match &t.decision {
        Some(d) => Line::raw(format!("Decision: {}", decision_text(d))),
        None => Line::styled("Decision: none yet", theme::DIM),
    });
    if let Some(review) = &t.review {
        lines.push(if review.ok {
            Line::styled("Review: ✔ reviewed, fine", theme::OK)
        } else {
            Line::styled(
                format!("Review: ✗ needs work: {}", clean(&review.note)),
                theme::WARN,
            )
        });
    }
    let ms = s.mitigations_of(t.id);
    if ms.is_empty() {
        lines.push(Line::styled("Mitigations: none yet", theme::DIM));
    } else {
        lines.push(Line::raw(format!("Mitigations ({}):", ms.len())));
        for m in ms {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(mitigations::summary_spans(m));
            lines.push(Line::from(spans));
        }
    }
    lines
}
