//! Dutch words for the search index and for queries.
//!
//! Every word goes through the same steps on both sides: fold (lowercase, diacritics
//! removed: `ideeën` → `ideeen`), stem with Snowball Dutch (`nachtdiensten` → `nachtdienst`)
//! and write a doubled vowel once (`droog` and `droge` meet as `drog`): that is a word's
//! [`key`]. Irregular forms that stemming cannot join (`overleden` vs `overlijden`) also get
//! the key of their lemma, from a table; participles get the key of their infinitive, by
//! rule (`aangestoken` → `aansteken`, `opgebeld` → `opbellen`, `beperkt` → `beperken`; see
//! [`participle_infinitives`]).

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
    // Byte by byte, decoding a character only where one starts beyond ASCII: a search
    // reads thousands of words, and Dutch text is nearly all ASCII.
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            let (alphanumeric, len) = char_at(text, at)?;
            if alphanumeric {
                break at;
            }
            at += len;
        };
        while let Some((true, len)) = char_at(text, at) {
            at += len;
        }
        Some((start, &text[start..at]))
    })
}

/// Whether the character starting at byte `at` is a letter or digit, and its length in
/// bytes; `None` at the end. `at` is always at the start of a character.
#[inline]
fn char_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((byte.is_ascii_alphanumeric(), 1));
    }
    let ch = text[at..].chars().next()?;
    Some((ch.is_alphanumeric(), ch.len_utf8()))
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Dutch))
}

/// Snowball Dutch stem of an already folded word.
pub fn stem(folded: &str) -> String {
    stemmer().stem(folded).into_owned()
}

/// The match key of a folded word: its stem with a doubled vowel written once, because
/// Dutch spelling doubles a vowel in a closed syllable only (`droog`/`droge`,
/// `haal`/`halen`), and a final `v`/`z` as `f`/`s`; Snowball leaves both apart.
pub fn key(folded: &str) -> String {
    devoiced(single_vowels(&stemmer().stem(folded)))
}

/// A final `v` or `z` written `f` or `s`, as Dutch writes it at the end of a word
/// (`geloof`/`geloven`/`gelovig`, `huis`/`huizen`), which Snowball leaves apart.
fn devoiced(mut key: String) -> String {
    match key.pop() {
        Some('v') => key.push('f'),
        Some('z') => key.push('s'),
        Some(other) => key.push(other),
        None => {}
    }
    key
}

/// `aa`, `ee`, `oo` and `uu` written once.
fn single_vowels(stem: &str) -> String {
    let doubled = stem
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == w[1] && matches!(w[0], b'a' | b'e' | b'o' | b'u'));
    if !doubled {
        return stem.to_owned();
    }
    let mut out = String::with_capacity(stem.len());
    let mut previous = None;
    for ch in stem.chars() {
        if previous == Some(ch) && matches!(ch, 'a' | 'e' | 'o' | 'u') {
            continue;
        }
        out.push(ch);
        previous = Some(ch);
    }
    out
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

/// Every irregular form (from the lemma table) whose lemma's key satisfies `wanted`.
/// A query computes these once, so that matching text words needs no table lookup.
pub fn irregular_forms(wanted: impl Fn(&str) -> bool) -> Vec<&'static str> {
    static KEYS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        LEMMAS
            .iter()
            .flat_map(|(lemma, forms)| {
                let lemma_key = key(lemma);
                forms
                    .split_whitespace()
                    .map(move |form| (form, lemma_key.clone()))
            })
            .collect()
    });
    keys.iter()
        .filter(|(_, lemma_key)| wanted(lemma_key))
        .map(|(form, _)| *form)
        .collect()
}

/// Prefixes of separable verbs: their participle puts `ge` after them (`aan|ge|stoken`).
const SEPARABLE_PREFIXES: &[&str] = &[
    "aan", "achter", "af", "bij", "binnen", "buiten", "door", "in", "langs", "los", "mee", "na",
    "neer", "om", "onder", "op", "over", "rond", "samen", "tegen", "terug", "thuis", "toe", "uit",
    "vast", "voor", "weg",
];

/// Prefixes of verbs whose participle has no `ge` (`beperkt`, `verzorgd`, `ontdekt`).
pub(crate) const INSEPARABLE_PREFIXES: &[&str] = &["be", "ver", "ont", "her"];

