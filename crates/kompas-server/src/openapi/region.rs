//! The region's part of the document: the coordinator's reads, marks and exports, and the
//! manager's comparison and own submissions (`api::region`).

use kompas_proto::region::{MAX_PROGRESS_QUESTIONS, MIN_COMPARISON_GROUP};
use serde_json::{json, Value};

use super::{json_body, responses};
use crate::db::MAX_NOTE_CHARS;

/// The schemas of `kompas_proto::region`.
pub(super) fn schemas() -> Value {
    super::merged(view_schemas(), progress_schemas())
}

/// The coordinator's and the manager's reads, and the mark.
fn view_schemas() -> Value {
    let score = json!({ "type": "integer", "minimum": 0, "maximum": 100 });
    let year = json!({ "type": "integer", "minimum": -2147483648i64, "maximum": 2147483647 });
    let spread = json!({
        "type": "object",
        "required": ["hospices", "q1", "median", "q3"],
        "properties": {
            "hospices": { "type": "integer", "minimum": 1 },
            "q1": { "type": "number" },
            "median": { "type": "number" },
            "q3": { "type": "number" }
        }
    });
    json!({
        "ReviewState": {
            "type": "string",
            "enum": ["received", "discussed"],
            "description": "Ontvangen (seen by the coordinator) or Besproken (discussed)."
        },
        "ReviewRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": ["state"],
            "properties": {
                "state": { "$ref": "#/components/schemas/ReviewState" },
                "note": {
                    "type": "string",
                    "maxLength": MAX_NOTE_CHARS,
                    "description": "A note back to the hospice (trimmed); empty for none."
                }
            }
        },
        "Review": {
            "type": "object",
            "required": ["state", "note", "by", "at"],
            "properties": {
                "state": { "$ref": "#/components/schemas/ReviewState" },
                "note": { "type": "string" },
                "by": { "type": "string" },
                "at": { "type": "string", "format": "date-time" }
            }
        },
        "ThemeInfo": {
            "type": "object",
            "required": ["id", "title"],
            "properties": { "id": { "type": "string" }, "title": { "type": "string" } }
        },
        "ThemeSpread": {
            "type": "object",
            "required": ["theme", "spread"],
            "properties": {
                "theme": { "type": "string" },
                "spread": {
                    "allOf": [spread],
                    "nullable": true,
                    "description": "Median and quartiles (linear interpolation, as QUARTILE in a spreadsheet); null when no hospice has a score."
                }
            }
        },
        "HospiceRow": {
            "type": "object",
            "required": [
                "organization_id", "name", "state", "submission", "received_at", "review",
                "scores", "open_actions", "open_actions_by_theme"
            ],
            "properties": {
                "organization_id": { "type": "string" },
                "name": { "type": "string" },
                "state": {
                    "type": "string",
                    "enum": ["not-received", "not-started", "concept", "sent", "received", "discussed"],
                    "description": "not-started and concept only for a hospice that shares its progress; otherwise not-received until it is sent."
                },
                "submission": { "type": "string", "format": "uuid", "nullable": true },
                "received_at": { "type": "string", "format": "date-time", "nullable": true },
                "review": { "allOf": [{ "$ref": "#/components/schemas/Review" }], "nullable": true },
                "scores": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeScore" } },
                "open_actions": { "type": "integer", "minimum": 0 },
                "open_actions_by_theme": {
                    "type": "object",
                    "additionalProperties": { "type": "integer", "minimum": 1 }
                },
                "progress": {
                    "allOf": [{ "$ref": "#/components/schemas/Progress" }],
                    "nullable": true,
                    "description": "The progress the hospice shares, before it has sent the year's."
                }
            }
        },
        "RegionOverview": {
            "type": "object",
            "required": ["region", "region_name", "year", "years", "themes", "hospices", "region_themes"],
            "properties": {
                "region": { "type": "string" },
                "region_name": { "type": "string" },
                "year": year.clone(),
                "years": { "type": "array", "items": year.clone(), "description": "Newest first." },
                "themes": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeInfo" } },
                "hospices": {
                    "type": "array",
                    "items": { "$ref": "#/components/schemas/HospiceRow" },
                    "description": "Sorted by name, never by score."
                },
                "region_themes": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeSpread" } }
            }
        },
        "SubmissionDetail": {
            "type": "object",
            "required": ["uuid", "received_at", "review", "scores", "rule", "definition", "evaluation"],
            "properties": {
                "uuid": { "type": "string", "format": "uuid" },
                "received_at": { "type": "string", "format": "date-time" },
                "review": { "allOf": [{ "$ref": "#/components/schemas/Review" }], "nullable": true },
                "scores": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeScore" } },
                "rule": { "type": "string" },
                "definition": {
                    "type": "object",
                    "required": ["id", "version", "title", "kind"],
                    "description": "The checklist it answers (docs/checklists.md)."
                },
                "evaluation": {
                    "type": "object",
                    "required": ["checklist", "year"],
                    "description": "The self-evaluation as sent (see SubmissionRequest)."
                }
            }
        },
        "HospiceDetail": {
            "type": "object",
            "required": ["organization_id", "name", "year", "current", "previous"],
            "properties": {
                "organization_id": { "type": "string" },
                "name": { "type": "string" },
                "year": year.clone(),
                "current": { "allOf": [{ "$ref": "#/components/schemas/SubmissionDetail" }], "nullable": true },
                "previous": {
                    "allOf": [{ "$ref": "#/components/schemas/SubmissionDetail" }],
                    "nullable": true,
                    "description": "The newest earlier year with a submission."
                }
            }
        },
        "YearScores": {
            "type": "object",
            "required": ["year", "scores"],
            "properties": {
                "year": year.clone(),
                "scores": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeScore" } }
            }
        },
        "RegionTrend": {
            "type": "object",
            "required": ["region", "themes", "years", "hospices"],
            "properties": {
                "region": { "type": "string" },
                "themes": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeInfo" } },
                "years": {
                    "type": "array",
                    "description": "Oldest first.",
                    "items": {
                        "type": "object",
                        "required": ["year", "themes"],
                        "properties": {
                            "year": year.clone(),
                            "themes": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeSpread" } }
                        }
                    }
                },
                "hospices": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["organization_id", "name", "years"],
                        "properties": {
                            "organization_id": { "type": "string" },
                            "name": { "type": "string" },
                            "years": { "type": "array", "items": { "$ref": "#/components/schemas/YearScores" } }
                        }
                    }
                }
            }
        },
        "Comparison": {
            "type": "object",
            "required": ["organization_id", "year", "sent", "min_group", "themes"],
            "description": "Never another hospice's figure, a minimum, a maximum, a total or a count.",
            "properties": {
                "organization_id": { "type": "string" },
                "year": year.clone(),
                "sent": { "type": "boolean" },
                "min_group": { "type": "integer", "enum": [MIN_COMPARISON_GROUP] },
                "themes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["theme", "title", "own", "region"],
                        "properties": {
                            "theme": { "type": "string" },
                            "title": { "type": "string" },
                            "own": { "allOf": [score], "nullable": true },
                            "region": {
                                "type": "object",
                                "required": ["kind"],
                                "description": "`compared` with the region's quartiles when at least min_group hospices have a score; `too-few` without figures otherwise.",
                                "properties": {
                                    "kind": { "type": "string", "enum": ["compared", "too-few"] },
                                    "q1": { "type": "number" },
                                    "median": { "type": "number" },
                                    "q3": { "type": "number" }
                                }
                            }
                        }
                    }
                }
            }
        },
        "OwnSubmissions": {
            "type": "object",
            "required": ["submissions"],
            "properties": {
                "submissions": {
                    "type": "array",
                    "description": "Newest year first; replaced versions left out.",
                    "items": {
                        "type": "object",
                        "required": ["uuid", "year", "checklist", "received_at", "review"],
                        "properties": {
                            "uuid": { "type": "string", "format": "uuid" },
                            "year": year,
                            "checklist": {
                                "type": "object",
                                "required": ["id", "version"],
                                "properties": {
                                    "id": { "type": "string" },
                                    "version": { "type": "integer", "minimum": 0 }
                                }
                            },
                            "received_at": { "type": "string", "format": "date-time" },
                            "review": { "allOf": [{ "$ref": "#/components/schemas/Review" }], "nullable": true }
                        }
                    }
                }
            }
        }
    })
}

