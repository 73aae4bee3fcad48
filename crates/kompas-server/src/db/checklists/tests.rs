use kompas_proto::checklist::{
    ActionStatus, Answer, ChecklistBody, ChecklistRef, ImprovementAction, Question, QuestionAnswer,
    Scale, SelfEvaluation, Theme, ThemeReflection,
};

use super::*;

fn definition(id: &str, version: u32, text: &str) -> ChecklistDefinition {
    let question = |q: &str| Question {
        id: q.into(),
        text: format!("Wij {text} {q}."),
        help: None,
        section: None,
        weight: 1,
    };
    ChecklistDefinition {
        id: id.into(),
        version,
        title: "Zelfevaluatie".into(),
        intro: None,
        body: ChecklistBody::SelfEvaluation {
            scale: Scale::Standaard,
            themes: vec![Theme {
                id: "t".into(),
                title: "Thema".into(),
                intro: None,
                questions: vec![question("a"), question("b")],
            }],
        },
    }
}

fn stored(definition: &ChecklistDefinition, withdrawn: bool) -> StoredChecklist {
    StoredChecklist {
        id: definition.id.clone(),
        version: definition.version,
        digest: encode(definition).expect("encode").1,
        withdrawn,
    }
}

#[test]
fn a_plan_adds_new_versions_keeps_old_ones_and_withdraws_what_is_gone() {
    let v1 = definition("z", 1, "doen");
    let v2 = definition("z", 2, "doen beter");
    let gone = definition("weg", 1, "deden");
    let back = definition("terug", 1, "weer");
    let existing = [
        stored(&v1, false),
        stored(&gone, false),
        stored(&back, true),
    ];
    let plan = plan_checklists(7, &existing, &[v1.clone(), v2, back]).expect("plan");
    let upserts: Vec<_> = plan
        .upserts
        .iter()
        .map(|u| (u.id.as_str(), u.version, u.seq))
        .collect();
    assert_eq!(upserts, [("z", 2, 8), ("terug", 1, 9)]);
    assert_eq!(plan.withdrawals, [("weg".to_owned(), 1, 10)]);
    assert_eq!(plan.head, 10);
    assert_eq!(
        plan.report,
        ChecklistReport {
            added: 2,
            unchanged: 1,
            withdrawn: 1
        }
    );
}

#[test]
fn a_published_version_never_changes() {
    let v1 = definition("z", 1, "doen");
    let edited = definition("z", 1, "doen anders");
    let error = plan_checklists(3, &[stored(&v1, false)], &[edited]).expect_err("refused");
    let text = error.to_string();
    assert!(
        text.contains("`z` version 1 is already published"),
        "{text}"
    );
    assert!(text.contains("to 2"), "{text}");
}

fn finished(definition: &ChecklistDefinition) -> SubmissionRequest {
    let answer = |a| QuestionAnswer {
        answer: a,
        explanation: String::new(),
    };
    SubmissionRequest {
        organization: "de-linde".into(),
        replaces: None,
        evaluation: SelfEvaluation {
            checklist: ChecklistRef {
                id: definition.id.clone(),
                version: definition.version,
            },
            year: 2026,
            answers: [
                ("a".into(), answer(Answer::Ja)),
                ("b".into(), answer(Answer::Deels)),
            ]
            .into_iter()
            .collect(),
            themes: [(
                "t".into(),
                ThemeReflection {
                    goes_well: "Veel.".into(),
                    to_improve: "Scholing.".into(),
                },
            )]
            .into_iter()
            .collect(),
            summary: "Op weg.".into(),
            actions: vec![ImprovementAction {
                id: "x".into(),
                theme: "t".into(),
                what: "Scholing plannen".into(),
                goal: String::new(),
                who: "coördinator".into(),
                due: Some("2027-03-01".into()),
                status: ActionStatus::Gepland,
                evaluation: String::new(),
            }],
        },
    }
}

#[test]
fn a_finished_submission_is_scored_by_the_server_itself() {
    let def = definition("z", 1, "doen");
    let scores = check_submission(&def, &finished(&def)).expect("accepted");
    assert_eq!(scores[0].score, Some(67));
}

#[test]
fn what_cannot_be_accepted_is_said_with_what_to_do() {
    let def = definition("z", 1, "doen");
    let refused = |edit: &dyn Fn(&mut SubmissionRequest)| {
        let mut request = finished(&def);
        edit(&mut request);
        match check_submission(&def, &request) {
            Err(SubmissionError::Unprocessable(text)) => text,
            other => panic!("not refused: {other:?}"),
        }
    };
    let text = refused(&|r| {
        r.evaluation.answers.remove("b");
    });
    assert!(
        text.contains("not finished") && text.contains("`b` has no answer"),
        "{text}"
    );
    let text = refused(&|r| {
        r.evaluation.answers.insert(
            "zz".into(),
            QuestionAnswer {
                answer: Answer::Ja,
                explanation: String::new(),
            },
        );
    });
    assert!(text.contains("`zz`"), "{text}");
    let text = refused(&|r| r.evaluation.actions[0].theme = "elders".into());
    assert!(text.contains("`elders`"), "{text}");
    let text = refused(&|r| r.evaluation.actions[0].due = Some("1 maart".into()));
    assert!(text.contains("`1 maart`"), "{text}");
    let text = refused(&|r| r.evaluation.year = 26);
    assert!(text.contains("26"), "{text}");
}

#[test]
fn uuids_are_taken_only_in_their_canonical_form() {
    let uuid = "01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7d8e";
    assert_eq!(canonical_uuid(uuid).as_deref(), Some(uuid));
    assert_eq!(canonical_uuid(&uuid.to_uppercase()), None);
    assert_eq!(canonical_uuid("01936f6c8d2e7c3a9b1e2f4a5b6c7d8e"), None);
    assert_eq!(canonical_uuid("x"), None);
}

#[test]
fn a_repeat_is_found_other_content_conflicts_and_an_outdated_correction_too() {
    let row = |digest: &str| {
        Some((
            digest.to_owned(),
            "2026-12-02T10:00:00Z".to_owned(),
            "[]".to_owned(),
            SCORE_RULE.to_owned(),
        ))
    };
    assert!(matches!(
        compare_existing("u", "d1", row("d1")),
        Ok(Some(Stored::Again { .. }))
    ));
    assert!(matches!(
        compare_existing("u", "d2", row("d1")),
        Err(SubmissionError::Conflict(_))
    ));
    assert!(matches!(compare_existing("u", "d", None), Ok(None)));
    assert!(check_replaced("old", "de-linde", Some(("de-linde".into(), None))).is_ok());
    assert!(matches!(
        check_replaced("old", "de-linde", Some(("de-linde".into(), Some("newer".into())))),
        Err(SubmissionError::Conflict(text)) if text.contains("outdated")
    ));
    assert!(matches!(
        check_replaced("old", "de-linde", Some(("de-eik".into(), None))),
        Err(SubmissionError::Unprocessable(_))
    ));
    assert!(matches!(
        check_replaced("old", "de-linde", None),
        Err(SubmissionError::Unprocessable(_))
    ));
}
