//! PostgreSQL: a hospice's list of readers and their acknowledgements (see
//! `db/reading.rs` for everything that is not SQL).

use kompas_proto::reading::{Acknowledgement, Reader};
use tokio_postgres::error::SqlState;

use super::PgDb;
use crate::db::reading::{
    decide_acknowledgement, AckDecision, AcknowledgementRow, NewAcknowledgement, ReaderWrite,
    ReadersRows, StoredAcknowledgement,
};
use crate::db::{missing_organization, DbError};

impl PgDb {
    /// The list and the acknowledgements after `after`, in one snapshot.
    pub(crate) async fn readers(
        &self,
        organization: &str,
        after: i64,
        limit: i64,
    ) -> Result<ReadersRows, DbError> {
        let mut client = self.client().await?;
        let tx = super::snapshot(&mut client).await?;
        let readers = tx
            .query(
                "SELECT id, name, active FROM reader WHERE organization_id = $1",
                &[&organization],
            )
            .await?
            .into_iter()
            .map(|row| Reader {
                id: row.get(0),
                name: row.get(1),
                active: row.get(2),
            })
            .collect();
        let acknowledgements = tx
            .query(
                "SELECT seq, id, reader_id, change_id, acknowledged_at FROM acknowledgement
                 WHERE organization_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[&organization, &after, &limit],
            )
            .await?
            .into_iter()
            .map(|row| AcknowledgementRow {
                seq: row.get(0),
                acknowledgement: Acknowledgement {
                    id: row.get(1),
                    reader: row.get(2),
                    change: row.get(3),
                    acknowledged_at: row.get(4),
                },
            })
            .collect();
        tx.commit().await?;
        Ok(ReadersRows {
            readers,
            acknowledgements,
        })
    }

    /// One statement: the name under its id, whatever it was before.
    pub(crate) async fn save_reader(&self, write: &ReaderWrite) -> Result<(), DbError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO reader (organization_id, id, name, active, account_id, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (organization_id, id) DO UPDATE SET
                     name = excluded.name, active = excluded.active,
                     account_id = excluded.account_id, updated_at = excluded.updated_at",
                &[
                    &write.organization,
                    &write.reader.id,
                    &write.reader.name,
                    &write.reader.active,
                    &write.account_id,
                    &write.updated_at,
                ],
            )
            .await?;
        Ok(())
    }

    /// Reads, decides and stores in one transaction that holds the hospice's row, so two
    /// acknowledgements of one hospice take their numbers one after the other and commit
    /// in that order. The same UUID stored meanwhile by another hospice (which holds
    /// another row) is a conflict like any other.
    pub(crate) async fn acknowledge(
        &self,
        new: &NewAcknowledgement,
    ) -> Result<AckDecision, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let ack = &new.acknowledgement;
        let found = tx
            .query_opt(
                "SELECT id FROM organization WHERE id = $1 FOR UPDATE",
                &[&new.organization],
            )
            .await?;
        if found.is_none() {
            return Err(missing_organization(&new.organization));
        }
        let stored = tx
            .query_opt(
                "SELECT organization_id, reader_id, change_id, acknowledged_at
                 FROM acknowledgement WHERE id = $1",
                &[&ack.id],
            )
            .await?
            .map(|row| StoredAcknowledgement {
                organization: row.get(0),
                reader: row.get(1),
                change: row.get(2),
                acknowledged_at: row.get(3),
            });
        let decision = decide_acknowledgement(new, stored.as_ref());
        if decision == AckDecision::Write {
            let seq: i64 = tx
                .query_one(
                    "SELECT COALESCE(MAX(seq), 0)::BIGINT + 1 FROM acknowledgement
                     WHERE organization_id = $1",
                    &[&new.organization],
                )
                .await?
                .get(0);
            let inserted = tx
                .execute(
                    "INSERT INTO acknowledgement (id, organization_id, seq, reader_id, change_id,
                         acknowledged_at, account_id, received_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[
                        &ack.id,
                        &new.organization,
                        &seq,
                        &ack.reader,
                        &ack.change,
                        &ack.acknowledged_at,
                        &new.account_id,
                        &new.received_at,
                    ],
                )
                .await;
            match inserted {
                Ok(_) => {}
                Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                    return Ok(AckDecision::Conflict);
                }
                Err(error) => return Err(error.into()),
            }
        }
        tx.commit().await?;
        Ok(decision)
    }
}
