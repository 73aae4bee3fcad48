//! One file of a content folder becoming one section. Only what makes a file unusable
//! keeps it out: it is not text, or its front matter cannot be read. Everything else a
//! handbook written for another tool has (no heading, a heading further down, keys of
//! other tools, an id that needs tidying, no text) is a warning, and the section takes what
//! its headings and its file name say.

use kompas_proto::overlay::LocalPolicy;
use sha2::{Digest, Sha256};

use super::{line_of_byte, Diagnostic, SourceFile};
use crate::section::{
    category_from_folder, front_matter_key_line, is_folder_page, is_valid_id, numbering, slug_from,
    split_front_matter, title_from_path, title_heading, FrontMatter, Section, KNOWN_KEYS,
};

/// Where, in its file, the parts of a section are: for the checks that run once every file
/// has been read.
#[derive(Debug, Clone, Copy)]
pub(super) struct FileLines {
    /// 1-based line of the first body line.
    pub body: usize,
    /// The line of `id:`, when the id comes from the front matter.
    pub id: Option<usize>,
    /// The line of `review_by:`.
    pub review_by: usize,
}

/// The parts of a file's path that name its section when the file does not.
struct FileName<'a> {
    path: &'a str,
    /// The file name without `.md`, cut as it always was: ids made from it must not change.
    stem: &'a str,
    /// The folders, `/`-separated; empty at the top of the handbook.
    folder: &'a str,
}

impl<'a> FileName<'a> {
    fn of(path: &'a str) -> Self {
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".md")
            .trim_end_matches(".MD");
        let folder = path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        FileName { path, stem, folder }
    }

    fn folder_name(&self) -> &'a str {
        self.folder.rsplit('/').next().unwrap_or(self.folder)
    }
}

/// Turns one file into a section, or `None` when the file cannot be one.
pub(super) fn parse_file(
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Section, FileLines)> {
    let path = file.path.as_str();
    let text = markdown_text(file, diagnostics)?;
    let Ok(split) = split_front_matter(text) else {
        diagnostics.push(Diagnostic::error(
            path,
            Some(1),
            "the front matter opened with `---` on line 1 is never closed. Add a line with only `---` after the last key.",
        ));
        return None;
    };
    let yaml = split.front_matter.unwrap_or("");
    let key_line = |key: &str| front_matter_key_line(yaml, key).unwrap_or(2);
    let front_matter = read_front_matter(path, yaml, diagnostics)?;
    for key in front_matter.unknown.keys() {
        diagnostics.push(Diagnostic::warning(
            path,
            Some(key_line(key)),
            format!("unknown front matter key `{key}` is ignored. Allowed keys: {KNOWN_KEYS}."),
        ));
    }

    let local_policy = match front_matter.lokaal.as_deref().map(str::trim) {
        None | Some("") => LocalPolicy::default(),
        Some(word) => match LocalPolicy::from_word(word) {
            Some(policy) => policy,
            None => {
                diagnostics.push(Diagnostic::error(
                    path,
                    Some(key_line("lokaal")),
                    format!(
                        "`lokaal: {word}` is not one of the choices. Write `lokaal: vast` (no local change), \
                         `lokaal: aanvullen` (hospices may only add text) or `lokaal: vervangen` (the default: \
                         hospices may also replace or hide the section)."
                    ),
                ));
                return None;
            }
        },
    };

    let name = FileName::of(path);
    let (id, id_line) = section_id(&name, front_matter.id.as_deref(), &key_line, diagnostics);

    let front_matter_title = match front_matter.title.as_deref().map(str::trim) {
        Some("") => {
            diagnostics.push(Diagnostic::warning(
                path,
                Some(key_line("title")),
                "`title:` is empty, so the title comes from the file's first heading or its file name. \
                 Write a short title a volunteer will recognise, or remove the key.",
            ));
            None
        }
        title => title.map(str::to_owned),
    };
    let is_empty_file = text.trim_start_matches('\u{feff}').trim().is_empty();
    let titled = section_title(
        &name,
        front_matter_title,
        split.body,
        split.body_line,
        is_empty_file,
        diagnostics,
    );

    let category = front_matter
        .category
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| category_from_folder(name.folder_name()));
    // A folder's front page comes first in its category, and numbered files (`01-…`) keep
    // the folder's numbering, unless the front matter says otherwise.
    let order = front_matter.order.unwrap_or_else(|| {
        if is_folder_page(name.stem) {
            0
        } else {
            numbering(name.stem).map_or(1000, |(number, _)| number)
        }
    });

    Some((
        Section {
            id,
            title: titled.title,
            category,
            category_rank: 0,
            order,
            tags: front_matter
                .tags
                .into_iter()
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect(),
            critical: front_matter.critical,
            review_by: front_matter.review_by,
            local_policy,
            change_note: front_matter
                .wijziging
                .map(|note| note.trim().to_owned())
                .unwrap_or_default(),
            must_read: front_matter.moet_lezen,
            body: titled.body,
            source_path: path.to_owned(),
        },
        FileLines {
            body: titled.body_line,
            id: id_line,
            review_by: key_line("review_by"),
        },
    ))
}

