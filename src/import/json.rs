//! Import: tamer's own JSON export (`export::json`) read back into a
//! session. Everything the JSON holds comes back as it was: record → JSON →
//! record gives the same session. The derived parts (`phases.totals`,
//! `radar`) are read for their shape and then rebuilt from the rest.
//!
//! The timeline is left as the file has it (no "imported" event is added),
//! so that the round trip is exact; the record saved from the import says
//! where it came from in its own file name only.
//!
//! Bad input ends in an error naming `file:line:col` in plain words:
//! malformed or truncated JSON, wrong types, nesting deeper than 128 levels
//! (serde_json's limit, kept, so deep input cannot overflow the stack), a
//! `schema_version` other than 1, and sessions that do not pass the
//! whole-record check (control characters in a title, dangling links…),
//! which are named by their path in the JSON (`model.flows[1].ends.from`).

use serde::Deserialize;

use super::{Imported, Options};
use crate::deck::ElementKind;
use crate::error::{Diagnostic, Error, Result};
use crate::export::json::{
    Doc, JAction, JDecision, JDecisionKind, JEffort, JElementKind, JKind, JMark, JParkedOutcome,
    JReduces, JRetroLine, JRetroList, JScheme, JSeverity, JStatus, SCHEMA_VERSION,
};
use crate::session::check::{FieldPath, Seg};
use crate::session::{
    Action, Approach, Boundary, CardRef, Dealt, Decision, DecisionKind, Draft, Effort, Element,
    Event, EventKind, Excursion, FlowEnds, Mark, Mitigation, MitigationStatus, Parked,
    ParkedOutcome, Rating, Reduces, Retro, RetroLine, RetroList, Review, SchemeRef, Session,
    StepClock, StepState, Threat,
};

/// Reads tamer's JSON export `text` (the file `file`).
pub fn read(file: &str, text: &str, options: &Options) -> Result<Imported> {
    version(file, text)?;
    let doc: Doc = serde_json::from_str(text).map_err(|e| parse_error(file, &e))?;
    let mut session = to_session(doc).map_err(|message| {
        Error::invalid(Diagnostic {
            file: file.to_owned(),
            line: 0,
            col: 0,
            message,
        })
    })?;
    if let Some(title) = options.title {
        session.title = crate::session::change::clean_line(title);
    }
    if let Some(p) = crate::session::check::check(&session).first() {
        return Err(Error::invalid(Diagnostic {
            file: file.to_owned(),
            line: 0,
            col: 0,
            message: format!(
                "the session in this file does not hold together, so it was not imported: {}: {}",
                json_path(&session, &p.path),
                p.message
            ),
        }));
    }
    Ok(Imported {
        session,
        format: "json",
        unmapped: Vec::new(),
    })
}

/// Where the whole-record check's `path` (`session.model[6].flow.from`)
/// is in the JSON document (`model.flows[1].ends.from`).
fn json_path(session: &Session, path: &FieldPath) -> String {
    let mut segs = path.0.iter().skip_while(|s| **s == Seg::Field("session"));
    let mut out = String::new();
    let top = match segs.next() {
        Some(Seg::Field(name)) => *name,
        _ => return path.to_string(),
    };
    match top {
        "created" => out.push_str("started_at"),
        "finished" => out.push_str("ended_at"),
        "budget_minutes" | "decks" | "dealing" => {
            out.push_str("approach.");
            out.push_str(top);
        }
        "scheme" => out.push_str("approach.rating_scheme"),
        "steps" | "dealt" | "draft" => {
            out.push_str("phases.");
            out.push_str(top);
        }
        "current" => out.push_str("phases.current_step"),
        "bank_secs" => out.push_str("phases.bank_seconds"),
        "boundaries" => out.push_str("model.boundaries"),
        "model_agreed" => out.push_str("model.agreed_at"),
        "parking" => out.push_str("parking_lot.items"),
        "excursions" => out.push_str("parking_lot.excursions"),
        "model" => match segs.next() {
            Some(Seg::Index(i)) => {
                let is_flow = |e: &Element| e.kind == ElementKind::DataFlow;
                let flow = session.model.get(*i).is_some_and(is_flow);
                let before = session.model.iter().take(*i);
                let j = before.filter(|e| is_flow(e) == flow).count();
                let list = if flow { "flows" } else { "elements" };
                out.push_str(&format!("model.{list}[{j}]"));
            }
            _ => out.push_str("model"),
        },
        other => out.push_str(other),
    }
    let rest: Vec<&Seg> = segs.collect();
    for (k, seg) in rest.iter().enumerate() {
        match seg {
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
            Seg::Field(name) => {
                let name = match (top, *name) {
                    (_, "clock") | ("timeline", "kind") => continue,
                    (_, "budget_secs") => "box_seconds",
                    (_, "spent_secs") => "spent_seconds",
                    ("threats", "key") => "key_rank",
                    ("model", "flow") => "ends",
                    ("excursions", "started") => "started_at",
                    ("excursions", "ended") => "ended_at",
                    ("mitigations", "status") if rest.get(k + 1).is_some() => continue,
                    ("mitigations", "reason") => "wont_do_reason",
                    (_, other) => other,
                };
                out.push('.');
                out.push_str(name);
            }
        }
    }
    out
}

