//! Markdown to sanitized HTML, a table of contents and plain text for the search index.
//!
//! This is the one place where untrusted markdown (written by managers and coordinators)
//! becomes HTML that a webview will show. Everything goes through [`render`], which runs
//! pulldown-cmark and then the ammonia sanitizer, so no script, event handler,
//! `javascript:`/`data:` URL, iframe, object, form, meta refresh or style survives.
//!
//! The crate is pure: it knows nothing about files, databases, Tauri or the network, and it
//! builds for wasm32 so that an editor preview can use exactly the same code.

mod links;
pub mod placeholder;
mod sanitize;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub use links::{classify_link, internal_links, LinkKind, LinkOccurrence};
pub use placeholder::{Facts, NoFacts};

/// The result of rendering one section body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML, safe to put into the webview as-is.
    pub html: String,
    /// Headings of level 2 and deeper, in document order.
    pub toc: Vec<TocEntry>,
    /// The visible text, for the search index and for snippets.
    pub plain_text: String,
}

/// One heading in a section's table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    /// The `id` attribute the heading carries in [`Rendered::html`].
    pub anchor: String,
}

/// Resolves a relative link to a markdown file (`../02-dienst/overdracht.md`) to a section id.
/// Links written as `id:<section-id>` need no resolver.
pub trait FileLinkResolver {
    fn section_id_for_file(&self, relative_path: &str) -> Option<String>;
}

/// A resolver that knows no files: `.md` links stay unresolved.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl FileLinkResolver for NoFiles {
    fn section_id_for_file(&self, _relative_path: &str) -> Option<String> {
        None
    }
}

/// The href an internal link to a section gets in rendered HTML. The UI routes on it.
pub fn section_href(id: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(anchor) if !anchor.is_empty() => format!("#/section/{id}/{anchor}"),
        _ => format!("#/section/{id}"),
    }
}

/// The markdown extensions every part of the product uses, so that `kompas check`,
/// `kompas render` and the app agree on what a document means.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a markdown body to sanitized HTML plus table of contents and plain text. No
/// hospice's facts are known: every placeholder shows as "nog niet ingevuld".
pub fn render(markdown: &str, files: &dyn FileLinkResolver) -> Rendered {
    render_with_facts(markdown, files, &NoFacts)
}

/// Renders a markdown body with a hospice's facts filled in where the text has a
/// placeholder (`{{hospice.naam}}`); one without a value shows a visible mark.
pub fn render_with_facts(
    markdown: &str,
    files: &dyn FileLinkResolver,
    facts: &dyn Facts,
) -> Rendered {
    let mut events = fill_placeholders(
        TextMergeStream::new(Parser::new_ext(markdown, parser_options())),
        facts,
    );

    let mut toc = Vec::new();
    let mut plain_text = String::with_capacity(markdown.len());
    let mut used_anchors: Vec<String> = Vec::new();

    let mut index = 0;
    while index < events.len() {
        match &events[index] {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(*level);
                let text = heading_text(&events[index + 1..]);
                let anchor = unique_anchor(&slugify(&text), &mut used_anchors);
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[index] {
                    *id = Some(CowStr::from(anchor.clone()));
                }
                if level >= 2 {
                    toc.push(TocEntry {
                        level,
                        text,
                        anchor,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(href) = rewrite_link(dest_url, files) {
                    if let Event::Start(Tag::Link { dest_url, .. }) = &mut events[index] {
                        *dest_url = CowStr::from(href);
                    }
                }
            }
            Event::TaskListMarker(done) => {
                // A real <input> would be a form control inside the reader; a symbol is
                // enough to show the state and survives sanitizing untouched.
                let symbol = if *done { "☑ " } else { "☐ " };
                events[index] = Event::Text(CowStr::Borrowed(symbol));
            }
            // An item's text is not a paragraph in a tight list, and a nested list follows
            // it directly: a line between keeps their words apart.
            Event::Start(Tag::List(_) | Tag::Item)
                if !plain_text.is_empty() && !plain_text.ends_with('\n') =>
            {
                plain_text.push('\n');
            }
            Event::Text(text) | Event::Code(text) => plain_text.push_str(text),
            Event::SoftBreak | Event::HardBreak => plain_text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) if !plain_text.ends_with('\n') => plain_text.push('\n'),
            _ => {}
        }
        index += 1;
    }

    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut unsafe_html, events.into_iter());

    Rendered {
        html: sanitize::clean(&unsafe_html),
        toc,
        plain_text: plain_text.trim().to_owned(),
    }
}

