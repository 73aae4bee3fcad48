//! The device side of sync: log in to the central server and pull the handbook changes of
//! this device's hospice into the local store.
//!
//! - [`server_url`] refuses addresses where a token would travel in clear.
//! - [`Client`] speaks sync API v1 (reqwest, rustls, gzip).
//! - [`pull`] applies page after page, each in one store transaction together with its
//!   cursor, so a sync killed at any point resumes where it stopped and ends with the same
//!   database as an uninterrupted one.
//! - [`Backoff`] spaces retries after failures: exponential with jitter.
//! - [`Engine`] keeps the session and runs sync in the background (see [`engine`]).

pub mod engine;

use std::net::IpAddr;
use std::time::Duration;

use kompas_core::Section;
use kompas_proto::sync::{
    ChangesPage, LoginRequest, LoginResponse, Problem, ProblemKind, WireSection,
};
use kompas_proto::ErrorCode;
use kompas_store::{PageEnd, StoreError};
use url::Url;

pub use engine::{Engine, EngineOptions, LocalStore};

/// Why a sync did not complete. None of these loses local data.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No connection to the server (no network, server down, connection dropped).
    #[error("the server cannot be reached: {0}")]
    Offline(String),
    /// The token was refused (expired, revoked): log in again.
    #[error("the server asks to log in again")]
    LoginNeeded,
    /// The server refused the request and said why.
    #[error("the server refused: {}", .0.detail)]
    Refused(Problem),
    /// The server failed (5xx).
    #[error("the server had a problem (status {0}); try again later")]
    Server(u16),
    /// The answer was not what API v1 promises.
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The local store could not be opened (the app shows why and how to reset it).
    #[error("the local handbook cannot be opened: {0}")]
    StoreUnavailable(String),
    #[error(transparent)]
    BadAddress(#[from] UrlError),
    #[error("fill in both the user name and the password")]
    MissingCredentials,
    /// The account is not a member of any hospice, so there is no handbook to follow.
    #[error("this account does not belong to a hospice; ask your coordinator to add it")]
    NoOrganization,
    #[error("this account has no hospice `{0}`")]
    UnknownOrganization(String),
}

impl SyncError {
    /// Worth retrying by itself later (the backoff timer), as opposed to needing the user.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Offline(_) | SyncError::Server(_) | SyncError::Protocol(_)
        )
    }

    /// The code the UI translates: the server's problem kind for a refusal, otherwise
    /// the variant.
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::Offline(_) => ErrorCode::Offline,
            SyncError::LoginNeeded => ErrorCode::LoginNeeded,
            SyncError::Refused(problem) => ErrorCode::Refused(problem.kind),
            SyncError::Server(_) => ErrorCode::Server,
            SyncError::Protocol(_) => ErrorCode::Protocol,
            SyncError::Store(_) | SyncError::StoreUnavailable(_) => ErrorCode::Store,
            SyncError::BadAddress(UrlError::Insecure(_)) => ErrorCode::InsecureAddress,
            SyncError::BadAddress(UrlError::Malformed(_)) => ErrorCode::BadAddress,
            SyncError::MissingCredentials => ErrorCode::MissingCredentials,
            SyncError::NoOrganization => ErrorCode::NoOrganization,
            SyncError::UnknownOrganization(_) => ErrorCode::UnknownOrganization,
        }
    }
}

/// Why an address cannot be used as the server.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("`{0}` is not a web address; it looks like https://kompas.example.nl")]
    Malformed(String),
    #[error("`{0}` is not encrypted: use an https:// address (http:// only works on this computer itself)")]
    Insecure(String),
}

/// Parses the server address a user typed. `https://` always; `http://` only to this
/// machine (development, tests), because a bearer token must never travel in clear.
pub fn server_url(text: &str) -> Result<Url, UrlError> {
    let trimmed = text.trim();
    let mut url = Url::parse(trimmed).map_err(|_| UrlError::Malformed(trimmed.to_owned()))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Domain(domain)) => domain == "localhost",
                Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
                Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
                None => false,
            };
            if !loopback {
                return Err(UrlError::Insecure(trimmed.to_owned()));
            }
        }
        _ => return Err(UrlError::Malformed(trimmed.to_owned())),
    }
    if url.host().is_none() || url.cannot_be_a_base() {
        return Err(UrlError::Malformed(trimmed.to_owned()));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// A sync API v1 client for one server.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
}

