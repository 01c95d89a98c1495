//! The session screen: where we are, the prompt, the big timer, what is next,
//! and the threats captured so far.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::wrap::{fit, fit_spans};
use super::{bigclock, clean, hms, list, theme, threats};
use crate::app::{App, List, Row, View};
use crate::session::Session;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session.as_ref() else {
        return;
    };
    let shown = app.radar_shown();
    let l = layout(app, session, !shown.is_empty(), area);
    render_header(app, session, l.header, buf);
    render_progress(session, l.progress, buf);
    if let Some(panel) = l.panel {
        super::radar::render_panel(app, &shown, panel, buf);
    }
    render_timer(app, session, l.timer, buf);
    if app.card_view {
        super::card::render(app, l.prompt, buf);
    } else {
        render_prompt(app, session, l.prompt, buf);
    }
    render_lower(app, session, l.lower, buf);
    super::radar::render_strip(app, &shown, l.radar, buf);
    render_next(app, session, l.next, buf);
    render_capture(app, l.capture, buf);
}

/// Where the parts of the session screen go.
struct Areas {
    header: Rect,
    progress: Rect,
    prompt: Rect,
    timer: Rect,
    /// The threats (and beside them the model or the deal).
    lower: Rect,
    /// The radar's side panel, when it stands and the screen is wide.
    panel: Option<Rect>,
    /// The radar's strip, when it stands and the screen is narrow.
    radar: Rect,
    next: Rect,
    capture: Rect,
}

/// The session screen's layout in `area`; with `radar`, room for the
/// radar: a panel right of the timer when wide, a strip above the "Next"
/// line when not. Without, the layout is the one the screen had before
/// the radar had a place.
fn layout(app: &App, session: &Session, radar: bool, area: Rect) -> Areas {
    let panel_wide = radar && super::radar::has_panel(app, area.width);
    let strip = u16::from(radar && !panel_wide);
    let [header, progress, main, radar_row, next, capture] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(strip),
        Constraint::Length(1),
        Constraint::Length(capture_height(app)),
    ])
    .areas(area);
    // The prompt (or the card) and the timer side by side, the threats
    // below them. With a card on the table the card takes most of the
    // height, and the threats keep room for the last few.
    let lower = if app.card_view {
        (main.height / 3).max(LOWER_WITH_CARD)
    } else if session.phase() == 1 {
        // The model is what phase 1 is about.
        main.height / 2
    } else {
        main.height * 2 / 5
    };
    let [top, lower] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(lower)]).areas(main);
    // The radar's panel beside the timer, at eye level; the lists below
    // keep the full width (and with it the model or the deal beside them).
    let (top, panel) = if panel_wide {
        let [top, panel] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(super::radar::panel_width(area.width)),
        ])
        .areas(top);
        (top, Some(panel))
    } else {
        (top, None)
    };
    let timer_width = (top.width * 2 / 5).clamp(24, 60);
    let [prompt, timer] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(timer_width)]).areas(top);
    Areas {
        header,
        progress,
        prompt,
        timer,
        lower,
        panel,
        radar: radar_row,
        next,
        capture,
    }
}

/// The first row below the clock in `body`, for the radar's list while
/// it has the focus: below the timer on the session screen, below the
/// line with the time on the full-screen views.
pub(super) fn below_clock(app: &App, body: Rect) -> u16 {
    let Some(session) = app.session.as_ref() else {
        return body.y;
    };
    if app.view == View::Session {
        let l = layout(app, session, !app.radar_shown().is_empty(), body);
        l.timer.y + l.timer.height
    } else {
        body.y + 2
    }
}

/// The one-line capture of a threat, when it is open.
fn quick_form(app: &App) -> Option<&crate::form::Form> {
    app.any_form()
        .filter(|f| f.purpose == crate::form::Purpose::QuickThreat)
}

