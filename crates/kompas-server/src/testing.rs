//! A small, known setup for tests, benchmarks and trying the server out: region
//! `utrecht` with hospice `de-linde`, volunteer `anna` and administrator `beheer`.

use kompas_proto::sync::Role;

use crate::{auth, Db, DbError};

/// Adds region `utrecht` ("Regio Utrecht"), hospice `de-linde` ("Hospice De Linde"),
/// volunteer `anna` of that hospice, and administrator `beheer` without a hospice, all
/// with `password`.
pub async fn one_hospice(db: &Db, password: &str) -> Result<(), DbError> {
    db.add_region("utrecht", "Regio Utrecht").await?;
    db.add_organization("de-linde", "utrecht", "Hospice De Linde")
        .await?;
    let hash = auth::hash_password(password).map_err(DbError::Invalid)?;
    db.add_account("anna", &hash, false).await?;
    db.add_membership("anna", "de-linde", Role::Volunteer)
        .await?;
    db.add_account("marieke", &hash, false).await?;
    db.add_membership("marieke", "de-linde", Role::Manager)
        .await?;
    db.add_account("beheer", &hash, true).await?;
    Ok(())
}
