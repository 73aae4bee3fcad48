//! Gelezen en begrepen in the device store: must-read changes arrive with the pages of
//! changes, a person chosen from the hospice's list acknowledges them (into the outbox),
//! what changed since their last acknowledgement is shown, and the manager's overview
//! counts who read what.

use kompas_core::overlay::BaseSection;
use kompas_proto::overlay::{ChangeKind, OverlayChange, OverlayDelta, OverlayEntry};
use kompas_proto::reading::{Acknowledgement, MustReadFrom, Reader, ReadersPage};
use kompas_store::{OutboxKind, Store};

mod common;

use common::apply;

fn base(id: &str, revision: i64, body: &str, must_read: bool, note: &str) -> BaseSection {
    let mut base = common::base(id, "Zorg", revision, body);
    base.section.must_read = must_read;
    base.section.change_note = note.to_owned();
    base
}

const ANNA: &str = "0190a0e2-0000-7000-8000-000000000001";
const BEREND: &str = "0190a0e2-0000-7000-8000-000000000002";

fn list(store: &mut Store, acknowledgements: Vec<Acknowledgement>, last: i64) {
    let reader = |id: &str, name: &str| Reader {
        id: id.to_owned(),
        name: name.to_owned(),
        active: true,
    };
    store
        .apply_readers(
            "linde",
            &ReadersPage {
                readers: vec![reader(BEREND, "Berend Smit"), reader(ANNA, "Anna de Vries")],
                acknowledgements,
                last,
            },
        )
        .expect("readers");
}

fn shown(changes: &[&str]) -> Vec<String> {
    changes.iter().map(|c| (*c).to_owned()).collect()
}

fn open_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("kompas.sqlite")).expect("store");
    (dir, store)
}

#[test]
fn a_must_read_change_is_open_until_the_person_acknowledges_it_and_then_goes_up() {
    let (_dir, mut store) = open_store();
    apply(
        &mut store,
        &[
            base(
                "valpartij",
                1,
                "Help de gast niet zelf overeind.\n",
                false,
                "",
            ),
            base("overdracht", 1, "Overdracht om 7 uur.\n", false, ""),
        ],
        None,
        1,
    );
    list(&mut store, Vec::new(), 0);
    assert!(store.must_read_home().expect("home").open.is_empty());

    apply(
        &mut store,
        &[base(
            "valpartij",
            2,
            "Help de gast niet zelf overeind. **Bel altijd de verpleegkundige.**\n",
            true,
            "Altijd de verpleegkundige bellen",
        )],
        None,
        2,
    );
    // Nobody chose a name yet: the change is open on this device.
    let home = store.must_read_home().expect("home");
    assert!(home.reader.is_none());
    assert!(home.has_readers);
    assert_eq!(home.open.len(), 1);
    let item = &home.open[0];
    assert_eq!(item.change, "regio:valpartij:2");
    assert_eq!(item.from, MustReadFrom::Region);
    assert_eq!(item.note, "Altijd de verpleegkundige bellen");
    assert_eq!(item.section_title, "Titel valpartij");

    // The section shows what changed, word by word, and the names to choose from.
    let section = store.section("valpartij").expect("read").expect("there");
    let must_read = section.must_read.expect("must read");
    assert_eq!(must_read.open.len(), 1);
    assert_eq!(must_read.readers.len(), 2);
    assert_eq!(must_read.readers[0].name, "Anna de Vries", "by name");
    let added: String = must_read
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Added)
        .map(|c| c.text.as_str())
        .collect();
    assert!(added.contains("verpleegkundige"), "{:?}", must_read.changes);
    // As a volunteer reads it: no markdown marks.
    assert!(
        must_read.changes.iter().all(|c| !c.text.contains("**")),
        "{:?}",
        must_read.changes
    );
    assert!(store
        .section("overdracht")
        .expect("read")
        .expect("there")
        .must_read
        .is_none());

    // Anna acknowledges: it goes up through the outbox and she is the one reading here.
    assert_eq!(
        store
            .acknowledge("linde", "valpartij", ANNA, &shown(&["regio:valpartij:2"]))
            .expect("ack"),
        1
    );
    assert_eq!(
        store
            .acknowledge("linde", "valpartij", ANNA, &shown(&["regio:valpartij:2"]))
            .expect("again"),
        0
    );
    let outbox = store.outbox().expect("outbox");
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].kind, OutboxKind::Acknowledgement);
    assert!(outbox[0].key.starts_with("ack/linde/"), "{}", outbox[0].key);
    assert!(outbox[0].payload.contains("regio:valpartij:2"));
    let home = store.must_read_home().expect("home");
    assert_eq!(home.reader.as_ref().map(|r| r.id.as_str()), Some(ANNA));
    assert!(home.open.is_empty());
    let section = store.section("valpartij").expect("read").expect("there");
    let must_read = section.must_read.expect("still marked");
    assert!(must_read.open.is_empty());
    assert!(must_read.acknowledged_at.is_some());
    assert_eq!(store.acknowledgements_waiting().expect("waiting"), 1);

    // Berend on the same tablet still has it open.
    store.choose_reader(Some(BEREND)).expect("choose");
    assert_eq!(store.must_read_home().expect("home").open.len(), 1);
    // A name not on the list cannot be chosen nor acknowledge.
    assert!(store
        .choose_reader(Some("0190a0e2-0000-7000-8000-00000000ffff"))
        .is_err());
    assert!(store
        .acknowledge(
            "linde",
            "valpartij",
            "0190a0e2-0000-7000-8000-00000000ffff",
            &shown(&["regio:valpartij:2"])
        )
        .is_err());

    // Sent: the record is marked, the outbox empty.
    let seq = outbox[0].seq;
    store
        .outbox_delivered(seq, "2026-12-05T21:00:00Z")
        .expect("delivered");
    assert_eq!(store.acknowledgements_waiting().expect("waiting"), 0);

    // The manager's overview: one of two names, and Berend's open change.
    let view = store.reading_view().expect("view");
    assert_eq!(view.changes.len(), 1);
    assert_eq!(view.changes[0].percent, 50);
    assert_eq!(view.changes[0].open, ["Berend Smit"]);
    assert_eq!(view.changes[0].acknowledged[0].0, "Anna de Vries");
    let berend = view
        .readers
        .iter()
        .find(|r| r.reader.id == BEREND)
        .expect("berend");
    assert_eq!(berend.open.len(), 1);
    assert_eq!(berend.acknowledged, 0);
}

