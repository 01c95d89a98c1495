//! The radar on screen [DESIGN.md "The radar"]: the session's own threats
//! as a side panel on a wide session screen, a one-line strip otherwise,
//! and, while the panel has the focus (`r`), the chosen flag marked and its
//! detail in a popup. Never a modal of its own: nothing is drawn unless a
//! flag is shown, and only `r` gives the radar the keys.
//!
//! Severity and focus are said with symbols and words as well as colour
//! (NO_COLOR loses both colour and reverse video): `⚠ WARN`, `• info`,
//! `▶` on the chosen flag, a thick border on the focused panel.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::wrap::{fit, fit_spans, wrap_line};
use super::{clean, session, theme};
use crate::action::Action;
use crate::app::{App, View};
use crate::keys;
use crate::radar::history::history;
use crate::radar::{Flag, Severity};

/// The narrowest body that gets the side panel on the session screen;
/// narrower, the radar is a one-line strip.
pub const PANEL_FROM: u16 = 110;
/// The panel's width: a third of the body, within these bounds.
const PANEL_MIN: u16 = 36;
const PANEL_MAX: u16 = 44;
/// The widest the detail popup gets.
const DETAIL_MAX: u16 = 72;

/// Whether the radar shows as the side panel (else as the strip) in a
/// body `width` cells wide.
pub fn has_panel(app: &App, width: u16) -> bool {
    app.view == View::Session && width >= PANEL_FROM
}

/// The side panel's width in a body `width` cells wide.
pub fn panel_width(width: u16) -> u16 {
    (width / 3).clamp(PANEL_MIN, PANEL_MAX)
}

/// `⚠` or `•`: the severity without colour.
fn symbol(severity: Severity) -> &'static str {
    match severity {
        Severity::Warn => "⚠",
        Severity::Info => "•",
    }
}

fn style(severity: Severity) -> Style {
    match severity {
        Severity::Warn => theme::WARN,
        Severity::Info => theme::ACCENT,
    }
}

/// "r radar" when `r` focuses the radar from the screen on show (it does
/// not in the walks and the reports); from the key table, so they agree.
fn radar_key_works(app: &App) -> bool {
    let r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE);
    keys::action(app.screen_mode(), r) == Some(Action::Radar)
}

/// The one-line strip: the most important flag, how many more, and the
/// key: "⚠ [2.1.4] Stuck in threat discovery: 12 min past its box · +2
/// more · r radar". The count and the key always show; the evidence is cut
/// first, then the title.
pub fn render_strip(app: &App, shown: &[&Flag], area: Rect, buf: &mut Buffer) {
    let Some(first) = shown.first() else {
        return;
    };
    let width = usize::from(area.width);
    let mut tail = Vec::new();
    if shown.len() > 1 {
        tail.push(Span::styled(
            format!(" · +{} more", shown.len() - 1),
            theme::DIM,
        ));
    }
    if radar_key_works(app) {
        tail.push(Span::styled(" · ", theme::DIM));
        tail.push(Span::styled("r", theme::KEY));
        tail.push(Span::styled(" radar", theme::DIM));
    }
    tail.push(Span::raw(" "));
    let tail_width: usize = tail.iter().map(Span::width).sum();
    let sev = style(first.severity);
    let head = vec![
        Span::raw(" "),
        Span::styled(format!("{} [{}] ", symbol(first.severity), first.id), sev),
        Span::styled(first.title(), theme::TITLE),
        Span::raw(": "),
        Span::raw(clean(&first.evidence)),
    ];
    let room = width.saturating_sub(tail_width);
    let head_width: usize = head.iter().map(Span::width).sum();
    let mut spans = fit_spans(head, room);
    // Room to spare: the key goes to the right edge.
    if head_width < room {
        spans.push(Span::raw(" ".repeat(room - head_width)));
    }
    spans.extend(tail);
    Paragraph::new(Line::from(fit_spans(spans, width))).render(area, buf);
}

