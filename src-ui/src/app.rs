//! The screens: home, handbook, section reader, search results, settings, and the
//! messages for a damaged store or a failed command.

use kompas_proto::{
    CategoryView, CommandError, HomeView, Language, PageData, SearchHit, SectionView, Settings,
    StartupInfo, StoreStatus, SyncView, TextPart, Theme,
};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::i18n::{texts, Texts};
use crate::ipc;
use crate::route::Route;

/// What the main area shows.
#[derive(Debug, Clone)]
enum Page {
    Home(HomeView),
    Handbook(Vec<CategoryView>),
    Section(SectionView),
    Search { query: String, hits: Vec<SearchHit> },
    Settings(HomeView),
    NotFound,
    Failed(CommandError),
    Damaged { message: String, path: String },
}

fn decode(value: &str) -> String {
    js_sys::decode_uri_component(value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| value.to_owned())
}

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default(), decode)
}

/// Goes to a screen, adding a history entry.
fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.to_hash(encode));
}

/// Goes to a screen in place of the current history entry (typing in the search box).
fn replace_route(route: &Route) {
    let _ = window().location().replace(&route.to_hash(encode));
}

fn go_back() {
    let history = window().history().ok();
    match history {
        Some(history) if history.length().unwrap_or(0) > 1 => {
            let _ = history.back();
        }
        _ => navigate(&Route::Home),
    }
}

fn section_href(id: &str) -> String {
    Route::Section {
        id: id.to_owned(),
        anchor: None,
    }
    .to_hash(encode)
}

/// Turns the shell's answer for `route` into the screen to show.
fn page_for(route: &Route, answer: Result<PageData, CommandError>) -> Page {
    let page = answer.map(|data| match (route, data) {
        (Route::Settings, PageData::Home(home)) => Page::Settings(home),
        (_, PageData::Home(home)) => Page::Home(home),
        (_, PageData::Handbook(categories)) => Page::Handbook(categories),
        (_, PageData::Section(section)) => Page::Section(section),
        (route, PageData::Search(hits)) => Page::Search {
            query: match route {
                Route::Search(query) => query.clone(),
                _ => String::new(),
            },
            hits,
        },
    });
    match page {
        Ok(page) => page,
        Err(error) if error.code == "not_found" => Page::NotFound,
        Err(error) if error.code == "store_damaged" => Page::Damaged {
            message: error.detail,
            path: String::new(),
        },
        Err(error) => Page::Failed(error),
    }
}

async fn load(route: &Route) -> Page {
    page_for(route, ipc::page(&route.request()).await)
}

/// Starts the UI: one call to the shell brings settings and the first screen, and only
/// then is anything rendered, so the first frame the user sees is the real screen, not a
/// loading state.
pub fn start() {
    // Leptos' own executor starts with the mount, so this task runs on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let mut route = current_route();
        let start = ipc::startup(&route.request()).await;
        if let Ok(StartupInfo {
            open_section: Some(id),
            ..
        }) = &start
        {
            route = Route::Section {
                id: id.clone(),
                anchor: None,
            };
            replace_route(&route);
        }
        leptos::mount::mount_to_body(move || view! { <App start route /> });
    });
}

fn save(settings: RwSignal<Settings>, change: impl FnOnce(&mut Settings)) {
    settings.update(change);
    let chosen = settings.get_untracked();
    spawn_local(async move {
        // Settings are a convenience: if saving fails the choice still holds for now.
        let _ = ipc::save_settings(chosen).await;
    });
}

