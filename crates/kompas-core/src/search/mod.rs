//! What a volunteer types, turned into full-text queries; and highlighted snippets.
//!
//! The index (see [`crate::text::index_terms`]) holds for every word its folded form and its
//! match keys. A query word matches when the folded text word starts with it (search as you
//! type) or when their match keys meet (other inflections, irregular forms, participles).
//! Beyond that, a [`QueryTerm`] also matches the Dutch words of an English one
//! ([`crate::synonyms`]), and, once [`Query::expand`] has seen the handbook's
//! [`Vocabulary`], the compounds that end in it, the compound it forms with the next word
//! (`hand alcohol` → `handalcohol`), its parts when it is a compound the handbook writes
//! apart, and, only when nothing else matches, the words a typo away
//! ([`Query::correct`]). Stop words need not match ([`crate::stop_words`]).

//!
//! `term.rs` holds one word of a query and what it asks of the index; `matcher.rs` finds
//! the query's words in a text, for ranking and for highlighted titles and snippets.

mod matcher;
mod term;
#[cfg(test)]
mod tests;

pub use matcher::{to_marked_html, Highlighted, Matcher, Occurrences};
pub use term::{QueryTerm, Split, SplitNeed};

use crate::formation::{diminutive_bases, particle_verbs, present_forms};
use crate::stop_words::is_stop_word;
use crate::text::{fold, match_keys, stem, words};
use crate::vocabulary::Vocabulary;

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The words that must match: every word but the stop words, or all of them when the
    /// query has nothing else.
    pub terms: Vec<QueryTerm>,
    /// Stop words beside the terms: they need not match, but one in a title counts a little.
    pub optional: Vec<QueryTerm>,
    /// The quoted words in order, stop words kept; empty without quotes.
    pub phrase: Vec<String>,
    /// The words as typed, each with the index of its term, for the corrected query.
    typed: Vec<(String, Option<usize>)>,
}

/// The most words a query may have; more only slows the search without finding more.
const MAX_TERMS: usize = 8;
/// Words of a text that [`Matcher::occurrences`] counts.
pub const COUNTED_WORDS: usize = 200;
/// The most compounds a word brings in, the most corrections it gets.
const MAX_COMPOUNDS: usize = 6;
const MAX_CORRECTIONS: usize = 3;

impl Query {
    /// Parses user input. Returns `None` when there is nothing to search for.
    pub fn parse(input: &str) -> Option<Query> {
        // Words between double quotes form the phrase; their stop words are kept.
        let mut all: Vec<(String, String, bool)> = Vec::new();
        for (index, piece) in input.split('"').enumerate() {
            let quoted = index % 2 == 1 && input.matches('"').count() >= 2;
            for (_, word) in words(piece) {
                all.push((word.to_owned(), fold(word).into_owned(), quoted));
            }
        }
        all.truncate(MAX_TERMS);
        let alone = all.len() == 1;
        let phrase: Vec<String> = all
            .iter()
            .filter(|(_, _, quoted)| *quoted)
            .map(|(_, folded, _)| folded.clone())
            .collect();
        let needed = |folded: &str, quoted: bool| quoted || !is_stop_word(folded);
        let only_stop_words = all.iter().all(|(_, f, q)| !needed(f, *q));

        let mut query = Query {
            terms: Vec::new(),
            optional: Vec::new(),
            phrase: if phrase.len() >= 2 {
                phrase
            } else {
                Vec::new()
            },
            typed: Vec::new(),
        };
        for (typed, folded, quoted) in all {
            if folded.chars().count() < 2 && !alone {
                query.typed.push((typed, None));
                continue;
            }
            let stop = is_stop_word(&folded);
            let required = only_stop_words || needed(&folded, quoted);
            // A stop word is searched as a whole word: as a prefix it matches half the
            // handbook (`de` → `dementie`); alone it may still be the start of a word.
            let prefix = alone || !stop;
            let list = if required {
                &mut query.terms
            } else {
                &mut query.optional
            };
            let index = match list.iter().position(|t| t.folded == folded) {
                Some(index) => index,
                None => {
                    list.push(QueryTerm::new(folded, prefix));
                    list.len() - 1
                }
            };
            query.typed.push((typed, required.then_some(index)));
        }
        (!query.terms.is_empty()).then_some(query)
    }