#[test]
fn what_changed_is_counted_from_the_version_the_person_acknowledged_last() {
    let (_dir, mut store) = open_store();
    apply(&mut store, &[base("val", 1, "Een.\n", false, "")], None, 1);
    list(&mut store, Vec::new(), 0);
    apply(
        &mut store,
        &[base("val", 2, "Een. Twee.\n", true, "twee")],
        None,
        2,
    );
    // A change a sync brought after the screen was drawn is not acknowledged with it.
    assert_eq!(
        store
            .acknowledge("linde", "val", ANNA, &shown(&["regio:val:1"]))
            .expect("nothing shown that is open"),
        0
    );
    store
        .acknowledge("linde", "val", ANNA, &shown(&["regio:val:2"]))
        .expect("ack");
    apply(
        &mut store,
        &[base("val", 3, "Een. Twee. Drie.\n", true, "drie")],
        None,
        3,
    );
    let must_read = store
        .section("val")
        .expect("read")
        .expect("there")
        .must_read
        .expect("marked");
    assert_eq!(must_read.open.len(), 1);
    assert_eq!(must_read.open[0].change, "regio:val:3");
    let added: String = must_read
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Added)
        .map(|c| c.text.as_str())
        .collect();
    assert!(added.contains("Drie"), "{:?}", must_read.changes);
    assert!(
        !added.contains("Twee"),
        "already acknowledged: {:?}",
        must_read.changes
    );
}

