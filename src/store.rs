//! The only module that touches the file system: session records (one
//! writer per record, atomic saves with a backup, private permissions,
//! listing from summaries, archive), the user's phase script and decks.
//!
//! Records live in `<data dir>/sessions/` (on Linux `$XDG_DATA_HOME/tamer/sessions`),
//! archived ones in `<data dir>/archive/`; user configuration in
//! `<config dir>/` (on Linux `$XDG_CONFIG_HOME/tamer/`). Files are 0600 and
//! folders 0700: a threat model is an attack plan in the wrong hands [0.4.?].
//!
//! Beside a record `NAME.ron` there may be:
//! - `.NAME.ron.lock`: held (an OS lock) by the one tamer writing the record;
//!   it says who, for the message another tamer shows. The lock goes with
//!   the process, so a tamer that died leaves no obstacle.
//! - `NAME.ron.bak`: the version before the last save.
//! - `NAME.ron.vN.bak`: the original of a record migrated from version N.
//! - `.NAME.ron.PID.tmp`: a save in progress; a stale one is removed when the
//!   record is next opened for writing.

use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Utc};

use crate::deck::{Library, Skipped};
use crate::error::{Error, Result};
use crate::session::record::{self, Loaded, Summary};
use crate::session::{PhaseScript, Session, script};

/// The largest file tamer reads: records, decks, phase scripts, imports.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How much of a record a listing reads to find its summary.
const HEAD_BYTES: usize = 64 * 1024;

/// A record found in a sessions folder; `summary` is the reason it cannot be
/// read when it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    pub summary: std::result::Result<Summary, String>,
    /// Who has it open for writing, when another tamer does.
    pub open_elsewhere: Option<String>,
}

impl Listed {
    /// Whether the record is a practice run (`tamer practice`), from its
    /// summary; listings keep those apart from the team's records.
    pub fn is_practice(&self) -> bool {
        self.summary.as_ref().is_ok_and(|s| s.practice.is_some())
    }
}

/// A record opened for writing: this process holds its lock until the value
/// is dropped, and only through it can the record be saved.
#[derive(Debug)]
pub struct Held {
    /// The record as it was named (what the user sees).
    path: PathBuf,
    /// The file itself, symbolic links resolved: what is locked and written.
    file: PathBuf,
    lock_path: PathBuf,
    lock: fs::File,
}

impl Held {
    /// The record as it was named when opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file that is locked and written: [`Held::path`] with symbolic
    /// links resolved. Its backups are kept beside it.
    pub fn file(&self) -> &Path {
        &self.file
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // Removed while still locked, so nobody can be holding the file
        // that is unlinked; a tamer that opened it meanwhile notices (its
        // lock file is no longer the one on disk) and tries again.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.lock_path);
        let _ = self.lock.unlock();
    }
}

/// The file that guards `record`.
fn lock_path(record: &Path) -> PathBuf {
    sibling(record, ".", ".lock")
}

/// The folder holding `path`: "." for a bare file name, whose `parent()` is
/// the empty path that no folder operation accepts.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `path` with symbolic links resolved, so that every tamer locks and
/// writes the same file however it was named (a link to a record gets no
/// second writer, and a save replaces the record, not the link).
fn real_path(path: &Path) -> Result<PathBuf> {
    fs::canonicalize(path).map_err(|e| Error::io(path, e))
}

/// `dir/PREFIX NAME SUFFIX` for the record `dir/NAME`.
fn sibling(record: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let name = record
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    record.with_file_name(format!("{prefix}{name}{suffix}"))
}

/// Where the version before the last save is kept.
pub fn backup_path(record: &Path) -> PathBuf {
    sibling(record, "", ".bak")
}

/// Where the original of a record migrated from `version` is kept.
pub fn migration_backup_path(record: &Path, version: u32) -> PathBuf {
    sibling(record, "", &format!(".v{version}.bak"))
}