/// The events with every placeholder filled in: in text, a value or an inline mark; in
/// code (where no markup can go) and in link targets, plain text.
fn fill_placeholders<'a>(
    events: impl Iterator<Item = Event<'a>>,
    facts: &dyn Facts,
) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut in_code_block = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push(event);
            }
            Event::Text(text) if in_code_block => {
                out.push(Event::Text(owned_if_filled(&text, facts).unwrap_or(text)));
            }
            Event::Code(text) => {
                out.push(Event::Code(owned_if_filled(&text, facts).unwrap_or(text)));
            }
            Event::Text(text) => push_text_with_marks(&mut out, text, facts),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let filled = placeholder::fill(&dest_url, facts, |_, _| {});
                let dest_url = match filled {
                    std::borrow::Cow::Owned(url) => CowStr::from(url),
                    std::borrow::Cow::Borrowed(_) => dest_url,
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => out.push(other),
        }
    }
    out
}

fn owned_if_filled<'a>(text: &str, facts: &dyn Facts) -> Option<CowStr<'a>> {
    match placeholder::fill_plain(text, facts) {
        std::borrow::Cow::Owned(filled) => Some(CowStr::from(filled)),
        std::borrow::Cow::Borrowed(_) => None,
    }
}

/// A text event split at its placeholders: values as text (escaped by the HTML writer
/// like any text), missing values as a mark.
fn push_text_with_marks<'a>(out: &mut Vec<Event<'a>>, text: CowStr<'a>, facts: &dyn Facts) {
    let uses = placeholder::placeholders(&text);
    if uses.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    let mut pending = String::new();
    let mut at = 0;
    for used in uses {
        pending.push_str(&text[at..used.range.start]);
        match facts.fact(used.key) {
            Some(value) => pending.push_str(value),
            None => {
                if !pending.is_empty() {
                    out.push(Event::Text(CowStr::from(std::mem::take(&mut pending))));
                }
                out.push(Event::InlineHtml(CowStr::from(placeholder::missing_html(
                    used.key,
                ))));
            }
        }
        at = used.range.end;
    }
    pending.push_str(&text[at..]);
    if !pending.is_empty() {
        out.push(Event::Text(CowStr::from(pending)));
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text.trim().to_owned()
}

fn rewrite_link(dest: &str, files: &dyn FileLinkResolver) -> Option<String> {
    match classify_link(dest) {
        LinkKind::Section { id, anchor } => Some(section_href(&id, anchor.as_deref())),
        LinkKind::File { path, anchor } => {
            let id = files.section_id_for_file(&path)?;
            Some(section_href(&id, anchor.as_deref()))
        }
        LinkKind::Anchor(_) | LinkKind::External(_) | LinkKind::Other => None,
    }
}

/// A slug: the text lowercased, diacritics removed, ASCII letters and digits kept and
/// everything between them turned into single dashes (`Hygiëne & zorg` → `hygiene-zorg`).
/// Empty when the text has no letters or digits. Section ids and heading anchors both use it.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch);
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// A heading anchor: its [`slug`], or `kop` for a heading without letters or digits.
pub fn slugify(text: &str) -> String {
    let slug = slug(text);
    if slug.is_empty() {
        "kop".to_owned()
    } else {
        slug
    }
}

fn unique_anchor(base: &str, used: &mut Vec<String>) -> String {
    let mut candidate = base.to_owned();
    let mut counter = 1;
    while used.iter().any(|u| u == &candidate) {
        counter += 1;
        candidate = format!("{base}-{counter}");
    }
    used.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests;
