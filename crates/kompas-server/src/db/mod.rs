//! The server database: embedded SQLite by default, PostgreSQL when given a
//! `postgres://` URL. All SQL of the server lives in this module.
//!
//! [`Db`] is the one interface the handlers, the CLI and the tests use; every operation is
//! an async method that dispatches to [`sqlite`] or [`postgres`]. What does not depend on
//! the database (validation, the publish plan) is decided here once, so both backends
//! behave the same, and the same test suite runs against both.

pub mod postgres;
pub mod sqlite;
mod sqlite_schema;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kompas_core::Section;
use kompas_proto::sync::{Account, Role, WireSection};

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
    #[error("{0}")]
    Invalid(String),
    #[error("{0} not found")]
    NotFound(String),
}

/// What a publish changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PublishReport {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// One page of changes, straight from the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRows {
    pub sections: Vec<WireSection>,
    pub removed: Vec<String>,
    pub last_seq: i64,
    pub more: bool,
}

/// The token's owner, as checked on every request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOwner {
    pub account_id: i64,
    pub username: String,
    /// Unix seconds.
    pub expires_at: i64,
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

type Access = Option<(String, bool, i64)>;

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

/// Runs a synchronous SQLite function on the blocking pool with owned arguments.
macro_rules! on_sqlite {
    ($db:expr, |$conn:ident| $body:expr) => {
        $db.run(move |$conn| $body).await
    };
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

    pub async fn add_region(&self, id: &str, name: &str) -> Result<(), DbError> {
        check_id("region", id)?;
        let (id, name) = (id.to_owned(), name.to_owned());
        match &self.backend {
            Backend::Sqlite(db) => on_sqlite!(db, |c| sqlite::add_region(c, &id, &name)),
            Backend::Postgres(db) => db.add_region(&id, &name).await,
        }
    }

    pub async fn add_organization(
        &self,
        id: &str,
        region: &str,
        name: &str,
    ) -> Result<(), DbError> {
        check_id("organization", id)?;
        let (id, region, name) = (id.to_owned(), region.to_owned(), name.to_owned());
        self.access.clear();
        match &self.backend {
            Backend::Sqlite(db) => {
                on_sqlite!(db, |c| sqlite::add_organization(c, &id, &region, &name))
            }
            Backend::Postgres(db) => db.add_organization(&id, &region, &name).await,
        }
    }

    /// Adds an account with an argon2 hash of its password; returns its id.
    pub async fn add_account(
        &self,
        username: &str,
        password_hash: &str,
        admin: bool,
    ) -> Result<i64, DbError> {
        if username.trim().is_empty() || username.len() > 100 {
            return Err(DbError::Invalid(
                "a username must be 1 to 100 characters".into(),
            ));
        }
        let (username, hash) = (username.to_owned(), password_hash.to_owned());
        match &self.backend {
            Backend::Sqlite(db) => {
                on_sqlite!(db, |c| sqlite::add_account(c, &username, &hash, admin))
            }
            Backend::Postgres(db) => db.add_account(&username, &hash, admin).await,
        }
    }

    pub async fn account_count(&self) -> Result<i64, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => on_sqlite!(db, |c| sqlite::account_count(c)),
            Backend::Postgres(db) => db.account_count().await,
        }
    }

    /// Gives a user a role in an organization (or another role, if they had one).
    pub async fn add_membership(
        &self,
        username: &str,
        organization: &str,
        role: Role,
    ) -> Result<(), DbError> {
        let (username, organization) = (username.to_owned(), organization.to_owned());
        self.access.clear();
        match &self.backend {
            Backend::Sqlite(db) => {
                on_sqlite!(db, |c| sqlite::add_membership(
                    c,
                    &username,
                    &organization,
                    role
                ))
            }
            Backend::Postgres(db) => db.add_membership(&username, &organization, role).await,
        }
    }

    pub async fn add_coordinator(&self, username: &str, region: &str) -> Result<(), DbError> {
        let (username, region) = (username.to_owned(), region.to_owned());
        self.access.clear();
        match &self.backend {
            Backend::Sqlite(db) => {
                on_sqlite!(db, |c| sqlite::add_coordinator(c, &username, &region))
            }
            Backend::Postgres(db) => db.add_coordinator(&username, &region).await,
        }
    }

    /// The account id and password hash of a user, for login.
    pub async fn password_hash(&self, username: &str) -> Result<Option<(i64, String)>, DbError> {
        let username = username.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => on_sqlite!(db, |c| sqlite::password_hash(c, &username)),
            Backend::Postgres(db) => db.password_hash(&username).await,
        }
    }

    pub async fn account(&self, account_id: i64) -> Result<Account, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => on_sqlite!(db, |c| sqlite::account(c, account_id)),
            Backend::Postgres(db) => db.account(account_id).await,
        }
    }

    pub async fn store_token(
        &self,
        token_hash: &str,
        account_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<(), DbError> {
        let hash = token_hash.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => {
                on_sqlite!(db, |c| sqlite::store_token(
                    c, &hash, account_id, now, expires_at
                ))
            }
            Backend::Postgres(db) => db.store_token(&hash, account_id, now, expires_at).await,
        }
    }

    /// The owner of a valid (known, unexpired, unrevoked) token. On every request, so on
    /// SQLite it runs in place on a reader connection.
    pub async fn token_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<TokenOwner>, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.read(|c| sqlite::token_owner(c, token_hash, now)),
            Backend::Postgres(db) => db.token_owner(token_hash, now).await,
        }
    }

    pub async fn revoke_token(&self, token_hash: &str) -> Result<(), DbError> {
        let hash = token_hash.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => on_sqlite!(db, |c| sqlite::revoke_token(c, &hash)),
            Backend::Postgres(db) => db.revoke_token(&hash).await,
        }
    }

    /// Revokes every token of a user (an administrator's action); returns how many.
    pub async fn revoke_all_tokens(&self, username: &str) -> Result<usize, DbError> {
        let username = username.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => on_sqlite!(db, |c| sqlite::revoke_all_tokens(c, &username)),
            Backend::Postgres(db) => db.revoke_all_tokens(&username).await,
        }
    }

    /// Whether an account may read an organization's handbook (member of it, coordinator
    /// of its region, or administrator), with the organization's region and its last
    /// change number. `None` when the organization does not exist. May be up to
    /// [`ACCESS_TTL`] old when another process changed the database; see
    /// [`Db::organization_access_now`].
    pub async fn organization_access(
        &self,
        account_id: i64,
        organization: &str,
    ) -> Result<Option<(String, bool, i64)>, DbError> {
        if let Some(access) = self.access.get(account_id, organization) {
            return Ok(access);
        }
        self.organization_access_now(account_id, organization).await
    }

    /// [`Db::organization_access`] straight from the database.
    pub async fn organization_access_now(
        &self,
        account_id: i64,
        organization: &str,
    ) -> Result<Option<(String, bool, i64)>, DbError> {
        let access = self
            .organization_access_uncached(account_id, organization)
            .await?;
        self.access.put(account_id, organization, access.clone());
        Ok(access)
    }

    async fn organization_access_uncached(
        &self,
        account_id: i64,
        organization: &str,
    ) -> Result<Option<(String, bool, i64)>, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => {
                db.read(|c| sqlite::organization_access(c, account_id, organization))
            }
            Backend::Postgres(db) => db.organization_access(account_id, organization).await,
        }
    }

    /// The last change number of a region: the ETag of "nothing changed".
    pub async fn region_head(&self, region: &str) -> Result<i64, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.read(|c| sqlite::region_head(c, region)),
            Backend::Postgres(db) => db.region_head(region).await,
        }
    }

    /// Publishes a validated handbook to a region in one transaction: a new revision only
    /// for sections that changed, a tombstone for each section that is gone.
    pub async fn publish(
        &self,
        region: &str,
        sections: Vec<Section>,
    ) -> Result<PublishReport, DbError> {
        let region = region.to_owned();
        let report = match &self.backend {
            Backend::Sqlite(db) => on_sqlite!(db, |c| sqlite::publish(c, &region, &sections)),
            Backend::Postgres(db) => db.publish(&region, &sections).await,
        };
        // After the commit. A pull that read the old head just before may still cache it;
        // that answer lives at most ACCESS_TTL.
        self.access.clear();
        report
    }

    /// Changes of a region after change number `after`, at most `limit` rows.
    pub async fn changes(
        &self,
        region: &str,
        after: i64,
        limit: usize,
    ) -> Result<ChangeRows, DbError> {
        let region = region.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => {
                db.read_blocking(move |c| sqlite::changes(c, &region, after, limit))
                    .await
            }
            Backend::Postgres(db) => db.changes(&region, after, limit).await,
        }
    }
}