/// The frame of a full-screen view: the header and the strip above, the
/// capture line below (and over it, with a flag on the radar, the radar's
/// strip); returns the area left for the view.
pub(super) fn render_frame(app: &App, session: &Session, area: Rect, buf: &mut Buffer) -> Rect {
    let shown = app.radar_shown();
    let [header, strip, rest, radar, capture] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(u16::from(!shown.is_empty())),
        Constraint::Length(capture_height(app)),
    ])
    .areas(area);
    render_header(app, session, header, buf);
    render_strip(app, session, strip, buf);
    super::radar::render_strip(app, &shown, radar, buf);
    render_capture(app, capture, buf);
    rest
}

/// The rows the one-line capture takes at the bottom of the screen.
pub(super) fn capture_height(app: &App) -> u16 {
    if quick_form(app).is_some() { 3 } else { 0 }
}

/// The one-line capture, titled with the card it comes from.
pub(super) fn render_capture(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(form) = quick_form(app) else {
        return;
    };
    let title = match &app.capture_cell {
        Some(cell) => format!(
            " New threat from card \"{}\" — Enter saves, Esc cancels ",
            clean(&cell.card)
        ),
        None => " New threat — Enter saves, Esc cancels ".to_owned(),
    };
    super::form::render_line(form, &title, area, buf);
}

/// The height of the threats panel under a card: its borders and the
/// last four threats.
const LOWER_WITH_CARD: u16 = 6;

/// Below the prompt: the threats, and beside them (when wide) the model in
/// phase 1 or the deal's progress while cards are on screen. When narrow,
/// the model takes the place of the threats in phase 1; the threats stay
/// under a card (its title counts the cards left).
fn render_lower(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    enum Side {
        Model,
        Walk,
    }
    let side = if app.card_view {
        Some(Side::Walk)
    } else if session.phase() == 1 || (!session.model.is_empty() && area.width >= 100) {
        Some(Side::Model)
    } else {
        None
    };
    let render_side = |side: Side, area: Rect, buf: &mut Buffer| match side {
        Side::Model => super::model::render_panel(app, session, area, buf),
        Side::Walk => super::walk::render(app, area, buf),
    };
    match side {
        None => render_threats(app, session, area, buf),
        Some(side) if area.width >= 100 => {
            let [left, right] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
            render_threats(app, session, left, buf);
            render_side(side, right, buf);
        }
        Some(Side::Walk) => render_threats(app, session, area, buf),
        Some(side) => render_side(side, area, buf),
    }
}

/// "tamer Title…   phase 2 · step 3 of 4   ends 10:42 · planned 10:30 UTC":
/// the title gives way (cut with "…") before the plan does.
pub(super) fn render_header(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let plan = Plan::of(session, app.now);
    let late = plan.is_late();
    let verb = if plan.finished { "ended" } else { "ends" };
    // Late shows in colour; the two times say it in words.
    let end_style = if late { theme::WARN } else { theme::OK };
    let end = wall_clock(plan.estimate, app.now, CLOCK_OFFSET);
    let planned = wall_clock(plan.planned, app.now, CLOCK_OFFSET);
    let (long_where, short_where) = where_we_are(session);
    // From the fullest to the most compact: the first that leaves the title
    // a few cells (and one to keep it apart) wins.
    let candidates = [
        (long_where.as_str(), true),
        (short_where.as_str(), true),
        (short_where.as_str(), false),
        ("", false),
    ];
    let brand = " tamer ";
    // In a story, the story comes first; the baseline's title after it.
    let title = match session.story_now() {
        Some(story) => format!(
            "Story {}: {} · {}",
            story.number,
            clean(&story.title),
            clean(&session.title)
        ),
        None => clean(&session.title),
    };
    let width = usize::from(area.width);
    let title_room = |right: &[Span]| {
        let used: usize = right.iter().map(Span::width).sum::<usize>() + brand.len();
        width.saturating_sub(used)
    };
    let wanted = Line::raw(title.as_str()).width().min(MIN_TITLE);
    let mut right = Vec::new();
    for (place, with_plan) in candidates {
        right.clear();
        if !place.is_empty() {
            right.push(Span::styled(format!("{place}   "), theme::DIM));
        }
        right.push(Span::styled(format!("{verb} {end}"), end_style));
        if with_plan {
            right.push(Span::styled(format!(" · planned {planned}"), theme::DIM));
        }
        right.push(Span::styled(format!("{CLOCK_ZONE} "), theme::DIM));
        if title_room(&right) > wanted {
            break;
        }
    }
    let room = title_room(&right).saturating_sub(1);
    let mut spans = vec![
        Span::styled(brand, theme::ACCENT),
        Span::styled(fit(&title, room), theme::TITLE),
    ];
    let used: usize = spans.iter().map(Span::width).sum();
    let right_width: usize = right.iter().map(Span::width).sum();
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + right_width)),
    ));
    spans.extend(right);
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// The fewest cells of title the header keeps before it drops parts of the plan.
const MIN_TITLE: usize = 12;

