//! Words a volunteer may type that the handbook does not use, with the handbook's words
//! they mean: English words of a volunteer who does not read Dutch well, and everyday Dutch
//! for what the handbook names otherwise (`dokter` for `arts`). A query word found here
//! also matches those words (and their inflections), so at least the critical protocols
//! are found in English, and a colloquial word is no dead end.

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

/// (everyday Dutch word forms, the handbook's words). Only words that stemming, the lemma
/// table and compounds cannot join: a synonym, not an inflection. Folded.
const EVERYDAY_TO_HANDBOOK: &[(&str, &str)] = &[
    ("dokter dokters", "arts huisarts"),
    ("zuster zusters verpleging", "verpleegkundige"),
    ("bewoner bewoners client clienten", "gast"),
    (
        "familielid familieleden mantelzorger mantelzorgers",
        "naasten familie",
    ),
    ("doodgaan doodgegaan sterfgeval", "overlijden sterven"),
    ("pillen medicatie", "medicijnen"),
    ("douchen", "wassen"),
    ("wc", "toilet"),
    ("ehbo noodgeval", "spoed onwel"),
    ("begrafenis crematie", "uitvaart"),
];

/// The handbook's words an English or everyday Dutch (folded) word stands for, if it is
/// one we know.
pub fn handbook_words_for(folded: &str) -> Option<&'static str> {
    ENGLISH_TO_DUTCH
        .iter()
        .chain(EVERYDAY_TO_HANDBOOK)
        .find(|(typed, _)| typed.split_whitespace().any(|form| form == folded))
        .map(|(_, handbook)| *handbook)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_find_dutch_ones() {
        assert_eq!(handbook_words_for("fire"), Some("brand rook"));
        assert_eq!(
            handbook_words_for("died"),
            Some("overlijden overleden sterven dood")
        );
        assert_eq!(handbook_words_for("brand"), None);
        assert_eq!(handbook_words_for("dokter"), Some("arts huisarts"));
    }
}
