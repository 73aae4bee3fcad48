//! Every error the API returns is an RFC 7807 problem document with a message a person can
//! act on. Internal errors are logged, never sent.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use kompas_proto::sync::{Problem, ProblemKind};

use crate::db::DbError;

/// An API error: the status and what the caller should do.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: ProblemKind,
    detail: String,
    current_version: Option<i64>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: ProblemKind, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            detail: detail.into(),
            current_version: None,
        }
    }

    /// A 409 of a compare-and-swap names the version the server has now.
    pub fn with_current_version(mut self, version: i64) -> ApiError {
        self.current_version = Some(version);
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, ProblemKind::BadRequest, detail)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ProblemKind::Unauthorized,
            "Log in first: send the token from /api/v1/login as `Authorization: Bearer <token>`. \
             An expired or revoked token must be replaced by logging in again.",
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, ProblemKind::Forbidden, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, ProblemKind::NotFound, detail)
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ProblemKind::Internal,
            "The server could not answer. Try again later; if it keeps happening, tell the \
             administrator the time this happened.",
        )
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> ApiError {
        // Every variant named: a new one must be placed on one side or the other.
        match error {
            DbError::NotFound(what) => ApiError::not_found(format!("{what} does not exist")),
            DbError::Invalid(message) => ApiError::bad_request(message),
            DbError::Conflict(message) => {
                ApiError::new(StatusCode::CONFLICT, ProblemKind::Conflict, message)
            }
            DbError::Sqlite(_)
            | DbError::Migration(_)
            | DbError::Postgres(_)
            | DbError::Pool(_)
            | DbError::SchemaTooNew { .. }
            | DbError::Internal(_) => {
                tracing::error!(error = %error, "database error");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            kind: self.kind,
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail,
            current_version: self.current_version,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
