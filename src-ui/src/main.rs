//! The Kwaliteitskompas front-end: Leptos, client-side rendered, compiled to wasm.
//!
//! - [`ipc`] is the only module that talks to the app shell; it is typed by `kompas-proto`.
//! - [`startup`] checks the start-up answer: a shell of another protocol version gets a
//!   message, never a misread screen.
//! - [`app`] starts the UI and holds what is around the screens; [`context`] the state
//!   they share; [`frame`] the top bar; [`screens`] one module per screen; [`sync`] the
//!   parts that show and steer sync.
//! - [`route`] maps the URL hash to a screen, so the webview's own history gives back and
//!   forward for free.
//! - [`i18n`] holds every string the user sees, Dutch first, English second.
//!
//! This crate knows nothing of SQLite, Tauri internals or the network: it renders what the
//! shell returns.

mod app;
mod context;
mod frame;
mod i18n;
mod ipc;
mod route;
mod screens;
mod startup;
mod sync;

fn main() {
    console_error_panic_hook::set_once();
    app::start();
}
