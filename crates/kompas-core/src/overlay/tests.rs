use std::collections::BTreeMap;

use kompas_markdown::{render_with_facts, NoFiles};
use kompas_proto::overlay::{
    EntryKey, LocalPolicy, Overlay, OverlayChange, OverlayEntry, Placement,
};

use super::*;

fn base(id: &str, category: (&str, u32), order: i64, revision: i64, body: &str) -> BaseSection {
    BaseSection {
        section: Section {
            id: id.into(),
            title: format!("Titel {id}"),
            category: category.0.into(),
            category_rank: category.1,
            order,
            tags: vec![],
            critical: false,
            review_by: None,
            local_policy: LocalPolicy::Replaceable,
            body: body.into(),
            source_path: format!("{id}.md"),
            change_note: String::new(),
            must_read: false,
        },
        revision,
        must_read: None,
    }
}

const DIENST: (&str, u32) = ("Tijdens je dienst", 1);
const NOOD: (&str, u32) = ("Bij nood", 2);

fn region() -> Vec<BaseSection> {
    vec![
        // Out of order on purpose: composition orders them.
        base(
            "brand",
            NOOD,
            20,
            4,
            "Bel 112.\n\nVerzamel bij {{hospice.verzamelplaats}}.\n",
        ),
        base(
            "overdracht",
            DIENST,
            20,
            2,
            "Geef de overdracht aan de volgende dienst.\n",
        ),
        base(
            "begin",
            DIENST,
            10,
            7,
            "Meld je bij de verpleegkundige: {{hospice.telefoon_verpleegkundige}}.\n",
        ),
        base("val", NOOD, 10, 3, "Blijf bij de gast.\n"),
    ]
}

fn entry(change: OverlayChange) -> OverlayEntry {
    OverlayEntry {
        change,
        version: 1,
        note: String::new(),
        must_read: false,
    }
}

fn overlay(changes: Vec<OverlayChange>) -> Overlay {
    Overlay {
        facts: BTreeMap::new(),
        entries: changes.into_iter().map(entry).collect(),
    }
}

fn ids(composed: &Composed) -> Vec<&str> {
    composed
        .sections
        .iter()
        .map(|s| s.section.id.as_str())
        .collect()
}

fn body<'a>(composed: &'a Composed, id: &str) -> &'a str {
    &composed
        .sections
        .iter()
        .find(|s| s.section.id == id)
        .expect("the section")
        .section
        .body
}

#[test]
fn without_an_overlay_the_effective_handbook_is_the_base_in_reading_order() {
    let composed = effective_handbook(&region(), &Overlay::default());
    assert_eq!(ids(&composed), ["begin", "overdracht", "val", "brand"]);
    assert!(composed.sections.iter().all(|s| s.origin == Origin::Region));
    assert!(composed.set_aside.is_empty());
    // Placeholders stay in the markdown: the renderer fills them in.
    assert!(body(&composed, "brand").contains("{{hospice.verzamelplaats}}"));
}

#[test]
fn facts_fill_the_regions_text_and_a_missing_one_is_marked() {
    let mut overlay = Overlay::default();
    overlay.facts.insert(
        "hospice.telefoon_verpleegkundige".into(),
        "06 12 34 56 78".into(),
    );
    overlay
        .facts
        .insert("hospice.verzamelplaats".into(), "  ".into());
    let composed = effective_handbook(&region(), &overlay);
    let begin = render_with_facts(body(&composed, "begin"), &NoFiles, &overlay.facts);
    assert_eq!(
        begin.html,
        "<p>Meld je bij de verpleegkundige: 06 12 34 56 78.</p>\n"
    );
    // A blank value is not filled in.
    let brand = render_with_facts(body(&composed, "brand"), &NoFiles, &overlay.facts);
    assert!(
        brand.html.contains("[verzamelplaats: nog niet ingevuld]"),
        "{}",
        brand.html
    );
}

