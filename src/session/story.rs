//! Story-sized sessions, the domain part: a threat model goes stale as
//! the system changes [1.2.1], and "we will model it later" tends to mean
//! never [1.2.2]; so each change gets a short session of its own against
//! the record the team already has. [`Session::start_story`] appends the
//! story script's steps (`decks/story/phases.ron`, scaled to the story's
//! minutes) as `story<N>-<id>` and deals the `continuous` deck; whatever is
//! added lands in the same record. `tamer story` (the command, the store)
//! is in `crate::story`.
//!
//! Which story added what is not stored twice: it is read back from the
//! timeline ([`Stories::of`]). Items added between a `StoryStarted` event
//! and its `StoryEnded` belong to that story; a story whose last step is
//! reopened (from finished) takes what is added until it ends again.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::script::story_step;
use super::{EventKind, PhaseScript, Session, StepClock, StepState};

/// A story's length when none is given, in minutes.
pub const DEFAULT_MINUTES: u32 = 10;
/// The longest a story may be, in minutes: past that it is a session.
pub const MAX_MINUTES: u32 = 120;
/// The deck a story deals.
pub const DECK: &str = "continuous";

/// One story on a record, as the timeline tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// 1 for the first story on the record.
    pub number: usize,
    pub title: String,
    pub minutes: u32,
    pub started: DateTime<Utc>,
    /// What its steps' ids start with (`story2-`).
    pub steps: String,
    /// When its last step was closed (the last time, if it was reopened);
    /// `None` while it is still open.
    pub ended: Option<DateTime<Utc>>,
    /// What was added during it, in order (ids; some may have been
    /// deleted since).
    pub elements: Vec<u32>,
    pub boundaries: Vec<u32>,
    pub threats: Vec<u32>,
    pub mitigations: Vec<u32>,
    pub parked: Vec<u32>,
}

/// What an item is, for looking up which story added it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Item {
    Element,
    Boundary,
    Threat,
    Mitigation,
    Parked,
}

fn item_of(kind: &EventKind) -> Option<(Item, u32)> {
    Some(match kind {
        EventKind::ElementAdded { id } => (Item::Element, *id),
        EventKind::BoundaryAdded { id } => (Item::Boundary, *id),
        EventKind::ThreatCaptured { id } => (Item::Threat, *id),
        EventKind::MitigationAdded { id } => (Item::Mitigation, *id),
        EventKind::Parked { id } => (Item::Parked, *id),
        _ => return None,
    })
}

/// Every story on a record, with what each added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stories {
    pub all: Vec<Story>,
    added_by: HashMap<(Item, u32), usize>,
}

impl Stories {
    /// Read from `session`'s timeline in one pass.
    pub fn of(session: &Session) -> Self {
        let mut out = Self::default();
        let mut open: Option<usize> = None;
        // The story that ended last, which going back from finished
        // reopens.
        let mut reopenable: Option<usize> = None;
        // A story has just started: its first step is not known yet.
        let mut fresh = false;
        for e in &session.timeline {
            match &e.kind {
                EventKind::StoryStarted { title, minutes } => {
                    out.all.push(Story {
                        number: out.all.len() + 1,
                        title: title.clone(),
                        minutes: *minutes,
                        started: e.at,
                        steps: format!("story{}-", out.all.len() + 1),
                        ended: None,
                        elements: Vec::new(),
                        boundaries: Vec::new(),
                        threats: Vec::new(),
                        mitigations: Vec::new(),
                        parked: Vec::new(),
                    });
                    open = Some(out.all.len() - 1);
                    reopenable = None;
                    fresh = true;
                }
                // The move to the story's first step names its steps (the
                // number is not always the story's: a team's own script
                // may use `story<N>-` ids).
                EventKind::StepChanged { to, .. } if fresh => {
                    fresh = false;
                    if let (Some(i), Some(step)) = (open, story_step(to))
                        && let Some(prefix) = to.strip_suffix(step)
                    {
                        out.all[i].steps = prefix.to_owned();
                    }
                }
                EventKind::StoryEnded { .. } => {
                    if let Some(i) = open.take() {
                        out.all[i].ended = Some(e.at);
                        reopenable = Some(i);
                    }
                }
                EventKind::Unfinished => {
                    if let Some(i) = reopenable.take() {
                        out.all[i].ended = None;
                        open = Some(i);
                    }
                }
                kind => {
                    if let (Some(i), Some((item, id))) = (open, item_of(kind)) {
                        let story = &mut out.all[i];
                        match item {
                            Item::Element => story.elements.push(id),
                            Item::Boundary => story.boundaries.push(id),
                            Item::Threat => story.threats.push(id),
                            Item::Mitigation => story.mitigations.push(id),
                            Item::Parked => story.parked.push(id),
                        }
                        out.added_by.insert((item, id), i);
                    }
                }
            }
        }
        out
    }

