//! The binary in a pseudo-terminal: what it writes is collected by a reader
//! thread; tests wait for text to appear on the modelled screen, type keys,
//! send signals and wait for the process to end, each with a time limit.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use super::screen::Screen;
use super::{BIN, Home, TIMEOUT};

pub const COLS: u16 = 100;
pub const ROWS: u16 = 30;

/// The escape sequences that enter and leave the alternate screen.
pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";

#[derive(Default)]
struct Output {
    bytes: Vec<u8>,
    /// The terminal's other end is closed: the process and every copy of
    /// its terminal are gone, and everything it wrote has been read.
    closed: bool,
}

type Shared = Arc<(Mutex<Output>, Condvar)>;

/// tamer running in a 100×30 pseudo-terminal with `TERM=xterm-256color`.
/// Dropping it kills the process if it still runs.
pub struct Tty {
    child: Box<dyn Child + Send + Sync>,
    /// Taken on the first key typed: portable-pty's writer types a newline
    /// and end-of-file when it is dropped, which a plain hangup must not.
    writer: Option<Box<dyn Write + Send>>,
    /// `None` once the terminal was hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    output: Shared,
    /// Tells the reader thread to let go of its end of the terminal.
    hang_up: Arc<AtomicBool>,
    args: Vec<String>,
}

impl Tty {
    pub fn spawn(home: &Home, args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env_clear();
        for (key, value) in home.env() {
            cmd.env(key, value);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(home.root());
        let child = pair
            .slave
            .spawn_command(cmd)
            .expect("start tamer in a pseudo-terminal");
        // Only the child may hold the terminal's end, so that reading ends
        // when the child does.
        drop(pair.slave);
        let reader = pair
            .master
            .try_clone_reader()
            .expect("read the pseudo-terminal");
        let output: Shared = Arc::default();
        let hang_up = Arc::new(AtomicBool::new(false));
        let (shared, stop) = (Arc::clone(&output), Arc::clone(&hang_up));
        std::thread::spawn(move || collect(reader, &shared, &stop));
        Self {
            child,
            writer: None,
            master: Some(pair.master),
            output,
            hang_up,
            args: args.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a process id")
    }

    fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Everything written to the terminal so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.lock().bytes.clone()
    }

    pub fn screen(&self) -> Screen {
        Screen::of(&self.lock().bytes, COLS.into(), ROWS.into())
    }

    /// Waits until `done` holds for the output; false when `limit` passed.
    fn wait_until(&self, limit: Duration, mut done: impl FnMut(&Output) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        let (_, changed) = &*self.output;
        let mut output = self.lock();
        loop {
            if done(&output) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            output = changed
                .wait_timeout(output, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Waits until every one of `needles` is on the screen (each within one
    /// row); fails the test with the screen as it is after [`TIMEOUT`].
    #[track_caller]
    pub fn wait_for(&self, needles: &[&str]) -> Screen {
        let found = self.wait_until(TIMEOUT, |o| {
            let screen = Screen::of(&o.bytes, COLS.into(), ROWS.into());
            needles.iter().all(|n| screen.contains(n))
        });
        let screen = self.screen();
        assert!(
            found,
            "tamer {:?}: {needles:?} not all on screen within {TIMEOUT:?}; the screen:\n{}",
            self.args,
            screen.text()
        );
        screen
    }

    /// Types `text` (raw bytes: "\r" is Enter, "\x1b" Esc).
    #[track_caller]
    pub fn send(&mut self, text: &str) {
        if self.writer.is_none() {
            let master = self.master.as_ref().expect("the terminal was hung up");
            self.writer = Some(master.take_writer().expect("write to the pseudo-terminal"));
        }
        let writer = self.writer.as_mut().expect("a writer");
        writer
            .write_all(text.as_bytes())
            .expect("type into the terminal");
        writer.flush().expect("flush the terminal");
    }

    /// Sends `signal` ("TERM", "HUP", "KILL") to the process.
    #[track_caller]
    pub fn signal(&self, signal: &str) {
        let status = std::process::Command::new("kill")
            .args(["-s", signal, &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -s {signal} {} failed", self.pid());
    }

    /// Hangs up the terminal as a closed terminal window or a dropped SSH
    /// connection does: the controlling end is closed, so the kernel sends
    /// SIGHUP and every later read or write of the process's terminal fails.
    /// The reader thread lets go of its copy after its next read, which comes
    /// within a second while a step's timer runs. If keys were typed before,
    /// the writer's drop types a newline and end-of-file first.
    #[track_caller]
    pub fn hang_up(&mut self) {
        self.hang_up.store(true, Ordering::SeqCst);
        self.writer = None;
        let closed = self.wait_until(super::TIMEOUT, |o| o.closed);
        assert!(closed, "the reader of tamer {:?} did not let go", self.args);
        self.master = None;
    }

    /// Waits for the process to end; fails the test after `limit`.
    #[track_caller]
    pub fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for tamer") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "tamer {:?} still runs after {limit:?}; the screen:\n{}",
                self.args,
                self.screen().text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to end and for all it wrote to be read; returns
    /// how it ended and everything it wrote.
    #[track_caller]
    pub fn finish(&mut self, limit: Duration) -> (ExitStatus, Vec<u8>) {
        let status = self.wait_exit(limit);
        let closed = self.wait_until(limit, |o| o.closed);
        assert!(
            closed,
            "the terminal of tamer {:?} did not close",
            self.args
        );
        (status, self.bytes())
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn collect(mut reader: Box<dyn Read + Send>, output: &Shared, hang_up: &AtomicBool) {
    let (lock, changed) = &**output;
    let mut buf = [0u8; 8192];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // Linux reports the closed end as EIO.
            Err(_) => 0,
        };
        let mut out = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if n == 0 || hang_up.load(Ordering::SeqCst) {
            out.closed = true;
            changed.notify_all();
            return;
        }
        out.bytes.extend_from_slice(&buf[..n]);
        changed.notify_all();
    }
}

/// Where `needle` last occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
