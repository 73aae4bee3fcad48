//! Checklist files (TOML, format in `docs/checklists.md`) becoming
//! [`ChecklistDefinition`]s, with every problem as a [`Diagnostic`] that names the file,
//! the line and what to do. Nothing here panics on any input.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use kompas_proto::checklist::{
    ChecklistBody, ChecklistDefinition, Question, Scale, Step, StepGroup, Theme,
};
use serde::Deserialize;
use toml::Spanned;

use crate::check::{line_of_byte, Diagnostic, SourceFile};
use crate::section::is_valid_id;

/// A question's weight runs from 1 to this.
pub const MAX_WEIGHT: u32 = 10;

/// Where to read about the format, in messages.
const FORMAT_DOC: &str = "docs/checklists.md";

/// Whether a content file is a checklist (by its name).
pub fn is_checklist_file(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".toml")
}

/// What the section links of checklists are checked against.
#[derive(Debug, Clone, Copy)]
pub enum SectionIds<'a> {
    /// The handbook the checklists belong to.
    Known(&'a HashSet<&'a str>),
    /// No handbook was given with the checklists: links cannot be checked.
    Unknown,
}

/// Parses and validates checklist files; definitions with errors are left out.
pub fn check_checklists(
    files: &[SourceFile],
    sections: SectionIds<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ChecklistDefinition> {
    let mut checked: Vec<(String, usize, ChecklistDefinition)> = Vec::new();
    let mut unchecked_links = false;
    for file in files {
        let mut problems = Vec::new();
        let mut links = Vec::new();
        let parsed = parse_one(file, &mut links, &mut problems);
        for (section, line) in links {
            match sections {
                SectionIds::Known(ids) if !ids.contains(section.as_str()) => {
                    problems.push(Diagnostic::error(
                        &file.path,
                        Some(line),
                        format!(
                            "the link to section `{section}` goes nowhere: no section of the handbook has \
                             that id. Correct the id (`section = \"id:…\"`) or remove the line."
                        ),
                    ));
                }
                SectionIds::Known(_) => {}
                SectionIds::Unknown => unchecked_links = true,
            }
        }
        let failed = problems.iter().any(|d| d.is_error());
        problems.sort_by_key(|d| d.line);
        diagnostics.append(&mut problems);
        if let (Some((definition, id_line)), false) = (parsed, failed) {
            checked.push((file.path.clone(), id_line, definition));
        }
    }
    if unchecked_links {
        diagnostics.push(Diagnostic::warning(
            ".",
            None,
            "links from checklists to handbook sections were not checked: no handbook came with them. \
             Check the content folder that holds both `handbook` and `checklists`.",
        ));
    }

    let mut first: BTreeMap<String, String> = BTreeMap::new();
    let mut definitions = Vec::new();
    for (path, line, definition) in checked {
        if let Some(other) = first.get(&definition.id) {
            diagnostics.push(Diagnostic::error(
                &path,
                Some(line),
                format!(
                    "checklist id `{}` is also used by {other}. Every checklist needs its own id: change one of them.",
                    definition.id
                ),
            ));
            continue;
        }
        first.insert(definition.id.clone(), path);
        definitions.push(definition);
    }
    definitions
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    id: Option<Spanned<String>>,
    version: Option<Spanned<i64>>,
    kind: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    intro: Option<String>,
    scale: Option<Spanned<String>>,
    #[serde(default)]
    step: Vec<RawStep>,
    #[serde(default)]
    group: Vec<RawGroup>,
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    title: Option<Spanned<String>>,
    #[serde(default)]
    step: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    text: Option<Spanned<String>>,
    help: Option<String>,
    section: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    id: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    intro: Option<String>,
    #[serde(default)]
    question: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    help: Option<String>,
    section: Option<Spanned<String>>,
    weight: Option<Spanned<i64>>,
}

/// Everything needed to report problems in one file.
struct Reporter<'a> {
    path: &'a str,
    text: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        line_of_byte(self.text.as_bytes(), span.start.min(self.text.len()))
    }

    fn error(&mut self, line: Option<usize>, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.path, line, message));
    }

    /// A required text: present and not blank. Reports `what` missing at `near`.
    fn required(
        &mut self,
        value: Option<Spanned<String>>,
        near: usize,
        what: &str,
    ) -> Option<(String, usize)> {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => {
                let line = self.line(v.span());
                Some((v.into_inner().trim().to_string(), line))
            }
            Some(v) => {
                let line = self.line(v.span());
                self.error(
                    Some(line),
                    format!("{what} is empty. Write it between the quotes."),
                );
                None
            }
            None => {
                self.error(
                    Some(near),
                    format!("{what} is missing. Add it (see {FORMAT_DOC})."),
                );
                None
            }
        }
    }

    fn id(
        &mut self,
        value: Option<Spanned<String>>,
        near: usize,
        what: &str,
    ) -> Option<(String, usize)> {
        let (id, line) = self.required(value, near, what)?;
        if !is_valid_id(&id) {
            self.error(
                Some(line),
                format!(
                    "`{id}` cannot be an id: use lowercase letters, digits and single dashes, at most 80 \
                     characters (for example `{}`).",
                    crate::section::slug_from(&id)
                ),
            );
            return None;
        }
        Some((id, line))
    }

    /// A `section = "id:…"` link: the section id and its line.
    fn link(
        &mut self,
        value: Option<Spanned<String>>,
        links: &mut Vec<(String, usize)>,
    ) -> Option<String> {
        let value = value?;
        let line = self.line(value.span());
        let raw = value.into_inner();
        let target = raw.trim();
        let id = target
            .strip_prefix("id:")
            .unwrap_or(target)
            .trim_end_matches(".md");
        if !is_valid_id(id) {
            self.error(
                Some(line),
                format!(
                    "`{raw}` is not a link to a section. Write the section's id as `section = \"id:als-een-gast-valt\"`."
                ),
            );
            return None;
        }
        links.push((id.to_string(), line));
        Some(id.to_string())
    }
}

