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
        "unwell collapse collapsed faint emergency resuscitation cpr",
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
    ("ehbo noodgeval flauwte", "spoed onwel"),
    ("begrafenis crematie", "uitvaart"),
    (
        "begrafenisondernemer begrafenisondernemers",
        "uitvaartondernemer",
    ),
    ("ingeslapen inslapen", "overlijden sterven"),
    ("zwijgplicht", "geheimhouding beroepsgeheim"),
    // Only in `in de war`: in Dutch the word means nothing else.
    ("war", "verward onrust"),
    ("aflossing aflosser", "volgende dienst"),
];

/// The handbook's words an English or everyday Dutch (folded) word stands for, if it is
/// one we know.
pub fn handbook_words_for(folded: &str) -> Option<&'static str> {
    let find = |table: &[(&'static str, &'static str)], word: &str| {
        table
            .iter()
            .find(|(typed, _)| typed.split_whitespace().any(|form| form == word))
            .map(|(_, handbook)| *handbook)
    };
    find(ENGLISH_TO_DUTCH, folded)
        .or_else(|| find(EVERYDAY_TO_HANDBOOK, folded))
        .or_else(|| {
            // An English inflection the table does not list (`wandered`, `bleeding`):
            // the form without its ending, when that one is listed.
            english_bases(folded).find_map(|base| find(ENGLISH_TO_DUTCH, &base))
        })
}

/// The forms an English word may be an inflection of: without `-ed`, `-d`, `-ing`, `-es`,
/// `-s`, with `-ies` as `-y`; and with a doubled last consonant once (`stopped`).
fn english_bases(folded: &str) -> impl Iterator<Item = String> + '_ {
    const ENDINGS: &[(&str, &str)] = &[
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
    ];
    ENDINGS.iter().flat_map(move |(ending, replacement)| {
        let base = folded
            .strip_suffix(ending)
            .filter(|base| base.len() >= 3)
            .map(|base| format!("{base}{replacement}"));
        // Compared by character: a query may be in any script.
        let undoubled = base.as_ref().and_then(|base| {
            let mut last = base.char_indices().rev();
            match (last.next(), last.next()) {
                (Some((at, a)), Some((_, b))) if replacement.is_empty() && a == b && at >= 3 => {
                    Some(base[..at].to_owned())
                }
                _ => None,
            }
        });
        base.into_iter().chain(undoubled)
    })
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
        // English inflections the table does not list.
        assert_eq!(handbook_words_for("wandered"), Some("vermist"));
        assert_eq!(
            handbook_words_for("fainted"),
            Some("onwel spoed reanimatie")
        );
        assert_eq!(handbook_words_for("bleeding"), None);
        assert_eq!(handbook_words_for("nursing"), Some("verpleegkundige"));
        assert_eq!(handbook_words_for("children"), Some("kinderen"));
        assert_eq!(handbook_words_for("stopped"), None);
        // A doubled letter of another script is no reason to cut a character in two.
        assert_eq!(handbook_words_for("x\u{1041}\u{1041}s"), None);
        assert_eq!(handbook_words_for("x\u{1041}\u{1041}ed"), None);
    }
}
