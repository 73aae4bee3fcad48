//! Checklists and self-evaluations: their definitions (content, published by a region and
//! pulled by devices), a hospice's answers, and the scores per theme. The same types cross
//! IPC (the UI shows them) and the sync API (the server checks submissions against them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version of the scoring rule, stored with every score so that a figure can always be
/// traced to the rule that made it. Bumped when the rule changes, never reused.
pub const SCORE_RULE: &str = "kompas-score-1";

/// A checklist as published: a stable id, a version that never changes once published,
/// and either steps to tick or themes to answer.
///
/// On the wire the body's fields sit beside the others (`"kind": "routine", "groups": ...`).
/// Reading goes through [`WireDefinition`] rather than `#[serde(flatten)]`, which buffers
/// the whole value first and costs the wasm UI kilobytes of code; the format is the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WireDefinition")]
pub struct ChecklistDefinition {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub intro: Option<String>,
    #[serde(flatten)]
    pub body: ChecklistBody,
}

/// A [`ChecklistDefinition`] as it is read: the body's fields side by side.
#[derive(Deserialize)]
struct WireDefinition {
    id: String,
    version: u32,
    title: String,
    intro: Option<String>,
    kind: ChecklistKind,
    groups: Option<Vec<StepGroup>>,
    scale: Option<Scale>,
    themes: Option<Vec<Theme>>,
}

impl TryFrom<WireDefinition> for ChecklistDefinition {
    type Error = String;

    fn try_from(wire: WireDefinition) -> Result<ChecklistDefinition, String> {
        let missing = |field: &str| format!("checklist `{}` has no `{field}`", wire.id);
        let body = match wire.kind {
            ChecklistKind::Routine => ChecklistBody::Routine {
                groups: wire.groups.ok_or_else(|| missing("groups"))?,
            },
            ChecklistKind::SelfEvaluation => ChecklistBody::SelfEvaluation {
                scale: wire.scale.ok_or_else(|| missing("scale"))?,
                themes: wire.themes.ok_or_else(|| missing("themes"))?,
            },
        };
        Ok(ChecklistDefinition {
            id: wire.id,
            version: wire.version,
            title: wire.title,
            intro: wire.intro,
            body,
        })
    }
}

impl ChecklistDefinition {
    pub fn kind(&self) -> ChecklistKind {
        match self.body {
            ChecklistBody::Routine { .. } => ChecklistKind::Routine,
            ChecklistBody::SelfEvaluation { .. } => ChecklistKind::SelfEvaluation,
        }
    }

    /// The themes of a self-evaluation; none for a routine checklist.
    pub fn themes(&self) -> &[Theme] {
        match &self.body {
            ChecklistBody::SelfEvaluation { themes, .. } => themes,
            ChecklistBody::Routine { .. } => &[],
        }
    }

