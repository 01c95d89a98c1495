//! The whole-record check: after a record parses, and before anything uses
//! it, every index, id, link, counter and duration is checked, so that no
//! later step can index out of range, follow a dangling link or overflow on
//! a number read from a file.
//!
//! Each problem names the field path (`session.threats[2].card.element`);
//! `record` turns that into `file:line:col` where the text allows.
//!
//! Text holds no control characters, with one exception: descriptions (of
//! elements, boundaries and threats), the approach's scope lists and the
//! draft may hold line breaks (`\n`). Nothing that a listing reads from the
//! summary at the top of a record may (see [`super::record::SESSION_LINE`]).
//! Names of people (raised by, facilitator, note keeper, whoever accepted a
//! risk, retro lines' authors) must be among the participants; a
//! mitigation's owner may be any name.
//!
//! Ratings are checked without the schemes (the check has no scheme
//! library, and a record must load where the team's own scheme is not
//! installed): a rating names a scheme and a version, its level ids are
//! not empty, and an override has its reason [3.1.8]. Whether the levels
//! exist in that scheme is checked when a rating is made.

mod model;
mod risk;
mod work;

use std::collections::HashSet;
use std::fmt;

use super::{Mark, Session};

/// The largest id a record may hold for a threat or an element.
pub const MAX_ID: u32 = 1_000_000_000;
/// The longest a time box or the time spent in a step may be: 100 days.
pub const MAX_SECS: i64 = 100 * 24 * 3600;
/// The largest budget a record may hold, in minutes (100 days).
pub const MAX_BUDGET_MINUTES: u32 = 100 * 24 * 60;
/// The highest phase number.
pub const LAST_PHASE: u8 = 4;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Field(&'static str),
    Index(usize),
}

/// Where in a record a problem is: `session.steps[3].clock.budget_secs`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    fn session() -> Self {
        Self(vec![Seg::Field("session")])
    }

    pub(crate) fn field(&self, name: &'static str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Field(name));
        p
    }

    pub(crate) fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => write!(f, "{name}")?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A problem found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: FieldPath,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn problem(&mut self, path: FieldPath, message: String) {
        self.problems.push(Problem { path, message });
    }

    /// One line of text: no control characters.
    fn text(&mut self, path: FieldPath, text: &str) {
        self.control(path, text, false);
    }

    /// Text that may hold line breaks, and no other control characters.
    fn lines(&mut self, path: FieldPath, text: &str) {
        self.control(path, text, true);
    }

    fn control(&mut self, path: FieldPath, text: &str, breaks: bool) {
        let allowed = |c: char| breaks && c == '\n';
        if let Some(c) = text.chars().find(|&c| c.is_control() && !allowed(c)) {
            self.problem(
                path,
                format!(
                    "holds the control character U+{:04X}; tamer keeps control characters out of records",
                    u32::from(c)
                ),
            );
        }
    }

    fn secs(&mut self, path: FieldPath, secs: i64) {
        if !(0..=MAX_SECS).contains(&secs) {
            self.problem(
                path,
                format!("{secs} seconds is outside 0 to {MAX_SECS} (100 days)"),
            );
        }
    }

    fn id(&mut self, path: FieldPath, id: u32, seen: &mut HashSet<u32>, what: &str) {
        if id == 0 || id > MAX_ID {
            self.problem(path, format!("{what} id {id} is outside 1 to {MAX_ID}"));
        } else if !seen.insert(id) {
            self.problem(path, format!("{what} id {id} is used twice"));
        }
    }

    /// A person's name: one line, and among the participants.
    fn person(&mut self, path: FieldPath, name: Option<&str>, participants: &[String]) {
        let Some(name) = name else {
            return;
        };
        if participants.iter().any(|p| p == name) {
            return;
        }
        self.text(path.clone(), name);
        self.problem(path, format!("\"{name}\" is not among the participants"));
    }

    /// A link to an id that must be in `ids`.
    fn link(&mut self, path: FieldPath, id: Option<u32>, ids: &HashSet<u32>, what: &str) {
        if let Some(id) = id
            && !ids.contains(&id)
        {
            self.problem(path, format!("{what} {id} does not exist"));
        }
    }

    /// A time within [`YEARS`].
    fn time(&mut self, path: FieldPath, at: &chrono::DateTime<chrono::Utc>) {
        use chrono::Datelike;
        self.year(path, at.year(), || at.to_rfc3339());
    }

    fn year(&mut self, path: FieldPath, year: i32, shown: impl Fn() -> String) {
        if !YEARS.contains(&year) {
            self.problem(
                path,
                format!(
                    "{} is outside the years {} to {}",
                    shown(),
                    YEARS.start(),
                    YEARS.end()
                ),
            );
        }
    }

    /// Text that must say something: one line, not blank.
    fn required(&mut self, path: FieldPath, text: &str, what: &str) {
        if text.trim().is_empty() {
            self.problem(path, format!("{what} is missing"));
        } else {
            self.text(path, text);
        }
    }

    fn phase(&mut self, path: FieldPath, phase: u8) {
        if phase > LAST_PHASE {
            self.problem(
                path,
                format!("phase {phase} does not exist; phases run from 0 to {LAST_PHASE}"),
            );
        }
    }
}

