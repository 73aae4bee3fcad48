//! The words of "Gelezen en begrepen": the must-read changes on home and on a section,
//! the name a volunteer chooses from the hospice's list, and the manager's overview.

use kompas_proto::reading::MustReadFrom;
use kompas_proto::Language;

use super::{Texts, Translated};

words! {
    pub struct ReadingTexts {
        heading,
        home_hint,
        home_none_chosen,
        switch_person,
        box_heading,
        what_changed,
        no_difference,
        choose_label,
        choose_placeholder,
        no_names,
        acknowledge,
        acknowledging,
        failed,
        record_not_proof,
        manager_link,
        manager_intro,
        per_change,
        per_person,
        nobody_yet,
        not_yet,
        read_by,
        all_read,
        no_changes,
        list_hint,
        add_label,
        add_button,
        take_off,
        put_back,
        taken_off_heading,
        must_read_label,
        must_read_hint,
    }
}

pub const NL: ReadingTexts = ReadingTexts {
    heading: "Gelezen en begrepen",
    home_hint: "Iedereen moet deze wijzigingen lezen. Open ze en tik onderaan op ‘Gelezen en begrepen’.",
    home_none_chosen: "Daar kies je ook je naam uit de lijst van het hospice.",
    switch_person: "Iemand anders leest",
    box_heading: "Gewijzigd: lezen en bevestigen",
    what_changed: "Wat is er veranderd",
    no_difference: "Lees het hele onderdeel hieronder.",
    choose_label: "Je naam",
    choose_placeholder: "Kies je naam",
    no_names: "Er staan nog geen namen op de lijst van je hospice. Vraag de coördinator om je naam toe te voegen.",
    acknowledge: "Gelezen en begrepen",
    acknowledging: "Bezig met vastleggen…",
    failed: "Dat lukte niet. Probeer het nog eens.",
    record_not_proof: "Je kiest je naam zonder wachtwoord: dit is een aantekening dat je het gelezen hebt, geen handtekening.",
    manager_link: "Gelezen en begrepen: wie las wat",
    manager_intro: "Wie de gewijzigde afspraken heeft gelezen die iedereen moet lezen. Vrijwilligers kiezen hun naam uit de lijst hieronder, zonder wachtwoord: dit is een aantekening, geen bewijs. Bijgewerkt bij elke synchronisatie.",
    per_change: "Per wijziging",
    per_person: "Per vrijwilliger",
    nobody_yet: "Nog niemand",
    not_yet: "Nog niet gelezen",
    read_by: "Gelezen",
    all_read: "Alles gelezen",
    no_changes: "Er is nog geen wijziging die iedereen moet lezen. Vink bij het publiceren in Ons handboek ‘Iedereen moet dit lezen’ aan; de regio markeert haar wijzigingen zelf.",
    list_hint: "Uit deze lijst kiezen vrijwilligers hun naam als ze iets bevestigen. Een naam van de lijst halen bewaart wat die persoon bevestigde.",
    add_label: "Naam toevoegen",
    add_button: "Toevoegen",
    take_off: "Van de lijst halen",
    put_back: "Terugzetten",
    taken_off_heading: "Van de lijst gehaald",
    must_read_label: "Iedereen moet dit lezen (Gelezen en begrepen)",
    must_read_hint: "Vrijwilligers zien het op het startscherm tot ze ‘Gelezen en begrepen’ tikken; u ziet wie het las.",
};

