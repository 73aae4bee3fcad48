//! The OpenAPI document says what the server does. Both ways:
//!
//! - every answer any test of this binary gets goes through [`conforms`] (from `send`):
//!   its status is listed for the operation, with the listed content type and headers;
//! - [`every_documented_status_is_answered`] provokes, for every operation, every status
//!   the document lists, so none is listed that the server never answers.

use std::collections::BTreeSet;

use serde_json::Value;

use super::*;

on_both!(every_documented_status_is_answered);

/// The served document (the same value `GET /api/v1/openapi.json` answers).
fn document() -> &'static Value {
    static DOCUMENT: std::sync::LazyLock<Value> =
        std::sync::LazyLock::new(kompas_server::openapi::document);
    &DOCUMENT
}

/// The documented path template that `path` is an instance of.
fn template_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    document()["paths"]
        .as_object()?
        .keys()
        .find(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts.iter().zip(&segments).all(|(part, segment)| {
                    part == segment || (part.starts_with('{') && !segment.is_empty())
                })
        })
        .map(String::as_str)
}

/// The operation a request is, as the document names it: `"GET /api/v1/me"`, or `None`
/// for a path or method the document does not list.
fn operation_of(method: &Method, path: &str) -> Option<String> {
    let template = template_of(path)?;
    let item = &document()["paths"][template];
    item.get(method.as_str().to_lowercase())
        .map(|_| format!("{method} {template}"))
}

/// Follows a `$ref` within the document.
fn resolve(value: &'static Value) -> &'static Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => document()
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{reference} points nowhere")),
        None => value,
    }
}

/// The statuses the document lists for an operation such as `"GET /api/v1/me"`.
fn documented_statuses(operation: &str) -> BTreeSet<u16> {
    let (method, template) = operation.split_once(' ').expect("METHOD PATH");
    document()["paths"][template][method.to_lowercase()]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{operation} has no responses"))
        .keys()
        .map(|status| status.parse().expect("a status code"))
        .collect()
}

/// Panics unless the document lists this answer: the status for the operation, the
/// content type, and the headers it promises. A path or method the document does not
/// list must get the problem the description promises (404, 405 with `Allow`).
pub(crate) fn conforms(method: &Method, uri: &str, answer: &Answer) {
    let path = uri.split('?').next().unwrap_or(uri);
    let content_type = answer
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.split(';').next().unwrap_or(value).trim().to_owned());
    let Some(operation) = operation_of(method, path) else {
        let expected = if template_of(path).is_some() {
            assert!(
                answer.headers.contains_key(header::ALLOW),
                "{method} {uri}: 405 without Allow"
            );
            StatusCode::METHOD_NOT_ALLOWED
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(answer.status, expected, "{method} {uri} is not documented");
        assert_eq!(
            content_type.as_deref(),
            Some("application/problem+json"),
            "{method} {uri}"
        );
        return;
    };
    let (_, template) = operation.split_once(' ').expect("METHOD PATH");
    let responses = &document()["paths"][template][method.as_str().to_lowercase()]["responses"];
    let status = answer.status.as_u16().to_string();
    let Some(response) = responses.get(&status).map(resolve) else {
        panic!(
            "{operation} answered {status}, which the document does not list (it lists {:?}): {}",
            documented_statuses(&operation),
            String::from_utf8_lossy(&answer.body)
        );
    };
    match response.get("content").and_then(Value::as_object) {
        Some(content) => {
            let content_type = content_type.unwrap_or_default();
            assert!(
                content.contains_key(&content_type),
                "{operation} {status}: content type {content_type:?}, documented {:?}",
                content.keys().collect::<Vec<_>>()
            );
            if content_type == "application/problem+json" {
                let problem = answer.problem();
                let kinds = &resolve(&document()["components"]["schemas"]["Problem"])["properties"]
                    ["type"]["enum"];
                let kind = problem.kind.uri();
                assert!(
                    kinds
                        .as_array()
                        .is_some_and(|kinds| kinds.iter().any(|k| k == &kind)),
                    "{operation} {status}: problem type {kind} is not documented"
                );
            }
        }
        None => assert!(
            answer.body.is_empty(),
            "{operation} {status} has a body the document does not describe"
        ),
    }
    for (name, _) in response
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        assert!(
            answer.headers.contains_key(name.as_str()),
            "{operation} {status}: the documented header {name} is missing"
        );
    }
}