/// Only `schema_version` is looked at first, so that a file of another
/// version is refused for its version, not for its first unknown key.
fn version(file: &str, text: &str) -> Result<()> {
    #[derive(Deserialize)]
    #[serde(expecting = "a tamer session object")]
    struct Head {
        schema_version: Option<serde_json::Value>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| parse_error(file, &e))?;
    let refuse = |message: String| {
        Err(Error::invalid(Diagnostic {
            file: file.to_owned(),
            line: 0,
            col: 0,
            message,
        }))
    };
    match head.schema_version {
        Some(v) if v.as_u64() == Some(u64::from(SCHEMA_VERSION)) => Ok(()),
        Some(v) => refuse(format!(
            "this is a tamer JSON export of schema_version {v}, but this build of tamer reads \
             schema_version {SCHEMA_VERSION} only; export the session again with this tamer's \
             version, or import it with a tamer that knows version {v}"
        )),
        None => refuse(
            "schema_version is missing; a tamer JSON export starts with \"schema_version\": 1"
                .into(),
        ),
    }
}

fn parse_error(file: &str, e: &serde_json::Error) -> Error {
    Error::invalid(Diagnostic {
        file: file.to_owned(),
        line: e.line().max(1),
        col: e.column().max(1),
        message: plain(e),
    })
}