#[derive(Debug, Clone)]
pub struct Store {
    data_dir: PathBuf,
    config_dir: PathBuf,
    /// Where rescue copies go; by default the temporary folder, else home.
    rescue_dir: Option<PathBuf>,
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
            rescue_dir: None,
        }
    }

    /// Writes rescue copies to `dir` instead of the temporary folder.
    pub fn with_rescue_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rescue_dir = Some(dir.into());
        self
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }

    /// Where archived records go, beside the sessions folder.
    pub fn archive_dir(&self) -> PathBuf {
        self.data_dir.join("archive")
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
        match read_capped(&path) {
            Ok(text) => PhaseScript::parse(&path.display().to_string(), &text),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                PhaseScript::parse(script::BUILTIN_NAME, script::BUILTIN)
            }
            Err(e) => Err(e),
        }
    }

    /// Where the team's settings are (`config.ron`).
    pub fn config_path(&self) -> PathBuf {
        self.config_dir.join(crate::config::FILE)
    }

    /// The team's settings: the defaults when there is no `config.ron`;
    /// when there is one that cannot be used, the defaults and every
    /// problem with it (`file:line:col`), to report.
    pub fn config(&self) -> (crate::config::Config, Option<crate::error::Diagnostics>) {
        let path = self.config_path();
        let name = path.display().to_string();
        match read_capped(&path) {
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                (crate::config::Config::default(), None)
            }
            Err(e) => (
                crate::config::Config::default(),
                Some(e.into_diagnostics(&name)),
            ),
            Ok(text) => match crate::config::parse(&name, &text) {
                Ok(config) => (config, None),
                Err(problems) => (crate::config::Config::default(), Some(problems)),
            },
        }
    }

    /// Where user decks live.
    pub fn decks_dir(&self) -> PathBuf {
        self.config_dir.join("decks")
    }

    /// The user's deck files (every `.ron` in the decks folder except the
    /// phase script), sorted by name, each with its text or why it could not
    /// be read.
    pub fn user_decks(&self) -> Vec<(PathBuf, Result<String>)> {
        ron_files(&self.decks_dir())
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n != "phases.ron"))
            .map(|p| {
                let text = read_capped(&p);
                (p, text)
            })
            .collect()
    }

    /// Where a team's own rating schemes live.
    pub fn schemes_dir(&self) -> PathBuf {
        self.config_dir.join("schemes")
    }

    /// The built-in rating schemes with the user's (every `.ron` in the
    /// schemes folder) added; one with a built-in scheme's id and version
    /// replaces it. A broken one is skipped and reported with its problems.
    pub fn schemes(&self) -> (Vec<crate::session::Scheme>, Vec<crate::error::Diagnostics>) {
        let mut schemes = crate::session::rating::builtin_schemes();
        let mut skipped = Vec::new();
        for path in ron_files(&self.schemes_dir()) {
            let name = path.display().to_string();
            let parsed = read_capped(&path)
                .map_err(|e| e.into_diagnostics(&name))
                .and_then(|text| crate::session::Scheme::parse(&name, &text));
            match parsed {
                Ok(scheme) => {
                    schemes.retain(|s| !(s.id == scheme.id && s.version == scheme.version));
                    schemes.push(scheme);
                }
                Err(problems) => skipped.push(problems),
            }
        }
        (schemes, skipped)
    }

    /// The built-in decks with the user's merged over them. A deck that
    /// cannot be read is skipped with its problem said once, at its place
    /// (the first byte that is not UTF-8) or about the whole file.
    pub fn library(&self) -> Library {
        let (readable, unreadable) = readable(self.user_decks());
        let mut library = Library::with_user_decks(readable);
        library.skipped.extend(
            unreadable
                .into_iter()
                .map(|(path, problems)| Skipped { path, problems }),
        );
        library.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        library
    }

    /// Where user practice scenarios live.
    pub fn scenarios_dir(&self) -> PathBuf {
        self.config_dir.join("scenarios")
    }

    /// The user's scenario files (every `.ron` in the scenarios folder),
    /// sorted by name, each with its text or why it could not be read.
    pub fn user_scenarios(&self) -> Vec<(PathBuf, Result<String>)> {
        ron_files(&self.scenarios_dir())
            .into_iter()
            .map(|p| {
                let text = read_capped(&p);
                (p, text)
            })
            .collect()
    }

    /// The built-in practice scenarios with the user's added or replacing
    /// them; a broken or unreadable one is skipped with its problems.
    pub fn scenarios(&self) -> crate::practice::scenario::Library {
        use crate::practice::scenario::{Library as Scenarios, Skipped as Unloaded};
        let (readable, unreadable) = readable(self.user_scenarios());
        let mut library = Scenarios::with_user_scenarios(readable);
        library.skipped.extend(
            unreadable
                .into_iter()
                .map(|(path, problems)| Unloaded { path, problems }),
        );
        library.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        library
    }

    /// Reads files named on the command line (for `tamer decks check`).
    pub fn read_text(path: &Path) -> Result<String> {
        read_capped(path)
    }

    /// Writes a new session to a new file named after its date and title,
    /// and holds it. The file appears complete or not at all (written aside,
    /// then linked into place only if the name is free), and a name whose
    /// lock another tamer holds is never taken.
    pub fn create(&self, session: &Session, now: DateTime<Utc>) -> Result<Held> {
        let dir = self.sessions_dir();
        private_dir(&dir)?;
        let bytes = record::to_ron(session)?;
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
            if path.exists() {
                continue;
            }
            let held = match lock(&path, now) {
                Ok(held) => held,
                Err(Error::Locked { .. }) => continue,
                Err(e) => return Err(e),
            };
            if place_new(&path, bytes.as_bytes())? {
                return Ok(held);
            }
        }
        Err(Error::io(
            &dir,
            std::io::Error::other("too many records with this name"),
        ))
    }

    /// Writes a new session at `path` (which must not exist yet) and holds
    /// it, as [`Store::create`] does in the sessions folder.
    pub fn create_at(&self, path: &Path, session: &Session, now: DateTime<Utc>) -> Result<Held> {
        let bytes = record::to_ron(session)?;
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} exists already; tamer writes a new record only where there is none",
                path.display()
            )));
        }
        let held = lock(path, now)?;
        if place_new(path, bytes.as_bytes())? {
            Ok(held)
        } else {
            Err(Error::Usage(format!(
                "{} appeared while it was being written; nothing was overwritten",
                path.display()
            )))
        }
    }

    /// Writes an export: one text to `path`, or (for `issues`) each file
    /// into the folder `path`. Every file is written aside and renamed into
    /// place, 0600, so a target is never half-written; a file that is a
    /// tamer record is never replaced by an export. Returns what was
    /// written.
    pub fn write_export(
        &self,
        path: &Path,
        output: &crate::export::Output,
    ) -> Result<Vec<PathBuf>> {
        let guard = |file: &Path| -> Result<()> {
            if file.is_dir() {
                return Err(Error::Usage(format!(
                    "{} is a folder; name a file to write the export to",
                    file.display()
                )));
            }
            let head = fs::File::open(file).ok().and_then(|mut f| {
                let mut head = [0u8; 24];
                let n = std::io::Read::read(&mut f, &mut head).ok()?;
                Some(String::from_utf8_lossy(&head[..n]).into_owned())
            });
            if head.is_some_and(|h| h.trim_start().starts_with('(') && h.contains("version")) {
                return Err(Error::Usage(format!(
                    "{} is a tamer record; an export never replaces one (choose another -o)",
                    file.display()
                )));
            }
            Ok(())
        };
        match output {
            crate::export::Output::One(text) => {
                guard(path)?;
                write_atomic(path, text.as_bytes(), false)?;
                Ok(vec![path.to_path_buf()])
            }
            crate::export::Output::Files(files) => {
                if path.is_file() {
                    return Err(Error::Usage(format!(
                        "{} is a file; the issues export writes a folder of files",
                        path.display()
                    )));
                }
                fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
                let mut written = Vec::new();
                for (name, text) in files {
                    let plain = Path::new(name)
                        .file_name()
                        .is_some_and(|n| n == name.as_str() && !name.starts_with('.'));
                    if !plain {
                        return Err(Error::Internal(format!(
                            "an export file name must be a plain name, not {name:?}"
                        )));
                    }
                    let file = path.join(name);
                    guard(&file)?;
                    write_atomic(&file, text.as_bytes(), false)?;
                    written.push(file);
                }
                Ok(written)
            }
        }
    }

    /// Opens a record for writing: takes its lock (refused with who holds
    /// it, when another tamer does), reads, migrates and checks it. A
    /// migrated record's original is kept beside it before anything is
    /// written in the new version. A symbolic link is followed: the file it
    /// leads to is locked and written ([`Held::file`]).
    pub fn open(&self, path: &Path, now: DateTime<Utc>) -> Result<(Held, Loaded)> {
        let file = real_path(path)?;
        let mut held = lock(&file, now)?;
        held.path = path.to_path_buf();
        let text = read_capped(&file)?;
        let loaded = record::read(&path.display().to_string(), &text)?;
        if loaded.migrated() {
            let backup = migration_backup_path(&file, loaded.version);
            if !backup.exists() {
                place_new(&backup, text.as_bytes())?;
            }
        }
        Ok((held, loaded))
    }

    /// Replaces the held record atomically, keeping the version it replaces
    /// as `NAME.ron.bak`: the text goes to a private temporary file beside
    /// it, is flushed to disk, and is renamed over the record; the folder is
    /// flushed too. A crash at any moment leaves the old or the new record.
    pub fn save(&self, held: &Held, session: &Session) -> Result<()> {
        let bytes = record::to_ron(session)?;
        write_atomic(&held.file, bytes.as_bytes(), true)
    }

    /// Writes `session` where it can be rescued when its record cannot be
    /// saved: the temporary folder, else the home folder. Returns the path.
    pub fn rescue(
        &self,
        session: &Session,
        record: Option<&Path>,
        now: DateTime<Utc>,
    ) -> Result<PathBuf> {
        let bytes = record::to_ron(session)?;
        let stem = record.and_then(|p| p.file_stem()).map_or_else(
            || slug(&session.title),
            |s| s.to_string_lossy().into_owned(),
        );
        let stamp = now.format("%Y%m%d-%H%M%S");
        let mut last = None;
        let dirs: Vec<PathBuf> = match &self.rescue_dir {
            Some(dir) => vec![dir.clone()],
            None => std::iter::once(std::env::temp_dir())
                .chain(directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()))
                .collect(),
        };
        for dir in dirs {
            for n in 1..100 {
                let name = if n == 1 {
                    format!("tamer-rescue-{stem}-{stamp}.ron")
                } else {
                    format!("tamer-rescue-{stem}-{stamp}-{n}.ron")
                };
                let path = dir.join(name);
                match place_new(&path, bytes.as_bytes()) {
                    Ok(true) => return Ok(path),
                    Ok(false) => continue,
                    Err(e) => {
                        last = Some(e);
                        break;
                    }
                }
            }
        }
        Err(last.unwrap_or_else(|| Error::Internal("nowhere to write a rescue copy".into())))
    }

    /// Reads a record without taking its lock (read-only opening).
    pub fn load(path: &Path) -> Result<Session> {
        let text = read_capped(path)?;
        record::from_ron(&path.display().to_string(), &text)
    }

    /// Every record in the sessions folder, most recently changed first.
    pub fn list(&self) -> Result<Vec<Listed>> {
        list_dir(&self.sessions_dir())
    }

    /// Every archived record, most recently changed first.
    pub fn list_archived(&self) -> Result<Vec<Listed>> {
        list_dir(&self.archive_dir())
    }

    /// The most recently changed record that loads in full (its summary
    /// alone can read well above a broken body), with the newer ones that
    /// do not load and why, so the caller can say it passed them over.
    pub fn latest(&self) -> Result<(PathBuf, Vec<Error>)> {
        let mut passed = Vec::new();
        for listed in self.list()? {
            match Store::load(&listed.path) {
                Ok(_) => return Ok((listed.path, passed)),
                Err(e) => passed.push(e),
            }
        }
        // Records that do not open are not "no records": say why the newest
        // does not.
        Err(passed
            .into_iter()
            .next()
            .unwrap_or_else(|| Error::NoRecords(self.sessions_dir().display().to_string())))
    }

    /// Moves a record (and its backups) to the archive. Refused while
    /// another tamer has it open.
    pub fn archive(&self, path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
        let dir = self.archive_dir();
        private_dir(&dir)?;
        move_record(path, &dir, now)
    }

    /// Moves an archived record back to the sessions folder.
    pub fn restore(&self, path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
        let dir = self.sessions_dir();
        private_dir(&dir)?;
        move_record(path, &dir, now)
    }

    /// Deletes an archived record and its backups for good. Only archived
    /// records can be deleted, so a slip in the launcher is recoverable. A
    /// symbolic link is followed: the file it leads to is deleted.
    pub fn delete(&self, path: &Path, now: DateTime<Utc>) -> Result<()> {
        let file = real_path(path)?;
        let archive = fs::canonicalize(self.archive_dir()).ok();
        if file.parent() != archive.as_deref() {
            return Err(Error::Usage(format!(
                "{} is not archived; archive it first, then delete it from the archive",
                path.display()
            )));
        }
        let _held = lock(&file, now)?;
        fs::remove_file(&file).map_err(|e| Error::io(path, e))?;
        for extra in backups(&file) {
            let _ = fs::remove_file(extra);
        }
        sync_dir(&file);
        Ok(())
    }
}

