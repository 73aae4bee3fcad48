//! The region's view under load: the coordinator's overview of 40 hospices × 5 years, the
//! CSV exports, a hospice's detail and the trend, through a real server on loopback, on
//! SQLite and (when `KOMPAS_TEST_POSTGRES` names a server) on PostgreSQL. Not criterion:
//! the goals are percentiles of whole requests.
//!
//! Run with `cargo bench -p kompas-server --bench region`. Under `cargo test --all-targets`
//! the same code runs small (5 hospices, 2 years, a few requests), so it cannot rot.

use std::time::{Duration, Instant};

use kompas_server::generate::{generate, Plan};
use kompas_server::{auth, router, AppState, Db};

const PASSWORD: &str = "een lang wachtwoord voor de benchmark";

struct Scale {
    hospices: usize,
    years: usize,
    requests: usize,
}

fn scale() -> Scale {
    if std::env::args().any(|a| a == "--bench") {
        Scale {
            hospices: 40,
            years: 5,
            requests: 400,
        }
    } else {
        Scale {
            hospices: 5,
            years: 2,
            requests: 5,
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// A database with the generated region `bench`, coordinated by `coordinator`.
async fn filled(db: Db, scale: &Scale) -> Db {
    let hash = auth::hash_password(PASSWORD).expect("hash");
    db.add_account("coordinator", &hash, false)
        .await
        .expect("account");
    let started = Instant::now();
    let generated = generate(
        &db,
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/handbook"
        )),
        &Plan {
            region: "bench".into(),
            hospices: scale.hospices,
            last_year: 2026,
            years: scale.years,
            coordinator: Some("coordinator".into()),
            seed: 2026,
        },
    )
    .await
    .expect("generated");
    println!(
        "  generated {} hospices, {} self-evaluations, {} marks in {:.1} s",
        generated.hospices,
        generated.submissions,
        generated.reviews,
        started.elapsed().as_secs_f64()
    );
    db
}

async fn measure(storage: &str, db: Db, scale: &Scale) {
    println!("{storage}:");
    let db = filled(db, scale).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kompas_server::run(
        listener,
        router(AppState::new(db)),
        async {
            let _ = stopped.await;
        },
    ));
    let http = reqwest::Client::new();
    let base = format!("http://{address}/api/v1");
    let login: serde_json::Value = http
        .post(format!("{base}/login"))
        .json(&serde_json::json!({ "username": "coordinator", "password": PASSWORD }))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login answer");
    let token = login["token"].as_str().expect("token").to_owned();
    let overview: serde_json::Value = http
        .get(format!("{base}/regions/bench/overview?year=2026"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("overview")
        .json()
        .await
        .expect("overview json");
    let hospice = overview["hospices"][0]["organization_id"]
        .as_str()
        .expect("a hospice")
        .to_owned();
    for (what, path, goal) in [
        (
            "overview of a year",
            "regions/bench/overview?year=2026".to_owned(),
            "p99 ≤ 20 ms",
        ),
        (
            "overview, newest year",
            "regions/bench/overview".to_owned(),
            "",
        ),
        (
            "results.csv",
            "regions/bench/results.csv?year=2026".to_owned(),
            "≤ 100 ms",
        ),
        (
            "actions.csv",
            "regions/bench/actions.csv?year=2026".to_owned(),
            "",
        ),
        (
            "a hospice's detail",
            format!("regions/bench/hospices/{hospice}?year=2026"),
            "",
        ),
        ("trend", "regions/bench/trend".to_owned(), ""),
    ] {
        let url = format!("{base}/{path}");
        let mut times = Vec::with_capacity(scale.requests);
        let mut bytes = 0;
        for round in 0..scale.requests + 10 {
            let started = Instant::now();
            let response = http
                .get(&url)
                .bearer_auth(&token)
                .send()
                .await
                .expect("answer");
            assert!(
                response.status().is_success(),
                "{url}: {}",
                response.status()
            );
            bytes = response.bytes().await.expect("body").len();
            // The first ten warm the caches and the connection.
            if round >= 10 {
                times.push(started.elapsed());
            }
        }
        times.sort();
        println!(
            "  {what:<22} p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  {:>7} bytes  {goal}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().expect("a time")),
            bytes
        );
    }
    let _ = stop.send(());
    let _ = server.await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scale = scale();
    println!(
        "region view: {} hospices × {} years, {} requests each, one client on keep-alive",
        scale.hospices, scale.years, scale.requests
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("bench.sqlite")).expect("open");
    measure("SQLite", db, &scale).await;
    if let Some(url) = kompas_tests::scratch_postgres().await {
        let db = Db::connect(&url).await.expect("connect to PostgreSQL");
        measure("PostgreSQL", db, &scale).await;
    } else {
        println!("PostgreSQL: skipped (set KOMPAS_TEST_POSTGRES to measure it)");
    }
}
