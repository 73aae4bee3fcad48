//! The words of the frame (top bar, search box, tabs) and of the screens: home, handbook,
//! section, search results and settings.

use kompas_proto::Language;

use super::Texts;

words! {
    pub struct ScreenTexts {
        app_name,
        skip_to_content,
        search_label,
        search_placeholder,
        clear_search,
        nav_label,
        nav_home,
        nav_handbook,
        nav_settings,
        night_on,
        night_off,
        external_link,
        close,
        details,
        critical_heading,
        critical_hint,
        recent_heading,
        recent_empty,
        shortcut_hint,
        updated_mark,
        handbook_heading,
        back,
        on_this_page,
        protocol_badge,
        updated_banner,
        no_results_tip,
        some_words_line,
        partial_hit_mark,
        no_match_categories_heading,
        settings_heading,
        language_label,
        night_mode,
        night_mode_hint,
        large_text,
        large_text_hint,
        about_heading,
        version,
    }
}

impl Texts {
    pub fn whole_handbook(&self, sections: u32) -> String {
        match (self.language, sections) {
            (Language::Nl, 1) => "Het hele handboek (1 onderdeel)".to_owned(),
            (Language::Nl, n) => format!("Het hele handboek ({n} onderdelen)"),
            (Language::En, 1) => "The whole handbook (1 section)".to_owned(),
            (Language::En, n) => format!("The whole handbook ({n} sections)"),
        }
    }

    pub fn offline_count(&self, sections: u32) -> String {
        match (self.language, sections) {
            (Language::Nl, 1) => {
                "1 onderdeel staat op dit apparaat en werkt zonder internet.".to_owned()
            }
            (Language::Nl, n) => {
                format!("{n} onderdelen staan op dit apparaat en werken zonder internet.")
            }
            (Language::En, 1) => {
                "1 section is on this device and works without internet.".to_owned()
            }
            (Language::En, n) => {
                format!("{n} sections are on this device and work without internet.")
            }
        }
    }

    pub fn results(&self, count: usize, query: &str) -> String {
        match (self.language, count) {
            (Language::Nl, 0) => format!("Niets gevonden voor “{query}”."),
            (Language::Nl, 1) => format!("1 onderdeel gevonden voor “{query}”."),
            (Language::Nl, n) => format!("{n} onderdelen gevonden voor “{query}”."),
            (Language::En, 0) => format!("Nothing found for “{query}”."),
            (Language::En, 1) => format!("1 section found for “{query}”."),
            (Language::En, n) => format!("{n} sections found for “{query}”."),
        }
    }

    /// The words around a corrected query, which the screen shows emphasised in between:
    /// "Bedoelde je *verpleegkundige*?".
    pub fn did_you_mean(&self) -> (&'static str, &'static str) {
        match self.language {
            Language::Nl => ("Bedoelde je ", "?"),
            Language::En => ("Did you mean ", "?"),
        }
    }

    pub fn review_by(&self, date: &str) -> String {
        match self.language {
            Language::Nl => format!("Wordt herzien vóór {date}."),
            Language::En => format!("To be reviewed by {date}."),
        }
    }
}

pub const NL: ScreenTexts = ScreenTexts {
    app_name: "Kwaliteitskompas",
    skip_to_content: "Naar de inhoud",
    search_label: "Zoeken in het handboek",
    search_placeholder: "Zoek: overlijden, val…",
    clear_search: "Zoekopdracht wissen",
    nav_label: "Hoofdmenu",
    nav_home: "Start",
    nav_handbook: "Handboek",
    nav_settings: "Instellingen",
    night_on: "Nachtmodus aanzetten",
    night_off: "Nachtmodus uitzetten",
    external_link: "Deze link gaat naar internet en opent niet in de app. Adres:",
    close: "Sluiten",
    details: "Details",
    critical_heading: "Direct nodig",
    critical_hint: "De protocollen voor noodsituaties, één tik weg.",
    recent_heading: "Onlangs gelezen",
    recent_empty: "Wat je leest, komt hier te staan, zodat je het snel terugvindt.",
    shortcut_hint: "Tip: druk op / om te zoeken.",
    updated_mark: "Bijgewerkt",
    handbook_heading: "Handboek",
    back: "Terug",
    on_this_page: "Op deze pagina",
    protocol_badge: "Protocol",
    updated_banner: "Deze tekst is veranderd sinds je hem de vorige keer las.",
    no_results_tip: "Probeer een ander woord of minder woorden, of kijk in het handboek.",
    some_words_line: "Geen onderdeel bevat alle woorden; dit komt het dichtst in de buurt.",
    partial_hit_mark: "Niet alle woorden",
    no_match_categories_heading: "Kijk per onderwerp",
    settings_heading: "Instellingen",
    language_label: "Taal",
    night_mode: "Nachtmodus",
    night_mode_hint: "Donkere kleuren die minder verblinden tijdens de nachtdienst.",
    large_text: "Grotere tekst",
    large_text_hint: "Makkelijker lezen, ook zonder bril.",
    about_heading: "Over deze app",
    version: "Versie",
};

pub const EN: ScreenTexts = ScreenTexts {
    app_name: "Kwaliteitskompas",
    skip_to_content: "Skip to content",
    search_label: "Search the handbook",
    search_placeholder: "Search: death, fall…",
    clear_search: "Clear search",
    nav_label: "Main menu",
    nav_home: "Home",
    nav_handbook: "Handbook",
    nav_settings: "Settings",
    night_on: "Turn night mode on",
    night_off: "Turn night mode off",
    external_link: "This link goes to the internet and does not open in the app. Address:",
    close: "Close",
    details: "Details",
    critical_heading: "Needed right now",
    critical_hint: "The protocols for emergencies, one tap away.",
    recent_heading: "Recently read",
    recent_empty: "What you read appears here, so you can find it again quickly.",
    shortcut_hint: "Tip: press / to search.",
    updated_mark: "Updated",
    handbook_heading: "Handbook",
    back: "Back",
    on_this_page: "On this page",
    protocol_badge: "Protocol",
    updated_banner: "This text has changed since you last read it.",
    no_results_tip: "Try another word or fewer words, or look in the handbook.",
    some_words_line: "No section contains all the words; these come closest.",
    partial_hit_mark: "Not all words",
    no_match_categories_heading: "Browse by topic",
    settings_heading: "Settings",
    language_label: "Language",
    night_mode: "Night mode",
    night_mode_hint: "Dark colours that dazzle less during the night shift.",
    large_text: "Larger text",
    large_text_hint: "Easier to read, even without glasses.",
    about_heading: "About this app",
    version: "Version",
};
