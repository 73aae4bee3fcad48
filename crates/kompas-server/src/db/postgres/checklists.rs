//! The SQL of `db/checklists.rs` for PostgreSQL.

use kompas_proto::checklist::ChecklistDefinition;

use super::PgDb;
use crate::db::checklists::{
    check_replaced, compare_existing, plan_checklists, ChecklistReport, ChecklistRow,
    NewSubmission, Stored, StoredChecklist, SubmissionError,
};
use crate::db::{missing_region, now_rfc3339, DbError};

impl PgDb {
    pub(crate) async fn checklist_head(&self, region: &str) -> Result<i64, DbError> {
        Ok(self
            .client()
            .await?
            .query_opt(
                "SELECT seq FROM checklist_head WHERE region_id = $1",
                &[&region],
            )
            .await?
            .map_or(0, |row| row.get(0)))
    }

    /// Publishes in one transaction; the region's row is locked first, so two publishes
    /// to one region hand out change numbers one after the other.
    pub(crate) async fn publish_checklists(
        &self,
        region: &str,
        definitions: &[ChecklistDefinition],
    ) -> Result<ChecklistReport, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.query_opt("SELECT 1 FROM region WHERE id = $1 FOR UPDATE", &[&region])
            .await?
            .ok_or_else(|| missing_region(region))?;
        let head: i64 = tx
            .query_opt(
                "SELECT seq FROM checklist_head WHERE region_id = $1",
                &[&region],
            )
            .await?
            .map_or(0, |row| row.get(0));
        let existing = tx
            .query(
                "SELECT id, version, digest, withdrawn FROM checklist WHERE region_id = $1",
                &[&region],
            )
            .await?
            .into_iter()
            .map(|row| {
                let version: i64 = row.get(1);
                Ok(StoredChecklist {
                    id: row.get(0),
                    version: u32::try_from(version).map_err(|_| {
                        DbError::Internal(format!("stored checklist version {version}"))
                    })?,
                    digest: row.get(2),
                    withdrawn: row.get(3),
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        let plan = plan_checklists(head, &existing, definitions)?;
        let now = now_rfc3339();
        let upsert = tx
            .prepare(
                "INSERT INTO checklist (region_id, id, version, seq, withdrawn, definition, digest, published_at)
                 VALUES ($1, $2, $3, $4, FALSE, $5, $6, $7)
                 ON CONFLICT (region_id, id, version) DO UPDATE SET
                     seq = excluded.seq, withdrawn = FALSE, published_at = excluded.published_at",
            )
            .await?;
        for row in &plan.upserts {
            let version = i64::from(row.version);
            tx.execute(
                &upsert,
                &[
                    &region,
                    &row.id,
                    &version,
                    &row.seq,
                    &row.definition,
                    &row.digest,
                    &now,
                ],
            )
            .await?;
        }
        let withdraw = tx
            .prepare(
                "UPDATE checklist SET withdrawn = TRUE, seq = $4
                 WHERE region_id = $1 AND id = $2 AND version = $3",
            )
            .await?;
        for (id, version, seq) in &plan.withdrawals {
            let version = i64::from(*version);
            tx.execute(&withdraw, &[&region, id, &version, seq]).await?;
        }
        tx.execute(
            "INSERT INTO checklist_head (region_id, seq) VALUES ($1, $2)
             ON CONFLICT (region_id) DO UPDATE SET seq = excluded.seq",
            &[&region, &plan.head],
        )
        .await?;
        tx.commit().await?;
        Ok(plan.report)
    }

    /// Rows with `seq > after`, in `seq` order, at most `fetch`.
    pub(crate) async fn checklist_changes(
        &self,
        region: &str,
        after: i64,
        fetch: i64,
    ) -> Result<Vec<ChecklistRow>, DbError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT id, seq, withdrawn, definition FROM checklist
                 WHERE region_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            )
            .await?;
        Ok(client
            .query(&statement, &[&region, &after, &fetch])
            .await?
            .into_iter()
            .map(|row| ChecklistRow {
                id: row.get(0),
                seq: row.get(1),
                withdrawn: row.get(2),
                definition: row.get(3),
            })
            .collect())
    }

    pub(crate) async fn checklist_definition(
        &self,
        region: &str,
        id: &str,
        version: u32,
    ) -> Result<Option<String>, DbError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT definition FROM checklist WHERE region_id = $1 AND id = $2 AND version = $3",
            )
            .await?;
        Ok(client
            .query_opt(&statement, &[&region, &id, &i64::from(version)])
            .await?
            .map(|row| row.get(0)))
    }

    /// Stores a submission once, in one transaction. The insert waits for a concurrent
    /// one with the same UUID (`ON CONFLICT DO NOTHING`), and the replaced version's row
    /// is locked, so two corrections of one version cannot both be stored.
    pub(crate) async fn submit(
        &self,
        submission: &NewSubmission,
    ) -> Result<Result<Stored, SubmissionError>, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        if let Some(replaces) = &submission.replaces {
            let found = tx
                .query_opt(
                    "SELECT organization_id, replaced_by FROM submission WHERE uuid = $1 FOR UPDATE",
                    &[replaces],
                )
                .await?
                .map(|row| (row.get(0), row.get(1)));
            // A repeat of a stored correction finds its own UUID in `replaced_by`.
            let repeat = matches!(&found, Some((_, Some(newer))) if *newer == submission.uuid);
            if !repeat {
                if let Err(refused) = check_replaced(replaces, &submission.organization, found) {
                    return Ok(Err(refused));
                }
            }
        }
        let received_at = submission.received_at.clone();
        let inserted = tx
            .execute(
                "INSERT INTO submission (uuid, organization_id, region_id, checklist_id,
                     checklist_version, year, replaces, digest, body, scores, rule, account_id,
                     received_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                 ON CONFLICT (uuid) DO NOTHING",
                &[
                    &submission.uuid,
                    &submission.organization,
                    &submission.region,
                    &submission.checklist,
                    &i64::from(submission.version),
                    &submission.year,
                    &submission.replaces,
                    &submission.digest,
                    &submission.body,
                    &submission.scores,
                    &kompas_proto::checklist::SCORE_RULE,
                    &submission.account_id,
                    &received_at,
                ],
            )
            .await?;
        if inserted == 0 {
            let existing = tx
                .query_opt(
                    "SELECT digest, received_at, scores, rule FROM submission WHERE uuid = $1",
                    &[&submission.uuid],
                )
                .await?
                .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)));
            return Ok(
                match compare_existing(&submission.uuid, &submission.digest, existing) {
                    Ok(Some(again)) => Ok(again),
                    Ok(None) => Err(SubmissionError::Db(DbError::Internal(
                        "a submission neither inserted nor found".to_owned(),
                    ))),
                    Err(refused) => Err(refused),
                },
            );
        }
        if let Some(replaces) = &submission.replaces {
            tx.execute(
                "UPDATE submission SET replaced_by = $2 WHERE uuid = $1",
                &[replaces, &submission.uuid],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(Stored::New { received_at }))
    }

    pub(crate) async fn submission_count(&self, organization: &str) -> Result<i64, DbError> {
        Ok(self
            .client()
            .await?
            .query_one(
                "SELECT count(*) FROM submission WHERE organization_id = $1",
                &[&organization],
            )
            .await?
            .get(0))
    }
}
