//! A hospice's own handbook on the server: facts, local changes as compare-and-swaps, the
//! region's `lokaal:` enforced, the history of a section.

use kompas_proto::overlay::{
    EntryKey, OverlayChange, OverlayReceipt, OverlayState, Placement, SectionHistory,
};

use super::*;

on_both!(
    a_manager_tailors_the_handbook_and_members_read_it,
    a_stale_base_is_a_409_with_the_current_version_and_a_repeat_is_not,
    the_regions_lokaal_is_enforced,
);

const OVERLAY: &str = "/api/v1/organizations/de-linde/overlay";
const ENTRY: &str = "/api/v1/organizations/de-linde/overlay/entry";
const FACTS: &str = "/api/v1/organizations/de-linde/overlay/facts";

fn put(uri: &str, token: &str, body: &serde_json::Value) -> Request<Body> {
    request(Method::PUT, uri, Some(token), Some(&body.to_string()))
}

fn replace(section: &str, base_revision: i64, text: &str) -> OverlayChange {
    OverlayChange::Replace {
        section: section.into(),
        base_revision,
        markdown: text.into(),
    }
}

fn publish(change: &OverlayChange, based_on: i64, note: &str) -> serde_json::Value {
    json!({ "key": change.key(), "based_on": based_on, "change": change, "note": note })
}

