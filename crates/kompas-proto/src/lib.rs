//! Wire types between the Kwaliteitskompas UI (wasm) and the app shell.
//!
//! These are the only types that cross the IPC boundary. They are plain serde structs,
//! versioned by [`PROTOCOL_VERSION`]; the domain types of `kompas-core` are converted to and
//! from them by hand so the domain can change without breaking the UI. This crate knows
//! nothing about SQLite, Tauri or the network.

use serde::{Deserialize, Serialize};

/// Bumped when a type here changes incompatibly. The shell sends its own in
/// [`StartupInfo::protocol_version`]; a UI bundle built against another version says so
/// instead of misreading the answers.
pub const PROTOCOL_VERSION: u32 = 7;

use sync::{ProblemKind, Role};

/// A section in a list (home, category, recent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSummary {
    pub id: String,
    pub title: String,
    pub category: String,
    pub critical: bool,
    /// Changed since this device's user last read it (a new revision arrived by sync).
    pub updated: bool,
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
    /// Changes to read and acknowledge ("Gelezen en begrepen").
    #[serde(default)]
    pub must_read: reading::MustReadHome,
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
    /// Changed since the user last read it; opening it now marks it read again.
    pub updated_since_read: bool,
    /// The checklists that link to this section.
    #[serde(default)]
    pub checklists: Vec<checklist::ChecklistSummary>,
    /// Where its text comes from, when the hospice made the region's handbook its own.
    #[serde(default)]
    pub source: SectionSource,
    /// Marked as must read and not yet acknowledged by the person reading (or
    /// acknowledged just now).
    #[serde(default)]
    pub must_read: Option<reading::SectionMustRead>,
}

/// Where a shown section's text comes from (issue #13).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionSource {
    /// The region's text as published (or as bundled with the app).
    #[default]
    Region,
    /// The region's text with the hospice's own block before or after it.
    Supplemented,
    /// The hospice's own text in place of the region's.
    Replaced,
    /// The hospice's own text in place of the region's, and the region changed its text
    /// since: volunteers see a small mark until a manager decides.
    ReplacedRegionChanged,
    /// A section of the hospice's own.
    Own,
}

impl SectionSource {
    /// The word stored for it.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionSource::Region => "region",
            SectionSource::Supplemented => "supplemented",
            SectionSource::Replaced => "replaced",
            SectionSource::ReplacedRegionChanged => "replaced-region-changed",
            SectionSource::Own => "own",
        }
    }

    /// Reads [`SectionSource::as_str`]; anything else is the region's.
    pub fn from_word(word: &str) -> SectionSource {
        match word {
            "supplemented" => SectionSource::Supplemented,
            "replaced" => SectionSource::Replaced,
            "replaced-region-changed" => SectionSource::ReplacedRegionChanged,
            "own" => SectionSource::Own,
            _ => SectionSource::Region,
        }
    }
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
    /// The section holds every word of the query (as typed, or as corrected).
    pub all_words: bool,
}

/// The answer to a search: the hits, best first, and what the screen says above them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// The query with its typos corrected, when a word was found only by allowing one
    /// ("verpleegkundige" for "verpleegkundge"): the screen asks "Bedoelde je …?".
    pub correction: Option<String>,
    pub outcome: SearchOutcome,
}

/// How the hits of a search relate to the query: never a dead end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SearchOutcome {
    /// The first hits hold every word (an empty query has no hits and this outcome).
    AllWords,
    /// No section holds every word; the hits hold most of them.
    SomeWords,
    /// Nothing matched: the handbook's categories and its critical protocols instead.
    NoMatch {
        categories: Vec<String>,
        critical: Vec<SectionSummary>,
    },
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
/// Externally tagged, like the other enums that cross IPC (see [`PageData`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreStatus {
    Ready,
    Damaged {
        /// What went wrong, for a person.
        message: String,
        /// Where the database file is.
        path: String,
    },
}

/// Why a command failed or a sync did not complete. The UI has a text for every code (it
/// matches exhaustively), so a new code without words fails to compile there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// No section with the asked id.
    NotFound,
    /// The local database cannot be read; the UI offers to set it aside.
    StoreDamaged,
    /// A failure inside the app; the detail is for support.
    Internal,
    /// The server cannot be reached (no network, server down, connection dropped).
    Offline,
    /// The token was refused (expired, revoked): log in again.
    LoginNeeded,
    /// The server refused and said why.
    Refused(ProblemKind),
    /// The server failed (5xx).
    Server,
    /// The server's answer was not what the sync API promises.
    Protocol,
    /// The local store could not take the changes.
    Store,
    /// An `http://` address to another machine: a token would travel in clear.
    InsecureAddress,
    /// Not a web address.
    BadAddress,
    MissingCredentials,
    /// The account belongs to no hospice, so there is no handbook to follow.
    NoOrganization,
    /// A hospice the account does not belong to.
    UnknownOrganization,
    /// Not possible now (a finished self-evaluation cannot be changed, only a manager
    /// may start one); the detail says why.
    NotPossible,
}

