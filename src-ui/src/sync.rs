//! The sync parts of the UI: following the engine's state, the status on the home screen,
//! and the "Handboek bijwerken" block of the settings (log in, choose a hospice, update
//! now, log out).

use kompas_proto::{CommandError, LoginForm, SyncActivity, SyncView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::context::use_ui;
use crate::i18n::Texts;
use crate::ipc;

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Keeps `sync` equal to the engine's state: a long poll that the shell answers as soon as
/// anything changes (progress, a completed sync, an error), so nothing polls on a timer.
pub fn follow(sync: RwSignal<SyncView>) {
    spawn_local(async move {
        loop {
            let seen = sync.with_untracked(|view| view.version);
            match ipc::sync_watch(seen).await {
                Ok(view) if view.version != seen => sync.set(view),
                Ok(_) => {}
                // The shell is busy or restarting its state: try again shortly.
                Err(_) => sleep(5_000).await,
            }
        }
    });
}

/// Asks the engine to sync now (a button, or the network came back).
pub fn sync_now() {
    spawn_local(async {
        let _ = ipc::sync_now().await;
    });
}

/// A moment in local time, relative to today: "vandaag 14:32".
pub(crate) fn moment(ms: i64, t: &Texts) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let now = js_sys::Date::new_0();
    let midnight = |d: &js_sys::Date| {
        js_sys::Date::new_with_year_month_day(
            d.get_full_year(),
            d.get_month() as i32,
            d.get_date() as i32,
        )
        .get_time()
    };
    // Rounded, so a day of 23 or 25 hours (daylight saving) still counts as one.
    let days_ago = ((midnight(&now) - midnight(&date)) / 86_400_000.0).round() as i64;
    let time = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
    t.moment(days_ago, date.get_date(), date.get_month(), &time)
}

/// The state of sync in words.
fn status_text(view: &SyncView, t: &Texts) -> String {
    let last = view.last_synced_ms.map(|ms| moment(ms, t));
    let next = match view.activity {
        SyncActivity::Offline { .. } | SyncActivity::Failed { .. } => {
            view.next_attempt_ms.map(|ms| moment(ms, t))
        }
        _ => None,
    };
    let line = t.sync_line(&view.activity, last.as_deref(), next.as_deref());
    match t.waiting_line(view.waiting) {
        Some(waiting) => format!("{line} {waiting}"),
        None => line,
    }
}

/// What the home screen says about sync: one quiet line while all is well, a notice with
/// a way to settings when the user has to act, nothing when no server is set up.
pub fn home_status() -> impl IntoView {
    let ui = use_ui();
    let (sync, t) = (ui.sync, ui.texts());
    move || {
        let view = sync.get();
        match view.activity {
            SyncActivity::NotConnected => None,
            SyncActivity::LoginNeeded | SyncActivity::ChooseOrganization => Some(
                view! {
                    <div class="sync-notice" role="status">
                        <p>{status_text(&view, t)}</p>
                        <a class="button-link" href="#/settings">{t.sync.to_settings}</a>
                    </div>
                }
                .into_any(),
            ),
            _ => Some(
                view! {
                    <p class="sync-line" role="status" aria-live="polite">{status_text(&view, t)}</p>
                }
                .into_any(),
            ),
        }
    }
}

/// The address as the user would type it (no trailing slash).
fn shown_address(server: &str) -> String {
    server.trim_end_matches('/').to_owned()
}

