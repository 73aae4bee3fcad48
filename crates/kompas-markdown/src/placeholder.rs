//! Placeholders: the region writes `{{hospice.telefoon_verpleegkundige}}` where each hospice
//! has its own value, and every hospice fills in its facts once.
//!
//! A placeholder is `{{`, a key, `}}`, with optional spaces inside the braces. A key is
//! lowercase ASCII letters, digits, `_` and `.`, and starts with a letter (`hospice.naam`).
//! Anything else between double braces is text, shown as written. Which keys exist is
//! decided by `kompas_core::overlay::FACT_FIELDS`, not here: this module only finds and
//! fills them, so that the renderer can show a value, or a visible "nog niet ingevuld" mark
//! where a hospice has not filled one in yet — never the raw braces.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

/// One placeholder in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceholderUse<'a> {
    /// `hospice.naam`, without braces or spaces.
    pub key: &'a str,
    /// The placeholder's bytes in the text, braces included.
    pub range: Range<usize>,
}

/// The values a hospice filled in, by key.
pub trait Facts {
    fn fact(&self, key: &str) -> Option<&str>;
}

/// No hospice: every placeholder is shown as not filled in (`kompas render`, the region's
/// own preview).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFacts;

impl Facts for NoFacts {
    fn fact(&self, _key: &str) -> Option<&str> {
        None
    }
}

impl Facts for BTreeMap<String, String> {
    /// An empty or blank value counts as not filled in.
    fn fact(&self, key: &str) -> Option<&str> {
        self.get(key)
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
    }
}

/// Every placeholder in `text`, in order.
pub fn placeholders(text: &str) -> Vec<PlaceholderUse<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|at| from + at) {
        let inner_start = open + 2;
        let Some(close) = text[inner_start..].find("}}").map(|at| inner_start + at) else {
            break;
        };
        let key = text[inner_start..close].trim_matches(' ');
        if is_key(key) {
            found.push(PlaceholderUse {
                key,
                range: open..close + 2,
            });
            from = close + 2;
        } else {
            // `{{{hospice.naam}}`: the placeholder may start at the next brace.
            from = open + 1;
        }
    }
    found
}

fn is_key(key: &str) -> bool {
    key.len() <= 64
        && key.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
        && !key.ends_with('.')
        && !key.contains("..")
}

/// What a reader calls the value of a key: `hospice.telefoon_verpleegkundige` →
/// `telefoon verpleegkundige`.
pub fn fact_label(key: &str) -> String {
    let name = key.split_once('.').map_or(key, |(_, name)| name);
    name.replace(['_', '.'], " ")
}

/// The visible text of a placeholder nobody filled in yet.
pub fn missing_text(key: &str) -> String {
    format!("[{}: nog niet ingevuld]", fact_label(key))
}

/// `text` with every placeholder replaced by its value, or by [`missing_text`]: for places
/// where no markup can go (titles, code).
pub fn fill_plain<'t>(text: &'t str, facts: &dyn Facts) -> Cow<'t, str> {
    fill(text, facts, |key, out| out.push_str(&missing_text(key)))
}

/// `text` with every placeholder replaced by its value, and each missing one by what
/// `missing` writes.
pub(crate) fn fill<'t>(
    text: &'t str,
    facts: &dyn Facts,
    mut missing: impl FnMut(&str, &mut String),
) -> Cow<'t, str> {
    let uses = placeholders(text);
    if uses.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16 * uses.len());
    let mut at = 0;
    for used in uses {
        out.push_str(&text[at..used.range.start]);
        match facts.fact(used.key) {
            Some(value) => out.push_str(value),
            None => missing(used.key, &mut out),
        }
        at = used.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The HTML of a placeholder nobody filled in yet. The key's label holds only ASCII
/// letters, digits and spaces (see [`is_key`]), so it needs no escaping; the sanitizer
/// keeps exactly this class on `mark`.
pub(crate) fn missing_html(key: &str) -> String {
    format!(
        "<mark class=\"nog-niet-ingevuld\">{}</mark>",
        missing_text(key)
    )
}
