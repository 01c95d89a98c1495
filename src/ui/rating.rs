//! The walks of phases 3 and 4, large on the shared screen: one threat at
//! a time with where it stands in the walk; for rating (and residual
//! rating [3.2.4]) the scheme's levels as numbered lists with the typed
//! ones marked and the suggested action in words the moment both are
//! typed; for the review, the checklist of the threat. Rating time is
//! always in view [3.1.10].

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::threats::{action_span, action_style, decision_text, element_of, rating_spans};
use super::wrap::{cells, fit, fit_spans, wrap_line};
use super::{bigclock, clean, hms, mitigations, session, theme};
use crate::app::{App, WalkKind};
use crate::session::{Decision, RatingOrder, Scheme, Session, Threat};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = app.session.as_ref() else {
        return;
    };
    let rest = session::render_frame(app, s, area, buf);
    let ids = app.walk_threats();
    let pos = app.walk.pos.min(ids.len().saturating_sub(1));
    let width = usize::from(rest.width.saturating_sub(2));
    let title = fit(&title(app, ids.len(), pos, width), width.saturating_sub(12));
    let block = Block::bordered()
        .title(Line::styled(title, theme::TITLE))
        .title(Line::styled(" Esc: back ", theme::DIM).right_aligned())
        .title_bottom(Line::from(fit_spans(progress(app, s, &ids, width), width)));
    let inner = block.inner(rest);
    block.render(rest, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    match ids.get(pos).and_then(|id| s.threat(*id)) {
        Some(t) => {
            let lines = threat_lines(app, s, t, inner);
            let used = lines.len() as u16;
            Paragraph::new(lines).render(inner, buf);
            // The walk's threats under it, when there is room for a few.
            let left = inner.height.saturating_sub(used);
            if left >= QUEUE_MIN {
                // A blank row before it when there is room for one.
                let gap = u16::from(left >= QUEUE_MIN + 2);
                let area = Rect {
                    y: inner.y + used + gap,
                    height: left - gap,
                    ..inner
                };
                render_queue(app, s, &ids, pos, area, buf);
            }
        }
        None => {
            let text = match app.walk.kind {
                WalkKind::Residual if !s.threats.is_empty() => {
                    "No MUST or SHOULD threat to rate again: the residual walk takes those only [3.2.4]."
                }
                _ => "No threats yet: capture them in phase 2 (t), then walk them here.",
            };
            Paragraph::new(Line::styled(text, theme::DIM))
                .wrap(ratatui::widgets::Wrap { trim: true })
                .render(inner, buf);
        }
    }
}

/// The fewest rows (a heading and two threats) for the list of the walk's
/// threats under the one on the table.
const QUEUE_MIN: u16 = 3;

/// The walk's threats in its order, the one on the table marked, each
/// with what this walk sets: the rating, the residual rating or the
/// review.
fn render_queue(app: &App, s: &Session, ids: &[u32], pos: usize, area: Rect, buf: &mut Buffer) {
    let [head, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let heading = match app.walk.kind {
        WalkKind::Rate => "The walk · ← → moves",
        WalkKind::Residual => "The walk · the residual rating, then the rating before · ← → moves",
        WalkKind::Review => "The walk · ✔ fine  ✗ needs work  ○ not yet · ← → moves",
    };
    Paragraph::new(Line::styled(
        fit(heading, usize::from(area.width)),
        theme::DIM,
    ))
    .render(head, buf);
    super::list::render(
        ids.len(),
        Some(pos),
        |i, width| {
            let Some(t) = s.threat(ids[i]) else {
                return Line::raw("");
            };
            let prefix = match app.walk.kind {
                WalkKind::Rate => None,
                WalkKind::Residual => Some(match t.residual.as_ref().map(|r| r.action) {
                    Some(a) => Span::styled(format!("{:<8}", a.label()), action_style(a)),
                    None => Span::styled(format!("{:<8}", "·"), theme::DIM),
                }),
                WalkKind::Review => Some(match &t.review {
                    Some(r) if r.ok => Span::styled("✔ ", theme::OK),
                    Some(_) => Span::styled("✗ ", theme::WARN),
                    None => Span::styled("○ ", theme::DIM),
                }),
            };
            let used = prefix.as_ref().map_or(0, Span::width);
            let mut line = super::threats::line(s, t, width.saturating_sub(used));
            if let Some(p) = prefix {
                line.spans.insert(0, p);
            }
            line
        },
        list_area,
        buf,
    );
}

/// " Rate the threats [3.1] · 3 of 12 · order: key threats first (O) ".
fn title(app: &App, n: usize, pos: usize, width: usize) -> String {
    let name = match app.walk.kind {
        WalkKind::Rate => "Rate the threats [3.1]",
        WalkKind::Residual => "Residual risk [3.2.4]",
        WalkKind::Review => "Review",
    };
    let of = match app.walk.kind {
        WalkKind::Residual => format!("{} of {n} MUST/SHOULD", pos + 1),
        _ => format!("{} of {n}", pos + 1),
    };
    let mut title = if n == 0 {
        format!(" {name} ")
    } else {
        format!(
            " {name} · {of} · order: {} (O) ",
            order_label(app.walk.order)
        )
    };
    if width >= 110
        && app.walk.kind != WalkKind::Review
        && let Some(scheme) = app.scheme()
    {
        title.push_str(&format!("· scheme {} ", clean(&scheme.title)));
    }
    title
}

/// The order of the walk in words.
pub fn order_label(order: RatingOrder) -> &'static str {
    match order {
        RatingOrder::KeyFirst => "key threats first",
        RatingOrder::ByElement => "by element",
        RatingOrder::ByCapture => "as captured",
    }
}

