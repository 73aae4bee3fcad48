//! Our search and tantivy side by side (issue #10, section 5): the same generated
//! 5,000-section handbook and the same query mix as `cargo bench -p kompas-store --bench
//! search`, timed on both engines in the same run, rounds alternating which engine goes
//! first so that drift of the (shared) machine hits both alike; then the relevance set
//! (`crates/kompas-store/tests/relevance.tsv`) over the bundled handbook on both.
//!
//! Run in this folder: `cargo run --release` (options: `--rounds N`, default 200;
//! `--relevance FILE`). Not built by CI: this crate is its own workspace. How tantivy is
//! configured is said at the top of `tantivy_side.rs`; figures go to docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kompas_store::Store;

mod handbook;
mod relevance;
mod tantivy_side;

/// The store's search benchmark, compiled in only for its `QUERIES`, so this bench runs
/// exactly the mix that one runs, whatever it becomes.
#[allow(dead_code)]
#[path = "../../../crates/kompas-store/benches/search.rs"]
mod store_bench;

use store_bench::{generate, words_of, QUERIES};
use tantivy_side::{Join, Tantivy};

/// Hits a search asks for, as the store's benchmark and the app's search screen do.
const LIMIT: usize = 20;
/// The relevance set's first hits come from the same call as its test (`limit` 5).
const RELEVANCE_LIMIT: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Ours,
    Tantivy,
}

/// One search on our store: how long it took, and the ids of its hits.
fn ours(store: &Store, query: &str, limit: usize) -> (Duration, Vec<String>) {
    let started = Instant::now();
    let results = store.search(query, limit).expect("our search");
    let elapsed = started.elapsed();
    std::hint::black_box(&results);
    (
        elapsed,
        results.hits.into_iter().map(|hit| hit.id).collect(),
    )
}

