//! What can happen to the app, and what the app asks the loop to do.

use std::path::PathBuf;

use tui_input::InputRequest;

use crate::session::Session;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Time passed; nothing else happened.
    Tick,
    /// The terminal changed size.
    Resize,
    /// Save what there is and leave (q, Ctrl-C, SIGTERM, SIGHUP).
    Quit,
    ToggleHelp,
    /// Enter: open, submit, save.
    Confirm,
    /// Esc: close, cancel, go back.
    Cancel,
    Up,
    Down,
    NewSession,
    /// An edit of the focused text field.
    Edit(InputRequest),
    NextField,
    PrevField,
    TogglePause,
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
    /// A record was read from disk and is ready to continue.
    Loaded(Box<Session>),
    /// The record was written.
    Saved,
    /// Writing the record failed; the message says why.
    SaveFailed(String),
    /// Reading a record failed; the message says why.
    OpenFailed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the session record (creating its file on first save).
    Save,
    /// Read the record at this path and hand it back as [`Action::Loaded`].
    Open(PathBuf),
    /// Restore the terminal and exit.
    Quit,
}
