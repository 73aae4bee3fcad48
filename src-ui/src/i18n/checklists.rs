//! The words of the checklists: routine checklists ticked during a shift, and the yearly
//! self-evaluation with its answers, narratives, improvement actions and report.

use kompas_proto::checklist::{ActionStatus, Answer, EvaluationState, Missing};
use kompas_proto::Language;

use super::Texts;

words! {
    pub struct ChecklistTexts {
        nav_checklists,
        heading,
        routine_heading,
        routine_hint,
        routine_empty,
        restart,
        restart_hint,
        step_help,
        read_in_handbook,
        evaluation_heading,
        evaluation_hint,
        evaluation_manager_only,
        start_evaluation,
        earlier_heading,
        privacy_warning,
        share_progress,
        share_progress_hint,
        themes_label,
        help_label,
        explanation_label,
        explanation_placeholder,
        explanation_nvt_placeholder,
        goes_well_label,
        to_improve_label,
        narrative_hint,
        actions_heading,
        actions_hint,
        action_what,
        action_goal,
        action_who,
        action_due,
        action_status,
        action_evaluation,
        add_action,
        delete_action,
        carried_hint,
        next_theme,
        to_summary,
        summary_heading,
        summary_label,
        summary_hint,
        finish,
        finish_hint,
        missing_heading,
        missing_summary,
        saved,
        saving,
        save_failed,
        report_heading,
        scores_heading,
        scores_hint,
        print,
        send,
        send_hint,
        reopen,
        revise,
        queued_hint,
        sent_hint,
        refused_heading,
        section_checklists,
    }
}

