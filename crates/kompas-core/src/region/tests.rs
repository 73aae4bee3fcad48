use kompas_proto::checklist::ThemeScore;
use kompas_proto::region::{RegionFigure, ReviewState, Spread, ThemeInfo};

use super::*;

fn score(theme: &str, score: Option<u32>) -> ThemeScore {
    ThemeScore {
        theme: theme.into(),
        score,
        applicable: if score.is_some() { 4 } else { 1 },
        answered: 4,
        questions: 5,
    }
}

fn themes() -> Vec<ThemeInfo> {
    ["gast", "zorg"]
        .iter()
        .map(|id| ThemeInfo {
            id: (*id).into(),
            title: format!("Thema {id}"),
        })
        .collect()
}

/// One hospice's scores: `gast` as given, `zorg` always without a score.
fn hospice(gast: Option<u32>) -> Vec<ThemeScore> {
    vec![score("gast", gast), score("zorg", None)]
}

fn spread_of(values: &[u32]) -> (f64, f64, f64) {
    let s = spread(values).expect("values");
    (s.q1, s.median, s.q3)
}

#[test]
fn quartiles_interpolate_as_spreadsheets_do() {
    // Checked against LibreOffice's QUARTILE(…; 1), MEDIAN, QUARTILE(…; 3).
    assert_eq!(spread_of(&[50, 60, 70, 80, 90]), (60.0, 70.0, 80.0));
    assert_eq!(spread_of(&[90, 50, 80, 60]), (57.5, 70.0, 82.5));
    assert_eq!(spread_of(&[10, 20, 30, 40, 50, 60]), (22.5, 35.0, 47.5));
    assert_eq!(spread_of(&[67, 33, 100]), (50.0, 67.0, 83.5));
    assert_eq!(spread_of(&[42]), (42.0, 42.0, 42.0));
    assert_eq!(spread(&[]), None);
}

#[test]
fn ties_count_each_hospice() {
    assert_eq!(spread_of(&[70, 70, 70, 70, 100]), (70.0, 70.0, 70.0));
    assert_eq!(spread_of(&[0, 0, 100, 100]), (0.0, 50.0, 100.0));
    assert_eq!(spread(&[70, 70, 70]).map(|s| s.hospices), Some(3));
}

#[test]
fn one_decimal_is_kept() {
    // (n - 1) × 0.25 = 0.5 between 33 and 34.
    assert_eq!(spread_of(&[33, 34, 35]), (33.5, 34.0, 34.5));
    // 1.75 of the way: 10 + 0.75 × 1 = 10.75 → 10.8.
    assert_eq!(spread_of(&[0, 10, 11, 12, 13, 14, 15, 16]).0, 10.8);
}

#[test]
fn a_theme_without_scores_has_no_spread_and_geen_score_is_not_zero() {
    let a = hospice(Some(80));
    let b = hospice(None);
    let spreads = theme_spreads(&themes(), &[&a, &b]);
    assert_eq!(
        spreads[0].spread,
        Some(Spread {
            hospices: 1,
            q1: 80.0,
            median: 80.0,
            q3: 80.0
        })
    );
    assert_eq!(spreads[1].theme, "zorg");
    assert_eq!(spreads[1].spread, None);
}

fn region_of(values: &[Option<u32>]) -> Vec<Vec<ThemeScore>> {
    values.iter().map(|v| hospice(*v)).collect()
}

fn comparison(
    own: usize,
    region: &[Vec<ThemeScore>],
) -> Vec<kompas_proto::region::ThemeComparison> {
    compare(&themes(), Some(&region[own]), region)
}

#[test]
fn four_hospices_with_a_score_give_no_figures() {
    // Five hospices, but one has no score for the theme: four count.
    let region = region_of(&[Some(60), Some(70), Some(80), Some(90), None]);
    let seen = comparison(0, &region);
    assert_eq!(seen[0].own, Some(60));
    assert_eq!(seen[0].region, RegionFigure::TooFew);
    assert_eq!(seen[1].region, RegionFigure::TooFew);
}

