//! Dutch word formation that stemming does not undo, as candidates for the vocabulary to
//! confirm: the word a diminutive is made from (`brandje` → `brand`), the verb inside a
//! participle of a particle verb (`flauwgevallen` → `flauwvallen`, `vallen`), and the
//! infinitives a verb stem at the head of a compound may have (`slik` in `slikproblemen`
//! → `slikken`), the present-tense forms of an infinitive (`reageren` → `reageert`). None of
//! these is a word by itself: [`crate::search::Query`] keeps only
//! what the handbook's [`crate::vocabulary::Vocabulary`] has, or uses them as match keys,
//! where a key no word has matches nothing.

use crate::text::{ge_participle, weak_infinitives};

/// Diminutive endings, plural first, longest first: `-etje` after a short vowel and a
/// doubled consonant (`balletje`), `-pje` after `m` (`boompje`), `-tje` after a vowel or
/// `l`, `n`, `r`, `w` (`stoeltje`), `-je` elsewhere (`brandje`).
const DIMINUTIVE_ENDINGS: &[&str] = &["etjes", "pjes", "tjes", "jes", "etje", "pje", "tje", "je"];

/// The words a diminutive may be made from, most likely first; `folded` need not be one.
/// Candidates have three letters or more; the caller checks which are words.
pub fn diminutive_bases(folded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for ending in DIMINUTIVE_ENDINGS {
        let Some(base) = folded.strip_suffix(ending) else {
            continue;
        };
        if base.chars().count() < 3 {
            continue;
        }
        out.push(base.to_owned());
        // `balletje` → `ball` → `bal`: the consonant was doubled for the ending.
        let mut chars = base.chars().rev();
        if let (Some(last), Some(before)) = (chars.next(), chars.next()) {
            if last == before && !"aeiou".contains(last) {
                out.push(base[..base.len() - last.len_utf8()].to_owned());
            }
        }
        // `raampje`, `kaartje`: the ending `-pje`/`-tje` may also be `-je` after `p`/`t`,
        // which the next, shorter ending tries.
    }
    out.dedup();
    out
}

/// For a participle of a particle verb, whatever the particle (`flauwgevallen`,
/// `doorgezakt`, `opengezet`): pairs of the verb with its particle and the verb alone
/// (`flauwvallen`, `vallen`). In running text a particle verb is often split (`zakt door
/// de benen`, `zet het raam open`), so the verb alone is what a text has.
pub fn particle_verbs(folded: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (at, _) in folded.match_indices("ge") {
        // A particle of two letters or more before `ge`, and a verb after it.
        if at < 2 || !folded.is_char_boundary(at) {
            continue;
        }
        let (particle, participle) = folded.split_at(at);
        for verb in ge_participle(participle) {
            if verb.chars().count() >= 4 {
                out.push((format!("{particle}{verb}"), verb));
            }
        }
    }
    out.dedup();
    out
}

/// The infinitives a compound's first part may be the stem of (`slik` → `slikken`, `slaap`
/// → `slapen`, `leef` → `leven`): Dutch makes compounds from a verb's stem.
pub fn stem_infinitives(head: &str) -> Vec<String> {
    let mut out = weak_infinitives(head);
    // A long vowel written twice before the last consonant is written once before `-en`.
    let chars: Vec<char> = head.chars().collect();
    if let [.., a, b, last] = chars[..] {
        if a == b && "aeou".contains(a) && !"aeiou".contains(last) {
            let single: String = chars[..chars.len() - 2].iter().collect();
            for infinitive in weak_infinitives(&format!("{single}{last}")) {
                if !out.contains(&infinitive) {
                    out.push(infinitive);
                }
            }
        }
    }
    out
}

