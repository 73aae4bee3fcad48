//! Base ⊕ overlay: the effective handbook of one hospice, computed the same way on the
//! device and the server, and its fingerprint.

use std::collections::{BTreeMap, HashMap};

use kompas_markdown::placeholder::{self, Facts};
use kompas_proto::overlay::{LocalPolicy, Overlay, OverlayChange, Placement};
use kompas_proto::sync::WireSection;

use super::EntryKey;
use crate::fingerprint::{fields_digest, fingerprint};
use crate::Section;

/// A base section as published by the region, with its server revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseSection {
    pub section: Section,
    pub revision: i64,
    /// The newest revision marked must read (this one or an earlier one), with its note,
    /// as the server sent it; `None`: none, or a server that sends only `must_read`.
    pub must_read: Option<(i64, String)>,
}

impl BaseSection {
    /// A section as the server sends it. The error names what the server got wrong.
    pub fn from_wire(wire: &WireSection) -> Result<BaseSection, String> {
        let review_by = wire
            .review_by
            .as_deref()
            .map(|date| {
                chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                    .map_err(|_| format!("bad review date `{date}` of section `{}`", wire.id))
            })
            .transpose()?;
        Ok(BaseSection {
            section: Section {
                id: wire.id.clone(),
                title: wire.title.clone(),
                category: wire.category.clone(),
                category_rank: wire.category_rank,
                order: wire.order,
                tags: wire.tags.clone(),
                critical: wire.critical,
                review_by,
                local_policy: wire.local_policy,
                change_note: wire.change_note.clone(),
                must_read: wire.must_read,
                body: wire.body.clone(),
                source_path: wire.source_path.clone(),
            },
            revision: wire.revision,
            must_read: wire
                .must_read_revision
                .map(|revision| (revision, wire.must_read_note.clone())),
        })
    }
}

/// Where an effective section's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The region's text as published.
    Region,
    /// The region's text with the hospice's block before and/or after it.
    Supplemented,
    /// The hospice's own text for a base section. `region_changed`: the region published
    /// a newer revision since; volunteers keep seeing this text, with a small mark, until
    /// a manager decides.
    Replaced { region_changed: bool },
    /// A section of the hospice's own.
    Own,
}

/// One section of the effective handbook. The body may hold placeholders: render it with
/// the overlay's facts (`kompas_markdown::render_with_facts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveSection {
    pub section: Section,
    pub origin: Origin,
    /// The base revision shown or replaced (`None` for an own section).
    pub base_revision: Option<i64>,
    /// Where it stands among sections of the same category and order: 0 for the region's
    /// sections, 1, 2, … for own sections after one. An own section takes the order of
    /// the section it follows, so adding one changes no other section.
    pub sort_after: u32,
}

/// Why an overlay entry is not part of the effective handbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetAside {
    /// The region removed the section this entry is about.
    SectionRemoved { key: EntryKey },
    /// The region's `lokaal:` does not allow this change (any more).
    Locked { key: EntryKey, policy: LocalPolicy },
    /// An own section's id is a base section's id (the region published one with it).
    IdTaken { key: EntryKey },
}

/// The effective handbook, with the entries that could not be applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composed {
    /// In reading order: by category, then order within it.
    pub sections: Vec<EffectiveSection>,
    pub set_aside: Vec<SetAside>,
}

