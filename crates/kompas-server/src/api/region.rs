//! The region's view: what a coordinator reads and marks for every hospice of the region,
//! the exports, and what a manager reads about the own hospice beside the region.
//!
//! Who may call what is checked here, before the database is asked: a coordinator only for
//! the regions of `coordinator_of` (administrators included: running the server is not
//! reading the hospices' self-evaluations), a manager only for the own hospice.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kompas_proto::region::{
    Comparison, HospiceDetail, OwnSubmissions, Progress, RegionOverview, RegionTrend, Review,
    ReviewRequest,
};
use kompas_proto::sync::{ProblemKind, Role};
use serde::Deserialize;

use super::{json_problem, path_problem, Caller};
use crate::export::{actions_csv, results_csv, CSV_CONTENT_TYPE};
use crate::problem::ApiError;
use crate::AppState;

/// The years a query may name: far enough back for any archive, never a typo like 20260.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    year: Option<i32>,
}

/// The `year` of a query, checked; `None` when it is left out.
fn year_of(query: Result<Query<YearQuery>, QueryRejection>) -> Result<Option<i32>, ApiError> {
    let Query(query) = query.map_err(|e| {
        ApiError::bad_request(format!(
            "{}. The only parameter is `year`, a year such as 2026.",
            e.body_text()
        ))
    })?;
    match query.year {
        Some(year) if !YEARS.contains(&year) => Err(ApiError::bad_request(format!(
            "`year` must be between {} and {}.",
            YEARS.start(),
            YEARS.end()
        ))),
        year => Ok(year),
    }
}

/// The `year` a query must name.
fn required_year(query: Result<Query<YearQuery>, QueryRejection>) -> Result<i32, ApiError> {
    year_of(query)?.ok_or_else(|| {
        ApiError::bad_request("Name the year: add `?year=` with a year such as 2026.")
    })
}

async fn require_coordinator(
    state: &AppState,
    caller: &Caller,
    region: &str,
) -> Result<(), ApiError> {
    let account = state.db.account(caller.owner.account_id).await?;
    if account.coordinator_of.iter().any(|r| r == region) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "Only a coordinator of region `{region}` may read or mark its self-evaluations. \
             Log in with the coordinator's account of that region."
        )))
    }
}

/// The region of a hospice the caller manages.
async fn require_manager(
    state: &AppState,
    caller: &Caller,
    organization: &str,
) -> Result<String, ApiError> {
    let account = state.db.account(caller.owner.account_id).await?;
    account
        .memberships
        .into_iter()
        .find(|m| m.organization_id == organization && m.role == Role::Manager)
        .map(|m| m.region_id)
        .ok_or_else(|| {
            ApiError::forbidden(format!(
                "Only a manager of hospice `{organization}` may read this. Log in with the \
                 manager's account of that hospice."
            ))
        })
}

/// Every hospice of the region in a year (the newest with a submission by default).
pub async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<RegionOverview>, ApiError> {
    let Path(region) = path.map_err(path_problem)?;
    let year = year_of(query)?;
    require_coordinator(&state, &caller, &region).await?;
    Ok(Json(state.db.region_overview(&region, year).await?))
}

/// One hospice's self-evaluation of a year, with the year before.
pub async fn hospice(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<HospiceDetail>, ApiError> {
    let Path((region, organization)) = path.map_err(path_problem)?;
    let year = required_year(query)?;
    require_coordinator(&state, &caller, &region).await?;
    Ok(Json(
        state
            .db
            .region_hospice(&region, &organization, year)
            .await?,
    ))
}

/// The region per theme over the years.
pub async fn trend(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<RegionTrend>, ApiError> {
    let Path(region) = path.map_err(path_problem)?;
    require_coordinator(&state, &caller, &region).await?;
    Ok(Json(state.db.region_trend(&region).await?))
}

/// Marks a submission Ontvangen or Besproken, with an optional note to the hospice.
pub async fn review(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<ReviewRequest>, JsonRejection>,
) -> Result<Json<Review>, ApiError> {
    let Path((region, uuid)) = path.map_err(path_problem)?;
    let Json(request) = body.map_err(json_problem)?;
    require_coordinator(&state, &caller, &region).await?;
    if request.note.contains('\0') {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::Unprocessable,
            "The note contains a NUL character, which cannot be stored. Remove it and send \
             the mark again.",
        ));
    }
    Ok(Json(
        state
            .db
            .review_submission(
                &region,
                &uuid,
                request,
                caller.owner.account_id,
                &caller.owner.username,
            )
            .await?,
    ))
}

