//! Three-way merge of a section's text, and word-level differences for people.
//!
//! When the region changes a section a hospice replaced, the hospice's text (ours) and the
//! region's new text both descend from the base text the replacement was made from. Lines
//! only one side changed are taken from that side; a passage both changed differently is
//! a [`Conflict`], kept as its three texts so the app can show it as a card with the
//! word-level differences of both sides ([`word_diff`]) and let the manager choose
//! ([`Choice`]). Nothing here writes conflict markers: a merge is either settled text or
//! a question to a person.
//!
//! The line merge is `similar`'s `TextMerge` (structured regions; pinned in Cargo.toml).

use kompas_proto::overlay::{ChangeKind, WordChange};
use similar::{ChangeTag, MergeResolution, TextDiff, TextMerge};

/// The outcome of merging the region's new text into a hospice's own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub parts: Vec<MergePart>,
}

/// A run of the merged text: settled, or a passage a person must decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergePart {
    Settled(String),
    Conflict(Conflict),
}

/// A passage both the region and the hospice changed, differently: its text in the base
/// the hospice started from, in the region's new text, and in the hospice's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub base: String,
    pub region: String,
    pub ours: String,
}

impl Conflict {
    /// What the region changed in this passage, word by word.
    pub fn region_changes(&self) -> Vec<WordChange> {
        word_diff(&self.base, &self.region)
    }

    /// What the hospice changed in this passage, word by word.
    pub fn our_changes(&self) -> Vec<WordChange> {
        word_diff(&self.base, &self.ours)
    }
}

/// A manager's decision on one conflict card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// "Tekst van de regio".
    Region,
    /// "Onze tekst".
    Ours,
    /// "Beide behouden": the region's passage, then ours.
    Both,
    /// "Zelf aanpassen": the manager's own text for the passage.
    Own(String),
}

/// Why a set of choices cannot make the text yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("{undecided} of {conflicts} passages are not decided yet: choose a text for each card before saving")]
    Undecided { undecided: usize, conflicts: usize },
    #[error("{choices} choices were given for {conflicts} passages")]
    TooManyChoices { choices: usize, conflicts: usize },
}

/// Merges `region` (the region's new text) and `ours` (the hospice's text), both made from
/// `base`. Line ends are normalised to `\n` and every text ends with one, so a missing
/// final line end is not a change.
pub fn three_way_merge(base: &str, region: &str, ours: &str) -> Merge {
    let base = normalise(base);
    let region = normalise(region);
    let ours = normalise(ours);
    let merge = TextMerge::from_lines(base.as_str(), ours.as_str(), region.as_str());
    let lines = |side: Side, range: std::ops::Range<usize>| -> String {
        range
            .filter_map(|index| match side {
                Side::Base => merge.base_line(index),
                Side::Ours => merge.ours_line(index),
                Side::Region => merge.theirs_line(index),
            })
            .collect()
    };
    let mut parts: Vec<MergePart> = Vec::new();
    for region_of_merge in merge.regions() {
        let settled = match region_of_merge.resolution() {
            MergeResolution::Unchanged => lines(Side::Base, region_of_merge.base_range()),
            MergeResolution::Theirs => lines(Side::Region, region_of_merge.theirs_range()),
            // A change both sides made alike is taken once.
            MergeResolution::Ours | MergeResolution::Both => {
                lines(Side::Ours, region_of_merge.ours_range())
            }
            // `MergeResolution` is non-exhaustive: anything new is asked, never guessed.
            _ => {
                parts.push(MergePart::Conflict(Conflict {
                    base: lines(Side::Base, region_of_merge.base_range()),
                    region: lines(Side::Region, region_of_merge.theirs_range()),
                    ours: lines(Side::Ours, region_of_merge.ours_range()),
                }));
                continue;
            }
        };
        if settled.is_empty() {
            continue;
        }
        match parts.last_mut() {
            Some(MergePart::Settled(text)) => text.push_str(&settled),
            _ => parts.push(MergePart::Settled(settled)),
        }
    }
    Merge { parts }
}

#[derive(Clone, Copy)]
enum Side {
    Base,
    Ours,
    Region,
}

fn normalise(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n");
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

impl Merge {
    pub fn conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.parts.iter().filter_map(|part| match part {
            MergePart::Conflict(conflict) => Some(conflict),
            MergePart::Settled(_) => None,
        })
    }

    pub fn conflict_count(&self) -> usize {
        self.conflicts().count()
    }

    /// The merged text when nothing needs a decision: a proposal the manager accepts with
    /// one tap.
    pub fn clean_text(&self) -> Option<String> {
        (self.conflict_count() == 0).then(|| self.resolve(&[]).unwrap_or_default())
    }

    /// The text with each conflict decided by the choice at its position (`None`: not
    /// decided yet). Saving is possible only when every card is decided.
    pub fn resolve_partial(&self, choices: &[Option<Choice>]) -> Result<String, ResolveError> {
        let conflicts = self.conflict_count();
        if choices.len() > conflicts {
            return Err(ResolveError::TooManyChoices {
                choices: choices.len(),
                conflicts,
            });
        }
        let decided = choices.iter().flatten().count();
        if decided < conflicts {
            return Err(ResolveError::Undecided {
                undecided: conflicts - decided,
                conflicts,
            });
        }
        let mut text = String::new();
        let mut choices = choices.iter().flatten();
        for part in &self.parts {
            match part {
                MergePart::Settled(settled) => text.push_str(settled),
                MergePart::Conflict(conflict) => match choices.next() {
                    Some(Choice::Region) => text.push_str(&conflict.region),
                    Some(Choice::Ours) | None => text.push_str(&conflict.ours),
                    Some(Choice::Both) => {
                        text.push_str(&conflict.region);
                        text.push_str(&conflict.ours);
                    }
                    Some(Choice::Own(own)) => text.push_str(&normalise(own)),
                },
            }
        }
        Ok(text)
    }

    /// [`Merge::resolve_partial`] with every card decided.
    pub fn resolve(&self, choices: &[Choice]) -> Result<String, ResolveError> {
        let choices: Vec<Option<Choice>> = choices.iter().cloned().map(Some).collect();
        self.resolve_partial(&choices)
    }
}

/// The words `new` added to and removed from `old`, in reading order, with unchanged runs
/// between them: for history ("wat is er veranderd") and conflict cards. Runs of the same
/// kind are joined, so a reader sees phrases, not single words.
pub fn word_diff(old: &str, new: &str) -> Vec<WordChange> {
    let diff = TextDiff::from_words(old, new);
    let mut runs: Vec<WordChange> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => ChangeKind::Same,
            ChangeTag::Insert => ChangeKind::Added,
            ChangeTag::Delete => ChangeKind::Removed,
        };
        match runs.last_mut() {
            Some(run) if run.kind == kind => run.text.push_str(change.value()),
            _ => runs.push(WordChange {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests;
