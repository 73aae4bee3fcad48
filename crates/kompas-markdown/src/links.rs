//! Recognizing the links in a section: internal (`id:` or a relative `.md` file), in-page
//! anchors, and external URLs. Validation and rendering share this one classification.

use pulldown_cmark::{Event, Parser, Tag};

use crate::parser_options;

/// What a link destination points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// `id:als-een-gast-overlijdt` or `id:als-een-gast-overlijdt#wie-bel-je`.
    Section { id: String, anchor: Option<String> },
    /// A relative path to another markdown file, as in an imported handbook folder.
    File {
        path: String,
        anchor: Option<String>,
    },
    /// `#wie-bel-je`: a heading or footnote in the same section.
    Anchor(String),
    /// `https://…`, `mailto:…`, `tel:…` and anything else with a scheme.
    External(String),
    /// Relative links to things that are not markdown (images, PDFs in the bundle).
    Other,
}

/// Classifies one link destination.
pub fn classify_link(dest: &str) -> LinkKind {
    let dest = dest.trim();
    if let Some(rest) = dest.strip_prefix("id:") {
        let (id, anchor) = split_anchor(rest);
        return LinkKind::Section {
            id: id.to_owned(),
            anchor,
        };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkKind::Anchor(anchor.to_owned());
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return LinkKind::External(dest.to_owned());
    }
    let (path, anchor) = split_anchor(dest);
    if path.to_ascii_lowercase().ends_with(".md") {
        return LinkKind::File {
            path: path.to_owned(),
            anchor,
        };
    }
    LinkKind::Other
}

fn split_anchor(value: &str) -> (&str, Option<String>) {
    match value.split_once('#') {
        Some((before, anchor)) => (before, Some(anchor.to_owned())),
        None => (value, None),
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// One link in a markdown document, with the byte offset where it starts so that
/// validation can report a line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOccurrence {
    pub kind: LinkKind,
    pub destination: String,
    pub offset: usize,
    pub is_image: bool,
}

/// Every link and image in a markdown document.
pub fn internal_links(markdown: &str) -> Vec<LinkOccurrence> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        let (dest, is_image) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        found.push(LinkOccurrence {
            kind: classify_link(dest),
            destination: dest.to_string(),
            offset: range.start,
            is_image,
        });
    }
    found
}
