//! The search index's vocabulary: every folded word of the handbook's titles, tags and text,
//! with how it is written and in how many sections it occurs (table `search_word`). It is
//! written in the transaction that writes the full-text index, so the two never disagree;
//! every change bumps `search_index_state.generation`.
//!
//! Each connection (the writing [`Store`] and every read-only `StoreReader`) builds its own
//! in-memory FST ([`Vocabulary`]) from the table the first time it searches, and again when
//! the generation has moved: a few milliseconds for a handbook's ten thousand words, paid once
//! per change, and nothing to write for a reader.

use std::collections::HashMap;
use std::sync::Arc;

use kompas_core::text::{fold, index_terms, words};
use kompas_core::vocabulary::Vocabulary;
use rusqlite::{params, Connection, Transaction};

use crate::{Store, StoreError};

/// The version of what the index holds per word ([`index_terms`] and the vocabulary). A
/// store whose index was written by another version is re-indexed from its sections'
/// stored text when it is opened for writing.
pub(crate) const SEARCH_INDEX_VERSION: i64 = 2;

/// The vocabulary a connection has built, and the generation it was built from.
#[derive(Debug, Default)]
pub(crate) struct VocabularyCache(std::cell::RefCell<Option<(i64, Arc<Loaded>)>>);

/// A connection's view of the vocabulary.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) vocabulary: Vocabulary,
    /// Sections in the store (for how rare a word is).
    pub(crate) sections: usize,
}

impl Store {
    /// The vocabulary as of the last commit, rebuilt when it changed.
    pub(crate) fn vocabulary(&self) -> Result<Arc<Loaded>, StoreError> {
        let generation: i64 = self
            .conn
            .prepare_cached("SELECT generation FROM search_index_state WHERE id = 1")?
            .query_row([], |row| row.get(0))?;
        if let Some((built, loaded)) = &*self.vocabulary_cache.0.borrow() {
            if *built == generation {
                return Ok(Arc::clone(loaded));
            }
        }
        let mut statement = self
            .conn
            .prepare_cached("SELECT word, written, sections FROM search_word")?;
        let rows: Vec<(String, String, i64)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let vocabulary = Vocabulary::new(
            rows.iter()
                .map(|(word, written, count)| (word.as_str(), written.as_str(), *count as u64)),
        );
        let sections: i64 = self
            .conn
            .query_row("SELECT count(*) FROM section", [], |row| row.get(0))?;
        let loaded = Arc::new(Loaded {
            vocabulary,
            sections: sections as usize,
        });
        *self.vocabulary_cache.0.borrow_mut() = Some((generation, Arc::clone(&loaded)));
        Ok(loaded)
    }

