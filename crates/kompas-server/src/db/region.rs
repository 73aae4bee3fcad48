//! The region's view of the self-evaluations: the coordinator's overview, a hospice's
//! detail, the trend, the review mark, and a manager's comparison. The SQL is in
//! `sqlite/region.rs` and `postgres/region.rs`: one read of the region's rows per answer;
//! everything computed from them is here (figures in `kompas_core::region`), so both
//! backends answer the same.

use std::collections::BTreeSet;

use kompas_core::region::{compare, open_actions, theme_spreads, themes_of, year_state};
use kompas_proto::checklist::{ChecklistDefinition, ChecklistRef, ImprovementAction, ThemeScore};
use kompas_proto::region::{
    Comparison, HospiceDetail, HospiceRow, HospiceTrend, OwnSubmission, OwnSubmissions, Progress,
    RegionOverview, RegionTrend, Review, ReviewRequest, ReviewState, SubmissionDetail, ThemeInfo,
    YearScores, YearSpread, MIN_COMPARISON_GROUP,
};
use kompas_proto::sync::SubmissionRequest;

use super::{missing_organization, missing_region, storable, Backend, Db, DbError};

/// The actions of a region's year, for the export.
#[derive(Debug, Clone)]
pub struct RegionActions {
    pub region: String,
    pub year: i32,
    pub themes: Vec<ThemeInfo>,
    /// Hospices that sent the year's self-evaluation, by name.
    pub hospices: Vec<HospiceActions>,
}

#[derive(Debug, Clone)]
pub struct HospiceActions {
    pub organization_id: String,
    pub name: String,
    pub actions: Vec<ImprovementAction>,
}

/// The longest note a coordinator may write back.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// A current submission (not replaced) as a backend reads it.
#[derive(Debug)]
pub(crate) struct SubmissionRow {
    pub uuid: String,
    pub organization: String,
    pub checklist: String,
    pub version: u32,
    pub year: i32,
    pub received_at: String,
    pub scores: String,
    pub rule: String,
    /// Only for the years the read asked bodies for.
    pub body: Option<String>,
    pub review: Option<ReviewRow>,
}

#[derive(Debug)]
pub(crate) struct ReviewRow {
    pub state: String,
    pub note: String,
    pub username: String,
    pub at: String,
}

/// What one read of a region returns.
#[derive(Debug)]
pub(crate) struct RegionRows {
    pub name: String,
    /// (id, name) of every hospice of the region.
    pub hospices: Vec<(String, String)>,
    /// Ordered by organization, year, time received.
    pub submissions: Vec<SubmissionRow>,
    /// (id, version, JSON) of every checklist version of the region.
    pub definitions: Vec<(String, u32, String)>,
    /// (organization, year, progress) that hospices chose to share.
    pub progress: Vec<(String, i32, Progress)>,
}

/// Which rows a read of a region needs.
#[derive(Debug, Clone)]
pub(crate) struct RegionRead {
    pub region: String,
    /// Only this hospice's submissions; empty for all.
    pub organization: String,
    /// Bodies only for submissions of these years (inclusive); `(1, 0)` for none.
    pub body_years: (i32, i32),
}

impl RegionRead {
    /// No bodies: `(1, 0)` is an empty range of years.
    const NO_BODIES: (i32, i32) = (1, 0);

    fn new(region: &str, organization: &str, body_years: (i32, i32)) -> RegionRead {
        RegionRead {
            region: region.to_owned(),
            organization: organization.to_owned(),
            body_years,
        }
    }
}

impl RegionRows {
    /// The progress a hospice shares for a year, if it does.
    fn shared_progress(&self, organization: &str, year: i32) -> Option<Progress> {
        self.progress
            .iter()
            .find(|(o, y, _)| o == organization && *y == year)
            .map(|(_, _, p)| *p)
    }

    fn definition(&self, id: &str, version: u32) -> Result<ChecklistDefinition, DbError> {
        let (_, _, json) = self
            .definitions
            .iter()
            .find(|(i, v, _)| i == id && *v == version)
            .ok_or_else(|| {
                DbError::Internal(format!(
                    "submission answers unknown checklist {id} v{version}"
                ))
            })?;
        serde_json::from_str(json)
            .map_err(|e| DbError::Internal(format!("stored checklist `{id}` is unreadable: {e}")))
    }

