//! Saving one answer of a self-evaluation on the device (issue #11), end to end through
//! the command: `AppState::edit_checklist`, as the `checklist_edit` command calls it, on a
//! real SQLite file in WAL mode, each save its own transaction. A harness of its own: the
//! goal is a percentile (p95 ≤ 5 ms).
//!
//! Run with `cargo bench -p kompas-app --bench answer` (or `./kompas.sh bench`). Without
//! `--bench` (under `cargo test --all-targets`) it is a quick run of the same code.

use std::time::{Duration, Instant};

use kompas_app_lib::state::{AppState, DATABASE_FILE};
use kompas_proto::checklist::{Answer, ChecklistEdit};
use kompas_sync::EngineOptions;

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
    // A manager's self-evaluation of the bundled checklist (starting one through the
    // command needs a login; the saves below are what is measured).
    let uuid = state
        .write(|store| store.start_self_evaluation("de-linde", SELF_EVALUATION, 2026))
        .expect("start")
        .uuid;
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
