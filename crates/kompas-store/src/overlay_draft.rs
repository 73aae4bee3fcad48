//! A manager's drafts of the hospice's own handbook (issue #13). A draft is saved on every
//! change (it survives a kill); publishing it is one transaction that marks it waiting and
//! puts its request in the outbox; it leaves only when the server stored it. A 409 (another
//! manager changed the same entry) or a final refusal keeps the draft, with the reason.

use kompas_proto::overlay::{DraftEdit, DraftState, FactsUpdate, OverlayDraft, OverlayPublish};
use rusqlite::{params, Connection, OptionalExtension};

use crate::outbox::{enqueue, OutboxKind};
use crate::{now_rfc3339, Store, StoreError};

/// The outbox key of a published draft: the hospice in the request's path, and a fresh id
/// so that every publish is its own item.
fn outbox_key(organization: &str) -> String {
    format!(
        "overlay/{organization}/{}",
        uuid::Uuid::now_v7().hyphenated()
    )
}

/// The hospice an overlay item's request goes to.
pub fn outbox_organization(key: &str) -> Option<&str> {
    key.strip_prefix("overlay/")?
        .split_once('/')
        .map(|(org, _)| org)
}

fn read(conn: &Connection, draft_key: &str) -> Result<Option<(String, OverlayDraft)>, StoreError> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT organization, draft FROM overlay_draft WHERE draft_key = ?1")?
        .query_row([draft_key], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    row.map(|(organization, json)| Ok((organization, decode(draft_key, &json)?)))
        .transpose()
}

/// The drafts, oldest change first; of one hospice when `organization` names it.
fn drafts(conn: &Connection, organization: Option<&str>) -> Result<Vec<OverlayDraft>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT draft_key, draft FROM overlay_draft
         WHERE ?1 IS NULL OR organization = ?1 ORDER BY updated_at",
    )?;
    let rows = statement.query_map([organization], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut drafts = Vec::new();
    for row in rows {
        let (key, json) = row?;
        drafts.push(decode(&key, &json)?);
    }
    Ok(drafts)
}

fn decode(draft_key: &str, json: &str) -> Result<OverlayDraft, StoreError> {
    serde_json::from_str(json).map_err(|e| {
        StoreError::Unreadable(format!(
            "the draft `{draft_key}` on this device is unreadable ({e}); discard it and make \
             the change again"
        ))
    })
}

