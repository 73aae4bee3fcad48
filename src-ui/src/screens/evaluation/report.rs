//! A finished self-evaluation: its state in words, the scores per theme as bars (with
//! completeness, never a total), and the report of every answer, narrative and action,
//! which prints as it is shown (see the print rules in `assets/app.css`).

use kompas_proto::checklist::{ChecklistEdit, EvaluationState, EvaluationView, ThemeScore};
use leptos::prelude::*;

use super::state_edit;
use crate::context::use_ui;
use crate::i18n::Texts;

pub fn screen(view: EvaluationView) -> AnyView {
    let ui = use_ui();
    let t = ui.texts();
    let failed = RwSignal::new(None::<String>);
    let uuid = view.record.uuid.clone();
    let state = view.record.state;
    let edit = move |edit: ChecklistEdit| state_edit(ui, edit, failed);
    let buttons = {
        let uuid = uuid.clone();
        let print = |_| {
            let _ = window().print();
        };
        let (send, reopen, revise) = (uuid.clone(), uuid.clone(), uuid);
        view! {
            <div class="report-actions">
                <button type="button" class="secondary" on:click=print>{t.checklists.print}</button>
                {(state == EvaluationState::Finished).then(|| view! {
                    <button type="button" class="primary" on:click=move |_| edit(ChecklistEdit::Send { uuid: send.clone() })>{t.checklists.send}</button>
                    <button type="button" class="secondary" on:click=move |_| edit(ChecklistEdit::Reopen { uuid: reopen.clone() })>{t.checklists.reopen}</button>
                    <p class="hint">{t.checklists.send_hint}</p>
                })}
                {(state == EvaluationState::Sent).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| edit(ChecklistEdit::Revise { uuid: revise.clone() })>{t.checklists.revise}</button>
                })}
                {move || failed.get().map(|detail| view! {
                    <p class="form-error" role="alert">{t.error_detail(kompas_proto::ErrorCode::NotPossible)}" "<span class="hint">{detail}</span></p>
                })}
            </div>
        }
    };
    let status = match state {
        EvaluationState::Queued => Some(t.checklists.queued_hint.to_owned()),
        EvaluationState::Sent => Some(format!(
            "{} {}",
            t.sent_on(view.record.sent_at.as_deref().unwrap_or("")),
            t.checklists.sent_hint
        )),
        _ => None,
    };
    let refused = view.record.refused.clone().map(|why| {
        view! {
            <div class="refused" role="alert">
                <h2>{t.checklists.refused_heading}</h2>
                <p>{why}</p>
            </div>
        }
    });
    // The coordinator's mark, synced down; and the region beside this hospice once sent.
    let review = view.record.review.clone().map(|r| {
        view! {
            <div class="review-mark" role="status">
                <p class="review-line">{t.review_line(r.state, &r.by, &r.at)}</p>
                {(!r.note.is_empty()).then(|| view! { <p class="narrative">{r.note.clone()}</p> })}
            </div>
        }
    });
    let comparison = (state == EvaluationState::Sent)
        .then(|| crate::screens::region::comparison(view.record.year));
    view! {
        {refused}
        {status.map(|text| view! { <p class="state-line" role="status">{text}</p> })}
        {review}
        {buttons}
        {scores(&view, t)}
        {comparison}
        {report(&view, t)}
    }
    .into_any()
}

/// One bar per theme: the score's share of the width, the completeness beside it.
fn scores(view: &EvaluationView, t: &'static Texts) -> AnyView {
    let rows = view
        .scores
        .iter()
        .map(|score| {
            let title = view
                .definition
                .themes()
                .iter()
                .find(|th| th.id == score.theme)
                .map(|th| th.title.clone())
                .unwrap_or_else(|| score.theme.clone());
            score_row(title, score, t)
        })
        .collect_view();
    view! {
        <section class="scores" aria-labelledby="scores-heading">
            <h2 id="scores-heading">{t.checklists.scores_heading}</h2>
            <p class="hint">{t.checklists.scores_hint}</p>
            <ul role="list">{rows}</ul>
        </section>
    }
    .into_any()
}

fn score_row(title: String, score: &ThemeScore, t: &'static Texts) -> AnyView {
    let completeness = (score.completeness() * 100.0).round() as u32;
    let line = t.score_line(score.score, completeness);
    let width = score.score.unwrap_or(0).min(100);
    view! {
        <li class="score-row">
            <span class="score-theme">{title.clone()}</span>
            <svg class="score-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"
                aria-label=format!("{title}: {line}")>
                <rect class="score-track" x="0" y="0" width="100" height="10" rx="2" />
                {score.score.map(|_| view! { <rect class="score-fill" x="0" y="0" width=width height="10" rx="2" /> })}
                <rect class="score-complete" x="0" y="9" width=completeness height="1" />
            </svg>
            <span class="score-line" class:no-score=score.score.is_none()>{line}</span>
        </li>
    }
    .into_any()
}

/// Everything answered, theme by theme, as it is printed.
fn report(view: &EvaluationView, t: &'static Texts) -> AnyView {
    let themes = view
        .definition
        .themes()
        .iter()
        .map(|theme| {
            let questions = theme
                .questions
                .iter()
                .map(|q| {
                    let draft = view.record.answers.get(&q.id).cloned().unwrap_or_default();
                    view! {
                        <li class="report-question">
                            <p class="report-statement">{q.text.clone()}</p>
                            <p class="report-answer"><strong>{draft.answer.map(|a| t.answer_label(a)).unwrap_or("—")}</strong></p>
                            {(!draft.explanation.is_empty()).then(|| view! { <p class="report-explanation">{draft.explanation.clone()}</p> })}
                        </li>
                    }
                })
                .collect_view();
            let reflection = view.record.themes.get(&theme.id).cloned().unwrap_or_default();
            let actions = view
                .record
                .actions
                .iter()
                .filter(|a| a.theme == theme.id)
                .map(|a| {
                    view! {
                        <li class="report-action">
                            <strong>{a.what.clone()}</strong>
                            " · "{t.action_status_label(a.status)}
                            {(!a.goal.is_empty()).then(|| view! { <span>" · "{t.checklists.action_goal}": "{a.goal.clone()}</span> })}
                            {(!a.who.is_empty()).then(|| view! { <span>" · "{a.who.clone()}</span> })}
                            {a.due.clone().map(|due| view! { <span>" · "{due}</span> })}
                            {(!a.evaluation.is_empty()).then(|| view! { <p>{a.evaluation.clone()}</p> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="report-theme">
                    <h3>{theme.title.clone()}</h3>
                    <ol class="report-questions">{questions}</ol>
                    <h4>{t.checklists.goes_well_label}</h4>
                    <p class="report-narrative">{reflection.goes_well}</p>
                    <h4>{t.checklists.to_improve_label}</h4>
                    <p class="report-narrative">{reflection.to_improve}</p>
                    <h4>{t.checklists.actions_heading}</h4>
                    <ul class="report-actions-list">{actions}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="report" aria-labelledby="report-heading">
            <h2 id="report-heading">{t.checklists.report_heading}</h2>
            {themes}
            <h3>{t.checklists.summary_heading}</h3>
            <p class="report-narrative report-summary">{view.record.summary.clone()}</p>
        </section>
    }
    .into_any()
}
