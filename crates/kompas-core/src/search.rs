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

use std::collections::HashMap;

use crate::rank::Exactness;
use crate::stop_words::is_stop_word;
use crate::synonyms::handbook_words_for;
use crate::text::{
    derivation_start, fold, irregular_forms, key, match_keys, participle_infinitives, stem, words,
};
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

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The folded word as typed; also used as a prefix.
    pub folded: String,
    /// Its match keys: its own, its lemma's, its infinitives'.
    pub keys: Vec<String>,
    /// Whether the word is used as a prefix (one-letter words only when alone).
    pub prefix: bool,
    /// A stop word searched because the query has nothing else: it is looked for in the
    /// text only, since a title's `voor` or `de` says nothing about its subject.
    pub stop: bool,
    /// Whole words that match as if typed: the compound it forms with its neighbour.
    pub exact_words: Vec<String>,
    /// The Dutch words for an English one: they match, but never as exactly as a word
    /// typed, so that the critical protocol still leads among their sections.
    pub synonyms: Vec<String>,
    /// Whole words that contain it: compounds of the handbook ending in it.
    pub compounds: Vec<String>,
    /// Starts of words that match (a compound with the next word still being typed).
    pub prefixes: Vec<String>,
    /// Only in titles and tags: the start a derivation shares with the word
    /// (`beperk` for `beperkt`, the title has `beperking`).
    pub derivation: Option<String>,
    /// The parts of a compound that the handbook only has apart.
    pub split: Option<Split>,
    /// Words of the handbook one or two typos away; used only when nothing else matches.
    pub corrections: Vec<String>,
    /// For each key, the start a text word must have to possibly share it (see
    /// [`stem_prefix`]); computed once per query, used for every word of every snippet.
    key_prefixes: Vec<String>,
    /// Irregular forms that match this term (`overleed` for `overleden`, `gevallen` for
    /// `val`), from the lemma table, so that snippets need no table lookup per word.
    irregular: Vec<&'static str>,
}

/// A compound typed as one word that the handbook has only in parts (`stervensfase`:
/// `sterven` … `fase`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The first part, a word of the handbook, without a linking `s`, `e` or `en`.
    pub head: String,
    /// The rest, a word or the start or end of one.
    pub rest: String,
    /// Compounds of the handbook that end in the rest (`infectiepreventie`).
    pub rest_compounds: Vec<String>,
    /// Which parts a section must hold.
    pub need: SplitNeed,
    /// The match keys of both parts, for snippets.
    keys: Vec<String>,
}

/// What a [`Split`] term asks of a section: both parts, or, when no section has both, the
/// first part (in a Dutch compound the first part says which kind: `val` in
/// `valpreventie`), and when none has that either, the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitNeed {
    Both,
    Head,
    Rest,
}

impl Split {
    /// Whether a folded text word is one of the parts (or an inflection of one), for
    /// snippets; `own_key` is the word's key, computed at most once per word.
    fn matches(&self, folded: &str, own_key: &mut Option<String>) -> bool {
        let starts_like = |part: &str| {
            let start: String = part.chars().take(3).collect();
            folded.starts_with(start.as_str())
        };
        let (head, rest) = match self.need {
            SplitNeed::Both => (true, true),
            SplitNeed::Head => (true, false),
            SplitNeed::Rest => (false, true),
        };
        (head
            && (folded == self.head
                || (self.head.chars().count() >= 4 && folded.starts_with(self.head.as_str()))))
            || (rest && folded.starts_with(self.rest.as_str()))
            || (rest && self.rest_compounds.iter().any(|w| w == folded))
            || (((head && starts_like(&self.head)) || (rest && starts_like(&self.rest))) && {
                let own = own_key.get_or_insert_with(|| key(folded));
                self.keys.iter().any(|k| k == own)
            })
    }
}

/// The most words a query may have; more only slows the search without finding more.
const MAX_TERMS: usize = 8;
/// Words of a text that [`Query::occurrences`] counts.
pub const COUNTED_WORDS: usize = 200;
/// The most compounds a word brings in, the most corrections it gets.
const MAX_COMPOUNDS: usize = 6;
const MAX_CORRECTIONS: usize = 3;

