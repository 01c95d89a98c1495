//! Export: Open Threat Model 0.2.0 (JSON), which validates against the
//! OTM schema (`tests/interop/otm/otm_schema.json`). Deterministic: the
//! same session gives the same text (field order is fixed by the types
//! below, lists follow the session's order).
//!
//! How tamer's record maps onto OTM:
//!
//! - `project`: `name` is the session's title, `id` a slug of the title
//!   (of the record's file name when the title has no letters or digits,
//!   else `tamer-session`), `description` the scope.
//! - Trust boundaries become `trustZones` with ids `boundary-N`. tamer does
//!   not rate trust, so every zone gets [`TRUST_RATING`] (50, the middle of
//!   OTM's 0–100). Elements in no boundary sit in one extra zone,
//!   [`OUTSIDE_ZONE`] ("Outside any trust boundary"), written only when some
//!   element needs it.
//! - Elements (not flows) become `components` with ids `element-N`, their
//!   zone as `parent.trustZone`, and a `type` from the kind:
//!   `external-entity`, `process`, `data-store` (the data-flow diagram's own
//!   words, which the OTM import reads back). A data store that holds logs
//!   carries the tag `holds-logs`.
//! - Data flows become `dataflows` (ids `element-N`, the same id space),
//!   `bidirectional: false`, with tags `protocol:<protocol>`, `carries:<what>`,
//!   `encrypted` and `authenticated` when they apply.
//! - Threats become top-level `threats` (ids `threat-N`), `categories` the
//!   threat's category. `risk` is the rating's likelihood and impact as
//!   percentages: level `i` (from 0) of a scheme with `n` levels is
//!   `round((i + 1) * 100 / (n + 1))`, so the paved road's low / medium /
//!   high are 25 / 50 / 75 and the fine scheme's four levels 20 / 40 / 60 /
//!   80. An unrated threat (or one rated with a scheme this build does not
//!   know) has `likelihood: null`, `impact: 0` and says so in the comments.
//!   The action, decision and key rank go in `attributes`.
//! - Mitigations become top-level `mitigations` (ids `mitigation-N`).
//!   tamer does not estimate how much a mitigation lowers the risk, so
//!   `riskReduction` says how much the team counts on it: 50 for an
//!   essential one, 25 for an idea, 0 for one the team will not do. Status,
//!   whether it is essential, what it reduces, effort, owner, criteria, due
//!   date and the threats it tames (`tamerThreats`, also those on no
//!   element) go in `attributes`, which tamer's import reads back.
//! - Each component and dataflow lists the threats on it:
//!   `threats: [{threat, state, mitigations: [{mitigation, state}]}]`. The
//!   threat's state comes from the decision: `exposed` (undecided, or to be
//!   mitigated with essential mitigations not all done), `mitigated` (every
//!   live essential mitigation is done), `accepted`, `transferred`,
//!   `avoided`, `not-applicable`. A mitigation's state: `implemented`
//!   (done), `required` (essential, planned or in progress), `recommended`
//!   (an idea), `rejected` (won't do).
//!
//! What OTM cannot hold: a threat on no element is in the top-level list
//! but no component refers to it (its mitigations' links to it are kept
//! only in tamer's `attributes`); residual ratings, reviews, the parking lot, excursions, the
//! retro and the timeline are left out.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::Context;
use crate::deck::ElementKind;
use crate::session::rating::builtin_schemes;
use crate::session::{Decision, Mitigation, MitigationStatus, Rating, Scheme, Session, Threat};

/// The trust rating every zone gets (tamer does not rate trust).
pub const TRUST_RATING: u32 = 50;
/// The id of the zone for elements in no trust boundary.
pub const OUTSIDE_ZONE: &str = "outside-boundaries";
/// Its name.
pub const OUTSIDE_ZONE_NAME: &str = "Outside any trust boundary";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Otm {
    otm_version: &'static str,
    project: Project,
    trust_zones: Vec<Zone>,
    components: Vec<Component>,
    dataflows: Vec<Dataflow>,
    threats: Vec<OtmThreat>,
    mitigations: Vec<OtmMitigation>,
}

