//! Changes to mitigations [3.2] and their links to threats.

use chrono::{DateTime, NaiveDate, Utc};

use super::threats::threat_pos;
use super::{NO_IDS, clean_line, clean_lines};
use crate::session::check::YEARS;
use crate::session::undo::Tx;
use crate::session::{Effort, EventKind, Mitigation, MitigationStatus, Reduces, Session};

/// The fields of a mitigation a person edits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MitigationDraft {
    pub title: String,
    pub description: String,
    pub essential: bool,
    pub reduces: Reduces,
    pub criteria: String,
    pub effort: Effort,
    /// A participant or any other name; blank for nobody yet.
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub status: MitigationStatus,
    /// The threats it tames; each must exist (repeats are dropped).
    pub threats: Vec<u32>,
}

impl MitigationDraft {
    /// A planned mitigation called `title` for `threats`.
    pub fn new(title: &str, threats: &[u32]) -> Self {
        Self {
            title: title.to_owned(),
            threats: threats.to_vec(),
            ..Self::default()
        }
    }

    /// The draft an edit form starts from.
    pub fn of(m: &Mitigation) -> Self {
        Self {
            title: m.title.clone(),
            description: m.description.clone(),
            essential: m.essential,
            reduces: m.reduces,
            criteria: m.criteria.clone(),
            effort: m.effort,
            owner: m.owner.clone(),
            due: m.due,
            status: m.status.clone(),
            threats: m.threats.clone(),
        }
    }
}

pub(crate) fn add(
    tx: &mut Tx<'_>,
    draft: MitigationDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let id = tx.s.fresh_mitigation_id().ok_or(NO_IDS)?;
    let m = mitigation(tx.s, id, draft)?;
    tx.add(m);
    tx.log(now, EventKind::MitigationAdded { id });
    Ok(format!("add mitigation M{id}"))
}

pub(crate) fn edit(
    tx: &mut Tx<'_>,
    id: u32,
    draft: MitigationDraft,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = pos(tx.s, id)?;
    let m = mitigation(tx.s, id, draft)?;
    tx.update(pos, |old: &mut Mitigation| *old = m);
    tx.log(now, EventKind::MitigationEdited { id });
    Ok(format!("edit mitigation M{id}"))
}

pub(crate) fn delete_change(
    tx: &mut Tx<'_>,
    id: u32,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = pos(tx.s, id)?;
    tx.remove::<Mitigation>(pos);
    tx.log(now, EventKind::MitigationDeleted { id });
    Ok(format!("delete mitigation M{id}"))
}

pub(crate) fn link(
    tx: &mut Tx<'_>,
    id: u32,
    threat: u32,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = pos(tx.s, id)?;
    threat_pos(tx.s, threat)?;
    if tx.s.mitigations[pos].tames(threat) {
        return Err(format!("M{id} is already linked to T{threat}"));
    }
    tx.update(pos, |m: &mut Mitigation| m.threats.push(threat));
    tx.log(
        now,
        EventKind::MitigationLinked {
            mitigation: id,
            threat,
        },
    );
    Ok(format!("link M{id} to T{threat}"))
}

pub(crate) fn unlink(
    tx: &mut Tx<'_>,
    id: u32,
    threat: u32,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = pos(tx.s, id)?;
    if !tx.s.mitigations[pos].tames(threat) {
        return Err(format!("M{id} is not linked to T{threat}"));
    }
    tx.update(pos, |m: &mut Mitigation| m.threats.retain(|t| *t != threat));
    tx.log(
        now,
        EventKind::MitigationUnlinked {
            mitigation: id,
            threat,
        },
    );
    Ok(format!("unlink M{id} from T{threat}"))
}

fn pos(s: &Session, id: u32) -> Result<usize, String> {
    s.mitigations
        .iter()
        .position(|m| m.id == id)
        .ok_or_else(|| format!("There is no mitigation M{id}"))
}

/// Mitigation `id` from `d`, cleaned and checked.
fn mitigation(s: &Session, id: u32, d: MitigationDraft) -> Result<Mitigation, String> {
    use chrono::Datelike;
    let title = clean_line(&d.title);
    if title.is_empty() {
        return Err("A mitigation needs a title".into());
    }
    let status = match d.status {
        MitigationStatus::WontDo { reason } => {
            let reason = clean_line(&reason);
            if reason.is_empty() {
                return Err(format!("Say why M{id} will not be done"));
            }
            MitigationStatus::WontDo { reason }
        }
        other => other,
    };
    if let Some(due) = d.due
        && !YEARS.contains(&due.year())
    {
        return Err(format!(
            "A due date falls in the years {} to {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    let mut threats: Vec<u32> = Vec::new();
    for t in d.threats {
        threat_pos(s, t)?;
        if !threats.contains(&t) {
            threats.push(t);
        }
    }
    Ok(Mitigation {
        id,
        title,
        description: clean_lines(&d.description),
        essential: d.essential,
        reduces: d.reduces,
        criteria: clean_line(&d.criteria),
        effort: d.effort,
        owner: clean_line(&d.owner),
        due: d.due,
        status,
        threats,
    })
}
