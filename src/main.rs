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
    /// Colours: default, high-contrast (for a screen shared over a video
    /// call), mono (no colour; what NO_COLOR chooses), auto. Wins over
    /// `theme:` in config.ron, which wins over NO_COLOR.
    #[arg(long, global = true, value_enum)]
    theme: Option<tamer::config::Theme>,
    /// Start in the presenter layout (F2 switches): the big clock, the
    /// question, the prompt or card, the top radar flag.
    #[arg(long, global = true)]
    present: bool,
}

/// The global `--theme` and `--present`, for [`Prepared::equip`].
#[derive(Debug, Clone, Copy, Default)]
struct Screen {
    theme: Option<tamer::config::Theme>,
    present: bool,
}

/// Whether `NO_COLOR` is set and not empty (<https://no-color.org>).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The theme: `--theme`, else `theme:` in config.ron, else `NO_COLOR`
/// (mono), else the default. A theme with colour chosen explicitly under
/// `NO_COLOR` gets its colours (the user's own choice wins over the
/// variable, as no-color.org asks); crossterm would otherwise drop them and,
/// with them, the bold and reverse of the same cells.
fn theme(cli: Option<tamer::config::Theme>, config: tamer::config::Theme) -> tamer::config::Theme {
    let no_color = no_color();
    let theme = cli.unwrap_or(config).resolve(no_color);
    if no_color && theme != tamer::config::Theme::Mono {
        crossterm::style::Colored::set_ansi_color_disabled(false);
    }
    theme
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
    /// Practise alone on a built-in or your own scenario: a new session
    /// with the scenario's system model in place, hints on demand, and a
    /// debrief against the reference threats at the end. Without SCENARIO,
    /// a picker.
    Practice {
        /// The scenario's id (photo-sharing, smart-lock, payroll-batch, or
        /// one of yours from the config folder's `scenarios/`).
        scenario: Option<String>,
        /// List the scenarios there are and exit.
        #[arg(long)]
        list: bool,
        /// Check scenario files instead (before putting them in the config
        /// folder's `scenarios/`); exit 0 when all are valid, else list
        /// every problem as file:line:col and exit 1.
        #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["scenario", "list"])]
        check: Vec<PathBuf>,
        /// Print the debrief of a practice record as it stands (found,
        /// missed, extra, mitigations, hints, score) and exit; reads only.
        #[arg(long, value_name = "RECORD", conflicts_with_all = ["scenario", "list", "check"])]
        debrief: Option<PathBuf>,
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
    /// Play a session back on the session screen, read-only: play and
    /// pause, step from event to event, faster and slower, jump to a phase
    /// (for a coach reviewing a session, or the retro).
    Replay {
        /// A session record (.ron); read only, never locked or written.
        record: PathBuf,
        /// How fast it plays: shown seconds per second (1, 2, 4, 8, 16, 32
        /// or 64); + and - change it while playing.
        #[arg(long, default_value_t = 1, value_parser = parse_speed)]
        speed: u32,
    },
    /// Follow a session on a second screen, read-only: it redraws as the
    /// record changes on disk (for a projector, or the pane shared on a
    /// call while the facilitator types in another tamer). The presenter
    /// layout first; F2 shows the whole session screen.
    View {
        /// A session record (.ron); read only, never locked or written.
        record: PathBuf,
    },
    /// Export a session: notes (md), tracker rows (csv), issue files,
    /// tamer's JSON, or the formats of other threat modeling tools. Every
    /// export is noted in the record's timeline.
    Export {
        /// A session record (.ron).
        record: PathBuf,
        /// md, json, csv, issues, otm, threat-composer or threat-dragon.
        #[arg(long, short, value_parser = parse_format)]
        format: tamer::export::Format,
        /// Where to write it (a folder for `issues`); without it, standard
        /// output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Start a session from an Open Threat Model (JSON or YAML), Threat
    /// Dragon v2 or Threat Composer v1 file (or tamer's JSON export): its
    /// model, threats and mitigations become the baseline.
    Import {
        /// The file to import; its format is recognised from its content.
        file: PathBuf,
        /// Write the new record here instead of the sessions folder (and do
        /// not open it).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The session's title (default: the name the file gives).
        #[arg(long)]
        title: Option<String>,
    },
    /// A story-sized session on one change: a short session (10 minutes by
    /// default) against an existing record, dealing the continuous deck;
    /// what it adds goes into that record under the story's title.
    Story {
        /// The baseline record (.ron); the story is added to it.
        record: PathBuf,
        /// What the change is, e.g. "Refunds by bank transfer".
        #[arg(long, required_unless_present = "list")]
        title: Option<String>,
        /// The story's length in minutes; its steps are scaled to it.
        #[arg(long, default_value_t = tamer::session::story::DEFAULT_MINUTES, value_parser = parse_story_minutes)]
        minutes: u32,
        /// List the record's stories (when, how long, what each added)
        /// instead; read only.
        #[arg(long, conflicts_with = "title")]
        list: bool,
    },
    /// What a threat model left undone: essential mitigations not done
    /// (overdue first), accepted risks to look at again, parked items still
    /// open. Exit 1 when a mitigation is overdue, 2 when a record cannot be
    /// read.
    Followup {
        /// Session records (.ron); read only, never locked or written.
        #[arg(required = true)]
        records: Vec<PathBuf>,
        /// text, md (a Markdown checklist) or json.
        #[arg(long, short, value_enum, default_value = "text")]
        format: FollowupFormat,
        /// The day to count from, as YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
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
enum FollowupFormat {
    Text,
    Md,
    Json,
}

fn parse_story_minutes(text: &str) -> std::result::Result<u32, String> {
    let minutes = text.trim().parse::<u32>().map_err(|_| {
        format!(
            "expected a whole number of minutes, got \"{}\"",
            text.trim()
        )
    })?;
    tamer::session::story::check_minutes(minutes)?;
    Ok(minutes)
}

fn parse_day(text: &str) -> std::result::Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "expected a day as YYYY-MM-DD, e.g. 2026-12-24".to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Warn,
    Info,
}

fn parse_format(text: &str) -> std::result::Result<tamer::export::Format, String> {
    tamer::export::Format::parse(text).ok_or_else(|| {
        let names: Vec<&str> = tamer::export::Format::ALL
            .iter()
            .map(|f| f.name())
            .collect();
        format!("expected one of {}", names.join(", "))
    })
}

fn parse_speed(text: &str) -> std::result::Result<u32, String> {
    let speeds: Vec<String> = app::SPEEDS.iter().map(ToString::to_string).collect();
    text.trim()
        .trim_end_matches(['x', '×'])
        .parse::<u32>()
        .ok()
        .filter(|s| app::SPEEDS.contains(s))
        .ok_or_else(|| format!("expected one of {}", speeds.join(", ")))
}

fn parse_minutes(text: &str) -> std::result::Result<u32, String> {
    app::parse_minutes(text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `tamer radar` exits 1 for a flag, so a CI job can tell a flag from a
    // record that could not be read (2), like grep.
    let radar = matches!(
        cli.command,
        Some(Command::Radar { .. } | Command::Followup { .. })
    );
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
    let screen = Screen {
        theme: cli.theme,
        present: cli.present,
    };
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
        Some(Command::Story {
            record,
            title,
            minutes,
            list,
        }) => story(
            &store,
            screen,
            &record,
            title.as_deref(),
            minutes,
            list,
            now,
        ),
        Some(Command::Followup {
            records,
            format,
            today,
        }) => followup(&records, format, today.unwrap_or_else(|| now.date_naive())),
        Some(Command::Replay { record, speed }) => {
            let (script, prepared) = prepare(&store, screen)?;
            let session = Store::load(&record)?;
            tamer::run::require_terminal()?;
            let mut app = prepared.equip(App::replaying(script, session, speed));
            finish(tamer::run::interactive(&mut app, &store, None)?)
        }
        Some(Command::View { record }) => view(&store, screen, &record, now),
        Some(Command::Export {
            record,
            format,
            output,
        }) => export(&store, &record, format, output.as_deref(), now),
        Some(Command::Import {
            file,
            output,
            title,
        }) => import(
            &store,
            screen,
            &file,
            output.as_deref(),
            title.as_deref(),
            now,
        ),
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
            let (script, prepared) = prepare(&store, screen)?;
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
            let (script, prepared) = prepare(&store, screen)?;
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
        Some(Command::Practice { check, .. }) if !check.is_empty() => {
            let texts = check
                .iter()
                .map(|p| (p.display().to_string(), Store::read_text(p)))
                .collect();
            let (report, problems) = tamer::practice::check_report(texts);
            checked(&report, problems)
        }
        Some(Command::Practice {
            debrief: Some(record),
            ..
        }) => debrief(&store, &record),
        Some(Command::Practice { scenario, list, .. }) => {
            practice(&store, screen, scenario.as_deref(), list, now)
        }
        Some(Command::Resume { file, read_only }) => {
            let (script, prepared) = prepare(&store, screen)?;
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
            if app.session.as_ref().is_some_and(|s| s.practice.is_some()) {
                // The debrief's best score before reads the other runs.
                app.recents = store.list()?;
                app.archived = store.list_archived()?;
            }
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

/// `tamer view`: the record on screen, read again each time it changes on
/// disk; never locked or written.
fn view(
    store: &Store,
    screen: Screen,
    record: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let (script, prepared) = prepare(store, screen)?;
    // Watching first: a save between the first read and the watch would
    // otherwise go unseen until the next one.
    let follower = tamer::follow::Follower::new(record)?;
    let session = Store::load(record)?;
    tamer::run::require_terminal()?;
    let name = record.file_name().map_or_else(
        || record.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut app = prepared.equip(App::following(script, session, now, &name));
    finish(tamer::follow::interactive(&mut app, store, follower)?)
}

/// The phase script (a broken one stops every session command), the decks
/// and the rating schemes (a broken user deck or scheme is reported and
/// skipped), each read once.
fn prepare(store: &Store, screen: Screen) -> Result<(PhaseScript, Prepared)> {
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
            store: store.clone(),
            scenarios: None,
            screen,
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
    /// Where the practice scenarios are read from, when the app can use
    /// them (see [`Prepared::equip`]).
    store: Store,
    /// The practice scenarios, when the command has read them already.
    scenarios: Option<tamer::practice::scenario::Library>,
    /// `--theme` and `--present`.
    screen: Screen,
}

impl Prepared {
    /// `app` with the decks, schemes and settings read.
    fn equip(self, app: App) -> App {
        let mut app = app
            .with_library(self.library)
            .with_schemes(self.schemes)
            .with_thresholds(self.config.radar);
        app.theme = theme(self.screen.theme, self.config.theme);
        app.present |= self.screen.present;
        app.alerts = self.config.alerts;
        // Only the launcher (its practice picker) and a practice session
        // use the scenarios: a team's session starts without reading them.
        // Broken user scenarios are reported by `tamer practice` only.
        let wanted = app.session.as_ref().is_none_or(|s| s.practice.is_some());
        if wanted {
            let scenarios = self.scenarios.unwrap_or_else(|| self.store.scenarios());
            app.scenarios = scenarios
                .scenarios
                .into_iter()
                .map(|e| e.scenario)
                .collect();
        }
        if self.note.is_some() && app.status.is_none() {
            app.status = self.note;
        }
        app
    }
}

/// `tamer practice --debrief RECORD`: the debrief of a practice record as
/// it stands, as text; nothing is locked or written.
fn debrief(store: &Store, record: &std::path::Path) -> Result<()> {
    let session = Store::load(record)?;
    let Some(practice) = &session.practice else {
        return Err(Error::Usage(format!(
            "{} is not a practice run (`tamer practice` makes those)",
            record.display()
        )));
    };
    let scenarios = store.scenarios();
    let scenario = scenarios.get(&practice.scenario).ok_or_else(|| {
        Error::Usage(format!(
            "{}: this tamer has no scenario \"{}\" to compare with; `tamer practice --list` lists the ones it has",
            record.display(),
            tamer::text::clean(&practice.scenario)
        ))
    })?;
    let debrief = tamer::practice::debrief::Debrief::of(&session, scenario);
    let listed = store.list()?;
    let archived = store.list_archived()?;
    let summaries = listed
        .iter()
        .chain(&archived)
        .filter_map(|l| l.summary.as_ref().ok());
    // A record debriefed at its finish holds this very debrief last.
    let skip = usize::from(tamer::practice::debrief::debriefed_since_finish(&session));
    let best = tamer::practice::debrief::best_before(&scenario.id, &session, summaries, skip);
    let view = tamer::app::DebriefView {
        debrief,
        best,
        scroll: 0,
    };
    let _ = write!(std::io::stdout(), "{}", cli::debrief_text(&view));
    Ok(())
}

/// `tamer practice`: a new practice session on the scenario `id`, or the
/// picker; `--list` prints the scenarios instead.
fn practice(
    store: &Store,
    screen: Screen,
    id: Option<&str>,
    list: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let scenarios = store.scenarios();
    let _ = write!(
        std::io::stderr(),
        "{}",
        tamer::practice::skipped_report(&scenarios)
    );
    if list {
        let _ = write!(
            std::io::stdout(),
            "{}",
            tamer::practice::listing(&scenarios)
        );
        return Ok(());
    }
    let scenario = match id {
        Some(id) => Some(scenarios.get(id).cloned().ok_or_else(|| {
            Error::Usage(format!(
                "{}\n\n{}",
                scenarios.unknown(id),
                tamer::practice::listing(&scenarios).trim_end()
            ))
        })?),
        None => None,
    };
    let (script, mut prepared) = prepare(store, screen)?;
    prepared.scenarios = Some(scenarios);
    tamer::run::require_terminal()?;
    let (app, record) = match scenario {
        Some(scenario) => {
            let session = tamer::practice::session(&scenario, &script, now)?;
            let record = store.create(&session, now)?;
            (App::practising(script, session, now), Some(record))
        }
        None => (App::practice_picker(script, now), None),
    };
    let mut app = prepared.equip(app);
    // The debrief's "best before" reads the scores of earlier runs listed,
    // whichever way the run starts (a scenario named, or the picker).
    app.recents = store.list()?;
    app.archived = store.list_archived()?;
    finish(tamer::run::interactive(&mut app, store, record)?)
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

/// `tamer export`: the session in `format`, to standard output or `output`;
/// noted in the record's timeline when the record can be written (it is
/// not open in another tamer).
fn export(
    store: &Store,
    record: &std::path::Path,
    format: tamer::export::Format,
    output: Option<&std::path::Path>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use tamer::export::{Context, Output};
    if format == tamer::export::Format::Issues && output.is_none() {
        return Err(Error::Usage(
            "the issues export writes one file per essential mitigation: name a folder with -o"
                .into(),
        ));
    }
    let (held, mut session, locked) = match store.open(record, now) {
        Ok((held, loaded)) => (Some(held), loaded.session, None),
        Err(e @ (Error::Locked { .. } | Error::Unlockable { .. })) => {
            (None, Store::load(record)?, Some(e.to_string()))
        }
        Err(e) => return Err(e),
    };
    let library = store.library();
    let name = record
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ctx = Context {
        record: &name,
        library: &library,
        now,
    };
    let out = tamer::export::export(&session, format, &ctx);
    match (output, &out) {
        (Some(path), _) => {
            let written = store.write_export(path, &out)?;
            let _ = writeln!(
                std::io::stderr(),
                "Exported {} to {}{}",
                format.name(),
                path.display(),
                if written.len() > 1 || matches!(out, Output::Files(_)) {
                    format!(" ({} files)", written.len())
                } else {
                    String::new()
                }
            );
        }
        (None, Output::One(text)) => {
            let _ = write!(std::io::stdout(), "{text}");
        }
        (None, Output::Files(_)) => {
            return Err(Error::Usage(
                "this export writes several files: name a folder with -o".into(),
            ));
        }
    }
    match (held, locked) {
        (Some(held), _) => {
            let carried = tamer::export::carried(&session, format);
            session.exported(format.name(), carried, now);
            store.save(&held, &session)?;
        }
        (None, Some(why)) => {
            let _ = writeln!(
                std::io::stderr(),
                "tamer: the export is not noted in the record's timeline: {why}"
            );
        }
        (None, None) => {}
    }
    Ok(())
}

/// `tamer import`: a new record from another tool's file, opened when
/// there is a terminal and no `-o`.
fn import(
    store: &Store,
    screen: Screen,
    file: &std::path::Path,
    output: Option<&std::path::Path>,
    title: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let (script, prepared) = prepare(store, screen)?;
    let text = Store::read_text(file)?;
    let options = tamer::import::Options {
        title,
        now,
        script: &script,
    };
    let imported = tamer::import::import(&file.display().to_string(), &text, &options)?;
    let s = &imported.session;
    let mut err = std::io::stderr();
    let _ = writeln!(
        err,
        "Imported {} ({}): {} elements, {} data flows, {} trust boundaries, {} threats, {} mitigations",
        file.display(),
        imported.format,
        s.model.len() - s.flows().count(),
        s.flows().count(),
        s.boundaries.len(),
        s.threats.len(),
        s.mitigations.len()
    );
    if !imported.unmapped.is_empty() {
        let _ = writeln!(err, "Not carried over ({}):", imported.unmapped.len());
        for line in &imported.unmapped {
            let _ = writeln!(err, "  - {line}");
        }
    }
    let session = imported.session;
    if let Some(path) = output {
        drop(store.create_at(path, &session, now)?);
        let _ = writeln!(
            std::io::stdout(),
            "Saved to {}\nContinue it with: tamer resume {}",
            path.display(),
            cli::shell_word(path)
        );
        return Ok(());
    }
    let held = store.create(&session, now)?;
    if tamer::run::require_terminal().is_err() {
        let _ = writeln!(
            std::io::stdout(),
            "Saved to {}\nContinue it with: tamer resume {}",
            held.path().display(),
            cli::shell_word(held.path())
        );
        return Ok(());
    }
    let app = App::with_session(script, session, now);
    let mut app = prepared.equip(app);
    finish(tamer::run::interactive(&mut app, store, Some(held))?)
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

/// `tamer story`: a story on `record`, opened like `tamer resume` (under
/// its lock, on the session screen); with `list`, its stories.
fn story(
    store: &Store,
    screen: Screen,
    record: &std::path::Path,
    title: Option<&str>,
    minutes: u32,
    list: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let name = record
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if list {
        let session = Store::load(record)?;
        let _ = write!(
            std::io::stdout(),
            "{}",
            tamer::story::listing(&session, &name)
        );
        return Ok(());
    }
    let title = title.unwrap_or_default();
    let (script, prepared) = prepare(store, screen)?;
    // Without a terminal nothing is written (not even a lock file); what
    // would stop the story is still said.
    if let Err(no_terminal) = tamer::run::require_terminal() {
        let mut session = Store::load(record)?;
        session
            .start_story(title, minutes, now)
            .map_err(|why| Error::Usage(format!("{}: {why}", record.display())))?;
        return Err(no_terminal);
    }
    let (held, session, version) = tamer::story::open(store, record, title, minutes, now)?;
    let mut app = prepared.equip(App::with_session(script, session, now));
    app.resumed(now);
    app.status = Some(if version < tamer::session::record::VERSION {
        app::migrated_note(
            &tamer::store::migration_backup_path(held.file(), version),
            version,
        )
    } else {
        format!(
            "Story \"{}\": {minutes} minutes on the change, dealing the continuous deck (c shows the card)",
            tamer::text::clean(title.trim())
        )
    });
    finish(tamer::run::interactive(&mut app, store, Some(held))?)
}

/// `tamer followup`: prints what each record left undone; `Error::Flagged`
/// (exit 1) when a mitigation is overdue. Every record is read before
/// anything is printed, so an unreadable one (exit 2) prints nothing.
fn followup(records: &[PathBuf], format: FollowupFormat, today: chrono::NaiveDate) -> Result<()> {
    use tamer::followup::Followup;
    let mut lists = Vec::new();
    for path in records {
        let session = Store::load(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        lists.push((name, Followup::of(&session, today)));
    }
    let overdue = lists.iter().any(|(_, l)| l.overdue() > 0);
    let out = if format == FollowupFormat::Json && lists.len() > 1 {
        // Several records: one JSON array.
        let all: Vec<&Followup> = lists.iter().map(|(_, l)| l).collect();
        serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
    } else {
        let each: Vec<String> = lists
            .iter()
            .map(|(name, list)| match format {
                FollowupFormat::Text => list.text(name),
                FollowupFormat::Md => list.markdown(name),
                FollowupFormat::Json => list.json(),
            })
            .collect();
        each.join("\n")
    };
    let _ = write!(std::io::stdout(), "{out}");
    if overdue {
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
            checked(&report, problems)
        }
    }
}

/// Prints a check's report (`decks check`, `practice --check`); an error
/// (exit 1) when it found problems.
fn checked(report: &str, problems: usize) -> Result<()> {
    let _ = write!(std::io::stdout(), "{report}");
    if problems > 0 {
        return Err(Error::Usage(format!(
            "{problems} problem{} found",
            if problems == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}
