//! What went wrong and what to do: the message screens (a missing section, a damaged
//! store, a failed command, a window that does not match the app), and the words for every
//! [`ErrorCode`] where one can appear: a screen that failed, a login, a sync.

use kompas_proto::sync::ProblemKind;
use kompas_proto::ErrorCode;

use super::{Texts, Translated};

words! {
    pub struct ErrorTexts {
        not_found_title,
        not_found_body,
        damaged_title,
        damaged_body,
        damaged_button,
        damaged_file,
        error_title,
        error_retry,
        mismatch_title,
        mismatch_body,
        mismatch_developer,
    }
}

const APP_FAILED: Translated = Translated {
    nl: "Er ging iets mis in de app. Probeer het nog eens; helpt dat niet, start de app dan opnieuw.",
    en: "Something went wrong in the app. Try again; if that does not help, restart the app.",
};

const LOGIN_FAILED: Translated = Translated {
    nl: "Dat lukte niet. Probeer het opnieuw; helpt dat niet, vraag dan je coördinator.",
    en: "That did not work. Try again; if it keeps failing, ask your coordinator.",
};

const SYNC_FAILED: Translated = Translated {
    nl: "Bijwerken lukte niet. De app probeert het vanzelf opnieuw.",
    en: "Updating did not work. The app will try again by itself.",
};

