//! Validation of a content folder. Every problem names the file, the line where we know it,
//! and what to do about it; nothing here panics on any input.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::NaiveDate;
use kompas_markdown::{internal_links, LinkKind};

use crate::section::{
    category_from_folder, is_valid_id, leading_heading, slug_from, split_front_matter, FrontMatter,
    Section, KNOWN_KEYS,
};

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

/// Parses and validates every markdown file of a content folder. `today` enables the check
/// for review dates that have passed; the core has no clock of its own.
pub fn check_bundle(files: Vec<SourceFile>, today: Option<NaiveDate>) -> CheckedBundle {
    let mut bundle = CheckedBundle::default();
    let mut markdown: Vec<SourceFile> = files
        .into_iter()
        .filter(|f| f.path.to_ascii_lowercase().ends_with(".md"))
        .collect();
    markdown.sort_by(|a, b| a.path.cmp(&b.path));

    if markdown.is_empty() {
        bundle.diagnostics.push(Diagnostic::error(
            ".",
            None,
            "no markdown (.md) files found. Point to the folder that holds the handbook's .md files.",
        ));
        return bundle;
    }

    // Body line offsets, to turn link offsets into file line numbers.
    let mut body_lines: HashMap<String, usize> = HashMap::new();
    for file in markdown {
        if let Some((section, body_line)) = parse_file(&file, &mut bundle.diagnostics) {
            body_lines.insert(section.source_path.clone(), body_line);
            bundle.sections.push(section);
        }
    }

    assign_category_ranks(&mut bundle.sections);
    check_duplicate_ids(&bundle.sections, &mut bundle.diagnostics);
    check_links(&bundle.sections, &body_lines, &mut bundle.diagnostics);
    if let Some(today) = today {
        check_review_dates(&bundle.sections, today, &mut bundle.diagnostics);
    }

    bundle.sections.sort_by(|a, b| {
        (a.category_rank, a.order, &a.title).cmp(&(b.category_rank, b.order, &b.title))
    });
    bundle
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, b.severity).cmp(&(&b.path, b.line, a.severity)));
    bundle
}

fn parse_file(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<(Section, usize)> {
    let path = file.path.as_str();
    let text = match std::str::from_utf8(&file.bytes) {
        Ok(text) => text,
        Err(error) => {
            let line = file.bytes[..error.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            diagnostics.push(Diagnostic::error(
                path,
                Some(line),
                "this file is not UTF-8 text. Open it in a text editor and save it with the encoding UTF-8.",
            ));
            return None;
        }
    };
    if text.contains('\0') {
        diagnostics.push(Diagnostic::error(
            path,
            None,
            "this file contains binary data, not markdown text. Remove it from the handbook folder or replace it with the .md file.",
        ));
        return None;
    }

    let Ok(split) = split_front_matter(text) else {
        diagnostics.push(Diagnostic::error(
            path,
            Some(1),
            "the front matter opened with `---` on line 1 is never closed. Add a line with only `---` after the last key.",
        ));
        return None;
    };

    let front_matter = match split.front_matter {
        Some(yaml) if !yaml.trim().is_empty() => match serde_yaml_ng::from_str::<FrontMatter>(yaml)
        {
            Ok(front_matter) => front_matter,
            Err(error) => {
                let line = error.location().map(|l| l.line() + 1);
                let reason = error.to_string();
                let reason = reason.split(" at line ").next().unwrap_or(&reason);
                diagnostics.push(Diagnostic::error(
                    path,
                    line,
                    format!(
                        "the front matter is not valid: {reason}. Allowed keys: {KNOWN_KEYS}; \
                         for example `order: 10`, `critical: true`, `review_by: 2027-06-01`, \
                         `tags: [nacht, overdracht]`."
                    ),
                ));
                return None;
            }
        },
        _ => FrontMatter::default(),
    };

    for key in front_matter.unknown.keys() {
        diagnostics.push(Diagnostic::warning(
            path,
            Some(2),
            format!("unknown front matter key `{key}` is ignored. Allowed keys: {KNOWN_KEYS}."),
        ));
    }

    let file_stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md")
        .trim_end_matches(".MD");
    let folder = path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
    let folder_name = folder.rsplit('/').next().unwrap_or(folder);

    let id = match front_matter.id {
        Some(id) => {
            if !is_valid_id(&id) {
                diagnostics.push(Diagnostic::error(
                    path,
                    Some(2),
                    format!(
                        "id `{id}` is not usable: use lowercase letters, digits and single dashes, \
                         at most 80 characters (for example `{}`).",
                        slug_from(&id)
                    ),
                ));
                return None;
            }
            id
        }
        None => {
            let id = slug_from(file_stem);
            if id.is_empty() {
                diagnostics.push(Diagnostic::error(
                    path,
                    None,
                    "cannot make an id from this file name. Add `id: some-name` to the front matter or rename the file.",
                ));
                return None;
            }
            id
        }
    };

    let mut body = split.body;
    let mut body_line = split.body_line;
    let heading = leading_heading(body);
    let title = match (front_matter.title, heading) {
        (Some(title), Some((heading_title, rest))) if heading_title == title.trim() => {
            // The title is repeated as the first heading; the app shows it once.
            body_line += body[..body.len() - rest.len()].matches('\n').count();
            body = rest;
            title
        }
        (Some(title), _) => title,
        (None, Some((heading_title, rest))) => {
            body_line += body[..body.len() - rest.len()].matches('\n').count();
            body = rest;
            heading_title
        }
        (None, None) => {
            diagnostics.push(Diagnostic::error(
                path,
                Some(1),
                "this section has no title. Add `title: …` to the front matter or start the file with a line `# Title`.",
            ));
            return None;
        }
    };
    let title = title.trim().to_owned();
    if title.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            Some(2),
            "the title is empty. Write a short title a volunteer will recognise.",
        ));
        return None;
    }
    if body.trim().is_empty() {
        diagnostics.push(Diagnostic::warning(
            path,
            None,
            "this section has no text yet. Write the text or remove the file.",
        ));
    }

    let category = front_matter
        .category
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| category_from_folder(folder_name));

    Some((
        Section {
            id,
            title,
            category,
            category_rank: 0,
            order: front_matter.order.unwrap_or(1000),
            tags: front_matter
                .tags
                .into_iter()
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect(),
            critical: front_matter.critical,
            review_by: front_matter.review_by,
            body: body.to_owned(),
            source_path: path.to_owned(),
        },
        body_line,
    ))
}

