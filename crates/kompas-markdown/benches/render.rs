//! Render of a typical handbook section: goal ≤ 200 µs.

use criterion::{criterion_group, criterion_main, Criterion};
use kompas_markdown::{render, NoFiles};

const TYPICAL: &str =
    include_str!("../../../content/handbook/04-afscheid/als-een-gast-overlijdt.md");

fn bench_render(c: &mut Criterion) {
    // Skip the front matter the way the store does, so only the body is rendered.
    let body = TYPICAL.splitn(3, "---\n").nth(2).unwrap_or(TYPICAL);
    c.bench_function("render typical section", |b| {
        b.iter(|| render(body, &NoFiles))
    });
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
