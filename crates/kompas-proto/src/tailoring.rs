//! The manager's screens of the hospice's own handbook (issue #13): what the shell answers
//! for `PageRequest::Tailoring` and `PageRequest::TailorSection`, and the edits the UI
//! sends with the `overlay_edit` command.

use serde::{Deserialize, Serialize};

use crate::overlay::{DraftState, LocalPolicy, OverlayChange, OverlayDraft, WordChange};

/// "Ons handboek": the facts, and every section the hospice tailored, with what the region
/// changed since ("Wijzigingen van de regio") first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TailoringView {
    pub organization_name: String,
    pub facts: Vec<FactView>,
    /// The version the next change of the facts starts from.
    pub facts_version: i64,
    /// A draft of the facts not yet stored by the server.
    pub facts_draft: Option<DraftState>,
    pub sections: Vec<TailoredSection>,
    /// Every shown section in reading order: where an own section can go (after one).
    pub places: Vec<PlaceView>,
}

/// A shown section, as a place to put an own section after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceView {
    pub id: String,
    pub title: String,
    pub category: String,
}

/// One fact of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactView {
    pub key: String,
    pub label_nl: String,
    pub label_en: String,
    pub example: String,
    /// The value as published, or as drafted.
    pub value: String,
}

/// A section the hospice changed (or is changing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TailoredSection {
    pub id: String,
    pub title: String,
    pub kinds: Vec<TailorKind>,
    pub state: TailorState,
    /// The last "wat is er veranderd" note of the hospice's change.
    pub note: String,
    /// A draft of it not yet stored by the server.
    pub draft: Option<DraftState>,
    /// The coordinator's note on the region's change (front matter `wijziging:`), when
    /// the region changed the section since the hospice tailored it.
    #[serde(default)]
    pub region_note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TailorKind {
    Supplement,
    Replaced,
    Hidden,
    Own,
}

/// Where a tailored section stands against the region's current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TailorState {
    Current,
    /// The region published a newer revision of a section the hospice replaced or hid.
    RegionChanged {
        from: i64,
        to: i64,
    },
    /// The region removed the section.
    RemovedByRegion,
    /// The region's `lokaal:` no longer allows the change; the region's text is shown.
    Locked {
        policy: LocalPolicy,
    },
}

impl TailorState {
    /// Whether the manager has something to decide (the inbox).
    pub fn needs_attention(self) -> bool {
        !matches!(self, TailorState::Current)
    }
}

/// The editor of one section for the hospice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TailorSectionView {
    pub id: String,
    pub title: String,
    pub category: String,
    /// What the region allows here (`lokaal:`).
    pub policy: LocalPolicy,
    /// The region's current text and revision (empty and 0 for an own section).
    pub region_markdown: String,
    pub region_revision: i64,
    pub own: bool,
    /// What the hospice has now: published, or its draft where there is one.
    pub before: String,
    pub after: String,
    pub replacement: Option<String>,
    pub hidden: bool,
    pub state: TailorState,
    /// The version each of its entries has on the server (0: none), by draft key.
    pub versions: Vec<(String, i64)>,
    /// Drafts of this section on this device.
    pub drafts: Vec<OverlayDraft>,
    /// For an own section: the change that makes it (published, or drafted).
    pub own_change: Option<OverlayChange>,
    /// Where a draft is stale: the text another manager published meanwhile (empty for a
    /// hidden section), shown beside the kept draft.
    pub published_meanwhile: Vec<String>,
    /// For a replaced section the region changed since: the region's new text merged into
    /// the hospice's (when this device kept the region's text the replacement was made
    /// from).
    pub merge: Option<MergeView>,
    /// For a replaced section the region removed: the section it came after, where the
    /// hospice's text stands if the manager keeps it as an own section (`None`: first of
    /// its category).
    #[serde(default)]
    pub keep_after: Option<String>,
}

/// A three-way merge as the manager sees it: settled text, and a card per passage both
/// the region and the hospice changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeView {
    pub parts: Vec<MergePartView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergePartView {
    Settled(String),
    Conflict {
        /// What the region changed in the passage, and what the hospice changed, word by
        /// word against the text both started from.
        region: Vec<WordChange>,
        ours: Vec<WordChange>,
        /// The passage as the hospice has it (the start of "Zelf aanpassen").
        ours_text: String,
    },
}

/// A manager's decision on one conflict card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeChoice {
    /// "Tekst van de regio".
    Region,
    /// "Onze tekst".
    Ours,
    /// "Beide behouden".
    Both,
    /// "Zelf aanpassen".
    Own(String),
}

/// One edit of the hospice's handbook on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverlayEdit {
    /// Saves drafts as typed (they survive a kill) and, with `publish`, sends them.
    Save {
        drafts: Vec<OverlayDraft>,
        publish: bool,
    },
    /// Throws a draft away.
    Discard { key: String },
    /// The HTML volunteers would see for this markdown, with the hospice's facts.
    Preview { markdown: String },
    /// The merged text of section `id` with a choice per conflict card (`None`: not
    /// decided yet, which is refused with how many are left).
    Merge {
        id: String,
        choices: Vec<Option<MergeChoice>>,
    },
    /// A new section of the hospice's own, after section `after` (in its category), saved
    /// and published; the shell makes its id from the title.
    AddOwn {
        title: String,
        after: String,
        markdown: String,
        note: String,
    },
    /// What changed from `old` to `new`, word by word (comparing two revisions).
    Diff { old: String, new: String },
    /// A replaced section the region removed: keep the hospice's text as an own section
    /// in the same place (published at once).
    KeepAsOwn { id: String, note: String },
}

/// What an [`OverlayEdit`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverlayEditOutcome {
    Saved,
    Published,
    Discarded,
    Preview { html: String },
    Merged { markdown: String },
    Diff { changes: Vec<WordChange> },
}

/// Every revision of one section, the region's and the hospice's, oldest first: any two can
/// be compared word by word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryView {
    pub id: String,
    pub revisions: Vec<RevisionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    pub change: RevisionChange,
    /// The region's revision number, or the hospice's overlay version.
    pub number: i64,
    /// RFC 3339.
    pub at: String,
    /// Who published it (empty for the region's).
    pub by: String,
    pub note: String,
    /// The markdown of this revision (the region's text, or the hospice's block).
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionChange {
    /// The region published this text.
    Region,
    /// The region removed the section.
    RegionRemoved,
    /// The hospice's block before or after the region's text.
    Supplement,
    /// The hospice's own text in place of the region's.
    Replaced,
    Hidden,
    /// A section of the hospice's own.
    Own,
    /// The hospice took its change back.
    TakenBack,
}
