//! The debrief of a practice session: the learner's threats next to the
//! scenario's reference threats, and a score to beat next time.
//!
//! Pure and deterministic: the same session and scenario always give the
//! same debrief.
//!
//! **Matching.** Each learner threat is compared with each reference threat
//! by the rewind matcher ([`crate::radar::matcher`]): the learner's title,
//! and the title with its description, against the reference's title; the
//! better of the two counts. A pair is a candidate when
//!
//! - the matcher says the two say the same thing and the learner's threat
//!   sits on the reference's element, on a neighbour of it (a flow that
//!   starts or ends there, or the other end of such a flow), or on no
//!   element at all; a threat placed somewhere else entirely is a different
//!   threat, however alike the words; or
//! - the learner worked the same card (the same element and category) and
//!   either the matcher finds no reason to keep the two apart and they
//!   share at least [`SAME_CARD_AT`] of their weighted words, or at least
//!   half of the learner's words (as the matcher reads them: stems and
//!   security synonyms; the attacker aside) are in the reference's. A
//!   learner's line is shorter than a reviewer's sentence and rarely uses
//!   its words, and the card already says where they were looking; the
//!   matcher's vetoes, made to tell apart the threats of one team's list,
//!   are too strict for "IDOR: change the album id" against "the API
//!   returns a private album to a member who changes its number".
//!
//! A category other than the reference's still matches, with a note:
//! arguing about the category is a known way to lose time [2.1.11b], and
//! finding the threat is what counts. Candidates are taken strongest first
//! (same words on the same element, then on a neighbour, then the same
//! card, then same words on no element; within each, the larger overlap),
//! each learner threat and each reference threat at most once.
//!
//! **Missed** reference threats are grouped by element × category, so a
//! learner sees the blind areas rather than a list of blind spots
//! [2.1.1] [2.1.2]. **Extra** threats the reference lacks are listed and
//! never counted against the learner: everything found is a win [2.1.1].
//!
//! **Mitigations** are compared for each matched threat: did the learner
//! link one, and does one of theirs resemble one the reviewer expected
//! ([`resembles`]) — teaching mitigations by example [3.2.6].
//!
//! **Score** ([`FORMULA`]): 70 points for finding every reference threat,
//! 30 for a fitting mitigation on each, less 2 per hint, from 0 to 100.

use crate::deck::ElementKind;
use crate::radar::matcher::{Statement, Verdict, normalise};
use crate::session::{EventKind, Session, Threat};

use super::scenario::{CATEGORIES, ReferenceThreat, Scenario};

/// On the same card, this much weighted overlap (and no veto) is a match.
pub const SAME_CARD_AT: f32 = 0.2;
/// Points for finding every reference threat.
pub const FOUND_POINTS: u32 = 70;
/// Points for a fitting mitigation on every reference threat.
pub const MITIGATION_POINTS: u32 = 30;
/// Points a hint costs.
pub const HINT_COST: u32 = 2;
/// The score's formula, in words (the debrief screen and the README say it).
pub const FORMULA: &str = "score = 70 × found ÷ expected + 30 × mitigated ÷ expected − 2 per hint; \
     a linked mitigation like one the reviewer expected counts 1, any other ½";

/// Where a learner's threat sits, seen from a reference threat's element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// On the same element or flow.
    Same,
    /// On a flow that starts or ends at it, or at the other end of one.
    Near,
    /// The learner's threat has no element, or the reference's element is
    /// not in the model any more (renamed or deleted).
    Unplaced,
    /// Somewhere else.
    Elsewhere,
}

/// How a learner's threat was matched to a reference threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The matcher says the two say the same thing.
    Words,
    /// The same card (element and category), in other words.
    Card,
}

/// How the learner's mitigations for a matched threat compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mitigated {
    /// None linked.
    No,
    /// Linked, but none like one the reviewer expected.
    Other,
    /// This one of the learner's resembles this one of the reviewer's.
    Fits { learner: String, expected: String },
}