impl QueryTerm {
    fn new(folded: String, prefix: bool) -> QueryTerm {
        let mut term = QueryTerm {
            keys: match_keys(&folded),
            stop: is_stop_word(&folded),
            folded,
            prefix,
            exact_words: Vec::new(),
            synonyms: Vec::new(),
            compounds: Vec::new(),
            prefixes: Vec::new(),
            derivation: None,
            split: None,
            corrections: Vec::new(),
            key_prefixes: Vec::new(),
            irregular: Vec::new(),
        };
        if let Some(dutch) = handbook_words_for(&term.folded) {
            for word in dutch.split_whitespace() {
                term.add_keys(word);
                term.synonyms.push(word.to_owned());
            }
        }
        term.derivation = derivation_start(&term.folded);
        term.refresh();
        term
    }

    /// A whole word that matches as if typed, with its keys.
    fn add_word(&mut self, word: &str) {
        if !self.exact_words.iter().any(|w| w == word) && word != self.folded {
            self.exact_words.push(word.to_owned());
        }
        self.add_keys(word);
    }

    fn add_keys(&mut self, word: &str) {
        for key in match_keys(word) {
            if !self.keys.contains(&key) {
                self.keys.push(key);
            }
        }
    }

    /// Recomputes what snippets use after the keys changed.
    fn refresh(&mut self) {
        // A key is matched against a text word's own key, after a cheap check that the word
        // starts like the key's stem; the stems here are those before vowels were
        // written once, so that `verpleegkundige` still passes for `verplegkund`.
        // A participle's infinitives too (`meehelpen` for `meegeholpen`).
        let infinitives = participle_infinitives(&self.folded);
        let mut sources: Vec<&String> = vec![&self.folded];
        sources.extend(
            self.exact_words
                .iter()
                .chain(&self.synonyms)
                .chain(&self.corrections)
                .chain(&infinitives),
        );
        let mut prefixes: Vec<String> = Vec::new();
        for word in sources {
            // From the stem (`vele` for `veel`, whose stem is `vel`) and from the word
            // itself (`veel`), as long as the stem minus two letters, and at least three.
            let stem = stem(word);
            let keep = stem.chars().count().saturating_sub(2).max(3);
            prefixes.push(stem_prefix(&stem).to_owned());
            prefixes.push(word.chars().take(keep).collect());
        }
        prefixes.sort();
        prefixes.dedup();
        self.key_prefixes = prefixes;
        let keys = self.keys.clone();
        let folded = self.folded.clone();
        // As in the index: a text word's lemma key meets the term when it equals one
        // of the term's keys, or starts with the typed word (prefix search).
        self.irregular = irregular_forms(|lemma_key| {
            keys.iter().any(|k| k == lemma_key) || (self.prefix && lemma_key.starts_with(&folded))
        });
    }

    /// The FTS5 alternatives of this term, for the all-text index: `(a OR b OR …)`.
    pub fn fts5_alternatives(&self) -> String {
        self.alternatives(false)
    }

    /// The same for titles and tags, where a derivation's start also counts.
    pub fn fts5_title_alternatives(&self) -> String {
        self.alternatives(true)
    }

