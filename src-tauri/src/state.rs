//! The app's state: the local store, or why it could not be opened.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::Instant;

use include_dir::{include_dir, Dir};
use kompas_core::SourceFile;
use kompas_proto::{
    CommandError, ErrorCode, PageData, PageRequest, StartupInfo, StoreStatus, PROTOCOL_VERSION,
};
use kompas_store::{Store, StoreError, StoreReader};
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

/// The default checklists and self-evaluation, beside the handbook (`../checklists/`).
static BUNDLED_CHECKLISTS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../content/checklists");

/// The files of the bundled handbook, and its checklists as a folder beside it.
pub fn bundled_files() -> Vec<SourceFile> {
    fn collect(dir: &Dir<'_>, prefix: &str, out: &mut Vec<SourceFile>) {
        for file in dir.files() {
            out.push(SourceFile {
                path: format!(
                    "{prefix}{}",
                    file.path().to_string_lossy().replace('\\', "/")
                ),
                bytes: file.contents().to_vec(),
            });
        }
        for sub in dir.dirs() {
            collect(sub, prefix, out);
        }
    }
    let mut files = Vec::new();
    collect(&BUNDLED_HANDBOOK, "", &mut files);
    collect(&BUNDLED_CHECKLISTS, "../checklists/", &mut files);
    files
}

/// Opens (or creates) the store and makes sure it holds the bundled handbook.
pub fn open_and_seed(path: &Path) -> Result<Store, StoreError> {
    let mut store = Store::open(path)?;
    store.seed_from_bundle(bundled_files())?;
    Ok(store)
}

/// The writing store, or why it could not be opened. Shared by the sync engine (which
/// holds it while it applies a page) and the few commands that write.
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

/// How many read-only connections answer the screens. The UI asks one screen at a time;
/// the second covers `startup` and a `page` overlapping, or a search typed during a read.
const READERS: usize = 2;

/// Read-only connections to the store file: the screens read through these and so never
/// wait for the writer's lock, which sync holds while it applies a page (WAL lets a
/// reader see the last committed state meanwhile).
#[derive(Debug)]
struct Readers([Mutex<Option<StoreReader>>; READERS]);

impl Readers {
    fn closed() -> Readers {
        Readers(std::array::from_fn(|_| Mutex::new(None)))
    }

    fn slot(&self, index: usize) -> MutexGuard<'_, Option<StoreReader>> {
        self.0[index]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Opens every reader on `path`.
    fn open(&self, path: &Path) -> Result<(), StoreError> {
        for index in 0..READERS {
            *self.slot(index) = Some(StoreReader::open(path)?);
        }
        Ok(())
    }

    fn close(&self) {
        for index in 0..READERS {
            *self.slot(index) = None;
        }
    }

    /// Runs `f` on a free reader (or waits for the first, which is only ever busy for one
    /// read); `None` when the store is closed.
    fn with<T>(&self, f: impl FnOnce(&StoreReader) -> T) -> Option<T> {
        for slot in &self.0 {
            if let Ok(reader) = slot.try_lock() {
                if let Some(reader) = reader.as_ref() {
                    return Some(f(reader));
                }
            }
        }
        self.slot(0).as_ref().map(f)
    }
}

/// The sync engine of the app, over its store.
pub type AppEngine = Engine<StoreCell>;

/// The app's state; cheap to clone, so a command can move it onto a blocking thread.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    store: Arc<StoreCell>,
    readers: Readers,
    /// Kept apart from the store, so asking whether it is usable never waits for it.
    status: Mutex<StoreStatus>,
    /// Sections opened, for the writer thread to record as read (see [`record_reading`]).
    opened: mpsc::Sender<String>,
    engine: Arc<AppEngine>,
    started: Instant,
    probe: bool,
    open_section: Option<String>,
}

/// Records the sections sent on `opened` as read, one after another, on its own thread: a
/// section opens at once from a reader, and its "read" mark waits for the writer (behind
/// a sync page, at worst) without anyone waiting for it.
fn record_reading(store: Arc<StoreCell>, opened: mpsc::Receiver<String>) {
    for id in opened {
        if let Err(error) = store.with_store(|s| s.mark_read(&id)) {
            eprintln!("kompas-app: cannot record that `{id}` was read: {error}");
        }
    }
}