/// The walk's progress for the bottom border: how many done, how many
/// left and, for rating, the pace and the time it points to [3.1.10].
fn progress(app: &App, s: &Session, ids: &[u32], width: usize) -> Vec<Span<'static>> {
    let text = match app.walk.kind {
        WalkKind::Rate => return rating_time(app, s, width),
        WalkKind::Residual => {
            let done = ids
                .iter()
                .filter(|id| s.threat(**id).is_some_and(|t| t.residual.is_some()))
                .count();
            format!(
                " {done} of {} rated again · {} left ",
                ids.len(),
                ids.len() - done
            )
        }
        WalkKind::Review => {
            let fine = s
                .threats
                .iter()
                .filter(|t| t.review.as_ref().is_some_and(|r| r.ok))
                .count();
            let work = s
                .threats
                .iter()
                .filter(|t| t.review.as_ref().is_some_and(|r| !r.ok))
                .count();
            format!(
                " {} reviewed ({fine} fine, {work} need{} work) · {} left ",
                fine + work,
                if work == 1 { "s" } else { "" },
                s.threats.len() - fine - work
            )
        }
    };
    vec![Span::styled(text, theme::DIM)]
}

/// "7 rated · 5 left · 1:40 per threat · about 8 min left [3.1.10]", with
/// a warning when that pace runs past the step's box; said shorter when
/// `width` is short.
fn rating_time(app: &App, s: &Session, width: usize) -> Vec<Span<'static>> {
    let p = s.rating_progress();
    let counts = format!(" {} rated · {} left", p.rated, p.left);
    let (Some(pace), Some(left)) = (p.secs_per_rated, p.secs_left) else {
        return vec![Span::styled(
            format!("{counts} · the pace shows after two ratings [3.1.10] "),
            theme::DIM,
        )];
    };
    let mut pace_text = format!("{counts} · {} per threat", hms(pace));
    if p.left > 0 {
        pace_text.push_str(&format!(" · {}", about(left)));
    }
    let step_left = s
        .step()
        .filter(|_| s.finished.is_none() && p.left > 0)
        .map(|st| st.clock.remaining(app.now).max(0))
        .filter(|r| left > *r);
    let tries = [
        (" [3.1.10] ", "⚠ more than the {} left in this step "),
        (" ", "⚠ more than the {} left here "),
        (" ", "⚠ step: {} left "),
    ];
    let mut spans = Vec::new();
    for (cite, warning) in tries {
        spans = vec![Span::styled(format!("{pace_text}{cite}"), theme::DIM)];
        if let Some(r) = step_left {
            spans.push(Span::styled(warning.replace("{}", &hms(r)), theme::WARN));
        }
        if spans.iter().map(Span::width).sum::<usize>() <= width {
            break;
        }
    }
    spans
}

/// "about 8 min left", "under a minute left".
fn about(secs: i64) -> String {
    if secs < 60 {
        "under a minute left".into()
    } else {
        format!("about {} min left", (secs + 59) / 60)
    }
}

/// Rows that share the height: what must show, and what shows when there
/// is room.
struct Budget {
    left: usize,
}

