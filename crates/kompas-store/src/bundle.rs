//! Seeding the store from the content bundled in the app, so it works with no network.

use kompas_content::{check_files, ReviewDates};
use kompas_core::fingerprint::fields_digest;
use kompas_core::SourceFile;

use crate::{Store, StoreError};

const BUNDLE_HASH_KEY: &str = "bundle_hash";

/// What seeding did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The store already holds this bundle.
    Unchanged,
    /// The bundle was (re)imported: first start, or an app update with new content.
    Imported(crate::ImportReport),
}

impl Store {
    /// Imports the bundled content when the store does not hold this exact bundle yet.
    /// Cheap when nothing changed: one hash over the files and one row read.
    pub fn seed_from_bundle(&mut self, files: Vec<SourceFile>) -> Result<SeedOutcome, StoreError> {
        let hash = bundle_hash(&files);
        if self.meta(BUNDLE_HASH_KEY)?.as_deref() == Some(hash.as_str()) {
            return Ok(SeedOutcome::Unchanged);
        }
        // Once a server provides the handbook and the checklists, a newer app's bundled
        // copy must not replace them (or remove what the server added).
        let pull = self.sync_record()?.pull;
        if pull.cursor.is_some() && pull.checklist_cursor.is_some() {
            return Ok(SeedOutcome::Unchanged);
        }
        let bundle = check_files(files, Vec::new(), ReviewDates::Skip);
        if bundle.has_errors() {
            let problems: Vec<String> = bundle.errors().map(|d| d.to_string()).collect();
            return Err(StoreError::Bundle(problems.join("; ")));
        }
        self.import_bundled_checklists(&bundle.checklists)?;
        if pull.cursor.is_some() {
            return Ok(SeedOutcome::Unchanged);
        }
        let report = self.import_sections(&bundle.sections)?;
        self.set_meta(BUNDLE_HASH_KEY, &hash)?;
        Ok(SeedOutcome::Imported(report))
    }
}

fn bundle_hash(files: &[SourceFile]) -> String {
    let mut sorted: Vec<&SourceFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    fields_digest(
        sorted
            .into_iter()
            .flat_map(|file| [file.path.as_bytes(), file.bytes.as_slice()]),
    )
}
