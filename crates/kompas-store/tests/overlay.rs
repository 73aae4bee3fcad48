//! A hospice's own handbook in the device store: pages with the overlay's delta compose
//! what is shown, a fact that changes is a new revision of the sections that name it, and
//! the manager's views say what the region changed since.

use std::collections::BTreeMap;

use kompas_core::overlay::BaseSection;
use kompas_proto::overlay::{
    DraftEdit, DraftState, EntryKey, OverlayChange, OverlayDelta, OverlayDraft, OverlayEntry,
    VersionedFacts,
};
use kompas_proto::tailoring::{MergePartView, TailorKind, TailorState};
use kompas_proto::SectionSource;
use kompas_store::Store;

mod common;

use common::apply;

fn base(id: &str, revision: i64, body: &str) -> BaseSection {
    common::base(id, "Nood", revision, body)
}

#[test]
fn the_hospices_changes_compose_what_is_shown_and_the_manager_sees_what_the_region_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kompas.sqlite")).expect("store");
    apply(
        &mut store,
        &[
            base("brand", 1, "Bel 112.\n"),
            base("nacht", 1, "Bel {{hospice.telefoon_verpleegkundige}}.\n"),
        ],
        None,
        1,
    );
    let nacht = store.section("nacht").expect("read").expect("there");
    assert!(nacht.html.contains("nog niet ingevuld"), "{}", nacht.html);
    let revision = store.revision_count("nacht").expect("count");

    let mut facts = BTreeMap::new();
    facts.insert(
        "hospice.telefoon_verpleegkundige".to_owned(),
        "06 12 34 56 78".to_owned(),
    );
    let delta = OverlayDelta {
        version: 2,
        entries: vec![OverlayEntry {
            change: OverlayChange::Replace {
                section: "brand".into(),
                base_revision: 1,
                markdown: "Verzamel bij de kastanjeboom.\n".into(),
            },
            version: 2,
            note: "Onze verzamelplaats".into(),
            must_read: false,
        }],
        taken_back: Vec::new(),
        facts: Some(VersionedFacts {
            values: facts,
            version: 1,
        }),
    };
    apply(&mut store, &[], Some(&delta), 2);
    let nacht = store.section("nacht").expect("read").expect("there");
    assert!(nacht.html.contains("06 12 34 56 78"), "{}", nacht.html);
    // A filled-in fact is a change a reader sees: a new revision.
    assert_eq!(store.revision_count("nacht").expect("count"), revision + 1);
    let brand = store.section("brand").expect("read").expect("there");
    assert!(brand.html.contains("kastanjeboom"));
    assert_eq!(brand.source, SectionSource::Replaced);

    // The region changes the replaced section: the hospice's text stays, marked, and the
    // manager's overview puts it first.
    let mut changed = base("brand", 2, "Bel 112 en sluit deuren.\n");
    changed.section.change_note = "Deuren dicht tegen de rook".into();
    apply(&mut store, &[changed], None, 3);
    let brand = store.section("brand").expect("read").expect("there");
    assert!(brand.html.contains("kastanjeboom"));
    assert_eq!(brand.source, SectionSource::ReplacedRegionChanged);
    let view = store.tailoring("Hospice De Linde").expect("view");
    assert_eq!(view.facts_version, 1);
    assert_eq!(view.sections.len(), 1);
    assert_eq!(view.sections[0].kinds, [TailorKind::Replaced]);
    // With the coordinator's note on the change.
    assert_eq!(view.sections[0].region_note, "Deuren dicht tegen de rook");
    assert_eq!(
        view.sections[0].state,
        TailorState::RegionChanged { from: 1, to: 2 }
    );
    let editor = store.tailor_section("brand").expect("read").expect("there");
    assert_eq!(
        editor.replacement.as_deref(),
        Some("Verzamel bij de kastanjeboom.\n")
    );
    assert_eq!(editor.region_markdown, "Bel 112 en sluit deuren.\n");
    assert_eq!(editor.versions, [("tailor:brand".to_owned(), 2)]);
    // Both changed the one line: one card, with what each side changed.
    let merge = editor.merge.expect("the region's earlier text was kept");
    let cards: Vec<_> = merge
        .parts
        .iter()
        .filter(|p| matches!(p, MergePartView::Conflict { .. }))
        .collect();
    assert_eq!(cards.len(), 1, "{merge:?}");

    // A draft shows in both views, and wins in the editor.
    store
        .save_overlay_draft(
            "de-linde",
            &OverlayDraft {
                edit: DraftEdit::Entry {
                    key: EntryKey::Tailor {
                        section: "brand".into(),
                    },
                    change: None,
                },
                based_on: 2,
                note: "Tekst van de regio".into(),
                state: DraftState::Editing,
                must_read: false,
            },
        )
        .expect("draft");
    let editor = store.tailor_section("brand").expect("read").expect("there");
    assert_eq!(editor.replacement, None);
    let view = store.tailoring("Hospice De Linde").expect("view");
    assert_eq!(view.sections[0].draft, Some(DraftState::Editing));

    // Taken back on the server: the region's text again.
    apply(
        &mut store,
        &[],
        Some(&OverlayDelta {
            version: 3,
            entries: Vec::new(),
            taken_back: vec![EntryKey::Tailor {
                section: "brand".into(),
            }],
            facts: None,
        }),
        4,
    );
    let brand = store.section("brand").expect("read").expect("there");
    assert!(brand.html.contains("sluit deuren"));
    assert_eq!(brand.source, SectionSource::Region);

    // The device follows another hospice: De Linde's draft is not shown as its own.
    store
        .save_overlay_draft(
            "de-linde",
            &OverlayDraft {
                edit: DraftEdit::Entry {
                    key: EntryKey::Tailor {
                        section: "nacht".into(),
                    },
                    change: None,
                },
                based_on: 0,
                note: String::new(),
                state: DraftState::Editing,
                must_read: false,
            },
        )
        .expect("draft");
    store
        .restart_sync("https://kompas.example.nl/|de-vaart")
        .expect("restart");
    let view = store.tailoring("Hospice De Vaart").expect("view");
    assert!(view.sections.is_empty(), "{:?}", view.sections);
    assert_eq!(
        store.overlay_drafts().expect("drafts").len(),
        2,
        "kept, not lost"
    );
}
