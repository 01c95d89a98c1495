//! The session screen: the clock, the steps, the card on the table and the
//! deck picker.

use chrono::{DateTime, Utc};

use super::{App, Confirm, Layer};
use crate::action::{Action, Effect};
use crate::session::Mark;

impl App {
    pub(super) fn update_session(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if action == Action::Radar {
            return self.focus_radar();
        }
        if action == Action::Export {
            self.open_export();
            return Vec::new();
        }
        if self.read_only.is_some() {
            // Looking is fine; nothing changes the session.
            if action == Action::ToggleCard {
                self.card_view = !self.card_view;
            } else if !matches!(action, Action::Up | Action::Down) {
                self.status = Some("That key changes nothing here.".into());
            }
            return Vec::new();
        }
        if matches!(
            action,
            Action::MarkThreat | Action::MarkNothing | Action::MarkSkip
        ) {
            return self.mark_card(action, now);
        }
        // The walk has keys of its own; a few session keys still work.
        if self.view == super::View::Walk
            && action != Action::Cancel
            && !matches!(
                action,
                Action::TogglePause | Action::Extend | Action::Undo | Action::Show(_)
            )
        {
            return self.update_walk(action, now);
        }
        if self.move_selection(&action) {
            return Vec::new();
        }
        match action {
            Action::NextStep => return self.next_step(now),
            Action::Show(view) => {
                self.show(view);
                return Vec::new();
            }
            Action::Cancel if self.view != super::View::Session => {
                self.view = super::View::Session;
                return Vec::new();
            }
            Action::Filter => {
                self.open_filter();
                return Vec::new();
            }
            Action::Open => {
                self.open_selected();
                return Vec::new();
            }
            Action::Delete => {
                self.ask_delete();
                return Vec::new();
            }
            Action::Undo => return self.undo_last(now),
            Action::Walk => {
                self.open_walk();
                return Vec::new();
            }
            Action::Retro => {
                self.open_retro();
                return Vec::new();
            }
            Action::Link => {
                self.open_link_picker();
                return Vec::new();
            }
            Action::AddMitigation => {
                if let Some(id) = self.selected_threat() {
                    self.open_mitigation_form(None, Some(id));
                } else {
                    self.open_mitigation_form(None, None);
                }
                return Vec::new();
            }
            Action::KeyThreat => return self.toggle_key(now),
            Action::AddFlow => {
                self.open_flow_form(None);
                return Vec::new();
            }
            Action::AddBoundary => {
                self.open_boundary_form(None);
                return Vec::new();
            }
            Action::Park => {
                self.open_park_form(None);
                return Vec::new();
            }
            Action::Excursion => return self.excursion(now),
            Action::Approach => {
                self.open_approach_form();
                return Vec::new();
            }
            Action::Participants => {
                self.open_participants_form();
                return Vec::new();
            }
            Action::Agree => {
                return match self.apply(crate::session::Change::AgreeModel, now) {
                    Ok(effects) => {
                        self.status = Some("Agreed: this is the system at this scope".into());
                        effects
                    }
                    Err(why) => {
                        self.status = Some(why);
                        Vec::new()
                    }
                };
            }
            // In the parking lot, `t` turns the selected item into a threat.
            Action::CaptureThreat if self.view == super::View::Parking => {
                let Some(super::Row::Parked(id)) = self.selected_row() else {
                    return Vec::new();
                };
                return match self.apply(crate::session::Change::ParkedToThreat(id), now) {
                    Ok(effects) => {
                        self.status = Some("The parked item is now a threat".into());
                        effects
                    }
                    Err(why) => {
                        self.status = Some(why);
                        Vec::new()
                    }
                };
            }
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
            Action::GiveBank => {
                if let Err(why) = session.give_bank(now) {
                    self.status = Some(why);
                    return Vec::new();
                }
            }
            Action::PrevStep => session.back(now),
            Action::NextDeck if card_view => session.next_deck(now),
            _ => return Vec::new(),
        }
        self.put_card_away();
        if action == Action::PrevStep {
            self.new_step_note();
        }
        vec![Effect::Save]
    }

    /// `X`: starts an excursion [2.1.9] (about the selected threat, if
    /// any), or ends the one running by asking for its outcome.
    fn excursion(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let running = self
            .session
            .as_ref()
            .is_some_and(|s| s.running_excursion().is_some());
        if running {
            self.open_end_excursion();
            return Vec::new();
        }
        let topic = self
            .selected_threat()
            .and_then(|id| self.session.as_ref()?.threat(id))
            .map(|t| format!("T{}: {}", t.id, t.title))
            .unwrap_or_default();
        match self.apply(crate::session::Change::StartExcursion(topic), now) {
            Ok(effects) => {
                self.status = Some("Excursion started: X ends it".into());
                effects
            }
            Err(why) => {
                self.status = Some(why);
                Vec::new()
            }
        }
    }

    /// `n`: moves on, asking first when the discovery walk still has cards
    /// left [2.1.5] (in a session's discovery step or a story's) or an
    /// excursion is running [2.1.9].
    fn next_step(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        if let Some(x) = self.session.as_ref().and_then(|s| s.running_excursion()) {
            let why = format!(
                "An excursion has been running for {}.",
                crate::ui::hms(x.secs(now))
            );
            self.layers.push(Layer::Confirm(Confirm::MoveOn { why }));
            return Vec::new();
        }
        let in_discovery = self.in_discovery();
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

    /// Whether the step on screen is a discovery step (the session's own
    /// or a story's), where the cards are dealt.
    pub(super) fn in_discovery(&self) -> bool {
        self.session
            .as_ref()
            .and_then(|s| s.step())
            .is_some_and(|s| {
                s.id == "discover" || crate::session::script::story_step(&s.id) == Some("discover")
            })
    }

    /// Moves to the next step without asking.
    pub(super) fn move_on(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        match self.session.as_mut() {
            Some(session) => {
                session.next(now);
                self.put_card_away();
                self.new_step_note();
                vec![Effect::Save]
            }
            None => Vec::new(),
        }
    }

    /// Cards are dealt in phase 2: leaving it takes the card off the table,
    /// so the next step's prompt (rating, mitigations) is what shows.
    /// A new step: what the status bar said about the last one (a hint,
    /// "agreed", a story's start) is over; a note about decks this tamer
    /// lacks stays.
    fn new_step_note(&mut self) {
        self.status = self.missing_decks_note();
    }

    fn put_card_away(&mut self) {
        if self.session.as_ref().is_none_or(|s| s.phase() != 2) {
            self.card_view = false;
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