/// Every problem of `session`, in the order of its fields; empty when it is
/// safe to use.
pub fn check(session: &Session) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    let root = FieldPath::session();
    c.text(root.field("title"), &session.title);
    if !(1..=MAX_BUDGET_MINUTES).contains(&session.budget_minutes) {
        c.problem(
            root.field("budget_minutes"),
            format!(
                "{} minutes is outside 1 to {MAX_BUDGET_MINUTES}",
                session.budget_minutes
            ),
        );
    }
    for (i, p) in session.participants.iter().enumerate() {
        c.text(root.field("participants").index(i), p);
    }
    work::check_approach(&mut c, session, &root);
    risk::check_scheme(&mut c, session, &root);
    check_times(&mut c, session, &root);
    check_steps(&mut c, session, &root);
    c.secs(root.field("bank_secs"), session.bank_secs);
    let elements = model::check_model(&mut c, session, &root);
    check_decks(&mut c, session, &root, &elements);
    let threats = work::check_threats(&mut c, session, &root, &elements);
    check_marks(&mut c, session, &root, &threats);
    work::check_lot(&mut c, session, &root, &threats);
    risk::check_judgement(&mut c, session, &root);
    risk::check_mitigations(&mut c, session, &root, &threats);
    risk::check_retro(&mut c, session, &root);
    check_radar_events(&mut c, session, &root);
    if let Some(draft) = &session.draft {
        c.text(root.field("draft").field("what"), &draft.what);
        c.lines(root.field("draft").field("text"), &draft.text);
    }
    if let Some(practice) = &session.practice {
        c.text(root.field("practice").field("scenario"), &practice.scenario);
    }
    c.problems
}

/// What the radar, practice hints and stories wrote into the timeline is
/// shown again (`tamer radar`, the debrief, the notes): no control
/// characters in it.
fn check_radar_events(c: &mut Checker, session: &Session, root: &FieldPath) {
    use crate::session::EventKind;
    for (i, e) in session.timeline.iter().enumerate() {
        let kind = root.field("timeline").index(i).field("kind");
        match &e.kind {
            EventKind::RadarRaised {
                flag,
                subject,
                evidence,
                ..
            } => {
                c.text(kind.field("flag"), flag);
                c.text(kind.field("subject"), subject);
                c.text(kind.field("evidence"), evidence);
            }
            EventKind::RadarCleared { flag, subject }
            | EventKind::RadarAcknowledged { flag, subject }
            | EventKind::RadarSnoozed { flag, subject, .. } => {
                c.text(kind.field("flag"), flag);
                c.text(kind.field("subject"), subject);
            }
            EventKind::Exported { format, .. } => c.text(kind.field("format"), format),
            EventKind::Imported { format, source } => {
                c.text(kind.field("format"), format);
                c.text(kind.field("source"), source);
            }
            EventKind::HintShown { hint, category, .. } => {
                c.text(kind.field("hint"), hint);
                if let Some(category) = category {
                    c.text(kind.field("category"), category);
                }
            }
            EventKind::Debriefed { score, .. } if *score > 100 => c.problem(
                kind.field("score"),
                format!("{score} is not a score out of 100"),
            ),
            EventKind::StoryStarted { title, .. } | EventKind::StoryEnded { title } => {
                c.text(kind.field("title"), title)
            }
            _ => {}
        }
    }
}

