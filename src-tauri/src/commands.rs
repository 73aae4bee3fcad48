//! IPC commands. Each converts its arguments, calls the app state, and returns the result.

use kompas_proto::{CommandError, PageData, PageRequest, Settings, StartupInfo, StoreStatus};
use tauri::{AppHandle, State};

use crate::state::AppState;

/// Settings, store status and the first screen (`first`, from the UI's route) in one call.
#[tauri::command]
pub fn startup(first: PageRequest, state: State<'_, AppState>) -> StartupInfo {
    state.startup_info(first)
}

/// Called by the UI when it has painted its first section; only acts during the start-up
/// benchmark, which measures the time until the process exits.
#[tauri::command]
pub fn startup_painted(app: AppHandle, state: State<'_, AppState>) {
    if state.probe() {
        eprintln!(
            "kompas-app: first section painted after {:.1} ms",
            state.started().elapsed().as_secs_f64() * 1e3
        );
        app.exit(0);
    }
}

#[tauri::command]
pub fn reset_store(state: State<'_, AppState>) -> StoreStatus {
    state.reset()
}

/// The data of one screen: home, handbook, a section (remembered as read) or search hits.
#[tauri::command]
pub fn page(request: PageRequest, state: State<'_, AppState>) -> Result<PageData, CommandError> {
    state.page(request)
}

#[tauri::command]
pub fn save_settings(settings: Settings, state: State<'_, AppState>) -> Result<(), CommandError> {
    state.with_store(|store| store.save_settings(&settings))
}
