//! The checklist and self-evaluation screens' data, and their edits. Reads go through the
//! read-only connections; every edit is one store transaction on the writer, so a killed
//! app loses at most what was being typed. Only a manager of the hospice this device
//! follows may start a self-evaluation; what goes into the outbox wakes the sync engine.

use kompas_core::score::{missing, score_themes};
use kompas_proto::checklist::{
    ChecklistEdit, ChecklistsView, EditOutcome, EvaluationView, RoutineView, ThemeReflection,
};
use kompas_proto::sync::Role;
use kompas_proto::{CommandError, ErrorCode};
use kompas_store::StoreError;

use crate::state::AppState;

fn not_found(what: &str) -> CommandError {
    CommandError::new(ErrorCode::NotFound, what.to_owned())
}

/// This year by the device's clock.
fn this_year() -> i32 {
    chrono::Datelike::year(&chrono::Local::now().date_naive())
}

impl AppState {
    /// The hospice this device follows, if the user is its manager.
    pub(crate) fn managed_organization(&self) -> Option<String> {
        let view = self.engine().view();
        view.organization
            .filter(|o| o.role == Role::Manager && view.signed_in)
            .map(|o| o.id)
    }

    pub fn checklists_page(&self) -> Result<ChecklistsView, CommandError> {
        let managed = self.managed_organization();
        let checklists = self.read(|r| r.checklists())?;
        // A hospice's self-evaluations are its manager's: on a device shared with
        // volunteers they show only while a manager of that hospice is logged in.
        let evaluations = match &managed {
            Some(organization) => self
                .read(|r| r.self_evaluations())?
                .into_iter()
                .filter(|e| &e.organization == organization)
                .collect(),
            None => Vec::new(),
        };
        Ok(ChecklistsView {
            checklists,
            evaluations,
            may_evaluate: managed.is_some(),
            year: this_year(),
        })
    }

    /// Refuses unless a manager of `uuid`'s hospice is logged in on this device.
    fn check_manager_of(&self, uuid: &str) -> Result<(), CommandError> {
        let record = self.read(|r| r.self_evaluation(uuid))?;
        match (record, self.managed_organization()) {
            (Some(record), Some(managed)) if record.organization == managed => Ok(()),
            (None, _) => Err(not_found(&format!("no self-evaluation `{uuid}`"))),
            _ => Err(CommandError::new(
                ErrorCode::NotPossible,
                "only a manager of this self-evaluation's hospice may open or change it: log \
                 in as one in the settings",
            )),
        }
    }

    pub fn routine_page(&self, id: &str) -> Result<RoutineView, CommandError> {
        self.read(|r| r.routine(id))?
            .ok_or_else(|| not_found(&format!("no routine checklist `{id}`")))
    }

    pub fn evaluation_page(&self, uuid: &str) -> Result<EvaluationView, CommandError> {
        self.check_manager_of(uuid)?;
        let record = self
            .read(|r| r.self_evaluation(uuid))?
            .ok_or_else(|| not_found(&format!("no self-evaluation `{uuid}`")))?;
        let definition = self
            .read(|r| r.checklist(&record.checklist.id, Some(record.checklist.version)))?
            .ok_or_else(|| {
                not_found(&format!(
                    "checklist `{}` version {} is not on this device",
                    record.checklist.id, record.checklist.version
                ))
            })?;
        let evaluation = record.evaluation();
        Ok(EvaluationView {
            scores: score_themes(&definition, &evaluation.answers),
            missing: missing(&definition, &evaluation),
            record,
            definition,
        })
    }

    /// Saves one edit. Sending wakes the sync engine, which counts and sends the outbox.
    pub fn edit_checklist(&self, edit: ChecklistEdit) -> Result<EditOutcome, CommandError> {
        let mut outcome = EditOutcome::default();
        if let Some(uuid) = edit.evaluation() {
            self.check_manager_of(uuid)?;
        }
        match edit {
            ChecklistEdit::Tick { id, step, ticked } => {
                self.write(|s| s.tick_step(&id, step, ticked))?
            }
            ChecklistEdit::RestartRoutine { id } => self.write(|s| s.restart_routine(&id))?,
            ChecklistEdit::StartEvaluation { checklist } => {
                let organization = self.managed_organization().ok_or_else(|| {
                    CommandError::new(
                        ErrorCode::NotPossible,
                        "only a manager of the hospice this device follows may start its \
                         self-evaluation: log in as one in the settings",
                    )
                })?;
                let record = self
                    .write(|s| s.start_self_evaluation(&organization, &checklist, this_year()))?;
                outcome.uuid = Some(record.uuid);
            }
            ChecklistEdit::Answer {
                uuid,
                question,
                answer,
                explanation,
            } => self.write(|s| s.save_answer(&uuid, &question, answer, &explanation))?,
            ChecklistEdit::Reflection {
                uuid,
                theme,
                goes_well,
                to_improve,
            } => {
                let reflection = ThemeReflection {
                    goes_well,
                    to_improve,
                };
                self.write(|s| s.save_reflection(&uuid, &theme, &reflection))?
            }
            ChecklistEdit::Summary { uuid, text } => {
                self.write(|s| s.save_summary(&uuid, &text))?
            }
            ChecklistEdit::SaveAction { uuid, action } => {
                let saved = self.write(|s| s.save_action(&uuid, &action))?;
                outcome.uuid = Some(saved.id);
            }
            ChecklistEdit::DeleteAction { uuid, id } => {
                self.write(|s| s.delete_action(&uuid, &id))?
            }
            ChecklistEdit::Finish { uuid } => {
                outcome.missing = self.write(|s| s.finish_self_evaluation(&uuid))?;
            }
            ChecklistEdit::Reopen { uuid } => self.write(|s| s.reopen_self_evaluation(&uuid))?,
            ChecklistEdit::Send { uuid } => {
                let sent = self.write(|s| s.queue_self_evaluation(&uuid))?;
                outcome.uuid = Some(sent);
                self.engine().outbox_changed();
            }
            ChecklistEdit::Revise { uuid } => {
                let record = self.write(|s| s.revise_self_evaluation(&uuid))?;
                outcome.uuid = Some(record.uuid);
            }
            ChecklistEdit::ShareProgress { uuid, share } => {
                self.write(|s| {
                    let record = s.self_evaluation(&uuid)?.ok_or_else(|| {
                        StoreError::Refused(format!("no self-evaluation `{uuid}`"))
                    })?;
                    s.set_share_progress(&record.organization, record.year, share)
                })?;
                // The next sync sends it; wake the engine so it goes now when online.
                self.engine().sync_now();
            }
        }
        Ok(outcome)
    }
}
