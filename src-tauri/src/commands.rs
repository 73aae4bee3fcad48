//! IPC commands. Each converts its arguments, calls the store, and converts the result.

use kompas_proto::{
    CategoryView, CommandError, HomeView, SearchHit, SectionView, Settings, StartupInfo,
    StoreStatus,
};
use tauri::{AppHandle, State};

use crate::state::AppState;

/// How many recently read sections the home screen shows.
const RECENT_ON_HOME: usize = 5;
/// How many search hits the UI shows.
const SEARCH_HITS: usize = 25;

#[tauri::command]
pub fn startup(state: State<'_, AppState>) -> StartupInfo {
    state.startup_info()
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

#[tauri::command]
pub fn home(state: State<'_, AppState>) -> Result<HomeView, CommandError> {
    state.with_store(|store| store.home(RECENT_ON_HOME))
}

#[tauri::command]
pub fn handbook(state: State<'_, AppState>) -> Result<Vec<CategoryView>, CommandError> {
    state.with_store(|store| store.handbook())
}

/// Opens a section and remembers it as recently read.
#[tauri::command]
pub fn section(id: String, state: State<'_, AppState>) -> Result<SectionView, CommandError> {
    state
        .with_store(|store| {
            let view = store.section(&id)?;
            if view.is_some() {
                store.mark_read(&id)?;
            }
            Ok(view)
        })?
        .ok_or_else(|| CommandError {
            code: "not_found".into(),
            detail: format!("no section with id `{id}`"),
        })
}

#[tauri::command]
pub fn search(query: String, state: State<'_, AppState>) -> Result<Vec<SearchHit>, CommandError> {
    state.with_store(|store| store.search(&query, SEARCH_HITS))
}

#[tauri::command]
pub fn save_settings(settings: Settings, state: State<'_, AppState>) -> Result<(), CommandError> {
    state.with_store(|store| store.save_settings(&settings))
}
