//! Questions on top of the screen, answered with y / Enter or n / Esc.

use std::path::PathBuf;

use crate::action::Effect;

/// A question on top of the screen, answered with y / Enter or n / Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// The record is open in another tamer: open it read-only instead?
    OpenReadOnly { path: PathBuf, why: String },
    /// Move this record to the archive?
    Archive { path: PathBuf, name: String },
    /// Delete this record: to the archive, or (from the archive) for good?
    Delete {
        path: PathBuf,
        name: String,
        for_good: bool,
    },
    /// Move this archived record back to the sessions?
    Restore { path: PathBuf, name: String },
    /// Throw away what was typed in the form underneath?
    DiscardForm,
    /// Move on although something is unfinished (`why` says what).
    MoveOn { why: String },
}

impl Confirm {
    /// The popup's title.
    pub fn title(&self) -> &'static str {
        match self {
            Confirm::OpenReadOnly { .. } => " Open in another tamer ",
            Confirm::Archive { .. } => " Archive ",
            Confirm::Delete { .. } => " Delete ",
            Confirm::Restore { .. } => " Restore ",
            Confirm::DiscardForm => " Discard? ",
            Confirm::MoveOn { .. } => " Move on? ",
        }
    }

    /// The question, in full.
    pub fn question(&self) -> String {
        match self {
            Confirm::OpenReadOnly { why, .. } => format!(
                "{why}\n\nOpen it read-only here? You can look, but nothing you do is saved."
            ),
            Confirm::Archive { name, .. } => format!(
                "Archive \"{name}\"?\n\nIt moves to the archive (A shows it) and can be restored from there."
            ),
            Confirm::Delete {
                name,
                for_good: false,
                ..
            } => format!(
                "Delete \"{name}\"?\n\nIt moves to the archive first (A shows it); delete it there to remove it for good."
            ),
            Confirm::Delete {
                name,
                for_good: true,
                ..
            } => format!(
                "Delete \"{name}\" for good?\n\nThe record and its backups are removed; this cannot be undone."
            ),
            Confirm::Restore { name, .. } => {
                format!("Restore \"{name}\" from the archive to the sessions?")
            }
            Confirm::DiscardForm => "Throw away what you typed in this form?".into(),
            Confirm::MoveOn { why } => format!("{why}\n\nMove on to the next step anyway?"),
        }
    }

    /// What the loop does on yes, when it is the loop's to do.
    pub(super) fn effect(&self) -> Option<Effect> {
        Some(match self {
            Confirm::OpenReadOnly { path, .. } => Effect::OpenReadOnly(path.clone()),
            Confirm::Archive { path, .. }
            | Confirm::Delete {
                path,
                for_good: false,
                ..
            } => Effect::Archive(path.clone()),
            Confirm::Delete { path, .. } => Effect::Delete(path.clone()),
            Confirm::Restore { path, .. } => Effect::Restore(path.clone()),
            Confirm::DiscardForm | Confirm::MoveOn { .. } => return None,
        })
    }
}
