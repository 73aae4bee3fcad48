//! The region's screens, for a coordinator: this year's status per hospice and the scores
//! per theme as a heat map (hospices by name, never by score), a hospice's year beside the
//! one before with the mark to send back, the trend per theme, the exports and a printable
//! report. And, for a manager, "Uw hospice en de regio".
//!
//! These screens ask the server through the shell (`ipc::region_*`), not the local store:
//! the shell keeps each answer, and offline shows the last one with the time it came.

use kompas_proto::region::{
    Comparison, Fetched, HospiceDetail, RegionOverview, RegionTrend, ReviewRequest, ReviewState,
    SubmissionDetail,
};
use kompas_proto::{CommandError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::use_ui;
use crate::i18n::Texts;
use crate::ipc;
use crate::route::{href, Route};

mod markup;

/// The region the screens show: the one chosen, else the first the account coordinates.
fn coordinated() -> Option<String> {
    let ui = use_ui();
    let regions = ui.sync.get_untracked().coordinator_of;
    ui.region
        .get_untracked()
        .filter(|chosen| regions.contains(chosen))
        .or_else(|| regions.first().cloned())
}

/// For an account that coordinates several regions: which one the screens show.
fn region_choice(shown: &str, t: &'static Texts) -> Option<AnyView> {
    let ui = use_ui();
    let regions = ui.sync.get_untracked().coordinator_of;
    (regions.len() > 1).then(|| {
        let buttons = regions
            .into_iter()
            .map(|region| {
                let current = region == shown;
                let label = region.clone();
                view! {
                    <button type="button" class="year-link" aria-pressed=current.to_string()
                        on:click=move |_| {
                            ui.region.set(Some(region.clone()));
                            ui.reload();
                        }>
                        {label}
                    </button>
                }
            })
            .collect_view();
        view! {
            <nav class="year-choice region-choice" aria-label=t.region.region_label>{buttons}</nav>
        }
        .into_any()
    })
}

/// Loads `fetch` once and shows `done` with its answer; meanwhile a quiet line, and a
/// failure in words (offline without a kept answer: that the region needs the network).
fn loaded<T: Clone + Send + Sync + 'static, F>(
    fetch: F,
    done: impl Fn(Fetched<T>) -> AnyView + Send + Sync + 'static,
) -> AnyView
where
    F: std::future::Future<Output = Result<Fetched<T>, CommandError>> + 'static,
{
    let t = use_ui().texts();
    let answer = RwSignal::new(None::<Result<Fetched<T>, CommandError>>);
    spawn_local(async move { answer.set(Some(fetch.await)) });
    view! {
        {move || match answer.get() {
            None => view! { <p class="hint" aria-busy="true">"…"</p> }.into_any(),
            Some(Ok(fetched)) => done(fetched),
            Some(Err(error)) => failure(&error, t),
        }}
    }
    .into_any()
}

fn failure(error: &CommandError, t: &'static Texts) -> AnyView {
    let words = match error.code {
        ErrorCode::Offline | ErrorCode::Server => t.region.needs_network,
        code => t.error_detail(code),
    };
    view! {
        <p class="form-error" role="alert">{words}</p>
        {(error.code != ErrorCode::Offline).then(|| view! { <p class="hint">{error.detail.clone()}</p> })}
    }
    .into_any()
}

/// When the data came, and whether it is the kept copy.
fn fetched_line(fetched_at_ms: i64, stale: bool, t: &'static Texts) -> AnyView {
    let moment = crate::sync::moment(fetched_at_ms, t);
    view! {
        <p class="fetched-line" class:stale=stale role=stale.then_some("status")>
            {t.fetched_line(&moment, stale)}
        </p>
    }
    .into_any()
}

/// The coordinator's overview of a year.
pub fn overview(year: Option<i32>) -> AnyView {
    let t = use_ui().texts();
    let Some(region) = coordinated() else {
        return view! { <p class="hint">{t.region.needs_network}</p> }.into_any();
    };
    let fetch_region = region.clone();
    let body = loaded(
        async move { ipc::region_overview(&fetch_region, year).await },
        move |fetched| overview_body(&region, fetched, t),
    );
    view! {
        <article class="region">
            {body}
        </article>
    }
    .into_any()
}

fn overview_body(region: &str, fetched: Fetched<RegionOverview>, t: &'static Texts) -> AnyView {
    let overview = fetched.value;
    let markup = markup::overview(&overview, t, &href);
    view! {
        <h1 tabindex="-1">{t.region_title(&overview.region_name, overview.year)}</h1>
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        {region_choice(region, t)}
        <div class="region-overview" inner_html=markup></div>
        {exports(region, overview.year, t)}
    }
    .into_any()
}

/// The export buttons: the CSV files into Downloads, and the printed report.
fn exports(region: &str, year: i32, t: &'static Texts) -> AnyView {
    let saved = RwSignal::new(None::<Result<String, CommandError>>);
    let export = move |region: String, kind: &'static str| {
        spawn_local(async move {
            saved.set(Some(ipc::region_export(&region, year, kind).await));
        });
    };
    let (results, actions) = (region.to_owned(), region.to_owned());
    view! {
        <section class="exports no-print" aria-labelledby="export-heading">
            <h2 id="export-heading">{t.region.export_heading}</h2>
            <div class="button-row">
                <button type="button" class="primary" on:click=move |_| export(results.clone(), "results")>
                    {t.region.export_results}
                </button>
                <button type="button" on:click=move |_| export(actions.clone(), "actions")>
                    {t.region.export_actions}
                </button>
                <button type="button" on:click=move |_| { let _ = window().print(); }>
                    {t.region.print_report}
                </button>
            </div>
            {move || saved.get().map(|answer| match answer {
                Ok(path) => view! { <p class="saved-line" role="status">{t.exported_to(&path)}</p> }.into_any(),
                Err(error) => failure(&error, t),
            })}
        </section>
    }
    .into_any()
}

