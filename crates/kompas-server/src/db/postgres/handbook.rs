//! The SQL of `db/handbook.rs` for PostgreSQL.

use std::collections::HashMap;

use kompas_core::Section;

use super::PgDb;
use crate::db::handbook::{plan_publish, PublishReport, SectionRow, Stored};
use crate::db::{missing_region, DbError};

impl PgDb {
    pub(crate) async fn region_head(&self, region: &str) -> Result<i64, DbError> {
        Ok(self
            .client()
            .await?
            .query_opt(
                "SELECT seq FROM region_head WHERE region_id = $1",
                &[&region],
            )
            .await?
            .map_or(0, |row| row.get(0)))
    }

    /// Publishes in one transaction; the region's head row is locked first, so two
    /// publishes to one region hand out change numbers one after the other.
    pub(crate) async fn publish(
        &self,
        region: &str,
        sections: &[Section],
    ) -> Result<PublishReport, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let head: i64 = tx
            .query_opt(
                "SELECT seq FROM region_head WHERE region_id = $1 FOR UPDATE",
                &[&region],
            )
            .await?
            .map(|row| row.get(0))
            .ok_or_else(|| missing_region(region))?;
        let existing: HashMap<String, Stored> = tx
            .query(
                "SELECT id, fingerprint, revision, deleted FROM section WHERE region_id = $1",
                &[&region],
            )
            .await?
            .into_iter()
            .map(|row| {
                (
                    row.get(0),
                    Stored {
                        fingerprint: row.get(1),
                        revision: row.get(2),
                        deleted: row.get(3),
                    },
                )
            })
            .collect();
        let plan = plan_publish(head, &existing, sections);
        let upsert = tx
            .prepare(
                "INSERT INTO section (region_id, id, seq, revision, deleted, title, category,
                     category_rank, sort_order, tags, critical, review_by, body, source_path,
                     fingerprint, updated_at, local_policy, change_note, must_read)
                 VALUES ($1, $2, $3, $4, FALSE, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now(), $15,
                         $16, $17)
                 ON CONFLICT (region_id, id) DO UPDATE SET
                     seq = excluded.seq, revision = excluded.revision, deleted = FALSE,
                     title = excluded.title, category = excluded.category,
                     category_rank = excluded.category_rank, sort_order = excluded.sort_order,
                     tags = excluded.tags, critical = excluded.critical,
                     review_by = excluded.review_by, body = excluded.body,
                     source_path = excluded.source_path, fingerprint = excluded.fingerprint,
                     updated_at = excluded.updated_at, local_policy = excluded.local_policy,
                     change_note = excluded.change_note, must_read = excluded.must_read",
            )
            .await?;
        let history = tx
            .prepare(
                "INSERT INTO section_revision
                     (region_id, id, revision, seq, deleted, title, body, published_at,
                      change_note, must_read)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8, $9)",
            )
            .await?;
        for row in &plan.upserts {
            let section = row.section;
            let rank = i64::from(section.category_rank);
            let review_by = section.review_by.map(|d| d.to_string());
            tx.execute(
                &upsert,
                &[
                    &region,
                    &section.id,
                    &row.seq,
                    &row.revision,
                    &section.title,
                    &section.category,
                    &rank,
                    &section.order,
                    &row.tags,
                    &section.critical,
                    &review_by,
                    &section.body,
                    &section.source_path,
                    &row.fingerprint,
                    &section.local_policy.as_str(),
                    &section.change_note,
                    &section.must_read,
                ],
            )
            .await?;
            tx.execute(
                &history,
                &[
                    &region,
                    &section.id,
                    &row.revision,
                    &row.seq,
                    &false,
                    &section.title,
                    &section.body,
                    &section.change_note,
                    &section.must_read,
                ],
            )
            .await?;
        }
        let tombstone = tx
            .prepare(
                "UPDATE section SET seq = $3, revision = $4, deleted = TRUE, body = '',
                     updated_at = now(), change_note = '', must_read = FALSE
                 WHERE region_id = $1 AND id = $2",
            )
            .await?;
        for gone in &plan.tombstones {
            tx.execute(&tombstone, &[&region, &gone.id, &gone.seq, &gone.revision])
                .await?;
            tx.execute(
                &history,
                &[
                    &region,
                    &gone.id,
                    &gone.revision,
                    &gone.seq,
                    &true,
                    &"",
                    &"",
                    &"",
                    &false,
                ],
            )
            .await?;
        }
        let reencode = tx
            .prepare("UPDATE section SET fingerprint = $3 WHERE region_id = $1 AND id = $2")
            .await?;
        for (id, print) in &plan.reencoded {
            tx.execute(&reencode, &[&region, id, print]).await?;
        }
        let report = plan.report;
        tx.execute(
            "UPDATE region_head SET seq = $2 WHERE region_id = $1",
            &[&region, &plan.head],
        )
        .await?;
        tx.execute(
            "INSERT INTO publication (region_id, published_at, changed, removed)
             VALUES ($1, now(), $2, $3)",
            &[
                &region,
                &((report.added + report.changed) as i64),
                &(report.removed as i64),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Rows with `seq > after`, in `seq` order, at most `fetch`.
    pub(crate) async fn changes(
        &self,
        region: &str,
        after: i64,
        fetch: i64,
    ) -> Result<Vec<SectionRow>, DbError> {
        let client = self.client().await?;
        let statement = client
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
                 FROM section WHERE region_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            )
            .await?;
        Ok(client
            .query(&statement, &[&region, &after, &fetch])
            .await?
            .into_iter()
            .map(|row| SectionRow {
                id: row.get(0),
                seq: row.get(1),
                revision: row.get(2),
                deleted: row.get(3),
                title: row.get(4),
                category: row.get(5),
                category_rank: row.get(6),
                order: row.get(7),
                tags: row.get(8),
                critical: row.get(9),
                review_by: row.get(10),
                body: row.get(11),
                source_path: row.get(12),
                local_policy: row.get(13),
                change_note: row.get(14),
                must_read: row.get(15),
                must_read_revision: row.get(16),
                must_read_note: row.get(17),
            })
            .collect())
    }
}