/// The file as text: `None` (an error) for bytes that are not UTF-8 or hold binary data.
fn markdown_text<'a>(file: &'a SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<&'a str> {
    let path = file.path.as_str();
    let text = match std::str::from_utf8(&file.bytes) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(Diagnostic::error(
                path,
                Some(line_of_byte(&file.bytes, error.valid_up_to())),
                "this file is not UTF-8 text. Open it in a text editor and save it with the encoding UTF-8.",
            ));
            return None;
        }
    };
    if let Some(nul) = text.find('\0') {
        diagnostics.push(Diagnostic::error(
            path,
            Some(line_of_byte(text.as_bytes(), nul)),
            "this file contains binary data, not markdown text. Remove it from the handbook folder or replace it with the .md file.",
        ));
        return None;
    }
    let unmarked = text.strip_prefix('\u{feff}').unwrap_or(text);
    if unmarked.starts_with("+++\n") || unmarked.starts_with("+++\r\n") {
        diagnostics.push(Diagnostic::warning(
            path,
            Some(1),
            "this file starts with TOML front matter (`+++`), which is not read: volunteers will see it as text. \
             Write it as YAML between two lines `---` (`title: …`, `tags: [a, b]`).",
        ));
    }
    Some(text)
}

/// The front matter's keys, or `None` (an error) when it is not YAML or a known key has a
/// value of the wrong kind (`order: tien`, `critical: ja`): a wrong value for a key that
/// decides what a volunteer sees is not guessed at.
fn read_front_matter(
    path: &str,
    yaml: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    if yaml.trim().is_empty() {
        return Some(FrontMatter::default());
    }
    let error = match serde_yaml_ng::from_str::<FrontMatter>(yaml) {
        Ok(front_matter) => return Some(front_matter),
        Err(error) => error,
    };
    let reason = error.to_string();
    let reason = reason.split(" at line ").next().unwrap_or(&reason);
    // A list left open is found at the closing `---`: point into the front matter. A value of
    // the wrong kind may come without a position; its key has one.
    let last_line = 1 + yaml.lines().count();
    let line = error
        .location()
        .map(|l| (l.line() + 1).min(last_line))
        .or_else(|| {
            let key = reason.split_once(':').map(|(key, _)| key)?;
            front_matter_key_line(yaml, key)
        });
    diagnostics.push(Diagnostic::error(
        path,
        line,
        format!(
            "the front matter is not valid: {reason}. Allowed keys: {KNOWN_KEYS}; \
             for example `order: 10`, `critical: true`, `review_by: 2027-06-01`, \
             `tags: [nacht, overdracht]`."
        ),
    ));
    None
}

/// The section's id and, when the front matter gives it, the line of `id:`. An id that is
/// not a usable slug is tidied into one, with a warning.
fn section_id(
    name: &FileName<'_>,
    front_matter_id: Option<&str>,
    key_line: &dyn Fn(&str) -> usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, Option<usize>) {
    let path = name.path;
    let Some(id) = front_matter_id.map(str::trim) else {
        let derived = id_from_path(name);
        if derived.made_up {
            diagnostics.push(Diagnostic::warning(
                path,
                Some(1),
                format!(
                    "no id can be made from this file name (it has no letters a-z or digits), so this section \
                     gets the id `{}`. Rename the file, or add `id: some-name` to the front matter.",
                    derived.id
                ),
            ));
        }
        return (derived.id, None);
    };
    let line = key_line("id");
    if is_valid_id(id) {
        return (id.to_owned(), Some(line));
    }
    let tidied = slug_from(id);
    if tidied.is_empty() {
        let derived = id_from_path(name).id;
        diagnostics.push(Diagnostic::warning(
            path,
            Some(line),
            format!(
                "id `{id}` cannot be used: it has no letters or digits, so this section gets the id \
                 `{derived}` from its file name. Change it to `id: {derived}` or remove it."
            ),
        ));
        return (derived, None);
    }
    diagnostics.push(Diagnostic::warning(
        path,
        Some(line),
        format!(
            "id `{id}` cannot be used as it is: an id has lowercase letters, digits and single dashes, \
             at most 80 characters. This section gets the id `{tidied}`; change it to `id: {tidied}`."
        ),
    ));
    (tidied, Some(line))
}

