//! IPC commands of the region's view: the coordinator's reads, marks and exports, and the
//! manager's comparison. Each asks the sync engine, which talks to the server and keeps
//! the answers for offline.

use std::path::PathBuf;

use kompas_proto::region::{
    Comparison, Fetched, HospiceDetail, RegionOverview, RegionTrend, Review, ReviewRequest,
};
use kompas_proto::{CommandError, ErrorCode};
use kompas_sync::region::Export;
use kompas_sync::SyncError;
use tauri::{AppHandle, Manager, State};

use crate::state::AppState;

fn sync_error(error: SyncError) -> CommandError {
    CommandError::new(error.code(), error.to_string())
}

#[tauri::command]
pub async fn region_overview(
    region: String,
    year: Option<i32>,
    state: State<'_, AppState>,
) -> Result<Fetched<RegionOverview>, CommandError> {
    state
        .engine()
        .region_overview(&region, year)
        .await
        .map_err(sync_error)
}

#[tauri::command]
pub async fn region_hospice(
    region: String,
    organization: String,
    year: i32,
    state: State<'_, AppState>,
) -> Result<Fetched<HospiceDetail>, CommandError> {
    state
        .engine()
        .region_hospice(&region, &organization, year)
        .await
        .map_err(sync_error)
}

#[tauri::command]
pub async fn region_trend(
    region: String,
    state: State<'_, AppState>,
) -> Result<Fetched<RegionTrend>, CommandError> {
    state
        .engine()
        .region_trend(&region)
        .await
        .map_err(sync_error)
}

/// Marks a submission Ontvangen or Besproken (needs the network).
#[tauri::command]
pub async fn region_review(
    region: String,
    uuid: String,
    request: ReviewRequest,
    state: State<'_, AppState>,
) -> Result<Review, CommandError> {
    state
        .engine()
        .review(&region, &uuid, &request)
        .await
        .map_err(sync_error)
}

/// The manager's own hospice beside the region in `year`.
#[tauri::command]
pub async fn region_comparison(
    year: i32,
    state: State<'_, AppState>,
) -> Result<Fetched<Comparison>, CommandError> {
    state.engine().comparison(year).await.map_err(sync_error)
}

/// Downloads an export (`results` or `actions`) of a year into the Downloads folder; the
/// path written, for the screen to show. An existing file of the same name is kept: the
/// new one gets a number.
#[tauri::command]
pub async fn region_export(
    region: String,
    year: i32,
    kind: String,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<String, CommandError> {
    let (export, stem) = match kind.as_str() {
        "results" => (Export::Results, "zelfevaluaties"),
        "actions" => (Export::Actions, "verbeteracties"),
        other => {
            return Err(CommandError::new(
                ErrorCode::Internal,
                format!("unknown export `{other}`"),
            ))
        }
    };
    let bytes = state
        .engine()
        .export(&region, year, export)
        .await
        .map_err(sync_error)?;
    let dir = export_dir(&app);
    let safe: String = region
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = tauri::async_runtime::spawn_blocking(move || {
        write_new(&dir, &format!("{stem}-{safe}-{year}"), "csv", &bytes)
    })
    .await
    .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))??;
    Ok(path.display().to_string())
}

/// Where exports go: `KOMPAS_EXPORT_DIR` when set (tests), else the Downloads folder, else
/// the home folder.
fn export_dir(app: &AppHandle) -> PathBuf {
    if let Some(dir) = std::env::var_os("KOMPAS_EXPORT_DIR") {
        return PathBuf::from(dir);
    }
    app.path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .unwrap_or_else(|_| std::env::temp_dir())
}

/// Writes `bytes` to a file that did not exist: `stem.ext`, else `stem (2).ext`, ...
fn write_new(
    dir: &std::path::Path,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<PathBuf, CommandError> {
    use std::io::Write;
    let failed = |e: std::io::Error, path: &std::path::Path| {
        CommandError::new(
            ErrorCode::Internal,
            format!(
                "the export could not be saved in {} ({e}); check that the folder exists \
                 and there is room",
                path.display()
            ),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(e, dir))?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem} ({n}).{ext}")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|e| failed(e, &path))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(failed(e, &path)),
        }
    }
    Err(CommandError::new(
        ErrorCode::Internal,
        format!(
            "{} holds 999 exports named {stem}; move some away",
            dir.display()
        ),
    ))
}
