//! The region's view on devices, against a real server on loopback and real store files:
//! a coordinator without a hospice logs in, reads the region (and reads it again with the
//! server gone, with the time it was fetched), exports and marks; the manager's device
//! gets the mark with its next sync.

mod common;

use std::sync::Arc;
use std::time::Duration;

use kompas_proto::checklist::Answer;
use kompas_proto::region::{HospiceYearState, RegionFigure, ReviewRequest, ReviewState};
use kompas_proto::SyncActivity;
use kompas_server::auth;
use kompas_sync::region::Export;
use kompas_sync::SyncError;

use common::*;

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
        .login(&form(&server, "marieke", PASSWORD))
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
        .login(&form(&server, "wendy", PASSWORD))
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

/// Waits (at most 10 s, syncing the manager's device) until the region's overview shows
/// de-linde in `state` with `progress` (answered, questions).
async fn region_sees(
    server: &Server,
    manager: &Running,
    state: HospiceYearState,
    answered: Option<u32>,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        manager.sync_now();
        let overview = server
            .db
            .region_overview("utrecht", Some(2026))
            .await
            .expect("overview");
        let linde = &overview.hospices[0];
        if linde.state == state && linde.progress.map(|p| p.answered) == answered {
            assert!(linde.scores.is_empty(), "counts only: {linde:?}");
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the region never saw {state:?} with {answered:?}; it sees {linde:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_hospice_that_shares_its_progress_is_a_concept_for_the_region() {
    let server = server().await;
    let home = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(device(home.path()));
    let manager = start(&store);
    manager
        .login(&form(&server, "marieke", PASSWORD))
        .await
        .expect("login");
    until(&manager, "the first sync", |v| v.last_synced_ms.is_some()).await;
    let (uuid, question) = {
        let mut store = store.lock().expect("lock");
        let uuid = store
            .start_self_evaluation("de-linde", SELF_EVALUATION, 2026)
            .expect("start")
            .uuid;
        let definition = store
            .checklist(SELF_EVALUATION, None)
            .expect("read")
            .expect("on the device");
        (uuid, definition.themes()[0].questions[0].id.clone())
    };
    // A draft that is not shared stays on the device.
    region_sees(&server, &manager, HospiceYearState::NotReceived, None).await;

    store
        .lock()
        .expect("lock")
        .set_share_progress("de-linde", 2026, true)
        .expect("share");
    region_sees(&server, &manager, HospiceYearState::NotStarted, Some(0)).await;
    store
        .lock()
        .expect("lock")
        .save_answer(
            &uuid,
            &question,
            Some(Answer::Ja),
            "Een toelichting blijft hier.",
        )
        .expect("answer");
    region_sees(&server, &manager, HospiceYearState::Concept, Some(1)).await;
    let record = store
        .lock()
        .expect("lock")
        .self_evaluation(&uuid)
        .expect("read")
        .expect("there");
    assert!(record.share_progress);

    // Stopping takes back what was shared.
    store
        .lock()
        .expect("lock")
        .set_share_progress("de-linde", 2026, false)
        .expect("stop");
    region_sees(&server, &manager, HospiceYearState::NotReceived, None).await;
    assert!(store
        .lock()
        .expect("lock")
        .progress_to_send("de-linde")
        .expect("read")
        .is_empty());
}
