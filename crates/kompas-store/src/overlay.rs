//! A hospice's own handbook on the device (issue #13): the region's sections as the server
//! published them (`base_section`, with the server's revisions), the hospice's overlay as
//! published (`overlay_entry`, `overlay_facts`), and the effective handbook composed from
//! both with `kompas_core::overlay::effective_handbook` into the `section` table that the
//! screens and search read. Written only inside a page's transaction (`apply_changes`).

use std::collections::BTreeMap;

use kompas_core::overlay::{
    effective_handbook, handbook_fingerprint, BaseSection, Composed, EffectiveSection, Origin,
};
use kompas_core::Section;
use kompas_proto::overlay::{LocalPolicy, Overlay, OverlayDelta, OverlayEntry, VersionedFacts};
use kompas_proto::SectionSource;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{Store, StoreError};

/// Where a shown section's text comes from, from where it was composed.
pub(crate) fn source_of(origin: Origin) -> SectionSource {
    match origin {
        Origin::Region => SectionSource::Region,
        Origin::Supplemented => SectionSource::Supplemented,
        Origin::Replaced {
            region_changed: false,
        } => SectionSource::Replaced,
        Origin::Replaced {
            region_changed: true,
        } => SectionSource::ReplacedRegionChanged,
        Origin::Own => SectionSource::Own,
    }
}

fn origin_of(source: SectionSource) -> Origin {
    match source {
        SectionSource::Region => Origin::Region,
        SectionSource::Supplemented => Origin::Supplemented,
        SectionSource::Replaced => Origin::Replaced {
            region_changed: false,
        },
        SectionSource::ReplacedRegionChanged => Origin::Replaced {
            region_changed: true,
        },
        SectionSource::Own => Origin::Own,
    }
}

/// A section to show, with where it stands and where its text comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placed<'a> {
    pub section: &'a Section,
    pub sort_after: u32,
    pub source: SectionSource,
}

impl<'a> Placed<'a> {
    /// A section of the region as published (or as bundled with the app).
    pub(crate) fn region(section: &'a Section) -> Placed<'a> {
        Placed {
            section,
            sort_after: 0,
            source: SectionSource::Region,
        }
    }

    pub(crate) fn effective(effective: &'a EffectiveSection) -> Placed<'a> {
        Placed {
            section: &effective.section,
            sort_after: effective.sort_after,
            source: source_of(effective.origin),
        }
    }
}

/// Writes the region's sections of a page and removes the removed ones.
pub(crate) fn write_base(
    conn: &Connection,
    sections: &[BaseSection],
    removed: &[String],
) -> Result<(), StoreError> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO base_section (id, revision, title, category, category_rank, sort_order,
             tags, critical, review_by, local_policy, body, source_path, change_note, must_read)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (id) DO UPDATE SET
             revision = excluded.revision, title = excluded.title,
             category = excluded.category, category_rank = excluded.category_rank,
             sort_order = excluded.sort_order, tags = excluded.tags,
             critical = excluded.critical, review_by = excluded.review_by,
             local_policy = excluded.local_policy, body = excluded.body,
             source_path = excluded.source_path, change_note = excluded.change_note,
             must_read = excluded.must_read",
    )?;
    // The region's text a replacement was made from stays readable for the merge.
    let mut keep = conn.prepare_cached(
        "INSERT OR IGNORE INTO base_section_history (id, revision, body)
         SELECT id, revision, body FROM base_section
         WHERE id = ?1 AND revision <> ?2
           AND EXISTS (SELECT 1 FROM overlay_entry WHERE entry_key = 'tailor:' || ?1)",
    )?;
    for base in sections {
        let section = &base.section;
        keep.execute(params![section.id, base.revision])?;
        upsert.execute(params![
            section.id,
            base.revision,
            section.title,
            section.category,
            section.category_rank,
            section.order,
            serde_json::to_string(&section.tags).unwrap_or_else(|_| "[]".into()),
            section.critical,
            section.review_by.map(|d| d.to_string()),
            section.local_policy.as_str(),
            section.body,
            section.source_path,
            section.change_note,
            section.must_read,
        ])?;
    }
    // Where a replaced section stood, for keeping the hospice's text as its own section.
    let mut remember = conn.prepare_cached(
        "INSERT OR REPLACE INTO base_section_removed (id, title, category, after)
         SELECT b.id, b.title, b.category,
                (SELECT p.id FROM base_section p
                  WHERE p.category_rank = b.category_rank AND p.id <> b.id
                    AND (p.sort_order < b.sort_order
                         OR (p.sort_order = b.sort_order AND p.title < b.title))
                  ORDER BY p.sort_order DESC, p.title DESC LIMIT 1)
         FROM base_section b
         WHERE b.id = ?1
           AND EXISTS (SELECT 1 FROM overlay_entry WHERE entry_key = 'tailor:' || ?1)",
    )?;
    let mut delete = conn.prepare_cached("DELETE FROM base_section WHERE id = ?1")?;
    for id in removed {
        remember.execute([id])?;
        delete.execute([id])?;
    }
    Ok(())
}

/// Applies what changed in the hospice's overlay.
pub(crate) fn apply_delta(conn: &Connection, delta: &OverlayDelta) -> Result<(), StoreError> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO overlay_entry (entry_key, entry) VALUES (?1, ?2)
         ON CONFLICT (entry_key) DO UPDATE SET entry = excluded.entry",
    )?;
    for entry in &delta.entries {
        let json = serde_json::to_string(entry)
            .map_err(|e| StoreError::Unreadable(format!("cannot store an overlay entry: {e}")))?;
        upsert.execute(params![entry.change.key().to_text(), json])?;
    }
    let mut delete = conn.prepare_cached("DELETE FROM overlay_entry WHERE entry_key = ?1")?;
    for key in &delta.taken_back {
        delete.execute([key.to_text()])?;
    }
    if let Some(facts) = &delta.facts {
        let json = serde_json::to_string(&facts.values)
            .map_err(|e| StoreError::Unreadable(format!("cannot store the facts: {e}")))?;
        conn.execute(
            "INSERT INTO overlay_facts (id, facts, version) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET facts = excluded.facts, version = excluded.version",
            params![json, facts.version],
        )?;
    }
    Ok(())
}

