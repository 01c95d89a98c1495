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
        return support::opened(App::with_session(script, s, at(66, 50)));
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
        return support::opened(App::with_session(script, s, at(87, 0)));
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
        return support::opened(App::with_session(script, s, at(90, 30)));
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
    support::opened(App::with_session(script, s, at(98, 0)))
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

/// Every phase 3 and 4 screen: the walks (typed or not, on each kind),
/// the mitigations, what remains and the summary.
fn all_screens() -> Vec<App> {
    let mut apps = Vec::new();
    for (stage, kind) in [
        (Stage::Rate, WalkKind::Rate),
        (Stage::Residual, WalkKind::Residual),
        (Stage::Review, WalkKind::Review),
    ] {
        for (pos, l, i) in [(0, None, None), (5, Some(2), None), (1, Some(0), Some(2))] {
            apps.push(walking(workshop(stage), kind, pos, l, i));
        }
    }
    for view in [View::Mitigations, View::Risk, View::Summary, View::Threats] {
        let mut app = workshop(Stage::Finished);
        app.view = view;
        apps.push(app);
    }
    apps
}

#[test]
fn every_size_renders_phase_three_and_four_without_panic() {
    for app in &all_screens() {
        for w in (0..=130).step_by(9).chain([1, 49, 50, 51, 60, 80]) {
            for h in (0..=45).step_by(5).chain([1, 14, 15, 16, 24]) {
                let _ = render(app, w, h);
            }
        }
    }
}

/// What colour shows is said in words or symbols as well: the typed
/// levels (▶, "✔"), the suggestion ("SUGGESTED: MUST", in reverse video
/// too), essential or idea, the checklist (✔/✗/·), the review marks, what
/// remains (✗ open, accepted by whom), over time (▲ … over).
#[test]
fn states_are_said_in_words_and_symbols() {
    let typed = walking(workshop(Stage::Rate), WalkKind::Rate, 5, Some(2), Some(2));
    let text = render(&typed, 80, 24);
    for words in [
        "Likelihood ✔",
        "Impact ✔",
        "▶ 3 High",
        "SUGGESTED: MUST",
        "5 rated · 3 left · 1:40 per threat · about 5 min left",
    ] {
        assert!(text.contains(words), "{words:?}\n{text}");
    }
    let buf = {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        terminal
            .draw(|f| f.render_widget(&typed, f.area()))
            .expect("draw");
        terminal.backend().buffer().clone()
    };
    let y = text
        .lines()
        .position(|l| l.contains("SUGGESTED: MUST"))
        .expect("the suggestion") as u16;
    let x = text
        .lines()
        .nth(usize::from(y))
        .and_then(|l| l.chars().position(|c| c == 'S'))
        .expect("its first letter") as u16;
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "the suggestion stands out without colour too"
    );
    // Only the likelihood typed: the impact is asked for in words.
    let half = walking(workshop(Stage::Rate), WalkKind::Rate, 5, Some(2), None);
    let text = render(&half, 80, 24);
    assert!(text.contains("Impact — type 1-3"), "{text}");
    assert!(text.contains("Now the impact"), "{text}");
    assert!(!text.contains("SUGGESTED"), "{text}");

    let residual = walking(workshop(Stage::Residual), WalkKind::Residual, 0, None, None);
    let text = render(&residual, 80, 24);
    for words in [
        "as if its essential mitigations were done [3.2.4]",
        "Before: MUST · likelihood High × impact High",
        "Residual now: SHOULD",
    ] {
        assert!(text.contains(words), "{words:?}\n{text}");
    }

    let review = walking(workshop(Stage::Review), WalkKind::Review, 3, None, None);
    let text = render(&review, 80, 24);
    for words in [
        "✔ Decided: mitigate",
        "✗ Essential mitigation M3 has no acceptance criteria",
        "· Not accepted",
        "○ Not reviewed yet",
        "✔ T2",
        "✗ T3",
    ] {
        assert!(text.contains(words), "{words:?}\n{text}");
    }
    // Accepted with its reason; the key threat with its complete essential.
    let text = render(
        &walking(workshop(Stage::Review), WalkKind::Review, 4, None, None),
        120,
        40,
    );
    assert!(
        text.contains(
            "✔ Accepted with a reason: tokens are useless outside our provider account, by Grace"
        ),
        "{text}"
    );
    let text = render(
        &walking(workshop(Stage::Review), WalkKind::Review, 0, None, None),
        120,
        40,
    );
    assert!(
        text.contains("✔ Essential mitigation with criteria and owner: M1"),
        "{text}"
    );
    assert!(text.contains("✔ Reviewed: fine"), "{text}");

    let mut app = workshop(Stage::Finished);
    app.view = View::Mitigations;
    let text = render(&app, 80, 24);
    for words in ["ESSENTIAL", "IDEA", "no owner", "✕ won't do", "→ T1, T2"] {
        assert!(text.contains(words), "{words:?}\n{text}");
    }
    app.view = View::Risk;
    let text = render(&app, 80, 24);
    for words in [
        "✗ 2 open",
        "T6  MUST",
        "M5 won't do",
        "MUST → SHOULD",
        "accepted by Grace: tokens are useless",
    ] {
        assert!(text.contains(words), "{words:?}\n{text}");
    }
    app.view = View::Summary;
    let text = render(&app, 80, 24);
    for words in ["▲ +7:00 over", "✔ in time", "M1 Grace · planned"] {
        assert!(text.contains(words), "{words:?}\n{text}");
    }
    app.view = View::Threats;
    let text = render(&app, 120, 40);
    for words in ["★1", "MUST", "NO NEED", "· accept", "Decision: mitigate"] {
        assert!(text.contains(words), "{words:?}\n{text}");
    }
}

