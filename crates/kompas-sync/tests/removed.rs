//! A section the hospice replaced that the region then removes (issue #13 §2): the
//! manager is told, and may keep the hospice's text as an own section in the same place —
//! published through the outbox to the real server, shown again on the device, with the
//! same handbook as the server composes.

use kompas_proto::overlay::{EntryKey, OverlayChange, OverlayPublish};
use kompas_proto::tailoring::TailorState;
use kompas_proto::SectionSource;
use kompas_server::publish_dir;
use kompas_sync::{pull, push};

mod common;

use common::*;

const OURS: &str = "Bel bij ons eerst Ria, de verpleegkundige van de nacht: 06 98 76 54 32.";

#[tokio::test]
async fn a_replaced_section_the_region_removed_is_kept_as_an_own_section() {
    let server = server().await;
    let content = handbook_copy();
    add_section(
        content.path(),
        "nachtnummer",
        "Wie bel je 's nachts",
        "Bel de verpleegkundige van dienst.",
    );
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");

    let device = synced_device_of(&server, "marieke").await;
    let token = device.token.clone();
    let sync = || async {
        push(&device.client, &token, &device.store)
            .await
            .expect("push");
        pull(
            &device.client,
            &token,
            "de-linde",
            &device.store,
            50,
            |_| {},
        )
        .await
        .expect("pull");
    };
    sync().await;

    // The hospice replaces the section.
    let marieke = server
        .db
        .password_hash("marieke")
        .await
        .expect("read")
        .expect("marieke")
        .0;
    let revision = server
        .db
        .base_info("utrecht", "nachtnummer")
        .await
        .expect("read")
        .expect("published")
        .revision;
    server
        .db
        .publish_overlay(
            "de-linde",
            "utrecht",
            marieke,
            "marieke",
            &OverlayPublish {
                key: EntryKey::Tailor {
                    section: "nachtnummer".into(),
                },
                based_on: 0,
                change: Some(OverlayChange::Replace {
                    section: "nachtnummer".into(),
                    base_revision: revision,
                    markdown: format!("{OURS}\n"),
                }),
                note: "Ons nummer".into(),
                must_read: false,
            },
        )
        .await
        .expect("replaced");
    sync().await;

    // The region removes it: volunteers no longer see it; the manager is told, with the
    // section's title and the place it had.
    std::fs::remove_file(content.path().join("07-nood/nachtnummer.md")).expect("remove");
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");
    sync().await;
    let store = || device.store.lock().expect("lock");
    assert!(store().section("nachtnummer").expect("read").is_none());
    let view = store()
        .tailor_section("nachtnummer")
        .expect("read")
        .expect("still tailored");
    assert_eq!(view.state, TailorState::RemovedByRegion);
    assert_eq!(view.title, "Wie bel je 's nachts");
    assert_eq!(view.category, "Noodsituaties");
    let after = view.keep_after.clone().expect("a section before it");
    assert!(
        store().section(&after).expect("read").is_some(),
        "it came after `{after}`, which is shown"
    );

    // Kept as the hospice's own section: published, and shown again, in its place.
    store()
        .keep_as_own("de-linde", "nachtnummer", "Blijft bij ons")
        .expect("keep");
    sync().await;
    let kept = store()
        .section("nachtnummer")
        .expect("read")
        .expect("shown again");
    assert!(kept.html.contains("06 98 76 54 32"), "{}", kept.html);
    assert_eq!(kept.source, SectionSource::Own);
    assert_eq!(kept.title, "Wie bel je 's nachts");
    let handbook = store().handbook().expect("handbook");
    let category = handbook
        .iter()
        .find(|c| c.name == "Noodsituaties")
        .expect("category");
    let ids: Vec<&str> = category.sections.iter().map(|s| s.id.as_str()).collect();
    let at = |id: &str| ids.iter().position(|i| *i == id).expect("listed");
    assert_eq!(at("nachtnummer"), at(&after) + 1, "{ids:?}");
    assert!(store().outbox().expect("outbox").is_empty());
    assert!(store()
        .tailoring("De Linde")
        .expect("view")
        .sections
        .iter()
        .all(|s| s.state != TailorState::RemovedByRegion));

    // The server has the own section and no replacement; both sides compose the same.
    let overlay = server.db.overlay("de-linde").await.expect("overlay");
    assert_eq!(overlay.entries.len(), 1, "{overlay:?}");
    assert!(matches!(
        &overlay.entries[0].change,
        OverlayChange::Own { id, .. } if id == "nachtnummer"
    ));
    let expected = server
        .db
        .handbook_fingerprint("de-linde", "utrecht")
        .await
        .expect("fingerprint");
    assert_eq!(
        store().shown_handbook_fingerprint().expect("fingerprint"),
        expected
    );
}