    /// The title of the story that added the item this event adds
    /// (`ElementAdded`, `BoundaryAdded`, `ThreatCaptured`,
    /// `MitigationAdded`, `Parked`); `None` for the baseline's items and
    /// other events.
    pub fn added(&self, kind: &EventKind) -> Option<&str> {
        let key = item_of(kind)?;
        let i = *self.added_by.get(&key)?;
        self.all.get(i).map(|s| s.title.as_str())
    }

    /// The story still open (started, its last step not closed), if any.
    pub fn open(&self) -> Option<&Story> {
        self.all.last().filter(|s| s.ended.is_none())
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

/// Where the story whose step is current stands, for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryNow {
    pub number: usize,
    pub title: String,
    /// The current step among the story's steps, from 1.
    pub step: usize,
    pub steps: usize,
    /// Its start plus its minutes plus the minutes `+` added to its steps.
    pub planned: DateTime<Utc>,
    pub started: DateTime<Utc>,
    /// The minutes it was started with.
    pub minutes: u32,
    /// The index in `Session::steps` of its first step.
    pub first: usize,
}

/// Whether `minutes` suit a story: `Err` says what would.
pub fn check_minutes(minutes: u32) -> std::result::Result<(), String> {
    let script = PhaseScript::story();
    script.check_budget(minutes)?;
    if minutes > MAX_MINUTES {
        return Err(format!(
            "{minutes} minutes is long for a story (at most {MAX_MINUTES}); for more, run a whole session with `tamer new`"
        ));
    }
    Ok(())
}

impl Session {
    /// Every story on the record.
    pub fn stories(&self) -> Stories {
        Stories::of(self)
    }

    /// The story the current step belongs to, if it is a story's step
    /// (also once the story has ended, its last step still current).
    pub fn story_now(&self) -> Option<StoryNow> {
        let id = &self.step()?.id;
        let prefix = id.strip_suffix(story_step(id)?)?;
        // One pass over the timeline, nothing kept but the story found
        // (the header asks on every frame): the newest story whose first
        // step has this prefix, and the minutes `+` added to its steps.
        let mut number = 0;
        let mut fresh: Option<(usize, &str, u32, DateTime<Utc>)> = None;
        let mut found = None;
        let mut extended = 0i64;
        for e in &self.timeline {
            match &e.kind {
                EventKind::StoryStarted { title, minutes } => {
                    number += 1;
                    fresh = Some((number, title.as_str(), *minutes, e.at));
                }
                EventKind::StepChanged { to, .. } if fresh.is_some() => {
                    if to.strip_suffix(story_step(to).unwrap_or(to)) == Some(prefix) {
                        found = fresh;
                        extended = 0;
                    }
                    fresh = None;
                }
                EventKind::Extended { step, minutes }
                    if found.is_some() && step.starts_with(prefix) =>
                {
                    extended = extended.saturating_add(i64::from(*minutes));
                }
                _ => {}
            }
        }
        let (number, title, minutes, started) = found?;
        let first = self.steps.iter().position(|s| s.id.starts_with(prefix))?;
        let ids: Vec<&str> = self
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .filter(|s| s.starts_with(prefix))
            .collect();
        let step = ids.iter().position(|s| s == id)? + 1;
        let planned = chrono::TimeDelta::try_minutes(i64::from(minutes).saturating_add(extended))
            .and_then(|d| started.checked_add_signed(d))
            .unwrap_or(started);
        Some(StoryNow {
            number,
            title: title.to_owned(),
            step,
            steps: ids.len(),
            planned,
            started,
            minutes,
            first,
        })
    }

    /// The cards marked for the deal on the table: during a story only
    /// those marked since it started, so each story deals its deck afresh
    /// (a card the last story marked "nothing" may matter for this one).
    pub fn dealt_now(&self) -> &[super::Dealt] {
        match self.story_now() {
            Some(story) => {
                let from = self.dealt.partition_point(|d| d.at < story.started);
                &self.dealt[from..]
            }
            None => &self.dealt,
        }
    }

