//! A scripted practice run of the built-in photo-sharing scenario, by keys:
//! hints on the cards, threats captured from the cards (some like the
//! reference's, one the reference lacks), mitigations, the walk to the end
//! and the finish; then the debrief, exactly, the events it left in the
//! record, its screen at 80×24, and the listings that keep practice runs
//! apart from the team's records. The same run, with a fixed clock, is
//! the example record `sessions/example-practice.ron` (regenerate it with
//! `TAMER_WRITE_EXAMPLES=1 cargo test --test practice`).

mod common;
mod support;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tamer::action::Effect;
use tamer::app::{App, Layer};
use tamer::clock::{Clock, FixedClock};
use tamer::keys::{self, InputMode};
use tamer::practice::debrief::{How, Mitigated, Place};
use tamer::session::{Change, EventKind, MitigationDraft, PhaseScript, Session};

/// Presses `code` as the terminal would: through the key map of the mode
/// on screen, then `update`.
fn press(app: &mut App, code: KeyCode, now: DateTime<Utc>) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    match keys::action(app.input_mode(), key) {
        Some(action) => app.update(action, now),
        None => Vec::new(),
    }
}

fn type_text(app: &mut App, text: &str, now: DateTime<Utc>) {
    for c in text.chars() {
        press(app, KeyCode::Char(c), now);
    }
}

fn session(app: &App) -> &Session {
    app.session.as_ref().expect("a session")
}

fn scenario() -> tamer::practice::Scenario {
    tamer::practice::builtin()
        .into_iter()
        .find(|s| s.id == "photo-sharing")
        .expect("the photo-sharing scenario is built in")
}

/// A practice session on photo-sharing, as `tamer practice photo-sharing`
/// starts it.
fn practice_app(clock: &FixedClock) -> App {
    let script = PhaseScript::builtin();
    let s = tamer::practice::session(&scenario(), &script, clock.now()).expect("a session");
    support::opened(App::with_session(script, s, clock.now()))
}

/// The card on the table: the element's name and the category.
fn card(app: &App) -> Option<(String, String)> {
    let progress = app.progress()?;
    let cell = &progress.cells[progress.current?];
    let name = session(app)
        .element(cell.element?)
        .map(|e| e.name.clone())?;
    Some((name, cell.card.clone()))
}

/// What the learner does on each card: (element, category, hint first?,
/// threat to capture).
const PLAN: &[(&str, &str, bool, Option<&str>)] = &[
    (
        "Member",
        "spoofing",
        true,
        Some("Attacker logs in as a member using passwords leaked from other sites"),
    ),
    ("Member", "repudiation", true, None),
    (
        "Web application",
        "tampering",
        false,
        Some("Script in a caption runs in viewers' browsers"),
    ),
    (
        "Web application",
        "denial-of-service",
        false,
        Some("The admin page has no rate limit"),
    ),
    (
        "Image worker",
        "denial-of-service",
        false,
        Some("Decompression bomb exhausts worker memory"),
    ),
];

