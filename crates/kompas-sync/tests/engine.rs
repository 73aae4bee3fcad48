//! The background sync engine against a real server on loopback and a real store file:
//! logging in, syncing by itself on its timer, retrying after the server was gone, a
//! revoked token, logging out, and an account with several hospices.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kompas_proto::sync::{ProblemKind, Role};
use kompas_proto::{ErrorCode, LoginForm, SyncActivity};
use kompas_server::{auth, publish_dir};
use kompas_store::Store;
use kompas_sync::{Engine, EngineOptions, SyncError};

mod common;

use common::*;

#[tokio::test]
async fn the_engine_stops_when_asked_even_in_the_middle_of_a_pull() {
    let server = server().await;
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    let engine = Engine::new(
        store.clone(),
        EngineOptions {
            page_size: 1,
            ..options()
        },
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(engine.clone().run(async {
        let _ = stopped.await;
    }));
    engine
        .login(&form(&server, "anna", PASSWORD))
        .await
        .expect("login");
    until(
        &engine,
        "a pull under way",
        |v| matches!(v.activity, SyncActivity::Syncing { pages, .. } if pages >= 2),
    )
    .await;
    stop.send(()).expect("the engine listens");
    tokio::time::timeout(Duration::from_secs(30), running)
        .await
        .expect("the loop ended")
        .expect("without a panic");
    assert_eq!(
        engine.view().last_synced_ms,
        None,
        "stopped before the pull completed"
    );
    // What was applied stays applied, and a new engine resumes from there.
    let engine = start(&store);
    until(&engine, "the resumed pull", |v| {
        v.activity == SyncActivity::Idle && v.last_synced_ms.is_some()
    })
    .await;
}

/// A device logged in as anna, after its first sync.
async fn synced_engine(server: &Server) -> (tempfile::TempDir, Arc<Mutex<Store>>, Running) {
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    let engine = start(&store);
    engine
        .login(&form(server, "anna", PASSWORD))
        .await
        .expect("login");
    until(&engine, "the first sync", |v| v.last_synced_ms.is_some()).await;
    (home, store, engine)
}

fn stored_token(store: &Mutex<Store>) -> Option<String> {
    let store = store.lock().expect("lock");
    store.sync_record().expect("the sync record").session.token
}

fn searchable(store: &Mutex<Store>, query: &str) -> Vec<String> {
    let store = store.lock().expect("lock");
    store
        .search(query, 5)
        .expect("search")
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

fn section_count(store: &Mutex<Store>) -> u32 {
    store
        .lock()
        .expect("lock")
        .home(1)
        .expect("home")
        .section_count
}

async fn publish_with(server: &Server, id: &str, title: &str, body: &str) {
    let content = handbook_copy();
    add_section(content.path(), id, title, body);
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");
}

#[tokio::test]
async fn logged_in_the_device_follows_its_hospice_by_itself() {
    let server = server().await;
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    let engine = start(&store);
    assert_eq!(engine.view().activity, SyncActivity::NotConnected);

    let view = engine
        .login(&form(&server, "anna", PASSWORD))
        .await
        .expect("login");
    // One hospice: followed at once, nothing to choose.
    assert_eq!(
        view.organization.as_ref().map(|o| o.id.as_str()),
        Some("de-linde")
    );
    assert!(view.signed_in);
    let synced = until(&engine, "the first sync", |v| v.last_synced_ms.is_some()).await;
    assert_eq!(synced.activity, SyncActivity::Idle);
    assert!(synced.next_attempt_ms.is_some(), "the timer is set");

    // A publish reaches the device on the engine's timer, without anyone asking.
    publish_with(
        &server,
        "wateroverlast",
        "Bij wateroverlast",
        "Zet de hoofdkraan dicht.",
    )
    .await;
    let before = synced.last_synced_ms;
    let view = until(&engine, "the timer's sync", |v| {
        v.last_synced_ms != before && v.activity == SyncActivity::Idle
    })
    .await;
    assert_eq!(view.last_changes, 1, "{view:?}");
    assert_eq!(searchable(&store, "hoofdkraan"), ["wateroverlast"]);

    // The session is in the store: a restarted app is still logged in, and knows when it
    // last synced. The password was never stored.
    let restarted = Engine::new(store.clone(), options());
    let view = restarted.view();
    assert!(view.signed_in);
    assert_eq!(view.activity, SyncActivity::Idle);
    assert_eq!(
        view.username.as_deref(),
        Some("anna"),
        "the user name is kept"
    );
    assert!(view.last_synced_ms.is_some());
    let file = std::fs::read(home.path().join("kompas.sqlite")).expect("read");
    let wal = std::fs::read(home.path().join("kompas.sqlite-wal")).unwrap_or_default();
    for bytes in [file, wal] {
        assert!(
            !bytes
                .windows(PASSWORD.len())
                .any(|w| w == PASSWORD.as_bytes()),
            "the password must not be on the device"
        );
    }
}

#[tokio::test]
async fn a_server_that_was_gone_is_retried_without_anyone_asking() {
    let mut server = server().await;
    let (_home, store, engine) = synced_engine(&server).await;
    let sections = section_count(&store);

    server.stop();
    engine.sync_now();
    let offline = until(&engine, "offline", |v| {
        matches!(v.activity, SyncActivity::Offline { .. })
    })
    .await;
    assert!(offline.signed_in, "being offline costs no session");
    assert!(offline.next_attempt_ms.is_some(), "a retry is planned");
    assert_eq!(section_count(&store), sections, "and no section");

    // The server comes back with a new section; the engine's retry timer finds it.
    publish_with(
        &server,
        "noodstroomkast",
        "De noodstroomkast",
        "Zet de noodstroomkast om.",
    )
    .await;
    server.start().await;
    until(&engine, "the retry after the server returned", |v| {
        v.activity == SyncActivity::Idle && v.last_changes == 1
    })
    .await;
    assert_eq!(searchable(&store, "noodstroomkast"), ["noodstroomkast"]);
}

#[tokio::test]
async fn a_revoked_token_asks_to_log_in_and_loses_nothing() {
    let server = server().await;
    let (_home, store, engine) = synced_engine(&server).await;
    let sections = section_count(&store);

    revoke_tokens_of(&server, "anna").await;
    engine.sync_now();
    let view = until(&engine, "log in again", |v| {
        v.activity == SyncActivity::LoginNeeded
    })
    .await;
    assert!(!view.signed_in);
    assert_eq!(view.next_attempt_ms, None, "no retrying with a dead token");
    assert_eq!(view.username.as_deref(), Some("anna"));
    assert_eq!(section_count(&store), sections, "the handbook stays");
    // Still so after a restart.
    assert_eq!(
        Engine::new(store.clone(), options()).view().activity,
        SyncActivity::LoginNeeded
    );

    engine
        .login(&form(&server, "anna", PASSWORD))
        .await
        .expect("login again");
    until(&engine, "sync after logging in again", |v| {
        v.activity == SyncActivity::Idle && v.signed_in
    })
    .await;
}

#[tokio::test]
async fn logging_out_revokes_the_token_and_keeps_the_handbook() {
    let server = server().await;
    let (_home, store, engine) = synced_engine(&server).await;
    let token = stored_token(&store).expect("a token");
    let sections = section_count(&store);

    let view = engine.logout().await.expect("logout");
    assert_eq!(view.activity, SyncActivity::NotConnected);
    assert!(!view.signed_in);
    assert_eq!(
        view.server.as_deref(),
        Some(format!("http://{}/", server.address).as_str()),
        "the address stays filled in"
    );
    assert_eq!(stored_token(&store), None);
    assert_eq!(section_count(&store), sections, "the handbook stays");
    let refused = client(server.address)
        .changes(&token, "de-linde", None, 1)
        .await
        .expect_err("revoked");
    assert!(matches!(refused, SyncError::LoginNeeded), "{refused:?}");
    // Asking to sync while logged out does nothing.
    engine.sync_now();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(engine.view().activity, SyncActivity::NotConnected);
}

#[tokio::test]
async fn several_hospices_wait_for_the_users_choice() {
    let server = server().await;
    let db = &server.db;
    db.add_organization("de-berk", "utrecht", "Hospice De Berk")
        .await
        .expect("org");
    let hash = auth::hash_password(PASSWORD).expect("hash");
    db.add_account("bram", &hash, false).await.expect("account");
    db.add_membership("bram", "de-linde", Role::Volunteer)
        .await
        .expect("member");
    db.add_membership("bram", "de-berk", Role::Manager)
        .await
        .expect("member");
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    let engine = start(&store);
    let view = engine
        .login(&form(&server, "bram", PASSWORD))
        .await
        .expect("login");
    assert_eq!(view.activity, SyncActivity::ChooseOrganization);
    assert_eq!(view.organizations.len(), 2);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        engine.view().last_synced_ms,
        None,
        "no sync before a choice"
    );

    let error = engine.choose("elders").await.expect_err("not bram's");
    assert_eq!(error.code(), ErrorCode::UnknownOrganization);
    let view = engine.choose("de-berk").await.expect("choose");
    assert_eq!(
        view.organization.as_ref().map(|o| (o.id.as_str(), o.role)),
        Some(("de-berk", Role::Manager))
    );
    until(&engine, "the sync of the chosen hospice", |v| {
        v.last_synced_ms.is_some()
    })
    .await;
}

#[tokio::test]
async fn a_failed_login_says_why_and_changes_nothing() {
    let server = server().await;
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    let engine = start(&store);
    // Nobody listens on this port.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    };
    let at = |address: &str, username: &str, password: &str| LoginForm {
        server: address.to_owned(),
        ..form(&server, username, password)
    };
    let own = format!("http://{}", server.address);
    let cases = [
        (
            at(&own, "anna", "fout"),
            ErrorCode::Refused(ProblemKind::BadCredentials),
        ),
        (
            at("http://kompas.example.nl", "anna", PASSWORD),
            ErrorCode::InsecureAddress,
        ),
        (at("kompas", "anna", PASSWORD), ErrorCode::BadAddress),
        (at(&own, "anna", ""), ErrorCode::MissingCredentials),
        (at(&own, " ", PASSWORD), ErrorCode::MissingCredentials),
        // An administrator without a hospice has no handbook to follow.
        (at(&own, "beheer", PASSWORD), ErrorCode::NoOrganization),
        (
            at(&format!("http://{closed}"), "anna", PASSWORD),
            ErrorCode::Offline,
        ),
    ];
    for (attempt, expected) in cases {
        let error = engine
            .login(&attempt)
            .await
            .expect_err("the login must fail");
        assert_eq!(error.code(), expected, "{attempt:?}: {error}");
    }
    let view = engine.view();
    assert_eq!(view.activity, SyncActivity::NotConnected);
    assert_eq!(view.server, None);
    assert_eq!(stored_token(&store), None);
}

#[tokio::test]
async fn logging_in_again_during_a_pull_cancels_it_and_ends_complete() {
    let server = server().await;
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    // One section per page: the pull is long enough to be interrupted.
    let engine = Engine::new(
        store.clone(),
        EngineOptions {
            page_size: 1,
            ..options()
        },
    );
    tokio::spawn(engine.clone().run(std::future::pending()));
    engine
        .login(&form(&server, "anna", PASSWORD))
        .await
        .expect("login");
    until(
        &engine,
        "a pull under way",
        |v| matches!(v.activity, SyncActivity::Syncing { pages, .. } if pages >= 3),
    )
    .await;
    // The user logs in again (a new token) in the middle of it.
    engine
        .login(&form(&server, "anna", PASSWORD))
        .await
        .expect("login again");
    let view = until(&engine, "the pull with the new token", |v| {
        v.activity == SyncActivity::Idle && v.last_synced_ms.is_some()
    })
    .await;
    assert!(view.signed_in);

    // The same handbook as a device that was never interrupted.
    let reference_home = tempfile::tempdir().expect("temp dir");
    let reference = device(reference_home.path());
    let client = client(server.address);
    let token = client.login("anna", PASSWORD).await.expect("login").token;
    kompas_sync::pull(&client, &token, "de-linde", &reference, 50, |_| {})
        .await
        .expect("reference pull");
    assert_eq!(snapshot(&store), snapshot(&reference));
}
