//! Acknowledgements ("Gelezen en begrepen" under a name from the hospice's list): stored
//! once per UUID, refused with what to do, pulled "after" a number in bounded answers.

use kompas_proto::reading::{Acknowledgement, ReadersPage};
use kompas_server::db::MAX_ACKNOWLEDGEMENTS_PER_PAGE;

use super::reading::{
    ack_body, ack_uri, name_body, page, put, reader_uri, ACK, ACK_2, ACK_3, READER, READERS,
};
use super::*;

on_both!(
    an_acknowledgement_is_stored_once_per_uuid,
    acknowledgements_come_after_a_number_in_bounded_answers,
);

async fn an_acknowledgement_is_stored_once_per_uuid(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let volunteer = login(app, "volunteer").await;
    let outsider = login(app, "outsider").await;

    // A name that is not on the list (yet: added on another device that has not synced)
    // is stored all the same, a record of reading; the overview counts names on the list.
    let body = ack_body("regio:als-een-gast-valt:1");

    // Added by the manager meanwhile; stored, and again is the same.
    let answer = put(
        app,
        &reader_uri("de-linde", READER),
        &manager,
        &name_body("Bram", true),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let expected = Acknowledgement {
        id: ACK.into(),
        reader: READER.into(),
        change: "regio:als-een-gast-valt:1".into(),
        acknowledged_at: "2026-05-01T14:30:00+02:00".into(),
    };
    for token in [&volunteer, &volunteer, &manager] {
        let answer = put(app, &ack_uri("de-linde", ACK), token, &body).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(answer.json::<Acknowledgement>(), expected);
    }

    // The same UUID with other content, or by another hospice: a conflict that says
    // nothing of what is stored.
    let other = ack_body("regio:als-een-gast-valt:2");
    let answer = put(app, &ack_uri("de-linde", ACK), &volunteer, &other).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let conflict = answer.problem().detail;
    assert!(conflict.contains("new UUID"), "{conflict}");
    server
        .db
        .save_reader(
            "de-berk",
            READER,
            1,
            &kompas_proto::reading::ReaderUpdate {
                name: "Bram".into(),
                active: true,
            },
        )
        .await
        .expect("a name on de-berk's list");
    let answer = put(app, &ack_uri("de-berk", ACK), &outsider, &body).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let elsewhere = answer.problem().detail;
    assert_eq!(elsewhere, conflict);
    assert!(!elsewhere.contains("de-linde") && !elsewhere.contains("als-een-gast-valt"));

    // What the content cannot be.
    let with = |field: &str, value: &str| {
        let mut body: serde_json::Value =
            serde_json::from_str(&ack_body("hospice:3")).expect("json");
        body[field] = value.into();
        body.to_string()
    };
    for (body, word) in [
        (with("change", "regio:Als-Een-Gast-Valt:1"), "change"),
        (with("change", "hospice:0"), "change"),
        (with("change", "gelezen"), "change"),
        (with("reader", "Bram"), "reader"),
        (with("acknowledged_at", "1 mei 2026"), "acknowledged_at"),
        (with("acknowledged_at", "2026-05-01"), "acknowledged_at"),
    ] {
        let answer = put(app, &ack_uri("de-linde", ACK_2), &volunteer, &body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(answer.problem().detail.contains(word), "{body}");
    }
    let upper = ACK.to_uppercase();
    for bad in ["a001", upper.as_str()] {
        let answer = put(app, &ack_uri("de-linde", bad), &volunteer, &body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let answer = put(
        app,
        &ack_uri("de-linde", ACK_2),
        &volunteer,
        r#"{"reader":"x","change":"hospice:1"}"#,
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "a missing field");

    // A name taken off the list keeps what it read, and may still acknowledge what it
    // read before (the device was offline); the change is kept in its canonical text.
    let answer = put(
        app,
        &reader_uri("de-linde", READER),
        &manager,
        &name_body("Bram", false),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let answer = put(
        app,
        &ack_uri("de-linde", ACK_2),
        &volunteer,
        &ack_body("hospice:007"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json::<Acknowledgement>().change, "hospice:7");

    // Every member sees them; only the hospice's own.
    let all = page(app, &manager, READERS).await;
    let ids: Vec<&str> = all.acknowledgements.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [ACK, ACK_2]);
    assert_eq!(all.acknowledgements[0], expected);
    assert_eq!(all.last, 2);
    let theirs = page(app, &outsider, "/api/v1/organizations/de-berk/readers").await;
    assert!(theirs.acknowledgements.is_empty() && theirs.last == 0);
    let stored = server
        .raw
        .strings(&format!(
            "SELECT received_at || ' ' || CAST(account_id AS TEXT) FROM acknowledgement \
             WHERE id = '{ACK}'"
        ))
        .await;
    assert_eq!(stored.len(), 1);
    assert!(stored[0].starts_with("20"), "{stored:?}");
}

async fn acknowledgements_come_after_a_number_in_bounded_answers(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let volunteer = login(app, "volunteer").await;
    let answer = put(
        app,
        &reader_uri("de-linde", READER),
        &manager,
        &name_body("Bram", true),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    for (id, change) in [
        (ACK, "hospice:1"),
        (ACK_2, "hospice:2"),
        (ACK_3, "hospice:3"),
    ] {
        let answer = put(app, &ack_uri("de-linde", id), &volunteer, &ack_body(change)).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let changes = |page: &ReadersPage| -> Vec<String> {
        page.acknowledgements
            .iter()
            .map(|a| a.change.clone())
            .collect()
    };
    let first = page(app, &volunteer, READERS).await;
    assert_eq!(changes(&first), ["hospice:1", "hospice:2", "hospice:3"]);
    assert_eq!(first.last, 3);
    let newer = page(app, &volunteer, &format!("{READERS}?after=1")).await;
    assert_eq!(changes(&newer), ["hospice:2", "hospice:3"]);
    assert_eq!(newer.last, 3);
    assert_eq!(newer.readers.len(), 1, "the whole list every time");
    let none = page(app, &volunteer, &format!("{READERS}?after=3")).await;
    assert!(none.acknowledgements.is_empty());
    assert_eq!(none.last, 3);
    // A repeat makes no new number.
    let answer = put(
        app,
        &ack_uri("de-linde", ACK_2),
        &volunteer,
        &ack_body("hospice:2"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(page(app, &volunteer, READERS).await.last, 3);

    for bad in ["-1", "x", "1.5", "", "99999999999999999999"] {
        let answer = send(
            app,
            request(
                Method::GET,
                &format!("{READERS}?after={bad}"),
                Some(&volunteer),
                None,
            ),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(answer.problem().detail.contains("after"), "{bad}");
    }
    let answer = send(
        app,
        request(
            Method::GET,
            &format!("{READERS}?na=1"),
            Some(&volunteer),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);

    // Years of acknowledgements come in answers of at most the maximum each, and every
    // one comes once. Stored straight in the database: thousands of requests would test
    // nothing more.
    let extra = MAX_ACKNOWLEDGEMENTS_PER_PAGE as i64 + 1;
    server
        .raw
        .execute(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             INSERT INTO acknowledgement (id, organization_id, seq, reader_id, change_id,
                 acknowledged_at, account_id, received_at)
             SELECT 'seeded-' || CAST(i AS TEXT), 'de-linde', i, '{READER}',
                 'hospice:' || CAST(i AS TEXT), '2026-05-01T12:00:00Z', 1, '2026-05-01T12:00:00Z'
             FROM n;",
            last = 3 + extra
        ))
        .await;
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let answer = page(app, &volunteer, &format!("{READERS}?after={after}")).await;
        assert!(answer.acknowledgements.len() <= MAX_ACKNOWLEDGEMENTS_PER_PAGE);
        if answer.acknowledgements.is_empty() {
            assert_eq!(answer.last, after);
            break;
        }
        assert!(answer.last > after);
        seen.extend(changes(&answer));
        after = answer.last;
    }
    assert_eq!(seen.len() as i64, 3 + extra);
    assert_eq!(
        seen.last().map(String::as_str),
        Some(&*format!("hospice:{}", 3 + extra))
    );
    let unique: std::collections::BTreeSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len());
}
