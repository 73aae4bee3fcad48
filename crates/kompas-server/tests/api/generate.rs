//! The generator of test data: a new region of 25 hospices and 5 years that reads like a
//! real one, the same for the same seed, and never poured over an existing region.

use std::collections::BTreeSet;

use kompas_proto::region::HospiceYearState;
use kompas_server::generate::{generate, GenerateError, Plan};

use super::*;

on_both!(a_generated_region_looks_real_and_refuses_to_overwrite);

fn plan(region: &str) -> Plan {
    Plan {
        region: region.to_owned(),
        hospices: 25,
        last_year: 2026,
        years: 5,
        coordinator: Some("coordinator".to_owned()),
        seed: 7,
    }
}

async fn a_generated_region_looks_real_and_refuses_to_overwrite(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let content = std::path::Path::new("../../content/handbook");
    let generated = generate(&server.db, content, &plan("demo"))
        .await
        .expect("generated");
    assert_eq!(generated.hospices, 25);
    // About 6% of the older years and 25% of the newest are missing: well over 100 of 125.
    assert!((100..125).contains(&generated.submissions), "{generated:?}");

    // An existing region is refused, real or generated, and nothing is added to it.
    for region in ["utrecht", "demo"] {
        let refused = generate(&server.db, content, &plan(region)).await;
        assert!(
            matches!(&refused, Err(GenerateError::RegionExists(r)) if r == region),
            "{refused:?}"
        );
    }
    let utrecht = server
        .db
        .region_overview("utrecht", None)
        .await
        .expect("utrecht");
    assert_eq!(utrecht.hospices.len(), 2);

    let overview = server
        .db
        .region_overview("demo", None)
        .await
        .expect("overview");
    assert_eq!(overview.year, 2026);
    assert_eq!(overview.years, [2026, 2025, 2024, 2023, 2022]);
    assert_eq!(overview.hospices.len(), 25);
    assert_eq!(overview.themes.len(), 7);
    let names: Vec<&str> = overview.hospices.iter().map(|h| h.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "sorted by name");
    // Every state a coordinator meets in the newest year.
    let states: std::collections::HashSet<_> = overview.hospices.iter().map(|h| h.state).collect();
    for state in [
        HospiceYearState::NotReceived,
        HospiceYearState::Concept,
        HospiceYearState::Sent,
        HospiceYearState::Received,
        HospiceYearState::Discussed,
    ] {
        assert!(states.contains(&state), "no {state:?} in {states:?}");
    }
    // Scores spread over the scale, and the region has a spread for every theme.
    let scores: Vec<u32> = overview
        .hospices
        .iter()
        .flat_map(|h| h.scores.iter().filter_map(|s| s.score))
        .collect();
    assert!(scores.iter().any(|s| *s < 40) && scores.iter().any(|s| *s > 75));
    assert!(overview.region_themes.iter().all(|t| t.spread.is_some()));

    // A hospice's years: received in its year, narratives in Dutch, an action carried
    // over from the year before under its own id.
    let trend = server.db.region_trend("demo").await.expect("trend");
    assert_eq!(trend.years.len(), 5);
    let mut carried = 0;
    for hospice in &overview.hospices {
        let detail = server
            .db
            .region_hospice("demo", &hospice.organization_id, 2026)
            .await
            .expect("detail");
        let (Some(current), Some(previous)) = (detail.current, detail.previous) else {
            continue;
        };
        assert!(
            current.received_at.starts_with("2026-"),
            "{}",
            current.received_at
        );
        assert!(!current.evaluation.summary.is_empty());
        assert!(current
            .evaluation
            .themes
            .values()
            .all(|t| !t.goes_well.is_empty() && !t.to_improve.is_empty()));
        let before: BTreeSet<&str> = previous
            .evaluation
            .actions
            .iter()
            .filter(|a| a.status.is_open())
            .map(|a| a.id.as_str())
            .collect();
        carried += current
            .evaluation
            .actions
            .iter()
            .filter(|a| before.contains(a.id.as_str()))
            .count();
    }
    assert!(carried > 0, "no action carried over to 2026");

    // The same seed gives the same region, on another server.
    let Some(fresh) = super::server(storage).await else {
        return;
    };
    generate(&fresh.db, content, &plan("demo"))
        .await
        .expect("again");
    let second = fresh
        .db
        .region_overview("demo", None)
        .await
        .expect("overview");
    let scores_of = |o: &kompas_proto::region::RegionOverview| -> Vec<Vec<Option<u32>>> {
        o.hospices
            .iter()
            .map(|h| h.scores.iter().map(|s| s.score).collect())
            .collect()
    };
    assert_eq!(scores_of(&overview), scores_of(&second));
}
