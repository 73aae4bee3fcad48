//! Sections: import with revisions, the handbook by category, reading one, recent reading.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use kompas_core::check::resolve_relative;
use kompas_core::fingerprint::{compare, fingerprint, Comparison};
use kompas_core::overlay::BaseSection;
use kompas_core::Section;
use kompas_markdown::placeholder::fill_plain;
use kompas_markdown::{render_with_facts, FileLinkResolver};
use kompas_proto::overlay::OverlayDelta;
use kompas_proto::{CategoryView, HomeView, SectionSource, SectionSummary, SectionView, TocEntry};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::overlay::{self, Placed};
use crate::reading;
use crate::search::words::{index_section, unindex_section, WordCounts};
use crate::sync_state::{write_page_end, PageEnd};
use crate::{Store, StoreError};

/// Sections written by one import after which the search index is merged into one segment.
const TIDY_AFTER: usize = 100;

/// Where a section came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Bundle,
    Server,
}

impl Origin {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Origin::Bundle => "bundle",
            Origin::Server => "server",
        }
    }
}

/// One page of changes from the server, as [`Store::apply_changes`] takes it.
#[derive(Debug, Clone, Copy)]
pub struct Changes<'a> {
    /// The region's new and changed sections, with the server's revisions.
    pub sections: &'a [BaseSection],
    /// Ids of the region's sections that were removed.
    pub removed: &'a [String],
    /// What changed in the hospice's own overlay, if anything.
    pub overlay: Option<&'a OverlayDelta>,
}

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Resolves `.md` links of one section against the paths of the imported bundle.
struct BundlePaths<'a> {
    ids_by_path: &'a HashMap<&'a str, &'a str>,
    from: &'a str,
}

impl FileLinkResolver for BundlePaths<'_> {
    fn section_id_for_file(&self, relative_path: &str) -> Option<String> {
        let path = resolve_relative(self.from, relative_path)?;
        self.ids_by_path
            .get(path.as_str())
            .map(|id| (*id).to_owned())
    }
}

impl Store {
    /// Replaces the handbook with `sections` in one transaction: new sections are added,
    /// changed ones get a new revision, unchanged ones are left alone (their reading state
    /// stays), and sections that are no longer there are removed.
    pub fn import_sections(&mut self, sections: &[Section]) -> Result<ImportReport, StoreError> {
        let ids_by_path: HashMap<&str, &str> = sections
            .iter()
            .map(|s| (s.source_path.as_str(), s.id.as_str()))
            .collect();
        let tx = self.conn.transaction()?;
        let mut report = ImportReport::default();
        let mut counts = WordCounts::default();
        {
            let existing = existing_fingerprints(&tx)?;
            let placed: Vec<Placed<'_>> = sections.iter().map(Placed::region).collect();
            upsert_sections(
                &tx,
                &placed,
                &ids_by_path,
                &existing,
                &mut report,
                Origin::Bundle,
                &mut counts,
                &BTreeMap::new(),
            )?;
            let seen: HashSet<&str> = sections.iter().map(|s| s.id.as_str()).collect();
            for (id, (rowid, _, _)) in &existing {
                if !seen.contains(id.as_str()) {
                    delete_section(&tx, *rowid, &mut counts)?;
                    report.removed += 1;
                }
            }
        }
        counts.write(&tx)?;
        tx.commit()?;
        if report.added + report.changed + report.removed >= TIDY_AFTER {
            // Committed already: an index left in several segments is only slower.
            let _ = self.tidy_search_index();
        }
        Ok(report)
    }

