//! Helpers for tests and benchmarks that run the real app: a private Xvfb display and a
//! tauri-driver process, both stopped when dropped; and small file helpers for tests.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// A private X display.
#[derive(Debug)]
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    /// Starts Xvfb on the first free display number from 90 up.
    pub fn start(width: u32, height: u32) -> Result<Xvfb> {
        let number = (90..400)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                    && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .context("no free X display number")?;
        let display = format!(":{number}");
        let child = Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                &format!("{width}x{height}x24"),
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Xvfb: run scripts/setup.sh (it installs the xvfb package)")?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        wait_until(Duration::from_secs(10), || socket.exists())
            .context("Xvfb did not come up within 10 s")?;
        Ok(Xvfb { child, display })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// tauri-driver on a free port, with WebKitWebDriver behind it.
#[derive(Debug)]
pub struct TauriDriver {
    child: Child,
    pub port: u16,
}

impl TauriDriver {
    pub fn start(display: &str, extra_env: &[(&str, &Path)]) -> Result<TauriDriver> {
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new("tauri-driver");
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", display)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (key, value) in extra_env {
            command.env(key, value);
        }
        let child = command.spawn().context(
            "cannot start tauri-driver: run scripts/setup.sh (it installs it with cargo)",
        )?;
        wait_until(Duration::from_secs(15), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })
        .context("tauri-driver did not listen within 15 s")?;
        // tauri-driver answers before WebKitWebDriver behind it is ready; a session request
        // in between is dropped. Wait for the native driver too.
        wait_until(Duration::from_secs(15), || {
            TcpStream::connect(("127.0.0.1", native_port)).is_ok()
        })
        .context("WebKitWebDriver did not listen within 15 s: is webkit2gtk-driver installed?")?;
        Ok(TauriDriver { child, port })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: a killed tauri-driver leaves WebKitWebDriver running.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// Polls `done` every 20 ms until it is true or `limit` has passed.
pub fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> Result<()> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    bail!("gave up after {limit:?}")
}

/// Where screenshots of end-to-end runs go: `target/screenshots` in the repository.
/// Relative to the working directory (cargo runs tests in the package folder), not to a
/// compiled-in path: the build cache is shared between checkouts.
pub fn screenshot_dir() -> PathBuf {
    std::env::current_dir()
        .unwrap_or_default()
        .join("../target/screenshots")
}

/// Copies a folder tree (a handbook to edit in a test), creating folders as needed.
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Environment variable with the address of a PostgreSQL server the tests may create
/// databases on, without a database name: `postgres://user:password@127.0.0.1:5432`.
/// `./kompas.sh test` starts Debian's PostgreSQL on loopback and sets it.
pub const TEST_POSTGRES_ENV: &str = "KOMPAS_TEST_POSTGRES";

/// What to do to run the PostgreSQL half of the server tests, for the messages below.
const POSTGRES_HOW: &str = "run `./kompas.sh test` (it starts PostgreSQL on loopback through \
     scripts/test-postgres.sh), or start one yourself and set \
     KOMPAS_TEST_POSTGRES=postgres://user:password@127.0.0.1:5432";

/// Whether a PostgreSQL variant of a test runs here, given `KOMPAS_TEST_POSTGRES` and `CI`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostgresGate {
    /// Run against the server at this address (without a database name).
    Run(String),
    /// Not configured, outside CI: skipped, and said so.
    Skip,
    /// Not configured under CI: the run must fail, with this message.
    Fail(String),
}

/// Decides [`PostgresGate`] from the two variables' values. Under CI (`CI` set to anything
/// but empty, `0` or `false`) a missing PostgreSQL fails the run: a variant that passes
/// without running would hide every PostgreSQL bug.
pub fn postgres_gate(test_postgres: Option<&str>, ci: Option<&str>) -> PostgresGate {
    match test_postgres.map(str::trim).filter(|url| !url.is_empty()) {
        Some(url) => PostgresGate::Run(url.trim_end_matches('/').to_owned()),
        None if in_ci(ci) => PostgresGate::Fail(format!(
            "{TEST_POSTGRES_ENV} is not set, and under CI the PostgreSQL half of the server \
             tests may not be skipped: {POSTGRES_HOW}"
        )),
        None => PostgresGate::Skip,
    }
}

fn in_ci(ci: Option<&str>) -> bool {
    ci.map(str::trim)
        .is_some_and(|ci| !ci.is_empty() && ci != "0" && !ci.eq_ignore_ascii_case("false"))
}

/// Says once per test binary that the PostgreSQL half was skipped. Written straight to
/// the process's stderr: `eprintln!` in a passing test is captured, and nobody would see it.
fn say_postgres_skipped() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** PostgreSQL SKIPPED: the PostgreSQL variants of these tests pass without \
             running. To run them, {POSTGRES_HOW}. ***\n"
        );
    });
}

/// The URL of a new, empty PostgreSQL database for one test, or `None` when no test
/// server is configured outside CI (said loudly once, see [`postgres_gate`]). Under CI a
/// missing server, and anywhere an unreachable one, fails the test. Databases are named
/// `kompas_test_…`; `./kompas.sh test` drops those left by earlier runs.
pub async fn scratch_postgres() -> Option<String> {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let base = match postgres_gate(
        std::env::var(TEST_POSTGRES_ENV).ok().as_deref(),
        std::env::var("CI").ok().as_deref(),
    ) {
        PostgresGate::Run(base) => base,
        PostgresGate::Skip => {
            say_postgres_skipped();
            return None;
        }
        PostgresGate::Fail(message) => panic!("{message}"),
    };
    let (client, connection) =
        tokio_postgres::connect(&format!("{base}/postgres"), tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "{TEST_POSTGRES_ENV}={base:?}, but PostgreSQL cannot be reached there ({e}): \
                     {POSTGRES_HOW}"
                )
            });
    let running = tokio::spawn(connection);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or_default();
    let name = format!(
        "kompas_test_{}_{}_{stamp}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
    drop(client);
    let _ = running.await;
    Some(format!("{base}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_is_skipped_only_outside_ci() {
        let url = "postgres://kompas_test:kompas_test@127.0.0.1:5432";
        for ci in [None, Some("true"), Some("1")] {
            assert_eq!(
                postgres_gate(Some(&format!("{url}/")), ci),
                PostgresGate::Run(url.into())
            );
        }
        for ci in [None, Some(""), Some("0"), Some("false"), Some("FALSE")] {
            assert_eq!(postgres_gate(None, ci), PostgresGate::Skip, "CI={ci:?}");
            assert_eq!(
                postgres_gate(Some(" "), ci),
                PostgresGate::Skip,
                "CI={ci:?}"
            );
        }
        for ci in ["true", "1", "yes"] {
            let PostgresGate::Fail(message) = postgres_gate(None, Some(ci)) else {
                panic!("CI={ci} must fail without PostgreSQL");
            };
            assert!(message.contains("./kompas.sh test"), "{message}");
            assert!(
                message.contains("KOMPAS_TEST_POSTGRES=postgres://"),
                "{message}"
            );
        }
    }
}
