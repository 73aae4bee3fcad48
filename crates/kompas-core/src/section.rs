//! A handbook section and how one markdown file becomes one.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use kompas_proto::overlay::LocalPolicy;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Deserializer};
use serde_yaml_ng::Value;

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
    /// How far a hospice may change this section (front matter `lokaal:`).
    pub local_policy: LocalPolicy,
    /// The coordinator's note for the revision this text makes (front matter
    /// `wijziging:`); not part of the fingerprint: a new note alone changes nothing.
    pub change_note: String,
    /// This change must be read by everyone (front matter `moet_lezen: true`); like the
    /// note, it belongs to the revision a publish makes of a changed text.
    pub must_read: bool,
    /// The markdown body, without front matter.
    pub body: String,
    /// Where it came from, relative to the content folder, with `/` separators.
    pub source_path: String,
}

/// The keys a section's front matter may have.
///
/// Text keys take any plain value (`title: 112` is a title, not an error), and `tags` also
/// takes one line of words (`tags: nacht, overdracht`, as Jekyll and Obsidian write it):
/// front matter written for another tool is read where its meaning is plain.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FrontMatter {
    #[serde(default, deserialize_with = "plain_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "plain_text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "plain_text")]
    pub category: Option<String>,
    pub order: Option<i64>,
    #[serde(default, deserialize_with = "tag_list")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub critical: bool,
    pub review_by: Option<NaiveDate>,
    /// `vast`, `aanvullen` or `vervangen`: read as a word and checked by the caller, so a
    /// misspelling is named with its line.
    #[serde(default, deserialize_with = "plain_text")]
    pub lokaal: Option<String>,
    #[serde(default, deserialize_with = "plain_text")]
    pub wijziging: Option<String>,
    #[serde(default, deserialize_with = "yes_no")]
    pub moet_lezen: bool,
    /// Anything else is kept only to warn about it: a misspelled key (`critcal`) must not
    /// pass silently.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_yaml_ng::Value>,
}

pub(crate) const KNOWN_KEYS: &str =
    "id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen";

/// A string, number or yes/no as text; nothing for an empty value.
fn plain_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        value => scalar_text(&value).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid type: {}, expected a string",
                value_kind(&value)
            ))
        }),
    }
}

/// `true`/`false`, or the words a Dutch writer uses: `ja`/`nee` (also `yes`/`no`).
fn yes_no<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(false),
        Value::Bool(yes) => Ok(yes),
        Value::String(word) => match word.trim().to_lowercase().as_str() {
            "ja" | "yes" | "true" => Ok(true),
            "nee" | "no" | "false" => Ok(false),
            _ => Err(serde::de::Error::custom(format!(
                "`{word}` is not yes or no, expected `true`, `false`, `ja` or `nee`"
            ))),
        },
        value => Err(serde::de::Error::custom(format!(
            "invalid type: {}, expected `true`, `false`, `ja` or `nee`",
            value_kind(&value)
        ))),
    }
}

/// A list of tags, or one line of them separated by commas (or else by spaces).
fn tag_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(Vec::new()),
        Value::Sequence(items) => items
            .iter()
            .map(|item| {
                scalar_text(item).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "invalid type: {} in the list, expected a word",
                        value_kind(item)
                    ))
                })
            })
            .collect(),
        Value::String(line) if line.contains(',') => {
            Ok(line.split(',').map(|t| t.trim().to_owned()).collect())
        }
        Value::String(line) => Ok(line.split_whitespace().map(str::to_owned).collect()),
        value => Err(serde::de::Error::custom(format!(
            "invalid type: {}, expected a list such as `[nacht, overdracht]`",
            value_kind(&value)
        ))),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(yes) => Some(yes.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Sequence(_) => "sequence",
        Value::Mapping(_) => "map",
        _ => "value",
    }
}

/// The file line of `key` in front matter that starts on line 2 of the file, if the key is
/// written at the start of a line there (`review_by: …`).
pub(crate) fn front_matter_key_line(yaml: &str, key: &str) -> Option<usize> {
    (2..).zip(yaml.lines()).find_map(|(line, text)| {
        let text = text
            .strip_prefix(key)
            .or_else(|| text.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| text.strip_prefix(&format!("'{key}'")))?;
        text.trim_start().starts_with(':').then_some(line)
    })
}

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

/// The heading a section's title comes from when its front matter has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TitleHeading {
    /// What a reader sees: markup, escapes and a closing `##` gone, spaces collapsed.
    pub text: String,
    /// The heading's bytes in the body, its line end (and a setext underline) included.
    pub range: Range<usize>,
}