/// Base ⊕ overlay. `base` may come in any order; the result is in reading order (the
/// store's: category rank, order, [`EffectiveSection::sort_after`], title). Own sections
/// come after the section they name, in their category (several after one section by
/// title), else at the end of their category; they take that section's order and a
/// `sort_after` of their own, so no section of the region is numbered anew.
pub fn effective_handbook(base: &[BaseSection], overlay: &Overlay) -> Composed {
    let mut set_aside = Vec::new();
    let mut supplements: HashMap<(&str, Placement), &str> = HashMap::new();
    let mut tailored: HashMap<&str, &OverlayChange> = HashMap::new();
    let mut own: Vec<&OverlayChange> = Vec::new();
    let by_id: HashMap<&str, &BaseSection> = base
        .iter()
        .map(|base| (base.section.id.as_str(), base))
        .collect();

    for entry in &overlay.entries {
        let change = &entry.change;
        let key = change.key();
        if let OverlayChange::Own { id, .. } = change {
            if by_id.contains_key(id.as_str()) {
                set_aside.push(SetAside::IdTaken { key });
            } else {
                own.push(change);
            }
            continue;
        }
        let Some(section) = change.base_section().and_then(|id| by_id.get(id)) else {
            set_aside.push(SetAside::SectionRemoved { key });
            continue;
        };
        let policy = section.section.local_policy;
        if !allows(policy, change) {
            set_aside.push(SetAside::Locked { key, policy });
            continue;
        }
        match change {
            OverlayChange::Supplement {
                section,
                placement,
                markdown,
            } => {
                supplements.insert((section.as_str(), *placement), markdown.as_str());
            }
            OverlayChange::Replace { section, .. } | OverlayChange::Hide { section, .. } => {
                tailored.insert(section.as_str(), change);
            }
            OverlayChange::Own { .. } => {}
        }
    }

    let mut ordered: Vec<&BaseSection> = base.iter().collect();
    ordered.sort_by(|a, b| {
        let (a, b) = (&a.section, &b.section);
        (a.category_rank, a.order, &a.title, &a.id).cmp(&(
            b.category_rank,
            b.order,
            &b.title,
            &b.id,
        ))
    });

    let mut sections: Vec<EffectiveSection> = Vec::with_capacity(base.len() + own.len());
    for base_section in ordered {
        let id = base_section.section.id.as_str();
        let mut section = base_section.section.clone();
        let mut origin = Origin::Region;
        match tailored.get(id) {
            Some(OverlayChange::Hide { .. }) => continue,
            Some(OverlayChange::Replace {
                base_revision,
                markdown,
                ..
            }) => {
                section.body = markdown.clone();
                origin = Origin::Replaced {
                    region_changed: base_section.revision > *base_revision,
                };
            }
            _ => {}
        }
        let before = supplements.get(&(id, Placement::Before));
        let after = supplements.get(&(id, Placement::After));
        if before.is_some() || after.is_some() {
            section.body =
                join_blocks([before.copied(), Some(section.body.as_str()), after.copied()]);
            if origin == Origin::Region {
                origin = Origin::Supplemented;
            }
        }
        section.title = placeholder::fill_plain(&section.title, &overlay.facts).into_owned();
        sections.push(EffectiveSection {
            section,
            origin,
            base_revision: Some(base_section.revision),
            sort_after: 0,
        });
    }

    place_own_sections(&mut sections, &own, &overlay.facts);
    // Exactly the store's reading order, so device and server hash the same sequence: an
    // own section follows every section of the order of the one it names.
    sections.sort_by(|a, b| {
        (
            a.section.category_rank,
            a.section.order,
            a.sort_after,
            &a.section.title,
            &a.section.id,
        )
            .cmp(&(
                b.section.category_rank,
                b.section.order,
                b.sort_after,
                &b.section.title,
                &b.section.id,
            ))
    });
    Composed {
        sections,
        set_aside,
    }
}

/// Whether a section's policy allows a change. Own sections are not about a base section.
pub fn allows(policy: LocalPolicy, change: &OverlayChange) -> bool {
    match (policy, change) {
        (_, OverlayChange::Own { .. }) => true,
        (LocalPolicy::Fixed, _) => false,
        (LocalPolicy::AppendOnly, OverlayChange::Supplement { .. }) => true,
        (LocalPolicy::AppendOnly, _) => false,
        (LocalPolicy::Replaceable, _) => true,
    }
}

fn join_blocks<'a>(blocks: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut body = String::new();
    for block in blocks.into_iter().flatten() {
        let block = block.trim_matches('\n');
        if block.trim().is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(block);
    }
    body.push('\n');
    body
}