/// One hospice's year for the coordinator, with the mark to send back.
pub fn hospice(organization: String, year: i32) -> AnyView {
    let t = use_ui().texts();
    let Some(region) = coordinated() else {
        return view! { <p class="hint">{t.region.needs_network}</p> }.into_any();
    };
    let fetch_region = region.clone();
    let body = loaded(
        async move { ipc::region_hospice(&fetch_region, &organization, year).await },
        move |fetched| hospice_body(&region, fetched, t),
    );
    view! {
        <article class="region">
            <div class="crumbs">
                <a class="back" href=href(&Route::Region(Some(year)))>
                    <span aria-hidden="true">"← "</span>{t.region.back_to_region}
                </a>
            </div>
            {body}
        </article>
    }
    .into_any()
}

fn hospice_body(region: &str, fetched: Fetched<HospiceDetail>, t: &'static Texts) -> AnyView {
    let detail = fetched.value;
    let title = format!("{} · {}", detail.name, detail.year);
    let Some(current) = detail.current.as_ref() else {
        return view! {
            <h1 tabindex="-1">{title}</h1>
            {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
            <p class="hint">{t.region.detail_nothing}</p>
        }
        .into_any();
    };
    let markup = markup::hospice(&detail, current, t);
    view! {
        <h1 tabindex="-1">{title}</h1>
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        {mark(region, current, t)}
        <div class="hospice-year" inner_html=markup></div>
    }
    .into_any()
}

fn mark(region: &str, current: &SubmissionDetail, t: &'static Texts) -> AnyView {
    let note = RwSignal::new(
        current
            .review
            .as_ref()
            .map(|r| r.note.clone())
            .unwrap_or_default(),
    );
    let marked = RwSignal::new(current.review.clone());
    let outcome = RwSignal::new(None::<Result<(), CommandError>>);
    let (region, uuid) = (region.to_owned(), current.uuid.clone());
    let send = move |state: ReviewState| {
        let (region, uuid) = (region.clone(), uuid.clone());
        spawn_local(async move {
            let request = ReviewRequest {
                state,
                note: note.get_untracked(),
            };
            match ipc::region_review(&region, &uuid, &request).await {
                Ok(review) => {
                    marked.set(Some(review));
                    outcome.set(Some(Ok(())));
                }
                Err(error) => outcome.set(Some(Err(error))),
            }
        });
    };
    let send_received = send.clone();
    view! {
        <section class="mark no-print" aria-labelledby="mark-heading">
            <h2 id="mark-heading">{t.region.mark_heading}</h2>
            {move || marked.get().map(|r| view! {
                <p class="review-line">{t.review_line(r.state, &r.by, &r.at)}</p>
            })}
            <label for="mark-note">{t.region.mark_note_label}</label>
            <textarea id="mark-note" rows="3" maxlength="2000"
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            <p class="hint">{t.region.mark_note_hint}</p>
            <div class="button-row">
                <button type="button" class="secondary" on:click=move |_| send_received(ReviewState::Received)>
                    {t.region.mark_received}
                </button>
                <button type="button" class="primary" on:click=move |_| send(ReviewState::Discussed)>
                    {t.region.mark_discussed}
                </button>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(()) => view! { <p class="saved-line" role="status">{t.region.mark_saved}</p> }.into_any(),
                Err(error) => failure(&error, t),
            })}
        </section>
    }
    .into_any()
}

/// The region per theme over the years: median and middle half, year by year.
pub fn trend() -> AnyView {
    let t = use_ui().texts();
    let Some(region) = coordinated() else {
        return view! { <p class="hint">{t.region.needs_network}</p> }.into_any();
    };
    let body = loaded(async move { ipc::region_trend(&region).await }, move |f| {
        trend_body(f, t)
    });
    view! {
        <article class="region">
            <div class="crumbs">
                <a class="back" href=href(&Route::Region(None))>
                    <span aria-hidden="true">"← "</span>{t.region.back_to_region}
                </a>
            </div>
            <h1 tabindex="-1">{t.region.trend_heading}</h1>
            <p class="hint">{t.region.trend_hint}</p>
            {body}
        </article>
    }
    .into_any()
}

fn trend_body(fetched: Fetched<RegionTrend>, t: &'static Texts) -> AnyView {
    let markup = markup::trend(&fetched.value, t);
    view! {
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        <div class="trend" inner_html=markup></div>
    }
    .into_any()
}

/// "Uw hospice en de regio" for a manager: the own score per theme beside the region's
/// middle half, or that there are too few to compare.
pub fn comparison(year: i32) -> AnyView {
    let t = use_ui().texts();
    let body = loaded(
        async move { ipc::region_comparison(year).await },
        move |f| comparison_body(f, t),
    );
    view! {
        <section class="comparison" aria-labelledby="comparison-heading">
            <h2 id="comparison-heading">{t.region.comparison_heading}</h2>
            <p class="hint">{t.region.comparison_hint}</p>
            {body}
        </section>
    }
    .into_any()
}

fn comparison_body(fetched: Fetched<Comparison>, t: &'static Texts) -> AnyView {
    let markup = markup::comparison(&fetched.value, t);
    view! {
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        <div inner_html=markup></div>
    }
    .into_any()
}
