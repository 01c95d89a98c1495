//! Detectors: the system model (phase 1) [1.3].
//!
//! "Elements" here are the boxes of the model (external entities,
//! processes, data stores); data flows are counted apart.

use super::words::count;
use crate::radar::{Ctx, Flag, Severity};
use crate::session::Session;

/// How many element names an evidence line spells out before "and n more".
const NAMED: usize = 4;

/// Phase 1 is behind the team: a later phase is on screen, or the session
/// is finished.
fn model_phase_over(s: &Session) -> bool {
    s.finished.is_some() || s.phase() >= 2
}

/// (elements that are not flows, data flows)
fn counts(s: &Session) -> (usize, usize) {
    let flows = s.flows().count();
    (s.model.len() - flows, flows)
}

/// [1.3.1] Once phase 1 is over: fewer than `min_elements` elements, or
/// not a single data flow.
pub fn too_abstract(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !model_phase_over(s) {
        return None;
    }
    let (elements, flows) = counts(s);
    let min = ctx.thresholds.min_elements as usize;
    if elements >= min && flows > 0 {
        return None;
    }
    let evidence = if elements < min {
        format!(
            "Phase 1 ended with {} and {} (at least {min} expected).",
            count(elements, "element", "elements"),
            count(flows, "data flow", "data flows"),
        )
    } else {
        format!("Phase 1 ended with {elements} elements and no data flow between them.")
    };
    Some(Flag {
        id: "1.3.1",
        subject: String::new(),
        severity: Severity::Info,
        evidence,
        suggestion: "Zoom in: split the big boxes and add the data flows, saying what each one can do.",
    })
}

/// [1.3.2] More than `max_elements` elements, at any time.
pub fn too_detailed(ctx: &Ctx) -> Option<Flag> {
    let (elements, flows) = counts(ctx.session);
    let max = ctx.thresholds.max_elements as usize;
    if elements <= max {
        return None;
    }
    Some(Flag {
        id: "1.3.2",
        subject: String::new(),
        severity: Severity::Info,
        evidence: format!(
            "The model has {elements} elements and {}; more than {max} elements makes a long walk.",
            count(flows, "data flow", "data flows"),
        ),
        suggestion: "Zoom out: merge boxes that share a trust boundary, or split the model into two sessions.",
    })
}

