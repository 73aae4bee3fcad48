//! Search through the store: what the answer says above the hits (all words, some words,
//! a correction, nothing), the vocabulary kept with the index through imports, sync pages
//! and readers, and a store of an earlier version getting the new index.

use kompas_core::Section;
use kompas_proto::SearchOutcome;
use kompas_store::{Changes, PageEnd, Store, StoreReader};

mod common;

/// A test section with `tags`; `brand` is the critical protocol.
fn section(id: &str, title: &str, tags: &[&str], body: &str) -> Section {
    Section {
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        critical: id == "brand",
        ..common::section(id, title, body)
    }
}

fn handbook() -> Vec<Section> {
    vec![
        section(
            "brand",
            "Bij brand",
            &["brandalarm", "rook"],
            "Sla alarm en bel 112. Breng gasten in veiligheid.",
        ),
        section(
            "hygiene",
            "Handhygiëne",
            &["handalcohol"],
            "Gebruik handalcohol voor en na contact met een gast.",
        ),
        section(
            "nacht",
            "De nachtdienst",
            &["nacht"],
            "In de nacht bel je de verpleegkundige als je twijfelt.",
        ),
    ]
}

fn ids(results: &kompas_proto::SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn the_answer_says_how_the_hits_relate_to_the_query() {
    let mut store = Store::open_in_memory().expect("store");
    store.import_sections(&handbook()).expect("import");

    let all = store.search("brand alarm", 5).expect("search");
    assert_eq!(
        (ids(&all)[0], &all.outcome),
        ("brand", &SearchOutcome::AllWords)
    );
    assert!(all.hits[0].all_words && all.correction.is_none());

    // No section has both words: the closest, and the outcome says so.
    let some = store.search("brand verpleegkundige", 5).expect("search");
    assert_eq!(some.outcome, SearchOutcome::SomeWords);
    assert!(some.hits.iter().all(|h| !h.all_words));
    assert_eq!(ids(&some)[0], "brand");

    // A typo: found through the correction, which the answer carries as written.
    let typo = store.search("handhygine", 5).expect("search");
    assert_eq!(ids(&typo), ["hygiene"]);
    assert_eq!(typo.correction.as_deref(), Some("handhygiëne"));
    let typo = store.search("wat doe je bij brnad", 5).expect("search");
    assert_eq!(ids(&typo)[0], "brand");
    assert_eq!(typo.correction.as_deref(), Some("wat doe je bij brand"));

    // Nothing at all: the categories and the critical protocols.
    let none = store.search("zwembad", 5).expect("search");
    assert!(none.hits.is_empty());
    match none.outcome {
        SearchOutcome::NoMatch {
            categories,
            critical,
        } => {
            assert_eq!(categories, ["Test"]);
            assert_eq!(
                critical.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
                ["brand"]
            );
        }
        other => panic!("expected no match, got {other:?}"),
    }
}

#[test]
fn the_vocabulary_follows_imports_and_sync_pages_and_readers_see_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kompas.sqlite");
    let mut store = Store::open(&path).expect("open");
    store.import_sections(&handbook()).expect("import");
    let reader = StoreReader::open(&path).expect("reader");
    assert_eq!(
        ids(&reader.search("verpleegkundge", 5).expect("search")),
        ["nacht"]
    );

    // A page from the server adds a word and removes a section: the reader, which built
    // its vocabulary before, sees both after the commit.
    let mut changed = handbook();
    changed.truncate(2);
    changed.push(section(
        "mond",
        "Mondzorg",
        &["mond"],
        "Bevochtig de lippen van de gast.",
    ));
    store
        .apply_changes(
            Changes {
                sections: &base(&changed),
                removed: &["nacht".to_owned()],
                overlay: None,
            },
            &PageEnd {
                cursor: "v1.1",
                full_pending: false,
            },
            false,
        )
        .expect("apply");
    assert_eq!(ids(&reader.search("lipen", 5).expect("search")), ["mond"]);
    let gone = reader.search("verpleegkundge", 5).expect("search");
    assert!(
        gone.hits.is_empty() && gone.correction.is_none(),
        "{gone:?}"
    );
}