/// The clock times in the header are shown in UTC, and labelled so: the
/// screen draws from `app.now` alone, so snapshots and replays are the same
/// on every machine. Local time needs only another offset here (read once at
/// start-up, outside the drawing) and no label.
const CLOCK_OFFSET: FixedOffset = FixedOffset::east_opt(0).expect("zero is a valid offset");
pub(super) const CLOCK_ZONE: &str = " UTC";

/// "phase 2 · step 3 of 4" and the short "step 3/4"; "all phases done"
/// once finished. In a story, its steps are counted: "story step 1 of 3".
fn where_we_are(session: &Session) -> (String, String) {
    let story = session.story_now();
    if session.finished.is_some() {
        let done = if story.is_some() {
            "story done"
        } else {
            "all phases done"
        };
        return (done.into(), "done".into());
    }
    if let Some(story) = story {
        return (
            format!("story step {} of {}", story.step, story.steps),
            format!("step {}/{}", story.step, story.steps),
        );
    }
    let current = session.phase();
    let in_phase: Vec<usize> = (0..session.steps.len())
        .filter(|&i| session.steps[i].phase == current)
        .collect();
    match in_phase.iter().position(|&i| i == session.current) {
        Some(pos) => (
            format!("phase {current} · step {} of {}", pos + 1, in_phase.len()),
            format!("step {}/{}", pos + 1, in_phase.len()),
        ),
        None => (format!("phase {current}"), format!("phase {current}")),
    }
}

/// When the session (in a story: the story) was planned to end, and when
/// it will end as things stand now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    /// The start plus the budget: fixed when the session is created. In a
    /// story, the story's start plus its minutes and its extensions.
    planned: DateTime<Utc>,
    /// Now, plus what is left of the current step (nothing once in
    /// overtime), plus what is left of every later step. A break or an
    /// overrun pushes it later, an extension too; once finished, the end.
    estimate: DateTime<Utc>,
    finished: bool,
}

