//! Full-text search over the handbook, Dutch-aware (see `kompas_core::search`).
//!
//! Two tiers: sections with every word in their title or tags come first (those with all
//! words in the title itself, then critical protocols, leading), then sections that have
//! the words anywhere. Each tier is ranked
//! by bm25. To keep a query within a couple of milliseconds on very large handbooks, bm25 is
//! computed for at most [`RANKED_MATCHES`] matches per tier, taken in handbook order; a
//! hospice's handbook (tens to a few hundred sections) is always ranked completely.

use std::collections::HashSet;

use kompas_core::search::{highlight, snippet, Highlighted, Query};
use kompas_proto::{SearchHit, SearchOutcome, SearchResults, TextPart};
use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

/// Words in a snippet.
const SNIPPET_WORDS: usize = 24;
/// Matches per tier for which bm25 is computed.
pub const RANKED_MATCHES: usize = 400;

const TITLE_TIER: &str = "SELECT rowid, bm25(section_title_fts, 10.0, 5.0)
     FROM section_title_fts WHERE section_title_fts MATCH ?1 LIMIT ?2";
const IN_TITLE: &str =
    "SELECT rowid FROM section_title_fts WHERE section_title_fts MATCH ?1 LIMIT ?2";
const TEXT_TIER: &str = "SELECT rowid, bm25(section_text_fts)
     FROM section_text_fts WHERE section_text_fts MATCH ?1 LIMIT ?2";

impl Store {
    /// Searches titles, tags and text; best hit first, at most `limit` hits. When nothing
    /// matches, the answer holds the handbook's categories and critical protocols, so a
    /// search is never a dead end.
    pub fn search(&self, input: &str, limit: usize) -> Result<SearchResults, StoreError> {
        let hits = self.search_hits(input, limit)?;
        let outcome = if hits.is_empty() && Query::parse(input).is_some() {
            SearchOutcome::NoMatch {
                categories: self.handbook()?.into_iter().map(|c| c.name).collect(),
                critical: self.home(0)?.critical,
            }
        } else {
            SearchOutcome::AllWords
        };
        Ok(SearchResults {
            hits,
            correction: None,
            outcome,
        })
    }

    fn search_hits(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = Query::parse(input) else {
            return Ok(Vec::new());
        };
        let expression = query.fts5_expression();

        let mut title_tier = self.ranked(TITLE_TIER, &expression)?;
        // Within the first tier: every word in the title itself before words found partly
        // in the tags; then critical protocols, which a volunteer needs in a hurry. The sort
        // is stable, so bm25 order stands otherwise.
        let in_title = self.rowids(IN_TITLE, &format!("{{title}} : ({expression})"))?;
        let critical = self.critical_rowids()?;
        title_tier.sort_by_key(|rowid| (!in_title.contains(rowid), !critical.contains(rowid)));
        title_tier.truncate(limit);

        let mut hits = title_tier;
        if hits.len() < limit {
            let seen: HashSet<i64> = hits.iter().copied().collect();
            let text_tier = self.ranked(TEXT_TIER, &expression)?;
            hits.extend(
                text_tier
                    .into_iter()
                    .filter(|rowid| !seen.contains(rowid))
                    .take(limit - seen.len()),
            );
        }

        let mut row = self.conn.prepare_cached(
            "SELECT id, title, category, critical, plain_text FROM section WHERE rowid = ?1",
        )?;
        let mut results = Vec::with_capacity(hits.len());
        for rowid in hits {
            let found = row
                .query_row([rowid], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })
                .optional()?;
            // An index row without a section would be a bug; skip it rather than fail.
            let Some((id, title, category, critical, text)) = found else {
                continue;
            };
            results.push(SearchHit {
                title: parts(highlight(&query, &title)),
                snippet: parts(snippet(&query, &text, SNIPPET_WORDS)),
                id,
                category,
                critical,
                // Every term of the FTS5 expression must match.
                all_words: true,
            });
        }
        Ok(results)
    }

    /// Rowids matching in one tier, best bm25 first.
    fn ranked(&self, sql: &str, expression: &str) -> Result<Vec<i64>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let mut scored: Vec<(i64, f64)> = statement
            .query_map(
                rusqlite::params![expression, RANKED_MATCHES as i64],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?
            .collect::<Result<_, _>>()?;
        // bm25 is lower for better matches.
        scored.sort_by(|a, b| a.1.total_cmp(&b.1));
        Ok(scored.into_iter().map(|(rowid, _)| rowid).collect())
    }

    /// Rowids matching, in no particular order.
    fn rowids(&self, sql: &str, expression: &str) -> Result<HashSet<i64>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let rowids = statement
            .query_map(
                rusqlite::params![expression, RANKED_MATCHES as i64],
                |row| row.get(0),
            )?
            .collect::<Result<_, _>>()?;
        Ok(rowids)
    }

    fn critical_rowids(&self) -> Result<HashSet<i64>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT rowid FROM section WHERE critical = 1")?;
        let critical = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(critical)
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