    /// Adds what the handbook's own words make possible: compounds ending in a term, the
    /// compound two neighbouring terms form, and the parts of a compound the handbook
    /// writes apart.
    pub fn expand(&mut self, vocabulary: &Vocabulary) {
        // Neighbours in the order typed, stop words in between skipped.
        let order: Vec<usize> = self.typed.iter().filter_map(|(_, t)| *t).collect();
        for pair in order.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a == b {
                continue;
            }
            let joined = format!("{}{}", self.terms[a].folded, self.terms[b].folded);
            if vocabulary.contains(&joined) {
                self.terms[a].add_word(&joined);
                self.terms[b].add_word(&joined);
            } else if self.terms[b].prefix && joined.len() >= 6 && vocabulary.has_prefix(&joined) {
                self.terms[a].prefixes.push(joined.clone());
                self.terms[b].prefixes.push(joined);
            }
        }
        for term in &mut self.terms {
            // The word a diminutive is made from (`brandje` → `brand`), when it is a word.
            for base in diminutive_bases(&term.folded) {
                if vocabulary.contains(&base) {
                    term.add_word(&base);
                    break;
                }
            }
            // The present tense of a verb typed as an infinitive (`reageren` → `reageert`),
            // the form a handbook uses to say what someone does.
            // Not a function word: `naasten` is no verb of `naast`.
            for form in present_forms(&term.folded) {
                if vocabulary.contains(&form) && !is_stop_word(&form) {
                    term.add_word(&form);
                }
            }
            // Compounds ending in the word, or in a Dutch word for it (`shift` → `dienst`
            // → `nachtdienst`).
            let mut compounds: Vec<String> = Vec::new();
            for word in std::iter::once(&term.folded).chain(&term.synonyms) {
                if word.chars().count() >= 4 {
                    for compound in vocabulary.compounds_ending_in(word, MAX_COMPOUNDS) {
                        if compound != term.folded && !compounds.contains(&compound) {
                            compounds.push(compound);
                        }
                    }
                }
            }
            // The most used first, few in all: each is one more doclist for FTS5 to merge.
            compounds.sort_by_key(|c| std::cmp::Reverse(vocabulary.count(c)));
            compounds.truncate(MAX_COMPOUNDS);
            term.compounds = compounds;
            term.refresh();
        }
    }

    /// Lets term `index` match the verb of a particle verb's participle (`flauwgevallen`
    /// → `vallen`, `doorgezakt` → `zakken`, as in `zakt door de benen`), for when it
    /// matches nothing as typed. Returns whether it has such a verb that is a word of the
    /// handbook, or whose stem starts one.
    pub fn separate(&mut self, index: usize, vocabulary: &Vocabulary) -> bool {
        let term = &mut self.terms[index];
        let mut verbs: Vec<String> = Vec::new();
        let mut forms: Vec<String> = Vec::new();
        for (whole, verb) in particle_verbs(&term.folded) {
            for word in [whole, verb] {
                // `zakt door`: the text may have only the verb's present tense.
                let present: Vec<String> = present_forms(&word)
                    .into_iter()
                    .filter(|form| vocabulary.contains(form) && !is_stop_word(form))
                    .collect();
                let known = !present.is_empty()
                    || vocabulary.contains(&word)
                    || vocabulary.has_prefix(&stem(&word));
                if known && !verbs.contains(&word) {
                    verbs.push(word);
                    forms.extend(present);
                }
            }
        }
        if verbs.is_empty() {
            return false;
        }
        for verb in &verbs {
            term.add_keys(verb);
        }
        for form in &forms {
            term.add_word(form);
        }
        term.verbs = verbs;
        term.refresh();
        true
    }

    /// Lets term `index` match the parts of a compound the handbook has only apart
    /// (`rouwverwerking` → `rouw` and `verwerk…`), for when it matches nothing as typed
    /// nor corrected. Parts that are stop words do not count (`over` + `dacht`).
    /// Returns whether there are parts.
    pub fn split(&mut self, index: usize, vocabulary: &Vocabulary) -> bool {
        let term = &mut self.terms[index];
        term.split = vocabulary
            .split_compound(&term.folded)
            .filter(|(head, rest)| !is_stop_word(head) && !is_stop_word(rest))
            .map(|(head, rest)| {
                let mut keys = match_keys(&head);
                keys.extend(match_keys(&rest));
                Split {
                    rest_compounds: vocabulary.compounds_ending_in(&rest, MAX_COMPOUNDS),
                    head,
                    rest,
                    need: SplitNeed::Both,
                    keys,
                }
            });
        term.split.is_some()
    }

    /// Whether a term matched only a part of what was typed (a split compound whose parts
    /// no section has together): no hit then holds every word.
    pub fn partly_matched(&self) -> bool {
        self.terms
            .iter()
            .any(|t| t.split.as_ref().is_some_and(|s| s.need != SplitNeed::Both))
    }

    /// Lets a split term ask less of a section (see [`SplitNeed`]), for when no section
    /// holds what it asked: those with a part come closest. Returns whether it asks less.
    pub fn loosen_split(&mut self, index: usize) -> bool {
        let Some(split) = &mut self.terms[index].split else {
            return false;
        };
        split.need = match split.need {
            SplitNeed::Both => SplitNeed::Head,
            SplitNeed::Head => SplitNeed::Rest,
            SplitNeed::Rest => return false,
        };
        true
    }

    /// Lets term `index` match the words a typo or two away, for when it matches nothing
    /// as typed. Returns whether there are any.
    pub fn correct(&mut self, index: usize, vocabulary: &Vocabulary) -> bool {
        let term = &mut self.terms[index];
        if !term.may_be_corrected() {
            return false;
        }
        let found = vocabulary.corrections(&term.folded, MAX_CORRECTIONS);
        if found.is_empty() {
            return false;
        }
        term.corrections = found.into_iter().map(|c| c.word).collect();
        for word in term.corrections.clone() {
            for key in match_keys(&word) {
                if !term.keys.contains(&key) {
                    term.keys.push(key);
                }
            }
        }
        term.refresh();
        true
    }

    /// The query as typed with every corrected word replaced by its first correction,
    /// written as the handbook writes it; `None` when nothing was corrected.
    pub fn corrected(&self, vocabulary: &Vocabulary) -> Option<String> {
        let mut any = false;
        let words: Vec<String> = self
            .typed
            .iter()
            .map(
                |(typed, term)| match term.and_then(|t| self.terms[t].corrections.first()) {
                    Some(word) => {
                        any = true;
                        vocabulary.written(word).unwrap_or(word).to_owned()
                    }
                    None => typed.clone(),
                },
            )
            .collect();
        any.then(|| words.join(" "))
    }

    /// The SQLite FTS5 match expression for sections holding every term, each as any of its
    /// alternatives. Everything is quoted, so no input can inject FTS5 syntax.
    pub fn fts5_expression(&self) -> String {
        self.terms
            .iter()
            .map(QueryTerm::fts5_alternatives)
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// Whether the phrase's words follow one another in `text` (always false without one).
    pub fn phrase_in(&self, text: &str) -> bool {
        if self.phrase.is_empty() {
            return false;
        }
        let folded: Vec<String> = words(text).map(|(_, w)| fold(w).into_owned()).collect();
        folded
            .windows(self.phrase.len())
            .any(|window| window == self.phrase.as_slice())
    }
}