/// Whether the hospice tailors anything (an entry, or a fact filled in).
pub(crate) fn is_tailored(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM overlay_entry)
             OR EXISTS (SELECT 1 FROM overlay_facts WHERE facts <> '{}')",
        [],
        |row| row.get(0),
    )?)
}

/// The region's sections as published.
pub(crate) fn base_sections(conn: &Connection) -> Result<Vec<BaseSection>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, revision, title, category, category_rank, sort_order, tags, critical,
                review_by, local_policy, body, source_path, change_note, must_read
         FROM base_section",
    )?;
    let rows = statement.query_map([], |row| {
        let tags: String = row.get(6)?;
        let review_by: Option<String> = row.get(8)?;
        let policy: String = row.get(9)?;
        Ok(BaseSection {
            section: Section {
                id: row.get(0)?,
                title: row.get(2)?,
                category: row.get(3)?,
                category_rank: row.get(4)?,
                order: row.get(5)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                critical: row.get(7)?,
                review_by: review_by.and_then(|d| d.parse().ok()),
                local_policy: LocalPolicy::from_word(&policy).unwrap_or_default(),
                change_note: row.get(12)?,
                must_read: row.get(13)?,
                body: row.get(10)?,
                source_path: row.get(11)?,
            },
            revision: row.get(1)?,
            must_read: None,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The hospice's overlay as published, and the version of its facts.
pub(crate) fn overlay(conn: &Connection) -> Result<(Overlay, i64), StoreError> {
    let mut statement = conn.prepare_cached("SELECT entry_key, entry FROM overlay_entry")?;
    let mut entries: Vec<OverlayEntry> = Vec::new();
    for row in statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })? {
        let (key, json) = row?;
        let entry = serde_json::from_str(&json).map_err(|_| {
            StoreError::Unreadable(format!(
                "the stored overlay entry `{key}` is unreadable; sync again from the start \
                 (log out and in) to fetch it anew"
            ))
        })?;
        entries.push(entry);
    }
    // In the order they were published.
    entries.sort_by_key(|entry| entry.version);
    let facts = conn
        .query_row(
            "SELECT facts, version FROM overlay_facts WHERE id = 1",
            [],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)),
        )
        .optional()?;
    let (facts, version) = match facts {
        Some((json, version)) => (
            serde_json::from_str::<BTreeMap<String, String>>(&json).map_err(|_| {
                StoreError::Unreadable(
                    "the stored facts of the hospice are unreadable; sync again from the start \
                     (log out and in) to fetch them anew"
                        .to_owned(),
                )
            })?,
            version,
        ),
        None => (BTreeMap::new(), 0),
    };
    Ok((Overlay { facts, entries }, version))
}

/// The effective handbook of what is stored, and the facts it is shown with.
pub(crate) fn compose(
    conn: &Connection,
) -> Result<(Composed, BTreeMap<String, String>), StoreError> {
    let base = base_sections(conn)?;
    let (overlay, _) = overlay(conn)?;
    Ok((effective_handbook(&base, &overlay), overlay.facts))
}

impl Store {
    /// The hospice's facts as published, with their version (0: never filled in).
    pub fn facts(&self) -> Result<VersionedFacts, StoreError> {
        let (overlay, version) = overlay(&self.conn)?;
        Ok(VersionedFacts {
            values: overlay.facts,
            version,
        })
    }

    /// The fingerprint of the handbook this device shows from a server, read back from
    /// the shown sections (`kompas_core::overlay::handbook_fingerprint`): the server's
    /// fingerprint of the same hospice is the same when both show the same handbook.
    pub fn shown_handbook_fingerprint(&self) -> Result<String, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, title, category, category_rank, sort_order, tags, critical, review_by,
                    body, source_path, sort_after, tailoring
             FROM section WHERE origin = 'server'
             ORDER BY category_rank, sort_order, sort_after, title, id",
        )?;
        let policies: BTreeMap<String, LocalPolicy> = base_sections(&self.conn)?
            .into_iter()
            .map(|base| (base.section.id, base.section.local_policy))
            .collect();
        let rows = statement.query_map([], |row| {
            let tags: String = row.get(5)?;
            let review_by: Option<String> = row.get(7)?;
            let tailoring: String = row.get(11)?;
            Ok(EffectiveSection {
                section: Section {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    category: row.get(2)?,
                    category_rank: row.get(3)?,
                    order: row.get(4)?,
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    critical: row.get(6)?,
                    review_by: review_by.and_then(|d| d.parse().ok()),
                    local_policy: LocalPolicy::default(),
                    change_note: String::new(),
                    must_read: false,
                    body: row.get(8)?,
                    source_path: row.get(9)?,
                },
                origin: origin_of(SectionSource::from_word(&tailoring)),
                base_revision: None,
                sort_after: row.get(10)?,
            })
        })?;
        let mut sections = rows.collect::<Result<Vec<_>, _>>()?;
        for shown in &mut sections {
            if let Some(policy) = policies.get(&shown.section.id) {
                shown.section.local_policy = *policy;
            }
        }
        let (overlay, _) = overlay(&self.conn)?;
        Ok(handbook_fingerprint(
            &Composed {
                sections,
                set_aside: Vec::new(),
            },
            &overlay.facts,
        ))
    }
}