    fn alternatives(&self, with_derivation: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push = |part: String| {
            if !parts.contains(&part) {
                parts.push(part);
            }
        };
        push(if self.prefix {
            format!("{}*", quoted(&self.folded))
        } else {
            quoted(&self.folded)
        });
        for key in &self.keys {
            push(quoted(key));
        }
        for word in self
            .exact_words
            .iter()
            .chain(&self.synonyms)
            .chain(&self.compounds)
        {
            push(quoted(word));
        }
        for word in &self.corrections {
            push(quoted(word));
        }
        for start in &self.prefixes {
            push(format!("{}*", quoted(start)));
        }
        if with_derivation {
            if let Some(start) = &self.derivation {
                push(format!("{}*", quoted(start)));
            }
        }
        if let Some(split) = &self.split {
            let part = |word: &str, prefix: bool, more: &[String]| {
                let mut any = vec![if prefix {
                    format!("{}*", quoted(word))
                } else {
                    quoted(word)
                }];
                // A key the prefix already covers would only repeat it.
                any.extend(
                    match_keys(word)
                        .iter()
                        .filter(|key| !(prefix && key.starts_with(word)))
                        .map(|key| quoted(key)),
                );
                any.extend(more.iter().map(|word| quoted(word)));
                any.dedup();
                any.join(" OR ")
            };
            // A head of four letters or more also starts other compounds of its kind
            // (`nacht` in `nachtrust` and `nachtdienst`).
            let head = part(&split.head, split.head.chars().count() >= 4, &[]);
            let rest = part(&split.rest, true, &split.rest_compounds);
            match split.need {
                // A title or tags with either part are about the compound
                // (`Eten en drinken in de laatste fase` for `stervensfase`).
                SplitNeed::Both if with_derivation => {
                    push(head);
                    push(rest);
                }
                SplitNeed::Both => push(format!("(({head}) AND ({rest}))")),
                SplitNeed::Head => push(head),
                SplitNeed::Rest => push(rest),
            }
        }
        format!("({})", parts.join(" OR "))
    }

    /// How exactly a field's text (a title, the tags) holds this term, given that the index
    /// found the term in it: exact when one of its words is the word typed (or a word that
    /// stands for it), a typo when the term is matched through corrections, else near
    /// (a prefix, another inflection, a compound, a derivation).
    pub fn exactness_in(&self, text: &str) -> Exactness {
        if !self.corrections.is_empty() {
            return Exactness::Typo;
        }
        let exact = words(text).any(|(_, word)| {
            let folded = fold(word);
            *folded == self.folded || self.exact_words.iter().any(|w| *w == *folded)
        });
        if exact {
            Exactness::Exact
        } else {
            Exactness::Near
        }
    }

    /// Whether a typo correction is allowed for this word at all.
    pub fn may_be_corrected(&self) -> bool {
        self.folded.chars().count() >= 5
    }
}

fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

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

    /// How often each term occurs in the first [`COUNTED_WORDS`] words of a text, how many
    /// words it has there, and how many pairs of words typed one after the other also
    /// follow one another (Meilisearch's proximity, at its closest): for [`crate::rank`].
    /// A section's opening says what it is about, and counting stops there to stay fast.
    pub fn occurrences(&self, text: &str) -> Occurrences {
        let mut found = Occurrences {
            per_term: vec![0; self.terms.len()],
            words: 0,
            adjacent_pairs: 0,
        };
        let mut order: Vec<usize> = self.typed.iter().filter_map(|(_, t)| *t).collect();
        order.dedup();
        let pairs: Vec<(usize, usize)> = order.windows(2).map(|w| (w[0], w[1])).collect();
        let mut seen_pairs = vec![false; pairs.len()];
        // Words repeat (`de`, `gast`): each distinct word is matched once.
        let mut known: HashMap<&str, u64> = HashMap::new();
        let mut previous = 0u64;
        for (_, word) in words(text).take(COUNTED_WORDS) {
            found.words += 1;
            let hit = *known.entry(word).or_insert_with(|| self.matches(word));
            let mut bits = hit;
            while bits != 0 {
                found.per_term[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
            if hit != 0 && previous != 0 {
                for (index, &(a, b)) in pairs.iter().enumerate() {
                    if previous & (1 << a) != 0 && hit & (1 << b) != 0 {
                        seen_pairs[index] = true;
                    }
                }
            }
            previous = hit;
        }
        found.adjacent_pairs = seen_pairs.iter().filter(|s| **s).count();
        found
    }

    /// Which terms a text word matches (bit set over term indices).
    fn matches(&self, word: &str) -> u64 {
        let folded = fold(word);
        let mut hit = 0u64;
        let mut own_key: Option<String> = None;
        for (index, term) in self.terms.iter().enumerate() {
            let matched = (term.prefix && folded.starts_with(term.folded.as_str()))
                || term.irregular.iter().any(|form| *form == folded)
                || term
                    .exact_words
                    .iter()
                    .chain(&term.synonyms)
                    .chain(&term.compounds)
                    .chain(&term.corrections)
                    .any(|w| *w == *folded)
                || term.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
                || term
                    .split
                    .as_ref()
                    .is_some_and(|split| split.matches(&folded, &mut own_key))
                // Stemming is the expensive part: only stem a word that starts like one of
                // the term's keys (a regular inflection starts with all but the last two
                // letters of its stem, as `mogelijkheden` and `mogelijkheid`).
                || (term
                    .key_prefixes
                    .iter()
                    .any(|p| folded.starts_with(p.as_str()))
                    && {
                        let own = own_key.get_or_insert_with(|| key(&folded));
                        term.keys.iter().any(|k| k == own)
                    });
            if matched {
                hit |= 1 << index;
            }
        }
        hit
    }
}

/// What [`Query::occurrences`] counts in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrences {
    pub per_term: Vec<usize>,
    pub words: usize,
    pub adjacent_pairs: usize,
}

