//! A session as it stood at an earlier moment, rebuilt from the final
//! record and its timeline: what `tamer replay` shows. Pure.
//!
//! Replayed from the timeline: the timeline itself (cut at `t`); which
//! threats, elements, data flows, boundaries, mitigations, parked items,
//! excursions and marked cards existed; when each threat was first rated,
//! rated again, decided (or the decision taken back) and reviewed; the
//! key-threat ranks; parked items made threats or dropped; the model
//! agreed; the session finished; and every step clock (box, spent time,
//! running or on a break), the current step and the time bank. At the
//! last event the result is the record itself (less a kept draft).
//!
//! Approximate, because the record keeps only the end of it: text
//! (titles, descriptions, reasons, a rating's levels) shows as it is at
//! the end, from the moment the item existed; items deleted later are not
//! shown at all, and a decision taken back later not even before; a data
//! flow whose ends were changed to elements added later is left out until
//! they exist; a mitigation's links are those of the end, to the threats
//! that exist at `t`; the approach, participants, scheme and decks are
//! those of the end; retro lines are the first ones of each list, as many
//! as were added by `t`. Items that came with the session (an import, no
//! event of their own) are there from the start.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{EventKind, Session};

/// What kind of thing an event did to which item, for the look-ups below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Tag {
    Element,
    Boundary,
    Mitigation,
    Rated,
    Residual,
    Decided,
    Reviewed,
    /// A parked item became a threat or was dropped.
    ParkedDone,
}

fn tag_of(kind: &EventKind) -> Option<(Tag, u32)> {
    Some(match kind {
        EventKind::ElementAdded { id } => (Tag::Element, *id),
        EventKind::BoundaryAdded { id } => (Tag::Boundary, *id),
        EventKind::MitigationAdded { id } => (Tag::Mitigation, *id),
        EventKind::RatingSet { threat, .. } => (Tag::Rated, *threat),
        EventKind::ResidualSet { threat, .. } => (Tag::Residual, *threat),
        EventKind::Decided { threat, .. } => (Tag::Decided, *threat),
        EventKind::Reviewed { threat, .. } => (Tag::Reviewed, *threat),
        EventKind::ParkedToThreat { id, .. } | EventKind::ParkedDropped { id } => {
            (Tag::ParkedDone, *id)
        }
        _ => return None,
    })
}

