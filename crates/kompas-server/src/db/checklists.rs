//! A region's checklists and the hospices' self-evaluations sent to it. The SQL is in
//! `sqlite/checklists.rs` and `postgres/checklists.rs`; what a publish writes, whether a
//! submission may be stored, and how rows become pages and receipts are decided here, once.
//!
//! A published version of a checklist never changes: publishing the same id and version
//! with other content is refused, with what to do. A submission is stored once per UUID:
//! the same UUID with the same content is answered as before, with other content it is a
//! conflict, and a correction must name the newest version it replaces.

use std::collections::{HashMap, HashSet};

use kompas_core::fingerprint::fields_digest;
use kompas_core::score::{check_answers, missing, score_themes};
use kompas_proto::checklist::{ChecklistDefinition, Missing, ThemeScore, SCORE_RULE};
use kompas_proto::sync::{SubmissionReceipt, SubmissionRequest};
use serde::{Deserialize, Serialize};

use super::{missing_region, storable, Backend, Db, DbError};

/// What a publish of checklists changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChecklistReport {
    pub added: usize,
    pub unchanged: usize,
    pub withdrawn: usize,
}

/// A stored checklist version, as a publish compares it.
#[derive(Debug, Clone)]
pub(crate) struct StoredChecklist {
    pub id: String,
    pub version: u32,
    pub digest: String,
    pub withdrawn: bool,
}

/// A version to insert (new) or to bring back (withdrawn before, published again as it was).
#[derive(Debug)]
pub(crate) struct ChecklistUpsert {
    pub id: String,
    pub version: u32,
    pub seq: i64,
    pub definition: String,
    pub digest: String,
}

/// What a publish writes, decided the same way for every backend.
#[derive(Debug, Default)]
pub(crate) struct ChecklistPlan {
    pub upserts: Vec<ChecklistUpsert>,
    /// (id, version, seq) of versions no longer published.
    pub withdrawals: Vec<(String, u32, i64)>,
    pub head: i64,
    pub report: ChecklistReport,
}

/// The definition as stored and compared: its JSON, and a digest of that.
fn encode(definition: &ChecklistDefinition) -> Result<(String, String), DbError> {
    let json = serde_json::to_string(definition)
        .map_err(|e| DbError::Internal(format!("cannot encode checklist: {e}")))?;
    if !storable(&json) {
        return Err(DbError::Invalid(format!(
            "checklist `{}` cannot contain a NUL character",
            definition.id.escape_debug()
        )));
    }
    let digest = fields_digest([json.as_bytes()]);
    Ok((json, digest))
}

/// Compares a publish with what the region has. Every published version of an id that is
/// still in the content stays (submissions name old versions); ids no longer in the
/// content are withdrawn, all their versions.
pub(crate) fn plan_checklists(
    head: i64,
    existing: &[StoredChecklist],
    definitions: &[ChecklistDefinition],
) -> Result<ChecklistPlan, DbError> {
    let mut plan = ChecklistPlan {
        head,
        ..ChecklistPlan::default()
    };
    let stored: HashMap<(&str, u32), &StoredChecklist> = existing
        .iter()
        .map(|c| ((c.id.as_str(), c.version), c))
        .collect();
    let mut published: HashSet<&str> = HashSet::new();
    for definition in definitions {
        published.insert(&definition.id);
        let (json, digest) = encode(definition)?;
        match stored.get(&(definition.id.as_str(), definition.version)) {
            Some(old) if old.digest != digest => {
                return Err(DbError::Invalid(format!(
                    "checklist `{}` version {} is already published with other content, and a \
                     published version never changes (hospices answer it). Raise `version` in \
                     its file to {} and publish again.",
                    definition.id,
                    definition.version,
                    existing
                        .iter()
                        .filter(|c| c.id == definition.id)
                        .map(|c| c.version)
                        .max()
                        .unwrap_or(definition.version)
                        + 1
                )));
            }
            Some(old) if !old.withdrawn => {
                plan.report.unchanged += 1;
                continue;
            }
            _ => {}
        }
        plan.head += 1;
        plan.report.added += 1;
        plan.upserts.push(ChecklistUpsert {
            id: definition.id.clone(),
            version: definition.version,
            seq: plan.head,
            definition: json,
            digest,
        });
    }
    let mut gone: Vec<(&str, u32)> = existing
        .iter()
        .filter(|c| !c.withdrawn && !published.contains(c.id.as_str()))
        .map(|c| (c.id.as_str(), c.version))
        .collect();
    gone.sort();
    let ids: HashSet<&str> = gone.iter().map(|(id, _)| *id).collect();
    plan.report.withdrawn = ids.len();
    for (id, version) in gone {
        plan.head += 1;
        plan.withdrawals.push((id.to_owned(), version, plan.head));
    }
    Ok(plan)
}

