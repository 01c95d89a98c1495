//! Errors a user can hit, each saying what went wrong, where, and what to do.

use std::fmt;
use std::io;
use std::path::Path;

/// One problem in a file a user can edit, at `file:line:col` (1-based), or
/// about the file as a whole (`line` 0: too big, cannot be read), shown as
/// `file: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: {}", self.file, self.message);
        }
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
            message: describe(&err.code),
        }
    }

    /// A problem with the file as a whole that has no place in it (it is
    /// too big, or cannot be read): shown as `file: message`.
    pub fn about_file(file: &str, message: String) -> Self {
        Self {
            file: file.to_owned(),
            line: 0,
            col: 0,
            message,
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

/// The depth `ron::Options::default()` allows, which every parse in tamer uses.
const RON_DEPTH: usize = 128;

const DATE_TIME: &str = "a date and time like 2026-01-05T09:00:00Z";

/// What is wrong, in the words of someone editing a RON file. Field names,
/// variant names and values stay (the user typed them, or can); Rust type
/// names (`struct Session`, `u32`, `Option`) go.
fn describe(code: &ron::error::Error) -> String {
    use ron::error::Error as E;
    match code {
        E::Fmt => "Could not write the data as RON".into(),
        E::Io(s) => format!("Could not read the text: {}", scrub(s)),
        E::Message(s) => message(s),
        E::Eof => "Unexpected end of file; a value or a closing bracket is missing".into(),
        E::ExpectedArray => "Expected a list starting with `[`".into(),
        E::ExpectedArrayEnd => "Expected `]` to close the list".into(),
        E::ExpectedAttribute => "Expected an `#![enable(...)]` line".into(),
        E::ExpectedAttributeEnd => "Expected `)]` to close the `#![enable(...)]` line".into(),
        E::ExpectedBoolean => "Expected true or false".into(),
        // Kept word for word: tests/decks.rs pins it in an inline snapshot.
        E::ExpectedComma => "Expected comma".into(),
        E::ExpectedChar => "Expected a single character in single quotes, like 'a'".into(),
        E::ExpectedByteLiteral => "Expected a byte like b'a'".into(),
        E::ExpectedFloat => "Expected a number".into(),
        E::FloatUnderscore => "Unexpected `_` in a number".into(),
        E::ExpectedInteger => "Expected a whole number".into(),
        E::ExpectedOption => "Expected Some(...) or None".into(),
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => {
            "Expected `)` to close this group".into()
        }
        E::ExpectedMap => "Expected a map starting with `{`".into(),
        E::ExpectedMapColon => "Expected `:` after the field name or key".into(),
        E::ExpectedMapEnd => "Expected `}` to close the map".into(),
        E::ExpectedDifferentStructName { found, .. } => format!(
            "Unexpected name {} before this ( ... ) group; leave the name out",
            ident(found)
        ),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "Expected a ( ... ) group here".into()
        }
        E::ExpectedUnit => "Expected ()".into(),
        E::ExpectedString => "Expected text in double quotes, like \"...\"".into(),
        E::ExpectedByteString => "Expected a byte string like b\"...\"".into(),
        E::ExpectedStringEnd => "Text is not closed; expected a closing `\"`".into(),
        E::ExpectedIdentifier => {
            "Expected a name here (a field or variant name, without quotes)".into()
        }
        E::InvalidEscape(what) => match *what {
            "Unknown escape character" => {
                "Unknown escape after `\\` in text; write `\\\\` for a backslash".into()
            }
            "Non-hex digit found" => "Expected hexadecimal digits in this escape".into(),
            "Missing { in Unicode escape" => "Expected `{` after `\\u`, like `\\u{e9}`".into(),
            "No } at the end of Unicode escape" => {
                "Expected `}` to close the `\\u{...}` escape".into()
            }
            other => format!("Invalid escape in text: {}", scrub(other)),
        },
        E::IntegerOutOfBounds => {
            "Number out of range here (too large, or below zero where only 0 or more is allowed)"
                .into()
        }
        E::InvalidIntegerDigit { digit, base } => {
            let kind = match base {
                2 => "binary".to_owned(),
                8 => "octal".to_owned(),
                16 => "hexadecimal".to_owned(),
                b => format!("base-{b}"),
            };
            format!("Invalid digit {digit:?} in a {kind} number")
        }
        E::NoSuchExtension(name) => format!("Unknown RON extension {}", ident(name)),
        E::UnclosedBlockComment => "Comment `/*` is not closed; expected `*/`".into(),
        E::UnclosedLineComment => {
            "Comment `//` at the end of the text is not closed; add a line break".into()
        }
        E::UnderscoreAtBeginning => "A number cannot start with `_`".into(),
        E::UnexpectedChar(c) => format!("Unexpected character {c:?}"),
        E::Utf8Error(e) => format!("The text is not valid UTF-8 ({e})"),
        E::TrailingCharacters => "Unexpected text after the end of the data".into(),
        E::InvalidValueForType { expected, found } => format!(
            "Expected {}, found {}",
            plain_expected(expected),
            plain_found(found)
        ),
        E::ExpectedDifferentLength { expected, found } => {
            let found = match found {
                0 => "none".to_owned(),
                1 => "one".to_owned(),
                n => n.to_string(),
            };
            match last_number(expected) {
                Some(1) => format!("Expected 1 value, found {found}"),
                Some(n) => format!("Expected {n} values, found {found}"),
                None => format!(
                    "Expected {}, found {found} values",
                    plain_expected(expected)
                ),
            }
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "Unknown variant {}; {}",
            ident(found),
            one_of(expected, "variants")
        ),
        E::NoSuchStructField {
            expected, found, ..
        } => format!(
            "Unknown field {}; {}",
            ident(found),
            one_of(expected, "fields")
        ),
        E::MissingStructField { field, .. } => format!("Missing field {}", ident(field)),
        E::DuplicateStructField { field, .. } => format!("Field {} is given twice", ident(field)),
        E::InvalidIdentifier(name) => format!("Invalid name {name:?}"),
        E::SuggestRawIdentifier(name) => {
            if name
                .chars()
                .next()
                .is_some_and(|c| c == '_' || c.is_alphabetic())
            {
                format!("Write {name:?} as `r#{name}` (names with `-`, `.` or `+` need `r#`)")
            } else {
                format!("Expected a name here, found {name:?}")
            }
        }
        E::ExpectedRawValue => "Expected a RON value".into(),
        E::ExceededRecursionLimit => {
            format!("Nested too deeply (more than {RON_DEPTH} levels)")
        }
        E::ExpectedStructName(_) => {
            "This file enables `explicit_struct_names`, which tamer does not use; \
             remove it from the `#![enable(...)]` line"
                .into()
        }
        E::ExpectedRangeSyntax => "Expected `..` or `..=`".into(),
        // ron's error is non-exhaustive: a newer ron may add variants.
        other => message(&other.to_string()),
    }
}

/// A name as the user must type it in RON: plain, or raw (`r#data-store`)
/// when it has characters a plain name cannot, or quoted when neither fits.
fn ident(name: &str) -> String {
    let plain_start = |c: char| c == '_' || c.is_alphabetic();
    let plain = |c: char| c == '_' || c.is_alphanumeric();
    let raw = |c: char| plain(c) || matches!(c, '.' | '+' | '-');
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if plain_start(first) && chars.clone().all(plain) => format!("`{name}`"),
        Some(first) if raw(first) && name.chars().all(raw) => format!("`r#{name}`"),
        _ => format!("{name:?}"),
    }
}

