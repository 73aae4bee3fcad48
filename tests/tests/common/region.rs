//! The real app logged in as a region's coordinator, against a real server on loopback
//! filled by `kompas-server generate`: what the region's end-to-end test and the Regio
//! screen's benchmark both start from.

use std::net::SocketAddr;

use fantoccini::{Client, Locator};
use kompas_server::generate::{generate, Plan};
use kompas_server::{auth, Db};
use kompas_tests::{TauriDriver, Xvfb};
use tempfile::TempDir;

use super::{connect, go, resize, tap, wait_for_heading, DESKTOP};

pub const PASSWORD: &str = "een lang wachtwoord";
pub const REGION: &str = "gooi";
pub const COORDINATOR: &str = "wendy";
/// The tab a coordinator has, and the row of the heat map that shows all 40 are there.
pub const REGION_TAB: &str = "nav.tabs a[href='#/regio']";
pub const FORTIETH_ROW: &str = "table.heat-map tbody tr:nth-child(40)";

/// Everything the session needs kept alive, dropped in reverse order.
pub struct CoordinatorApp {
    pub client: Client,
    pub db: Db,
    pub address: SocketAddr,
    pub exports: TempDir,
    _driver: TauriDriver,
    _xvfb: Xvfb,
    _data: TempDir,
    _server_data: TempDir,
}

pub async fn fill(client: &Client, css: &str, text: &str) {
    let input = client.find(Locator::Css(css)).await.expect(css);
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("type");
}

/// A region of `hospices` hospices with five years up to 2026, its coordinator logged in
/// to the app (which shows the handbook's start screen at desktop size).
pub async fn coordinator_app(app: &std::path::Path, hospices: usize) -> CoordinatorApp {
    let server_data = tempfile::tempdir().expect("server dir");
    let db = Db::open(&server_data.path().join("server.sqlite")).expect("server database");
    let hash = auth::hash_password(PASSWORD).expect("hash");
    db.add_account(COORDINATOR, &hash, false)
        .await
        .expect("account");
    generate(
        &db,
        std::path::Path::new("../content/handbook"),
        &Plan {
            region: REGION.into(),
            hospices,
            last_year: 2026,
            years: 5,
            coordinator: Some(COORDINATOR.into()),
            seed: 12,
        },
    )
    .await
    .expect("generated region");
    let address = kompas_server::testing::serve_on_loopback(&db)
        .await
        .expect("serve on loopback");

    let data = tempfile::tempdir().expect("data dir");
    let exports = tempfile::tempdir().expect("export dir");
    let xvfb = Xvfb::start(DESKTOP.0 + 200, DESKTOP.1 + 200).expect("Xvfb");
    let driver = TauriDriver::start(
        &xvfb.display,
        &[
            ("KOMPAS_DATA_DIR", data.path()),
            ("KOMPAS_EXPORT_DIR", exports.path()),
        ],
    )
    .expect("tauri-driver");
    let client = connect(&driver, app).await;
    resize(&client, DESKTOP).await;
    wait_for_heading(&client, "Direct nodig").await;

    // The coordinator has no hospice of her own: she logs in for the region.
    go(&client, "#/settings").await;
    wait_for_heading(&client, "Instellingen").await;
    fill(&client, "#server", &format!("http://{address}")).await;
    fill(&client, "#username", COORDINATOR).await;
    fill(&client, "#password", PASSWORD).await;
    let submit = client
        .find(Locator::Css("form.login button[type=submit]"))
        .await
        .expect("login button");
    tap(&client, submit).await;
    client
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(Locator::Css(REGION_TAB))
        .await
        .expect("the Regio tab after logging in as the coordinator");
    CoordinatorApp {
        client,
        db,
        address,
        exports,
        _driver: driver,
        _xvfb: xvfb,
        _data: data,
        _server_data: server_data,
    }
}

/// Taps Regio in the page itself and returns the milliseconds from the tap until the
/// frame holding the 40th hospice's row was painted, and until that row was in the page.
/// Measured with the page's clock, so the WebDriver round trips are not in the figure.
pub async fn tap_regio_to_painted(client: &Client) -> (f64, f64) {
    let answer = client
        .execute_async(
            "const [tabCss, rowCss, done] = arguments;
             const tab = document.querySelector(tabCss);
             const started = performance.now();
             const finish = () => {
                 const inPage = performance.now() - started;
                 // A frame callback runs before its frame is painted: the second one runs
                 // once the frame holding the row has been.
                 requestAnimationFrame(() => requestAnimationFrame(
                     () => done([performance.now() - started, inPage])));
             };
             const observer = new MutationObserver(() => {
                 if (document.querySelector(rowCss)) { observer.disconnect(); finish(); }
             });
             observer.observe(document.body, { childList: true, subtree: true });
             setTimeout(() => {
                 observer.disconnect();
                 done(document.querySelector('main').innerText);
             }, 20000);
             tab.click();",
            vec![REGION_TAB.into(), FORTIETH_ROW.into()],
        )
        .await
        .expect("tap Regio and wait for the painted overview");
    let Some(pair) = answer.as_array() else {
        panic!("the overview with 40 hospices never came; the screen says: {answer}");
    };
    (
        pair[0].as_f64().expect("painted"),
        pair[1].as_f64().expect("in the page"),
    )
}