impl Budget {
    /// Takes up to `n` rows; returns how many it got.
    fn take(&mut self, n: usize) -> usize {
        let got = n.min(self.left);
        self.left -= got;
        got
    }
}

/// Everything shown for threat `t`, as rows of at most `area.width`.
fn threat_lines(app: &App, s: &Session, t: &Threat, area: Rect) -> Vec<Line<'static>> {
    let width = usize::from(area.width);
    let height = usize::from(area.height);
    let kind = app.walk.kind;
    let scheme = app.scheme();
    // The parts, each a list of one-row lines.
    let head = vec![head_line(t, width), facts_line(s, t, width)];
    let description = description_rows(t, width);
    let middle: Vec<Line<'static>> = match (kind, scheme) {
        (WalkKind::Review, _) => checklist(app, s, t, width),
        (_, None) => vec![Line::styled(
            fit(
                &format!(
                    "This tamer does not have the session's rating scheme ({}): choose one with o on the session screen.",
                    clean(&s.scheme.to_string())
                ),
                width,
            ),
            theme::WARN,
        )],
        (_, Some(scheme)) => {
            let mut rows = Vec::new();
            if kind == WalkKind::Residual {
                rows.extend(residual_note(app, s, t, width));
            }
            rows.extend(levels(app, scheme, t, width));
            rows
        }
    };
    let suggestion = match (kind, scheme) {
        (WalkKind::Review, _) | (_, None) => None,
        (_, Some(scheme)) => Some(suggestion(app, scheme, t, width)),
    };
    let now = now_lines(app, s, t, width);
    let ms = s.mitigations_of(t.id);
    let mitigation_rows: Vec<Line<'static>> = ms
        .iter()
        .map(|m| {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(mitigations::summary_spans(m));
            Line::from(fit_spans(spans, width))
        })
        .collect();
    let mitigation_head = if ms.is_empty() {
        Line::styled(fit("Mitigations: none yet — m adds one", width), theme::DIM)
    } else {
        Line::from(vec![
            Span::styled(format!("Mitigations ({})", ms.len()), theme::TITLE),
            Span::styled(" — m adds one", theme::DIM),
        ])
    };
    // What must show, then the rest by importance.
    let must = head.len() + middle.len() + usize::from(suggestion.is_some()) + now.len() + 1;
    let mut budget = Budget {
        left: height.saturating_sub(must),
    };
    let desc_first = budget.take(description.len().min(2));
    let gaps = budget.take(3);
    let shown_mitigations = budget.take(mitigation_rows.len().min(3));
    let desc_more = budget.take(description.len().saturating_sub(desc_first).min(4));
    let more_mitigations = budget.take(mitigation_rows.len().saturating_sub(shown_mitigations));
    let big = match (kind, scheme, &suggestion) {
        (WalkKind::Review, _, _) | (_, None, _) | (_, _, None) => None,
        (_, Some(scheme), Some((action, _))) => Some(big_block(app, scheme, *action, width)),
    }
    .filter(|rows| !rows.is_empty() && budget.left > rows.len())
    .inspect(|rows| {
        budget.take(rows.len() + 1);
    });
    let desc_rest = budget.take(description.len().saturating_sub(desc_first + desc_more));
    let extra_gap = budget.take(1);

    let mut out = head;
    out.extend(clip_rows(
        description,
        desc_first + desc_more + desc_rest,
        width,
    ));
    let mut gaps_left = gaps;
    let mut gap = |out: &mut Vec<Line<'static>>| {
        if gaps_left > 0 && out.last().is_some_and(|l| l.width() > 0) {
            gaps_left -= 1;
            out.push(Line::raw(""));
        }
    };
    gap(&mut out);
    out.extend(middle);
    gap(&mut out);
    if let Some((_, words)) = suggestion {
        if let Some(rows) = big {
            out.extend(rows);
            out.push(Line::raw(""));
        }
        out.push(words);
        if extra_gap > 0 {
            out.push(Line::raw(""));
        }
    }
    out.extend(now);
    gap(&mut out);
    out.push(mitigation_head);
    let n = shown_mitigations + more_mitigations;
    if n < mitigation_rows.len() {
        let rest = mitigation_rows.len() - n.saturating_sub(1);
        out.extend(mitigation_rows.into_iter().take(n.saturating_sub(1)));
        if n > 0 {
            out.push(Line::styled(
                format!("  … {rest} more: L lists them all"),
                theme::DIM,
            ));
        }
    } else {
        out.extend(mitigation_rows);
    }
    out.truncate(height);
    out
}