async fn a_manager_tailors_the_handbook_and_members_read_it(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let volunteer = login(app, "volunteer").await;

    // Nothing tailored yet.
    let answer = send(app, request(Method::GET, OVERLAY, Some(&volunteer), None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let state: OverlayState = answer.json();
    assert_eq!(
        (state.version, state.entries.len(), state.facts_version),
        (0, 0, 0)
    );

    // The facts, with a blank one left out.
    let facts = json!({
        "facts": { "hospice.naam": "Hospice De Linde", "hospice.telefoon_verpleegkundige": "06 12 34 56 78", "hospice.adres": "  " },
        "based_on": 0,
        "note": "Gegevens ingevuld"
    });
    let answer = send(app, put(FACTS, &manager, &facts)).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json::<OverlayReceipt>().version, 1);

    let base = server
        .db
        .base_info("utrecht", "als-een-gast-valt")
        .await
        .expect("read")
        .expect("the section");
    let supplement = OverlayChange::Supplement {
        section: "als-een-gast-valt".into(),
        placement: Placement::After,
        markdown: "In ons hospice staat de tillift in de berging.\n".into(),
    };
    let ours = replace(
        "de-overdracht",
        base.revision,
        "Overdracht mondeling én in het schrift.\n",
    );
    for (change, version) in [(&supplement, 2), (&ours, 3)] {
        let answer = send(
            app,
            put(ENTRY, &manager, &publish(change, 0, "Eigen afspraak")),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(answer.json::<OverlayReceipt>().version, version);
    }
    let own = OverlayChange::Own {
        id: "onze-tuin".into(),
        title: "De tuin van {{hospice.naam}}".into(),
        category: "Welkom en je rol".into(),
        after: Some("welkom-in-het-hospice".into()),
        tags: vec!["tuin".into()],
        markdown: "De tuin is altijd open.\n".into(),
    };
    let answer = send(app, put(ENTRY, &manager, &publish(&own, 0, "Tuin"))).await;
    assert_eq!(answer.status, StatusCode::OK);

    // Every member reads it; a volunteer cannot write.
    let state: OverlayState = send(app, request(Method::GET, OVERLAY, Some(&volunteer), None))
        .await
        .json();
    assert_eq!(state.version, 4);
    assert_eq!(state.facts.len(), 2, "{:?}", state.facts);
    assert_eq!(state.facts_version, 1);
    let changes: Vec<&OverlayChange> = state.entries.iter().map(|e| &e.change).collect();
    assert_eq!(changes, [&supplement, &ours, &own]);
    assert_eq!(state.entries[1].note, "Eigen afspraak");
    let answer = send(app, put(ENTRY, &volunteer, &publish(&supplement, 0, ""))).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    // Taking the replacement back: gone from the overlay, kept in the history.
    let back = json!({ "key": ours.key(), "based_on": 3, "note": "Weer de tekst van de regio" });
    let answer = send(app, put(ENTRY, &manager, &back)).await;
    assert_eq!(answer.json::<OverlayReceipt>().version, 5);
    let state: OverlayState = send(app, request(Method::GET, OVERLAY, Some(&manager), None))
        .await
        .json();
    assert_eq!(state.entries.len(), 2);
    let answer = send(
        app,
        request(
            Method::GET,
            "/api/v1/organizations/de-linde/overlay/history/de-overdracht",
            Some(&volunteer),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let history: SectionHistory = answer.json();
    assert_eq!(history.base.len(), 1);
    assert!(history.base[0].body.contains("overdracht"));
    let local: Vec<(i64, bool, &str, &str)> = history
        .local
        .iter()
        .map(|r| {
            (
                r.version,
                r.change.is_some(),
                r.note.as_str(),
                r.by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        local,
        [
            (3, true, "Eigen afspraak", "manager"),
            (5, false, "Weer de tekst van de regio", "manager")
        ]
    );
    // An own section has a history of its own; a section nobody has is a 404.
    let answer = send(
        app,
        request(
            Method::GET,
            "/api/v1/organizations/de-linde/overlay/history/onze-tuin",
            Some(&volunteer),
            None,
        ),
    )
    .await;
    assert_eq!(answer.json::<SectionHistory>().local.len(), 1);
    let answer = send(
        app,
        request(
            Method::GET,
            "/api/v1/organizations/de-linde/overlay/history/bestaat-niet",
            Some(&volunteer),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);

    // Another hospice sees none of it.
    let outsider = login(app, "outsider").await;
    let answer = send(app, request(Method::GET, OVERLAY, Some(&outsider), None)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let answer = send(
        app,
        request(
            Method::GET,
            "/api/v1/organizations/de-berk/overlay",
            Some(&outsider),
            None,
        ),
    )
    .await;
    let theirs: OverlayState = answer.json();
    assert!(theirs.entries.is_empty() && theirs.facts.is_empty());
}

async fn a_stale_base_is_a_409_with_the_current_version_and_a_repeat_is_not(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    // The same manager on two devices: each starts from "no entry yet".
    let phone = login(app, "manager").await;
    let desktop = login(app, "manager").await;
    let first = replace("de-overdracht", 1, "Tekst van de telefoon.\n");
    let second = replace("de-overdracht", 1, "Tekst van de computer.\n");
    let answer = send(app, put(ENTRY, &phone, &publish(&first, 0, "telefoon"))).await;
    assert_eq!(answer.json::<OverlayReceipt>().version, 1);
    // The answer was lost and the phone sends again: the same version, nothing new.
    let answer = send(app, put(ENTRY, &phone, &publish(&first, 0, "telefoon"))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json::<OverlayReceipt>().version, 1);
    // The desktop started from the same nothing: a conflict naming the current version.
    let answer = send(app, put(ENTRY, &desktop, &publish(&second, 0, "computer"))).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let problem = answer.problem();
    assert_eq!(problem.kind, ProblemKind::Conflict);
    assert_eq!(problem.current_version, Some(1));
    assert!(problem.detail.contains("version 1"), "{}", problem.detail);
    // Merged and sent again on the current version: stored.
    let answer = send(
        app,
        put(ENTRY, &desktop, &publish(&second, 1, "samengevoegd")),
    )
    .await;
    assert_eq!(answer.json::<OverlayReceipt>().version, 2);
    let state: OverlayState = send(app, request(Method::GET, OVERLAY, Some(&phone), None))
        .await
        .json();
    assert_eq!(state.entries.len(), 1);
    assert_eq!(state.entries[0].change, second);

    // The facts are a compare-and-swap too.
    let facts = |name: &str, based_on: i64| json!({ "facts": { "hospice.naam": name }, "based_on": based_on });
    assert_eq!(
        send(app, put(FACTS, &phone, &facts("De Linde", 0)))
            .await
            .status,
        StatusCode::OK
    );
    let answer = send(app, put(FACTS, &desktop, &facts("Hospice De Linde", 0))).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.problem().current_version, Some(3));

    // Many devices at once: every publish gets its own version, none is lost.
    let mut tasks = Vec::new();
    for n in 0..12 {
        let app = app.clone();
        let token = if n % 2 == 0 {
            phone.clone()
        } else {
            desktop.clone()
        };
        tasks.push(tokio::spawn(async move {
            let change = OverlayChange::Supplement {
                section: "als-een-gast-valt".into(),
                placement: if n < 6 {
                    Placement::Before
                } else {
                    Placement::After
                },
                markdown: format!("Aanvulling {n}.\n"),
            };
            let _ = n;
            send(&app, put(ENTRY, &token, &publish(&change, 0, "")))
                .await
                .status
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    // One per key wins from "nothing"; the others started from a base that moved on.
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        10
    );
    let state: OverlayState = send(app, request(Method::GET, OVERLAY, Some(&phone), None))
        .await
        .json();
    assert_eq!(state.version, 5);
    assert_eq!(state.entries.len(), 3);
}

async fn the_regions_lokaal_is_enforced(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    // The region fixes the fire protocol and lets the fall protocol only be added to.
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    for (stem, policy) in [("bij-brand", "vast"), ("als-een-gast-valt", "aanvullen")] {
        let file = find_file(copy.path(), stem).expect("protocol");
        let text = std::fs::read_to_string(&file).expect("read");
        std::fs::write(
            &file,
            text.replacen("---\n", &format!("---\nlokaal: {policy}\n"), 1),
        )
        .expect("write");
    }
    publish_dir(&server.db, copy.path(), "utrecht")
        .await
        .expect("publish");
    let app = &server.app;
    let manager = login(app, "manager").await;
    let supplement = |section: &str| OverlayChange::Supplement {
        section: section.into(),
        placement: Placement::After,
        markdown: "Bij ons: anders.\n".into(),
    };
    let cases = [
        (supplement("bij-brand"), StatusCode::UNPROCESSABLE_ENTITY),
        (
            replace("bij-brand", 2, "Eigen brandtekst.\n"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            OverlayChange::Hide {
                section: "bij-brand".into(),
                base_revision: 2,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            replace("als-een-gast-valt", 2, "Eigen valtekst.\n"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (supplement("als-een-gast-valt"), StatusCode::OK),
        (supplement("bestaat-niet"), StatusCode::UNPROCESSABLE_ENTITY),
        // Made from a revision the region never published.
        (
            replace("de-overdracht", 9, "Tekst.\n"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (change, status) in cases {
        let answer = send(app, put(ENTRY, &manager, &publish(&change, 0, ""))).await;
        assert_eq!(
            answer.status,
            status,
            "{change:?}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            let detail = answer.problem().detail;
            assert!(detail.ends_with('.') && detail.len() > 40, "{detail}");
        }
    }
    let fixed = send(
        app,
        put(ENTRY, &manager, &publish(&supplement("bij-brand"), 0, "")),
    )
    .await
    .problem()
    .detail;
    assert!(fixed.contains("cannot be changed locally"), "{fixed}");
    // A key that is not the change's, an unknown fact, a note that is too long.
    let mismatched = json!({
        "key": EntryKey::Own { id: "x".into() },
        "based_on": 0,
        "change": supplement("als-een-gast-valt")
    });
    assert_eq!(
        send(app, put(ENTRY, &manager, &mismatched)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let unknown = json!({ "facts": { "hospice.wifi": "geheim" }, "based_on": 0 });
    assert_eq!(
        send(app, put(FACTS, &manager, &unknown)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let long_note = publish(&supplement("de-overdracht"), 0, &"x".repeat(5000));
    assert_eq!(
        send(app, put(ENTRY, &manager, &long_note)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Nothing refused was stored.
    let state: OverlayState = send(app, request(Method::GET, OVERLAY, Some(&manager), None))
        .await
        .json();
    assert_eq!(state.entries.len(), 1);
    assert!(state.facts.is_empty());
}

/// The overlay's operations, each status provoked, in this order (the 409s need the 200s
/// before them).
pub(crate) fn overlay_cases(
    manager: &str,
    volunteer: &str,
) -> Vec<(&'static str, u16, Request<Body>)> {
    let read = "GET /api/v1/organizations/{organization}/overlay";
    let entry = "PUT /api/v1/organizations/{organization}/overlay/entry";
    let facts = "PUT /api/v1/organizations/{organization}/overlay/facts";
    let history = "GET /api/v1/organizations/{organization}/overlay/history/{section}";
    let get = |uri: &str, token: Option<&str>| request(Method::GET, uri, token, None);
    let raw =
        |uri: &str, token: Option<&str>, body: &str| request(Method::PUT, uri, token, Some(body));
    let ours = publish(&replace("de-overdracht", 1, "Onze tekst.\n"), 0, "").to_string();
    let theirs = publish(&replace("de-overdracht", 1, "Andere tekst.\n"), 0, "").to_string();
    let unknown = publish(&replace("bestaat-niet", 1, "Tekst.\n"), 0, "").to_string();
    let named = r#"{"facts":{"hospice.naam":"De Linde"},"based_on":0}"#;
    let renamed = r#"{"facts":{"hospice.naam":"Hospice De Linde"},"based_on":0}"#;
    let huge = |size: usize| format!(r#"{{"x":"{}"}}"#, "x".repeat(size));
    let untyped = |uri: &str, body: &str| {
        Request::builder()
            .method(Method::PUT)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {manager}"))
            .body(Body::from(body.to_owned()))
            .expect("request")
    };
    vec![
        (read, 200, get(OVERLAY, Some(volunteer))),
        (read, 401, get(OVERLAY, None)),
        (
            read,
            403,
            get("/api/v1/organizations/de-berk/overlay", Some(volunteer)),
        ),
        (entry, 200, raw(ENTRY, Some(manager), &ours)),
        (entry, 409, raw(ENTRY, Some(manager), &theirs)),
        (entry, 400, raw(ENTRY, Some(manager), "{not json")),
        (entry, 401, raw(ENTRY, None, &ours)),
        (entry, 403, raw(ENTRY, Some(volunteer), &ours)),
        (entry, 413, raw(ENTRY, Some(manager), &huge(1_100_000))),
        (entry, 415, untyped(ENTRY, &ours)),
        (entry, 422, raw(ENTRY, Some(manager), &unknown)),
        (facts, 200, raw(FACTS, Some(manager), named)),
        (facts, 409, raw(FACTS, Some(manager), renamed)),
        (facts, 400, raw(FACTS, Some(manager), r#"{"facts":[]}"#)),
        (facts, 401, raw(FACTS, None, named)),
        (facts, 403, raw(FACTS, Some(volunteer), named)),
        (facts, 413, raw(FACTS, Some(manager), &huge(100_000))),
        (facts, 415, untyped(FACTS, named)),
        (
            facts,
            422,
            raw(
                FACTS,
                Some(manager),
                r#"{"facts":{"hospice.wifi":"x"},"based_on":1}"#,
            ),
        ),
        (
            history,
            200,
            get(
                "/api/v1/organizations/de-linde/overlay/history/de-overdracht",
                Some(volunteer),
            ),
        ),
        (
            history,
            401,
            get(
                "/api/v1/organizations/de-linde/overlay/history/de-overdracht",
                None,
            ),
        ),
        (
            history,
            403,
            get(
                "/api/v1/organizations/de-berk/overlay/history/de-overdracht",
                Some(volunteer),
            ),
        ),
        (
            history,
            404,
            get(
                "/api/v1/organizations/de-linde/overlay/history/bestaat-niet",
                Some(volunteer),
            ),
        ),
    ]
}

/// Each overlay operation once more, for a database that fails under the server.
pub(crate) fn overlay_failing(
    manager: &str,
    volunteer: &str,
) -> Vec<(&'static str, Request<Body>)> {
    let body = publish(&replace("de-overdracht", 1, "Nog een tekst.\n"), 2, "").to_string();
    vec![
        (
            "GET /api/v1/organizations/{organization}/overlay",
            request(Method::GET, OVERLAY, Some(volunteer), None),
        ),
        (
            "PUT /api/v1/organizations/{organization}/overlay/entry",
            request(Method::PUT, ENTRY, Some(manager), Some(&body)),
        ),
        (
            "PUT /api/v1/organizations/{organization}/overlay/facts",
            request(
                Method::PUT,
                FACTS,
                Some(manager),
                Some(r#"{"facts":{},"based_on":3}"#),
            ),
        ),
        (
            "GET /api/v1/organizations/{organization}/overlay/history/{section}",
            request(
                Method::GET,
                "/api/v1/organizations/de-linde/overlay/history/de-overdracht",
                Some(volunteer),
                None,
            ),
        ),
    ]
}
