//! Validation of a content folder. Every problem names the file, the line where we know it,
//! and what to do about it; nothing here panics on any input.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::NaiveDate;
use kompas_markdown::placeholder::placeholders;
use kompas_markdown::{internal_links, LinkKind};

use kompas_proto::checklist::ChecklistDefinition;

use crate::checklist::{check_checklists, is_checklist_file, SectionIds};
use crate::section::Section;

use self::file::{parse_file, FileLines};

/// One file of a content folder, as read from disk or from the app bundle.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the content folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The 1-based line of a byte offset (clamped to the text).
pub(crate) fn line_of_byte(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(f, "{}:{line}: {severity}: {}", self.path, self.message),
            None => write!(f, "{}: {severity}: {}", self.path, self.message),
        }
    }
}

/// The sections of a content folder and everything wrong with it.
#[derive(Debug, Default)]
pub struct CheckedBundle {
    /// Sections that parsed, in handbook order. May be incomplete when there are errors.
    pub sections: Vec<Section>,
    /// Checklists and self-evaluations without errors, in file order.
    pub checklists: Vec<ChecklistDefinition>,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedBundle {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// Parses and validates every markdown file (a section) and TOML file (a checklist) of a
/// content folder. `today` enables the check for review dates that have passed; the core
/// has no clock of its own.
pub fn check_bundle(files: Vec<SourceFile>, today: Option<NaiveDate>) -> CheckedBundle {
    let mut bundle = CheckedBundle::default();
    let (mut checklists, mut markdown): (Vec<SourceFile>, Vec<SourceFile>) = files
        .into_iter()
        .filter(|f| f.path.to_ascii_lowercase().ends_with(".md") || is_checklist_file(&f.path))
        .partition(|f| is_checklist_file(&f.path));
    markdown.sort_by(|a, b| a.path.cmp(&b.path));
    checklists.sort_by(|a, b| a.path.cmp(&b.path));

    if markdown.is_empty() && checklists.is_empty() {
        bundle.diagnostics.push(Diagnostic::error(
            ".",
            None,
            "no markdown (.md) files found. Point to the folder that holds the handbook's .md files.",
        ));
        return bundle;
    }

    // Where things are in each file, to report later checks with a line.
    let mut lines: HashMap<String, FileLines> = HashMap::new();
    for file in markdown {
        if let Some((section, file_lines)) = parse_file(&file, &mut bundle.diagnostics) {
            lines.insert(section.source_path.clone(), file_lines);
            bundle.sections.push(section);
        }
    }

    assign_category_ranks(&mut bundle.sections);
    check_duplicate_ids(&bundle.sections, &lines, &mut bundle.diagnostics);
    check_links(&bundle.sections, &lines, &mut bundle.diagnostics);
    check_placeholders(&bundle.sections, &lines, &mut bundle.diagnostics);
    if let Some(today) = today {
        check_review_dates(&bundle.sections, today, &lines, &mut bundle.diagnostics);
    }

    let ids: std::collections::HashSet<&str> =
        bundle.sections.iter().map(|s| s.id.as_str()).collect();
    let known = if bundle.sections.is_empty() {
        SectionIds::Unknown
    } else {
        SectionIds::Known(&ids)
    };
    let definitions = check_checklists(&checklists, known, &mut bundle.diagnostics);
    drop(ids);
    bundle.checklists = definitions;

    bundle.sections.sort_by(|a, b| {
        (a.category_rank, a.order, &a.title).cmp(&(b.category_rank, b.order, &b.title))
    });
    bundle
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, b.severity).cmp(&(&b.path, b.line, a.severity)));
    bundle
}

/// Categories appear in the order of their first file (folders are numbered `01-…`).
fn assign_category_ranks(sections: &mut [Section]) {
    let mut ranks: HashMap<String, u32> = HashMap::new();
    for section in sections.iter_mut() {
        let next = ranks.len() as u32;
        section.category_rank = *ranks.entry(section.category.clone()).or_insert(next);
    }
}

/// Two sections with one id are a real error: links, search and sync could not tell them
/// apart, and which one a device keeps would be chance.
fn check_duplicate_ids(
    sections: &[Section],
    lines: &HashMap<String, FileLines>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for section in sections {
        let Some(other) = first.insert(&section.id, &section.source_path) else {
            continue;
        };
        first.insert(&section.id, other);
        let id = &section.id;
        let diagnostic = match lines.get(&section.source_path).and_then(|l| l.id) {
            Some(line) => Diagnostic::error(
                &section.source_path,
                Some(line),
                format!(
                    "id `{id}` is also used by {other}. Every section needs its own id: change one of them."
                ),
            ),
            // Line 1: where the front matter with an `id:` of its own would go.
            None => Diagnostic::error(
                &section.source_path,
                Some(1),
                format!(
                    "the id `{id}`, made from this file's name, is also used by {other}. Every section needs \
                     its own id: rename one of the files, or start one with front matter `---`, `id: another-id`, `---`."
                ),
            ),
        };
        diagnostics.push(diagnostic);
    }
}

