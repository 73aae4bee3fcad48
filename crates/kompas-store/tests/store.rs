//! The store against a real SQLite file: import and revisions, Dutch search, settings,
//! and what happens with a damaged or too new database.

use kompas_core::Section;
use kompas_proto::{Language, Settings, Theme};
use kompas_store::{Changes, PageEnd, PullPosition, Store, StoreError, StoreReader};

mod common;

use common::section;

fn handbook() -> Vec<Section> {
    vec![
        section(
            "nacht",
            "De nachtdienst",
            "Tijdens de nacht loop je rondes. Bel de verpleegkundige als je twijfelt.",
        ),
        section(
            "overlijden",
            "Als een gast overlijdt",
            "Blijf rustig. Noteer het tijdstip van overlijden en bel de verpleegkundige.",
        ),
        section(
            "ideeen",
            "Ideeën van vrijwilligers",
            "Heb je ideeën voor de huiskamer? Vertel het de coördinator.",
        ),
        section(
            "rouw",
            "Omgaan met rouw",
            "Ook als vrijwilliger mag je verdriet hebben wanneer een gast is gestorven. \
             Praat erover na een nachtdienst.",
        ),
        section(
            "val",
            "Als een gast valt",
            "Til de gast niet zelf op. Bel direct de verpleegkundige.",
        ),
    ]
}

fn store_with_handbook() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kompas.sqlite")).expect("open");
    store.import_sections(&handbook()).expect("import");
    (dir, store)
}

/// The ids a query finds, best first.
fn found(store: &Store, query: &str) -> Vec<String> {
    store
        .search(query, 10)
        .expect("search")
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

#[test]
fn dutch_search_cases() {
    let (_dir, store) = store_with_handbook();
    // (query, the ids that must be found, in this order, at the top). Where bm25 decides
    // between body hits, the order below is the one it gives (shorter text first).
    let cases: &[(&str, &[&str])] = &[
        // Snowball stemming: plural finds singular.
        ("nachtdiensten", &["nacht", "rouw"]),
        // Irregular: Snowball stems these differently; the lemma table joins them.
        ("overleden", &["overlijden"]),
        ("gestorven", &["rouw"]),
        // Diacritics folded both ways.
        ("ideeen", &["ideeen"]),
        ("coordinator", &["ideeen"]),
        ("IDEEËN", &["ideeen"]),
        // Prefixes, as typed.
        ("nachtd", &["nacht", "rouw"]),
    ];
    for (query, expected) in cases {
        let ids = found(&store, query);
        assert!(
            ids.len() >= expected.len() && ids[..expected.len()] == expected[..],
            "query {query:?}: expected {expected:?} first, found {ids:?}"
        );
    }
    // Title hits above body hits; between the two titles, how often the body has the word.
    let gast = found(&store, "gast");
    let mut titles = gast[..2].to_vec();
    titles.sort();
    assert_eq!(
        (titles, gast[2].as_str()),
        (vec!["overlijden".to_owned(), "val".to_owned()], "rouw")
    );
    // Only body hits: all are found.
    let mut ids = found(&store, "verpl");
    ids.sort();
    assert_eq!(ids, ["nacht", "overlijden", "val"]);
    // Two words: the sections with both first, marked so; then those with one of them.
    let both = store.search("gast verpleegkundige", 10).expect("search");
    let mut all_words: Vec<&str> = both
        .hits
        .iter()
        .take_while(|hit| hit.all_words)
        .map(|hit| hit.id.as_str())
        .collect();
    all_words.sort();
    assert_eq!(all_words, ["overlijden", "val"]);
    assert!(both.hits[2..].iter().all(|hit| !hit.all_words));
    assert!(found(&store, "brandweer").is_empty());
    assert!(found(&store, "   ").is_empty());
}

#[test]
fn hostile_queries_are_just_words() {
    let (_dir, store) = store_with_handbook();
    for query in [
        "\"",
        "nacht\" OR \"",
        "NEAR(nacht gast)",
        "* ^ - :",
        "title:nacht",
        "{title}: nacht",
        "nacht AND",
        "'); DROP TABLE section; --",
        "𝔫𝔞𝔠𝔥𝔱 مرحبا 你好",
    ] {
        store.search(query, 10).expect(query);
    }
    // Quotes and operators are dropped; the words remain and are searched.
    assert_eq!(found(&store, "\"nachtdienst\"")[0], "nacht");
    assert_eq!(found(&store, "nacht*")[0], "nacht");
}

#[test]
fn snippets_highlight_the_matching_words() {
    let (_dir, store) = store_with_handbook();
    let hits = store.search("overleden", 5).expect("search").hits;
    let marked: Vec<&str> = hits[0]
        .snippet
        .iter()
        .filter(|p| p.marked)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["overlijden"]);
    let title_marked: Vec<&str> = hits[0]
        .title
        .iter()
        .filter(|p| p.marked)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(title_marked, ["overlijdt"]);
}

