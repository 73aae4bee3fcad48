//! The message screens: a section that is not there, a command that failed, a damaged
//! store, and a window whose parts do not match. Each says what happened and what to do.

use kompas_proto::{CommandError, StoreStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Page;
use crate::context::use_ui;
use crate::i18n::texts;
use crate::ipc;
use crate::startup::Mismatch;

pub fn not_found() -> impl IntoView {
    let t = use_ui().texts();
    view! {
        <section class="message">
            <h1 tabindex="-1">{t.errors.not_found_title}</h1>
            <p>{t.errors.not_found_body}</p>
            <p><a class="button-link" href="#/handbook">{t.screens.handbook_heading}</a></p>
        </section>
    }
}

/// A command failed; "Opnieuw proberen" loads the screen again.
pub fn failed(error: CommandError) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    view! {
        <section class="message" role="alert">
            <h1 tabindex="-1">{t.errors.error_title}</h1>
            <p>{t.error_detail(error.code)}</p>
            <details><summary>{t.screens.details}</summary><p class="detail">{error.detail}</p></details>
            <button type="button" class="primary" on:click=move |_| ui.reload()>
                {t.errors.error_retry}
            </button>
        </section>
    }
}

/// The local store cannot be read: the way out is to set it aside and start again with
/// the bundled handbook (the shell keeps the damaged file).
pub fn damaged(message: String, path: String) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    let reset = move |_| {
        spawn_local(async move {
            match ipc::reset_store().await {
                Ok(StoreStatus::Ready) => {
                    ui.ready.set(true);
                    ui.reload();
                }
                Ok(StoreStatus::Damaged { message, path }) => {
                    ui.page.set(Page::Damaged { message, path })
                }
                Err(error) => ui.page.set(Page::Failed(error)),
            }
        });
    };
    view! {
        <section class="message damaged" role="alert">
            <h1 tabindex="-1">{t.errors.damaged_title}</h1>
            <p>{t.errors.damaged_body}</p>
            {(!path.is_empty()).then(|| view! { <p class="detail">{t.errors.damaged_file}": "{path}</p> })}
            <details><summary>{t.screens.details}</summary><p class="detail">{message}</p></details>
            <button type="button" class="primary" on:click=reset>
                {t.errors.damaged_button}
            </button>
        </section>
    }
}

/// The shell speaks another protocol than this window. Mounted on its own, without the
/// app around it: nothing else can be asked of a shell whose answers would be misread.
pub fn mismatch(mismatch: &Mismatch) -> impl IntoView {
    let t = texts(mismatch.language);
    view! {
        <main id="main" tabindex="-1">
            <section class="message" role="alert">
                <h1 tabindex="-1">{t.errors.mismatch_title}</h1>
                <p>{t.errors.mismatch_body}</p>
                <p class="hint">{t.errors.mismatch_developer}</p>
                <details><summary>{t.screens.details}</summary><p class="detail">{mismatch.detail()}</p></details>
            </section>
        </main>
    }
}
