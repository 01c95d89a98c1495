//! `tamer replay`: a record played back, read-only, through the real loop
//! (scripted keys, a fixed clock) and as the binary in a pseudo-terminal.

mod common;
mod support;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::Home;
use common::pty::Tty;
use support::replay_app;
use tamer::app::App;
use tamer::session::asof;
use tamer::store::Store;

const PAYMENTS: &str = "sessions/example-payments.ron";

fn replaying(keys: &str) -> support::Replay {
    replaying_at(keys, 100, 30)
}

fn replaying_at(keys: &str, width: u16, height: u16) -> support::Replay {
    let record = Store::load(Path::new(PAYMENTS)).expect("the example loads");
    replay_app(
        move |script, _, _| App::replaying(script, record, 1),
        keys,
        width,
        height,
    )
}

/// Every example record, rebuilt at its last event, is the record itself.
#[test]
fn each_example_at_its_end_is_the_record() {
    for name in ["example-checkout", "example-payments", "example-radar"] {
        let s = Store::load(Path::new(&format!("sessions/{name}.ron"))).expect("loads");
        let mut end = asof::at(&s, asof::end(&s));
        end.draft.clone_from(&s.draft);
        assert_eq!(end, s, "{name}");
    }
}

/// At every moment of every example record, what is shown passes the
/// whole-record check (ids, links, key ranks, bounds).
#[test]
fn every_moment_of_each_example_is_a_whole_session() {
    for name in [
        "example-checkout",
        "example-payments",
        "example-radar",
        "example-checkout-v1",
    ] {
        let s = Store::load(Path::new(&format!("sessions/{name}.ron"))).expect("loads");
        for e in &s.timeline {
            for at in [e.at, e.at + chrono::Duration::seconds(1)] {
                let then = asof::at(&s, at);
                assert_eq!(tamer::session::check::check(&then), [], "{name} at {at}");
                assert!(then.timeline.iter().all(|x| x.at <= at));
            }
        }
    }
}

#[test]
fn stepping_shows_the_session_as_it_was_then() {
    let start = replaying("");
    assert!(
        start
            .screen()
            .contains("REPLAY 09:00:00 · 1× · paused · event 1 of 86")
    );
    assert!(start.screen().contains("Threats (0)"));

    // Phase 2 at the moment its third threat was captured, then one step on.
    let third = replaying("2nnnnnnn");
    let screen = third.screen();
    assert!(screen.contains("Phase 2 · What can go wrong?"), "{screen}");
    assert!(screen.contains("Refund sent over plain HTTP"), "{screen}");
    assert!(!screen.contains("Who rotates the processor"), "{screen}");
    assert!(screen.contains("REPLAY 09:17:45"), "{screen}");
    // One step on is the item parked at 09:18:15; the next, the threat.
    let parked = replaying("2nnnnnnnn");
    assert!(!parked.screen().contains("Who rotates the processor"));
    assert!(parked.screen().contains("REPLAY 09:18:15"));
    let fourth = replaying("2nnnnnnnnn");
    let screen = fourth.screen();
    assert!(screen.contains("Who rotates the processor"), "{screen}");
    // And back.
    let back = replaying("2nnnnnnnnnN");
    assert!(!back.screen().contains("Who rotates the processor"));
    assert!(back.screen().contains("REPLAY 09:18:15"));
}

#[test]
fn a_phase_key_jumps_to_the_start_of_that_phase() {
    let r = replaying("3");
    let screen = r.screen();
    assert!(
        screen.contains("Phase 3 · What are we going to do about it?"),
        "{screen}"
    );
    assert!(screen.contains("0 rated · 4 left"), "{screen}");
    let end = replaying("<end>");
    assert!(end.screen().contains("event 86 of 86"));
    assert!(end.screen().contains("MUST"), "rated by the end");
    let home = replaying("<end><home>");
    assert!(home.screen().contains("event 1 of 86"));
}

