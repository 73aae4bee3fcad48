//! End to end with a server: a volunteer links the real app to a real sync server on
//! loopback, a coordinator's publish arrives and is readable and searchable, a changed
//! protocol the volunteer had read is marked, and a revoked login asks to log in again
//! while the handbook keeps working.
//!
//! Runs when `KOMPAS_E2E=1`, like `e2e.rs`. Screenshots go to `target/screenshots`.

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use kompas_server::{publish_dir, Db};
use kompas_tests::{copy_dir, TauriDriver, Xvfb};

mod common;

use common::*;

const PASSWORD: &str = "een lang wachtwoord";
const HANDBOOK: &str = "../content/handbook";

/// A sync server on loopback, with the regional handbook published once.
async fn start_server(data: &Path) -> (Db, std::net::SocketAddr) {
    let db = Db::open(&data.join("server.sqlite")).expect("server database");
    kompas_server::testing::one_hospice(&db, PASSWORD)
        .await
        .expect("region, hospice and users");
    let address = kompas_server::testing::serve_on_loopback(&db)
        .await
        .expect("serve on loopback");
    (db, address)
}

/// Publishes the bundled handbook with `edit` applied to a copy of it.
async fn publish(db: &Db, edit: impl FnOnce(&Path)) {
    let content = tempfile::tempdir().expect("temp dir");
    copy_dir(Path::new(HANDBOOK), content.path()).expect("copy the handbook");
    edit(content.path());
    publish_dir(db, content.path(), "utrecht")
        .await
        .expect("publish");
}

fn add_flooding_protocol(dir: &Path) {
    std::fs::write(
        dir.join("07-nood/wateroverlast.md"),
        "---\nid: wateroverlast\ntitle: Bij wateroverlast\ncategory: Noodsituaties\norder: 90\n---\n\
         # Bij wateroverlast\n\nDraai de hoofdkraan dicht en bel de dienstdoende verpleegkundige.\n",
    )
    .expect("write");
}

