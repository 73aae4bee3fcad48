//! Gelezen en begrepen (issue #13 §4): changes a coordinator or a manager marked as must
//! read, the hospice's list of people who read, and their acknowledgements.
//!
//! An acknowledgement is a record that a person tapped "Gelezen en begrepen" under their
//! own name, chosen from the hospice's list without a password: a record, not a proof.

use serde::{Deserialize, Serialize};

/// Which must-read change: the region's revision of a section, or a version of the
/// hospice's overlay. Its text form (`regio:<section>:<revision>`, `hospice:<version>`)
/// is what an acknowledgement names on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MustReadId {
    Region { section: String, revision: i64 },
    Hospice { version: i64 },
}

impl MustReadId {
    pub fn to_text(&self) -> String {
        match self {
            MustReadId::Region { section, revision } => format!("regio:{section}:{revision}"),
            MustReadId::Hospice { version } => format!("hospice:{version}"),
        }
    }

    pub fn parse(text: &str) -> Option<MustReadId> {
        if let Some(rest) = text.strip_prefix("regio:") {
            let (section, revision) = rest.rsplit_once(':')?;
            let revision: i64 = revision.parse().ok()?;
            let valid_id = !section.is_empty()
                && section
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            (valid_id && revision > 0).then(|| MustReadId::Region {
                section: section.to_owned(),
                revision,
            })
        } else {
            let version: i64 = text.strip_prefix("hospice:")?.parse().ok()?;
            (version > 0).then_some(MustReadId::Hospice { version })
        }
    }
}

/// One person on a hospice's list of readers. The id (a UUID made where the name was
/// added) stays when the name is corrected, so earlier acknowledgements keep their person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reader {
    pub id: String,
    pub name: String,
    /// False once a manager took the name off the list; the acknowledgements stay.
    pub active: bool,
}

/// `PUT /api/v1/organizations/{org}/readers/{id}` (managers of the hospice): add a name
/// to the list, correct it, or take it off (`active: false`). The last write wins: it is
/// a list of names, and nothing else hangs on the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderUpdate {
    pub name: String,
    pub active: bool,
}

/// `PUT /api/v1/organizations/{org}/acknowledgements/{uuid}` (members of the hospice):
/// a person tapped "Gelezen en begrepen" on a device. The UUID (v7, made on the device)
/// stays the same across retries; the same UUID with other content is a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementRequest {
    /// The [`Reader::id`] of the person.
    pub reader: String,
    /// The [`MustReadId`] in its text form.
    pub change: String,
    /// RFC 3339, the device's clock when the button was tapped.
    pub acknowledged_at: String,
}

/// A stored acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub id: String,
    pub reader: String,
    pub change: String,
    pub acknowledged_at: String,
}

/// `GET /api/v1/organizations/{org}/readers?after=N` (members of the hospice): the whole
/// list of names (it is short) and the acknowledgements stored after `N`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadersPage {
    pub readers: Vec<Reader>,
    pub acknowledgements: Vec<Acknowledgement>,
    /// Ask with `after=last` next time.
    pub last: i64,
}

/// The longest name on the list, in characters.
pub const MAX_READER_NAME_CHARS: usize = 80;

// ---- What the app's screens show (IPC between the shell and the UI) ----

/// Who marked a change as must read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MustReadFrom {
    /// The region's coordinator, with a new revision of the region's text.
    Region,
    /// A manager of the hospice, with a change of the hospice's own handbook.
    Hospice,
}

/// A must-read change as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MustReadItem {
    /// [`MustReadId`] in its text form.
    pub change: String,
    pub section_id: String,
    pub section_title: String,
    pub from: MustReadFrom,
    /// The coordinator's or manager's note of what changed; may be empty.
    pub note: String,
    /// RFC 3339: when this device received it.
    pub arrived_at: String,
}

/// The must-read part of a section's screen: what changed for the person reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionMustRead {
    /// The changes of this section still open for `reader` (or for this device when
    /// nobody chose a name), oldest first.
    pub open: Vec<MustReadItem>,
    /// What changed in the text since the version `reader` acknowledged (or since the
    /// version before the oldest open change); empty when this device cannot tell.
    pub changes: Vec<crate::overlay::WordChange>,
    /// The person reading on this device, if one chose a name.
    pub reader: Option<Reader>,
    /// The hospice's list (active names), to choose from.
    pub readers: Vec<Reader>,
    /// The last acknowledgement of this section by `reader`: RFC 3339.
    pub acknowledged_at: Option<String>,
}

/// What home shows under "Gelezen en begrepen".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MustReadHome {
    pub reader: Option<Reader>,
    /// Open for `reader`; with nobody chosen, every must-read change of a shown section
    /// (choosing a name narrows it).
    pub open: Vec<MustReadItem>,
    /// Whether the hospice has a list of names to choose from.
    pub has_readers: bool,
}

/// One must-read change in the manager's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeShare {
    pub item: MustReadItem,
    /// Names on the list who acknowledged it, with when (RFC 3339), by name.
    pub acknowledged: Vec<(String, String)>,
    /// Names on the list who did not yet.
    pub open: Vec<String>,
    /// Share of the names on the list who acknowledged it, 0–100, rounded down (so 100
    /// means everyone).
    pub percent: u8,
}

/// One person in the manager's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderShare {
    pub reader: Reader,
    /// Must-read changes this person has not acknowledged yet.
    pub open: Vec<MustReadItem>,
    pub acknowledged: u32,
}

/// The manager's screen "Gelezen en begrepen".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingView {
    /// Newest change first.
    pub changes: Vec<ChangeShare>,
    /// Active names on the list, by name.
    pub readers: Vec<ReaderShare>,
    /// Names taken off the list (kept with their acknowledgements).
    pub inactive: Vec<Reader>,
    /// Acknowledgements made on this device that wait for the network.
    pub waiting: u32,
    /// May this device's user change the list (a manager of the hospice)?
    pub can_edit: bool,
}

/// What the UI asks of the shell about reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingEdit {
    /// The person reading on this device (`None`: nobody chosen).
    Choose { reader: Option<String> },
    /// The person reading tapped "Gelezen en begrepen" on this section, which showed the
    /// changes `changes` ([`MustReadItem::change`]): those still open for them are
    /// acknowledged.
    Acknowledge {
        section: String,
        reader: String,
        changes: Vec<String>,
    },
    /// A manager adds a name (`id: None`), corrects one, or takes it off the list.
    SaveReader {
        id: Option<String>,
        name: String,
        active: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn must_read_ids_round_trip_and_bad_ones_are_refused() {
        for id in [
            MustReadId::Region {
                section: "na-overlijden".into(),
                revision: 7,
            },
            MustReadId::Hospice { version: 12 },
        ] {
            assert_eq!(MustReadId::parse(&id.to_text()), Some(id));
        }
        for bad in [
            "",
            "regio:",
            "regio:val",
            "regio:val:0",
            "regio:Val:3",
            "regio::3",
            "hospice:",
            "hospice:-1",
            "hospice:x",
            "other:1",
        ] {
            assert_eq!(MustReadId::parse(bad), None, "{bad}");
        }
    }
}
