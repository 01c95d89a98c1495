//! The example records in `sessions/`: one per schema version. Records of
//! the current version load and re-save byte for byte (the format is
//! stable); older ones migrate to the same session as their current twin.

use std::path::{Path, PathBuf};

use tamer::session::record;
use tamer::store::Store;

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("sessions/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    out.sort();
    out
}

fn version(text: &str) -> u32 {
    let line = text.lines().nth(1).expect("a version line");
    line.trim()
        .trim_start_matches("version:")
        .trim()
        .trim_end_matches(',')
        .parse()
        .expect("a number")
}

#[test]
fn current_examples_load_and_round_trip() {
    let mut seen = 0;
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("read");
        if version(&text) != record::VERSION {
            continue;
        }
        let session = Store::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            record::to_ron(&session).expect("serializes"),
            text,
            "{} re-saves differently",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 1, "no current example records");
}

#[test]
fn every_older_version_has_an_example_that_migrates_to_its_twin() {
    for v in 1..record::VERSION {
        let old: Vec<PathBuf> = examples()
            .into_iter()
            .filter(|p| p.to_string_lossy().ends_with(&format!("-v{v}.ron")))
            .collect();
        assert!(
            !old.is_empty(),
            "no example record of version {v} in sessions/"
        );
        for path in old {
            let text = std::fs::read_to_string(&path).expect("read");
            assert_eq!(version(&text), v, "{}", path.display());
            let loaded =
                record::read(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(loaded.version, v);
            let twin = PathBuf::from(
                path.to_string_lossy()
                    .replace(&format!("-v{v}.ron"), ".ron"),
            );
            let current = Store::load(&twin).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(loaded.session, current, "{}", path.display());
        }
    }
}

#[test]
fn the_checkout_example_holds_what_the_docs_say() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-checkout.ron");
    let s = Store::load(&path).expect("loads");
    assert_eq!(s.title, "Checkout API");
    assert_eq!(s.participants, ["Ada", "Grace", "Linus"]);
    assert_eq!(s.threats.len(), 3);
    assert_eq!(s.phase(), 3);
}

/// The version-3 example uses every part the version added, so that a
/// change of the shape shows up here and in the exports made from it.
#[test]
fn the_payments_example_holds_a_model_threats_a_parking_lot_and_an_excursion() {
    use tamer::session::{Change, ParkedOutcome};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-payments.ron");
    let mut s = Store::load(&path).expect("loads");
    assert_eq!(s.approach.facilitator.as_deref(), Some("Ada"));
    assert_eq!(s.approach.note_keeper.as_deref(), Some("Grace"));
    assert!(s.approach.scope.contains('\n'), "a scope list of two lines");
    let names: Vec<&str> = s.boundaries.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Internet", "DMZ", "Internal"]);
    let flows: Vec<_> = s.flows().collect();
    assert_eq!(flows.len(), 4);
    assert!(flows.iter().all(|f| f.flow.is_some()));
    let crossing = flows.iter().filter(|f| s.crosses_boundary(f)).count();
    assert_eq!(crossing, 4, "every flow of the example crosses a boundary");
    assert!(s.model_agreed.is_some());
    assert_eq!(s.threats.len(), 4);
    assert!(s.threats.iter().all(|t| t.raised_by.is_some()));
    let categorized = s.threats.iter().filter(|t| t.category.is_some()).count();
    assert_eq!(
        categorized, 3,
        "all but the one that came from the parking lot"
    );
    let outcomes: Vec<_> = s.parking.iter().map(|p| p.outcome.clone()).collect();
    assert_eq!(outcomes[0], None);
    assert_eq!(outcomes[1], Some(ParkedOutcome::Threat(4)));
    assert!(matches!(outcomes[2], Some(ParkedOutcome::Dropped { .. })));
    assert_eq!(s.excursions.len(), 1);
    assert_eq!(s.excursions[0].threat, Some(2));
    assert!(s.running_excursion().is_none());
    assert!(s.bank_secs > 0 && s.draft.is_some());
    // Deleting the busiest element and undoing it leaves a record that
    // saves and loads as it was.
    let before = s.clone();
    let inverse = s
        .apply(Change::DeleteElement(2), s.created)
        .expect("deleted");
    assert_eq!(s.flows().count(), 0);
    s.undo(inverse, s.created);
    s.timeline.truncate(before.timeline.len());
    assert_eq!(s, before);
}

