//! The read-only parts of the region's screens as HTML text, written with maud (which
//! escapes every value it is given): the heat map, a hospice's themes, the trend and the
//! comparison. The screens put this text into the page in one go (`inner_html`).
//!
//! Why not Leptos views: these parts never change once shown, and built node by node from
//! wasm they cost the shipped UI tens of kilobytes of view code and the Regio screen the
//! time of some thousands of calls into the page for 40 hospices. The interactive parts
//! (the mark, the exports) stay Leptos views in `mod.rs`.

use kompas_proto::checklist::ThemeScore;
use kompas_proto::region::{
    Comparison, HospiceDetail, HospiceYearState, RegionFigure, RegionOverview, RegionTrend,
    SubmissionDetail, ThemeInfo,
};
use maud::{html, Markup};

use crate::i18n::Texts;
use crate::route::Route;

/// How a route becomes a link (the app's `href`; tests pass a plain one).
pub type Link<'a> = &'a dyn Fn(&Route) -> String;

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

pub fn state_class(state: HospiceYearState) -> &'static str {
    match state {
        HospiceYearState::NotReceived => "state-none",
        HospiceYearState::NotStarted => "state-not-started",
        HospiceYearState::Concept => "state-concept",
        HospiceYearState::Sent => "state-sent",
        HospiceYearState::Received => "state-received",
        HospiceYearState::Discussed => "state-discussed",
    }
}

/// The overview of a year below its heading: the years to choose, the count per state,
/// the heat map with its legend and theme key, and the link to the trend.
pub fn overview(overview: &RegionOverview, t: &Texts, link: Link) -> String {
    let count = |state| {
        overview
            .hospices
            .iter()
            .filter(|h| h.state == state)
            .count()
    };
    // The states before sending only when some hospice shares its progress.
    let states: Vec<HospiceYearState> = [
        HospiceYearState::NotReceived,
        HospiceYearState::NotStarted,
        HospiceYearState::Concept,
        HospiceYearState::Sent,
        HospiceYearState::Received,
        HospiceYearState::Discussed,
    ]
    .into_iter()
    .filter(|&state| {
        count(state) > 0
            || !matches!(
                state,
                HospiceYearState::NotStarted | HospiceYearState::Concept
            )
    })
    .collect();
    html! {
        p.hint { (t.region.intro) }
        @if overview.years.len() > 1 {
            nav.year-choice aria-label=(t.region.year_label) {
                @for year in &overview.years {
                    a.year-link href=(link(&Route::Region(Some(*year))))
                        aria-current=[(*year == overview.year).then_some("page")] { (year) }
                }
            }
        }
        @if overview.years.is_empty() {
            p.hint { (t.region.no_years) }
        }
        section aria-labelledby="status-heading" {
            h2 #status-heading { (t.region.status_heading) }
            ul.state-chips role="list" {
                @for state in states {
                    li class={ "state-chip " (state_class(state)) } {
                        (t.state_count(state, count(state)))
                    }
                }
            }
        }
        section aria-labelledby="overview-heading" {
            h2 #overview-heading { (t.region.overview_heading) }
            p.hint { (t.region.overview_hint) }
            (heat_map(overview, t, link))
            (legend(t))
            p.hint { (t.region.incomplete_hint) }
            p { a.list-link href=(link(&Route::RegionTrend)) { (t.region.trend_link) } }
        }
    }
    .into_string()
}