/// The backups kept beside a record.
fn backups(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![backup_path(path)];
    out.extend((1..record::VERSION).map(|v| migration_backup_path(path, v)));
    out
}

/// Moves a record and its backups into `dir`, holding its lock meanwhile.
/// A symbolic link is followed: the file it leads to is moved. Nothing in
/// `dir` is ever replaced.
fn move_record(path: &Path, dir: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let file = real_path(path)?;
    let name = file
        .file_name()
        .ok_or_else(|| Error::Usage(format!("{} is not a record", path.display())))?;
    let to = dir.join(name);
    let _held = lock(&file, now)?;
    match move_new(&file, &to) {
        Ok(true) => {}
        Ok(false) => {
            return Err(Error::Usage(format!(
                "{} already exists; move or rename it first",
                to.display()
            )));
        }
        Err(e) => return Err(Error::io(path, e)),
    }
    for extra in backups(&file) {
        if let Some(n) = extra.file_name() {
            // A backup whose name is taken in `dir` stays where it is.
            let _ = move_new(&extra, &dir.join(n));
        }
    }
    sync_dir(&file);
    sync_dir(&to);
    Ok(to)
}

/// Moves `from` to `to` unless `to` exists (`false` then, and nothing
/// moves): linked to its new name, which fails rather than replace a file,
/// then unlinked from the old one. Where hard links are not supported, a
/// rename after a look, which leaves a moment for a clash.
fn move_new(from: &Path, to: &Path) -> std::io::Result<bool> {
    match fs::hard_link(from, to) {
        Ok(()) => {
            if let Err(e) = fs::remove_file(from) {
                let _ = fs::remove_file(to);
                return Err(e);
            }
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(e),
        Err(_) => {
            if fs::symlink_metadata(to).is_ok() {
                return Ok(false);
            }
            fs::rename(from, to).map(|()| true)
        }
    }
}

/// Lists the records of one folder from their summaries.
fn list_dir(dir: &Path) -> Result<Vec<Listed>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut records = Vec::new();
    let mut locks = HashSet::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            if let Some(record) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".lock")) {
                locks.insert(record.to_owned());
            }
        } else if name.ends_with(".ron") {
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            records.push((entry.path(), name, modified));
        }
    }
    let mut out: Vec<Listed> = records
        .into_iter()
        .map(|(path, name, modified)| Listed {
            open_elsewhere: if locks.contains(&name) {
                holder_if_locked(&path)
            } else {
                None
            },
            summary: summary(&path).map_err(|e| e.to_string()),
            modified,
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

/// A record's summary from the top of the file; the whole record is read
/// only when the top has none (an older version) or does not read.
fn summary(path: &Path) -> Result<Summary> {
    let mut file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let marker = format!("\n{}", record::SESSION_LINE);
    while head.len() < HEAD_BYTES {
        let n = file.read(&mut chunk).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&head);
        if text.contains(&marker) {
            if let Some(summary) = record::read_summary(&text) {
                return Ok(summary);
            }
            break;
        }
    }
    Store::load(path).map(|s| Summary::of(&s))
}

/// Every `.ron` file in `dir`, sorted by name; none when the folder is
/// missing or cannot be listed.
fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    paths
}