#[test]
fn a_store_of_an_earlier_version_gets_the_new_index_when_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kompas.sqlite");
    {
        let mut store = Store::open(&path).expect("open");
        store.import_sections(&handbook()).expect("import");
    }
    {
        // As version 3 left it: no vocabulary, an index of folded words and stems only
        // (and none of the later migrations' tables).
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "DROP TABLE search_word; DROP TABLE search_index_state;
             DROP TABLE checklist; DROP TABLE routine_tick; DROP TABLE self_evaluation_answer;
             DROP TABLE self_evaluation_theme; DROP TABLE improvement_action;
             DROP TABLE self_evaluation; DROP TABLE outbox;
             ALTER TABLE sync_state DROP COLUMN checklist_cursor;
             ALTER TABLE sync_state DROP COLUMN checklist_full_pending;
             DROP TABLE region_cache; DROP TABLE submission_review;
             ALTER TABLE sync_state DROP COLUMN coordinator_of; DROP TABLE progress_share;
             DROP TABLE must_read; DROP TABLE reader; DROP TABLE acknowledgement; DROP TABLE base_section_removed;
             ALTER TABLE sync_state DROP COLUMN readers_after;
             DROP TABLE base_section; DROP TABLE overlay_entry; DROP TABLE overlay_facts;
             DROP TABLE overlay_draft; DROP TABLE base_section_history;
             DROP INDEX section_by_category;
             ALTER TABLE section DROP COLUMN sort_after; ALTER TABLE section DROP COLUMN tailoring;
             CREATE INDEX section_by_category ON section (category_rank, sort_order, title);
             INSERT INTO section_text_fts (section_text_fts) VALUES ('delete-all');
             PRAGMA user_version = 3;",
        )
        .expect("age the file");
    }
    let store = Store::open(&path).expect("migrate");
    assert_eq!(
        ids(&store.search("verpleegkundge", 5).expect("search")),
        ["nacht"]
    );
    assert_eq!(ids(&store.search("alarm", 5).expect("search"))[0], "brand");
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

#[test]
fn sections_holding_every_word_are_found_past_each_words_own_limit() {
    // 600 sections hold `nacht`, more than one word's lookup takes in a query of two;
    // the two that also hold `medicijnkast` come last in handbook order.
    let mut sections: Vec<Section> = (0..600)
        .map(|i| {
            let mut s = section(
                &format!("s{i:03}"),
                &format!("Onderdeel {i}"),
                &[],
                "In de nacht is het stil op de gang.",
            );
            s.order = i;
            s
        })
        .collect();
    for i in [590, 597] {
        sections[i].body = "In de nacht sluit je de medicijnkast af.".to_owned();
    }
    sections.push(section(
        "kast",
        "Sleutels",
        &[],
        "De medicijnkast gaat overdag open.",
    ));
    let mut store = Store::open_in_memory().expect("store");
    store.import_sections(&sections).expect("import");

    let results = store.search("nacht medicijnkast", 5).expect("search");
    assert_eq!(results.outcome, SearchOutcome::AllWords);
    let mut both = ids(&results)[..2].to_vec();
    both.sort();
    assert_eq!(both, ["s590", "s597"]);
    assert!(results.hits[..2].iter().all(|h| h.all_words));
    assert!(!results.hits[2].all_words, "{:?}", ids(&results));
}

/// Dutch word formation that stemming does not undo, each found through the handbook's own
/// words: a diminutive's base, the present tense of an infinitive typed, the verb of a
/// particle verb's participle whose particle is no prefix, a verb's stem as a compound's
/// head, and an English inflection the synonym table does not list.
#[test]
fn word_formation_reaches_the_handbooks_own_words() {
    let mut store = Store::open_in_memory().expect("store");
    let sections = vec![
        section(
            "kaars",
            "Een kaars bij het bed",
            &["ritueel"],
            "Zet een kaars op de kast, nooit bij de zuurstof.",
        ),
        section(
            "onwel",
            "Een gast wordt onwel",
            &["spoed"],
            "Reageert de gast niet meer? Bel de verpleegkundige.",
        ),
        section(
            "val",
            "Als een gast valt",
            &["val"],
            "Zakt een gast door de benen, laat hem langzaam zakken.",
        ),
        section(
            "eten",
            "Eten en drinken",
            &["slikken"],
            "Soms gaat slikken moeilijk; bied kleine slokjes aan. Problemen meld je.",
        ),
        section(
            "vermist",
            "Een gast is vermist",
            &["weglopen"],
            "Kijk eerst in huis en in de tuin.",
        ),
    ];
    store.import_sections(&sections).expect("import");
    let first = |query: &str| {
        let results = store.search(query, 5).expect("search");
        results.hits.first().map(|hit| hit.id.clone())
    };
    assert_eq!(first("kaarsje").as_deref(), Some("kaars"), "a diminutive");
    assert_eq!(
        first("reageren").as_deref(),
        Some("onwel"),
        "the present tense"
    );
    assert_eq!(
        first("flauwgevallen").as_deref(),
        Some("val"),
        "the verb of a particle verb"
    );
    assert_eq!(
        first("slikproblemen").as_deref(),
        Some("eten"),
        "a verb stem as a compound's head"
    );
    assert_eq!(
        first("wandered").as_deref(),
        Some("vermist"),
        "an English inflection"
    );
}
