//! Wire types of the sync API v1 between devices and the central server (JSON over HTTPS).
//!
//! Requests are strict (`deny_unknown_fields`): a client that sends something the server
//! does not understand hears so, instead of having it silently ignored. Responses are
//! lenient, so a newer server may add fields without breaking older apps.

use serde::{Deserialize, Serialize};

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
}

/// An RFC 7807 problem document (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What happened and what to do, for a person.
    pub detail: String,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}
