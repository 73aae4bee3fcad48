//! The handbook's own words, for what an inverted index cannot do by itself: words one or two
//! typing mistakes away (a Levenshtein automaton over an FST, the `fst` crate), compounds
//! that end in a word (an FST of the words reversed), and whether a word exists at all.
//!
//! The store keeps the words with their counts in a table, written in the same transaction
//! as the index, and builds a [`Vocabulary`] from it; this module knows nothing of where the
//! words come from.

use std::sync::OnceLock;

use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Map, Set, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};

use crate::formation::stem_infinitives;
use crate::text::stem;

/// The builder of Levenshtein automata for `distance` edits (1 or 2), transpositions
/// counting one. Building one takes a few milliseconds, so it is built once per process;
/// an automaton from it for a word takes microseconds.
fn automaton_builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; 2] =
        [OnceLock::new(), OnceLock::new()];
    let distance = distance.clamp(1, 2);
    BUILDERS[usize::from(distance - 1)]
        .get_or_init(|| LevenshteinAutomatonBuilder::new(distance, true))
}

/// Compound parts shorter than this are not taken as words (`on` + `rust`).
const SHORTEST_PART: usize = 3;

/// The words of a handbook: folded, each with how it is usually written and in how many
/// sections it occurs.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Folded word → index into `entries`.
    words: Map<Vec<u8>>,
    /// Every word reversed, for compounds that end in a given word.
    reversed: Set<Vec<u8>>,
    /// (how it is written, number of sections), by index.
    entries: Vec<(String, u64)>,
}

/// A word of the vocabulary close to a mistyped one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub word: String,
    /// Edits away: 1 or 2 (two letters swapped count as 1).
    pub distance: u32,
}

impl Vocabulary {
    /// Builds the vocabulary from (folded word, written form, sections) in any order; a word
    /// given twice keeps its first written form and adds the counts.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, &'a str, u64)>) -> Vocabulary {
        let mut sorted: Vec<(&str, &str, u64)> = words.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let mut entries: Vec<(String, u64)> = Vec::with_capacity(sorted.len());
        let mut keys: Vec<&str> = Vec::with_capacity(sorted.len());
        for (word, written, count) in sorted {
            if word.is_empty() {
                continue;
            }
            if keys.last() == Some(&word) {
                if let Some(last) = entries.last_mut() {
                    last.1 += count;
                }
                continue;
            }
            keys.push(word);
            entries.push((written.to_owned(), count));
        }
        let words = Map::from_iter(keys.iter().enumerate().map(|(i, w)| (*w, i as u64)))
            .unwrap_or_default();
        let mut reversed: Vec<String> = keys.iter().map(|w| w.chars().rev().collect()).collect();
        reversed.sort();
        let reversed = Set::from_iter(reversed).unwrap_or_default();
        Vocabulary {
            words,
            reversed,
            entries,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, folded: &str) -> bool {
        self.words.contains_key(folded)
    }

    /// In how many sections the word occurs (0 when it does not).
    pub fn count(&self, folded: &str) -> u64 {
        self.words
            .get(folded)
            .map_or(0, |index| self.entries[index as usize].1)
    }

    /// How the word is usually written (`handhygiëne` for `handhygiene`).
    pub fn written(&self, folded: &str) -> Option<&str> {
        self.words
            .get(folded)
            .map(|index| self.entries[index as usize].0.as_str())
    }

