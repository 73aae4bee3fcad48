//! Pulling the handbook and the checklists of a hospice, page by page.

use kompas_core::overlay::BaseSection;
use kompas_proto::sync::ProblemKind;
use kompas_store::{Changes, ChecklistPageEnd, PageEnd};

use crate::{Client, LocalStore, SyncError};

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    pub pages: usize,
    pub changed: usize,
    pub removed: usize,
}

/// The largest page asked for.
pub const PAGE_SIZE: usize = kompas_proto::sync::MAX_PAGE_SIZE;

/// Pulls every change for `organization` into the store, page by page. Each page is
/// applied in one transaction with its cursor. The store is locked only while a page is
/// applied, never while waiting for the network. `progress` hears after every page.
pub async fn pull(
    client: &Client,
    token: &str,
    organization: &str,
    store: &impl LocalStore,
    page_size: usize,
    mut progress: impl FnMut(&PullReport),
) -> Result<PullReport, SyncError> {
    let source = format!("{}|{organization}", client.base());
    let (mut cursor, mut full_pending) = store.with_store(|store| {
        if store.sync_record()?.pull.source.as_deref() != Some(source.as_str()) {
            // Another server or hospice: start over; what is here is replaced as the
            // first full pull completes.
            store.restart_sync(&source)?;
        }
        let pull = store.sync_record()?.pull;
        Ok((pull.cursor, pull.full_pending))
    })?;
    if cursor.is_none() {
        full_pending = true;
    }
    let mut report = PullReport::default();
    let mut restarted = false;
    loop {
        let page = match client
            .changes(token, organization, cursor.as_deref(), page_size)
            .await
        {
            Ok(page) => page,
            // The server no longer knows this cursor (restored from a backup): start over
            // once, keeping the handbook readable until the new pull completes.
            Err(SyncError::Refused(problem))
                if !restarted && problem.kind == ProblemKind::CursorAhead =>
            {
                restarted = true;
                store.with_store(|s| s.restart_sync(&source))?;
                cursor = None;
                full_pending = true;
                continue;
            }
            Err(error) => return Err(error),
        };
        let sections = page
            .sections
            .iter()
            .map(BaseSection::from_wire)
            .collect::<Result<Vec<_>, _>>()
            .map_err(SyncError::Protocol)?;
        let complete = full_pending && !page.more;
        let end = PageEnd {
            cursor: &page.cursor,
            full_pending: full_pending && page.more,
        };
        let changes = Changes {
            sections: &sections,
            removed: &page.removed,
            overlay: page.overlay.as_ref(),
        };
        let applied = store.with_store(|s| s.apply_changes(changes, &end, complete))?;
        report.pages += 1;
        report.changed += applied.added + applied.changed;
        report.removed += applied.removed;
        progress(&report);
        if complete {
            full_pending = false;
        }
        cursor = Some(page.cursor);
        if !page.more {
            return Ok(report);
        }
    }
}

/// Pulls every checklist change for `organization`, page by page, each page in one store
/// transaction with its cursor (as [`pull`]). Run after [`pull`], which starts both over
/// when the server or hospice changed. Returns how many definitions were new or withdrawn.
pub async fn pull_checklists(
    client: &Client,
    token: &str,
    organization: &str,
    store: &impl LocalStore,
    page_size: usize,
) -> Result<usize, SyncError> {
    let pull = store.with_store(|store| Ok(store.sync_record()?.pull))?;
    let mut cursor = pull.checklist_cursor;
    let mut full_pending = pull.checklist_full_pending || cursor.is_none();
    let mut restarted = false;
    let mut changed = 0;
    loop {
        let page = match client
            .checklists(token, organization, cursor.as_deref(), page_size)
            .await
        {
            Ok(Some(page)) => page,
            // A server from before checklists: the bundled ones stay.
            Ok(None) => return Ok(changed),
            Err(SyncError::Refused(problem))
                if !restarted && problem.kind == ProblemKind::CursorAhead =>
            {
                restarted = true;
                store.with_store(|s| s.restart_checklist_pull())?;
                cursor = None;
                full_pending = true;
                continue;
            }
            Err(error) => return Err(error),
        };
        let complete = full_pending && !page.more;
        let end = ChecklistPageEnd {
            cursor: &page.cursor,
            full_pending: full_pending && page.more,
        };
        let applied = store.with_store(|s| {
            s.apply_checklist_page(&page.checklists, &page.withdrawn, &end, complete)
        })?;
        changed += applied.added + applied.withdrawn;
        if complete {
            full_pending = false;
        }
        cursor = Some(page.cursor);
        if !page.more {
            return Ok(changed);
        }
    }
}
