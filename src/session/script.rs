//! The phase script: phases 0–4, their steps, prompts and time boxes.
//!
//! The built-in script is `decks/phases.ron`, embedded in the binary. A user
//! may replace it with a file of the same shape; [`PhaseScript::parse`] checks
//! it and reports every problem with its `file:line:col`.

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics, Error, Result};

/// The built-in script, embedded from `decks/phases.ron`.
pub const BUILTIN: &str = include_str!("../../decks/phases.ron");
/// The name the built-in script goes by in messages.
pub const BUILTIN_NAME: &str = "decks/phases.ron (built in)";

/// The built-in story script, embedded from `decks/story/phases.ron`: the
/// steps `tamer story` appends to a record, as `story<N>-<id>`.
pub const STORY: &str = include_str!("../../decks/story/phases.ron");
/// The name the story script goes by in messages.
pub const STORY_NAME: &str = "decks/story/phases.ron (built in)";

/// The longest a step of a phase script may be, in minutes (a day).
pub const MAX_STEP_MINUTES: u32 = 24 * 60;
/// The shortest time box a scaled step gets, in seconds; boxes come in
/// multiples of it.
pub const MIN_BOX_SECS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseScript {
    /// The session length, in minutes, that the steps' `minutes` add up for.
    pub reference_minutes: u32,
    pub phases: Vec<Phase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub number: u8,
    pub title: String,
    pub question: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    pub prompt: String,
    #[serde(default)]
    pub hints: Vec<String>,
}

/// A step found by id, with its phase.
#[derive(Debug, Clone, Copy)]
pub struct StepRef<'a> {
    pub phase: &'a Phase,
    pub step: &'a Step,
}

