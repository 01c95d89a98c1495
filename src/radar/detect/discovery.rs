//! Detectors: threat discovery (phase 2) [2.1].
//!
//! Most of these only speak while the step `discover` (or, for a long
//! discussion, `rate`) is on screen; the walk of the deck being dealt is
//! read once per detector with [`deal`], which says what
//! `walk::Progress::of` would with one sort of the marks instead of a pass
//! over them for every cell.

use std::collections::HashMap;

use super::words::{count, quoted, threat_pos};
use crate::deck::{Deck, ElementKind, Library};
use crate::radar::{Ctx, Flag, Severity};
use crate::session::Element;
use crate::session::{Decision, EventKind, Mark, Session, Threat};

const DISCOVER: &str = "discover";
const RATE: &str = "rate";
/// How many items an evidence line spells out before "and n more".
const NAMED: usize = 4;

/// Whether the step `id` is on screen (and the session not finished).
fn on_step(s: &Session, id: &str) -> bool {
    s.finished.is_none() && s.step().is_some_and(|st| st.id == id)
}

/// Whole minutes in `secs`, rounded down, in words.
fn minutes(secs: i64) -> String {
    let m = secs.max(0) / 60;
    format!("{m} minute{}", if m == 1 { "" } else { "s" })
}

/// Threat `id`, found without building anything.
fn threat_by_id(s: &Session, id: u32) -> Option<&Threat> {
    threat_pos(&s.threats, id).map(|i| &s.threats[i])
}

/// `P2 Checkout`, or `element 7` when it is gone from the model.
fn element_label(s: &Session, id: u32) -> String {
    s.element_label(id)
        .unwrap_or_else(|| format!("element {id}"))
}

/// A cell of a deal, borrowed: (element, card deck, card).
type Key<'a> = (Option<u32>, &'a str, &'a str);

/// Every cell of dealing `deck` over `model`, in order: what `walk::cells`
/// lists, without copying every id (a scan runs about once a second).
fn cells<'a>(deck: &'a Deck, library: &'a Library, model: &[Element]) -> Vec<Key<'a>> {
    let Some(id) = &deck.per_element else {
        return deck
            .dealing_order()
            .into_iter()
            .map(|card| (None, deck.id.as_str(), card.id.as_str()))
            .collect();
    };
    let Some(category_deck) = library.get(id) else {
        return Vec::new();
    };
    let order = category_deck.dealing_order();
    // The categories of each kind of element, with and without logs.
    let mut applies: [Option<Vec<&str>>; 8] = Default::default();
    let mut out = Vec::new();
    for element in model {
        let kind = ElementKind::ALL
            .iter()
            .position(|k| *k == element.kind)
            .unwrap_or(0);
        let applies = applies[kind * 2 + usize::from(element.holds_logs)]
            .get_or_insert_with(|| deck.categories_for(element.kind, element.holds_logs));
        for card in &order {
            let matches = applies
                .iter()
                .any(|c| *c == card.id || card.categories.iter().any(|cc| cc == c));
            if matches {
                out.push((
                    Some(element.id),
                    category_deck.id.as_str(),
                    card.id.as_str(),
                ));
            }
        }
    }
    out
}

/// Where the deal of the deck being dealt stands.
struct Deal<'a> {
    deck: &'a Deck,
    /// Cells of the whole deal.
    cells: usize,
    /// Cells marked done.
    done: usize,
    /// The cell on the table: the first not looked at, then the skipped
    /// ones again; `None` at the deal's end.
    current: Option<Key<'a>>,
}

/// The deck being dealt and where its deal stands; `None` when no deck is
/// dealt or the library lacks it. Says what `walk::Progress::of` says, but
/// sorts the marks once instead of reading them all for every cell.
fn deal<'a>(ctx: &Ctx<'a>) -> Option<Deal<'a>> {
    let s = ctx.session;
    let deck = ctx.library.get(s.dealing.as_deref()?)?;
    let cells = cells(deck, ctx.library, &s.model);
    // The cells marked done or skipped, sorted for a binary search per
    // cell; a mark with a threat neither finishes nor skips a cell.
    let mut marks: Vec<(Key, Mark)> = s
        .dealt
        .iter()
        .filter(|d| d.mark == Mark::Nothing || d.mark == Mark::Skip)
        .filter(|d| d.deck == deck.id)
        .map(|d| ((d.element, d.card_deck.as_str(), d.card.as_str()), d.mark))
        .collect();
    marks.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // (done, skipped) per cell. `walk::state` also clears `skipped` on a
    // done cell; the choice of the current cell below does not need that.
    let states: Vec<(bool, bool)> = cells
        .iter()
        .map(|key| {
            let from = marks.partition_point(|m| m.0 < *key);
            let (mut done, mut skipped) = (false, false);
            for (_, m) in marks[from..].iter().take_while(|m| m.0 == *key) {
                done |= *m == Mark::Nothing;
                skipped |= *m == Mark::Skip;
            }
            (done, skipped)
        })
        .collect();
    let current = states
        .iter()
        .position(|st| *st == (false, false))
        .or_else(|| states.iter().position(|st| !st.0));
    Some(Deal {
        deck,
        cells: cells.len(),
        done: states.iter().filter(|st| st.0).count(),
        current: current.map(|i| cells[i]),
    })
}

/// [2.1.4] `discover` is on screen past its box, and no threat is rated
/// and no mitigation written yet.
pub fn stuck_in_discovery(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !on_step(s, DISCOVER) {
        return None;
    }
    let over = s.step()?.clock.remaining(ctx.now).saturating_neg();
    if over <= 0 || !s.mitigations.is_empty() || s.threats.iter().any(|t| t.rating.is_some()) {
        return None;
    }
    // Round up: a box overrun by 20 seconds is "1 minute" past, not 0.
    let over_minutes = minutes(over.saturating_add(59));
    Some(Flag {
        id: "2.1.4",
        subject: String::new(),
        severity: Severity::Warn,
        evidence: format!(
            "Discovery is {over_minutes} past its box with {} captured, none rated or mitigated yet.",
            count(s.threats.len(), "threat", "threats"),
        ),
        suggestion: "Stop finding for now: rate and mitigate what you have, then come back for more.",
    })
}