    /// The definitions the submissions answer, newest version first, so the newest title of
    /// a theme wins.
    fn answered_definitions(&self) -> Result<Vec<ChecklistDefinition>, DbError> {
        let answered: BTreeSet<(&str, u32)> = self
            .submissions
            .iter()
            .map(|s| (s.checklist.as_str(), s.version))
            .collect();
        let mut definitions = answered
            .into_iter()
            .map(|(id, version)| self.definition(id, version))
            .collect::<Result<Vec<_>, _>>()?;
        definitions.sort_by(|a, b| b.version.cmp(&a.version).then(a.id.cmp(&b.id)));
        Ok(definitions)
    }

    /// The current submission of a hospice in a year: the newest one received.
    fn current(&self, organization: &str, year: i32) -> Option<&SubmissionRow> {
        self.submissions
            .iter()
            .filter(|s| s.organization == organization && s.year == year)
            .max_by(|a, b| a.received_at.cmp(&b.received_at))
    }

    fn years(&self) -> Vec<i32> {
        let years: BTreeSet<i32> = self.submissions.iter().map(|s| s.year).collect();
        years.into_iter().rev().collect()
    }

    fn hospices_by_name(&self) -> Vec<(String, String)> {
        let mut hospices = self.hospices.clone();
        hospices.sort_by_cached_key(|(id, name)| (name.to_lowercase(), id.clone()));
        hospices
    }
}

impl SubmissionRow {
    fn scores(&self) -> Result<Vec<ThemeScore>, DbError> {
        serde_json::from_str(&self.scores).map_err(|e| {
            DbError::Internal(format!(
                "stored scores of {} are unreadable: {e}",
                self.uuid
            ))
        })
    }

    fn request(&self) -> Result<SubmissionRequest, DbError> {
        let body = self.body.as_deref().ok_or_else(|| {
            DbError::Internal(format!(
                "submission {} was read without its body",
                self.uuid
            ))
        })?;
        serde_json::from_str(body).map_err(|e| {
            DbError::Internal(format!(
                "stored submission {} is unreadable: {e}",
                self.uuid
            ))
        })
    }

    fn review(&self) -> Result<Option<Review>, DbError> {
        self.review
            .as_ref()
            .map(|row| {
                Ok(Review {
                    state: ReviewState::parse(&row.state).ok_or_else(|| {
                        DbError::Internal(format!("stored review state `{}`", row.state))
                    })?,
                    note: row.note.clone(),
                    by: row.username.clone(),
                    at: row.at.clone(),
                })
            })
            .transpose()
    }

    fn detail(&self, rows: &RegionRows) -> Result<SubmissionDetail, DbError> {
        Ok(SubmissionDetail {
            uuid: self.uuid.clone(),
            received_at: self.received_at.clone(),
            review: self.review()?,
            scores: self.scores()?,
            rule: self.rule.clone(),
            definition: rows.definition(&self.checklist, self.version)?,
            evaluation: self.request()?.evaluation,
        })
    }
}

/// The year an overview shows when none is asked: the newest with a submission, else this
/// calendar year.
fn default_year(rows: &RegionRows) -> i32 {
    rows.years()
        .first()
        .copied()
        .unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()))
}

/// Every hospice's scores of a year, one slice each (hospices without a submission left
/// out).
fn year_scores(rows: &RegionRows, year: i32) -> Result<Vec<Vec<ThemeScore>>, DbError> {
    rows.hospices
        .iter()
        .filter_map(|(id, _)| rows.current(id, year))
        .map(SubmissionRow::scores)
        .collect()
}

impl Db {
    async fn region_rows(&self, read: RegionRead) -> Result<RegionRows, DbError> {
        if !storable(&read.region) || !storable(&read.organization) {
            return Err(missing_region(&read.region));
        }
        match &self.backend {
            Backend::Sqlite(db) => {
                db.read_blocking(move |c| super::sqlite::region::rows(c, &read))
                    .await
            }
            Backend::Postgres(db) => db.region_rows(&read).await,
        }
    }

    /// The coordinator's overview of a year (the newest with a submission when `None`).
    /// The year a region's screens and exports show when none is asked: the newest with a
    /// submission, else this calendar year.
    pub async fn newest_year(&self, region: &str) -> Result<i32, DbError> {
        let rows = self
            .region_rows(RegionRead::new(region, "", RegionRead::NO_BODIES))
            .await?;
        Ok(default_year(&rows))
    }

