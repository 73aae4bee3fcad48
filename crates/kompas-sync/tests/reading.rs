//! Gelezen en begrepen across devices (issue #13 §4), against the real server: the
//! manager's list of names goes up from one device, the coordinator publishes a change as
//! must read, a volunteer's device shows it and acknowledges it under a name from the
//! list, offline first, and the manager's device sees who read it and the share.

use std::sync::Mutex;

use kompas_proto::overlay::{EntryKey, OverlayChange, OverlayPublish, Placement};
use kompas_proto::reading::MustReadFrom;
use kompas_server::publish_dir;
use kompas_store::Store;
use kompas_sync::{pull, pull_readers, push};

mod common;

use common::*;

fn write_section(dir: &std::path::Path, front: &str, body: &str) {
    std::fs::write(
        dir.join("07-nood").join("nachtnummer.md"),
        format!(
            "---\nid: nachtnummer\ntitle: Wie bel je 's nachts\ncategory: Noodsituaties\n\
             order: 90\n{front}---\n# Wie bel je 's nachts\n\n{body}\n"
        ),
    )
    .expect("write");
}

async fn sync(device: &Device) {
    push(&device.client, &device.token, &device.store)
        .await
        .expect("push");
    pull(
        &device.client,
        &device.token,
        "de-linde",
        &device.store,
        50,
        |_| {},
    )
    .await
    .expect("pull");
    pull_readers(&device.client, &device.token, "de-linde", &device.store)
        .await
        .expect("pull readers");
}

/// A device logged in as `user`, in sync (the hospice's list of names too).
async fn device_of(server: &Server, user: &str) -> Device {
    let device = synced_device_of(server, user).await;
    pull_readers(&device.client, &device.token, "de-linde", &device.store)
        .await
        .expect("pull readers");
    device
}

fn with<T>(store: &Mutex<Store>, f: impl FnOnce(&mut Store) -> T) -> T {
    f(&mut store.lock().expect("lock"))
}