    /// Whether some word starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let mut stream = self
            .words
            .search(Str::new(prefix).starts_with())
            .into_stream();
        stream.next().is_some()
    }

    /// Words one typing mistake away from `folded` (a letter missing, added, wrong, or two
    /// swapped), or two for a long word: 1 edit from 5 letters, 2 from 9 (Meilisearch's
    /// rule). Only the closest found count; among them the most used first; at most `limit`.
    pub fn corrections(&self, folded: &str, limit: usize) -> Vec<Correction> {
        let letters = folded.chars().count();
        let allowed = match letters {
            0..=4 => return Vec::new(),
            5..=8 => 1,
            _ => 2,
        };
        // One automaton for every distance allowed, telling each word's distance; two
        // letters swapped is one mistake for a person (Damerau), two for Levenshtein.
        let dfa = automaton_builder(allowed).build_dfa(folded);
        let mut stream = self.words.search_with_state(&dfa).into_stream();
        let mut found: Vec<(u8, u64, String)> = Vec::new();
        while let Some((word, index, state)) = stream.next() {
            let Distance::Exact(distance) = dfa.distance(state) else {
                continue;
            };
            let Ok(word) = std::str::from_utf8(word) else {
                continue;
            };
            if distance > 0 {
                found.push((distance, self.entries[index as usize].1, word.to_owned()));
            }
        }
        let closest = found.iter().map(|(d, _, _)| *d).min().unwrap_or(0);
        found.retain(|(d, _, _)| *d == closest);
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        found.truncate(limit);
        found
            .into_iter()
            .map(|(distance, _, word)| Correction {
                word,
                distance: u32::from(distance),
            })
            .collect()
    }

    /// Compounds of the vocabulary that end in `folded` after a head that is a word of the
    /// vocabulary itself, with or without a linking `s`, `e` or `en` (`handalcohol` for
    /// `alcohol`, `overdrachtsmap` for `map`); at most `limit`, most used first.
    pub fn compounds_ending_in(&self, folded: &str, limit: usize) -> Vec<String> {
        if folded.chars().count() < SHORTEST_PART {
            return Vec::new();
        }
        let reversed: String = folded.chars().rev().collect();
        let mut stream = self
            .reversed
            .search(Str::new(&reversed).starts_with())
            .into_stream();
        let mut found: Vec<(u64, String)> = Vec::new();
        while let Some(word) = stream.next() {
            let Ok(word) = std::str::from_utf8(word) else {
                continue;
            };
            let compound: String = word.chars().rev().collect();
            let head = &compound[..compound.len() - folded.len()];
            if self.is_head(head) {
                found.push((self.count(&compound), compound));
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.truncate(limit);
        found.into_iter().map(|(_, word)| word).collect()
    }

    /// A compound split into a head that is a word and a rest (`rouwverwerking` → `rouw`,
    /// `verwerking`), when the rest is a word, the start of one, or the end of a compound
    /// of the handbook (`valpreventie` → `val`, `preventie` as in `infectiepreventie`);
    /// the longest head first; failing that, the longest head with a rest of four letters
    /// or more that the handbook does not know. A linking `s`, `e` or `en` is left off the
    /// head (`stervensfase` → `sterven`, `fase`).
    pub fn split_compound(&self, folded: &str) -> Option<(String, String)> {
        let bounds: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
        let mut unknown_rest: Option<(&str, &str)> = None;
        for &at in bounds.iter().rev() {
            let (head, rest) = folded.split_at(at);
            if rest.chars().count() < SHORTEST_PART + 1 {
                continue;
            }
            let Some(head) = self.head_word(head) else {
                continue;
            };
            // The rest may be inflected otherwise than any word (`verwerking` beside
            // `verwerken`): its stem as a start is enough.
            if self.contains(rest)
                || self.has_prefix(rest)
                || self.has_prefix(&stem(rest))
                || !self.compounds_ending_in(rest, 1).is_empty()
            {
                return Some((head.to_owned(), rest.to_owned()));
            }
            unknown_rest.get_or_insert((head, rest));
        }
        // A rest the handbook does not know (`brandoefening`, and no `oefening`): the
        // longest head still says what the word is about.
        unknown_rest
            .filter(|(_, rest)| rest.chars().count() > SHORTEST_PART)
            .map(|(head, rest)| (head.to_owned(), rest.to_owned()))
    }

    /// Whether `head` is the first part of a compound: a word, perhaps with a linking
    /// `s`, `e` or `en` after it.
    fn is_head(&self, head: &str) -> bool {
        self.head_word(head).is_some()
    }

    /// The word a compound's first part is: itself, or itself without its linking `s`,
    /// `e` or `en`. A verb's stem counts when the verb is a word (`slik` in
    /// `slikproblemen`, with `slikken`).
    fn head_word<'h>(&self, head: &'h str) -> Option<&'h str> {
        let word = |w: &str| {
            w.chars().count() >= SHORTEST_PART
                && (self.contains(w)
                    || stem_infinitives(w)
                        .iter()
                        .any(|infinitive| self.contains(infinitive)))
        };
        if word(head) {
            return Some(head);
        }
        ["s", "e", "en"]
            .iter()
            .find_map(|link| head.strip_suffix(link).filter(|w| word(w)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::new([
            ("verpleegkundige", "verpleegkundige", 12),
            ("verpleegkundigen", "verpleegkundigen", 3),
            ("handhygiene", "handhygiëne", 2),
            ("hand", "hand", 4),
            ("handalcohol", "handalcohol", 1),
            ("overdracht", "overdracht", 6),
            ("overdrachtsmap", "overdrachtsmap", 2),
            ("map", "map", 1),
            ("rouw", "rouw", 5),
            ("verwerken", "verwerken", 2),
            ("vrouw", "vrouw", 3),
            ("dementie", "dementie", 4),
            ("nacht", "nacht", 9),
            ("macht", "macht", 1),
            ("sterven", "sterven", 3),
            ("fase", "fase", 2),
            ("val", "val", 1),
            ("slikken", "slikken", 2),
            ("problemen", "problemen", 3),
            ("infectiepreventie", "infectiepreventie", 1),
            ("infectie", "infectie", 2),
        ])
    }

    #[test]
    fn corrections_by_distance_then_use() {
        let v = vocabulary();
        let words =
            |w: &str| -> Vec<String> { v.corrections(w, 3).into_iter().map(|c| c.word).collect() };
        assert_eq!(words("verpleegkundge"), ["verpleegkundige"]);
        assert_eq!(words("verpleegkndge"), ["verpleegkundige"]);
        assert_eq!(words("handhygine"), ["handhygiene"]);
        assert_eq!(words("dementei"), ["dementie"]);
        assert_eq!(words("overdacht"), ["overdracht"]);
        // Four letters: no typos allowed.
        assert!(words("nach").is_empty());
        assert_eq!(words("nachtt"), ["nacht"]);
        assert_eq!(v.written("handhygiene"), Some("handhygiëne"));
    }

    #[test]
    fn compounds_from_the_handbooks_own_words() {
        let v = vocabulary();
        assert_eq!(v.compounds_ending_in("alcohol", 5), ["handalcohol"]);
        assert_eq!(v.compounds_ending_in("map", 5), ["overdrachtsmap"]);
        // `v` is no word: `vrouw` is not a compound of `rouw`.
        assert!(v.compounds_ending_in("rouw", 5).is_empty());
        assert_eq!(
            v.split_compound("rouwverwerking"),
            Some(("rouw".to_owned(), "verwerking".to_owned()))
        );
        assert_eq!(
            v.split_compound("nachtmacht"),
            Some(("nacht".to_owned(), "macht".to_owned()))
        );
        assert_eq!(v.split_compound("verpleegkundige"), None);
        assert_eq!(
            v.split_compound("nachtoefening"),
            Some(("nacht".to_owned(), "oefening".to_owned()))
        );
        assert_eq!(v.split_compound("nachtje"), None, "too short a rest");
        // The linking `s` is not part of the head.
        assert_eq!(
            v.split_compound("stervensfase"),
            Some(("sterven".to_owned(), "fase".to_owned()))
        );
        // A verb's stem as the head: `slik` of `slikken`.
        assert_eq!(
            v.split_compound("slikproblemen"),
            Some(("slik".to_owned(), "problemen".to_owned()))
        );
        // The rest is known only as the end of a compound.
        assert_eq!(
            v.split_compound("valpreventie"),
            Some(("val".to_owned(), "preventie".to_owned()))
        );
    }
}