impl Texts {
    pub fn answer_label(&self, answer: Answer) -> &'static str {
        match (self.language, answer) {
            (Language::Nl, Answer::Ja) => "Ja, zo werken we",
            (Language::Nl, Answer::Grotendeels) => "Grotendeels",
            (Language::Nl, Answer::Deels) => "Deels / in ontwikkeling",
            (Language::Nl, Answer::Nee) => "Nee, nog niet",
            (Language::Nl, Answer::Nvt) => "Niet van toepassing",
            (Language::En, Answer::Ja) => "Yes, this is how we work",
            (Language::En, Answer::Grotendeels) => "Mostly",
            (Language::En, Answer::Deels) => "Partly / in progress",
            (Language::En, Answer::Nee) => "No, not yet",
            (Language::En, Answer::Nvt) => "Not applicable",
        }
    }

    pub fn state_label(&self, state: EvaluationState) -> &'static str {
        match (self.language, state) {
            (Language::Nl, EvaluationState::Concept) => "Concept",
            (Language::Nl, EvaluationState::Finished) => "Afgerond",
            (Language::Nl, EvaluationState::Queued) => "In wachtrij",
            (Language::Nl, EvaluationState::Sent) => "Verzonden",
            (Language::En, EvaluationState::Concept) => "Draft",
            (Language::En, EvaluationState::Finished) => "Finished",
            (Language::En, EvaluationState::Queued) => "Waiting to be sent",
            (Language::En, EvaluationState::Sent) => "Sent",
        }
    }

    pub fn action_status_label(&self, status: ActionStatus) -> &'static str {
        match (self.language, status) {
            (Language::Nl, ActionStatus::Gepland) => "Gepland",
            (Language::Nl, ActionStatus::Bezig) => "Bezig",
            (Language::Nl, ActionStatus::Afgerond) => "Afgerond",
            (Language::Nl, ActionStatus::Vervallen) => "Vervallen",
            (Language::En, ActionStatus::Gepland) => "Planned",
            (Language::En, ActionStatus::Bezig) => "In progress",
            (Language::En, ActionStatus::Afgerond) => "Done",
            (Language::En, ActionStatus::Vervallen) => "Dropped",
        }
    }

    /// What is missing, in words; `question` is the question's text where there is one.
    pub fn missing_text(&self, missing: &Missing, question: &str) -> String {
        match (self.language, missing) {
            (Language::Nl, Missing::Answer { .. }) => format!("Nog geen antwoord: {question}"),
            (Language::Nl, Missing::Explanation { .. }) => {
                format!("Niet van toepassing, maar nog zonder uitleg: {question}")
            }
            (Language::Nl, Missing::GoesWell { .. }) => "“Wat gaat goed” is nog leeg.".into(),
            (Language::Nl, Missing::ToImprove { .. }) => "“Wat kan beter” is nog leeg.".into(),
            (Language::Nl, Missing::ActionWhat { .. }) => {
                "Een verbeteractie zegt nog niet wat er gebeurt.".into()
            }
            (Language::Nl, Missing::Summary) => "De samenvatting is nog leeg.".into(),
            (Language::En, Missing::Answer { .. }) => format!("No answer yet: {question}"),
            (Language::En, Missing::Explanation { .. }) => {
                format!("Not applicable, but not yet explained: {question}")
            }
            (Language::En, Missing::GoesWell { .. }) => "“What goes well” is still empty.".into(),
            (Language::En, Missing::ToImprove { .. }) => {
                "“What could be better” is still empty.".into()
            }
            (Language::En, Missing::ActionWhat { .. }) => {
                "An improvement action does not yet say what will be done.".into()
            }
            (Language::En, Missing::Summary) => "The summary is still empty.".into(),
        }
    }

    pub fn steps_done(&self, done: usize, total: usize) -> String {
        match self.language {
            Language::Nl => format!("{done} van {total} gedaan"),
            Language::En => format!("{done} of {total} done"),
        }
    }

    pub fn items_count(&self, items: u32, evaluation: bool) -> String {
        match (self.language, evaluation, items) {
            (Language::Nl, false, 1) => "1 stap".into(),
            (Language::Nl, false, n) => format!("{n} stappen"),
            (Language::Nl, true, 1) => "1 vraag".into(),
            (Language::Nl, true, n) => format!("{n} vragen"),
            (Language::En, false, 1) => "1 step".into(),
            (Language::En, false, n) => format!("{n} steps"),
            (Language::En, true, 1) => "1 question".into(),
            (Language::En, true, n) => format!("{n} questions"),
        }
    }

    pub fn evaluation_title(&self, title: &str, year: i32) -> String {
        format!("{title} {year}")
    }

    pub fn theme_progress(&self, answered: u32, questions: u32) -> String {
        match self.language {
            Language::Nl => format!("{answered} van {questions} beantwoord"),
            Language::En => format!("{answered} of {questions} answered"),
        }
    }

    /// The figure beside a theme's bar: its score, or why there is none, and its
    /// completeness (the share of questions that count: answered and applicable). Never
    /// a total.
    pub fn score_line(&self, score: Option<u32>, completeness: u32) -> String {
        match (self.language, score) {
            (Language::Nl, Some(score)) => {
                format!("{score}% · telt {completeness}% van de vragen mee")
            }
            (Language::Nl, None) => format!(
                "geen score: te weinig vragen van toepassing · telt {completeness}% van de vragen mee"
            ),
            (Language::En, Some(score)) => {
                format!("{score}% · {completeness}% of the questions count")
            }
            (Language::En, None) => format!(
                "no score: too few questions apply · {completeness}% of the questions count"
            ),
        }
    }

    pub fn missing_count(&self, count: usize) -> String {
        match (self.language, count) {
            (Language::Nl, 1) => "Nog 1 ding te doen voordat je kunt afronden:".into(),
            (Language::Nl, n) => format!("Nog {n} dingen te doen voordat je kunt afronden:"),
            (Language::En, 1) => "1 thing left before you can finish:".into(),
            (Language::En, n) => format!("{n} things left before you can finish:"),
        }
    }

    pub fn waiting_line(&self, waiting: u32) -> Option<String> {
        match (self.language, waiting) {
            (_, 0) => None,
            (Language::Nl, 1) => Some("1 zelfevaluatie wacht op verzending naar de regio.".into()),
            (Language::Nl, n) => Some(format!(
                "{n} zelfevaluaties wachten op verzending naar de regio."
            )),
            (Language::En, 1) => {
                Some("1 self-evaluation is waiting to be sent to the region.".into())
            }
            (Language::En, n) => Some(format!(
                "{n} self-evaluations are waiting to be sent to the region."
            )),
        }
    }

    pub fn sent_on(&self, date: &str) -> String {
        match self.language {
            Language::Nl => format!("De regio heeft deze zelfevaluatie ontvangen ({date})."),
            Language::En => format!("The region received this self-evaluation ({date})."),
        }
    }
}