    /// Applies one page of changes from the server in one transaction, together with
    /// where the page leaves the pull (the sync cursor): a sync killed at any point leaves
    /// either the whole page and its cursor, or neither.
    /// `complete` marks the last page of a first full pull: the sections that came with the
    /// app and not from the server are removed with it.
    ///
    /// The region's sections are kept as published (`base_section`); for a hospice that
    /// tailors its handbook, what is shown is composed from them and the hospice's overlay
    /// (see `overlay.rs`), so a change of either shows at once, and search finds the text
    /// the hospice shows.
    pub fn apply_changes(
        &mut self,
        changes: Changes<'_>,
        end: &PageEnd<'_>,
        complete: bool,
    ) -> Result<ImportReport, StoreError> {
        let tx = self.conn.transaction()?;
        let mut report = ImportReport::default();
        let mut counts = WordCounts::default();
        {
            overlay::write_base(&tx, changes.sections, changes.removed)?;
            if let Some(delta) = changes.overlay {
                overlay::apply_delta(&tx, delta)?;
            }
            let existing = existing_fingerprints(&tx)?;
            // A hospice that tailors: everything is composed anew (an unchanged section
            // costs a fingerprint); else the page's sections are shown as published.
            let tailored = changes.overlay.is_some() || overlay::is_tailored(&tx)?;
            let (composed, facts) = if tailored {
                overlay::compose(&tx)?
            } else {
                Default::default()
            };
            let placed: Vec<Placed<'_>> = if tailored {
                composed.sections.iter().map(Placed::effective).collect()
            } else {
                changes
                    .sections
                    .iter()
                    .map(|base| Placed::region(&base.section))
                    .collect()
            };
            let paths = link_paths(&tx, placed.iter().map(|p| p.section))?;
            upsert_sections(
                &tx,
                &placed,
                &paths.resolver_map(),
                &existing,
                &mut report,
                Origin::Server,
                &mut counts,
                &facts,
            )?;
            if tailored {
                // Shown from the server before, not any more: removed by the region,
                // hidden by the hospice, or an own section taken back.
                let shown: HashSet<&str> = placed.iter().map(|p| p.section.id.as_str()).collect();
                for (id, rowid) in server_sections(&tx)? {
                    if !shown.contains(id.as_str()) {
                        delete_section(&tx, rowid, &mut counts)?;
                        report.removed += 1;
                    }
                }
            } else {
                for id in changes.removed {
                    if let Some((rowid, _, _)) = existing.get(id) {
                        delete_section(&tx, *rowid, &mut counts)?;
                        report.removed += 1;
                    }
                }
            }
            if complete {
                let mut statement =
                    tx.prepare("SELECT rowid FROM section WHERE origin = 'bundle'")?;
                let bundled = statement
                    .query_map([], |row| row.get::<_, i64>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                for rowid in bundled {
                    delete_section(&tx, rowid, &mut counts)?;
                    report.removed += 1;
                }
            }
            let before: reading::RevisionsBefore = existing
                .iter()
                .map(|(id, (_, revision, _))| (id.clone(), *revision))
                .collect();
            reading::record_must_read(&tx, changes.sections, changes.overlay, &before)?;
            write_page_end(&tx, end)?;
        }
        counts.write(&tx)?;
        tx.commit()?;
        if complete {
            // The first full pull wrote the index page by page. Committed already: an
            // index left in several segments is only slower.
            let _ = self.tidy_search_index();
        }
        Ok(report)
    }

    /// The handbook by category, in order.
    pub fn handbook(&self) -> Result<Vec<CategoryView>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.id, s.title, s.category, s.critical, r.read_revision < s.revision
             FROM section s LEFT JOIN reading r ON r.section_id = s.id
             ORDER BY s.category_rank, s.sort_order, s.sort_after, s.title, s.id",
        )?;
        let rows = statement.query_map([], summary_from_row)?;
        let mut categories: Vec<CategoryView> = Vec::new();
        for row in rows {
            let summary = row?;
            match categories.last_mut() {
                Some(category) if category.name == summary.category => {
                    category.sections.push(summary)
                }
                _ => categories.push(CategoryView {
                    name: summary.category.clone(),
                    sections: vec![summary],
                }),
            }
        }
        Ok(categories)
    }

    /// The home screen: every critical protocol, and the most recently read sections.
    pub fn home(&self, recent_limit: usize) -> Result<HomeView, StoreError> {
        let critical = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.title, s.category, s.critical, r.read_revision < s.revision
                 FROM section s LEFT JOIN reading r ON r.section_id = s.id
                 WHERE s.critical = 1
                 ORDER BY s.category_rank, s.sort_order, s.sort_after, s.title, s.id",
            )?
            .query_map([], summary_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let recent = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.title, s.category, s.critical, r.read_revision < s.revision
                 FROM reading r JOIN section s ON s.id = r.section_id
                 ORDER BY r.last_read_at DESC LIMIT ?1",
            )?
            .query_map([recent_limit as i64], summary_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let section_count: u32 =
            self.conn
                .query_row("SELECT count(*) FROM section", [], |row| row.get(0))?;
        Ok(HomeView {
            critical,
            recent,
            section_count,
            must_read: reading::home(&self.conn)?,
        })
    }

    /// One section, ready to read; `None` if there is no section with that id.
    pub fn section(&self, id: &str) -> Result<Option<SectionView>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.title, s.category, s.critical, s.tags, s.review_by, s.html, s.toc,
                        r.read_revision < s.revision, s.tailoring
                 FROM section s LEFT JOIN reading r ON r.section_id = s.id WHERE s.id = ?1",
            )?
            .query_row([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, bool>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, Option<bool>>(8)?.unwrap_or(false),
                    SectionSource::from_word(&row.get::<_, String>(9)?),
                ))
            })
            .optional()?;
        let Some((id, title, category, critical, tags, review_by, html, toc, updated, source)) =
            row
        else {
            return Ok(None);
        };
        let corrupt = |reason: serde_json::Error| StoreError::Corrupt {
            id: id.clone(),
            reason: reason.to_string(),
        };
        let tags: Vec<String> = serde_json::from_str(&tags).map_err(corrupt)?;
        let toc: Vec<(u8, String, String)> = serde_json::from_str(&toc).map_err(corrupt)?;
        let must_read = reading::section(&self.conn, &id)?;
        Ok(Some(SectionView {
            id,
            title,
            category,
            critical,
            tags,
            review_by,
            html,
            updated_since_read: updated,
            toc: toc
                .into_iter()
                .map(|(level, text, anchor)| TocEntry {
                    level,
                    text,
                    anchor,
                })
                .collect(),
            checklists: Vec::new(),
            source,
            must_read,
        }))
    }

    /// Remembers that a section was opened now (for "recently read").
    pub fn mark_read(&mut self, id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO reading (section_id, last_read_at, read_revision)
             SELECT id, ?2, revision FROM section WHERE id = ?1
             ON CONFLICT (section_id) DO UPDATE
             SET last_read_at = excluded.last_read_at, read_revision = excluded.read_revision",
            params![
                id,
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
            ],
        )?;
        Ok(())
    }

    /// How many revisions a section has (its history).
    pub fn revision_count(&self, id: &str) -> Result<u32, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM section_revision WHERE section_id = ?1",
            [id],
            |row| row.get(0),
        )?)
    }

    /// A value from the `meta` table (the hash of the bundled content).
    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub(crate) fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        write_meta(&self.conn, key, value)
    }
}

