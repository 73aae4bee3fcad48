use kompas_proto::overlay::{ChangeKind, WordChange};

use super::*;

/// A passage of the bundled handbook (`wat-je-niet-doet`), as the base text.
const BASE: &str = "\
## Wanneer bel je de verpleegkundige?

Bel altijd als:

- de gast pijn heeft, benauwd is of onrustig wordt;
- de gast gevallen is of bijna viel;
- je twijfelt.

Bij twijfel: bellen. Je stoort nooit.

## Zo zeg je nee

\"Dat mag ik als vrijwilliger niet doen. Ik bel nu de verpleegkundige, die helpt u verder.\"
";

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the text");
    text.replacen(from, to, 1)
}

#[test]
fn changes_in_different_passages_merge_cleanly() {
    let region = edit(
        BASE,
        "- je twijfelt.\n",
        "- de gast of familie om medicijnen vraagt;\n- je twijfelt.\n",
    );
    let ours = edit(
        BASE,
        "Ik bel nu de verpleegkundige",
        "Ik bel nu de verpleegkundige van dienst (toestel 214)",
    );
    let merge = three_way_merge(BASE, &region, &ours);
    assert_eq!(merge.conflict_count(), 0);
    let merged = merge.clean_text().expect("a clean merge");
    assert!(merged.contains("om medicijnen vraagt"));
    assert!(merged.contains("(toestel 214)"));
    assert_eq!(
        merged,
        edit(
            &region,
            "Ik bel nu de verpleegkundige",
            "Ik bel nu de verpleegkundige van dienst (toestel 214)"
        )
    );
}

#[test]
fn the_same_passage_changed_twice_is_one_card_with_both_sides_word_by_word() {
    let region = edit(
        BASE,
        "Je stoort nooit.",
        "Je stoort nooit, ook niet 's nachts.",
    );
    let ours = edit(
        BASE,
        "Je stoort nooit.",
        "Je stoort nooit: bel toestel 214.",
    );
    let merge = three_way_merge(BASE, &region, &ours);
    assert_eq!(merge.conflict_count(), 1);
    assert_eq!(merge.clean_text(), None);
    let card = merge.conflicts().next().expect("a card");
    assert_eq!(card.base, "Bij twijfel: bellen. Je stoort nooit.\n");
    assert_eq!(
        card.region,
        "Bij twijfel: bellen. Je stoort nooit, ook niet 's nachts.\n"
    );
    assert_eq!(
        card.ours,
        "Bij twijfel: bellen. Je stoort nooit: bel toestel 214.\n"
    );
    let added: Vec<_> = card
        .region_changes()
        .into_iter()
        .filter(|run| run.kind == ChangeKind::Added)
        .map(|run| run.text)
        .collect();
    assert_eq!(added.concat(), "nooit, ook niet 's nachts.");
    // Every card must be decided before the text can be saved.
    assert_eq!(
        merge.resolve_partial(&[None]),
        Err(ResolveError::Undecided {
            undecided: 1,
            conflicts: 1
        })
    );
    assert_eq!(merge.resolve(&[Choice::Region]).expect("decided"), region);
    assert_eq!(merge.resolve(&[Choice::Ours]).expect("decided"), ours);
    let both = merge.resolve(&[Choice::Both]).expect("decided");
    assert!(both.contains("'s nachts.\nBij twijfel: bellen. Je stoort nooit: bel toestel 214.\n"));
    let own = merge
        .resolve(&[Choice::Own(
            "Bij twijfel: bel toestel 214, ook 's nachts.".into(),
        )])
        .expect("decided");
    assert!(own.contains("Bij twijfel: bel toestel 214, ook 's nachts.\n\n## Zo zeg je nee"));
    assert!(!own.contains("<<<<<<<") && !both.contains("======="));
}

#[test]
fn a_passage_the_region_removed_while_we_changed_it_is_a_card() {
    let region = edit(BASE, "\nBij twijfel: bellen. Je stoort nooit.\n", "");
    let ours = edit(BASE, "Je stoort nooit.", "Je stoort nooit. Toestel 214.");
    let merge = three_way_merge(BASE, &region, &ours);
    assert_eq!(merge.conflict_count(), 1);
    let card = merge.conflicts().next().expect("a card");
    assert_eq!(card.region, "");
    assert!(card.ours.contains("Toestel 214"));
    // Keeping ours keeps the line the region removed.
    assert!(merge
        .resolve(&[Choice::Ours])
        .expect("decided")
        .contains("Toestel 214"));
}

