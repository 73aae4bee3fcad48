//! The three-way merge in the editor of a replaced section that the region changed: the
//! settled text, and one card per passage both sides changed, with the differences word
//! by word and the choices "Tekst van de regio", "Onze tekst", "Beide behouden" and
//! "Zelf aanpassen". The shell merges (`kompas_core::merge`); the merged text is used only
//! when every card is decided, and never shows conflict markers.

use kompas_proto::overlay::WordChange;
use kompas_proto::tailoring::{
    MergeChoice, MergePartView, MergeView, OverlayEdit, OverlayEditOutcome,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::use_ui;
use crate::ipc;

/// A word diff as text with additions and removals marked.
fn changes(words: Vec<WordChange>) -> impl IntoView {
    words.into_iter().map(super::word_change).collect_view()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Region,
    Ours,
    Both,
    Own,
}

/// The merge block; `use_text` gets the merged text when the manager takes it.
pub fn block(
    id: String,
    merge: MergeView,
    use_text: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let t = use_ui().texts();
    let cards: Vec<(Vec<WordChange>, Vec<WordChange>, String)> = merge
        .parts
        .into_iter()
        .filter_map(|part| match part {
            MergePartView::Conflict {
                region,
                ours,
                ours_text,
            } => Some((region, ours, ours_text)),
            MergePartView::Settled(_) => None,
        })
        .collect();
    let picks: Vec<(RwSignal<Option<Pick>>, RwSignal<String>)> = cards
        .iter()
        .map(|(_, _, ours)| (RwSignal::new(None), RwSignal::new(ours.clone())))
        .collect();
    let picks = StoredValue::new(picks);
    let message = RwSignal::new(None::<(bool, &'static str)>);
    let id = StoredValue::new(id);
    let take = move |_| {
        let choices: Vec<Option<MergeChoice>> = picks.with_value(|picks| {
            picks
                .iter()
                .map(|(pick, own)| {
                    pick.get_untracked().map(|pick| match pick {
                        Pick::Region => MergeChoice::Region,
                        Pick::Ours => MergeChoice::Ours,
                        Pick::Both => MergeChoice::Both,
                        Pick::Own => MergeChoice::Own(own.get_untracked()),
                    })
                })
                .collect()
        });
        let id = id.get_value();
        spawn_local(async move {
            match ipc::overlay_edit(&OverlayEdit::Merge { id, choices }).await {
                Ok(OverlayEditOutcome::Merged { markdown }) => {
                    use_text(markdown);
                    message.set(Some((true, t.tailoring.merged)));
                }
                _ => message.set(Some((false, t.tailoring.merge_undecided))),
            }
        });
    };
    let card_views = cards
        .into_iter()
        .enumerate()
        .map(|(n, (region, ours, _))| {
            let (pick, own) = picks.with_value(|p| p[n]);
            let option = move |value: Pick, label: &'static str| {
                view! {
                    <label class="choice">
                        <input type="radio" name=format!("card-{n}") prop:checked=move || pick.get() == Some(value)
                            on:change=move |_| pick.set(Some(value)) />
                        <span>{label}</span>
                    </label>
                }
            };
            view! {
                <li class="merge-card">
                    <h3>{t.tailoring.card_heading}" "{n + 1}</h3>
                    <p class="merge-side-label">{t.tailoring.card_region_changes}</p>
                    <p class="word-diff">{changes(region)}</p>
                    <p class="merge-side-label">{t.tailoring.card_our_changes}</p>
                    <p class="word-diff">{changes(ours)}</p>
                    <div class="merge-choices" role="radiogroup">
                        {option(Pick::Region, t.tailoring.card_region)}
                        {option(Pick::Ours, t.tailoring.card_ours)}
                        {option(Pick::Both, t.tailoring.card_both)}
                        {option(Pick::Own, t.tailoring.card_own)}
                    </div>
                    {move || (pick.get() == Some(Pick::Own)).then(|| view! {
                        <label class="field">
                            <span>{t.tailoring.card_own}</span>
                            <textarea rows="4" prop:value=own on:input=move |ev| own.set(event_target_value(&ev))></textarea>
                        </label>
                    })}
                </li>
            }
        })
        .collect_view();
    let clean = picks.with_value(Vec::is_empty);
    let decided = move || picks.with_value(|p| p.iter().all(|(pick, _)| pick.get().is_some()));
    view! {
        <section class="merge" aria-labelledby="merge-heading">
            <h2 id="merge-heading">{t.tailoring.merge_heading}</h2>
            <p class="hint">{if clean { t.tailoring.merge_clean } else { t.tailoring.merge_cards_hint }}</p>
            <ol class="merge-cards" role="list">{card_views}</ol>
            <p class="actions">
                <button type="button" class="primary" prop:disabled=move || !decided() on:click=take>
                    {t.tailoring.use_merged}
                </button>
            </p>
            {super::outcome_line(message)}
        </section>
    }
}
