//! The session record: a versioned RON document holding the whole session.
//!
//! Pure text in, text out; `store` does the reading and writing.
//!
//! A record is `(version: N, summary: (...), session: (...))`. The summary
//! comes first so that a listing reads only the top of each file
//! ([`read_summary`]). Reading goes: version → parse that version's shape
//! (unknown fields refused, never trimmed) → migrate one version at a time
//! to the current shape → [`check`] the whole session. A
//! record that fails any step is refused with `file:line:col` and the field
//! path, and is never partly used.
//!
//! In version 4 a threat's optional fields (description, category, element,
//! raiser, card, key rank, ratings, decision, review) are left out of the
//! file when empty, which keeps a save of 1,000 threats under 2 ms; they are
//! part of the version's shape, so a reader of version 4 knows them all and
//! unknown fields are still refused.
//!
//! Version 5 added timeline events only: what the radar raised, cleared,
//! and what the facilitator acknowledged or snoozed, and exports. Nothing
//! else changed, so a version-4 record is read with the current shape, and
//! refused at the first event a version-4 record cannot hold.
//!
//! Version 6 added solo practice (the session's `practice` field, the
//! `HintShown` and `Debriefed` events, and `practice` and `score` in the
//! summary) and story-sized sessions (`StoryStarted`, `StoryEnded`).
//! Versions 4 and 5 are read with the current shape in the same way, and
//! refused at the first part their version cannot hold.

pub mod v1;
pub mod v2;
pub mod v3;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Session;
use super::check::{self, FieldPath, Seg};
use crate::deck::outline::{self, Node};
use crate::error::{Diagnostic, Diagnostics, Error, Result};

/// The record version this build writes; it reads this one and every older one.
pub const VERSION: u32 = 6;

/// The line that starts the session in a record this build writes; a
/// listing stops reading there. The summary above it holds no line breaks
/// (a title is one line; control characters are refused), so the first
/// such line is always the real one, whatever descriptions further down
/// hold.
pub const SESSION_LINE: &str = "  session: (";

#[derive(Serialize)]
struct RecordOut<'a> {
    version: u32,
    summary: Summary,
    session: &'a Session,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordV6 {
    #[allow(dead_code)]
    version: u32,
    #[allow(dead_code)]
    summary: Summary,
    session: Session,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    version: u32,
    summary: Summary,
}

/// What a listing shows of a record; written at the top of every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub title: String,
    pub created: DateTime<Utc>,
    pub phase_reached: u8,
    pub finished: bool,
    pub threats: usize,
    /// The scenario of a practice session (version 6); none for a team's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<String>,
    /// The score of the practice session's latest debrief, out of 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
}

impl Summary {
    pub fn of(session: &Session) -> Self {
        Self {
            title: session.title.clone(),
            created: session.created,
            phase_reached: session.phase_reached(),
            finished: session.finished.is_some(),
            threats: session.threats.len(),
            practice: session.practice.as_ref().map(|p| p.scenario.clone()),
            score: session.timeline.iter().rev().find_map(|e| match e.kind {
                super::EventKind::Debriefed { score, .. } => Some(score),
                _ => None,
            }),
        }
    }
}

/// A record read from text, migrated to the current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub session: Session,
    /// The version the text was in; older than [`VERSION`] when migrated.
    pub version: u32,
}

impl Loaded {
    pub fn migrated(&self) -> bool {
        self.version < VERSION
    }
}

/// The record as RON text.
pub fn to_ron(session: &Session) -> Result<String> {
    // Strings are written as they are (raw strings when they hold quotes or
    // backslashes) instead of escaped char by char, which was two thirds of
    // the cost of a save. Records hold no control characters but the line
    // breaks of descriptions (input is cleaned, loaded records are checked),
    // so the file stays plain text.
    write(&RecordOut {
        version: VERSION,
        summary: Summary::of(session),
        session,
    })
}

