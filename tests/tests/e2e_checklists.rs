//! End to end with checklists: a volunteer ticks a routine checklist without logging in;
//! a manager logs in, answers a few questions of the self-evaluation, the app is killed
//! with SIGKILL and started again, the answers are there; the manager finishes it (first
//! seeing what is missing), sees the scores and the report, sends it, and the server has
//! it exactly once.
//!
//! Runs when `KOMPAS_E2E=1`, like `e2e.rs`. Screenshots go to `target/screenshots`.

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use kompas_proto::region::{HospiceYearState, ReviewRequest, ReviewState};
use kompas_server::{publish_dir, Db};
use kompas_tests::{TauriDriver, Xvfb};

mod common;

use common::*;

const PASSWORD: &str = "een lang wachtwoord";
const HANDBOOK: &str = "../content/handbook";
const ACTION: &str = "Inwerkmap voor nieuwe vrijwilligers bijwerken";
const SUMMARY: &str = "We zijn trots op de sfeer; we leggen afspraken beter vast.";

async fn start_server(data: &Path) -> (Db, std::net::SocketAddr) {
    let db = Db::open(&data.join("server.sqlite")).expect("server database");
    kompas_server::testing::one_hospice(&db, PASSWORD)
        .await
        .expect("region, hospice and users");
    // The handbook folder brings the checklists folder beside it.
    publish_dir(&db, Path::new(HANDBOOK), "utrecht")
        .await
        .expect("publish");
    let address = kompas_server::testing::serve_on_loopback(&db)
        .await
        .expect("serve on loopback");
    (db, address)
}

async fn all(client: &Client, css: &str) -> Vec<fantoccini::elements::Element> {
    client.find_all(Locator::Css(css)).await.expect(css)
}

async fn text_of(client: &Client, css: &str) -> String {
    first(client, css).await.text().await.expect("text")
}

async fn show(client: &Client, css: &str) {
    let element = first(client, css).await;
    let handle = serde_json::to_value(&element).expect("element reference");
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})",
            vec![handle],
        )
        .await
        .expect("scroll");
}

/// Answers every question on the theme screen not answered yet with `answer`.
async fn answer_theme(client: &Client, answer: &str) {
    let questions = all(client, ".question").await;
    for question in questions {
        // What was answered before the kill stays as it was.
        if question.find(Locator::Css("input:checked")).await.is_ok() {
            continue;
        }
        let option = question
            .find(Locator::Css(&format!("input[value='{answer}']")))
            .await
            .expect("the answer");
        tap(client, option).await;
    }
}