/// The whole UI. `start` is the answer to the start-up call for `route`.
#[component]
fn App(start: Result<StartupInfo, CommandError>, route: Route) -> impl IntoView {
    let (first_page, first_settings, first_version, first_probe, first_sync) = match start {
        Ok(info) => {
            let page = match (info.status, info.first_page) {
                (StoreStatus::Damaged { message, path }, _) => Page::Damaged { message, path },
                (StoreStatus::Ready, Some(answer)) => page_for(&route, answer),
                (StoreStatus::Ready, None) => Page::Failed(CommandError {
                    code: "internal".into(),
                    detail: "the start-up answer has no first screen".into(),
                }),
            };
            (page, info.settings, info.app_version, info.probe, info.sync)
        }
        Err(error) => (
            Page::Failed(error),
            Settings::default(),
            String::new(),
            false,
            SyncView::default(),
        ),
    };
    // A failed start-up call is retried by loading the route again; a damaged store waits
    // for the user's reset.
    let ready = RwSignal::new(!matches!(first_page, Page::Damaged { .. }));
    // The first screen came with the start-up call: the route effect skips loading it again.
    let first_loaded = StoredValue::new(!matches!(
        first_page,
        Page::Failed(_) | Page::Damaged { .. }
    ));
    let settings = RwSignal::new(first_settings);
    let language = Memo::new(move |_| settings.with(|s| s.language));
    let query = RwSignal::new(match &route {
        Route::Search(typed) => typed.clone(),
        _ => String::new(),
    });
    let route = RwSignal::new(route);
    let page = RwSignal::new(first_page);
    let notice = RwSignal::new(None::<String>);
    let reload = RwSignal::new(0u32);
    let version = RwSignal::new(first_version);
    let probe = StoredValue::new(first_probe);
    let generation = StoredValue::new(0u64);
    let sync = RwSignal::new(first_sync);
    crate::sync::follow(sync);
    let search_ref = NodeRef::<leptos::html::Input>::new();
    let main_ref = NodeRef::<leptos::html::Main>::new();

    let t = move || texts(language.get());

    // Night mode, larger text and language are classes and attributes on <html>, so the
    // whole document (including the sanitized section HTML) follows them.
    Effect::new(move |_| {
        let chosen = settings.get();
        if let Some(root) = document().document_element() {
            let classes = root.class_list();
            let _ = classes.toggle_with_force("night", chosen.theme == Theme::Night);
            let _ = classes.toggle_with_force("large-text", chosen.large_text);
            let _ = root.set_attribute("lang", texts(chosen.language).lang_code);
        }
    });

    let _hash_listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = current_route();
        if route.get_untracked() != next {
            route.set(next);
        }
    });

    // The network is back: sync now instead of waiting for the retry timer.
    let _online_listener = window_event_listener(leptos::ev::online, |_| crate::sync::sync_now());

    // A sync that changed the handbook refreshes the lists on screen (not a section being
    // read: it would jump back to its top).
    let last_sync = StoredValue::new(sync.with_untracked(|v| v.last_synced_ms));
    Effect::new(move |_| {
        let (synced, changes) = sync.with(|v| (v.last_synced_ms, v.last_changes));
        if synced == last_sync.get_value() {
            return;
        }
        last_sync.set_value(synced);
        let lists = matches!(
            route.get_untracked(),
            Route::Home | Route::Handbook | Route::Settings | Route::Search(_)
        );
        if changes > 0 && lists {
            reload.update(|n| *n += 1);
        }
    });

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
            if let Some(input) = search_ref.get_untracked() {
                event.prevent_default();
                let _ = input.focus();
            }
        }
    });

    // Load whatever the route asks for. Responses that arrive after a newer request
    // (fast typing) are dropped.
    Effect::new(move |_| {
        reload.track();
        if !ready.get() {
            return;
        }
        let current = route.get();
        if first_loaded.get_value() {
            first_loaded.set_value(false);
            return;
        }
        match &current {
            Route::Search(typed) => {
                if query.get_untracked() != *typed {
                    query.set(typed.clone());
                }
            }
            _ => {
                if !query.get_untracked().is_empty() {
                    query.set(String::new());
                }
            }
        }
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        spawn_local(async move {
            let loaded = load(&current).await;
            if generation.get_value() == mine {
                page.set(loaded);
            }
        });
    });

    // After a new screen is painted: scroll, move focus to its heading (not while the user
    // types a search), and report the first painted section to the start-up benchmark.
    Effect::new(move |_| {
        let (is_section, is_search) = page.with(|p| {
            (
                matches!(p, Page::Section(_)),
                matches!(p, Page::Search { .. }),
            )
        });
        let anchor = route.with_untracked(|r| match r {
            Route::Section { anchor, .. } => anchor.clone(),
            _ => None,
        });
        request_animation_frame(move || {
            if is_search {
                return;
            }
            match anchor.and_then(|a| document().get_element_by_id(&a)) {
                Some(target) => target.scroll_into_view(),
                None => window().scroll_to_with_x_and_y(0.0, 0.0),
            }
            if let Some(heading) = main_ref
                .get_untracked()
                .and_then(|main| main.query_selector("h1").ok().flatten())
                .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = heading.focus();
            }
            // This callback runs before the frame with the section is painted; the next
            // frame's callback runs after it was (the bare reference window does the same).
            if is_section && probe.get_value() {
                probe.set_value(false);
                request_animation_frame(|| {
                    spawn_local(async {
                        let _ = ipc::startup_painted().await;
                    });
                });
            }
        });
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
        if let Some(input) = search_ref.get_untracked() {
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
        if let Some(main) = main_ref.get_untracked() {
            let _ = main.focus();
        }
    };

    let night = move || settings.with(|s| s.theme == Theme::Night);
    let toggle_night = move |_| {
        save(settings, |s| {
            s.theme = match s.theme {
                Theme::Day => Theme::Night,
                Theme::Night => Theme::Day,
            }
        })
    };

    let tab = move |target: Route, label: fn(&Texts) -> &'static str| {
        let href = target.to_hash(encode);
        let active = target.clone();
        view! {
            <a
                href=href
                class="tab"
                aria-current=move || {
                    let current = route.get();
                    let same = match (&current, &active) {
                        (Route::Section { .. }, Route::Handbook) => true,
                        (a, b) => a == b,
                    };
                    same.then_some("page")
                }
            >
                {move || label(t())}
            </a>
        }
    };

    let body = move || {
        let t = t();
        match page.get() {
            Page::Home(home) => home_view(home, t, sync).into_any(),
            Page::Handbook(categories) => handbook_view(categories, t).into_any(),
            Page::Section(section) => section_view(section, t, notice).into_any(),
            Page::Search { query, hits } => search_view(&query, hits, t).into_any(),
            Page::Settings(home) => settings_view(home, t, settings, version, sync).into_any(),
            Page::NotFound => view! {
                    <section class="message">
                        <h1 tabindex="-1">{t.not_found_title}</h1>
                        <p>{t.not_found_body}</p>
                        <p><a class="button-link" href="#/handbook">{t.handbook_heading}</a></p>
                    </section>
            }
            .into_any(),
            Page::Failed(error) => view! {
                    <section class="message" role="alert">
                        <h1 tabindex="-1">{t.error_title}</h1>
                        <p>{t.error_detail(&error.code)}</p>
                        <details><summary>"Details"</summary><p class="detail">{error.detail}</p></details>
                        <button type="button" class="primary" on:click=move |_| reload.update(|n| *n += 1)>
                            {t.error_retry}
                        </button>
                    </section>
            }
            .into_any(),
            Page::Damaged { message, path } => view! {
                    <section class="message damaged" role="alert">
                        <h1 tabindex="-1">{t.damaged_title}</h1>
                        <p>{t.damaged_body}</p>
                        {(!path.is_empty()).then(|| view! { <p class="detail">{t.damaged_file}": "{path}</p> })}
                        <details><summary>"Details"</summary><p class="detail">{message}</p></details>
                        <button
                            type="button"
                            class="primary"
                            on:click=move |_| {
                                spawn_local(async move {
                                    match ipc::reset_store().await {
                                        Ok(StoreStatus::Ready) => {
                                            ready.set(true);
                                            reload.update(|n| *n += 1);
                                        }
                                        Ok(StoreStatus::Damaged { message, path }) => {
                                            page.set(Page::Damaged { message, path })
                                        }
                                        Err(error) => page.set(Page::Failed(error)),
                                    }
                                });
                            }
                        >
                            {t.damaged_button}
                        </button>
                    </section>
            }
            .into_any(),
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{move || t().skip_to_content}</a>
        <header class="topbar">
            <div class="brand-row">
                <a class="brand" href="#/">
                    <img src="icon.svg" alt="" width="28" height="28" />
                    <span>{move || t().app_name}</span>
                </a>
                <button
                    type="button"
                    class="icon-button"
                    aria-pressed=move || if night() { "true" } else { "false" }
                    aria-label=move || if night() { t().night_off } else { t().night_on }
                    title=move || if night() { t().night_off } else { t().night_on }
                    on:click=toggle_night
                >
                    <span aria-hidden="true">{move || if night() { "☀" } else { "☾" }}</span>
                </button>
            </div>
            <div class="search" role="search">
                <label for="search-input" class="visually-hidden">{move || t().search_label}</label>
                <input
                    id="search-input"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    enterkeyhint="search"
                    placeholder=move || t().search_placeholder
                    prop:value=move || query.get()
                    on:input=on_search_input
                    on:keydown=on_search_key
                    node_ref=search_ref
                />
                <Show when=move || !query.get().is_empty()>
                    <button
                        type="button"
                        class="clear-search"
                        aria-label=move || t().clear_search
                        on:click=move |_| clear_search()
                    >
                        <span aria-hidden="true">"×"</span>
                    </button>
                </Show>
            </div>
            <nav class="tabs" aria-label=move || t().nav_label>
                {tab(Route::Home, |t| t.nav_home)}
                {tab(Route::Handbook, |t| t.nav_handbook)}
                {tab(Route::Settings, |t| t.nav_settings)}
            </nav>
        </header>
        <main id="main" tabindex="-1" node_ref=main_ref>
            {body}
        </main>
        {move || {
            notice
                .get()
                .map(|url| {
                    view! {
                        <div class="notice" role="status">
                            <p>{t().external_link}" "<code>{url}</code></p>
                            <button type="button" on:click=move |_| notice.set(None)>{t().close}</button>
                        </div>
                    }
                })
        }}
    }
}

