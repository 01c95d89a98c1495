//! Detectors: close [3.3], [4.4]: what happens to the plan after the
//! session, and whether the team looks back at how it went.

use std::fmt::Write as _;

use super::words::{named, quoted, subject};
use crate::radar::{Ctx, Flag, Severity};
use crate::session::{EventKind, Mitigation, Session};

/// The end of a session: finished, or its last step on screen.
fn at_end(s: &Session) -> bool {
    s.finished.is_some() || s.current.saturating_add(1) >= s.steps.len()
}

/// An essential mitigation that will be done.
fn essential(m: &Mitigation) -> bool {
    m.essential && m.is_live()
}

/// [3.3.1] Split-brain tracking: at the end, essential mitigations that
/// will be done but that no export (an `Exported` event on the timeline,
/// in any format) has carried out of the session: they live only here,
/// beside the team's real backlog. The exported ids are gathered in one
/// pass over the timeline, sorted, and looked up by binary search.
pub fn split_brain(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !at_end(s) || !s.mitigations.iter().any(essential) {
        return None;
    }
    let mut exports = 0usize;
    let mut exported: Vec<u32> = Vec::new();
    for e in &s.timeline {
        if let EventKind::Exported { mitigations, .. } = &e.kind {
            exports += 1;
            exported.extend_from_slice(mitigations);
        }
    }
    exported.sort_unstable();
    exported.dedup();
    let missing: Vec<&Mitigation> = s
        .mitigations
        .iter()
        .filter(|m| essential(m) && exported.binary_search(&m.id).is_err())
        .collect();
    let n = missing.len();
    if n == 0 {
        return None;
    }
    let names = named(missing.iter(), n, |out, m| {
        let _ = write!(out, "M{} {}", m.id, quoted(&m.title));
    });
    let none = if exports == 0 {
        " (nothing exported yet)"
    } else {
        ""
    };
    let evidence = if n == 1 {
        format!("{names} is essential but in no export{none}.")
    } else {
        format!("{n} essential mitigations are in no export{none}: {names}.")
    };
    Some(Flag {
        id: "3.3.1",
        subject: subject('M', missing.iter().map(|m| m.id)),
        severity: Severity::Warn,
        evidence,
        suggestion: "Export the mitigations and file them where the team tracks all its work",
    })
}

/// [4.4.1] Not reflecting: at the end, the retro has no line in any of its
/// lists (went well, to change, lessons learned).
pub fn not_reflecting(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !at_end(s) || !s.retro.is_empty() {
        return None;
    }
    let evidence = match (s.finished, s.step()) {
        (None, Some(step)) => format!(
            "The session is in its last step ({}) and the retro is empty.",
            step.id
        ),
        _ => "The session has finished and the retro is empty.".to_owned(),
    };
    Some(Flag {
        id: "4.4.1",
        subject: String::new(),
        severity: Severity::Warn,
        evidence,
        suggestion: "Take two minutes: one thing that went well and one to change next time",
    })
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;
    use crate::radar::Severity;
    use crate::radar::detect::testkit::Kit;
    use crate::session::{Change, Event, EventKind, MitigationDraft, MitigationStatus, RetroList};

    fn essential(title: &str, threats: &[u32]) -> MitigationDraft {
        MitigationDraft {
            essential: true,
            criteria: "Checked in review".into(),
            owner: "Grace".into(),
            ..MitigationDraft::new(title, threats)
        }
    }

    /// What an export leaves on the timeline.
    fn export(kit: &mut Kit, mitigations: &[u32]) {
        kit.session.timeline.push(Event {
            at: kit.clock.now(),
            kind: EventKind::Exported {
                format: "markdown".into(),
                mitigations: mitigations.to_vec(),
            },
        });
    }

    fn finish(kit: &mut Kit) {
        kit.go_to("wrap-up");
        let now = kit.clock.now();
        kit.session.next(now);
        assert!(kit.session.finished.is_some());
    }

    // [3.3.1]

    #[test]
    fn essentials_never_exported_are_flagged_at_the_end_until_exported() {
        let mut kit = Kit::new();
        kit.go_to("mitigate");
        let t = kit.threat("Card data leak");
        let m = kit.mitigation(essential("Tokenise cards", &[t]));
        kit.go_to("wrap-up");
        let f = kit.flag("3.3.1").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("M1", Severity::Warn));
        assert_eq!(
            f.evidence,
            "M1 'Tokenise cards' is essential but in no export (nothing exported yet)."
        );
        export(&mut kit, &[m]);
        assert_eq!(kit.flag("3.3.1"), None);
    }

    #[test]
    fn essentials_added_after_an_export_are_named_after_the_session_ends() {
        let mut kit = Kit::new();
        kit.go_to("mitigate");
        let t = kit.threat("Card data leak");
        let m1 = kit.mitigation(essential("Tokenise cards", &[t]));
        export(&mut kit, &[m1]);
        kit.mitigation(essential("Encrypt at rest", &[t]));
        kit.mitigation(essential("Alert on bulk reads", &[t]));
        finish(&mut kit);
        let f = kit.flag("3.3.1").expect("raised");
        assert_eq!(f.subject, "M2 M3");
        assert_eq!(
            f.evidence,
            "2 essential mitigations are in no export: \
             M2 'Encrypt at rest', M3 'Alert on bulk reads'."
        );
    }

    #[test]
    fn before_the_end_or_for_ideas_and_dropped_ones_there_is_no_flag() {
        let mut kit = Kit::new();
        kit.go_to("mitigate");
        let t = kit.threat("Card data leak");
        kit.mitigation(essential("Tokenise cards", &[t]));
        kit.go_to("retro");
        assert_eq!(kit.flag("3.3.1"), None, "one step before the last");
        let mut kit = Kit::new();
        let t = kit.threat("Card data leak");
        kit.mitigation(MitigationDraft {
            essential: false,
            ..essential("Someday", &[t])
        });
        kit.mitigation(MitigationDraft {
            status: MitigationStatus::WontDo {
                reason: "Too costly".into(),
            },
            ..essential("Never", &[t])
        });
        kit.go_to("wrap-up");
        assert_eq!(kit.flag("3.3.1"), None);
    }

    // [4.4.1]

    #[test]
    fn an_empty_retro_at_the_last_step_is_flagged_until_a_line_is_added() {
        let mut kit = Kit::new();
        kit.go_to("wrap-up");
        let f = kit.flag("4.4.1").expect("raised");
        assert_eq!((f.subject.as_str(), f.severity), ("", Severity::Warn));
        assert_eq!(
            f.evidence,
            "The session is in its last step (wrap-up) and the retro is empty."
        );
        kit.apply(Change::AddRetro {
            list: RetroList::Change,
            text: "Rate with the timer visible".into(),
            by: None,
        });
        assert_eq!(kit.flag("4.4.1"), None);
    }

    #[test]
    fn a_finished_session_with_an_empty_retro_is_flagged() {
        let mut kit = Kit::new();
        finish(&mut kit);
        assert_eq!(
            kit.flag("4.4.1").map(|f| f.evidence).as_deref(),
            Some("The session has finished and the retro is empty.")
        );
    }

    #[test]
    fn the_retro_is_not_judged_before_the_last_step() {
        let mut kit = Kit::new();
        kit.go_to("retro");
        assert_eq!(kit.flag("4.4.1"), None);
    }
}
