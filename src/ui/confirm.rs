//! A yes / no question on top of the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{clean, theme};
use crate::app::Confirm;

/// The widest a question is laid out, in columns.
const WIDTH: usize = 64;

pub fn render(confirm: &Confirm, area: Rect, buf: &mut Buffer) {
    let width = WIDTH.min(usize::from(area.width.saturating_sub(4)).max(10));
    let mut lines: Vec<Line> = Vec::new();
    for paragraph in clean_lines(&confirm.question()) {
        if paragraph.is_empty() {
            lines.push(Line::raw(""));
        }
        for row in wrap(&paragraph, width) {
            lines.push(Line::raw(format!(" {row}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::raw(" "),
        // Enter answers yes too: the question says so, so that nobody
        // presses it to keep what they typed.
        Span::styled("y", theme::KEY),
        Span::raw(" / "),
        Span::styled("Enter", theme::KEY),
        Span::raw(" yes    "),
        Span::styled("n", theme::KEY),
        Span::raw(" / "),
        Span::styled("Esc", theme::KEY),
        Span::raw(" no"),
    ]));
    super::render_popup(confirm.title(), lines, area, buf);
}

/// The question's paragraphs, each cleaned of control characters.
fn clean_lines(text: &str) -> Vec<String> {
    text.split('\n').map(clean).collect()
}

/// Greedy word wrap to `width` characters; a word longer than a row is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: String = word.to_owned();
        loop {
            let used = row.chars().count();
            let len = word.chars().count();
            if used > 0 && used + 1 + len <= width {
                row.push(' ');
                row.push_str(&word);
                break;
            }
            if used == 0 && len <= width {
                row.push_str(&word);
                break;
            }
            if used > 0 {
                rows.push(std::mem::take(&mut row));
                continue;
            }
            // A word longer than a row: cut it.
            let head: String = word.chars().take(width).collect();
            rows.push(head);
            word = word.chars().skip(width).collect();
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_rows_within_the_width() {
        let rows = wrap("one two three fourfourfourfour five", 8);
        assert_eq!(rows, ["one two", "three", "fourfour", "fourfour", "five"]);
        assert!(wrap("", 8).is_empty());
    }
}
