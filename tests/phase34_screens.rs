//! Snapshots of the screens of phases 3 and 4 at 80×24 and 120×40 (reviewed
//! by hand; see `tests/snapshots/`): the rating walk before and after the
//! levels are typed, the residual walk, the review walk, the mitigations,
//! what remains, the summary; and checks that these screens say their
//! states in words, clean what people typed, and fit every size.

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use support::{morning, render};
use tamer::app::{App, List, View, Walk, WalkKind};
use tamer::deck::ElementKind;
use tamer::session::rating::builtin_schemes;
use tamer::session::{
    Action, Change, Decision, Effort, ElementDraft, FlowEnds, MitigationDraft, MitigationStatus,
    PhaseScript, RatingDraft, RatingOrder, Reduces, RetroList, Scheme, Session, ThreatDraft,
};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn apply(s: &mut Session, change: Change, at: DateTime<Utc>) {
    s.apply(change.clone(), at)
        .unwrap_or_else(|why| panic!("{change:?}: {why}"));
}

fn at(min: i64, sec: i64) -> DateTime<Utc> {
    morning() + Duration::minutes(min) + Duration::seconds(sec)
}

fn paved_road() -> Scheme {
    builtin_schemes()
        .into_iter()
        .find(|s| s.id == "paved-road")
        .expect("the paved road is built in")
}

/// How far the session has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// Rating, 5 of 8 threats rated at a pace of 1:40, the step nearly over.
    Rate,
    /// All rated, mitigations planned, two residual ratings.
    Residual,
    /// Three threats reviewed.
    Review,
    /// The retro said, the session finished.
    Finished,
}

