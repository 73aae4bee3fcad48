//! The SQL of `db/region.rs` for PostgreSQL.

use kompas_proto::region::{Progress, Review};

use super::PgDb;
use crate::db::region::{check_reviewable, RegionRead, RegionRows, ReviewRow, SubmissionRow};
use crate::db::{missing_region, DbError};

impl PgDb {
    /// The region's hospices, current submissions and checklist versions, in one
    /// repeatable-read transaction so they agree with each other.
    pub(crate) async fn region_rows(&self, read: &RegionRead) -> Result<RegionRows, DbError> {
        let mut client = self.client().await?;
        let tx = super::snapshot(&mut client).await?;
        let name: String = tx
            .query_opt("SELECT name FROM region WHERE id = $1", &[&read.region])
            .await?
            .ok_or_else(|| missing_region(&read.region))?
            .get(0);
        let hospices = tx
            .query(
                "SELECT id, name FROM organization
                 WHERE region_id = $1 AND ($2 = '' OR id = $2) ORDER BY id",
                &[&read.region, &read.organization],
            )
            .await?
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        let submissions = tx
            .query(
                "SELECT s.uuid, s.organization_id, s.checklist_id, s.checklist_version, s.year,
                        s.received_at, s.scores, s.rule,
                        CASE WHEN s.year BETWEEN $3 AND $4 THEN s.body END,
                        r.state, r.note, r.username, r.reviewed_at
                 FROM submission s LEFT JOIN submission_review r ON r.uuid = s.uuid
                 WHERE s.region_id = $1 AND s.replaced_by IS NULL
                   AND ($2 = '' OR s.organization_id = $2)
                 ORDER BY s.organization_id COLLATE \"C\", s.year, s.received_at, s.uuid",
                &[
                    &read.region,
                    &read.organization,
                    &read.body_years.0,
                    &read.body_years.1,
                ],
            )
            .await?
            .into_iter()
            .map(|row| {
                let version: i64 = row.get(3);
                let state: Option<String> = row.get(9);
                Ok(SubmissionRow {
                    uuid: row.get(0),
                    organization: row.get(1),
                    checklist: row.get(2),
                    version: u32::try_from(version).map_err(|_| {
                        DbError::Internal(format!("stored checklist version {version}"))
                    })?,
                    year: row.get(4),
                    received_at: row.get(5),
                    scores: row.get(6),
                    rule: row.get(7),
                    body: row.get(8),
                    review: state.map(|state| ReviewRow {
                        state,
                        note: row.get(10),
                        username: row.get(11),
                        at: row.get(12),
                    }),
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        let definitions = tx
            .query(
                "SELECT id, version, definition FROM checklist WHERE region_id = $1",
                &[&read.region],
            )
            .await?
            .into_iter()
            .map(|row| {
                let version: i64 = row.get(1);
                Ok((
                    row.get(0),
                    u32::try_from(version).map_err(|_| {
                        DbError::Internal(format!("stored checklist version {version}"))
                    })?,
                    row.get(2),
                ))
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        let progress = tx
            .query(
                "SELECT p.organization_id, p.year, p.answered, p.questions
                 FROM shared_progress p JOIN organization o ON o.id = p.organization_id
                 WHERE o.region_id = $1 AND ($2 = '' OR p.organization_id = $2)",
                &[&read.region, &read.organization],
            )
            .await?
            .into_iter()
            .map(|row| {
                let count = |i: usize| {
                    let n: i64 = row.get(i);
                    u32::try_from(n)
                        .map_err(|_| DbError::Internal(format!("stored progress count {n}")))
                };
                Ok((
                    row.get(0),
                    row.get(1),
                    Progress {
                        answered: count(2)?,
                        questions: count(3)?,
                    },
                ))
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        tx.commit().await?;
        Ok(RegionRows {
            name,
            hospices,
            submissions,
            definitions,
            progress,
        })
    }

    /// Shares a hospice's progress with a year, or stops sharing it (`None`).
    pub(crate) async fn share_progress(
        &self,
        organization: &str,
        year: i32,
        progress: Option<Progress>,
        at: &str,
    ) -> Result<(), DbError> {
        let client = self.client().await?;
        match progress {
            Some(p) => {
                client
                    .execute(
                        "INSERT INTO shared_progress
                             (organization_id, year, answered, questions, updated_at)
                         VALUES ($1, $2, $3, $4, $5)
                         ON CONFLICT (organization_id, year) DO UPDATE SET
                             answered = excluded.answered, questions = excluded.questions,
                             updated_at = excluded.updated_at",
                        &[
                            &organization,
                            &year,
                            &i64::from(p.answered),
                            &i64::from(p.questions),
                            &at,
                        ],
                    )
                    .await?
            }
            None => {
                client
                    .execute(
                        "DELETE FROM shared_progress WHERE organization_id = $1 AND year = $2",
                        &[&organization, &year],
                    )
                    .await?
            }
        };
        Ok(())
    }

    /// Writes (or replaces) the review of a current submission of the region; the
    /// submission's row is locked so a correction cannot slip in between.
    pub(crate) async fn review(
        &self,
        region: &str,
        uuid: &str,
        review: &Review,
        account_id: i64,
    ) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let found = tx
            .query_opt(
                "SELECT region_id, replaced_by FROM submission WHERE uuid = $1 FOR UPDATE",
                &[&uuid],
            )
            .await?
            .map(|row| (row.get(0), row.get(1)));
        check_reviewable(uuid, region, found)?;
        tx.execute(
            "INSERT INTO submission_review (uuid, state, note, account_id, username, reviewed_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (uuid) DO UPDATE SET state = excluded.state, note = excluded.note,
                 account_id = excluded.account_id, username = excluded.username,
                 reviewed_at = excluded.reviewed_at",
            &[
                &uuid,
                &review.state.as_str(),
                &review.note,
                &account_id,
                &review.by,
                &review.at,
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
