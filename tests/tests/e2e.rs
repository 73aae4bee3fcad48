//! End to end: the real app binary, under a private Xvfb display, driven through
//! tauri-driver and WebKitWebDriver.
//!
//! Runs when `KOMPAS_E2E=1` (the README's test command sets it, with `KOMPAS_APP_BIN`
//! pointing at a release build with the UI embedded). Screenshots go to `target/screenshots`.

use std::time::Duration;

use fantoccini::Locator;
use kompas_tests::{TauriDriver, Xvfb};

mod common;

use common::*;

#[tokio::test(flavor = "multi_thread")]
async fn volunteer_finds_and_reads_protocols() {
    let Some(app) = app_binary() else { return };
    let data = tempfile::tempdir().expect("data dir");
    let xvfb = Xvfb::start(DESKTOP.0 + 200, DESKTOP.1 + 200).expect("Xvfb");
    let driver = TauriDriver::start(&xvfb.display, &[("KOMPAS_DATA_DIR", data.path())])
        .expect("tauri-driver");
    let client = connect(&driver, &app).await;

    // First start with an empty data folder: the bundled handbook is there, offline.
    resize(&client, DESKTOP).await;
    wait_for_heading(&client, "Direct nodig").await;
    screenshot(&client, "desktop-home").await;
    assert!(
        data.path().join("kompas.sqlite").exists(),
        "the database is created in the data folder"
    );

    // Open a critical protocol from home in one tap.
    resize(&client, PHONE).await;
    screenshot(&client, "phone-home").await;
    client
        .find(Locator::Css(
            "a.critical-link[href='#/section/als-een-gast-valt']",
        ))
        .await
        .expect("the fall protocol is on the home screen")
        .click()
        .await
        .expect("tap it");
    wait_for_heading(&client, "Als een gast valt").await;
    screenshot(&client, "phone-section").await;

    // Search a word in another inflection than the text uses, and open the hit.
    let search = client
        .find(Locator::Css("#search-input"))
        .await
        .expect("search box");
    search.send_keys("overleden").await.expect("type");
    let first_hit = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".hits li a.hit"))
        .await
        .expect("search hits");
    let marked = client
        .find_all(Locator::Css(".hits mark"))
        .await
        .expect("highlights");
    assert!(!marked.is_empty(), "matches are highlighted");
    screenshot(&client, "phone-search").await;
    let first_href = first_hit
        .attr("href")
        .await
        .expect("hit href")
        .unwrap_or_default();
    assert!(
        first_href.ends_with("#/section/als-een-gast-overlijdt"),
        "searching `overleden` puts the protocol titled `Als een gast overlijdt` first, not {first_href}"
    );
    first_hit.click().await.expect("open the first hit");
    wait_for_heading(&client, "Als een gast overlijdt").await;
    let query_left = client
        .find(Locator::Css("#search-input"))
        .await
        .expect("search box")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert_eq!(query_left, "", "opening a hit clears the search box");

    // A typo typed in a hurry: the hits come anyway, with "Bedoelde je …?" to follow.
    let search = client
        .find(Locator::Css("#search-input"))
        .await
        .expect("search box");
    search.send_keys("verpleegkundge").await.expect("type");
    let did_you_mean = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".did-you-mean a"))
        .await
        .expect("a correction is offered for a typo");
    let offered = did_you_mean.text().await.expect("text");
    assert!(
        offered.contains("Bedoelde je") && offered.contains("verpleegkundige"),
        "{offered}"
    );
    client
        .find(Locator::Css(".hits li a.hit"))
        .await
        .expect("hits for the typo itself");
    screenshot(&client, "phone-search-typo").await;
    tap(&client, did_you_mean).await;
    let mut corrected = String::new();
    for _ in 0..100 {
        corrected = client
            .find(Locator::Css("#search-input"))
            .await
            .expect("search box")
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default();
        if corrected == "verpleegkundige" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(corrected, "verpleegkundige", "the box holds the correction");

    // A compound the handbook only has apart, and no section with both parts: the sections
    // closest come, with a line that says so.
    type_into(&first(&client, "#search-input").await, "slikproblemen").await;
    wait_for_text(
        &client,
        ".search-outcome",
        "Geen onderdeel bevat alle woorden",
    )
    .await;
    let first_href = first(&client, ".hits li a.hit")
        .await
        .attr("href")
        .await
        .expect("hit href")
        .unwrap_or_default();
    assert!(
        first_href.ends_with("#/section/eten-en-drinken-in-de-laatste-fase")
            || first_href.ends_with("#/section/mondzorg"),
        "`slikproblemen` finds the sections on swallowing, not {first_href}"
    );
    screenshot(&client, "phone-search-some-words").await;
    resize(&client, DESKTOP).await;
    screenshot(&client, "desktop-search-some-words").await;
    resize(&client, PHONE).await;

    // Nothing at all: never a dead end, the critical protocols and categories instead.
    let search = client
        .find(Locator::Css("#search-input"))
        .await
        .expect("search box");
    search.clear().await.expect("clear");
    search.send_keys("qwrtzpx").await.expect("type");
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".no-match-categories .category-link"))
        .await
        .expect("categories offered when nothing matches");
    let critical = client
        .find_all(Locator::Css(".search-results a.critical-link"))
        .await
        .expect("critical protocols");
    assert!(
        critical.len() >= 3,
        "the critical protocols are one tap away"
    );
    screenshot(&client, "phone-search-nothing").await;
    resize(&client, DESKTOP).await;
    screenshot(&client, "desktop-search-nothing").await;
    resize(&client, PHONE).await;
    client
        .find(Locator::Css(
            ".search-results a.critical-link[href='#/section/als-een-gast-overlijdt']",
        ))
        .await
        .expect("the protocol for a death among them")
        .click()
        .await
        .expect("tap it");
    wait_for_heading(&client, "Als een gast overlijdt").await;

    // Follow an internal link, and come back with the back button.
    let link = client
        .find(Locator::Css(
            ".prose a[href='#/section/naasten-na-het-overlijden']",
        ))
        .await
        .expect("an internal link to the relatives section");
    tap(&client, link).await;
    wait_for_heading(&client, "Naasten na het overlijden").await;
    let back = client
        .find(Locator::Css("button.back"))
        .await
        .expect("back button");
    tap(&client, back).await;
    wait_for_heading(&client, "Als een gast overlijdt").await;

    // Night mode for the night shift, remembered in the store.
    client
        .find(Locator::Css("header .icon-button"))
        .await
        .expect("night mode button")
        .click()
        .await
        .expect("switch to night mode");
    let classes = client
        .execute("return document.documentElement.className", vec![])
        .await
        .expect("read classes");
    assert!(
        classes.as_str().unwrap_or_default().contains("night"),
        "night mode is on: {classes}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(&client, "phone-section-night").await;
    resize(&client, DESKTOP).await;
    screenshot(&client, "desktop-section-night").await;

    client.close().await.expect("end the session");
    drop(driver);
    drop(xvfb);
}
