//! The home screen: the critical protocols one tap away, what was read recently, the way
//! to the whole handbook, and one line about sync.

use kompas_proto::HomeView;
use leptos::either::Either;
use leptos::prelude::*;

use super::{critical_list, section_link};
use crate::context::use_ui;

pub fn screen(home: HomeView) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    let manager = ui.sync.with_untracked(|sync| {
        sync.signed_in
            && sync
                .organization
                .as_ref()
                .is_some_and(|o| o.role == kompas_proto::sync::Role::Manager)
    });
    let recent = if home.recent.is_empty() {
        Either::Left(view! { <p class="hint">{t.screens.recent_empty}</p> })
    } else {
        Either::Right(view! {
            <ul class="list" role="list">{home.recent.iter().map(|s| section_link(s, t)).collect_view()}</ul>
        })
    };
    let must_read = super::must_read::home_block(home.must_read);
    view! {
        {must_read}
        <section class="critical-block" aria-labelledby="critical-heading">
            <h1 id="critical-heading" tabindex="-1">{t.screens.critical_heading}</h1>
            <p class="hint">{t.screens.critical_hint}</p>
            {critical_list(home.critical, t)}
        </section>
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">{t.screens.recent_heading}</h2>
            {recent}
        </section>
        <p class="more">
            <a class="button-link" href="#/handbook">{t.whole_handbook(home.section_count)}</a>
        </p>
        {manager.then(|| view! {
            <p class="more"><a class="button-link secondary" href="#/ons-handboek">{t.tailoring.manager_link}</a></p>
            <p class="more"><a class="button-link secondary" href="#/gelezen">{t.reading.manager_link}</a></p>
        })}
        {crate::sync::home_status()}
        <p class="hint shortcut">{t.screens.shortcut_hint}</p>
    }
}
