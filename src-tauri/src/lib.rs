//! The Tauri 2 shell of Kwaliteitskompas.
//!
//! - [`state`] opens the local store in the app-data folder, seeds it from the handbook
//!   bundled in the binary, and keeps a damaged store from being fatal.
//! - [`commands`] are the thin, typed IPC commands the UI calls.
//! - The sync engine of `kompas-sync` runs in the background on Tauri's async runtime.
//!
//! The shell holds no domain logic: it converts arguments, calls `kompas-store` or
//! `kompas-sync`, and converts results into `kompas-proto` types.

mod checklists;
mod commands;
mod reading;
mod region;
pub mod state;
mod tailoring;

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

/// The WebKitGTK switch that makes it paint pages with Skia on the CPU instead of the GPU.
#[cfg(target_os = "linux")]
const CPU_PAINTING_ENV: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Whether WebKitGTK should paint with the CPU: when the machine has no GPU render node
/// (`/dev/dri/renderD*`), OpenGL is Mesa's software rasterizer, and WebKit's GPU painting
/// then compiles a shader with LLVM for every new kind of drawing before rasterizing on the
/// CPU anyway. On a 2-core VM that made the first section paint about 115 ms later than
/// painting with the CPU directly (docs/benchmarks.md). If the user has set the variable,
/// their value wins (WebKit treats `0` as off).
#[cfg(target_os = "linux")]
fn cpu_painting_advised(user_choice: bool, device_names: impl IntoIterator<Item = String>) -> bool {
    !user_choice
        && !device_names
            .into_iter()
            .any(|name| name.starts_with("renderD"))
}

#[cfg(target_os = "linux")]
fn choose_painting() {
    let devices = std::fs::read_dir("/dev/dri")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned());
    if cpu_painting_advised(std::env::var_os(CPU_PAINTING_ENV).is_some(), devices) {
        // Runs first thing in `run`, before any thread exists that could read the
        // environment; the WebKit processes inherit it.
        std::env::set_var(CPU_PAINTING_ENV, "1");
        // Never with the word "painted": the start-up benchmark takes a line holding it
        // for the first paint.
        eprintln!(
            "kompas-app: no GPU render node, so WebKit is asked to draw with the CPU ({CPU_PAINTING_ENV}=1)"
        );
    }
}

/// How long the app waits at exit for the sync engine to stop (it stops at its next
/// await; a page being applied is one transaction either way).
const ENGINE_STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let started = std::time::Instant::now();
    #[cfg(target_os = "linux")]
    choose_painting();
    let (stop_sync, sync_stopped) = tokio::sync::watch::channel(false);
    let app = tauri::Builder::default()
        .setup(move |app| {
            let data_dir = match std::env::var_os(DATA_DIR_ENV) {
                Some(dir) => dir.into(),
                None => app.path().app_data_dir()?,
            };
            let state =
                state::AppState::open(data_dir.join(state::DATABASE_FILE), started, sync_options());
            // Sync needs nothing from the window: it starts with the app, offline or not,
            // and stops when the app exits.
            let mut stopped = sync_stopped;
            let engine = tauri::async_runtime::spawn(state.engine().clone().run(async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            }));
            app.manage(SyncTask(std::sync::Mutex::new(Some(engine))));
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
            commands::checklist_edit,
            commands::overlay_edit,
            commands::section_history,
            commands::reading_edit,
            region::region_overview,
            region::region_hospice,
            region::region_trend,
            region::region_review,
            region::region_comparison,
            region::region_export,
        ])
        .build(tauri::generate_context!())
        .expect("Kwaliteitskompas could not start its window");
    app.run(move |handle, event| {
        if let tauri::RunEvent::Exit = event {
            let _ = stop_sync.send(true);
            let engine = handle
                .try_state::<SyncTask>()
                .and_then(|task| task.0.lock().ok()?.take());
            if let Some(engine) = engine {
                tauri::async_runtime::block_on(async {
                    if tokio::time::timeout(ENGINE_STOP_WAIT, engine)
                        .await
                        .is_err()
                    {
                        eprintln!(
                            "kompas-app: sync did not stop in time; it resumes at the next start"
                        );
                    }
                });
            }
        }
    });
}

/// The running sync engine's task, awaited at exit.
struct SyncTask(std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<()>>>);

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::cpu_painting_advised;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn cpu_painting_only_without_a_render_node_and_without_a_choice_of_the_user() {
        assert!(cpu_painting_advised(false, names(&[])));
        assert!(cpu_painting_advised(false, names(&["card0", "by-path"])));
        assert!(!cpu_painting_advised(
            false,
            names(&["card0", "renderD128"])
        ));
        assert!(!cpu_painting_advised(true, names(&[])));
    }
}