/// "expected one of `a`, `b`" for the names a user may write instead.
fn one_of(names: &[&str], what: &str) -> String {
    match names {
        [] => format!("no {what} are allowed here"),
        [one] => format!("expected {}", ident(one)),
        _ => {
            let list: Vec<String> = names.iter().map(|n| ident(n)).collect();
            format!("expected one of {}", list.join(", "))
        }
    }
}

/// The last run of digits in `text`, as in "a tuple of size 2".
fn last_number(text: &str) -> Option<usize> {
    text.split(|c: char| !c.is_ascii_digit())
        .rfind(|w| !w.is_empty())
        .and_then(|w| w.parse().ok())
}

/// Free text from serde or a library's custom error, with Rust type names
/// rewritten and the first letter in capitals.
fn message(text: &str) -> String {
    let text = text.trim();
    let plain = if text.starts_with("data did not match any variant of") {
        "This value does not match any of the allowed forms".to_owned()
    } else if let Some(why) = chrono_reason(text) {
        format!("Expected {DATE_TIME}; this one {why}")
    } else if let Some((found, expected)) = text
        .strip_prefix("invalid type: ")
        .or_else(|| text.strip_prefix("invalid value: "))
        .and_then(|rest| rest.split_once(", expected "))
    {
        format!(
            "Expected {}, found {}",
            plain_expected(expected),
            serde_found(found)
        )
    } else if let Some((found, expected)) = text
        .strip_prefix("invalid length ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        match last_number(expected) {
            Some(n) => format!("Expected {n} values, found {found}"),
            None => format!(
                "Expected {}, found {found} values",
                plain_expected(expected)
            ),
        }
    } else {
        scrub(text)
    };
    // Custom messages may quote the user's text: no control characters.
    let plain: String = plain
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                c.to_string()
            }
        })
        .collect();
    let mut chars = plain.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Invalid value".to_owned(),
    }
}

/// chrono's parse errors (its whole vocabulary), said of a date the user wrote.
fn chrono_reason(text: &str) -> Option<&'static str> {
    Some(match text {
        "input contains invalid characters" => "has characters that do not belong",
        "premature end of input" => "is cut short",
        "trailing input" => "has extra text at the end",
        "input is out of range" => "has a part out of range (month 13, or 30 February, say)",
        "input is not enough for unique date and time" => "is incomplete",
        "no possible date and time matching input" => "is not a real date and time",
        "bad or unsupported format string" => "cannot be read",
        _ => return None,
    })
}