/// "T1  Forged payment webhook…    ★ key threat 1".
fn head_line(t: &Threat, width: usize) -> Line<'static> {
    let key = t
        .key
        .map(|k| Span::styled(format!("  ★ key threat {k}"), theme::WARN));
    let tag = Span::styled(format!("T{}  ", t.id), theme::ACCENT);
    let room = width.saturating_sub(tag.width() + key.as_ref().map_or(0, Span::width));
    let title = Span::styled(
        fit(&clean(&t.title), room),
        Style::new().add_modifier(Modifier::BOLD),
    );
    let pad = room.saturating_sub(title.width());
    let mut spans = vec![tag, title, Span::raw(" ".repeat(pad))];
    spans.extend(key);
    Line::from(fit_spans(spans, width))
}

/// "On F2 Payment webhook · spoofing · raised by Ada".
fn facts_line(s: &Session, t: &Threat, width: usize) -> Line<'static> {
    let on = element_of(t).and_then(|id| s.element(id)).map_or_else(
        || "on no element".to_owned(),
        |e| format!("on {} {}", e.tag(), clean(&e.name)),
    );
    let category = t
        .category
        .as_deref()
        .map_or_else(|| "no category".to_owned(), clean);
    let who = t.raised_by.as_deref().map_or_else(
        || "raised by nobody named".to_owned(),
        |w| format!("raised by {}", clean(w)),
    );
    Line::styled(
        fit(&format!("{on} · {category} · {who}"), width),
        theme::DIM,
    )
}

/// The description wrapped to `width`, one line a row.
fn description_rows(t: &Threat, width: usize) -> Vec<Line<'static>> {
    t.description
        .lines()
        .flat_map(|l| wrap_line(&Line::raw(clean(l)), width, 0))
        .collect()
}

/// The first `n` of `rows`; when some are left out the last one shown
/// ends with "…".
fn clip_rows(rows: Vec<Line<'static>>, n: usize, width: usize) -> Vec<Line<'static>> {
    let cut = rows.len() > n;
    let mut out: Vec<Line<'static>> = rows.into_iter().take(n).collect();
    if cut && let Some(last) = out.last_mut() {
        let text = format!("{} …", last.to_string().trim_end());
        *last = Line::raw(fit(&text, width));
    }
    out
}

/// For the residual walk: what it asks, and the rating before.
fn residual_note(app: &App, s: &Session, t: &Threat, width: usize) -> Vec<Line<'static>> {
    let mut before = vec![Span::styled("Before: ", theme::DIM)];
    match &t.rating {
        Some(r) => before.extend(rating_spans(app, s, r)),
        None => before.push(Span::styled("unrated", theme::DIM)),
    }
    let mut rows = vec![
        Line::styled(
            fit(
                "Rate it as if its essential mitigations were done [3.2.4]:",
                width,
            ),
            theme::TITLE,
        ),
        Line::from(fit_spans(before, width)),
    ];
    if !s.is_tamed(t.id) {
        rows.push(Line::styled(
            fit(
                "✗ No essential mitigation yet: as things stand the risk stays as rated (m adds one)",
                width,
            ),
            theme::WARN,
        ));
    }
    rows
}

