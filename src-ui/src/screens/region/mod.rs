//! The region's screens, for a coordinator: this year's status per hospice and the scores
//! per theme as a heat map (hospices by name, never by score), a hospice's year beside the
//! one before with the mark to send back, the trend per theme, the exports and a printable
//! report. And, for a manager, "Uw hospice en de regio".
//!
//! These screens ask the server through the shell (`ipc::region_*`), not the local store:
//! the shell keeps each answer, and offline shows the last one with the time it came.

use kompas_proto::checklist::ThemeScore;
use kompas_proto::region::{
    Comparison, Fetched, HospiceDetail, HospiceYearState, RegionFigure, RegionOverview,
    RegionTrend, ReviewRequest, ReviewState, SubmissionDetail, ThemeInfo,
};
use kompas_proto::{CommandError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::use_ui;
use crate::i18n::Texts;
use crate::ipc;
use crate::route::{href, Route};

/// The region this account coordinates (the first, when it coordinates several).
fn coordinated() -> Option<String> {
    use_ui()
        .sync
        .get_untracked()
        .coordinator_of
        .first()
        .cloned()
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

/// The colour band of a score: 0–25, 26–50, 51–75, 76–100.
fn band(score: u32) -> &'static str {
    match score {
        0..=25 => "band-1",
        26..=50 => "band-2",
        51..=75 => "band-3",
        _ => "band-4",
    }
}

fn completeness(score: &ThemeScore) -> u32 {
    (score.completeness() * 100.0).round() as u32
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
    let year = overview.year;
    let counts = [
        HospiceYearState::NotReceived,
        HospiceYearState::Sent,
        HospiceYearState::Received,
        HospiceYearState::Discussed,
    ]
    .into_iter()
    .map(|state| {
        let count = overview.hospices.iter().filter(|h| h.state == state).count();
        view! { <li class=format!("state-chip {}", state_class(state))>{t.state_count(state, count)}</li> }
    })
    .collect_view();
    let years = overview.years.clone();
    let year_choice = (years.len() > 1).then(|| {
        view! {
            <nav class="year-choice" aria-label=t.region.year_label>
                {years
                    .into_iter()
                    .map(|y| {
                        view! {
                            <a href=href(&Route::Region(Some(y))) class="year-link"
                                aria-current=(y == year).then_some("page")>{y}</a>
                        }
                    })
                    .collect_view()}
            </nav>
        }
    });
    let exports = exports(region, year, t);
    let empty = overview.years.is_empty();
    view! {
        <h1 tabindex="-1">{t.region_title(&overview.region_name, year)}</h1>
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        <p class="hint">{t.region.intro}</p>
        {year_choice}
        {empty.then(|| view! { <p class="hint">{t.region.no_years}</p> })}
        <section aria-labelledby="status-heading">
            <h2 id="status-heading">{t.region.status_heading}</h2>
            <ul class="state-chips" role="list">{counts}</ul>
        </section>
        <section aria-labelledby="overview-heading">
            <h2 id="overview-heading">{t.region.overview_heading}</h2>
            <p class="hint">{t.region.overview_hint}</p>
            {heat_map(&overview, t)}
            {legend(t)}
            <p class="hint">{t.region.incomplete_hint}</p>
            <p><a class="list-link" href=href(&Route::RegionTrend)>{t.region.trend_link}</a></p>
        </section>
        {exports}
    }
    .into_any()
}

fn state_class(state: HospiceYearState) -> &'static str {
    match state {
        HospiceYearState::NotReceived => "state-none",
        HospiceYearState::Sent => "state-sent",
        HospiceYearState::Received => "state-received",
        HospiceYearState::Discussed => "state-discussed",
    }
}