/// Links that lead nowhere are warnings: a handbook written elsewhere links to files that
/// were never part of it, and a dead link is no reason to keep a whole handbook away.
fn check_links(
    sections: &[Section],
    lines: &HashMap<String, FileLines>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let ids: std::collections::HashSet<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    let paths: HashMap<&str, &str> = sections
        .iter()
        .map(|s| (s.source_path.as_str(), s.id.as_str()))
        .collect();
    for section in sections {
        let first_line = lines.get(&section.source_path).map_or(1, |l| l.body);
        for link in internal_links(&section.body) {
            let line = first_line + section.body[..link.offset].matches('\n').count();
            let path = &section.source_path;
            match &link.kind {
                LinkKind::Section { id, .. } if !ids.contains(id.as_str()) => {
                    diagnostics.push(Diagnostic::warning(
                        path,
                        Some(line),
                        format!(
                            "the link to section `{id}` goes nowhere: no section has that id, so a volunteer \
                             who taps it finds nothing. Correct the id or add the section."
                        ),
                    ));
                }
                LinkKind::File { path: target, .. }
                    if resolve_relative(path, target)
                        .and_then(|p| paths.get(p.as_str()))
                        .is_none() =>
                {
                    diagnostics.push(Diagnostic::warning(
                        path,
                        Some(line),
                        format!(
                            "the link to file `{target}` goes nowhere: that file is not in this handbook, so a \
                             volunteer who taps it finds nothing. Correct the path, link by id (`id:section-id`), \
                             or add the file."
                        ),
                    ));
                }
                LinkKind::External(url) if link.is_image && !url.starts_with("https://") => {
                    diagnostics.push(Diagnostic::warning(
                        path,
                        Some(line),
                        format!(
                            "image `{}` will not be shown: images must be in the handbook folder or come from an https:// address.",
                            shorten(url)
                        ),
                    ));
                }
                LinkKind::External(url) if !link.is_image && !is_allowed_link_scheme(url) => {
                    diagnostics.push(Diagnostic::warning(
                        path,
                        Some(line),
                        format!(
                            "link `{}` will be removed: only https, http, mailto and tel links are allowed.",
                            shorten(url)
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
}

/// A placeholder no hospice can fill in (`{{hospice.telefon}}`) would show "nog niet
/// ingevuld" in every hospice forever: named with its line. A warning, not an error: a
/// handbook written for a site generator has `{{ site.title }}`, and that is no reason to
/// refuse the whole folder.
fn check_placeholders(
    sections: &[Section],
    lines: &HashMap<String, FileLines>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for section in sections {
        let first_line = lines.get(&section.source_path).map_or(1, |l| l.body);
        // A title's line is not kept; the file's first line leads to it.
        let in_title = placeholders(&section.title)
            .into_iter()
            .map(|used| (used.key, 1));
        let in_body = placeholders(&section.body).into_iter().map(|used| {
            let line = first_line + section.body[..used.range.start].matches('\n').count();
            (used.key, line)
        });
        for (key, line) in in_title.chain(in_body) {
            if crate::overlay::is_fact_key(key) {
                continue;
            }
            diagnostics.push(Diagnostic::warning(
                &section.source_path,
                Some(line),
                format!(
                    "`{{{{{key}}}}}` is not a hospice fact: no hospice can fill it in, so volunteers will read \
                     \"nog niet ingevuld\". Use one of {}, or write the text itself.",
                    crate::overlay::FACT_FIELDS
                        .iter()
                        .map(|field| format!("`{{{{{}}}}}`", field.key))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
}

fn is_allowed_link_scheme(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https:", "http:", "mailto:", "tel:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// Resolves `target` relative to the folder of `from` (both `/`-separated, inside the
/// content folder). `None` when it climbs out of the folder.
pub fn resolve_relative(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn check_review_dates(
    sections: &[Section],
    today: NaiveDate,
    lines: &HashMap<String, FileLines>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for section in sections {
        if let Some(review_by) = section.review_by {
            if review_by < today {
                diagnostics.push(Diagnostic::warning(
                    &section.source_path,
                    Some(lines.get(&section.source_path).map_or(2, |l| l.review_by)),
                    format!(
                        "the review date {review_by} has passed. Check that the text is still right and set a new `review_by`."
                    ),
                ));
            }
        }
    }
}

mod file;
#[cfg(test)]
mod tests;