#[tokio::test]
async fn a_must_read_change_is_acknowledged_on_one_device_and_counted_on_the_managers() {
    let server = server().await;
    let content = handbook_copy();
    write_section(content.path(), "", "Bel de verpleegkundige van dienst.");
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");

    // The manager puts two names on the list.
    let manager = device_of(&server, "marieke").await;
    let anna = with(&manager.store, |s| {
        s.save_reader("de-linde", None, "Anna de Vries", true)
    })
    .expect("anna");
    with(&manager.store, |s| {
        s.save_reader("de-linde", None, "Berend Smit", true)
    })
    .expect("berend");
    sync(&manager).await;
    assert!(with(&manager.store, |s| s.outbox())
        .expect("outbox")
        .is_empty());

    // The coordinator publishes a change as must read, with a note.
    write_section(
        content.path(),
        "wijziging: Eerst de verpleegkundige, dan de huisarts\nmoet_lezen: true\n",
        "Bel eerst de verpleegkundige van dienst. Bel daarna de huisarts.",
    );
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");

    // The shared tablet: the change is on home, with the note.
    let tablet = device_of(&server, "anna").await;
    let home = with(&tablet.store, |s| s.must_read_home()).expect("home");
    assert!(home.has_readers, "the list came down");
    assert_eq!(home.open.len(), 1, "{home:?}");
    assert_eq!(home.open[0].section_id, "nachtnummer");
    assert_eq!(home.open[0].from, MustReadFrom::Region);
    assert_eq!(
        home.open[0].note,
        "Eerst de verpleegkundige, dan de huisarts"
    );

    // Anna acknowledges offline (nothing is sent yet), then the tablet syncs.
    let acknowledged = with(&tablet.store, |s| {
        s.acknowledge(
            "de-linde",
            "nachtnummer",
            &anna.id,
            &[home.open[0].change.clone()],
        )
    })
    .expect("acknowledge");
    assert_eq!(acknowledged, 1);
    assert_eq!(
        with(&tablet.store, |s| s.acknowledgements_waiting()).expect("waiting"),
        1
    );
    sync(&tablet).await;
    assert_eq!(
        with(&tablet.store, |s| s.acknowledgements_waiting()).expect("waiting"),
        0
    );

    // The manager's device: one of two names read it, Berend not yet.
    sync(&manager).await;
    let view = with(&manager.store, |s| s.reading_view()).expect("view");
    assert_eq!(view.changes.len(), 1, "{view:?}");
    assert_eq!(view.changes[0].percent, 50);
    assert_eq!(view.changes[0].acknowledged[0].0, "Anna de Vries");
    assert_eq!(view.changes[0].open, ["Berend Smit"]);
    let berend = view
        .readers
        .iter()
        .find(|r| r.reader.name == "Berend Smit")
        .expect("berend");
    assert_eq!(berend.open.len(), 1);

    // The manager publishes a change of the hospice's own as must read: it reaches the
    // tablet as a change from the hospice, open again for Anna.
    let marieke = server
        .db
        .password_hash("marieke")
        .await
        .expect("read")
        .expect("marieke")
        .0;
    server
        .db
        .publish_overlay(
            "de-linde",
            "utrecht",
            marieke,
            "marieke",
            &OverlayPublish {
                key: EntryKey::Supplement {
                    section: "nachtnummer".into(),
                    placement: Placement::After,
                },
                based_on: 0,
                change: Some(OverlayChange::Supplement {
                    section: "nachtnummer".into(),
                    placement: Placement::After,
                    markdown: "Bij ons hangt het nummer naast de telefoon in de keuken.\n".into(),
                }),
                note: "Waar het nummer hangt".into(),
                must_read: true,
            },
        )
        .await
        .expect("published");
    sync(&tablet).await;
    let home = with(&tablet.store, |s| s.must_read_home()).expect("home");
    assert_eq!(
        home.reader.as_ref().map(|r| r.name.as_str()),
        Some("Anna de Vries")
    );
    assert_eq!(home.open.len(), 1, "{home:?}");
    assert_eq!(home.open[0].from, MustReadFrom::Hospice);
    assert_eq!(home.open[0].note, "Waar het nummer hangt");
    let section = with(&tablet.store, |s| s.section("nachtnummer"))
        .expect("read")
        .expect("there");
    let must_read = section.must_read.expect("marked");
    assert!(
        must_read.changes.iter().any(|c| c.text.contains("keuken")),
        "what changed since Anna's acknowledgement: {:?}",
        must_read.changes
    );
}

#[tokio::test]
async fn a_device_offline_while_the_region_published_twice_still_gets_the_must_read_change() {
    let server = server().await;
    let content = handbook_copy();
    write_section(content.path(), "", "Bel de verpleegkundige van dienst.");
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");
    let tablet = device_of(&server, "anna").await;

    // While the tablet is offline: a must-read change, then a typo fixed without the mark.
    write_section(
        content.path(),
        "wijziging: Eerst de verpleegkundige, dan de huisarts\nmoet_lezen: ja\n",
        "Bel eerst de verpleegkundige van dienst. Bel daarna de huisart.",
    );
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");
    let marked = server
        .db
        .base_info("utrecht", "nachtnummer")
        .await
        .expect("read")
        .expect("published")
        .revision;
    write_section(
        content.path(),
        "wijziging: Typfout\n",
        "Bel eerst de verpleegkundige van dienst. Bel daarna de huisarts.",
    );
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");

    sync(&tablet).await;
    let home = with(&tablet.store, |s| s.must_read_home()).expect("home");
    assert_eq!(home.open.len(), 1, "{home:?}");
    assert_eq!(home.open[0].change, format!("regio:nachtnummer:{marked}"));
    assert_eq!(
        home.open[0].note,
        "Eerst de verpleegkundige, dan de huisarts"
    );
    // What changed is counted from the text the tablet had: both changes.
    let section = with(&tablet.store, |s| s.section("nachtnummer"))
        .expect("read")
        .expect("there");
    let added: String = section
        .must_read
        .expect("marked")
        .changes
        .iter()
        .filter(|c| c.kind == kompas_proto::overlay::ChangeKind::Added)
        .map(|c| c.text.as_str())
        .collect();
    assert!(added.contains("huisarts"), "{added}");
}