#[test]
fn a_supplement_keeps_the_regions_current_text_between_the_hospices_blocks() {
    let overlay = overlay(vec![
        OverlayChange::Supplement {
            section: "val".into(),
            placement: Placement::After,
            markdown: "In ons hospice staat de tillift in de berging.\n".into(),
        },
        OverlayChange::Supplement {
            section: "val".into(),
            placement: Placement::Before,
            markdown: "\n\nLees dit eerst.".into(),
        },
    ]);
    let mut base = region();
    let composed = effective_handbook(&base, &overlay);
    assert_eq!(
        body(&composed, "val"),
        "Lees dit eerst.\n\nBlijf bij de gast.\n\nIn ons hospice staat de tillift in de berging.\n"
    );
    // The region changes the section: it flows through, the blocks stay.
    base[3].section.body = "Blijf bij de gast en bel de verpleegkundige.\n".into();
    base[3].revision = 9;
    let composed = effective_handbook(&base, &overlay);
    assert_eq!(
        body(&composed, "val"),
        "Lees dit eerst.\n\nBlijf bij de gast en bel de verpleegkundige.\n\nIn ons hospice staat de tillift in de berging.\n"
    );
    let val = composed
        .sections
        .iter()
        .find(|s| s.section.id == "val")
        .expect("val");
    assert_eq!(val.origin, Origin::Supplemented);
    assert_eq!(val.base_revision, Some(9));
}

#[test]
fn own_sections_stand_after_the_section_they_name_and_no_other_section_is_renumbered() {
    let own = |id: &str, category: &str, after: Option<&str>| OverlayChange::Own {
        id: id.into(),
        title: format!("Eigen {id} in {{{{hospice.naam}}}}"),
        category: category.into(),
        after: after.map(str::to_owned),
        tags: vec!["eigen".into()],
        markdown: "Onze afspraak.\n".into(),
    };
    let mut overlay = overlay(vec![
        own("rituelen", DIENST.0, Some("begin")),
        own("kaarsen", DIENST.0, Some("begin")),
        own("parkeren", "Praktisch", None),
        own("sleutels", NOOD.0, Some("weg")),
        // The region has a section with this id: the region's wins.
        own("val", NOOD.0, None),
    ]);
    overlay
        .facts
        .insert("hospice.naam".into(), "De Linde".into());
    let composed = effective_handbook(&region(), &overlay);
    assert_eq!(
        ids(&composed),
        [
            "begin",
            // Two after one section: by title.
            "kaarsen",
            "rituelen",
            "overdracht",
            "val",
            "brand",
            "sleutels",
            "parkeren"
        ]
    );
    let places: Vec<(u32, i64, u32)> = composed
        .sections
        .iter()
        .map(|s| (s.section.category_rank, s.section.order, s.sort_after))
        .collect();
    // The region's orders as published; an own section takes the order of the one it
    // follows; a new category comes last.
    assert_eq!(
        places,
        [
            (1, 10, 0),
            (1, 10, 1),
            (1, 10, 2),
            (1, 20, 0),
            (2, 10, 0),
            (2, 20, 0),
            (2, 20, 1),
            (3, 0, 1)
        ]
    );
    // A store that sorts by (rank, order, sort_after, title) shows this reading order.
    let mut sorted = composed.sections.clone();
    sorted.sort_by(|a, b| {
        (
            a.section.category_rank,
            a.section.order,
            a.sort_after,
            &a.section.title,
        )
            .cmp(&(
                b.section.category_rank,
                b.section.order,
                b.sort_after,
                &b.section.title,
            ))
    });
    assert_eq!(sorted, composed.sections);
    // Adding an own section changes no section of the region (only own sections after
    // the same one may move up).
    let fewer = effective_handbook(
        &region(),
        &Overlay {
            facts: overlay.facts.clone(),
            entries: overlay
                .entries
                .iter()
                .filter(|e| {
                    e.change.key()
                        != EntryKey::Own {
                            id: "kaarsen".into(),
                        }
                })
                .cloned()
                .collect(),
        },
    );
    for section in fewer.sections.iter().filter(|s| s.origin != Origin::Own) {
        assert!(
            composed.sections.contains(section),
            "{} changed when an own section was added",
            section.section.id
        );
    }
    let rituelen = &composed.sections[2];
    assert_eq!(rituelen.origin, Origin::Own);
    assert_eq!(rituelen.section.title, "Eigen rituelen in De Linde");
    assert_eq!(
        composed.set_aside,
        [SetAside::IdTaken {
            key: EntryKey::Own { id: "val".into() }
        }]
    );
}

