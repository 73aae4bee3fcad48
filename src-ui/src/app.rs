//! Start-up and the app around the screens: the shared state ([`Ui`], provided as
//! context), loading what the route asks for, following sync, and what happens after a
//! screen is painted.

use kompas_proto::{CommandError, ErrorCode, Settings, StartupInfo, StoreStatus, SyncView, Theme};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::context::Ui;
use crate::i18n::lang_code;
use crate::ipc;
use crate::route::{current_route, replace_route, Route};
use crate::screens::{self, page_for, Page};
use crate::startup::{self, Startup};

/// Starts the UI: one call to the shell brings settings and the first screen, and only
/// then is anything rendered, so the first frame the user sees is the real screen, not a
/// loading state.
pub fn start() {
    // Leptos' own executor starts with the mount, so this task runs on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let mut route = current_route();
        let start = match startup::check(ipc::startup(&route.request()).await) {
            Startup::Ready(info) => Ok(*info),
            Startup::Failed(error) => Err(error),
            Startup::Mismatch(mismatch) => {
                if let Some(root) = document().document_element() {
                    let _ = root.set_attribute("lang", lang_code(mismatch.language));
                }
                leptos::mount::mount_to_body(move || screens::messages::mismatch(&mismatch));
                return;
            }
        };
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

/// What the app starts with, from the start-up answer for `route`.
struct First {
    page: Page,
    settings: Settings,
    app_version: String,
    probe: bool,
    sync: SyncView,
}

impl First {
    fn new(start: Result<StartupInfo, CommandError>, route: &Route) -> First {
        match start {
            Ok(info) => First {
                page: match (info.status, info.first_page) {
                    (StoreStatus::Damaged { message, path }, _) => Page::Damaged { message, path },
                    (StoreStatus::Ready, Some(answer)) => page_for(route, answer),
                    (StoreStatus::Ready, None) => Page::Failed(CommandError::new(
                        ErrorCode::Internal,
                        "the start-up answer has no first screen",
                    )),
                },
                settings: info.settings,
                app_version: info.app_version,
                probe: info.probe,
                sync: info.sync,
            },
            Err(error) => First {
                page: Page::Failed(error),
                settings: Settings::default(),
                app_version: String::new(),
                probe: false,
                sync: SyncView::default(),
            },
        }
    }
}

/// Answers to page requests arrive in any order (fast typing in the search box): only
/// the answer to the newest request is shown.
#[derive(Clone, Copy)]
struct Latest(StoredValue<u64>);

impl Latest {
    fn new() -> Latest {
        Latest(StoredValue::new(0))
    }

    /// A new request; the number to check its answer against.
    fn next(&self) -> u64 {
        self.0.update_value(|n| *n += 1);
        self.0.get_value()
    }

    fn is_newest(&self, request: u64) -> bool {
        self.0.get_value() == request
    }
}

/// The whole UI. `start` is the answer to the start-up call for `route`.
#[component]
fn App(start: Result<StartupInfo, CommandError>, route: Route) -> impl IntoView {
    let first = First::new(start, &route);
    // A failed start-up call is retried by loading the route again; a damaged store waits
    // for the user's reset.
    let ready = RwSignal::new(!matches!(first.page, Page::Damaged { .. }));
    // The first screen came with the start-up call: the route effect skips loading it again.
    let first_loaded = StoredValue::new(!matches!(
        first.page,
        Page::Failed(_) | Page::Damaged { .. }
    ));
    let settings = RwSignal::new(first.settings);
    let ui = Ui {
        settings,
        language: Memo::new(move |_| settings.with(|s| s.language)),
        query: RwSignal::new(match &route {
            Route::Search(typed) => typed.clone(),
            _ => String::new(),
        }),
        route: RwSignal::new(route),
        page: RwSignal::new(first.page),
        notice: RwSignal::new(None),
        reloads: RwSignal::new(0),
        ready,
        sync: RwSignal::new(first.sync),
        region: RwSignal::new(None),
        app_version: StoredValue::new(first.app_version),
        search_input: NodeRef::new(),
        main: NodeRef::new(),
    };
    provide_context(ui);
    let Ui {
        route,
        page,
        query,
        sync,
        reloads,
        ..
    } = ui;
    let probe = StoredValue::new(first.probe);
    let latest = Latest::new();
    crate::sync::follow(sync);

    // Night mode, larger text and language are classes and attributes on <html>, so the
    // whole document (including the sanitized section HTML) follows them.
    Effect::new(move |_| {
        let chosen = settings.get();
        if let Some(root) = document().document_element() {
            let classes = root.class_list();
            let _ = classes.toggle_with_force("night", chosen.theme == Theme::Night);
            let _ = classes.toggle_with_force("large-text", chosen.large_text);
            let _ = root.set_attribute("lang", lang_code(chosen.language));
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
            ui.reload();
        }
    });

    // Load whatever the route asks for.
    Effect::new(move |_| {
        reloads.track();
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
        let request = latest.next();
        spawn_local(async move {
            let loaded = screens::load(&current).await;
            if latest.is_newest(request) {
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
            if let Some(heading) = ui
                .main
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

    // The screen follows the page and the language (its words are read while rendering).
    let body = move || {
        ui.language.track();
        screens::render(page.get())
    };

    view! {
        {crate::frame::top_bar()}
        <main id="main" tabindex="-1" node_ref=ui.main>
            {body}
        </main>
        {crate::frame::notice()}
    }
}
