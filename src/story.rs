//! `tamer story RECORD --title "…"` and `--list`: the parts that touch
//! the store and the text the command line prints. The story itself (its
//! steps, which story added what) is `crate::session::story`.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::session::Session;
use crate::session::story::Story;
use crate::store::{Held, Store};

/// `tamer story`: opens `path` for writing (its lock held until the
/// returned [`Held`] is dropped), starts a story on it and saves it. The
/// record's version as read comes back too (older ones were migrated).
pub fn open(
    store: &Store,
    path: &Path,
    title: &str,
    minutes: u32,
    now: DateTime<Utc>,
) -> Result<(Held, Session, u32)> {
    let (held, loaded) = store.open(path, now).map_err(|e| match e {
        Error::Locked { .. } | Error::Unlockable { .. } => Error::Usage(format!(
            "{e}.\nA story adds to the record, so it needs the record to itself: close it in the other tamer first"
        )),
        other => other,
    })?;
    let mut session = loaded.session;
    session.reopened(now);
    session
        .start_story(title, minutes, now)
        .map_err(|why| Error::Usage(format!("{}: {why}", path.display())))?;
    store.save(&held, &session)?;
    Ok((held, session, loaded.version))
}

/// The `tamer story RECORD --list` text: each story with when it ran and
/// what it added; text from the record cleaned.
pub fn listing(session: &Session, record: &str) -> String {
    use std::fmt::Write as _;
    let clean = crate::text::clean;
    let stories = session.stories();
    let mut out = String::new();
    if stories.is_empty() {
        let _ = writeln!(
            out,
            "No stories on \"{}\" ({}) yet. Start one with: tamer story {} --title \"…\"",
            clean(&session.title),
            clean(record),
            clean(record)
        );
        return out;
    }
    let _ = writeln!(
        out,
        "Stories on \"{}\" ({}):",
        clean(&session.title),
        clean(record)
    );
    for s in &stories.all {
        let ended = match s.ended {
            Some(at) => format!("ended {}", at.format("%Y-%m-%d %H:%M UTC")),
            None => "still open".to_owned(),
        };
        let _ = writeln!(
            out,
            "{:>3}  {}  {} min, {ended}  {}",
            s.number,
            s.started.format("%Y-%m-%d %H:%M UTC"),
            s.minutes,
            clean(&s.title)
        );
        let _ = writeln!(out, "     added {}", added_counts(s));
    }
    out
}

/// "2 elements, 1 threat, 1 mitigation" (the kinds with none left out;
/// "nothing" when there are none).
pub fn added_counts(s: &Story) -> String {
    let parts: Vec<String> = [
        (s.elements.len(), "element", "elements"),
        (s.boundaries.len(), "trust boundary", "trust boundaries"),
        (s.threats.len(), "threat", "threats"),
        (s.mitigations.len(), "mitigation", "mitigations"),
        (s.parked.len(), "parked item", "parked items"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect();
    if parts.is_empty() {
        "nothing".to_owned()
    } else {
        parts.join(", ")
    }
}
