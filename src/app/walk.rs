//! The walks of phases 3 and 4: rating the threats one at a time [3.1.x],
//! rating again what remains once the essential mitigations are done
//! [3.2.4], and reviewing each threat against a checklist (phase 4).

use chrono::{DateTime, Utc};

use super::{App, Layer, View};
use crate::action::{Action, Effect};
use crate::form::{Field, Form, Purpose};
use crate::session::{Change, RatingDraft, RatingOrder, Scheme, Session};

/// Which walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WalkKind {
    /// Likelihood × impact → suggested action; Enter accepts it.
    #[default]
    Rate,
    /// The MUST and SHOULD threats again, as if their essential
    /// mitigations were done.
    Residual,
    /// Each threat against the checklist: reviewed, or needs work.
    Review,
}

/// Where a walk stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    pub kind: WalkKind,
    pub order: RatingOrder,
    /// Index into [`App::walk_threats`].
    pub pos: usize,
    /// The likelihood level typed so far (an index into the scheme's).
    pub likelihood: Option<usize>,
    pub impact: Option<usize>,
}

impl App {
    /// The session's rating scheme, if this tamer has it.
    pub fn scheme(&self) -> Option<&Scheme> {
        let s = self.session.as_ref()?;
        crate::session::rating::find(&self.schemes, &s.scheme)
    }

    /// The threats the walk goes through, in its order.
    pub fn walk_threats(&self) -> Vec<u32> {
        let Some(s) = self.session.as_ref() else {
            return Vec::new();
        };
        let all = s.rating_order(self.walk.order);
        match self.walk.kind {
            WalkKind::Rate | WalkKind::Review => all,
            WalkKind::Residual => all
                .into_iter()
                .filter(|id| {
                    s.threat(*id)
                        .and_then(|t| t.action())
                        .is_some_and(|a| a.is_must_or_should())
                })
                .collect(),
        }
    }

    /// The threat on the table in the walk.
    pub fn walk_threat(&self) -> Option<u32> {
        let ids = self.walk_threats();
        ids.get(self.walk.pos.min(ids.len().saturating_sub(1)))
            .copied()
    }

    /// `a` (assess): the walk of the step on screen (rate, residual, review).
    pub(super) fn open_walk(&mut self) {
        let step = self
            .session
            .as_ref()
            .and_then(Session::step)
            .map(|s| s.id.clone())
            .unwrap_or_default();
        let kind = match step.as_str() {
            "residual" => WalkKind::Residual,
            "review" => WalkKind::Review,
            _ => WalkKind::Rate,
        };
        if self.scheme().is_none() && kind != WalkKind::Review {
            self.status = Some(
                "This tamer does not have the session's rating scheme: choose one with o".into(),
            );
            return;
        }
        self.walk = super::Walk {
            kind,
            order: self.walk.order,
            ..Default::default()
        };
        self.view = View::Walk;
    }

    pub(super) fn update_walk(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        match action {
            Action::Digit(d) => self.walk_digit(d),
            Action::Left | Action::Up => self.walk_step(-1),
            Action::Right | Action::Down => self.walk_step(1),
            Action::Clear => {
                self.walk.likelihood = None;
                self.walk.impact = None;
            }
            Action::CycleOrder => {
                self.walk.order = match self.walk.order {
                    RatingOrder::KeyFirst => RatingOrder::ByElement,
                    RatingOrder::ByElement => RatingOrder::ByCapture,
                    RatingOrder::ByCapture => RatingOrder::KeyFirst,
                };
                self.walk.pos = 0;
            }
            Action::Open => return self.walk_accept(now),
            Action::Override => self.open_override(),
            Action::Decide => self.open_decide(),
            Action::KeyThreat => return self.toggle_key(now),
            Action::AddMitigation => {
                if let Some(id) = self.walk_threat() {
                    self.open_mitigation_form(None, Some(id));
                }
            }
            Action::ReviewOk => return self.review(true, "", now),
            Action::ReviewNeedsWork => self.open_review_note(),
            _ => {}
        }
        Vec::new()
    }

    fn walk_step(&mut self, by: isize) {
        let n = self.walk_threats().len();
        let pos = self.walk.pos.min(n.saturating_sub(1)) as isize + by;
        self.walk.pos = pos.clamp(0, n.saturating_sub(1) as isize) as usize;
        self.walk.likelihood = None;
        self.walk.impact = None;
    }

    /// Digits set the likelihood, then the impact (1 is the lowest level).
    fn walk_digit(&mut self, d: u8) {
        let Some(scheme) = self.scheme() else {
            return;
        };
        let i = usize::from(d).saturating_sub(1);
        if self.walk.likelihood.is_none() || self.walk.impact.is_some() {
            if i < scheme.likelihood.len() {
                self.walk.likelihood = Some(i);
                self.walk.impact = None;
            }
        } else if i < scheme.impact.len() {
            self.walk.impact = Some(i);
        }
    }