/// The heading that names a document: its first level-1 heading (`# Titel`, `Titel` over
/// `=====`, or an HTML `<h1>` as GitHub READMEs have), else its first heading of any level.
///
/// Only headings at the top level of the document count: one in a code block is not a
/// heading at all, and one inside a quote or a list is part of that quote or list. What
/// comes before it (a badge line, a link, an HTML comment, an `<img>`) does not matter.
/// Headings without visible text (`#`, an image only) are passed over.
pub(crate) fn title_heading(body: &str) -> Option<TitleHeading> {
    // Without smart punctuation: the title is the text as the author typed it, as it was
    // before pulldown-cmark read it (`--` stays `--`). Heading attributes (`{#id}`) are read
    // so that they do not end up in the title.
    let options = (kompas_markdown::parser_options() | Options::ENABLE_HEADING_ATTRIBUTES)
        - Options::ENABLE_SMART_PUNCTUATION;
    let mut depth = 0usize;
    let mut first_of_any_level: Option<TitleHeading> = None;
    let mut heading: Option<(HeadingLevel, Range<usize>, String)> = None;
    let mut images = 0usize;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                heading = Some((level, range, String::new()));
                depth += 1;
            }
            Event::Start(Tag::HtmlBlock) if depth == 0 => {
                if let Some(found) = html_h1(body, range) {
                    return Some(found);
                }
                depth += 1;
            }
            Event::Start(Tag::Image { .. }) => {
                images += 1;
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Image) => {
                images = images.saturating_sub(1);
                depth = depth.saturating_sub(1);
            }
            Event::End(TagEnd::Heading(_)) if depth == 1 => {
                depth = 0;
                let Some((level, range, text)) = heading.take() else {
                    continue;
                };
                let text = collapse_whitespace(&text);
                if text.is_empty() {
                    continue;
                }
                let found = TitleHeading {
                    text,
                    range: range.start..through_line_end(body, range.end),
                };
                if level == HeadingLevel::H1 {
                    return Some(found);
                }
                first_of_any_level.get_or_insert(found);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if images == 0 => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    first_of_any_level
}

impl TitleHeading {
    /// The body without this heading (the app shows the title once, above the text), and the
    /// number of lines the body now starts further down. A heading at the top goes with the
    /// blank lines before it, so the body starts after it; one further down (after a badge
    /// line) is replaced by as many line ends as it spanned, so that the line numbers of
    /// everything after it stay right.
    pub fn remove_from(&self, body: &str) -> (String, usize) {
        let before = &body[..self.range.start];
        let after = &body[self.range.end..];
        if before.trim().is_empty() {
            let skipped = body[..self.range.end].matches('\n').count();
            return (after.to_owned(), skipped);
        }
        let lines = body[self.range.clone()].matches('\n').count();
        (format!("{before}{}{after}", "\n".repeat(lines)), 0)
    }
}

