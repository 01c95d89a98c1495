//! One way to build an imported session, shared by every format: items are
//! added with fresh ids in order (a new session, so ids start at 1 and no
//! search is needed), text is cleaned of control characters (one line
//! where tamer keeps one line) and cut to a sane length, and the result
//! passes the whole-record check before anyone uses it.

use crate::deck::ElementKind;
use crate::error::{Error, Result};
use crate::session::change::{clean_line, clean_lines};
use crate::session::{
    Boundary, Effort, Element, EventKind, FlowEnds, Mitigation, MitigationStatus, Reduces, Session,
    Threat,
};

use super::{Imported, Options};

/// The longest title or name kept, in characters; longer ones are cut.
pub const MAX_TITLE: usize = 500;
/// The longest description kept, in characters.
pub const MAX_TEXT: usize = 20_000;

/// A session being built from a file.
#[derive(Debug)]
pub struct Builder {
    session: Session,
    unmapped: Vec<String>,
    /// Elements and flows share one id space.
    next_element: u32,
    next_boundary: u32,
    next_threat: u32,
    next_mitigation: u32,
}

/// A flow's ends and channel, as the file says them.
#[derive(Debug, Clone, Default)]
pub struct FlowDraft {
    pub name: String,
    pub description: String,
    pub from: u32,
    pub to: u32,
    pub carries: String,
    pub protocol: String,
    pub authenticated: bool,
    pub encrypted: bool,
}

fn cut(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_owned(),
        None => text,
    }
}

fn line(text: &str) -> String {
    cut(clean_line(text), MAX_TITLE)
}

fn lines(text: &str) -> String {
    cut(clean_lines(text), MAX_TEXT)
}

impl Builder {
    /// A new session titled `title` (or the option's), at the first step of
    /// the script, with no decks' cards marked yet.
    pub fn new(title: &str, options: &Options) -> Self {
        let title = options.title.unwrap_or(title);
        let title = if line(title).is_empty() {
            "Imported threat model".to_owned()
        } else {
            line(title)
        };
        let session = Session::new(&title, 90, Vec::new(), options.script, options.now);
        Self {
            session,
            unmapped: Vec::new(),
            next_element: 1,
            next_boundary: 1,
            next_threat: 1,
            next_mitigation: 1,
        }
    }

    /// The session so far (to look up what was added).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Notes something the file holds that tamer cannot keep.
    pub fn unmapped(&mut self, what: impl Into<String>) {
        self.unmapped.push(crate::text::clean(&what.into()));
    }

    /// What the session is about: the scope, from the file's description.
    pub fn scope(&mut self, text: &str) {
        self.session.approach.scope = lines(text);
    }

    /// A trust boundary; its id.
    pub fn boundary(&mut self, name: &str, description: &str) -> u32 {
        let id = self.next_boundary;
        self.next_boundary += 1;
        let name = match line(name) {
            n if n.is_empty() => format!("Boundary {id}"),
            n => n,
        };
        self.session.boundaries.push(Boundary {
            id,
            name,
            description: lines(description),
        });
        self.log(EventKind::BoundaryAdded { id });
        id
    }

    /// An element (not a flow) in `boundary`, if that boundary was added;
    /// its id.
    pub fn element(
        &mut self,
        kind: ElementKind,
        name: &str,
        description: &str,
        boundary: Option<u32>,
    ) -> u32 {
        let kind = if kind == ElementKind::DataFlow {
            ElementKind::Process
        } else {
            kind
        };
        let id = self.take_element_id();
        let name = match line(name) {
            n if n.is_empty() => format!("Element {id}"),
            n => n,
        };
        let boundary = boundary.filter(|b| self.session.boundaries.iter().any(|x| x.id == *b));
        self.session.model.push(Element {
            id,
            kind,
            name,
            holds_logs: false,
            description: lines(description),
            boundary,
            flow: None,
        });
        self.log(EventKind::ElementAdded { id });
        id
    }

    /// A data flow between two elements added before (not flows, not the
    /// same one); `None` (and listed) when its ends are not both there.
    pub fn flow(&mut self, flow: FlowDraft) -> Option<u32> {
        let is_end = |id: u32| {
            self.session
                .model
                .iter()
                .any(|e| e.id == id && e.kind != ElementKind::DataFlow)
        };
        if flow.from == flow.to || !is_end(flow.from) || !is_end(flow.to) {
            self.unmapped(format!(
                "data flow \"{}\": its ends are not two elements of the model",
                line(&flow.name)
            ));
            return None;
        }
        let id = self.take_element_id();
        let name = match line(&flow.name) {
            n if n.is_empty() => format!("Flow {id}"),
            n => n,
        };
        self.session.model.push(Element {
            id,
            kind: ElementKind::DataFlow,
            name,
            holds_logs: false,
            description: lines(&flow.description),
            boundary: None,
            flow: Some(FlowEnds {
                from: flow.from,
                to: flow.to,
                carries: line(&flow.carries),
                protocol: line(&flow.protocol),
                authenticated: flow.authenticated,
                encrypted: flow.encrypted,
            }),
        });
        self.log(EventKind::ElementAdded { id });
        Some(id)
    }

