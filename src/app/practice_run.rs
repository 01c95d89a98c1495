//! A practice session in the app: `h` shows the next hint for the card on
//! the table (kept in the timeline), and finishing the session compares it
//! with the scenario's reference: the debrief, recorded once per finish
//! with its score, and shown on top until Esc (`D` shows it again); `b`
//! shows the scenario's brief again.

use chrono::{DateTime, Utc};

use super::{App, Layer};
use crate::action::{Action, Effect};
use crate::practice::debrief::Debrief;
use crate::practice::scenario::CATEGORIES;
use crate::practice::{Scenario, hints};
use crate::session::{EventKind, Session};

/// The debrief scrolls by rows of text before wrapping, so how many screen
/// rows they take depends on the width, which the app does not know: ↓
/// goes on until the last row is the first, and the screen keeps the last
/// rows at its bottom when scrolled that far (so the end is in reach at any
/// size; ↑ from there may take a few presses before it moves). A page is
/// this many rows.
pub const DEBRIEF_PAGE: usize = 10;

/// The debrief on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebriefView {
    pub debrief: Debrief,
    /// The best score of earlier debriefs of the same scenario (other
    /// records listed, and earlier finishes of this one), if any.
    pub best: Option<u32>,
    /// The first row shown.
    pub scroll: usize,
}

impl App {
    /// The scenario `id`, among those the app has (see
    /// [`App::practice_scenarios`]).
    pub fn scenario(&self, id: &str) -> Option<Scenario> {
        self.practice_scenarios()
            .iter()
            .find(|s| s.id == id)
            .cloned()
    }

    /// The scenario of the practice session on screen, or why there is none.
    fn practice_scenario(&self) -> Result<Scenario, String> {
        let practice = self
            .session
            .as_ref()
            .and_then(|s| s.practice.as_ref())
            .ok_or_else(|| {
                "Hints and the debrief are for practice sessions (tamer practice)".to_owned()
            })?;
        self.scenario(&practice.scenario).ok_or_else(|| {
            format!(
                "This tamer has no scenario \"{}\" to compare with; `tamer practice` lists the ones it has",
                crate::text::clean(&practice.scenario)
            )
        })
    }

