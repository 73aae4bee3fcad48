//! The manager's "Gelezen en begrepen": per must-read change who of the hospice's list
//! read it and the share, per volunteer what is still open, and the list of names itself.

use kompas_proto::reading::{ChangeShare, ReaderShare, ReadingEdit, ReadingView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{outcome_line, section_href};
use crate::context::use_ui;
use crate::i18n::Texts;
use crate::ipc;
use crate::route::go_back;

pub fn screen(view: ReadingView) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    let message = RwSignal::new(None::<(bool, &'static str)>);
    let new_name = RwSignal::new(String::new());
    let save = move |edit: ReadingEdit| {
        spawn_local(async move {
            match ipc::reading_edit(&edit).await {
                Ok(()) => ui.reload(),
                Err(_) => message.set(Some((false, t.reading.failed))),
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked().trim().to_owned();
        if !name.is_empty() {
            save(ReadingEdit::SaveReader {
                id: None,
                name,
                active: true,
            });
        }
    };
    let changes = if view.changes.is_empty() {
        view! { <p class="hint">{t.reading.no_changes}</p> }.into_any()
    } else {
        view! {
            <ul class="share-list" role="list">
                {view.changes.into_iter().map(|share| change_share(share, t)).collect_view()}
            </ul>
        }
        .into_any()
    };
    let people = view
        .readers
        .into_iter()
        .map(|share| reader_share(share, t, save))
        .collect_view();
    let inactive = (!view.inactive.is_empty()).then(|| {
        view! {
            <h3>{t.reading.taken_off_heading}</h3>
            <ul class="list" role="list">
                {view.inactive.into_iter().map(|reader| {
                    let edit = ReadingEdit::SaveReader { id: Some(reader.id.clone()), name: reader.name.clone(), active: true };
                    view! {
                        <li class="person inactive">
                            <span>{reader.name}</span>
                            <button type="button" class="link-button" on:click=move |_| save(edit.clone())>{t.reading.put_back}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <article class="reading">
            <div class="crumbs">
                <button type="button" class="back" on:click=move |_| go_back()>
                    <span aria-hidden="true">"← "</span>
                    {t.screens.back}
                </button>
            </div>
            <h1 tabindex="-1">{t.reading.heading}</h1>
            <p class="hint">{t.reading.manager_intro}</p>
            {(view.waiting > 0).then(|| view! { <p class="hint">{t.acknowledgements_waiting(view.waiting)}</p> })}
            <section aria-labelledby="per-change">
                <h2 id="per-change">{t.reading.per_change}</h2>
                {changes}
            </section>
            <section aria-labelledby="per-person">
                <h2 id="per-person">{t.reading.per_person}</h2>
                <p class="hint">{t.reading.list_hint}</p>
                <ul class="list people" role="list">{people}</ul>
                {view.can_edit.then(|| view! {
                    <form class="add-name" on:submit=add>
                        <label for="new-name">{t.reading.add_label}</label>
                        <input id="new-name" type="text" maxlength="80" autocomplete="off"
                            prop:value=move || new_name.get()
                            on:input=move |ev| new_name.set(event_target_value(&ev)) />
                        <button type="submit" class="primary">{t.reading.add_button}</button>
                    </form>
                })}
                {outcome_line(message)}
                {inactive}
            </section>
        </article>
    }
}

fn change_share(share: ChangeShare, t: &'static Texts) -> impl IntoView {
    let total = share.acknowledged.len() + share.open.len();
    let line = t.share(share.acknowledged.len(), total, share.percent);
    let read: Vec<String> = share
        .acknowledged
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let read = if read.is_empty() {
        t.reading.nobody_yet.to_owned()
    } else {
        read.join(", ")
    };
    let open_count = share.open.len();
    let open = share.open.join(", ");
    let item = share.item;
    // The bar is a progress element, not a styled width: the CSP allows no inline styles.
    view! {
        <li class="share">
            <a class="share-title" href=section_href(&item.section_id)>{item.section_title}</a>
            <span class="must-read-from">{t.must_read_from(item.from)}{" · "}{t.day(&item.arrived_at)}</span>
            {(!item.note.is_empty()).then(|| view! { <span class="must-read-note">{item.note}</span> })}
            <progress class="share-bar" max="100" value=share.percent.to_string() aria-label=line.clone()></progress>
            <p class="share-line">{line}</p>
            <p class="share-open">
                <strong>{t.reading.not_yet}{": "}</strong>
                {if open_count == 0 { t.reading.all_read.to_owned() } else { open }}
            </p>
            <details>
                <summary>{t.reading.read_by}{" ("}{total - open_count}{")"}</summary>
                <p>{read}</p>
            </details>
        </li>
    }
}

fn reader_share(
    share: ReaderShare,
    t: &'static Texts,
    save: impl Fn(ReadingEdit) + Copy + 'static,
) -> impl IntoView {
    let state = if share.open.is_empty() {
        t.reading.all_read.to_owned()
    } else {
        t.still_open(share.open.len())
    };
    let off = ReadingEdit::SaveReader {
        id: Some(share.reader.id.clone()),
        name: share.reader.name.clone(),
        active: false,
    };
    let open_titles = share
        .open
        .iter()
        .map(|item| item.section_title.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="person" class:all-read=share.open.is_empty()>
            <span class="person-name">{share.reader.name}</span>
            <span class="person-state">{state}</span>
            {(!open_titles.is_empty()).then(|| view! { <span class="person-open">{open_titles}</span> })}
            <button type="button" class="link-button" on:click=move |_| save(off.clone())>{t.reading.take_off}</button>
        </li>
    }
}
