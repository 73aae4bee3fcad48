//! The region's view through the database on both storages: the coordinator's overview
//! and marks, and what a manager may see of the region (4 and 5 hospices with a score).

use kompas_proto::region::{HospiceYearState, RegionFigure, ReviewRequest, ReviewState};
use kompas_proto::sync::SubmissionRequest;

use super::*;

on_both!(
    a_manager_sees_the_region_only_from_five_hospices,
    the_coordinators_mark_reaches_the_hospice,
);

/// Hospices added to `utrecht` beside de-linde and het-anker.
const MORE: [&str; 3] = ["de-es", "de-wilg", "het-baken"];

/// A finished self-evaluation of `organization` for 2026 whose theme `gast` scores by the
/// two answers given (both applicable, `naasten` weighs 2).
fn evaluation(organization: &str, wensen: &str, naasten: &str) -> SubmissionRequest {
    let mut value: serde_json::Value =
        serde_json::from_str(&submissions::body("Een goed jaar.", None)).expect("json");
    value["organization"] = json!(organization);
    value["evaluation"]["answers"] = json!({
        "wensen": { "answer": wensen },
        "naasten": { "answer": naasten }
    });
    serde_json::from_value(value).expect("a submission request")
}

async fn send_evaluation(server: &Server, n: u32, organization: &str, answers: (&str, &str)) {
    let uuid = format!("01936f6c-8d2e-7c3a-9b1e-2f4a5b6c7e{n:02x}");
    server
        .db
        .submit(
            &uuid,
            "utrecht",
            1,
            &evaluation(organization, answers.0, answers.1),
        )
        .await
        .expect("stored");
}

async fn with_hospices(storage: Storage) -> Option<Server> {
    let server = submissions::with_checklist(storage).await?;
    for id in MORE {
        server
            .db
            .add_organization(id, "utrecht", &format!("Hospice {id}"))
            .await
            .expect("organization");
    }
    Some(server)
}

async fn a_manager_sees_the_region_only_from_five_hospices(storage: Storage) {
    let Some(server) = with_hospices(storage).await else {
        return;
    };
    // Scores of `gast`: ja+ja 100, ja+grotendeels 78, grotendeels+deels 44,
    // deels+nee 11, and the fifth nee+nee 0.
    let first_four = [
        ("de-linde", ("ja", "ja")),
        ("het-anker", ("ja", "grotendeels")),
        ("de-es", ("grotendeels", "deels")),
        ("de-wilg", ("deels", "nee")),
    ];
    for (n, (organization, answers)) in first_four.into_iter().enumerate() {
        send_evaluation(&server, n as u32, organization, answers).await;
    }
    let four = server
        .db
        .comparison("utrecht", "de-linde", 2026)
        .await
        .expect("comparison");
    assert!(four.sent);
    assert_eq!(four.themes.len(), 1);
    assert_eq!(four.themes[0].own, Some(100));
    assert_eq!(four.themes[0].region, RegionFigure::TooFew);
    // Nothing in the answer but the own score: no count, no figure of another hospice.
    let text = serde_json::to_string(&four).expect("json");
    for other in ["78", "44", "11"] {
        assert!(!text.contains(other), "{other} in {text}");
    }

    send_evaluation(&server, 9, "het-baken", ("nee", "nee")).await;
    let five = server
        .db
        .comparison("utrecht", "de-linde", 2026)
        .await
        .expect("comparison");
    // Sorted 0, 11, 44, 78, 100: quartiles 11 and 78, median 44.
    assert_eq!(
        five.themes[0].region,
        RegionFigure::Compared {
            q1: 11.0,
            median: 44.0,
            q3: 78.0
        }
    );
    let text = serde_json::to_string(&five).expect("json");
    for key in [
        "\"min\"",
        "\"max\"",
        "\"hospices\"",
        "\"total\"",
        "\"mean\"",
    ] {
        assert!(!text.contains(key), "{key} in {text}");
    }
    // The coordinator's overview has the same spread and every hospice by name.
    let overview = server
        .db
        .region_overview("utrecht", Some(2026))
        .await
        .expect("overview");
    let spread = overview.region_themes[0].spread.expect("a spread");
    assert_eq!((spread.hospices, spread.median), (5, 44.0));
    assert_eq!(overview.hospices.len(), 5);
    assert!(overview
        .hospices
        .iter()
        .all(|h| h.state == HospiceYearState::Sent && h.open_actions == 1));
    // Another year has nothing to compare and says so.
    let empty = server
        .db
        .comparison("utrecht", "de-linde", 2025)
        .await
        .expect("comparison");
    assert!(!empty.sent);
    assert!(empty
        .themes
        .iter()
        .all(|t| t.own.is_none() && t.region == RegionFigure::TooFew));
}