    /// The levels typed, as ids, when both are.
    fn typed_levels(&self) -> Option<(String, String)> {
        let scheme = self.scheme()?;
        let l = scheme.likelihood.get(self.walk.likelihood?)?;
        let i = scheme.impact.get(self.walk.impact?)?;
        Some((l.id.clone(), i.id.clone()))
    }

    /// Enter: keeps the suggested action for the levels typed and moves on.
    fn walk_accept(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        if self.walk.kind == WalkKind::Review {
            return self.review(true, "", now);
        }
        let (Some(threat), Some((l, i)), Some(scheme)) = (
            self.walk_threat(),
            self.typed_levels(),
            self.scheme().cloned(),
        ) else {
            self.status = Some("Type the likelihood, then the impact (digits), then Enter".into());
            return Vec::new();
        };
        self.rate(threat, &scheme, RatingDraft::new(&l, &i), now)
    }

    fn rate(
        &mut self,
        threat: u32,
        scheme: &Scheme,
        draft: RatingDraft,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let change = match self.walk.kind {
            WalkKind::Residual => Change::rate_residual(threat, scheme, draft),
            _ => Change::rate(threat, scheme, draft),
        };
        match self.apply(change, now) {
            Ok(effects) => {
                self.walk_step(1);
                effects
            }
            Err(why) => {
                self.status = Some(why);
                Vec::new()
            }
        }
    }

    /// `K`: the threat in the walk (or the selected one) becomes the last
    /// key threat, or stops being one [2.1.7].
    pub(super) fn toggle_key(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(id) = self.walk_or_selected_threat() else {
            return Vec::new();
        };
        let Some(s) = self.session.as_ref() else {
            return Vec::new();
        };
        let rank = match s.threat(id).and_then(|t| t.key) {
            Some(_) => None,
            None => Some(s.key_threats().len() as u32 + 1),
        };
        self.apply_or_say(Change::SetKey { threat: id, rank }, now)
    }

    fn review(&mut self, ok: bool, note: &str, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(threat) = self.walk_threat() else {
            return Vec::new();
        };
        let change = Change::Review {
            threat,
            ok,
            note: note.to_owned(),
        };
        let effects = self.apply_or_say(change, now);
        if !effects.is_empty() {
            self.walk_step(1);
        }
        effects
    }

    /// Applies `change`, or says in the status bar why it was refused.
    pub(super) fn apply_or_say(&mut self, change: Change, now: DateTime<Utc>) -> Vec<Effect> {
        match self.apply(change, now) {
            Ok(effects) => effects,
            Err(why) => {
                self.status = Some(why);
                Vec::new()
            }
        }
    }

    /// `o` in the walk: the team's own action instead of the suggested
    /// one, with the reason [3.1.8].
    fn open_override(&mut self) {
        if self.typed_levels().is_none() {
            self.status = Some("Type the likelihood and the impact first".into());
            return;
        }
        let actions = crate::session::Action::ALL
            .iter()
            .map(|a| a.label().to_owned())
            .collect();
        self.layers.push(Layer::Form(Box::new(
            Form::new(
                Purpose::Override,
                " Our own action ",
                vec![
                    Field::choice("Action", actions, 0),
                    Field::line("Why not the suggested one", ""),
                ],
            )
            .with_help("A reason is required: many overrides mean the scheme needs work [3.1.8]."),
        )));
    }

    pub(super) fn submit_override(
        &mut self,
        form: &Form,
        now: DateTime<Utc>,
    ) -> super::forms::Submitted {
        let action = crate::session::Action::ALL
            .get(form.index("Action"))
            .copied()
            .unwrap_or(crate::session::Action::Must);
        let (Some(threat), Some((l, i)), Some(scheme)) = (
            self.walk_threat(),
            self.typed_levels(),
            self.scheme().cloned(),
        ) else {
            return Err(("Action", "Type the likelihood and the impact first".into()));
        };
        let draft = RatingDraft::overridden(&l, &i, action, &form.get("Why not the suggested one"));
        let change = match self.walk.kind {
            WalkKind::Residual => Change::rate_residual(threat, &scheme, draft),
            _ => Change::rate(threat, &scheme, draft),
        };
        let effects = self
            .apply(change, now)
            .map_err(|why| ("Why not the suggested one", why))?;
        self.layers.pop();
        self.walk_step(1);
        Ok(effects)
    }

    fn open_review_note(&mut self) {
        self.layers.push(Layer::Form(Box::new(
            Form::new(
                Purpose::ReviewNote,
                " Needs work ",
                vec![Field::line("What is missing", "")],
            )
            .enter_saves(),
        )));
    }

    pub(super) fn submit_review_note(
        &mut self,
        form: &Form,
        now: DateTime<Utc>,
    ) -> super::forms::Submitted {
        let note = form.get("What is missing");
        if note.trim().is_empty() {
            return Err(("What is missing", "Say what is missing".into()));
        }
        self.layers.pop();
        Ok(self.review(false, &note, now))
    }
}
