//! Who may call what, and every error a problem document that says what to do; a failing
//! database is a 500 that says nothing of it.

use super::*;

on_both!(
    bad_requests_get_a_problem_never_a_500,
    wrong_passwords_are_throttled_and_logout_revokes,
    authorization_matrix,
    internal_failures_are_a_500_without_internal_text,
);

async fn bad_requests_get_a_problem_never_a_500(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let token = login(&server.app, "volunteer").await;
    let app = &server.app;
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (
            request(Method::POST, "/api/v1/login", None, Some("{not json")),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(r#"{"username":"a","password":"b","extra":1}"#),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(r#"{"username":1,"password":"b"}"#),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/login")
                .body(Body::from(r#"{"username":"a","password":"b"}"#))
                .expect("request"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(&format!(
                    r#"{{"username":"a","password":"{}"}}"#,
                    "x".repeat(100_000)
                )),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?cursor=garbage",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?cursor=v1.999999",
                Some(&token),
                None,
            ),
            StatusCode::CONFLICT,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?limit=0",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?limit=abc",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/changes?colour=red",
                Some(&token),
                None,
            ),
            StatusCode::BAD_REQUEST,
        ),
        // A NUL cannot be stored in PostgreSQL text; it is a name nobody has, on both.
        (
            request(
                Method::POST,
                "/api/v1/login",
                None,
                Some(r#"{"username":"volun\u0000teer","password":"een lang wachtwoord"}"#),
            ),
            StatusCode::UNAUTHORIZED,
        ),
        (
            request(
                Method::GET,
                "/api/v1/organizations/de%00linde/changes",
                Some(&token),
                None,
            ),
            StatusCode::FORBIDDEN,
        ),
        (
            request(Method::GET, "/api/v1/nothing-here", None, None),
            StatusCode::NOT_FOUND,
        ),
        (
            request(Method::DELETE, "/api/v1/health", None, None),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (request, expected) in cases {
        let uri = request.uri().clone();
        let answer = send(app, request).await;
        assert_eq!(
            answer.status,
            expected,
            "{uri}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.problem();
    }
}

async fn wrong_passwords_are_throttled_and_logout_revokes(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let wrong = json!({ "username": "coordinator", "password": "niet het wachtwoord" }).to_string();
    for _ in 0..5 {
        let answer = send(
            app,
            request(Method::POST, "/api/v1/login", None, Some(&wrong)),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        answer.problem();
    }
    let answer = send(
        app,
        request(Method::POST, "/api/v1/login", None, Some(&wrong)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.problem().detail.contains("Wait"));
    // An unknown user gets the same answer as a wrong password.
    let unknown = json!({ "username": "niemand", "password": PASSWORD }).to_string();
    let answer = send(
        app,
        request(Method::POST, "/api/v1/login", None, Some(&unknown)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);

    let token = login(app, "volunteer").await;
    let answer = send(app, request(Method::GET, "/api/v1/me", Some(&token), None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let answer = send(
        app,
        request(Method::POST, "/api/v1/logout", Some(&token), None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    let answer = send(app, request(Method::GET, "/api/v1/me", Some(&token), None)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    answer.problem();

    // An administrator revokes every token of a user.
    let first = login(app, "manager").await;
    let second = login(app, "manager").await;
    let admin = login(app, "admin").await;
    let answer = send(
        app,
        request(
            Method::POST,
            "/api/v1/admin/users/manager/revoke-tokens",
            Some(&admin),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    for token in [first, second] {
        let answer = send(app, request(Method::GET, "/api/v1/me", Some(&token), None)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
}

/// Every endpoint × every role × own and other organization, with the exact status.
async fn authorization_matrix(storage: Storage) {
    let Some(server) = submissions::with_checklist(storage).await else {
        return;
    };
    let app = &server.app;
    let mut tokens = vec![("nobody", None), ("bad token", Some("0".repeat(64)))];
    for role in ["volunteer", "manager", "coordinator", "admin", "outsider"] {
        tokens.push((role, Some(login(app, role).await)));
    }
    // The expected status for: nobody, bad token, volunteer, manager (both of de-linde),
    // coordinator (of utrecht: de-linde, het-anker), admin, outsider (volunteer of de-berk).
    let submission = format!("/api/v1/submissions/{}", submissions::UUID);
    let submission_other = format!("/api/v1/submissions/{}", submissions::SECOND);
    let own = submissions::body("Op weg.", None);
    let other = own.replace("de-linde", "het-anker");
    let review = format!(
        "/api/v1/regions/utrecht/submissions/{}/review",
        submissions::UUID
    );
    let review_other = format!(
        "/api/v1/regions/gelderland/submissions/{}/review",
        submissions::UUID
    );
    let mark = r#"{"state":"received"}"#;
    let progress = r#"{"answered":3,"questions":24}"#;
    let entry = r#"{"key":{"supplement":{"section":"als-een-gast-valt","placement":"after"}},"based_on":0,"change":{"supplement":{"section":"als-een-gast-valt","placement":"after","markdown":"Tillift in de berging."}}}"#;
    let facts = r#"{"facts":{"hospice.naam":"De Linde"},"based_on":0}"#;
    let matrix: &[(&str, &str, Option<&str>, &str)] = &[
        ("GET", "/api/v1/health", None, "200 200 200 200 200 200 200"),
        (
            "GET",
            "/api/v1/openapi.json",
            None,
            "200 200 200 200 200 200 200",
        ),
        ("GET", "/api/v1/me", None, "401 401 200 200 200 200 200"),
        (
            "GET",
            "/api/v1/organizations/de-linde/changes",
            None,
            "401 401 200 200 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/het-anker/changes",
            None,
            "401 401 403 403 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-berk/changes",
            None,
            "401 401 403 403 403 200 200",
        ),
        (
            "GET",
            "/api/v1/organizations/bestaat-niet/changes",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/metrics",
            None,
            "401 401 403 403 403 200 403",
        ),
        (
            "POST",
            "/api/v1/admin/users/nobody-at-all/revoke-tokens",
            None,
            "401 401 403 403 403 404 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-linde/checklists",
            None,
            "401 401 200 200 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-berk/checklists",
            None,
            "401 401 403 403 403 200 200",
        ),
        // Only a manager of the submission's own hospice may send it.
        (
            "PUT",
            &submission,
            Some(own.as_str()),
            "401 401 403 201 403 403 403",
        ),
        (
            "PUT",
            &submission_other,
            Some(other.as_str()),
            "401 401 403 403 403 403 403",
        ),
        // The region's view: only its coordinator (not an administrator) reads and marks.
        (
            "GET",
            "/api/v1/regions/utrecht/overview",
            None,
            "401 401 403 403 200 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/gelderland/overview",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/bestaat-niet/overview",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/utrecht/hospices/de-linde?year=2026",
            None,
            "401 401 403 403 200 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/gelderland/hospices/de-berk?year=2026",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/utrecht/trend",
            None,
            "401 401 403 403 200 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/gelderland/trend",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/utrecht/results.csv?year=2026",
            None,
            "401 401 403 403 200 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/gelderland/results.csv?year=2026",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/utrecht/actions.csv?year=2026",
            None,
            "401 401 403 403 200 403 403",
        ),
        (
            "GET",
            "/api/v1/regions/gelderland/actions.csv?year=2026",
            None,
            "401 401 403 403 403 403 403",
        ),
        ("PUT", &review, Some(mark), "401 401 403 403 200 403 403"),
        (
            "PUT",
            &review_other,
            Some(mark),
            "401 401 403 403 403 403 403",
        ),
        // A manager reads the own hospice beside the region, and its marks.
        (
            "GET",
            "/api/v1/organizations/de-linde/comparison?year=2026",
            None,
            "401 401 403 200 403 403 403",
        ),
        (
            "GET",
            "/api/v1/organizations/het-anker/comparison?year=2026",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-berk/comparison?year=2026",
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-linde/submissions",
            None,
            "401 401 403 200 403 403 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-berk/submissions",
            None,
            "401 401 403 403 403 403 403",
        ),
        // A hospice's own handbook: its members (and the region's coordinator) read it,
        // only its managers change it; another hospice's is out of reach.
        (
            "GET",
            "/api/v1/organizations/de-linde/overlay",
            None,
            "401 401 200 200 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/het-anker/overlay",
            None,
            "401 401 403 403 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-berk/overlay",
            None,
            "401 401 403 403 403 200 200",
        ),
        (
            "PUT",
            "/api/v1/organizations/de-linde/overlay/entry",
            Some(entry),
            "401 401 403 200 403 403 403",
        ),
        (
            "PUT",
            "/api/v1/organizations/het-anker/overlay/entry",
            Some(entry),
            "401 401 403 403 403 403 403",
        ),
        (
            "PUT",
            "/api/v1/organizations/de-linde/overlay/facts",
            Some(facts),
            "401 401 403 200 403 403 403",
        ),
        (
            "PUT",
            "/api/v1/organizations/de-berk/overlay/facts",
            Some(facts),
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            "/api/v1/organizations/de-linde/overlay/history/als-een-gast-valt",
            None,
            "401 401 200 200 200 200 403",
        ),
        (
            "GET",
            "/api/v1/organizations/het-anker/overlay/history/als-een-gast-valt",
            None,
            "401 401 403 403 200 200 403",
        ),
        // Only a manager of the hospice shares its progress, or stops.
        (
            "PUT",
            "/api/v1/organizations/de-linde/evaluations/2026/progress",
            Some(progress),
            "401 401 403 204 403 403 403",
        ),
        (
            "PUT",
            "/api/v1/organizations/het-anker/evaluations/2026/progress",
            Some(progress),
            "401 401 403 403 403 403 403",
        ),
        (
            "DELETE",
            "/api/v1/organizations/de-linde/evaluations/2026/progress",
            None,
            "401 401 403 204 403 403 403",
        ),
        (
            "DELETE",
            "/api/v1/organizations/de-berk/evaluations/2026/progress",
            None,
            "401 401 403 403 403 403 403",
        ),
        // Last: logging out revokes the tokens used above.
        (
            "POST",
            "/api/v1/logout",
            None,
            "401 401 204 204 204 204 204",
        ),
    ];
    // Gelezen en begrepen's rows before the last one, which logs out.
    let reading_rows = reading::matrix_rows();
    let (logout, rows) = matrix.split_last().expect("rows");
    let rows = rows
        .iter()
        .copied()
        .chain(reading_rows.iter().map(|(method, uri, body, expected)| {
            (*method, uri.as_str(), body.as_deref(), *expected)
        }))
        .chain([*logout]);
    for (method, uri, body, expected) in rows {
        let method: Method = method.parse().expect("method");
        let expected = expected
            .split(' ')
            .map(|code| StatusCode::from_bytes(code.as_bytes()).expect("status"));
        for ((who, token), expected) in tokens.iter().zip(expected) {
            let answer = send(app, request(method.clone(), uri, token.as_deref(), body)).await;
            assert_eq!(answer.status, expected, "{method} {uri} as {who}");
            if !answer.status.is_success() {
                answer.problem();
            }
        }
    }
}

/// A database that fails under the server is the server's problem: 500, the generic
/// problem document, nothing of the database's own message.
async fn internal_failures_are_a_500_without_internal_text(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    server.raw.execute("DROP TABLE token;").await;
    let body = json!({ "username": "volunteer", "password": PASSWORD }).to_string();
    let answer = send(
        &server.app,
        request(Method::POST, "/api/v1/login", None, Some(&body)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    let problem = answer.problem();
    assert_eq!(problem.kind, ProblemKind::Internal);
    let text = String::from_utf8_lossy(&answer.body).to_lowercase();
    for internal in ["token", "table", "relation", "sql", "postgres"] {
        assert!(!text.contains(internal), "{internal}: {text}");
    }
}
