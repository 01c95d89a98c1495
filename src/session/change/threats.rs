//! Changes to threats and to the marks on dealt cards.

use chrono::{DateTime, Utc};

use super::{NO_IDS, ThreatDraft, clean_line, clean_lines, clean_option, participant};
use crate::session::undo::Tx;
use crate::session::{
    CardRef, Cell, Dealt, EventKind, Excursion, Mark, Mitigation, Parked, ParkedOutcome, Session,
    Threat,
};

pub(crate) fn add_threat(
    tx: &mut Tx<'_>,
    draft: ThreatDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let threat = new_threat(tx.s, draft, None, now)?;
    let id = threat.id;
    tx.add(threat);
    tx.log(now, EventKind::ThreatCaptured { id });
    Ok(format!("add threat T{id}"))
}

pub(crate) fn capture_from_card(
    tx: &mut Tx<'_>,
    mut draft: ThreatDraft,
    cell: &Cell,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let deck = dealing(tx.s, cell)?;
    draft.category = clean_option(draft.category.as_deref()).or_else(|| Some(cell.card.clone()));
    draft.element = draft.element.or(cell.element);
    let card = CardRef {
        deck: cell.card_deck.clone(),
        card: cell.card.clone(),
        element: cell.element,
    };
    let threat = new_threat(tx.s, draft, Some(card), now)?;
    let id = threat.id;
    tx.add(threat);
    tx.log(now, EventKind::ThreatCaptured { id });
    push_mark(tx, deck, cell, Mark::Threat(id), now);
    Ok(format!("add threat T{id}"))
}

pub(crate) fn mark_card(
    tx: &mut Tx<'_>,
    cell: &Cell,
    mark: Mark,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let deck = dealing(tx.s, cell)?;
    if let Mark::Threat(id) = mark {
        threat_pos(tx.s, id)?;
    }
    push_mark(tx, deck, cell, mark, now);
    Ok(format!("mark card {}", cell.card))
}

pub(crate) fn edit_threat(
    tx: &mut Tx<'_>,
    id: u32,
    draft: ThreatDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = threat_pos(tx.s, id)?;
    let fields = Fields::of(tx.s, draft)?;
    let from = tx.s.threats[pos].category.clone();
    let to = fields.category.clone();
    tx.update(pos, |t: &mut Threat| fields.set(t));
    tx.log(now, EventKind::ThreatEdited { id });
    if from != to {
        tx.log(
            now,
            EventKind::CategoryChanged {
                threat: id,
                from,
                to,
            },
        );
    }
    Ok(format!("edit threat T{id}"))
}

pub(crate) fn delete_threat_change(
    tx: &mut Tx<'_>,
    id: u32,
    now: DateTime<Utc>,
) -> Result<String, String> {
    threat_pos(tx.s, id)?;
    delete_threat(tx, id);
    tx.log(now, EventKind::ThreatDeleted { id });
    Ok(format!("delete threat T{id}"))
}

/// Deletes threat `id` and the card marks made with it; parked items that
/// became it go back on the lot, excursions and mitigations that went to it
/// are unlinked (a mitigation may be left with no threat), and the key
/// threats after it close up.
pub(crate) fn delete_threat(tx: &mut Tx<'_>, id: u32) {
    tx.remove_where(|d: &Dealt| d.mark == Mark::Threat(id));
    let became = Some(ParkedOutcome::Threat(id));
    tx.update_where(|p: &Parked| p.outcome == became, |p| p.outcome = None);
    tx.update_where(|x: &Excursion| x.threat == Some(id), |x| x.threat = None);
    tx.update_where(
        |m: &Mitigation| m.tames(id),
        |m| m.threats.retain(|t| *t != id),
    );
    let rank = tx.s.threats.iter().find(|t| t.id == id).and_then(|t| t.key);
    tx.remove_where(|t: &Threat| t.id == id);
    if let Some(rank) = rank {
        super::rate::shift_keys(tx, |k| k > rank, |k| k - 1);
    }
}

pub(crate) fn threat_pos(s: &Session, id: u32) -> Result<usize, String> {
    s.threats
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| format!("There is no threat T{id}"))
}

/// A new threat in the current step, with the next id.
pub(crate) fn new_threat(
    s: &Session,
    draft: ThreatDraft,
    card: Option<CardRef>,
    now: DateTime<Utc>,
) -> Result<Threat, String> {
    let fields = Fields::of(s, draft)?;
    let id = s.fresh_threat_id().ok_or(NO_IDS)?;
    let (phase, step) = s
        .step()
        .map(|st| (st.phase, st.id.clone()))
        .unwrap_or_default();
    let mut threat = Threat {
        id,
        title: String::new(),
        description: String::new(),
        category: None,
        element: None,
        raised_by: None,
        phase,
        step,
        at: now,
        card,
        key: None,
        rating: None,
        residual: None,
        decision: None,
        review: None,
    };
    fields.set(&mut threat);
    Ok(threat)
}

/// The deck being dealt, when `cell`'s element (if any) is in the model.
fn dealing(s: &Session, cell: &Cell) -> Result<String, String> {
    let deck = s.dealing.clone().ok_or("No deck is being dealt")?;
    match cell.element {
        Some(e) if s.element(e).is_none() => Err(format!("There is no element {e} in the model")),
        _ => Ok(deck),
    }
}

fn push_mark(tx: &mut Tx<'_>, deck: String, cell: &Cell, mark: Mark, now: DateTime<Utc>) {
    tx.add(Dealt {
        deck,
        card_deck: cell.card_deck.clone(),
        card: cell.card.clone(),
        element: cell.element,
        mark,
        at: now,
    });
    tx.log(
        now,
        EventKind::CardMarked {
            card: cell.card.clone(),
            element: cell.element,
            mark,
        },
    );
}

/// A threat's editable fields, cleaned and checked.
struct Fields {
    title: String,
    description: String,
    category: Option<String>,
    element: Option<u32>,
    raised_by: Option<String>,
}

impl Fields {
    fn of(s: &Session, d: ThreatDraft) -> Result<Self, String> {
        let title = clean_line(&d.title);
        if title.is_empty() {
            return Err("A threat needs a title".into());
        }
        if let Some(e) = d.element
            && s.element(e).is_none()
        {
            return Err(format!("There is no element {e} in the model"));
        }
        Ok(Self {
            title,
            description: clean_lines(&d.description),
            category: clean_option(d.category.as_deref()),
            element: d.element,
            raised_by: participant(s, d.raised_by.as_deref())?,
        })
    }

    fn set(self, t: &mut Threat) {
        t.title = self.title;
        t.description = self.description;
        t.category = self.category;
        t.element = self.element;
        t.raised_by = self.raised_by;
    }
}
