//! The help overlay: every key of the screen underneath. One column when
//! it fits, two when the screen is wide enough; what still does not fit is
//! announced (the help cannot scroll: any key closes it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::{theme, wrap};
use crate::keys::Binding;
use crate::keys::{self, InputMode};

/// The key columns tried, widest first; longer keys take a row of their own.
const KEY_COLUMNS: [usize; 4] = [11, 9, 7, 5];
/// Cells between the two columns.
const GAP: u16 = 2;
/// The narrowest screen that gets two columns.
const TWO_COLUMNS_FROM: u16 = 60;
/// The widest the overlay gets.
const MAX_WIDTH: u16 = 120;
pub const MORE: &str = "… more: make the window larger";
const CLOSE: &str = " Any key closes this help. ";

pub fn render(mode: InputMode, area: Rect, buf: &mut Buffer) {
    let bindings = merged(keys::bindings(mode));
    // With a bottom border if everything fits; without, a row more.
    let mut layout = layout(&bindings, area, area.height.saturating_sub(2));
    let complete = |columns: &[Vec<Line>]| {
        !columns
            .iter()
            .flatten()
            .any(|l| l.to_string().starts_with("… more"))
    };
    let mut open_bottom = false;
    if !complete(&layout) {
        let taller = self::layout(&bindings, area, area.height.saturating_sub(1));
        open_bottom = true;
        layout = taller;
    }
    let columns = layout;
    let col_width = columns.iter().flatten().map(Line::width).max().unwrap_or(0);
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let n = columns.len() as u16;
    let inner_width = col_width as u16 * n + GAP * n.saturating_sub(1);
    let frame = if open_bottom { 1 } else { 2 };
    let popup = super::centered(
        area,
        (inner_width + 4).max(CLOSE.len() as u16 + 12),
        rows + frame,
    );
    Clear.render(popup, buf);
    let block = if open_bottom {
        // At the bottom of the screen: the help says how to close it on top.
        Block::new()
            .borders(Borders::TOP | Borders::LEFT | Borders::RIGHT)
            .title(Line::styled(" Keys ", theme::TITLE))
            .title(Line::styled(CLOSE, theme::DIM).right_aligned())
    } else {
        Block::bordered()
            .title(Line::styled(" Keys ", theme::TITLE))
            .title_bottom(Line::styled(CLOSE, theme::DIM))
    };
    let inner = block.inner(popup);
    block.render(popup, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let mut x = inner.x;
    for column in columns {
        let area = Rect {
            x,
            width: (col_width as u16).min(inner.right().saturating_sub(x)),
            ..inner
        };
        Paragraph::new(column).render(area, buf);
        x = x.saturating_add(col_width as u16 + GAP);
    }
}

/// The bindings in one column if they fit in `height` rows, else in two
/// when `area` is wide enough.
fn layout(bindings: &[(String, &'static str)], area: Rect, height: u16) -> Vec<Vec<Line<'static>>> {
    let height = usize::from(height);
    let one = entries(bindings, usize::from(area.width.saturating_sub(4)));
    let one_rows: usize = one.iter().map(Vec::len).sum();
    if one_rows <= height || area.width < TWO_COLUMNS_FROM {
        return vec![fill(
            &one,
            height,
            usize::from(area.width.saturating_sub(4)),
        )];
    }
    let width = area.width.min(MAX_WIDTH);
    let col = usize::from(width.saturating_sub(4 + GAP) / 2);
    let two = entries(bindings, col);
    if two.iter().map(Vec::len).sum::<usize>() <= 2 * height {
        return split(&two, height, col);
    }
    // Too many to wrap them all: the longest texts are cut to a row, so
    // that every key still shows (a row or two of slack for the split).
    split(
        &squeezed(bindings, col, (2 * height).saturating_sub(2)),
        height,
        col,
    )
}

/// Every binding in `width` cells within `rows` rows if it can be done:
/// the texts that take the most rows are cut to one (with "…") until they
/// fit. The key column that cuts the fewest texts wins.
fn squeezed(
    bindings: &[(String, &'static str)],
    width: usize,
    rows: usize,
) -> Vec<Vec<Line<'static>>> {
    KEY_COLUMNS
        .iter()
        .map(|&keys| {
            let mut e: Vec<Vec<Line<'static>>> = bindings
                .iter()
                .map(|(k, what)| entry(k, what, keys, width))
                .collect();
            let mut total: usize = e.iter().map(Vec::len).sum();
            let mut order: Vec<usize> = (0..e.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(e[i].len()));
            let mut cuts = 0;
            for i in order {
                if total <= rows {
                    break;
                }
                cuts += 1;
                let (key, what) = &bindings[i];
                let beside = key_width_fits(key, keys) && keys + 2 + 8 <= width;
                let indent = if beside { keys + 2 } else { 2 };
                let cut = entry(
                    key,
                    &wrap::fit(what, width.saturating_sub(indent)),
                    keys,
                    width,
                );
                total = total - e[i].len() + cut.len();
                e[i] = cut;
            }
            (cuts, total, e)
        })
        .min_by_key(|(cuts, total, _)| (*cuts, *total))
        .map(|(_, _, e)| e)
        .unwrap_or_default()
}

/// The bindings, those that do the same thing merged ("q Ctrl-C").
fn merged(bindings: &[Binding]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for b in bindings {
        match out.iter_mut().find(|(_, what)| *what == b.what) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(b.keys);
            }
            None => out.push((b.keys.to_owned(), b.what)),
        }
    }
    out
}

/// Every binding laid out in `width` cells, with the key column that
/// takes the fewest rows.
fn entries(bindings: &[(String, &'static str)], width: usize) -> Vec<Vec<Line<'static>>> {
    KEY_COLUMNS
        .iter()
        .map(|&keys| {
            bindings
                .iter()
                .map(|(k, what)| entry(k, what, keys, width))
                .collect::<Vec<_>>()
        })
        .min_by_key(|e: &Vec<Vec<Line>>| e.iter().map(Vec::len).sum::<usize>())
        .unwrap_or_default()
}

/// One binding in rows of at most `width` cells: the key in a column of
/// `keys` cells and what it does beside it, wrapping under itself; a key
/// longer than its column takes a row of its own.
fn entry(key: &str, what: &str, keys: usize, width: usize) -> Vec<Line<'static>> {
    let beside = key_width_fits(key, keys) && keys + 2 + 8 <= width;
    let (mut rows, indent) = if beside {
        (Vec::new(), keys + 2)
    } else {
        (
            vec![Line::styled(wrap::fit(key, width), theme::KEY)],
            2.min(width.saturating_sub(1)),
        )
    };
    for (i, row) in wrap::wrap_line(&Line::raw(what.to_owned()), width.saturating_sub(indent), 0)
        .into_iter()
        .enumerate()
    {
        let lead = if beside && i == 0 {
            Span::styled(format!("{key:<keys$}  "), theme::KEY)
        } else {
            Span::raw(" ".repeat(indent))
        };
        let mut spans = vec![lead];
        spans.extend(row.spans);
        rows.push(Line::from(spans));
    }
    rows
}

fn key_width_fits(key: &str, keys: usize) -> bool {
    wrap::cells(key) <= keys
}

/// The entries in order, as many as fit in `height` rows; the last row
/// says there are more when some are left out.
fn fill(entries: &[Vec<Line<'static>>], height: usize, width: usize) -> Vec<Line<'static>> {
    let total: usize = entries.iter().map(Vec::len).sum();
    let room = if total <= height {
        height
    } else {
        height.saturating_sub(1)
    };
    let mut rows = Vec::new();
    for entry in entries {
        if rows.len() + entry.len() > room {
            break;
        }
        rows.extend(entry.iter().cloned());
    }
    if total > rows.len() && height > 0 {
        let more = if wrap::cells(MORE) <= width {
            MORE
        } else {
            "… more (larger window)"
        };
        rows.push(Line::styled(wrap::fit(more, width), theme::WARN));
    }
    rows
}

/// The entries in two columns of at most `height` rows, in order, as even
/// as they go; the second says there are more when they do not all fit.
fn split(entries: &[Vec<Line<'static>>], height: usize, width: usize) -> Vec<Vec<Line<'static>>> {
    let total: usize = entries.iter().map(Vec::len).sum();
    // The first column takes entries up to half the rows (or all it can
    // hold when they do not fit in two).
    let target = if total <= 2 * height {
        total.div_ceil(2)
    } else {
        height
    };
    let mut left = Vec::new();
    let mut used = 0;
    for entry in entries {
        let next = left.len();
        if used + entry.len() > target.min(height) && next > 0 {
            break;
        }
        if used + entry.len() > height {
            break;
        }
        used += entry.len();
        left.push(entry.clone());
    }
    let rest = &entries[left.len()..];
    let right_rows: usize = rest.iter().map(Vec::len).sum();
    // The split at half may leave the second column one entry too long.
    if right_rows > height && total <= 2 * height {
        let more = rest.first().map_or(0, Vec::len);
        if used + more <= height {
            left.push(rest[0].clone());
        }
    }
    let rest = &entries[left.len()..];
    let left_rows: Vec<Line<'static>> = left.into_iter().flatten().collect();
    vec![left_rows, fill(rest, height, width)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_keys_take_a_row_of_their_own_and_texts_wrap_under_themselves() {
        let rows = |key, what, keys, width| -> Vec<String> {
            entry(key, what, keys, width)
                .iter()
                .map(Line::to_string)
                .collect()
        };
        assert_eq!(
            rows(
                "PgUp/PgDn Home/End",
                "page through the list, first, last",
                7,
                30
            ),
            [
                "PgUp/PgDn Home/End",
                "  page through the list,",
                "  first, last"
            ]
        );
        assert_eq!(
            rows("c", "deal cards from the chosen deck", 5, 24),
            ["c      deal cards from", "       the chosen deck"]
        );
        assert_eq!(rows("u", "undo", 5, 24), ["u      undo"]);
    }

    #[test]
    fn bindings_that_do_the_same_are_one_row() {
        let b = |keys, what| Binding {
            keys,
            what,
            short: None,
        };
        let merged = merged(&[
            b("q", "save and quit"),
            b("u", "undo"),
            b("Ctrl-C", "save and quit"),
        ]);
        assert_eq!(
            merged,
            [
                ("q Ctrl-C".to_owned(), "save and quit"),
                ("u".to_owned(), "undo")
            ]
        );
    }

    #[test]
    fn two_columns_keep_the_order_and_say_when_some_are_left_out() {
        let one = |s: &'static str| vec![Line::raw(s)];
        let entries: Vec<Vec<Line<'static>>> = ["a", "b", "c", "d", "e"].map(one).to_vec();
        let cols = split(&entries, 3, 40);
        let text = |c: &Vec<Line>| c.iter().map(Line::to_string).collect::<Vec<_>>();
        assert_eq!(text(&cols[0]), ["a", "b", "c"]);
        assert_eq!(text(&cols[1]), ["d", "e"]);
        let cols = split(&entries, 2, 40);
        assert_eq!(text(&cols[0]), ["a", "b"]);
        assert_eq!(text(&cols[1]), ["c", MORE]);
    }
}
