//! Detectors: tamer's own time checks (`T.n`), from the step clocks and
//! the timeline's breaks.

use crate::radar::{Ctx, Flag, Severity};
use crate::session::EventKind;

/// Whole minutes in `secs`, rounded to the nearest.
fn round_minutes(secs: i64) -> i64 {
    (secs.max(0) + 30) / 60
}

/// [T.1] The session is projected to end more than `overrun_percent` past
/// its budget. Projection, in step time (breaks do not count, as in the
/// step clocks):
///
/// - the time spent in every step so far, plus
/// - the box time left in the current step and every later one (nothing
///   for a box already overrun), scaled by the pace so far: the time the
///   steps before the current one took over their boxes (boxes as they
///   stand: with extensions and bank time given, and shrunk to what was
///   spent when a step was left early, its rest banked).
///
/// The pace is only applied once the first phase is behind (the current
/// step is in phase 1 or later): before that, too little has been timed,
/// and the projection takes every box left at face value, so it fires only
/// on overtime already spent. Silent once the session is finished.
pub fn overrun(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if s.finished.is_some() {
        return None;
    }
    let (first, minutes) = s
        .story_now()
        .map_or((0, s.budget_minutes), |story| (story.first, story.minutes));
    let budget = i64::from(minutes) * 60;
    if budget == 0 {
        return None;
    }
    let (mut elapsed, mut ahead, mut done_spent, mut done_box) = (0i64, 0i64, 0i64, 0i64);
    for (i, step) in s.steps.iter().enumerate().skip(first) {
        let spent = step.clock.spent(ctx.now);
        elapsed = elapsed.saturating_add(spent);
        if i < s.current {
            done_spent = done_spent.saturating_add(spent);
            done_box = done_box.saturating_add(step.clock.budget_secs);
        } else {
            ahead = ahead.saturating_add(step.clock.remaining(ctx.now).max(0));
        }
    }
    let paced = (first > 0 || s.phase() >= 1) && done_box > 0;
    let rest = if paced {
        i64::try_from(i128::from(ahead) * i128::from(done_spent) / i128::from(done_box))
            .unwrap_or(i64::MAX)
    } else {
        ahead
    };
    let projected = elapsed.saturating_add(rest);
    let limit = i128::from(budget) * (100 + i128::from(ctx.thresholds.overrun_percent));
    if i128::from(projected) * 100 <= limit {
        return None;
    }
    let over = projected - budget;
    let what = if first > 0 { "story" } else { "session" };
    let (total, past, share) = (
        round_minutes(projected),
        round_minutes(over),
        i128::from(over) * 100 / i128::from(budget),
    );
    let evidence = if paced {
        let pace = i128::from(done_spent) * 100 / i128::from(done_box);
        format!(
            "At this pace the {what} takes about {total} minutes, {past} more than its {minutes} \
             (+{share}%): the steps done took {pace}% of their boxes."
        )
    } else {
        format!(
            "The {what} takes at least {total} minutes, {past} more than its {minutes} (+{share}%), \
             even if every step left keeps to its box."
        )
    };
    Some(Flag {
        id: "T.1",
        subject: String::new(),
        severity: Severity::Warn,
        evidence,
        suggestion: "Shorten or drop a step ahead now, or agree with the room on a later end.",
    })
}

