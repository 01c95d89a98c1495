//! Export: a Threat Composer v1 workspace (`.tc.json`), as its data
//! exchange schema (`threat-composer-v1.schema.json`, draft 2020-12)
//! describes it.
//!
//! What goes where:
//! - `applicationInfo`: the title, and the scope, what is out of scope and
//!   the desired level of security as Markdown;
//! - `architecture` / `dataflow`: the model's elements and flows as Markdown
//!   lists (Threat Composer has no model beyond text and pictures);
//! - `threats`: one threat statement per threat (the title); `STRIDE`
//!   letters from the category, `Priority` from the rating's action (MUST
//!   High, SHOULD Medium, COULD and NO NEED Low), `Comments` with the
//!   description, rating, decision and review; the element's name as a tag
//!   and as the impacted asset; `status` from the decision;
//! - `mitigations`: the title, description and acceptance criteria as
//!   content, status from the mitigation's status, `Comments` with the rest,
//!   and an `essential` or `idea` tag; `mitigationLinks` one per link.
//!
//! Ids are UUID-shaped (version 8, "custom") and derived from the record's
//! name, the kind of item and its tamer id, so the same record always
//! exports the same ids. Text is cut to the lengths the schema allows.

use serde::Serialize;

use super::Context;
use crate::session::{Decision, Element, MitigationStatus, Session, Threat};

/// The longest `applicationInfo.name`.
const MAX_NAME: usize = 200;
/// The longest Markdown description.
const MAX_MARKDOWN: usize = 100_000;
/// The longest threat statement.
const MAX_STATEMENT: usize = 1400;
/// The longest structured threat field (an impacted asset).
const MAX_FIELD: usize = 200;
/// The longest mitigation content or comment.
const MAX_CONTENT: usize = 1000;
/// The longest tag.
const MAX_TAG: usize = 30;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Workspace {
    schema: u32,
    application_info: Info,
    architecture: Description,
    dataflow: Description,
    assumptions: Vec<()>,
    mitigations: Vec<TcMitigation>,
    assumption_links: Vec<()>,
    mitigation_links: Vec<Link>,
    threats: Vec<TcThreat>,
}

#[derive(Serialize)]
struct Info {
    name: String,
    description: String,
}