#[test]
fn five_hospices_with_a_score_give_the_median_and_quartiles() {
    let region = region_of(&[Some(60), Some(70), Some(80), Some(90), Some(50)]);
    let seen = comparison(0, &region);
    assert_eq!(
        seen[0].region,
        RegionFigure::Compared {
            q1: 60.0,
            median: 70.0,
            q3: 80.0
        }
    );
    assert_eq!(seen[1].region, RegionFigure::TooFew, "no one scored zorg");
}

/// Everything a manager of hospice 0 may fetch about a year, as one value to compare.
fn manager_view(region: &[Vec<ThemeScore>]) -> String {
    format!("{:?}", comparison(0, region))
}

#[test]
fn below_the_threshold_no_other_hospice_changes_what_a_manager_sees() {
    let base = [Some(55), Some(70), Some(80), Some(90)];
    let seen = manager_view(&region_of(&base));
    for other in 1..base.len() {
        for value in [0, 33, 67, 100] {
            let mut changed = base;
            changed[other] = Some(value);
            assert_eq!(
                manager_view(&region_of(&changed)),
                seen,
                "hospice {other} = {value}"
            );
            changed[other] = None;
            assert_eq!(
                manager_view(&region_of(&changed)),
                seen,
                "hospice {other} without score"
            );
        }
    }
}

#[test]
fn above_the_threshold_no_figure_belongs_to_a_known_hospice() {
    // Whoever holds which score among the others, the manager sees the same: no answer
    // ties a figure to a hospice.
    let others = [Some(40), Some(70), Some(85), Some(95), Some(60)];
    let seen = manager_view(&region_of(&[
        Some(50),
        others[0],
        others[1],
        others[2],
        others[3],
        others[4],
    ]));
    let mut permuted = others;
    permuted.rotate_left(2);
    let mut region = vec![Some(50)];
    region.extend(permuted);
    assert_eq!(manager_view(&region_of(&region)), seen);
    permuted.reverse();
    let mut region = vec![Some(50)];
    region.extend(permuted);
    assert_eq!(manager_view(&region_of(&region)), seen);
}

#[test]
fn above_the_threshold_the_extremes_stay_hidden() {
    // Five hospices: the lowest and the highest other score can move within their range
    // without any change in what the manager sees, so neither a minimum nor a maximum can
    // be worked out from the own score and the figures.
    let base = [Some(50), Some(30), Some(60), Some(80), Some(90)];
    let seen = manager_view(&region_of(&base));
    for low in [0, 10, 29, 50] {
        let mut changed = base;
        changed[1] = Some(low);
        assert_eq!(manager_view(&region_of(&changed)), seen, "lowest = {low}");
    }
    for high in [80, 85, 100] {
        let mut changed = base;
        changed[4] = Some(high);
        assert_eq!(manager_view(&region_of(&changed)), seen, "highest = {high}");
    }
}

#[test]
fn no_own_submission_still_compares_the_region() {
    let region = region_of(&[Some(60), Some(70), Some(80), Some(90), Some(50)]);
    let seen = compare(&themes(), None, &region);
    assert_eq!(seen[0].own, None);
    assert!(matches!(seen[0].region, RegionFigure::Compared { .. }));
}

#[test]
fn states_follow_sending_the_mark_and_shared_progress() {
    use kompas_proto::region::HospiceYearState as S;
    let shared = |answered| {
        Some(Progress {
            answered,
            questions: 24,
        })
    };
    assert_eq!(
        year_state(false, Some(ReviewState::Discussed), None),
        S::NotReceived
    );
    assert_eq!(year_state(false, None, shared(0)), S::NotStarted);
    assert_eq!(year_state(false, None, shared(1)), S::Concept);
    assert_eq!(year_state(false, None, shared(24)), S::Concept);
    // Once sent, the shared progress says nothing more.
    assert_eq!(year_state(true, None, shared(3)), S::Sent);
    assert_eq!(year_state(true, None, None), S::Sent);
    assert_eq!(
        year_state(true, Some(ReviewState::Received), shared(24)),
        S::Received
    );
    assert_eq!(
        year_state(true, Some(ReviewState::Discussed), None),
        S::Discussed
    );
}

#[test]
fn completeness_is_a_whole_percentage() {
    let mut s = score("gast", Some(80));
    s.applicable = 6;
    s.questions = 7;
    assert_eq!(completeness_percent(&s), 86);
    s.questions = 0;
    assert_eq!(completeness_percent(&s), 0);
}
