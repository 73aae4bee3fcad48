//! Dutch words for the search index and for queries.
//!
//! Every word goes through the same steps on both sides: fold (lowercase, diacritics
//! removed: `ideeën` → `ideeen`), stem with Snowball Dutch (`nachtdiensten` → `nachtdienst`),
//! and, for irregular forms that stemming cannot join (`overleden` vs `overlijden`), map to a
//! lemma first.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lowercases and removes diacritics.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(word);
    }
    if word.is_ascii() {
        return Cow::Owned(word.to_ascii_lowercase());
    }
    Cow::Owned(
        word.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

/// The words of a text with their byte ranges. A word is a run of letters and digits;
/// hyphens and apostrophes separate words (`niet-reanimeren`, `auto's`).
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (index, ch) = rest.next()?;
            if ch.is_alphanumeric() {
                break index;
            }
        };
        let mut end = text.len();
        while let Some(&(index, ch)) = rest.peek() {
            if ch.is_alphanumeric() {
                rest.next();
            } else {
                end = index;
                break;
            }
        }
        Some((start, &text[start..end]))
    })
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Dutch))
}

/// Snowball Dutch stem of an already folded word.
pub fn stem(folded: &str) -> String {
    stemmer().stem(folded).into_owned()
}

/// The dictionary form of an irregular or otherwise unstemmable word, if we know one.
/// Takes a folded word.
pub fn lemma(folded: &str) -> Option<&'static str> {
    // A sorted table and a binary search: no hashing, no allocation. This runs for many
    // words of every snippet, so it must be cheap.
    static TABLE: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: Vec<(&'static str, &'static str)> = LEMMAS
            .iter()
            .flat_map(|(lemma, forms)| forms.split_whitespace().map(move |form| (form, *lemma)))
            .collect();
        table.sort_unstable();
        table
    });
    table
        .binary_search_by(|(form, _)| (*form).cmp(folded))
        .ok()
        .map(|index| table[index].1)
}

/// Every irregular form (from the lemma table) whose lemma's stem satisfies `wanted`.
/// A query computes these once, so that matching text words needs no table lookup.
pub fn irregular_forms(wanted: impl Fn(&str) -> bool) -> Vec<&'static str> {
    static STEMS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        LEMMAS
            .iter()
            .flat_map(|(lemma, forms)| {
                let lemma_stem = stem(lemma);
                forms
                    .split_whitespace()
                    .map(move |form| (form, lemma_stem.clone()))
            })
            .collect()
    });
    stems
        .iter()
        .filter(|(_, lemma_stem)| wanted(lemma_stem))
        .map(|(form, _)| *form)
        .collect()
}

/// The keys under which a folded word is found: its stem, and the stem of its lemma when
/// that differs. A query word matches a text word when their keys meet.
pub fn match_keys(folded: &str) -> (String, Option<String>) {
    let own = stem(folded);
    let via_lemma = lemma(folded).map(stem).filter(|l| *l != own);
    (own, via_lemma)
}

/// The text that goes into the full-text index for a field: for every word its folded form
/// (for prefix search) and its match keys, separated by spaces.
pub fn index_terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (_, word) in words(text) {
        let folded = fold(word);
        out.push_str(&folded);
        out.push(' ');
        let (own, via_lemma) = match_keys(&folded);
        if own != *folded {
            out.push_str(&own);
            out.push(' ');
        }
        if let Some(via_lemma) = via_lemma {
            out.push_str(&via_lemma);
            out.push(' ');
        }
    }
    out
}

