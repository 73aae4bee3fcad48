//! The content pipeline: from a folder on disk (or the files bundled in the app) to checked
//! sections with diagnostics. `kompas check`, `kompas import`, `kompas-server publish`,
//! the app's bundled handbook and the benchmarks all go through [`check_files`], so
//! "publish validates exactly like `kompas check`" holds by construction.
//!
//! - [`folder`] reads the markdown files of a folder with a size cap per file.
//! - [`check_folder`] reads and checks; [`check_files`] checks files already in memory.
//!
//! This crate does file IO and reads the clock; the checking itself is pure
//! (`kompas_core::check_bundle`). It knows nothing of SQLite, HTTP or the UI.

pub mod folder;

use std::path::Path;

use chrono::NaiveDate;
use kompas_core::checklist::is_checklist_file;
use kompas_core::{check_bundle, CheckedBundle, Diagnostic, SourceFile};

pub use folder::MAX_FILE_BYTES;

/// Today in the local time zone: review dates are days in the hospice's own calendar, so a
/// section due "today" is due from local midnight, wherever the command runs.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// When review dates are checked: against `today` (warnings for sections past or near
/// their review date), or not at all (the app's own bundle at start-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDates {
    CheckAgainst(NaiveDate),
    Skip,
}

impl ReviewDates {
    /// Against today's local date.
    pub fn today() -> ReviewDates {
        ReviewDates::CheckAgainst(today())
    }

    fn date(self) -> Option<NaiveDate> {
        match self {
            ReviewDates::CheckAgainst(date) => Some(date),
            ReviewDates::Skip => None,
        }
    }
}

/// Checks files already in memory, together with the problems met while reading them;
/// the diagnostics come out in one order (file, line, errors first).
pub fn check_files(
    files: Vec<SourceFile>,
    read_problems: Vec<Diagnostic>,
    review: ReviewDates,
) -> CheckedBundle {
    let mut bundle = check_bundle(files, review.date());
    bundle.diagnostics.extend(read_problems);
    bundle
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, b.severity).cmp(&(&b.path, b.line, a.severity)));
    bundle
}

/// The folder of checklists beside a handbook folder (`content/handbook` →
/// `content/checklists`), and the other way round.
pub const CHECKLISTS_FOLDER: &str = "checklists";
pub const HANDBOOK_FOLDER: &str = "handbook";

