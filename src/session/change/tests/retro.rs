//! The retro.

use super::*;
use crate::session::{RetroLine, RetroList};

fn add(list: RetroList, text: &str, by: Option<&str>) -> Change {
    Change::AddRetro {
        list,
        text: text.into(),
        by: by.map(str::to_owned),
    }
}

#[test]
fn retro_lines_are_added_to_their_list_and_deleted() {
    let mut s = fresh();
    let inverse = apply_checked(
        &mut s,
        add(
            RetroList::WentWell,
            " The walk\nkept us going ",
            Some("Ada"),
        ),
    );
    assert_eq!(inverse.what(), "add a line to \"went well\"");
    apply_checked(&mut s, add(RetroList::Change, "Rate sooner", None));
    apply_checked(&mut s, add(RetroList::Lessons, "Park early", Some("")));
    assert_eq!(
        s.retro.went_well,
        [RetroLine {
            text: "The walk kept us going".into(),
            by: Some("Ada".into())
        }]
    );
    assert_eq!(s.retro.list(RetroList::Change)[0].by, None);
    assert_eq!(s.retro.lessons[0].by, None, "blank is nobody");
    assert_eq!(
        last(&s),
        &EventKind::RetroAdded {
            list: RetroList::Lessons
        }
    );
    apply_checked(&mut s, add(RetroList::Change, "Shorter breaks", None));
    let inverse = apply_checked(
        &mut s,
        Change::DeleteRetro {
            list: RetroList::Change,
            index: 0,
        },
    );
    assert_eq!(inverse.what(), "delete a line of \"to change\"");
    assert_eq!(s.retro.change[0].text, "Shorter breaks");
    assert_eq!(
        last(&s),
        &EventKind::RetroDeleted {
            list: RetroList::Change
        }
    );
}

#[test]
fn what_a_retro_line_refuses() {
    let mut s = fresh();
    refused(
        &mut s,
        add(RetroList::WentWell, " ", None),
        "A retro line needs some text",
    );
    refused(
        &mut s,
        add(RetroList::WentWell, "Fun", Some("Mallory")),
        "Mallory is not a participant",
    );
    refused(
        &mut s,
        Change::DeleteRetro {
            list: RetroList::Lessons,
            index: 0,
        },
        "\"lessons learned\" has no line 1",
    );
}

#[test]
fn authors_who_leave_are_unset_and_renamed_ones_follow() {
    let mut s = fresh();
    s.apply(add(RetroList::WentWell, "Fun", Some("Grace")), now())
        .expect("added");
    s.apply(add(RetroList::Lessons, "Less", Some("Ada")), now())
        .expect("added");
    let rename = Change::RenameParticipant {
        from: "Ada".into(),
        to: "Ada L.".into(),
    };
    apply_checked(&mut s, rename);
    assert_eq!(s.retro.lessons[0].by.as_deref(), Some("Ada L."));
    apply_checked(&mut s, Change::SetParticipants(vec!["Ada L.".into()]));
    assert_eq!(s.retro.went_well[0].by, None);
    assert_eq!(s.retro.lessons[0].by.as_deref(), Some("Ada L."));
}
