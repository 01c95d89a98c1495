//! A list that keeps its selection in view and builds only the rows that
//! fit. The selected row is marked with a symbol ([`theme::MARK`]) as well
//! as reverse video, which vanishes under NO_COLOR.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{theme, wrap};

/// The first of `n` rows to show in `height` rows: the selection is kept
/// in view, centred while it can be; the newest rows show once the
/// selection is near the end (and when it is the last row).
pub fn first_row(n: usize, height: usize, selected: usize) -> usize {
    if n <= height || height == 0 {
        return 0;
    }
    selected
        .min(n - 1)
        .saturating_sub(height / 2)
        .min(n - height)
}

/// Draws rows `first..` of `n` that fit in `area`, each built by
/// `line(i, width)` to at most `width` cells; the row `selected` (if any)
/// is marked. Returns how many rows were drawn.
pub fn render(
    n: usize,
    selected: Option<usize>,
    line: impl Fn(usize, usize) -> Line<'static>,
    area: Rect,
    buf: &mut Buffer,
) -> usize {
    let height = usize::from(area.height);
    let first = first_row(n, height, selected.unwrap_or(n.saturating_sub(1)));
    let width = usize::from(area.width).saturating_sub(theme::MARK.chars().count());
    let mut lines = Vec::with_capacity(height.min(n));
    for i in first..n.min(first + height) {
        let chosen = selected == Some(i);
        let mark = if chosen { theme::MARK } else { theme::NO_MARK };
        let mut row = line(i, width);
        row.spans.insert(0, Span::raw(mark));
        if chosen {
            row = row.style(theme::SELECTED);
        }
        lines.push(row);
    }
    let drawn = lines.len();
    Paragraph::new(lines).render(area, buf);
    drawn
}

/// " Threats (10) · 3 of 10 ": how many there are, where the selection is
/// among the rows shown, and the filter when one hides some
/// (" Threats (10) · 1 of 2 shown · /spoof ").
pub fn title(name: &str, selected: usize, shown: usize, total: usize, filter: &str) -> String {
    let mut title = format!(" {name} ({total})");
    if shown > 0 {
        title.push_str(&format!(" · {} of {shown}", selected.min(shown - 1) + 1));
        if shown != total {
            title.push_str(" shown");
        }
    } else if total > 0 {
        title.push_str(" · none match");
    }
    if !filter.is_empty() {
        title.push_str(&format!(" · /{}", wrap::fit(&super::clean(filter), 24)));
    }
    title.push(' ');
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_in_view_and_the_end_shows_the_newest() {
        assert_eq!(first_row(5, 10, 0), 0);
        assert_eq!(first_row(100, 10, 0), 0);
        assert_eq!(first_row(100, 10, 50), 45);
        assert_eq!(first_row(100, 10, 99), 90);
        assert_eq!(first_row(100, 10, 500), 90);
        for n in 0..30 {
            for h in 1..12 {
                for s in 0..n {
                    let first = first_row(n, h, s);
                    assert!(first <= s && s < first + h, "{n} {h} {s}");
                }
            }
        }
    }

    #[test]
    fn titles_say_where_and_what_filters() {
        assert_eq!(title("Threats", 2, 10, 10, ""), " Threats (10) · 3 of 10 ");
        assert_eq!(
            title("Threats", 0, 2, 10, "spoof"),
            " Threats (10) · 1 of 2 shown · /spoof "
        );
        assert_eq!(
            title("Threats", 0, 0, 10, "x\u{1b}"),
            " Threats (10) · none match · /x  "
        );
        assert_eq!(title("Threats", 0, 0, 0, ""), " Threats (0) ");
    }
}