async fn saved(client: &Client) {
    wait_for_text(client, ".save-line", "Bewaard op dit apparaat").await;
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

#[tokio::test(flavor = "multi_thread")]
async fn a_self_evaluation_survives_a_kill_and_reaches_the_server_once() {
    let Some(app) = app_binary() else { return };
    let server_data = tempfile::tempdir().expect("server dir");
    let (db, address) = start_server(server_data.path()).await;
    let data = tempfile::tempdir().expect("data dir");
    let xvfb = Xvfb::start(DESKTOP.0 + 200, DESKTOP.1 + 200).expect("Xvfb");

    // A volunteer on a shift, not logged in: a routine checklist from the Lists tab.
    let driver = TauriDriver::start(&xvfb.display, &[("KOMPAS_DATA_DIR", data.path())])
        .expect("tauri-driver");
    let client = connect(&driver, &app).await;
    resize(&client, PHONE).await;
    wait_for_heading(&client, "Direct nodig").await;
    go(&client, "#/checklists").await;
    wait_for_heading(&client, "Checklists en zelfevaluatie").await;
    let manager_only = text_of(&client, "section[aria-labelledby='evaluation-heading']").await;
    assert!(manager_only.contains("leidinggevende"), "{manager_only}");
    screenshot(&client, "phone-checklists").await;
    let routine = first(&client, "a.routine-link").await;
    tap(&client, routine).await;
    first(&client, ".steps").await;
    let steps = all(&client, ".step input[type=checkbox]").await;
    assert!(steps.len() >= 4, "a routine checklist has steps");
    let total = steps.len();
    for step in [&steps[0], &steps[2]] {
        tap(&client, step.clone()).await;
    }
    wait_for_text(&client, ".progress", &format!("2 van {total} gedaan")).await;
    screenshot(&client, "phone-routine").await;

    // The manager logs in and starts this year's self-evaluation.
    log_in(&client, address, "marieke").await;
    go(&client, "#/checklists").await;
    wait_for_heading(&client, "Checklists en zelfevaluatie").await;
    let start = first(&client, ".start-evaluation button.primary").await;
    tap(&client, start).await;
    first(&client, ".theme-nav").await;
    let title = heading(&client).await;
    assert!(title.to_lowercase().contains("zelfevaluatie"), "{title}");
    let warning = text_of(&client, ".privacy-warning").await;
    assert!(warning.contains("geen namen"), "{warning}");
    // Three answers and an explanation, then the app is killed.
    let questions = all(&client, ".question").await;
    for (question, answer) in questions.iter().take(3).zip(["ja", "deels", "nvt"]) {
        let option = question
            .find(Locator::Css(&format!("input[value='{answer}']")))
            .await
            .expect("answer");
        tap(&client, option).await;
    }
    let explanation = questions[2]
        .find(Locator::Css("textarea"))
        .await
        .expect("explanation");
    type_into(&explanation, "Wij hebben geen eigen keuken.").await;
    saved(&client).await;
    // The manager shares the progress: the region sees a concept with three answered, and
    // nothing of the answers.
    let share = first(&client, ".share-progress input[type=checkbox]").await;
    tap(&client, share).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let overview = db
            // No year sent yet: the overview is of this calendar year, the draft's.
            .region_overview("utrecht", None)
            .await
            .expect("the region's overview");
        let linde = &overview.hospices[0];
        if linde.state == HospiceYearState::Concept {
            assert_eq!(linde.progress.map(|p| p.answered), Some(3), "{linde:?}");
            assert!(linde.scores.is_empty());
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the shared progress never reached the server: {linde:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    screenshot(&client, "phone-evaluation-theme").await;
    let killed = std::process::Command::new("pkill")
        .args(["-KILL", "-f", &app.to_string_lossy()])
        .status()
        .expect("pkill");
    assert!(killed.success(), "the app was running and is killed");
    drop(client);
    drop(driver);

    // Started again: the answers are there.
    let driver = TauriDriver::start(&xvfb.display, &[("KOMPAS_DATA_DIR", data.path())])
        .expect("tauri-driver");
    let client = connect(&driver, &app).await;
    resize(&client, PHONE).await;
    wait_for_heading(&client, "Direct nodig").await;
    go(&client, "#/checklists").await;
    wait_for_heading(&client, "Checklists en zelfevaluatie").await;
    let current = first(&client, ".current-evaluation a").await;
    tap(&client, current).await;
    first(&client, ".theme-nav").await;
    let questions = all(&client, ".question").await;
    for (question, answer) in questions.iter().take(3).zip(["ja", "deels", "nvt"]) {
        let chosen = question
            .find(Locator::Css(&format!("input[value='{answer}']")))
            .await
            .expect("answer")
            .prop("checked")
            .await
            .expect("checked");
        assert_eq!(
            chosen.as_deref(),
            Some("true"),
            "{answer} survived the kill"
        );
    }
    let kept = questions[2]
        .find(Locator::Css("textarea"))
        .await
        .expect("explanation")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(kept.as_deref(), Some("Wij hebben geen eigen keuken."));
    // The routine ticks of the shift survived too.
    go(&client, "#/checklists").await;
    wait_for_heading(&client, "Checklists en zelfevaluatie").await;
    let routine = first(&client, "a.routine-link").await;
    tap(&client, routine).await;
    wait_for_text(&client, ".progress", &format!("2 van {total} gedaan")).await;
    client.back().await.expect("back");
    wait_for_heading(&client, "Checklists en zelfevaluatie").await;
    let current = first(&client, ".current-evaluation a").await;
    tap(&client, current).await;
    first(&client, ".theme-nav").await;

    // Afronden too early: what is missing, theme by theme.
    let summary_link = all(&client, ".theme-nav a").await.pop().expect("summary");
    tap(&client, summary_link).await;
    wait_for_text(&client, ".summary h2", "Samenvatting").await;
    let finish = first(&client, "button.finish").await;
    tap(&client, finish).await;
    let missing = wait_for_text(&client, ".missing", "Nog niet compleet").await;
    assert!(missing.contains("Nog geen antwoord"), "{missing}");
    show(&client, ".missing").await;
    screenshot(&client, "phone-evaluation-missing").await;

    // Every theme answered, its narratives written; one improvement action.
    let themes = all(&client, ".theme-nav a").await.len() - 1;
    let first_theme = all(&client, ".theme-nav a").await.remove(0);
    tap(&client, first_theme).await;
    for theme in 0..themes {
        first(&client, ".theme").await;
        answer_theme(&client, "grotendeels").await;
        let narratives = all(&client, ".theme > .field textarea").await;
        type_into(&narratives[0], "Samen zorgen we voor rust in huis.").await;
        type_into(&narratives[1], "Afspraken beter vastleggen.").await;
        if theme == 0 {
            let add = first(&client, ".actions button.secondary").await;
            tap(&client, add).await;
            let what = first(&client, ".action input[type=text]").await;
            type_into(&what, ACTION).await;
            saved(&client).await;
            show(&client, ".actions").await;
            screenshot(&client, "phone-evaluation-actions").await;
        }
        saved(&client).await;
        let next = first(&client, ".next-step a").await;
        tap(&client, next).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_for_text(&client, ".summary h2", "Samenvatting").await;
    type_into(&first(&client, ".summary textarea").await, SUMMARY).await;
    saved(&client).await;
    let finish = first(&client, "button.finish").await;
    tap(&client, finish).await;

    // Finished: scores per theme as bars, the report with everything, ready to print.
    wait_for_text(&client, ".evaluation .state-word", "Afgerond").await;
    let bars = all(&client, ".score-row svg").await;
    assert_eq!(bars.len(), themes, "one bar per theme, no total");
    let report = text_of(&client, ".report").await;
    for expected in [
        SUMMARY,
        ACTION,
        "Samen zorgen we voor rust in huis.",
        "Afspraken beter vastleggen.",
        "Wij hebben geen eigen keuken.",
        "Niet van toepassing",
        "Grotendeels",
    ] {
        assert!(report.contains(expected), "the report holds {expected:?}");
    }
    let questions = all(&client, ".report-question").await.len();
    let answers = all(&client, ".report-answer").await;
    assert_eq!(answers.len(), questions);
    for answer in answers {
        let text = answer.text().await.expect("text");
        assert_ne!(text, "—", "every question has its answer in the report");
    }
    // The print rules hide the app's bars and buttons, and nothing of the report.
    let hidden_in_print: Vec<String> = serde_json::from_value(
        client
            .execute(
                "const report = document.querySelector('.report');
                 const hidden = [];
                 for (const sheet of document.styleSheets) {
                   for (const rule of sheet.cssRules) {
                     if (!(rule instanceof CSSMediaRule) || !rule.media.mediaText.includes('print')) continue;
                     for (const inner of rule.cssRules) {
                       if (inner.style && inner.style.display === 'none') {
                         for (const el of document.querySelectorAll(inner.selectorText)) {
                           if (report.contains(el) || el.contains(report)) hidden.push(inner.selectorText);
                         }
                       }
                     }
                   }
                 }
                 return hidden;",
                vec![],
            )
            .await
            .expect("read the print rules"),
    )
    .expect("a list");
    assert!(
        hidden_in_print.is_empty(),
        "the printed page would lose {hidden_in_print:?}"
    );
    show(&client, ".scores").await;
    screenshot(&client, "phone-evaluation-scores").await;
    resize(&client, DESKTOP).await;
    show(&client, ".scores").await;
    screenshot(&client, "desktop-evaluation-scores").await;
    resize(&client, PHONE).await;

    // Sent: the outbox delivers it, the server has it once.
    let send = first(&client, ".report-actions button.primary").await;
    tap(&client, send).await;
    let mut sent = false;
    for _ in 0..100 {
        if db.submission_count("de-linde").await.expect("count") == 1 {
            sent = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(sent, "the server received the self-evaluation");
    let state = {
        let mut state = String::new();
        for _ in 0..50 {
            go(&client, "#/checklists").await;
            wait_for_heading(&client, "Checklists en zelfevaluatie").await;
            state = text_of(&client, ".current-evaluation .state-word").await;
            if state == "Verzonden" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        state
    };
    assert_eq!(state, "Verzonden");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        db.submission_count("de-linde").await.expect("count"),
        1,
        "exactly once"
    );

    // The region's coordinator marks it Besproken with a note; after a sync the manager's
    // app shows the mark, and the region beside the own scores (one hospice sent: too few
    // to compare, and no figure of the region).
    let uuid = db
        .own_submissions("utrecht", "de-linde")
        .await
        .expect("own submissions")
        .submissions
        .into_iter()
        .next()
        .expect("the sent self-evaluation")
        .uuid;
    db.review_submission(
        "utrecht",
        &uuid,
        ReviewRequest {
            state: ReviewState::Discussed,
            note: "Besproken in het regio-overleg; mooi werk.".into(),
        },
        1,
        "wendy",
    )
    .await
    .expect("the coordinator's mark");
    go(&client, "#/settings").await;
    let sync_now = client
        .wait()
        .for_element(Locator::XPath("//button[normalize-space()='Nu bijwerken']"))
        .await
        .expect("Nu bijwerken");
    tap(&client, sync_now).await;
    let mut line = String::new();
    for _ in 0..50 {
        go(&client, "#/checklists").await;
        wait_for_heading(&client, "Checklists en zelfevaluatie").await;
        let current = first(&client, ".current-evaluation a").await;
        tap(&client, current).await;
        first(&client, ".report").await;
        if let Ok(mark) = client.find(Locator::Css(".review-mark .review-line")).await {
            line = mark.text().await.expect("text");
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        line.starts_with("Besproken met de regio (wendy, "),
        "{line:?}"
    );
    let mark = text_of(&client, ".review-mark").await;
    assert!(mark.contains("mooi werk"), "{mark}");
    let comparison = wait_for_text(&client, ".comparison", "Te weinig deelnemers").await;
    let rows = all(&client, ".comparison .comparison-row").await;
    assert!(!rows.is_empty());
    for row in rows {
        let text = row.text().await.expect("text");
        assert!(text.contains("Uw score"), "{text}");
        assert!(text.contains("Te weinig deelnemers"), "{text}");
        assert!(
            !text.contains("Middelste helft"),
            "no figure of the region with one hospice: {comparison}"
        );
    }
    show(&client, ".review-mark").await;
    screenshot(&client, "phone-evaluation-review-mark").await;
    show(&client, ".comparison").await;
    screenshot(&client, "phone-evaluation-comparison").await;
    resize(&client, DESKTOP).await;
    show(&client, ".comparison").await;
    screenshot(&client, "desktop-evaluation-comparison").await;
    resize(&client, PHONE).await;

    // The theme screen at desktop size, on a new version of the sent one.
    go(&client, "#/checklists").await;
    wait_for_heading(&client, "Checklists en zelfevaluatie").await;
    let current = first(&client, ".current-evaluation a").await;
    tap(&client, current).await;
    let revise = first(&client, ".report-actions button.secondary:last-of-type").await;
    tap(&client, revise).await;
    first(&client, ".theme-nav").await;
    resize(&client, DESKTOP).await;
    screenshot(&client, "desktop-evaluation-theme").await;

    client.close().await.expect("end the session");
    drop(driver);
    drop(xvfb);
}
