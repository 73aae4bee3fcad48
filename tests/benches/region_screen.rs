//! The Regio screen from tap to painted (issue #12, goal ≤ 150 ms with 40 hospices): the
//! real release app under Xvfb, logged in as the coordinator of a generated region of 40
//! hospices × 5 years on a real server on loopback. Every tap asks the server again (the
//! screen shows what the server says now), so each round is fetch + render + paint.
//!
//! The time is taken by the page's own clock, from the tap until the frame holding the
//! 40th row has been painted (see `tap_regio_to_painted`). Between rounds the app goes back
//! to its start screen. Needs `KOMPAS_APP_BIN` (`./kompas.sh bench` builds and sets it).

use std::time::Duration;

#[path = "../tests/common/mod.rs"]
mod common;

use common::region::{coordinator_app, tap_regio_to_painted};
use common::{go, wait_for_heading};

const ROUNDS: usize = 31;

fn main() {
    // `cargo test --benches` runs this once as a test; only `cargo bench` measures.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    std::env::set_var("KOMPAS_E2E", "1");
    let Some(app) = common::app_binary() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let session = coordinator_app(&app, 40).await;
        let client = &session.client;
        let (first, first_in_page) = tap_regio_to_painted(client).await;
        let mut painted = Vec::new();
        let mut in_page = Vec::new();
        for _ in 0..ROUNDS {
            go(client, "#/").await;
            wait_for_heading(client, "Direct nodig").await;
            common::painted(client).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
            let (p, i) = tap_regio_to_painted(client).await;
            painted.push(p);
            in_page.push(i);
        }
        println!("Regio, tap to painted, 40 hospices × 5 years (real app, server on loopback):");
        println!(
            "  first open after login: {first:.1} ms painted ({first_in_page:.1} ms in the page)"
        );
        println!(
            "  {ROUNDS} opens after that, painted:     {}",
            summary(&mut painted)
        );
        println!(
            "  {ROUNDS} opens after that, in the page: {}",
            summary(&mut in_page)
        );
        println!("  goal: painted p95 <= 150 ms");
    });
}

fn summary(values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        at(0.5),
        at(0.95),
        at(1.0)
    )
}