/// [2.1.5] In `discover`: no deck dealt, or nothing to walk (no defined
/// end); or, once `pace_after_minutes` of the step are spent, the cells
/// left cannot be walked in the box's time left at the pace so far (cells
/// marked done per minute of the step).
pub fn never_ending_discovery(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !on_step(s, DISCOVER) {
        return None;
    }
    let flag = |evidence: String| {
        Some(Flag {
            id: "2.1.5",
            subject: String::new(),
            severity: Severity::Warn,
            evidence,
            suggestion: "Deal a deck with an end (d: STRIDE per element) and move on when a card runs dry; park the rest.",
        })
    };
    let Some(deal) = deal(ctx) else {
        return flag(match &s.dealing {
            None => "No deck is being dealt, so discovery has no defined end.".into(),
            Some(id) => format!("The deck {id} is not available, so discovery has no defined end."),
        });
    };
    if deal.cells == 0 {
        return flag(format!(
            "{} has nothing to walk: the model has no element it applies to.",
            deal.deck.title
        ));
    }
    let clock = &s.step()?.clock;
    let spent = clock.spent(ctx.now);
    if spent < i64::from(ctx.thresholds.pace_after_minutes) * 60 {
        return None;
    }
    let (done, total) = (deal.done, deal.cells);
    let left = total - done;
    let remaining = clock.remaining(ctx.now).max(0);
    if done == 0 {
        return flag(format!(
            "0 of {total} cards walked in {}, with {} left.",
            minutes(spent),
            minutes(remaining),
        ));
    }
    // Seconds the cells left need at the pace so far.
    let need = left as i128 * i128::from(spent) / done as i128;
    if need <= i128::from(remaining) {
        return None;
    }
    let need_minutes = i64::try_from(need).unwrap_or(i64::MAX).saturating_add(59);
    flag(format!(
        "{done} of {total} cards walked in {}; the {left} left need about {}, the box has {} left.",
        minutes(spent),
        minutes(need_minutes),
        minutes(remaining),
    ))
}

/// A decision that dismisses its threat: "not a threat", or accepted with
/// no mitigation linked.
fn dismissed(s: &Session, t: &Threat) -> Option<&'static str> {
    match t.decision {
        Some(Decision::NotAThreat { .. }) => Some("not a threat"),
        Some(Decision::Accept { .. }) if !s.mitigations.iter().any(|m| m.tames(t.id)) => {
            Some("accepted with no mitigation")
        }
        _ => None,
    }
}

