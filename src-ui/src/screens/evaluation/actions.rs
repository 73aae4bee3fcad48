//! The improvement actions of one theme: what, goal, who, by when, status, evaluation.
//! Open actions of last year's self-evaluation are already there when this year's starts.

use kompas_proto::checklist::{
    ActionStatus, ChecklistEdit, EvaluationView, ImprovementAction, Theme,
};
use leptos::prelude::*;

use crate::i18n::Texts;
use crate::screens::saver::Saver;

const STATUSES: [ActionStatus; 4] = [
    ActionStatus::Gepland,
    ActionStatus::Bezig,
    ActionStatus::Afgerond,
    ActionStatus::Vervallen,
];

pub fn editor(view: &EvaluationView, theme: &Theme, saver: Saver, t: &'static Texts) -> AnyView {
    let uuid = view.record.uuid.clone();
    let actions = RwSignal::new(
        view.record
            .actions
            .iter()
            .filter(|a| a.theme == theme.id)
            .cloned()
            .collect::<Vec<_>>(),
    );
    let carried = !actions.with_untracked(Vec::is_empty);
    let add = {
        let (uuid, theme) = (uuid.clone(), theme.id.clone());
        move |_| {
            let edit = ChecklistEdit::SaveAction {
                uuid: uuid.clone(),
                action: ImprovementAction {
                    id: String::new(),
                    theme: theme.clone(),
                    what: String::new(),
                    goal: String::new(),
                    who: String::new(),
                    due: None,
                    status: ActionStatus::Gepland,
                    evaluation: String::new(),
                },
            };
            let ChecklistEdit::SaveAction { action, .. } = edit.clone() else {
                return;
            };
            saver.then(edit, move |saved| {
                if let Ok(outcome) = saved {
                    let id = outcome.uuid.unwrap_or_default();
                    actions.update(|list| list.push(ImprovementAction { id, ..action }));
                }
            });
        }
    };
    let list = move || {
        let uuid = uuid.clone();
        actions
            .get()
            .into_iter()
            .map(|action| card(uuid.clone(), action, actions, saver, t))
            .collect_view()
    };
    view! {
        <section class="actions" aria-label=t.checklists.actions_heading>
            <h3>{t.checklists.actions_heading}</h3>
            <p class="hint">{t.checklists.actions_hint}</p>
            {carried.then(|| view! { <p class="hint">{t.checklists.carried_hint}</p> })}
            <ul class="action-list" role="list">{list}</ul>
            <p><button type="button" class="secondary" on:click=add>{t.checklists.add_action}</button></p>
        </section>
    }
    .into_any()
}

/// One action, every field saved as it is typed.
fn card(
    uuid: String,
    action: ImprovementAction,
    actions: RwSignal<Vec<ImprovementAction>>,
    saver: Saver,
    t: &'static Texts,
) -> AnyView {
    let id = action.id.clone();
    let current = RwSignal::new(action);
    let save = {
        let uuid = uuid.clone();
        move |change: &dyn Fn(&mut ImprovementAction)| {
            current.update(|a| change(a));
            let action = current.get_untracked();
            // Keep the theme's list in step, without drawing the cards again.
            actions.update_untracked(|list| {
                if let Some(slot) = list.iter_mut().find(|a| a.id == action.id) {
                    *slot = action.clone();
                }
            });
            saver.save(
                format!("action:{}", action.id),
                ChecklistEdit::SaveAction {
                    uuid: uuid.clone(),
                    action,
                },
            );
        }
    };
    let text_field = {
        let save = save.clone();
        move |label: &'static str,
              value: fn(&ImprovementAction) -> String,
              set: fn(&mut ImprovementAction, String)| {
            let save = save.clone();
            view! {
                <label class="field">
                    <span>{label}</span>
                    <input type="text" prop:value=move || current.with(value) on:input=move |ev| {
                        let text = event_target_value(&ev);
                        save(&move |a| set(a, text.clone()));
                    } />
                </label>
            }
        }
    };
    let save_due = save.clone();
    let save_status = save.clone();
    let save_evaluation = save.clone();
    let delete = move |_| {
        let id = id.clone();
        actions.update(|list| list.retain(|a| a.id != id));
        saver.save(
            format!("delete:{id}"),
            ChecklistEdit::DeleteAction {
                uuid: uuid.clone(),
                id,
            },
        );
    };
    let statuses = STATUSES
        .into_iter()
        .map(|status| {
            view! {
                <option value=status.as_str() selected=move || current.with(|a| a.status == status)>
                    {t.action_status_label(status)}
                </option>
            }
        })
        .collect_view();
    view! {
        <li class="action">
            {text_field(t.checklists.action_what, |a| a.what.clone(), |a, v| a.what = v)}
            {text_field(t.checklists.action_goal, |a| a.goal.clone(), |a, v| a.goal = v)}
            {text_field(t.checklists.action_who, |a| a.who.clone(), |a, v| a.who = v)}
            <div class="field-row">
                <label class="field">
                    <span>{t.checklists.action_due}</span>
                    <input type="date" prop:value=move || current.with(|a| a.due.clone().unwrap_or_default())
                        on:change=move |ev| {
                            let date = event_target_value(&ev);
                            save_due(&move |a| a.due = (!date.is_empty()).then(|| date.clone()));
                        } />
                </label>
                <label class="field">
                    <span>{t.checklists.action_status}</span>
                    <select on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        if let Some(status) = STATUSES.into_iter().find(|s| s.as_str() == chosen) {
                            save_status(&move |a| a.status = status);
                        }
                    }>{statuses}</select>
                </label>
            </div>
            <label class="field">
                <span>{t.checklists.action_evaluation}</span>
                <textarea rows="2" prop:value=move || current.with(|a| a.evaluation.clone()) on:input=move |ev| {
                    let text = event_target_value(&ev);
                    save_evaluation(&move |a| a.evaluation = text.clone());
                }></textarea>
            </label>
            <p><button type="button" class="link-button" on:click=delete>{t.checklists.delete_action}</button></p>
        </li>
    }
    .into_any()
}