/// The likelihood and impact levels, numbered, side by side when there is
/// room: the typed level marked ▶, the one the threat is rated with now
/// said so, each level's hint as far as it fits.
fn levels(app: &App, scheme: &Scheme, t: &Threat, width: usize) -> Vec<Line<'static>> {
    let typed_l = app.walk.likelihood;
    let typed_i = app.walk.impact;
    let rated = match app.walk.kind {
        WalkKind::Residual => t.residual.as_ref(),
        _ => t.rating.as_ref(),
    }
    .filter(|r| r.scheme == scheme.reference());
    let now_l = rated.and_then(|r| scheme.likelihood_index(&r.likelihood));
    let now_i = rated.and_then(|r| scheme.impact_index(&r.impact));
    let range = |n: usize| format!("1-{n}");
    let heading = |name: &str, typed: Option<usize>, next: bool, n: usize| -> Span<'static> {
        match typed {
            Some(_) => Span::styled(format!("{name} ✔"), theme::OK),
            None if next => Span::styled(format!("{name} — type {}", range(n)), theme::WARN),
            None => Span::styled(format!("{name} — then {}", range(n)), theme::DIM),
        }
    };
    let i_next = typed_l.is_some() && typed_i.is_none();
    let l_head = heading(
        "Likelihood",
        typed_l,
        typed_l.is_none(),
        scheme.likelihood.len(),
    );
    let i_head = heading("Impact", typed_i, i_next, scheme.impact.len());
    let column = |levels: &[crate::session::Level],
                  typed: Option<usize>,
                  now: Option<usize>,
                  w: usize|
     -> Vec<Line<'static>> {
        let now_any = now.is_some();
        let name_width = levels
            .iter()
            .map(|l| cells(&clean(&l.name)))
            .max()
            .unwrap_or(0);
        levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                let chosen = typed == Some(i);
                let mark = if chosen { "▶ " } else { "  " };
                let style = if chosen { theme::ACCENT } else { Style::new() };
                let name = clean(&level.name);
                let pad = name_width.saturating_sub(cells(&name));
                let mut spans = vec![
                    Span::styled(format!("{mark}{} ", i + 1), theme::KEY),
                    Span::styled(name, style),
                    Span::raw(" ".repeat(pad)),
                ];
                if now_any {
                    spans.push(if now == Some(i) {
                        Span::styled(" (now)", theme::DIM)
                    } else {
                        Span::raw("      ")
                    });
                }
                let used: usize = spans.iter().map(Span::width).sum();
                if w > used + 12 && !level.hint.is_empty() {
                    spans.push(Span::styled(
                        format!("  {}", fit(&clean(&level.hint), w - used - 2)),
                        theme::DIM,
                    ));
                }
                Line::from(fit_spans(spans, w))
            })
            .collect()
    };
    if width >= 60 {
        let w = (width - 2) / 2;
        let left = column(&scheme.likelihood, typed_l, now_l, w);
        let right = column(&scheme.impact, typed_i, now_i, w);
        let mut rows = vec![side_by_side(
            Line::from(fit_spans(vec![l_head], w)),
            Line::from(fit_spans(vec![i_head], w)),
            w,
        )];
        for k in 0..left.len().max(right.len()) {
            rows.push(side_by_side(
                left.get(k).cloned().unwrap_or_default(),
                right.get(k).cloned().unwrap_or_default(),
                w,
            ));
        }
        rows
    } else {
        let mut rows = vec![Line::from(fit_spans(vec![l_head], width))];
        rows.extend(column(&scheme.likelihood, typed_l, now_l, width));
        rows.push(Line::from(fit_spans(vec![i_head], width)));
        rows.extend(column(&scheme.impact, typed_i, now_i, width));
        rows
    }
}

/// The scheme's squares (likelihood up, impact across) with the typed
/// one in brackets, and beside it the suggested action in large letters
/// once both levels are typed: as much of the two as fits `width`.
fn big_block(
    app: &App,
    scheme: &Scheme,
    action: Option<crate::session::Action>,
    width: usize,
) -> Vec<Line<'static>> {
    let matrix = matrix(app, scheme);
    let matrix_width = matrix.iter().map(Line::width).max().unwrap_or(0);
    let glyphs = |sx: usize| action.map(|a| (a, bigclock::glyph_rows(a.label(), sx, 1)));
    let glyph_width = |g: &Option<(crate::session::Action, Vec<String>)>| {
        g.as_ref()
            .and_then(|(_, rows)| rows.first())
            .map_or(0, |r| cells(r))
    };
    // Both, with the letters as large as fit; else the letters alone; else
    // the squares alone (before anything is typed).
    let both = [2, 1]
        .into_iter()
        .map(glyphs)
        .find(|g| matrix_width + 6 + glyph_width(g) <= width);
    let (show_matrix, big) = match both {
        Some(g) => (true, g),
        None => {
            let g = glyphs(1).filter(|g| cells(&g.1[0]) <= width);
            match g {
                Some(g) => (false, Some(g)),
                None => (matrix_width <= width, None),
            }
        }
    };
    let left: Vec<Line<'static>> = if show_matrix { matrix } else { Vec::new() };
    let rows = left.len().max(big.as_ref().map_or(0, |(_, r)| r.len()));
    let left_width = if show_matrix { matrix_width + 6 } else { 0 };
    let mut out = Vec::with_capacity(rows);
    for k in 0..rows {
        let mut spans = left.get(k).cloned().unwrap_or_default().spans;
        if let Some((a, glyph_rows)) = &big {
            let used: usize = spans.iter().map(Span::width).sum();
            let room = width.saturating_sub(left_width);
            let row = glyph_rows.get(k).cloned().unwrap_or_default();
            let centre = room.saturating_sub(cells(&glyph_rows[0])) / 2;
            spans.push(Span::raw(
                " ".repeat(left_width + centre - used.min(left_width + centre)),
            ));
            spans.push(Span::styled(row, action_style(*a)));
        }
        out.push(Line::from(spans));
    }
    out
}

