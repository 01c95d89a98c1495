//! Where things are in a RON file: a small structural scan that records the
//! line and column of every value and field, so that problems found after
//! parsing (a duplicate id, a missing question) can be reported at their
//! place. It runs only on text that serde has already parsed, so it can be
//! simple; on anything unexpected it stops and the caller falls back to the
//! nearest known position.

/// A 1-based line and column (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `( ... )`: a struct, tuple or enum payload; tuple items have no name.
    Struct { pos: Pos, fields: Vec<Field> },
    /// `[ ... ]`
    List { pos: Pos, items: Vec<Node> },
    /// Anything else: a string, number, identifier or map.
    Atom { pos: Pos },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// Where the field's name is.
    pub pos: Pos,
    pub value: Node,
}

impl Node {
    pub fn pos(&self) -> Pos {
        match self {
            Node::Struct { pos, .. } | Node::List { pos, .. } | Node::Atom { pos } => *pos,
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        match self {
            Node::Struct { fields, .. } => fields.iter().find(|f| f.name == name),
            _ => None,
        }
    }

    /// The items of a list, or of the single payload of `Some([...])`.
    pub fn items(&self) -> &[Node] {
        match self {
            Node::List { items, .. } => items,
            Node::Struct { fields, .. } if fields.len() == 1 && fields[0].name.is_empty() => {
                fields[0].value.items()
            }
            _ => &[],
        }
    }

    /// A field's value when present, for chaining: `card.get("categories")`.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.field(name).map(|f| &f.value)
    }

    /// The value inside `Some(...)`, or the node itself.
    pub fn unwrap_some(&self) -> &Node {
        match self {
            Node::Struct { fields, .. } if fields.len() == 1 && fields[0].name.is_empty() => {
                &fields[0].value
            }
            other => other,
        }
    }
}

/// The problems found in one file after it parsed, each placed at its line
/// and column through the file's outline. The deck, scheme and scenario
/// checkers each wrap one and add their own checks.
pub struct Placed<'a> {
    pub file: &'a str,
    /// The file's outline; `None` when it did not scan (problems then go to
    /// line 1, column 1).
    pub root: Option<Node>,
    pub out: Vec<crate::error::Diagnostic>,
}

impl<'a> Placed<'a> {
    pub fn new(file: &'a str, text: &str) -> Self {
        Self {
            file,
            root: outline(text),
            out: Vec::new(),
        }
    }

    /// A problem at `pos` (at 1:1 when the position is unknown).
    pub fn at(&mut self, pos: Pos, message: String) {
        self.out.push(crate::error::Diagnostic {
            file: self.file.to_owned(),
            line: pos.line.max(1),
            col: pos.col.max(1),
            message,
        });
    }

    /// Where the file's top-level value starts.
    pub fn start(&self) -> Pos {
        self.root.as_ref().map(Node::pos).unwrap_or_default()
    }
}

/// Declares a file checker, `Checker<'a>`: a [`Placed`] that the module
/// adds its own checks to (`impl Checker<'_> { fn header(…) … }`), with
/// `at` its own method so that a position may be worked out by another
/// method in the same call (`self.at(self.top("id"), …)`).
macro_rules! checker {
    () => {
        struct Checker<'a>($crate::deck::outline::Placed<'a>);

        impl<'a> std::ops::Deref for Checker<'a> {
            type Target = $crate::deck::outline::Placed<'a>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl std::ops::DerefMut for Checker<'_> {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.0
            }
        }

        impl Checker<'_> {
            fn at(&mut self, pos: $crate::deck::outline::Pos, message: String) {
                self.0.at(pos, message);
            }
        }
    };
}
pub(crate) use checker;

/// The outline of the top-level value of `text`, if it scans.
pub fn outline(text: &str) -> Option<Node> {
    let mut s = Scanner {
        chars: text.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
    };
    s.skip_trivia();
    while s.peek() == Some('#') {
        // `#![enable(...)]` extension attributes.
        while !matches!(s.peek(), None | Some('\n')) {
            s.bump();
        }
        s.skip_trivia();
    }
    s.value(0)
}

