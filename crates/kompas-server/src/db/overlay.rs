//! A hospice's overlay on its region's handbook (issue #13): its facts and its entries,
//! published by its managers as compare-and-swaps, every change kept as a revision.
//!
//! Everything that is not SQL is here: the checks of `kompas_core::overlay`, the
//! compare-and-swap decision ([`decide`]), encoding, the wording of refusals and rows →
//! wire types. The backends (`sqlite/overlay.rs`, `postgres/overlay.rs`) read and write
//! in one transaction and call [`decide`] between the read and the write.

use std::collections::BTreeMap;

use kompas_core::overlay::{
    check_change, check_facts, effective_handbook, handbook_fingerprint, BaseInfo, BaseSection,
};
use kompas_proto::overlay::{
    BaseRevision, EntryKey, FactsUpdate, LocalPolicy, LocalRevision, Overlay, OverlayChange,
    OverlayDelta, OverlayEntry, OverlayPublish, OverlayReceipt, OverlayState, SectionHistory,
    VersionedFacts,
};

use super::{storable, Backend, Db, DbError, MAX_NOTE_CHARS};

/// Why a publish was not stored.
#[derive(Debug, thiserror::Error)]
pub enum OverlayError {
    /// Another manager changed the entry (or the facts) since `based_on`: the app keeps
    /// its draft and offers the merge against `current`.
    #[error("changed meanwhile; now version {current}")]
    Stale { current: i64 },
    /// Well-formed, but not allowed or not possible; the text says what to do.
    #[error("{0}")]
    Unprocessable(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// One write of the overlay, as a backend stores it.
#[derive(Debug, Clone)]
pub(crate) struct OverlayWrite {
    pub organization: String,
    /// [`EntryKey::to_text`], or `None` for the facts.
    pub key_text: Option<String>,
    pub key_json: Option<String>,
    pub section_id: Option<String>,
    pub based_on: i64,
    /// The change (or the facts) as JSON; `None` takes an entry back.
    pub body: Option<String>,
    pub note: String,
    /// Everyone of the hospice must read this change ("Gelezen en begrepen").
    pub must_read: bool,
    pub account_id: i64,
    pub username: String,
    pub published_at: String,
}

/// What a backend should do after reading the current state, in the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Store it as the next version.
    Write,
    /// It already is exactly this (a repeat after a lost answer, or the same change by
    /// two managers): answer with the version it has, write nothing.
    Again(i64),
    /// Someone else changed it since `based_on`.
    Stale(i64),
}

/// What a backend did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Stored as this new version.
    Stored(i64),
    /// Already so at this version.
    Again(i64),
    /// Changed meanwhile; this is the current version.
    Stale(i64),
}

impl Decision {
    /// The outcome, with `write` run (and its new version) only for [`Decision::Write`].
    pub(crate) fn run<E>(self, write: impl FnOnce() -> Result<i64, E>) -> Result<Outcome, E> {
        Ok(match self {
            Decision::Write => Outcome::Stored(write()?),
            Decision::Again(version) => Outcome::Again(version),
            Decision::Stale(version) => Outcome::Stale(version),
        })
    }
}

/// The compare-and-swap: `current` is the stored (version, body), if any. An entry taken
/// back is empty: a new one over it may start from 0 (a device forgets taken-back entries),
/// nothing typed by another manager is lost by that.
///
/// Only the body counts, as with the note: the same change sent again with another
/// must-read mark is a repeat ([`Decision::Again`]), not a new version. A mark belongs to
/// the version it was published with; a device retrying after a lost answer must not make
/// a second must-read change that everyone acknowledges twice, and a mark added to text
/// everyone has read would ask them to read it again for nothing. To ask again, publish the
/// text changed.
pub(crate) fn decide(current: Option<(i64, Option<String>)>, write: &OverlayWrite) -> Decision {
    let (version, stored) = current.unwrap_or((0, None));
    if stored == write.body {
        Decision::Again(version)
    } else if version == write.based_on || (stored.is_none() && write.based_on == 0) {
        Decision::Write
    } else {
        Decision::Stale(version)
    }
}

/// The stored overlay of one hospice, as a backend reads it.
#[derive(Debug, Default)]
pub(crate) struct OverlayRows {
    /// (facts JSON, version).
    pub facts: Option<(String, i64)>,
    /// (change JSON, version, note, must read), oldest first; taken-back entries not
    /// included.
    pub entries: Vec<(String, i64, String, bool)>,
    pub head: i64,
}

