//! A hospice's shared progress, on both storages: only its managers share it or stop, it
//! is counts only, the coordinator sees "nog niet begonnen" or "concept" instead of "nog
//! niet ontvangen", and once the year is sent or the sharing stops it says no more.

use kompas_proto::region::{HospiceYearState, RegionOverview};

use super::*;

on_both!(
    shared_progress_shows_as_concept_until_sent,
    only_a_manager_of_the_hospice_shares_and_counts_are_checked,
);

const PROGRESS: &str = "/api/v1/organizations/de-linde/evaluations/2026/progress";

async fn states(app: &Router, coordinator: &str) -> (HospiceYearState, Option<(u32, u32)>) {
    let answer = send(
        app,
        request(
            Method::GET,
            "/api/v1/regions/utrecht/overview?year=2026",
            Some(coordinator),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let overview: RegionOverview = serde_json::from_slice(&answer.body).expect("an overview");
    let linde = overview
        .hospices
        .iter()
        .find(|h| h.organization_id == "de-linde")
        .expect("de-linde");
    (
        linde.state,
        linde.progress.map(|p| (p.answered, p.questions)),
    )
}

async fn shared_progress_shows_as_concept_until_sent(storage: Storage) {
    let Some(server) = submissions::with_checklist(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let coordinator = login(app, "coordinator").await;
    let share = |answered: u32| {
        request(
            Method::PUT,
            PROGRESS,
            Some(&manager),
            Some(&json!({ "answered": answered, "questions": 24 }).to_string()),
        )
    };
    assert_eq!(
        states(app, &coordinator).await,
        (HospiceYearState::NotReceived, None)
    );
    assert_eq!(send(app, share(0)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        states(app, &coordinator).await,
        (HospiceYearState::NotStarted, Some((0, 24)))
    );
    assert_eq!(send(app, share(9)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        states(app, &coordinator).await,
        (HospiceYearState::Concept, Some((9, 24)))
    );
    // The export says it in words, and has no scores for it.
    let csv = send(
        app,
        request(
            Method::GET,
            "/api/v1/regions/utrecht/results.csv?year=2026",
            Some(&coordinator),
            None,
        ),
    )
    .await;
    let text = String::from_utf8(csv.body).expect("utf-8");
    let linde: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("de-linde;"))
        .collect();
    assert_eq!(linde.len(), 1, "{text}");
    assert!(linde[0].contains(";concept;"), "{}", linde[0]);
    // Another year's progress is that year's only.
    let other_year = request(
        Method::PUT,
        "/api/v1/organizations/de-linde/evaluations/2025/progress",
        Some(&manager),
        Some(r#"{"answered":24,"questions":24}"#),
    );
    assert_eq!(send(app, other_year).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        states(app, &coordinator).await,
        (HospiceYearState::Concept, Some((9, 24)))
    );
    // Stopping forgets it.
    let stop = request(Method::DELETE, PROGRESS, Some(&manager), None);
    assert_eq!(send(app, stop).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        states(app, &coordinator).await,
        (HospiceYearState::NotReceived, None)
    );
    // Once sent, the shared progress says nothing more.
    assert_eq!(send(app, share(20)).await.status, StatusCode::NO_CONTENT);
    let submit = request(
        Method::PUT,
        &format!("/api/v1/submissions/{}", submissions::UUID),
        Some(&manager),
        Some(&submissions::body("Klaar.", None)),
    );
    assert_eq!(send(app, submit).await.status, StatusCode::CREATED);
    assert_eq!(
        states(app, &coordinator).await,
        (HospiceYearState::Sent, None)
    );
}

async fn only_a_manager_of_the_hospice_shares_and_counts_are_checked(storage: Storage) {
    let Some(server) = submissions::with_checklist(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let volunteer = login(app, "volunteer").await;
    let coordinator = login(app, "coordinator").await;
    let put =
        |uri: &str, token: &str, body: &str| request(Method::PUT, uri, Some(token), Some(body));
    let fine = r#"{"answered":3,"questions":24}"#;
    for (who, uri) in [
        (&volunteer, PROGRESS),
        (&coordinator, PROGRESS),
        (
            &manager,
            "/api/v1/organizations/het-anker/evaluations/2026/progress",
        ),
    ] {
        assert_eq!(
            send(app, put(uri, who, fine)).await.status,
            StatusCode::FORBIDDEN,
            "{uri}"
        );
        let stop = request(Method::DELETE, uri, Some(who), None);
        assert_eq!(send(app, stop).await.status, StatusCode::FORBIDDEN);
    }
    let answer = send(
        app,
        put(PROGRESS, &manager, r#"{"answered":25,"questions":24}"#),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.problem().detail.contains("more than"));
    for body in [
        r#"{"answered":0,"questions":0}"#,
        r#"{"answered":1,"questions":10001}"#,
        r#"{"answered":-1,"questions":24}"#,
        // Counts only: an answer or a score has no place in it.
        r#"{"answered":3,"questions":24,"scores":[{"theme":"gast","score":80}]}"#,
        r#"{"answered":3}"#,
        "not json",
    ] {
        let answer = send(app, put(PROGRESS, &manager, body)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(!answer.problem().detail.is_empty());
    }
    let far = "/api/v1/organizations/de-linde/evaluations/20260/progress";
    assert_eq!(
        send(app, put(far, &manager, fine)).await.status,
        StatusCode::BAD_REQUEST
    );
    let coordinator_view = send(
        app,
        request(
            Method::GET,
            "/api/v1/regions/utrecht/overview?year=2026",
            Some(&coordinator),
            None,
        ),
    )
    .await;
    let overview: RegionOverview =
        serde_json::from_slice(&coordinator_view.body).expect("overview");
    assert!(
        overview.hospices.iter().all(|h| h.progress.is_none()),
        "nothing refused was stored"
    );
}

/// Every documented status of the two progress operations, for `document.rs`.
pub(crate) fn progress_cases(
    manager: &str,
    volunteer: &str,
) -> Vec<(&'static str, u16, Request<Body>)> {
    let share = "PUT /api/v1/organizations/{organization}/evaluations/{year}/progress";
    let stop = "DELETE /api/v1/organizations/{organization}/evaluations/{year}/progress";
    let body = r#"{"answered":3,"questions":24}"#;
    let put = |token: Option<&str>, body: &str| request(Method::PUT, PROGRESS, token, Some(body));
    let delete = |uri: &str, token: Option<&str>| request(Method::DELETE, uri, token, None);
    vec![
        (share, 204, put(Some(manager), body)),
        (
            share,
            400,
            put(Some(manager), r#"{"answered":0,"questions":0}"#),
        ),
        (
            share,
            422,
            put(Some(manager), r#"{"answered":30,"questions":24}"#),
        ),
        (share, 401, put(None, body)),
        (share, 403, put(Some(volunteer), body)),
        (
            share,
            413,
            put(
                Some(manager),
                &format!(
                    r#"{{"answered":3,"questions":24,"x":"{}"}}"#,
                    "x".repeat(100_000)
                ),
            ),
        ),
        (share, 415, {
            Request::builder()
                .method(Method::PUT)
                .uri(PROGRESS)
                .header(header::AUTHORIZATION, format!("Bearer {manager}"))
                .body(Body::from(body))
                .expect("request")
        }),
        (stop, 204, delete(PROGRESS, Some(manager))),
        (
            stop,
            400,
            delete(
                "/api/v1/organizations/de-linde/evaluations/1999/progress",
                Some(manager),
            ),
        ),
        (stop, 401, delete(PROGRESS, None)),
        (stop, 403, delete(PROGRESS, Some(volunteer))),
    ]
}