/// A learner's threat that found a reference threat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// The learner's threat.
    pub threat: u32,
    pub title: String,
    /// The reference threat's id and title.
    pub reference: String,
    pub reference_title: String,
    /// The reference's category.
    pub category: String,
    pub how: How,
    pub place: Place,
    /// The learner's category when it is not the reference's [2.1.11b].
    pub other_category: Option<String>,
    /// The titles of the learner's mitigations linked to the threat.
    pub linked: Vec<String>,
    /// What the reviewer expected.
    pub expected: Vec<String>,
    pub mitigated: Mitigated,
}

/// The reference threats missed on one element × category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    /// The element's or flow's title (its key if the scenario lacks it).
    pub element: String,
    pub category: String,
    /// (id, title) of each, in the scenario's order.
    pub threats: Vec<(String, String)>,
}

/// A learner's threat the reference lacks: not counted against them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extra {
    pub threat: u32,
    pub title: String,
    /// The element's name in the session, if the threat has one.
    pub element: Option<String>,
    pub category: Option<String>,
}

/// A practice session compared with its scenario's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debrief {
    pub scenario: String,
    pub scenario_title: String,
    /// The scenario version practised and the one compared with, when they
    /// differ (the reference changed since the session began).
    pub versions: Option<(u32, u32)>,
    /// In the scenario's order of reference threats.
    pub matched: Vec<Matched>,
    /// Grouped by element (the scenario's order: elements, then flows) and
    /// category (STRIDE order).
    pub missed: Vec<Missed>,
    /// In the order captured.
    pub extra: Vec<Extra>,
    /// The reference threat each hint pointed at, in the order shown.
    pub hints: Vec<String>,
    /// How many reference threats there are.
    pub expected: u32,
    /// Matched threats with a mitigation like one expected, and with some
    /// other mitigation linked.
    pub fitting: u32,
    pub other_mitigated: u32,
    /// 0 to 100 ([`FORMULA`]).
    pub score: u32,
}

/// The session's elements for the scenario's keys. `tamer practice` gives
/// each element and flow of the scenario its title as its name, so a key
/// is found by name (elements among elements, flows among flows); one the
/// learner renamed or deleted is not found.
#[derive(Debug, Clone, Default)]
pub struct Places {
    keys: Vec<(String, u32)>,
    /// (flow id, from, to) of every flow with ends.
    flows: Vec<(u32, u32, u32)>,
}

impl Places {
    pub fn of(session: &Session, scenario: &Scenario) -> Self {
        let find = |title: &str, flow: bool| {
            session
                .model
                .iter()
                .find(|e| (e.kind == ElementKind::DataFlow) == flow && same_name(&e.name, title))
                .map(|e| e.id)
        };
        let mut keys = Vec::new();
        for e in &scenario.elements {
            if let Some(id) = find(&e.title, false) {
                keys.push((e.key.clone(), id));
            }
        }
        for f in &scenario.flows {
            if let Some(id) = find(&f.title, true) {
                keys.push((f.key.clone(), id));
            }
        }
        let flows = session
            .model
            .iter()
            .filter_map(|e| e.flow.as_ref().map(|f| (e.id, f.from, f.to)))
            .collect();
        Self { keys, flows }
    }

    /// The session element for a scenario key.
    pub fn id(&self, key: &str) -> Option<u32> {
        self.keys.iter().find(|(k, _)| k == key).map(|(_, id)| *id)
    }

