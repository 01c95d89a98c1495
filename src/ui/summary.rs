//! The summary at the end: what the team takes away. Time per phase
//! against its box, the counts, the essential mitigations with their
//! owners, the accepted risks, the session's own threats (what the radar
//! raised) and the retro [4.4.1]. Two columns when
//! the screen is wide enough, every section cut (and saying so) rather
//! than the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::sections::{self, Section, rows};
use super::threats::action_style;
use super::wrap::{cells, fit};
use super::{clean, hms, mitigations, session, theme};
use crate::app::App;
use crate::radar::{self, history::history};
use crate::session::summary::{Overview, PhaseTime};
use crate::session::{Action, RetroList, Session};

/// The narrowest body that gets two columns.
const TWO_COLUMNS_FROM: u16 = 76;
/// The shortest body that also lists the threats still open.
const TALL: u16 = 30;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = app.session.as_ref() else {
        return;
    };
    let [header, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    session::render_header(app, s, header, buf);
    let block = Block::bordered()
        .title(Line::styled(
            format!(" Summary · {} ", fit(&clean(&s.title), 40)),
            theme::TITLE,
        ))
        .title(Line::styled(" S or Esc: back ", theme::DIM).right_aligned());
    let inner = block.inner(rest);
    block.render(rest, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let o = s.summary(app.now);
    let [top, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    Paragraph::new(Line::styled(
        fit(&headline(app, s), usize::from(top.width)),
        theme::ACCENT,
    ))
    .render(top, buf);
    if body.width >= TWO_COLUMNS_FROM {
        let [left, _, right] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(body);
        let (l, r) = (usize::from(left.width), usize::from(right.width));
        let cap = usize::from(body.height);
        let mut left_sections = vec![time(app, &o, l), counts(&o, l)];
        if body.height >= TALL {
            left_sections.push(still_open(s, l, cap));
        }
        sections::render(&left_sections, left, buf);
        let mut right_sections = vec![
            essentials(s, &o, r, cap),
            accepted(&o, r, cap),
            own_threats(app, s, r, cap),
        ];
        right_sections.extend(retro(s, r, cap));
        sections::render(&right_sections, right, buf);
    } else {
        let w = usize::from(body.width);
        let cap = usize::from(body.height);
        let mut all = vec![
            time(app, &o, w),
            counts(&o, w),
            essentials(s, &o, w, cap),
            accepted(&o, w, cap),
            own_threats(app, s, w, cap),
        ];
        all.extend(retro(s, w, cap));
        sections::render(&all, body, buf);
    }
}

/// "Finished at 10:37 · 1:37:00 used of 90 min · Ada, Grace, Linus".
fn headline(app: &App, s: &Session) -> String {
    let when = match s.finished {
        Some(at) => format!("Finished at {}", session::clock_time(at, app.now)),
        None => "Not finished yet".to_owned(),
    };
    let people = if s.participants.is_empty() {
        "nobody named".to_owned()
    } else {
        s.participants
            .iter()
            .map(|p| clean(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{when} · {} used of {} min · {people}",
        hms(s.elapsed(app.now)),
        s.budget_minutes
    )
}

fn heading(text: String) -> Line<'static> {
    Line::styled(text, theme::TITLE)
}

/// One row per phase: "2 What can go wrong?   31:00 of 32:00  ✔ in time",
/// or "Phase 2  31:00 of 32:00 …" when the column has no room for titles.
fn time(app: &App, o: &Overview, width: usize) -> Section {
    let mut section = Section::new(heading("Time per phase, against its box".into()));
    let verdicts: Vec<(String, ratatui::style::Style)> = o
        .phases
        .iter()
        .map(|p| {
            if p.spent_secs > p.box_secs {
                (
                    format!("▲ {} over", hms(p.box_secs - p.spent_secs)),
                    theme::WARN,
                )
            } else {
                ("✔ in time".to_owned(), theme::OK)
            }
        })
        .collect();
    let widest = |f: &dyn Fn(&PhaseTime) -> usize| o.phases.iter().map(f).max().unwrap_or(0);
    let columns = (
        widest(&|p| cells(&hms(p.spent_secs))),
        widest(&|p| cells(&hms(p.box_secs))),
        verdicts.iter().map(|(v, _)| cells(v)).max().unwrap_or(0),
    );
    section.total = o.phases.len();
    section.items = o
        .phases
        .iter()
        .zip(verdicts)
        .map(|(p, verdict)| vec![phase_row(app, p, verdict, columns, width)])
        .collect();
    section
}

fn phase_row(
    app: &App,
    p: &PhaseTime,
    (verdict, style): (String, ratatui::style::Style),
    (spent_w, box_w, verdict_w): (usize, usize, usize),
    width: usize,
) -> Line<'static> {
    let times = format!(
        "{:>spent_w$} of {:<box_w$}",
        hms(p.spent_secs),
        hms(p.box_secs)
    );
    let room = width.saturating_sub(2 + cells(&times) + 2 + verdict_w);
    let title = app
        .script
        .phase(p.phase)
        .map(|ph| clean(&ph.title))
        .unwrap_or_default();
    let (label, name) = if room >= 12 {
        let name = fit(&title, room - 1);
        let pad = room.saturating_sub(cells(&name));
        (
            format!("{} ", p.phase),
            format!("{name}{}", " ".repeat(pad)),
        )
    } else {
        (format!("Phase {}", p.phase), "  ".to_owned())
    };
    Line::from(vec![
        Span::styled(label, theme::ACCENT),
        Span::raw(name),
        Span::raw(times),
        Span::raw("  "),
        Span::styled(verdict, style),
    ])
}

/// The counts, a few words each, wrapped to the column.
fn counts(o: &Overview, width: usize) -> Section {
    let a = &o.actions;
    let d = &o.decisions;
    let m = &o.mitigations;
    // Zero counts are left out; "all rated", "all decided" say the rest.
    let mut actions = vec![Span::raw(format!(
        "{} threat{}{}",
        o.threats,
        plural(o.threats),
        if a.unrated == 0 && o.threats > 0 {
            ", all rated"
        } else {
            ""
        }
    ))];
    let mut first = true;
    for (n, action) in [
        (a.must, Action::Must),
        (a.should, Action::Should),
        (a.could, Action::Could),
        (a.no_need, Action::NoNeed),
    ] {
        if n == 0 {
            continue;
        }
        actions.push(Span::raw(if first { ": " } else { ", " }));
        first = false;
        // Kept on one row when the line wraps.
        actions.push(Span::styled(
            format!("{n}\u{a0}{}", action.label().replace(' ', "\u{a0}")),
            action_style(action),
        ));
    }
    if a.unrated > 0 {
        actions.push(Span::styled(
            format!("{}{} unrated", if first { ": " } else { ", " }, a.unrated),
            theme::WARN,
        ));
    }
    let listed = |parts: &[(usize, &str)]| -> String {
        let said: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        if said.is_empty() {
            "none".to_owned()
        } else {
            said.join(", ")
        }
    };
    let decided = if d.undecided == 0 && o.threats > 0 {
        "Decided, all"
    } else {
        "Decided"
    };
    let lines = [
        Line::raw(format!(
            "Model: {} element{}, {} flow{}, {} boundar{}",
            o.elements,
            plural(o.elements),
            o.flows,
            plural(o.flows),
            o.boundaries,
            if o.boundaries == 1 { "y" } else { "ies" }
        )),
        Line::from(actions),
        Line::raw(format!(
            "{decided}: {}",
            listed(&[
                (d.mitigate, "mitigate"),
                (d.accept, "accept"),
                (d.transfer, "transfer"),
                (d.avoid, "avoid"),
                (d.not_a_threat, "not a threat"),
                (d.undecided, "undecided"),
            ])
        )),
        Line::raw(format!("Mitigations: {}", listed(&m.pairs()))),
        Line::raw(if o.parked_open + o.parked_closed == 0 {
            "Parking lot: nothing parked".to_owned()
        } else {
            format!(
                "Parking lot: {} open, {} dealt with",
                o.parked_open, o.parked_closed
            )
        }),
    ];
    let mut section = Section::new(heading("Counts".into()));
    section.total = lines.len();
    section.items = lines.into_iter().map(|l| rows(l, width, 2)).collect();
    section
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "M1 Verify the signature · Grace · planned → T1".
fn essentials(s: &Session, o: &Overview, width: usize, cap: usize) -> Section {
    let mut section = Section::new(heading(fit(
        &format!("Essential mitigations and owners ({})", o.essentials.len()),
        width,
    )))
    .empty(Line::styled(
        "  none: nothing essential planned",
        theme::WARN,
    ))
    .elsewhere("L lists them all")
    .priority(3);
    section.total = o.essentials.len();
    section.items = o
        .essentials
        .iter()
        .take(cap)
        .filter_map(|e| s.mitigation(e.mitigation))
        .map(|m| {
            let mut spans = vec![
                Span::styled(format!("  {} ", m.tag()), theme::ACCENT),
                if m.owner.trim().is_empty() {
                    Span::styled("no owner", theme::WARN)
                } else {
                    Span::raw(clean(&m.owner))
                },
                Span::styled(" · ", theme::DIM),
                mitigations::status_span(m),
                Span::styled(" · ", theme::DIM),
            ];
            let ids: Vec<String> = m.threats.iter().map(|t| format!("T{t}")).collect();
            let tail = if ids.is_empty() {
                Span::raw("")
            } else {
                Span::styled(format!(" → {}", ids.join(", ")), theme::DIM)
            };
            let used = spans.iter().map(Span::width).sum::<usize>() + tail.width();
            spans.push(Span::raw(fit(&clean(&m.title), width.saturating_sub(used))));
            spans.push(tail);
            vec![Line::from(super::wrap::fit_spans(spans, width))]
        })
        .collect();
    section
}

/// "T5 Card token… — accepted by Grace: tokens are useless…".
fn accepted(o: &Overview, width: usize, cap: usize) -> Section {
    let mut section = Section::new(heading(format!(
        "Accepted risks [3.1.4] ({})",
        o.accepted.len()
    )))
    .empty(Line::styled("  none", theme::DIM))
    .elsewhere("H shows them all")
    .priority(2);
    section.total = o.accepted.len();
    section.items = o
        .accepted
        .iter()
        .take(cap)
        .map(|a| {
            let by = if a.by.is_empty() {
                "nobody named".to_owned()
            } else {
                clean(&a.by)
            };
            let line = Line::from(vec![
                Span::styled(format!("  T{} ", a.threat), theme::ACCENT),
                Span::raw(format!("accepted by {by}: {}", clean(&a.reason))),
            ]);
            rows(line, width, 6)
        })
        .collect();
    section
}

/// The MUST/SHOULD threats still open (no essential mitigation that will
/// be done), for a tall screen.
fn still_open(s: &Session, width: usize, cap: usize) -> Section {
    let open = s.remaining_risk().open;
    let mut section = Section::new(heading(fit(
        &format!(
            "Still open: MUST/SHOULD, no essential mitigation ({})",
            open.len()
        ),
        width,
    )))
    .empty(Line::styled("  ✔ none", theme::OK))
    .elsewhere("H shows them all");
    section.total = open.len();
    section.items = open
        .iter()
        .take(cap)
        .filter_map(|id| s.threat(*id))
        .map(|t| {
            let action = super::threats::action_span(t);
            let pad = 8usize.saturating_sub(action.width());
            let spans = vec![
                Span::styled(format!("  T{:<4}", t.id), theme::ACCENT),
                action,
                Span::raw(" ".repeat(pad)),
                Span::raw(clean(&t.title)),
            ];
            vec![Line::from(super::wrap::fit_spans(spans, width))]
        })
        .collect();
    section
}

/// What the radar raised during the session, from the record's timeline,
/// in the order raised: "09:32 [2.1.4] Stuck in threat discovery · 12 min
/// · cleared".
fn own_threats(app: &App, s: &Session, width: usize, cap: usize) -> Section {
    let all = history(s);
    let end = s.finished.unwrap_or(app.now);
    let mut section = Section::new(heading(format!(
        "The session's own threats ({})",
        all.len()
    )))
    .empty(Line::styled(
        "  none: the radar never raised a flag",
        theme::OK,
    ))
    .elsewhere("tamer radar --history")
    .priority(2);
    section.total = all.len();
    section.items = all
        .iter()
        .take(cap)
        .map(|o| {
            let title = radar::title(&o.id).unwrap_or("");
            let mut spans = vec![
                Span::styled(
                    format!("  {} ", session::clock_time(o.raised, app.now)),
                    theme::DIM,
                ),
                Span::styled(format!("[{}] ", clean(&o.id)), theme::ACCENT),
                Span::raw(title),
            ];
            if !o.subject.is_empty() {
                spans.push(Span::styled(
                    format!(" ({})", clean(&o.subject)),
                    theme::DIM,
                ));
            }
            let outcome = match (o.outcome(), o.acknowledged, o.snoozed_until) {
                ("cleared", Some(_), _) => "acknowledged, then cleared",
                ("cleared", None, Some(_)) => "snoozed, then cleared",
                (said, _, _) => said,
            };
            let outcome_style = match o.outcome() {
                "cleared" => theme::OK,
                "standing" => theme::WARN,
                _ => theme::DIM,
            };
            spans.push(Span::styled(
                format!(" · {} · ", super::radar::minutes(o.secs(end))),
                theme::DIM,
            ));
            spans.push(Span::styled(outcome, outcome_style));
            rows(Line::from(spans), width, 6)
        })
        .collect();
    section
}

/// The retro's three lists [4.4.1], each line with who said it.
fn retro(s: &Session, width: usize, cap: usize) -> Vec<Section> {
    RetroList::ALL
        .iter()
        .map(|list| {
            let lines = s.retro.list(*list);
            let name = match list {
                RetroList::WentWell => "Went well",
                RetroList::Change => "To change next time",
                RetroList::Lessons => "Lessons learned",
            };
            let mut section = Section::new(heading(format!("{name} ({})", lines.len())))
                .empty(Line::styled("  nothing said (R adds a line)", theme::DIM))
                .elsewhere("the record keeps them");
            section.total = lines.len();
            section.items = lines
                .iter()
                .take(cap)
                .map(|l| {
                    let mut spans = vec![Span::raw(format!("  • {}", clean(&l.text)))];
                    if let Some(by) = &l.by {
                        spans.push(Span::styled(format!(" ({})", clean(by)), theme::DIM));
                    }
                    rows(Line::from(spans), width, 4)
                })
                .collect();
            section
        })
        .collect()
}
