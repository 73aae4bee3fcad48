//! A hospice's own handbook reaching its devices (issue #13): a manager's facts and
//! overlay entries, published on the real server, arrive through the ordinary delta pull;
//! the device composes the same handbook the server does (compared by fingerprint),
//! searches the hospice's text, follows the region's later changes, and a device of
//! another hospice of the same region never sees any of it.

use std::collections::BTreeMap;
use std::sync::Mutex;

use kompas_proto::overlay::{
    DraftEdit, DraftState, EntryKey, FactsUpdate, OverlayChange, OverlayDraft, OverlayPublish,
    Placement,
};
use kompas_proto::sync::Role;
use kompas_proto::SectionSource;
use kompas_server::publish_dir;
use kompas_store::Store;
use kompas_sync::{pull, push};

mod common;

use common::*;

const PHONE: &str = "030 123 45 67";

/// The manager's account id.
async fn marieke(server: &Server) -> i64 {
    server
        .db
        .password_hash("marieke")
        .await
        .expect("read")
        .expect("marieke exists")
        .0
}

/// Publishes one change as marieke, based on what the overlay shows now.
async fn publish(server: &Server, change: Option<OverlayChange>, key: EntryKey, note: &str) {
    let state = server.db.overlay("de-linde").await.expect("overlay");
    let based_on = state
        .entries
        .iter()
        .find(|entry| entry.change.key() == key)
        .map_or(0, |entry| entry.version);
    server
        .db
        .publish_overlay(
            "de-linde",
            "utrecht",
            marieke(server).await,
            "marieke",
            &OverlayPublish {
                key,
                based_on,
                change,
                note: note.into(),
                must_read: false,
            },
        )
        .await
        .expect("published");
}

async fn revision(server: &Server, id: &str) -> i64 {
    server
        .db
        .base_info("utrecht", id)
        .await
        .expect("read")
        .expect("the section exists")
        .revision
}

fn shown(store: &Mutex<Store>, id: &str) -> Option<kompas_proto::SectionView> {
    store.lock().expect("lock").section(id).expect("read")
}

fn fingerprint(store: &Mutex<Store>) -> String {
    store
        .lock()
        .expect("lock")
        .shown_handbook_fingerprint()
        .expect("fingerprint")
}

