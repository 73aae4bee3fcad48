//! Search results, with the words that matched marked in titles and snippets, and never a
//! dead end: a line when no section holds every word, "Bedoelde je …?" when a typo was
//! forgiven, and the critical protocols and the handbook's categories when nothing matched.
//!
//! [`Summary`] is what the screen says about an answer, decided from the answer alone and
//! tested on the host; [`screen`] only draws it.

use kompas_proto::{SearchHit, SearchOutcome, SearchResults, TextPart};
use leptos::either::Either;
use leptos::prelude::*;

use super::critical_list;
use crate::context::use_ui;
use crate::i18n::Texts;
use crate::route::{href, section_href, Route};

/// What the screen says around the hits of one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// How many sections were found for what was typed ("Niets gevonden voor …" for none).
    pub count: String,
    /// How the hits relate to the query, when they do not simply hold every word.
    pub outcome: Option<&'static str>,
    /// "Bedoelde je …?": the search for the corrected query.
    pub correction: Option<Correction>,
    /// No hits: the tip to try other words.
    pub tip: bool,
    /// The hits mix sections with every word and sections with only some of them: the
    /// latter get a quiet mark. (When none holds every word, the outcome line says so once.)
    pub mark_partial: bool,
}

/// The link to the corrected query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub before: &'static str,
    /// The corrected query, its words that were not typed so marked.
    pub words: Vec<TextPart>,
    pub after: &'static str,
    /// A search for the corrected query; its route puts that query in the search box.
    pub target: Route,
}

impl Summary {
    pub fn new(t: &Texts, query: &str, results: &SearchResults) -> Summary {
        let outcome = match &results.outcome {
            SearchOutcome::AllWords | SearchOutcome::NoMatch { .. } => None,
            SearchOutcome::SomeWords => Some(t.screens.some_words_line),
        };
        let correction = results
            .correction
            .as_deref()
            .map(str::trim)
            .filter(|corrected| !corrected.is_empty() && words(corrected) != words(query))
            .map(|corrected| {
                let (before, after) = t.did_you_mean();
                Correction {
                    before,
                    words: corrected_words(query, corrected),
                    after,
                    target: Route::Search(corrected.to_owned()),
                }
            });
        let hits = &results.hits;
        Summary {
            count: t.results(hits.len(), query),
            outcome,
            correction,
            tip: hits.is_empty(),
            mark_partial: hits.iter().any(|h| h.all_words) && hits.iter().any(|h| !h.all_words),
        }
    }
}

/// The words of a query as they are compared: a correction in case or spacing only is
/// no correction.
fn words(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_lowercase).collect()
}

/// What the screen shows for an answer as plain text, one line a part, emphasis as `*…*`:
/// for the texts snapshot and the tests.
#[cfg(test)]
pub fn screen_lines(t: &Texts, query: &str, results: &SearchResults) -> Vec<String> {
    let summary = Summary::new(t, query, results);
    let mut lines = vec![summary.count.clone()];
    lines.extend(summary.outcome.map(str::to_owned));
    if let Some(correction) = &summary.correction {
        let words: String = correction
            .words
            .iter()
            .map(|part| match part.marked {
                true => format!("*{}*", part.text),
                false => part.text.clone(),
            })
            .collect();
        lines.push(format!("{}{words}{}", correction.before, correction.after));
    }
    if summary.tip {
        lines.push(t.screens.no_results_tip.to_owned());
    }
    for hit in &results.hits {
        let title: String = hit.title.iter().map(|part| part.text.as_str()).collect();
        let mut line = format!("- {title} ({})", hit.category);
        if summary.mark_partial && !hit.all_words {
            line.push_str(&format!(" [{}]", t.screens.partial_hit_mark));
        }
        lines.push(line);
    }
    if let SearchOutcome::NoMatch {
        categories,
        critical,
    } = &results.outcome
    {
        let titles: Vec<&str> = critical.iter().map(|s| s.title.as_str()).collect();
        // As on the screen, a block with nothing in it is left out.
        for (heading, names) in [
            (t.screens.critical_heading, titles.join(", ")),
            (t.screens.no_match_categories_heading, categories.join(", ")),
        ] {
            if !names.is_empty() {
                lines.push(format!("{heading}: {names}"));
            }
        }
    }
    lines
}

/// The words of `corrected`, those not among the words typed marked (compared without
/// case). When every word was typed (only case or order changed), all are marked.
fn corrected_words(typed: &str, corrected: &str) -> Vec<TextPart> {
    let typed = words(typed);
    let words: Vec<(&str, bool)> = corrected
        .split_whitespace()
        .map(|word| (word, !typed.contains(&word.to_lowercase())))
        .collect();
    let none_marked = words.iter().all(|(_, marked)| !marked);
    let mut parts: Vec<TextPart> = vec![];
    let mut push = |text: &str, marked: bool| match parts.last_mut() {
        Some(last) if last.marked == marked => last.text.push_str(text),
        _ => parts.push(TextPart {
            text: text.to_owned(),
            marked,
        }),
    };
    for (index, (word, marked)) in words.into_iter().enumerate() {
        if index > 0 {
            // The space between two words is emphasised only when the whole query is.
            push(" ", none_marked);
        }
        push(word, marked || none_marked);
    }
    parts
}