/// Hospices × themes, sorted by name as the server sends them; the region's median last.
fn heat_map(overview: &RegionOverview, t: &'static Texts) -> AnyView {
    let themes = overview.themes.clone();
    let head = themes
        .iter()
        .enumerate()
        .map(|(i, theme)| {
            view! { <th scope="col" title=theme.title.clone()><abbr title=theme.title.clone()>{i + 1}</abbr></th> }
        })
        .collect_view();
    let year = overview.year;
    let rows = overview
        .hospices
        .iter()
        .map(|hospice| {
            let route = Route::RegionHospice {
                organization: hospice.organization_id.clone(),
                year,
            };
            let cells = themes
                .iter()
                .map(|theme| {
                    let score = hospice.scores.iter().find(|s| s.theme == theme.id);
                    cell(score, &theme.title, t)
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row"><a href=href(&route)>{hospice.name.clone()}</a></th>
                    <td class=format!("state-cell {}", state_class(hospice.state))>{t.year_state(hospice.state)}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let region_cells = themes
        .iter()
        .map(|theme| {
            let spread = overview
                .region_themes
                .iter()
                .find(|s| s.theme == theme.id)
                .and_then(|s| s.spread);
            match spread {
                Some(s) => view! {
                    <td class=format!("heat {}", band(s.median.round() as u32))
                        title=t.spread_text(s.median, s.q1, s.q3, s.hospices)>
                        {t.figure(s.median)}
                    </td>
                }
                .into_any(),
                None => view! { <td class="heat empty">{t.region.not_sent}</td> }.into_any(),
            }
        })
        .collect_view();
    let key = themes
        .iter()
        .enumerate()
        .map(|(i, theme)| view! { <li><strong>{i + 1}</strong>" "{theme.title.clone()}</li> })
        .collect_view();
    view! {
        <div class="heat-wrap" role="region" aria-label=t.region.overview_heading tabindex="0">
            <table class="heat-map">
                <thead>
                    <tr>
                        <th scope="col">{t.region.hospice_column}</th>
                        <th scope="col">{t.region.state_column}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{t.region.region_row}</th>
                        <td></td>
                        {region_cells}
                    </tr>
                </tfoot>
            </table>
        </div>
        <ol class="theme-key" role="list">{key}</ol>
    }
    .into_any()
}

fn cell(score: Option<&ThemeScore>, theme: &str, t: &'static Texts) -> AnyView {
    match score {
        None => view! { <td class="heat empty">{t.region.not_sent}</td> }.into_any(),
        Some(s) => {
            let percent = completeness(s);
            let mut label = match s.score {
                Some(n) => format!("{theme}: {n}"),
                None => format!("{theme}: {}", t.region.no_score),
            };
            if percent < 100 {
                label = format!("{label} ({})", t.completeness(percent));
            }
            let class = match s.score {
                Some(n) => format!("heat {}", band(n)),
                None => "heat no-score".to_owned(),
            };
            view! {
                <td class=class title=label>
                    {s.score.map_or_else(|| "·".to_owned(), |n| n.to_string())}
                    {(percent < 100).then(|| view! { <span class="completeness">{format!("{percent}%")}</span> })}
                </td>
            }
            .into_any()
        }
    }
}

fn legend(t: &'static Texts) -> AnyView {
    view! {
        <ul class="legend" role="list" aria-label=t.region.legend_heading>
            <li><span class="swatch band-1"></span>{t.region.legend_low}</li>
            <li><span class="swatch band-2"></span>{t.region.legend_mid}</li>
            <li><span class="swatch band-3"></span>{t.region.legend_high}</li>
            <li><span class="swatch band-4"></span>{t.region.legend_top}</li>
            <li><span class="swatch no-score"></span>{t.region.no_score}</li>
        </ul>
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
    let Some(current) = detail.current.clone() else {
        return view! {
            <h1 tabindex="-1">{format!("{} · {}", detail.name, detail.year)}</h1>
            {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
            <p class="hint">{t.region.detail_nothing}</p>
        }
        .into_any();
    };
    let themes: Vec<ThemeInfo> = current
        .definition
        .themes()
        .iter()
        .map(|th| ThemeInfo {
            id: th.id.clone(),
            title: th.title.clone(),
        })
        .collect();
    let previous = detail.previous.clone();
    let previous_year = previous.as_ref().map(|p| p.evaluation.year);
    let sections = themes
        .iter()
        .map(|theme| theme_block(theme, &current, previous.as_ref(), t))
        .collect_view();
    view! {
        <h1 tabindex="-1">{format!("{} · {}", detail.name, detail.year)}</h1>
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        {mark(region, &current, t)}
        <section aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t.region.summary}</h2>
            <p class="narrative">{current.evaluation.summary.clone()}</p>
        </section>
        <p class="hint">
            {t.region.detail_this_year}": "{detail.year}
            {previous_year.map(|y| format!(" · {}: {y}", t.region.detail_last_year))}
        </p>
        {sections}
    }
    .into_any()
}

fn theme_block(
    theme: &ThemeInfo,
    current: &SubmissionDetail,
    previous: Option<&SubmissionDetail>,
    t: &'static Texts,
) -> AnyView {
    let score_of = |s: &SubmissionDetail| s.scores.iter().find(|x| x.theme == theme.id).cloned();
    let now = score_of(current);
    let before = previous.and_then(score_of);
    let show = |score: Option<ThemeScore>| match score {
        Some(s) => match s.score {
            Some(n) => {
                view! { <span class=format!("score-chip {}", band(n))>{n}</span> }.into_any()
            }
            None => {
                view! { <span class="score-chip no-score">{t.region.no_score}</span> }.into_any()
            }
        },
        None => view! { <span class="score-chip empty">{t.region.not_sent}</span> }.into_any(),
    };
    let reflection = current
        .evaluation
        .themes
        .get(&theme.id)
        .cloned()
        .unwrap_or_default();
    let actions: Vec<_> = current
        .evaluation
        .actions
        .iter()
        .filter(|a| a.theme == theme.id)
        .cloned()
        .collect();
    let actions = if actions.is_empty() {
        view! { <p class="hint">{t.region.actions_none}</p> }.into_any()
    } else {
        view! {
            <ul class="actions" role="list">
                {actions
                    .into_iter()
                    .map(|a| view! {
                        <li>
                            <strong>{a.what}</strong>
                            <span class="state-word">{t.action_status_label(a.status)}</span>
                            {(!a.who.is_empty() || a.due.is_some()).then(|| view! {
                                <span class="hint">{format!(" · {} {}", a.who, a.due.unwrap_or_default())}</span>
                            })}
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="theme-detail">
            <h2>{theme.title.clone()}</h2>
            <p class="score-compare">
                <span>{t.region.detail_this_year}" "{show(now)}</span>
                {previous.is_some().then(|| view! { <span>{t.region.detail_last_year}" "{show(before)}</span> })}
            </p>
            <h3>{t.region.goes_well}</h3>
            <p class="narrative">{reflection.goes_well}</p>
            <h3>{t.region.to_improve}</h3>
            <p class="narrative">{reflection.to_improve}</p>
            <h3>{t.region.actions_heading}</h3>
            {actions}
        </section>
    }
    .into_any()
}

/// Ontvangen / Besproken with a note back to the hospice.
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
                <button type="button" on:click=move |_| send_received(ReviewState::Received)>
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
    let trend = fetched.value;
    let blocks = trend
        .themes
        .iter()
        .map(|theme| {
            let rows = trend
                .years
                .iter()
                .filter_map(|y| {
                    let spread = y.themes.iter().find(|s| s.theme == theme.id)?.spread?;
                    Some(view! {
                        <li class="trend-row">
                            <span class="trend-year">{y.year}</span>
                            {band_bar(spread.q1, spread.median, spread.q3, None)}
                            <span class="trend-figure">{t.spread_text(spread.median, spread.q1, spread.q3, spread.hospices)}</span>
                        </li>
                    })
                })
                .collect_view();
            view! {
                <section class="trend-theme">
                    <h2>{theme.title.clone()}</h2>
                    <ul role="list">{rows}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        {blocks}
    }
    .into_any()
}

/// The middle half as a band on 0–100 with the median as a line, and a dot for `own`.
fn band_bar(q1: f64, median: f64, q3: f64, own: Option<u32>) -> AnyView {
    let width = (q3 - q1).max(0.8);
    view! {
        <svg class="band-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect class="score-track" x="0" y="0" width="100" height="10" rx="2" />
            <rect class="band-fill" x=q1 y="1" width=width height="8" rx="1" />
            <rect class="band-median" x=(median - 0.6).max(0.0) y="0" width="1.2" height="10" />
            {own.map(|n| view! { <circle class="band-own" cx=n.min(100) cy="5" r="3.2" /> })}
        </svg>
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
    let comparison = fetched.value;
    if !comparison.sent {
        return view! { <p class="hint">{t.region.comparison_not_sent}</p> }.into_any();
    }
    let rows = comparison
        .themes
        .into_iter()
        .map(|theme| {
            let own = theme
                .own
                .map_or_else(|| t.region.no_score.to_owned(), |n| n.to_string());
            let region = match theme.region {
                RegionFigure::Compared { q1, median, q3 } => view! {
                    {band_bar(q1, median, q3, theme.own)}
                    <span class="trend-figure">{format!("{}: {}–{} · {}", t.region.comparison_band, t.figure(q1), t.figure(q3), t.figure(median))}</span>
                }
                .into_any(),
                RegionFigure::TooFew => view! { <span class="hint">{t.region.too_few}</span> }.into_any(),
            };
            view! {
                <li class="comparison-row">
                    <span class="score-theme">{theme.title}</span>
                    <span class="comparison-own">{t.region.comparison_own}": "<strong>{own}</strong></span>
                    {region}
                </li>
            }
        })
        .collect_view();
    view! {
        {fetched_line(fetched.fetched_at_ms, fetched.stale, t)}
        <ul role="list">{rows}</ul>
    }
    .into_any()
}
