//! The manager's editor of one section for the hospice: add a text before or after the
//! region's, replace it, or hide it, with a live preview of exactly what volunteers will
//! see (rendered and sanitized by the shell with the hospice's facts). Every save is a
//! draft in the device store; publishing sends it when there is a network.

use kompas_proto::overlay::{
    DraftEdit, DraftState, EntryKey, LocalPolicy, OverlayChange, OverlayDraft, Placement,
};
use kompas_proto::tailoring::{OverlayEdit, OverlayEditOutcome, TailorSectionView, TailorState};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::use_ui;
use crate::ipc;
use crate::route::{go_back, href, section_href, Route};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Supplement,
    Replace,
    Hide,
}

/// The hospice's blocks around the middle text, as the composition joins them.
fn join(blocks: [&str; 3]) -> String {
    blocks
        .iter()
        .map(|b| b.trim_matches('\n'))
        .filter(|b| !b.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

pub fn screen(view: TailorSectionView) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    let id = view.id.clone();
    let mode = RwSignal::new(if view.hidden {
        Mode::Hide
    } else if view.replacement.is_some() {
        Mode::Replace
    } else {
        Mode::Supplement
    });
    let before = RwSignal::new(view.before.clone());
    let after = RwSignal::new(view.after.clone());
    let replacement = RwSignal::new(
        view.replacement
            .clone()
            .unwrap_or_else(|| view.region_markdown.clone()),
    );
    let note = RwSignal::new(
        view.drafts
            .first()
            .map(|d| d.note.clone())
            .unwrap_or_default(),
    );
    let must_read = RwSignal::new(view.drafts.iter().any(|d| d.must_read));
    let preview = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, &'static str)>);
    let busy = RwSignal::new(false);
    let region = StoredValue::new(view.region_markdown.clone());
    let versions = StoredValue::new(view.versions.clone());
    let region_revision = view.region_revision;
    let had_before = !view.before.is_empty();
    let had_after = !view.after.is_empty();
    let had_tailor = view.hidden || view.replacement.is_some();
    let own_change = StoredValue::new(view.own_change.clone());
    let own = view.own_change.is_some();

    // The preview follows every keystroke; only the newest answer is shown.
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let markdown = match mode.get() {
            Mode::Hide => String::new(),
            Mode::Supplement => region.with_value(|r| join([&before.get(), r, &after.get()])),
            Mode::Replace => join([&before.get(), &replacement.get(), &after.get()]),
        };
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        spawn_local(async move {
            if let Ok(OverlayEditOutcome::Preview { html }) =
                ipc::overlay_edit(&OverlayEdit::Preview { markdown }).await
            {
                if asked.get_value() == this {
                    preview.set(html);
                }
            }
        });
    });

    let drafts = {
        let id = id.clone();
        move || -> Vec<OverlayDraft> {
            let based_on = |key: &EntryKey| {
                let text = key.to_text();
                versions.with_value(|v| {
                    v.iter()
                        .find(|(k, _)| *k == text)
                        .map_or(0, |(_, version)| *version)
                })
            };
            let note = note.get_untracked();
            // A section of the hospice's own: its text, or taken back.
            if let Some(OverlayChange::Own {
                id,
                title,
                category,
                after,
                tags,
                ..
            }) = own_change.get_value()
            {
                let key = EntryKey::Own { id: id.clone() };
                let change = (mode.get_untracked() != Mode::Hide).then(|| OverlayChange::Own {
                    id,
                    title,
                    category,
                    after,
                    tags,
                    markdown: replacement.get_untracked(),
                });
                return vec![OverlayDraft {
                    based_on: based_on(&key),
                    must_read: must_read.get_untracked() && change.is_some(),
                    edit: DraftEdit::Entry { key, change },
                    note,
                    state: DraftState::Editing,
                }];
            }
            let mut drafts = Vec::new();
            let mut add = |key: EntryKey, change: Option<OverlayChange>, existed: bool| {
                if change.is_some() || existed {
                    drafts.push(OverlayDraft {
                        based_on: based_on(&key),
                        edit: DraftEdit::Entry { key, change },
                        note: note.clone(),
                        must_read: false,
                        state: DraftState::Editing,
                    });
                }
            };
            for (placement, text, existed) in [
                (Placement::Before, before.get_untracked(), had_before),
                (Placement::After, after.get_untracked(), had_after),
            ] {
                let change = (!text.trim().is_empty()).then(|| OverlayChange::Supplement {
                    section: id.clone(),
                    placement,
                    markdown: text,
                });
                let key = EntryKey::Supplement {
                    section: id.clone(),
                    placement,
                };
                add(key, change, existed);
            }
            let tailor = match mode.get_untracked() {
                Mode::Supplement => None,
                Mode::Replace => Some(OverlayChange::Replace {
                    section: id.clone(),
                    base_revision: region_revision,
                    markdown: replacement.get_untracked(),
                }),
                Mode::Hide => Some(OverlayChange::Hide {
                    section: id.clone(),
                    base_revision: region_revision,
                }),
            };
            add(
                EntryKey::Tailor {
                    section: id.clone(),
                },
                tailor,
                had_tailor,
            );
            // One must-read change per edit: on the first entry that has a text (what is
            // taken back has nothing to read).
            if must_read.get_untracked() {
                if let Some(first) = drafts.iter_mut().find(|d| {
                    matches!(
                        &d.edit,
                        DraftEdit::Entry {
                            change: Some(_),
                            ..
                        }
                    )
                }) {
                    first.must_read = true;
                }
            }
            drafts
        }
    };
    let drafts = StoredValue::new(drafts);
    let send = move |publish: bool| {
        let drafts = drafts.with_value(|make| make());
        busy.set(true);
        spawn_local(async move {
            let outcome = ipc::overlay_edit(&OverlayEdit::Save { drafts, publish }).await;
            busy.set(false);
            message.set(Some(match outcome {
                Ok(OverlayEditOutcome::Published) => (true, t.tailoring.published),
                Ok(_) => (true, t.tailoring.saved),
                Err(_) => (false, t.tailoring.failed),
            }));
        });
    };
    let use_region_text = move |_| {
        mode.set(Mode::Supplement);
        send(true);
    };
    let use_ui_reload = move || ui.reload();
    let discard = {
        let keys: Vec<String> = view.drafts.iter().map(|d| d.edit.key_text()).collect();
        move |_| {
            let keys = keys.clone();
            spawn_local(async move {
                for key in keys {
                    let _ = ipc::overlay_edit(&OverlayEdit::Discard { key }).await;
                }
                use_ui_reload();
            });
        }
    };
    let policy = view.policy;
    let choice = move |value: Mode, label: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="mode" prop:checked=move || mode.get() == value
                    on:change=move |_| mode.set(value) />
                <span>{label}</span>
            </label>
        }
    };
    let region_changed = matches!(view.state, TailorState::RegionChanged { .. });
    let removed = view.state == TailorState::RemovedByRegion;
    // The region removed a section the hospice replaced: keep the text as an own section
    // in the same place, or let it go.
    let removed_choice = (removed && view.replacement.is_some()).then(|| {
        let id = view.id.clone();
        let keep = move |_| {
            let edit = OverlayEdit::KeepAsOwn {
                id: id.clone(),
                note: note.get_untracked(),
            };
            busy.set(true);
            spawn_local(async move {
                let outcome = ipc::overlay_edit(&edit).await;
                busy.set(false);
                message.set(Some(match outcome {
                    Ok(_) => (true, t.tailoring.published),
                    Err(_) => (false, t.tailoring.failed),
                }));
            });
        };
        let let_go = move |_| {
            mode.set(Mode::Supplement);
            send(true);
        };
        view! {
            <div class="removed-choice">
                <p>{t.tailoring.removed_choice}</p>
                <p class="actions">
                    <button type="button" class="primary" prop:disabled=busy on:click=keep>{t.tailoring.keep_as_own}</button>
                    <button type="button" class="secondary" prop:disabled=busy on:click=let_go>{t.tailoring.let_go}</button>
                </p>
            </div>
        }
    });
    let drafts_states: Vec<DraftState> = view.drafts.iter().map(|d| d.state.clone()).collect();
    let has_drafts = !drafts_states.is_empty();
    let editor = (policy != LocalPolicy::Fixed).then(|| {
        view! {
            {(policy == LocalPolicy::Replaceable && !own).then(|| view! {
                <fieldset class="modes">
                    <legend>{t.tailoring.how_label}</legend>
                    {choice(Mode::Supplement, t.tailoring.mode_supplement)}
                    {choice(Mode::Replace, t.tailoring.mode_replace)}
                    {choice(Mode::Hide, t.tailoring.mode_hide)}
                </fieldset>
            })}
            {(policy == LocalPolicy::AppendOnly).then(|| view! { <p class="hint">{t.tailoring.append_only}</p> })}
            <div class="tailor-fields" class:hidden=move || mode.get() == Mode::Hide>
                {(!own).then(|| view! {
                    <label class="field">
                        <span>{t.tailoring.before_label}</span>
                        <textarea rows="3" prop:value=before on:input=move |ev| before.set(event_target_value(&ev))></textarea>
                    </label>
                })}
                {move || (mode.get() == Mode::Replace).then(|| view! {
                    <label class="field">
                        <span>{t.tailoring.replace_label}</span>
                        <textarea rows="12" prop:value=replacement on:input=move |ev| replacement.set(event_target_value(&ev))></textarea>
                    </label>
                })}
                {(!own).then(|| view! {
                    <label class="field">
                        <span>{t.tailoring.after_label}</span>
                        <textarea rows="3" prop:value=after on:input=move |ev| after.set(event_target_value(&ev))></textarea>
                    </label>
                })}
                <p class="hint">{t.tailoring.placeholder_hint}</p>
            </div>
            <div class="field">
                <label for="tailor-note">{t.tailoring.note_label}</label>
                <input id="tailor-note" type="text" placeholder=t.tailoring.note_placeholder prop:value=note
                    on:input=move |ev| note.set(event_target_value(&ev)) />
            </div>
            <label class="switch must-read-switch">
                <input type="checkbox" id="tailor-must-read" prop:checked=must_read
                    on:change=move |ev| must_read.set(event_target_checked(&ev)) />
                <span>{t.reading.must_read_label}</span>
            </label>
            <p class="hint">{t.reading.must_read_hint}</p>
            <p class="actions">
                <button type="button" class="primary" prop:disabled=busy on:click=move |_| send(true)>{t.tailoring.publish}</button>
                <button type="button" class="secondary" prop:disabled=busy on:click=move |_| send(false)>{t.tailoring.save_draft}</button>
                {region_changed.then(|| view! {
                    <button type="button" class="secondary" prop:disabled=busy on:click=use_region_text>{t.tailoring.use_region_text}</button>
                })}
                {own.then(|| view! {
                    <button type="button" class="secondary" prop:disabled=busy on:click=move |_| {
                        mode.set(Mode::Hide);
                        send(true);
                    }>{t.tailoring.own_remove}</button>
                })}
                {has_drafts.then(|| view! {
                    <button type="button" class="secondary" on:click=discard.clone()>{t.tailoring.discard}</button>
                })}
            </p>
            {super::outcome_line(message)}
        }
    });
    view! {
        <article class="tailor-section">
            <div class="crumbs">
                <button type="button" class="back" on:click=move |_| go_back()>
                    <span aria-hidden="true">"← "</span>
                    {t.screens.back}
                </button>
                <span class="category">{view.category}</span>
            </div>
            <h1 tabindex="-1">{t.tailoring.tailor_button}": "{view.title.clone()}</h1>
            <p class="tailor-links">
                <a href=section_href(&view.id)>{view.title}</a>
                " · "
                <a href=href(&Route::History(view.id.clone()))>{t.tailoring.history_link}</a>
            </p>
            {region_changed.then(|| view! { <p class="updated-banner">{t.tailoring.region_changed_hint}</p> })}
            {removed.then(|| view! { <p class="updated-banner">{t.tailoring.removed_hint}</p> })}
            {removed_choice}
            {drafts_states.into_iter().map(|state| view! { <p class="draft-state">{t.draft_state(&state)}</p> }).collect_view()}
            {view.published_meanwhile.into_iter().map(|text| view! {
                <details class="region-text" open>
                    <summary>{t.tailoring.published_meanwhile}</summary>
                    <pre>{text}</pre>
                </details>
            }).collect_view()}
            {(policy == LocalPolicy::Fixed).then(|| view! { <p class="hint">{t.tailoring.locked}</p> })}
            {view.merge.map(|merge| super::merge::block(view.id.clone(), merge, move |text| {
                replacement.set(text);
                mode.set(Mode::Replace);
            }))}
            <div class="tailor-layout">
                <div class="tailor-editor">{editor}</div>
                <section class="tailor-preview" aria-labelledby="preview-heading">
                    <h2 id="preview-heading">{t.tailoring.preview_heading}</h2>
                    {move || (mode.get() == Mode::Hide).then(|| view! { <p class="hint">{t.tailoring.preview_hidden}</p> })}
                    <div class="prose" inner_html=move || preview.get()></div>
                </section>
            </div>
            <details class="region-text">
                <summary>{t.tailoring.region_text_heading}</summary>
                <pre>{view.region_markdown}</pre>
            </details>
        </article>
    }
}
