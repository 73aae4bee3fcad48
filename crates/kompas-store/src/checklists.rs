//! Checklist definitions on the device, and the ticks of routine checklists.
//!
//! Definitions come with the app (origin `bundle`) until the first complete pull of
//! checklists from a server replaces them (origin `server`), as sections do. Every version
//! received is kept, withdrawn or not, because a self-evaluation names the version it
//! answers; lists show the newest version of each id that is not withdrawn.
//!
//! A routine checklist's ticks are one round of a shift: they survive a restart of the app
//! and are cleared by "Opnieuw beginnen". They never leave the device.

use kompas_proto::checklist::{
    ChecklistBody, ChecklistDefinition, ChecklistKind, ChecklistSummary, RoutineView,
};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::sections::Origin;
use crate::{Store, StoreError};

/// Where a page of checklist changes leaves the pull; stored in the page's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistPageEnd<'a> {
    pub cursor: &'a str,
    /// More pages of a first full pull follow.
    pub full_pending: bool,
}

/// What applying checklists changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChecklistChanges {
    pub added: usize,
    pub withdrawn: usize,
}

fn kind_name(kind: ChecklistKind) -> &'static str {
    match kind {
        ChecklistKind::Routine => "routine",
        ChecklistKind::SelfEvaluation => "self-evaluation",
    }
}

fn decode(id: &str, json: &str) -> Result<ChecklistDefinition, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        id: id.to_owned(),
        reason: format!("checklist definition: {e}"),
    })
}

