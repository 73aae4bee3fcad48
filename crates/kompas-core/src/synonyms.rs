//! English words a volunteer who does not read Dutch well may type, with the Dutch words of
//! the handbook they mean. A query word found here also matches those Dutch words (and
//! their inflections), so at least the critical protocols are found in English.

/// (English word forms, Dutch words). The English forms are folded.
const ENGLISH_TO_DUTCH: &[(&str, &str)] = &[
    ("fall falls fell fallen falling", "vallen val gevallen"),
    ("fire fires burning smoke", "brand rook"),
    (
        "death dead die died dies dying deceased",
        "overlijden overleden sterven dood",
    ),
    ("handover handoff", "overdracht"),
    ("night nights", "nacht nachtdienst"),
    ("shift shifts", "dienst"),
    ("pain pains hurt hurts painful", "pijn"),
    ("nurse nurses", "verpleegkundige"),
    ("call phone", "bellen"),
    ("power outage blackout electricity", "stroomuitval stroom"),
    ("aggression aggressive violence violent threat", "agressie"),
    ("missing lost wander wandering", "vermist"),
    (
        "unwell collapse collapsed emergency resuscitation cpr",
        "onwel spoed reanimatie",
    ),
    ("breathless breathing breath", "benauwdheid ademhaling"),
    ("hygiene", "hygiene"),
    ("hands", "handen"),
    ("wash washing", "wassen"),
    ("infection infections", "infectie"),
    ("lift lifting", "tillen"),
    ("mouth", "mond mondzorg"),
    ("food eating eat", "eten"),
    ("drink drinking", "drinken"),
    ("dementia", "dementie"),
    ("child children kids", "kinderen"),
    ("family relatives", "familie naasten"),
    ("grief mourning", "rouw"),
    ("guest guests patient patients", "gast"),
    ("volunteer volunteers", "vrijwilliger"),
    ("restless restlessness agitation", "onrust"),
    ("interpreter language", "tolk taal"),
    ("religion culture", "religie cultuur"),
    ("visitor visitors", "bezoek"),
];

/// The Dutch words an English (folded) word stands for, if it is one we know.
pub fn dutch_for_english(folded: &str) -> Option<&'static str> {
    ENGLISH_TO_DUTCH
        .iter()
        .find(|(english, _)| english.split_whitespace().any(|form| form == folded))
        .map(|(_, dutch)| *dutch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_find_dutch_ones() {
        assert_eq!(dutch_for_english("fire"), Some("brand rook"));
        assert_eq!(
            dutch_for_english("died"),
            Some("overlijden overleden sterven dood")
        );
        assert_eq!(dutch_for_english("brand"), None);
    }
}
