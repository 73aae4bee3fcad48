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

/// One local change to the handbook, as a manager makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[serde(rename_all = "snake_case")]
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