pub const NL: ChecklistTexts = ChecklistTexts {
    nav_checklists: "Lijsten",
    heading: "Checklists en zelfevaluatie",
    routine_heading: "Checklists voor je dienst",
    routine_hint: "Vink af wat je gedaan hebt. Je vinkjes blijven bewaard, ook als de app sluit. Er gaat niets naar de server.",
    routine_empty: "Er staan nog geen checklists op dit apparaat.",
    restart: "Opnieuw beginnen",
    restart_hint: "Haalt alle vinkjes weg, voor de volgende dienst.",
    step_help: "Uitleg",
    read_in_handbook: "Lees in het handboek",
    evaluation_heading: "Zelfevaluatie van het hospice",
    evaluation_hint: "Eén keer per jaar bespreek je met het team hoe het gaat. Alles wordt direct op dit apparaat bewaard.",
    evaluation_manager_only: "De zelfevaluatie vult de leidinggevende of coördinator van het hospice in. Log bij Instellingen in met dat account om te beginnen.",
    start_evaluation: "Zelfevaluatie van dit jaar beginnen",
    earlier_heading: "Eerdere zelfevaluaties",
    privacy_warning: "Schrijf geen namen of andere gegevens van gasten of naasten op.",
    share_progress: "Voortgang delen met de regio",
    share_progress_hint: "De regio ziet dan alleen hoeveel vragen er beantwoord zijn, geen antwoorden, \
        teksten of scores. Zonder dit ziet de regio \u{201c}nog niet ontvangen\u{201d} tot u verstuurt.",
    themes_label: "Thema's",
    help_label: "Waaruit blijkt dit?",
    explanation_label: "Toelichting",
    explanation_placeholder: "Waaruit blijkt het? Een voorbeeld of afspraak (niet verplicht).",
    explanation_nvt_placeholder: "Waarom is dit niet van toepassing? (verplicht)",
    goes_well_label: "Wat gaat goed",
    to_improve_label: "Wat kan beter",
    narrative_hint: "Een paar zinnen uit het gesprek met het team zijn genoeg.",
    actions_heading: "Verbeteracties",
    actions_hint: "Wat gaan jullie doen, met welk doel, wie, en wanneer is het klaar?",
    action_what: "Wat gaan we doen",
    action_goal: "Doel",
    action_who: "Wie (een rol of naam)",
    action_due: "Klaar op",
    action_status: "Stand",
    action_evaluation: "Evaluatie",
    add_action: "Verbeteractie toevoegen",
    delete_action: "Verwijderen",
    carried_hint: "Open acties van vorig jaar staan er al bij.",
    next_theme: "Volgend thema",
    to_summary: "Naar de samenvatting",
    summary_heading: "Samenvatting",
    summary_label: "Wat neemt het team mee uit deze zelfevaluatie?",
    summary_hint: "Kijk terug op alle thema's samen. Er komt geen totaalcijfer: de scores zijn een hulpmiddel voor het gesprek, geen oordeel.",
    finish: "Afronden",
    finish_hint: "Afronden controleert of alles is ingevuld. Daarna zie je de scores per thema en kun je het verslag afdrukken.",
    missing_heading: "Nog niet compleet",
    missing_summary: "Samenvatting",
    saved: "Bewaard op dit apparaat.",
    saving: "Bezig met bewaren…",
    save_failed: "Bewaren lukte niet. Probeer het nog eens; wat je typte staat nog in het veld.",
    report_heading: "Verslag",
    scores_heading: "Scores per thema",
    scores_hint: "Per thema: hoeveel van wat van toepassing is al zo werkt. Er is geen totaal en geen ranglijst.",
    print: "Afdrukken of bewaren als pdf",
    send: "Versturen naar de regio",
    send_hint: "De regio ontvangt de scores, de antwoorden en de acties. Zonder internet wacht de zelfevaluatie en gaat ze vanzelf mee zodra er verbinding is.",
    reopen: "Weer bewerken",
    revise: "Nieuwe versie maken",
    queued_hint: "Wacht op verbinding met de server; gaat vanzelf mee bij de volgende keer bijwerken.",
    sent_hint: "Een wijziging maak je in een nieuwe versie; die vervangt deze bij de regio.",
    refused_heading: "De server nam deze zelfevaluatie niet aan",
    section_checklists: "Checklists bij dit onderwerp",
};

