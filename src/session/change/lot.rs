//! Changes to the parking lot [2.1.8] and excursions [2.1.9].

use chrono::{DateTime, Utc};

use super::threats::{new_threat, threat_pos};
use super::{ExcursionTarget, NO_IDS, ParkDraft, ThreatDraft, clean_line, participant};
use crate::session::undo::Tx;
use crate::session::{EventKind, Excursion, Parked, ParkedOutcome, Session, Threat};

pub(crate) fn park(
    tx: &mut Tx<'_>,
    draft: ParkDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let (text, raised_by) = park_fields(tx.s, draft)?;
    let id = add_parked(tx, text, raised_by, now)?;
    Ok(format!("park item {id}"))
}

pub(crate) fn edit_parked(
    tx: &mut Tx<'_>,
    id: u32,
    draft: ParkDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = parked_pos(tx.s, id)?;
    let (text, raised_by) = park_fields(tx.s, draft)?;
    tx.update(pos, |p: &mut Parked| {
        p.text = text;
        p.raised_by = raised_by;
    });
    tx.log(now, EventKind::ParkedEdited { id });
    Ok(format!("edit parked item {id}"))
}

pub(crate) fn drop_parked(
    tx: &mut Tx<'_>,
    id: u32,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = open_parked_pos(tx.s, id)?;
    let reason = clean_line(reason);
    if reason.is_empty() {
        return Err("Say why the parked item is dropped".into());
    }
    tx.update(pos, |p: &mut Parked| {
        p.outcome = Some(ParkedOutcome::Dropped { reason });
    });
    tx.log(now, EventKind::ParkedDropped { id });
    Ok(format!("drop parked item {id}"))
}

pub(crate) fn parked_to_threat(
    tx: &mut Tx<'_>,
    id: u32,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = open_parked_pos(tx.s, id)?;
    let parked = &tx.s.parking[pos];
    let draft = ThreatDraft {
        title: parked.text.clone(),
        raised_by: parked.raised_by.clone(),
        ..ThreatDraft::default()
    };
    let threat = new_threat(tx.s, draft, None, now)?;
    let tid = threat.id;
    tx.add(threat);
    tx.update(pos, |p: &mut Parked| {
        p.outcome = Some(ParkedOutcome::Threat(tid))
    });
    tx.log(now, EventKind::ThreatCaptured { id: tid });
    tx.log(now, EventKind::ParkedToThreat { id, threat: tid });
    Ok(format!("turn parked item {id} into threat T{tid}"))
}

/// Deletes parked item `id` (undoing its addition); excursions that went
/// to it are unlinked.
pub(crate) fn delete_parked(tx: &mut Tx<'_>, id: u32) {
    tx.update_where(|x: &Excursion| x.parked == Some(id), |x| x.parked = None);
    tx.remove_where(|p: &Parked| p.id == id);
}

pub(crate) fn start_excursion(
    tx: &mut Tx<'_>,
    topic: &str,
    now: DateTime<Utc>,
) -> Result<String, String> {
    if tx.s.running_excursion().is_some() {
        return Err("An excursion is already running; end it first".into());
    }
    let id = tx.s.fresh_excursion_id().ok_or(NO_IDS)?;
    tx.add(Excursion {
        id,
        topic: clean_line(topic),
        started: now,
        ended: None,
        outcome: String::new(),
        threat: None,
        parked: None,
    });
    tx.log(now, EventKind::ExcursionStarted { id });
    Ok(format!("start excursion {id}"))
}

pub(crate) fn end_excursion(
    tx: &mut Tx<'_>,
    outcome: &str,
    target: ExcursionTarget,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos =
        tx.s.excursions
            .iter()
            .position(|x| x.ended.is_none())
            .ok_or("No excursion is running")?;
    let outcome = clean_line(outcome);
    let (threat, parked) = match target {
        ExcursionTarget::Threat(tid) => (Some(outcome_to_threat(tx, tid, &outcome)?), None),
        ExcursionTarget::Parking if outcome.is_empty() => {
            return Err("Say what came of the excursion to park it".into());
        }
        ExcursionTarget::Parking => (None, Some(add_parked(tx, outcome.clone(), None, now)?)),
        ExcursionTarget::Nothing => (None, None),
    };
    let mut secs = 0;
    tx.update(pos, |x: &mut Excursion| {
        x.ended = Some(now);
        x.outcome = outcome;
        x.threat = threat;
        x.parked = parked;
        secs = x.secs(now);
    });
    let id = tx.s.excursions[pos].id;
    tx.log(now, EventKind::ExcursionEnded { id, secs });
    Ok(format!("end excursion {id}"))
}

/// Adds the outcome to threat `tid`'s description, on a line of its own.
fn outcome_to_threat(tx: &mut Tx<'_>, tid: u32, outcome: &str) -> Result<u32, String> {
    let pos = threat_pos(tx.s, tid)?;
    if !outcome.is_empty() {
        tx.update(pos, |t: &mut Threat| {
            if !t.description.is_empty() {
                t.description.push('\n');
            }
            t.description.push_str(outcome);
        });
    }
    Ok(tid)
}

fn add_parked(
    tx: &mut Tx<'_>,
    text: String,
    raised_by: Option<String>,
    now: DateTime<Utc>,
) -> Result<u32, String> {
    let id = tx.s.fresh_parked_id().ok_or(NO_IDS)?;
    tx.add(Parked {
        id,
        text,
        raised_by,
        at: now,
        outcome: None,
    });
    tx.log(now, EventKind::Parked { id });
    Ok(id)
}

fn park_fields(s: &Session, draft: ParkDraft) -> Result<(String, Option<String>), String> {
    let text = clean_line(&draft.text);
    if text.is_empty() {
        return Err("A parked item needs some text".into());
    }
    Ok((text, participant(s, draft.raised_by.as_deref())?))
}

fn parked_pos(s: &Session, id: u32) -> Result<usize, String> {
    s.parking
        .iter()
        .position(|p| p.id == id)
        .ok_or_else(|| format!("There is no parked item {id}"))
}

/// A parked item still waiting on the lot.
fn open_parked_pos(s: &Session, id: u32) -> Result<usize, String> {
    let pos = parked_pos(s, id)?;
    match &s.parking[pos].outcome {
        None => Ok(pos),
        Some(ParkedOutcome::Threat(t)) => {
            Err(format!("Parked item {id} already became threat T{t}"))
        }
        Some(ParkedOutcome::Dropped { .. }) => Err(format!("Parked item {id} was already dropped")),
    }
}