/// The version-4 parts of the payments example: ratings with one override,
/// key threats, decisions with an accepted risk, mitigations (essentials and
/// an idea, likelihood and harm reducers), residual ratings, reviews and the
/// retro.
#[test]
fn the_payments_example_rates_decides_mitigates_reviews_and_reflects() {
    use tamer::session::{Action, Change, Decision, DecisionKind, Reduces, RetroList, SchemeRef};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-payments.ron");
    let mut s = Store::load(&path).expect("loads");
    assert_eq!(s.scheme, SchemeRef::default());
    assert_eq!(s.phase(), 4);
    let actions: Vec<Option<Action>> = s.threats.iter().map(|t| t.action()).collect();
    use Action::{Must, Should};
    assert_eq!(
        actions,
        [Some(Must), Some(Must), Some(Should), Some(Should)]
    );
    assert!(s.threats.iter().all(|t| {
        t.rating
            .as_ref()
            .is_some_and(|r| r.scheme == SchemeRef::default())
    }));
    let overrides: Vec<u32> = s
        .threats
        .iter()
        .filter(|t| t.rating.as_ref().is_some_and(|r| r.is_override()))
        .map(|t| t.id)
        .collect();
    assert_eq!(overrides, [3]);
    assert_eq!(s.key_threats(), [2, 1]);
    let decisions: Vec<_> = s
        .threats
        .iter()
        .map(|t| t.decision.as_ref().map(Decision::kind))
        .collect();
    use DecisionKind::{Accept, Mitigate};
    assert_eq!(
        decisions,
        [Some(Mitigate), Some(Mitigate), Some(Accept), Some(Mitigate)]
    );
    assert_eq!(s.mitigations.len(), 4);
    let essentials = s.mitigations.iter().filter(|m| m.essential).count();
    let harm = s
        .mitigations
        .iter()
        .filter(|m| m.reduces == Reduces::Harm)
        .count();
    assert_eq!((essentials, harm), (3, 2));
    assert_eq!(s.mitigations_of(1).len(), 2, "a mitigation and an idea");
    assert_eq!(s.mitigations[2].threats, [2, 1], "one idea for two threats");
    let risk = s.remaining_risk();
    assert!(risk.open.is_empty(), "{risk:?}");
    assert_eq!(risk.residual_high, [2]);
    assert_eq!(
        (risk.accepted[0].threat, risk.accepted[0].by.as_str()),
        (3, "Grace")
    );
    let reviewed: Vec<Option<bool>> = s
        .threats
        .iter()
        .map(|t| t.review.as_ref().map(|r| r.ok))
        .collect();
    assert_eq!(reviewed, [Some(true), Some(true), Some(true), Some(false)]);
    for list in RetroList::ALL {
        assert_eq!(s.retro.list(list).len(), 1, "{list:?}");
    }
    let summary = s.summary(s.created);
    assert_eq!(summary.essentials.len(), 3);
    assert_eq!(
        (summary.mitigations.planned, summary.mitigations.in_progress),
        (3, 1)
    );
    // Deleting a threat with mitigations and undoing it leaves a record
    // that saves and loads as it was.
    let before = s.clone();
    let inverse = s
        .apply(Change::DeleteThreat(1), s.created)
        .expect("deleted");
    assert_eq!(s.mitigations[2].threats, [2]);
    assert_eq!(s.key_threats(), [2]);
    s.undo(inverse, s.created);
    s.timeline.truncate(before.timeline.len());
    assert_eq!(s, before);
}