/// Inserts or replaces one version; `true` when it was not there (or withdrawn) before.
fn upsert(
    tx: &Transaction<'_>,
    definition: &ChecklistDefinition,
    origin: Origin,
) -> Result<bool, StoreError> {
    let json = serde_json::to_string(definition).map_err(|e| StoreError::Corrupt {
        id: definition.id.clone(),
        reason: e.to_string(),
    })?;
    let before: Option<(String, bool)> = tx
        .prepare_cached(
            "SELECT definition, withdrawn FROM checklist WHERE id = ?1 AND version = ?2",
        )?
        .query_row(params![definition.id, definition.version], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    tx.prepare_cached(
        "INSERT INTO checklist (id, version, kind, title, definition, origin, withdrawn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)
         ON CONFLICT (id, version) DO UPDATE SET kind = excluded.kind, title = excluded.title,
             definition = excluded.definition, origin = excluded.origin, withdrawn = 0",
    )?
    .execute(params![
        definition.id,
        definition.version,
        kind_name(definition.kind()),
        definition.title,
        json,
        origin.as_str()
    ])?;
    Ok(!matches!(before, Some((old, false)) if old == json))
}

/// How many steps or questions a checklist has.
fn item_count(definition: &ChecklistDefinition) -> u32 {
    let count: usize = match &definition.body {
        ChecklistBody::Routine { groups } => groups.iter().map(|g| g.steps.len()).sum(),
        ChecklistBody::SelfEvaluation { themes, .. } => {
            themes.iter().map(|t| t.questions.len()).sum()
        }
    };
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The handbook sections a checklist links to.
fn linked_sections(definition: &ChecklistDefinition) -> Vec<&str> {
    match &definition.body {
        ChecklistBody::Routine { groups } => groups
            .iter()
            .flat_map(|g| &g.steps)
            .filter_map(|s| s.section.as_deref())
            .collect(),
        ChecklistBody::SelfEvaluation { themes, .. } => themes
            .iter()
            .flat_map(|t| &t.questions)
            .filter_map(|q| q.section.as_deref())
            .collect(),
    }
}

impl Store {
    /// Seeds the checklists that came with the app: each is stored unless a server
    /// provides the checklists; bundled ones no longer in the bundle are withdrawn.
    pub(crate) fn import_bundled_checklists(
        &mut self,
        definitions: &[ChecklistDefinition],
    ) -> Result<ChecklistChanges, StoreError> {
        if self.sync_record()?.pull.checklist_cursor.is_some() {
            return Ok(ChecklistChanges::default());
        }
        let tx = self.conn.transaction()?;
        let mut changes = ChecklistChanges::default();
        for definition in definitions {
            if upsert(&tx, definition, Origin::Bundle)? {
                changes.added += 1;
            }
        }
        let mut keep = std::collections::HashSet::new();
        for definition in definitions {
            keep.insert((definition.id.as_str(), definition.version));
        }
        let bundled: Vec<(String, u32)> = tx
            .prepare("SELECT id, version FROM checklist WHERE origin = 'bundle' AND withdrawn = 0")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (id, version) in bundled {
            if !keep.contains(&(id.as_str(), version)) {
                tx.execute(
                    "UPDATE checklist SET withdrawn = 1 WHERE id = ?1 AND version = ?2",
                    params![id, version],
                )?;
                changes.withdrawn += 1;
            }
        }
        tx.commit()?;
        Ok(changes)
    }

    /// Applies one page of checklist changes from the server, with its cursor, in one
    /// transaction. `complete`: the last page of a first full pull, after which what came
    /// with the app and was not sent again is withdrawn.
    pub fn apply_checklist_page(
        &mut self,
        definitions: &[ChecklistDefinition],
        withdrawn: &[String],
        end: &ChecklistPageEnd<'_>,
        complete: bool,
    ) -> Result<ChecklistChanges, StoreError> {
        let tx = self.conn.transaction()?;
        let mut changes = ChecklistChanges::default();
        for definition in definitions {
            if upsert(&tx, definition, Origin::Server)? {
                changes.added += 1;
            }
        }
        for id in withdrawn {
            changes.withdrawn += tx.execute(
                "UPDATE checklist SET withdrawn = 1 WHERE id = ?1 AND withdrawn = 0",
                [id],
            )?;
        }
        if complete {
            changes.withdrawn += tx.execute(
                "UPDATE checklist SET withdrawn = 1 WHERE origin = 'bundle' AND withdrawn = 0",
                [],
            )?;
        }
        tx.execute(
            "UPDATE sync_state SET checklist_cursor = ?1, checklist_full_pending = ?2 WHERE id = 1",
            params![end.cursor, end.full_pending],
        )?;
        tx.commit()?;
        Ok(changes)
    }

    /// Starts the checklist pull over (the server no longer knows the cursor): what is
    /// here stays until the new first full pull completes.
    pub fn restart_checklist_pull(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE checklist SET origin = 'bundle'", [])?;
        tx.execute(
            "UPDATE sync_state SET checklist_cursor = NULL, checklist_full_pending = 1 WHERE id = 1",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The checklists to choose from: the newest version of each, routine ones first.
    pub fn checklists(&self) -> Result<Vec<ChecklistSummary>, StoreError> {
        Ok(self
            .current_checklists()?
            .iter()
            .map(|definition| ChecklistSummary {
                id: definition.id.clone(),
                version: definition.version,
                kind: definition.kind(),
                title: definition.title.clone(),
                items: item_count(definition),
            })
            .collect())
    }

    /// The checklists that link to handbook section `section_id`.
    pub fn checklists_for_section(
        &self,
        section_id: &str,
    ) -> Result<Vec<ChecklistSummary>, StoreError> {
        let linked: Vec<String> = self
            .current_checklists()?
            .into_iter()
            .filter(|d| linked_sections(d).contains(&section_id))
            .map(|d| d.id)
            .collect();
        Ok(self
            .checklists()?
            .into_iter()
            .filter(|c| linked.contains(&c.id))
            .collect())
    }

    fn current_checklists(&self) -> Result<Vec<ChecklistDefinition>, StoreError> {
        let rows: Vec<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.definition FROM checklist c
                 WHERE c.withdrawn = 0 AND c.version =
                     (SELECT max(version) FROM checklist WHERE id = c.id AND withdrawn = 0)
                 ORDER BY c.kind = 'self-evaluation', c.title COLLATE NOCASE",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.iter().map(|(id, json)| decode(id, json)).collect()
    }

    /// A checklist definition: `version` or, with `None`, the newest one not withdrawn.
    pub fn checklist(
        &self,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<ChecklistDefinition>, StoreError> {
        let json: Option<String> = match version {
            Some(version) => self
                .conn
                .prepare_cached("SELECT definition FROM checklist WHERE id = ?1 AND version = ?2")?
                .query_row(params![id, version], |row| row.get(0))
                .optional()?,
            None => self
                .conn
                .prepare_cached(
                    "SELECT definition FROM checklist WHERE id = ?1 AND withdrawn = 0
                     ORDER BY version DESC LIMIT 1",
                )?
                .query_row([id], |row| row.get(0))
                .optional()?,
        };
        json.map(|json| decode(id, &json)).transpose()
    }

    /// A routine checklist with the steps ticked in this round.
    pub fn routine(&self, id: &str) -> Result<Option<RoutineView>, StoreError> {
        let Some(definition) = self.checklist(id, None)? else {
            return Ok(None);
        };
        if definition.kind() != ChecklistKind::Routine {
            return Ok(None);
        }
        let steps = item_count(&definition);
        let ticks: Vec<(u32, String)> = self
            .conn
            .prepare_cached(
                "SELECT step, ticked_at FROM routine_tick WHERE checklist_id = ?1 ORDER BY step",
            )?
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let started_at = ticks.iter().map(|(_, at)| at).min().cloned();
        Ok(Some(RoutineView {
            definition,
            // A newer version may have fewer steps: ticks past its end are not shown.
            ticked: ticks
                .into_iter()
                .map(|(step, _)| step)
                .filter(|step| *step < steps)
                .collect(),
            started_at,
        }))
    }

    /// Ticks or unticks step `step` of routine checklist `id`.
    pub fn tick_step(&mut self, id: &str, step: u32, ticked: bool) -> Result<(), StoreError> {
        if ticked {
            self.conn
                .prepare_cached(
                    "INSERT INTO routine_tick (checklist_id, step, ticked_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (checklist_id, step) DO NOTHING",
                )?
                .execute(params![id, step, crate::now_rfc3339()])?;
        } else {
            self.conn
                .prepare_cached("DELETE FROM routine_tick WHERE checklist_id = ?1 AND step = ?2")?
                .execute(params![id, step])?;
        }
        Ok(())
    }

    /// "Opnieuw beginnen": clears every tick of routine checklist `id`.
    pub fn restart_routine(&mut self, id: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM routine_tick WHERE checklist_id = ?1")?
            .execute([id])?;
        Ok(())
    }
}
