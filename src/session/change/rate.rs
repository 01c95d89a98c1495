//! Changes of phase 3's judgement: the scheme, ratings and residual
//! ratings [3.1], decisions, key-threat ranks [2.1.7] and reviews.

use chrono::{DateTime, Utc};

use super::threats::threat_pos;
use super::{clean_line, participant};
use crate::session::undo::Tx;
use crate::session::{
    Action, Decision, EventKind, Rating, Review, Scheme, SchemeRef, Session, Threat,
};

/// The fields of a rating a person chooses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingDraft {
    /// A likelihood level id of the scheme.
    pub likelihood: String,
    /// An impact level id of the scheme.
    pub impact: String,
    /// `None` takes the scheme's suggestion.
    pub action: Option<Action>,
    /// Why the action differs from the suggestion (one line); required
    /// then, dropped otherwise [3.1.8].
    pub reason: String,
}

impl RatingDraft {
    /// Two levels, taking the suggestion.
    pub fn new(likelihood: &str, impact: &str) -> Self {
        Self {
            likelihood: likelihood.to_owned(),
            impact: impact.to_owned(),
            ..Self::default()
        }
    }

    /// Two levels and the team's own action, for `reason`.
    pub fn overridden(likelihood: &str, impact: &str, action: Action, reason: &str) -> Self {
        Self {
            action: Some(action),
            reason: reason.to_owned(),
            ..Self::new(likelihood, impact)
        }
    }

    /// The draft a re-rating starts from.
    pub fn of(r: &Rating) -> Self {
        Self {
            likelihood: r.likelihood.clone(),
            impact: r.impact.clone(),
            action: Some(r.action),
            reason: r.override_reason.clone(),
        }
    }
}

pub(crate) fn set_scheme(
    tx: &mut Tx<'_>,
    r: SchemeRef,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let id = clean_line(&r.id);
    if id.is_empty() {
        return Err("A rating scheme needs an id".into());
    }
    if r.version == 0 {
        return Err("Scheme versions start at 1".into());
    }
    let scheme = SchemeRef {
        id,
        version: r.version,
    };
    let what = format!("choose the rating scheme {scheme}");
    tx.set_scheme(scheme.clone());
    tx.log(now, EventKind::SchemeChosen { scheme });
    Ok(what)
}

/// Which of a threat's ratings a change sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Rating,
    Residual,
}

pub(crate) fn rate(
    tx: &mut Tx<'_>,
    id: u32,
    scheme: &Scheme,
    draft: RatingDraft,
    which: Which,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = threat_pos(tx.s, id)?;
    if which == Which::Residual && tx.s.threats[pos].rating.is_none() {
        return Err(format!("Rate T{id} before its residual risk"));
    }
    let rating = new_rating(tx.s, id, scheme, draft, now)?;
    let (suggested, action) = (rating.suggested, rating.action);
    match which {
        Which::Rating => {
            tx.update(pos, |t: &mut Threat| t.rating = Some(Box::new(rating)));
            tx.log(now, EventKind::RatingSet { threat: id, action });
            if action != suggested {
                let kind = EventKind::RatingOverridden {
                    threat: id,
                    suggested,
                    action,
                };
                tx.log(now, kind);
            }
            Ok(format!("rate T{id} {action}"))
        }
        Which::Residual => {
            tx.update(pos, |t: &mut Threat| t.residual = Some(Box::new(rating)));
            tx.log(now, EventKind::ResidualSet { threat: id, action });
            Ok(format!("rate the residual risk of T{id} {action}"))
        }
    }
}

/// A rating with `scheme`, which must be the session's, its levels and
/// suggestion from the scheme.
fn new_rating(
    s: &Session,
    id: u32,
    scheme: &Scheme,
    draft: RatingDraft,
    now: DateTime<Utc>,
) -> Result<Rating, String> {
    if scheme.reference() != s.scheme {
        return Err(format!(
            "This session rates with {}, not {}",
            s.scheme,
            scheme.reference()
        ));
    }
    let likelihood = clean_line(&draft.likelihood);
    let impact = clean_line(&draft.impact);
    let l = scheme
        .likelihood_index(&likelihood)
        .ok_or_else(|| format!("{} has no likelihood \"{likelihood}\"", scheme.reference()))?;
    let i = scheme
        .impact_index(&impact)
        .ok_or_else(|| format!("{} has no impact \"{impact}\"", scheme.reference()))?;
    let suggested = scheme
        .suggest(l, i)
        .ok_or_else(|| format!("{} suggests nothing here", scheme.reference()))?;
    let action = draft.action.unwrap_or(suggested);
    let reason = clean_line(&draft.reason);
    if action != suggested && reason.is_empty() {
        return Err(format!(
            "Say why T{id} is {action} when the scheme suggests {suggested}"
        ));
    }
    Ok(Rating {
        scheme: scheme.reference(),
        likelihood,
        impact,
        suggested,
        action,
        override_reason: if action == suggested {
            String::new()
        } else {
            reason
        },
        at: now,
    })
}

