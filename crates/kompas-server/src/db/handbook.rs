//! A region's handbook: publishing and the change feed devices pull. The SQL is in
//! `sqlite/handbook.rs` and `postgres/handbook.rs`; what a publish writes (the plan, with
//! its change numbers and revisions) and how rows become a page of changes are decided
//! here, once.

use std::collections::{HashMap, HashSet};

use kompas_core::fingerprint::{self, Comparison};
use kompas_core::Section;
use kompas_proto::overlay::LocalPolicy;
use kompas_proto::sync::WireSection;

use super::{missing_region, storable, Backend, Db, DbError};

/// What a publish changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PublishReport {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// One page of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRows {
    pub sections: Vec<WireSection>,
    pub removed: Vec<String>,
    pub last_seq: i64,
    pub more: bool,
}

/// The stored state of one section of a region, as a publish compares it.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub fingerprint: String,
    pub revision: i64,
    pub deleted: bool,
}

/// A new or changed section as a publish writes it, with the coordinator's note and
/// must-read mark (`section.change_note`, `section.must_read`) on the revision it makes.
#[derive(Debug)]
pub(crate) struct Upsert<'a> {
    pub section: &'a Section,
    pub seq: i64,
    pub revision: i64,
    pub fingerprint: String,
    /// The tags as stored: a JSON array.
    pub tags: String,
}

/// A section that is gone, as its tombstone is written.
#[derive(Debug)]
pub(crate) struct Tombstone {
    pub id: String,
    pub seq: i64,
    pub revision: i64,
}

/// What a publish writes, decided the same way for every backend: a backend writes
/// exactly this, in one transaction, and nothing else.
#[derive(Debug, Default)]
pub(crate) struct PublishPlan<'a> {
    pub upserts: Vec<Upsert<'a>>,
    pub tombstones: Vec<Tombstone>,
    /// Unchanged sections whose stored fingerprint is in an older encoding, with the
    /// current one: rewritten in place, without a change number or a revision, so
    /// devices see nothing.
    pub reencoded: Vec<(String, String)>,
    /// The region's last change number after the publish.
    pub head: i64,
    pub report: PublishReport,
}

/// Compares a publish with what the region has (`existing`, last change number `head`):
/// a new revision only where a section changed (or comes back), a tombstone for each live
/// section not published, and change numbers after `head` in that order. The note and
/// must-read mark of the front matter are not part of the fingerprint: they belong to the
/// revision a changed text makes, so a publish that changes only them changes nothing,
/// and an unchanged section keeps the note and mark of the revision it has.
pub(crate) fn plan_publish<'a>(
    head: i64,
    existing: &HashMap<String, Stored>,
    sections: &'a [Section],
) -> PublishPlan<'a> {
    let mut plan = PublishPlan {
        head,
        ..PublishPlan::default()
    };
    let mut seen = HashSet::new();
    for section in sections {
        seen.insert(section.id.as_str());
        let revision = match existing.get(&section.id) {
            Some(stored) if !stored.deleted => {
                match fingerprint::compare(&stored.fingerprint, section) {
                    Comparison::Same => {
                        plan.report.unchanged += 1;
                        continue;
                    }
                    Comparison::SameInOlderEncoding => {
                        plan.report.unchanged += 1;
                        plan.reencoded
                            .push((section.id.clone(), fingerprint::fingerprint(section)));
                        continue;
                    }
                    Comparison::Changed => {
                        plan.report.changed += 1;
                        stored.revision + 1
                    }
                }
            }
            Some(stored) => {
                plan.report.changed += 1;
                stored.revision + 1
            }
            None => {
                plan.report.added += 1;
                1
            }
        };
        plan.head += 1;
        plan.upserts.push(Upsert {
            section,
            seq: plan.head,
            revision,
            fingerprint: fingerprint::fingerprint(section),
            tags: tags_json(section),
        });
    }
    let mut gone: Vec<_> = existing
        .iter()
        .filter(|(id, stored)| !stored.deleted && !seen.contains(id.as_str()))
        .map(|(id, stored)| (id.clone(), stored.revision + 1))
        .collect();
    // A stable order, so change numbers do not depend on hash order.
    gone.sort();
    plan.report.removed = gone.len();
    for (id, revision) in gone {
        plan.head += 1;
        plan.tombstones.push(Tombstone {
            id,
            seq: plan.head,
            revision,
        });
    }
    plan
}

