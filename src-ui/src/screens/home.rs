//! The home screen: the critical protocols one tap away, what was read recently, the way
//! to the whole handbook, and one line about sync.

use kompas_proto::HomeView;
use leptos::either::Either;
use leptos::prelude::*;

use super::{section_link, updated_mark};
use crate::context::use_ui;
use crate::route::section_href;

pub fn screen(home: HomeView) -> impl IntoView {
    let t = use_ui().texts();
    let recent = if home.recent.is_empty() {
        Either::Left(view! { <p class="hint">{t.screens.recent_empty}</p> })
    } else {
        Either::Right(view! {
            <ul class="list" role="list">{home.recent.iter().map(|s| section_link(s, t)).collect_view()}</ul>
        })
    };
    view! {
        <section class="critical-block" aria-labelledby="critical-heading">
            <h1 id="critical-heading" tabindex="-1">{t.screens.critical_heading}</h1>
            <p class="hint">{t.screens.critical_hint}</p>
            <ul class="critical-list" role="list">
                {home
                    .critical
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li>
                                <a class="critical-link" href=section_href(&s.id)>
                                    <span class="critical-title">{s.title}{updated_mark(s.updated, t)}</span>
                                    <span class="critical-category">{s.category}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">{t.screens.recent_heading}</h2>
            {recent}
        </section>
        <p class="more">
            <a class="button-link" href="#/handbook">{t.whole_handbook(home.section_count)}</a>
        </p>
        {crate::sync::home_status()}
        <p class="hint shortcut">{t.screens.shortcut_hint}</p>
    }
}
