//! `tamer view`: the follower. It watches a record on disk and reads it
//! again each time it changes, so a second window (a projector, the pane
//! shared on a call) keeps up with the tamer the facilitator types in.
//!
//! The writer replaces the record by renaming a new file over it, so the
//! record's inode changes on every save: the follower watches the record's
//! FOLDER (file-change notification through `notify`) and keeps the events
//! about the record's name. Where no watch can be set up, it looks at the
//! file's size, time and inode every [`POLL_EVERY`] instead. Either way a
//! change rings a bell the loop waits on together with the terminal (on
//! Linux one `poll` of both, so an idle follower does not wake up for it).
//!
//! The record is read with [`Store::load`]: no lock, nothing written. A
//! record that cannot be read (gone, half-written by another program, a
//! newer version) leaves the last good session on screen and says why in
//! the status bar, naming the file; the next good change recovers.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use notify::Watcher;

use crate::action::Action;
use crate::error::{Error, Result};
use crate::run::{Events, TerminalEvents};
use crate::store::Store;

/// How often the fallback looks at the record.
pub const POLL_EVERY: Duration = Duration::from_millis(250);
/// After a change, how long the record must stay quiet before it is read (a
/// program that writes it in place writes more than once).
pub const SETTLE: Duration = Duration::from_millis(30);
/// The longest a stream of changes delays reading the record.
pub const SETTLE_MAX: Duration = Duration::from_millis(200);

/// How the follower learns of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// The operating system tells it (inotify, FSEvents, kqueue…).
    Notified,
    /// It looks at the file every [`POLL_EVERY`].
    Polling,
}

/// Watches one record and reads it again when it changes.
pub struct Follower {
    /// The record as the user named it (for reading and for messages).
    path: PathBuf,
    bell: bell::Bell,
    watching: Watching,
    /// Kept alive while following; dropping it ends the watch.
    _watcher: Option<notify::RecommendedWatcher>,
    /// Tells the polling thread to stop.
    stop: Arc<AtomicBool>,
    /// A change seen and not read yet: when the first and the last ring came.
    seen: Option<(Instant, Instant)>,
}

impl Follower {
    /// Follows `path` with file-change notification, or by polling where
    /// that cannot be set up.
    pub fn new(path: &Path) -> Result<Self> {
        Self::start(path, false)
    }

    /// Follows `path` by polling only.
    pub fn polling(path: &Path) -> Result<Self> {
        Self::start(path, true)
    }