/// The session as it stood at `t` (clamped to its start).
pub fn at(session: &Session, t: DateTime<Utc>) -> Session {
    let t = t.max(session.created);
    let events: Vec<_> = session.timeline.iter().filter(|e| e.at <= t).collect();
    // One pass over the timeline: what was ever logged, what by `t`, and
    // whether each threat's last decision by `t` stood.
    let mut ever = HashSet::new();
    let mut by_t = HashSet::new();
    let mut decided = HashMap::new();
    for e in &session.timeline {
        if let Some(tag) = tag_of(&e.kind) {
            ever.insert(tag);
            if e.at <= t {
                by_t.insert(tag);
            }
        }
        if let EventKind::Decided { threat, decision } = &e.kind
            && e.at <= t
        {
            decided.insert(*threat, decision.is_some());
        }
    }
    // Items with no event of their own came with the session.
    let added = |tag: Tag, id: u32| !ever.contains(&(tag, id)) || by_t.contains(&(tag, id));

    let mut s = session.clone();
    s.timeline = events.iter().map(|e| (*e).clone()).collect();
    s.draft = None;

    s.model.retain(|el| added(Tag::Element, el.id));
    s.boundaries.retain(|b| added(Tag::Boundary, b.id));
    // A flow whose ends came later (it was edited since) is left out.
    let ends: HashSet<u32> = s
        .model
        .iter()
        .filter(|e| e.flow.is_none())
        .map(|e| e.id)
        .collect();
    s.model.retain(|e| {
        e.flow
            .as_ref()
            .is_none_or(|f| ends.contains(&f.from) && ends.contains(&f.to))
    });
    let model_ids: HashSet<u32> = s.model.iter().map(|e| e.id).collect();
    let boundary_ids: HashSet<u32> = s.boundaries.iter().map(|b| b.id).collect();
    for el in &mut s.model {
        if el.boundary.is_some_and(|b| !boundary_ids.contains(&b)) {
            el.boundary = None;
        }
    }
    s.model_agreed = s.model_agreed.filter(|a| *a <= t);

    // Threats, with what had been done to each by `t`.
    s.threats.retain(|th| th.at <= t);
    for th in &mut s.threats {
        let id = th.id;
        if th.element.is_some_and(|e| !model_ids.contains(&e)) {
            th.element = None;
        }
        // A rating made again later shows in its final form from the
        // first time it was made.
        let rated = by_t.contains(&(Tag::Rated, id));
        th.rating = th.rating.take().filter(|r| r.at <= t || rated);
        let residual = by_t.contains(&(Tag::Residual, id));
        th.residual = th.residual.take().filter(|r| r.at <= t || residual);
        // Without any event for it (an import), what the threat came with.
        if decided.get(&id) != Some(&true) && ever.contains(&(Tag::Decided, id)) {
            th.decision = None;
        }
        if !by_t.contains(&(Tag::Reviewed, id)) && ever.contains(&(Tag::Reviewed, id)) {
            th.review = None;
        }
    }
    keys(session, &mut s, &events);
    let threat_ids: HashSet<u32> = s.threats.iter().map(|th| th.id).collect();

    s.mitigations.retain(|m| added(Tag::Mitigation, m.id));
    for m in &mut s.mitigations {
        m.threats.retain(|id| threat_ids.contains(id));
    }

    s.parking.retain(|p| p.at <= t);
    for p in &mut s.parking {
        if !by_t.contains(&(Tag::ParkedDone, p.id)) {
            p.outcome = None;
        }
    }

    s.excursions.retain(|x| x.started <= t);
    for x in &mut s.excursions {
        if x.ended.is_some_and(|e| e > t) {
            x.ended = None;
            x.outcome.clear();
            x.threat = None;
            x.parked = None;
        }
    }

    s.dealt.retain(|d| d.at <= t);

    for (list, lines) in [
        (super::RetroList::WentWell, &mut s.retro.went_well),
        (super::RetroList::Change, &mut s.retro.change),
        (super::RetroList::Lessons, &mut s.retro.lessons),
    ] {
        let n = events.iter().fold(0usize, |n, e| match &e.kind {
            EventKind::RetroAdded { list: l } if *l == list => n + 1,
            EventKind::RetroDeleted { list: l } if *l == list => n.saturating_sub(1),
            _ => n,
        });
        let logged = session
            .timeline
            .iter()
            .any(|e| matches!(&e.kind, EventKind::RetroAdded { list: l } if *l == list));
        if logged {
            lines.truncate(n);
        }
    }

    clocks(session, &mut s, t);
    s
}

/// The key-threat ranks at the end of `events`, replayed: a threat set to
/// a rank takes it (the others make room), one taken out leaves a gap the
/// others close. Without any rank set in the timeline (an import), the
/// ranks of the end, closed up.
fn keys(session: &Session, s: &mut Session, events: &[&super::Event]) {
    let mut order: Vec<u32> = Vec::new();
    let replayed = session
        .timeline
        .iter()
        .any(|e| matches!(e.kind, EventKind::KeySet { .. }));
    if replayed {
        for e in events {
            match &e.kind {
                EventKind::KeySet { threat, rank } => {
                    order.retain(|id| id != threat);
                    if let Some(r) = rank {
                        let at = usize::try_from(r.saturating_sub(1)).unwrap_or(usize::MAX);
                        order.insert(at.min(order.len()), *threat);
                    }
                }
                EventKind::ThreatDeleted { id } => order.retain(|x| x != id),
                _ => {}
            }
        }
    } else {
        let mut keyed: Vec<(u32, u32)> = s
            .threats
            .iter()
            .filter_map(|th| th.key.map(|k| (k, th.id)))
            .collect();
        keyed.sort_unstable();
        order = keyed.into_iter().map(|(_, id)| id).collect();
    }
    order.retain(|id| s.threats.iter().any(|th| th.id == *id));
    for th in &mut s.threats {
        th.key = order
            .iter()
            .position(|id| *id == th.id)
            .and_then(|i| u32::try_from(i + 1).ok());
    }
}