/// Reads a record of any version this build knows, migrates and checks it.
pub fn read(file: &str, text: &str) -> Result<Loaded> {
    let version = version_of(file, text)?;
    let options = ron::Options::default();
    let parse_error = |e: ron::error::SpannedError| Error::invalid(Diagnostic::from_ron(file, &e));
    let session = match version {
        1 => v3::to_v4(v2::to_v3(v1::to_v2(
            options
                .from_str::<v1::Record>(text)
                .map_err(parse_error)?
                .session,
        ))),
        2 => v3::to_v4(v2::to_v3(
            options
                .from_str::<v2::Record>(text)
                .map_err(parse_error)?
                .session,
        )),
        3 => v3::to_v4(
            options
                .from_str::<v3::Record>(text)
                .map_err(parse_error)?
                .session,
        ),
        4..=VERSION => {
            let session = options
                .from_str::<RecordV6>(text)
                .map_err(parse_error)?
                .session;
            if version < VERSION {
                newer_than(file, text, version, &session)?;
            }
            session
        }
        found if found > VERSION => {
            return Err(Error::UnsupportedVersion {
                path: file.to_owned(),
                found,
                supported: VERSION,
            });
        }
        found => {
            return Err(Error::invalid(Diagnostic::located(
                file,
                text,
                "version",
                0,
                format!("there is no record version {found}; versions start at 1"),
            )));
        }
    };
    let problems = check::check(&session);
    if !problems.is_empty() {
        let tree = outline::outline(text);
        let diagnostics = problems
            .iter()
            .map(|p| {
                let pos = tree.as_ref().and_then(|t| position(t, &p.path));
                Diagnostic {
                    file: file.to_owned(),
                    line: pos.map_or(1, |p| p.line),
                    col: pos.map_or(1, |p| p.col),
                    message: p.to_string(),
                }
            })
            .collect();
        return Err(Error::Invalid(Diagnostics(diagnostics)));
    }
    Ok(Loaded { session, version })
}

/// Refuses a record of `version` (4 or 5, read with the current shape)
/// that holds something a record of its version cannot: a timeline event,
/// or a practice run, that came with a later version.
fn newer_than(file: &str, text: &str, version: u32, session: &Session) -> Result<()> {
    let (path, since) = if let Some((i, since)) = session
        .timeline
        .iter()
        .enumerate()
        .map(|(i, e)| (i, e.kind.since_version()))
        .find(|&(_, since)| since > version)
    {
        let path = FieldPath(vec![
            Seg::Field("session"),
            Seg::Field("timeline"),
            Seg::Index(i),
        ]);
        (path, since)
    } else if session.practice.is_some() && version < 6 {
        (
            FieldPath(vec![Seg::Field("session"), Seg::Field("practice")]),
            6,
        )
    } else {
        return Ok(());
    };
    let pos = outline::outline(text).and_then(|t| position(&t, &path));
    Err(Error::invalid(Diagnostic {
        file: file.to_owned(),
        line: pos.map_or(1, |p| p.line),
        col: pos.map_or(1, |p| p.col),
        message: format!(
            "{path}: a version-{version} record cannot hold this (it came with version {since}); is the version wrong?"
        ),
    }))
}

/// Reads a record and returns its session (see [`read`]).
pub fn from_ron(file: &str, text: &str) -> Result<Session> {
    read(file, text).map(|l| l.session)
}

/// The version of a record: found by looking at its first field, which is
/// quick and gives a clear message for a newer record whatever its shape.
fn version_of(file: &str, text: &str) -> Result<u32> {
    let quick = text
        .trim_start()
        .strip_prefix('(')
        .map(str::trim_start)
        .and_then(|t| t.strip_prefix("version"))
        .map(str::trim_start)
        .and_then(|t| t.strip_prefix(':'))
        .map(str::trim_start)
        .and_then(|t| {
            let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            t[..digits].parse::<u32>().ok()
        });
    if let Some(v) = quick {
        return Ok(v);
    }
    #[derive(Deserialize)]
    struct Version {
        version: u32,
    }
    ron::Options::default()
        .from_str::<Version>(text)
        .map(|v| v.version)
        .map_err(|e| Error::invalid(Diagnostic::from_ron(file, &e)))
}

/// The summary at the top of a record, read from the text before
/// [`SESSION_LINE`]; `None` when the record has none (version 1) or the
/// top does not read as one, so the caller reads the whole record. The
/// summary has had the same shape since version 2.
pub fn read_summary(head: &str) -> Option<Summary> {
    let end = head.find(&format!("\n{SESSION_LINE}"))?;
    let mut text = head[..end].to_owned();
    text.push_str("\n)");
    let head: Head = ron::Options::default().from_str(&text).ok()?;
    (2..=VERSION)
        .contains(&head.version)
        .then_some(head.summary)
}

