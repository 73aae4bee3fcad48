//! Checklists reach devices; finished self-evaluations come back, exactly once per UUID,
//! only from a manager of their own hospice.

use kompas_core::checklist::{check_checklists, SectionIds};
use kompas_core::SourceFile;
use kompas_proto::checklist::ChecklistDefinition;
use kompas_proto::sync::{ChecklistsPage, SubmissionReceipt};

use super::*;

on_both!(
    a_submission_is_stored_once_and_other_content_conflicts,
    only_a_manager_of_the_own_hospice_may_send,
    what_cannot_be_stored_is_refused_with_what_to_do,
    a_correction_names_the_newest_version,
    checklists_reach_every_member_page_by_page,
);

pub(super) const UUID: &str = "01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7d8e";
pub(super) const SECOND: &str = "01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7d8f";
pub(super) const THIRD: &str = "01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7d90";

fn self_evaluation(version: u32) -> ChecklistDefinition {
    let toml = format!(
        r#"id = "zelfevaluatie"
version = {version}
kind = "self-evaluation"
title = "Zelfevaluatie"
scale = "standaard"
[[theme]]
id = "gast"
title = "Gast en naasten centraal"
[[theme.question]]
id = "wensen"
text = "Wij vragen naar de wensen van de gast."
[[theme.question]]
id = "naasten"
text = "Wij betrekken naasten."
weight = 2
"#
    );
    let mut diagnostics = Vec::new();
    let mut definitions = check_checklists(
        &[SourceFile {
            path: "z.toml".into(),
            bytes: toml.into_bytes(),
        }],
        SectionIds::Unknown,
        &mut diagnostics,
    );
    definitions.pop().expect("a definition")
}

pub(super) async fn with_checklist(storage: Storage) -> Option<Server> {
    let server = server(storage).await?;
    server
        .db
        .publish_checklists("utrecht", vec![self_evaluation(1)])
        .await
        .expect("publish");
    Some(server)
}

pub(super) fn body(summary: &str, replaces: Option<&str>) -> String {
    json!({
        "organization": "de-linde",
        "replaces": replaces,
        "evaluation": {
            "checklist": { "id": "zelfevaluatie", "version": 1 },
            "year": 2026,
            "answers": {
                "wensen": { "answer": "ja" },
                "naasten": { "answer": "nvt", "explanation": "Geen naasten dit jaar." }
            },
            "themes": { "gast": { "goes_well": "Aandacht.", "to_improve": "Vastleggen." } },
            "summary": summary,
            "actions": [{
                "id": "a1", "theme": "gast", "what": "Wensen vastleggen",
                "goal": "In elk dossier", "who": "coördinator", "due": "2027-06-01",
                "status": "gepland", "evaluation": ""
            }]
        }
    })
    .to_string()
}

async fn put(app: &Router, uuid: &str, token: &str, body: &str) -> Answer {
    send(
        app,
        request(
            Method::PUT,
            &format!("/api/v1/submissions/{uuid}"),
            Some(token),
            Some(body),
        ),
    )
    .await
}

