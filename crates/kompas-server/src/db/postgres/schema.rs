//! Versioned migrations of the server database (PostgreSQL), the same tables as SQLite's.
//! Applied in order under an advisory lock by [`super::PgDb::connect`].

/// Versioned migrations, applied in order under an advisory lock. A released migration is
/// never edited: add a new one.
pub(super) const MIGRATIONS: &[&str] = &[
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
        id            BIGSERIAL PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        admin         BOOLEAN NOT NULL DEFAULT FALSE,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE membership (
        account_id      BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        organization_id TEXT NOT NULL REFERENCES organization (id),
        role            TEXT NOT NULL CHECK (role IN ('volunteer', 'manager')),
        PRIMARY KEY (account_id, organization_id)
    );
    CREATE TABLE coordinator (
        account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        region_id  TEXT NOT NULL REFERENCES region (id),
        PRIMARY KEY (account_id, region_id)
    );
    CREATE TABLE token (
        hash       TEXT PRIMARY KEY,
        account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        revoked    BOOLEAN NOT NULL DEFAULT FALSE
    );
    CREATE INDEX token_by_account ON token (account_id);
    CREATE TABLE section (
        region_id     TEXT NOT NULL REFERENCES region (id),
        id            TEXT NOT NULL,
        seq           BIGINT NOT NULL,
        revision      BIGINT NOT NULL,
        deleted       BOOLEAN NOT NULL DEFAULT FALSE,
        title         TEXT NOT NULL,
        category      TEXT NOT NULL,
        category_rank BIGINT NOT NULL,
        sort_order    BIGINT NOT NULL,
        tags          TEXT NOT NULL,
        critical      BOOLEAN NOT NULL,
        review_by     TEXT,
        body          TEXT NOT NULL,
        source_path   TEXT NOT NULL,
        fingerprint   TEXT NOT NULL,
        updated_at    TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (region_id, id)
    );
    CREATE UNIQUE INDEX section_by_seq ON section (region_id, seq);
    CREATE TABLE section_revision (
        region_id    TEXT NOT NULL,
        id           TEXT NOT NULL,
        revision     BIGINT NOT NULL,
        seq          BIGINT NOT NULL,
        deleted      BOOLEAN NOT NULL,
        title        TEXT NOT NULL,
        body         TEXT NOT NULL,
        published_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (region_id, id, revision)
    );
    CREATE TABLE region_head (
        region_id TEXT PRIMARY KEY REFERENCES region (id),
        seq       BIGINT NOT NULL
    );
    CREATE TABLE publication (
        id           BIGSERIAL PRIMARY KEY,
        region_id    TEXT NOT NULL REFERENCES region (id),
        published_at TIMESTAMPTZ NOT NULL,
        changed      BIGINT NOT NULL,
        removed      BIGINT NOT NULL
    );
"#,
    // Checklists and submissions, as in SQLite's second migration.
    r#"
    CREATE TABLE checklist (
        region_id    TEXT NOT NULL REFERENCES region (id),
        id           TEXT NOT NULL,
        version      BIGINT NOT NULL,
        seq          BIGINT NOT NULL,
        withdrawn    BOOLEAN NOT NULL DEFAULT FALSE,
        definition   TEXT NOT NULL,
        digest       TEXT NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (region_id, id, version)
    );
    CREATE UNIQUE INDEX checklist_by_seq ON checklist (region_id, seq);
    CREATE TABLE checklist_head (
        region_id TEXT PRIMARY KEY REFERENCES region (id),
        seq       BIGINT NOT NULL
    );
    CREATE TABLE submission (
        uuid              TEXT PRIMARY KEY,
        organization_id   TEXT NOT NULL REFERENCES organization (id),
        region_id         TEXT NOT NULL,
        checklist_id      TEXT NOT NULL,
        checklist_version BIGINT NOT NULL,
        year              INTEGER NOT NULL,
        replaces          TEXT REFERENCES submission (uuid),
        replaced_by       TEXT,
        digest            TEXT NOT NULL,
        body              TEXT NOT NULL,
        scores            TEXT NOT NULL,
        rule              TEXT NOT NULL,
        account_id        BIGINT NOT NULL,
        received_at       TEXT NOT NULL
    );
    CREATE INDEX submission_by_organization ON submission (organization_id, year);
"#,
    // Reviews of submissions, as in SQLite's third migration.
    r#"
    CREATE TABLE submission_review (
        uuid        TEXT PRIMARY KEY REFERENCES submission (uuid),
        state       TEXT NOT NULL CHECK (state IN ('received', 'discussed')),
        note        TEXT NOT NULL,
        account_id  BIGINT NOT NULL,
        username    TEXT NOT NULL,
        reviewed_at TEXT NOT NULL
    );
    CREATE INDEX submission_by_region ON submission (region_id, year);
"#,
    // Shared progress before sending, as in SQLite's fourth migration.
    r#"
    CREATE TABLE shared_progress (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        year            INTEGER NOT NULL,
        answered        BIGINT NOT NULL CHECK (answered >= 0),
        questions       BIGINT NOT NULL CHECK (questions >= answered),
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (organization_id, year)
    );
"#,
    // `lokaal:`, as in SQLite's fifth migration.
    r#"
    ALTER TABLE section ADD COLUMN local_policy TEXT NOT NULL DEFAULT 'vervangen'
        CHECK (local_policy IN ('vast', 'aanvullen', 'vervangen'));
"#,
    // A hospice's overlay, as in SQLite's sixth migration.
    r#"
    CREATE TABLE overlay_entry (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        entry_key       TEXT NOT NULL,
        section_id      TEXT NOT NULL,
        version         BIGINT NOT NULL,
        change          TEXT,
        note            TEXT NOT NULL,
        PRIMARY KEY (organization_id, entry_key)
    );
    CREATE TABLE overlay_facts (
        organization_id TEXT PRIMARY KEY REFERENCES organization (id),
        facts           TEXT NOT NULL,
        version         BIGINT NOT NULL
    );
    CREATE TABLE overlay_revision (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        version         BIGINT NOT NULL,
        entry_key       TEXT,
        key_json        TEXT,
        section_id      TEXT,
        body            TEXT,
        note            TEXT NOT NULL,
        account_id      BIGINT NOT NULL,
        username        TEXT NOT NULL,
        published_at    TEXT NOT NULL,
        PRIMARY KEY (organization_id, version)
    );
    CREATE INDEX overlay_revision_by_section ON overlay_revision (organization_id, section_id);
"#,
    // Must-read marks and change notes, as in SQLite's seventh migration.
    r#"
    ALTER TABLE section ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
    ALTER TABLE section ADD COLUMN must_read BOOLEAN NOT NULL DEFAULT FALSE;
    ALTER TABLE section_revision ADD COLUMN change_note TEXT NOT NULL DEFAULT '';
    ALTER TABLE section_revision ADD COLUMN must_read BOOLEAN NOT NULL DEFAULT FALSE;
    ALTER TABLE overlay_entry ADD COLUMN must_read BOOLEAN NOT NULL DEFAULT FALSE;
    ALTER TABLE overlay_revision ADD COLUMN must_read BOOLEAN NOT NULL DEFAULT FALSE;
"#,
    // Readers and acknowledgements, as in SQLite's eighth migration.
    r#"
    CREATE TABLE reader (
        organization_id TEXT NOT NULL REFERENCES organization (id),
        id              TEXT NOT NULL,
        name            TEXT NOT NULL,
        active          BOOLEAN NOT NULL,
        account_id      BIGINT NOT NULL,
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (organization_id, id)
    );
    CREATE TABLE acknowledgement (
        id              TEXT PRIMARY KEY,
        organization_id TEXT NOT NULL REFERENCES organization (id),
        seq             BIGINT NOT NULL,
        reader_id       TEXT NOT NULL,
        change_id       TEXT NOT NULL,
        acknowledged_at TEXT NOT NULL,
        account_id      BIGINT NOT NULL,
        received_at     TEXT NOT NULL
    );
    CREATE UNIQUE INDEX acknowledgement_by_seq ON acknowledgement (organization_id, seq);
"#,
];
