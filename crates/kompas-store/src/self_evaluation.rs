//! Self-evaluations on the device: answered question by question, every change its own
//! transaction, so killing the app loses at most what was being typed.
//!
//! States: Concept (editable) → Finished (checked complete; scores and report) → Queued
//! (in the outbox, in the same transaction) → Sent (the server acknowledged it). A refusal
//! by the server brings it back to Finished with the reason; a change after sending is a
//! new self-evaluation that names the one it replaces.

use std::collections::BTreeMap;

use kompas_core::score::missing;
use kompas_proto::checklist::{
    ActionStatus, Answer, ChecklistDefinition, ChecklistRef, DraftAnswer, EvaluationRecord,
    EvaluationState, EvaluationSummary, ImprovementAction, Missing, ThemeReflection,
};
use kompas_proto::sync::SubmissionRequest;
use rusqlite::{params, Connection, OptionalExtension};

use crate::outbox::{enqueue, OutboxKind};
use crate::{Store, StoreError};

fn state_name(state: EvaluationState) -> &'static str {
    match state {
        EvaluationState::Concept => "concept",
        EvaluationState::Finished => "finished",
        EvaluationState::Queued => "queued",
        EvaluationState::Sent => "sent",
    }
}

fn parse_state(name: &str) -> EvaluationState {
    match name {
        "finished" => EvaluationState::Finished,
        "queued" => EvaluationState::Queued,
        "sent" => EvaluationState::Sent,
        _ => EvaluationState::Concept,
    }
}

fn parse_answer(name: &str) -> Option<Answer> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

fn parse_status(name: &str) -> ActionStatus {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .unwrap_or(ActionStatus::Gepland)
}

fn refused(text: impl Into<String>) -> StoreError {
    StoreError::Refused(text.into())
}

fn no_such_evaluation(uuid: &str) -> StoreError {
    refused(format!(
        "There is no self-evaluation `{uuid}` on this device."
    ))
}

/// A new UUID v7: time-ordered, made on the device, the submission's id everywhere.
fn new_uuid() -> String {
    uuid::Uuid::now_v7().hyphenated().to_string()
}

/// The row of a self-evaluation, without its answers.
struct Head {
    organization: String,
    checklist: ChecklistRef,
    year: i32,
    state: EvaluationState,
    replaces: Option<String>,
    summary: String,
    updated_at: String,
    sent_at: Option<String>,
    refused: Option<String>,
}

fn head(conn: &Connection, uuid: &str) -> Result<Option<Head>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT organization, checklist_id, checklist_version, year, state, replaces,
                    summary, updated_at, sent_at, refused
             FROM self_evaluation WHERE uuid = ?1",
        )?
        .query_row([uuid], |row| {
            Ok(Head {
                organization: row.get(0)?,
                checklist: ChecklistRef {
                    id: row.get(1)?,
                    version: row.get(2)?,
                },
                year: row.get(3)?,
                state: parse_state(&row.get::<_, String>(4)?),
                replaces: row.get(5)?,
                summary: row.get(6)?,
                updated_at: row.get(7)?,
                sent_at: row.get(8)?,
                refused: row.get(9)?,
            })
        })
        .optional()?)
}