#[derive(Serialize)]
struct Description {
    description: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Value {
    One(String),
    Many(Vec<String>),
}

#[derive(Serialize)]
struct Meta {
    key: &'static str,
    value: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TcThreat {
    id: String,
    numeric_id: u32,
    display_order: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    metadata: Vec<Meta>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    impacted_assets: Vec<String>,
    statement: String,
    status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TcMitigation {
    id: String,
    numeric_id: u32,
    display_order: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    metadata: Vec<Meta>,
    tags: Vec<String>,
    content: String,
    status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Link {
    mitigation_id: String,
    linked_id: String,
}

/// The session as a Threat Composer v1 workspace, pretty-printed.
pub fn render(session: &Session, ctx: &Context) -> String {
    let id = |kind: &str, n: u32| uuid(ctx.record, kind, n);
    let threats = session
        .threats
        .iter()
        .enumerate()
        .map(|(i, t)| threat(session, t, i + 1, id("threat", t.id)))
        .collect();
    let mitigations = session
        .mitigations
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut content = m.title.clone();
            if !m.description.is_empty() {
                content.push_str("\n\n");
                content.push_str(&m.description);
            }
            if !m.criteria.is_empty() {
                content.push_str("\n\nDone when: ");
                content.push_str(&m.criteria);
            }
            let mut notes = vec![format!(
                "{}; reduces {}; effort {}",
                if m.essential { "Essential" } else { "Idea" },
                m.reduces.label(),
                m.effort.label()
            )];
            if let MitigationStatus::WontDo { reason } = &m.status {
                notes.push(format!("Won't do: {reason}"));
            }
            if let Some(due) = m.due {
                notes.push(format!("Due: {due}"));
            }
            if !m.owner.is_empty() {
                notes.push(format!("Owner: {}", m.owner));
            }
            TcMitigation {
                id: id("mitigation", m.id),
                numeric_id: m.id,
                display_order: i + 1,
                metadata: vec![Meta {
                    key: "Comments",
                    value: Value::One(cut(&notes.join("\n"), MAX_CONTENT)),
                }],
                tags: vec![if m.essential { "essential" } else { "idea" }.to_owned()],
                content: cut(&content, MAX_CONTENT),
                status: match m.status {
                    MitigationStatus::Planned => "mitigationIdentified",
                    MitigationStatus::InProgress => "mitigationInProgress",
                    MitigationStatus::Done => "mitigationResolved",
                    MitigationStatus::WontDo { .. } => "mitigationResolvedWillNotAction",
                },
            }
        })
        .collect();
    let mitigation_links = session
        .mitigations
        .iter()
        .flat_map(|m| {
            m.threats
                .iter()
                .filter(|t| session.threats.iter().any(|x| x.id == **t))
                .map(move |t| Link {
                    mitigation_id: id("mitigation", m.id),
                    linked_id: id("threat", *t),
                })
        })
        .collect();
    let workspace = Workspace {
        schema: 1,
        application_info: Info {
            name: cut(&session.title, MAX_NAME),
            description: cut(&application(session), MAX_MARKDOWN),
        },
        architecture: Description {
            description: cut(&architecture(session), MAX_MARKDOWN),
        },
        dataflow: Description {
            description: cut(&dataflow(session), MAX_MARKDOWN),
        },
        assumptions: Vec::new(),
        mitigations,
        assumption_links: Vec::new(),
        mitigation_links,
        threats,
    };
    let mut out = serde_json::to_string_pretty(&workspace)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    out.push('\n');
    out
}

fn threat(session: &Session, t: &Threat, order: usize, id: String) -> TcThreat {
    let mut metadata = Vec::new();
    if let Some(action) = t.action() {
        let priority = match action.strength() {
            3 => "High",
            2 => "Medium",
            _ => "Low",
        };
        metadata.push(Meta {
            key: "Priority",
            value: Value::One(priority.to_owned()),
        });
    }
    let category = t
        .category
        .as_deref()
        .or(t.card.as_ref().map(|c| c.card.as_str()));
    let stride = category.and_then(stride_letter);
    if let Some(letter) = stride {
        metadata.push(Meta {
            key: "STRIDE",
            value: Value::Many(vec![letter.to_owned()]),
        });
    }
    let mut notes = Vec::new();
    if !t.description.is_empty() {
        notes.push(t.description.clone());
    }
    if let (Some(c), None) = (category, stride) {
        notes.push(format!("Category: {c}"));
    }
    if let Some(r) = &t.rating {
        let mut line = format!(
            "Rated {} (likelihood {}, impact {}, {})",
            r.action, r.likelihood, r.impact, r.scheme
        );
        if r.is_override() {
            line.push_str(&format!(
                "; the scheme suggests {}, overridden because {}",
                r.suggested, r.override_reason
            ));
        }
        notes.push(line);
    }
    if let Some(r) = &t.residual {
        notes.push(format!(
            "Residual {} (likelihood {}, impact {})",
            r.action, r.likelihood, r.impact
        ));
    }
    if let Some(rank) = t.key {
        notes.push(format!("Key threat {rank}"));
    }
    if let Some(d) = &t.decision {
        notes.push(match d {
            Decision::Mitigate => "Decision: mitigate".to_owned(),
            Decision::Accept { reason, by } => format!("Decision: accept ({by}): {reason}"),
            Decision::Transfer { to } => format!("Decision: transfer to {to}"),
            Decision::Avoid { how } => format!("Decision: avoid: {how}"),
            Decision::NotAThreat { reason } => format!("Decision: not a threat: {reason}"),
        });
    }
    if let Some(review) = &t.review {
        notes.push(match (review.ok, review.note.is_empty()) {
            (true, true) => "Review: fine".to_owned(),
            (true, false) => format!("Review: fine; {}", review.note),
            (false, _) => format!("Review: needs work; {}", review.note),
        });
    }
    if !notes.is_empty() {
        metadata.push(Meta {
            key: "Comments",
            value: Value::One(cut(&notes.join("\n"), MAX_CONTENT)),
        });
    }
    let element = t
        .element
        .and_then(|e| session.model.iter().find(|x| x.id == e));
    let tags: Vec<String> = element
        .map(|e| cut(&e.name, MAX_TAG).trim().to_owned())
        .filter(|n| !n.is_empty())
        .into_iter()
        .collect();
    let impacted_assets = element
        .map(|e| cut(&e.name, MAX_FIELD))
        .into_iter()
        .collect();
    TcThreat {
        id,
        numeric_id: t.id,
        display_order: order,
        metadata,
        tags,
        impacted_assets,
        statement: cut(&t.title, MAX_STATEMENT),
        status: status(session, t),
    }
}

/// Resolved: decided otherwise than "mitigate" (accepted, transferred,
/// avoided), or "mitigate" with every essential mitigation done; not
/// useful: "not a threat"; identified: everything else.
fn status(session: &Session, t: &Threat) -> &'static str {
    match &t.decision {
        Some(Decision::NotAThreat { .. }) => "threatResolvedNotUseful",
        Some(Decision::Accept { .. } | Decision::Transfer { .. } | Decision::Avoid { .. }) => {
            "threatResolved"
        }
        Some(Decision::Mitigate) => {
            let essential = session.essential_mitigations_of(t.id);
            let done = !essential.is_empty()
                && essential.iter().all(|m| m.status == MitigationStatus::Done);
            if done {
                "threatResolved"
            } else {
                "threatIdentified"
            }
        }
        None => "threatIdentified",
    }
}

/// The STRIDE letter of a category or card id (`information-disclosure`,
/// `Information disclosure`…); `None` for any other category.
pub fn stride_letter(category: &str) -> Option<&'static str> {
    let plain: String = category
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    Some(match plain.as_str() {
        "spoofing" => "S",
        "tampering" => "T",
        "repudiation" => "R",
        "information disclosure" => "I",
        "denial of service" => "D",
        "elevation of privilege" => "E",
        _ => return None,
    })
}

