//! Snapshots of every screen at 80×24 and 120×40 (reviewed by hand; see
//! `tests/snapshots/`), plus checks that colour is never the only signal and
//! that no terminal size panics.

mod support;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use support::{morning, render, session_app};
use tamer::action::Action;
use tamer::app::App;
use tamer::session::{PhaseScript, Session};
use tamer::store::Listed;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(
        Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        app.now,
    );
}

/// Ctrl-S: saves the form on top from any field.
fn save_form(app: &mut App) {
    app.update(
        Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        app.now,
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn launcher_empty() {
    snap(
        "launcher_empty",
        &App::new(PhaseScript::builtin(), Vec::new(), morning()),
    );
}

#[test]
fn launcher_with_recents() {
    let script = PhaseScript::builtin();
    let mut done = Session::new("Mobile login", 60, vec![], &script, morning());
    for _ in 0..done.steps.len() {
        done.next(morning());
    }
    let mut mid = Session::new("Checkout API", 90, vec![], &script, morning());
    for _ in 0..6 {
        mid.next(morning());
    }
    mid.capture_threat("Card testing", morning());
    let listed = |name: &str, s: &Session| Listed {
        path: format!("/records/{name}.ron").into(),
        modified: None,
        summary: Ok(tamer::session::record::Summary::of(s)),
        open_elsewhere: None,
    };
    let broken = Listed {
        path: "/records/broken.ron".into(),
        modified: None,
        summary: Err("broken.ron:3:4: Expected ...".into()),
        open_elsewhere: None,
    };
    let mut app = App::new(
        script,
        vec![listed("checkout", &mid), listed("mobile", &done), broken],
        morning(),
    );
    app.update(Action::Down, morning());
    snap("launcher_recents", &app);
}

#[test]
fn new_session_form_with_an_error() {
    let mut app = App::new(PhaseScript::builtin(), Vec::new(), morning());
    app.update(Action::NewSession, morning());
    type_text(&mut app, "Checkout API");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "0");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    snap("form_error", &app);
}

#[test]
fn session_running() {
    let mut app = session_app(morning());
    app.update(Action::Tick, morning() + Duration::seconds(65));
    snap("session_running", &app);
}

#[test]
fn session_wrap_up_paused_overtime() {
    let mut app = session_app(morning());
    app.update(Action::Tick, morning() + Duration::seconds(150));
    snap("session_wrap_up", &app);
    app.update(Action::TogglePause, app.now);
    snap("session_paused", &app);
    app.update(Action::TogglePause, app.now);
    app.update(Action::Tick, app.now + Duration::seconds(95));
    snap("session_overtime", &app);
}

#[test]
fn session_in_phase_two_with_threats_and_capture() {
    let mut app = session_app(morning());
    for _ in 0..6 {
        app.update(Action::NextStep, morning());
    }
    for title in [
        "Forged webhook from a fake payment provider",
        "Card testing through the public API",
        "Admin console reachable from the internet",
    ] {
        app.update(Action::CaptureThreat, morning());
        type_text(&mut app, title);
        press(&mut app, KeyCode::Enter);
    }
    app.update(Action::CaptureThreat, morning());
    type_text(&mut app, "Replay of a refund");
    snap("session_capture", &app);
}

#[test]
fn session_finished() {
    let mut app = session_app(morning());
    let n = app.session.as_ref().map_or(0, |s| s.steps.len());
    for i in 0..n {
        app.update(
            Action::NextStep,
            morning() + Duration::minutes(i as i64 * 4),
        );
    }
    snap("session_finished", &app);
}

#[test]
fn help_overlay() {
    let mut app = session_app(morning());
    app.update(Action::ToggleHelp, morning());
    snap("help_session", &app);
}

#[test]
fn too_small_says_so() {
    insta::assert_snapshot!("too_small_40x10", render(&session_app(morning()), 40, 10));
}

#[test]
fn every_size_renders_without_panic() {
    let mut apps = vec![
        session_app(morning()),
        App::new(PhaseScript::builtin(), Vec::new(), morning()),
    ];
    let mut help = session_app(morning());
    help.update(Action::ToggleHelp, morning());
    apps.push(help);
    let mut capture = session_app(morning());
    capture.update(Action::CaptureThreat, morning());
    type_text(&mut capture, &"long threat ".repeat(30));
    apps.push(capture);
    for app in &apps {
        for w in (0..=130).step_by(7).chain([1, 49, 50, 51]) {
            for h in (0..=45).step_by(4).chain([1, 14, 15, 16]) {
                let _ = render(app, w, h);
            }
        }
    }
}

#[test]
fn states_are_told_in_words_as_well_as_colour() {
    let mut app = session_app(morning());
    app.update(Action::Tick, morning() + Duration::seconds(4 * 60));
    let text = render(&app, 80, 24);
    assert!(text.contains("OVERTIME"));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    let red = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .filter(|c| c.symbol() == "█" && c.fg == Color::Red)
        .count();
    assert!(red > 20, "the overtime digits are red");
}

/// Control characters: ESC sequences (OSC title, erase screen), a bell, a
/// carriage return, a tab and C1 controls (CSI U+009B, NEL U+0085).
const HOSTILE_TITLE: &str = "Evil\x1b]0;pwned\x07\x1b[2J\u{9b}31m\ttitle";
const HOSTILE_THREAT: &str = "bell\x07and\rcarriage\u{85}return";
/// The same, cleaned: each control character became one space.
const CLEAN_TITLE: &str = "Evil ]0;pwned  [2J 31m title";
const CLEAN_THREAT: &str = "bell and carriage return";

/// ratatui's Span path already drops control characters, so "nothing raw on
/// screen" alone would pass with tamer's cleaning switched off. What the
/// cleaning adds, and what this checks: typed text is stored without control
/// characters (the record stays plain text), and text that reaches the
/// screen raw shows each control character as a space, so words stay apart
/// where ratatui alone would glue them together ("Evil]0;pwned[2J31mtitle").
#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    // Typed into the new-session form and the capture line.
    let mut app = App::new(PhaseScript::builtin(), Vec::new(), morning());
    app.update(Action::NewSession, morning());
    type_text(&mut app, HOSTILE_TITLE);
    save_form(&mut app);
    app.update(Action::CaptureThreat, morning());
    type_text(&mut app, HOSTILE_THREAT);
    press(&mut app, KeyCode::Enter);
    let s = app.session.as_ref().expect("a session");
    assert_eq!(s.title, CLEAN_TITLE, "the stored title is cleaned");
    assert_eq!(
        s.threats
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        [CLEAN_THREAT],
        "the stored threat is cleaned"
    );
    let text = render(&app, 120, 40);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    assert!(
        text.contains(CLEAN_TITLE) && text.contains(CLEAN_THREAT),
        "{text}"
    );

    // Raw in the session itself (set directly, past the cleaning on input):
    // the screen cleans it when drawing.
    let mut app = session_app(morning());
    if let Some(s) = app.session.as_mut() {
        s.title = HOSTILE_TITLE.into();
        s.capture_threat("placeholder", morning());
        s.threats[0].title = HOSTILE_THREAT.into();
    }
    let text = render(&app, 120, 40);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    assert!(
        text.contains(CLEAN_TITLE) && text.contains(CLEAN_THREAT),
        "{text}"
    );
}

