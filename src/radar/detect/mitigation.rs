//! Detectors: mitigation [3.2]: too much, too little, the wrong kind, too
//! vague, or for no threat.
//!
//! Mitigations link to threats by id. Where a detector needs a threat's
//! mitigations, [`tally`] makes one pass over the mitigations' links into
//! one small vector (one entry per threat, found by [`threat_pos`]), so a
//! scan never looks at every mitigation for every threat.

use std::fmt::Write as _;

use super::words::{count, named, quoted, subject, threat_pos};
use crate::radar::{Ctx, Flag, Severity};
use crate::session::{Action, Mitigation, Reduces, SchemeRef, Session, Threat};

/// What will be done for one threat: its mitigations that are not
/// "won't do".
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    /// Essential ones.
    essentials: u32,
    /// Any, essential or idea.
    live: u32,
    /// Any that lowers the harm.
    harm: u32,
}

/// One [`Tally`] per threat, in the order of `s.threats`.
fn tally(s: &Session) -> Vec<Tally> {
    let mut out = vec![Tally::default(); s.threats.len()];
    for m in s.mitigations.iter().filter(|m| m.is_live()) {
        for &id in &m.threats {
            if let Some(t) = threat_pos(&s.threats, id).and_then(|p| out.get_mut(p)) {
                t.live += 1;
                t.essentials += u32::from(m.essential);
                t.harm += u32::from(m.reduces == Reduces::Harm);
            }
        }
    }
    out
}

/// The threats `hit` picks, with their tallies, in list order: gathered
/// once, so counting, naming and the subject do not ask again.
fn picked<'a>(
    s: &'a Session,
    tallies: &'a [Tally],
    hit: impl Fn(&Threat, &Tally) -> bool,
) -> Vec<(&'a Threat, &'a Tally)> {
    s.threats
        .iter()
        .zip(tallies)
        .filter(|(t, n)| hit(t, n))
        .collect()
}

/// [3.2.2] Overkill: a threat rated COULD or NO NEED with more than
/// `overkill_essentials` essential mitigations that will be done.
pub fn overkill(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let most = ctx.thresholds.overkill_essentials;
    // Nothing to count without a mild rating.
    if !s
        .threats
        .iter()
        .any(|t| t.action().is_some_and(|a| !a.is_must_or_should()))
    {
        return None;
    }
    let tallies = tally(s);
    let hits = picked(s, &tallies, |t, n| {
        t.action().is_some_and(|a| !a.is_must_or_should()) && n.essentials > most
    });
    let n = hits.len();
    if n == 0 {
        return None;
    }
    let label = |t: &Threat| t.action().map_or("", Action::label);
    let evidence = if n == 1 {
        let (t, c) = hits.first().copied()?;
        format!(
            "T{} {} is rated {} yet has {} essential mitigations (more than {most}).",
            t.id,
            quoted(&t.title),
            label(t),
            c.essentials
        )
    } else {
        let names = named(hits.iter().copied(), n, |out, (t, c)| {
            let _ = write!(
                out,
                "T{} {} ({}, {})",
                t.id,
                quoted(&t.title),
                label(t),
                c.essentials
            );
        });
        format!(
            "{n} threats rated COULD or NO NEED have more than {most} essential mitigations: {names}."
        )
    };
    Some(Flag {
        id: "3.2.2",
        subject: subject('T', hits.iter().map(|(t, _)| t.id)),
        severity: Severity::Info,
        evidence,
        suggestion: "Keep the cheapest essential or two for it and turn the rest into ideas",
    })
}