/// The rows of the panel's content at `width`: each shown flag, the
/// `open` one whole (evidence and suggestion), the others one row each;
/// then how many are set aside. With `focus`, the open flag is the chosen
/// one and is marked.
fn panel_rows(app: &App, shown: &[&Flag], open: usize, focus: bool, width: usize) -> Rows {
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut heads = Vec::with_capacity(shown.len());
    let mut range = 0..0;
    let mark = |i: usize| match (focus, i == open) {
        (true, true) => theme::MARK,
        (true, false) => theme::NO_MARK,
        (false, _) => "",
    };
    let indent = if focus { 2 } else { 0 };
    for (i, flag) in shown.iter().enumerate() {
        let sev = style(flag.severity);
        heads.push(rows.len());
        if i == open {
            let start = rows.len();
            let mut head = vec![
                Span::raw(mark(i)),
                Span::styled(
                    format!(
                        "{} {} [{}]",
                        symbol(flag.severity),
                        flag.severity.label().to_uppercase(),
                        flag.id
                    ),
                    sev,
                ),
                Span::raw(" "),
                Span::styled(flag.title(), theme::TITLE),
            ];
            if focus {
                head[0] = Span::styled(mark(i), theme::SELECTED);
            }
            rows.extend(wrap_line(&Line::from(head), width, indent + 2));
            let pad = " ".repeat(indent + 2);
            let evidence = Line::raw(format!("{pad}{}", clean(&flag.evidence)));
            rows.extend(wrap_line(&evidence, width, indent + 2));
            let suggestion = Line::from(vec![
                Span::raw(pad.clone()),
                Span::styled("→ ", theme::OK),
                Span::raw(clean(flag.suggestion)),
            ]);
            rows.extend(wrap_line(&suggestion, width, indent + 4));
            range = start..rows.len();
        } else {
            let spans = vec![
                Span::raw(mark(i)),
                Span::styled(format!("{} [{}] ", symbol(flag.severity), flag.id), sev),
                Span::raw(flag.title()),
            ];
            rows.push(Line::from(fit_spans(spans, width)));
        }
    }
    if let Some(aside) = set_aside(app, shown.len()) {
        let pad = " ".repeat(indent);
        rows.push(Line::styled(
            fit(&format!("{pad}{aside}"), width),
            theme::DIM,
        ));
    }
    Rows {
        rows,
        heads,
        open: range,
    }
}

/// The panel's content laid out: the rows, where each flag starts, and
/// the rows of the open flag.
struct Rows {
    rows: Vec<Line<'static>>,
    heads: Vec<usize>,
    open: std::ops::Range<usize>,
}

/// "Set aside: 1 acknowledged, 1 snoozed": the flags standing but not
/// shown.
fn set_aside(app: &App, shown: usize) -> Option<String> {
    let hidden = app.radar.standing().len().saturating_sub(shown);
    if hidden == 0 {
        return None;
    }
    let session = app.session.as_ref()?;
    let standing = app.radar.standing();
    let (mut acknowledged, mut snoozed) = (0, 0);
    for o in history(session) {
        let stands = o.cleared.is_none()
            && standing
                .iter()
                .any(|f| f.id == o.id && f.subject == o.subject);
        if !stands {
            continue;
        }
        if o.acknowledged.is_some() {
            acknowledged += 1;
        } else if o.snoozed_until.is_some_and(|until| until > app.now) {
            snoozed += 1;
        }
    }
    let mut parts = Vec::new();
    if acknowledged > 0 {
        parts.push(format!("{acknowledged} acknowledged"));
    }
    if snoozed > 0 {
        parts.push(format!("{snoozed} snoozed"));
    }
    if parts.is_empty() {
        return Some(format!("Set aside: {hidden}"));
    }
    Some(format!("Set aside: {}", parts.join(", ")))
}

