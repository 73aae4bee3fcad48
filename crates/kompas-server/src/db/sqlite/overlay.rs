//! SQLite: a hospice's overlay (see `db/overlay.rs` for everything that is not SQL).

use rusqlite::{params, Connection, OptionalExtension};

use super::write_transaction;
use crate::db::overlay::{
    decide, BaseRevisionRow, DeltaEntryRow, LocalRevisionRow, Outcome, OverlayDeltaRows,
    OverlayRows, OverlayWrite,
};
use crate::db::DbError;

pub fn overlay_rows(conn: &Connection, organization: &str) -> Result<OverlayRows, DbError> {
    let facts = conn
        .prepare_cached("SELECT facts, version FROM overlay_facts WHERE organization_id = ?1")?
        .query_row([organization], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let entries = conn
        .prepare_cached(
            "SELECT change, version, note, must_read FROM overlay_entry
             WHERE organization_id = ?1 AND change IS NOT NULL ORDER BY version",
        )?
        .query_map([organization], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let head = head(conn, organization)?;
    Ok(OverlayRows {
        facts,
        entries,
        head,
    })
}

/// What changed after version `after`, up to the head read first: an entry changed after
/// that read has a newer version and comes with the next pull.
pub fn delta_rows(
    conn: &Connection,
    organization: &str,
    after: i64,
) -> Result<OverlayDeltaRows, DbError> {
    let head = head(conn, organization)?;
    let facts = conn
        .prepare_cached(
            "SELECT facts, version FROM overlay_facts
             WHERE organization_id = ?1 AND version > ?2 AND version <= ?3",
        )?
        .query_row(params![organization, after, head], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let entries = conn
        .prepare_cached(
            "SELECT r.key_json, e.change, e.version, e.note, e.must_read FROM overlay_entry e
             JOIN overlay_revision r
               ON r.organization_id = e.organization_id AND r.version = e.version
             WHERE e.organization_id = ?1 AND e.version > ?2 AND e.version <= ?3
             ORDER BY e.version",
        )?
        .query_map(params![organization, after, head], |row| {
            Ok(DeltaEntryRow {
                key_json: row.get(0)?,
                change_json: row.get(1)?,
                version: row.get(2)?,
                note: row.get(3)?,
                must_read: row.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(OverlayDeltaRows {
        facts,
        entries,
        head,
    })
}

fn head(conn: &Connection, organization: &str) -> Result<i64, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(MAX(version), 0) FROM overlay_revision WHERE organization_id = ?1",
        )?
        .query_row([organization], |row| row.get(0))?)
}

pub fn base_info(
    conn: &Connection,
    region: &str,
    section: &str,
) -> Result<Option<(i64, String)>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT revision, local_policy FROM section
             WHERE region_id = ?1 AND id = ?2 AND deleted = 0",
        )?
        .query_row([region, section], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// Reads the entry (or the facts), decides, and writes the next version, in one
/// `IMMEDIATE` transaction.
pub fn write(conn: &mut Connection, write: &OverlayWrite) -> Result<Outcome, DbError> {
    let tx = write_transaction(conn)?;
    let current: Option<(i64, Option<String>)> = match &write.key_text {
        Some(key) => tx
            .prepare_cached(
                "SELECT version, change FROM overlay_entry
                 WHERE organization_id = ?1 AND entry_key = ?2",
            )?
            .query_row([&write.organization, key], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?,
        None => tx
            .prepare_cached("SELECT version, facts FROM overlay_facts WHERE organization_id = ?1")?
            .query_row([&write.organization], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?,
    };
    let outcome = decide(current, write).run(|| {
        let version = head(&tx, &write.organization)? + 1;
        tx.prepare_cached(
            "INSERT INTO overlay_revision (organization_id, version, entry_key, key_json,
                 section_id, body, note, account_id, username, published_at, must_read)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            write.organization,
            version,
            write.key_text,
            write.key_json,
            write.section_id,
            write.body,
            write.note,
            write.account_id,
            write.username,
            write.published_at,
            write.must_read,
        ])?;
        match &write.key_text {
            Some(key) => {
                tx.prepare_cached(
                    "INSERT INTO overlay_entry (organization_id, entry_key, section_id, version,
                         change, note, must_read)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (organization_id, entry_key) DO UPDATE SET
                         version = excluded.version, change = excluded.change,
                         note = excluded.note, must_read = excluded.must_read",
                )?
                .execute(params![
                    write.organization,
                    key,
                    write.section_id,
                    version,
                    write.body,
                    write.note,
                    write.must_read,
                ])?;
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO overlay_facts (organization_id, facts, version)
                     VALUES (?1, ?2, ?3)
                     ON CONFLICT (organization_id) DO UPDATE SET
                         facts = excluded.facts, version = excluded.version",
                )?
                .execute(params![write.organization, write.body, version])?;
            }
        }
        Ok::<i64, DbError>(version)
    })?;
    tx.commit()?;
    Ok(outcome)
}

pub fn history(
    conn: &Connection,
    organization: &str,
    region: &str,
    section: &str,
) -> Result<(Vec<BaseRevisionRow>, Vec<LocalRevisionRow>), DbError> {
    let base = conn
        .prepare_cached(
            "SELECT revision, title, body, deleted, published_at, change_note, must_read
             FROM section_revision WHERE region_id = ?1 AND id = ?2 ORDER BY revision",
        )?
        .query_map([region, section], |row| {
            Ok(BaseRevisionRow {
                revision: row.get(0)?,
                title: row.get(1)?,
                body: row.get(2)?,
                removed: row.get(3)?,
                published_at: row.get(4)?,
                change_note: row.get(5)?,
                must_read: row.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let local = conn
        .prepare_cached(
            "SELECT version, key_json, body, note, username, published_at, must_read
             FROM overlay_revision
             WHERE organization_id = ?1 AND section_id = ?2 ORDER BY version",
        )?
        .query_map([organization, section], |row| {
            Ok(LocalRevisionRow {
                version: row.get(0)?,
                key_json: row.get(1)?,
                change_json: row.get(2)?,
                note: row.get(3)?,
                by: row.get(4)?,
                published_at: row.get(5)?,
                must_read: row.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((base, local))
}