/// `results.csv`: one row per hospice and theme.
pub async fn results(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(region) = path.map_err(path_problem)?;
    let year = year_of(query)?;
    require_coordinator(&state, &caller, &region).await?;
    let overview = state.db.region_overview(&region, year).await?;
    let name = format!("zelfevaluaties-{region}-{}.csv", overview.year);
    csv_response(&name, results_csv(&overview))
}

/// `actions.csv`: one row per improvement action.
pub async fn actions(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(region) = path.map_err(path_problem)?;
    let year = year_of(query)?;
    require_coordinator(&state, &caller, &region).await?;
    let year = match year {
        Some(year) => year,
        None => state.db.newest_year(&region).await?,
    };
    let actions = state.db.region_actions(&region, year).await?;
    let name = format!("verbeteracties-{region}-{year}.csv");
    csv_response(&name, actions_csv(&actions))
}

fn csv_response(file_name: &str, body: Result<Vec<u8>, csv::Error>) -> Result<Response, ApiError> {
    let body = body.map_err(|error| {
        tracing::error!(%error, "an export could not be written");
        ApiError::internal()
    })?;
    // Only characters every header and file system takes: a region id is the admin's choice.
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    Ok((
        [
            (header::CONTENT_TYPE, CSV_CONTENT_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// The own hospice beside the region, for its manager.
pub async fn comparison(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<Comparison>, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    let year = required_year(query)?;
    let region = require_manager(&state, &caller, &organization).await?;
    Ok(Json(
        state.db.comparison(&region, &organization, year).await?,
    ))
}

/// The hospice's own submissions with the coordinator's marks, for its managers' devices.
pub async fn own_submissions(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<OwnSubmissions>, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    let region = require_manager(&state, &caller, &organization).await?;
    Ok(Json(
        state.db.own_submissions(&region, &organization).await?,
    ))
}

/// The year of a path, checked as a query's.
fn path_year(year: i32) -> Result<i32, ApiError> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::bad_request(format!(
            "The year in the path must be between {} and {}.",
            YEARS.start(),
            YEARS.end()
        )))
    }
}

/// A manager shares the hospice's progress with a year's self-evaluation (counts only),
/// so that the coordinator sees "concept" instead of "nog niet ontvangen".
pub async fn share_progress(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, i32)>, PathRejection>,
    body: Result<Json<Progress>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Path((organization, year)) = path.map_err(path_problem)?;
    let year = path_year(year)?;
    let Json(progress) = body.map_err(json_problem)?;
    require_manager(&state, &caller, &organization).await?;
    // Each count fits the schema on its own; together they may not fit each other.
    if progress.answered > progress.questions {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::Unprocessable,
            format!(
                "`answered` ({}) is more than `questions` ({}). Send how many of the \
                 questions are answered.",
                progress.answered, progress.questions
            ),
        ));
    }
    state
        .db
        .share_progress(&organization, year, Some(progress))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A manager stops sharing the progress; what was shared is forgotten.
pub async fn stop_sharing_progress(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, i32)>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path((organization, year)) = path.map_err(path_problem)?;
    let year = path_year(year)?;
    require_manager(&state, &caller, &organization).await?;
    state.db.share_progress(&organization, year, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