/// The chosen flag's place among those shown, while the panel has the
/// focus.
fn chosen(app: &App, shown: &[&Flag]) -> Option<usize> {
    let (flag, _) = app.radar_chosen()?;
    shown.iter().position(|f| std::ptr::eq(*f, flag))
}

/// The side panel (and the list popup) in `area`: titled with the key
/// that focuses it (or, focused, the key that leaves), a thick border
/// while it has the focus, the open flag kept in view.
pub fn render_panel(app: &App, shown: &[&Flag], area: Rect, buf: &mut Buffer) {
    let chosen = chosen(app, shown);
    let focus = chosen.is_some();
    let width = usize::from(area.width.saturating_sub(2));
    let height = usize::from(area.height.saturating_sub(2));
    let laid = panel_rows(app, shown, chosen.unwrap_or(0), focus, width);
    let first = window(laid.rows.len(), height, laid.open.clone());
    // The flags out of view, counted on the bottom border.
    let above = laid.heads.iter().filter(|&&h| h < first).count();
    let below = laid.heads.iter().filter(|&&h| h >= first + height).count();
    let mut block = panel_block(shown.len(), focus, area.width);
    let more: Vec<String> = [(above, "↑"), (below, "↓")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, arrow)| format!("{arrow} {n} more"))
        .collect();
    if !more.is_empty() {
        let text = format!(" {} ", more.join(" · "));
        block = block.title_bottom(Line::styled(fit(&text, width), theme::DIM).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let lines: Vec<Line> = laid.rows.into_iter().skip(first).take(height).collect();
    Paragraph::new(lines).render(inner, buf);
}

fn panel_block(n: usize, focus: bool, width: u16) -> Block<'static> {
    let room = usize::from(width.saturating_sub(2));
    let title = if focus {
        format!(" Radar ({n}) · Esc back ")
    } else {
        format!(" Radar ({n}) · r ")
    };
    let block = Block::bordered().title(Line::styled(fit(&title, room), theme::TITLE));
    if focus {
        block.border_type(BorderType::Thick)
    } else {
        block
    }
}

/// The first of `rows` rows to show in `height` so that the rows `open`
/// show (as many of them as fit, from their start), centred while they can be.
fn window(rows: usize, height: usize, open: std::ops::Range<usize>) -> usize {
    if rows <= height {
        return 0;
    }
    let len = open.len();
    let first = if len >= height {
        open.start
    } else {
        open.start.saturating_sub((height - len) / 2)
    };
    first.min(rows - height)
}

/// While the panel has the focus: the detail popup when it is open, and
/// where there is no side panel, the flags as a small list over the bottom
/// of `body` (below the clock when there is room).
pub fn render_focus(app: &App, body: Rect, buf: &mut Buffer) {
    let Some((flag, detail)) = app.radar_chosen() else {
        return;
    };
    let shown = app.radar_shown();
    if !has_panel(app, body.width) {
        let top = session::below_clock(app, body);
        let width = usize::from(body.width.saturating_sub(2));
        let rows = panel_rows(app, &shown, chosen(app, &shown).unwrap_or(0), true, width).rows;
        let room = body.y + body.height - top.min(body.y + body.height);
        // At least the chosen flag's head and its neighbours.
        let height = (rows.len() as u16 + 2).min(room.max(5)).min(body.height);
        let area = Rect {
            x: body.x,
            y: body.y + body.height - height,
            width: body.width,
            height,
        };
        Clear.render(area, buf);
        render_panel(app, &shown, area, buf);
    }
    if detail {
        render_detail(app, flag, body, buf);
    }
}

