//! Hints on demand in a practice session: the next nudge for the card the
//! learner is on. Pure: what was shown comes from the session's timeline
//! (`HintShown` events), so hints go on where they stopped after a resume.
//!
//! Which hint comes next, for the element and category of the card on the
//! table:
//!
//! 1. the first reference threat on that element and category, not found
//!    yet, whose hints are not all shown;
//! 2. else the same on that element, any category (the learner may be
//!    looking at the right element under another heading [2.1.11b]);
//! 3. without a card: the first such threat of that category anywhere, or
//!    of any category when there is no category either.
//!
//! Threats on other elements are never hinted from a card: a hint points
//! at what is on the table. A reference threat's hints come one at a time,
//! in order. When nothing is left, the reason says why (found all, no
//! hints left, nothing expected here).

use crate::session::Session;

use super::debrief::{Places, hints_shown, pairs};
use super::scenario::{ReferenceThreat, Scenario};

/// A hint to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint<'a> {
    pub threat: &'a ReferenceThreat,
    pub text: &'a str,
    /// Which of the threat's hints, from 1, and how many it has.
    pub nth: usize,
    pub of: usize,
}

/// The next hint for `element` and `category` (the card on the table), or
/// why there is none.
pub fn next<'a>(
    session: &Session,
    scenario: &'a Scenario,
    element: Option<u32>,
    category: Option<&str>,
) -> Result<Hint<'a>, String> {
    let places = Places::of(session, scenario);
    let found: Vec<usize> = pairs(session, scenario, &places)
        .into_iter()
        .map(|p| p.1)
        .collect();
    let shown = hints_shown(session);
    let shown_for = |t: &ReferenceThreat| shown.iter().filter(|h| **h == t.id).count();
    let open = |i: usize, t: &ReferenceThreat| !found.contains(&i) && shown_for(t) < t.hints.len();
    let on = |t: &ReferenceThreat| element.is_some() && places.id(&t.element) == element;
    let of_category = |t: &ReferenceThreat| category.is_none_or(|c| t.category == c);
    let threats = || scenario.threats.iter().enumerate();
    let pick = match element {
        Some(_) => threats()
            .find(|(i, t)| on(t) && of_category(t) && open(*i, t))
            .or_else(|| threats().find(|(i, t)| on(t) && open(*i, t))),
        None => threats().find(|(i, t)| of_category(t) && open(*i, t)),
    };
    if let Some((_, threat)) = pick {
        let nth = shown_for(threat);
        return Ok(Hint {
            threat,
            text: threat.hints.get(nth).map_or("", String::as_str),
            nth: nth + 1,
            of: threat.hints.len(),
        });
    }
    // Why not.
    let here: Vec<(usize, &ReferenceThreat)> = match element {
        Some(_) => threats().filter(|(_, t)| on(t)).collect(),
        None => threats().filter(|(_, t)| of_category(t)).collect(),
    };
    let name = element
        .and_then(|id| session.element(id))
        .map(|e| crate::text::clean(&e.name));
    let place = match (&name, category) {
        (Some(n), _) => n.clone(),
        (None, Some(c)) => c.to_owned(),
        (None, None) => "this scenario".to_owned(),
    };
    Err(if here.is_empty() {
        format!("No hint: the reviewer expected no threat on {place}; try another card")
    } else if here.iter().all(|(i, _)| found.contains(i)) {
        format!("No hint needed: you found every threat the reviewer expected on {place}")
    } else {
        format!("No hints left for {place}: every one has been shown")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::practice::debrief::tests::{capture, element, scenario, session};
    use crate::session::EventKind;

    /// Shows `hint` as the app does: a `HintShown` event.
    fn show(s: &mut Session, hint: &Hint, element: Option<u32>, clock: &FixedClock) {
        s.timeline.push(crate::session::Event {
            at: clock.now(),
            kind: EventKind::HintShown {
                hint: hint.threat.id.clone(),
                element,
                category: None,
            },
        });
    }

    #[test]
    fn hints_come_one_at_a_time_for_the_card_then_the_element() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        let db = Some(element(&s, "Database"));
        let h = next(&s, &sc, db, Some("information-disclosure")).expect("a hint");
        assert_eq!(
            (h.threat.id.as_str(), h.text, h.nth, h.of),
            ("backup-leak", "backup-leak first hint", 1, 2)
        );
        show(&mut s, &h, db, &clock);
        let h = next(&s, &sc, db, Some("information-disclosure")).expect("a hint");
        assert_eq!((h.threat.id.as_str(), h.nth), ("backup-leak", 2));
        show(&mut s, &h, db, &clock);
        // The card's hints are used up: the element's other threat.
        let h = next(&s, &sc, db, Some("information-disclosure")).expect("a hint");
        assert_eq!((h.threat.id.as_str(), h.nth), ("sql-injection", 1));
    }

    #[test]
    fn a_found_threat_is_not_hinted_and_the_reason_says_why() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        let api = Some(element(&s, "API"));
        let user = Some(element(&s, "User"));
        assert_eq!(
            next(&s, &sc, user, Some("spoofing")),
            Err("No hint: the reviewer expected no threat on User; try another card".into())
        );
        let h = next(&s, &sc, api, Some("spoofing")).expect("a hint");
        assert_eq!(h.threat.id, "forged-token");
        show(&mut s, &h, api, &clock);
        assert_eq!(
            next(&s, &sc, api, Some("spoofing")),
            Err("No hints left for API: every one has been shown".into())
        );
        capture(&mut s, &sc.threats[0].title, Some("spoofing"), api, &clock);
        assert_eq!(
            next(&s, &sc, api, Some("spoofing")),
            Err("No hint needed: you found every threat the reviewer expected on API".into())
        );
    }

    #[test]
    fn a_threat_found_before_any_hint_is_passed_over() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        let db = Some(element(&s, "Database"));
        capture(&mut s, &sc.threats[1].title, Some("tampering"), db, &clock);
        let h = next(&s, &sc, db, Some("tampering")).expect("a hint");
        assert_eq!(h.threat.id, "backup-leak");
    }

    #[test]
    fn without_a_card_the_category_or_anything_left() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let s = session(&sc, &clock);
        let h = next(&s, &sc, None, Some("denial-of-service")).expect("a hint");
        assert_eq!(h.threat.id, "request-flood");
        let h = next(&s, &sc, None, None).expect("a hint");
        assert_eq!(h.threat.id, "forged-token");
    }
}