    /// Where `learner` sits, seen from the reference's element `key`.
    pub fn place(&self, learner: Option<u32>, key: &str) -> Place {
        let (Some(a), Some(b)) = (learner, self.id(key)) else {
            return Place::Unplaced;
        };
        if a == b {
            return Place::Same;
        }
        let near = self.flows.iter().any(|&(flow, from, to)| {
            let ends = [from, to];
            (flow == a && ends.contains(&b))
                || (flow == b && ends.contains(&a))
                || (ends.contains(&a) && ends.contains(&b))
        });
        if near { Place::Near } else { Place::Elsewhere }
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether a learner's mitigation resembles a reviewer's: the matcher says
/// the two say the same thing, or they share at least one concept and at
/// least half of the shorter one's ("Rate-limit the login" and "Limit
/// login attempts per account"). Mitigations are short, so plain overlap
/// of the matcher's concepts (stems and security synonyms) does better than
/// its reading of roles, which is made for threats.
pub fn resembles(learner: &str, expected: &str) -> bool {
    if crate::radar::matcher::same(learner, expected) {
        return true;
    }
    let (a, b) = (concepts(learner), concepts(expected));
    let shared = shared(&a, &b);
    shared >= 1 && shared * 2 >= a.len().min(b.len())
}

/// A candidate pair: strength (lower is stronger), overlap, indices.
struct Candidate {
    tier: u8,
    overlap: f32,
    learner: usize,
    reference: usize,
    how: How,
    place: Place,
}

/// The better of two verdicts: a match first, then the larger overlap.
fn better(a: Verdict, b: Verdict) -> Verdict {
    match (a.is_match(), b.is_match()) {
        (true, false) => a,
        (false, true) => b,
        _ if b.overlap > a.overlap => b,
        _ => a,
    }
}

/// The matcher's concepts of `text`, sorted, once each; the attacker,
/// which every threat has whether it says so or not, left out.
fn concepts(text: &str) -> Vec<String> {
    let mut c = normalise(text);
    c.retain(|w| w != "attacker");
    c.sort();
    c.dedup();
    c
}

/// How many of `a` are in `b` (both sorted).
fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|c| b.binary_search(c).is_ok()).count()
}

/// A threat read once: its statements (title; title and description) and
/// its concepts.
struct Read {
    statements: Vec<Statement>,
    concepts: Vec<String>,
}

impl Read {
    fn threat(threat: &Threat) -> Self {
        let mut statements = vec![Statement::new(&threat.title)];
        let mut text = threat.title.clone();
        if !threat.description.trim().is_empty() {
            text = format!("{}. {}", threat.title, threat.description);
            statements.push(Statement::new(&text));
        }
        Self {
            statements,
            concepts: concepts(&text),
        }
    }

    fn reference(reference: &ReferenceThreat) -> Self {
        Self {
            statements: vec![Statement::new(&reference.title)],
            concepts: concepts(&reference.title),
        }
    }
}

fn candidate(
    threat: &Threat,
    read: &Read,
    reference: &ReferenceThreat,
    reference_read: &Read,
    places: &Places,
) -> Option<(u8, f32, How, Place)> {
    let statement = reference_read.statements.first()?;
    let statements = &read.statements;
    let verdict = statements
        .iter()
        .map(|s| s.compare(statement))
        .reduce(better)?;
    let place = places.place(threat.element, &reference.element);
    let same_category = threat.category.as_deref() == Some(reference.category.as_str());
    if verdict.is_match() {
        let tier = match place {
            Place::Same => 0,
            Place::Near => 1,
            Place::Unplaced => 3,
            Place::Elsewhere => return None,
        };
        return Some((tier, verdict.overlap, How::Words, place));
    }
    let common = shared(&read.concepts, &reference_read.concepts);
    let alike = (verdict.veto.is_none() && verdict.overlap >= SAME_CARD_AT)
        || (common >= 1 && 2 * common >= read.concepts.len());
    if place == Place::Same && same_category && alike {
        return Some((2, verdict.overlap, How::Card, place));
    }
    None
}