/// The "Handboek bijwerken" block of the settings screen.
pub fn settings_block() -> impl IntoView {
    let ui = use_ui();
    let (sync, t) = (ui.sync, ui.texts());
    let start = sync.get_untracked();
    let server = RwSignal::new(
        start
            .server
            .as_deref()
            .map(shown_address)
            .unwrap_or_default(),
    );
    let username = RwSignal::new(start.username.clone().unwrap_or_default());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<CommandError>);

    let run = move |call: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<SyncView, CommandError>>>,
    >| {
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match call.await {
                Ok(view) => {
                    password.set(String::new());
                    sync.set(view);
                }
                Err(error) => problem.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let on_login = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let form = LoginForm {
            server: server.get_untracked(),
            username: username.get_untracked(),
            password: password.get_untracked(),
        };
        run(Box::pin(async move { ipc::sync_login(&form).await }));
    };
    let on_choose = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        run(Box::pin(async move { ipc::sync_choose(&chosen).await }));
    };
    let on_logout = move |_| run(Box::pin(ipc::sync_logout()));

    let problem_view = move || {
        problem.get().map(|error| {
            view! {
                <div class="form-problem" role="alert">
                    <p>{t.login_problem(error.code)}</p>
                    <details><summary>{t.screens.details}</summary><p class="detail">{error.detail}</p></details>
                </div>
            }
        })
    };

    let signed_in = move || {
        let view = sync.get();
        let who = t.signed_in_as(
            view.username.as_deref().unwrap_or_default(),
            &view
                .server
                .as_deref()
                .map(shown_address)
                .unwrap_or_default(),
        );
        let chosen = view.organization.as_ref().map(|o| o.id.clone());
        let hospice = if view.organizations.len() > 1 {
            let options = view
                .organizations
                .iter()
                .map(|o| {
                    let selected = chosen.as_deref() == Some(o.id.as_str());
                    view! {
                        <option value=o.id.clone() selected=selected>
                            {format!("{} ({})", o.name, t.role(o.role))}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for="hospice">{t.sync.hospice_label}</label>
                    <select id="hospice" on:change=on_choose prop:disabled=move || busy.get()>
                        {chosen.is_none().then(|| view! { <option value="" selected=true disabled=true>{t.sync.choose_hospice}</option> })}
                        {options}
                    </select>
                </div>
            }
            .into_any()
        } else {
            let name = view
                .organization
                .as_ref()
                .map(|o| format!("{} ({})", o.name, t.role(o.role)))
                .unwrap_or_default();
            view! { <p>{t.sync.hospice_label}": "{name}</p> }.into_any()
        };
        let can_sync = chosen.is_some() && !matches!(view.activity, SyncActivity::Syncing { .. });
        view! {
            <p>{who}</p>
            {hospice}
            <p class="sync-line" role="status" aria-live="polite">{status_text(&view, t)}</p>
            {problem_view}
            <div class="actions">
                <button type="button" class="primary" prop:disabled=!can_sync on:click=move |_| sync_now()>
                    {t.sync.sync_now_button}
                </button>
                <button type="button" class="secondary" prop:disabled=move || busy.get() on:click=on_logout>
                    {t.sync.logout_button}
                </button>
            </div>
            <p class="hint">{t.sync.logout_hint}</p>
        }
    };

    // Memos, so typing in the form is not re-rendered away by unrelated state changes.
    let is_signed_in = Memo::new(move |_| sync.with(|v| v.signed_in));
    let login_needed = Memo::new(move |_| sync.with(|v| v.activity == SyncActivity::LoginNeeded));
    let login = move || {
        let needed = login_needed.get();
        view! {
            {needed.then(|| view! {
                <div class="sync-notice" role="status">
                    <p><strong>{t.sync.login_again_title}</strong></p>
                    <p>{t.sync.login_again_body}</p>
                </div>
            })}
            <p>{t.sync.intro}</p>
            {(!needed).then(|| view! { <p class="hint">{t.sync.unlinked}</p> })}
            <form class="login" on:submit=on_login>
                <div class="field">
                    <label for="server">{t.sync.server_label}</label>
                    <input
                        id="server"
                        type="url"
                        inputmode="url"
                        autocomplete="url"
                        autocapitalize="none"
                        spellcheck="false"
                        placeholder=t.sync.server_placeholder
                        prop:value=move || server.get()
                        on:input=move |ev| server.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="username">{t.sync.username_label}</label>
                    <input
                        id="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="password">{t.sync.password_label}</label>
                    <input
                        id="password"
                        type="password"
                        autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </div>
                {problem_view}
                <button type="submit" class="primary" prop:disabled=move || busy.get()>
                    {move || if busy.get() { t.sync.login_busy } else { t.sync.login_button }}
                </button>
            </form>
        }
    };

    view! {
        <section class="sync" aria-labelledby="sync-heading">
            <h2 id="sync-heading">{t.sync.heading}</h2>
            {move || if is_signed_in.get() {
                signed_in().into_any()
            } else {
                login().into_any()
            }}
        </section>
    }
}