fn write_meta(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SectionSummary> {
    Ok(SectionSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        category: row.get(2)?,
        critical: row.get(3)?,
        // NULL when the section was never read: only a section read before can be "updated".
        updated: row.get::<_, Option<bool>>(4)?.unwrap_or(false),
    })
}

type Existing = HashMap<String, (i64, i64, String)>;

fn existing_fingerprints(tx: &Transaction<'_>) -> Result<Existing, StoreError> {
    let mut statement = tx.prepare("SELECT id, rowid, revision, fingerprint FROM section")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            (
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
            ),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds new sections and gives changed ones a new revision; unchanged ones are left alone
/// (their reading state stays). A section's text is rendered with the hospice's `facts`;
/// a fact that changed changes the fingerprint of the sections that name it.
#[allow(clippy::too_many_arguments)]
fn upsert_sections(
    tx: &Transaction<'_>,
    sections: &[Placed<'_>],
    ids_by_path: &HashMap<&str, &str>,
    existing: &Existing,
    report: &mut ImportReport,
    origin: Origin,
    counts: &mut WordCounts,
    facts: &BTreeMap<String, String>,
) -> Result<(), StoreError> {
    let now = chrono::Utc::now().to_rfc3339();
    let mut place = tx.prepare_cached(
        "UPDATE section SET sort_after = ?2, tailoring = ?3
         WHERE id = ?1 AND (sort_after <> ?2 OR tailoring <> ?3)",
    )?;
    for placed in sections {
        let section = placed.section;
        // What the reader sees decides "changed": the text with the facts filled in.
        let filled = with_facts(section, facts);
        let fingerprint = fingerprint(&filled);
        let previous = existing.get(&section.id);
        let comparison = previous.map(|(_, _, stored)| compare(stored, &filled));
        if comparison == Some(Comparison::SameInOlderEncoding) {
            // Stored before fingerprints had version 2: the same section, so no new
            // revision, only the current encoding.
            tx.execute(
                "UPDATE section SET fingerprint = ?2 WHERE id = ?1",
                params![section.id, fingerprint],
            )?;
        }
        if matches!(
            comparison,
            Some(Comparison::Same | Comparison::SameInOlderEncoding)
        ) {
            report.unchanged += 1;
            if origin == Origin::Server {
                // The server sent it too: it is no longer only the app's copy, and must
                // stay when the first full pull completes.
                set_origin(tx, &section.id, origin)?;
            }
            // A replaced section the region changed since gets its mark, an own section
            // may move up: neither is a new revision.
            place.execute(params![
                section.id,
                placed.sort_after,
                placed.source.as_str()
            ])?;
            continue;
        }
        let resolver = BundlePaths {
            ids_by_path,
            from: &section.source_path,
        };
        let rendered = render_with_facts(&section.body, &resolver, facts);
        let revision = previous.map_or(1, |(_, revision, _)| revision + 1);
        if let Some((rowid, _, _)) = previous {
            unindex_section(tx, *rowid, counts)?;
            report.changed += 1;
        } else {
            report.added += 1;
        }
        write_section(tx, placed, &rendered, revision, &fingerprint, &now, counts)?;
        set_origin(tx, &section.id, origin)?;
    }
    Ok(())
}

/// The section as a reader sees it: placeholders in its title and text filled in (used
/// for its fingerprint; the stored body keeps the placeholders).
fn with_facts<'s>(section: &'s Section, facts: &BTreeMap<String, String>) -> Cow<'s, Section> {
    if facts.is_empty() || !(section.body.contains("{{") || section.title.contains("{{")) {
        return Cow::Borrowed(section);
    }
    let mut filled = section.clone();
    filled.body = fill_plain(&section.body, facts).into_owned();
    filled.title = fill_plain(&section.title, facts).into_owned();
    Cow::Owned(filled)
}