/// Splits user files into those read (for a library to parse and check)
/// and those that could not be read, each with its problem said once, at
/// its place (the first byte that is not UTF-8) or about the whole file.
fn readable(
    files: Vec<(PathBuf, Result<String>)>,
) -> (
    Vec<crate::deck::UserFile>,
    Vec<(PathBuf, crate::error::Diagnostics)>,
) {
    let mut unreadable = Vec::new();
    let read = files
        .into_iter()
        .filter_map(|(path, text)| match text {
            Ok(text) => Some((path, Ok(text))),
            Err(e) => {
                let problems = e.into_diagnostics(&path.display().to_string());
                unreadable.push((path, problems));
                None
            }
        })
        .collect();
    (read, unreadable)
}

/// Reads a text file of at most [`MAX_FILE_BYTES`].
fn read_capped(path: &Path) -> Result<String> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let too_big = |size| Error::TooBig {
        path: path.display().to_string(),
        size,
        cap: MAX_FILE_BYTES,
    };
    if size > MAX_FILE_BYTES {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        Error::invalid(crate::error::Diagnostic {
            file: path.display().to_string(),
            line,
            col,
            message: "this is not UTF-8 text".into(),
        })
    })
}

/// The 1-based line and column just after `valid` bytes of text.
fn line_col(valid: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(valid);
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Who holds the lock of `record`, if anyone does now. The probe is a
/// shared lock, let go at once: it never looks like a writer to another
/// lister, and a tamer opening the record meanwhile tries again
/// ([`LOCK_TRIES`]) rather than being refused.
fn holder_if_locked(record: &Path) -> Option<String> {
    let path = lock_path(record);
    let file = fs::OpenOptions::new().read(true).open(&path).ok()?;
    let held = match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(_) => true,
    };
    drop(file);
    held.then(|| describe_holder(&path))
}

/// " (pid 4242 on laptop, since 2026-11-29 14:02 UTC)", from the lock file.
fn describe_holder(lock: &Path) -> String {
    let text = fs::read_to_string(lock).unwrap_or_default();
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| crate::text::clean(v.trim()))
            .filter(|v| !v.is_empty())
    };
    let mut parts = Vec::new();
    if let Some(pid) = field("pid=") {
        parts.push(format!("pid {pid}"));
    }
    if let Some(host) = field("host=") {
        parts.push(format!("on {host}"));
    }
    let mut out = parts.join(" ");
    if let Some(since) = field("since=") {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&format!("since {since}"));
    }
    if out.is_empty() {
        String::new()
    } else {
        format!(" ({out})")
    }
}

/// This machine's name, where it can be found.
fn host_name() -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        let uname = rustix::system::uname();
        let name = uname.nodename().to_string_lossy().into_owned();
        if !name.is_empty() {
            return Some(name);
        }
    }
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
}