#[derive(Serialize)]
struct Project {
    name: String,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    attributes: Value,
}

#[derive(Serialize)]
struct Zone {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    risk: ZoneRisk,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ZoneRisk {
    trust_rating: u32,
}

#[derive(Serialize)]
struct Parent {
    #[serde(rename = "trustZone")]
    trust_zone: String,
}

#[derive(Serialize)]
struct Component {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    parent: Parent,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    threats: Vec<ThreatRef>,
}

#[derive(Serialize)]
struct Dataflow {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    bidirectional: bool,
    source: String,
    destination: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    threats: Vec<ThreatRef>,
}

#[derive(Serialize)]
struct ThreatRef {
    threat: String,
    state: &'static str,
    mitigations: Vec<MitigationRef>,
}

#[derive(Serialize)]
struct MitigationRef {
    mitigation: String,
    state: &'static str,
}

#[derive(Serialize)]
struct OtmThreat {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    categories: Vec<String>,
    risk: ThreatRisk,
    attributes: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThreatRisk {
    likelihood: Option<u32>,
    likelihood_comment: String,
    impact: u32,
    impact_comment: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OtmMitigation {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    risk_reduction: u32,
    attributes: Value,
}

fn element_id(id: u32) -> String {
    format!("element-{id}")
}

fn some_text(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Lower-case letters and digits, runs of anything else as one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The OTM component type for an element kind.
pub fn component_type(kind: ElementKind) -> &'static str {
    match kind {
        ElementKind::ExternalEntity => "external-entity",
        ElementKind::Process | ElementKind::DataFlow => "process",
        ElementKind::DataStore => "data-store",
    }
}

/// Level `index` (from 0) of `count` levels as a percentage.
pub fn level_percent(index: usize, count: usize) -> u32 {
    // Rounded to the nearest whole number: (2x + n) / 2n.
    let n = count + 1;
    let pct = ((index + 1) * 200 + n) / (2 * n);
    u32::try_from(pct).unwrap_or(100)
}

fn risk(rating: Option<&Rating>, schemes: &[Scheme]) -> ThreatRisk {
    let unrated = ThreatRisk {
        likelihood: None,
        likelihood_comment: "Not rated in tamer".into(),
        impact: 0,
        impact_comment: "Not rated in tamer".into(),
    };
    let Some(r) = rating else {
        return unrated;
    };
    let Some(scheme) = crate::session::rating::find(schemes, &r.scheme) else {
        return ThreatRisk {
            likelihood_comment: format!(
                "Rated {} with {}, a scheme this export does not know",
                r.likelihood, r.scheme
            ),
            impact_comment: format!("Rated {} with {}", r.impact, r.scheme),
            ..unrated
        };
    };
    match (
        scheme.likelihood_index(&r.likelihood),
        scheme.impact_index(&r.impact),
    ) {
        (Some(l), Some(i)) => ThreatRisk {
            likelihood: Some(level_percent(l, scheme.likelihood.len())),
            likelihood_comment: format!("{} ({})", r.likelihood, r.scheme),
            impact: level_percent(i, scheme.impact.len()),
            impact_comment: format!("{} ({})", r.impact, r.scheme),
        },
        _ => unrated,
    }
}

fn decision_label(d: &Decision) -> &'static str {
    d.kind().label()
}

/// The state of a threat on a component, from its decision and its
/// mitigations (`tames`: the mitigations linked to it).
fn threat_state(t: &Threat, tames: &[&Mitigation]) -> &'static str {
    match &t.decision {
        Some(Decision::Accept { .. }) => "accepted",
        Some(Decision::Transfer { .. }) => "transferred",
        Some(Decision::Avoid { .. }) => "avoided",
        Some(Decision::NotAThreat { .. }) => "not-applicable",
        Some(Decision::Mitigate) | None => {
            let mut essential = tames.iter().filter(|m| m.essential && m.is_live());
            let first = essential.next();
            if first.is_some_and(|m| m.status == MitigationStatus::Done)
                && essential.all(|m| m.status == MitigationStatus::Done)
            {
                "mitigated"
            } else {
                "exposed"
            }
        }
    }
}

/// The state of a mitigation on a component's threat.
pub fn mitigation_state(m: &Mitigation) -> &'static str {
    match (&m.status, m.essential) {
        (MitigationStatus::WontDo { .. }, _) => "rejected",
        (MitigationStatus::Done, _) => "implemented",
        (_, true) => "required",
        (_, false) => "recommended",
    }
}