    /// A question of a self-evaluation by its id, with the theme it belongs to.
    pub fn question(&self, id: &str) -> Option<(&Theme, &Question)> {
        self.themes()
            .iter()
            .find_map(|t| t.questions.iter().find(|q| q.id == id).map(|q| (t, q)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChecklistKind {
    /// Ticked during a shift; never scored, never sent.
    Routine,
    /// The yearly self-evaluation of a hospice team: answered, scored per theme, sent.
    SelfEvaluation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChecklistBody {
    Routine { groups: Vec<StepGroup> },
    SelfEvaluation { scale: Scale, themes: Vec<Theme> },
}

/// Steps under an optional title; the steps of a checklist without groups are one group
/// without a title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepGroup {
    pub title: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub text: String,
    pub help: Option<String>,
    /// The id of a handbook section this step links to.
    pub section: Option<String>,
}

/// A building block (bouwsteen) of a self-evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable across versions of the checklist, unique within it.
    pub id: String,
    /// A statement the team discusses ("Wij ...").
    pub text: String,
    /// What shows it ("waaruit blijkt dit?").
    pub help: Option<String>,
    pub section: Option<String>,
    /// 1 to 10; counts that many times in its theme's score.
    pub weight: u32,
}

/// The answer scale of a self-evaluation. One for now; a checklist names it, so another
/// scale can be added without reinterpreting published answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    /// Ja, zo werken we (3) · Grotendeels (2) · Deels / in ontwikkeling (1) ·
    /// Nee, nog niet (0) · N.v.t. (not counted).
    Standaard,
}

impl Scale {
    pub const NAMES: [&'static str; 1] = ["standaard"];

    pub fn from_name(name: &str) -> Option<Scale> {
        match name {
            "standaard" => Some(Scale::Standaard),
            _ => None,
        }
    }

    /// The answers of this scale, from the best to N.v.t.
    pub fn answers(self) -> [Answer; 5] {
        match self {
            Scale::Standaard => [
                Answer::Ja,
                Answer::Grotendeels,
                Answer::Deels,
                Answer::Nee,
                Answer::Nvt,
            ],
        }
    }

    /// The points of the best answer.
    pub fn max_points(self) -> u32 {
        match self {
            Scale::Standaard => 3,
        }
    }
}

/// One answer on the scale `standaard`, written in files and JSON as `ja`, `grotendeels`,
/// `deels`, `nee` or `nvt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Ja,
    Grotendeels,
    Deels,
    Nee,
    /// Not applicable: left out of both sides of the score, needs an explanation.
    Nvt,
}

impl Answer {
    pub const NAMES: [&'static str; 5] = ["ja", "grotendeels", "deels", "nee", "nvt"];

    /// Points on the scale; `None` for N.v.t., which is not counted.
    pub fn points(self) -> Option<u32> {
        match self {
            Answer::Ja => Some(3),
            Answer::Grotendeels => Some(2),
            Answer::Deels => Some(1),
            Answer::Nee => Some(0),
            Answer::Nvt => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Answer::Ja => "ja",
            Answer::Grotendeels => "grotendeels",
            Answer::Deels => "deels",
            Answer::Nee => "nee",
            Answer::Nvt => "nvt",
        }
    }
}

/// The answer to one question, with the team's explanation ("waaruit blijkt dit?";
/// required for N.v.t.).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionAnswer {
    pub answer: Answer,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
}

/// Answers by question id.
pub type Answers = BTreeMap<String, QuestionAnswer>;

/// The score of one theme. No total over themes exists anywhere, on purpose: scores are a
/// conversation aid, not a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeScore {
    pub theme: String,
    /// 0 to 100; `None` ("geen score") with fewer than 2 applicable answers, never 0.
    pub score: Option<u32>,
    /// Answers other than N.v.t.
    pub applicable: u32,
    /// Questions answered in any way, N.v.t. included.
    pub answered: u32,
    pub questions: u32,
}

impl ThemeScore {
    /// Applicable answers ÷ questions: how much of the theme the score stands on.
    pub fn completeness(&self) -> f64 {
        if self.questions == 0 {
            0.0
        } else {
            f64::from(self.applicable) / f64::from(self.questions)
        }
    }
}

/// Which checklist, in which version, something answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRef {
    pub id: String,
    pub version: u32,
}

/// A hospice's self-evaluation of one year: what the team answered and wrote. The same
/// value is the device's draft and, once finished, the body of a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfEvaluation {
    pub checklist: ChecklistRef,
    pub year: i32,
    #[serde(default)]
    pub answers: Answers,
    /// "Wat gaat goed" and "Wat kan beter" by theme id.
    #[serde(default)]
    pub themes: BTreeMap<String, ThemeReflection>,
    /// The overall summary.
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub actions: Vec<ImprovementAction>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeReflection {
    #[serde(default)]
    pub goes_well: String,
    #[serde(default)]
    pub to_improve: String,
}

