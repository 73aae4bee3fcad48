//! The handlers of sync API v1. Each checks who is calling, asks the database, and answers
//! JSON or a problem document.

use std::sync::atomic::Ordering;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kompas_proto::sync::{
    ChangesPage, ChecklistsPage, Health, LoginRequest, LoginResponse, ProblemKind, Role,
    SubmissionRequest, MAX_PAGE_SIZE,
};
use serde::Deserialize;

pub mod overlay;
pub mod reading;
pub mod region;

use crate::auth;
use crate::db::{OrganizationAccess, SubmissionError, TokenOwner};
use crate::problem::ApiError;
use crate::AppState;

/// The caller of an endpoint that needs a login: the owner of a valid bearer token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub owner: TokenOwner,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(bearer_token)
            .filter(|token| !token.is_empty())
            .ok_or_else(ApiError::unauthorized)?;
        let token_hash = auth::token_hash(token);
        let now = chrono::Utc::now().timestamp();
        if let Some(owner) = state.tokens.get(&token_hash, now) {
            return Ok(Caller { owner, token_hash });
        }
        let owner = state
            .db
            .token_owner(&token_hash, now)
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        state.tokens.insert(token_hash.clone(), owner.clone());
        Ok(Caller { owner, token_hash })
    }
}

/// The token of an `Authorization: Bearer <token>` header; the scheme's name is
/// case-insensitive (RFC 9110, section 11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::DOCUMENT.as_str(),
    )
        .into_response()
}

pub async fn login(
    State(state): State<AppState>,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let Json(request) = body.map_err(json_problem)?;
    let username = request.username.trim().to_owned();
    if let Some(wait) = state.throttle.wait(&username) {
        state
            .metrics
            .logins_throttled
            .fetch_add(1, Ordering::Relaxed);
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ProblemKind::TooManyAttempts,
            format!(
                "Too many failed logins for this name. Wait {} s and try again, or ask \
                 your coordinator to reset the password.",
                wait.as_secs().max(1)
            ),
        ));
    }
    let found = state.db.password_hash(&username).await?;
    let dummy = state.dummy_hash.clone();
    let password = request.password;
    let verified = tokio::task::spawn_blocking(move || match &found {
        Some((id, hash)) => auth::verify_password(&password, hash).then_some(*id),
        None => {
            // Same work as a real check, so timing does not tell which names exist.
            auth::verify_password(&password, &dummy);
            None
        }
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "the password check failed");
        ApiError::internal()
    })?;
    let Some(account_id) = verified else {
        state.throttle.failed(&username);
        state.metrics.logins_failed.fetch_add(1, Ordering::Relaxed);
        tracing::info!(username = %username, "failed login");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ProblemKind::BadCredentials,
            "The user name or password is wrong. Check both and try again.",
        ));
    };
    state.throttle.succeeded(&username);
    let (token, hash) = auth::new_token();
    let now = chrono::Utc::now();
    let expires = now
        + chrono::Duration::from_std(auth::TOKEN_LIFETIME).unwrap_or(chrono::Duration::days(30));
    let (now_s, expires_s) = (now.timestamp(), expires.timestamp());
    state
        .db
        .store_token(&hash, account_id, now_s, expires_s)
        .await?;
    let account = state.db.account(account_id).await?;
    state.metrics.logins.fetch_add(1, Ordering::Relaxed);
    Ok(Json(LoginResponse {
        token,
        expires_at: expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        account,
    }))
}

pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    state.db.revoke_token(&caller.token_hash).await?;
    // Only now: a request checked in between would otherwise cache the token again.
    state.tokens.forget(&caller.token_hash);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<kompas_proto::sync::Account>, ApiError> {
    Ok(Json(state.db.account(caller.owner.account_id).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    cursor: Option<String>,
    limit: Option<usize>,
}

/// Parses a cursor made by [`format_cursor`].
fn parse_cursor(cursor: Option<&str>) -> Result<i64, ApiError> {
    let Some(cursor) = cursor.filter(|c| !c.is_empty()) else {
        return Ok(0);
    };
    cursor
        .strip_prefix("v1.")
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "The cursor `{cursor}` was not made by this server. Pull without a cursor to \
                 start over."
            ))
        })
}

fn format_cursor(seq: i64) -> String {
    format!("v1.{seq}")
}

/// Where a hospice's pull of its handbook stands: the region's change number and the
/// version of the hospice's own overlay. Written `v2.<seq>.<overlay>`; a `v1.<seq>` cursor
/// (from before overlays) is the same with overlay 0, so such a device gets the whole
/// overlay once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct PullCursor {
    seq: i64,
    overlay: i64,
}

