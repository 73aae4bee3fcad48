//! The checklists and the self-evaluations hospices send: their schemas.

use kompas_proto::sync::MAX_PAGE_SIZE;
use serde_json::{json, Value};

use super::CURSOR_PATTERN;

/// The wire types of `kompas_proto::checklist` and the submission endpoints, kept apart
/// from [`super::schemas`] so that neither `json!` grows past the macro's recursion limit.
pub(super) fn schemas() -> Value {
    json!({
        "Answer": {
            "type": "string",
            "enum": ["ja", "grotendeels", "deels", "nee", "nvt"],
            "description": "Ja, zo werken we (3) · Grotendeels (2) · Deels / in ontwikkeling (1) · Nee, nog niet (0) · N.v.t. (not counted; needs an explanation)."
        },
        "ThemeScore": {
            "type": "object",
            "required": ["theme", "score", "applicable", "answered", "questions"],
            "properties": {
                "theme": { "type": "string" },
                "score": { "type": "integer", "minimum": 0, "maximum": 100, "nullable": true },
                "applicable": { "type": "integer", "minimum": 0 },
                "answered": { "type": "integer", "minimum": 0 },
                "questions": { "type": "integer", "minimum": 0 }
            }
        },
        "SubmissionRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": ["organization", "evaluation"],
            "properties": {
                "organization": { "type": "string", "example": "de-linde" },
                "replaces": { "type": "string", "format": "uuid", "nullable": true },
                "evaluation": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["checklist", "year"],
                    "properties": {
                        "checklist": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["id", "version"],
                            "properties": {
                                "id": { "type": "string" },
                                "version": { "type": "integer", "minimum": 0, "maximum": 4294967295u64 }
                            }
                        },
                        "year": { "type": "integer", "minimum": -2147483648i64, "maximum": 2147483647 },
                        "answers": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["answer"],
                                "properties": {
                                    "answer": { "$ref": "#/components/schemas/Answer" },
                                    "explanation": { "type": "string" }
                                }
                            }
                        },
                        "themes": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": false,
                                "properties": {
                                    "goes_well": { "type": "string" },
                                    "to_improve": { "type": "string" }
                                }
                            }
                        },
                        "summary": { "type": "string" },
                        "actions": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["id", "theme", "what", "status"],
                                "properties": {
                                    "id": { "type": "string" },
                                    "theme": { "type": "string" },
                                    "what": { "type": "string" },
                                    "goal": { "type": "string" },
                                    "who": { "type": "string" },
                                    "due": { "type": "string", "format": "date", "nullable": true },
                                    "status": { "type": "string", "enum": ["gepland", "bezig", "afgerond", "vervallen"] },
                                    "evaluation": { "type": "string" }
                                }
                            }
                        }
                    }
                }
            }
        },
        "SubmissionReceipt": {
            "type": "object",
            "required": ["uuid", "received_at", "scores", "rule"],
            "properties": {
                "uuid": { "type": "string", "format": "uuid" },
                "received_at": { "type": "string", "format": "date-time" },
                "scores": { "type": "array", "items": { "$ref": "#/components/schemas/ThemeScore" } },
                "rule": { "type": "string", "example": "kompas-score-1" }
            }
        },
        "ChecklistsPage": {
            "type": "object",
            "required": ["checklists", "withdrawn", "cursor", "more"],
            "properties": {
                "checklists": {
                    "type": "array",
                    "maxItems": MAX_PAGE_SIZE,
                    "items": {
                        "type": "object",
                        "required": ["id", "version", "title", "kind"],
                        "description": "A checklist definition (docs/checklists.md): routine with groups of steps, or self-evaluation with a scale and themes of questions."
                    }
                },
                "withdrawn": { "type": "array", "items": { "type": "string" } },
                "cursor": { "type": "string", "pattern": CURSOR_PATTERN },
                "more": { "type": "boolean" }
            }
        }
    })
}
