//! SQLite storage: one file in the data directory (WAL, versioned migrations in
//! [`schema`]). The SQL of each domain is in its own file, as synchronous functions;
//! [`super::Db`] runs writes on tokio's blocking pool and short reads in place on a reader
//! connection.

pub(crate) mod accounts;
pub(crate) mod checklists;
pub(crate) mod handbook;
pub(crate) mod organizations;
pub(crate) mod overlay;
pub(crate) mod reading;
pub(crate) mod region;
mod schema;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension};

use super::DbError;

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
        // Checked here, not left to the migration library, so that a database from a newer
        // server is refused with the same error on both storages.
        let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let known = schema::LATEST as i64;
        if found > known {
            return Err(DbError::SchemaTooNew { found, known });
        }
        schema::migrations().to_latest(&mut conn)?;
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
            // A reader whose holder panicked is as good as any: it only reads.
            match self.readers[(start + offset) % self.readers.len()].try_lock() {
                Ok(reader) => return f(&reader),
                Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                    return f(&poisoned.into_inner())
                }
                Err(std::sync::TryLockError::WouldBlock) => {}
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
            .map_err(task_failed)?
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || f(&mut db.lock()))
            .await
            .map_err(task_failed)?
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // SQLite transactions keep the data consistent even if a holder panicked.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A database task that panicked (or was cancelled): the server's failure, not the
/// caller's.
fn task_failed(error: tokio::task::JoinError) -> DbError {
    DbError::Internal(format!("database task failed: {error}"))
}

/// A transaction that reads and then writes. `IMMEDIATE` takes the write lock at the
/// start, so another writer (the CLI next to a running server) makes it wait up to the
/// busy timeout, as a PostgreSQL transaction waits for a lock, instead of failing when it
/// turns from reading to writing.
fn write_transaction(conn: &mut Connection) -> Result<rusqlite::Transaction<'_>, DbError> {
    Ok(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
}

fn exists(conn: &Connection, sql: &str, key: &str) -> Result<bool, DbError> {
    Ok(conn.query_row(sql, [key], |_| Ok(())).optional()?.is_some())
}

/// `message` (for the caller) when `error` is a duplicate key; any other failure, a
/// foreign key or a check included, stays a database error, as on PostgreSQL.
fn unique_violation(error: rusqlite::Error, message: String) -> DbError {
    match &error {
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            DbError::Invalid(message)
        }
        _ => DbError::Sqlite(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::ApiError;
    use axum::response::IntoResponse;

    #[tokio::test]
    async fn a_failed_database_task_is_an_internal_error_answered_without_its_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = SqliteDb::open(&dir.path().join("server.sqlite")).expect("open");
        let error = db
            .run(|_| -> Result<(), DbError> { panic!("secret internal detail") })
            .await
            .expect_err("the task panicked");
        assert!(matches!(error, DbError::Internal(_)), "{error:?}");
        let error = db
            .read_blocking(|_| -> Result<(), DbError> { panic!("secret internal detail") })
            .await
            .expect_err("the task panicked");
        assert!(matches!(error, DbError::Internal(_)), "{error:?}");

        let response = ApiError::from(error).into_response();
        assert_eq!(
            response.status(),
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        );
        let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
            .await
            .expect("body");
        let problem: kompas_proto::sync::Problem =
            serde_json::from_slice(&body).expect("problem+json");
        assert_eq!(problem.kind, kompas_proto::sync::ProblemKind::Internal);
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains("secret"), "{text}");
        assert!(!text.contains("task"), "{text}");

        // The writer still works after a task panicked while holding it.
        let count = db.run(accounts::account_count).await.expect("still usable");
        assert_eq!(count, 0);
    }
}
