//! Load generator for the sync server on loopback (issue #3). A harness of its own, not
//! criterion: the goals are throughput ratios, percentiles, bytes and memory.
//!
//! Run with `cargo bench -p kompas-sync --bench server`. The server, a hello-world
//! endpoint on the same HTTP stack, and the load generator share this process and its
//! tokio runtime, except for the thousand polling devices: there the server runs in a
//! child process (this binary again, on the same database file), so that its own memory
//! can be read apart from the load generator's.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::routing::get;
use kompas_core::Section;
use kompas_proto::overlay::{OverlayChange, OverlayPublish, Placement};
use kompas_proto::sync::ChangesPage;
use kompas_server::{auth, router, AppState, Db};
use kompas_store::Store;
use kompas_sync::{pull, server_url, Client};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CONCURRENCY: usize = 16;

/// Set (to a database file) in the child process that only serves.
const SERVE_ONLY_ENV: &str = "KOMPAS_BENCH_SERVE_ONLY";

/// The size of a run: the figures under `cargo bench`, a quick smoke run of the
/// same code when `cargo test --all-targets` runs this binary (without `--bench`).
#[derive(Debug)]
struct Scale {
    sections: usize,
    throughput_seconds: u64,
    devices: usize,
    window_seconds: u64,
    publishes: usize,
}

fn scale() -> &'static Scale {
    static SCALE: std::sync::OnceLock<Scale> = std::sync::OnceLock::new();
    SCALE.get_or_init(|| {
        if std::env::args().any(|a| a == "--bench") {
            Scale {
                sections: 5_000,
                throughput_seconds: 3,
                devices: 1_000,
                window_seconds: 60,
                publishes: 10,
            }
        } else {
            Scale {
                sections: 100,
                throughput_seconds: 1,
                devices: 20,
                window_seconds: 1,
                publishes: 2,
            }
        }
    })
}

/// 5,000 sections: the real bundled ones, repeated under new ids with a varying sentence,
/// so sizes and words are those of real hospice text.
fn handbook() -> Vec<Section> {
    let checked = kompas_content::check_folder(
        Path::new("../../content/handbook"),
        kompas_content::ReviewDates::Skip,
    );
    assert!(!checked.has_errors(), "content: {:?}", checked.diagnostics);
    let real = checked.sections;
    (0..scale().sections)
        .map(|index| {
            let mut section = real[index % real.len()].clone();
            section.id = format!("{}-{index}", section.id);
            section.source_path = format!("gen/{}.md", section.id);
            section.body = format!("{}\n\nVersie {index} van dit onderdeel.\n", section.body)
                // Links point at the original ids, which do not exist here.
                .replace("](id:", "](https://example.org/");
            section
        })
        .collect()
}

async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(kompas_server::run(listener, app, std::future::pending()));
    address
}

/// One request on a fresh connection; the whole answer as bytes on the wire.
async fn raw(address: SocketAddr, path: &str, token: &str) -> Vec<u8> {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: kompas\r\nAuthorization: Bearer {token}\r\n\
         Accept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    answer
}

/// The JSON of a raw answer: de-chunked and gunzipped as its headers say.
fn decoded_body(answer: &[u8]) -> Vec<u8> {
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    let headers = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    let mut body = answer[split + 4..].to_vec();
    if headers.contains("transfer-encoding: chunked") {
        let mut out = Vec::new();
        let mut rest = body.as_slice();
        loop {
            let line_end = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .expect("chunk size");
            let size = usize::from_str_radix(
                std::str::from_utf8(&rest[..line_end])
                    .expect("ascii")
                    .trim(),
                16,
            )
            .expect("hex size");
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            rest = &rest[line_end + 2 + size + 2..];
        }
        body = out;
    }
    if headers.contains("content-encoding: gzip") {
        let mut json = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(body.as_slice()),
            &mut json,
        )
        .expect("gzip body");
        body = json;
    }
    body
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// One authorized GET, body read to the end; how long it took.
async fn timed_get(http: &reqwest::Client, url: &str, token: &str) -> Duration {
    let sent = Instant::now();
    let response = http.get(url).bearer_auth(token).send().await.expect("send");
    assert!(response.status().is_success(), "{}", response.status());
    let _ = response.bytes().await.expect("body");
    sent.elapsed()
}

/// Requests per second and p99 of `CONCURRENCY` clients on keep-alive connections.
async fn throughput(url: String, token: String) -> (f64, Duration) {
    let http = reqwest::Client::builder().build().expect("client");
    let deadline = Instant::now() + Duration::from_secs(scale().throughput_seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (http, url, token) = (http.clone(), url.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                latencies.push(timed_get(&http, &url, &token).await);
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("join"));
    }
    let elapsed = started.elapsed();
    all.sort();
    (
        all.len() as f64 / elapsed.as_secs_f64(),
        percentile(&all, 0.99),
    )
}

