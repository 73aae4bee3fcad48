//! Gelezen en begrepen (issue #13 §4) on the server: a hospice's list of readers, kept by
//! its managers, and the acknowledgements its devices send when a person from that list
//! taps "Gelezen en begrepen" under a must-read change. The SQL is in `sqlite/reading.rs`
//! and `postgres/reading.rs`; the checks, the wording of refusals, what an acknowledgement
//! sent again is ([`decide_acknowledgement`]) and rows → wire types are here, once.
//!
//! An acknowledgement is stored once per UUID, as a submission is: the same content again
//! is answered with what is stored; other content under that UUID, or a UUID another
//! hospice used, is a conflict that tells nothing of what is stored. Each hospice numbers
//! its acknowledgements in the order they were stored (`seq`), in the transaction that
//! stores them, so a device that asks "after N" never skips one committed later with a
//! lower number.

use kompas_proto::reading::{
    Acknowledgement, AcknowledgementRequest, MustReadId, Reader, ReaderUpdate, ReadersPage,
    MAX_READER_NAME_CHARS,
};

use super::{canonical_uuid, now_rfc3339, storable, Backend, Db, DbError};

/// The most acknowledgements one answer of `GET …/readers?after=N` carries. A device
/// asks again with `after=last` while an answer brings any, so a hospice's first pull of
/// years of acknowledgements comes in several answers of bounded size.
pub const MAX_ACKNOWLEDGEMENTS_PER_PAGE: usize = 5000;

/// Why a change of the list or an acknowledgement was not stored.
#[derive(Debug, thiserror::Error)]
pub enum ReadingError {
    /// The UUID is stored with other content (or by another hospice).
    #[error("{0}")]
    Conflict(String),
    /// Well-formed, but not acceptable; the text says what to do.
    #[error("{0}")]
    Unprocessable(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// A hospice's list and its acknowledgements after a number, as a backend reads them in
/// one transaction.
#[derive(Debug, Default)]
pub(crate) struct ReadersRows {
    pub readers: Vec<Reader>,
    /// In `seq` order, at most the limit asked for.
    pub acknowledgements: Vec<AcknowledgementRow>,
}

/// A stored acknowledgement with its number in the hospice's order.
#[derive(Debug, Clone)]
pub(crate) struct AcknowledgementRow {
    pub seq: i64,
    pub acknowledgement: Acknowledgement,
}

/// A name added, corrected or taken off the list, as a backend writes it.
#[derive(Debug, Clone)]
pub(crate) struct ReaderWrite {
    pub organization: String,
    pub reader: Reader,
    pub account_id: i64,
    pub updated_at: String,
}

/// An acknowledgement checked, as a backend stores it.
#[derive(Debug, Clone)]
pub(crate) struct NewAcknowledgement {
    pub organization: String,
    pub acknowledgement: Acknowledgement,
    pub account_id: i64,
    pub received_at: String,
}

/// What is stored under an acknowledgement's UUID: the hospice and the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredAcknowledgement {
    pub organization: String,
    pub reader: String,
    pub change: String,
    pub acknowledged_at: String,
}

/// What a backend does with an acknowledgement, decided after reading in its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AckDecision {
    /// Store it, with the hospice's next number.
    Write,
    /// Stored before with exactly this content (a retry after a lost answer).
    Again,
    /// The UUID is taken, by other content or another hospice.
    Conflict,
}

/// The decision on an acknowledgement: `stored` is what its UUID has, if anything. The
/// person need not be on the hospice's list: a name added on another device may not have
/// reached the server yet, and a record of reading is kept, not judged (the overview
/// counts only names on the list).
pub(crate) fn decide_acknowledgement(
    new: &NewAcknowledgement,
    stored: Option<&StoredAcknowledgement>,
) -> AckDecision {
    let ack = &new.acknowledgement;
    match stored {
        Some(stored)
            if stored.organization == new.organization
                && stored.reader == ack.reader
                && stored.change == ack.change
                && stored.acknowledged_at == ack.acknowledged_at =>
        {
            AckDecision::Again
        }
        Some(_) => AckDecision::Conflict,
        None => AckDecision::Write,
    }
}

/// The answer to `GET …/readers?after=N` from the rows a backend read: the list by name
/// as a person reads it (case does not count; by id among equal names, so the order is
/// total and the same on both storages), and `last` the number of the last
/// acknowledgement in it, or `after` when there is none.
pub(crate) fn readers_page(rows: ReadersRows, after: i64) -> ReadersPage {
    let mut readers = rows.readers;
    readers.sort_by_cached_key(|reader| (reader.name.to_lowercase(), reader.id.clone()));
    let last = rows
        .acknowledgements
        .last()
        .map_or(after, |row| row.seq.max(after));
    ReadersPage {
        readers,
        acknowledgements: rows
            .acknowledgements
            .into_iter()
            .map(|row| row.acknowledgement)
            .collect(),
        last,
    }
}

