//! `kompas score`: the scores per theme of a self-evaluation's answers, by the rule of
//! `kompas_core::score` (the one the app and the server use).
//!
//! The answers file is JSON (documented in the README):
//!
//! ```json
//! { "checklist": "zelfevaluatie-hospice", "version": 1,
//!   "answers": { "q1": "ja", "q2": { "answer": "nvt", "explanation": "…" } } }
//! ```
//!
//! `checklist` and `version` are optional (checked when given; `checklist` may also be
//! `{ "id": …, "version": … }`, as in a submission). An answer is `ja`, `grotendeels`,
//! `deels`, `nee` or `nvt`, or the words the app shows ("Ja, zo werken we", "N.v.t.").

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use kompas_core::checklist::{check_checklists, SectionIds};
use kompas_core::score::{check_answers, score_themes};
use kompas_core::SourceFile;
use kompas_proto::checklist::{Answer, Answers, ChecklistDefinition, QuestionAnswer, SCORE_RULE};
use serde_json::Value;

/// Larger answer files are refused before they are read.
const MAX_ANSWERS_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(checklist: &Path, answers: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let Some(definition) = read_checklist(checklist)? else {
        return Ok(ExitCode::FAILURE);
    };
    let answers = match read_answers(answers, &definition) {
        Ok(answers) => answers,
        Err(error) => {
            eprintln!("kompas: {}: {error:#}", answers.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    for (id, answer) in &answers {
        if answer.answer == Answer::Nvt && answer.explanation.trim().is_empty() {
            eprintln!(
                "warning: question `{id}` is N.v.t. without an explanation; add one (\"explanation\": \"…\") \
                 before the self-evaluation is finished. It is left out of the score either way."
            );
        }
    }
    let scores = score_themes(&definition, &answers);
    let mut out = std::io::stdout().lock();
    if json {
        let themes: Vec<Value> = scores
            .iter()
            .zip(definition.themes())
            .map(|(score, theme)| {
                serde_json::json!({
                    "theme": score.theme,
                    "title": theme.title,
                    "score": score.score,
                    "completeness": score.completeness(),
                    "applicable": score.applicable,
                    "answered": score.answered,
                    "questions": score.questions,
                    "rule": SCORE_RULE,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&themes)?)?;
    } else {
        writeln!(
            out,
            "{} ({} version {}), rule {SCORE_RULE}; no total, on purpose",
            definition.title, definition.id, definition.version
        )?;
        let width = definition
            .themes()
            .iter()
            .map(|t| t.title.chars().count())
            .max()
            .unwrap_or(0);
        for (score, theme) in scores.iter().zip(definition.themes()) {
            let figure = score
                .score
                .map_or_else(|| "geen score".to_string(), |s| s.to_string());
            let unanswered = score.questions - score.answered;
            let open = if unanswered > 0 {
                format!(", {unanswered} unanswered")
            } else {
                String::new()
            };
            writeln!(
                out,
                "{:width$}  {figure:>10}  completeness {:>3.0}% ({} of {} applicable{open})",
                theme.title,
                score.completeness() * 100.0,
                score.applicable,
                score.questions,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The checklist file, checked like `kompas check` does (links aside); `None` after its
/// errors were printed.
fn read_checklist(path: &Path) -> anyhow::Result<Option<ChecklistDefinition>> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "cannot read the checklist {}; give the path of a checklist file (.toml)",
            path.display()
        )
    })?;
    let file = SourceFile {
        path: path.display().to_string(),
        bytes,
    };
    let mut diagnostics = Vec::new();
    let mut definitions = check_checklists(&[file], SectionIds::Unknown, &mut diagnostics);
    let mut failed = false;
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{diagnostic}");
        failed = true;
    }
    if failed {
        eprintln!("the checklist has errors; fix them first (see `kompas check`).");
        return Ok(None);
    }
    let definition = definitions
        .pop()
        .ok_or_else(|| anyhow!("{} holds no checklist", path.display()))?;
    if definition.themes().is_empty() {
        bail!(
            "{} is a routine checklist: it is ticked during a shift, not scored. Give a self-evaluation.",
            path.display()
        );
    }
    Ok(Some(definition))
}

fn read_answers(path: &Path, definition: &ChecklistDefinition) -> anyhow::Result<Answers> {
    let size = std::fs::metadata(path)
        .with_context(|| "cannot read this file; give the path of the answers (JSON)")?
        .len();
    if size > MAX_ANSWERS_BYTES {
        bail!("this file is {size} bytes; an answers file is far smaller. Is it the right file?");
    }
    let bytes =
        std::fs::read(path).with_context(|| "cannot read this file; check its permissions")?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!("this is not valid JSON ({e}); the format of an answers file is in the README")
    })?;
    let Value::Object(mut top) = value else {
        bail!("the answers must be a JSON object: {{\"answers\": {{\"question-id\": \"ja\", …}}}}");
    };
    check_naming(&top, definition)?;
    let answers = match top.remove("answers") {
        Some(answers) => answers,
        None if !top.contains_key("checklist") => Value::Object(top),
        None => bail!(
            "there is no \"answers\" object: add {{\"answers\": {{\"question-id\": \"ja\", …}}}}"
        ),
    };
    let answers = parse_answers(answers)?;
    check_answers(definition, &answers)?;
    Ok(answers)
}

/// `checklist` and `version`, when the file names them, must be the checklist's.
fn check_naming(
    top: &serde_json::Map<String, Value>,
    definition: &ChecklistDefinition,
) -> anyhow::Result<()> {
    let (id, version) = match top.get("checklist") {
        None => (None, top.get("version")),
        Some(Value::String(id)) => (Some(id.as_str()), top.get("version")),
        Some(Value::Object(reference)) => (
            reference.get("id").and_then(Value::as_str),
            reference.get("version").or(top.get("version")),
        ),
        Some(_) => bail!("\"checklist\" must be the checklist's id (a string)"),
    };
    if let Some(id) = id.filter(|id| *id != definition.id) {
        bail!(
            "these answers are for checklist `{id}`, not `{}`; give the matching checklist file",
            definition.id
        );
    }
    match version {
        None => Ok(()),
        Some(v) if v.as_u64() == Some(u64::from(definition.version)) => Ok(()),
        Some(v) => bail!(
            "these answers are for version {v} of `{}`, but the checklist file is version {}; \
             give the file of that version",
            definition.id,
            definition.version
        ),
    }
}

fn parse_answers(value: Value) -> anyhow::Result<Answers> {
    let mut answers = Answers::new();
    let entries: Vec<(String, Value)> = match value {
        Value::Object(map) => map.into_iter().collect(),
        // A list of { "question": …, "answer": …, "explanation": … }.
        Value::Array(list) => list
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let question = item
                    .get("question")
                    .and_then(Value::as_str)
                    .ok_or_else(|| anyhow!("answer {} has no \"question\" id", i + 1))?
                    .to_string();
                Ok((question, item))
            })
            .collect::<anyhow::Result<_>>()?,
        _ => bail!("\"answers\" must be an object of question id → answer"),
    };
    for (question, item) in entries {
        let (answer, explanation) = match &item {
            Value::Object(fields) => (
                fields.get("answer").cloned().unwrap_or(Value::Null),
                match fields.get("explanation") {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(text)) => text.clone(),
                    Some(_) => bail!("question `{question}`: \"explanation\" must be text"),
                },
            ),
            other => (other.clone(), String::new()),
        };
        let answer = answer_from(&answer).ok_or_else(|| {
            anyhow!(
                "question `{question}`: {answer} is not on the scale; use one of {}",
                Answer::NAMES.join(", ")
            )
        })?;
        if answers
            .insert(
                question.clone(),
                QuestionAnswer {
                    answer,
                    explanation,
                },
            )
            .is_some()
        {
            bail!("question `{question}` is answered twice; keep one answer");
        }
    }
    Ok(answers)
}

/// An answer as its name, the words the app shows, or its points.
fn answer_from(value: &Value) -> Option<Answer> {
    if let Some(points) = value.as_u64() {
        return match points {
            3 => Some(Answer::Ja),
            2 => Some(Answer::Grotendeels),
            1 => Some(Answer::Deels),
            0 => Some(Answer::Nee),
            _ => None,
        };
    }
    let words: String = value
        .as_str()?
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '.' | ','))
        .collect();
    match words
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .as_str()
    {
        "ja" | "ja zo werken we" => Some(Answer::Ja),
        "grotendeels" => Some(Answer::Grotendeels),
        "deels" | "deels / in ontwikkeling" | "in ontwikkeling" => Some(Answer::Deels),
        "nee" | "nee nog niet" => Some(Answer::Nee),
        "nvt" | "n v t" | "niet van toepassing" => Some(Answer::Nvt),
        _ => None,
    }
}
