//! The sync API in-process (tower `oneshot`), every test on SQLite and on PostgreSQL:
//! one module a concern, the shared setup here.
//!
//! - `sync`: pulls, publishing, the change feed;
//! - `access`: who may call what, and every error a problem document;
//! - `storage`: the two storages answer the same;
//! - `document`: the OpenAPI document lists every answer, and every answer it lists is
//!   given. Every request of every module is checked against it (in `send`);
//! - `region`: the coordinator's view and the manager's comparison;
//! - `must_read`, `reading`, `acknowledgements`: Gelezen en begrepen, the must-read
//!   marks, the hospice's list of readers and their acknowledgements;
//! - `generate`: the made-up region of tests, benchmarks and screenshots.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use kompas_proto::overlay::LocalPolicy;
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
                super::$name(crate::Storage::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$name(crate::Storage::Postgres).await
            }
        }
    )*};
}

// After the macro, which they use.
mod access;
mod acknowledgements;
mod document;
mod generate;
mod must_read;
mod overlay;
mod overlay_pull;
mod progress;
mod reading;
mod region;
mod storage;
mod submissions;
mod sync;

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

impl Server {
    /// A second handle on the same database, with its own connections and caches, as
    /// another process (the CLI) opens it.
    async fn another_process(&self) -> Db {
        match &self.raw {
            Raw::Sqlite(path) => Db::open(path).expect("second handle"),
            Raw::Postgres(url) => Db::connect(url).await.expect("second handle"),
        }
    }
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

/// Sends a request to the app; panics when the answer is not one the OpenAPI document
/// lists for it (`document::conforms`).
async fn send(app: &Router, request: Request<Body>) -> Answer {
    let method = request.method().clone();
    let uri = request.uri().to_string();
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
    let answer = Answer {
        status,
        headers,
        body,
    };
    document::conforms(&method, &uri, &answer);
    answer
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
        overlay: None,
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
        all.overlay = all.overlay.or(page.overlay);
        cursor = page.cursor.clone();
        all.cursor = page.cursor;
        if !page.more {
            return (all, pages);
        }
    }
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
