//! The SQL of `db/organizations.rs` for PostgreSQL.

use super::{exists, unique_violation, PgDb};
use crate::db::organizations::missing_region_of_organization;
use crate::db::DbError;

impl PgDb {
    pub(crate) async fn add_region(&self, id: &str, name: &str) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO region (id, name) VALUES ($1, $2)",
            &[&id, &name],
        )
        .await
        .map_err(|e| unique_violation(e, format!("region `{id}` already exists")))?;
        tx.execute(
            "INSERT INTO region_head (region_id, seq) VALUES ($1, 0)",
            &[&id],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn add_organization(
        &self,
        id: &str,
        region: &str,
        name: &str,
    ) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        if !exists(&tx, "SELECT 1 FROM region WHERE id = $1", region).await? {
            return Err(missing_region_of_organization(region));
        }
        tx.execute(
            "INSERT INTO organization (id, region_id, name) VALUES ($1, $2, $3)",
            &[&id, &region, &name],
        )
        .await
        .map_err(|e| unique_violation(e, format!("organization `{id}` already exists")))?;
        tx.commit().await?;
        Ok(())
    }
}