/// How many times taking a lock is tried before it is reported as held,
/// [`LOCK_PAUSE`] apart: a listing's probe ([`holder_if_locked`]) holds it
/// for a moment, which must not refuse a tamer opening the record.
const LOCK_TRIES: u32 = 10;

/// The pause between two tries to take a lock (10 tries take about 50 ms).
const LOCK_PAUSE: std::time::Duration = std::time::Duration::from_millis(5);

/// Moments in taking a lock where a test steps in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LockStep {
    /// The lock file is open, not yet locked.
    Opened,
    /// Someone holds the lock; it is tried again after this.
    Busy,
}

/// Takes the lock of `record`, or says who holds it. The lock is the OS's
/// (`flock` on Unix), so it ends with the process that holds it.
fn lock(record: &Path, now: DateTime<Utc>) -> Result<Held> {
    lock_with(record, now, |step| {
        if step == LockStep::Busy {
            std::thread::sleep(LOCK_PAUSE);
        }
    })
}

/// [`lock`], calling `step` at the moments a test needs to reach.
fn lock_with(record: &Path, now: DateTime<Utc>, mut step: impl FnMut(LockStep)) -> Result<Held> {
    let path = lock_path(record);
    let cannot = |source| Error::Unlockable {
        path: record.display().to_string(),
        folder: folder_of(record).display().to_string(),
        source,
    };
    let mut busy = 0;
    for _ in 0..16 {
        let file = loop {
            let file = private_file()
                .read(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(cannot)?;
            step(LockStep::Opened);
            match file.try_lock() {
                Ok(()) => break file,
                Err(fs::TryLockError::WouldBlock) => {
                    busy += 1;
                    if busy >= LOCK_TRIES {
                        return Err(Error::Locked {
                            path: record.display().to_string(),
                            holder: describe_holder(&path),
                        });
                    }
                    drop(file);
                    step(LockStep::Busy);
                }
                Err(fs::TryLockError::Error(e)) => return Err(cannot(e)),
            }
        };
        if !still_on_disk(&file, &path) {
            // The holder before us removed it as we opened it: start over.
            continue;
        }
        let mut file = file;
        let info = format!(
            "pid={}\nhost={}\nsince={}\n",
            std::process::id(),
            host_name().unwrap_or_default(),
            now.format("%Y-%m-%d %H:%M UTC")
        );
        let _ = file
            .set_len(0)
            .and_then(|()| file.write_all(info.as_bytes()));
        remove_stale_temps(record);
        return Ok(Held {
            path: record.to_path_buf(),
            file: record.to_path_buf(),
            lock_path: path,
            lock: file,
        });
    }
    Err(Error::io(
        &path,
        std::io::Error::other("the lock file keeps changing; try again"),
    ))
}

/// Whether the open `file` is still the one at `path`.
fn still_on_disk(file: &fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Removes temporary files of earlier saves of `record` (their tamer is
/// gone: we hold the lock).
fn remove_stale_temps(record: &Path) {
    let Some(name) = record.file_name() else {
        return;
    };
    let dir = folder_of(record);
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
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

/// Writes `bytes` to a private temporary file beside `path`, flushed to disk.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let tmp = sibling(path, ".", &format!(".{}.tmp", std::process::id()));
    let result = private_file()
        .create(true)
        .truncate(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_data()
        });
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(Error::io(path, e))
        }
    }
}

/// Puts a new file at `path` with `bytes`, complete or not at all; `false`
/// when `path` exists already (it is left alone).
fn place_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    let dir = folder_of(path);
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = write_temp(path, bytes)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_dir(path);
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(_) => {
            // A file system without hard links: reserve the name, then write.
            match private_file().create_new(true).open(path) {
                Ok(mut f) => {
                    f.write_all(bytes)
                        .and_then(|()| f.sync_data())
                        .map_err(|e| Error::io(path, e))?;
                    sync_dir(path);
                    Ok(true)
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(Error::io(path, e)),
            }
        }
    }
}