    fn start(path: &Path, poll: bool) -> Result<Self> {
        // The writer writes the file a symbolic link leads to.
        let file = std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
        let folder = file
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| Error::Usage(format!("{}: not a file in a folder", path.display())))?;
        let name = file
            .file_name()
            .map(OsString::from)
            .ok_or_else(|| Error::Usage(format!("{}: not a file", path.display())))?;
        let (ring, bell) = bell::pair()
            .map_err(|e| Error::Terminal(format!("cannot follow {}: {e}", path.display())))?;
        let stop = Arc::new(AtomicBool::new(false));
        let watcher = if poll {
            None
        } else {
            notified(&folder, name, ring.clone())
        };
        let watching = if watcher.is_some() {
            Watching::Notified
        } else {
            let stop = Arc::clone(&stop);
            // As it is now, before this returns: a change made right after
            // is one.
            let first = signature(&file);
            std::thread::Builder::new()
                .name("follow-poll".into())
                .spawn(move || poll_loop(&file, first, &ring, &stop))
                .map_err(|e| Error::Terminal(format!("cannot follow {}: {e}", path.display())))?;
            Watching::Polling
        };
        Ok(Self {
            path: path.to_path_buf(),
            bell,
            watching,
            _watcher: watcher,
            stop,
            seen: None,
        })
    }

    /// How changes are noticed.
    pub fn watching(&self) -> Watching {
        self.watching
    }

    /// Takes note of the rings that came, at `now`.
    fn notice(&mut self, now: Instant) {
        if self.bell.drain() {
            self.seen = Some(match self.seen {
                Some((first, _)) => (first, now),
                None => (now, now),
            });
        }
    }

    /// How long until a change seen is read (zero: now), if one was seen.
    pub fn due_in(&self, now: Instant) -> Option<Duration> {
        let (first, last) = self.seen?;
        let due = (last + SETTLE).min(first + SETTLE_MAX);
        Some(due.saturating_duration_since(now))
    }

    /// Waits up to `timeout` for the record to change; whether it did.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        let rang = self.bell.wait(timeout);
        self.notice(Instant::now());
        rang
    }

    /// The record read again, when a change seen has settled.
    pub fn take(&mut self, now: Instant) -> Option<Action> {
        self.notice(now);
        if self.due_in(now)? > Duration::ZERO {
            return None;
        }
        self.seen = None;
        Some(self.reload())
    }

    /// Waits up to `limit` for a change and reads the record then.
    pub fn next_change(&mut self, limit: Duration) -> Option<Action> {
        let deadline = Instant::now() + limit;
        loop {
            let now = Instant::now();
            if let Some(action) = self.take(now) {
                return Some(action);
            }
            let left = deadline
                .checked_duration_since(now)
                .filter(|left| !left.is_zero())?;
            self.wait(self.due_in(now).map_or(left, |d| d.min(left)));
        }
    }

    /// Reads the record: the session, or what to say in the status bar.
    pub fn reload(&self) -> Action {
        match Store::load(&self.path) {
            Ok(session) => Action::Reloaded(Box::new(session)),
            Err(e) => Action::ReloadFailed(unreadable(&self.path, &e)),
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The status line for a record that could not be read again.
fn unreadable(path: &Path, e: &Error) -> String {
    let gone =
        matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound);
    if gone {
        return format!(
            "{} is gone (deleted or moved away); showing its last version",
            path.display()
        );
    }
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let more = if text.lines().nth(1).is_some() {
        " (and more)"
    } else {
        ""
    };
    format!("{first}{more}; showing the last good version")
}

/// A watch of `folder` that rings for changes of the file `name`, if the
/// platform can set one up.
fn notified(folder: &Path, name: OsString, ring: bell::Ring) -> Option<notify::RecommendedWatcher> {
    let handler = move |event: notify::Result<notify::Event>| match event {
        Ok(event) => {
            if changes_content(&event.kind)
                && event.paths.iter().any(|p| p.file_name() == Some(&name))
            {
                ring.ring();
            }
        }
        // Events may have been lost (a full queue): read again to be sure.
        Err(_) => ring.ring(),
    };
    let mut watcher = notify::recommended_watcher(handler).ok()?;
    watcher
        .watch(folder, notify::RecursiveMode::NonRecursive)
        .ok()?;
    Some(watcher)
}

/// Whether an event can mean new content under the record's name. Opening
/// and reading it (the follower's own reads among them) and metadata (the
/// writer's backup link) cannot.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

/// What changes when a file is replaced or written.
#[derive(Debug, PartialEq, Eq)]
struct Signature {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

fn signature(file: &Path) -> Option<Signature> {
    let meta = std::fs::metadata(file).ok()?;
    Some(Signature {
        len: meta.len(),
        modified: meta.modified().ok(),
        #[cfg(unix)]
        inode: std::os::unix::fs::MetadataExt::ino(&meta),
    })
}

/// The fallback: looks at the file every [`POLL_EVERY`] until `stop`.
fn poll_loop(file: &Path, mut last: Option<Signature>, ring: &bell::Ring, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(POLL_EVERY);
        let now = signature(file);
        if now != last {
            last = now;
            ring.ring();
        }
    }
}

/// The terminal and the record together: what `tamer view` runs on.
pub struct FollowEvents {
    follower: Follower,
    terminal: TerminalEvents,
}

impl FollowEvents {
    pub fn new(follower: Follower) -> Self {
        Self {
            follower,
            terminal: TerminalEvents,
        }
    }
}

impl Events for FollowEvents {
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<Event>> {
        // Keys crossterm has read already come first.
        if let Some(event) = self.terminal.next(Duration::ZERO)? {
            return Ok(Some(event));
        }
        let now = Instant::now();
        self.follower.notice(now);
        let timeout = match self.follower.due_in(now) {
            Some(Duration::ZERO) => return Ok(None),
            Some(due) => due.min(timeout),
            None => timeout,
        };
        #[cfg(target_os = "linux")]
        {
            if self.follower.bell.wait_with_stdin(timeout)? {
                // The terminal has something (or hung up): it says which.
                return self.terminal.next(Duration::ZERO);
            }
            Ok(None)
        }
        #[cfg(not(target_os = "linux"))]
        {
            // Slices: the terminal for a while, then a look at the bell.
            let deadline = now + timeout;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                let slice = left.min(Duration::from_millis(50));
                if let Some(event) = self.terminal.next(slice)? {
                    return Ok(Some(event));
                }
                if self.follower.wait(Duration::ZERO) || left.is_zero() {
                    return Ok(None);
                }
            }
        }
    }

    fn pending(&mut self) -> Option<Action> {
        self.follower.take(Instant::now())
    }
}