impl Texts {
    /// Why a screen could not be shown (under "Dat lukte niet").
    pub fn error_detail(&self, code: ErrorCode) -> &'static str {
        self.pick(match code {
            ErrorCode::StoreDamaged => Translated {
                nl: "Het handboek op dit apparaat kan niet worden gelezen.",
                en: "The handbook on this device cannot be read.",
            },
            ErrorCode::NotPossible => Translated {
                nl: "Dit kan nu niet. Een afgeronde of verzonden zelfevaluatie verander je via “Weer bewerken” of “Nieuwe versie maken”; alleen de leidinggevende van het hospice kan er een beginnen.",
                en: "This is not possible now. Change a finished or sent self-evaluation with “Edit again” or “Make a new version”; only the hospice's manager can start one.",
            },
            // A missing section and a damaged store have screens of their own; the rest
            // does not come from a screen's data, so the app itself went wrong.
            ErrorCode::NotFound
            | ErrorCode::Internal
            | ErrorCode::Offline
            | ErrorCode::LoginNeeded
            | ErrorCode::Refused(
                ProblemKind::BadRequest
                | ProblemKind::Unauthorized
                | ProblemKind::BadCredentials
                | ProblemKind::TooManyAttempts
                | ProblemKind::Forbidden
                | ProblemKind::NotFound
                | ProblemKind::CursorAhead
                | ProblemKind::MethodNotAllowed
                | ProblemKind::TooLarge
                | ProblemKind::UnsupportedMediaType
                | ProblemKind::Conflict
                | ProblemKind::Unprocessable
                | ProblemKind::Internal
                | ProblemKind::Unknown,
            )
            | ErrorCode::Server
            | ErrorCode::Protocol
            | ErrorCode::Store
            | ErrorCode::InsecureAddress
            | ErrorCode::BadAddress
            | ErrorCode::MissingCredentials
            | ErrorCode::NoOrganization
            | ErrorCode::UnknownOrganization => APP_FAILED,
        })
    }

    /// Why logging in, choosing a hospice or logging out did not work, and what to do.
    pub fn login_problem(&self, code: ErrorCode) -> &'static str {
        self.pick(match code {
            ErrorCode::Refused(ProblemKind::BadCredentials) => Translated {
                nl: "De gebruikersnaam of het wachtwoord klopt niet. Controleer ze allebei en probeer het opnieuw.",
                en: "The user name or password is wrong. Check both and try again.",
            },
            ErrorCode::Refused(ProblemKind::TooManyAttempts) => Translated {
                nl: "Te vaak een verkeerd wachtwoord. Wacht een paar minuten en probeer het dan opnieuw, of vraag je coördinator om een nieuw wachtwoord.",
                en: "Too many wrong passwords. Wait a few minutes and try again, or ask your coordinator for a new password.",
            },
            ErrorCode::Refused(ProblemKind::Forbidden) => Translated {
                nl: "Je account heeft hier geen toegang (meer). Vraag je coördinator om je toe te voegen.",
                en: "Your account has no access here (any more). Ask your coordinator to add you.",
            },
            ErrorCode::Refused(ProblemKind::Unknown) => Translated {
                nl: "De server weigerde om een reden die deze versie van de app niet kent. Werk de app bij; helpt dat niet, vraag dan je coördinator.",
                en: "The server refused for a reason this version of the app does not know. Update the app; if that does not help, ask your coordinator.",
            },
            ErrorCode::InsecureAddress => Translated {
                nl: "Dit adres is niet beveiligd. Gebruik het adres dat begint met https://.",
                en: "This address is not secure. Use the address that starts with https://.",
            },
            ErrorCode::BadAddress => Translated {
                nl: "Dit is geen webadres. Het ziet eruit als https://kompas.jouwregio.nl.",
                en: "This is not a web address. It looks like https://kompas.yourregion.nl.",
            },
            ErrorCode::MissingCredentials => Translated {
                nl: "Vul je gebruikersnaam en je wachtwoord in.",
                en: "Fill in your user name and your password.",
            },
            ErrorCode::NoOrganization => Translated {
                nl: "Dit account hoort bij geen enkele hospice. Vraag je coördinator om het toe te voegen.",
                en: "This account does not belong to any hospice. Ask your coordinator to add it.",
            },
            ErrorCode::UnknownOrganization => Translated {
                nl: "Deze hospice hoort niet bij je account. Log uit en log opnieuw in, dan zie je de hospices waar je bij hoort.",
                en: "This hospice is not one of your account's. Log out and log in again to see the hospices you belong to.",
            },
            ErrorCode::Offline => Translated {
                nl: "De server is niet bereikbaar. Controleer het adres en of je internet hebt.",
                en: "The server cannot be reached. Check the address and your internet connection.",
            },
            // What answers on this address is no sync server this app understands: most
            // often a mistyped address, sometimes an app older than its server.
            ErrorCode::Protocol => Translated {
                nl: "Op dit adres antwoordt geen server die deze app begrijpt. Controleer het adres; klopt het, werk dan de app bij.",
                en: "No server this app understands answers at this address. Check the address; if it is right, update the app.",
            },
            ErrorCode::Server | ErrorCode::Refused(ProblemKind::Internal) => Translated {
                nl: "De server heeft een probleem. Probeer het later opnieuw.",
                en: "The server has a problem. Try again later.",
            },
            ErrorCode::NotFound
            | ErrorCode::StoreDamaged
            | ErrorCode::Internal
            | ErrorCode::LoginNeeded
            | ErrorCode::Store
            | ErrorCode::NotPossible
            | ErrorCode::Refused(
                ProblemKind::BadRequest
                | ProblemKind::Unauthorized
                | ProblemKind::NotFound
                | ProblemKind::CursorAhead
                | ProblemKind::MethodNotAllowed
                | ProblemKind::TooLarge
                | ProblemKind::UnsupportedMediaType
                | ProblemKind::Conflict
                | ProblemKind::Unprocessable,
            ) => LOGIN_FAILED,
        })
    }

    /// Why a sync failed, and what to do; the status line adds when it was last updated
    /// and when the app tries again.
    pub(super) fn sync_failure(&self, code: ErrorCode) -> &'static str {
        self.pick(match code {
            ErrorCode::Refused(ProblemKind::Forbidden) => Translated {
                nl: "Je account hoort niet (meer) bij deze hospice. Vraag je coördinator om je toe te voegen, of kies een andere hospice.",
                en: "Your account does not (or no longer) belong to this hospice. Ask your coordinator to add you, or choose another hospice.",
            },
            ErrorCode::Refused(ProblemKind::Unknown) => Translated {
                nl: "De server weigerde om een reden die deze versie van de app niet kent. Werk de app bij.",
                en: "The server refused for a reason this version of the app does not know. Update the app.",
            },
            ErrorCode::Server | ErrorCode::Refused(ProblemKind::Internal) => Translated {
                nl: "De server heeft een probleem. De app probeert het vanzelf opnieuw.",
                en: "The server has a problem. The app will try again by itself.",
            },
            ErrorCode::Protocol => Translated {
                nl: "De server gaf een antwoord dat deze app niet begrijpt. Werk de app bij; helpt dat niet, meld het dan aan je coördinator.",
                en: "The server gave an answer this app does not understand. Update the app; if that does not help, tell your coordinator.",
            },
            ErrorCode::Store => Translated {
                nl: "Het handboek op dit apparaat kon niet worden bijgewerkt. Het handboek dat er staat, blijft werken.",
                en: "The handbook on this device could not be updated. The handbook that is there keeps working.",
            },
            ErrorCode::NotFound
            | ErrorCode::StoreDamaged
            | ErrorCode::Internal
            | ErrorCode::Offline
            | ErrorCode::LoginNeeded
            | ErrorCode::InsecureAddress
            | ErrorCode::BadAddress
            | ErrorCode::MissingCredentials
            | ErrorCode::NoOrganization
            | ErrorCode::UnknownOrganization
            | ErrorCode::NotPossible
            | ErrorCode::Refused(
                ProblemKind::BadRequest
                | ProblemKind::Unauthorized
                | ProblemKind::BadCredentials
                | ProblemKind::TooManyAttempts
                | ProblemKind::NotFound
                | ProblemKind::CursorAhead
                | ProblemKind::MethodNotAllowed
                | ProblemKind::TooLarge
                | ProblemKind::UnsupportedMediaType
                | ProblemKind::Conflict
                | ProblemKind::Unprocessable,
            ) => SYNC_FAILED,
        })
    }
}

