//! The app's state: the local store, or why it could not be opened.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use include_dir::{include_dir, Dir};
use kompas_core::SourceFile;
use kompas_proto::{
    CommandError, ErrorCode, PageData, PageRequest, Settings, StartupInfo, StoreStatus,
    PROTOCOL_VERSION,
};
use kompas_store::{Store, StoreError};
use kompas_sync::{Engine, EngineOptions, LocalStore, SyncError};

/// The database file inside the app-data folder.
pub const DATABASE_FILE: &str = "kompas.sqlite";
/// Opens this section instead of home at start (tests, benchmark).
pub const OPEN_SECTION_ENV: &str = "KOMPAS_OPEN_SECTION";
/// Makes the app exit once the first section is painted (start-up benchmark).
pub const PROBE_ENV: &str = "KOMPAS_STARTUP_PROBE";

/// How many recently read sections the home screen shows.
const RECENT_ON_HOME: usize = 5;
/// How many search hits the UI shows.
const SEARCH_HITS: usize = 25;

/// The default handbook, compiled into the binary so that a first start needs nothing else.
static BUNDLED_HANDBOOK: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../content/handbook");

/// The files of the bundled handbook.
pub fn bundled_files() -> Vec<SourceFile> {
    fn collect(dir: &Dir<'_>, out: &mut Vec<SourceFile>) {
        for file in dir.files() {
            out.push(SourceFile {
                path: file.path().to_string_lossy().replace('\\', "/"),
                bytes: file.contents().to_vec(),
            });
        }
        for sub in dir.dirs() {
            collect(sub, out);
        }
    }
    let mut files = Vec::new();
    collect(&BUNDLED_HANDBOOK, &mut files);
    files
}

/// Opens (or creates) the store and makes sure it holds the bundled handbook.
pub fn open_and_seed(path: &Path) -> Result<Store, StoreError> {
    let mut store = Store::open(path)?;
    store.seed_from_bundle(bundled_files())?;
    Ok(store)
}

/// The store, or why it could not be opened. Shared by the commands and the sync engine.
#[derive(Debug)]
pub struct StoreCell(Mutex<Result<Store, String>>);

impl StoreCell {
    fn lock(&self) -> MutexGuard<'_, Result<Store, String>> {
        // A panic while holding the lock leaves the store itself consistent (SQLite
        // transactions), so the poisoned guard is safe to keep using.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl LocalStore for StoreCell {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, SyncError> {
        match &mut *self.lock() {
            Ok(store) => Ok(f(store)?),
            Err(message) => Err(SyncError::StoreUnavailable(message.clone())),
        }
    }
}

/// The sync engine of the app, over its store.
pub type AppEngine = Engine<StoreCell>;

#[derive(Debug)]
pub struct AppState {
    path: PathBuf,
    store: Arc<StoreCell>,
    engine: Arc<AppEngine>,
    started: Instant,
    probe: bool,
    open_section: Option<String>,
}