/// [T.2] A break (the current step's clock stopped with `p`) has run longer
/// than `break_minutes`, counted from the newest `Paused` event (moving
/// between steps during a break keeps the break). Time away
/// (the record closed with a clock running) is not a break until it is
/// discounted, and then it is over.
pub fn long_break(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !s.is_paused() {
        return None;
    }
    let since = s
        .timeline
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::Paused { .. }))?
        .at;
    let secs = (ctx.now - since).num_seconds();
    let limit = i64::from(ctx.thresholds.break_minutes);
    if secs <= limit * 60 {
        return None;
    }
    let step = s.step().map_or("", |st| st.id.as_str());
    Some(Flag {
        id: "T.2",
        subject: String::new(),
        severity: Severity::Info,
        evidence: format!(
            "The break in step {step} has run {} minute{} (more than {limit}).",
            secs / 60,
            if secs / 60 == 1 { "" } else { "s" },
        ),
        suggestion: "Call the room back, or close the session here and resume it another day.",
    })
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;
    use crate::radar::Severity;
    use crate::radar::detect::testkit::Kit;

    // The kit's 90 minutes: phase 0 is scope 4, approach 4, roles 2; the
    // rest of the boxes add up to 80. 15% over is 103.5 minutes.

    /// Spends `secs` in each step of phase 0 in turn, then enters `context`.
    fn phase_0(kit: &mut Kit, secs: [i64; 3]) {
        for (s, next) in secs.into_iter().zip(["approach", "roles", "context"]) {
            kit.secs(s);
            kit.go_to(next);
        }
    }

    fn pause(kit: &mut Kit) {
        kit.session.toggle_pause(kit.clock.now());
    }

    // [T.1]

    #[test]
    fn overrun_fires_on_overtime_already_spent() {
        let kit = Kit::new();
        kit.minutes(22);
        let f = kit.flag("T.1").expect("fires");
        assert_eq!(
            f.evidence,
            "The session takes at least 108 minutes, 18 more than its 90 (+20%), \
             even if every step left keeps to its box."
        );
        assert_eq!(f.severity, Severity::Warn);
    }

    #[test]
    fn overrun_fires_at_a_slow_pace() {
        let mut kit = Kit::new();
        phase_0(&mut kit, [360, 360, 180]);
        let f = kit.flag("T.1").expect("fires");
        assert_eq!(
            f.evidence,
            "At this pace the session takes about 135 minutes, 45 more than its 90 (+50%): \
             the steps done took 150% of their boxes."
        );
    }

    /// A story on a baseline that ran long is timed on its own: the
    /// baseline's overtime is history, the story's minutes are the budget.
    #[test]
    fn overrun_times_a_story_by_its_own_minutes() {
        let mut kit = Kit::new();
        kit.minutes(150);
        while kit.session.finished.is_none() {
            kit.session.next(kit.clock.now());
        }
        assert!(kit.flag("T.1").is_none(), "quiet once finished");
        kit.session
            .start_story("Refunds", 10, kit.clock.now())
            .expect("starts");
        kit.minutes(3);
        assert!(
            kit.flag("T.1").is_none(),
            "the baseline's 150 minutes do not count against the story"
        );
        kit.minutes(10);
        let f = kit.flag("T.1").expect("the story itself runs over");
        assert!(
            f.evidence.starts_with("The story takes at least") && f.evidence.contains("its 10"),
            "{}",
            f.evidence
        );
    }

    #[test]
    fn overrun_is_quiet_at_the_limit() {
        let kit = Kit::new();
        kit.minutes(4 + 13);
        kit.secs(30);
        assert_eq!(kit.flag("T.1"), None, "103.5 minutes is 15% over, not more");
        kit.secs(1);
        assert!(kit.flag("T.1").is_some());

        // 11.5 minutes for phase 0's 10: 103.5 minutes at that pace.
        let mut kit = Kit::new();
        phase_0(&mut kit, [240, 240, 210]);
        assert_eq!(kit.flag("T.1"), None);
        let mut kit = Kit::new();
        phase_0(&mut kit, [240, 240, 211]);
        assert!(kit.flag("T.1").is_some());
    }

    #[test]
    fn overrun_waits_for_a_phase_before_judging_the_pace() {
        let mut kit = Kit::new();
        // Scope took 8 minutes for 4: twice its box, but one step is too
        // little to extrapolate; 94 minutes at face value.
        kit.minutes(8);
        kit.go_to("approach");
        assert_eq!(kit.flag("T.1"), None);
    }

    #[test]
    fn overrun_clears_when_the_team_catches_up() {
        let mut kit = Kit::new();
        phase_0(&mut kit, [360, 360, 180]);
        assert!(kit.flag("T.1").is_some());
        // Phase 1 in 4 minutes instead of 18: the pace is 19 for 14 and
        // 62 minutes of boxes are left: about 103.1 minutes.
        kit.minutes(1);
        kit.go_to("model");
        kit.minutes(2);
        kit.go_to("agree");
        kit.minutes(1);
        kit.go_to("discover");
        assert_eq!(kit.flag("T.1"), None);
    }

    #[test]
    fn overrun_clears_when_steps_ahead_are_dropped() {
        let mut kit = Kit::new();
        // 13 minutes for 10: 80 minutes of boxes ahead take 104.
        phase_0(&mut kit, [300, 300, 180]);
        assert!(kit.flag("T.1").is_some());
        // The model was drawn before the session: phase 1 is skipped, its
        // 18 minutes go to the bank. 62 minutes ahead take 80.6.
        kit.go_to("discover");
        assert_eq!(kit.flag("T.1"), None);
    }

    // [T.2]

    #[test]
    fn a_long_break_fires() {
        let mut kit = Kit::new();
        kit.go_to("discover");
        kit.minutes(3);
        pause(&mut kit);
        kit.minutes(15);
        assert_eq!(kit.flag("T.2"), None, "exactly the limit");
        kit.secs(1);
        kit.minutes(6);
        let f = kit.flag("T.2").expect("fires");
        assert_eq!(
            f.evidence,
            "The break in step discover has run 21 minutes (more than 15)."
        );
        assert_eq!(f.severity, Severity::Info);
    }

    #[test]
    fn a_break_counts_from_its_own_start() {
        let mut kit = Kit::new();
        pause(&mut kit);
        kit.minutes(10);
        pause(&mut kit);
        kit.minutes(1);
        pause(&mut kit);
        kit.minutes(10);
        assert_eq!(kit.flag("T.2"), None, "two breaks of 10, not one of 21");
        // Moving on during the break keeps the break.
        kit.go_to("approach");
        kit.minutes(6);
        assert!(kit.flag("T.2").is_some());
    }

    #[test]
    fn a_long_break_clears_when_the_room_is_back() {
        let mut kit = Kit::new();
        pause(&mut kit);
        kit.minutes(30);
        assert!(kit.flag("T.2").is_some());
        pause(&mut kit);
        assert_eq!(kit.flag("T.2"), None);
    }
}
