//! The history of one section of the followed hospice (issue #13): the region's revisions
//! and the hospice's, from the server (it keeps every one; the device keeps only what it
//! shows). Needs the network.

use kompas_proto::overlay::SectionHistory;

use crate::engine::{Engine, LocalStore};
use crate::region::segment;
use crate::SyncError;

impl<S: LocalStore> Engine<S> {
    /// Every revision of section `id` in the followed hospice's handbook, oldest first.
    pub async fn section_history(&self, id: &str) -> Result<SectionHistory, SyncError> {
        let organization = self
            .view()
            .organization
            .map(|o| o.id)
            .ok_or(SyncError::NoOrganization)?;
        let (client, token) = self.online()?;
        let path = format!(
            "organizations/{}/overlay/history/{}",
            segment(&organization),
            segment(id)
        );
        match client.get_json::<SectionHistory>(&token, &path).await {
            Ok((history, _)) => Ok(history),
            Err(SyncError::LoginNeeded) => {
                self.token_refused(&token);
                Err(SyncError::LoginNeeded)
            }
            Err(error) => Err(error),
        }
    }
}