fn application(s: &Session) -> String {
    let a = &s.approach;
    let mut out = String::new();
    for (head, text) in [
        ("Scope", &a.scope),
        ("Out of scope", &a.out_of_scope),
        ("Desired level of security", &a.security_level),
    ] {
        if text.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("### {head}\n\n"));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("- {}\n", markdown(line)));
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}

fn kind_name(e: &Element) -> &'static str {
    use crate::deck::ElementKind as K;
    match e.kind {
        K::ExternalEntity => "external entity",
        K::Process => "process",
        K::DataStore => "data store",
        K::DataFlow => "data flow",
    }
}

fn architecture(s: &Session) -> String {
    let mut out = String::new();
    for e in s.model.iter().filter(|e| e.flow.is_none()) {
        let mut line = format!("- **{}** ({}", markdown(&e.name), kind_name(e));
        if let Some(b) = e
            .boundary
            .and_then(|b| s.boundaries.iter().find(|x| x.id == b))
        {
            line.push_str(&format!(", in {}", markdown(&b.name)));
        }
        line.push(')');
        if !e.description.is_empty() {
            line.push_str(": ");
            line.push_str(&markdown(&e.description.replace('\n', " ")));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

fn dataflow(s: &Session) -> String {
    let name = |id: u32| {
        s.model
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| format!("element {id}"), |e| e.name.clone())
    };
    let mut out = String::new();
    for e in &s.model {
        let Some(f) = &e.flow else { continue };
        let mut line = format!(
            "- **{}**: {} to {}",
            markdown(&e.name),
            markdown(&name(f.from)),
            markdown(&name(f.to))
        );
        if !f.carries.is_empty() {
            line.push_str(&format!(", carries {}", markdown(&f.carries)));
        }
        if !f.protocol.is_empty() {
            line.push_str(&format!(", over {}", markdown(&f.protocol)));
        }
        line.push_str(if f.encrypted {
            ", encrypted"
        } else {
            ", not encrypted"
        });
        line.push_str(if f.authenticated {
            ", authenticated"
        } else {
            ", not authenticated"
        });
        if !e.description.is_empty() {
            line.push_str(": ");
            line.push_str(&markdown(&e.description.replace('\n', " ")));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// One line of text as literal Markdown: the characters Markdown would act
/// on are escaped.
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::clean(text).chars() {
        if super::md::ALWAYS.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` cut to `max` characters (what JSON Schema's `maxLength` counts).
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

/// A UUID-shaped id (version 8, "custom") from FNV-1a (128 bits, then
/// mixed) of the record's name, the kind of item and its tamer id: the same every time.
pub fn uuid(record: &str, kind: &str, id: u32) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    let id = id.to_string();
    for part in [record, kind, id.as_str()] {
        for b in part.bytes().chain(std::iter::once(0)) {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    // FNV moves little of the last bytes into the high bits: mix them.
    const MIX: u128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835;
    for _ in 0..2 {
        hash ^= hash >> 64;
        hash = hash.wrapping_mul(MIX);
        hash ^= hash >> 59;
    }
    // Version 8 in bits 48..52, the RFC variant (10) in bits 64..66.
    let hash = (hash & !(0xf << 76) & !(0x3 << 62)) | (0x8 << 76) | (0x2 << 62);
    let hex = format!("{hash:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_shaped_stable_and_distinct() {
        let a = uuid("x.ron", "threat", 1);
        assert_eq!(a, uuid("x.ron", "threat", 1));
        assert_ne!(a, uuid("x.ron", "mitigation", 1));
        assert_ne!(a, uuid("x.ron", "threat", 11));
        assert_ne!(a, uuid("y.ron", "threat", 1));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "{a}");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }

    #[test]
    fn stride_letters_come_from_ids_and_names() {
        assert_eq!(stride_letter("information-disclosure"), Some("I"));
        assert_eq!(stride_letter("Denial of service"), Some("D"));
        assert_eq!(stride_letter("elevation_of_privilege"), Some("E"));
        assert_eq!(stride_letter("injection"), None);
    }

    #[test]
    fn markdown_text_is_literal_and_cuts_count_characters() {
        assert_eq!(markdown("a*b_[c]\u{1b}"), "a\\*b\\_\\[c\\] ");
        assert_eq!(cut("üüü", 2), "üü");
    }
}
