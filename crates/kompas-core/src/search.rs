//! What a volunteer types, turned into a full-text query; and highlighted snippets.
//!
//! The index (see [`crate::text::index_terms`]) holds for every word its folded form and its
//! match keys. A query word matches when the folded text word starts with it (search as you
//! type) or when their match keys meet (other inflections, irregular forms).

use crate::text::{fold, irregular_forms, match_keys, stem, words};

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<QueryTerm>,
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The folded word as typed; also used as a prefix.
    pub folded: String,
    /// Its match keys: its stem and the stem of its lemma.
    pub keys: Vec<String>,
    /// Whether the word is used as a prefix (one-letter words only when alone).
    pub prefix: bool,
    /// For each key, the start a text word must have to possibly share it (see
    /// [`stem_prefix`]); computed once per query, used for every word of every snippet.
    key_prefixes: Vec<String>,
    /// Irregular forms that match this term (`overleed` for `overleden`, `gevallen` for
    /// `val`), from the lemma table, so that snippets need no table lookup per word.
    irregular: Vec<&'static str>,
}

/// The most words a query may have; more only slows the search without finding more.
const MAX_TERMS: usize = 8;

impl Query {
    /// Parses user input. Returns `None` when there is nothing to search for.
    pub fn parse(input: &str) -> Option<Query> {
        let all: Vec<String> = words(input)
            .map(|(_, w)| fold(w).into_owned())
            .take(MAX_TERMS)
            .collect();
        let alone = all.len() == 1;
        let mut terms: Vec<QueryTerm> = Vec::new();
        for folded in all {
            if folded.chars().count() < 2 && !alone {
                continue;
            }
            if terms.iter().any(|t| t.folded == folded) {
                continue;
            }
            let (own, via_lemma) = match_keys(&folded);
            let mut keys = vec![own];
            keys.extend(via_lemma);
            let key_prefixes = keys.iter().map(|k| stem_prefix(k).to_owned()).collect();
            // As in the index: a text word's lemma stem meets the term when it equals one
            // of the term's keys, or starts with the typed word (prefix search).
            let irregular = irregular_forms(|lemma_stem| {
                keys.iter().any(|k| k == lemma_stem) || lemma_stem.starts_with(folded.as_str())
            });
            terms.push(QueryTerm {
                folded,
                keys,
                prefix: true,
                key_prefixes,
                irregular,
            });
        }
        (!terms.is_empty()).then_some(Query { terms })
    }

    /// The SQLite FTS5 match expression: every term must match, each as a prefix of a
    /// folded word or as one of its match keys. Everything is quoted, so no input can
    /// inject FTS5 syntax.
    pub fn fts5_expression(&self) -> String {
        let mut out = String::new();
        for (index, term) in self.terms.iter().enumerate() {
            if index > 0 {
                out.push_str(" AND ");
            }
            out.push('(');
            out.push('"');
            out.push_str(&term.folded);
            out.push('"');
            if term.prefix {
                out.push('*');
            }
            for key in &term.keys {
                if *key != term.folded {
                    out.push_str(" OR \"");
                    out.push_str(key);
                    out.push('"');
                }
            }
            out.push(')');
        }
        out
    }

    /// Which terms a text word matches (bit set over term indices).
    fn matches(&self, word: &str) -> u64 {
        let folded = fold(word);
        let mut hit = 0u64;
        let mut own_stem: Option<String> = None;
        for (index, term) in self.terms.iter().enumerate() {
            let matched = (term.prefix && folded.starts_with(term.folded.as_str()))
                || term.irregular.iter().any(|form| *form == folded)
                // Stemming is the expensive part: only stem a word that starts like one of
                // the term's keys (a regular inflection starts with all but the last two
                // letters of its stem, as `mogelijkheden` and `mogelijkheid`).
                || (term
                    .key_prefixes
                    .iter()
                    .any(|p| folded.starts_with(p.as_str()))
                    && {
                        let own = own_stem.get_or_insert_with(|| stem(&folded));
                        term.keys.iter().any(|k| k == own)
                    });
            if matched {
                hit |= 1 << index;
            }
        }
        hit
    }
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
        assert_eq!(
            query.fts5_expression(),
            r#"("nachtdiensten"* OR "nachtdienst") AND ("or"*) AND ("overleden"* OR "overled" OR "overlijd")"#
        );
        assert_eq!(Query::parse(" ,.; "), None);
        assert_eq!(Query::parse("a").map(|q| q.terms.len()), Some(1));
        assert_eq!(Query::parse("a val").map(|q| q.terms.len()), Some(1));
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
