//! End to end with a hospice's own handbook (issue #13), in the real app against a real
//! server on loopback: a manager fills in the nurse's phone number, adds a passage after
//! the region's text of one section and replaces another, with the live preview; the
//! published changes come back through sync and show with their marks; the region then
//! changes the replaced section, and "Ons handboek" lists it under "Wijzigingen van de
//! regio" while volunteers keep the hospice's text with a mark; the manager decides the
//! conflict card and publishes the merged text as must read; a volunteer confirms it
//! under her name from the hospice's list ("Gelezen en begrepen") and the manager sees
//! who read it and the share.
//!
//! Runs when `KOMPAS_E2E=1`, like `e2e.rs`. Screenshots go to `target/screenshots`.

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use kompas_server::{publish_dir, Db};
use kompas_tests::{TauriDriver, Xvfb};

mod common;

use common::*;

const PASSWORD: &str = "een lang wachtwoord";
const HANDBOOK: &str = "../content/handbook";
const PHONE_NUMBER: &str = "06 12 34 56 78";
const VALMAT: &str = "Bij ons ligt de valmat in de linnenkast naast kamer 3.";
const OUR_FIRE: &str = "Druk op de brandmelder in de gang en verzamel bij de kastanjeboom.";

async fn button(client: &Client, text: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(&format!(
            "//*[(self::button or self::a) and normalize-space()='{text}']"
        )))
        .await
        .unwrap_or_else(|_| panic!("no button {text:?}"))
}

/// Logs in on the settings screen and waits for the first sync.
async fn log_in(client: &Client, address: std::net::SocketAddr, username: &str) {
    go(client, "#/settings").await;
    wait_for_heading(client, "Instellingen").await;
    type_into(
        &first(client, "#server").await,
        &format!("http://{address}"),
    )
    .await;
    type_into(&first(client, "#username").await, username).await;
    type_into(&first(client, "#password").await, PASSWORD).await;
    let submit = first(client, "form.login button[type=submit]").await;
    tap(client, submit).await;
    wait_for_text(client, ".sync-line", "Het handboek is bijgewerkt").await;
}

/// Opens a section until its text says `expected` (a sync may still be on its way).
async fn section_saying(client: &Client, id: &str, expected: &str) -> String {
    for _ in 0..60 {
        go(client, "#/").await;
        go(client, &format!("#/section/{id}")).await;
        let text = first(client, "article.section")
            .await
            .text()
            .await
            .unwrap_or_default();
        if text.contains(expected) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("section {id} never said {expected:?}");
}

/// Gelezen en begrepen: the manager puts two names on the hospice's list; on the same
/// tablet the volunteer anna sees the merged change on home, reads what changed, and
/// confirms under her name; the manager then sees who read it and the share.
async fn read_and_understood(client: &Client, address: std::net::SocketAddr) {
    go(client, "#/").await;
    let link = button(client, "Gelezen en begrepen: wie las wat").await;
    tap(client, link).await;
    wait_for_heading(client, "Gelezen en begrepen").await;
    for name in ["Anna de Vries", "Berend Smit"] {
        type_into(&first(client, "#new-name").await, name).await;
        let add = button(client, "Toevoegen").await;
        tap(client, add).await;
        wait_for_text(client, ".people", name).await;
    }
    wait_for_text(client, ".share-line", "0 van 2 gelezen (0%)").await;
    sync_now(client).await;
    wait_for_text(client, ".sync-line", "Het handboek is bijgewerkt").await;

    // The volunteer on the hospice's tablet.
    go(client, "#/settings").await;
    let out = button(client, "Uitloggen").await;
    tap(client, out).await;
    log_in(client, address, "anna").await;
    go(client, "#/").await;
    let block = wait_for_text(client, ".must-read-block", "Bij brand").await;
    assert!(block.contains("Van ons hospice"), "{block}");
    screenshot(client, "phone-home-must-read").await;
    let open = first(client, ".must-read-link").await;
    tap(client, open).await;
    let notice = wait_for_text(client, ".must-read-box", "Wat is er veranderd").await;
    assert!(notice.contains("sluit alle deuren"), "{notice}");
    first(client, ".must-read-box .word-diff ins").await;
    screenshot(client, "phone-section-must-read").await;
    resize(client, DESKTOP).await;
    screenshot(client, "desktop-section-must-read").await;
    resize(client, PHONE).await;
    // Her name, chosen from the list as a keyboard user would.
    let select = first(client, "#reader-name").await;
    client
        .execute(
            "const s = arguments[0];              s.value = [...s.options].find(o => o.text === 'Anna de Vries').value;              s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::to_value(&select).expect("element reference")],
        )
        .await
        .expect("choose the name");
    let confirm = button(client, "Gelezen en begrepen").await;
    client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&confirm).expect("element reference")],
        )
        .await
        .expect("scroll");
    screenshot(client, "phone-must-read-confirm").await;
    tap(client, confirm).await;
    wait_for_text(
        client,
        ".acknowledged-line",
        "Gelezen en begrepen door Anna de Vries",
    )
    .await;
    screenshot(client, "phone-must-read-confirmed").await;
    go(client, "#/").await;
    wait_for_heading(client, "Direct nodig").await;
    let home = first(client, "main").await.text().await.unwrap_or_default();
    assert!(!home.contains("om te lezen"), "{home}");
    sync_now(client).await;
    wait_for_text(client, ".sync-line", "Het handboek is bijgewerkt").await;

    // The manager sees the share.
    go(client, "#/settings").await;
    let out = button(client, "Uitloggen").await;
    tap(client, out).await;
    log_in(client, address, "marieke").await;
    go(client, "#/gelezen").await;
    wait_for_heading(client, "Gelezen en begrepen").await;
    wait_for_text(client, ".share-line", "1 van 2 gelezen (50%)").await;
    let people = wait_for_text(client, ".people", "Berend Smit").await;
    assert!(people.contains("1 nog te lezen"), "{people}");
    assert!(people.contains("Alles gelezen"), "{people}");
    screenshot(client, "phone-reading-overview").await;
    resize(client, DESKTOP).await;
    screenshot(client, "desktop-reading-overview").await;
    resize(client, PHONE).await;
}

