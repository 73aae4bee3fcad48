//! Does the window freeze during a first sync? (issue #9.) A harness of its own, not
//! criterion: the goal is a latency distribution under a concurrent write load.
//!
//! Run with `cargo bench -p kompas-app --bench freeze` (or `./kompas.sh bench`). A real
//! server on loopback holds a handbook of 5,000 sections; a real app state (the same
//! `AppState` the shell's commands call, on a real SQLite file) logs in and makes its first
//! full pull, 200 sections a page. Meanwhile one thread asks for screens one after another
//! (home, a section, a search), as a volunteer tapping through the app would, and times
//! each answer. It runs twice on fresh devices:
//!
//! - `readers`: the screens as the app asks for them now, through the read-only
//!   connections;
//! - `writer lock`: the same screens through the writing store's lock, the way every
//!   command went before: each waits for the page being applied.
//!
//! It also times applying one page of 200 sections to a store, the write a screen waited
//! for. Without `--bench` (under `cargo test --all-targets`) it is a quick run of the same
//! code on 400 sections.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kompas_app_lib::state::{AppState, DATABASE_FILE};
use kompas_core::Section;
use kompas_proto::{LoginForm, PageRequest, SyncActivity};
use kompas_server::Db;
use kompas_store::Store;
use kompas_sync::EngineOptions;

const PASSWORD: &str = "een lang wachtwoord voor de bench";

fn sections_to_publish() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        5_000
    } else {
        400
    }
}

