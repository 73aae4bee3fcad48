//! The SQL of `db/organizations.rs` for SQLite.

use rusqlite::{params, Connection};

use super::{exists, unique_violation, write_transaction};
use crate::db::organizations::missing_region_of_organization;
use crate::db::DbError;

pub fn add_region(conn: &mut Connection, id: &str, name: &str) -> Result<(), DbError> {
    let tx = write_transaction(conn)?;
    tx.execute(
        "INSERT INTO region (id, name) VALUES (?1, ?2)",
        params![id, name],
    )
    .map_err(|e| unique_violation(e, format!("region `{id}` already exists")))?;
    tx.execute(
        "INSERT INTO region_head (region_id, seq) VALUES (?1, 0)",
        [id],
    )?;
    tx.commit()?;
    Ok(())
}

pub fn add_organization(
    conn: &mut Connection,
    id: &str,
    region: &str,
    name: &str,
) -> Result<(), DbError> {
    let tx = write_transaction(conn)?;
    if !exists(&tx, "SELECT 1 FROM region WHERE id = ?1", region)? {
        return Err(missing_region_of_organization(region));
    }
    tx.execute(
        "INSERT INTO organization (id, region_id, name) VALUES (?1, ?2, ?3)",
        params![id, region, name],
    )
    .map_err(|e| unique_violation(e, format!("organization `{id}` already exists")))?;
    tx.commit()?;
    Ok(())
}
