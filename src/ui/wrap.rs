//! Text laid out to a width: cut with "…" on one row, or wrapped at spaces
//! over several. Widths are terminal cells (a wide character takes two).
//! Callers clean text of control characters first (`ui::clean`).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The cells `c` takes on screen.
pub fn char_width(c: char) -> usize {
    let mut bytes = [0; 4];
    Span::raw(&*c.encode_utf8(&mut bytes)).width()
}

/// The cells `text` takes on screen.
pub fn cells(text: &str) -> usize {
    Span::raw(text).width()
}

/// `text` in at most `width` cells, cut with "…" when longer.
pub fn fit(text: &str, width: usize) -> String {
    if cells(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `spans` in at most `width` cells: when they are longer, the span at the
/// edge is cut and ends with "…", and the ones after it are dropped.
pub fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(Span::width).sum();
    if total <= width {
        return spans;
    }
    if width == 0 {
        return Vec::new();
    }
    // Everything up to `room` cells, then the mark.
    let room = width - 1;
    let mut out: Vec<Span<'static>> = Vec::with_capacity(spans.len());
    let mut used = 0;
    let mut style = Style::new();
    for span in spans {
        style = span.style;
        let w = span.width();
        if used + w <= room {
            used += w;
            out.push(span);
            continue;
        }
        let (head, _) = split_at_width(&span.content, room - used, false);
        if !head.is_empty() {
            out.push(Span::styled(head, span.style));
        }
        break;
    }
    // No space before the mark: "Checkout…", not "Checkout …".
    while let Some(last) = out.last_mut() {
        let trimmed = last.content.trim_end().len();
        if trimmed == 0 {
            out.pop();
            continue;
        }
        if trimmed < last.content.len() {
            let text = last.content[..trimmed].to_owned();
            last.content = text.into();
        }
        style = last.style;
        break;
    }
    out.push(Span::styled("…", style));
    out
}

/// A piece of a word in one style, for wrapping.
struct Piece {
    text: String,
    style: Style,
    /// It starts a word (a space, or the line's start, came before it);
    /// otherwise it goes on the word before, in another style.
    starts_word: bool,
    /// The spaces before it, kept between words on one row.
    spaces: usize,
}

/// The pieces of `line`, split at spaces and at style changes.
fn pieces(line: &Line<'_>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut space = true;
    let mut spaces = 0;
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let mut current: Option<Piece> = None;
        for c in span.content.chars() {
            if c == ' ' {
                out.extend(current.take());
                space = true;
                spaces += 1;
                continue;
            }
            let piece = current.get_or_insert_with(|| Piece {
                text: String::new(),
                style,
                starts_word: space,
                spaces,
            });
            piece.text.push(c);
            space = false;
            spaces = 0;
        }
        out.extend(current);
    }
    out
}

/// `line` wrapped at spaces to rows of at most `width` cells, its styles
/// kept; a word longer than a row is cut across rows. Rows after the first
/// start with `indent` spaces. An empty line stays one empty row.
pub fn wrap_line(line: &Line<'_>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    // A fresh row keeps room for a wide character.
    let indent = if width >= indent + 2 { indent } else { 0 };
    // Pieces of one word move to the next row together.
    let mut words: Vec<Vec<Piece>> = Vec::new();
    for piece in pieces(line) {
        match words.last_mut() {
            Some(word) if !piece.starts_word => word.push(piece),
            _ => words.push(vec![piece]),
        }
    }
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    let mut start = 0;
    for (i, word) in words.into_iter().enumerate() {
        let w: usize = word.iter().map(|p| cells(&p.text)).sum();
        // The spaces before it, as many as in the text while on one row.
        let gap = word.first().map_or(0, |p| p.spaces);
        if i == 0 && gap > 0 && gap + w <= width {
            // The line's own indentation.
            if let Some(row) = rows.last_mut() {
                row.push(Span::raw(" ".repeat(gap)));
            }
            used = gap;
        } else if used > start {
            if used + gap + w > width {
                rows.push(vec![Span::raw(" ".repeat(indent))]);
                used = indent;
                start = indent;
            } else if let Some(row) = rows.last_mut() {
                row.push(Span::raw(" ".repeat(gap)));
                used += gap;
            }
        }
        for piece in word {
            let mut text = piece.text;
            loop {
                let room = width.saturating_sub(used);
                if cells(&text) <= room {
                    used += cells(&text);
                    if let Some(row) = rows.last_mut() {
                        row.push(Span::styled(text, piece.style));
                    }
                    break;
                }
                // Longer than what is left of the row: fill it, go on in
                // the next.
                let (head, tail) = split_at_width(&text, room, used == start);
                if let Some(row) = rows.last_mut().filter(|_| !head.is_empty()) {
                    row.push(Span::styled(head, piece.style));
                }
                rows.push(vec![Span::raw(" ".repeat(indent))]);
                used = indent;
                start = indent;
                text = tail;
                if text.is_empty() {
                    break;
                }
            }
        }
    }
    rows.into_iter().map(Line::from).collect()
}

/// The longest start of `text` within `room` cells, and the rest. With
/// `at_least_one`, one character goes in the start even when it is wider
/// than the room, so that wrapping always moves on.
fn split_at_width(text: &str, room: usize, at_least_one: bool) -> (String, String) {
    let mut used = 0;
    let mut at = 0;
    for (i, c) in text.char_indices() {
        let w = char_width(c);
        if used + w > room && !(at_least_one && i == 0) {
            break;
        }
        used += w;
        at = i + c.len_utf8();
    }
    (text[..at].to_owned(), text[at..].to_owned())
}

