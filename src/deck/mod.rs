//! Decks of prompt cards: the format, a validator that reports every problem
//! at once with its `file:line:col`, the built-in decks, and the library that
//! merges user decks over them. Pure: `store` reads the files.

pub mod outline;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics};
use outline::{Node, Pos};

/// The STRIDE and LINDDUN category ids a card may name.
pub const CATEGORIES: &[&str] = &[
    "spoofing",
    "tampering",
    "repudiation",
    "information-disclosure",
    "denial-of-service",
    "elevation-of-privilege",
    "linking",
    "identifying",
    "non-repudiation",
    "detecting",
    "data-disclosure",
    "unawareness",
    "non-compliance",
];

/// Element kinds of a system model (data flow diagram elements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    ExternalEntity,
    Process,
    DataStore,
    DataFlow,
}

impl ElementKind {
    pub const ALL: [ElementKind; 4] = [
        ElementKind::ExternalEntity,
        ElementKind::Process,
        ElementKind::DataStore,
        ElementKind::DataFlow,
    ];

    /// The id used in deck files: `external-entity`, `process`, ...
    pub fn id(self) -> &'static str {
        match self {
            ElementKind::ExternalEntity => "external-entity",
            ElementKind::Process => "process",
            ElementKind::DataStore => "data-store",
            ElementKind::DataFlow => "data-flow",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ElementKind::ExternalEntity => "External entity",
            ElementKind::Process => "Process",
            ElementKind::DataStore => "Data store",
            ElementKind::DataFlow => "Data flow",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// Conditions a `conditional` entry may name.
pub const CONDITIONS: &[&str] = &["holds-logs"];

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub description: String,
    pub sources: Vec<Source>,
    pub licence: String,
    pub phases: Vec<u8>,
    pub order: Vec<String>,
    /// For element walks: the deck whose category cards are shown per element.
    pub per_element: Option<String>,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Source {
    pub name: String,
    pub url: String,
    pub licence: String,
    pub used: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub question: String,
    pub detail: String,
    pub examples: Vec<String>,
    pub hints: Vec<String>,
    pub categories: Vec<String>,
    pub elements: Vec<String>,
    pub property: Option<String>,
    pub mitigations: Vec<String>,
    pub conditional: Vec<Conditional>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Conditional {
    pub category: String,
    pub when: String,
}

impl Deck {
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// The cards in dealing order: those named in `order` first, then the
    /// rest in file order.
    pub fn dealing_order(&self) -> Vec<&Card> {
        let mut out: Vec<&Card> = self.order.iter().filter_map(|id| self.card(id)).collect();
        for card in &self.cards {
            if !self.order.contains(&card.id) {
                out.push(card);
            }
        }
        out
    }

    /// The categories a per-element card gives an element of `kind`, with or
    /// without logs.
    pub fn categories_for(&self, kind: ElementKind, holds_logs: bool) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for card in self
            .cards
            .iter()
            .filter(|c| c.elements.iter().any(|e| e == kind.id()))
        {
            for c in &card.categories {
                if !out.contains(&c.as_str()) {
                    out.push(c);
                }
            }
            for cond in &card.conditional {
                if cond.when == "holds-logs" && holds_logs && !out.contains(&cond.category.as_str())
                {
                    out.push(&cond.category);
                }
            }
        }
        out
    }

    /// Parses and checks one deck file. `known_decks` are the ids a
    /// `per_element` may name (besides this deck's own).
    pub fn parse(file: &str, text: &str, known_decks: &[&str]) -> Result<Deck, Diagnostics> {
        let deck: Deck = ron::Options::default()
            .from_str(text)
            .map_err(|e| Diagnostics(vec![Diagnostic::from_ron(file, &e)]))?;
        let problems = Checker(outline::Placed::new(file, text)).check(&deck, known_decks);
        if problems.is_empty() {
            Ok(deck)
        } else {
            Err(Diagnostics(problems))
        }
    }
}

// The checker: every problem in a parsed deck, placed in the text.
crate::deck::outline::checker!();

impl<'a> Checker<'a> {
    /// Where a top-level field is, or the deck's start.
    fn top(&self, name: &str) -> Pos {
        let root = self.root.as_ref();
        root.and_then(|r| r.field(name))
            .map_or(self.start(), |f| f.pos)
    }

    /// The outline of the `i`th item of a top-level list field.
    fn item(&self, list: &str, i: usize) -> Option<&Node> {
        self.root.as_ref()?.get(list)?.items().get(i)
    }

    fn check(mut self, deck: &Deck, known_decks: &[&str]) -> Vec<Diagnostic> {
        self.check_header(deck, known_decks);
        if deck.cards.is_empty() {
            let pos = self.top("cards");
            self.at(
                pos,
                "the deck has no cards; expected at least one card in `cards: [...]`".into(),
            );
        }
        let mut first_seen: HashMap<&str, Pos> = HashMap::new();
        for (i, card) in deck.cards.iter().enumerate() {
            let node = self.item("cards", i).cloned();
            let card_pos = node.as_ref().map_or(self.top("cards"), Node::pos);
            let field_pos = |name: &str| {
                node.as_ref()
                    .and_then(|n| n.field(name))
                    .map_or(card_pos, |f| f.pos)
            };
            let name = if card.id.is_empty() {
                format!("card {}", i + 1)
            } else {
                format!("card \"{}\"", card.id)
            };
            if card.id.trim().is_empty() {
                self.at(
                    card_pos,
                    format!("{name} has no id; expected `id: \"...\"`, unique in the deck"),
                );
            } else if let Some(first) = first_seen.get(card.id.as_str()) {
                let msg = format!(
                    "card id \"{}\" is used twice (first at {}:{}); expected unique card ids",
                    card.id, first.line, first.col
                );
                self.at(field_pos("id"), msg);
            } else {
                first_seen.insert(&card.id, field_pos("id"));
            }
            if card.title.trim().is_empty() {
                self.at(
                    card_pos,
                    format!("{name} has no title; expected `title: \"...\"`"),
                );
            }
            if card.question.trim().is_empty() {
                let pos = field_pos("question");
                self.at(
                    pos,
                    format!("{name} has no question; expected `question: \"...\"`, the prompt shown large"),
                );
            }
            self.check_list(
                node.as_ref(),
                "categories",
                &card.categories,
                CATEGORIES,
                "category",
                card_pos,
            );
            let kinds: Vec<&str> = ElementKind::ALL.iter().map(|k| k.id()).collect();
            self.check_list(
                node.as_ref(),
                "elements",
                &card.elements,
                &kinds,
                "element kind",
                card_pos,
            );
            for (j, cond) in card.conditional.iter().enumerate() {
                let cond_node = node
                    .as_ref()
                    .and_then(|n| n.get("conditional"))
                    .and_then(|l| l.items().get(j));
                let pos_of = |f: &str| {
                    cond_node
                        .and_then(|n| n.field(f))
                        .map_or(card_pos, |f| f.value.pos())
                };
                if !CATEGORIES.contains(&cond.category.as_str()) {
                    let msg = unknown("category", &cond.category, CATEGORIES);
                    self.at(pos_of("category"), msg);
                }
                if !CONDITIONS.contains(&cond.when.as_str()) {
                    let msg = unknown("condition", &cond.when, CONDITIONS);
                    self.at(pos_of("when"), msg);
                }
            }
        }
        let order_node = self.root.as_ref().and_then(|r| r.get("order")).cloned();
        for (i, id) in deck.order.iter().enumerate() {
            if deck.card(id).is_none() {
                let pos = order_node
                    .as_ref()
                    .and_then(|n| n.items().get(i))
                    .map_or(self.top("order"), Node::pos);
                self.at(
                    pos,
                    format!("`order` names card \"{id}\", which is not in this deck; expected ids of this deck's cards"),
                );
            }
        }
        self.out.sort_by_key(|d| (d.line, d.col));
        self.0.out
    }

    fn check_header(&mut self, deck: &Deck, known_decks: &[&str]) {
        let start = self.start();
        let valid_id = !deck.id.is_empty()
            && deck
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            let pos = self.top("id");
            self.at(
                pos,
                format!(
                    "deck id \"{}\" is not usable; expected lower-case letters, digits and '-'",
                    deck.id
                ),
            );
        }
        if deck.title.trim().is_empty() {
            let pos = self.top("title");
            self.at(
                pos,
                "the deck has no title; expected `title: \"...\"`".into(),
            );
        }
        if deck.licence.trim().is_empty() {
            let pos = self.top("licence");
            self.at(
                pos,
                "the deck has no licence; expected `licence: \"...\"` for the deck's own text"
                    .into(),
            );
        }
        for (i, source) in deck.sources.iter().enumerate() {
            if source.licence.trim().is_empty() {
                let pos = self.item("sources", i).map_or(start, Node::pos);
                self.at(
                    pos,
                    format!("source \"{}\" has no licence; expected `licence: \"...\"` for every source", source.name),
                );
            }
        }
        if deck.phases.is_empty() {
            let pos = self.top("phases");
            self.at(
                pos,
                "the deck names no phases; expected `phases: [2]` or others from 0 to 4".into(),
            );
        }
        for (i, phase) in deck.phases.iter().enumerate() {
            if *phase > 4 {
                let pos = self.item("phases", i).map_or(start, Node::pos);
                self.at(
                    pos,
                    format!("phase {phase} does not exist; expected phases from 0 to 4"),
                );
            }
        }
        if let Some(target) = &deck.per_element
            && target != &deck.id
            && !known_decks.contains(&target.as_str())
        {
            let pos = self
                .root
                .as_ref()
                .and_then(|r| r.get("per_element"))
                .map_or(start, |n| n.unwrap_some().pos());
            self.at(
                pos,
                format!("`per_element` names deck \"{target}\", which does not exist; expected the id of a category deck such as \"stride\""),
            );
        }
    }

    fn check_list(
        &mut self,
        card: Option<&Node>,
        field: &str,
        values: &[String],
        known: &[&str],
        what: &str,
        fallback: Pos,
    ) {
        for (i, value) in values.iter().enumerate() {
            if !known.contains(&value.as_str()) {
                let pos = card
                    .and_then(|n| n.get(field))
                    .and_then(|l| l.items().get(i))
                    .map_or(fallback, Node::pos);
                self.at(pos, unknown(what, value, known));
            }
        }
    }
}

pub(crate) fn unknown(what: &str, value: &str, known: &[&str]) -> String {
    let near = known
        .iter()
        .map(|k| (distance(value, k), k))
        .filter(|(d, _)| *d <= 2)
        .min();
    match near {
        Some((_, k)) => format!("unknown {what} \"{value}\"; did you mean \"{k}\"?"),
        None => format!(
            "unknown {what} \"{value}\"; expected one of {}",
            known.join(", ")
        ),
    }
}

/// Edit distance (insertions, deletions, substitutions), for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The decks built into the binary, as (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("decks/stride.ron", include_str!("../../decks/stride.ron")),
    (
        "decks/stride-per-element.ron",
        include_str!("../../decks/stride-per-element.ron"),
    ),
    (
        "decks/cue-cards.ron",
        include_str!("../../decks/cue-cards.ron"),
    ),
    (
        "decks/continuous.ron",
        include_str!("../../decks/continuous.ron"),
    ),
    (
        "decks/owasp-top10-2021.ron",
        include_str!("../../decks/owasp-top10-2021.ron"),
    ),
    (
        "decks/attackers.ron",
        include_str!("../../decks/attackers.ron"),
    ),
    ("decks/privacy.ron", include_str!("../../decks/privacy.ron")),
];

