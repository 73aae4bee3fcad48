//! The SQL of `db/checklists.rs` for SQLite.

use kompas_proto::checklist::ChecklistDefinition;
use rusqlite::{params, Connection, OptionalExtension};

use super::write_transaction;
use crate::db::checklists::{
    check_replaced, compare_existing, plan_checklists, ChecklistReport, ChecklistRow,
    NewSubmission, Stored, StoredChecklist, SubmissionError,
};
use crate::db::{missing_region, now_rfc3339, DbError};

pub fn head(conn: &Connection, region: &str) -> Result<i64, DbError> {
    Ok(conn
        .prepare_cached("SELECT seq FROM checklist_head WHERE region_id = ?1")?
        .query_row([region], |row| row.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Publishes in one `IMMEDIATE` transaction, so change numbers are handed out one after
/// the other.
pub fn publish(
    conn: &mut Connection,
    region: &str,
    definitions: &[ChecklistDefinition],
) -> Result<ChecklistReport, DbError> {
    let tx = write_transaction(conn)?;
    if !super::exists(&tx, "SELECT 1 FROM region WHERE id = ?1", region)? {
        return Err(missing_region(region));
    }
    let head = head(&tx, region)?;
    let existing = tx
        .prepare("SELECT id, version, digest, withdrawn FROM checklist WHERE region_id = ?1")?
        .query_map([region], |row| {
            Ok(StoredChecklist {
                id: row.get(0)?,
                version: row.get(1)?,
                digest: row.get(2)?,
                withdrawn: row.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let plan = plan_checklists(head, &existing, definitions)?;
    let now = now_rfc3339();
    {
        let mut upsert = tx.prepare(
            "INSERT INTO checklist (region_id, id, version, seq, withdrawn, definition, digest, published_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7)
             ON CONFLICT (region_id, id, version) DO UPDATE SET
                 seq = excluded.seq, withdrawn = 0, published_at = excluded.published_at",
        )?;
        for row in &plan.upserts {
            upsert.execute(params![
                region,
                row.id,
                row.version,
                row.seq,
                row.definition,
                row.digest,
                now
            ])?;
        }
        let mut withdraw = tx.prepare(
            "UPDATE checklist SET withdrawn = 1, seq = ?4
             WHERE region_id = ?1 AND id = ?2 AND version = ?3",
        )?;
        for (id, version, seq) in &plan.withdrawals {
            withdraw.execute(params![region, id, version, seq])?;
        }
    }
    tx.execute(
        "INSERT INTO checklist_head (region_id, seq) VALUES (?1, ?2)
         ON CONFLICT (region_id) DO UPDATE SET seq = excluded.seq",
        params![region, plan.head],
    )?;
    tx.commit()?;
    Ok(plan.report)
}

/// Rows with `seq > after`, in `seq` order, at most `fetch`.
pub fn changes(
    conn: &Connection,
    region: &str,
    after: i64,
    fetch: i64,
) -> Result<Vec<ChecklistRow>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, seq, withdrawn, definition FROM checklist
             WHERE region_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?
        .query_map(params![region, after, fetch], |row| {
            Ok(ChecklistRow {
                id: row.get(0)?,
                seq: row.get(1)?,
                withdrawn: row.get(2)?,
                definition: row.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?)
}

pub fn definition(
    conn: &Connection,
    region: &str,
    id: &str,
    version: u32,
) -> Result<Option<String>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT definition FROM checklist WHERE region_id = ?1 AND id = ?2 AND version = ?3",
        )?
        .query_row(params![region, id, version], |row| row.get(0))
        .optional()?)
}

/// Stores a submission once, in one `IMMEDIATE` transaction: a repeat of the same content
/// is found, other content under the UUID or a correction of an outdated version is
/// refused, and nothing is written then.
pub fn submit(
    conn: &mut Connection,
    submission: &NewSubmission,
) -> Result<Result<Stored, SubmissionError>, DbError> {
    let tx = write_transaction(conn)?;
    let existing = tx
        .prepare_cached("SELECT digest, received_at, scores, rule FROM submission WHERE uuid = ?1")?
        .query_row([&submission.uuid], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    match compare_existing(&submission.uuid, &submission.digest, existing) {
        Ok(Some(again)) => return Ok(Ok(again)),
        Ok(None) => {}
        Err(refused) => return Ok(Err(refused)),
    }
    if let Some(replaces) = &submission.replaces {
        let found = tx
            .prepare_cached("SELECT organization_id, replaced_by FROM submission WHERE uuid = ?1")?
            .query_row([replaces], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if let Err(refused) = check_replaced(replaces, &submission.organization, found) {
            return Ok(Err(refused));
        }
    }
    let received_at = submission.received_at.clone();
    tx.prepare_cached(
        "INSERT INTO submission (uuid, organization_id, region_id, checklist_id,
             checklist_version, year, replaces, digest, body, scores, rule, account_id, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        submission.uuid,
        submission.organization,
        submission.region,
        submission.checklist,
        submission.version,
        submission.year,
        submission.replaces,
        submission.digest,
        submission.body,
        submission.scores,
        kompas_proto::checklist::SCORE_RULE,
        submission.account_id,
        received_at,
    ])?;
    if let Some(replaces) = &submission.replaces {
        tx.prepare_cached("UPDATE submission SET replaced_by = ?2 WHERE uuid = ?1")?
            .execute(params![replaces, submission.uuid])?;
    }
    tx.commit()?;
    Ok(Ok(Stored::New { received_at }))
}

/// How many submissions an organization has (tests, benchmarks).
pub fn submission_count(conn: &Connection, organization: &str) -> Result<i64, DbError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM submission WHERE organization_id = ?1")?
        .query_row([organization], |row| row.get(0))?)
}