    pub async fn region_overview(
        &self,
        region: &str,
        year: Option<i32>,
    ) -> Result<RegionOverview, DbError> {
        // Bodies are read for the asked year only (the open actions); without a year the
        // newest is found first, from the rows without bodies.
        let year = match year {
            Some(year) => year,
            None => self.newest_year(region).await?,
        };
        let rows = self
            .region_rows(RegionRead::new(region, "", (year, year)))
            .await?;
        let themes = themes_of(&rows.answered_definitions()?);
        let mut hospices = Vec::new();
        for (id, name) in rows.hospices_by_name() {
            let current = rows.current(&id, year);
            let review = current.map(SubmissionRow::review).transpose()?.flatten();
            let (scores, evaluation) = match current {
                Some(row) => (row.scores()?, Some(row.request()?.evaluation)),
                None => (Vec::new(), None),
            };
            let open = evaluation.as_ref().map_or(0, |e| open_actions(e, None));
            let by_theme = evaluation
                .as_ref()
                .map(|e| {
                    scores
                        .iter()
                        .map(|s| (s.theme.clone(), open_actions(e, Some(&s.theme))))
                        .filter(|(_, n)| *n > 0)
                        .collect()
                })
                .unwrap_or_default();
            let progress = match current {
                Some(_) => None,
                None => rows.shared_progress(&id, year),
            };
            hospices.push(HospiceRow {
                state: year_state(
                    current.is_some(),
                    review.as_ref().map(|r| r.state),
                    progress,
                ),
                organization_id: id,
                name,
                submission: current.map(|row| row.uuid.clone()),
                received_at: current.map(|row| row.received_at.clone()),
                review,
                scores,
                open_actions: open,
                open_actions_by_theme: by_theme,
                progress,
            });
        }
        let all = year_scores(&rows, year)?;
        Ok(RegionOverview {
            region: region.to_owned(),
            region_name: rows.name.clone(),
            year,
            years: rows.years(),
            region_themes: theme_spreads(&themes, &all),
            themes,
            hospices,
        })
    }

    /// Every improvement action of every hospice's current submission of a year, hospices
    /// by name: the coordinator's actions export.
    pub async fn region_actions(&self, region: &str, year: i32) -> Result<RegionActions, DbError> {
        let rows = self
            .region_rows(RegionRead::new(region, "", (year, year)))
            .await?;
        let themes = themes_of(&rows.answered_definitions()?);
        let mut hospices = Vec::new();
        for (id, name) in rows.hospices_by_name() {
            if let Some(row) = rows.current(&id, year) {
                let actions = row.request()?.evaluation.actions;
                hospices.push(HospiceActions {
                    organization_id: id,
                    name,
                    actions,
                });
            }
        }
        Ok(RegionActions {
            region: region.to_owned(),
            year,
            themes,
            hospices,
        })
    }

    /// One hospice of a region in a year, beside its newest earlier year.
    pub async fn region_hospice(
        &self,
        region: &str,
        organization: &str,
        year: i32,
    ) -> Result<HospiceDetail, DbError> {
        let rows = self
            .region_rows(RegionRead::new(region, organization, (i32::MIN, i32::MAX)))
            .await?;
        let Some((_, name)) = rows.hospices.iter().find(|(id, _)| id == organization) else {
            return Err(missing_organization(organization));
        };
        let previous_year = rows
            .submissions
            .iter()
            .map(|s| s.year)
            .filter(|y| *y < year)
            .max();
        Ok(HospiceDetail {
            organization_id: organization.to_owned(),
            name: name.clone(),
            year,
            current: rows
                .current(organization, year)
                .map(|row| row.detail(&rows))
                .transpose()?,
            previous: previous_year
                .and_then(|y| rows.current(organization, y))
                .map(|row| row.detail(&rows))
                .transpose()?,
        })
    }

    /// The region per theme over the years, and each hospice's scores year by year.
    pub async fn region_trend(&self, region: &str) -> Result<RegionTrend, DbError> {
        let rows = self
            .region_rows(RegionRead::new(region, "", RegionRead::NO_BODIES))
            .await?;
        let themes = themes_of(&rows.answered_definitions()?);
        let mut years: Vec<i32> = rows.years();
        years.reverse();
        let mut spreads = Vec::new();
        for year in &years {
            let all = year_scores(&rows, *year)?;
            spreads.push(YearSpread {
                year: *year,
                themes: theme_spreads(&themes, &all),
            });
        }
        let mut hospices = Vec::new();
        for (id, name) in rows.hospices_by_name() {
            let mut own = Vec::new();
            for year in &years {
                if let Some(row) = rows.current(&id, *year) {
                    own.push(YearScores {
                        year: *year,
                        scores: row.scores()?,
                    });
                }
            }
            hospices.push(HospiceTrend {
                organization_id: id,
                name,
                years: own,
            });
        }
        Ok(RegionTrend {
            region: region.to_owned(),
            themes,
            years: spreads,
            hospices,
        })
    }