/// Where a deck (or a practice scenario) in its library came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A user file with a new id.
    User(PathBuf),
    /// A user file that replaces the built-in one of the same id.
    Replaces(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub deck: Deck,
    pub origin: Origin,
}

/// A user file (a deck or a practice scenario) that was not loaded, and
/// why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub problems: Diagnostics,
}

/// Every deck available to a session: built-in ones, with user decks added
/// or replacing them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    pub decks: Vec<Entry>,
    pub skipped: Vec<Skipped>,
}

impl Library {
    /// The built-in decks only. They are checked by a test, so a broken one
    /// never ships; one that fails anyway is left out rather than panicking.
    pub fn builtin() -> Self {
        Self::with_user_decks(Vec::new())
    }

    /// Built-in decks plus user deck files given as (path, text or read error).
    pub fn with_user_decks(user: Vec<(PathBuf, Result<String, String>)>) -> Self {
        let builtin_ids: Vec<String> = BUILTIN.iter().map(|(name, _)| deck_id_of(name)).collect();
        let user_ids: Vec<String> = user
            .iter()
            .filter_map(|(_, text)| peek_id(text.as_deref().ok()?))
            .collect();
        let known: Vec<&str> = builtin_ids
            .iter()
            .chain(user_ids.iter())
            .map(String::as_str)
            .collect();
        let builtin = BUILTIN
            .iter()
            .filter_map(|(name, text)| Deck::parse(name, text, &known).ok())
            .collect();
        let (decks, skipped) = merge_user(
            builtin,
            user,
            "deck",
            |d| &d.id,
            |file, text| Deck::parse(file, text, &known),
        );
        Library {
            decks: decks
                .into_iter()
                .map(|(deck, origin)| Entry { deck, origin })
                .collect(),
            skipped,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|e| e.deck.id == id).map(|e| &e.deck)
    }

