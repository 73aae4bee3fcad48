//! Gelezen en begrepen (issue #13 §4): who reads on this device, acknowledging a
//! must-read change, and the manager's overview and list of names. An acknowledgement or
//! a change of the list is stored at once and wakes the sync engine to send it.

use kompas_proto::reading::{ReadingEdit, ReadingView};
use kompas_proto::{CommandError, ErrorCode};

use crate::state::AppState;

impl AppState {
    /// The hospice this device follows (logged in or not: what is acknowledged offline
    /// goes up with the next sync).
    fn followed_organization(&self) -> Result<String, CommandError> {
        self.engine()
            .view()
            .organization
            .map(|o| o.id)
            .ok_or_else(|| {
                CommandError::new(
                    ErrorCode::NotPossible,
                    "this device follows no hospice yet: log in once in the settings, then your \
                 name can be chosen from the hospice's list",
                )
            })
    }

    /// The manager's overview (only for a manager of the hospice, logged in).
    pub fn reading_page(&self) -> Result<ReadingView, CommandError> {
        if self.managed_organization().is_none() {
            return Err(CommandError::new(
                ErrorCode::NotPossible,
                "only a manager of the hospice this device follows sees who read what: log \
                 in as one in the settings",
            ));
        }
        let mut view = self.read(|r| r.reading_view())?;
        view.can_edit = true;
        Ok(view)
    }

    pub fn edit_reading(&self, edit: ReadingEdit) -> Result<(), CommandError> {
        match edit {
            ReadingEdit::Choose { reader } => {
                self.write(|store| store.choose_reader(reader.as_deref()))
            }
            ReadingEdit::Acknowledge {
                section,
                reader,
                changes,
            } => {
                let organization = self.followed_organization()?;
                self.write(|store| store.acknowledge(&organization, &section, &reader, &changes))?;
                self.engine().outbox_changed();
                Ok(())
            }
            ReadingEdit::SaveReader { id, name, active } => {
                let organization = self.managed_organization().ok_or_else(|| {
                    CommandError::new(
                        ErrorCode::NotPossible,
                        "only a manager of the hospice keeps its list of names: log in as one \
                         in the settings",
                    )
                })?;
                self.write(|store| store.save_reader(&organization, id.as_deref(), &name, active))?;
                self.engine().outbox_changed();
                Ok(())
            }
        }
    }
}