pub const NL: ErrorTexts = ErrorTexts {
    not_found_title: "Dit onderdeel is er niet",
    not_found_body: "Het is misschien verplaatst of verwijderd. Zoek het op, of kijk in het handboek.",
    damaged_title: "Het handboek op dit apparaat is beschadigd",
    damaged_body: "De app kan het opgeslagen handboek niet openen. Begin opnieuw met het standaardhandboek dat in de app zit. Het beschadigde bestand wordt bewaard voor de helpdesk; alleen je leesgeschiedenis en instellingen gaan verloren.",
    damaged_button: "Opnieuw beginnen met het standaardhandboek",
    damaged_file: "Bestand",
    error_title: "Dat lukte niet",
    error_retry: "Opnieuw proberen",
    mismatch_title: "De onderdelen van de app passen niet bij elkaar",
    mismatch_body: "Dit venster komt uit een andere versie van de app dan de rest, en kan de antwoorden daarom niet goed lezen. Werk de app bij, of installeer hem opnieuw.",
    mismatch_developer: "Bouw je de app zelf? Start hem dan met ./kompas.sh run; dat bouwt alle onderdelen opnieuw.",
};

pub const EN: ErrorTexts = ErrorTexts {
    not_found_title: "This section does not exist",
    not_found_body: "It may have been moved or removed. Search for it, or look in the handbook.",
    damaged_title: "The handbook on this device is damaged",
    damaged_body: "The app cannot open the stored handbook. Start again with the default handbook that comes with the app. The damaged file is kept for the help desk; only your reading history and settings are lost.",
    damaged_button: "Start again with the default handbook",
    damaged_file: "File",
    error_title: "That did not work",
    error_retry: "Try again",
    mismatch_title: "The parts of the app do not match",
    mismatch_body: "This window comes from another version of the app than the rest, so it cannot read its answers correctly. Update the app, or install it again.",
    mismatch_developer: "Building the app yourself? Start it with ./kompas.sh run, which builds every part again.",
};
