//! The sync engine against a real server on loopback and a real store file: first pull,
//! a publish that reaches the device, a connection cut mid-response, a device far behind,
//! and a revoked token.

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use kompas_server::{publish_dir, router, AppState};
use kompas_store::{PageEnd, Store};
use kompas_sync::{pull, server_url, Client, SyncError};

mod common;

use common::*;

#[tokio::test]
async fn a_published_section_becomes_readable_and_searchable() {
    let server = server().await;
    let home = tempfile::tempdir().expect("temp dir");
    let store = device(home.path());
    let client = client(server.address);
    let token = client.login("anna", PASSWORD).await.expect("login").token;

    let first = pull(&client, &token, "de-linde", &store, 10, |_| {})
        .await
        .expect("first pull");
    assert!(first.pages >= 4, "{first:?}");
    // The server holds the same handbook as the app: nothing to change or remove locally.
    assert_eq!((first.changed, first.removed), (0, 0), "{first:?}");
    let bundled = snapshot(&store);
    assert!(bundled.len() >= 30, "{}", bundled.len());

    let content = handbook_copy();
    add_section(
        content.path(),
        "wateroverlast",
        "Bij wateroverlast",
        "Zet de hoofdkraan dicht en bel de technische dienst. Breng gasten naar een droge kamer.",
    );
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");

    let mut seen = Vec::new();
    let second = pull(&client, &token, "de-linde", &store, 10, |report| {
        seen.push(report.pages)
    })
    .await
    .expect("second pull");
    assert_eq!((second.pages, second.changed, second.removed), (1, 1, 0));
    assert_eq!(seen, vec![1]);
    assert_eq!(snapshot(&store).len(), bundled.len() + 1);
    let store = store.lock().expect("lock");
    let section = store
        .section("wateroverlast")
        .expect("read")
        .expect("the new section is there");
    assert!(section.html.contains("hoofdkraan"));
    let hits = store.search("hoofdkraan", 5).expect("search").hits;
    assert_eq!(hits.first().map(|h| h.id.as_str()), Some("wateroverlast"));
}

#[tokio::test]
async fn a_cut_connection_resumes_to_the_same_database() {
    let server = server().await;
    // A handbook the device does not have yet: every section changed, one added.
    let content = handbook_copy();
    add_section(
        content.path(),
        "wateroverlast",
        "Bij wateroverlast",
        "Zet de hoofdkraan dicht.",
    );
    for entry in walk(content.path()) {
        let text = std::fs::read_to_string(&entry).expect("read");
        std::fs::write(&entry, format!("{text}\nAangepast voor De Linde.\n")).expect("write");
    }
    publish_dir(&server.db, content.path(), "utrecht")
        .await
        .expect("publish");

    // The reference: an uninterrupted pull.
    let reference_home = tempfile::tempdir().expect("temp dir");
    let reference = device(reference_home.path());
    let direct = client(server.address);
    let token = direct.login("anna", PASSWORD).await.expect("login").token;
    pull(&direct, &token, "de-linde", &reference, 5, |_| {})
        .await
        .expect("reference pull");

    let total_pages = pull(&direct, &token, "de-linde", &reference, 5, |_| {})
        .await
        .map(|r| r.pages)
        .unwrap_or(0);
    assert_eq!(
        total_pages, 1,
        "a second pull of the reference finds nothing new"
    );

    // How many bytes a whole pull is on the wire (gzip), measured through the proxy.
    let meter = Arc::new(AtomicI64::new(i64::MAX));
    let metered = client(cutting_proxy(server.address, meter.clone()).await);
    let meter_home = tempfile::tempdir().expect("temp dir");
    pull(
        &metered,
        &token,
        "de-linde",
        &device(meter_home.path()),
        5,
        |_| {},
    )
    .await
    .expect("metered pull");
    let total = i64::MAX - meter.load(Ordering::SeqCst);

    // Cut at several points, then heal the connection and pull again through the same
    // address: it resumes from the last applied page, and ends with the same database.
    for budget in [total * 3 / 10, total / 2, total * 8 / 10] {
        let home = tempfile::tempdir().expect("temp dir");
        let store = device(home.path());
        let allowance = Arc::new(AtomicI64::new(budget));
        let proxy = cutting_proxy(server.address, allowance.clone()).await;
        let flaky = client(proxy);
        let mut applied = 0;
        let error = pull(&flaky, &token, "de-linde", &store, 5, |report| {
            applied = report.pages
        })
        .await
        .expect_err("the connection is cut");
        assert!(matches!(error, SyncError::Offline(_)), "{error:?}");
        assert!(
            applied > 0,
            "budget {budget}: no page got through before the cut"
        );
        // Whatever was applied is whole pages: the handbook is readable meanwhile.
        assert!(!snapshot(&store).is_empty());

        allowance.store(i64::MAX, Ordering::SeqCst);
        let resumed = pull(&flaky, &token, "de-linde", &store, 5, |_| {})
            .await
            .expect("resumed pull");
        let reference_pages = reference_page_count(&direct, &token).await;
        assert_eq!(
            applied + resumed.pages,
            reference_pages,
            "budget {budget}: resumed from the last applied page, not from the start"
        );
        assert_eq!(snapshot(&store), snapshot(&reference), "budget {budget}");
    }
}

