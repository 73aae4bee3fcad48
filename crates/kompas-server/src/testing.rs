//! A small, known setup for tests, benchmarks and trying the server out: region
//! `utrecht` with hospice `de-linde`, volunteer `anna`, manager `marieke` and administrator
//! `beheer`; and [`serve_on_loopback`], the real router on a free loopback port.

use kompas_proto::sync::Role;

use crate::{auth, router, run, AppState, Db, DbError};

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

/// Serves `db` with the real router on a free loopback port for as long as the tokio
/// runtime runs; the address it listens on.
pub async fn serve_on_loopback(db: &Db) -> std::io::Result<std::net::SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(run(
        listener,
        router(AppState::new(db.clone())),
        std::future::pending::<()>(),
    ));
    Ok(address)
}
