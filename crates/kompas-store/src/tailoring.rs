//! The manager's views of the hospice's own handbook, read from the region's base, the
//! overlay as published and the drafts on this device (see `overlay.rs` and
//! `overlay_draft.rs`); where a tailored section stands is `kompas_core::overlay::entry_state`.

use std::collections::{BTreeMap, HashMap};

use kompas_core::merge::{three_way_merge, Merge, MergePart};
use kompas_core::overlay::{entry_state, BaseSection, EntryState, FACT_FIELDS};
use kompas_proto::overlay::{
    DraftEdit, DraftState, EntryKey, LocalPolicy, OverlayChange, OverlayDraft, OverlayEntry,
    Placement,
};
use kompas_proto::tailoring::{
    FactView, MergePartView, MergeView, PlaceView, TailorKind, TailorSectionView, TailorState,
    TailoredSection, TailoringView,
};
use rusqlite::OptionalExtension;

use crate::overlay::{base_sections, overlay};
use crate::{Store, StoreError};

fn tailor_state(state: EntryState) -> TailorState {
    match state {
        EntryState::Current => TailorState::Current,
        EntryState::RegionChanged { from, to } => TailorState::RegionChanged { from, to },
        EntryState::RemovedByRegion => TailorState::RemovedByRegion,
        EntryState::Locked(policy) => TailorState::Locked { policy },
    }
}

/// The one that asks most of the manager.
fn worst(a: TailorState, b: TailorState) -> TailorState {
    let weight = |s: TailorState| match s {
        TailorState::Current => 0,
        TailorState::Locked { .. } => 1,
        TailorState::RegionChanged { .. } => 2,
        TailorState::RemovedByRegion => 3,
    };
    if weight(b) > weight(a) {
        b
    } else {
        a
    }
}

fn kind(change: &OverlayChange) -> TailorKind {
    match change {
        OverlayChange::Supplement { .. } => TailorKind::Supplement,
        OverlayChange::Replace { .. } => TailorKind::Replaced,
        OverlayChange::Hide { .. } => TailorKind::Hidden,
        OverlayChange::Own { .. } => TailorKind::Own,
    }
}

/// What the hospice has now for an entry: its draft's change where there is a draft.
fn current_change<'a>(
    key: &EntryKey,
    entries: &'a [OverlayEntry],
    drafts: &'a [OverlayDraft],
) -> Option<&'a OverlayChange> {
    for draft in drafts {
        if let DraftEdit::Entry {
            key: drafted,
            change,
        } = &draft.edit
        {
            if drafted == key {
                return change.as_ref();
            }
        }
    }
    entries
        .iter()
        .find(|entry| &entry.change.key() == key)
        .map(|entry| &entry.change)
}

