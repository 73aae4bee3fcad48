//! Gelezen en begrepen (issue #13 §4): a hospice's list of readers and their
//! acknowledgements of must-read changes. Members of the hospice (volunteers and managers)
//! read the list and acknowledge on a shared device; only its managers change the list. A
//! coordinator of the region or an administrator who is no member reads the handbook, but
//! not who of the hospice read what: that is the hospice's own record of its people.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use kompas_proto::reading::{
    Acknowledgement, AcknowledgementRequest, Reader, ReaderUpdate, ReadersPage,
};
use kompas_proto::sync::{ProblemKind, Role};
use serde::Deserialize;

use super::{json_problem, path_problem, Caller};
use crate::db::{canonical_uuid, ReadingError};
use crate::problem::ApiError;
use crate::AppState;

/// The caller's role in a hospice they are a member of. The same refusal for a hospice
/// that does not exist: ids are not secrets, but there is no reason to confirm them.
async fn require_membership(
    state: &AppState,
    caller: &Caller,
    organization: &str,
) -> Result<Role, ApiError> {
    state
        .db
        .organization_access(caller.owner.account_id, organization)
        .await?
        .and_then(|access| access.role)
        .ok_or_else(|| {
            ApiError::forbidden(format!(
                "You are not a member of hospice `{organization}`: only its volunteers and \
                 managers see its list of readers and what they read. Log in with an account \
                 of that hospice, or ask its manager to add you."
            ))
        })
}

fn reading_problem(error: ReadingError) -> ApiError {
    match error {
        ReadingError::Conflict(detail) => {
            ApiError::new(StatusCode::CONFLICT, ProblemKind::Conflict, detail)
        }
        ReadingError::Unprocessable(detail) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::Unprocessable,
            detail,
        ),
        ReadingError::Db(error) => error.into(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadersQuery {
    after: Option<String>,
}

/// The `after` of a readers pull: the `last` of an earlier answer.
fn parse_after(text: &str) -> Result<i64, ApiError> {
    text.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
        ApiError::bad_request(format!(
            "`after` is `{}`; send the `last` of the previous answer (a whole number, 0 or \
                 more), or leave it out for everything.",
            text.escape_debug()
        ))
    })
}

/// The hospice's whole list of names and its acknowledgements stored after `after`
/// (members of the hospice). At most `db::MAX_ACKNOWLEDGEMENTS_PER_PAGE` acknowledgements
/// an answer, the oldest first; `last` is the number of the last one in it, so a device
/// asks again with `after=last` until an answer brings none.
pub async fn readers(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ReadersQuery>, QueryRejection>,
) -> Result<Json<ReadersPage>, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let after = query.after.as_deref().map_or(Ok(0), parse_after)?;
    require_membership(&state, &caller, &organization).await?;
    Ok(Json(state.db.readers(&organization, after).await?))
}

/// Adds a name to the hospice's list, corrects it, or takes it off (managers of the
/// hospice). The id is the reader's for good: a corrected name keeps its acknowledgements.
pub async fn save_reader(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<ReaderUpdate>, JsonRejection>,
) -> Result<Json<Reader>, ApiError> {
    let Path((organization, id)) = path.map_err(path_problem)?;
    if canonical_uuid(&id).is_none() {
        return Err(ApiError::bad_request(format!(
            "`{}` is not a reader id: use a UUID in lowercase with dashes, made where the name \
             was added, and the same one whenever that name is corrected.",
            id.escape_debug()
        )));
    }
    let Json(update) = body.map_err(json_problem)?;
    let role = state
        .db
        .organization_access(caller.owner.account_id, &organization)
        .await?
        .and_then(|access| access.role);
    if role != Some(Role::Manager) {
        return Err(ApiError::forbidden(format!(
            "Only a manager of hospice `{organization}` may change its list of readers. Log in \
             with the manager's account of that hospice."
        )));
    }
    state
        .db
        .save_reader(&organization, &id, caller.owner.account_id, &update)
        .await
        .map(Json)
        .map_err(reading_problem)
}

/// A person from the hospice's list tapped "Gelezen en begrepen" (members of the
/// hospice): stored once per UUID; the same again is answered as stored.
pub async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<AcknowledgementRequest>, JsonRejection>,
) -> Result<Json<Acknowledgement>, ApiError> {
    let Path((organization, id)) = path.map_err(path_problem)?;
    if canonical_uuid(&id).is_none() {
        return Err(ApiError::bad_request(format!(
            "`{}` is not an acknowledgement id: use a UUID (version 7, made on the device) in \
             lowercase with dashes, the same one for every retry.",
            id.escape_debug()
        )));
    }
    let Json(request) = body.map_err(json_problem)?;
    require_membership(&state, &caller, &organization).await?;
    state
        .db
        .acknowledge(&organization, &id, caller.owner.account_id, &request)
        .await
        .map(Json)
        .map_err(reading_problem)
}