/// The scripted run, to the finish. Returns the app and the clock.
fn run() -> (App, FixedClock) {
    let clock = FixedClock::workshop_morning();
    let mut app = practice_app(&clock);
    // To discovery: the model is in place; agree it on the way.
    while session(&app).step().map(|s| s.id.as_str()) != Some("discover") {
        if session(&app).step().map(|s| s.id.as_str()) == Some("agree") {
            press(&mut app, KeyCode::Char('A'), clock.now());
        }
        clock.advance_secs(60);
        press(&mut app, KeyCode::Char('n'), clock.now());
    }
    press(&mut app, KeyCode::Char('c'), clock.now());
    assert_eq!(app.input_mode(), InputMode::Card);
    // Walk every card.
    let mut cards = 0;
    while let Some((element, category)) = card(&app) {
        cards += 1;
        assert!(cards < 200, "the walk ends");
        clock.advance_secs(20);
        let plan = PLAN
            .iter()
            .find(|(e, c, ..)| *e == element && *c == category);
        if let Some((_, _, hint, threat)) = plan {
            if *hint {
                assert_eq!(
                    press(&mut app, KeyCode::Char('h'), clock.now()),
                    [Effect::Save]
                );
            }
            if let Some(title) = threat {
                press(&mut app, KeyCode::Char('f'), clock.now());
                assert_eq!(app.input_mode(), InputMode::Capture);
                type_text(&mut app, title, clock.now());
                press(&mut app, KeyCode::Enter, clock.now());
            }
        }
        press(&mut app, KeyCode::Char('x'), clock.now());
    }
    // Mitigations for two of the threats (as the phase-3 form would add
    // them), one like the reviewer's, one of the learner's own.
    let now = clock.now();
    if let Some(s) = app.session.as_mut() {
        for (title, threat) in [
            ("Rate-limit sign-in attempts", 1),
            (
                "Refuse images whose pixel dimensions are too large before decoding",
                4,
            ),
            ("Review captions by hand", 2),
        ] {
            s.apply(
                Change::AddMitigation(MitigationDraft::new(title, &[threat])),
                now,
            )
            .expect("a mitigation");
        }
    }
    // On to the end.
    while session(&app).finished.is_none() {
        clock.advance_secs(60);
        press(&mut app, KeyCode::Char('n'), clock.now());
        while app.input_mode() == InputMode::Confirm {
            press(&mut app, KeyCode::Char('y'), clock.now());
        }
    }
    (app, clock)
}

fn shown(app: &App) -> &tamer::app::DebriefView {
    match app.layers.last() {
        Some(Layer::Debrief(view)) => view,
        other => panic!("the debrief is on top, not {other:?}"),
    }
}

