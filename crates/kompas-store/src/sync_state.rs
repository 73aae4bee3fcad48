//! The device's sync state as one typed record (one row of `sync_state`): the session with
//! the server, when it last synced, and how far the pull got. The sync engine is its only
//! writer; the pull position is written only together with the page it belongs to.

use kompas_proto::OrganizationChoice;
use rusqlite::{params, Connection};

use crate::{Store, StoreError};

/// The session with the central server. The password is never part of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSession {
    /// The server last logged in to (kept after logging out, to log in again quickly).
    pub server: Option<String>,
    pub username: Option<String>,
    /// The bearer token; `None` when logged out or refused.
    pub token: Option<String>,
    /// The hospices the account may follow.
    pub organizations: Vec<OrganizationChoice>,
    /// The hospice this device follows.
    pub organization: Option<String>,
    /// The server refused the token: the user must log in again.
    pub login_needed: bool,
    /// The regions the account coordinates (the Regio screen).
    pub coordinator_of: Vec<String>,
}

/// How far the pull from the server got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullPosition {
    /// Which server and hospice the local handbook comes from (`<server>|<hospice>`).
    pub source: Option<String>,
    /// Where the next pull starts; `None`: from the beginning.
    pub cursor: Option<String>,
    /// A first full pull is under way (it may span many pages and be interrupted); its
    /// last page removes what came with the app.
    pub full_pending: bool,
    /// Where the next pull of checklist definitions starts; `None`: from the beginning.
    pub checklist_cursor: Option<String>,
    /// A first full pull of checklists is under way (as `full_pending`).
    pub checklist_full_pending: bool,
}

/// Everything sync keeps on the device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRecord {
    pub session: SyncSession,
    /// When a sync last completed (milliseconds since the Unix epoch).
    pub last_synced_ms: Option<i64>,
    /// Sections new, changed or removed by that sync.
    pub last_changes: u32,
    pub pull: PullPosition,
}

/// Where a page of changes leaves the pull; stored in the page's own transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageEnd<'a> {
    pub cursor: &'a str,
    /// More pages of a first full pull follow.
    pub full_pending: bool,
}

impl Store {
    /// The sync record (all empty on a device that never synced).
    pub fn sync_record(&self) -> Result<SyncRecord, StoreError> {
        let record = self.conn.query_row(
            "SELECT server, username, token, organizations, organization, login_needed,
                    last_synced_ms, last_changes, source, cursor, full_pending,
                    checklist_cursor, checklist_full_pending, coordinator_of
             FROM sync_state WHERE id = 1",
            [],
            |row| {
                let organizations: String = row.get(3)?;
                let coordinator_of: String = row.get(13)?;
                Ok(SyncRecord {
                    session: SyncSession {
                        server: row.get(0)?,
                        username: row.get(1)?,
                        token: row.get(2)?,
                        // Written only by `save_sync_session`; an unreadable list is an
                        // empty one (the next login writes it again), not a damaged store.
                        organizations: serde_json::from_str(&organizations).unwrap_or_default(),
                        organization: row.get(4)?,
                        login_needed: row.get(5)?,
                        coordinator_of: serde_json::from_str(&coordinator_of).unwrap_or_default(),
                    },
                    last_synced_ms: row.get(6)?,
                    last_changes: row.get(7)?,
                    pull: PullPosition {
                        source: row.get(8)?,
                        cursor: row.get(9)?,
                        full_pending: row.get(10)?,
                        checklist_cursor: row.get(11)?,
                        checklist_full_pending: row.get(12)?,
                    },
                })
            },
        )?;
        Ok(record)
    }

    /// Saves the session, all of it in one statement.
    pub fn save_sync_session(&mut self, session: &SyncSession) -> Result<(), StoreError> {
        let organizations =
            serde_json::to_string(&session.organizations).unwrap_or_else(|_| "[]".into());
        let coordinator_of =
            serde_json::to_string(&session.coordinator_of).unwrap_or_else(|_| "[]".into());
        self.conn.execute(
            "UPDATE sync_state SET server = ?1, username = ?2, token = ?3, organizations = ?4,
                    organization = ?5, login_needed = ?6, coordinator_of = ?7
             WHERE id = 1",
            params![
                session.server,
                session.username,
                session.token,
                organizations,
                session.organization,
                session.login_needed,
                coordinator_of
            ],
        )?;
        Ok(())
    }

    /// The server refused the token: forget it and remember that the user must log in.
    pub fn forget_sync_token(&mut self) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET token = NULL, login_needed = 1 WHERE id = 1",
            [],
        )?;
        Ok(())
    }

    /// A sync completed at `at_ms` with `changes` sections new, changed or removed.
    pub fn record_sync_completed(&mut self, at_ms: i64, changes: u32) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET last_synced_ms = ?1, last_changes = ?2 WHERE id = 1",
            params![at_ms, changes],
        )?;
        Ok(())
    }

    /// Starts sync over from `source` (another server or hospice, or a server that lost
    /// the cursor): forgets the cursor, and marks every section as replaceable, so the
    /// next complete pull leaves only what that server sends. Nothing is removed until
    /// then: the handbook stays readable offline.
    pub fn restart_sync(&mut self, source: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE section SET origin = 'bundle'", [])?;
        // The base and the overlay were the other source's: what this one sends is
        // composed anew (a manager's drafts stay, they are typed text).
        tx.execute_batch(
            "DELETE FROM base_section; DELETE FROM base_section_history; DELETE FROM base_section_removed;
             DELETE FROM overlay_entry; DELETE FROM overlay_facts;",
        )?;
        crate::reading::forget(&tx)?;
        tx.execute("UPDATE checklist SET origin = 'bundle'", [])?;
        tx.execute(
            "UPDATE sync_state SET source = ?1, cursor = NULL, full_pending = 1,
                    checklist_cursor = NULL, checklist_full_pending = 1
             WHERE id = 1",
            [source],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Records where a page left the pull, inside the page's transaction.
pub(crate) fn write_page_end(conn: &Connection, end: &PageEnd<'_>) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE sync_state SET cursor = ?1, full_pending = ?2 WHERE id = 1",
        params![end.cursor, end.full_pending],
    )?;
    Ok(())
}
