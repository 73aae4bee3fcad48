//! Saving one answer of a self-evaluation on the device (issue #11), end to end through
//! the command: `AppState::edit_checklist`, as the `checklist_edit` command calls it (with
//! its check that a manager of the hospice is logged in), on a real SQLite file in WAL
//! mode, each save its own transaction. The manager logs in to a real server on loopback
//! first. A harness of its own: the goal is a percentile (p95 ≤ 5 ms).
//!
//! Run with `cargo bench -p kompas-app --bench answer` (or `./kompas.sh bench`). Without
//! `--bench` (under `cargo test --all-targets`) it is a quick run of the same code.

use std::time::{Duration, Instant};

use kompas_app_lib::state::{AppState, DATABASE_FILE};
use kompas_proto::checklist::{Answer, ChecklistEdit};
use kompas_proto::LoginForm;
use kompas_server::Db;
use kompas_sync::EngineOptions;

const PASSWORD: &str = "een lang wachtwoord voor de bench";

const SELF_EVALUATION: &str = "zelfevaluatie-hospice";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn main() {
    let saves = if std::env::args().any(|a| a == "--bench") {
        5_000
    } else {
        100
    };
    let home = tempfile::tempdir().expect("temp dir");
    let state = AppState::open(
        home.path().join(DATABASE_FILE),
        Instant::now(),
        EngineOptions::default(),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server_data = tempfile::tempdir().expect("temp dir");
    runtime.block_on(async {
        let db = Db::open(&server_data.path().join("server.sqlite")).expect("server database");
        kompas_server::testing::one_hospice(&db, PASSWORD)
            .await
            .expect("region, hospice and users");
        let address = kompas_server::testing::serve_on_loopback(&db)
            .await
            .expect("serve on loopback");
        state
            .engine()
            .login(&LoginForm {
                server: format!("http://{address}"),
                username: "marieke".into(),
                password: PASSWORD.into(),
            })
            .await
            .expect("the manager logs in");
    });
    let uuid = state
        .edit_checklist(ChecklistEdit::StartEvaluation {
            checklist: SELF_EVALUATION.into(),
        })
        .expect("start")
        .uuid
        .expect("a self-evaluation");
    let questions: Vec<String> = state
        .write(|store| store.checklist(SELF_EVALUATION, None))
        .expect("read")
        .expect("the bundled self-evaluation")
        .themes()
        .iter()
        .flat_map(|t| t.questions.iter().map(|q| q.id.clone()))
        .collect();
    let answers = [Answer::Ja, Answer::Grotendeels, Answer::Deels, Answer::Nee];
    let mut times = Vec::with_capacity(saves);
    for i in 0..saves {
        // As typed: the explanation grows by a letter, the answer changes now and then.
        let explanation = "Besproken in het teamoverleg. ".repeat(1 + i % 4);
        let edit = ChecklistEdit::Answer {
            uuid: uuid.clone(),
            question: questions[i % questions.len()].clone(),
            answer: Some(answers[(i / questions.len()) % answers.len()]),
            explanation,
        };
        let started = Instant::now();
        state.edit_checklist(edit).expect("saved");
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "save one answer through the command: n = {}, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().expect("a sample")),
    );
}
