//! The OpenAPI 3 description of sync API v1, served at `GET /api/v1/openapi.json`.
//!
//! It lists, for every operation, every status the server can answer it with: the tests
//! check each listed error can be provoked and that no test ever sees an unlisted one,
//! and `./kompas.sh fuzz` runs schemathesis against a real server from this document.
//! Limits and problem kinds come from `kompas_proto::sync`, so they cannot drift apart.

mod checklists;
mod overlay;
mod reading;
mod region;

use std::sync::LazyLock;

use kompas_proto::sync::{ProblemKind, MAX_PAGE_SIZE};
use serde_json::{json, Map, Value};

/// The document as served (built once).
pub static DOCUMENT: LazyLock<String> = LazyLock::new(|| document().to_string());

/// What a cursor looks like: `v1.` and a change number that fits an `i64`, or nothing.
const CURSOR_PATTERN: &str = r"^(v1\.[0-9]{1,18})?$";
/// A handbook pull's cursor: `v2.`, the region's change number and the hospice's overlay
/// version (`v1.` cursors from before overlays are still taken), or nothing.
const PULL_CURSOR_PATTERN: &str = r"^(v1\.[0-9]{1,18}|v2\.[0-9]{1,18}\.[0-9]{1,18})?$";

/// The whole document.
pub fn document() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Kwaliteitskompas sync API",
            "version": "1",
            "description": "Devices pull handbook changes for their hospice. Every error is \
                application/problem+json (RFC 7807). Every endpoint except health, \
                openapi.json and login needs `Authorization: Bearer <token>`. A method an \
                endpoint does not take is answered 405 with an `Allow` header; a path that \
                is not listed here, 404."
        },
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The token from POST /api/v1/login."
                }
            },
            "schemas": schemas(),
            "headers": {
                "ETag": {
                    "description": "Send it as If-None-Match with the same cursor and limit to hear 304 when nothing changed.",
                    "required": true,
                    "schema": { "type": "string" }
                },
                "WWW-Authenticate": {
                    "required": true,
                    "schema": { "type": "string", "enum": ["Bearer"] }
                }
            },
            "responses": error_responses()
        },
        "paths": merged(
            merged(merged(paths(), region::paths()), overlay::paths()),
            reading::paths()
        )
    })
}

/// `a` with the members of `b` added (both objects).
fn merged(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut a), Value::Object(b)) => {
            a.extend(b);
            Value::Object(a)
        }
        (a, _) => a,
    }
}

