//! Criterion benchmarks for the DESIGN "Targets" table: one frame with 1,000
//! threats at 120×40 and 200×60, `App::update` for a tick and an extension,
//! and saving a 1,000-threat record (serialization alone and the atomic
//! write to disk), loading (parse, migrate, check) a 1,000-threat record,
//! the launcher's listing of 1,000 records up to its first frame, a radar
//! scan of 1,000 threats and 10,000 timeline events, and the rewind check
//! of a new threat against 1,000 others.
//!
//! Run with `cargo bench --bench core`; each benchmark measures for ~3 s.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tamer::action::Action;
use tamer::app::App;
use tamer::session::{PhaseScript, Session};
use tamer::store::Store;

const THREATS: usize = 1_000;

/// A fixed workshop morning, so every run renders the same thing.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 4, 9, 0, 0).unwrap()
}

/// A 90-minute session with 1,000 captured threats of varied length, in the
/// middle of phase 2 (the "parking" step), its clock running.
fn session_1000() -> (Session, DateTime<Utc>) {
    let script = PhaseScript::builtin();
    let participants = vec![
        "Ada".into(),
        "Grace".into(),
        "Linus".into(),
        "Barbara".into(),
    ];
    let mut now = start();
    let mut session = Session::new("Checkout service", 90, participants, &script, now);
    // Phase 0 and 1 (six steps), then into phase 2's "discover".
    for _ in 0..6 {
        now += chrono::Duration::seconds(240);
        session.next(now);
    }
    let assets = [
        "card token",
        "session cookie",
        "refund API",
        "audit log",
        "webhook secret",
    ];
    let actors = [
        "an insider",
        "a malicious merchant",
        "a replaying client",
        "a stolen laptop",
    ];
    for i in 0..THREATS {
        now += chrono::Duration::seconds(2);
        let filler = " via a misconfigured proxy".repeat(i % 4);
        let text = format!(
            "T{i}: {} tampers with the {}{filler} (seen in review {})",
            actors[i % actors.len()],
            assets[i % assets.len()],
            i / 7
        );
        session.capture_threat(&text, now);
        if i == THREATS / 2 {
            // Halfway through discovery, the group moves on to parking.
            session.next(now);
        }
    }
    now += chrono::Duration::seconds(30);
    assert_eq!(
        session.phase(),
        2,
        "the synthetic session should be mid-phase-2"
    );
    assert_eq!(session.threats.len(), THREATS);
    (session, now)
}

fn app_1000() -> App {
    let (session, now) = session_1000();
    let mut app = App::with_session(PhaseScript::builtin(), session, now);
    app.update(Action::Tick, now);
    app
}

fn render(c: &mut Criterion) {
    let mut app = app_1000();
    let present = {
        let mut app = app_1000();
        app.present = true;
        app
    };
    for (name, w, h, app) in [
        ("render_120x40", 120, 40, &app),
        ("render_200x60", 200, 60, &app),
        ("render_presenter_200x60", 200, 60, &present),
        ("render_presenter_480x135", 480, 135, &present),
    ] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        c.bench_function(name, |b| {
            b.iter(|| {
                let frame = terminal
                    .draw(|f| f.render_widget(black_box(app), f.area()))
                    .expect("draw");
                black_box(frame.area);
            });
        });
    }
    // The theme is a pass over the finished frame: its cost on top.
    app.theme = tamer::config::Theme::HighContrast;
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    c.bench_function("render_high_contrast_200x60", |b| {
        b.iter(|| {
            let frame = terminal
                .draw(|f| f.render_widget(black_box(&app), f.area()))
                .expect("draw");
            black_box(frame.area);
        });
    });
}

