//! A self-evaluation, step by step: one theme at a time (answers, explanations, "Wat gaat
//! goed", "Wat kan beter", improvement actions), then the summary with "Afronden" and what
//! is still missing. Every change is saved at once through a [`Saver`]. Once finished, the
//! report (`report.rs`) shows the scores per theme and everything that was answered.

mod actions;
mod report;

use kompas_proto::checklist::{
    Answer, ChecklistEdit, EvaluationState, EvaluationView, Missing, Question, Theme,
};
use leptos::prelude::*;

use super::routine::linked_section;
use super::saver::{SaveState, Saver};
use crate::context::{use_ui, Ui};
use crate::i18n::Texts;
use crate::ipc;
use crate::route::{href, section_href, Route, SUMMARY_STEP};

pub fn screen(view: EvaluationView, step: Option<String>) -> AnyView {
    let t = use_ui().texts();
    let title = t.evaluation_title(&view.definition.title, view.record.year);
    let state = view.record.state;
    let share = (state == EvaluationState::Concept).then(|| share_progress(&view, t));
    let body = if state != EvaluationState::Concept {
        report::screen(view).into_any()
    } else if step.as_deref() == Some(SUMMARY_STEP) {
        summary_step(view).into_any()
    } else {
        let index = step
            .as_deref()
            .and_then(|id| view.definition.themes().iter().position(|th| th.id == id))
            .unwrap_or(0);
        theme_step(view, index).into_any()
    };
    view! {
        <article class="evaluation">
            <div class="crumbs">
                <a class="back" href=href(&Route::Checklists)>
                    <span aria-hidden="true">"← "</span>
                    {t.checklists.nav_checklists}
                </a>
                <span class="state-word">{t.state_label(state)}</span>
            </div>
            <h1 tabindex="-1">{title}</h1>
            {(state == EvaluationState::Concept).then(|| view! {
                <p class="privacy-warning" role="note">{t.checklists.privacy_warning}</p>
            })}
            {share}
            {body}
        </article>
    }
    .into_any()
}

/// The manager's choice to let the region see how far the self-evaluation is: counts
/// only, sent with the next sync; without it the region sees "nog niet ontvangen".
fn share_progress(view: &EvaluationView, t: &'static Texts) -> AnyView {
    let uuid = view.record.uuid.clone();
    let shared = RwSignal::new(view.record.share_progress);
    let failed = RwSignal::new(None::<String>);
    let change = move |ev: leptos::ev::Event| {
        let share = event_target_checked(&ev);
        let edit = ChecklistEdit::ShareProgress {
            uuid: uuid.clone(),
            share,
        };
        leptos::task::spawn_local(async move {
            match ipc::checklist_edit(&edit).await {
                Ok(_) => {
                    shared.set(share);
                    failed.set(None);
                }
                Err(error) => {
                    shared.set(!share);
                    failed.set(Some(error.detail));
                }
            }
        });
    };
    view! {
        <div class="share-progress">
            <label class="check-row">
                <input type="checkbox" prop:checked=move || shared.get() on:change=change />
                <span>{t.checklists.share_progress}</span>
            </label>
            <p class="hint">{t.checklists.share_progress_hint}</p>
            {move || failed.get().map(|detail| view! { <p class="form-error" role="alert">{detail}</p> })}
        </div>
    }
    .into_any()
}