impl Plan {
    fn of(session: &Session, now: DateTime<Utc>) -> Self {
        let planned = match session.story_now() {
            Some(story) => story.planned,
            None => session
                .created
                .checked_add_signed(TimeDelta::minutes(i64::from(session.budget_minutes)))
                .unwrap_or(session.created),
        };
        if let Some(at) = session.finished {
            return Self {
                planned,
                estimate: at,
                finished: true,
            };
        }
        let left = session
            .steps
            .iter()
            .skip(session.current)
            .fold(0i64, |sum, s| {
                sum.saturating_add(s.clock.remaining(now).max(0))
            });
        let estimate = TimeDelta::try_seconds(left)
            .and_then(|d| now.checked_add_signed(d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        Self {
            planned,
            estimate,
            finished: false,
        }
    }

    /// Later than planned by a minute the header can show.
    fn is_late(&self) -> bool {
        self.estimate.timestamp().div_euclid(60) > self.planned.timestamp().div_euclid(60)
    }
}

/// A time as the screen shows it ("10:42", or "Tue 10:42" on another day
/// than `now`), in the header's zone.
pub(super) fn clock_time(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    wall_clock(at, now, CLOCK_OFFSET)
}

/// "10:42", or "Tue 10:42" when `at` falls on another day than `now`.
fn wall_clock(at: DateTime<Utc>, now: DateTime<Utc>, offset: FixedOffset) -> String {
    let (at, now) = (at.with_timezone(&offset), now.with_timezone(&offset));
    if at.date_naive() == now.date_naive() {
        at.format("%H:%M").to_string()
    } else {
        at.format("%a %H:%M").to_string()
    }
}

/// "Phases ✔0 ✔1 ▶2 ·3 ·4" (the step within the phase is in the header),
/// and on the right who takes part, with their roles, and what waits on the
/// parking lot.
fn render_progress(session: &Session, area: Rect, buf: &mut Buffer) {
    let current = session.phase();
    // In a story, its own phases; otherwise the session's, without the
    // steps stories added.
    let story_step = crate::session::script::story_step;
    let prefix = session
        .step()
        .and_then(|s| s.id.strip_suffix(story_step(&s.id)?))
        .unwrap_or("");
    let label = if prefix.is_empty() {
        " Phases "
    } else {
        " Story phases "
    };
    let ours = |id: &str| match prefix {
        "" => story_step(id).is_none(),
        prefix => id.starts_with(prefix),
    };
    let mut spans = vec![Span::raw(label)];
    let mut phases: Vec<u8> = session
        .steps
        .iter()
        .filter(|s| ours(&s.id))
        .map(|s| s.phase)
        .collect();
    phases.dedup();
    for p in phases {
        let (mark, style) = if session.finished.is_some() || p < current {
            ("✔", theme::OK)
        } else if p == current {
            ("▶", theme::ACCENT)
        } else {
            ("·", theme::DIM)
        };
        spans.push(Span::styled(format!("{mark}{p} "), style));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let parked = parking_span(session);
    let room = usize::from(area.width)
        .saturating_sub(used + 2)
        .saturating_sub(parked.as_ref().map_or(0, |p| p.width() + 3));
    // The roles said shorter before names are cut.
    let mut right = Vec::new();
    for words in [Roles::LONG, Roles::SHORT, Roles::SHORTEST] {
        right = people(session, words);
        if right.iter().map(Span::width).sum::<usize>() <= room {
            break;
        }
    }
    let mut right = fit_spans(right, room);
    if let Some(parked) = parked {
        if !right.is_empty() {
            right.push(Span::raw("   "));
        }
        right.push(parked);
    }
    right.push(Span::raw(" "));
    let right_width: usize = right.iter().map(Span::width).sum();
    spans.push(Span::raw(" ".repeat(
        usize::from(area.width).saturating_sub(used + right_width),
    )));
    spans.extend(right);
    Paragraph::new(Line::from(fit_spans(spans, usize::from(area.width)))).render(area, buf);
}

/// How the roles of phase 0 are said, from the longest.
struct Roles {
    facilitator: &'static str,
    note_keeper: &'static str,
}

impl Roles {
    const LONG: Roles = Roles {
        facilitator: " (facilitator)",
        note_keeper: " (note keeper)",
    };
    const SHORT: Roles = Roles {
        facilitator: " (facilitator)",
        note_keeper: " (notes)",
    };
    const SHORTEST: Roles = Roles {
        facilitator: " leads",
        note_keeper: " notes",
    };
}

/// "Ada (facilitator) · Grace (note keeper) · Linus": who takes part and
/// the roles of phase 0.
fn people(session: &Session, roles: Roles) -> Vec<Span<'static>> {
    if session.participants.is_empty() {
        return vec![Span::styled("no participants named (W)", theme::DIM)];
    }
    let mut spans = Vec::new();
    for (i, name) in session.participants.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme::DIM));
        }
        spans.push(Span::raw(clean(name)));
        let mut said = String::new();
        if session.approach.facilitator.as_ref() == Some(name) {
            said.push_str(roles.facilitator);
        }
        if session.approach.note_keeper.as_ref() == Some(name) {
            said.push_str(roles.note_keeper);
        }
        if !said.is_empty() {
            spans.push(Span::styled(said, theme::DIM));
        }
    }
    spans
}

