//! The same sections in tantivy, configured the way someone who knows tantivy would set up
//! a Dutch handbook search with typo tolerance:
//!
//! - Analyzers: `nl_stem` = `SimpleTokenizer`, `RemoveLongFilter` (40), `LowerCaser`,
//!   `AsciiFoldingFilter`, `Stemmer(Dutch)`; `nl_fold` = the same without the stemmer.
//!   Stop words stay in the index (so phrases and a query of only small words work) and
//!   are dropped from a query instead, with tantivy's own Dutch list (`StopWordFilter`),
//!   unless the query has nothing else.
//! - Fields `title` (stored, for highlighting), `tags`, `body` (the section's plain text as
//!   rendered, stored for snippets) with `nl_stem`, positions on title and body for
//!   phrases; and each again as `*_fold` with `nl_fold` (doc ids only), the usual
//!   "multi-field" for typo and prefix matching: a fuzzy query on a stemmed field misses
//!   a typo that keeps the stemmer from cutting a suffix (`benauwdhied` stays whole,
//!   `benauwdheid` is indexed as `benauwd`, 4 edits away). `id` and `critical` are raw
//!   strings. One segment (one indexing thread, then committed), on disk in a temporary
//!   folder (mmap), as our store is a file.
//! - A query: each word (not a stop word) is a `BooleanQuery` over the fields, boosts
//!   title 3 > tags 2 > body 1, of a `TermQuery` on its stem in the stemmed field (BM25)
//!   and, for words of 5 folded letters or more, a `FuzzyTermQuery` on the folded word in
//!   the folded field, distance 1 (2 from 9 letters; a transposition costs 1), at half
//!   the field's boost: tantivy gives fuzzy matches a constant score, so exact and stem
//!   matches rank above typo matches. The same fuzzy query on the stem in the stemmed
//!   field as well (what `QueryParser::set_field_fuzzy` does), which also joins some
//!   derivations (`dementerend`, stem `dementer`, to `dementie`). The last word is being
//!   typed: its fuzzy query on the folded field is a prefix one
//!   (`FuzzyTermQuery::new_prefix`, distance 0 under 5 letters). Text in double
//!   quotes is a `PhraseQuery` on title and body. The words are joined with `Should`
//!   (tantivy's `QueryParser` default: sections holding more of the words rank higher,
//!   never a dead end); `Join::AllThenAny` (every word, else any) is measured for
//!   relevance too. Critical protocols get a constant 1.0 on top, as our store ranks them
//!   up.
//! - A search returns the 20 best with id and title from the doc store, a highlighted
//!   title and a body snippet (`SnippetGenerator`), as our store returns highlighted
//!   titles and snippets.

use std::path::Path;
use std::time::{Duration, Instant};

use kompas_core::Section;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

const STEMMED: &str = "nl_stem";
const FOLDED: &str = "nl_fold";
const TITLE_BOOST: f32 = 3.0;
const TAGS_BOOST: f32 = 2.0;
const BODY_BOOST: f32 = 1.0;
/// A fuzzy or prefix match counts this share of its field's boost, as a constant.
const LOOSE_SHARE: f32 = 0.5;
const CRITICAL_SCORE: f32 = 1.0;

/// How the words of a query are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// `Should`: any word; more words, higher score (the `QueryParser` default).
    Any,
    /// `Must` for every word, and `Should` again if that finds nothing.
    AllThenAny,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    tags: Field,
    body: Field,
    title_fold: Field,
    tags_fold: Field,
    body_fold: Field,
    critical: Field,
}

pub struct Tantivy {
    reader: IndexReader,
    searcher: Searcher,
    fields: Fields,
    /// The fields' analyzer, to stem a query word as its field was stemmed.
    stem: TextAnalyzer,
    /// Splits and folds, without stemming: the words as typed.
    fold: TextAnalyzer,
    /// `fold` plus tantivy's Dutch stop words: a word it drops is a stop word.
    stop: TextAnalyzer,
    pub join: Join,
    /// How long the last search took to parse and rank, before fetching and highlighting.
    pub ranking: Duration,
}

