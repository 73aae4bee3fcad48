//! Sections: import with revisions, the handbook by category, reading one, recent reading.

use std::collections::{HashMap, HashSet};

use kompas_core::check::resolve_relative;
use kompas_core::fingerprint::{compare, fingerprint, Comparison};
use kompas_core::Section;
use kompas_markdown::{render, FileLinkResolver};
use kompas_proto::{CategoryView, HomeView, SectionSummary, SectionView, TocEntry};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::search::words::{index_section, unindex_section, WordCounts};
use crate::sync_state::{write_page_end, PageEnd};
use crate::{Store, StoreError};

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
            upsert_sections(
                &tx,
                sections,
                &ids_by_path,
                &existing,
                &mut report,
                Origin::Bundle,
                &mut counts,
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
        Ok(report)
    }

    /// Applies one page of changes from the server in one transaction, together with
    /// where the page leaves the pull (the sync cursor): a sync killed at any point leaves
    /// either the whole page and its cursor, or neither.
    /// `complete` marks the last page of a first full pull: the sections that came with the
    /// app and not from the server are removed with it.
    pub fn apply_changes(
        &mut self,
        sections: &[Section],
        removed: &[String],
        end: &PageEnd<'_>,
        complete: bool,
    ) -> Result<ImportReport, StoreError> {
        let tx = self.conn.transaction()?;
        let mut report = ImportReport::default();
        let mut counts = WordCounts::default();
        {
            // Relative `.md` links resolve against every section the device will hold.
            let mut paths: HashMap<String, String> = HashMap::new();
            {
                let mut statement = tx.prepare("SELECT source_path, id FROM section")?;
                let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
                for row in rows {
                    let (path, id) = row?;
                    paths.insert(path, id);
                }
            }
            for section in sections {
                paths.insert(section.source_path.clone(), section.id.clone());
            }
            let ids_by_path: HashMap<&str, &str> = paths
                .iter()
                .map(|(path, id)| (path.as_str(), id.as_str()))
                .collect();
            let existing = existing_fingerprints(&tx)?;
            upsert_sections(
                &tx,
                sections,
                &ids_by_path,
                &existing,
                &mut report,
                Origin::Server,
                &mut counts,
            )?;
            for id in removed {
                if let Some((rowid, _, _)) = existing.get(id) {
                    delete_section(&tx, *rowid, &mut counts)?;
                    report.removed += 1;
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
            write_page_end(&tx, end)?;
        }
        counts.write(&tx)?;
        tx.commit()?;
        Ok(report)
    }

    /// The handbook by category, in order.
    pub fn handbook(&self) -> Result<Vec<CategoryView>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.id, s.title, s.category, s.critical, r.read_revision < s.revision
             FROM section s LEFT JOIN reading r ON r.section_id = s.id
             ORDER BY s.category_rank, s.sort_order, s.title",
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
                 ORDER BY s.category_rank, s.sort_order, s.title",
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
        })
    }

    /// One section, ready to read; `None` if there is no section with that id.
    pub fn section(&self, id: &str) -> Result<Option<SectionView>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.title, s.category, s.critical, s.tags, s.review_by, s.html, s.toc,
                        r.read_revision < s.revision
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
                ))
            })
            .optional()?;
        let Some((id, title, category, critical, tags, review_by, html, toc, updated)) = row else {
            return Ok(None);
        };
        let corrupt = |reason: serde_json::Error| StoreError::Corrupt {
            id: id.clone(),
            reason: reason.to_string(),
        };
        let tags: Vec<String> = serde_json::from_str(&tags).map_err(corrupt)?;
        let toc: Vec<(u8, String, String)> = serde_json::from_str(&toc).map_err(corrupt)?;
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
/// (their reading state stays).
fn upsert_sections(
    tx: &Transaction<'_>,
    sections: &[Section],
    ids_by_path: &HashMap<&str, &str>,
    existing: &Existing,
    report: &mut ImportReport,
    origin: Origin,
    counts: &mut WordCounts,
) -> Result<(), StoreError> {
    let now = chrono::Utc::now().to_rfc3339();
    for section in sections {
        let fingerprint = fingerprint(section);
        let previous = existing.get(&section.id);
        let comparison = previous.map(|(_, _, stored)| compare(stored, section));
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
            continue;
        }
        let resolver = BundlePaths {
            ids_by_path,
            from: &section.source_path,
        };
        let rendered = render(&section.body, &resolver);
        let revision = previous.map_or(1, |(_, revision, _)| revision + 1);
        if let Some((rowid, _, _)) = previous {
            unindex_section(tx, *rowid, counts)?;
            report.changed += 1;
        } else {
            report.added += 1;
        }
        write_section(tx, section, &rendered, revision, &fingerprint, &now, counts)?;
        set_origin(tx, &section.id, origin)?;
    }
    Ok(())
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
    section: &Section,
    rendered: &kompas_markdown::Rendered,
    revision: i64,
    fingerprint: &str,
    now: &str,
    counts: &mut WordCounts,
) -> Result<(), StoreError> {
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
                              review_by, body, html, toc, plain_text, revision, source_path, fingerprint, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT (id) DO UPDATE SET
             title = excluded.title, category = excluded.category,
             category_rank = excluded.category_rank, sort_order = excluded.sort_order,
             tags = excluded.tags, critical = excluded.critical, review_by = excluded.review_by,
             body = excluded.body, html = excluded.html, toc = excluded.toc,
             plain_text = excluded.plain_text, revision = excluded.revision,
             source_path = excluded.source_path, fingerprint = excluded.fingerprint,
             updated_at = excluded.updated_at",
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
