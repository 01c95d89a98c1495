//! Export: tamer's own JSON, the whole session for machines.
//!
//! The shape is defined here, by explicit structs that do not follow the
//! record's internal types, so it changes only on purpose: any change bumps
//! [`SCHEMA_VERSION`] and `schemas/tamer-session.schema.json` with it
//! (documented in `schemas/README.md`). `import::json` reads the same
//! structs back, so record → JSON → record keeps everything the JSON holds.
//!
//! Top-level keys, in order: `schema_version`, `title`, `started_at`,
//! `ended_at`, `participants`, `approach`, `phases`, `model`, `threats`,
//! `mitigations`, `parking_lot` (items and excursions), `radar` (derived
//! from the timeline), `retro`, `timeline` (`{at, kind, ...fields}`).
//! Every key is always written (`null` when empty), so a reader never has
//! to guess whether a key is missing or empty. Times are RFC 3339 in UTC.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Context;
use crate::deck::ElementKind;
use crate::radar::history;
use crate::session::{
    Action, Decision, DecisionKind, Effort, EventKind, Mark, MitigationStatus, ParkedOutcome,
    Reduces, RetroList, Session,
};

/// The version of the JSON shape; bumped on any change of it.
pub const SCHEMA_VERSION: u32 = 1;

/// The session as tamer's JSON, pretty-printed. The same session always
/// gives the same text (`ctx.now` is not written).
pub fn render(session: &Session, _ctx: &Context) -> String {
    let doc = Doc::of(session);
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        // Serialising plain structs of strings, numbers and times cannot
        // fail; should it ever, say so in the output rather than panic.
        format!("{{\"error\": {:?}}}", e.to_string())
    });
    out.push('\n');
    out
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a tamer session object")]
pub(crate) struct Doc {
    pub schema_version: u32,
    pub title: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub participants: Vec<String>,
    pub approach: JApproach,
    pub phases: JPhases,
    pub model: JModel,
    pub threats: Vec<JThreat>,
    pub mitigations: Vec<JMitigation>,
    pub parking_lot: JParkingLot,
    /// Derived from the timeline; not read back.
    pub radar: Vec<JRadarFlag>,
    pub retro: JRetro,
    /// Set for a solo practice run of a scenario; left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<JPractice>,
    pub timeline: Vec<JEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a practice object")]
pub(crate) struct JPractice {
    pub scenario: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an approach object")]
pub(crate) struct JApproach {
    pub scope: String,
    pub out_of_scope: String,
    pub security_level: String,
    pub facilitator: Option<String>,
    pub note_keeper: Option<String>,
    pub budget_minutes: u32,
    pub decks: Vec<String>,
    /// The deck being dealt.
    pub dealing: Option<String>,
    pub rating_scheme: JScheme,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a rating scheme object (id and version)"
)]
pub(crate) struct JScheme {
    pub id: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a phases object")]
pub(crate) struct JPhases {
    /// Index into `steps` of the step on screen.
    pub current_step: usize,
    pub bank_seconds: i64,
    pub steps: Vec<JStep>,
    /// Derived from `steps`; not read back.
    pub totals: Vec<JPhaseTotal>,
    /// Every card marked, in order.
    pub dealt: Vec<JDealt>,
    pub draft: Option<JDraft>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a step object")]
pub(crate) struct JStep {
    pub phase: u8,
    pub id: String,
    pub box_seconds: i64,
    /// Spent in finished runs; a running step adds the time since
    /// `running_since`.
    pub spent_seconds: i64,
    pub running_since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a phase total object")]
pub(crate) struct JPhaseTotal {
    pub phase: u8,
    pub box_seconds: i64,
    pub spent_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a dealt card object")]
pub(crate) struct JDealt {
    pub deck: String,
    pub card_deck: String,
    pub card: String,
    pub element: Option<u32>,
    pub mark: JMark,
    /// The threat captured from it, when `mark` is `threat`.
    pub threat: Option<u32>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JMark {
    Threat,
    Nothing,
    Skip,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a draft object")]
pub(crate) struct JDraft {
    pub what: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a model object")]
pub(crate) struct JModel {
    pub agreed_at: Option<DateTime<Utc>>,
    pub boundaries: Vec<JBoundary>,
    pub elements: Vec<JElement>,
    pub flows: Vec<JFlow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a boundary object")]
pub(crate) struct JBoundary {
    pub id: u32,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an element object")]
pub(crate) struct JElement {
    pub id: u32,
    pub kind: JElementKind,
    pub name: String,
    pub description: String,
    pub boundary: Option<u32>,
    pub holds_logs: bool,
}

/// The kinds of element that are not flows (flows have a list of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JElementKind {
    ExternalEntity,
    Process,
    DataStore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a data flow object")]
pub(crate) struct JFlow {
    pub id: u32,
    pub name: String,
    pub description: String,
    /// `null` for a flow not given its ends yet.
    pub ends: Option<JEnds>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a data flow's ends object")]
pub(crate) struct JEnds {
    pub from: u32,
    pub to: u32,
    pub carries: String,
    pub protocol: String,
    pub authenticated: bool,
    pub encrypted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a threat object")]
pub(crate) struct JThreat {
    pub id: u32,
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub element: Option<u32>,
    pub raised_by: Option<String>,
    pub phase: u8,
    pub step: String,
    pub at: DateTime<Utc>,
    pub card: Option<JCard>,
    pub key_rank: Option<u32>,
    pub rating: Option<JRating>,
    pub residual: Option<JRating>,
    pub decision: Option<JDecision>,
    pub review: Option<JReview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a card object")]
pub(crate) struct JCard {
    pub deck: String,
    pub card: String,
    pub element: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a rating object")]
pub(crate) struct JRating {
    pub scheme: JScheme,
    pub likelihood: String,
    pub impact: String,
    pub suggested: JAction,
    pub action: JAction,
    pub override_reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JAction {
    Must,
    Should,
    Could,
    NoNeed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    expecting = "a decision object with a kind"
)]
pub(crate) enum JDecision {
    Mitigate {},
    Accept { reason: String, by: String },
    Transfer { to: String },
    Avoid { how: String },
    NotAThreat { reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JDecisionKind {
    Mitigate,
    Accept,
    Transfer,
    Avoid,
    NotAThreat,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a review object")]
pub(crate) struct JReview {
    pub ok: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mitigation object")]
pub(crate) struct JMitigation {
    pub id: u32,
    pub title: String,
    pub description: String,
    pub essential: bool,
    pub reduces: JReduces,
    pub criteria: String,
    pub effort: JEffort,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub status: JStatus,
    /// Why not, when `status` is `wont_do`.
    pub wont_do_reason: Option<String>,
    /// The threats it tames, by id.
    pub threats: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JReduces {
    Likelihood,
    Harm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JEffort {
    Small,
    Medium,
    Large,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JStatus {
    Planned,
    InProgress,
    Done,
    WontDo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a parking lot object")]
pub(crate) struct JParkingLot {
    pub items: Vec<JParked>,
    pub excursions: Vec<JExcursion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a parked item object")]
pub(crate) struct JParked {
    pub id: u32,
    pub text: String,
    pub raised_by: Option<String>,
    pub at: DateTime<Utc>,
    /// `null` while it waits on the lot.
    pub outcome: Option<JParkedOutcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    expecting = "a parked item's outcome object with a kind"
)]
pub(crate) enum JParkedOutcome {
    Threat { threat: u32 },
    Dropped { reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an excursion object")]
pub(crate) struct JExcursion {
    pub id: u32,
    pub topic: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: String,
    pub threat: Option<u32>,
    pub parked: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a radar flag object")]
pub(crate) struct JRadarFlag {
    pub id: String,
    pub subject: String,
    pub severity: JSeverity,
    pub evidence: String,
    pub raised_at: DateTime<Utc>,
    pub cleared_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub snoozed_until: Option<DateTime<Utc>>,
    /// `cleared`, `acknowledged`, `snoozed` or `standing`.
    pub outcome: String,
    /// How long it stood, up to the end of the timeline.
    pub seconds: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JSeverity {
    Info,
    Warn,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a retro object")]
pub(crate) struct JRetro {
    pub went_well: Vec<JRetroLine>,
    pub change: Vec<JRetroLine>,
    pub lessons: Vec<JRetroLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a retro line object")]
pub(crate) struct JRetroLine {
    pub text: String,
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum JRetroList {
    WentWell,
    Change,
    Lessons,
}

/// One timeline event: `{"at": ..., "kind": ..., ...its fields}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(expecting = "a timeline event object")]
pub(crate) struct JEvent {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub event: JKind,
}

/// The event kinds, one for one with the record's. Kinds without fields
/// are written as empty struct variants so that stray fields are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    expecting = "a timeline event with a known kind"
)]
pub(crate) enum JKind {
    Started {
        budget_minutes: u32,
    },
    Reopened {},
    Paused {
        step: String,
    },
    Resumed {
        step: String,
    },
    Extended {
        step: String,
        minutes: u32,
    },
    StepChanged {
        from: String,
        to: String,
        remaining_seconds: i64,
    },
    PhaseChanged {
        from: u8,
        to: u8,
    },
    ThreatCaptured {
        id: u32,
    },
    DeckChosen {
        deck: String,
    },
    DeckDropped {
        deck: String,
    },
    Dealing {
        deck: String,
    },
    ElementAdded {
        id: u32,
    },
    CardMarked {
        card: String,
        element: Option<u32>,
        mark: JMark,
        threat: Option<u32>,
    },
    Finished {},
    Unfinished {},
    ElementEdited {
        id: u32,
    },
    ElementDeleted {
        id: u32,
    },
    BoundaryAdded {
        id: u32,
    },
    BoundaryEdited {
        id: u32,
    },
    BoundaryDeleted {
        id: u32,
    },
    ThreatEdited {
        id: u32,
    },
    ThreatDeleted {
        id: u32,
    },
    CategoryChanged {
        threat: u32,
        from: Option<String>,
        to: Option<String>,
    },
    Parked {
        id: u32,
    },
    ParkedEdited {
        id: u32,
    },
    ParkedDropped {
        id: u32,
    },
    ParkedToThreat {
        id: u32,
        threat: u32,
    },
    ExcursionStarted {
        id: u32,
    },
    ExcursionEnded {
        id: u32,
        seconds: i64,
    },
    ApproachSet {},
    ParticipantsSet {},
    ParticipantRenamed {
        from: String,
        to: String,
    },
    ModelAgreed {},
    Banked {
        seconds: i64,
    },
    BankGiven {
        seconds: i64,
    },
    AwayDiscounted {
        seconds: i64,
    },
    Undone {
        what: String,
    },
    DraftKept {
        what: String,
    },
    DraftCleared {},
    SchemeChosen {
        scheme: JScheme,
    },
    RatingSet {
        threat: u32,
        action: JAction,
    },
    RatingOverridden {
        threat: u32,
        suggested: JAction,
        action: JAction,
    },
    ResidualSet {
        threat: u32,
        action: JAction,
    },
    Decided {
        threat: u32,
        decision: Option<JDecisionKind>,
    },
    KeySet {
        threat: u32,
        rank: Option<u32>,
    },
    Reviewed {
        threat: u32,
        ok: bool,
    },
    MitigationAdded {
        id: u32,
    },
    MitigationEdited {
        id: u32,
    },
    MitigationDeleted {
        id: u32,
    },
    MitigationLinked {
        mitigation: u32,
        threat: u32,
    },
    MitigationUnlinked {
        mitigation: u32,
        threat: u32,
    },
    RetroAdded {
        list: JRetroList,
    },
    RetroDeleted {
        list: JRetroList,
    },
    RadarRaised {
        flag: String,
        subject: String,
        severity: JSeverity,
        evidence: String,
    },
    RadarCleared {
        flag: String,
        subject: String,
    },
    RadarAcknowledged {
        flag: String,
        subject: String,
    },
    RadarSnoozed {
        flag: String,
        subject: String,
        until: DateTime<Utc>,
    },
    Exported {
        format: String,
        mitigations: Vec<u32>,
    },
    Imported {
        format: String,
        source: String,
    },
    HintShown {
        hint: String,
        element: Option<u32>,
        category: Option<String>,
    },
    Debriefed {
        matched: u32,
        missed: u32,
        extra: u32,
        score: u32,
    },
    StoryStarted {
        title: String,
        minutes: u32,
    },
    StoryEnded {
        title: String,
    },
}

// From the session to the document.

impl Doc {
    pub(crate) fn of(s: &Session) -> Self {
        let end = history::end_of(s);
        Doc {
            schema_version: SCHEMA_VERSION,
            title: s.title.clone(),
            started_at: s.created,
            ended_at: s.finished,
            participants: s.participants.clone(),
            approach: JApproach {
                scope: s.approach.scope.clone(),
                out_of_scope: s.approach.out_of_scope.clone(),
                security_level: s.approach.security_level.clone(),
                facilitator: s.approach.facilitator.clone(),
                note_keeper: s.approach.note_keeper.clone(),
                budget_minutes: s.budget_minutes,
                decks: s.decks.clone(),
                dealing: s.dealing.clone(),
                rating_scheme: scheme(&s.scheme),
            },
            phases: phases(s),
            model: model(s),
            threats: s.threats.iter().map(threat).collect(),
            mitigations: s.mitigations.iter().map(mitigation).collect(),
            parking_lot: JParkingLot {
                items: s
                    .parking
                    .iter()
                    .map(|p| JParked {
                        id: p.id,
                        text: p.text.clone(),
                        raised_by: p.raised_by.clone(),
                        at: p.at,
                        outcome: p.outcome.as_ref().map(|o| match o {
                            ParkedOutcome::Threat(t) => JParkedOutcome::Threat { threat: *t },
                            ParkedOutcome::Dropped { reason } => JParkedOutcome::Dropped {
                                reason: reason.clone(),
                            },
                        }),
                    })
                    .collect(),
                excursions: s
                    .excursions
                    .iter()
                    .map(|x| JExcursion {
                        id: x.id,
                        topic: x.topic.clone(),
                        started_at: x.started,
                        ended_at: x.ended,
                        outcome: x.outcome.clone(),
                        threat: x.threat,
                        parked: x.parked,
                    })
                    .collect(),
            },
            radar: history::history(s)
                .into_iter()
                .map(|o| JRadarFlag {
                    seconds: o.secs(end),
                    outcome: o.outcome().to_owned(),
                    id: o.id,
                    subject: o.subject,
                    severity: severity(o.severity),
                    evidence: o.evidence,
                    raised_at: o.raised,
                    cleared_at: o.cleared,
                    acknowledged_at: o.acknowledged,
                    snoozed_until: o.snoozed_until,
                })
                .collect(),
            retro: JRetro {
                went_well: retro_lines(s.retro.list(RetroList::WentWell)),
                change: retro_lines(s.retro.list(RetroList::Change)),
                lessons: retro_lines(s.retro.list(RetroList::Lessons)),
            },
            practice: s.practice.as_ref().map(|p| JPractice {
                scenario: p.scenario.clone(),
                version: p.version,
            }),
            timeline: s
                .timeline
                .iter()
                .map(|e| JEvent {
                    at: e.at,
                    event: event(&e.kind),
                })
                .collect(),
        }
    }
}

fn scheme(s: &crate::session::SchemeRef) -> JScheme {
    JScheme {
        id: s.id.clone(),
        version: s.version,
    }
}

fn phases(s: &Session) -> JPhases {
    let mut totals: Vec<JPhaseTotal> = Vec::new();
    for step in &s.steps {
        match totals.iter_mut().find(|t| t.phase == step.phase) {
            Some(t) => {
                t.box_seconds = t.box_seconds.saturating_add(step.clock.budget_secs);
                t.spent_seconds = t.spent_seconds.saturating_add(step.clock.spent_secs);
            }
            None => totals.push(JPhaseTotal {
                phase: step.phase,
                box_seconds: step.clock.budget_secs,
                spent_seconds: step.clock.spent_secs,
            }),
        }
    }
    JPhases {
        current_step: s.current,
        bank_seconds: s.bank_secs,
        steps: s
            .steps
            .iter()
            .map(|step| JStep {
                phase: step.phase,
                id: step.id.clone(),
                box_seconds: step.clock.budget_secs,
                spent_seconds: step.clock.spent_secs,
                running_since: step.clock.running_since,
            })
            .collect(),
        totals,
        dealt: s
            .dealt
            .iter()
            .map(|d| {
                let (mark, threat) = mark(d.mark);
                JDealt {
                    deck: d.deck.clone(),
                    card_deck: d.card_deck.clone(),
                    card: d.card.clone(),
                    element: d.element,
                    mark,
                    threat,
                    at: d.at,
                }
            })
            .collect(),
        draft: s.draft.as_ref().map(|d| JDraft {
            what: d.what.clone(),
            text: d.text.clone(),
        }),
    }
}

fn mark(m: Mark) -> (JMark, Option<u32>) {
    match m {
        Mark::Threat(t) => (JMark::Threat, Some(t)),
        Mark::Nothing => (JMark::Nothing, None),
        Mark::Skip => (JMark::Skip, None),
    }
}

fn model(s: &Session) -> JModel {
    let mut elements = Vec::new();
    let mut flows = Vec::new();
    for e in &s.model {
        let kind = match e.kind {
            ElementKind::ExternalEntity => JElementKind::ExternalEntity,
            ElementKind::Process => JElementKind::Process,
            ElementKind::DataStore => JElementKind::DataStore,
            ElementKind::DataFlow => {
                flows.push(JFlow {
                    id: e.id,
                    name: e.name.clone(),
                    description: e.description.clone(),
                    ends: e.flow.as_ref().map(|f| JEnds {
                        from: f.from,
                        to: f.to,
                        carries: f.carries.clone(),
                        protocol: f.protocol.clone(),
                        authenticated: f.authenticated,
                        encrypted: f.encrypted,
                    }),
                });
                continue;
            }
        };
        elements.push(JElement {
            id: e.id,
            kind,
            name: e.name.clone(),
            description: e.description.clone(),
            boundary: e.boundary,
            holds_logs: e.holds_logs,
        });
    }
    JModel {
        agreed_at: s.model_agreed,
        boundaries: s
            .boundaries
            .iter()
            .map(|b| JBoundary {
                id: b.id,
                name: b.name.clone(),
                description: b.description.clone(),
            })
            .collect(),
        elements,
        flows,
    }
}

fn threat(t: &crate::session::Threat) -> JThreat {
    JThreat {
        id: t.id,
        title: t.title.clone(),
        description: t.description.clone(),
        category: t.category.clone(),
        element: t.element,
        raised_by: t.raised_by.clone(),
        phase: t.phase,
        step: t.step.clone(),
        at: t.at,
        card: t.card.as_ref().map(|c| JCard {
            deck: c.deck.clone(),
            card: c.card.clone(),
            element: c.element,
        }),
        key_rank: t.key,
        rating: t.rating.as_deref().map(rating),
        residual: t.residual.as_deref().map(rating),
        decision: t.decision.as_ref().map(|d| match d {
            Decision::Mitigate => JDecision::Mitigate {},
            Decision::Accept { reason, by } => JDecision::Accept {
                reason: reason.clone(),
                by: by.clone(),
            },
            Decision::Transfer { to } => JDecision::Transfer { to: to.clone() },
            Decision::Avoid { how } => JDecision::Avoid { how: how.clone() },
            Decision::NotAThreat { reason } => JDecision::NotAThreat {
                reason: reason.clone(),
            },
        }),
        review: t.review.as_ref().map(|r| JReview {
            ok: r.ok,
            note: r.note.clone(),
        }),
    }
}

fn rating(r: &crate::session::Rating) -> JRating {
    JRating {
        scheme: scheme(&r.scheme),
        likelihood: r.likelihood.clone(),
        impact: r.impact.clone(),
        suggested: action(r.suggested),
        action: action(r.action),
        override_reason: r.override_reason.clone(),
        at: r.at,
    }
}

fn action(a: Action) -> JAction {
    match a {
        Action::Must => JAction::Must,
        Action::Should => JAction::Should,
        Action::Could => JAction::Could,
        Action::NoNeed => JAction::NoNeed,
    }
}

fn decision_kind(d: DecisionKind) -> JDecisionKind {
    match d {
        DecisionKind::Mitigate => JDecisionKind::Mitigate,
        DecisionKind::Accept => JDecisionKind::Accept,
        DecisionKind::Transfer => JDecisionKind::Transfer,
        DecisionKind::Avoid => JDecisionKind::Avoid,
        DecisionKind::NotAThreat => JDecisionKind::NotAThreat,
    }
}

fn severity(s: crate::radar::Severity) -> JSeverity {
    match s {
        crate::radar::Severity::Info => JSeverity::Info,
        crate::radar::Severity::Warn => JSeverity::Warn,
    }
}

fn retro_list(l: RetroList) -> JRetroList {
    match l {
        RetroList::WentWell => JRetroList::WentWell,
        RetroList::Change => JRetroList::Change,
        RetroList::Lessons => JRetroList::Lessons,
    }
}

fn retro_lines(lines: &[crate::session::RetroLine]) -> Vec<JRetroLine> {
    lines
        .iter()
        .map(|l| JRetroLine {
            text: l.text.clone(),
            by: l.by.clone(),
        })
        .collect()
}

fn mitigation(m: &crate::session::Mitigation) -> JMitigation {
    let (status, wont_do_reason) = match &m.status {
        MitigationStatus::Planned => (JStatus::Planned, None),
        MitigationStatus::InProgress => (JStatus::InProgress, None),
        MitigationStatus::Done => (JStatus::Done, None),
        MitigationStatus::WontDo { reason } => (JStatus::WontDo, Some(reason.clone())),
    };
    JMitigation {
        id: m.id,
        title: m.title.clone(),
        description: m.description.clone(),
        essential: m.essential,
        reduces: match m.reduces {
            Reduces::Likelihood => JReduces::Likelihood,
            Reduces::Harm => JReduces::Harm,
        },
        criteria: m.criteria.clone(),
        effort: match m.effort {
            Effort::Small => JEffort::Small,
            Effort::Medium => JEffort::Medium,
            Effort::Large => JEffort::Large,
        },
        owner: m.owner.clone(),
        due: m.due,
        status,
        wont_do_reason,
        threats: m.threats.clone(),
    }
}

fn event(k: &EventKind) -> JKind {
    use EventKind as E;
    use JKind as J;
    match k.clone() {
        E::Started { budget_minutes } => J::Started { budget_minutes },
        E::Reopened => J::Reopened {},
        E::Paused { step } => J::Paused { step },
        E::Resumed { step } => J::Resumed { step },
        E::Extended { step, minutes } => J::Extended { step, minutes },
        E::StepChanged {
            from,
            to,
            remaining_secs,
        } => J::StepChanged {
            from,
            to,
            remaining_seconds: remaining_secs,
        },
        E::PhaseChanged { from, to } => J::PhaseChanged { from, to },
        E::ThreatCaptured { id } => J::ThreatCaptured { id },
        E::DeckChosen { deck } => J::DeckChosen { deck },
        E::DeckDropped { deck } => J::DeckDropped { deck },
        E::Dealing { deck } => J::Dealing { deck },
        E::ElementAdded { id } => J::ElementAdded { id },
        E::CardMarked {
            card,
            element,
            mark: m,
        } => {
            let (mark, threat) = mark(m);
            J::CardMarked {
                card,
                element,
                mark,
                threat,
            }
        }
        E::Finished => J::Finished {},
        E::Unfinished => J::Unfinished {},
        E::ElementEdited { id } => J::ElementEdited { id },
        E::ElementDeleted { id } => J::ElementDeleted { id },
        E::BoundaryAdded { id } => J::BoundaryAdded { id },
        E::BoundaryEdited { id } => J::BoundaryEdited { id },
        E::BoundaryDeleted { id } => J::BoundaryDeleted { id },
        E::ThreatEdited { id } => J::ThreatEdited { id },
        E::ThreatDeleted { id } => J::ThreatDeleted { id },
        E::CategoryChanged { threat, from, to } => J::CategoryChanged { threat, from, to },
        E::Parked { id } => J::Parked { id },
        E::ParkedEdited { id } => J::ParkedEdited { id },
        E::ParkedDropped { id } => J::ParkedDropped { id },
        E::ParkedToThreat { id, threat } => J::ParkedToThreat { id, threat },
        E::ExcursionStarted { id } => J::ExcursionStarted { id },
        E::ExcursionEnded { id, secs } => J::ExcursionEnded { id, seconds: secs },
        E::ApproachSet => J::ApproachSet {},
        E::ParticipantsSet => J::ParticipantsSet {},
        E::ParticipantRenamed { from, to } => J::ParticipantRenamed { from, to },
        E::ModelAgreed => J::ModelAgreed {},
        E::Banked { secs } => J::Banked { seconds: secs },
        E::BankGiven { secs } => J::BankGiven { seconds: secs },
        E::AwayDiscounted { secs } => J::AwayDiscounted { seconds: secs },
        E::Undone { what } => J::Undone { what },
        E::DraftKept { what } => J::DraftKept { what },
        E::DraftCleared => J::DraftCleared {},
        E::SchemeChosen { scheme: s } => J::SchemeChosen { scheme: scheme(&s) },
        E::RatingSet { threat, action: a } => J::RatingSet {
            threat,
            action: action(a),
        },
        E::RatingOverridden {
            threat,
            suggested,
            action: a,
        } => J::RatingOverridden {
            threat,
            suggested: action(suggested),
            action: action(a),
        },
        E::ResidualSet { threat, action: a } => J::ResidualSet {
            threat,
            action: action(a),
        },
        E::Decided { threat, decision } => J::Decided {
            threat,
            decision: decision.map(decision_kind),
        },
        E::KeySet { threat, rank } => J::KeySet { threat, rank },
        E::Reviewed { threat, ok } => J::Reviewed { threat, ok },
        E::MitigationAdded { id } => J::MitigationAdded { id },
        E::MitigationEdited { id } => J::MitigationEdited { id },
        E::MitigationDeleted { id } => J::MitigationDeleted { id },
        E::MitigationLinked { mitigation, threat } => J::MitigationLinked { mitigation, threat },
        E::MitigationUnlinked { mitigation, threat } => {
            J::MitigationUnlinked { mitigation, threat }
        }
        E::RetroAdded { list } => J::RetroAdded {
            list: retro_list(list),
        },
        E::RetroDeleted { list } => J::RetroDeleted {
            list: retro_list(list),
        },
        E::RadarRaised {
            flag,
            subject,
            severity: s,
            evidence,
        } => J::RadarRaised {
            flag,
            subject,
            severity: severity(s),
            evidence,
        },
        E::RadarCleared { flag, subject } => J::RadarCleared { flag, subject },
        E::RadarAcknowledged { flag, subject } => J::RadarAcknowledged { flag, subject },
        E::RadarSnoozed {
            flag,
            subject,
            until,
        } => J::RadarSnoozed {
            flag,
            subject,
            until,
        },
        E::Exported {
            format,
            mitigations,
        } => J::Exported {
            format,
            mitigations,
        },
        E::Imported { format, source } => J::Imported { format, source },
        E::HintShown {
            hint,
            element,
            category,
        } => J::HintShown {
            hint,
            element,
            category,
        },
        E::Debriefed {
            matched,
            missed,
            extra,
            score,
        } => J::Debriefed {
            matched,
            missed,
            extra,
            score,
        },
        E::StoryStarted { title, minutes } => J::StoryStarted { title, minutes },
        E::StoryEnded { title } => J::StoryEnded { title },
    }
}