/// Reads the folder `dir` and checks what it holds. A folder that cannot be opened is one
/// error diagnostic, never a panic.
///
/// A content folder holds `handbook/` and `checklists/`, and either may be given alone:
/// a handbook folder brings the checklists folder beside it (so that `publish
/// content/handbook` publishes both), and a folder of only checklists brings the handbook
/// beside it (so that their links are checked). Files of the companion are named relative
/// to `dir` (`../checklists/begin.toml`).
pub fn check_folder(dir: &Path, review: ReviewDates) -> CheckedBundle {
    let (mut files, mut read_problems) = match folder::read(dir) {
        Ok(read) => read,
        Err(diagnostic) => {
            return CheckedBundle {
                diagnostics: vec![diagnostic],
                ..CheckedBundle::default()
            }
        }
    };
    let has_checklists = files.iter().any(|f| is_checklist_file(&f.path));
    let has_sections = files.iter().any(|f| !is_checklist_file(&f.path));
    let companion = match (has_sections, has_checklists) {
        (true, false) => Some(CHECKLISTS_FOLDER),
        (false, true) => Some(HANDBOOK_FOLDER),
        _ => None,
    };
    if let Some(name) = companion {
        let beside = dir.join("..").join(name);
        if beside.is_dir() && !same_folder(&beside, dir) {
            if let Ok((more, problems)) = folder::read(&beside) {
                let prefix = format!("../{name}/");
                files.extend(more.into_iter().map(|mut f| {
                    f.path.insert_str(0, &prefix);
                    f
                }));
                read_problems.extend(problems.into_iter().map(|mut d| {
                    d.path.insert_str(0, &prefix);
                    d
                }));
            }
        }
    }
    check_files(files, read_problems, review)
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write");
    }

    #[test]
    fn a_folder_is_read_and_checked_in_one_pass() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "vallen.md",
            "---\nid: vallen\ntitle: Als een gast valt\nreview_by: 2020-01-01\n---\nBlijf bij de gast. Zie [overlijden](id:overlijden).\n",
        );
        write(dir.path(), "notities.txt", "not a section");
        std::fs::write(dir.path().join("kapot.md"), [0xff, 0xfe, b'x']).expect("write");
        let bundle = check_folder(
            dir.path(),
            ReviewDates::CheckAgainst(NaiveDate::from_ymd_opt(2026, 12, 2).expect("date")),
        );
        let messages: Vec<String> = bundle.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(bundle.sections.len(), 1, "{messages:#?}");
        assert!(
            messages.iter().any(|m| m.contains("kapot.md")),
            "{messages:#?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("overlijden")),
            "the missing link target is reported: {messages:#?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("2020-01-01")),
            "the review date is checked: {messages:#?}"
        );
        let skipped = check_folder(dir.path(), ReviewDates::Skip);
        assert!(
            !skipped
                .diagnostics
                .iter()
                .any(|d| d.to_string().contains("2020-01-01")),
            "{:#?}",
            skipped.diagnostics
        );
    }

    #[test]
    fn handbook_and_checklists_come_together_from_either_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        let handbook = root.path().join(HANDBOOK_FOLDER);
        let checklists = root.path().join(CHECKLISTS_FOLDER);
        std::fs::create_dir_all(&handbook).expect("mkdir");
        std::fs::create_dir_all(&checklists).expect("mkdir");
        write(&handbook, "bij-brand.md", "# Bij brand\n\nBel 112.\n");
        write(
            &checklists,
            "nacht.toml",
            "id = \"nacht\"\nversion = 1\nkind = \"routine\"\ntitle = \"Nachtronde\"\n\
             [[step]]\ntext = \"Loop langs.\"\nsection = \"id:bij-brand\"\n\
             [[step]]\ntext = \"Kijk.\"\nsection = \"id:bestaat-niet\"\n",
        );
        for (dir, path) in [
            (root.path().to_path_buf(), "checklists/nacht.toml"),
            (handbook.clone(), "../checklists/nacht.toml"),
            (checklists.clone(), "nacht.toml"),
        ] {
            let bundle = check_folder(&dir, ReviewDates::Skip);
            let messages: Vec<String> = bundle.diagnostics.iter().map(|d| d.to_string()).collect();
            assert_eq!(bundle.sections.len(), 1, "{dir:?}: {messages:#?}");
            assert_eq!(messages.len(), 1, "{dir:?}: {messages:#?}");
            assert!(
                messages[0].starts_with(&format!(
                    "{path}:10: error: the link to section `bestaat-niet`"
                )),
                "{dir:?}: {messages:#?}"
            );
        }
        write(
            &checklists,
            "nacht.toml",
            "id = \"nacht\"\nversion = 1\nkind = \"routine\"\ntitle = \"Nachtronde\"\n[[step]]\ntext = \"Kijk.\"\n",
        );
        let bundle = check_folder(&handbook, ReviewDates::Skip);
        assert!(!bundle.has_errors(), "{:#?}", bundle.diagnostics);
        assert_eq!(bundle.checklists.len(), 1);
    }

    #[test]
    fn an_unreadable_folder_is_one_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().expect("temp dir");
        let bundle = check_folder(&dir.path().join("bestaat-niet"), ReviewDates::Skip);
        assert!(bundle.sections.is_empty());
        assert_eq!(bundle.diagnostics.len(), 1, "{:?}", bundle.diagnostics);
        assert!(bundle.has_errors());
        assert!(bundle.diagnostics[0].to_string().contains("Check the path"));
    }

    #[test]
    fn read_problems_are_reported_even_when_nothing_could_be_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = vec![b'a'; (MAX_FILE_BYTES + 1) as usize];
        std::fs::write(dir.path().join("groot.md"), big).expect("write");
        let bundle = check_folder(dir.path(), ReviewDates::Skip);
        let messages: Vec<String> = bundle.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("groot.md") && m.contains("1 MB")),
            "{messages:#?}"
        );
        assert!(bundle.has_errors());
    }
}