/// A row of the checklist table as a pull reads it.
#[derive(Debug)]
pub(crate) struct ChecklistRow {
    pub id: String,
    pub seq: i64,
    pub withdrawn: bool,
    pub definition: String,
}

/// One page of checklist changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistRows {
    pub checklists: Vec<ChecklistDefinition>,
    pub withdrawn: Vec<String>,
    pub last_seq: i64,
    pub more: bool,
}

pub(crate) fn checklist_page(
    rows: Vec<ChecklistRow>,
    after: i64,
    limit: usize,
) -> Result<ChecklistRows, DbError> {
    let mut page = ChecklistRows {
        checklists: Vec::new(),
        withdrawn: Vec::new(),
        last_seq: after,
        more: rows.len() > limit,
    };
    for row in rows.into_iter().take(limit) {
        page.last_seq = row.seq;
        if row.withdrawn {
            if !page.withdrawn.contains(&row.id) {
                page.withdrawn.push(row.id);
            }
        } else {
            page.checklists.push(decode(&row.id, &row.definition)?);
        }
    }
    Ok(page)
}

fn decode(id: &str, json: &str) -> Result<ChecklistDefinition, DbError> {
    serde_json::from_str(json)
        .map_err(|e| DbError::Internal(format!("stored checklist `{id}` is unreadable: {e}")))
}

/// A submission checked and ready to store (owned: it moves onto SQLite's writer thread).
#[derive(Debug)]
pub(crate) struct NewSubmission {
    pub uuid: String,
    pub organization: String,
    pub region: String,
    pub checklist: String,
    pub version: u32,
    pub year: i32,
    pub replaces: Option<String>,
    pub account_id: i64,
    pub body: String,
    pub digest: String,
    pub scores: String,
    /// RFC 3339; now, except for generated history.
    pub received_at: String,
}

/// What a backend found when it stored a submission.
#[derive(Debug)]
pub(crate) enum Stored {
    /// Stored now.
    New { received_at: String },
    /// Stored before with this content.
    Again {
        received_at: String,
        scores: String,
        rule: String,
    },
}

