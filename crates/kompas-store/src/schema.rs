//! Versioned migrations. A migration, once released, is never edited: add a new one.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::StoreError;

const MIGRATIONS: &[M<'static>] = &[
    M::up(
        r#"
    CREATE TABLE section (
        rowid         INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL,
        category      TEXT NOT NULL,
        category_rank INTEGER NOT NULL,
        sort_order    INTEGER NOT NULL,
        tags          TEXT NOT NULL,      -- JSON array of strings
        critical      INTEGER NOT NULL,
        review_by     TEXT,               -- ISO date
        body          TEXT NOT NULL,      -- markdown
        html          TEXT NOT NULL,      -- sanitized, from kompas-markdown
        toc           TEXT NOT NULL,      -- JSON array of {level, text, anchor}
        plain_text    TEXT NOT NULL,      -- for snippets
        revision      INTEGER NOT NULL,
        source_path   TEXT NOT NULL,
        fingerprint   TEXT NOT NULL,      -- what makes a new revision when it changes
        updated_at    TEXT NOT NULL
    );
    CREATE INDEX section_by_category ON section (category_rank, sort_order, title);
    CREATE INDEX section_critical ON section (critical) WHERE critical = 1;

    CREATE TABLE section_revision (
        section_id TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (section_id, revision)
    ) WITHOUT ROWID;

    -- Two contentless indexes over folded words and match keys (see kompas_core::text);
    -- the readable text stays in `section`, rowid = section.rowid.
    -- `section_title_fts` (title, tags) is small and ranks the first tier of hits;
    -- `section_text_fts` holds title, tags and body together, so a query whose words are
    -- spread over title and body still matches. detail=column: no phrase queries are used,
    -- and without positions bm25 is cheaper.
    CREATE VIRTUAL TABLE section_title_fts USING fts5(
        title, tags,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3',
        detail = column
    );
    CREATE VIRTUAL TABLE section_text_fts USING fts5(
        text,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4 5 6',
        detail = column
    );

    CREATE TABLE reading (
        section_id    TEXT PRIMARY KEY,
        last_read_at  TEXT NOT NULL,
        read_revision INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    ),
    // Where a section came from: the handbook bundled in the app, or the server. The
    // first complete pull from a server replaces the bundled sections.
    M::up("ALTER TABLE section ADD COLUMN origin TEXT NOT NULL DEFAULT 'bundle';"),
    // The sync state as one typed record, instead of eleven `meta` keys written from three
    // places; what an earlier version kept there moves over.
    M::up(
        r#"
    CREATE TABLE sync_state (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        server         TEXT,
        username       TEXT,
        token          TEXT,
        organizations  TEXT NOT NULL DEFAULT '[]',   -- JSON array of OrganizationChoice
        organization   TEXT,
        login_needed   INTEGER NOT NULL DEFAULT 0,
        last_synced_ms INTEGER,
        last_changes   INTEGER NOT NULL DEFAULT 0,
        source         TEXT,                        -- '<server>|<hospice>'
        cursor         TEXT,
        full_pending   INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO sync_state (id, server, username, token, organizations, organization,
                            login_needed, last_synced_ms, last_changes, source, cursor,
                            full_pending)
    SELECT 1,
        (SELECT value FROM meta WHERE key = 'sync_server'),
        (SELECT value FROM meta WHERE key = 'sync_username'),
        (SELECT value FROM meta WHERE key = 'sync_token'),
        COALESCE((SELECT value FROM meta WHERE key = 'sync_organizations'), '[]'),
        (SELECT value FROM meta WHERE key = 'sync_organization'),
        COALESCE((SELECT value = '1' FROM meta WHERE key = 'sync_login_needed'), 0),
        (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sync_last_synced_ms'),
        COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sync_last_changes'), 0),
        (SELECT value FROM meta WHERE key = 'sync_source'),
        (SELECT value FROM meta WHERE key = 'sync_cursor'),
        COALESCE((SELECT value = '1' FROM meta WHERE key = 'sync_full_pending'), 0);
    DELETE FROM meta WHERE key IN ('sync_server', 'sync_username', 'sync_token',
        'sync_organizations', 'sync_organization', 'sync_login_needed',
        'sync_last_synced_ms', 'sync_last_changes', 'sync_source', 'sync_cursor',
        'sync_full_pending');
    "#,
    ),
    // The search index's vocabulary (see search/words.rs) and its state: a generation that
    // every change of the vocabulary bumps (connections rebuild their FST when it moved),
    // and the version of the index terms, which makes the store re-index itself from the
    // sections' stored text when it is opened for writing (index_version 0: not yet).
    M::up(
        r#"
    CREATE TABLE search_word (
        word     TEXT PRIMARY KEY,   -- folded (kompas_core::text::fold)
        written  TEXT NOT NULL,      -- lowercase, as first met (with diacritics)
        sections INTEGER NOT NULL    -- how many sections hold it
    ) WITHOUT ROWID;
    CREATE TABLE search_index_state (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        generation    INTEGER NOT NULL,
        index_version INTEGER NOT NULL
    );
    INSERT INTO search_index_state (id, generation, index_version) VALUES (1, 0, 0);
    "#,
    ),
    // Checklists and self-evaluations (see checklists.rs, self_evaluation.rs), and the
    // outbox of what waits to go up to the server (outbox.rs).
    M::up(
        r#"
    CREATE TABLE checklist (
        id         TEXT NOT NULL,
        version    INTEGER NOT NULL,
        kind       TEXT NOT NULL,              -- routine | self-evaluation
        title      TEXT NOT NULL,
        definition TEXT NOT NULL,              -- JSON ChecklistDefinition
        origin     TEXT NOT NULL,              -- bundle | server, as for sections
        withdrawn  INTEGER NOT NULL DEFAULT 0, -- kept: self-evaluations name their version
        PRIMARY KEY (id, version)
    ) WITHOUT ROWID;

    -- The steps ticked in the current round of a routine checklist (never uploaded).
    CREATE TABLE routine_tick (
        checklist_id TEXT NOT NULL,
        step         INTEGER NOT NULL,         -- numbered through all groups, from 0
        ticked_at    TEXT NOT NULL,
        PRIMARY KEY (checklist_id, step)
    ) WITHOUT ROWID;

    CREATE TABLE self_evaluation (
        uuid              TEXT PRIMARY KEY,    -- UUID v7; the submission's id on the server
        organization      TEXT NOT NULL,
        checklist_id      TEXT NOT NULL,
        checklist_version INTEGER NOT NULL,
        year              INTEGER NOT NULL,
        state             TEXT NOT NULL,       -- concept | finished | queued | sent
        replaces          TEXT,                -- the sent version this one corrects
        summary           TEXT NOT NULL DEFAULT '',
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        sent_at           TEXT,
        refused           TEXT                 -- why the server refused it
    );
    CREATE INDEX self_evaluation_by_year ON self_evaluation (organization, year);
    CREATE TABLE self_evaluation_answer (
        uuid        TEXT NOT NULL REFERENCES self_evaluation (uuid) ON DELETE CASCADE,
        question    TEXT NOT NULL,
        answer      TEXT,                      -- ja | grotendeels | deels | nee | nvt
        explanation TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (uuid, question)
    ) WITHOUT ROWID;
    CREATE TABLE self_evaluation_theme (
        uuid       TEXT NOT NULL REFERENCES self_evaluation (uuid) ON DELETE CASCADE,
        theme      TEXT NOT NULL,
        goes_well  TEXT NOT NULL DEFAULT '',
        to_improve TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (uuid, theme)
    ) WITHOUT ROWID;
    CREATE TABLE improvement_action (
        uuid       TEXT NOT NULL REFERENCES self_evaluation (uuid) ON DELETE CASCADE,
        id         TEXT NOT NULL,
        position   INTEGER NOT NULL,
        theme      TEXT NOT NULL,
        what       TEXT NOT NULL DEFAULT '',
        goal       TEXT NOT NULL DEFAULT '',
        who        TEXT NOT NULL DEFAULT '',
        due        TEXT,                       -- ISO date
        status     TEXT NOT NULL,              -- gepland | bezig | afgerond | vervallen
        evaluation TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (uuid, id)
    ) WITHOUT ROWID;

    -- What waits to go up, of any kind; an item is written in the same transaction as
    -- the local change that makes it, and leaves only when the server acknowledged it.
    CREATE TABLE outbox (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        kind       TEXT NOT NULL,              -- submission
        key        TEXT NOT NULL UNIQUE,       -- the item's id on the server
        payload    TEXT NOT NULL,              -- JSON, as sent
        created_at TEXT NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );

    ALTER TABLE sync_state ADD COLUMN checklist_cursor TEXT;
    ALTER TABLE sync_state ADD COLUMN checklist_full_pending INTEGER NOT NULL DEFAULT 0;
    "#,
    ),
    // The region's view (region.rs): the coordinator's last answers from the server, to
    // show offline with their date; the coordinator's marks on this hospice's submissions;
    // and the regions the account coordinates.
    M::up(
        r#"
    CREATE TABLE region_cache (
        key           TEXT PRIMARY KEY,        -- the request, e.g. overview/utrecht/2026
        body          TEXT NOT NULL,           -- JSON, as the server answered
        fetched_at_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE submission_review (
        uuid     TEXT PRIMARY KEY,             -- the submission (self_evaluation.uuid)
        year     INTEGER NOT NULL,
        state    TEXT NOT NULL,                -- received | discussed
        note     TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        at       TEXT NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE sync_state ADD COLUMN coordinator_of TEXT NOT NULL DEFAULT '[]';
    "#,
    ),
    // Whether the hospice shares its progress with a year's self-evaluation (progress.rs),
    // and what the server last acknowledged ("answered/questions"; NULL: nothing).
    M::up(
        r#"
    CREATE TABLE progress_share (
        organization TEXT NOT NULL,
        year         INTEGER NOT NULL,
        share        INTEGER NOT NULL,
        sent         TEXT,
        PRIMARY KEY (organization, year)
    ) WITHOUT ROWID;
    "#,
    ),
    // A hospice's own handbook (issue #13, overlay.rs): the region's sections as the
    // server published them (with the server's revision), the hospice's overlay, and for
    // each shown section where it stands and where its text comes from. A device that
    // synced before has no base yet: its next pull starts over, and what it shows stays
    // until that pull completes.
    M::up(
        r#"
    CREATE TABLE base_section (
        id            TEXT PRIMARY KEY,
        revision      INTEGER NOT NULL,
        title         TEXT NOT NULL,
        category      TEXT NOT NULL,
        category_rank INTEGER NOT NULL,
        sort_order    INTEGER NOT NULL,
        tags          TEXT NOT NULL,      -- JSON array of strings
        critical      INTEGER NOT NULL,
        review_by     TEXT,
        local_policy  TEXT NOT NULL,      -- vast, aanvullen, vervangen
        body          TEXT NOT NULL,
        source_path   TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE overlay_entry (
        entry_key TEXT PRIMARY KEY,       -- EntryKey::to_text
        entry     TEXT NOT NULL           -- OverlayEntry as JSON
    ) WITHOUT ROWID;
    CREATE TABLE overlay_facts (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        facts   TEXT NOT NULL,            -- JSON object
        version INTEGER NOT NULL
    );
    ALTER TABLE section ADD COLUMN sort_after INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE section ADD COLUMN tailoring TEXT NOT NULL DEFAULT 'region';
    DROP INDEX section_by_category;
    CREATE INDEX section_by_category ON section (category_rank, sort_order, sort_after, title);
    UPDATE section SET origin = 'bundle'
     WHERE EXISTS (SELECT 1 FROM sync_state WHERE id = 1 AND cursor IS NOT NULL);
    UPDATE sync_state SET cursor = NULL, full_pending = 1 WHERE id = 1 AND cursor IS NOT NULL;
    "#,
    ),
    // A manager's drafts of the hospice's own handbook (overlay_draft.rs): one per entry
    // and one for the facts, kept until the server stored them; `outbox_key` names the
    // outbox item of a published draft.
    M::up(
        r#"
    CREATE TABLE overlay_draft (
        draft_key    TEXT PRIMARY KEY,    -- DraftEdit::key_text
        organization TEXT NOT NULL,
        draft        TEXT NOT NULL,       -- OverlayDraft as JSON
        outbox_key   TEXT,
        updated_at   TEXT NOT NULL
    ) WITHOUT ROWID;
    -- The region's earlier text of a section the hospice replaced, kept when the region
    -- publishes a new one: the base of the three-way merge.
    CREATE TABLE base_section_history (
        id       TEXT NOT NULL,
        revision INTEGER NOT NULL,
        body     TEXT NOT NULL,
        PRIMARY KEY (id, revision)
    ) WITHOUT ROWID;
    "#,
    ),
    // Gelezen en begrepen (reading.rs): the coordinator's note and must-read mark of the
    // region's current revision of a section; the changes this device learnt are must
    // read, with the device's revisions of the section before and after them (what
    // changed); the hospice's list of readers and their acknowledgements, made here
    // (`sent` 0 until the server stored them) or pulled.
    M::up(
        r#"
    ALTER TABLE base_section ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
    ALTER TABLE base_section ADD COLUMN must_read INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE must_read (
        change_id       TEXT PRIMARY KEY,  -- MustReadId::to_text
        section_id      TEXT NOT NULL,
        note            TEXT NOT NULL,
        before_revision INTEGER,           -- section_revision the device had before
        after_revision  INTEGER NOT NULL,  -- section_revision it showed after
        arrived_at      TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE reader (
        id     TEXT PRIMARY KEY,
        name   TEXT NOT NULL,
        active INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE acknowledgement (
        id              TEXT PRIMARY KEY,  -- UUID v7, the server's id of it
        reader          TEXT NOT NULL,
        change_id       TEXT NOT NULL,
        acknowledged_at TEXT NOT NULL,
        sent            INTEGER NOT NULL   -- 0 waits, 1 on the server, 2 refused by it
    ) WITHOUT ROWID;
    CREATE INDEX acknowledgement_by_reader ON acknowledgement (reader, change_id);
    ALTER TABLE sync_state ADD COLUMN readers_after INTEGER NOT NULL DEFAULT 0;
    -- A section the region removed while the hospice had replaced it: its title, category
    -- and the section it came after, so the manager can keep the hospice's text as an own
    -- section in the same place.
    CREATE TABLE base_section_removed (
        id       TEXT PRIMARY KEY,
        title    TEXT NOT NULL,
        category TEXT NOT NULL,
        after    TEXT                     -- the section before it in its category, if any
    ) WITHOUT ROWID;
    "#,
    ),
];

/// The schema version this build knows.
pub(crate) fn latest_version() -> usize {
    MIGRATIONS.len()
}

pub(crate) fn migrate(conn: &mut Connection, path: Option<&Path>) -> Result<(), StoreError> {
    let display = path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ":memory:".into());
    let found: usize = conn
        .pragma_query_value(None, "user_version", |row| row.get::<_, i64>(0))
        .map_err(|e| StoreError::damaged(&display, e))? as usize;
    if found > latest_version() {
        return Err(StoreError::TooNew {
            path: display,
            found,
            known: latest_version(),
        });
    }
    Migrations::from_slice(MIGRATIONS)
        .to_latest(conn)
        .map_err(|e| StoreError::damaged(&display, e))
}
