//! Gelezen en begrepen on the device (issue #13 §4): the must-read changes this device
//! learnt with the pages of changes (`must_read`, written in the page's transaction with
//! the device's revisions of the section before and after), the hospice's list of names
//! (`reader`) and the acknowledgements (`acknowledgement`: made here and sent through the
//! outbox, or pulled from the server). The person reading on a shared device is chosen
//! by name, without a password: a record, not a proof.

use std::collections::{HashMap, HashSet};

use kompas_core::merge::word_diff;
use kompas_core::overlay::BaseSection;
use kompas_proto::overlay::{OverlayDelta, WordChange};
use kompas_proto::reading::{
    AcknowledgementRequest, MustReadFrom, MustReadHome, MustReadId, MustReadItem, Reader,
    ReaderUpdate, ReadersPage, SectionMustRead, MAX_READER_NAME_CHARS,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::outbox::{enqueue, OutboxKind};
use crate::{now_rfc3339, Store, StoreError};

/// The setting that remembers who reads on this device.
const READER_SETTING: &str = "reading.reader";

/// The section revisions the device had before a page was applied: id → revision.
pub(crate) type RevisionsBefore = HashMap<String, i64>;

/// Records the must-read changes a page brought, after its sections were written (in the
/// page's transaction). A change already known is left as it was.
pub(crate) fn record_must_read(
    conn: &Connection,
    sections: &[BaseSection],
    overlay: Option<&OverlayDelta>,
    before: &RevisionsBefore,
) -> Result<(), StoreError> {
    // The newest revision the region marked, which a device that was offline while the
    // region published again may not have seen as the current one; from an older server,
    // the current revision's own mark.
    let mut marked: Vec<(MustReadId, String, &str)> = sections
        .iter()
        .filter_map(|base| {
            let (revision, note) = match &base.must_read {
                Some((revision, note)) => (*revision, note.as_str()),
                None if base.section.must_read => {
                    (base.revision, base.section.change_note.as_str())
                }
                None => return None,
            };
            Some((
                MustReadId::Region {
                    section: base.section.id.clone(),
                    revision,
                },
                base.section.id.clone(),
                note,
            ))
        })
        .collect();
    if let Some(delta) = overlay {
        marked.extend(delta.entries.iter().filter(|e| e.must_read).map(|entry| {
            (
                MustReadId::Hospice {
                    version: entry.version,
                },
                entry.change.key().section().to_owned(),
                entry.note.as_str(),
            )
        }));
    }
    if marked.is_empty() {
        return Ok(());
    }
    // The section as shown: a region's change to a section the hospice replaced changes
    // nothing volunteers read (the manager sees it under "Wijzigingen van de regio").
    let mut revision =
        conn.prepare_cached("SELECT revision, tailoring FROM section WHERE id = ?1")?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO must_read
             (change_id, section_id, note, before_revision, after_revision, arrived_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let now = now_rfc3339();
    for (id, section, note) in marked {
        // Hidden by the hospice, or not shown for another reason: nothing to read.
        let Some((after, tailoring)): Option<(i64, String)> = revision
            .query_row([&section], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
        else {
            continue;
        };
        let replaced = matches!(
            kompas_proto::SectionSource::from_word(&tailoring),
            kompas_proto::SectionSource::Replaced
                | kompas_proto::SectionSource::ReplacedRegionChanged
        );
        if replaced && matches!(id, MustReadId::Region { .. }) {
            continue;
        }
        let before = before.get(&section).copied().filter(|b| *b != after);
        insert.execute(params![id.to_text(), section, note, before, after, now])?;
    }
    Ok(())
}

/// Applies the hospice's list of names and the acknowledgements pulled from the server.
/// A name with a change of this device still in the outbox keeps the device's version.
pub(crate) fn apply_readers(
    conn: &Connection,
    organization: &str,
    page: &ReadersPage,
) -> Result<(), StoreError> {
    let mut pending = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'reader' AND key LIKE ?1)",
    )?;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO reader (id, name, active) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active",
    )?;
    for reader in &page.readers {
        let pattern = format!("reader/{organization}/{}/%", reader.id);
        if pending.query_row([pattern], |row| row.get::<_, bool>(0))? {
            continue;
        }
        upsert.execute(params![reader.id, reader.name, reader.active])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO acknowledgement (id, reader, change_id, acknowledged_at, sent)
         VALUES (?1, ?2, ?3, ?4, 1)",
    )?;
    for ack in &page.acknowledgements {
        insert.execute(params![ack.id, ack.reader, ack.change, ack.acknowledged_at])?;
    }
    conn.execute(
        "UPDATE sync_state SET readers_after = max(readers_after, ?1) WHERE id = 1",
        [page.last],
    )?;
    Ok(())
}