/// Irregular and past-tense forms that Snowball Dutch does not bring to the same stem as the
/// dictionary form, limited to words a hospice volunteer is likely to search for.
/// Format: (lemma, "form form form").
const LEMMAS: &[(&str, &str)] = &[
    ("overlijden", "overleed overleden overlijdt overlijdend"),
    (
        "sterven",
        "stierf stierven gestorven sterft stervend stervende",
    ),
    ("vallen", "viel vielen gevallen valt"),
    ("bellen", "belde belden gebeld belt"),
    ("gaan", "ging gingen gegaan gaat ga"),
    ("komen", "kwam kwamen gekomen komt kom"),
    ("zijn", "is was waren geweest ben bent"),
    ("hebben", "heb hebt heeft had hadden gehad"),
    ("doen", "deed deden gedaan doet doe"),
    ("zien", "zag zagen gezien ziet zie"),
    ("geven", "gaf gaven gegeven geeft geef"),
    ("nemen", "nam namen genomen neemt neem"),
    ("liggen", "lag lagen gelegen ligt lig"),
    ("zitten", "zat zaten gezeten zit"),
    ("staan", "stond stonden gestaan staat sta"),
    ("brengen", "bracht brachten gebracht brengt breng"),
    ("denken", "dacht dachten gedacht denkt denk"),
    ("zeggen", "zei zeiden gezegd zegt zeg"),
    ("eten", "at aten gegeten eet"),
    ("drinken", "dronk dronken gedronken drinkt drink"),
    ("slapen", "sliep sliepen geslapen slaapt slaap"),
    ("helpen", "hielp hielpen geholpen helpt help"),
    ("zoeken", "zocht zochten gezocht zoekt zoek"),
    ("vinden", "vond vonden gevonden vindt vind"),
    ("weten", "wist wisten geweten weet"),
    ("kunnen", "kon konden gekund kan kunt"),
    ("moeten", "moest moesten gemoeten moet"),
    ("mogen", "mocht mochten gemogen mag"),
    ("willen", "wilde wilden wou gewild wil wilt"),
    ("blijven", "bleef bleven gebleven blijft blijf"),
    ("schrijven", "schreef schreven geschreven schrijft schrijf"),
    ("lopen", "liep liepen gelopen loopt loop"),
    ("roepen", "riep riepen geroepen roept roep"),
    ("houden", "hield hielden gehouden houdt houd"),
    ("halen", "haalde haalden gehaald haalt haal"),
    ("wassen", "waste wasten gewassen wast"),
    ("verzorgen", "verzorgde verzorgden verzorgd verzorgt"),
    ("melden", "meldde meldden gemeld meldt meld"),
    (
        "waarschuwen",
        "waarschuwde waarschuwden gewaarschuwd waarschuwt",
    ),
    ("ademen", "ademde ademden geademd ademt"),
    ("bidden", "bad baden gebeden bidt"),
    ("verliezen", "verloor verloren verliest"),
    ("branden", "brandde brandden gebrand brandt"),
    ("breken", "brak braken gebroken breekt"),
    ("spreken", "sprak spraken gesproken spreekt"),
    ("vragen", "vroeg vroegen gevraagd vraagt"),
    ("begrijpen", "begreep begrepen begrijpt"),
    ("afscheid", "afscheiden"),
    ("kind", "kinderen kinderden"),
    ("ei", "eieren"),
    ("stad", "steden"),
    ("schip", "schepen"),
    ("lid", "leden"),
    ("dood", "doden dode overledene overledenen"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_and_case() {
        assert_eq!(fold("Ideeën"), "ideeen");
        assert_eq!(fold("Coördinator"), "coordinator");
        assert_eq!(fold("HYGIËNE"), "hygiene");
        assert_eq!(fold("nacht"), "nacht");
    }

    #[test]
    fn splits_words() {
        let found: Vec<_> = words("Niet-reanimeren: auto's, 112!")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(found, ["Niet", "reanimeren", "auto", "s", "112"]);
    }

    #[test]
    fn dutch_inflections_meet() {
        let key = |w: &str| {
            let folded = fold(w).into_owned();
            let (own, lemma) = match_keys(&folded);
            lemma.unwrap_or(own)
        };
        assert_eq!(stem("nachtdiensten"), stem("nachtdienst"));
        assert_eq!(key("overleden"), stem("overlijden"));
        assert_eq!(key("overleed"), stem("overlijden"));
        assert_eq!(key("gestorven"), stem("sterven"));
        assert_eq!(key("gevallen"), stem("vallen"));
        assert_eq!(key("kinderen"), stem("kind"));
    }

    #[test]
    fn index_terms_carry_folded_words_and_keys() {
        assert_eq!(
            index_terms("Nachtdiensten, overleden"),
            "nachtdiensten nachtdienst overleden overled overlijd "
        );
    }
}
