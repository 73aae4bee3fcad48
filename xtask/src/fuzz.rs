//! `fuzz`: schemathesis against a real `kompas-server` on loopback, from the server's own
//! OpenAPI document, with every operation and every check. Any finding fails the run.
//!
//! The server is the real binary set up with its own CLI (as the README's server section
//! does) in a fresh data directory: a region, a hospice, the bundled handbook published, an
//! administrator whose token the fuzzer uses, a volunteer it may revoke, and an account
//! whose fresh tokens each logout gets (`xtask/fuzz/kompas_fuzz_auth.py` says why). The
//! server is stopped when the step ends, also when it fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::{cargo, root, run_command, target_dir};

const PASSWORD: &str = "een lang wachtwoord voor de fuzzer";
const ADMIN: &str = "fuzz-beheerder";
const LOGOUT_USER: &str = "fuzz-uitlogger";
/// A manager of the fuzz server's hospice: only a manager may send a self-evaluation.
const MANAGER: &str = "fuzz-beheerder";
/// Test cases per operation and phase: about 45 s on two cores for all four phases
/// (examples, coverage, fuzzing, stateful), and every operation gets past its login.
const MAX_EXAMPLES: &str = "150";
/// A fixed seed, so a finding is found again by the next run.
const SEED: &str = "20261202";

/// Where `scripts/setup.sh` installs schemathesis.
fn schemathesis_venv() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    Ok(PathBuf::from(home).join(".cache/kompas/schemathesis"))
}

/// The version `xtask/fuzz/requirements.txt` pins.
fn pinned_version() -> Result<String> {
    let path = root().join("xtask/fuzz/requirements.txt");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .find_map(|line| line.trim().strip_prefix("schemathesis=="))
        .map(str::to_owned)
        .with_context(|| format!("{} pins no `schemathesis==` version", path.display()))
}

/// The schemathesis program, after checking it is the pinned version.
fn schemathesis() -> Result<PathBuf> {
    let program = schemathesis_venv()?.join("bin/schemathesis");
    let want = pinned_version()?;
    let output = Command::new(&program).arg("--version").output();
    let have = match &output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    };
    if have != want {
        bail!(
            "schemathesis {want} is needed at {} (found: {}); run scripts/setup.sh",
            program.display(),
            if have.is_empty() { "none" } else { &have }
        );
    }
    Ok(program)
}

