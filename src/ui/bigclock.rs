//! Large digits for the timer, readable from across a room on a shared screen,
//! the word [`PAUSED`] for a break, and the actions of the rating walk
//! (MUST, SHOULD, COULD, NO NEED).
//!
//! Each glyph is 5 rows of 3 cells (1 for ':', 4 or 5 for N and M), drawn
//! with full blocks and scaled up by whole cells when there is room.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

const HEIGHT: u16 = 5;

/// What the big clock says during a break, instead of the digits.
pub const PAUSED: &str = "PAUSED";

fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["###", "# #", "# #", "# #", "###"],
        '1' => [" # ", "## ", " # ", " # ", "###"],
        '2' => ["###", "  #", "###", "#  ", "###"],
        '3' => ["###", "  #", "###", "  #", "###"],
        '4' => ["# #", "# #", "###", "  #", "  #"],
        '5' => ["###", "#  ", "###", "  #", "###"],
        '6' => ["###", "#  ", "###", "# #", "###"],
        '7' => ["###", "  #", "  #", "  #", "  #"],
        '8' => ["###", "# #", "###", "# #", "###"],
        '9' => ["###", "# #", "###", "  #", "###"],
        ':' => [" ", "#", " ", "#", " "],
        '+' => ["   ", " # ", "###", " # ", "   "],
        // The flash at WRAP UP and at the end of a box.
        '!' => ["#", "#", "#", " ", "#"],
        // The letters of PAUSED; S is drawn unlike 5 so the word reads as one.
        'P' => ["## ", "# #", "## ", "#  ", "#  "],
        'A' => [" # ", "# #", "###", "# #", "# #"],
        'U' => ["# #", "# #", "# #", "# #", "###"],
        'S' => [" ##", "#  ", " # ", "  #", "## "],
        'E' => ["###", "#  ", "## ", "#  ", "###"],
        'D' => ["## ", "# #", "# #", "# #", "## "],
        // The other letters of MUST, SHOULD, COULD, NO NEED.
        'M' => ["#   #", "## ##", "# # #", "#   #", "#   #"],
        'N' => ["#  #", "## #", "# ##", "#  #", "#  #"],
        'T' => ["###", " # ", " # ", " # ", " # "],
        'H' => ["# #", "# #", "###", "# #", "# #"],
        'O' => ["###", "# #", "# #", "# #", "###"],
        'L' => ["#  ", "#  ", "#  ", "#  ", "###"],
        'C' => ["###", "#  ", "#  ", "#  ", "###"],
        _ => ["   ", "   ", "   ", "   ", "   "],
    }
}

/// The text as rows of `█` and spaces, one gap between glyphs, each pixel
/// `sx` cells wide and `sy` rows tall.
pub fn glyph_rows(text: &str, sx: usize, sy: usize) -> Vec<String> {
    let (sx, sy) = (sx.max(1), sy.max(1));
    let mut rows = vec![String::new(); HEIGHT as usize];
    for (i, c) in text.chars().enumerate() {
        for (row, pattern) in rows.iter_mut().zip(glyph(c)) {
            if i > 0 {
                row.push_str(&" ".repeat(sx));
            }
            for p in pattern.chars() {
                let cell = if p == '#' { "█" } else { " " };
                row.push_str(&cell.repeat(sx));
            }
        }
    }
    rows.into_iter()
        .flat_map(|r| std::iter::repeat_n(r, sy))
        .collect()
}

/// The largest scale that fits `area` with pixels at most `most` rows
/// tall, keeping them about square on a terminal whose cells are twice as
/// tall as wide: `sy ≤ sx ≤ 2·sy`.
fn scale_up_to(most: u16, w: u16, area: Rect) -> Option<(u16, u16)> {
    let most = most.min(area.height / HEIGHT);
    (1..=most).rev().find_map(|sy| {
        let sx = (2 * sy).min(area.width / w);
        (sx >= sy && area.height >= HEIGHT * sy).then_some((sx, sy))
    })
}

/// Width in cells of `text` at scale 1.
fn width(text: &str) -> u16 {
    let glyphs: u16 = text.chars().map(|c| glyph(c)[0].len() as u16).sum();
    glyphs + text.chars().count().saturating_sub(1) as u16
}

/// The clock text for `secs` remaining: "12:34", "1:02:03", "+1:15".
pub fn clock_text(secs: i64) -> String {
    super::hms(secs)
}

/// While the clock flashes (at WRAP UP and at the end of a box, when
/// `alerts: (flash: true)`), its text ends with "!" and shows in reverse;
/// otherwise as given.
pub fn flashed(app: &crate::app::App, text: String, style: Style) -> (String, Style) {
    if !app.flashing() || text.is_empty() {
        return (text, style);
    }
    (
        format!("{text}!"),
        style.add_modifier(ratatui::style::Modifier::REVERSED),
    )
}