/// A verbeteractie: what the team will improve in one theme, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImprovementAction {
    /// Stable across years: an open action carried over keeps its id.
    pub id: String,
    pub theme: String,
    pub what: String,
    /// When it is good enough.
    #[serde(default)]
    pub goal: String,
    /// A role or a name.
    #[serde(default)]
    pub who: String,
    /// ISO date (`2027-06-01`).
    #[serde(default)]
    pub due: Option<String>,
    pub status: ActionStatus,
    #[serde(default)]
    pub evaluation: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Gepland,
    Bezig,
    Afgerond,
    Vervallen,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Gepland,
        ActionStatus::Bezig,
        ActionStatus::Afgerond,
        ActionStatus::Vervallen,
    ];

    /// The name on the wire and in storage (`gepland`, ...), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Gepland => "gepland",
            ActionStatus::Bezig => "bezig",
            ActionStatus::Afgerond => "afgerond",
            ActionStatus::Vervallen => "vervallen",
        }
    }

    /// Still to be done: carried over to next year's self-evaluation.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Gepland | ActionStatus::Bezig)
    }
}

/// What keeps a self-evaluation from being finished. Externally tagged, as `PageData`
/// (it crosses IPC only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// A question without an answer.
    Answer { theme: String, question: String },
    /// N.v.t. without the explanation it needs.
    Explanation { theme: String, question: String },
    /// "Wat gaat goed" of a theme.
    GoesWell { theme: String },
    /// "Wat kan beter" of a theme.
    ToImprove { theme: String },
    /// An action without its "what".
    ActionWhat { theme: String, action: String },
    /// The overall summary.
    Summary,
}

impl Missing {
    /// The theme where it can be put right; `None` for the summary.
    pub fn theme(&self) -> Option<&str> {
        match self {
            Missing::Answer { theme, .. }
            | Missing::Explanation { theme, .. }
            | Missing::GoesWell { theme }
            | Missing::ToImprove { theme }
            | Missing::ActionWhat { theme, .. } => Some(theme),
            Missing::Summary => None,
        }
    }
}

/// A checklist in a list (home, a section's checklists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistSummary {
    pub id: String,
    pub version: u32,
    pub kind: ChecklistKind,
    pub title: String,
    /// Steps of a routine checklist, questions of a self-evaluation.
    pub items: u32,
}

/// A routine checklist being ticked: which steps (numbered through all groups, from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutineView {
    pub definition: ChecklistDefinition,
    pub ticked: Vec<u32>,
    /// When the first tick of this round was set (RFC 3339); `None`: not begun.
    pub started_at: Option<String>,
}

/// Where a self-evaluation is, in words the UI shows: Concept → Afgerond → In wachtrij →
/// Verzonden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvaluationState {
    /// Being answered; every change saved on the device at once.
    Concept,
    /// Finished and checked; not yet queued (no login to a server for its hospice).
    Finished,
    /// In the outbox, waiting for the server.
    Queued,
    /// The server confirmed it.
    Sent,
}

/// The answer being given to one question; the explanation may come before the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftAnswer {
    pub answer: Option<Answer>,
    pub explanation: String,
}

/// A self-evaluation on the device, as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationRecord {
    /// UUID v7, made on the device; the submission's id on the server.
    pub uuid: String,
    pub organization: String,
    pub state: EvaluationState,
    /// The version sent before, which this one replaces.
    pub replaces: Option<String>,
    pub year: i32,
    pub checklist: ChecklistRef,
    pub answers: BTreeMap<String, DraftAnswer>,
    pub themes: BTreeMap<String, ThemeReflection>,
    pub summary: String,
    pub actions: Vec<ImprovementAction>,
    /// RFC 3339.
    pub updated_at: String,
    pub sent_at: Option<String>,
    /// Why the server refused it, when it did (it is then editable again as a new version).
    pub refused: Option<String>,
    /// The coordinator's mark on it (Ontvangen, Besproken), synced down from the server.
    #[serde(default)]
    pub review: Option<crate::region::Review>,
    /// Whether the hospice shares how far this year's self-evaluation is with the region
    /// (counts only), as its manager chose.
    #[serde(default)]
    pub share_progress: bool,
}

