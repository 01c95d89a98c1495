//! The lists a facilitator works with: threats, the model (boundaries,
//! elements, flows) and the parking lot. One of them has the focus (the
//! [`View`] decides which); each has a cursor and a filter.

use chrono::{DateTime, Utc};

use super::{App, Confirm, Layer};
use crate::action::{Action, Effect};
use crate::session::{Change, Session};

/// What fills the screen: the session itself, or one list full-screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// The session screen; its list is the threats.
    #[default]
    Session,
    Threats,
    Model,
    Parking,
    /// Mitigations, full screen.
    Mitigations,
    /// The rating, residual or review walk (see `app::walk`).
    Walk,
    /// What remains: open MUST/SHOULD threats, accepted risks.
    Risk,
    /// What the team decided, at the end.
    Summary,
}

/// The lists that can have the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Threats,
    Model,
    Parking,
    Mitigations,
}

/// One row of a list: what it shows, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Threat(u32),
    Boundary(u32),
    /// An element or a data flow.
    Element(u32),
    Parked(u32),
    Mitigation(u32),
}

/// Where a list's selection is, and what it is filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Index into the list's rows as filtered now.
    pub selected: usize,
    /// Rows whose text holds this (any case) are shown; empty shows all.
    pub filter: String,
}

/// Rows moved by PgUp / PgDn.
pub const PAGE: usize = 10;

impl List {
    pub fn of(view: View) -> Self {
        match view {
            View::Model => List::Model,
            View::Parking => List::Parking,
            View::Mitigations => List::Mitigations,
            _ => List::Threats,
        }
    }
}

impl App {
    /// The list with the focus.
    pub fn focus(&self) -> List {
        List::of(self.view)
    }

    pub fn cursor(&self, list: List) -> &Cursor {
        match list {
            List::Threats => &self.cursors[0],
            List::Model => &self.cursors[1],
            List::Parking => &self.cursors[2],
            List::Mitigations => &self.cursors[3],
        }
    }

    fn cursor_mut(&mut self, list: List) -> &mut Cursor {
        match list {
            List::Threats => &mut self.cursors[0],
            List::Model => &mut self.cursors[1],
            List::Parking => &mut self.cursors[2],
            List::Mitigations => &mut self.cursors[3],
        }
    }

    /// The rows of `list` as shown: filtered, in display order. The model
    /// lists each boundary followed by the elements in it, then the
    /// elements in no boundary, then the data flows.
    pub fn rows(&self, list: List) -> Vec<Row> {
        let Some(s) = self.session.as_ref() else {
            return Vec::new();
        };
        let filter = self.cursor(list).filter.to_lowercase();
        let keep = |text: &str| text.to_lowercase().contains(&filter);
        // Without a filter no row text is built: this runs on every frame.
        let all = filter.is_empty();
        match list {
            List::Threats => s
                .threats
                .iter()
                .filter(|t| {
                    all || keep(&format!(
                        "T{} {} {} {}",
                        t.id,
                        t.title,
                        t.description,
                        t.category.as_deref().unwrap_or("")
                    ))
                })
                .map(|t| Row::Threat(t.id))
                .collect(),
            List::Model => model_rows(s)
                .into_iter()
                .filter(|row| all || keep(&row_text(s, *row)))
                .collect(),
            List::Parking => s
                .parking
                .iter()
                .filter(|p| all || keep(&p.text))
                .map(|p| Row::Parked(p.id))
                .collect(),
            List::Mitigations => s
                .mitigations
                .iter()
                .filter(|m| {
                    all || keep(&format!(
                        "M{} {} {} {} {}",
                        m.id,
                        m.title,
                        if m.essential { "essential" } else { "idea" },
                        m.owner,
                        m.status.label()
                    ))
                })
                .map(|m| Row::Mitigation(m.id))
                .collect(),
        }
    }

    /// The selected row of the list with the focus.
    pub fn selected_row(&self) -> Option<Row> {
        let list = self.focus();
        let rows = self.rows(list);
        rows.get(self.cursor(list).selected.min(rows.len().saturating_sub(1)))
            .copied()
    }

