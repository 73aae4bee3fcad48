//! The server database: embedded SQLite by default, PostgreSQL when given a
//! `postgres://` URL. All SQL of the server lives in this module.
//!
//! [`Db`] is the one interface the handlers, the CLI and the tests use; every operation is
//! an async method that dispatches to [`sqlite`] or [`postgres`]. The operations are
//! grouped by domain, and each domain is one file here plus one file per backend:
//!
//! - `organizations`: regions and their hospices;
//! - `accounts`: accounts, roles, tokens and who may read which handbook;
//! - `handbook`: publishing and the change feed devices pull;
//! - `checklists`: a region's checklists (published versions never change) and the
//!   self-evaluations hospices send;
//! - `region`: the region's view of those self-evaluations (a coordinator's overview,
//!   detail, trend and review marks; a manager's comparison), one read of the region's
//!   rows per answer;
//! - `reading`: Gelezen en begrepen, a hospice's list of readers and their
//!   acknowledgements of must-read changes.
//!
//! The domain file here holds everything that is not SQL — validation, mapping rows to wire
//! types, paging, the publish plan — so both backends behave the same; a backend file
//! holds only its SQL, each operation in one transaction on one connection. The same test
//! suite runs against both.

mod accounts;
mod checklists;
mod handbook;
mod organizations;
pub(crate) mod overlay;
pub mod postgres;
mod progress;
mod reading;
mod region;
pub mod sqlite;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use accounts::TokenOwner;
pub use checklists::{canonical_uuid, ChecklistReport, ChecklistRows, SubmissionError};
pub use handbook::{ChangeRows, PublishReport};
pub use reading::{ReadingError, MAX_ACKNOWLEDGEMENTS_PER_PAGE};
pub use region::{HospiceActions, RegionActions, MAX_NOTE_CHARS};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("PostgreSQL error: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("no PostgreSQL connection: {0}")]
    Pool(String),
    /// The database was brought to a newer schema by a newer server.
    #[error(
        "the database has schema version {found}, this server knows up to {known}: \
         run a newer kompas-server"
    )]
    SchemaTooNew { found: i64, known: i64 },
    /// What the caller asked for is not acceptable; the message says why, to the caller.
    #[error("{0}")]
    Invalid(String),
    #[error("{0} not found")]
    NotFound(String),
    /// What the caller asked for collides with what is stored (a mark on a version that was
    /// corrected since); the message says what to do instead.
    #[error("{0}")]
    Conflict(String),
    /// The server failed in itself (a database task that panicked, stored data it cannot
    /// read). Logged, answered 500, never blamed on the caller; the text is for the log.
    #[error("internal error: {0}")]
    Internal(String),
}

/// A cheap, cloneable handle to the server's database.
#[derive(Debug, Clone)]
pub struct Db {
    backend: Backend,
    access: Arc<AccessCache>,
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(sqlite::SqliteDb),
    Postgres(postgres::PgDb),
}

/// How long an answer of `organization_access` is reused. A device that polls "did
/// anything change?" then costs no query at all; a publish or membership change made
/// through this `Db` clears the cache at once, one made by another process (the CLI)
/// shows within this time.
const ACCESS_TTL: Duration = Duration::from_secs(1);
/// Above this many entries the cache starts over, so memory stays bounded.
const ACCESS_CAPACITY: usize = 50_000;

/// What an account may do with an organization's handbook, and how far its feeds are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationAccess {
    /// The organization's region.
    pub region: String,
    /// Whether the account may read it (member, coordinator of the region, administrator).
    pub reader: bool,
    /// The region's last change number.
    pub head: i64,
    /// The last version of the organization's own overlay (0: it tailored nothing).
    pub overlay_head: i64,
    /// The account's role in it, when it is a member: what only members (the list of
    /// readers) or only managers may do is decided on this, not on `reader`.
    pub role: Option<kompas_proto::sync::Role>,
}

type Access = Option<OrganizationAccess>;

/// Recent `organization_access` answers per (account, organization).
#[derive(Debug, Default)]
struct AccessCache(Mutex<HashMap<(i64, String), (Access, Instant)>>);

impl AccessCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<(i64, String), (Access, Instant)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, account: i64, organization: &str) -> Option<Access> {
        let entries = self.entries();
        let (access, at) = entries.get(&(account, organization.to_owned()))?;
        (at.elapsed() < ACCESS_TTL).then(|| access.clone())
    }

    fn put(&self, account: i64, organization: &str, access: Access) {
        let mut entries = self.entries();
        if entries.len() >= ACCESS_CAPACITY {
            entries.clear();
        }
        entries.insert((account, organization.to_owned()), (access, Instant::now()));
    }

    fn clear(&self) {
        self.entries().clear();
    }
}

impl Db {
    /// Opens (or creates) a SQLite database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        Ok(Db::new(Backend::Sqlite(sqlite::SqliteDb::open(path)?)))
    }

    /// Connects to PostgreSQL (`postgres://user:password@host/database`) and brings its
    /// schema up to date.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        Ok(Db::new(Backend::Postgres(
            postgres::PgDb::connect(url).await?,
        )))
    }

    fn new(backend: Backend) -> Db {
        Db {
            backend,
            access: Arc::default(),
        }
    }

    /// Which kind of database this is, for logs.
    pub fn kind(&self) -> &'static str {
        match &self.backend {
            Backend::Sqlite(_) => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }
}

pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Whether a text can be stored at all. PostgreSQL text cannot hold a NUL character and
/// SQLite's can: a text with one is refused when written ([`refuse_nul`]) and, when
/// looked up, is a name nobody has, without asking the database, on both storages.
pub(crate) fn storable(text: &str) -> bool {
    !text.contains('\0')
}

pub(crate) fn refuse_nul(what: &str, text: &str) -> Result<(), DbError> {
    if storable(text) {
        Ok(())
    } else {
        Err(DbError::Invalid(format!(
            "{what} cannot contain a NUL character"
        )))
    }
}

/// The errors for a name that does not exist, worded once for both backends.
pub(crate) fn missing_user(username: &str) -> DbError {
    DbError::NotFound(format!("user `{username}`"))
}

pub(crate) fn missing_region(region: &str) -> DbError {
    DbError::NotFound(format!("region `{region}`"))
}

pub(crate) fn missing_organization(organization: &str) -> DbError {
    DbError::NotFound(format!("organization `{organization}`"))
}

pub(crate) fn check_id(what: &str, id: &str) -> Result<(), DbError> {
    if kompas_core::section::is_valid_id(id) {
        Ok(())
    } else {
        Err(DbError::Invalid(format!(
            "`{id}` is not a valid {what} id: use lowercase letters, digits and dashes"
        )))
    }
}