pub const EN: ChecklistTexts = ChecklistTexts {
    nav_checklists: "Lists",
    heading: "Checklists and self-evaluation",
    routine_heading: "Checklists for your shift",
    routine_hint: "Tick off what you have done. Your ticks are kept, even if the app closes. Nothing goes to the server.",
    routine_empty: "There are no checklists on this device yet.",
    restart: "Start over",
    restart_hint: "Clears every tick, for the next shift.",
    step_help: "Explanation",
    read_in_handbook: "Read in the handbook",
    evaluation_heading: "The hospice's self-evaluation",
    evaluation_hint: "Once a year you discuss with the team how things are going. Everything is saved on this device at once.",
    evaluation_manager_only: "The hospice's manager or coordinator fills in the self-evaluation. Log in with that account in Settings to start.",
    start_evaluation: "Start this year's self-evaluation",
    earlier_heading: "Earlier self-evaluations",
    privacy_warning: "Do not write down names or other details of guests or their relatives.",
    share_progress: "Share progress with the region",
    share_progress_hint: "The region then sees only how many questions are answered: no answers, \
        texts or scores. Without this the region sees \u{201c}not received yet\u{201d} until you send.",
    themes_label: "Themes",
    help_label: "How does it show?",
    explanation_label: "Explanation",
    explanation_placeholder: "How does it show? An example or agreement (optional).",
    explanation_nvt_placeholder: "Why does this not apply? (required)",
    goes_well_label: "What goes well",
    to_improve_label: "What could be better",
    narrative_hint: "A few sentences from the talk with the team are enough.",
    actions_heading: "Improvement actions",
    actions_hint: "What will you do, to what end, who, and when will it be done?",
    action_what: "What we will do",
    action_goal: "Goal",
    action_who: "Who (a role or name)",
    action_due: "Done by",
    action_status: "Status",
    action_evaluation: "Evaluation",
    add_action: "Add an improvement action",
    delete_action: "Delete",
    carried_hint: "Open actions of last year are already here.",
    next_theme: "Next theme",
    to_summary: "To the summary",
    summary_heading: "Summary",
    summary_label: "What does the team take from this self-evaluation?",
    summary_hint: "Look back on all themes together. There is no total: the scores help the conversation, they are not a verdict.",
    finish: "Finish",
    finish_hint: "Finishing checks that everything is filled in. Then you see the scores per theme and can print the report.",
    missing_heading: "Not complete yet",
    missing_summary: "Summary",
    saved: "Saved on this device.",
    saving: "Saving…",
    save_failed: "Saving failed. Try again; what you typed is still in the field.",
    report_heading: "Report",
    scores_heading: "Scores per theme",
    scores_hint: "Per theme: how much of what applies already works this way. There is no total and no ranking.",
    print: "Print or save as PDF",
    send: "Send to the region",
    send_hint: "The region receives the scores, the answers and the actions. Without internet the self-evaluation waits and goes by itself once there is a connection.",
    reopen: "Edit again",
    revise: "Make a new version",
    queued_hint: "Waiting for a connection to the server; goes by itself with the next update.",
    sent_hint: "Make a change in a new version; it replaces this one at the region.",
    refused_heading: "The server did not accept this self-evaluation",
    section_checklists: "Checklists for this subject",
};