impl PullCursor {
    fn parse(cursor: Option<&str>) -> Result<PullCursor, ApiError> {
        let Some(text) = cursor.filter(|c| !c.is_empty()) else {
            return Ok(PullCursor::default());
        };
        if text.starts_with("v1.") {
            return Ok(PullCursor {
                seq: parse_cursor(cursor)?,
                overlay: 0,
            });
        }
        let number = |n: &str| n.parse::<i64>().ok().filter(|n| *n >= 0);
        text.strip_prefix("v2.")
            .and_then(|rest| rest.split_once('.'))
            .and_then(|(seq, overlay)| {
                Some(PullCursor {
                    seq: number(seq)?,
                    overlay: number(overlay)?,
                })
            })
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "The cursor `{text}` was not made by this server. Pull without a cursor to \
                     start over."
                ))
            })
    }

    fn format(self) -> String {
        format!("v2.{}.{}", self.seq, self.overlay)
    }

    fn is_ahead_of(self, access: &OrganizationAccess) -> bool {
        self.seq > access.head || self.overlay > access.overlay_head
    }
}

/// The cursor and page size of a pull, checked.
fn page_window(
    query: Result<Query<ChangesQuery>, QueryRejection>,
) -> Result<(i64, usize), ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let after = parse_cursor(query.cursor.as_deref())?;
    Ok((after, page_limit(query.limit)?))
}

/// The page size asked for, checked.
fn page_limit(limit: Option<usize>) -> Result<usize, ApiError> {
    let limit = limit.unwrap_or(MAX_PAGE_SIZE);
    if limit == 0 || limit > MAX_PAGE_SIZE {
        return Err(ApiError::bad_request(format!(
            "`limit` must be between 1 and {MAX_PAGE_SIZE}."
        )));
    }
    Ok(limit)
}

/// A cursor past the head: the device pulled from a server that has since lost changes.
fn cursor_ahead() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ProblemKind::CursorAhead,
        "This cursor is newer than anything on the server (was the server restored from a \
         backup?). Pull without a cursor to start over.",
    )
}

/// What changed for an organization since a cursor.
pub async fn changes(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ChangesQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    let Query(window) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let after = PullCursor::parse(window.cursor.as_deref())?;
    let limit = page_limit(window.limit)?;
    let mut access = state
        .db
        .organization_access(caller.owner.account_id, &organization)
        .await?;
    // A cursor past a cached head may come from a publish the cache has not seen (made
    // by another process): ask the database before calling it "ahead".
    if matches!(&access, Some(a) if a.reader && after.is_ahead_of(a)) {
        access = state
            .db
            .organization_access_now(caller.owner.account_id, &organization)
            .await?;
    }
    // The same answer for "no such organization" and "not yours": ids are not secrets,
    // but there is no reason to confirm them either.
    let Some(access) = access.filter(|a| a.reader) else {
        return Err(ApiError::forbidden(format!(
            "You are not a member of organization `{organization}`. Log in with an account of \
             that hospice, or ask its manager to add you."
        )));
    };
    if after.is_ahead_of(&access) {
        return Err(cursor_ahead());
    }
    let (head, overlay_head) = (access.head, access.overlay_head);
    let etag = format!(
        "\"{head}.{overlay_head}-{}-{limit}\"",
        after.format().trim_start_matches("v2.")
    );
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag))
    {
        state
            .metrics
            .pulls_not_modified
            .fetch_add(1, Ordering::Relaxed);
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    // The hospice's own changes come whole on the first page that finds any: an overlay
    // is small (one hospice's entries), the region's sections are paged.
    let overlay = if after.overlay < overlay_head {
        Some(state.db.overlay_delta(&organization, after.overlay).await?)
    } else {
        None
    };
    let next_overlay = overlay
        .as_ref()
        .map_or(after.overlay, |delta| delta.version);
    let page = if after.seq == head {
        ChangesPage {
            sections: Vec::new(),
            removed: Vec::new(),
            cursor: PullCursor {
                seq: head,
                overlay: next_overlay,
            }
            .format(),
            more: false,
            overlay,
        }
    } else {
        let rows = state.db.changes(&access.region, after.seq, limit).await?;
        ChangesPage {
            sections: rows.sections,
            removed: rows.removed,
            cursor: PullCursor {
                seq: rows.last_seq,
                overlay: next_overlay,
            }
            .format(),
            more: rows.more,
            overlay,
        }
    };
    state.metrics.pulls.fetch_add(1, Ordering::Relaxed);
    let mut response = Json(page).into_response();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

/// Revokes every token of a user: for a lost phone or a volunteer who left.
pub async fn revoke_tokens(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Path(username) = path.map_err(path_problem)?;
    require_admin(&state, &caller).await?;
    let revoked = state.db.revoke_all_tokens(&username).await?;
    // After the database, as in `logout`.
    state.tokens.forget_user(&username);
    Ok(Json(serde_json::json!({ "revoked": revoked })))
}

/// Prometheus text format, for administrators.
pub async fn metrics(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    require_admin(&state, &caller).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response())
}

