//! Versioned migrations of the server database (SQLite). A released migration is never
//! edited: add a new one.

use rusqlite_migration::{Migrations, M};

const MIGRATIONS: &[M<'static>] = &[
    M::up(
        r#"
    CREATE TABLE region (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE TABLE organization (
        id        TEXT PRIMARY KEY,
        region_id TEXT NOT NULL REFERENCES region (id),
        name      TEXT NOT NULL
    );
    CREATE TABLE account (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,     -- argon2id, PHC string
        admin         INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL
    );
    CREATE TABLE membership (
        account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        organization_id TEXT NOT NULL REFERENCES organization (id),
        role            TEXT NOT NULL CHECK (role IN ('volunteer', 'manager')),
        PRIMARY KEY (account_id, organization_id)
    );
    CREATE TABLE coordinator (
        account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        region_id  TEXT NOT NULL REFERENCES region (id),
        PRIMARY KEY (account_id, region_id)
    );
    -- Bearer tokens, stored as the SHA-256 of the token: a stolen database holds none.
    CREATE TABLE token (
        hash       TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,     -- unix seconds
        expires_at INTEGER NOT NULL,
        revoked    INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX token_by_account ON token (account_id);

    -- The current state of each section of a region's handbook. `seq` is the region-wide
    -- change number of its last change; a pull "since C" is every row with seq > C, so a
    -- device that is many publishes behind gets each section once, in its latest state.
    -- A removed section stays as a tombstone (deleted = 1) so devices learn of it.
    CREATE TABLE section (
        region_id     TEXT NOT NULL REFERENCES region (id),
        id            TEXT NOT NULL,
        seq           INTEGER NOT NULL,
        revision      INTEGER NOT NULL,
        deleted       INTEGER NOT NULL DEFAULT 0,
        title         TEXT NOT NULL,
        category      TEXT NOT NULL,
        category_rank INTEGER NOT NULL,
        sort_order    INTEGER NOT NULL,
        tags          TEXT NOT NULL,     -- JSON array
        critical      INTEGER NOT NULL,
        review_by     TEXT,
        body          TEXT NOT NULL,
        source_path   TEXT NOT NULL,
        fingerprint   TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (region_id, id)
    );
    CREATE UNIQUE INDEX section_by_seq ON section (region_id, seq);

    -- Every revision ever published, for history and audit.
    CREATE TABLE section_revision (
        region_id    TEXT NOT NULL,
        id           TEXT NOT NULL,
        revision     INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        deleted      INTEGER NOT NULL,
        title        TEXT NOT NULL,
        body         TEXT NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (region_id, id, revision)
    );

    -- The last change number handed out per region.
    CREATE TABLE region_head (
        region_id TEXT PRIMARY KEY REFERENCES region (id),
        seq       INTEGER NOT NULL
    );

    CREATE TABLE publication (
        id           INTEGER PRIMARY KEY,
        region_id    TEXT NOT NULL REFERENCES region (id),
        published_at TEXT NOT NULL,
        changed      INTEGER NOT NULL,
        removed      INTEGER NOT NULL
    );
    "#,
    ),
    // Checklists of a region (a published version never changes; `seq` is the region's
    // checklist change number, apart from the sections'), and the self-evaluations
    // hospices send, stored once per UUID with the server's own scores and their rule.
    M::up(
        r#"
    CREATE TABLE checklist (
        region_id    TEXT NOT NULL REFERENCES region (id),
        id           TEXT NOT NULL,
        version      INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        withdrawn    INTEGER NOT NULL DEFAULT 0,
        definition   TEXT NOT NULL,     -- JSON of kompas_proto::checklist::ChecklistDefinition
        digest       TEXT NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (region_id, id, version)
    );
    CREATE UNIQUE INDEX checklist_by_seq ON checklist (region_id, seq);
    CREATE TABLE checklist_head (
        region_id TEXT PRIMARY KEY REFERENCES region (id),
        seq       INTEGER NOT NULL
    );
    CREATE TABLE submission (
        uuid              TEXT PRIMARY KEY,
        organization_id   TEXT NOT NULL REFERENCES organization (id),
        region_id         TEXT NOT NULL,
        checklist_id      TEXT NOT NULL,
        checklist_version INTEGER NOT NULL,
        year              INTEGER NOT NULL,
        replaces          TEXT REFERENCES submission (uuid),
        replaced_by       TEXT,
        digest            TEXT NOT NULL,
        body              TEXT NOT NULL,  -- JSON of kompas_proto::sync::SubmissionRequest
        scores            TEXT NOT NULL,  -- JSON array of ThemeScore
        rule              TEXT NOT NULL,
        account_id        INTEGER NOT NULL,
        received_at       TEXT NOT NULL
    );
    CREATE INDEX submission_by_organization ON submission (organization_id, year);
    "#,
    ),
    // The coordinator's mark on a submission (Ontvangen / Besproken) with a note back to
    // the hospice, one per submission, and the index the region's overview reads by.
    M::up(
        r#"
    CREATE TABLE submission_review (
        uuid        TEXT PRIMARY KEY REFERENCES submission (uuid),
        state       TEXT NOT NULL CHECK (state IN ('received', 'discussed')),
        note        TEXT NOT NULL,
        account_id  INTEGER NOT NULL,
        username    TEXT NOT NULL,
        reviewed_at TEXT NOT NULL
    );
    CREATE INDEX submission_by_region ON submission (region_id, year);
    "#,
    ),
    // The progress a hospice chose to share with its region before it sends a year's
    // self-evaluation: counts only.
    M::up(
        r#"
    CREATE TABLE shared_progress (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        year            INTEGER NOT NULL,
        answered        INTEGER NOT NULL CHECK (answered >= 0),
        questions       INTEGER NOT NULL CHECK (questions >= answered),
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (organization_id, year)
    );
    "#,
    ),
    // How far a hospice may change a section (`lokaal:`), for the overlays.
    M::up(
        r#"
    ALTER TABLE section ADD COLUMN local_policy TEXT NOT NULL DEFAULT 'vervangen'
        CHECK (local_policy IN ('vast', 'aanvullen', 'vervangen'));
    "#,
    ),
    // A hospice's overlay: its entries in force (a taken-back entry keeps its row with
    // `change` NULL, so its version stays known), its facts, and every published change.
    M::up(
        r#"
    CREATE TABLE overlay_entry (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        entry_key       TEXT NOT NULL,
        section_id      TEXT NOT NULL,
        version         INTEGER NOT NULL,
        change          TEXT,
        note            TEXT NOT NULL,
        PRIMARY KEY (organization_id, entry_key)
    );
    CREATE TABLE overlay_facts (
        organization_id TEXT PRIMARY KEY REFERENCES organization (id),
        facts           TEXT NOT NULL,
        version         INTEGER NOT NULL
    );
    CREATE TABLE overlay_revision (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        version         INTEGER NOT NULL,
        entry_key       TEXT,
        key_json        TEXT,
        section_id      TEXT,
        body            TEXT,
        note            TEXT NOT NULL,
        account_id      INTEGER NOT NULL,
        username        TEXT NOT NULL,
        published_at    TEXT NOT NULL,
        PRIMARY KEY (organization_id, version)
    );
    CREATE INDEX overlay_revision_by_section ON overlay_revision (organization_id, section_id);
    "#,
    ),
    // Gelezen en begrepen (issue #13 §4): the coordinator's note and must-read mark of a
    // revision of the region's (front matter `wijziging:`, `moet_lezen:`), on a section's
    // current state and on each revision; a manager's must-read mark on an overlay change.
    // Everything published before is no must-read change and has no note.
    M::up(
        r#"
    ALTER TABLE section ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
    ALTER TABLE section ADD COLUMN must_read INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE section_revision ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
    ALTER TABLE section_revision ADD COLUMN must_read INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE overlay_entry ADD COLUMN must_read INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE overlay_revision ADD COLUMN must_read INTEGER NOT NULL DEFAULT 0;
    "#,
    ),
    // A hospice's list of readers (names a manager keeps; a name taken off the list stays,
    // inactive, with its acknowledgements) and the acknowledgements its devices send, once
    // per UUID. `seq` numbers a hospice's acknowledgements in the order they were stored,
    // for `GET …/readers?after=`.
    M::up(
        r#"
    CREATE TABLE reader (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        id              TEXT NOT NULL,     -- UUID, made where the name was added
        name            TEXT NOT NULL,
        active          INTEGER NOT NULL,
        account_id      INTEGER NOT NULL,  -- the manager who changed it last
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (organization_id, id)
    );
    CREATE TABLE acknowledgement (
        id              TEXT PRIMARY KEY,  -- UUID, made on the device
        organization_id TEXT NOT NULL REFERENCES organization (id),
        seq             INTEGER NOT NULL,
        reader_id       TEXT NOT NULL,
        change_id       TEXT NOT NULL,     -- kompas_proto::reading::MustReadId, as text
        acknowledged_at TEXT NOT NULL,     -- RFC 3339, the device's clock, as sent
        account_id      INTEGER NOT NULL,  -- the account that sent it
        received_at     TEXT NOT NULL
    );
    CREATE UNIQUE INDEX acknowledgement_by_seq ON acknowledgement (organization_id, seq);
    "#,
    ),
];

/// The schema version the migrations lead to.
pub(crate) const LATEST: usize = MIGRATIONS.len();

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().expect("valid migrations");
    }
}
