//! Gelezen en begrepen: a hospice's list of readers and their acknowledgements
//! (`api::reading`). What a coordinator marks as must read is front matter of the
//! region's content (`wijziging:`, `moet_lezen:`), published with the CLI, not API; it
//! reaches devices as `WireSection.change_note` and `must_read`.

use kompas_proto::reading::MAX_READER_NAME_CHARS;
use serde_json::{json, Value};

use super::region::path_parameter;
use super::{json_body, responses};
use crate::db::MAX_ACKNOWLEDGEMENTS_PER_PAGE;

/// What a must-read change's id looks like (`kompas_proto::reading::MustReadId`).
const CHANGE_PATTERN: &str = r"^(regio:[a-z0-9-]+:[1-9][0-9]{0,17}|hospice:[1-9][0-9]{0,17})$";

/// The schemas of `kompas_proto::reading` that cross the network.
pub(super) fn schemas() -> Value {
    let uuid = json!({ "type": "string", "format": "uuid" });
    let change = json!({
        "type": "string",
        "pattern": CHANGE_PATTERN,
        "example": "regio:als-een-gast-valt:3",
        "description": "The must-read change: `regio:<section>:<revision>` (a revision of the region's the coordinator marked) or `hospice:<version>` (a change of the hospice's own handbook a manager marked)."
    });
    let acknowledged_at = json!({
        "type": "string", "format": "date-time",
        "description": "RFC 3339, the device's clock when the button was tapped."
    });
    json!({
        "Reader": {
            "type": "object",
            "required": ["id", "name", "active"],
            "properties": {
                "id": uuid.clone(),
                "name": { "type": "string", "minLength": 1, "maxLength": MAX_READER_NAME_CHARS },
                "active": {
                    "type": "boolean",
                    "description": "False once a manager took the name off the list; its acknowledgements stay."
                }
            }
        },
        "ReaderUpdate": {
            "type": "object",
            "additionalProperties": false,
            "required": ["name", "active"],
            "properties": {
                "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_READER_NAME_CHARS,
                    "description": "Stored trimmed: 1 to the maximum characters, no control characters."
                },
                "active": { "type": "boolean", "description": "False: take the name off the list." }
            }
        },
        "AcknowledgementRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": ["reader", "change", "acknowledged_at"],
            "properties": {
                "reader": {
                    "type": "string", "format": "uuid",
                    "description": "The `id` of a name on the hospice's list (active or not); a name not (yet) on the server's list is stored all the same."
                },
                "change": change.clone(),
                "acknowledged_at": acknowledged_at.clone()
            }
        },
        "Acknowledgement": {
            "type": "object",
            "required": ["id", "reader", "change", "acknowledged_at"],
            "properties": {
                "id": uuid.clone(),
                "reader": uuid,
                "change": change,
                "acknowledged_at": acknowledged_at
            }
        },
        "ReadersPage": {
            "type": "object",
            "required": ["readers", "acknowledgements", "last"],
            "properties": {
                "readers": {
                    "type": "array",
                    "description": "The hospice's whole list, active names and names taken off it, by name (case does not count).",
                    "items": { "$ref": "#/components/schemas/Reader" }
                },
                "acknowledgements": {
                    "type": "array",
                    "maxItems": MAX_ACKNOWLEDGEMENTS_PER_PAGE,
                    "description": "Stored after `after`, oldest first.",
                    "items": { "$ref": "#/components/schemas/Acknowledgement" }
                },
                "last": {
                    "type": "integer", "format": "int64", "minimum": 0,
                    "description": "Ask with `after=last` next time; while an answer brings acknowledgements, more may wait."
                }
            }
        }
    })
}

pub(super) fn paths() -> Value {
    let bearer = json!([{ "bearer": [] }]);
    let organization = path_parameter("organization", "de-linde");
    let uuid_parameter = |name: &str, description: &str| {
        json!({
            "name": name, "in": "path", "required": true,
            "schema": { "type": "string", "format": "uuid" },
            "example": "01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7d8e",
            "description": description
        })
    };
    json!({
        "/api/v1/organizations/{organization}/readers": {
            "get": {
                "operationId": "readers",
                "summary": "The hospice's list of readers and the acknowledgements stored after a number (members of the hospice: volunteers and managers)",
                "security": bearer.clone(),
                "parameters": [
                    organization.clone(),
                    {
                        "name": "after", "in": "query", "required": false,
                        "schema": { "type": "integer", "format": "int64", "minimum": 0 },
                        "description": format!(
                            "The `last` of the previous answer; omit for everything. At most {MAX_ACKNOWLEDGEMENTS_PER_PAGE} acknowledgements an answer."
                        )
                    }
                ],
                "responses": responses(json!({
                    "200": {
                        "description": "The list and the acknowledgements.",
                        "content": json_body("ReadersPage"),
                        "links": {
                            "NextPage": {
                                "operationId": "readers",
                                "description": "The acknowledgements after this answer.",
                                "parameters": {
                                    "organization": "$request.path.organization",
                                    "after": "$response.body#/last"
                                }
                            }
                        }
                    }
                }), &[400, 401, 403, 500])
            }
        },
        "/api/v1/organizations/{organization}/readers/{id}": {
            "put": {
                "operationId": "saveReader",
                "summary": "Add a name to the hospice's list, correct it, or take it off the list (managers of the hospice); the last write wins",
                "security": bearer.clone(),
                "parameters": [
                    organization.clone(),
                    uuid_parameter("id", "Made where the name was added; the same whenever it is corrected.")
                ],
                "requestBody": { "required": true, "content": json_body("ReaderUpdate") },
                "responses": responses(json!({
                    "200": { "description": "Stored.", "content": json_body("Reader") }
                }), &[400, 401, 403, 413, 415, 422, 500])
            }
        },
        "/api/v1/organizations/{organization}/acknowledgements/{uuid}": {
            "put": {
                "operationId": "acknowledge",
                "summary": "A person from the hospice's list read a must-read change (members of the hospice); the same UUID for every retry",
                "security": bearer,
                "parameters": [
                    organization,
                    uuid_parameter("uuid", "Made on the device (version 7).")
                ],
                "requestBody": { "required": true, "content": json_body("AcknowledgementRequest") },
                "responses": responses(json!({
                    "200": {
                        "description": "Stored (or stored before with exactly this content).",
                        "content": json_body("Acknowledgement")
                    }
                }), &[400, 401, 403, 409, 413, 415, 422, 500])
            }
        }
    })
}