async fn require_admin(state: &AppState, caller: &Caller) -> Result<(), ApiError> {
    let account = state.db.account(caller.owner.account_id).await?;
    if account.admin {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Only an administrator may do this. Ask the administrator of this server.",
        ))
    }
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("There is no such endpoint. The API is described at /api/v1/openapi.json.")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ProblemKind::MethodNotAllowed,
        "This endpoint does not take this method. See /api/v1/openapi.json.",
    )
}

fn json_problem(rejection: JsonRejection) -> ApiError {
    let status = rejection.status();
    let detail = format!(
        "The request body is not what this endpoint expects: {}. Send JSON as described at \
         /api/v1/openapi.json.",
        rejection.body_text()
    );
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(status, ProblemKind::TooLarge, detail)
    } else if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        ApiError::new(status, ProblemKind::UnsupportedMediaType, detail)
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, ProblemKind::BadRequest, detail)
    }
}

/// A path whose parameter cannot be read (percent-encoded bytes that are not UTF-8): a
/// problem document like every other error, not axum's plain-text answer.
fn path_problem(rejection: PathRejection) -> ApiError {
    ApiError::bad_request(format!(
        "The path of this request cannot be read: {}. Percent-encode the name as UTF-8.",
        rejection.body_text()
    ))
}

/// The checklists of an organization's region published since a cursor, for any member:
/// volunteers tick the routine ones, managers answer the self-evaluation.
pub async fn checklists(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<ChangesQuery>, QueryRejection>,
) -> Result<Json<ChecklistsPage>, ApiError> {
    let Path(organization) = path.map_err(path_problem)?;
    let (after, limit) = page_window(query)?;
    let Some(OrganizationAccess {
        region,
        reader: true,
        ..
    }) = state
        .db
        .organization_access(caller.owner.account_id, &organization)
        .await?
    else {
        return Err(ApiError::forbidden(format!(
            "You are not a member of organization `{organization}`. Log in with an account of \
             that hospice, or ask its manager to add you."
        )));
    };
    let head = state.db.checklist_head(&region).await?;
    if after > head {
        return Err(cursor_ahead());
    }
    let rows = state.db.checklist_changes(&region, after, limit).await?;
    Ok(Json(ChecklistsPage {
        checklists: rows.checklists,
        withdrawn: rows.withdrawn,
        cursor: format_cursor(rows.last_seq),
        more: rows.more,
    }))
}

/// A finished self-evaluation, sent by a manager of its hospice: stored once per UUID
/// (201 the first time, 200 with the same receipt for a repeat).
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<SubmissionRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Path(uuid) = path.map_err(path_problem)?;
    if crate::db::canonical_uuid(&uuid).is_none() {
        return Err(ApiError::bad_request(format!(
            "`{uuid}` is not a submission id: use a UUID (version 7, made on the device) in \
             lowercase with dashes, the same one for every retry."
        )));
    }
    let Json(request) = body.map_err(json_problem)?;
    let account = state.db.account(caller.owner.account_id).await?;
    let Some(membership) = account
        .memberships
        .iter()
        .find(|m| m.organization_id == request.organization && m.role == Role::Manager)
    else {
        return Err(ApiError::forbidden(format!(
            "Only a manager of hospice `{}` may send its self-evaluation. Log in with the \
             manager's account of that hospice.",
            request.organization
        )));
    };
    let region = membership.region_id.clone();
    match state
        .db
        .submit(&uuid, &region, caller.owner.account_id, &request)
        .await
    {
        Ok((receipt, true)) => Ok((StatusCode::CREATED, Json(receipt)).into_response()),
        Ok((receipt, false)) => Ok((StatusCode::OK, Json(receipt)).into_response()),
        Err(SubmissionError::Conflict(detail)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            ProblemKind::Conflict,
            detail,
        )),
        Err(SubmissionError::Unprocessable(detail)) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::Unprocessable,
            detail,
        )),
        Err(SubmissionError::Db(error)) => Err(error.into()),
    }
}
