//! Gelezen en begrepen at the size of a large hospice after years of use: a handbook of
//! 500 sections, 200 of them changed as must read, a list of 60 names and 9,000
//! acknowledgements (each name confirmed 150 of the 200). Measures what runs on every
//! home screen (`must_read_home`), a section with an open change (`section`, with the
//! word diff of what changed), and the manager's overview (`reading_view`). Run with
//! `cargo bench -p kompas-store --bench reading`.

use criterion::{criterion_group, criterion_main, Criterion};
use kompas_core::overlay::BaseSection;
use kompas_core::Section;
use kompas_proto::reading::{Acknowledgement, Reader, ReadersPage};
use kompas_store::{Changes, PageEnd, Store};

const SECTIONS: usize = 500;
const MUST_READ: usize = 200;
const NAMES: usize = 60;
const CONFIRMED_EACH: usize = 150;

fn section(i: usize, revision: i64, must_read: bool) -> BaseSection {
    let words = "De vrijwilliger belt de verpleegkundige van dienst en blijft bij de gast. ";
    let extra = if revision > 1 {
        "Daarna belt u ook de huisarts. "
    } else {
        ""
    };
    BaseSection {
        section: Section {
            id: format!("onderdeel-{i}"),
            title: format!("Onderdeel {i}"),
            category: format!("Hoofdstuk {}", i % 12),
            category_rank: (i % 12) as u32,
            order: i as i64,
            tags: Vec::new(),
            critical: false,
            review_by: None,
            local_policy: Default::default(),
            change_note: if must_read {
                "Ook de huisarts bellen".into()
            } else {
                String::new()
            },
            must_read,
            body: format!("# Onderdeel {i}\n\n{}{extra}\n", words.repeat(40)),
            source_path: format!("{i}.md"),
        },
        revision,
        must_read: None,
    }
}

fn apply(store: &mut Store, sections: &[BaseSection], n: u32) {
    let cursor = format!("v2.{n}.0");
    store
        .apply_changes(
            Changes {
                sections,
                removed: &[],
                overlay: None,
            },
            &PageEnd {
                cursor: &cursor,
                full_pending: false,
            },
            false,
        )
        .expect("apply");
}

fn reader_id(n: usize) -> String {
    format!("0190a0e2-0000-7000-8000-{n:012x}")
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kompas.sqlite")).expect("store");
    let first: Vec<_> = (0..SECTIONS).map(|i| section(i, 1, false)).collect();
    apply(&mut store, &first, 1);
    let changed: Vec<_> = (0..MUST_READ).map(|i| section(i, 2, true)).collect();
    apply(&mut store, &changed, 2);
    let readers = (0..NAMES)
        .map(|n| Reader {
            id: reader_id(n),
            name: format!("Vrijwilliger {n:02}"),
            active: true,
        })
        .collect();
    let mut acknowledgements = Vec::new();
    for n in 0..NAMES {
        for i in 0..CONFIRMED_EACH {
            // Each name confirmed a different 150 of the 200.
            let section = (i + n) % MUST_READ;
            acknowledgements.push(Acknowledgement {
                id: format!("0190a0e2-0001-7000-8000-{:012x}", n * MUST_READ + section),
                reader: reader_id(n),
                change: format!("regio:onderdeel-{section}:2"),
                acknowledged_at: "2026-12-05T20:00:00Z".into(),
            });
        }
    }
    let last = acknowledgements.len() as i64;
    store
        .apply_readers(
            "linde",
            &ReadersPage {
                readers,
                acknowledgements,
                last,
            },
        )
        .expect("readers");
    store.choose_reader(Some(&reader_id(7))).expect("choose");
    let open = store.must_read_home().expect("home").open;
    assert_eq!(open.len(), MUST_READ - CONFIRMED_EACH);
    let open_section = open[0].section_id.clone();

    c.bench_function(
        "must_read_home (200 changes, 9,000 acknowledgements)",
        |b| b.iter(|| store.must_read_home().expect("home")),
    );
    c.bench_function("home screen with must read", |b| {
        b.iter(|| store.home(5).expect("home"))
    });
    c.bench_function("section with an open change (word diff)", |b| {
        b.iter(|| store.section(&open_section).expect("section"))
    });
    c.bench_function("reading_view (200 changes × 60 names)", |b| {
        b.iter(|| store.reading_view().expect("view"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