    /// The threat selected in the threats list, if any.
    pub fn selected_threat(&self) -> Option<u32> {
        let rows = self.rows(List::Threats);
        let i = self.cursor(List::Threats).selected;
        match rows.get(i.min(rows.len().saturating_sub(1))) {
            Some(Row::Threat(id)) => Some(*id),
            _ => None,
        }
    }

    /// Moves the selection of the list with the focus.
    pub(super) fn move_selection(&mut self, action: &Action) -> bool {
        if !matches!(
            action,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::First
                | Action::Last
        ) {
            return false;
        }
        let list = self.focus();
        let n = self.rows(list).len();
        let cursor = self.cursor_mut(list);
        let last = n.saturating_sub(1);
        cursor.selected = match action {
            Action::Up => cursor.selected.min(last).saturating_sub(1),
            Action::Down => (cursor.selected + 1).min(last),
            Action::PageUp => cursor.selected.min(last).saturating_sub(PAGE),
            Action::PageDown => (cursor.selected + PAGE).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => return false,
        };
        true
    }

    /// Sets the filter of the list with the focus (empty: no filter).
    pub(super) fn set_filter(&mut self, text: &str) {
        let list = self.focus();
        let cursor = self.cursor_mut(list);
        cursor.filter = crate::text::clean(text).trim().to_owned();
        cursor.selected = 0;
    }

    /// Shows `view`, or the session again when it is shown already.
    pub(super) fn show(&mut self, view: View) {
        self.view = if self.view == view {
            View::Session
        } else {
            view
        };
    }