/// What serde says it expected ("u32", "struct Card", "a boolean"), in plain words.
fn plain_expected(expected: &str) -> String {
    let e = expected.trim();
    if let Some(ty) = e.strip_prefix("a nonzero ")
        && let Some((_, max)) = int_range(ty)
    {
        return format!("a whole number from 1 to {max}");
    }
    if let Some(words) = type_words(e) {
        return words;
    }
    let phrase = match e {
        "a boolean" => "true or false",
        "a string" | "a borrowed string" | "path string" | "a borrowed path" | "os string" => {
            "text in double quotes"
        }
        "a character" => "a single character in single quotes",
        "option" => "Some(...) or None",
        "unit" => "()",
        "a sequence" => "a list [ ... ]",
        "a map" => "a map { ... }",
        "variant identifier" => "a variant name",
        "field identifier" => "a field name",
        "an RFC 3339 formatted date and time string" => DATE_TIME,
        _ => return scrub(e),
    };
    phrase.to_owned()
}

/// What ron says it found ("the unsigned integer `5`"), in plain words.
fn plain_found(found: &str) -> String {
    let f = found.trim();
    for number in [
        "the unsigned integer ",
        "the signed integer ",
        "the floating point number ",
    ] {
        if let Some(n) = f.strip_prefix(number) {
            return format!("the number {}", n.trim_matches('`'));
        }
    }
    if let Some(b) = f.strip_prefix("the boolean ") {
        return b.to_owned();
    }
    if let Some(c) = f.strip_prefix("the UTF-8 character ") {
        return format!("the character '{}'", c.trim_matches('`'));
    }
    if let Some(s) = f.strip_prefix("the string ") {
        return format!("the text {s}");
    }
    let phrase = match f {
        "a unit value" => "()",
        "an optional value" => "Some(...) or None",
        "a newtype struct" => "a ( ... ) group",
        "a sequence" => "a list",
        "an enum" | "a unit variant" => "a variant name",
        "a newtype variant" | "a tuple variant" | "a struct variant" => "a variant with values",
        _ => return scrub(f),
    };
    phrase.to_owned()
}

/// What serde's own messages say was found ("string \"x\"", "integer `5`").
fn serde_found(found: &str) -> String {
    let f = found.trim();
    for (prefix, plain) in [
        ("string ", "the text "),
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("character ", "the character "),
        ("boolean ", ""),
    ] {
        if let Some(value) = f.strip_prefix(prefix) {
            return format!("{plain}{}", value.trim_matches('`'));
        }
    }
    let phrase = match f {
        "unit value" => "()",
        "Option value" => "Some(...) or None",
        "newtype struct" => "a ( ... ) group",
        "sequence" => "a list",
        "map" => "a map",
        "enum" | "unit variant" => "a variant name",
        "newtype variant" | "tuple variant" | "struct variant" => "a variant with values",
        _ => return scrub(f),
    };
    phrase.to_owned()
}

/// The smallest and largest value of a Rust integer type, by its name.
fn int_range(ty: &str) -> Option<(i128, u128)> {
    Some(match ty {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        "u128" => (0, u128::MAX),
        "usize" => (0, usize::MAX as u128),
        "i8" => (i8::MIN.into(), i8::MAX as u128),
        "i16" => (i16::MIN.into(), i16::MAX as u128),
        "i32" => (i32::MIN.into(), i32::MAX as u128),
        "i64" => (i64::MIN.into(), i64::MAX as u128),
        "i128" => (i128::MIN, i128::MAX as u128),
        "isize" => (isize::MIN as i128, isize::MAX as u128),
        _ => return None,
    })
}

/// Plain words for a Rust type name or a serde phrase naming one
/// ("struct Card", "tuple variant Kind::Pair"), or `None` for other text.
fn type_words(ty: &str) -> Option<String> {
    if let Some((min, max)) = int_range(ty) {
        return Some(format!("a whole number from {min} to {max}"));
    }
    let simple = match ty {
        "f32" | "f64" => "a number",
        "bool" => "true or false",
        "char" => "a character",
        "str" | "String" | "string" | "OsString" => "text",
        "Option" => "Some(...) or None",
        "Vec" | "HashSet" | "BTreeSet" | "VecDeque" => "a list",
        "HashMap" | "BTreeMap" => "a map",
        "PathBuf" | "Path" => "a path",
        "Duration" => "a duration",
        "Range" | "RangeInclusive" | "RangeFrom" => "a range",
        "DateTime" | "NaiveDateTime" | "NaiveDate" | "NaiveTime" | "SystemTime" => DATE_TIME,
        _ => "",
    };
    if !simple.is_empty() {
        return Some(simple.to_owned());
    }
    let words: Vec<&str> = ty.split(' ').collect();
    let variant = |path: &str| {
        let name = path.rsplit("::").next().unwrap_or(path);
        ident(name)
    };
    Some(match words.as_slice() {
        ["unit", "variant", path] => variant(path),
        ["struct" | "tuple" | "newtype", "variant", path] => format!("{}(...)", variant(path)),
        ["unit", "struct", _] => "()".to_owned(),
        ["struct"] | ["tuple" | "newtype", "struct", _] | ["struct", _] => {
            "a ( ... ) group".to_owned()
        }
        ["enum"] => "a variant".to_owned(),
        ["enum", _] | [_, "enum", _] | [_, "tagged", "enum", _] => {
            "one of the allowed variants".to_owned()
        }
        _ => return None,
    })
}

