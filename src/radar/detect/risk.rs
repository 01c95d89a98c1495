//! Detectors: risk [3.1]: how the team rates its threats and decides.
//!
//! Also the small helpers the detectors of `mitigation` and `close` share:
//! finding a threat by id without building anything, and naming the
//! offenders in a subject and in evidence.

use std::fmt::Write as _;

use super::words::{count, named, quoted, subject, threat_pos};
use crate::radar::{Ctx, Flag, Severity};
use crate::session::{Action, Decision, DecisionKind, EventKind, Threat};

/// The step the team rates in (phase 3 of the built-in script) [3.1.10].
const RATE_STEP: &str = "rate";

/// `n` as a whole percent of `of` (rounded down); 0 of nothing.
fn percent(n: usize, of: usize) -> usize {
    n.saturating_mul(100).checked_div(of).unwrap_or(0)
}

/// Whether `n` of `of` is more than `limit` percent, exactly (no rounding).
fn more_than_percent(n: usize, of: usize, limit: u32) -> bool {
    n.saturating_mul(100) > of.saturating_mul(limit as usize)
}

/// [3.1.1] No risk assessment: threats that already have mitigations that
/// will be done (essential or ideas, anything but "won't do") but were never
/// rated, so nobody knows whether they deserve the effort. One pass over
/// the mitigations' links; the subject lists the threats.
pub fn no_risk_assessment(ctx: &Ctx) -> Option<Flag> {
    let threats = &ctx.session.threats;
    if threats.iter().all(|t| t.rating.is_some()) {
        return None;
    }
    // One mark per threat, by position: no sorting, no duplicates.
    let mut marked = vec![false; threats.len()];
    for m in ctx.session.mitigations.iter().filter(|m| m.is_live()) {
        for &id in &m.threats {
            if let Some(p) = threat_pos(threats, id) {
                marked[p] = true;
            }
        }
    }
    let unrated: Vec<&Threat> = threats
        .iter()
        .zip(&marked)
        .filter(|(t, marked)| **marked && t.rating.is_none())
        .map(|(t, _)| t)
        .collect();
    if unrated.is_empty() {
        return None;
    }
    let n = unrated.len();
    let names = named(unrated.iter(), n, |out, t| {
        let _ = write!(out, "T{} {}", t.id, quoted(&t.title));
    });
    let evidence = if n == 1 {
        format!("{names} has mitigations planned but no rating.")
    } else {
        format!("{n} threats have mitigations planned but no rating: {names}.")
    };
    Some(Flag {
        id: "3.1.1",
        subject: subject('T', unrated.iter().map(|t| t.id)),
        severity: Severity::Info,
        evidence,
        suggestion: "Rate these threats first, so the effort goes where the risk is",
    })
}

/// [3.1.4] Bad accept: a threat rated MUST or SHOULD that the team decided
/// to live with. The evidence names who accepted each.
pub fn bad_accept(ctx: &Ctx) -> Option<Flag> {
    let bad = |t: &&Threat| {
        t.action().is_some_and(Action::is_must_or_should)
            && matches!(t.decision, Some(Decision::Accept { .. }))
    };
    let threats = &ctx.session.threats;
    let n = threats.iter().filter(bad).count();
    if n == 0 {
        return None;
    }
    let by = |t: &Threat| match &t.decision {
        Some(Decision::Accept { by, .. }) => by.clone(),
        _ => String::new(),
    };
    let action = |t: &Threat| t.action().map_or("", Action::label);
    let evidence = if n == 1 {
        let t = threats.iter().find(bad)?;
        format!(
            "T{} {} is rated {} but was accepted by {}.",
            t.id,
            quoted(&t.title),
            action(t),
            by(t)
        )
    } else {
        let names = named(threats.iter().filter(bad), n, |out, t| {
            let _ = write!(
                out,
                "T{} {} ({}, by {})",
                t.id,
                quoted(&t.title),
                action(t),
                by(t)
            );
        });
        format!("{n} threats rated MUST or SHOULD were accepted: {names}.")
    };
    Some(Flag {
        id: "3.1.4",
        subject: subject('T', threats.iter().filter(bad).map(|t| t.id)),
        severity: Severity::Warn,
        evidence,
        suggestion: "Go over each accept again: tame the threat, or write down why the risk is bearable",
    })
}

