//! A routine checklist during a shift: large steps to tick, what is left, help text and the
//! linked handbook section, and "Opnieuw beginnen". Every tick is saved at once.

use kompas_proto::checklist::{ChecklistBody, ChecklistEdit, RoutineView};
use leptos::prelude::*;

use super::saver::{SaveState, Saver};
use crate::context::use_ui;
use crate::route::{go_back, section_href};

/// A link target `id:section-id` (or a bare id) as the section's id.
pub fn linked_section(link: &str) -> &str {
    link.strip_prefix("id:").unwrap_or(link)
}

pub fn screen(view: RoutineView) -> AnyView {
    let t = use_ui().texts();
    let id = view.definition.id.clone();
    let ticked = RwSignal::new(view.ticked);
    let saver = Saver::new();
    let groups = match view.definition.body {
        ChecklistBody::Routine { groups } => groups,
        ChecklistBody::SelfEvaluation { .. } => Vec::new(),
    };
    let total: usize = groups.iter().map(|g| g.steps.len()).sum();
    // One queue for every tick: a tick and its untick are saved in the order tapped.
    let save = move |edit: ChecklistEdit| saver.save(format!("{edit:?}"), edit);
    let mut number = 0u32;
    let groups = groups
        .into_iter()
        .map(|group| {
            let steps = group
                .steps
                .into_iter()
                .map(|step| {
                    let n = number;
                    number += 1;
                    let id = id.clone();
                    let is_ticked = move || ticked.with(|t| t.contains(&n));
                    let toggle = move |_| {
                        let now = !is_ticked();
                        ticked.update(|t| {
                            if now {
                                t.push(n);
                            } else {
                                t.retain(|s| *s != n);
                            }
                        });
                        save(ChecklistEdit::Tick { id: id.clone(), step: n, ticked: now });
                    };
                    let input_id = format!("step-{n}");
                    view! {
                        <li class="step" class:done=is_ticked>
                            <input type="checkbox" id=input_id.clone() prop:checked=is_ticked on:change=toggle />
                            <label for=input_id>{step.text}</label>
                            {step.help.map(|help| view! {
                                <details class="step-help"><summary>{t.checklists.step_help}</summary><p>{help}</p></details>
                            })}
                            {step.section.map(|link| view! {
                                <a class="step-link" href=section_href(linked_section(&link))>{t.checklists.read_in_handbook}</a>
                            })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="step-group">
                    {group.title.map(|title| view! { <h2>{title}</h2> })}
                    <ul class="steps" role="list">{steps}</ul>
                </section>
            }
        })
        .collect_view();
    let restart = {
        let id = id.clone();
        move |_| {
            ticked.set(Vec::new());
            save(ChecklistEdit::RestartRoutine { id: id.clone() });
        }
    };
    view! {
        <article class="routine">
            <div class="crumbs">
                <button type="button" class="back" on:click=move |_| go_back()>
                    <span aria-hidden="true">"← "</span>
                    {t.screens.back}
                </button>
            </div>
            <h1 tabindex="-1">{view.definition.title}</h1>
            {view.definition.intro.map(|intro| view! { <p class="hint">{intro}</p> })}
            <p class="progress" role="status" aria-live="polite">{move || t.steps_done(ticked.with(Vec::len), total)}</p>
            {groups}
            {move || (saver.state.get() == SaveState::Failed).then(|| view! { <p class="form-error" role="alert">{t.checklists.save_failed}</p> })}
            <p class="restart">
                <button type="button" class="secondary" on:click=restart>{t.checklists.restart}</button>
                <span class="hint">{t.checklists.restart_hint}</span>
            </p>
        </article>
    }
    .into_any()
}