/// The chosen flag whole: ID, title, severity, the evidence, the
/// suggestion, when it was raised and for how long, and the keys.
fn render_detail(app: &App, flag: &Flag, body: Rect, buf: &mut Buffer) {
    let width = body.width.saturating_sub(2).min(DETAIL_MAX);
    let text_width = usize::from(width.saturating_sub(4));
    if text_width == 0 {
        return;
    }
    let lines = detail_lines(app, flag);
    let rows: Vec<Line<'static>> = lines
        .iter()
        .flat_map(|(l, indent)| wrap_line(l, text_width, *indent))
        .collect();
    let height = (rows.len() as u16 + 2).min(body.height);
    let popup = super::centered(body, width, height);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(
            format!(" Radar · [{}] ", flag.id),
            theme::TITLE,
        ));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let (rows, _) = super::wrap::clip(
        &rows,
        usize::from(inner.width),
        usize::from(inner.height),
        false,
        "…more (a larger window shows all)",
    );
    Paragraph::new(rows).render(inner, buf);
}

/// The detail's lines, each with the indent of its wrapped rows.
fn detail_lines(app: &App, flag: &Flag) -> Vec<(Line<'static>, usize)> {
    let sev = style(flag.severity);
    let word = match flag.severity {
        Severity::Warn => "WARN: the session is going wrong in a way that costs its result",
        Severity::Info => "info: worth a look",
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} [{}] ", symbol(flag.severity), flag.id), sev),
            Span::styled(flag.title(), theme::TITLE),
        ]),
        Line::styled(word, sev),
    ];
    if !flag.subject.is_empty() {
        lines.push(Line::styled(
            format!("About: {}", clean(&flag.subject)),
            theme::DIM,
        ));
    }
    let mut lines: Vec<(Line<'static>, usize)> = lines.into_iter().map(|l| (l, 2)).collect();
    let blank = || (Line::raw(""), 0);
    lines.push(blank());
    lines.push((Line::styled("What the radar saw", theme::TITLE), 0));
    lines.push((Line::raw(format!("  {}", clean(&flag.evidence))), 2));
    lines.push(blank());
    lines.push((Line::styled("One move", theme::TITLE), 0));
    lines.push((
        Line::from(vec![
            Span::styled("  → ", theme::OK),
            Span::raw(clean(flag.suggestion)),
        ]),
        4,
    ));
    lines.push(blank());
    if let Some(at) = app.radar.raised_at(flag) {
        lines.push((Line::styled(raised(at, app.now), theme::DIM), 0));
    }
    if app.read_only.is_some() {
        lines.push((
            Line::styled(
                "Read-only: only the tamer that has the record open acknowledges or snoozes",
                theme::DIM,
            ),
            0,
        ));
    }
    let snooze = format!(" snooze {} min", app.thresholds.snooze_minutes);
    lines.push((
        Line::from(vec![
            Span::styled("a", theme::KEY),
            Span::styled(" acknowledge  ", theme::DIM),
            Span::styled("z", theme::KEY),
            Span::styled(snooze, theme::DIM),
            Span::styled("  Enter", theme::KEY),
            Span::styled(" close  ", theme::DIM),
            Span::styled("Esc", theme::KEY),
            Span::styled(" back", theme::DIM),
        ]),
        0,
    ));
    lines
}

/// "Raised at 09:32 UTC, standing for 12 min".
fn raised(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    format!(
        "Raised at {}{}, standing for {}",
        session::clock_time(at, now),
        session::CLOCK_ZONE,
        minutes((now - at).num_seconds())
    )
}

/// "12 min", "under a minute"; past two hours "5 h 10 min", past two days
/// "3 days" (a record opened again long after its session).
pub fn minutes(secs: i64) -> String {
    match secs / 60 {
        m if m <= 0 => "under a minute".to_owned(),
        m if m < 120 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} days", m / (24 * 60)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_durations_read_as_hours_and_days() {
        use super::minutes;
        assert_eq!(minutes(30), "under a minute");
        assert_eq!(minutes(12 * 60 + 59), "12 min");
        assert_eq!(minutes(119 * 60), "119 min");
        assert_eq!(minutes(5 * 3600 + 10 * 60), "5 h 10 min");
        assert_eq!(minutes(3 * 86400 + 5), "3 days");
    }
}
