//! The Kwaliteitskompas front-end: Leptos, client-side rendered, compiled to wasm.
//!
//! - [`ipc`] is the only module that talks to the app shell; it is typed by `kompas-proto`.
//! - [`route`] maps the URL hash to a screen, so the webview's own history gives back and
//!   forward for free.
//! - [`i18n`] holds every string the user sees, Dutch first, English second.
//! - [`app`] is the screens; [`sync`] the parts that show and steer sync.
//!
//! This crate knows nothing of SQLite, Tauri internals or the network: it renders what the
//! shell returns.

mod app;
mod i18n;
mod ipc;
mod route;
mod sync;

fn main() {
    console_error_panic_hook::set_once();
    app::start();
}