struct Scanner {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

/// Deeper than this is not a deck; ron refuses it too.
const MAX_DEPTH: usize = 64;

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while !matches!(self.peek(), None | Some('\n')) {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let pos = self.pos();
        match self.peek()? {
            '(' => self.parens(pos, depth),
            '[' => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.skip_trivia();
                    if self.peek()? == ']' {
                        self.bump();
                        return Some(Node::List { pos, items });
                    }
                    items.push(self.value(depth + 1)?);
                    self.comma_or(']')?;
                }
            }
            '{' => {
                self.bump();
                loop {
                    self.skip_trivia();
                    if self.peek()? == '}' {
                        self.bump();
                        return Some(Node::Atom { pos });
                    }
                    self.value(depth + 1)?;
                    self.skip_trivia();
                    if self.bump()? != ':' {
                        return None;
                    }
                    self.value(depth + 1)?;
                    self.comma_or('}')?;
                }
            }
            '"' => {
                self.string();
                Some(Node::Atom { pos })
            }
            '\'' => {
                self.bump();
                while let Some(c) = self.bump() {
                    match c {
                        '\\' => {
                            self.bump();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
                Some(Node::Atom { pos })
            }
            'r' if self.raw_string_ahead() => {
                self.raw_string();
                Some(Node::Atom { pos })
            }
            'b' if self.peek_at(1) == Some('"') => {
                self.bump();
                self.string();
                Some(Node::Atom { pos })
            }
            c if c.is_alphabetic() || c == '_' => {
                self.ident();
                self.skip_trivia();
                if self.peek() == Some('(') {
                    let inner = self.pos();
                    return self.parens(inner, depth);
                }
                Some(Node::Atom { pos })
            }
            _ => {
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || ",)]}:".contains(c) {
                        break;
                    }
                    self.bump();
                }
                Some(Node::Atom { pos })
            }
        }
    }

    fn parens(&mut self, pos: Pos, depth: usize) -> Option<Node> {
        self.bump();
        let mut fields = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek()? == ')' {
                self.bump();
                return Some(Node::Struct { pos, fields });
            }
            let start = self.pos();
            let save = (self.i, self.line, self.col);
            let name = if self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
                let name = self.ident();
                self.skip_trivia();
                if self.peek() == Some(':') && self.peek_at(1) != Some(':') {
                    self.bump();
                    Some(name)
                } else {
                    (self.i, self.line, self.col) = save;
                    None
                }
            } else {
                None
            };
            let value = self.value(depth + 1)?;
            fields.push(Field {
                name: name.unwrap_or_default(),
                pos: start,
                value,
            });
            self.comma_or(')')?;
        }
    }

    fn comma_or(&mut self, close: char) -> Option<()> {
        self.skip_trivia();
        match self.peek()? {
            ',' => {
                self.bump();
                Some(())
            }
            c if c == close => Some(()),
            _ => None,
        }
    }

    /// Whether `r` starts a raw string (`r"…"`, `r#"…"#`) rather than a
    /// raw identifier (`r#external-entity`).
    fn raw_string_ahead(&self) -> bool {
        let mut n = 1;
        while self.peek_at(n) == Some('#') {
            n += 1;
        }
        self.peek_at(n) == Some('"')
    }

    /// An identifier; raw ones (`r#data-store`) may hold `-`, `.` and `+`.
    fn ident(&mut self) -> String {
        let raw = self.peek() == Some('r') && self.peek_at(1) == Some('#');
        if raw {
            self.bump();
            self.bump();
        }
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || (raw && "-.+".contains(c)) {
                name.push(c);
                self.bump();
            } else {
                break;
            }
        }
        name
    }

    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump();
        while let Some(c) = self.bump() {
            if c == '"' {
                let mut n = 0;
                while n < hashes && self.peek() == Some('#') {
                    self.bump();
                    n += 1;
                }
                if n == hashes {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_items_have_positions() {
        let text = "// c\n(\n  id: \"x\",\n  cards: [\n    (id: \"a\", tags: [\"p\", r#\"q\"#]),\n    (id: \"b\"),\n  ],\n  opt: Some(\"v\"),\n  m: {\"k\": 1},\n)";
        let root = outline(text).expect("scans");
        assert_eq!(root.pos(), Pos { line: 2, col: 1 });
        assert_eq!(
            root.field("id").map(|f| f.pos),
            Some(Pos { line: 3, col: 3 })
        );
        let cards = root.get("cards").expect("cards").items();
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[1].pos(), Pos { line: 6, col: 5 });
        let tags = cards[0].get("tags").expect("tags").items();
        assert_eq!(tags[1].pos(), Pos { line: 5, col: 27 });
        assert_eq!(
            root.get("opt").map(|n| n.unwrap_some().pos()),
            Some(Pos { line: 8, col: 13 })
        );
        assert!(root.get("m").is_some());
    }

    #[test]
    fn raw_identifiers_are_not_raw_strings() {
        let text = "(kind: r#external-entity, s: r#\"x\"#, n: 1)";
        let tree = outline(text).expect("scans");
        assert_eq!(
            tree.field("n").map(|f| f.pos),
            Some(Pos { line: 1, col: 38 })
        );
    }

    #[test]
    fn broken_or_deep_text_gives_none_not_a_panic() {
        assert_eq!(outline("(a: [1, 2"), None);
        assert_eq!(outline(&"[".repeat(10_000)), None);
        assert_eq!(outline(""), None);
    }
}
