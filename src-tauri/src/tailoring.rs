//! The manager's screens of the hospice's own handbook (issue #13) and their edits. Only a
//! manager of the hospice this device follows, logged in, may open or change them; a draft
//! is saved in the store at once, and publishing it wakes the sync engine.

use kompas_core::merge::{word_diff, Choice};
use kompas_markdown::{render_with_facts, slug, NoFiles};
use kompas_proto::overlay::{
    DraftEdit, DraftState, EntryKey, OverlayChange, OverlayDraft, SectionHistory,
};
use kompas_proto::tailoring::{
    HistoryView, MergeChoice, OverlayEdit, OverlayEditOutcome, RevisionChange, RevisionView,
    TailorSectionView, TailoringView,
};
use kompas_proto::{CommandError, ErrorCode};

use crate::state::AppState;

impl AppState {
    /// The hospice this device follows, if a manager of it is logged in; else why not.
    fn managed(&self) -> Result<(String, String), CommandError> {
        let view = self.engine().view();
        match (self.managed_organization(), view.organization) {
            (Some(id), Some(choice)) => Ok((id, choice.name)),
            _ => Err(CommandError::new(
                ErrorCode::NotPossible,
                "only a manager of the hospice this device follows may tailor its handbook: \
                 log in as one in the settings",
            )),
        }
    }

    pub fn tailoring_page(&self) -> Result<TailoringView, CommandError> {
        let (_, name) = self.managed()?;
        self.read(|r| r.tailoring(&name))
    }

    pub fn tailor_section_page(&self, id: &str) -> Result<TailorSectionView, CommandError> {
        self.managed()?;
        self.read(|r| r.tailor_section(id))?.ok_or_else(|| {
            CommandError::new(ErrorCode::NotFound, format!("no section with id `{id}`"))
        })
    }

    pub fn edit_overlay(&self, edit: OverlayEdit) -> Result<OverlayEditOutcome, CommandError> {
        let (organization, _) = self.managed()?;
        match edit {
            OverlayEdit::Save { drafts, publish } => {
                self.write(|store| store.save_overlay_drafts(&organization, &drafts, publish))?;
                if publish {
                    self.engine().sync_now();
                    Ok(OverlayEditOutcome::Published)
                } else {
                    Ok(OverlayEditOutcome::Saved)
                }
            }
            OverlayEdit::Discard { key } => {
                self.write(|store| store.discard_overlay_draft(&key))?;
                Ok(OverlayEditOutcome::Discarded)
            }
            OverlayEdit::Merge { id, choices } => {
                let merge = self.read(|r| r.merge_for(&id))?.ok_or_else(|| {
                    CommandError::new(
                        ErrorCode::NotPossible,
                        format!("there is nothing to merge in section `{id}` (any more)"),
                    )
                })?;
                let choices: Vec<Option<Choice>> = choices
                    .into_iter()
                    .map(|choice| {
                        choice.map(|choice| match choice {
                            MergeChoice::Region => Choice::Region,
                            MergeChoice::Ours => Choice::Ours,
                            MergeChoice::Both => Choice::Both,
                            MergeChoice::Own(text) => Choice::Own(text),
                        })
                    })
                    .collect();
                let markdown = merge
                    .resolve_partial(&choices)
                    .map_err(|e| CommandError::new(ErrorCode::NotPossible, e.to_string()))?;
                Ok(OverlayEditOutcome::Merged { markdown })
            }
            OverlayEdit::AddOwn {
                title,
                after,
                markdown,
                note,
            } => {
                let title = title.trim().to_owned();
                if title.is_empty() || markdown.trim().is_empty() {
                    return Err(CommandError::new(
                        ErrorCode::NotPossible,
                        "an own section needs a title and a text",
                    ));
                }
                let place = self.read(|r| r.section(&after))?.ok_or_else(|| {
                    CommandError::new(ErrorCode::NotFound, format!("no section `{after}`"))
                })?;
                // The id from the title, unique among every section there is or is drafted.
                let stem = match slug(&title) {
                    stem if stem.is_empty() => "eigen-onderdeel".to_owned(),
                    stem => stem,
                };
                let mut id = stem.clone();
                let mut n = 1;
                while self.read(|r| r.section(&id))?.is_some()
                    || self.read(|r| r.tailor_section(&id))?.is_some()
                {
                    n += 1;
                    id = format!("{stem}-{n}");
                }
                let draft = OverlayDraft {
                    edit: DraftEdit::Entry {
                        key: EntryKey::Own { id: id.clone() },
                        change: Some(OverlayChange::Own {
                            id,
                            title,
                            category: place.category,
                            after: Some(after),
                            tags: Vec::new(),
                            markdown,
                        }),
                    },
                    based_on: 0,
                    note,
                    must_read: false,
                    state: DraftState::Editing,
                };
                self.edit_overlay(OverlayEdit::Save {
                    drafts: vec![draft],
                    publish: true,
                })
            }
            OverlayEdit::KeepAsOwn { id, note } => {
                self.write(|store| store.keep_as_own(&organization, &id, &note))?;
                self.engine().sync_now();
                Ok(OverlayEditOutcome::Published)
            }
            OverlayEdit::Diff { old, new } => Ok(OverlayEditOutcome::Diff {
                changes: word_diff(&old, &new),
            }),
            OverlayEdit::Preview { markdown } => {
                let facts = self.read(|r| r.facts())?;
                let rendered = render_with_facts(&markdown, &NoFiles, &facts.values);
                Ok(OverlayEditOutcome::Preview {
                    html: rendered.html,
                })
            }
        }
    }
}

/// The history of a section as the manager's screen shows it, from the server's answer.
pub fn history_view(history: SectionHistory) -> HistoryView {
    let mut revisions: Vec<RevisionView> = history
        .base
        .into_iter()
        .map(|base| RevisionView {
            change: if base.removed {
                RevisionChange::RegionRemoved
            } else {
                RevisionChange::Region
            },
            number: base.revision,
            at: base.published_at,
            by: String::new(),
            note: base.change_note,
            text: base.body,
        })
        .collect();
    revisions.extend(history.local.into_iter().map(|local| {
        let (change, text) = match local.change {
            None => (RevisionChange::TakenBack, String::new()),
            Some(OverlayChange::Supplement { markdown, .. }) => {
                (RevisionChange::Supplement, markdown)
            }
            Some(OverlayChange::Replace { markdown, .. }) => (RevisionChange::Replaced, markdown),
            Some(OverlayChange::Hide { .. }) => (RevisionChange::Hidden, String::new()),
            Some(OverlayChange::Own { markdown, .. }) => (RevisionChange::Own, markdown),
        };
        RevisionView {
            change,
            number: local.version,
            at: local.published_at,
            by: local.by,
            note: local.note,
            text,
        }
    }));
    // RFC 3339 times of one server sort as text.
    revisions.sort_by(|a, b| a.at.cmp(&b.at));
    HistoryView {
        id: history.section,
        revisions,
    }
}
