//! Wire types between the Kwaliteitskompas UI (wasm) and the app shell.
//!
//! These are the only types that cross the IPC boundary. They are plain serde structs,
//! versioned by [`PROTOCOL_VERSION`]; the domain types of `kompas-core` are converted to and
//! from them by hand so the domain can change without breaking the UI. This crate knows
//! nothing about SQLite, Tauri or the network.

use serde::{Deserialize, Serialize};

/// Bumped when a type here changes incompatibly.
pub const PROTOCOL_VERSION: u32 = 1;

/// A section in a list (home, category, recent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSummary {
    pub id: String,
    pub title: String,
    pub category: String,
    pub critical: bool,
}

/// One category of the handbook with its sections in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryView {
    pub name: String,
    pub sections: Vec<SectionSummary>,
}

/// The home screen: critical protocols one tap away, and what was read recently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    pub critical: Vec<SectionSummary>,
    pub recent: Vec<SectionSummary>,
    pub section_count: u32,
}

/// A heading inside a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// A section ready to read. `html` is already sanitized by `kompas-markdown`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionView {
    pub id: String,
    pub title: String,
    pub category: String,
    pub critical: bool,
    pub tags: Vec<String>,
    /// ISO date (`2027-06-01`) by which the text should be reviewed.
    pub review_by: Option<String>,
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// A run of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPart {
    pub text: String,
    pub marked: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Vec<TextPart>,
    pub category: String,
    pub snippet: Vec<TextPart>,
    pub critical: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Nl,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Day,
    Night,
}

/// What the user chose; remembered in the local store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Settings {
    pub language: Language,
    pub theme: Theme,
    pub large_text: bool,
}

/// Whether the local store could be opened. A damaged store is reported, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StoreStatus {
    Ready,
    Damaged {
        /// What went wrong, for a person.
        message: String,
        /// Where the database file is.
        path: String,
    },
}

/// An error from a command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandError {
    /// A stable code the UI translates (`not_found`, `store_damaged`, `internal`).
    pub code: String,
    /// Detail in English, for logs and support.
    pub detail: String,
}

/// The data of one screen, asked for by the UI's route. One command (`page`) answers all
/// of them, and `startup` answers the first one, so the first screen costs one IPC call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageRequest {
    Home,
    Handbook,
    Section { id: String },
    Search { query: String },
}

/// The answer to a [`PageRequest`], of the same kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum PageData {
    Home(HomeView),
    Handbook(Vec<CategoryView>),
    Section(SectionView),
    Search(Vec<SearchHit>),
}

/// Everything the UI needs before it paints its first screen, in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartupInfo {
    pub status: StoreStatus,
    pub settings: Settings,
    /// The screen the UI asked for; `None` when the store is damaged. When `open_section`
    /// is set, this is that section instead.
    pub first_page: Option<Result<PageData, CommandError>>,
    /// A section to open instead of the screen the UI asked for (set by the start-up
    /// benchmark and by tests through the environment).
    pub open_section: Option<String>,
    /// When true, the UI reports its first painted section with `startup_painted`.
    pub probe: bool,
    pub app_version: String,
}
pub mod sync;
