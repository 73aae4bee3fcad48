//! The whole handbook: every category with its sections in order.

use kompas_proto::CategoryView;
use leptos::prelude::*;

use super::section_link;
use crate::context::use_ui;

pub fn screen(categories: Vec<CategoryView>) -> impl IntoView {
    let t = use_ui().texts();
    view! {
        <h1 tabindex="-1">{t.screens.handbook_heading}</h1>
        {categories
            .into_iter()
            .map(|category| {
                view! {
                    <section class="category">
                        <h2>{category.name}</h2>
                        <ul class="list" role="list">
                            {category.sections.iter().map(|s| section_link(s, t)).collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()}
    }
}
