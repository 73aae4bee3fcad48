//! Exports for a coordinator's spreadsheet: the region's scores of a year as CSV.
//!
//! UTF-8 with a byte-order mark and `;` between fields: what Excel set to Dutch opens
//! correctly with a double click (a `,` file lands in one column there, and without the
//! mark `ë` and `ü` come out garbled). Fields are quoted by the `csv` crate where needed.

use kompas_core::region::completeness_percent;
use kompas_proto::region::{HospiceYearState, RegionOverview};

/// One row per hospice and theme, hospices by name; a hospice that sent nothing has one
/// row with its state and empty scores.
pub fn results_csv(overview: &RegionOverview) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        let _ = writer.write_record([
            "hospice",
            "naam",
            "jaar",
            "status",
            "thema",
            "thema-titel",
            "score",
            "volledigheid (%)",
            "open verbeteracties (hospice)",
            "ontvangen op",
        ]);
        for hospice in &overview.hospices {
            let state = match hospice.state {
                HospiceYearState::NotReceived => "nog niet ontvangen",
                HospiceYearState::Sent => "verzonden",
                HospiceYearState::Received => "ontvangen",
                HospiceYearState::Discussed => "besproken",
            };
            let year = overview.year.to_string();
            let received = hospice.received_at.clone().unwrap_or_default();
            if hospice.scores.is_empty() {
                let _ = writer.write_record([
                    hospice.organization_id.as_str(),
                    &hospice.name,
                    &year,
                    state,
                    "",
                    "",
                    "",
                    "",
                    "",
                    &received,
                ]);
                continue;
            }
            for score in &hospice.scores {
                let title = overview
                    .themes
                    .iter()
                    .find(|t| t.id == score.theme)
                    .map_or("", |t| t.title.as_str());
                let open = hospice.open_actions.to_string();
                let _ = writer.write_record([
                    hospice.organization_id.as_str(),
                    &hospice.name,
                    &year,
                    state,
                    &score.theme,
                    title,
                    &score
                        .score
                        .map_or("geen score".to_owned(), |s| s.to_string()),
                    &completeness_percent(score).to_string(),
                    &open,
                    &received,
                ]);
            }
        }
        let _ = writer.flush();
    }
    // Writing into a `Vec` cannot fail: the `let _` above drop only `Ok`s.
    out
}