/// The present-tense forms of the verb an infinitive may be (`reageren` → `reageer`,
/// `reageert`; `zakken` → `zak`, `zakt`; `leven` → `leef`, `leeft`): a handbook says what
/// someone does (`reageert niet`, `zakt door`), a volunteer types the verb. A vowel that is
/// long in the infinitive's open syllable is written twice in the closed one, which the
/// spelling alone cannot tell from a short unstressed `e` (`ademen` → `adem`), so both are
/// given.
pub fn present_forms(folded: &str) -> Vec<String> {
    let Some(stem) = folded.strip_suffix("en").filter(|s| s.chars().count() >= 2) else {
        return Vec::new();
    };
    let mut chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    // `zakk` → `zak`; `lev` → `lef`, `reiz` → `reis`.
    if n >= 2 && chars[n - 1] == chars[n - 2] && !"aeiou".contains(chars[n - 1]) {
        chars.pop();
    }
    if let Some(last) = chars.last_mut() {
        *last = match *last {
            'v' => 'f',
            'z' => 's',
            other => other,
        };
    }
    let mut bases: Vec<String> = vec![chars.iter().collect()];
    let n = chars.len();
    if n >= 2 {
        let (vowel, last) = (chars[n - 2], chars[n - 1]);
        let single = n < 3 || !"aeiou".contains(chars[n - 3]);
        if "aeou".contains(vowel) && !"aeiou".contains(last) && single {
            let mut long = chars.clone();
            long.insert(n - 2, vowel);
            bases.push(long.into_iter().collect());
        }
    }
    let mut out: Vec<String> = Vec::new();
    for base in bases {
        if base.chars().count() < 3 {
            continue;
        }
        if !base.ends_with('t') {
            out.push(format!("{base}t"));
        }
        out.push(base);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diminutives_give_their_base() {
        assert!(diminutive_bases("brandje").contains(&"brand".to_owned()));
        assert!(diminutive_bases("stoeltjes").contains(&"stoel".to_owned()));
        assert!(diminutive_bases("boompje").contains(&"boom".to_owned()));
        assert!(diminutive_bases("balletje").contains(&"bal".to_owned()));
        assert!(diminutive_bases("kaartje").contains(&"kaart".to_owned()));
        assert!(diminutive_bases("huisjes").contains(&"huis".to_owned()));
        assert!(diminutive_bases("brand").is_empty());
        // Too short a base is no candidate.
        assert!(diminutive_bases("mje").is_empty());
    }

    #[test]
    fn participles_of_particle_verbs_give_the_verb() {
        let verbs = particle_verbs("flauwgevallen");
        assert!(verbs.contains(&("flauwvallen".to_owned(), "vallen".to_owned())));
        let verbs = particle_verbs("doorgezakt");
        assert!(verbs.iter().any(|(_, verb)| verb == "zakken"));
        let verbs = particle_verbs("opengezet");
        assert!(verbs.iter().any(|(_, verb)| verb == "zetten"));
        // A word with `ge` but no participle after it.
        assert!(particle_verbs("morgen").is_empty());
        assert!(particle_verbs("gevallen").is_empty());
    }

    #[test]
    fn infinitives_give_their_present_forms() {
        assert!(present_forms("reageren").contains(&"reageert".to_owned()));
        assert!(present_forms("zakken").contains(&"zakt".to_owned()));
        assert!(present_forms("ademen").contains(&"ademt".to_owned()));
        assert!(present_forms("lopen").contains(&"loopt".to_owned()));
        assert!(present_forms("leven").contains(&"leeft".to_owned()));
        assert!(present_forms("reizen").contains(&"reist".to_owned()));
        assert!(present_forms("zitten").contains(&"zit".to_owned()));
        assert!(!present_forms("zitten").contains(&"zitt".to_owned()));
        assert!(present_forms("brand").is_empty());
    }

    proptest::proptest! {
        /// Whatever a volunteer types, in any script, the rules give candidates and never
        /// cut a character in two (the search calls them on every word typed).
        #[test]
        fn any_word_gives_whole_candidates(word in "\\PC{0,24}", tail in "(je|tje|ge|en|ed|s|ing)?") {
            let folded = crate::text::fold(&format!("{word}{tail}")).into_owned();
            for candidate in diminutive_bases(&folded)
                .into_iter()
                .chain(present_forms(&folded))
                .chain(stem_infinitives(&folded))
                .chain(particle_verbs(&folded).into_iter().flat_map(|(a, b)| [a, b]))
            {
                proptest::prop_assert!(!candidate.is_empty());
            }
            let _ = crate::synonyms::handbook_words_for(&folded);
        }
    }

    #[test]
    fn compound_heads_may_be_verb_stems() {
        assert!(stem_infinitives("slik").contains(&"slikken".to_owned()));
        assert!(stem_infinitives("slaap").contains(&"slapen".to_owned()));
        assert!(stem_infinitives("leef").contains(&"leven".to_owned()));
        assert!(stem_infinitives("was").contains(&"wassen".to_owned()));
    }
}