/// The infinitives a participle (or a verb form ending in `-t`/`-d` with an inseparable
/// prefix) may belong to, by the rules of Dutch: prefix + `ge` + stem + `d`/`t` for weak
/// verbs (`opgebeld` → `opbellen`), `ge` + infinitive for strong verbs that keep their
/// vowel (`overgedragen` → `overdragen`), and the lemma table for those that change it
/// (`aangestoken` → `aan` + `steken`). Candidates need not be real words: only their keys
/// are used, and a key no word has matches nothing.
pub fn participle_infinitives(folded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for prefix in SEPARABLE_PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix) {
            if rest.starts_with("ge") {
                out.extend(
                    ge_participle(rest)
                        .into_iter()
                        .map(|infinitive| format!("{prefix}{infinitive}")),
                );
            }
        }
    }
    if folded.starts_with("ge") {
        out.extend(ge_participle(folded));
    }
    for prefix in INSEPARABLE_PREFIXES {
        if folded.starts_with(prefix) && folded.len() >= prefix.len() + 4 {
            if let Some(stem) = folded.strip_suffix(['t', 'd']) {
                out.extend(weak_infinitives(stem));
            }
        }
    }
    out.sort();
    out.dedup();
    out.retain(|infinitive| infinitive != folded);
    out
}

/// Infinitives of a participle that starts with `ge`.
pub(crate) fn ge_participle(word: &str) -> Vec<String> {
    if let Some(lemma) = lemma(word) {
        return vec![lemma.to_owned()];
    }
    let Some(rest) = word.strip_prefix("ge") else {
        return Vec::new();
    };
    if rest.chars().count() < 3 {
        return Vec::new();
    }
    if rest.ends_with("en") {
        return vec![rest.to_owned()];
    }
    match rest.strip_suffix(['t', 'd']) {
        // `gemeld`: the stem itself ends in `d`, so both are tried.
        Some(stem) => {
            let mut out = weak_infinitives(stem);
            out.extend(weak_infinitives(rest));
            out
        }
        None => Vec::new(),
    }
}

/// The infinitives a weak verb's stem may have: `bel` → `belen`, `bellen`; `leef` →
/// `leven`; `reis` → `reizen`.
pub(crate) fn weak_infinitives(stem: &str) -> Vec<String> {
    let mut out = vec![format!("{stem}en")];
    // After a short vowel the consonant doubles (`leg` → `leggen`), and Snowball undoubles
    // only `kk`, `dd` and `tt`.
    if let Some(last) = stem.chars().last().filter(|c| !"aeiouy".contains(*c)) {
        out.push(format!("{stem}{last}en"));
    }
    if let Some(base) = stem.strip_suffix('f') {
        out.push(format!("{base}ven"));
    }
    if let Some(base) = stem.strip_suffix('s') {
        out.push(format!("{base}zen"));
    }
    out
}

/// The keys under which a folded word is found: its own [`key`], then the key of its lemma
/// and of the infinitives it may be a participle of, when those differ. A query word
/// matches a text word when their keys meet.
pub fn match_keys(folded: &str) -> Vec<String> {
    let mut keys = vec![key(folded)];
    let mut add = |candidate: String| {
        if !keys.contains(&candidate) {
            keys.push(candidate);
        }
    };
    if let Some(lemma) = lemma(folded) {
        add(key(lemma));
    }
    for infinitive in participle_infinitives(folded) {
        add(key(&infinitive));
    }
    keys
}

/// Endings that make an adjective, a verb form or a noun from a word (`agressief` beside
/// `agressie`, `religieus` beside `religie`, `cultureel` (stem `culturel`) beside
/// `culturen`, `dementerend` beside `dementie`,
/// `kortademigheid` beside `kortademig`), longest first.
const DERIVATION_ENDINGS: &[&str] = &[
    "erend", "isch", "heid", "lijk", "ief", "eus", "end", "ing", "el", "ig", "er", "t", "d", "e",
];

/// The start that a derivation of a folded word shares with its relatives: its stem
/// without a derivational ending, when at least 5 letters are left (`beperkt` →
/// `beperk`, which starts `beperking`). Titles and tags are searched for it as a prefix;
/// the body is not, where a start this short would find too much.
pub fn derivation_start(folded: &str) -> Option<String> {
    let stem = stem(folded);
    for ending in DERIVATION_ENDINGS {
        if let Some(start) = stem.strip_suffix(ending) {
            if start.chars().count() >= 5 {
                return Some(start.to_owned());
            }
        }
    }
    // Snowball may have taken the ending off already (`kortademigheid` → `kortadem`).
    (stem.len() < folded.len() && stem.chars().count() >= 5).then_some(stem)
}