/// Pairs of (learner threat index, reference threat index, how, where),
/// each threat at most once, strongest first.
pub fn pairs(
    session: &Session,
    scenario: &Scenario,
    places: &Places,
) -> Vec<(usize, usize, How, Place)> {
    let references: Vec<Read> = scenario.threats.iter().map(Read::reference).collect();
    let mut candidates = Vec::new();
    for (li, threat) in session.threats.iter().enumerate() {
        let read = Read::threat(threat);
        for (ri, reference) in scenario.threats.iter().enumerate() {
            if let Some((tier, overlap, how, place)) =
                candidate(threat, &read, reference, &references[ri], places)
            {
                candidates.push(Candidate {
                    tier,
                    overlap,
                    learner: li,
                    reference: ri,
                    how,
                    place,
                });
            }
        }
    }
    candidates.sort_by(|a, b| {
        a.tier
            .cmp(&b.tier)
            .then(b.overlap.total_cmp(&a.overlap))
            .then(a.reference.cmp(&b.reference))
            .then(a.learner.cmp(&b.learner))
    });
    let mut learner_used = vec![false; session.threats.len()];
    let mut reference_used = vec![false; scenario.threats.len()];
    let mut out = Vec::new();
    for c in candidates {
        if learner_used[c.learner] || reference_used[c.reference] {
            continue;
        }
        learner_used[c.learner] = true;
        reference_used[c.reference] = true;
        out.push((c.learner, c.reference, c.how, c.place));
    }
    out
}

/// The reference threat each hint pointed at, in the order shown.
pub fn hints_shown(session: &Session) -> Vec<String> {
    session
        .timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::HintShown { hint, .. } => Some(hint.clone()),
            _ => None,
        })
        .collect()
}

/// Whether the session was debriefed since it last finished (a finished
/// practice session is debriefed once per finish).
pub fn debriefed_since_finish(session: &Session) -> bool {
    let at = |f: fn(&EventKind) -> bool| session.timeline.iter().rposition(|e| f(&e.kind));
    let finished = at(|k| matches!(k, EventKind::Finished));
    let debriefed = at(|k| matches!(k, EventKind::Debriefed { .. }));
    debriefed.is_some() && debriefed >= finished
}

/// The best earlier score for `scenario`: the latest score of each other
/// practice record `listed` on it (the session's own record, known by its
/// title and start, left out), and `session`'s own debriefs before its
/// last `skip` ones.
pub fn best_before<'a>(
    scenario: &str,
    session: &Session,
    listed: impl Iterator<Item = &'a crate::session::record::Summary>,
    skip: usize,
) -> Option<u32> {
    let others = listed
        .filter(|s| {
            s.practice.as_deref() == Some(scenario)
                && !(s.created == session.created && s.title == session.title)
        })
        .filter_map(|s| s.score);
    let mut earlier: Vec<u32> = session
        .timeline
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Debriefed { score, .. } => Some(score),
            _ => None,
        })
        .collect();
    earlier.truncate(earlier.len().saturating_sub(skip));
    others.chain(earlier).max()
}

/// The score from its parts ([`FORMULA`]), rounded half up.
pub fn score(expected: u32, found: u32, fitting: u32, other: u32, hints: u32) -> u32 {
    if expected == 0 {
        return 100u32.saturating_sub(hints.saturating_mul(HINT_COST));
    }
    // In halves: a fitting mitigation is 2 halves, another 1.
    let halves = 2 * u64::from(fitting) + u64::from(other);
    let expected = u64::from(expected);
    let points2 =
        2 * u64::from(FOUND_POINTS) * u64::from(found) + u64::from(MITIGATION_POINTS) * halves;
    // points = points2 / (2 × expected), rounded half up.
    let points = (points2 + expected) / (2 * expected);
    let points = u32::try_from(points.min(100)).unwrap_or(100);
    points.saturating_sub(hints.saturating_mul(HINT_COST))
}