    /// `h`, `D` and `b` on the session screen.
    pub(super) fn practice_key(&mut self, action: &Action, now: DateTime<Utc>) -> Vec<Effect> {
        match action {
            Action::Hint => self.hint(now),
            Action::Debrief => {
                self.open_debrief();
                Vec::new()
            }
            Action::Brief => {
                if self.session.as_ref().is_some_and(|s| s.practice.is_some()) {
                    self.layers.push(Layer::Brief);
                } else {
                    self.status = Some(
                        "The brief is for practice sessions (tamer practice); o shows this session's scope"
                            .into(),
                    );
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The next hint for the card on the table, in the status bar; the
    /// timeline keeps that it was shown.
    fn hint(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let scenario = match self.practice_scenario() {
            Ok(s) => s,
            Err(why) => {
                self.status = Some(why);
                return Vec::new();
            }
        };
        if self.read_only.is_some() {
            self.status =
                Some("Read-only: a hint would be kept in the record, so none here".into());
            return Vec::new();
        }
        // A hint is for the element and category on the table: without a
        // card there is nothing to point at, and nothing is charged.
        let Some(cell) = self.current_cell() else {
            self.status = Some(
                "A hint is for the card on the table: in phase 2, c shows it (no points taken)"
                    .into(),
            );
            return Vec::new();
        };
        let cell = Some(cell);
        let element = cell.as_ref().and_then(|c| c.element);
        let category = cell
            .map(|c| c.card)
            .filter(|c| CATEGORIES.contains(&c.as_str()));
        let Some(session) = self.session.as_mut() else {
            return Vec::new();
        };
        match hints::next(session, &scenario, element, category.as_deref()) {
            Ok(hint) => {
                let place = scenario
                    .part(&hint.threat.element)
                    .map_or_else(|| hint.threat.element.clone(), |p| p.title().to_owned());
                let place = crate::text::clean(&place);
                let more = if hint.of > 1 {
                    format!(", {} of {}", hint.nth, hint.of)
                } else {
                    String::new()
                };
                self.status = Some(format!(
                    "Hint ({place}, {}{more}): {} (−{} points)",
                    crate::text::clean(&hint.threat.category),
                    crate::text::clean(hint.text),
                    crate::practice::debrief::HINT_COST
                ));
                let id = hint.threat.id.clone();
                session.log(
                    now,
                    EventKind::HintShown {
                        hint: id,
                        element,
                        category,
                    },
                );
                vec![Effect::Save]
            }
            Err(why) => {
                self.status = Some(why);
                Vec::new()
            }
        }
    }

    /// The best earlier score for `scenario`: other records listed, and
    /// this session's debriefs before its last `skip` ones.
    fn best_before(&self, scenario: &str, session: &Session, skip: usize) -> Option<u32> {
        let listed = self
            .recents
            .iter()
            .chain(&self.archived)
            .filter_map(|l| l.summary.as_ref().ok());
        crate::practice::debrief::best_before(scenario, session, listed, skip)
    }

    /// At the finish of a practice session (once per finish: no debrief
    /// since the last `Finished`): the debrief, recorded and shown. Whether
    /// it recorded one.
    pub(super) fn debrief_at_finish(&mut self, now: DateTime<Utc>) -> bool {
        if self.replay.is_some() || self.read_only.is_some() {
            return false;
        }
        let Some(session) = self.session.as_ref() else {
            return false;
        };
        if session.practice.is_none() || session.finished.is_none() {
            return false;
        }
        if crate::practice::debrief::debriefed_since_finish(session) {
            return false;
        }
        let scenario = match self.practice_scenario() {
            Ok(s) => s,
            Err(why) => {
                // Said once, at the finish itself, not on every tick after.
                if session.finished == Some(now) {
                    self.status = Some(why);
                }
                return false;
            }
        };
        let debrief = Debrief::of(session, &scenario);
        let best = self.best_before(&scenario.id, session, 0);
        let event = debrief.event();
        if let Some(session) = self.session.as_mut() {
            session.log(now, event);
        }
        self.status = Some(format!(
            "Debriefed: {} of 100, kept in the record; Esc closes, D shows it again",
            debrief.score
        ));
        self.layers.push(Layer::Debrief(Box::new(DebriefView {
            debrief,
            best,
            scroll: 0,
        })));
        true
    }

    /// `D`: the debrief of the practice session as it stands (nothing is
    /// recorded; finishing records one).
    fn open_debrief(&mut self) {
        let scenario = match self.practice_scenario() {
            Ok(s) => s,
            Err(why) => {
                self.status = Some(why);
                return;
            }
        };
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let debrief = Debrief::of(session, &scenario);
        // The last debrief recorded is this one, not an earlier best.
        let best = self.best_before(&scenario.id, session, 1);
        self.layers.push(Layer::Debrief(Box::new(DebriefView {
            debrief,
            best,
            scroll: 0,
        })));
    }

    /// Keys on the debrief: scroll, close.
    pub(super) fn update_debrief(&mut self, action: Action) -> Vec<Effect> {
        let Some(Layer::Debrief(view)) = self.layers.last_mut() else {
            return Vec::new();
        };
        let rows = crate::ui::debrief_rows(view);
        let page = DEBRIEF_PAGE;
        view.scroll = match action {
            Action::Up => view.scroll.saturating_sub(1),
            Action::Down => view.scroll + 1,
            Action::PageUp => view.scroll.saturating_sub(page),
            Action::PageDown => view.scroll + page,
            Action::First => 0,
            Action::Last => rows,
            Action::Cancel => {
                self.layers.pop();
                self.status = Some("D shows the debrief again".into());
                return Vec::new();
            }
            _ => view.scroll,
        }
        .min(rows.saturating_sub(1));
        Vec::new()
    }
}
