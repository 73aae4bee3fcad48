//! The words of a hospice's own handbook: the manager's "Ons handboek" (facts, tailored
//! sections, what the region changed since) and the editor of one section, and the marks
//! volunteers see on a section the hospice changed.

use kompas_proto::overlay::DraftState;
use kompas_proto::tailoring::{RevisionChange, TailorKind, TailorState};
use kompas_proto::{Language, SectionSource};

use super::{Texts, Translated};

words! {
    pub struct TailoringTexts {
        heading,
        region_note_label,
        removed_choice,
        keep_as_own,
        let_go,
        intro,
        manager_link,
        facts_heading,
        facts_hint,
        facts_publish,
        example_prefix,
        facts_published,
        inbox_heading,
        inbox_empty,
        tailored_heading,
        tailored_empty,
        tailor_button,
        how_label,
        mode_supplement,
        mode_replace,
        mode_hide,
        before_label,
        after_label,
        replace_label,
        placeholder_hint,
        note_label,
        note_placeholder,
        preview_heading,
        preview_hidden,
        region_text_heading,
        save_draft,
        publish,
        discard,
        locked,
        append_only,
        saved,
        published,
        failed,
        use_region_text,
        region_changed_hint,
        removed_hint,
        merge_heading,
        merge_clean,
        merge_cards_hint,
        card_heading,
        card_region_changes,
        card_our_changes,
        card_region,
        card_ours,
        card_both,
        card_own,
        use_merged,
        merged,
        merge_undecided,
        history_link,
        history_heading,
        history_needs_network,
        history_empty,
        compare_from,
        compare_to,
        side_by_side,
        diff_legend,
        revisions_heading,
        own_heading,
        own_hint,
        own_title,
        own_after,
        own_text,
        own_publish,
        own_published,
        own_missing,
        own_remove,
        published_meanwhile,
    }
}

