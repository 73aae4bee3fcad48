//! Reading a content folder from disk. Files too large to be a section are reported
//! without being read, so a stray 50 MB file cannot exhaust memory.

use std::path::Path;

use kompas_core::checklist::is_checklist_file;
use kompas_core::{Diagnostic, SourceFile};

/// The largest markdown file accepted as one section.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Deeper folders are not searched (and symlink loops end here).
const MAX_DEPTH: usize = 8;

/// The markdown files (sections) and TOML files (checklists) of a folder, recursively, and
/// problems met while reading it.
/// Hidden files and folders (`.git`) are skipped; other files are ignored.
pub fn read(dir: &Path) -> Result<(Vec<SourceFile>, Vec<Diagnostic>), Diagnostic> {
    let metadata = std::fs::metadata(dir).map_err(|e| {
        Diagnostic::error(
            dir.display().to_string(),
            None,
            format!("cannot open this folder: {e}. Check the path."),
        )
    })?;
    if !metadata.is_dir() {
        return Err(Diagnostic::error(
            dir.display().to_string(),
            None,
            "this is a file, not a folder. Give the folder that holds the handbook's .md files.",
        ));
    }
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    walk(dir, "", 0, &mut files, &mut diagnostics);
    Ok((files, diagnostics))
}

fn walk(
    dir: &Path,
    prefix: &str,
    depth: usize,
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let shown = if prefix.is_empty() { "." } else { prefix };
    if depth > MAX_DEPTH {
        diagnostics.push(Diagnostic::warning(
            shown,
            None,
            format!("folders deeper than {MAX_DEPTH} levels are skipped. Move these files up."),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                shown,
                None,
                format!("cannot read this folder: {e}. Check its permissions."),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let relative = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        let Ok(metadata) = std::fs::metadata(&path) else {
            diagnostics.push(Diagnostic::error(
                &relative,
                None,
                "cannot read this entry (a broken link?). Remove it or fix it.",
            ));
            continue;
        };
        if metadata.is_dir() {
            walk(&path, &relative, depth + 1, files, diagnostics);
            continue;
        }
        if !name.to_ascii_lowercase().ends_with(".md") && !is_checklist_file(&name) {
            continue;
        }
        if metadata.len() > MAX_FILE_BYTES {
            diagnostics.push(Diagnostic::error(
                &relative,
                None,
                format!(
                    "this file is {:.1} MB; a {} may be at most 1 MB. Split it into smaller parts, \
                     and put images next to it as separate files instead of inside the text.",
                    metadata.len() as f64 / (1024.0 * 1024.0),
                    if is_checklist_file(&name) { "checklist" } else { "section" }
                ),
            ));
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => files.push(SourceFile {
                path: relative,
                bytes,
            }),
            Err(e) => diagnostics.push(Diagnostic::error(
                &relative,
                None,
                format!("cannot read this file: {e}. Check its permissions."),
            )),
        }
    }
}
