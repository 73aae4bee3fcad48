//! Regions and their hospices (organizations). The SQL is in `sqlite/organizations.rs`
//! and `postgres/organizations.rs`.

use super::{check_id, refuse_nul, storable, Backend, Db, DbError};

/// The error for an organization whose region is missing: adding the region comes first.
pub(crate) fn missing_region_of_organization(region: &str) -> DbError {
    DbError::NotFound(format!(
        "region `{region}` (add it first with `region add`)"
    ))
}

impl Db {
    /// Adds a region with its change counter at 0, in one transaction.
    pub async fn add_region(&self, id: &str, name: &str) -> Result<(), DbError> {
        check_id("region", id)?;
        refuse_nul("a region name", name)?;
        let (id, name) = (id.to_owned(), name.to_owned());
        match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| super::sqlite::organizations::add_region(c, &id, &name))
                    .await
            }
            Backend::Postgres(db) => db.add_region(&id, &name).await,
        }
    }

    /// Adds a hospice to an existing region.
    pub async fn add_organization(
        &self,
        id: &str,
        region: &str,
        name: &str,
    ) -> Result<(), DbError> {
        check_id("organization", id)?;
        refuse_nul("an organization name", name)?;
        if !storable(region) {
            return Err(missing_region_of_organization(region));
        }
        let (id, region, name) = (id.to_owned(), region.to_owned(), name.to_owned());
        let added = match &self.backend {
            Backend::Sqlite(db) => {
                db.run(move |c| {
                    super::sqlite::organizations::add_organization(c, &id, &region, &name)
                })
                .await
            }
            Backend::Postgres(db) => db.add_organization(&id, &region, &name).await,
        };
        // After the write: an earlier "no such organization" may be cached.
        self.access.clear();
        added
    }
}
