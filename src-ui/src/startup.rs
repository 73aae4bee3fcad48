//! The start-up answer, checked before anything is mounted: a window built from another
//! version's bundle than its shell would misread every answer, so it says so instead.

use kompas_proto::{CommandError, Language, StartupInfo, PROTOCOL_VERSION};
use serde::Deserialize;

/// What the shell answered to `startup`, as [`crate::ipc::startup`] hands it over.
#[derive(Debug)]
pub enum StartupAnswer {
    Read(Box<StartupInfo>),
    /// An answer of another shape than this UI's [`StartupInfo`].
    Unreadable {
        head: StartupHead,
        /// Why it could not be read, for support.
        detail: String,
    },
}

/// What can still be read from a start-up answer of any version: its protocol version
/// (absent before version 2) and the user's language, for the words of the message.
#[derive(Debug, Default, Deserialize)]
pub struct StartupHead {
    #[serde(default)]
    pub protocol_version: Option<u32>,
    #[serde(default)]
    settings: Option<HeadSettings>,
}

#[derive(Debug, Deserialize)]
struct HeadSettings {
    language: Language,
}

/// What the UI does after start-up.
#[derive(Debug)]
pub enum Startup {
    /// The shell speaks this UI's protocol: show its first screen.
    Ready(Box<StartupInfo>),
    /// The shell speaks another protocol: show only the message that says so.
    Mismatch(Mismatch),
    /// The call itself failed: the error screen, which can try again.
    Failed(CommandError),
}

/// A shell and a UI of different protocol versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The user's language, when the answer told it.
    pub language: Language,
    /// The shell's protocol version, when the answer told it.
    pub shell_version: Option<u32>,
    /// Why the answer could not be read, when it could not.
    pub unreadable: Option<String>,
}

impl Mismatch {
    /// The detail for support, in English like every detail.
    pub fn detail(&self) -> String {
        let shell = match self.shell_version {
            Some(version) => format!("protocol {version}"),
            None => "a protocol without a version".to_owned(),
        };
        let mut detail =
            format!("This window speaks protocol {PROTOCOL_VERSION}; the app answered in {shell}.");
        if let Some(reason) = &self.unreadable {
            detail.push_str(" Its answer could not be read: ");
            detail.push_str(reason);
        }
        detail
    }
}

/// Decides between the first screen, the mismatch message and the error screen.
pub fn check(answer: Result<StartupAnswer, CommandError>) -> Startup {
    match answer {
        Ok(StartupAnswer::Read(info)) if info.protocol_version == PROTOCOL_VERSION => {
            Startup::Ready(info)
        }
        Ok(StartupAnswer::Read(info)) => Startup::Mismatch(Mismatch {
            language: info.settings.language,
            shell_version: Some(info.protocol_version),
            unreadable: None,
        }),
        Ok(StartupAnswer::Unreadable { head, detail }) => Startup::Mismatch(Mismatch {
            language: head.settings.map(|s| s.language).unwrap_or_default(),
            shell_version: head.protocol_version,
            unreadable: Some(detail),
        }),
        Err(error) => Startup::Failed(error),
    }
}

#[cfg(test)]
mod tests {
    use kompas_proto::{ErrorCode, Settings, StoreStatus, SyncView};

    use super::*;

    fn info(protocol_version: u32, language: Language) -> StartupInfo {
        StartupInfo {
            status: StoreStatus::Ready,
            settings: Settings {
                language,
                ..Settings::default()
            },
            first_page: None,
            open_section: None,
            probe: false,
            app_version: "0.1.0".into(),
            protocol_version,
            sync: SyncView::default(),
        }
    }

    /// Reads a JSON answer the way `ipc::startup` reads the shell's.
    fn answer(json: &str) -> StartupAnswer {
        match serde_json::from_str::<StartupInfo>(json) {
            Ok(info) => StartupAnswer::Read(Box::new(info)),
            Err(error) => StartupAnswer::Unreadable {
                head: serde_json::from_str(json).unwrap_or_default(),
                detail: error.to_string(),
            },
        }
    }

    #[test]
    fn a_shell_of_the_same_protocol_gets_its_first_screen() {
        let started = check(Ok(StartupAnswer::Read(Box::new(info(
            PROTOCOL_VERSION,
            Language::En,
        )))));
        assert!(matches!(started, Startup::Ready(_)), "{started:?}");
        // The same, through the wire format.
        let json = serde_json::to_string(&info(PROTOCOL_VERSION, Language::Nl)).expect("json");
        assert!(matches!(check(Ok(answer(&json))), Startup::Ready(_)));
    }

    #[test]
    fn a_shell_of_another_protocol_is_a_mismatch_in_the_users_language() {
        let started = check(Ok(StartupAnswer::Read(Box::new(info(
            PROTOCOL_VERSION + 1,
            Language::En,
        )))));
        let Startup::Mismatch(mismatch) = started else {
            panic!("a newer shell is a mismatch: {started:?}");
        };
        assert_eq!(
            mismatch,
            Mismatch {
                language: Language::En,
                shell_version: Some(PROTOCOL_VERSION + 1),
                unreadable: None,
            }
        );
        assert!(mismatch
            .detail()
            .contains(&format!("protocol {PROTOCOL_VERSION};")));
    }

    #[test]
    fn an_answer_that_cannot_be_read_is_a_mismatch() {
        // A shell of protocol 1: no version, and error codes that were strings.
        let old = r#"{"status":{"state":"ready"},
            "settings":{"language":"en","theme":"day","large_text":false},
            "first_page":null,"open_section":null,"probe":false,"app_version":"0.1.0",
            "sync":{"version":3,"server":null,"username":null,"signed_in":false,
                "organization":null,"organizations":[],
                "activity":{"state":"failed","code":"server","detail":"status 503"},
                "last_synced_ms":null,"last_changes":0,"next_attempt_ms":null}}"#;
        let Startup::Mismatch(mismatch) = check(Ok(answer(old))) else {
            panic!("an old shell's answer is a mismatch");
        };
        assert_eq!(mismatch.language, Language::En, "its language still counts");
        assert_eq!(mismatch.shell_version, None);
        assert!(mismatch.unreadable.is_some());
        assert!(mismatch.detail().contains("could not be read"));

        // Not even the head: Dutch, version unknown.
        let Startup::Mismatch(mismatch) = check(Ok(answer("[1, 2]"))) else {
            panic!("an answer of no known shape is a mismatch");
        };
        assert_eq!(mismatch.language, Language::Nl);
        assert_eq!(mismatch.shell_version, None);
    }

    #[test]
    fn a_failed_call_is_the_error_screen() {
        let error = CommandError::new(ErrorCode::Internal, "startup failed");
        let started = check(Err(error.clone()));
        assert!(matches!(started, Startup::Failed(e) if e == error));
    }
}