/// The mitigations linked to each threat, in list order.
type Tames<'a> = HashMap<u32, Vec<&'a Mitigation>>;

/// The threats on each element, in list order.
type On<'a> = HashMap<u32, Vec<&'a Threat>>;

fn threat_refs(on: &On, tames: &Tames, element: u32) -> Vec<ThreatRef> {
    on.get(&element)
        .into_iter()
        .flatten()
        .map(|t| {
            let linked = tames.get(&t.id).map(Vec::as_slice).unwrap_or_default();
            ThreatRef {
                threat: format!("threat-{}", t.id),
                state: threat_state(t, linked),
                mitigations: linked
                    .iter()
                    .map(|m| MitigationRef {
                        mitigation: format!("mitigation-{}", m.id),
                        state: mitigation_state(m),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn project_id(session: &Session, ctx: &Context) -> String {
    let from_title = slug(&session.title);
    if !from_title.is_empty() {
        return from_title;
    }
    let record = ctx.record.trim_end_matches(".ron");
    match slug(record) {
        s if s.is_empty() => "tamer-session".to_owned(),
        s => s,
    }
}

/// The session as an Open Threat Model 0.2.0 JSON document.
pub fn render(session: &Session, ctx: &Context) -> String {
    let schemes = builtin_schemes();
    let mut tames: Tames = HashMap::new();
    for m in &session.mitigations {
        for t in &m.threats {
            let list = tames.entry(*t).or_default();
            if !list.iter().any(|x| x.id == m.id) {
                list.push(m);
            }
        }
    }
    let mut on: On = HashMap::new();
    for t in &session.threats {
        if let Some(e) = t.element {
            on.entry(e).or_default().push(t);
        }
    }
    let mut trust_zones: Vec<Zone> = session
        .boundaries
        .iter()
        .map(|b| Zone {
            id: format!("boundary-{}", b.id),
            name: b.name.clone(),
            description: some_text(&b.description),
            risk: ZoneRisk {
                trust_rating: TRUST_RATING,
            },
        })
        .collect();
    let zone_of = |boundary: Option<u32>| match boundary {
        Some(b) if session.boundaries.iter().any(|x| x.id == b) => format!("boundary-{b}"),
        _ => OUTSIDE_ZONE.to_owned(),
    };
    let mut components = Vec::new();
    let mut dataflows = Vec::new();
    for e in &session.model {
        match e.kind {
            ElementKind::DataFlow => {
                // A flow from an old record that was never given ends has
                // nothing OTM can hold.
                let Some(f) = &e.flow else { continue };
                let mut tags = Vec::new();
                if !f.protocol.is_empty() {
                    tags.push(format!("protocol:{}", f.protocol));
                }
                if !f.carries.is_empty() {
                    tags.push(format!("carries:{}", f.carries));
                }
                if f.encrypted {
                    tags.push("encrypted".to_owned());
                }
                if f.authenticated {
                    tags.push("authenticated".to_owned());
                }
                dataflows.push(Dataflow {
                    id: element_id(e.id),
                    name: e.name.clone(),
                    description: some_text(&e.description),
                    bidirectional: false,
                    source: element_id(f.from),
                    destination: element_id(f.to),
                    tags,
                    threats: threat_refs(&on, &tames, e.id),
                });
            }
            kind => {
                let mut tags = Vec::new();
                if e.holds_logs {
                    tags.push("holds-logs".to_owned());
                }
                components.push(Component {
                    id: element_id(e.id),
                    name: e.name.clone(),
                    kind: component_type(kind),
                    description: some_text(&e.description),
                    parent: Parent {
                        trust_zone: zone_of(e.boundary),
                    },
                    tags,
                    threats: threat_refs(&on, &tames, e.id),
                });
            }
        }
    }
    if components
        .iter()
        .any(|c| c.parent.trust_zone == OUTSIDE_ZONE)
    {
        trust_zones.push(Zone {
            id: OUTSIDE_ZONE.to_owned(),
            name: OUTSIDE_ZONE_NAME.to_owned(),
            description: Some("Elements the team placed in no trust boundary".to_owned()),
            risk: ZoneRisk {
                trust_rating: TRUST_RATING,
            },
        });
    }
    let threats = session
        .threats
        .iter()
        .map(|t| {
            let mut attributes = Map::new();
            if let Some(r) = &t.rating {
                attributes.insert("tamerAction".into(), json!(r.action.label()));
            }
            if let Some(d) = &t.decision {
                attributes.insert("tamerDecision".into(), json!(decision_label(d)));
            }
            if let Some(k) = t.key {
                attributes.insert("tamerKeyRank".into(), json!(k));
            }
            OtmThreat {
                id: format!("threat-{}", t.id),
                name: t.title.clone(),
                description: some_text(&t.description),
                categories: t.category.iter().cloned().collect(),
                risk: risk(t.rating.as_deref(), &schemes),
                attributes: Value::Object(attributes),
            }
        })
        .collect();
    let mitigations = session
        .mitigations
        .iter()
        .map(|m| {
            // In alphabetical order, so that the text is the same whether
            // or not serde_json keeps insertion order.
            let mut attributes = Map::new();
            if !m.criteria.is_empty() {
                attributes.insert("tamerCriteria".into(), json!(m.criteria));
            }
            if let Some(due) = m.due {
                attributes.insert("tamerDue".into(), json!(due.to_string()));
            }
            attributes.insert("tamerEffort".into(), json!(m.effort.label()));
            attributes.insert("tamerEssential".into(), json!(m.essential));
            if !m.owner.is_empty() {
                attributes.insert("tamerOwner".into(), json!(m.owner));
            }
            attributes.insert("tamerReduces".into(), json!(m.reduces.label()));
            attributes.insert("tamerStatus".into(), json!(m.status.label()));
            let threats: Vec<String> = m.threats.iter().map(|t| format!("threat-{t}")).collect();
            attributes.insert("tamerThreats".into(), json!(threats));
            OtmMitigation {
                id: format!("mitigation-{}", m.id),
                name: m.title.clone(),
                description: some_text(&m.description),
                risk_reduction: match (m.is_live(), m.essential) {
                    (false, _) => 0,
                    (true, true) => 50,
                    (true, false) => 25,
                },
                attributes: Value::Object(attributes),
            }
        })
        .collect();
    let otm = Otm {
        otm_version: "0.2.0",
        project: Project {
            name: session.title.clone(),
            id: project_id(session, ctx),
            description: some_text(&session.approach.scope),
            attributes: json!({ "tamerRecord": ctx.record }),
        },
        trust_zones,
        components,
        dataflows,
        threats,
        mitigations,
    };
    let mut out = serde_json::to_string_pretty(&otm).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_spread_evenly_over_the_percentages() {
        assert_eq!(
            (0..3).map(|i| level_percent(i, 3)).collect::<Vec<_>>(),
            [25, 50, 75]
        );
        assert_eq!(
            (0..4).map(|i| level_percent(i, 4)).collect::<Vec<_>>(),
            [20, 40, 60, 80]
        );
    }

    #[test]
    fn slugs_keep_letters_and_digits() {
        assert_eq!(slug("Payments API (v2)!"), "payments-api-v2");
        assert_eq!(slug("  --  "), "");
    }
}
