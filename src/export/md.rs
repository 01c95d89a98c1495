//! Export: the session as notes a person pastes into a wiki. CommonMark
//! with GitHub's tables, and the system model as a Mermaid flowchart.
//!
//! Every piece of text from the session is escaped, so nothing a person
//! typed becomes markup: in paragraphs, list items, headings and table
//! cells Markdown punctuation is backslash-escaped (HTML included: `<` is
//! `\<`, never a tag), line breaks become ` / ` and nothing typed starts a
//! block (a heading, a list, a quote, a rule). In the Mermaid diagram node
//! ids are generated from element tags (`P2`), and labels are quoted with
//! everything but letters, digits and a few safe marks written as Mermaid
//! entity codes (`#34;`), so text can neither close a label nor start a
//! directive. The notes use no emphasis, links, code spans or HTML of
//! their own, so whatever of those a reader finds came through unescaped.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::Context;
use crate::deck::ElementKind;
use crate::radar::{self, history};
use crate::session::rating::{builtin_schemes, find};
use crate::session::summary::Overview;
use crate::session::{
    Decision, DecisionKind, Element, Mitigation, MitigationStatus, ParkedOutcome, PhaseScript,
    Rating, RetroList, SchemeRef, Session, Threat,
};

/// The session as Markdown notes.
pub fn render(s: &Session, ctx: &Context) -> String {
    let o = s.summary(ctx.now);
    let links = Links::of(s);
    let mut out = String::new();
    header(&mut out, s, ctx);
    approach(&mut out, s, ctx);
    time(&mut out, &o);
    counts(&mut out, &o);
    stories(&mut out, s);
    model(&mut out, s);
    threats(&mut out, s, &links);
    mitigations(&mut out, s, &links);
    remaining(&mut out, s, &links);
    parking(&mut out, s);
    excursions(&mut out, s, ctx.now);
    radar_summary(&mut out, s, ctx.now);
    retro(&mut out, s);
    out
}

/// Threats by id and the mitigations of each threat, built once, so an
/// export of thousands of threats stays linear.
pub(crate) struct Links<'a> {
    threats: HashMap<u32, &'a Threat>,
    tamed_by: HashMap<u32, Vec<&'a Mitigation>>,
}

impl<'a> Links<'a> {
    pub(crate) fn of(s: &'a Session) -> Self {
        let threats = s.threats.iter().map(|t| (t.id, t)).collect();
        let mut tamed_by: HashMap<u32, Vec<&'a Mitigation>> = HashMap::new();
        for m in &s.mitigations {
            for t in &m.threats {
                let list = tamed_by.entry(*t).or_default();
                if list.last().is_none_or(|last| last.id != m.id) {
                    list.push(m);
                }
            }
        }
        Self { threats, tamed_by }
    }

    /// The threat with id `id`.
    pub(crate) fn threat(&self, id: u32) -> Option<&'a Threat> {
        self.threats.get(&id).copied()
    }

    /// The mitigations linked to threat `id`, in list order.
    pub(crate) fn mitigations_of(&self, id: u32) -> &[&'a Mitigation] {
        self.tamed_by.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// ASCII punctuation that means something somewhere in CommonMark or
/// GitHub's extensions, escaped wherever it appears.
pub(crate) const ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '!', '~', '&',
];

