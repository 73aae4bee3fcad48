//! The user's settings (language, night mode, larger text), remembered across starts.

use kompas_proto::{Language, Settings, Theme};
use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

impl Store {
    /// The saved settings; defaults for anything never saved or no longer understood.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let get = |key: &str| -> Result<Option<String>, StoreError> {
            Ok(self
                .conn
                .query_row("SELECT value FROM setting WHERE key = ?1", [key], |row| {
                    row.get(0)
                })
                .optional()?)
        };
        Ok(Settings {
            language: match get("language")?.as_deref() {
                Some("en") => Language::En,
                _ => Language::Nl,
            },
            theme: match get("theme")?.as_deref() {
                Some("night") => Theme::Night,
                _ => Theme::Day,
            },
            large_text: get("large_text")?.as_deref() == Some("true"),
        })
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for (key, value) in [
            (
                "language",
                match settings.language {
                    Language::Nl => "nl",
                    Language::En => "en",
                },
            ),
            (
                "theme",
                match settings.theme {
                    Theme::Day => "day",
                    Theme::Night => "night",
                },
            ),
            (
                "large_text",
                if settings.large_text { "true" } else { "false" },
            ),
        ] {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