/// Forgets the hospice's must-read changes, names and the acknowledgements the server has
/// (another hospice or server is followed from now on, or the server lost the cursor and
/// everything comes anew). What was acknowledged here and not sent yet stays, as its
/// outbox item does.
pub(crate) fn forget(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM must_read; DELETE FROM reader; DELETE FROM acknowledgement WHERE sent <> 0;
         UPDATE sync_state SET readers_after = 0 WHERE id = 1;",
    )?;
    conn.execute("DELETE FROM setting WHERE key = ?1", [READER_SETTING])?;
    Ok(())
}

fn item_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MustReadItem> {
    let change: String = row.get(0)?;
    let from = match MustReadId::parse(&change) {
        Some(MustReadId::Hospice { .. }) => MustReadFrom::Hospice,
        _ => MustReadFrom::Region,
    };
    Ok(MustReadItem {
        change,
        section_id: row.get(1)?,
        section_title: row.get(2)?,
        from,
        note: row.get(3)?,
        arrived_at: row.get(4)?,
    })
}

/// The must-read changes of sections this device shows, newest first; of one section
/// when `section` names it.
pub(crate) fn items(
    conn: &Connection,
    section: Option<&str>,
) -> Result<Vec<MustReadItem>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT m.change_id, m.section_id, s.title, m.note, m.arrived_at
         FROM must_read m JOIN section s ON s.id = m.section_id
         WHERE ?1 IS NULL OR m.section_id = ?1
         ORDER BY m.arrived_at DESC, m.change_id DESC",
    )?;
    let rows = statement.query_map([section], item_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The changes `reader` acknowledged, with the earliest time of each.
pub(crate) fn acknowledged_by(
    conn: &Connection,
    reader: &str,
) -> Result<HashMap<String, String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT change_id, min(acknowledged_at) FROM acknowledgement WHERE reader = ?1
         GROUP BY change_id",
    )?;
    let rows = statement.query_map([reader], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The hospice's list: active names only unless `all`, by name.
pub(crate) fn readers(conn: &Connection, all: bool) -> Result<Vec<Reader>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, active FROM reader WHERE ?1 OR active
         ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = statement.query_map([all], |row| {
        Ok(Reader {
            id: row.get(0)?,
            name: row.get(1)?,
            active: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn current_reader(conn: &Connection) -> Result<Option<Reader>, StoreError> {
    let id: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [READER_SETTING],
            |row| row.get(0),
        )
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    // A name taken off the list (here or on another device) is nobody chosen.
    Ok(readers(conn, false)?.into_iter().find(|r| r.id == id))
}

/// Open for the person whose acknowledgements are `done`: all not acknowledged.
fn open_for(items: Vec<MustReadItem>, done: &HashMap<String, String>) -> Vec<MustReadItem> {
    items
        .into_iter()
        .filter(|item| !done.contains_key(&item.change))
        .collect()
}

/// What `reader` acknowledged; nothing when nobody is chosen.
fn done_by(
    conn: &Connection,
    reader: Option<&Reader>,
) -> Result<HashMap<String, String>, StoreError> {
    match reader {
        Some(reader) => acknowledged_by(conn, &reader.id),
        None => Ok(HashMap::new()),
    }
}

/// A section revision's text on this device.
fn revision_body(
    conn: &Connection,
    section: &str,
    revision: i64,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT body FROM section_revision WHERE section_id = ?1 AND revision = ?2",
        )?
        .query_row(params![section, revision], |row| row.get(0))
        .optional()?)
}

/// Home's part: what the person reading on this device still has to read.
pub(crate) fn home(conn: &Connection) -> Result<MustReadHome, StoreError> {
    let reader = current_reader(conn)?;
    let done = done_by(conn, reader.as_ref())?;
    let mut open = open_for(items(conn, None)?, &done);
    open.reverse(); // oldest first: read in the order they came
    Ok(MustReadHome {
        has_readers: !readers(conn, false)?.is_empty(),
        reader,
        open,
    })
}

/// A section's part: its must-read changes still open for the person reading, and what
/// changed since the version they acknowledged; `None` when it has none at all.
pub(crate) fn section(conn: &Connection, id: &str) -> Result<Option<SectionMustRead>, StoreError> {
    let all = items(conn, Some(id))?;
    if all.is_empty() {
        return Ok(None);
    }
    let reader = current_reader(conn)?;
    let done = done_by(conn, reader.as_ref())?;
    let acknowledged_at = all
        .iter()
        .filter_map(|item| done.get(&item.change))
        .max()
        .cloned();
    let mut open = open_for(all, &done);
    open.reverse();
    let changes = if open.is_empty() {
        Vec::new()
    } else {
        changes_since(conn, id, &open, &done)?
    };
    Ok(Some(SectionMustRead {
        open,
        changes,
        reader,
        readers: readers(conn, false)?,
        acknowledged_at,
    }))
}

/// The word differences between the version of section `id` the reader acknowledged last
/// (else the one before the oldest open change) and the current one.
fn changes_since(
    conn: &Connection,
    id: &str,
    open: &[MustReadItem],
    done: &HashMap<String, String>,
) -> Result<Vec<WordChange>, StoreError> {
    let mut revisions = conn.prepare_cached(
        "SELECT change_id, before_revision, after_revision FROM must_read WHERE section_id = ?1",
    )?;
    let rows: Vec<(String, Option<i64>, i64)> = revisions
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let open_ids: HashSet<&str> = open.iter().map(|item| item.change.as_str()).collect();
    let acknowledged_version = rows
        .iter()
        .filter(|(change, _, _)| done.contains_key(change))
        .map(|(_, _, after)| *after)
        .max();
    let from = acknowledged_version.or_else(|| {
        rows.iter()
            .filter(|(change, _, _)| open_ids.contains(change.as_str()))
            .filter_map(|(_, before, _)| *before)
            .min()
    });
    let current: Option<i64> = conn
        .query_row("SELECT revision FROM section WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .optional()?;
    let (Some(from), Some(current)) = (from, current) else {
        return Ok(Vec::new());
    };
    if from >= current {
        return Ok(Vec::new());
    }
    match (
        revision_body(conn, id, from)?,
        revision_body(conn, id, current)?,
    ) {
        (Some(old), Some(new)) => {
            // Compared as a volunteer reads it: the text without markdown's marks, the
            // hospice's facts filled in.
            let (overlay, _) = crate::overlay::overlay(conn)?;
            let readable = |markdown: &str| {
                kompas_markdown::render_with_facts(
                    markdown,
                    &kompas_markdown::NoFiles,
                    &overlay.facts,
                )
                .plain_text
            };
            Ok(word_diff(&readable(&old), &readable(&new)))
        }
        _ => Ok(Vec::new()),
    }
}

/// A name for the list: trimmed, not empty, not too long, no control characters.
fn checked_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_READER_NAME_CHARS {
        return Err(StoreError::Refused(format!(
            "A name on the list has 1 to {MAX_READER_NAME_CHARS} characters."
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Refused(
            "A name cannot hold line breaks or tabs.".to_owned(),
        ));
    }
    Ok(name.to_owned())
}

impl Store {
    /// Who reads on this device (chosen by name), if anyone chose.
    pub fn current_reader(&self) -> Result<Option<Reader>, StoreError> {
        current_reader(&self.conn)
    }

    /// The hospice's list of names; taken-off names too when `all`.
    pub fn readers(&self, all: bool) -> Result<Vec<Reader>, StoreError> {
        readers(&self.conn, all)
    }

    /// Acknowledgements made here that wait for the network.
    pub fn acknowledgements_waiting(&self) -> Result<u32, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM acknowledgement WHERE sent = 0",
            [],
            |row| row.get(0),
        )?)
    }

    /// The home screen's "Gelezen en begrepen".
    pub fn must_read_home(&self) -> Result<MustReadHome, StoreError> {
        home(&self.conn)
    }

    /// Chooses who reads on this device (`None`: nobody). The name must be on the list.
    pub fn choose_reader(&mut self, id: Option<&str>) -> Result<(), StoreError> {
        match id {
            None => {
                self.conn
                    .execute("DELETE FROM setting WHERE key = ?1", [READER_SETTING])?;
            }
            Some(id) => {
                if !readers(&self.conn, false)?.iter().any(|r| r.id == id) {
                    return Err(StoreError::Refused(
                        "That name is not on the hospice's list (any more); choose another, \
                         or ask the manager to add it."
                            .to_owned(),
                    ));
                }
                self.conn.execute(
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [READER_SETTING, id],
                )?;
            }
        }
        Ok(())
    }

    /// `reader` tapped "Gelezen en begrepen" on section `section` of `organization`'s
    /// handbook, which showed the changes `shown`: each of them still open for them is
    /// acknowledged (not one a sync brought after the screen was drawn), in one
    /// transaction with its outbox items; the reader becomes the one reading here.
    /// Returns how many changes were acknowledged.
    pub fn acknowledge(
        &mut self,
        organization: &str,
        section: &str,
        reader: &str,
        shown: &[String],
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let Some(chosen) = readers(&tx, false)?.into_iter().find(|r| r.id == reader) else {
            return Err(StoreError::Refused(
                "That name is not on the hospice's list (any more); choose another, or ask \
                 the manager to add it."
                    .to_owned(),
            ));
        };
        let done = acknowledged_by(&tx, &chosen.id)?;
        let open: Vec<MustReadItem> = open_for(items(&tx, Some(section))?, &done)
            .into_iter()
            .filter(|item| shown.contains(&item.change))
            .collect();
        let now = now_rfc3339();
        for item in &open {
            let id = uuid::Uuid::now_v7().hyphenated().to_string();
            let request = AcknowledgementRequest {
                reader: reader.to_owned(),
                change: item.change.clone(),
                acknowledged_at: now.clone(),
            };
            let payload = serde_json::to_string(&request).map_err(|e| {
                StoreError::Unreadable(format!("cannot encode an acknowledgement: {e}"))
            })?;
            tx.execute(
                "INSERT INTO acknowledgement (id, reader, change_id, acknowledged_at, sent)
                 VALUES (?1, ?2, ?3, ?4, 0)",
                params![id, reader, item.change, now],
            )?;
            enqueue(
                &tx,
                OutboxKind::Acknowledgement,
                &format!("ack/{organization}/{id}"),
                &payload,
            )?;
        }
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [READER_SETTING, reader],
        )?;
        tx.commit()?;
        Ok(open.len())
    }

    /// A manager adds a name to `organization`'s list (`id: None`), corrects one or takes
    /// it off; shown here at once and sent through the outbox.
    pub fn save_reader(
        &mut self,
        organization: &str,
        id: Option<&str>,
        name: &str,
        active: bool,
    ) -> Result<Reader, StoreError> {
        let name = checked_name(name)?;
        let id = match id {
            Some(id) => uuid::Uuid::parse_str(id)
                .map_err(|_| StoreError::Refused(format!("`{id}` is not a name's id")))?
                .hyphenated()
                .to_string(),
            None => uuid::Uuid::now_v7().hyphenated().to_string(),
        };
        let payload = serde_json::to_string(&ReaderUpdate {
            name: name.clone(),
            active,
        })
        .map_err(|e| StoreError::Unreadable(format!("cannot encode a name: {e}")))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO reader (id, name, active) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active",
            params![id, name, active],
        )?;
        let nonce = uuid::Uuid::now_v7().hyphenated();
        enqueue(
            &tx,
            OutboxKind::Reader,
            &format!("reader/{organization}/{id}/{nonce}"),
            &payload,
        )?;
        if !active {
            tx.execute(
                "DELETE FROM setting WHERE key = ?1 AND value = ?2",
                [READER_SETTING, id.as_str()],
            )?;
        }
        tx.commit()?;
        Ok(Reader { id, name, active })
    }

    /// Applies a page of the hospice's list and acknowledgements from the server.
    pub fn apply_readers(
        &mut self,
        organization: &str,
        page: &ReadersPage,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        apply_readers(&tx, organization, page)?;
        tx.commit()?;
        Ok(())
    }

    /// Where the next pull of acknowledgements starts.
    pub fn readers_after(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT readers_after FROM sync_state WHERE id = 1",
            [],
            |row| row.get(0),
        )?)
    }
}

