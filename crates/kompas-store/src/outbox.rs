//! The outbox: what waits to go up to the server, of any kind. An item is written in the
//! same transaction as the local change that makes it (see `self_evaluation.rs`), and
//! leaves only when the server acknowledged it ([`Store::outbox_delivered`]) or refused it
//! for good ([`Store::outbox_refused`]); both also record the outcome on what made the
//! item, in the same transaction. A failed attempt only counts.

use rusqlite::{params, Connection, OptionalExtension};

use kompas_proto::overlay::DraftState;

use crate::{Store, StoreError};

/// What an outbox item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    /// A finished self-evaluation: `PUT /api/v1/submissions/{key}` with the payload.
    Submission,
    /// A manager's change of an overlay entry: `PUT …/organizations/{org}/overlay/entry`
    /// (the hospice is in the key, see `overlay_draft.rs`).
    OverlayEntry,
    /// A manager's change of the hospice's facts: `PUT …/overlay/facts`.
    OverlayFacts,
    /// "Gelezen en begrepen": `PUT …/organizations/{org}/acknowledgements/{uuid}` (the
    /// key is `ack/<org>/<uuid>`, see `reading.rs`).
    Acknowledgement,
    /// A manager's change of the hospice's list of names: `PUT …/readers/{id}` (the key
    /// is `reader/<org>/<id>/<nonce>`).
    Reader,
}

impl OutboxKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Submission => "submission",
            OutboxKind::OverlayEntry => "overlay-entry",
            OutboxKind::OverlayFacts => "overlay-facts",
            OutboxKind::Acknowledgement => "acknowledgement",
            OutboxKind::Reader => "reader",
        }
    }

    fn parse(name: &str) -> Option<OutboxKind> {
        match name {
            "submission" => Some(OutboxKind::Submission),
            "overlay-entry" => Some(OutboxKind::OverlayEntry),
            "overlay-facts" => Some(OutboxKind::OverlayFacts),
            "acknowledgement" => Some(OutboxKind::Acknowledgement),
            "reader" => Some(OutboxKind::Reader),
            _ => None,
        }
    }
}

/// One item waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub seq: i64,
    pub kind: OutboxKind,
    /// The item's id on the server (a submission's UUID): the same for every retry.
    pub key: String,
    /// The JSON body, exactly as it is sent every time.
    pub payload: String,
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// Writes an item inside the caller's transaction. A second item with the same key
/// replaces nothing: the first one stands (it may already be on its way).
pub(crate) fn enqueue(
    conn: &Connection,
    kind: OutboxKind,
    key: &str,
    payload: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO outbox (kind, key, payload, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key) DO NOTHING",
    )?
    .execute(params![kind.as_str(), key, payload, crate::now_rfc3339()])?;
    Ok(())
}

impl Store {
    /// Every item waiting, oldest first. Items of a kind this version does not know
    /// (written by a newer app) are left where they are.
    pub fn outbox(&self) -> Result<Vec<OutboxItem>, StoreError> {
        let rows: Vec<(i64, String, String, String, u32, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT seq, kind, key, payload, attempts, last_error FROM outbox ORDER BY seq",
            )?
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(seq, kind, key, payload, attempts, last_error)| {
                Some(OutboxItem {
                    seq,
                    kind: OutboxKind::parse(&kind)?,
                    key,
                    payload,
                    attempts,
                    last_error,
                })
            })
            .collect())
    }

    /// How many items wait (what the sync line shows).
    pub fn outbox_waiting(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM outbox")?
            .query_row([], |row| row.get(0))?)
    }

    /// The server acknowledged item `seq` at `at` (RFC 3339): it leaves the outbox, and
    /// what made it is marked as sent, in one transaction.
    pub fn outbox_delivered(&mut self, seq: i64, at: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if let Some((kind, key)) = take(&tx, seq)? {
            match OutboxKind::parse(&kind) {
                Some(OutboxKind::Submission) => crate::self_evaluation::mark_sent(&tx, &key, at)?,
                Some(OutboxKind::OverlayEntry | OutboxKind::OverlayFacts) => {
                    crate::overlay_draft::delivered(&tx, &key)?
                }
                Some(OutboxKind::Acknowledgement) => crate::reading::delivered(&tx, &key)?,
                Some(OutboxKind::Reader) | None => {}
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The server refused item `seq` for a reason a retry cannot change (`why`, in the
    /// server's words): it leaves the outbox, and what made it is open again with the
    /// reason beside it. Nothing typed is lost.
    pub fn outbox_refused(&mut self, seq: i64, why: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if let Some((kind, key)) = take(&tx, seq)? {
            match OutboxKind::parse(&kind) {
                Some(OutboxKind::Submission) => {
                    crate::self_evaluation::mark_refused(&tx, &key, why)?
                }
                Some(OutboxKind::OverlayEntry | OutboxKind::OverlayFacts) => {
                    crate::overlay_draft::not_stored(
                        &tx,
                        &key,
                        DraftState::Refused {
                            detail: why.to_owned(),
                        },
                    )?
                }
                // The record stays on this device (still counted here) and no longer
                // waits; the server's reason is in the log.
                Some(OutboxKind::Acknowledgement) => crate::reading::refused(&tx, &key)?,
                Some(OutboxKind::Reader) | None => {}
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Another manager changed what draft item `seq` changes (the server's 409, with the
    /// version it has now): the item leaves the outbox, the draft stays, and the app
    /// offers the merge against version `current`.
    pub fn outbox_stale(&mut self, seq: i64, current: i64, why: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if let Some((_, key)) = take(&tx, seq)? {
            crate::overlay_draft::not_stored(
                &tx,
                &key,
                DraftState::Stale {
                    current,
                    detail: why.to_owned(),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// An attempt to send item `seq` failed (offline, server error): it stays, counted.
    pub fn outbox_attempt_failed(&mut self, seq: i64, error: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1",
            )?
            .execute(params![seq, error])?;
        Ok(())
    }
}

/// Removes item `seq`, returning its kind and key; `None` if it is gone already.
fn take(conn: &Connection, seq: i64) -> Result<Option<(String, String)>, StoreError> {
    let item = conn
        .prepare_cached("SELECT kind, key FROM outbox WHERE seq = ?1")?
        .query_row([seq], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
        .execute([seq])?;
    Ok(item)
}
