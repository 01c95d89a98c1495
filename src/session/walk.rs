//! Dealing cards: which card comes next, what has been marked, and what is
//! left. Everything here is derived from the session's marks, so a session
//! resumed after a crash deals on exactly where it stopped.
//!
//! A plain deck is dealt card by card in its dealing order. A `per_element`
//! deck (STRIDE-per-element) is walked element × category over the session's
//! model: a structured discovery with a defined end [2.1.5].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deck::{Deck, ElementKind, Library};

/// One element of the system model (phase 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: u32,
    pub kind: ElementKind,
    pub name: String,
    /// For data stores: it holds logs, so repudiation applies.
    pub holds_logs: bool,
    /// What it is, in the team's words; empty when none. May hold line
    /// breaks (see [`crate::session::check`]).
    pub description: String,
    /// The trust boundary it sits in (at most one); always `None` for a
    /// data flow, which crosses boundaries instead of sitting in one.
    pub boundary: Option<u32>,
    /// For a data flow: where it goes and what it carries. `None` for every
    /// other kind, and for flows from records older than version 3 that
    /// were never given ends.
    pub flow: Option<FlowEnds>,
}

/// The two ends of a data flow and the channel between them. A flow is an
/// [`Element`] of kind `DataFlow`, so the STRIDE-per-element walk treats it
/// as one element; its ends are elements that are not flows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowEnds {
    pub from: u32,
    pub to: u32,
    /// What data it carries; empty when not said.
    pub carries: String,
    pub protocol: String,
    pub authenticated: bool,
    pub encrypted: bool,
}

/// How the facilitator marked a dealt card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    /// A threat was captured from this card.
    Threat(u32),
    /// Done with this card: nothing (more) here.
    Nothing,
    /// Passed over for now; dealt again after the rest.
    Skip,
}

/// A card marked in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dealt {
    /// The deck being dealt (for a walk, the per-element deck).
    pub deck: String,
    /// The deck the card comes from and its id.
    pub card_deck: String,
    pub card: String,
    pub element: Option<u32>,
    pub mark: Mark,
    pub at: DateTime<Utc>,
}

/// One stop of a deal: a card, on an element for walks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub card_deck: String,
    pub card: String,
    pub element: Option<u32>,
}

/// Where a cell stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CellState {
    pub threats: usize,
    pub done: bool,
    pub skipped: bool,
}

/// Every cell of dealing `deck` over `model`, in order.
pub fn cells(deck: &Deck, library: &Library, model: &[Element]) -> Vec<Cell> {
    match &deck.per_element {
        Some(category_deck_id) => {
            let Some(category_deck) = library.get(category_deck_id) else {
                return Vec::new();
            };
            let order = category_deck.dealing_order();
            let mut out = Vec::new();
            for element in model {
                let applies = deck.categories_for(element.kind, element.holds_logs);
                for card in &order {
                    let matches = applies
                        .iter()
                        .any(|c| *c == card.id || card.categories.iter().any(|cc| cc == c));
                    if matches {
                        out.push(Cell {
                            card_deck: category_deck.id.clone(),
                            card: card.id.clone(),
                            element: Some(element.id),
                        });
                    }
                }
            }
            out
        }
        None => deck
            .dealing_order()
            .into_iter()
            .map(|card| Cell {
                card_deck: deck.id.clone(),
                card: card.id.clone(),
                element: None,
            })
            .collect(),
    }
}

/// The state of `cell` from the marks of dealing `deck`.
pub fn state(deck: &str, cell: &Cell, dealt: &[Dealt]) -> CellState {
    let mut st = CellState::default();
    for d in dealt.iter().filter(|d| {
        d.deck == deck
            && d.card_deck == cell.card_deck
            && d.card == cell.card
            && d.element == cell.element
    }) {
        match d.mark {
            Mark::Threat(_) => st.threats += 1,
            Mark::Nothing => st.done = true,
            Mark::Skip => st.skipped = true,
        }
    }
    if st.done {
        st.skipped = false;
    }
    st
}

/// Where a deal stands: the card on the table and what is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub cells: Vec<Cell>,
    pub states: Vec<CellState>,
    /// The cell on the table: the first not yet looked at, then the skipped
    /// ones again; `None` when every cell is done (the defined end).
    pub current: Option<usize>,
}

impl Progress {
    pub fn of(deck: &Deck, library: &Library, model: &[Element], dealt: &[Dealt]) -> Self {
        let cells = cells(deck, library, model);
        let states: Vec<CellState> = cells.iter().map(|c| state(&deck.id, c, dealt)).collect();
        let current = states
            .iter()
            .position(|s| !s.done && !s.skipped)
            .or_else(|| states.iter().position(|s| !s.done));
        Self {
            cells,
            states,
            current,
        }
    }

    pub fn done(&self) -> usize {
        self.states.iter().filter(|s| s.done).count()
    }

    pub fn left(&self) -> usize {
        self.cells.len() - self.done()
    }

    pub fn skipped(&self) -> usize {
        self.states.iter().filter(|s| s.skipped).count()
    }

    pub fn threats(&self) -> usize {
        self.states.iter().map(|s| s.threats).sum()
    }

    pub fn is_complete(&self) -> bool {
        !self.cells.is_empty() && self.current.is_none()
    }
}
