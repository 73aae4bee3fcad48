//! A hospice's own handbook on the region's base: the overlay's wire types.
//!
//! The region publishes base sections; each hospice keeps one overlay over them: its facts
//! (named values the region's text refers to as `{{hospice.naam}}`), and entries that
//! supplement, replace or hide a base section or add an own section. Device and server
//! exchange these and both compose the effective handbook from them with
//! `kompas_core::overlay`, so the types are plain data without rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How far a hospice may change a base section: the section's `lokaal:` front matter key.
/// The server refuses what the policy does not allow; the app does not offer it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LocalPolicy {
    /// `lokaal: vast`: the region's text is shown as it is; no local change.
    #[serde(rename = "vast")]
    Fixed,
    /// `lokaal: aanvullen`: a hospice may add a block before or after it, nothing more.
    #[serde(rename = "aanvullen")]
    AppendOnly,
    /// `lokaal: vervangen` (the default): supplement, replace or hide.
    #[default]
    #[serde(rename = "vervangen")]
    Replaceable,
}

impl LocalPolicy {
    /// The word of the front matter key (`vast`, `aanvullen`, `vervangen`).
    pub fn as_str(self) -> &'static str {
        match self {
            LocalPolicy::Fixed => "vast",
            LocalPolicy::AppendOnly => "aanvullen",
            LocalPolicy::Replaceable => "vervangen",
        }
    }

    /// The policy a front matter word names, if it names one.
    pub fn from_word(word: &str) -> Option<Self> {
        match word.trim().to_lowercase().as_str() {
            "vast" => Some(LocalPolicy::Fixed),
            "aanvullen" => Some(LocalPolicy::AppendOnly),
            "vervangen" => Some(LocalPolicy::Replaceable),
            _ => None,
        }
    }

    pub fn is_default(&self) -> bool {
        *self == LocalPolicy::Replaceable
    }
}

/// Where a local block stands beside the region's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    Before,
    After,
}

/// One local change to the handbook, as a manager makes it. Strict: a manager's request
/// with a field the server does not know is refused, not half read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OverlayChange {
    /// *Aanvullen*: a local block before or after a base section. The region's changes to
    /// the section flow through untouched, so this needs no base revision.
    Supplement {
        section: String,
        placement: Placement,
        markdown: String,
    },
    /// *Eigen hoofdstuk*: a section of the hospice's own, in a category, after a given
    /// section of it (at the end of the category when `after` is absent or gone).
    Own {
        id: String,
        title: String,
        category: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
        markdown: String,
    },
    /// *Vervangen*: a local text instead of the region's, made from `base_revision`.
    Replace {
        section: String,
        base_revision: i64,
        markdown: String,
    },
    /// *Verbergen*: a base section this hospice does not show, hidden at `base_revision`.
    Hide { section: String, base_revision: i64 },
}

/// What an overlay entry is about: a hospice has at most one entry per key. A replace and
/// a hide of the same section share a key (a section is replaced or hidden, not both);
/// the two supplements of a section do not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum EntryKey {
    Supplement {
        section: String,
        placement: Placement,
    },
    Own {
        id: String,
    },
    /// A replace or a hide of a base section.
    Tailor {
        section: String,
    },
}

impl OverlayChange {
    pub fn key(&self) -> EntryKey {
        match self {
            OverlayChange::Supplement {
                section, placement, ..
            } => EntryKey::Supplement {
                section: section.clone(),
                placement: *placement,
            },
            OverlayChange::Own { id, .. } => EntryKey::Own { id: id.clone() },
            OverlayChange::Replace { section, .. } | OverlayChange::Hide { section, .. } => {
                EntryKey::Tailor {
                    section: section.clone(),
                }
            }
        }
    }

    /// The base section this change is about (none for an own section).
    pub fn base_section(&self) -> Option<&str> {
        match self {
            OverlayChange::Supplement { section, .. }
            | OverlayChange::Replace { section, .. }
            | OverlayChange::Hide { section, .. } => Some(section),
            OverlayChange::Own { .. } => None,
        }
    }

