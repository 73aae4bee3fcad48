//! Pulls, publishing and the change feed a device follows.

use super::*;

on_both!(
    health_and_openapi_need_no_login,
    a_new_device_pulls_everything_in_pages_then_nothing,
    a_publish_sends_only_what_changed_and_tombstones,
    a_folder_with_errors_is_refused_and_nothing_changes,
    a_publish_by_another_process_is_seen_within_a_second,
    fingerprints_of_version_1_are_rewritten_without_a_change,
    a_sections_lokaal_is_stored_and_reaches_devices,
    real_server_on_loopback,
);

/// The fingerprint a server stored before version 2 (`kompas_store::fingerprint` of
/// then): the fields joined, tags with `,`, as bare hex.
fn fingerprint_v1(section: &WireSection) -> String {
    let fields = [
        section.title.clone(),
        section.category.clone(),
        section.category_rank.to_string(),
        section.order.to_string(),
        section.tags.join(","),
        if section.critical { "critical" } else { "" }.to_owned(),
        section.review_by.clone().unwrap_or_default(),
    ];
    kompas_core::fingerprint::fields_digest(
        fields
            .iter()
            .map(|f| f.as_bytes())
            .chain([section.source_path.as_bytes(), section.body.as_bytes()]),
    )
}

async fn health_and_openapi_need_no_login(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let answer = send(
        &server.app,
        request(Method::GET, "/api/v1/health", None, None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let answer = send(
        &server.app,
        request(Method::GET, "/api/v1/openapi.json", None, None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let document: serde_json::Value = answer.json();
    assert_eq!(document["openapi"], "3.0.3");
    for path in [
        "/api/v1/health",
        "/api/v1/openapi.json",
        "/api/v1/login",
        "/api/v1/logout",
        "/api/v1/me",
        "/api/v1/organizations/{organization}/changes",
        "/api/v1/admin/users/{username}/revoke-tokens",
        "/api/v1/metrics",
    ] {
        assert!(
            document["paths"].get(path).is_some(),
            "{path} is not documented"
        );
    }
}

async fn a_new_device_pulls_everything_in_pages_then_nothing(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let token = login(&server.app, "volunteer").await;
    let (all, pages) = pull_all(&server.app, &token, "de-linde", String::new()).await;
    assert!(all.sections.len() >= 30, "{}", all.sections.len());
    // Full pages of 10, the last one shorter (or, when it came out even, one empty page
    // more is not needed: `more` is exact).
    assert_eq!(pages, all.sections.len().div_ceil(10));
    assert!(all.removed.is_empty());
    let dies = all
        .sections
        .iter()
        .find(|s| s.id == "als-een-gast-overlijdt")
        .expect("the protocol for a death");
    assert!(dies.critical);
    assert!(dies.body.contains("verpleegkundige"));

    // Nothing changed: an empty page with the same cursor, and 304 for the same ETag.
    let uri = format!(
        "/api/v1/organizations/de-linde/changes?cursor={}",
        all.cursor
    );
    let answer = send(&server.app, request(Method::GET, &uri, Some(&token), None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let page: ChangesPage = answer.json();
    assert!(page.sections.is_empty() && page.removed.is_empty() && !page.more);
    assert_eq!(page.cursor, all.cursor);
    let etag = answer.headers.get(header::ETAG).expect("etag").clone();
    let mut again = request(Method::GET, &uri, Some(&token), None);
    again.headers_mut().insert(header::IF_NONE_MATCH, etag);
    let answer = send(&server.app, again).await;
    assert_eq!(answer.status, StatusCode::NOT_MODIFIED);
    assert!(answer.body.is_empty());
}

async fn a_publish_sends_only_what_changed_and_tombstones(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let token = login(&server.app, "volunteer").await;
    let (all, _) = pull_all(&server.app, &token, "de-linde", String::new()).await;

    // A coordinator edits one protocol and removes another.
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    let fall = find_file(copy.path(), "als-een-gast-valt").expect("fall protocol");
    let text = std::fs::read_to_string(&fall).expect("read");
    std::fs::write(
        &fall,
        format!("{text}\nNieuw: meld elke val ook in het valregister.\n"),
    )
    .expect("write");
    // Nothing links to this section, so removing it leaves a valid handbook.
    let removed = find_file(copy.path(), "jongvolwassenen").expect("young adults section");
    std::fs::remove_file(&removed).expect("remove");
    let report = publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(
        (
            report.sections.added,
            report.sections.changed,
            report.sections.removed
        ),
        (0, 1, 1),
        "{report:?}"
    );
    let (delta, _) = pull_all(&server.app, &token, "de-linde", all.cursor.clone()).await;
    assert_eq!(delta.sections.len(), 1);
    assert_eq!(delta.sections[0].id, "als-een-gast-valt");
    assert!(delta.sections[0].body.contains("valregister"));
    assert_eq!(delta.sections[0].revision, 2);
    assert_eq!(delta.removed, vec!["jongvolwassenen".to_owned()]);

    // The same folder again changes nothing: no new change numbers, an empty pull.
    let before = server.db.region_head("utrecht").await.expect("head");
    let report = publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(
        (
            report.sections.added,
            report.sections.changed,
            report.sections.removed
        ),
        (0, 0, 0)
    );
    assert_eq!(
        server.db.region_head("utrecht").await.expect("head"),
        before
    );
    let (nothing, _) = pull_all(&server.app, &token, "de-linde", delta.cursor.clone()).await;
    assert!(nothing.sections.is_empty() && nothing.removed.is_empty());

    // Putting the section back brings it back, as revision 3 (1, tombstone 2, 3).
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    let report = publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(
        (
            report.sections.added,
            report.sections.changed,
            report.sections.removed
        ),
        (0, 2, 0),
        "{report:?}"
    );
    let (back, _) = pull_all(&server.app, &token, "de-linde", delta.cursor).await;
    let young = back
        .sections
        .iter()
        .find(|s| s.id == "jongvolwassenen")
        .expect("back again");
    assert_eq!(young.revision, 3);
}

async fn a_sections_lokaal_is_stored_and_reaches_devices(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let token = login(&server.app, "volunteer").await;
    let (all, _) = pull_all(&server.app, &token, "de-linde", String::new()).await;
    assert!(all
        .sections
        .iter()
        .all(|s| s.local_policy == LocalPolicy::Replaceable));

    // The region fixes one protocol: that is a change, sent to devices.
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    let fire = find_file(copy.path(), "bij-brand").expect("fire protocol");
    let text = std::fs::read_to_string(&fire).expect("read");
    let text = text.replacen("---\n", "---\nlokaal: vast\n", 1);
    std::fs::write(&fire, text).expect("write");
    let report = publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(report.sections.changed, 1, "{report:?}");
    let (delta, _) = pull_all(&server.app, &token, "de-linde", all.cursor.clone()).await;
    assert_eq!(delta.sections.len(), 1);
    assert_eq!(delta.sections[0].local_policy, LocalPolicy::Fixed);
    assert_eq!(delta.sections[0].revision, 2);

    // Read back from the database, it is the same section: publishing again changes nothing.
    let report = publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(report.sections.changed, 0, "{report:?}");
}

async fn a_folder_with_errors_is_refused_and_nothing_changes(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    std::fs::write(
        copy.path().join("kapot.md"),
        "---\nid: als-een-gast-valt\ntitle: Dubbel\n---\n# Dubbel\n[weg](id:bestaat-niet)\n",
    )
    .expect("write");
    let before = server.db.region_head("utrecht").await.expect("head");
    let error = publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("nothing was published"), "{message}");
    assert!(message.contains("kapot.md"), "{message}");
    assert_eq!(
        server.db.region_head("utrecht").await.expect("head"),
        before
    );
}

/// A publish by another process (the CLI, with its own `Db`) reaches devices within the
/// access cache's second, and a cursor from it is never called "ahead" of the server.
async fn a_publish_by_another_process_is_seen_within_a_second(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let token = login(&server.app, "volunteer").await;
    let pull = |cursor: String| {
        let (app, token) = (server.app.clone(), token.clone());
        async move {
            let uri = format!("/api/v1/organizations/de-linde/changes?cursor={cursor}");
            let answer = send(&app, request(Method::GET, &uri, Some(&token), None)).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{}",
                String::from_utf8_lossy(&answer.body)
            );
            answer.json::<ChangesPage>()
        }
    };
    let first = pull(String::new()).await;
    assert!(!first.more);

    // The CLI publishes a change through its own connection and cache.
    let other = server.another_process().await;
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    let fall = find_file(copy.path(), "als-een-gast-valt").expect("fall protocol");
    let text = std::fs::read_to_string(&fall).expect("read");
    std::fs::write(&fall, format!("{text}\nNieuw: het valregister.\n")).expect("write");
    let report = publish_dir(&other, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(report.sections.changed, 1);

    // A full pull reads the rows themselves, so it already has the change and a cursor
    // past the head this server still caches; that cursor is not "ahead".
    let again = pull(String::new()).await;
    assert!(
        again.cursor > first.cursor,
        "{} vs {}",
        again.cursor,
        first.cursor
    );
    let after = pull(again.cursor.clone()).await;
    assert!(after.sections.is_empty() && after.removed.is_empty());

    // A device at the old cursor gets the change at the latest after a second.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let late = pull(first.cursor.clone()).await;
    assert_eq!(
        late.sections
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["als-een-gast-valt"]
    );
}

/// A server that published before fingerprints had a version: the same content again is
/// no change for anyone, and the stored fingerprints move to the current encoding.
async fn fingerprints_of_version_1_are_rewritten_without_a_change(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let handbook = std::path::Path::new("../../content/handbook");
    let token = login(&server.app, "volunteer").await;
    let (all, _) = pull_all(&server.app, &token, "de-linde", String::new()).await;
    let age = |sections: &[WireSection]| {
        sections
            .iter()
            .map(|s| {
                format!(
                    "UPDATE section SET fingerprint = '{}' WHERE region_id = 'utrecht' AND id = '{}';",
                    fingerprint_v1(s),
                    s.id
                )
            })
            .collect::<String>()
    };
    let stored = "SELECT fingerprint FROM section WHERE region_id = 'utrecht' ORDER BY id";
    server.raw.execute(&age(&all.sections)).await;
    let old = server.raw.strings(stored).await;
    assert_eq!(old.len(), all.sections.len());
    assert!(old.iter().all(|print| !print.starts_with("v2:")), "{old:?}");

    let head = server.db.region_head("utrecht").await.expect("head");
    let report = publish_dir(&server.db, handbook, "utrecht")
        .await
        .expect("publish");
    assert_eq!(
        (
            report.sections.added,
            report.sections.changed,
            report.sections.removed,
            report.sections.unchanged
        ),
        (0, 0, 0, all.sections.len()),
        "{report:?}"
    );
    assert_eq!(server.db.region_head("utrecht").await.expect("head"), head);
    let (nothing, _) = pull_all(&server.app, &token, "de-linde", all.cursor.clone()).await;
    assert!(nothing.sections.is_empty() && nothing.removed.is_empty());
    assert_eq!(nothing.cursor, all.cursor);
    let new = server.raw.strings(stored).await;
    assert!(new.iter().all(|print| print.starts_with("v2:")), "{new:?}");

    // A removed section whose tombstone holds a version 1 fingerprint comes back as a
    // change, with a new revision, even with the same content.
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(handbook, copy.path()).expect("copy the handbook");
    let removed = find_file(copy.path(), "jongvolwassenen").expect("young adults section");
    std::fs::remove_file(&removed).expect("remove");
    let report = publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(report.sections.removed, 1, "{report:?}");
    let (gone, _) = pull_all(&server.app, &token, "de-linde", all.cursor.clone()).await;
    server.raw.execute(&age(&all.sections)).await;
    let report = publish_dir(&server.db, handbook, "utrecht")
        .await
        .expect("publish");
    assert_eq!(
        (
            report.sections.added,
            report.sections.changed,
            report.sections.removed,
            report.sections.unchanged
        ),
        (0, 1, 0, all.sections.len() - 1),
        "{report:?}"
    );
    let (back, _) = pull_all(&server.app, &token, "de-linde", gone.cursor).await;
    let back: Vec<_> = back
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.revision))
        .collect();
    assert_eq!(back, [("jongvolwassenen", 3)]);
    let new = server.raw.strings(stored).await;
    assert!(new.iter().all(|print| print.starts_with("v2:")), "{new:?}");
}

/// The same router served for real on 127.0.0.1:0: raw HTTP/1.1, gzip for a pull, and a
/// graceful shutdown.
async fn real_server_on_loopback(storage: Storage) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let Some(server) = server(storage).await else {
        return;
    };
    let token = login(&server.app, "volunteer").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(kompas_server::run(
        listener,
        server.app.clone(),
        async move {
            let _ = stopped.await;
        },
    ));

    async fn raw(address: std::net::SocketAddr, request: String) -> String {
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connect");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.expect("read");
        String::from_utf8_lossy(&answer).into_owned()
    }

    let health = raw(
        address,
        "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".into(),
    )
    .await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains(r#""status":"ok""#), "{health}");

    let pull = raw(
        address,
        format!(
            "GET /api/v1/organizations/de-linde/changes HTTP/1.1\r\nHost: x\r\n\
             Authorization: Bearer {token}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(pull.starts_with("HTTP/1.1 200"), "{pull}");
    assert!(
        pull.to_ascii_lowercase().contains("content-encoding: gzip"),
        "{}",
        &pull[..pull.find("\r\n\r\n").unwrap_or(pull.len())]
    );

    stop.send(()).expect("stop");
    serving.await.expect("join").expect("served");
}