/// Rewrites Rust type names in free text, word by word, leaving quoted
/// (`"..."`) and backticked (`` `...` ``) parts alone: those are the user's
/// values and names. A replacement that brings its own article ("a whole
/// number") takes the place of one already there ("a u32").
fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '"' || c == '`' {
            let end = rest[1..].find(c).map_or(rest.len(), |i| i + 2);
            let quoted = &rest[..end];
            let inner = quoted.trim_matches(c);
            match type_words(inner) {
                Some(words) if c == '`' && inner.starts_with(char::is_uppercase) => {
                    push_words(&mut out, &words)
                }
                _ => out.push_str(quoted),
            }
            rest = &rest[end..];
        } else if c.is_alphanumeric() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            // A type phrase spans a few words: "tuple variant Kind::Pair".
            let phrase = match word {
                "struct" | "enum" | "tuple" | "unit" | "newtype" | "internally" | "adjacently"
                | "untagged" => longest_phrase(word, rest),
                _ => None,
            };
            match phrase {
                Some((words, used)) => {
                    push_words(&mut out, &words);
                    rest = &rest[used..];
                }
                None => match type_words(word) {
                    Some(words) => push_words(&mut out, &words),
                    None => out.push_str(word),
                },
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The longest type phrase starting with `first` and continuing into
/// `rest`, with its plain words and how much of `rest` it used.
fn longest_phrase(first: &str, rest: &str) -> Option<(String, usize)> {
    let mut best = None;
    let mut used = 0;
    let mut phrase = first.to_owned();
    for _ in 0..3 {
        let after = &rest[used..];
        let Some(next) = after.strip_prefix(' ') else {
            break;
        };
        let len = next
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(next.len());
        if len == 0 {
            break;
        }
        phrase.push(' ');
        phrase.push_str(&next[..len]);
        used += 1 + len;
        if let Some(words) = type_words(&phrase) {
            best = Some((words, used));
        }
    }
    best
}

fn push_words(out: &mut String, words: &str) {
    for article in ["a ", "an "] {
        // `strip_suffix` cuts only where `article` starts, a character
        // boundary, whatever comes before it ("€ u32").
        if let Some(before) = out.strip_suffix(article)
            && (before.is_empty() || before.ends_with(' '))
        {
            out.truncate(before.len());
            break;
        }
    }
    out.push_str(words);
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
    /// `tamer radar` found a flag at or above `--fail-on`: exit 1, having
    /// said everything already.
    #[error("the radar raised a flag at or above --fail-on")]
    Flagged,
    #[error(
        "{path}: this record is version {found}, but this build of tamer reads versions 1 to {supported}; \
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
    /// Another tamer holds the record's lock; `holder` says who, where known.
    #[error(
        "{path} is open in another tamer{holder}, and only one tamer writes a record at a time"
    )]
    Locked { path: String, holder: String },
    /// tamer cannot take the record's lock in its folder (a read-only
    /// file system, a folder it may not write in, locks not supported), so
    /// it cannot write the record.
    #[error(
        "{path}: tamer cannot take this record's lock in {folder}: {source}; \
         it writes a record only while it holds its lock"
    )]
    Unlockable {
        path: String,
        folder: String,
        #[source]
        source: io::Error,
    },
    /// A file larger than tamer reads.
    #[error("{path}: {}", too_big(*size, *cap))]
    TooBig { path: String, size: u64, cap: u64 },
    /// Something that should not happen did; the message says what.
    #[error("{0}")]
    Internal(String),
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

    /// The problems this error reports about `file`, each once: the file's
    /// own problems at their places, or one about the file as a whole (too
    /// big, cannot be read) without a position.
    pub fn into_diagnostics(self, file: &str) -> Diagnostics {
        let message = match self {
            Self::Invalid(list) => return list,
            Self::TooBig { size, cap, .. } => too_big(size, cap),
            Self::Io { source, .. } => format!("cannot read the file: {source}"),
            other => other.to_string(),
        };
        Diagnostics(vec![Diagnostic::about_file(file, message)])
    }
}

