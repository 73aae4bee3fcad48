//! Search and import over a generated 5,000-section handbook.
//!
//! A small harness rather than criterion, because the goal is stated as p50/p95 over a mix
//! of queries, which criterion does not report. Run with `cargo bench -p kompas-store`.
//! Goals (issues #2 and #10): search p95 ≤ 2 ms over [`QUERIES`], ≤ 3 ms for its typo
//! queries; import of 5,000 sections ≤ 5 s.
//!
//! The handbook is deterministic, so another engine can be given the same sections
//! (`bench/search-tantivy` compiles this file in and calls [`generate`]): the
//! words are those of the bundled handbook's plain text (`check_folder` of
//! `content/handbook`, each section rendered by `kompas_markdown::render`, words of more
//! than two characters, in section order); a xorshift generator seeded `0x5eed_cafe` draws,
//! per section `i` of 5,000: a title of 3–5 words, four paragraphs (`## Kop n`, 60 words,
//! `.`, a list item of 10 words), one tag (lowercased), critical when `i % 500 == 0`,
//! category `i % 12`. [`QUERIES`] is the query mix; `KOMPAS_BENCH_ROUNDS` runs each query
//! fewer than 200 times (and imports once) for a quick look, `KOMPAS_BENCH_ONLY=<text>` only
//! the queries that contain the text.

use std::path::Path;
use std::time::{Duration, Instant};

use kompas_content::{check_folder, ReviewDates};
use kompas_core::Section;
use kompas_store::Store;

const SECTIONS: usize = 5_000;

/// The query mix, each with its kind (the report gives p50/p95 per kind and overall). The
/// tantivy comparison bench runs the same list over the same generated sections.
pub const QUERIES: &[(&str, &str)] = &[
    // single words in other inflections
    ("inflection", "nachtdiensten"),
    ("inflection", "overleden"),
    ("inflection", "verpleegkundige"),
    ("inflection", "familie"),
    ("inflection", "gevallen"),
    ("inflection", "familieleden"),
    // prefixes, as typed
    ("prefix", "ov"),
    ("prefix", "nach"),
    ("prefix", "verpl"),
    ("prefix", "hand"),
    // two-word queries
    ("two words", "gast overleden"),
    ("two words", "nacht bellen"),
    ("two words", "mond verzorgen"),
    ("two words", "brand alarm"),
    // typos: one letter missing, wrong, extra, two swapped, two edits in a long word
    ("typo", "verpleegkundge"),
    ("typo", "handhygine"),
    ("typo", "nachdienst"),
    ("typo", "overdacht"),
    ("typo", "famlie"),
    ("typo", "benauwdhied"),
    ("typo", "verpleegkndge"),
    // small words around the subject
    ("stop words", "wat doe je bij brand"),
    ("stop words", "wat te doen als een gast valt"),
    ("stop words", "hoe was ik mijn handen"),
    ("stop words", "te veel voor mij"),
    // compounds written apart, derivations, participles, English
    ("compound", "hand alcohol"),
    ("compound", "nacht dienst"),
    ("compound", "stroom uitval"),
    ("compound", "verstandelijk beperkt"),
    ("compound", "kaars aangestoken"),
    ("compound", "guest died at night"),
];
/// Runs of each query; `KOMPAS_BENCH_ROUNDS` sets fewer for a quick look.
const ROUNDS: usize = 200;

/// Deterministic xorshift, so every run searches the same handbook.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[(self.next() % words.len() as u64) as usize]
    }
}

/// Words of the real bundled handbook, so the generated text has Dutch word frequencies.
fn vocabulary() -> Vec<String> {
    // Relative to the package folder, where cargo runs benchmarks.
    let dir = Path::new("../../content/handbook");
    let bundle = check_folder(dir, ReviewDates::Skip);
    assert!(
        !bundle.has_errors(),
        "the bundled content folder: {:?}",
        bundle.diagnostics
    );
    words_of(&bundle.sections)
}

/// The words of sections' plain text of more than two characters, in order (the tantivy
/// comparison bench calls this and [`generate`] with the same bundled sections).
pub fn words_of(sections: &[Section]) -> Vec<String> {
    let mut words = Vec::new();
    for section in sections {
        let plain = kompas_markdown::render(&section.body, &kompas_markdown::NoFiles).plain_text;
        words.extend(
            kompas_core::text::words(&plain)
                .map(|(_, w)| w.to_owned())
                .filter(|w| w.chars().count() > 2),
        );
    }
    assert!(words.len() > 1000, "the bundled handbook is missing");
    words
}