/// Replaces `path` with `bytes` atomically; with `backup`, the file it
/// replaces is kept as `path.bak` first.
fn write_atomic(path: &Path, bytes: &[u8], backup: bool) -> Result<()> {
    let tmp = write_temp(path, bytes)?;
    if backup {
        let bak = backup_path(path);
        let bak_tmp = sibling(path, ".", &format!(".{}.bak.tmp", std::process::id()));
        let _ = fs::remove_file(&bak_tmp);
        if fs::hard_link(path, &bak_tmp).is_ok() && fs::rename(&bak_tmp, &bak).is_err() {
            let _ = fs::remove_file(&bak_tmp);
        }
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    sync_dir(path);
    Ok(())
}

/// Flushes the folder holding `path`, so a rename in it survives a power cut.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(folder_of(path)) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
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

    fn now() -> DateTime<Utc> {
        FixedClock::workshop_morning().now()
    }

    fn tmp() -> tempfile::TempDir {
        tempfile::tempdir().expect("tempdir")
    }

    #[test]
    fn create_save_load_list() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let mut s = session("Checkout");
        let held = store.create(&s, now())?;
        let path = held.path().to_path_buf();
        assert!(path.ends_with("sessions/2026-01-05-0900-checkout.ron"));
        let again = store.create(&s, now())?;
        assert!(again.path().ends_with("2026-01-05-0900-checkout-2.ron"));
        // The first save wrote the whole record.
        assert_eq!(Store::load(again.path())?, s);
        s.capture_threat("Card testing", s.created);
        store.save(&held, &s)?;
        assert_eq!(Store::load(&path)?, s);
        let listed = store.list()?;
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|l| l.summary.is_ok()));
        Ok(())
    }

    #[test]
    fn one_writer_per_record() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let s = session("Locked");
        let held = store.create(&s, now())?;
        let err = store.open(held.path(), now()).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, Error::Locked { .. }), "{msg}");
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        assert!(msg.contains("since 2026-01-05 09:00 UTC"), "{msg}");
        // The listing says so too.
        let listed = store.list()?;
        assert!(listed[0].open_elsewhere.is_some());
        // Archiving it is refused while it is open.
        assert!(matches!(
            store.archive(held.path(), now()),
            Err(Error::Locked { .. })
        ));
        let path = held.path().to_path_buf();
        drop(held);
        assert!(store.list()?[0].open_elsewhere.is_none());
        let (again, loaded) = store.open(&path, now())?;
        assert_eq!(loaded.session, s);
        // The lock file is there while the record is held, and goes with it.
        assert!(lock_path(&path).exists());
        drop(again);
        #[cfg(unix)]
        assert!(!lock_path(&path).exists());
        Ok(())
    }

    /// A record reached through a symbolic link is the record: one lock for
    /// both names, and a save replaces the file, not the link.
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_record_leads_to_the_same_lock_and_file() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let mut s = session("Linked");
        let real = store.create(&s, now())?.path().to_path_buf();
        let project = tmp.path().join("project");
        fs::create_dir_all(&project).map_err(|e| Error::io(&project, e))?;
        let link = project.join("alpha.ron");
        std::os::unix::fs::symlink(&real, &link).map_err(|e| Error::io(&link, e))?;

        let (held, _) = store.open(&link, now())?;
        assert_eq!(held.path(), link, "shown as it was named");
        assert_eq!(Some(held.file()), fs::canonicalize(&real).ok().as_deref());
        assert!(matches!(
            store.open(&real, now()),
            Err(Error::Locked { .. })
        ));
        s.capture_threat("Through the link", s.created);
        store.save(&held, &s)?;
        let kind = fs::symlink_metadata(&link).map_err(|e| Error::io(&link, e))?;
        assert!(kind.file_type().is_symlink(), "the link was replaced");
        assert_eq!(Store::load(&real)?, s);
        drop(held);
        // And the other way round.
        let _held = store.open(&real, now())?;
        assert!(matches!(
            store.open(&link, now()),
            Err(Error::Locked { .. })
        ));
        Ok(())
    }

    /// A tamer that opened the lock file just as its holder removed it (on
    /// leaving) must not keep a lock on a file that is gone: the next
    /// tamer would take a second lock on the new file and write too.
    #[test]
    fn a_lock_file_removed_as_it_is_opened_is_taken_again_from_disk() -> Result<()> {
        let tmp = tmp();
        let record = tmp.path().join("r.ron");
        let mut leaving = Some(lock(&record, now())?);
        let held = lock_with(&record, now(), |step| {
            if step == LockStep::Opened {
                // The holder leaves between our open and our lock.
                drop(leaving.take());
            }
        })?;
        assert!(leaving.is_none());
        assert!(
            still_on_disk(&held.lock, &held.lock_path),
            "holding a lock file that is no longer on disk"
        );
        assert!(matches!(
            lock_with(&record, now(), |_| {}),
            Err(Error::Locked { .. })
        ));
        Ok(())
    }

    /// A listing's probe holds the lock for a moment; a tamer opening the
    /// record then tries again instead of being refused.
    #[test]
    fn taking_a_lock_waits_out_a_listings_probe() -> Result<()> {
        let tmp = tmp();
        let record = tmp.path().join("r.ron");
        let path = lock_path(&record);
        let probe = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        probe.lock_shared().map_err(|e| Error::io(&path, e))?;
        let mut probe = Some(probe);
        let mut waits = 0;
        let held = lock_with(&record, now(), |step| {
            if step == LockStep::Busy {
                waits += 1;
                // The probe lets go while the opener waits.
                drop(probe.take());
            }
        })?;
        assert_eq!(waits, 1);
        drop(held);
        // A real holder is reported after the tries, not waited for.
        let _holder = lock(&record, now())?;
        let mut waits = 0;
        let err = lock_with(&record, now(), |step| {
            waits += u32::from(step == LockStep::Busy)
        });
        assert!(matches!(err, Err(Error::Locked { .. })));
        assert_eq!(waits, LOCK_TRIES - 1);
        Ok(())
    }

    /// The probe of a listing is a shared lock: two listings at once do not
    /// see each other as a tamer holding the record.
    #[test]
    fn a_listings_probe_is_not_taken_for_a_holder() -> Result<()> {
        let tmp = tmp();
        let record = tmp.path().join("r.ron");
        let path = lock_path(&record);
        let other = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        other.lock_shared().map_err(|e| Error::io(&path, e))?;
        assert_eq!(holder_if_locked(&record), None);
        drop(other);
        let _held = lock(&record, now())?;
        let holder = holder_if_locked(&record).unwrap_or_default();
        assert!(
            holder.contains(&format!("pid {}", std::process::id())),
            "{holder}"
        );
        Ok(())
    }

    #[test]
    fn a_record_whose_lock_cannot_be_taken_says_so_and_where() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let record = tmp.path().join("x.ron");
        fs::write(&record, record::to_ron(&session("Stuck"))?)
            .map_err(|e| Error::io(&record, e))?;
        // A lock file that cannot be opened for writing, as on a read-only
        // file system (which even root cannot write to).
        let blocker = lock_path(&record);
        fs::create_dir(&blocker).map_err(|e| Error::io(&blocker, e))?;
        let err = store.open(&record, now()).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, Error::Unlockable { .. }), "{msg}");
        let folder = fs::canonicalize(tmp.path()).map_err(|e| Error::io(tmp.path(), e))?;
        assert!(
            msg.contains(&format!(
                "tamer cannot take this record's lock in {}",
                folder.display()
            )),
            "{msg}"
        );
        Ok(())
    }

    #[test]
    fn a_bare_file_name_is_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("rel.ron")), Path::new("."));
        assert_eq!(folder_of(Path::new("")), Path::new("."));
        assert_eq!(folder_of(Path::new("a/rel.ron")), Path::new("a"));
        assert_eq!(folder_of(Path::new("/rel.ron")), Path::new("/"));
    }

    #[test]
    fn a_move_never_replaces_a_file() -> Result<()> {
        let tmp = tmp();
        let from = tmp.path().join("from.ron");
        let to = tmp.path().join("to.ron");
        fs::write(&from, "new").map_err(|e| Error::io(&from, e))?;
        fs::write(&to, "kept").map_err(|e| Error::io(&to, e))?;
        assert!(!move_new(&from, &to).map_err(|e| Error::io(&from, e))?);
        assert_eq!(fs::read_to_string(&to).ok().as_deref(), Some("kept"));
        assert_eq!(fs::read_to_string(&from).ok().as_deref(), Some("new"));
        fs::remove_file(&to).map_err(|e| Error::io(&to, e))?;
        assert!(move_new(&from, &to).map_err(|e| Error::io(&from, e))?);
        assert!(!from.exists());
        assert_eq!(fs::read_to_string(&to).ok().as_deref(), Some("new"));
        Ok(())
    }

    #[test]
    fn a_new_session_never_takes_a_name_another_tamer_holds() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let s = session("Checkout");
        private_dir(&store.sessions_dir())?;
        let first = store.sessions_dir().join("2026-01-05-0900-checkout.ron");
        // Another tamer is creating this name right now: it holds the lock
        // and has not written the record yet.
        let _other = lock(&first, now())?;
        let held = store.create(&s, now())?;
        assert!(held.path().ends_with("2026-01-05-0900-checkout-2.ron"));
        assert!(!first.exists());
        Ok(())
    }

    #[test]
    fn every_save_keeps_the_previous_version_and_stale_temps_go() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let mut s = session("Backup");
        let held = store.create(&s, now())?;
        let path = held.path().to_path_buf();
        let first = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        s.capture_threat("One", s.created);
        store.save(&held, &s)?;
        let bak = backup_path(&path);
        assert_eq!(fs::read_to_string(&bak).ok(), Some(first));
        let second = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        s.capture_threat("Two", s.created);
        store.save(&held, &s)?;
        assert_eq!(fs::read_to_string(&bak).ok(), Some(second));
        // A temporary file left by a tamer that died is removed when the
        // record is next opened for writing.
        let stale = sibling(&path, ".", ".99999.tmp");
        fs::write(&stale, "half").map_err(|e| Error::io(&stale, e))?;
        drop(held);
        let _held = store.open(&path, now())?;
        assert!(!stale.exists());
        // Backups and locks are not listed as records.
        assert_eq!(store.list()?.len(), 1);
        Ok(())
    }

    #[test]
    fn a_version_one_record_is_migrated_with_its_original_kept() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let s = session("Old");
        let v1 = record::to_ron_as(&s, 1)?;
        private_dir(&store.sessions_dir())?;
        let path = store.sessions_dir().join("old.ron");
        fs::write(&path, &v1).map_err(|e| Error::io(&path, e))?;
        // The listing reads it in full (no summary at the top).
        assert_eq!(store.list()?[0].summary, Ok(Summary::of(&s)));
        let (held, loaded) = store.open(&path, now())?;
        assert_eq!(loaded.version, 1);
        assert_eq!(loaded.session, s);
        let original = migration_backup_path(&path, 1);
        assert_eq!(fs::read_to_string(&original).ok().as_deref(), Some(&*v1));
        store.save(&held, &loaded.session)?;
        assert!(
            fs::read_to_string(&path)
                .map_err(|e| Error::io(&path, e))?
                .starts_with(&format!("(\n  version: {},", record::VERSION))
        );
        // The original stays as it was after the save.
        assert_eq!(fs::read_to_string(&original).ok().as_deref(), Some(&*v1));
        Ok(())
    }

    #[test]
    fn archive_restore_and_delete() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let held = store.create(&session("Old news"), now())?;
        let path = held.path().to_path_buf();
        drop(held);
        // Only archived records can be deleted.
        assert!(store.delete(&path, now()).is_err());
        assert!(path.exists());
        let archived = store.archive(&path, now())?;
        assert!(!path.exists());
        assert_eq!(store.list()?.len(), 0);
        assert_eq!(store.list_archived()?.len(), 1);
        let back = store.restore(&archived, now())?;
        assert_eq!(back, path);
        assert_eq!(store.list()?.len(), 1);
        // A record of the same name in the archive is never replaced.
        let other = store.archive_dir().join(path.file_name().expect("name"));
        fs::write(&other, "another record").map_err(|e| Error::io(&other, e))?;
        assert!(store.archive(&path, now()).is_err());
        assert!(path.exists());
        assert_eq!(
            fs::read_to_string(&other).ok().as_deref(),
            Some("another record")
        );
        fs::remove_file(&other).map_err(|e| Error::io(&other, e))?;
        let archived = store.archive(&path, now())?;
        store.delete(&archived, now())?;
        assert!(!archived.exists());
        assert_eq!(store.list_archived()?.len(), 0);
        Ok(())
    }

    #[test]
    fn a_rescue_copy_is_a_readable_record() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp).with_rescue_dir(tmp.path().join("rescue"));
        let s = session("Rescued");
        let path = store.rescue(&s, Some(Path::new("/nowhere/x.ron")), now())?;
        assert!(
            path.file_name()
                .is_some_and(|n| n.to_string_lossy() == "tamer-rescue-x-20260105-090000.ron"),
            "{}",
            path.display()
        );
        assert_eq!(Store::load(&path)?, s);
        // A second rescue in the same second never overwrites the first.
        let again = store.rescue(&s, Some(Path::new("/nowhere/x.ron")), now())?;
        assert!(again.ends_with("tamer-rescue-x-20260105-090000-2.ron"));
        assert_eq!(Store::load(&path)?, s);
        Ok(())
    }

    #[test]
    fn files_over_the_cap_are_refused_unread() -> Result<()> {
        let tmp = tmp();
        let path = tmp.path().join("big.ron");
        let f = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        f.set_len(MAX_FILE_BYTES + 1)
            .map_err(|e| Error::io(&path, e))?;
        let msg = Store::load(&path).unwrap_err().to_string();
        assert!(
            msg.contains("tamer reads files of up to 67108864 bytes"),
            "{msg}"
        );
        Ok(())
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_position() -> Result<()> {
        let tmp = tmp();
        let path = tmp.path().join("bad.ron");
        fs::write(&path, b"(\n  ab\xff").map_err(|e| Error::io(&path, e))?;
        let msg = Store::load(&path).unwrap_err().to_string();
        assert!(
            msg.ends_with("bad.ron:2:5: this is not UTF-8 text"),
            "{msg}"
        );
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn records_are_private() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tmp();
        let store = store(&tmp);
        let held = store.create(&session("Secret"), now())?;
        let mode = |p: &Path| fs::metadata(p).map(|m| m.permissions().mode() & 0o777).ok();
        assert_eq!(mode(held.path()), Some(0o600));
        assert_eq!(mode(&lock_path(held.path())), Some(0o600));
        assert_eq!(mode(&store.sessions_dir()), Some(0o700));
        assert_eq!(mode(&tmp.path().join("data")), Some(0o700));
        store.save(&held, &session("Secret"))?;
        assert_eq!(mode(&backup_path(held.path())), Some(0o600));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn only_tamers_own_folders_are_made_private() -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tmp();
        let store = Store::new(tmp.path().join("share/tamer"), tmp.path().join("config"));
        store.create(&session("Secret"), now())?;
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
    fn listing_reads_only_the_summary_at_the_top() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let s = session("Quick");
        let held = store.create(&s, now())?;
        let path = held.path().to_path_buf();
        drop(held);
        // Break the body: a listing that parsed it would call it unreadable.
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let broken = text.replacen("    timeline: [", "    timeline: [[[ not ron", 1);
        fs::write(&path, &broken).map_err(|e| Error::io(&path, e))?;
        assert_eq!(store.list()?[0].summary, Ok(Summary::of(&s)));
        assert!(Store::load(&path).is_err());
        Ok(())
    }

    #[test]
    fn many_records_are_listed_newest_first() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        for i in 0..200 {
            let mut s = session(&format!("Record {i}"));
            s.created += chrono::Duration::minutes(i);
            drop(store.create(&s, now())?);
        }
        let listed = store.list()?;
        assert_eq!(listed.len(), 200);
        assert!(
            listed
                .iter()
                .all(|l| l.summary.is_ok() && l.open_elsewhere.is_none())
        );
        Ok(())
    }

    #[test]
    fn a_broken_record_is_listed_with_its_reason_and_skipped_by_latest() -> Result<()> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io(Path::new("tmp"), e))?;
        let store = store(&tmp);
        let good = store.create(&session("Good"), now())?.path().to_path_buf();
        let bad = store.sessions_dir().join("zzz-bad.ron");
        fs::write(&bad, "(version: 2, session: (").map_err(|e| Error::io(&bad, e))?;
        let listed = store.list()?;
        let broken = listed
            .iter()
            .find(|l| l.path == bad)
            .map(|l| l.summary.clone());
        assert!(matches!(broken, Some(Err(ref m)) if m.contains("zzz-bad.ron:1:")));
        assert_eq!(store.latest()?.0, good);
        // The broken file is untouched.
        assert_eq!(
            fs::read_to_string(&bad).ok().as_deref(),
            Some("(version: 2, session: (")
        );
        Ok(())
    }

    /// `tamer resume` without a path opens the newest record that loads,
    /// not the newest whose summary reads.
    #[test]
    fn when_no_record_opens_latest_says_why_the_newest_does_not() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let held = store.create(&session("Broken"), now())?;
        let path = held.path().to_path_buf();
        drop(held);
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        fs::write(
            &path,
            text.replacen("    current: 0,", "    current: 77,", 1),
        )
        .map_err(|e| Error::io(&path, e))?;
        let msg = store.latest().unwrap_err().to_string();
        assert!(
            msg.contains("session.current: step 77 does not exist"),
            "{msg}"
        );
        Ok(())
    }

    #[test]
    fn latest_passes_over_records_that_do_not_load_in_full() -> Result<()> {
        let tmp = tmp();
        let store = store(&tmp);
        let good = store.create(&session("Good"), now())?.path().to_path_buf();
        let text = fs::read_to_string(&good).map_err(|e| Error::io(&good, e))?;
        let body = store.sessions_dir().join("body.ron");
        let broken = text.replacen("    timeline: [", "    timeline: [[[ not ron", 1);
        fs::write(&body, &broken).map_err(|e| Error::io(&body, e))?;
        let bytes = store.sessions_dir().join("bytes.ron");
        let mut not_utf8 = text.into_bytes();
        not_utf8.extend_from_slice(b"\n// \xff\n");
        fs::write(&bytes, &not_utf8).map_err(|e| Error::io(&bytes, e))?;
        // Newest first: bytes.ron, body.ron, then the good one.
        let age = |path: &Path, secs| {
            let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs);
            fs::File::options()
                .write(true)
                .open(path)
                .and_then(|f| f.set_modified(at))
                .map_err(|e| Error::io(path, e))
        };
        age(&good, 1_000)?;
        age(&body, 2_000)?;
        age(&bytes, 3_000)?;
        let listed = store.list()?;
        // Both broken records have summaries that read.
        assert_eq!(listed[0].path, bytes);
        assert!(listed[0].summary.is_ok(), "{:?}", listed[0].summary);
        assert!(listed[1].summary.is_ok(), "{:?}", listed[1].summary);
        let (latest, passed) = store.latest()?;
        assert_eq!(latest, good);
        let passed: Vec<String> = passed.iter().map(ToString::to_string).collect();
        assert_eq!(passed.len(), 2, "{passed:?}");
        assert!(passed[0].contains("bytes.ron:") && passed[0].contains("not UTF-8"));
        assert!(passed[1].contains("body.ron:"), "{passed:?}");
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
