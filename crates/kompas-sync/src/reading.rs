//! Gelezen en begrepen: the hospice's list of names and the acknowledgements made on other
//! devices come down after the handbook, page by page from where the last pull stopped;
//! what this device acknowledged goes up through the outbox (`push.rs`).

use kompas_proto::reading::ReadersPage;

use crate::{Client, LocalStore, SyncError};

/// Pulls the list and every acknowledgement stored after the last one this device has.
/// Each answer is applied in one transaction with where it ends, so an interrupted pull
/// resumes. A server without the endpoint (older) is not an error: nothing to read.
pub async fn pull_readers(
    client: &Client,
    token: &str,
    organization: &str,
    store: &impl LocalStore,
) -> Result<(), SyncError> {
    // A bound on the loop: a server that keeps answering with more is not followed
    // forever in one sync.
    for _ in 0..100 {
        let after = store.with_store(|s| s.readers_after())?;
        let path = format!("organizations/{organization}/readers?after={after}");
        let page: ReadersPage = match client.get_json(token, &path).await {
            Ok((page, _)) => page,
            Err(SyncError::Refused(problem))
                if problem.kind == kompas_proto::sync::ProblemKind::NotFound =>
            {
                return Ok(());
            }
            Err(error) => return Err(error),
        };
        let more = page.last > after && !page.acknowledgements.is_empty();
        store.with_store(|s| s.apply_readers(organization, &page))?;
        if !more {
            break;
        }
    }
    Ok(())
}
