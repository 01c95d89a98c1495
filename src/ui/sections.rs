//! Headed sections stacked in a column, for the one-screen views (what
//! remains, the summary): every heading shows; when the items do not all
//! fit, the longest sections give up rows first and say how many items
//! they left out. Items are built only as far as they can show.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::theme;
use super::wrap::{fit, wrap_line};

/// A heading and its items; each item is one or more rows.
pub struct Section {
    pub heading: Line<'static>,
    /// The items built, each already laid out in rows of the column's
    /// width (see [`rows`]).
    pub items: Vec<Vec<Line<'static>>>,
    /// How many items there are in all (more than built when the builder
    /// stopped early).
    pub total: usize,
    /// Shown when there are no items at all.
    pub empty: Option<Line<'static>>,
    /// Where to see all of them: "T lists them all".
    pub elsewhere: &'static str,
    /// Sections of a lower priority give up rows first.
    pub priority: u8,
}

impl Section {
    pub fn new(heading: Line<'static>) -> Self {
        Self {
            heading,
            items: Vec::new(),
            total: 0,
            empty: None,
            elsewhere: "a larger window shows them all",
            priority: 1,
        }
    }

    pub fn empty(mut self, line: Line<'static>) -> Self {
        self.empty = Some(line);
        self
    }

    pub fn priority(mut self, priority: u8) -> Self {
        self.priority = priority;
        self
    }

    pub fn elsewhere(mut self, text: &'static str) -> Self {
        self.elsewhere = text;
        self
    }
}

/// `line` wrapped to `width`, later rows indented by `indent`: one item.
pub fn rows(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    wrap_line(&line, width, indent)
}

/// Draws `sections` top to bottom in `area`, a blank row between them
/// while there is room for it.
pub fn render(sections: &[Section], area: Rect, buf: &mut Buffer) {
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    // How many items of each section show.
    let mut shown: Vec<usize> = sections.iter().map(|s| s.items.len()).collect();
    let rows_of = |i: usize, n: usize| -> usize {
        let s = &sections[i];
        if s.total == 0 {
            return 1 + usize::from(s.empty.is_some());
        }
        1 + s.items.iter().take(n).map(Vec::len).sum::<usize>() + usize::from(n < s.total)
    };
    let total =
        |shown: &[usize]| -> usize { (0..sections.len()).map(|i| rows_of(i, shown[i])).sum() };
    // Take rows from the section showing the most (of the lowest
    // priority) until it all fits.
    while total(&shown) > height {
        let longest = (0..sections.len())
            .filter(|&i| shown[i] > 0)
            .max_by_key(|&i| {
                (
                    u8::MAX - sections[i].priority,
                    rows_of(i, shown[i]),
                    usize::MAX - i,
                )
            });
        let Some(i) = longest else { break };
        shown[i] -= 1;
    }
    let gaps = height.saturating_sub(total(&shown));
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height);
    for (i, s) in sections.iter().enumerate() {
        if i > 0 && i <= gaps {
            lines.push(Line::raw(""));
        }
        lines.push(s.heading.clone());
        if s.total == 0 {
            lines.extend(s.empty.clone());
            continue;
        }
        for item in s.items.iter().take(shown[i]) {
            lines.extend(item.iter().cloned());
        }
        if shown[i] < s.total {
            let n = s.total - shown[i];
            let text = format!("  … {n} more: {}", s.elsewhere);
            lines.push(Line::styled(fit(&text, width), theme::DIM));
        }
    }
    lines.truncate(height);
    Paragraph::new(lines).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;

    fn section(name: &str, n: usize, built: usize) -> Section {
        let mut s = Section::new(Line::raw(name.to_owned())).elsewhere("see all");
        s.total = n;
        s.items = (0..built.min(n))
            .map(|i| vec![Line::raw(format!("{name} {i}"))])
            .collect();
        s
    }

    fn text(sections: &[Section], height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, 30, height);
        let mut buf = Buffer::empty(area);
        render(sections, area, &mut buf);
        (0..height)
            .map(|y| {
                (0..30)
                    .map(|x| buf[(x, y)].symbol().to_owned())
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn everything_shows_with_gaps_when_it_fits() {
        let rows = text(&[section("a", 2, 2), section("b", 1, 1)], 10);
        assert_eq!(rows[..6], ["a", "a 0", "a 1", "", "b", "b 0"]);
    }

    #[test]
    fn the_longest_section_gives_way_and_says_how_many_it_left_out() {
        let rows = text(&[section("a", 10, 10), section("b", 2, 2)], 8);
        assert_eq!(
            rows,
            [
                "a",
                "a 0",
                "a 1",
                "a 2",
                "  … 7 more: see all",
                "b",
                "b 0",
                "b 1"
            ]
        );
        // A section of a higher priority keeps its rows.
        let rows = text(&[section("a", 10, 10).priority(2), section("b", 5, 5)], 8);
        assert_eq!(rows[..2], ["a", "a 0"]);
        assert_eq!(rows[5], "  … 6 more: see all");
        assert_eq!(rows[6..], ["b", "  … 5 more: see all"]);
        // Items never built count as left out too.
        let rows = text(&[section("a", 100, 3)], 6);
        assert_eq!(rows[4], "  … 97 more: see all");
    }
}