/// Source paths → ids of every section the device will hold, for relative `.md` links.
struct LinkPaths(HashMap<String, String>);

impl LinkPaths {
    fn resolver_map(&self) -> HashMap<&str, &str> {
        self.0
            .iter()
            .map(|(path, id)| (path.as_str(), id.as_str()))
            .collect()
    }
}

fn link_paths<'s>(
    tx: &Transaction<'_>,
    incoming: impl Iterator<Item = &'s Section>,
) -> Result<LinkPaths, StoreError> {
    let mut paths: HashMap<String, String> = HashMap::new();
    {
        let mut statement = tx.prepare("SELECT source_path, id FROM section")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        for row in rows {
            let (path, id) = row?;
            paths.insert(path, id);
        }
    }
    for section in incoming {
        paths.insert(section.source_path.clone(), section.id.clone());
    }
    Ok(LinkPaths(paths))
}

/// (id, rowid) of every shown section that came from the server.
fn server_sections(tx: &Transaction<'_>) -> Result<Vec<(String, i64)>, StoreError> {
    let mut statement = tx.prepare("SELECT id, rowid FROM section WHERE origin = 'server'")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn set_origin(tx: &Transaction<'_>, id: &str, origin: Origin) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE section SET origin = ?2 WHERE id = ?1 AND origin <> ?2",
        params![id, origin.as_str()],
    )?;
    Ok(())
}

fn delete_section(
    tx: &Transaction<'_>,
    rowid: i64,
    counts: &mut WordCounts,
) -> Result<(), StoreError> {
    unindex_section(tx, rowid, counts)?;
    tx.execute("DELETE FROM section WHERE rowid = ?1", [rowid])?;
    Ok(())
}

fn write_section(
    tx: &Transaction<'_>,
    placed: &Placed<'_>,
    rendered: &kompas_markdown::Rendered,
    revision: i64,
    fingerprint: &str,
    now: &str,
    counts: &mut WordCounts,
) -> Result<(), StoreError> {
    let section = placed.section;
    let tags = serde_json::to_string(&section.tags).unwrap_or_else(|_| "[]".into());
    let toc: Vec<(u8, &str, &str)> = rendered
        .toc
        .iter()
        .map(|t| (t.level, t.text.as_str(), t.anchor.as_str()))
        .collect();
    let toc = serde_json::to_string(&toc).unwrap_or_else(|_| "[]".into());
    let review_by = section.review_by.map(|d| d.to_string());
    tx.execute(
        "INSERT INTO section (id, title, category, category_rank, sort_order, tags, critical,
                              review_by, body, html, toc, plain_text, revision, source_path, fingerprint, updated_at,
                              sort_after, tailoring)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET
             title = excluded.title, category = excluded.category,
             category_rank = excluded.category_rank, sort_order = excluded.sort_order,
             tags = excluded.tags, critical = excluded.critical, review_by = excluded.review_by,
             body = excluded.body, html = excluded.html, toc = excluded.toc,
             plain_text = excluded.plain_text, revision = excluded.revision,
             source_path = excluded.source_path, fingerprint = excluded.fingerprint,
             updated_at = excluded.updated_at, sort_after = excluded.sort_after,
             tailoring = excluded.tailoring",
        params![
            section.id,
            section.title,
            section.category,
            section.category_rank,
            section.order,
            tags,
            section.critical,
            review_by,
            section.body,
            rendered.html,
            toc,
            rendered.plain_text,
            revision,
            section.source_path,
            fingerprint,
            now,
            placed.sort_after,
            placed.source.as_str(),
        ],
    )?;
    let rowid: i64 = tx.query_row(
        "SELECT rowid FROM section WHERE id = ?1",
        [&section.id],
        |row| row.get(0),
    )?;
    index_section(
        tx,
        rowid,
        &section.title,
        &section.tags,
        &rendered.plain_text,
        counts,
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO section_revision (section_id, revision, title, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![section.id, revision, section.title, section.body, now],
    )?;
    Ok(())
}