/// Hospices × themes, sorted by name as the server sends them; the region's median last.
fn heat_map(overview: &RegionOverview, t: &Texts, link: Link) -> Markup {
    let themes = &overview.themes;
    html! {
        div.heat-wrap role="region" aria-label=(t.region.overview_heading) tabindex="0" {
            table.heat-map {
                thead {
                    tr {
                        th scope="col" { (t.region.hospice_column) }
                        th scope="col" { (t.region.state_column) }
                        @for (i, theme) in themes.iter().enumerate() {
                            th scope="col" title=(theme.title) {
                                abbr title=(theme.title) { (i + 1) }
                            }
                        }
                    }
                }
                tbody {
                    @for hospice in &overview.hospices {
                        tr {
                            th scope="row" {
                                a href=(link(&Route::RegionHospice {
                                    organization: hospice.organization_id.clone(),
                                    year: overview.year,
                                })) { (hospice.name) }
                            }
                            td class={ "state-cell " (state_class(hospice.state)) } {
                                (t.year_state(hospice.state))
                                @if let (HospiceYearState::Concept, Some(p)) = (hospice.state, hospice.progress) {
                                    span.completeness { (t.progress(p.answered, p.questions)) }
                                }
                            }
                            @for theme in themes {
                                (cell(hospice.scores.iter().find(|s| s.theme == theme.id), &theme.title, t))
                            }
                        }
                    }
                }
                tfoot {
                    tr {
                        th scope="row" { (t.region.region_row) }
                        td {}
                        @for theme in themes {
                            @match overview.region_themes.iter()
                                .find(|s| s.theme == theme.id)
                                .and_then(|s| s.spread) {
                                Some(s) => {
                                    td class={ "heat " (band(s.median.round() as u32)) }
                                        title=(t.spread_text(s.median, s.q1, s.q3, s.hospices)) {
                                        (t.figure(s.median))
                                    }
                                }
                                None => { td.heat.empty { (t.region.not_sent) } }
                            }
                        }
                    }
                }
            }
        }
        ol.theme-key role="list" {
            @for (i, theme) in themes.iter().enumerate() {
                li { strong { (i + 1) } " " (theme.title) }
            }
        }
    }
}

fn cell(score: Option<&ThemeScore>, theme: &str, t: &Texts) -> Markup {
    let Some(s) = score else {
        return html! { td.heat.empty { (t.region.not_sent) } };
    };
    let percent = completeness(s);
    let mut label = match s.score {
        Some(n) => format!("{theme}: {n}"),
        None => format!("{theme}: {}", t.region.no_score),
    };
    if percent < 100 {
        label = format!("{label} ({})", t.completeness(percent));
    }
    html! {
        td class={ "heat " (s.score.map_or("no-score", band)) } title=(label) {
            @match s.score {
                Some(n) => (n),
                None => "·",
            }
            @if percent < 100 {
                span.completeness { (percent) "%" }
            }
        }
    }
}

fn legend(t: &Texts) -> Markup {
    html! {
        ul.legend role="list" aria-label=(t.region.legend_heading) {
            li { span class="swatch band-1" {} (t.region.legend_low) }
            li { span class="swatch band-2" {} (t.region.legend_mid) }
            li { span class="swatch band-3" {} (t.region.legend_high) }
            li { span class="swatch band-4" {} (t.region.legend_top) }
            li { span.swatch.no-score {} (t.region.no_score) }
        }
    }
}

/// A hospice's year below the mark: the summary, and per theme this year's score beside
/// last year's, the reflections and the actions.
pub fn hospice(detail: &HospiceDetail, current: &SubmissionDetail, t: &Texts) -> String {
    let themes: Vec<ThemeInfo> = current
        .definition
        .themes()
        .iter()
        .map(|th| ThemeInfo {
            id: th.id.clone(),
            title: th.title.clone(),
        })
        .collect();
    let previous = detail.previous.as_ref();
    html! {
        section aria-labelledby="summary-heading" {
            h2 #summary-heading { (t.region.summary) }
            p.narrative { (current.evaluation.summary) }
        }
        p.hint {
            (t.region.detail_this_year) ": " (detail.year)
            @if let Some(p) = previous {
                " · " (t.region.detail_last_year) ": " (p.evaluation.year)
            }
        }
        @for theme in &themes {
            (theme_block(theme, current, previous, t))
        }
    }
    .into_string()
}