impl Debrief {
    pub fn of(session: &Session, scenario: &Scenario) -> Self {
        let places = Places::of(session, scenario);
        let pairs = pairs(session, scenario, &places);
        let mut matched = Vec::new();
        let mut found = vec![false; scenario.threats.len()];
        let (mut fitting, mut other_mitigated) = (0, 0);
        // In the scenario's order.
        let mut by_reference: Vec<_> = pairs.iter().collect();
        by_reference.sort_by_key(|p| p.1);
        for &&(li, ri, how, place) in &by_reference {
            let threat = &session.threats[li];
            let reference = &scenario.threats[ri];
            found[ri] = true;
            let linked: Vec<&str> = session
                .mitigations
                .iter()
                .filter(|m| m.threats.contains(&threat.id))
                .map(|m| m.title.as_str())
                .collect();
            let fit = linked.iter().find_map(|l| {
                reference
                    .mitigations
                    .iter()
                    .find(|e| resembles(l, e))
                    .map(|e| (l.to_string(), e.clone()))
            });
            let mitigated = match fit {
                Some((learner, expected)) => {
                    fitting += 1;
                    Mitigated::Fits { learner, expected }
                }
                None if !linked.is_empty() => {
                    other_mitigated += 1;
                    Mitigated::Other
                }
                None => Mitigated::No,
            };
            matched.push(Matched {
                threat: threat.id,
                title: threat.title.clone(),
                reference: reference.id.clone(),
                reference_title: reference.title.clone(),
                category: reference.category.clone(),
                how,
                place,
                other_category: threat.category.clone().filter(|c| *c != reference.category),
                linked: linked.into_iter().map(str::to_owned).collect(),
                expected: reference.mitigations.clone(),
                mitigated,
            });
        }
        let used: Vec<usize> = pairs.iter().map(|p| p.0).collect();
        let extra = session
            .threats
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(i))
            .map(|(_, t)| Extra {
                threat: t.id,
                title: t.title.clone(),
                element: t
                    .element
                    .and_then(|id| session.element(id))
                    .map(|e| e.name.clone()),
                category: t.category.clone(),
            })
            .collect();
        let missed = missed(scenario, &found);
        let hints = hints_shown(session);
        let expected = u32::try_from(scenario.threats.len()).unwrap_or(u32::MAX);
        let found_n = u32::try_from(matched.len()).unwrap_or(u32::MAX);
        let hint_n = u32::try_from(hints.len()).unwrap_or(u32::MAX);
        let versions = session
            .practice
            .as_ref()
            .filter(|p| p.version != scenario.version)
            .map(|p| (p.version, scenario.version));
        Debrief {
            scenario: scenario.id.clone(),
            scenario_title: scenario.title.clone(),
            versions,
            score: score(expected, found_n, fitting, other_mitigated, hint_n),
            matched,
            missed,
            extra,
            hints,
            expected,
            fitting,
            other_mitigated,
        }
    }

    /// How many reference threats were missed.
    pub fn missed_count(&self) -> u32 {
        let n: usize = self.missed.iter().map(|m| m.threats.len()).sum();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// The event that keeps this debrief in the record.
    pub fn event(&self) -> EventKind {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        EventKind::Debriefed {
            matched: count(self.matched.len()),
            missed: self.missed_count(),
            extra: count(self.extra.len()),
            score: self.score,
        }
    }
}