fn write(
    conn: &Connection,
    organization: &str,
    draft: &OverlayDraft,
    outbox: Option<&str>,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(draft)
        .map_err(|e| StoreError::Unreadable(format!("cannot store the draft: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO overlay_draft (draft_key, organization, draft, outbox_key, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (draft_key) DO UPDATE SET organization = excluded.organization,
             draft = excluded.draft, outbox_key = excluded.outbox_key,
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        draft.edit.key_text(),
        organization,
        json,
        outbox,
        now_rfc3339()
    ])?;
    Ok(())
}

impl Store {
    /// Saves a draft as typed (state: editing). A draft that was waiting to be sent is
    /// taken out of the outbox first: what is sent is always the last text.
    pub fn save_overlay_draft(
        &mut self,
        organization: &str,
        draft: &OverlayDraft,
    ) -> Result<(), StoreError> {
        self.save_overlay_drafts(organization, std::slice::from_ref(draft), false)
    }

    /// Saves several drafts (the parts of one section) and, with `publish`, publishes
    /// them, all in one transaction: never half of a section's change.
    pub fn save_overlay_drafts(
        &mut self,
        organization: &str,
        drafts: &[OverlayDraft],
        publish: bool,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for draft in drafts {
            save(&tx, organization, draft)?;
        }
        if publish {
            for draft in drafts {
                publish_in(&tx, &draft.edit.key_text())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every draft on this device, oldest change first.
    pub fn overlay_drafts(&self) -> Result<Vec<OverlayDraft>, StoreError> {
        drafts(&self.conn, None)
    }

    /// The drafts of the hospice this device's handbook comes from (a device that followed
    /// another hospice before keeps that one's drafts, which are sent there, but not shown
    /// as this hospice's).
    pub(crate) fn drafts_of_followed(&self) -> Result<Vec<OverlayDraft>, StoreError> {
        let source = self.sync_record()?.pull.source;
        let hospice = source
            .as_deref()
            .and_then(|s| s.rsplit_once('|'))
            .map(|(_, hospice)| hospice);
        drafts(&self.conn, hospice)
    }

    /// One draft, by [`DraftEdit::key_text`].
    pub fn overlay_draft(&self, draft_key: &str) -> Result<Option<OverlayDraft>, StoreError> {
        Ok(read(&self.conn, draft_key)?.map(|(_, draft)| draft))
    }

    /// Throws a draft away (and its request, if it still waits).
    pub fn discard_overlay_draft(&mut self, draft_key: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM outbox WHERE key =
                 (SELECT outbox_key FROM overlay_draft WHERE draft_key = ?1)",
            [draft_key],
        )?;
        tx.execute(
            "DELETE FROM overlay_draft WHERE draft_key = ?1",
            [draft_key],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Publishes a draft to the hospice: it waits in the outbox until the server stored it.
    pub fn publish_overlay_draft(&mut self, draft_key: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        publish_in(&tx, draft_key)?;
        tx.commit()?;
        Ok(())
    }
}

/// Saves a draft as typed, taking a request of it that still waits out of the outbox.
fn save(conn: &Connection, organization: &str, draft: &OverlayDraft) -> Result<(), StoreError> {
    if let Some(outbox) = conn
        .prepare_cached("SELECT outbox_key FROM overlay_draft WHERE draft_key = ?1")?
        .query_row([draft.edit.key_text()], |row| {
            row.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten()
    {
        conn.prepare_cached("DELETE FROM outbox WHERE key = ?1")?
            .execute([outbox])?;
    }
    let mut draft = draft.clone();
    draft.state = DraftState::Editing;
    write(conn, organization, &draft, None)
}

/// Marks a draft waiting and puts its request in the outbox.
fn publish_in(tx: &Connection, draft_key: &str) -> Result<(), StoreError> {
    let Some((organization, mut draft)) = read(tx, draft_key)? else {
        return Err(StoreError::Refused(format!(
            "There is no draft `{draft_key}` on this device."
        )));
    };
    if draft.state == DraftState::Waiting {
        return Ok(());
    }
    let (kind, payload) = match &draft.edit {
        DraftEdit::Entry { key, change } => (
            OutboxKind::OverlayEntry,
            serde_json::to_string(&OverlayPublish {
                key: key.clone(),
                based_on: draft.based_on,
                change: change.clone(),
                note: draft.note.clone(),
                must_read: draft.must_read,
            }),
        ),
        DraftEdit::Facts { facts } => (
            OutboxKind::OverlayFacts,
            serde_json::to_string(&FactsUpdate {
                facts: facts.clone(),
                based_on: draft.based_on,
                note: draft.note.clone(),
            }),
        ),
    };
    let payload =
        payload.map_err(|e| StoreError::Unreadable(format!("cannot encode the draft: {e}")))?;
    let outbox = outbox_key(&organization);
    enqueue(tx, kind, &outbox, &payload)?;
    draft.state = DraftState::Waiting;
    write(tx, &organization, &draft, Some(&outbox))?;
    Ok(())
}

/// The server stored the draft sent as outbox item `outbox`: it is gone from the device
/// (the published change comes back with the next pull).
pub(crate) fn delivered(conn: &Connection, outbox: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM overlay_draft WHERE outbox_key = ?1")?
        .execute([outbox])?;
    Ok(())
}

/// The server did not store the draft sent as `outbox`: it stays, in `state`.
pub(crate) fn not_stored(
    conn: &Connection,
    outbox: &str,
    state: DraftState,
) -> Result<(), StoreError> {
    let row: Option<(String, String, String)> = conn
        .prepare_cached(
            "SELECT draft_key, organization, draft FROM overlay_draft WHERE outbox_key = ?1",
        )?
        .query_row([outbox], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    if let Some((key, organization, json)) = row {
        let mut draft = decode(&key, &json)?;
        draft.state = state;
        write(conn, &organization, &draft, None)?;
    }
    Ok(())
}