/// `end`, moved past spaces and the line end that follow it, if only those follow and it is
/// not at the start of a line already.
fn through_line_end(body: &str, end: usize) -> usize {
    if end == 0 || body[..end].ends_with('\n') {
        return end;
    }
    let rest = &body[end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let rest = &rest[spaces..];
    if rest.starts_with("\r\n") {
        end + spaces + 2
    } else if rest.starts_with('\n') {
        end + spaces + 1
    } else {
        end
    }
}

/// The first `<h1>…</h1>` in an HTML block (`<h1 align="center">Handboek</h1>`), as text.
fn html_h1(body: &str, block: Range<usize>) -> Option<TitleHeading> {
    let html = &body[block.clone()];
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` fit `html`.
    let lower = html.to_ascii_lowercase();
    let open = lower.match_indices("<h1").map(|(at, _)| at).find(|at| {
        lower[at + 3..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c.is_whitespace())
    })?;
    let content_start = open + lower[open..].find('>')? + 1;
    let close = content_start + lower[content_start..].find("</h1")?;
    let close_end = close + lower[close..].find('>')? + 1;
    let text = collapse_whitespace(&decode_entities(&strip_tags(&html[content_start..close])));
    if text.is_empty() {
        return None;
    }
    let end = block.start + close_end;
    Some(TitleHeading {
        text,
        range: block.start + open..through_line_end(body, end),
    })
}

fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The character references a heading's text plausibly holds; others stay as written.
fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            decoded.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let character = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match character {
            Some(character) => {
                decoded.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a file's name says about its section, for a file that does not say it itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameTitle {
    /// A readable title: `01-Eerste_hulp bij vallen.md` → `Eerste hulp bij vallen`.
    pub title: String,
    /// Whether it was made from the folder's name (for a `README.md` or `index.md`).
    pub from_folder: bool,
}

/// Whether a file stem is a folder's front page (`README`, `index`, Hugo's `_index`): such a
/// file stands for its folder, and many folders have one.
pub(crate) fn is_folder_page(stem: &str) -> bool {
    ["readme", "index", "_index"]
        .iter()
        .any(|name| stem.eq_ignore_ascii_case(name))
}

/// A title made from a file's path: its name without extension, numbering
/// (`01-`, `1.`, `10.02 `), a Notion export's 32-character code, `_` and `-`; the first letter
/// capitalised when the name is all lowercase, a name in capitals (`CONTRIBUTING`) written
/// as a sentence, any other name's own capitals kept. A folder's front page
/// ([`is_folder_page`]) gets its folder's name; at the top of the handbook, `Inleiding`.
pub(crate) fn title_from_path(path: &str) -> NameTitle {
    let (folder, file_name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = strip_md_extension(file_name);
    if is_folder_page(stem) {
        let folder_name = folder.rsplit('/').next().unwrap_or(folder);
        let title = readable_name(folder_name);
        return NameTitle {
            title: if title.is_empty() {
                "Inleiding".to_owned()
            } else {
                title
            },
            from_folder: true,
        };
    }
    let title = readable_name(stem);
    let title = if !title.is_empty() {
        title
    } else if !stem.trim().is_empty() {
        stem.trim().to_owned()
    } else {
        "Zonder titel".to_owned()
    };
    NameTitle {
        title,
        from_folder: false,
    }
}

fn strip_md_extension(file_name: &str) -> &str {
    match file_name.len().checked_sub(3) {
        Some(at)
            if file_name.is_char_boundary(at) && file_name[at..].eq_ignore_ascii_case(".md") =>
        {
            &file_name[..at]
        }
        _ => file_name,
    }
}

fn readable_name(name: &str) -> String {
    let name = strip_notion_code(name);
    let name = match numbering(name) {
        Some((_, rest)) => rest,
        None => name,
    };
    let words = collapse_whitespace(&words_of_name(name));
    let has_lowercase = words.chars().any(char::is_lowercase);
    let has_uppercase = words.chars().any(char::is_uppercase);
    let longest_word = words
        .split(' ')
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    if !has_uppercase || (!has_lowercase && longest_word > 4) {
        // `eerste hulp` and `CODE OF CONDUCT` both read better as a sentence; `AED` and
        // `BHV` are abbreviations and stay as they are.
        let lower = words.to_lowercase();
        let mut chars = lower.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    } else {
        words
    }
}

/// `_` and `-` as spaces, except a dash between digits (`2024-05-01`).
fn words_of_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut words = String::with_capacity(name.len());
    for (at, &c) in chars.iter().enumerate() {
        let between_digits = at > 0
            && chars[at - 1].is_ascii_digit()
            && chars.get(at + 1).is_some_and(char::is_ascii_digit);
        match c {
            '_' => words.push(' '),
            '-' if !between_digits => words.push(' '),
            _ => words.push(c),
        }
    }
    words
}

/// `Overdracht 3f2a1b4c5d6e7f8091a2b3c4d5e6f708` → `Overdracht`: Notion appends a page's
/// code to every exported file and folder name.
fn strip_notion_code(name: &str) -> &str {
    match name.rsplit_once(' ') {
        Some((before, code)) if code.len() == 32 && code.bytes().all(|b| b.is_ascii_hexdigit()) => {
            before.trim_end()
        }
        _ => name,
    }
}

/// The numbering in front of a file name that orders a folder (`01-`, `1.`, `10.02 `, `3)`)
/// as a number, and the rest of the name. A number of three digits or more without a
/// leading zero is part of the name (`112 bellen`, `2024-jaarplan`), and so is one not
/// followed by a separator (`3D-printen`) or by nothing at all.
pub(crate) fn numbering(name: &str) -> Option<(i64, &str)> {
    let number_end = name
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(name.len());
    let number = &name[..number_end];
    let digits = number.split('.').next().unwrap_or("");
    if digits.is_empty() || (digits.len() >= 3 && !digits.starts_with('0')) {
        return None;
    }
    let rest = &name[number_end..];
    let separated = number.ends_with('.') || rest.starts_with(['-', '_', ' ', ')']);
    let rest = rest.trim_start_matches(['-', '_', ' ', ')', '.']);
    if !separated || rest.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, rest))
}
