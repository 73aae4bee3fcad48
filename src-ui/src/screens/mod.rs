//! The screens, one module each: [`home`], [`handbook`], [`section`], [`search`],
//! [`settings`], and [`messages`] for a missing section, a failed command, a damaged store
//! and a window that does not match its app.
//!
//! A screen is a function from its own data to a view; what every screen shares (texts,
//! settings, sync state, route) it takes from [`crate::context::use_ui`]. A new screen is
//! a module here, a [`Page`] variant, a [`Route`] and a [`kompas_proto::PageRequest`].

use kompas_proto::checklist::{ChecklistsView, EvaluationView, RoutineView};
use kompas_proto::{
    CategoryView, CommandError, ErrorCode, HomeView, PageData, SearchResults, SectionSummary,
    SectionView,
};
use leptos::prelude::*;

use crate::i18n::Texts;
use crate::ipc;
use crate::route::{section_href, Route};

pub mod checklists;
pub mod evaluation;
pub mod handbook;
pub mod history;
pub mod home;
pub mod merge;
pub mod messages;
pub mod must_read;
pub mod reading;
pub mod region;
pub mod routine;
mod saver;
pub mod search;
pub mod section;
pub mod settings;
pub mod tailor_section;
pub mod tailoring;

/// What the main area shows.
#[derive(Debug, Clone)]
pub enum Page {
    Home(HomeView),
    Handbook(Vec<CategoryView>),
    Section(SectionView),
    Search {
        query: String,
        results: SearchResults,
    },
    Settings(HomeView),
    Checklists(ChecklistsView),
    Routine(RoutineView),
    Evaluation {
        view: Box<EvaluationView>,
        step: Option<String>,
    },
    Tailoring(kompas_proto::tailoring::TailoringView),
    /// A section's history: it loads its own data from the server (see [`history`]).
    History(String),
    TailorSection(Box<kompas_proto::tailoring::TailorSectionView>),
    /// The manager's "Gelezen en begrepen".
    Reading(kompas_proto::reading::ReadingView),
    /// A region screen: it loads its own data from the server (see [`region`]).
    Region(Route),
    NotFound,
    Failed(CommandError),
    Damaged {
        message: String,
        path: String,
    },
}

/// Turns the shell's answer for `route` into the screen to show.
pub fn page_for(route: &Route, answer: Result<PageData, CommandError>) -> Page {
    let page = answer.map(|data| match (route, data) {
        (Route::Settings, PageData::Home(home)) => Page::Settings(home),
        (_, PageData::Home(home)) => Page::Home(home),
        (_, PageData::Handbook(categories)) => Page::Handbook(categories),
        (_, PageData::Section(section)) => Page::Section(section),
        (route, PageData::Search(results)) => Page::Search {
            query: match route {
                Route::Search(query) => query.clone(),
                _ => String::new(),
            },
            results,
        },
        (_, PageData::Checklists(view)) => Page::Checklists(view),
        (_, PageData::Routine(view)) => Page::Routine(view),
        (_, PageData::Tailoring(view)) => Page::Tailoring(view),
        (_, PageData::TailorSection(view)) => Page::TailorSection(view),
        (_, PageData::Reading(view)) => Page::Reading(view),
        (route, PageData::Evaluation(view)) => Page::Evaluation {
            view,
            step: match route {
                Route::Evaluation { step, .. } => step.clone(),
                _ => None,
            },
        },
    });
    match page {
        Ok(page) => page,
        Err(error) if error.code == ErrorCode::NotFound => Page::NotFound,
        Err(error) if error.code == ErrorCode::StoreDamaged => Page::Damaged {
            message: error.detail,
            path: String::new(),
        },
        Err(error) => Page::Failed(error),
    }
}

/// Asks the shell for the data of `route`.
pub async fn load(route: &Route) -> Page {
    match route {
        Route::Region(_) | Route::RegionHospice { .. } | Route::RegionTrend => {
            Page::Region(route.clone())
        }
        Route::History(id) => Page::History(id.clone()),
        _ => page_for(route, ipc::page(&route.request()).await),
    }
}