#[test]
fn a_replacement_shows_our_text_and_knows_when_the_region_moved_on() {
    let overlay = overlay(vec![OverlayChange::Replace {
        section: "overdracht".into(),
        base_revision: 2,
        markdown: "Overdracht mondeling én in het schrift.\n".into(),
    }]);
    let mut base = region();
    let composed = effective_handbook(&base, &overlay);
    assert_eq!(
        body(&composed, "overdracht"),
        "Overdracht mondeling én in het schrift.\n"
    );
    assert_eq!(
        composed.sections[1].origin,
        Origin::Replaced {
            region_changed: false
        }
    );
    base[1].revision = 5;
    base[1].section.body = "Geef de overdracht mondeling.\n".into();
    let composed = effective_handbook(&base, &overlay);
    // Volunteers keep our text, with the mark that the region changed it.
    assert_eq!(
        body(&composed, "overdracht"),
        "Overdracht mondeling én in het schrift.\n"
    );
    assert_eq!(
        composed.sections[1].origin,
        Origin::Replaced {
            region_changed: true
        }
    );
    assert_eq!(
        entry_state(&overlay.entries[0].change, Some(&base[1])),
        EntryState::RegionChanged { from: 2, to: 5 }
    );
}

#[test]
fn a_hidden_section_is_not_shown_and_the_region_removing_one_is_told() {
    let overlay = overlay(vec![
        OverlayChange::Hide {
            section: "brand".into(),
            base_revision: 4,
        },
        OverlayChange::Replace {
            section: "weg".into(),
            base_revision: 1,
            markdown: "Tekst.\n".into(),
        },
    ]);
    let composed = effective_handbook(&region(), &overlay);
    assert_eq!(ids(&composed), ["begin", "overdracht", "val"]);
    assert_eq!(
        composed.set_aside,
        [SetAside::SectionRemoved {
            key: EntryKey::Tailor {
                section: "weg".into()
            }
        }]
    );
    assert_eq!(
        entry_state(&overlay.entries[1].change, None),
        EntryState::RemovedByRegion
    );
    assert_eq!(
        entry_state(&overlay.entries[0].change, Some(&region()[0])),
        EntryState::Current
    );
}

#[test]
fn the_regions_lock_wins_over_an_older_local_change() {
    let changes = vec![
        OverlayChange::Supplement {
            section: "val".into(),
            placement: Placement::After,
            markdown: "Bij ons: tillift.\n".into(),
        },
        OverlayChange::Replace {
            section: "brand".into(),
            base_revision: 4,
            markdown: "Eigen brandtekst.\n".into(),
        },
    ];
    let overlay = overlay(changes.clone());
    let mut base = region();
    base[3].section.local_policy = LocalPolicy::AppendOnly; // val
    base[0].section.local_policy = LocalPolicy::AppendOnly; // brand
    let composed = effective_handbook(&base, &overlay);
    assert!(body(&composed, "val").ends_with("Bij ons: tillift.\n"));
    assert_eq!(body(&composed, "brand"), region()[0].section.body);
    assert_eq!(
        composed.set_aside,
        [SetAside::Locked {
            key: changes[1].key(),
            policy: LocalPolicy::AppendOnly
        }]
    );
    base[3].section.local_policy = LocalPolicy::Fixed;
    let composed = effective_handbook(&base, &overlay);
    assert_eq!(body(&composed, "val"), "Blijf bij de gast.\n");
    assert_eq!(
        entry_state(&changes[0], Some(&base[3])),
        EntryState::Locked(LocalPolicy::Fixed)
    );
}