    /// The base revision a replace or hide was made from.
    pub fn base_revision(&self) -> Option<i64> {
        match self {
            OverlayChange::Replace { base_revision, .. }
            | OverlayChange::Hide { base_revision, .. } => Some(*base_revision),
            OverlayChange::Supplement { .. } | OverlayChange::Own { .. } => None,
        }
    }
}

/// A published overlay entry: the change, the overlay version that published it (a
/// compare-and-swap names it), and the manager's note of what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayEntry {
    pub change: OverlayChange,
    pub version: i64,
    #[serde(default)]
    pub note: String,
    /// The manager marked this change as must read ("Gelezen en begrepen").
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub must_read: bool,
}

/// A hospice's whole overlay: its facts and its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overlay {
    /// `hospice.naam` → `Hospice De Linde`. Keys are the placeholders' names.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    #[serde(default)]
    pub entries: Vec<OverlayEntry>,
}

/// One run of a word-level comparison of two texts: unchanged, added or removed words
/// with the spaces between them, as a reader who is not technical sees a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordChange {
    pub kind: ChangeKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Same,
    Added,
    Removed,
}

impl EntryKey {
    /// The key as one line of text, as the server stores it: `supplement:after:val`,
    /// `own:onze-tuin`, `tailor:val`. Section ids are slugs, so `:` cannot be in them.
    pub fn to_text(&self) -> String {
        match self {
            EntryKey::Supplement { section, placement } => {
                let placement = match placement {
                    Placement::Before => "before",
                    Placement::After => "after",
                };
                format!("supplement:{placement}:{section}")
            }
            EntryKey::Own { id } => format!("own:{id}"),
            EntryKey::Tailor { section } => format!("tailor:{section}"),
        }
    }

    /// The base section (or own section) the entry is about.
    pub fn section(&self) -> &str {
        match self {
            EntryKey::Supplement { section, .. } | EntryKey::Tailor { section } => section,
            EntryKey::Own { id } => id,
        }
    }
}

/// `GET /api/v1/organizations/{org}/overlay`: the hospice's overlay as published.
/// A manager's change of the hospice's handbook as typed on a device: kept in the device
/// store (it survives a kill) until the server stored it; nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayDraft {
    pub edit: DraftEdit,
    /// The version the change started from (0: new).
    pub based_on: i64,
    /// "Wat is er veranderd".
    #[serde(default)]
    pub note: String,
    /// Publish it as must read ("Gelezen en begrepen").
    #[serde(default)]
    pub must_read: bool,
    #[serde(default)]
    pub state: DraftState,
}

/// What a draft changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftEdit {
    /// One overlay entry; `change: None` takes it back.
    Entry {
        key: EntryKey,
        change: Option<OverlayChange>,
    },
    /// All the hospice's facts.
    Facts { facts: BTreeMap<String, String> },
}

impl DraftEdit {
    /// The draft's key on the device: one draft per entry, one for the facts.
    pub fn key_text(&self) -> String {
        match self {
            DraftEdit::Entry { key, .. } => key.to_text(),
            DraftEdit::Facts { .. } => "facts".to_owned(),
        }
    }
}

/// Where a draft is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftState {
    /// Being edited; not sent.
    #[default]
    Editing,
    /// Published by the manager; waits in the outbox for the network.
    Waiting,
    /// Another manager changed the same entry meanwhile (the server's 409): the draft is
    /// kept, and the app offers the three-way merge against version `current`.
    Stale { current: i64, detail: String },
    /// The server refused it for a reason a retry cannot change; the draft is kept.
    Refused { detail: String },
}

/// What changed in a hospice's overlay since a pull cursor, on a page of changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayDelta {
    /// The overlay version the device has after this page.
    pub version: i64,
    /// Entries published or changed since the cursor, with their versions.
    #[serde(default)]
    pub entries: Vec<OverlayEntry>,
    /// Entries taken back since the cursor.
    #[serde(default)]
    pub taken_back: Vec<EntryKey>,
    /// The facts, when they changed since the cursor (all of them, with their version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<VersionedFacts>,
}

