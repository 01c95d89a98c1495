//! The only module that touches the file system: session records (atomic
//! saves, private permissions, listing, loading) and the user's phase script.
//!
//! Records live in `<data dir>/sessions/` (on Linux `$XDG_DATA_HOME/tamer/sessions`);
//! user configuration in `<config dir>/` (on Linux `$XDG_CONFIG_HOME/tamer/`).
//! Files are 0600 and folders 0700: a threat model is an attack plan in the
//! wrong hands [0.4.?].

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::deck::Library;
use crate::error::{Error, Result};
use crate::session::record::{self, Summary};
use crate::session::{PhaseScript, Session, script};

/// A record found in the sessions folder; `summary` is the reason it cannot be
/// read when it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    pub summary: std::result::Result<Summary, String>,
}

#[derive(Debug, Clone)]
pub struct Store {
    data_dir: PathBuf,
    config_dir: PathBuf,
}

impl Store {
    /// The platform's directories for tamer (XDG on Linux).
    pub fn from_env() -> Result<Self> {
        let dirs = directories::ProjectDirs::from("", "", "tamer").ok_or(Error::NoHome)?;
        Ok(Self::new(dirs.data_dir(), dirs.config_dir()))
    }

    pub fn new(data_dir: impl Into<PathBuf>, config_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            config_dir: config_dir.into(),
        }
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }

    pub fn config_dir(&self) -> &Path {
        &self.config_dir
    }

    /// Where a user's phase script would be.
    pub fn phase_script_path(&self) -> PathBuf {
        self.config_dir.join("decks").join("phases.ron")
    }

    /// The user's phase script if there is one, else the built-in one.
    pub fn phase_script(&self) -> Result<PhaseScript> {
        let path = self.phase_script_path();
        match fs::read_to_string(&path) {
            Ok(text) => PhaseScript::parse(&path.display().to_string(), &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                PhaseScript::parse(script::BUILTIN_NAME, script::BUILTIN)
            }
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Where user decks live.
    pub fn decks_dir(&self) -> PathBuf {
        self.config_dir.join("decks")
    }

    /// The user's deck files (every `.ron` in the decks folder except the
    /// phase script), sorted by name, each with its text or why it could not
    /// be read.
    pub fn user_decks(&self) -> Vec<(PathBuf, std::result::Result<String, String>)> {
        let Ok(entries) = fs::read_dir(self.decks_dir()) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .filter(|p| p.file_name().is_some_and(|n| n != "phases.ron"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let text = fs::read_to_string(&p).map_err(|e| format!("cannot read the file: {e}"));
                (p, text)
            })
            .collect()
    }

    /// The built-in decks with the user's merged over them.
    pub fn library(&self) -> Library {
        Library::with_user_decks(self.user_decks())
    }

    /// Reads files named on the command line (for `tamer decks check`).
    pub fn read_text(path: &Path) -> Result<String> {
        fs::read_to_string(path).map_err(|e| Error::io(path, e))
    }

    /// Writes a session to a new file named after its date and title. The
    /// name is reserved with `create_new`, so two tamers starting the same
    /// session in the same minute get two files.
    pub fn create(&self, session: &Session) -> Result<PathBuf> {
        let dir = self.sessions_dir();
        private_dir(&dir)?;
        let stem = format!(
            "{}-{}",
            session.created.format("%Y-%m-%d-%H%M"),
            slug(&session.title)
        );
        for n in 1..10_000 {
            let name = if n == 1 {
                format!("{stem}.ron")
            } else {
                format!("{stem}-{n}.ron")
            };
            let path = dir.join(name);
            match private_file().create_new(true).open(&path) {
                Ok(_) => {
                    self.save(&path, session)?;
                    return Ok(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        Err(Error::io(
            &dir,
            std::io::Error::other("too many records with this name"),
        ))
    }

    /// Replaces the record at `path` atomically: the text goes to a private
    /// temporary file beside it, is flushed to disk, and is renamed over the
    /// record. A crash at any moment leaves either the old or the new record.
    pub fn save(&self, path: &Path, session: &Session) -> Result<()> {
        write_atomic(path, record::to_ron(session).as_bytes())
    }

    pub fn load(path: &Path) -> Result<Session> {
        let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        record::from_ron(&path.display().to_string(), &text)
    }

    /// Every record, most recently changed first.
    pub fn list(&self) -> Result<Vec<Listed>> {
        let dir = self.sessions_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir, e)),
        };
        let mut out: Vec<Listed> = entries
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .map(|path| Listed {
                modified: fs::metadata(&path).and_then(|m| m.modified()).ok(),
                summary: Self::load(&path)
                    .map(|s| Summary::of(&s))
                    .map_err(|e| e.to_string()),
                path,
            })
            .collect();
        out.sort_by(|a, b| {
            b.modified
                .cmp(&a.modified)
                .then_with(|| b.path.cmp(&a.path))
        });
        Ok(out)
    }

    /// The most recently changed readable record.
    pub fn latest(&self) -> Result<PathBuf> {
        self.list()?
            .into_iter()
            .find(|l| l.summary.is_ok())
            .map(|l| l.path)
            .ok_or_else(|| Error::NoRecords(self.sessions_dir().display().to_string()))
    }
}

/// "Payments: API v2!" → "payments-api-v2".
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "session".into()
    } else {
        out.into()
    }
}

