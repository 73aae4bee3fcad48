//! The domain model and pure logic of Kwaliteitskompas.
//!
//! - [`section`]: a handbook section and how one markdown file (with or without front
//!   matter) becomes one.
//! - [`check`]: validation of a whole content folder, with messages that name the file, the
//!   line and what to do. `kompas check`, the app's bundled content and (later) publishing on
//!   the server all go through it.
//! - [`checklist`]: checklist and self-evaluation files (TOML) becoming definitions, with
//!   the same kind of messages; [`score`]: the score per theme of a self-evaluation, and
//!   what is missing before it can be finished.
//! - [`fingerprint`]: the hash of a section that device and server compare to tell
//!   whether it changed (versioned: an older encoding is still recognised).
//! - [`text`]: Dutch text for search: diacritic folding, Snowball stemming and a lemma table
//!   for the irregular forms stemming misses.
//! - [`stop_words`], [`synonyms`]: the function words a query need not match, and the
//!   Dutch words for English ones.
//! - [`vocabulary`]: the handbook's words as an FST: corrections of typos (a Levenshtein
//!   automaton), compounds ending in a word.
//! - [`search`]: turning what a volunteer types into full-text queries, and highlighted
//!   snippets; [`rank`]: the order of the hits.
//!
//! This crate does no IO: no files, no clock, no database, no network. It builds for wasm32.

pub mod check;
pub mod checklist;
pub mod fingerprint;
pub mod formation;
pub mod merge;
pub mod overlay;
pub mod rank;
pub mod region;
pub mod score;
pub mod search;
pub mod section;
pub mod stop_words;
pub mod synonyms;
pub mod text;
pub mod vocabulary;

pub use check::{check_bundle, CheckedBundle, Diagnostic, Severity, SourceFile};
pub use fingerprint::fingerprint;
pub use section::Section;
