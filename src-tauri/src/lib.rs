//! The Tauri 2 shell of Kwaliteitskompas.
//!
//! - [`state`] opens the local store in the app-data folder, seeds it from the handbook
//!   bundled in the binary, and keeps a damaged store from being fatal.
//! - [`commands`] are the thin, typed IPC commands the UI calls.
//! - The sync engine of `kompas-sync` runs in the background on Tauri's async runtime.
//!
//! The shell holds no domain logic: it converts arguments, calls `kompas-store` or
//! `kompas-sync`, and converts results into `kompas-proto` types.

mod commands;
pub mod state;

use tauri::Manager;

/// Environment variable that moves the data folder (tests, benchmarks, portable use).
pub const DATA_DIR_ENV: &str = "KOMPAS_DATA_DIR";
/// Environment variable naming a PEM file: the root certificate of a hospice's own
/// certificate authority, trusted in addition to the public ones.
pub const CA_CERT_ENV: &str = "KOMPAS_CA_CERT";

/// How the sync engine runs: the defaults, plus a hospice's own root certificate.
fn sync_options() -> kompas_sync::EngineOptions {
    let mut options = kompas_sync::EngineOptions::default();
    if let Some(path) = std::env::var_os(CA_CERT_ENV) {
        match std::fs::read(&path) {
            Ok(pem) => options.root_certificate = Some(pem),
            Err(error) => eprintln!(
                "kompas-app: cannot read the certificate {} ({CA_CERT_ENV}): {error}",
                std::path::Path::new(&path).display()
            ),
        }
    }
    options
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        .setup(move |app| {
            let data_dir = match std::env::var_os(DATA_DIR_ENV) {
                Some(dir) => dir.into(),
                None => app.path().app_data_dir()?,
            };
            let state =
                state::AppState::open(data_dir.join(state::DATABASE_FILE), started, sync_options());
            // Sync needs nothing from the window: it starts with the app, offline or not.
            tauri::async_runtime::spawn(state.engine().clone().run());
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::startup,
            commands::startup_painted,
            commands::reset_store,
            commands::page,
            commands::save_settings,
            commands::sync_watch,
            commands::sync_login,
            commands::sync_choose,
            commands::sync_logout,
            commands::sync_now,
        ])
        .run(tauri::generate_context!())
        .expect("Kwaliteitskompas could not start its window");
}