/// The view of `page`, inside the shared state of the app.
pub fn render(page: Page) -> AnyView {
    match page {
        Page::Home(home) => home::screen(home).into_any(),
        Page::Handbook(categories) => handbook::screen(categories).into_any(),
        Page::Section(section) => section::screen(section).into_any(),
        Page::Search { query, results } => search::screen(&query, results).into_any(),
        Page::Settings(home) => settings::screen(home).into_any(),
        Page::Checklists(view) => checklists::screen(view).into_any(),
        Page::Routine(view) => routine::screen(view).into_any(),
        Page::Tailoring(view) => tailoring::screen(view).into_any(),
        Page::History(id) => history::screen(id),
        Page::TailorSection(view) => tailor_section::screen(*view).into_any(),
        Page::Reading(view) => reading::screen(view).into_any(),
        Page::Evaluation { view, step } => evaluation::screen(*view, step).into_any(),
        Page::Region(Route::RegionHospice { organization, year }) => {
            region::hospice(organization, year)
        }
        Page::Region(Route::RegionTrend) => region::trend(),
        Page::Region(Route::Region(year)) => region::overview(year),
        Page::Region(_) => messages::not_found().into_any(),
        Page::NotFound => messages::not_found().into_any(),
        Page::Failed(error) => messages::failed(error).into_any(),
        Page::Damaged { message, path } => messages::damaged(message, path).into_any(),
    }
}

/// The outcome line under a form: saved (a status) or not (an alert).
fn outcome_line(message: RwSignal<Option<(bool, &'static str)>>) -> impl IntoView {
    move || {
        message.get().map(|(ok, text)| {
            if ok {
                view! { <p class="saved" role="status">{text}</p> }.into_any()
            } else {
                view! { <p class="form-error" role="alert">{text}</p> }.into_any()
            }
        })
    }
}

/// One run of a word-level difference: added, removed or the same.
fn word_change(word: kompas_proto::overlay::WordChange) -> AnyView {
    use kompas_proto::overlay::ChangeKind;
    match word.kind {
        ChangeKind::Same => view! { <span>{word.text}</span> }.into_any(),
        ChangeKind::Added => view! { <ins>{word.text}</ins> }.into_any(),
        ChangeKind::Removed => view! { <del>{word.text}</del> }.into_any(),
    }
}

/// The "updated since you read it" mark of a list entry.
fn updated_mark(updated: bool, t: &'static Texts) -> impl IntoView {
    updated.then(|| view! { <span class="updated-mark">{t.screens.updated_mark}</span> })
}

/// The critical protocols as large one-tap targets (home, and a search that found nothing).
fn critical_list(sections: Vec<SectionSummary>, t: &'static Texts) -> impl IntoView {
    view! {
        <ul class="critical-list" role="list">
            {sections
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <a class="critical-link" href=section_href(&s.id)>
                                <span class="critical-title">{s.title}{updated_mark(s.updated, t)}</span>
                                <span class="critical-category">{s.category}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A section in a list (recently read, a category of the handbook).
fn section_link(summary: &SectionSummary, t: &'static Texts) -> impl IntoView {
    view! {
        <li>
            <a href=section_href(&summary.id) class="list-link" class:critical=summary.critical>
                {summary.title.clone()}
                {updated_mark(summary.updated, t)}
            </a>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_the_screen_the_route_asked_for() {
        let home = HomeView {
            critical: vec![],
            recent: vec![],
            section_count: 3,
            must_read: Default::default(),
        };
        assert!(matches!(
            page_for(&Route::Settings, Ok(PageData::Home(home.clone()))),
            Page::Settings(_)
        ));
        assert!(matches!(
            page_for(&Route::Home, Ok(PageData::Home(home))),
            Page::Home(_)
        ));
        assert!(matches!(
            page_for(
                &Route::Search("val".into()),
                Ok(PageData::Search(SearchResults {
                    hits: vec![],
                    correction: None,
                    outcome: kompas_proto::SearchOutcome::AllWords,
                }))
            ),
            Page::Search { query, .. } if query == "val"
        ));
        let error = |code| Err(CommandError::new(code, "detail"));
        let section = Route::Section {
            id: "weg".into(),
            anchor: None,
        };
        assert!(matches!(
            page_for(&section, error(ErrorCode::NotFound)),
            Page::NotFound
        ));
        assert!(matches!(
            page_for(&section, error(ErrorCode::StoreDamaged)),
            Page::Damaged { message, .. } if message == "detail"
        ));
        assert!(matches!(
            page_for(&section, error(ErrorCode::Internal)),
            Page::Failed(e) if e.code == ErrorCode::Internal
        ));
    }
}