#[test]
fn the_server_refuses_what_the_region_does_not_allow() {
    let mut sections = region();
    sections[0].section.local_policy = LocalPolicy::Fixed; // brand
    sections[3].section.local_policy = LocalPolicy::AppendOnly; // val
    let lookup = |id: &str| {
        sections
            .iter()
            .find(|s| s.section.id == id)
            .map(BaseSection::info)
    };
    let supplement = |section: &str| OverlayChange::Supplement {
        section: section.into(),
        placement: Placement::After,
        markdown: "Aanvulling.\n".into(),
    };
    let replace = |section: &str, base_revision: i64| OverlayChange::Replace {
        section: section.into(),
        base_revision,
        markdown: "Eigen tekst.\n".into(),
    };
    assert_eq!(check_change(&supplement("val"), lookup), Ok(()));
    assert_eq!(check_change(&replace("overdracht", 2), lookup), Ok(()));
    assert!(matches!(
        check_change(&supplement("brand"), lookup),
        Err(ChangeRefusal::Locked {
            policy: LocalPolicy::Fixed,
            ..
        })
    ));
    assert!(matches!(
        check_change(&replace("val", 3), lookup),
        Err(ChangeRefusal::Locked {
            policy: LocalPolicy::AppendOnly,
            ..
        })
    ));
    assert!(matches!(
        check_change(
            &OverlayChange::Hide {
                section: "val".into(),
                base_revision: 3
            },
            lookup
        ),
        Err(ChangeRefusal::Locked { .. })
    ));
    assert_eq!(
        check_change(&replace("weg", 1), lookup),
        Err(ChangeRefusal::UnknownSection("weg".into()))
    );
    assert!(matches!(
        check_change(&replace("overdracht", 3), lookup),
        Err(ChangeRefusal::RevisionAhead { newest: 2, .. })
    ));
    let own = |id: &str, title: &str| OverlayChange::Own {
        id: id.into(),
        title: title.into(),
        category: "Eigen".into(),
        after: None,
        tags: vec![],
        markdown: String::new(),
    };
    assert_eq!(check_change(&own("onze-tuin", "Onze tuin"), lookup), Ok(()));
    assert_eq!(
        check_change(&own("val", "Val"), lookup),
        Err(ChangeRefusal::IdTaken("val".into()))
    );
    assert!(matches!(
        check_change(&own("Onze Tuin", "x"), lookup),
        Err(ChangeRefusal::InvalidId(_))
    ));
    assert_eq!(
        check_change(&own("tuin", " "), lookup),
        Err(ChangeRefusal::MissingTitle)
    );
    let huge = OverlayChange::Supplement {
        section: "val".into(),
        placement: Placement::Before,
        markdown: "x".repeat(MAX_MARKDOWN_BYTES + 1),
    };
    assert!(matches!(
        check_change(&huge, lookup),
        Err(ChangeRefusal::TooLong { .. })
    ));
    // Every refusal says what to do.
    let message = check_change(&supplement("brand"), lookup)
        .expect_err("locked")
        .to_string();
    assert!(message.contains("cannot be changed locally"), "{message}");
}

#[test]
fn facts_are_known_keys_on_one_short_line() {
    let facts = |key: &str, value: &str| BTreeMap::from([(key.to_owned(), value.to_owned())]);
    assert_eq!(
        check_facts(&facts("hospice.naam", "Hospice De Linde")),
        Ok(())
    );
    assert!(matches!(
        check_facts(&facts("hospice.wifi", "x")),
        Err(FactRefusal::UnknownKey(_))
    ));
    assert!(matches!(
        check_facts(&facts("hospice.naam", "De\nLinde")),
        Err(FactRefusal::NotOneLine(_))
    ));
    assert!(matches!(
        check_facts(&facts("hospice.adres", &"x".repeat(MAX_FACT_CHARS + 1))),
        Err(FactRefusal::TooLong { .. })
    ));
    // The list has the hospice's name, and every key is a placeholder the renderer reads.
    assert!(is_fact_key("hospice.naam"));
    for field in FACT_FIELDS {
        let text = format!("{{{{{}}}}}", field.key);
        let found = kompas_markdown::placeholder::placeholders(&text);
        assert_eq!(found.len(), 1, "{}", field.key);
    }
}

