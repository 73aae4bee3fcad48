//! The sync API in-process (tower `oneshot`): login, pulls, publishing, errors, and who may
//! call what.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use kompas_proto::sync::{ChangesPage, LoginResponse, Problem, ProblemKind, Role, WireSection};
use kompas_server::{auth, publish_dir, router, AppState, Db, DbError};
use serde_json::json;
use tower::ServiceExt;

const PASSWORD: &str = "een lang wachtwoord";

/// Where a test server keeps its data: every test runs on both.
#[derive(Debug, Clone, Copy)]
enum Storage {
    Sqlite,
    Postgres,
}

/// Runs each named test body against SQLite and against PostgreSQL: the server
/// `KOMPAS_TEST_POSTGRES` names, as `./kompas.sh test` sets it. Without it the PostgreSQL
/// variants are skipped, loudly, and under CI they fail (`kompas_tests::postgres_gate`).
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(super::Storage::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$name(super::Storage::Postgres).await
            }
        }
    )*};
}

on_both!(
    health_and_openapi_need_no_login,
    a_new_device_pulls_everything_in_pages_then_nothing,
    a_publish_sends_only_what_changed_and_tombstones,
    a_folder_with_errors_is_refused_and_nothing_changes,
    bad_requests_get_a_problem_never_a_500,
    wrong_passwords_are_throttled_and_logout_revokes,
    authorization_matrix,
    real_server_on_loopback,
    the_same_mistakes_get_the_same_answers,
    an_add_region_that_fails_halfway_leaves_nothing,
    memberships_come_in_the_same_order,
    fingerprints_of_version_1_are_rewritten_without_a_change,
    internal_failures_are_a_500_without_internal_text,
    a_write_waits_for_another_writer_instead_of_failing,
);

struct Server {
    _dir: tempfile::TempDir,
    db: Db,
    app: Router,
    /// The database behind `db`, for tests that must age or break it with SQL.
    raw: Raw,
}

/// Direct SQL on a test server's database, past `Db`: for states no operation of the
/// server makes (fingerprints of an older version, a broken table).
enum Raw {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl Raw {
    async fn execute(&self, sql: &str) {
        match self {
            Raw::Sqlite(path) => rusqlite::Connection::open(path)
                .and_then(|c| c.execute_batch(sql))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Raw::Postgres(url) => {
                let client = Raw::postgres(url).await;
                client
                    .batch_execute(sql)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        }
    }

    /// The first column of every row, as text.
    async fn strings(&self, sql: &str) -> Vec<String> {
        match self {
            Raw::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("open");
                let mut statement = conn.prepare(sql).expect("prepare");
                statement
                    .query_map([], |row| row.get(0))
                    .and_then(|rows| rows.collect())
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
            }
            Raw::Postgres(url) => Raw::postgres(url)
                .await
                .query(sql, &[])
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .iter()
                .map(|row| row.get(0))
                .collect(),
        }
    }

    /// Runs `sql` in a transaction that another process keeps open for `hold`; returns
    /// once the transaction holds its locks, and the handle that commits it.
    async fn hold_transaction(
        &self,
        sql: String,
        hold: std::time::Duration,
    ) -> tokio::task::JoinHandle<()> {
        let (ready, started) = tokio::sync::oneshot::channel();
        let holder = match self {
            Raw::Sqlite(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || {
                    let conn = rusqlite::Connection::open(path).expect("open");
                    conn.execute_batch(&format!("BEGIN IMMEDIATE; {sql}"))
                        .expect("begin");
                    let _ = ready.send(());
                    std::thread::sleep(hold);
                    conn.execute_batch("COMMIT").expect("commit");
                })
            }
            Raw::Postgres(url) => {
                let client = Raw::postgres(url).await;
                tokio::spawn(async move {
                    client
                        .batch_execute(&format!("BEGIN; {sql}"))
                        .await
                        .expect("begin");
                    let _ = ready.send(());
                    tokio::time::sleep(hold).await;
                    client.batch_execute("COMMIT").await.expect("commit");
                })
            }
        };
        started.await.expect("the transaction started");
        holder
    }

    async fn postgres(url: &str) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .expect("connect to PostgreSQL");
        tokio::spawn(connection);
        client
    }
}