/// "parking lot: 2" while items wait on it.
fn parking_span(session: &Session) -> Option<Span<'static>> {
    match session.open_parked().count() {
        0 => None,
        n => Some(Span::styled(format!("parking lot: {n}"), theme::WARN)),
    }
}

/// "EXCURSION 2:14 — X ends it" while one runs [2.1.9]; with its topic when
/// there is room for it.
fn excursion_span(app: &App, session: &Session, width: usize) -> Option<Span<'static>> {
    let x = session.running_excursion()?;
    let time = hms(x.secs(app.now));
    let short = format!("EXCURSION {time} — X ends it");
    let topic = clean(&x.topic);
    let text = if topic.is_empty() {
        short
    } else {
        let room = width.saturating_sub(super::wrap::cells(&short) + 3);
        if room >= 8 {
            format!("EXCURSION {time} · {} — X ends it", fit(&topic, room))
        } else {
            short
        }
    };
    Some(Span::styled(text, theme::EXCURSION))
}

/// "bank 3:30 — g gives it to this step" while minutes are banked that this
/// step may take (in a story, only what the story banked); shorter when
/// `width` is short.
fn bank_span(session: &Session, width: usize) -> Option<Span<'static>> {
    let bank = session.bank_for_step();
    (bank > 0 && session.finished.is_none()).then(|| {
        let time = hms(bank);
        let long = format!("bank {time} — g gives it to this step");
        let short = format!("bank {time} — g gives it here");
        let text = if super::wrap::cells(&long) <= width {
            long
        } else if super::wrap::cells(&short) <= width {
            short
        } else {
            format!("bank {time} (g)")
        };
        Span::styled(text, theme::OK)
    })
}

/// One line with the time for the full-screen lists: the step's clock in
/// words, a running excursion, what waits on the parking lot, the bank.
/// Each part gets shorter before anything is cut.
pub(super) fn render_strip(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let (big, _, line) = timer_state(app, session);
    let words = line.to_string();
    let clock = if words.starts_with("OVERTIME") {
        Span::styled(format!("OVERTIME {big}"), theme::OVER)
    } else {
        Span::styled(words, line.style)
    };
    let short_clock = short_clock(app, session, clock.style);
    let width = usize::from(area.width);
    let tries = [
        (&clock, width / 2, width, "  ·  "),
        (&clock, 0, width, " · "),
        (&clock, 0, 0, " · "),
        (&short_clock, 0, 0, " · "),
    ];
    let mut spans = Vec::new();
    for (clock, topic, bank, gap) in tries {
        spans = vec![Span::raw(" "), clock.clone()];
        let parts = [
            excursion_span(app, session, topic),
            parking_span(session),
            bank_span(session, bank),
        ];
        for span in parts.into_iter().flatten() {
            spans.push(Span::styled(gap, theme::DIM));
            spans.push(span);
        }
        if spans.iter().map(Span::width).sum::<usize>() <= width {
            break;
        }
    }
    Paragraph::new(Line::from(fit_spans(spans, width))).render(area, buf);
}

/// The step's clock in a few words: "8:00 left", "OVERTIME +1:15".
fn short_clock(app: &App, session: &Session, style: Style) -> Span<'static> {
    let Some(step) = session.step().filter(|_| session.finished.is_none()) else {
        return Span::styled("done", style);
    };
    let remaining = step.clock.remaining(app.now);
    let text = if session.is_paused() {
        format!("‖ PAUSED · {} left", hms(remaining))
    } else if remaining < 0 {
        format!("OVERTIME {}", hms(remaining))
    } else {
        format!("{} left", hms(remaining))
    };
    Span::styled(text, style)
}