/// Replays the step clocks, the current step, the bank and the end up to
/// `t`. The boxes a session started with are not in the record; they are
/// worked out backwards from the final boxes and every change to them
/// (extensions, the bank given, time banked).
fn clocks(session: &Session, s: &mut Session, t: DateTime<Utc>) {
    let index = |id: &str, fallback: usize| {
        session
            .steps
            .iter()
            .position(|st| st.id == id)
            .unwrap_or(fallback)
    };
    // Changes to each box over the whole session, to find the first boxes.
    let n = session.steps.len();
    let mut change = vec![0i64; n];
    let (mut current, mut left) = (0usize, 0usize);
    let mut box_changes = Vec::new();
    for e in &session.timeline {
        let delta = match &e.kind {
            EventKind::StepChanged { from, to, .. } => {
                left = index(from, current);
                current = index(to, current);
                None
            }
            EventKind::Extended { minutes, .. } => Some((current, i64::from(*minutes) * 60)),
            EventKind::BankGiven { secs } => Some((current, *secs)),
            EventKind::Banked { secs } => Some((left, -*secs)),
            _ => None,
        };
        if let Some((i, d)) = delta.filter(|(i, _)| *i < n) {
            change[i] += d;
            box_changes.push((e.at, i, d));
        }
    }
    for (i, st) in s.steps.iter_mut().enumerate() {
        let first = session.steps[i].clock.budget_secs - change[i];
        st.clock = super::StepClock::new(first);
    }
    for (at, i, d) in box_changes {
        if at <= t {
            s.steps[i].clock.budget_secs += d;
        }
    }

    // Now the clocks themselves.
    s.current = 0;
    s.finished = None;
    s.bank_secs = 0;
    let mut started = false;
    for e in session.timeline.iter().take_while(|e| e.at <= t) {
        let at = e.at;
        let cur = s.current.min(n.saturating_sub(1));
        match &e.kind {
            EventKind::Started { .. } => {
                started = true;
                if let Some(st) = s.steps.get_mut(cur) {
                    st.clock.start(at);
                }
            }
            EventKind::Paused { .. } => {
                if let Some(st) = s.steps.get_mut(cur) {
                    st.clock.stop(at);
                }
            }
            EventKind::Resumed { .. } => {
                if let Some(st) = s.steps.get_mut(cur) {
                    st.clock.start(at);
                }
            }
            EventKind::StepChanged { to, .. } => {
                let running = s.steps.get(cur).is_some_and(|st| st.clock.is_running());
                if let Some(st) = s.steps.get_mut(cur) {
                    st.clock.stop(at);
                }
                s.current = index(to, cur);
                if running && let Some(st) = s.steps.get_mut(s.current) {
                    st.clock.start(at);
                }
            }
            EventKind::Banked { secs } => s.bank_secs += secs,
            EventKind::BankGiven { secs } => s.bank_secs -= secs,
            EventKind::AwayDiscounted { secs } => {
                if let Some(st) = s.steps.get_mut(cur) {
                    st.clock.stop(at - chrono::Duration::seconds(*secs));
                    st.clock.start(at);
                }
            }
            EventKind::Finished => {
                if let Some(st) = s.steps.get_mut(cur) {
                    st.clock.stop(at);
                }
                s.finished = Some(at);
            }
            EventKind::Unfinished => {
                s.finished = None;
                if let Some(st) = s.steps.get_mut(cur) {
                    st.clock.start(at);
                }
            }
            _ => {}
        }
    }
    // A record without a start event (made by an import, say) runs its
    // first step from its creation.
    if !started
        && !session
            .timeline
            .iter()
            .any(|e| matches!(e.kind, EventKind::Started { .. }))
        && let Some(st) = s.steps.get_mut(0)
        && s.current == 0
        && st.clock.spent_secs == 0
    {
        st.clock.start(session.created);
    }
}