/// Runs the follower in the real terminal until it quits.
pub fn interactive(
    app: &mut crate::app::App,
    store: &Store,
    follower: Follower,
) -> Result<crate::run::Outcome> {
    crate::run::interactive_with(app, store, None, &mut FollowEvents::new(follower))
}

/// The bell a change rings and the loop waits on.
#[cfg(target_os = "linux")]
mod bell {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;
    use std::sync::Arc;
    use std::time::Duration;

    use rustix::event::{PollFd, PollFlags, Timespec, poll};

    /// Rings the bell (from the watcher's or the polling thread).
    #[derive(Clone)]
    pub struct Ring(Arc<UnixStream>);

    pub struct Bell(UnixStream);

    pub fn pair() -> std::io::Result<(Ring, Bell)> {
        let (a, b) = UnixStream::pair()?;
        a.set_nonblocking(true)?;
        b.set_nonblocking(true)?;
        Ok((Ring(Arc::new(a)), Bell(b)))
    }

    impl Ring {
        pub fn ring(&self) {
            // A full socket means it rings already.
            let _ = (&*self.0).write(&[1]);
        }
    }

    fn timespec(timeout: Duration) -> Timespec {
        Timespec {
            tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(timeout.subsec_nanos()),
        }
    }

    impl Bell {
        /// Whether it rang since the last look; quiets it.
        pub fn drain(&self) -> bool {
            let mut rang = false;
            let mut buf = [0u8; 64];
            while let Ok(n @ 1..) = (&self.0).read(&mut buf) {
                rang |= n > 0;
            }
            rang
        }

        /// Waits up to `timeout` for a ring; whether one came.
        pub fn wait(&self, timeout: Duration) -> bool {
            let mut fds = [PollFd::new(&self.0, PollFlags::IN)];
            matches!(poll(&mut fds, Some(&timespec(timeout))), Ok(1..))
        }

        /// Waits up to `timeout` for a ring or the terminal (stdin);
        /// whether the terminal has something to say (input or a hang-up).
        /// A signal ends the wait early.
        pub fn wait_with_stdin(&self, timeout: Duration) -> std::io::Result<bool> {
            let stdin = std::io::stdin();
            let mut fds = [
                PollFd::new(&stdin, PollFlags::IN),
                PollFd::new(&self.0, PollFlags::IN),
            ];
            match poll(&mut fds, Some(&timespec(timeout))) {
                Ok(0) | Err(rustix::io::Errno::INTR) => Ok(false),
                Ok(_) => Ok(!fds[0].revents().is_empty()),
                Err(e) => Err(e.into()),
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod bell {
    use std::sync::mpsc;
    use std::time::Duration;

    #[derive(Clone)]
    pub struct Ring(mpsc::Sender<()>);

    /// The receiver, and whether a wait took a ring off it already.
    pub struct Bell(mpsc::Receiver<()>, std::cell::Cell<bool>);

    pub fn pair() -> std::io::Result<(Ring, Bell)> {
        let (tx, rx) = mpsc::channel();
        Ok((Ring(tx), Bell(rx, std::cell::Cell::new(false))))
    }

    impl Ring {
        pub fn ring(&self) {
            let _ = self.0.send(());
        }
    }

    impl Bell {
        /// Whether it rang since the last look; quiets it.
        pub fn drain(&self) -> bool {
            let waited = self.1.take();
            self.0.try_iter().count() > 0 || waited
        }

        /// Waits up to `timeout` for a ring; whether one came.
        pub fn wait(&self, timeout: Duration) -> bool {
            let rang = self.0.recv_timeout(timeout).is_ok();
            if rang {
                self.1.set(true);
            }
            rang
        }
    }
}
