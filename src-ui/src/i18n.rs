//! Every string the user sees, in Dutch (first) and English. Screens never hold literal text.

use kompas_proto::{Language, SyncActivity};

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
    pub sync_heading: &'static str,
    pub sync_intro: &'static str,
    pub sync_unlinked: &'static str,
    pub server_label: &'static str,
    pub server_placeholder: &'static str,
    pub username_label: &'static str,
    pub password_label: &'static str,
    pub login_button: &'static str,
    pub login_busy: &'static str,
    pub logout_button: &'static str,
    pub logout_hint: &'static str,
    pub sync_now_button: &'static str,
    pub hospice_label: &'static str,
    pub choose_hospice: &'static str,
    pub updated_mark: &'static str,
    pub updated_banner: &'static str,
    pub to_settings: &'static str,
    pub login_again_title: &'static str,
    pub login_again_body: &'static str,
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

    pub fn signed_in_as(&self, username: &str, server: &str) -> String {
        match self.lang_code {
            "nl" => format!("Ingelogd als {username} op {server}"),
            _ => format!("Logged in as {username} at {server}"),
        }
    }

    pub fn role(&self, role: &str) -> &'static str {
        match (self.lang_code, role) {
            ("nl", "manager") => "manager",
            ("nl", _) => "vrijwilliger",
            (_, "manager") => "manager",
            (_, _) => "volunteer",
        }
    }

    /// The state of sync in one line. `last` and `next` are already formatted times.
    pub fn sync_line(
        &self,
        activity: &SyncActivity,
        last: Option<&str>,
        next: Option<&str>,
    ) -> String {
        let nl = self.lang_code == "nl";
        let when = last;
        let last = match (last, nl) {
            (Some(when), true) => format!("Laatst bijgewerkt: {when}."),
            (Some(when), false) => format!("Last updated: {when}."),
            (None, true) => "Nog niet bijgewerkt.".to_owned(),
            (None, false) => "Not updated yet.".to_owned(),
        };
        let retry = match (next, nl) {
            (Some(when), true) => format!(" Volgende poging: {when}."),
            (Some(when), false) => format!(" Next try: {when}."),
            (None, _) => String::new(),
        };
        match (activity, nl) {
            (SyncActivity::NotConnected, _) => self.sync_unlinked.to_owned(),
            (SyncActivity::ChooseOrganization, _) => self.choose_hospice.to_owned(),
            (SyncActivity::Idle, _) => match (when, nl) {
                (Some(when), true) => format!("Het handboek is bijgewerkt: {when}."),
                (Some(when), false) => format!("The handbook was updated: {when}."),
                (None, _) => last,
            },
            (SyncActivity::Syncing { changes: 0, .. }, true) => "Bezig met bijwerken…".to_owned(),
            (SyncActivity::Syncing { changes, .. }, true) => {
                format!("Bezig met bijwerken… {changes} onderdelen binnen.")
            }
            (SyncActivity::Syncing { changes: 0, .. }, false) => "Updating…".to_owned(),
            (SyncActivity::Syncing { changes, .. }, false) => {
                format!("Updating… {changes} sections received.")
            }
            (SyncActivity::Offline { .. }, true) => format!(
                "Geen verbinding met de server. Het handboek op dit apparaat werkt gewoon. {last}{retry}"
            ),
            (SyncActivity::Offline { .. }, false) => format!(
                "No connection to the server. The handbook on this device works as usual. {last}{retry}"
            ),
            (SyncActivity::LoginNeeded, _) => self.login_again_body.to_owned(),
            (SyncActivity::Failed { code, .. }, _) => {
                format!("{} {last}{retry}", self.sync_failure(code))
            }
        }
    }

    /// Why a sync failed, and what to do.
    fn sync_failure(&self, code: &str) -> &'static str {
        match (self.lang_code, code) {
            ("nl", "forbidden") => "Je account hoort niet (meer) bij deze hospice. Vraag je coördinator om je toe te voegen, of kies een andere hospice.",
            ("nl", "server") => "De server heeft een probleem. De app probeert het vanzelf opnieuw.",
            ("nl", "protocol") => "De server gaf een antwoord dat deze app niet begrijpt. Werk de app bij; helpt dat niet, meld het dan aan je coördinator.",
            ("nl", "store") => "Het handboek op dit apparaat kon niet worden bijgewerkt. Het handboek dat er staat, blijft werken.",
            ("nl", _) => "Bijwerken lukte niet. De app probeert het vanzelf opnieuw.",
            (_, "forbidden") => "Your account does not (or no longer) belong to this hospice. Ask your coordinator to add you, or choose another hospice.",
            (_, "server") => "The server has a problem. The app will try again by itself.",
            (_, "protocol") => "The server gave an answer this app does not understand. Update the app; if that does not help, tell your coordinator.",
            (_, "store") => "The handbook on this device could not be updated. The handbook that is there keeps working.",
            (_, _) => "Updating did not work. The app will try again by itself.",
        }
    }

    /// Why logging in (or choosing a hospice) did not work, and what to do.
    pub fn login_problem(&self, code: &str) -> &'static str {
        match (self.lang_code, code) {
            ("nl", "bad-credentials") => "De gebruikersnaam of het wachtwoord klopt niet. Controleer ze allebei en probeer het opnieuw.",
            ("nl", "too-many-attempts") => "Te vaak een verkeerd wachtwoord. Wacht een paar minuten en probeer het dan opnieuw, of vraag je coördinator om een nieuw wachtwoord.",
            ("nl", "insecure-address") => "Dit adres is niet beveiligd. Gebruik het adres dat begint met https://.",
            ("nl", "bad-address") => "Dit is geen webadres. Het ziet eruit als https://kompas.jouwregio.nl.",
            ("nl", "missing-credentials") => "Vul je gebruikersnaam en je wachtwoord in.",
            ("nl", "no-organization") => "Dit account hoort bij geen enkele hospice. Vraag je coördinator om het toe te voegen.",
            ("nl", "offline") => "De server is niet bereikbaar. Controleer het adres en of je internet hebt.",
            ("nl", "server") => "De server heeft een probleem. Probeer het later opnieuw.",
            ("nl", _) => "Dat lukte niet. Probeer het opnieuw; helpt dat niet, vraag dan je coördinator.",
            (_, "bad-credentials") => "The user name or password is wrong. Check both and try again.",
            (_, "too-many-attempts") => "Too many wrong passwords. Wait a few minutes and try again, or ask your coordinator for a new password.",
            (_, "insecure-address") => "This address is not secure. Use the address that starts with https://.",
            (_, "bad-address") => "This is not a web address. It looks like https://kompas.yourregion.nl.",
            (_, "missing-credentials") => "Fill in your user name and your password.",
            (_, "no-organization") => "This account does not belong to any hospice. Ask your coordinator to add it.",
            (_, "offline") => "The server cannot be reached. Check the address and your internet connection.",
            (_, "server") => "The server has a problem. Try again later.",
            (_, _) => "That did not work. Try again; if it keeps failing, ask your coordinator.",
        }
    }

    /// A moment relative to today: "vandaag 14:32", "gisteren 09:10", "3 nov 14:32".
    pub fn moment(&self, days_ago: i64, day: u32, month: u32, time: &str) -> String {
        const NL_MONTHS: [&str; 12] = [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        const EN_MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = (month as usize).min(11);
        match (self.lang_code, days_ago) {
            ("nl", 0) => format!("vandaag {time}"),
            ("nl", 1) => format!("gisteren {time}"),
            ("nl", -1) => format!("morgen {time}"),
            ("nl", _) => format!("{day} {} {time}", NL_MONTHS[month]),
            (_, 0) => format!("today {time}"),
            (_, 1) => format!("yesterday {time}"),
            (_, -1) => format!("tomorrow {time}"),
            (_, _) => format!("{day} {} {time}", EN_MONTHS[month]),
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
    sync_heading: "Handboek bijwerken",
    sync_intro: "Met een account van je regio komen nieuwe en gewijzigde protocollen vanzelf op dit apparaat, zodra er internet is. Het adres van de server en je inloggegevens krijg je van je coördinator.",
    sync_unlinked: "Dit apparaat is nog niet gekoppeld: je gebruikt het handboek dat met de app is meegekomen.",
    server_label: "Adres van de server",
    server_placeholder: "https://kompas.jouwregio.nl",
    username_label: "Gebruikersnaam",
    password_label: "Wachtwoord",
    login_button: "Inloggen",
    login_busy: "Bezig met inloggen…",
    logout_button: "Uitloggen",
    logout_hint: "Na het uitloggen blijft het handboek op dit apparaat staan en werkt het gewoon.",
    sync_now_button: "Nu bijwerken",
    hospice_label: "Hospice",
    choose_hospice: "Kies de hospice waarvan dit apparaat het handboek volgt.",
    updated_mark: "Bijgewerkt",
    updated_banner: "Deze tekst is veranderd sinds je hem de vorige keer las.",
    to_settings: "Naar instellingen",
    login_again_title: "Log opnieuw in",
    login_again_body: "Je bent uitgelogd, bijvoorbeeld omdat je inlog verlopen is. Alles op dit apparaat blijft werken; log opnieuw in om het handboek bij te werken.",
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
    sync_heading: "Updating the handbook",
    sync_intro: "With an account from your region, new and changed protocols reach this device by themselves whenever there is internet. Your coordinator gives you the server address and your login.",
    sync_unlinked: "This device is not linked yet: you use the handbook that came with the app.",
    server_label: "Server address",
    server_placeholder: "https://kompas.yourregion.nl",
    username_label: "User name",
    password_label: "Password",
    login_button: "Log in",
    login_busy: "Logging in…",
    logout_button: "Log out",
    logout_hint: "After logging out, the handbook stays on this device and keeps working.",
    sync_now_button: "Update now",
    hospice_label: "Hospice",
    choose_hospice: "Choose the hospice whose handbook this device follows.",
    updated_mark: "Updated",
    updated_banner: "This text has changed since you last read it.",
    to_settings: "Go to settings",
    login_again_title: "Log in again",
    login_again_body: "You were logged out, for example because your login expired. Everything on this device keeps working; log in again to update the handbook.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sync_state_has_words_that_say_what_to_do() {
        let states = [
            SyncActivity::NotConnected,
            SyncActivity::ChooseOrganization,
            SyncActivity::Idle,
            SyncActivity::Syncing {
                pages: 2,
                changes: 40,
            },
            SyncActivity::Offline {
                detail: "connection refused".into(),
            },
            SyncActivity::LoginNeeded,
            SyncActivity::Failed {
                code: "forbidden".into(),
                detail: "not a member".into(),
            },
        ];
        for language in [Language::Nl, Language::En] {
            let t = texts(language);
            for state in &states {
                let line = t.sync_line(state, Some("vandaag 14:32"), Some("vandaag 14:40"));
                assert!(line.len() > 10, "{state:?}: {line}");
                // English detail from the engine never reaches the user's line.
                assert!(!line.contains("connection refused"), "{line}");
            }
        }
        let t = texts(Language::Nl);
        assert_eq!(
            t.sync_line(&SyncActivity::Idle, Some("vandaag 14:32"), None),
            "Het handboek is bijgewerkt: vandaag 14:32."
        );
        let offline = t.sync_line(
            &SyncActivity::Offline {
                detail: String::new(),
            },
            Some("gisteren 09:10"),
            Some("vandaag 14:40"),
        );
        assert!(offline.contains("werkt gewoon"), "{offline}");
        assert!(offline.contains("gisteren 09:10"), "{offline}");
        assert!(
            offline.contains("Volgende poging: vandaag 14:40"),
            "{offline}"
        );
        assert!(t
            .sync_line(
                &SyncActivity::Syncing {
                    pages: 1,
                    changes: 12
                },
                None,
                None
            )
            .contains("12 onderdelen"));
    }

    #[test]
    fn login_problems_are_explained_in_both_languages() {
        for code in [
            "bad-credentials",
            "too-many-attempts",
            "insecure-address",
            "bad-address",
            "missing-credentials",
            "no-organization",
            "offline",
        ] {
            let nl = texts(Language::Nl).login_problem(code);
            let en = texts(Language::En).login_problem(code);
            assert_ne!(nl, texts(Language::Nl).login_problem("unknown"), "{code}");
            assert_ne!(en, texts(Language::En).login_problem("unknown"), "{code}");
        }
    }

    #[test]
    fn moments_are_relative_to_today() {
        let t = texts(Language::Nl);
        assert_eq!(t.moment(0, 23, 10, "14:32"), "vandaag 14:32");
        assert_eq!(t.moment(1, 22, 10, "09:10"), "gisteren 09:10");
        assert_eq!(t.moment(5, 18, 10, "09:10"), "18 nov 09:10");
        assert_eq!(
            texts(Language::En).moment(5, 18, 10, "09:10"),
            "18 Nov 09:10"
        );
    }
}
