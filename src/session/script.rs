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

/// The longest a step of a phase script may be, in minutes (a day).
pub const MAX_STEP_MINUTES: u32 = 24 * 60;

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

    pub fn find(&self, id: &str) -> Option<StepRef<'_>> {
        self.phases.iter().find_map(|phase| {
            phase
                .steps
                .iter()
                .find(|s| s.id == id)
                .map(|step| StepRef { phase, step })
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

    /// Every step's time box in seconds, scaled so that they add up to about
    /// `budget_minutes`; no box is shorter than one minute.
    pub fn scaled_boxes(&self, budget_minutes: u32) -> Vec<(u8, String, i64)> {
        let total = f64::from(self.total_minutes().max(1));
        let budget = f64::from(budget_minutes) * 60.0;
        self.phases
            .iter()
            .flat_map(|p| p.steps.iter().map(move |s| (p.number, s)))
            .map(|(phase, s)| {
                // `as` saturates, so no budget or script can overflow here.
                let secs = ((f64::from(s.minutes) * budget / total / 60.0).round() as i64)
                    .saturating_mul(60);
                (phase, s.id.clone(), secs.max(60))
            })
            .collect()
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
    fn boxes_scale_to_the_budget() {
        let s = PhaseScript::builtin();
        let at_ref: i64 = s.scaled_boxes(90).iter().map(|b| b.2).sum();
        assert_eq!(at_ref, 90 * 60);
        let doubled = s.scaled_boxes(180);
        let discover = doubled.iter().find(|b| b.1 == "discover").map(|b| b.2);
        assert_eq!(discover, Some(50 * 60));
        // A tiny budget still gives each step a minute.
        assert!(s.scaled_boxes(5).iter().all(|b| b.2 >= 60));
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