/// A session in phase 2 with a small model, a threat found on the first card.
fn walk_app() -> App {
    let mut app = session_app(morning());
    for _ in 0..3 {
        app.update(Action::NextStep, morning());
    }
    for (tabs, name) in [
        (4, "Shopper browser"),
        (0, "Checkout API"),
        (2, "Orders DB"),
    ] {
        app.update(Action::AddElement, morning());
        press(&mut app, KeyCode::BackTab);
        for _ in 0..tabs {
            press(&mut app, KeyCode::Right);
        }
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, name);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Esc);
    }
    app
}

#[test]
fn phase_one_model_and_element_form() {
    let mut app = walk_app();
    app.update(Action::AddElement, morning());
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Payments DB");
    snap("model_element_form", &app);
}

#[test]
fn card_view_during_the_walk() {
    let mut app = walk_app();
    for _ in 0..3 {
        app.update(Action::NextStep, morning());
    }
    app.update(Action::ToggleCard, morning());
    app.update(Action::MarkThreat, morning());
    type_text(&mut app, "A fake shopper orders in another name");
    press(&mut app, KeyCode::Enter);
    app.update(Action::MarkNothing, morning());
    app.update(Action::MarkSkip, morning());
    snap("card_walk", &app);
}

#[test]
fn deck_picker() {
    let mut app = session_app(morning());
    app.update(Action::NextStep, morning());
    app.update(Action::OpenDecks, morning());
    app.update(Action::Down, morning());
    snap("deck_picker", &app);
}