/// A running server, stopped when dropped, and its data directory removed.
struct Server {
    child: Child,
    data: PathBuf,
    address: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

pub fn run() -> Result<()> {
    let schemathesis = schemathesis()?;
    run_command(cargo().args(["build", "-p", "kompas-server"]))?;
    let binary = target_dir().join("debug/kompas-server");
    let server = start_server(&binary)?;
    let base_url = format!("http://{}", server.address);
    let token = log_in(server.address, ADMIN)?;
    let started = Instant::now();
    let operations = documented_operations(server.address)?;

    let mut command = Command::new(&schemathesis);
    command
        .arg("--config-file")
        .arg(root().join("xtask/fuzz/schemathesis.toml"))
        .args(["run", &format!("{base_url}/api/v1/openapi.json")])
        // Without a filter schemathesis leaves out the operation that serves the
        // document itself; this one selects every operation.
        .args(["--include-path-regex", "^/api/v1/"])
        .args(["--checks", "all"])
        .args(["--max-examples", MAX_EXAMPLES, "--seed", SEED])
        .args(["--workers", "1", "--request-timeout", "30"])
        .args(["--generation-database", "none", "--no-color"])
        // Its working files (none are asked for) go with the data directory, not the clone.
        .current_dir(&server.data)
        .env("PYTHONPATH", root().join("xtask/fuzz"))
        .env("SCHEMATHESIS_HOOKS", "kompas_fuzz_auth")
        .env("KOMPAS_FUZZ_BASE_URL", &base_url)
        .env("KOMPAS_FUZZ_ADMIN", ADMIN)
        .env("KOMPAS_FUZZ_TOKEN", &token)
        .env("KOMPAS_FUZZ_LOGOUT_USER", LOGOUT_USER)
        .env("KOMPAS_FUZZ_MANAGER", MANAGER)
        .env("KOMPAS_FUZZ_PASSWORD", PASSWORD)
        .stdout(Stdio::piped());
    eprintln!("xtask: {command:?}");
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", schemathesis.display()))?;
    // Its report goes to our output as it comes; the line that counts the operations is
    // also kept, to check that none was left out.
    let stdout = child.stdout.take();
    let selected = (|| -> Result<Option<String>> {
        let mut selected = None;
        for line in stdout
            .map(BufReader::new)
            .into_iter()
            .flat_map(|r| r.lines())
        {
            let line = line.context("cannot read schemathesis's output")?;
            println!("{line}");
            if let Some(rest) = line.trim().strip_prefix("Operations:") {
                selected = Some(rest.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
        Ok(selected)
    })();
    // Waited for also when its output could not be read (it then stops on a closed pipe).
    let status = child.wait().context("schemathesis did not finish")?;
    drop(server);
    let selected = selected?;
    if !status.success() {
        bail!("schemathesis found problems in the server or its API document (report above)");
    }
    let expected = format!("{operations} selected / {operations} total");
    if selected.as_deref() != Some(expected.as_str()) {
        bail!(
            "schemathesis tested {selected:?} operations, not all {operations} the document lists"
        );
    }
    eprintln!(
        "xtask: fuzzing found nothing ({operations} operations, {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Sets up a fresh data directory with the server's own CLI and serves it on a free
/// loopback port.
fn start_server(binary: &Path) -> Result<Server> {
    let data = std::env::temp_dir().join(format!("kompas-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let cli = |args: &[&str]| -> Result<()> {
        let output = Command::new(binary)
            .args(args)
            .arg("--data")
            .arg(&data)
            .env("KOMPAS_PASSWORD", PASSWORD)
            .current_dir(root())
            .output()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        if !output.status.success() {
            bail!(
                "kompas-server {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    };
    let setup = (|| {
        cli(&["init", "--username", ADMIN])?;
        cli(&["region", "add", "utrecht", "--name", "Regio Utrecht"])?;
        cli(&[
            "org",
            "add",
            "de-linde",
            "--region",
            "utrecht",
            "--name",
            "Hospice De Linde",
        ])?;
        // The document's example user: the revoke-tokens examples name her.
        cli(&[
            "user",
            "add",
            "--username",
            "anna",
            "--org",
            "de-linde",
            "--role",
            "volunteer",
        ])?;
        cli(&["user", "add", "--username", LOGOUT_USER])?;
        // The one who may send self-evaluations of de-linde (PUT /submissions/{uuid}).
        cli(&[
            "user",
            "add",
            "--username",
            MANAGER,
            "--org",
            "de-linde",
            "--role",
            "manager",
        ])?;
        // And the coordinator of the region: the region's reads and marks take no one else.
        cli(&[
            "user",
            "add",
            "--username",
            ADMIN,
            "--coordinator",
            "utrecht",
        ])?;
        cli(&["publish", "content/handbook", "--region", "utrecht"])
    })();
    if let Err(error) = setup {
        let _ = std::fs::remove_dir_all(&data);
        return Err(error);
    }
    let address = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .context("no free port on loopback")?;
    let child = Command::new(binary)
        .args(["serve", "--addr", &address.to_string(), "--data"])
        .arg(&data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    let mut server = Server {
        child,
        data,
        address,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok((200, _)) = http(address, "GET", "/api/v1/health", None) {
            return Ok(server);
        }
        if let Some(status) = server.child.try_wait()? {
            bail!("kompas-server stopped at start ({status})");
        }
        if Instant::now() > deadline {
            bail!("kompas-server did not answer on {address} within 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A bearer token for `username`.
fn log_in(address: SocketAddr, username: &str) -> Result<String> {
    let body = serde_json::json!({ "username": username, "password": PASSWORD }).to_string();
    let (status, answer) = http(address, "POST", "/api/v1/login", Some(&body))?;
    if status != 200 {
        bail!("logging in as {username} answered {status}: {answer}");
    }
    let answer: serde_json::Value =
        serde_json::from_str(&answer).context("the login answer is not JSON")?;
    answer["token"]
        .as_str()
        .map(str::to_owned)
        .context("the login answer has no token")
}

/// How many operations the served document lists.
fn documented_operations(address: SocketAddr) -> Result<usize> {
    let (status, body) = http(address, "GET", "/api/v1/openapi.json", None)?;
    if status != 200 {
        bail!("GET /api/v1/openapi.json answered {status}");
    }
    let document: serde_json::Value =
        serde_json::from_str(&body).context("the API document is not JSON")?;
    Ok(document["paths"]
        .as_object()
        .map(|paths| {
            paths
                .values()
                .filter_map(|item| item.as_object())
                .map(|item| item.len())
                .sum()
        })
        .unwrap_or(0))
}

/// One HTTP/1.1 request on loopback (enough for the set-up; schemathesis does the rest):
/// the status and the body.
fn http(
    address: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("not an HTTP answer: {answer:?}"))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}