/// serde_json's message in a user's words: without its own position (the
/// diagnostic has one) and without Rust type names.
fn plain(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => &text,
    };
    if e.is_eof() {
        return format!(
            "the file ends too soon ({}); it may have been cut short",
            text.replace("EOF while parsing", "inside")
        );
    }
    if text == "recursion limit exceeded" {
        return "nested too deeply (more than 128 levels of lists and objects)".into();
    }
    // chrono's words for a time or date it could not read.
    if [
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is out of range",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
        "bad or unsupported format string",
        "impossible",
    ]
    .contains(&text)
    {
        return format!(
            "This time or date cannot be read ({text}); write times like \
             2026-11-30T09:00:00Z and dates like 2026-12-15"
        );
    }
    let mut out = text.to_owned();
    for (rust, words) in [
        ("expected u8", "expected a whole number from 0 to 255"),
        (
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        ),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected an object"),
        ("invalid type: map", "invalid type: an object"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: unit value", "invalid type: null"),
        ("expected unit", "expected null"),
    ] {
        out = out.replace(rust, words);
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

type Conv<T> = std::result::Result<T, String>;

fn to_session(doc: Doc) -> Conv<Session> {
    let a = doc.approach;
    let p = doc.phases;
    let mut dealt = Vec::with_capacity(p.dealt.len());
    for (i, d) in p.dealt.into_iter().enumerate() {
        dealt.push(Dealt {
            deck: d.deck,
            card_deck: d.card_deck,
            card: d.card,
            element: d.element,
            mark: mark(d.mark, d.threat, || format!("phases.dealt[{i}]"))?,
            at: d.at,
        });
    }
    let mut mitigations = Vec::with_capacity(doc.mitigations.len());
    for (i, m) in doc.mitigations.into_iter().enumerate() {
        let status = match (m.status, m.wont_do_reason) {
            (JStatus::WontDo, Some(reason)) => MitigationStatus::WontDo { reason },
            (JStatus::WontDo, None) => {
                return Err(format!(
                    "mitigations[{i}]: its status is wont_do, so it needs a wont_do_reason"
                ));
            }
            (_, Some(_)) => {
                return Err(format!(
                    "mitigations[{i}]: a wont_do_reason is only kept when the status is wont_do"
                ));
            }
            (JStatus::Planned, None) => MitigationStatus::Planned,
            (JStatus::InProgress, None) => MitigationStatus::InProgress,
            (JStatus::Done, None) => MitigationStatus::Done,
        };
        mitigations.push(Mitigation {
            id: m.id,
            title: m.title,
            description: m.description,
            essential: m.essential,
            reduces: match m.reduces {
                JReduces::Likelihood => Reduces::Likelihood,
                JReduces::Harm => Reduces::Harm,
            },
            criteria: m.criteria,
            effort: match m.effort {
                JEffort::Small => Effort::Small,
                JEffort::Medium => Effort::Medium,
                JEffort::Large => Effort::Large,
            },
            owner: m.owner,
            due: m.due,
            status,
            threats: m.threats,
        });
    }
    let mut timeline = Vec::with_capacity(doc.timeline.len());
    for (i, e) in doc.timeline.into_iter().enumerate() {
        timeline.push(Event {
            at: e.at,
            kind: event(e.event, || format!("timeline[{i}]"))?,
        });
    }
    Ok(Session {
        title: doc.title,
        created: doc.started_at,
        budget_minutes: a.budget_minutes,
        participants: doc.participants,
        approach: Approach {
            scope: a.scope,
            out_of_scope: a.out_of_scope,
            security_level: a.security_level,
            facilitator: a.facilitator,
            note_keeper: a.note_keeper,
        },
        scheme: scheme(a.rating_scheme),
        steps: p
            .steps
            .into_iter()
            .map(|s| StepState {
                phase: s.phase,
                id: s.id,
                clock: StepClock {
                    budget_secs: s.box_seconds,
                    spent_secs: s.spent_seconds,
                    running_since: s.running_since,
                },
            })
            .collect(),
        current: p.current_step,
        finished: doc.ended_at,
        bank_secs: p.bank_seconds,
        threats: doc.threats.into_iter().map(threat).collect(),
        mitigations,
        parking: doc
            .parking_lot
            .items
            .into_iter()
            .map(|p| Parked {
                id: p.id,
                text: p.text,
                raised_by: p.raised_by,
                at: p.at,
                outcome: p.outcome.map(|o| match o {
                    JParkedOutcome::Threat { threat } => ParkedOutcome::Threat(threat),
                    JParkedOutcome::Dropped { reason } => ParkedOutcome::Dropped { reason },
                }),
            })
            .collect(),
        excursions: doc
            .parking_lot
            .excursions
            .into_iter()
            .map(|x| Excursion {
                id: x.id,
                topic: x.topic,
                started: x.started_at,
                ended: x.ended_at,
                outcome: x.outcome,
                threat: x.threat,
                parked: x.parked,
            })
            .collect(),
        model: model(doc.model.elements, doc.model.flows),
        boundaries: doc
            .model
            .boundaries
            .into_iter()
            .map(|b| Boundary {
                id: b.id,
                name: b.name,
                description: b.description,
            })
            .collect(),
        model_agreed: doc.model.agreed_at,
        decks: a.decks,
        dealing: a.dealing,
        dealt,
        retro: Retro {
            went_well: retro_lines(doc.retro.went_well),
            change: retro_lines(doc.retro.change),
            lessons: retro_lines(doc.retro.lessons),
        },
        draft: p.draft.map(|d| Draft {
            what: d.what,
            text: d.text,
        }),
        practice: doc.practice.map(|p| crate::session::Practice {
            scenario: p.scenario,
            version: p.version,
        }),
        timeline,
    })
}

/// Elements and flows back in one list. The record keeps them in the order
/// they were added, which is the order of their ids (a new id is always
/// past every earlier one), so the two lists are merged by id, each
/// keeping its own order.
fn model(
    elements: Vec<crate::export::json::JElement>,
    flows: Vec<crate::export::json::JFlow>,
) -> Vec<Element> {
    let mut out = Vec::with_capacity(elements.len() + flows.len());
    let mut elements = elements.into_iter().peekable();
    let mut flows = flows.into_iter().peekable();
    loop {
        let take_element = match (elements.peek(), flows.peek()) {
            (Some(e), Some(f)) => e.id <= f.id,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_element {
            let Some(e) = elements.next() else { break };
            out.push(Element {
                id: e.id,
                kind: match e.kind {
                    JElementKind::ExternalEntity => ElementKind::ExternalEntity,
                    JElementKind::Process => ElementKind::Process,
                    JElementKind::DataStore => ElementKind::DataStore,
                },
                name: e.name,
                holds_logs: e.holds_logs,
                description: e.description,
                boundary: e.boundary,
                flow: None,
            });
        } else {
            let Some(f) = flows.next() else { break };
            out.push(Element {
                id: f.id,
                kind: ElementKind::DataFlow,
                name: f.name,
                holds_logs: false,
                description: f.description,
                boundary: None,
                flow: f.ends.map(|x| FlowEnds {
                    from: x.from,
                    to: x.to,
                    carries: x.carries,
                    protocol: x.protocol,
                    authenticated: x.authenticated,
                    encrypted: x.encrypted,
                }),
            });
        }
    }
    out
}

fn threat(t: crate::export::json::JThreat) -> Threat {
    Threat {
        id: t.id,
        title: t.title,
        description: t.description,
        category: t.category,
        element: t.element,
        raised_by: t.raised_by,
        phase: t.phase,
        step: t.step,
        at: t.at,
        card: t.card.map(|c| CardRef {
            deck: c.deck,
            card: c.card,
            element: c.element,
        }),
        key: t.key_rank,
        rating: t.rating.map(|r| Box::new(rating(r))),
        residual: t.residual.map(|r| Box::new(rating(r))),
        decision: t.decision.map(|d| match d {
            JDecision::Mitigate {} => Decision::Mitigate,
            JDecision::Accept { reason, by } => Decision::Accept { reason, by },
            JDecision::Transfer { to } => Decision::Transfer { to },
            JDecision::Avoid { how } => Decision::Avoid { how },
            JDecision::NotAThreat { reason } => Decision::NotAThreat { reason },
        }),
        review: t.review.map(|r| Review {
            ok: r.ok,
            note: r.note,
        }),
    }
}

fn rating(r: crate::export::json::JRating) -> Rating {
    Rating {
        scheme: scheme(r.scheme),
        likelihood: r.likelihood,
        impact: r.impact,
        suggested: action(r.suggested),
        action: action(r.action),
        override_reason: r.override_reason,
        at: r.at,
    }
}

fn scheme(s: JScheme) -> SchemeRef {
    SchemeRef {
        id: s.id,
        version: s.version,
    }
}

fn action(a: JAction) -> Action {
    match a {
        JAction::Must => Action::Must,
        JAction::Should => Action::Should,
        JAction::Could => Action::Could,
        JAction::NoNeed => Action::NoNeed,
    }
}

fn mark(mark: JMark, threat: Option<u32>, at: impl Fn() -> String) -> Conv<Mark> {
    match (mark, threat) {
        (JMark::Threat, Some(t)) => Ok(Mark::Threat(t)),
        (JMark::Threat, None) => Err(format!(
            "{}: a card marked threat needs the threat's id",
            at()
        )),
        (_, Some(_)) => Err(format!(
            "{}: only a card marked threat names a threat",
            at()
        )),
        (JMark::Nothing, None) => Ok(Mark::Nothing),
        (JMark::Skip, None) => Ok(Mark::Skip),
    }
}

fn retro_lines(lines: Vec<JRetroLine>) -> Vec<RetroLine> {
    lines
        .into_iter()
        .map(|l| RetroLine {
            text: l.text,
            by: l.by,
        })
        .collect()
}

fn retro_list(l: JRetroList) -> RetroList {
    match l {
        JRetroList::WentWell => RetroList::WentWell,
        JRetroList::Change => RetroList::Change,
        JRetroList::Lessons => RetroList::Lessons,
    }
}

fn severity(s: JSeverity) -> crate::radar::Severity {
    match s {
        JSeverity::Info => crate::radar::Severity::Info,
        JSeverity::Warn => crate::radar::Severity::Warn,
    }
}

fn decision_kind(d: JDecisionKind) -> DecisionKind {
    match d {
        JDecisionKind::Mitigate => DecisionKind::Mitigate,
        JDecisionKind::Accept => DecisionKind::Accept,
        JDecisionKind::Transfer => DecisionKind::Transfer,
        JDecisionKind::Avoid => DecisionKind::Avoid,
        JDecisionKind::NotAThreat => DecisionKind::NotAThreat,
    }
}

fn event(k: JKind, at: impl Fn() -> String) -> Conv<EventKind> {
    use EventKind as E;
    use JKind as J;
    Ok(match k {
        J::Started { budget_minutes } => E::Started { budget_minutes },
        J::Reopened {} => E::Reopened,
        J::Paused { step } => E::Paused { step },
        J::Resumed { step } => E::Resumed { step },
        J::Extended { step, minutes } => E::Extended { step, minutes },
        J::StepChanged {
            from,
            to,
            remaining_seconds,
        } => E::StepChanged {
            from,
            to,
            remaining_secs: remaining_seconds,
        },
        J::PhaseChanged { from, to } => E::PhaseChanged { from, to },
        J::ThreatCaptured { id } => E::ThreatCaptured { id },
        J::DeckChosen { deck } => E::DeckChosen { deck },
        J::DeckDropped { deck } => E::DeckDropped { deck },
        J::Dealing { deck } => E::Dealing { deck },
        J::ElementAdded { id } => E::ElementAdded { id },
        J::CardMarked {
            card,
            element,
            mark: m,
            threat,
        } => E::CardMarked {
            card,
            element,
            mark: mark(m, threat, at)?,
        },
        J::Finished {} => E::Finished,
        J::Unfinished {} => E::Unfinished,
        J::ElementEdited { id } => E::ElementEdited { id },
        J::ElementDeleted { id } => E::ElementDeleted { id },
        J::BoundaryAdded { id } => E::BoundaryAdded { id },
        J::BoundaryEdited { id } => E::BoundaryEdited { id },
        J::BoundaryDeleted { id } => E::BoundaryDeleted { id },
        J::ThreatEdited { id } => E::ThreatEdited { id },
        J::ThreatDeleted { id } => E::ThreatDeleted { id },
        J::CategoryChanged { threat, from, to } => E::CategoryChanged { threat, from, to },
        J::Parked { id } => E::Parked { id },
        J::ParkedEdited { id } => E::ParkedEdited { id },
        J::ParkedDropped { id } => E::ParkedDropped { id },
        J::ParkedToThreat { id, threat } => E::ParkedToThreat { id, threat },
        J::ExcursionStarted { id } => E::ExcursionStarted { id },
        J::ExcursionEnded { id, seconds } => E::ExcursionEnded { id, secs: seconds },
        J::ApproachSet {} => E::ApproachSet,
        J::ParticipantsSet {} => E::ParticipantsSet,
        J::ParticipantRenamed { from, to } => E::ParticipantRenamed { from, to },
        J::ModelAgreed {} => E::ModelAgreed,
        J::Banked { seconds } => E::Banked { secs: seconds },
        J::BankGiven { seconds } => E::BankGiven { secs: seconds },
        J::AwayDiscounted { seconds } => E::AwayDiscounted { secs: seconds },
        J::Undone { what } => E::Undone { what },
        J::DraftKept { what } => E::DraftKept { what },
        J::DraftCleared {} => E::DraftCleared,
        J::SchemeChosen { scheme: s } => E::SchemeChosen { scheme: scheme(s) },
        J::RatingSet { threat, action: a } => E::RatingSet {
            threat,
            action: action(a),
        },
        J::RatingOverridden {
            threat,
            suggested,
            action: a,
        } => E::RatingOverridden {
            threat,
            suggested: action(suggested),
            action: action(a),
        },
        J::ResidualSet { threat, action: a } => E::ResidualSet {
            threat,
            action: action(a),
        },
        J::Decided { threat, decision } => E::Decided {
            threat,
            decision: decision.map(decision_kind),
        },
        J::KeySet { threat, rank } => E::KeySet { threat, rank },
        J::Reviewed { threat, ok } => E::Reviewed { threat, ok },
        J::MitigationAdded { id } => E::MitigationAdded { id },
        J::MitigationEdited { id } => E::MitigationEdited { id },
        J::MitigationDeleted { id } => E::MitigationDeleted { id },
        J::MitigationLinked { mitigation, threat } => E::MitigationLinked { mitigation, threat },
        J::MitigationUnlinked { mitigation, threat } => {
            E::MitigationUnlinked { mitigation, threat }
        }
        J::RetroAdded { list } => E::RetroAdded {
            list: retro_list(list),
        },
        J::RetroDeleted { list } => E::RetroDeleted {
            list: retro_list(list),
        },
        J::RadarRaised {
            flag,
            subject,
            severity: s,
            evidence,
        } => E::RadarRaised {
            flag,
            subject,
            severity: severity(s),
            evidence,
        },
        J::RadarCleared { flag, subject } => E::RadarCleared { flag, subject },
        J::RadarAcknowledged { flag, subject } => E::RadarAcknowledged { flag, subject },
        J::RadarSnoozed {
            flag,
            subject,
            until,
        } => E::RadarSnoozed {
            flag,
            subject,
            until,
        },
        J::Exported {
            format,
            mitigations,
        } => E::Exported {
            format,
            mitigations,
        },
        J::Imported { format, source } => E::Imported { format, source },
        J::HintShown {
            hint,
            element,
            category,
        } => E::HintShown {
            hint,
            element,
            category,
        },
        J::Debriefed {
            matched,
            missed,
            extra,
            score,
        } => E::Debriefed {
            matched,
            missed,
            extra,
            score,
        },
        J::StoryStarted { title, minutes } => E::StoryStarted { title, minutes },
        J::StoryEnded { title } => E::StoryEnded { title },
    })
}
