//! The checklists screen: the routine checklists of a shift, and for a manager this year's
//! self-evaluation (start or continue) with the earlier ones.

use kompas_proto::checklist::{ChecklistEdit, ChecklistKind, ChecklistsView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::use_ui;
use crate::ipc;
use crate::route::{href, navigate, Route};

pub fn screen(view: ChecklistsView) -> AnyView {
    let ui = use_ui();
    let t = ui.texts();
    let (routine, evaluations): (Vec<_>, Vec<_>) = view
        .checklists
        .into_iter()
        .partition(|c| c.kind == ChecklistKind::Routine);
    let failed = RwSignal::new(None::<String>);
    let routine = if routine.is_empty() {
        view! { <p class="hint">{t.checklists.routine_empty}</p> }.into_any()
    } else {
        view! {
            <ul class="critical-list" role="list">
                {routine
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                <a class="critical-link routine-link" href=href(&Route::Routine(c.id.clone()))>
                                    <span class="critical-title">{c.title}</span>
                                    <span class="critical-category">{t.items_count(c.items, false)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let this_year = view.year;
    let current = view
        .evaluations
        .iter()
        .find(|e| e.year == this_year)
        .cloned();
    let earlier: Vec<_> = view
        .evaluations
        .iter()
        .filter(|e| Some(&e.uuid) != current.as_ref().map(|c| &c.uuid))
        .cloned()
        .collect();
    let start = move |checklist: String| {
        spawn_local(async move {
            match ipc::checklist_edit(&ChecklistEdit::StartEvaluation { checklist }).await {
                Ok(outcome) => {
                    if let Some(uuid) = outcome.uuid {
                        navigate(&Route::Evaluation { uuid, step: None });
                    }
                }
                Err(error) => failed.set(Some(error.detail)),
            }
        });
    };
    let evaluation_block = if view.may_evaluate {
        // This year's is continued from its link above; a new one is started here.
        let buttons = current.is_none().then(|| {
            evaluations
                .into_iter()
                .map(|c| {
                    let id = c.id.clone();
                    view! {
                        <p class="start-evaluation">
                            <button type="button" class="primary" on:click=move |_| start(id.clone())>
                                {t.checklists.start_evaluation}
                            </button>
                            <span class="hint">{c.title}" · "{t.items_count(c.items, true)}</span>
                        </p>
                    }
                })
                .collect_view()
        });
        view! {
            <p class="hint">{t.checklists.evaluation_hint}</p>
            {buttons}
            {move || failed.get().map(|detail| view! { <p class="form-error" role="alert">{t.error_detail(kompas_proto::ErrorCode::NotPossible)}" "<span class="hint">{detail}</span></p> })}
        }
        .into_any()
    } else {
        view! { <p class="hint">{t.checklists.evaluation_manager_only}</p> }.into_any()
    };
    let earlier = (!earlier.is_empty()).then(|| {
        view! {
            <h3>{t.checklists.earlier_heading}</h3>
            <ul class="list" role="list">
                {earlier
                    .into_iter()
                    .map(|e| {
                        view! {
                            <li>
                                <a class="list-link" href=href(&Route::Evaluation { uuid: e.uuid.clone(), step: None })>
                                    {t.evaluation_title(&e.title, e.year)}
                                    <span class="state-word">{t.state_label(e.state)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <h1 tabindex="-1">{t.checklists.heading}</h1>
        <section aria-labelledby="routine-heading">
            <h2 id="routine-heading">{t.checklists.routine_heading}</h2>
            <p class="hint">{t.checklists.routine_hint}</p>
            {routine}
        </section>
        <section aria-labelledby="evaluation-heading">
            <h2 id="evaluation-heading">{t.checklists.evaluation_heading}</h2>
            {current.map(|e| view! {
                <p class="current-evaluation">
                    <a class="button-link" href=href(&Route::Evaluation { uuid: e.uuid.clone(), step: None })>
                        {t.evaluation_title(&e.title, e.year)}
                    </a>
                    " "<span class="state-word">{t.state_label(e.state)}</span>
                </p>
            })}
            {evaluation_block}
            {earlier}
        </section>
    }
    .into_any()
}
