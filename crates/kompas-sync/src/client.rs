//! The sync API v1 client: login, logout, the change feeds and submissions.

use std::time::Duration;

use kompas_proto::overlay::OverlayReceipt;
use kompas_proto::sync::{
    ChangesPage, ChecklistsPage, LoginRequest, LoginResponse, Problem, ProblemKind,
    SubmissionReceipt,
};
use url::Url;

use crate::SyncError;

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
        let response = self
            .feed(token, organization, "changes", cursor, limit)
            .await?;
        let status = response.status();
        if status.is_success() {
            return json_body(response, "the page").await;
        }
        Err(problem(status.as_u16(), response).await)
    }

    /// One page of checklist changes after `cursor` (`None`: everything). `Ok(None)`: the
    /// server is older than checklists (404), which is not an error.
    pub async fn checklists(
        &self,
        token: &str,
        organization: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Option<ChecklistsPage>, SyncError> {
        let response = self
            .feed(token, organization, "checklists", cursor, limit)
            .await?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if status.is_success() {
            return json_body(response, "the checklist page").await.map(Some);
        }
        Err(problem(status.as_u16(), response).await)
    }

    /// Asks for one page of a hospice's change feed (`changes`, `checklists`) after
    /// `cursor`; the answer as it came.
    async fn feed(
        &self,
        token: &str,
        organization: &str,
        feed: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<reqwest::Response, SyncError> {
        let mut url = self.endpoint(&format!("api/v1/organizations/{organization}/{feed}"))?;
        {
            let mut query = url.query_pairs_mut();
            if let Some(cursor) = cursor {
                query.append_pair("cursor", cursor);
            }
            query.append_pair("limit", &limit.to_string());
        }
        self.http
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(offline)
    }

    /// A GET of the API's `path` (after `api/v1/`) whose answer is JSON: the body as text,
    /// checked to be JSON of `T`, so the caller may keep it as it came.
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
    ) -> Result<(T, String), SyncError> {
        let bytes = self.get_bytes(token, path).await?;
        let value = serde_json::from_slice(&bytes)
            .map_err(|e| SyncError::Protocol(format!("{path} is not the JSON expected: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| SyncError::Protocol(format!("{path} is not UTF-8: {e}")))?;
        Ok((value, text))
    }

    /// A GET of the API's `path` (after `api/v1/`): the whole body.
    pub async fn get_bytes(&self, token: &str, path: &str) -> Result<Vec<u8>, SyncError> {
        let response = self
            .http
            .get(self.endpoint(&format!("api/v1/{path}"))?)
            .bearer_auth(token)
            .send()
            .await
            .map_err(offline)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response.bytes().await.map_err(offline)?.to_vec());
        }
        Err(problem(status.as_u16(), response).await)
    }

    /// A PUT of JSON to the API's `path` (after `api/v1/`), answered with JSON.
    pub async fn put_json<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        let response = self
            .http
            .put(self.endpoint(&format!("api/v1/{path}"))?)
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .map_err(offline)?;
        let status = response.status();
        if status.is_success() {
            return json_body(response, path).await;
        }
        Err(problem(status.as_u16(), response).await)
    }

    /// A PUT (with a JSON body) or a DELETE (without) whose success has no body to read.
    pub async fn send_no_content<B: serde::Serialize>(
        &self,
        token: &str,
        path: &str,
        body: Option<&B>,
    ) -> Result<(), SyncError> {
        let url = self.endpoint(&format!("api/v1/{path}"))?;
        let request = match body {
            Some(body) => self.http.put(url).json(body),
            None => self.http.delete(url),
        };
        let response = request.bearer_auth(token).send().await.map_err(offline)?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        Err(problem(status.as_u16(), response).await)
    }

    /// Sends a submission under its own id; the body is sent exactly as stored, so a
    /// retry is the same request.
    pub async fn submit(
        &self,
        token: &str,
        uuid: &str,
        body: &str,
    ) -> Result<SubmissionReceipt, SyncError> {
        self.put_stored(token, &format!("api/v1/submissions/{uuid}"), body)
            .await
    }

    /// Publishes one change of a hospice's overlay (`path`: `entry` or `facts`), with the
    /// body stored in the outbox. A repeat of what the server stored is answered with the
    /// same version, so a retry after a lost answer is harmless.
    pub async fn publish_overlay(
        &self,
        token: &str,
        organization: &str,
        path: &str,
        body: &str,
    ) -> Result<OverlayReceipt, SyncError> {
        self.put_stored(
            token,
            &format!("api/v1/organizations/{organization}/overlay/{path}"),
            body,
        )
        .await
    }

    /// PUTs an outbox item's body exactly as stored to the API's `path` (after
    /// `api/v1/`) and reads the answer.
    pub async fn put_outbox_item<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
        body: &str,
    ) -> Result<T, SyncError> {
        self.put_stored(token, &format!("api/v1/{path}"), body)
            .await
    }

    /// PUTs an outbox item's JSON body exactly as stored and reads the receipt.
    async fn put_stored<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
        body: &str,
    ) -> Result<T, SyncError> {
        let response = self
            .http
            .put(self.endpoint(path)?)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_owned())
            .send()
            .await
            .map_err(offline)?;
        let status = response.status();
        if status.is_success() {
            // A connection dropped before the receipt arrived fails here: the item stays
            // and the retry is answered with the same receipt.
            return json_body(response, "the receipt").await;
        }
        Err(problem(status.as_u16(), response).await)
    }
}

/// The whole body of a successful answer, as JSON. A connection dropped mid-body fails
/// here (offline), before anything is applied.
async fn json_body<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    what: &str,
) -> Result<T, SyncError> {
    let bytes = response.bytes().await.map_err(offline)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| SyncError::Protocol(format!("{what} is not valid JSON: {e}")))
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