fn update(c: &mut Criterion) {
    let mut app = app_1000();
    let now = app.now;
    c.bench_function("update_tick", |b| {
        let mut at = now;
        b.iter(|| {
            at += chrono::Duration::milliseconds(1);
            black_box(app.update(black_box(Action::Tick), at))
        });
    });
    // Each extension appends a timeline event and grows the step's box. App is
    // not Clone, and cloning the session per iteration would make every push
    // reallocate (a clone's capacity equals its length), so extend the same app
    // in timed chunks and, between chunks and untimed, drop the new events and
    // restore the clock: the timeline stays bounded and pushes stay amortized.
    let base_events = app.session.as_ref().expect("session").timeline.len();
    let base_step = app
        .session
        .as_ref()
        .and_then(|s| s.step())
        .cloned()
        .expect("step");
    c.bench_function("update_extend", |b| {
        b.iter_custom(|iters| {
            const CHUNK: u64 = 10_000;
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let n = left.min(CHUNK);
                let started = Instant::now();
                for _ in 0..n {
                    black_box(app.update(black_box(Action::Extend), now));
                }
                total += started.elapsed();
                left -= n;
                let session = app.session.as_mut().expect("session");
                session.timeline.truncate(base_events);
                let current = session.current;
                session.steps[current] = base_step.clone();
            }
            total
        });
    });
}

fn save(c: &mut Criterion) {
    let (session, _) = session_1000();
    c.bench_function("record_to_ron_1000", |b| {
        b.iter(|| black_box(tamer::session::record::to_ron(black_box(&session))));
    });

    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path().join("data"), tmp.path().join("config"));
    let held = store.create(&session, start()).expect("create record");
    c.bench_function("save_1000_threats", |b| {
        b.iter(|| {
            store
                .save(black_box(&held), black_box(&session))
                .expect("save")
        });
    });
}

/// Reading a 1,000-threat record back: parse and check (the current version), and
/// parse, migrate and check (the same record in version 1).
fn load(c: &mut Criterion) {
    use tamer::session::record;
    let (session, _) = session_1000();
    let text = record::to_ron(&session).expect("serializes");
    c.bench_function("load_check_1000_threats", |b| {
        b.iter(|| record::read("bench.ron", black_box(&text)).expect("reads"));
    });
    let v1 = record::to_ron_as(&session, 1).expect("serializes");
    c.bench_function("load_migrate_check_1000_threats_v1", |b| {
        b.iter(|| {
            let loaded = record::read("bench.ron", black_box(&v1)).expect("reads");
            assert!(loaded.migrated());
            loaded
        });
    });
}

/// The launcher with 1,000 records of about 16 KB each: list them (from the
/// summaries at their tops), build the app and draw the first frame.
fn launcher(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::new(tmp.path().join("data"), tmp.path().join("config"));
    let script = PhaseScript::builtin();
    let mut now = start();
    for i in 0..1_000 {
        now += chrono::Duration::minutes(1);
        let mut s = Session::new(&format!("Record {i}"), 90, vec![], &script, now);
        for t in 0..60 {
            s.capture_threat(&format!("Threat {t} of record {i}, with some words"), now);
        }
        drop(store.create(&s, now).expect("create"));
    }
    let size = std::fs::metadata(store.list().expect("list")[0].path.clone())
        .expect("metadata")
        .len();
    assert!(size > 12_000, "records should be about 16 KB, are {size} B");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    c.bench_function("launcher_first_frame_1000_records", |b| {
        b.iter(|| {
            let listed = store.list().expect("list");
            assert_eq!(listed.len(), 1_000);
            let app = App::new(script.clone(), listed, now);
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
        });
    });
}

