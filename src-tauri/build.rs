//! Tauri build step. The app manifest lists our own commands, so Tauri generates an
//! `allow-<command>` permission for each, and only those granted in `capabilities/` work.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "startup",
        "startup_painted",
        "reset_store",
        "home",
        "handbook",
        "section",
        "search",
        "save_settings",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("the Tauri configuration is invalid");
}