#[test]
fn playing_moves_the_clock_at_the_chosen_speed() {
    let r = replaying("<space><wait 5s>");
    assert!(
        r.screen().contains("REPLAY 09:00:05 · 1× · playing"),
        "{}",
        r.screen()
    );
    assert!(r.screen().contains("2:55 left of 3:00"), "{}", r.screen());
    let r = replaying("+<space><wait 3s>");
    assert!(
        r.screen().contains("REPLAY 09:00:06 · 2× · playing"),
        "{}",
        r.screen()
    );
    let r = replaying("<space><wait 3s><space><wait 3s>");
    assert!(
        r.screen().contains("REPLAY 09:00:03 · 1× · paused"),
        "{}",
        r.screen()
    );
}

#[test]
fn a_replay_changes_and_writes_nothing() {
    let r = replaying("3tq");
    assert!(r.outcome.read_only);
    assert_eq!(r.outcome.record, None);
    assert!(r.store.list().expect("listing").is_empty());
    let record = Store::load(Path::new(PAYMENTS)).expect("loads");
    assert_eq!(r.app.replay.as_ref().map(|p| &p.record), Some(&record));
}

#[test]
fn at_80_by_24_the_position_and_the_keys_show() {
    let r = replaying_at("3", 80, 24);
    let screen = r.screen();
    assert!(
        screen.contains("REPLAY 09:22:10 · 1× · paused · event 55 of 86"),
        "{screen}"
    );
    assert!(
        screen.contains("Space play/pause  ←/→ step  +/- speed  0-4 phase  ? help  q quit"),
        "{screen}"
    );
    assert!(screen.contains("Phase 3"), "{screen}");
}

#[test]
fn the_help_lists_the_replay_keys() {
    let r = replaying("?");
    let screen = r.screen();
    assert!(
        screen.contains("jump to the start of that phase"),
        "{screen}"
    );
    assert!(screen.contains("faster / slower"), "{screen}");
}

mod cli {
    use super::*;

    fn copy_example(home: &Home) -> std::path::PathBuf {
        let path = home.root().join("payments.ron");
        fs::copy(PAYMENTS, &path).expect("copy the example");
        path
    }

    #[test]
    fn help_lists_speed_and_a_bad_speed_is_refused() {
        let home = Home::new();
        let help = home.run(&["replay", "--help"]);
        assert!(help.status.success(), "{help:?}");
        assert!(help.stdout.contains("--speed"), "{}", help.stdout);
        let path = copy_example(&home);
        let bad = home.run(&["replay", "--speed", "3", &path.display().to_string()]);
        assert!(!bad.status.success());
        assert!(
            bad.stderr.contains("expected one of 1, 2, 4"),
            "{}",
            bad.stderr
        );
    }

    #[test]
    fn without_a_terminal_it_says_so_and_touches_nothing() {
        let home = Home::new();
        let path = copy_example(&home);
        let before = fs::read(&path).expect("read");
        let run = home.run(&["replay", &path.display().to_string()]);
        assert!(!run.status.success());
        assert!(
            run.stderr.contains("interactive terminal"),
            "{}",
            run.stderr
        );
        assert_eq!(fs::read(&path).expect("read"), before);
    }

    #[test]
    fn a_replay_in_a_terminal_leaves_the_record_as_it_was() {
        let home = Home::new();
        let path = copy_example(&home);
        let before = fs::read(&path).expect("read");
        let mut tty = Tty::spawn(
            &home,
            &["replay", "--speed", "4", &path.display().to_string()],
        );
        tty.wait_for(&[
            "REPLAY 09:00:00 · 4× · paused · event 1 of 86",
            "Threats (0)",
        ]);
        // The lock a writer would hold is not taken.
        let lock = home.root().join(".payments.ron.lock");
        assert!(!lock.exists());
        tty.send("3");
        tty.wait_for(&["Phase 3 · What are we going to do about it?"]);
        tty.send("\x1b[F"); // End
        tty.wait_for(&["event 86 of 86"]);
        tty.send("q");
        let (status, bytes) = tty.finish(Duration::from_secs(10));
        assert!(status.success(), "{status:?}");
        let said = String::from_utf8_lossy(&bytes);
        assert!(said.contains("Closed without writing anything"), "{said}");
        assert_eq!(fs::read(&path).expect("read"), before, "the record changed");
        assert!(!lock.exists(), "a lock file was left");
        let names: Vec<_> = fs::read_dir(home.root())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert!(
            !names
                .iter()
                .any(|n| n.to_string_lossy().starts_with(".payments")),
            "{names:?}"
        );
    }
}