/// The text that goes into the full-text index for a field: for every word its folded form
/// (for prefix search) and its match keys, separated by spaces.
pub fn index_terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (_, word) in words(text) {
        let folded = fold(word);
        out.push_str(&folded);
        out.push(' ');
        for key in match_keys(&folded) {
            if key != *folded {
                out.push_str(&key);
                out.push(' ');
            }
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
    ("steken", "stak staken gestoken steekt"),
    ("bieden", "bood boden geboden biedt"),
    ("trekken", "trok trokken getrokken trekt"),
    ("sluiten", "sloot sloten gesloten sluit"),
    ("kijken", "keek keken gekeken kijkt"),
    ("rijden", "reed reden gereden rijdt"),
    ("snijden", "sneed sneden gesneden snijdt"),
    ("wijzen", "wees wezen gewezen wijst"),
    ("zwijgen", "zweeg zwegen gezwegen zwijgt"),
    ("schieten", "schoot schoten geschoten schiet"),
    ("binden", "bond bonden gebonden bindt"),
    ("kiezen", "koos kozen gekozen kiest"),
    ("dragen", "droeg droegen draagt"),
    ("laten", "liet lieten gelaten laat"),
    ("raden", "ried rieden geraden raadt"),
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
        let found: Vec<_> = words("’s Nachts: café—naïef ĳs²\u{a0}Ωmega, 日本 ok").collect();
        assert_eq!(
            found,
            [
                (3, "s"),
                (5, "Nachts"),
                (13, "café"),
                (21, "naïef"),
                (28, "ĳs²"),
                (35, "Ωmega"),
                (43, "日本"),
                (50, "ok")
            ]
        );
    }

    proptest::proptest! {
        /// The byte-wise splitter finds what a plain walk over the characters finds.
        #[test]
        fn words_are_the_runs_of_letters_and_digits(text in "\\PC{0,60}") {
            let mut expected = Vec::new();
            let mut start: Option<usize> = None;
            for (index, ch) in text.char_indices() {
                match (ch.is_alphanumeric(), start) {
                    (true, None) => start = Some(index),
                    (false, Some(from)) => {
                        expected.push((from, &text[from..index]));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(from) = start {
                expected.push((from, &text[from..]));
            }
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn dutch_inflections_meet() {
        // Whether two words, as typed, share a match key.
        let meet = |a: &str, b: &str| {
            let a = match_keys(&fold(a));
            match_keys(&fold(b)).iter().any(|k| a.contains(k))
        };
        let cases = [
            ("nachtdiensten", "nachtdienst"),
            ("overleden", "overlijden"),
            ("overleed", "overlijden"),
            ("gestorven", "sterven"),
            ("gevallen", "vallen"),
            ("kinderen", "kind"),
            // a doubled vowel
            ("droge", "droog"),
            ("halen", "haal"),
            // final devoicing
            ("gelovig", "geloof"),
            ("huizen", "huis"),
            // participles of separable verbs, weak and strong
            ("aangestoken", "aansteken"),
            ("opgebeld", "opbellen"),
            ("afgesproken", "afspreken"),
            ("overgedragen", "overdragen"),
            ("uitgelegd", "uitleggen"),
            ("aangeraakt", "aanraking"),
            ("doorgegeven", "doorgeven"),
            ("gemeld", "melden"),
            ("geleefd", "leven"),
            // an inseparable prefix: the participle beside the noun
            ("beperkt", "beperking"),
            ("verzorgd", "verzorgen"),
        ];
        let wrong: Vec<_> = cases.iter().filter(|(a, b)| !meet(a, b)).collect();
        assert!(wrong.is_empty(), "these do not meet: {wrong:?}");
        let apart = [("gast", "gas"), ("nacht", "macht"), ("geven", "even")];
        let joined: Vec<_> = apart.iter().filter(|(a, b)| meet(a, b)).collect();
        assert!(joined.is_empty(), "these should stay apart: {joined:?}");
    }

    #[test]
    fn derivations_share_a_start() {
        let starts: Vec<_> = [
            "beperkt",
            "agressief",
            "religieus",
            "dementerend",
            "kortademigheid",
            "onrustige",
            "psychisch",
            "gast",
        ]
        .iter()
        .map(|w| (*w, derivation_start(w)))
        .collect();
        expect_test::expect![[r#"
            [
                (
                    "beperkt",
                    Some(
                        "beperk",
                    ),
                ),
                (
                    "agressief",
                    Some(
                        "agress",
                    ),
                ),
                (
                    "religieus",
                    Some(
                        "religi",
                    ),
                ),
                (
                    "dementerend",
                    Some(
                        "dement",
                    ),
                ),
                (
                    "kortademigheid",
                    Some(
                        "kortadem",
                    ),
                ),
                (
                    "onrustige",
                    Some(
                        "onrus",
                    ),
                ),
                (
                    "psychisch",
                    Some(
                        "psych",
                    ),
                ),
                (
                    "gast",
                    None,
                ),
            ]
        "#]]
        .assert_debug_eq(&starts);
    }

    #[test]
    fn index_terms_carry_folded_words_and_keys() {
        expect_test::expect!["nachtdiensten nachtdienst overleden overled overlijd aangestoken angestok anstek droge drog "]
        .assert_eq(&index_terms("Nachtdiensten, overleden, aangestoken, droge"));
    }
}