/// Creates tamer's sessions folder and the tamer folder above it readable by
/// the owner only; folders further up (`~/.local/share`) are created as the
/// system would, if missing.
fn private_dir(dir: &Path) -> Result<()> {
    let tamer_dir = dir.parent().unwrap_or(dir);
    if let Some(above) = tamer_dir.parent() {
        fs::create_dir_all(above).map_err(|e| Error::io(above, e))?;
    }
    for d in [tamer_dir, dir] {
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(d) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(Error::io(d, e)),
        }
    }
    Ok(())
}

/// Options for a new file only its owner can read and write.
fn private_file() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = private_file()
        .create(true)
        .truncate(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_data()
        })
        .and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};

    fn store(tmp: &tempfile::TempDir) -> Store {
        Store::new(tmp.path().join("data"), tmp.path().join("config"))
    }

    fn session(title: &str) -> Session {
        let clock = FixedClock::workshop_morning();
        Session::new(title, 60, vec![], &PhaseScript::builtin(), clock.now())
    }

    #[test]
    fn slugs_are_short_and_safe() {
        assert_eq!(slug("Payments: API v2!"), "payments-api-v2");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("€€€"), "session");
    }

    #[test]
    fn create_save_load_list() -> Result<()> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io(Path::new("tmp"), e))?;
        let store = store(&tmp);
        let mut s = session("Checkout");
        let path = store.create(&s)?;
        assert!(path.ends_with("sessions/2026-01-05-0900-checkout.ron"));
        let again = store.create(&s)?;
        assert!(again.ends_with("2026-01-05-0900-checkout-2.ron"));
        s.capture_threat("Card testing", s.created);
        store.save(&path, &s)?;
        assert_eq!(Store::load(&path)?, s);
        let listed = store.list()?;
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|l| l.summary.is_ok()));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn records_are_private() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().map_err(|e| Error::io(Path::new("tmp"), e))?;
        let store = store(&tmp);
        let path = store.create(&session("Secret"))?;
        let mode = |p: &Path| fs::metadata(p).map(|m| m.permissions().mode() & 0o777).ok();
        assert_eq!(mode(&path), Some(0o600));
        assert_eq!(mode(&store.sessions_dir()), Some(0o700));
        assert_eq!(mode(&tmp.path().join("data")), Some(0o700));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn only_tamers_own_folders_are_made_private() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().map_err(|e| Error::io(Path::new("tmp"), e))?;
        let store = Store::new(tmp.path().join("share/tamer"), tmp.path().join("config"));
        store.create(&session("Secret"))?;
        let mode = |p: &Path| fs::metadata(p).map(|m| m.permissions().mode() & 0o777).ok();
        // A folder made the ordinary way, for comparison under this umask.
        let plain = tmp.path().join("plain");
        fs::create_dir_all(&plain).map_err(|e| Error::io(&plain, e))?;
        assert_eq!(mode(&tmp.path().join("share")), mode(&plain));
        assert_eq!(mode(&tmp.path().join("share/tamer")), Some(0o700));
        assert_eq!(mode(&store.sessions_dir()), Some(0o700));
        Ok(())
    }

    #[test]
    fn a_broken_record_is_listed_with_its_reason_and_skipped_by_latest() -> Result<()> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io(Path::new("tmp"), e))?;
        let store = store(&tmp);
        let good = store.create(&session("Good"))?;
        let bad = store.sessions_dir().join("zzz-bad.ron");
        fs::write(&bad, "(version: 1, session: (").map_err(|e| Error::io(&bad, e))?;
        let listed = store.list()?;
        let broken = listed
            .iter()
            .find(|l| l.path == bad)
            .map(|l| l.summary.clone());
        assert!(matches!(broken, Some(Err(ref m)) if m.contains("zzz-bad.ron:1:")));
        assert_eq!(store.latest()?, good);
        // The broken file is untouched.
        assert_eq!(
            fs::read_to_string(&bad).ok().as_deref(),
            Some("(version: 1, session: (")
        );
        Ok(())
    }

    #[test]
    fn no_records_is_a_clear_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let err = store(&tmp).latest().unwrap_err().to_string();
        assert!(err.starts_with("no session records in "), "{err}");
        assert!(err.ends_with("start one with `tamer new`"), "{err}");
    }

    #[test]
    fn a_broken_phase_script_override_is_an_error_with_position() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let store = store(&tmp);
        let path = store.phase_script_path();
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, "(reference_minutes: 90, phases: [(number: 0,]\n").expect("write");
        let err = store.phase_script().unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:1:", path.display())), "{err}");
    }
}
