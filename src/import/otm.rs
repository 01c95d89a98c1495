//! Import: an Open Threat Model file (0.2.0), JSON or YAML (JSON when the
//! first character that is not white space is `{`). Lenient: what tamer
//! cannot keep is listed in `unmapped`, never silently dropped; what does
//! not parse, or has the wrong type, is an error at `file:line:col`.
//!
//! How OTM maps onto tamer's record:
//!
//! - `project.name` is the title (unless the options give one),
//!   `project.description` the scope; owner, tags and attributes are listed.
//! - `trustZones` become trust boundaries, in file order (except the zone
//!   tamer's own export writes for elements in no boundary,
//!   `outside-boundaries`: its elements are in no boundary). tamer's boundaries
//!   are flat: a zone inside another becomes a boundary of its own, and the
//!   nesting is listed. Trust ratings and zone types are not kept.
//! - `components` become elements, the kind guessed from `type`: words of a
//!   data store (`data-store`, `database`, `db`, `storage`, `store`,
//!   `bucket`, `cache`, `queue`, `file`, `table`, `blob`, `sql`, `redis`,
//!   `mongo`, `s3`, `log`…) make a data store; words of something outside
//!   the team's control (`external`, `client`, `browser`, `user`, `actor`,
//!   `mobile`, `device`, `partner`, `third-party`, `saas`…) an external
//!   entity; anything else is a process. Its boundary is its parent zone;
//!   a component inside another component takes that one's zone (listed).
//!   Tags, assets and representations are listed.
//! - `dataflows` become data flows when both ends are components; a flow
//!   to or from a trust zone, or an unknown id, is listed instead. Tags
//!   `protocol:X`, `carries:X`, `encrypted` and `authenticated` (what
//!   tamer's own export writes) fill the channel; other tags, assets and
//!   `bidirectional: true` are listed (tamer keeps source → destination).
//! - `threats` become threats on the first component or dataflow that
//!   refers to them (components first, in file order; one tamer kept
//!   before one it left out); other references are listed, and so is a
//!   state other than `exposed` (tamer decides in phase 3); a threat
//!   nobody refers to is on no element. The first
//!   category is kept (STRIDE names in tamer's spelling: `Spoofing` →
//!   `spoofing`, `Information Disclosure` → `information-disclosure`), the
//!   others, CWEs, tags and attributes are listed. When `risk` has both a
//!   likelihood and an impact (0–100), the threat is rated with the
//!   built-in paved-road scheme: 0–33 low, 34–66 medium, 67–100 high (the
//!   bands hold tamer's own export of either built-in scheme).
//! - `mitigations` become mitigations linked to every threat whose
//!   reference lists them. A mitigation is essential when any reference's
//!   state is `implemented` or `required`, an idea otherwise; its status is
//!   done when a reference says `implemented`, won't do when every
//!   reference says `rejected`, planned otherwise. `riskReduction` is not
//!   kept. What tamer's own export writes in a mitigation's `attributes`
//!   (`tamerThreats`, `tamerEssential`, `tamerStatus`, `tamerReduces`,
//!   `tamerEffort`, `tamerOwner`, `tamerCriteria`, `tamerDue`) is read back:
//!   the links first, essential and status where no reference says them.
//! - `representations` (diagrams, code), `assets` and any `attributes` are
//!   listed.
//!
//! Hostile input: JSON nested deeper than [`MAX_DEPTH`] is refused before
//! it is parsed (values tamer skips are not counted by serde_json); YAML
//! is read with a budget: at most [`MAX_ALIASES`] aliases and anchors,
//! [`MAX_DEPTH`] levels of nesting and [`MAX_NODES`] values. An id used
//! twice among the zones, the components and dataflows, the threats or the
//! mitigations is an error at its second definition.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::build::{Builder, FlowDraft};
use super::{Imported, Options};
use crate::deck::ElementKind;
use crate::error::{Diagnostic, Error, Result};
use crate::export::otm::OUTSIDE_ZONE;
use crate::session::change::clean_line;
use crate::session::rating::{DEFAULT_SCHEME, builtin_schemes};
use crate::session::{Effort, MitigationStatus, Rating, Reduces};

