//! Helpers for the command-line tests: a private home for every test, the
//! real binary run plainly (with a time limit) or in a pseudo-terminal, and a
//! small model of the screen it draws.

#![allow(dead_code)]

#[cfg(unix)]
pub mod pty;
pub mod screen;

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_tamer");

/// How long anything may take before a test gives up: generous, so a loaded
/// two-core machine does not make the tests flaky; a passing test never
/// waits this long.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A temporary HOME with its own XDG data and config folders, so no test
/// touches real user data. Removed when dropped.
pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("create a temporary home"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn data_home(&self) -> PathBuf {
        self.root().join("data")
    }

    pub fn config_home(&self) -> PathBuf {
        self.root().join("config")
    }

    /// `$XDG_DATA_HOME/tamer/sessions`, where records go.
    pub fn sessions_dir(&self) -> PathBuf {
        self.data_home().join("tamer").join("sessions")
    }

    /// `$XDG_CONFIG_HOME/tamer/decks/phases.ron`, the phase script override.
    pub fn phase_script(&self) -> PathBuf {
        self.config_home()
            .join("tamer")
            .join("decks")
            .join("phases.ron")
    }

    /// The `.ron` records in the sessions folder, sorted.
    pub fn records(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = match std::fs::read_dir(self.sessions_dir()) {
            Ok(entries) => entries
                .map(|e| e.expect("read the sessions folder").path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("cannot read {}: {e}", self.sessions_dir().display()),
        };
        out.sort();
        out
    }

    /// The one record there is; fails the test if there are none or several.
    #[track_caller]
    pub fn only_record(&self) -> PathBuf {
        let records = self.records();
        assert_eq!(
            records.len(),
            1,
            "expected exactly one record, found {records:?}"
        );
        records.into_iter().next().expect("one record")
    }

    /// The whole environment the binary gets: nothing of the real user's.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let mut env = vec![
            ("HOME", self.root().into()),
            ("XDG_DATA_HOME", self.data_home().into()),
            ("XDG_CONFIG_HOME", self.config_home().into()),
        ];
        if let Some(path) = std::env::var_os("PATH") {
            env.push(("PATH", path));
        }
        env
    }

    /// The binary with `args` in this home, stdin closed (not a terminal).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .envs(self.env())
            .current_dir(self.root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs the binary without a terminal; fails the test if it does not
    /// finish within [`TIMEOUT`].
    #[track_caller]
    pub fn run(&self, args: &[&str]) -> Run {
        run_with_limit(self.command(args), TIMEOUT)
    }

    /// `tamer list`, which must succeed; its standard output.
    #[track_caller]
    pub fn list(&self) -> String {
        let run = self.run(&["list"]);
        assert!(run.status.success(), "tamer list failed: {run:?}");
        run.stdout
    }

    /// The columns of the `tamer list` row for `title` after the title:
    /// date, time, the phase ("0 of 4" as three words, or "finished"), the
    /// threat count and the file.
    #[track_caller]
    pub fn list_row(&self, title: &str) -> Vec<String> {
        let listing = self.list();
        let row = listing
            .lines()
            .find_map(|l| l.strip_prefix(title).filter(|rest| rest.starts_with(' ')))
            .unwrap_or_else(|| panic!("no row for {title:?} in:\n{listing}"));
        row.split_whitespace().map(str::to_owned).collect()
    }
}

impl Default for Home {
    fn default() -> Self {
        Self::new()
    }
}

/// What a plain run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

#[track_caller]
fn run_with_limit(mut cmd: Command, limit: Duration) -> Run {
    let mut child = cmd.spawn().expect("start tamer");
    let pipe = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut out);
            }
            String::from_utf8_lossy(&out).into_owned()
        })
    };
    let stdout = pipe(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = pipe(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for tamer") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "tamer {:?} did not finish within {limit:?}",
                cmd.get_args().collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// The `LINE:COL` right after `prefix:` in `text` (as in `FILE:LINE:COL: why`).
pub fn position_after(text: &str, prefix: &str) -> Option<(usize, usize)> {
    let at = text.find(&format!("{prefix}:"))?;
    let mut parts = text[at + prefix.len() + 1..].splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let col = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((line, col))
}