pub const EN: ReadingTexts = ReadingTexts {
    heading: "Read and understood",
    home_hint: "Everyone must read these changes. Open them and tap ‘Read and understood’ at the bottom.",
    home_none_chosen: "There you also choose your name from the hospice's list.",
    switch_person: "Someone else is reading",
    box_heading: "Changed: read and confirm",
    what_changed: "What changed",
    no_difference: "Read the whole section below.",
    choose_label: "Your name",
    choose_placeholder: "Choose your name",
    no_names: "Your hospice's list has no names yet. Ask the coordinator to add yours.",
    acknowledge: "Read and understood",
    acknowledging: "Recording…",
    failed: "That did not work. Please try again.",
    record_not_proof: "You choose your name without a password: this is a note that you read it, not a signature.",
    manager_link: "Read and understood: who read what",
    manager_intro: "Who read the changed agreements everyone must read. Volunteers choose their name from the list below, without a password: this is a record, not a proof. Updated with every sync.",
    per_change: "Per change",
    per_person: "Per volunteer",
    nobody_yet: "Nobody yet",
    not_yet: "Not read yet",
    read_by: "Read",
    all_read: "All read",
    no_changes: "No change has to be read by everyone yet. Tick ‘Everyone must read this’ when you publish in Our handbook; the region marks its own changes.",
    list_hint: "Volunteers choose their name from this list when they confirm something. Taking a name off the list keeps what that person confirmed.",
    add_label: "Add a name",
    add_button: "Add",
    take_off: "Take off the list",
    put_back: "Put back",
    taken_off_heading: "Taken off the list",
    must_read_label: "Everyone must read this (Read and understood)",
    must_read_hint: "Volunteers see it on the home screen until they tap ‘Read and understood’; you see who read it.",
};

impl Texts {
    pub fn must_read_from(&self, from: MustReadFrom) -> &'static str {
        self.pick(match from {
            MustReadFrom::Region => Translated {
                nl: "Van de regio",
                en: "From the region",
            },
            MustReadFrom::Hospice => Translated {
                nl: "Van ons hospice",
                en: "From our hospice",
            },
        })
    }

    /// Home's heading line for the person reading on this device.
    pub fn open_for(&self, name: &str, count: usize) -> String {
        match (self.language, count) {
            (Language::Nl, 1) => format!("{name}, je hebt 1 wijziging om te lezen."),
            (Language::Nl, n) => format!("{name}, je hebt {n} wijzigingen om te lezen."),
            (Language::En, 1) => format!("{name}, you have 1 change to read."),
            (Language::En, n) => format!("{name}, you have {n} changes to read."),
        }
    }

    /// The line under a section the person acknowledged.
    pub fn acknowledged_by(&self, name: &str, at: &str) -> String {
        let day = self.day(at);
        match self.language {
            Language::Nl => format!("Gelezen en begrepen door {name} op {day}."),
            Language::En => format!("Read and understood by {name} on {day}."),
        }
    }

    /// The share of one change: `7 van 12 gelezen (58%)`.
    pub fn share(&self, done: usize, of: usize, percent: u8) -> String {
        match self.language {
            Language::Nl => format!("{done} van {of} gelezen ({percent}%)"),
            Language::En => format!("{done} of {of} read ({percent}%)"),
        }
    }

    pub fn still_open(&self, count: usize) -> String {
        match (self.language, count) {
            (Language::Nl, 1) => "1 nog te lezen".to_owned(),
            (Language::Nl, n) => format!("{n} nog te lezen"),
            (Language::En, 1) => "1 still to read".to_owned(),
            (Language::En, n) => format!("{n} still to read"),
        }
    }

    pub fn acknowledgements_waiting(&self, count: u32) -> String {
        match (self.language, count) {
            (Language::Nl, 1) => "1 bevestiging van dit apparaat wacht op verbinding.".to_owned(),
            (Language::Nl, n) => {
                format!("{n} bevestigingen van dit apparaat wachten op verbinding.")
            }
            (Language::En, 1) => {
                "1 confirmation made on this device waits for a connection.".to_owned()
            }
            (Language::En, n) => {
                format!("{n} confirmations made on this device wait for a connection.")
            }
        }
    }

    /// An RFC 3339 moment as the day it fell on: `5-12-2026` / `2026-12-05`.
    pub fn day(&self, at: &str) -> String {
        let date = at.get(..10).unwrap_or(at);
        let parts: Vec<&str> = date.split('-').collect();
        match (self.language, parts.as_slice()) {
            (Language::Nl, [year, month, day]) => format!(
                "{}-{}-{year}",
                day.trim_start_matches('0'),
                month.trim_start_matches('0')
            ),
            _ => date.to_owned(),
        }
    }
}
