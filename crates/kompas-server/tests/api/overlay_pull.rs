//! A hospice's own changes in the delta pull: only its own devices get them, once, in a
//! page that is hardly larger than the change itself.

use kompas_proto::overlay::{EntryKey, OverlayChange, Placement};
use kompas_proto::sync::ChangesPage;

use super::*;

on_both!(the_pull_brings_a_hospice_its_own_changes_and_no_one_else,);

const CHANGES: &str = "/api/v1/organizations/de-linde/changes";

async fn page(app: &Router, token: &str, uri: &str) -> (ChangesPage, usize) {
    let answer = send(app, request(Method::GET, uri, Some(token), None)).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    (answer.json(), answer.body.len())
}

async fn the_pull_brings_a_hospice_its_own_changes_and_no_one_else(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let volunteer = login(app, "volunteer").await;
    let coordinator = login(app, "coordinator").await;

    let (all, _) = pull_all(app, &volunteer, "de-linde", String::new()).await;
    assert!(all.overlay.is_none(), "nothing tailored yet");
    let head = server.db.region_head("utrecht").await.expect("head");
    assert_eq!(all.cursor, format!("v2.{head}.0"));

    // One local change of about 1.5 KB.
    let text = "In ons hospice ligt de valmat in de linnenkast naast kamer 3. ".repeat(24);
    let change = OverlayChange::Supplement {
        section: "als-een-gast-valt".into(),
        placement: Placement::After,
        markdown: text.clone(),
    };
    let body = json!({ "key": change.key(), "based_on": 0, "change": change, "note": "Valmat" });
    let uri = "/api/v1/organizations/de-linde/overlay/entry";
    let answer = send(
        app,
        request(Method::PUT, uri, Some(&manager), Some(&body.to_string())),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);

    let (delta, bytes) = page(app, &volunteer, &format!("{CHANGES}?cursor={}", all.cursor)).await;
    let overlay = delta.overlay.expect("the hospice's change");
    assert_eq!(overlay.entries.len(), 1);
    assert_eq!(overlay.entries[0].change, change);
    assert!(delta.sections.is_empty() && !delta.more);
    assert_eq!(delta.cursor, format!("v2.{head}.1"));
    assert!(
        bytes <= text.len() + 2048,
        "{bytes} bytes for a change of {}",
        text.len()
    );
    // Once: the next pull has nothing.
    let (again, _) = page(
        app,
        &volunteer,
        &format!("{CHANGES}?cursor={}", delta.cursor),
    )
    .await;
    assert!(again.overlay.is_none() && again.sections.is_empty());
    // A cursor from before overlays gets the whole overlay.
    let (old, _) = page(app, &volunteer, &format!("{CHANGES}?cursor=v1.{head}")).await;
    assert_eq!(old.overlay.map(|o| o.entries.len()), Some(1));

    // Taken back, and facts filled in: both come as what changed.
    let body = json!({ "key": change.key(), "based_on": 1, "note": "Weg" });
    let answer = send(
        app,
        request(Method::PUT, uri, Some(&manager), Some(&body.to_string())),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    // Added again by a device that forgot the taken-back entry (it starts from 0).
    let again = json!({ "key": change.key(), "based_on": 0, "change": change, "note": "Terug" });
    let answer = send(
        app,
        request(Method::PUT, uri, Some(&manager), Some(&again.to_string())),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = json!({ "key": change.key(), "based_on": 3, "note": "Weer weg" });
    let answer = send(
        app,
        request(Method::PUT, uri, Some(&manager), Some(&body.to_string())),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let facts = json!({ "facts": { "hospice.naam": "Hospice De Linde" }, "based_on": 0 });
    let answer = send(
        app,
        request(
            Method::PUT,
            "/api/v1/organizations/de-linde/overlay/facts",
            Some(&manager),
            Some(&facts.to_string()),
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let (later, _) = page(
        app,
        &volunteer,
        &format!("{CHANGES}?cursor={}", delta.cursor),
    )
    .await;
    let overlay = later.overlay.expect("changes");
    assert_eq!(
        overlay.taken_back,
        [EntryKey::Supplement {
            section: "als-een-gast-valt".into(),
            placement: Placement::After
        }]
    );
    assert!(overlay.entries.is_empty());
    let facts = overlay.facts.expect("the facts");
    assert_eq!(
        (
            facts.values.get("hospice.naam").map(String::as_str),
            facts.version
        ),
        (Some("Hospice De Linde"), 5)
    );
    assert_eq!(later.cursor, format!("v2.{head}.5"));

    // Another hospice of the region gets none of it.
    let (theirs, _) = pull_all(app, &coordinator, "het-anker", String::new()).await;
    assert!(theirs.overlay.is_none());
    assert!(
        !String::from_utf8_lossy(&serde_json::to_vec(&theirs).expect("json")).contains("valmat")
    );

    // A cursor past the hospice's overlay (a server restored from a backup) starts over;
    // a cursor the server did not make is a bad request.
    let answer = send(
        app,
        request(
            Method::GET,
            &format!("{CHANGES}?cursor=v2.{head}.99"),
            Some(&volunteer),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    for bad in ["v2.5", "v2.5.x", "v2.-1.0", "v3.1.1"] {
        let answer = send(
            app,
            request(
                Method::GET,
                &format!("{CHANGES}?cursor={bad}"),
                Some(&volunteer),
                None,
            ),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}