#[test]
fn reimport_makes_revisions_only_for_changes() {
    let (dir, mut store) = store_with_handbook();
    let mut changed = handbook();
    changed[0].body.push_str("\n\nNieuw: de achterwacht.");
    changed.remove(4);
    changed.push(section("brand", "Bij brand", "Druk op de brandmelder."));
    let report = store.import_sections(&changed).expect("reimport");
    assert_eq!(
        (
            report.added,
            report.changed,
            report.unchanged,
            report.removed
        ),
        (1, 1, 3, 1)
    );
    assert_eq!(store.revision_count("nacht").expect("count"), 2);
    assert_eq!(store.revision_count("overlijden").expect("count"), 1);
    assert!(store.section("val").expect("read").is_none());
    assert_eq!(found(&store, "achterwacht"), ["nacht"]);
    assert!(
        found(&store, "til").is_empty(),
        "removed sections leave the index"
    );
    drop(store);

    // Everything is in the file, not in memory.
    let store = Store::open(&dir.path().join("kompas.sqlite")).expect("reopen");
    assert_eq!(found(&store, "brandmelder"), ["brand"]);
    assert!(dir.path().join("kompas.sqlite-wal").exists(), "WAL mode");
}

#[test]
fn fingerprints_stored_before_version_2_do_not_make_new_revisions() {
    let (dir, store) = store_with_handbook();
    drop(store);
    let path = dir.path().join("kompas.sqlite");
    {
        // As an app from before fingerprint version 2 left the file.
        let conn = rusqlite::Connection::open(&path).expect("open");
        for section in handbook() {
            conn.execute(
                "UPDATE section SET fingerprint = ?2 WHERE id = ?1",
                (
                    &section.id,
                    kompas_core::fingerprint::fingerprint_v1(&section),
                ),
            )
            .expect("write a version 1 fingerprint");
        }
    }
    let mut store = Store::open(&path).expect("reopen");
    let mut next = handbook();
    next[1].body.push_str(" Daarna bel je de familie.");
    let report = store.import_sections(&next).expect("reimport");
    assert_eq!((report.added, report.changed, report.unchanged), (0, 1, 4));
    assert_eq!(store.revision_count("nacht").expect("count"), 1);
    assert_eq!(store.revision_count("overlijden").expect("count"), 2);
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let old: i64 = conn
        .query_row(
            "SELECT count(*) FROM section WHERE fingerprint NOT LIKE 'v2:%'",
            [],
            |row| row.get(0),
        )
        .expect("count");
    assert_eq!(old, 0, "every fingerprint is in the current encoding now");
}

