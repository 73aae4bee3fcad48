//! The region's view on devices, against a real server on loopback and real store files:
//! a coordinator without a hospice logs in, reads the region (and reads it again with the
//! server gone, with the time it was fetched), exports and marks; the manager's device
//! gets the mark with its next sync.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kompas_proto::region::{HospiceYearState, RegionFigure, ReviewRequest, ReviewState};
use kompas_proto::{LoginForm, SyncActivity, SyncView};
use kompas_server::auth;
use kompas_store::Store;
use kompas_sync::region::Export;
use kompas_sync::{Engine, EngineOptions, SyncError};

use common::*;

type Device = Arc<Engine<Mutex<Store>>>;

fn start(store: &Arc<Mutex<Store>>) -> Device {
    let engine = Engine::new(
        store.clone(),
        EngineOptions {
            interval: Duration::from_millis(300),
            retry_base: Duration::from_millis(100),
            retry_max: Duration::from_millis(400),
            page_size: 50,
            root_certificate: None,
        },
    );
    tokio::spawn(engine.clone().run(std::future::pending()));
    engine
}

fn form(server: &Server, username: &str) -> LoginForm {
    LoginForm {
        server: format!("http://{}", server.address),
        username: username.to_owned(),
        password: PASSWORD.to_owned(),
    }
}

async fn until(engine: &Device, what: &str, done: impl Fn(&SyncView) -> bool) -> SyncView {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut view = engine.view();
    while !done(&view) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited 10 s for {what}; the engine is at {view:?}"
        );
        view = engine.watch(view.version, Duration::from_millis(200)).await;
    }
    view
}

#[tokio::test]
async fn a_coordinator_reads_offline_and_marks_and_the_manager_sees_the_mark() {
    let mut server = server().await;
    let hash = auth::hash_password(PASSWORD).expect("hash");
    server
        .db
        .add_account("wendy", &hash, false)
        .await
        .expect("account");
    server
        .db
        .add_coordinator("wendy", "utrecht")
        .await
        .expect("coordinator");

    // The manager sends the year's self-evaluation from her device.
    let manager_home = tempfile::tempdir().expect("temp dir");
    let manager_store = Arc::new(device(manager_home.path()));
    let manager = start(&manager_store);
    manager
        .login(&form(&server, "marieke"))
        .await
        .expect("login");
    until(&manager, "the first sync", |v| v.last_synced_ms.is_some()).await;
    let uuid = finished(&manager_store, 2026, "Een goed jaar.");
    manager.outbox_changed();
    until(&manager, "the submission sent", |v| v.waiting == 0).await;

    // The coordinator has no hospice: she logs in all the same, for the region.
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    let coordinator = start(&store);
    let view = coordinator
        .login(&form(&server, "wendy"))
        .await
        .expect("a coordinator without a hospice logs in");
    assert_eq!(view.coordinator_of, ["utrecht"]);
    assert!(view.signed_in);
    until(&coordinator, "rest", |v| v.activity == SyncActivity::Idle).await;

    let fresh = coordinator
        .region_overview("utrecht", Some(2026))
        .await
        .expect("overview");
    assert!(!fresh.stale);
    let linde = &fresh.value.hospices[0];
    assert_eq!(linde.organization_id, "de-linde");
    assert_eq!(linde.state, HospiceYearState::Sent);
    let csv = coordinator
        .export("utrecht", 2026, Export::Results)
        .await
        .expect("csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));

    // The server gone: the same overview, said to be the one fetched before.
    server.stop();
    let kept = coordinator
        .region_overview("utrecht", Some(2026))
        .await
        .expect("kept overview");
    assert!(kept.stale);
    assert_eq!(kept.value, fresh.value);
    assert_eq!(kept.fetched_at_ms, fresh.fetched_at_ms);
    // What was never fetched has nothing to show, and a mark needs the network.
    let never = coordinator.region_trend("utrecht").await;
    assert!(matches!(never, Err(SyncError::Offline(_))), "{never:?}");
    let mark = ReviewRequest {
        state: ReviewState::Discussed,
        note: "Besproken in het regio-overleg.".into(),
    };
    let offline = coordinator.review("utrecht", &uuid, &mark).await;
    assert!(matches!(offline, Err(SyncError::Offline(_))), "{offline:?}");

    server.start().await;
    let review = coordinator
        .review("utrecht", &uuid, &mark)
        .await
        .expect("marked");
    assert_eq!(review.by, "wendy");

    // The manager's device hears of it with its next sync.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        manager.sync_now();
        let seen = manager_store
            .lock()
            .expect("lock")
            .review(&uuid)
            .expect("read");
        if let Some(seen) = seen {
            assert_eq!(seen.state, ReviewState::Discussed);
            assert_eq!(seen.note, "Besproken in het regio-overleg.");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the mark did not reach the manager's device"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The manager's comparison: one hospice is too few.
    let comparison = manager.comparison(2026).await.expect("comparison");
    assert!(comparison
        .value
        .themes
        .iter()
        .all(|t| t.region == RegionFigure::TooFew));

    // Logged out, the region's answers leave the device.
    coordinator.logout().await.expect("logout");
    let after = store
        .lock()
        .expect("lock")
        .region_answer("regions/utrecht/overview?year=2026")
        .expect("read");
    assert_eq!(after, None);
}