#[tokio::test]
async fn a_hospice_tailored_handbook_reaches_its_devices_and_no_other() {
    let server = server().await;
    // The region names the nurse's phone in one section.
    let content = handbook_copy();
    add_section(
        content.path(),
        "nachtnummer",
        "Wie bel je 's nachts",
        "Bel de verpleegkundige van dienst: {{hospice.telefoon_verpleegkundige}}.",
    );
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");
    // A second hospice of the same region, with a volunteer.
    server
        .db
        .add_organization("de-vaart", "utrecht", "Hospice De Vaart")
        .await
        .expect("hospice");
    let hash = kompas_server::auth::hash_password(PASSWORD).expect("hash");
    server
        .db
        .add_account("kees", &hash, false)
        .await
        .expect("account");
    server
        .db
        .add_membership("kees", "de-vaart", Role::Volunteer)
        .await
        .expect("member");

    let Device {
        _home,
        store,
        client,
        token,
    } = synced_device(&server).await;
    let before = shown(&store, "nachtnummer").expect("pulled");
    assert!(
        before.html.contains("nog niet ingevuld") && !before.html.contains("{{"),
        "{}",
        before.html
    );

    // The manager tailors: facts, a supplement, a replacement, a hidden section and a
    // section of the hospice's own.
    let mut facts = BTreeMap::new();
    facts.insert("hospice.naam".to_owned(), "Hospice De Linde".to_owned());
    facts.insert(
        "hospice.telefoon_verpleegkundige".to_owned(),
        PHONE.to_owned(),
    );
    server
        .db
        .update_facts(
            "de-linde",
            marieke(&server).await,
            "marieke",
            &FactsUpdate {
                facts,
                based_on: 0,
                note: "Ons nummer".into(),
            },
        )
        .await
        .expect("facts");
    publish(
        &server,
        Some(OverlayChange::Supplement {
            section: "als-een-gast-valt".into(),
            placement: Placement::After,
            markdown: "Bij ons ligt de valmat in de linnenkast naast kamer 3.".into(),
        }),
        EntryKey::Supplement {
            section: "als-een-gast-valt".into(),
            placement: Placement::After,
        },
        "Waar de valmat ligt",
    )
    .await;
    let brand = revision(&server, "bij-brand").await;
    publish(
        &server,
        Some(OverlayChange::Replace {
            section: "bij-brand".into(),
            base_revision: brand,
            markdown: "# Bij brand\n\nDruk de brandmelder in de gang en verzamel bij de \
                       kastanjeboom.\n"
                .into(),
        }),
        EntryKey::Tailor {
            section: "bij-brand".into(),
        },
        "Onze verzamelplaats",
    )
    .await;
    let stroom = revision(&server, "stroomuitval").await;
    publish(
        &server,
        Some(OverlayChange::Hide {
            section: "stroomuitval".into(),
            base_revision: stroom,
        }),
        EntryKey::Tailor {
            section: "stroomuitval".into(),
        },
        "Wij hebben een noodaggregaat",
    )
    .await;
    publish(
        &server,
        Some(OverlayChange::Own {
            id: "lichtje-bij-de-deur".into(),
            title: "Het lichtje bij de deur".into(),
            category: "Dienst en overdracht".into(),
            after: Some("de-overdracht".into()),
            tags: vec!["ritueel".into()],
            markdown: "Na een overlijden branden we een lichtje bij de voordeur.".into(),
        }),
        EntryKey::Own {
            id: "lichtje-bij-de-deur".into(),
        },
        "Ons ritueel",
    )
    .await;

    // One ordinary pull brings all of it.
    let report = pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect("pull");
    assert_eq!(report.pages, 1, "{report:?}");
    let nachtnummer = shown(&store, "nachtnummer").expect("shown");
    assert!(nachtnummer.html.contains(PHONE), "{}", nachtnummer.html);
    assert!(!nachtnummer.html.contains("nog niet ingevuld"));
    let val = shown(&store, "als-een-gast-valt").expect("shown");
    assert!(val.html.contains("valmat in de linnenkast"), "{}", val.html);
    assert!(
        val.html.find("valmat").expect("ours")
            > val.html.find("Til de gast nooit").expect("the region's"),
        "the supplement stands after the region's text"
    );
    let brand_shown = shown(&store, "bij-brand").expect("shown");
    assert!(brand_shown.html.contains("kastanjeboom"));
    assert_eq!(brand_shown.source, SectionSource::Replaced);
    assert_eq!(val.source, SectionSource::Supplemented);
    assert!(shown(&store, "stroomuitval").is_none(), "hidden");
    let own = shown(&store, "lichtje-bij-de-deur").expect("own section shown");
    assert!(own.html.contains("lichtje bij de voordeur"));
    assert_eq!(own.source, SectionSource::Own);
    // In its place: right after the section it names.
    let handbook = store.lock().expect("lock").handbook().expect("handbook");
    let dienst: Vec<&str> = handbook
        .iter()
        .find(|c| c.name == "Dienst en overdracht")
        .expect("category")
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let at = dienst
        .iter()
        .position(|id| *id == "de-overdracht")
        .expect("there");
    assert_eq!(
        dienst.get(at + 1),
        Some(&"lichtje-bij-de-deur"),
        "{dienst:?}"
    );
    // Search finds the hospice's own words, and not what it hid.
    let hits = store
        .lock()
        .expect("lock")
        .search("valmat", 5)
        .expect("search")
        .hits;
    assert_eq!(
        hits.first().map(|h| h.id.as_str()),
        Some("als-een-gast-valt")
    );
    // Device and server show the hospice the same handbook.
    let server_fingerprint = server
        .db
        .handbook_fingerprint("de-linde", "utrecht")
        .await
        .expect("server fingerprint");
    assert_eq!(fingerprint(&store), server_fingerprint);

    // A device of the other hospice sees the region's handbook, nothing of De Linde's.
    let other_home = tempfile::tempdir().expect("temp dir");
    let other = device(other_home.path());
    let kees = client.login("kees", PASSWORD).await.expect("login").token;
    pull(&client, &kees, "de-vaart", &other, 50, |_| {})
        .await
        .expect("pull");
    let theirs = snapshot(&other);
    let everything: String = theirs.iter().map(|(_, t, h)| format!("{t}{h}")).collect();
    for ours in ["valmat", "kastanjeboom", "lichtje", PHONE] {
        assert!(!everything.contains(ours), "De Vaart sees `{ours}`");
    }
    assert!(shown(&other, "stroomuitval").is_some());
    assert_eq!(
        fingerprint(&other),
        server
            .db
            .handbook_fingerprint("de-vaart", "utrecht")
            .await
            .expect("server fingerprint")
    );

    // The region changes the replaced section: volunteers keep the hospice's text, with
    // a mark; the device still agrees with the server.
    let path = content.path().join("07-nood/bij-brand.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        format!("{text}\nNieuw van de regio: sluit de deuren.\n"),
    )
    .expect("write");
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");
    pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect("pull");
    let brand_shown = shown(&store, "bij-brand").expect("shown");
    assert!(brand_shown.html.contains("kastanjeboom"));
    assert!(!brand_shown.html.contains("sluit de deuren"));
    assert_eq!(brand_shown.source, SectionSource::ReplacedRegionChanged);
    assert_eq!(
        fingerprint(&store),
        server
            .db
            .handbook_fingerprint("de-linde", "utrecht")
            .await
            .expect("server fingerprint")
    );

    // Taking entries back shows the region's text again.
    publish(
        &server,
        None,
        EntryKey::Tailor {
            section: "stroomuitval".into(),
        },
        "Aggregaat is weg",
    )
    .await;
    publish(
        &server,
        None,
        EntryKey::Own {
            id: "lichtje-bij-de-deur".into(),
        },
        "",
    )
    .await;
    pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect("pull");
    assert!(shown(&store, "stroomuitval").is_some());
    assert!(shown(&store, "lichtje-bij-de-deur").is_none());
    assert!(store
        .lock()
        .expect("lock")
        .search("lichtje", 5)
        .expect("search")
        .hits
        .iter()
        .all(|hit| hit.id != "lichtje-bij-de-deur"));
    assert_eq!(
        fingerprint(&store),
        server
            .db
            .handbook_fingerprint("de-linde", "utrecht")
            .await
            .expect("server fingerprint")
    );

    // The device follows the other hospice now: nothing of De Linde's stays.
    pull(&client, &kees, "de-vaart", &store, 50, |_| {})
        .await
        .expect("pull");
    let now: String = snapshot(&store)
        .iter()
        .map(|(_, t, h)| format!("{t}{h}"))
        .collect();
    for ours in ["valmat", "kastanjeboom", PHONE] {
        assert!(!now.contains(ours), "still shows `{ours}`");
    }
    assert_eq!(
        fingerprint(&store),
        server
            .db
            .handbook_fingerprint("de-vaart", "utrecht")
            .await
            .expect("server fingerprint")
    );
}