/// Returns the definition and the line of its id; adds its section links (id, line) to
/// `links`, also when the definition has errors, so that every problem is told at once.
fn parse_one(
    file: &SourceFile,
    links: &mut Vec<(String, usize)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(ChecklistDefinition, usize)> {
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawChecklist = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let line = error
                .span()
                .map(|span| line_of_byte(text.as_bytes(), span.start.min(text.len())));
            let message = error.message().trim_end_matches('\n').trim_end_matches('.');
            diagnostics.push(Diagnostic::error(
                path,
                line,
                format!("this checklist cannot be read: {message}. Correct this line (the format is in {FORMAT_DOC})."),
            ));
            return None;
        }
    };
    let mut report = Reporter {
        path,
        text,
        diagnostics,
    };
    let id = report.id(raw.id, 1, "the checklist's `id`");
    let version = match raw.version {
        Some(v) if (1..=i64::from(u32::MAX)).contains(v.get_ref()) => {
            u32::try_from(*v.get_ref()).ok()
        }
        Some(v) => {
            let line = report.line(v.span());
            report.error(
                Some(line),
                format!("version {} is not possible: a version is a whole number from 1. Raise it by one for every change.", v.get_ref()),
            );
            None
        }
        None => {
            report.error(
                Some(1),
                "the checklist's `version` is missing. Add `version = 1` for a new checklist.",
            );
            None
        }
    };
    let title = report.required(raw.title, 1, "the checklist's `title`");
    let kind_line = raw.kind.as_ref().map_or(1, |k| report.line(k.span()));
    let body = match raw.kind.as_ref().map(|k| k.get_ref().trim()) {
        Some("routine") => {
            if let Some(scale) = &raw.scale {
                let line = report.line(scale.span());
                report.error(
                    Some(line),
                    "a routine checklist is ticked, not scored: remove `scale`.",
                );
            }
            if !raw.theme.is_empty() {
                report.error(
                    Some(kind_line),
                    "a routine checklist has steps, not themes: use `[[step]]` or `[[group]]`, or make it `kind = \"self-evaluation\"`.",
                );
            }
            routine(raw.step, raw.group, kind_line, &mut report, links)
        }
        Some("self-evaluation") => {
            if !raw.step.is_empty() || !raw.group.is_empty() {
                report.error(
                    Some(kind_line),
                    "a self-evaluation has themes with questions, not steps: use `[[theme]]` and `[[theme.question]]`, or make it `kind = \"routine\"`.",
                );
            }
            self_evaluation(raw.scale, raw.theme, kind_line, &mut report, links)
        }
        Some(other) => {
            report.error(
                Some(kind_line),
                format!("unknown kind `{other}`. Use `kind = \"routine\"` (ticked during a shift) or `kind = \"self-evaluation\"` (answered and scored)."),
            );
            None
        }
        None => {
            report.error(Some(1), "the checklist's `kind` is missing. Add `kind = \"routine\"` or `kind = \"self-evaluation\"`.");
            None
        }
    };
    let ((id, id_line), version, (title, _), body) = (id?, version?, title?, body?);
    let definition = ChecklistDefinition {
        id,
        version,
        title,
        intro: tidy(raw.intro),
        body,
    };
    Some((definition, id_line))
}