/// The themes as steps, with how far each is answered, and the summary after them.
fn theme_nav(view: &EvaluationView, current: Option<usize>, t: &'static Texts) -> AnyView {
    let uuid = view.record.uuid.clone();
    let links = view
        .definition
        .themes()
        .iter()
        .enumerate()
        .map(|(i, theme)| {
            let answered = theme
                .questions
                .iter()
                .filter(|q| {
                    view.record
                        .answers
                        .get(&q.id)
                        .is_some_and(|a| a.answer.is_some())
                })
                .count() as u32;
            let route = Route::Evaluation {
                uuid: uuid.clone(),
                step: Some(theme.id.clone()),
            };
            let progress = t.theme_progress(answered, theme.questions.len() as u32);
            view! {
                <li>
                    <a href=href(&route) aria-current=(current == Some(i)).then_some("step")>
                        <span class="theme-name">{theme.title.clone()}</span>
                        <span class="theme-progress">{progress}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let summary = Route::Evaluation {
        uuid,
        step: Some(SUMMARY_STEP.into()),
    };
    view! {
        <nav class="theme-nav" aria-label=t.checklists.themes_label>
            <ol role="list">
                {links}
                <li>
                    <a href=href(&summary) aria-current=current.is_none().then_some("step")>
                        <span class="theme-name">{t.checklists.summary_heading}</span>
                    </a>
                </li>
            </ol>
        </nav>
    }
    .into_any()
}

fn save_line(saver: Saver, t: &'static Texts) -> impl IntoView {
    move || {
        let (class, text) = match saver.state.get() {
            SaveState::Saved => ("save-line", t.checklists.saved),
            SaveState::Saving => ("save-line", t.checklists.saving),
            SaveState::Failed => ("save-line form-error", t.checklists.save_failed),
        };
        view! { <p class=class role="status" aria-live="polite">{text}</p> }
    }
}

fn theme_step(view: EvaluationView, index: usize) -> AnyView {
    let t = use_ui().texts();
    let saver = Saver::new();
    let uuid = view.record.uuid.clone();
    let themes = view.definition.themes().to_vec();
    let theme = themes[index].clone();
    let nav = theme_nav(&view, Some(index), t);
    let questions = theme
        .questions
        .iter()
        .map(|q| question(&view, q, saver, t))
        .collect_view();
    let reflection = view
        .record
        .themes
        .get(&theme.id)
        .cloned()
        .unwrap_or_default();
    let goes_well = RwSignal::new(reflection.goes_well);
    let to_improve = RwSignal::new(reflection.to_improve);
    let save_reflection = {
        let (uuid, theme) = (uuid.clone(), theme.id.clone());
        move || {
            saver.save(
                format!("reflection:{theme}"),
                ChecklistEdit::Reflection {
                    uuid: uuid.clone(),
                    theme: theme.clone(),
                    goes_well: goes_well.get_untracked(),
                    to_improve: to_improve.get_untracked(),
                },
            )
        }
    };
    let save_well = save_reflection.clone();
    let next = match themes.get(index + 1) {
        Some(next) => (
            Route::Evaluation {
                uuid: uuid.clone(),
                step: Some(next.id.clone()),
            },
            t.checklists.next_theme,
        ),
        None => (
            Route::Evaluation {
                uuid: uuid.clone(),
                step: Some(SUMMARY_STEP.into()),
            },
            t.checklists.to_summary,
        ),
    };
    let actions = actions::editor(&view, &theme, saver, t);
    view! {
        {nav}
        <section class="theme" aria-labelledby="theme-heading">
            <h2 id="theme-heading">{theme.title.clone()}</h2>
            {theme.intro.clone().map(|intro| view! { <p class="hint">{intro}</p> })}
            <ol class="questions" role="list">{questions}</ol>
            <h3>{t.checklists.goes_well_label}" / "{t.checklists.to_improve_label}</h3>
            <p class="hint">{t.checklists.narrative_hint}</p>
            <label class="field">
                <span>{t.checklists.goes_well_label}</span>
                <textarea rows="3" prop:value=goes_well on:input=move |ev| {
                    goes_well.set(event_target_value(&ev));
                    save_well();
                }></textarea>
            </label>
            <label class="field">
                <span>{t.checklists.to_improve_label}</span>
                <textarea rows="3" prop:value=to_improve on:input=move |ev| {
                    to_improve.set(event_target_value(&ev));
                    save_reflection();
                }></textarea>
            </label>
            {actions}
            {save_line(saver, t)}
            <p class="next-step"><a class="button-link" href=href(&next.0)>{next.1}" →"</a></p>
        </section>
    }
    .into_any()
}

/// One question: the statement, "waaruit blijkt dit?", the five answers and the
/// explanation (required for N.v.t.).
fn question(view: &EvaluationView, q: &Question, saver: Saver, t: &'static Texts) -> AnyView {
    let uuid = view.record.uuid.clone();
    let draft = view.record.answers.get(&q.id).cloned().unwrap_or_default();
    let answer = RwSignal::new(draft.answer);
    let explanation = RwSignal::new(draft.explanation);
    let id = q.id.clone();
    let save = move || {
        saver.save(
            format!("answer:{id}"),
            ChecklistEdit::Answer {
                uuid: uuid.clone(),
                question: id.clone(),
                answer: answer.get_untracked(),
                explanation: explanation.get_untracked(),
            },
        )
    };
    let choose = save.clone();
    let options = kompas_proto::checklist::Scale::Standaard
        .answers()
        .into_iter()
        .map(|option| {
            let choose = choose.clone();
            let name = format!("q-{}", q.id);
            view! {
                <label class="answer-option" class:chosen=move || answer.get() == Some(option)>
                    <input type="radio" name=name value=option.name()
                        prop:checked=move || answer.get() == Some(option)
                        on:change=move |_| {
                            answer.set(Some(option));
                            choose();
                        } />
                    <span>{t.answer_label(option)}</span>
                </label>
            }
        })
        .collect_view();
    let placeholder = move || {
        if answer.get() == Some(Answer::Nvt) {
            t.checklists.explanation_nvt_placeholder
        } else {
            t.checklists.explanation_placeholder
        }
    };
    view! {
        <li class="question" id=format!("question-{}", q.id)>
            <fieldset>
                <legend>{q.text.clone()}</legend>
                {q.help.clone().map(|help| view! {
                    <details class="step-help"><summary>{t.checklists.help_label}</summary><p>{help}</p></details>
                })}
                {q.section.clone().map(|link| view! {
                    <a class="step-link" href=section_href(linked_section(&link))>{t.checklists.read_in_handbook}</a>
                })}
                <div class="answers" role="radiogroup">{options}</div>
                <label class="field">
                    <span>{t.checklists.explanation_label}</span>
                    <textarea rows="2" placeholder=placeholder prop:value=explanation on:input=move |ev| {
                        explanation.set(event_target_value(&ev));
                        save();
                    }></textarea>
                </label>
            </fieldset>
        </li>
    }
    .into_any()
}

fn summary_step(view: EvaluationView) -> AnyView {
    let ui = use_ui();
    let t = ui.texts();
    let saver = Saver::new();
    let uuid = view.record.uuid.clone();
    let summary = RwSignal::new(view.record.summary.clone());
    let nav = theme_nav(&view, None, t);
    let missing = missing_list(&view, t);
    let save = {
        let uuid = uuid.clone();
        move || {
            saver.save(
                "summary",
                ChecklistEdit::Summary {
                    uuid: uuid.clone(),
                    text: summary.get_untracked(),
                },
            )
        }
    };
    let finish = move |_| {
        let uuid = uuid.clone();
        // After every edit still waiting: Afronden checks what is saved.
        saver.then(ChecklistEdit::Finish { uuid }, move |_| ui.reload());
    };
    view! {
        {nav}
        <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t.checklists.summary_heading}</h2>
            <p class="hint">{t.checklists.summary_hint}</p>
            <label class="field">
                <span>{t.checklists.summary_label}</span>
                <textarea rows="5" prop:value=summary on:input=move |ev| {
                    summary.set(event_target_value(&ev));
                    save();
                }></textarea>
            </label>
            {save_line(saver, t)}
            {missing}
            <p class="hint">{t.checklists.finish_hint}</p>
            <p><button type="button" class="primary finish" on:click=finish>{t.checklists.finish}</button></p>
        </section>
    }
    .into_any()
}

/// What keeps the self-evaluation from being finished, theme by theme, each theme a tap
/// away.
fn missing_list(view: &EvaluationView, t: &'static Texts) -> Option<impl IntoView> {
    if view.missing.is_empty() {
        return None;
    }
    let uuid = &view.record.uuid;
    let question_text = |id: &str| {
        view.definition
            .question(id)
            .map(|(_, q)| q.text.clone())
            .unwrap_or_default()
    };
    let mut groups: Vec<(Option<&Theme>, Vec<String>)> = Vec::new();
    for gap in &view.missing {
        let theme = gap
            .theme()
            .and_then(|id| view.definition.themes().iter().find(|th| th.id == id));
        let text = match gap {
            Missing::Answer { question, .. } | Missing::Explanation { question, .. } => {
                t.missing_text(gap, &question_text(question))
            }
            _ => t.missing_text(gap, ""),
        };
        match groups
            .iter_mut()
            .find(|(th, _)| th.map(|x| &x.id) == theme.map(|x| &x.id))
        {
            Some((_, texts)) => texts.push(text),
            None => groups.push((theme, vec![text])),
        }
    }
    let groups = groups
        .into_iter()
        .map(|(theme, texts)| {
            let (route, title) = match theme {
                Some(theme) => (
                    Route::Evaluation {
                        uuid: uuid.clone(),
                        step: Some(theme.id.clone()),
                    },
                    theme.title.clone(),
                ),
                None => (
                    Route::Evaluation {
                        uuid: uuid.clone(),
                        step: Some(SUMMARY_STEP.into()),
                    },
                    t.checklists.missing_summary.to_owned(),
                ),
            };
            view! {
                <li>
                    <a class="missing-theme" href=href(&route)>{title}</a>
                    <ul>{texts.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="missing" aria-labelledby="missing-heading" role="alert">
            <h3 id="missing-heading">{t.checklists.missing_heading}</h3>
            <p>{t.missing_count(view.missing.len())}</p>
            <ul class="missing-list" role="list">{groups}</ul>
        </section>
    })
}

/// Runs an edit that changes the state (send, reopen, revise), then shows `next` or the
/// same screen again.
fn state_edit(ui: Ui, edit: ChecklistEdit, failed: RwSignal<Option<String>>) {
    leptos::task::spawn_local(async move {
        match ipc::checklist_edit(&edit).await {
            Ok(outcome) => match (edit, outcome.uuid) {
                (ChecklistEdit::Revise { .. } | ChecklistEdit::Send { .. }, Some(uuid)) => {
                    crate::route::navigate(&Route::Evaluation { uuid, step: None });
                    ui.reload();
                }
                _ => ui.reload(),
            },
            Err(error) => failed.set(Some(error.detail)),
        }
    });
}