impl PhaseScript {
    /// The embedded script. It is checked by a test, so this cannot fail in a release.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_NAME, BUILTIN).unwrap_or_else(|e| panic!("built-in phase script: {e}"))
    }

    /// Parses and checks a script, reporting every problem at once.
    pub fn parse(file: &str, text: &str) -> Result<Self> {
        let script: Self = ron::Options::default()
            .from_str(text)
            .map_err(|e| Error::invalid(Diagnostic::from_ron(file, &e)))?;
        let problems = script.problems(file, text);
        if problems.is_empty() {
            Ok(script)
        } else {
            Err(Error::Invalid(Diagnostics(problems)))
        }
    }

    fn problems(&self, file: &str, text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.reference_minutes == 0 {
            out.push(Diagnostic::located(
                file,
                text,
                "reference_minutes",
                0,
                "reference_minutes is 0; expected the session length in minutes that the steps add up for".into(),
            ));
        }
        if self.phases.is_empty() {
            out.push(Diagnostic::located(
                file,
                text,
                "phases",
                0,
                "no phases; expected phases 0 to 4, each with at least one step".into(),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, phase) in self.phases.iter().enumerate() {
            if phase.steps.is_empty() {
                out.push(Diagnostic::located(
                    file,
                    text,
                    "steps",
                    i,
                    format!("phase {} has no steps; expected at least one", phase.number),
                ));
            }
            for step in &phase.steps {
                let needle = format!("\"{}\"", step.id);
                let nth = seen.iter().filter(|s| **s == step.id).count();
                if nth > 0 {
                    out.push(Diagnostic::located(
                        file,
                        text,
                        &needle,
                        nth,
                        format!(
                            "step id \"{}\" is used twice; expected unique step ids",
                            step.id
                        ),
                    ));
                }
                if step.minutes == 0 || step.minutes > MAX_STEP_MINUTES {
                    out.push(Diagnostic::located(
                        file,
                        text,
                        &needle,
                        nth,
                        format!(
                            "step \"{}\" has {} minutes; expected a time box of 1 to {MAX_STEP_MINUTES}",
                            step.id, step.minutes
                        ),
                    ));
                }
                seen.push(&step.id);
            }
        }
        out
    }

    /// The step `id` of this script; a story's step (`story2-discover`)
    /// is looked up in the story script.
    pub fn find(&self, id: &str) -> Option<StepRef<'_>> {
        self.find_own(id)
            .or_else(|| Self::story().find_own(story_step(id)?))
    }

    fn find_own(&self, id: &str) -> Option<StepRef<'_>> {
        self.phases.iter().find_map(|phase| {
            phase
                .steps
                .iter()
                .find(|s| s.id == id)
                .map(|step| StepRef { phase, step })
        })
    }

    /// The built-in story script, parsed once. It is checked by a test, so
    /// this cannot fail in a release.
    pub fn story() -> &'static Self {
        static STORY_SCRIPT: std::sync::OnceLock<PhaseScript> = std::sync::OnceLock::new();
        STORY_SCRIPT.get_or_init(|| {
            Self::parse(STORY_NAME, STORY).unwrap_or_else(|e| panic!("built-in story script: {e}"))
        })
    }

    pub fn phase(&self, number: u8) -> Option<&Phase> {
        self.phases.iter().find(|p| p.number == number)
    }

    /// The minutes of all steps together.
    pub fn total_minutes(&self) -> u32 {
        self.phases
            .iter()
            .flat_map(|p| &p.steps)
            .fold(0u32, |sum, s| sum.saturating_add(s.minutes))
    }

    /// How many steps the script has, over all phases.
    pub fn step_count(&self) -> usize {
        self.phases.iter().map(|p| p.steps.len()).sum()
    }

    /// The smallest budget, in minutes, that gives every step at least
    /// [`MIN_BOX_SECS`]: half a minute a step, rounded up (at least 1).
    pub fn min_budget_minutes(&self) -> u32 {
        let secs = (self.step_count() as u64).saturating_mul(MIN_BOX_SECS as u64);
        u32::try_from(secs.div_ceil(60).max(1)).unwrap_or(u32::MAX)
    }

    /// Whether a session of `minutes` fits this script: `Err` with a message
    /// for the person who typed the budget when it is too short to give every
    /// step [`MIN_BOX_SECS`]. Call it before [`crate::session::Session::new`];
    /// below this minimum [`Self::scaled_boxes`] no longer adds up to the budget.
    pub fn check_budget(&self, minutes: u32) -> std::result::Result<(), String> {
        let min = self.min_budget_minutes();
        if minutes >= min {
            return Ok(());
        }
        let steps = self.step_count();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        Err(format!(
            "{} is too short: this phase script has {}; a session needs at least {} so each gets {MIN_BOX_SECS} s",
            plural(minutes as usize, "minute", "minutes"),
            plural(steps, "step", "steps"),
            plural(min as usize, "minute", "minutes"),
        ))
    }

    /// Every step's time box in seconds, in script order, as
    /// `(phase, step id, seconds)`.
    ///
    /// The boxes keep the proportions of the steps' `minutes` and add up to
    /// exactly `budget_minutes * 60` whenever [`Self::check_budget`] passes.
    /// They come in steps of [`MIN_BOX_SECS`] (round numbers on the clock;
    /// a budget of whole minutes is always a whole number of such steps), and
    /// none is shorter than one: a step whose share is smaller gets the
    /// minimum and the others share what is left (largest remainders get the
    /// last half minutes, the earlier step first on a tie). Below the
    /// minimum budget every step gets [`MIN_BOX_SECS`], so the boxes add up
    /// to more than the budget.
    pub fn scaled_boxes(&self, budget_minutes: u32) -> Vec<(u8, String, i64)> {
        let steps: Vec<(u8, &Step)> = self
            .phases
            .iter()
            .flat_map(|p| p.steps.iter().map(move |s| (p.number, s)))
            .collect();
        let weights: Vec<u128> = steps.iter().map(|(_, s)| u128::from(s.minutes)).collect();
        let units = share_units(
            u128::from(budget_minutes) * 60 / MIN_BOX_SECS as u128,
            &weights,
        );
        steps
            .into_iter()
            .zip(units)
            .map(|((phase, s), u)| {
                let secs = i64::try_from(u)
                    .unwrap_or(i64::MAX)
                    .saturating_mul(MIN_BOX_SECS);
                (phase, s.id.clone(), secs)
            })
            .collect()
    }
}

