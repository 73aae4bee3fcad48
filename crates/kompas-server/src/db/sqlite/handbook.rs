//! The SQL of `db/handbook.rs` for SQLite.

use std::collections::HashMap;

use kompas_core::Section;
use rusqlite::{params, Connection, OptionalExtension};

use super::write_transaction;
use crate::db::handbook::{plan_publish, PublishReport, SectionRow, Stored};
use crate::db::{missing_region, now_rfc3339, DbError};

pub fn region_head(conn: &Connection, region: &str) -> Result<i64, DbError> {
    Ok(conn
        .prepare_cached("SELECT seq FROM region_head WHERE region_id = ?1")?
        .query_row([region], |row| row.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Publishes in one transaction, which takes the write lock first, so two publishes (this
/// server and the CLI) hand out change numbers one after the other.
pub fn publish(
    conn: &mut Connection,
    region: &str,
    sections: &[Section],
) -> Result<PublishReport, DbError> {
    let tx = write_transaction(conn)?;
    let head: i64 = tx
        .query_row(
            "SELECT seq FROM region_head WHERE region_id = ?1",
            [region],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| missing_region(region))?;
    let existing = tx
        .prepare("SELECT id, fingerprint, revision, deleted FROM section WHERE region_id = ?1")?
        .query_map([region], |row| {
            Ok((
                row.get::<_, String>(0)?,
                Stored {
                    fingerprint: row.get(1)?,
                    revision: row.get(2)?,
                    deleted: row.get(3)?,
                },
            ))
        })?
        .collect::<Result<HashMap<_, _>, _>>()?;
    let plan = plan_publish(head, &existing, sections);
    let now = now_rfc3339();
    {
        let mut upsert = tx.prepare(
            "INSERT INTO section (region_id, id, seq, revision, deleted, title, category,
                 category_rank, sort_order, tags, critical, review_by, body, source_path,
                 fingerprint, updated_at, local_policy, change_note, must_read)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18)
             ON CONFLICT (region_id, id) DO UPDATE SET
                 seq = excluded.seq, revision = excluded.revision, deleted = 0,
                 title = excluded.title, category = excluded.category,
                 category_rank = excluded.category_rank, sort_order = excluded.sort_order,
                 tags = excluded.tags, critical = excluded.critical,
                 review_by = excluded.review_by, body = excluded.body,
                 source_path = excluded.source_path, fingerprint = excluded.fingerprint,
                 updated_at = excluded.updated_at, local_policy = excluded.local_policy,
                 change_note = excluded.change_note, must_read = excluded.must_read",
        )?;
        let mut history = tx.prepare(
            "INSERT INTO section_revision
                 (region_id, id, revision, seq, deleted, title, body, published_at,
                  change_note, must_read)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for upsert_row in &plan.upserts {
            let section = upsert_row.section;
            upsert.execute(params![
                region,
                section.id,
                upsert_row.seq,
                upsert_row.revision,
                section.title,
                section.category,
                section.category_rank,
                section.order,
                upsert_row.tags,
                section.critical,
                section.review_by.map(|d| d.to_string()),
                section.body,
                section.source_path,
                upsert_row.fingerprint,
                now,
                section.local_policy.as_str(),
                section.change_note,
                section.must_read,
            ])?;
            history.execute(params![
                region,
                section.id,
                upsert_row.revision,
                upsert_row.seq,
                false,
                section.title,
                section.body,
                now,
                section.change_note,
                section.must_read,
            ])?;
        }
        let mut tombstone = tx.prepare(
            "UPDATE section SET seq = ?3, revision = ?4, deleted = 1, body = '', updated_at = ?5,
                 change_note = '', must_read = 0
             WHERE region_id = ?1 AND id = ?2",
        )?;
        for gone in &plan.tombstones {
            tombstone.execute(params![region, gone.id, gone.seq, gone.revision, now])?;
            history.execute(params![
                region,
                gone.id,
                gone.revision,
                gone.seq,
                true,
                "",
                "",
                now,
                "",
                false,
            ])?;
        }
        let mut reencode =
            tx.prepare("UPDATE section SET fingerprint = ?3 WHERE region_id = ?1 AND id = ?2")?;
        for (id, print) in &plan.reencoded {
            reencode.execute(params![region, id, print])?;
        }
    }
    let report = plan.report;
    tx.execute(
        "UPDATE region_head SET seq = ?2 WHERE region_id = ?1",
        params![region, plan.head],
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

/// Rows with `seq > after`, in `seq` order, at most `fetch`.
pub fn changes(
    conn: &Connection,
    region: &str,
    after: i64,
    fetch: i64,
) -> Result<Vec<SectionRow>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, seq, revision, deleted, title, category, category_rank, sort_order,
                    tags, critical, review_by, body, source_path, local_policy, change_note,
                    must_read,
                    (SELECT r.revision FROM section_revision r
                      WHERE r.region_id = section.region_id AND r.id = section.id AND r.must_read
                      ORDER BY r.revision DESC LIMIT 1),
                    (SELECT r.change_note FROM section_revision r
                      WHERE r.region_id = section.region_id AND r.id = section.id AND r.must_read
                      ORDER BY r.revision DESC LIMIT 1)
             FROM section WHERE region_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?
        .query_map(params![region, after, fetch], |row| {
            Ok(SectionRow {
                id: row.get(0)?,
                seq: row.get(1)?,
                revision: row.get(2)?,
                deleted: row.get(3)?,
                title: row.get(4)?,
                category: row.get(5)?,
                category_rank: row.get(6)?,
                order: row.get(7)?,
                tags: row.get(8)?,
                critical: row.get(9)?,
                review_by: row.get(10)?,
                body: row.get(11)?,
                source_path: row.get(12)?,
                local_policy: row.get(13)?,
                change_note: row.get(14)?,
                must_read: row.get(15)?,
                must_read_revision: row.get(16)?,
                must_read_note: row.get(17)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?)
}
