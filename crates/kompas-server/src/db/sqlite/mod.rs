//! SQLite storage: one file in the data directory (WAL, versioned migrations). The
//! functions are synchronous; [`super::Db`] runs writes on tokio's blocking pool and short
//! reads in place on a reader connection.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use kompas_core::Section;
use kompas_proto::sync::{Account, Membership, Role, WireSection};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use std::collections::HashMap;

use super::{
    now_rfc3339, plan_publish, sqlite_schema, tags_json, ChangeRows, DbError, PublishReport,
    Stored, TokenOwner,
};

/// How many read-only connections serve requests next to the one writer. WAL lets them
/// read while a publish writes.
const READERS: usize = 4;

/// One writer connection and a few readers on the same file.
#[derive(Debug, Clone)]
pub struct SqliteDb {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<Vec<Mutex<Connection>>>,
    next_reader: Arc<std::sync::atomic::AtomicUsize>,
}

impl SqliteDb {
    /// Opens (or creates) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteDb, DbError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        sqlite_schema::migrations().to_latest(&mut conn)?;
        let readers = (0..READERS)
            .map(|_| {
                let reader = Connection::open_with_flags(
                    path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                reader.busy_timeout(std::time::Duration::from_secs(5))?;
                Ok(Mutex::new(reader))
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        Ok(SqliteDb {
            conn: Arc::new(Mutex::new(conn)),
            readers: Arc::new(readers),
            next_reader: Arc::default(),
        })
    }

    /// Runs a short read (an indexed lookup or two) right here, on a reader connection.
    /// For the hot path of every request: a hop to the blocking pool would cost more than
    /// the query.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, DbError>) -> Result<T, DbError> {
        let start = self
            .next_reader
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for offset in 0..self.readers.len() {
            if let Ok(reader) = self.readers[(start + offset) % self.readers.len()].try_lock() {
                return f(&reader);
            }
        }
        let reader = self.readers[start % self.readers.len()]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&reader)
    }

    /// Runs a longer read on the blocking pool, on a reader connection, so it neither
    /// holds up an async worker nor waits for a publish that holds the writer.
    pub async fn read_blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.read(f))
            .await
            .map_err(|e| DbError::Invalid(format!("database task failed: {e}")))?
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || f(&mut db.lock()))
            .await
            .map_err(|e| DbError::Invalid(format!("database task failed: {e}")))?
    }

    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        // SQLite transactions keep the data consistent even if a holder panicked.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub fn add_region(conn: &Connection, id: &str, name: &str) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO region (id, name) VALUES (?1, ?2)",
        params![id, name],
    )
    .map_err(|e| duplicate(e, format!("region `{id}` already exists")))?;
    conn.execute(
        "INSERT INTO region_head (region_id, seq) VALUES (?1, 0)",
        [id],
    )?;
    Ok(())
}

pub fn add_organization(
    conn: &Connection,
    id: &str,
    region: &str,
    name: &str,
) -> Result<(), DbError> {
    if !exists(conn, "SELECT 1 FROM region WHERE id = ?1", region)? {
        return Err(DbError::NotFound(format!(
            "region `{region}` (add it first with `region add`)"
        )));
    }
    conn.execute(
        "INSERT INTO organization (id, region_id, name) VALUES (?1, ?2, ?3)",
        params![id, region, name],
    )
    .map_err(|e| duplicate(e, format!("organization `{id}` already exists")))?;
    Ok(())
}

/// Adds an account with an argon2 hash of its password.
pub fn add_account(
    conn: &Connection,
    username: &str,
    password_hash: &str,
    admin: bool,
) -> Result<i64, DbError> {
    conn.execute(
        "INSERT INTO account (username, password_hash, admin, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![username, password_hash, admin, now_rfc3339()],
    )
    .map_err(|e| duplicate(e, format!("user `{username}` already exists")))?;
    Ok(conn.last_insert_rowid())
}

pub fn account_count(conn: &Connection) -> Result<i64, DbError> {
    Ok(conn.query_row("SELECT count(*) FROM account", [], |row| row.get(0))?)
}

fn account_id(conn: &Connection, username: &str) -> Result<i64, DbError> {
    conn.query_row(
        "SELECT id FROM account WHERE username = ?1",
        [username],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| DbError::NotFound(format!("user `{username}`")))
}

pub fn add_membership(
    conn: &Connection,
    username: &str,
    organization: &str,
    role: Role,
) -> Result<(), DbError> {
    let account = account_id(conn, username)?;
    if !exists(
        conn,
        "SELECT 1 FROM organization WHERE id = ?1",
        organization,
    )? {
        return Err(DbError::NotFound(format!("organization `{organization}`")));
    }
    conn.execute(
        "INSERT INTO membership (account_id, organization_id, role) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id, organization_id) DO UPDATE SET role = excluded.role",
        params![account, organization, role.as_str()],
    )?;
    Ok(())
}

