//! Colours and emphasis. Every state a colour shows is also said in text or
//! marked with a symbol, so the screen still reads under NO_COLOR.
//!
//! The screens draw with the semantic styles below; the chosen
//! [`Theme`] is then a pass over the finished [`Buffer`] ([`apply`]), so no
//! screen knows which theme is on.
//!
//! `NO_COLOR` and crossterm 0.29: when `NO_COLOR` is set and not empty,
//! crossterm writes every colour change as an empty SGR, `ESC[m` (or
//! `ESC[;m`), which the terminal reads as "reset everything": the bold and
//! reverse set just before for that cell vanish with the colour, so reverse
//! video selection disappears. [`Theme::Mono`] sets every colour to
//! `Reset`; the backend then never changes colour within a frame, writes no
//! colour sequence at all, and bold, reverse and underline survive. That is
//! why `NO_COLOR` chooses Mono (see `main.rs` for who wins over whom).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

pub use crate::config::Theme;

pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
pub const ACCENT: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// A card's question: the line the room reads.
pub const QUESTION: Style = Style::new().fg(Color::White).add_modifier(Modifier::BOLD);
pub const DIM: Style = Style::new().fg(Color::Gray);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const OK: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
pub const WARN: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const OVER: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const PAUSED: Style = Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD);
/// A running excursion: said in words ("EXCURSION 2:14"), shown in reverse.
pub const EXCURSION: Style = Style::new()
    .fg(Color::Magenta)
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::REVERSED);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Marks the chosen row; reverse video alone vanishes under NO_COLOR.
pub const MARK: &str = "▶ ";
pub const NO_MARK: &str = "  ";

/// The one background of the high-contrast theme.
const HC_BACKGROUND: Color = Color::Black;

/// Recolours the cells of `area` for `theme`; [`Theme::Default`] (and
/// `Auto`, which `main` resolves before the app sees it) leave them as drawn.
pub fn apply(theme: Theme, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    let recolour: fn(&mut ratatui::buffer::Cell) = match theme {
        Theme::Auto | Theme::Default => return,
        Theme::HighContrast => high_contrast,
        Theme::Mono => mono,
    };
    if area == buf.area {
        // The whole frame (always, from `impl Widget for &App`): one pass.
        buf.content.iter_mut().for_each(recolour);
        return;
    }
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                recolour(cell);
            }
        }
    }
}

/// No colour: the terminal's own foreground and background; emphasis stays.
fn mono(cell: &mut ratatui::buffer::Cell) {
    cell.fg = Color::Reset;
    cell.bg = Color::Reset;
    cell.underline_color = Color::Reset;
}

/// Legible through video compression: one dark background, every
/// foreground a bright colour (gray and dim text become white), all bold.
/// The bright colours are far apart (no blue on black: chroma is what
/// video compression throws away first).
fn high_contrast(cell: &mut ratatui::buffer::Cell) {
    cell.fg = match cell.fg {
        Color::Green | Color::LightGreen => Color::LightGreen,
        Color::Yellow | Color::LightYellow => Color::LightYellow,
        Color::Red | Color::LightRed => Color::LightRed,
        Color::Cyan | Color::LightCyan | Color::Blue | Color::LightBlue => Color::LightCyan,
        Color::Magenta | Color::LightMagenta => Color::LightMagenta,
        _ => Color::White,
    };
    // A coloured background (rare: the screens mostly reverse) turns into
    // the dark one; reversed cells still swap to dark on bright.
    cell.bg = HC_BACKGROUND;
    cell.underline_color = Color::Reset;
    cell.modifier.remove(Modifier::DIM);
    cell.modifier.insert(Modifier::BOLD);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(style: Style, theme: Theme) -> ratatui::buffer::Cell {
        let mut buf = Buffer::empty(Rect::new(0, 0, 1, 1));
        buf.set_string(0, 0, "x", style);
        apply(theme, buf.area, &mut buf);
        buf[(0, 0)].clone()
    }

    #[test]
    fn mono_drops_every_colour_and_keeps_emphasis() {
        for style in [ACCENT, DIM, OK, WARN, OVER, PAUSED, EXCURSION, SELECTED] {
            let cell = one(style, Theme::Mono);
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
            assert_eq!(cell.modifier, style.add_modifier, "{style:?}");
        }
    }

    #[test]
    fn high_contrast_is_bright_bold_on_one_dark_background() {
        for style in [
            TITLE, ACCENT, DIM, OK, WARN, OVER, PAUSED, EXCURSION, SELECTED,
        ] {
            let cell = one(style.add_modifier(Modifier::DIM), Theme::HighContrast);
            assert_eq!(cell.bg, HC_BACKGROUND);
            assert!(cell.modifier.contains(Modifier::BOLD), "{style:?}");
            assert!(!cell.modifier.contains(Modifier::DIM), "{style:?}");
            assert!(
                !matches!(
                    cell.fg,
                    Color::Gray | Color::DarkGray | Color::Blue | Color::Reset | Color::Black
                ),
                "{style:?} → {:?}",
                cell.fg
            );
        }
        assert_eq!(one(DIM, Theme::HighContrast).fg, Color::White);
        // Reverse video survives: selection stays visible.
        assert!(
            one(SELECTED, Theme::HighContrast)
                .modifier
                .contains(Modifier::REVERSED)
        );
    }

    #[test]
    fn only_the_area_is_recoloured() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 2));
        buf.set_string(0, 0, "abcd", WARN);
        buf.set_string(0, 1, "efgh", WARN);
        apply(Theme::Mono, Rect::new(1, 1, 2, 1), &mut buf);
        let fg: Vec<Color> = buf.content.iter().map(|c| c.fg).collect();
        let (y, r) = (Color::Yellow, Color::Reset);
        assert_eq!(fg, [y, y, y, y, y, r, r, y]);
    }

    #[test]
    fn the_default_theme_leaves_the_screen_as_drawn() {
        for style in [ACCENT, DIM, WARN, SELECTED] {
            let cell = one(style, Theme::Default);
            assert_eq!(cell.fg, style.fg.unwrap_or(Color::Reset));
            assert_eq!(cell.modifier, style.add_modifier);
        }
    }
}
