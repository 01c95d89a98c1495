//! Checks of phase 3 and 4: the scheme, ratings, decisions, key ranks,
//! reviews, mitigations and the retro.

use std::collections::HashSet;

use super::{Checker, FieldPath};
use crate::session::{Decision, MitigationStatus, Rating, RetroList, SchemeRef, Session};

pub(super) fn check_scheme(c: &mut Checker, session: &Session, root: &FieldPath) {
    scheme_ref(c, root.field("scheme"), &session.scheme);
}

fn scheme_ref(c: &mut Checker, at: FieldPath, r: &SchemeRef) {
    c.required(at.field("id"), &r.id, "the scheme's id");
    if r.version == 0 {
        c.problem(at.field("version"), "scheme versions start at 1".into());
    }
}

/// Ratings, residual ratings, decisions, key ranks and reviews of threats.
pub(super) fn check_judgement(c: &mut Checker, session: &Session, root: &FieldPath) {
    let keyed = session.threats.iter().filter(|t| t.key.is_some()).count();
    let mut ranks = HashSet::new();
    for (i, t) in session.threats.iter().enumerate() {
        let at = root.field("threats").index(i);
        if let Some(rank) = t.key {
            let fits = usize::try_from(rank).is_ok_and(|r| (1..=keyed).contains(&r));
            if !fits {
                c.problem(
                    at.field("key"),
                    format!(
                        "key rank {rank} is outside 1 to {keyed}; ranks run from 1 without gaps"
                    ),
                );
            } else if !ranks.insert(rank) {
                c.problem(at.field("key"), format!("key rank {rank} is given twice"));
            }
        }
        if let Some(r) = &t.rating {
            rating(c, at.field("rating"), r);
        }
        if let Some(r) = &t.residual {
            rating(c, at.field("residual"), r);
            if t.rating.is_none() {
                c.problem(
                    at.field("residual"),
                    "a residual rating needs a rating first".into(),
                );
            }
        }
        if let Some(d) = &t.decision {
            decision(c, at.field("decision"), d, &session.participants);
        }
        if let Some(review) = &t.review {
            let note = at.field("review").field("note");
            if review.ok {
                c.text(note, &review.note);
            } else {
                c.required(note, &review.note, "what the threat still needs");
            }
        }
    }
}

fn rating(c: &mut Checker, at: FieldPath, r: &Rating) {
    scheme_ref(c, at.field("scheme"), &r.scheme);
    c.required(at.field("likelihood"), &r.likelihood, "the likelihood");
    c.required(at.field("impact"), &r.impact, "the impact");
    let reason = at.field("override_reason");
    if r.is_override() {
        let what = format!(
            "the reason for {} where the scheme suggests {}",
            r.action, r.suggested
        );
        c.required(reason, &r.override_reason, &what);
    } else if !r.override_reason.is_empty() {
        c.problem(
            reason,
            format!(
                "the rating follows the suggestion ({}), so it has no override reason",
                r.action
            ),
        );
    }
    c.time(at.field("at"), &r.at);
}

fn decision(c: &mut Checker, at: FieldPath, d: &Decision, participants: &[String]) {
    match d {
        Decision::Mitigate => {}
        Decision::Accept { reason, by } => {
            c.required(at.field("reason"), reason, "the reason for accepting");
            if by.trim().is_empty() {
                c.problem(at.field("by"), "who accepts the risk is missing".into());
            } else {
                c.person(at.field("by"), Some(by), participants);
            }
        }
        Decision::Transfer { to } => c.required(at.field("to"), to, "who takes the risk over"),
        Decision::Avoid { how } => c.required(at.field("how"), how, "how the design avoids it"),
        Decision::NotAThreat { reason } => {
            c.required(at.field("reason"), reason, "why it is not a threat");
        }
    }
}

pub(super) fn check_mitigations(
    c: &mut Checker,
    session: &Session,
    root: &FieldPath,
    threats: &HashSet<u32>,
) {
    let mut ids = HashSet::new();
    for (i, m) in session.mitigations.iter().enumerate() {
        let at = root.field("mitigations").index(i);
        c.id(at.field("id"), m.id, &mut ids, "mitigation");
        c.required(at.field("title"), &m.title, "the title");
        c.lines(at.field("description"), &m.description);
        c.text(at.field("criteria"), &m.criteria);
        c.text(at.field("owner"), &m.owner);
        if let Some(due) = &m.due {
            use chrono::Datelike;
            c.year(at.field("due"), due.year(), || due.to_string());
        }
        if let MitigationStatus::WontDo { reason } = &m.status {
            c.required(at.field("status"), reason, "why it will not be done");
        }
        let mut linked = HashSet::new();
        for (j, t) in m.threats.iter().enumerate() {
            let path = at.field("threats").index(j);
            if !threats.contains(t) {
                c.problem(path, format!("threat {t} does not exist"));
            } else if !linked.insert(*t) {
                c.problem(path, format!("threat {t} is linked twice"));
            }
        }
    }
}

pub(super) fn check_retro(c: &mut Checker, session: &Session, root: &FieldPath) {
    for list in RetroList::ALL {
        for (i, line) in session.retro.list(list).iter().enumerate() {
            let at = root.field("retro").field(list.field()).index(i);
            c.required(at.field("text"), &line.text, "the text");
            c.person(at.field("by"), line.by.as_deref(), &session.participants);
        }
    }
}