/// Every operation the document lists, with every status it lists for it, is answered
/// by a real request; a status listed but never provoked here fails, and so does a case
/// for a status the document does not list (through `send`).
async fn every_documented_status_is_answered(storage: Storage) {
    let Some(server) = submissions::with_checklist(storage).await else {
        return;
    };
    let app = &server.app;
    let volunteer = login(app, "volunteer").await;
    let admin = login(app, "admin").await;
    let manager = login(app, "manager").await;
    let coordinator = login(app, "coordinator").await;
    let etag = send(
        app,
        request(
            Method::GET,
            "/api/v1/organizations/de-linde/changes",
            Some(&volunteer),
            None,
        ),
    )
    .await
    .headers[header::ETAG]
        .to_str()
        .expect("ascii")
        .to_owned();
    let login_body =
        |name: &str, password: &str| json!({ "username": name, "password": password }).to_string();
    let post_login = |body: String| request(Method::POST, "/api/v1/login", None, Some(&body));
    let get = |uri: &str, token: Option<&str>| request(Method::GET, uri, token, None);
    let post = |uri: &str, token: Option<&str>| request(Method::POST, uri, token, None);
    let changes = "/api/v1/organizations/de-linde/changes";
    let revoke = "/api/v1/admin/users/manager/revoke-tokens";
    let checklists = "/api/v1/organizations/de-linde/checklists";
    let put =
        |uri: &str, token: Option<&str>, body: &str| request(Method::PUT, uri, token, Some(body));
    let submission = format!("/api/v1/submissions/{}", submissions::UUID);
    let second = format!("/api/v1/submissions/{}", submissions::SECOND);
    let submitted = submissions::body("Op weg.", None);

    let mut cases: Vec<(&str, u16, Request<Body>)> = vec![
        ("GET /api/v1/health", 200, get("/api/v1/health", None)),
        (
            "GET /api/v1/openapi.json",
            200,
            get("/api/v1/openapi.json", None),
        ),
        (
            "POST /api/v1/login",
            200,
            post_login(login_body("manager", PASSWORD)),
        ),
        (
            "POST /api/v1/login",
            400,
            post_login(r#"{"username":"a","password":"b","extra":1}"#.into()),
        ),
        (
            "POST /api/v1/login",
            401,
            post_login(login_body("manager", "niet het wachtwoord")),
        ),
        (
            "POST /api/v1/login",
            413,
            post_login(login_body("manager", &"x".repeat(100_000))),
        ),
        (
            "POST /api/v1/login",
            415,
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/login")
                .body(Body::from(login_body("manager", PASSWORD)))
                .expect("request"),
        ),
    ];
    // Five wrong passwords for a name, then the sixth attempt waits.
    for _ in 0..5 {
        cases.push((
            "POST /api/v1/login",
            401,
            post_login(login_body("coordinator", "niet het wachtwoord")),
        ));
    }
    cases.extend([
        (
            "POST /api/v1/login",
            429,
            post_login(login_body("coordinator", PASSWORD)),
        ),
        ("GET /api/v1/me", 200, get("/api/v1/me", Some(&volunteer))),
        ("GET /api/v1/me", 401, get("/api/v1/me", None)),
        // The scheme's name is case-insensitive (RFC 9110).
        ("GET /api/v1/me", 200, {
            let mut request = get("/api/v1/me", None);
            request.headers_mut().insert(
                header::AUTHORIZATION,
                format!("bearer {volunteer}")
                    .parse()
                    .expect("a header value"),
            );
            request
        }),
        (
            "GET /api/v1/organizations/{organization}/changes",
            200,
            get(changes, Some(&volunteer)),
        ),
        ("GET /api/v1/organizations/{organization}/changes", 304, {
            let mut request = get(changes, Some(&volunteer));
            request
                .headers_mut()
                .insert(header::IF_NONE_MATCH, etag.parse().expect("a header value"));
            request
        }),
        (
            "GET /api/v1/organizations/{organization}/changes",
            400,
            get(&format!("{changes}?cursor=garbage"), Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/changes",
            400,
            get("/api/v1/organizations/%FF/changes", Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/changes",
            401,
            get(changes, None),
        ),
        (
            "GET /api/v1/organizations/{organization}/changes",
            403,
            get("/api/v1/organizations/de-berk/changes", Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/changes",
            409,
            get(&format!("{changes}?cursor=v1.999999"), Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/checklists",
            200,
            get(checklists, Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/checklists",
            400,
            get(&format!("{checklists}?limit=0"), Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/checklists",
            401,
            get(checklists, None),
        ),
        (
            "GET /api/v1/organizations/{organization}/checklists",
            403,
            get("/api/v1/organizations/de-berk/checklists", Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/checklists",
            409,
            get(&format!("{checklists}?cursor=v1.999999"), Some(&volunteer)),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            201,
            put(&submission, Some(&manager), &submitted),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            200,
            put(&submission, Some(&manager), &submitted),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            400,
            put("/api/v1/submissions/not-a-uuid", Some(&manager), &submitted),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            401,
            put(&submission, None, &submitted),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            403,
            put(&submission, Some(&volunteer), &submitted),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            409,
            put(
                &submission,
                Some(&manager),
                &submissions::body("Iets anders.", None),
            ),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            413,
            put(
                &second,
                Some(&manager),
                &submissions::body(&"x".repeat(2 << 20), None),
            ),
        ),
        ("PUT /api/v1/submissions/{uuid}", 415, {
            Request::builder()
                .method(Method::PUT)
                .uri(&second)
                .header(header::AUTHORIZATION, format!("Bearer {manager}"))
                .body(Body::from(submitted.clone()))
                .expect("request")
        }),
        (
            "PUT /api/v1/submissions/{uuid}",
            422,
            put(
                &second,
                Some(&manager),
                &submitted.replace("\"version\":1", "\"version\":9"),
            ),
        ),
    ]);
    cases.extend(region_cases(&coordinator, &manager, &volunteer));
    cases.extend(super::progress::progress_cases(&manager, &volunteer));
    cases.extend(super::overlay::overlay_cases(&manager, &volunteer));
    cases.extend(super::reading::reading_cases(&manager, &volunteer));
    cases.extend([
        (
            "GET /api/v1/metrics",
            200,
            get("/api/v1/metrics", Some(&admin)),
        ),
        ("GET /api/v1/metrics", 401, get("/api/v1/metrics", None)),
        (
            "GET /api/v1/metrics",
            403,
            get("/api/v1/metrics", Some(&volunteer)),
        ),
        (
            "POST /api/v1/admin/users/{username}/revoke-tokens",
            200,
            post(revoke, Some(&admin)),
        ),
        (
            "POST /api/v1/admin/users/{username}/revoke-tokens",
            400,
            post("/api/v1/admin/users/%FF/revoke-tokens", Some(&admin)),
        ),
        (
            "POST /api/v1/admin/users/{username}/revoke-tokens",
            401,
            post(revoke, None),
        ),
        (
            "POST /api/v1/admin/users/{username}/revoke-tokens",
            403,
            post(revoke, Some(&volunteer)),
        ),
        (
            "POST /api/v1/admin/users/{username}/revoke-tokens",
            404,
            post("/api/v1/admin/users/niemand/revoke-tokens", Some(&admin)),
        ),
        ("POST /api/v1/logout", 401, post("/api/v1/logout", None)),
        (
            "POST /api/v1/logout",
            204,
            // Not the manager's: revoke-tokens above revoked those.
            post("/api/v1/logout", Some(&login(app, "outsider").await)),
        ),
    ]);
    let mut answered = BTreeSet::new();
    for (operation, status, request) in cases {
        let uri = request.uri().to_string();
        let answer = send(app, request).await;
        assert_eq!(
            answer.status.as_u16(),
            status,
            "{operation} ({uri}): {}",
            String::from_utf8_lossy(&answer.body)
        );
        answered.insert((operation.to_owned(), status));
    }

    // A database that fails under the server: every operation that asks it answers 500.
    // The tokens were checked above, so they are answered from the cache and the request
    // reaches the query that fails.
    server
        .raw
        // The overlay's and the readers' tables too: a member's access is cached, so
        // its reads reach them.
        .execute(
            "DROP TABLE token; DROP TABLE membership; DROP TABLE coordinator; \
             DROP TABLE overlay_entry; DROP TABLE overlay_facts; DROP TABLE overlay_revision; \
             DROP TABLE acknowledgement; DROP TABLE reader;",
        )
        .await;
    let failing = [
        (
            "POST /api/v1/login",
            post_login(login_body("volunteer", PASSWORD)),
        ),
        ("GET /api/v1/me", get("/api/v1/me", Some(&volunteer))),
        (
            "GET /api/v1/organizations/{organization}/changes",
            get("/api/v1/organizations/het-anker/changes", Some(&volunteer)),
        ),
        (
            "GET /api/v1/organizations/{organization}/checklists",
            get(
                "/api/v1/organizations/het-anker/checklists",
                Some(&volunteer),
            ),
        ),
        (
            "PUT /api/v1/submissions/{uuid}",
            put(&second, Some(&manager), &submitted),
        ),
        ("GET /api/v1/metrics", get("/api/v1/metrics", Some(&admin))),
        (
            "GET /api/v1/regions/{region}/overview",
            get("/api/v1/regions/utrecht/overview", Some(&coordinator)),
        ),
        (
            "GET /api/v1/regions/{region}/hospices/{organization}",
            get(
                "/api/v1/regions/utrecht/hospices/de-linde?year=2026",
                Some(&coordinator),
            ),
        ),
        (
            "GET /api/v1/regions/{region}/trend",
            get("/api/v1/regions/utrecht/trend", Some(&coordinator)),
        ),
        (
            "GET /api/v1/regions/{region}/results.csv",
            get("/api/v1/regions/utrecht/results.csv", Some(&coordinator)),
        ),
        (
            "GET /api/v1/regions/{region}/actions.csv",
            get("/api/v1/regions/utrecht/actions.csv", Some(&coordinator)),
        ),
        (
            "PUT /api/v1/regions/{region}/submissions/{uuid}/review",
            put(
                &format!(
                    "/api/v1/regions/utrecht/submissions/{}/review",
                    submissions::THIRD
                ),
                Some(&coordinator),
                r#"{"state":"received"}"#,
            ),
        ),
        (
            "GET /api/v1/organizations/{organization}/comparison",
            get(
                "/api/v1/organizations/de-linde/comparison?year=2026",
                Some(&manager),
            ),
        ),
        (
            "GET /api/v1/organizations/{organization}/submissions",
            get("/api/v1/organizations/de-linde/submissions", Some(&manager)),
        ),
        (
            "PUT /api/v1/organizations/{organization}/evaluations/{year}/progress",
            put(
                "/api/v1/organizations/de-linde/evaluations/2026/progress",
                Some(&manager),
                r#"{"answered":1,"questions":24}"#,
            ),
        ),
        (
            "DELETE /api/v1/organizations/{organization}/evaluations/{year}/progress",
            request(
                Method::DELETE,
                "/api/v1/organizations/de-linde/evaluations/2026/progress",
                Some(&manager),
                None,
            ),
        ),
        (
            "POST /api/v1/admin/users/{username}/revoke-tokens",
            post(revoke, Some(&admin)),
        ),
        (
            "POST /api/v1/logout",
            post("/api/v1/logout", Some(&volunteer)),
        ),
    ];
    let failing = failing
        .into_iter()
        .chain(super::overlay::overlay_failing(&manager, &volunteer))
        .chain(super::reading::reading_failing(&manager, &volunteer));
    for (operation, request) in failing {
        let answer = send(app, request).await;
        assert_eq!(
            answer.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{operation}"
        );
        assert_eq!(answer.problem().kind, ProblemKind::Internal);
        answered.insert((operation.to_owned(), 500));
    }

    let documented: BTreeSet<(String, u16)> = document()["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(template, item)| {
            item.as_object()
                .expect("a path item")
                .keys()
                .map(move |method| format!("{} {template}", method.to_uppercase()))
        })
        .flat_map(|operation| {
            documented_statuses(&operation)
                .into_iter()
                .map(move |status| (operation.clone(), status))
        })
        .collect();
    let never: Vec<_> = documented.difference(&answered).collect();
    assert!(
        never.is_empty(),
        "documented but never answered here: {never:?}"
    );
}

/// The region's operations, each status provoked; run after the manager's submission of
/// `submissions::UUID` is stored.
fn region_cases(
    coordinator: &str,
    manager: &str,
    volunteer: &str,
) -> Vec<(&'static str, u16, Request<Body>)> {
    let get = |uri: &str, token: Option<&str>| request(Method::GET, uri, token, None);
    let put =
        |uri: &str, token: Option<&str>, body: &str| request(Method::PUT, uri, token, Some(body));
    let overview = "GET /api/v1/regions/{region}/overview";
    let hospice = "GET /api/v1/regions/{region}/hospices/{organization}";
    let trend = "GET /api/v1/regions/{region}/trend";
    let results = "GET /api/v1/regions/{region}/results.csv";
    let actions = "GET /api/v1/regions/{region}/actions.csv";
    let review = "PUT /api/v1/regions/{region}/submissions/{uuid}/review";
    let comparison = "GET /api/v1/organizations/{organization}/comparison";
    let own = "GET /api/v1/organizations/{organization}/submissions";
    let review_uri = format!(
        "/api/v1/regions/utrecht/submissions/{}/review",
        submissions::UUID
    );
    let mut cases = vec![
        (
            overview,
            200,
            get(
                "/api/v1/regions/utrecht/overview?year=2026",
                Some(coordinator),
            ),
        ),
        (
            overview,
            400,
            get(
                "/api/v1/regions/utrecht/overview?year=1999",
                Some(coordinator),
            ),
        ),
        (overview, 401, get("/api/v1/regions/utrecht/overview", None)),
        (
            overview,
            403,
            get("/api/v1/regions/utrecht/overview", Some(volunteer)),
        ),
        (
            hospice,
            200,
            get(
                "/api/v1/regions/utrecht/hospices/de-linde?year=2026",
                Some(coordinator),
            ),
        ),
        (
            hospice,
            400,
            get(
                "/api/v1/regions/utrecht/hospices/de-linde",
                Some(coordinator),
            ),
        ),
        (
            hospice,
            401,
            get("/api/v1/regions/utrecht/hospices/de-linde?year=2026", None),
        ),
        (
            hospice,
            403,
            get(
                "/api/v1/regions/gelderland/hospices/de-berk?year=2026",
                Some(coordinator),
            ),
        ),
        // A hospice of another region is not one of this region's.
        (
            hospice,
            404,
            get(
                "/api/v1/regions/utrecht/hospices/de-berk?year=2026",
                Some(coordinator),
            ),
        ),
        (
            trend,
            200,
            get("/api/v1/regions/utrecht/trend", Some(coordinator)),
        ),
        (trend, 401, get("/api/v1/regions/utrecht/trend", None)),
        (
            trend,
            403,
            get("/api/v1/regions/utrecht/trend", Some(manager)),
        ),
        (
            results,
            200,
            get(
                "/api/v1/regions/utrecht/results.csv?year=2026",
                Some(coordinator),
            ),
        ),
        (
            results,
            400,
            get(
                "/api/v1/regions/utrecht/results.csv?year=twintig",
                Some(coordinator),
            ),
        ),
        (
            results,
            401,
            get("/api/v1/regions/utrecht/results.csv", None),
        ),
        (
            results,
            403,
            get("/api/v1/regions/utrecht/results.csv", Some(manager)),
        ),
        (
            actions,
            200,
            get("/api/v1/regions/utrecht/actions.csv", Some(coordinator)),
        ),
        (
            actions,
            400,
            get(
                "/api/v1/regions/utrecht/actions.csv?jaar=2026",
                Some(coordinator),
            ),
        ),
        (
            actions,
            401,
            get("/api/v1/regions/utrecht/actions.csv", None),
        ),
        (
            actions,
            403,
            get("/api/v1/regions/utrecht/actions.csv", Some(volunteer)),
        ),
        (
            review,
            200,
            put(
                &review_uri,
                Some(coordinator),
                r#"{"state":"received","note":"Dank!"}"#,
            ),
        ),
        (
            review,
            400,
            put(&review_uri, Some(coordinator), r#"{"state":"gezien"}"#),
        ),
        (
            review,
            401,
            put(&review_uri, None, r#"{"state":"received"}"#),
        ),
        (
            review,
            403,
            put(&review_uri, Some(manager), r#"{"state":"received"}"#),
        ),
        (
            review,
            404,
            put(
                &format!(
                    "/api/v1/regions/utrecht/submissions/{}/review",
                    submissions::SECOND
                ),
                Some(coordinator),
                r#"{"state":"received"}"#,
            ),
        ),
        (
            review,
            413,
            put(
                &review_uri,
                Some(coordinator),
                &json!({ "state": "received", "note": "x".repeat(100_000) }).to_string(),
            ),
        ),
        (review, 415, {
            Request::builder()
                .method(Method::PUT)
                .uri(&review_uri)
                .header(header::AUTHORIZATION, format!("Bearer {coordinator}"))
                .body(Body::from(r#"{"state":"received"}"#))
                .expect("request")
        }),
        (
            review,
            422,
            put(
                &review_uri,
                Some(coordinator),
                r#"{"state":"received","note":"a\u0000b"}"#,
            ),
        ),
        (
            comparison,
            200,
            get(
                "/api/v1/organizations/de-linde/comparison?year=2026",
                Some(manager),
            ),
        ),
        (
            comparison,
            400,
            get("/api/v1/organizations/de-linde/comparison", Some(manager)),
        ),
        (
            comparison,
            401,
            get("/api/v1/organizations/de-linde/comparison?year=2026", None),
        ),
        (
            comparison,
            403,
            get(
                "/api/v1/organizations/de-linde/comparison?year=2026",
                Some(volunteer),
            ),
        ),
        (
            own,
            200,
            get("/api/v1/organizations/de-linde/submissions", Some(manager)),
        ),
        (
            own,
            401,
            get("/api/v1/organizations/de-linde/submissions", None),
        ),
        (
            own,
            403,
            get(
                "/api/v1/organizations/de-linde/submissions",
                Some(coordinator),
            ),
        ),
    ];
    // A correction replaces the submission: a mark on the old version is a conflict.
    cases.push((
        "PUT /api/v1/submissions/{uuid}",
        201,
        put(
            &format!("/api/v1/submissions/{}", submissions::THIRD),
            Some(manager),
            &submissions::body("Gecorrigeerd.", Some(submissions::UUID)),
        ),
    ));
    cases.push((
        review,
        409,
        put(&review_uri, Some(coordinator), r#"{"state":"discussed"}"#),
    ));
    cases
}