/// A section with a NUL character anywhere is refused, naming the field (see
/// [`super::storable`]).
fn refuse_nul_in_section(section: &Section) -> Result<(), DbError> {
    let fields = [
        ("id", section.id.as_str()),
        ("title", &section.title),
        ("category", &section.category),
        ("body", &section.body),
        ("source path", &section.source_path),
        ("change note (`wijziging:`)", &section.change_note),
    ];
    let tags = section.tags.iter().map(|tag| ("tags", tag.as_str()));
    match fields
        .into_iter()
        .chain(tags)
        .find(|(_, text)| !storable(text))
    {
        Some((field, _)) => Err(DbError::Invalid(format!(
            "section `{}` cannot contain a NUL character (in its {field})",
            section.id.escape_debug()
        ))),
        None => Ok(()),
    }
}

/// Tags as stored: a JSON array.
fn tags_json(section: &Section) -> String {
    serde_json::Value::from(section.tags.clone()).to_string()
}

/// A row of the section table as a pull reads it.
#[derive(Debug, Clone)]
pub(crate) struct SectionRow {
    pub id: String,
    pub seq: i64,
    pub revision: i64,
    pub deleted: bool,
    pub title: String,
    pub category: String,
    pub category_rank: i64,
    pub order: i64,
    /// A JSON array.
    pub tags: String,
    pub critical: bool,
    pub review_by: Option<String>,
    pub body: String,
    pub source_path: String,
    /// `vast`, `aanvullen` or `vervangen` (a CHECK constraint keeps it one of them).
    pub local_policy: String,
    /// The coordinator's note and must-read mark of this revision, as published with it.
    pub change_note: String,
    pub must_read: bool,
    /// The newest revision of the section marked must read, and its note.
    pub must_read_revision: Option<i64>,
    pub must_read_note: Option<String>,
}

impl SectionRow {
    fn into_wire(self) -> Result<WireSection, DbError> {
        let unreadable = |what: &str| {
            DbError::Internal(format!(
                "stored {what} of section `{}` is unreadable",
                self.id
            ))
        };
        let category_rank =
            u32::try_from(self.category_rank).map_err(|_| unreadable("category rank"))?;
        let tags = serde_json::from_str(&self.tags).map_err(|_| unreadable("tags"))?;
        let local_policy =
            LocalPolicy::from_word(&self.local_policy).ok_or_else(|| unreadable("lokaal"))?;
        Ok(WireSection {
            id: self.id,
            revision: self.revision,
            title: self.title,
            category: self.category,
            category_rank,
            order: self.order,
            tags,
            critical: self.critical,
            review_by: self.review_by,
            body: self.body,
            source_path: self.source_path,
            local_policy,
            change_note: self.change_note,
            must_read: self.must_read,
            must_read_revision: self.must_read_revision,
            must_read_note: self.must_read_note.unwrap_or_default(),
        })
    }
}

/// A page of at most `limit` changes after `after` from the rows a backend read: those
/// with `seq > after`, in `seq` order, at most `limit + 1` of them (one more tells that
/// more are waiting).
pub(crate) fn change_page(
    rows: Vec<SectionRow>,
    after: i64,
    limit: usize,
) -> Result<ChangeRows, DbError> {
    let mut page = ChangeRows {
        sections: Vec::new(),
        removed: Vec::new(),
        last_seq: after,
        more: rows.len() > limit,
    };
    for row in rows.into_iter().take(limit) {
        page.last_seq = row.seq;
        if row.deleted {
            page.removed.push(row.id);
        } else {
            page.sections.push(row.into_wire()?);
        }
    }
    Ok(page)
}