#[test]
fn a_scripted_run_is_debriefed_exactly() {
    let (app, _) = run();
    let d = &shown(&app).debrief;
    let matched: Vec<_> = d
        .matched
        .iter()
        .map(|m| (m.threat, m.reference.as_str(), m.how, m.place))
        .collect();
    assert_eq!(
        matched,
        [
            (1, "credential-stuffing", How::Words, Place::Same),
            (2, "caption-script", How::Card, Place::Same),
            (4, "decompression-bomb", How::Card, Place::Same),
        ]
    );
    assert_eq!(
        d.matched.iter().map(|m| &m.mitigated).collect::<Vec<_>>(),
        [
            &Mitigated::Fits {
                learner: "Rate-limit sign-in attempts".into(),
                expected: "Limit and watch sign-in attempts per account and per source".into()
            },
            &Mitigated::Other,
            &Mitigated::Fits {
                learner: "Refuse images whose pixel dimensions are too large before decoding"
                    .into(),
                expected: "Check pixel dimensions before decoding and refuse oversized images"
                    .into()
            },
        ]
    );
    let missed: Vec<_> = d
        .missed
        .iter()
        .map(|m| {
            (
                m.element.as_str(),
                m.category.as_str(),
                m.threats.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        missed,
        [
            ("Member", "repudiation", vec!["no-audit-of-deletion"]),
            ("Web application", "spoofing", vec!["weak-reset-link"]),
            (
                "Web application",
                "information-disclosure",
                vec!["album-id-guessing"]
            ),
            (
                "Web application",
                "elevation-of-privilege",
                vec!["viewer-can-edit"]
            ),
            ("Account database", "tampering", vec!["sql-injection"]),
            (
                "Account database",
                "information-disclosure",
                vec!["backup-exposure"]
            ),
            (
                "Photo store",
                "information-disclosure",
                vec!["location-in-originals", "public-bucket"]
            ),
            (
                "Image worker",
                "elevation-of-privilege",
                vec!["image-parser-exploit"]
            ),
            (
                "Email provider",
                "spoofing",
                vec!["phishing-lookalike-mail"]
            ),
            (
                "Sign-in, uploads and album edits",
                "denial-of-service",
                vec!["upload-flood"]
            ),
            (
                "Album pages and photos",
                "information-disclosure",
                vec!["share-link-forever"]
            ),
        ]
    );
    let extra: Vec<_> = d
        .extra
        .iter()
        .map(|e| (e.threat, e.title.as_str(), e.element.as_deref()))
        .collect();
    assert_eq!(
        extra,
        [(
            3,
            "The admin page has no rate limit",
            Some("Web application")
        )]
    );
    assert_eq!(d.hints, ["credential-stuffing", "no-audit-of-deletion"]);
    // 70 × 3/15 + 30 × (1 + ½ + 1)/15 = 14 + 5 = 19, less 2 × 2 for hints.
    assert_eq!((d.expected, d.fitting, d.other_mitigated), (15, 2, 1));
    assert_eq!(d.score, 15);
    assert_eq!(shown(&app).best, None);
}

#[test]
fn hints_and_the_debrief_are_kept_in_the_record() {
    let (app, _) = run();
    let s = session(&app);
    let hints: Vec<_> = s
        .timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::HintShown {
                hint,
                element,
                category,
            } => Some((
                hint.as_str(),
                element
                    .and_then(|id| s.element(id))
                    .map(|e| e.name.as_str()),
                category.as_deref(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        hints,
        [
            ("credential-stuffing", Some("Member"), Some("spoofing")),
            ("no-audit-of-deletion", Some("Member"), Some("repudiation")),
        ]
    );
    let debriefs: Vec<_> = s
        .timeline
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Debriefed { .. }))
        .collect();
    assert_eq!(debriefs.len(), 1);
    assert_eq!(
        debriefs[0].kind,
        EventKind::Debriefed {
            matched: 3,
            missed: 12,
            extra: 1,
            score: 15
        }
    );
    // Right after the finish.
    let finished = s
        .timeline
        .iter()
        .rposition(|e| e.kind == EventKind::Finished)
        .expect("finished");
    assert!(matches!(
        s.timeline[finished + 1].kind,
        EventKind::Debriefed { .. }
    ));
    assert_eq!(tamer::session::record::Summary::of(s).score, Some(15));
}

#[test]
fn the_debrief_is_recorded_once_per_finish_and_shows_the_best_before() {
    let (mut app, clock) = run();
    // Closing and opening it again records nothing.
    press(&mut app, KeyCode::Esc, clock.now());
    assert_eq!(app.input_mode(), InputMode::Finished);
    press(&mut app, KeyCode::Char('D'), clock.now());
    assert_eq!(shown(&app).debrief.score, 15);
    // The one recorded is this one, not an earlier best.
    assert_eq!(shown(&app).best, None);
    press(&mut app, KeyCode::Esc, clock.now());
    // Reopened, one more threat found, finished again: a second debrief,
    // the first one's score the best before.
    press(&mut app, KeyCode::Char('N'), clock.now());
    let db = session(&app)
        .model
        .iter()
        .find(|e| e.name == "Account database")
        .map(|e| e.id);
    let now = clock.now();
    if let Some(s) = app.session.as_mut() {
        let draft = tamer::session::ThreatDraft {
            title: "Text from a search or album form reaches a database query unescaped and changes other members' data.".into(),
            category: Some("tampering".into()),
            element: db,
            ..Default::default()
        };
        s.apply(Change::AddThreat(draft), now).expect("a threat");
    }
    press(&mut app, KeyCode::Char('n'), clock.now());
    let view = shown(&app);
    assert_eq!((view.debrief.matched.len(), view.best), (4, Some(15)));
    let scores: Vec<u32> = session(&app)
        .timeline
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Debriefed { score, .. } => Some(score),
            _ => None,
        })
        .collect();
    assert_eq!(scores, [15, view.debrief.score]);
    assert!(view.debrief.score > 15);
}

#[test]
fn a_team_session_has_no_hints() {
    let clock = FixedClock::workshop_morning();
    let mut app = support::session_app(clock.now());
    assert_eq!(press(&mut app, KeyCode::Char('h'), clock.now()), []);
    assert_eq!(
        app.status.as_deref(),
        Some("Hints and the debrief are for practice sessions (tamer practice)")
    );
    assert!(
        !session(&app)
            .timeline
            .iter()
            .any(|e| matches!(e.kind, EventKind::HintShown { .. }))
    );
}