/// [1.3.3] Once phase 1 is over: the team never agreed that the model is
/// the system, or elements have no data flow starting or ending at them
/// (named). The subject is the tags of those elements, so a newly cut-off
/// one raises a fresh flag.
pub fn representation_miss(ctx: &Ctx) -> Option<Flag> {
    let s = ctx.session;
    if !model_phase_over(s) {
        return None;
    }
    // Every end of every flow, sorted: one pass over the model, then a
    // binary search per element.
    let mut ends: Vec<u32> = s
        .flows()
        .filter_map(|f| f.flow.as_ref())
        .flat_map(|f| [f.from, f.to])
        .collect();
    ends.sort_unstable();
    let mut loose = s
        .model
        .iter()
        .filter(|e| !e.is_flow() && ends.binary_search(&e.id).is_err())
        .peekable();
    let agreed = s.model_agreed.is_some();
    if agreed && loose.peek().is_none() {
        return None;
    }
    let mut subject = String::new();
    let mut names = Vec::new();
    let mut count = 0;
    for e in loose {
        if !subject.is_empty() {
            subject.push(' ');
        }
        subject.push_str(&e.tag());
        if names.len() < NAMED {
            names.push(format!("{} {}", e.tag(), e.name));
        }
        count += 1;
    }
    let mut evidence = String::new();
    if !agreed {
        evidence.push_str("Nobody agreed that the model is the system in scope.");
    }
    if count > 0 {
        if !evidence.is_empty() {
            evidence.push(' ');
        }
        let mut list = names.join(", ");
        if count > names.len() {
            list.push_str(&format!(" and {} more", count - names.len()));
        }
        let verb = if count == 1 { "has" } else { "have" };
        evidence.push_str(&format!("{list} {verb} no data flow in or out."));
    }
    Some(Flag {
        id: "1.3.3",
        subject,
        severity: Severity::Info,
        evidence,
        suggestion: "Walk the model together: connect or remove the loose boxes, then agree on it (A).",
    })
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;
    use crate::deck::ElementKind;
    use crate::radar::detect::testkit::Kit;
    use crate::session::{Change, ElementDraft};

    fn flow(kit: &mut Kit, name: &str, from: u32, to: u32) -> u32 {
        kit.apply(Change::AddElement(ElementDraft::flow(name, from, to)));
        kit.session.model.last().expect("added").id
    }

    /// Three elements in a line: Shopper -> Checkout -> Orders DB.
    fn three_connected(kit: &mut Kit) -> [u32; 3] {
        let shopper = kit.element("Shopper");
        let checkout = kit.element("Checkout");
        let db = kit.element("Orders DB");
        flow(kit, "order", shopper, checkout);
        flow(kit, "save", checkout, db);
        [shopper, checkout, db]
    }

    // [1.3.1]

    #[test]
    fn too_abstract_fires_after_phase_1_with_too_few_elements() {
        let mut kit = Kit::new();
        let a = kit.element("Browser");
        let b = kit.element("Shop");
        flow(&mut kit, "orders", a, b);
        kit.go_to("agree");
        assert_eq!(kit.flag("1.3.1"), None, "phase 1 is still on");
        kit.go_to("discover");
        let f = kit.flag("1.3.1").expect("fires");
        assert_eq!(
            f.evidence,
            "Phase 1 ended with 2 elements and 1 data flow (at least 3 expected)."
        );
        assert_eq!(f.subject, "");
    }

    #[test]
    fn too_abstract_fires_without_flows() {
        let mut kit = Kit::new();
        for name in ["Browser", "Shop", "DB"] {
            kit.element(name);
        }
        kit.go_to("discover");
        assert_eq!(
            kit.flag("1.3.1").map(|f| f.evidence).as_deref(),
            Some("Phase 1 ended with 3 elements and no data flow between them.")
        );
    }

    #[test]
    fn too_abstract_is_quiet_at_the_minimum() {
        let mut kit = Kit::new();
        three_connected(&mut kit);
        kit.go_to("discover");
        assert_eq!(kit.flag("1.3.1"), None);
    }

    #[test]
    fn too_abstract_clears_when_the_team_zooms_in() {
        let mut kit = Kit::new();
        let a = kit.element("Browser");
        let b = kit.element("Shop");
        kit.go_to("discover");
        assert!(kit.flag("1.3.1").is_some());
        let c = kit.element("DB");
        assert!(kit.flag("1.3.1").is_some(), "still no flow");
        flow(&mut kit, "orders", a, b);
        flow(&mut kit, "save", b, c);
        assert_eq!(kit.flag("1.3.1"), None);
    }

    // [1.3.2]

    #[test]
    fn too_detailed_fires_past_the_maximum_at_any_time() {
        let mut kit = Kit::new();
        kit.thresholds.max_elements = 3;
        let [a, b, _] = three_connected(&mut kit);
        assert_eq!(kit.flag("1.3.2"), None, "exactly the maximum");
        kit.element("Cache");
        flow(&mut kit, "back", b, a);
        let f = kit.flag("1.3.2").expect("fires in phase 0 too");
        assert_eq!(
            f.evidence,
            "The model has 4 elements and 3 data flows; more than 3 elements makes a long walk."
        );
    }

    #[test]
    fn too_detailed_counts_elements_not_flows() {
        let mut kit = Kit::new();
        kit.thresholds.max_elements = 3;
        let [a, b, c] = three_connected(&mut kit);
        flow(&mut kit, "x", a, c);
        flow(&mut kit, "y", c, b);
        assert_eq!(kit.flag("1.3.2"), None);
    }

    #[test]
    fn too_detailed_clears_when_the_team_zooms_out() {
        let mut kit = Kit::new();
        kit.thresholds.max_elements = 3;
        three_connected(&mut kit);
        let extra = kit.element("Cache");
        assert!(kit.flag("1.3.2").is_some());
        kit.apply(Change::DeleteElement(extra));
        assert_eq!(kit.flag("1.3.2"), None);
    }

    // [1.3.3]

    #[test]
    fn representation_miss_names_loose_elements_and_a_missing_agreement() {
        let mut kit = Kit::new();
        three_connected(&mut kit);
        let audit = kit.element("Audit log");
        kit.go_to("discover");
        let f = kit.flag("1.3.3").expect("fires");
        assert_eq!(
            f.evidence,
            format!(
                "Nobody agreed that the model is the system in scope. \
                 P{audit} Audit log has no data flow in or out."
            )
        );
        assert_eq!(f.subject, format!("P{audit}"));
    }

    #[test]
    fn representation_miss_lists_a_few_and_counts_the_rest() {
        let mut kit = Kit::new();
        three_connected(&mut kit);
        let ids: Vec<u32> = ["A", "B", "C", "D", "E", "F"]
            .iter()
            .map(|n| kit.element(n))
            .collect();
        kit.apply(Change::AgreeModel);
        kit.go_to("discover");
        let f = kit.flag("1.3.3").expect("fires");
        assert_eq!(
            f.evidence,
            format!(
                "P{} A, P{} B, P{} C, P{} D and 2 more have no data flow in or out.",
                ids[0], ids[1], ids[2], ids[3]
            )
        );
        let tags: Vec<String> = ids.iter().map(|i| format!("P{i}")).collect();
        assert_eq!(f.subject, tags.join(" "));
    }

    #[test]
    fn representation_miss_is_quiet_when_agreed_and_connected() {
        let mut kit = Kit::new();
        three_connected(&mut kit);
        kit.apply(Change::AgreeModel);
        kit.go_to("discover");
        assert_eq!(kit.flag("1.3.3"), None);
    }

    #[test]
    fn representation_miss_waits_for_phase_1_to_end() {
        let mut kit = Kit::new();
        kit.element("Lonely");
        kit.go_to("agree");
        assert_eq!(kit.flag("1.3.3"), None);
    }

    #[test]
    fn representation_miss_clears_when_connected_and_agreed() {
        let mut kit = Kit::new();
        let [_, checkout, _] = three_connected(&mut kit);
        let audit =
            kit.session
                .add_element(ElementKind::DataStore, "Audit log", true, kit.clock.now());
        let audit = audit.expect("added");
        kit.go_to("discover");
        assert_eq!(
            kit.flag("1.3.3").map(|f| f.subject),
            Some(format!("D{audit}"))
        );
        flow(&mut kit, "log", checkout, audit);
        assert_eq!(
            kit.flag("1.3.3").map(|f| f.evidence).as_deref(),
            Some("Nobody agreed that the model is the system in scope."),
        );
        kit.apply(Change::AgreeModel);
        assert_eq!(kit.flag("1.3.3"), None);
    }
}
