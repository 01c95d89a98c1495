//! Whole sessions driven through the real loop with scripted keys and a fixed clock.

mod support;

use support::{replay, replay_app};
use tamer::app::App;
use tamer::session::EventKind;
use tamer::store::Store;

#[test]
fn a_session_is_created_from_the_launcher_and_saved() {
    let r = replay(
        "n<bs><bs>Payments<tab><bs><bs>45<tab>Ada, Grace<enter>",
        80,
        24,
    );
    let s = r.session();
    assert_eq!(s.title, "Payments");
    assert_eq!(s.budget_minutes, 45);
    assert_eq!(s.participants, ["Ada", "Grace"]);
    let path = r.outcome.record.clone().expect("a record path");
    assert_eq!(Store::load(&path).expect("loads"), *s);
}

#[test]
fn stepping_through_all_five_phases_finishes_the_session() {
    let steps = tamer::session::PhaseScript::builtin()
        .phases
        .iter()
        .map(|p| p.steps.len())
        .sum::<usize>();
    let keys = format!("<enter><c-s>{}", "<wait 1m>n".repeat(steps));
    let r = replay(&keys, 120, 40);
    let s = r.session();
    assert!(s.finished.is_some());
    let phases: Vec<(u8, u8)> = s
        .timeline
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::PhaseChanged { from, to } => Some((from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(phases, [(0, 1), (1, 2), (2, 3), (3, 4)]);
    assert!(r.screen().contains("All phases done."), "{}", r.screen());
    let saved = Store::load(r.outcome.record.as_ref().expect("record")).expect("loads");
    assert_eq!(saved.finished, s.finished);
}

#[test]
fn pause_extend_and_overtime_show_on_screen() {
    // 60-minute session: the first box is 3 minutes.
    let r = replay_app(
        |_, now, _| support::session_app(now),
        "<wait 1m><space><wait 10m>",
        80,
        24,
    );
    assert!(r.screen().contains("PAUSED"), "{}", r.screen());
    assert_eq!(r.session().remaining(r.now()), 120);

    let r = replay_app(|_, now, _| support::session_app(now), "<wait 170s>", 80, 24);
    assert!(r.screen().contains("WRAP UP"), "{}", r.screen());

    let r = replay_app(|_, now, _| support::session_app(now), "<wait 4m>", 80, 24);
    assert!(r.screen().contains("OVERTIME"), "{}", r.screen());

    let r = replay_app(|_, now, _| support::session_app(now), "<wait 4m>+", 80, 24);
    assert!(r.screen().contains("4:00 left of 8:00"), "{}", r.screen());
    assert_eq!(r.session().remaining(r.now()), 4 * 60);
}

#[test]
fn ticks_redraw_only_when_the_shown_second_changes() {
    // Paused: ten minutes of ticks draw only when the minute changes.
    let r = replay_app(
        |_, now, _| support::session_app(now),
        &format!("<space>{}", "<wait 1s>".repeat(600)),
        80,
        24,
    );
    // First frame, the frame after the pause key, then one a minute (the
    // header's estimated end moves with the break); the final Ctrl-C quits
    // without drawing.
    assert_eq!(r.outcome.frames, 2 + 10);
}

#[test]
fn help_lists_every_key_of_the_screen_and_any_key_closes_it() {
    let r = replay_app(|_, now, _| support::session_app(now), "?", 120, 40);
    let screen = r.screen();
    for binding in tamer::keys::bindings(tamer::keys::InputMode::Session) {
        assert!(
            screen.contains(binding.what),
            "missing {:?}\n{screen}",
            binding.what
        );
    }
    // Keys that act on the session screen: `n` goes to the next step, `t`
    // opens the capture line (checked first without the help).
    let session = |keys: &str| replay_app(|_, now, _| support::session_app(now), keys, 100, 30);
    let r = session("n");
    assert_eq!(r.session().current, 1, "n moves to the next step");
    let r = session("t");
    assert!(r.app.form().is_some(), "t opens the capture line");
    assert!(r.screen().contains("New threat"), "{}", r.screen());

    // With the help open, the same keys only close it.
    let r = session("?n");
    assert!(!r.app.help());
    assert!(!r.screen().contains("Any key closes this help."));
    assert_eq!(r.session().current, 0, "n closed the help and did not step");
    assert_eq!(r.session().timeline.len(), 1, "{:?}", r.session().timeline);
    let r = session("?t");
    assert!(!r.app.help());
    assert!(
        r.app.form().is_none(),
        "t closed the help and did not open capture"
    );
    assert!(!r.screen().contains("New threat"), "{}", r.screen());
}

#[test]
fn resizing_to_tiny_and_back_works() {
    let mut r = replay_app(|_, now, _| support::session_app(now), "", 30, 8);
    assert!(r.screen().contains("enlarge the window"), "{}", r.screen());
    r.terminal.backend_mut().resize(80, 24);
    r.terminal
        .draw(|f| f.render_widget(&r.app, f.area()))
        .expect("draw");
    assert!(r.screen().contains("Checkout API"));
}

#[test]
fn a_record_can_be_opened_from_the_launcher() {
    let r = replay_app(
        |script, now, store| {
            let session = tamer::session::Session::new("Earlier", 30, vec![], &script, now);
            store.create(&session, now).expect("save");
            App::new(script, store.list().expect("list"), now)
        },
        "j<enter>n",
        80,
        24,
    );
    let s = r.session();
    assert_eq!(s.title, "Earlier");
    assert!(s.timeline.iter().any(|e| e.kind == EventKind::Reopened));
    assert_eq!(s.current, 1);
}

#[test]
fn a_failed_save_is_shown_and_holds_back_the_first_quit() {
    let r = replay_app(
        |_, now, store| {
            // The data folder is a file: nothing can be saved under it.
            let data = store
                .sessions_dir()
                .parent()
                .map(std::path::Path::to_path_buf);
            std::fs::write(data.expect("data dir"), "not a folder").expect("write");
            support::session_app(now)
        },
        "<c-c>",
        100,
        30,
    );
    assert!(r.outcome.record.is_none());
    assert!(r.app.save_error.is_some());
    assert!(r.screen().contains("NOT SAVED"), "{}", r.screen());
    // The first frame; the quit whose save failed stayed to draw the warning;
    // the second Ctrl-C (the end of the script) left.
    assert_eq!(r.outcome.frames, 2);
}
