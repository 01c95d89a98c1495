//! Errors a user can hit, each saying what went wrong, where, and what to do.

use std::fmt;
use std::io;
use std::path::Path;

/// One problem in a file a user can edit, at `file:line:col` (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl Diagnostic {
    /// A RON syntax or shape error, at the position ron reports.
    pub fn from_ron(file: &str, err: &ron::error::SpannedError) -> Self {
        Self {
            file: file.to_owned(),
            line: err.span.start.line.max(1),
            col: err.span.start.col.max(1),
            message: format!("{}", err.code),
        }
    }

    /// A problem with a file as a whole (it cannot be read, say), at 1:1.
    pub fn whole_file(file: &str, message: String) -> Self {
        Self {
            file: file.to_owned(),
            line: 1,
            col: 1,
            message,
        }
    }

    /// A problem found after parsing, placed at the `nth` (0-based) occurrence
    /// of `needle` in `text`, or at the start of the file when it is absent.
    pub fn located(file: &str, text: &str, needle: &str, nth: usize, message: String) -> Self {
        let (line, col) = locate(text, needle, nth).unwrap_or((1, 1));
        Self {
            file: file.to_owned(),
            line,
            col,
            message,
        }
    }
}

/// Line and column (1-based, columns in characters) of the `nth` occurrence of `needle`.
pub fn locate(text: &str, needle: &str, nth: usize) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let offset = text.match_indices(needle).nth(nth)?.0;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    Some((line, col))
}

/// Every diagnostic of a file, one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(Diagnostics),
    #[error(
        "{path}: this record is version {found}, but this build of tamer reads version {supported}; \
         open it with a tamer that knows version {found} (the file was left untouched)"
    )]
    UnsupportedVersion {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("no session records in {0} yet; start one with `tamer new`")]
    NoRecords(String),
    #[error("cannot find a home directory for tamer's data and config (set HOME or XDG_DATA_HOME)")]
    NoHome,
    #[error("{0}")]
    Terminal(String),
    /// A command used wrongly, or a check that found problems.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: &Path, source: io::Error) -> Self {
        Self::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub fn invalid(d: Diagnostic) -> Self {
        Self::Invalid(Diagnostics(vec![d]))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters_from_one() {
        let text = "(\n  id: \"a\",\n  ü: 1, id: \"b\",\n)";
        assert_eq!(locate(text, "id:", 0), Some((2, 3)));
        assert_eq!(locate(text, "id:", 1), Some((3, 9)));
        assert_eq!(locate(text, "id:", 2), None);
    }

    #[test]
    fn version_error_says_what_this_build_reads() {
        let e = Error::UnsupportedVersion {
            path: "x.ron".into(),
            found: 9,
            supported: 1,
        };
        assert_eq!(
            e.to_string(),
            "x.ron: this record is version 9, but this build of tamer reads version 1; \
             open it with a tamer that knows version 9 (the file was left untouched)"
        );
    }

    #[test]
    fn diagnostics_print_one_per_line() {
        let d = |line| Diagnostic {
            file: "d.ron".into(),
            line,
            col: 2,
            message: "bad".into(),
        };
        assert_eq!(
            Diagnostics(vec![d(1), d(4)]).to_string(),
            "d.ron:1:2: bad\nd.ron:4:2: bad"
        );
    }
}