#[test]
fn the_hint_shows_in_the_status_bar() {
    let clock = FixedClock::workshop_morning();
    let mut app = practice_app(&clock);
    while session(&app).step().map(|s| s.id.as_str()) != Some("discover") {
        press(&mut app, KeyCode::Char('n'), clock.now());
        while app.input_mode() == InputMode::Confirm {
            press(&mut app, KeyCode::Char('y'), clock.now());
        }
    }
    press(&mut app, KeyCode::Char('c'), clock.now());
    press(&mut app, KeyCode::Char('h'), clock.now());
    assert_eq!(
        app.status.as_deref(),
        Some(
            "Hint (Member, spoofing, 1 of 2): How sure is the app that the person signing in is the member? (−2 points)"
        )
    );
    let screen = support::render(&app, 80, 24);
    assert!(
        screen.contains("Hint (Member, spoofing, 1 of 2)"),
        "{screen}"
    );
}

/// Without a card on the table there is no element or category to hint
/// at: `h` says so, and nothing is recorded or charged.
#[test]
fn a_hint_needs_the_card_on_the_table() {
    let clock = FixedClock::workshop_morning();
    let mut app = practice_app(&clock);
    let before = session(&app).timeline.len();
    press(&mut app, KeyCode::Char('h'), clock.now());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("A hint is for the card on the table")),
        "{:?}",
        app.status
    );
    assert_eq!(session(&app).timeline.len(), before, "nothing recorded");
}

#[test]
fn the_debrief_screen_at_80x24() {
    let (mut app, clock) = run();
    insta::assert_snapshot!("debrief_top", support::render(&app, 80, 24));
    for _ in 0..100 {
        press(&mut app, KeyCode::PageDown, clock.now());
    }
    insta::assert_snapshot!("debrief_end", support::render(&app, 80, 24));
    // End reaches the last row on the smallest screen too, and ↑ from
    // the top of the debrief stays there.
    press(&mut app, KeyCode::End, clock.now());
    let small = support::render(&app, 50, 15);
    assert!(small.contains("no-audit-of-deletion"), "{small}");
    press(&mut app, KeyCode::Home, clock.now());
    press(&mut app, KeyCode::Up, clock.now());
    assert!(support::render(&app, 80, 24).contains("Score 15 of 100"));
}

#[test]
fn listings_keep_practice_runs_apart() {
    let (_dir, store) = support::temp_store();
    let clock = FixedClock::workshop_morning();
    let team = Session::new(
        "Checkout API",
        60,
        vec!["Ada".into()],
        &PhaseScript::builtin(),
        clock.now(),
    );
    drop(store.create(&team, clock.now()).expect("saved"));
    let (app, _) = run();
    drop(store.create(session(&app), clock.now()).expect("saved"));
    let listed = store.list().expect("listed");
    let text = tamer::cli::session_listing(&listed, 0);
    let dir = store.sessions_dir().display().to_string();
    insta::assert_snapshot!("list_practice_apart", text.replace(&dir, "DATA"));
    // The launcher: the team's record first, practice under its heading.
    let launcher = App::new(PhaseScript::builtin(), listed.clone(), clock.now());
    let screen = support::render(&launcher, 80, 15);
    insta::assert_snapshot!("launcher_practice_apart", screen);
    let team_row = screen.find("Checkout API").expect("team row");
    let heading = screen.find("Practice (1)").expect("heading");
    let practice_row = screen
        .find("Resume  Photo-sharing web app")
        .expect("practice row");
    assert!(team_row < heading && heading < practice_row);
    // The cursor skips the heading: after the team's record comes
    // "Practise alone…", then the practice run.
    let mut launcher = launcher;
    press(&mut launcher, KeyCode::Down, clock.now());
    press(&mut launcher, KeyCode::Down, clock.now());
    press(&mut launcher, KeyCode::Down, clock.now());
    let practice_path = listed
        .iter()
        .find(|l| l.is_practice())
        .map(|l| l.path.clone())
        .expect("listed");
    assert_eq!(
        press(&mut launcher, KeyCode::Enter, clock.now()),
        [Effect::Open(practice_path)]
    );
}