    /// What the manager of `organization` (in `region`) may see of the region in a year:
    /// see [`kompas_core::region::compare`].
    pub async fn comparison(
        &self,
        region: &str,
        organization: &str,
        year: i32,
    ) -> Result<Comparison, DbError> {
        let rows = self
            .region_rows(RegionRead::new(region, "", RegionRead::NO_BODIES))
            .await?;
        let themes = themes_of(&rows.answered_definitions()?);
        let all = year_scores(&rows, year)?;
        let own = rows
            .current(organization, year)
            .map(SubmissionRow::scores)
            .transpose()?;
        Ok(Comparison {
            organization_id: organization.to_owned(),
            year,
            sent: own.is_some(),
            min_group: MIN_COMPARISON_GROUP,
            themes: compare(&themes, own.as_deref(), &all),
        })
    }

    /// A hospice's current submissions with the coordinator's marks, newest year first:
    /// what its managers' devices sync.
    pub async fn own_submissions(
        &self,
        region: &str,
        organization: &str,
    ) -> Result<OwnSubmissions, DbError> {
        let rows = self
            .region_rows(RegionRead::new(region, organization, RegionRead::NO_BODIES))
            .await?;
        let mut submissions = rows
            .submissions
            .iter()
            .map(|row| {
                Ok(OwnSubmission {
                    uuid: row.uuid.clone(),
                    year: row.year,
                    checklist: ChecklistRef {
                        id: row.checklist.clone(),
                        version: row.version,
                    },
                    received_at: row.received_at.clone(),
                    review: row.review()?,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        submissions.sort_by(|a, b| b.year.cmp(&a.year).then(b.received_at.cmp(&a.received_at)));
        Ok(OwnSubmissions { submissions })
    }

    /// Marks a current submission of the region; a second mark replaces the first.
    pub async fn review_submission(
        &self,
        region: &str,
        uuid: &str,
        request: ReviewRequest,
        account_id: i64,
        username: &str,
    ) -> Result<Review, DbError> {
        let at = super::now_rfc3339();
        self.review_submission_at(region, uuid, request, (account_id, username), at)
            .await
    }

    /// [`Db::review_submission`] at a given time, for generated history.
    pub(crate) async fn review_submission_at(
        &self,
        region: &str,
        uuid: &str,
        request: ReviewRequest,
        (account_id, username): (i64, &str),
        at: String,
    ) -> Result<Review, DbError> {
        let note = request.note.trim().to_owned();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(DbError::Invalid(format!(
                "The note is {} characters; at most {MAX_NOTE_CHARS} fit. Shorten it.",
                note.chars().count()
            )));
        }
        super::refuse_nul("the note", &note)?;
        if !storable(region) || !storable(uuid) {
            return Err(missing_submission(uuid));
        }
        let review = Review {
            state: request.state,
            note,
            by: username.to_owned(),
            at,
        };
        let (region, uuid, stored) = (region.to_owned(), uuid.to_owned(), review.clone());
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| {
                    super::sqlite::region::review(c, &region, &uuid, &stored, account_id)
                })
                .await?
            }
            Backend::Postgres(db) => db.review(&region, &uuid, &stored, account_id).await?,
        }
        Ok(review)
    }
}

pub(crate) fn missing_submission(uuid: &str) -> DbError {
    DbError::NotFound(format!("submission {uuid} in this region"))
}

/// What a backend found before writing a review: the submission's region, what replaced it.
pub(crate) fn check_reviewable(
    uuid: &str,
    region: &str,
    found: Option<(String, Option<String>)>,
) -> Result<(), DbError> {
    match found {
        Some((of, _)) if of != region => Err(missing_submission(uuid)),
        None => Err(missing_submission(uuid)),
        Some((_, Some(newer))) => Err(DbError::Conflict(format!(
            "Submission {uuid} was corrected by {newer}; mark the newest version."
        ))),
        Some((_, None)) => Ok(()),
    }
}