/// One line of text from the session, safe anywhere inline (a paragraph,
/// a list item, a heading, a table cell): line breaks become ` / `,
/// control characters spaces, Markdown punctuation is escaped, and the
/// start is kept from opening a block (`-`, `+`, `=`, `1.`).
pub(crate) fn inline(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| crate::text::clean(l).trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let joined = lines.join(" / ");
    let mut out = String::with_capacity(joined.len() + 8);
    let digits = joined.chars().take_while(char::is_ascii_digit).count();
    let chars: Vec<char> = joined.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let leading = i == 0 && matches!(c, '-' | '+' | '=');
        // `1.` or `1)` starts a list only before a space or the end.
        let list_number = i == digits
            && digits > 0
            && matches!(c, '.' | ')')
            && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if ALWAYS.contains(&c) || leading || list_number {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `inline`, or `fallback` (markup of ours) when the text is blank.
fn or(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_owned()
    } else {
        inline(text)
    }
}

/// A Mermaid label's text: letters, digits, spaces and a few marks that
/// mean nothing inside a quoted label kept; everything else (quotes, `#`,
/// `%`, `;`, brackets, pipes, backticks, `<`…) as a `#N;` entity code;
/// line breaks and control characters as spaces.
pub(crate) fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push(' ');
        } else if c.is_alphanumeric() || matches!(c, ' ' | ',' | '.' | ':' | '/' | '?' | '-') {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", u32::from(c));
        }
    }
    out
}