#[test]
fn a_reader_answers_while_a_long_write_transaction_is_open() {
    let (dir, store) = store_with_handbook();
    let path = dir.path().join("kompas.sqlite");
    let reader = StoreReader::open(&path).expect("reader");
    // Another connection holds the write lock, as sync does while it applies a page.
    let writer = rusqlite::Connection::open(&path).expect("writer");
    writer
        .execute_batch(
            "BEGIN IMMEDIATE; UPDATE section SET title = 'Nachtdienst (nieuw)' WHERE id = 'nacht';",
        )
        .expect("an open write transaction");
    let (answer, answered) = std::sync::mpsc::channel();
    let reading = std::thread::spawn(move || {
        let titles = |reader: &StoreReader| {
            reader
                .section("nacht")
                .expect("read")
                .map(|s| s.title)
                .expect("the section")
        };
        let during = titles(&reader);
        let hits = reader
            .search("verpleegkundige", 10)
            .expect("search")
            .hits
            .len();
        let home = reader.home(5).expect("home").section_count;
        answer.send((during, hits, home)).expect("send");
        reader
    });
    // Not a timing assertion: a reader that waited for the writer would wait forever
    // here, because the transaction commits only after the answer.
    let (during, hits, home) = answered
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the reader answered while the write transaction was open");
    assert_eq!(during, "De nachtdienst", "the last committed state");
    assert_eq!(hits, 3);
    assert_eq!(home, 5);
    writer.execute_batch("COMMIT").expect("commit");
    let reader = reading.join().expect("reader thread");
    let after = reader.section("nacht").expect("read").expect("section");
    assert_eq!(
        after.title, "Nachtdienst (nieuw)",
        "committed changes are seen"
    );
    drop(store);
}

#[test]
fn the_sync_state_of_an_earlier_version_moves_into_the_sync_record() {
    let (dir, store) = store_with_handbook();
    drop(store);
    let path = dir.path().join("kompas.sqlite");
    {
        // The file as schema version 2 left it: the sync state in `meta` keys.
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            r#"DROP TABLE sync_state;
            DROP TABLE search_word;
            DROP TABLE search_index_state;
            DROP TABLE checklist; DROP TABLE routine_tick; DROP TABLE self_evaluation_answer;
            DROP TABLE self_evaluation_theme; DROP TABLE improvement_action;
            DROP TABLE self_evaluation; DROP TABLE outbox;
            DROP TABLE region_cache; DROP TABLE submission_review; DROP TABLE progress_share;
            DROP TABLE must_read; DROP TABLE reader; DROP TABLE acknowledgement; DROP TABLE base_section_removed;
            DROP TABLE base_section; DROP TABLE overlay_entry; DROP TABLE overlay_facts;
             DROP TABLE overlay_draft; DROP TABLE base_section_history;
            DROP INDEX section_by_category;
            ALTER TABLE section DROP COLUMN sort_after; ALTER TABLE section DROP COLUMN tailoring;
            CREATE INDEX section_by_category ON section (category_rank, sort_order, title);
            INSERT INTO meta (key, value) VALUES
                ('sync_server', 'https://kompas.example.nl/'),
                ('sync_username', 'anna'),
                ('sync_token', 'geheim'),
                ('sync_organizations', '[{"id":"de-linde","name":"Hospice De Linde","role":"manager"}]'),
                ('sync_organization', 'de-linde'),
                ('sync_login_needed', '1'),
                ('sync_last_synced_ms', '1764650000000'),
                ('sync_last_changes', '7'),
                ('sync_source', 'https://kompas.example.nl/|de-linde'),
                ('sync_cursor', 'v1.42'),
                ('sync_full_pending', '1'),
                ('bundle_hash', 'abc');
            PRAGMA user_version = 2;"#,
        )
        .expect("write the old state");
    }
    let store = Store::open(&path).expect("migrate");
    let record = store.sync_record().expect("the sync record");
    assert_eq!(
        record.session,
        kompas_store::SyncSession {
            server: Some("https://kompas.example.nl/".into()),
            username: Some("anna".into()),
            token: Some("geheim".into()),
            organizations: vec![kompas_proto::OrganizationChoice {
                id: "de-linde".into(),
                name: "Hospice De Linde".into(),
                role: kompas_proto::sync::Role::Manager,
            }],
            organization: Some("de-linde".into()),
            login_needed: true,
            coordinator_of: Vec::new(),
        }
    );
    assert_eq!(
        (record.last_synced_ms, record.last_changes),
        (Some(1_764_650_000_000), 7)
    );
    // The cursor moved over, and a later migration (the region's base for a hospice's
    // own handbook) then started the pull over: the device has no base yet.
    assert_eq!(
        record.pull,
        PullPosition {
            source: Some("https://kompas.example.nl/|de-linde".into()),
            cursor: None,
            full_pending: true,
            ..PullPosition::default()
        }
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let left: Vec<String> = conn
        .prepare("SELECT key FROM meta ORDER BY key")
        .expect("prepare")
        .query_map([], |row| row.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("keys");
    assert_eq!(left, ["bundle_hash"], "the old keys are gone");
}

#[test]
fn a_new_device_has_an_empty_sync_record() {
    let (_dir, store) = store_with_handbook();
    assert_eq!(
        store.sync_record().expect("the sync record"),
        kompas_store::SyncRecord::default()
    );
}

#[test]
fn a_reader_refuses_a_file_the_store_has_not_prepared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("leeg.sqlite");
    assert!(StoreReader::open(&path).is_err(), "no file: no reader");
    rusqlite::Connection::open(&path)
        .expect("create")
        .execute_batch("CREATE TABLE x (y);")
        .expect("a database of something else");
    let error = StoreReader::open(&path).expect_err("not migrated");
    assert!(error.is_damaged(), "{error}");
}

