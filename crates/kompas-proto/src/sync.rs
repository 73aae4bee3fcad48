//! Wire types of the sync API v1 between devices and the central server (JSON over HTTPS).
//!
//! Requests are strict (`deny_unknown_fields`): a client that sends something the server
//! does not understand hears so, instead of having it silently ignored. Responses are
//! lenient, so a newer server may add fields without breaking older apps.

use serde::{Deserialize, Serialize};

use crate::overlay::LocalPolicy;

/// The path prefix of this version of the API.
pub const API_PREFIX: &str = "/api/v1";

/// The largest number of sections one pull page carries.
pub const MAX_PAGE_SIZE: usize = 200;

/// `POST /api/v1/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// A person's role in one organization (hospice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Volunteer,
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Volunteer => "volunteer",
            Role::Manager => "manager",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "volunteer" => Some(Role::Volunteer),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }
}

/// One organization a user belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub organization_id: String,
    pub organization_name: String,
    pub region_id: String,
    pub role: Role,
}

/// Who is logged in, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub admin: bool,
    pub memberships: Vec<Membership>,
    /// Regions this user coordinates.
    pub coordinator_of: Vec<String>,
}

/// The answer to a successful login. The token is shown once; the server keeps only its
/// hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    pub account: Account,
}

/// One section as the server sends it: the markdown source and its metadata. The device
/// renders and indexes it itself, exactly as it does the bundled handbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSection {
    pub id: String,
    pub title: String,
    pub category: String,
    pub category_rank: u32,
    pub order: i64,
    pub tags: Vec<String>,
    pub critical: bool,
    /// ISO date.
    pub review_by: Option<String>,
    pub body: String,
    pub source_path: String,
    /// The server's revision number of this section.
    pub revision: i64,
    /// How far a hospice may change it (front matter `lokaal:`); absent means the default,
    /// so a section without the key is the same on the wire as before.
    #[serde(default, skip_serializing_if = "LocalPolicy::is_default")]
    pub local_policy: LocalPolicy,
    /// The coordinator's note on this revision (front matter `wijziging:` when it was
    /// published); absent when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change_note: String,
    /// The coordinator marked this revision as must read (front matter `moet_lezen:`).
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub must_read: bool,
    /// The newest revision of this section marked must read, this one or an earlier one:
    /// a device that was offline while the region published twice still learns of a
    /// must-read change the later publish did not repeat. Absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_read_revision: Option<i64>,
    /// The coordinator's note of that revision.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub must_read_note: String,
}

/// `GET /api/v1/organizations/{org}/changes?cursor=C&limit=N`: what changed since `C`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesPage {
    /// New and changed sections, oldest change first.
    pub sections: Vec<WireSection>,
    /// Ids of sections that were removed.
    pub removed: Vec<String>,
    /// Where the next pull starts. Store it together with the page, in one transaction.
    pub cursor: String,
    /// True when more changes wait: pull again at once with the new cursor.
    pub more: bool,
    /// What changed in the hospice's own overlay since the cursor (issue #13): the device
    /// composes the effective handbook from the region's sections and these. Absent when
    /// nothing changed, so a page for a hospice that tailors nothing is as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlay: Option<crate::overlay::OverlayDelta>,
}

/// `PUT /api/v1/submissions/{uuid}`: a finished self-evaluation of one hospice. The UUID
/// (v7, made on the device) stays the same across retries; a corrected version is a new
/// UUID that names the one it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmissionRequest {
    /// The hospice (organization id) whose self-evaluation this is.
    pub organization: String,
    /// The submission this one corrects.
    #[serde(default)]
    pub replaces: Option<String>,
    pub evaluation: crate::checklist::SelfEvaluation,
}

/// The answer to a submission the server holds (stored now, or before with the same
/// content).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionReceipt {
    pub uuid: String,
    /// RFC 3339: when the server first stored it.
    pub received_at: String,
    /// The scores per theme the server computed, by `rule`.
    pub scores: Vec<crate::checklist::ThemeScore>,
    pub rule: String,
}

/// `GET /api/v1/organizations/{org}/checklists?cursor=C`: the checklist definitions of the
/// hospice's region published since `C`, oldest first. A published version never changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistsPage {
    pub checklists: Vec<crate::checklist::ChecklistDefinition>,
    /// Ids whose checklists are no longer published (devices stop offering them).
    #[serde(default)]
    pub withdrawn: Vec<String>,
    pub cursor: String,
    pub more: bool,
}

