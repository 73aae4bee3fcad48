//! The relevance set (`relevance.tsv`, format described at its top): every query's first
//! hit over the bundled handbook must be one of the acceptable sections.

use std::path::Path;

use kompas_content::{check_folder, ReviewDates};
use kompas_store::Store;

/// One line of the relevance set.
struct Case {
    line: usize,
    query: String,
    acceptable: Vec<String>,
}

fn cases() -> Vec<Case> {
    // Relative to the package folder, where cargo runs tests.
    let text = std::fs::read_to_string("tests/relevance.tsv").expect("tests/relevance.tsv");
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let (query, acceptable) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("relevance.tsv:{}: no TAB", index + 1));
            Case {
                line: index + 1,
                query: query.to_owned(),
                acceptable: acceptable.split_whitespace().map(str::to_owned).collect(),
            }
        })
        .collect()
}

#[test]
fn first_hits_of_the_relevance_set_are_right() {
    let bundle = check_folder(Path::new("../../content/handbook"), ReviewDates::Skip);
    assert!(!bundle.has_errors(), "{:?}", bundle.diagnostics);
    let mut store = Store::open_in_memory().expect("store");
    store.import_sections(&bundle.sections).expect("import");
    let ids: Vec<String> = bundle.sections.iter().map(|s| s.id.clone()).collect();

    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the relevance set has {} lines",
        cases.len()
    );
    let mut misses = Vec::new();
    for case in &cases {
        for id in &case.acceptable {
            assert!(
                ids.contains(id),
                "relevance.tsv:{}: no section {id}",
                case.line
            );
        }
        let results = store.search(&case.query, 5).expect("search");
        let first = results.hits.first().map(|hit| hit.id.as_str());
        if !first.is_some_and(|first| case.acceptable.iter().any(|id| id == first)) {
            misses.push(format!(
                "relevance.tsv:{}: {:?} gave {:?}, acceptable: {}",
                case.line,
                case.query,
                results
                    .hits
                    .iter()
                    .map(|h| h.id.as_str())
                    .collect::<Vec<_>>(),
                case.acceptable.join(" ")
            ));
        }
    }
    eprintln!(
        "relevance: {} of {} first hits right",
        cases.len() - misses.len(),
        cases.len()
    );
    let (known, new): (Vec<_>, Vec<_>) = misses.iter().partition(|miss| {
        KNOWN_MISSES
            .iter()
            .any(|q| miss.contains(&format!("{q:?} gave")))
    });
    for miss in &known {
        eprintln!("known miss: {miss}");
    }
    assert!(
        new.is_empty(),
        "{}",
        new.iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // A known miss that is now right must leave the list, so the list stays true.
    for query in KNOWN_MISSES {
        assert!(
            known
                .iter()
                .any(|miss| miss.contains(&format!("{query:?} gave"))),
            "{query:?} is right now: take it out of KNOWN_MISSES"
        );
    }
}

/// Queries whose first hit is known to be wrong, each with why; they count as misses in
/// the figures (here and in the tantivy comparison) but do not fail the test.
///
/// - `nachtrust`: both "De nachtdienst" and "Als een gast 's nachts overlijdt" have `nacht…`
///   in the title and `rust…` in the body; the critical boost puts the second first.
///
/// From the lines written blind on 2026-12-06 (the last group of the file):
/// - `wat moet ik doen als de gast niet meer ademt`, `gast reageert niet`: "Als een gast
///   valt" has `gast` in its title and `ademt`/`reageert` in its body as much as "Een gast
///   raakt acuut onwel"; what tells them apart is `niet meer ademt`, `reageert niet`, and
///   proximity counts the required words only, not the stop words beside them.
/// - `not breathing`: `not` is a stop word, and `breathing` finds "Pijn of benauwdheid"
///   (`ademhaling`, `benauwdheid`) first; right for `breathing`, not for its negation.
/// - `rouwende familie`: "Omgaan met verlies en rouw" has `rouw` in its title, "Naasten na
///   het overlijden" only in its tags; a fair first hit to many readers, not to the writer.
/// - `doorgezakt`: the verb `zakken` and its present tense are found ("zakt door" in "Als
///   een gast valt"), but so is `zaken` (the verb's key `zak` is also the noun's), and in a
///   body a word typed and a word of the same key weigh the same.
/// - `aflossing komt niet`: the table says `volgende dienst`, and `dienst` is in many titles.
/// - `gast wil dood`: a death wish is a question ("Moeilijke vragen"), but `dood` means the
///   protocols of a death first.
const KNOWN_MISSES: &[&str] = &[
    "nachtrust",
    "wat moet ik doen als de gast niet meer ademt",
    "gast reageert niet",
    "not breathing",
    "rouwende familie",
    "doorgezakt",
    "aflossing komt niet",
    "gast wil dood",
];
