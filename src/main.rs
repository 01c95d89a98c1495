//! The command line; everything else lives in the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tamer::app::{self, App};
use tamer::cli;
use tamer::clock::{Clock, SystemClock};
use tamer::deck::Library;
use tamer::error::Error;
use tamer::error::Result;
use tamer::session::{PhaseScript, Scheme, Session};
use tamer::store::Store;

/// Facilitate a threat modeling workshop in the terminal: phases 0–4 with
/// time boxes, prompts, and a session record saved after every change.
#[derive(Debug, Parser)]
#[command(name = "tamer", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a new session (without --title, opens the form to fill in).
    New {
        /// What the session threat-models, e.g. "Checkout service".
        #[arg(long)]
        title: Option<String>,
        /// Total time budget in minutes; every step's box is scaled to it.
        #[arg(long, value_parser = parse_minutes)]
        minutes: Option<u32>,
        /// Who takes part, comma-separated: "Ada,Grace,Linus".
        #[arg(long)]
        participants: Option<String>,
    },
    /// Continue a session; without FILE, the most recently changed one.
    Resume {
        /// A session record (.ron).
        file: Option<PathBuf>,
        /// Only look: take no lock and write nothing (for a record open in
        /// another tamer).
        #[arg(long)]
        read_only: bool,
    },
    /// List saved sessions with title, date and the phase reached.
    List {
        /// List the archived sessions instead.
        #[arg(long)]
        archived: bool,
    },
    /// What the radar says about a saved session: the flags standing at its
    /// end (a fresh scan), or live at --at TIME; exit 1 when a flag at or
    /// above --fail-on stands (for CI), 2 when the record cannot be read.
    Radar {
        /// A session record (.ron); read only, never locked or written.
        record: PathBuf,
        /// What the radar showed live then, from the record's timeline:
        /// 09:45 (UTC, on the session's day), 45m (after its start), or
        /// an RFC 3339 time.
        #[arg(long)]
        at: Option<String>,
        /// Also every flag raised over the session, with its times.
        #[arg(long)]
        history: bool,
        /// JSON for machines instead of text.
        #[arg(long)]
        json: bool,
        /// Exit 1 when a flag of this severity or higher stands.
        #[arg(long, value_enum, default_value = "warn")]
        fail_on: FailOn,
    },
    /// List, show and check decks of prompt cards.
    Decks {
        #[command(subcommand)]
        command: DecksCommand,
    },
}

