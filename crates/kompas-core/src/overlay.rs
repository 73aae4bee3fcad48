//! A hospice's own handbook: the region's base sections with the hospice's overlay.
//!
//! The **effective handbook** a device shows is `base ⊕ overlay`, computed by
//! [`effective_handbook`] and nothing else, on the device and on the server alike (they
//! compare [`handbook_fingerprint`]s). The overlay's operations:
//!
//! - *Gegevens* (facts): values for the placeholders of the region's text
//!   (`{{hospice.naam}}`), the fields listed once in [`FACT_FIELDS`]. Composition keeps the
//!   placeholders in the markdown and `kompas_markdown::render_with_facts` fills them, so a
//!   value reaches every section, and one not filled in shows a mark, never braces.
//! - *Aanvullen*: a block before or after a base section; the region's text between them
//!   is always the current one.
//! - *Eigen hoofdstuk*: an own section in a category, after a given section.
//! - *Vervangen* and *Verbergen*: a local text for a base section, or none, each recording
//!   the base revision it was made from, so [`entry_state`] can tell a manager that the
//!   region changed the section since (and `merge` can offer a three-way merge).
//!
//! The region limits what a hospice may do per section ([`LocalPolicy`], front matter
//! `lokaal:`); [`check_change`] is the rule the server enforces, and composition sets aside
//! an entry the region has since locked, so the region's text is shown (and the manager
//! told, through [`Composed::set_aside`]).

use std::collections::BTreeMap;

use kompas_proto::overlay::{EntryKey, LocalPolicy, OverlayChange};

use crate::section::is_valid_id;
use crate::Section;

mod compose;

pub use compose::{
    allows, effective_handbook, handbook_fingerprint, BaseSection, Composed, EffectiveSection,
    Origin, SetAside,
};

/// One fact a hospice fills in once, used wherever the region's text names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactField {
    /// The placeholder's key: `{{hospice.naam}}` names `hospice.naam`.
    pub key: &'static str,
    /// What the manager's form calls it, in Dutch and in English.
    pub label_nl: &'static str,
    pub label_en: &'static str,
    /// An example value for the form.
    pub example: &'static str,
}

/// Every fact a region's text may name: the one place the list is defined. `kompas check`
/// names any other placeholder as unknown.
pub const FACT_FIELDS: &[FactField] = &[
    FactField {
        key: "hospice.naam",
        label_nl: "Naam van het hospice",
        label_en: "Name of the hospice",
        example: "Hospice De Linde",
    },
    FactField {
        key: "hospice.adres",
        label_nl: "Adres",
        label_en: "Address",
        example: "Lindelaan 12, 3511 AB Utrecht",
    },
    FactField {
        key: "hospice.telefoon",
        label_nl: "Telefoonnummer van het hospice",
        label_en: "Phone number of the hospice",
        example: "030 123 45 60",
    },
    FactField {
        key: "hospice.telefoon_verpleegkundige",
        label_nl: "Telefoon van de verpleegkundige van dienst",
        label_en: "Phone of the nurse on duty",
        example: "06 12 34 56 78",
    },
    FactField {
        key: "hospice.telefoon_huisarts",
        label_nl: "Telefoon van de huisarts of huisartsenpost",
        label_en: "Phone of the GP or out-of-hours GP service",
        example: "0900 123 45 67",
    },
    FactField {
        key: "hospice.telefoon_coordinator",
        label_nl: "Telefoon van de coördinator (bereikbaarheidsdienst)",
        label_en: "Phone of the coordinator on call",
        example: "06 98 76 54 32",
    },
    FactField {
        key: "hospice.verzamelplaats",
        label_nl: "Verzamelplaats bij brand of ontruiming",
        label_en: "Assembly point in a fire or evacuation",
        example: "het grasveld voor de hoofdingang",
    },
    FactField {
        key: "hospice.sleutels",
        label_nl: "Waar de sleutels en de sleutelkluis zijn",
        label_en: "Where the keys and the key safe are",
        example: "in de kast achter de balie, code bij de coördinator",
    },
];

/// Whether a placeholder's key is one of [`FACT_FIELDS`].
pub fn is_fact_key(key: &str) -> bool {
    FACT_FIELDS.iter().any(|field| field.key == key)
}

/// The longest value a fact may have: a name, an address or a sentence, never a text.
pub const MAX_FACT_CHARS: usize = 300;
/// The longest local text of an overlay entry, as a section may be (1 MB is the file cap).
pub const MAX_MARKDOWN_BYTES: usize = 256 * 1024;

/// Where an overlay entry stands against the region's current base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    /// Nothing to do.
    Current,
    /// The region published a newer revision of a replaced or hidden section since the
    /// entry was made: the manager is told, and for a replacement offered a merge.
    RegionChanged { from: i64, to: i64 },
    /// The region removed the section: for a replacement, the manager chooses to remove
    /// it too or keep the text as an own section.
    RemovedByRegion,
    /// The region's `lokaal:` no longer allows this entry; the region's text is shown.
    Locked(LocalPolicy),
}

/// Where `change` stands against the base section it is about (`None`: removed).
pub fn entry_state(change: &OverlayChange, current: Option<&BaseSection>) -> EntryState {
    if matches!(change, OverlayChange::Own { .. }) {
        return EntryState::Current;
    }
    let Some(current) = current else {
        return EntryState::RemovedByRegion;
    };
    if !allows(current.section.local_policy, change) {
        return EntryState::Locked(current.section.local_policy);
    }
    match change.base_revision() {
        Some(from) if current.revision > from => EntryState::RegionChanged {
            from,
            to: current.revision,
        },
        _ => EntryState::Current,
    }
}

