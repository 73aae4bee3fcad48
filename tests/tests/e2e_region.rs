//! End to end for the region's view: a coordinator logs the real app in to a real server
//! filled by `kompas-server generate` (40 hospices, 5 years), opens Regio, opens a hospice,
//! exports the CSV (the file is checked), and marks the hospice's self-evaluation
//! Besproken; the hospice manager's device then has that mark.
//!
//! Runs when `KOMPAS_E2E=1`, like `e2e.rs`. Screenshots go to `target/screenshots`; the
//! time from tapping Regio to the painted overview is printed (docs/benchmarks.md).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use kompas_proto::region::ReviewState;
use kompas_proto::sync::Role;
use kompas_proto::LoginForm;
mod common;

use common::region::*;
use common::*;

/// The element once it is there; a screenshot of the screen when it never comes.
async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    match client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
    {
        Ok(element) => element,
        Err(e) => {
            screenshot(client, "failed-region-wait").await;
            let text = client.find(Locator::Css("main")).await.ok();
            let text = match text {
                Some(main) => main.text().await.unwrap_or_default(),
                None => String::new(),
            };
            panic!("{css} never appeared ({e}); the screen says: {text}")
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_reviews_the_region_and_the_manager_sees_the_mark() {
    let Some(app) = app_binary() else { return };
    let session = coordinator_app(&app, 40).await;
    let (client, db, address, exports) = (
        &session.client,
        &session.db,
        session.address,
        &session.exports,
    );

    // Tap to painted, with 40 hospices (the benchmark `region_screen` repeats this).
    let (painted_ms, _) = tap_regio_to_painted(client).await;
    eprintln!("e2e_region: Regio tapped to painted with 40 hospices: {painted_ms:.0} ms");
    let title = heading(client).await;
    assert!(title.contains("zelfevaluaties 2026"), "{title}");
    screenshot(client, "desktop-region-overview").await;
    resize(client, PHONE).await;
    screenshot(client, "phone-region-overview").await;
    resize(client, DESKTOP).await;

    // Export the scores: the file in the export folder, as Excel set to Dutch opens it.
    let export = client
        .find(Locator::Css(".exports button.primary"))
        .await
        .expect("export button");
    tap(client, export).await;
    let saved = wait_for(client, ".exports .saved-line").await;
    assert!(saved.text().await.expect("text").contains("Opgeslagen"));
    let file = exports
        .path()
        .join(format!("zelfevaluaties-{REGION}-2026.csv"));
    let csv = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let text =
        std::str::from_utf8(csv.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM")).expect("utf-8");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .expect("a header")
        .starts_with("hospice;naam;jaar;status;thema"));
    // Every hospice: 7 theme rows when sent, one row when not.
    assert!(lines.count() >= 40, "{text}");

    // Open a hospice that sent this year's, and mark it Besproken with a note.
    let link = client
        .execute(
            "const row = [...document.querySelectorAll('table.heat-map tbody tr')]
                 .find(r => !r.querySelector('.state-none'));
             return row.querySelector('th a').getAttribute('href');",
            vec![],
        )
        .await
        .expect("a hospice that sent");
    let link = link.as_str().expect("a link").to_owned();
    let organization = link
        .trim_start_matches("#/regio/hospice/")
        .trim_end_matches("/2026")
        .to_owned();
    go(client, &link).await;
    wait_for(client, ".mark textarea").await;
    screenshot(client, "desktop-region-hospice").await;
    fill(
        client,
        "#mark-note",
        "Besproken in het regio-overleg van december.",
    )
    .await;
    let discussed = client
        .find(Locator::Css(".mark button.primary"))
        .await
        .expect("mark as discussed");
    tap(client, discussed).await;
    wait_for(client, ".mark .saved-line").await;
    let line = client
        .find(Locator::Css(".mark .review-line"))
        .await
        .expect("the mark")
        .text()
        .await
        .expect("text");
    assert!(line.starts_with("Besproken"), "{line}");
    resize(client, PHONE).await;
    screenshot(client, "phone-region-hospice").await;
    go(client, "#/regio/verloop").await;
    wait_for(client, ".trend-theme").await;
    screenshot(client, "phone-region-trend").await;
    resize(client, DESKTOP).await;
    screenshot(client, "desktop-region-trend").await;

    // The manager's device of that hospice gets the mark with its sync.
    let hash = kompas_server::auth::hash_password(PASSWORD).expect("hash");
    db.add_account("hanna", &hash, false)
        .await
        .expect("account");
    db.add_membership("hanna", &organization, Role::Manager)
        .await
        .expect("manager");
    let uuid = db
        .own_submissions(REGION, &organization)
        .await
        .expect("own")
        .submissions
        .into_iter()
        .find(|s| s.year == 2026)
        .expect("the year's submission")
        .uuid;
    let home = tempfile::tempdir().expect("device dir");
    let store = Arc::new(Mutex::new(
        kompas_store::Store::open(&home.path().join("kompas.sqlite")).expect("store"),
    ));
    let engine = kompas_sync::Engine::new(store.clone(), kompas_sync::EngineOptions::default());
    tokio::spawn(engine.clone().run(std::future::pending()));
    engine
        .login(&LoginForm {
            server: format!("http://{address}"),
            username: "hanna".into(),
            password: PASSWORD.into(),
        })
        .await
        .expect("the manager logs in");
    let deadline = Instant::now() + Duration::from_secs(30);
    let review = loop {
        if let Some(review) = store.lock().expect("lock").review(&uuid).expect("read") {
            break review;
        }
        assert!(
            Instant::now() < deadline,
            "the mark never reached the manager's device"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(review.state, ReviewState::Discussed);
    assert_eq!(review.note, "Besproken in het regio-overleg van december.");
    assert_eq!(review.by, "wendy");
    client.clone().close().await.expect("close");
}