/// The scheme's squares: a row per likelihood level (the most likely on
/// top), a column per impact level, the typed square in brackets.
fn matrix(app: &App, scheme: &Scheme) -> Vec<Line<'static>> {
    let l_width = scheme
        .likelihood
        .iter()
        .map(|l| cells(&clean(&l.name)))
        .max()
        .unwrap_or(0)
        .max(12);
    let cell = scheme
        .impact
        .iter()
        .map(|l| cells(&clean(&l.name)))
        .max()
        .unwrap_or(0)
        .max(7)
        + 3;
    let mut head = vec![Span::styled(
        format!("{:>width$} ", "impact →", width = l_width),
        theme::DIM,
    )];
    for level in &scheme.impact {
        head.push(Span::styled(
            format!(" {:<width$}", clean(&level.name), width = cell - 1),
            theme::DIM,
        ));
    }
    let mut rows = vec![Line::from(head)];
    for (li, level) in scheme.likelihood.iter().enumerate().rev() {
        let mut spans = vec![Span::styled(
            format!("{:>width$} ", clean(&level.name), width = l_width),
            theme::DIM,
        )];
        for ii in 0..scheme.impact.len() {
            let Some(a) = scheme.suggest(li, ii) else {
                continue;
            };
            let chosen = app.walk.likelihood == Some(li) && app.walk.impact == Some(ii);
            let text = if chosen {
                format!("[{}]", a.label())
            } else {
                format!(" {} ", a.label())
            };
            let pad = cell.saturating_sub(cells(&text));
            let style = if chosen {
                action_style(a).add_modifier(Modifier::REVERSED)
            } else {
                action_style(a)
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" ".repeat(pad)));
        }
        rows.push(Line::from(spans));
    }
    rows.push(Line::styled(
        format!("{:>width$}", "↑ likelihood", width = l_width),
        theme::DIM,
    ));
    rows
}

/// Two lines on one row, the first padded to `w` cells and two apart.
fn side_by_side(left: Line<'static>, right: Line<'static>, w: usize) -> Line<'static> {
    let pad = w.saturating_sub(left.width()) + 2;
    let mut spans = left.spans;
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(right.spans);
    Line::from(spans)
}

/// The suggested action once both levels are typed ("SUGGESTED: MUST",
/// and what Enter and o do), or what to type next.
fn suggestion(
    app: &App,
    scheme: &Scheme,
    t: &Threat,
    width: usize,
) -> (Option<crate::session::Action>, Line<'static>) {
    let (l, i) = (app.walk.likelihood, app.walk.impact);
    let n_l = scheme.likelihood.len();
    let n_i = scheme.impact.len();
    match (l, i) {
        (Some(l), Some(i)) => {
            let Some(a) = scheme.suggest(l, i) else {
                return (None, Line::raw(""));
            };
            let strong = action_style(a)
                .add_modifier(Modifier::BOLD)
                .add_modifier(Modifier::REVERSED);
            let spans = vec![
                Span::styled(format!(" SUGGESTED: {} ", a.label()), strong),
                Span::styled(
                    "  Enter keeps it · o our own action, with a reason [3.1.8]",
                    theme::DIM,
                ),
            ];
            (Some(a), Line::from(fit_spans(spans, width)))
        }
        (Some(_), None) => (
            None,
            Line::styled(
                fit(
                    &format!("Now the impact (1-{n_i}): the suggested action shows at once."),
                    width,
                ),
                theme::WARN,
            ),
        ),
        _ => {
            let again = match app.walk.kind {
                WalkKind::Residual => t.residual.is_some(),
                _ => t.rating.is_some(),
            };
            let text = if again {
                format!(
                    "Rated already: type the likelihood (1-{n_l}) and the impact (1-{n_i}) to rate it again, → to go on."
                )
            } else {
                format!(
                    "Type the likelihood (1-{n_l}), then the impact (1-{n_i}); Enter keeps the suggested action."
                )
            };
            (None, Line::styled(fit(&text, width), theme::DIM))
        }
    }
}

