//! Tauri build step. The app manifest lists our own commands, so Tauri generates an
//! `allow-<command>` permission for each, and only those granted in `capabilities/` work.

fn main() {
    // The bundled handbook is embedded with include_dir, which cargo does not track:
    // rebuild when it changes.
    println!("cargo:rerun-if-changed=../content/handbook");
    println!("cargo:rerun-if-changed=../content/checklists");
    let manifest = tauri_build::AppManifest::new().commands(&[
        "startup",
        "startup_painted",
        "reset_store",
        "page",
        "save_settings",
        "sync_watch",
        "sync_login",
        "sync_choose",
        "sync_logout",
        "sync_now",
        "checklist_edit",
        "overlay_edit",
        "section_history",
        "reading_edit",
        "region_overview",
        "region_hospice",
        "region_trend",
        "region_review",
        "region_comparison",
        "region_export",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("the Tauri configuration is invalid");
}
