//! The Tauri 2 shell of Kwaliteitskompas.
//!
//! - [`state`] opens the local store in the app-data folder, seeds it from the handbook
//!   bundled in the binary, and keeps a damaged store from being fatal.
//! - [`commands`] are the thin, typed IPC commands the UI calls.
//!
//! The shell holds no domain logic: it converts arguments, calls `kompas-store`, and
//! converts results into `kompas-proto` types.

mod commands;
pub mod state;

use tauri::Manager;

/// Environment variable that moves the data folder (tests, benchmarks, portable use).
pub const DATA_DIR_ENV: &str = "KOMPAS_DATA_DIR";

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        .setup(move |app| {
            let data_dir = match std::env::var_os(DATA_DIR_ENV) {
                Some(dir) => dir.into(),
                None => app.path().app_data_dir()?,
            };
            app.manage(state::AppState::open(
                data_dir.join(state::DATABASE_FILE),
                started,
            ));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::startup,
            commands::startup_painted,
            commands::reset_store,
            commands::page,
            commands::save_settings,
        ])
        .run(tauri::generate_context!())
        .expect("Kwaliteitskompas could not start its window");
}
