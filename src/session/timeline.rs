//! The session's timeline: every change, timestamped, in order.
//!
//! The timeline is what makes a record replayable and what the radar and the
//! notes read to say how the session went (breaks, extensions, skips).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rating::Action;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// The session was created with this budget.
    Started {
        budget_minutes: u32,
    },
    /// The record was opened again (`tamer resume`).
    Reopened,
    /// A break began in this step.
    Paused {
        step: String,
    },
    /// The break ended.
    Resumed {
        step: String,
    },
    /// The step's box grew by this many minutes.
    Extended {
        step: String,
        minutes: u32,
    },
    /// The facilitator moved from one step to another. `remaining_secs` is what
    /// was left of the box being left: positive when the step was cut short
    /// (skipped early), negative when it ran over.
    StepChanged {
        from: String,
        to: String,
        remaining_secs: i64,
    },
    /// The move above also crossed into another phase.
    PhaseChanged {
        from: u8,
        to: u8,
    },
    /// A threat was captured.
    ThreatCaptured {
        id: u32,
    },
    /// A deck was added to the session's choice (phase 0).
    DeckChosen {
        deck: String,
    },
    /// A deck was dropped from the choice.
    DeckDropped {
        deck: String,
    },
    /// Dealing switched to this deck.
    Dealing {
        deck: String,
    },
    /// An element was added to the system model.
    ElementAdded {
        id: u32,
    },
    /// A dealt card was marked.
    CardMarked {
        card: String,
        element: Option<u32>,
        mark: super::Mark,
    },
    /// The last step was closed.
    Finished,
    /// The session was taken back from finished to its last step.
    Unfinished,
    /// An element or data flow was changed.
    ElementEdited {
        id: u32,
    },
    /// An element or data flow was deleted (with the flows at it).
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
    /// A threat's category changed [2.1.11b].
    CategoryChanged {
        threat: u32,
        from: Option<String>,
        to: Option<String>,
    },
    /// An item went on the parking lot [2.1.8].
    Parked {
        id: u32,
    },
    ParkedEdited {
        id: u32,
    },
    ParkedDropped {
        id: u32,
    },
    /// A parked item became this threat.
    ParkedToThreat {
        id: u32,
        threat: u32,
    },
    /// An excursion began [2.1.9].
    ExcursionStarted {
        id: u32,
    },
    /// It ended after this many seconds.
    ExcursionEnded {
        id: u32,
        secs: i64,
    },
    /// The approach (scope, level of security, roles) was set in phase 0.
    ApproachSet,
    /// The list of participants changed.
    ParticipantsSet,
    /// A participant's name was changed everywhere it is used.
    ParticipantRenamed {
        from: String,
        to: String,
    },
    /// "We agree this is the system at this scope" [1.3.3].
    ModelAgreed,
    /// Time left in a step left early went to the bank.
    Banked {
        secs: i64,
    },
    /// Time went from the bank to the current step.
    BankGiven {
        secs: i64,
    },
    /// Time away (the record closed, the machine asleep) counted as a break.
    AwayDiscounted {
        secs: i64,
    },
    /// A change was undone; `what` says which, in words.
    Undone {
        what: String,
    },
    /// Text being typed was kept for later.
    DraftKept {
        what: String,
    },
    DraftCleared,
    /// The rating scheme was chosen (phase 0) [3.1.3].
    SchemeChosen {
        scheme: crate::session::SchemeRef,
    },
    /// A threat was rated; `action` is what the team chose.
    RatingSet {
        threat: u32,
        action: Action,
    },
    /// The rating above overrode the scheme's suggestion [3.1.8].
    RatingOverridden {
        threat: u32,
        suggested: Action,
        action: Action,
    },
    /// A threat was rated again as if its essential mitigations were done
    /// [3.2.4].
    ResidualSet {
        threat: u32,
        action: Action,
    },
    /// A threat was decided (`None`: the decision was taken back).
    Decided {
        threat: u32,
        decision: Option<crate::session::DecisionKind>,
    },
    /// A threat's key-threat rank was set or cleared [2.1.7].
    KeySet {
        threat: u32,
        rank: Option<u32>,
    },
    /// A threat was reviewed (phase 4): fine, or needs work.
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
    /// A line was added to a retro list [4.4.1].
    RetroAdded {
        list: crate::session::RetroList,
    },
    RetroDeleted {
        list: crate::session::RetroList,
    },
    /// The radar raised a flag (version 5): the seed ID, what it is about
    /// (empty for most), and the evidence when it was raised.
    RadarRaised {
        flag: String,
        subject: String,
        severity: crate::radar::Severity,
        evidence: String,
    },
    /// The flag no longer holds.
    RadarCleared {
        flag: String,
        subject: String,
    },
    /// The facilitator saw the flag and took it off the panel.
    RadarAcknowledged {
        flag: String,
        subject: String,
    },
    /// The facilitator took the flag off the panel until then.
    RadarSnoozed {
        flag: String,
        subject: String,
        until: DateTime<Utc>,
    },
    /// The session was exported in this format, with these mitigations
    /// in it (version 5) [3.3.1].
    Exported {
        format: String,
        mitigations: Vec<u32>,
    },
    /// The session was made from another tool's file (version 5) [1.1.1]:
    /// the format and the file's name.
    Imported {
        format: String,
        source: String,
    },
    /// A practice hint was shown (version 6): the reference threat it
    /// points at, and the element and category the learner was on.
    HintShown {
        hint: String,
        element: Option<u32>,
        category: Option<String>,
    },
    /// A practice session was compared with its scenario's reference
    /// (version 6); `score` is out of 100.
    Debriefed {
        matched: u32,
        missed: u32,
        extra: u32,
        score: u32,
    },
    /// A story-sized session began on this record (version 6) [1.2.1].
    StoryStarted {
        title: String,
        minutes: u32,
    },
    /// The story's last step was closed.
    StoryEnded {
        title: String,
    },
}

impl EventKind {
    /// The first record version that can hold this kind of event.
    pub fn since_version(&self) -> u32 {
        match self {
            EventKind::RadarRaised { .. }
            | EventKind::RadarCleared { .. }
            | EventKind::RadarAcknowledged { .. }
            | EventKind::RadarSnoozed { .. }
            | EventKind::Exported { .. }
            | EventKind::Imported { .. } => 5,
            EventKind::HintShown { .. }
            | EventKind::Debriefed { .. }
            | EventKind::StoryStarted { .. }
            | EventKind::StoryEnded { .. } => 6,
            _ => 1,
        }
    }
}
