//! `tamer practice` without a scenario, or `p` on the launcher: the picker
//! of scenarios. Enter starts a practice session on the chosen one (the
//! model in place, see [`crate::practice::session`]); Esc leaves without
//! creating anything (`tamer practice` quits, the launcher stays).

use chrono::{DateTime, Utc};

use super::{App, Layer, Screen};
use crate::action::{Action, Effect};
use crate::practice::Scenario;
use crate::session::{PhaseScript, Session};

impl App {
    /// The launcher with the scenario picker open on top (`tamer practice`
    /// with no scenario named).
    pub fn practice_picker(script: PhaseScript, now: DateTime<Utc>) -> Self {
        let mut app = Self::new(script, Vec::new(), now);
        app.practice_only = true;
        app.layers.push(Layer::Scenarios(0));
        app
    }

    /// A practice session on screen with its brief on top (`tamer practice
    /// SCENARIO`).
    pub fn practising(script: PhaseScript, session: Session, now: DateTime<Utc>) -> Self {
        let mut app = Self::with_session(script, session, now);
        app.layers.push(Layer::Brief);
        app
    }

    /// Enter or Esc closes the brief (`b` shows it again).
    pub(super) fn update_brief(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::Cancel {
            self.layers.pop();
        }
        Vec::new()
    }

    /// The scenarios the picker offers: the ones `tamer practice` read
    /// (built-in and the user's), or the built-in ones.
    pub fn practice_scenarios(&self) -> std::borrow::Cow<'_, [Scenario]> {
        if self.scenarios.is_empty() {
            std::borrow::Cow::Owned(crate::practice::builtin())
        } else {
            std::borrow::Cow::Borrowed(&self.scenarios)
        }
    }

    pub(super) fn update_scenarios(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let count = self.practice_scenarios().len();
        let Some(Layer::Scenarios(cursor)) = self.layers.last_mut() else {
            return Vec::new();
        };
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(count.saturating_sub(1)),
            Action::Confirm => {
                let chosen = *cursor;
                return self.start_practice(chosen, now);
            }
            Action::Cancel => {
                self.layers.pop();
                // Opened by `tamer practice`: nothing underneath to go back
                // to; from the launcher, back to it.
                if self.practice_only && self.session.is_none() && self.layers.is_empty() {
                    return vec![Effect::Quit];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A new practice session on the `chosen` scenario, saved at once.
    fn start_practice(&mut self, chosen: usize, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(scenario) = self.practice_scenarios().get(chosen).cloned() else {
            return Vec::new();
        };
        match crate::practice::session(&scenario, &self.script, now) {
            Ok(session) => {
                self.radar = crate::radar::Radar::of(&session);
                self.session = Some(session);
                self.screen = Screen::Session;
                self.layers.clear();
                self.layers.push(Layer::Brief);
                vec![Effect::Save]
            }
            Err(e) => {
                self.status = Some(crate::text::clean(&e.to_string()));
                Vec::new()
            }
        }
    }
}
