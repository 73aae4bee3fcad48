//! Function words that a query does not need to match: the Snowball Dutch stop list, plus
//! the English function words a volunteer who writes English may type. A query made only of
//! them still searches for them, and quoted words are always kept (see
//! [`crate::search::Query::parse`]).

/// The Snowball Dutch stop word list (snowballstem.org, `dutch/stop.txt`), folded.
const DUTCH: &[&str] = &[
    "aan", "al", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan", "dat", "de",
    "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge",
    "geen", "geweest", "haar", "had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe",
    "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me",
    "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets", "nog", "nu", "of",
    "om", "omdat", "onder", "ons", "ook", "op", "over", "reeds", "te", "tegen", "toch", "toen",
    "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "werd", "wezen",
    "wie", "wil", "worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder",
    "zou",
];

/// English function words (not Dutch words as well, or already in the Dutch list).
const ENGLISH: &[&str] = &[
    "a", "about", "after", "an", "and", "are", "at", "be", "can", "do", "does", "for", "from",
    "has", "have", "how", "i", "if", "it", "my", "of", "on", "or", "should", "someone", "the",
    "their", "there", "they", "this", "to", "what", "when", "where", "who", "with", "you",
];

/// Whether a folded word is a function word that a query need not match.
pub fn is_stop_word(folded: &str) -> bool {
    DUTCH.binary_search(&folded).is_ok() || ENGLISH.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [DUTCH, ENGLISH] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", list);
        }
    }

    #[test]
    fn function_words_and_content_words() {
        let stop: Vec<_> = ["de", "het", "een", "is", "uit", "bij", "wat", "the", "when"]
            .into_iter()
            .filter(|w| !is_stop_word(w))
            .collect();
        assert!(stop.is_empty(), "not stop words: {stop:?}");
        let content: Vec<_> = ["brand", "gast", "nacht", "valt", "fire", "pijn"]
            .into_iter()
            .filter(|w| is_stop_word(w))
            .collect();
        assert!(content.is_empty(), "stop words: {content:?}");
    }
}
