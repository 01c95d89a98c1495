//! Solo practice: scenarios (a small system with a brief, its model and the
//! threats a reviewer would expect) that a learner threat-models alone, and
//! the practice session built from one. Pure: `store` reads user scenario
//! files.

pub mod debrief;
pub mod hints;
pub mod scenario;

pub use scenario::{
    ReferenceThreat, Scenario, ScenarioBoundary, ScenarioElement, ScenarioFlow, builtin,
};

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::import::build::{Builder, FlowDraft};
use crate::session::{EventKind, PhaseScript, Practice, Session};

/// The scenarios, one line each (id, title, size, minutes, where from),
/// for `tamer practice --list` and the message for an unknown id.
pub fn listing(library: &scenario::Library) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "Scenarios (tamer practice ID):");
    let width = library
        .scenarios
        .iter()
        .map(|e| e.scenario.id.chars().count())
        .max()
        .unwrap_or(0);
    for entry in &library.scenarios {
        let s = &entry.scenario;
        let origin = match &entry.origin {
            scenario::Origin::BuiltIn => String::new(),
            scenario::Origin::User(path) => format!(" · yours: {}", path.display()),
            scenario::Origin::Replaces(path) => {
                format!(" · yours, replaces the built-in one: {}", path.display())
            }
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {} · {} elements, {} flows · {} reference threats · {} min{}",
            crate::text::clean(&s.id),
            crate::text::clean(&s.title),
            s.elements.len(),
            s.flows.len(),
            s.threats.len(),
            s.minutes,
            crate::text::clean(&origin),
        );
    }
    out
}

/// `tamer practice --check`: each file's scenario in one line, or every
/// problem in it at its `file:line:col`; and how many problems there were.
pub fn check_report(files: Vec<(String, Result<String>)>) -> (String, usize) {
    use std::fmt::Write;
    let mut out = String::new();
    let mut problems = 0;
    for (name, text) in files {
        let parsed = text
            .map_err(|e| e.into_diagnostics(&name))
            .and_then(|text| Scenario::parse(&name, &text));
        match parsed {
            Ok(s) => {
                let _ = writeln!(
                    out,
                    "{}: ok, scenario {} v{} ({} elements, {} flows, {} reference threats)",
                    crate::text::clean(&name),
                    crate::text::clean(&s.id),
                    s.version,
                    s.elements.len(),
                    s.flows.len(),
                    s.threats.len()
                );
            }
            Err(list) => {
                problems += list.0.len();
                for d in &list.0 {
                    let _ = writeln!(out, "{}", crate::text::clean(&d.to_string()));
                }
            }
        }
    }
    (out, problems)
}

/// Each user scenario file that was skipped, with every problem in it.
pub fn skipped_report(library: &scenario::Library) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for skipped in &library.skipped {
        let n = skipped.problems.0.len();
        let _ = writeln!(
            out,
            "tamer: skipped user scenario {} ({n} problem{}):",
            skipped.path.display(),
            if n == 1 { "" } else { "s" }
        );
        for d in &skipped.problems.0 {
            let _ = writeln!(out, "  {}", crate::text::clean(&d.to_string()));
        }
    }
    out
}

/// The one participant of a practice session.
pub const LEARNER: &str = "Learner";

/// The title of a practice session on `scenario`.
pub fn title(scenario: &Scenario) -> String {
    format!("Practice: {}", scenario.title)
}

/// A new practice session on `scenario`: the scenario's model (boundaries,
/// elements, flows) already in place, built like an import (fresh ids,
/// cleaned text, the whole-record check); its brief as today's scope; its
/// minutes as the budget; the learner as the only participant, facilitator
/// and note keeper. Phase 0 (how the team works) has nothing to decide for
/// one person on a given scenario, so the session starts at phase 1, where
/// the learner reads the model and agrees it (or changes it) before
/// discovery. Element names are the scenario's titles: the debrief finds
/// them by name.
pub fn session(scenario: &Scenario, script: &PhaseScript, now: DateTime<Utc>) -> Result<Session> {
    let title = title(scenario);
    let options = crate::import::Options {
        title: Some(&title),
        now,
        script,
    };
    let mut b = Builder::new(&title, &options);
    let mut boundaries = Vec::new();
    for boundary in &scenario.boundaries {
        let id = b.boundary(&boundary.title, &boundary.description);
        boundaries.push((boundary.key.as_str(), id));
    }
    let mut elements = Vec::new();
    for e in &scenario.elements {
        let boundary = e.boundary.as_deref().and_then(|key| {
            boundaries
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, id)| *id)
        });
        let id = b.element(e.kind, &e.title, &e.description, boundary);
        elements.push((e.key.as_str(), id));
    }
    let id_of = |key: &str| elements.iter().find(|(k, _)| *k == key).map(|(_, id)| *id);
    for f in &scenario.flows {
        let (Some(from), Some(to)) = (id_of(&f.from), id_of(&f.to)) else {
            continue; // a checked scenario has none
        };
        b.flow(FlowDraft {
            name: f.title.clone(),
            description: f.description.clone(),
            from,
            to,
            carries: f.carries.clone(),
            protocol: f.protocol.clone(),
            authenticated: f.authenticated,
            encrypted: f.encrypted,
        });
    }
    let built = b.finish("scenario", &scenario.id)?.session;

    let mut session = Session::new(
        &title,
        scenario.minutes,
        vec![LEARNER.to_owned()],
        script,
        now,
    );
    session.model = built.model;
    session.boundaries = built.boundaries;
    session.timeline.extend(
        built
            .timeline
            .into_iter()
            .filter(|e| !matches!(e.kind, EventKind::Started { .. })),
    );
    session.approach.scope = crate::session::change::clean_lines(&scenario.brief);
    session.approach.facilitator = Some(LEARNER.to_owned());
    session.approach.note_keeper = Some(LEARNER.to_owned());
    session.practice = Some(Practice {
        scenario: scenario.id.clone(),
        version: scenario.version,
    });
    while session.phase() == 0 && session.current + 1 < session.steps.len() {
        session.next(now);
    }
    if let Some(p) = crate::session::check::check(&session).first() {
        return Err(Error::Usage(format!(
            "scenario \"{}\" does not make a valid session: {p}",
            scenario.id
        )));
    }
    Ok(session)
}
