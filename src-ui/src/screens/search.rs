//! Search results, with the words that matched marked in titles and snippets.

use kompas_proto::{SearchHit, TextPart};
use leptos::either::Either;
use leptos::prelude::*;

use crate::context::use_ui;
use crate::route::section_href;

pub fn screen(query: &str, hits: Vec<SearchHit>) -> impl IntoView {
    let t = use_ui().texts();
    view! {
        <section class="search-results">
            <h1 class="visually-hidden">{t.screens.search_label}</h1>
            <p class="result-count" role="status" aria-live="polite">{t.results(hits.len(), query)}</p>
            {hits.is_empty().then(|| view! { <p class="hint">{t.screens.no_results_tip}</p> })}
            <ul class="hits" role="list">
                {hits
                    .into_iter()
                    .map(|hit| {
                        view! {
                            <li>
                                <a class="hit" class:critical=hit.critical href=section_href(&hit.id)>
                                    <span class="hit-title">{parts_view(hit.title)}</span>
                                    <span class="hit-category">{hit.category}</span>
                                    <span class="hit-snippet">{parts_view(hit.snippet)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
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
