//! The OpenAPI 3 description of sync API v1, served at `GET /api/v1/openapi.json`.
//! A test checks that it is valid JSON and names every route of the router.

pub const DOCUMENT: &str = r##"{
  "openapi": "3.0.3",
  "info": {
    "title": "Kwaliteitskompas sync API",
    "version": "1",
    "description": "Devices pull handbook changes for their hospice. Every error is application/problem+json (RFC 7807). Every endpoint except health, openapi.json and login needs `Authorization: Bearer <token>`."
  },
  "components": {
    "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
    "schemas": {
      "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
          "type": { "type": "string" },
          "title": { "type": "string" },
          "status": { "type": "integer" },
          "detail": { "type": "string", "description": "What happened and what to do." }
        }
      },
      "LoginRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": ["username", "password"],
        "properties": { "username": { "type": "string" }, "password": { "type": "string" } }
      },
      "Membership": {
        "type": "object",
        "properties": {
          "organization_id": { "type": "string" },
          "organization_name": { "type": "string" },
          "region_id": { "type": "string" },
          "role": { "type": "string", "enum": ["volunteer", "manager"] }
        }
      },
      "Account": {
        "type": "object",
        "properties": {
          "username": { "type": "string" },
          "admin": { "type": "boolean" },
          "memberships": { "type": "array", "items": { "$ref": "#/components/schemas/Membership" } },
          "coordinator_of": { "type": "array", "items": { "type": "string" } }
        }
      },
      "LoginResponse": {
        "type": "object",
        "properties": {
          "token": { "type": "string" },
          "expires_at": { "type": "string", "format": "date-time" },
          "account": { "$ref": "#/components/schemas/Account" }
        }
      },
      "WireSection": {
        "type": "object",
        "properties": {
          "id": { "type": "string" },
          "title": { "type": "string" },
          "category": { "type": "string" },
          "category_rank": { "type": "integer" },
          "order": { "type": "integer" },
          "tags": { "type": "array", "items": { "type": "string" } },
          "critical": { "type": "boolean" },
          "review_by": { "type": "string", "format": "date", "nullable": true },
          "body": { "type": "string", "description": "Markdown." },
          "source_path": { "type": "string" },
          "revision": { "type": "integer" }
        }
      },
      "ChangesPage": {
        "type": "object",
        "properties": {
          "sections": { "type": "array", "items": { "$ref": "#/components/schemas/WireSection" } },
          "removed": { "type": "array", "items": { "type": "string" } },
          "cursor": { "type": "string", "description": "Send it with the next pull; store it with this page." },
          "more": { "type": "boolean", "description": "Pull again at once when true." }
        }
      }
    },
    "responses": {
      "Problem": {
        "description": "An error, with what to do.",
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
      }
    }
  },
  "paths": {
    "/api/v1/health": {
      "get": { "summary": "Is the server up", "responses": { "200": { "description": "Up." } } }
    },
    "/api/v1/openapi.json": {
      "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI 3." } } }
    },
    "/api/v1/login": {
      "post": {
        "summary": "Log in; returns a bearer token",
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LoginRequest" } } } },
        "responses": {
          "200": { "description": "Logged in.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LoginResponse" } } } },
          "400": { "$ref": "#/components/responses/Problem" },
          "401": { "$ref": "#/components/responses/Problem" },
          "429": { "$ref": "#/components/responses/Problem" }
        }
      }
    },
    "/api/v1/logout": {
      "post": {
        "summary": "Revoke the token used for this request",
        "security": [{ "bearer": [] }],
        "responses": { "204": { "description": "Logged out." }, "401": { "$ref": "#/components/responses/Problem" } }
      }
    },
    "/api/v1/me": {
      "get": {
        "summary": "Who is logged in, with their hospices and roles",
        "security": [{ "bearer": [] }],
        "responses": {
          "200": { "description": "The account.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Account" } } } },
          "401": { "$ref": "#/components/responses/Problem" }
        }
      }
    },
    "/api/v1/organizations/{organization}/changes": {
      "get": {
        "summary": "What changed in this hospice's handbook since a cursor",
        "security": [{ "bearer": [] }],
        "parameters": [
          { "name": "organization", "in": "path", "required": true, "schema": { "type": "string" } },
          { "name": "cursor", "in": "query", "required": false, "schema": { "type": "string" }, "description": "From the previous page; omit for everything." },
          { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 200 } },
          { "name": "If-None-Match", "in": "header", "required": false, "schema": { "type": "string" } }
        ],
        "responses": {
          "200": { "description": "A page of changes.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ChangesPage" } } } },
          "304": { "description": "Nothing changed since the ETag." },
          "400": { "$ref": "#/components/responses/Problem" },
          "401": { "$ref": "#/components/responses/Problem" },
          "403": { "$ref": "#/components/responses/Problem" },
          "409": { "$ref": "#/components/responses/Problem" }
        }
      }
    },
    "/api/v1/admin/users/{username}/revoke-tokens": {
      "post": {
        "summary": "Revoke every token of a user (administrators)",
        "security": [{ "bearer": [] }],
        "parameters": [{ "name": "username", "in": "path", "required": true, "schema": { "type": "string" } }],
        "responses": {
          "200": { "description": "How many tokens were revoked." },
          "401": { "$ref": "#/components/responses/Problem" },
          "403": { "$ref": "#/components/responses/Problem" },
          "404": { "$ref": "#/components/responses/Problem" }
        }
      }
    },
    "/api/v1/metrics": {
      "get": {
        "summary": "Prometheus metrics (administrators)",
        "security": [{ "bearer": [] }],
        "responses": {
          "200": { "description": "Prometheus text format." },
          "401": { "$ref": "#/components/responses/Problem" },
          "403": { "$ref": "#/components/responses/Problem" }
        }
      }
    }
  }
}"##;