pub const NL: TailoringTexts = TailoringTexts {
    region_note_label: "Toelichting van de regio:",
    removed_choice: "Wilt u uw tekst houden als eigen onderdeel van uw hospice, op dezelfde plek? Of laat u het onderdeel vervallen, zoals de regio?",
    keep_as_own: "Houden als eigen onderdeel",
    let_go: "Laten vervallen",
    heading: "Ons handboek",
    intro: "Maak het handboek van de regio tot dat van uw hospice: vul uw gegevens één keer in, en vul onderdelen aan, vervang of verberg ze. Verbeteringen van de regio blijven binnenkomen.",
    manager_link: "Ons handboek aanpassen",
    facts_heading: "Gegevens van het hospice",
    facts_hint: "Deze gegevens staan overal waar de tekst van de regio ernaar verwijst. Een leeg veld ziet een vrijwilliger als \"nog niet ingevuld\".",
    facts_publish: "Gegevens publiceren",
    example_prefix: "Bijvoorbeeld:",
    facts_published: "Gegevens gepubliceerd. Alle apparaten van het hospice krijgen ze bij de volgende synchronisatie.",
    inbox_heading: "Wijzigingen van de regio",
    inbox_empty: "De regio heeft niets gewijzigd aan de onderdelen die u hebt aangepast.",
    tailored_heading: "Aangepaste onderdelen",
    tailored_empty: "U hebt nog niets aangepast. Open een onderdeel in het handboek en kies \"Aanpassen voor ons hospice\".",
    tailor_button: "Aanpassen voor ons hospice",
    how_label: "Hoe past u dit onderdeel aan?",
    mode_supplement: "Aanvullen: de tekst van de regio blijft, met uw tekst ervoor of erna",
    mode_replace: "Vervangen door een eigen tekst",
    mode_hide: "Verbergen in ons hospice",
    before_label: "Uw tekst vóór die van de regio",
    after_label: "Uw tekst na die van de regio",
    replace_label: "Uw tekst",
    placeholder_hint: "Gegevens van het hospice zet u erin met bijvoorbeeld {{hospice.telefoon_verpleegkundige}}.",
    note_label: "Wat is er veranderd?",
    note_placeholder: "Bijvoorbeeld: waar onze valmat ligt",
    preview_heading: "Zo ziet een vrijwilliger het",
    preview_hidden: "Dit onderdeel is verborgen: vrijwilligers van uw hospice zien het niet.",
    region_text_heading: "Tekst van de regio",
    save_draft: "Concept bewaren",
    publish: "Publiceren voor ons hospice",
    discard: "Concept weggooien",
    locked: "De regio staat voor dit onderdeel geen aanpassingen toe.",
    append_only: "De regio staat voor dit onderdeel alleen aanvullen toe.",
    saved: "Concept bewaard op dit apparaat.",
    published: "Gepubliceerd. Alle apparaten van het hospice krijgen het bij de volgende synchronisatie.",
    failed: "Opslaan lukte niet. Uw tekst staat er nog; probeer het opnieuw.",
    use_region_text: "Tekst van de regio gebruiken",
    region_changed_hint: "De regio heeft de tekst gewijzigd sinds u die aanpaste. Vrijwilligers zien uw tekst tot u beslist. Vergelijk hieronder en publiceer uw tekst opnieuw, of gebruik de tekst van de regio.",
    removed_hint: "De regio heeft dit onderdeel verwijderd. Vrijwilligers zien uw aanpassing niet meer.",
    merge_heading: "Samenvoegen met de nieuwe tekst van de regio",
    merge_clean: "De wijzigingen van de regio passen zonder botsing in uw tekst.",
    merge_cards_hint: "Op deze plaatsen hebben de regio en uw hospice hetzelfde stuk tekst gewijzigd. Kies per kaart welke tekst blijft.",
    card_heading: "Kaart",
    card_region_changes: "Wat de regio veranderde",
    card_our_changes: "Wat uw hospice veranderde",
    card_region: "Tekst van de regio",
    card_ours: "Onze tekst",
    card_both: "Beide behouden",
    card_own: "Zelf aanpassen",
    use_merged: "Samengevoegde tekst gebruiken",
    merged: "De samengevoegde tekst staat nu bij \"Uw tekst\". Kijk hoe een vrijwilliger het ziet en publiceer.",
    merge_undecided: "Kies eerst voor elke kaart welke tekst blijft.",
    history_link: "Geschiedenis",
    history_heading: "Geschiedenis van dit onderdeel",
    history_needs_network: "De geschiedenis staat op de server. Maak verbinding met internet en probeer het opnieuw.",
    history_empty: "Dit onderdeel heeft nog geen geschiedenis.",
    compare_from: "Vergelijk de versie",
    compare_to: "met de versie",
    side_by_side: "Naast elkaar",
    diff_legend: "Groen is toegevoegd, doorgestreept is weggehaald.",
    revisions_heading: "Alle versies",
    own_heading: "Eigen onderdeel toevoegen",
    own_hint: "Een onderdeel dat alleen uw hospice heeft, bijvoorbeeld een eigen ritueel. Het staat in het handboek na het onderdeel dat u kiest.",
    own_title: "Titel",
    own_after: "Plaats in het handboek: na",
    own_text: "Tekst",
    own_publish: "Eigen onderdeel publiceren",
    own_published: "Gepubliceerd. Het eigen onderdeel staat hieronder bij de aangepaste onderdelen.",
    own_missing: "Geef het onderdeel een titel en een tekst.",
    own_remove: "Verwijderen uit ons handboek",
    published_meanwhile: "Intussen gepubliceerd door een andere leidinggevende (uw tekst staat hieronder)",
};

