//! The frame around every screen: the skip link, the top bar (brand, night mode, the
//! search box, the tabs) and the notice for a tapped external link.

use kompas_proto::Theme;
use leptos::prelude::*;

use crate::context::{use_ui, Ui};
use crate::i18n::Texts;
use crate::route::{go_back, href, navigate, replace_route, Route};

/// The skip link and the top bar.
pub fn top_bar() -> impl IntoView {
    let ui = use_ui();
    let Ui {
        route,
        query,
        search_input,
        main,
        settings,
        ..
    } = ui;
    let t = move || ui.texts();

    // `/` jumps to the search box from anywhere, as on many sites.
    let _key_listener = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() != "/" {
            return;
        }
        let typing = document()
            .active_element()
            .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"))
            .unwrap_or(false);
        if !typing {
            if let Some(input) = search_input.get_untracked() {
                event.prevent_default();
                let _ = input.focus();
            }
        }
    });

    let on_search_input = move |event: leptos::ev::Event| {
        let typed = event_target_value(&event);
        query.set(typed.clone());
        let on_search = matches!(route.get_untracked(), Route::Search(_));
        if typed.trim().is_empty() {
            if on_search {
                go_back();
            }
        } else if on_search {
            replace_route(&Route::Search(typed));
        } else {
            navigate(&Route::Search(typed));
        }
    };

    let clear_search = move || {
        query.set(String::new());
        if matches!(route.get_untracked(), Route::Search(_)) {
            go_back();
        }
        if let Some(input) = search_input.get_untracked() {
            let _ = input.focus();
        }
    };

    let on_search_key = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            clear_search();
        }
    };

    let skip_to_main = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        if let Some(main) = main.get_untracked() {
            let _ = main.focus();
        }
    };

    let night = move || settings.with(|s| s.theme == Theme::Night);
    let toggle_night = move |_| {
        ui.save_settings(|s| {
            s.theme = match s.theme {
                Theme::Day => Theme::Night,
                Theme::Night => Theme::Day,
            }
        })
    };

    let sync = ui.sync;
    let tab = move |target: Route, label: fn(&Texts) -> &'static str| {
        let link = href(&target);
        view! {
            <a
                href=link
                class="tab"
                aria-current=move || {
                    let current = route.get();
                    let same = match (&current, &target) {
                        (Route::Section { .. }, Route::Handbook) => true,
                        (Route::Routine(_) | Route::Evaluation { .. }, Route::Checklists) => true,
                        (
                            Route::Region(_) | Route::RegionHospice { .. } | Route::RegionTrend,
                            Route::Region(None),
                        ) => true,
                        (a, b) => a == b,
                    };
                    same.then_some("page")
                }
            >
                {move || label(t())}
            </a>
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{move || t().screens.skip_to_content}</a>
        <header class="topbar">
            <div class="brand-row">
                <a class="brand" href="#/">
                    <img src="icon.svg" alt="" width="28" height="28" />
                    <span>{move || t().screens.app_name}</span>
                </a>
                <button
                    type="button"
                    class="icon-button"
                    aria-pressed=move || if night() { "true" } else { "false" }
                    aria-label=move || if night() { t().screens.night_off } else { t().screens.night_on }
                    title=move || if night() { t().screens.night_off } else { t().screens.night_on }
                    on:click=toggle_night
                >
                    <span aria-hidden="true">{move || if night() { "☀" } else { "☾" }}</span>
                </button>
            </div>
            <div class="search" role="search">
                <label for="search-input" class="visually-hidden">{move || t().screens.search_label}</label>
                <input
                    id="search-input"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    enterkeyhint="search"
                    placeholder=move || t().screens.search_placeholder
                    prop:value=move || query.get()
                    on:input=on_search_input
                    on:keydown=on_search_key
                    node_ref=search_input
                />
                <Show when=move || !query.get().is_empty()>
                    <button
                        type="button"
                        class="clear-search"
                        aria-label=move || t().screens.clear_search
                        on:click=move |_| clear_search()
                    >
                        <span aria-hidden="true">"×"</span>
                    </button>
                </Show>
            </div>
            <nav class="tabs" aria-label=move || t().screens.nav_label>
                {tab(Route::Home, |t| t.screens.nav_home)}
                {tab(Route::Handbook, |t| t.screens.nav_handbook)}
                {tab(Route::Checklists, |t| t.checklists.nav_checklists)}
                {move || (!sync.get().coordinator_of.is_empty())
                    .then(|| tab(Route::Region(None), |t| t.region.nav_region))}
                {tab(Route::Settings, |t| t.screens.nav_settings)}
            </nav>
        </header>
    }
}

/// Where a tapped external link is shown instead of followed.
pub fn notice() -> impl IntoView {
    let ui = use_ui();
    let notice = ui.notice;
    move || {
        notice.get().map(|url| {
            let t = ui.texts();
            view! {
                <div class="notice" role="status">
                    <p>{t.screens.external_link}" "<code>{url}</code></p>
                    <button type="button" on:click=move |_| notice.set(None)>{t.screens.close}</button>
                </div>
            }
        })
    }
}