fn tidy(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn routine(
    steps: Vec<RawStep>,
    groups: Vec<RawGroup>,
    kind_line: usize,
    report: &mut Reporter<'_>,
    links: &mut Vec<(String, usize)>,
) -> Option<ChecklistBody> {
    let mut ok = true;
    let mut out = Vec::new();
    if !steps.is_empty() {
        out.push(StepGroup {
            title: None,
            steps: routine_steps(steps, &mut ok, report, links),
        });
    }
    for group in groups {
        let near = group
            .title
            .as_ref()
            .map_or(kind_line, |t| report.line(t.span()));
        let title = report.required(group.title, near, "a group's `title`");
        if group.step.is_empty() {
            report.error(Some(near), "this group has no steps. Add `[[group.step]]` entries under it, or remove the group.");
            ok = false;
        }
        let steps = routine_steps(group.step, &mut ok, report, links);
        match title {
            Some((title, _)) => out.push(StepGroup {
                title: Some(title),
                steps,
            }),
            None => ok = false,
        }
    }
    if out.iter().all(|g| g.steps.is_empty()) {
        report.error(
            Some(kind_line),
            "this checklist has no steps. Add `[[step]]` entries with `text = \"…\"`.",
        );
        return None;
    }
    ok.then_some(ChecklistBody::Routine { groups: out })
}

fn routine_steps(
    steps: Vec<RawStep>,
    ok: &mut bool,
    report: &mut Reporter<'_>,
    links: &mut Vec<(String, usize)>,
) -> Vec<Step> {
    let mut out = Vec::new();
    for step in steps {
        let near = step
            .text
            .as_ref()
            .or(step.section.as_ref())
            .map_or(1, |t| report.line(t.span()));
        let text = report.required(step.text, near, "a step's `text`");
        let section = report.link(step.section, links);
        match text {
            Some((text, _)) => out.push(Step {
                text,
                help: tidy(step.help),
                section,
            }),
            None => *ok = false,
        }
    }
    out
}

fn self_evaluation(
    scale: Option<Spanned<String>>,
    themes: Vec<RawTheme>,
    kind_line: usize,
    report: &mut Reporter<'_>,
    links: &mut Vec<(String, usize)>,
) -> Option<ChecklistBody> {
    let mut ok = true;
    let scale = match scale {
        Some(name) => {
            let line = report.line(name.span());
            match Scale::from_name(name.get_ref().trim()) {
                Some(scale) => Some(scale),
                None => {
                    report.error(
                        Some(line),
                        format!(
                            "unknown scale `{}`. Use `scale = \"standaard\"`: Ja, zo werken we · Grotendeels · \
                             Deels / in ontwikkeling · Nee, nog niet · N.v.t.",
                            name.get_ref()
                        ),
                    );
                    None
                }
            }
        }
        None => {
            report.error(
                Some(kind_line),
                "a self-evaluation needs its answer scale. Add `scale = \"standaard\"`.",
            );
            None
        }
    };
    if themes.is_empty() {
        report.error(
            Some(kind_line),
            "this self-evaluation has no themes. Add `[[theme]]` entries, each with `[[theme.question]]` entries.",
        );
        return None;
    }
    let mut theme_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut question_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for theme in themes {
        let near = theme
            .id
            .as_ref()
            .or(theme.title.as_ref())
            .map_or(kind_line, |t| report.line(t.span()));
        let id = report.id(theme.id, near, "a theme's `id`");
        let title = report.required(theme.title, near, "a theme's `title`");
        if let Some((id, line)) = &id {
            if let Some(first) = theme_ids.insert(id.clone(), *line) {
                report.error(
                    Some(*line),
                    format!("theme id `{id}` is also used on line {first}. Every theme needs its own id: change one of them."),
                );
                ok = false;
            }
        }
        if theme.question.is_empty() {
            report.error(
                Some(near),
                "this theme has no questions. Add `[[theme.question]]` entries under it (at least 2, so that it can have a score).",
            );
            ok = false;
        }
        let mut questions = Vec::new();
        for question in theme.question {
            let near = question
                .id
                .as_ref()
                .or(question.text.as_ref())
                .map_or(near, |t| report.line(t.span()));
            let qid = report.id(question.id, near, "a question's `id`");
            let text = report.required(question.text, near, "a question's `text`");
            let section = report.link(question.section, links);
            let weight = match question.weight {
                None => Some(1),
                Some(w) => match u32::try_from(*w.get_ref()) {
                    Ok(w) if (1..=MAX_WEIGHT).contains(&w) => Some(w),
                    _ => {
                        let line = report.line(w.span());
                        report.error(
                            Some(line),
                            format!("weight {} is not possible: use a whole number from 1 to {MAX_WEIGHT} (1 when left out).", w.get_ref()),
                        );
                        None
                    }
                },
            };
            if let Some((qid, line)) = &qid {
                if let Some(first) = question_ids.insert(qid.clone(), *line) {
                    report.error(
                        Some(*line),
                        format!("question id `{qid}` is also used on line {first}. Every question needs its own id: change one of them."),
                    );
                    ok = false;
                }
            }
            match (qid, text, weight) {
                (Some((id, _)), Some((text, _)), Some(weight)) => questions.push(Question {
                    id,
                    text,
                    help: tidy(question.help),
                    section,
                    weight,
                }),
                _ => ok = false,
            }
        }
        match (id, title) {
            (Some((id, _)), Some((title, _))) => out.push(Theme {
                id,
                title,
                intro: tidy(theme.intro),
                questions,
            }),
            _ => ok = false,
        }
    }
    let scale = scale?;
    ok.then_some(ChecklistBody::SelfEvaluation { scale, themes: out })
}

#[cfg(test)]
mod tests;