#[test]
fn reading_history_and_settings_survive_a_restart() {
    let (dir, mut store) = store_with_handbook();
    store.mark_read("val").expect("read");
    store.mark_read("nacht").expect("read");
    let chosen = Settings {
        language: Language::En,
        theme: Theme::Night,
        large_text: true,
    };
    store.save_settings(&chosen).expect("save");
    drop(store);
    let store = Store::open(&dir.path().join("kompas.sqlite")).expect("reopen");
    assert_eq!(store.settings().expect("settings"), chosen);
    let recent: Vec<String> = store
        .home(5)
        .expect("home")
        .recent
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(recent, ["nacht", "val"]);
}

#[test]
fn handbook_is_grouped_by_category_in_order() {
    let mut sections = handbook();
    sections[0].category = "Dienst".into();
    sections[0].category_rank = 1;
    let mut store = Store::open_in_memory().expect("open");
    store.import_sections(&sections).expect("import");
    let categories = store.handbook().expect("handbook");
    let names: Vec<&str> = categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Test", "Dienst"]);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_damaged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kompas.sqlite");
    std::fs::write(&path, vec![0x42; 4096]).expect("write garbage");
    let error = Store::open(&path).expect_err("garbage must not open");
    assert!(error.is_damaged(), "{error}");
    assert!(error.to_string().contains("Move it aside"), "{error}");
    assert_eq!(std::fs::read(&path).expect("still there"), vec![0x42; 4096]);
}

