//! A handbook section and how one markdown file becomes one.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

/// One section of the volunteer handbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Stable slug; links and sync refer to it.
    pub id: String,
    pub title: String,
    pub category: String,
    /// Position of the category in the handbook (from the folder order).
    pub category_rank: u32,
    /// Position within the category.
    pub order: i64,
    pub tags: Vec<String>,
    /// Protocols that must be one tap from the home screen.
    pub critical: bool,
    pub review_by: Option<NaiveDate>,
    /// The markdown body, without front matter.
    pub body: String,
    /// Where it came from, relative to the content folder, with `/` separators.
    pub source_path: String,
}

/// The keys a section's front matter may have.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FrontMatter {
    pub id: Option<String>,
    pub title: Option<String>,
    pub category: Option<String>,
    pub order: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub critical: bool,
    pub review_by: Option<NaiveDate>,
    /// Anything else is kept only to warn about it: a misspelled key (`critcal`) must not
    /// pass silently.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_yaml_ng::Value>,
}

pub(crate) const KNOWN_KEYS: &str = "id, title, category, order, tags, critical, review_by";

/// A markdown file split into its front matter and body.
#[derive(Debug)]
pub(crate) struct SplitFile<'a> {
    /// The YAML between the `---` lines, if the file has front matter.
    pub front_matter: Option<&'a str>,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Splits off front matter: a first line `---`, YAML, and a closing line `---` (or `...`).
/// Returns `Err(())` when the front matter is opened but never closed.
pub(crate) fn split_front_matter(text: &str) -> Result<SplitFile<'_>, ()> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok(SplitFile {
            front_matter: None,
            body: text,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for (line, raw_line) in (2..).zip(after_open.split_inclusive('\n')) {
        let trimmed = raw_line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + raw_line.len()..];
            return Ok(SplitFile {
                front_matter: Some(yaml),
                body,
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(())
}

/// Whether an id is a usable slug: lowercase ASCII letters, digits and single dashes.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A slug made from a file name or title: `Bij een val.md` → `bij-een-val`, at most 80
/// characters (see [`is_valid_id`]).
pub fn slug_from(name: &str) -> String {
    let mut slug = kompas_markdown::slug(name);
    slug.truncate(80);
    slug
}

/// A category name from a folder name: `02-nacht_en_dag` → `Nacht en dag`.
pub fn category_from_folder(folder: &str) -> String {
    let trimmed = folder.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
    let words = trimmed.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Algemeen".to_owned(),
    }
}

/// The first level-1 heading of a body (`# Titel`), with the body that remains after it
/// when it is the first thing in the file.
pub(crate) fn leading_heading(body: &str) -> Option<(String, &str)> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            offset += line.len();
            continue;
        }
        let title = trimmed
            .strip_prefix("# ")?
            .trim()
            .trim_end_matches('#')
            .trim();
        if title.is_empty() {
            return None;
        }
        return Some((title.to_owned(), &body[offset + line.len()..]));
    }
    None
}