async fn sync_now(client: &Client) {
    go(client, "#/settings").await;
    let now = button(client, "Nu bijwerken").await;
    tap(client, now).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_tailors_the_handbook_and_sees_what_the_region_changed() {
    let Some(app) = app_binary() else { return };
    let server_data = tempfile::tempdir().expect("server dir");
    let db = Db::open(&server_data.path().join("server.sqlite")).expect("server database");
    kompas_server::testing::one_hospice(&db, PASSWORD)
        .await
        .expect("region, hospice and users");
    // The region names the nurse's phone in one section.
    let content = tempfile::tempdir().expect("content");
    kompas_tests::copy_dir(Path::new(HANDBOOK), content.path()).expect("copy");
    std::fs::write(
        content.path().join("02-dienst/wie-bel-je-s-nachts.md"),
        "---\nid: wie-bel-je-s-nachts\ntitle: Wie bel je 's nachts\ncategory: Dienst en overdracht\norder: 25\n---\n\nBel de verpleegkundige van dienst: {{hospice.telefoon_verpleegkundige}}.\n",
    )
    .expect("write");
    publish_dir(&db, content.path(), "utrecht")
        .await
        .expect("publish");
    let address = kompas_server::testing::serve_on_loopback(&db)
        .await
        .expect("serve on loopback");
    let data = tempfile::tempdir().expect("data dir");
    let xvfb = Xvfb::start(DESKTOP.0 + 200, DESKTOP.1 + 200).expect("Xvfb");
    let driver = TauriDriver::start(&xvfb.display, &[("KOMPAS_DATA_DIR", data.path())])
        .expect("tauri-driver");
    let client = connect(&driver, &app).await;
    resize(&client, PHONE).await;
    wait_for_heading(&client, "Direct nodig").await;
    log_in(&client, address, "marieke").await;

    // Not filled in yet: a visible gap, never braces.
    let before = section_saying(&client, "wie-bel-je-s-nachts", "nog niet ingevuld").await;
    assert!(!before.contains("{{"), "{before}");

    // "Ons handboek" from home: the facts.
    go(&client, "#/").await;
    let link = button(&client, "Ons handboek aanpassen").await;
    tap(&client, link).await;
    wait_for_heading(&client, "Ons handboek").await;
    type_into(
        &first(&client, "#fact-hospice-telefoon_verpleegkundige").await,
        PHONE_NUMBER,
    )
    .await;
    type_into(
        &first(&client, "#fact-hospice-naam").await,
        "Hospice De Linde",
    )
    .await;
    screenshot(&client, "phone-tailoring-facts").await;
    let publish = button(&client, "Gegevens publiceren").await;
    tap(&client, publish).await;
    wait_for_text(&client, ".tailoring .saved", "Gegevens gepubliceerd").await;

    // A passage after the region's text of a section, with the live preview.
    go(&client, "#/section/als-een-gast-valt").await;
    let tailor = button(&client, "Aanpassen voor ons hospice").await;
    tap(&client, tailor).await;
    wait_for_heading(&client, "Aanpassen voor ons hospice: Als een gast valt").await;
    let after = client
        .find_all(Locator::Css(".tailor-fields textarea"))
        .await
        .expect("fields");
    type_into(after.last().expect("the after field"), VALMAT).await;
    type_into(
        &first(&client, "#tailor-note").await,
        "Waar onze valmat ligt",
    )
    .await;
    wait_for_text(&client, ".tailor-preview", "valmat in de linnenkast").await;
    screenshot(&client, "phone-tailor-editor").await;
    resize(&client, DESKTOP).await;
    screenshot(&client, "desktop-tailor-editor").await;
    resize(&client, PHONE).await;
    let publish = button(&client, "Publiceren voor ons hospice").await;
    tap(&client, publish).await;
    wait_for_text(&client, ".tailor-editor .saved", "Gepubliceerd").await;

    // It comes back through sync: the volunteers' text, with its mark.
    let shown = section_saying(&client, "als-een-gast-valt", "linnenkast").await;
    assert!(shown.contains("Aangevuld door ons hospice"), "{shown}");
    let phone = section_saying(&client, "wie-bel-je-s-nachts", PHONE_NUMBER).await;
    assert!(!phone.contains("nog niet ingevuld"), "{phone}");
    screenshot(&client, "phone-section-tailored").await;

    // Replacing a section.
    go(&client, "#/ons-handboek/bij-brand").await;
    wait_for_heading(&client, "Aanpassen voor ons hospice: Bij brand").await;
    let replace = first(&client, ".modes label:nth-of-type(2) input").await;
    tap(&client, replace).await;
    let text = first(&client, ".tailor-fields label:nth-of-type(2) textarea").await;
    type_into(&text, OUR_FIRE).await;
    wait_for_text(&client, ".tailor-preview", "kastanjeboom").await;
    let publish = button(&client, "Publiceren voor ons hospice").await;
    tap(&client, publish).await;
    wait_for_text(&client, ".tailor-editor .saved", "Gepubliceerd").await;
    section_saying(&client, "bij-brand", "kastanjeboom").await;

    // The region changes that section.
    let path = content.path().join("07-nood/bij-brand.md");
    let region_text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        format!("{region_text}\nNieuw van de regio: sluit alle deuren achter je.\n"),
    )
    .expect("write");
    publish_dir(&db, content.path(), "utrecht")
        .await
        .expect("publish");
    sync_now(&client).await;
    let mut inbox = String::new();
    for _ in 0..40 {
        go(&client, "#/").await;
        go(&client, "#/ons-handboek").await;
        wait_for_heading(&client, "Ons handboek").await;
        inbox = first(&client, "section[aria-labelledby='inbox-heading']")
            .await
            .text()
            .await
            .unwrap_or_default();
        if inbox.contains("Bij brand") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(
        inbox.contains("De regio heeft dit onderdeel gewijzigd"),
        "{inbox}"
    );
    screenshot(&client, "phone-tailoring-inbox").await;
    resize(&client, DESKTOP).await;
    screenshot(&client, "desktop-tailoring-inbox").await;
    resize(&client, PHONE).await;
    // Volunteers keep the hospice's text, with a mark that the region changed it.
    let fire = section_saying(&client, "bij-brand", "inmiddels gewijzigd").await;
    assert!(fire.contains("kastanjeboom") && !fire.contains("sluit alle deuren"));
    screenshot(&client, "phone-section-region-changed").await;

    // The manager merges: one card, both sides kept, published.
    go(&client, "#/ons-handboek/bij-brand").await;
    wait_for_heading(&client, "Aanpassen voor ons hospice: Bij brand").await;
    let card = first(&client, ".merge-card").await;
    let card_text = card.text().await.expect("card");
    assert!(
        card_text.contains("sluit alle deuren") && card_text.contains("kastanjeboom"),
        "{card_text}"
    );
    assert!(!card_text.contains("<<<<<<<") && !card_text.contains(">>>>>>>"));
    screenshot(&client, "phone-merge-card").await;
    resize(&client, DESKTOP).await;
    screenshot(&client, "desktop-merge-card").await;
    resize(&client, PHONE).await;
    let both = first(
        &client,
        ".merge-card .merge-choices label:nth-of-type(3) input",
    )
    .await;
    tap(&client, both).await;
    let take = button(&client, "Samengevoegde tekst gebruiken").await;
    tap(&client, take).await;
    wait_for_text(&client, ".merge .saved", "samengevoegde tekst").await;
    wait_for_text(&client, ".tailor-preview", "sluit alle deuren").await;
    // Everyone must read the merged text.
    let must_read = first(&client, "#tailor-must-read").await;
    tap(&client, must_read).await;
    let publish = button(&client, "Publiceren voor ons hospice").await;
    tap(&client, publish).await;
    wait_for_text(&client, ".tailor-editor .saved", "Gepubliceerd").await;
    let merged = section_saying(&client, "bij-brand", "sluit alle deuren").await;
    assert!(merged.contains("kastanjeboom"), "{merged}");
    assert!(!merged.contains("inmiddels gewijzigd"), "{merged}");
    assert!(merged.contains("Eigen tekst van ons hospice"), "{merged}");

    // The history: the region's revisions and the hospice's, the newest two compared.
    go(&client, "#/ons-handboek/bij-brand/geschiedenis").await;
    wait_for_heading(&client, "Geschiedenis van dit onderdeel").await;
    let list = wait_for_text(&client, ".revisions", "Hospice: eigen tekst").await;
    assert!(list.contains("Regio · versie 2"), "{list}");
    first(&client, ".word-diff ins").await;
    screenshot(&client, "phone-history").await;
    resize(&client, DESKTOP).await;
    let columns = first(&client, ".history .switch input").await;
    tap(&client, columns).await;
    first(&client, ".diff-columns").await;
    screenshot(&client, "desktop-history").await;
    resize(&client, PHONE).await;

    // A section of the hospice's own, after the handover.
    go(&client, "#/ons-handboek").await;
    wait_for_heading(&client, "Ons handboek").await;
    type_into(
        &first(&client, "#own-title").await,
        "Het lichtje bij de deur",
    )
    .await;
    // Chosen as a keyboard user would: the select's value, and its change event.
    let place = first(&client, "#own-after").await;
    client
        .execute(
            "arguments[0].value = 'de-overdracht'; \
             arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::to_value(&place).expect("element reference")],
        )
        .await
        .expect("choose the place");
    type_into(
        &first(&client, "#own-text").await,
        "Na een overlijden branden we een lichtje bij de voordeur.",
    )
    .await;
    let publish = button(&client, "Eigen onderdeel publiceren").await;
    tap(&client, publish).await;
    let own = section_saying(
        &client,
        "het-lichtje-bij-de-deur",
        "lichtje bij de voordeur",
    )
    .await;
    assert!(own.contains("Eigen onderdeel van ons hospice"), "{own}");
    screenshot(&client, "phone-own-section").await;
    go(&client, "#/handbook").await;
    let handbook = wait_for_text(&client, "main", "Het lichtje bij de deur").await;
    let (overdracht, lichtje) = (
        handbook.find("De overdracht").expect("the handover"),
        handbook.find("Het lichtje bij de deur").expect("ours"),
    );
    assert!(overdracht < lichtje, "{handbook}");

    read_and_understood(&client, address).await;

    // The server has the hospice's changes, and nothing else.
    let state = db.overlay("de-linde").await.expect("overlay");
    assert_eq!(state.entries.len(), 3, "{state:?}");
    assert_eq!(
        state
            .facts
            .get("hospice.telefoon_verpleegkundige")
            .map(String::as_str),
        Some(PHONE_NUMBER)
    );
    client.close().await.expect("close");
}