/// The wire types of `kompas_proto::sync`. Requests are strict (`deny_unknown_fields`),
/// hence `additionalProperties: false`; responses may gain fields in a newer server.
fn schemas() -> Value {
    let problem_kinds: Vec<String> = ProblemKind::ALL
        .into_iter()
        .filter(|kind| *kind != ProblemKind::Unknown)
        .map(ProblemKind::uri)
        .collect();
    let schemas = json!({
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": { "type": "string", "enum": problem_kinds },
                "title": { "type": "string" },
                "status": { "type": "integer", "minimum": 400, "maximum": 599 },
                "detail": { "type": "string", "description": "What happened and what to do." },
                "current_version": {
                    "type": "integer", "format": "int64",
                    "description": "A 409 of a compare-and-swap (a hospice's overlay): the version the server has now."
                }
            }
        },
        "Health": {
            "type": "object",
            "required": ["status", "version"],
            "properties": {
                "status": { "type": "string", "enum": ["ok"] },
                "version": { "type": "string" }
            }
        },
        "LoginRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": ["username", "password"],
            "properties": {
                "username": { "type": "string" },
                "password": { "type": "string" }
            }
        },
        "Membership": {
            "type": "object",
            "required": ["organization_id", "organization_name", "region_id", "role"],
            "properties": {
                "organization_id": { "type": "string" },
                "organization_name": { "type": "string" },
                "region_id": { "type": "string" },
                "role": { "type": "string", "enum": ["volunteer", "manager"] }
            }
        },
        "Account": {
            "type": "object",
            "required": ["username", "admin", "memberships", "coordinator_of"],
            "properties": {
                "username": { "type": "string" },
                "admin": { "type": "boolean" },
                "memberships": { "type": "array", "items": { "$ref": "#/components/schemas/Membership" } },
                "coordinator_of": {
                    "type": "array",
                    "items": { "type": "string" },
                    "description": "Regions this user coordinates."
                }
            }
        },
        "LoginResponse": {
            "type": "object",
            "required": ["token", "expires_at", "account"],
            "properties": {
                "token": { "type": "string" },
                "expires_at": { "type": "string", "format": "date-time" },
                "account": { "$ref": "#/components/schemas/Account" }
            }
        },
        "WireSection": {
            "type": "object",
            "required": [
                "id", "title", "category", "category_rank", "order", "tags", "critical",
                "review_by", "body", "source_path", "revision"
            ],
            "properties": {
                "id": { "type": "string" },
                "title": { "type": "string" },
                "category": { "type": "string" },
                "category_rank": { "type": "integer", "minimum": 0 },
                "order": { "type": "integer", "format": "int64" },
                "tags": { "type": "array", "items": { "type": "string" } },
                "critical": { "type": "boolean" },
                "review_by": { "type": "string", "format": "date", "nullable": true },
                "body": { "type": "string", "description": "Markdown." },
                "source_path": { "type": "string" },
                "revision": { "type": "integer", "format": "int64" },
                "local_policy": {
                    "type": "string", "enum": ["vast", "aanvullen"],
                    "description": "How far a hospice may change the section (`lokaal:`); absent: `vervangen`, everything."
                },
                "change_note": {
                    "type": "string",
                    "description": "The coordinator's note on this revision (front matter `wijziging:` of the publish that made it); absent when there is none."
                },
                "must_read": {
                    "type": "boolean",
                    "description": "The coordinator marked this revision as must read (front matter `moet_lezen: true`); absent: false. Acknowledged as `regio:<id>:<revision>`."
                },
                "must_read_revision": {
                    "type": "integer", "format": "int64", "minimum": 1,
                    "description": "The newest revision of this section marked must read, this one or an earlier one (a device offline while the region published twice still learns of it); absent when there is none. Acknowledged as `regio:<id>:<must_read_revision>`."
                },
                "must_read_note": {
                    "type": "string",
                    "description": "The coordinator's note of the revision `must_read_revision`; absent when there is none."
                }
            }
        },
        "ChangesPage": {
            "type": "object",
            "required": ["sections", "removed", "cursor", "more"],
            "properties": {
                "sections": {
                    "type": "array",
                    "maxItems": MAX_PAGE_SIZE,
                    "items": { "$ref": "#/components/schemas/WireSection" }
                },
                "removed": { "type": "array", "items": { "type": "string" } },
                "cursor": {
                    "type": "string",
                    "pattern": PULL_CURSOR_PATTERN,
                    "description": "Send it with the next pull; store it with this page."
                },
                "more": { "type": "boolean", "description": "Pull again at once when true." },
                "overlay": { "$ref": "#/components/schemas/OverlayDelta" }
            }
        },
        "Revoked": {
            "type": "object",
            "required": ["revoked"],
            "properties": { "revoked": { "type": "integer", "minimum": 0 } }
        }
    });
    merged(
        merged(
            merged(merged(schemas, checklists::schemas()), region::schemas()),
            overlay::schemas(),
        ),
        reading::schemas(),
    )
}