/// A hospice's facts as published, with the version a manager's next change names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionedFacts {
    pub values: BTreeMap<String, String>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayState {
    pub facts: BTreeMap<String, String>,
    /// The overlay version that last changed the facts; 0 when never filled in.
    pub facts_version: i64,
    /// The entries in force (a removed one is not listed), oldest first.
    pub entries: Vec<OverlayEntry>,
    /// The hospice's newest overlay version.
    pub version: i64,
}

/// `PUT /api/v1/organizations/{org}/overlay/entry`: publish one local change, or take it
/// back (`change` absent: the region's text again). A compare-and-swap: `based_on` is the
/// entry's version the manager started from (0 for a new entry); if another manager
/// changed it meanwhile the server answers 409 with the current version, unless the entry
/// already is exactly this change (a repeat after a lost answer is a success).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayPublish {
    pub key: EntryKey,
    pub based_on: i64,
    #[serde(default)]
    pub change: Option<OverlayChange>,
    /// "Wat is er veranderd": a short note for the history.
    #[serde(default)]
    pub note: String,
    /// Everyone of the hospice must read it and tap "Gelezen en begrepen".
    #[serde(default)]
    pub must_read: bool,
}

/// The answer to an [`OverlayPublish`] or a [`FactsUpdate`]: the version it now has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayReceipt {
    pub version: i64,
}

/// `PUT /api/v1/organizations/{org}/overlay/facts`: all of a hospice's facts at once, as
/// a compare-and-swap on `based_on` (the facts version the manager started from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsUpdate {
    pub facts: BTreeMap<String, String>,
    pub based_on: i64,
    #[serde(default)]
    pub note: String,
}

/// `GET /api/v1/organizations/{org}/overlay/history/{section}`: every revision of a
/// section, the region's and the hospice's, oldest first, so any two can be compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionHistory {
    pub section: String,
    pub base: Vec<BaseRevision>,
    pub local: Vec<LocalRevision>,
}

/// A revision of a base section as the region published it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseRevision {
    pub revision: i64,
    pub title: String,
    pub body: String,
    /// The region removed the section in this revision.
    pub removed: bool,
    pub published_at: String,
    /// The coordinator's note on this revision (front matter `wijziging:`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change_note: String,
    /// The coordinator marked it as must read.
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub must_read: bool,
}

/// A published change of the hospice to this section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalRevision {
    pub version: i64,
    pub key: EntryKey,
    /// Absent: the local change was taken back.
    pub change: Option<OverlayChange>,
    pub note: String,
    pub by: String,
    pub published_at: String,
    /// The manager marked it as must read.
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub must_read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_with_a_field_the_server_does_not_know_is_refused() {
        let known = r#"{"key":{"tailor":{"section":"val"}},"based_on":0,"change":{"hide":{"section":"val","base_revision":1}}}"#;
        assert!(serde_json::from_str::<OverlayPublish>(known).is_ok());
        for unknown in [
            r#"{"key":{"tailor":{"section":"val","x":1}},"based_on":0}"#,
            r#"{"key":{"tailor":{"section":"val"}},"based_on":0,"change":{"hide":{"section":"val","base_revision":1,"x":1}}}"#,
            r#"{"key":{"tailor":{"section":"val"}},"based_on":0,"x":1}"#,
        ] {
            assert!(
                serde_json::from_str::<OverlayPublish>(unknown).is_err(),
                "{unknown}"
            );
        }
    }

    #[test]
    fn entry_keys_are_one_line_of_text() {
        let keys = [
            EntryKey::Supplement {
                section: "val".into(),
                placement: Placement::Before,
            },
            EntryKey::Own { id: "tuin".into() },
            EntryKey::Tailor {
                section: "val".into(),
            },
        ];
        let texts: Vec<String> = keys.iter().map(EntryKey::to_text).collect();
        assert_eq!(texts, ["supplement:before:val", "own:tuin", "tailor:val"]);
    }
}
