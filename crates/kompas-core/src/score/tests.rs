use kompas_proto::checklist::{
    ActionStatus, Answer, ChecklistRef, ImprovementAction, QuestionAnswer, SelfEvaluation,
    ThemeReflection,
};

use super::*;
use crate::check::SourceFile;
use crate::checklist::{check_checklists, SectionIds};

fn definition(toml: &str) -> ChecklistDefinition {
    let mut diagnostics = Vec::new();
    let mut definitions = check_checklists(
        &[SourceFile {
            path: "z.toml".into(),
            bytes: toml.as_bytes().to_vec(),
        }],
        SectionIds::Unknown,
        &mut diagnostics,
    );
    assert!(
        diagnostics.iter().all(|d| !d.is_error()),
        "{diagnostics:#?}"
    );
    definitions.pop().expect("one definition")
}

const TWO_THEMES: &str = r#"
id = "z"
version = 1
kind = "self-evaluation"
title = "Z"
scale = "standaard"
[[theme]]
id = "a"
title = "A"
[[theme.question]]
id = "a1"
text = "Wij a1."
[[theme.question]]
id = "a2"
text = "Wij a2."
weight = 3
[[theme.question]]
id = "a3"
text = "Wij a3."
[[theme]]
id = "b"
title = "B"
[[theme.question]]
id = "b1"
text = "Wij b1."
[[theme.question]]
id = "b2"
text = "Wij b2."
"#;

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(q, a)| {
            (
                q.to_string(),
                QuestionAnswer {
                    answer: *a,
                    explanation: String::new(),
                },
            )
        })
        .collect()
}

#[test]
fn weights_count_on_both_sides_and_nvt_on_neither() {
    let def = definition(TWO_THEMES);
    // a: (3×1 + 1×3) / (3×1 + 3×3) = 6/12 = 50; a3 N.v.t. is left out.
    let scores = score_themes(
        &def,
        &answers(&[
            ("a1", Answer::Ja),
            ("a2", Answer::Deels),
            ("a3", Answer::Nvt),
        ]),
    );
    assert_eq!(scores[0].score, Some(50));
    assert_eq!(
        (
            scores[0].applicable,
            scores[0].answered,
            scores[0].questions
        ),
        (2, 3, 3)
    );
    assert!((scores[0].completeness() - 2.0 / 3.0).abs() < 1e-9);
    // b: nothing answered: no score, completeness 0.
    assert_eq!(scores[1].score, None);
    assert_eq!(scores[1].completeness(), 0.0);
}

#[test]
fn fewer_than_two_applicable_answers_is_no_score_never_zero() {
    let def = definition(TWO_THEMES);
    let scores = score_themes(&def, &answers(&[("b1", Answer::Nee), ("b2", Answer::Nvt)]));
    assert_eq!(scores[1].score, None);
    let scores = score_themes(&def, &answers(&[("b1", Answer::Nee), ("b2", Answer::Nee)]));
    assert_eq!(
        scores[1].score,
        Some(0),
        "two applicable answers of Nee do score 0"
    );
}

#[test]
fn halves_round_up_without_float_error() {
    assert_eq!(round_percent(1, 2), 50);
    assert_eq!(round_percent(5, 6), 83); // 83.33
    assert_eq!(round_percent(33, 40), 83); // 82.5 → 83
    assert_eq!(round_percent(1, 3), 33);
    assert_eq!(round_percent(2, 3), 67);
    assert_eq!(round_percent(0, 9), 0);
    assert_eq!(round_percent(9, 9), 100);
}

#[test]
fn unknown_questions_and_routine_checklists_are_refused() {
    let def = definition(TWO_THEMES);
    assert!(check_answers(&def, &answers(&[("a1", Answer::Ja)])).is_ok());
    let error = check_answers(&def, &answers(&[("zz", Answer::Ja)])).expect_err("unknown");
    assert!(error.to_string().contains("`zz`"), "{error}");
    let routine = definition(
        "id = \"r\"\nversion = 1\nkind = \"routine\"\ntitle = \"R\"\n[[step]]\ntext = \"Doe iets.\"\n",
    );
    assert!(matches!(
        check_answers(&routine, &Answers::new()),
        Err(AnswerError::NotScored(_))
    ));
    assert!(score_themes(&routine, &Answers::new()).is_empty());
}

#[test]
fn missing_lists_every_gap_theme_by_theme_and_the_summary_last() {
    let def = definition(TWO_THEMES);
    let mut evaluation = SelfEvaluation {
        checklist: ChecklistRef {
            id: "z".into(),
            version: 1,
        },
        year: 2026,
        answers: answers(&[("a1", Answer::Ja), ("a2", Answer::Nvt), ("b1", Answer::Nee)]),
        themes: Default::default(),
        summary: "  ".into(),
        actions: vec![ImprovementAction {
            id: "x".into(),
            theme: "b".into(),
            what: String::new(),
            goal: String::new(),
            who: String::new(),
            due: None,
            status: ActionStatus::Gepland,
            evaluation: String::new(),
        }],
    };
    let gaps = missing(&def, &evaluation);
    let kinds: Vec<String> = gaps
        .iter()
        .map(|m| format!("{}:{m:?}", m.theme().unwrap_or("-")))
        .collect();
    assert_eq!(gaps.len(), 9, "{kinds:#?}");
    assert!(matches!(&gaps[0], Missing::Explanation { question, .. } if question == "a2"));
    assert!(matches!(&gaps[1], Missing::Answer { question, .. } if question == "a3"));
    assert_eq!(gaps.last(), Some(&Missing::Summary));

    for q in ["a2", "a3", "b2"] {
        evaluation.answers.insert(
            q.into(),
            QuestionAnswer {
                answer: Answer::Nvt,
                explanation: "Wij hebben geen tuin.".into(),
            },
        );
    }
    for t in ["a", "b"] {
        evaluation.themes.insert(
            t.into(),
            ThemeReflection {
                goes_well: "Veel.".into(),
                to_improve: "Iets.".into(),
            },
        );
    }
    evaluation.summary = "Samen goed op weg.".into();
    evaluation.actions[0].what = "Scholing plannen".into();
    assert_eq!(missing(&def, &evaluation), Vec::new());
}