#[test]
fn the_handbook_fingerprint_follows_what_a_volunteer_would_see() {
    let overlay_with = |value: &str| {
        let mut overlay = overlay(vec![OverlayChange::Supplement {
            section: "val".into(),
            placement: Placement::After,
            markdown: "Tillift in de berging.\n".into(),
        }]);
        overlay.facts.insert("hospice.naam".into(), value.into());
        overlay
    };
    let fingerprint_of = |base: &[BaseSection], overlay: &Overlay| {
        handbook_fingerprint(&effective_handbook(base, overlay), &overlay.facts)
    };
    let one = fingerprint_of(&region(), &overlay_with("De Linde"));
    // The same data in another order is the same handbook.
    let mut shuffled = region();
    shuffled.reverse();
    assert_eq!(fingerprint_of(&shuffled, &overlay_with("De Linde")), one);
    assert!(one.starts_with("h1:"));
    assert_ne!(fingerprint_of(&region(), &overlay_with("De Eik")), one);
    // A blank fact is no fact.
    assert_eq!(
        fingerprint_of(&region(), &overlay_with(" ")),
        fingerprint_of(
            &region(),
            &overlay(vec![OverlayChange::Supplement {
                section: "val".into(),
                placement: Placement::After,
                markdown: "Tillift in de berging.\n".into(),
            }])
        )
    );
    assert_ne!(fingerprint_of(&region(), &Overlay::default()), one);
}

#[test]
fn a_replacement_of_a_section_the_region_removed_can_stay_as_an_own_section() {
    let ours = OverlayChange::Replace {
        section: "overdracht".into(),
        base_revision: 2,
        markdown: "Overdracht mondeling én in het schrift.\n".into(),
    };
    let mut base = region();
    let last = base.remove(1).section; // the region removes `overdracht`
    let kept = keep_as_own(&ours, &last, Some("begin")).expect("a replacement");
    let composed = effective_handbook(&base, &overlay(vec![kept.clone()]));
    // The same id and place, so links and habits keep working.
    assert_eq!(ids(&composed), ["begin", "overdracht", "val", "brand"]);
    assert_eq!(
        body(&composed, "overdracht"),
        "Overdracht mondeling én in het schrift.\n"
    );
    assert_eq!(composed.sections[1].section.title, last.title);
    assert_eq!(composed.sections[1].origin, Origin::Own);
    // Once the section is gone, the own section is no longer refused as taken.
    let lookup = |id: &str| {
        base.iter()
            .find(|s| s.section.id == id)
            .map(BaseSection::info)
    };
    assert_eq!(check_change(&kept, lookup), Ok(()));
    let hide = OverlayChange::Hide {
        section: "val".into(),
        base_revision: 3,
    };
    assert_eq!(keep_as_own(&hide, &last, None), None);
}

#[test]
fn an_own_section_may_follow_another_own_section() {
    let own = |id: &str, title: &str, after: &str| OverlayChange::Own {
        id: id.into(),
        title: title.into(),
        category: DIENST.0.into(),
        after: Some(after.into()),
        tags: Vec::new(),
        markdown: "Tekst.\n".into(),
    };
    // "Afsluiten" sorts before "Zegening", which it follows.
    let composed = effective_handbook(
        &region(),
        &overlay(vec![
            own("afsluiten", "Afsluiten van de dag", "zegening"),
            own("zegening", "Zegening", "begin"),
        ]),
    );
    assert_eq!(
        ids(&composed),
        [
            "begin",
            "zegening",
            "afsluiten",
            "overdracht",
            "val",
            "brand"
        ]
    );
}