/// A name as the list keeps it: trimmed, 1 to [`MAX_READER_NAME_CHARS`] characters, no
/// control characters (a line break in a name would break every list that shows it).
pub(crate) fn checked_name(name: &str) -> Result<String, ReadingError> {
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 || length > MAX_READER_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ReadingError::Unprocessable(format!(
            "A name on the list has 1 to {MAX_READER_NAME_CHARS} characters, without line \
             breaks, tabs or other control characters. Send the name as people know it."
        )));
    }
    Ok(name.to_owned())
}

/// The checks of an acknowledgement's content, in the form it is stored: the change's id
/// and the time each in one canonical text.
fn checked_acknowledgement(
    id: &str,
    request: &AcknowledgementRequest,
) -> Result<Acknowledgement, ReadingError> {
    let unprocessable = |message: String| Err(ReadingError::Unprocessable(message));
    let Some(change) = MustReadId::parse(&request.change) else {
        return unprocessable(format!(
            "`change` is `{}`, which names no must-read change: send `regio:<section>:<revision>` \
             or `hospice:<version>` as the page of changes gave it.",
            request.change.escape_debug()
        ));
    };
    if canonical_uuid(&request.reader).is_none() {
        return unprocessable(format!(
            "`reader` is `{}`, which is not the id of a name on the hospice's list: send the \
             `id` of a reader from GET …/readers (a UUID in lowercase with dashes).",
            request.reader.escape_debug()
        ));
    }
    let Ok(acknowledged_at) = chrono::DateTime::parse_from_rfc3339(&request.acknowledged_at) else {
        return unprocessable(format!(
            "`acknowledged_at` is `{}`, which is not a time like 2026-05-01T14:30:00+02:00 \
             (RFC 3339). Send the device's time of the tap.",
            request.acknowledged_at.escape_debug()
        ));
    };
    Ok(Acknowledgement {
        id: id.to_owned(),
        reader: request.reader.clone(),
        change: change.to_text(),
        // In one spelling (`T`, `Z` for UTC, the device's own offset otherwise), so the
        // same moment sent again is the same content.
        acknowledged_at: acknowledged_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    })
}

impl Db {
    /// A hospice's whole list of readers and its acknowledgements stored after number
    /// `after`, oldest first, at most [`MAX_ACKNOWLEDGEMENTS_PER_PAGE`].
    pub async fn readers(&self, organization: &str, after: i64) -> Result<ReadersPage, DbError> {
        if !storable(organization) {
            return Ok(readers_page(ReadersRows::default(), after));
        }
        let limit = MAX_ACKNOWLEDGEMENTS_PER_PAGE as i64;
        let rows = match &self.backend {
            Backend::Sqlite(db) => {
                let organization = organization.to_owned();
                db.read_blocking(move |c| {
                    super::sqlite::reading::readers(c, &organization, after, limit)
                })
                .await?
            }
            Backend::Postgres(db) => db.readers(organization, after, limit).await?,
        };
        Ok(readers_page(rows, after))
    }

