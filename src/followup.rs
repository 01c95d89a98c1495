//! `tamer followup RECORD`: what a threat model left undone, for the team
//! to look at before the next release [3.3.4]. Essential mitigations that
//! are not done yet (overdue first) show mitigation rot [3.3.5] while it
//! can still be stopped; accepted risks come back up for a fresh look
//! [3.1.4]; parked items still wait for an answer [2.1.8]. Story sessions
//! add to the same record, so one record covers them too [1.2.1].
//!
//! Pure: a session and the day in, a [`Followup`] out, rendered as text
//! for the terminal (cleaned), a Markdown checklist (escaped) or JSON.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::export::md::inline;
use crate::session::{Decision, DecisionKind, EventKind, MitigationStatus, Session};
use crate::text::clean;

/// An accepted risk older than this many days is due for a fresh look.
pub const RECHECK_DAYS: i64 = 90;

/// What a record left undone, as of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Followup {
    pub title: String,
    pub today: NaiveDate,
    /// Essential mitigations not done (nor decided against): overdue
    /// first, then by due date, then those without one.
    pub mitigations: Vec<Todo>,
    /// Every accepted risk; those with a reason to look again first, then
    /// the oldest.
    pub accepted: Vec<Accepted>,
    /// Parked items still waiting, oldest first.
    pub parked: Vec<Waiting>,
    /// What is left out of the lists, counted.
    pub not_listed: NotListed,
}

/// An essential mitigation still to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Todo {
    pub id: u32,
    pub title: String,
    /// `planned` or `in progress`.
    pub status: &'static str,
    /// Empty when nobody owns it.
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// Days past its due date; `None` when it is not overdue (due today
    /// is not overdue yet).
    pub overdue_days: Option<i64>,
    /// The threats it tames, with their titles (`None`: deleted).
    pub threats: Vec<ThreatRef>,
    /// The story session that added it, if one did.
    pub story: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreatRef {
    pub id: u32,
    pub title: Option<String>,
}

/// A threat the team decided to live with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accepted {
    pub threat: u32,
    pub title: String,
    pub reason: String,
    pub by: String,
    /// When it was accepted, from the timeline (`None` when the timeline
    /// does not say, e.g. an imported decision).
    pub accepted: Option<DateTime<Utc>>,
    /// Days since then.
    pub age_days: Option<i64>,
    /// Its rating's action (`MUST`…), if rated.
    pub rating: Option<String>,
    /// Why to look at it first, in words; empty when there is no special
    /// reason.
    pub recheck: Vec<String>,
    pub story: Option<String>,
}

/// A parked item nobody has answered yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiting {
    pub id: u32,
    pub text: String,
    pub raised_by: Option<String>,
    pub at: DateTime<Utc>,
    pub age_days: i64,
}

/// Counts of what the lists leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct NotListed {
    /// Mitigations that are ideas for some day, not essential [3.2.12].
    pub ideas: usize,
    /// Essential mitigations done.
    pub done: usize,
    /// Essential mitigations the team decided not to do.
    pub wont_do: usize,
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

