//! The device side of sync: log in to the central server and pull the handbook changes of
//! this device's hospice into the local store.
//!
//! - [`server_url`] refuses addresses where a token would travel in clear.
//! - [`Client`] speaks sync API v1 (reqwest, rustls, gzip).
//! - [`pull`] applies page after page, each in one store transaction together with its
//!   cursor, so a sync killed at any point resumes where it stopped and ends with the same
//!   database as an uninterrupted one; [`pull_checklists`] does the same for checklist
//!   definitions.
//! - [`push`] sends what waits in the store's outbox (finished self-evaluations), each
//!   under its own id, so a retry after any failure is stored once.
//! - [`Backoff`] spaces retries after failures: exponential with jitter.
//! - [`Engine`] keeps the session and runs sync in the background (see [`engine`]).

mod client;
pub mod engine;
mod history;
mod pull;
mod push;
mod reading;
pub mod region;

use std::net::IpAddr;
use std::time::Duration;

use kompas_proto::sync::Problem;
use kompas_proto::ErrorCode;
use kompas_store::StoreError;
use url::Url;

pub use client::Client;
pub use engine::{Engine, EngineOptions, LocalStore};
pub use pull::{pull, pull_checklists, PullReport, PAGE_SIZE};
pub use push::{push, PushReport};
pub use reading::pull_readers;

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
