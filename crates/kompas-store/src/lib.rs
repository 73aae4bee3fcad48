//! The device's local store: one SQLite file (WAL, versioned migrations) with the handbook's
//! sections, their revisions, a Dutch full-text index, reading history and settings.
//!
//! - [`Store`] opens or creates the database and is the only code that speaks SQL.
//! - [`StoreReader`] is a read-only connection to the same file for the screens, which
//!   never waits for a sync that is writing (WAL).
//! - [`SyncRecord`] is everything sync keeps on the device, in one typed row.
//!
//! - Checklists (`checklists.rs`), self-evaluations (`self_evaluation.rs`) and the outbox
//!   of what waits to go up (`outbox.rs`): every change is one transaction, so a killed
//!   app loses at most what was being typed.
//!
//! The store knows nothing about Tauri, HTTP or the UI; it returns the view types of
//! `kompas-proto` because that is what every caller wants to show.

mod bundle;
mod checklists;
mod error;
mod outbox;
mod overlay;
mod overlay_draft;
mod progress;
mod reader;
mod reading;
mod reading_report;
mod region;
mod schema;
mod search;
mod sections;
mod self_evaluation;
mod settings;
mod sync_state;
mod tailoring;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use bundle::SeedOutcome;
pub use checklists::{ChecklistChanges, ChecklistPageEnd};
pub use outbox::{OutboxItem, OutboxKind};
pub use overlay_draft::outbox_organization;
pub use reading::reading_outbox_target;

pub use error::StoreError;
pub use reader::StoreReader;
pub use sections::{Changes, ImportReport};
pub use sync_state::{PageEnd, PullPosition, SyncRecord, SyncSession};

/// An open local store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// This connection's FST of the search vocabulary (see `search::words`).
    vocabulary_cache: search::words::VocabularyCache,
}

impl Store {
    /// Opens the database at `path`, creating it and applying migrations as needed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|e| StoreError::damaged(path, e))?;
        Store::init(conn, Some(path.to_owned()))
    }

    /// A store that lives only in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(StoreError::Sqlite)?;
        Store::init(conn, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        let damaged = |e| match &path {
            Some(p) => StoreError::damaged(p, e),
            None => StoreError::Sqlite(e),
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(damaged)?;
        // journal_mode answers with a row, so it is queried rather than executed.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(damaged)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(damaged)?;
        schema::migrate(&mut conn, path.as_deref())?;
        let mut store = Store {
            conn,
            path,
            vocabulary_cache: Default::default(),
        };
        store.upgrade_search_index()?;
        Ok(store)
    }

    /// Where the database file is, if it is a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// Now, as stored beside rows (RFC 3339, UTC, seconds).
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
