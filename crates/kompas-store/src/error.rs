use std::path::{Path, PathBuf};

/// Everything that can go wrong in the local store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the local database {path} cannot be used ({reason}). \
         Move it aside and start again from the bundled handbook; your reading history will be lost, the handbook will not."
    )]
    Damaged { path: PathBuf, reason: String },

    #[error(
        "the local database {path} was made by a newer version of Kwaliteitskompas (schema {found}, this version knows {known}). \
         Install the newest version of the app."
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },

    #[error("cannot read or write {path}: {source}. Check that the folder exists and that you may write to it.")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "the handbook bundled with this app is invalid ({0}). This is a bug: please report it."
    )]
    Bundle(String),

    /// Not possible in this state or with this input; the text says what to do instead.
    #[error("{0}")]
    Refused(String),

    /// Stored data this version cannot read; the text says what to do.
    #[error("{0}")]
    Unreadable(String),

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error(
        "the stored data of section `{id}` is unreadable: {reason}. Import the handbook again."
    )]
    Corrupt { id: String, reason: String },
}

impl StoreError {
    pub(crate) fn damaged(path: &Path, error: impl std::fmt::Display) -> StoreError {
        StoreError::Damaged {
            path: path.to_owned(),
            reason: error.to_string(),
        }
    }

    /// Whether the database file itself is unusable (the app then offers to start afresh).
    pub fn is_damaged(&self) -> bool {
        matches!(self, StoreError::Damaged { .. })
    }
}
