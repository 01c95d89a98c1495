//! The radar in the app: rescanning after every action and tick, and the
//! panel's focus (choose a flag, read its detail, acknowledge, snooze).

use chrono::{DateTime, Utc};

use super::{App, Layer};
use crate::action::{Action, Effect};
use crate::radar::Flag;

impl App {
    /// Rescans the session on screen; whether the timeline got events
    /// (a flag raised or cleared) that the record should keep.
    pub(crate) fn rescan(&mut self, now: DateTime<Utc>) -> bool {
        let Some(session) = self.session.as_mut() else {
            return false;
        };
        let events = self
            .radar
            .rescan(session, &self.thresholds, &self.library, now);
        if events.is_empty() || self.read_only.is_some() {
            return false;
        }
        for kind in events {
            session.log(now, kind);
        }
        true
    }

    /// The flags the panel shows now, most important first.
    pub fn radar_shown(&self) -> Vec<&Flag> {
        self.radar.shown(self.now)
    }

    /// `r`: the panel takes the focus (with nothing to show, the status
    /// line says so instead).
    pub(crate) fn focus_radar(&mut self) -> Vec<Effect> {
        if self.radar_shown().is_empty() {
            let hidden = self.radar.standing().len();
            self.status = Some(if hidden == 0 {
                "The radar sees nothing going wrong with this session".into()
            } else {
                format!(
                    "No flags on the radar ({hidden} acknowledged or snoozed; `tamer radar` lists them)"
                )
            });
            return Vec::new();
        }
        self.layers.push(Layer::Radar {
            cursor: 0,
            detail: false,
        });
        Vec::new()
    }

    /// The flag chosen in the focused panel.
    pub fn radar_chosen(&self) -> Option<(&Flag, bool)> {
        let Some(Layer::Radar { cursor, detail }) = self.layers.last() else {
            return None;
        };
        let shown = self.radar_shown();
        let i = (*cursor).min(shown.len().checked_sub(1)?);
        Some((shown[i], *detail))
    }

    pub(crate) fn update_radar(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        let count = self.radar_shown().len();
        let Some(Layer::Radar { cursor, detail }) = self.layers.last_mut() else {
            return Vec::new();
        };
        *cursor = (*cursor).min(count.saturating_sub(1));
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(count.saturating_sub(1)),
            Action::Confirm => *detail = !*detail,
            Action::Cancel => {
                self.layers.pop();
            }
            Action::Acknowledge | Action::Snooze => return self.set_aside(action, now),
            _ => {}
        }
        Vec::new()
    }

    /// Acknowledges or snoozes the chosen flag; the panel loses the focus
    /// when no flag is left on it.
    fn set_aside(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        if self.read_only.is_some() {
            self.status = Some("Read-only: flags are acknowledged or snoozed only by the tamer that has the record open".into());
            return Vec::new();
        }
        let Some((flag, _)) = self.radar_chosen() else {
            return Vec::new();
        };
        let flag = flag.clone();
        let minutes = self.thresholds.snooze_minutes;
        let event = if action == Action::Snooze {
            self.status = Some(format!(
                "[{}] {}: snoozed for {minutes} minutes",
                flag.id, flag.title
            ));
            self.radar.snooze(&flag, minutes, now)
        } else {
            self.status = Some(format!(
                "[{}] {}: acknowledged (kept in the record)",
                flag.id, flag.title
            ));
            self.radar.acknowledge(&flag)
        };
        if self.radar_shown().is_empty() {
            self.layers.pop();
        } else if let Some(Layer::Radar { detail, .. }) = self.layers.last_mut() {
            *detail = false;
        }
        match (event, self.session.as_mut()) {
            (Some(kind), Some(session)) if self.read_only.is_none() => {
                session.log(now, kind);
                vec![Effect::Save]
            }
            _ => Vec::new(),
        }
    }
}