pub fn add_coordinator(conn: &Connection, username: &str, region: &str) -> Result<(), DbError> {
    let account = account_id(conn, username)?;
    if !exists(conn, "SELECT 1 FROM region WHERE id = ?1", region)? {
        return Err(DbError::NotFound(format!("region `{region}`")));
    }
    conn.execute(
        "INSERT OR IGNORE INTO coordinator (account_id, region_id) VALUES (?1, ?2)",
        params![account, region],
    )?;
    Ok(())
}

/// The password hash of a user, for login.
pub fn password_hash(conn: &Connection, username: &str) -> Result<Option<(i64, String)>, DbError> {
    Ok(conn
        .query_row(
            "SELECT id, password_hash FROM account WHERE username = ?1",
            [username],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

pub fn account(conn: &Connection, account_id: i64) -> Result<Account, DbError> {
    let (username, admin): (String, bool) = conn.query_row(
        "SELECT username, admin FROM account WHERE id = ?1",
        [account_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let mut statement = conn.prepare_cached(
        "SELECT o.id, o.name, o.region_id, m.role FROM membership m
         JOIN organization o ON o.id = m.organization_id
         WHERE m.account_id = ?1 ORDER BY o.name",
    )?;
    let memberships = statement
        .query_map([account_id], |row| {
            let role: String = row.get(3)?;
            Ok(Membership {
                organization_id: row.get(0)?,
                organization_name: row.get(1)?,
                region_id: row.get(2)?,
                role: Role::parse(&role).unwrap_or(Role::Volunteer),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut statement = conn.prepare_cached(
        "SELECT region_id FROM coordinator WHERE account_id = ?1 ORDER BY region_id",
    )?;
    let coordinator_of = statement
        .query_map([account_id], |row| row.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(Account {
        username,
        admin,
        memberships,
        coordinator_of,
    })
}

pub fn store_token(
    conn: &Connection,
    token_hash: &str,
    account_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO token (hash, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, account_id, now, expires_at],
    )?;
    Ok(())
}

/// The owner of a valid (known, unexpired, unrevoked) token.
pub fn token_owner(
    conn: &Connection,
    token_hash: &str,
    now: i64,
) -> Result<Option<TokenOwner>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT a.id, a.username, t.expires_at FROM token t JOIN account a ON a.id = t.account_id
             WHERE t.hash = ?1 AND t.revoked = 0 AND t.expires_at > ?2",
        )?
        .query_row(params![token_hash, now], |row| {
            Ok(TokenOwner {
                account_id: row.get(0)?,
                username: row.get(1)?,
                expires_at: row.get(2)?,
            })
        })
        .optional()?)
}

pub fn revoke_token(conn: &Connection, token_hash: &str) -> Result<(), DbError> {
    conn.execute("UPDATE token SET revoked = 1 WHERE hash = ?1", [token_hash])?;
    Ok(())
}

/// Revokes every token of a user (an administrator's action); returns how many.
pub fn revoke_all_tokens(conn: &Connection, username: &str) -> Result<usize, DbError> {
    let account = account_id(conn, username)?;
    Ok(conn.execute(
        "UPDATE token SET revoked = 1 WHERE account_id = ?1 AND revoked = 0",
        [account],
    )?)
}

/// Whether an account may read an organization's handbook (member of it, coordinator of
/// its region, or administrator), and the organization's region with its last change
/// number. `None` when the organization does not exist.
pub fn organization_access(
    conn: &Connection,
    account_id: i64,
    organization: &str,
) -> Result<Option<(String, bool, i64)>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT o.region_id,
                    (SELECT admin FROM account WHERE id = ?1)
                    OR EXISTS (SELECT 1 FROM membership
                               WHERE account_id = ?1 AND organization_id = o.id)
                    OR EXISTS (SELECT 1 FROM coordinator
                               WHERE account_id = ?1 AND region_id = o.region_id),
                    COALESCE((SELECT seq FROM region_head WHERE region_id = o.region_id), 0)
             FROM organization o WHERE o.id = ?2",
        )?
        .query_row(params![account_id, organization], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?)
}

/// The last change number of a region: the ETag of "nothing changed".
pub fn region_head(conn: &Connection, region: &str) -> Result<i64, DbError> {
    Ok(conn
        .prepare_cached("SELECT seq FROM region_head WHERE region_id = ?1")?
        .query_row([region], |row| row.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Publishes a validated handbook to a region in one transaction (see [`plan_publish`]).
pub fn publish(
    conn: &mut Connection,
    region: &str,
    sections: &[Section],
) -> Result<PublishReport, DbError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !exists(&tx, "SELECT 1 FROM region WHERE id = ?1", region)? {
        return Err(DbError::NotFound(format!("region `{region}`")));
    }
    let mut seq: i64 = tx.query_row(
        "SELECT seq FROM region_head WHERE region_id = ?1",
        [region],
        |row| row.get(0),
    )?;
    let now = now_rfc3339();
    let mut existing = HashMap::new();
    {
        let mut statement = tx.prepare(
            "SELECT id, fingerprint, revision, deleted FROM section WHERE region_id = ?1",
        )?;
        let rows = statement.query_map([region], |row| {
            Ok((
                row.get::<_, String>(0)?,
                Stored {
                    fingerprint: row.get(1)?,
                    revision: row.get(2)?,
                    deleted: row.get(3)?,
                },
            ))
        })?;
        for row in rows {
            let (id, stored) = row?;
            existing.insert(id, stored);
        }
    }
    let plan = plan_publish(&existing, sections);
    for (section, revision, print) in &plan.upserts {
        seq += 1;
        tx.execute(
            "INSERT INTO section (region_id, id, seq, revision, deleted, title, category,
                 category_rank, sort_order, tags, critical, review_by, body, source_path,
                 fingerprint, updated_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (region_id, id) DO UPDATE SET
                 seq = excluded.seq, revision = excluded.revision, deleted = 0,
                 title = excluded.title, category = excluded.category,
                 category_rank = excluded.category_rank, sort_order = excluded.sort_order,
                 tags = excluded.tags, critical = excluded.critical,
                 review_by = excluded.review_by, body = excluded.body,
                 source_path = excluded.source_path, fingerprint = excluded.fingerprint,
                 updated_at = excluded.updated_at",
            params![
                region,
                section.id,
                seq,
                revision,
                section.title,
                section.category,
                section.category_rank,
                section.order,
                tags_json(section),
                section.critical,
                section.review_by.map(|d| d.to_string()),
                section.body,
                section.source_path,
                print,
                now,
            ],
        )?;
        tx.execute(
            "INSERT INTO section_revision (region_id, id, revision, seq, deleted, title, body, published_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7)",
            params![region, section.id, revision, seq, section.title, section.body, now],
        )?;
    }
    for (id, revision) in &plan.tombstones {
        seq += 1;
        tx.execute(
            "UPDATE section SET seq = ?3, revision = ?4, deleted = 1, body = '', updated_at = ?5
             WHERE region_id = ?1 AND id = ?2",
            params![region, id, seq, revision, now],
        )?;
        tx.execute(
            "INSERT INTO section_revision (region_id, id, revision, seq, deleted, title, body, published_at)
             VALUES (?1, ?2, ?3, ?4, 1, '', '', ?5)",
            params![region, id, revision, seq, now],
        )?;
    }
    let report = plan.report;
    tx.execute(
        "UPDATE region_head SET seq = ?2 WHERE region_id = ?1",
        params![region, seq],
    )?;
    tx.execute(
        "INSERT INTO publication (region_id, published_at, changed, removed) VALUES (?1, ?2, ?3, ?4)",
        params![
            region,
            now,
            (report.added + report.changed) as i64,
            report.removed as i64
        ],
    )?;
    tx.commit()?;
    Ok(report)
}

/// Changes of a region after change number `after`, at most `limit` rows.
pub fn changes(
    conn: &Connection,
    region: &str,
    after: i64,
    limit: usize,
) -> Result<ChangeRows, DbError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, seq, revision, deleted, title, category, category_rank, sort_order, tags,
                critical, review_by, body, source_path
         FROM section WHERE region_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
    )?;
    let mut rows = statement.query(params![region, after, limit as i64 + 1])?;
    let mut page = ChangeRows {
        sections: Vec::new(),
        removed: Vec::new(),
        last_seq: after,
        more: false,
    };
    let mut count = 0;
    while let Some(row) = rows.next()? {
        if count == limit {
            page.more = true;
            break;
        }
        count += 1;
        let id: String = row.get(0)?;
        page.last_seq = row.get(1)?;
        if row.get::<_, bool>(3)? {
            page.removed.push(id);
            continue;
        }
        let tags: String = row.get(8)?;
        page.sections.push(WireSection {
            id,
            revision: row.get(2)?,
            title: row.get(4)?,
            category: row.get(5)?,
            category_rank: row.get(6)?,
            order: row.get(7)?,
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            critical: row.get(9)?,
            review_by: row.get(10)?,
            body: row.get(11)?,
            source_path: row.get(12)?,
        });
    }
    Ok(page)
}

fn exists(conn: &Connection, sql: &str, key: &str) -> Result<bool, DbError> {
    Ok(conn.query_row(sql, [key], |_| Ok(())).optional()?.is_some())
}

fn duplicate(error: rusqlite::Error, message: String) -> DbError {
    match error {
        rusqlite::Error::SqliteFailure(e, _)
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            DbError::Invalid(message)
        }
        other => DbError::Sqlite(other),
    }
}