#[tokio::test]
async fn a_new_device_of_a_tailored_hospice_shows_its_handbook_after_a_paged_first_pull() {
    let server = server().await;
    publish(
        &server,
        Some(OverlayChange::Own {
            id: "onze-tuin".into(),
            title: "Onze tuin".into(),
            category: "Dienst en overdracht".into(),
            after: Some("begin-van-je-dienst".into()),
            tags: Vec::new(),
            markdown: "De tuindeur gaat om 21.00 uur op slot.".into(),
        }),
        EntryKey::Own {
            id: "onze-tuin".into(),
        },
        "",
    )
    .await;
    let home = tempfile::tempdir().expect("temp dir");
    let store = device(home.path());
    let token = client(server.address)
        .login("anna", PASSWORD)
        .await
        .expect("login")
        .token;
    // Small pages: the overlay comes on the first, the region's sections on many.
    let report = pull(
        &client(server.address),
        &token,
        "de-linde",
        &store,
        5,
        |_| {},
    )
    .await
    .expect("pull");
    assert!(report.pages > 3, "{report:?}");
    assert!(shown(&store, "onze-tuin").is_some());
    assert_eq!(
        fingerprint(&store),
        server
            .db
            .handbook_fingerprint("de-linde", "utrecht")
            .await
            .expect("server fingerprint")
    );
}

/// A device of manager marieke, in sync.
async fn manager_device(server: &Server) -> Device {
    synced_device_of(server, "marieke").await
}

