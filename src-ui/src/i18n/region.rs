//! The words of the region's view: the coordinator's Regio screens (status, overview,
//! a hospice's year, the trend, exports, the mark) and the manager's "Uw hospice en de
//! regio".

use kompas_proto::region::{HospiceYearState, ReviewState};
use kompas_proto::Language;

use super::Texts;

words! {
    pub struct RegionTexts {
        nav_region,
        intro,
        needs_network,
        year_label,
        region_label,
        status_heading,
        overview_heading,
        overview_hint,
        hospice_column,
        state_column,
        region_row,
        no_score,
        not_sent,
        incomplete_hint,
        legend_heading,
        legend_low,
        legend_mid,
        legend_high,
        legend_top,
        export_heading,
        export_results,
        export_actions,
        print_report,
        trend_link,
        trend_heading,
        trend_hint,
        back_to_region,
        detail_this_year,
        detail_last_year,
        detail_nothing,
        goes_well,
        to_improve,
        summary,
        actions_heading,
        actions_none,
        mark_heading,
        mark_note_label,
        mark_note_hint,
        mark_received,
        mark_discussed,
        mark_saved,
        comparison_heading,
        comparison_hint,
        comparison_own,
        comparison_band,
        too_few,
        comparison_not_sent,
        no_years,
    }
}

impl Texts {
    /// A hospice's state with the year's self-evaluation, as the coordinator reads it.
    pub fn year_state(&self, state: HospiceYearState) -> &'static str {
        match (self.language, state) {
            (Language::Nl, HospiceYearState::NotReceived) => "Nog niet ontvangen",
            (Language::Nl, HospiceYearState::NotStarted) => "Nog niet begonnen",
            (Language::Nl, HospiceYearState::Concept) => "Concept",
            (Language::Nl, HospiceYearState::Sent) => "Verzonden",
            (Language::Nl, HospiceYearState::Received) => "Ontvangen",
            (Language::Nl, HospiceYearState::Discussed) => "Besproken",
            (Language::En, HospiceYearState::NotReceived) => "Not received yet",
            (Language::En, HospiceYearState::NotStarted) => "Not started yet",
            (Language::En, HospiceYearState::Concept) => "Draft",
            (Language::En, HospiceYearState::Sent) => "Sent",
            (Language::En, HospiceYearState::Received) => "Received",
            (Language::En, HospiceYearState::Discussed) => "Discussed",
        }
    }

    /// How many hospices are in a state: "3 besproken".
    pub fn state_count(&self, state: HospiceYearState, count: usize) -> String {
        format!("{count} {}", self.year_state(state).to_lowercase())
    }

    /// The coordinator's mark as the hospice's managers read it.
    pub fn review_line(&self, state: ReviewState, by: &str, at: &str) -> String {
        let day = at.get(..10).unwrap_or(at);
        match (self.language, state) {
            (Language::Nl, ReviewState::Received) => {
                format!("Ontvangen door de regio ({by}, {day}).")
            }
            (Language::Nl, ReviewState::Discussed) => {
                format!("Besproken met de regio ({by}, {day}).")
            }
            (Language::En, ReviewState::Received) => {
                format!("Received by the region ({by}, {day}).")
            }
            (Language::En, ReviewState::Discussed) => {
                format!("Discussed with the region ({by}, {day}).")
            }
        }
    }

    /// The heading of the overview: "Regio Utrecht — zelfevaluaties 2026".
    pub fn region_title(&self, region: &str, year: i32) -> String {
        match self.language {
            Language::Nl => format!("{region} — zelfevaluaties {year}"),
            Language::En => format!("{region} — self-evaluations {year}"),
        }
    }

    /// When the shown data came from the server; `stale` when it could not be reached now.
    pub fn fetched_line(&self, moment: &str, stale: bool) -> String {
        match (self.language, stale) {
            (Language::Nl, false) => format!("Bijgewerkt {moment}."),
            (Language::Nl, true) => format!(
                "Geen verbinding met de server. U ziet de gegevens van {moment}; ze worden \
                 vanzelf bijgewerkt als er weer internet is."
            ),
            (Language::En, false) => format!("Updated {moment}."),
            (Language::En, true) => format!(
                "No connection to the server. You see the data of {moment}; it is updated \
                 once there is internet again."
            ),
        }
    }

    /// The region's median and interquartile range of a theme.
    pub fn spread_text(&self, median: f64, q1: f64, q3: f64, hospices: u32) -> String {
        match self.language {
            Language::Nl => format!(
                "mediaan {} (middelste helft {}–{}, {hospices} hospices)",
                number(median, ','),
                number(q1, ','),
                number(q3, ',')
            ),
            Language::En => format!(
                "median {} (middle half {}–{}, {hospices} hospices)",
                number(median, '.'),
                number(q1, '.'),
                number(q3, '.')
            ),
        }
    }

    /// A figure of the region, with the language's decimal mark.
    pub fn figure(&self, value: f64) -> String {
        match self.language {
            Language::Nl => number(value, ','),
            Language::En => number(value, '.'),
        }
    }

    /// Where an export was saved.
    pub fn exported_to(&self, path: &str) -> String {
        match self.language {
            Language::Nl => format!("Opgeslagen: {path}"),
            Language::En => format!("Saved: {path}"),
        }
    }

    /// How far a hospice that shares its progress is: "12 van 24 vragen".
    pub fn progress(&self, answered: u32, questions: u32) -> String {
        match self.language {
            Language::Nl => format!("{answered} van {questions} vragen"),
            Language::En => format!("{answered} of {questions} questions"),
        }
    }

    /// Completeness of a theme's answers, when not all were answered.
    pub fn completeness(&self, percent: u32) -> String {
        match self.language {
            Language::Nl => format!("{percent}% beantwoord"),
            Language::En => format!("{percent}% answered"),
        }
    }
}