/// The 1,000-threat session grown to 10,000 timeline events, a third of
/// its threats rated and decided, 300 mitigations, an excursion running.
fn session_radar() -> (Session, DateTime<Utc>) {
    use tamer::session::{Change, Decision, MitigationDraft, RatingDraft};
    let (mut session, mut now) = session_1000();
    let scheme = tamer::session::rating::builtin_schemes()
        .into_iter()
        .next()
        .expect("a built-in scheme");
    let levels = ["low", "medium", "high"];
    for i in 0..THREATS / 3 {
        let id = session.threats[i].id;
        let draft = RatingDraft {
            likelihood: levels[i % 3].into(),
            impact: levels[(i / 3) % 3].into(),
            action: None,
            reason: String::new(),
        };
        session
            .apply(Change::rate(id, &scheme, draft), now)
            .expect("rated");
        let decision = if i % 5 == 0 {
            Decision::NotAThreat {
                reason: "Out of scope".into(),
            }
        } else {
            Decision::Mitigate
        };
        session
            .apply(
                Change::Decide {
                    threat: id,
                    decision: Some(decision),
                },
                now,
            )
            .expect("decided");
    }
    for i in 0..300 {
        let draft = MitigationDraft::new(
            &format!("Mitigation {i}"),
            &[session.threats[i].id, session.threats[i + 1].id],
        );
        session
            .apply(Change::AddMitigation(draft), now)
            .expect("added");
    }
    while session.timeline.len() < 10_000 {
        now += chrono::Duration::seconds(1);
        session.toggle_pause(now);
    }
    session
        .apply(Change::StartExcursion("Is replay possible?".into()), now)
        .expect("excursion");
    (session, now)
}

/// The 1,000-threat session back in discovery, the hardest place for the
/// radar: a model of 20 elements walked card by card (60 cards marked), the
/// pace and focus judged, and the newest threat close to many before it.
fn session_discovery() -> (Session, DateTime<Utc>) {
    use tamer::deck::ElementKind;
    use tamer::session::Mark;
    let (mut session, mut now) = session_radar();
    session.back(now);
    for i in 0..20 {
        session.add_element(ElementKind::Process, &format!("Service {i}"), false, now);
    }
    let library = tamer::deck::Library::builtin();
    let deck = library.get("stride-per-element").expect("built in");
    let cells = tamer::session::walk::cells(deck, &library, &session.model);
    for cell in cells.iter().take(60) {
        now += chrono::Duration::seconds(20);
        session.mark(cell, Mark::Nothing, now);
    }
    now += chrono::Duration::seconds(20);
    session.capture_threat(
        "An insider tampers with the refund API through the proxy",
        now,
    );
    (session, now)
}

/// `tamer replay` rebuilding the 1,000-threat session of 10,000 events at
/// the middle of its timeline (done once per event stepped over).
fn replay(c: &mut Criterion) {
    use tamer::session::asof;
    let (session, _) = session_radar();
    let middle = session.timeline[session.timeline.len() / 2].at;
    c.bench_function("replay_asof_1000_threats_10k_events", |b| {
        b.iter(|| black_box(asof::at(black_box(&session), middle)))
    });
}

fn radar(c: &mut Criterion) {
    use tamer::radar::{Radar, Thresholds, matcher};
    let (session, now) = session_radar();
    assert!(session.timeline.len() >= 10_000 && session.threats.len() == THREATS);
    let library = tamer::deck::Library::builtin();
    let thresholds = Thresholds::default();
    let mut radar = Radar::default();
    radar.rescan(&session, &thresholds, &library, now);
    c.bench_function("radar_scan_1000_threats_10k_events", |b| {
        let mut at = now;
        b.iter(|| {
            at += chrono::Duration::milliseconds(1);
            black_box(radar.rescan(black_box(&session), &thresholds, &library, at))
        });
    });
    let (walking, then) = session_discovery();
    let mut radar = Radar::default();
    radar.rescan(&walking, &thresholds, &library, then);
    c.bench_function("radar_scan_in_discovery", |b| {
        let mut at = then;
        b.iter(|| {
            at += chrono::Duration::milliseconds(1);
            black_box(radar.rescan(black_box(&walking), &thresholds, &library, at))
        });
    });
    // A new threat checked against the 1,000 before it: the index reads
    // only the new one, then compares.
    let mut index = matcher::Index::default();
    index.update(&session);
    let mut grown = session.clone();
    grown.capture_threat(
        "An insider tampers with the refund API through the proxy",
        now,
    );
    let new_id = grown.threats.last().expect("captured").id;
    c.bench_function("rewind_check_against_1000", |b| {
        b.iter_batched_ref(
            || index.clone(),
            |index| {
                index.update(black_box(&grown));
                black_box(index.earlier_match(&grown, new_id))
            },
            criterion::BatchSize::SmallInput,
        );
    });
}

