//! The command line; everything else lives in the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tamer::app::{self, App};
use tamer::clock::{Clock, SystemClock};
use tamer::error::Result;
use tamer::session::Session;
use tamer::store::{Listed, Store};

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
    },
    /// List saved sessions with title, date and the phase reached.
    List,
}

fn parse_minutes(text: &str) -> std::result::Result<u32, String> {
    app::parse_minutes(text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Never panic on a closed stderr (a terminal that hung up).
            let _ = writeln!(std::io::stderr(), "tamer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let store = Store::from_env()?;
    let script = store.phase_script()?;
    let clock = SystemClock;
    let now = clock.now();
    match cli.command {
        None => {
            let mut app = App::new(script, store.list()?, now);
            finish(tamer::run::interactive(&mut app, &store, None)?)
        }
        Some(Command::New {
            title,
            minutes,
            participants,
        }) => {
            let people = app::parse_participants(participants.as_deref().unwrap_or(""));
            let minutes = minutes.unwrap_or(app::DEFAULT_MINUTES);
            let mut app = match title {
                Some(title) => {
                    let session = Session::new(&title, minutes, people, &script, now);
                    App::with_session(script, session, now)
                }
                None => {
                    let mut app = App::new(script, Vec::new(), now);
                    app.open_form_with(minutes, &people);
                    app
                }
            };
            let record = match app.session.as_ref() {
                Some(session) => Some(store.create(session)?),
                None => None,
            };
            finish(tamer::run::interactive(&mut app, &store, record)?)
        }
        Some(Command::Resume { file }) => {
            let path = match file {
                Some(path) => path,
                None => store.latest()?,
            };
            let mut session = Store::load(&path)?;
            session.reopened(now);
            store.save(&path, &session)?;
            let mut app = App::with_session(script, session, now);
            finish(tamer::run::interactive(&mut app, &store, Some(path))?)
        }
        Some(Command::List) => {
            let _ = write!(std::io::stdout(), "{}", listing(&store.list()?));
            Ok(())
        }
    }
}

fn finish(outcome: tamer::run::Outcome) -> Result<()> {
    if let Some(path) = outcome.record {
        let _ = writeln!(
            std::io::stdout(),
            "Session saved to {}\nContinue it with: tamer resume",
            path.display()
        );
    }
    Ok(())
}

/// The `tamer list` table: newest first; unreadable records say why.
fn listing(records: &[Listed]) -> String {
    if records.is_empty() {
        return "No saved sessions yet. Start one with `tamer new`.\n".into();
    }
    let mut out = format!(
        "{:<32} {:<16} {:<9} {:>7}  {}\n",
        "TITLE", "CREATED", "PHASE", "THREATS", "FILE"
    );
    for listed in records {
        let file = listed.path.display();
        match &listed.summary {
            Ok(s) => {
                let title: String = tamer::ui::clean(&s.title).chars().take(32).collect();
                let phase = if s.finished {
                    "finished".to_owned()
                } else {
                    format!("{} of 4", s.phase_reached)
                };
                out += &format!(
                    "{title:<32} {:<16} {phase:<9} {:>7}  {file}\n",
                    s.created.format("%Y-%m-%d %H:%M"),
                    s.threats
                );
            }
            Err(why) => {
                out += &format!(
                    "{:<32} {:<16} {:<9} {:>7}  {file}\n  {why}\n",
                    "(unreadable)", "-", "-", "-"
                )
            }
        }
    }
    out
}