    /// A card of a deck in the library.
    pub fn card(&self, deck: &str, card: &str) -> Option<&Card> {
        self.get(deck)?.card(card)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.decks.iter().map(|e| e.deck.id.as_str()).collect()
    }
}

/// A user file as a library takes it: its path, and its text or why it
/// could not be read.
pub type UserFile = (PathBuf, Result<String, String>);

/// Merges user files over built-in items (decks, practice scenarios): each
/// file is parsed; one with a built-in's id replaces it in place, one with
/// a new id is added, and a second user file with an id a user file already
/// took is skipped with a message; a file that does not parse is skipped
/// with its problems. `what` names the kind of item in that message.
pub(crate) fn merge_user<T>(
    builtin: Vec<T>,
    user: Vec<UserFile>,
    what: &str,
    id: impl Fn(&T) -> &str,
    parse: impl Fn(&str, &str) -> Result<T, Diagnostics>,
) -> (Vec<(T, Origin)>, Vec<Skipped>) {
    let mut items: Vec<(T, Origin)> = builtin.into_iter().map(|t| (t, Origin::BuiltIn)).collect();
    let mut skipped = Vec::new();
    for (path, text) in user {
        let file = path.display().to_string();
        let parsed = text
            .map_err(|e| Diagnostics(vec![Diagnostic::whole_file(&file, e)]))
            .and_then(|text| parse(&file, &text));
        let item = match parsed {
            Ok(item) => item,
            Err(problems) => {
                skipped.push(Skipped { path, problems });
                continue;
            }
        };
        match items.iter_mut().find(|(t, _)| id(t) == id(&item)) {
            Some(existing) if existing.1 == Origin::BuiltIn => {
                *existing = (item, Origin::Replaces(path));
            }
            Some(_) => {
                let message = format!(
                    "{what} id \"{}\" is already used by another user {what}; expected a unique id",
                    id(&item)
                );
                skipped.push(Skipped {
                    problems: Diagnostics(vec![Diagnostic::whole_file(&file, message)]),
                    path,
                });
            }
            None => items.push((item, Origin::User(path))),
        }
    }
    (items, skipped)
}