fn listed_record(name: &str, title: &str, open_elsewhere: Option<&str>) -> Listed {
    let session = Session::new(title, 60, vec![], &PhaseScript::builtin(), morning());
    Listed {
        path: format!("/records/{name}.ron").into(),
        modified: None,
        summary: Ok(tamer::session::record::Summary::of(&session)),
        open_elsewhere: open_elsewhere.map(str::to_owned),
    }
}

#[test]
fn a_record_open_elsewhere_offers_read_only() {
    let mut app = App::new(
        PhaseScript::builtin(),
        vec![listed_record(
            "checkout",
            "Checkout API",
            Some(" (pid 4242 on laptop, since 2026-01-05 09:00 UTC)"),
        )],
        morning(),
    );
    app.update(
        Action::Locked {
            path: "/records/checkout.ron".into(),
            why: "/records/checkout.ron is open in another tamer (pid 4242 on laptop, since \
                  2026-01-05 09:00 UTC), and only one tamer writes a record at a time"
                .into(),
        },
        morning(),
    );
    snap("launcher_open_elsewhere", &app);
}

#[test]
fn the_archive_and_a_delete_for_good() {
    let mut app = App::new(
        PhaseScript::builtin(),
        vec![listed_record("current", "Current work", None)],
        morning(),
    );
    app.archived = vec![listed_record("old", "Old news", None)];
    app.update(Action::ToggleArchive, morning());
    app.update(Action::Down, morning());
    snap("launcher_archive", &app);
    app.update(Action::Delete, morning());
    snap("launcher_archive_delete", &app);
}

/// A long break in a session with a long title: the header keeps the plan
/// ("ends 10:10 · planned 10:00") and cuts the title with "…"; the big clock
/// says PAUSED in large letters and the time left stays in the line below.
#[test]
fn a_long_break_pushes_the_planned_end() {
    let mut app = session_app(morning());
    if let Some(s) = app.session.as_mut() {
        s.title = "Checkout API, payment provider webhooks and the refunds back office".into();
    }
    app.update(Action::Tick, morning() + Duration::seconds(150));
    app.update(Action::TogglePause, app.now);
    app.update(Action::Tick, app.now + Duration::minutes(10));
    snap("session_long_break", &app);
    for (w, h) in SIZES {
        let text = render(&app, w, h);
        let header = text.lines().next().unwrap_or_default();
        assert!(
            header.contains("ends 10:10 · planned 10:00 UTC") && header.contains('…'),
            "{header}"
        );
        assert!(header.contains("phase 0 · step 1 of 3"), "{header}");
        assert!(text.contains("0:30 left of 3:00"), "{text}");
    }
}