impl Store {
    /// For a section the hospice replaced and the region changed since: the region's new
    /// text merged into the hospice's, when this device kept the region's text the
    /// replacement was made from.
    pub fn merge_for(&self, id: &str) -> Result<Option<Merge>, StoreError> {
        let (overlay, _) = overlay(&self.conn)?;
        let Some((from, mut ours)) = overlay.entries.iter().find_map(|e| match &e.change {
            OverlayChange::Replace {
                section,
                base_revision,
                markdown,
            } if section == id => Some((*base_revision, markdown.clone())),
            _ => None,
        }) else {
            return Ok(None);
        };
        // What the manager is typing is "ours", not only what was published.
        let tailor = EntryKey::Tailor {
            section: id.to_owned(),
        };
        for draft in self.drafts_of_followed()? {
            if let DraftEdit::Entry {
                key,
                change: Some(OverlayChange::Replace { markdown, .. }),
            } = draft.edit
            {
                if key == tailor {
                    ours = markdown;
                }
            }
        }
        let Some(now) = base_sections(&self.conn)?
            .into_iter()
            .find(|b| b.section.id == id && b.revision > from)
        else {
            return Ok(None);
        };
        let old: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT body FROM base_section_history WHERE id = ?1 AND revision = ?2",
            )?
            .query_row(rusqlite::params![id, from], |row| row.get(0))
            .optional()?;
        Ok(old.map(|old| three_way_merge(&old, &now.section.body, &ours)))
    }

    /// "Ons handboek" of `organization_name`'s hospice.
    pub fn tailoring(&self, organization_name: &str) -> Result<TailoringView, StoreError> {
        let base: HashMap<String, BaseSection> = base_sections(&self.conn)?
            .into_iter()
            .map(|b| (b.section.id.clone(), b))
            .collect();
        let (overlay, facts_version) = overlay(&self.conn)?;
        let drafts = self.drafts_of_followed()?;
        let facts_draft = drafts.iter().find_map(|d| match &d.edit {
            DraftEdit::Facts { facts } => Some((facts, d.state.clone())),
            DraftEdit::Entry { .. } => None,
        });
        let facts = FACT_FIELDS
            .iter()
            .map(|field| FactView {
                key: field.key.to_owned(),
                label_nl: field.label_nl.to_owned(),
                label_en: field.label_en.to_owned(),
                example: field.example.to_owned(),
                value: facts_draft
                    .as_ref()
                    .map_or(&overlay.facts, |(facts, _)| *facts)
                    .get(field.key)
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect();

        let mut sections: BTreeMap<String, TailoredSection> = BTreeMap::new();
        fn add<'m>(
            sections: &'m mut BTreeMap<String, TailoredSection>,
            id: &str,
            title: String,
        ) -> &'m mut TailoredSection {
            sections
                .entry(id.to_owned())
                .or_insert_with(|| TailoredSection {
                    id: id.to_owned(),
                    title,
                    kinds: Vec::new(),
                    state: TailorState::Current,
                    note: String::new(),
                    draft: None,
                    region_note: String::new(),
                })
        }
        let title_of = |id: &str, change: Option<&OverlayChange>| match change {
            Some(OverlayChange::Own { title, .. }) => title.clone(),
            _ => base
                .get(id)
                .map_or_else(|| id.to_owned(), |b| b.section.title.clone()),
        };
        for entry in &overlay.entries {
            let id = entry.change.key().section().to_owned();
            let state = tailor_state(entry_state(&entry.change, base.get(&id)));
            let section = add(&mut sections, &id, title_of(&id, Some(&entry.change)));
            section.kinds.push(kind(&entry.change));
            section.state = worst(section.state, state);
            if matches!(state, TailorState::RegionChanged { .. }) {
                if let Some(now) = base.get(&id) {
                    section.region_note = now.section.change_note.clone();
                }
            }
            if !entry.note.is_empty() {
                section.note = entry.note.clone();
            }
        }
        for draft in &drafts {
            let DraftEdit::Entry { key, change } = &draft.edit else {
                continue;
            };
            let id = key.section().to_owned();
            let section = add(&mut sections, &id, title_of(&id, change.as_ref()));
            section.draft = Some(draft.state.clone());
            if let Some(change) = change {
                if !section.kinds.contains(&kind(change)) {
                    section.kinds.push(kind(change));
                }
            }
        }
        let mut sections: Vec<TailoredSection> = sections.into_values().collect();
        sections.sort_by_key(|s| (!s.state.needs_attention(), s.title.to_lowercase()));
        let places = self
            .conn
            .prepare_cached(
                "SELECT id, title, category FROM section
                 ORDER BY category_rank, sort_order, sort_after, title, id",
            )?
            .query_map([], |row| {
                Ok(PlaceView {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    category: row.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TailoringView {
            places,
            organization_name: organization_name.to_owned(),
            facts,
            facts_version,
            facts_draft: facts_draft.map(|(_, state)| state),
            sections,
        })
    }

    /// The editor of section `id` for the hospice: a section of the region, or of the
    /// hospice's own. `None` when there is no such section.
    pub fn tailor_section(&self, id: &str) -> Result<Option<TailorSectionView>, StoreError> {
        let base = base_sections(&self.conn)?
            .into_iter()
            .find(|b| b.section.id == id);
        let (overlay, _) = overlay(&self.conn)?;
        let entries: Vec<OverlayEntry> = overlay
            .entries
            .into_iter()
            .filter(|e| e.change.key().section() == id)
            .collect();
        let drafts: Vec<OverlayDraft> = self
            .drafts_of_followed()?
            .into_iter()
            .filter(|d| matches!(&d.edit, DraftEdit::Entry { key, .. } if key.section() == id))
            .collect();
        let supplement = |placement| {
            let key = EntryKey::Supplement {
                section: id.to_owned(),
                placement,
            };
            match current_change(&key, &entries, &drafts) {
                Some(OverlayChange::Supplement { markdown, .. }) => markdown.clone(),
                _ => String::new(),
            }
        };
        let tailor = EntryKey::Tailor {
            section: id.to_owned(),
        };
        let own_key = EntryKey::Own { id: id.to_owned() };
        let own = current_change(&own_key, &entries, &drafts);
        let (title, category, region_markdown, region_revision, policy) = match (&base, own) {
            (Some(b), _) => (
                b.section.title.clone(),
                b.section.category.clone(),
                b.section.body.clone(),
                b.revision,
                b.section.local_policy,
            ),
            (
                None,
                Some(OverlayChange::Own {
                    title, category, ..
                }),
            ) => (
                title.clone(),
                category.clone(),
                String::new(),
                0,
                LocalPolicy::default(),
            ),
            (None, _) if entries.is_empty() && drafts.is_empty() => return Ok(None),
            (None, _) => {
                let (title, category) = self
                    .removed_place(id)?
                    .map_or_else(|| (id.to_owned(), String::new()), |(t, c, _)| (t, c));
                (title, category, String::new(), 0, LocalPolicy::default())
            }
        };
        let (replacement, hidden) = match current_change(&tailor, &entries, &drafts) {
            Some(OverlayChange::Replace { markdown, .. }) => (Some(markdown.clone()), false),
            Some(OverlayChange::Hide { .. }) => (None, true),
            _ => match own {
                Some(OverlayChange::Own { markdown, .. }) => (Some(markdown.clone()), false),
                _ => (None, false),
            },
        };
        let state = entries.iter().fold(TailorState::Current, |state, entry| {
            worst(
                state,
                tailor_state(entry_state(&entry.change, base.as_ref())),
            )
        });
        let versions = entries
            .iter()
            .map(|e| (e.change.key().to_text(), e.version))
            .collect();
        // Where another manager published meanwhile: their text beside the kept draft.
        let published_meanwhile = drafts
            .iter()
            .filter(|d| matches!(d.state, DraftState::Stale { .. }))
            .filter_map(|d| match &d.edit {
                DraftEdit::Entry { key, .. } => entries.iter().find(|e| &e.change.key() == key),
                DraftEdit::Facts { .. } => None,
            })
            .map(|entry| match &entry.change {
                OverlayChange::Supplement { markdown, .. }
                | OverlayChange::Replace { markdown, .. }
                | OverlayChange::Own { markdown, .. } => markdown.clone(),
                OverlayChange::Hide { .. } => String::new(),
            })
            .collect();
        Ok(Some(TailorSectionView {
            id: id.to_owned(),
            title,
            category,
            policy,
            region_markdown,
            region_revision,
            own: base.is_none(),
            before: supplement(Placement::Before),
            after: supplement(Placement::After),
            replacement,
            hidden,
            state,
            versions,
            own_change: own.cloned(),
            published_meanwhile,
            drafts,
            merge: self.merge_for(id)?.map(|merge| MergeView {
                parts: merge
                    .parts
                    .iter()
                    .map(|part| match part {
                        MergePart::Settled(text) => MergePartView::Settled(text.clone()),
                        MergePart::Conflict(conflict) => MergePartView::Conflict {
                            region: conflict.region_changes(),
                            ours: conflict.our_changes(),
                            ours_text: conflict.ours.clone(),
                        },
                    })
                    .collect(),
            }),
            keep_after: match state {
                TailorState::RemovedByRegion => {
                    self.removed_place(id)?.and_then(|(_, _, after)| after)
                }
                _ => None,
            },
        }))
    }

    /// Where the region's section `id` stood when the region removed it while the hospice
    /// had replaced it: (title, category, the section it came after).
    fn removed_place(
        &self,
        id: &str,
    ) -> Result<Option<(String, String, Option<String>)>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT title, category, after FROM base_section_removed WHERE id = ?1",
            )?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?)
    }

    /// A replaced section the region removed: the hospice keeps its text as an own section
    /// with the same id, title and place, and takes the replacement back; both published
    /// at once, in that order, through the outbox.
    pub fn keep_as_own(
        &mut self,
        organization: &str,
        id: &str,
        note: &str,
    ) -> Result<(), StoreError> {
        let view = self.tailor_section(id)?;
        let Some(view) = view.filter(|v| v.state == TailorState::RemovedByRegion) else {
            return Err(StoreError::Refused(format!(
                "Section `{id}` is not one the region removed while this hospice replaced it."
            )));
        };
        let Some(markdown) = view
            .replacement
            .clone()
            .filter(|text| !text.trim().is_empty())
        else {
            return Err(StoreError::Refused(format!(
                "This hospice has no text of its own for section `{id}` to keep."
            )));
        };
        let version = |key: &EntryKey| {
            let text = key.to_text();
            view.versions
                .iter()
                .find(|(k, _)| *k == text)
                .map_or(0, |(_, version)| *version)
        };
        let own = EntryKey::Own { id: id.to_owned() };
        let tailor = EntryKey::Tailor {
            section: id.to_owned(),
        };
        let drafts = [
            OverlayDraft {
                based_on: version(&own),
                edit: DraftEdit::Entry {
                    key: own,
                    change: Some(OverlayChange::Own {
                        id: id.to_owned(),
                        title: view.title.clone(),
                        category: view.category.clone(),
                        after: view.keep_after.clone(),
                        tags: Vec::new(),
                        markdown,
                    }),
                },
                note: note.to_owned(),
                must_read: false,
                state: DraftState::Editing,
            },
            OverlayDraft {
                based_on: version(&tailor),
                edit: DraftEdit::Entry {
                    key: tailor,
                    change: None,
                },
                note: note.to_owned(),
                must_read: false,
                state: DraftState::Editing,
            },
        ];
        self.save_overlay_drafts(organization, &drafts, true)
    }
}