fn render_timer(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(" Time ");
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width);
    let extra: Vec<Span> = [
        excursion_span(app, session, width),
        bank_span(session, width),
    ]
    .into_iter()
    .flatten()
    .collect();
    // The digits give way to the lines under them: a running excursion
    // must be seen.
    let extra_rows = (extra.len() as u16).min(inner.height.saturating_sub(2));
    let [digits, status, more] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(extra_rows),
    ])
    .areas(inner);
    let (text, style, line) = timer_state(app, session);
    let (text, style) = bigclock::flashed(app, text, style);
    bigclock::render(&text, style, digits, buf);
    Paragraph::new(line).centered().render(status, buf);
    let lines: Vec<Line> = extra
        .into_iter()
        .map(|span| Line::from(fit_spans(vec![span], width)))
        .collect();
    Paragraph::new(lines).centered().render(more, buf);
}

/// What the timer shows: the digits, their style, and the line under them,
/// which says in words what the colour says.
pub(super) fn timer_state(app: &App, session: &Session) -> (String, Style, Line<'static>) {
    let now = app.now;
    let Some(step) = session.step() else {
        return (String::new(), theme::DIM, Line::raw(""));
    };
    if session.finished.is_some() {
        // A story that closed the record counts its own steps' time.
        let (used, what) = match session.story_now() {
            Some(story) => (
                session.steps[story.first..]
                    .iter()
                    .fold(0i64, |sum, s| sum.saturating_add(s.clock.spent(now))),
                "by the story",
            ),
            None => (session.elapsed(now), "in all"),
        };
        return (
            hms(used),
            theme::OK,
            Line::styled(format!("done · {} used {what}", hms(used)), theme::OK),
        );
    }
    let remaining = step.clock.remaining(now);
    let budget = step.clock.budget_secs;
    let left = format!("{} left of {}", hms(remaining), hms(budget));
    if session.is_paused() {
        // The word itself, large: a break must be plain from across the
        // room and under NO_COLOR; the time waits in the line below.
        return (
            bigclock::PAUSED.to_owned(),
            theme::PAUSED,
            Line::styled(format!("‖ PAUSED · {left}"), theme::PAUSED),
        );
    }
    if remaining < 0 {
        return (
            hms(remaining),
            theme::OVER,
            Line::styled(format!("OVERTIME · box was {}", hms(budget)), theme::OVER),
        );
    }
    if remaining <= warn_threshold(budget) {
        return (
            hms(remaining),
            theme::WARN,
            Line::styled(format!("WRAP UP · {left}"), theme::WARN),
        );
    }
    (
        big_time(remaining),
        theme::OK,
        Line::styled(left, theme::DIM),
    )
}

/// The big digits: whole minutes while two or more are left, so the room
/// reads the time at a glance and nothing large ticks every second (calmer
/// to look at, and a few bytes a second to the terminal instead of hundreds);
/// minutes and seconds in the last two minutes, when the ticking is the point.
/// The line under the digits always has the seconds.
fn big_time(remaining: i64) -> String {
    if remaining >= 120 {
        (remaining / 60).to_string()
    } else {
        hms(remaining)
    }
}

/// A box's length in words: "3 min", "2 min 30 s", "30 s".
fn box_length(secs: i64) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// Warn in the last quarter of a box, at most the last two minutes.
pub fn warn_threshold(budget_secs: i64) -> i64 {
    crate::app::wrap_up_secs(budget_secs)
}