pub(super) fn path_parameter(name: &str, example: &str) -> Value {
    json!({
        "name": name, "in": "path", "required": true,
        "schema": { "type": "string", "minLength": 1 }, "example": example
    })
}

fn year_parameter(required: bool, description: &str) -> Value {
    json!({
        "name": "year", "in": "query", "required": required,
        "schema": { "type": "integer", "minimum": 2000, "maximum": 2100 },
        "example": 2026,
        "description": description
    })
}

fn csv_export(id: &str, summary: &str, file: &str) -> Value {
    json!({
        "get": {
            "operationId": id,
            "summary": summary,
            "security": [{ "bearer": [] }],
            "parameters": [
                path_parameter("region", "utrecht"),
                year_parameter(false, "Default: the newest year with a submission.")
            ],
            "responses": responses(json!({
                "200": {
                    "description": format!("UTF-8 with a byte-order mark, `;` between fields (opens in a Dutch Excel or LibreOffice); saved as `{file}`."),
                    "headers": {
                        "Content-Disposition": { "required": true, "schema": { "type": "string" } }
                    },
                    "content": { "text/csv": { "schema": { "type": "string" } } }
                }
            }), &[400, 401, 403, 500])
        }
    })
}

/// The region's operations, to be merged into `paths`.
pub(super) fn paths() -> Value {
    super::merged(view_paths(), progress_paths())
}