pub fn screen(query: &str, results: SearchResults) -> impl IntoView {
    let t = use_ui().texts();
    let summary = Summary::new(t, query, &results);
    let SearchResults { hits, outcome, .. } = results;
    let correction = summary.correction.map(|correction| {
        view! {
            <p class="did-you-mean">
                <a href=href(&correction.target)>
                    {correction.before}
                    {correction
                        .words
                        .into_iter()
                        .map(|part| {
                            if part.marked {
                                Either::Left(view! { <em>{part.text}</em> })
                            } else {
                                Either::Right(part.text)
                            }
                        })
                        .collect_view()}
                    {correction.after}
                </a>
            </p>
        }
    });
    let mark_partial = summary.mark_partial;
    let elsewhere = match outcome {
        SearchOutcome::NoMatch {
            categories,
            critical,
        } => Some(no_match(t, categories, critical)),
        SearchOutcome::AllWords | SearchOutcome::SomeWords => None,
    };
    view! {
        <section class="search-results">
            <h1 class="visually-hidden">{t.screens.search_label}</h1>
            <div class="search-summary" role="status" aria-live="polite">
                <p class="result-count">{summary.count}</p>
                {summary.outcome.map(|line| view! { <p class="search-outcome">{line}</p> })}
                {correction}
            </div>
            {summary.tip.then(|| view! { <p class="hint">{t.screens.no_results_tip}</p> })}
            <ul class="hits" role="list">
                {hits.into_iter().map(|hit| hit_view(hit, mark_partial, t)).collect_view()}
            </ul>
            {elsewhere}
        </section>
    }
}

fn hit_view(hit: SearchHit, mark_partial: bool, t: &'static Texts) -> impl IntoView {
    let partial = mark_partial && !hit.all_words;
    view! {
        <li>
            <a class="hit" class:critical=hit.critical class:partial=partial href=section_href(&hit.id)>
                <span class="hit-title">{parts_view(hit.title)}</span>
                <span class="hit-category">{hit.category}</span>
                <span class="hit-snippet">{parts_view(hit.snippet)}</span>
                {partial.then(|| view! { <span class="hit-partial">{t.screens.partial_hit_mark}</span> })}
            </a>
        </li>
    }
}

