//! Detectors: the people in the room [X.1].

use crate::radar::{Ctx, Flag, Severity};
use crate::session::{ParkedOutcome, Session};

/// How many threats and parked items each participant raised, in the
/// order of `participants`, and their total. A parked item that became a
/// threat is counted once, as the threat (which keeps its raiser). Items
/// raised by no one, or by a name that is not a participant, are left out.
fn tally(s: &Session) -> (Vec<usize>, usize) {
    let mut counts = vec![0; s.participants.len()];
    let mut total = 0;
    let raisers = s.threats.iter().map(|t| t.raised_by.as_deref()).chain(
        s.parking
            .iter()
            .filter(|p| !matches!(p.outcome, Some(ParkedOutcome::Threat(_))))
            .map(|p| p.raised_by.as_deref()),
    );
    for who in raisers.flatten() {
        if let Some(i) = s.participants.iter().position(|p| p == who) {
            counts[i] += 1;
            total += 1;
        }
    }
    (counts, total)
}

/// `Ada`, `Ada and Linus`, `Ada, Grace and Linus`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// [X.1.1] With `voices_min_participants` or more participants and
/// `voices_min_items` or more attributed items (threats' and parked items'
/// `raised_by`, see [`tally`]): one person raised more than
/// `one_voice_percent` of them, or a participant raised none. The
/// facilitator and the note keeper are busy running the session and
/// writing it down, so they are never called silent. The subject is the
/// names involved, so another person dominating or falling silent raises a
/// fresh flag.
pub fn one_voice(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let th = ctx.thresholds;
    if s.participants.is_empty() || s.participants.len() < th.voices_min_participants as usize {
        return None;
    }
    let (counts, total) = tally(s);
    if total == 0 || total < th.voices_min_items as usize {
        return None;
    }
    // The first of the most frequent raisers.
    let (top_at, top) =
        counts.iter().enumerate().fold(
            (0, 0),
            |best, (i, &n)| if n > best.1 { (i, n) } else { best },
        );
    let dominant = top * 100 > th.one_voice_percent as usize * total;
    let busy = |name: &str| {
        s.approach.facilitator.as_deref() == Some(name)
            || s.approach.note_keeper.as_deref() == Some(name)
    };
    let silent: Vec<&str> = s
        .participants
        .iter()
        .zip(&counts)
        .filter(|(name, n)| **n == 0 && !busy(name))
        .map(|(name, _)| name.as_str())
        .collect();
    if !dominant && silent.is_empty() {
        return None;
    }
    let mut subject: Vec<&str> = Vec::new();
    let evidence = if dominant {
        let name = s.participants[top_at].as_str();
        subject.push(name);
        let mut e = format!(
            "{name} raised {top} of the {total} attributed threats and parked items ({}%)",
            top * 100 / total
        );
        if !silent.is_empty() {
            e.push_str(&format!("; {} raised none", and_list(&silent)));
        }
        e
    } else {
        let others: Vec<String> = s
            .participants
            .iter()
            .zip(&counts)
            .filter(|(_, n)| **n > 0)
            .map(|(name, n)| format!("{name} {n}"))
            .collect();
        format!(
            "{} raised none of the {total} attributed threats and parked items ({})",
            and_list(&silent),
            others.join(", ")
        )
    };
    subject.extend(&silent);
    Some(Flag {
        id: "X.1.1",
        subject: subject.join(", "),
        severity: Severity::Info,
        evidence: format!("{evidence}."),
        suggestion: if dominant {
            "Go round the room: each person names one threat before the floor is open again."
        } else {
            "Ask the quiet ones by name what worries them about the card on the table."
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::radar::detect::testkit::Kit;
    use crate::session::{Approach, Change, ParkDraft, ThreatDraft};

    /// Threats raised by each name in turn.
    fn raise(kit: &mut Kit, names: &[(&str, usize)]) {
        for (name, n) in names {
            for i in 0..*n {
                kit.threat_with(ThreatDraft {
                    title: format!("Threat {i} by {name}"),
                    raised_by: Some((*name).into()),
                    ..ThreatDraft::default()
                });
            }
        }
    }

    fn park(kit: &mut Kit, by: &str) {
        kit.apply(Change::Park(ParkDraft {
            text: "Side topic".into(),
            raised_by: Some(by.into()),
        }));
    }

    #[test]
    fn one_voice_fires_and_names_the_silent() {
        let mut kit = Kit::new();
        raise(&mut kit, &[("Ada", 7), ("Grace", 3)]);
        kit.threat("Nobody in particular");
        let f = kit.flag("X.1.1").expect("fires");
        assert_eq!(
            f.evidence,
            "Ada raised 7 of the 10 attributed threats and parked items (70%); Linus raised none."
        );
        assert_eq!(f.title(), "One voice, or a silent one");
        assert_eq!(f.subject, "Ada, Linus");
    }

    #[test]
    fn someone_silent_fires_without_a_dominant_voice() {
        let mut kit = Kit::new();
        raise(&mut kit, &[("Ada", 5), ("Grace", 5)]);
        let f = kit.flag("X.1.1").expect("fires");
        assert_eq!(
            f.evidence,
            "Linus raised none of the 10 attributed threats and parked items (Ada 5, Grace 5)."
        );
        assert_eq!(f.subject, "Linus");
    }

    #[test]
    fn one_voice_is_quiet_at_the_limits() {
        let mut kit = Kit::new();
        raise(&mut kit, &[("Ada", 6), ("Grace", 2)]);
        park(&mut kit, "Linus");
        assert_eq!(kit.flag("X.1.1"), None, "9 items are too few");
        park(&mut kit, "Linus");
        assert_eq!(kit.flag("X.1.1"), None, "6 of 10 is 60%, not more");
        raise(&mut kit, &[("Ada", 1)]);
        assert!(kit.flag("X.1.1").is_some(), "7 of 11");
    }

    #[test]
    fn one_voice_needs_enough_participants() {
        let mut kit = Kit::new();
        kit.apply(Change::SetParticipants(vec!["Ada".into(), "Grace".into()]));
        raise(&mut kit, &[("Ada", 10)]);
        assert_eq!(kit.flag("X.1.1"), None);
    }

    #[test]
    fn one_voice_counts_a_parked_item_once_when_it_becomes_a_threat() {
        let mut kit = Kit::new();
        raise(&mut kit, &[("Ada", 7), ("Grace", 1)]);
        park(&mut kit, "Linus");
        assert_eq!(kit.flag("X.1.1"), None, "9 items are too few");
        let id = kit.session.parking[0].id;
        kit.apply(Change::ParkedToThreat(id));
        assert_eq!(kit.flag("X.1.1"), None, "still 9 items");
        park(&mut kit, "Grace");
        assert!(kit.flag("X.1.1").is_some(), "parked items count: 7 of 10");
    }

    #[test]
    fn a_tie_names_the_first_participant() {
        let mut kit = Kit::new();
        kit.thresholds.one_voice_percent = 40;
        raise(&mut kit, &[("Grace", 5), ("Ada", 5)]);
        assert_eq!(
            kit.flag("X.1.1").map(|f| f.subject),
            Some("Ada, Linus".into())
        );
    }

    #[test]
    fn the_note_keeper_is_never_silent() {
        let mut kit = Kit::new();
        raise(&mut kit, &[("Ada", 5), ("Grace", 5)]);
        assert!(kit.flag("X.1.1").is_some());
        kit.apply(Change::SetApproach(Approach {
            note_keeper: Some("Linus".into()),
            ..Approach::default()
        }));
        assert_eq!(kit.flag("X.1.1"), None);
    }

    #[test]
    fn one_voice_clears_when_others_speak_up() {
        let mut kit = Kit::new();
        raise(&mut kit, &[("Ada", 7), ("Grace", 3)]);
        assert!(kit.flag("X.1.1").is_some());
        raise(&mut kit, &[("Linus", 2)]);
        assert_eq!(kit.flag("X.1.1"), None, "7 of 12 is 58%");
    }
}