/// With practice runs only, the launcher says there are no team sessions
/// above the practice heading, and that extra line never scrolls the chosen
/// run out of view.
#[test]
fn practice_runs_only_keep_the_chosen_row_in_view() {
    let (_dir, store) = support::temp_store();
    let clock = FixedClock::workshop_morning();
    let (app, _) = run();
    for _ in 0..30 {
        drop(store.create(session(&app), clock.now()).expect("saved"));
        clock.advance_secs(60);
    }
    let listed = store.list().expect("listed");
    let mut launcher = App::new(PhaseScript::builtin(), listed, clock.now());
    let top = support::render(&launcher, 80, 15);
    let note = top.find("No team sessions yet").expect("the note");
    assert!(note < top.find("Practice (30)").expect("heading"), "{top}");
    // Row by row down the list: the chosen entry is always on screen.
    for step in 0..32 {
        let screen = support::render(&launcher, 80, 15);
        assert!(screen.contains("▶ "), "step {step}:\n{screen}");
        press(&mut launcher, KeyCode::Down, clock.now());
    }
}

#[test]
fn a_scenario_this_tamer_lacks_is_named_and_nothing_is_recorded() {
    let clock = FixedClock::workshop_morning();
    let mut app = practice_app(&clock);
    if let Some(p) = app.session.as_mut().and_then(|s| s.practice.as_mut()) {
        p.scenario = "gone\u{1b}[2J".into();
    }
    let why = "This tamer has no scenario \"gone [2J\" to compare with; `tamer practice` lists the ones it has";
    press(&mut app, KeyCode::Char('h'), clock.now());
    assert_eq!(app.status.as_deref(), Some(why));
    while session(&app).finished.is_none() {
        press(&mut app, KeyCode::Char('n'), clock.now());
        while app.input_mode() == InputMode::Confirm {
            press(&mut app, KeyCode::Char('y'), clock.now());
        }
    }
    assert_eq!(app.status.as_deref(), Some(why));
    assert_eq!(app.input_mode(), InputMode::Finished);
    app.status = None;
    clock.advance_secs(1);
    app.update(tamer::action::Action::Tick, clock.now());
    assert_eq!(app.status, None, "said once, not on every tick");
    press(&mut app, KeyCode::Char('D'), clock.now());
    assert_eq!(app.status.as_deref(), Some(why));
    assert!(!session(&app).timeline.iter().any(|e| matches!(
        e.kind,
        EventKind::Debriefed { .. } | EventKind::HintShown { .. }
    )));
}

/// On the reference's card, a learner's short line counts when half of
/// its words (the attacker aside) are in the reference threat, even where
/// the matcher's vetoes would keep two threats of a team apart; a line
/// about something else on the same card does not.
#[test]
fn on_the_card_a_short_line_in_other_words_is_found() {
    let clock = FixedClock::workshop_morning();
    let sc = scenario();
    let mut s =
        tamer::practice::session(&sc, &PhaseScript::builtin(), clock.now()).expect("a session");
    let places = tamer::practice::debrief::Places::of(&s, &sc);
    for (reference, title) in [
        (
            "album-id-guessing",
            "IDOR: change album id to see private albums",
        ),
        (
            "credential-stuffing",
            "Attacker signs in with a reused password",
        ),
        ("location-in-originals", "Photos keep GPS location data"),
        ("viewer-can-edit", "Admin panel exposed to the internet"),
        ("public-bucket", "Photo store runs out of disk space"),
    ] {
        let r = sc.threat(reference).expect("a reference threat");
        let draft = tamer::session::ThreatDraft {
            title: title.into(),
            category: Some(r.category.clone()),
            element: places.id(&r.element),
            ..Default::default()
        };
        s.apply(Change::AddThreat(draft), clock.now())
            .expect("a threat");
    }
    let d = tamer::practice::debrief::Debrief::of(&s, &sc);
    let matched: Vec<_> = d
        .matched
        .iter()
        .map(|m| (m.threat, m.reference.as_str(), m.how))
        .collect();
    assert_eq!(
        matched,
        [
            (2, "credential-stuffing", How::Card),
            (1, "album-id-guessing", How::Card),
            (3, "location-in-originals", How::Card),
        ]
    );
    assert_eq!(d.extra.iter().map(|e| e.threat).collect::<Vec<_>>(), [4, 5]);
}