/// An id made from a path.
struct DerivedId {
    id: String,
    /// Made up from a code of the path, because the name has nothing to make an id of.
    made_up: bool,
}

/// The id of a section whose front matter gives none: its file name as a slug
/// (`Bij een val.md` → `bij-een-val`), as it has always been. A folder's front page
/// (`README.md`, `index.md`) gets its folder's path in front (`zorg/README.md` →
/// `zorg-readme`): handbooks have one in many folders, and they must not share an id. A
/// name without letters or digits gets `section-` and a code made from its path. All three
/// depend on the file's own path only, so an id never changes because another file came.
fn id_from_path(name: &FileName<'_>) -> DerivedId {
    let id = if is_folder_page(name.stem) && !name.folder.is_empty() {
        slug_from(&format!("{}/{}", name.folder, name.stem))
    } else {
        slug_from(name.stem)
    };
    if !id.is_empty() {
        return DerivedId { id, made_up: false };
    }
    let digest = Sha256::digest(name.path.as_bytes());
    let code: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    DerivedId {
        id: format!("section-{code}"),
        made_up: true,
    }
}

/// A section's title and the body that remains to be shown under it.
struct Titled {
    title: String,
    body: String,
    /// 1-based file line of the body's first line.
    body_line: usize,
}

/// The title: the front matter's, else the file's title heading (see
/// [`crate::section::title_heading`]), else one made from the file name, with a warning. The
/// heading that gave the title, or repeats the front matter's, leaves the body: the app
/// shows the title once.
fn section_title(
    name: &FileName<'_>,
    front_matter_title: Option<String>,
    body: &str,
    body_line: usize,
    is_empty_file: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Titled {
    let heading = title_heading(body);
    let without_heading = |title: String, heading: crate::section::TitleHeading| {
        let (rest, skipped) = heading.remove_from(body);
        Titled {
            title,
            body: rest,
            body_line: body_line + skipped,
        }
    };
    let titled = match (front_matter_title, heading) {
        (Some(title), Some(heading)) if heading.text == title => without_heading(title, heading),
        (Some(title), _) => Titled {
            title,
            body: body.to_owned(),
            body_line,
        },
        (None, Some(heading)) => without_heading(heading.text.clone(), heading),
        (None, None) => {
            return titled_after_path(name, body, body_line, is_empty_file, diagnostics)
        }
    };
    if titled.body.trim().is_empty() {
        diagnostics.push(Diagnostic::warning(
            name.path,
            Some(titled.body_line),
            "this section has no text yet. Write the text or remove the file.",
        ));
    }
    titled
}

/// A file without any title: named after its file (or folder), with one warning that also
/// says when there is no text.
fn titled_after_path(
    name: &FileName<'_>,
    body: &str,
    body_line: usize,
    is_empty_file: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Titled {
    let named = title_from_path(name.path);
    let after = if !named.from_folder {
        "after its file name"
    } else if name.folder.is_empty() {
        "as the introduction to the handbook"
    } else {
        "after its folder"
    };
    let title = named.title;
    let (line, message) = if is_empty_file {
        (
            1,
            format!(
                "this file is empty: it becomes the section \"{title}\" ({after}) without any text. \
                 Write the text, starting with a line `# Title`, or remove the file."
            ),
        )
    } else if body.trim().is_empty() {
        (
            body_line,
            format!(
                "this section has no title and no text: it is titled \"{title}\" ({after}). \
                 Write the text, starting with a line `# Title`, or remove the file."
            ),
        )
    } else {
        (
            body_line,
            format!(
                "this file has no heading, so the section is titled \"{title}\" ({after}). \
                 To choose the title, start the text with a line `# Title` or add `title: …` to the front matter."
            ),
        )
    };
    diagnostics.push(Diagnostic::warning(name.path, Some(line), message));
    Titled {
        title,
        body: body.to_owned(),
        body_line,
    }
}