/// PAUSED is drawn as large letters, not only written small, and the word
/// is there in plain text too (under NO_COLOR nothing but the shapes count).
#[test]
fn paused_is_written_large_on_the_clock() {
    let mut app = session_app(morning());
    app.update(Action::Tick, morning() + Duration::seconds(150));
    let running = render(&app, 80, 24);
    app.update(Action::TogglePause, app.now);
    let paused = render(&app, 80, 24);
    let big = tamer::ui::glyph_rows("PAUSED", 1, 1);
    let large = |text: &str| big.iter().all(|row| text.contains(row.as_str()));
    assert!(!large(&running), "{running}");
    assert!(large(&paused), "{paused}");
    assert!(paused.contains("‖ PAUSED · 0:30 left of 3:00"), "{paused}");
    // Too small for the large letters, the word is still written.
    let small = render(&app, 50, 15);
    assert!(small.contains("PAUSED"), "{small}");
}

/// A 10-minute session is planned and estimated to end 10 minutes after it
/// starts: the boxes add up to the budget exactly.
#[test]
fn a_ten_minute_session_ends_ten_minutes_later() {
    let script = PhaseScript::builtin();
    let session = Session::new("Short", 10, vec![], &script, morning());
    let total: i64 = session.steps.iter().map(|s| s.clock.budget_secs).sum();
    assert_eq!(total, 600);
    let app = support::opened(App::with_session(script, session, morning()));
    let text = render(&app, 80, 24);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains("ends 09:10 · planned 09:10 UTC"),
        "{header}"
    );
}

// ---------------------------------------------------------------------------
// The lists a facilitator works with (issue 7): full-screen threats, model
// and parking lot, the session screen with a card and the threats, the help.

use tamer::app::{List, View};
use tamer::deck::ElementKind;
use tamer::session::{
    Approach, BoundaryDraft, Change, ElementDraft, FlowEnds, ParkDraft, ThreatDraft,
};

fn apply(s: &mut Session, change: Change, at: chrono::DateTime<chrono::Utc>) {
    s.apply(change.clone(), at)
        .unwrap_or_else(|why| panic!("{change:?}: {why}"));
}

fn last_element(s: &Session) -> u32 {
    s.model.last().map(|e| e.id).expect("an element")
}

