//! Read-only connections for the screens. In WAL mode a reader sees the last committed
//! state and never waits for a writer, so the window answers while sync applies a page of
//! changes on the writing [`Store`](crate::Store) in its own transaction.

use std::path::Path;

use kompas_proto::checklist::{
    ChecklistDefinition, ChecklistSummary, EvaluationRecord, EvaluationSummary, RoutineView,
};
use kompas_proto::{CategoryView, HomeView, SearchResults, SectionView, Settings};
use rusqlite::{Connection, OpenFlags};

use crate::{schema, Store, StoreError};

/// A read-only view of a store file that a [`Store`] has opened (and migrated) before.
/// It offers only what the screens read; writing goes through the [`Store`].
#[derive(Debug)]
pub struct StoreReader {
    store: Store,
}

impl StoreReader {
    /// Opens `path` read-only. The file must exist and be of this app's schema version:
    /// open the [`Store`] first, which creates and migrates it.
    pub fn open(path: &Path) -> Result<StoreReader, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let damaged = |e| StoreError::damaged(path, e);
        let conn = Connection::open_with_flags(path, flags).map_err(damaged)?;
        // Readers in WAL mode do not wait for writers; the timeout covers the moments a
        // checkpoint or recovery holds the file.
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(damaged)?;
        let version = conn
            .pragma_query_value(None, "user_version", |row| row.get::<_, i64>(0))
            .map_err(damaged)? as usize;
        if version != schema::latest_version() {
            return Err(StoreError::damaged(
                path,
                format!(
                    "the database has schema version {version}, this app reads version {}; \
                     open it for writing first",
                    schema::latest_version()
                ),
            ));
        }
        Ok(StoreReader {
            store: Store {
                conn,
                path: Some(path.to_owned()),
                vocabulary_cache: Default::default(),
            },
        })
    }

    pub fn tailoring(
        &self,
        organization_name: &str,
    ) -> Result<kompas_proto::tailoring::TailoringView, StoreError> {
        self.store.tailoring(organization_name)
    }

    pub fn tailor_section(
        &self,
        id: &str,
    ) -> Result<Option<kompas_proto::tailoring::TailorSectionView>, StoreError> {
        self.store.tailor_section(id)
    }

    pub fn merge_for(&self, id: &str) -> Result<Option<kompas_core::merge::Merge>, StoreError> {
        self.store.merge_for(id)
    }

    /// The hospice's facts as published (for the editor's preview).
    pub fn facts(&self) -> Result<kompas_proto::overlay::VersionedFacts, StoreError> {
        self.store.facts()
    }

    /// The manager's "Gelezen en begrepen".
    pub fn reading_view(&self) -> Result<kompas_proto::reading::ReadingView, StoreError> {
        self.store.reading_view()
    }

    pub fn home(&self, recent_limit: usize) -> Result<HomeView, StoreError> {
        self.store.home(recent_limit)
    }

    pub fn handbook(&self) -> Result<Vec<CategoryView>, StoreError> {
        self.store.handbook()
    }

    pub fn section(&self, id: &str) -> Result<Option<SectionView>, StoreError> {
        self.store.section(id)
    }

    pub fn search(&self, input: &str, limit: usize) -> Result<SearchResults, StoreError> {
        self.store.search(input, limit)
    }

    pub fn settings(&self) -> Result<Settings, StoreError> {
        self.store.settings()
    }

    pub fn checklists(&self) -> Result<Vec<ChecklistSummary>, StoreError> {
        self.store.checklists()
    }

    pub fn checklists_for_section(&self, id: &str) -> Result<Vec<ChecklistSummary>, StoreError> {
        self.store.checklists_for_section(id)
    }

    pub fn checklist(
        &self,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<ChecklistDefinition>, StoreError> {
        self.store.checklist(id, version)
    }

    pub fn routine(&self, id: &str) -> Result<Option<RoutineView>, StoreError> {
        self.store.routine(id)
    }

    pub fn self_evaluation(&self, uuid: &str) -> Result<Option<EvaluationRecord>, StoreError> {
        self.store.self_evaluation(uuid)
    }

    pub fn self_evaluations(&self) -> Result<Vec<EvaluationSummary>, StoreError> {
        self.store.self_evaluations()
    }
}
