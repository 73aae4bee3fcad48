//! SQLite: a hospice's list of readers and their acknowledgements (see `db/reading.rs`
//! for everything that is not SQL).

use kompas_proto::reading::{Acknowledgement, Reader};
use rusqlite::{params, Connection, OptionalExtension};

use super::write_transaction;
use crate::db::reading::{
    decide_acknowledgement, AckDecision, AcknowledgementRow, NewAcknowledgement, ReaderWrite,
    ReadersRows, StoredAcknowledgement,
};
use crate::db::DbError;

/// The list and the acknowledgements after `after`, in one read transaction.
pub fn readers(
    conn: &Connection,
    organization: &str,
    after: i64,
    limit: i64,
) -> Result<ReadersRows, DbError> {
    let tx = conn.unchecked_transaction()?;
    let readers = tx
        .prepare_cached("SELECT id, name, active FROM reader WHERE organization_id = ?1")?
        .query_map([organization], |row| {
            Ok(Reader {
                id: row.get(0)?,
                name: row.get(1)?,
                active: row.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let acknowledgements = tx
        .prepare_cached(
            "SELECT seq, id, reader_id, change_id, acknowledged_at FROM acknowledgement
             WHERE organization_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?
        .query_map(params![organization, after, limit], |row| {
            Ok(AcknowledgementRow {
                seq: row.get(0)?,
                acknowledgement: Acknowledgement {
                    id: row.get(1)?,
                    reader: row.get(2)?,
                    change: row.get(3)?,
                    acknowledged_at: row.get(4)?,
                },
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    tx.commit()?;
    Ok(ReadersRows {
        readers,
        acknowledgements,
    })
}

/// One statement: the name under its id, whatever it was before.
pub fn save_reader(conn: &mut Connection, write: &ReaderWrite) -> Result<(), DbError> {
    conn.prepare_cached(
        "INSERT INTO reader (organization_id, id, name, active, account_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (organization_id, id) DO UPDATE SET
             name = excluded.name, active = excluded.active,
             account_id = excluded.account_id, updated_at = excluded.updated_at",
    )?
    .execute(params![
        write.organization,
        write.reader.id,
        write.reader.name,
        write.reader.active,
        write.account_id,
        write.updated_at,
    ])?;
    Ok(())
}

/// Reads what the UUID has, decides, and stores with the
/// hospice's next number, in one `IMMEDIATE` transaction: numbers are handed out in the
/// order of the commits.
pub fn acknowledge(
    conn: &mut Connection,
    new: &NewAcknowledgement,
) -> Result<AckDecision, DbError> {
    let tx = write_transaction(conn)?;
    let ack = &new.acknowledgement;
    let stored = tx
        .prepare_cached(
            "SELECT organization_id, reader_id, change_id, acknowledged_at
             FROM acknowledgement WHERE id = ?1",
        )?
        .query_row([&ack.id], |row| {
            Ok(StoredAcknowledgement {
                organization: row.get(0)?,
                reader: row.get(1)?,
                change: row.get(2)?,
                acknowledged_at: row.get(3)?,
            })
        })
        .optional()?;
    let decision = decide_acknowledgement(new, stored.as_ref());
    if decision == AckDecision::Write {
        let seq: i64 = tx
            .prepare_cached(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM acknowledgement
                 WHERE organization_id = ?1",
            )?
            .query_row([&new.organization], |row| row.get(0))?;
        tx.prepare_cached(
            "INSERT INTO acknowledgement (id, organization_id, seq, reader_id, change_id,
                 acknowledged_at, account_id, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            ack.id,
            new.organization,
            seq,
            ack.reader,
            ack.change,
            ack.acknowledged_at,
            new.account_id,
            new.received_at,
        ])?;
    }
    tx.commit()?;
    Ok(decision)
}
