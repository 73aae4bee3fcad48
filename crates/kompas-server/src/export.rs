//! Exports for a coordinator's spreadsheet: the region's scores of a year, and the
//! improvement actions of a year, as CSV.
//!
//! UTF-8 with a byte-order mark and `;` between fields: what Excel set to Dutch opens
//! correctly with a double click (a `,` file lands in one column there, and without the
//! mark `ë` and `ü` come out garbled). Fields are quoted by the `csv` crate where needed.

use kompas_core::region::completeness_percent;
use kompas_proto::region::{HospiceYearState, RegionOverview, ThemeInfo};

use crate::db::RegionActions;

/// The media type of both exports.
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// One row per hospice and theme, hospices by name; a hospice that sent nothing has one
/// row with its state and empty scores.
pub fn results_csv(overview: &RegionOverview) -> Result<Vec<u8>, csv::Error> {
    let year = overview.year.to_string();
    write_csv(
        &[
            "hospice",
            "naam",
            "jaar",
            "status",
            "thema",
            "thema-titel",
            "score",
            "volledigheid (%)",
            "open verbeteracties",
            "ontvangen op",
        ],
        overview.hospices.iter().flat_map(|hospice| {
            let state = state_name(hospice.state);
            let received = hospice.received_at.clone().unwrap_or_default();
            let head = [hospice.organization_id.clone(), hospice.name.clone()];
            if hospice.scores.is_empty() {
                let mut row: Vec<String> = head.to_vec();
                row.extend([year.clone(), state.into()]);
                row.extend(std::iter::repeat_n(String::new(), 5));
                row.push(received);
                return vec![row];
            }
            hospice
                .scores
                .iter()
                .map(|score| {
                    let open = hospice
                        .open_actions_by_theme
                        .get(&score.theme)
                        .copied()
                        .unwrap_or(0);
                    let mut row: Vec<String> = head.to_vec();
                    row.extend([
                        year.clone(),
                        state.into(),
                        score.theme.clone(),
                        theme_title(&overview.themes, &score.theme).into(),
                        score
                            .score
                            .map_or("geen score".to_owned(), |s| s.to_string()),
                        completeness_percent(score).to_string(),
                        open.to_string(),
                        received.clone(),
                    ]);
                    row
                })
                .collect()
        }),
    )
}

/// One row per improvement action of the year's current submissions, hospices by name and
/// actions in the hospice's own order.
pub fn actions_csv(actions: &RegionActions) -> Result<Vec<u8>, csv::Error> {
    let year = actions.year.to_string();
    write_csv(
        &[
            "hospice",
            "naam",
            "jaar",
            "thema",
            "thema-titel",
            "actie",
            "doel",
            "wie",
            "deadline",
            "status",
            "evaluatie",
        ],
        actions.hospices.iter().flat_map(|hospice| {
            hospice.actions.iter().map(|action| {
                vec![
                    hospice.organization_id.clone(),
                    hospice.name.clone(),
                    year.clone(),
                    action.theme.clone(),
                    theme_title(&actions.themes, &action.theme).into(),
                    action.what.clone(),
                    action.goal.clone(),
                    action.who.clone(),
                    action.due.clone().unwrap_or_default(),
                    action.status.as_str().into(),
                    action.evaluation.clone(),
                ]
            })
        }),
    )
}

/// Writing into a `Vec` fails only for a row of another length than the header: a bug
/// here, answered 500 rather than a file that opens misaligned.
fn write_csv(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        writer.write_record(header)?;
        for row in rows {
            writer.write_record(&row)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

fn theme_title<'a>(themes: &'a [ThemeInfo], id: &str) -> &'a str {
    themes
        .iter()
        .find(|t| t.id == id)
        .map_or("", |t| t.title.as_str())
}

fn state_name(state: HospiceYearState) -> &'static str {
    match state {
        HospiceYearState::NotReceived => "nog niet ontvangen",
        HospiceYearState::NotStarted => "nog niet begonnen",
        HospiceYearState::Concept => "concept",
        HospiceYearState::Sent => "verzonden",
        HospiceYearState::Received => "ontvangen",
        HospiceYearState::Discussed => "besproken",
    }
}