/// The "updated since you read it" mark of a list entry.
fn updated_mark(updated: bool, t: &'static Texts) -> impl IntoView {
    updated.then(|| view! { <span class="updated-mark">{t.updated_mark}</span> })
}

fn section_link(summary: &kompas_proto::SectionSummary, t: &'static Texts) -> impl IntoView {
    view! {
        <li>
            <a href=section_href(&summary.id) class="list-link" class:critical=summary.critical>
                {summary.title.clone()}
                {updated_mark(summary.updated, t)}
            </a>
        </li>
    }
}

fn home_view(home: HomeView, t: &'static Texts, sync: RwSignal<SyncView>) -> impl IntoView {
    let recent = if home.recent.is_empty() {
        Either::Left(view! { <p class="hint">{t.recent_empty}</p> })
    } else {
        Either::Right(view! {
            <ul class="list" role="list">{home.recent.iter().map(|s| section_link(s, t)).collect_view()}</ul>
        })
    };
    view! {
        <section class="critical-block" aria-labelledby="critical-heading">
            <h1 id="critical-heading" tabindex="-1">{t.critical_heading}</h1>
            <p class="hint">{t.critical_hint}</p>
            <ul class="critical-list" role="list">
                {home
                    .critical
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
        </section>
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">{t.recent_heading}</h2>
            {recent}
        </section>
        <p class="more">
            <a class="button-link" href="#/handbook">{t.whole_handbook(home.section_count)}</a>
        </p>
        {crate::sync::home_status(sync, t)}
        <p class="hint shortcut">{t.shortcut_hint}</p>
    }
}

fn handbook_view(categories: Vec<CategoryView>, t: &'static Texts) -> impl IntoView {
    view! {
        <h1 tabindex="-1">{t.handbook_heading}</h1>
        {categories
            .into_iter()
            .map(|category| {
                view! {
                    <section class="category">
                        <h2>{category.name}</h2>
                        <ul class="list" role="list">
                            {category.sections.iter().map(|s| section_link(s, t)).collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()}
    }
}

/// Clicks inside rendered section HTML: in-app routes navigate by themselves; anchors and
/// footnotes scroll within the page; anything else would leave the app, so it is shown
/// instead of followed.
fn on_prose_click(event: leptos::ev::MouseEvent, notice: RwSignal<Option<String>>) {
    let Some(link) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
    else {
        return;
    };
    let href = link.get_attribute("href").unwrap_or_default();
    if href.starts_with("#/") {
        return;
    }
    event.prevent_default();
    if let Some(anchor) = href.strip_prefix('#') {
        if let Some(target) = document().get_element_by_id(&decode(anchor)) {
            target.scroll_into_view();
        }
    } else if !href.is_empty() {
        notice.set(Some(href));
    }
}

fn section_view(
    section: SectionView,
    t: &'static Texts,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = section.id.clone();
    let toc: Vec<_> = section.toc.into_iter().filter(|e| e.level == 2).collect();
    let toc = (toc.len() >= 3).then(|| {
        view! {
            <details class="toc">
                <summary>{t.on_this_page}</summary>
                <ul role="list">
                    {toc
                        .into_iter()
                        .map(|entry| {
                            let href = Route::Section {
                                id: id.clone(),
                                anchor: Some(entry.anchor),
                            }
                            .to_hash(encode);
                            view! { <li><a href=href>{entry.text}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </details>
        }
    });
    view! {
        <article class="section" class:critical=section.critical>
            <div class="crumbs">
                <button type="button" class="back" on:click=move |_| go_back()>
                    <span aria-hidden="true">"← "</span>
                    {t.back}
                </button>
                <span class="category">{section.category}</span>
            </div>
            <h1 tabindex="-1">{section.title}</h1>
            {section.critical.then(|| view! { <p class="badge">{t.protocol_badge}</p> })}
            {section.updated_since_read.then(|| view! { <p class="updated-banner">{t.updated_banner}</p> })}
            {toc}
            <div class="prose" inner_html=section.html on:click=move |ev| on_prose_click(ev, notice)></div>
            {section.review_by.map(|date| view! { <p class="review">{t.review_by(&date)}</p> })}
        </article>
    }
}

fn parts_view(parts: Vec<TextPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| {
            if part.marked {
                Either::Left(view! { <mark>{part.text}</mark> })
            } else {
                Either::Right(part.text)
            }
        })
        .collect_view()
}

fn search_view(query: &str, hits: Vec<SearchHit>, t: &'static Texts) -> impl IntoView {
    view! {
        <section class="search-results">
            <h1 class="visually-hidden">{t.search_label}</h1>
            <p class="result-count" role="status" aria-live="polite">{t.results(hits.len(), query)}</p>
            {hits.is_empty().then(|| view! { <p class="hint">{t.no_results_tip}</p> })}
            <ul class="hits" role="list">
                {hits
                    .into_iter()
                    .map(|hit| {
                        view! {
                            <li>
                                <a class="hit" class:critical=hit.critical href=section_href(&hit.id)>
                                    <span class="hit-title">{parts_view(hit.title)}</span>
                                    <span class="hit-category">{hit.category}</span>
                                    <span class="hit-snippet">{parts_view(hit.snippet)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// One language option; its label is in that language, whatever the UI language is.
fn language_choice(
    settings: RwSignal<Settings>,
    language: Language,
    code: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input
                type="radio"
                name="language"
                prop:checked=move || settings.with(|s| s.language == language)
                on:change=move |_| save(settings, |s| s.language = language)
            />
            <span lang=code>{label}</span>
        </label>
    }
}

/// An on/off setting with its explanation; `id` is the input's id (the hint's is derived).
fn setting_switch(
    settings: RwSignal<Settings>,
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    is_on: fn(&Settings) -> bool,
    set: fn(&mut Settings, bool),
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="setting">
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    id=id
                    aria-describedby=hint_id.clone()
                    prop:checked=move || settings.with(is_on)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        save(settings, |s| set(s, on))
                    }
                />
                <span>{label}</span>
            </label>
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}

fn settings_view(
    home: HomeView,
    t: &'static Texts,
    settings: RwSignal<Settings>,
    version: RwSignal<String>,
    sync: RwSignal<SyncView>,
) -> impl IntoView {
    view! {
        <h1 tabindex="-1">{t.settings_heading}</h1>
        <fieldset class="setting">
            <legend>{t.language_label}</legend>
            {language_choice(settings, Language::Nl, "nl", "Nederlands")}
            {language_choice(settings, Language::En, "en", "English")}
        </fieldset>
        {setting_switch(
            settings,
            "night-mode",
            t.night_mode,
            t.night_mode_hint,
            |s| s.theme == Theme::Night,
            |s, on| s.theme = if on { Theme::Night } else { Theme::Day },
        )}
        {setting_switch(
            settings,
            "large-text",
            t.large_text,
            t.large_text_hint,
            |s| s.large_text,
            |s, on| s.large_text = on,
        )}
        {crate::sync::sync_settings(sync, t)}
        <h2>{t.about_heading}</h2>
        <p>{t.offline_count(home.section_count)}</p>
        <p class="hint">{t.version}" "{move || version.get()}</p>
    }
}