/// The years a time in a record may fall in.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2999;

/// Every time the session's own arithmetic uses is within [`YEARS`], so no
/// clock shows a running time of millennia.
fn check_times(c: &mut Checker, session: &Session, root: &FieldPath) {
    let mut time = |path: FieldPath, at: &chrono::DateTime<chrono::Utc>| c.time(path, at);
    time(root.field("created"), &session.created);
    if let Some(at) = &session.finished {
        time(root.field("finished"), at);
    }
    for (i, step) in session.steps.iter().enumerate() {
        if let Some(at) = &step.clock.running_since {
            time(
                root.field("steps")
                    .index(i)
                    .field("clock")
                    .field("running_since"),
                at,
            );
        }
    }
    for (i, e) in session.timeline.iter().enumerate() {
        time(root.field("timeline").index(i).field("at"), &e.at);
        if let crate::session::EventKind::RadarSnoozed { until, .. } = &e.kind {
            time(root.field("timeline").index(i).field("kind"), until);
        }
    }
}

fn check_steps(c: &mut Checker, session: &Session, root: &FieldPath) {
    let steps = root.field("steps");
    if session.steps.is_empty() {
        c.problem(steps.clone(), "a session needs at least one step".into());
    } else if session.current >= session.steps.len() {
        c.problem(
            root.field("current"),
            format!(
                "step {} does not exist; this session has {} steps, numbered from 0 to {}",
                session.current,
                session.steps.len(),
                session.steps.len() - 1
            ),
        );
    }
    let mut ids = HashSet::new();
    for (i, step) in session.steps.iter().enumerate() {
        let at = steps.index(i);
        c.phase(at.field("phase"), step.phase);
        c.text(at.field("id"), &step.id);
        if !ids.insert(step.id.as_str()) {
            c.problem(
                at.field("id"),
                format!("step id \"{}\" is used twice", step.id),
            );
        }
        let clock = at.field("clock");
        c.secs(clock.field("budget_secs"), step.clock.budget_secs);
        c.secs(clock.field("spent_secs"), step.clock.spent_secs);
        let elsewhere = i != session.current && session.current < session.steps.len();
        if step.clock.is_running() && (elsewhere || session.finished.is_some()) {
            c.problem(
                clock.field("running_since"),
                if session.finished.is_some() {
                    "a finished session has no running clock".into()
                } else {
                    format!(
                        "only the current step's clock can run, and the current step is {}",
                        session.current
                    )
                },
            );
        }
    }
}

fn check_decks(c: &mut Checker, session: &Session, root: &FieldPath, elements: &HashSet<u32>) {
    if let Some(dealing) = &session.dealing
        && !session.decks.contains(dealing)
    {
        c.problem(
            root.field("dealing"),
            format!("deck \"{dealing}\" is dealt but not among the session's decks"),
        );
    }
    for (i, d) in session.dealt.iter().enumerate() {
        let at = root.field("dealt").index(i);
        if let Some(element) = d.element
            && !elements.contains(&element)
        {
            c.problem(
                at.field("element"),
                format!("element {element} is not in the model"),
            );
        }
    }
}

