//! What can happen to the app, and what the app asks the loop to do.

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use crate::session::Session;
use crate::store::Listed;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Time passed; nothing else happened.
    Tick,
    /// The terminal changed size.
    Resize,
    /// Save what there is and leave (q, Ctrl-C, SIGTERM, SIGHUP).
    Quit,
    ToggleHelp,
    /// F2: the presenter layout on or off.
    TogglePresent,
    /// Enter: open, submit, save.
    Confirm,
    /// Esc: close, cancel, go back.
    Cancel,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Home: the first row.
    First,
    /// End: the last row.
    Last,
    /// Enter on a list: open the selected item to read and edit it.
    Open,
    /// `/`: filter the list with the focus.
    Filter,
    /// `u`: undo the last edit.
    Undo,
    /// `T`, `M`, `P`: a list full-screen (again: back to the session).
    Show(crate::app::View),
    /// `w`: add a data flow.
    AddFlow,
    /// `B`: add a trust boundary.
    AddBoundary,
    /// `p`: put something on the parking lot.
    Park,
    /// `X`: start an excursion, or end the one running.
    Excursion,
    /// `g`: give the banked time to the current step.
    GiveBank,
    /// `o`: the approach (scope, out of scope, level of security, roles).
    Approach,
    /// `W`: who takes part.
    Participants,
    /// `A`: we agree this is the system at this scope [1.3.3].
    Agree,
    /// `a`: the walk of the step on screen (assess: rate, residual, review).
    Walk,
    /// `r`: the radar panel takes the focus.
    Radar,
    /// `E`: export the session (a format picker).
    Export,
    /// The export was written to this path (what the status bar shows).
    Exported {
        format: crate::export::Format,
        path: PathBuf,
    },
    /// The export could not be written, and why.
    ExportFailed(String),
    /// `a` on the radar: the chosen flag is seen; off the panel.
    Acknowledge,
    /// `z` on the radar: the chosen flag off the panel for a while.
    Snooze,
    /// A digit in the walk: the likelihood, then the impact.
    Digit(u8),
    Left,
    Right,
    /// Backspace in the walk: clear the levels typed.
    Clear,
    /// `O` in the walk: the next order (key threats first, by element, as captured).
    CycleOrder,
    /// `o` in the walk: our own action, with a reason.
    Override,
    /// `d` in the walk: decide the threat (mitigate, accept, transfer, avoid, not a threat).
    Decide,
    /// `K`: mark the threat a key threat, or not [2.1.7].
    KeyThreat,
    /// `m`: a mitigation for the threat.
    AddMitigation,
    /// `y` in the review: fine.
    ReviewOk,
    /// `n` in the review: needs work (with a note).
    ReviewNeedsWork,
    /// `R`: a line for the retro.
    Retro,
    /// `l` on a mitigation: link it to a further threat.
    Link,
    /// `h` in a practice session: the next hint for the card on the table.
    Hint,
    /// `D` on a finished practice session: the debrief again.
    Debrief,
    /// `b` in a practice session: its brief again.
    Brief,
    /// `p` on the launcher: the practice scenario picker.
    Practise,
    NewSession,
    /// A key for the form on top (typing, moving between fields, saving).
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): it goes into the
    /// field being edited and never runs as keys.
    Paste(String),
    TogglePause,
    /// A key of `tamer replay`'s player.
    Replay(crate::app::ReplayKey),
    Extend,
    NextStep,
    PrevStep,
    CaptureThreat,
    /// Open the deck picker.
    OpenDecks,
    /// Use the chosen deck in the session, or stop using it.
    ToggleDeck,
    /// Open the form that adds a model element.
    AddElement,
    /// Show or hide the dealt card.
    ToggleCard,
    /// The card on the table found a threat: capture it.
    MarkThreat,
    /// Nothing (more) on the card on the table.
    MarkNothing,
    /// Skip the card on the table for now.
    MarkSkip,
    /// Deal from the next chosen deck.
    NextDeck,
    /// A record was read from disk and is ready to continue; `read_only`
    /// says why it may not be written, `note` is for the status bar (a
    /// migration, say).
    Loaded {
        session: Box<Session>,
        read_only: Option<String>,
        note: Option<String>,
    },
    /// `tamer view`: the record changed on disk and was read again; it
    /// takes the place of the session on screen (read-only apps only).
    Reloaded(Box<Session>),
    /// `tamer view`: the record changed on disk but could not be read (the
    /// message names the file); the last good session stays on screen.
    ReloadFailed(String),
    /// The record asked for is open in another tamer; `why` says who.
    Locked {
        path: PathBuf,
        why: String,
    },
    /// The records were listed again (after an archive, restore or delete).
    Listed {
        recents: Vec<Listed>,
        archived: Vec<Listed>,
    },
    /// Archive the chosen record (in the archive: restore it).
    Archive,
    /// Delete the chosen record (to the archive; from the archive: for good).
    Delete,
    /// Show the archive in the launcher, or the sessions again.
    ToggleArchive,
    /// The record was written.
    Saved,
    /// Writing the record failed; the message says why.
    SaveFailed(String),
    /// Reading a record failed; the message says why.
    OpenFailed(String),
    /// Something for the status bar (an archive done, say).
    Notice(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the session record (creating its file on first save).
    Save,
    /// Ring the terminal bell (`alerts: (bell: true)` in `config.ron`).
    Bell,
    /// Open the record at this path for writing and hand it back as
    /// [`Action::Loaded`] (or [`Action::Locked`] when another tamer has it).
    Open(PathBuf),
    /// Read the record at this path without its lock; nothing is written.
    OpenReadOnly(PathBuf),
    /// Move the record to the archive.
    Archive(PathBuf),
    /// Move an archived record back.
    Restore(PathBuf),
    /// Delete an archived record for good.
    Delete(PathBuf),
    /// Write the session as `format` to `path` (a folder for `issues`)
    /// and hand back [`Action::Exported`] or [`Action::ExportFailed`].
    Export {
        format: crate::export::Format,
        path: PathBuf,
    },
    /// Restore the terminal and exit.
    Quit,
}