impl Followup {
    /// What `session` left undone as of `today`.
    pub fn of(session: &Session, today: NaiveDate) -> Self {
        let stories = crate::session::story::Stories::of(session);
        let story_of = |kind: &EventKind| stories.added(kind).map(str::to_owned);
        let threat_ref = |id: u32| ThreatRef {
            id,
            title: session.threat(id).map(|t| t.title.clone()),
        };
        let mut not_listed = NotListed::default();
        let mut mitigations = Vec::new();
        for m in &session.mitigations {
            if !m.essential {
                not_listed.ideas += 1;
                continue;
            }
            match m.status {
                MitigationStatus::Done => not_listed.done += 1,
                MitigationStatus::WontDo { .. } => not_listed.wont_do += 1,
                MitigationStatus::Planned | MitigationStatus::InProgress => {
                    mitigations.push(Todo {
                        id: m.id,
                        title: m.title.clone(),
                        status: m.status.label(),
                        owner: m.owner.clone(),
                        due: m.due,
                        overdue_days: m.due.map(|d| days_between(d, today)).filter(|d| *d > 0),
                        threats: m.threats.iter().map(|id| threat_ref(*id)).collect(),
                        story: story_of(&EventKind::MitigationAdded { id: m.id }),
                    });
                }
            }
        }
        // By due date (the most overdue first), those without one last.
        mitigations.sort_by_key(|t| (t.due.is_none(), t.due, t.id));

        let mut accepted = Vec::new();
        for t in &session.threats {
            let Some(Decision::Accept { reason, by }) = &t.decision else {
                continue;
            };
            let when = session.timeline.iter().rev().find_map(|e| match &e.kind {
                EventKind::Decided {
                    threat,
                    decision: Some(DecisionKind::Accept),
                } if *threat == t.id => Some(e.at),
                _ => None,
            });
            let age_days = when.map(|w| days_between(w.date_naive(), today));
            let rating = t.action();
            let mut recheck = Vec::new();
            if rating == Some(crate::session::Action::Must) {
                recheck.push("rated MUST, the top of the scale [3.1.4]".to_owned());
            }
            if age_days.is_some_and(|d| d >= RECHECK_DAYS) {
                recheck.push(format!("accepted {RECHECK_DAYS} or more days ago"));
            }
            if when.is_none() {
                recheck.push("the record does not say when it was accepted".to_owned());
            }
            accepted.push(Accepted {
                threat: t.id,
                title: t.title.clone(),
                reason: reason.clone(),
                by: by.clone(),
                accepted: when,
                age_days,
                rating: rating.map(|a| a.label().to_owned()),
                recheck,
                story: story_of(&EventKind::ThreatCaptured { id: t.id }),
            });
        }
        accepted.sort_by_key(|a| {
            (
                a.recheck.is_empty(),
                std::cmp::Reverse(a.age_days.unwrap_or(i64::MAX)),
                a.threat,
            )
        });

        let mut parked: Vec<Waiting> = session
            .open_parked()
            .map(|p| Waiting {
                id: p.id,
                text: p.text.clone(),
                raised_by: p.raised_by.clone(),
                at: p.at,
                age_days: days_between(p.at.date_naive(), today),
            })
            .collect();
        parked.sort_by_key(|p| (p.at, p.id));

        Self {
            title: session.title.clone(),
            today,
            mitigations,
            accepted,
            parked,
            not_listed,
        }
    }

    /// How many essential mitigations are past their due date.
    pub fn overdue(&self) -> usize {
        self.mitigations
            .iter()
            .filter(|t| t.overdue_days.is_some())
            .count()
    }

    /// The one-line count under the title.
    fn counts(&self) -> String {
        format!(
            "{} not done ({} overdue), {} to re-check, {} still open",
            plural(
                self.mitigations.len(),
                "essential mitigation",
                "essential mitigations"
            ),
            self.overdue(),
            plural(self.accepted.len(), "accepted risk", "accepted risks"),
            plural(self.parked.len(), "parked item", "parked items"),
        )
    }

    fn footer(&self) -> String {
        let n = self.not_listed;
        format!(
            "Not listed: {} (not essential), {} done, {} marked won't do.",
            plural(
                n.ideas,
                "mitigation that is an idea",
                "mitigations that are ideas"
            ),
            plural(n.done, "essential mitigation", "essential mitigations"),
            n.wont_do,
        )
    }

    /// Text for the terminal: every piece of the record's text cleaned,
    /// the tags, dates and owners in aligned columns, the titles last.
    pub fn text(&self, record: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Follow-up of \"{}\" ({}) as of {}",
            clean(&self.title),
            clean(record),
            self.today
        );
        let _ = writeln!(out, "{}\n", self.counts());