fn supplement_draft(text: &str, based_on: i64) -> OverlayDraft {
    OverlayDraft {
        edit: DraftEdit::Entry {
            key: EntryKey::Supplement {
                section: "de-overdracht".into(),
                placement: Placement::After,
            },
            change: Some(OverlayChange::Supplement {
                section: "de-overdracht".into(),
                placement: Placement::After,
                markdown: text.into(),
            }),
        },
        based_on,
        note: "Onze overdrachtsmap".into(),
        state: DraftState::Editing,
        must_read: false,
    }
}

const DRAFT_KEY: &str = "supplement:after:de-overdracht";

#[tokio::test]
async fn a_draft_survives_a_kill_and_a_lost_answer_and_is_published_once() {
    let server = server().await;
    let manager = manager_device(&server).await;
    let path = manager
        .store
        .lock()
        .expect("lock")
        .path()
        .expect("a file")
        .to_owned();
    manager
        .store
        .lock()
        .expect("lock")
        .save_overlay_draft(
            "de-linde",
            &supplement_draft("De overdrachtsmap ligt in de keuken.", 0),
        )
        .expect("saved");
    // The app is killed mid-edit: the draft is in the file.
    drop(manager.store);
    let store = Mutex::new(Store::open(&path).expect("reopen"));
    let draft = store
        .lock()
        .expect("lock")
        .overlay_draft(DRAFT_KEY)
        .expect("read")
        .expect("still there");
    assert_eq!(draft.state, DraftState::Editing);
    store
        .lock()
        .expect("lock")
        .publish_overlay_draft(DRAFT_KEY)
        .expect("published");
    // The server stores it, and the answer is lost on the way back.
    let item = store.lock().expect("lock").outbox().expect("outbox")[0].clone();
    manager
        .client
        .publish_overlay(&manager.token, "de-linde", "entry", &item.payload)
        .await
        .expect("stored");
    // The retry is answered with the same version: stored once, the draft gone.
    let report = push(&manager.client, &manager.token, &store)
        .await
        .expect("push");
    assert_eq!((report.delivered, report.waiting), (1, 0));
    assert!(store
        .lock()
        .expect("lock")
        .overlay_drafts()
        .expect("drafts")
        .is_empty());
    let state = server.db.overlay("de-linde").await.expect("overlay");
    assert_eq!((state.version, state.entries.len()), (1, 1));
    pull(
        &manager.client,
        &manager.token,
        "de-linde",
        &store,
        50,
        |_| {},
    )
    .await
    .expect("pull");
    let shown = shown(&store, "de-overdracht").expect("shown");
    assert!(shown.html.contains("in de keuken"), "{}", shown.html);
}

#[tokio::test]
async fn two_managers_change_one_section_and_the_second_keeps_the_draft() {
    let server = server().await;
    let first = manager_device(&server).await;
    let second = manager_device(&server).await;
    for (device, text) in [
        (&first, "De map ligt in de keuken."),
        (&second, "De map ligt op het bureau."),
    ] {
        let mut store = device.store.lock().expect("lock");
        store
            .save_overlay_draft("de-linde", &supplement_draft(text, 0))
            .expect("saved");
        store.publish_overlay_draft(DRAFT_KEY).expect("published");
    }
    let report = push(&first.client, &first.token, &first.store)
        .await
        .expect("push");
    assert_eq!(report.delivered, 1);
    let report = push(&second.client, &second.token, &second.store)
        .await
        .expect("push");
    assert_eq!((report.delivered, report.refused), (0, 1));
    let kept = second
        .store
        .lock()
        .expect("lock")
        .overlay_draft(DRAFT_KEY)
        .expect("read")
        .expect("kept");
    assert!(
        matches!(kept.state, DraftState::Stale { current: 1, .. }),
        "{:?}",
        kept.state
    );
    assert_eq!(
        kept.edit,
        supplement_draft("De map ligt op het bureau.", 0).edit
    );
    assert_eq!(
        second
            .store
            .lock()
            .expect("lock")
            .outbox_waiting()
            .expect("n"),
        0
    );
    // After the next pull the editor shows both: the kept draft, and what the first
    // manager published meanwhile.
    pull(
        &second.client,
        &second.token,
        "de-linde",
        &second.store,
        50,
        |_| {},
    )
    .await
    .expect("pull");
    let editor = second
        .store
        .lock()
        .expect("lock")
        .tailor_section("de-overdracht")
        .expect("read")
        .expect("there");
    assert_eq!(editor.after, "De map ligt op het bureau.");
    assert_eq!(editor.published_meanwhile, ["De map ligt in de keuken."]);
}