    /// Merges each full-text index into one segment (FTS5's `optimize`): after many
    /// sections were written, a word is then looked up once instead of once per segment
    /// the writes left (a tenth off a search of 5,000 sections, for 0.2 s once). The
    /// index stays correct without it; FTS5 merges segments gradually by itself.
    pub(crate) fn tidy_search_index(&self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "INSERT INTO section_title_fts (section_title_fts) VALUES ('optimize');
             INSERT INTO section_text_fts (section_text_fts) VALUES ('optimize');",
        )?;
        Ok(())
    }

    /// Re-indexes every section from its stored text when the index was written by another
    /// version of [`index_terms`] (or before there was a vocabulary): existing devices get
    /// the current index the first time this version opens their store.
    pub(crate) fn upgrade_search_index(&mut self) -> Result<(), StoreError> {
        let version: i64 = self.conn.query_row(
            "SELECT index_version FROM search_index_state WHERE id = 1",
            [],
            |row| row.get(0),
        )?;
        if version == SEARCH_INDEX_VERSION {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "INSERT INTO section_title_fts (section_title_fts) VALUES ('delete-all');
             INSERT INTO section_text_fts (section_text_fts) VALUES ('delete-all');
             DELETE FROM search_word;",
        )?;
        let mut counts = WordCounts::default();
        {
            let mut statement = tx.prepare("SELECT rowid, title, tags, plain_text FROM section")?;
            let rows = statement.query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?;
            for row in rows {
                let (rowid, title, tags, plain_text) = row?;
                let tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
                index_section(&tx, rowid, &title, &tags, &plain_text, &mut counts)?;
            }
        }
        counts.write(&tx)?;
        tx.execute(
            "UPDATE search_index_state SET index_version = ?1, generation = generation + 1
             WHERE id = 1",
            [SEARCH_INDEX_VERSION],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// How the vocabulary changes in one transaction: per folded word, how it is written and
/// how many sections more (or fewer) hold it.
#[derive(Debug, Default)]
pub(crate) struct WordCounts(HashMap<String, (String, i64)>);

impl WordCounts {
    fn count(&mut self, title: &str, tags: &[String], plain_text: &str, delta: i64) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for text in std::iter::once(title)
            .chain(tags.iter().map(String::as_str))
            .chain(std::iter::once(plain_text))
        {
            for (_, word) in words(text) {
                let folded = fold(word);
                if !seen.contains_key(folded.as_ref()) {
                    seen.insert(folded.into_owned(), word.to_lowercase());
                }
            }
        }
        for (folded, written) in seen {
            self.0.entry(folded).or_insert((written, 0)).1 += delta;
        }
    }

    /// Writes the changes, and bumps the generation when there were any.
    pub(crate) fn write(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let changes: Vec<_> = self.0.into_iter().filter(|(_, (_, d))| *d != 0).collect();
        if changes.is_empty() {
            return Ok(());
        }
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO search_word (word, written, sections) VALUES (?1, ?2, ?3)
                 ON CONFLICT (word) DO UPDATE SET sections = sections + excluded.sections",
            )?;
            for (word, (written, delta)) in &changes {
                upsert.execute(params![word, written, delta])?;
            }
        }
        tx.execute_batch(
            "DELETE FROM search_word WHERE sections <= 0;
             UPDATE search_index_state SET generation = generation + 1 WHERE id = 1;",
        )?;
        Ok(())
    }
}

/// Writes a section's rows of the full-text index and counts its words.
pub(crate) fn index_section(
    conn: &Connection,
    rowid: i64,
    title: &str,
    tags: &[String],
    plain_text: &str,
    counts: &mut WordCounts,
) -> Result<(), StoreError> {
    let title_terms = index_terms(title);
    let tag_terms = index_terms(&tags.join(" "));
    conn.prepare_cached("INSERT INTO section_title_fts (rowid, title, tags) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid, title_terms, tag_terms])?;
    conn.prepare_cached("INSERT INTO section_text_fts (rowid, text) VALUES (?1, ?2)")?
        .execute(params![
            rowid,
            format!("{title_terms} {tag_terms} {}", index_terms(plain_text))
        ])?;
    counts.count(title, tags, plain_text, 1);
    Ok(())
}

/// Removes a section's rows from the full-text index and its words from the vocabulary;
/// reads what it held from the section's stored text, so call it before changing that.
pub(crate) fn unindex_section(
    conn: &Connection,
    rowid: i64,
    counts: &mut WordCounts,
) -> Result<(), StoreError> {
    let stored: Option<(String, String, String)> = conn
        .prepare_cached("SELECT title, tags, plain_text FROM section WHERE rowid = ?1")?
        .query_row([rowid], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    if let Some((title, tags, plain_text)) = stored {
        let tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
        counts.count(&title, &tags, &plain_text, -1);
    }
    conn.prepare_cached("DELETE FROM section_title_fts WHERE rowid = ?1")?
        .execute([rowid])?;
    conn.prepare_cached("DELETE FROM section_text_fts WHERE rowid = ?1")?
        .execute([rowid])?;
    Ok(())
}