    /// Starts a story of `minutes` called `title`: appends the story
    /// script's steps (boxes scaled to `minutes`), moves to the first of
    /// them with its clock running (a finished session is taken back
    /// first; time away is not counted in the step that was left), and
    /// deals the `continuous` deck. `Err` in words for the person who
    /// asked, with the session untouched, when the title is blank, the
    /// minutes do not suit a story, or a story is still open.
    pub fn start_story(
        &mut self,
        title: &str,
        minutes: u32,
        now: DateTime<Utc>,
    ) -> std::result::Result<(), String> {
        let title = crate::text::clean(title).trim().to_owned();
        if title.is_empty() {
            return Err("a story needs a title: --title \"What the change is\"".into());
        }
        check_minutes(minutes)?;
        let stories = self.stories();
        if let Some(open) = stories.open() {
            return Err(format!(
                "the story \"{}\" on this record is still open: finish it first (tamer resume, then n through its steps)",
                open.title
            ));
        }
        if self.steps.is_empty() {
            return Err("this record has no steps to add a story to".into());
        }
        // A story adds to a threat model the team has been through: its
        // steps come after the session's, and closing the last one closes
        // the record. Started earlier, it would take the session's place.
        if self.finished.is_none() && self.phase() < 4 {
            let step = self
                .step()
                .map(|s| format!(", step \"{}\"", s.id))
                .unwrap_or_default();
            return Err(format!(
                "this session is still in phase {}{step}: a story adds to a threat model that has been through its phases; take it to phase 4 first (tamer resume)",
                self.phase()
            ));
        }
        // A number no step id uses yet (a team's own script could).
        let mut n = stories.all.len() + 1;
        while self
            .steps
            .iter()
            .any(|s| s.id.starts_with(&format!("story{n}-")))
        {
            n += 1;
        }

        // The step being left stops when it was last used, not weeks
        // later; a break ends.
        if self.finished.is_none() {
            self.discount_away(now);
            if self.is_paused() {
                self.toggle_pause(now);
            }
        }
        self.log(
            now,
            EventKind::StoryStarted {
                title: title.clone(),
                minutes,
            },
        );
        if self.finished.is_some() {
            self.back(now);
        }
        let first = self.steps.len();
        for (phase, id, secs) in PhaseScript::story().scaled_boxes(minutes) {
            self.steps.push(StepState {
                phase,
                id: format!("story{n}-{id}"),
                clock: StepClock::new(secs),
            });
        }
        // To the story's first step; the time left in the step being left
        // stays with it (the story has a budget of its own).
        let current = self.current.min(self.steps.len() - 1);
        let (from, from_phase, remaining) = {
            let step = &mut self.steps[current];
            let remaining = step.clock.remaining(now);
            step.clock.stop(now);
            (step.id.clone(), step.phase, remaining)
        };
        self.current = first;
        let step = &mut self.steps[first];
        step.clock.start(now);
        let (to, to_phase) = (step.id.clone(), step.phase);
        self.log(
            now,
            EventKind::StepChanged {
                from,
                to,
                remaining_secs: remaining,
            },
        );
        if from_phase != to_phase {
            self.log(
                now,
                EventKind::PhaseChanged {
                    from: from_phase,
                    to: to_phase,
                },
            );
        }
        if !self.decks.iter().any(|d| d == DECK) {
            self.toggle_deck(DECK, now);
        }
        if self.dealing.as_deref() != Some(DECK) {
            self.dealing = Some(DECK.to_owned());
            self.log(
                now,
                EventKind::Dealing {
                    deck: DECK.to_owned(),
                },
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::deck::ElementKind;
    use crate::session::check::check;

    fn finished(clock: &FixedClock) -> Session {
        let mut s = Session::new("Shop", 60, vec![], &PhaseScript::builtin(), clock.now());
        s.add_element(ElementKind::Process, "API", false, clock.now());
        s.capture_threat("Old threat", clock.now());
        while s.finished.is_none() {
            clock.advance_secs(60);
            s.next(clock.now());
        }
        s
    }

    /// Each story deals the continuous deck afresh: a card the last story
    /// marked is open again for the next, while the record keeps both marks.
    #[test]
    fn each_story_deals_its_deck_afresh() {
        use crate::session::{Cell, Mark};
        let clock = FixedClock::workshop_morning();
        let mut s = finished(&clock);
        let card = Cell {
            card_deck: DECK.into(),
            card: "new-endpoint".into(),
            element: None,
        };
        s.start_story("First change", 10, clock.now())
            .expect("starts");
        clock.advance_secs(60);
        s.mark(&card, Mark::Nothing, clock.now());
        assert_eq!(s.dealt_now().len(), 1, "marked in this story");
        while s.finished.is_none() {
            clock.advance_secs(60);
            s.next(clock.now());
        }
        clock.advance_secs(3600);
        s.start_story("Second change", 10, clock.now())
            .expect("starts");
        assert!(s.dealt_now().is_empty(), "the second story starts afresh");
        assert_eq!(s.dealt.len(), 1, "the first story's mark is kept");
    }

    /// A story on a session still in its early phases would take the
    /// session's place (its end closes the record): it is refused, and the
    /// session is left as it was.
    #[test]
    fn a_story_waits_for_the_session_to_reach_phase_4() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("Shop", 60, vec![], &PhaseScript::builtin(), clock.now());
        let before = s.clone();
        let why = s
            .start_story("Too early", 10, clock.now())
            .expect_err("refused in phase 0");
        assert!(why.contains("phase 0") && why.contains("phase 4"), "{why}");
        assert_eq!(s, before);
        while s.phase() < 4 {
            s.next(clock.now());
        }
        s.start_story("In the review", 10, clock.now())
            .expect("phase 4 is late enough");
    }

    #[test]
    fn a_story_appends_its_steps_runs_the_first_and_deals_continuous() {
        let clock = FixedClock::workshop_morning();
        let mut s = finished(&clock);
        let steps = s.steps.len();
        clock.advance_secs(3 * 24 * 3600);
        s.start_story("Refunds by bank transfer", 10, clock.now())
            .expect("starts");
        assert_eq!(s.finished, None);
        let ids: Vec<&str> = s.steps[steps..].iter().map(|st| st.id.as_str()).collect();
        assert_eq!(ids, ["story1-change", "story1-discover", "story1-decide"]);
        let boxes: i64 = s.steps[steps..].iter().map(|st| st.clock.budget_secs).sum();
        assert_eq!(boxes, 600);
        assert_eq!(s.current, steps);
        assert!(s.steps[steps].clock.is_running());
        assert_eq!(s.dealing.as_deref(), Some(DECK));
        assert!(s.decks.iter().any(|d| d == DECK));
        assert_eq!(check(&s), []);
        let story = s.stories().open().cloned().expect("open");
        assert_eq!((story.number, story.minutes), (1, 10));
        assert_eq!(story.title, "Refunds by bank transfer");

        // What is added now is the story's; closing its last step ends it.
        let el = s.add_element(ElementKind::ExternalEntity, "Bank", false, clock.now());
        let t = s.capture_threat("Forged transfer", clock.now());
        while s.finished.is_none() {
            clock.advance_secs(60);
            s.next(clock.now());
        }
        let stories = s.stories();
        assert!(stories.open().is_none());
        let story = &stories.all[0];
        assert_eq!(story.elements, el.into_iter().collect::<Vec<_>>());
        assert_eq!(story.threats, t.into_iter().collect::<Vec<_>>());
        assert!(story.ended.is_some());
        assert_eq!(
            stories.added(&EventKind::ThreatCaptured { id: 1 }),
            None,
            "the baseline's threat is nobody's story"
        );
        assert_eq!(
            stories.added(&EventKind::ThreatCaptured { id: t.expect("id") }),
            Some("Refunds by bank transfer")
        );
        assert!(matches!(
            s.timeline.last().map(|e| &e.kind),
            Some(EventKind::StoryEnded { title }) if title == "Refunds by bank transfer"
        ));

        // A second story numbers its steps apart.
        s.start_story("Partial refunds", 5, clock.now())
            .expect("a second story");
        assert_eq!(s.step().map(|st| st.id.as_str()), Some("story2-change"));
        assert_eq!(s.stories().all.len(), 2);
        assert_eq!(check(&s), []);
    }

    #[test]
    fn the_story_now_counts_its_own_steps_and_plans_its_own_end() {
        let clock = FixedClock::workshop_morning();
        let mut s = finished(&clock);
        assert_eq!(s.story_now(), None, "the baseline's steps are no story's");
        clock.advance_secs(24 * 3600);
        let start = clock.now();
        s.start_story("Refunds", 10, start).expect("starts");
        let now = s.story_now().expect("in the story");
        assert_eq!(
            (now.number, now.title.as_str(), now.step, now.steps),
            (1, "Refunds", 1, 3)
        );
        assert_eq!(now.planned, start + chrono::Duration::minutes(10));
        clock.advance_secs(s.steps[s.current].clock.budget_secs);
        s.next(clock.now());
        // `+` in a story adds new minutes (the baseline's bank stays), and
        // the story's end moves with them.
        let bank = s.bank_secs;
        s.extend(clock.now());
        assert_eq!(s.bank_secs, bank);
        let now = s.story_now().expect("in the story");
        assert_eq!(now.step, 2);
        assert_eq!(now.planned, start + chrono::Duration::minutes(15));
        // A second story has its own numbers.
        while s.finished.is_none() {
            s.next(clock.now());
        }
        assert_eq!(s.story_now().map(|n| n.step), Some(3), "its last step");
        s.start_story("Partial refunds", 5, clock.now())
            .expect("a second story");
        let now = s.story_now().expect("in the second story");
        assert_eq!((now.number, now.step, now.steps), (2, 1, 3));
        assert_eq!(now.planned, clock.now() + chrono::Duration::minutes(5));
    }

    #[test]
    fn a_story_step_is_given_only_the_bank_the_story_made() {
        let clock = FixedClock::workshop_morning();
        let mut s = finished(&clock);
        assert!(s.bank_secs > 0, "the baseline left time in the bank");
        let baseline = s.bank_secs;
        s.start_story("Refunds", 10, clock.now()).expect("starts");
        assert_eq!(s.bank_for_step(), 0);
        let before = s.clone();
        let err = s.give_bank(clock.now()).expect_err("the baseline's bank");
        assert!(err.contains("belongs to the baseline session"), "{err}");
        assert_eq!(s, before, "a refused bank changes nothing");
        // Leaving the story's first step a minute early banks that minute
        // for the story; only that is given.
        let first = s.steps[s.current].clock.budget_secs;
        clock.advance_secs(first - 60);
        s.next(clock.now());
        assert_eq!(s.bank_for_step(), 60);
        let box_before = s.steps[s.current].clock.budget_secs;
        s.give_bank(clock.now()).expect("the story's own minute");
        assert_eq!(s.steps[s.current].clock.budget_secs, box_before + 60);
        assert_eq!(s.bank_secs, baseline);
        assert_eq!(s.bank_for_step(), 0);
        // With nothing of its own left, `+` adds new minutes.
        let box_before = s.steps[s.current].clock.budget_secs;
        s.extend(clock.now());
        assert_eq!(
            s.steps[s.current].clock.budget_secs,
            box_before + i64::from(crate::session::EXTENSION_MINUTES) * 60
        );
        assert_eq!(s.bank_secs, baseline);
        assert_eq!(check(&s), []);
    }

    #[test]
    fn reopening_the_last_story_step_adds_to_that_story() {
        let clock = FixedClock::workshop_morning();
        let mut s = finished(&clock);
        s.start_story("Gift cards", 10, clock.now())
            .expect("starts");
        while s.finished.is_none() {
            s.next(clock.now());
        }
        s.back(clock.now());
        let t = s.capture_threat("Gift card brute force", clock.now());
        assert_eq!(
            s.stories().open().map(|st| st.threats.clone()),
            Some(t.into_iter().collect())
        );
        s.next(clock.now());
        assert!(s.stories().open().is_none());
    }

    #[test]
    fn refused_without_a_title_with_odd_minutes_or_while_a_story_is_open() {
        let clock = FixedClock::workshop_morning();
        let mut s = finished(&clock);
        let before = s.clone();
        assert!(s.start_story(" \u{1b} ", 10, clock.now()).is_err());
        assert!(s.start_story("X", 1, clock.now()).is_err());
        assert!(s.start_story("X", MAX_MINUTES + 1, clock.now()).is_err());
        assert_eq!(s, before, "a refused story changes nothing");
        s.start_story("First", 10, clock.now()).expect("starts");
        let err = s
            .start_story("Second", 10, clock.now())
            .expect_err("one story at a time");
        assert!(err.contains("\"First\""), "{err}");
    }

    #[test]
    fn time_away_is_not_counted_in_the_step_that_was_left() {
        let clock = FixedClock::workshop_morning();
        let mut s = Session::new("Shop", 60, vec![], &PhaseScript::builtin(), clock.now());
        while s.phase() < 4 {
            s.next(clock.now());
        }
        let review = s.current;
        clock.advance_secs(60);
        s.capture_threat("Something", clock.now());
        clock.advance_secs(30 * 24 * 3600);
        s.start_story("Later", 10, clock.now()).expect("starts");
        assert_eq!(s.steps[review].clock.spent(clock.now()), 60);
        assert_eq!(check(&s), []);
    }
}
