//! The region's view of the self-evaluations: what a coordinator reads about every hospice
//! of the region, what a manager reads about the own hospice beside the region, and the
//! coordinator's review mark that goes back to the hospice. Wire types of the sync API
//! (`/api/v1/regions/...`, `/api/v1/organizations/{org}/...`) that also cross IPC.
//!
//! Privacy is part of the types: [`Comparison`] has no field that could hold another
//! hospice's figure, a minimum, a maximum, a total or a count below the threshold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::checklist::{ChecklistDefinition, ChecklistRef, SelfEvaluation, ThemeScore};

/// The fewest hospices with a score for a theme in a year before a manager sees the
/// region's figures for it (a common minimum group size; see SELF-EVALUATION.md).
pub const MIN_COMPARISON_GROUP: u32 = 5;

/// The coordinator's mark on a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    /// Ontvangen: the coordinator has seen it.
    Received,
    /// Besproken: discussed with the hospice or in the regional meeting.
    Discussed,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Received => "received",
            ReviewState::Discussed => "discussed",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewState> {
        match text {
            "received" => Some(ReviewState::Received),
            "discussed" => Some(ReviewState::Discussed),
            _ => None,
        }
    }
}

/// `PUT /api/v1/regions/{region}/submissions/{uuid}/review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub state: ReviewState,
    /// A note back to the hospice; empty for none.
    #[serde(default)]
    pub note: String,
}

/// A review as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub state: ReviewState,
    pub note: String,
    /// The coordinator's user name.
    pub by: String,
    /// RFC 3339.
    pub at: String,
}

/// Where a hospice stands with a year's self-evaluation, as the coordinator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HospiceYearState {
    /// Nothing sent for the year ("nog niet ontvangen"), and the hospice does not share its
    /// progress: its draft stays on its devices.
    NotReceived,
    /// The hospice shares its progress and has not answered anything yet.
    NotStarted,
    /// The hospice shares its progress and is answering ("concept").
    Concept,
    /// Sent, not yet marked by the coordinator.
    Sent,
    Received,
    Discussed,
}

/// `PUT /api/v1/organizations/{org}/evaluations/{year}/progress`: how far a hospice that
/// chose to share its progress is with a year's self-evaluation. Counts only: no answer,
/// no text and no score leaves the device before the self-evaluation is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Questions answered in any way, N.v.t. included.
    pub answered: u32,
    pub questions: u32,
}

/// The most questions a shared progress may count (a self-evaluation has tens).
pub const MAX_PROGRESS_QUESTIONS: u32 = 10_000;

/// A theme as a region's overview lists it: its id and its title in the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeInfo {
    pub id: String,
    pub title: String,
}

/// The median and interquartile range of the scores of one theme (quartiles by linear
/// interpolation, as Excel's and LibreOffice's `QUARTILE`), with how many hospices they
/// stand on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub hospices: u32,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

/// The region's figures for one theme in one year; `spread` is `None` when no hospice has
/// a score for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeSpread {
    pub theme: String,
    pub spread: Option<Spread>,
}

/// One hospice in the coordinator's overview of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HospiceRow {
    pub organization_id: String,
    pub name: String,
    pub state: HospiceYearState,
    /// The current submission (the newest correction) of the year, if any.
    pub submission: Option<String>,
    pub received_at: Option<String>,
    pub review: Option<Review>,
    /// By theme, in the order of [`RegionOverview::themes`]; empty when nothing was sent.
    pub scores: Vec<ThemeScore>,
    /// Actions still gepland or bezig.
    pub open_actions: u32,
    /// The open actions by theme id (themes without one left out).
    #[serde(default)]
    pub open_actions_by_theme: BTreeMap<String, u32>,
    /// The shared progress of a hospice that has not sent the year's (`None` when it does
    /// not share, or has sent).
    #[serde(default)]
    pub progress: Option<Progress>,
}

/// `GET /api/v1/regions/{region}/overview?year=Y`: every hospice of the region, sorted by
/// name (never by score), and the region's figures per theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionOverview {
    pub region: String,
    pub region_name: String,
    pub year: i32,
    /// Years that have any submission in the region, newest first.
    pub years: Vec<i32>,
    pub themes: Vec<ThemeInfo>,
    pub hospices: Vec<HospiceRow>,
    pub region_themes: Vec<ThemeSpread>,
}

/// A submission in full, as the coordinator reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionDetail {
    pub uuid: String,
    pub received_at: String,
    pub review: Option<Review>,
    pub scores: Vec<ThemeScore>,
    pub rule: String,
    /// The checklist it answers, for the questions' texts.
    pub definition: ChecklistDefinition,
    pub evaluation: SelfEvaluation,
}

/// `GET /api/v1/regions/{region}/hospices/{org}?year=Y`: one hospice's year, beside the
/// year before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HospiceDetail {
    pub organization_id: String,
    pub name: String,
    pub year: i32,
    pub current: Option<SubmissionDetail>,
    /// The newest earlier year with a submission.
    pub previous: Option<SubmissionDetail>,
}

/// One hospice's scores in one year, for a trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearScores {
    pub year: i32,
    pub scores: Vec<ThemeScore>,
}

/// A hospice's scores over the years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HospiceTrend {
    pub organization_id: String,
    pub name: String,
    /// Oldest first.
    pub years: Vec<YearScores>,
}

/// The region's figures of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearSpread {
    pub year: i32,
    pub themes: Vec<ThemeSpread>,
}

/// `GET /api/v1/regions/{region}/trend`: the region per theme over the years, and each
/// hospice's year-over-year scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionTrend {
    pub region: String,
    pub themes: Vec<ThemeInfo>,
    /// Oldest first.
    pub years: Vec<YearSpread>,
    pub hospices: Vec<HospiceTrend>,
}

/// The region beside a hospice for one theme, as its manager may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum RegionFigure {
    /// At least [`MIN_COMPARISON_GROUP`] hospices have a score.
    Compared { q1: f64, median: f64, q3: f64 },
    /// Fewer hospices have a score: "te weinig deelnemers om te vergelijken". No figures.
    TooFew,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeComparison {
    pub theme: String,
    pub title: String,
    /// The hospice's own score; `None` for "geen score" or nothing sent.
    pub own: Option<u32>,
    pub region: RegionFigure,
}

/// `GET /api/v1/organizations/{org}/comparison?year=Y`, for a manager of the hospice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub organization_id: String,
    pub year: i32,
    /// Whether the hospice has sent the year's self-evaluation.
    pub sent: bool,
    /// The group size below which a theme has no figures.
    pub min_group: u32,
    pub themes: Vec<ThemeComparison>,
}

/// One of the hospice's own submissions with the coordinator's mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnSubmission {
    pub uuid: String,
    pub year: i32,
    pub checklist: ChecklistRef,
    pub received_at: String,
    pub review: Option<Review>,
}

/// `GET /api/v1/organizations/{org}/submissions`: the hospice's current submissions (no
/// replaced ones), newest year first, for a manager's devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnSubmissions {
    pub submissions: Vec<OwnSubmission>,
}

/// An answer of the server as the device shows it: fresh, or the last one fetched when the
/// server cannot be reached (the screen says so, with the time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fetched<T> {
    pub value: T,
    /// When the server gave this answer (Unix milliseconds).
    pub fetched_at_ms: i64,
    /// The server could not be reached now; this is the answer kept from before.
    pub stale: bool,
}
