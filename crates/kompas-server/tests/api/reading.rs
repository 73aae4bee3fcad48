//! Gelezen en begrepen on the server: a hospice's list of readers (managers keep it, the
//! last write wins), and what the other modules share of it (`acknowledgements`, the
//! authorization matrix, the OpenAPI document's cases).

use kompas_proto::reading::{Reader, ReadersPage, MAX_READER_NAME_CHARS};

use super::*;

on_both!(a_manager_keeps_the_list_of_readers);

/// A reader of de-linde (added by the cases that need one).
pub(crate) const READER: &str = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
pub(crate) const SECOND_READER: &str = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";
pub(crate) const ACK: &str = "0193a1b2-c3d4-7e5f-8a9b-00000000a001";
pub(crate) const ACK_2: &str = "0193a1b2-c3d4-7e5f-8a9b-00000000a002";
pub(crate) const ACK_3: &str = "0193a1b2-c3d4-7e5f-8a9b-00000000a003";

pub(crate) const READERS: &str = "/api/v1/organizations/de-linde/readers";

pub(crate) fn reader_uri(organization: &str, id: &str) -> String {
    format!("/api/v1/organizations/{organization}/readers/{id}")
}

pub(crate) fn ack_uri(organization: &str, id: &str) -> String {
    format!("/api/v1/organizations/{organization}/acknowledgements/{id}")
}

/// The body of an acknowledgement by [`READER`].
pub(crate) fn ack_body(change: &str) -> String {
    json!({ "reader": READER, "change": change, "acknowledged_at": "2026-05-01T14:30:00+02:00" })
        .to_string()
}

pub(crate) fn name_body(name: &str, active: bool) -> String {
    json!({ "name": name, "active": active }).to_string()
}

pub(crate) async fn put(app: &Router, uri: &str, token: &str, body: &str) -> Answer {
    send(app, request(Method::PUT, uri, Some(token), Some(body))).await
}

pub(crate) async fn page(app: &Router, token: &str, uri: &str) -> ReadersPage {
    let answer = send(app, request(Method::GET, uri, Some(token), None)).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json()
}

fn names(page: &ReadersPage) -> Vec<(&str, bool)> {
    page.readers
        .iter()
        .map(|r| (r.name.as_str(), r.active))
        .collect()
}