/// [3.2.3] Underkill: once phase 3 is over (a step of phase 4 or later on
/// screen, or the session finished), a threat rated MUST that is still to
/// be tamed (undecided or "mitigate", not accepted, transferred, avoided or
/// found no threat) with no essential mitigation that will be done.
pub fn underkill(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if s.finished.is_none() && s.phase() < 4 {
        return None;
    }
    let open_must = |t: &Threat| t.action() == Some(Action::Must) && t.is_to_mitigate();
    if !s.threats.iter().any(open_must) {
        return None;
    }
    let tallies = tally(s);
    let hits = picked(s, &tallies, |t, n| open_must(t) && n.essentials == 0);
    let n = hits.len();
    if n == 0 {
        return None;
    }
    let names = named(hits.iter().copied(), n, |out, (t, _)| {
        let _ = write!(out, "T{} {}", t.id, quoted(&t.title));
    });
    let evidence = if n == 1 {
        format!("{names} is rated MUST but no essential mitigation for it will be done.")
    } else {
        format!("{n} threats rated MUST have no essential mitigation that will be done: {names}.")
    };
    Some(Flag {
        id: "3.2.3",
        subject: subject('T', hits.iter().map(|(t, _)| t.id)),
        severity: Severity::Warn,
        evidence,
        suggestion: "Give each an essential mitigation with an owner, or decide openly to accept, transfer or avoid it",
    })
}

/// The highest impact level of each built-in scheme (`decks/schemes/`),
/// by scheme id. A test checks it against the schemes themselves, so it
/// cannot drift from them.
const TOP_IMPACT: &[(&str, &str)] = &[("paved-road", "high"), ("fine", "severe")];

/// Whether a rating's impact is the highest level of its scheme.
///
/// A [`Ctx`] carries no schemes, and parsing them in a scan would cost more
/// than every detector together, so "high impact" is the last impact level
/// of the scheme the rating names, looked up in [`TOP_IMPACT`] for the
/// built-in schemes. The level order of a team's own scheme is unknown
/// here, so its ratings are never taken for high impact (the detector stays
/// silent rather than guess from level names).
fn is_top_impact(scheme: &SchemeRef, impact: &str) -> bool {
    TOP_IMPACT
        .iter()
        .any(|(id, top)| *top == impact && *id == scheme.id)
}

/// [3.2.10b] Lack of harm reduction: a threat still to be tamed whose
/// impact is the highest of its scheme (see [`is_top_impact`]) and whose
/// mitigations that will be done (at least one, essential or idea) all
/// lower its likelihood: nothing softens the blow when it happens anyway.
pub fn no_harm_reduction(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let high = |t: &Threat| {
        t.is_to_mitigate()
            && t.rating
                .as_deref()
                .is_some_and(|r| is_top_impact(&r.scheme, &r.impact))
    };
    if !s.threats.iter().any(high) {
        return None;
    }
    let tallies = tally(s);
    let hits = picked(s, &tallies, |t, n| n.live > 0 && n.harm == 0 && high(t));
    let n = hits.len();
    if n == 0 {
        return None;
    }
    let evidence = if n == 1 {
        let (t, c) = hits.first().copied()?;
        let impact = t.rating.as_deref().map_or("", |r| r.impact.as_str());
        format!(
            "T{} {} has {impact} impact, and its {} only make it less likely.",
            t.id,
            quoted(&t.title),
            count(c.live as usize, "mitigation", "mitigations")
        )
    } else {
        let names = named(hits.iter().copied(), n, |out, (t, _)| {
            let _ = write!(out, "T{} {}", t.id, quoted(&t.title));
        });
        format!(
            "{n} threats with the highest impact are tamed only by making them less likely: {names}."
        )
    };
    Some(Flag {
        id: "3.2.10b",
        subject: subject('T', hits.iter().map(|(t, _)| t.id)),
        severity: Severity::Info,
        evidence,
        suggestion: "Assume it happens: add a helmet, not another lock (encrypt, store less, limit rights, detect and respond)",
    })
}

/// What a mitigation lacks to be clear: acceptance criteria, an owner, or
/// both; `None` when it has both.
fn lacks(m: &Mitigation) -> Option<&'static str> {
    match (m.criteria.trim().is_empty(), m.owner.trim().is_empty()) {
        (true, true) => Some("no acceptance criteria and no owner"),
        (true, false) => Some("no acceptance criteria"),
        (false, true) => Some("no owner"),
        (false, false) => None,
    }
}

