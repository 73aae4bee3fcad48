//! The progress a hospice chooses to share with its region before it sends a year's
//! self-evaluation: how many questions are answered, nothing else. The region's overview
//! reads it with the region's rows (`db/region.rs`); this is the write.

use kompas_proto::region::{Progress, MAX_PROGRESS_QUESTIONS};

use super::{storable, Backend, Db, DbError};

impl Db {
    /// Shares `progress` for the hospice's `year` (replacing what it shared before), or
    /// stops sharing it (`None`, which forgets what was shared).
    pub async fn share_progress(
        &self,
        organization: &str,
        year: i32,
        progress: Option<Progress>,
    ) -> Result<(), DbError> {
        if let Some(p) = progress {
            check(p)?;
        }
        if !storable(organization) {
            return Err(super::missing_organization(organization));
        }
        let at = super::now_rfc3339();
        let organization = organization.to_owned();
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| {
                    super::sqlite::region::share_progress(c, &organization, year, progress, &at)
                })
                .await
            }
            Backend::Postgres(db) => db.share_progress(&organization, year, progress, &at).await,
        }
    }
}

fn check(p: Progress) -> Result<(), DbError> {
    if p.questions == 0 || p.questions > MAX_PROGRESS_QUESTIONS {
        return Err(DbError::Invalid(format!(
            "`questions` is {}; a self-evaluation has between 1 and {MAX_PROGRESS_QUESTIONS} \
             questions. Send the number of questions of the checklist.",
            p.questions
        )));
    }
    if p.answered > p.questions {
        return Err(DbError::Invalid(format!(
            "`answered` ({}) is more than `questions` ({}). Send how many of the questions \
             are answered.",
            p.answered, p.questions
        )));
    }
    Ok(())
}
