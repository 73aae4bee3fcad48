//! Full-text search over the handbook, Dutch-aware (see `kompas_core::search`).

use kompas_core::search::{highlight, snippet, Highlighted, Query};
use kompas_proto::{SearchHit, TextPart};

use crate::{Store, StoreError};

/// Words in a snippet.
const SNIPPET_WORDS: usize = 24;
/// Extra candidates fetched so that title hits ranked lower by bm25 can move up.
const EXTRA_CANDIDATES: usize = 30;

struct Candidate {
    rowid: i64,
    id: String,
    title: String,
    category: String,
    critical: bool,
}

impl Store {
    /// Searches titles, tags and text. Sections whose title contains every word come first
    /// (critical protocols leading them); within each group, bm25 with the title weighing
    /// most.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = Query::parse(input) else {
            return Ok(Vec::new());
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT s.rowid, s.id, s.title, s.category, s.critical
             FROM section_fts f JOIN section s ON s.rowid = f.rowid
             WHERE section_fts MATCH ?1
             ORDER BY bm25(section_fts, 10.0, 5.0, 1.0)
             LIMIT ?2",
        )?;
        let candidates = statement.query_map(
            rusqlite::params![query.fts5_expression(), (limit + EXTRA_CANDIDATES) as i64],
            |row| {
                Ok(Candidate {
                    rowid: row.get(0)?,
                    id: row.get(1)?,
                    title: row.get(2)?,
                    category: row.get(3)?,
                    critical: row.get(4)?,
                })
            },
        )?;
        let mut ranked: Vec<(bool, Candidate)> = Vec::new();
        for candidate in candidates {
            let candidate = candidate?;
            ranked.push((query.all_terms_in(&candidate.title), candidate));
        }
        // Title hits first; among those, the critical protocols (what a volunteer needs
        // in a hurry); otherwise the bm25 order stands (the sort is stable).
        ranked.sort_by_key(|(in_title, candidate)| (!in_title, !(*in_title && candidate.critical)));
        let title_hits: Vec<Candidate> = ranked.into_iter().take(limit).map(|(_, c)| c).collect();

        let mut text_statement = self
            .conn
            .prepare_cached("SELECT plain_text FROM section WHERE rowid = ?1")?;
        title_hits
            .into_iter()
            .map(|candidate| {
                let text: String = text_statement.query_row([candidate.rowid], |row| row.get(0))?;
                Ok(SearchHit {
                    title: parts(highlight(&query, &candidate.title)),
                    snippet: parts(snippet(&query, &text, SNIPPET_WORDS)),
                    id: candidate.id,
                    category: candidate.category,
                    critical: candidate.critical,
                })
            })
            .collect()
    }
}

fn parts(highlighted: Vec<Highlighted>) -> Vec<TextPart> {
    highlighted
        .into_iter()
        .map(|h| TextPart {
            text: h.text,
            marked: h.marked,
        })
        .collect()
}