/// One hit, with what a result list shows (built so that its cost is in the timing).
#[derive(Debug)]
#[allow(dead_code)]
pub struct Hit {
    pub id: String,
    pub title_html: String,
    pub snippet_html: String,
}

fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::Dutch))
        .build()
}

fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn stop_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::Dutch).expect("tantivy has Dutch stop words"))
        .build()
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// The Meilisearch rule, on the folded word: 1 edit from 5 letters, 2 from 9.
pub fn distance(folded: &str) -> u8 {
    match folded.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl Tantivy {
    /// Indexes `sections` in a new index in `dir` (or in RAM without one).
    pub fn build(sections: &[Section], dir: Option<&Path>) -> tantivy::Result<Tantivy> {
        let text = |stored: bool, record: IndexRecordOption| {
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(if record == IndexRecordOption::Basic {
                        FOLDED
                    } else {
                        STEMMED
                    })
                    .set_index_option(record),
            );
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        let mut schema = Schema::builder();
        let fields = Fields {
            id: schema.add_text_field("id", STRING | STORED),
            title: schema.add_text_field(
                "title",
                text(true, IndexRecordOption::WithFreqsAndPositions),
            ),
            tags: schema.add_text_field("tags", text(false, IndexRecordOption::WithFreqs)),
            body: schema
                .add_text_field("body", text(true, IndexRecordOption::WithFreqsAndPositions)),
            title_fold: schema.add_text_field("title_fold", text(false, IndexRecordOption::Basic)),
            tags_fold: schema.add_text_field("tags_fold", text(false, IndexRecordOption::Basic)),
            body_fold: schema.add_text_field("body_fold", text(false, IndexRecordOption::Basic)),
            critical: schema.add_text_field("critical", STRING),
        };
        let schema = schema.build();
        let index = match dir {
            Some(dir) => Index::create_in_dir(dir, schema)?,
            None => Index::create_in_ram(schema),
        };
        index.tokenizers().register(STEMMED, stem_analyzer());
        index.tokenizers().register(FOLDED, fold_analyzer());

        // One thread and a budget that holds all 5,000 sections: one segment, no merges.
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 200_000_000)?;
        for section in sections {
            let plain =
                kompas_markdown::render(&section.body, &kompas_markdown::NoFiles).plain_text;
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.id, &section.id);
            doc.add_text(fields.title, &section.title);
            doc.add_text(fields.title_fold, &section.title);
            for tag in &section.tags {
                doc.add_text(fields.tags, tag);
                doc.add_text(fields.tags_fold, tag);
            }
            doc.add_text(fields.body, &plain);
            doc.add_text(fields.body_fold, &plain);
            if section.critical {
                doc.add_text(fields.critical, "ja");
            }
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;

        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        Ok(Tantivy {
            reader,
            searcher,
            fields,
            stem: stem_analyzer(),
            fold: fold_analyzer(),
            stop: stop_analyzer(),
            join: Join::Any,
            ranking: Duration::ZERO,
        })
    }

    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Each text field, stemmed and folded, with its boost.
    fn field_boosts(&self) -> [(Field, Field, f32); 3] {
        let f = self.fields;
        [
            (f.title, f.title_fold, TITLE_BOOST),
            (f.tags, f.tags_fold, TAGS_BOOST),
            (f.body, f.body_fold, BODY_BOOST),
        ]
    }

    /// One typed word in any field: its stem exactly (BM25); within its edit distance
    /// (constant score) its stem among stems and the folded word among folded words, the
    /// latter as a prefix when it is the word being typed.
    fn word_query(&mut self, folded: &str, last: bool) -> Option<Box<dyn Query>> {
        let stem = tokens(&mut self.stem, folded).into_iter().next()?;
        let distance = distance(folded);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (stemmed, folded_field, boost) in self.field_boosts() {
            let stem_term = Term::from_field_text(stemmed, &stem);
            let folded_term = Term::from_field_text(folded_field, folded);
            let mut loose = Vec::new();
            if distance > 0 {
                loose.push(FuzzyTermQuery::new(stem_term.clone(), distance, true));
            }
            if last {
                loose.push(FuzzyTermQuery::new_prefix(folded_term, distance, true));
            } else if distance > 0 {
                loose.push(FuzzyTermQuery::new(folded_term, distance, true));
            }
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(stem_term, IndexRecordOption::WithFreqs)),
                    boost,
                )),
            ));
            for loose in loose {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(loose), boost * LOOSE_SHARE)),
                ));
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Words in quotes, in this order, in the title or the body.
    fn phrase_query(&mut self, phrase: &str) -> Option<Box<dyn Query>> {
        let stems = tokens(&mut self.stem, phrase);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [
            (self.fields.title, TITLE_BOOST),
            (self.fields.body, BODY_BOOST),
        ] {
            let terms: Vec<Term> = stems
                .iter()
                .map(|stem| Term::from_field_text(field, stem))
                .collect();
            let query: Box<dyn Query> = match terms.len() {
                0 => return None,
                1 => Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            clauses.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The query's parts: phrases and words (stop words dropped unless nothing else is
    /// left), the last word typed as a prefix.
    fn parts(&mut self, input: &str) -> Vec<Box<dyn Query>> {
        let mut phrases = Vec::new();
        let mut words = Vec::new();
        for (index, piece) in input.split('"').enumerate() {
            // Odd pieces are inside quotes; an unclosed quote runs to the end.
            if index % 2 == 1 {
                phrases.push(piece.to_owned());
            } else {
                for word in tokens(&mut self.fold, piece) {
                    let stop = tokens(&mut self.stop, &word).is_empty();
                    words.push((word, stop));
                }
            }
        }
        let last_is_word = !input.trim_end().ends_with('"');
        let any_content = words.iter().any(|(_, stop)| !stop);
        let keep: Vec<String> = words
            .into_iter()
            .filter(|(_, stop)| !stop || !any_content)
            .map(|(word, _)| word)
            .collect();
        let mut parts = Vec::new();
        for phrase in &phrases {
            parts.extend(self.phrase_query(phrase));
        }
        let count = keep.len();
        for (index, word) in keep.iter().enumerate() {
            parts.extend(self.word_query(word, last_is_word && index + 1 == count));
        }
        parts
    }

    fn with_critical(&self, words: Box<dyn Query>) -> BooleanQuery {
        let critical = TermQuery::new(
            Term::from_field_text(self.fields.critical, "ja"),
            IndexRecordOption::Basic,
        );
        BooleanQuery::new(vec![
            (Occur::Must, words),
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(critical), CRITICAL_SCORE)),
            ),
        ])
    }

    /// The best `limit` sections for `input`, with highlighted title and snippet.
    pub fn search(&mut self, input: &str, limit: usize) -> tantivy::Result<Vec<Hit>> {
        let started = Instant::now();
        let parts = self.parts(input);
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let top = TopDocs::with_limit(limit).order_by_score();
        let join = |occur: Occur| {
            let words = parts.iter().map(|part| (occur, part.box_clone())).collect();
            self.with_critical(Box::new(BooleanQuery::new(words)))
        };
        let mut query = None;
        let mut found = Vec::new();
        if self.join == Join::AllThenAny {
            let all = join(Occur::Must);
            found = self.searcher.search(&all, &top)?;
            query = Some(all).filter(|_| !found.is_empty());
        }
        let query = match query {
            Some(all) => all,
            None => {
                let any = join(Occur::Should);
                found = self.searcher.search(&any, &top)?;
                any
            }
        };

        self.ranking = started.elapsed();

        let mut titles = SnippetGenerator::create(&self.searcher, &query, self.fields.title)?;
        titles.set_max_num_chars(200);
        let snippets = SnippetGenerator::create(&self.searcher, &query, self.fields.body)?;
        let mut hits = Vec::with_capacity(found.len());
        for (_score, address) in found {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let id = text(self.fields.id);
            let title = titles.snippet_from_doc(&doc);
            let title_html = if title.is_empty() {
                text(self.fields.title)
            } else {
                title.to_html()
            };
            hits.push(Hit {
                id,
                title_html,
                snippet_html: snippets.snippet_from_doc(&doc).to_html(),
            });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: &str, title: &str, tags: &[&str], body: &str, critical: bool) -> Section {
        Section {
            id: id.to_owned(),
            title: title.to_owned(),
            category: "Zorg".to_owned(),
            category_rank: 0,
            order: 0,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            critical,
            review_by: None,
            local_policy: Default::default(),
            body: body.to_owned(),
            source_path: format!("{id}.md"),
        }
    }

    fn index() -> Tantivy {
        let sections = [
            section(
                "handhygiene",
                "Handhygiëne",
                &["handen", "alcohol"],
                "Was je handen voor en na elke gast.",
                false,
            ),
            section(
                "nachtdienst",
                "De nachtdienst",
                &["nacht"],
                "In de nacht ben je met twee. Bel de verpleegkundige bij onrust.",
                false,
            ),
            section(
                "brand",
                "Bij brand",
                &["alarm"],
                "Blijf kalm, druk op de knop van het alarm.",
                true,
            ),
            section(
                "laatste-fase",
                "Eten in de laatste fase",
                &[],
                "In de laatste fase eet een gast minder.",
                false,
            ),
        ];
        Tantivy::build(&sections, None).expect("index")
    }

    fn first(tantivy: &mut Tantivy, query: &str) -> Option<String> {
        tantivy
            .search(query, 5)
            .expect("search")
            .into_iter()
            .next()
            .map(|hit| hit.id)
    }

    #[test]
    fn edit_distance_follows_the_folded_length() {
        assert_eq!(distance("hand"), 0);
        assert_eq!(distance("handen"), 1);
        assert_eq!(distance("nachtdien"), 2);
    }

    #[test]
    fn finds_stems_typos_prefixes_phrases_and_small_word_queries() {
        let mut tantivy = index();
        assert_eq!(tantivy.segments(), 1);
        assert_eq!(
            first(&mut tantivy, "handhygiene").as_deref(),
            Some("handhygiene")
        );
        assert_eq!(
            first(&mut tantivy, "handhygine").as_deref(),
            Some("handhygiene")
        );
        assert_eq!(
            first(&mut tantivy, "nachtdiensten").as_deref(),
            Some("nachtdienst")
        );
        assert_eq!(
            first(&mut tantivy, "nachtd").as_deref(),
            Some("nachtdienst")
        );
        assert_eq!(
            first(&mut tantivy, "wat doe je bij brand").as_deref(),
            Some("brand")
        );
        assert_eq!(
            first(&mut tantivy, "\"de laatste fase\"").as_deref(),
            Some("laatste-fase")
        );
        // Only stop words: they are searched after all.
        assert!(first(&mut tantivy, "in de").is_some());
        assert_eq!(first(&mut tantivy, "zzzz"), None);
        assert_eq!(first(&mut tantivy, "  "), None);
        tantivy.join = Join::AllThenAny;
        assert_eq!(
            first(&mut tantivy, "nacht verpleegkundige").as_deref(),
            Some("nachtdienst")
        );
        assert_eq!(first(&mut tantivy, "brand zzzz").as_deref(), Some("brand"));
    }

    #[test]
    fn highlights_the_title_and_the_snippet() {
        let mut tantivy = index();
        let hits = tantivy.search("alarm", 5).expect("search");
        assert_eq!(hits[0].id, "brand");
        assert!(hits[0].snippet_html.contains("<b>alarm</b>"), "{hits:?}");
        let hits = tantivy.search("brand", 5).expect("search");
        assert!(hits[0].title_html.contains("<b>brand</b>"), "{hits:?}");
    }
}
