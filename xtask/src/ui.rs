//! Building the wasm UI with whichever wasm32 standard library this machine has.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{root, run_command, target_dir};

/// The wasm target dir: separate from the native one, since the compiler may differ.
fn wasm_target_dir() -> PathBuf {
    target_dir().join("wasm")
}

/// A cargo command that can build for wasm32-unknown-unknown: the normal toolchain when it
/// has the target, otherwise Debian's rustc-web building std from source (no download).
fn wasm_cargo(args: &[&str]) -> Result<Command> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    let has_target = sysroot
        .as_deref()
        .map(|s| {
            Path::new(s)
                .join("lib/rustlib/wasm32-unknown-unknown")
                .is_dir()
        })
        .unwrap_or(false);
    let mut command;
    if has_target {
        command = Command::new("cargo");
        command
            .args(args)
            .args(["--target", "wasm32-unknown-unknown"]);
    } else {
        if !Path::new("/usr/bin/cargo").exists() || !Path::new("/usr/lib/rustlib/src").exists() {
            bail!(
                "no wasm32 standard library: install the rustup target (`rustup target add wasm32-unknown-unknown`) \
                 or run scripts/setup.sh, which installs Debian's rustc-web and rust-web-src"
            );
        }
        command = Command::new("/usr/bin/cargo");
        let path = std::env::var("PATH").unwrap_or_default();
        command
            .args(args)
            .args([
                "--target",
                "wasm32-unknown-unknown",
                "-Zbuild-std=std,panic_abort",
            ])
            .env("PATH", format!("/usr/bin:{path}"))
            .env("RUSTC", "/usr/bin/rustc")
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", "wasm-ld")
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("CARGO");
    }
    // Without reference types and multi-value, wasm-bindgen keeps JS values in its own
    // table and Debian 12's wasm-opt (version 108) can optimize the module; with them, that
    // wasm-opt produced a module WebKit rejects ("Argument value did not match the
    // reference type"). The size cost is nil, and older webviews are served as well.
    // `erase_components` (a cfg Leptos reads) makes every component return a type-erased
    // view: this UI has many screens of nested views, whose fully typed trees were
    // monomorphized into separate build/rebuild code per shape; erased, the shipped wasm
    // went from 428 to 341 KiB gzip (docs/benchmarks.md, Size), at the cost of a dynamic
    // call per component, which no screen measurably feels.
    command.env("CARGO_TARGET_DIR", wasm_target_dir()).env(
        "RUSTFLAGS",
        "-C target-feature=-reference-types,-multivalue --cfg erase_components",
    );
    Ok(command)
}

/// Compiles the UI, runs wasm-bindgen (and wasm-opt when present), and assembles
/// `src-ui/dist`, the folder Tauri embeds.
pub fn build() -> Result<()> {
    let root = root();
    run_command(&mut wasm_cargo(&[
        "build",
        "--release",
        "--manifest-path",
        "src-ui/Cargo.toml",
    ])?)?;
    let wasm = wasm_target_dir().join("wasm32-unknown-unknown/release/kompas-ui.wasm");
    let dist = root.join("src-ui/dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).context("cannot clear src-ui/dist")?;
    }
    std::fs::create_dir_all(&dist)?;
    run_command(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "kompas_ui",
                "--out-dir",
            ])
            .arg(&dist)
            .arg(&wasm),
    )?;
    optimize(&dist.join("kompas_ui_bg.wasm"));
    for (from, to) in [
        ("src-ui/index.html", "index.html"),
        ("src-ui/main.js", "main.js"),
        ("assets/app.css", "app.css"),
        ("assets/icon.svg", "icon.svg"),
    ] {
        std::fs::copy(root.join(from), dist.join(to))
            .with_context(|| format!("cannot copy {from} into src-ui/dist"))?;
    }
    Ok(())
}

/// Shrinks the wasm with binaryen's wasm-opt when it is installed and understands the
/// module; the build works without it.
fn optimize(wasm: &Path) {
    let optimized = wasm.with_extension("opt.wasm");
    let status = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&optimized)
        .status();
    match status {
        Ok(s) if s.success() => {
            if let Err(e) = std::fs::rename(&optimized, wasm) {
                eprintln!("xtask: keeping the unoptimized wasm ({e})");
            }
        }
        _ => {
            let _ = std::fs::remove_file(&optimized);
            eprintln!(
                "xtask: wasm-opt unavailable or failed; shipping the wasm as wasm-bindgen left it"
            );
        }
    }
}

/// The pure crates promise to build for wasm32 (an editor preview will use them).
pub fn check_pure_crates_for_wasm() -> Result<()> {
    for package in ["kompas-core", "kompas-markdown", "kompas-proto"] {
        run_command(&mut wasm_cargo(&["check", "-p", package])?)?;
    }
    Ok(())
}