/// [3.2.11] Vague mitigation: an essential mitigation that will be done
/// but has no acceptance criteria, or no owner, or neither. The evidence
/// says which is missing for each.
pub fn vague_mitigation(ctx: &Ctx) -> Option<Flag> {
    let vague: Vec<(&Mitigation, &str)> = ctx
        .session
        .mitigations
        .iter()
        .filter(|m| m.essential && m.is_live())
        .filter_map(|m| lacks(m).map(|what| (m, what)))
        .collect();
    let n = vague.len();
    let evidence = match vague.as_slice() {
        [] => return None,
        [(m, what)] => format!(
            "M{} {} is essential but has {what}.",
            m.id,
            quoted(&m.title)
        ),
        _ => {
            let names = named(vague.iter(), n, |out, (m, what)| {
                let _ = write!(out, "M{} {} ({what})", m.id, quoted(&m.title));
            });
            format!("{n} essential mitigations are vague: {names}.")
        }
    };
    Some(Flag {
        id: "3.2.11",
        subject: subject('M', vague.iter().map(|(m, _)| m.id)),
        severity: Severity::Warn,
        evidence,
        suggestion: "Give each a one-line 'done when' and a person who answers for it",
    })
}

/// [3.2.12] Essentials mixed with ideas. The seed has two halves. In tamer
/// the first cannot happen: the mitigation form makes every mitigation
/// either essential or an idea, so none is left without that choice. This
/// detector watches the other half: a mitigation that will be done
/// (essential or idea) linked to no threat, so nobody can tell why it is
/// needed, nor whether it is essential to anything.
pub fn essentials_and_ideas(ctx: &Ctx) -> Option<Flag> {
    let orphan = |m: &&Mitigation| m.is_live() && m.threats.is_empty();
    let all = &ctx.session.mitigations;
    let n = all.iter().filter(orphan).count();
    if n == 0 {
        return None;
    }
    let names = named(all.iter().filter(orphan), n, |out, m| {
        let _ = write!(out, "M{} {}", m.id, quoted(&m.title));
    });
    let evidence = if n == 1 {
        format!("{names} is linked to no threat, so nobody can tell why it is needed.")
    } else {
        format!("{n} mitigations are linked to no threat, so nobody can tell why: {names}.")
    };
    Some(Flag {
        id: "3.2.12",
        subject: subject('M', all.iter().filter(orphan).map(|m| m.id)),
        severity: Severity::Info,
        evidence,
        suggestion: "Link each to the threats it tames, or drop it",
    })
}

#[cfg(test)]
mod tests {
    use super::TOP_IMPACT;
    use crate::clock::Clock;
    use crate::radar::Severity;
    use crate::radar::detect::testkit::Kit;
    use crate::session::rating::builtin_schemes;
    use crate::session::{
        Change, Decision, MitigationDraft, MitigationStatus, RatingDraft, Reduces,
    };

    /// A session in the rate step with threats titled `titles`.
    fn rating(titles: &[&str]) -> (Kit, Vec<u32>) {
        let mut kit = Kit::new();
        kit.go_to("rate");
        let ids = titles.iter().map(|t| kit.threat(t)).collect();
        (kit, ids)
    }

    /// A clear essential mitigation (criteria and owner) for `threats`
    /// that lowers the likelihood.
    fn essential(title: &str, threats: &[u32]) -> MitigationDraft {
        MitigationDraft {
            essential: true,
            criteria: "Checked in review".into(),
            owner: "Grace".into(),
            ..MitigationDraft::new(title, threats)
        }
    }

    fn idea(title: &str, threats: &[u32]) -> MitigationDraft {
        MitigationDraft {
            essential: false,
            ..essential(title, threats)
        }
    }

    fn wont_do(draft: MitigationDraft) -> MitigationDraft {
        MitigationDraft {
            status: MitigationStatus::WontDo {
                reason: "Too costly".into(),
            },
            ..draft
        }
    }