/// Region `utrecht` with hospices `de-linde` and `het-anker`, region `gelderland` with
/// `de-berk`, one user per role, and the bundled handbook published to `utrecht`. `None`
/// when that storage is not available here.
async fn server(storage: Storage) -> Option<Server> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, raw) = match storage {
        Storage::Sqlite => {
            let path = dir.path().join("server.sqlite");
            (Db::open(&path).expect("open"), Raw::Sqlite(path))
        }
        Storage::Postgres => {
            let url = kompas_tests::scratch_postgres().await?;
            let db = Db::connect(&url).await.expect("connect to PostgreSQL");
            (db, Raw::Postgres(url))
        }
    };
    db.add_region("utrecht", "Regio Utrecht")
        .await
        .expect("region");
    db.add_region("gelderland", "Regio Gelderland")
        .await
        .expect("region");
    for (id, region, name) in [
        ("de-linde", "utrecht", "Hospice De Linde"),
        ("het-anker", "utrecht", "Hospice Het Anker"),
        ("de-berk", "gelderland", "Hospice De Berk"),
    ] {
        db.add_organization(id, region, name).await.expect("org");
    }
    let hash = auth::hash_password(PASSWORD).expect("hash");
    for (name, admin) in [
        ("admin", true),
        ("coordinator", false),
        ("manager", false),
        ("volunteer", false),
        ("outsider", false),
    ] {
        db.add_account(name, &hash, admin).await.expect("account");
    }
    db.add_coordinator("coordinator", "utrecht")
        .await
        .expect("coordinator");
    for (user, org, role) in [
        ("manager", "de-linde", Role::Manager),
        ("volunteer", "de-linde", Role::Volunteer),
        ("outsider", "de-berk", Role::Volunteer),
    ] {
        db.add_membership(user, org, role).await.expect("member");
    }
    publish_dir(
        &db,
        std::path::Path::new("../../content/handbook"),
        "utrecht",
    )
    .await
    .expect("publish");
    let app = router(AppState::new(db.clone()));
    Some(Server {
        _dir: dir,
        db,
        app,
        raw,
    })
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not the expected JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn problem(&self) -> Problem {
        assert_eq!(
            self.headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
            Some(&b"application/problem+json"[..]),
            "status {}: {}",
            self.status,
            String::from_utf8_lossy(&self.body)
        );
        let problem: Problem = self.json();
        assert_eq!(problem.status, self.status.as_u16());
        assert!(!problem.detail.is_empty());
        problem
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

fn request(method: Method, uri: &str, token: Option<&str>, body: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned())),
        None => builder.body(Body::empty()),
    }
    .expect("request")
}

