//! Export: one row per live mitigation, for a tracker's import (a
//! "won't do" mitigation is left out, as [`super::carried`] says).
//!
//! UTF-8 without a byte order mark, a header row, then one record per
//! mitigation, every line ended with CRLF. Fields are quoted as RFC 4180
//! says: a field holding a comma, a double quote, CR or LF is put in
//! double quotes, with its quotes doubled. A field that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so a
//! spreadsheet opening the file never runs it as a formula.
//!
//! Columns: title, description (with the acceptance criteria appended and
//! a back-reference to the record), kind (`essential` or `idea`), effort
//! (`S`, `M`, `L`), owner, due (`YYYY-MM-DD`), status, threats (`T3; T5`),
//! threat titles (`; ` between them), priority (the highest action of the
//! linked threats: MUST > SHOULD > COULD > NO NEED; empty when none is
//! rated).

use super::Context;
use super::md::Links;
use crate::session::{Action, Mitigation, Session};

/// The header row's fields.
pub const HEADER: [&str; 10] = [
    "title",
    "description",
    "kind",
    "effort",
    "owner",
    "due",
    "status",
    "threats",
    "threat titles",
    "priority",
];

/// The session's live mitigations as CSV.
pub fn render(s: &Session, ctx: &Context) -> String {
    let mut out = String::new();
    row(&mut out, HEADER.iter().map(|h| (*h).to_owned()));
    let links = Links::of(s);
    for m in s.mitigations.iter().filter(|m| m.is_live()) {
        row(&mut out, fields(&links, ctx, m));
    }
    out
}

fn fields(links: &Links, ctx: &Context, m: &Mitigation) -> [String; 10] {
    let mut description = lines(&m.description);
    if !m.criteria.trim().is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str("Acceptance criteria: ");
        description.push_str(&lines(&m.criteria));
    }
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(&format!(
        "From the threat model record {}, mitigation {}.",
        lines(ctx.record),
        m.tag()
    ));
    let linked: Vec<_> = m
        .threats
        .iter()
        .filter_map(|id| links.threat(*id))
        .collect();
    let priority = linked
        .iter()
        .filter_map(|t| t.action())
        .max_by_key(|a| a.strength())
        .map_or("", Action::label);
    [
        lines(&m.title),
        description,
        if m.essential { "essential" } else { "idea" }.to_owned(),
        m.effort.label().to_owned(),
        lines(&m.owner),
        m.due.map(|d| d.to_string()).unwrap_or_default(),
        m.status.label().to_owned(),
        m.threats
            .iter()
            .map(|t| format!("T{t}"))
            .collect::<Vec<_>>()
            .join("; "),
        linked
            .iter()
            .map(|t| lines(&t.title))
            .collect::<Vec<_>>()
            .join("; "),
        priority.to_owned(),
    ]
}

/// Text with its line breaks as LF and other control characters as
/// spaces, trimmed.
fn lines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(&f));
    }
    out.push_str("\r\n");
}

/// One field: neutralised against formulas, then quoted when it must be.
pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_neutralised() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("-2,3"), "\"'-2,3\"");
        assert_eq!(field("a\nb"), "\"a\nb\"");
        assert_eq!(field("@x"), "'@x");
    }
}
