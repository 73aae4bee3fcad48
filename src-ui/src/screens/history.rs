//! The history of one section for its hospice's manager: every revision of the region's
//! and of the hospice's, and any two compared word by word, inline or side by side. The
//! revisions come from the server (it keeps every one), so this screen needs the network.

use kompas_proto::overlay::{ChangeKind, WordChange};
use kompas_proto::tailoring::{HistoryView, OverlayEdit, OverlayEditOutcome, RevisionView};
use kompas_proto::{CommandError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::use_ui;
use crate::i18n::Texts;
use crate::ipc;
use crate::route::go_back;

pub fn screen(id: String) -> AnyView {
    let t = use_ui().texts();
    let answer = RwSignal::new(None::<Result<HistoryView, CommandError>>);
    spawn_local(async move { answer.set(Some(ipc::section_history(&id).await)) });
    view! {
        <article class="history">
            <div class="crumbs">
                <button type="button" class="back" on:click=move |_| go_back()>
                    <span aria-hidden="true">"← "</span>
                    {t.screens.back}
                </button>
            </div>
            <h1 tabindex="-1">{t.tailoring.history_heading}</h1>
            {move || match answer.get() {
                None => view! { <p class="hint" aria-busy="true">"…"</p> }.into_any(),
                Some(Ok(history)) => body(history, t),
                Some(Err(error)) => {
                    let words = match error.code {
                        ErrorCode::Offline | ErrorCode::Server => t.tailoring.history_needs_network,
                        code => t.error_detail(code),
                    };
                    view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                }
            }}
        </article>
    }
    .into_any()
}

fn label(revision: &RevisionView, t: &'static Texts) -> String {
    let date = revision.at.get(..10).unwrap_or(&revision.at);
    t.revision_label(revision.change, revision.number, date, &revision.by)
}

fn body(history: HistoryView, t: &'static Texts) -> AnyView {
    let revisions = StoredValue::new(history.revisions);
    let count = revisions.with_value(Vec::len);
    if count == 0 {
        return view! { <p class="hint">{t.tailoring.history_empty}</p> }.into_any();
    }
    // The newest against the one before, until the manager chooses others.
    let old = RwSignal::new(count.saturating_sub(2));
    let new = RwSignal::new(count - 1);
    let side_by_side = RwSignal::new(false);
    let changes = RwSignal::new(Vec::<WordChange>::new());
    // Only the newest comparison asked for is shown.
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (old_text, new_text) =
            revisions.with_value(|r| (r[old.get()].text.clone(), r[new.get()].text.clone()));
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        spawn_local(async move {
            if let Ok(OverlayEditOutcome::Diff { changes: diff }) =
                ipc::overlay_edit(&OverlayEdit::Diff {
                    old: old_text,
                    new: new_text,
                })
                .await
            {
                if asked.get_value() == this {
                    changes.set(diff);
                }
            }
        });
    });
    let options = move |selected: RwSignal<usize>| {
        revisions.with_value(|r| {
            r.iter()
                .enumerate()
                .map(|(n, revision)| {
                    view! { <option value=n.to_string() selected=move || selected.get() == n>{label(revision, t)}</option> }
                })
                .collect_view()
        })
    };
    let list = revisions.with_value(|r| {
        r.iter()
            .rev()
            .map(|revision| {
                view! {
                    <li>
                        <span class="revision-label">{label(revision, t)}</span>
                        {(!revision.note.is_empty()).then(|| view! { <span class="hint">" — “"{revision.note.clone()}"”"</span> })}
                    </li>
                }
            })
            .collect_view()
    });
    let part = |word: WordChange, show: &[ChangeKind]| {
        show.contains(&word.kind).then(|| super::word_change(word))
    };
    view! {
        <div class="field">
            <label for="history-old">{t.tailoring.compare_from}</label>
            <select id="history-old" on:change=move |ev| old.set(event_target_value(&ev).parse().unwrap_or(0))>{options(old)}</select>
        </div>
        <div class="field">
            <label for="history-new">{t.tailoring.compare_to}</label>
            <select id="history-new" on:change=move |ev| new.set(event_target_value(&ev).parse().unwrap_or(0))>{options(new)}</select>
        </div>
        <label class="switch">
            <input type="checkbox" prop:checked=side_by_side on:change=move |ev| side_by_side.set(event_target_checked(&ev)) />
            <span>{t.tailoring.side_by_side}</span>
        </label>
        <p class="hint">{t.tailoring.diff_legend}</p>
        {move || if side_by_side.get() {
            view! {
                <div class="diff-columns">
                    <p class="word-diff">{changes.get().into_iter().filter_map(|w| part(w, &[ChangeKind::Same, ChangeKind::Removed])).collect_view()}</p>
                    <p class="word-diff">{changes.get().into_iter().filter_map(|w| part(w, &[ChangeKind::Same, ChangeKind::Added])).collect_view()}</p>
                </div>
            }.into_any()
        } else {
            view! {
                <p class="word-diff">{changes.get().into_iter().filter_map(|w| part(w, &[ChangeKind::Same, ChangeKind::Added, ChangeKind::Removed])).collect_view()}</p>
            }.into_any()
        }}
        <h2>{t.tailoring.revisions_heading}</h2>
        <ul class="revisions" role="list">{list}</ul>
    }
    .into_any()
}