impl AppState {
    pub fn open(path: PathBuf, started: Instant, sync: EngineOptions) -> AppState {
        let readers = Readers::closed();
        let store = open_and_seed(&path).map_err(|e| e.to_string());
        let store = store.and_then(|store| {
            readers.open(&path).map_err(|e| e.to_string())?;
            Ok(store)
        });
        if let Err(message) = &store {
            eprintln!("kompas-app: {message}");
        }
        let status = status_of(&store, &path);
        let store = Arc::new(StoreCell(Mutex::new(store)));
        let (opened, reading) = mpsc::channel();
        let writer = store.clone();
        std::thread::Builder::new()
            .name("kompas-reading".into())
            .spawn(move || record_reading(writer, reading))
            .expect("a thread to record reading");
        AppState(Arc::new(Inner {
            path,
            engine: Engine::new(store.clone(), sync),
            store,
            readers,
            status: Mutex::new(status),
            opened,
            started,
            probe: std::env::var_os(PROBE_ENV).is_some(),
            open_section: std::env::var(OPEN_SECTION_ENV)
                .ok()
                .filter(|s| !s.is_empty()),
        }))
    }

    /// The sync engine; the shell starts its loop once the async runtime runs.
    pub fn engine(&self) -> &Arc<AppEngine> {
        &self.0.engine
    }

    /// The writing store, as the sync engine holds it (tests, the freeze benchmark).
    pub fn store_cell(&self) -> &Arc<StoreCell> {
        &self.0.store
    }

    pub fn started(&self) -> Instant {
        self.0.started
    }

    pub fn probe(&self) -> bool {
        self.0.probe
    }

    pub fn status(&self) -> StoreStatus {
        self.0
            .status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Everything the UI needs for its first screen; `first` is the screen its route asks
    /// for, replaced by `open_section` when that is set.
    pub fn startup_info(&self, first: PageRequest) -> StartupInfo {
        let settings = self.read(|reader| reader.settings()).unwrap_or_default();
        let status = self.status();
        let first = match &self.0.open_section {
            Some(id) => PageRequest::Section { id: id.clone() },
            None => first,
        };
        let first_page = (status == StoreStatus::Ready).then(|| self.page(first));
        StartupInfo {
            status,
            settings,
            first_page,
            open_section: self.0.open_section.clone(),
            probe: self.0.probe,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            protocol_version: PROTOCOL_VERSION,
            sync: self.engine().view(),
        }
    }

    /// The data of one screen, read without waiting for a sync that is writing. Opening a
    /// section also records it as read, on the writer's thread.
    pub fn page(&self, request: PageRequest) -> Result<PageData, CommandError> {
        match request {
            PageRequest::Home => self.read(|r| r.home(RECENT_ON_HOME).map(PageData::Home)),
            PageRequest::Handbook => self.read(|r| r.handbook().map(PageData::Handbook)),
            PageRequest::Search { query } => {
                self.read(|r| r.search(&query, SEARCH_HITS).map(PageData::Search))
            }
            PageRequest::Section { id } => {
                let view = self.read(|r| r.section(&id))?.ok_or_else(|| {
                    CommandError::new(ErrorCode::NotFound, format!("no section with id `{id}`"))
                })?;
                let mut view = view;
                view.checklists = self.read(|r| r.checklists_for_section(&id))?;
                if self.0.opened.send(id).is_err() {
                    eprintln!("kompas-app: the reading history is not recorded any more");
                }
                Ok(PageData::Section(view))
            }
            PageRequest::Checklists => self.checklists_page().map(PageData::Checklists),
            PageRequest::Routine { id } => self.routine_page(&id).map(PageData::Routine),
            PageRequest::Evaluation { uuid } => self
                .evaluation_page(&uuid)
                .map(|view| PageData::Evaluation(Box::new(view))),
            PageRequest::Tailoring => self.tailoring_page().map(PageData::Tailoring),
            PageRequest::TailorSection { id } => self
                .tailor_section_page(&id)
                .map(|view| PageData::TailorSection(Box::new(view))),
            PageRequest::Reading => self.reading_page().map(PageData::Reading),
        }
    }

    /// Runs `f` on a reader, or reports that the store is damaged.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&StoreReader) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        match self.0.readers.with(f) {
            Some(result) => result.map_err(command_error),
            None => Err(CommandError::new(
                ErrorCode::StoreDamaged,
                match self.status() {
                    StoreStatus::Damaged { message, .. } => message,
                    StoreStatus::Ready => "the handbook is being reopened".to_owned(),
                },
            )),
        }
    }

    /// Runs `f` on the writing store (waiting for a sync page being applied, so never on
    /// the UI thread), or reports that the store is damaged.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, CommandError> {
        match &mut *self.0.store.lock() {
            Ok(store) => f(store).map_err(command_error),
            Err(message) => Err(CommandError::new(ErrorCode::StoreDamaged, message.clone())),
        }
    }

    /// The way out of a damaged store: move the file aside (it is kept, for support) and
    /// start again from the bundled handbook.
    pub fn reset(&self) -> StoreStatus {
        let inner = &self.0;
        {
            let mut guard = inner.store.lock();
            // Close every connection before the files are moved.
            *guard = Err("being reset".into());
            inner.readers.close();
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
            for suffix in ["", "-wal", "-shm"] {
                let from = PathBuf::from(format!("{}{suffix}", inner.path.display()));
                if from.exists() {
                    let to =
                        PathBuf::from(format!("{}.damaged-{stamp}{suffix}", inner.path.display()));
                    if let Err(error) = std::fs::rename(&from, &to) {
                        eprintln!("kompas-app: cannot move {} aside: {error}", from.display());
                    }
                }
            }
            *guard = open_and_seed(&inner.path)
                .map_err(|e| e.to_string())
                .and_then(|store| {
                    inner.readers.open(&inner.path).map_err(|e| e.to_string())?;
                    Ok(store)
                });
            *inner
                .status
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = status_of(&guard, &inner.path);
        }
        self.status()
    }
}