fn render_prompt(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let step = session.step();
    let found = step.and_then(|s| app.script.find(&s.id));
    let phase = session.phase();
    let title = match found {
        Some(f) => format!(" Phase {phase} · {} ", clean(&f.phase.title)),
        None => format!(" Phase {phase} "),
    };
    let block = Block::bordered().title(Line::styled(title, theme::TITLE));
    let mut lines = Vec::new();
    if session.finished.is_some() {
        lines.push(Line::styled("All phases done.", theme::OK));
        lines.push(Line::raw(
            "S shows the summary: what the team decided. H shows what remains, L the mitigations, T the threats.",
        ));
        lines.push(Line::raw(
            "q saves and quits; N reopens the last step. The record keeps every step, break, threat and decision.",
        ));
    } else if let Some(f) = found {
        lines.push(Line::styled(clean(&f.step.title), theme::ACCENT));
        lines.push(Line::styled(clean(&f.phase.question), theme::TITLE));
        lines.push(Line::raw(""));
        lines.push(Line::raw(clean(&f.step.prompt)));
        if let Some(keys) = step_keys(&f.step.id) {
            lines.push(Line::styled(keys, theme::KEY));
        }
        if f.step.id == "rate" {
            lines.push(Line::styled(rating_pace(session), theme::DIM));
        }
        for hint in &f.step.hints {
            lines.push(Line::styled(format!("• {}", clean(hint)), theme::DIM));
        }
    } else if let Some(s) = step {
        lines.push(Line::styled(
            format!("Step \"{}\" is not in the phase script.", clean(&s.id)),
            theme::WARN,
        ));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let (rows, _) = super::wrap::clip(
        &lines,
        usize::from(inner.width),
        usize::from(inner.height),
        true,
        "…more (a larger window shows all)",
    );
    Paragraph::new(rows).render(inner, buf);
}

/// The keys that do the work of the built-in steps of phases 2 to 4, so
/// that the screen says how to start them.
fn step_keys(step: &str) -> Option<&'static str> {
    Some(match step {
        "key-threats" => "K marks the selected threat as a key threat, in rank order [2.1.7].",
        "rate" => "a walks the threats one at a time: digits rate, Enter keeps the suggestion.",
        "mitigate" => "m adds a mitigation for the selected threat; L lists them all.",
        "residual" => {
            "a walks the MUST and SHOULD threats again, as if their essentials were done."
        }
        "review" => "a walks the threats with the review checklist; H shows what remains.",
        "retro" => "R adds a line: what went well, what to change, a lesson learned.",
        "wrap-up" => "S shows the summary; H what remains; L the mitigations.",
        _ => return None,
    })
}

/// "5 rated · 3 left · 1:40 per threat [3.1.10]".
fn rating_pace(session: &Session) -> String {
    let p = session.rating_progress();
    match p.secs_per_rated {
        Some(pace) => format!(
            "{} rated · {} left · {} per threat [3.1.10]",
            p.rated,
            p.left,
            hms(pace)
        ),
        None => format!("{} rated · {} left [3.1.10]", p.rated, p.left),
    }
}