#[test]
fn both_sides_adding_the_same_line_take_it_once() {
    let added = "- de ademhaling duidelijk verandert;\n";
    let region = edit(
        BASE,
        "- je twijfelt.\n",
        &format!("{added}- je twijfelt.\n"),
    );
    let merge = three_way_merge(BASE, &region, &region);
    assert_eq!(merge.clean_text().as_deref(), Some(region.as_str()));
    assert_eq!(merge.clean_text().expect("clean").matches(added).count(), 1);
}

#[test]
fn line_ends_and_a_missing_final_line_end_are_not_changes() {
    let crlf = BASE.replace('\n', "\r\n");
    let trimmed = BASE.trim_end();
    let merge = three_way_merge(BASE, &crlf, trimmed);
    assert_eq!(merge.clean_text().as_deref(), Some(BASE));
}

#[test]
fn word_diff_reads_as_phrases() {
    let runs = word_diff(
        "Bel de verpleegkundige.",
        "Bel direct de verpleegkundige van dienst.",
    );
    let shown: Vec<(ChangeKind, &str)> = runs.iter().map(|r| (r.kind, r.text.as_str())).collect();
    assert_eq!(
        shown,
        [
            (ChangeKind::Same, "Bel "),
            (ChangeKind::Added, "direct "),
            (ChangeKind::Same, "de "),
            (ChangeKind::Removed, "verpleegkundige."),
            (ChangeKind::Added, "verpleegkundige van dienst."),
        ]
    );
    // Both texts can be read back from the runs.
    let old: String = runs
        .iter()
        .filter(|r| r.kind != ChangeKind::Added)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(old, "Bel de verpleegkundige.");
    assert_eq!(word_diff("", ""), Vec::<WordChange>::new());
}

mod property {
    use proptest::prelude::*;

    use super::super::*;

    /// A text of numbered lines, so every line is unique and a kept line can be told
    /// apart from an added one.
    fn lines(names: &[u16]) -> String {
        names.iter().map(|n| format!("regel {n}\n")).collect()
    }

    /// One side's edit of the base: each line kept, removed or replaced, and lines added.
    fn edited(base: &[u16], side: u16) -> impl Strategy<Value = Vec<u16>> {
        let base = base.to_vec();
        proptest::collection::vec((0u8..6, 0u16..50), base.len() + 1).prop_map(move |plan| {
            let mut out = Vec::new();
            for (index, (what, extra)) in plan.iter().enumerate() {
                if let Some(line) = base.get(index) {
                    match what {
                        0 => {}                             // removed
                        1 => out.push(side * 1000 + extra), // replaced
                        _ => out.push(*line),               // kept
                    }
                }
                if *what == 5 {
                    out.push(side * 1000 + 500 + extra); // added
                }
            }
            out
        })
    }

    fn triple() -> impl Strategy<Value = (Vec<u16>, Vec<u16>, Vec<u16>)> {
        proptest::collection::btree_set(0u16..200, 0..25)
            .prop_map(|set| set.into_iter().collect::<Vec<_>>())
            .prop_flat_map(|base| {
                let region = edited(&base, 1);
                let ours = edited(&base, 2);
                (Just(base), region, ours)
            })
    }

    proptest! {
        /// Whatever the two sides do, keeping both on every card loses no line that
        /// either side added and no base line both sides kept, and a clean merge never
        /// makes up a line.
        #[test]
        fn merging_never_drops_a_line_either_side_kept((base, region, ours) in triple()) {
            let merge = three_way_merge(&lines(&base), &lines(&region), &lines(&ours));
            let both = vec![Choice::Both; merge.conflict_count()];
            let merged = merge.resolve(&both).expect("every card decided");
            let merged: Vec<&str> = merged.lines().collect();
            for added in region.iter().chain(&ours).filter(|line| !base.contains(line)) {
                let line = format!("regel {added}");
                prop_assert!(merged.contains(&line.as_str()), "lost {line}: {merged:?}");
            }
            for kept in base.iter().filter(|line| region.contains(line) && ours.contains(line)) {
                let line = format!("regel {kept}");
                prop_assert!(merged.contains(&line.as_str()), "lost {line}: {merged:?}");
            }
            for line in &merged {
                let known = base.iter().chain(&region).chain(&ours).any(|n| format!("regel {n}") == *line);
                prop_assert!(known, "made up {line}");
            }
        }
    }
}