/// The stored state of one section of a region, as a publish compares it.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub fingerprint: String,
    pub revision: i64,
    pub deleted: bool,
}

/// What a publish writes, decided the same way for every backend.
#[derive(Debug, Default)]
pub(crate) struct PublishPlan<'a> {
    /// New or changed sections with their new revision and fingerprint.
    pub upserts: Vec<(&'a Section, i64, String)>,
    /// Sections that are gone, with the revision of their tombstone.
    pub tombstones: Vec<(String, i64)>,
    pub report: PublishReport,
}

/// Compares a publish with what the region has: a new revision only where the fingerprint
/// changed (or the section comes back), a tombstone for each live section not published.
pub(crate) fn plan_publish<'a>(
    existing: &HashMap<String, Stored>,
    sections: &'a [Section],
) -> PublishPlan<'a> {
    let mut plan = PublishPlan::default();
    let mut seen = HashSet::new();
    for section in sections {
        seen.insert(section.id.as_str());
        let print = kompas_core::fingerprint(section);
        let revision = match existing.get(&section.id) {
            Some(stored) if !stored.deleted && stored.fingerprint == print => {
                plan.report.unchanged += 1;
                continue;
            }
            Some(stored) => {
                plan.report.changed += 1;
                stored.revision + 1
            }
            None => {
                plan.report.added += 1;
                1
            }
        };
        plan.upserts.push((section, revision, print));
    }
    let mut gone: Vec<_> = existing
        .iter()
        .filter(|(id, stored)| !stored.deleted && !seen.contains(id.as_str()))
        .map(|(id, stored)| (id.clone(), stored.revision + 1))
        .collect();
    // A stable order, so change numbers do not depend on hash order.
    gone.sort();
    plan.report.removed = gone.len();
    plan.tombstones = gone;
    plan
}

/// Tags as stored: a JSON array.
pub(crate) fn tags_json(section: &Section) -> String {
    serde_json::to_string(&section.tags).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
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
