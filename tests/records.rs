//! The example records in `sessions/` stay loadable, and saving them again
//! reproduces them byte for byte (the record format is stable).

use std::path::Path;

use tamer::session::record;
use tamer::store::Store;

#[test]
fn example_records_load_and_round_trip() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("sessions/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        let session = Store::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            record::to_ron(&session),
            text,
            "{} re-saves differently",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 1, "no example records in {}", dir.display());
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
