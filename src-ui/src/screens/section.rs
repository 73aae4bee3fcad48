//! The reader of one section: its rendered (sanitized) HTML, a table of contents for
//! long ones, and what a reader should know about it (a protocol, changed since read,
//! due for review).

use kompas_proto::SectionView;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::context::use_ui;
use crate::route::{decode, go_back, href, Route};

pub fn screen(section: SectionView) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    let notice = ui.notice;
    let id = section.id.clone();
    // A self-evaluation that links here is the manager's; a volunteer is offered the
    // routine checklists of the subject.
    let routines: Vec<_> = section
        .checklists
        .iter()
        .filter(|c| c.kind == kompas_proto::checklist::ChecklistKind::Routine)
        .cloned()
        .collect();
    // A manager of the hospice this device follows may tailor the section.
    let manager = ui.sync.with_untracked(|sync| {
        sync.signed_in
            && sync
                .organization
                .as_ref()
                .is_some_and(|o| o.role == kompas_proto::sync::Role::Manager)
    });
    let tailor_href = href(&Route::TailorSection(id.clone()));
    let must_read_notice = section
        .must_read
        .as_ref()
        .map(super::must_read::section_notice);
    let confirm = section
        .must_read
        .map(|must_read| super::must_read::section_confirm(id.clone(), must_read));
    let source_mark = t.source_mark(section.source);
    let toc: Vec<_> = section.toc.into_iter().filter(|e| e.level == 2).collect();
    let toc = (toc.len() >= 3).then(|| {
        view! {
            <details class="toc">
                <summary>{t.screens.on_this_page}</summary>
                <ul role="list">
                    {toc
                        .into_iter()
                        .map(|entry| {
                            let href = href(&Route::Section {
                                id: id.clone(),
                                anchor: Some(entry.anchor),
                            });
                            view! { <li><a href=href>{entry.text}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </details>
        }
    });
    view! {
        <article class="section" class:critical=section.critical>
            <div class="crumbs">
                <button type="button" class="back" on:click=move |_| go_back()>
                    <span aria-hidden="true">"← "</span>
                    {t.screens.back}
                </button>
                <span class="category">{section.category}</span>
            </div>
            <h1 tabindex="-1">{section.title}</h1>
            {section.critical.then(|| view! { <p class="badge">{t.screens.protocol_badge}</p> })}
            {source_mark.map(|mark| view! { <p class="source-mark">{mark}</p> })}
            {section.updated_since_read.then(|| view! { <p class="updated-banner">{t.screens.updated_banner}</p> })}
            {must_read_notice}
            {toc}
            <div class="prose" inner_html=section.html on:click=move |ev| on_prose_click(ev, notice)></div>
            {(!routines.is_empty()).then(|| view! {
                <aside class="section-checklists" aria-label=t.checklists.section_checklists>
                    <h2>{t.checklists.section_checklists}</h2>
                    <ul class="list" role="list">
                        {routines.iter().map(|c| view! {
                            <li><a class="list-link" href=href(&Route::Routine(c.id.clone()))>{c.title.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                </aside>
            })}
            {confirm}
            {section.review_by.map(|date| view! { <p class="review">{t.review_by(&date)}</p> })}
            {manager.then(|| view! {
                <p class="tailor-link"><a class="button-link secondary" href=tailor_href>{t.tailoring.tailor_button}</a></p>
            })}
        </article>
    }
}

/// Clicks inside rendered section HTML: in-app routes navigate by themselves; anchors and
/// footnotes scroll within the page; anything else would leave the app, so it is shown
/// instead of followed.
fn on_prose_click(event: leptos::ev::MouseEvent, notice: RwSignal<Option<String>>) {
    let Some(link) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
    else {
        return;
    };
    let href = link.get_attribute("href").unwrap_or_default();
    if href.starts_with("#/") {
        return;
    }
    event.prevent_default();
    if let Some(anchor) = href.strip_prefix('#') {
        if let Some(target) = document().get_element_by_id(&decode(anchor)) {
            target.scroll_into_view();
        }
    } else if !href.is_empty() {
        notice.set(Some(href));
    }
}