fn theirs(tantivy: &mut Tantivy, query: &str, limit: usize) -> (Duration, Vec<String>) {
    let started = Instant::now();
    let hits = tantivy.search(query, limit).expect("tantivy search");
    let elapsed = started.elapsed();
    std::hint::black_box(&hits);
    (elapsed, hits.into_iter().map(|hit| hit.id).collect())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(duration: Duration) -> String {
    format!("{:.3}", duration.as_secs_f64() * 1e3)
}

/// p50 and p95 of some times, in ms.
fn p50_p95(times: &[Duration]) -> (String, String) {
    let mut sorted = times.to_vec();
    sorted.sort();
    (ms(percentile(&sorted, 0.5)), ms(percentile(&sorted, 0.95)))
}

struct Options {
    rounds: usize,
    relevance: PathBuf,
    content: PathBuf,
}

fn options() -> Options {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut options = Options {
        rounds: 200,
        relevance: root.join("crates/kompas-store/tests/relevance.tsv"),
        content: root.join("content/handbook"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--rounds" => options.rounds = value().parse().expect("--rounds N"),
            "--relevance" => options.relevance = value().into(),
            "--content" => options.content = value().into(),
            other => {
                panic!("unknown argument {other}; use --rounds N, --relevance FILE, --content DIR")
            }
        }
    }
    options
}

fn main() {
    let options = options();
    let bundled = handbook::bundled(&options.content);
    let sections = generate(&words_of(&bundled));
    let dir = tempfile::tempdir().expect("temp dir");

    // Both engines get the same sections; each import timed once, for information.
    let db = dir.path().join("bench.sqlite");
    let mut store = Store::open(&db).expect("open the store");
    let started = Instant::now();
    let report = store.import_sections(&sections).expect("import");
    let ours_import = started.elapsed();
    assert_eq!(report.added, sections.len());
    drop(store);
    let store = Store::open(&db).expect("open the store again");

    let index_dir = dir.path().join("tantivy");
    std::fs::create_dir(&index_dir).expect("index dir");
    let started = Instant::now();
    let mut tantivy = Tantivy::build(&sections, Some(&index_dir)).expect("tantivy index");
    let tantivy_import = started.elapsed();

    println!(
        "{} generated sections; import: ours {:.2} s (SQLite file), tantivy {:.2} s \
         (one thread, {} segment(s), mmap directory)",
        sections.len(),
        ours_import.as_secs_f64(),
        tantivy_import.as_secs_f64(),
        tantivy.segments()
    );

    // One untimed pass to warm both (page cache, prepared statements, mmap).
    for &(_, query) in QUERIES {
        ours(&store, query, LIMIT);
        theirs(&mut tantivy, query, LIMIT);
    }

    let mut times = vec![(Vec::new(), Vec::new()); QUERIES.len()];
    // tantivy's time to parse and rank only, without fetching and highlighting the hits.
    let mut ranking = vec![Vec::new(); QUERIES.len()];
    let mut hits = vec![(0, 0); QUERIES.len()];
    let started = Instant::now();
    for round in 0..options.rounds {
        let order = if round % 2 == 0 {
            [Engine::Ours, Engine::Tantivy]
        } else {
            [Engine::Tantivy, Engine::Ours]
        };
        for engine in order {
            for (index, &(_, query)) in QUERIES.iter().enumerate() {
                match engine {
                    Engine::Ours => {
                        let (elapsed, ids) = ours(&store, query, LIMIT);
                        times[index].0.push(elapsed);
                        hits[index].0 = ids.len();
                    }
                    Engine::Tantivy => {
                        let (elapsed, ids) = theirs(&mut tantivy, query, LIMIT);
                        times[index].1.push(elapsed);
                        ranking[index].push(tantivy.ranking);
                        hits[index].1 = ids.len();
                    }
                }
            }
        }
    }
    println!(
        "{} rounds of {} queries on each engine, alternating which goes first: {:.1} s\n",
        options.rounds,
        QUERIES.len(),
        started.elapsed().as_secs_f64()
    );

    println!(
        "| query | kind | ours p50 | ours p95 | tantivy p50 | tantivy p95 | hits ours / tantivy |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (index, &(kind, query)) in QUERIES.iter().enumerate() {
        let (o50, o95) = p50_p95(&times[index].0);
        let (t50, t95) = p50_p95(&times[index].1);
        println!(
            "| {query} | {kind} | {o50} | {o95} | {t50} | {t95} | {} / {} |",
            hits[index].0, hits[index].1
        );
    }

    let mut kinds: Vec<&str> = Vec::new();
    for &(kind, _) in QUERIES {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    println!(
        "\n| queries (ms) | count | ours p50 | ours p95 | tantivy p50 | tantivy p95 | \
         tantivy ranking only p50 | p95 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let summary = |label: &str, chosen: &dyn Fn(&str) -> bool| {
        let (mut o, mut t, mut r) = (Vec::new(), Vec::new(), Vec::new());
        for (index, &(kind, _)) in QUERIES.iter().enumerate() {
            if chosen(kind) {
                o.extend(&times[index].0);
                t.extend(&times[index].1);
                r.extend(&ranking[index]);
            }
        }
        let (o50, o95) = p50_p95(&o);
        let (t50, t95) = p50_p95(&t);
        let (r50, r95) = p50_p95(&r);
        println!(
            "| {label} | {} | {o50} | {o95} | {t50} | {t95} | {r50} | {r95} |",
            o.len()
        );
        (o, t)
    };
    for kind in &kinds {
        summary(kind, &|k| k == *kind);
    }
    let (all_ours, all_tantivy) = summary("**all**", &|_| true);

    // The relevance set over the bundled handbook, on both.
    let cases = match relevance::read(&options.relevance) {
        Ok(cases) => cases,
        Err(error) => {
            println!("\nno relevance set: {error}");
            return;
        }
    };
    let mut store = Store::open_in_memory().expect("store");
    store
        .import_sections(&bundled)
        .expect("import the bundled handbook");
    let mut any = Tantivy::build(&bundled, None).expect("tantivy index");
    let mut all = Tantivy::build(&bundled, None).expect("tantivy index");
    all.join = Join::AllThenAny;
    for case in &cases {
        for id in &case.acceptable {
            if !bundled.iter().any(|section| &section.id == id) {
                println!("relevance set line {}: no section {id}", case.line);
            }
        }
    }
    let mut right = [0; 3];
    // Per group of the file (its comment blocks): cases, and right first hits per engine.
    let mut groups: Vec<(String, usize, [usize; 3])> = Vec::new();
    let mut lines = Vec::new();
    for case in &cases {
        let firsts = [
            ours(&store, &case.query, RELEVANCE_LIMIT).1,
            theirs(&mut any, &case.query, RELEVANCE_LIMIT).1,
            theirs(&mut all, &case.query, RELEVANCE_LIMIT).1,
        ]
        .map(|ids| ids.into_iter().next());
        if groups
            .last()
            .is_none_or(|(group, _, _)| *group != case.group)
        {
            groups.push((case.group.clone(), 0, [0; 3]));
        }
        let group = groups.last_mut().expect("pushed");
        group.1 += 1;
        let marks: Vec<&str> = firsts
            .iter()
            .zip(right.iter_mut().zip(&mut group.2))
            .map(|(first, (right, in_group))| {
                if case.is_right(first.as_deref()) {
                    *right += 1;
                    *in_group += 1;
                    "yes"
                } else {
                    "no"
                }
            })
            .collect();
        let shown = |first: &Option<String>| first.clone().unwrap_or_else(|| "-".to_owned());
        lines.push(format!(
            "| {} | {} | {} {} | {} {} | {} {} |",
            case.line,
            case.query,
            marks[0],
            shown(&firsts[0]),
            marks[1],
            shown(&firsts[1]),
            marks[2],
            shown(&firsts[2]),
        ));
    }
    println!(
        "\nrelevance set ({}), {} queries, first hit among the acceptable ones:\n",
        options.relevance.display(),
        cases.len()
    );
    println!("| line | query | ours | tantivy (any word) | tantivy (all words, else any) |");
    println!("|---|---|---|---|---|");
    for line in &lines {
        println!("{line}");
    }
    println!("\n| group of the relevance set | queries | ours | tantivy (any word) | tantivy (all, else any) |");
    println!("|---|---|---|---|---|");
    for (group, count, right) in &groups {
        let group: String = group.chars().take(60).collect();
        println!(
            "| {group} | {count} | {} | {} | {} |",
            right[0], right[1], right[2]
        );
    }
    let share = |n: usize| {
        format!(
            "{n} of {} ({:.0} %)",
            cases.len(),
            100.0 * n as f64 / cases.len() as f64
        )
    };
    println!("\n| engine | search p50 | search p95 | typo p95 | right first hits |");
    println!("|---|---|---|---|---|");
    let typo = |times: &[(Vec<Duration>, Vec<Duration>)], which: usize| {
        let picked: Vec<Duration> = QUERIES
            .iter()
            .zip(times)
            .filter(|((kind, _), _)| *kind == "typo")
            .flat_map(|(_, t)| if which == 0 { t.0.clone() } else { t.1.clone() })
            .collect();
        if picked.is_empty() {
            "-".to_owned()
        } else {
            p50_p95(&picked).1
        }
    };
    let (o50, o95) = p50_p95(&all_ours);
    let (t50, t95) = p50_p95(&all_tantivy);
    println!(
        "| ours | {o50} | {o95} | {} | {} |",
        typo(&times, 0),
        share(right[0])
    );
    println!(
        "| tantivy (any word; timed) | {t50} | {t95} | {} | {} |",
        typo(&times, 1),
        share(right[1])
    );
    println!(
        "| tantivy (all words, else any) | | | | {} |",
        share(right[2])
    );
}
