//! Rendering only: `impl Widget for &App`, one file per screen or panel.
//! Nothing here changes state or reads a clock; `app.now` is the time shown.

mod bigclock;
mod card;
mod confirm;
mod debrief;
mod form;
mod help;
mod launcher;
mod list;
mod mitigations;
mod model;
mod parking;
mod picker;
mod practice;
mod presenter;
mod radar;
mod rating;
mod risk;
mod sections;
mod session;
mod summary;
mod theme;
mod threats;
mod views;
mod walk;
mod wrap;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::{App, Layer, Screen, View};
use crate::form::Purpose;
use crate::keys;

pub use bigclock::{clock_text, glyph_rows};
pub use debrief::{lines as debrief_lines, rows as debrief_rows};

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 15;

impl Widget for &App {
    /// Draws the screen, then colours it with the app's theme.
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        if self.present && self.screen == Screen::Session {
            render_presenter(self, area, buf);
        } else {
            render_screen(self, area, buf);
        }
        theme::apply(self.theme, area, buf);
    }
}

/// The presenter layout, and over it what needs an answer (help, a
/// question, a form, the radar's list): typing a threat while presenting
/// must show what is typed.
fn render_presenter(app: &App, area: Rect, buf: &mut Buffer) {
    presenter::render(app, area, buf);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return;
    }
    render_layers(app, area, area, true, buf);
}

/// Every screen but the presenter's.
fn render_screen(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, buf);
        return;
    }
    let status_text = status_text(app);
    // The status wraps over up to three rows, so the reason is never cut.
    let status_rows = status_text.as_deref().map_or(0, |t| {
        let width = usize::from(area.width.max(1));
        (t.chars().count().div_ceil(width)).clamp(1, 3) as u16
    });
    let [body, status, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    let new_session = app
        .any_form()
        .filter(|f| f.purpose == crate::form::Purpose::NewSession);
    match (app.screen, new_session) {
        (Screen::Launcher, Some(f)) => form::render_full(f, body, buf),
        (Screen::Launcher, None) => launcher::render(app, body, buf),
        (Screen::Session, _) => match app.view {
            View::Session => session::render(app, body, buf),
            View::Threats | View::Model | View::Parking | View::Mitigations => {
                views::render(app, body, buf)
            }
            View::Walk => rating::render(app, body, buf),
            View::Risk => risk::render(app, body, buf),
            View::Summary => summary::render(app, body, buf),
        },
    }
    if let Some(text) = &status_text {
        Paragraph::new(Line::styled(clean(text), theme::OVER))
            .wrap(Wrap { trim: true })
            .render(status, buf);
    }
    render_footer(
        keys::footer(app.input_mode(), app.read_only.is_some()),
        footer,
        buf,
    );
    render_layers(app, area, body, false, buf);
}

/// What is on top, bottom first, over the whole `area` or the screen's
/// `body`; in the presenter layout (`presenting`) the forms a screen draws
/// itself are popups too.
fn render_layers(app: &App, area: Rect, body: Rect, presenting: bool, buf: &mut Buffer) {
    for layer in &app.layers {
        match layer {
            Layer::Picker(cursor) => picker::render(app, *cursor, area, buf),
            Layer::Scenarios(cursor) => practice::render(app, *cursor, area, buf),
            Layer::Brief => practice::render_brief(app, area, buf),
            Layer::Confirm(confirm) => confirm::render(confirm, area, buf),
            Layer::Help => help::render(app.screen_mode(), area, buf),
            // The side panel marks the chosen flag itself; this adds
            // the list where there is no panel, and the detail.
            Layer::Radar { .. } => radar::render_focus(app, body, buf),
            Layer::Debrief(view) => debrief::render(view, body, buf),
            Layer::Form(f) => match f.purpose {
                // Drawn by their screens.
                Purpose::NewSession | Purpose::QuickThreat if !presenting => {}
                _ => form::render_popup(f, body, buf),
            },
        }
    }
}

/// The status line: a failed save first, then a replay's position, then
/// read-only (with why), then the latest message.
fn status_text(app: &App) -> Option<String> {
    if let Some(r) = &app.replay {
        let mut text = format!(
            "REPLAY {} · {}× · {} · event {} of {}",
            r.at.format("%H:%M:%S"),
            r.speed,
            if r.playing { "playing" } else { "paused" },
            r.shown(),
            r.total()
        );
        if let Some(status) = &app.status {
            text.push_str(" · ");
            text.push_str(status);
        }
        return Some(text);
    }
    if let Some(why) = &app.save_error {
        return Some(format!(
            "NOT SAVED: {why}. Quitting keeps a rescue copy (the first q asks again)."
        ));
    }
    match (&app.read_only, &app.status) {
        (Some(why), Some(status)) if !status.contains(why.as_str()) => {
            Some(format!("READ-ONLY ({why}). {status}"))
        }
        (Some(why), _) => Some(format!("READ-ONLY: {why}")),
        (None, status) => status.clone(),
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let text = vec![
        Line::styled("Please enlarge the window", theme::WARN),
        Line::raw(format!("tamer needs {MIN_WIDTH}×{MIN_HEIGHT},")),
        Line::raw(format!("this one is {}×{}.", area.width, area.height)),
    ];
    let height = (text.len() as u16).min(area.height);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    Paragraph::new(text)
        .centered()
        .wrap(Wrap { trim: true })
        .render(middle, buf);
}

/// The keys that matter now, from the same table as the help overlay.
fn render_footer(bindings: &[keys::Binding], area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    for binding in bindings {
        let Some(short) = binding.short else { continue };
        let (key, what) = short.split_once(' ').unwrap_or((short, ""));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, theme::KEY));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(what, theme::DIM));
        spans.push(Span::raw(" "));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

pub use crate::text::clean;

/// "1:02:03", "12:34", "0:05"; overtime shows as "+1:15".
pub fn hms(secs: i64) -> String {
    crate::text::hms(secs, "+")
}

/// A bordered overlay just large enough for `lines`, centred over `area`.
fn render_popup(title: &'static str, lines: Vec<Line>, area: Rect, buf: &mut Buffer) {
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
    let popup = centered(area, width, lines.len() as u16 + 2);
    ratatui::widgets::Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(ratatui::widgets::Block::bordered().title(Line::styled(title, theme::TITLE)))
        .render(popup, buf);
}

/// A rectangle of at most `width`×`height`, centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hms_formats_minutes_hours_and_overtime() {
        assert_eq!(hms(0), "0:00");
        assert_eq!(hms(754), "12:34");
        assert_eq!(hms(3723), "1:02:03");
        assert_eq!(hms(-75), "+1:15");
    }
}
