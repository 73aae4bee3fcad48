//! "Ons handboek", the manager's overview of the hospice's own handbook: the hospice's
//! facts (filled in once, used wherever the region's text names them), what the region
//! changed in sections the hospice tailored ("Wijzigingen van de regio"), and every
//! tailored section with its state and any draft.

use std::collections::BTreeMap;

use kompas_proto::overlay::{DraftEdit, DraftState, OverlayDraft};
use kompas_proto::tailoring::{OverlayEdit, PlaceView, TailoredSection, TailoringView};
use kompas_proto::Language;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::use_ui;
use crate::i18n::Texts;
use crate::ipc;
use crate::route::{go_back, href, Route};

pub fn screen(view: TailoringView) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    let message = RwSignal::new(None::<(bool, &'static str)>);
    let busy = RwSignal::new(false);
    let fields: Vec<_> = view
        .facts
        .into_iter()
        .map(|fact| (fact.clone(), RwSignal::new(fact.value)))
        .collect();
    let facts_version = view.facts_version;
    let values = fields
        .iter()
        .map(|(f, v)| (f.key.clone(), *v))
        .collect::<Vec<_>>();
    let publish_facts = move |_| {
        let facts: BTreeMap<String, String> = values
            .iter()
            .map(|(key, value)| (key.clone(), value.get_untracked().trim().to_owned()))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let draft = OverlayDraft {
            edit: DraftEdit::Facts { facts },
            based_on: facts_version,
            note: String::new(),
            must_read: false,
            state: DraftState::Editing,
        };
        busy.set(true);
        spawn_local(async move {
            let outcome = ipc::overlay_edit(&OverlayEdit::Save {
                drafts: vec![draft],
                publish: true,
            })
            .await;
            busy.set(false);
            message.set(Some(match outcome {
                Ok(_) => (true, t.tailoring.facts_published),
                Err(_) => (false, t.tailoring.failed),
            }));
        });
    };
    let form = fields
        .into_iter()
        .map(|(fact, value)| {
            let input_id = format!("fact-{}", fact.key.replace('.', "-"));
            let label = match t.language {
                Language::Nl => fact.label_nl,
                Language::En => fact.label_en,
            };
            view! {
                <div class="field">
                    <label for=input_id.clone()>{label}</label>
                    <input id=input_id type="text" placeholder=format!("{} {}", t.tailoring.example_prefix, fact.example) prop:value=value
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                </div>
            }
        })
        .collect_view();
    let (inbox, tailored): (Vec<_>, Vec<_>) = view
        .sections
        .into_iter()
        .partition(|s| s.state.needs_attention());
    let inbox_list = if inbox.is_empty() {
        view! { <p class="hint">{t.tailoring.inbox_empty}</p> }.into_any()
    } else {
        section_list(inbox, t).into_any()
    };
    let tailored_list = if tailored.is_empty() {
        view! { <p class="hint">{t.tailoring.tailored_empty}</p> }.into_any()
    } else {
        section_list(tailored, t).into_any()
    };
    view! {
        <article class="tailoring">
            <div class="crumbs">
                <button type="button" class="back" on:click=move |_| go_back()>
                    <span aria-hidden="true">"← "</span>
                    {t.screens.back}
                </button>
                <span class="category">{view.organization_name}</span>
            </div>
            <h1 tabindex="-1">{t.tailoring.heading}</h1>
            <p class="hint">{t.tailoring.intro}</p>
            <section aria-labelledby="inbox-heading">
                <h2 id="inbox-heading">{t.tailoring.inbox_heading}</h2>
                {inbox_list}
            </section>
            <section aria-labelledby="facts-heading">
                <h2 id="facts-heading">{t.tailoring.facts_heading}</h2>
                <p class="hint">{t.tailoring.facts_hint}</p>
                {view.facts_draft.map(|state| view! { <p class="draft-state">{t.draft_state(&state)}</p> })}
                {form}
                <p>
                    <button type="button" class="primary" prop:disabled=busy on:click=publish_facts>
                        {t.tailoring.facts_publish}
                    </button>
                </p>
                {super::outcome_line(message)}
            </section>
            <section aria-labelledby="tailored-heading">
                <h2 id="tailored-heading">{t.tailoring.tailored_heading}</h2>
                {tailored_list}
            </section>
            {own_form(view.places, t)}
        </article>
    }
}

fn section_list(sections: Vec<TailoredSection>, t: &'static Texts) -> impl IntoView {
    view! {
        <ul class="tailored-list" role="list">
            {sections
                .into_iter()
                .map(|section| {
                    let link = href(&Route::TailorSection(section.id.clone()));
                    let kinds = section
                        .kinds
                        .iter()
                        .map(|k| t.tailor_kind(*k))
                        .collect::<Vec<_>>()
                        .join(" · ");
                    let attention = section.state.needs_attention();
                    view! {
                        <li class:attention=attention>
                            <a class="list-link" href=link>{section.title}</a>
                            <p class="tailored-kinds">{kinds}</p>
                            <p class="tailored-state">{t.tailor_state(section.state)}</p>
                            {(!section.region_note.is_empty()).then(|| view! {
                                <p class="region-note"><strong>{t.tailoring.region_note_label}</strong>{" "}{section.region_note}</p>
                            })}
                            {(!section.note.is_empty()).then(|| view! { <p class="hint">"“"{section.note}"”"</p> })}
                            {section.draft.map(|state| view! { <p class="draft-state">{t.draft_state(&state)}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// "Eigen onderdeel toevoegen": a title, the section it follows, a text.
fn own_form(places: Vec<PlaceView>, t: &'static Texts) -> impl IntoView {
    let ui = use_ui();
    let title = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let after = RwSignal::new(places.first().map(|p| p.id.clone()).unwrap_or_default());
    let message = RwSignal::new(None::<(bool, &'static str)>);
    let options = places
        .into_iter()
        .map(|place| {
            let label = format!("{} ({})", place.title, place.category);
            view! { <option value=place.id>{label}</option> }
        })
        .collect_view();
    let publish = move |_| {
        if title.get_untracked().trim().is_empty() || text.get_untracked().trim().is_empty() {
            message.set(Some((false, t.tailoring.own_missing)));
            return;
        }
        let edit = OverlayEdit::AddOwn {
            title: title.get_untracked(),
            after: after.get_untracked(),
            markdown: text.get_untracked(),
            note: note.get_untracked(),
        };
        spawn_local(async move {
            match ipc::overlay_edit(&edit).await {
                Ok(_) => {
                    message.set(Some((true, t.tailoring.own_published)));
                    ui.reload();
                }
                Err(_) => message.set(Some((false, t.tailoring.failed))),
            }
        });
    };
    view! {
        <section class="own-form" aria-labelledby="own-heading">
            <h2 id="own-heading">{t.tailoring.own_heading}</h2>
            <p class="hint">{t.tailoring.own_hint}</p>
            <div class="field">
                <label for="own-title">{t.tailoring.own_title}</label>
                <input id="own-title" type="text" prop:value=title on:input=move |ev| title.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="own-after">{t.tailoring.own_after}</label>
                <select id="own-after" on:change=move |ev| after.set(event_target_value(&ev))>{options}</select>
            </div>
            <label class="field">
                <span>{t.tailoring.own_text}</span>
                <textarea id="own-text" rows="6" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <p class="hint">{t.tailoring.placeholder_hint}</p>
            <div class="field">
                <label for="own-note">{t.tailoring.note_label}</label>
                <input id="own-note" type="text" placeholder=t.tailoring.note_placeholder prop:value=note on:input=move |ev| note.set(event_target_value(&ev)) />
            </div>
            <p class="actions">
                <button type="button" class="primary" on:click=publish>{t.tailoring.own_publish}</button>
            </p>
            {super::outcome_line(message)}
        </section>
    }
}
