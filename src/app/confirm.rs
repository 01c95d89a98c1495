//! Questions on top of the screen, answered with y / Enter or n / Esc.

use std::path::PathBuf;

use crate::action::Effect;
use crate::session::Change;

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
    /// Carry out an edit of the session (a deletion, say); `question` says
    /// what it takes along.
    Apply {
        question: String,
        change: Box<Change>,
    },
    /// The clock ran while nobody was there: count that time as a break?
    Away { secs: i64 },
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
            Confirm::Apply { .. } => " Delete? ",
            Confirm::Away { .. } => " Welcome back ",
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
            Confirm::Apply { question, .. } => question.clone(),
            Confirm::Away { secs } => format!(
                "The clock ran for {} while tamer was closed.\n\nCount that time as a break (y, the time goes back to the step), or as workshop time (n)?",
                crate::ui::hms(*secs)
            ),
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
            Confirm::DiscardForm
            | Confirm::MoveOn { .. }
            | Confirm::Apply { .. }
            | Confirm::Away { .. } => return None,
        })
    }
}
