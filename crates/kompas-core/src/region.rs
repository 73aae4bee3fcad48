//! The region's figures from the hospices' scores: median and interquartile range per
//! theme, a manager's comparison with the privacy threshold, and the small counts beside
//! them. Pure functions: the server computes them on SQLite and PostgreSQL alike from the
//! rows it read, and the tests need no database.
//!
//! What a manager may see is decided here, once: per theme the own score and, only when at
//! least [`MIN_COMPARISON_GROUP`] hospices of the region have a score, the region's median
//! and quartiles. Never a minimum, a maximum, a total, a mean or another hospice's figure,
//! because any of those beside the own known score lets one hospice's figure be worked out.

use kompas_proto::checklist::{ChecklistDefinition, SelfEvaluation, ThemeScore};
use kompas_proto::region::{
    HospiceYearState, Progress, RegionFigure, ReviewState, Spread, ThemeComparison, ThemeInfo,
    ThemeSpread, MIN_COMPARISON_GROUP,
};

/// The median and quartiles of `scores` (any order), by linear interpolation between the
/// closest ranks, as Excel's `QUARTILE.INC` and LibreOffice's `QUARTILE`, so a coordinator
/// who checks a figure in a spreadsheet finds the same; rounded to one decimal. `None` for
/// no scores.
pub fn spread(scores: &[u32]) -> Option<Spread> {
    if scores.is_empty() {
        return None;
    }
    let mut sorted = scores.to_vec();
    sorted.sort_unstable();
    Some(Spread {
        hospices: u32::try_from(sorted.len()).unwrap_or(u32::MAX),
        q1: quantile(&sorted, 0.25),
        median: quantile(&sorted, 0.5),
        q3: quantile(&sorted, 0.75),
    })
}

fn quantile(sorted: &[u32], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    let value =
        f64::from(sorted[lo]) + (h - lo as f64) * (f64::from(sorted[hi]) - f64::from(sorted[lo]));
    (value * 10.0).round() / 10.0
}

/// The themes of the checklists the region's submissions answer, each once, in the order
/// of the first checklist that has it (a later version may add or rename one: the newest
/// title wins when `definitions` come newest first).
pub fn themes_of<'a>(
    definitions: impl IntoIterator<Item = &'a ChecklistDefinition>,
) -> Vec<ThemeInfo> {
    let mut themes: Vec<ThemeInfo> = Vec::new();
    for definition in definitions {
        for theme in definition.themes() {
            if !themes.iter().any(|t| t.id == theme.id) {
                themes.push(ThemeInfo {
                    id: theme.id.clone(),
                    title: theme.title.clone(),
                });
            }
        }
    }
    themes
}

/// The region's spread per theme, from each hospice's scores of one year (one slice per
/// hospice). A hospice without a score for a theme ("geen score") is not counted for it.
pub fn theme_spreads<S: AsRef<[ThemeScore]>>(
    themes: &[ThemeInfo],
    hospices: &[S],
) -> Vec<ThemeSpread> {
    themes
        .iter()
        .map(|theme| ThemeSpread {
            theme: theme.id.clone(),
            spread: spread(&scores_for(&theme.id, hospices)),
        })
        .collect()
}

fn scores_for<S: AsRef<[ThemeScore]>>(theme: &str, hospices: &[S]) -> Vec<u32> {
    hospices
        .iter()
        .filter_map(|scores| {
            scores
                .as_ref()
                .iter()
                .find(|s| s.theme == theme)
                .and_then(|s| s.score)
        })
        .collect()
}

/// What a manager sees: per theme the own score beside the region's, the region only where
/// at least [`MIN_COMPARISON_GROUP`] hospices (the own one included) have a score.
/// `region` holds every hospice's scores of the year, the own hospice's among them.
pub fn compare<S: AsRef<[ThemeScore]>>(
    themes: &[ThemeInfo],
    own: Option<&[ThemeScore]>,
    region: &[S],
) -> Vec<ThemeComparison> {
    themes
        .iter()
        .map(|theme| {
            let scores = scores_for(&theme.id, region);
            let region = match spread(&scores) {
                Some(s) if s.hospices >= MIN_COMPARISON_GROUP => RegionFigure::Compared {
                    q1: s.q1,
                    median: s.median,
                    q3: s.q3,
                },
                _ => RegionFigure::TooFew,
            };
            ThemeComparison {
                theme: theme.id.clone(),
                title: theme.title.clone(),
                own: own.and_then(|own| own.iter().find(|s| s.theme == theme.id)?.score),
                region,
            }
        })
        .collect()
}

/// Actions still to do (gepland, bezig), in all themes or in one.
pub fn open_actions(evaluation: &SelfEvaluation, theme: Option<&str>) -> u32 {
    let open = evaluation
        .actions
        .iter()
        .filter(|a| a.status.is_open() && theme.is_none_or(|t| a.theme == t))
        .count();
    u32::try_from(open).unwrap_or(u32::MAX)
}

/// Where a hospice stands with a year: sent or not, the coordinator's mark, and, before it
/// is sent, the progress the hospice chose to share (none: "nog niet ontvangen").
pub fn year_state(
    sent: bool,
    review: Option<ReviewState>,
    progress: Option<Progress>,
) -> HospiceYearState {
    match (sent, review, progress) {
        (false, _, None) => HospiceYearState::NotReceived,
        (false, _, Some(p)) if p.answered == 0 => HospiceYearState::NotStarted,
        (false, _, Some(_)) => HospiceYearState::Concept,
        (true, None, _) => HospiceYearState::Sent,
        (true, Some(ReviewState::Received), _) => HospiceYearState::Received,
        (true, Some(ReviewState::Discussed), _) => HospiceYearState::Discussed,
    }
}

/// Completeness as a whole percentage (applicable answers ÷ questions), as the exports and
/// screens show it: a whole number reads the same in every locale's spreadsheet.
pub fn completeness_percent(score: &ThemeScore) -> u32 {
    (score.completeness() * 100.0).round() as u32
}

#[cfg(test)]
mod tests;
