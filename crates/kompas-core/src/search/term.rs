//! One word of a query: what it matches besides itself, and the full-text expression
//! that asks the index for it.

use crate::rank::Exactness;
use crate::stop_words::is_stop_word;
use crate::synonyms::handbook_words_for;
use crate::text::{
    derivation_start, fold, irregular_forms, key, match_keys, participle_infinitives, stem, words,
    INSEPARABLE_PREFIXES,
};

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
    /// The verb of a particle verb's participle, with and without its particle
    /// (`flauwgevallen` → `flauwvallen`, `vallen`): matched by their keys, only when the
    /// word as typed matches nothing.
    pub verbs: Vec<String>,
    /// For each key, the start a text word must have to possibly share it (see
    /// [`stem_prefix`]); computed once per query, used for every word of every snippet.
    pub(super) key_prefixes: Vec<String>,
    /// Irregular forms that match this term (`overleed` for `overleden`, `gevallen` for
    /// `val`), from the lemma table, so that snippets need no table lookup per word.
    pub(super) irregular: Vec<&'static str>,
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
    pub(super) keys: Vec<String>,
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
    pub(super) fn matches(&self, folded: &str, own_key: &mut Option<String>) -> bool {
        let starts_like = |part: &str| {
            let start: String = part.chars().take(3).collect();
            folded.starts_with(start.as_str())
        };
        let (head, rest) = match self.need {
            SplitNeed::Both => (true, true),
            SplitNeed::Head => (true, false),
            SplitNeed::Rest => (false, true),
        };
        // A verb's stem as the head also starts the verb with an inseparable prefix
        // (`slik` in `verslikken`).
        let starts_with_head = |word: &str| {
            word.starts_with(self.head.as_str())
                || INSEPARABLE_PREFIXES.iter().any(|prefix| {
                    word.strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with(self.head.as_str()))
                })
        };
        (head
            && (folded == self.head
                || (self.head.chars().count() >= 4 && starts_with_head(folded))))
            || (rest && folded.starts_with(self.rest.as_str()))
            || (rest && self.rest_compounds.iter().any(|w| w == folded))
            || (((head && starts_like(&self.head)) || (rest && starts_like(&self.rest))) && {
                let own = own_key.get_or_insert_with(|| key(folded));
                self.keys.iter().any(|k| k == own)
            })
    }
}

impl QueryTerm {
    pub(super) fn new(folded: String, prefix: bool) -> QueryTerm {
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
            verbs: Vec::new(),
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
    pub(super) fn add_word(&mut self, word: &str) {
        if !self.exact_words.iter().any(|w| w == word) && word != self.folded {
            self.exact_words.push(word.to_owned());
        }
        self.add_keys(word);
    }

    pub(super) fn add_keys(&mut self, word: &str) {
        for key in match_keys(word) {
            if !self.keys.contains(&key) {
                self.keys.push(key);
            }
        }
    }

    /// Recomputes what snippets use after the keys changed.
    pub(super) fn refresh(&mut self) {
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
                .chain(&self.verbs)
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

/// All but the last two characters of a stem, and at least three (characters, not bytes:
/// words may be in any script).
fn stem_prefix(stem: &str) -> &str {
    let keep = stem.chars().count().saturating_sub(2).max(3);
    stem.char_indices()
        .nth(keep)
        .map_or(stem, |(index, _)| &stem[..index])
}