async fn a_manager_keeps_the_list_of_readers(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let volunteer = login(app, "volunteer").await;

    // Nothing yet: an empty list, and `last` where the device asked from.
    let empty = page(app, &volunteer, READERS).await;
    assert_eq!(empty, ReadersPage::default());
    assert_eq!(
        page(app, &volunteer, &format!("{READERS}?after=7"))
            .await
            .last,
        7
    );

    // Added, trimmed; two people may share a name.
    let answer = put(
        app,
        &reader_uri("de-linde", READER),
        &manager,
        &name_body("  bram Jansen ", true),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json::<Reader>(),
        Reader {
            id: READER.into(),
            name: "bram Jansen".into(),
            active: true
        }
    );
    for (id, name) in [
        (SECOND_READER, "Anna de Vries"),
        ("0193a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5d", "Anna de Vries"),
    ] {
        let answer = put(
            app,
            &reader_uri("de-linde", id),
            &manager,
            &name_body(name, true),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "a UUID of any version");
    }
    let list = page(app, &volunteer, READERS).await;
    assert_eq!(
        names(&list),
        [
            ("Anna de Vries", true),
            ("Anna de Vries", true),
            ("bram Jansen", true)
        ],
        "by name, case does not count"
    );

    // Corrected under the same id, then taken off the list: still listed, inactive.
    let answer = put(
        app,
        &reader_uri("de-linde", READER),
        &manager,
        &name_body("Bram Janssen", true),
    )
    .await;
    assert_eq!(answer.json::<Reader>().name, "Bram Janssen");
    let answer = put(
        app,
        &reader_uri("de-linde", SECOND_READER),
        &manager,
        &name_body("Anna de Vries", false),
    )
    .await;
    assert!(!answer.json::<Reader>().active);
    let list = page(app, &volunteer, READERS).await;
    assert_eq!(list.readers.len(), 3);
    let second = list
        .readers
        .iter()
        .find(|r| r.id == SECOND_READER)
        .expect("still on the list");
    assert!(!second.active);
    assert!(list.readers.iter().any(|r| r.name == "Bram Janssen"));

    // What a name cannot be; what an id cannot be; who cannot change the list.
    for bad in [
        String::new(),
        "   ".to_owned(),
        "x".repeat(MAX_READER_NAME_CHARS + 1),
        "Anna\nde Vries".to_owned(),
        "Anna\u{0}".to_owned(),
    ] {
        let answer = put(
            app,
            &reader_uri("de-linde", READER),
            &manager,
            &name_body(&bad, true),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(answer.problem().detail.contains("characters"));
    }
    for bad in [
        "anna",
        "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B",
        "0193a1b2c3d47e5f8a9b0c1d2e3f4a5b",
    ] {
        let answer = put(
            app,
            &reader_uri("de-linde", bad),
            &manager,
            &name_body("Anna", true),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(answer.problem().detail.contains("UUID"));
    }
    let answer = put(
        app,
        &reader_uri("de-linde", READER),
        &manager,
        r#"{"name":"Anna","active":true,"role":"manager"}"#,
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = put(
        app,
        &reader_uri("de-linde", READER),
        &volunteer,
        &name_body("Stiekem", true),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.problem().detail.contains("manager"));
    let answer = put(
        app,
        &reader_uri("het-anker", READER),
        &manager,
        &name_body("Stiekem", true),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // Nothing refused was stored, and another hospice's list is its own.
    let list = page(app, &volunteer, READERS).await;
    assert!(list
        .readers
        .iter()
        .all(|r| r.name != "Stiekem" && r.name != "Anna"));
    let coordinator = login(app, "coordinator").await;
    let answer = send(
        app,
        request(
            Method::GET,
            "/api/v1/organizations/het-anker/readers",
            Some(&coordinator),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "not a member");
}

/// The rows of the authorization matrix (`access.rs`) for Gelezen en begrepen, with its
/// order of callers: nobody, a bad token, the volunteer and the manager of de-linde, the
/// coordinator of its region, the administrator, a volunteer of de-berk. The members of a
/// hospice read its list of readers and acknowledge (not its region's coordinator, not an
/// administrator); only its managers change the list. The volunteer's acknowledgement is
/// stored and the manager's is the same again; a member of de-berk acknowledges there (a
/// name not on de-berk's list is stored all the same).
pub(crate) fn matrix_rows() -> Vec<(&'static str, String, Option<String>, &'static str)> {
    let list = |org: &str| format!("/api/v1/organizations/{org}/readers");
    let name = || Some(name_body("Bram", true));
    let read = || Some(ack_body("hospice:1"));
    vec![
        ("GET", list("de-linde"), None, "401 401 200 200 403 403 403"),
        (
            "GET",
            list("het-anker"),
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "GET",
            format!("{}?after=0", list("de-berk")),
            None,
            "401 401 403 403 403 403 200",
        ),
        (
            "GET",
            list("bestaat-niet"),
            None,
            "401 401 403 403 403 403 403",
        ),
        (
            "PUT",
            reader_uri("de-linde", READER),
            name(),
            "401 401 403 200 403 403 403",
        ),
        (
            "PUT",
            reader_uri("het-anker", READER),
            name(),
            "401 401 403 403 403 403 403",
        ),
        (
            "PUT",
            reader_uri("de-berk", READER),
            name(),
            "401 401 403 403 403 403 403",
        ),
        // Each hospice its own UUID: a UUID is one acknowledgement, wherever it came first.
        (
            "PUT",
            ack_uri("de-linde", ACK),
            read(),
            "401 401 200 200 403 403 403",
        ),
        (
            "PUT",
            ack_uri("het-anker", ACK_2),
            read(),
            "401 401 403 403 403 403 403",
        ),
        (
            "PUT",
            ack_uri("de-berk", ACK_3),
            read(),
            "401 401 403 403 403 403 200",
        ),
    ]
}

/// The operations of Gelezen en begrepen, each status provoked, in this order (the 409
/// needs the 200 before it).
pub(crate) fn reading_cases(
    manager: &str,
    volunteer: &str,
) -> Vec<(&'static str, u16, Request<Body>)> {
    let list = "GET /api/v1/organizations/{organization}/readers";
    let reader = "PUT /api/v1/organizations/{organization}/readers/{id}";
    let ack = "PUT /api/v1/organizations/{organization}/acknowledgements/{uuid}";
    let get = |uri: &str, token: Option<&str>| request(Method::GET, uri, token, None);
    let raw =
        |uri: &str, token: Option<&str>, body: &str| request(Method::PUT, uri, token, Some(body));
    let untyped = |uri: &str, body: &str| {
        Request::builder()
            .method(Method::PUT)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {manager}"))
            .body(Body::from(body.to_owned()))
            .expect("request")
    };
    let named = name_body("Bram", true);
    let huge = name_body(&"x".repeat(100_000), true);
    let named_reader = reader_uri("de-linde", READER);
    let first_ack = ack_uri("de-linde", ACK);
    let second_ack = ack_uri("de-linde", ACK_2);
    let read = ack_body("hospice:1");
    let undated = json!({
        "reader": SECOND_READER, "change": "hospice:1", "acknowledged_at": "gisteren"
    })
    .to_string();
    vec![
        (list, 200, get(READERS, Some(volunteer))),
        (
            list,
            400,
            get(&format!("{READERS}?after=-1"), Some(volunteer)),
        ),
        (list, 401, get(READERS, None)),
        (
            list,
            403,
            get("/api/v1/organizations/de-berk/readers", Some(volunteer)),
        ),
        (reader, 200, raw(&named_reader, Some(manager), &named)),
        (
            reader,
            400,
            raw(
                "/api/v1/organizations/de-linde/readers/bram",
                Some(manager),
                &named,
            ),
        ),
        (reader, 401, raw(&named_reader, None, &named)),
        (reader, 403, raw(&named_reader, Some(volunteer), &named)),
        (reader, 413, raw(&named_reader, Some(manager), &huge)),
        (reader, 415, untyped(&named_reader, &named)),
        (
            reader,
            422,
            raw(&named_reader, Some(manager), &name_body(" ", true)),
        ),
        (ack, 200, raw(&first_ack, Some(volunteer), &read)),
        (
            ack,
            409,
            raw(&first_ack, Some(volunteer), &ack_body("hospice:2")),
        ),
        (
            ack,
            400,
            raw(
                "/api/v1/organizations/de-linde/acknowledgements/a1",
                Some(volunteer),
                &read,
            ),
        ),
        (ack, 401, raw(&first_ack, None, &read)),
        (
            ack,
            403,
            raw(&ack_uri("de-berk", ACK_2), Some(volunteer), &read),
        ),
        (ack, 413, raw(&second_ack, Some(volunteer), &huge)),
        (ack, 415, untyped(&second_ack, &read)),
        (ack, 422, raw(&second_ack, Some(volunteer), &undated)),
    ]
}

/// Each operation once more, for a database that fails under the server.
pub(crate) fn reading_failing(
    manager: &str,
    volunteer: &str,
) -> Vec<(&'static str, Request<Body>)> {
    vec![
        (
            "GET /api/v1/organizations/{organization}/readers",
            request(Method::GET, READERS, Some(volunteer), None),
        ),
        (
            "PUT /api/v1/organizations/{organization}/readers/{id}",
            request(
                Method::PUT,
                &reader_uri("de-linde", SECOND_READER),
                Some(manager),
                Some(&name_body("Anna", true)),
            ),
        ),
        (
            "PUT /api/v1/organizations/{organization}/acknowledgements/{uuid}",
            request(
                Method::PUT,
                &ack_uri("de-linde", ACK_3),
                Some(volunteer),
                Some(&ack_body("hospice:1")),
            ),
        ),
    ]
}
