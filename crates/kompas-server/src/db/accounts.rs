//! Accounts, their roles (membership of a hospice, coordinator of a region,
//! administrator), bearer tokens, and who may read which handbook. The SQL is in
//! `sqlite/accounts.rs` and `postgres/accounts.rs`; the rules and the mapping to wire
//! types are here.

use kompas_proto::sync::{Account, Membership, Role};

use super::{
    missing_organization, missing_region, missing_user, refuse_nul, storable, Backend, Db, DbError,
    OrganizationAccess,
};

/// The token's owner, as checked on every request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOwner {
    pub account_id: i64,
    pub username: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// An account and its roles as a backend reads them, in one transaction.
#[derive(Debug)]
pub(crate) struct AccountRows {
    pub username: String,
    pub admin: bool,
    pub memberships: Vec<MembershipRow>,
    pub coordinator_of: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct MembershipRow {
    pub organization_id: String,
    pub organization_name: String,
    pub region_id: String,
    pub role: String,
}

impl AccountRows {
    /// The wire form. Sorted here, not in SQL: PostgreSQL sorts text by the database's
    /// collation and SQLite by bytes, and both must answer the same. A stored role this
    /// server does not know is an internal error, not quietly a volunteer.
    fn into_account(self) -> Result<Account, DbError> {
        let mut memberships = self
            .memberships
            .into_iter()
            .map(|row| {
                let role = Role::parse(&row.role).ok_or_else(|| {
                    DbError::Internal(format!(
                        "stored role `{}` of organization `{}` is not a known role",
                        row.role, row.organization_id
                    ))
                })?;
                Ok(Membership {
                    organization_id: row.organization_id,
                    organization_name: row.organization_name,
                    region_id: row.region_id,
                    role,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        // By name as a person reads it (case does not count), then by id, so the order
        // is total.
        memberships.sort_by_cached_key(|m| {
            (
                m.organization_name.to_lowercase(),
                m.organization_id.clone(),
            )
        });
        let mut coordinator_of = self.coordinator_of;
        coordinator_of.sort();
        Ok(Account {
            username: self.username,
            admin: self.admin,
            memberships,
            coordinator_of,
        })
    }
}

/// The longest user name accepted.
const MAX_USERNAME: usize = 100;

impl Db {
    /// Adds an account with an argon2 hash of its password; returns its id.
    pub async fn add_account(
        &self,
        username: &str,
        password_hash: &str,
        admin: bool,
    ) -> Result<i64, DbError> {
        refuse_nul("a username", username)?;
        refuse_nul("a password hash", password_hash)?;
        if username.trim().is_empty() || username.chars().count() > MAX_USERNAME {
            return Err(DbError::Invalid(format!(
                "a username must be 1 to {MAX_USERNAME} characters"
            )));
        }
        let (username, hash) = (username.to_owned(), password_hash.to_owned());
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::accounts::add_account(c, &username, &hash, admin))
                    .await
            }
            Backend::Postgres(db) => db.add_account(&username, &hash, admin).await,
        }
    }

    pub async fn account_count(&self) -> Result<i64, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => db.run(super::sqlite::accounts::account_count).await,
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
        if !storable(username) || !storable(organization) {
            return Err(self
                .missing_user_first(username, missing_organization(organization))
                .await);
        }
        let (username, organization) = (username.to_owned(), organization.to_owned());
        let role = role.as_str();
        let added = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| {
                    super::sqlite::accounts::add_membership(c, &username, &organization, role)
                })
                .await
            }
            Backend::Postgres(db) => db.add_membership(&username, &organization, role).await,
        };
        // After the write: a lookup in between would otherwise cache the old answer.
        self.access.clear();
        added
    }

    /// Makes a user coordinator of a region (nothing changes if they already are).
    pub async fn add_coordinator(&self, username: &str, region: &str) -> Result<(), DbError> {
        if !storable(username) || !storable(region) {
            return Err(self
                .missing_user_first(username, missing_region(region))
                .await);
        }
        let (username, region) = (username.to_owned(), region.to_owned());
        let added = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::accounts::add_coordinator(c, &username, &region))
                    .await
            }
            Backend::Postgres(db) => db.add_coordinator(&username, &region).await,
        };
        self.access.clear();
        added
    }

    /// The error of an operation on a user and a name of which one cannot exist: the
    /// user is checked first, as the backends do when both could exist.
    async fn missing_user_first(&self, username: &str, otherwise: DbError) -> DbError {
        match self.password_hash(username).await {
            Ok(Some(_)) => otherwise,
            Ok(None) => missing_user(username),
            Err(error) => error,
        }
    }

    /// The account id and password hash of a user, for login.
    pub async fn password_hash(&self, username: &str) -> Result<Option<(i64, String)>, DbError> {
        if !storable(username) {
            return Ok(None);
        }
        let username = username.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::accounts::password_hash(c, &username))
                    .await
            }
            Backend::Postgres(db) => db.password_hash(&username).await,
        }
    }

    /// An account with its roles; [`DbError::NotFound`] when there is no such account.
    pub async fn account(&self, account_id: i64) -> Result<Account, DbError> {
        let rows = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::accounts::account(c, account_id))
                    .await?
            }
            Backend::Postgres(db) => db.account(account_id).await?,
        };
        rows.ok_or_else(|| DbError::NotFound(format!("account {account_id}")))?
            .into_account()
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
                db.run(move |c| {
                    super::sqlite::accounts::store_token(c, &hash, account_id, now, expires_at)
                })
                .await
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
            Backend::Sqlite(db) => {
                db.read(|c| super::sqlite::accounts::token_owner(c, token_hash, now))
            }
            Backend::Postgres(db) => db.token_owner(token_hash, now).await,
        }
    }

    pub async fn revoke_token(&self, token_hash: &str) -> Result<(), DbError> {
        let hash = token_hash.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::accounts::revoke_token(c, &hash))
                    .await
            }
            Backend::Postgres(db) => db.revoke_token(&hash).await,
        }
    }

    /// Revokes every token of a user (an administrator's action); returns how many.
    pub async fn revoke_all_tokens(&self, username: &str) -> Result<usize, DbError> {
        if !storable(username) {
            return Err(missing_user(username));
        }
        let username = username.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::accounts::revoke_all_tokens(c, &username))
                    .await
            }
            Backend::Postgres(db) => db.revoke_all_tokens(&username).await,
        }
    }

    /// Whether an account may read an organization's handbook (member of it, coordinator
    /// of its region, or administrator), with the organization's region and its last
    /// change number. `None` when the organization does not exist; an account that does
    /// not exist may read nothing. May be up to [`super::ACCESS_TTL`] old when another
    /// process changed the database; see [`Db::organization_access_now`].
    pub async fn organization_access(
        &self,
        account_id: i64,
        organization: &str,
    ) -> Result<Option<OrganizationAccess>, DbError> {
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
    ) -> Result<Option<OrganizationAccess>, DbError> {
        if !storable(organization) {
            return Ok(None);
        }
        let access = match &self.backend {
            Backend::Sqlite(db) => db.read(|c| {
                super::sqlite::accounts::organization_access(c, account_id, organization)
            })?,
            Backend::Postgres(db) => db.organization_access(account_id, organization).await?,
        };
        self.access.put(account_id, organization, access.clone());
        Ok(access)
    }
}