pub const EN: TailoringTexts = TailoringTexts {
    region_note_label: "The region's note:",
    removed_choice: "Keep your text as your hospice's own section, in the same place? Or let the section go, as the region did?",
    keep_as_own: "Keep as own section",
    let_go: "Let it go",
    heading: "Our handbook",
    intro: "Make the region's handbook your hospice's own: fill in your details once, and add to sections, replace or hide them. The region's improvements keep coming in.",
    manager_link: "Tailor our handbook",
    facts_heading: "Details of the hospice",
    facts_hint: "These details appear wherever the region's text refers to them. A volunteer sees an empty field as \"not filled in yet\".",
    facts_publish: "Publish details",
    example_prefix: "For example:",
    facts_published: "Details published. Every device of the hospice gets them at the next sync.",
    inbox_heading: "Changes by the region",
    inbox_empty: "The region has changed nothing in the sections you tailored.",
    tailored_heading: "Tailored sections",
    tailored_empty: "You have not tailored anything yet. Open a section in the handbook and choose \"Tailor for our hospice\".",
    tailor_button: "Tailor for our hospice",
    how_label: "How do you tailor this section?",
    mode_supplement: "Add to it: the region's text stays, with your text before or after it",
    mode_replace: "Replace it with your own text",
    mode_hide: "Hide it in our hospice",
    before_label: "Your text before the region's",
    after_label: "Your text after the region's",
    replace_label: "Your text",
    placeholder_hint: "Put the hospice's details in with, for example, {{hospice.telefoon_verpleegkundige}}.",
    note_label: "What changed?",
    note_placeholder: "For example: where our fall mat is",
    preview_heading: "What a volunteer sees",
    preview_hidden: "This section is hidden: volunteers of your hospice do not see it.",
    region_text_heading: "The region's text",
    save_draft: "Keep as draft",
    publish: "Publish for our hospice",
    discard: "Throw the draft away",
    locked: "The region allows no changes to this section.",
    append_only: "The region only allows adding to this section.",
    saved: "Draft kept on this device.",
    published: "Published. Every device of the hospice gets it at the next sync.",
    failed: "Saving did not work. Your text is still here; try again.",
    use_region_text: "Use the region's text",
    region_changed_hint: "The region changed its text since you tailored it. Volunteers see your text until you decide. Compare below and publish your text again, or use the region's text.",
    removed_hint: "The region removed this section. Volunteers no longer see your change.",
    merge_heading: "Merge with the region's new text",
    merge_clean: "The region's changes fit into your text without a clash.",
    merge_cards_hint: "In these places the region and your hospice changed the same passage. Choose per card which text stays.",
    card_heading: "Card",
    card_region_changes: "What the region changed",
    card_our_changes: "What your hospice changed",
    card_region: "The region's text",
    card_ours: "Our text",
    card_both: "Keep both",
    card_own: "Edit it myself",
    use_merged: "Use the merged text",
    merged: "The merged text is now under \"Your text\". See what a volunteer sees and publish.",
    merge_undecided: "First choose for each card which text stays.",
    history_link: "History",
    history_heading: "History of this section",
    history_needs_network: "The history is on the server. Connect to the internet and try again.",
    history_empty: "This section has no history yet.",
    compare_from: "Compare the version",
    compare_to: "with the version",
    side_by_side: "Side by side",
    diff_legend: "Green is added, struck through is removed.",
    revisions_heading: "All versions",
    own_heading: "Add a section of your own",
    own_hint: "A section only your hospice has, for example its own ritual. It stands in the handbook after the section you choose.",
    own_title: "Title",
    own_after: "Place in the handbook: after",
    own_text: "Text",
    own_publish: "Publish your own section",
    own_published: "Published. Your own section is listed below with the tailored sections.",
    own_missing: "Give the section a title and a text.",
    own_remove: "Remove from our handbook",
    published_meanwhile: "Published meanwhile by another manager (your text is below)",
};