/// Cards marked with a threat name one that exists.
fn check_marks(c: &mut Checker, session: &Session, root: &FieldPath, threats: &HashSet<u32>) {
    for (i, d) in session.dealt.iter().enumerate() {
        if let Mark::Threat(id) = d.mark
            && !threats.contains(&id)
        {
            c.problem(
                root.field("dealt").index(i).field("mark"),
                format!("threat {id} is not among the session's threats"),
            );
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::deck::ElementKind;
    use crate::session::{
        BoundaryDraft, Change, ElementDraft, ExcursionTarget, ParkDraft, PhaseScript,
    };

    /// A session with one of everything: API (P1, in boundary B1), browser
    /// (E2), DB (D3), a flow F4 from E2 to D3, threat T1 "Replay", a parked
    /// item and an excursion that ended.
    pub(crate) fn session() -> Session {
        let clock = FixedClock::workshop_morning();
        let now = clock.now();
        let names = vec!["Ada".to_owned(), "Grace".to_owned()];
        let mut s = Session::new("S", 60, names, &PhaseScript::builtin(), now);
        let apply = |s: &mut Session, change| {
            s.apply(change, now).expect("applies");
        };
        let zone = BoundaryDraft {
            name: "Internal".into(),
            description: String::new(),
        };
        apply(&mut s, Change::AddBoundary(zone));
        let api = ElementDraft {
            boundary: Some(1),
            ..ElementDraft::new(ElementKind::Process, "API")
        };
        apply(&mut s, Change::AddElement(api));
        let browser = ElementDraft::new(ElementKind::ExternalEntity, "Browser");
        apply(&mut s, Change::AddElement(browser));
        apply(
            &mut s,
            Change::AddElement(ElementDraft::new(ElementKind::DataStore, "DB")),
        );
        apply(
            &mut s,
            Change::AddElement(ElementDraft::flow("Orders", 2, 3)),
        );
        s.capture_threat("Replay", now);
        let park = ParkDraft {
            text: "Backups?".into(),
            raised_by: Some("Grace".into()),
        };
        apply(&mut s, Change::Park(park));
        apply(&mut s, Change::StartExcursion("Is TLS pinned?".into()));
        let end = Change::EndExcursion {
            outcome: "Yes".into(),
            target: ExcursionTarget::Threat(1),
        };
        apply(&mut s, end);
        s
    }

    pub(crate) fn paths(s: &Session) -> Vec<String> {
        check(s).iter().map(|p| p.path.to_string()).collect()
    }

    #[test]
    fn a_fresh_session_has_no_problems() {
        assert_eq!(check(&session()), []);
        let clock = FixedClock::workshop_morning();
        let fresh = Session::new("S", 60, vec![], &PhaseScript::builtin(), clock.now());
        assert_eq!(check(&fresh), []);
    }

    #[test]
    fn an_out_of_range_step_is_named() {
        let mut s = session();
        s.current = 99;
        let problems = check(&s);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            format!(
                "session.current: step 99 does not exist; this session has {} steps, numbered from 0 to {}",
                s.steps.len(),
                s.steps.len() - 1
            )
        );
    }

    #[test]
    fn duplicate_and_out_of_range_ids_and_dangling_links() {
        let mut s = session();
        let mut twin = s.threats[0].clone();
        twin.card = Some(crate::session::CardRef {
            deck: "stride".into(),
            card: "S".into(),
            element: Some(7),
        });
        s.threats.push(twin);
        s.model[0].id = 0;
        assert_eq!(
            paths(&s),
            [
                "session.model[0].id",
                "session.threats[1].id",
                "session.threats[1].card.element",
            ]
        );
    }

    #[test]
    fn huge_durations_and_stray_running_clocks() {
        let mut s = session();
        s.steps[2].clock.budget_secs = i64::MAX;
        s.steps[3].clock.spent_secs = -1;
        s.steps[4].clock.running_since = Some(s.created);
        s.budget_minutes = 0;
        assert_eq!(
            paths(&s),
            [
                "session.budget_minutes",
                "session.steps[2].clock.budget_secs",
                "session.steps[3].clock.spent_secs",
                "session.steps[4].clock.running_since",
            ]
        );
    }

    #[test]
    fn control_characters_and_marks_for_missing_threats() {
        let mut s = session();
        s.title = "a\u{1b}[2Jb".into();
        s.dealt.push(crate::session::Dealt {
            deck: "stride".into(),
            card_deck: "stride".into(),
            card: "S".into(),
            element: None,
            mark: Mark::Threat(42),
            at: s.created,
        });
        s.dealing = Some("nowhere".into());
        assert_eq!(
            paths(&s),
            ["session.title", "session.dealing", "session.dealt[0].mark"]
        );
    }

    #[test]
    fn times_out_of_range_are_refused() {
        let mut s = session();
        s.created = chrono::NaiveDate::from_ymd_opt(3500, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .expect("a date");
        assert!(
            check(&s)
                .iter()
                .any(|p| p.path.to_string() == "session.created"),
            "{:?}",
            check(&s)
        );
    }
}