/// Categories appear in the order of their first file (folders are numbered `01-…`).
fn assign_category_ranks(sections: &mut [Section]) {
    let mut ranks: HashMap<String, u32> = HashMap::new();
    for section in sections.iter_mut() {
        let next = ranks.len() as u32;
        section.category_rank = *ranks.entry(section.category.clone()).or_insert(next);
    }
}

fn check_duplicate_ids(sections: &[Section], diagnostics: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for section in sections {
        if let Some(other) = first.insert(&section.id, &section.source_path) {
            first.insert(&section.id, other);
            diagnostics.push(Diagnostic::error(
                &section.source_path,
                None,
                format!(
                    "id `{}` is also used by {other}. Every section needs its own id: change one of them.",
                    section.id
                ),
            ));
        }
    }
}

fn check_links(
    sections: &[Section],
    body_lines: &HashMap<String, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let ids: std::collections::HashSet<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    let paths: HashMap<&str, &str> = sections
        .iter()
        .map(|s| (s.source_path.as_str(), s.id.as_str()))
        .collect();
    for section in sections {
        let first_line = body_lines.get(&section.source_path).copied().unwrap_or(1);
        for link in internal_links(&section.body) {
            let line = first_line + section.body[..link.offset].matches('\n').count();
            let path = &section.source_path;
            match &link.kind {
                LinkKind::Section { id, .. } if !ids.contains(id.as_str()) => {
                    diagnostics.push(Diagnostic::error(
                        path,
                        Some(line),
                        format!(
                            "the link to section `{id}` goes nowhere: no section has that id. \
                             Correct the id or add the section."
                        ),
                    ));
                }
                LinkKind::File { path: target, .. }
                    if resolve_relative(path, target)
                        .and_then(|p| paths.get(p.as_str()))
                        .is_none() =>
                {
                    diagnostics.push(Diagnostic::error(
                        path,
                        Some(line),
                        format!(
                            "the link to file `{target}` goes nowhere: that file is not in this handbook. \
                             Correct the path or link by id (`id:section-id`)."
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

fn check_review_dates(sections: &[Section], today: NaiveDate, diagnostics: &mut Vec<Diagnostic>) {
    for section in sections {
        if let Some(review_by) = section.review_by {
            if review_by < today {
                diagnostics.push(Diagnostic::warning(
                    &section.source_path,
                    Some(2),
                    format!(
                        "the review date {review_by} has passed. Check that the text is still right and set a new `review_by`."
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