/// Nothing matched: the critical protocols one tap away, as on the home screen, and the
/// handbook's categories, each leading to the handbook (which has no anchor per category).
fn no_match(
    t: &'static Texts,
    categories: Vec<String>,
    critical: Vec<kompas_proto::SectionSummary>,
) -> impl IntoView {
    let handbook = href(&Route::Handbook);
    let critical = (!critical.is_empty()).then(|| {
        view! {
            <section class="critical-block" aria-labelledby="no-match-critical-heading">
                <h2 id="no-match-critical-heading">{t.screens.critical_heading}</h2>
                <p class="hint">{t.screens.critical_hint}</p>
                {critical_list(critical, t)}
            </section>
        }
    });
    let categories = (!categories.is_empty()).then(|| {
        view! {
            <section class="no-match-categories" aria-labelledby="no-match-categories-heading">
                <h2 id="no-match-categories-heading">{t.screens.no_match_categories_heading}</h2>
                <ul class="list" role="list">
                    {categories
                        .into_iter()
                        .map(|name| {
                            view! {
                                <li>
                                    <a class="list-link category-link" href=handbook.clone()>{name}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    view! { {critical}{categories} }
}

fn parts_view(parts: Vec<TextPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| {
            if part.marked {
                Either::Left(view! { <mark>{part.text}</mark> })
            } else {
                Either::Right(part.text)
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use kompas_proto::{Language, SectionSummary};

    use super::*;
    use crate::i18n::texts;

    fn hit(id: &str, all_words: bool) -> SearchHit {
        SearchHit {
            id: id.into(),
            title: vec![TextPart {
                text: id.into(),
                marked: false,
            }],
            category: "Zorg".into(),
            snippet: vec![],
            critical: false,
            all_words,
        }
    }

    fn answer(
        hits: Vec<SearchHit>,
        correction: Option<&str>,
        outcome: SearchOutcome,
    ) -> SearchResults {
        SearchResults {
            hits,
            correction: correction.map(str::to_owned),
            outcome,
        }
    }

    fn dutch(query: &str, results: &SearchResults) -> Summary {
        Summary::new(texts(Language::Nl), query, results)
    }

    #[test]
    fn every_word_found_says_only_how_many() {
        let summary = dutch(
            "val nacht",
            &answer(
                vec![hit("a", true), hit("b", true)],
                None,
                SearchOutcome::AllWords,
            ),
        );
        assert_eq!(summary.count, "2 onderdelen gevonden voor “val nacht”.");
        assert_eq!(summary.outcome, None);
        assert_eq!(summary.correction, None);
        assert!(!summary.tip);
        assert!(!summary.mark_partial);
    }

    #[test]
    fn some_words_says_so_above_the_hits_and_marks_no_hit() {
        let summary = dutch(
            "val nacht trap",
            &answer(
                vec![hit("a", false), hit("b", false)],
                None,
                SearchOutcome::SomeWords,
            ),
        );
        assert_eq!(
            summary.outcome,
            Some("Geen onderdeel bevat alle woorden; dit komt het dichtst in de buurt.")
        );
        assert_eq!(
            summary.count,
            "2 onderdelen gevonden voor “val nacht trap”."
        );
        // The line says it once; a mark on every hit would only repeat it.
        assert!(!summary.mark_partial);
    }

    #[test]
    fn hits_with_only_some_words_are_marked_among_hits_with_all() {
        let results = answer(
            vec![hit("a", true), hit("b", false)],
            None,
            SearchOutcome::AllWords,
        );
        assert!(dutch("val nacht", &results).mark_partial);
        let lines = screen_lines(texts(Language::Nl), "val nacht", &results);
        assert_eq!(lines[1..], ["- a (Zorg)", "- b (Zorg) [Niet alle woorden]"]);
    }

    #[test]
    fn a_correction_links_to_a_search_for_it_with_the_corrected_words_emphasised() {
        let summary = dutch(
            "verpleegkundge bellen",
            &answer(
                vec![hit("a", true)],
                Some("verpleegkundige bellen"),
                SearchOutcome::AllWords,
            ),
        );
        let correction = summary.correction.expect("a correction");
        assert_eq!(
            correction.target,
            Route::Search("verpleegkundige bellen".into())
        );
        assert_eq!(
            correction.target.to_hash(str::to_owned),
            "#/search/verpleegkundige bellen"
        );
        assert_eq!(
            correction.words,
            [
                TextPart {
                    text: "verpleegkundige".into(),
                    marked: true
                },
                TextPart {
                    text: " bellen".into(),
                    marked: false
                },
            ]
        );
        assert_eq!((correction.before, correction.after), ("Bedoelde je ", "?"));
        let english = Summary::new(
            texts(Language::En),
            "handhygine",
            &answer(vec![], Some("handhygiëne"), SearchOutcome::AllWords),
        );
        let lines = screen_lines(
            texts(Language::En),
            "handhygine",
            &answer(vec![], Some("handhygiëne"), SearchOutcome::AllWords),
        );
        assert!(english.correction.is_some());
        assert_eq!(lines[1], "Did you mean *handhygiëne*?");
    }

    #[test]
    fn corrected_words_are_marked_wherever_they_are() {
        let text = |typed, corrected| -> String {
            corrected_words(typed, corrected)
                .into_iter()
                .map(|p| match p.marked {
                    true => format!("*{}*", p.text),
                    false => p.text,
                })
                .collect()
        };
        assert_eq!(text("val trp nacht", "val trap nacht"), "val *trap* nacht");
        assert_eq!(
            text("hand alcohl gel", "hand alcohol gel"),
            "hand *alcohol* gel"
        );
        assert_eq!(
            text("handhygine zeep", "handhygiëne zep"),
            "*handhygiëne* *zep*"
        );
        // Every word was typed, only the order differs: the whole suggestion is marked.
        assert_eq!(text("nacht val", "val  nacht"), "*val nacht*");
    }

    #[test]
    fn a_correction_that_is_what_was_typed_is_not_offered() {
        for correction in ["val nacht", " val  nacht ", "Val Nacht", ""] {
            let summary = dutch(
                "val nacht",
                &answer(
                    vec![hit("a", true)],
                    Some(correction),
                    SearchOutcome::AllWords,
                ),
            );
            assert_eq!(summary.correction, None, "{correction:?}");
        }
    }

    #[test]
    fn nothing_found_is_no_dead_end() {
        let results = answer(
            vec![],
            None,
            SearchOutcome::NoMatch {
                categories: vec!["Zorg".into(), "Veiligheid".into()],
                critical: vec![SectionSummary {
                    id: "bij-brand".into(),
                    title: "Bij brand".into(),
                    category: "Veiligheid".into(),
                    critical: true,
                    updated: false,
                }],
            },
        );
        let summary = dutch("xyzzy", &results);
        assert_eq!(summary.count, "Niets gevonden voor “xyzzy”.");
        assert_eq!(summary.outcome, None);
        assert!(summary.tip);
        assert_eq!(
            screen_lines(texts(Language::Nl), "xyzzy", &results)[2..],
            [
                "Direct nodig: Bij brand",
                "Kijk per onderwerp: Zorg, Veiligheid"
            ]
        );
    }
}