    /// A threat, about `element` if that element or flow was added; its id.
    pub fn threat(
        &mut self,
        title: &str,
        description: &str,
        category: Option<&str>,
        element: Option<u32>,
    ) -> u32 {
        let id = self.next_threat;
        self.next_threat += 1;
        let title = match line(title) {
            t if t.is_empty() => format!("Threat {id}"),
            t => t,
        };
        let element = element.filter(|e| self.session.model.iter().any(|x| x.id == *e));
        let category = category.map(line).filter(|c| !c.is_empty());
        let step = self
            .session
            .step()
            .map(|s| s.id.clone())
            .unwrap_or_default();
        let now = self.now();
        self.session.threats.push(Threat {
            id,
            title,
            description: lines(description),
            category,
            element,
            raised_by: None,
            phase: self.session.phase(),
            step,
            at: now,
            card: None,
            key: None,
            rating: None,
            residual: None,
            decision: None,
            review: None,
        });
        self.log(EventKind::ThreatCaptured { id });
        id
    }

    /// The threat added as `id`, to set what the format says of it
    /// (a rating, a decision).
    pub fn threat_mut(&mut self, id: u32) -> Option<&mut Threat> {
        self.session.threats.iter_mut().find(|t| t.id == id)
    }

    /// A mitigation taming the `threats` that were added (others are left
    /// out); its id.
    pub fn mitigation(
        &mut self,
        title: &str,
        description: &str,
        essential: bool,
        status: MitigationStatus,
        threats: &[u32],
    ) -> u32 {
        let id = self.next_mitigation;
        self.next_mitigation += 1;
        let title = match line(title) {
            t if t.is_empty() => format!("Mitigation {id}"),
            t => t,
        };
        let max = self.next_threat;
        let mut linked: Vec<u32> = Vec::new();
        for t in threats {
            if *t < max && *t > 0 && !linked.contains(t) {
                linked.push(*t);
            }
        }
        let status = match status {
            MitigationStatus::WontDo { reason } => MitigationStatus::WontDo {
                reason: match line(&reason) {
                    r if r.is_empty() => "Not given in the imported file".to_owned(),
                    r => r,
                },
            },
            other => other,
        };
        self.session.mitigations.push(Mitigation {
            id,
            title,
            description: lines(description),
            essential,
            reduces: Reduces::Likelihood,
            criteria: String::new(),
            effort: Effort::Medium,
            owner: String::new(),
            due: None,
            status,
            threats: linked,
        });
        self.log(EventKind::MitigationAdded { id });
        id
    }

    /// The mitigation added as `id`, to set what the format says of it.
    pub fn mitigation_mut(&mut self, id: u32) -> Option<&mut Mitigation> {
        self.session.mitigations.iter_mut().find(|m| m.id == id)
    }

    /// The session, marked as imported from `source` in `format`, once it
    /// passes the whole-record check.
    pub fn finish(mut self, format: &'static str, source: &str) -> Result<Imported> {
        let now = self.now();
        self.session.imported(format, source, now);
        let problems = crate::session::check::check(&self.session);
        if let Some(p) = problems.first() {
            return Err(Error::Usage(format!(
                "{source}: the imported model does not hold together: {p}"
            )));
        }
        Ok(Imported {
            session: self.session,
            format,
            unmapped: self.unmapped,
        })
    }

    fn take_element_id(&mut self) -> u32 {
        let id = self.next_element;
        self.next_element += 1;
        id
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.session.created
    }

    fn log(&mut self, kind: EventKind) {
        let now = self.now();
        self.session.log(now, kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::session::PhaseScript;

    #[test]
    fn a_built_session_passes_the_check_and_drops_bad_links() {
        let clock = FixedClock::workshop_morning();
        let script = PhaseScript::builtin();
        let options = Options {
            title: None,
            now: clock.now(),
            script: &script,
        };
        let mut b = Builder::new("Shop\u{1b}[2J", &options);
        let zone = b.boundary("Internet", "");
        let web = b.element(ElementKind::ExternalEntity, "Browser", "", Some(zone));
        let api = b.element(
            ElementKind::Process,
            "API\nv2",
            "Serves\r\nthe shop",
            Some(99),
        );
        assert!(
            b.flow(FlowDraft {
                name: "Orders".into(),
                from: web,
                to: api,
                ..FlowDraft::default()
            })
            .is_some()
        );
        assert_eq!(
            b.flow(FlowDraft {
                name: "Loop".into(),
                from: web,
                to: web,
                ..FlowDraft::default()
            }),
            None
        );
        let t = b.threat("", "", Some("spoofing"), Some(77));
        let m = b.mitigation("Sign it", "", true, MitigationStatus::Planned, &[t, t, 42]);
        let imported = b.finish("otm", "shop.otm.json").expect("valid");
        let s = &imported.session;
        assert_eq!(s.title, "Shop [2J");
        assert_eq!(s.model[1].name, "API v2");
        assert_eq!(s.model[1].description, "Serves\nthe shop");
        assert_eq!(s.model[1].boundary, None, "no boundary 99");
        assert_eq!(s.threats[0].title, "Threat 1");
        assert_eq!(s.threats[0].element, None);
        assert_eq!(s.mitigations[0].id, m);
        assert_eq!(s.mitigations[0].threats, [t]);
        assert_eq!(imported.unmapped.len(), 1, "{:?}", imported.unmapped);
        assert!(matches!(
            s.timeline.last().map(|e| &e.kind),
            Some(EventKind::Imported { format, source }) if format == "otm" && source == "shop.otm.json"
        ));
    }
}