/// The empty cases say what to do: no threats to walk, no MUST or SHOULD
/// for the residual walk, a summary and a remaining risk of a fresh
/// session, a scheme this tamer lacks.
#[test]
fn empty_walks_and_views_say_why() {
    let fresh = || support::session_app(morning());
    let text = render(&walking(fresh(), WalkKind::Rate, 0, None, None), 80, 24);
    assert!(text.contains("No threats yet"), "{text}");
    let mut app = walking(fresh(), WalkKind::Residual, 0, None, None);
    if let Some(s) = app.session.as_mut() {
        s.capture_threat("Only a small thing", morning());
    }
    let text = render(&app, 80, 24);
    assert!(text.contains("No MUST or SHOULD threat"), "{text}");
    for view in [View::Risk, View::Summary, View::Mitigations] {
        let mut app = fresh();
        app.view = view;
        let text = render(&app, 80, 24);
        let wanted = match view {
            View::Risk => "No threats yet",
            View::Summary => "Not finished yet",
            _ => "No mitigations yet",
        };
        assert!(text.contains(wanted), "{view:?}\n{text}");
    }
    let mut app = walking(workshop(Stage::Rate), WalkKind::Rate, 0, None, None);
    if let Some(s) = app.session.as_mut() {
        s.scheme.id = "our-own".into();
    }
    let text = render(&app, 80, 24);
    assert!(
        text.contains("does not have the session's rating scheme (our-own v1)"),
        "{text}"
    );
}

/// The four-level scheme: its levels numbered 1-4, its squares shown with
/// the typed one in brackets when there is room.
#[test]
fn the_fine_scheme_walks_with_four_levels() {
    let mut app = workshop(Stage::Rate);
    let fine = builtin_schemes()
        .into_iter()
        .find(|s| s.id == "fine")
        .expect("the fine scheme is built in");
    if let Some(s) = app.session.as_mut() {
        apply(s, Change::SetScheme(fine.reference()), at(66, 50));
    }
    let app = walking(app, WalkKind::Rate, 5, Some(3), Some(3));
    let text = render(&app, 80, 24);
    assert!(text.contains("Likelihood ✔"), "{text}");
    assert!(text.contains("4 Almost certain"), "{text}");
    assert!(text.contains("SUGGESTED: MUST"), "{text}");
    let text = render(&app, 120, 40);
    assert!(text.contains("[MUST]"), "{text}");
    // Ratings made with the paved road say so.
    let app = walking(app, WalkKind::Rate, 0, None, None);
    let text = render(&app, 120, 40);
    assert!(text.contains("(rated with paved-road v1)"), "{text}");
}

