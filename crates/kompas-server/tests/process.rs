//! The real `kompas-server` binary: set up with its CLI, killed in the middle of a device's
//! pull, started again; the device resumes and ends with the same handbook as one that
//! was never interrupted.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kompas_store::Store;
use kompas_sync::{pull, server_url, Client, SyncError};

const PASSWORD: &str = "een lang wachtwoord";

/// Where the server keeps its data: a directory (SQLite) or a PostgreSQL URL.
#[derive(Debug, Clone)]
enum Storage {
    Dir(std::path::PathBuf),
    Postgres(String),
}

impl Storage {
    fn args(&self) -> Vec<std::ffi::OsString> {
        match self {
            Storage::Dir(dir) => vec!["--data".into(), dir.into()],
            Storage::Postgres(url) => vec!["--database".into(), url.into()],
        }
    }
}

fn cli(storage: &Storage, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_kompas-server"))
        .args(args)
        .args(storage.args())
        .env("KOMPAS_PASSWORD", PASSWORD)
        .output()
        .expect("run kompas-server");
    assert!(
        output.status.success(),
        "kompas-server {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_address() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
}

/// Starts `serve` and waits until it answers.
fn start(storage: &Storage, address: SocketAddr) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_kompas-server"))
        .args(["serve", "--addr", &address.to_string()])
        .args(storage.args())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(address).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn snapshot(store: &Mutex<Store>) -> Vec<(String, String)> {
    let store = store.lock().expect("lock");
    let mut out = Vec::new();
    for category in store.handbook().expect("handbook") {
        for summary in category.sections {
            let section = store.section(&summary.id).expect("read").expect("exists");
            out.push((section.id, section.html));
        }
    }
    out.sort();
    out
}

fn edited_handbook(dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).expect("read dir") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
                copy(&entry.path(), &target);
            } else {
                let text = std::fs::read_to_string(entry.path()).expect("read");
                std::fs::write(&target, format!("{text}\nAangepast voor De Linde.\n"))
                    .expect("write");
            }
        }
    }
    copy(Path::new("../../content/handbook"), dir);
}

#[tokio::test]
async fn a_server_on_sqlite_killed_mid_pull_and_restarted() {
    let data = tempfile::tempdir().expect("temp dir");
    killed_mid_pull_and_restarted(Storage::Dir(data.path().to_owned())).await;
}

#[tokio::test]
async fn a_server_on_postgres_killed_mid_pull_and_restarted() {
    if let Some(url) = kompas_tests::scratch_postgres().await {
        killed_mid_pull_and_restarted(Storage::Postgres(url)).await;
    }
}

async fn killed_mid_pull_and_restarted(data: Storage) {
    let content = tempfile::tempdir().expect("temp dir");
    edited_handbook(content.path());
    cli(&data, &["init", "--username", "beheer"]);
    cli(
        &data,
        &["region", "add", "utrecht", "--name", "Regio Utrecht"],
    );
    cli(
        &data,
        &[
            "org", "add", "de-linde", "--region", "utrecht", "--name", "De Linde",
        ],
    );
    cli(
        &data,
        &[
            "user",
            "add",
            "--username",
            "anna",
            "--org",
            "de-linde",
            "--role",
            "volunteer",
        ],
    );
    let content_path = content.path().to_str().expect("utf-8 path");
    cli(&data, &["publish", content_path, "--region", "utrecht"]);

    let address = free_address();
    let server = Arc::new(Mutex::new(start(&data, address)));
    let client = Client::new(server_url(&format!("http://{address}")).expect("url"));
    let token = client.login("anna", PASSWORD).await.expect("login").token;

    // The reference: a device that pulls without interruption.
    let reference_home = tempfile::tempdir().expect("temp dir");
    let reference =
        Mutex::new(Store::open(&reference_home.path().join("kompas.sqlite")).expect("store"));
    pull(&client, &token, "de-linde", &reference, 5, |_| {})
        .await
        .expect("reference pull");

    // A device whose pull loses the server after its second page.
    let home = tempfile::tempdir().expect("temp dir");
    let store = Mutex::new(Store::open(&home.path().join("kompas.sqlite")).expect("store"));
    let killer = server.clone();
    let error = pull(&client, &token, "de-linde", &store, 5, move |report| {
        if report.pages == 2 {
            let mut child = killer.lock().expect("lock");
            child.kill().expect("kill the server");
            child.wait().expect("reap");
        }
    })
    .await
    .expect_err("the server is gone");
    assert!(matches!(error, SyncError::Offline(_)), "{error:?}");
    assert_eq!(snapshot(&store).len(), 10, "two whole pages were applied");

    // Started again: the device resumes from its cursor with the same token.
    *server.lock().expect("lock") = start(&data, address);
    let resumed = pull(&client, &token, "de-linde", &store, 5, |_| {})
        .await
        .expect("resumed pull");
    let total = snapshot(&reference).len();
    assert_eq!(resumed.pages, total.div_ceil(5) - 2, "{resumed:?}");
    assert_eq!(snapshot(&store), snapshot(&reference));

    let mut child = server.lock().expect("lock");
    let _ = child.kill();
    let _ = child.wait();
}
