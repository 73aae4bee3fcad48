//! The SQL of `db/region.rs` for SQLite.

use kompas_proto::region::{Progress, Review};
use rusqlite::{params, Connection, OptionalExtension};

use super::write_transaction;
use crate::db::region::{check_reviewable, RegionRead, RegionRows, ReviewRow, SubmissionRow};
use crate::db::{missing_region, DbError};

/// The region's hospices, current submissions and checklist versions, in one read
/// transaction so they agree with each other.
pub fn rows(conn: &Connection, read: &RegionRead) -> Result<RegionRows, DbError> {
    let tx = conn.unchecked_transaction()?;
    let name: String = tx
        .prepare_cached("SELECT name FROM region WHERE id = ?1")?
        .query_row([&read.region], |row| row.get(0))
        .optional()?
        .ok_or_else(|| missing_region(&read.region))?;
    let hospices = tx
        .prepare_cached(
            "SELECT id, name FROM organization
             WHERE region_id = ?1 AND (?2 = '' OR id = ?2) ORDER BY id",
        )?
        .query_map(params![read.region, read.organization], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let submissions = tx
        .prepare_cached(
            "SELECT s.uuid, s.organization_id, s.checklist_id, s.checklist_version, s.year,
                    s.received_at, s.scores, s.rule,
                    CASE WHEN s.year BETWEEN ?3 AND ?4 THEN s.body END,
                    r.state, r.note, r.username, r.reviewed_at
             FROM submission s LEFT JOIN submission_review r ON r.uuid = s.uuid
             WHERE s.region_id = ?1 AND s.replaced_by IS NULL
               AND (?2 = '' OR s.organization_id = ?2)
             ORDER BY s.organization_id, s.year, s.received_at, s.uuid",
        )?
        .query_map(
            params![
                read.region,
                read.organization,
                read.body_years.0,
                read.body_years.1
            ],
            |row| {
                let state: Option<String> = row.get(9)?;
                Ok(SubmissionRow {
                    uuid: row.get(0)?,
                    organization: row.get(1)?,
                    checklist: row.get(2)?,
                    version: row.get(3)?,
                    year: row.get(4)?,
                    received_at: row.get(5)?,
                    scores: row.get(6)?,
                    rule: row.get(7)?,
                    body: row.get(8)?,
                    review: match state {
                        Some(state) => Some(ReviewRow {
                            state,
                            note: row.get(10)?,
                            username: row.get(11)?,
                            at: row.get(12)?,
                        }),
                        None => None,
                    },
                })
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let definitions = tx
        .prepare_cached("SELECT id, version, definition FROM checklist WHERE region_id = ?1")?
        .query_map([&read.region], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let progress = tx
        .prepare_cached(
            "SELECT p.organization_id, p.year, p.answered, p.questions
             FROM shared_progress p JOIN organization o ON o.id = p.organization_id
             WHERE o.region_id = ?1 AND (?2 = '' OR p.organization_id = ?2)",
        )?
        .query_map(params![read.region, read.organization], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                Progress {
                    answered: row.get(2)?,
                    questions: row.get(3)?,
                },
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RegionRows {
        name,
        hospices,
        submissions,
        definitions,
        progress,
    })
}

/// Shares a hospice's progress with a year (replacing what it shared before), or stops
/// sharing it (`None`).
pub fn share_progress(
    conn: &mut Connection,
    organization: &str,
    year: i32,
    progress: Option<Progress>,
    at: &str,
) -> Result<(), DbError> {
    let tx = write_transaction(conn)?;
    match progress {
        Some(p) => tx
            .prepare_cached(
                "INSERT INTO shared_progress (organization_id, year, answered, questions, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (organization_id, year) DO UPDATE SET answered = excluded.answered,
                     questions = excluded.questions, updated_at = excluded.updated_at",
            )?
            .execute(params![organization, year, p.answered, p.questions, at])?,
        None => tx
            .prepare_cached("DELETE FROM shared_progress WHERE organization_id = ?1 AND year = ?2")?
            .execute(params![organization, year])?,
    };
    tx.commit()?;
    Ok(())
}

/// Writes (or replaces) the review of a current submission of the region.
pub fn review(
    conn: &mut Connection,
    region: &str,
    uuid: &str,
    review: &Review,
    account_id: i64,
) -> Result<(), DbError> {
    let tx = write_transaction(conn)?;
    let found = tx
        .prepare_cached("SELECT region_id, replaced_by FROM submission WHERE uuid = ?1")?
        .query_row([uuid], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    check_reviewable(uuid, region, found)?;
    tx.prepare_cached(
        "INSERT INTO submission_review (uuid, state, note, account_id, username, reviewed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (uuid) DO UPDATE SET state = excluded.state, note = excluded.note,
             account_id = excluded.account_id, username = excluded.username,
             reviewed_at = excluded.reviewed_at",
    )?
    .execute(params![
        uuid,
        review.state.as_str(),
        review.note,
        account_id,
        review.by,
        review.at
    ])?;
    tx.commit()?;
    Ok(())
}
