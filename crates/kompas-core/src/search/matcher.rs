//! Which words of a text match a query: counted for ranking, marked in titles and
//! snippets. A [`Matcher`] remembers, for one search, which terms each distinct word
//! matched: the sections of a handbook share most of their words, and matching a word
//! (folding, and sometimes stemming it) is the expensive part.

use rustc_hash::FxHashMap;

use super::{Query, COUNTED_WORDS};
use crate::text::{fold, key, words};

/// Matches the words of texts against one query, remembering each word's answer.
#[derive(Debug)]
pub struct Matcher<'q> {
    query: &'q Query,
    /// Which terms a word matched (a bit set over term indices), by the word as written.
    known: FxHashMap<String, u64>,
    /// Terms typed one after the other (stop words in between skipped), for proximity.
    pairs: Vec<(usize, usize)>,
}

impl Query {
    /// A matcher for this query's words; keep it for the whole search.
    pub fn matcher(&self) -> Matcher<'_> {
        let mut order: Vec<usize> = self.typed.iter().filter_map(|(_, t)| *t).collect();
        order.dedup();
        Matcher {
            query: self,
            known: FxHashMap::default(),
            pairs: order.windows(2).map(|w| (w[0], w[1])).collect(),
        }
    }

    /// Which terms a text word matches (bit set over term indices).
    pub(super) fn matches(&self, word: &str) -> u64 {
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

impl Matcher<'_> {
    /// Which terms a text word matches (a bit set over term indices).
    pub fn matches(&mut self, word: &str) -> u64 {
        if let Some(&hit) = self.known.get(word) {
            return hit;
        }
        let hit = self.query.matches(word);
        self.known.insert(word.to_owned(), hit);
        hit
    }

    /// How often each term occurs in the first [`COUNTED_WORDS`] words of a text, how many
    /// words it has there, and how many pairs of words typed one after the other also
    /// follow one another (Meilisearch's proximity, at its closest): for [`crate::rank`].
    /// A section's opening says what it is about, and counting stops there to stay fast.
    pub fn occurrences(&mut self, text: &str) -> Occurrences {
        self.occurrences_in_words(words(text))
    }

    /// [`Matcher::occurrences`] of a text already split into [`words`].
    pub fn occurrences_in_words<'t>(
        &mut self,
        words: impl Iterator<Item = (usize, &'t str)>,
    ) -> Occurrences {
        let mut found = Occurrences {
            per_term: vec![0; self.query.terms.len()],
            words: 0,
            adjacent_pairs: 0,
        };
        let mut seen_pairs = 0u64;
        let mut previous = 0u64;
        for (_, word) in words.take(COUNTED_WORDS) {
            found.words += 1;
            let hit = self.matches(word);
            let mut bits = hit;
            while bits != 0 {
                found.per_term[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
            if hit != 0 && previous != 0 {
                for (index, &(a, b)) in self.pairs.iter().enumerate() {
                    if previous & (1 << a) != 0 && hit & (1 << b) != 0 {
                        seen_pairs |= 1 << index;
                    }
                }
            }
            previous = hit;
        }
        found.adjacent_pairs = seen_pairs.count_ones() as usize;
        found
    }

    /// Marks every matching word in a short text (a title).
    pub fn highlight(&mut self, text: &str) -> Vec<Highlighted> {
        let spans: Vec<(usize, usize)> = words(text)
            .filter(|(_, w)| self.matches(w) != 0)
            .map(|(start, w)| (start, start + w.len()))
            .collect();
        pieces(text, &spans)
    }

    /// The best window of about `width` words from `text`: the one with the most distinct
    /// terms, earliest on a tie, with the matches marked and `…` where it was cut.
    pub fn snippet(&mut self, text: &str, width: usize) -> Vec<Highlighted> {
        let all: Vec<(usize, &str)> = words(text).collect();
        self.snippet_in_words(text, &all, width)
    }

    /// [`Matcher::snippet`] of a text already split into its [`words`] (`all`).
    pub fn snippet_in_words(
        &mut self,
        text: &str,
        all: &[(usize, &str)],
        width: usize,
    ) -> Vec<Highlighted> {
        let width = width.max(1);
        if all.is_empty() {
            return Vec::new();
        }
        // Words are matched lazily, and the scan stops at the first window that holds every
        // term: most texts have one early, and matching is the expensive part.
        let every_term = self.query.terms.len() as u32;
        let mut hits: Vec<u64> = vec![0; all.len()];
        let mut matched = 0;
        let mut best = (0usize, 0u32);
        for start in 0..all.len() {
            let end = (start + width).min(all.len());
            while matched < end {
                hits[matched] = self.matches(all[matched].1);
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
                    self.matches(all[i].1) != 0
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
}

/// What [`Matcher::occurrences`] counts in a text.
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