/// The threats with the selection: the newest rows show while the newest
/// is selected, and the selection is always in view.
fn render_threats(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let rows = app.rows(List::Threats);
    let cursor = app.cursor(List::Threats);
    let selected = cursor.selected.min(rows.len().saturating_sub(1));
    let title = list::title(
        "Threats",
        selected,
        rows.len(),
        session.threats.len(),
        &cursor.filter,
    );
    let block = Block::bordered().title(Line::styled(
        fit(&title, usize::from(area.width.saturating_sub(2))),
        theme::TITLE,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    if rows.is_empty() {
        let text = if session.threats.is_empty() {
            "None yet. Press t to capture one."
        } else {
            "No threat matches the filter. / changes it."
        };
        Paragraph::new(Line::styled(text, theme::DIM))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    list::render(
        rows.len(),
        Some(selected),
        |i, width| match rows[i] {
            Row::Threat(id) => session
                .threat(id)
                .map_or_else(|| Line::raw(""), |t| threats::line(session, t, width)),
            _ => Line::raw(""),
        },
        inner,
        buf,
    );
}

fn render_next(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let text = if session.finished.is_some() {
        "Next: read the summary together (S), then save the record (q)".to_owned()
    } else {
        match session.next_step() {
            Some(next) => {
                let title = app
                    .script
                    .find(&next.id)
                    .map_or_else(|| next.id.clone(), |f| f.step.title.clone());
                format!(
                    "Next: phase {} · {} ({})",
                    next.phase,
                    clean(&title),
                    box_length(next.clock.budget_secs)
                )
            }
            None => "Next: finish the session".to_owned(),
        }
    };
    Paragraph::new(Line::styled(format!(" {text}"), theme::DIM)).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::PhaseScript;

    fn at(clock: &FixedClock) -> String {
        clock.now().format("%H:%M:%S").to_string()
    }

    #[test]
    fn a_new_session_is_planned_to_end_when_its_budget_does() {
        let clock = FixedClock::workshop_morning();
        let script = PhaseScript::builtin();
        for minutes in 10..=600 {
            let s = Session::new("S", minutes, vec![], &script, clock.now());
            let plan = Plan::of(&s, clock.now());
            assert_eq!(plan.estimate, plan.planned, "{minutes} minutes");
            assert_eq!(
                (plan.planned - clock.now()).num_minutes(),
                i64::from(minutes)
            );
        }
    }

    #[test]
    fn breaks_and_overruns_push_the_estimate_and_early_moves_pull_it() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("S", 60, vec![], &PhaseScript::builtin(), clock.now());
        let plan = |s: &Session| Plan::of(s, clock.now());
        assert_eq!(plan(&s).planned.format("%H:%M").to_string(), "10:00");
        // A ten-minute break: ten minutes later.
        s.toggle_pause(clock.now());
        clock.advance_secs(600);
        assert_eq!(at(&clock), "09:10:00");
        assert_eq!(plan(&s).estimate.format("%H:%M").to_string(), "10:10");
        assert!(plan(&s).is_late());
        s.toggle_pause(clock.now());
        // Two minutes into overtime on the 3-minute first step: two more.
        clock.advance_secs(5 * 60);
        assert_eq!(plan(&s).estimate.format("%H:%M").to_string(), "10:12");
        // Leaving the next step with a minute left gains that minute back.
        s.next(clock.now());
        clock.advance_secs(90);
        s.next(clock.now());
        assert_eq!(plan(&s).estimate.format("%H:%M").to_string(), "10:11");
        // Once finished, the estimate is the end itself.
        while s.finished.is_none() {
            s.next(clock.now());
        }
        let p = plan(&s);
        assert!(p.finished);
        assert_eq!(Some(p.estimate), s.finished);
        clock.advance_secs(3600);
        assert_eq!(plan(&s), p);
    }

    #[test]
    fn clock_times_name_the_day_only_when_it_is_another() {
        let clock = FixedClock::workshop_morning();
        let now = clock.now();
        let utc = FixedOffset::east_opt(0).expect("offset");
        assert_eq!(wall_clock(now + TimeDelta::minutes(42), now, utc), "09:42");
        assert_eq!(
            wall_clock(now + TimeDelta::hours(25), now, utc),
            "Tue 10:00"
        );
        let cet = FixedOffset::east_opt(3600).expect("offset");
        assert_eq!(wall_clock(now, now, cet), "10:00");
    }

    #[test]
    fn where_we_are_counts_steps_within_the_phase() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("S", 60, vec![], &PhaseScript::builtin(), clock.now());
        assert_eq!(where_we_are(&s).0, "phase 0 · step 1 of 3");
        for _ in 0..4 {
            s.next(clock.now());
        }
        assert_eq!(
            where_we_are(&s),
            ("phase 1 · step 2 of 3".into(), "step 2/3".into())
        );
        while s.finished.is_none() {
            s.next(clock.now());
        }
        assert_eq!(where_we_are(&s).0, "all phases done");
    }
}
