//! `cargo xtask`-style build orchestration, called by `./kompas.sh` after `scripts/setup.sh`
//! has installed the system packages and tools.
//!
//! - `build-ui`: compile the Leptos UI to wasm, run wasm-bindgen, assemble `src-ui/dist`.
//! - `run`: build the UI and the app, start the app.
//! - `test`: formatting, clippy, wasm build checks, all tests including end-to-end, and
//!   `fuzz`.
//! - `fuzz`: schemathesis against a real server from its OpenAPI document (`fuzz.rs`).
//! - `bench`: the benchmarks of `docs/benchmarks.md`.

mod bench;
mod fuzz;
mod ui;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    match task {
        "build-ui" => ui::build(),
        "run" => run(),
        "test" => test(),
        "fuzz" => fuzz::run(),
        "bench" => bench::all(),
        "bench-startup" => bench::startup(),
        "bench-size" => bench::wasm_size(),
        "bench-region" => bench::region_screen(),
        _ => {
            eprintln!(
                "usage: ./kompas.sh <run | test | fuzz | bench | build-ui | bench-startup | bench-size | bench-region>"
            );
            if task == "help" {
                Ok(())
            } else {
                bail!("unknown task `{task}`")
            }
        }
    }
}

/// The repository root: the nearest folder upwards from the working directory that holds
/// `kompas.sh`. Found at run time, not compiled in, because the build cache is shared
/// between checkouts (see `kompas.sh`) and a cached xtask may come from another one.
pub fn root() -> PathBuf {
    let start = std::env::current_dir().expect("a working directory");
    start
        .ancestors()
        .find(|dir| dir.join("kompas.sh").is_file() && dir.join("src-ui").is_dir())
        .map(Path::to_path_buf)
        .unwrap_or(start)
}

/// The native target dir (shared with the `cargo` that started us).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Runs a command in the repository root and fails when it fails.
pub fn run_command(command: &mut Command) -> Result<()> {
    eprintln!("xtask: {command:?}");
    let status = command
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Builds a Tauri binary of the workspace as it ships (release, embedded front-end through
/// the custom protocol), and returns its path.
pub fn build_tauri_release(package: &str) -> Result<PathBuf> {
    run_command(cargo().args([
        "build",
        "--release",
        "-p",
        package,
        "--features",
        "custom-protocol",
    ]))?;
    Ok(target_dir().join("release").join(package))
}

/// Builds the release app binary with the UI embedded, and returns its path.
pub fn build_app() -> Result<PathBuf> {
    ui::build()?;
    build_tauri_release("kompas-app")
}

fn run() -> Result<()> {
    let app = build_app()?;
    run_command(&mut Command::new(app))
}

/// Starts PostgreSQL on loopback for the server tests (they run on SQLite and on
/// PostgreSQL) and returns its address.
fn test_postgres() -> Result<String> {
    let script = root().join("scripts/test-postgres.sh");
    eprintln!("xtask: {}", script.display());
    let output = Command::new(&script)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {}", script.display()))?;
    if !output.status.success() {
        bail!(
            "{} failed ({}): PostgreSQL is needed for the server tests",
            script.display(),
            output.status
        );
    }
    let printed = String::from_utf8_lossy(&output.stdout);
    // The script prints only the address; anything else means it changed or a tool
    // wrote where it should not, and the tests would fail with a less clear message.
    match printed.trim() {
        address if address.starts_with("postgres://") && !address.contains(char::is_whitespace) => {
            Ok(address.to_owned())
        }
        other => bail!(
            "{} printed {other:?}, not a postgres:// address: fix the script",
            script.display()
        ),
    }
}

fn test() -> Result<()> {
    run_command(cargo().args(["fmt", "--all", "--check"]))?;
    run_command(cargo().args(["fmt", "--check", "--manifest-path", "src-ui/Cargo.toml"]))?;
    let app = build_app()?;
    run_command(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The UI's own lints and unit tests run on the host; its wasm build is checked by
    // build_app above, and the pure crates must build for wasm32 too.
    let ui_host_target = target_dir().join("ui-host");
    run_command(
        cargo()
            .args([
                "clippy",
                "--manifest-path",
                "src-ui/Cargo.toml",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .env("CARGO_TARGET_DIR", &ui_host_target),
    )?;
    run_command(
        cargo()
            .args(["test", "--manifest-path", "src-ui/Cargo.toml"])
            .env("CARGO_TARGET_DIR", &ui_host_target),
    )?;
    ui::check_pure_crates_for_wasm()?;
    fuzz::run()?;
    let postgres = test_postgres()?;
    run_command(
        cargo()
            .args(["test", "--workspace", "--all-targets"])
            .env("KOMPAS_E2E", "1")
            .env("KOMPAS_APP_BIN", &app)
            .env("KOMPAS_TEST_POSTGRES", postgres),
    )?;
    eprintln!("xtask: all checks and tests passed");
    Ok(())
}
