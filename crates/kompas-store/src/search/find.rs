//! Asking the full-text index which sections hold each word of a query, and where.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use kompas_core::rank::{rarity, Candidate, Exactness, TermMatch};
use kompas_core::search::Query;

use super::words::Loaded;
use super::RANKED_MATCHES;
use crate::{Store, StoreError};

/// What the index found for a query.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) candidates: HashMap<i64, Candidate>,
    /// One weight per term: how rare it is in the handbook.
    pub(super) rarity: Vec<f64>,
}

impl Found {
    pub(super) fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }
}

// FTS5's bm25 needs positions: with `detail=column` it is 0 for every row, so the index
// only says which sections (and which columns) hold a word; the order is decided in Rust.

/// Sections holding an expression anywhere.
const IN_TEXT: &str = "SELECT rowid FROM section_text_fts WHERE section_text_fts MATCH ?1";
/// Sections taken for each word of a query of several: they only rank sections that hold
/// some of the words, after those that hold them all (taken up to [`RANKED_MATCHES`]).
const PER_WORD_MATCHES: usize = RANKED_MATCHES / 2;
/// Sections holding an expression in a column of title or tags (`{title} : …`).
const IN_TITLE_OR_TAGS: &str =
    "SELECT rowid FROM section_title_fts WHERE section_title_fts MATCH ?1";

impl Store {
    /// For every term: the sections holding it anywhere (correcting it when it is found
    /// nowhere as typed), and those holding it in title or tags; for all terms together,
    /// the sections holding every one; and the query's stop words found in titles.
    pub(super) fn find(&self, query: &mut Query, loaded: &Loaded) -> Result<Found, StoreError> {
        let count = query.terms.len();
        let mut in_text: Vec<HashSet<i64>> = Vec::with_capacity(count);
        let mut typo = Vec::with_capacity(count);
        let limit = if count > 1 {
            PER_WORD_MATCHES
        } else {
            RANKED_MATCHES
        };
        for index in 0..count {
            // Typesense's rule: typos only when the word as typed finds nothing, nor the
            // verb of a particle verb's participle; then the parts of a compound the
            // handbook writes apart.
            let mut found = self.in_text(&query.terms[index].fts5_alternatives(), limit)?;
            if found.is_empty() && query.separate(index, &loaded.vocabulary) {
                found = self.in_text(&query.terms[index].fts5_alternatives(), limit)?;
            }
            if found.is_empty()
                && query.terms[index].may_be_corrected()
                && query.correct(index, &loaded.vocabulary)
            {
                found = self.in_text(&query.terms[index].fts5_alternatives(), limit)?;
            }
            typo.push(!query.terms[index].corrections.is_empty());
            if found.is_empty() && query.split(index, &loaded.vocabulary) {
                found = self.in_text(&query.terms[index].fts5_alternatives(), limit)?;
                while found.is_empty() && query.loosen_split(index) {
                    found = self.in_text(&query.terms[index].fts5_alternatives(), limit)?;
                }
            }
            in_text.push(found);
        }
        let mut in_title: Vec<HashSet<i64>> = Vec::with_capacity(count);
        let mut in_tags: Vec<HashSet<i64>> = Vec::with_capacity(count);
        for term in &query.terms {
            if term.stop {
                in_title.push(HashSet::default());
                in_tags.push(HashSet::default());
                continue;
            }
            let alternatives = term.fts5_title_alternatives();
            in_title.push(self.rowids(IN_TITLE_OR_TAGS, &format!("{{title}} : {alternatives}"))?);
            in_tags.push(self.rowids(IN_TITLE_OR_TAGS, &format!("{{tags}} : {alternatives}"))?);
        }
        // Every word at once finds the sections holding them all, also past the sections
        // each word's own lookup took; when none stopped at its limit, those are complete
        // and already hold them (a hospice's handbook, nearly always).
        let every_word = if count > 1 && in_text.iter().any(|found| found.len() >= limit) {
            self.in_text(&query.fts5_expression(), RANKED_MATCHES)?
        } else {
            HashSet::default()
        };
        let mut optional_in_title: HashMap<i64, usize> = HashMap::default();
        for term in &query.optional {
            let expression = format!("{{title}} : {}", term.fts5_alternatives());
            for rowid in self.rowids(IN_TITLE_OR_TAGS, &expression)? {
                *optional_in_title.entry(rowid).or_default() += 1;
            }
        }
        let critical = self.critical_rowids()?;

        let mut rowids: HashSet<i64> = every_word.clone();
        for index in 0..count {
            rowids.extend(&in_text[index]);
            rowids.extend(&in_title[index]);
            rowids.extend(&in_tags[index]);
        }
        let near = |index: usize| {
            if typo[index] {
                Exactness::Typo
            } else {
                Exactness::Near
            }
        };
        let mut found = Found::default();
        for rowid in rowids {
            let terms = (0..count)
                .map(|index| TermMatch {
                    title: in_title[index].contains(&rowid).then(|| near(index)),
                    tags: in_tags[index].contains(&rowid).then(|| near(index)),
                    heading: false,
                    text: (in_text[index].contains(&rowid) || every_word.contains(&rowid))
                        .then(|| near(index)),
                })
                .collect();
            found.candidates.insert(
                rowid,
                Candidate {
                    terms,
                    optional_in_title: optional_in_title.get(&rowid).copied().unwrap_or(0),
                    critical: critical.contains(&rowid),
                    phrase: false,
                    adjacent_pairs: 0,
                    frequency: 0.0,
                },
            );
        }
        // How rare a function word is says nothing about what a section is about.
        found.rarity = (0..count)
            .map(|index| {
                if query.terms[index].stop {
                    return 1.0;
                }
                let holding = in_text[index].len().max(in_title[index].len());
                rarity(loaded.sections, holding)
            })
            .collect();
        Ok(found)
    }

    fn in_text(&self, expression: &str, limit: usize) -> Result<HashSet<i64>, StoreError> {
        self.matching(IN_TEXT, expression, limit)
    }

    fn rowids(&self, sql: &str, expression: &str) -> Result<HashSet<i64>, StoreError> {
        self.matching(sql, expression, RANKED_MATCHES)
    }

    /// The first `limit` sections (in rowid order) an FTS5 query finds. The limit is taken
    /// here, not as a bound `LIMIT ?`: FTS5 reads a bound limit when it plans the query,
    /// so SQLite would compile the statement again whenever the limit differs.
    fn matching(
        &self,
        sql: &str,
        expression: &str,
        limit: usize,
    ) -> Result<HashSet<i64>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let rowids = statement
            .query_map([expression], |row| row.get(0))?
            .take(limit)
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