impl EvaluationRecord {
    /// What is answered, as scoring and the server read it.
    pub fn evaluation(&self) -> SelfEvaluation {
        SelfEvaluation {
            checklist: self.checklist.clone(),
            year: self.year,
            answers: self
                .answers
                .iter()
                .filter_map(|(id, draft)| {
                    draft.answer.map(|answer| {
                        (
                            id.clone(),
                            QuestionAnswer {
                                answer,
                                explanation: draft.explanation.clone(),
                            },
                        )
                    })
                })
                .collect(),
            themes: self.themes.clone(),
            summary: self.summary.clone(),
            actions: self.actions.clone(),
        }
    }
}

/// A self-evaluation in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationSummary {
    pub uuid: String,
    pub organization: String,
    pub year: i32,
    pub title: String,
    pub state: EvaluationState,
    pub updated_at: String,
}

/// The checklists screen: the routine checklists, and for a manager the self-evaluations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistsView {
    pub checklists: Vec<ChecklistSummary>,
    /// Self-evaluations on this device for the followed hospice, newest first.
    pub evaluations: Vec<EvaluationSummary>,
    /// The user is a manager of the hospice this device follows (who may start one).
    pub may_evaluate: bool,
    /// This year, as the device's clock has it.
    pub year: i32,
}

/// A self-evaluation with what the screens show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationView {
    pub record: EvaluationRecord,
    /// The checklist version it answers.
    pub definition: ChecklistDefinition,
    /// The scores per theme so far (no total, ever).
    pub scores: Vec<ThemeScore>,
    /// What keeps it from being finished, theme by theme.
    pub missing: Vec<Missing>,
}

/// A change made on a checklist or self-evaluation screen; each is saved at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum ChecklistEdit {
    Tick {
        id: String,
        step: u32,
        ticked: bool,
    },
    /// "Opnieuw beginnen".
    RestartRoutine {
        id: String,
    },
    /// Starts (or continues) this year's self-evaluation on `checklist`.
    StartEvaluation {
        checklist: String,
    },
    Answer {
        uuid: String,
        question: String,
        answer: Option<Answer>,
        explanation: String,
    },
    Reflection {
        uuid: String,
        theme: String,
        goes_well: String,
        to_improve: String,
    },
    Summary {
        uuid: String,
        text: String,
    },
    /// Adds (empty `id`) or changes an improvement action.
    SaveAction {
        uuid: String,
        action: ImprovementAction,
    },
    DeleteAction {
        uuid: String,
        id: String,
    },
    /// "Afronden".
    Finish {
        uuid: String,
    },
    /// Back to Concept, before sending.
    Reopen {
        uuid: String,
    },
    /// "Versturen": into the outbox.
    Send {
        uuid: String,
    },
    /// A new version of a sent self-evaluation.
    Revise {
        uuid: String,
    },
    /// Shares how far the self-evaluation's year is with the region (counts only), or stops.
    ShareProgress {
        uuid: String,
        share: bool,
    },
}

impl ChecklistEdit {
    /// The self-evaluation the edit changes; `None` for routine checklists and a start.
    pub fn evaluation(&self) -> Option<&str> {
        match self {
            ChecklistEdit::Tick { .. }
            | ChecklistEdit::RestartRoutine { .. }
            | ChecklistEdit::StartEvaluation { .. } => None,
            ChecklistEdit::Answer { uuid, .. }
            | ChecklistEdit::Reflection { uuid, .. }
            | ChecklistEdit::Summary { uuid, .. }
            | ChecklistEdit::SaveAction { uuid, .. }
            | ChecklistEdit::DeleteAction { uuid, .. }
            | ChecklistEdit::Finish { uuid }
            | ChecklistEdit::Reopen { uuid }
            | ChecklistEdit::Send { uuid }
            | ChecklistEdit::Revise { uuid }
            | ChecklistEdit::ShareProgress { uuid, .. } => Some(uuid),
        }
    }
}

/// What an edit did: the self-evaluation it leaves open (a new one after start, revise or
/// a resend), and what is still missing after "Afronden".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditOutcome {
    pub uuid: Option<String>,
    pub missing: Vec<Missing>,
}

#[cfg(test)]
mod tests;
