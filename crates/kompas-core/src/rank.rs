//! How search hits are ordered, as pure rules over what the index found (the store finds,
//! this module orders). Like Meilisearch's ranking rules, adapted to a handbook whose titles
//! and tags name its subjects:
//!
//! 1. a section holding the quoted phrase, when there is one;
//! 2. a section with some query word in its title or tags before one with words only in
//!    its body;
//! 3. the score: per query word, the best field it is found in (title > tags > a heading
//!    of the body > the body),
//!    times how exactly (exact > prefix, inflection, compound, derivation > typo), times
//!    how rare the word is in the handbook; plus a little for the word in a second field,
//!    for holding every word, for words typed together that stand together in the text,
//!    for stop words in the title and for a critical protocol;
//! 4. how often the words occur in the body text, for its length ([`frequency`]; FTS5's
//!    own bm25 is always 0 on an index without positions).

use std::cmp::Ordering;

/// How exactly a field holds a query word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exactness {
    /// Only through a word one or two typos away.
    Typo,
    /// A prefix, another inflection, a compound or derivation of it.
    Near,
    /// The word as typed (or the Dutch word for an English one).
    Exact,
}

/// Where and how one query word matches one section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermMatch {
    pub title: Option<Exactness>,
    pub tags: Option<Exactness>,
    /// In a heading of the body (read from the stored headings, for the best candidates).
    pub heading: bool,
    /// Found in the all-text index (title, tags and body), and how.
    pub text: Option<Exactness>,
}

impl TermMatch {
    pub fn any(&self) -> bool {
        self.title.is_some() || self.tags.is_some() || self.heading || self.text.is_some()
    }
}

/// What the index found for one section.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// One per query term, in the query's order.
    pub terms: Vec<TermMatch>,
    /// Stop words of the query found in the title.
    pub optional_in_title: usize,
    pub critical: bool,
    pub phrase: bool,
    /// Pairs of words typed one after the other that follow one another in the text.
    pub adjacent_pairs: usize,
    /// How much the body text is about the terms ([`frequency`]; higher is better, 0 when
    /// not computed).
    pub frequency: f64,
}

/// A candidate's rank.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rank {
    pub phrase: bool,
    pub in_title_or_tags: bool,
    pub all_words: bool,
    pub score: f64,
    pub frequency: f64,
}

const TITLE: f64 = 4.0;
const TAGS: f64 = 3.0;
const HEADING: f64 = 2.0;
const BODY: f64 = 1.0;
/// A second field holding the same word adds this share of its weight.
const SECOND_FIELD: f64 = 0.2;
const ALL_WORDS: f64 = 1.0;
const STOP_WORD_IN_TITLE: f64 = 0.3;
const CRITICAL: f64 = 0.5;
const ADJACENT_PAIR: f64 = 0.5;

fn exactness(e: Exactness) -> f64 {
    match e {
        Exactness::Exact => 1.0,
        Exactness::Near => 0.85,
        Exactness::Typo => 0.7,
    }
}

/// How much a word tells apart: `ln(1 + sections / sections holding it)`, so a word in
/// every section (`gast`) weighs less than one in a few (`brand`).
pub fn rarity(sections: usize, holding: usize) -> f64 {
    (1.0 + sections.max(1) as f64 / holding.max(1) as f64).ln()
}