/// A piece of highlighted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    pub text: String,
    pub marked: bool,
}

/// Marks every matching word in a short text (a title).
pub fn highlight(query: &Query, text: &str) -> Vec<Highlighted> {
    let spans: Vec<(usize, usize)> = words(text)
        .filter(|(_, w)| query.matches(w) != 0)
        .map(|(start, w)| (start, start + w.len()))
        .collect();
    pieces(text, &spans)
}

/// The best window of about `width` words from `text`: the one with the most distinct
/// terms, earliest on a tie, with the matches marked and `…` where it was cut.
pub fn snippet(query: &Query, text: &str, width: usize) -> Vec<Highlighted> {
    let width = width.max(1);
    let all: Vec<(usize, &str)> = words(text).collect();
    if all.is_empty() {
        return Vec::new();
    }
    // Words are matched lazily, and the scan stops at the first window that holds every
    // term: most texts have one early, and matching is the expensive part.
    let every_term = query.terms.len() as u32;
    let mut hits: Vec<u64> = vec![0; all.len()];
    let mut matched = 0;
    let mut best = (0usize, 0u32);
    for start in 0..all.len() {
        let end = (start + width).min(all.len());
        while matched < end {
            hits[matched] = query.matches(all[matched].1);
            matched += 1;
        }
        if hits[start] != 0 {
            let distinct = hits[start..end]
                .iter()
                .fold(0u64, |acc, h| acc | h)
                .count_ones();
            if distinct > best.1 {
                best = (start, distinct);
                if distinct == every_term {
                    break;
                }
            }
        }
    }
    // Start a little before the first hit, so the sentence has some context (but never so
    // far that a narrow window loses the hit).
    let lead = if best.1 > 0 { 4.min(width / 2) } else { 0 };
    let first = best.0.saturating_sub(lead);
    let last = (first + width).min(all.len()) - 1;
    // Whole whitespace-separated words at both ends, so that `’s` or `(zie` keep what
    // precedes their first letter.
    let from = all[first].0;
    let from = text[..from].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let to = all[last].0 + all[last].1.len();
    let to = text[to..]
        .find(|c: char| c.is_whitespace())
        .map_or(text.len(), |i| to + i);

    // Every word shown is marked when it matches, also one that came in with its neighbour
    // (`nacht-` before the first word); words past the scan are matched now.
    // Word starts are sorted, so the shown words are found by binary search.
    let shown = all.partition_point(|(start, _)| *start < from)
        ..all.partition_point(|(start, _)| *start < to);
    let spans: Vec<(usize, usize)> = shown
        .filter(|&i| {
            if i < matched {
                hits[i] != 0
            } else {
                query.matches(all[i].1) != 0
            }
        })
        .map(|i| (all[i].0 - from, all[i].0 - from + all[i].1.len()))
        .collect();
    let window = text[from..to].replace('\n', " ");
    let mut parts = pieces(&window, &spans);
    if from > 0 {
        parts.insert(
            0,
            Highlighted {
                text: "… ".into(),
                marked: false,
            },
        );
    }
    if to < text.len() {
        parts.push(Highlighted {
            text: " …".into(),
            marked: false,
        });
    }
    parts
}