/// The reference threats not found, by element × category.
fn missed(scenario: &Scenario, found: &[bool]) -> Vec<Missed> {
    let keys = scenario
        .elements
        .iter()
        .map(|e| (&e.key, &e.title))
        .chain(scenario.flows.iter().map(|f| (&f.key, &f.title)));
    let category_rank = |c: &str| {
        CATEGORIES
            .iter()
            .position(|x| *x == c)
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<Missed> = Vec::new();
    let mut known: Vec<&str> = Vec::new();
    let group = |key: &str, title: &str, out: &mut Vec<Missed>| {
        let mut here: Vec<&ReferenceThreat> = scenario
            .threats
            .iter()
            .zip(found)
            .filter(|(t, f)| !**f && t.element == key)
            .map(|(t, _)| t)
            .collect();
        // Stable: the scenario's order within a category.
        here.sort_by_key(|t| category_rank(&t.category));
        for t in here {
            match out.last_mut() {
                Some(m) if m.element == title && m.category == t.category => {
                    m.threats.push((t.id.clone(), t.title.clone()));
                }
                _ => out.push(Missed {
                    element: title.to_owned(),
                    category: t.category.clone(),
                    threats: vec![(t.id.clone(), t.title.clone())],
                }),
            }
        }
    };
    for (key, title) in keys {
        known.push(key);
        group(key, title, &mut out);
    }
    // A reference threat on a key the scenario does not list (a checked
    // scenario has none) is still reported, under its key.
    let mut strays: Vec<&str> = Vec::new();
    for t in &scenario.threats {
        if !known.contains(&t.element.as_str()) && !strays.contains(&t.element.as_str()) {
            strays.push(&t.element);
        }
    }
    for key in strays {
        group(key, key, &mut out);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::practice::scenario::{ScenarioElement, ScenarioFlow};
    use crate::session::walk::FlowEnds;
    use crate::session::{Change, ElementDraft, MitigationDraft, PhaseScript, ThreatDraft};

    fn reference(id: &str, title: &str, category: &str, element: &str) -> ReferenceThreat {
        ReferenceThreat {
            id: id.into(),
            title: title.into(),
            category: category.into(),
            element: element.into(),
            mitigations: vec![format!("Mitigation for {id}")],
            hints: vec![format!("{id} first hint"), format!("{id} second hint")],
        }
    }

    /// A small scenario: a user, an API, a database, two flows, four
    /// reference threats.
    pub(crate) fn scenario() -> Scenario {
        let element = |key: &str, title: &str, kind| ScenarioElement {
            key: key.into(),
            title: title.into(),
            kind,
            boundary: None,
            description: String::new(),
        };
        let flow = |key: &str, title: &str, from: &str, to: &str| ScenarioFlow {
            key: key.into(),
            title: title.into(),
            from: from.into(),
            to: to.into(),
            ..ScenarioFlow::default()
        };
        let mut forged = reference(
            "forged-token",
            "An attacker forges a session token and acts as the user.",
            "spoofing",
            "api",
        );
        forged.mitigations = vec!["Sign session tokens and check the signature".into()];
        forged.hints = vec!["Who checks the token?".into()];
        Scenario {
            id: "tiny".into(),
            title: "Tiny app".into(),
            version: 2,
            elements: vec![
                element("user", "User", ElementKind::ExternalEntity),
                element("api", "API", ElementKind::Process),
                element("db", "Database", ElementKind::DataStore),
            ],
            flows: vec![
                flow("user-api", "Requests", "user", "api"),
                flow("api-db", "Queries", "api", "db"),
            ],
            threats: vec![
                forged,
                reference(
                    "sql-injection",
                    "SQL injection through the search field changes stored records.",
                    "tampering",
                    "db",
                ),
                reference(
                    "backup-leak",
                    "Database backups are readable by too many people.",
                    "information-disclosure",
                    "db",
                ),
                reference(
                    "request-flood",
                    "A script floods the API with requests until it stops answering.",
                    "denial-of-service",
                    "user-api",
                ),
            ],
            ..Scenario::default()
        }
    }

    /// A practice session with the scenario's model, as `tamer practice`
    /// makes it (elements and flows named by their titles).
    pub(crate) fn session(scenario: &Scenario, clock: &FixedClock) -> Session {
        let mut s = Session::new("Tiny", 60, vec![], &PhaseScript::builtin(), clock.now());
        let mut ids = Vec::new();
        for e in &scenario.elements {
            s.apply(
                Change::AddElement(ElementDraft::new(e.kind, &e.title)),
                clock.now(),
            )
            .expect("element");
            ids.push((e.key.clone(), s.model.last().expect("added").id));
        }
        let id = |k: &str| ids.iter().find(|(key, _)| key == k).map(|(_, id)| *id);
        for f in &scenario.flows {
            let mut draft = ElementDraft::new(ElementKind::DataFlow, &f.title);
            draft.flow = Some(FlowEnds {
                from: id(&f.from).expect("from"),
                to: id(&f.to).expect("to"),
                carries: String::new(),
                protocol: String::new(),
                authenticated: false,
                encrypted: false,
            });
            s.apply(Change::AddElement(draft), clock.now())
                .expect("flow");
        }
        s.practice = Some(crate::session::Practice {
            scenario: scenario.id.clone(),
            version: scenario.version,
        });
        s
    }

    pub(crate) fn element(s: &Session, name: &str) -> u32 {
        s.model
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.id)
            .expect("element")
    }

    pub(crate) fn capture(
        s: &mut Session,
        title: &str,
        category: Option<&str>,
        element: Option<u32>,
        clock: &FixedClock,
    ) -> u32 {
        let draft = ThreatDraft {
            title: title.into(),
            category: category.map(str::to_owned),
            element,
            ..ThreatDraft::default()
        };
        s.apply(Change::AddThreat(draft), clock.now())
            .expect("threat");
        s.threats.last().expect("captured").id
    }

    fn mitigate(s: &mut Session, title: &str, threat: u32, clock: &FixedClock) {
        s.apply(
            Change::AddMitigation(MitigationDraft::new(title, &[threat])),
            clock.now(),
        )
        .expect("mitigation");
    }

    fn references(d: &Debrief) -> Vec<(&str, u32)> {
        d.matched
            .iter()
            .map(|m| (m.reference.as_str(), m.threat))
            .collect()
    }

    #[test]
    fn nothing_found_misses_everything_by_element_and_category() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let s = session(&sc, &clock);
        let d = Debrief::of(&s, &sc);
        assert_eq!(d.matched, []);
        assert_eq!(d.extra, []);
        let groups: Vec<_> = d
            .missed
            .iter()
            .map(|m| (m.element.as_str(), m.category.as_str(), m.threats.len()))
            .collect();
        assert_eq!(
            groups,
            [
                ("API", "spoofing", 1),
                ("Database", "tampering", 1),
                ("Database", "information-disclosure", 1),
                ("Requests", "denial-of-service", 1),
            ]
        );
        assert_eq!((d.score, d.expected, d.missed_count()), (0, 4, 4));
        assert_eq!(d.versions, None);
    }

    #[test]
    fn everything_found_with_fitting_mitigations_scores_100() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        for r in &sc.threats {
            let id = Places::of(&s, &sc).id(&r.element);
            let t = capture(&mut s, &r.title, Some(&r.category), id, &clock);
            mitigate(&mut s, &r.mitigations[0], t, &clock);
        }
        let d = Debrief::of(&s, &sc);
        assert_eq!(
            references(&d),
            [
                ("forged-token", 1),
                ("sql-injection", 2),
                ("backup-leak", 3),
                ("request-flood", 4)
            ]
        );
        assert!(d.matched.iter().all(|m| m.how == How::Words
            && m.place == Place::Same
            && matches!(m.mitigated, Mitigated::Fits { .. })));
        assert_eq!((d.missed, d.extra, d.score), (vec![], vec![], 100));
    }

    #[test]
    fn a_threat_on_no_element_matches_by_words_and_an_unrelated_one_is_extra() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        capture(
            &mut s,
            "Attacker forges the session token to act as a user",
            None,
            None,
            &clock,
        );
        capture(&mut s, "The office has no fire alarm", None, None, &clock);
        let d = Debrief::of(&s, &sc);
        assert_eq!(references(&d), [("forged-token", 1)]);
        assert_eq!(d.matched[0].place, Place::Unplaced);
        assert_eq!(d.matched[0].mitigated, Mitigated::No);
        assert_eq!(
            d.extra,
            [Extra {
                threat: 2,
                title: "The office has no fire alarm".into(),
                element: None,
                category: None,
            }]
        );
        // 70 × 1/4 = 17.5, rounded up; the extra costs nothing.
        assert_eq!(d.score, 18);
    }

    #[test]
    fn the_same_words_elsewhere_are_another_threat() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        let user = element(&s, "User");
        capture(
            &mut s,
            "SQL injection through the search field changes stored records.",
            Some("tampering"),
            Some(user),
            &clock,
        );
        let d = Debrief::of(&s, &sc);
        assert_eq!(d.matched, []);
        assert_eq!(d.extra.len(), 1);
        assert_eq!(d.missed_count(), 4);
    }

    #[test]
    fn a_neighbour_or_another_category_still_matches_with_a_note() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        // On the flow into the API, filed under tampering.
        let requests = element(&s, "Requests");
        capture(
            &mut s,
            "Attacker forges a session token to act as the user",
            Some("tampering"),
            Some(requests),
            &clock,
        );
        let d = Debrief::of(&s, &sc);
        assert_eq!(references(&d), [("forged-token", 1)]);
        assert_eq!(d.matched[0].place, Place::Near);
        assert_eq!(d.matched[0].other_category.as_deref(), Some("tampering"));
    }

    #[test]
    fn on_the_same_card_fewer_words_are_enough() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        let db = element(&s, "Database");
        let api = element(&s, "API");
        // Not the matcher's "same thing", but on the reference's card.
        capture(
            &mut s,
            "Search field injection",
            Some("tampering"),
            Some(db),
            &clock,
        );
        // The same words on another card do not count.
        capture(
            &mut s,
            "Backups readable",
            Some("tampering"),
            Some(api),
            &clock,
        );
        let d = Debrief::of(&s, &sc);
        assert_eq!(references(&d), [("sql-injection", 1)]);
        assert_eq!(d.matched[0].how, How::Card);
        assert_eq!(d.extra.len(), 1);
    }

    #[test]
    fn mitigations_fit_are_other_or_missing() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        let api = element(&s, "API");
        let db = element(&s, "Database");
        let t1 = capture(
            &mut s,
            &sc.threats[0].title,
            Some("spoofing"),
            Some(api),
            &clock,
        );
        let t2 = capture(
            &mut s,
            &sc.threats[1].title,
            Some("tampering"),
            Some(db),
            &clock,
        );
        capture(&mut s, &sc.threats[2].title, None, Some(db), &clock);
        mitigate(&mut s, "Check the token signature", t1, &clock);
        mitigate(&mut s, "Train the staff", t2, &clock);
        let d = Debrief::of(&s, &sc);
        let kinds: Vec<_> = d.matched.iter().map(|m| m.mitigated.clone()).collect();
        assert_eq!(
            kinds,
            [
                Mitigated::Fits {
                    learner: "Check the token signature".into(),
                    expected: "Sign session tokens and check the signature".into()
                },
                Mitigated::Other,
                Mitigated::No
            ]
        );
        assert_eq!((d.fitting, d.other_mitigated), (1, 1));
        // (70 × 3 + 30 × 1.5) ÷ 4 = 63.75.
        assert_eq!(d.score, 64);
    }

    #[test]
    fn score_formula() {
        assert_eq!(score(15, 15, 15, 0, 0), 100);
        assert_eq!(score(15, 0, 0, 0, 3), 0);
        assert_eq!(score(4, 2, 0, 0, 0), 35);
        assert_eq!(score(4, 2, 1, 1, 0), 46); // 35 + 11.25
        assert_eq!(score(4, 4, 4, 0, 5), 90);
        assert_eq!(score(0, 0, 0, 0, 1), 98);
        assert_eq!(score(u32::MAX, u32::MAX, u32::MAX, 0, u32::MAX), 0);
    }

    #[test]
    fn a_changed_scenario_version_is_noted() {
        let clock = FixedClock::workshop_morning();
        let sc = scenario();
        let mut s = session(&sc, &clock);
        if let Some(p) = s.practice.as_mut() {
            p.version = 1;
        }
        assert_eq!(Debrief::of(&s, &sc).versions, Some((1, 2)));
    }

    #[test]
    fn mitigations_resemble_by_shared_concepts() {
        assert!(resembles(
            "Rate-limit sign-in attempts",
            "Limit and watch sign-in attempts per account and per source"
        ));
        assert!(resembles(
            "escape captions",
            "Escape all member text when building pages"
        ));
        assert!(!resembles("Train the staff", "Escape all member text"));
        assert!(!resembles("", "Escape all member text"));
    }
}