        let _ = writeln!(
            out,
            "Essential mitigations not done ({}; {} overdue)",
            self.mitigations.len(),
            self.overdue()
        );
        if self.mitigations.is_empty() {
            let _ = writeln!(out, "  None.");
        }
        let rows: Vec<[String; 5]> = self
            .mitigations
            .iter()
            .map(|t| {
                [
                    format!("M{}", t.id),
                    t.due.map_or("no due date".to_owned(), |d| d.to_string()),
                    match t.overdue_days {
                        Some(d) => format!("OVERDUE by {}", plural_days(d)),
                        None => {
                            t.due
                                .map_or(String::new(), |d| match days_between(self.today, d) {
                                    0 => "due today".to_owned(),
                                    n => format!("in {}", plural_days(n)),
                                })
                        }
                    },
                    if t.owner.trim().is_empty() {
                        "nobody".to_owned()
                    } else {
                        clean(&t.owner)
                    },
                    t.status.to_owned(),
                ]
            })
            .collect();
        let widths = column_widths(&rows);
        for (t, row) in self.mitigations.iter().zip(&rows) {
            let lead = aligned(row, &widths);
            let _ = writeln!(out, "  {lead}  {}", clean(&t.title));
            let pad = " ".repeat(width(&lead) + 4);
            let tames = if t.threats.is_empty() {
                "tames no threat".to_owned()
            } else {
                let names: Vec<String> = t
                    .threats
                    .iter()
                    .map(|r| match &r.title {
                        Some(title) => format!("T{} {}", r.id, clean(title)),
                        None => format!("T{} (deleted)", r.id),
                    })
                    .collect();
                format!("tames {}", names.join("; "))
            };
            let _ = writeln!(out, "{pad}{tames}");
            if let Some(story) = &t.story {
                let _ = writeln!(out, "{pad}added by the story \"{}\"", clean(story));
            }
        }

        let _ = writeln!(
            out,
            "\nAccepted risks to re-check ({})",
            self.accepted.len()
        );
        if self.accepted.is_empty() {
            let _ = writeln!(out, "  None.");
        }
        let rows: Vec<[String; 3]> = self
            .accepted
            .iter()
            .map(|a| {
                [
                    format!("T{}", a.threat),
                    a.rating.clone().unwrap_or_else(|| "not rated".to_owned()),
                    match (a.accepted, a.age_days) {
                        (Some(at), Some(age)) => {
                            format!("accepted {} ({})", at.date_naive(), ago(age))
                        }
                        _ => "accepted (when unknown)".to_owned(),
                    },
                ]
            })
            .collect();
        let widths = column_widths(&rows);
        for (a, row) in self.accepted.iter().zip(&rows) {
            let lead = aligned(row, &widths);
            let _ = writeln!(out, "  {lead}  {}", clean(&a.title));
            let pad = " ".repeat(width(&lead) + 4);
            let by = if a.by.trim().is_empty() {
                "nobody named".to_owned()
            } else {
                clean(&a.by)
            };
            let _ = writeln!(out, "{pad}by {by}: {}", clean(&a.reason));
            if !a.recheck.is_empty() {
                let _ = writeln!(out, "{pad}look again: {}", a.recheck.join("; "));
            }
            if let Some(story) = &a.story {
                let _ = writeln!(out, "{pad}found in the story \"{}\"", clean(story));
            }
        }

