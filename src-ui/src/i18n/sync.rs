//! The words of sync: the "Handboek bijwerken" block of the settings, the status line and
//! the moments it names.

use kompas_proto::sync::Role;
use kompas_proto::{Language, SyncActivity};

use super::{Texts, Translated};

words! {
    pub struct SyncTexts {
        heading,
        intro,
        unlinked,
        server_label,
        server_placeholder,
        username_label,
        password_label,
        login_button,
        login_busy,
        logout_button,
        logout_hint,
        sync_now_button,
        hospice_label,
        choose_hospice,
        to_settings,
        login_again_title,
        login_again_body,
    }
}

impl Texts {
    pub fn signed_in_as(&self, username: &str, server: &str) -> String {
        match self.language {
            Language::Nl => format!("Ingelogd als {username} op {server}"),
            Language::En => format!("Logged in as {username} at {server}"),
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        self.pick(match role {
            Role::Volunteer => Translated {
                nl: "vrijwilliger",
                en: "volunteer",
            },
            Role::Manager => Translated {
                nl: "manager",
                en: "manager",
            },
        })
    }

    /// The state of sync in one line. `last` and `next` are already formatted moments.
    /// The English detail of an activity is for support and never part of the line.
    pub fn sync_line(
        &self,
        activity: &SyncActivity,
        last: Option<&str>,
        next: Option<&str>,
    ) -> String {
        let language = self.language;
        let last_line = match (language, last) {
            (Language::Nl, Some(when)) => format!("Laatst bijgewerkt: {when}."),
            (Language::En, Some(when)) => format!("Last updated: {when}."),
            (Language::Nl, None) => "Nog niet bijgewerkt.".to_owned(),
            (Language::En, None) => "Not updated yet.".to_owned(),
        };
        let retry = match (language, next) {
            (Language::Nl, Some(when)) => format!(" Volgende poging: {when}."),
            (Language::En, Some(when)) => format!(" Next try: {when}."),
            (Language::Nl | Language::En, None) => String::new(),
        };
        match activity {
            SyncActivity::NotConnected => self.sync.unlinked.to_owned(),
            SyncActivity::ChooseOrganization => self.sync.choose_hospice.to_owned(),
            SyncActivity::Idle => match (language, last) {
                (Language::Nl, Some(when)) => format!("Het handboek is bijgewerkt: {when}."),
                (Language::En, Some(when)) => format!("The handbook was updated: {when}."),
                (Language::Nl | Language::En, None) => last_line,
            },
            SyncActivity::Syncing { changes, .. } => match (language, changes) {
                (Language::Nl, 0) => "Bezig met bijwerken…".to_owned(),
                (Language::Nl, 1) => "Bezig met bijwerken… 1 onderdeel binnen.".to_owned(),
                (Language::Nl, changes) => {
                    format!("Bezig met bijwerken… {changes} onderdelen binnen.")
                }
                (Language::En, 0) => "Updating…".to_owned(),
                (Language::En, 1) => "Updating… 1 section received.".to_owned(),
                (Language::En, changes) => format!("Updating… {changes} sections received."),
            },
            SyncActivity::Offline { .. } => match language {
                Language::Nl => format!(
                    "Geen verbinding met de server. Het handboek op dit apparaat werkt gewoon. {last_line}{retry}"
                ),
                Language::En => format!(
                    "No connection to the server. The handbook on this device works as usual. {last_line}{retry}"
                ),
            },
            SyncActivity::LoginNeeded => self.sync.login_again_body.to_owned(),
            SyncActivity::Failed { code, .. } => {
                format!("{} {last_line}{retry}", self.sync_failure(*code))
            }
        }
    }

    /// A moment relative to today: "vandaag 14:32", "gisteren 09:10", "3 nov 14:32".
    /// `month` counts from 0, as JavaScript's `Date` does.
    pub fn moment(&self, days_ago: i64, day: u32, month: u32, time: &str) -> String {
        const NL_MONTHS: [&str; 12] = [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        const EN_MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = (month as usize).min(11);
        match (self.language, days_ago) {
            (Language::Nl, 0) => format!("vandaag {time}"),
            (Language::Nl, 1) => format!("gisteren {time}"),
            (Language::Nl, -1) => format!("morgen {time}"),
            (Language::Nl, _) => format!("{day} {} {time}", NL_MONTHS[month]),
            (Language::En, 0) => format!("today {time}"),
            (Language::En, 1) => format!("yesterday {time}"),
            (Language::En, -1) => format!("tomorrow {time}"),
            (Language::En, _) => format!("{day} {} {time}", EN_MONTHS[month]),
        }
    }
}

pub const NL: SyncTexts = SyncTexts {
    heading: "Handboek bijwerken",
    intro: "Met een account van je regio komen nieuwe en gewijzigde protocollen vanzelf op dit apparaat, zodra er internet is. Het adres van de server en je inloggegevens krijg je van je coördinator.",
    unlinked: "Dit apparaat is nog niet gekoppeld: je gebruikt het handboek dat met de app is meegekomen.",
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
    to_settings: "Naar instellingen",
    login_again_title: "Log opnieuw in",
    login_again_body: "Je bent uitgelogd, bijvoorbeeld omdat je inlog verlopen is. Alles op dit apparaat blijft werken; log opnieuw in om het handboek bij te werken.",
};

pub const EN: SyncTexts = SyncTexts {
    heading: "Updating the handbook",
    intro: "With an account from your region, new and changed protocols reach this device by themselves whenever there is internet. Your coordinator gives you the server address and your login.",
    unlinked: "This device is not linked yet: you use the handbook that came with the app.",
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
    to_settings: "Go to settings",
    login_again_title: "Log in again",
    login_again_body: "You were logged out, for example because your login expired. Everything on this device keeps working; log in again to update the handbook.",
};