/// When the session's story ends: its last event (or its start).
pub fn end(session: &Session) -> DateTime<Utc> {
    session
        .timeline
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap_or(session.created)
        .max(session.created)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::deck::ElementKind;
    use crate::session::{Change, PhaseScript, RatingDraft};

    /// A short session: a model, a break, threats, the bank, a rating and
    /// a decision in phase 3, and the end.
    fn scripted(clock: &FixedClock) -> (Session, Vec<DateTime<Utc>>) {
        let script = PhaseScript::builtin();
        let mut s = Session::new("Checkout", 60, vec!["Ada".into()], &script, clock.now());
        let mut marks = vec![clock.now()];
        clock.advance_secs(60);
        s.next(clock.now()); // early: banked
        clock.advance_secs(30);
        s.extend(clock.now()); // from the bank
        clock.advance_secs(30);
        s.toggle_pause(clock.now());
        clock.advance_secs(600);
        s.toggle_pause(clock.now());
        while s.phase() < 1 {
            clock.advance_secs(20);
            s.next(clock.now());
        }
        clock.advance_secs(40);
        s.add_element(ElementKind::Process, "API", false, clock.now());
        marks.push(clock.now()); // 1: the model has the API, no threats yet
        while s.phase() < 2 {
            clock.advance_secs(20);
            s.next(clock.now());
        }
        clock.advance_secs(50);
        s.capture_threat("Forged token", clock.now());
        clock.advance_secs(50);
        s.capture_threat("Replay of a payment", clock.now());
        marks.push(clock.now()); // 2: two threats, unrated
        clock.advance_secs(5 * 60 * 60); // overtime
        while s.phase() < 3 {
            clock.advance_secs(20);
            s.next(clock.now());
        }
        clock.advance_secs(60);
        let scheme = s.scheme.clone();
        let schemes = crate::session::rating::builtin_schemes();
        let scheme = schemes
            .iter()
            .find(|x| x.id == scheme.id)
            .expect("the default scheme");
        let levels = (scheme.likelihood[0].id.clone(), scheme.impact[0].id.clone());
        let _ = s.apply(
            Change::rate(
                1,
                scheme,
                RatingDraft {
                    likelihood: levels.0,
                    impact: levels.1,
                    action: None,
                    reason: String::new(),
                },
            ),
            clock.now(),
        );
        clock.advance_secs(60);
        let _ = s.apply(
            Change::Decide {
                threat: 1,
                decision: Some(crate::session::Decision::Mitigate),
            },
            clock.now(),
        );
        marks.push(clock.now()); // 3: T1 rated and decided
        while s.finished.is_none() {
            clock.advance_secs(30);
            s.next(clock.now());
        }
        marks.push(clock.now()); // 4: the end
        (s, marks)
    }

    #[test]
    fn at_the_end_it_is_the_final_session() {
        let clock = FixedClock::workshop_morning();
        let (s, marks) = scripted(&clock);
        assert_eq!(
            at(&s, marks[4]),
            Session {
                draft: None,
                ..s.clone()
            }
        );
        assert_eq!(end(&s), marks[4]);
    }

    #[test]
    fn at_the_start_only_the_first_step_runs() {
        let clock = FixedClock::workshop_morning();
        let (s, marks) = scripted(&clock);
        let first = Session::new(
            "Checkout",
            60,
            vec!["Ada".into()],
            &PhaseScript::builtin(),
            marks[0],
        );
        let then = at(&s, marks[0]);
        assert_eq!(then.steps, first.steps);
        assert_eq!((then.current, then.bank_secs), (0, 0));
        assert!(then.threats.is_empty() && then.model.is_empty());
        assert_eq!(then.timeline.len(), 1);
        // Before the start is the start.
        assert_eq!(at(&s, marks[0] - chrono::Duration::hours(1)), then);
    }

    #[test]
    fn mid_way_shows_what_existed_then() {
        let clock = FixedClock::workshop_morning();
        let (s, marks) = scripted(&clock);
        let model = at(&s, marks[1]);
        assert_eq!(model.phase(), 1);
        assert_eq!(model.model.len(), 1);
        assert!(model.threats.is_empty());
        assert!(model.finished.is_none());
        // The first step was left after 60 s: its rest banked, 5 min given.
        assert_eq!(model.steps[0].clock.spent_secs, 60);
        assert_eq!(
            model.steps[1].clock.spent_secs,
            30 + 30 + 20,
            "the break not counted"
        );

        let found = at(&s, marks[2]);
        assert_eq!(found.phase(), 2);
        let titles: Vec<_> = found.threats.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Forged token", "Replay of a payment"]);
        assert!(found.threats.iter().all(|t| t.rating.is_none()));
        // Half a minute later, the clock has run half a minute more.
        let later = at(&s, marks[2] + chrono::Duration::seconds(30));
        assert_eq!(
            found.remaining(marks[2]) - 30,
            later.remaining(marks[2] + chrono::Duration::seconds(30))
        );

        let rated = at(&s, marks[3]);
        assert_eq!(rated.phase(), 3);
        assert!(rated.threats[0].rating.is_some());
        assert_eq!(
            rated.threats[0].decision,
            Some(crate::session::Decision::Mitigate)
        );
        let before = at(&s, marks[3] - chrono::Duration::seconds(1));
        assert!(before.threats[0].rating.is_some());
        assert_eq!(before.threats[0].decision, None);
        assert_eq!(crate::session::check::check(&rated), []);
        assert_eq!(crate::session::check::check(&model), []);
    }

    #[test]
    fn a_break_is_replayed() {
        let clock = FixedClock::workshop_morning();
        let (s, _) = scripted(&clock);
        let paused = s
            .timeline
            .iter()
            .find(|e| matches!(e.kind, EventKind::Paused { .. }))
            .expect("a break")
            .at;
        let during = at(&s, paused + chrono::Duration::seconds(100));
        assert!(during.is_paused());
        let after = at(&s, paused + chrono::Duration::seconds(700));
        assert!(!after.is_paused());
    }

    #[test]
    fn key_ranks_are_replayed_with_the_others_making_room() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("S", 60, vec![], &PhaseScript::builtin(), clock.now());
        for title in ["One", "Two", "Three"] {
            clock.advance_secs(10);
            s.capture_threat(title, clock.now());
        }
        let key = |s: &mut Session, threat, rank| {
            clock.advance_secs(10);
            s.apply(Change::SetKey { threat, rank }, clock.now())
                .expect("ranked");
            clock.now()
        };
        let first = key(&mut s, 1, Some(1));
        let second = key(&mut s, 2, Some(1));
        let out = key(&mut s, 1, None);
        let ranks = |s: &Session| s.threats.iter().map(|t| t.key).collect::<Vec<_>>();
        assert_eq!(ranks(&at(&s, first)), [Some(1), None, None]);
        assert_eq!(ranks(&at(&s, second)), [Some(2), Some(1), None]);
        assert_eq!(ranks(&at(&s, out)), [None, Some(1), None]);
        assert_eq!(ranks(&at(&s, out)), ranks(&s));
    }
}
