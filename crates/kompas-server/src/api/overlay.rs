//! A hospice's own handbook (issue #13): its overlay on the region's base. Any member of
//! the hospice reads it and a section's history; only its managers publish, each change a
//! compare-and-swap on the version it started from.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kompas_proto::overlay::{
    FactsUpdate, OverlayPublish, OverlayReceipt, OverlayState, SectionHistory,
};
use kompas_proto::sync::{ProblemKind, Role};

use super::{json_problem, path_problem, Caller};
use crate::db::overlay::OverlayError;
use crate::problem::ApiError;
use crate::AppState;

/// The region of a hospice the caller is a member of (any role).
async fn require_member(
    state: &AppState,
    caller: &Caller,
    organization: &str,
) -> Result<String, ApiError> {
    match state
        .db
        .organization_access(caller.owner.account_id, organization)
        .await?
    {
        Some(access) if access.reader => Ok(access.region),
        _ => Err(ApiError::forbidden(format!(
            "You are not a member of organization `{organization}`. Log in with an account of \
             that hospice, or ask its manager to add you."
        ))),
    }
}

/// The region of a hospice the caller manages, and the caller's user name.
async fn require_manager(
    state: &AppState,
    caller: &Caller,
    organization: &str,
) -> Result<(String, String), ApiError> {
    let account = state.db.account(caller.owner.account_id).await?;
    account
        .memberships
        .iter()
        .find(|m| m.organization_id == organization && m.role == Role::Manager)
        .map(|m| (m.region_id.clone(), account.username.clone()))
        .ok_or_else(|| {
            ApiError::forbidden(format!(
                "Only a manager of hospice `{organization}` may change its handbook. Log in \
                 with the manager's account of that hospice."
            ))
        })
}

fn overlay_problem(error: OverlayError) -> ApiError {
    match error {
        OverlayError::Stale { current } => ApiError::new(
            StatusCode::CONFLICT,
            ProblemKind::Conflict,
            format!(
                "Another manager changed this meanwhile; it is now at version {current}. Your \
                 text is kept: fetch the overlay again, compare, and publish based on version \
                 {current}."
            ),
        )
        .with_current_version(current),
        OverlayError::Unprocessable(detail) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::Unprocessable,
            detail,
        ),
        OverlayError::Db(error) => error.into(),
    }
}

/// The hospice's overlay as published (members of the hospice).
pub async fn overlay(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<OverlayState>, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    require_member(&state, &caller, &organization).await?;
    Ok(Json(state.db.overlay(&organization).await?))
}

/// Publishes one local change, or takes it back (managers of the hospice).
pub async fn publish_entry(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<OverlayPublish>, JsonRejection>,
) -> Result<Json<OverlayReceipt>, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    let Json(request) = body.map_err(json_problem)?;
    let (region, username) = require_manager(&state, &caller, &organization).await?;
    state
        .db
        .publish_overlay(
            &organization,
            &region,
            caller.owner.account_id,
            &username,
            &request,
        )
        .await
        .map(Json)
        .map_err(overlay_problem)
}

/// Replaces the hospice's facts (managers of the hospice).
pub async fn update_facts(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<FactsUpdate>, JsonRejection>,
) -> Result<Json<OverlayReceipt>, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    let Json(request) = body.map_err(json_problem)?;
    let (_, username) = require_manager(&state, &caller, &organization).await?;
    state
        .db
        .update_facts(&organization, caller.owner.account_id, &username, &request)
        .await
        .map(Json)
        .map_err(overlay_problem)
}

/// Every revision of a section, the region's and the hospice's (members of the hospice).
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<SectionHistory>, ApiError> {
    let Path((organization, section)) = path.map_err(path_problem)?;
    let region = require_member(&state, &caller, &organization).await?;
    Ok(Json(
        state
            .db
            .section_history(&organization, &region, &section)
            .await?,
    ))
}
