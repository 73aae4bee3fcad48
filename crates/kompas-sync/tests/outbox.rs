//! The outbox under faults, against a real server on loopback: a receipt lost on the way
//! back, the server gone and back, the same submission twice and out of order, and a
//! conflict. The end state is always the same: the server holds each submission once, the
//! device's outbox is empty, nothing typed is lost.

mod common;

use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex};

use kompas_proto::checklist::EvaluationState;
use kompas_store::Store;
use kompas_sync::{pull_checklists, push, SyncError};

use common::*;

/// A manager's device, in sync with the server (handbook and checklists).
async fn manager(server: &Server) -> Device {
    let device = synced_device_of(server, "marieke").await;
    pull_checklists(&device.client, &device.token, "de-linde", &device.store, 50)
        .await
        .expect("pull checklists");
    device
}

fn waiting(store: &Mutex<Store>) -> u32 {
    store.lock().expect("lock").outbox_waiting().expect("count")
}

fn state(store: &Mutex<Store>, uuid: &str) -> EvaluationState {
    store
        .lock()
        .expect("lock")
        .self_evaluation(uuid)
        .expect("read")
        .expect("there")
        .state
}

async fn on_server(server: &Server) -> i64 {
    server.db.submission_count("de-linde").await.expect("count")
}

#[tokio::test]
async fn a_receipt_lost_on_the_way_back_is_retried_and_stored_once() {
    let server = server().await;
    let device = manager(&server).await;
    let uuid = finished(&device.store, 2026, "Een goed jaar.");
    // The request reaches the server; its answer is cut before the first byte.
    let proxy = cutting_proxy(server.address, Arc::new(AtomicI64::new(0))).await;
    let cut = push(&client(proxy), &device.token, &device.store).await;
    assert!(matches!(cut, Err(SyncError::Offline(_))), "{cut:?}");
    assert_eq!(on_server(&server).await, 1, "the server stored it");
    assert_eq!(waiting(&device.store), 1, "the device did not hear so");
    assert_eq!(state(&device.store, &uuid), EvaluationState::Queued);

    let report = push(&device.client, &device.token, &device.store)
        .await
        .expect("the retry");
    assert_eq!((report.delivered, report.waiting), (1, 0));
    assert_eq!(on_server(&server).await, 1, "stored once");
    assert_eq!(state(&device.store, &uuid), EvaluationState::Sent);
}

#[tokio::test]
async fn a_server_killed_and_restarted_gets_it_afterwards() {
    let mut server = server().await;
    let device = manager(&server).await;
    let uuid = finished(&device.store, 2026, "Een goed jaar.");
    server.stop();
    let gone = push(&device.client, &device.token, &device.store).await;
    assert!(matches!(gone, Err(SyncError::Offline(_))), "{gone:?}");
    let item = device.store.lock().expect("lock").outbox().expect("outbox");
    assert_eq!((item.len(), item[0].attempts), (1, 1));
    server.start().await;
    push(&device.client, &device.token, &device.store)
        .await
        .expect("after the restart");
    assert_eq!(waiting(&device.store), 0);
    assert_eq!(on_server(&server).await, 1);
    assert_eq!(state(&device.store, &uuid), EvaluationState::Sent);
}

#[tokio::test]
async fn the_same_submissions_twice_and_out_of_order_are_stored_once_each() {
    let server = server().await;
    let device = manager(&server).await;
    let last_year = finished(&device.store, 2025, "Het eerste jaar.");
    let this_year = finished(&device.store, 2026, "Het tweede jaar.");
    let items = device.store.lock().expect("lock").outbox().expect("outbox");
    assert_eq!(items.len(), 2);
    // Another copy of the app (or a retry that overtook the first) sent them already,
    // the newer one first and the older one twice.
    for item in [&items[1], &items[0], &items[0]] {
        device
            .client
            .submit(&device.token, &item.key, &item.payload)
            .await
            .expect("sent");
    }
    let report = push(&device.client, &device.token, &device.store)
        .await
        .expect("push");
    assert_eq!((report.delivered, report.refused), (2, 0));
    assert_eq!(on_server(&server).await, 2);
    assert_eq!(waiting(&device.store), 0);
    for uuid in [last_year, this_year] {
        assert_eq!(state(&device.store, &uuid), EvaluationState::Sent);
    }
}

#[tokio::test]
async fn a_conflict_comes_back_with_the_reason_and_nothing_typed_is_lost() {
    let server = server().await;
    let device = manager(&server).await;
    let uuid = finished(&device.store, 2026, "Een goed jaar.");
    let item = device
        .store
        .lock()
        .expect("lock")
        .outbox()
        .expect("outbox")
        .remove(0);
    // Something else is on the server under this UUID (a restored backup of the device
    // that sent an earlier draft).
    let other = item.payload.replace("Een goed jaar.", "Een ander verhaal.");
    device
        .client
        .submit(&device.token, &item.key, &other)
        .await
        .expect("the other content");
    let before = device
        .store
        .lock()
        .expect("lock")
        .self_evaluation(&uuid)
        .expect("read")
        .expect("there");

    let report = push(&device.client, &device.token, &device.store)
        .await
        .expect("a conflict is an answer, not a failure");
    assert_eq!((report.delivered, report.refused), (0, 1));
    assert_eq!(waiting(&device.store), 0);
    let back = device
        .store
        .lock()
        .expect("lock")
        .self_evaluation(&uuid)
        .expect("read")
        .expect("there");
    assert_eq!(back.state, EvaluationState::Finished);
    assert!(
        back.refused
            .as_deref()
            .unwrap_or("")
            .contains("other content"),
        "{:?}",
        back.refused
    );
    assert_eq!(
        (&back.answers, &back.themes, &back.summary),
        (&before.answers, &before.themes, &before.summary)
    );

    // Sent again, under a new UUID.
    let again = device
        .store
        .lock()
        .expect("lock")
        .queue_self_evaluation(&uuid)
        .expect("queue again");
    assert_ne!(again, uuid);
    push(&device.client, &device.token, &device.store)
        .await
        .expect("push");
    assert_eq!(state(&device.store, &again), EvaluationState::Sent);
    assert_eq!(
        on_server(&server).await,
        2,
        "the other one and ours, once each"
    );
    assert_eq!(waiting(&device.store), 0);
}

#[tokio::test]
async fn a_volunteer_cannot_send_and_the_manager_sends_it_later() {
    let server = server().await;
    let device = manager(&server).await;
    let uuid = finished(&device.store, 2026, "Een goed jaar.");
    let volunteer = device
        .client
        .login("anna", PASSWORD)
        .await
        .expect("login")
        .token;
    let report = push(&device.client, &volunteer, &device.store)
        .await
        .expect("a refusal is an answer");
    assert_eq!(report.refused, 1);
    assert_eq!(on_server(&server).await, 0);
    assert_eq!(state(&device.store, &uuid), EvaluationState::Finished);
    let again = device
        .store
        .lock()
        .expect("lock")
        .queue_self_evaluation(&uuid)
        .expect("queue again");
    push(&device.client, &device.token, &device.store)
        .await
        .expect("push");
    assert_eq!(state(&device.store, &again), EvaluationState::Sent);
    assert_eq!(on_server(&server).await, 1);
}