impl Client {
    pub fn new(base: Url) -> Client {
        let http = Self::builder().build().unwrap_or_default();
        Client { http, base }
    }

    /// A client that also trusts `pem`, the root certificate of an organization's own
    /// certificate authority (a server inside a hospice network).
    pub fn with_root_certificate(base: Url, pem: &[u8]) -> Result<Client, SyncError> {
        let certificate = reqwest::Certificate::from_pem(pem)
            .map_err(|e| SyncError::Protocol(format!("not a PEM certificate: {e}")))?;
        let http = Self::builder()
            .add_root_certificate(certificate)
            .build()
            .map_err(|e| SyncError::Protocol(e.to_string()))?;
        Ok(Client { http, base })
    }

    fn builder() -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("kwaliteitskompas/", env!("CARGO_PKG_VERSION")))
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    fn endpoint(&self, path: &str) -> Result<Url, SyncError> {
        self.base
            .join(path)
            .map_err(|e| SyncError::Protocol(format!("bad endpoint {path}: {e}")))
    }

    pub async fn login(&self, username: &str, password: &str) -> Result<LoginResponse, SyncError> {
        let response = self
            .http
            .post(self.endpoint("api/v1/login")?)
            .json(&LoginRequest {
                username: username.to_owned(),
                password: password.to_owned(),
            })
            .send()
            .await
            .map_err(offline)?;
        let status = response.status();
        if status.is_success() {
            return response
                .json()
                .await
                .map_err(|e| SyncError::Protocol(e.to_string()));
        }
        // A refused login is the user's to fix, not a lost session: report the problem.
        Err(problem(status.as_u16(), response).await)
    }

    /// Revokes the token on the server. The device forgets it either way.
    pub async fn logout(&self, token: &str) -> Result<(), SyncError> {
        let response = self
            .http
            .post(self.endpoint("api/v1/logout")?)
            .bearer_auth(token)
            .send()
            .await
            .map_err(offline)?;
        match response.status().as_u16() {
            200..=299 | 401 => Ok(()),
            status => Err(problem(status, response).await),
        }
    }

    /// One page of changes after `cursor` (`None`: everything).
    pub async fn changes(
        &self,
        token: &str,
        organization: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<ChangesPage, SyncError> {
        let mut url = self.endpoint(&format!("api/v1/organizations/{organization}/changes"))?;
        {
            let mut query = url.query_pairs_mut();
            if let Some(cursor) = cursor {
                query.append_pair("cursor", cursor);
            }
            query.append_pair("limit", &limit.to_string());
        }
        let response = self
            .http
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(offline)?;
        let status = response.status();
        if status.is_success() {
            // A connection dropped mid-body fails here, before anything is applied.
            let bytes = response.bytes().await.map_err(offline)?;
            return serde_json::from_slice(&bytes)
                .map_err(|e| SyncError::Protocol(format!("the page is not valid JSON: {e}")));
        }
        Err(problem(status.as_u16(), response).await)
    }
}

fn offline(error: reqwest::Error) -> SyncError {
    SyncError::Offline(error.to_string())
}