/// `12:34` or `1:02:03`; `-` in front of a negative time.
pub(crate) fn hms(secs: i64) -> String {
    crate::text::hms(secs, "-")
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `MUST (likelihood high × impact high)`, with the
/// override and its reason when the team chose otherwise.
/// The scheme is named only when it is not the session's `scheme`.
pub(crate) fn rating(r: &Rating, scheme: &SchemeRef) -> String {
    let mut out = format!(
        "{} (likelihood {} × impact {}",
        r.action,
        inline(&r.likelihood),
        inline(&r.impact),
    );
    if &r.scheme != scheme {
        let _ = write!(out, ", {}", inline(&r.scheme.to_string()));
    }
    out.push(')');
    if r.is_override() {
        let _ = write!(
            out,
            ", overridden from {}: {}",
            r.suggested,
            or(&r.override_reason, "no reason given")
        );
    }
    out
}

/// The decision in words, with its reason: `accept, by Grace: …`.
pub(crate) fn decision(d: Option<&Decision>) -> String {
    match d {
        None => "undecided".to_owned(),
        Some(Decision::Mitigate) => "mitigate".to_owned(),
        Some(Decision::Accept { reason, by }) => format!(
            "accept, by {}: {}",
            or(by, "nobody named"),
            or(reason, "no reason given")
        ),
        Some(Decision::Transfer { to }) => format!("transfer to {}", or(to, "nobody named")),
        Some(Decision::Avoid { how }) => format!("avoid: {}", or(how, "not said how")),
        Some(Decision::NotAThreat { reason }) => {
            format!("not a threat: {}", or(reason, "no reason given"))
        }
    }
}

/// `T3 Title`, escaped.
pub(crate) fn threat_label(t: &Threat) -> String {
    format!("T{} {}", t.id, or(&t.title, "(untitled)"))
}

fn element_label(s: &Session, id: u32) -> String {
    match s.element(id) {
        Some(e) => format!("{} {}", e.tag(), or(&e.name, "(unnamed)")),
        None => format!("element {id} (deleted)"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn header(out: &mut String, s: &Session, ctx: &Context) {
    let _ = writeln!(out, "# Threat model: {}\n", or(&s.title, "(untitled)"));
    let finished = match s.finished {
        Some(at) => format!("finished {}", stamp(at)),
        None => "not finished".to_owned(),
    };
    let _ = writeln!(
        out,
        "Session of {} · budget {} min, {} used · {finished} · exported {} from {}\n",
        stamp(s.created),
        s.budget_minutes,
        hms(s.elapsed(ctx.now)),
        stamp(ctx.now),
        inline(ctx.record)
    );
    let _ = writeln!(out, "## Participants and roles\n");
    let mut people: Vec<&str> = s.participants.iter().map(String::as_str).collect();
    for role in [&s.approach.facilitator, &s.approach.note_keeper]
        .into_iter()
        .flatten()
    {
        if !people.contains(&role.as_str()) {
            people.push(role);
        }
    }
    if people.is_empty() {
        let _ = writeln!(out, "Nobody named.\n");
        return;
    }
    for p in people {
        let mut roles = Vec::new();
        if s.approach.facilitator.as_deref() == Some(p) {
            roles.push("facilitator");
        }
        if s.approach.note_keeper.as_deref() == Some(p) {
            roles.push("note keeper");
        }
        if roles.is_empty() {
            let _ = writeln!(out, "- {}", or(p, "(unnamed)"));
        } else {
            let _ = writeln!(out, "- {} ({})", or(p, "(unnamed)"), roles.join(", "));
        }
    }
    out.push('\n');
}

/// The lines of a text field as list items, or `empty` when blank.
fn lines_as_list(out: &mut String, text: &str, indent: &str, empty: &str) {
    let mut any = false;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        any = true;
        let _ = writeln!(out, "{indent}- {}", inline(line));
    }
    if !any {
        let _ = writeln!(out, "{indent}- {empty}");
    }
}

fn approach(out: &mut String, s: &Session, ctx: &Context) {
    let _ = writeln!(out, "## Approach\n");
    let decks: Vec<String> = s
        .decks
        .iter()
        .map(|id| match ctx.library.get(id) {
            Some(d) => format!("{} ({})", or(&d.title, "(untitled)"), inline(id)),
            None => inline(id),
        })
        .collect();
    let decks = if decks.is_empty() {
        "none chosen".to_owned()
    } else {
        decks.join(", ")
    };
    let _ = writeln!(out, "- Decks: {decks}");
    let schemes = builtin_schemes();
    let scheme = match find(&schemes, &s.scheme) {
        Some(found) => format!(
            "{} ({})",
            or(&found.title, "(untitled)"),
            inline(&s.scheme.to_string())
        ),
        None => inline(&s.scheme.to_string()),
    };
    let _ = writeln!(out, "- Rating scheme: {scheme}");
    let _ = writeln!(
        out,
        "- Desired level of security: {}",
        or(&s.approach.security_level, "not said")
    );
    let _ = writeln!(out, "- In scope:");
    lines_as_list(out, &s.approach.scope, "  ", "not said");
    let _ = writeln!(out, "- Out of scope:");
    lines_as_list(out, &s.approach.out_of_scope, "  ", "not said");
    out.push('\n');
}

fn time(out: &mut String, o: &Overview) {
    let script = PhaseScript::builtin();
    let _ = writeln!(out, "## Time per phase\n");
    let _ = writeln!(out, "| Phase | Spent | Box | |");
    let _ = writeln!(out, "|---|---:|---:|---|");
    for p in &o.phases {
        let title = script
            .phase(p.phase)
            .map(|ph| inline(&ph.title))
            .unwrap_or_default();
        let verdict = if p.spent_secs > p.box_secs {
            format!("{} over", hms(p.spent_secs - p.box_secs))
        } else {
            "in time".to_owned()
        };
        let _ = writeln!(
            out,
            "| {} {title} | {} | {} | {verdict} |",
            p.phase,
            hms(p.spent_secs),
            hms(p.box_secs)
        );
    }
    out.push('\n');
}

fn counts(out: &mut String, o: &Overview) {
    let a = &o.actions;
    let d = &o.decisions;
    let m = &o.mitigations;
    let _ = writeln!(out, "## Counts\n");
    let _ = writeln!(
        out,
        "- Model: {}, {}, {}",
        plural(o.elements, "element", "elements"),
        plural(o.flows, "flow", "flows"),
        plural(o.boundaries, "boundary", "boundaries")
    );
    let _ = writeln!(
        out,
        "- Threats: {} (MUST {}, SHOULD {}, COULD {}, NO NEED {}, unrated {})",
        o.threats, a.must, a.should, a.could, a.no_need, a.unrated
    );
    let _ = writeln!(
        out,
        "- Decisions: mitigate {}, accept {}, transfer {}, avoid {}, not a threat {}, undecided {}",
        d.mitigate, d.accept, d.transfer, d.avoid, d.not_a_threat, d.undecided
    );
    let statuses: Vec<String> = m
        .pairs()
        .iter()
        .map(|(n, what)| format!("{what} {n}"))
        .collect();
    let _ = writeln!(out, "- Mitigations: {}", statuses.join(", "));
    let _ = writeln!(
        out,
        "- Parking lot: {} open, {} dealt with\n",
        o.parked_open, o.parked_closed
    );
}

fn kind_name(kind: ElementKind) -> &'static str {
    match kind {
        ElementKind::ExternalEntity => "external entity",
        ElementKind::Process => "process",
        ElementKind::DataStore => "data store",
        ElementKind::DataFlow => "data flow",
    }
}

/// A Mermaid node for an element: its tag as the id, its shape by kind.
fn node(e: &Element) -> String {
    let label = format!("\"{}\"", mermaid(&format!("{} {}", e.tag(), e.name)));
    match e.kind {
        ElementKind::Process => format!("{}({label})", e.tag()),
        ElementKind::DataStore => format!("{}[({label})]", e.tag()),
        _ => format!("{}[{label}]", e.tag()),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn model(out: &mut String, s: &Session) {
    let _ = writeln!(out, "## System model\n");
    match s.model_agreed {
        Some(at) => {
            // Stories add to the model after that agreement: say so, so
            // the notes do not claim the team agreed to what came later.
            let since: usize = s
                .stories()
                .all
                .iter()
                .filter(|story| story.started > at)
                .map(|story| story.elements.len())
                .sum();
            let later = match since {
                0 => String::new(),
                1 => " Stories added 1 element since.".to_owned(),
                n => format!(" Stories added {n} elements since."),
            };
            let _ = writeln!(
                out,
                "The team agreed this is the system at {}.{later}\n",
                stamp(at)
            );
        }
        None => {
            let _ = writeln!(out, "The team has not agreed the model yet.\n");
        }
    }
    if s.model.is_empty() {
        let _ = writeln!(out, "Nothing modelled.\n");
        return;
    }
    diagram(out, s);
    let _ = writeln!(out, "### Elements\n");
    let _ = writeln!(out, "| Id | Kind | Name | Trust boundary | Description |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for e in s.model.iter().filter(|e| !e.is_flow()) {
        let boundary = match e.boundary {
            Some(b) => match s.boundary(b) {
                Some(b) => format!("B{} {}", b.id, or(&b.name, "(unnamed)")),
                None => format!("B{b} (deleted)"),
            },
            None => "none".to_owned(),
        };
        let mut kind = kind_name(e.kind).to_owned();
        if e.holds_logs {
            kind.push_str(", holds logs");
        }
        let _ = writeln!(
            out,
            "| {} | {kind} | {} | {boundary} | {} |",
            e.tag(),
            inline(&e.name),
            inline(&e.description)
        );
    }
    out.push('\n');
    if s.flows().next().is_some() {
        let _ = writeln!(out, "### Data flows\n");
        let _ = writeln!(
            out,
            "| Id | Name | From | To | Carries | Protocol | Authenticated | Encrypted | Crosses a boundary |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
        for f in s.flows() {
            let (from, to, carries, protocol, auth, enc) = match &f.flow {
                Some(ends) => (
                    element_label(s, ends.from),
                    element_label(s, ends.to),
                    inline(&ends.carries),
                    inline(&ends.protocol),
                    yes_no(ends.authenticated),
                    yes_no(ends.encrypted),
                ),
                None => (
                    "not said".into(),
                    "not said".into(),
                    String::new(),
                    String::new(),
                    "",
                    "",
                ),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {from} | {to} | {carries} | {protocol} | {auth} | {enc} | {} |",
                f.tag(),
                inline(&f.name),
                yes_no(s.crosses_boundary(f))
            );
        }
        out.push('\n');
    }
    if !s.boundaries.is_empty() {
        let _ = writeln!(out, "### Trust boundaries\n");
        for b in &s.boundaries {
            let _ = write!(out, "- B{} {}", b.id, or(&b.name, "(unnamed)"));
            if b.description.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, ": {}", inline(&b.description));
            }
        }
        out.push('\n');
    }
}

/// The model as a Mermaid flowchart: boundaries as subgraphs, flows as
/// labelled edges, thick (`==>`) and saying so when they cross a boundary.
fn diagram(out: &mut String, s: &Session) {
    let _ = writeln!(out, "```mermaid\nflowchart LR");
    for b in &s.boundaries {
        let _ = writeln!(out, "  subgraph B{}[\"{}\"]", b.id, mermaid(&b.name));
        for e in s.elements_in(Some(b.id)) {
            let _ = writeln!(out, "    {}", node(e));
        }
        let _ = writeln!(out, "  end");
    }
    for e in s.model.iter().filter(|e| !e.is_flow()) {
        let placed = e.boundary.is_some_and(|b| s.boundary(b).is_some());
        if !placed {
            let _ = writeln!(out, "  {}", node(e));
        }
    }
    for f in s.flows() {
        let Some(ends) = &f.flow else { continue };
        let (Some(from), Some(to)) = (s.element(ends.from), s.element(ends.to)) else {
            continue;
        };
        let label = mermaid(&format!("{} {}", f.tag(), f.name));
        if s.crosses_boundary(f) {
            let _ = writeln!(
                out,
                "  {} ==>|\"{label}, crosses a boundary\"| {}",
                from.tag(),
                to.tag()
            );
        } else {
            let _ = writeln!(out, "  {} -->|\"{label}\"| {}", from.tag(), to.tag());
        }
    }
    let _ = writeln!(out, "```\n");
}

const GROUPS: [Option<DecisionKind>; 6] = [
    Some(DecisionKind::Mitigate),
    Some(DecisionKind::Accept),
    Some(DecisionKind::Transfer),
    Some(DecisionKind::Avoid),
    Some(DecisionKind::NotAThreat),
    None,
];

fn group_title(g: Option<DecisionKind>) -> &'static str {
    match g {
        Some(DecisionKind::Mitigate) => "Mitigate",
        Some(DecisionKind::Accept) => "Accept",
        Some(DecisionKind::Transfer) => "Transfer",
        Some(DecisionKind::Avoid) => "Avoid",
        Some(DecisionKind::NotAThreat) => "Not a threat",
        None => "Undecided",
    }
}

fn threats(out: &mut String, s: &Session, links: &Links) {
    let _ = writeln!(out, "## Threats by decision\n");
    if s.threats.is_empty() {
        let _ = writeln!(out, "No threats captured.\n");
        return;
    }
    for g in GROUPS {
        let in_group: Vec<&Threat> = s
            .threats
            .iter()
            .filter(|t| t.decision.as_ref().map(Decision::kind) == g)
            .collect();
        if in_group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {} ({})\n", group_title(g), in_group.len());
        for t in in_group {
            threat(out, s, links, t);
        }
        out.push('\n');
    }
}

fn threat(out: &mut String, s: &Session, links: &Links, t: &Threat) {
    let _ = writeln!(out, "- {}", threat_label(t));
    let mut about = Vec::new();
    if let Some(e) = t.element.or(t.card.as_ref().and_then(|c| c.element)) {
        about.push(format!("on {}", element_label(s, e)));
    }
    if let Some(c) = &t.category {
        about.push(inline(c));
    }
    if let Some(k) = t.key {
        about.push(format!("key threat {k}"));
    }
    if let Some(by) = &t.raised_by {
        about.push(format!("raised by {}", or(by, "nobody named")));
    }
    if !about.is_empty() {
        let _ = writeln!(out, "  - {}", about.join(" · "));
    }
    if !t.description.trim().is_empty() {
        let _ = writeln!(out, "  - Description: {}", inline(&t.description));
    }
    let rated = t
        .rating
        .as_deref()
        .map_or("not rated".to_owned(), |r| rating(r, &s.scheme));
    let _ = writeln!(out, "  - Rating: {rated}");
    if let Some(r) = t.residual.as_deref() {
        let _ = writeln!(out, "  - Residual: {}", rating(r, &s.scheme));
    }
    let _ = writeln!(out, "  - Decision: {}", decision(t.decision.as_ref()));
    let ms = links.mitigations_of(t.id);
    if !ms.is_empty() {
        let tags: Vec<String> = ms
            .iter()
            .map(|m| {
                let kind = if m.essential { "essential" } else { "idea" };
                format!("{} ({kind}, {})", m.tag(), m.status.label())
            })
            .collect();
        let _ = writeln!(out, "  - Mitigations: {}", tags.join(", "));
    }
    if let Some(r) = &t.review {
        if r.ok {
            let _ = writeln!(out, "  - Review: fine");
        } else {
            let _ = writeln!(
                out,
                "  - Review: needs work: {}",
                or(&r.note, "not said what")
            );
        }
    }
}

fn mitigations(out: &mut String, s: &Session, links: &Links) {
    let _ = writeln!(out, "## Mitigations\n");
    if s.mitigations.is_empty() {
        let _ = writeln!(out, "No mitigations.\n");
        return;
    }
    for (essential, title) in [(true, "Essential"), (false, "Ideas for some day")] {
        let ms: Vec<&Mitigation> = s
            .mitigations
            .iter()
            .filter(|m| m.essential == essential)
            .collect();
        let _ = writeln!(out, "### {title} ({})\n", ms.len());
        if ms.is_empty() {
            let _ = writeln!(out, "None.\n");
            continue;
        }
        for m in ms {
            mitigation(out, links, m);
        }
        out.push('\n');
    }
}

/// `won't do: reason`, or the status's label.
pub(crate) fn status(m: &Mitigation) -> String {
    match &m.status {
        MitigationStatus::WontDo { reason } => {
            format!("won't do: {}", or(reason, "no reason given"))
        }
        other => other.label().to_owned(),
    }
}

fn mitigation(out: &mut String, links: &Links, m: &Mitigation) {
    let _ = writeln!(out, "- {} {}", m.tag(), or(&m.title, "(untitled)"));
    let due = m
        .due
        .map_or("no due date".to_owned(), |d| format!("due {d}"));
    let _ = writeln!(
        out,
        "  - Owner: {} · {due} · effort {} · reduces {} · {}",
        or(&m.owner, "nobody yet"),
        m.effort.label(),
        m.reduces.label(),
        status(m)
    );
    if !m.description.trim().is_empty() {
        let _ = writeln!(out, "  - Description: {}", inline(&m.description));
    }
    let _ = writeln!(
        out,
        "  - Acceptance criteria: {}",
        or(&m.criteria, "not said yet")
    );
    if m.threats.is_empty() {
        let _ = writeln!(out, "  - Tames: no threat linked");
    } else {
        let _ = writeln!(out, "  - Tames:");
        for id in &m.threats {
            match links.threat(*id) {
                Some(t) => {
                    let action = t.action().map_or("not rated".to_owned(), |a| a.to_string());
                    let d = t
                        .decision
                        .as_ref()
                        .map_or("undecided", |d| d.kind().label());
                    let _ = writeln!(out, "    - {} ({action}, {d})", threat_label(t));
                }
                None => {
                    let _ = writeln!(out, "    - T{id} (deleted)");
                }
            }
        }
    }
}

fn remaining(out: &mut String, s: &Session, links: &Links) {
    let r = s.remaining_risk();
    let _ = writeln!(out, "## Remaining risk\n");
    let _ = writeln!(
        out,
        "### Still open: MUST or SHOULD, no essential mitigation ({})\n",
        r.open.len()
    );
    list_threats(out, links, &r.open);
    let _ = writeln!(
        out,
        "### Residual rating still MUST or SHOULD ({})\n",
        r.residual_high.len()
    );
    list_threats(out, links, &r.residual_high);
    let _ = writeln!(out, "### Accepted risks ({})\n", r.accepted.len());
    if r.accepted.is_empty() {
        let _ = writeln!(out, "None.\n");
    } else {
        for a in &r.accepted {
            let title = s
                .threat(a.threat)
                .map_or_else(|| format!("T{} (deleted)", a.threat), threat_label);
            let _ = writeln!(
                out,
                "- {title}: accepted by {}: {}",
                or(&a.by, "nobody named"),
                or(&a.reason, "no reason given")
            );
        }
        out.push('\n');
    }
}

fn list_threats(out: &mut String, links: &Links, ids: &[u32]) {
    if ids.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    for id in ids {
        if let Some(t) = links.threat(*id) {
            let action = t.action().map_or("not rated".to_owned(), |a| a.to_string());
            let residual = t
                .residual
                .as_ref()
                .map_or(String::new(), |r| format!(", residual {}", r.action));
            let _ = writeln!(out, "- {} ({action}{residual})", threat_label(t));
        }
    }
    out.push('\n');
}

/// The story-sized sessions run on this record [1.2.1], each with when,
/// how long and what it added; nothing when there were none.
fn stories(out: &mut String, s: &Session) {
    let stories = s.stories();
    if stories.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Stories ({})\n", stories.all.len());
    for story in &stories.all {
        let ended = story
            .ended
            .map_or("still open".to_owned(), |at| format!("ended {}", stamp(at)));
        let _ = writeln!(
            out,
            "- Story {}: {} (started {}, {} min, {ended}; added {})",
            story.number,
            or(&story.title, "(untitled)"),
            stamp(story.started),
            story.minutes,
            crate::story::added_counts(story)
        );
        let gone = |what: &str, id: u32| format!("{what}{id} (deleted)");
        let elements: Vec<String> = story
            .elements
            .iter()
            .map(|id| match s.element(*id) {
                Some(_) => element_label(s, *id),
                None => gone("element ", *id),
            })
            .collect();
        let threats: Vec<String> = story
            .threats
            .iter()
            .map(|id| s.threat(*id).map_or_else(|| gone("T", *id), threat_label))
            .collect();
        let mitigations: Vec<String> = story
            .mitigations
            .iter()
            .map(|id| {
                s.mitigation(*id).map_or_else(
                    || gone("M", *id),
                    |m| format!("{} {}", m.tag(), or(&m.title, "(untitled)")),
                )
            })
            .collect();
        for (what, items) in [
            ("Elements", elements),
            ("Threats", threats),
            ("Mitigations", mitigations),
        ] {
            if !items.is_empty() {
                let _ = writeln!(out, "  - {what}: {}", items.join("; "));
            }
        }
    }
    out.push('\n');
}

fn parking(out: &mut String, s: &Session) {
    let _ = writeln!(out, "## Parking lot\n");
    if s.parking.is_empty() {
        let _ = writeln!(out, "Nothing parked.\n");
        return;
    }
    for p in &s.parking {
        let by = p.raised_by.as_ref().map_or(String::new(), |b| {
            format!(" (raised by {})", or(b, "nobody"))
        });
        let outcome = match &p.outcome {
            None => "open".to_owned(),
            Some(ParkedOutcome::Threat(t)) => format!("became T{t}"),
            Some(ParkedOutcome::Dropped { reason }) => {
                format!("dropped: {}", or(reason, "no reason given"))
            }
        };
        let _ = writeln!(
            out,
            "- Item {}: {}{by}: {outcome}",
            p.id,
            or(&p.text, "(blank)")
        );
    }
    out.push('\n');
}

fn excursions(out: &mut String, s: &Session, now: DateTime<Utc>) {
    let _ = writeln!(out, "## Excursions\n");
    if s.excursions.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    for x in &s.excursions {
        let running = if x.ended.is_none() {
            ", still running"
        } else {
            ""
        };
        let _ = write!(
            out,
            "- Excursion {}: {} ({}{running})",
            x.id,
            or(&x.topic, "no topic"),
            hms(x.secs(now))
        );
        if !x.outcome.trim().is_empty() {
            let _ = write!(out, ": {}", inline(&x.outcome));
        }
        if let Some(t) = x.threat {
            let _ = write!(out, " (went to T{t})");
        }
        if let Some(p) = x.parked {
            let _ = write!(out, " (parked as item {p})");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn radar_summary(out: &mut String, s: &Session, now: DateTime<Utc>) {
    let all = history::history(s);
    let end = s.finished.unwrap_or(now);
    let _ = writeln!(out, "## The session's own threats ({})\n", all.len());
    if all.is_empty() {
        let _ = writeln!(out, "The radar never raised a flag.\n");
        return;
    }
    for o in &all {
        let title = radar::title(&o.id).unwrap_or("");
        let mut line = format!("- \\[{}\\] {}", inline(&o.id), inline(title));
        if !o.subject.is_empty() {
            let _ = write!(line, " ({})", inline(&o.subject));
        }
        let outcome = match (o.outcome(), o.acknowledged, o.snoozed_until) {
            ("cleared", Some(_), _) => "acknowledged, then cleared",
            ("cleared", None, Some(_)) => "snoozed, then cleared",
            (said, _, _) => said,
        };
        let _ = write!(
            line,
            " · raised {} · stood {} · {outcome}",
            o.raised.format("%H:%M UTC"),
            hms(o.secs(end))
        );
        if !o.evidence.trim().is_empty() {
            let _ = write!(line, " · {}", inline(&o.evidence));
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

fn retro(out: &mut String, s: &Session) {
    let _ = writeln!(out, "## Retro\n");
    for list in RetroList::ALL {
        let name = match list {
            RetroList::WentWell => "Went well",
            RetroList::Change => "To change next time",
            RetroList::Lessons => "Lessons learned",
        };
        let lines = s.retro.list(list);
        let _ = writeln!(out, "### {name} ({})\n", lines.len());
        if lines.is_empty() {
            let _ = writeln!(out, "Nothing said.\n");
            continue;
        }
        for l in lines {
            match &l.by {
                Some(by) => {
                    let _ = writeln!(out, "- {} ({})", or(&l.text, "(blank)"), or(by, "nobody"));
                }
                None => {
                    let _ = writeln!(out, "- {}", or(&l.text, "(blank)"));
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_markup_and_keeps_blocks_from_starting() {
        assert_eq!(inline("a *b* [c](d)"), "a \\*b\\* \\[c\\](d)");
        assert_eq!(inline("# h"), "\\# h");
        assert_eq!(inline("- x"), "\\- x");
        assert_eq!(inline("12. x"), "12\\. x");
        assert_eq!(inline("12)"), "12\\)");
        assert_eq!(inline("2.1.5"), "2.1.5");
        assert_eq!(inline("---\nx"), "\\--- / x");
        assert_eq!(inline("<script>"), "\\<script\\>");
        assert_eq!(inline("invoice\u{202e}fdp.exe"), "invoice fdp.exe");
    }

    #[test]
    fn mermaid_labels_keep_only_plain_characters() {
        assert_eq!(mermaid("a\"]; %%{x}"), "a#34;#93;#59; #37;#37;#123;x#125;");
        assert_eq!(mermaid("Zoë 1"), "Zoë 1");
    }
}