/// What is wrong with a file of `size` bytes when tamer reads up to `cap`.
fn too_big(size: u64, cap: u64) -> String {
    format!(
        "the file is {size} bytes; tamer reads files of up to {cap} bytes (the file was left untouched)"
    )
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    use serde::Deserialize;

    /// The message `from_ron` gives for `text` parsed as `T`.
    fn ron_message<T: for<'de> Deserialize<'de>>(text: &str) -> String {
        match ron::Options::default().from_str::<T>(text) {
            Ok(_) => panic!("{text:?} parsed, but the test needs it broken"),
            Err(e) => Diagnostic::from_ron("t.ron", &e).message,
        }
    }

    /// Rust type and primitive names no message may contain, as whole words.
    const RUST_WORDS: &[&str] = &[
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "f32",
        "f64",
        "bool",
        "char",
        "str",
        "String",
        "Option",
        "Vec",
        "HashMap",
        "BTreeMap",
        "DateTime",
        "Utc",
        "NonZeroU32",
        "struct",
        "enum",
        "ron",
        "serde",
    ];

    /// The names of this module's test types.
    const TEST_TYPES: &[&str] = &[
        "StepState",
        "VersionOnly",
        "Palette",
        "Sorted",
        "ElementSort",
        "Tagged",
        "Lenient",
        "Kitchen",
        "DepthBox",
        "Mode",
        "Pick",
        "Stamp",
    ];

    fn rust_words_in(message: &str) -> Vec<&'static str> {
        let words: Vec<&str> = message
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .collect();
        let mut found: Vec<&'static str> = RUST_WORDS
            .iter()
            .copied()
            .filter(|w| words.contains(w))
            .collect();
        found.extend(TEST_TYPES.iter().filter(|t| message.contains(*t)));
        found
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct StepState {
        budget_minutes: u32,
        label: String,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u32,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Palette {
        a: u8,
        b: u8,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum ElementSort {
        DataStore,
        Process,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sorted {
        kind: ElementSort,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(tag = "type", rename_all = "kebab-case")]
    enum Tagged {
        Alpha { count: u32 },
        Beta,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Lenient {
        Number(u32),
        Text(String),
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    enum Mode {
        Quiet,
        Pair(u32, u32),
        Named { level: u8 },
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Pick(u32);

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct DepthBox {
        depth: u16,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Stamp {
        at: chrono::DateTime<chrono::Utc>,
    }

    /// One field of every shape tamer's files use, all optional, so one bad
    /// field at a time reaches the parser.
    #[allow(dead_code)]
    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields, default)]
    struct Kitchen {
        name: String,
        count: u32,
        small: u8,
        offset: i64,
        size: usize,
        on: bool,
        ratio: f64,
        letter: Option<char>,
        at: Option<chrono::DateTime<chrono::Utc>>,
        list: Vec<u16>,
        pair: Option<(u32, String)>,
        fixed: Option<[u8; 2]>,
        map: std::collections::BTreeMap<String, u32>,
        nested: Option<DepthBox>,
        mode: Option<Mode>,
        pick: Option<Pick>,
        tagged: Option<Tagged>,
        lenient: Option<Lenient>,
        nonzero: Option<std::num::NonZeroU32>,
        kinds: Vec<ElementSort>,
    }

    #[test]
    fn a_missing_field_is_named_without_its_struct() {
        let msg = ron_message::<StepState>("(label: \"x\")");
        assert_eq!(msg, "Missing field `budget_minutes`");
    }

    #[test]
    fn an_unknown_field_lists_the_fields_that_are_allowed() {
        let msg = ron_message::<Palette>("(a: 1, colour: 2)");
        assert_eq!(msg, "Unknown field `colour`; expected one of `a`, `b`");
    }

    #[test]
    fn a_value_where_a_group_belongs_asks_for_the_group() {
        assert_eq!(
            ron_message::<VersionOnly>("5"),
            "Expected a ( ... ) group here"
        );
        assert_eq!(
            ron_message::<VersionOnly>("Other(version: 1)"),
            "Unexpected name `Other` before this ( ... ) group; leave the name out"
        );
    }

    #[test]
    fn an_unknown_variant_lists_the_variants_as_they_are_typed() {
        assert_eq!(
            ron_message::<Sorted>("(kind: r#data-stor)"),
            "Unknown variant `r#data-stor`; expected one of `r#data-store`, `process`"
        );
        assert_eq!(
            ron_message::<Sorted>("(kind: data-store)"),
            "Write \"data-store\" as `r#data-store` (names with `-`, `.` or `+` need `r#`)"
        );
    }

    #[test]
    fn a_wrong_type_says_what_was_expected_and_found_in_plain_words() {
        assert_eq!(
            ron_message::<Tagged>("(type: \"alpha\", count: \"x\")"),
            "Expected a whole number from 0 to 4294967295, found the text \"x\""
        );
        assert_eq!(
            ron_message::<Kitchen>("(nonzero: Some(0))"),
            "Expected a whole number from 1 to 4294967295, found the number 0"
        );
        assert_eq!(
            ron_message::<Kitchen>("(tagged: Some(5))"),
            "Expected one of the allowed variants, found the number 5"
        );
        assert_eq!(
            ron_message::<Kitchen>("(count: \"x\")"),
            "Expected a whole number"
        );
        assert_eq!(ron_message::<Kitchen>("(on: 1)"), "Expected true or false");
    }

    #[test]
    fn a_number_out_of_range_says_so() {
        let msg = ron_message::<Kitchen>("(small: 300)");
        assert!(msg.starts_with("Number out of range"), "{msg}");
        assert_eq!(msg, ron_message::<Kitchen>("(count: -1)"));
    }

    #[test]
    fn a_wrong_count_of_values_says_how_many() {
        assert_eq!(
            ron_message::<Kitchen>("(mode: Some(pair(1)))"),
            "Expected 2 values, found one"
        );
        assert_eq!(
            ron_message::<Kitchen>("(fixed: Some(()))"),
            "Expected 2 values, found none"
        );
    }

    #[test]
    fn a_bad_date_shows_what_a_date_looks_like() {
        assert_eq!(
            ron_message::<Stamp>("(at: \"2026-01-05T09:00:00\")"),
            "Expected a date and time like 2026-01-05T09:00:00Z; this one is cut short"
        );
        assert_eq!(
            ron_message::<Stamp>("(at: \"2026-13-05T09:00:00Z\")"),
            "Expected a date and time like 2026-01-05T09:00:00Z; \
             this one has a part out of range (month 13, or 30 February, say)"
        );
    }

    #[test]
    fn deep_nesting_names_the_limit() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            ron_message::<ron::Value>(&text),
            "Nested too deeply (more than 128 levels)"
        );
    }

    #[test]
    fn free_text_from_serde_loses_its_type_names() {
        for (text, plain) in [
            (
                "invalid type: string \"x\", expected u32",
                "Expected a whole number from 0 to 4294967295, found the text \"x\"",
            ),
            (
                "invalid type: map, expected struct Session",
                "Expected a ( ... ) group, found a map",
            ),
            (
                "invalid value: integer `-3`, expected usize",
                "Expected a whole number from 0 to 18446744073709551615, found the number -3",
            ),
            (
                "invalid length 1, expected tuple variant Mode::Pair with 2 elements",
                "Expected 2 values, found 1",
            ),
            (
                "data did not match any variant of untagged enum Lenient",
                "This value does not match any of the allowed forms",
            ),
            (
                "expected a bool or an i64 inside struct StepState",
                "Expected true or false or a whole number from -9223372036854775808 \
                 to 9223372036854775807 inside a ( ... ) group",
            ),
            (
                "expected tuple variant Mode::Pair or unit variant Mode::Quiet",
                "Expected `Pair`(...) or `Quiet`",
            ),
            (
                "expected `..` for `Range`, found `..=`",
                "Expected `..` for a range, found `..=`",
            ),
            (
                "missing field `budget_minutes` in `u32` \"Option\"",
                "Missing field `budget_minutes` in `u32` \"Option\"",
            ),
            (
                "premature end of input",
                "Expected a date and time like 2026-01-05T09:00:00Z; this one is cut short",
            ),
            ("bad\u{1b}[31m", "Bad\\u{1b}[31m"),
        ] {
            assert_eq!(message(text), plain, "{text}");
        }
    }

    #[test]
    fn no_message_for_bad_input_names_a_rust_type() {
        let kitchen_bad = [
            "5",
            "",
            "(",
            "(name: \"n\"",
            "(name: \"n\") x",
            "Kitchen(name: 1)",
            "Other(name: \"n\")",
            "(name: 1)",
            "(name: None)",
            "(name: [1])",
            "(name: \"n\\q\")",
            "(name: \"n\\u{zz}\")",
            "(name: \"n\\u12\")",
            "(name: \"n)",
            "(name: n)",
            "(name: \"n\" count: 1)",
            "(colour: 1)",
            "(name: \"a\", name: \"b\")",
            "(count: \"x\")",
            "(count: -1)",
            "(count: 1.5)",
            "(count: 99999999999)",
            "(count: 0b12)",
            "(count: _1)",
            "(count: None)",
            "(small: 300)",
            "(offset: 99999999999999999999)",
            "(offset: true)",
            "(size: -1)",
            "(on: 1)",
            "(on: \"true\")",
            "(ratio: \"x\")",
            "(ratio: .)",
            "(letter: Some(\"ab\"))",
            "(letter: Some('ab'))",
            "(letter: 'a')",
            "(at: Some(5))",
            "(at: Some(\"yesterday\"))",
            "(at: Some(\"2026-01-05T09:00:00Zx\"))",
            "(at: Some(\"2026-02-30T09:00:00Z\"))",
            "(list: Some([1]))",
            "(list: [1 2])",
            "(list: [1, 70000])",
            "(list: (1))",
            "(list: [1,",
            "(pair: Some((1)))",
            "(pair: Some((1, \"a\", 3)))",
            "(pair: Some((\"a\", 1)))",
            "(fixed: Some((1, 2, 3)))",
            "(fixed: Some(()))",
            "(map: [1])",
            "(map: {\"a\" 1})",
            "(map: {\"a\": \"b\"})",
            "(map: {1: 1})",
            "(map: {\"a\": 1)",
            "(nested: Some(5))",
            "(nested: Some(Other(depth: 1)))",
            "(nested: Some(()))",
            "(nested: Some((depth: 1, depth: 2)))",
            "(nested: Some((deep: 1)))",
            "(nested: Some((depth: 70000)))",
            "(mode: Some(loud))",
            "(mode: Some(Quiet))",
            "(mode: Some(quiet(1)))",
            "(mode: Some(pair(1)))",
            "(mode: Some(pair(1, 2, 3)))",
            "(mode: Some(pair))",
            "(mode: Some(named(level: 1, other: 2)))",
            "(mode: Some(named()))",
            "(mode: Some(named(level: \"x\")))",
            "(mode: Some(\"quiet\"))",
            "(mode: Some(5))",
            "(pick: Some(\"x\"))",
            "(pick: Some(Other(1)))",
            "(pick: Some(Pick(1, 2)))",
            "(tagged: Some(5))",
            "(tagged: Some((type: \"gamma\")))",
            "(tagged: Some((count: 1)))",
            "(tagged: Some((type: \"alpha\", count: \"x\")))",
            "(tagged: Some((type: \"alpha\", count: -1)))",
            "(tagged: Some((type: \"alpha\")))",
            "(lenient: Some(true))",
            "(lenient: Some([1]))",
            "(nonzero: Some(0))",
            "(kinds: [process, r#data-stor])",
            "(kinds: [data-store])",
            "(kinds: [\"process\"])",
            "(name: \"n\", 5: 1)",
            "(name: \"n\", \"count\": 1)",
            "(name: \"n\",,)",
            "/* open",
            "#![enable(no_such_thing)] ()",
            "#![enable(implicit_some",
            "#![enable(explicit_struct_names)] (name: \"n\")",
            "(name: \"n\")$",
            "(name: \"ñ\" ü)",
        ];
        let mut messages: Vec<String> = kitchen_bad
            .iter()
            .map(|text| ron_message::<Kitchen>(text))
            .collect();
        messages.push(ron_message::<StepState>("()"));
        messages.push(ron_message::<VersionOnly>("(version: \"1\")"));
        messages.push(ron_message::<Palette>("(a: 1, b: 2, c: 3)"));
        messages.push(ron_message::<Stamp>("(at: \"x\")"));
        messages.push(ron_message::<Lenient>("[1]"));
        for (i, msg) in messages.iter().enumerate() {
            let input = kitchen_bad.get(i).copied().unwrap_or("(extra)");
            assert!(!msg.is_empty(), "{input:?} gave an empty message");
            let bad = rust_words_in(msg);
            assert!(bad.is_empty(), "{input:?} gave {msg:?}, naming {bad:?}");
        }
    }

    #[test]
    fn every_ron_error_is_described_without_rust_names() {
        use ron::error::Error as E;
        let not_utf8 = vec![0xff_u8];
        let utf8 = match std::str::from_utf8(&not_utf8) {
            Err(e) => e,
            Ok(_) => unreachable!("0xff is never UTF-8"),
        };
        let codes = [
            E::Fmt,
            E::Io("permission denied".into()),
            E::Message("invalid type: unit value, expected struct StepState".into()),
            E::Eof,
            E::ExpectedArray,
            E::ExpectedArrayEnd,
            E::ExpectedAttribute,
            E::ExpectedAttributeEnd,
            E::ExpectedBoolean,
            E::ExpectedComma,
            E::ExpectedChar,
            E::ExpectedByteLiteral,
            E::ExpectedFloat,
            E::FloatUnderscore,
            E::ExpectedInteger,
            E::ExpectedOption,
            E::ExpectedOptionEnd,
            E::ExpectedMap,
            E::ExpectedMapColon,
            E::ExpectedMapEnd,
            E::ExpectedDifferentStructName {
                expected: "VersionOnly",
                found: "Versions".into(),
            },
            E::ExpectedStructLike,
            E::ExpectedNamedStructLike("StepState"),
            E::ExpectedNamedStructLike(""),
            E::ExpectedStructLikeEnd,
            E::ExpectedUnit,
            E::ExpectedString,
            E::ExpectedByteString,
            E::ExpectedStringEnd,
            E::ExpectedIdentifier,
            E::InvalidEscape("Unknown escape character"),
            E::InvalidEscape("Non-hex digit found"),
            E::InvalidEscape("Missing { in Unicode escape"),
            E::InvalidEscape("No } at the end of Unicode escape"),
            E::InvalidEscape("Some new escape problem"),
            E::IntegerOutOfBounds,
            E::InvalidIntegerDigit {
                digit: 'g',
                base: 16,
            },
            E::NoSuchExtension("frobnicate".into()),
            E::UnclosedBlockComment,
            E::UnclosedLineComment,
            E::UnderscoreAtBeginning,
            E::UnexpectedChar('\u{1b}'),
            E::Utf8Error(utf8),
            E::TrailingCharacters,
            E::InvalidValueForType {
                expected: "tuple struct Pick".into(),
                found: "a sequence".into(),
            },
            E::InvalidValueForType {
                expected: "i64".into(),
                found: "the floating point number `1.5`".into(),
            },
            E::InvalidValueForType {
                expected: "option".into(),
                found: "the boolean `true`".into(),
            },
            E::ExpectedDifferentLength {
                expected: "struct Palette with 2 elements".into(),
                found: 3,
            },
            E::ExpectedDifferentLength {
                expected: "a sequence".into(),
                found: 3,
            },
            E::NoSuchEnumVariant {
                expected: &["quiet", "pair"],
                found: "loud".into(),
                outer: Some("Mode".into()),
            },
            E::NoSuchEnumVariant {
                expected: &[],
                found: "loud".into(),
                outer: None,
            },
            E::NoSuchStructField {
                expected: &["depth"],
                found: "deep".into(),
                outer: Some("DepthBox".into()),
            },
            E::MissingStructField {
                field: "label",
                outer: Some("StepState".into()),
            },
            E::DuplicateStructField {
                field: "label",
                outer: Some("StepState".into()),
            },
            E::InvalidIdentifier("a b".into()),
            E::SuggestRawIdentifier("data-store".into()),
            E::SuggestRawIdentifier("5".into()),
            E::ExpectedRawValue,
            E::ExceededRecursionLimit,
            E::ExpectedStructName("StepState".into()),
            E::ExpectedRangeSyntax,
        ];
        for code in &codes {
            let msg = describe(code);
            assert!(!msg.is_empty(), "{code:?}");
            assert!(msg.starts_with(char::is_uppercase), "{code:?} gave {msg:?}");
            assert!(!msg.chars().any(char::is_control), "{code:?} gave {msg:?}");
            let bad = rust_words_in(&msg);
            assert!(bad.is_empty(), "{code:?} gave {msg:?}, naming {bad:?}");
        }
    }

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
            supported: 2,
        };
        assert_eq!(
            e.to_string(),
            "x.ron: this record is version 9, but this build of tamer reads versions 1 to 2; \
             open it with a tamer that knows version 9 (the file was left untouched)"
        );
    }

    #[test]
    fn type_words_after_multi_byte_text_are_rewritten_without_panicking() {
        let number = "a whole number from 0 to 4294967295";
        assert_eq!(scrub("€ u32"), format!("€ {number}"));
        assert_eq!(plain_found("€ u32"), format!("€ {number}"));
        assert_eq!(plain_expected("€ u32"), format!("€ {number}"));
        // An article after multi-byte text still gives way to the one the
        // replacement brings; a word merely ending in "a" does not.
        assert_eq!(scrub("ü a u32"), format!("ü {number}"));
        assert_eq!(scrub("ça u32"), format!("ça {number}"));
        assert_eq!(scrub("€a u32"), format!("€a {number}"));
        assert_eq!(scrub("日本 an u32"), format!("日本 {number}"));
        // Found by the property test below: no article at all.
        assert_eq!(scrub("\u{e000}struct"), "\u{e000}a ( ... ) group");
        assert_eq!(
            message("expected ü a struct Kind"),
            "Expected ü a ( ... ) group"
        );
    }

    /// Pieces of the messages serde and ron give, some multi-byte, so that
    /// generated text reaches the rewriting rather than passing through it.
    const PIECES: &[&str] = &[
        "u32",
        "a ",
        "an ",
        "A ",
        " ",
        "€",
        "ü",
        "日本",
        "🦀",
        "struct ",
        "tuple variant ",
        "Kind::Pair",
        "enum",
        "`",
        "\"",
        "invalid type: ",
        ", expected ",
        "string \"x\"",
        "the unsigned integer `5`",
        "Option",
        "\u{1b}",
        ":",
    ];

    proptest::proptest! {
        #[test]
        fn rewriting_any_text_never_panics(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..12),
            noise in ".{0,12}",
        ) {
            let built = pieces.concat();
            for text in [built.as_str(), noise.as_str(), &format!("{noise}{built}")] {
                let _ = scrub(text);
                let _ = message(text);
                let _ = plain_found(text);
                let _ = plain_expected(text);
                let _ = serde_found(text);
                let _ = type_words(text);
                let _ = describe(&ron::error::Error::Message(text.to_owned()));
            }
        }
    }

    #[test]
    fn a_problem_with_the_whole_file_is_said_once_without_a_position() {
        let big = Error::TooBig {
            path: "big.ron".into(),
            size: 73_415_097,
            cap: 67_108_864,
        };
        let expected = "big.ron: the file is 73415097 bytes; tamer reads files of up to \
                        67108864 bytes (the file was left untouched)";
        assert_eq!(big.to_string(), expected);
        assert_eq!(big.into_diagnostics("big.ron").to_string(), expected);
        let gone = Error::io(
            Path::new("gone.ron"),
            io::Error::from(io::ErrorKind::NotFound),
        );
        assert_eq!(
            gone.into_diagnostics("gone.ron").to_string(),
            "gone.ron: cannot read the file: entity not found"
        );
        // Problems with a place keep it, once.
        let placed = Diagnostic {
            file: "nu.ron".into(),
            line: 1,
            col: 8,
            message: "this is not UTF-8 text".into(),
        };
        assert_eq!(
            Error::invalid(placed)
                .into_diagnostics("nu.ron")
                .to_string(),
            "nu.ron:1:8: this is not UTF-8 text"
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
