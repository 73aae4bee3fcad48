//! A hospice's own handbook: its overlay on the region's base (`api::overlay`).

use kompas_core::overlay::{MAX_FACT_CHARS, MAX_MARKDOWN_BYTES};
use serde_json::{json, Value};

use super::region::path_parameter;
use super::{json_body, responses};
use crate::db::MAX_NOTE_CHARS;

/// One variant of an externally tagged enum: `{ "<name>": { … } }`.
fn variant(name: &str, required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": [name],
        "properties": {
            name: {
                "type": "object",
                "additionalProperties": false,
                "required": required,
                "properties": properties
            }
        }
    })
}

/// The schemas of `kompas_proto::overlay`.
pub(super) fn schemas() -> Value {
    let section =
        json!({ "type": "string", "description": "A section id of the region's handbook." });
    let markdown =
        json!({ "type": "string", "maxLength": MAX_MARKDOWN_BYTES, "description": "Markdown." });
    let revision = json!({ "type": "integer", "format": "int64", "minimum": 0 });
    let placement = json!({ "$ref": "#/components/schemas/Placement" });
    json!({
        "Placement": { "type": "string", "enum": ["before", "after"] },
        "EntryKey": {
            "description": "What an entry is about; a hospice has one entry per key.",
            "oneOf": [
                variant("supplement", &["section", "placement"], json!({
                    "section": section.clone(), "placement": placement.clone()
                })),
                variant("own", &["id"], json!({ "id": { "type": "string" } })),
                variant("tailor", &["section"], json!({ "section": section.clone() }))
            ]
        },
        "OverlayChange": {
            "description": "Aanvullen (supplement), eigen hoofdstuk (own), vervangen (replace) or verbergen (hide).",
            "oneOf": [
                variant("supplement", &["section", "placement", "markdown"], json!({
                    "section": section.clone(), "placement": placement, "markdown": markdown.clone()
                })),
                variant("own", &["id", "title", "category", "markdown"], json!({
                    "id": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80 },
                    "title": { "type": "string" },
                    "category": { "type": "string" },
                    "after": { "type": "string", "description": "The section it follows." },
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "markdown": markdown.clone()
                })),
                variant("replace", &["section", "base_revision", "markdown"], json!({
                    "section": section.clone(), "base_revision": revision.clone(), "markdown": markdown
                })),
                variant("hide", &["section", "base_revision"], json!({
                    "section": section, "base_revision": revision.clone()
                }))
            ]
        },
        "OverlayEntry": {
            "type": "object",
            "required": ["change", "version", "note"],
            "properties": {
                "change": { "$ref": "#/components/schemas/OverlayChange" },
                "version": revision.clone(),
                "note": { "type": "string" },
                "must_read": {
                    "type": "boolean",
                    "description": "The manager marked this change as must read; absent: false. Acknowledged as `hospice:<version>`."
                }
            }
        },
        "Facts": {
            "type": "object",
            "description": "Values of the placeholders (`hospice.naam` → `Hospice De Linde`).",
            "additionalProperties": { "type": "string", "maxLength": MAX_FACT_CHARS }
        },
        "OverlayState": {
            "type": "object",
            "required": ["facts", "facts_version", "entries", "version"],
            "properties": {
                "facts": { "$ref": "#/components/schemas/Facts" },
                "facts_version": revision.clone(),
                "entries": { "type": "array", "items": { "$ref": "#/components/schemas/OverlayEntry" } },
                "version": revision.clone()
            }
        },
        "OverlayPublish": {
            "type": "object",
            "additionalProperties": false,
            "required": ["key", "based_on"],
            "properties": {
                "key": { "$ref": "#/components/schemas/EntryKey" },
                "based_on": {
                    "type": "integer", "format": "int64", "minimum": 0,
                    "description": "The entry's version the change started from; 0 for a new entry."
                },
                "change": {
                    "allOf": [{ "$ref": "#/components/schemas/OverlayChange" }],
                    "nullable": true,
                    "description": "Absent or null: take the entry back (the region's text again)."
                },
                "note": { "type": "string", "maxLength": MAX_NOTE_CHARS, "description": "What changed." },
                "must_read": {
                    "type": "boolean",
                    "description": "Everyone of the hospice must read it and tap \"Gelezen en begrepen\". Kept with the version this publish makes; a take-back is never must read, and the same change sent again with another mark is the same version (the mark alone makes none)."
                }
            }
        },
        "FactsUpdate": {
            "type": "object",
            "additionalProperties": false,
            "required": ["facts", "based_on"],
            "properties": {
                "facts": { "$ref": "#/components/schemas/Facts" },
                "based_on": {
                    "type": "integer", "format": "int64", "minimum": 0,
                    "description": "The facts version the change started from; 0 when never filled in."
                },
                "note": { "type": "string", "maxLength": MAX_NOTE_CHARS }
            }
        },
        "OverlayDelta": {
            "type": "object",
            "required": ["version", "entries", "taken_back"],
            "description": "What changed in the hospice's own overlay since the cursor; the device composes its handbook from the region's sections and these.",
            "properties": {
                "version": { "type": "integer", "minimum": 0 },
                "entries": { "type": "array", "items": { "$ref": "#/components/schemas/OverlayEntry" } },
                "taken_back": { "type": "array", "items": { "$ref": "#/components/schemas/EntryKey" } },
                "facts": {
                    "type": "object",
                    "required": ["values", "version"],
                    "properties": {
                        "values": { "$ref": "#/components/schemas/Facts" },
                        "version": { "type": "integer", "minimum": 0 }
                    }
                }
            }
        },
        "OverlayReceipt": {
            "type": "object",
            "required": ["version"],
            "properties": { "version": revision.clone() }
        },
        "BaseRevision": {
            "type": "object",
            "required": ["revision", "title", "body", "removed", "published_at"],
            "properties": {
                "revision": revision.clone(),
                "title": { "type": "string" },
                "body": { "type": "string" },
                "removed": { "type": "boolean" },
                "published_at": { "type": "string", "format": "date-time" },
                "change_note": {
                    "type": "string",
                    "description": "The coordinator's note on this revision (`wijziging:`); absent when there is none."
                },
                "must_read": { "type": "boolean", "description": "Marked as must read (`moet_lezen:`); absent: false." }
            }
        },
        "LocalRevision": {
            "type": "object",
            "required": ["version", "key", "note", "by", "published_at"],
            "properties": {
                "version": revision,
                "key": { "$ref": "#/components/schemas/EntryKey" },
                "change": {
                    "allOf": [{ "$ref": "#/components/schemas/OverlayChange" }],
                    "nullable": true
                },
                "note": { "type": "string" },
                "by": { "type": "string" },
                "published_at": { "type": "string", "format": "date-time" },
                "must_read": { "type": "boolean", "description": "The manager marked it as must read; absent: false." }
            }
        },
        "SectionHistory": {
            "type": "object",
            "required": ["section", "base", "local"],
            "properties": {
                "section": { "type": "string" },
                "base": { "type": "array", "items": { "$ref": "#/components/schemas/BaseRevision" } },
                "local": { "type": "array", "items": { "$ref": "#/components/schemas/LocalRevision" } }
            }
        }
    })
}

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let organization = path_parameter("organization", "de-linde");
    json!({
        "/api/v1/organizations/{organization}/overlay": {
            "get": {
                "operationId": "overlay",
                "summary": "The hospice's own handbook as published: its facts and local changes (members of the hospice)",
                "security": bearer.clone(),
                "parameters": [organization.clone()],
                "responses": responses(json!({
                    "200": { "description": "The overlay.", "content": json_body("OverlayState") }
                }), &[401, 403, 500])
            }
        },
        "/api/v1/organizations/{organization}/overlay/entry": {
            "put": {
                "operationId": "publishOverlayEntry",
                "summary": "Publish one local change to the handbook, or take it back, based on the version it started from (managers of the hospice); the region's `lokaal:` is enforced",
                "security": bearer.clone(),
                "parameters": [organization.clone()],
                "requestBody": { "required": true, "content": json_body("OverlayPublish") },
                "responses": responses(json!({
                    "200": { "description": "Published (or it already was exactly this).", "content": json_body("OverlayReceipt") }
                }), &[400, 401, 403, 409, 413, 415, 422, 500])
            }
        },
        "/api/v1/organizations/{organization}/overlay/facts": {
            "put": {
                "operationId": "updateFacts",
                "summary": "Fill in the hospice's facts that the region's text names, all at once, based on the version they started from (managers of the hospice)",
                "security": bearer.clone(),
                "parameters": [organization.clone()],
                "requestBody": { "required": true, "content": json_body("FactsUpdate") },
                "responses": responses(json!({
                    "200": { "description": "Stored (or they already were exactly these).", "content": json_body("OverlayReceipt") }
                }), &[400, 401, 403, 409, 413, 415, 422, 500])
            }
        },
        "/api/v1/organizations/{organization}/overlay/history/{section}": {
            "get": {
                "operationId": "sectionHistory",
                "summary": "Every revision of a section, the region's and the hospice's, to compare any two (members of the hospice)",
                "security": bearer,
                "parameters": [organization, path_parameter("section", "als-een-gast-valt")],
                "responses": responses(json!({
                    "200": { "description": "The history.", "content": json_body("SectionHistory") }
                }), &[401, 403, 404, 500])
            }
        }
    })
}
