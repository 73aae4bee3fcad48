use kompas_proto::region::{Comparison, HospiceDetail, RegionOverview, RegionTrend};
use kompas_proto::Language;
use serde_json::json;

use super::*;
use crate::i18n::texts;

fn link(route: &Route) -> String {
    route.to_hash(|s| s.to_owned())
}

fn score(theme: &str, score: Option<u32>, answered: u32) -> serde_json::Value {
    json!({ "theme": theme, "score": score, "applicable": answered, "answered": answered,
            "questions": 4 })
}

fn sample_overview() -> RegionOverview {
    serde_json::from_value(json!({
        "region": "gooi", "region_name": "Gooi & Vecht", "year": 2026, "years": [2026, 2025],
        "themes": [{ "id": "zorg", "title": "Zorg & aandacht" }, { "id": "team", "title": "Team" }],
        "hospices": [
            { "organization_id": "a", "name": "Hospice <script>alert(1)</script>",
              "state": "sent", "submission": "u1", "received_at": null, "review": null,
              "scores": [score("zorg", Some(80), 4), score("team", None, 1)],
              "open_actions": 0 },
            { "organization_id": "b/\"x\"", "name": "Hospice Berg", "state": "not-received",
              "submission": null, "received_at": null, "review": null, "scores": [],
              "open_actions": 0 }
        ],
        "region_themes": [
            { "theme": "zorg", "spread": { "hospices": 5, "q1": 60.0, "median": 72.5, "q3": 81.0 } },
            { "theme": "team", "spread": null }
        ]
    }))
    .expect("an overview")
}

#[test]
fn the_overview_escapes_what_the_server_sends() {
    let html = overview(&sample_overview(), texts(Language::Nl), &link);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("Hospice &lt;script&gt;alert(1)&lt;/script&gt;"));
    // An id with a quote cannot leave its attribute.
    assert!(
        html.contains(r##"href="#/regio/hospice/b/&quot;x&quot;/2026""##),
        "{html}"
    );
    assert!(html.contains("Zorg &amp; aandacht"));
}

#[test]
fn the_heat_map_has_a_row_per_hospice_in_the_given_order_with_scores_and_completeness() {
    let html = overview(&sample_overview(), texts(Language::Nl), &link);
    let rows: Vec<&str> = html.split("<tr>").skip(2).collect();
    // Two hospices, then the region's row.
    assert_eq!(rows.len(), 3, "{html}");
    assert!(rows[0].contains(r#"<td class="heat band-4" title="Zorg &amp; aandacht: 80">80</td>"#));
    assert!(rows[0].contains(r#"class="heat no-score""#));
    assert!(rows[0].contains(r#"<span class="completeness">25%</span>"#));
    assert!(rows[1].contains("Hospice Berg"));
    assert!(rows[1].contains("Nog niet ontvangen"));
    assert_eq!(rows[1].matches(r#"class="heat empty""#).count(), 2);
    assert!(rows[2].contains(">72,5</td>"), "{}", rows[2]);
    assert!(html.contains(r#"<li class="state-chip state-sent">1 verzonden</li>"#));
    assert!(html.contains(r#"aria-current="page">2026</a>"#));
    assert!(!html.contains(r#"aria-current="page">2025"#));
}

#[test]
fn the_trend_closes_every_svg_element() {
    let sample: RegionTrend = serde_json::from_value(json!({
        "region": "gooi",
        "themes": [{ "id": "zorg", "title": "Zorg" }],
        "years": [
            { "year": 2025, "themes": [{ "theme": "zorg", "spread": null }] },
            { "year": 2026, "themes": [{ "theme": "zorg",
              "spread": { "hospices": 6, "q1": 40.0, "median": 50.0, "q3": 70.0 } }] }
        ],
        "hospices": []
    }))
    .expect("a trend");
    let html = trend(&sample, texts(Language::En));
    assert_eq!(html.matches("<rect").count(), 3, "{html}");
    assert_eq!(html.matches("</rect>").count(), 3);
    assert_eq!(
        html.matches("trend-row").count(),
        1,
        "a year without figures is left out"
    );
    assert!(
        html.contains("median 50 (middle half 40–70, 6 hospices)"),
        "{html}"
    );
}

#[test]
fn too_few_hospices_show_no_figures() {
    let sample: Comparison = serde_json::from_value(json!({
        "organization_id": "a", "year": 2026, "sent": true, "min_group": 5,
        "themes": [
            { "theme": "zorg", "title": "Zorg", "own": 70,
              "region": { "kind": "compared", "q1": 50.0, "median": 60.0, "q3": 75.0 } },
            { "theme": "team", "title": "Team", "own": null, "region": { "kind": "too-few" } }
        ]
    }))
    .expect("a comparison");
    let html = comparison(&sample, texts(Language::Nl));
    let rows: Vec<&str> = html.split("comparison-row").skip(1).collect();
    assert!(
        rows[0].contains(r#"<circle class="band-own" cx="70""#),
        "{html}"
    );
    assert!(rows[0].contains("50–75"));
    assert!(rows[1].contains("Te weinig deelnemers"), "{}", rows[1]);
    assert!(!rows[1].contains("<svg"));
    assert!(
        rows[1].contains("<strong>geen score</strong>"),
        "{}",
        rows[1]
    );
}

#[test]
fn a_hospice_shows_this_year_beside_the_last_with_reflections_and_actions() {
    let submission = |year: i32, zorg: u32, summary: &str| {
        json!({
            "uuid": format!("u{year}"), "received_at": format!("{year}-11-01T10:00:00Z"),
            "review": null, "rule": "kompas-score-1",
            "scores": [score("zorg", Some(zorg), 4)],
            "definition": { "id": "zelfevaluatie", "version": 1, "title": "Zelfevaluatie",
                "intro": null, "kind": "self-evaluation", "scale": "standaard",
                "themes": [{ "id": "zorg", "title": "Zorg", "intro": null, "questions": [] }] },
            "evaluation": { "checklist": { "id": "zelfevaluatie", "version": 1 }, "year": year,
                "summary": summary,
                "themes": { "zorg": { "goes_well": "Rust <b>op</b> de kamer", "to_improve": "" } },
                "actions": [{ "id": "x", "theme": "zorg", "what": "Overdracht op papier",
                              "who": "coördinator", "due": "2027-03-01", "status": "bezig" }] }
        })
    };
    let detail: HospiceDetail = serde_json::from_value(json!({
        "organization_id": "a", "name": "Hospice Aan Zee", "year": 2026,
        "current": submission(2026, 60, "Een goed jaar"),
        "previous": submission(2025, 30, "Vorig jaar")
    }))
    .expect("a hospice's year");
    let current = detail.current.clone().expect("this year");
    let html = hospice(&detail, &current, texts(Language::Nl));
    assert!(html.contains("Een goed jaar") && !html.contains("Vorig jaar"));
    assert!(
        html.contains(r#"<span class="score-chip band-3">60</span>"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="score-chip band-2">30</span>"#));
    assert!(html.contains("Rust &lt;b&gt;op&lt;/b&gt; de kamer"));
    assert!(html.contains("Overdracht op papier"));
    assert!(html.contains("coördinator 2027-03-01"));
}