/// Ranks a candidate; `rarity` has one weight per query term.
pub fn rank(candidate: &Candidate, rarity: &[f64]) -> Rank {
    let mut score = 0.0;
    let mut all_words = true;
    let mut in_title_or_tags = false;
    for (term, weight) in candidate.terms.iter().zip(rarity) {
        let fields = [
            term.title.map_or(0.0, |e| TITLE * exactness(e)),
            term.tags.map_or(0.0, |e| TAGS * exactness(e)),
            if term.heading { HEADING } else { 0.0 },
            term.text.map_or(0.0, |e| BODY * exactness(e)),
        ];
        let best = fields.iter().copied().fold(0.0, f64::max);
        if best == 0.0 {
            all_words = false;
            continue;
        }
        in_title_or_tags |= term.title.is_some() || term.tags.is_some();
        let others = fields.iter().sum::<f64>() - best;
        score += weight * (best + SECOND_FIELD * others);
    }
    if all_words {
        score += ALL_WORDS;
    }
    score += STOP_WORD_IN_TITLE * candidate.optional_in_title as f64;
    // As before this ranking: the boost counts among sections whose title or tags hold a
    // word, not for a protocol that only mentions it.
    if candidate.critical && in_title_or_tags {
        score += CRITICAL;
    }
    score += ADJACENT_PAIR * candidate.adjacent_pairs as f64;
    Rank {
        phrase: candidate.phrase,
        in_title_or_tags,
        all_words,
        score,
        frequency: candidate.frequency,
    }
}

/// Best first.
pub fn compare(a: &Rank, b: &Rank) -> Ordering {
    b.phrase
        .cmp(&a.phrase)
        .then(b.in_title_or_tags.cmp(&a.in_title_or_tags))
        .then(b.score.total_cmp(&a.score))
        .then(b.frequency.total_cmp(&a.frequency))
}

/// A bm25-like weight of a text for the terms: per term, its occurrences `tf` among the
/// text's `words` give `tf / (tf + 1.2 · (0.25 + 0.75 · words / 300))`, summed; a
/// handbook section is some 300 words.
pub fn frequency(occurrences: &[usize], words: usize) -> f64 {
    let length = 0.25 + 0.75 * words as f64 / 300.0;
    occurrences
        .iter()
        .map(|&tf| tf as f64 / (tf as f64 + 1.2 * length))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(terms: &[(Option<Exactness>, Option<Exactness>, bool)]) -> Candidate {
        Candidate {
            terms: terms
                .iter()
                .map(|&(title, tags, text)| TermMatch {
                    title,
                    tags,
                    heading: false,
                    text: text.then_some(Exactness::Near),
                })
                .collect(),
            optional_in_title: 0,
            critical: false,
            phrase: false,
            adjacent_pairs: 0,
            frequency: 0.0,
        }
    }

    #[test]
    fn a_title_word_beats_every_word_in_the_body() {
        let e = Some(Exactness::Exact);
        let weights = [1.0, 1.0, 1.0];
        let title_one = rank(
            &candidate(&[(e, None, true), (None, None, false), (None, None, false)]),
            &weights,
        );
        let body_all = rank(
            &candidate(&[(None, None, true), (None, None, true), (None, None, true)]),
            &weights,
        );
        assert_eq!(compare(&title_one, &body_all), Ordering::Less);
        assert!(body_all.all_words && !title_one.all_words);
    }

    #[test]
    fn title_before_tags_before_body_and_exact_before_near_before_typo() {
        let weights = [1.0];
        let of = |title, tags, text| rank(&candidate(&[(title, tags, text)]), &weights);
        // A word is matched through typos in every section or in none, so typo matches
        // are only ever compared with each other.
        let orders = [
            [
                of(Some(Exactness::Exact), None, true),
                of(Some(Exactness::Near), None, true),
                of(None, Some(Exactness::Exact), true),
                of(None, Some(Exactness::Near), true),
                of(None, None, true),
            ],
            [
                of(Some(Exactness::Typo), Some(Exactness::Typo), true),
                of(Some(Exactness::Typo), None, true),
                of(None, Some(Exactness::Typo), true),
                of(None, Some(Exactness::Typo), false),
                of(None, None, true),
            ],
        ];
        for order in orders {
            for pair in order.windows(2) {
                assert_eq!(compare(&pair[0], &pair[1]), Ordering::Less, "{pair:?}");
            }
        }
    }

    #[test]
    fn a_rare_word_weighs_more() {
        assert!(rarity(40, 2) > rarity(40, 30));
        assert!(rarity(40, 40) > 0.0);
    }
}
