//! The launcher: new session, practise alone, resume, archive, restore,
//! delete.

use super::{App, Confirm, DEFAULT_MINUTES, Layer};
use crate::action::{Action, Effect};
use crate::store::Listed;

impl App {
    /// The records the launcher lists now: the recents or the archive.
    pub fn listed(&self) -> &[Listed] {
        if self.show_archive {
            &self.archived
        } else {
            &self.recents
        }
    }

    /// The records in the launcher's order: the team's first, then the
    /// practice runs (each part newest first), so practice is kept apart.
    pub fn launcher_rows(&self) -> Vec<&Listed> {
        let (practice, mut team): (Vec<&Listed>, Vec<&Listed>) =
            self.listed().iter().partition(|l| l.is_practice());
        team.extend(practice);
        team
    }

    /// How many team records the launcher lists (before the practice part).
    fn team_rows(&self) -> usize {
        self.listed().iter().filter(|l| !l.is_practice()).count()
    }

    /// The cursor position of "Practise alone…": first in the practice
    /// part, after the team's records (not in the archive). The cursor
    /// runs 0 "New session", 1.. the team's records, this row, then the
    /// practice runs.
    pub fn practise_row(&self) -> Option<usize> {
        (!self.show_archive).then(|| self.team_rows() + 1)
    }

    /// The last position the launcher's cursor can take.
    pub fn launcher_last(&self) -> usize {
        self.listed().len() + usize::from(self.practise_row().is_some())
    }

    /// The record under the launcher's cursor, if a record is.
    fn chosen(&self) -> Option<&Listed> {
        let mut i = self.selected.checked_sub(1)?;
        match self.practise_row() {
            Some(row) if self.selected == row => return None,
            Some(row) if self.selected > row => i -= 1,
            _ => {}
        }
        self.launcher_rows().get(i).copied()
    }

    /// The scenario picker over the launcher (`p`, or Enter on
    /// "Practise alone…"); Esc comes back here.
    fn open_practice_picker(&mut self) {
        self.practice_only = false;
        self.layers.push(Layer::Scenarios(0));
    }

    pub(super) fn update_launcher(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.launcher_last()),
            Action::NewSession if !self.show_archive => {
                self.open_new_session_form(DEFAULT_MINUTES, &[])
            }
            Action::Practise if !self.show_archive => self.open_practice_picker(),
            Action::Confirm if self.practise_row() == Some(self.selected) => {
                self.open_practice_picker();
            }
            Action::ToggleArchive => {
                self.show_archive = !self.show_archive;
                self.selected = 0;
            }
            Action::Confirm => match self.chosen() {
                None if self.show_archive => {
                    self.show_archive = false;
                    self.selected = 0;
                }
                None => self.open_new_session_form(DEFAULT_MINUTES, &[]),
                Some(listed) if self.show_archive => {
                    self.status = Some(match &listed.summary {
                        Ok(_) => "This record is archived: a restores it".into(),
                        Err(why) => why.clone(),
                    });
                }
                Some(listed) => match &listed.summary {
                    Ok(_) => return vec![Effect::Open(listed.path.clone())],
                    Err(why) => self.status = Some(why.clone()),
                },
            },
            Action::Archive | Action::Delete => {
                let Some(listed) = self.chosen() else {
                    return Vec::new();
                };
                // Whether another tamer has it open is for the store to say
                // when it tries (the listing may be out of date).
                let path = listed.path.clone();
                let name = match &listed.summary {
                    Ok(s) => crate::text::clean(&s.title),
                    Err(_) => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                };
                self.layers
                    .push(Layer::Confirm(match (action, self.show_archive) {
                        (Action::Archive, false) => Confirm::Archive { path, name },
                        (Action::Archive, true) => Confirm::Restore { path, name },
                        (_, for_good) => Confirm::Delete {
                            path,
                            name,
                            for_good,
                        },
                    }));
            }
            _ => {}
        }
        Vec::new()
    }
}
