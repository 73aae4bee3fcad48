//! Every string the user sees, in Dutch (first) and English. Screens never hold literal text.

use kompas_proto::Language;

pub struct Texts {
    pub lang_code: &'static str,
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub clear_search: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_handbook: &'static str,
    pub nav_settings: &'static str,
    pub night_on: &'static str,
    pub night_off: &'static str,
    pub critical_heading: &'static str,
    pub critical_hint: &'static str,
    pub recent_heading: &'static str,
    pub recent_empty: &'static str,
    pub handbook_heading: &'static str,
    pub back: &'static str,
    pub on_this_page: &'static str,
    pub protocol_badge: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub no_results_tip: &'static str,
    pub settings_heading: &'static str,
    pub language_label: &'static str,
    pub night_mode: &'static str,
    pub night_mode_hint: &'static str,
    pub large_text: &'static str,
    pub large_text_hint: &'static str,
    pub about_heading: &'static str,
    pub version: &'static str,
    pub damaged_title: &'static str,
    pub damaged_body: &'static str,
    pub damaged_button: &'static str,
    pub damaged_file: &'static str,
    pub error_title: &'static str,
    pub error_retry: &'static str,
    pub external_link: &'static str,
    pub close: &'static str,
    pub shortcut_hint: &'static str,
}

pub fn texts(language: Language) -> &'static Texts {
    match language {
        Language::Nl => &NL,
        Language::En => &EN,
    }
}

impl Texts {
    pub fn whole_handbook(&self, sections: u32) -> String {
        match self.lang_code {
            "nl" => format!("Het hele handboek ({sections} onderdelen)"),
            _ => format!("The whole handbook ({sections} sections)"),
        }
    }

    pub fn offline_count(&self, sections: u32) -> String {
        match self.lang_code {
            "nl" => {
                format!("{sections} onderdelen staan op dit apparaat en werken zonder internet.")
            }
            _ => format!("{sections} sections are on this device and work without internet."),
        }
    }

    pub fn results(&self, count: usize, query: &str) -> String {
        match (self.lang_code, count) {
            ("nl", 0) => format!("Niets gevonden voor “{query}”."),
            ("nl", 1) => format!("1 onderdeel gevonden voor “{query}”."),
            ("nl", n) => format!("{n} onderdelen gevonden voor “{query}”."),
            (_, 0) => format!("Nothing found for “{query}”."),
            (_, 1) => format!("1 section found for “{query}”."),
            (_, n) => format!("{n} sections found for “{query}”."),
        }
    }

    pub fn review_by(&self, date: &str) -> String {
        match self.lang_code {
            "nl" => format!("Wordt herzien vóór {date}."),
            _ => format!("To be reviewed by {date}."),
        }
    }

    pub fn error_detail(&self, code: &str) -> &'static str {
        match (self.lang_code, code) {
            ("nl", "store_damaged") => "Het handboek op dit apparaat kan niet worden gelezen.",
            ("nl", _) => "Er ging iets mis in de app. Probeer het nog eens; helpt dat niet, start de app dan opnieuw.",
            (_, "store_damaged") => "The handbook on this device cannot be read.",
            (_, _) => "Something went wrong in the app. Try again; if that does not help, restart the app.",
        }
    }
}

static NL: Texts = Texts {
    lang_code: "nl",
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
    critical_heading: "Direct nodig",
    critical_hint: "De protocollen voor noodsituaties, één tik weg.",
    recent_heading: "Onlangs gelezen",
    recent_empty: "Wat je leest, komt hier te staan, zodat je het snel terugvindt.",
    handbook_heading: "Handboek",
    back: "Terug",
    on_this_page: "Op deze pagina",
    protocol_badge: "Protocol",
    not_found_title: "Dit onderdeel is er niet",
    not_found_body: "Het is misschien verplaatst of verwijderd. Zoek het op, of kijk in het handboek.",
    no_results_tip: "Probeer een ander woord of minder woorden, of kijk in het handboek.",
    settings_heading: "Instellingen",
    language_label: "Taal",
    night_mode: "Nachtmodus",
    night_mode_hint: "Donkere kleuren die minder verblinden tijdens de nachtdienst.",
    large_text: "Grotere tekst",
    large_text_hint: "Makkelijker lezen, ook zonder bril.",
    about_heading: "Over deze app",
    version: "Versie",
    damaged_title: "Het handboek op dit apparaat is beschadigd",
    damaged_body: "De app kan het opgeslagen handboek niet openen. Begin opnieuw met het standaardhandboek dat in de app zit. Het beschadigde bestand wordt bewaard voor de helpdesk; alleen je leesgeschiedenis en instellingen gaan verloren.",
    damaged_button: "Opnieuw beginnen met het standaardhandboek",
    damaged_file: "Bestand",
    error_title: "Dat lukte niet",
    error_retry: "Opnieuw proberen",
    external_link: "Deze link gaat naar internet en opent niet in de app. Adres:",
    close: "Sluiten",
    shortcut_hint: "Tip: druk op / om te zoeken.",
};

static EN: Texts = Texts {
    lang_code: "en",
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
    critical_heading: "Needed right now",
    critical_hint: "The protocols for emergencies, one tap away.",
    recent_heading: "Recently read",
    recent_empty: "What you read appears here, so you can find it again quickly.",
    handbook_heading: "Handbook",
    back: "Back",
    on_this_page: "On this page",
    protocol_badge: "Protocol",
    not_found_title: "This section does not exist",
    not_found_body: "It may have been moved or removed. Search for it, or look in the handbook.",
    no_results_tip: "Try another word or fewer words, or look in the handbook.",
    settings_heading: "Settings",
    language_label: "Language",
    night_mode: "Night mode",
    night_mode_hint: "Dark colours that dazzle less during the night shift.",
    large_text: "Larger text",
    large_text_hint: "Easier to read, even without glasses.",
    about_heading: "About this app",
    version: "Version",
    damaged_title: "The handbook on this device is damaged",
    damaged_body: "The app cannot open the stored handbook. Start again with the default handbook that comes with the app. The damaged file is kept for the help desk; only your reading history and settings are lost.",
    damaged_button: "Start again with the default handbook",
    damaged_file: "File",
    error_title: "That did not work",
    error_retry: "Try again",
    external_link: "This link goes to the internet and does not open in the app. Address:",
    close: "Close",
    shortcut_hint: "Tip: press / to search.",
};