pub(crate) fn decide(
    tx: &mut Tx<'_>,
    id: u32,
    decision: Option<Decision>,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = threat_pos(tx.s, id)?;
    let decision = decision.map(|d| clean_decision(tx.s, id, d)).transpose()?;
    let kind = decision.as_ref().map(Decision::kind);
    tx.update(pos, |t: &mut Threat| t.decision = decision);
    tx.log(
        now,
        EventKind::Decided {
            threat: id,
            decision: kind,
        },
    );
    Ok(match kind {
        Some(k) => format!("decide T{id}: {}", k.label()),
        None => format!("take back the decision on T{id}"),
    })
}

/// A decision with its words cleaned and checked: reasons are required,
/// and whoever accepts a risk is a participant.
fn clean_decision(s: &Session, id: u32, d: Decision) -> Result<Decision, String> {
    let required = |text: &str, what: &str| {
        let text = clean_line(text);
        if text.is_empty() {
            Err(format!("{what} (T{id})"))
        } else {
            Ok(text)
        }
    };
    Ok(match d {
        Decision::Mitigate => Decision::Mitigate,
        Decision::Accept { reason, by } => {
            let reason = required(&reason, "Say why the risk is accepted")?;
            let by = participant(s, Some(&by))?
                .ok_or_else(|| format!("Say which participant accepts the risk (T{id})"))?;
            Decision::Accept { reason, by }
        }
        Decision::Transfer { to } => Decision::Transfer {
            to: required(&to, "Say who takes the risk over")?,
        },
        Decision::Avoid { how } => Decision::Avoid {
            how: required(&how, "Say how the design changes to avoid it")?,
        },
        Decision::NotAThreat { reason } => Decision::NotAThreat {
            reason: required(&reason, "Say why it is not a threat")?,
        },
    })
}

pub(crate) fn set_key(
    tx: &mut Tx<'_>,
    id: u32,
    rank: Option<u32>,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = threat_pos(tx.s, id)?;
    if rank == Some(0) {
        return Err("Key-threat ranks start at 1".into());
    }
    // Out of the ranking first (the others close up), then back in at the
    // rank asked for, at most one past the last (the others make room).
    if let Some(old) = tx.s.threats[pos].key {
        tx.update(pos, |t: &mut Threat| t.key = None);
        shift_keys(tx, |k| k > old, |k| k - 1);
    }
    let rank = rank.map(|r| {
        let keyed = tx.s.threats.iter().filter(|t| t.key.is_some()).count();
        r.min(u32::try_from(keyed).unwrap_or(u32::MAX).saturating_add(1))
    });
    if let Some(r) = rank {
        shift_keys(tx, |k| k >= r, |k| k + 1);
        tx.update(pos, |t: &mut Threat| t.key = Some(r));
    }
    tx.log(now, EventKind::KeySet { threat: id, rank });
    Ok(match rank {
        Some(r) => format!("make T{id} key threat {r}"),
        None => format!("take T{id} out of the key threats"),
    })
}

/// Moves every key rank that `hit` picks with `to`.
pub(crate) fn shift_keys(tx: &mut Tx<'_>, hit: impl Fn(u32) -> bool, to: impl Fn(u32) -> u32) {
    tx.update_where(
        |t: &Threat| t.key.is_some_and(&hit),
        |t| t.key = t.key.map(&to),
    );
}

pub(crate) fn review(
    tx: &mut Tx<'_>,
    id: u32,
    ok: bool,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let pos = threat_pos(tx.s, id)?;
    let note = clean_line(note);
    if !ok && note.is_empty() {
        return Err(format!("Say what T{id} still needs"));
    }
    tx.update(pos, |t: &mut Threat| t.review = Some(Review { ok, note }));
    tx.log(now, EventKind::Reviewed { threat: id, ok });
    Ok(if ok {
        format!("mark T{id} reviewed")
    } else {
        format!("mark T{id} as needing work")
    })
}
