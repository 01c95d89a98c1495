//! Scripted sessions with a fixed clock, for the detectors' tests.

use chrono::Duration;

use crate::clock::{Clock, FixedClock};
use crate::deck::Library;
use crate::radar::{Flag, Thresholds, matcher};
use crate::session::rating::builtin_schemes;
use crate::session::{
    Change, Decision, MitigationDraft, PhaseScript, RatingDraft, Session, ThreatDraft,
};

pub struct Kit {
    pub session: Session,
    pub clock: FixedClock,
    pub library: Library,
    pub thresholds: Thresholds,
}

impl Kit {
    /// A 90-minute session of Ada, Grace and Linus at 09:00, in its first step.
    pub fn new() -> Self {
        let clock = FixedClock::workshop_morning();
        let session = Session::new(
            "Checkout",
            90,
            vec!["Ada".into(), "Grace".into(), "Linus".into()],
            &PhaseScript::builtin(),
            clock.now(),
        );
        Self {
            session,
            clock,
            library: Library::builtin(),
            thresholds: Thresholds::default(),
        }
    }

    pub fn minutes(&self, m: i64) {
        self.clock.advance(Duration::minutes(m));
    }

    pub fn secs(&self, s: i64) {
        self.clock.advance(Duration::seconds(s));
    }

    /// Every flag standing now.
    pub fn scan(&self) -> Vec<Flag> {
        let mut index = matcher::Index::default();
        index.update(&self.session);
        crate::radar::scan_with(
            &self.session,
            &self.thresholds,
            &self.library,
            self.clock.now(),
            &index,
        )
    }

    /// The flag with seed ID `id`, if it stands now.
    pub fn flag(&self, id: &str) -> Option<Flag> {
        self.scan().into_iter().find(|f| f.id == id)
    }

    /// Moves on, step by step, until the step `id` is on screen.
    pub fn go_to(&mut self, id: &str) {
        let now = self.clock.now();
        while self.session.step().is_some_and(|s| s.id != id) {
            let before = self.session.current;
            self.session.next(now);
            assert_ne!(before, self.session.current, "no step {id} ahead");
        }
    }

    pub fn apply(&mut self, change: Change) {
        self.session
            .apply(change, self.clock.now())
            .expect("the change applies");
    }

    /// A threat with this title (and nothing else); returns its id.
    pub fn threat(&mut self, title: &str) -> u32 {
        self.threat_with(ThreatDraft {
            title: title.into(),
            ..ThreatDraft::default()
        })
    }

    pub fn threat_with(&mut self, draft: ThreatDraft) -> u32 {
        self.apply(Change::AddThreat(draft));
        self.session.threats.last().expect("captured").id
    }

    /// An element (a process) with this name; returns its id.
    pub fn element(&mut self, name: &str) -> u32 {
        self.session
            .add_element(
                crate::deck::ElementKind::Process,
                name,
                false,
                self.clock.now(),
            )
            .expect("added")
    }

    /// Rates `threat` with the paved-road scheme (`low`, `medium`, `high`),
    /// taking its suggestion.
    pub fn rate(&mut self, threat: u32, likelihood: &str, impact: &str) {
        self.rate_as(threat, likelihood, impact, None);
    }

    /// The same, with the team's own action (and a reason).
    pub fn rate_as(
        &mut self,
        threat: u32,
        likelihood: &str,
        impact: &str,
        action: Option<crate::session::Action>,
    ) {
        let scheme = builtin_schemes()
            .into_iter()
            .find(|s| s.id == "paved-road")
            .expect("built in");
        let draft = RatingDraft {
            likelihood: likelihood.into(),
            impact: impact.into(),
            action,
            reason: if action.is_some() {
                "Because".into()
            } else {
                String::new()
            },
        };
        self.apply(Change::rate(threat, &scheme, draft));
    }

    pub fn decide(&mut self, threat: u32, decision: Decision) {
        self.apply(Change::Decide {
            threat,
            decision: Some(decision),
        });
    }

    /// A mitigation; returns its id.
    pub fn mitigation(&mut self, draft: MitigationDraft) -> u32 {
        self.apply(Change::AddMitigation(draft));
        self.session.mitigations.last().expect("added").id
    }
}