/// The server stored the acknowledgement sent as outbox item `key` (`ack/<org>/<uuid>`).
pub(crate) fn delivered(conn: &Connection, key: &str) -> Result<(), StoreError> {
    mark_sent(conn, key, 1)
}

/// The server refused the acknowledgement sent as `key` for a reason a retry cannot
/// change: kept here (it still counts on this device), no longer waiting.
pub(crate) fn refused(conn: &Connection, key: &str) -> Result<(), StoreError> {
    mark_sent(conn, key, 2)
}

/// Records where the acknowledgement of outbox key `ack/<org>/<uuid>` stands (`sent`:
/// 1 on the server, 2 refused by it).
fn mark_sent(conn: &Connection, key: &str, sent: i64) -> Result<(), StoreError> {
    if let Some(id) = key.rsplit('/').next() {
        conn.execute(
            "UPDATE acknowledgement SET sent = ?2 WHERE id = ?1",
            params![id, sent],
        )?;
    }
    Ok(())
}

/// The outbox key's parts: the hospice, and the path's id (`ack/<org>/<uuid>` → uuid,
/// `reader/<org>/<id>/<nonce>` → id).
pub fn reading_outbox_target(key: &str) -> Option<(&str, &str)> {
    if let Some(rest) = key.strip_prefix("ack/") {
        rest.split_once('/')
    } else {
        let rest = key.strip_prefix("reader/")?;
        let (organization, rest) = rest.split_once('/')?;
        let (id, _) = rest.split_once('/')?;
        Some((organization, id))
    }
}
