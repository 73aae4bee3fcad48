//! The bundled handbook, read as the app and the benches read it. The generated
//! 5,000-section handbook is made by `crates/kompas-store/benches/search.rs` itself
//! (`generate`, compiled in by `main.rs` with its `QUERIES`), so both benches search the
//! same sections whatever the recipe becomes.

use std::path::Path;

use kompas_content::{check_folder, ReviewDates};
use kompas_core::Section;

/// The bundled handbook (`content/handbook`), checked as the app and the benches check it.
pub fn bundled(content: &Path) -> Vec<Section> {
    let bundle = check_folder(content, ReviewDates::Skip);
    assert!(
        !bundle.has_errors(),
        "the bundled content folder: {:?}",
        bundle.diagnostics
    );
    bundle.sections
}
