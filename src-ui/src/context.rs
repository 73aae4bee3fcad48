//! The state every screen shares, provided once by [`crate::app::App`] through Leptos'
//! context. A screen takes only its own data as arguments and finds the rest with
//! [`use_ui`], so a new screen is a new module and one route, not one more argument
//! passed down by position.

use kompas_proto::{Language, Settings, SyncView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{texts, Texts};
use crate::ipc;
use crate::route::Route;
use crate::screens::Page;

/// Signals and references of the whole UI. Every part is arena-allocated and `Copy`, so
/// closures and tasks capture the whole value.
#[derive(Clone, Copy)]
pub struct Ui {
    /// What the user chose (language, theme, larger text), saved in the local store.
    pub settings: RwSignal<Settings>,
    pub language: Memo<Language>,
    /// The screen the URL hash names.
    pub route: RwSignal<Route>,
    /// What the main area shows: the answer for `route` once it arrived.
    pub page: RwSignal<Page>,
    /// What the search box holds.
    pub query: RwSignal<String>,
    /// An external link that was tapped: shown, not followed.
    pub notice: RwSignal<Option<String>>,
    /// Bumped to load the current route again.
    pub reloads: RwSignal<u32>,
    /// False while the store is damaged: nothing is loaded until the user resets it.
    pub ready: RwSignal<bool>,
    /// The sync engine's state, kept current by [`crate::sync::follow`].
    pub sync: RwSignal<SyncView>,
    /// The region the Regio screens show, for an account that coordinates several; `None`
    /// for the first of them.
    pub region: RwSignal<Option<String>>,
    pub app_version: StoredValue<String>,
    pub search_input: NodeRef<leptos::html::Input>,
    pub main: NodeRef<leptos::html::Main>,
}

/// The shared state; only inside the tree that [`crate::app::App`] mounts, and read it
/// while rendering, not in an event handler (which runs outside the tree).
pub fn use_ui() -> Ui {
    expect_context::<Ui>()
}

impl Ui {
    /// The words of the chosen language; a view that calls this follows a change of it.
    pub fn texts(&self) -> &'static Texts {
        texts(self.language.get())
    }

    /// Loads the current route again (after a failure, a reset, or a sync that changed
    /// the handbook).
    pub fn reload(&self) {
        self.reloads.update(|n| *n += 1);
    }

    /// Changes a setting at once and saves it in the background.
    pub fn save_settings(&self, change: impl FnOnce(&mut Settings)) {
        self.settings.update(change);
        let chosen = self.settings.get_untracked();
        spawn_local(async move {
            // Settings are a convenience: if saving fails the choice still holds for now.
            let _ = ipc::save_settings(chosen).await;
        });
    }
}