/// Why a submission is not stored; each becomes its own HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum SubmissionError {
    /// 409: the UUID holds other content, or the replaced version was replaced already.
    #[error("{0}")]
    Conflict(String),
    /// 422: the content cannot be accepted.
    #[error("{0}")]
    Unprocessable(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The scores stored with a submission (its rule beside them).
#[derive(Debug, Serialize, Deserialize)]
struct StoredScores(Vec<ThemeScore>);

/// Checks a finished self-evaluation against its definition: every answer belongs to a
/// question, every theme and action to a theme, nothing is missing. Returns its scores.
pub(crate) fn check_submission(
    definition: &ChecklistDefinition,
    request: &SubmissionRequest,
) -> Result<Vec<ThemeScore>, SubmissionError> {
    let evaluation = &request.evaluation;
    let unprocessable = |text: String| Err(SubmissionError::Unprocessable(text));
    if definition.themes().is_empty() {
        return unprocessable(format!(
            "`{}` is a routine checklist: it is ticked on the device and never sent.",
            definition.id
        ));
    }
    if !(2000..=2100).contains(&evaluation.year) {
        return unprocessable(format!(
            "The year {} is not possible for a self-evaluation.",
            evaluation.year
        ));
    }
    check_answers(definition, &evaluation.answers)
        .map_err(|e| SubmissionError::Unprocessable(format!("{e}.")))?;
    let themes: HashSet<&str> = definition.themes().iter().map(|t| t.id.as_str()).collect();
    if let Some(theme) = evaluation
        .themes
        .keys()
        .find(|t| !themes.contains(t.as_str()))
    {
        return unprocessable(format!(
            "Theme `{theme}` is not in checklist `{}` version {}.",
            definition.id, definition.version
        ));
    }
    let mut action_ids = HashSet::new();
    for action in &evaluation.actions {
        if !themes.contains(action.theme.as_str()) {
            return unprocessable(format!(
                "Action `{}` belongs to theme `{}`, which is not in the checklist.",
                action.id, action.theme
            ));
        }
        if action.id.trim().is_empty() || !action_ids.insert(action.id.as_str()) {
            return unprocessable(format!(
                "Every action needs its own id; `{}` is empty or used twice.",
                action.id
            ));
        }
        if let Some(due) = &action.due {
            if chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() {
                return unprocessable(format!(
                    "Action `{}`: the date `{due}` is not a date like 2027-06-01.",
                    action.id
                ));
            }
        }
    }
    let gaps = missing(definition, evaluation);
    if !gaps.is_empty() {
        let shown: Vec<String> = gaps.iter().take(5).map(describe).collect();
        return unprocessable(format!(
            "This self-evaluation is not finished ({} thing(s) missing: {}{}). Finish it on the \
             device and send it again.",
            gaps.len(),
            shown.join("; "),
            if gaps.len() > shown.len() {
                "; …"
            } else {
                ""
            }
        ));
    }
    Ok(score_themes(definition, &evaluation.answers))
}

fn describe(gap: &Missing) -> String {
    match gap {
        Missing::Answer { question, .. } => format!("question `{question}` has no answer"),
        Missing::Explanation { question, .. } => {
            format!("question `{question}` is N.v.t. without an explanation")
        }
        Missing::GoesWell { theme } => format!("theme `{theme}` lacks \"Wat gaat goed\""),
        Missing::ToImprove { theme } => format!("theme `{theme}` lacks \"Wat kan beter\""),
        Missing::ActionWhat { action, .. } => format!("action `{action}` lacks what it is"),
        Missing::Summary => "the summary is empty".to_owned(),
    }
}

/// The canonical form of a submission's UUID (lowercase, hyphenated), or why it is not one.
pub fn canonical_uuid(text: &str) -> Option<String> {
    uuid::Uuid::try_parse(text)
        .ok()
        .map(|u| u.hyphenated().to_string())
        .filter(|canonical| canonical == text)
}

impl Db {
    /// Publishes a region's checklists in one transaction (see [`plan_checklists`]).
    pub async fn publish_checklists(
        &self,
        region: &str,
        definitions: Vec<ChecklistDefinition>,
    ) -> Result<ChecklistReport, DbError> {
        if !storable(region) {
            return Err(missing_region(region));
        }
        let region = region.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::checklists::publish(c, &region, &definitions))
                    .await
            }
            Backend::Postgres(db) => db.publish_checklists(&region, &definitions).await,
        }
    }

    /// The last checklist change number of a region (0 before any publish).
    pub async fn checklist_head(&self, region: &str) -> Result<i64, DbError> {
        if !storable(region) {
            return Ok(0);
        }
        match &self.backend {
            Backend::Sqlite(db) => db.read(|c| super::sqlite::checklists::head(c, region)),
            Backend::Postgres(db) => db.checklist_head(region).await,
        }
    }

    /// Checklist changes of a region after change number `after`, at most `limit` rows.
    pub async fn checklist_changes(
        &self,
        region: &str,
        after: i64,
        limit: usize,
    ) -> Result<ChecklistRows, DbError> {
        if !storable(region) {
            return checklist_page(Vec::new(), after, limit);
        }
        let region = region.to_owned();
        let fetch = i64::try_from(limit)
            .unwrap_or(i64::MAX - 1)
            .saturating_add(1);
        let rows = match &self.backend {
            Backend::Sqlite(db) => {
                db.read_blocking(move |c| {
                    super::sqlite::checklists::changes(c, &region, after, fetch)
                })
                .await?
            }
            Backend::Postgres(db) => db.checklist_changes(&region, after, fetch).await?,
        };
        checklist_page(rows, after, limit)
    }

    /// A published checklist version of a region (withdrawn ones included: a hospice may
    /// still send what it answered before the withdrawal).
    pub async fn checklist(
        &self,
        region: &str,
        id: &str,
        version: u32,
    ) -> Result<Option<ChecklistDefinition>, DbError> {
        if !storable(region) || !storable(id) {
            return Ok(None);
        }
        let json = match &self.backend {
            Backend::Sqlite(db) => {
                db.read(|c| super::sqlite::checklists::definition(c, region, id, version))?
            }
            Backend::Postgres(db) => db.checklist_definition(region, id, version).await?,
        };
        json.map(|json| decode(id, &json)).transpose()
    }

    /// How many submissions a hospice has on the server (every version counted).
    pub async fn submission_count(&self, organization: &str) -> Result<i64, DbError> {
        match &self.backend {
            Backend::Sqlite(db) => {
                db.read(|c| super::sqlite::checklists::submission_count(c, organization))
            }
            Backend::Postgres(db) => db.submission_count(organization).await,
        }
    }

    /// Stores a finished self-evaluation of `request.organization` (in `region`) sent by
    /// `account_id`: checked against its definition, scored by the server's own rule,
    /// stored exactly once per UUID. `Ok((receipt, true))` when stored now.
    pub async fn submit(
        &self,
        uuid: &str,
        region: &str,
        account_id: i64,
        request: &SubmissionRequest,
    ) -> Result<(SubmissionReceipt, bool), SubmissionError> {
        self.submit_received_at(uuid, region, account_id, request, super::now_rfc3339())
            .await
    }

    /// [`Db::submit`] with the time of receipt given: the generated history of
    /// `crate::generate` was received in the years it answers.
    pub(crate) async fn submit_received_at(
        &self,
        uuid: &str,
        region: &str,
        account_id: i64,
        request: &SubmissionRequest,
        received_at: String,
    ) -> Result<(SubmissionReceipt, bool), SubmissionError> {
        let reference = &request.evaluation.checklist;
        let Some(definition) = self
            .checklist(region, &reference.id, reference.version)
            .await?
        else {
            return Err(SubmissionError::Unprocessable(format!(
                "Checklist `{}` version {} is not published in this hospice's region. Update \
                 the app's content (sync) and answer a published version.",
                reference.id, reference.version
            )));
        };
        if let Some(replaces) = &request.replaces {
            if canonical_uuid(replaces).is_none() {
                return Err(SubmissionError::Unprocessable(format!(
                    "`replaces` must be the UUID of the version this one corrects, not `{replaces}`."
                )));
            }
            if replaces == uuid {
                return Err(SubmissionError::Unprocessable(
                    "A submission cannot replace itself.".to_owned(),
                ));
            }
        }
        let scores = check_submission(&definition, request)?;
        let body = serde_json::to_string(request)
            .map_err(|e| DbError::Internal(format!("cannot encode a submission: {e}")))?;
        if !storable(&body) {
            return Err(SubmissionError::Unprocessable(
                "The texts cannot contain a NUL character.".to_owned(),
            ));
        }
        let encoded_scores = serde_json::to_string(&StoredScores(scores.clone()))
            .map_err(|e| DbError::Internal(format!("cannot encode scores: {e}")))?;
        let submission = NewSubmission {
            uuid: uuid.to_owned(),
            organization: request.organization.clone(),
            region: region.to_owned(),
            checklist: reference.id.clone(),
            version: reference.version,
            year: request.evaluation.year,
            replaces: request.replaces.clone(),
            account_id,
            digest: fields_digest([body.as_bytes()]),
            body,
            scores: encoded_scores,
            received_at,
        };
        // The outer error is the database's, the inner one the submission's own.
        let stored = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::checklists::submit(c, &submission))
                    .await?
            }
            Backend::Postgres(db) => db.submit(&submission).await?,
        }?;
        Ok(match stored {
            Stored::New { received_at } => (
                SubmissionReceipt {
                    uuid: uuid.to_owned(),
                    received_at,
                    scores,
                    rule: SCORE_RULE.to_owned(),
                },
                true,
            ),
            Stored::Again {
                received_at,
                scores,
                rule,
            } => {
                let StoredScores(scores) = serde_json::from_str(&scores).map_err(|e| {
                    DbError::Internal(format!("stored scores of {uuid} are unreadable: {e}"))
                })?;
                (
                    SubmissionReceipt {
                        uuid: uuid.to_owned(),
                        received_at,
                        scores,
                        rule,
                    },
                    false,
                )
            }
        })
    }
}

