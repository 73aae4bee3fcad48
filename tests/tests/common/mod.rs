//! Driving the real app: the binary under test, a WebDriver session, and what a user does.

#![allow(dead_code)] // Each end-to-end test uses its own part of these helpers.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use kompas_tests::{screenshot_dir, TauriDriver};

pub mod region;

pub const PHONE: (u32, u32) = (360, 740);
pub const DESKTOP: (u32, u32) = (1280, 800);

pub fn app_binary() -> Option<PathBuf> {
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

pub async fn connect(driver: &TauriDriver, app: &std::path::Path) -> Client {
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

pub async fn heading(client: &Client) -> String {
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
pub async fn wait_for_heading(client: &Client, expected: &str) {
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

/// Waits until what the page holds now has been painted: a frame callback runs before its
/// frame is painted, so the second one runs after the first frame was.
pub async fn painted(client: &Client) {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await
        .expect("wait for a painted frame");
}

pub async fn screenshot(client: &Client, name: &str) {
    painted(client).await;
    let png = client.screenshot().await.expect("screenshot");
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// Scrolls an element to the middle of the window (clear of the sticky header and the tab
/// bar, as a user would) and taps it.
pub async fn tap(client: &Client, element: fantoccini::elements::Element) {
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

pub async fn resize(client: &Client, (width, height): (u32, u32)) {
    client
        .set_window_size(width, height)
        .await
        .expect("resize the window");
    // The window manager and the page take their time on a loaded machine: wait until the
    // page is laid out at the new width, then until that layout is painted.
    let mut seen = serde_json::Value::Null;
    for _ in 0..100 {
        seen = client
            .execute("return window.innerWidth", vec![])
            .await
            .expect("read the page width");
        if seen
            .as_u64()
            .is_some_and(|seen| seen.abs_diff(u64::from(width)) <= 20)
        {
            painted(client).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page never became {width} px wide (it is {seen}): the window did not resize");
}

/// Goes to a screen by its hash, as a link would.
pub async fn go(client: &Client, hash: &str) {
    client
        .execute(&format!("location.hash = '{hash}'"), vec![])
        .await
        .expect("navigate");
}

/// The first element `css` finds, waiting up to ten seconds for it.
pub async fn first(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no {css}"))
}

/// Waits until the element `css` finds says `expected`; its text.
pub async fn wait_for_text(client: &Client, css: &str, expected: &str) -> String {
    let mut last = String::new();
    for _ in 0..150 {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            last = element.text().await.unwrap_or_default();
            if last.contains(expected) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} never said {expected:?}; it says {last:?}");
}

/// Replaces what a field holds with `text`, typed.
pub async fn type_into(element: &fantoccini::elements::Element, text: &str) {
    element.clear().await.expect("clear");
    element.send_keys(text).await.expect("type");
}