/// Draws `text` as large as fits, centred, pixels at most 3 rows tall (the
/// session screen's timer); falls back to plain text when even scale 1
/// does not fit.
pub fn render(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    render_up_to(3, text, style, area, buf);
}

/// Like [`render`] with no limit: the presenter's clock fills the window.
pub fn render_large(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    render_up_to(u16::MAX, text, style, area, buf);
}

fn render_up_to(most: u16, text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let w = width(text).max(1);
    let Some((sx, sy)) = scale_up_to(most, w, area) else {
        let [row] = Layout::vertical([Constraint::Length(1)])
            .flex(Flex::Center)
            .areas(area);
        Paragraph::new(Line::styled(text.to_owned(), style))
            .centered()
            .render(row, buf);
        return;
    };
    let rows = glyph_rows(text, usize::from(sx), usize::from(sy));
    let [middle] = Layout::vertical([Constraint::Length(HEIGHT * sy)])
        .flex(Flex::Center)
        .areas(area);
    let lines: Vec<Line> = rows.into_iter().map(|r| Line::styled(r, style)).collect();
    Paragraph::new(lines).centered().render(middle, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_five_rows_and_scale() {
        let rows = glyph_rows("1:05", 1, 1);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0], " █    ███ ███");
        assert_eq!(rows[4], "███   ███ ███");
        assert_eq!(width("1:05"), 3 + 1 + 1 + 1 + 3 + 1 + 3);
        let big = glyph_rows("1", 2, 2);
        assert_eq!(big.len(), 10);
        assert_eq!(big[0], "  ██  ");
    }

    #[test]
    fn paused_is_spelled_in_large_letters() {
        let rows: Vec<String> = glyph_rows(PAUSED, 1, 1)
            .iter()
            .map(|r| r.replace('█', "#"))
            .collect();
        assert_eq!(
            rows,
            [
                "##   #  # #  ## ### ## ",
                "# # # # # # #   #   # #",
                "##  ### # #  #  ##  # #",
                "#   # # # #   # #   # #",
                "#   # # ### ##  ### ## ",
            ]
        );
        // Every letter has a glyph of its own: none falls back to blank.
        for c in PAUSED.chars() {
            assert_ne!(glyph(c), glyph('?'), "{c}");
        }
    }

    #[test]
    fn the_actions_are_spelled_in_large_letters() {
        for word in ["MUST", "SHOULD", "COULD", "NO NEED"] {
            for c in word.chars().filter(|c| *c != ' ') {
                assert_ne!(glyph(c), glyph('?'), "{c}");
            }
            let rows = glyph_rows(word, 1, 1);
            assert!(
                rows.iter()
                    .all(|r| r.chars().count() == rows[0].chars().count())
            );
        }
        let must: Vec<String> = glyph_rows("MUST", 1, 1)
            .iter()
            .map(|r| r.replace('█', "#"))
            .collect();
        assert_eq!(must[0], "#   # # #  ## ###");
    }

    #[test]
    fn scale_keeps_pixels_square_and_fits() {
        let area = |w, h| Rect::new(0, 0, w, h);
        let scale_for = |w, a| scale_up_to(3, w, a);
        assert_eq!(scale_for(18, area(28, 7)), Some((1, 1)));
        assert_eq!(scale_for(18, area(46, 19)), Some((2, 2)));
        assert_eq!(scale_for(18, area(120, 30)), Some((6, 3)));
        assert_eq!(scale_for(18, area(17, 30)), None);
        assert_eq!(scale_for(18, area(80, 4)), None);
    }

    /// The presenter's clock has no limit: on a full-screen 4K terminal
    /// (480×135 cells) "12" is 378 cells wide and 135 rows tall.
    #[test]
    fn the_large_clock_grows_with_the_window() {
        let area = |w, h| Rect::new(0, 0, w, h);
        assert_eq!(
            scale_up_to(u16::MAX, width("12"), area(480, 135)),
            Some((54, 27))
        );
        assert_eq!(
            scale_up_to(u16::MAX, width("1:59"), area(200, 50)),
            Some((15, 10))
        );
        assert_eq!(scale_up_to(u16::MAX, width("12"), area(6, 135)), None);
        assert_eq!(scale_up_to(u16::MAX, width("12"), area(1, 1)), None);
        let mut buf = Buffer::empty(area(480, 135));
        render_large("12", Style::new(), buf.area, &mut buf);
        let filled = buf.content.iter().filter(|c| c.symbol() == "█").count();
        // Every pixel of "1" (8) and "2" (11) drawn 54×27.
        assert_eq!(filled, (8 + 11) * 54 * 27);
    }
}