#[test]
fn acknowledgements_made_elsewhere_count_and_a_hospice_change_can_be_must_read() {
    let (_dir, mut store) = open_store();
    apply(
        &mut store,
        &[base("nacht", 1, "Nachtdienst.\n", false, "")],
        None,
        1,
    );
    let delta = OverlayDelta {
        version: 4,
        entries: vec![OverlayEntry {
            change: OverlayChange::Supplement {
                section: "nacht".into(),
                placement: kompas_proto::overlay::Placement::After,
                markdown: "Bij ons slaapt de vrijwilliger in de logeerkamer.\n".into(),
            },
            version: 4,
            note: "Waar u slaapt".into(),
            must_read: true,
        }],
        taken_back: Vec::new(),
        facts: None,
    };
    apply(&mut store, &[], Some(&delta), 2);
    // Berend acknowledged it on his own phone; the pull brings it.
    list(
        &mut store,
        vec![Acknowledgement {
            id: "0190a0e2-0000-7000-8000-0000000000aa".into(),
            reader: BEREND.into(),
            change: "hospice:4".into(),
            acknowledged_at: "2026-12-05T20:00:00Z".into(),
        }],
        7,
    );
    assert_eq!(store.readers_after().expect("after"), 7);
    let home = store.must_read_home().expect("home");
    assert_eq!(home.open.len(), 1);
    assert_eq!(home.open[0].from, MustReadFrom::Hospice);
    assert_eq!(home.open[0].note, "Waar u slaapt");
    store.choose_reader(Some(BEREND)).expect("choose");
    assert!(store.must_read_home().expect("home").open.is_empty());
    assert_eq!(store.reading_view().expect("view").changes[0].percent, 50);

    // Taken off the list on another device: nobody is chosen here any more.
    store
        .apply_readers(
            "linde",
            &ReadersPage {
                readers: vec![Reader {
                    id: BEREND.into(),
                    name: "Berend Smit".into(),
                    active: false,
                }],
                acknowledgements: Vec::new(),
                last: 7,
            },
        )
        .expect("pulled");
    assert!(store.current_reader().expect("reader").is_none());
    store
        .apply_readers(
            "linde",
            &ReadersPage {
                readers: vec![Reader {
                    id: BEREND.into(),
                    name: "Berend Smit".into(),
                    active: true,
                }],
                acknowledgements: Vec::new(),
                last: 7,
            },
        )
        .expect("pulled");
    store.choose_reader(Some(BEREND)).expect("choose");

    // A name taken off the list is not counted any more; its record stays.
    store
        .save_reader("linde", Some(BEREND), "Berend Smit", false)
        .expect("off the list");
    let view = store.reading_view().expect("view");
    assert_eq!(view.changes[0].percent, 0);
    assert_eq!(view.inactive.len(), 1);
    assert!(store.current_reader().expect("reader").is_none());
    // The pulled list does not undo a change still waiting in the outbox.
    list(&mut store, Vec::new(), 7);
    assert_eq!(store.readers(false).expect("list").len(), 1);
    // A name with a line break or no letters is refused.
    assert!(store.save_reader("linde", None, "  ", true).is_err());
    assert!(store
        .save_reader("linde", None, "Anna\nde Vries", true)
        .is_err());
    let added = store
        .save_reader("linde", None, " Carla Jansen ", true)
        .expect("add");
    assert_eq!(added.name, "Carla Jansen");

    // Carla confirms; the server refuses it for good (a reason a retry cannot change):
    // the record stays here, counted, and no longer waits.
    assert_eq!(
        store
            .acknowledge("linde", "nacht", &added.id, &shown(&["hospice:4"]))
            .expect("ack"),
        1
    );
    assert_eq!(store.acknowledgements_waiting().expect("waiting"), 1);
    let item = store
        .outbox()
        .expect("outbox")
        .into_iter()
        .find(|i| i.kind == OutboxKind::Acknowledgement)
        .expect("queued");
    store
        .outbox_refused(item.seq, "refused for good")
        .expect("refused");
    assert_eq!(store.acknowledgements_waiting().expect("waiting"), 0);
    let carla = store
        .reading_view()
        .expect("view")
        .readers
        .into_iter()
        .find(|r| r.reader.id == added.id)
        .expect("carla");
    assert_eq!(carla.acknowledged, 1);
}

#[test]
fn the_regions_must_read_change_of_a_section_the_hospice_replaced_asks_nothing_of_volunteers() {
    let (_dir, mut store) = open_store();
    apply(
        &mut store,
        &[base("brand", 1, "Bel 112.\n", false, "")],
        None,
        1,
    );
    let ours = OverlayDelta {
        version: 1,
        entries: vec![OverlayEntry {
            change: OverlayChange::Replace {
                section: "brand".into(),
                base_revision: 1,
                markdown: "Verzamel bij de kastanjeboom.\n".into(),
            },
            version: 1,
            note: String::new(),
            must_read: false,
        }],
        taken_back: Vec::new(),
        facts: None,
    };
    apply(&mut store, &[], Some(&ours), 2);
    apply(
        &mut store,
        &[base(
            "brand",
            2,
            "Bel 112 en sluit de deuren.\n",
            true,
            "Deuren dicht",
        )],
        None,
        3,
    );
    // Volunteers still read the hospice's text: nothing changed for them to confirm (the
    // manager sees the region's change under "Wijzigingen van de regio").
    assert!(store.must_read_home().expect("home").open.is_empty());
    assert!(store
        .section("brand")
        .expect("read")
        .expect("there")
        .must_read
        .is_none());
}
