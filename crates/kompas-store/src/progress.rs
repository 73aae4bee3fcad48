//! Sharing how far a self-evaluation is with the region, as the hospice's manager chooses
//! for a year: counts only (questions answered, questions), never an answer or a score.
//! The store keeps the choice and what the server last acknowledged, so that a sync sends
//! only a change, and a choice made offline goes up with the next sync.

use kompas_proto::region::Progress;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{Store, StoreError};

impl Store {
    /// Chooses whether the hospice shares its progress with `year`'s self-evaluation; the
    /// next sync sends it (or takes back what was shared).
    pub fn set_share_progress(
        &mut self,
        organization: &str,
        year: i32,
        share: bool,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO progress_share (organization, year, share) VALUES (?1, ?2, ?3)
             ON CONFLICT (organization, year) DO UPDATE SET share = excluded.share",
            params![organization, year, share],
        )?;
        Ok(())
    }

    /// What the next sync has to send for the hospice: `(year, Some(progress))` to share
    /// (only when it differs from what the server has), `(year, None)` to stop sharing.
    pub fn progress_to_send(
        &self,
        organization: &str,
    ) -> Result<Vec<(i32, Option<Progress>)>, StoreError> {
        let rows: Vec<(i32, bool, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT year, share, sent FROM progress_share WHERE organization = ?1
                 ORDER BY year",
            )?
            .query_map([organization], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut due = Vec::new();
        for (year, share, sent) in rows {
            let sent = sent.as_deref().and_then(parse);
            if !share {
                if sent.is_some() {
                    due.push((year, None));
                }
                continue;
            }
            let Some(now) = progress(self, organization, year)? else {
                continue;
            };
            if sent != Some(now) {
                due.push((year, Some(now)));
            }
        }
        Ok(due)
    }

    /// Records what the server now has for the year (`None`: nothing shared).
    pub fn progress_sent(
        &mut self,
        organization: &str,
        year: i32,
        sent: Option<Progress>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE progress_share SET sent = ?3 WHERE organization = ?1 AND year = ?2",
            params![organization, year, sent.map(format)],
        )?;
        Ok(())
    }
}

/// Whether the hospice chose to share its progress with the year.
pub(crate) fn shares(conn: &Connection, organization: &str, year: i32) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT share FROM progress_share WHERE organization = ?1 AND year = ?2")?
        .query_row(params![organization, year], |row| row.get(0))
        .optional()?
        .unwrap_or(false))
}

/// How far the year's newest self-evaluation on this device is; `None` when the device has
/// none for the year, or its checklist is unknown here.
fn progress(store: &Store, organization: &str, year: i32) -> Result<Option<Progress>, StoreError> {
    let conn = &store.conn;
    let newest: Option<(String, String, u32)> = conn
        .prepare_cached(
            "SELECT uuid, checklist_id, checklist_version FROM self_evaluation
             WHERE organization = ?1 AND year = ?2 ORDER BY created_at DESC, uuid DESC LIMIT 1",
        )?
        .query_row(params![organization, year], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((uuid, checklist, version)) = newest else {
        return Ok(None);
    };
    let Some(definition) = store.checklist(&checklist, Some(version))? else {
        return Ok(None);
    };
    let questions = definition
        .themes()
        .iter()
        .map(|t| t.questions.len())
        .sum::<usize>();
    let answered: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM self_evaluation_answer WHERE uuid = ?1 AND answer IS NOT NULL",
        )?
        .query_row([&uuid], |row| row.get(0))?;
    Ok(u32::try_from(questions)
        .ok()
        .filter(|&q| q > 0)
        .map(|questions| Progress {
            answered: answered.min(questions),
            questions,
        }))
}

fn format(p: Progress) -> String {
    format!("{}/{}", p.answered, p.questions)
}

fn parse(text: &str) -> Option<Progress> {
    let (answered, questions) = text.split_once('/')?;
    Some(Progress {
        answered: answered.parse().ok()?,
        questions: questions.parse().ok()?,
    })
}