#[derive(Debug, Subcommand)]
enum DecksCommand {
    /// Every deck: id, title, cards, built in or from which user file.
    List,
    /// Every card of one deck.
    Show {
        /// The deck's id, as `tamer decks list` shows it.
        id: String,
    },
    /// Check deck files; exit 0 when all are valid, else list every problem
    /// as file:line:col and exit 1.
    Check {
        /// Deck files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Warn,
    Info,
}

fn parse_minutes(text: &str) -> std::result::Result<u32, String> {
    app::parse_minutes(text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `tamer radar` exits 1 for a flag, so a CI job can tell a flag from a
    // record that could not be read (2), like grep.
    let radar = matches!(cli.command, Some(Command::Radar { .. }));
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Flagged) => ExitCode::FAILURE,
        Err(e) => {
            // Never panic on a closed stderr (a terminal that hung up).
            let _ = writeln!(std::io::stderr(), "tamer: {e}");
            if radar {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let store = Store::from_env()?;
    let now = SystemClock.now();
    match cli.command {
        // Decks are checked even when the phase script is broken.
        Some(Command::Decks { command }) => decks(&store, command),
        Some(Command::Radar {
            record,
            at,
            history,
            json,
            fail_on,
        }) => radar(&store, &record, at.as_deref(), history, json, fail_on),
        // Listing needs neither the phase script nor the decks.
        Some(Command::List { archived }) => {
            let listing = if archived {
                cli::archive_listing(&store.list_archived()?)
            } else {
                cli::session_listing(&store.list()?, store.list_archived()?.len())
            };
            let _ = write!(std::io::stdout(), "{listing}");
            Ok(())
        }
        None => {
            let (script, prepared) = prepare(&store)?;
            tamer::run::require_terminal()?;
            let mut app = prepared.equip(App::new(script, store.list()?, now));
            app.archived = store.list_archived()?;
            finish(tamer::run::interactive(&mut app, &store, None)?)
        }
        Some(Command::New {
            title,
            minutes,
            participants,
        }) => {
            let (script, prepared) = prepare(&store)?;
            tamer::run::require_terminal()?;
            let people = app::parse_participants(participants.as_deref().unwrap_or(""));
            let minutes = minutes.unwrap_or(app::DEFAULT_MINUTES);
            script.check_budget(minutes).map_err(Error::Usage)?;
            let (mut app, record) = match title {
                Some(title) => {
                    let session = Session::new(&title, minutes, people, &script, now);
                    let record = store.create(&session, now)?;
                    (App::with_session(script, session, now), Some(record))
                }
                None => {
                    let mut app = App::new(script, Vec::new(), now);
                    app.open_form_with(minutes, &people);
                    (app, None)
                }
            };
            app = prepared.equip(app);
            finish(tamer::run::interactive(&mut app, &store, record)?)
        }
        Some(Command::Resume { file, read_only }) => {
            let (script, prepared) = prepare(&store)?;
            let path = match file {
                Some(path) => path,
                None => {
                    let (path, passed) = store.latest()?;
                    for e in passed {
                        let _ = writeln!(
                            std::io::stderr(),
                            "tamer: passing over a newer record that does not open: {e}"
                        );
                    }
                    path
                }
            };
            if read_only {
                let session = Store::load(&path)?;
                tamer::run::require_terminal()?;
                let why = "opened with --read-only; nothing here is saved".to_owned();
                let mut app = prepared
                    .equip(App::with_session(script, session, now))
                    .read_only(why);
                return finish(tamer::run::interactive(&mut app, &store, None)?);
            }
            // Without a terminal nothing is opened (not even a lock file is
            // written); a broken record is still reported as such then. With
            // one, the record is read once, under its lock.
            if let Err(no_terminal) = tamer::run::require_terminal() {
                Store::load(&path)?;
                return Err(no_terminal);
            }
            let (held, loaded) = store.open(&path, now).map_err(|e| match e {
                Error::Locked { .. } | Error::Unlockable { .. } => Error::Usage(format!(
                    "{e}.\nTo look at it without writing: tamer resume --read-only {}",
                    cli::shell_word(&path)
                )),
                other => other,
            })?;
            let mut session = loaded.session;
            session.reopened(now);
            store.save(&held, &session)?;
            let mut app = prepared.equip(App::with_session(script, session, now));
            app.resumed(now);
            if loaded.version < tamer::session::record::VERSION {
                app.status = Some(app::migrated_note(
                    &tamer::store::migration_backup_path(held.file(), loaded.version),
                    loaded.version,
                ));
            }
            finish(tamer::run::interactive(&mut app, &store, Some(held))?)
        }
    }
}

/// The phase script (a broken one stops every session command), the decks
/// and the rating schemes (a broken user deck or scheme is reported and
/// skipped), each read once.
fn prepare(store: &Store) -> Result<(PhaseScript, Prepared)> {
    let script = store.phase_script()?;
    let library = store.library();
    let (schemes, skipped) = store.schemes();
    for problems in skipped {
        let _ = writeln!(
            std::io::stderr(),
            "tamer: skipped a broken rating scheme:\n{problems}"
        );
    }
    let _ = write!(std::io::stderr(), "{}", cli::skipped_report(&library));
    let (config, note) = config(store);
    Ok((
        script,
        Prepared {
            library,
            schemes,
            config,
            note,
        },
    ))
}

/// The team's `config.ron`; a broken one is reported (on stderr, and the
/// note for the status bar) and the defaults are used.
fn config(store: &Store) -> (tamer::config::Config, Option<String>) {
    let (config, problems) = store.config();
    let note = problems.map(|problems| {
        let _ = writeln!(
            std::io::stderr(),
            "tamer: {} has problems; using the default settings:\n{problems}",
            store.config_path().display()
        );
        let first = problems
            .0
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        format!("config.ron not used (defaults instead): {first}")
    });
    (config, note)
}

/// What every session command reads once before it starts, besides the
/// phase script.
struct Prepared {
    library: Library,
    schemes: Vec<Scheme>,
    config: tamer::config::Config,
    /// Why `config.ron` was not used, for the status bar.
    note: Option<String>,
}

impl Prepared {
    /// `app` with the decks, schemes and settings read.
    fn equip(self, app: App) -> App {
        let mut app = app
            .with_library(self.library)
            .with_schemes(self.schemes)
            .with_thresholds(self.config.radar);
        if self.note.is_some() && app.status.is_none() {
            app.status = self.note;
        }
        app
    }
}

/// Says how the run ended: saved, only looked at, or (failing) not saved
/// and where the changes were rescued.
fn finish(outcome: tamer::run::Outcome) -> Result<()> {
    if let Some(lost) = &outcome.unsaved {
        return Err(Error::Usage(tamer::run::unsaved_message(
            outcome.record.as_deref(),
            lost,
        )));
    }
    if outcome.read_only {
        let _ = writeln!(
            std::io::stdout(),
            "Closed without writing anything (read-only)."
        );
    } else if let Some(path) = outcome.record {
        // The record by name: without one, `tamer resume` opens the most
        // recently changed record in the sessions folder, which this one
        // (a rescue copy, a file elsewhere) may not be.
        let _ = writeln!(
            std::io::stdout(),
            "Session saved to {}\nContinue it with: tamer resume {}",
            path.display(),
            cli::shell_word(&path)
        );
    }
    Ok(())
}

/// `tamer radar`: prints the report; `Error::Flagged` (exit 1, nothing
/// more said) when a flag at or above `fail_on` stands.
fn radar(
    store: &Store,
    record: &std::path::Path,
    at: Option<&str>,
    history: bool,
    json: bool,
    fail_on: FailOn,
) -> Result<()> {
    use tamer::radar::report::{Report, parse_at};
    let session = Store::load(record)?;
    let report = match at {
        Some(at) => Report::at_time(&session, parse_at(at, &session).map_err(Error::Usage)?),
        None => {
            let (config, _) = config(store);
            Report::at_end(&session, &config.radar, &store.library())
        }
    };
    let report = if history {
        report.with_history(&session)
    } else {
        report
    };
    let text = if json { report.json() } else { report.text() };
    let _ = write!(std::io::stdout(), "{text}");
    let level = match fail_on {
        FailOn::Warn => tamer::radar::Severity::Warn,
        FailOn::Info => tamer::radar::Severity::Info,
    };
    if report.fails(level) {
        return Err(Error::Flagged);
    }
    Ok(())
}

fn decks(store: &Store, command: DecksCommand) -> Result<()> {
    let library = store.library();
    let mut out = std::io::stdout();
    match command {
        DecksCommand::List => {
            let _ = write!(out, "{}", cli::deck_listing(&library));
            let _ = write!(std::io::stderr(), "{}", cli::skipped_report(&library));
            Ok(())
        }
        DecksCommand::Show { id } => match library.get(&id) {
            Some(deck) => {
                let _ = write!(out, "{}", cli::deck_text(deck));
                Ok(())
            }
            None => Err(Error::Usage(format!(
                "no deck with id \"{id}\"; `tamer decks list` shows the decks there are"
            ))),
        },
        DecksCommand::Check { files } => {
            let texts = files
                .iter()
                .map(|p| (p.display().to_string(), Store::read_text(p)))
                .collect();
            let (report, problems) = cli::check_report(&library, texts);
            let _ = write!(out, "{report}");
            if problems > 0 {
                Err(Error::Usage(format!(
                    "{problems} problem{} found",
                    if problems == 1 { "" } else { "s" }
                )))
            } else {
                Ok(())
            }
        }
    }
}