    /// Del: asks before deleting the selected row, saying what refers to
    /// it; a parked item is dropped with a reason instead.
    pub(super) fn ask_delete(&mut self) {
        let (Some(row), Some(s)) = (self.selected_row(), self.session.as_ref()) else {
            return;
        };
        let (question, change) = match row {
            Row::Threat(id) => {
                let uses = s.uses_of_threat(id);
                let mut q = format!("Delete T{id} \"{}\"?", title_of(s, row));
                if uses.marks > 0 {
                    q.push_str(&format!(
                        " The {} card mark{} made with it go{} too.",
                        uses.marks,
                        plural(uses.marks),
                        if uses.marks == 1 { "es" } else { "" }
                    ));
                }
                if !uses.parked.is_empty() {
                    q.push_str(" The parked item it came from goes back on the lot.");
                }
                (q, Change::DeleteThreat(id))
            }
            Row::Element(id) => {
                let uses = s.uses_of_element(id);
                let mut q = format!("Delete {}?", row_text(s, row));
                if !uses.flows.is_empty() {
                    q.push_str(&format!(
                        " Its {} data flow{} ({}) go{} too.",
                        uses.flows.len(),
                        plural(uses.flows.len()),
                        labels(s, &uses.flows),
                        if uses.flows.len() == 1 { "es" } else { "" }
                    ));
                }
                if !uses.threats.is_empty() {
                    q.push_str(&format!(
                        " {} threat{} on it ({}) stay{}, linked to no element.",
                        uses.threats.len(),
                        plural(uses.threats.len()),
                        uses.threats
                            .iter()
                            .map(|t| format!("T{t}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        if uses.threats.len() == 1 { "s" } else { "" }
                    ));
                }
                (q, Change::DeleteElement(id))
            }
            Row::Boundary(id) => {
                let inside = s.uses_of_boundary(id).len();
                let mut q = format!("Delete the trust boundary {}?", row_text(s, row));
                if inside > 0 {
                    q.push_str(&format!(
                        " Its {inside} element{} stay, in no boundary.",
                        plural(inside)
                    ));
                }
                (q, Change::DeleteBoundary(id))
            }
            Row::Parked(id) => {
                self.open_drop_parked(id);
                return;
            }
            Row::Mitigation(id) => (
                format!("Delete {}? The threats it tames stay.", row_text(s, row)),
                Change::DeleteMitigation(id),
            ),
        };
        self.layers.push(Layer::Confirm(Confirm::Apply {
            question: format!("{question}\n\nu undoes it."),
            change: Box::new(change),
        }));
    }

    /// Carries out an edit of the session, keeping its undo.
    pub(super) fn apply(
        &mut self,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Vec<Effect>, String> {
        let session = self.session.as_mut().ok_or_else(String::new)?;
        let added = match &change {
            Change::AddThreat(_) | Change::CaptureFromCard { .. } | Change::ParkedToThreat(_) => {
                Some(List::Threats)
            }
            Change::Park(_) => Some(List::Parking),
            Change::AddMitigation(_) => Some(List::Mitigations),
            Change::AddElement(_) | Change::AddBoundary(_) => Some(List::Model),
            _ => None,
        };
        let inverse = session.apply(change, now)?;
        self.undo.push(inverse);
        if let Some(list) = added {
            self.select_newest(list);
        }
        Ok(vec![Effect::Save])
    }

    /// Puts the selection of `list` on its newest item (a new threat, say),
    /// clearing a filter that would hide it.
    fn select_newest(&mut self, list: List) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let newest = match list {
            List::Threats => s.threats.last().map(|t| Row::Threat(t.id)),
            List::Parking => s.parking.last().map(|p| Row::Parked(p.id)),
            List::Mitigations => s.mitigations.last().map(|m| Row::Mitigation(m.id)),
            List::Model => s.model.last().map(|e| Row::Element(e.id)),
        };
        let Some(newest) = newest else {
            return;
        };
        self.cursor_mut(list).filter.clear();
        let rows = self.rows(list);
        if let Some(i) = rows.iter().position(|r| *r == newest) {
            self.cursor_mut(list).selected = i;
        }
    }

    /// `u`: undoes the last edit.
    pub(super) fn undo_last(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let (Some(inverse), Some(session)) = (self.undo.pop(), self.session.as_mut()) else {
            self.status = Some("Nothing to undo".into());
            return Vec::new();
        };
        self.status = Some(format!("Undone: {}", inverse.what()));
        session.undo(inverse, now);
        vec![Effect::Save]
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn labels(s: &Session, ids: &[u32]) -> String {
    ids.iter()
        .filter_map(|id| s.element_label(*id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn title_of(s: &Session, row: Row) -> String {
    match row {
        Row::Threat(id) => s.threat(id).map(|t| t.title.clone()).unwrap_or_default(),
        _ => row_text(s, row),
    }
}

/// The model's rows in display order (see [`App::rows`]).
pub fn model_rows(s: &Session) -> Vec<Row> {
    let mut rows = Vec::new();
    for b in &s.boundaries {
        rows.push(Row::Boundary(b.id));
        rows.extend(
            s.elements_in(Some(b.id))
                .filter(|e| !e.is_flow())
                .map(|e| Row::Element(e.id)),
        );
    }
    rows.extend(
        s.elements_in(None)
            .filter(|e| !e.is_flow())
            .map(|e| Row::Element(e.id)),
    );
    rows.extend(s.flows().map(|e| Row::Element(e.id)));
    rows
}

/// A row in words, for filters and questions.
pub fn row_text(s: &Session, row: Row) -> String {
    match row {
        Row::Threat(id) => s
            .threat(id)
            .map(|t| format!("T{id} {}", t.title))
            .unwrap_or_default(),
        Row::Boundary(id) => s
            .boundary(id)
            .map(|b| format!("\"{}\"", b.name))
            .unwrap_or_default(),
        Row::Element(id) => s.element_label(id).unwrap_or_default(),
        Row::Parked(id) => s.parked(id).map(|p| p.text.clone()).unwrap_or_default(),
        Row::Mitigation(id) => s
            .mitigation(id)
            .map(|m| format!("M{id} \"{}\"", m.title))
            .unwrap_or_default(),
    }
}