#[test]
fn a_database_from_a_newer_app_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kompas.sqlite");
    drop(Store::open(&path).expect("create"));
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    match Store::open(&path) {
        Err(StoreError::TooNew { found: 99, .. }) => {}
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[test]
fn synced_pages_replace_the_bundle_only_when_the_first_pull_completes() {
    let (_dir, mut store) = store_with_handbook();
    let from_server = section(
        "wateroverlast",
        "Bij wateroverlast",
        "Zet de hoofdkraan dicht.",
    );
    // A first page: added next to the bundled sections, with its cursor, in one go.
    store
        .apply_changes(
            Changes {
                sections: &base(std::slice::from_ref(&from_server)),
                removed: &[],
                overlay: None,
            },
            &PageEnd {
                cursor: "v1.1",
                full_pending: true,
            },
            false,
        )
        .expect("page");
    assert_eq!(found(&store, "hoofdkraan"), vec!["wateroverlast"]);
    assert_eq!(
        found(&store, "nachtdienst").first().map(String::as_str),
        Some("nacht")
    );
    assert_eq!(
        store.sync_record().expect("the sync record").pull,
        PullPosition {
            source: None,
            cursor: Some("v1.1".into()),
            full_pending: true,
            ..PullPosition::default()
        }
    );
    // The last page of the first full pull removes what only the app brought; a section
    // the server sent unchanged (`overlijden`) stays.
    let unchanged = handbook()
        .into_iter()
        .find(|s| s.id == "overlijden")
        .expect("in the handbook");
    let report = store
        .apply_changes(
            Changes {
                sections: &base(&[
                    section("nacht", "De nachtdienst", "Nieuwe tekst over de nacht."),
                    unchanged,
                ]),
                removed: &["bestaat-niet".to_owned()],
                overlay: None,
            },
            &PageEnd {
                cursor: "v1.2",
                full_pending: false,
            },
            true,
        )
        .expect("last page");
    // Every bundled section but `nacht` and `overlijden`, which the server sent.
    assert_eq!(
        (report.changed, report.unchanged, report.removed),
        (1, 1, handbook().len() - 2),
        "{report:?}"
    );
    assert_eq!(
        found(&store, "overlijden").first().map(String::as_str),
        Some("overlijden")
    );
    assert!(found(&store, "ideeen").is_empty());
    assert_eq!(
        found(&store, "nacht").first().map(String::as_str),
        Some("nacht")
    );

    // A newer app with another bundled handbook does not replace the synced one.
    let files = vec![kompas_core::SourceFile {
        path: "ander.md".into(),
        bytes: b"# Iets anders\n\nTekst.\n".to_vec(),
    }];
    assert_eq!(
        store.seed_from_bundle(files).expect("seed"),
        kompas_store::SeedOutcome::Unchanged
    );
    assert_eq!(found(&store, "hoofdkraan"), vec!["wateroverlast"]);
}

#[test]
fn a_section_changed_since_it_was_read_is_marked_until_it_is_read_again() {
    let (_dir, mut store) = store_with_handbook();
    store.mark_read("nacht").expect("read");
    let marked = |store: &Store| -> Vec<String> {
        store
            .handbook()
            .expect("handbook")
            .into_iter()
            .flat_map(|c| c.sections)
            .filter(|s| s.updated)
            .map(|s| s.id)
            .collect()
    };
    assert!(marked(&store).is_empty(), "nothing changed yet");

    // A sync brings a new text of a section that was read and of one that was not.
    let mut changed = section("nacht", "De nachtdienst", "Nieuw: de achterwacht.");
    changed.critical = true;
    store
        .apply_changes(
            Changes {
                sections: &base(&[
                    changed,
                    section("val", "Als een gast valt", "Bel eerst de verpleegkundige."),
                ]),
                removed: &[],
                overlay: None,
            },
            &PageEnd {
                cursor: "v1.1",
                full_pending: false,
            },
            false,
        )
        .expect("page");
    // Only a section the user had read can be "updated"; the other is simply there.
    assert_eq!(marked(&store), ["nacht"]);
    let home = store.home(5).expect("home");
    assert!(home.recent.iter().any(|s| s.id == "nacht" && s.updated));
    assert!(home.critical.iter().any(|s| s.id == "nacht" && s.updated));
    let view = store.section("nacht").expect("read").expect("there");
    assert!(view.updated_since_read);
    assert!(
        !store
            .section("val")
            .expect("read")
            .expect("there")
            .updated_since_read
    );

    store.mark_read("nacht").expect("read again");
    assert!(marked(&store).is_empty());
    assert!(
        !store
            .section("nacht")
            .expect("read")
            .expect("there")
            .updated_since_read
    );
}

/// Sections as a server's page carries them (revision 1: these tests do not compare them).
fn base(sections: &[kompas_core::Section]) -> Vec<kompas_core::overlay::BaseSection> {
    sections
        .iter()
        .map(|section| kompas_core::overlay::BaseSection {
            section: section.clone(),
            revision: 1,
            must_read: None,
        })
        .collect()
}
