//! PostgreSQL storage (`--database postgres://…`), for a region that already runs
//! PostgreSQL or wants its backups and replication. Same tables and rules as
//! [`super::sqlite`]; tokio-postgres through a deadpool connection pool. The SQL of each
//! domain is in its own file; an operation that reads and then writes does both in one
//! transaction on one connection.
//!
//! The connection is unencrypted (`NoTls`): run PostgreSQL on the same machine or on a
//! private network, as the README shows.

mod accounts;
mod checklists;
mod handbook;
mod organizations;
mod overlay;
mod reading;
mod region;
mod schema;

use std::str::FromStr;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::NoTls;

use super::DbError;
use schema::MIGRATIONS;

/// An arbitrary, fixed key for the advisory lock that serializes migrations (two servers
/// starting at once).
const MIGRATION_LOCK: i64 = 0x6b6f_6d70_6173;

/// How many connections the pool keeps at most.
const POOL_SIZE: usize = 16;

/// A pool of connections to one PostgreSQL database.
#[derive(Clone)]
pub struct PgDb {
    pool: Pool,
}

impl std::fmt::Debug for PgDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgDb")
            .field("status", &self.pool.status())
            .finish()
    }
}

/// A read-only, repeatable-read transaction: several reads that agree with each other,
/// as of one moment.
async fn snapshot(
    client: &mut deadpool_postgres::Object,
) -> Result<deadpool_postgres::Transaction<'_>, DbError> {
    Ok(client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?)
}

/// `message` (for the caller) when `error` is a duplicate key; any other failure stays a
/// database error, as on SQLite.
fn unique_violation(error: tokio_postgres::Error, message: String) -> DbError {
    if error.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        DbError::Invalid(message)
    } else {
        DbError::Postgres(error)
    }
}

impl PgDb {
    /// Connects, checks the connection, and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<PgDb, DbError> {
        let config = tokio_postgres::Config::from_str(url).map_err(|e| {
            DbError::Invalid(format!(
                "`{}` is not a PostgreSQL URL ({e}); it looks like \
                 postgres://user:password@localhost/kompas",
                redact(url)
            ))
        })?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| DbError::Pool(e.to_string()))?;
        let db = PgDb { pool };
        db.migrate().await?;
        Ok(db)
    }

    /// A connection from the pool; every operation takes one and does all its work on it.
    async fn client(&self) -> Result<deadpool_postgres::Object, DbError> {
        self.pool
            .get()
            .await
            .map_err(|e| DbError::Pool(e.to_string()))
    }

    async fn migrate(&self) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            .await?;
        let current: i32 = tx
            .query_opt("SELECT version FROM schema_version", &[])
            .await?
            .map_or(0, |row| row.get(0));
        let known = MIGRATIONS.len() as i32;
        if current > known {
            return Err(DbError::SchemaTooNew {
                found: current.into(),
                known: known.into(),
            });
        }
        for migration in &MIGRATIONS[current as usize..] {
            tx.batch_execute(migration).await?;
        }
        tx.execute("DELETE FROM schema_version", &[]).await?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&known],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Whether `sql` (with one parameter, `key`) finds a row, inside the caller's transaction.
async fn exists(
    tx: &tokio_postgres::Transaction<'_>,
    sql: &str,
    key: &str,
) -> Result<bool, DbError> {
    Ok(tx.query_opt(sql, &[&key]).await?.is_some())
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_not_repeated_in_messages() {
        assert_eq!(
            super::redact("postgres://kompas:geheim@localhost/kompas"),
            "postgres://kompas:***@localhost/kompas"
        );
        assert_eq!(
            super::redact("postgres://localhost/kompas"),
            "postgres://localhost/kompas"
        );
    }
}
