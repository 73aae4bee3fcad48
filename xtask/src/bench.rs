//! The benchmarks of issues #2, #3, #9, #11 and #12 (figures go to docs/benchmarks.md).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use kompas_tests::Xvfb;

use crate::{build_app, build_tauri_release, cargo, root, run_command};

/// WebKitGTK's switch for drawing with the CPU (see `src-tauri/src/lib.rs`).
const CPU_DRAWING_ENV: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Odd, so that the median is one of the runs.
const STARTUP_ROUNDS: usize = 15;

pub fn all() -> Result<()> {
    run_command(cargo().args(["bench", "-p", "kompas-markdown", "--bench", "render"]))?;
    run_command(cargo().args(["bench", "-p", "kompas-store", "--bench", "search"]))?;
    run_command(cargo().args(["bench", "-p", "kompas-sync", "--bench", "server"]))?;
    run_command(cargo().args(["bench", "-p", "kompas-app", "--bench", "freeze"]))?;
    // Ingest is measured on SQLite and on PostgreSQL.
    let postgres = crate::test_postgres()?;
    run_command(
        cargo()
            .args(["bench", "-p", "kompas-sync", "--bench", "ingest"])
            .env("KOMPAS_TEST_POSTGRES", &postgres),
    )?;
    run_command(cargo().args(["bench", "-p", "kompas-app", "--bench", "answer"]))?;
    run_command(
        cargo()
            .args(["bench", "-p", "kompas-server", "--bench", "region"])
            .env("KOMPAS_TEST_POSTGRES", &postgres),
    )?;
    region_screen()?;
    startup()?;
    wasm_size()
}

/// Shipped wasm + JS, raw and gzipped (goal: ≤ 300 KiB gzipped).
pub fn wasm_size() -> Result<()> {
    let dist = root().join("src-ui/dist");
    let mut raw = 0usize;
    let mut gzipped = 0usize;
    for entry in std::fs::read_dir(&dist).context("build the UI first")? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !(name.ends_with(".wasm") || name.ends_with(".js")) {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let mut encoder =
            flate2::read::GzEncoder::new(bytes.as_slice(), flate2::Compression::best());
        let mut compressed = Vec::new();
        encoder.read_to_end(&mut compressed)?;
        println!(
            "{name}: {:.1} KiB, gzip {:.1} KiB",
            bytes.len() as f64 / 1024.0,
            compressed.len() as f64 / 1024.0
        );
        raw += bytes.len();
        gzipped += compressed.len();
    }
    println!(
        "shipped wasm + JS: {:.1} KiB, gzip {:.1} KiB (goal <= 300 KiB)",
        raw as f64 / 1024.0,
        gzipped as f64 / 1024.0
    );
    Ok(())
}

/// Cold start to the first section painted, against a bare Tauri window built the same way.
///
/// The app lets WebKitGTK paint with the CPU when the machine has no GPU render node
/// (`src-tauri/src/lib.rs`). So that this is not what makes the difference, the bare
/// window runs both with WebKit's default painting and with CPU painting, and the goal is
/// judged against whichever of the two starts faster.
pub fn startup() -> Result<()> {
    let app = build_app()?;
    let bare = build_tauri_release("bare-window")?;
    let xvfb = Xvfb::start(1280, 900)?;
    let data = std::env::temp_dir().join(format!("kompas-startup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);

    // The very first start also creates and seeds the database.
    let first = time_app(&app, &data, &xvfb.display)?;
    println!(
        "first start (creates and seeds the database): {:.0} ms",
        ms(first)
    );

    let mut app_times = Vec::new();
    let mut bare_times = Vec::new();
    let mut bare_cpu_times = Vec::new();
    for _ in 0..STARTUP_ROUNDS {
        let mut bare_default = Command::new(&bare);
        bare_default.env_remove(CPU_DRAWING_ENV);
        bare_times.push(time_process(bare_default, &xvfb.display)?);
        app_times.push(time_app(&app, &data, &xvfb.display)?);
        let mut bare_cpu = Command::new(&bare);
        bare_cpu.env(CPU_DRAWING_ENV, "1");
        bare_cpu_times.push(time_process(bare_cpu, &xvfb.display)?);
    }
    let app_t = Summary::of(app_times);
    let bare_t = Summary::of(bare_times);
    let bare_cpu_t = Summary::of(bare_cpu_times);
    println!("start to first section painted, median (min) of {STARTUP_ROUNDS} rounds:");
    println!("  app                               {app_t}");
    println!("  bare Tauri window, WebKit default {bare_t}");
    println!("  bare Tauri window, CPU drawing    {bare_cpu_t}");
    let reference = bare_t.median.min(bare_cpu_t.median);
    println!(
        "  ratio to the faster bare window: {:.3} (goal <= 1.3); to the default one: {:.3}",
        app_t.median.as_secs_f64() / reference.as_secs_f64(),
        app_t.median.as_secs_f64() / bare_t.median.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

/// The median and the fastest of a set of timings.
struct Summary {
    median: Duration,
    min: Duration,
}

impl Summary {
    fn of(mut times: Vec<Duration>) -> Summary {
        times.sort();
        Summary {
            median: times[times.len() / 2],
            min: times[0],
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:4.0} ms ({:.0})", ms(self.median), ms(self.min))
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn time_app(app: &Path, data: &Path, display: &str) -> Result<Duration> {
    let mut command = Command::new(app);
    // The app makes its own drawing choice, as it does for a user.
    command
        .env_remove(CPU_DRAWING_ENV)
        .env("KOMPAS_STARTUP_PROBE", "1")
        .env("KOMPAS_OPEN_SECTION", "als-een-gast-overlijdt")
        .env("KOMPAS_DATA_DIR", data);
    time_process(command, display)
}

/// Wall time from spawn to the program's "painted" line on stderr (both programs print
/// one when their first frame with content has been painted, then exit). Shutting down is
/// not part of starting: the app's shutdown (closing the store, stopping sync) is not
/// counted, like the bare window's.
fn time_process(mut command: Command, display: &str) -> Result<Duration> {
    command
        .env("DISPLAY", display)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("start {command:?}"))?;
    let stderr = child.stderr.take().context("stderr of the child")?;
    let (painted_tx, painted_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut printed = String::new();
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("painted") {
                let _ = painted_tx.send(Instant::now());
            }
            printed.push_str(&line);
            printed.push('\n');
        }
        printed
    });
    let painted = painted_rx.recv_timeout(Duration::from_secs(60));
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let printed = reader.join().unwrap_or_default();
    match (painted, status) {
        (Ok(at), Some(status)) if status.success() => Ok(at - started),
        (Ok(_), Some(status)) => bail!("{command:?} exited with {status}: {printed}"),
        (Ok(_), None) => bail!("{command:?} did not exit within 30 s of painting: {printed}"),
        (Err(_), _) => bail!("{command:?} did not report a painted page within 60 s: {printed}"),
    }
}

/// The Regio screen from tap to painted in the real app (issue #12): the release app, and
/// `tests/benches/region_screen.rs` driving it.
pub fn region_screen() -> Result<()> {
    let app = build_app()?;
    run_command(
        cargo()
            .args(["bench", "-p", "kompas-tests", "--bench", "region_screen"])
            .env("KOMPAS_APP_BIN", &app),
    )
}
