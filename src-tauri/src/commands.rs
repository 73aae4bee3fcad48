//! IPC commands. Each converts its arguments, calls the app state, and returns the result.
//! Every command that touches the store is `async` and does its work on the blocking pool:
//! a synchronous command would run on the main thread, and a write waits for sync.

use std::time::Duration;

use kompas_proto::checklist::{ChecklistEdit, EditOutcome};
use kompas_proto::reading::ReadingEdit;
use kompas_proto::tailoring::{HistoryView, OverlayEdit, OverlayEditOutcome};
use kompas_proto::{
    CommandError, ErrorCode, LoginForm, PageData, PageRequest, Settings, StartupInfo, StoreStatus,
    SyncView,
};
use kompas_sync::SyncError;
use tauri::{AppHandle, State};

use crate::state::AppState;

/// Runs `work` on a thread of the blocking pool. Commands that touch the store never run
/// on the main thread (which draws the window), and reads never wait for sync's writes.
async fn off_the_ui_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|error| {
            Err(CommandError::new(
                ErrorCode::Internal,
                format!("the command stopped: {error}"),
            ))
        })
}

/// Settings, store status and the first screen (`first`, from the UI's route) in one call.
#[tauri::command]
pub async fn startup(
    first: PageRequest,
    state: State<'_, AppState>,
) -> Result<StartupInfo, CommandError> {
    let state = state.inner().clone();
    off_the_ui_thread(move || Ok(state.startup_info(first))).await
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
pub async fn reset_store(state: State<'_, AppState>) -> Result<StoreStatus, CommandError> {
    let state = state.inner().clone();
    off_the_ui_thread(move || Ok(state.reset())).await
}

/// The data of one screen: home, handbook, a section (remembered as read) or search hits.
#[tauri::command]
pub async fn page(
    request: PageRequest,
    state: State<'_, AppState>,
) -> Result<PageData, CommandError> {
    let state = state.inner().clone();
    off_the_ui_thread(move || state.page(request)).await
}

#[tauri::command]
pub async fn save_settings(
    settings: Settings,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    let state = state.inner().clone();
    off_the_ui_thread(move || state.write(|store| store.save_settings(&settings))).await
}

/// How long `sync_watch` waits for a change before it answers with the current state.
const WATCH_TIMEOUT: Duration = Duration::from_secs(25);

fn sync_error(error: SyncError) -> CommandError {
    CommandError::new(error.code(), error.to_string())
}

/// The sync state once its version differs from `seen` (a long poll: the UI calls again
/// with the version it got, and hears of every change without polling on a timer).
#[tauri::command]
pub async fn sync_watch(seen: u64, state: State<'_, AppState>) -> Result<SyncView, CommandError> {
    Ok(state.engine().watch(seen, WATCH_TIMEOUT).await)
}

/// Logs in to a server; the password goes to the server once and is not stored.
#[tauri::command]
pub async fn sync_login(
    form: LoginForm,
    state: State<'_, AppState>,
) -> Result<SyncView, CommandError> {
    state.engine().login(&form).await.map_err(sync_error)
}

/// Lets this device follow one of the user's hospices.
#[tauri::command]
pub async fn sync_choose(
    organization: String,
    state: State<'_, AppState>,
) -> Result<SyncView, CommandError> {
    state
        .engine()
        .choose(&organization)
        .await
        .map_err(sync_error)
}

/// Logs out; the handbook stays on the device.
#[tauri::command]
pub async fn sync_logout(state: State<'_, AppState>) -> Result<SyncView, CommandError> {
    state.engine().logout().await.map_err(sync_error)
}

/// Syncs now ("Nu bijwerken", or the network came back).
#[tauri::command]
pub fn sync_now(state: State<'_, AppState>) {
    state.engine().sync_now();
}

/// A change on a checklist or self-evaluation screen, saved at once (one transaction).
#[tauri::command]
pub async fn checklist_edit(
    edit: ChecklistEdit,
    state: State<'_, AppState>,
) -> Result<EditOutcome, CommandError> {
    let state = state.inner().clone();
    off_the_ui_thread(move || state.edit_checklist(edit)).await
}

/// An edit of the hospice's own handbook by its manager: drafts saved (and published), a
/// draft thrown away, or the preview of what is typed.
#[tauri::command]
pub async fn overlay_edit(
    edit: OverlayEdit,
    state: State<'_, AppState>,
) -> Result<OverlayEditOutcome, CommandError> {
    let state = state.inner().clone();
    off_the_ui_thread(move || state.edit_overlay(edit)).await
}

/// Gelezen en begrepen: choose who reads on this device, acknowledge a must-read change,
/// or (a manager) change the hospice's list of names.
#[tauri::command]
pub async fn reading_edit(
    edit: ReadingEdit,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    let state = state.inner().clone();
    off_the_ui_thread(move || state.edit_reading(edit)).await
}

/// Every revision of a section of the followed hospice, from the server (needs the
/// network); only for its manager.
#[tauri::command]
pub async fn section_history(
    id: String,
    state: State<'_, AppState>,
) -> Result<HistoryView, CommandError> {
    if state.managed_organization().is_none() {
        return Err(CommandError::new(
            ErrorCode::NotPossible,
            "only a manager of the hospice this device follows may read its history: log in \
             as one in the settings",
        ));
    }
    state
        .engine()
        .section_history(&id)
        .await
        .map(crate::tailoring::history_view)
        .map_err(sync_error)
}
