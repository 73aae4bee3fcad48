//! Section fingerprints: one hash of everything that, when it changes, makes a new
//! revision. The device and the server both compute it, so it is part of the protocol
//! between them: they agree on what "changed" means, and a stored fingerprint from an
//! earlier version of the encoding is still understood.

use sha2::{Digest, Sha256};

use crate::Section;

/// The prefix of fingerprints in the current encoding (version 2). Version 1 fingerprints
/// are bare hex and are recognised by having no prefix.
const V2_PREFIX: &str = "v2:";

/// SHA-256 over the fields, each prefixed with its length so that field boundaries count
/// (`["ab", "c"]` and `["a", "bc"]` differ), as lowercase hex.
pub fn fields_digest<'a>(fields: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The fingerprint of a section in the current encoding: `v2:` and a SHA-256 over every
/// field, length-prefixed, with the list of tags as its count followed by each tag, so no
/// two different sections share an encoding (`["a,b"]` and `["a", "b"]` differ).
pub fn fingerprint(section: &Section) -> String {
    let rank = section.category_rank.to_string();
    let order = section.order.to_string();
    let tag_count = section.tags.len().to_string();
    let review_by = section
        .review_by
        .map(|date| date.to_string())
        .unwrap_or_default();
    let critical: &[u8] = if section.critical { b"1" } else { b"0" };
    let mut fields: Vec<&[u8]> = vec![
        b"section",
        section.title.as_bytes(),
        section.category.as_bytes(),
        rank.as_bytes(),
        order.as_bytes(),
        tag_count.as_bytes(),
    ];
    fields.extend(section.tags.iter().map(|tag| tag.as_bytes()));
    fields.extend([
        critical,
        review_by.as_bytes(),
        section.source_path.as_bytes(),
        section.body.as_bytes(),
    ]);
    // Added after version 2 was in use: written only when it is not the default, so every
    // section stored before keeps its fingerprint, and a section that gets `lokaal:` (or
    // loses it) is a change. The field count differs, so no encoding is shared.
    if !section.local_policy.is_default() {
        fields.extend([
            b"lokaal".as_slice(),
            section.local_policy.as_str().as_bytes(),
        ]);
    }
    format!("{V2_PREFIX}{}", fields_digest(fields))
}

/// The version 1 encoding, which joined the tags with `,` (ambiguous). Kept only to
/// recognise fingerprints stored before version 2 (see [`compare`]), and public so that
/// the storages' tests can write data as an older version left it.
pub fn fingerprint_v1(section: &Section) -> String {
    let fields = [
        section.title.clone(),
        section.category.clone(),
        section.category_rank.to_string(),
        section.order.to_string(),
        section.tags.join(","),
        if section.critical { "critical" } else { "" }.to_owned(),
        section.review_by.map(|d| d.to_string()).unwrap_or_default(),
    ];
    fields_digest(
        fields
            .iter()
            .map(|f| f.as_bytes())
            .chain([section.source_path.as_bytes(), section.body.as_bytes()]),
    )
}

/// How a stored fingerprint compares with a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The section is what was stored, in the current encoding.
    Same,
    /// The section is what was stored, but the stored fingerprint is in an older
    /// encoding: store the current one, without making a new revision.
    SameInOlderEncoding,
    /// The section changed.
    Changed,
}

/// Compares a stored fingerprint (of any version) with `section`. A version 1 fingerprint
/// that matches is [`Comparison::SameInOlderEncoding`]: a server or device that stored
/// fingerprints before version 2 does not report every section as changed.
pub fn compare(stored: &str, section: &Section) -> Comparison {
    if stored.starts_with(V2_PREFIX) {
        if stored == fingerprint(section) {
            Comparison::Same
        } else {
            Comparison::Changed
        }
    } else if stored == fingerprint_v1(section) {
        Comparison::SameInOlderEncoding
    } else {
        Comparison::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section() -> Section {
        Section {
            id: "als-een-gast-valt".into(),
            title: "Als een gast valt".into(),
            category: "Protocollen".into(),
            category_rank: 1,
            order: 20,
            tags: vec!["vallen".into(), "valincident".into()],
            critical: true,
            review_by: chrono::NaiveDate::from_ymd_opt(2027, 6, 1),
            local_policy: Default::default(),
            body: "Blijf bij de gast en bel de verpleegkundige.\n".into(),
            source_path: "protocollen/als-een-gast-valt.md".into(),
            change_note: String::new(),
            must_read: false,
        }
    }

    #[test]
    fn the_fingerprint_of_a_known_section_is_pinned() {
        // Device and server compare fingerprints as a protocol: this value may change
        // only together with a new version prefix and a way to read the old one.
        expect_test::expect!["v2:24aa9a48dcad8f63b1e78b44ae83acea6e2e07a19d60c5bfe39eae8bda28d377"]
            .assert_eq(&fingerprint(&section()));
    }

    #[test]
    fn tag_boundaries_count() {
        let mut joined = section();
        joined.tags = vec!["a,b".into()];
        let mut apart = section();
        apart.tags = vec!["a".into(), "b".into()];
        assert_ne!(fingerprint(&joined), fingerprint(&apart));
        let mut moved = section();
        moved.tags = vec!["a".into()];
        moved.critical = false;
        let mut other = section();
        other.tags = vec![];
        other.critical = false;
        assert_ne!(fingerprint(&moved), fingerprint(&other));
    }

    #[test]
    fn every_field_counts() {
        let base = fingerprint(&section());
        let changes: [fn(&mut Section); 11] = [
            |s| s.title.push('!'),
            |s| s.category.push('!'),
            |s| s.category_rank += 1,
            |s| s.order += 1,
            |s| s.tags.push("x".into()),
            |s| s.critical = !s.critical,
            |s| s.review_by = None,
            |s| s.body.push('!'),
            |s| s.source_path.push('!'),
            |s| s.local_policy = kompas_proto::overlay::LocalPolicy::Fixed,
            |s| s.local_policy = kompas_proto::overlay::LocalPolicy::AppendOnly,
        ];
        for change in changes {
            let mut changed = section();
            change(&mut changed);
            assert_ne!(fingerprint(&changed), base, "{changed:?}");
        }
        // The id is the key, not part of what changed.
        let mut renamed = section();
        renamed.id.push('x');
        assert_eq!(fingerprint(&renamed), base);
    }

    #[test]
    fn a_fingerprint_of_version_1_is_still_understood() {
        let section = section();
        assert_eq!(compare(&fingerprint(&section), &section), Comparison::Same);
        let old = fingerprint_v1(&section);
        assert!(!old.starts_with(V2_PREFIX));
        assert_eq!(compare(&old, &section), Comparison::SameInOlderEncoding);
        let mut changed = section.clone();
        changed.body.push_str("Meer tekst.\n");
        assert_eq!(compare(&old, &changed), Comparison::Changed);
        assert_eq!(
            compare(&fingerprint(&section), &changed),
            Comparison::Changed
        );
        assert_eq!(compare("", &section), Comparison::Changed);
    }
}