/// The checks of an earlier submission a new one is compared with, for both backends.
pub(crate) fn compare_existing(
    uuid: &str,
    digest: &str,
    existing: Option<(String, String, String, String)>,
) -> Result<Option<Stored>, SubmissionError> {
    match existing {
        Some((stored_digest, received_at, scores, rule)) if stored_digest == digest => {
            Ok(Some(Stored::Again {
                received_at,
                scores,
                rule,
            }))
        }
        Some(_) => Err(SubmissionError::Conflict(format!(
            "Submission {uuid} is already stored with other content; nothing was changed. To \
             correct a sent self-evaluation, send it under a new UUID with `replaces` set to \
             {uuid}."
        ))),
        None => Ok(None),
    }
}

/// The check of the version a correction replaces: (its organization, what replaced it).
pub(crate) fn check_replaced(
    replaces: &str,
    organization: &str,
    found: Option<(String, Option<String>)>,
) -> Result<(), SubmissionError> {
    match found {
        None => Err(SubmissionError::Unprocessable(format!(
            "`replaces` names submission {replaces}, which this server does not have. Send \
             the version it corrects first, or leave `replaces` out."
        ))),
        Some((other, _)) if other != organization => Err(SubmissionError::Unprocessable(
            format!("Submission {replaces} belongs to another hospice; a correction must replace one of its own."),
        )),
        Some((_, Some(newer))) => Err(SubmissionError::Conflict(format!(
            "Submission {replaces} was already replaced by {newer}: this correction is based on \
             an outdated version. Start from the newest version and send again."
        ))),
        Some((_, None)) => Ok(()),
    }
}

#[cfg(test)]
mod tests;