/// The session of "Done means" in issue 7, 45 minutes in (discovery): 2
/// boundaries, 6 elements, 5 flows (3 across a boundary), 10 threats with categories and
/// who raised them, 2 parked items (one dropped), the model agreed, minutes
/// in the bank and an excursion running for 2:14.
fn workshop() -> App {
    let script = PhaseScript::builtin();
    let start = morning();
    let at = |min: i64| start + Duration::minutes(min);
    let mut s = Session::new(
        "Checkout API",
        90,
        vec!["Ada".into(), "Grace".into(), "Linus".into()],
        &script,
        start,
    );
    apply(
        &mut s,
        Change::SetApproach(Approach {
            scope: "Checkout and refunds".into(),
            out_of_scope: "The mobile app".into(),
            security_level: "Card data never leaks".into(),
            facilitator: Some("Ada".into()),
            note_keeper: Some("Grace".into()),
        }),
        at(2),
    );
    for min in [4, 8, 10] {
        s.next(at(min));
    }
    let boundary = |s: &mut Session, name: &str, description: &str| {
        apply(
            s,
            Change::AddBoundary(BoundaryDraft {
                name: name.into(),
                description: description.into(),
            }),
            at(10),
        );
        s.boundaries.last().map(|b| b.id).expect("a boundary")
    };
    let internet = boundary(&mut s, "Internet", "Anyone can reach it.");
    let dmz = boundary(&mut s, "DMZ", "Our servers that the internet reaches.");
    let element = |s: &mut Session,
                   kind: ElementKind,
                   name: &str,
                   boundary: Option<u32>,
                   logs: bool,
                   description: &str| {
        let mut d = ElementDraft::new(kind, name);
        d.boundary = boundary;
        d.holds_logs = logs;
        d.description = description.into();
        apply(s, Change::AddElement(d), at(12));
        last_element(s)
    };
    let browser = element(
        &mut s,
        ElementKind::ExternalEntity,
        "Shopper browser",
        Some(internet),
        false,
        "The shop's web front end, in the shopper's browser.",
    );
    let provider = element(
        &mut s,
        ElementKind::ExternalEntity,
        "Payment provider",
        Some(internet),
        false,
        "",
    );
    let api = element(
        &mut s,
        ElementKind::Process,
        "Checkout API",
        Some(dmz),
        false,
        "Takes orders and card tokens;\ncalls the payment provider.",
    );
    let worker = element(
        &mut s,
        ElementKind::Process,
        "Refund worker",
        Some(dmz),
        false,
        "",
    );
    let orders = element(&mut s, ElementKind::DataStore, "Orders DB", None, false, "");
    let audit = element(
        &mut s,
        ElementKind::DataStore,
        "Audit log",
        Some(dmz),
        true,
        "",
    );
    let flow = |s: &mut Session,
                name: &str,
                from: u32,
                to: u32,
                carries: &str,
                protocol: &str,
                authenticated: bool,
                encrypted: bool| {
        let mut d = ElementDraft::flow(name, from, to);
        d.flow = Some(FlowEnds {
            from,
            to,
            carries: carries.into(),
            protocol: protocol.into(),
            authenticated,
            encrypted,
        });
        apply(s, Change::AddElement(d), at(14));
        last_element(s)
    };
    let checkout = flow(
        &mut s,
        "Checkout request",
        browser,
        api,
        "card token and order",
        "HTTPS",
        true,
        true,
    );
    let webhook = flow(
        &mut s,
        "Payment webhook",
        provider,
        api,
        "payment result",
        "HTTPS",
        false,
        true,
    );
    flow(
        &mut s,
        "Order write",
        api,
        orders,
        "orders",
        "SQL",
        true,
        false,
    );
    flow(
        &mut s,
        "Refund events",
        worker,
        audit,
        "refund events",
        "syslog",
        true,
        false,
    );
    flow(
        &mut s,
        "Audit events",
        api,
        audit,
        "audit events",
        "",
        false,
        false,
    );
    for min in [15, 25] {
        s.next(at(min));
    }
    apply(&mut s, Change::AgreeModel, at(26));
    s.next(at(28));
    let threats: [(&str, &str, u32, &str); 10] = [
        (
            "Forged payment webhook marks an unpaid order as paid",
            "spoofing",
            webhook,
            "Ada",
        ),
        (
            "Card testing through the public checkout",
            "denial-of-service",
            api,
            "Linus",
        ),
        (
            "Order total changed in the browser before checkout",
            "tampering",
            browser,
            "Grace",
        ),
        (
            "Refund worker sends the same refund twice",
            "repudiation",
            worker,
            "Linus",
        ),
        (
            "Card token written to the audit log",
            "information-disclosure",
            audit,
            "Ada",
        ),
        (
            "Orders DB reachable without a password from the DMZ",
            "elevation-of-privilege",
            orders,
            "Grace",
        ),
        (
            "Replay of a captured checkout request",
            "tampering",
            checkout,
            "Ada",
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
        (
            "Payment provider impersonated over plain DNS",
            "spoofing",
            provider,
            "Ada",
        ),
    ];
    for (i, (title, category, element, who)) in threats.into_iter().enumerate() {
        let description = if i == 0 {
            "Anyone who finds the webhook URL can post a \"paid\" event. The handler \
             does not check the provider's signature, so the order ships without payment.\n\
             Seen in a review of a similar shop."
        } else {
            ""
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
            at(30 + i as i64),
        );
    }
    for (text, who) in [
        ("Do we keep card data at all after the payment?", "Grace"),
        ("Legacy admin console on port 8080", "Linus"),
    ] {
        apply(
            &mut s,
            Change::Park(ParkDraft {
                text: text.into(),
                raised_by: Some(who.into()),
            }),
            at(40),
        );
    }
    let dropped = s.parking.last().map(|p| p.id).expect("parked");
    apply(
        &mut s,
        Change::DropParked(dropped, "switched off last year".into()),
        at(41),
    );
    s.bank_secs = 210;
    let now = at(45);
    apply(
        &mut s,
        Change::StartExcursion("Can a webhook be replayed?".into()),
        now - Duration::seconds(134),
    );
    support::opened(App::with_session(script, s, now))
}

/// `app` with `view` full-screen and the selection on the `n`th row.
fn viewing(mut app: App, view: View, n: usize) -> App {
    app.view = view;
    let list = List::of(view);
    let i = match list {
        List::Threats => 0,
        List::Model => 1,
        List::Parking => 2,
        List::Mitigations => 3,
    };
    app.cursors[i].selected = n;
    app
}

#[test]
fn workshop_views() {
    let app = workshop();
    let n = app.rows(List::Threats).len();
    snap("view_threats", &viewing(workshop(), View::Threats, n - 3));
    snap("view_threat_detail", &viewing(workshop(), View::Threats, 0));
    snap("view_model", &viewing(workshop(), View::Model, 3));
    snap("view_parking", &viewing(workshop(), View::Parking, 1));
}

#[test]
fn workshop_session_screens() {
    // Discovery with the newest threat selected: the excursion, the bank,
    // the roles and the parking lot are on the session screen.
    let mut app = viewing(workshop(), View::Session, 9);
    snap("workshop_session", &app);
    // A card on the table: the card and the last threats both show.
    app.card_view = true;
    snap("workshop_card", &app);
    // Phase 1: the model beside (or instead of) the threats.
    let mut app = viewing(workshop(), View::Session, 9);
    let now = app.now;
    if let Some(s) = app.session.as_mut() {
        s.back(now);
    }
    // The session changed behind the app's back: let it rescan.
    app.update(Action::Tick, now);
    snap("workshop_phase_one", &app);
}

/// The form on top, to set its error as a refused save would.
fn form_error(app: &mut App, error: &str) {
    if let Some(tamer::app::Layer::Form(form)) = app.layers.last_mut() {
        form.error = Some(error.into());
    }
}

/// Every form fits at 80×24 with its error showing, even with a status
/// line taking a row: fields of several lines shrink, then the fields not
/// being edited close to one row.
#[test]
fn forms_fit_at_80x24_with_their_error() {
    let error = "Name: a data flow needs a name, and its ends must be two different elements";
    type Open = fn(&mut App);
    let forms: [(&str, Open); 4] = [
        ("flow", |app| {
            app.update(Action::AddFlow, app.now);
        }),
        ("approach", |app| {
            app.update(Action::Approach, app.now);
        }),
        ("threat", |app| {
            app.update(Action::CaptureThreat, app.now);
            type_text(app, "Replay of a checkout request");
            press(app, KeyCode::Tab);
        }),
        ("element", |app| {
            app.update(Action::AddElement, app.now);
        }),
    ];
    for (name, open) in forms {
        for status in [None, Some("Undone: add a threat")] {
            let mut app = viewing(workshop(), View::Session, 9);
            app.status = status.map(str::to_owned);
            open(&mut app);
            assert!(app.form().is_some(), "{name}: a form is open");
            form_error(&mut app, error);
            let text = render(&app, 80, 24);
            let rows: Vec<&str> = text.lines().collect();
            assert!(
                rows.iter()
                    .any(|r| r.contains("Name: a data flow needs a name")),
                "{name}, status {status:?}: the error shows\n{text}"
            );
            // The popup closes above the footer (and the status line).
            let bottom = rows
                .iter()
                .rposition(|r| r.contains('┘') && r.contains('└'))
                .unwrap_or(0);
            let last_body = if status.is_some() { 21 } else { 22 };
            assert!(bottom <= last_body, "{name}: {bottom}\n{text}");
            let fields = app.form().map_or(0, |f| f.fields.len());
            let labels = app
                .form()
                .map(|f| f.fields.iter().filter(|fl| text.contains(fl.label)).count())
                .unwrap_or(0);
            assert_eq!(labels, fields, "{name}: every field shows\n{text}");
        }
    }
    let mut app = viewing(workshop(), View::Session, 9);
    app.status = Some("Undone: add a threat".into());
    app.update(Action::AddFlow, app.now);
    form_error(&mut app, error);
    insta::assert_snapshot!("flow_form_short_80x24", render(&app, 80, 24));
    let mut app = viewing(workshop(), View::Session, 9);
    app.status = Some("Undone: add a threat".into());
    app.update(Action::Approach, app.now);
    form_error(&mut app, "Facilitator: Zed is not a participant");
    insta::assert_snapshot!("approach_form_short_80x24", render(&app, 80, 24));
}

/// The buffer of `app` drawn at `width`×`height`.
fn buffer(app: &App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The selected row is marked with a symbol, not only with reverse video
/// (which NO_COLOR terminals lose), in every list: one mark, on the row of
/// the selected item, and the selection stays in view however far down it
/// is.
#[test]
fn the_selection_is_marked_with_a_symbol_in_every_list() {
    let mark = "▶ ";
    let cases = [
        (View::Threats, 6, "T7 "),
        (View::Session, 1, "T2 "),
        (View::Model, 3, "▣ DMZ"),
        (View::Parking, 0, "#1 "),
    ];
    for (view, n, what) in cases {
        for (w, h) in SIZES {
            let app = viewing(workshop(), view, n);
            let buf = buffer(&app, w, h);
            let text = render(&app, w, h);
            let marked: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_start_matches('│').starts_with(mark))
                .collect();
            assert_eq!(marked.len(), 1, "{view:?} {w}x{h}: one mark\n{text}");
            let (y, row) = marked[0];
            assert!(
                row.trim_start_matches('│')[mark.len()..]
                    .trim_start()
                    .starts_with(what),
                "{view:?} {w}x{h}: the mark is on {what}\n{text}"
            );
            // Reverse video as well, on the text of the row.
            let x = row.chars().position(|c| c == '▶').unwrap_or(0) as u16 + 2;
            let cell = &buf[(x, y as u16)];
            assert!(
                cell.modifier.contains(ratatui::style::Modifier::REVERSED),
                "{view:?} {w}x{h}: reverse video too"
            );
        }
    }
    // Far down a long list, the selection is still on screen.
    let mut app = viewing(workshop(), View::Threats, 0);
    if let Some(s) = app.session.as_mut() {
        for i in 0..200 {
            s.capture_threat(&format!("Threat number {i}"), app.now);
        }
    }
    for n in [0, 57, 150, 209] {
        app.cursors[0].selected = n;
        for view in [View::Threats, View::Session] {
            app.view = view;
            let text = render(&app, 80, 24);
            let id = app
                .session
                .as_ref()
                .map(|s| s.threats[n].id)
                .unwrap_or_default();
            assert!(
                text.contains(&format!("▶ T{id} ")),
                "{view:?} {n}: the selection is in view\n{text}"
            );
            assert!(text.contains(&format!("· {} of 210", n + 1)), "{text}");
        }
    }
}

/// Control characters in a trust boundary's name and a data flow's name
/// (put straight into the record, past the cleaning on input) never reach
/// the screen raw: the model view, its detail, the threat rows that name
/// the flow and the phase-1 panel draw them cleaned, each control character
/// a space. With the cleaning switched off ratatui would drop them and glue
/// the words together, so this fails then too.
#[test]
fn hostile_names_in_the_model_are_cleaned_on_screen() {
    let hostile = |app: &mut App| {
        if let Some(s) = app.session.as_mut() {
            s.boundaries[0].name = HOSTILE_TITLE.into();
            if let Some(flow) = s.model.iter_mut().find(|e| e.name == "Payment webhook") {
                flow.name = HOSTILE_THREAT.into();
            }
        }
    };
    // The model: the boundary is row 0, the flow (F8) row 9.
    let mut screens = Vec::new();
    for n in [0, 9] {
        let mut app = viewing(workshop(), View::Model, n);
        hostile(&mut app);
        screens.push(app);
    }
    let mut threats = viewing(workshop(), View::Threats, 0);
    hostile(&mut threats);
    screens.push(threats);
    let mut phase_one = viewing(workshop(), View::Session, 9);
    hostile(&mut phase_one);
    let now = phase_one.now;
    if let Some(s) = phase_one.session.as_mut() {
        s.back(now);
    }
    screens.push(phase_one);
    for (i, app) in screens.iter().enumerate() {
        let buf = buffer(app, 120, 40);
        assert!(
            buf.content
                .iter()
                .all(|c| !c.symbol().chars().any(char::is_control)),
            "screen {i}: a control character reached the buffer"
        );
        let text = render(app, 120, 40);
        let wanted = match i {
            0 | 3 => CLEAN_TITLE,
            _ => CLEAN_THREAT,
        };
        assert!(text.contains(wanted), "screen {i}: {wanted:?}\n{text}");
    }
}

/// The lists, the card with threats, the help and the forms at every size:
/// no panic, and nothing drawn past the screen's edge.
#[test]
fn every_size_renders_the_lists_and_forms_without_panic() {
    let mut apps = Vec::new();
    for view in [View::Threats, View::Model, View::Parking, View::Session] {
        for n in [0, 4, 99] {
            apps.push(viewing(workshop(), view, n));
        }
    }
    let mut card = viewing(workshop(), View::Session, 9);
    card.card_view = true;
    apps.push(card);
    let mut help = workshop();
    help.update(Action::ToggleHelp, help.now);
    apps.push(help);
    for open in [Action::AddFlow, Action::Approach, Action::AddElement] {
        let mut app = workshop();
        app.update(open, app.now);
        form_error(&mut app, &"a long error ".repeat(20));
        apps.push(app);
    }
    let mut filtered = viewing(workshop(), View::Threats, 0);
    filtered.cursors[0].filter = "nothing matches this".into();
    apps.push(filtered);
    for app in &apps {
        for w in (0..=130).step_by(9).chain([1, 49, 50, 51, 80]) {
            for h in (0..=45).step_by(5).chain([1, 14, 15, 16, 24]) {
                let _ = render(app, w, h);
            }
        }
    }
}

/// The help at 80×24 holds every key of the session screen, in two
/// columns, with nothing left out.
#[test]
fn the_help_fits_at_80x24() {
    let mut app = workshop();
    app.update(Action::ToggleHelp, app.now);
    let text = render(&app, 80, 24);
    assert!(!text.contains("… more"), "{text}");
    for binding in tamer::keys::bindings(tamer::keys::InputMode::Session) {
        let first = binding
            .what
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(&first), "{:?}\n{text}", binding.what);
    }
    // Smaller, it says that there is more.
    let text = render(&app, 70, 18);
    assert!(text.contains("… more: make the window larger"), "{text}");
    let text = render(&app, 60, 18);
    assert!(text.contains("… more (larger window)"), "{text}");
}

/// `t` on a full-screen list opens the capture line there too, in view
/// (on the parking lot `t` makes the selected item a threat instead).
#[test]
fn the_capture_line_shows_over_a_full_screen_list() {
    for view in [View::Threats, View::Model] {
        let mut app = viewing(workshop(), view, 0);
        app.update(Action::CaptureThreat, app.now);
        type_text(&mut app, "Replay of a refund");
        for (w, h) in SIZES {
            let text = render(&app, w, h);
            assert!(
                text.contains("New threat") && text.contains("Replay of a refund"),
                "{view:?} {w}x{h}\n{text}"
            );
        }
    }
}