impl Db {
    /// The last change number of a region: the ETag of "nothing changed". 0 for a region
    /// without a publish, or without a row at all.
    pub async fn region_head(&self, region: &str) -> Result<i64, DbError> {
        if !storable(region) {
            return Ok(0);
        }
        match &self.backend {
            Backend::Sqlite(db) => db.read(|c| super::sqlite::handbook::region_head(c, region)),
            Backend::Postgres(db) => db.region_head(region).await,
        }
    }

    /// Publishes a validated handbook to a region in one transaction: a new revision only
    /// for sections that changed, a tombstone for each section that is gone (see
    /// [`plan_publish`]).
    pub async fn publish(
        &self,
        region: &str,
        sections: Vec<Section>,
    ) -> Result<PublishReport, DbError> {
        if !storable(region) {
            return Err(missing_region(region));
        }
        sections.iter().try_for_each(refuse_nul_in_section)?;
        let region = region.to_owned();
        let report = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::handbook::publish(c, &region, &sections))
                    .await
            }
            Backend::Postgres(db) => db.publish(&region, &sections).await,
        };
        // After the commit. A pull that read the old head just before may still cache it;
        // that answer lives at most ACCESS_TTL.
        self.access.clear();
        report
    }

    /// Changes of a region after change number `after`, at most `limit` rows.
    pub async fn changes(
        &self,
        region: &str,
        after: i64,
        limit: usize,
    ) -> Result<ChangeRows, DbError> {
        if !storable(region) {
            return change_page(Vec::new(), after, limit);
        }
        let region = region.to_owned();
        let fetch = i64::try_from(limit)
            .map_err(|_| DbError::Invalid(format!("a page of {limit} changes is too large")))?
            .saturating_add(1);
        let rows = match &self.backend {
            Backend::Sqlite(db) => {
                db.read_blocking(move |c| {
                    super::sqlite::handbook::changes(c, &region, after, fetch)
                })
                .await?
            }
            Backend::Postgres(db) => db.changes(&region, after, fetch).await?,
        };
        change_page(rows, after, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: &str, body: &str) -> Section {
        Section {
            id: id.into(),
            title: id.into(),
            category: "Protocollen".into(),
            category_rank: 1,
            order: 1,
            tags: vec!["a,b".into()],
            critical: false,
            review_by: None,
            local_policy: Default::default(),
            body: body.into(),
            source_path: format!("{id}.md"),
            change_note: String::new(),
            must_read: false,
        }
    }

    fn stored(section: &Section, revision: i64, deleted: bool) -> Stored {
        Stored {
            fingerprint: fingerprint::fingerprint(section),
            revision,
            deleted,
        }
    }

    #[test]
    fn a_plan_numbers_changes_after_the_head_and_tombstones_last() {
        let kept = section("kept", "same");
        let edited = section("edited", "new text");
        let back = section("back", "again");
        let added = section("added", "new");
        let existing = HashMap::from([
            ("kept".to_owned(), stored(&kept, 4, false)),
            (
                "edited".to_owned(),
                stored(&section("edited", "old text"), 2, false),
            ),
            ("back".to_owned(), stored(&back, 3, true)),
            (
                "zz-gone".to_owned(),
                stored(&section("zz-gone", ""), 1, false),
            ),
            (
                "a-gone".to_owned(),
                stored(&section("a-gone", ""), 5, false),
            ),
        ]);
        let sections = [kept, edited, back, added];
        let plan = plan_publish(10, &existing, &sections);
        let upserts: Vec<_> = plan
            .upserts
            .iter()
            .map(|u| (u.section.id.as_str(), u.seq, u.revision))
            .collect();
        assert_eq!(
            upserts,
            [("edited", 11, 3), ("back", 12, 4), ("added", 13, 1)]
        );
        let tombstones: Vec<_> = plan
            .tombstones
            .iter()
            .map(|t| (t.id.as_str(), t.seq, t.revision))
            .collect();
        assert_eq!(tombstones, [("a-gone", 14, 6), ("zz-gone", 15, 2)]);
        assert_eq!(plan.head, 15);
        assert!(plan.reencoded.is_empty());
        assert_eq!(
            plan.report,
            PublishReport {
                added: 1,
                changed: 2,
                unchanged: 1,
                removed: 2
            }
        );
        assert_eq!(plan.upserts[0].tags, r#"["a,b"]"#);
        assert!(plan.upserts[0].fingerprint.starts_with("v2:"));
    }

    #[test]
    fn a_new_note_or_mark_alone_makes_no_revision() {
        let old = section("kept", "same");
        let marked = Section {
            change_note: "Alleen een nieuwe notitie.".into(),
            must_read: true,
            ..old.clone()
        };
        let existing = HashMap::from([("kept".to_owned(), stored(&old, 4, false))]);
        let sections = [marked];
        let plan = plan_publish(10, &existing, &sections);
        assert!(plan.upserts.is_empty());
        assert_eq!((plan.head, plan.report.unchanged), (10, 1));
    }

    #[test]
    fn a_page_is_at_most_the_limit_and_says_when_more_wait() {
        let row = |seq: i64, deleted: bool| SectionRow {
            id: format!("s{seq}"),
            seq,
            revision: 1,
            deleted,
            title: "T".into(),
            category: "C".into(),
            category_rank: 2,
            order: 3,
            tags: r#"["x"]"#.into(),
            critical: true,
            review_by: Some("2030-01-01".into()),
            body: "B".into(),
            source_path: "p.md".into(),
            local_policy: "aanvullen".into(),
            change_note: "Nieuw.".into(),
            must_read: seq == 8,
            must_read_revision: None,
            must_read_note: Default::default(),
        };
        let page =
            change_page(vec![row(5, false), row(7, true), row(8, false)], 4, 2).expect("page");
        assert_eq!(page.last_seq, 7);
        assert!(page.more);
        assert_eq!(page.removed, ["s7"]);
        assert_eq!(page.sections.len(), 1);
        assert_eq!(page.sections[0].tags, ["x"]);
        assert_eq!(page.sections[0].category_rank, 2);
        assert_eq!(page.sections[0].local_policy, LocalPolicy::AppendOnly);
        assert_eq!(
            (
                page.sections[0].change_note.as_str(),
                page.sections[0].must_read
            ),
            ("Nieuw.", false)
        );
        let last = change_page(vec![row(8, false)], 7, 2).expect("page");
        assert!(!last.more);
        assert_eq!(last.last_seq, 8);
        assert!(last.sections[0].must_read);
        let empty = change_page(Vec::new(), 8, 2).expect("page");
        assert_eq!((empty.last_seq, empty.more), (8, false));
    }

    #[test]
    fn unreadable_stored_rows_are_internal_errors_not_quiet_defaults() {
        let broken = SectionRow {
            id: "s".into(),
            seq: 1,
            revision: 1,
            deleted: false,
            title: String::new(),
            category: String::new(),
            category_rank: 0,
            order: 0,
            tags: "not json".into(),
            critical: false,
            review_by: None,
            body: String::new(),
            source_path: String::new(),
            local_policy: "vervangen".into(),
            change_note: String::new(),
            must_read: false,
            must_read_revision: None,
            must_read_note: Default::default(),
        };
        let error = change_page(vec![broken.clone()], 0, 10).expect_err("unreadable");
        assert!(matches!(error, DbError::Internal(_)), "{error:?}");
        let unknown_policy = SectionRow {
            tags: "[]".into(),
            local_policy: "soms".into(),
            ..broken
        };
        let error = change_page(vec![unknown_policy], 0, 10).expect_err("unreadable");
        assert!(matches!(error, DbError::Internal(_)), "{error:?}");
    }
}
