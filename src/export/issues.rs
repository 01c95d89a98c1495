//! Export: one Markdown file per live essential mitigation, an issue
//! draft for a tracker. Text from the session is escaped as in
//! [`super::md`]; file names are made here, never taken from the session
//! as they are: `M3-sign-the-webhooks.md`.

use std::fmt::Write as _;

use super::Context;
use super::md::{Links, decision, inline, rating, status, threat_label};
use crate::session::{Mitigation, Session};

/// The longest slug taken from a title, in characters.
pub const SLUG_MAX: usize = 50;

/// (file name, text) for each live essential mitigation, in list order.
pub fn render(s: &Session, ctx: &Context) -> Vec<(String, String)> {
    let links = Links::of(s);
    s.mitigations
        .iter()
        .filter(|m| m.essential && m.is_live())
        .map(|m| (file_name(m), issue(s, &links, ctx, m)))
        .collect()
}

/// `M3-sign-the-webhooks.md`: the tag, then the title in lower-case ASCII
/// letters and digits with single dashes between words, cut at a dash to
/// at most [`SLUG_MAX`] characters; the tag alone when nothing is left.
pub fn file_name(m: &Mitigation) -> String {
    let slug = slug(&m.title);
    if slug.is_empty() {
        format!("{}.md", m.tag())
    } else {
        format!("{}-{slug}.md", m.tag())
    }
}

/// Lower-case ASCII letters and digits, single dashes between runs, no
/// dash at either end, at most [`SLUG_MAX`] characters; may be empty.
pub fn slug(title: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + extra > SLUG_MAX {
            if out.is_empty() {
                out.push_str(&w[..SLUG_MAX]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out
}

fn issue(s: &Session, links: &Links, ctx: &Context, m: &Mitigation) -> String {
    let mut out = String::new();
    let title = if m.title.trim().is_empty() {
        "(untitled)".to_owned()
    } else {
        inline(&m.title)
    };
    let _ = writeln!(out, "# {} {title}\n", m.tag());
    let session = if s.title.trim().is_empty() {
        "(untitled)".to_owned()
    } else {
        inline(&s.title)
    };
    let _ = writeln!(
        out,
        "An essential mitigation from the threat model {session}, {}.\n",
        s.created.format("%Y-%m-%d")
    );
    if !m.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", inline(&m.description));
    }
    let _ = writeln!(out, "## Why\n");
    if m.threats.is_empty() {
        let _ = writeln!(out, "No threat is linked to it.\n");
    } else {
        let _ = writeln!(out, "It tames:\n");
        for id in &m.threats {
            match links.threat(*id) {
                Some(t) => {
                    let _ = writeln!(out, "- {}", threat_label(t));
                    let rated = t
                        .rating
                        .as_deref()
                        .map_or("not rated".to_owned(), |r| rating(r, &s.scheme));
                    let _ = writeln!(out, "  - Rating: {rated}");
                    if let Some(r) = t.residual.as_deref() {
                        let _ = writeln!(out, "  - Residual when done: {}", rating(r, &s.scheme));
                    }
                    let _ = writeln!(out, "  - Decision: {}", decision(t.decision.as_ref()));
                }
                None => {
                    let _ = writeln!(out, "- T{id} (deleted)");
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Acceptance criteria\n");
    if m.criteria.trim().is_empty() {
        let _ = writeln!(out, "Not said yet.\n");
    } else {
        let _ = writeln!(out, "{}\n", inline(&m.criteria));
    }
    let _ = writeln!(out, "## Details\n");
    let owner = if m.owner.trim().is_empty() {
        "nobody yet".to_owned()
    } else {
        inline(&m.owner)
    };
    let _ = writeln!(out, "- Owner: {owner}");
    let due = m.due.map_or("not set".to_owned(), |d| d.to_string());
    let _ = writeln!(out, "- Due: {due}");
    let _ = writeln!(out, "- Effort: {}", m.effort.label());
    let _ = writeln!(out, "- Reduces: {}", m.reduces.label());
    let _ = writeln!(out, "- Status: {}\n", status(m));
    let _ = writeln!(
        out,
        "From the record {}, mitigation {}; exported {}.",
        inline(ctx.record),
        m.tag(),
        ctx.now.format("%Y-%m-%d %H:%M UTC")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_short_and_safe() {
        assert_eq!(slug("Sign the webhooks!"), "sign-the-webhooks");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("  ..  "), "");
        assert_eq!(slug("Zoë's café"), "zo-s-caf");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= SLUG_MAX && !long.ends_with('-'), "{long}");
        assert_eq!(slug(&"x".repeat(80)).len(), SLUG_MAX);
    }
}