    /// Edits mitigation `id` with `f`.
    fn edit(kit: &mut Kit, id: u32, f: impl FnOnce(&mut MitigationDraft)) {
        let m = kit.session.mitigation(id).expect("exists");
        let mut draft = MitigationDraft::of(m);
        f(&mut draft);
        kit.apply(Change::EditMitigation(id, draft));
    }

    // [3.2.2]

    #[test]
    fn a_could_threat_with_many_essentials_is_overkill_until_one_becomes_an_idea() {
        let (mut kit, t) = rating(&["Verbose errors"]);
        kit.rate(t[0], "low", "medium");
        let ms: Vec<u32> = (1..=4)
            .map(|i| kit.mitigation(essential(&format!("Fix {i}"), &t)))
            .collect();
        let f = kit.flag("3.2.2").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("T1", Severity::Info));
        assert_eq!(
            f.evidence,
            "T1 'Verbose errors' is rated COULD yet has 4 essential mitigations (more than 3)."
        );
        edit(&mut kit, ms[3], |d| d.essential = false);
        assert_eq!(kit.flag("3.2.2"), None);
    }

    #[test]
    fn overkill_on_several_threats_names_each_with_its_count() {
        let (mut kit, t) = rating(&["Verbose errors", "Old banner"]);
        kit.rate(t[0], "low", "medium");
        kit.rate(t[1], "low", "low");
        for i in 1..=4 {
            kit.mitigation(essential(&format!("Fix {i}"), &t));
        }
        kit.mitigation(essential("One more", &[t[1]]));
        let f = kit.flag("3.2.2").expect("raised");
        assert_eq!(f.subject, "T1 T2");
        assert_eq!(
            f.evidence,
            "2 threats rated COULD or NO NEED have more than 3 essential mitigations: \
             T1 'Verbose errors' (COULD, 4), T2 'Old banner' (NO NEED, 5)."
        );
    }

    #[test]
    fn three_essentials_or_a_serious_threat_is_not_overkill() {
        let (mut kit, t) = rating(&["Verbose errors", "Card data leak"]);
        kit.rate(t[0], "low", "medium");
        kit.rate(t[1], "high", "high");
        for i in 1..=3 {
            kit.mitigation(essential(&format!("Fix {i}"), &t));
        }
        // Neither ideas nor mitigations that won't be done count.
        kit.mitigation(idea("Someday", &t));
        kit.mitigation(wont_do(essential("Never", &t)));
        kit.mitigation(essential("Only for the MUST", &[t[1]]));
        assert_eq!(kit.flag("3.2.2"), None);
    }

    // [3.2.3]

    #[test]
    fn a_must_threat_without_essentials_is_underkill_once_phase_3_is_over() {
        let (mut kit, t) = rating(&["Card data leak", "Replay"]);
        kit.rate(t[0], "high", "high");
        kit.rate(t[1], "medium", "medium");
        kit.mitigation(wont_do(essential("Tokenise cards", &[t[0]])));
        kit.mitigation(idea("Audit log", &[t[0]]));
        kit.go_to("residual");
        assert_eq!(kit.flag("3.2.3"), None, "still planning");
        kit.go_to("review");
        let f = kit.flag("3.2.3").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("T1", Severity::Warn));
        assert_eq!(
            f.evidence,
            "T1 'Card data leak' is rated MUST but no essential mitigation for it will be done."
        );
        kit.mitigation(essential("Encrypt at rest", &[t[0]]));
        assert_eq!(kit.flag("3.2.3"), None);
    }

    #[test]
    fn underkill_of_several_threats_names_them_after_the_session_ends() {
        let (mut kit, t) = rating(&["Card data leak", "Replay"]);
        kit.rate(t[0], "high", "high");
        kit.rate(t[1], "high", "medium");
        kit.decide(t[1], Decision::Mitigate);
        kit.go_to("wrap-up");
        let now = kit.clock.now();
        kit.session.next(now);
        assert!(kit.session.finished.is_some());
        let f = kit.flag("3.2.3").expect("raised");
        assert_eq!(f.subject, "T1 T2");
        assert_eq!(
            f.evidence,
            "2 threats rated MUST have no essential mitigation that will be done: \
             T1 'Card data leak', T2 'Replay'."
        );
    }

    #[test]
    fn a_tamed_or_openly_decided_or_should_threat_is_not_underkill() {
        let (mut kit, t) = rating(&["Card data leak", "Replay", "Forged webhook"]);
        kit.rate(t[0], "high", "high");
        kit.mitigation(essential("Tokenise cards", &[t[0]]));
        kit.rate(t[1], "high", "high");
        kit.decide(
            t[1],
            Decision::Transfer {
                to: "Payment provider".into(),
            },
        );
        kit.rate(t[2], "medium", "medium");
        kit.go_to("review");
        assert_eq!(kit.flag("3.2.3"), None);
    }

    // [3.2.10b]

    #[test]
    fn the_top_impact_table_matches_the_built_in_schemes() {
        let schemes = builtin_schemes();
        assert_eq!(schemes.len(), TOP_IMPACT.len());
        for s in &schemes {
            let top = s.impact.last().map(|l| l.id.as_str());
            let known = TOP_IMPACT.iter().find(|(id, _)| *id == s.id).map(|t| t.1);
            assert_eq!(known, top, "scheme {}", s.id);
        }
    }

    #[test]
    fn a_high_impact_threat_tamed_only_by_locks_lacks_a_helmet_until_one_is_added() {
        let (mut kit, t) = rating(&["Card data leak"]);
        kit.rate(t[0], "low", "high");
        kit.mitigation(essential("Tokenise cards", &t));
        kit.mitigation(essential("Pen test", &t));
        // A helmet that won't be done is no helmet.
        kit.mitigation(MitigationDraft {
            reduces: Reduces::Harm,
            ..wont_do(essential("Encrypt at rest", &t))
        });
        let f = kit.flag("3.2.10b").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("T1", Severity::Info));
        assert_eq!(
            f.evidence,
            "T1 'Card data leak' has high impact, and its 2 mitigations only make it less likely."
        );
        kit.mitigation(MitigationDraft {
            reduces: Reduces::Harm,
            ..idea("Alert on bulk reads", &t)
        });
        assert_eq!(kit.flag("3.2.10b"), None);
    }

    #[test]
    fn below_the_top_impact_without_mitigations_or_accepted_there_is_no_flag() {
        let (mut kit, t) = rating(&["Card data leak", "Replay"]);
        // High likelihood, medium impact: MUST, but not the top impact.
        kit.rate(t[0], "high", "medium");
        kit.mitigation(essential("Nonces", &[t[0]]));
        // Top impact, but nothing planned yet (that is underkill's matter).
        kit.rate(t[1], "high", "high");
        // Top impact, only locks, but the team lives with it.
        let t3 = kit.threat("Forged webhook");
        kit.rate(t3, "low", "high");
        kit.mitigation(idea("Sign webhooks", &[t3]));
        kit.decide(
            t3,
            Decision::Accept {
                reason: "The provider signs them".into(),
                by: "Ada".into(),
            },
        );
        assert_eq!(kit.flag("3.2.10b"), None);
    }

    #[test]
    fn several_high_impact_threats_in_the_fine_scheme_are_named() {
        let (mut kit, t) = rating(&["Card data leak", "Replay", "Forged webhook"]);
        let fine = builtin_schemes()
            .into_iter()
            .find(|s| s.id == "fine")
            .expect("built in");
        kit.apply(Change::SetScheme(fine.reference()));
        for (&id, impact) in t.iter().zip(["severe", "major", "severe"]) {
            kit.apply(Change::rate(id, &fine, RatingDraft::new("rare", impact)));
        }
        kit.mitigation(essential("Lock it all", &t));
        let f = kit.flag("3.2.10b").expect("raised");
        assert_eq!(f.subject, "T1 T3");
        assert_eq!(
            f.evidence,
            "2 threats with the highest impact are tamed only by making them less likely: \
             T1 'Card data leak', T3 'Forged webhook'."
        );
    }

    // [3.2.11]

    #[test]
    fn an_essential_without_owner_is_vague_until_someone_takes_it() {
        let (mut kit, t) = rating(&["Replay"]);
        let m = kit.mitigation(MitigationDraft {
            owner: String::new(),
            ..essential("Rate limit", &t)
        });
        let f = kit.flag("3.2.11").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("M1", Severity::Warn));
        assert_eq!(f.evidence, "M1 'Rate limit' is essential but has no owner.");
        edit(&mut kit, m, |d| d.owner = "Linus".into());
        assert_eq!(kit.flag("3.2.11"), None);
    }

    #[test]
    fn vague_essentials_say_what_each_lacks() {
        let (mut kit, t) = rating(&["Replay"]);
        kit.mitigation(MitigationDraft {
            criteria: String::new(),
            owner: String::new(),
            ..essential("Login", &t)
        });
        assert_eq!(
            kit.flag("3.2.11").map(|f| f.evidence).as_deref(),
            Some("M1 'Login' is essential but has no acceptance criteria and no owner.")
        );
        kit.mitigation(MitigationDraft {
            criteria: " ".into(),
            ..essential("A much longer title than anyone should write", &t)
        });
        let f = kit.flag("3.2.11").expect("raised");
        assert_eq!(f.subject, "M1 M2");
        assert_eq!(
            f.evidence,
            "2 essential mitigations are vague: M1 'Login' (no acceptance criteria and no owner), \
             M2 'A much longer title than anyone should w…' (no acceptance criteria)."
        );
    }

    #[test]
    fn vague_ideas_and_dropped_essentials_do_not_count() {
        let (mut kit, t) = rating(&["Replay"]);
        kit.mitigation(MitigationDraft {
            criteria: String::new(),
            owner: String::new(),
            ..idea("Someday", &t)
        });
        kit.mitigation(MitigationDraft {
            owner: String::new(),
            ..wont_do(essential("Never", &t))
        });
        kit.mitigation(essential("Clear", &t));
        assert_eq!(kit.flag("3.2.11"), None);
    }

    // [3.2.12]

    #[test]
    fn a_mitigation_for_no_threat_is_flagged_until_it_is_linked() {
        let (mut kit, t) = rating(&["Replay"]);
        let m = kit.mitigation(idea("Web application firewall", &[]));
        let f = kit.flag("3.2.12").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("M1", Severity::Info));
        assert_eq!(
            f.evidence,
            "M1 'Web application firewall' is linked to no threat, so nobody can tell why it is needed."
        );
        kit.apply(Change::LinkMitigation {
            mitigation: m,
            threat: t[0],
        });
        assert_eq!(kit.flag("3.2.12"), None);
    }

    #[test]
    fn several_mitigations_for_no_threat_are_named_first_few() {
        let (mut kit, _) = rating(&[]);
        for title in ["A", "B", "C", "D", "E"] {
            kit.mitigation(essential(title, &[]));
        }
        let f = kit.flag("3.2.12").expect("raised");
        assert_eq!(f.subject, "M1 M2 M3 M4 M5");
        assert_eq!(
            f.evidence,
            "5 mitigations are linked to no threat, so nobody can tell why: \
             M1 'A', M2 'B', M3 'C' and 2 more."
        );
    }

    #[test]
    fn a_linked_or_dropped_mitigation_is_no_orphan() {
        let (mut kit, t) = rating(&["Replay"]);
        kit.mitigation(essential("Nonces", &t));
        kit.mitigation(wont_do(idea("Firewall", &[])));
        assert_eq!(kit.flag("3.2.12"), None);
    }
}