/// The rated threats, and how many of them `hit` picks.
fn rated_share(ctx: &Ctx, hit: impl Fn(Action) -> bool) -> (usize, usize) {
    ctx.session
        .threats
        .iter()
        .filter_map(Threat::action)
        .fold((0, 0), |(rated, hits), a| {
            (rated + 1, hits + usize::from(hit(a)))
        })
}

/// [3.1.5] All-acceptable bias: with at least `bias_min_rated` rated
/// threats, more than `all_acceptable_percent` of them COULD or NO NEED.
pub fn all_acceptable(ctx: &Ctx) -> Option<Flag> {
    let th = ctx.thresholds;
    let (rated, low) = rated_share(ctx, |a| !a.is_must_or_should());
    if rated < th.bias_min_rated as usize
        || !more_than_percent(low, rated, th.all_acceptable_percent)
    {
        return None;
    }
    Some(Flag {
        id: "3.1.5",
        subject: String::new(),
        severity: Severity::Info,
        evidence: format!(
            "{low} of {rated} rated threats ({}%) are COULD or NO NEED (more than {}%).",
            percent(low, rated),
            th.all_acceptable_percent
        ),
        suggestion: "Take the worst of them and ask if you would sign off on it; if not, question the scheme",
    })
}

/// [3.1.7] All-critical bias: with at least `bias_min_rated` rated
/// threats, more than `all_critical_percent` of them MUST.
pub fn all_critical(ctx: &Ctx) -> Option<Flag> {
    let th = ctx.thresholds;
    let (rated, must) = rated_share(ctx, |a| a == Action::Must);
    if rated < th.bias_min_rated as usize
        || !more_than_percent(must, rated, th.all_critical_percent)
    {
        return None;
    }
    Some(Flag {
        id: "3.1.7",
        subject: String::new(),
        severity: Severity::Info,
        evidence: format!(
            "{must} of {rated} rated threats ({}%) are MUST (more than {}%).",
            percent(must, rated),
            th.all_critical_percent
        ),
        suggestion: "Pick the mildest MUST and ask what really happens if it waits; if little, question the scheme",
    })
}

/// [3.1.8] Untrusted scheme: with at least `override_min_rated` ratings,
/// more than `override_percent` of them overrode the scheme's suggestion.
/// The evidence says how many went up (the team fears more than the
/// scheme) so the team knows which way the scheme is off.
pub fn untrusted_scheme(ctx: &Ctx) -> Option<Flag> {
    let th = ctx.thresholds;
    let (rated, overridden, up) = ctx
        .session
        .threats
        .iter()
        .filter_map(|t| t.rating.as_deref())
        .fold((0usize, 0usize, 0usize), |(n, o, up), r| {
            let over = r.is_override();
            let higher = over && r.action.strength() > r.suggested.strength();
            (n + 1, o + usize::from(over), up + usize::from(higher))
        });
    if rated < th.override_min_rated as usize
        || !more_than_percent(overridden, rated, th.override_percent)
    {
        return None;
    }
    Some(Flag {
        id: "3.1.8",
        subject: String::new(),
        severity: Severity::Info,
        evidence: format!(
            "{overridden} of {rated} ratings ({}%) overrode the scheme's suggestion \
             (more than {}%); {up} of them went higher.",
            percent(overridden, rated),
            th.override_percent
        ),
        suggestion: "Note where the scheme misjudges and fix it after the session, with a new version",
    })
}