async fn login(app: &Router, username: &str) -> String {
    let body = json!({ "username": username, "password": PASSWORD }).to_string();
    let answer = send(
        app,
        request(Method::POST, "/api/v1/login", None, Some(&body)),
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json::<LoginResponse>().token
}

async fn pull_all(
    app: &Router,
    token: &str,
    org: &str,
    mut cursor: String,
) -> (ChangesPage, usize) {
    let mut all = ChangesPage {
        sections: Vec::new(),
        removed: Vec::new(),
        cursor: cursor.clone(),
        more: false,
    };
    let mut pages = 0;
    loop {
        let uri = format!("/api/v1/organizations/{org}/changes?limit=10&cursor={cursor}");
        let answer = send(app, request(Method::GET, &uri, Some(token), None)).await;
        assert_eq!(answer.status, StatusCode::OK);
        let page: ChangesPage = answer.json();
        assert!(page.sections.len() + page.removed.len() <= 10);
        pages += 1;
        all.sections.extend(page.sections);
        all.removed.extend(page.removed);
        cursor = page.cursor.clone();
        all.cursor = page.cursor;
        if !page.more {
            return (all, pages);
        }
    }
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
        (report.added, report.changed, report.removed),
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
    assert_eq!((report.added, report.changed, report.removed), (0, 0, 0));
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
        (report.added, report.changed, report.removed),
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

async fn bad_requests_get_a_problem_never_a_500(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let token = login(&server.app, "volunteer").await;
    let app = &server.app;
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (
            request(Method::POST, "/api/v1/login", None, Some("{not json")),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(r#"{"username":"a","password":"b","extra":1}"#),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(r#"{"username":1,"password":"b"}"#),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/login")
                .body(Body::from(r#"{"username":"a","password":"b"}"#))
                .expect("request"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(&format!(
                    r#"{{"username":"a","password":"{}"}}"#,
                    "x".repeat(100_000)
                )),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?cursor=garbage",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?cursor=v1.999999",
                Some(&token),
                None,
            ),
            StatusCode::CONFLICT,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?limit=0",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?limit=abc",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?colour=red",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        // A NUL cannot be stored in PostgreSQL text; it is a name nobody has, on both.
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(r#"{"username":"volun\u0000teer","password":"een lang wachtwoord"}"#),
            ),
            StatusCode::UNAUTHORIZED,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de%00linde/changes",
                Some(&token),
                None,
            ),
            StatusCode::FORBIDDEN,
        ),
        (
            request(Method::GET, "/api/v1/nothing-here", None, None),
            StatusCode::NOT_FOUND,
        ),
        (
            request(Method::DELETE, "/api/v1/health", None, None),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (request, expected) in cases {
        let uri = request.uri().clone();
        let answer = send(app, request).await;
        assert_eq!(
            answer.status,
            expected,
            "{uri}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.problem();
    }
}

async fn wrong_passwords_are_throttled_and_logout_revokes(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let wrong = json!({ "username": "coordinator", "password": "niet het wachtwoord" }).to_string();
    for _ in 0..5 {
        let answer = send(
            app,
            request(Method::POST, "/api/v1/login", None, Some(&wrong)),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        answer.problem();
    }
    let answer = send(
        app,
        request(Method::POST, "/api/v1/login", None, Some(&wrong)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.problem().detail.contains("Wait"));
    // An unknown user gets the same answer as a wrong password.
    let unknown = json!({ "username": "niemand", "password": PASSWORD }).to_string();
    let answer = send(
        app,
        request(Method::POST, "/api/v1/login", None, Some(&unknown)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);

    let token = login(app, "volunteer").await;
    let answer = send(app, request(Method::GET, "/api/v1/me", Some(&token), None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let answer = send(
        app,
        request(Method::POST, "/api/v1/logout", Some(&token), None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    let answer = send(app, request(Method::GET, "/api/v1/me", Some(&token), None)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    answer.problem();

    // An administrator revokes every token of a user.
    let first = login(app, "manager").await;
    let second = login(app, "manager").await;
    let admin = login(app, "admin").await;
    let answer = send(
        app,
        request(
            Method::POST,
            "/api/v1/admin/users/manager/revoke-tokens",
            Some(&admin),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    for token in [first, second] {
        let answer = send(app, request(Method::GET, "/api/v1/me", Some(&token), None)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
}

/// Every endpoint × every role × own and other organization, with the exact status.
async fn authorization_matrix(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let mut tokens = vec![("nobody", None), ("bad token", Some("0".repeat(64)))];
    for role in ["volunteer", "manager", "coordinator", "admin", "outsider"] {
        tokens.push((role, Some(login(app, role).await)));
    }
    // The expected status for: nobody, bad token, volunteer, manager (both of de-linde),
    // coordinator (of utrecht: de-linde, het-anker), admin, outsider (volunteer of de-berk).
    let matrix = [
        ("GET", "/api/v1/health", "200 200 200 200 200 200 200"),
        ("GET", "/api/v1/openapi.json", "200 200 200 200 200 200 200"),
        ("GET", "/api/v1/me", "401 401 200 200 200 200 200"),
        (
            "GET",
            "/api/v1/organizations/de-linde/changes",
            "401 401 200 200 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/het-anker/changes",
            "401 401 403 403 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-berk/changes",
            "401 401 403 403 403 200 200",
        ),
        (
            "GET",
            "/api/v1/organizations/bestaat-niet/changes",
            "401 401 403 403 403 403 403",
        ),
        ("GET", "/api/v1/metrics", "401 401 403 403 403 200 403"),
        (
            "POST",
            "/api/v1/admin/users/nobody-at-all/revoke-tokens",
            "401 401 403 403 403 404 403",
        ),
        // Last: logging out revokes the tokens used above.
        ("POST", "/api/v1/logout", "401 401 204 204 204 204 204"),
    ];
    for (method, uri, expected) in matrix {
        let method: Method = method.parse().expect("method");
        let expected = expected
            .split(' ')
            .map(|code| StatusCode::from_bytes(code.as_bytes()).expect("status"));
        for ((who, token), expected) in tokens.iter().zip(expected) {
            let answer = send(app, request(method.clone(), uri, token.as_deref(), None)).await;
            assert_eq!(answer.status, expected, "{method} {uri} as {who}");
            if !answer.status.is_success() {
                answer.problem();
            }
        }
    }
}

/// What an operation answered, in words that do not depend on the storage: the storages
/// must give the same words for the same case.
fn outcome<T: std::fmt::Debug>(result: Result<T, DbError>) -> String {
    match result {
        Ok(value) => format!("ok {value:?}"),
        Err(DbError::NotFound(what)) => format!("not found: {what}"),
        Err(DbError::Invalid(message)) => format!("invalid: {message}"),
        Err(DbError::Internal(_)) => "internal".into(),
        Err(_) => "database error".into(),
    }
}

/// Every mistake an operator (CLI) or a stale token can make gets the same answer on
/// both storages.
async fn the_same_mistakes_get_the_same_answers(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let db = &server.db;
    let hash = auth::hash_password(PASSWORD).expect("hash");
    let head = db.region_head("utrecht").await.expect("head");
    let cases = [
        (
            outcome(db.add_region("utrecht", "Nog eens").await),
            "invalid: region `utrecht` already exists".to_owned(),
        ),
        (
            outcome(db.add_region("Utrecht!", "Fout").await),
            "invalid: `Utrecht!` is not a valid region id: use lowercase letters, digits and \
             dashes"
                .to_owned(),
        ),
        (
            outcome(db.add_organization("de-linde", "utrecht", "Nog eens").await),
            "invalid: organization `de-linde` already exists".to_owned(),
        ),
        (
            outcome(db.add_organization("nieuw", "nergens", "Nieuw").await),
            "not found: region `nergens` (add it first with `region add`)".to_owned(),
        ),
        (
            outcome(db.add_account("volunteer", &hash, false).await),
            "invalid: user `volunteer` already exists".to_owned(),
        ),
        (
            outcome(db.add_account("  ", &hash, false).await),
            "invalid: a username must be 1 to 100 characters".to_owned(),
        ),
        (
            outcome(
                db.add_membership("niemand", "de-linde", Role::Volunteer)
                    .await,
            ),
            "not found: user `niemand`".to_owned(),
        ),
        (
            outcome(
                db.add_membership("volunteer", "nergens", Role::Volunteer)
                    .await,
            ),
            "not found: organization `nergens`".to_owned(),
        ),
        // The user is checked first.
        (
            outcome(
                db.add_membership("niemand", "nergens", Role::Volunteer)
                    .await,
            ),
            "not found: user `niemand`".to_owned(),
        ),
        (
            outcome(db.add_coordinator("niemand", "utrecht").await),
            "not found: user `niemand`".to_owned(),
        ),
        (
            outcome(db.add_coordinator("volunteer", "nergens").await),
            "not found: region `nergens`".to_owned(),
        ),
        // Twice is the same as once.
        (
            outcome(db.add_coordinator("coordinator", "utrecht").await),
            "ok ()".to_owned(),
        ),
        (
            outcome(db.revoke_all_tokens("niemand").await),
            "not found: user `niemand`".to_owned(),
        ),
        // A token whose account is gone (cached, or another process removed it).
        (
            outcome(db.account(999_999).await),
            "not found: account 999999".to_owned(),
        ),
        (
            outcome(db.organization_access(999_999, "de-linde").await),
            format!("ok Some((\"utrecht\", false, {head}))"),
        ),
        (
            outcome(db.organization_access(999_999, "nergens").await),
            "ok None".to_owned(),
        ),
        (
            outcome(db.publish("nergens", Vec::new()).await),
            "not found: region `nergens`".to_owned(),
        ),
        (outcome(db.region_head("nergens").await), "ok 0".to_owned()),
        // PostgreSQL cannot store a NUL in text, so neither storage takes one.
        (
            outcome(db.add_account("a\0b", &hash, false).await),
            "invalid: a username cannot contain a NUL character".to_owned(),
        ),
        (
            outcome(db.add_region("nul", "Regio\0Nul").await),
            "invalid: a region name cannot contain a NUL character".to_owned(),
        ),
        (
            outcome(db.add_organization("nul", "utrecht", "\0").await),
            "invalid: an organization name cannot contain a NUL character".to_owned(),
        ),
        (
            outcome(db.password_hash("volun\0teer").await),
            "ok None".to_owned(),
        ),
        (
            outcome(db.revoke_all_tokens("volun\0teer").await),
            "not found: user `volun\0teer`".to_owned(),
        ),
        (
            outcome(db.organization_access(999_999, "de\0linde").await),
            "ok None".to_owned(),
        ),
        (
            outcome(
                db.add_membership("volun\0teer", "de-linde", Role::Volunteer)
                    .await,
            ),
            "not found: user `volun\0teer`".to_owned(),
        ),
        (
            outcome(
                db.add_membership("volunteer", "de\0linde", Role::Volunteer)
                    .await,
            ),
            "not found: organization `de\0linde`".to_owned(),
        ),
        (
            outcome(db.add_coordinator("coordinator", "utr\0echt").await),
            "not found: region `utr\0echt`".to_owned(),
        ),
        (
            outcome(db.region_head("utr\0echt").await),
            "ok 0".to_owned(),
        ),
        (
            outcome(db.publish("utrecht", vec![nul_section()]).await),
            "invalid: section `met-nul` cannot contain a NUL character (in its body)".to_owned(),
        ),
        (
            outcome(db.changes("nergens", 0, 10).await),
            "ok ChangeRows { sections: [], removed: [], last_seq: 0, more: false }".to_owned(),
        ),
    ];
    for (number, (answer, expected)) in cases.into_iter().enumerate() {
        assert_eq!(answer, expected, "case {number}");
    }
    // The limit counts characters, not bytes.
    let long = "é".repeat(100);
    assert!(db.add_account(&long, &hash, false).await.is_ok());
    assert_eq!(
        outcome(db.add_account(&format!("{long}e"), &hash, false).await),
        "invalid: a username must be 1 to 100 characters"
    );
    // Nothing above changed the handbook.
    assert_eq!(db.region_head("utrecht").await.expect("head"), head);
}

/// A section with a NUL in its body, which only a broken file has.
fn nul_section() -> kompas_core::Section {
    kompas_core::Section {
        id: "met-nul".into(),
        title: "Met nul".into(),
        category: "Protocollen".into(),
        category_rank: 1,
        order: 1,
        tags: Vec::new(),
        critical: false,
        review_by: None,
        body: "voor\0na".into(),
        source_path: "met-nul.md".into(),
    }
}

/// `add_region` writes the region and its change counter in one transaction: when the
/// second write fails, the first is not left behind.
async fn an_add_region_that_fails_halfway_leaves_nothing(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    // A change counter without its region, which only a damaged database has.
    let orphan = "INSERT INTO region_head (region_id, seq) VALUES ('spook', 5);";
    match &server.raw {
        Raw::Sqlite(_) => {
            server
                .raw
                .execute(&format!("PRAGMA foreign_keys = OFF; {orphan}"))
                .await
        }
        Raw::Postgres(_) => {
            server
                .raw
                .execute(&format!(
                    "ALTER TABLE region_head DROP CONSTRAINT region_head_region_id_fkey; {orphan}"
                ))
                .await
        }
    }
    let added = server.db.add_region("spook", "Regio Spook").await;
    assert_eq!(outcome(added), "database error");
    assert_eq!(
        server
            .raw
            .strings("SELECT id FROM region WHERE id = 'spook'")
            .await,
        Vec::<String>::new(),
        "the region was written without its change counter"
    );
    assert_eq!(
        outcome(
            server
                .db
                .add_organization("spookhuis", "spook", "Spookhuis")
                .await
        ),
        "not found: region `spook` (add it first with `region add`)"
    );
}

/// The memberships of `/me` in the same order on both storages (by name, case aside),
/// whatever the database's collation; a second membership of the same hospice changes
/// the role.
async fn memberships_come_in_the_same_order(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let db = &server.db;
    for (id, name) in [("zonnehuis", "Zonnehuis"), ("anker", "anker")] {
        db.add_organization(id, "utrecht", name).await.expect("org");
        db.add_membership("volunteer", id, Role::Manager)
            .await
            .expect("member");
    }
    db.add_membership("volunteer", "anker", Role::Volunteer)
        .await
        .expect("another role");
    db.add_coordinator("coordinator", "gelderland")
        .await
        .expect("coordinator");
    let token = login(&server.app, "volunteer").await;
    let answer = send(
        &server.app,
        request(Method::GET, "/api/v1/me", Some(&token), None),
    )
    .await;
    let account: kompas_proto::sync::Account = answer.json();
    let memberships: Vec<_> = account
        .memberships
        .iter()
        .map(|m| (m.organization_name.as_str(), m.role))
        .collect();
    assert_eq!(
        memberships,
        [
            ("anker", Role::Volunteer),
            ("Hospice De Linde", Role::Volunteer),
            ("Zonnehuis", Role::Manager),
        ]
    );
    let coordinator = db
        .password_hash("coordinator")
        .await
        .expect("lookup")
        .expect("exists")
        .0;
    let account = db.account(coordinator).await.expect("account");
    assert_eq!(account.coordinator_of, ["gelderland", "utrecht"]);
}

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
            report.added,
            report.changed,
            report.removed,
            report.unchanged
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
    assert_eq!(report.removed, 1, "{report:?}");
    let (gone, _) = pull_all(&server.app, &token, "de-linde", all.cursor.clone()).await;
    server.raw.execute(&age(&all.sections)).await;
    let report = publish_dir(&server.db, handbook, "utrecht")
        .await
        .expect("publish");
    assert_eq!(
        (
            report.added,
            report.changed,
            report.removed,
            report.unchanged
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

/// A database that fails under the server is the server's problem: 500, the generic
/// problem document, nothing of the database's own message.
async fn internal_failures_are_a_500_without_internal_text(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    server.raw.execute("DROP TABLE token;").await;
    let body = json!({ "username": "volunteer", "password": PASSWORD }).to_string();
    let answer = send(
        &server.app,
        request(Method::POST, "/api/v1/login", None, Some(&body)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    let problem = answer.problem();
    assert_eq!(problem.kind, ProblemKind::Internal);
    let text = String::from_utf8_lossy(&answer.body).to_lowercase();
    for internal in ["token", "table", "relation", "sql", "postgres"] {
        assert!(!text.contains(internal), "{internal}: {text}");
    }
}

/// Another process (the CLI next to a running server) writing at the same moment makes an
/// operation wait, on both storages, not fail halfway between its read and its write.
async fn a_write_waits_for_another_writer_instead_of_failing(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let write = "INSERT INTO region (id, name) VALUES ('zeeland', 'Regio Zeeland');
                 INSERT INTO region_head (region_id, seq) VALUES ('zeeland', 0);";
    // SQLite has one write lock for the file; on PostgreSQL the other writer also locks
    // the table this operation writes.
    let write = match &server.raw {
        Raw::Sqlite(_) => write.to_owned(),
        Raw::Postgres(_) => format!("{write} LOCK TABLE membership IN EXCLUSIVE MODE;"),
    };
    let other = server
        .raw
        .hold_transaction(write, std::time::Duration::from_millis(300))
        .await;
    server
        .db
        .add_membership("outsider", "het-anker", Role::Volunteer)
        .await
        .expect("waits for the other writer, then adds");
    other.await.expect("the other writer committed");
    server
        .db
        .add_coordinator("coordinator", "zeeland")
        .await
        .expect("the other writer's region is there");
}

fn find_file(dir: &std::path::Path, stem: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, stem) {
                return Some(found);
            }
        } else if path
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| s.ends_with(stem))
        {
            return Some(path);
        }
    }
    None
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

/// A publish by another process (the CLI, with its own `Db`) reaches devices within the
/// access cache's second, and a cursor from it is never called "ahead" of the server.
#[tokio::test]
async fn a_publish_by_another_process_is_seen_within_a_second() {
    let Some(server) = server(Storage::Sqlite).await else {
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
    let other = Db::open(&server._dir.path().join("server.sqlite")).expect("second handle");
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    let fall = find_file(copy.path(), "als-een-gast-valt").expect("fall protocol");
    let text = std::fs::read_to_string(&fall).expect("read");
    std::fs::write(&fall, format!("{text}\nNieuw: het valregister.\n")).expect("write");
    let report = publish_dir(&other, copy.path(), "utrecht")
        .await
        .expect("publish");
    assert_eq!(report.changed, 1);

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