async fn problem(status: u16, response: reqwest::Response) -> SyncError {
    if status == 401 {
        // A login attempt also answers 401; its problem says what was wrong.
        if let Ok(problem) = response.json::<Problem>().await {
            if problem.kind == ProblemKind::BadCredentials {
                return SyncError::Refused(problem);
            }
        }
        return SyncError::LoginNeeded;
    }
    if status >= 500 {
        return SyncError::Server(status);
    }
    match response.json::<Problem>().await {
        Ok(problem) => SyncError::Refused(problem),
        Err(_) => SyncError::Protocol(format!("status {status} without a problem document")),
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    pub pages: usize,
    pub changed: usize,
    pub removed: usize,
}

/// The largest page asked for.
pub const PAGE_SIZE: usize = kompas_proto::sync::MAX_PAGE_SIZE;

/// Pulls every change for `organization` into the store, page by page. Each page is
/// applied in one transaction with its cursor. The store is locked only while a page is
/// applied, never while waiting for the network. `progress` hears after every page.
pub async fn pull(
    client: &Client,
    token: &str,
    organization: &str,
    store: &impl LocalStore,
    page_size: usize,
    mut progress: impl FnMut(&PullReport),
) -> Result<PullReport, SyncError> {
    let source = format!("{}|{organization}", client.base());
    let (mut cursor, mut full_pending) = store.with_store(|store| {
        if store.sync_record()?.pull.source.as_deref() != Some(source.as_str()) {
            // Another server or hospice: start over; what is here is replaced as the
            // first full pull completes.
            store.restart_sync(&source)?;
        }
        let pull = store.sync_record()?.pull;
        Ok((pull.cursor, pull.full_pending))
    })?;
    if cursor.is_none() {
        full_pending = true;
    }
    let mut report = PullReport::default();
    let mut restarted = false;
    loop {
        let page = match client
            .changes(token, organization, cursor.as_deref(), page_size)
            .await
        {
            Ok(page) => page,
            // The server no longer knows this cursor (restored from a backup): start over
            // once, keeping the handbook readable until the new pull completes.
            Err(SyncError::Refused(problem))
                if !restarted && problem.kind == ProblemKind::CursorAhead =>
            {
                restarted = true;
                store.with_store(|s| s.restart_sync(&source))?;
                cursor = None;
                full_pending = true;
                continue;
            }
            Err(error) => return Err(error),
        };
        let sections = page
            .sections
            .iter()
            .map(to_section)
            .collect::<Result<Vec<_>, _>>()?;
        let complete = full_pending && !page.more;
        let end = PageEnd {
            cursor: &page.cursor,
            full_pending: full_pending && page.more,
        };
        let applied =
            store.with_store(|s| s.apply_changes(&sections, &page.removed, &end, complete))?;
        report.pages += 1;
        report.changed += applied.added + applied.changed;
        report.removed += applied.removed;
        progress(&report);
        if complete {
            full_pending = false;
        }
        cursor = Some(page.cursor);
        if !page.more {
            return Ok(report);
        }
    }
}

fn to_section(wire: &WireSection) -> Result<Section, SyncError> {
    let review_by = match &wire.review_by {
        Some(date) => Some(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| SyncError::Protocol(format!("bad review date `{date}`")))?,
        ),
        None => None,
    };
    Ok(Section {
        id: wire.id.clone(),
        title: wire.title.clone(),
        category: wire.category.clone(),
        category_rank: wire.category_rank,
        order: wire.order,
        tags: wire.tags.clone(),
        critical: wire.critical,
        review_by,
        body: wire.body.clone(),
        source_path: wire.source_path.clone(),
    })
}

/// Retry spacing after failures: doubles from `base` up to `max`, each wait drawn
/// uniformly from its upper half ("equal jitter"), so a thousand devices that lost the
/// server together do not come back together.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    failures: u32,
}

impl Backoff {
    pub fn new(base: Duration, max: Duration) -> Backoff {
        Backoff {
            base,
            max,
            failures: 0,
        }
    }

    /// The wait before the next attempt, after one more failure.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(1u32 << self.failures.min(20))
            .min(self.max);
        self.failures = self.failures.saturating_add(1);
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http() {
        assert_eq!(
            server_url("https://kompas.example.nl").map(|u| u.to_string()),
            Ok("https://kompas.example.nl/".into())
        );
        assert!(server_url("http://127.0.0.1:8080").is_ok());
        assert!(server_url("http://localhost:8080/kompas").is_ok());
        assert!(server_url("http://[::1]:8080").is_ok());
        assert!(matches!(
            server_url("http://kompas.example.nl"),
            Err(UrlError::Insecure(_))
        ));
        assert!(matches!(
            server_url("http://192.168.1.10"),
            Err(UrlError::Insecure(_))
        ));
        assert!(matches!(
            server_url("kompas.example.nl"),
            Err(UrlError::Malformed(_))
        ));
        assert!(matches!(
            server_url("ftp://x.nl"),
            Err(UrlError::Malformed(_))
        ));
        assert_eq!(
            server_url("https://x.nl/kompas?x=1#y").map(|u| u.to_string()),
            Ok("https://x.nl/kompas/".into())
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_maximum() {
        let mut backoff = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
        for ceiling in [2u64, 4, 8, 16, 32, 60, 60, 60] {
            let delay = backoff.next_delay();
            let ceiling = Duration::from_secs(ceiling);
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "{delay:?} vs {ceiling:?}"
            );
        }
        // Jitter: many devices do not all wait the same.
        let delays: std::collections::HashSet<_> = (0..20)
            .map(|_| {
                let mut b = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
                b.next_delay().as_millis()
            })
            .collect();
        assert!(delays.len() > 5, "{delays:?}");
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_secs(2));
    }
}