fn view_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let region = path_parameter("region", "utrecht");
    let organization = path_parameter("organization", "de-linde");
    json!({
        "/api/v1/regions/{region}/overview": {
            "get": {
                "operationId": "regionOverview",
                "summary": "Every hospice of the region in a year, with the region's figures per theme (coordinators of the region)",
                "security": bearer.clone(),
                "parameters": [
                    region.clone(),
                    year_parameter(false, "Default: the newest year with a submission.")
                ],
                "responses": responses(json!({
                    "200": { "description": "The overview.", "content": json_body("RegionOverview") }
                }), &[400, 401, 403, 500])
            }
        },
        "/api/v1/regions/{region}/hospices/{organization}": {
            "get": {
                "operationId": "regionHospice",
                "summary": "One hospice's self-evaluation of a year, beside the year before (coordinators of the region)",
                "security": bearer.clone(),
                "parameters": [region.clone(), organization.clone(), year_parameter(true, "The year to show.")],
                "responses": responses(json!({
                    "200": { "description": "The hospice's year.", "content": json_body("HospiceDetail") }
                }), &[400, 401, 403, 404, 500])
            }
        },
        "/api/v1/regions/{region}/trend": {
            "get": {
                "operationId": "regionTrend",
                "summary": "The region per theme over the years, and each hospice's scores (coordinators of the region)",
                "security": bearer.clone(),
                "parameters": [region.clone()],
                "responses": responses(json!({
                    "200": { "description": "The trend.", "content": json_body("RegionTrend") }
                }), &[401, 403, 500])
            }
        },
        "/api/v1/regions/{region}/results.csv": csv_export(
            "regionResultsCsv",
            "The scores of a year: one row per hospice and theme, with completeness and open actions (coordinators of the region)",
            "zelfevaluaties-{region}-{year}.csv"
        ),
        "/api/v1/regions/{region}/actions.csv": csv_export(
            "regionActionsCsv",
            "The improvement actions of a year: one row per action (coordinators of the region)",
            "verbeteracties-{region}-{year}.csv"
        ),
        "/api/v1/regions/{region}/submissions/{uuid}/review": {
            "put": {
                "operationId": "reviewSubmission",
                "summary": "Mark a submission Ontvangen or Besproken, with a note to the hospice (coordinators of the region); a new mark replaces the old",
                "security": bearer.clone(),
                "parameters": [
                    region,
                    {
                        "name": "uuid", "in": "path", "required": true,
                        "schema": { "type": "string", "format": "uuid" },
                        "example": "01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7d8e"
                    }
                ],
                "requestBody": { "required": true, "content": json_body("ReviewRequest") },
                "responses": responses(json!({
                    "200": { "description": "Marked.", "content": json_body("Review") }
                }), &[400, 401, 403, 404, 409, 413, 415, 422, 500])
            }
        },
        "/api/v1/organizations/{organization}/comparison": {
            "get": {
                "operationId": "comparison",
                "summary": "The hospice's own scores beside the region's median and quartiles, per theme with enough hospices (managers of the hospice)",
                "security": bearer.clone(),
                "parameters": [organization.clone(), year_parameter(true, "The year to compare.")],
                "responses": responses(json!({
                    "200": { "description": "The comparison.", "content": json_body("Comparison") }
                }), &[400, 401, 403, 500])
            }
        },
        "/api/v1/organizations/{organization}/submissions": {
            "get": {
                "operationId": "ownSubmissions",
                "summary": "The hospice's current submissions with the coordinator's marks (managers of the hospice)",
                "security": bearer,
                "parameters": [organization],
                "responses": responses(json!({
                    "200": { "description": "The submissions.", "content": json_body("OwnSubmissions") }
                }), &[401, 403, 500])
            }
        }
    })
}