/// A small session ("Checkout API"): 4 elements, 3 flows, 8 threats, two
/// of them key threats; ratings with one override, an accepted risk, a
/// transfer and a "not a threat"; 5 mitigations (one idea, one harm
/// reducer, one won't do, one without criteria); then residual ratings,
/// reviews and the retro, up to `stage`.
fn workshop(stage: Stage) -> App {
    let script = PhaseScript::builtin();
    let mut s = Session::new(
        "Checkout API",
        90,
        vec!["Ada".into(), "Grace".into(), "Linus".into()],
        &script,
        morning(),
    );
    let step_ends = [4, 8, 10, 15, 25, 28];
    for min in step_ends {
        s.next(at(min, 0));
    }
    let element = |s: &mut Session, kind: ElementKind, name: &str| {
        apply(
            s,
            Change::AddElement(ElementDraft::new(kind, name)),
            at(12, 0),
        );
        s.model.last().map(|e| e.id).expect("an element")
    };
    let browser = element(&mut s, ElementKind::ExternalEntity, "Shopper browser");
    let provider = element(&mut s, ElementKind::ExternalEntity, "Payment provider");
    let api = element(&mut s, ElementKind::Process, "Checkout API");
    let orders = element(&mut s, ElementKind::DataStore, "Orders DB");
    let mut flow = |name: &str, from: u32, to: u32, carries: &str| {
        let mut d = ElementDraft::flow(name, from, to);
        d.flow = Some(FlowEnds {
            from,
            to,
            carries: carries.into(),
            protocol: "HTTPS".into(),
            authenticated: true,
            encrypted: true,
        });
        apply(&mut s, Change::AddElement(d), at(14, 0));
        s.model.last().map(|e| e.id).expect("a flow")
    };
    let checkout = flow("Checkout request", browser, api, "card token and order");
    let webhook = flow("Payment webhook", provider, api, "payment result");
    flow("Order write", api, orders, "orders");
    let threats: [(&str, &str, u32, &str); 8] = [
        (
            "Forged payment webhook marks an unpaid order as paid",
            "spoofing",
            webhook,
            "Ada",
        ),
        (
            "Card testing through the public checkout",
            "denial-of-service",
            checkout,
            "Linus",
        ),
        (
            "Order total changed in the browser before checkout",
            "tampering",
            browser,
            "Grace",
        ),
        (
            "Checkout API sends the same refund twice",
            "repudiation",
            api,
            "Linus",
        ),
        (
            "Card token written to the order notes",
            "information-disclosure",
            orders,
            "Ada",
        ),
        (
            "Orders DB reachable without a password from inside",
            "elevation-of-privilege",
            orders,
            "Grace",
        ),
        (
            "Shopper denies having placed an order",
            "repudiation",
            browser,
            "Linus",
        ),
        (
            "Slow webhook handler blocks the checkout",
            "denial-of-service",
            webhook,
            "Grace",
        ),
    ];
    for (i, (title, category, element, who)) in threats.into_iter().enumerate() {
        let description = match i {
            0 => {
                "Anyone who finds the webhook URL can post a \"paid\" event. The handler \
                 does not check the provider's signature, so the order ships without payment.\n\
                 Seen in a review of a similar shop."
            }
            5 => "The database user of the API has no password; anything inside can write orders.",
            _ => "",
        };
        apply(
            &mut s,
            Change::AddThreat(ThreatDraft {
                title: title.into(),
                description: description.into(),
                category: Some(category.into()),
                element: Some(element),
                raised_by: Some(who.into()),
            }),
            at(30 + i as i64 * 2, 0),
        );
    }
    for min in [52, 55] {
        s.next(at(min, 0));
    }
    // Key threats [2.1.7]: the forged webhook first, card testing second.
    apply(
        &mut s,
        Change::SetKey {
            threat: 1,
            rank: Some(1),
        },
        at(57, 0),
    );
    apply(
        &mut s,
        Change::SetKey {
            threat: 2,
            rank: Some(2),
        },
        at(57, 30),
    );
    s.next(at(59, 0));
    let scheme = paved_road();
    let rate = |s: &mut Session, threat: u32, draft: RatingDraft, when: DateTime<Utc>| {
        apply(s, Change::rate(threat, &scheme, draft), when);
    };
    // Five ratings 1:40 apart; one override.
    rate(&mut s, 1, RatingDraft::new("high", "high"), at(60, 0));
    rate(&mut s, 2, RatingDraft::new("high", "medium"), at(61, 40));
    rate(
        &mut s,
        3,
        RatingDraft::overridden(
            "medium",
            "high",
            Action::Should,
            "the API recomputes every total already",
        ),
        at(63, 20),
    );
    rate(&mut s, 4, RatingDraft::new("medium", "medium"), at(65, 0));
    rate(&mut s, 5, RatingDraft::new("low", "high"), at(66, 40));
    let decide = |s: &mut Session, threat: u32, decision: Decision, when: DateTime<Utc>| {
        apply(
            s,
            Change::Decide {
                threat,
                decision: Some(decision),
            },
            when,
        );
    };
    decide(
        &mut s,
        5,
        Decision::Accept {
            reason: "tokens are useless outside our provider account".into(),
            by: "Grace".into(),
        },
        at(66, 45),
    );
    if stage == Stage::Rate {
        return App::with_session(script, s, at(66, 50));
    }
    rate(&mut s, 6, RatingDraft::new("high", "high"), at(68, 20));
    rate(&mut s, 7, RatingDraft::new("low", "low"), at(70, 0));
    rate(&mut s, 8, RatingDraft::new("medium", "low"), at(71, 40));
    decide(
        &mut s,
        7,
        Decision::NotAThreat {
            reason: "the provider keeps signed receipts".into(),
        },
        at(70, 30),
    );
    decide(
        &mut s,
        8,
        Decision::Transfer {
            to: "the platform team's queue".into(),
        },
        at(71, 50),
    );
    s.next(at(72, 0));
    let mitigation = |s: &mut Session, draft: MitigationDraft, when: DateTime<Utc>| {
        apply(s, Change::AddMitigation(draft), when);
    };
    mitigation(
        &mut s,
        MitigationDraft {
            title: "Verify the provider's signature on every webhook".into(),
            description: "The provider signs each call with our shared secret.".into(),
            essential: true,
            reduces: Reduces::Likelihood,
            criteria: "an unsigned webhook gets 401 and changes no order".into(),
            effort: Effort::Small,
            owner: "Grace".into(),
            due: NaiveDate::from_ymd_opt(2026, 3, 31),
            status: MitigationStatus::Planned,
            threats: vec![1],
        },
        at(73, 0),
    );
    mitigation(
        &mut s,
        MitigationDraft {
            title: "Limit card attempts per account and address".into(),
            essential: true,
            reduces: Reduces::Likelihood,
            criteria: "the sixth failed card in ten minutes gets 429".into(),
            effort: Effort::Medium,
            owner: "Linus".into(),
            status: MitigationStatus::InProgress,
            threats: vec![2],
            ..MitigationDraft::default()
        },
        at(75, 0),
    );
    mitigation(
        &mut s,
        MitigationDraft {
            title: "Refunds keyed by refund id, sent at most once".into(),
            essential: true,
            reduces: Reduces::Likelihood,
            effort: Effort::Medium,
            owner: "Ada".into(),
            threats: vec![4],
            ..MitigationDraft::default()
        },
        at(77, 0),
    );
    mitigation(
        &mut s,
        MitigationDraft {
            title: "Alert when a paid order has no capture at the provider".into(),
            essential: false,
            reduces: Reduces::Harm,
            effort: Effort::Large,
            threats: vec![1, 2],
            ..MitigationDraft::default()
        },
        at(79, 0),
    );
    mitigation(
        &mut s,
        MitigationDraft {
            title: "Give the API's database user a password".into(),
            essential: true,
            reduces: Reduces::Likelihood,
            criteria: "connecting without the password fails".into(),
            effort: Effort::Small,
            owner: "Grace".into(),
            status: MitigationStatus::WontDo {
                reason: "the database moves to the managed service in May".into(),
            },
            threats: vec![6],
            ..MitigationDraft::default()
        },
        at(80, 0),
    );
    for (threat, min) in [(1, 81), (2, 81), (4, 82), (6, 82)] {
        decide(&mut s, threat, Decision::Mitigate, at(min, 0));
    }
    s.next(at(84, 0));
    let residual = |s: &mut Session, threat: u32, draft: RatingDraft, when: DateTime<Utc>| {
        apply(s, Change::rate_residual(threat, &scheme, draft), when);
    };
    residual(&mut s, 1, RatingDraft::new("low", "high"), at(85, 0));
    residual(&mut s, 2, RatingDraft::new("low", "medium"), at(86, 0));
    if stage == Stage::Residual {
        return App::with_session(script, s, at(87, 0));
    }
    s.next(at(88, 0));
    for (threat, ok, note) in [
        (1, true, ""),
        (2, true, ""),
        (3, false, "decide it: the override alone is not a plan"),
    ] {
        apply(
            &mut s,
            Change::Review {
                threat,
                ok,
                note: note.into(),
            },
            at(89, 0),
        );
    }
    if stage == Stage::Review {
        return App::with_session(script, s, at(90, 30));
    }
    s.next(at(92, 0));
    for (list, text, by) in [
        (
            RetroList::WentWell,
            "The walk kept the rating short",
            Some("Ada"),
        ),
        (RetroList::WentWell, "Everyone spoke up", None),
        (
            RetroList::Change,
            "Draw the model before the session",
            Some("Linus"),
        ),
        (
            RetroList::Lessons,
            "Webhooks need the same care as the API",
            Some("Grace"),
        ),
    ] {
        apply(
            &mut s,
            Change::AddRetro {
                list,
                text: text.into(),
                by: by.map(Into::into),
            },
            at(94, 0),
        );
    }
    for min in [95, 97] {
        s.next(at(min, 0));
    }
    assert!(s.finished.is_some(), "the session is finished");
    App::with_session(script, s, at(98, 0))
}