/// The child: serves the database file on loopback, prints its address, and stops when
/// its standard input closes (the parent is done, or gone).
async fn serve_only(database: &Path) {
    let db = Db::open(database).expect("open the benchmark database");
    let address = serve(router(AppState::new(db))).await;
    println!("{address}");
    let _ = tokio::task::spawn_blocking(|| {
        std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink())
    })
    .await;
}

/// The server in a child process on `database`: its address and the child.
fn spawn_server_process(database: &Path) -> (SocketAddr, std::process::Child) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(std::env::current_exe().expect("own path"))
        .env(SERVE_ONLY_ENV, database)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the server process");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the server's address");
    let address = line.trim().parse().expect("an address");
    (address, child)
}

/// Peak resident memory of a process, in MiB (`self` or a pid).
fn peak_rss_mib(process: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Some(database) = std::env::var_os(SERVE_ONLY_ENV) {
        return serve_only(Path::new(&database)).await;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("server.sqlite");
    let db = Db::open(&database).expect("open");
    let mut sections = handbook();
    {
        kompas_server::testing::one_hospice(&db, "een lang wachtwoord")
            .await
            .expect("region, hospice and users");
        let started = Instant::now();
        db.publish("utrecht", sections.clone())
            .await
            .expect("publish");
        println!(
            "publish of {} sections: {:.0} ms",
            scale().sections,
            ms(started.elapsed())
        );
    }
    // Tokens made directly: a thousand argon2 logins would measure argon2.
    let now = chrono::Utc::now().timestamp();
    let mut tokens: Vec<String> = Vec::new();
    for _ in 0..scale().devices {
        let (token, hash) = auth::new_token();
        db.store_token(&hash, 1, now, now + 86_400)
            .await
            .expect("token");
        tokens.push(token);
    }
    let token = tokens[0].clone();
    let address = serve(router(AppState::new(db.clone()))).await;
    // The reference: hello world on the same stack (axum, hyper, tokio), once bare and
    // once behind the server's own middleware (logs, compression, body limit).
    let hello = serve(axum::Router::new().route("/hello", get(|| async { "hello" }))).await;
    let hello_layered = serve(kompas_server::with_middleware(
        axum::Router::new().route("/hello", get(|| async { "hello" })),
    ))
    .await;
    let changes = "/api/v1/organizations/de-linde/changes";

    // 1. First full pull by a new device: bytes on the wire (raw, page by page), and the
    //    time for the sync engine to pull and apply everything into a new store.
    let mut cursor = String::new();
    let mut bytes = 0usize;
    let mut pages = 0usize;
    let started = Instant::now();
    loop {
        let answer = raw(address, &format!("{changes}?cursor={cursor}"), &token).await;
        bytes += answer.len();
        pages += 1;
        let json = decoded_body(&answer);
        let page: ChangesPage = serde_json::from_slice(&json).expect("page");
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    println!(
        "first full pull, transfer only: {pages} pages, {:.1} KiB on the wire, {:.0} ms",
        bytes as f64 / 1024.0,
        ms(started.elapsed())
    );
    let device = tempfile::tempdir().expect("temp dir");
    let store = Mutex::new(Store::open(&device.path().join("device.sqlite")).expect("store"));
    let client = Client::new(server_url(&format!("http://{address}")).expect("url"));
    let started = Instant::now();
    let report = pull(&client, &token, "de-linde", &store, 200, |_| {})
        .await
        .expect("full pull");
    println!(
        "first full pull into a new device store (render + index included): {} sections in {} pages, {:.0} ms",
        report.changed,
        report.pages,
        ms(started.elapsed())
    );

    // 2. One changed section: bytes on the wire against the section's own size.
    let head = cursor.clone();
    sections[scale().sections / 4]
        .body
        .push_str("\nNieuw: meld dit ook bij de coördinator.\n");
    db.publish("utrecht", sections.clone())
        .await
        .expect("publish");
    let answer = raw(address, &format!("{changes}?cursor={head}"), &token).await;
    let size = sections[scale().sections / 4].body.len();
    println!(
        "pull of one changed section: {} bytes on the wire (headers included); the section's markdown is {size} bytes; goal <= {} bytes",
        answer.len(),
        size + 2048
    );

    // 2b. One local change of the hospice (a supplement to a section, as long as that
    //     section): bytes on the wire, and the device applying it (it composes its
    //     handbook anew from the region's 5,000 sections and the overlay).
    pull(&client, &token, "de-linde", &store, 200, |_| {})
        .await
        .expect("pull the changed section");
    let before_local = store
        .lock()
        .expect("lock")
        .sync_record()
        .expect("record")
        .pull
        .cursor
        .expect("a cursor");
    let target = &sections[scale().sections / 3];
    let local = "In ons hospice: bel ook de coördinator van dienst en noteer het in het overdrachtsschrift. "
        .repeat(target.body.len() / 90 + 1);
    let marieke = db
        .password_hash("marieke")
        .await
        .expect("read")
        .expect("marieke")
        .0;
    let change = OverlayChange::Supplement {
        section: target.id.clone(),
        placement: Placement::After,
        markdown: local.clone(),
    };
    db.publish_overlay(
        "de-linde",
        "utrecht",
        marieke,
        "marieke",
        &OverlayPublish {
            key: change.key(),
            based_on: 0,
            change: Some(change),
            note: "Ook de coördinator".into(),
            must_read: false,
        },
    )
    .await
    .expect("local change");
    let answer = raw(address, &format!("{changes}?cursor={before_local}"), &token).await;
    println!(
        "pull after one local change: {} bytes on the wire (headers included); the local text is {} bytes; goal <= {} bytes",
        answer.len(),
        local.len(),
        local.len() + 2048
    );
    let started = Instant::now();
    pull(&client, &token, "de-linde", &store, 200, |_| {})
        .await
        .expect("pull the local change");
    println!(
        "a device applies one local change to its {} sections (compose, fingerprint, render, index): {:.0} ms",
        scale().sections,
        ms(started.elapsed())
    );

    // 3. Nothing changed, against hello world on the same stack. The load generator
    //    shares the two cores, so the three are measured in alternation, three times,
    //    and the medians compared.
    let cursor_now = format!("v2.{}.1", db.region_head("utrecht").await.expect("head"));
    let targets = [
        format!("http://{address}{changes}?cursor={cursor_now}"),
        format!("http://{hello}/hello"),
        format!("http://{hello_layered}/hello"),
    ];
    let mut rounds: [Vec<(f64, Duration)>; 3] = Default::default();
    for _ in 0..3 {
        for (target, results) in targets.iter().zip(rounds.iter_mut()) {
            results.push(throughput(target.clone(), token.clone()).await);
        }
    }
    let [pull_round, hello_round, layered_round] = rounds.map(|mut results| {
        results.sort_by(|a, b| a.0.total_cmp(&b.0));
        results[1]
    });
    println!(
        "pull with nothing changed: {:.0} req/s, p99 {:.2} ms; hello world: {:.0} req/s, p99 {:.2} ms, ratio {:.0} % (goal >= 50 %); hello world behind the server's middleware: {:.0} req/s, p99 {:.2} ms, ratio {:.0} % (medians of 3)",
        pull_round.0,
        ms(pull_round.1),
        hello_round.0,
        ms(hello_round.1),
        100.0 * pull_round.0 / hello_round.0,
        layered_round.0,
        ms(layered_round.1),
        100.0 * pull_round.0 / layered_round.0
    );

    // 4. A thousand devices polling once in a minute, with ten publishes meanwhile. The
    //    server runs in its own process on the same file; the publishes come from this
    //    one, as from the CLI (the server sees them within its one-second access cache).
    let (address, mut server_process) = spawn_server_process(&database);
    let started = Instant::now();
    let window = Duration::from_secs(scale().window_seconds);
    let http = reqwest::Client::builder().build().expect("client");
    let mut devices = Vec::new();
    for (index, token) in tokens.into_iter().enumerate() {
        let http = http.clone();
        let url = format!("http://{address}{changes}?cursor={cursor_now}");
        let offset = window.mul_f64(index as f64 / scale().devices as f64);
        devices.push(tokio::spawn(async move {
            tokio::time::sleep_until((started + offset).into()).await;
            timed_get(&http, &url, &token).await
        }));
    }
    for round in 0..scale().publishes {
        tokio::time::sleep_until(
            (started + window.mul_f64(round as f64 / scale().publishes as f64)).into(),
        )
        .await;
        let db = db.clone();
        let mut changed = sections.clone();
        for index in 0..5 {
            changed[round * 5 + index]
                .body
                .push_str(&format!("\nWijziging {round}.\n"));
        }
        sections = changed.clone();
        db.publish("utrecht", changed).await.expect("publish");
    }
    let mut latencies = Vec::new();
    for device in devices {
        latencies.push(device.await.expect("join"));
    }
    latencies.sort();
    let server_memory = peak_rss_mib(&server_process.id().to_string());
    drop(server_process.stdin.take());
    let _ = server_process.wait();
    println!(
        "{} devices polling once in {} s, {} publishes meanwhile: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal p99 <= 20 ms); peak memory of the server process: {server_memory:.0} MiB, of the load generator's (which also ran the earlier parts): {:.0} MiB",
        scale().devices,
        window.as_secs(),
        scale().publishes,
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies[latencies.len() - 1]),
        peak_rss_mib("self")
    );
}