/// When the region removed a section this hospice replaced, the manager may keep the
/// hospice's text as an own section: the same id (the region no longer has it, so links to
/// it keep working), title, category and tags as the region's last revision had them, in
/// place after the section that preceded it. `None` for anything but a replacement.
pub fn keep_as_own(
    change: &OverlayChange,
    last_revision: &Section,
    preceding: Option<&str>,
) -> Option<OverlayChange> {
    let OverlayChange::Replace {
        section, markdown, ..
    } = change
    else {
        return None;
    };
    Some(OverlayChange::Own {
        id: section.clone(),
        title: last_revision.title.clone(),
        category: last_revision.category.clone(),
        after: preceding.map(str::to_owned),
        tags: last_revision.tags.clone(),
        markdown: markdown.clone(),
    })
}

/// Why the server refuses an overlay change (the app checks the same before it offers to
/// publish). Messages say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeRefusal {
    #[error("the handbook has no section `{0}`: choose a section of the region's handbook")]
    UnknownSection(String),
    #[error("the region fixed section `{section}` (`lokaal: {}`): {}", policy.as_str(), locked_hint(*policy))]
    Locked {
        section: String,
        policy: LocalPolicy,
    },
    #[error(
        "`{0}` is already the id of a section of the region: choose another id for the own section"
    )]
    IdTaken(String),
    #[error("`{0}` cannot be an id: use lowercase letters, digits and single dashes, at most 80")]
    InvalidId(String),
    #[error("an own section needs a title and a category")]
    MissingTitle,
    #[error("the text is {bytes} bytes, more than the {MAX_MARKDOWN_BYTES} a section may have: split it into sections")]
    TooLong { bytes: usize },
    #[error("the change was made from revision {made_from} of `{section}`, but the region's newest is {newest}: the revision cannot be newer than the region's")]
    RevisionAhead {
        section: String,
        made_from: i64,
        newest: i64,
    },
}

fn locked_hint(policy: LocalPolicy) -> &'static str {
    match policy {
        LocalPolicy::Fixed => "it cannot be changed locally",
        LocalPolicy::AppendOnly => "a hospice may only add a block before or after it",
        LocalPolicy::Replaceable => "it may be changed",
    }
}

/// What the checks need of a base section: its newest revision and its `lokaal:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseInfo {
    pub revision: i64,
    pub local_policy: LocalPolicy,
}

impl BaseSection {
    pub fn info(&self) -> BaseInfo {
        BaseInfo {
            revision: self.revision,
            local_policy: self.section.local_policy,
        }
    }
}

/// Checks one change against the region's current base (`base` looks a section that is
/// not removed up by id).
pub fn check_change(
    change: &OverlayChange,
    base: impl Fn(&str) -> Option<BaseInfo>,
) -> Result<(), ChangeRefusal> {
    let markdown = match change {
        OverlayChange::Supplement { markdown, .. }
        | OverlayChange::Replace { markdown, .. }
        | OverlayChange::Own { markdown, .. } => markdown.as_str(),
        OverlayChange::Hide { .. } => "",
    };
    if markdown.len() > MAX_MARKDOWN_BYTES {
        return Err(ChangeRefusal::TooLong {
            bytes: markdown.len(),
        });
    }
    if let OverlayChange::Own {
        id,
        title,
        category,
        ..
    } = change
    {
        if !is_valid_id(id) {
            return Err(ChangeRefusal::InvalidId(id.clone()));
        }
        if base(id).is_some() {
            return Err(ChangeRefusal::IdTaken(id.clone()));
        }
        if title.trim().is_empty() || category.trim().is_empty() {
            return Err(ChangeRefusal::MissingTitle);
        }
        return Ok(());
    }
    let id = change.base_section().unwrap_or_default();
    let current = base(id).ok_or_else(|| ChangeRefusal::UnknownSection(id.to_owned()))?;
    if !allows(current.local_policy, change) {
        return Err(ChangeRefusal::Locked {
            section: id.to_owned(),
            policy: current.local_policy,
        });
    }
    if let Some(made_from) = change.base_revision() {
        if made_from > current.revision {
            return Err(ChangeRefusal::RevisionAhead {
                section: id.to_owned(),
                made_from,
                newest: current.revision,
            });
        }
    }
    Ok(())
}

/// Why the server refuses a hospice's facts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactRefusal {
    #[error("`{0}` is not a hospice fact the handbook knows; known are: {known}", known = known_keys())]
    UnknownKey(String),
    #[error(
        "the value of `{key}` has {chars} characters, more than {MAX_FACT_CHARS}: write it shorter"
    )]
    TooLong { key: String, chars: usize },
    #[error("the value of `{0}` has a line break or a control character: write it on one line")]
    NotOneLine(String),
}

fn known_keys() -> String {
    FACT_FIELDS
        .iter()
        .map(|field| field.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a hospice's facts: known keys, one short line each.
pub fn check_facts(facts: &BTreeMap<String, String>) -> Result<(), FactRefusal> {
    for (key, value) in facts {
        if !is_fact_key(key) {
            return Err(FactRefusal::UnknownKey(key.clone()));
        }
        let chars = value.chars().count();
        if chars > MAX_FACT_CHARS {
            return Err(FactRefusal::TooLong {
                key: key.clone(),
                chars,
            });
        }
        if value.chars().any(char::is_control) {
            return Err(FactRefusal::NotOneLine(key.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