async fn a_submission_is_stored_once_and_other_content_conflicts(storage: Storage) {
    let Some(server) = with_checklist(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let first = put(app, UUID, &manager, &body("Op weg.", None)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let receipt: SubmissionReceipt = first.json();
    assert_eq!(receipt.rule, "kompas-score-1");
    // Only one applicable answer: no score, never 0.
    assert_eq!(receipt.scores[0].score, None);
    assert_eq!(receipt.scores[0].applicable, 1);

    let again = put(app, UUID, &manager, &body("Op weg.", None)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json::<SubmissionReceipt>(), receipt);

    let other = put(app, UUID, &manager, &body("Iets anders.", None)).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    let problem = other.problem();
    assert_eq!(problem.kind, ProblemKind::Conflict);
    assert!(
        problem.detail.contains("other content"),
        "{}",
        problem.detail
    );
    assert_eq!(
        server.db.submission_count("de-linde").await.expect("count"),
        1
    );
}

async fn only_a_manager_of_the_own_hospice_may_send(storage: Storage) {
    let Some(server) = with_checklist(storage).await else {
        return;
    };
    server
        .db
        .add_account(
            "manager-anker",
            &auth::hash_password(PASSWORD).expect("hash"),
            false,
        )
        .await
        .expect("account");
    server
        .db
        .add_membership("manager-anker", "het-anker", Role::Manager)
        .await
        .expect("member");
    let app = &server.app;
    for who in [
        "volunteer",
        "coordinator",
        "admin",
        "outsider",
        "manager-anker",
    ] {
        let token = login(app, who).await;
        let answer = put(app, UUID, &token, &body("Op weg.", None)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(answer.problem().kind, ProblemKind::Forbidden);
    }
    let answer = send(
        app,
        request(
            Method::PUT,
            &format!("/api/v1/submissions/{UUID}"),
            None,
            Some(&body("Op weg.", None)),
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server.db.submission_count("de-linde").await.expect("count"),
        0
    );
}

async fn what_cannot_be_stored_is_refused_with_what_to_do(storage: Storage) {
    let Some(server) = with_checklist(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut value: serde_json::Value =
            serde_json::from_str(&body("Op weg.", None)).expect("json");
        f(&mut value);
        value.to_string()
    };
    let cases: Vec<(&str, String, StatusCode, &str)> = vec![
        (
            "not json",
            "{\"organization\":".into(),
            StatusCode::BAD_REQUEST,
            "not what this endpoint expects",
        ),
        (
            "outside the scale",
            edit(&|v| v["evaluation"]["answers"]["wensen"]["answer"] = json!("misschien")),
            StatusCode::BAD_REQUEST,
            "misschien",
        ),
        (
            "unknown question",
            edit(&|v| v["evaluation"]["answers"]["bestaat-niet"] = json!({"answer": "ja"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bestaat-niet",
        ),
        (
            "unknown checklist",
            edit(&|v| v["evaluation"]["checklist"]["id"] = json!("iets-anders")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "iets-anders",
        ),
        (
            "unknown version",
            edit(&|v| v["evaluation"]["checklist"]["version"] = json!(7)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "version 7",
        ),
        (
            "not finished",
            edit(&|v| v["evaluation"]["summary"] = json!("")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not finished",
        ),
        (
            "N.v.t. unexplained",
            edit(&|v| v["evaluation"]["answers"]["naasten"]["explanation"] = json!("")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "N.v.t. without an explanation",
        ),
    ];
    for (what, body, status, says) in cases {
        let answer = put(app, UUID, &manager, &body).await;
        assert_eq!(answer.status, status, "{what}");
        let problem = answer.problem();
        assert!(problem.detail.contains(says), "{what}: {}", problem.detail);
    }
    let answer = put(app, "niet-een-uuid", &manager, &body("Op weg.", None)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let big = body(&"x".repeat(kompas_server::MAX_SUBMISSION_BYTES), None);
    let answer = put(app, UUID, &manager, &big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        server.db.submission_count("de-linde").await.expect("count"),
        0
    );
}

async fn a_correction_names_the_newest_version(storage: Storage) {
    let Some(server) = with_checklist(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    assert_eq!(
        put(app, UUID, &manager, &body("Eerst.", None)).await.status,
        StatusCode::CREATED
    );
    let corrected = put(app, SECOND, &manager, &body("Verbeterd.", Some(UUID))).await;
    assert_eq!(corrected.status, StatusCode::CREATED);
    // The same correction again is a repeat, not an outdated one.
    let again = put(app, SECOND, &manager, &body("Verbeterd.", Some(UUID))).await;
    assert_eq!(again.status, StatusCode::OK);
    let outdated = put(app, THIRD, &manager, &body("Ook verbeterd.", Some(UUID))).await;
    assert_eq!(outdated.status, StatusCode::CONFLICT);
    assert!(outdated.problem().detail.contains("outdated"));
    let unknown = put(
        app,
        THIRD,
        &manager,
        &body(
            "Ook verbeterd.",
            Some("01936f6c-0000-7000-8000-000000000000"),
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        server.db.submission_count("de-linde").await.expect("count"),
        2
    );
}

async fn checklists_reach_every_member_page_by_page(storage: Storage) {
    let Some(server) = with_checklist(storage).await else {
        return;
    };
    server
        .db
        .publish_checklists("utrecht", vec![self_evaluation(1), self_evaluation(2)])
        .await
        .expect("a new version");
    let edited = {
        let mut changed = self_evaluation(2);
        changed.title = "Anders".into();
        changed
    };
    let refused = server
        .db
        .publish_checklists("utrecht", vec![edited])
        .await
        .expect_err("a published version never changes");
    assert!(refused.to_string().contains("to 3"), "{refused}");

    let app = &server.app;
    let volunteer = login(app, "volunteer").await;
    let uri = "/api/v1/organizations/de-linde/checklists?limit=1";
    // The test server published the default content first: its checklists were
    // withdrawn by the publish above. A page of one row each, to the end.
    let mut versions = Vec::new();
    let mut withdrawn = Vec::new();
    let mut next = uri.to_owned();
    loop {
        let answer = send(app, request(Method::GET, &next, Some(&volunteer), None)).await;
        assert_eq!(answer.status, StatusCode::OK);
        let page: ChecklistsPage = answer.json();
        assert_eq!(page.checklists.len() + page.withdrawn.len(), 1, "{page:?}");
        versions.extend(page.checklists.iter().map(|c| (c.id.clone(), c.version)));
        withdrawn.extend(page.withdrawn);
        next = format!("{uri}&cursor={}", page.cursor);
        if !page.more {
            break;
        }
    }
    let head = server.db.checklist_head("utrecht").await.expect("head");
    assert!(
        next.ends_with(&format!("cursor=v1.{head}")),
        "the last page ends at the head: {next}"
    );
    assert!(!withdrawn.is_empty() && !withdrawn.iter().any(|id| id == "zelfevaluatie"));
    let ours: Vec<_> = versions
        .iter()
        .filter(|(id, _)| !withdrawn.contains(id))
        .collect();
    assert_eq!(
        ours,
        [
            &("zelfevaluatie".to_owned(), 1),
            &("zelfevaluatie".to_owned(), 2)
        ]
    );
    let last: ChecklistsPage = send(app, request(Method::GET, &next, Some(&volunteer), None))
        .await
        .json();
    assert!(last.checklists.is_empty() && last.withdrawn.is_empty() && !last.more);
    let outsider = login(app, "outsider").await;
    let answer = send(app, request(Method::GET, uri, Some(&outsider), None)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}