/// Control characters put straight into the record (past the cleaning on
/// input) never reach the screen raw: each is drawn as a space, so this
/// fails with the cleaning switched off too (ratatui alone would drop them
/// and glue the words together).
#[test]
fn hostile_text_in_phase_three_and_four_is_cleaned_on_screen() {
    const RAW: &str = "bell\x07and\rcarriage\u{85}return";
    const CLEAN: &str = "bell and carriage return";
    let hostile = |app: &mut App| {
        if let Some(s) = app.session.as_mut() {
            s.mitigations[0].title = RAW.into();
            s.mitigations[0].owner = RAW.into();
            s.mitigations[0].criteria = RAW.into();
            s.mitigations[0].description = RAW.into();
            if let Some(Decision::Accept { reason, by }) = s.threats[4].decision.as_mut() {
                *reason = RAW.into();
                *by = RAW.into();
            }
            if let Some(r) = s.threats[2].rating.as_mut() {
                r.override_reason = RAW.into();
            }
            s.threats[0].title = RAW.into();
            s.threats[0].description = RAW.into();
            s.retro.went_well[0].text = RAW.into();
            s.retro.went_well[0].by = Some(RAW.into());
            s.participants[0] = RAW.into();
        }
    };
    let mut screens = Vec::new();
    for (pos, kind) in [
        (0, WalkKind::Rate),
        (4, WalkKind::Review),
        (0, WalkKind::Residual),
    ] {
        let mut app = walking(workshop(Stage::Finished), kind, pos, None, None);
        hostile(&mut app);
        screens.push(app);
    }
    let mut app = walking(workshop(Stage::Finished), WalkKind::Rate, 2, None, None);
    hostile(&mut app);
    screens.push(app);
    for view in [View::Mitigations, View::Risk, View::Summary, View::Threats] {
        let mut app = workshop(Stage::Finished);
        app.view = view;
        hostile(&mut app);
        screens.push(app);
    }
    for (i, app) in screens.iter().enumerate() {
        let text = render(app, 120, 40);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "screen {i}: a control character reached the screen\n{text}"
        );
        assert!(text.contains(CLEAN), "screen {i}\n{text}");
        // Anywhere it was drawn uncleaned, the words would be glued.
        for glued in ["belland", "andcarriage", "carriagereturn"] {
            assert!(!text.contains(glued), "screen {i}: {glued}\n{text}");
        }
    }
}

/// A session of 1,000 threats and 300 mitigations: every screen draws,
/// the selection and the threat on the table stay in view.
#[test]
fn large_sessions_draw_what_is_in_view() {
    let mut app = workshop(Stage::Finished);
    if let Some(s) = app.session.as_mut() {
        let scheme = paved_road();
        for i in 0..1000 {
            s.capture_threat(&format!("Threat number {i}"), at(98, 0));
            let id = s.threats.last().map(|t| t.id).expect("a threat");
            apply(
                s,
                Change::rate(id, &scheme, RatingDraft::new("high", "medium")),
                at(98, 0),
            );
        }
        for i in 0..300 {
            apply(
                s,
                Change::AddMitigation(MitigationDraft {
                    title: format!("Mitigation number {i}"),
                    essential: i % 2 == 0,
                    threats: vec![1 + i as u32 % 8],
                    ..MitigationDraft::default()
                }),
                at(98, 0),
            );
        }
    }
    app.view = View::Mitigations;
    app.cursors[3].selected = 250;
    let text = render(&app, 80, 24);
    assert!(text.contains("▶ M251 "), "{text}");
    for view in [View::Risk, View::Summary] {
        app.view = view;
        let text = render(&app, 80, 24);
        assert!(text.contains("more:"), "{view:?}\n{text}");
    }
    let app = walking(app, WalkKind::Rate, 700, None, None);
    let id = app.walk_threat().expect("a threat");
    let text = render(&app, 120, 40);
    assert!(text.contains(&format!("T{id} ")), "{text}");
    assert!(text.contains("701 of 1008"), "{text}");
}

/// The session screen in the rating step says how to start the walk and
/// how far rating has come [3.1.10]; the threats show their actions.
#[test]
fn the_session_screen_in_the_rating_step() {
    let app = workshop(Stage::Rate);
    snap("session_rate_step", &app);
    let text = render(&app, 80, 24);
    assert!(text.contains("a walks the threats"), "{text}");
}