/// A figure with at most one decimal: `44`, `55,5`.
fn number(value: f64, mark: char) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}").replace('.', &mark.to_string())
    }
}

pub const NL: RegionTexts = RegionTexts {
    nav_region: "Regio",
    intro: "De zelfevaluaties van de hospices in uw regio: wie heeft ingestuurd, wat zij vonden en waar de regio staat. Hospices staan op naam, nooit op score.",
    needs_network: "Voor de regio is een verbinding met de server nodig. Zodra er internet is, worden de gegevens opgehaald; daarna zijn ze ook zonder verbinding te zien.",
    year_label: "Jaar",
    region_label: "Welke regio",
    status_heading: "Stand van dit jaar",
    overview_heading: "Scores per thema",
    overview_hint: "Elke cel is de score van een hospice op een thema (0–100). Een score is een gespreksonderwerp, geen oordeel.",
    hospice_column: "Hospice",
    state_column: "Status",
    region_row: "Regio (mediaan)",
    no_score: "geen score",
    not_sent: "—",
    incomplete_hint: "Een klein percentage onder een score: niet alle vragen van dat thema zijn beantwoord.",
    legend_heading: "Kleuren",
    legend_low: "0–25",
    legend_mid: "26–50",
    legend_high: "51–75",
    legend_top: "76–100",
    export_heading: "Exporteren",
    export_results: "Scores als CSV (Excel)",
    export_actions: "Verbeteracties als CSV",
    print_report: "Regiorapport afdrukken",
    trend_link: "Verloop over de jaren",
    trend_heading: "Verloop per thema",
    trend_hint: "De mediaan van de regio per thema per jaar, met de middelste helft van de hospices. Alleen jaren waarin hospices een score hebben.",
    back_to_region: "Regio",
    detail_this_year: "Dit jaar",
    detail_last_year: "Vorige keer",
    detail_nothing: "Dit hospice heeft voor dit jaar nog niets ingestuurd.",
    goes_well: "Wat gaat goed",
    to_improve: "Wat kan beter",
    summary: "Samenvatting",
    actions_heading: "Verbeteracties",
    actions_none: "Geen verbeteracties.",
    mark_heading: "Terugkoppeling aan het hospice",
    mark_note_label: "Bericht aan het hospice (niet verplicht)",
    mark_note_hint: "Het hospice ziet de markering en het bericht na de volgende synchronisatie.",
    mark_received: "Markeer als ontvangen",
    mark_discussed: "Markeer als besproken",
    mark_saved: "Opgeslagen. Het hospice ziet het bij de volgende synchronisatie.",
    comparison_heading: "Uw hospice en de regio",
    comparison_hint: "Uw score per thema naast de middelste helft van de hospices in de regio. Alleen bij thema's waar minstens vijf hospices een score hebben; andere hospices zijn nooit te herleiden.",
    comparison_own: "Uw score",
    comparison_band: "Middelste helft van de regio",
    too_few: "Te weinig deelnemers om te vergelijken.",
    comparison_not_sent: "Uw zelfevaluatie van dit jaar is nog niet verzonden; de vergelijking verschijnt daarna.",
    no_years: "Er is in deze regio nog geen zelfevaluatie ingestuurd.",
};

pub const EN: RegionTexts = RegionTexts {
    nav_region: "Region",
    intro: "The self-evaluations of the hospices in your region: who has sent theirs, what they found and where the region stands. Hospices are listed by name, never by score.",
    needs_network: "The region needs a connection to the server. Once there is internet the data is fetched; after that it can be seen without a connection too.",
    year_label: "Year",
    region_label: "Which region",
    status_heading: "This year so far",
    overview_heading: "Scores by theme",
    overview_hint: "Each cell is a hospice's score on a theme (0–100). A score is something to talk about, not a verdict.",
    hospice_column: "Hospice",
    state_column: "Status",
    region_row: "Region (median)",
    no_score: "no score",
    not_sent: "—",
    incomplete_hint: "A small percentage under a score: not every question of that theme was answered.",
    legend_heading: "Colours",
    legend_low: "0–25",
    legend_mid: "26–50",
    legend_high: "51–75",
    legend_top: "76–100",
    export_heading: "Export",
    export_results: "Scores as CSV (Excel)",
    export_actions: "Improvement actions as CSV",
    print_report: "Print the regional report",
    trend_link: "Over the years",
    trend_heading: "Trend by theme",
    trend_hint: "The region's median per theme per year, with the middle half of the hospices. Only years in which hospices have a score.",
    back_to_region: "Region",
    detail_this_year: "This year",
    detail_last_year: "Last time",
    detail_nothing: "This hospice has not sent anything for this year yet.",
    goes_well: "What goes well",
    to_improve: "What could be better",
    summary: "Summary",
    actions_heading: "Improvement actions",
    actions_none: "No improvement actions.",
    mark_heading: "Feedback to the hospice",
    mark_note_label: "Message to the hospice (optional)",
    mark_note_hint: "The hospice sees the mark and the message after its next sync.",
    mark_received: "Mark as received",
    mark_discussed: "Mark as discussed",
    mark_saved: "Saved. The hospice sees it with its next sync.",
    comparison_heading: "Your hospice and the region",
    comparison_hint: "Your score per theme beside the middle half of the hospices in the region. Only for themes where at least five hospices have a score; other hospices can never be traced.",
    comparison_own: "Your score",
    comparison_band: "Middle half of the region",
    too_few: "Too few participants to compare.",
    comparison_not_sent: "This year's self-evaluation has not been sent yet; the comparison appears after that.",
    no_years: "No self-evaluation has been sent in this region yet.",
};
