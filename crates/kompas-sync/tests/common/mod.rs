//! A real server on loopback and real device stores, shared by the sync tests.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use kompas_proto::checklist::{Answer, ThemeReflection};
use kompas_proto::{LoginForm, SyncView};
use kompas_server::{publish_dir, router, AppState, Db};
use kompas_store::Store;
use kompas_sync::{pull, server_url, Client, Engine, EngineOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const PASSWORD: &str = "een lang wachtwoord";
pub const HANDBOOK: &str = "../../content/handbook";
pub const SELF_EVALUATION: &str = "zelfevaluatie-hospice";

pub struct Server {
    pub _dir: tempfile::TempDir,
    pub db: Db,
    pub address: SocketAddr,
    pub stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    /// Stops serving; the database stays.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Serves the same database on the same address again.
    pub async fn start(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.address)
            .await
            .expect("bind the same address again");
        self.stop = Some(serve(&self.db, listener));
    }
}

fn serve(db: &Db, listener: tokio::net::TcpListener) -> tokio::sync::oneshot::Sender<()> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(kompas_server::run(
        listener,
        router(AppState::new(db.clone())),
        async move {
            let _ = stopped.await;
        },
    ));
    stop
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn server() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("server.sqlite")).expect("open");
    kompas_server::testing::one_hospice(&db, PASSWORD)
        .await
        .expect("region, hospice and users");
    publish_dir(&db, Path::new(HANDBOOK), "utrecht")
        .await
        .expect("publish");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let stop = serve(&db, listener);
    Server {
        _dir: dir,
        db,
        address,
        stop: Some(stop),
    }
}

/// A device: a real store file seeded from the bundled handbook and its checklists, as
/// the app does.
pub fn device(dir: &Path) -> Mutex<Store> {
    let mut store = Store::open(&dir.join("kompas.sqlite")).expect("store");
    let (mut files, _) = kompas_content::folder::read(Path::new(HANDBOOK)).expect("read");
    let (checklists, _) =
        kompas_content::folder::read(&Path::new(HANDBOOK).join("../checklists")).expect("read");
    files.extend(checklists.into_iter().map(|mut file| {
        file.path = format!("../checklists/{}", file.path);
        file
    }));
    store.seed_from_bundle(files).expect("seed");
    Mutex::new(store)
}

pub struct Device {
    pub _home: tempfile::TempDir,
    pub store: Mutex<Store>,
    pub client: Client,
    pub token: String,
}

/// A device logged in as anna and in sync with the server.
pub async fn synced_device(server: &Server) -> Device {
    synced_device_of(server, "anna").await
}

/// A device logged in as `user` (of de Linde) and in sync with the server's handbook.
pub async fn synced_device_of(server: &Server, user: &str) -> Device {
    let home = tempfile::tempdir().expect("temp dir");
    let store = device(home.path());
    let client = client(server.address);
    let token = client.login(user, PASSWORD).await.expect("login").token;
    pull(&client, &token, "de-linde", &store, 50, |_| {})
        .await
        .expect("first pull");
    Device {
        _home: home,
        store,
        client,
        token,
    }
}

pub fn client(address: SocketAddr) -> Client {
    Client::new(server_url(&format!("http://{address}")).expect("url"))
}

/// Everything a reader sees: every section, its title and rendered HTML.
pub fn snapshot(store: &Mutex<Store>) -> Vec<(String, String, String)> {
    let store = store.lock().expect("lock");
    let mut out = Vec::new();
    for category in store.handbook().expect("handbook") {
        for summary in category.sections {
            let section = store.section(&summary.id).expect("read").expect("exists");
            out.push((section.id, section.title, section.html));
        }
    }
    out.sort();
    out
}

/// A copy of the bundled handbook to edit.
pub fn handbook_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(Path::new(HANDBOOK), dir.path()).expect("copy the handbook");
    dir
}

pub fn add_section(dir: &Path, id: &str, title: &str, body: &str) {
    std::fs::write(
        dir.join("07-nood").join(format!("{id}.md")),
        format!("---\nid: {id}\ntitle: {title}\ncategory: Noodsituaties\norder: 90\n---\n# {title}\n\n{body}\n"),
    )
    .expect("write");
}