fn theme_block(
    theme: &ThemeInfo,
    current: &SubmissionDetail,
    previous: Option<&SubmissionDetail>,
    t: &Texts,
) -> Markup {
    let score_of = |s: &SubmissionDetail| s.scores.iter().find(|x| x.theme == theme.id).cloned();
    let chip = |score: Option<ThemeScore>| match score.map(|s| s.score) {
        Some(Some(n)) => html! { span class={ "score-chip " (band(n)) } { (n) } },
        Some(None) => html! { span.score-chip.no-score { (t.region.no_score) } },
        None => html! { span.score-chip.empty { (t.region.not_sent) } },
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
        .collect();
    html! {
        section.theme-detail {
            h2 { (theme.title) }
            p.score-compare {
                span { (t.region.detail_this_year) " " (chip(score_of(current))) }
                @if let Some(previous) = previous {
                    span { (t.region.detail_last_year) " " (chip(score_of(previous))) }
                }
            }
            h3 { (t.region.goes_well) }
            p.narrative { (reflection.goes_well) }
            h3 { (t.region.to_improve) }
            p.narrative { (reflection.to_improve) }
            h3 { (t.region.actions_heading) }
            @if actions.is_empty() {
                p.hint { (t.region.actions_none) }
            } @else {
                ul.actions role="list" {
                    @for a in actions {
                        li {
                            strong { (a.what) }
                            span.state-word { (t.action_status_label(a.status)) }
                            @if !a.who.is_empty() || a.due.is_some() {
                                span.hint {
                                    " · " (a.who) " " (a.due.as_deref().unwrap_or_default())
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The region per theme over the years: median and middle half, year by year.
pub fn trend(trend: &RegionTrend, t: &Texts) -> String {
    html! {
        @for theme in &trend.themes {
            section.trend-theme {
                h2 { (theme.title) }
                ul role="list" {
                    @for year in &trend.years {
                        @if let Some(s) = year.themes.iter()
                            .find(|s| s.theme == theme.id)
                            .and_then(|s| s.spread) {
                            li.trend-row {
                                span.trend-year { (year.year) }
                                (band_bar(s.q1, s.median, s.q3, None))
                                span.trend-figure {
                                    (t.spread_text(s.median, s.q1, s.q3, s.hospices))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

/// The middle half as a band on 0–100 with the median as a line, and a dot for `own`.
/// Every SVG element is closed explicitly: in HTML text, `<rect>` would otherwise hold the
/// elements after it.
fn band_bar(q1: f64, median: f64, q3: f64, own: Option<u32>) -> Markup {
    let width = (q3 - q1).max(0.8);
    html! {
        svg.band-bar viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" {
            rect.score-track x="0" y="0" width="100" height="10" rx="2" {}
            rect.band-fill x=(q1) y="1" width=(width) height="8" rx="1" {}
            rect.band-median x=((median - 0.6).max(0.0)) y="0" width="1.2" height="10" {}
            @if let Some(n) = own {
                circle.band-own cx=(n.min(100)) cy="5" r="3.2" {}
            }
        }
    }
}

/// "Uw hospice en de regio": the own score per theme beside the region's middle half, or
/// that there are too few to compare.
pub fn comparison(comparison: &Comparison, t: &Texts) -> String {
    if !comparison.sent {
        return html! { p.hint { (t.region.comparison_not_sent) } }.into_string();
    }
    html! {
        ul role="list" {
            @for theme in &comparison.themes {
                li.comparison-row {
                    span.score-theme { (theme.title) }
                    span.comparison-own {
                        (t.region.comparison_own) ": "
                        strong {
                            @match theme.own {
                                Some(n) => (n),
                                None => (t.region.no_score),
                            }
                        }
                    }
                    @match theme.region {
                        RegionFigure::Compared { q1, median, q3 } => {
                            (band_bar(q1, median, q3, theme.own))
                            span.trend-figure {
                                (t.region.comparison_band) ": " (t.figure(q1)) "–" (t.figure(q3))
                                " · " (t.figure(median))
                            }
                        }
                        RegionFigure::TooFew => { span.hint { (t.region.too_few) } }
                    }
                }
            }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests;