/// Own sections in an order where one that follows another own section comes after it
/// (so it finds its place); otherwise as given. A cycle is placed as given.
fn placing_order(mut pending: Vec<&OverlayChange>) -> Vec<&OverlayChange> {
    let own_id = |change: &OverlayChange| match change {
        OverlayChange::Own { id, .. } => id.clone(),
        _ => String::new(),
    };
    let mut ordered = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let waiting: std::collections::HashSet<String> =
            pending.iter().map(|c| own_id(c)).collect();
        let (ready, wait): (Vec<&OverlayChange>, Vec<&OverlayChange>) =
            pending.into_iter().partition(|change| match change {
                OverlayChange::Own {
                    after: Some(after),
                    id,
                    ..
                } => after == id || !waiting.contains(after),
                _ => true,
            });
        if ready.is_empty() {
            ordered.extend(wait);
            break;
        }
        ordered.extend(ready);
        pending = wait;
    }
    ordered
}

fn place_own_sections(
    sections: &mut Vec<EffectiveSection>,
    own: &[&OverlayChange],
    facts: &BTreeMap<String, String>,
) {
    if own.is_empty() {
        return;
    }
    // Several after one section stand by title: an order that does not change when one
    // of them is edited.
    let mut own: Vec<&OverlayChange> = own.to_vec();
    own.sort_by_key(|change| match change {
        OverlayChange::Own { title, id, .. } => (title.to_lowercase(), id.clone()),
        _ => (String::new(), String::new()),
    });
    for change in placing_order(own) {
        let OverlayChange::Own {
            id,
            title,
            category,
            after,
            tags,
            markdown,
        } = change
        else {
            continue;
        };
        let category_rank = sections
            .iter()
            .find(|s| &s.section.category == category)
            .map(|s| s.section.category_rank)
            .unwrap_or_else(|| {
                sections
                    .iter()
                    .map(|s| s.section.category_rank + 1)
                    .max()
                    .unwrap_or(0)
            });
        let in_category = |s: &EffectiveSection| &s.section.category == category;
        // After the named section (and after own sections already placed after it), else
        // at the end of the category, else at the end of the handbook.
        let position = after
            .as_deref()
            .and_then(|after| {
                sections
                    .iter()
                    .position(|s| s.section.id == after && in_category(s))
            })
            .map(|at| {
                let mut at = at + 1;
                while sections
                    .get(at)
                    .is_some_and(|s| s.origin == Origin::Own && in_category(s))
                {
                    at += 1;
                }
                at
            })
            .or_else(|| sections.iter().rposition(in_category).map(|at| at + 1))
            .unwrap_or(sections.len());
        // The order of the section it follows, and one more than the own section before.
        let (order, sort_after) = position
            .checked_sub(1)
            .and_then(|before| sections.get(before))
            .filter(|before| in_category(before))
            .map_or((0, 1), |before| {
                (before.section.order, before.sort_after.saturating_add(1))
            });
        let section = Section {
            id: id.clone(),
            title: placeholder::fill_plain(title, facts).into_owned(),
            category: category.clone(),
            category_rank,
            order,
            tags: tags.clone(),
            critical: false,
            review_by: None,
            local_policy: LocalPolicy::default(),
            change_note: String::new(),
            must_read: false,
            body: markdown.clone(),
            source_path: format!("eigen/{id}.md"),
        };
        sections.insert(
            position,
            EffectiveSection {
                section,
                origin: Origin::Own,
                base_revision: None,
                sort_after,
            },
        );
    }
}

/// One hash of an effective handbook and the facts its text is shown with: device and
/// server compare it to know they show a hospice the same handbook.
pub fn handbook_fingerprint(composed: &Composed, facts: &BTreeMap<String, String>) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(composed.sections.len() * 3 + facts.len() * 2);
    for effective in &composed.sections {
        parts.push(effective.section.id.clone());
        parts.push(fingerprint(&effective.section));
        parts.push(match effective.origin {
            Origin::Region => "region".to_owned(),
            Origin::Supplemented => "supplemented".to_owned(),
            Origin::Replaced { region_changed } => format!("replaced:{region_changed}"),
            Origin::Own => format!("own:{}", effective.sort_after),
        });
    }
    for key in facts.keys() {
        if let Some(value) = facts.fact(key) {
            parts.push(key.clone());
            parts.push(value.to_owned());
        }
    }
    format!(
        "h1:{}",
        fields_digest(
            std::iter::once(b"handbook".as_slice()).chain(parts.iter().map(|p| p.as_bytes()))
        )
    )
}
