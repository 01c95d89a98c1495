//! Changes to the approach (phase 0), the participants, and the agreement
//! on the model.

use chrono::{DateTime, Utc};

use super::{clean_line, clean_lines, participant};
use crate::session::undo::Tx;
use crate::session::{Approach, Decision, EventKind, Mitigation, Parked, RetroList, Threat};

pub(crate) fn set_approach(
    tx: &mut Tx<'_>,
    a: Approach,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let approach = Approach {
        scope: clean_lines(&a.scope),
        out_of_scope: clean_lines(&a.out_of_scope),
        security_level: clean_line(&a.security_level),
        facilitator: participant(tx.s, a.facilitator.as_deref())?,
        note_keeper: participant(tx.s, a.note_keeper.as_deref())?,
    };
    tx.set_approach(approach);
    tx.log(now, EventKind::ApproachSet);
    Ok("set the approach".into())
}

pub(crate) fn set_participants(
    tx: &mut Tx<'_>,
    names: Vec<String>,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let mut clean: Vec<String> = Vec::new();
    for name in names
        .iter()
        .map(|n| clean_line(n))
        .filter(|n| !n.is_empty())
    {
        if clean.contains(&name) {
            return Err(format!("{name} is listed twice"));
        }
        clean.push(name);
    }
    let gone: Vec<String> =
        tx.s.participants
            .iter()
            .filter(|p| !clean.contains(p))
            .cloned()
            .collect();
    // Whoever accepted a risk stays: an accept needs someone's word [3.1.4].
    if let Some(t) =
        tx.s.threats
            .iter()
            .find(|t| matches!(&t.decision, Some(Decision::Accept { by, .. }) if gone.contains(by)))
        && let Some(Decision::Accept { by, .. }) = &t.decision
    {
        return Err(format!(
            "{by} accepted the risk of T{}; decide it again before taking {by} off the list",
            t.id
        ));
    }
    let unset = |name: &mut Option<String>| {
        if name.as_ref().is_some_and(|n| gone.contains(n)) {
            *name = None;
        }
    };
    tx.update_where(|_: &Threat| true, |t| unset(&mut t.raised_by));
    tx.update_where(|_: &Parked| true, |p| unset(&mut p.raised_by));
    let mut retro = tx.s.retro.clone();
    for list in RetroList::ALL {
        retro
            .list_mut(list)
            .iter_mut()
            .for_each(|l| unset(&mut l.by));
    }
    if retro != tx.s.retro {
        tx.set_retro(retro);
    }
    let mut approach = tx.s.approach.clone();
    unset(&mut approach.facilitator);
    unset(&mut approach.note_keeper);
    if approach != tx.s.approach {
        tx.set_approach(approach);
    }
    tx.set_participants(clean);
    tx.log(now, EventKind::ParticipantsSet);
    Ok("set the participants".into())
}

pub(crate) fn rename(
    tx: &mut Tx<'_>,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let from = clean_line(from);
    let to = clean_line(to);
    let Some(pos) = tx.s.participants.iter().position(|p| *p == from) else {
        return Err(format!("{from} is not a participant"));
    };
    if to.is_empty() {
        return Err("A participant needs a name".into());
    }
    if to != from && tx.s.participants.contains(&to) {
        return Err(format!("{to} is already a participant"));
    }
    let swap = |name: &mut Option<String>| {
        if name.as_deref() == Some(from.as_str()) {
            *name = Some(to.clone());
        }
    };
    tx.update_where(
        |_: &Threat| true,
        |t| {
            swap(&mut t.raised_by);
            if let Some(Decision::Accept { by, .. }) = &mut t.decision
                && *by == from
            {
                by.clone_from(&to);
            }
        },
    );
    tx.update_where(|_: &Parked| true, |p| swap(&mut p.raised_by));
    // An owner may be anyone; one who is this participant follows the name.
    tx.update_where(
        |m: &Mitigation| m.owner == from,
        |m| m.owner.clone_from(&to),
    );
    let mut retro = tx.s.retro.clone();
    for list in RetroList::ALL {
        retro
            .list_mut(list)
            .iter_mut()
            .for_each(|l| swap(&mut l.by));
    }
    if retro != tx.s.retro {
        tx.set_retro(retro);
    }
    let mut approach = tx.s.approach.clone();
    swap(&mut approach.facilitator);
    swap(&mut approach.note_keeper);
    if approach != tx.s.approach {
        tx.set_approach(approach);
    }
    let mut names = tx.s.participants.clone();
    names[pos] = to.clone();
    tx.set_participants(names);
    let what = format!("rename {from} to {to}");
    tx.log(now, EventKind::ParticipantRenamed { from, to });
    Ok(what)
}

pub(crate) fn agree(tx: &mut Tx<'_>, now: DateTime<Utc>) -> Result<String, String> {
    if tx.s.model.is_empty() {
        return Err("There is no model to agree on yet".into());
    }
    tx.set_agreed(Some(now));
    tx.log(now, EventKind::ModelAgreed);
    Ok("agree on the model".into())
}