pub fn generate(words: &[String]) -> Vec<Section> {
    let mut rng = Rng(0x5eed_cafe);
    (0..SECTIONS)
        .map(|index| {
            let title: Vec<&str> = (0..3 + rng.next() % 3).map(|_| rng.pick(words)).collect();
            let mut body = String::new();
            for paragraph in 0..4 {
                body.push_str(&format!("## Kop {paragraph}\n\n"));
                let sentence: Vec<&str> = (0..60).map(|_| rng.pick(words)).collect();
                body.push_str(&sentence.join(" "));
                body.push_str(".\n\n- ");
                let item: Vec<&str> = (0..10).map(|_| rng.pick(words)).collect();
                body.push_str(&item.join(" "));
                body.push_str("\n\n");
            }
            Section {
                id: format!("sectie-{index}"),
                title: title.join(" "),
                category: format!("Categorie {}", index % 12),
                category_rank: (index % 12) as u32,
                order: index as i64,
                tags: vec![rng.pick(words).to_lowercase()],
                critical: index % 500 == 0,
                review_by: None,
                local_policy: Default::default(),
                body,
                source_path: format!("gen/{index}.md"),
                change_note: String::new(),
                must_read: false,
            }
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent; keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let words = vocabulary();
    let sections = generate(&words);
    let dir = tempfile_dir();
    let db = dir.join("bench.sqlite");

    let mut imports = Vec::new();
    let rounds: usize = std::env::var("KOMPAS_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(ROUNDS);
    for round in 0..if rounds < ROUNDS { 1 } else { 3 } {
        let _ = std::fs::remove_file(&db);
        let _ = std::fs::remove_file(db.with_extension("sqlite-wal"));
        let mut store = Store::open(&db).expect("open");
        let started = Instant::now();
        let report = store.import_sections(&sections).expect("import");
        imports.push(started.elapsed());
        assert_eq!(report.added, SECTIONS, "round {round}");
    }
    imports.sort();
    println!(
        "import {SECTIONS} sections into a new file store: median {:.2} s (min {:.2} s)",
        imports[imports.len() / 2].as_secs_f64(),
        imports[0].as_secs_f64()
    );

    let store = Store::open(&db).expect("open");
    let mut all = Vec::new();
    let mut by_kind: Vec<(&str, Vec<Duration>)> = Vec::new();
    // `KOMPAS_BENCH_ONLY=<text>` runs only the queries containing it (for a profiler).
    let only = std::env::var("KOMPAS_BENCH_ONLY").unwrap_or_default();
    for &(kind, query) in QUERIES.iter().filter(|(_, q)| q.contains(only.as_str())) {
        let mut times = Vec::with_capacity(rounds);
        let mut found = 0;
        for _ in 0..rounds {
            let started = Instant::now();
            found = store.search(query, 20).expect("search").hits.len();
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "search {query:>16}: p50 {:>7.3} ms  p95 {:>7.3} ms  ({found} hits)",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3
        );
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, kind_times)) => kind_times.extend(&times),
            None => by_kind.push((kind, times.clone())),
        }
        all.extend(times);
    }
    for (kind, times) in &mut by_kind {
        times.sort();
        println!(
            "search, {kind:>10} queries: p50 {:.3} ms  p95 {:.3} ms",
            percentile(times, 0.5).as_secs_f64() * 1e3,
            percentile(times, 0.95).as_secs_f64() * 1e3
        );
    }
    all.sort();
    if !all.is_empty() {
        println!(
            "search, all {} queries: p50 {:.3} ms  p95 {:.3} ms  (goal p95 <= 2 ms)",
            all.len(),
            percentile(&all, 0.5).as_secs_f64() * 1e3,
            percentile(&all, 0.95).as_secs_f64() * 1e3
        );
    }
    // Keep the generated database for inspection with the sqlite3 shell.
    if let Some(keep) = std::env::var_os("KOMPAS_BENCH_KEEP_DB") {
        drop(store);
        std::fs::copy(&db, keep).expect("copy the benchmark database");
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    tempfile::tempdir().expect("temp dir").keep()
}
