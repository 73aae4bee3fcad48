//! One way to hash a sequence of fields, for change detection (section fingerprints, the
//! bundled-content hash).

use sha2::{Digest, Sha256};

/// SHA-256 over the fields, each prefixed with its length so that field boundaries count
/// (`["ab", "c"]` and `["a", "bc"]` differ), as lowercase hex.
pub(crate) fn fields_digest<'a>(fields: impl IntoIterator<Item = &'a [u8]>) -> String {
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