/// The status line of the screen, once it contains `expected`.
async fn wait_for_status(client: &Client, expected: &str) -> String {
    let mut last = String::new();
    for _ in 0..150 {
        if let Ok(line) = client.find(Locator::Css(".sync-line, .sync-notice")).await {
            last = line.text().await.unwrap_or_default();
            if last.contains(expected) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the sync status never said {expected:?}; it says {last:?}");
}

async fn go(client: &Client, hash: &str) {
    client
        .execute(&format!("location.hash = '{hash}'"), vec![])
        .await
        .expect("navigate");
}

/// Scrolls the element matching `css` to the top of the window (for a screenshot).
async fn show(client: &Client, css: &str) {
    let element = client.find(Locator::Css(css)).await.expect(css);
    let handle = serde_json::to_value(&element).expect("element reference");
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
            vec![handle],
        )
        .await
        .expect("scroll");
}

/// Presses "Nu bijwerken" in the settings.
async fn update_now(client: &Client) {
    go(client, "#/settings").await;
    wait_for_heading(client, "Instellingen").await;
    let button = client
        .find(Locator::Css(".sync .actions button.primary"))
        .await
        .expect("update now");
    tap(client, button).await;
}

async fn fill(client: &Client, css: &str, text: &str) {
    let input = client.find(Locator::Css(css)).await.expect(css);
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("type");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_publish_reaches_the_app_after_logging_in() {
    let Some(app) = app_binary() else { return };
    let server_data = tempfile::tempdir().expect("server dir");
    let (db, address) = start_server(server_data.path()).await;
    publish(&db, add_flooding_protocol).await;

    let data = tempfile::tempdir().expect("data dir");
    let xvfb = Xvfb::start(DESKTOP.0 + 200, DESKTOP.1 + 200).expect("Xvfb");
    let driver = TauriDriver::start(&xvfb.display, &[("KOMPAS_DATA_DIR", data.path())])
        .expect("tauri-driver");
    let client = connect(&driver, &app).await;
    resize(&client, PHONE).await;
    wait_for_heading(&client, "Direct nodig").await;

    // Read the fall protocol once, before it changes on the server.
    go(&client, "#/section/als-een-gast-valt").await;
    wait_for_heading(&client, "Als een gast valt").await;

    // Link the device in the settings.
    go(&client, "#/settings").await;
    wait_for_heading(&client, "Instellingen").await;
    let form = client
        .find(Locator::Css("form.login"))
        .await
        .expect("a login form");
    let handle = serde_json::to_value(&form).expect("element reference");
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
            vec![handle],
        )
        .await
        .expect("scroll");
    screenshot(&client, "phone-settings-login").await;
    // A plain http:// address of another machine is refused before anything is sent.
    fill(&client, "#server", "http://kompas.example.nl").await;
    fill(&client, "#username", "anna").await;
    fill(&client, "#password", PASSWORD).await;
    let submit = client
        .find(Locator::Css("form.login button[type=submit]"))
        .await
        .expect("login button");
    tap(&client, submit).await;
    let problem = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".form-problem"))
        .await
        .expect("a problem is shown")
        .text()
        .await
        .expect("text");
    assert!(problem.contains("niet beveiligd"), "{problem}");
    show(&client, ".form-problem").await;
    screenshot(&client, "phone-settings-insecure").await;

    fill(&client, "#server", &format!("http://{address}")).await;
    fill(&client, "#password", PASSWORD).await;
    let submit = client
        .find(Locator::Css("form.login button[type=submit]"))
        .await
        .expect("login button");
    tap(&client, submit).await;
    let status = wait_for_status(&client, "Het handboek is bijgewerkt").await;
    assert!(status.contains("vandaag"), "{status}");
    let page = client.source().await.expect("page");
    assert!(
        page.contains("Ingelogd als anna"),
        "who is logged in is shown"
    );
    assert!(page.contains("Hospice De Linde"), "and for which hospice");
    show(&client, ".sync .sync-line").await;
    screenshot(&client, "phone-settings-synced").await;

    // The published protocol is on the device: searchable and readable.
    let search = client
        .find(Locator::Css("#search-input"))
        .await
        .expect("search box");
    search.send_keys("hoofdkraan").await.expect("type");
    let hit = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".hits li a.hit"))
        .await
        .expect("a hit");
    assert!(hit
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default()
        .ends_with("#/section/wateroverlast"));
    hit.click().await.expect("open");
    wait_for_heading(&client, "Bij wateroverlast").await;

    // The coordinator changes the fall protocol; "Nu bijwerken" brings it.
    publish(&db, |dir| {
        add_flooding_protocol(dir);
        let path = dir.join("07-nood/als-een-gast-valt.md");
        let mut text = std::fs::read_to_string(&path).expect("read");
        text.push_str("\nNieuw: vul na elke val het valformulier in.\n");
        std::fs::write(&path, text).expect("write");
    })
    .await;
    update_now(&client).await;
    wait_for_status(&client, "Het handboek is bijgewerkt").await;

    // Home marks the protocol as updated since it was read, and opening it says so.
    go(&client, "#/").await;
    wait_for_heading(&client, "Direct nodig").await;
    let marked = client
        .find(Locator::Css(
            "a.critical-link[href='#/section/als-een-gast-valt'] .updated-mark",
        ))
        .await
        .expect("the changed protocol is marked on home");
    assert_eq!(marked.text().await.expect("text"), "Bijgewerkt");
    screenshot(&client, "phone-home-updated").await;
    go(&client, "#/section/als-een-gast-valt").await;
    wait_for_heading(&client, "Als een gast valt").await;
    let banner = client
        .find(Locator::Css(".updated-banner"))
        .await
        .expect("the reader says it changed")
        .text()
        .await
        .expect("text");
    assert!(banner.contains("veranderd"), "{banner}");
    assert!(client
        .source()
        .await
        .expect("page")
        .contains("valformulier"));
    screenshot(&client, "phone-section-updated").await;

    // An administrator revokes anna's tokens: the app asks to log in again and keeps
    // working offline.
    let admin = kompas_sync::Client::new(
        kompas_sync::server_url(&format!("http://{address}")).expect("url"),
    );
    let token = admin.login("beheer", PASSWORD).await.expect("admin").token;
    let revoked = reqwest::Client::new()
        .post(format!(
            "http://{address}/api/v1/admin/users/anna/revoke-tokens"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("revoke");
    assert!(revoked.status().is_success());
    update_now(&client).await;
    wait_for_status(&client, "log opnieuw in").await;
    go(&client, "#/").await;
    wait_for_heading(&client, "Direct nodig").await;
    wait_for_status(&client, "log opnieuw in").await;
    show(&client, ".sync-notice").await;
    screenshot(&client, "phone-home-login-needed").await;
    go(&client, "#/section/wateroverlast").await;
    wait_for_heading(&client, "Bij wateroverlast").await;

    resize(&client, DESKTOP).await;
    go(&client, "#/settings").await;
    wait_for_heading(&client, "Instellingen").await;
    show(&client, ".sync-notice").await;
    screenshot(&client, "desktop-settings-login-needed").await;

    client.close().await.expect("end the session");
    drop(driver);
    drop(xvfb);
}