/// The story script's step id in a story step's id: `discover` in
/// `story2-discover`; `None` for other ids.
pub fn story_step(id: &str) -> Option<&str> {
    let rest = id.strip_prefix("story")?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let step = rest.get(digits..)?.strip_prefix('-')?;
    (digits > 0 && !step.is_empty()).then_some(step)
}

/// Splits `total` units in proportion to `weights`, each share at least one
/// unit: shares below one are raised to one and taken out of the split
/// (repeated until none is), then the rest is split by largest remainder.
/// The result adds up to `total` whenever `total >= weights.len()`; below
/// that every share is one. Weights that are all zero count as equal.
fn share_units(total: u128, weights: &[u128]) -> Vec<u128> {
    if !weights.is_empty() && weights.iter().all(|w| *w == 0) {
        return share_units(total, &vec![1; weights.len()]);
    }
    let n = weights.len() as u128;
    let mut out = vec![1u128; weights.len()];
    if total <= n {
        return out;
    }
    let mut floored = vec![false; weights.len()];
    loop {
        let left = total - floored.iter().filter(|f| **f).count() as u128;
        let weight: u128 = weights
            .iter()
            .zip(&floored)
            .filter(|(_, f)| !**f)
            .map(|(w, _)| *w)
            .sum();
        let mut changed = false;
        for (w, f) in weights.iter().zip(floored.iter_mut()) {
            if !*f && left * w < weight {
                *f = true;
                changed = true;
            }
        }
        if changed {
            continue;
        }
        // Every free share is at least one unit now, and (since `total > n`)
        // at least one step is free, so `weight > 0`.
        let mut rest = left;
        let mut remainders = Vec::new();
        for (i, (w, f)) in weights.iter().zip(&floored).enumerate() {
            if !*f {
                out[i] = left * w / weight;
                rest -= out[i];
                remainders.push((left * w % weight, i));
            }
        }
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, i) in remainders.into_iter().take(rest as usize) {
            out[i] += 1;
        }
        return out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_script_has_phases_zero_to_four() {
        let s = PhaseScript::builtin();
        let numbers: Vec<u8> = s.phases.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [0, 1, 2, 3, 4]);
        assert_eq!(s.total_minutes(), s.reference_minutes);
    }

    #[test]
    fn the_story_script_answers_questions_one_to_three_in_ten_minutes() {
        let s = PhaseScript::story();
        let numbers: Vec<u8> = s.phases.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(s.total_minutes(), s.reference_minutes);
        assert_eq!(s.reference_minutes, 10);
        // Story steps are found through any script; others are not.
        let main = PhaseScript::builtin();
        let found = main.find("story12-discover").map(|f| f.step.title.as_str());
        assert_eq!(found, Some("Change triggers"));
        assert_eq!(main.find("discover").map(|f| f.phase.number), Some(2));
        for id in [
            "story-discover",
            "storyx-discover",
            "story2-",
            "story2discover",
            "2-discover",
        ] {
            assert!(main.find(id).is_none(), "{id}");
        }
    }

    fn secs(boxes: &[(u8, String, i64)]) -> Vec<i64> {
        boxes.iter().map(|b| b.2).collect()
    }

    /// A script of one phase whose steps have these minutes.
    fn script_of(minutes: &[u32]) -> PhaseScript {
        PhaseScript {
            reference_minutes: minutes.iter().fold(0u32, |a, m| a.saturating_add(*m)),
            phases: vec![Phase {
                number: 0,
                title: "p".into(),
                question: "q".into(),
                steps: minutes
                    .iter()
                    .enumerate()
                    .map(|(i, m)| Step {
                        id: format!("s{i}"),
                        title: "t".into(),
                        minutes: *m,
                        prompt: "p".into(),
                        hints: vec![],
                    })
                    .collect(),
            }],
        }
    }

    #[test]
    fn boxes_scale_to_the_budget() {
        let s = PhaseScript::builtin();
        // At the reference budget every box is its own minutes.
        let at_ref = s.scaled_boxes(90);
        let own: Vec<i64> = s
            .phases
            .iter()
            .flat_map(|p| &p.steps)
            .map(|st| i64::from(st.minutes) * 60)
            .collect();
        assert_eq!(secs(&at_ref), own);
        let doubled = s.scaled_boxes(180);
        let discover = doubled.iter().find(|b| b.1 == "discover").map(|b| b.2);
        assert_eq!(discover, Some(50 * 60));
        // 60 of 90 minutes: "scope" (4 of 90) gets 2:40, which rounds to 2:30
        // or 3:00 in half minutes; the total is an hour on the dot.
        let hour = s.scaled_boxes(60);
        assert_eq!(hour.iter().map(|b| b.2).sum::<i64>(), 3600);
        assert!([150, 180].contains(&hour[0].2), "{hour:?}");
    }

    #[test]
    fn a_ten_minute_budget_makes_ten_minutes_of_boxes() {
        let s = PhaseScript::builtin();
        let boxes = secs(&s.scaled_boxes(10));
        assert_eq!(boxes.iter().sum::<i64>(), 600);
        assert!(boxes.iter().all(|b| *b >= MIN_BOX_SECS && b % 30 == 0));
        // Discovery, the longest step, keeps the largest box.
        let discover = s.scaled_boxes(10).into_iter().find(|b| b.1 == "discover");
        assert_eq!(discover.map(|b| b.2), boxes.iter().max().copied());
    }

    #[test]
    fn the_smallest_budget_gives_each_step_the_minimum() {
        let s = PhaseScript::builtin();
        assert_eq!(s.step_count(), 15);
        assert_eq!(s.min_budget_minutes(), 8);
        assert_eq!(s.check_budget(8), Ok(()));
        assert_eq!(s.check_budget(600), Ok(()));
        assert_eq!(
            s.check_budget(7),
            Err(
                "7 minutes is too short: this phase script has 15 steps; a session needs \
                 at least 8 minutes so each gets 30 s"
                    .into()
            )
        );
        let at_min = secs(&s.scaled_boxes(8));
        assert_eq!(at_min.iter().sum::<i64>(), 8 * 60);
        assert!(at_min.iter().all(|b| *b >= MIN_BOX_SECS));
        // Below the minimum no box is rounded away: each keeps 30 s.
        assert!(secs(&s.scaled_boxes(1)).iter().all(|b| *b == MIN_BOX_SECS));
        assert_eq!(script_of(&[5]).min_budget_minutes(), 1);
        assert_eq!(script_of(&[5, 5, 5]).min_budget_minutes(), 2);
        assert_eq!(
            script_of(&[5]).check_budget(0),
            Err(
                "0 minutes is too short: this phase script has 1 step; a session needs \
                 at least 1 minute so each gets 30 s"
                    .into()
            )
        );
    }

    #[test]
    fn floored_steps_leave_the_rest_in_proportion() {
        // 10 minutes = 20 half minutes; the 1-minute steps' shares (0.2 of a
        // half minute) become the minimum, the other two split 18 as 1 : 2.
        let boxes = secs(&script_of(&[1, 1, 30, 60]).scaled_boxes(10));
        assert_eq!(boxes, [30, 30, 6 * 30, 12 * 30]);
        // Ties in the remainder go to the earlier step.
        let boxes = secs(&script_of(&[1, 1, 1]).scaled_boxes(1));
        assert_eq!(boxes, [30, 30, 30]);
        let boxes = secs(&script_of(&[1, 1, 1]).scaled_boxes(2));
        assert_eq!(boxes, [60, 30, 30]);
    }

    #[test]
    fn odd_scripts_never_panic() {
        let empty = PhaseScript {
            reference_minutes: 0,
            phases: vec![],
        };
        assert!(empty.scaled_boxes(10).is_empty());
        assert_eq!(empty.min_budget_minutes(), 1);
        assert_eq!(secs(&script_of(&[0, 0]).scaled_boxes(1)), [30, 30]);
        assert_eq!(secs(&script_of(&[0, 3]).scaled_boxes(2)), [30, 90]);
        let huge = secs(&script_of(&[u32::MAX, u32::MAX, 1]).scaled_boxes(u32::MAX));
        assert_eq!(huge.iter().sum::<i64>(), i64::from(u32::MAX) * 60);
    }

    proptest::proptest! {
        /// For any script and any budget the script allows: the boxes add up
        /// to the budget exactly, none is below the minimum, a step with
        /// more minutes never gets less time, and every box above the
        /// minimum is within one half minute of its exact share.
        #[test]
        fn boxes_add_up_exactly_and_keep_proportions(
            minutes in proptest::collection::vec(1..=MAX_STEP_MINUTES, 1..40),
            budget in 10u32..=600,
        ) {
            let script = script_of(&minutes);
            proptest::prop_assume!(script.check_budget(budget).is_ok());
            let boxes = secs(&script.scaled_boxes(budget));
            proptest::prop_assert_eq!(boxes.iter().sum::<i64>(), i64::from(budget) * 60);
            for (i, b) in boxes.iter().enumerate() {
                proptest::prop_assert!(*b >= MIN_BOX_SECS && b % MIN_BOX_SECS == 0);
                for (j, c) in boxes.iter().enumerate() {
                    if minutes[i] > minutes[j] {
                        proptest::prop_assert!(b >= c, "{:?} -> {:?}", minutes, boxes);
                    }
                }
            }
            // Those above the minimum share what the floored ones left.
            let free: Vec<usize> = (0..boxes.len()).filter(|&i| boxes[i] > MIN_BOX_SECS).collect();
            let left = i64::from(budget) * 60 - MIN_BOX_SECS * (boxes.len() - free.len()) as i64;
            let weight: u64 = free.iter().map(|&i| u64::from(minutes[i])).sum();
            for &i in &free {
                let exact = left as f64 * f64::from(minutes[i]) / weight as f64;
                proptest::prop_assert!((boxes[i] as f64 - exact).abs() < MIN_BOX_SECS as f64,
                    "{:?} -> {:?}", minutes, boxes);
            }
        }

        #[test]
        fn the_builtin_script_fits_every_budget_the_form_allows(budget in 10u32..=600) {
            let boxes = secs(&PhaseScript::builtin().scaled_boxes(budget));
            proptest::prop_assert_eq!(boxes.iter().sum::<i64>(), i64::from(budget) * 60);
            proptest::prop_assert!(boxes.iter().all(|b| *b >= MIN_BOX_SECS));
        }
    }

    #[test]
    fn syntax_error_names_file_line_and_column() {
        let text =
            "(\n  reference_minutes: 90,\n  phases: [\n    (number: 0 title: \"x\")\n  ],\n)";
        let err = PhaseScript::parse("my/phases.ron", text).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("my/phases.ron:4:"), "{msg}");
    }

    #[test]
    fn every_semantic_problem_is_reported_with_its_position() {
        let text = r#"(
    reference_minutes: 0,
    phases: [
        (number: 0, title: "a", question: "q", steps: [
            (id: "x", title: "t", minutes: 1, prompt: "p"),
            (id: "x", title: "t", minutes: 0, prompt: "p"),
        ]),
        (number: 1, title: "b", question: "q", steps: []),
    ],
)"#;
        let err = PhaseScript::parse("p.ron", text).unwrap_err().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines,
            [
                "p.ron:2:5: reference_minutes is 0; expected the session length in minutes that the steps add up for",
                "p.ron:6:18: step id \"x\" is used twice; expected unique step ids",
                "p.ron:6:18: step \"x\" has 0 minutes; expected a time box of 1 to 1440",
                "p.ron:8:48: phase 1 has no steps; expected at least one",
            ]
        );
    }
}