impl Texts {
    pub fn tailor_kind(&self, kind: TailorKind) -> &'static str {
        self.pick(match kind {
            TailorKind::Supplement => Translated {
                nl: "Aangevuld",
                en: "Added to",
            },
            TailorKind::Replaced => Translated {
                nl: "Eigen tekst",
                en: "Own text",
            },
            TailorKind::Hidden => Translated {
                nl: "Verborgen",
                en: "Hidden",
            },
            TailorKind::Own => Translated {
                nl: "Eigen onderdeel",
                en: "Own section",
            },
        })
    }

    pub fn tailor_state(&self, state: TailorState) -> &'static str {
        self.pick(match state {
            TailorState::Current => Translated {
                nl: "Actueel",
                en: "Up to date",
            },
            TailorState::RegionChanged { .. } => Translated {
                nl: "De regio heeft dit onderdeel gewijzigd sinds u het aanpaste",
                en: "The region changed this section since you tailored it",
            },
            TailorState::RemovedByRegion => Translated {
                nl: "De regio heeft dit onderdeel verwijderd",
                en: "The region removed this section",
            },
            TailorState::Locked { .. } => Translated {
                nl: "De regio staat hier geen aanpassing meer toe; vrijwilligers zien de tekst van de regio",
                en: "The region no longer allows a change here; volunteers see the region's text",
            },
        })
    }

    pub fn draft_state(&self, state: &DraftState) -> String {
        match (self.language, state) {
            (Language::Nl, DraftState::Editing) => "Concept, nog niet gepubliceerd".to_owned(),
            (Language::En, DraftState::Editing) => "Draft, not published yet".to_owned(),
            (Language::Nl, DraftState::Waiting) => {
                "Wacht op een verbinding om te publiceren".to_owned()
            }
            (Language::En, DraftState::Waiting) => "Waiting for a connection to publish".to_owned(),
            (Language::Nl, DraftState::Stale { .. }) => "Een andere leidinggevende heeft dit intussen gewijzigd. Uw tekst is bewaard: bekijk beide en publiceer opnieuw.".to_owned(),
            (Language::En, DraftState::Stale { .. }) => "Another manager changed this meanwhile. Your text is kept: look at both and publish again.".to_owned(),
            (Language::Nl, DraftState::Refused { detail }) => {
                format!("De server heeft dit niet opgeslagen: {detail}")
            }
            (Language::En, DraftState::Refused { detail }) => {
                format!("The server did not store this: {detail}")
            }
        }
    }

    /// One revision in the history's lists.
    pub fn revision_label(
        &self,
        change: RevisionChange,
        number: i64,
        date: &str,
        by: &str,
    ) -> String {
        let what = self.pick(match change {
            RevisionChange::Region => Translated {
                nl: "Regio",
                en: "Region",
            },
            RevisionChange::RegionRemoved => Translated {
                nl: "Regio: verwijderd",
                en: "Region: removed",
            },
            RevisionChange::Supplement => Translated {
                nl: "Hospice: aanvulling",
                en: "Hospice: addition",
            },
            RevisionChange::Replaced => Translated {
                nl: "Hospice: eigen tekst",
                en: "Hospice: own text",
            },
            RevisionChange::Hidden => Translated {
                nl: "Hospice: verborgen",
                en: "Hospice: hidden",
            },
            RevisionChange::Own => Translated {
                nl: "Hospice: eigen onderdeel",
                en: "Hospice: own section",
            },
            RevisionChange::TakenBack => Translated {
                nl: "Hospice: teruggedraaid",
                en: "Hospice: taken back",
            },
        });
        match (self.language, by.is_empty()) {
            (Language::Nl, true) => format!("{what} · versie {number} · {date}"),
            (Language::En, true) => format!("{what} · version {number} · {date}"),
            (Language::Nl, false) => format!("{what} · versie {number} · {date} · {by}"),
            (Language::En, false) => format!("{what} · version {number} · {date} · {by}"),
        }
    }

    /// The mark volunteers see on a section the hospice changed; `None` for the region's.
    pub fn source_mark(&self, source: SectionSource) -> Option<&'static str> {
        Some(self.pick(match source {
            SectionSource::Region => return None,
            SectionSource::Supplemented => Translated {
                nl: "Aangevuld door ons hospice",
                en: "Added to by our hospice",
            },
            SectionSource::Replaced => Translated {
                nl: "Eigen tekst van ons hospice",
                en: "Our hospice's own text",
            },
            SectionSource::ReplacedRegionChanged => Translated {
                nl: "Eigen tekst van ons hospice · de regio heeft dit onderdeel inmiddels gewijzigd",
                en: "Our hospice's own text · the region has changed this section since",
            },
            SectionSource::Own => Translated {
                nl: "Eigen onderdeel van ons hospice",
                en: "Our hospice's own section",
            },
        }))
    }
}
