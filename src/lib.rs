//! tamer: a terminal facilitator for threat modeling workshops.
//!
//! # Map of the code
//!
//! Data flows one way: terminal event → [`keys`] → [`action::Action`] →
//! [`app::App::update`] (pure; changes the [`session`] and appends to its
//! timeline; returns [`action::Effect`]s) → the [`radar`] rescans (what it
//! raised or cleared goes into the timeline too) → [`ui`] draws `&App`. The
//! [`run`] loop hands effects to [`store`], the only module that touches the
//! file system.
//!
//! - [`clock`]: the injected clock (system, or fixed for tests).
//! - [`session`]: the domain: session, phase script, step clocks (deadlines,
//!   not counters) with the time bank and time away (`session::steps`), the
//!   system model of elements, data flows and trust boundaries
//!   (`session::model`), threats, the parking lot and excursions
//!   (`session::lot`), dealt cards and the walk (`session::walk`); rating
//!   schemes (`session::rating`: likelihood × impact → MUST / SHOULD / COULD
//!   / NO NEED, built in from `decks/schemes/` or the team's own, checked
//!   with `file:line:col`); each threat's rating, residual rating, decision,
//!   key rank and review, with the rating order, progress and remaining risk
//!   (`session::risk`); mitigations linked to threats
//!   (`session::mitigation`); the retro (`session::retro`); the end-of-session
//!   summary (`session::summary`); the timeline. Every undoable edit is a
//!   `session::Change` applied by `Session::apply`, which checks it, logs it
//!   and returns an `Inverse` (`session::undo`) for `Session::undo`; a rating
//!   change carries the scheme it is made with (`Change::rate`), so `apply`
//!   checks the levels and works out the suggestion itself.
//!   `session::record` is the versioned record format: a summary at the top
//!   for listings, one frozen module per older version with its pure
//!   migration step (`record::v1` → `record::v2` → `record::v3` → version
//!   4; versions 4 and 5 are read with the current shape and refused where
//!   they hold a later part: version 5 added the radar and export events,
//!   version 6 the practice run and the story events),
//!   and `session::check`, the whole-record check (indices, ids, links,
//!   people, key ranks, reasons, bounds, times, text) that every loaded
//!   record passes before anything uses it;
//!   `session::asof` rebuilds the session as it stood at an earlier
//!   moment from the final record and its timeline (for `tamer replay`).
//! - [`radar`]: the session's own threats, live. `radar::detect` holds one
//!   small pure detector per seed ID (`fn(&Ctx) -> Option<Flag>`), grouped
//!   by phase (`model`, `discovery`, `risk`, `mitigation`, `close`,
//!   `people`, `time`); `radar::scan` runs them all. `radar::matcher` is the
//!   rewind matcher (stemming, security synonyms, roles in the sentence,
//!   vetoes) with an index kept between scans; `radar::state::Radar` is what
//!   the app keeps (flags standing, acknowledged, snoozed), rebuilt from the
//!   timeline on load; `radar::history` reads back every flag raised;
//!   `radar::report` is `tamer radar` (text and JSON); `radar::config` holds
//!   the thresholds and their defaults.
//! - [`export`]: the session as other tools and people read it, one file
//!   per format (`md`, `json`, `csv`, `issues`, `otm`, `threat_composer`,
//!   `threat_dragon`); pure `Session` → text, and `export::carried` says
//!   which mitigations an export took along (the timeline notes it).
//! - [`import`]: Open Threat Model (JSON or YAML), Threat Dragon v2, Threat
//!   Composer v1 or tamer's JSON → a new session, the format recognised from
//!   its keys; every format builds through `import::build::Builder` (fresh
//!   ids, cleaned text, bad links dropped and listed, the whole-record check).
//! - [`followup`]: `tamer followup`: what a record left undone (essential
//!   mitigations not done, overdue first; accepted risks to look at again;
//!   parked items still open) as text, a Markdown checklist or JSON; pure.
//! - [`practice`]: solo practice. `practice::scenario` is the scenario file
//!   (a brief, boundaries, elements, flows and 10–20 reference threats
//!   with category, element, mitigations and hints), checked with
//!   `file:line:col`; the built-in scenarios from `decks/scenarios/`, user
//!   scenarios added or replacing them. `practice::session` builds a
//!   practice session with the scenario's model in place (through
//!   `import::build::Builder`); `app::practice` is `tamer practice`'s picker.
//!   `practice::hints` picks the next hint for the card on the table from
//!   the `HintShown` events; `practice::debrief` compares a session with
//!   its scenario's reference (the rewind matcher on the same element, a
//!   neighbour or the same card; missed by element × category; extras;
//!   mitigations; the score). `app::practice_run` is the app's side (`h`,
//!   the debrief recorded at the finish, `D`, `b` the brief again) and
//!   `ui::debrief` its screen. The picker opens from `tamer practice` or
//!   the launcher (`p`, "Practise alone…"); scenario flows carry their
//!   protocol and whether they are authenticated and encrypted.
//! - [`story`]: `tamer story`, a short session on one change against an
//!   existing record: opening the record under its lock, starting the
//!   story, the `--list` text. The domain is `session::story`: the story
//!   script (`decks/story/phases.ron`, looked up by `PhaseScript::find` for
//!   `story<N>-<id>` steps) appended and scaled to the story's minutes, the
//!   `continuous` deck dealt; `Stories::of` reads from the timeline which
//!   story added what, `Session::story_now` where the running story stands
//!   (its step, its planned end) for the header; closing a story's last
//!   step logs its end, and a story step is given only the bank the story
//!   made itself (`session::steps`).
//! - [`config`]: `config.ron` (the radar's thresholds, the theme, the
//!   alerts), checked with `file:line:col`; a broken one is reported and
//!   the defaults used.
//! - [`deck`]: deck files (format, checks with `file:line:col`, the built-in
//!   decks, user decks merged over them by `deck::merge_user`, which
//!   practice scenarios use too); `deck::outline` locates values in RON
//!   text for those messages, and `outline::Placed` is the placement every
//!   file checker (decks, schemes, scenarios) shares.
//! - [`app`]: application state and `update(action, now)`; no I/O;
//!   `app::alerts` notices a step's clock crossing into WRAP UP or past
//!   zero (the bell effect, the flash);
//!   `app::radar` rescans after every action and tick and gives the radar
//!   panel the keys (`r`: choose, detail, acknowledge, snooze). What is
//!   on top is one stack of layers (help, a question, the deck picker, a
//!   form); the top one gets the keys. `app::forms` opens and submits forms,
//!   `app::lists` holds which list has the focus (the view), the cursors,
//!   filters, deletion and undo; `app::walk` the rating, residual and review
//!   walks of phases 3 and 4; `app::risk` the decision, mitigation and retro
//!   forms; `app::session` and `app::launcher` handle their screens;
//!   `app::replay` is `tamer replay`'s player (the time shown, playing or
//!   not, the speed), which puts `session::asof` of that time on screen,
//!   read-only, with that time as `now`.
//! - [`action`]: what can happen, and the effects `update` asks for.
//! - [`form`]: the one form component every form uses (fields of one line,
//!   several lines, a choice, a yes/no; moving, typing, pasting); `app`
//!   decides what a submitted form does, `ui::form` draws it.
//! - [`keys`]: key event → action for each input mode, and the key help.
//! - [`ui`]: rendering only, one file per screen or panel (`ui::radar`: the
//!   side panel, the one-line strip at 80×24, the focused list and the
//!   detail; `ui::presenter`: the presenter layout, F2; `ui::bigclock`: the
//!   large digits). `ui::theme` holds the semantic styles and recolours the
//!   finished frame for the chosen theme (default, high contrast, mono).
//! - [`store`]: records on disk: one writer per record (an OS lock held by
//!   `store::Held`; only a `Held` can be saved), atomic saves that keep the
//!   previous version, rescue copies when a save fails, 0600 files in 0700
//!   folders, listing from the summaries, archive; reads capped at 64 MB;
//!   the user's phase script, deck, scheme and scenario files and
//!   `config.ron`. (`follow` is the one other module that looks at the
//!   file system: it watches a record's folder for `tamer view`.)
//! - [`run`]: the terminal loop: setup and restore (own panic hook; a
//!   hung-up terminal is detected before crossterm reads it), signals with a
//!   backstop, redraw only when something shown changed, frame before save;
//!   it holds the record's lock for the whole run and carries out effects
//!   (save, open, open read-only, archive, restore, delete) through `store`.
//! - [`follow`]: `tamer view`, the follower: watches the record's folder
//!   (`notify`; polling as the fallback), reads the record again when it
//!   changes (no lock, nothing written) and hands it to the loop as
//!   `Action::Reloaded` through `run::Events::pending`; on Linux one `poll`
//!   waits for the terminal and the change. `app::follow` swaps it in.
//! - [`cli`]: text the command line prints (listings, `decks show`).
//! - [`text`]: control characters out of text from files and people.
//! - [`error`]: errors a user can hit, with `file:line:col` where it applies.

pub mod action;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod deck;
pub mod error;
pub mod export;
pub mod follow;
pub mod followup;
pub mod form;
pub mod import;
pub mod keys;
pub mod practice;
pub mod radar;
pub mod run;
pub mod session;
pub mod store;
pub mod story;
pub mod text;
pub mod ui;