/// [2.1.6] The last `irrelevant_streak` decisions (the newest `Decided`
/// event of each threat that is still decided that way) all dismissed
/// their threats. The subject is those threats' tags.
pub fn irrelevant_threats(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let want = ctx.thresholds.irrelevant_streak as usize;
    if want == 0 {
        return None;
    }
    // Newest first; stops at the first decision that is not a dismissal.
    let mut streak: Vec<(u32, &'static str)> = Vec::with_capacity(want);
    for e in s.timeline.iter().rev() {
        let EventKind::Decided {
            threat,
            decision: Some(kind),
        } = &e.kind
        else {
            continue;
        };
        if streak.iter().any(|(id, _)| id == threat) {
            continue; // an older decision of a threat already counted
        }
        let Some(t) = threat_by_id(s, *threat) else {
            continue; // deleted since
        };
        if t.decision.as_ref().map(Decision::kind) != Some(*kind) {
            continue; // decided otherwise, or taken back, since
        }
        streak.push((t.id, dismissed(s, t)?));
        if streak.len() == want {
            break;
        }
    }
    if streak.len() < want {
        return None;
    }
    streak.reverse();
    let subject = streak
        .iter()
        .map(|(id, _)| format!("T{id}"))
        .collect::<Vec<_>>()
        .join(" ");
    let list = streak
        .iter()
        .map(|(id, how)| format!("T{id} {how}"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Flag {
        id: "2.1.6",
        subject,
        severity: Severity::Info,
        evidence: format!("The last {want} decisions all dismissed the threat: {list}."),
        suggestion: "Turn to what would hurt most, or what anyone could easily do, and look for threats there.",
    })
}

/// [2.1.7] More than `big_picture_threats` threats with fewer than
/// `big_picture_rated_percent` of them rated (a threat decided "not a
/// threat" needs no rating and counts as rated); or phase 3 reached (or
/// the session finished) with threats and none of them key.
pub fn loss_of_big_picture(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let n = s.threats.len();
    if n == 0 {
        return None;
    }
    let th = ctx.thresholds;
    let mut evidence = String::new();
    if n > th.big_picture_threats as usize {
        let rated = s
            .threats
            .iter()
            .filter(|t| {
                t.rating.is_some() || matches!(t.decision, Some(Decision::NotAThreat { .. }))
            })
            .count();
        if rated * 100 < th.big_picture_rated_percent as usize * n {
            evidence = format!(
                "{n} threats captured and only {rated} ({}%) rated.",
                rated * 100 / n
            );
        }
    }
    if (s.finished.is_some() || s.phase() >= 3) && s.threats.iter().all(|t| t.key.is_none()) {
        if !evidence.is_empty() {
            evidence.push(' ');
        }
        evidence.push_str(&format!(
            "Phase 3 reached with {} and none marked key.",
            count(n, "threat", "threats")
        ));
    }
    if evidence.is_empty() {
        return None;
    }
    Some(Flag {
        id: "2.1.7",
        subject: String::new(),
        severity: Severity::Info,
        evidence,
        suggestion: "Pick the few threats that would hurt most, mark them key (K) and rate those first.",
    })
}

/// [2.1.8] In `discover`, either
/// - of the last `focus_window` threats captured in `discover` since the
///   walk reached the element of the card on the table (since the last
///   card marked on another element), `focus_off` or more are on other
///   elements (threats on no element do not count as off); the subject is
///   the card's element tag; or
/// - of the last `focus_window` items raised (threats captured and items
///   parked, newest first by time), `focus_off` or more were parked, and
///   more parked than captured; the subject is `parking lot`.
pub fn lack_of_focus(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !on_step(s, DISCOVER) {
        return None;
    }
    let th = ctx.thresholds;
    let (window, off_min) = (th.focus_window as usize, th.focus_off as usize);
    if off_min == 0 || window == 0 {
        return None;
    }
    let flag = |subject: String, evidence: String| {
        Some(Flag {
            id: "2.1.8",
            subject,
            severity: Severity::Info,
            evidence,
            suggestion: "Bring the room back to the card on the table; park side topics (p) to come back to.",
        })
    };
    let card_element = deal(ctx)
        .and_then(|d| d.current)
        .and_then(|(element, _, _)| element);
    if let Some(el) = card_element {
        let dealing = s.dealing.as_deref().unwrap_or_default();
        let since = s
            .dealt
            .iter()
            .rev()
            .find(|d| d.deck == dealing && d.element != Some(el))
            .map(|d| d.at);
        let mut seen = 0;
        let mut off: Vec<u32> = Vec::new();
        for t in s
            .threats
            .iter()
            .rev()
            .take_while(|t| t.step == DISCOVER && since.is_none_or(|since| t.at > since))
            .take(window)
        {
            seen += 1;
            let on_some =
                t.element.is_some() || t.card.as_ref().is_some_and(|c| c.element.is_some());
            if on_some && !t.is_on(el) {
                off.push(t.id);
            }
        }
        if off.len() >= off_min {
            off.reverse();
            let tags: Vec<String> = off.iter().map(|id| format!("T{id}")).collect();
            let card = s
                .element(el)
                .map_or_else(|| format!("element {el}"), |e| e.tag());
            return flag(
                card,
                format!(
                    "{} of the last {seen} threats ({}) were about other elements than {}, the card's.",
                    off.len(),
                    tags.join(", "),
                    element_label(s, el),
                ),
            );
        }
    }
    // The last `window` items raised, newest first.
    let (mut threats, mut parked) = (
        s.threats.iter().rev().peekable(),
        s.parking.iter().rev().peekable(),
    );
    let (mut captured, mut put_aside) = (0usize, 0usize);
    for _ in 0..window {
        match (threats.peek(), parked.peek()) {
            (Some(t), Some(p)) if t.at >= p.at => {
                threats.next();
                captured += 1;
            }
            (_, Some(_)) => {
                parked.next();
                put_aside += 1;
            }
            (Some(_), None) => {
                threats.next();
                captured += 1;
            }
            (None, None) => break,
        }
    }
    if put_aside >= off_min && put_aside > captured {
        return flag(
            "parking lot".into(),
            format!(
                "{put_aside} of the last {} items raised went to the parking lot, {captured} became threats.",
                put_aside + captured
            ),
        );
    }
    None
}

/// Whether an event means the session moved on (something decided or
/// noted, the step or the break changed), as opposed to editing or the
/// radar talking.
fn moves_on(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Started { .. }
            | EventKind::Reopened
            | EventKind::Resumed { .. }
            | EventKind::AwayDiscounted { .. }
            | EventKind::StepChanged { .. }
            | EventKind::Finished
            | EventKind::Unfinished
            | EventKind::Dealing { .. }
            | EventKind::CardMarked { .. }
            | EventKind::ThreatCaptured { .. }
            | EventKind::Parked { .. }
            | EventKind::ParkedToThreat { .. }
            | EventKind::ParkedDropped { .. }
            | EventKind::ExcursionStarted { .. }
            | EventKind::ExcursionEnded { .. }
            | EventKind::RatingSet { .. }
            | EventKind::ResidualSet { .. }
            | EventKind::Decided { .. }
            | EventKind::KeySet { .. }
            | EventKind::MitigationAdded { .. }
            | EventKind::MitigationLinked { .. }
    )
}

/// [2.1.9] The running excursion is older than `excursion_minutes`
/// (subject `excursion n`); or, in `discover` or `rate` with the clock
/// running and no excursion, nothing moved on (see [`moves_on`]: a card
/// marked, a threat captured, parked, rated or decided, a step change, a
/// resume…) for more than `discussion_minutes`.
pub fn long_excursion(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let th = ctx.thresholds;
    let flag = |subject: String, evidence: String| {
        Some(Flag {
            id: "2.1.9",
            subject,
            severity: Severity::Warn,
            evidence,
            suggestion: "Write down what you know as a threat, assume it can be done, and move on; investigate later.",
        })
    };
    if let Some(x) = s.running_excursion() {
        let secs = x.secs(ctx.now);
        if secs <= i64::from(th.excursion_minutes) * 60 {
            return None;
        }
        let topic = if x.topic.is_empty() {
            String::new()
        } else {
            format!(" on {}", quoted(&x.topic))
        };
        return flag(
            format!("excursion {}", x.id),
            format!(
                "Excursion {}{topic} has run {} (more than {}).",
                x.id,
                minutes(secs),
                count(th.excursion_minutes as usize, "minute", "minutes"),
            ),
        );
    }
    let step = s.step()?;
    if s.finished.is_some() || !step.clock.is_running() || (step.id != DISCOVER && step.id != RATE)
    {
        return None;
    }
    let last = s.timeline.iter().rev().find(|e| moves_on(&e.kind))?.at;
    let quiet = (ctx.now - last).num_seconds();
    if quiet <= i64::from(th.discussion_minutes) * 60 {
        return None;
    }
    let card = if step.id == DISCOVER {
        deal(ctx)
            .and_then(|d| d.current)
            .map(|(element, card_deck, card)| {
                let title = ctx
                    .library
                    .card(card_deck, card)
                    .map_or(card, |c| c.title.as_str());
                match element {
                    Some(e) => format!(
                        " The card on the table: {title} on {}.",
                        element_label(s, e)
                    ),
                    None => format!(" The card on the table: {title}."),
                }
            })
    } else {
        None
    };
    flag(
        String::new(),
        format!(
            "One card or threat discussed for {}: nothing marked, captured, rated or decided.{}",
            minutes(quiet),
            card.unwrap_or_default(),
        ),
    )
}

/// What became of a threat, for a rewind's evidence.
fn decided_as(s: &Session, t: &Threat) -> String {
    match &t.decision {
        None => "not decided yet".into(),
        // Reasons are one line, and the point of the flag: given whole.
        Some(Decision::Accept { reason, by }) => format!("accepted by {by}: '{reason}'"),
        Some(Decision::NotAThreat { reason }) => format!("ruled not a threat: '{reason}'"),
        Some(Decision::Transfer { to }) => format!("transferred to {to}"),
        Some(Decision::Avoid { how }) => format!("avoided: '{how}'"),
        Some(Decision::Mitigate) => {
            let tags: Vec<String> = s
                .mitigations
                .iter()
                .filter(|m| m.tames(t.id))
                .take(NAMED)
                .map(|m| m.tag())
                .collect();
            if tags.is_empty() {
                "to be mitigated".into()
            } else {
                format!("to be mitigated with {}", tags.join(", "))
            }
        }
    }
}

/// [2.1.10] The newest threat says what an earlier one says (the rewind
/// matcher). Warn when the earlier one is decided (the room is going over
/// a settled question), else Info. The subject is the newest's tag; the
/// flag stands while it is the newest.
pub fn rewind(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let newest = s.threats.last()?;
    let earlier = ctx.statements.earlier_match(s, newest.id)?;
    let earlier = threat_by_id(s, earlier)?;
    Some(Flag {
        id: "2.1.10",
        subject: format!("T{}", newest.id),
        severity: if earlier.decision.is_some() {
            Severity::Warn
        } else {
            Severity::Info
        },
        evidence: format!(
            "T{} {} repeats T{} {}, {}.",
            newest.id,
            quoted(&newest.title),
            earlier.id,
            quoted(&earlier.title),
            decided_as(s, earlier),
        ),
        suggestion: "Point the room to the earlier threat and its decision; merge or delete the repeat.",
    })
}

/// [2.1.11b] Threats whose category was replaced or removed
/// (`CategoryChanged` from some category) `recategorised` times or more;
/// giving a threat its first category does not count. The subject is
/// their tags.
pub fn categorization_quibbles(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    let min = ctx.thresholds.recategorised.max(1);
    let mut changes: HashMap<u32, u32> = HashMap::new();
    for e in &s.timeline {
        if let EventKind::CategoryChanged {
            threat,
            from: Some(_),
            ..
        } = &e.kind
        {
            *changes.entry(*threat).or_default() += 1;
        }
    }
    let mut quibbled: Vec<(u32, u32)> = changes
        .into_iter()
        .filter(|&(id, n)| n >= min && threat_by_id(s, id).is_some())
        .collect();
    if quibbled.is_empty() {
        return None;
    }
    quibbled.sort_unstable();
    let subject = quibbled
        .iter()
        .map(|(id, _)| format!("T{id}"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut evidence = quibbled
        .iter()
        .take(NAMED)
        .map(|&(id, n)| {
            let now = threat_by_id(s, id)
                .and_then(|t| t.category.as_deref())
                .unwrap_or("none");
            format!("T{id} changed category {n} times (now {now})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    if quibbled.len() > NAMED {
        evidence.push_str(&format!(" and {} more", quibbled.len() - NAMED));
    }
    evidence.push('.');
    Some(Flag {
        id: "2.1.11b",
        subject,
        severity: Severity::Info,
        evidence,
        suggestion: "Keep the category you have: it only guides the search, the threat is what counts.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::radar::detect::testkit::Kit;
    use crate::radar::matcher;
    use crate::session::walk::Progress;
    use crate::session::{Change, ExcursionTarget, MitigationDraft, ParkDraft, ThreatDraft};

    /// A kit in `discover` whose model is two processes (Checkout, then
    /// Orders DB): a STRIDE-per-element walk of 12 cards.
    fn walking() -> (Kit, u32, u32) {
        let mut kit = Kit::new();
        let checkout = kit.element("Checkout");
        let db = kit.element("Orders DB");
        kit.go_to("discover");
        (kit, checkout, db)
    }

    fn progress(kit: &Kit) -> Progress {
        let deck = kit
            .library
            .get(kit.session.dealing.as_deref().expect("dealing"))
            .expect("in the library");
        Progress::of(deck, &kit.library, &kit.session.model, &kit.session.dealt)
    }

    /// Marks the card on the table.
    fn mark(kit: &mut Kit, mark: Mark) {
        let p = progress(kit);
        let cell = p.cells[p.current.expect("a card on the table")].clone();
        kit.apply(Change::MarkCard { cell, mark });
    }

    fn on(kit: &mut Kit, title: &str, element: u32) -> u32 {
        kit.threat_with(ThreatDraft {
            title: title.into(),
            element: Some(element),
            ..ThreatDraft::default()
        })
    }

    fn accept(kit: &mut Kit, threat: u32) {
        kit.decide(
            threat,
            Decision::Accept {
                reason: "signed at the gateway".into(),
                by: "Ada".into(),
            },
        );
    }

    fn not_a_threat(kit: &mut Kit, threat: u32) {
        kit.decide(
            threat,
            Decision::NotAThreat {
                reason: "internal only".into(),
            },
        );
    }

    fn recategorise(kit: &mut Kit, threat: u32, category: &str) {
        let t = kit.session.threat(threat).expect("captured");
        let draft = ThreatDraft {
            category: Some(category.into()),
            ..ThreatDraft::of(t)
        };
        kit.apply(Change::EditThreat(threat, draft));
    }

    #[test]
    fn the_deal_agrees_with_the_walks_progress() {
        let (mut kit, _, _) = walking();
        let check = |kit: &Kit| {
            let index = matcher::Index::default();
            let ctx = Ctx {
                session: &kit.session,
                thresholds: &kit.thresholds,
                library: &kit.library,
                now: kit.clock.now(),
                statements: &index,
            };
            let d = deal(&ctx).expect("a deck is dealt");
            let p = progress(kit);
            let current = p
                .current
                .map(|i| &p.cells[i])
                .map(|c| (c.element, c.card_deck.as_str(), c.card.as_str()));
            assert_eq!(
                (d.cells, d.done, d.current),
                (p.cells.len(), p.done(), current)
            );
        };
        check(&kit);
        for m in [Mark::Nothing, Mark::Skip, Mark::Nothing, Mark::Skip] {
            mark(&mut kit, m);
            check(&kit);
        }
        for _ in 0..8 {
            mark(&mut kit, Mark::Nothing);
            check(&kit);
        }
        // Back to the skipped ones, then the end.
        mark(&mut kit, Mark::Nothing);
        check(&kit);
        mark(&mut kit, Mark::Nothing);
        check(&kit);
        assert!(progress(&kit).is_complete());

        // Every kind of element, logs or not, and a flow; marks with
        // threats in between.
        let now = kit.clock.now();
        let user = kit
            .session
            .add_element(ElementKind::ExternalEntity, "User", false, now);
        let db = kit
            .session
            .add_element(ElementKind::DataStore, "DB", false, now);
        let logs = kit
            .session
            .add_element(ElementKind::DataStore, "Logs", true, now);
        let (user, db) = (user.expect("added"), db.expect("added"));
        assert!(logs.is_some());
        kit.apply(Change::AddElement(crate::session::ElementDraft::flow(
            "query", user, db,
        )));
        check(&kit);
        while !progress(&kit).is_complete() {
            let p = progress(&kit);
            let cell = p.cells[p.current.expect("on the table")].clone();
            kit.apply(Change::CaptureFromCard {
                draft: ThreatDraft {
                    title: "Found".into(),
                    ..ThreatDraft::default()
                },
                cell,
            });
            check(&kit);
            mark(&mut kit, Mark::Skip);
            check(&kit);
            mark(&mut kit, Mark::Nothing);
            check(&kit);
        }

        // A plain deck, dealt card by card.
        kit.session.toggle_deck("stride", now);
        kit.session.next_deck(now);
        assert_eq!(kit.session.dealing.as_deref(), Some("stride"));
        check(&kit);
        mark(&mut kit, Mark::Skip);
        check(&kit);
        mark(&mut kit, Mark::Nothing);
        check(&kit);
    }

    // [2.1.4]

    #[test]
    fn stuck_fires_past_the_box_with_nothing_rated() {
        let (mut kit, _, _) = walking();
        kit.threat("Replay");
        kit.threat("Forged token");
        kit.minutes(27);
        let f = kit.flag("2.1.4").expect("fires");
        assert_eq!(
            f.evidence,
            "Discovery is 2 minutes past its box with 2 threats captured, none rated or mitigated yet."
        );
        assert_eq!(f.severity, Severity::Warn);
        kit.secs(20);
        assert!(
            kit.flag("2.1.4")
                .is_some_and(|f| f.evidence.starts_with("Discovery is 3 minutes past")),
            "a started minute counts"
        );
    }

    #[test]
    fn stuck_is_quiet_within_the_box() {
        let (kit, _, _) = walking();
        kit.minutes(25);
        assert_eq!(kit.flag("2.1.4"), None);
        kit.secs(1);
        assert!(kit.flag("2.1.4").is_some());
    }

    #[test]
    fn stuck_clears_once_something_is_rated() {
        let (mut kit, _, _) = walking();
        let t = kit.threat("Replay");
        kit.minutes(30);
        assert!(kit.flag("2.1.4").is_some());
        kit.rate(t, "high", "high");
        assert_eq!(kit.flag("2.1.4"), None);
    }

    #[test]
    fn stuck_clears_with_a_mitigation_or_more_time() {
        let (mut kit, _, _) = walking();
        let t = kit.threat("Replay");
        kit.minutes(26);
        assert!(kit.flag("2.1.4").is_some());
        kit.session.extend(kit.clock.now());
        assert_eq!(kit.flag("2.1.4"), None, "five more minutes in the box");
        kit.minutes(5);
        assert!(kit.flag("2.1.4").is_some());
        kit.mitigation(MitigationDraft::new("Nonces", &[t]));
        assert_eq!(kit.flag("2.1.4"), None);
    }

    // [2.1.5]

    #[test]
    fn never_ending_fires_without_a_deck() {
        let (mut kit, _, _) = walking();
        kit.session
            .toggle_deck("stride-per-element", kit.clock.now());
        assert_eq!(kit.session.dealing, None);
        assert_eq!(
            kit.flag("2.1.5").map(|f| f.evidence).as_deref(),
            Some("No deck is being dealt, so discovery has no defined end.")
        );
        kit.session
            .toggle_deck("stride-per-element", kit.clock.now());
        assert_eq!(kit.flag("2.1.5"), None, "clears when a deck is dealt");
    }

    #[test]
    fn never_ending_fires_when_the_walk_is_empty() {
        let mut kit = Kit::new();
        kit.go_to("discover");
        assert_eq!(
            kit.flag("2.1.5").map(|f| f.evidence).as_deref(),
            Some("STRIDE per element has nothing to walk: the model has no element it applies to.")
        );
        kit.element("Checkout");
        assert_eq!(kit.flag("2.1.5"), None);
    }

    #[test]
    fn never_ending_fires_when_the_pace_cannot_finish_the_walk() {
        let (mut kit, _, _) = walking();
        kit.minutes(3);
        mark(&mut kit, Mark::Nothing);
        mark(&mut kit, Mark::Nothing);
        kit.minutes(3);
        let f = kit.flag("2.1.5").expect("fires");
        assert_eq!(
            f.evidence,
            "2 of 12 cards walked in 6 minutes; the 10 left need about 30 minutes, \
             the box has 19 minutes left."
        );
    }

    #[test]
    fn never_ending_with_nothing_walked() {
        let (kit, _, _) = walking();
        kit.minutes(4);
        assert_eq!(kit.flag("2.1.5"), None, "too early to judge the pace");
        kit.minutes(2);
        assert_eq!(
            kit.flag("2.1.5").map(|f| f.evidence).as_deref(),
            Some("0 of 12 cards walked in 6 minutes, with 19 minutes left.")
        );
    }

    #[test]
    fn never_ending_is_quiet_when_the_pace_just_fits() {
        let (mut kit, _, _) = walking();
        // 6 of 12 in 12.5 minutes: the 6 left need 12.5 minutes, 12.5 are left.
        for _ in 0..6 {
            mark(&mut kit, Mark::Nothing);
        }
        kit.secs(750);
        assert_eq!(kit.flag("2.1.5"), None);
        kit.secs(1);
        assert!(kit.flag("2.1.5").is_some());
    }

    #[test]
    fn never_ending_clears_when_the_pace_picks_up_or_the_walk_ends() {
        let (mut kit, _, _) = walking();
        mark(&mut kit, Mark::Nothing);
        kit.minutes(6);
        assert!(kit.flag("2.1.5").is_some());
        for _ in 0..5 {
            mark(&mut kit, Mark::Nothing);
        }
        assert_eq!(kit.flag("2.1.5"), None, "6 in 6 minutes: 6 minutes for 6");
        kit.minutes(20);
        assert!(kit.flag("2.1.5").is_some(), "1 minute left for 6 cards");
        for _ in 0..6 {
            mark(&mut kit, Mark::Nothing);
        }
        assert!(progress(&kit).is_complete());
        assert_eq!(kit.flag("2.1.5"), None, "the walk reached its end");
    }

    // [2.1.6]

    #[test]
    fn irrelevant_fires_after_a_run_of_dismissals() {
        let (mut kit, _, _) = walking();
        let ts: Vec<u32> = ["A", "B", "C", "D"].iter().map(|t| kit.threat(t)).collect();
        kit.decide(ts[0], Decision::Mitigate);
        not_a_threat(&mut kit, ts[1]);
        accept(&mut kit, ts[2]);
        not_a_threat(&mut kit, ts[3]);
        let f = kit.flag("2.1.6").expect("fires");
        assert_eq!(
            f.evidence,
            "The last 3 decisions all dismissed the threat: \
             T2 not a threat, T3 accepted with no mitigation, T4 not a threat."
        );
        assert_eq!(f.subject, "T2 T3 T4");
    }

    #[test]
    fn irrelevant_is_quiet_one_short_of_the_streak() {
        let (mut kit, _, _) = walking();
        let ts: Vec<u32> = ["A", "B", "C"].iter().map(|t| kit.threat(t)).collect();
        kit.decide(ts[0], Decision::Mitigate);
        not_a_threat(&mut kit, ts[1]);
        accept(&mut kit, ts[2]);
        assert_eq!(kit.flag("2.1.6"), None);
        // A threat decided twice is one decision.
        not_a_threat(&mut kit, ts[1]);
        assert_eq!(kit.flag("2.1.6"), None);
    }

    #[test]
    fn irrelevant_counts_only_decisions_that_still_stand() {
        let (mut kit, _, _) = walking();
        let ts: Vec<u32> = ["A", "B", "C"].iter().map(|t| kit.threat(t)).collect();
        not_a_threat(&mut kit, ts[0]);
        not_a_threat(&mut kit, ts[1]);
        not_a_threat(&mut kit, ts[2]);
        assert!(kit.flag("2.1.6").is_some());
        kit.decide(ts[0], Decision::Mitigate);
        assert_eq!(kit.flag("2.1.6"), None, "T1 was decided again: mitigate");
    }

    #[test]
    fn irrelevant_skips_a_decision_that_was_undone() {
        let (mut kit, _, _) = walking();
        let ts: Vec<u32> = ["A", "B", "C", "D"].iter().map(|t| kit.threat(t)).collect();
        not_a_threat(&mut kit, ts[0]);
        kit.decide(ts[1], Decision::Mitigate);
        not_a_threat(&mut kit, ts[2]);
        not_a_threat(&mut kit, ts[3]);
        assert_eq!(kit.flag("2.1.6"), None, "T2 was to be mitigated");
        // T1 accepted, then undone: T1 is "not a threat" as decided before
        // T2, so the newest three decisions standing are T2, T3, T4.
        let now = kit.clock.now();
        let change = Change::Decide {
            threat: ts[0],
            decision: Some(Decision::Accept {
                reason: "cheap".into(),
                by: "Ada".into(),
            }),
        };
        let inverse = kit.session.apply(change, now).expect("applies");
        kit.session.undo(inverse, now);
        assert_eq!(kit.flag("2.1.6"), None);
    }

    #[test]
    fn irrelevant_clears_when_an_accepted_threat_gets_a_mitigation() {
        let (mut kit, _, _) = walking();
        let ts: Vec<u32> = ["A", "B", "C"].iter().map(|t| kit.threat(t)).collect();
        accept(&mut kit, ts[0]);
        not_a_threat(&mut kit, ts[1]);
        not_a_threat(&mut kit, ts[2]);
        assert!(kit.flag("2.1.6").is_some());
        kit.mitigation(MitigationDraft::new("Monitor it", &[ts[0]]));
        assert_eq!(kit.flag("2.1.6"), None);
    }

    // [2.1.7]

    #[test]
    fn big_picture_fires_with_many_threats_few_rated() {
        let (mut kit, _, _) = walking();
        kit.thresholds.big_picture_threats = 4;
        let ts: Vec<u32> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|t| kit.threat(t))
            .collect();
        kit.rate(ts[0], "low", "low");
        let f = kit.flag("2.1.7").expect("fires");
        assert_eq!(f.evidence, "5 threats captured and only 1 (20%) rated.");
    }

    #[test]
    fn big_picture_is_quiet_at_the_limits() {
        let (mut kit, _, _) = walking();
        kit.thresholds.big_picture_threats = 4;
        kit.thresholds.big_picture_rated_percent = 40;
        let ts: Vec<u32> = ["A", "B", "C", "D"].iter().map(|t| kit.threat(t)).collect();
        assert_eq!(kit.flag("2.1.7"), None, "4 threats are not more than 4");
        kit.threat("E");
        kit.rate(ts[0], "low", "low");
        not_a_threat(&mut kit, ts[1]);
        assert_eq!(kit.flag("2.1.7"), None, "2 of 5 is 40%, not fewer");
    }

    #[test]
    fn big_picture_clears_as_threats_get_rated() {
        let (mut kit, _, _) = walking();
        kit.thresholds.big_picture_threats = 4;
        let ts: Vec<u32> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|t| kit.threat(t))
            .collect();
        kit.rate(ts[0], "low", "low");
        assert!(kit.flag("2.1.7").is_some());
        kit.rate(ts[1], "high", "low");
        assert_eq!(kit.flag("2.1.7"), None, "2 of 5 is 40%");
    }

    #[test]
    fn big_picture_fires_in_phase_3_without_key_threats_until_one_is_marked() {
        let (mut kit, _, _) = walking();
        let t = kit.threat("Replay");
        kit.threat("Forged token");
        kit.go_to("key-threats");
        assert_eq!(kit.flag("2.1.7"), None, "still phase 2");
        kit.go_to("rate");
        assert_eq!(
            kit.flag("2.1.7").map(|f| f.evidence).as_deref(),
            Some("Phase 3 reached with 2 threats and none marked key.")
        );
        kit.apply(Change::SetKey {
            threat: t,
            rank: Some(1),
        });
        assert_eq!(kit.flag("2.1.7"), None);
    }

    // [2.1.8]

    #[test]
    fn focus_fires_when_threats_are_about_other_elements_than_the_card() {
        let (mut kit, checkout, db) = walking();
        kit.minutes(1);
        on(&mut kit, "On the card", checkout);
        kit.threat("On nothing in particular");
        for title in ["DB 1", "DB 2", "DB 3"] {
            on(&mut kit, title, db);
        }
        let f = kit.flag("2.1.8").expect("fires");
        assert_eq!(
            f.evidence,
            format!(
                "3 of the last 5 threats (T3, T4, T5) were about other elements than \
                 P{checkout} Checkout, the card's."
            )
        );
        assert_eq!(f.subject, format!("P{checkout}"));
    }

    #[test]
    fn focus_is_quiet_one_short() {
        let (mut kit, checkout, db) = walking();
        kit.minutes(1);
        for _ in 0..3 {
            on(&mut kit, "On the card", checkout);
        }
        on(&mut kit, "DB 1", db);
        on(&mut kit, "DB 2", db);
        assert_eq!(kit.flag("2.1.8"), None);
    }

    #[test]
    fn focus_clears_when_the_room_comes_back_to_the_card() {
        let (mut kit, checkout, db) = walking();
        kit.minutes(1);
        for title in ["DB 1", "DB 2", "DB 3"] {
            on(&mut kit, title, db);
        }
        assert!(kit.flag("2.1.8").is_some());
        on(&mut kit, "Back on the card", checkout);
        assert!(kit.flag("2.1.8").is_some(), "3 of the last 4");
        on(&mut kit, "Back on the card", checkout);
        on(&mut kit, "Back on the card", checkout);
        assert_eq!(kit.flag("2.1.8"), None, "2 of the last 5");
    }

    #[test]
    fn focus_forgets_threats_from_before_the_card_came_up() {
        let (mut kit, checkout, db) = walking();
        kit.minutes(1);
        for title in ["C 1", "C 2", "C 3"] {
            on(&mut kit, title, checkout);
        }
        // Walk on to the Orders DB: the threats just captured were on the
        // card of their time.
        for _ in 0..6 {
            mark(&mut kit, Mark::Nothing);
        }
        let p = progress(&kit);
        assert_eq!(p.cells[p.current.expect("on the table")].element, Some(db));
        kit.minutes(1);
        assert_eq!(kit.flag("2.1.8"), None);
    }

    #[test]
    fn focus_fires_when_the_parking_lot_outgrows_the_threats() {
        let (mut kit, _, _) = walking();
        for (i, text) in ["A", "B", "C", "D", "E"].iter().enumerate() {
            kit.minutes(1);
            if i % 2 == 0 {
                kit.apply(Change::Park(ParkDraft {
                    text: (*text).into(),
                    raised_by: None,
                }));
            } else {
                kit.threat(text);
            }
        }
        let f = kit.flag("2.1.8").expect("fires");
        assert_eq!(
            f.evidence,
            "3 of the last 5 items raised went to the parking lot, 2 became threats."
        );
        assert_eq!(f.subject, "parking lot");
        kit.minutes(1);
        kit.threat("F");
        assert_eq!(kit.flag("2.1.8"), None, "2 parked of the last 5: clears");
    }

    #[test]
    fn focus_is_quiet_with_fewer_parked_than_the_limit() {
        let (mut kit, _, _) = walking();
        for text in ["A", "B"] {
            kit.minutes(1);
            kit.apply(Change::Park(ParkDraft {
                text: text.into(),
                raised_by: None,
            }));
        }
        assert_eq!(kit.flag("2.1.8"), None);
    }

    // [2.1.9]

    #[test]
    fn excursion_fires_past_its_limit_and_clears_when_it_ends() {
        let (mut kit, _, _) = walking();
        kit.apply(Change::StartExcursion("Can the token be replayed?".into()));
        kit.minutes(5);
        assert_eq!(kit.flag("2.1.9"), None, "exactly the limit");
        kit.minutes(1);
        let f = kit.flag("2.1.9").expect("fires");
        assert_eq!(
            f.evidence,
            "Excursion 1 on 'Can the token be replayed?' has run 6 minutes (more than 5 minutes)."
        );
        assert_eq!(f.subject, "excursion 1");
        kit.apply(Change::EndExcursion {
            outcome: String::new(),
            target: ExcursionTarget::Nothing,
        });
        assert_eq!(kit.flag("2.1.9"), None);
    }

    #[test]
    fn a_long_quiet_discussion_fires_with_the_card_on_the_table() {
        let (mut kit, checkout, _) = walking();
        kit.minutes(1);
        let t = kit.threat("Replay");
        kit.minutes(8);
        assert_eq!(kit.flag("2.1.9"), None, "exactly the limit");
        // Editing and the radar's own events are not moving on.
        kit.apply(Change::EditThreat(
            t,
            ThreatDraft {
                title: "Replay of a payment".into(),
                ..ThreatDraft::default()
            },
        ));
        kit.secs(1);
        assert_eq!(
            kit.flag("2.1.9").map(|f| f.evidence),
            Some(format!(
                "One card or threat discussed for 8 minutes: nothing marked, captured, rated or decided. \
                 The card on the table: Tampering on P{checkout} Checkout."
            ))
        );
    }

    #[test]
    fn a_quiet_discussion_clears_when_the_room_moves_on() {
        let (mut kit, _, _) = walking();
        kit.minutes(10);
        assert!(kit.flag("2.1.9").is_some());
        mark(&mut kit, Mark::Nothing);
        assert_eq!(kit.flag("2.1.9"), None);
    }

    #[test]
    fn a_break_is_not_a_quiet_discussion() {
        let (mut kit, _, _) = walking();
        kit.session.toggle_pause(kit.clock.now());
        kit.minutes(20);
        assert_eq!(kit.flag("2.1.9"), None, "on a break");
        kit.session.toggle_pause(kit.clock.now());
        kit.minutes(8);
        assert_eq!(kit.flag("2.1.9"), None, "the resume moved on");
        kit.go_to("mitigate");
        kit.minutes(20);
        assert_eq!(kit.flag("2.1.9"), None, "only in discover and rate");
    }

    // [2.1.10]

    #[test]
    fn rewind_warns_about_a_decided_threat_coming_back() {
        let (mut kit, _, _) = walking();
        let first = kit.threat("Replay of a payment request");
        accept(&mut kit, first);
        kit.threat("Forged webhook");
        let again = kit.threat("Replay of a payment request");
        let f = kit.flag("2.1.10").expect("fires");
        assert_eq!(
            f.evidence,
            format!(
                "T{again} 'Replay of a payment request' repeats T{first} \
                 'Replay of a payment request', accepted by Ada: 'signed at the gateway'."
            )
        );
        assert_eq!(f.subject, format!("T{again}"));
        assert_eq!(f.severity, Severity::Warn);
    }

    #[test]
    fn rewind_of_an_undecided_threat_is_info() {
        let (mut kit, _, _) = walking();
        kit.threat("Replay of a payment request");
        kit.threat("Replay of a payment request");
        let f = kit.flag("2.1.10").expect("fires");
        assert_eq!(f.severity, Severity::Info);
        assert!(f.evidence.ends_with(", not decided yet."), "{}", f.evidence);
    }

    #[test]
    fn rewind_is_quiet_for_new_threats() {
        let (mut kit, _, _) = walking();
        kit.threat("Replay of a payment request");
        kit.threat("Forged webhook from the payment provider");
        assert_eq!(kit.flag("2.1.10"), None);
    }

    #[test]
    fn rewind_clears_when_another_threat_is_the_newest() {
        let (mut kit, _, _) = walking();
        kit.threat("Replay of a payment request");
        let again = kit.threat("Replay of a payment request");
        assert!(kit.flag("2.1.10").is_some());
        kit.threat("Forged webhook from the payment provider");
        assert_eq!(kit.flag("2.1.10"), None);
        kit.apply(Change::DeleteThreat(again));
        kit.apply(Change::DeleteThreat(
            kit.session.threats.last().expect("captured").id,
        ));
        assert_eq!(kit.flag("2.1.10"), None, "only the first is left");
    }

    // [2.1.11b]

    #[test]
    fn quibbles_fire_after_repeated_recategorisation() {
        let (mut kit, _, _) = walking();
        let t = kit.threat("Replay");
        recategorise(&mut kit, t, "spoofing");
        recategorise(&mut kit, t, "tampering");
        assert_eq!(kit.flag("2.1.11b"), None, "a first category is no quibble");
        recategorise(&mut kit, t, "spoofing");
        let f = kit.flag("2.1.11b").expect("fires");
        assert_eq!(
            f.evidence,
            format!("T{t} changed category 2 times (now spoofing).")
        );
        assert_eq!(f.subject, format!("T{t}"));
    }

    #[test]
    fn quibbles_clear_when_the_threat_goes() {
        let (mut kit, _, _) = walking();
        let t = kit.threat("Replay");
        let u = kit.threat("Forged token");
        for c in ["spoofing", "tampering", "spoofing"] {
            recategorise(&mut kit, t, c);
        }
        recategorise(&mut kit, u, "spoofing");
        recategorise(&mut kit, u, "tampering");
        assert_eq!(
            kit.flag("2.1.11b").map(|f| f.subject),
            Some(format!("T{t}"))
        );
        kit.apply(Change::DeleteThreat(t));
        assert_eq!(kit.flag("2.1.11b"), None);
    }
}