/// The payments example grown to 10,000 threats (each on an element, a
/// third rated, one mitigation per ten threats), for the exports and the
/// OTM import.
fn session_10k() -> Session {
    use tamer::session::{Change, MitigationDraft, RatingDraft, ThreatDraft};
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-payments.ron");
    let mut s = Store::load(&path).expect("the payments example");
    let now = s.created;
    let scheme = tamer::session::rating::builtin_schemes()
        .into_iter()
        .find(|x| x.reference() == s.scheme)
        .expect("the example's scheme");
    let elements: Vec<u32> = s.model.iter().map(|e| e.id).collect();
    let levels = ["low", "medium", "high"];
    let mut ids = Vec::new();
    while s.threats.len() < 10_000 {
        let n = s.threats.len();
        let draft = ThreatDraft {
            title: format!("Threat {n}: an insider tampers with the refund API | <b>{n}</b>"),
            element: Some(elements[n % elements.len()]),
            category: Some("tampering".into()),
            ..ThreatDraft::default()
        };
        s.apply(Change::AddThreat(draft), now).expect("captured");
        let id = s.threats.last().expect("captured").id;
        ids.push(id);
        if n.is_multiple_of(3) {
            let rating = RatingDraft {
                likelihood: levels[n % 3].into(),
                impact: levels[(n / 3) % 3].into(),
                action: None,
                reason: String::new(),
            };
            s.apply(Change::rate(id, &scheme, rating), now)
                .expect("rated");
        }
        if n.is_multiple_of(10) {
            let draft = MitigationDraft::new(&format!("Mitigation for T{id}"), &[id]);
            s.apply(Change::AddMitigation(draft), now).expect("added");
        }
    }
    s
}

fn exports(c: &mut Criterion) {
    use tamer::export::{Context, Format, export};
    let session = session_10k();
    let library = tamer::deck::Library::builtin();
    let ctx = Context {
        record: "payments.ron",
        library: &library,
        now: start(),
    };
    let mut group = c.benchmark_group("export_10k_threats");
    group.sample_size(10);
    for format in Format::ALL {
        group.bench_function(format.name(), |b| {
            b.iter(|| black_box(export(black_box(&session), format, &ctx)))
        });
    }
    group.finish();
    let otm = match export(&session, Format::Otm, &ctx) {
        tamer::export::Output::One(text) => text,
        tamer::export::Output::Files(_) => unreachable!("one file"),
    };
    let script = PhaseScript::builtin();
    let options = tamer::import::Options {
        title: None,
        now: start(),
        script: &script,
    };
    let mut group = c.benchmark_group("import_10k_threats");
    group.sample_size(10);
    group.bench_function("otm", |b| {
        b.iter(|| {
            black_box(
                tamer::import::import("bench.otm.json", black_box(&otm), &options)
                    .expect("imports"),
            )
        })
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(50)
}

/// What every start reads besides the record: the built-in decks and the
/// practice scenarios, parsed and checked.
fn startup(c: &mut Criterion) {
    c.bench_function("startup_builtin_decks", |b| {
        b.iter(|| black_box(tamer::deck::Library::builtin()))
    });
    c.bench_function("startup_builtin_scenarios", |b| {
        b.iter(|| black_box(tamer::practice::scenario::Library::builtin()))
    });
}

criterion_group! {
    name = benches;
    config = config();
    targets = render, update, save, load, launcher, radar, exports, replay, startup
}
criterion_main!(benches);