/// `tamer practice --debrief RECORD` prints the debrief of a finished run,
/// the same rows as the screen, with the best score of the other runs
/// before it; a team record is refused with a reason.
#[test]
fn the_debrief_on_the_command_line() {
    let home = common::Home::new();
    let store = tamer::store::Store::new(
        home.data_home().join("tamer"),
        home.config_home().join("tamer"),
    );
    let clock = FixedClock::workshop_morning();
    let (app, _) = run();
    let held = store.create(session(&app), clock.now()).expect("saved");
    let record = held.path().to_path_buf();
    drop(held);
    // An earlier run of the same scenario, scored 10 (lower than this
    // run's 15, which is not a score "before" it).
    let mut earlier = session(&app).clone();
    earlier.created -= chrono::Duration::days(1);
    earlier.timeline.push(tamer::session::Event {
        at: clock.now(),
        kind: EventKind::Debriefed {
            matched: 8,
            missed: 7,
            extra: 0,
            score: 10,
        },
    });
    drop(store.create(&earlier, clock.now()).expect("saved"));
    let run = home.run(&["practice", "--debrief", &record.display().to_string()]);
    assert!(run.status.success(), "{run:?}");
    let head: Vec<&str> = run.stdout.lines().take(3).collect();
    assert_eq!(
        head,
        [
            "Debrief · Photo-sharing web app",
            "Score 15 of 100 · best before: 10, beaten",
            "Found 3 of 15 · mitigations like the reviewer's 2 · other 1 · hints 2 · extra 1",
        ]
    );
    assert!(
        run.stdout
            .contains("    ✗ Originals keep their GPS location data"),
        "{}",
        run.stdout
    );
    // A team record.
    let team = Session::new(
        "Checkout API",
        60,
        vec![],
        &PhaseScript::builtin(),
        clock.now(),
    );
    let held = store.create(&team, clock.now()).expect("saved");
    let team_record = held.path().display().to_string();
    drop(held);
    let run = home.run(&["practice", "--debrief", &team_record]);
    assert!(!run.status.success());
    assert!(
        run.stderr
            .contains("is not a practice run (`tamer practice` makes those)"),
        "{}",
        run.stderr
    );
}

/// The launcher offers practice to a newcomer: "Practise alone…" under
/// the practice heading (and `p`) opens the scenario picker; Esc comes
/// back to the launcher; Enter starts a run whose debrief knows the best
/// score of the runs the launcher listed.
#[test]
fn practice_starts_from_the_launcher_and_knows_the_best_before() {
    let clock = FixedClock::workshop_morning();
    // A newcomer: the row is there with no record at all.
    let mut fresh = App::new(PhaseScript::builtin(), Vec::new(), clock.now());
    let screen = support::render(&fresh, 80, 24);
    assert!(
        screen.contains("  Practice\n") || screen.contains("  Practice "),
        "{screen}"
    );
    assert!(
        screen.contains("Practise alone: a built-in scenario"),
        "{screen}"
    );
    assert!(screen.contains("p solo"), "the footer: {screen}");
    press(&mut fresh, KeyCode::Down, clock.now());
    press(&mut fresh, KeyCode::Enter, clock.now());
    assert_eq!(fresh.input_mode(), InputMode::Scenarios);
    let picker = support::render(&fresh, 100, 30);
    assert!(picker.contains("Esc back to the launcher"), "{picker}");
    // Esc goes back to the launcher; it does not quit.
    assert_eq!(press(&mut fresh, KeyCode::Esc, clock.now()), []);
    assert_eq!(fresh.input_mode(), InputMode::Launcher);
    assert!(fresh.session.is_none());

    // An earlier run of photo-sharing, scored 15, in the listing.
    let (_dir, store) = support::temp_store();
    let (earlier, _) = run();
    drop(store.create(session(&earlier), clock.now()).expect("saved"));
    let listed = store.list().expect("listed");
    let mut app = App::new(PhaseScript::builtin(), listed, clock.now());
    clock.advance_secs(3600);
    press(&mut app, KeyCode::Char('p'), clock.now());
    assert_eq!(app.input_mode(), InputMode::Scenarios);
    assert_eq!(
        press(&mut app, KeyCode::Enter, clock.now()),
        [Effect::Save],
        "the new run is saved at once"
    );
    assert_eq!(app.input_mode(), InputMode::Brief);
    press(&mut app, KeyCode::Enter, clock.now());
    while session(&app).finished.is_none() {
        clock.advance_secs(60);
        press(&mut app, KeyCode::Char('n'), clock.now());
        while app.input_mode() == InputMode::Confirm {
            press(&mut app, KeyCode::Char('y'), clock.now());
        }
    }
    let view = shown(&app);
    assert_eq!((view.debrief.score, view.best), (0, Some(15)));

    // `tamer practice` (the picker alone) still quits on Esc, even with
    // records listed.
    let mut picker = App::practice_picker(PhaseScript::builtin(), clock.now());
    picker.recents = store.list().expect("listed");
    assert_eq!(
        press(&mut picker, KeyCode::Esc, clock.now()),
        [Effect::Quit]
    );
}