/// What a hospice shares of its progress before it sends (`shareProgress`).
fn progress_schemas() -> Value {
    json!({
        "Progress": {
            "type": "object",
            "additionalProperties": false,
            "required": ["answered", "questions"],
            "description": "How far a self-evaluation is: counts only, never an answer or a score.",
            "properties": {
                "answered": {
                    "type": "integer", "minimum": 0, "maximum": MAX_PROGRESS_QUESTIONS,
                    "description": "Questions answered in any way (N.v.t. included); at most `questions`."
                },
                "questions": { "type": "integer", "minimum": 1, "maximum": MAX_PROGRESS_QUESTIONS }
            }
        }
    })
}

fn progress_paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let organization = path_parameter("organization", "de-linde");
    let year = json!({
        "name": "year", "in": "path", "required": true,
        "schema": { "type": "integer", "minimum": 2000, "maximum": 2100 },
        "example": 2026
    });
    json!({
        "/api/v1/organizations/{organization}/evaluations/{year}/progress": {
            "put": {
                "operationId": "shareProgress",
                "summary": "Share how far the hospice is with a year's self-evaluation, counts only, so that its coordinator sees it as concept (managers of the hospice)",
                "security": bearer.clone(),
                "parameters": [organization.clone(), year.clone()],
                "requestBody": { "required": true, "content": json_body("Progress") },
                "responses": responses(json!({
                    "204": { "description": "Shared; replaces what was shared before." }
                }), &[400, 401, 403, 413, 415, 422, 500])
            },
            "delete": {
                "operationId": "stopSharingProgress",
                "summary": "Stop sharing the progress of a year's self-evaluation; what was shared is forgotten (managers of the hospice)",
                "security": bearer,
                "parameters": [organization, year],
                "responses": responses(json!({
                    "204": { "description": "No longer shared (also when it was not)." }
                }), &[400, 401, 403, 500])
            }
        }
    })
}
