//! The system model (phase 1) as the team draws it: elements, data flows
//! between them and the trust boundaries elements sit in, with the questions
//! the views and confirmations ask of it.

use serde::{Deserialize, Serialize};

use super::{Element, Mark, Session, Threat};
use crate::deck::ElementKind;

/// A trust boundary: a named zone (internet, DMZ, internal, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    pub id: u32,
    pub name: String,
    /// May hold line breaks.
    pub description: String,
}

/// What refers to an element: what deleting it would take along or unlink.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uses {
    /// Flows that start or end at it (deleted with it).
    pub flows: Vec<u32>,
    /// Threats on it or on those flows (unlinked, kept).
    pub threats: Vec<u32>,
    /// Cards marked on it or on those flows (the marks are removed).
    pub dealt: usize,
}

impl Uses {
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty() && self.threats.is_empty() && self.dealt == 0
    }
}

/// What refers to a threat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatUses {
    /// Cards marked with it (the marks are removed with it).
    pub marks: usize,
    /// Parked items that became it (they go back to open).
    pub parked: Vec<u32>,
    /// Excursions whose outcome went to it (unlinked).
    pub excursions: Vec<u32>,
    /// Mitigations linked to it (unlinked; they stay).
    pub mitigations: Vec<u32>,
}

impl ThreatUses {
    pub fn is_empty(&self) -> bool {
        self.marks == 0
            && self.parked.is_empty()
            && self.excursions.is_empty()
            && self.mitigations.is_empty()
    }
}

/// The letter an element's label starts with: E, P, D or F.
pub fn kind_letter(kind: ElementKind) -> char {
    match kind {
        ElementKind::ExternalEntity => 'E',
        ElementKind::Process => 'P',
        ElementKind::DataStore => 'D',
        ElementKind::DataFlow => 'F',
    }
}

impl Element {
    /// `P2`: the kind's letter and the id.
    pub fn tag(&self) -> String {
        format!("{}{}", kind_letter(self.kind), self.id)
    }

    pub fn is_flow(&self) -> bool {
        self.kind == ElementKind::DataFlow
    }

    /// Whether this flow starts or ends at `id`.
    pub fn touches(&self, id: u32) -> bool {
        self.flow
            .as_ref()
            .is_some_and(|f| f.from == id || f.to == id)
    }
}

impl Threat {
    /// Whether the threat is on `element`, by its own link or its card's.
    pub fn is_on(&self, element: u32) -> bool {
        self.element == Some(element) || self.card.as_ref().and_then(|c| c.element) == Some(element)
    }
}

impl Session {
    pub fn element(&self, id: u32) -> Option<&Element> {
        self.model.iter().find(|e| e.id == id)
    }

    pub fn boundary(&self, id: u32) -> Option<&Boundary> {
        self.boundaries.iter().find(|b| b.id == id)
    }

    pub fn threat(&self, id: u32) -> Option<&Threat> {
        self.threats.iter().find(|t| t.id == id)
    }

    /// The data flows of the model, in order (with ends or not yet).
    pub fn flows(&self) -> impl Iterator<Item = &Element> {
        self.model.iter().filter(|e| e.is_flow())
    }

    /// The elements (not flows) sitting in boundary `id`; `None` for those
    /// in no boundary.
    pub fn elements_in(&self, boundary: Option<u32>) -> impl Iterator<Item = &Element> {
        self.model
            .iter()
            .filter(move |e| !e.is_flow() && e.boundary == boundary)
    }

    /// Whether the flow's source and destination sit in different
    /// boundaries (no boundary counts as a zone of its own); false for an
    /// element that is not a flow with both ends.
    pub fn crosses_boundary(&self, flow: &Element) -> bool {
        let Some(ends) = &flow.flow else {
            return false;
        };
        match (self.element(ends.from), self.element(ends.to)) {
            (Some(from), Some(to)) => from.boundary != to.boundary,
            _ => false,
        }
    }

    /// `P2 Payment API`: a short label for lists; `None` when there is no
    /// such element.
    pub fn element_label(&self, id: u32) -> Option<String> {
        self.element(id).map(|e| format!("{} {}", e.tag(), e.name))
    }

    /// What refers to element `id`: the flows at it, the threats on it or
    /// on those flows, and the cards marked on them.
    pub fn uses_of_element(&self, id: u32) -> Uses {
        let flows: Vec<u32> = self
            .model
            .iter()
            .filter(|e| e.touches(id))
            .map(|e| e.id)
            .collect();
        let hit = |e: u32| e == id || flows.contains(&e);
        let threats = self
            .threats
            .iter()
            .filter(|t| {
                t.element.is_some_and(hit)
                    || t.card.as_ref().and_then(|c| c.element).is_some_and(hit)
            })
            .map(|t| t.id)
            .collect();
        let dealt = self
            .dealt
            .iter()
            .filter(|d| d.element.is_some_and(hit))
            .count();
        Uses {
            flows,
            threats,
            dealt,
        }
    }

    /// The elements sitting in boundary `id`.
    pub fn uses_of_boundary(&self, id: u32) -> Vec<u32> {
        self.elements_in(Some(id)).map(|e| e.id).collect()
    }

    /// What refers to threat `id`: what deleting it takes along or unlinks.
    pub fn uses_of_threat(&self, id: u32) -> ThreatUses {
        let marks = self
            .dealt
            .iter()
            .filter(|d| d.mark == Mark::Threat(id))
            .count();
        let parked = self
            .parking
            .iter()
            .filter(|p| p.outcome == Some(super::ParkedOutcome::Threat(id)))
            .map(|p| p.id)
            .collect();
        let excursions = self
            .excursions
            .iter()
            .filter(|x| x.threat == Some(id))
            .map(|x| x.id)
            .collect();
        ThreatUses {
            marks,
            parked,
            excursions,
            mitigations: self.mitigations_of(id).iter().map(|m| m.id).collect(),
        }
    }
}
