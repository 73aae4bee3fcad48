//! The score per theme of a self-evaluation (rule [`SCORE_RULE`]), and what keeps one from
//! being finished. Pure functions of a definition and answers: the device, the server and
//! `kompas score` all call these, so a score means the same everywhere.
//!
//! The rule: each applicable answer gives its points (Ja 3, Grotendeels 2, Deels 1, Nee 0)
//! times the question's weight; the theme's score is `round(100 × points ÷ (3 × weights))`
//! over applicable answers only. N.v.t. is left out of both sides of the fraction. A theme
//! with fewer than 2 applicable answers has no score (never 0). Beside it: completeness,
//! applicable answers ÷ questions. There is no total over themes, on purpose.

use kompas_proto::checklist::{
    Answers, ChecklistBody, ChecklistDefinition, Missing, SelfEvaluation, ThemeScore, SCORE_RULE,
};

/// Fewer applicable answers than this, and a theme has no score.
pub const MIN_APPLICABLE: u32 = 2;

/// The rule these functions apply; stored with every result.
pub fn rule() -> &'static str {
    SCORE_RULE
}

/// Why answers do not fit a definition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("checklist `{0}` is a routine checklist: it is ticked, not answered or scored")]
    NotScored(String),
    #[error("question `{question}` is not in checklist `{checklist}` version {version}; check the id against the checklist")]
    UnknownQuestion {
        question: String,
        checklist: String,
        version: u32,
    },
}

/// Checks that every answer belongs to a question of `definition`. (An answer outside the
/// scale cannot exist: [`kompas_proto::checklist::Answer`] has only the scale's values.)
pub fn check_answers(
    definition: &ChecklistDefinition,
    answers: &Answers,
) -> Result<(), AnswerError> {
    if !matches!(definition.body, ChecklistBody::SelfEvaluation { .. }) {
        return Err(AnswerError::NotScored(definition.id.clone()));
    }
    match answers.keys().find(|id| definition.question(id).is_none()) {
        Some(question) => Err(AnswerError::UnknownQuestion {
            question: question.clone(),
            checklist: definition.id.clone(),
            version: definition.version,
        }),
        None => Ok(()),
    }
}

/// The score of every theme, in the definition's order. Answers to questions that are
/// not in the definition are ignored (see [`check_answers`]).
pub fn score_themes(definition: &ChecklistDefinition, answers: &Answers) -> Vec<ThemeScore> {
    let max = match &definition.body {
        ChecklistBody::SelfEvaluation { scale, .. } => scale.max_points(),
        ChecklistBody::Routine { .. } => return Vec::new(),
    };
    definition
        .themes()
        .iter()
        .map(|theme| {
            let (mut points, mut possible) = (0u64, 0u64);
            let (mut applicable, mut answered) = (0u32, 0u32);
            for question in &theme.questions {
                let Some(answer) = answers.get(&question.id) else {
                    continue;
                };
                answered += 1;
                if let Some(p) = answer.answer.points() {
                    applicable += 1;
                    points += u64::from(p) * u64::from(question.weight);
                    possible += u64::from(max) * u64::from(question.weight);
                }
            }
            let score = (applicable >= MIN_APPLICABLE && possible > 0)
                .then(|| round_percent(points, possible));
            ThemeScore {
                theme: theme.id.clone(),
                score,
                applicable,
                answered,
                questions: theme.questions.len() as u32,
            }
        })
        .collect()
}

/// `round(100 × part ÷ whole)`, halves up, in integers (no float can make 82.5 into 82).
fn round_percent(part: u64, whole: u64) -> u32 {
    ((200 * part + whole) / (2 * whole)) as u32
}

/// What is missing before `evaluation` can be finished, theme by theme in the definition's
/// order, the summary last. Empty when it can be finished.
pub fn missing(definition: &ChecklistDefinition, evaluation: &SelfEvaluation) -> Vec<Missing> {
    let mut out = Vec::new();
    for theme in definition.themes() {
        for question in &theme.questions {
            match evaluation.answers.get(&question.id) {
                None => out.push(Missing::Answer {
                    theme: theme.id.clone(),
                    question: question.id.clone(),
                }),
                Some(answer)
                    if answer.answer.points().is_none() && answer.explanation.trim().is_empty() =>
                {
                    out.push(Missing::Explanation {
                        theme: theme.id.clone(),
                        question: question.id.clone(),
                    })
                }
                Some(_) => {}
            }
        }
        let reflection = evaluation.themes.get(&theme.id);
        if reflection.is_none_or(|r| r.goes_well.trim().is_empty()) {
            out.push(Missing::GoesWell {
                theme: theme.id.clone(),
            });
        }
        if reflection.is_none_or(|r| r.to_improve.trim().is_empty()) {
            out.push(Missing::ToImprove {
                theme: theme.id.clone(),
            });
        }
        for action in evaluation.actions.iter().filter(|a| a.theme == theme.id) {
            if action.what.trim().is_empty() {
                out.push(Missing::ActionWhat {
                    theme: theme.id.clone(),
                    action: action.id.clone(),
                });
            }
        }
    }
    if evaluation.summary.trim().is_empty() {
        out.push(Missing::Summary);
    }
    out
}

#[cfg(test)]
mod tests;