/// `app` in the walk of `kind`, on the threat at `pos`, with the levels
/// typed (indices, lowest first).
fn walking(
    mut app: App,
    kind: WalkKind,
    pos: usize,
    likelihood: Option<usize>,
    impact: Option<usize>,
) -> App {
    app.view = View::Walk;
    app.walk = Walk {
        kind,
        order: RatingOrder::KeyFirst,
        pos,
        likelihood,
        impact,
    };
    app
}

#[test]
fn the_rating_walk_before_and_after_typing() {
    // T6 is the sixth in key order (T1, T2 first): unrated, with a won't-do
    // mitigation planned later; here none yet.
    let app = walking(workshop(Stage::Rate), WalkKind::Rate, 5, None, None);
    assert_eq!(app.walk_threat(), Some(6));
    snap("walk_rate", &app);
    let app = walking(workshop(Stage::Rate), WalkKind::Rate, 5, Some(2), Some(2));
    snap("walk_rate_typed", &app);
    // The key threat with its long description, rated already.
    let app = walking(workshop(Stage::Rate), WalkKind::Rate, 0, Some(1), None);
    snap("walk_rate_key_threat", &app);
}

#[test]
fn the_residual_walk() {
    // The MUST/SHOULD threats in key order: T1, T2, T3, T4, T5, T6; T1 has
    // an essential mitigation and a residual rating.
    let app = walking(
        workshop(Stage::Residual),
        WalkKind::Residual,
        0,
        Some(0),
        Some(1),
    );
    assert_eq!(app.walk_threat(), Some(1));
    snap("walk_residual", &app);
}

#[test]
fn the_review_walk() {
    // T4: decided "mitigate", its essential mitigation has no criteria.
    let app = walking(workshop(Stage::Review), WalkKind::Review, 3, None, None);
    assert_eq!(app.walk_threat(), Some(4));
    snap("walk_review", &app);
}

#[test]
fn the_mitigations_view() {
    let mut app = workshop(Stage::Finished);
    app.view = View::Mitigations;
    app.cursors[3].selected = 0;
    assert_eq!(app.rows(List::Mitigations).len(), 5);
    snap("view_mitigations", &app);
}

#[test]
fn the_threats_view_shows_ratings_decisions_and_mitigations() {
    let mut app = workshop(Stage::Finished);
    app.view = View::Threats;
    app.cursors[0].selected = 0;
    snap("view_threats_rated", &app);
}

#[test]
fn the_remaining_risk_view() {
    let mut app = workshop(Stage::Finished);
    app.view = View::Risk;
    snap("view_risk", &app);
}

#[test]
fn the_summary() {
    let mut app = workshop(Stage::Finished);
    app.view = View::Summary;
    snap("view_summary", &app);
}

#[test]
fn the_finished_session_points_at_the_summary() {
    let app = workshop(Stage::Finished);
    let text = render(&app, 80, 24);
    assert!(text.contains("S summary"), "{text}");
    assert!(text.contains("S shows the summary"), "{text}");
}
