//! PostgreSQL storage (`--database postgres://…`), for a region that already runs
//! PostgreSQL or wants its backups and replication. Same tables and rules as
//! [`super::sqlite`]; tokio-postgres through a deadpool connection pool.
//!
//! The connection is unencrypted (`NoTls`): run PostgreSQL on the same machine or on a
//! private network, as the README shows.

use std::collections::HashMap;
use std::str::FromStr;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use kompas_core::Section;
use kompas_proto::sync::{Account, Membership, Role, WireSection};
use tokio_postgres::error::SqlState;
use tokio_postgres::NoTls;

use super::{plan_publish, tags_json, ChangeRows, DbError, PublishReport, Stored, TokenOwner};

/// Versioned migrations, applied in order under an advisory lock. A released migration is
/// never edited: add a new one.
const MIGRATIONS: &[&str] = &[r#"
    CREATE TABLE region (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE TABLE organization (
        id        TEXT PRIMARY KEY,
        region_id TEXT NOT NULL REFERENCES region (id),
        name      TEXT NOT NULL
    );
    CREATE TABLE account (
        id            BIGSERIAL PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        admin         BOOLEAN NOT NULL DEFAULT FALSE,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE membership (
        account_id      BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        organization_id TEXT NOT NULL REFERENCES organization (id),
        role            TEXT NOT NULL CHECK (role IN ('volunteer', 'manager')),
        PRIMARY KEY (account_id, organization_id)
    );
    CREATE TABLE coordinator (
        account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        region_id  TEXT NOT NULL REFERENCES region (id),
        PRIMARY KEY (account_id, region_id)
    );
    CREATE TABLE token (
        hash       TEXT PRIMARY KEY,
        account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        revoked    BOOLEAN NOT NULL DEFAULT FALSE
    );
    CREATE INDEX token_by_account ON token (account_id);
    CREATE TABLE section (
        region_id     TEXT NOT NULL REFERENCES region (id),
        id            TEXT NOT NULL,
        seq           BIGINT NOT NULL,
        revision      BIGINT NOT NULL,
        deleted       BOOLEAN NOT NULL DEFAULT FALSE,
        title         TEXT NOT NULL,
        category      TEXT NOT NULL,
        category_rank BIGINT NOT NULL,
        sort_order    BIGINT NOT NULL,
        tags          TEXT NOT NULL,
        critical      BOOLEAN NOT NULL,
        review_by     TEXT,
        body          TEXT NOT NULL,
        source_path   TEXT NOT NULL,
        fingerprint   TEXT NOT NULL,
        updated_at    TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (region_id, id)
    );
    CREATE UNIQUE INDEX section_by_seq ON section (region_id, seq);
    CREATE TABLE section_revision (
        region_id    TEXT NOT NULL,
        id           TEXT NOT NULL,
        revision     BIGINT NOT NULL,
        seq          BIGINT NOT NULL,
        deleted      BOOLEAN NOT NULL,
        title        TEXT NOT NULL,
        body         TEXT NOT NULL,
        published_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (region_id, id, revision)
    );
    CREATE TABLE region_head (
        region_id TEXT PRIMARY KEY REFERENCES region (id),
        seq       BIGINT NOT NULL
    );
    CREATE TABLE publication (
        id           BIGSERIAL PRIMARY KEY,
        region_id    TEXT NOT NULL REFERENCES region (id),
        published_at TIMESTAMPTZ NOT NULL,
        changed      BIGINT NOT NULL,
        removed      BIGINT NOT NULL
    );
"#];

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
            return Err(DbError::Invalid(format!(
                "the database has schema version {current}, this server knows up to {known}: \
                 run a newer kompas-server"
            )));
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

    async fn exists(&self, sql: &str, key: &str) -> Result<bool, DbError> {
        Ok(self
            .client()
            .await?
            .query_opt(sql, &[&key])
            .await?
            .is_some())
    }

    pub async fn add_region(&self, id: &str, name: &str) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO region (id, name) VALUES ($1, $2)",
            &[&id, &name],
        )
        .await
        .map_err(|e| unique_violation(e, format!("region `{id}` already exists")))?;
        tx.execute(
            "INSERT INTO region_head (region_id, seq) VALUES ($1, 0)",
            &[&id],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_organization(
        &self,
        id: &str,
        region: &str,
        name: &str,
    ) -> Result<(), DbError> {
        if !self
            .exists("SELECT 1 FROM region WHERE id = $1", region)
            .await?
        {
            return Err(DbError::NotFound(format!(
                "region `{region}` (add it first with `region add`)"
            )));
        }
        self.client()
            .await?
            .execute(
                "INSERT INTO organization (id, region_id, name) VALUES ($1, $2, $3)",
                &[&id, &region, &name],
            )
            .await
            .map_err(|e| unique_violation(e, format!("organization `{id}` already exists")))?;
        Ok(())
    }

    pub async fn add_account(
        &self,
        username: &str,
        password_hash: &str,
        admin: bool,
    ) -> Result<i64, DbError> {
        let row = self
            .client()
            .await?
            .query_one(
                "INSERT INTO account (username, password_hash, admin) VALUES ($1, $2, $3)
                 RETURNING id",
                &[&username, &password_hash, &admin],
            )
            .await
            .map_err(|e| unique_violation(e, format!("user `{username}` already exists")))?;
        Ok(row.get(0))
    }

    pub async fn account_count(&self) -> Result<i64, DbError> {
        Ok(self
            .client()
            .await?
            .query_one("SELECT count(*) FROM account", &[])
            .await?
            .get(0))
    }

    async fn account_id(&self, username: &str) -> Result<i64, DbError> {
        self.client()
            .await?
            .query_opt("SELECT id FROM account WHERE username = $1", &[&username])
            .await?
            .map(|row| row.get(0))
            .ok_or_else(|| DbError::NotFound(format!("user `{username}`")))
    }

    pub async fn add_membership(
        &self,
        username: &str,
        organization: &str,
        role: Role,
    ) -> Result<(), DbError> {
        let account = self.account_id(username).await?;
        if !self
            .exists("SELECT 1 FROM organization WHERE id = $1", organization)
            .await?
        {
            return Err(DbError::NotFound(format!("organization `{organization}`")));
        }
        self.client()
            .await?
            .execute(
                "INSERT INTO membership (account_id, organization_id, role) VALUES ($1, $2, $3)
                 ON CONFLICT (account_id, organization_id) DO UPDATE SET role = excluded.role",
                &[&account, &organization, &role.as_str()],
            )
            .await?;
        Ok(())
    }

    pub async fn add_coordinator(&self, username: &str, region: &str) -> Result<(), DbError> {
        let account = self.account_id(username).await?;
        if !self
            .exists("SELECT 1 FROM region WHERE id = $1", region)
            .await?
        {
            return Err(DbError::NotFound(format!("region `{region}`")));
        }
        self.client()
            .await?
            .execute(
                "INSERT INTO coordinator (account_id, region_id) VALUES ($1, $2)
                 ON CONFLICT DO NOTHING",
                &[&account, &region],
            )
            .await?;
        Ok(())
    }

    pub async fn password_hash(&self, username: &str) -> Result<Option<(i64, String)>, DbError> {
        Ok(self
            .client()
            .await?
            .query_opt(
                "SELECT id, password_hash FROM account WHERE username = $1",
                &[&username],
            )
            .await?
            .map(|row| (row.get(0), row.get(1))))
    }

    pub async fn account(&self, account_id: i64) -> Result<Account, DbError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT username, admin FROM account WHERE id = $1",
                &[&account_id],
            )
            .await?
            .ok_or_else(|| DbError::NotFound(format!("account {account_id}")))?;
        let memberships = client
            .query(
                "SELECT o.id, o.name, o.region_id, m.role FROM membership m
                 JOIN organization o ON o.id = m.organization_id
                 WHERE m.account_id = $1 ORDER BY o.name",
                &[&account_id],
            )
            .await?
            .into_iter()
            .map(|row| Membership {
                organization_id: row.get(0),
                organization_name: row.get(1),
                region_id: row.get(2),
                role: Role::parse(row.get(3)).unwrap_or(Role::Volunteer),
            })
            .collect();
        let coordinator_of = client
            .query(
                "SELECT region_id FROM coordinator WHERE account_id = $1 ORDER BY region_id",
                &[&account_id],
            )
            .await?
            .into_iter()
            .map(|row| row.get(0))
            .collect();
        Ok(Account {
            username: row.get(0),
            admin: row.get(1),
            memberships,
            coordinator_of,
        })
    }

    pub async fn store_token(
        &self,
        token_hash: &str,
        account_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<(), DbError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO token (hash, account_id, created_at, expires_at)
                 VALUES ($1, $2, $3, $4)",
                &[&token_hash, &account_id, &now, &expires_at],
            )
            .await?;
        Ok(())
    }

    pub async fn token_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<TokenOwner>, DbError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT a.id, a.username, t.expires_at FROM token t
                 JOIN account a ON a.id = t.account_id
                 WHERE t.hash = $1 AND NOT t.revoked AND t.expires_at > $2",
            )
            .await?;
        Ok(client
            .query_opt(&statement, &[&token_hash, &now])
            .await?
            .map(|row| TokenOwner {
                account_id: row.get(0),
                username: row.get(1),
                expires_at: row.get(2),
            }))
    }

    pub async fn revoke_token(&self, token_hash: &str) -> Result<(), DbError> {
        self.client()
            .await?
            .execute(
                "UPDATE token SET revoked = TRUE WHERE hash = $1",
                &[&token_hash],
            )
            .await?;
        Ok(())
    }

    pub async fn revoke_all_tokens(&self, username: &str) -> Result<usize, DbError> {
        let account = self.account_id(username).await?;
        Ok(self
            .client()
            .await?
            .execute(
                "UPDATE token SET revoked = TRUE WHERE account_id = $1 AND NOT revoked",
                &[&account],
            )
            .await? as usize)
    }

    pub async fn organization_access(
        &self,
        account_id: i64,
        organization: &str,
    ) -> Result<Option<(String, bool, i64)>, DbError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT o.region_id,
                        COALESCE((SELECT admin FROM account WHERE id = $1), FALSE)
                        OR EXISTS (SELECT 1 FROM membership
                                   WHERE account_id = $1 AND organization_id = o.id)
                        OR EXISTS (SELECT 1 FROM coordinator
                                   WHERE account_id = $1 AND region_id = o.region_id),
                        COALESCE((SELECT seq FROM region_head WHERE region_id = o.region_id), 0)
                 FROM organization o WHERE o.id = $2",
            )
            .await?;
        Ok(client
            .query_opt(&statement, &[&account_id, &organization])
            .await?
            .map(|row| (row.get(0), row.get(1), row.get(2))))
    }

    pub async fn region_head(&self, region: &str) -> Result<i64, DbError> {
        Ok(self
            .client()
            .await?
            .query_opt(
                "SELECT seq FROM region_head WHERE region_id = $1",
                &[&region],
            )
            .await?
            .map_or(0, |row| row.get(0)))
    }

    /// Publishes in one transaction; the region's head row is locked first, so two
    /// publishes to one region hand out change numbers one after the other.
    pub async fn publish(
        &self,
        region: &str,
        sections: &[Section],
    ) -> Result<PublishReport, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let mut seq: i64 = tx
            .query_opt(
                "SELECT seq FROM region_head WHERE region_id = $1 FOR UPDATE",
                &[&region],
            )
            .await?
            .map(|row| row.get(0))
            .ok_or_else(|| DbError::NotFound(format!("region `{region}`")))?;
        let existing: HashMap<String, Stored> = tx
            .query(
                "SELECT id, fingerprint, revision, deleted FROM section WHERE region_id = $1",
                &[&region],
            )
            .await?
            .into_iter()
            .map(|row| {
                (
                    row.get(0),
                    Stored {
                        fingerprint: row.get(1),
                        revision: row.get(2),
                        deleted: row.get(3),
                    },
                )
            })
            .collect();
        let plan = plan_publish(&existing, sections);
        let upsert = tx
            .prepare(
                "INSERT INTO section (region_id, id, seq, revision, deleted, title, category,
                     category_rank, sort_order, tags, critical, review_by, body, source_path,
                     fingerprint, updated_at)
                 VALUES ($1, $2, $3, $4, FALSE, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
                 ON CONFLICT (region_id, id) DO UPDATE SET
                     seq = excluded.seq, revision = excluded.revision, deleted = FALSE,
                     title = excluded.title, category = excluded.category,
                     category_rank = excluded.category_rank, sort_order = excluded.sort_order,
                     tags = excluded.tags, critical = excluded.critical,
                     review_by = excluded.review_by, body = excluded.body,
                     source_path = excluded.source_path, fingerprint = excluded.fingerprint,
                     updated_at = excluded.updated_at",
            )
            .await?;
        let history = tx
            .prepare(
                "INSERT INTO section_revision
                     (region_id, id, revision, seq, deleted, title, body, published_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, now())",
            )
            .await?;
        for (section, revision, print) in &plan.upserts {
            seq += 1;
            let rank = i64::from(section.category_rank);
            let review_by = section.review_by.map(|d| d.to_string());
            tx.execute(
                &upsert,
                &[
                    &region,
                    &section.id,
                    &seq,
                    revision,
                    &section.title,
                    &section.category,
                    &rank,
                    &section.order,
                    &tags_json(section),
                    &section.critical,
                    &review_by,
                    &section.body,
                    &section.source_path,
                    print,
                ],
            )
            .await?;
            tx.execute(
                &history,
                &[
                    &region,
                    &section.id,
                    revision,
                    &seq,
                    &false,
                    &section.title,
                    &section.body,
                ],
            )
            .await?;
        }
        for (id, revision) in &plan.tombstones {
            seq += 1;
            tx.execute(
                "UPDATE section SET seq = $3, revision = $4, deleted = TRUE, body = '',
                     updated_at = now()
                 WHERE region_id = $1 AND id = $2",
                &[&region, id, &seq, revision],
            )
            .await?;
            tx.execute(&history, &[&region, id, revision, &seq, &true, &"", &""])
                .await?;
        }
        let report = plan.report;
        tx.execute(
            "UPDATE region_head SET seq = $2 WHERE region_id = $1",
            &[&region, &seq],
        )
        .await?;
        tx.execute(
            "INSERT INTO publication (region_id, published_at, changed, removed)
             VALUES ($1, now(), $2, $3)",
            &[
                &region,
                &((report.added + report.changed) as i64),
                &(report.removed as i64),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    pub async fn changes(
        &self,
        region: &str,
        after: i64,
        limit: usize,
    ) -> Result<ChangeRows, DbError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT id, seq, revision, deleted, title, category, category_rank, sort_order,
                        tags, critical, review_by, body, source_path
                 FROM section WHERE region_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            )
            .await?;
        let rows = client
            .query(&statement, &[&region, &after, &(limit as i64 + 1)])
            .await?;
        let mut page = ChangeRows {
            sections: Vec::new(),
            removed: Vec::new(),
            last_seq: after,
            more: rows.len() > limit,
        };
        for row in rows.into_iter().take(limit) {
            let id: String = row.get(0);
            page.last_seq = row.get(1);
            if row.get::<_, bool>(3) {
                page.removed.push(id);
                continue;
            }
            let tags: String = row.get(8);
            let rank: i64 = row.get(6);
            page.sections.push(WireSection {
                id,
                revision: row.get(2),
                title: row.get(4),
                category: row.get(5),
                category_rank: u32::try_from(rank).unwrap_or(u32::MAX),
                order: row.get(7),
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                critical: row.get(9),
                review_by: row.get(10),
                body: row.get(11),
                source_path: row.get(12),
            });
        }
        Ok(page)
    }
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