/// A handbook of `count` sections: the real bundled ones under their own ids (so the
/// screens asked for exist before and after the pull), then repeated under new ids with a
/// varying sentence, so sizes and words are those of real hospice text.
fn handbook(count: usize) -> Vec<Section> {
    let checked = kompas_content::check_folder(
        std::path::Path::new("../content/handbook"),
        kompas_content::ReviewDates::Skip,
    );
    assert!(!checked.has_errors(), "content: {:?}", checked.diagnostics);
    let real = checked.sections;
    (0..count)
        .map(|index| {
            let mut section = real[index % real.len()].clone();
            if index < real.len() {
                return section;
            }
            section.id = format!("{}-{index}", section.id);
            section.source_path = format!("gen/{}.md", section.id);
            section.body = format!("{}\n\nVersie {index} van dit onderdeel.\n", section.body)
                .replace("](id:", "](https://example.org/");
            section
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    if times.is_empty() {
        println!("{label}: no samples");
        return;
    }
    println!(
        "{label}: n = {}, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().expect("a sample")),
    );
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Path {
    Readers,
    WriterLock,
}

/// One first full pull on a fresh device, with screens asked for throughout; the time of
/// every screen's answer.
fn screens_during_first_pull(
    runtime: &tokio::runtime::Runtime,
    server: &str,
    path: Path,
) -> (Vec<Duration>, Duration) {
    let home = tempfile::tempdir().expect("temp dir");
    let state = AppState::open(
        home.path().join(DATABASE_FILE),
        Instant::now(),
        EngineOptions::default(),
    );
    let engine = state.engine().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = runtime.spawn(engine.clone().run(async {
        let _ = stopped.await;
    }));
    let pulling = Arc::new(AtomicBool::new(true));
    let asking = {
        let (state, pulling) = (state.clone(), pulling.clone());
        std::thread::spawn(move || {
            let screens = [
                PageRequest::Home,
                PageRequest::Section {
                    id: "als-een-gast-valt".into(),
                },
                PageRequest::Search {
                    query: "overleden".into(),
                },
            ];
            let mut times = Vec::new();
            for request in screens.iter().cycle() {
                if !pulling.load(Ordering::Relaxed) {
                    break;
                }
                let asked = Instant::now();
                let answered = match path {
                    Path::Readers => state.page(request.clone()).is_ok(),
                    Path::WriterLock => state
                        .write(|store| match request {
                            PageRequest::Home => store.home(5).map(|_| ()),
                            PageRequest::Section { id } => store.section(id).map(|_| ()),
                            PageRequest::Search { query } => store.search(query, 25).map(|_| ()),
                            PageRequest::Handbook => store.handbook().map(|_| ()),
                            // Not among the screens this bench asks for.
                            PageRequest::Checklists
                            | PageRequest::Routine { .. }
                            | PageRequest::Evaluation { .. }
                            | PageRequest::Tailoring
                            | PageRequest::TailorSection { .. }
                            | PageRequest::Reading => store.checklists().map(|_| ()),
                        })
                        .is_ok(),
                };
                times.push(asked.elapsed());
                assert!(answered, "{request:?} failed");
                // A volunteer's tap, not a busy loop: leaves the writer room to work.
                std::thread::sleep(Duration::from_millis(5));
            }
            times
        })
    };
    let started = Instant::now();
    runtime.block_on(async {
        engine
            .login(&LoginForm {
                server: server.to_owned(),
                username: "anna".into(),
                password: PASSWORD.into(),
            })
            .await
            .expect("login");
        let mut view = engine.view();
        while !(view.activity == SyncActivity::Idle && view.last_synced_ms.is_some()) {
            assert!(
                !matches!(view.activity, SyncActivity::Failed { .. }),
                "{view:?}"
            );
            view = engine.watch(view.version, Duration::from_secs(5)).await;
        }
    });
    let pull_time = started.elapsed();
    pulling.store(false, Ordering::Relaxed);
    let _ = stop.send(());
    let _ = runtime.block_on(running);
    (asking.join().expect("the asking thread"), pull_time)
}

/// Applying pages of 200 sections to a fresh store: what a screen waited for before.
fn page_apply_times(sections: &[Section]) -> Vec<Duration> {
    let home = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&home.path().join(DATABASE_FILE)).expect("store");
    sections
        .chunks(kompas_proto::sync::MAX_PAGE_SIZE)
        .enumerate()
        .map(|(page, chunk)| {
            let cursor = page.to_string();
            let started = Instant::now();
            store
                .apply_changes(
                    kompas_store::Changes {
                        sections: &base(chunk),
                        removed: &[],
                        overlay: None,
                    },
                    &kompas_store::PageEnd {
                        cursor: &cursor,
                        full_pending: true,
                    },
                    false,
                )
                .expect("apply");
            started.elapsed()
        })
        .collect()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let sections = handbook(sections_to_publish());
    let data = tempfile::tempdir().expect("temp dir");
    let server = runtime.block_on(async {
        let db = Db::open(&data.path().join("server.sqlite")).expect("server database");
        kompas_server::testing::one_hospice(&db, PASSWORD)
            .await
            .expect("region and users");
        db.publish("utrecht", sections.clone())
            .await
            .expect("publish");
        let address = kompas_server::testing::serve_on_loopback(&db)
            .await
            .expect("serve on loopback");
        format!("http://{address}")
    });
    println!(
        "first full pull of {} sections, 200 a page, screens asked for throughout:",
        sections.len()
    );
    for path in [Path::Readers, Path::WriterLock] {
        let (times, pull) = screens_during_first_pull(&runtime, &server, path);
        let label = match path {
            Path::Readers => "  readers (the app now)",
            Path::WriterLock => "  writer lock (before) ",
        };
        summary(label, times);
        println!("    the pull took {:.2} s", pull.as_secs_f64());
    }
    summary(
        "applying one page of 200 sections",
        page_apply_times(&sections),
    );
}

/// Sections as a server's page carries them (revision 1: these tests do not compare them).
fn base(sections: &[kompas_core::Section]) -> Vec<kompas_core::overlay::BaseSection> {
    sections
        .iter()
        .map(|section| kompas_core::overlay::BaseSection {
            section: section.clone(),
            revision: 1,
            must_read: None,
        })
        .collect()
}
