use super::*;

fn round_trip(definition: &ChecklistDefinition) -> ChecklistDefinition {
    let json = serde_json::to_string(definition).expect("write");
    serde_json::from_str(&json).expect("read back")
}

#[test]
fn definitions_read_back_as_written_with_the_body_beside_the_other_fields() {
    let routine = ChecklistDefinition {
        id: "overdracht".into(),
        version: 2,
        title: "De overdracht".into(),
        intro: None,
        body: ChecklistBody::Routine {
            groups: vec![StepGroup {
                title: Some("Voor de dienst".into()),
                steps: vec![Step {
                    text: "Lees het overdrachtsschrift.".into(),
                    help: None,
                    section: Some("overdracht".into()),
                }],
            }],
        },
    };
    let json = serde_json::to_value(&routine).expect("write");
    assert_eq!(json["kind"], "routine");
    assert!(json["groups"].is_array());
    assert_eq!(round_trip(&routine), routine);

    let evaluation = ChecklistDefinition {
        id: "zelfevaluatie".into(),
        version: 1,
        title: "Zelfevaluatie".into(),
        intro: Some("Eens per jaar.".into()),
        body: ChecklistBody::SelfEvaluation {
            scale: Scale::Standaard,
            themes: vec![Theme {
                id: "gast".into(),
                title: "De gast".into(),
                intro: None,
                questions: vec![Question {
                    id: "wensen".into(),
                    text: "Wij kennen de wensen van de gast.".into(),
                    help: None,
                    section: None,
                    weight: 1,
                }],
            }],
        },
    };
    assert_eq!(round_trip(&evaluation), evaluation);
}

#[test]
fn a_definition_without_its_kinds_fields_is_refused_in_words() {
    let error = serde_json::from_str::<ChecklistDefinition>(
        r#"{"id":"z","version":1,"title":"Z","intro":null,"kind":"self-evaluation","scale":"standaard"}"#,
    )
    .expect_err("no themes");
    assert!(
        error.to_string().contains("checklist `z` has no `themes`"),
        "{error}"
    );
    let error = serde_json::from_str::<ChecklistDefinition>(
        r#"{"id":"r","version":1,"title":"R","kind":"lijst","groups":[]}"#,
    )
    .expect_err("an unknown kind");
    assert!(error.to_string().contains("lijst"), "{error}");
}