/// How many pages of 5 a new device needs.
async fn reference_page_count(client: &Client, token: &str) -> usize {
    let home = tempfile::tempdir().expect("temp dir");
    let store = Mutex::new(Store::open(&home.path().join("fresh.sqlite")).expect("store"));
    pull(client, token, "de-linde", &store, 5, |_| {})
        .await
        .expect("pull")
        .pages
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn a_device_far_behind_gets_each_section_once() {
    let server = server().await;
    let Device {
        _home,
        store,
        client,
        token,
    } = synced_device(&server).await;

    // Thirty publishes while the device is offline, each touching the same two sections.
    let content = handbook_copy();
    for round in 0..30 {
        add_section(
            content.path(),
            "wateroverlast",
            "Bij wateroverlast",
            &format!("Versie {round}."),
        );
        add_section(
            content.path(),
            "gaslucht",
            "Als je gas ruikt",
            &format!("Versie {round}: ramen open."),
        );
        publish_dir(&server.db, content.path(), "utrecht")
            .await
            .expect("publish");
    }
    let report = pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect("catch up");
    assert_eq!((report.pages, report.changed), (1, 2), "{report:?}");
    let store = store.lock().expect("lock");
    let section = store.section("gaslucht").expect("read").expect("there");
    assert!(section.html.contains("Versie 29"), "{}", section.html);
}

#[tokio::test]
async fn a_revoked_token_asks_to_log_in_and_keeps_the_handbook() {
    let server = server().await;
    let Device {
        _home,
        store,
        client,
        token,
    } = synced_device(&server).await;
    let before = snapshot(&store);
    revoke_tokens_of(&server, "anna").await;
    let error = pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect_err("refused");
    assert!(matches!(error, SyncError::LoginNeeded), "{error:?}");
    assert_eq!(snapshot(&store), before);

    // A wrong password is the user's to fix, with the server's words.
    let error = client
        .login("anna", "verkeerd wachtwoord")
        .await
        .expect_err("refused");
    assert!(
        matches!(error, SyncError::Refused(ref p) if p.status == 401),
        "{error:?}"
    );

    // A server that is gone is "offline", and nothing is lost.
    drop(server);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let error = pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect_err("offline");
    assert!(error.is_transient(), "{error:?}");
    assert_eq!(snapshot(&store), before);
}

/// The server serving HTTPS itself (rustls) with a certificate from the hospice's own CA:
/// login and pull work over TLS, and a client that does not trust the CA refuses.
#[tokio::test]
async fn pull_over_tls_served_by_the_server_itself() {
    let plain = server().await;
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("certificate");
    let dir = tempfile::tempdir().expect("temp dir");
    let tls = kompas_server::TlsFiles {
        certificate: dir.path().join("cert.pem"),
        key: dir.path().join("key.pem"),
    };
    std::fs::write(&tls.certificate, certified.cert.pem()).expect("write");
    std::fs::write(&tls.key, certified.key_pair.serialize_pem()).expect("write");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn({
        let router = router(AppState::new(plain.db.clone()));
        let tls = tls.clone();
        async move {
            kompas_server::run_tls(listener, router, &tls, async move {
                let _ = stopped.await;
            })
            .await
        }
    });
    let base = server_url(&format!("https://localhost:{port}")).expect("url");

    let untrusting = Client::new(base.clone());
    let error = untrusting
        .login("anna", PASSWORD)
        .await
        .expect_err("an unknown CA is refused");
    assert!(matches!(error, SyncError::Offline(_)), "{error:?}");

    let client =
        Client::with_root_certificate(base, certified.cert.pem().as_bytes()).expect("client");
    let token = client.login("anna", PASSWORD).await.expect("login").token;
    let home = tempfile::tempdir().expect("temp dir");
    let store = device(home.path());
    let report = pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect("pull over TLS");
    assert!(report.pages >= 1);

    stop.send(()).expect("stop");
    serving.await.expect("join").expect("served");
}

/// A server restored from an older backup no longer knows the device's cursor: the device
/// starts over by itself and keeps its handbook readable meanwhile.
#[tokio::test]
async fn a_server_restored_from_a_backup_makes_the_device_start_over() {
    let server = server().await;
    let Device {
        _home,
        store,
        client,
        token,
    } = synced_device(&server).await;
    let before = snapshot(&store);
    // The device believes it is further than the server has ever been.
    store
        .lock()
        .expect("lock")
        .apply_changes(
            kompas_store::Changes {
                sections: &[],
                removed: &[],
                overlay: None,
            },
            &PageEnd {
                cursor: "v1.999999",
                full_pending: false,
            },
            false,
        )
        .expect("cursor");
    let report = pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect("starts over");
    assert!(report.pages >= 1);
    assert_eq!(snapshot(&store), before);
    let head = server.db.region_head("utrecht").await.expect("head");
    assert_eq!(
        store
            .lock()
            .expect("lock")
            .sync_record()
            .expect("the sync record")
            .pull
            .cursor,
        Some(format!("v2.{head}.0"))
    );
}