    /// Adds a name to a hospice's list under `id` (a UUID the caller checked), corrects
    /// it, or takes it off the list (`active: false`), by a manager. The last write wins;
    /// two people may share a name, each under their own id.
    pub async fn save_reader(
        &self,
        organization: &str,
        id: &str,
        account_id: i64,
        update: &ReaderUpdate,
    ) -> Result<Reader, ReadingError> {
        let write = ReaderWrite {
            organization: organization.to_owned(),
            reader: Reader {
                id: id.to_owned(),
                name: checked_name(&update.name)?,
                active: update.active,
            },
            account_id,
            updated_at: now_rfc3339(),
        };
        let reader = write.reader.clone();
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::reading::save_reader(c, &write))
                    .await?
            }
            Backend::Postgres(db) => db.save_reader(&write).await?,
        }
        Ok(reader)
    }

    /// Stores an acknowledgement under `id` (a UUID the caller checked) for a hospice,
    /// sent by `account_id`, once: see [`decide_acknowledgement`].
    pub async fn acknowledge(
        &self,
        organization: &str,
        id: &str,
        account_id: i64,
        request: &AcknowledgementRequest,
    ) -> Result<Acknowledgement, ReadingError> {
        let new = NewAcknowledgement {
            organization: organization.to_owned(),
            acknowledgement: checked_acknowledgement(id, request)?,
            account_id,
            received_at: now_rfc3339(),
        };
        let acknowledgement = new.acknowledgement.clone();
        let decision = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::reading::acknowledge(c, &new))
                    .await?
            }
            Backend::Postgres(db) => db.acknowledge(&new).await?,
        };
        match decision {
            AckDecision::Write | AckDecision::Again => Ok(acknowledgement),
            AckDecision::Conflict => Err(ReadingError::Conflict(format!(
                "Acknowledgement {id} is already stored with other content; nothing was \
                 changed. A new acknowledgement needs a new UUID."
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READER: &str = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    const ACK: &str = "0193a1b2-c3d4-7e5f-8a9b-000000000001";

    fn request(reader: &str, change: &str, at: &str) -> AcknowledgementRequest {
        AcknowledgementRequest {
            reader: reader.into(),
            change: change.into(),
            acknowledged_at: at.into(),
        }
    }

    fn new(organization: &str, change: &str) -> NewAcknowledgement {
        NewAcknowledgement {
            organization: organization.into(),
            acknowledgement: checked_acknowledgement(
                ACK,
                &request(READER, change, "2026-05-01T14:30:00+02:00"),
            )
            .expect("valid"),
            account_id: 1,
            received_at: String::new(),
        }
    }

    fn stored(organization: &str, change: &str) -> StoredAcknowledgement {
        StoredAcknowledgement {
            organization: organization.into(),
            reader: READER.into(),
            change: change.into(),
            acknowledged_at: "2026-05-01T14:30:00+02:00".into(),
        }
    }

    #[test]
    fn an_acknowledgement_is_stored_once_per_uuid() {
        let ack = new("de-linde", "regio:bij-brand:3");
        assert_eq!(decide_acknowledgement(&ack, None), AckDecision::Write);
        let same = stored("de-linde", "regio:bij-brand:3");
        assert_eq!(
            decide_acknowledgement(&ack, Some(&same)),
            AckDecision::Again
        );
        let other = stored("de-linde", "regio:bij-brand:4");
        assert_eq!(
            decide_acknowledgement(&ack, Some(&other)),
            AckDecision::Conflict
        );
        let elsewhere = stored("het-anker", "regio:bij-brand:3");
        assert_eq!(
            decide_acknowledgement(&ack, Some(&elsewhere)),
            AckDecision::Conflict
        );
    }

    #[test]
    fn content_is_checked_and_the_change_kept_in_its_canonical_text() {
        let ack = checked_acknowledgement(
            ACK,
            &request(READER, "regio:bij-brand:03", "2026-05-01T12:30:00Z"),
        )
        .expect("valid");
        assert_eq!(ack.change, "regio:bij-brand:3");
        assert_eq!(ack.acknowledged_at, "2026-05-01T12:30:00Z");
        let spelled = |at: &str| {
            checked_acknowledgement(ACK, &request(READER, "hospice:2", at))
                .expect("valid")
                .acknowledged_at
        };
        assert_eq!(spelled("2026-05-01t12:30:00+00:00"), "2026-05-01T12:30:00Z");
        assert_eq!(
            spelled("2026-05-01T14:30:00.250+02:00"),
            "2026-05-01T14:30:00.250+02:00"
        );
        for bad in [
            request(READER, "regio:Bij-Brand:3", "2026-05-01T12:30:00Z"),
            request(READER, "hospice:0", "2026-05-01T12:30:00Z"),
            request("anna", "hospice:2", "2026-05-01T12:30:00Z"),
            request(&READER.to_uppercase(), "hospice:2", "2026-05-01T12:30:00Z"),
            request(READER, "hospice:2", "1 mei 2026"),
            request(READER, "hospice:2", "2026-05-01"),
        ] {
            assert!(
                matches!(
                    checked_acknowledgement(ACK, &bad),
                    Err(ReadingError::Unprocessable(_))
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            checked_name("  Anna de Vries ").expect("valid"),
            "Anna de Vries"
        );
        assert!(checked_name(&"é".repeat(MAX_READER_NAME_CHARS)).is_ok());
        for bad in [
            String::new(),
            "   ".into(),
            "a".repeat(MAX_READER_NAME_CHARS + 1),
            "Anna\nde Vries".into(),
            "Anna\0".into(),
        ] {
            assert!(checked_name(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_page_lists_names_as_people_read_them_and_ends_at_its_last_number() {
        let reader = |id: &str, name: &str| Reader {
            id: id.into(),
            name: name.into(),
            active: true,
        };
        let row = |seq: i64| AcknowledgementRow {
            seq,
            acknowledgement: Acknowledgement {
                id: format!("a{seq}"),
                reader: "r".into(),
                change: "hospice:1".into(),
                acknowledged_at: "2026-05-01T12:30:00Z".into(),
            },
        };
        let page = readers_page(
            ReadersRows {
                readers: vec![
                    reader("3", "bram"),
                    reader("2", "Anna"),
                    reader("1", "anna"),
                    reader("4", "Émile"),
                ],
                acknowledgements: vec![row(5), row(9)],
            },
            4,
        );
        let names: Vec<_> = page
            .readers
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [("1", "anna"), ("2", "Anna"), ("3", "bram"), ("4", "Émile")]
        );
        assert_eq!(page.last, 9);
        assert_eq!(page.acknowledgements[0].id, "a5");
        assert_eq!(readers_page(ReadersRows::default(), 12).last, 12);
    }
}
