//! Full-text search over the handbook, Dutch-aware and forgiving (the rules are in
//! `kompas_core::search` and `kompas_core::rank`; this module asks the index).
//!
//! For every word of the query, the index says which sections hold it in their title, in
//! their tags and anywhere (`find.rs`); a word found nowhere is tried again with the words
//! of the handbook a typo or two away, and the answer then carries the corrected query.
//! The sections found are ranked by `kompas_core::rank` (fields, exactness, rarity,
//! critical protocols, bm25); when none holds every word, the best holding most of them are
//! shown, and when nothing matches at all, the handbook's categories and critical protocols.
//!
//! To keep a query within a couple of milliseconds on very large handbooks, each index
//! lookup takes at most [`RANKED_MATCHES`] sections, in handbook order; a hospice's handbook
//! (tens to a few hundred sections) is always ranked completely.

mod find;
pub(crate) mod words;

use kompas_core::rank::{self, Rank};
use kompas_core::search::{Highlighted, Query};
use kompas_core::text::words;
use kompas_proto::{SearchHit, SearchOutcome, SearchResults, TextPart};
use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

/// Words in a snippet.
const SNIPPET_WORDS: usize = 24;
/// Sections taken from one index lookup.
pub const RANKED_MATCHES: usize = 400;
/// Ranked candidates whose titles and tags are read to tell exact matches from near ones.
const REFINED: usize = 25;

impl Store {
    /// Searches titles, tags and text; best hit first, at most `limit` hits. The answer says
    /// whether the hits hold every word, and which corrected query was used. When nothing
    /// matches, it holds the handbook's categories and critical protocols, so a search is
    /// never a dead end.
    pub fn search(&self, input: &str, limit: usize) -> Result<SearchResults, StoreError> {
        let Some(mut query) = Query::parse(input) else {
            return Ok(SearchResults {
                hits: Vec::new(),
                correction: None,
                outcome: SearchOutcome::AllWords,
            });
        };
        // One read transaction: one snapshot for every lookup (and one lock, not one each).
        let _snapshot = self.conn.unchecked_transaction()?;
        let loaded = self.vocabulary()?;
        query.expand(&loaded.vocabulary);
        let found = self.find(&mut query, &loaded)?;
        let correction = query.corrected(&loaded.vocabulary);
        if found.is_empty() {
            return Ok(SearchResults {
                hits: Vec::new(),
                correction,
                outcome: SearchOutcome::NoMatch {
                    categories: self.categories()?,
                    critical: self.home(0)?.critical,
                },
            });
        }

        let mut ranked: Vec<(i64, Rank)> = found
            .candidates
            .iter()
            .map(|(rowid, candidate)| (*rowid, rank::rank(candidate, &found.rarity)))
            .collect();
        ranked.sort_by(|a, b| rank::compare(&a.1, &b.1).then(a.0.cmp(&b.0)));
        let partial = query.partly_matched();
        let mut matcher = query.matcher();
        let any_all_words = !partial && ranked.iter().any(|(_, r)| r.all_words);

        // The best candidates are read (one row each) and re-ranked in two steps: for the
        // first REFINED, how exactly their titles and tags hold each word and which words
        // their headings have (short texts); for the first `limit` of those, the body
        // text: the phrase, words typed together standing together, how often the words
        // occur.
        ranked.truncate(REFINED.max(limit));
        let mut rows = Vec::with_capacity(ranked.len());
        for (rowid, _) in &ranked {
            let Some(row) = self.hit_fields(*rowid)? else {
                // An index row without a section would be a bug; skip it rather than fail.
                continue;
            };
            let mut candidate = found.candidates[rowid].clone();
            let in_headings = matcher.occurrences(&row.headings).per_term;
            for ((term, matched), in_heading) in query
                .terms
                .iter()
                .zip(&mut candidate.terms)
                .zip(in_headings)
            {
                if matched.title.is_some() {
                    matched.title = Some(term.exactness_in(&row.title));
                }
                if matched.tags.is_some() {
                    matched.tags = Some(term.exactness_in(&row.tags.join(" ")));
                }
                matched.heading = in_heading > 0;
            }
            rows.push((
                rank::rank(&candidate, &found.rarity),
                *rowid,
                candidate,
                row,
            ));
        }
        rows.sort_by(|a, b| rank::compare(&a.0, &b.0).then(a.1.cmp(&b.1)));
        rows.truncate(limit);
        let mut hits = Vec::with_capacity(rows.len());
        for (_, rowid, mut candidate, row) in rows {
            // The text is split once, for counting and for the snippet.
            let text_words: Vec<(usize, &str)> = words(&row.plain_text).collect();
            candidate.phrase = query.phrase_in(&row.title) || query.phrase_in(&row.plain_text);
            let occurrences = matcher.occurrences_in_words(text_words.iter().copied());
            candidate.frequency = rank::frequency(&occurrences.per_term, occurrences.words);
            candidate.adjacent_pairs = occurrences.adjacent_pairs;
            let rank = rank::rank(&candidate, &found.rarity);
            let hit = SearchHit {
                title: parts(matcher.highlight(&row.title)),
                snippet: parts(matcher.snippet_in_words(
                    &row.plain_text,
                    &text_words,
                    SNIPPET_WORDS,
                )),
                all_words: rank.all_words && !partial,
                id: row.id,
                category: row.category,
                critical: row.critical,
            };
            hits.push((rank, rowid, hit));
        }
        hits.sort_by(|a, b| rank::compare(&a.0, &b.0).then(a.1.cmp(&b.1)));
        let hits = hits.into_iter().map(|(_, _, hit)| hit).collect();
        Ok(SearchResults {
            hits,
            correction,
            outcome: if any_all_words {
                SearchOutcome::AllWords
            } else {
                SearchOutcome::SomeWords
            },
        })
    }

    fn hit_fields(&self, rowid: i64) -> Result<Option<HitRow>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, title, category, critical, tags, toc, plain_text FROM section
                 WHERE rowid = ?1",
            )?
            .query_row([rowid], |r| {
                Ok(HitRow {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    category: r.get(2)?,
                    critical: r.get(3)?,
                    tags: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                    headings: serde_json::from_str::<Vec<(u8, String, String)>>(
                        &r.get::<_, String>(5)?,
                    )
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, text, _)| text)
                    .collect::<Vec<_>>()
                    .join(" | "),
                    plain_text: r.get(6)?,
                })
            })
            .optional()?;
        Ok(row)
    }

    /// The handbook's categories in order (what the no-match answer suggests).
    fn categories(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT category FROM section GROUP BY category
             ORDER BY min(category_rank), min(sort_order), category",
        )?;
        let categories = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(categories)
    }
}

/// What a hit shows and ranking reads, from the section.
struct HitRow {
    id: String,
    title: String,
    category: String,
    critical: bool,
    tags: Vec<String>,
    /// The body's headings, separated so that words of two headings are not neighbours.
    headings: String,
    plain_text: String,
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
