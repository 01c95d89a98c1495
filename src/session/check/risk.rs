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

#[cfg(test)]
mod tests {
    use super::super::tests::{paths, session};
    use crate::session::{
        Action, Decision, Effort, Mitigation, MitigationStatus, Rating, Reduces, RetroLine, Review,
        SchemeRef,
    };

    fn rating(s: &crate::session::Session) -> Rating {
        Rating {
            scheme: SchemeRef::default(),
            likelihood: "low".into(),
            impact: "high".into(),
            suggested: Action::Should,
            action: Action::Should,
            override_reason: String::new(),
            at: s.created,
        }
    }

    fn mitigation() -> Mitigation {
        Mitigation {
            id: 1,
            title: "Sign requests".into(),
            description: "HMAC\nand a timestamp".into(),
            essential: true,
            reduces: Reduces::Likelihood,
            criteria: "A replay is refused".into(),
            effort: Effort::Small,
            owner: "Someone from ops".into(),
            due: None,
            status: MitigationStatus::Planned,
            threats: vec![1],
        }
    }

    #[test]
    fn a_session_with_everything_right_has_no_problems() {
        let mut s = session();
        let r = rating(&s);
        s.threats[0].rating = Some(Box::new(r.clone()));
        s.threats[0].residual = Some(Box::new(Rating {
            action: Action::Could,
            override_reason: "Helmets on".into(),
            ..r
        }));
        s.threats[0].decision = Some(Decision::Accept {
            reason: "Cheap".into(),
            by: "Grace".into(),
        });
        s.threats[0].key = Some(1);
        s.threats[0].review = Some(Review {
            ok: true,
            note: String::new(),
        });
        s.mitigations.push(mitigation());
        s.retro.lessons.push(RetroLine {
            text: "Park early".into(),
            by: Some("Ada".into()),
        });
        assert_eq!(paths(&s), Vec::<String>::new());
    }

    #[test]
    fn the_scheme_and_ratings_name_what_they_need() {
        let mut s = session();
        s.scheme = SchemeRef {
            id: " ".into(),
            version: 0,
        };
        let r = rating(&s);
        s.threats[0].rating = Some(Box::new(Rating {
            likelihood: String::new(),
            impact: "a\u{7}".into(),
            action: Action::Must,
            ..r.clone()
        }));
        s.threats[0].residual = Some(Box::new(Rating {
            override_reason: "Why not".into(),
            at: s.created + chrono::Duration::days(400 * 3650),
            ..r
        }));
        assert_eq!(
            paths(&s),
            [
                "session.scheme.id",
                "session.scheme.version",
                "session.threats[0].rating.likelihood",
                "session.threats[0].rating.impact",
                "session.threats[0].rating.override_reason",
                "session.threats[0].residual.override_reason",
                "session.threats[0].residual.at",
            ]
        );
    }

    #[test]
    fn a_residual_without_a_rating_and_key_ranks_with_gaps_or_twins() {
        let mut s = session();
        s.threats[0].residual = Some(Box::new(rating(&s)));
        let mut twin = s.threats[0].clone();
        twin.id = 2;
        twin.residual = None;
        s.threats.push(twin.clone());
        twin.id = 3;
        s.threats.push(twin);
        s.threats[0].key = Some(1);
        s.threats[1].key = Some(1);
        s.threats[2].key = Some(4);
        let problems = super::super::check(&s);
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "session.threats[0].residual: a residual rating needs a rating first",
                "session.threats[1].key: key rank 1 is given twice",
                "session.threats[2].key: key rank 4 is outside 1 to 3; ranks run from 1 without gaps",
            ]
        );
    }

    #[test]
    fn decisions_need_their_reasons_and_a_participant_to_accept() {
        let mut s = session();
        for (i, d) in [
            Decision::Accept {
                reason: " ".into(),
                by: "Mallory".into(),
            },
            Decision::Accept {
                reason: "Fine".into(),
                by: String::new(),
            },
            Decision::Transfer { to: String::new() },
            Decision::Avoid { how: "a\nb".into() },
            Decision::NotAThreat { reason: "".into() },
        ]
        .into_iter()
        .enumerate()
        {
            let mut t = s.threats[0].clone();
            t.id = u32::try_from(i).expect("small") + 2;
            t.decision = Some(d);
            s.threats.push(t);
        }
        s.threats[0].review = Some(Review {
            ok: false,
            note: " ".into(),
        });
        assert_eq!(
            paths(&s),
            [
                "session.threats[0].review.note",
                "session.threats[1].decision.reason",
                "session.threats[1].decision.by",
                "session.threats[2].decision.by",
                "session.threats[3].decision.to",
                "session.threats[4].decision.how",
                "session.threats[5].decision.reason",
            ]
        );
    }

    #[test]
    fn mitigations_have_unique_ids_titles_and_links_to_threats_that_exist() {
        let mut s = session();
        s.mitigations.push(mitigation());
        s.mitigations.push(Mitigation {
            title: "\t".into(),
            criteria: "one\ntwo".into(),
            owner: "a\u{1b}".into(),
            due: chrono::NaiveDate::from_ymd_opt(3001, 1, 1),
            status: MitigationStatus::WontDo { reason: " ".into() },
            threats: vec![1, 9, 1],
            ..mitigation()
        });
        s.mitigations.push(Mitigation {
            id: 0,
            description: "fine\nhere".into(),
            threats: vec![],
            ..mitigation()
        });
        assert_eq!(
            paths(&s),
            [
                "session.mitigations[1].id",
                "session.mitigations[1].title",
                "session.mitigations[1].criteria",
                "session.mitigations[1].owner",
                "session.mitigations[1].due",
                "session.mitigations[1].status",
                "session.mitigations[1].threats[1]",
                "session.mitigations[1].threats[2]",
                "session.mitigations[2].id",
            ]
        );
    }

    #[test]
    fn retro_lines_need_text_and_participants() {
        let mut s = session();
        s.retro.went_well.push(RetroLine {
            text: " ".into(),
            by: None,
        });
        s.retro.change.push(RetroLine {
            text: "Fine".into(),
            by: Some("Eve".into()),
        });
        s.retro.lessons.push(RetroLine {
            text: "a\nb".into(),
            by: Some("Ada".into()),
        });
        assert_eq!(
            paths(&s),
            [
                "session.retro.went_well[0].text",
                "session.retro.change[0].by",
                "session.retro.lessons[0].text",
            ]
        );
    }
}
