//! The region's view on the device: the coordinator's last answers from the server (shown
//! offline with the time they were fetched), and the coordinator's marks on this hospice's
//! own submissions (synced down for its managers).

use kompas_proto::region::{OwnSubmissions, Review, ReviewState};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{Store, StoreError};

impl Store {
    /// Keeps the server's answer to `key`, replacing the one before.
    pub fn save_region_answer(
        &mut self,
        key: &str,
        body: &str,
        fetched_at_ms: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO region_cache (key, body, fetched_at_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET body = excluded.body,
                                             fetched_at_ms = excluded.fetched_at_ms",
            params![key, body, fetched_at_ms],
        )?;
        Ok(())
    }

    /// The last answer kept for `key` and when it was fetched.
    pub fn region_answer(&self, key: &str) -> Result<Option<(String, i64)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT body, fetched_at_ms FROM region_cache WHERE key = ?1",
                [key],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    /// Forgets every kept answer (at logout: they belong to the account).
    pub fn forget_region_answers(&mut self) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM region_cache", [])?;
        Ok(())
    }

    /// The marks of the hospice's submissions as the server has them now: marks of
    /// submissions that are no longer current go, and a mark taken back goes too.
    pub fn save_reviews(&mut self, own: &OwnSubmissions) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM submission_review", [])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO submission_review (uuid, year, state, note, reviewer, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for submission in &own.submissions {
                if let Some(review) = &submission.review {
                    insert.execute(params![
                        submission.uuid,
                        submission.year,
                        review.state.as_str(),
                        review.note,
                        review.by,
                        review.at
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The coordinator's mark on a submission of this device, if any.
    pub fn review(&self, uuid: &str) -> Result<Option<Review>, StoreError> {
        review_of(&self.conn, uuid)
    }
}

/// The mark on `uuid`, read on `conn` (also inside a read of the whole evaluation).
pub(crate) fn review_of(conn: &Connection, uuid: &str) -> Result<Option<Review>, StoreError> {
    let row: Option<(String, String, String, String)> = conn
        .query_row(
            "SELECT state, note, reviewer, at FROM submission_review WHERE uuid = ?1",
            [uuid],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    // A state this build does not know (a newer server) is as if unmarked.
    Ok(row.and_then(|(state, note, by, at)| {
        Some(Review {
            state: ReviewState::parse(&state)?,
            note,
            by,
            at,
        })
    }))
}

#[cfg(test)]
mod tests {
    use kompas_proto::checklist::ChecklistRef;
    use kompas_proto::region::OwnSubmission;

    use super::*;

    fn own(uuid: &str, review: Option<Review>) -> OwnSubmission {
        OwnSubmission {
            uuid: uuid.into(),
            year: 2026,
            checklist: ChecklistRef {
                id: "zelfevaluatie".into(),
                version: 1,
            },
            received_at: "2026-10-01T10:00:00Z".into(),
            review,
        }
    }

    #[test]
    fn marks_follow_the_server_and_answers_are_kept_with_their_time() {
        let mut store = Store::open_in_memory().expect("store");
        let mark = Review {
            state: ReviewState::Discussed,
            note: "Besproken in het regio-overleg.".into(),
            by: "coordinator".into(),
            at: "2026-11-02T09:00:00Z".into(),
        };
        store
            .save_reviews(&OwnSubmissions {
                submissions: vec![own("a", Some(mark.clone())), own("b", None)],
            })
            .expect("saved");
        assert_eq!(store.review("a").expect("read"), Some(mark.clone()));
        assert_eq!(store.review("b").expect("read"), None);
        // The next sync no longer lists `a` (corrected since): its mark goes.
        store
            .save_reviews(&OwnSubmissions {
                submissions: vec![own("c", Some(mark))],
            })
            .expect("saved");
        assert_eq!(store.review("a").expect("read"), None);
        assert!(store.review("c").expect("read").is_some());

        assert_eq!(store.region_answer("overview/utrecht").expect("read"), None);
        store
            .save_region_answer("overview/utrecht", "{\"a\":1}", 1_000)
            .expect("saved");
        store
            .save_region_answer("overview/utrecht", "{\"a\":2}", 2_000)
            .expect("saved");
        assert_eq!(
            store.region_answer("overview/utrecht").expect("read"),
            Some(("{\"a\":2}".into(), 2_000))
        );
        store.forget_region_answers().expect("forgot");
        assert_eq!(store.region_answer("overview/utrecht").expect("read"), None);
    }
}