impl ErrorCode {
    /// Every code, each kind of refusal included, for tests that must cover them all.
    pub fn all() -> Vec<ErrorCode> {
        let mut all = vec![
            ErrorCode::NotFound,
            ErrorCode::StoreDamaged,
            ErrorCode::Internal,
            ErrorCode::Offline,
            ErrorCode::LoginNeeded,
            ErrorCode::Server,
            ErrorCode::Protocol,
            ErrorCode::Store,
            ErrorCode::InsecureAddress,
            ErrorCode::BadAddress,
            ErrorCode::MissingCredentials,
            ErrorCode::NoOrganization,
            ErrorCode::UnknownOrganization,
            ErrorCode::NotPossible,
        ];
        all.extend(ProblemKind::ALL.map(ErrorCode::Refused));
        all
    }
}

/// An error from a command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandError {
    pub code: ErrorCode,
    /// Detail in English, for logs and support.
    pub detail: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> CommandError {
        CommandError {
            code,
            detail: detail.into(),
        }
    }
}

/// The data of one screen, asked for by the UI's route. One command (`page`) answers all
/// of them, and `startup` answers the first one, so the first screen costs one IPC call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageRequest {
    Home,
    Handbook,
    Section {
        id: String,
    },
    Search {
        query: String,
    },
    /// The routine checklists and the self-evaluations.
    Checklists,
    /// One routine checklist, with what is ticked.
    Routine {
        id: String,
    },
    /// One self-evaluation.
    Evaluation {
        uuid: String,
    },
    /// The manager's "Ons handboek": facts and tailored sections.
    Tailoring,
    /// The manager's editor of one section.
    TailorSection {
        id: String,
    },
    /// The manager's "Gelezen en begrepen": who read which must-read change.
    Reading,
}

/// The answer to a [`PageRequest`], of the same kind. Externally tagged (`{"home": …}`):
/// an adjacently or internally tagged enum is decoded through serde's buffering `Content`,
/// which costs the wasm UI tens of kilobytes of code per enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageData {
    Home(HomeView),
    Handbook(Vec<CategoryView>),
    Section(SectionView),
    Search(SearchResults),
    Checklists(checklist::ChecklistsView),
    Routine(checklist::RoutineView),
    Evaluation(Box<checklist::EvaluationView>),
    Tailoring(tailoring::TailoringView),
    TailorSection(Box<tailoring::TailorSectionView>),
    Reading(reading::ReadingView),
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
    /// The shell's [`PROTOCOL_VERSION`]; the UI compares it with its own.
    pub protocol_version: u32,
    /// The sync state at start, so the first frame already says it.
    pub sync: SyncView,
}
/// One hospice the logged-in user may let this device follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationChoice {
    pub id: String,
    pub name: String,
    pub role: Role,
}

/// What the sync engine is doing, for the words the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SyncActivity {
    /// No server set up: the device uses the handbook that came with the app.
    #[default]
    NotConnected,
    /// Logged in to an account with several hospices: the user picks one.
    ChooseOrganization,
    /// Up to date as of `last_synced_ms`; the next check is at `next_attempt_ms`.
    Idle,
    /// Pulling changes; `pages` applied so far, with `changes` sections new, changed or gone.
    Syncing { pages: u32, changes: u32 },
    /// The server cannot be reached; retried by itself at `next_attempt_ms`.
    Offline { detail: String },
    /// The token expired or was revoked: the handbook keeps working, the user logs in again.
    LoginNeeded,
    /// The server or the device refused; `detail` is in English, for support. Retried at
    /// `next_attempt_ms`.
    Failed { code: ErrorCode, detail: String },
}

/// The device's link to the central server, as the settings screen and the status line
/// show it. Times are milliseconds since the Unix epoch, so the UI shows them in local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SyncView {
    /// Bumped on every change; `sync_watch` answers when it differs from the caller's.
    pub version: u64,
    /// The server last logged in to; kept after logging out, to log in again quickly.
    pub server: Option<String>,
    pub username: Option<String>,
    /// The device holds a token.
    pub signed_in: bool,
    /// The hospice whose handbook this device follows.
    pub organization: Option<OrganizationChoice>,
    /// The hospices the user may choose from.
    pub organizations: Vec<OrganizationChoice>,
    pub activity: SyncActivity,
    /// When a sync last completed.
    pub last_synced_ms: Option<i64>,
    /// Sections new, changed or removed by the most recent sync.
    pub last_changes: u32,
    /// When the next automatic attempt is due.
    pub next_attempt_ms: Option<i64>,
    /// Items in the outbox waiting to be sent (finished self-evaluations).
    #[serde(default)]
    pub waiting: u32,
    /// The regions the account coordinates: the app shows the Regio screen.
    #[serde(default)]
    pub coordinator_of: Vec<String>,
}

/// `sync_login`: the server address as typed, a user name and a password. The password
/// is sent once to the server and never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginForm {
    pub server: String,
    pub username: String,
    pub password: String,
}

/// For `skip_serializing_if`: a flag that is off is left out of the JSON.
pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

pub mod checklist;
pub mod overlay;
pub mod reading;
pub mod region;
pub mod sync;
pub mod tailoring;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_on_the_wire() {
        let json = |code: ErrorCode| serde_json::to_string(&code).expect("json");
        assert_eq!(json(ErrorCode::StoreDamaged), r#""store-damaged""#);
        assert_eq!(
            json(ErrorCode::Refused(ProblemKind::TooManyAttempts)),
            r#"{"refused":"https://kwaliteitskompas.nl/problems/too-many-attempts"}"#
        );
        for code in ErrorCode::all() {
            let back: ErrorCode = serde_json::from_str(&json(code)).expect("parse back");
            assert_eq!(back, code);
        }
    }
}
