//! The SQL of `db/accounts.rs` for SQLite.

use kompas_proto::sync::Role;
use rusqlite::{params, Connection, OptionalExtension};

use super::{exists, unique_violation, write_transaction};
use crate::db::accounts::{AccountRows, MembershipRow, TokenOwner};
use crate::db::{
    missing_organization, missing_region, missing_user, now_rfc3339, DbError, OrganizationAccess,
};

pub fn add_account(
    conn: &mut Connection,
    username: &str,
    password_hash: &str,
    admin: bool,
) -> Result<i64, DbError> {
    conn.execute(
        "INSERT INTO account (username, password_hash, admin, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![username, password_hash, admin, now_rfc3339()],
    )
    .map_err(|e| unique_violation(e, format!("user `{username}` already exists")))?;
    Ok(conn.last_insert_rowid())
}

pub fn account_count(conn: &mut Connection) -> Result<i64, DbError> {
    Ok(conn.query_row("SELECT count(*) FROM account", [], |row| row.get(0))?)
}

fn account_id(conn: &Connection, username: &str) -> Result<i64, DbError> {
    conn.query_row(
        "SELECT id FROM account WHERE username = ?1",
        [username],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| missing_user(username))
}

pub fn add_membership(
    conn: &mut Connection,
    username: &str,
    organization: &str,
    role: &str,
) -> Result<(), DbError> {
    let tx = write_transaction(conn)?;
    let account = account_id(&tx, username)?;
    if !exists(
        &tx,
        "SELECT 1 FROM organization WHERE id = ?1",
        organization,
    )? {
        return Err(missing_organization(organization));
    }
    tx.execute(
        "INSERT INTO membership (account_id, organization_id, role) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id, organization_id) DO UPDATE SET role = excluded.role",
        params![account, organization, role],
    )?;
    tx.commit()?;
    Ok(())
}

pub fn add_coordinator(conn: &mut Connection, username: &str, region: &str) -> Result<(), DbError> {
    let tx = write_transaction(conn)?;
    let account = account_id(&tx, username)?;
    if !exists(&tx, "SELECT 1 FROM region WHERE id = ?1", region)? {
        return Err(missing_region(region));
    }
    tx.execute(
        "INSERT INTO coordinator (account_id, region_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![account, region],
    )?;
    tx.commit()?;
    Ok(())
}

pub fn password_hash(
    conn: &mut Connection,
    username: &str,
) -> Result<Option<(i64, String)>, DbError> {
    Ok(conn
        .query_row(
            "SELECT id, password_hash FROM account WHERE username = ?1",
            [username],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

pub fn account(conn: &mut Connection, account_id: i64) -> Result<Option<AccountRows>, DbError> {
    // One read transaction: the account and its roles as of one moment.
    let tx = conn.transaction()?;
    let Some((username, admin)) = tx
        .query_row(
            "SELECT username, admin FROM account WHERE id = ?1",
            [account_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let memberships = tx
        .prepare_cached(
            "SELECT o.id, o.name, o.region_id, m.role FROM membership m
             JOIN organization o ON o.id = m.organization_id
             WHERE m.account_id = ?1",
        )?
        .query_map([account_id], |row| {
            Ok(MembershipRow {
                organization_id: row.get(0)?,
                organization_name: row.get(1)?,
                region_id: row.get(2)?,
                role: row.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let coordinator_of = tx
        .prepare_cached("SELECT region_id FROM coordinator WHERE account_id = ?1")?
        .query_map([account_id], |row| row.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    tx.commit()?;
    Ok(Some(AccountRows {
        username,
        admin,
        memberships,
        coordinator_of,
    }))
}

pub fn store_token(
    conn: &mut Connection,
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

pub fn revoke_token(conn: &mut Connection, token_hash: &str) -> Result<(), DbError> {
    conn.execute("UPDATE token SET revoked = 1 WHERE hash = ?1", [token_hash])?;
    Ok(())
}

pub fn revoke_all_tokens(conn: &mut Connection, username: &str) -> Result<usize, DbError> {
    let tx = write_transaction(conn)?;
    let account = account_id(&tx, username)?;
    let revoked = tx.execute(
        "UPDATE token SET revoked = 1 WHERE account_id = ?1 AND revoked = 0",
        [account],
    )?;
    tx.commit()?;
    Ok(revoked)
}

pub fn organization_access(
    conn: &Connection,
    account_id: i64,
    organization: &str,
) -> Result<Option<OrganizationAccess>, DbError> {
    // COALESCE: an account that does not exist is no administrator (NULL would not read
    // as a boolean).
    Ok(conn
        .prepare_cached(
            "SELECT o.region_id,
                    COALESCE((SELECT admin FROM account WHERE id = ?1), 0)
                    OR EXISTS (SELECT 1 FROM membership
                               WHERE account_id = ?1 AND organization_id = o.id)
                    OR EXISTS (SELECT 1 FROM coordinator
                               WHERE account_id = ?1 AND region_id = o.region_id),
                    COALESCE((SELECT seq FROM region_head WHERE region_id = o.region_id), 0),
                    COALESCE((SELECT MAX(version) FROM overlay_revision
                              WHERE organization_id = o.id), 0),
                    (SELECT role FROM membership WHERE account_id = ?1 AND organization_id = o.id)
             FROM organization o WHERE o.id = ?2",
        )?
        .query_row(params![account_id, organization], |row| {
            Ok(OrganizationAccess {
                region: row.get(0)?,
                reader: row.get(1)?,
                head: row.get(2)?,
                overlay_head: row.get(3)?,
                // A role the CHECK constraint does not allow cannot be stored; were it
                // there, it would make no member.
                role: row
                    .get::<_, Option<String>>(4)?
                    .as_deref()
                    .and_then(Role::parse),
            })
        })
        .optional()?)
}
