//! The session screen: the clock, the steps, the card on the table and the
//! deck picker.

use chrono::{DateTime, Utc};

use super::{App, Confirm, Layer};
use crate::action::{Action, Effect};
use crate::session::Mark;

impl App {
    pub(super) fn update_session(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if let Some(why) = &self.read_only {
            // Looking is fine; nothing changes the session.
            if action == Action::ToggleCard {
                self.card_view = !self.card_view;
            } else {
                self.status = Some(format!("Read-only: {why}"));
            }
            return Vec::new();
        }
        if matches!(
            action,
            Action::MarkThreat | Action::MarkNothing | Action::MarkSkip
        ) {
            return self.mark_card(action, now);
        }
        match action {
            Action::NextStep => return self.next_step(now),
            Action::CaptureThreat => {
                self.capture_cell = None;
                self.open_quick_threat();
                return Vec::new();
            }
            Action::ToggleCard => {
                self.card_view = !self.card_view;
                return Vec::new();
            }
            Action::OpenDecks => {
                self.layers.push(Layer::Picker(0));
                return Vec::new();
            }
            Action::AddElement => {
                self.open_element_form(0);
                return Vec::new();
            }
            _ => {}
        }
        let card_view = self.card_view;
        let Some(session) = self.session.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::TogglePause => session.toggle_pause(now),
            Action::Extend => session.extend(now),
            Action::PrevStep => session.back(now),
            Action::NextDeck if card_view => session.next_deck(now),
            _ => return Vec::new(),
        }
        vec![Effect::Save]
    }

    /// `n`: moves on, asking first when the discovery walk still has cards
    /// left [2.1.5].
    fn next_step(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let in_discovery = self
            .session
            .as_ref()
            .and_then(|s| s.step())
            .is_some_and(|s| s.id == "discover");
        let left = self
            .progress()
            .filter(|p| !p.cells.is_empty())
            .map_or(0, |p| p.left());
        if in_discovery && left > 0 {
            self.layers.push(Layer::Confirm(Confirm::MoveOn {
                why: format!(
                    "{left} card{} left in the walk.",
                    if left == 1 { " is" } else { "s are" }
                ),
            }));
            return Vec::new();
        }
        self.move_on(now)
    }

    /// Moves to the next step without asking.
    pub(super) fn move_on(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        match self.session.as_mut() {
            Some(session) => {
                session.next(now);
                vec![Effect::Save]
            }
            None => Vec::new(),
        }
    }

    /// Marks the card on the table; a threat opens the capture line first.
    fn mark_card(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(cell), Some(session)) = (self.current_cell(), self.session.as_mut()) else {
            return Vec::new();
        };
        let mark = match action {
            Action::MarkNothing => Mark::Nothing,
            Action::MarkSkip => Mark::Skip,
            _ => {
                self.capture_cell = Some(cell);
                self.open_quick_threat();
                return Vec::new();
            }
        };
        session.mark(&cell, mark, now);
        vec![Effect::Save]
    }

    pub(super) fn update_picker(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(Layer::Picker(cursor)), Some(session)) =
            (self.layers.last_mut(), self.session.as_mut())
        else {
            return Vec::new();
        };
        let n = self.library.decks.len();
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(n.saturating_sub(1)),
            Action::Cancel | Action::Confirm => {
                self.layers.pop();
            }
            Action::ToggleDeck => {
                if let Some(entry) = self.library.decks.get(*cursor) {
                    session.toggle_deck(&entry.deck.id, now);
                    return vec![Effect::Save];
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