/// An administrator revokes every token of `user` through the API (a lost phone).
pub async fn revoke_tokens_of(server: &Server, user: &str) {
    let admin = client(server.address)
        .login("beheer", PASSWORD)
        .await
        .expect("admin login")
        .token;
    let revoked = reqwest::Client::new()
        .post(format!(
            "http://{}/api/v1/admin/users/{user}/revoke-tokens",
            server.address
        ))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("revoke");
    assert!(revoked.status().is_success(), "{}", revoked.status());
}

/// Forwards to `target`, but cuts every connection once `budget` bytes of answers have
/// passed in total (a dropped mobile connection, mid-response).
pub async fn cutting_proxy(target: SocketAddr, budget: Arc<AtomicI64>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let budget = budget.clone();
            tokio::spawn(async move {
                let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await else {
                    return;
                };
                let (mut in_read, mut in_write) = inbound.split();
                let (mut out_read, mut out_write) = outbound.split();
                let upstream = async {
                    let mut buffer = [0u8; 4096];
                    loop {
                        match in_read.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                if out_write.write_all(&buffer[..n]).await.is_err() {
                                    break;
                                }
                            }
                        }
                    }
                };
                let downstream = async {
                    let mut buffer = [0u8; 1024];
                    loop {
                        match out_read.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                let left = budget.fetch_sub(n as i64, Ordering::SeqCst);
                                if left <= 0 {
                                    break;
                                }
                                let allowed = (left as usize).min(n);
                                if in_write.write_all(&buffer[..allowed]).await.is_err()
                                    || allowed < n
                                {
                                    break;
                                }
                            }
                        }
                    }
                };
                tokio::select! {
                    _ = upstream => {}
                    _ = downstream => {}
                }
            });
        }
    });
    address
}

/// Answers the whole self-evaluation of `year`, finishes and queues it; its UUID.
pub fn finished(store: &Mutex<Store>, year: i32, summary: &str) -> String {
    let mut store = store.lock().expect("lock");
    let uuid = store
        .start_self_evaluation("de-linde", SELF_EVALUATION, year)
        .expect("start")
        .uuid;
    let definition = store
        .checklist(SELF_EVALUATION, None)
        .expect("read")
        .expect("published to the device");
    for theme in definition.themes() {
        for question in &theme.questions {
            store
                .save_answer(&uuid, &question.id, Some(Answer::Grotendeels), "")
                .expect("answer");
        }
        let reflection = ThemeReflection {
            goes_well: "Aandacht voor elkaar.".into(),
            to_improve: "Afspraken vastleggen.".into(),
        };
        store
            .save_reflection(&uuid, &theme.id, &reflection)
            .expect("reflection");
    }
    store.save_summary(&uuid, summary).expect("summary");
    assert!(store
        .finish_self_evaluation(&uuid)
        .expect("finish")
        .is_empty());
    store.queue_self_evaluation(&uuid).expect("queue")
}

/// A device's sync engine over a real store file, running.
pub type Running = Arc<Engine<Mutex<Store>>>;

/// Short timers, so the tests see the engine act by itself.
pub fn options() -> EngineOptions {
    EngineOptions {
        interval: Duration::from_millis(300),
        retry_base: Duration::from_millis(100),
        retry_max: Duration::from_millis(400),
        page_size: 50,
        root_certificate: None,
    }
}

/// The engine of a device, running.
pub fn start(store: &Arc<Mutex<Store>>) -> Running {
    let engine = Engine::new(store.clone(), options());
    tokio::spawn(engine.clone().run(std::future::pending()));
    engine
}

pub fn form(server: &Server, username: &str, password: &str) -> LoginForm {
    LoginForm {
        server: format!("http://{}", server.address),
        username: username.to_owned(),
        password: password.to_owned(),
    }
}

/// Waits (at most 10 s) for a state that satisfies `done`.
pub async fn until(engine: &Running, what: &str, done: impl Fn(&SyncView) -> bool) -> SyncView {
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