/// `m:ss`.
fn clock(secs: i64) -> String {
    let secs = secs.max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// [3.1.10] Never-ending risk assessment. Judged only while the step on
/// screen is `rate` and some threat still needs a rating (not rated, not
/// decided "not a threat", as the rating progress counts them). It fires
/// when either holds:
///
/// - the pace: the time spent in the step (its clock: breaks do not count,
///   every visit does) over the ratings made while it was on screen (the
///   `RatingSet` events logged then, found in one pass back over the
///   timeline; a re-rating counts, it is work done) is more than
///   `minutes_per_rating`. To be fair to a team that has just begun, the
///   pace is judged only once the step has run longer than two ratings
///   should take (2 × `minutes_per_rating`): the first minutes, when the
///   team warms up to the scheme, are never judged; no rating at all by
///   then fires;
/// - the box: the step ran past its time box with threats unrated.
pub fn never_ending_rating(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if s.finished.is_some() {
        return None;
    }
    let step = s.step().filter(|st| st.id == RATE_STEP)?;
    let left = s
        .threats
        .iter()
        .filter(|t| t.rating.is_none())
        .filter(|t| t.decision.as_ref().map(Decision::kind) != Some(DecisionKind::NotAThreat))
        .count();
    if left == 0 {
        return None;
    }
    let spent = step.clock.spent(ctx.now);
    let over = -step.clock.remaining(ctx.now);
    let per = i64::from(ctx.thresholds.minutes_per_rating) * 60;
    // The timeline is read only once the pace can be judged.
    let slow = (spent > 2 * per)
        .then(|| ratings_in_rate_step(s))
        .filter(|&n| spent > per.saturating_mul(i64::try_from(n.max(1)).unwrap_or(i64::MAX)));
    let unrated = count(left, "threat is", "threats are");
    let evidence = if let Some(ratings) = slow {
        let pace = if ratings == 0 {
            format!("No rating after {} in the rate step", clock(spent))
        } else {
            format!(
                "{} in the rate step for {}: {} each (more than {} minutes)",
                clock(spent),
                count(ratings, "rating", "ratings"),
                clock(spent / i64::try_from(ratings).unwrap_or(i64::MAX)),
                ctx.thresholds.minutes_per_rating
            )
        };
        let past = if over > 0 {
            format!(", and {} past its box", clock(over))
        } else {
            String::new()
        };
        format!("{pace}{past}; {unrated} still unrated.")
    } else if over > 0 {
        format!(
            "The rate step is {} past its box and {unrated} still unrated.",
            clock(over)
        )
    } else {
        return None;
    };
    Some(Flag {
        id: "3.1.10",
        subject: String::new(),
        severity: Severity::Warn,
        evidence,
        suggestion: "Take the scheme's suggestion unless someone objects in a sentence; rate the rest quickly",
    })
}

/// The ratings made while the rate step was on screen, the step on screen
/// now being `rate`: one pass back over the timeline, knowing before each
/// `StepChanged` which step it left.
fn ratings_in_rate_step(s: &crate::session::Session) -> usize {
    let mut on_rate = true;
    let mut n = 0;
    for e in s.timeline.iter().rev() {
        match &e.kind {
            EventKind::RatingSet { .. } if on_rate => n += 1,
            EventKind::StepChanged { from, .. } => on_rate = from == RATE_STEP,
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use crate::radar::Severity;
    use crate::radar::detect::testkit::Kit;
    use crate::session::{Action, Decision, MitigationDraft, MitigationStatus};

    /// The evidence of flag `id`, if it stands.
    fn evidence(kit: &Kit, id: &str) -> Option<String> {
        kit.flag(id).map(|f| f.evidence)
    }

    /// A session in the rate step with threats titled `titles`.
    fn rating(titles: &[&str]) -> (Kit, Vec<u32>) {
        let mut kit = Kit::new();
        kit.go_to("rate");
        let ids = titles.iter().map(|t| kit.threat(t)).collect();
        (kit, ids)
    }

    fn accept(by: &str) -> Decision {
        Decision::Accept {
            reason: "Cheap to clean up".into(),
            by: by.into(),
        }
    }

    #[test]
    fn threats_are_found_after_deletions_and_in_a_list_out_of_order() {
        use super::super::words::threat_pos;
        use crate::session::Change;
        let (mut kit, t) = rating(&["A", "B", "C", "D", "E"]);
        kit.apply(Change::DeleteThreat(t[1]));
        kit.apply(Change::DeleteThreat(t[2]));
        let threats = &kit.session.threats;
        let found: Vec<Option<usize>> = (0..=6).map(|id| threat_pos(threats, id)).collect();
        assert_eq!(found, [None, Some(0), None, None, Some(1), Some(2), None]);
        let mut shuffled = kit.session.threats.clone();
        shuffled.reverse();
        let found: Vec<Option<usize>> = [1, 4, 5, 2].map(|id| threat_pos(&shuffled, id)).to_vec();
        assert_eq!(found, [Some(2), Some(1), Some(0), None]);
        assert_eq!(threat_pos(&[], 1), None);
    }

    // [3.1.1]

    #[test]
    fn mitigations_for_an_unrated_threat_are_flagged_and_cleared_by_rating_it() {
        let (mut kit, t) = rating(&["Card data leak", "Replay"]);
        kit.mitigation(MitigationDraft::new("Tokenise cards", &[t[0]]));
        let f = kit.flag("3.1.1").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("T1", Severity::Info));
        assert_eq!(
            f.evidence,
            "T1 'Card data leak' has mitigations planned but no rating."
        );
        kit.rate(t[0], "high", "high");
        assert_eq!(kit.flag("3.1.1"), None);
    }

    #[test]
    fn many_unrated_threats_with_mitigations_are_named_first_few() {
        let (mut kit, t) = rating(&["A", "B", "C", "D", "E"]);
        kit.mitigation(MitigationDraft::new("One", &[t[3], t[0]]));
        kit.mitigation(MitigationDraft::new("Two", &[t[1], t[0], t[2]]));
        let f = kit.flag("3.1.1").expect("raised");
        assert_eq!(f.subject, "T1 T2 T3 T4");
        assert_eq!(
            f.evidence,
            "4 threats have mitigations planned but no rating: \
             T1 'A', T2 'B', T3 'C' and 1 more."
        );
    }

    #[test]
    fn a_wont_do_mitigation_or_a_rated_threat_is_no_sign_of_skipped_rating() {
        let (mut kit, t) = rating(&["Card data leak", "Replay"]);
        kit.mitigation(MitigationDraft {
            status: MitigationStatus::WontDo {
                reason: "Too costly".into(),
            },
            ..MitigationDraft::new("Tokenise cards", &[t[0]])
        });
        kit.rate(t[1], "low", "low");
        kit.mitigation(MitigationDraft::new("Nonces", &[t[1]]));
        assert_eq!(evidence(&kit, "3.1.1"), None);
    }

    // [3.1.4]

    #[test]
    fn a_must_threat_accepted_is_a_warning_naming_who_accepted() {
        let (mut kit, t) = rating(&["Card data leak", "Replay"]);
        kit.rate(t[0], "high", "high");
        kit.decide(t[0], accept("Ada"));
        let f = kit.flag("3.1.4").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("T1", Severity::Warn));
        assert_eq!(
            f.evidence,
            "T1 'Card data leak' is rated MUST but was accepted by Ada."
        );
        kit.rate(t[1], "medium", "medium");
        kit.decide(t[1], accept("Grace"));
        let f = kit.flag("3.1.4").expect("still raised");
        assert_eq!(f.subject, "T1 T2", "a new offender is a new subject");
        assert_eq!(
            f.evidence,
            "2 threats rated MUST or SHOULD were accepted: \
             T1 'Card data leak' (MUST, by Ada), T2 'Replay' (SHOULD, by Grace)."
        );
    }

    #[test]
    fn accepting_a_could_threat_is_fine() {
        let (mut kit, t) = rating(&["Verbose errors"]);
        kit.rate(t[0], "low", "medium");
        assert_eq!(kit.session.threats[0].action(), Some(Action::Could));
        kit.decide(t[0], accept("Ada"));
        assert_eq!(kit.flag("3.1.4"), None);
    }

    #[test]
    fn a_bad_accept_clears_when_the_threat_is_mitigated_instead() {
        let (mut kit, t) = rating(&["Card data leak"]);
        kit.rate(t[0], "high", "high");
        kit.decide(t[0], accept("Linus"));
        assert!(kit.flag("3.1.4").is_some());
        kit.decide(t[0], Decision::Mitigate);
        assert_eq!(kit.flag("3.1.4"), None);
    }

    // [3.1.5] and [3.1.7]

    /// Rates `threats` in turn: `musts` high × high (MUST), `lows` low ×
    /// low (NO NEED), the rest medium × medium (SHOULD).
    fn rate_mix(kit: &mut Kit, threats: &[u32], musts: usize, lows: usize) {
        for (i, &t) in threats.iter().enumerate() {
            let level = if i < musts {
                "high"
            } else if i < musts + lows {
                "low"
            } else {
                "medium"
            };
            kit.rate(t, level, level);
        }
    }

    fn threats(kit: &mut Kit, n: usize) -> Vec<u32> {
        (0..n).map(|i| kit.threat(&format!("Threat {i}"))).collect()
    }

    #[test]
    fn mostly_acceptable_ratings_are_flagged_with_counts_and_percent() {
        let (mut kit, _) = rating(&[]);
        let t = threats(&mut kit, 9);
        // 6 of 8: 75%.
        rate_mix(&mut kit, &t[..8], 1, 6);
        let f = kit.flag("3.1.5").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("", Severity::Info));
        assert_eq!(
            f.evidence,
            "6 of 8 rated threats (75%) are COULD or NO NEED (more than 70%)."
        );
        // One more MUST: 6 of 9, 66%.
        kit.rate(t[8], "high", "high");
        assert_eq!(kit.flag("3.1.5"), None);
    }

    #[test]
    fn acceptable_bias_needs_enough_ratings_and_more_than_the_share() {
        let (mut kit, _) = rating(&[]);
        let t = threats(&mut kit, 10);
        // 7 of 7 is all, but fewer than 8 rated.
        rate_mix(&mut kit, &t[..7], 0, 7);
        assert_eq!(kit.flag("3.1.5"), None);
        // 7 of 10 is exactly 70%: not more.
        for &id in &t[7..] {
            kit.rate(id, "high", "high");
        }
        assert_eq!(kit.flag("3.1.5"), None);
    }

    #[test]
    fn mostly_must_ratings_are_flagged_with_counts_and_percent() {
        let (mut kit, _) = rating(&[]);
        let t = threats(&mut kit, 8);
        // 5 of 8: 62.5%.
        rate_mix(&mut kit, &t, 5, 0);
        let f = kit.flag("3.1.7").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("", Severity::Info));
        assert_eq!(
            f.evidence,
            "5 of 8 rated threats (62%) are MUST (more than 60%)."
        );
        // Rated again lower: 4 of 8.
        kit.rate(t[0], "low", "medium");
        assert_eq!(kit.flag("3.1.7"), None);
    }

    #[test]
    fn critical_bias_needs_enough_ratings_and_more_than_the_share() {
        let (mut kit, _) = rating(&[]);
        let t = threats(&mut kit, 10);
        rate_mix(&mut kit, &t[..7], 7, 0);
        assert_eq!(kit.flag("3.1.7"), None, "7 rated, fewer than 8");
        rate_mix(&mut kit, &t[7..], 0, 0);
        // 7 of 10 MUST would be 70%; make it 6 of 10, exactly 60%.
        kit.rate(t[0], "medium", "medium");
        assert_eq!(kit.flag("3.1.7"), None);
        kit.thresholds.all_critical_percent = 59;
        assert!(kit.flag("3.1.7").is_some(), "60% is more than 59%");
    }

    // [3.1.8]

    #[test]
    fn many_overrides_are_flagged_saying_which_way_they_went() {
        let (mut kit, _) = rating(&[]);
        let t = threats(&mut kit, 5);
        // low × low suggests NO NEED; the team says MUST (up).
        kit.rate_as(t[0], "low", "low", Some(Action::Must));
        // high × high suggests MUST; the team says COULD (down).
        kit.rate_as(t[1], "high", "high", Some(Action::Could));
        kit.rate_as(t[2], "low", "low", Some(Action::Should));
        rate_mix(&mut kit, &t[3..], 1, 1);
        let f = kit.flag("3.1.8").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("", Severity::Info));
        assert_eq!(
            f.evidence,
            "3 of 5 ratings (60%) overrode the scheme's suggestion \
             (more than 30%); 2 of them went higher."
        );
        // The team comes round to the suggestions for T2 and T3: 1 of 5.
        kit.rate(t[1], "high", "high");
        kit.rate(t[2], "low", "low");
        assert_eq!(kit.flag("3.1.8"), None);
    }

    #[test]
    fn overrides_are_judged_with_enough_ratings_and_more_than_the_share() {
        let (mut kit, _) = rating(&[]);
        let t = threats(&mut kit, 10);
        kit.rate_as(t[0], "low", "low", Some(Action::Must));
        kit.rate_as(t[1], "low", "low", Some(Action::Must));
        rate_mix(&mut kit, &t[2..4], 1, 1);
        assert_eq!(kit.flag("3.1.8"), None, "2 of 4: too few ratings");
        kit.rate_as(t[4], "low", "low", Some(Action::Should));
        rate_mix(&mut kit, &t[5..], 2, 2);
        assert_eq!(kit.flag("3.1.8"), None, "3 of 10 is 30%, not more");
    }

    // [3.1.10]

    #[test]
    fn a_slow_pace_in_the_rate_step_is_flagged() {
        let (mut kit, t) = rating(&["A", "B", "C", "D", "E"]);
        kit.minutes(1);
        kit.rate(t[0], "high", "high");
        kit.minutes(5);
        assert_eq!(kit.flag("3.1.10"), None, "6:00 is two ratings' time");
        kit.secs(1);
        let f = kit.flag("3.1.10").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("", Severity::Warn));
        assert_eq!(
            f.evidence,
            "6:01 in the rate step for 1 rating: 6:01 each (more than 3 minutes); \
             4 threats are still unrated."
        );
        // Catching up: 3 ratings in 6:01 is a fine pace.
        kit.rate(t[1], "low", "low");
        kit.rate(t[2], "low", "low");
        assert_eq!(kit.flag("3.1.10"), None);
    }

    #[test]
    fn no_rating_at_all_counts_only_ratings_made_in_the_rate_step() {
        let mut kit = Kit::new();
        kit.go_to("key-threats");
        let t = kit.threat("Card data leak");
        kit.threat("Replay");
        kit.rate(t, "high", "high");
        kit.go_to("rate");
        kit.minutes(6);
        assert_eq!(kit.flag("3.1.10"), None);
        kit.secs(30);
        assert_eq!(
            evidence(&kit, "3.1.10").as_deref(),
            Some("No rating after 6:30 in the rate step; 1 threat is still unrated.")
        );
    }

    #[test]
    fn a_fair_pace_is_not_flagged_until_the_box_runs_out() {
        let (mut kit, t) = rating(&["A", "B", "C", "D", "E"]);
        let budget = kit.session.step().map(|s| s.clock.budget_secs);
        assert_eq!(budget, Some(8 * 60));
        for &id in &t[..3] {
            kit.minutes(2);
            kit.rate(id, "medium", "medium");
        }
        // 3 ratings in 7:59: 2:39 each.
        kit.minutes(1);
        kit.secs(59);
        assert_eq!(kit.flag("3.1.10"), None);
        kit.secs(2);
        assert_eq!(
            evidence(&kit, "3.1.10").as_deref(),
            Some("The rate step is 0:01 past its box and 2 threats are still unrated.")
        );
        // Past 9:00 the pace is slow too, and both are said.
        kit.minutes(1);
        assert_eq!(
            evidence(&kit, "3.1.10").as_deref(),
            Some(
                "9:01 in the rate step for 3 ratings: 3:00 each (more than 3 minutes), \
                 and 1:01 past its box; 2 threats are still unrated."
            )
        );
        // Everything rated: nothing drags on any more.
        kit.rate(t[3], "low", "low");
        kit.decide(
            t[4],
            Decision::NotAThreat {
                reason: "Out of scope".into(),
            },
        );
        assert_eq!(kit.flag("3.1.10"), None);
    }

    #[test]
    fn the_pace_is_judged_only_in_the_rate_step() {
        let (mut kit, _) = rating(&["A", "B"]);
        kit.minutes(20);
        assert!(kit.flag("3.1.10").is_some());
        kit.go_to("mitigate");
        assert_eq!(kit.flag("3.1.10"), None);
    }
}