/// `lines` wrapped to `width` and kept within `height` rows. When they do
/// not all fit, the last row says so with `more`; with `whole`, a line
/// that does not fit whole is left out with everything after it (never cut
/// mid-sentence), unless it is the first. Returns the rows and whether
/// anything was left out.
pub fn clip(
    lines: &[Line<'_>],
    width: usize,
    height: usize,
    whole: bool,
    more: &str,
) -> (Vec<Line<'static>>, bool) {
    let mut rows: Vec<Line<'static>> = Vec::new();
    let wrapped: Vec<Vec<Line<'static>>> = lines.iter().map(|l| wrap_line(l, width, 0)).collect();
    let total: usize = wrapped.iter().map(Vec::len).sum();
    if total <= height {
        return (wrapped.into_iter().flatten().collect(), false);
    }
    let room = height.saturating_sub(1);
    for (i, paragraph) in wrapped.into_iter().enumerate() {
        let left = room - rows.len();
        if paragraph.len() <= left {
            rows.extend(paragraph);
        } else {
            if !whole || i == 0 {
                rows.extend(paragraph.into_iter().take(left));
            }
            break;
        }
    }
    // A blank row just before the mark says nothing.
    while rows.last().is_some_and(|r| r.width() == 0) {
        rows.pop();
    }
    if height > 0 {
        rows.push(Line::styled(fit(more, width), super::theme::DIM));
    }
    (rows, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_inside_the_width() {
        assert_eq!(fit("Checkout API", 20), "Checkout API");
        assert_eq!(fit("Checkout API", 12), "Checkout API");
        assert_eq!(fit("Checkout API", 11), "Checkout A…");
        assert_eq!(fit("Checkout API", 10), "Checkout…");
        assert_eq!(fit("Checkout API", 1), "…");
        assert_eq!(fit("Checkout API", 0), "");
        // Wide characters count two cells each.
        assert_eq!(fit("決済の脅威モデル", 7), "決済の…");
        assert!(Line::raw(fit("決済の脅威モデル", 6)).width() <= 6);
    }

    #[test]
    fn fit_spans_cuts_the_span_that_overflows_and_drops_the_rest() {
        let spans = vec![
            Span::raw("T3  "),
            Span::raw("Forged token"),
            Span::raw(" (Ada)"),
        ];
        let cut = fit_spans(spans.clone(), 12);
        assert_eq!(Line::from(cut.clone()).to_string(), "T3  Forged…");
        assert!(Line::from(cut).width() <= 12);
        assert_eq!(Line::from(fit_spans(spans.clone(), 40)).width(), 22);
        // Ending exactly at a span's edge with more to come: still marked.
        let cut = fit_spans(spans, 16);
        assert_eq!(Line::from(cut.clone()).to_string(), "T3  Forged toke…");
        assert_eq!(Line::from(cut).width(), 16);
    }

    #[test]
    fn wrap_breaks_at_spaces_keeps_styles_and_cuts_long_words() {
        let line = Line::from(vec![
            Span::styled("Which ", Style::new().bold()),
            Span::raw("resources are shared?"),
        ]);
        let rows = wrap_line(&line, 12, 0);
        assert_eq!(texts(&rows), ["Which", "resources", "are shared?"]);
        assert_eq!(rows[0].spans[0].style, Style::new().bold());
        assert_eq!(
            texts(&wrap_line(&Line::raw("abcdefghij klm"), 4, 0)),
            ["abcd", "efgh", "ij", "klm"]
        );
        assert_eq!(
            texts(&wrap_line(&Line::raw("one two three"), 8, 2)),
            ["one two", "  three"]
        );
        assert_eq!(texts(&wrap_line(&Line::raw(""), 8, 0)), [""]);
        // Spaces in the text are kept on a row, dropped at a break.
        assert_eq!(
            texts(&wrap_line(&Line::raw("  a  b   c"), 8, 0)),
            ["  a  b", "c"]
        );
        for w in 1..20 {
            for row in wrap_line(&Line::raw("决济 modelling of threats, ok"), w, 1) {
                assert!(row.width() <= w.max(2), "{w}: {row}");
            }
        }
    }

    #[test]
    fn clip_keeps_whole_paragraphs_and_says_there_is_more() {
        let lines = [
            Line::raw("The question is short."),
            Line::raw(""),
            Line::raw("A hint that takes two rows."),
            Line::raw("More."),
        ];
        let (rows, cut) = clip(&lines, 14, 10, true, "…more");
        assert!(!cut);
        assert_eq!(rows.len(), 7);
        let (rows, cut) = clip(&lines, 14, 4, true, "…more");
        assert!(cut);
        // The hint would be cut after its first row: it goes whole.
        assert_eq!(texts(&rows), ["The question", "is short.", "…more"]);
        let (rows, _) = clip(&lines, 14, 4, false, "…more");
        assert_eq!(texts(&rows), ["The question", "is short.", "…more"]);
        let (rows, _) = clip(&lines, 14, 5, false, "…more");
        assert_eq!(
            texts(&rows),
            ["The question", "is short.", "", "A hint that", "…more"]
        );
        // Not even the first fits: as much of it as does.
        let (rows, _) = clip(&lines[..1], 6, 2, true, "…more");
        assert_eq!(texts(&rows), ["The", "…more"]);
    }

    #[test]
    fn a_word_split_by_styles_moves_as_one() {
        let line = Line::from(vec![
            Span::raw("ab T"),
            Span::styled("3", Style::new().bold()),
        ]);
        assert_eq!(texts(&wrap_line(&line, 3, 0)), ["ab", "T3"]);
    }
}
