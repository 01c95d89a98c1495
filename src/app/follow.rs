//! `tamer view`: the follower's app. The session on screen is replaced by
//! the record as it is read again from disk ([`Action::Reloaded`]); the view
//! around it (the layout, the card, the cursors, what is on top) stays where
//! it still makes sense. Nothing is ever saved: the app is read-only.

use chrono::{DateTime, Utc};

use super::{App, List};
use crate::action::Effect;
use crate::session::{PhaseScript, Session};

impl App {
    /// The follower of the record named `name`: the session read-only,
    /// replaced each time the record changes on disk, in the presenter
    /// layout (F2: the whole session screen).
    pub fn following(
        script: PhaseScript,
        session: Session,
        now: DateTime<Utc>,
        name: &str,
    ) -> Self {
        let mut app = App::with_session(script, session, now).read_only(format!(
            "following {name} as it changes; nothing here is saved"
        ));
        // A second screen is for the room: the big clock first.
        app.present = true;
        app.card_view = app.discovering();
        app
    }

    /// The record was read again: it takes the place of the session on
    /// screen. The radar is rebuilt from its timeline (what the writer's
    /// radar raised, acknowledged or snoozed), and the update's rescan
    /// looks at it at once. A writable app keeps its own session: taking
    /// one from disk under it would lose its changes at the next save.
    /// A discovery step (the session's or a story's) with a card left to
    /// deal.
    fn discovering(&self) -> bool {
        self.in_discovery() && self.progress().is_some_and(|p| p.current.is_some())
    }

    pub(crate) fn reloaded(&mut self, session: Session) -> Vec<Effect> {
        if self.read_only.is_none() {
            return Vec::new();
        }
        if self.session.as_ref() != Some(&session) {
            self.radar = crate::radar::Radar::of(&session);
            self.session = Some(session);
        }
        // Whether the writer has the card on the table is not in the
        // record; the room should see the card being discussed, so a
        // follower shows it whenever a discovery step has a card to deal.
        self.card_view = self.discovering();
        // `cursors` holds the four lists in this order.
        let lists = [List::Threats, List::Model, List::Parking, List::Mitigations];
        for (i, list) in lists.into_iter().enumerate() {
            let rows = self.rows(list).len();
            let cursor = &mut self.cursors[i];
            cursor.selected = cursor.selected.min(rows.saturating_sub(1));
        }
        // A reload error (or an old message) is over, even when the record
        // came back as it was; the note about decks this tamer lacks is
        // worked out again for the record now on screen.
        self.status = self.missing_decks_note();
        self.stale = false;
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::clock::{Clock, FixedClock};
    use crate::session::{Change, ThreatDraft};

    fn record(clock: &FixedClock) -> Session {
        Session::new(
            "Checkout",
            90,
            vec!["Ada".into()],
            &PhaseScript::builtin(),
            clock.now(),
        )
    }

    #[test]
    fn a_reload_swaps_the_session_and_clears_the_reload_error() {
        let clock = FixedClock::workshop_morning();
        let first = record(&clock);
        let mut app = App::following(PhaseScript::builtin(), first.clone(), clock.now(), "c.ron");
        app.update(Action::ReloadFailed("c.ron: broken".into()), clock.now());
        assert_eq!(app.status.as_deref(), Some("c.ron: broken"));
        let mut next = first;
        next.apply(
            Change::AddThreat(ThreatDraft {
                title: "Card numbers in logs".into(),
                ..ThreatDraft::default()
            }),
            clock.now(),
        )
        .expect("a threat");
        let effects = app.update(Action::Reloaded(Box::new(next.clone())), clock.now());
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(app.session.as_ref(), Some(&next));
        assert_eq!(app.status, None);
    }

    /// The writer's card is not in the record: a follower in a discovery
    /// step shows the card on the table, and puts it away after.
    #[test]
    fn a_follower_shows_the_card_while_discovering() {
        let clock = FixedClock::workshop_morning();
        let mut s = record(&clock);
        s.add_element(crate::deck::ElementKind::Process, "API", false, clock.now());
        let mut app = App::following(PhaseScript::builtin(), s.clone(), clock.now(), "c.ron");
        assert!(!app.card_view, "phase 0 has no card");
        while s.step().is_some_and(|st| st.id != "discover") {
            s.next(clock.now());
        }
        app.update(Action::Reloaded(Box::new(s.clone())), clock.now());
        assert!(app.card_view, "discovery shows the card");
        s.next(clock.now());
        app.update(Action::Reloaded(Box::new(s)), clock.now());
        assert!(!app.card_view, "the next step shows its prompt");
    }

    #[test]
    fn a_writable_app_never_takes_a_session_from_disk() {
        let clock = FixedClock::workshop_morning();
        let first = record(&clock);
        let mut app = App::with_session(PhaseScript::builtin(), first.clone(), clock.now());
        let mut other = record(&clock);
        other.title = "Something else".into();
        app.update(Action::Reloaded(Box::new(other)), clock.now());
        assert_eq!(
            app.session.as_ref().map(|s| s.title.as_str()),
            Some("Checkout")
        );
    }
}