/// Where the threat stands now: its rating (or residual rating) and its
/// decision.
fn now_lines(app: &App, s: &Session, t: &Threat, width: usize) -> Vec<Line<'static>> {
    if app.walk.kind == WalkKind::Review {
        return Vec::new();
    }
    let (label, rating) = match app.walk.kind {
        WalkKind::Residual => ("Residual now: ", t.residual.as_ref()),
        _ => ("Rating now: ", t.rating.as_ref()),
    };
    let mut spans = vec![Span::raw(label)];
    match rating {
        Some(r) => spans.extend(rating_spans(app, s, r)),
        None => spans.push(Span::styled("not rated yet", theme::DIM)),
    }
    let decision = match &t.decision {
        Some(d) => Line::raw(fit(&format!("Decision: {}", decision_text(d)), width)),
        None => Line::styled(fit("Decision: none yet — d decides", width), theme::DIM),
    };
    vec![Line::from(fit_spans(spans, width)), decision]
}

/// The review checklist of a threat, a line each with ✔ (done), ✗ (to
/// do) or · (does not apply), and its review state.
fn checklist(app: &App, s: &Session, t: &Threat, width: usize) -> Vec<Line<'static>> {
    let ok = |text: String| Line::styled(fit(&format!("✔ {text}"), width), theme::OK);
    let no = |text: String| Line::styled(fit(&format!("✗ {text}"), width), theme::WARN);
    let na = |text: String| Line::styled(fit(&format!("· {text}"), width), theme::DIM);
    let mut rating = vec![Span::raw("Rating: ")];
    match &t.rating {
        Some(r) => rating.extend(rating_spans(app, s, r)),
        None => rating.push(action_span(t)),
    }
    let mut rows = vec![
        Line::from(fit_spans(rating, width)),
        Line::styled("Checklist", theme::TITLE),
    ];
    rows.push(match &t.decision {
        Some(d) => ok(format!("Decided: {}", decision_text(d))),
        None => no("Not decided yet: d decides".into()),
    });
    let to_mitigate = t.is_to_mitigate();
    let essentials: Vec<_> = s
        .essential_mitigations_of(t.id)
        .into_iter()
        .filter(|m| m.is_live())
        .collect();
    let complete = essentials
        .iter()
        .find(|m| !m.criteria.trim().is_empty() && !m.owner.trim().is_empty());
    rows.push(match (complete, essentials.first()) {
        (Some(m), _) => ok(format!(
            "Essential mitigation with criteria and owner: {} {} ({}; done when {})",
            m.tag(),
            clean(&m.title),
            clean(&m.owner),
            clean(&m.criteria)
        )),
        (None, Some(m)) => {
            let mut missing = Vec::new();
            if m.criteria.trim().is_empty() {
                missing.push("acceptance criteria [3.2.11]");
            }
            if m.owner.trim().is_empty() {
                missing.push("an owner");
            }
            no(format!(
                "Essential mitigation {} has no {}",
                m.tag(),
                missing.join(" and no ")
            ))
        }
        (None, None) if to_mitigate => {
            no("No essential mitigation with criteria and owner: m adds one".into())
        }
        (None, None) => na("Essential mitigation: not needed for this decision".into()),
    });
    rows.push(match &t.decision {
        Some(Decision::Accept { reason, by }) if !reason.trim().is_empty() => ok(format!(
            "Accepted with a reason: {}{}",
            clean(reason),
            if by.is_empty() {
                String::new()
            } else {
                format!(", by {}", clean(by))
            }
        )),
        Some(Decision::Accept { .. }) => no("Accepted without a reason [3.1.4]".into()),
        _ => na("Not accepted: no reason needed".into()),
    });
    rows.push(match &t.review {
        Some(r) if r.ok => ok("Reviewed: fine".into()),
        Some(r) => no(format!("Reviewed: needs work — {}", clean(&r.note))),
        None => Line::styled(
            fit(
                "○ Not reviewed yet: y fine · n needs work (say what)",
                width,
            ),
            theme::ACCENT,
        ),
    });
    rows
}
