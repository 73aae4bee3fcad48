//! End to end: the real app binary, under a private Xvfb display, driven through
//! tauri-driver and WebKitWebDriver.
//!
//! Runs when `KOMPAS_E2E=1` (the README's test command sets it, with `KOMPAS_APP_BIN`
//! pointing at a release build with the UI embedded). Screenshots go to `target/screenshots`.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use kompas_tests::{screenshot_dir, TauriDriver, Xvfb};

const PHONE: (u32, u32) = (360, 740);
const DESKTOP: (u32, u32) = (1280, 800);

fn app_binary() -> Option<PathBuf> {
    if std::env::var_os("KOMPAS_E2E").is_none() {
        eprintln!(
            "end-to-end test not run: set KOMPAS_E2E=1 and KOMPAS_APP_BIN (./kompas.sh test does)"
        );
        return None;
    }
    let path = PathBuf::from(
        std::env::var_os("KOMPAS_APP_BIN")
            .expect("KOMPAS_E2E is set, so KOMPAS_APP_BIN must name the app binary"),
    );
    assert!(path.exists(), "no app binary at {}", path.display());
    Some(path)
}

async fn connect(driver: &TauriDriver, app: &std::path::Path) -> Client {
    let capabilities: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app }
        }))
        .expect("capabilities");
    // A loaded machine can still be starting the drivers: retry for a while before failing.
    let mut attempts = 0;
    loop {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&driver.url())
            .await
        {
            Ok(client) => return client,
            Err(error) if attempts < 20 => {
                eprintln!("WebDriver session not ready yet ({error}); retrying");
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(error) => panic!("no WebDriver session with the app: {error}"),
        }
    }
}

async fn heading(client: &Client) -> String {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("main h1"))
        .await
        .expect("a heading")
        .text()
        .await
        .expect("heading text")
}

/// Waits until the main heading reads `expected`.
async fn wait_for_heading(client: &Client, expected: &str) {
    for _ in 0..100 {
        if heading(client).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the heading never became {expected:?}; it is {:?}",
        heading(client).await
    );
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// Scrolls an element to the middle of the window (clear of the sticky header and the tab
/// bar, as a user would) and taps it.
async fn tap(client: &Client, element: fantoccini::elements::Element) {
    let handle = serde_json::to_value(&element).expect("element reference");
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
            vec![handle],
        )
        .await
        .expect("scroll into view");
    element.click().await.expect("tap");
}

async fn resize(client: &Client, (width, height): (u32, u32)) {
    client
        .set_window_size(width, height)
        .await
        .expect("resize the window");
    tokio::time::sleep(Duration::from_millis(300)).await;
}

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
