//! Test data that looks real: a new region with hospices and years of finished
//! self-evaluations, for the tests, the benchmarks and the screenshots
//! (`kompas-server generate`).
//!
//! It only ever fills a region it creates itself, so made-up scores can never mix with a
//! region's real ones; the region's name says it is generated. Nothing here runs unless
//! asked for by name: a real server starts empty.
//!
//! The data is drawn from a seeded generator, so the same plan gives the same region. Each
//! hospice has its own level per theme that rises a little most years; answers scatter
//! around it; the two weakest themes of a year get improvement actions, which are finished,
//! dropped or carried over the next year with the same id; the newest year has hospices
//! that have not sent yet (some of them share their progress); marks and notes come from the coordinator, some weeks after
//! receipt.

mod sentences;

use std::path::Path;

use kompas_proto::checklist::{
    ActionStatus, Answer, ChecklistDefinition, ChecklistKind, ChecklistRef, ImprovementAction,
    QuestionAnswer, SelfEvaluation, ThemeReflection,
};
use kompas_proto::region::{Progress, ReviewRequest, ReviewState};
use kompas_proto::sync::SubmissionRequest;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::{Db, DbError, SubmissionError};
use sentences::for_theme;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Plan {
    /// A region id that does not exist yet.
    pub region: String,
    pub hospices: usize,
    /// The newest year; the others come before it.
    pub last_year: i32,
    pub years: usize,
    /// An existing account that becomes the region's coordinator and marks the
    /// submissions; without one nothing is marked.
    pub coordinator: Option<String>,
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    pub hospices: usize,
    pub submissions: usize,
    pub reviews: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "region `{0}` already exists; the generator only fills a region it creates, so that \
         made-up scores never mix with real ones. Choose another region id."
    )]
    RegionExists(String),
    #[error("there is no account `{0}` to coordinate the region; add it first with `user add`")]
    NoSuchCoordinator(String),
    #[error("{0}")]
    Content(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Creates `plan.region`, publishes the content folder `content` to it (handbook and
/// checklists), and fills it.
pub async fn generate(db: &Db, content: &Path, plan: &Plan) -> Result<Generated, GenerateError> {
    let coordinator = match &plan.coordinator {
        Some(name) => Some(
            db.password_hash(name)
                .await?
                .map(|(id, _)| (id, name.clone()))
                .ok_or_else(|| GenerateError::NoSuchCoordinator(name.clone()))?,
        ),
        None => None,
    };
    let definition = self_evaluation(content)?;
    let name = format!("Regio {} (gegenereerd)", title_case(&plan.region));
    match db.add_region(&plan.region, &name).await {
        Ok(()) => {}
        Err(DbError::Invalid(_)) => return Err(GenerateError::RegionExists(plan.region.clone())),
        Err(error) => return Err(error.into()),
    }
    crate::publish_dir(db, content, &plan.region)
        .await
        .map_err(|e| GenerateError::Content(e.to_string()))?;
    // The submissions' sender: an account of the generator's own that cannot log in (its
    // password is random and thrown away).
    let sender = format!("{}-generator", plan.region);
    let secret: [u8; 32] = rand::random();
    let hash = crate::auth::hash_password(&format!("{secret:x?}"))
        .map_err(|e| GenerateError::Content(format!("cannot hash a password: {e}")))?;
    db.add_account(&sender, &hash, false).await?;
    let sender_id = db
        .password_hash(&sender)
        .await?
        .map(|(id, _)| id)
        .ok_or_else(|| DbError::Internal(format!("account {sender} vanished")))?;
    if let Some((_, name)) = &coordinator {
        db.add_coordinator(name, &plan.region).await?;
    }

    let mut rng = StdRng::seed_from_u64(plan.seed);
    let mut generated = Generated {
        hospices: plan.hospices,
        submissions: 0,
        reviews: 0,
    };
    let first_year = plan.last_year - i32::try_from(plan.years).unwrap_or(1) + 1;
    let questions: u32 = definition
        .themes()
        .iter()
        .map(|t| u32::try_from(t.questions.len()).unwrap_or(u32::MAX))
        .sum();
    for index in 0..plan.hospices {
        let (id, name) = hospice_name(&plan.region, index);
        db.add_organization(&id, &plan.region, &name).await?;
        let mut hospice = Hospice::new(&mut rng, &definition);
        for year in first_year..=plan.last_year {
            let newest = year == plan.last_year;
            // Some hospices join late; in the newest year some have not sent yet.
            let skip = if newest { 0.25 } else { 0.06 };
            if rng.gen_bool(skip) {
                // Of those, some share their progress: not begun yet, or a draft.
                if newest && rng.gen_bool(0.5) {
                    let answered = if rng.gen_bool(0.3) {
                        0
                    } else {
                        rng.gen_range(1..=questions)
                    };
                    let progress = Progress {
                        answered,
                        questions,
                    };
                    db.share_progress(&id, year, Some(progress)).await?;
                }
                hospice.grow(&mut rng);
                continue;
            }
            let evaluation = hospice.evaluation(&mut rng, &definition, year);
            let received = received_at(&mut rng, year);
            let uuid = uuid_at(&mut rng, &received);
            let request = SubmissionRequest {
                organization: id.clone(),
                replaces: None,
                evaluation,
            };
            match db
                .submit_received_at(&uuid, &plan.region, sender_id, &request, received.clone())
                .await
            {
                Ok(_) => generated.submissions += 1,
                Err(SubmissionError::Db(error)) => return Err(error.into()),
                Err(SubmissionError::Conflict(m) | SubmissionError::Unprocessable(m)) => {
                    return Err(GenerateError::Content(format!(
                        "a generated self-evaluation was refused ({m}); the checklist in the \
                         content folder has changed in a way the generator does not know"
                    )))
                }
            }
            if let Some((account, username)) = &coordinator {
                if let Some(state) = review_state(&mut rng, newest) {
                    let note =
                        sentences::REVIEW_NOTES[rng.gen_range(0..sentences::REVIEW_NOTES.len())];
                    let request = ReviewRequest {
                        state,
                        note: note.to_owned(),
                    };
                    let at = weeks_later(&received, rng.gen_range(1..8));
                    db.review_submission_at(&plan.region, &uuid, request, (*account, username), at)
                        .await?;
                    generated.reviews += 1;
                }
            }
            hospice.grow(&mut rng);
        }
    }
    Ok(generated)
}

/// The self-evaluation of a content folder.
fn self_evaluation(content: &Path) -> Result<ChecklistDefinition, GenerateError> {
    let checked = kompas_content::check_folder(content, kompas_content::ReviewDates::today());
    checked
        .checklists
        .into_iter()
        .filter(|c| c.kind() == ChecklistKind::SelfEvaluation)
        .max_by_key(|c| c.version)
        .ok_or_else(|| {
            GenerateError::Content(format!(
                "{} has no self-evaluation checklist (a `checklists` folder beside the \
                 handbook with one of kind \"self-evaluation\")",
                content.display()
            ))
        })
}

fn title_case(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The id and name of the `index`th hospice: `Hospice De Linde`, and numbered once the
/// names run out.
fn hospice_name(region: &str, index: usize) -> (String, String) {
    let names = sentences::NAMES;
    let base = names[index % names.len()];
    let round = index / names.len();
    let name = if round == 0 {
        format!("Hospice {base}")
    } else {
        format!("Hospice {base} {}", round + 1)
    };
    let slug: String = name
        .trim_start_matches("Hospice ")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    (format!("{region}-{slug}"), name)
}

/// A hospice's standing, which moves from year to year.
struct Hospice {
    /// By theme, in answer points (0 to 3).
    levels: Vec<f64>,
    /// Actions still open, carried over to the next year.
    open: Vec<ImprovementAction>,
    /// A hard year lowers every level a little.
    hard_year: bool,
}

impl Hospice {
    fn new(rng: &mut StdRng, definition: &ChecklistDefinition) -> Hospice {
        let base: f64 = rng.gen_range(1.0..2.4);
        Hospice {
            levels: definition
                .themes()
                .iter()
                .map(|_| (base + rng.gen_range(-0.6..0.6)).clamp(0.3, 2.9))
                .collect(),
            open: Vec::new(),
            hard_year: false,
        }
    }

    /// A year passes: most themes improve a little, some slip.
    fn grow(&mut self, rng: &mut StdRng) {
        self.hard_year = rng.gen_bool(0.12);
        for level in &mut self.levels {
            let step = if self.hard_year {
                rng.gen_range(-0.4..0.0)
            } else {
                rng.gen_range(-0.1..0.3)
            };
            *level = (*level + step).clamp(0.2, 2.95);
        }
    }

    fn evaluation(
        &mut self,
        rng: &mut StdRng,
        definition: &ChecklistDefinition,
        year: i32,
    ) -> SelfEvaluation {
        let mut evaluation = SelfEvaluation {
            checklist: ChecklistRef {
                id: definition.id.clone(),
                version: definition.version,
            },
            year,
            answers: Default::default(),
            themes: Default::default(),
            summary: String::new(),
            actions: Vec::new(),
        };
        let mut points = Vec::new();
        for (theme, level) in definition.themes().iter().zip(&self.levels) {
            let mut sum = 0.0;
            for question in &theme.questions {
                let answer = if rng.gen_bool(0.04) {
                    QuestionAnswer {
                        answer: Answer::Nvt,
                        explanation: pick(rng, sentences::NOT_APPLICABLE).to_string(),
                    }
                } else {
                    let value = (level + rng.gen_range(-1.0..1.0)).round().clamp(0.0, 3.0);
                    sum += value;
                    QuestionAnswer {
                        answer: match value as u8 {
                            3 => Answer::Ja,
                            2 => Answer::Grotendeels,
                            1 => Answer::Deels,
                            _ => Answer::Nee,
                        },
                        explanation: String::new(),
                    }
                };
                evaluation.answers.insert(question.id.clone(), answer);
            }
            points.push((sum / theme.questions.len().max(1) as f64, theme.id.clone()));
            let texts = for_theme(&theme.id);
            evaluation.themes.insert(
                theme.id.clone(),
                ThemeReflection {
                    goes_well: pick(rng, texts.goes_well).to_string(),
                    to_improve: pick(rng, texts.to_improve).to_string(),
                },
            );
        }
        // Last year's open actions: most are finished now, some dropped, some go on.
        for mut action in std::mem::take(&mut self.open) {
            action.status = match rng.gen_range(0..10) {
                0..=5 => ActionStatus::Afgerond,
                6 => ActionStatus::Vervallen,
                _ => ActionStatus::Bezig,
            };
            if action.status == ActionStatus::Afgerond {
                action.evaluation = "Gedaan; het werkt in de praktijk.".to_owned();
            }
            evaluation.actions.push(action);
        }
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (_, theme) in points.iter().take(2) {
            if evaluation
                .actions
                .iter()
                .any(|a| &a.theme == theme && a.status.is_open())
            {
                continue;
            }
            let (what, goal) = pick(rng, for_theme(theme).actions);
            evaluation.actions.push(ImprovementAction {
                id: format!("{theme}-{year}"),
                theme: theme.clone(),
                what: (*what).to_owned(),
                goal: (*goal).to_owned(),
                who: pick(rng, sentences::OWNERS).to_string(),
                due: Some(format!("{}-{:02}-01", year + 1, rng.gen_range(3..=10))),
                status: if rng.gen_bool(0.3) {
                    ActionStatus::Bezig
                } else {
                    ActionStatus::Gepland
                },
                evaluation: String::new(),
            });
        }
        self.open = evaluation
            .actions
            .iter()
            .filter(|a| a.status.is_open())
            .cloned()
            .collect();
        let opening = if self.hard_year {
            pick(rng, sentences::SUMMARY_HARD)
        } else {
            pick(rng, sentences::SUMMARY_GOOD)
        };
        evaluation.summary = format!("{opening} {}", pick(rng, sentences::SUMMARY_NEXT));
        evaluation
    }
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// The coordinator's mark: nearly every older year is discussed; the newest is partly
/// still waiting.
fn review_state(rng: &mut StdRng, newest: bool) -> Option<ReviewState> {
    let roll = rng.gen_range(0..10);
    match (newest, roll) {
        (false, 0) => Some(ReviewState::Received),
        (false, _) => Some(ReviewState::Discussed),
        (true, 0..=2) => None,
        (true, 3..=5) => Some(ReviewState::Received),
        (true, _) => Some(ReviewState::Discussed),
    }
}

/// A time in September to November of `year`, when teams finish their self-evaluation;
/// never later than an hour ago.
fn received_at(rng: &mut StdRng, year: i32) -> String {
    let month = rng.gen_range(9..=11);
    let day = rng.gen_range(1..=28);
    let hour = rng.gen_range(8..=21);
    let minute = rng.gen_range(0..60);
    not_after_now(
        &format!("{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:00Z"),
        0,
    )
}

/// `weeks` after `at`, never later than an hour ago.
fn weeks_later(at: &str, weeks: i64) -> String {
    not_after_now(at, weeks)
}

fn not_after_now(at: &str, weeks: i64) -> String {
    let latest = chrono::Utc::now() - chrono::Duration::hours(1);
    let time = chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Utc) + chrono::Duration::weeks(weeks))
        .unwrap_or(latest)
        .min(latest);
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A UUID v7 of the time received, as the device would have made it then.
fn uuid_at(rng: &mut StdRng, at: &str) -> String {
    let millis = chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.timestamp_millis())
        .unwrap_or(0);
    let random: [u8; 10] = rng.gen();
    uuid::Builder::from_unix_timestamp_millis(u64::try_from(millis).unwrap_or(0), &random)
        .into_uuid()
        .hyphenated()
        .to_string()
}
