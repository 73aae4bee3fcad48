//! PostgreSQL: a hospice's overlay (see `db/overlay.rs` for everything that is not SQL).

use super::PgDb;
use crate::db::overlay::{
    decide, BaseRevisionRow, DeltaEntryRow, LocalRevisionRow, Outcome, OverlayDeltaRows,
    OverlayRows, OverlayWrite,
};
use crate::db::DbError;

const HEAD: &str =
    "SELECT COALESCE(MAX(version), 0)::BIGINT FROM overlay_revision WHERE organization_id = $1";

impl PgDb {
    pub(crate) async fn overlay_rows(&self, organization: &str) -> Result<OverlayRows, DbError> {
        let mut client = self.client().await?;
        // One snapshot for the three reads.
        let tx = super::snapshot(&mut client).await?;
        let facts = tx
            .query_opt(
                "SELECT facts, version FROM overlay_facts WHERE organization_id = $1",
                &[&organization],
            )
            .await?
            .map(|row| (row.get(0), row.get(1)));
        let entries = tx
            .query(
                "SELECT change, version, note, must_read FROM overlay_entry
                 WHERE organization_id = $1 AND change IS NOT NULL ORDER BY version",
                &[&organization],
            )
            .await?
            .into_iter()
            .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)))
            .collect();
        let head = tx.query_one(HEAD, &[&organization]).await?.get(0);
        tx.commit().await?;
        Ok(OverlayRows {
            facts,
            entries,
            head,
        })
    }

    /// What changed after version `after`, in one snapshot.
    pub(crate) async fn overlay_delta_rows(
        &self,
        organization: &str,
        after: i64,
    ) -> Result<OverlayDeltaRows, DbError> {
        let mut client = self.client().await?;
        let tx = super::snapshot(&mut client).await?;
        let head: i64 = tx.query_one(HEAD, &[&organization]).await?.get(0);
        let facts = tx
            .query_opt(
                "SELECT facts, version FROM overlay_facts
                 WHERE organization_id = $1 AND version > $2 AND version <= $3",
                &[&organization, &after, &head],
            )
            .await?
            .map(|row| (row.get(0), row.get(1)));
        let entries = tx
            .query(
                "SELECT r.key_json, e.change, e.version, e.note, e.must_read FROM overlay_entry e
                 JOIN overlay_revision r
                   ON r.organization_id = e.organization_id AND r.version = e.version
                 WHERE e.organization_id = $1 AND e.version > $2 AND e.version <= $3
                 ORDER BY e.version",
                &[&organization, &after, &head],
            )
            .await?
            .into_iter()
            .map(|row| DeltaEntryRow {
                key_json: row.get(0),
                change_json: row.get(1),
                version: row.get(2),
                note: row.get(3),
                must_read: row.get(4),
            })
            .collect();
        tx.commit().await?;
        Ok(OverlayDeltaRows {
            facts,
            entries,
            head,
        })
    }

    pub(crate) async fn base_info(
        &self,
        region: &str,
        section: &str,
    ) -> Result<Option<(i64, String)>, DbError> {
        let client = self.client().await?;
        Ok(client
            .query_opt(
                "SELECT revision, local_policy FROM section
                 WHERE region_id = $1 AND id = $2 AND NOT deleted",
                &[&region, &section],
            )
            .await?
            .map(|row| (row.get(0), row.get(1))))
    }

    /// Reads the entry (or the facts), decides, and writes the next version, in one
    /// transaction that holds the hospice's row, so two publishes of one hospice never
    /// take the same version.
    pub(crate) async fn write_overlay(&self, write: &OverlayWrite) -> Result<Outcome, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let found = tx
            .query_opt(
                "SELECT id FROM organization WHERE id = $1 FOR UPDATE",
                &[&write.organization],
            )
            .await?;
        if found.is_none() {
            return Err(crate::db::missing_organization(&write.organization));
        }
        let current: Option<(i64, Option<String>)> = match &write.key_text {
            Some(key) => tx
                .query_opt(
                    "SELECT version, change FROM overlay_entry
                     WHERE organization_id = $1 AND entry_key = $2",
                    &[&write.organization, key],
                )
                .await?
                .map(|row| (row.get(0), row.get(1))),
            None => tx
                .query_opt(
                    "SELECT version, facts FROM overlay_facts WHERE organization_id = $1",
                    &[&write.organization],
                )
                .await?
                .map(|row| (row.get(0), Some(row.get(1)))),
        };
        let decision = decide(current, write);
        let mut version = 0;
        if decision == crate::db::overlay::Decision::Write {
            version = tx
                .query_one(HEAD, &[&write.organization])
                .await?
                .get::<_, i64>(0)
                + 1;
            tx.execute(
                "INSERT INTO overlay_revision (organization_id, version, entry_key, key_json,
                     section_id, body, note, account_id, username, published_at, must_read)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &write.organization,
                    &version,
                    &write.key_text,
                    &write.key_json,
                    &write.section_id,
                    &write.body,
                    &write.note,
                    &write.account_id,
                    &write.username,
                    &write.published_at,
                    &write.must_read,
                ],
            )
            .await?;
            match &write.key_text {
                Some(key) => {
                    tx.execute(
                        "INSERT INTO overlay_entry (organization_id, entry_key, section_id,
                             version, change, note, must_read)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)
                         ON CONFLICT (organization_id, entry_key) DO UPDATE SET
                             version = excluded.version, change = excluded.change,
                             note = excluded.note, must_read = excluded.must_read",
                        &[
                            &write.organization,
                            key,
                            &write.section_id,
                            &version,
                            &write.body,
                            &write.note,
                            &write.must_read,
                        ],
                    )
                    .await?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO overlay_facts (organization_id, facts, version)
                         VALUES ($1, $2, $3)
                         ON CONFLICT (organization_id) DO UPDATE SET
                             facts = excluded.facts, version = excluded.version",
                        &[&write.organization, &write.body, &version],
                    )
                    .await?;
                }
            }
        }
        let outcome = decision.run(|| Ok::<i64, DbError>(version))?;
        tx.commit().await?;
        Ok(outcome)
    }

    pub(crate) async fn overlay_history(
        &self,
        organization: &str,
        region: &str,
        section: &str,
    ) -> Result<(Vec<BaseRevisionRow>, Vec<LocalRevisionRow>), DbError> {
        let client = self.client().await?;
        let base = client
            .query(
                "SELECT revision, title, body, deleted,
                        to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                        change_note, must_read
                 FROM section_revision WHERE region_id = $1 AND id = $2 ORDER BY revision",
                &[&region, &section],
            )
            .await?
            .into_iter()
            .map(|row| BaseRevisionRow {
                revision: row.get(0),
                title: row.get(1),
                body: row.get(2),
                removed: row.get(3),
                published_at: row.get(4),
                change_note: row.get(5),
                must_read: row.get(6),
            })
            .collect();
        let local = client
            .query(
                "SELECT version, key_json, body, note, username, published_at, must_read
                 FROM overlay_revision WHERE organization_id = $1 AND section_id = $2
                 ORDER BY version",
                &[&organization, &section],
            )
            .await?
            .into_iter()
            .map(|row| LocalRevisionRow {
                version: row.get(0),
                key_json: row.get(1),
                change_json: row.get(2),
                note: row.get(3),
                by: row.get(4),
                published_at: row.get(5),
                must_read: row.get(6),
            })
            .collect();
        Ok((base, local))
    }
}
