//! The compare-and-swap of `db/overlay.rs`, without a database.

use super::*;

fn write(based_on: i64, body: Option<&str>) -> OverlayWrite {
    OverlayWrite {
        organization: "de-linde".into(),
        key_text: None,
        key_json: None,
        section_id: None,
        based_on,
        body: body.map(str::to_owned),
        note: String::new(),
        must_read: false,
        account_id: 1,
        username: "manager".into(),
        published_at: String::new(),
    }
}

#[test]
fn the_compare_and_swap_takes_repeats_and_refuses_stale_bases() {
    // A new entry.
    assert_eq!(decide(None, &write(0, Some("a"))), Decision::Write);
    // Someone else made it first, with other content: stale.
    assert_eq!(
        decide(Some((3, Some("b".into()))), &write(0, Some("a"))),
        Decision::Stale(3)
    );
    // The same content again (the answer was lost): the version it has.
    assert_eq!(
        decide(Some((3, Some("a".into()))), &write(0, Some("a"))),
        Decision::Again(3)
    );
    // A change of the version it started from.
    assert_eq!(
        decide(Some((3, Some("a".into()))), &write(3, Some("c"))),
        Decision::Write
    );
    // Taking back what is not there is nothing to do.
    assert_eq!(decide(None, &write(0, None)), Decision::Again(0));
    assert_eq!(
        decide(Some((4, None)), &write(3, Some("a"))),
        Decision::Stale(4)
    );
    // A new entry where one was taken back: as if there was none.
    assert_eq!(
        decide(Some((4, None)), &write(0, Some("a"))),
        Decision::Write
    );
    // The same text with a must-read mark is still the same version: the mark alone
    // makes no new one.
    let marked = OverlayWrite {
        must_read: true,
        ..write(0, Some("a"))
    };
    assert_eq!(
        decide(Some((3, Some("a".into()))), &marked),
        Decision::Again(3)
    );
}