/// Where the problem kinds of this API live: a problem's `type` is this followed by the
/// kind, for example `https://kwaliteitskompas.nl/problems/cursor-ahead`.
pub const PROBLEM_TYPE_BASE: &str = "https://kwaliteitskompas.nl/problems/";

/// The kind of an API problem. On the wire it is the problem document's `type` URI; in
/// code it is matched as an enum, so a new kind that a client does not handle fails to
/// compile there instead of falling through a string comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    BadRequest,
    Unauthorized,
    /// A login with a wrong user name or password (also 401, but not a lost session).
    BadCredentials,
    /// Too many failed logins for this user name: wait.
    TooManyAttempts,
    Forbidden,
    NotFound,
    /// A pull cursor beyond the server's newest change (the server was restored from a
    /// backup): the device starts a full pull again.
    CursorAhead,
    MethodNotAllowed,
    TooLarge,
    UnsupportedMediaType,
    /// A submission with this UUID is stored with other content, or it corrects a version
    /// that was already corrected: nothing was stored.
    Conflict,
    /// The request is well-formed JSON but its content cannot be accepted (an unknown
    /// checklist, a question that does not exist, an unfinished self-evaluation).
    Unprocessable,
    /// The server failed; it logged why and sent nothing internal.
    Internal,
    /// A kind this version of the app does not know (a newer server).
    Unknown,
}

impl ProblemKind {
    /// Every kind, for tests that must cover them all.
    pub const ALL: [ProblemKind; 14] = [
        ProblemKind::BadRequest,
        ProblemKind::Unauthorized,
        ProblemKind::BadCredentials,
        ProblemKind::TooManyAttempts,
        ProblemKind::Forbidden,
        ProblemKind::NotFound,
        ProblemKind::CursorAhead,
        ProblemKind::MethodNotAllowed,
        ProblemKind::TooLarge,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::Conflict,
        ProblemKind::Unprocessable,
        ProblemKind::Internal,
        ProblemKind::Unknown,
    ];

    /// The kind's name in the `type` URI (kebab-case, like every code of this protocol).
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "bad-request",
            ProblemKind::Unauthorized => "unauthorized",
            ProblemKind::BadCredentials => "bad-credentials",
            ProblemKind::TooManyAttempts => "too-many-attempts",
            ProblemKind::Forbidden => "forbidden",
            ProblemKind::NotFound => "not-found",
            ProblemKind::CursorAhead => "cursor-ahead",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::TooLarge => "too-large",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::Conflict => "conflict",
            ProblemKind::Unprocessable => "unprocessable",
            ProblemKind::Internal => "internal",
            ProblemKind::Unknown => "unknown",
        }
    }

    /// The `type` URI of this kind.
    pub fn uri(self) -> String {
        format!("{PROBLEM_TYPE_BASE}{}", self.as_str())
    }

    /// The kind a `type` URI names; [`ProblemKind::Unknown`] for anything else.
    pub fn from_uri(uri: &str) -> ProblemKind {
        let Some(name) = uri.strip_prefix(PROBLEM_TYPE_BASE) else {
            return ProblemKind::Unknown;
        };
        ProblemKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .unwrap_or(ProblemKind::Unknown)
    }
}

impl Serialize for ProblemKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.uri())
    }
}

impl<'de> Deserialize<'de> for ProblemKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let uri = String::deserialize(deserializer)?;
        Ok(ProblemKind::from_uri(&uri))
    }
}

/// An RFC 7807 problem document (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The kind of problem; a URI on the wire.
    #[serde(rename = "type")]
    pub kind: ProblemKind,
    pub title: String,
    pub status: u16,
    /// What happened and what to do, for a person.
    pub detail: String,
    /// A 409 of a compare-and-swap (a hospice's overlay): the version the server has now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_kind_survives_its_uri() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::from_uri(&kind.uri()), kind, "{kind:?}");
        }
        assert_eq!(
            ProblemKind::from_uri("https://kwaliteitskompas.nl/problems/something-new"),
            ProblemKind::Unknown
        );
        assert_eq!(
            ProblemKind::from_uri("https://example.org/problems/forbidden"),
            ProblemKind::Unknown,
            "another vocabulary's kind is not ours"
        );
        let json = r#"{"type":"https://kwaliteitskompas.nl/problems/cursor-ahead","title":"Conflict","status":409,"detail":"d"}"#;
        let problem: Problem = serde_json::from_str(json).expect("a problem");
        assert_eq!(problem.kind, ProblemKind::CursorAhead);
        assert_eq!(serde_json::to_string(&problem).expect("json"), json);
    }
}