/// What changed in a hospice's overlay after a version, as a backend reads it.
#[derive(Debug, Default)]
pub(crate) struct OverlayDeltaRows {
    /// (facts JSON, version), when they changed.
    pub facts: Option<(String, i64)>,
    /// Oldest first.
    pub entries: Vec<DeltaEntryRow>,
    pub head: i64,
}

/// An entry that changed, as a backend reads it.
#[derive(Debug)]
pub(crate) struct DeltaEntryRow {
    pub key_json: String,
    /// `None` when taken back.
    pub change_json: Option<String>,
    pub version: i64,
    pub note: String,
    pub must_read: bool,
}

/// A revision of the hospice's, as stored.
#[derive(Debug)]
pub(crate) struct LocalRevisionRow {
    pub version: i64,
    pub key_json: String,
    pub change_json: Option<String>,
    pub note: String,
    pub by: String,
    pub published_at: String,
    pub must_read: bool,
}

/// A revision of the region's, as stored.
#[derive(Debug)]
pub(crate) struct BaseRevisionRow {
    pub revision: i64,
    pub title: String,
    pub body: String,
    pub removed: bool,
    pub published_at: String,
    pub change_note: String,
    pub must_read: bool,
}

impl Db {
    /// The hospice's overlay as published.
    pub async fn overlay(&self, organization: &str) -> Result<OverlayState, DbError> {
        let rows = match &self.backend {
            Backend::Sqlite(db) => {
                let organization = organization.to_owned();
                db.read_blocking(move |c| super::sqlite::overlay::overlay_rows(c, &organization))
                    .await?
            }
            Backend::Postgres(db) => db.overlay_rows(organization).await?,
        };
        let unreadable = |what: &str| {
            DbError::Internal(format!("stored {what} of `{organization}` is unreadable"))
        };
        let (facts, facts_version) = match rows.facts {
            Some((json, version)) => (
                serde_json::from_str::<BTreeMap<String, String>>(&json)
                    .map_err(|_| unreadable("facts"))?,
                version,
            ),
            None => (BTreeMap::new(), 0),
        };
        let entries = rows
            .entries
            .into_iter()
            .map(|(json, version, note, must_read)| {
                Ok(OverlayEntry {
                    change: serde_json::from_str(&json).map_err(|_| unreadable("overlay entry"))?,
                    version,
                    note,
                    must_read,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        Ok(OverlayState {
            facts,
            facts_version,
            entries,
            version: rows.head,
        })
    }

    /// What changed in the hospice's overlay after version `after`: the part of a page of
    /// changes that makes a device's handbook the hospice's own.
    pub async fn overlay_delta(
        &self,
        organization: &str,
        after: i64,
    ) -> Result<OverlayDelta, DbError> {
        if !storable(organization) {
            return Ok(OverlayDelta::default());
        }
        let rows = match &self.backend {
            Backend::Sqlite(db) => {
                let organization = organization.to_owned();
                db.read_blocking(move |c| {
                    super::sqlite::overlay::delta_rows(c, &organization, after)
                })
                .await?
            }
            Backend::Postgres(db) => db.overlay_delta_rows(organization, after).await?,
        };
        let unreadable = |what: &str| {
            DbError::Internal(format!("stored {what} of `{organization}` is unreadable"))
        };
        let facts = rows
            .facts
            .map(|(json, version)| {
                Ok::<_, DbError>(VersionedFacts {
                    values: serde_json::from_str(&json).map_err(|_| unreadable("facts"))?,
                    version,
                })
            })
            .transpose()?;
        let mut delta = OverlayDelta {
            version: rows.head.max(after),
            entries: Vec::new(),
            taken_back: Vec::new(),
            facts,
        };
        for row in rows.entries {
            match row.change_json {
                Some(json) => delta.entries.push(OverlayEntry {
                    change: serde_json::from_str(&json).map_err(|_| unreadable("overlay entry"))?,
                    version: row.version,
                    note: row.note,
                    must_read: row.must_read,
                }),
                None => delta.taken_back.push(
                    serde_json::from_str(&row.key_json)
                        .map_err(|_| unreadable("overlay entry key"))?,
                ),
            }
        }
        Ok(delta)
    }

    /// The fingerprint of the handbook a hospice's devices show (`region` is its region):
    /// the region's sections composed with the hospice's overlay, as the server has them.
    /// A device that pulled everything has the same (`Store::shown_handbook_fingerprint`).
    pub async fn handbook_fingerprint(
        &self,
        organization: &str,
        region: &str,
    ) -> Result<String, DbError> {
        let mut base = Vec::new();
        let mut after = 0;
        loop {
            let rows = self
                .changes(region, after, kompas_proto::sync::MAX_PAGE_SIZE)
                .await?;
            for wire in &rows.sections {
                base.push(BaseSection::from_wire(wire).map_err(DbError::Internal)?);
            }
            after = rows.last_seq;
            if !rows.more {
                break;
            }
        }
        let state = self.overlay(organization).await?;
        let overlay = Overlay {
            facts: state.facts,
            entries: state.entries,
        };
        Ok(handbook_fingerprint(
            &effective_handbook(&base, &overlay),
            &overlay.facts,
        ))
    }

    /// The region's current revision and `lokaal:` of a section that is not removed.
    pub async fn base_info(
        &self,
        region: &str,
        section: &str,
    ) -> Result<Option<BaseInfo>, DbError> {
        if !storable(section) {
            return Ok(None);
        }
        let row = match &self.backend {
            Backend::Sqlite(db) => {
                db.read(|c| super::sqlite::overlay::base_info(c, region, section))?
            }
            Backend::Postgres(db) => db.base_info(region, section).await?,
        };
        row.map(|(revision, policy)| {
            let local_policy = LocalPolicy::from_word(&policy).ok_or_else(|| {
                DbError::Internal(format!(
                    "stored `lokaal` of section `{section}` is unreadable"
                ))
            })?;
            Ok(BaseInfo {
                revision,
                local_policy,
            })
        })
        .transpose()
    }

    /// Publishes one entry of `organization`'s overlay (in `region`), by a manager.
    pub async fn publish_overlay(
        &self,
        organization: &str,
        region: &str,
        account_id: i64,
        username: &str,
        request: &OverlayPublish,
    ) -> Result<OverlayReceipt, OverlayError> {
        let note = checked_note(&request.note)?;
        if let Some(change) = &request.change {
            if change.key() != request.key {
                return Err(OverlayError::Unprocessable(
                    "`key` is not the key of `change`: send the key of the entry being changed \
                     (a replacement and a hiding of one section share a key)."
                        .to_owned(),
                ));
            }
            // The base sections the change names, read before the write: a publish by the
            // region in between is caught by the next sync's entry states.
            let mut infos: BTreeMap<String, Option<BaseInfo>> = BTreeMap::new();
            let ids = [change.base_section(), own_id(change)];
            for id in ids.into_iter().flatten() {
                infos.insert(id.to_owned(), self.base_info(region, id).await?);
            }
            check_change(change, |id| infos.get(id).copied().flatten()).map_err(|refusal| {
                OverlayError::Unprocessable(capitalised(&refusal.to_string()))
            })?;
        }
        let body = request.change.as_ref().map(to_json).transpose()?;
        if body.as_deref().is_some_and(|b| !storable(b)) {
            return Err(OverlayError::Unprocessable(
                "The text cannot contain a NUL character.".to_owned(),
            ));
        }
        let write = OverlayWrite {
            organization: organization.to_owned(),
            key_text: Some(request.key.to_text()),
            key_json: Some(to_json(&request.key)?),
            section_id: Some(request.key.section().to_owned()),
            based_on: request.based_on,
            body,
            note,
            // A take-back shows the region's text again: there is no text of the
            // hospice's to read, and devices learn of must-read changes from the entries
            // in force, so it is never one.
            must_read: request.must_read && request.change.is_some(),
            account_id,
            username: username.to_owned(),
            published_at: super::now_rfc3339(),
        };
        self.write_overlay(write).await
    }

    /// Replaces all of a hospice's facts, by a manager.
    pub async fn update_facts(
        &self,
        organization: &str,
        account_id: i64,
        username: &str,
        request: &FactsUpdate,
    ) -> Result<OverlayReceipt, OverlayError> {
        let note = checked_note(&request.note)?;
        check_facts(&request.facts)
            .map_err(|refusal| OverlayError::Unprocessable(capitalised(&refusal.to_string())))?;
        // Blank values are not facts: stored without them, so "filled in" has one meaning.
        let facts: BTreeMap<&String, &str> = request
            .facts
            .iter()
            .map(|(key, value)| (key, value.trim()))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let write = OverlayWrite {
            organization: organization.to_owned(),
            key_text: None,
            key_json: None,
            section_id: None,
            based_on: request.based_on,
            body: Some(
                serde_json::to_string(&facts)
                    .map_err(|e| DbError::Internal(format!("cannot encode facts: {e}")))?,
            ),
            note,
            must_read: false,
            account_id,
            username: username.to_owned(),
            published_at: super::now_rfc3339(),
        };
        self.write_overlay(write).await
    }

    async fn write_overlay(&self, write: OverlayWrite) -> Result<OverlayReceipt, OverlayError> {
        if write.based_on < 0 {
            return Err(OverlayError::Unprocessable(
                "`based_on` is the version the change started from: 0 for a new entry or facts \
                 never filled in, else the version the overlay shows."
                    .to_owned(),
            ));
        }
        let outcome = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::overlay::write(c, &write))
                    .await?
            }
            Backend::Postgres(db) => db.write_overlay(&write).await?,
        };
        // After the commit, as a publish does: the next pull of the hospice's devices
        // sees the new overlay head at once.
        if matches!(outcome, Outcome::Stored(_)) {
            self.access.clear();
        }
        match outcome {
            Outcome::Stored(version) | Outcome::Again(version) => Ok(OverlayReceipt { version }),
            Outcome::Stale(current) => Err(OverlayError::Stale { current }),
        }
    }

    /// Every revision of a section in `organization`'s handbook: the region's and the
    /// hospice's, oldest first.
    pub async fn section_history(
        &self,
        organization: &str,
        region: &str,
        section: &str,
    ) -> Result<SectionHistory, DbError> {
        let (base, local) = if storable(section) {
            match &self.backend {
                Backend::Sqlite(db) => {
                    let (organization, region, section) = (
                        organization.to_owned(),
                        region.to_owned(),
                        section.to_owned(),
                    );
                    db.read_blocking(move |c| {
                        super::sqlite::overlay::history(c, &organization, &region, &section)
                    })
                    .await?
                }
                Backend::Postgres(db) => db.overlay_history(organization, region, section).await?,
            }
        } else {
            (Vec::new(), Vec::new())
        };
        if base.is_empty() && local.is_empty() {
            return Err(DbError::NotFound(format!(
                "section `{section}` in the handbook of `{organization}`"
            )));
        }
        let unreadable =
            |what: &str| DbError::Internal(format!("stored {what} of `{section}` is unreadable"));
        let local = local
            .into_iter()
            .map(|row| {
                Ok(LocalRevision {
                    version: row.version,
                    key: serde_json::from_str::<EntryKey>(&row.key_json)
                        .map_err(|_| unreadable("key"))?,
                    change: row
                        .change_json
                        .map(|json| serde_json::from_str::<OverlayChange>(&json))
                        .transpose()
                        .map_err(|_| unreadable("change"))?,
                    note: row.note,
                    by: row.by,
                    published_at: row.published_at,
                    must_read: row.must_read,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        Ok(SectionHistory {
            section: section.to_owned(),
            base: base
                .into_iter()
                .map(|row| BaseRevision {
                    revision: row.revision,
                    title: row.title,
                    body: row.body,
                    removed: row.removed,
                    published_at: row.published_at,
                    change_note: row.change_note,
                    must_read: row.must_read,
                })
                .collect(),
            local,
        })
    }
}

fn own_id(change: &OverlayChange) -> Option<&str> {
    match change {
        OverlayChange::Own { id, .. } => Some(id),
        _ => None,
    }
}

fn checked_note(note: &str) -> Result<String, OverlayError> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS || !storable(note) {
        return Err(OverlayError::Unprocessable(format!(
            "The note says in a sentence what changed: at most {MAX_NOTE_CHARS} characters, \
             no NUL character."
        )));
    }
    Ok(note.to_owned())
}

/// The core's messages start in lowercase (they follow a file and line in `kompas check`);
/// a problem's detail is a sentence.
fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).chain(['.']).collect(),
        None => String::new(),
    }
}

/// JSON of a wire type; a failure is the server's own.
fn to_json<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value)
        .map_err(|e| DbError::Internal(format!("cannot encode an overlay change: {e}")))
}

#[cfg(test)]
mod tests;