        let _ = writeln!(out, "\nParked items still open ({})", self.parked.len());
        if self.parked.is_empty() {
            let _ = writeln!(out, "  None.");
        }
        let rows: Vec<[String; 3]> = self
            .parked
            .iter()
            .map(|p| {
                [
                    format!("P{}", p.id),
                    format!("parked {} ({})", p.at.date_naive(), ago(p.age_days)),
                    p.raised_by
                        .as_ref()
                        .map_or(String::new(), |b| format!("by {}", clean(b))),
                ]
            })
            .collect();
        let widths = column_widths(&rows);
        for (p, row) in self.parked.iter().zip(&rows) {
            let lead = aligned(row, &widths);
            let _ = writeln!(out, "  {lead}  {}", clean(&p.text));
        }
        let _ = writeln!(out, "\n{}", self.footer());
        out
    }

    /// A Markdown checklist: a heading per section, one `- [ ]` item per
    /// thing to do; everything from the record escaped, so nothing typed
    /// becomes markup.
    pub fn markdown(&self, record: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Follow-up: {}\n", or(&self.title, "(untitled)"));
        let _ = writeln!(
            out,
            "As of {}, from {}: {}.\n",
            self.today,
            inline(record),
            self.counts()
        );

        let _ = writeln!(
            out,
            "## Essential mitigations not done ({}, {} overdue)\n",
            self.mitigations.len(),
            self.overdue()
        );
        if self.mitigations.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for t in &self.mitigations {
            let due = match (t.due, t.overdue_days) {
                (Some(d), Some(late)) => format!("due {d}, OVERDUE by {}", plural_days(late)),
                (Some(d), None) => format!("due {d}"),
                (None, _) => "no due date".to_owned(),
            };
            let tames: Vec<String> = t
                .threats
                .iter()
                .map(|r| match &r.title {
                    Some(title) => format!("T{} {}", r.id, or(title, "(untitled)")),
                    None => format!("T{} (deleted)", r.id),
                })
                .collect();
            let tames = if tames.is_empty() {
                "tames no threat".to_owned()
            } else {
                format!("tames {}", tames.join("; "))
            };
            let story = t.story.as_ref().map_or(String::new(), |s| {
                format!("; added by the story {}", or(s, "(untitled)"))
            });
            let _ = writeln!(
                out,
                "- [ ] M{} {}: {due}, owner {}, {}; {tames}{story}",
                t.id,
                or(&t.title, "(untitled)"),
                or(&t.owner, "nobody"),
                t.status
            );
        }

        let _ = writeln!(
            out,
            "\n## Accepted risks to re-check ({})\n",
            self.accepted.len()
        );
        if self.accepted.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for a in &self.accepted {
            let when = match (a.accepted, a.age_days) {
                (Some(at), Some(age)) => format!("on {} ({})", at.date_naive(), ago(age)),
                _ => "(when unknown)".to_owned(),
            };
            let rating = a.rating.as_deref().unwrap_or("not rated");
            let again = if a.recheck.is_empty() {
                String::new()
            } else {
                format!("; look again: {}", inline(&a.recheck.join("; ")))
            };
            let story = a.story.as_ref().map_or(String::new(), |s| {
                format!("; found in the story {}", or(s, "(untitled)"))
            });
            let _ = writeln!(
                out,
                "- [ ] T{} {} ({rating}): accepted by {} {when}: {}{again}{story}",
                a.threat,
                or(&a.title, "(untitled)"),
                or(&a.by, "nobody named"),
                or(&a.reason, "no reason given"),
            );
        }

        let _ = writeln!(
            out,
            "\n## Parked items still open ({})\n",
            self.parked.len()
        );
        if self.parked.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for p in &self.parked {
            let by = p
                .raised_by
                .as_ref()
                .map_or(String::new(), |b| format!(" by {}", or(b, "nobody")));
            let _ = writeln!(
                out,
                "- [ ] P{} {} (parked{by} on {}, {})",
                p.id,
                or(&p.text, "(blank)"),
                p.at.date_naive(),
                ago(p.age_days)
            );
        }
        let _ = writeln!(out, "\n{}", self.footer());
        out
    }

    /// JSON for machines: the same lists, text as the record holds it.
    pub fn json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned());
        out.push('\n');
        out
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn plural_days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// `today`, `3 days ago`, or `in 2 days` for a date after `--today`.
fn ago(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        d if d < 0 => format!("in {}", plural_days(-d)),
        d => format!("{} ago", plural_days(d)),
    }
}

/// `inline` (escaped Markdown), or `fallback` when the text is blank.
fn or(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_owned()
    } else {
        inline(text)
    }
}

/// Cells on the terminal.
fn width(text: &str) -> usize {
    ratatui::text::Span::raw(text).width()
}

fn column_widths<const N: usize>(rows: &[[String; N]]) -> [usize; N] {
    let mut widths = [0; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    widths
}

/// The cells padded to `widths`, two spaces apart (the last one padded
/// too, so what follows lines up).
fn aligned<const N: usize>(row: &[String; N], widths: &[usize; N]) -> String {
    let cells: Vec<String> = row
        .iter()
        .zip(widths)
        .map(|(cell, w)| format!("{cell}{}", " ".repeat(w.saturating_sub(width(cell)))))
        .collect();
    cells.join("  ")
}