/// All but the last two characters of a stem, and at least three (characters, not bytes:
/// words may be in any script).
fn stem_prefix(stem: &str) -> &str {
    let keep = stem.chars().count().saturating_sub(2).max(3);
    stem.char_indices()
        .nth(keep)
        .map_or(stem, |(index, _)| &stem[..index])
}

fn pieces(text: &str, spans: &[(usize, usize)]) -> Vec<Highlighted> {
    let mut parts = Vec::new();
    let mut at = 0;
    for &(start, end) in spans {
        if start > at {
            parts.push(Highlighted {
                text: text[at..start].to_owned(),
                marked: false,
            });
        }
        parts.push(Highlighted {
            text: text[start..end].to_owned(),
            marked: true,
        });
        at = end;
    }
    if at < text.len() {
        parts.push(Highlighted {
            text: text[at..].to_owned(),
            marked: false,
        });
    }
    parts
}

/// Renders highlighted pieces with `<mark>` around matches, HTML-escaped: for the
/// command-line tools.
pub fn to_marked_html(parts: &[Highlighted]) -> String {
    let mut out = String::new();
    for part in parts {
        if part.marked {
            out.push_str("<mark>");
        }
        for ch in part.text.chars() {
            match ch {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                other => out.push(other),
            }
        }
        if part.marked {
            out.push_str("</mark>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(parts: &[Highlighted]) -> String {
        to_marked_html(parts)
    }

    #[test]
    fn expression_quotes_and_prefixes() {
        let query = Query::parse("Nachtdiensten OR overleden").expect("query");
        expect_test::expect![[
            r#"("nachtdiensten"* OR "nachtdienst") AND ("overleden"* OR "overled" OR "overlijd")"#
        ]]
        .assert_eq(&query.fts5_expression());
        assert_eq!(Query::parse(" ,.; "), None);
        assert_eq!(Query::parse("a").map(|q| q.terms.len()), Some(1));
        assert_eq!(Query::parse("a val").map(|q| q.terms.len()), Some(1));
        // No quote in the input reaches FTS5 unquoted.
        let query = Query::parse(r#"brand" OR "x"#).expect("query");
        assert!(!query.fts5_expression().contains("\" OR \"x"));
    }

    #[test]
    fn stop_words_need_not_match_unless_they_are_all_there_is_or_quoted() {
        let terms = |input: &str| -> (Vec<String>, Vec<String>, Vec<String>) {
            let query = Query::parse(input).expect("query");
            (
                query.terms.iter().map(|t| t.folded.clone()).collect(),
                query.optional.iter().map(|t| t.folded.clone()).collect(),
                query.phrase.clone(),
            )
        };
        expect_test::expect![[r#"
            (
                [
                    "doe",
                    "brand",
                ],
                [
                    "wat",
                    "je",
                    "bij",
                ],
                [],
            )
        "#]]
        .assert_debug_eq(&terms("wat doe je bij brand"));
        assert_eq!(terms("te veel voor mij").0, ["te", "veel", "voor", "mij"]);
        expect_test::expect![[r#"
            (
                [
                    "de",
                    "dood",
                ],
                [],
                [
                    "de",
                    "dood",
                ],
            )
        "#]]
        .assert_debug_eq(&terms(r#""de dood""#));
    }

    #[test]
    fn the_handbooks_words_bring_compounds_and_corrections() {
        let vocabulary = Vocabulary::new([
            ("handalcohol", "handalcohol", 1),
            ("hand", "hand", 3),
            ("nachtdienst", "nachtdienst", 4),
            ("nacht", "nacht", 5),
            ("verpleegkundige", "verpleegkundige", 9),
            ("rouw", "rouw", 2),
            ("verwerken", "verwerken", 1),
        ]);
        let expanded = |input: &str| {
            let mut query = Query::parse(input).expect("query");
            query.expand(&vocabulary);
            for index in 0..query.terms.len() {
                if !vocabulary.has_prefix(&query.terms[index].folded)
                    && !query.correct(index, &vocabulary)
                {
                    query.split(index, &vocabulary);
                }
            }
            format!(
                "{} | {:?}",
                query.fts5_expression(),
                query.corrected(&vocabulary)
            )
        };
        expect_test::expect![[r#"("hand"* OR "hand" OR "handalcohol") AND ("alcohol"* OR "alcohol" OR "handalcohol") | None"#]]
            .assert_eq(&expanded("hand alcohol"));
        expect_test::expect![[r#"("dienst"* OR "dienst" OR "nachtdienst") | None"#]]
            .assert_eq(&expanded("dienst"));
        expect_test::expect![[r#"("rouwverwerking"* OR "rouwverwerk" OR (("rouw"*) AND ("verwerking"* OR "verwerk"))) | None"#]]
            .assert_eq(&expanded("rouwverwerking"));
        expect_test::expect![[r#"("verpleegkundge"* OR "verplegkundg" OR "verplegkund" OR "verpleegkundige") | Some("verpleegkundige")"#]]
            .assert_eq(&expanded("Verpleegkundge"));
        expect_test::expect![[r#"("fire"* OR "fir" OR "brand" OR "rok" OR "rook") | None"#]]
            .assert_eq(&expanded("fire"));
    }

    #[test]
    fn snippet_marks_inflections() {
        let query = Query::parse("overleden nacht").expect("query");
        let text = "Inleiding. Als een gast in de nacht komt te overlijden, blijf je rustig. Daarna bel je.";
        assert_eq!(
            marked(&snippet(&query, text, 8)),
            "… een gast in de <mark>nacht</mark> komt te <mark>overlijden</mark>, …"
        );
    }

    #[test]
    fn snippet_keeps_what_precedes_the_first_letter_of_a_word() {
        let query = Query::parse("nachts").expect("query");
        assert_eq!(
            marked(&snippet(&query, "’s Nachts is alles stiller.", 8)),
            "’s <mark>Nachts</mark> is alles stiller."
        );
        let query = Query::parse("bel").expect("query");
        let bel = "Een twee (drie vier vijf zes) bel de verpleegkundige nu.";
        assert_eq!(
            marked(&snippet(&query, bel, 8)),
            "… (drie vier vijf zes) <mark>bel</mark> de verpleegkundige nu."
        );
        // A narrow window still holds the hit.
        assert_eq!(
            marked(&snippet(&query, bel, 3)),
            "… zes) <mark>bel</mark> de …"
        );
        assert_eq!(marked(&snippet(&query, bel, 0)), "… <mark>bel</mark> …");
        // A word joined to the first one is shown, and marked when it matches; whitespace
        // of more than one byte before it is stepped over whole.
        let query = Query::parse("nacht bel").expect("query");
        assert_eq!(
            marked(&snippet(
                &query,
                "Een twee nacht-drie vier nacht zes zeven bel negen tien.",
                4
            )),
            "… <mark>nacht</mark>-drie vier <mark>nacht</mark> zes …"
        );
        assert_eq!(
            marked(&snippet(&query, "Een twee\u{a0}’s nachts.", 2)),
            "… ’s <mark>nachts</mark>."
        );
    }

    #[test]
    fn inflections_are_highlighted_in_titles() {
        let query = Query::parse("val nacht").expect("query");
        assert_eq!(
            marked(&highlight(&query, "Gevallen in de nachtdienst")),
            "<mark>Gevallen</mark> in de <mark>nachtdienst</mark>"
        );
        assert_eq!(
            marked(&highlight(&query, "Als een gast valt")),
            "Als een gast <mark>valt</mark>"
        );
    }

    #[test]
    fn highlight_escapes_html() {
        let query = Query::parse("script").expect("query");
        assert_eq!(
            marked(&highlight(&query, "<script> & co")),
            "&lt;<mark>script</mark>&gt; &amp; co"
        );
    }
}
