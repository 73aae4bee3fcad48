//! Overlays (issue #13): composing the effective handbook of 5,000 base sections with 200
//! overlay entries (goal ≤ 20 ms), the three-way merge of a 3 KB section (≤ 1 ms), and the
//! editor's preview of a 3 KB section with the hospice's facts (≤ 16 ms per keystroke).

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion};
use kompas_core::merge::three_way_merge;
use kompas_core::overlay::{effective_handbook, BaseSection};
use kompas_core::{check_bundle, SourceFile};
use kompas_markdown::{render_with_facts, NoFiles};
use kompas_proto::overlay::{Overlay, OverlayChange, OverlayEntry, Placement};

/// Four bundled sections of about 3 KB, the handbook's longest.
const SOURCES: [(&str, &str); 4] = [
    (
        "04-afscheid/als-een-gast-overlijdt.md",
        include_str!("../../../content/handbook/04-afscheid/als-een-gast-overlijdt.md"),
    ),
    (
        "04-afscheid/als-een-gast-s-nachts-overlijdt.md",
        include_str!("../../../content/handbook/04-afscheid/als-een-gast-s-nachts-overlijdt.md"),
    ),
    (
        "06-doelgroepen/andere-culturen-en-religies.md",
        include_str!("../../../content/handbook/06-doelgroepen/andere-culturen-en-religies.md"),
    ),
    (
        "07-nood/een-gast-raakt-acuut-onwel.md",
        include_str!("../../../content/handbook/07-nood/een-gast-raakt-acuut-onwel.md"),
    ),
];

/// 5,000 base sections in 25 categories, made from the four, each with its own id.
fn base_handbook() -> Vec<BaseSection> {
    let files = SOURCES
        .iter()
        .map(|(path, text)| SourceFile {
            path: (*path).to_owned(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let sections = check_bundle(files, None).sections;
    (0..5000)
        .map(|n| {
            let mut section = sections[n % sections.len()].clone();
            section.id = format!("{}-{n}", section.id);
            section.category = format!("Hoofdstuk {}", n / 200);
            section.category_rank = (n / 200) as u32;
            section.order = (n % 200) as i64;
            section.body = format!("{}\nAfdeling {n}.\n", section.body);
            BaseSection {
                section,
                revision: 1 + (n % 7) as i64,
                must_read: None,
            }
        })
        .collect()
}

/// 200 entries as a busy hospice has them: supplements, replacements, hidden sections and
/// own sections, spread over the handbook, and every fact filled in.
fn overlay(base: &[BaseSection]) -> Overlay {
    let mut entries = Vec::new();
    for n in 0..200 {
        let target = &base[(n * 24 + 7) % base.len()].section;
        let change = match n % 5 {
            0 | 1 => OverlayChange::Supplement {
                section: target.id.clone(),
                placement: if n % 2 == 0 {
                    Placement::After
                } else {
                    Placement::Before
                },
                markdown: "In ons hospice: bel {{hospice.telefoon_verpleegkundige}}.\n".into(),
            },
            2 => OverlayChange::Replace {
                section: target.id.clone(),
                base_revision: 1,
                markdown: target
                    .body
                    .replace("verpleegkundige", "verpleegkundige van dienst"),
            },
            3 => OverlayChange::Hide {
                section: target.id.clone(),
                base_revision: 1,
            },
            _ => OverlayChange::Own {
                id: format!("eigen-{n}"),
                title: format!("Eigen afspraak {n}"),
                category: target.category.clone(),
                after: Some(target.id.clone()),
                tags: vec!["eigen".into()],
                markdown: "Onze eigen afspraak.\n".into(),
            },
        };
        entries.push(OverlayEntry {
            change,
            version: n as i64 + 1,
            note: String::new(),
            must_read: false,
        });
    }
    Overlay {
        facts: facts(),
        entries,
    }
}

fn facts() -> BTreeMap<String, String> {
    kompas_core::overlay::FACT_FIELDS
        .iter()
        .map(|field| (field.key.to_owned(), field.example.to_owned()))
        .collect()
}

fn bench_compose(c: &mut Criterion) {
    let base = base_handbook();
    let overlay = overlay(&base);
    assert_eq!(overlay.entries.len(), 200);
    let composed = effective_handbook(&base, &overlay);
    assert!(composed.set_aside.is_empty(), "{:?}", composed.set_aside);
    c.bench_function(
        "compose 5,000 base sections with 200 overlay entries",
        |b| b.iter(|| effective_handbook(&base, &overlay)),
    );
}

/// A section of about 3 KB: the protocol for a death with the closing part of another.
fn three_kilobytes() -> String {
    let body = |source: &str| {
        source
            .splitn(3, "---\n")
            .nth(2)
            .unwrap_or(source)
            .to_owned()
    };
    let death = body(SOURCES[0].1);
    let more: Vec<String> = body(SOURCES[3].1)
        .lines()
        .rev()
        .take(4)
        .map(str::to_owned)
        .collect();
    let text = format!("{death}\n{}\n", more.join("\n"));
    assert!((2_900..3_400).contains(&text.len()), "{}", text.len());
    text
}

fn bench_merge(c: &mut Criterion) {
    let body = three_kilobytes();
    let body = body.as_str();
    // The region rewrites two steps and adds a line; the hospice adds its phone number to
    // a third step, rewrites a fourth, and changes one the region also changed.
    let region = body
        .replace("**Blijf rustig.**", "**Blijf rustig en neem de tijd.**")
        .replace(
            "Gooi geen medicijnen weg.",
            "Gooi geen medicijnen weg en ruim niets op.",
        )
        .replace(
            "## Daarna\n",
            "## Daarna\n\nBel ook de coördinator als die nog niet weet.\n",
        );
    let ours = body
        .replace(
            "Het nummer staat op de telefoonlijst.",
            "Bel {{hospice.telefoon_verpleegkundige}}.",
        )
        .replace("Dim het licht.", "Dim het licht en zet de muziek zacht.")
        .replace("**Blijf rustig.**", "**Blijf kalm.**");
    let merge = three_way_merge(body, &region, &ours);
    // Steps 5 and 6 are neighbours: changed by one side each, they are one more card.
    assert_eq!(merge.conflict_count(), 2);
    c.bench_function("three-way merge of a 3 KB section", |b| {
        b.iter(|| three_way_merge(body, &region, &ours))
    });
}

fn bench_preview(c: &mut Criterion) {
    let body = three_kilobytes().replace(
        "Het nummer staat op de telefoonlijst.",
        "Bel {{hospice.telefoon_verpleegkundige}} of {{hospice.telefoon_coordinator}}.",
    );
    let facts = facts();
    c.bench_function("preview of a 3 KB section while typing", |b| {
        b.iter(|| render_with_facts(&body, &NoFiles, &facts))
    });
}

criterion_group!(benches, bench_compose, bench_merge, bench_preview);
criterion_main!(benches);