/// The most YAML aliases (and, separately, anchors) a file may use.
pub const MAX_ALIASES: usize = 100;
/// The deepest YAML nesting read.
pub const MAX_DEPTH: usize = 64;
/// The most YAML values (nodes, counting what aliases repeat) read.
pub const MAX_NODES: usize = 250_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Doc {
    otm_version: Option<String>,
    project: Option<Project>,
    representations: Option<Vec<IgnoredAny>>,
    assets: Option<Vec<IgnoredAny>>,
    trust_zones: Option<Vec<Zone>>,
    components: Option<Vec<Component>>,
    dataflows: Option<Vec<Dataflow>>,
    threats: Option<Vec<OtmThreat>>,
    mitigations: Option<Vec<OtmMitigation>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Project {
    name: Option<String>,
    description: Option<String>,
    owner: Option<String>,
    owner_contact: Option<String>,
    tags: Option<Vec<Option<String>>>,
    attributes: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Parent {
    trust_zone: Option<String>,
    component: Option<String>,
}

#[derive(Deserialize)]
struct Zone {
    id: String,
    name: Option<String>,
    description: Option<String>,
    parent: Option<Parent>,
    representations: Option<Vec<IgnoredAny>>,
    attributes: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Component {
    id: String,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    description: Option<String>,
    parent: Option<Parent>,
    tags: Option<Vec<Option<String>>>,
    representations: Option<Vec<IgnoredAny>>,
    assets: Option<IgnoredAny>,
    threats: Option<Vec<ThreatRef>>,
    attributes: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Dataflow {
    id: String,
    name: Option<String>,
    description: Option<String>,
    bidirectional: Option<bool>,
    source: String,
    destination: String,
    tags: Option<Vec<Option<String>>>,
    assets: Option<Vec<IgnoredAny>>,
    representations: Option<Vec<IgnoredAny>>,
    threats: Option<Vec<ThreatRef>>,
    attributes: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct ThreatRef {
    threat: String,
    state: Option<String>,
    mitigations: Option<Vec<Option<MitigationRef>>>,
}

#[derive(Deserialize)]
struct MitigationRef {
    mitigation: Option<String>,
    state: Option<String>,
}

#[derive(Deserialize)]
struct OtmThreat {
    id: String,
    name: Option<String>,
    description: Option<String>,
    categories: Option<Vec<Option<String>>>,
    cwes: Option<Vec<Option<String>>>,
    risk: Option<Risk>,
    tags: Option<Vec<Option<String>>>,
    attributes: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Risk {
    likelihood: Option<f64>,
    impact: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OtmMitigation {
    id: String,
    name: Option<String>,
    description: Option<String>,
    risk_reduction: Option<f64>,
    attributes: Option<serde_json::Value>,
}

/// What tamer's own export keeps in a mitigation's `attributes`; read
/// back when present and of the right type, ignored otherwise.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct TamerMitigation {
    tamer_threats: Option<Vec<String>>,
    tamer_essential: Option<bool>,
    tamer_status: Option<String>,
    tamer_reduces: Option<String>,
    tamer_effort: Option<String>,
    tamer_owner: Option<String>,
    tamer_criteria: Option<String>,
    tamer_due: Option<String>,
}

/// The tamer kind for an OTM component type (see the module notes).
pub fn kind_of(otm_type: &str) -> ElementKind {
    let t = otm_type.to_lowercase();
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    const STORE: &[&str] = &[
        "store",
        "datastore",
        "database",
        "db",
        "storage",
        "bucket",
        "cache",
        "queue",
        "file",
        "files",
        "table",
        "blob",
        "sql",
        "mysql",
        "postgres",
        "postgresql",
        "redis",
        "mongo",
        "mongodb",
        "dynamodb",
        "s3",
        "log",
        "logs",
        "vault",
        "warehouse",
    ];
    const EXTERNAL: &[&str] = &[
        "external", "entity", "client", "browser", "user", "users", "actor", "mobile", "device",
        "partner", "third", "saas", "human", "customer",
    ];
    if t.contains("database") || has(STORE) {
        ElementKind::DataStore
    } else if has(EXTERNAL) {
        ElementKind::ExternalEntity
    } else {
        ElementKind::Process
    }
}

/// A 0–100 number as a paved-road level id.
pub fn level_of(percent: f64) -> &'static str {
    if percent < 33.5 {
        "low"
    } else if percent < 66.5 {
        "medium"
    } else {
        "high"
    }
}

/// A category in tamer's spelling when it is a STRIDE name, else as given.
fn category(name: &str) -> String {
    let slug: String = name
        .trim()
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    const STRIDE: &[&str] = &[
        "spoofing",
        "tampering",
        "repudiation",
        "information-disclosure",
        "denial-of-service",
        "elevation-of-privilege",
    ];
    if STRIDE.contains(&slug.as_str()) {
        slug
    } else {
        name.to_owned()
    }
}

/// One line of text from the file, cleaned and cut as the builder does.
fn one_line(text: &str) -> String {
    let line = clean_line(text);
    match line.char_indices().nth(super::build::MAX_TITLE) {
        Some((at, _)) => line[..at].to_owned(),
        None => line,
    }
}

fn text(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

fn tags(list: &Option<Vec<Option<String>>>) -> Vec<&str> {
    list.iter()
        .flatten()
        .flatten()
        .map(String::as_str)
        .collect()
}

/// The position where JSON `text` nests deeper than [`MAX_DEPTH`], if it
/// does (brackets inside strings do not count).
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut col) = (1, 0);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, col));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn parse(file: &str, source: &str) -> Result<Doc> {
    if source.trim_start().starts_with('{') {
        if let Some((line, col)) = too_deep(source) {
            return Err(Error::invalid(Diagnostic {
                file: file.to_owned(),
                line,
                col,
                message: format!(
                    "lists and objects nest more than {MAX_DEPTH} deep here; tamer reads OTM files up to that depth"
                ),
            }));
        }
        serde_json::from_str(source).map_err(|e| {
            let message = match e.classify() {
                serde_json::error::Category::Eof => {
                    "the file ends too early; is it cut short?".to_owned()
                }
                _ => {
                    let full = e.to_string();
                    match full.rfind(" at line ") {
                        Some(at) => full[..at].to_owned(),
                        None => full,
                    }
                }
            };
            Error::invalid(Diagnostic {
                file: file.to_owned(),
                line: e.line().max(1),
                col: e.column().max(1),
                message: crate::text::clean(&message),
            })
        })
    } else {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_aliases = MAX_ALIASES;
        budget.max_anchors = MAX_ALIASES;
        budget.max_depth = MAX_DEPTH;
        budget.max_nodes = MAX_NODES;
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(budget);
        serde_saphyr::from_str_with_options(source, options).map_err(|e| {
            let (line, col) = e
                .location()
                .map(|l| {
                    (
                        usize::try_from(l.line()).unwrap_or(1),
                        usize::try_from(l.column()).unwrap_or(1),
                    )
                })
                .unwrap_or((1, 1));
            let full = e.without_snippet().to_string();
            let first = full.lines().next().unwrap_or("not valid YAML");
            let message = if first.starts_with("budget breached") {
                format!(
                    "the YAML is too big, too deep or uses too many aliases for tamer \
                     (at most {MAX_DEPTH} levels, {MAX_ALIASES} aliases and anchors, \
                     {MAX_NODES} values, including what aliases repeat)"
                )
            } else {
                match first.find(" at line ") {
                    Some(at) => first[..at].to_owned(),
                    None => first.to_owned(),
                }
            };
            let message = message.as_str();
            Error::invalid(Diagnostic {
                file: file.to_owned(),
                line: line.max(1),
                col: col.max(1),
                message: crate::text::clean(message),
            })
        })
    }
}

/// Where `id` is defined (after a key `id`) for the `nth` time, counting
/// from 0.
fn definition(text: &str, id: &str, nth: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(id) {
        let at = from + found;
        let before = text[..at].trim_end_matches(['"', '\'', ' ', '\t']);
        let before = before.strip_suffix(':').unwrap_or("");
        let before = before.trim_end_matches(['"', '\'', ' ', '\t']);
        let after = &text[at + id.len()..];
        let whole = after.is_empty() || after.starts_with(['"', '\'', '\n', '\r', ',', '}', ' ']);
        let key = before.ends_with("id")
            && !before[..before.len() - 2]
                .chars()
                .last()
                .is_some_and(char::is_alphanumeric);
        if key && whole {
            if seen == nth {
                let line = text[..at].matches('\n').count() + 1;
                let col = text[..at]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                return Some((line, col));
            }
            seen += 1;
        }
        from = at + id.len().max(1);
    }
    None
}

/// An error when an id is used twice in one list.
fn unique<'a>(
    file: &str,
    source: &str,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        let n = seen.entry(id).or_insert(0);
        *n += 1;
        if *n == 2 {
            let (line, col) = definition(source, id, 1).unwrap_or((1, 1));
            return Err(Error::invalid(Diagnostic {
                file: file.to_owned(),
                line,
                col,
                message: crate::text::clean(&format!(
                    "the {what} id \"{id}\" is used twice; give each {what} its own id"
                )),
            }));
        }
    }
    Ok(())
}

/// Reads an Open Threat Model file.
pub fn read(file: &str, source: &str, options: &Options) -> Result<Imported> {
    let doc = parse(file, source)?;
    let zones = doc.trust_zones.unwrap_or_default();
    let components = doc.components.unwrap_or_default();
    let dataflows = doc.dataflows.unwrap_or_default();
    let threats = doc.threats.unwrap_or_default();
    let mitigations = doc.mitigations.unwrap_or_default();
    unique(
        file,
        source,
        "trust zone",
        zones.iter().map(|z| z.id.as_str()),
    )?;
    unique(
        file,
        source,
        "component or dataflow",
        components
            .iter()
            .map(|c| c.id.as_str())
            .chain(dataflows.iter().map(|d| d.id.as_str())),
    )?;
    unique(
        file,
        source,
        "threat",
        threats.iter().map(|t| t.id.as_str()),
    )?;
    unique(
        file,
        source,
        "mitigation",
        mitigations.iter().map(|m| m.id.as_str()),
    )?;

    let project = doc.project;
    let title = project
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_default();
    let mut b = Builder::new(&title, options);
    match doc.otm_version.as_deref() {
        Some(v) if v.starts_with("0.2") => {}
        Some(v) => b.unmapped(format!("written for OTM {v}; read as OTM 0.2.0")),
        None => b.unmapped("no otmVersion; read as OTM 0.2.0"),
    }
    if let Some(p) = &project {
        b.scope(text(&p.description));
        if let Some(owner) = &p.owner {
            b.unmapped(format!("project owner: {owner}"));
        }
        if let Some(contact) = &p.owner_contact {
            b.unmapped(format!("project owner contact: {contact}"));
        }
        let t = tags(&p.tags);
        if !t.is_empty() {
            b.unmapped(format!("project tags: {}", t.join(", ")));
        }
        if p.attributes.is_some() {
            b.unmapped("project attributes");
        }
    }
    if let Some(r) = &doc.representations
        && !r.is_empty()
    {
        b.unmapped(format!(
            "{} representations (diagrams, code) and the positions in them",
            r.len()
        ));
    }
    if let Some(a) = &doc.assets
        && !a.is_empty()
    {
        b.unmapped(format!(
            "{} assets with their confidentiality, integrity and availability",
            a.len()
        ));
    }

    // Trust zones, flat.
    let mut zone_ids: HashMap<&str, u32> = HashMap::new();
    for z in &zones {
        if z.id == OUTSIDE_ZONE {
            // tamer's own export puts elements in no boundary here.
            continue;
        }
        let id = b.boundary(text(&z.name), text(&z.description));
        zone_ids.insert(z.id.as_str(), id);
        let name = z.name.as_deref().unwrap_or(&z.id);
        if let Some(p) = &z.parent {
            let outer = p.trust_zone.as_deref().or(p.component.as_deref());
            if let Some(outer) = outer {
                b.unmapped(format!(
                    "trust zone \"{name}\" sits inside \"{outer}\"; tamer keeps trust boundaries flat"
                ));
            }
        }
        if z.representations.as_ref().is_some_and(|r| !r.is_empty()) || z.attributes.is_some() {
            b.unmapped(format!(
                "trust zone \"{name}\": representations and attributes"
            ));
        }
    }

    // Components.
    let by_id: HashMap<&str, &Component> = components.iter().map(|c| (c.id.as_str(), c)).collect();
    let zone_of = |c: &Component| -> (Option<u32>, Option<String>) {
        let mut at = c;
        let mut via = None;
        for _ in 0..=components.len() {
            match &at.parent {
                Some(Parent {
                    trust_zone: Some(z),
                    ..
                }) => return (zone_ids.get(z.as_str()).copied(), via),
                Some(Parent {
                    component: Some(p), ..
                }) => match by_id.get(p.as_str()) {
                    Some(next) => {
                        via.get_or_insert_with(|| p.clone());
                        at = next;
                    }
                    None => return (None, via),
                },
                _ => return (None, via),
            }
        }
        (None, via)
    };
    let mut element_ids: HashMap<&str, u32> = HashMap::new();
    for c in &components {
        let (boundary, via) = zone_of(c);
        let name = c.name.as_deref().unwrap_or(&c.id);
        let id = b.element(
            kind_of(text(&c.kind)),
            text(&c.name),
            text(&c.description),
            boundary,
        );
        element_ids.insert(c.id.as_str(), id);
        if let Some(outer) = via {
            b.unmapped(format!(
                "component \"{name}\" sits inside component \"{outer}\"; tamer puts it in that one's trust boundary"
            ));
        }
        let t = tags(&c.tags);
        if !t.is_empty() {
            b.unmapped(format!("component \"{name}\": tags {}", t.join(", ")));
        }
        if c.assets.is_some() {
            b.unmapped(format!("component \"{name}\": assets"));
        }
        if c.representations.as_ref().is_some_and(|r| !r.is_empty()) {
            b.unmapped(format!("component \"{name}\": representations"));
        }
        if c.attributes.is_some() {
            b.unmapped(format!("component \"{name}\": attributes"));
        }
    }

    // Dataflows.
    let mut flow_ids: HashMap<&str, u32> = HashMap::new();
    for d in &dataflows {
        let name = d.name.as_deref().unwrap_or(&d.id);
        let (Some(from), Some(to)) = (
            element_ids.get(d.source.as_str()),
            element_ids.get(d.destination.as_str()),
        ) else {
            b.unmapped(format!(
                "dataflow \"{name}\" from \"{}\" to \"{}\": tamer keeps flows between components only",
                d.source, d.destination
            ));
            continue;
        };
        let mut draft = FlowDraft {
            name: text(&d.name).to_owned(),
            description: text(&d.description).to_owned(),
            from: *from,
            to: *to,
            ..FlowDraft::default()
        };
        let mut other = Vec::new();
        for tag in tags(&d.tags) {
            if let Some(p) = tag.strip_prefix("protocol:") {
                draft.protocol = p.to_owned();
            } else if let Some(c) = tag.strip_prefix("carries:") {
                draft.carries = c.to_owned();
            } else if tag == "encrypted" {
                draft.encrypted = true;
            } else if tag == "authenticated" {
                draft.authenticated = true;
            } else {
                other.push(tag);
            }
        }
        if let Some(id) = b.flow(draft) {
            flow_ids.insert(d.id.as_str(), id);
        } else {
            continue;
        }
        if d.bidirectional == Some(true) {
            b.unmapped(format!(
                "dataflow \"{name}\" is bidirectional; tamer keeps it one way, source to destination"
            ));
        }
        if !other.is_empty() {
            b.unmapped(format!("dataflow \"{name}\": tags {}", other.join(", ")));
        }
        if d.assets.as_ref().is_some_and(|a| !a.is_empty()) {
            b.unmapped(format!("dataflow \"{name}\": assets"));
        }
        if d.representations.as_ref().is_some_and(|r| !r.is_empty()) {
            b.unmapped(format!("dataflow \"{name}\": representations"));
        }
        if d.attributes.is_some() {
            b.unmapped(format!("dataflow \"{name}\": attributes"));
        }
    }

    // Every threat reference, components first, in file order, with the
    // tamer element it sits on (None when that element was not kept).
    let mut refs: Vec<(&str, Option<u32>, &ThreatRef)> = Vec::new();
    for c in &components {
        let on = element_ids.get(c.id.as_str()).copied();
        let name = c.name.as_deref().unwrap_or(&c.id);
        for r in c.threats.iter().flatten() {
            refs.push((name, on, r));
        }
    }
    for d in &dataflows {
        let on = flow_ids.get(d.id.as_str()).copied();
        let name = d.name.as_deref().unwrap_or(&d.id);
        for r in d.threats.iter().flatten() {
            refs.push((name, on, r));
        }
    }

    // The references to each threat and to each mitigation, indexed once
    // (files with thousands of each stay fast).
    let mut refs_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, _, r)) in refs.iter().enumerate() {
        refs_of.entry(r.threat.as_str()).or_default().push(i);
    }

    // Threats.
    let paved = builtin_schemes()
        .into_iter()
        .find(|s| s.id == DEFAULT_SCHEME);
    let mut threat_ids: HashMap<&str, u32> = HashMap::new();
    let mut rated = 0;
    for t in &threats {
        let name = t.name.as_deref().unwrap_or(&t.id);
        // The first reference on an element tamer kept, else the first.
        let on: Vec<_> = refs_of
            .get(t.id.as_str())
            .map(|list| list.iter().map(|i| &refs[*i]).collect())
            .unwrap_or_default();
        let first = on
            .iter()
            .position(|(_, e, _)| e.is_some())
            .or((!on.is_empty()).then_some(0));
        let (first, others): (Vec<_>, Vec<_>) = on
            .into_iter()
            .enumerate()
            .partition(|(i, _)| Some(*i) == first);
        let first = first.first().map(|(_, r)| *r);
        if let Some((where_, _, r)) = first
            && let Some(state) = r.state.as_deref().filter(|s| *s != "exposed")
        {
            b.unmapped(format!(
                "threat \"{name}\" on \"{where_}\": state {state} (tamer decides in phase 3)"
            ));
        }
        for (_, (other, _, _)) in others {
            b.unmapped(format!(
                "threat \"{name}\" is also on \"{other}\"; tamer links a threat to one element"
            ));
        }
        let mut categories = t.categories.iter().flatten().flatten();
        let cat = categories.next().map(|c| category(c));
        let rest: Vec<&str> = categories.map(String::as_str).collect();
        let id = b.threat(
            text(&t.name),
            text(&t.description),
            cat.as_deref(),
            first.and_then(|(_, e, _)| *e),
        );
        threat_ids.insert(t.id.as_str(), id);
        if !rest.is_empty() {
            b.unmapped(format!(
                "threat \"{name}\": more categories {}",
                rest.join(", ")
            ));
        }
        let cwes = tags(&t.cwes);
        if !cwes.is_empty() {
            b.unmapped(format!("threat \"{name}\": CWEs {}", cwes.join(", ")));
        }
        let ttags = tags(&t.tags);
        if !ttags.is_empty() {
            b.unmapped(format!("threat \"{name}\": tags {}", ttags.join(", ")));
        }
        if t.attributes.is_some() {
            b.unmapped(format!("threat \"{name}\": attributes"));
        }
        let levels = t
            .risk
            .as_ref()
            .and_then(|r| match (r.likelihood, r.impact) {
                (Some(l), Some(i)) if l.is_finite() && i.is_finite() => {
                    Some((level_of(l), level_of(i)))
                }
                _ => None,
            });
        if let (Some((l, i)), Some(scheme)) = (levels, &paved)
            && let Some(action) = scheme.suggest_ids(l, i)
        {
            let at = options.now;
            if let Some(threat) = b.threat_mut(id) {
                threat.rating = Some(Box::new(Rating {
                    scheme: scheme.reference(),
                    likelihood: l.to_owned(),
                    impact: i.to_owned(),
                    suggested: action,
                    action,
                    override_reason: String::new(),
                    at,
                }));
                rated += 1;
            }
        }
    }
    if rated > 0 {
        b.unmapped(format!(
            "{rated} threat risks (0-100) rounded to the paved-road levels low, medium, high"
        ));
    }
    for (on, _, r) in &refs {
        if !threat_ids.contains_key(r.threat.as_str()) {
            b.unmapped(format!(
                "\"{on}\" refers to threat \"{}\", which the file does not define",
                r.threat
            ));
        }
    }

    // Mitigations, linked through the references (and, from tamer's own
    // export, through its attributes).
    let mut uses: HashMap<&str, Vec<(u32, String)>> = HashMap::new();
    for (_, _, r) in &refs {
        let Some(threat) = threat_ids.get(r.threat.as_str()) else {
            continue;
        };
        for mr in r.mitigations.iter().flatten().flatten() {
            if let Some(mid) = mr.mitigation.as_deref() {
                uses.entry(mid)
                    .or_default()
                    .push((*threat, text(&mr.state).trim().to_lowercase()));
            }
        }
    }
    let mut reduction = 0;
    for m in &mitigations {
        let name = m.name.as_deref().unwrap_or(&m.id);
        let own: TamerMitigation = m
            .attributes
            .clone()
            .and_then(|a| serde_json::from_value(a).ok())
            .unwrap_or_default();
        let mut linked: Vec<u32> = own
            .tamer_threats
            .iter()
            .flatten()
            .filter_map(|t| threat_ids.get(t.as_str()).copied())
            .collect();
        let mut states: Vec<String> = Vec::new();
        for (threat, state) in uses.get(m.id.as_str()).into_iter().flatten() {
            if !linked.contains(threat) {
                linked.push(*threat);
            }
            states.push(state.clone());
        }
        let essential = if states.is_empty() {
            own.tamer_essential.unwrap_or(false)
        } else {
            states.iter().any(|s| s == "implemented" || s == "required")
        };
        let own_status = own.tamer_status.as_deref();
        let status = if states.iter().any(|s| s == "implemented") || own_status == Some("done") {
            MitigationStatus::Done
        } else if (!states.is_empty() && states.iter().all(|s| s == "rejected"))
            || (states.is_empty() && own_status == Some("won't do"))
        {
            MitigationStatus::WontDo {
                reason: "Rejected in the imported file".to_owned(),
            }
        } else if own_status == Some("in progress") {
            MitigationStatus::InProgress
        } else {
            MitigationStatus::Planned
        };
        let id = b.mitigation(
            text(&m.name),
            text(&m.description),
            essential,
            status,
            &linked,
        );
        if let Some(mitigation) = b.mitigation_mut(id) {
            match own.tamer_reduces.as_deref() {
                Some("harm") => mitigation.reduces = Reduces::Harm,
                Some("likelihood") => mitigation.reduces = Reduces::Likelihood,
                _ => {}
            }
            if let Some(effort) = Effort::ALL
                .into_iter()
                .find(|e| Some(e.label()) == own.tamer_effort.as_deref())
            {
                mitigation.effort = effort;
            }
            if let Some(owner) = &own.tamer_owner {
                mitigation.owner = one_line(owner);
            }
            if let Some(criteria) = &own.tamer_criteria {
                mitigation.criteria = one_line(criteria);
            }
            mitigation.due = own
                .tamer_due
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        }
        if m.risk_reduction.is_some() {
            reduction += 1;
        }
        let others: Vec<&str> = match &m.attributes {
            Some(serde_json::Value::Object(map)) => map
                .keys()
                .filter(|k| !k.starts_with("tamer"))
                .map(String::as_str)
                .collect(),
            Some(serde_json::Value::Null) | None => Vec::new(),
            Some(_) => vec!["(not an object)"],
        };
        if !others.is_empty() {
            b.unmapped(format!(
                "mitigation \"{name}\": attributes {}",
                others.join(", ")
            ));
        }
    }
    if reduction > 0 {
        b.unmapped(format!("{reduction} mitigations' riskReduction"));
    }
    let defined: HashSet<&str> = mitigations.iter().map(|m| m.id.as_str()).collect();
    for (on, _, r) in &refs {
        for mr in r.mitigations.iter().flatten().flatten() {
            let Some(mid) = &mr.mitigation else { continue };
            if !defined.contains(mid.as_str()) {
                b.unmapped(format!(
                    "\"{on}\" refers to mitigation \"{mid}\", which the file does not define"
                ));
            }
        }
    }
    b.finish("otm", file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_guessed_from_the_type_words() {
        assert_eq!(kind_of("database"), ElementKind::DataStore);
        assert_eq!(kind_of("data-store"), ElementKind::DataStore);
        assert_eq!(kind_of("CustomerDatabase"), ElementKind::DataStore);
        assert_eq!(kind_of("web-client"), ElementKind::ExternalEntity);
        assert_eq!(kind_of("external-entity"), ElementKind::ExternalEntity);
        assert_eq!(kind_of("web-service"), ElementKind::Process);
        assert_eq!(kind_of("process"), ElementKind::Process);
        assert_eq!(kind_of(""), ElementKind::Process);
    }

    #[test]
    fn percentages_fall_in_three_bands() {
        let got: Vec<&str> = [0.0, 20.0, 25.0, 33.0, 40.0, 50.0, 60.0, 75.0, 80.0, 100.0]
            .into_iter()
            .map(level_of)
            .collect();
        assert_eq!(
            got,
            [
                "low", "low", "low", "low", "medium", "medium", "medium", "high", "high", "high"
            ]
        );
    }

    #[test]
    fn a_definition_is_found_after_an_id_key_only() {
        let text = "{\"a\": \"x\",\n \"id\": \"x\",\n \"ref\": \"x\", \"id\" : \"x\"}";
        assert_eq!(definition(text, "x", 0), Some((2, 9)));
        assert_eq!(definition(text, "x", 1), Some((3, 22)));
        assert_eq!(definition("id: x\n- id: xy\n  id: x", "x", 1), Some((3, 7)));
    }
}