impl AppState {
    pub fn open(path: PathBuf, started: Instant, sync: EngineOptions) -> AppState {
        let store = open_and_seed(&path).map_err(|e| e.to_string());
        if let Err(message) = &store {
            eprintln!("kompas-app: {message}");
        }
        let store = Arc::new(StoreCell(Mutex::new(store)));
        AppState {
            path,
            engine: Engine::new(store.clone(), sync),
            store,
            started,
            probe: std::env::var_os(PROBE_ENV).is_some(),
            open_section: std::env::var(OPEN_SECTION_ENV)
                .ok()
                .filter(|s| !s.is_empty()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Result<Store, String>> {
        self.store.lock()
    }

    /// The sync engine; the shell starts its loop once the async runtime runs.
    pub fn engine(&self) -> &Arc<AppEngine> {
        &self.engine
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    pub fn probe(&self) -> bool {
        self.probe
    }

    pub fn status(&self) -> StoreStatus {
        match &*self.lock() {
            Ok(_) => StoreStatus::Ready,
            Err(message) => StoreStatus::Damaged {
                message: message.clone(),
                path: self.path.display().to_string(),
            },
        }
    }

    /// Everything the UI needs for its first screen; `first` is the screen its route asks
    /// for, replaced by `open_section` when that is set.
    pub fn startup_info(&self, first: PageRequest) -> StartupInfo {
        let settings = match &*self.lock() {
            Ok(store) => store.settings().unwrap_or_default(),
            Err(_) => Settings::default(),
        };
        let status = self.status();
        let first = match &self.open_section {
            Some(id) => PageRequest::Section { id: id.clone() },
            None => first,
        };
        let first_page = (status == StoreStatus::Ready).then(|| self.page(first));
        StartupInfo {
            status,
            settings,
            first_page,
            open_section: self.open_section.clone(),
            probe: self.probe,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            protocol_version: PROTOCOL_VERSION,
            sync: self.engine.view(),
        }
    }

    /// The data of one screen. Opening a section remembers it as recently read.
    pub fn page(&self, request: PageRequest) -> Result<PageData, CommandError> {
        match request {
            PageRequest::Home => self.with_store(|s| s.home(RECENT_ON_HOME).map(PageData::Home)),
            PageRequest::Handbook => self.with_store(|s| s.handbook().map(PageData::Handbook)),
            PageRequest::Search { query } => {
                self.with_store(|s| s.search(&query, SEARCH_HITS).map(PageData::Search))
            }
            PageRequest::Section { id } => self
                .with_store(|store| {
                    let view = store.section(&id)?;
                    if view.is_some() {
                        store.mark_read(&id)?;
                    }
                    Ok(view)
                })?
                .map(PageData::Section)
                .ok_or_else(|| {
                    CommandError::new(ErrorCode::NotFound, format!("no section with id `{id}`"))
                }),
        }
    }

    /// Runs `f` on the store, or reports that the store is damaged.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        match &mut *self.lock() {
            Ok(store) => f(store).map_err(|error| {
                let code = if error.is_damaged() {
                    ErrorCode::StoreDamaged
                } else {
                    ErrorCode::Internal
                };
                CommandError::new(code, error.to_string())
            }),
            Err(message) => Err(CommandError::new(ErrorCode::StoreDamaged, message.clone())),
        }
    }

    /// The way out of a damaged store: move the file aside (it is kept, for support) and
    /// start again from the bundled handbook.
    pub fn reset(&self) -> StoreStatus {
        {
            let mut guard = self.lock();
            // Close the old connection before its files are moved.
            *guard = Err("being reset".into());
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
            for suffix in ["", "-wal", "-shm"] {
                let from = PathBuf::from(format!("{}{suffix}", self.path.display()));
                if from.exists() {
                    let to =
                        PathBuf::from(format!("{}.damaged-{stamp}{suffix}", self.path.display()));
                    if let Err(error) = std::fs::rename(&from, &to) {
                        eprintln!("kompas-app: cannot move {} aside: {error}", from.display());
                    }
                }
            }
            *guard = open_and_seed(&self.path).map_err(|e| e.to_string());
        }
        self.status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_seeds_the_bundled_handbook() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(
            dir.path().join(DATABASE_FILE),
            Instant::now(),
            EngineOptions::default(),
        );
        assert_eq!(state.status(), StoreStatus::Ready);
        let Ok(PageData::Home(home)) = state.page(PageRequest::Home) else {
            panic!("no home screen");
        };
        assert!(home.section_count >= 30, "{}", home.section_count);
        // No server yet: the start-up answer says so, and the engine has nothing to do.
        assert_eq!(
            state.startup_info(PageRequest::Home).sync.activity,
            kompas_proto::SyncActivity::NotConnected
        );
        assert!(home
            .critical
            .iter()
            .any(|s| s.id == "als-een-gast-overlijdt"));
    }

    #[test]
    fn startup_answers_the_first_screen_in_the_same_call() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(
            dir.path().join(DATABASE_FILE),
            Instant::now(),
            EngineOptions::default(),
        );
        let info = state.startup_info(PageRequest::Section {
            id: "als-een-gast-valt".into(),
        });
        let Some(Ok(PageData::Section(section))) = info.first_page else {
            panic!("the first screen is missing: {:?}", info.first_page);
        };
        assert_eq!(section.id, "als-een-gast-valt");
        let missing = state.startup_info(PageRequest::Section { id: "nope".into() });
        assert!(
            matches!(missing.first_page, Some(Err(ref e)) if e.code == ErrorCode::NotFound),
            "{:?}",
            missing.first_page
        );
    }

    #[test]
    fn a_damaged_database_is_reported_and_can_be_reset() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(DATABASE_FILE);
        std::fs::write(
            &path,
            b"this is not a database, it was overwritten by accident",
        )
        .expect("write");
        let state = AppState::open(path.clone(), Instant::now(), EngineOptions::default());
        let StoreStatus::Damaged { message, .. } = state.status() else {
            panic!("a garbage file must be reported as damaged");
        };
        assert!(message.contains("Move it aside"), "{message}");
        let error = state.page(PageRequest::Home).expect_err("no store");
        assert_eq!(error.code, ErrorCode::StoreDamaged);
        assert_eq!(state.startup_info(PageRequest::Home).first_page, None);

        assert_eq!(state.reset(), StoreStatus::Ready);
        assert!(state.page(PageRequest::Home).is_ok());
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
            .collect();
        assert_eq!(kept.len(), 1, "the damaged file is kept aside");
    }
}
