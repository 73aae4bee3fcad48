//! The region's view on the device: the coordinator's reads (kept for offline, shown with
//! the time they were fetched), marks and exports, the manager's comparison, and the
//! coordinator's marks on the hospice's own submissions, pulled with every sync.

use kompas_proto::region::{
    Comparison, Fetched, HospiceDetail, OwnSubmissions, RegionOverview, RegionTrend, Review,
    ReviewRequest,
};
use serde::de::DeserializeOwned;

use crate::engine::{Engine, LocalStore};
use crate::{Client, SyncError};

/// What the device asks of the region. The key names the kept answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionRead {
    Overview {
        region: String,
        year: Option<i32>,
    },
    Hospice {
        region: String,
        organization: String,
        year: i32,
    },
    Trend {
        region: String,
    },
    Comparison {
        organization: String,
        year: i32,
    },
}

impl RegionRead {
    fn path(&self) -> String {
        match self {
            RegionRead::Overview { region, year } => match year {
                Some(year) => format!("regions/{}/overview?year={year}", segment(region)),
                None => format!("regions/{}/overview", segment(region)),
            },
            RegionRead::Hospice {
                region,
                organization,
                year,
            } => format!(
                "regions/{}/hospices/{}?year={year}",
                segment(region),
                segment(organization)
            ),
            RegionRead::Trend { region } => format!("regions/{}/trend", segment(region)),
            RegionRead::Comparison { organization, year } => format!(
                "organizations/{}/comparison?year={year}",
                segment(organization)
            ),
        }
    }
}

/// An id as one path segment (ids are the server's; percent-encoding keeps a `/` in one).
pub(crate) fn segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The export files a coordinator downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Results,
    Actions,
}

impl<S: LocalStore> Engine<S> {
    /// Asks the server, keeps the answer; when the server cannot be reached, the answer
    /// kept from before, marked stale. Without a kept answer the error stands.
    async fn read<T: DeserializeOwned>(&self, read: &RegionRead) -> Result<Fetched<T>, SyncError> {
        let (client, token) = self.online()?;
        let path = read.path();
        match client.get_json::<T>(&token, &path).await {
            Ok((value, text)) => {
                let now = chrono::Utc::now().timestamp_millis();
                self.store
                    .with_store(|s| s.save_region_answer(&path, &text, now))?;
                Ok(Fetched {
                    value,
                    fetched_at_ms: now,
                    stale: false,
                })
            }
            Err(error @ (SyncError::Offline(_) | SyncError::Server(_))) => {
                let kept = self.store.with_store(|s| s.region_answer(&path))?;
                let Some((text, fetched_at_ms)) = kept else {
                    return Err(error);
                };
                let value = serde_json::from_str(&text).map_err(|e| {
                    SyncError::Protocol(format!("the kept answer of {path} is unreadable: {e}"))
                })?;
                Ok(Fetched {
                    value,
                    fetched_at_ms,
                    stale: true,
                })
            }
            Err(SyncError::LoginNeeded) => {
                self.token_refused(&token);
                Err(SyncError::LoginNeeded)
            }
            Err(error) => Err(error),
        }
    }

    pub async fn region_overview(
        &self,
        region: &str,
        year: Option<i32>,
    ) -> Result<Fetched<RegionOverview>, SyncError> {
        self.read(&RegionRead::Overview {
            region: region.to_owned(),
            year,
        })
        .await
    }

    pub async fn region_hospice(
        &self,
        region: &str,
        organization: &str,
        year: i32,
    ) -> Result<Fetched<HospiceDetail>, SyncError> {
        self.read(&RegionRead::Hospice {
            region: region.to_owned(),
            organization: organization.to_owned(),
            year,
        })
        .await
    }

    pub async fn region_trend(&self, region: &str) -> Result<Fetched<RegionTrend>, SyncError> {
        self.read(&RegionRead::Trend {
            region: region.to_owned(),
        })
        .await
    }

    /// The followed hospice beside the region (for its manager).
    pub async fn comparison(&self, year: i32) -> Result<Fetched<Comparison>, SyncError> {
        let organization = self
            .view()
            .organization
            .map(|o| o.id)
            .ok_or(SyncError::NoOrganization)?;
        self.read(&RegionRead::Comparison { organization, year })
            .await
    }

    /// Marks a submission; needs the network (the coordinator sees the result at once).
    pub async fn review(
        &self,
        region: &str,
        uuid: &str,
        request: &ReviewRequest,
    ) -> Result<Review, SyncError> {
        let (client, token) = self.online()?;
        let path = format!(
            "regions/{}/submissions/{}/review",
            segment(region),
            segment(uuid)
        );
        let answer = client.put_json(&token, &path, request).await;
        if matches!(answer, Err(SyncError::LoginNeeded)) {
            self.token_refused(&token);
        }
        answer
    }

    /// An export file of a year, as the server makes it (UTF-8 with BOM, `;`).
    pub async fn export(
        &self,
        region: &str,
        year: i32,
        export: Export,
    ) -> Result<Vec<u8>, SyncError> {
        let (client, token) = self.online()?;
        let file = match export {
            Export::Results => "results.csv",
            Export::Actions => "actions.csv",
        };
        let path = format!("regions/{}/{file}?year={year}", segment(region));
        let answer = client.get_bytes(&token, &path).await;
        if matches!(answer, Err(SyncError::LoginNeeded)) {
            self.token_refused(&token);
        }
        answer
    }
}

/// The coordinator's marks on the hospice's submissions, kept on the device. A server
/// older than the region's view (404) has none to give.
pub(crate) async fn pull_reviews(
    client: &Client,
    token: &str,
    organization: &str,
    store: &impl LocalStore,
) -> Result<(), SyncError> {
    let path = format!("organizations/{}/submissions", segment(organization));
    match client.get_json::<OwnSubmissions>(token, &path).await {
        Ok((own, _)) => store.with_store(|s| s.save_reviews(&own)),
        Err(SyncError::Refused(problem)) if problem.status == 404 || problem.status == 403 => {
            Ok(())
        }
        Err(error) => Err(error),
    }
}

/// The progress the hospice shares with the region (or stopped sharing), sent when it
/// changed since the server last acknowledged it. A server older than the sharing (404)
/// is left alone: the choice waits on the device.
pub(crate) async fn push_progress(
    client: &Client,
    token: &str,
    organization: &str,
    store: &impl LocalStore,
) -> Result<(), SyncError> {
    let due = store.with_store(|s| s.progress_to_send(organization))?;
    for (year, progress) in due {
        let path = format!(
            "organizations/{}/evaluations/{year}/progress",
            segment(organization)
        );
        match client
            .send_no_content(token, &path, progress.as_ref())
            .await
        {
            Ok(()) => store.with_store(|s| s.progress_sent(organization, year, progress))?,
            Err(SyncError::Refused(problem)) if problem.status == 404 => return Ok(()),
            Err(error) => return Err(error),
        }
    }
    Ok(())
}