/// The record as RON text in an older `version`'s shape (1 to 5), for
/// tests and benchmarks of the migrations: what that version cannot hold is
/// left out. Any other version gets the current shape.
pub fn to_ron_as(session: &Session, version: u32) -> Result<String> {
    let v3 = v3::from_v4(session);
    let old = v2::from_v3(&v3);
    let text = match version {
        1 => {
            #[derive(Serialize)]
            struct V1<'a> {
                version: u32,
                session: &'a v2::Session,
            }
            write(&V1 {
                version: 1,
                session: &old,
            })?
        }
        2 => write(&v2::Record {
            version: 2,
            summary: Summary::of(session),
            session: old,
        })?,
        3 => write(&v3::Record {
            version: 3,
            summary: Summary::of(session),
            session: v3,
        })?,
        4 | 5 => {
            let mut old = session.clone();
            old.timeline.retain(|e| e.kind.since_version() <= version);
            old.practice = None;
            write(&RecordOut {
                version,
                summary: Summary::of(&old),
                session: &old,
            })?
        }
        _ => return to_ron(session),
    };
    Ok(text)
}

fn write(record: &impl Serialize) -> Result<String> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .escape_strings(false);
    let mut text = ron::ser::to_string_pretty(record, config)
        .map_err(|e| Error::Internal(format!("cannot write the record: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Where `path` is in the outline of a record: the deepest part of the path
/// that the text has.
fn position(tree: &Node, path: &FieldPath) -> Option<outline::Pos> {
    let mut node = tree;
    let mut pos = None;
    for seg in &path.0 {
        match seg {
            Seg::Field(name) => {
                let field = node.unwrap_some().field(name)?;
                pos = Some(field.pos);
                node = &field.value;
            }
            Seg::Index(i) => {
                let item = node.unwrap_some().items().get(*i)?;
                pos = Some(item.pos());
                node = item;
            }
        }
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::{EventKind, PhaseScript};

    #[test]
    fn a_record_round_trips() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new(
            "Round trip \"quoted\" \\ ünï",
            60,
            vec!["Ada".into(), "Grace".into()],
            &PhaseScript::builtin(),
            clock.now(),
        );
        clock.advance_secs(42);
        s.capture_threat("Line\nbreak and ) paren", clock.now());
        s.toggle_pause(clock.now());
        s.next(clock.now());
        let text = to_ron(&s).expect("serializes");
        assert!(
            text.starts_with(&format!("(\n  version: {VERSION},\n  summary: (")),
            "{text}"
        );
        assert_eq!(read_summary(&text), Some(Summary::of(&s)));
        assert_eq!(from_ron("r.ron", &text).ok(), Some(s));
    }

    fn a_session() -> (Session, FixedClock) {
        let clock = FixedClock::workshop_morning();
        let s = Session::new(
            "Older",
            60,
            vec!["Ada".into()],
            &PhaseScript::builtin(),
            clock.now(),
        );
        (s, clock)
    }

    /// A record of version 6 keeps the practice run, its hints and debrief
    /// and the stories, and says which scenario and score in its summary.
    #[test]
    fn version_6_holds_practice_and_stories() {
        let (mut s, clock) = a_session();
        s.practice = Some(crate::session::Practice {
            scenario: "photo-sharing".into(),
            version: 2,
        });
        for kind in [
            EventKind::HintShown {
                hint: "upload-malware".into(),
                element: Some(1),
                category: Some("tampering".into()),
            },
            EventKind::Debriefed {
                matched: 3,
                missed: 9,
                extra: 1,
                score: 40,
            },
            EventKind::Debriefed {
                matched: 5,
                missed: 7,
                extra: 0,
                score: 55,
            },
            EventKind::StoryStarted {
                title: "Share albums".into(),
                minutes: 10,
            },
            EventKind::StoryEnded {
                title: "Share albums".into(),
            },
        ] {
            s.timeline.push(crate::session::Event {
                at: clock.now(),
                kind,
            });
        }
        let text = to_ron(&s).expect("serializes");
        let summary = read_summary(&text).expect("a summary");
        assert_eq!(summary.practice.as_deref(), Some("photo-sharing"));
        assert_eq!(summary.score, Some(55), "the latest debrief's score");
        assert_eq!(from_ron("r.ron", &text).ok(), Some(s));
    }

    /// Versions 4 and 5 are read with the current shape, so what only a
    /// later version can hold is refused at its place, never kept quietly.
    #[test]
    fn an_older_record_holding_a_later_part_is_refused_where_it_is() {
        let (mut s, clock) = a_session();
        let cases = [
            (
                5,
                EventKind::StoryStarted {
                    title: "Story".into(),
                    minutes: 10,
                },
                "version 6",
            ),
            (
                4,
                EventKind::Exported {
                    format: "md".into(),
                    mitigations: vec![],
                },
                "version 5",
            ),
        ];
        for (version, kind, since) in cases {
            let mut old = s.clone();
            old.timeline.push(crate::session::Event {
                at: clock.now(),
                kind,
            });
            let text = to_ron(&old).expect("serializes").replacen(
                &format!("version: {VERSION},"),
                &format!("version: {version},"),
                1,
            );
            let e = from_ron("old.ron", &text).expect_err("refused").to_string();
            // The position is the event's opening, two lines above its kind
            // (lines count from 1).
            let kind = text
                .lines()
                .position(|l| l.contains("StoryStarted") || l.contains("Exported"))
                .expect("the event");
            assert!(e.contains("session.timeline[1]"), "{e}");
            assert!(e.contains(since), "{e}");
            assert!(e.starts_with(&format!("old.ron:{}:", kind - 1)), "{e}");
        }
        s.practice = Some(crate::session::Practice {
            scenario: "p".into(),
            version: 1,
        });
        let text = to_ron(&s).expect("serializes").replacen(
            &format!("version: {VERSION},"),
            "version: 5,",
            1,
        );
        let e = from_ron("old.ron", &text).expect_err("refused").to_string();
        assert!(
            e.contains("session.practice") && e.contains("version 6"),
            "{e}"
        );
    }

    /// A description keeps its line breaks, and one that holds the session
    /// line cannot fool the listing: the summary above it is one line each.
    #[test]
    fn line_breaks_in_descriptions_round_trip_and_leave_the_summary_alone() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("Lines", 60, vec![], &PhaseScript::builtin(), clock.now());
        let draft = crate::session::ThreatDraft {
            title: "Replay".into(),
            description: format!("one\n{SESSION_LINE}\n  summary: (\"x\")"),
            ..Default::default()
        };
        s.apply(crate::session::Change::AddThreat(draft), clock.now())
            .expect("added");
        assert!(s.threats[0].description.contains('\n'));
        let text = to_ron(&s).expect("serializes");
        assert!(
            text.matches(&format!("\n{SESSION_LINE}")).count() >= 2,
            "{text}"
        );
        assert_eq!(read_summary(&text), Some(Summary::of(&s)));
        assert_eq!(from_ron("r.ron", &text).ok(), Some(s));
        // And a problem after it is still placed at its own line.
        let broken = text.replacen("    current: 0,", "    current: 99,", 1);
        let line = 1 + broken
            .lines()
            .position(|l| l == "    current: 99,")
            .expect("there");
        let msg = from_ron("x.ron", &broken).unwrap_err().to_string();
        assert!(
            msg.starts_with(&format!("x.ron:{line}:5: session.current")),
            "{msg}"
        );
    }

    #[test]
    fn a_newer_record_is_refused_by_version() {
        let err = from_ron("new.ron", "(version: 7, session: (anything: 1))").unwrap_err();
        assert!(matches!(
            err,
            Error::UnsupportedVersion {
                found: 7,
                supported: VERSION,
                ..
            }
        ));
    }

    #[test]
    fn a_broken_record_names_the_position() {
        let clock = FixedClock::workshop_morning();
        let s = Session::new("x", 60, vec![], &PhaseScript::builtin(), clock.now());
        let text = to_ron(&s).expect("serializes").replacen(
            "budget_minutes: 60",
            "budget_minutes: sixty",
            1,
        );
        let line = text
            .lines()
            .position(|l| l.contains("sixty"))
            .map(|i| i + 1)
            .unwrap_or(0);
        let msg = from_ron("broken.ron", &text).unwrap_err().to_string();
        assert!(msg.starts_with(&format!("broken.ron:{line}:")), "{msg}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!(
            "(version: 1, session: {}{})",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(from_ron("deep.ron", &text).is_err());
    }

    fn record() -> (Session, String) {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("Checkout", 60, vec![], &PhaseScript::builtin(), clock.now());
        s.capture_threat("Replay", clock.now());
        let text = to_ron(&s).expect("serializes");
        (s, text)
    }

    #[test]
    fn unknown_fields_are_refused_not_trimmed() {
        let (_, text) = record();
        let text = text.replacen("    title: ", "    colour: \"red\",\n    title: ", 1);
        let msg = from_ron("x.ron", &text).unwrap_err().to_string();
        assert!(msg.starts_with("x.ron:"), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn a_bad_index_is_refused_at_its_line_with_the_field_path() {
        let (s, text) = record();
        let text = text.replacen("    current: 0,", "    current: 99,", 1);
        let line = 1 + text
            .lines()
            .position(|l| l.contains("current: 99"))
            .expect("present");
        let msg = from_ron("x.ron", &text).unwrap_err().to_string();
        assert_eq!(
            msg,
            format!(
                "x.ron:{line}:5: session.current: step 99 does not exist; this session has {} steps, numbered from 0 to {}",
                s.steps.len(),
                s.steps.len() - 1
            )
        );
    }

    #[test]
    fn every_problem_is_reported_each_at_its_place() {
        let (_, text) = record();
        let text = text
            .replacen("    current: 0,", "    current: 99,", 1)
            .replacen("      id: 1,", "      id: 0,", 1);
        let msg = from_ron("x.ron", &text).unwrap_err().to_string();
        let lines: Vec<&str> = msg.lines().collect();
        assert_eq!(lines.len(), 2, "{msg}");
        assert!(lines[0].contains("session.current"), "{msg}");
        assert!(
            lines[1].contains("session.threats[0].id: threat id 0"),
            "{msg}"
        );
        assert!(!lines[1].starts_with("x.ron:1:1:"), "{msg}");
    }

    #[test]
    fn a_version_one_record_is_migrated() {
        let (s, _) = record();
        // Version 1 had no summary and might lack the later fields.
        let v1 = to_ron_as(&s, 1)
            .expect("serializes")
            .replace("    model: [],\n", "")
            .replace("    dealt: [],\n", "");
        assert!(v1.starts_with("(\n  version: 1,\n  session: ("), "{v1}");
        assert!(!v1.contains("boundaries"), "{v1}");
        let loaded = read("v1.ron", &v1).expect("migrates");
        assert_eq!(loaded.version, 1);
        assert!(loaded.migrated());
        assert_eq!(loaded.session, s);
    }

    /// A session with something of every kind version 3 added, and what
    /// is left of it after a trip through an older version.
    fn rich() -> (Session, Session) {
        use crate::deck::ElementKind;
        use crate::session::{Change, ElementDraft, ParkDraft};
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new(
            "Rich",
            60,
            vec!["Ada".into()],
            &PhaseScript::builtin(),
            clock.now(),
        );
        let cell = |e| crate::session::Cell {
            card_deck: "stride".into(),
            card: "tampering".into(),
            element: Some(e),
        };
        let api = s
            .add_element(ElementKind::Process, "API", false, clock.now())
            .expect("api");
        let db = s
            .add_element(ElementKind::DataStore, "DB", true, clock.now())
            .expect("db");
        s.apply(
            Change::AddElement(ElementDraft::flow("Query", api, db)),
            clock.now(),
        )
        .expect("flow");
        s.capture_from_card("Tampered query", &cell(api), clock.now());
        s.apply(
            Change::Park(ParkDraft {
                text: "Backups?".into(),
                raised_by: Some("Ada".into()),
            }),
            clock.now(),
        )
        .expect("parked");
        clock.advance_secs(30);
        s.next(clock.now());
        let mut old = s.clone();
        old.model[2].flow = None;
        old.parking.clear();
        old.bank_secs = 0;
        old.timeline.retain(|e| {
            !matches!(
                e.kind,
                crate::session::EventKind::Parked { .. } | crate::session::EventKind::Banked { .. }
            )
        });
        (s, old)
    }

    #[test]
    fn a_version_two_record_is_migrated_to_version_three() {
        let (s, old) = rich();
        let v2 = to_ron_as(&s, 2).expect("serializes");
        assert!(v2.starts_with("(\n  version: 2,\n  summary: ("), "{v2}");
        assert_eq!(
            read_summary(&v2),
            Some(Summary::of(&s)),
            "same summary shape"
        );
        let loaded = read("v2.ron", &v2).expect("migrates");
        assert_eq!(loaded.version, 2);
        assert_eq!(loaded.session, old);
        // The card gave the threat its category and element.
        let t = &loaded.session.threats[0];
        assert_eq!(
            (t.category.as_deref(), t.element),
            (Some("tampering"), Some(1))
        );
    }

    #[test]
    fn a_version_one_record_is_migrated_through_version_two() {
        let (s, old) = rich();
        let loaded = read("v1.ron", &to_ron_as(&s, 1).expect("serializes")).expect("migrates");
        assert_eq!(loaded.version, 1);
        assert_eq!(loaded.session, old);
    }

    #[test]
    fn a_version_two_record_with_version_three_fields_is_refused() {
        let (s, _) = rich();
        let text =
            to_ron_as(&s, 3)
                .expect("serializes")
                .replacen("  version: 3,", "  version: 2,", 1);
        let msg = from_ron("x.ron", &text).unwrap_err().to_string();
        assert!(
            msg.starts_with("x.ron:") && msg.contains("approach"),
            "{msg}"
        );
    }

    #[test]
    fn version_zero_and_missing_versions_are_refused() {
        let msg = from_ron("z.ron", "(version: 0, session: ())")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("no record version 0"), "{msg}");
        let msg = from_ron("z.ron", "(session: ())").unwrap_err().to_string();
        assert!(msg.starts_with("z.ron:1:"), "{msg}");
    }

    #[test]
    fn the_summary_is_read_from_the_top_only() {
        let (s, text) = record();
        let end = text.find(SESSION_LINE).expect("session");
        // Everything after the session line may be missing or broken.
        let head = format!("{}\n  session: (garbage", &text[..end]);
        assert_eq!(read_summary(&head), Some(Summary::of(&s)));
        assert_eq!(read_summary("(version: 1, session: ())"), None);
    }

    #[test]
    fn a_dangling_link_in_the_example_is_placed_at_its_line() {
        let text = include_str!("../../sessions/example-checkout.ron").replacen(
            "          element: Some(1),",
            "          element: Some(42),",
            1,
        );
        let line = 1 + text
            .lines()
            .position(|l| l.contains("element: Some(42)"))
            .expect("present");
        let msg = from_ron("x.ron", &text).unwrap_err().to_string();
        assert_eq!(
            msg,
            format!(
                "x.ron:{line}:11: session.threats[0].card.element: element 42 is not in the model"
            )
        );
    }

    #[test]
    fn a_version_four_record_with_a_radar_event_is_refused_where_the_event_is() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("Lock", 60, vec![], &PhaseScript::builtin(), clock.now());
        s.timeline.push(crate::session::Event {
            at: clock.now(),
            kind: crate::session::EventKind::RadarCleared {
                flag: "2.1.4".into(),
                subject: String::new(),
            },
        });
        let v4 = to_ron_as(&s, 4).expect("serializes");
        assert!(
            v4.starts_with("(\n  version: 4,") && !v4.contains("Radar"),
            "{v4}"
        );
        assert_eq!(read("old.ron", &v4).map(|l| l.version).ok(), Some(4));
        let text = to_ron(&s).expect("serializes").replacen(
            &format!("  version: {VERSION},"),
            "  version: 4,",
            1,
        );
        let msg = from_ron("x.ron", &text).unwrap_err().to_string();
        let line = text
            .lines()
            .position(|l| l.contains("RadarCleared"))
            .expect("the event is written");
        assert!(
            msg.starts_with("x.ron:")
                && msg.contains("session.timeline[1]")
                && msg.contains("version 5"),
            "{msg}"
        );
        // The position points at the event (its opening, two lines above
        // its kind).
        let at: usize = msg
            .split(':')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .expect("a line");
        assert!(
            (line - 1..=line + 1).contains(&at),
            "{msg} vs line {}",
            line + 1
        );
    }
}