fn status_of(store: &Result<Store, String>, path: &Path) -> StoreStatus {
    match store {
        Ok(_) => StoreStatus::Ready,
        Err(message) => StoreStatus::Damaged {
            message: message.clone(),
            path: path.display().to_string(),
        },
    }
}

pub(crate) fn command_error(error: StoreError) -> CommandError {
    let code = if error.is_damaged() {
        ErrorCode::StoreDamaged
    } else if matches!(error, StoreError::Refused(_)) {
        ErrorCode::NotPossible
    } else {
        ErrorCode::Internal
    };
    CommandError::new(code, error.to_string())
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
    fn screens_answer_while_sync_holds_the_writing_store() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(
            dir.path().join(DATABASE_FILE),
            Instant::now(),
            EngineOptions::default(),
        );
        // Hold the writer as the sync engine does while it applies a page.
        let writer = state.store_cell().clone();
        let (held, holding) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            writer.with_store(|_store| {
                held.send(()).expect("send");
                let _ = released.recv();
                Ok(())
            })
        });
        holding.recv().expect("the writer is held");
        let reading = state.clone();
        let (answer, answered) = mpsc::channel();
        std::thread::spawn(move || {
            let pages = [
                PageRequest::Home,
                PageRequest::Handbook,
                PageRequest::Section {
                    id: "als-een-gast-valt".into(),
                },
                PageRequest::Search {
                    query: "overleden".into(),
                },
            ]
            .map(|request| reading.page(request).is_ok());
            let info = reading.startup_info(PageRequest::Home);
            answer
                .send((pages, info.first_page.is_some_and(|page| page.is_ok())))
                .expect("send");
        });
        // Not a timing assertion: screens that waited for the writer would wait until the
        // release below, which comes only after their answer.
        let answers = answered
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the screens answered while the writer was held");
        assert_eq!(answers, ([true; 4], true));
        release.send(()).expect("release");
        holder.join().expect("holder").expect("store");

        // The section opened meanwhile is recorded as read once the writer is free.
        let recent = (0..200).find_map(|_| {
            let Ok(PageData::Home(home)) = state.page(PageRequest::Home) else {
                return None;
            };
            if home.recent.iter().any(|s| s.id == "als-een-gast-valt") {
                Some(home.recent)
            } else {
                std::thread::sleep(std::time::Duration::from_millis(50));
                None
            }
        });
        assert!(
            recent.is_some(),
            "the opened section is in the reading history"
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