/// `b` shows a practice session's brief again, over the session and over
/// the finished one; Esc closes it. A team session has no brief to show.
#[test]
fn b_shows_the_brief_again() {
    let clock = FixedClock::workshop_morning();
    let mut app = practice_app(&clock);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('n'), clock.now());
    }
    assert_eq!(app.input_mode(), InputMode::Session);
    press(&mut app, KeyCode::Char('b'), clock.now());
    assert_eq!(app.input_mode(), InputMode::Brief);
    let screen = support::render(&app, 100, 30);
    assert!(screen.contains("Pixtrail is a small web app"), "{screen}");
    assert!(screen.contains("b shows this again"), "{screen}");
    press(&mut app, KeyCode::Esc, clock.now());
    assert_eq!(app.input_mode(), InputMode::Session);
    // Nothing was recorded by looking.
    let (done, clock) = run();
    let mut done = done;
    press(&mut done, KeyCode::Esc, clock.now());
    assert_eq!(done.input_mode(), InputMode::Finished);
    press(&mut done, KeyCode::Char('b'), clock.now());
    assert_eq!(done.input_mode(), InputMode::Brief);

    let mut team = support::session_app(clock.now());
    assert_eq!(press(&mut team, KeyCode::Char('b'), clock.now()), []);
    assert!(team.layers.is_empty());
    assert_eq!(
        team.status.as_deref(),
        Some("The brief is for practice sessions (tamer practice); o shows this session's scope")
    );
}

/// `sessions/example-practice.ron` is the scripted run (photo-sharing:
/// four threats, three like the reviewer's and one extra, mitigations,
/// two hints, the debrief recorded at the finish), byte for byte.
#[test]
fn the_example_practice_record_is_the_scripted_run() {
    let (app, _) = run();
    let text = tamer::session::record::to_ron(session(&app)).expect("serializes");
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-practice.ron");
    if std::env::var_os("TAMER_WRITE_EXAMPLES").is_some() {
        std::fs::write(&path, &text).expect("written");
    }
    let kept = std::fs::read_to_string(&path).expect(
        "sessions/example-practice.ron; write it with \
         TAMER_WRITE_EXAMPLES=1 cargo test --test practice",
    );
    assert!(
        kept == text,
        "sessions/example-practice.ron is not the scripted run; \
         regenerate it with TAMER_WRITE_EXAMPLES=1 cargo test --test practice"
    );
    // What the README says of it.
    let loaded = tamer::store::Store::load(&path).expect("loads");
    let summary = tamer::session::record::Summary::of(&loaded);
    assert_eq!(
        (summary.practice.as_deref(), summary.score, summary.finished),
        (Some("photo-sharing"), Some(15), true)
    );
    assert_eq!(loaded.threats.len(), 4);
    assert_eq!(tamer::practice::debrief::hints_shown(&loaded).len(), 2);
}
