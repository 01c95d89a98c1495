//! The words detectors share: offenders named, counted and quoted the same
//! way in every flag, and threats found by id without building anything.

use std::fmt::Write as _;

use crate::session::Threat;

/// How many offenders the evidence names before it says how many more.
pub(super) const NAMED: usize = 3;

/// The position of threat `id` in `threats`, building nothing. Threats
/// are kept in id order, and ids are given one by one and never reused
/// (undo puts an item back where it was), so without deletions threat `id`
/// sits `id - first id` places in: one look. Else it sits before that
/// place (ids are unique and rising), found by a binary search there. A
/// list out of order (a hand-edited record) falls back to a scan, so the
/// answer is always right.
pub(super) fn threat_pos(threats: &[Threat], id: u32) -> Option<usize> {
    let first = threats.first()?.id;
    if let Some(guess) = id.checked_sub(first).map(|d| d as usize) {
        if threats.get(guess).is_some_and(|t| t.id == id) {
            return Some(guess);
        }
        let before = &threats[..guess.min(threats.len())];
        if let Ok(p) = before.binary_search_by_key(&id, |t| t.id) {
            return Some(p);
        }
    }
    threats.iter().position(|t| t.id == id)
}

/// `T4 T7` (or `M2 M5`): every offender, so that a new one raises a fresh
/// flag. Digits are written by hand: a subject may name a thousand items.
pub(super) fn subject(letter: char, ids: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    let mut digits = [0u8; 10];
    for id in ids {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(letter);
        let (mut n, mut i) = (id, digits.len());
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            out.push(char::from(d));
        }
    }
    out
}

/// Longest title quoted in evidence, in characters.
pub(super) const QUOTE: usize = 40;

/// A title in quotes, cut to [`QUOTE`] characters to keep evidence short.
pub(super) fn quoted(title: &str) -> String {
    match title.char_indices().nth(QUOTE) {
        Some((cut, _)) => format!("'{}…'", title[..cut].trim_end()),
        None => format!("'{title}'"),
    }
}

/// The first [`NAMED`] of `total` offenders, each written by `name`,
/// joined with commas, then "and N more" for the rest.
pub(super) fn named<T>(
    items: impl IntoIterator<Item = T>,
    total: usize,
    mut name: impl FnMut(&mut String, T),
) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().take(NAMED).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        name(&mut out, item);
    }
    if total > NAMED {
        let _ = write!(out, " and {} more", total - NAMED);
    }
    out
}

/// `1 threat`, `2 threats`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
