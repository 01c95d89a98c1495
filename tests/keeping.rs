//! Keeping records safe through the real loop: a save that fails is never
//! reported as saved and the work is rescued; the launcher archives,
//! restores and deletes with a confirmation that names the record.

mod support;

use support::replay_app;
use tamer::app::App;
use tamer::store::Store;

/// The data folder is a file: nothing can be saved under it.
fn break_the_data_folder(store: &Store) {
    let data = store
        .sessions_dir()
        .parent()
        .map(std::path::Path::to_path_buf)
        .expect("data dir");
    std::fs::write(data, "not a folder").expect("write");
}

#[test]
fn a_second_quit_after_a_failed_save_rescues_the_work_and_says_so() {
    let r = replay_app(
        |_, now, store| {
            break_the_data_folder(store);
            support::session_app(now)
        },
        "tReplay of the card token<enter><c-c><c-c>",
        100,
        30,
    );
    assert!(r.outcome.record.is_none());
    let lost = r.outcome.unsaved.as_ref().expect("the loss is reported");
    assert!(lost.why.contains("os error"), "{lost:?}");
    let rescue = lost.rescue.as_ref().expect("a rescue copy");
    assert!(
        rescue.starts_with(r.dir.path().join("rescue")),
        "{rescue:?}"
    );
    let rescued = Store::load(rescue).expect("the rescue copy is a record");
    assert_eq!(rescued.threats[0].title, "Replay of the card token");
    let message = tamer::run::unsaved_message(None, lost);
    assert!(message.contains("NOT saved"), "{message}");
    assert!(message.contains(&rescue.display().to_string()), "{message}");
}

#[test]
fn a_quit_after_a_good_save_rescues_nothing() {
    let r = replay_app(|_, now, _| support::session_app(now), "q", 100, 30);
    assert!(r.outcome.unsaved.is_none());
    assert!(r.outcome.record.is_some());
    assert!(!r.dir.path().join("rescue").exists());
}

fn launcher_with(
    titles: &[&str],
) -> impl FnOnce(tamer::session::PhaseScript, chrono::DateTime<chrono::Utc>, &Store) -> App {
    let titles: Vec<String> = titles.iter().map(|t| (*t).to_owned()).collect();
    move |script, now, store| {
        for (i, title) in titles.iter().enumerate() {
            let at = now + chrono::Duration::minutes(i as i64);
            let session = tamer::session::Session::new(title, 30, vec![], &script, at);
            drop(store.create(&session, at).expect("create"));
        }
        let mut app = App::new(script, store.list().expect("list"), now);
        app.archived = store.list_archived().expect("list archive");
        app
    }
}

#[test]
fn archive_asks_naming_the_record_and_no_keeps_it() {
    let r = replay_app(launcher_with(&["Keep me"]), "ja", 100, 30);
    assert!(
        r.screen().contains("Archive \"Keep me\"?"),
        "{}",
        r.screen()
    );
    let r = replay_app(launcher_with(&["Keep me"]), "ja<esc>", 100, 30);
    assert_eq!(r.store.list().expect("list").len(), 1);
    assert!(r.app.confirm().is_none());
}

#[test]
fn archive_restore_and_delete_from_the_launcher() {
    // Archive the newest ("Second"), look at the archive, restore it.
    let r = replay_app(launcher_with(&["First", "Second"]), "jay", 100, 30);
    let active = r.store.list().expect("list");
    let archived = r.store.list_archived().expect("archive");
    assert_eq!(active.len(), 1);
    assert_eq!(archived.len(), 1);
    assert!(r.screen().contains("1 archived"), "{}", r.screen());
    assert!(
        r.screen()
            .contains("Moved 2026-01-05-0901-second.ron to the archive"),
        "{}",
        r.screen()
    );

    let r = replay_app(launcher_with(&["First", "Second"]), "jayAjay", 100, 30);
    assert_eq!(r.store.list().expect("list").len(), 2);
    assert!(r.store.list_archived().expect("archive").is_empty());

    // Delete goes to the archive first; deleting there removes it for good.
    let r = replay_app(launcher_with(&["First", "Second"]), "jxy", 100, 30);
    assert_eq!(r.store.list_archived().expect("archive").len(), 1);
    let r = replay_app(launcher_with(&["First", "Second"]), "jxyAjx", 100, 30);
    assert!(r.screen().contains("for good"), "{}", r.screen());
    let r = replay_app(launcher_with(&["First", "Second"]), "jxyAjxy", 100, 30);
    assert!(r.store.list_archived().expect("archive").is_empty());
    assert_eq!(r.store.list().expect("list").len(), 1);
    assert!(r.screen().contains("Deleted"), "{}", r.screen());
}
