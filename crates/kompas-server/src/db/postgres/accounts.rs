//! The SQL of `db/accounts.rs` for PostgreSQL.

use kompas_proto::sync::Role;

use super::{exists, unique_violation, PgDb};
use crate::db::accounts::{AccountRows, MembershipRow, TokenOwner};
use crate::db::{missing_organization, missing_region, missing_user, DbError, OrganizationAccess};

/// The id of a user, inside the caller's transaction.
async fn account_id(tx: &tokio_postgres::Transaction<'_>, username: &str) -> Result<i64, DbError> {
    tx.query_opt("SELECT id FROM account WHERE username = $1", &[&username])
        .await?
        .map(|row| row.get(0))
        .ok_or_else(|| missing_user(username))
}

impl PgDb {
    pub(crate) async fn add_account(
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

    pub(crate) async fn account_count(&self) -> Result<i64, DbError> {
        Ok(self
            .client()
            .await?
            .query_one("SELECT count(*) FROM account", &[])
            .await?
            .get(0))
    }

    pub(crate) async fn add_membership(
        &self,
        username: &str,
        organization: &str,
        role: &str,
    ) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let account = account_id(&tx, username).await?;
        if !exists(
            &tx,
            "SELECT 1 FROM organization WHERE id = $1",
            organization,
        )
        .await?
        {
            return Err(missing_organization(organization));
        }
        tx.execute(
            "INSERT INTO membership (account_id, organization_id, role) VALUES ($1, $2, $3)
             ON CONFLICT (account_id, organization_id) DO UPDATE SET role = excluded.role",
            &[&account, &organization, &role],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn add_coordinator(
        &self,
        username: &str,
        region: &str,
    ) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let account = account_id(&tx, username).await?;
        if !exists(&tx, "SELECT 1 FROM region WHERE id = $1", region).await? {
            return Err(missing_region(region));
        }
        tx.execute(
            "INSERT INTO coordinator (account_id, region_id) VALUES ($1, $2)
             ON CONFLICT DO NOTHING",
            &[&account, &region],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn password_hash(
        &self,
        username: &str,
    ) -> Result<Option<(i64, String)>, DbError> {
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

    pub(crate) async fn account(&self, account_id: i64) -> Result<Option<AccountRows>, DbError> {
        let mut client = self.client().await?;
        // One snapshot for the three reads: the account and its roles as of one moment.
        let tx = super::snapshot(&mut client).await?;
        let Some(row) = tx
            .query_opt(
                "SELECT username, admin FROM account WHERE id = $1",
                &[&account_id],
            )
            .await?
        else {
            return Ok(None);
        };
        let memberships = tx
            .query(
                "SELECT o.id, o.name, o.region_id, m.role FROM membership m
                 JOIN organization o ON o.id = m.organization_id
                 WHERE m.account_id = $1",
                &[&account_id],
            )
            .await?
            .into_iter()
            .map(|row| MembershipRow {
                organization_id: row.get(0),
                organization_name: row.get(1),
                region_id: row.get(2),
                role: row.get(3),
            })
            .collect();
        let coordinator_of = tx
            .query(
                "SELECT region_id FROM coordinator WHERE account_id = $1",
                &[&account_id],
            )
            .await?
            .into_iter()
            .map(|row| row.get(0))
            .collect();
        tx.commit().await?;
        Ok(Some(AccountRows {
            username: row.get(0),
            admin: row.get(1),
            memberships,
            coordinator_of,
        }))
    }

    pub(crate) async fn store_token(
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

    pub(crate) async fn token_owner(
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

    pub(crate) async fn revoke_token(&self, token_hash: &str) -> Result<(), DbError> {
        self.client()
            .await?
            .execute(
                "UPDATE token SET revoked = TRUE WHERE hash = $1",
                &[&token_hash],
            )
            .await?;
        Ok(())
    }

    pub(crate) async fn revoke_all_tokens(&self, username: &str) -> Result<usize, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let account = account_id(&tx, username).await?;
        let revoked = tx
            .execute(
                "UPDATE token SET revoked = TRUE WHERE account_id = $1 AND NOT revoked",
                &[&account],
            )
            .await?;
        tx.commit().await?;
        Ok(revoked as usize)
    }

    pub(crate) async fn organization_access(
        &self,
        account_id: i64,
        organization: &str,
    ) -> Result<Option<OrganizationAccess>, DbError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT o.region_id,
                        COALESCE((SELECT admin FROM account WHERE id = $1), FALSE)
                        OR EXISTS (SELECT 1 FROM membership
                                   WHERE account_id = $1 AND organization_id = o.id)
                        OR EXISTS (SELECT 1 FROM coordinator
                                   WHERE account_id = $1 AND region_id = o.region_id),
                        COALESCE((SELECT seq FROM region_head WHERE region_id = o.region_id), 0),
                        COALESCE((SELECT MAX(version) FROM overlay_revision
                                  WHERE organization_id = o.id), 0),
                        (SELECT role FROM membership
                         WHERE account_id = $1 AND organization_id = o.id)
                 FROM organization o WHERE o.id = $2",
            )
            .await?;
        Ok(client
            .query_opt(&statement, &[&account_id, &organization])
            .await?
            .map(|row| OrganizationAccess {
                region: row.get(0),
                reader: row.get(1),
                head: row.get(2),
                overlay_head: row.get(3),
                role: row
                    .get::<_, Option<String>>(4)
                    .as_deref()
                    .and_then(Role::parse),
            }))
    }
}