/// One error answer per status, named by [`error`].
const ERRORS: [(u16, &str, &str); 9] = [
    (
        400,
        "BadRequest",
        "The request is malformed (body, query or path); the detail says what to change.",
    ),
    (
        401,
        "Unauthorized",
        "No valid login: no token, an unknown, expired or revoked one, or (login) a wrong name or password.",
    ),
    (403, "Forbidden", "Logged in, but this account may not do this."),
    (404, "NotFound", "What the path names does not exist."),
    (
        409,
        "Conflict",
        "A conflict with what the server holds: a cursor newer than anything on the server (pull \
         without a cursor), or a submission or acknowledgement UUID stored with other content, a \
         correction of a version that was corrected already, or a mark on such a version (mark \
         the newest).",
    ),
    (
        413,
        "TooLarge",
        "The request body is larger than the limit (64 KiB; 1 MiB for a submission).",
    ),
    (
        415,
        "UnsupportedMediaType",
        "The body is not sent as `Content-Type: application/json`.",
    ),
    (
        422,
        "Unprocessable",
        "Well-formed, but the content cannot be accepted: an unknown checklist or version, a \
         question or theme that is not in it, an unfinished self-evaluation, a review note with a \
         NUL character, a reader's name that is empty or too long, an acknowledgement by a name \
         that is not on the hospice's list (yet).",
    ),
    (
        429,
        "TooManyAttempts",
        "Too many failed logins for this user name: wait the time the detail says.",
    ),
];

fn error_responses() -> Value {
    let mut responses = Map::new();
    let all =
        ERRORS
            .iter()
            .copied()
            .chain([(500, "Internal", "The server failed; it logged why.")]);
    for (status, name, description) in all {
        let mut response = json!({
            "description": description,
            "content": {
                "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } }
            }
        });
        if status == 401 {
            response["headers"] =
                json!({ "WWW-Authenticate": { "$ref": "#/components/headers/WWW-Authenticate" } });
        }
        responses.insert(name.to_owned(), response);
    }
    Value::Object(responses)
}

/// A reference to the error answer of `status`.
fn error(status: u16) -> Value {
    let name = ERRORS
        .iter()
        .find(|(code, _, _)| *code == status)
        .map_or("Internal", |(_, name, _)| name);
    json!({ "$ref": format!("#/components/responses/{name}") })
}

/// An operation's `responses`: its successes, then a problem for each error status.
fn responses(successes: Value, errors: &[u16]) -> Value {
    let mut all = match successes {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    for status in errors {
        all.insert(status.to_string(), error(*status));
    }
    Value::Object(all)
}

fn json_body(schema: &str) -> Value {
    json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } })
}

fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    json!({
        "/api/v1/health": {
            "get": {
                "operationId": "health",
                "summary": "Is the server up",
                "responses": responses(json!({
                    "200": { "description": "Up.", "content": json_body("Health") }
                }), &[])
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": responses(json!({
                    "200": {
                        "description": "OpenAPI 3.",
                        "content": { "application/json": { "schema": { "type": "object" } } }
                    }
                }), &[])
            }
        },
        "/api/v1/login": {
            "post": {
                "operationId": "login",
                "summary": "Log in; returns a bearer token",
                "requestBody": { "required": true, "content": json_body("LoginRequest") },
                "responses": responses(json!({
                    "200": { "description": "Logged in.", "content": json_body("LoginResponse") }
                }), &[400, 401, 413, 415, 429, 500])
            }
        },
        "/api/v1/logout": {
            "post": {
                "operationId": "logout",
                "summary": "Revoke the token used for this request",
                "security": bearer.clone(),
                "responses": responses(json!({
                    "204": { "description": "Logged out." }
                }), &[401, 500])
            }
        },
        "/api/v1/me": {
            "get": {
                "operationId": "me",
                "summary": "Who is logged in, with their hospices and roles",
                "security": bearer.clone(),
                "responses": responses(json!({
                    "200": { "description": "The account.", "content": json_body("Account") }
                }), &[401, 500])
            }
        },
        "/api/v1/organizations/{organization}/changes": {
            "get": {
                "operationId": "changes",
                "summary": "What changed in this hospice's handbook since a cursor",
                "security": bearer.clone(),
                "parameters": [
                    {
                        "name": "organization", "in": "path", "required": true,
                        "schema": { "type": "string", "minLength": 1 }, "example": "de-linde"
                    },
                    {
                        "name": "cursor", "in": "query", "required": false,
                        "schema": { "type": "string", "pattern": PULL_CURSOR_PATTERN },
                        "description": "From the previous page; omit for everything."
                    },
                    {
                        "name": "limit", "in": "query", "required": false,
                        "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE },
                        "description": "At most this many sections and removals (default and most: the maximum)."
                    },
                    {
                        "name": "If-None-Match", "in": "header", "required": false,
                        "schema": { "type": "string" },
                        "description": "The ETag of an earlier answer for the same cursor and limit."
                    }
                ],
                "responses": responses(json!({
                    "200": {
                        "description": "A page of changes.",
                        "headers": { "ETag": { "$ref": "#/components/headers/ETag" } },
                        "content": json_body("ChangesPage"),
                        "links": {
                            "NextPage": {
                                "operationId": "changes",
                                "description": "The next pull starts at this page's cursor.",
                                "parameters": {
                                    "organization": "$request.path.organization",
                                    "cursor": "$response.body#/cursor"
                                }
                            },
                            "SamePullAgain": {
                                "operationId": "changes",
                                "description": "The same pull with this answer's ETag: 304 until something changes.",
                                "parameters": {
                                    "organization": "$request.path.organization",
                                    "cursor": "$request.query.cursor",
                                    "limit": "$request.query.limit",
                                    "If-None-Match": "$response.header.ETag"
                                }
                            }
                        }
                    },
                    "304": {
                        "description": "Nothing changed since the ETag.",
                        "headers": { "ETag": { "$ref": "#/components/headers/ETag" } }
                    }
                }), &[400, 401, 403, 409, 500])
            }
        },
        "/api/v1/organizations/{organization}/checklists": {
            "get": {
                "operationId": "checklists",
                "summary": "The checklists of this hospice's region published since a cursor",
                "security": bearer.clone(),
                "parameters": [
                    {
                        "name": "organization", "in": "path", "required": true,
                        "schema": { "type": "string", "minLength": 1 }, "example": "de-linde"
                    },
                    {
                        "name": "cursor", "in": "query", "required": false,
                        "schema": { "type": "string", "pattern": CURSOR_PATTERN }
                    },
                    {
                        "name": "limit", "in": "query", "required": false,
                        "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE }
                    }
                ],
                "responses": responses(json!({
                    "200": { "description": "A page of checklists.", "content": json_body("ChecklistsPage") }
                }), &[400, 401, 403, 409, 500])
            }
        },
        "/api/v1/submissions/{uuid}": {
            "put": {
                "operationId": "submit",
                "summary": "Send a finished self-evaluation (managers of its hospice); the same UUID for every retry",
                "security": bearer.clone(),
                "parameters": [{
                    "name": "uuid", "in": "path", "required": true,
                    "schema": { "type": "string", "format": "uuid" },
                    "example": "01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7d8e"
                }],
                "requestBody": { "required": true, "content": json_body("SubmissionRequest") },
                "responses": responses(json!({
                    "201": { "description": "Stored now.", "content": json_body("SubmissionReceipt") },
                    "200": { "description": "Stored before with this content: the same receipt.", "content": json_body("SubmissionReceipt") }
                }), &[400, 401, 403, 409, 413, 415, 422, 500])
            }
        },
        "/api/v1/admin/users/{username}/revoke-tokens": {
            "post": {
                "operationId": "revokeTokens",
                "summary": "Revoke every token of a user (administrators)",
                "security": bearer.clone(),
                "parameters": [{
                    "name": "username", "in": "path", "required": true,
                    "schema": { "type": "string", "minLength": 1 }, "example": "anna"
                }],
                "responses": responses(json!({
                    "200": { "description": "How many tokens were revoked.", "content": json_body("Revoked") }
                }), &[400, 401, 403, 404, 500])
            }
        },
        "/api/v1/metrics": {
            "get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics (administrators)",
                "security": bearer.clone(),
                "responses": responses(json!({
                    "200": {
                        "description": "Prometheus text format.",
                        "content": { "text/plain": { "schema": { "type": "string" } } }
                    }
                }), &[401, 403, 500])
            }
        }
    })
}