/// The id of a deck that parses, ignoring other problems: so that decks
/// checked together may name each other in `per_element`.
fn peek_id(text: &str) -> Option<String> {
    ron::Options::default()
        .from_str::<Deck>(text)
        .ok()
        .map(|d| d.id)
}

/// Checks deck files against the library and each other (for `tamer decks
/// check`): each file's deck, or every problem in it.
pub fn check_files(
    library: &Library,
    files: Vec<(String, Result<String, String>)>,
) -> Vec<(String, Result<Deck, Diagnostics>)> {
    let mut known: Vec<String> = library.ids().iter().map(|s| (*s).to_owned()).collect();
    known.extend(
        files
            .iter()
            .filter_map(|(_, t)| peek_id(t.as_deref().ok()?)),
    );
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    files
        .into_iter()
        .map(|(name, text)| {
            let result = match text {
                Ok(text) => Deck::parse(&name, &text, &known),
                Err(message) => Err(Diagnostics(vec![Diagnostic::whole_file(&name, message)])),
            };
            (name, result)
        })
        .collect()
}

/// "decks/stride.ron" → "stride".
fn deck_id_of(name: &str) -> String {
    name.rsplit('/')
        .next()
        .unwrap_or(name)
        .trim_end_matches(".ron")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_deck_passes_the_checks() {
        let ids: Vec<String> = BUILTIN.iter().map(|(n, _)| deck_id_of(n)).collect();
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        for (name, text) in BUILTIN {
            let deck = Deck::parse(name, text, &known).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                deck.id,
                deck_id_of(name),
                "{name}: the id matches the file name"
            );
            assert!(!deck.sources.is_empty(), "{name} names its sources");
        }
        assert_eq!(Library::builtin().decks.len(), BUILTIN.len());
    }

    #[test]
    fn stride_per_element_follows_the_table() {
        let lib = Library::builtin();
        let spe = lib.get("stride-per-element").expect("deck");
        assert_eq!(spe.per_element.as_deref(), Some("stride"));
        assert_eq!(
            spe.categories_for(ElementKind::ExternalEntity, false),
            ["spoofing", "repudiation"]
        );
        assert_eq!(spe.categories_for(ElementKind::Process, false).len(), 6);
        assert!(
            !spe.categories_for(ElementKind::DataStore, false)
                .contains(&"repudiation")
        );
        assert!(
            spe.categories_for(ElementKind::DataStore, true)
                .contains(&"repudiation")
        );
        assert_eq!(
            spe.categories_for(ElementKind::DataFlow, false),
            ["tampering", "information-disclosure", "denial-of-service"]
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("spoofin", "spoofing"), 1);
        assert_eq!(distance("proces", "process"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn stride_deals_in_itd_se_r_order() {
        let lib = Library::builtin();
        let order: Vec<&str> = lib
            .get("stride")
            .expect("deck")
            .dealing_order()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "tampering",
                "information-disclosure",
                "denial-of-service",
                "spoofing",
                "elevation-of-privilege",
                "repudiation"
            ]
        );
    }
}