async fn the_coordinators_mark_reaches_the_hospice(storage: Storage) {
    let Some(server) = with_hospices(storage).await else {
        return;
    };
    send_evaluation(&server, 1, "de-linde", ("ja", "deels")).await;
    let own = server
        .db
        .own_submissions("utrecht", "de-linde")
        .await
        .expect("own");
    assert_eq!(own.submissions.len(), 1);
    assert_eq!(own.submissions[0].review, None);
    let uuid = own.submissions[0].uuid.clone();

    // Not a submission of this region: not found, nothing written.
    let other_region = server
        .db
        .review_submission(
            "gelderland",
            &uuid,
            ReviewRequest {
                state: ReviewState::Received,
                note: String::new(),
            },
            2,
            "coordinator",
        )
        .await;
    assert!(
        matches!(other_region, Err(DbError::NotFound(_))),
        "{other_region:?}"
    );

    for (state, note) in [
        (ReviewState::Received, ""),
        (
            ReviewState::Discussed,
            "  Besproken in het regio-overleg van maart.  ",
        ),
    ] {
        server
            .db
            .review_submission(
                "utrecht",
                &uuid,
                ReviewRequest {
                    state,
                    note: note.to_owned(),
                },
                2,
                "coordinator",
            )
            .await
            .expect("marked");
    }
    let own = server
        .db
        .own_submissions("utrecht", "de-linde")
        .await
        .expect("own");
    let review = own.submissions[0].review.clone().expect("a review");
    assert_eq!(review.state, ReviewState::Discussed);
    assert_eq!(review.note, "Besproken in het regio-overleg van maart.");
    assert_eq!(review.by, "coordinator");
    let overview = server
        .db
        .region_overview("utrecht", None)
        .await
        .expect("overview");
    assert_eq!(overview.year, 2026);
    let linde = overview
        .hospices
        .iter()
        .find(|h| h.organization_id == "de-linde")
        .expect("de-linde");
    assert_eq!(linde.state, HospiceYearState::Discussed);
    let anker = overview
        .hospices
        .iter()
        .find(|h| h.organization_id == "het-anker")
        .expect("het-anker");
    assert_eq!(anker.state, HospiceYearState::NotReceived);
    // The detail holds the narrative; the CSV names the state and the score.
    let detail = server
        .db
        .region_hospice("utrecht", "de-linde", 2026)
        .await
        .expect("detail");
    let current = detail.current.expect("current");
    assert_eq!(current.evaluation.summary, "Een goed jaar.");
    assert!(detail.previous.is_none());
    // The exports, as the coordinator downloads them, read back by a CSV parser.
    let token = login(&server.app, "coordinator").await;
    let results = download(&server, &token, "results.csv?year=2026").await;
    assert_eq!(
        results.filename,
        "attachment; filename=\"zelfevaluaties-utrecht-2026.csv\""
    );
    assert_eq!(results.rows[0][8], "open verbeteracties");
    let row = |id: &str| {
        results
            .rows
            .iter()
            .find(|r| r[0] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no row of {id}: {:?}", results.rows))
    };
    // ja (3, weight 1) and deels (1, weight 2): 5 of 9 points; one open action in `gast`.
    assert_eq!(
        row("de-linde")[..9],
        [
            "de-linde",
            "Hospice De Linde",
            "2026",
            "besproken",
            "gast",
            "Gast en naasten centraal",
            "56",
            "100",
            "1"
        ]
    );
    assert_eq!(row("het-anker")[3], "nog niet ontvangen");
    assert!(row("het-anker")[6].is_empty());
    let actions = download(&server, &token, "actions.csv").await;
    assert_eq!(
        actions.filename,
        "attachment; filename=\"verbeteracties-utrecht-2026.csv\""
    );
    assert_eq!(actions.rows.len(), 2, "{:?}", actions.rows);
    assert_eq!(
        actions.rows[1],
        [
            "de-linde",
            "Hospice De Linde",
            "2026",
            "gast",
            "Gast en naasten centraal",
            "Wensen vastleggen",
            "In elk dossier",
            "coördinator",
            "2027-06-01",
            "gepland",
            ""
        ]
    );
    // A note too long is refused with what to do.
    let long = server
        .db
        .review_submission(
            "utrecht",
            &uuid,
            ReviewRequest {
                state: ReviewState::Discussed,
                note: "x".repeat(2_001),
            },
            2,
            "coordinator",
        )
        .await;
    assert!(
        matches!(long, Err(DbError::Invalid(ref m)) if m.contains("Shorten")),
        "{long:?}"
    );
}

struct Download {
    filename: String,
    /// The header first.
    rows: Vec<Vec<String>>,
}

/// A coordinator's export of `utrecht`, checked to be UTF-8 with a byte-order mark and
/// parsed with `;` as a spreadsheet set to Dutch reads it.
async fn download(server: &Server, token: &str, file: &str) -> Download {
    let answer = send(
        &server.app,
        request(
            Method::GET,
            &format!("/api/v1/regions/utrecht/{file}"),
            Some(token),
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let body = answer
        .body
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a byte-order mark");
    let rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|record| {
            record
                .expect("a CSV record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    Download {
        filename: answer.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .to_owned(),
        rows,
    }
}