fn record(conn: &Connection, uuid: &str) -> Result<Option<EvaluationRecord>, StoreError> {
    let Some(head) = head(conn, uuid)? else {
        return Ok(None);
    };
    let answers: BTreeMap<String, DraftAnswer> = conn
        .prepare_cached(
            "SELECT question, answer, explanation FROM self_evaluation_answer WHERE uuid = ?1",
        )?
        .query_map([uuid], |row| {
            let answer: Option<String> = row.get(1)?;
            Ok((
                row.get(0)?,
                DraftAnswer {
                    answer: answer.as_deref().and_then(parse_answer),
                    explanation: row.get(2)?,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let themes: BTreeMap<String, ThemeReflection> = conn
        .prepare_cached(
            "SELECT theme, goes_well, to_improve FROM self_evaluation_theme WHERE uuid = ?1",
        )?
        .query_map([uuid], |row| {
            Ok((
                row.get(0)?,
                ThemeReflection {
                    goes_well: row.get(1)?,
                    to_improve: row.get(2)?,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let actions = actions(conn, uuid)?;
    let share_progress = crate::progress::shares(conn, &head.organization, head.year)?;
    Ok(Some(EvaluationRecord {
        uuid: uuid.to_owned(),
        organization: head.organization,
        state: head.state,
        replaces: head.replaces,
        year: head.year,
        checklist: head.checklist,
        answers,
        themes,
        summary: head.summary,
        actions,
        updated_at: head.updated_at,
        sent_at: head.sent_at,
        refused: head.refused,
        review: crate::region::review_of(conn, uuid)?,
        share_progress,
    }))
}

fn actions(conn: &Connection, uuid: &str) -> Result<Vec<ImprovementAction>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, theme, what, goal, who, due, status, evaluation
             FROM improvement_action WHERE uuid = ?1 ORDER BY position",
        )?
        .query_map([uuid], |row| {
            Ok(ImprovementAction {
                id: row.get(0)?,
                theme: row.get(1)?,
                what: row.get(2)?,
                goal: row.get(3)?,
                who: row.get(4)?,
                due: row.get(5)?,
                status: parse_status(&row.get::<_, String>(6)?),
                evaluation: row.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?)
}

fn insert_action(
    conn: &Connection,
    uuid: &str,
    position: i64,
    action: &ImprovementAction,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO improvement_action
             (uuid, id, position, theme, what, goal, who, due, status, evaluation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (uuid, id) DO UPDATE SET theme = excluded.theme, what = excluded.what,
             goal = excluded.goal, who = excluded.who, due = excluded.due,
             status = excluded.status, evaluation = excluded.evaluation",
    )?
    .execute(params![
        uuid,
        action.id,
        position,
        action.theme,
        action.what,
        action.goal,
        action.who,
        action.due,
        action.status.as_str(),
        action.evaluation
    ])?;
    Ok(())
}

fn touch(conn: &Connection, uuid: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE self_evaluation SET updated_at = ?2 WHERE uuid = ?1")?
        .execute(params![uuid, crate::now_rfc3339()])?;
    Ok(())
}

fn set_state(conn: &Connection, uuid: &str, state: EvaluationState) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE self_evaluation SET state = ?2, updated_at = ?3 WHERE uuid = ?1")?
        .execute(params![uuid, state_name(state), crate::now_rfc3339()])?;
    Ok(())
}

/// The server acknowledged the submission `uuid` (called from the outbox).
pub(crate) fn mark_sent(conn: &Connection, uuid: &str, at: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE self_evaluation SET state = 'sent', sent_at = ?2, refused = NULL WHERE uuid = ?1",
    )?
    .execute(params![uuid, at])?;
    Ok(())
}

/// The server refused the submission `uuid` (called from the outbox): Finished again, with
/// the reason, so the manager can put it right or send it again.
pub(crate) fn mark_refused(conn: &Connection, uuid: &str, why: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE self_evaluation SET state = 'finished', refused = ?2 WHERE uuid = ?1",
    )?
    .execute(params![uuid, why])?;
    Ok(())
}

/// Gives a self-evaluation a new UUID, with all it holds (inside a transaction).
fn rekey(conn: &Connection, old: &str, new: &str) -> Result<(), StoreError> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for table in [
        "self_evaluation_answer",
        "self_evaluation_theme",
        "improvement_action",
        "self_evaluation",
    ] {
        conn.execute(
            &format!("UPDATE {table} SET uuid = ?2 WHERE uuid = ?1"),
            params![old, new],
        )?;
    }
    Ok(())
}

impl Store {
    /// This year's self-evaluation of `organization` on checklist `checklist_id`: the one
    /// begun before, or a new concept on the checklist's newest version, with the open
    /// actions of the latest earlier self-evaluation carried over.
    pub fn start_self_evaluation(
        &mut self,
        organization: &str,
        checklist_id: &str,
        year: i32,
    ) -> Result<EvaluationRecord, StoreError> {
        let existing: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT uuid FROM self_evaluation
                 WHERE organization = ?1 AND checklist_id = ?2 AND year = ?3
                   AND uuid NOT IN (SELECT replaces FROM self_evaluation WHERE replaces IS NOT NULL)
                 ORDER BY uuid DESC LIMIT 1",
            )?
            .query_row(params![organization, checklist_id, year], |row| row.get(0))
            .optional()?;
        if let Some(uuid) = existing {
            return record(&self.conn, &uuid)?.ok_or_else(|| refused("gone"));
        }
        let Some(definition) = self.checklist(checklist_id, None)? else {
            return Err(refused(format!(
                "There is no checklist `{checklist_id}` on this device. Update the handbook \
                 (Nu bijwerken) and try again."
            )));
        };
        if definition.themes().is_empty() {
            return Err(refused(format!(
                "`{checklist_id}` is a routine checklist, not a self-evaluation."
            )));
        }
        let uuid = new_uuid();
        let now = crate::now_rfc3339();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO self_evaluation (uuid, organization, checklist_id, checklist_version,
                 year, state, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'concept', ?6, ?6)",
            params![
                uuid,
                organization,
                definition.id,
                definition.version,
                year,
                now
            ],
        )?;
        let earlier: Option<String> = tx
            .prepare_cached(
                "SELECT uuid FROM self_evaluation
                 WHERE organization = ?1 AND checklist_id = ?2 AND year < ?3
                 ORDER BY year DESC, uuid DESC LIMIT 1",
            )?
            .query_row(params![organization, checklist_id, year], |row| row.get(0))
            .optional()?;
        if let Some(earlier) = earlier {
            let themes: Vec<&str> = definition.themes().iter().map(|t| t.id.as_str()).collect();
            let open = actions(&tx, &earlier)?
                .into_iter()
                .filter(|a| a.status.is_open() && themes.contains(&a.theme.as_str()));
            for (position, action) in open.enumerate() {
                insert_action(&tx, &uuid, position as i64, &action)?;
            }
        }
        tx.commit()?;
        record(&self.conn, &uuid)?.ok_or_else(|| refused("gone"))
    }

    /// A self-evaluation on this device.
    pub fn self_evaluation(&self, uuid: &str) -> Result<Option<EvaluationRecord>, StoreError> {
        record(&self.conn, uuid)
    }

    /// Every self-evaluation on this device, newest first.
    pub fn self_evaluations(&self) -> Result<Vec<EvaluationSummary>, StoreError> {
        let rows: Vec<(EvaluationSummary, String, u32)> = self
            .conn
            .prepare_cached(
                "SELECT uuid, organization, year, state, updated_at, checklist_id,
                        checklist_version
                 FROM self_evaluation ORDER BY year DESC, uuid DESC",
            )?
            .query_map([], |row| {
                Ok((
                    EvaluationSummary {
                        uuid: row.get(0)?,
                        organization: row.get(1)?,
                        year: row.get(2)?,
                        title: String::new(),
                        state: parse_state(&row.get::<_, String>(3)?),
                        updated_at: row.get(4)?,
                    },
                    row.get(5)?,
                    row.get(6)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(mut summary, id, version)| {
                summary.title = self
                    .checklist(&id, Some(version))?
                    .map(|d| d.title)
                    .unwrap_or(id);
                Ok(summary)
            })
            .collect()
    }

    /// The definition a concept answers, checked to be editable.
    fn editable(&self, uuid: &str) -> Result<ChecklistDefinition, StoreError> {
        let Some(head) = head(&self.conn, uuid)? else {
            return Err(no_such_evaluation(uuid));
        };
        if head.state != EvaluationState::Concept {
            return Err(refused(
                "This self-evaluation is finished and can no longer be changed. Reopen it \
                 (before sending) or make a new version (after sending).",
            ));
        }
        self.checklist(&head.checklist.id, Some(head.checklist.version))?
            .ok_or_else(|| {
                refused(format!(
                    "Checklist `{}` version {} is no longer on this device.",
                    head.checklist.id, head.checklist.version
                ))
            })
    }

    /// Saves the answer to one question and its explanation (either may be empty).
    pub fn save_answer(
        &mut self,
        uuid: &str,
        question: &str,
        answer: Option<Answer>,
        explanation: &str,
    ) -> Result<(), StoreError> {
        let definition = self.editable(uuid)?;
        if definition.question(question).is_none() {
            return Err(refused(format!(
                "Question `{question}` is not in this self-evaluation."
            )));
        }
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO self_evaluation_answer (uuid, question, answer, explanation)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (uuid, question) DO UPDATE SET answer = excluded.answer,
                 explanation = excluded.explanation",
        )?
        .execute(params![
            uuid,
            question,
            answer.map(Answer::name),
            explanation
        ])?;
        touch(&tx, uuid)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves "Wat gaat goed" and "Wat kan beter" of one theme.
    pub fn save_reflection(
        &mut self,
        uuid: &str,
        theme: &str,
        reflection: &ThemeReflection,
    ) -> Result<(), StoreError> {
        let definition = self.editable(uuid)?;
        if !definition.themes().iter().any(|t| t.id == theme) {
            return Err(refused(format!(
                "Theme `{theme}` is not in this self-evaluation."
            )));
        }
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO self_evaluation_theme (uuid, theme, goes_well, to_improve)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (uuid, theme) DO UPDATE SET goes_well = excluded.goes_well,
                 to_improve = excluded.to_improve",
        )?
        .execute(params![
            uuid,
            theme,
            reflection.goes_well,
            reflection.to_improve
        ])?;
        touch(&tx, uuid)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves the overall summary.
    pub fn save_summary(&mut self, uuid: &str, summary: &str) -> Result<(), StoreError> {
        self.editable(uuid)?;
        self.conn
            .prepare_cached(
                "UPDATE self_evaluation SET summary = ?2, updated_at = ?3 WHERE uuid = ?1",
            )?
            .execute(params![uuid, summary, crate::now_rfc3339()])?;
        Ok(())
    }

    /// Adds or changes an improvement action. A new action (empty `id`) gets one and
    /// goes last; the saved action is returned.
    pub fn save_action(
        &mut self,
        uuid: &str,
        action: &ImprovementAction,
    ) -> Result<ImprovementAction, StoreError> {
        let definition = self.editable(uuid)?;
        if !definition.themes().iter().any(|t| t.id == action.theme) {
            return Err(refused(format!(
                "Theme `{}` is not in this self-evaluation.",
                action.theme
            )));
        }
        if let Some(due) = &action.due {
            if chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() {
                return Err(refused(format!(
                    "`{due}` is not a date; choose one like 2027-06-01."
                )));
            }
        }
        let mut saved = action.clone();
        if saved.id.trim().is_empty() {
            saved.id = new_uuid();
        }
        let tx = self.conn.transaction()?;
        let position: i64 = tx
            .prepare_cached(
                "SELECT COALESCE((SELECT position FROM improvement_action WHERE uuid = ?1 AND id = ?2),
                                 (SELECT COALESCE(max(position) + 1, 0) FROM improvement_action WHERE uuid = ?1))",
            )?
            .query_row(params![uuid, saved.id], |row| row.get(0))?;
        insert_action(&tx, uuid, position, &saved)?;
        touch(&tx, uuid)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Removes an improvement action.
    pub fn delete_action(&mut self, uuid: &str, action_id: &str) -> Result<(), StoreError> {
        self.editable(uuid)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM improvement_action WHERE uuid = ?1 AND id = ?2",
            params![uuid, action_id],
        )?;
        touch(&tx, uuid)?;
        tx.commit()?;
        Ok(())
    }

    /// "Afronden": finished when nothing is missing; otherwise what is missing, theme by
    /// theme, and it stays a concept.
    pub fn finish_self_evaluation(&mut self, uuid: &str) -> Result<Vec<Missing>, StoreError> {
        let definition = self.editable(uuid)?;
        let record = record(&self.conn, uuid)?.ok_or_else(|| refused("gone"))?;
        let gaps = missing(&definition, &record.evaluation());
        if gaps.is_empty() {
            set_state(&self.conn, uuid, EvaluationState::Finished)?;
        }
        Ok(gaps)
    }

    /// Back from Finished to Concept (not once it is queued or sent).
    pub fn reopen_self_evaluation(&mut self, uuid: &str) -> Result<(), StoreError> {
        match head(&self.conn, uuid)?.map(|h| h.state) {
            Some(EvaluationState::Finished) => {
                set_state(&self.conn, uuid, EvaluationState::Concept)
            }
            Some(EvaluationState::Concept) => Ok(()),
            Some(_) => Err(refused(
                "This self-evaluation is on its way to the region or there already; make a \
                 new version to change it.",
            )),
            None => Err(no_such_evaluation(uuid)),
        }
    }

    /// "Versturen": a finished self-evaluation goes into the outbox, in the same
    /// transaction. After a refusal it is sent under a new UUID (the old one may be taken
    /// on the server); returns the UUID it is sent under.
    pub fn queue_self_evaluation(&mut self, uuid: &str) -> Result<String, StoreError> {
        let Some(head) = head(&self.conn, uuid)? else {
            return Err(no_such_evaluation(uuid));
        };
        match head.state {
            EvaluationState::Finished => {}
            EvaluationState::Queued | EvaluationState::Sent => return Ok(uuid.to_owned()),
            EvaluationState::Concept => {
                return Err(refused(
                    "Finish the self-evaluation (Afronden) before sending it.",
                ))
            }
        }
        let tx = self.conn.transaction()?;
        let uuid = if head.refused.is_some() {
            let fresh = new_uuid();
            rekey(&tx, uuid, &fresh)?;
            fresh
        } else {
            uuid.to_owned()
        };
        let record = record(&tx, &uuid)?.ok_or_else(|| refused("gone"))?;
        let payload = serde_json::to_string(&SubmissionRequest {
            organization: record.organization.clone(),
            replaces: record.replaces.clone(),
            evaluation: record.evaluation(),
        })
        .map_err(|e| refused(e.to_string()))?;
        enqueue(&tx, OutboxKind::Submission, &uuid, &payload)?;
        tx.execute(
            "UPDATE self_evaluation SET state = 'queued', refused = NULL, updated_at = ?2
             WHERE uuid = ?1",
            params![uuid, crate::now_rfc3339()],
        )?;
        tx.commit()?;
        Ok(uuid)
    }

    /// A change after sending: a new concept with everything of the sent one, naming it
    /// as the version it replaces. Asking again returns the same new concept.
    pub fn revise_self_evaluation(&mut self, uuid: &str) -> Result<EvaluationRecord, StoreError> {
        let Some(sent) = record(&self.conn, uuid)? else {
            return Err(no_such_evaluation(uuid));
        };
        if sent.state != EvaluationState::Sent {
            return Err(refused(
                "Only a self-evaluation the region has received gets a new version; change \
                 this one itself.",
            ));
        }
        let newer: Option<String> = self
            .conn
            .prepare_cached("SELECT uuid FROM self_evaluation WHERE replaces = ?1")?
            .query_row([uuid], |row| row.get(0))
            .optional()?;
        if let Some(newer) = newer {
            return record(&self.conn, &newer)?.ok_or_else(|| refused("gone"));
        }
        let fresh = new_uuid();
        let now = crate::now_rfc3339();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO self_evaluation (uuid, organization, checklist_id, checklist_version,
                 year, state, replaces, summary, created_at, updated_at)
             SELECT ?2, organization, checklist_id, checklist_version, year, 'concept', uuid,
                    summary, ?3, ?3
             FROM self_evaluation WHERE uuid = ?1",
            params![uuid, fresh, now],
        )?;
        for table_copy in [
            "INSERT INTO self_evaluation_answer (uuid, question, answer, explanation)
             SELECT ?2, question, answer, explanation FROM self_evaluation_answer WHERE uuid = ?1",
            "INSERT INTO self_evaluation_theme (uuid, theme, goes_well, to_improve)
             SELECT ?2, theme, goes_well, to_improve FROM self_evaluation_theme WHERE uuid = ?1",
            "INSERT INTO improvement_action (uuid, id, position, theme, what, goal, who, due,
                 status, evaluation)
             SELECT ?2, id, position, theme, what, goal, who, due, status, evaluation
             FROM improvement_action WHERE uuid = ?1",
        ] {
            tx.execute(table_copy, params![uuid, fresh])?;
        }
        tx.commit()?;
        record(&self.conn, &fresh)?.ok_or_else(|| refused("gone"))
    }
}
