//! The single sanitizing step between generated HTML and the webview.

use std::sync::OnceLock;

use ammonia::{Builder, UrlRelative};

/// Cleans HTML produced from markdown (including any raw HTML the author wrote).
pub(crate) fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = Builder::default();
        builder
            // Only schemes a volunteer can use safely; no javascript:, data:, file:, vbscript:.
            .url_schemes(["https", "http", "mailto", "tel"].into_iter().collect())
            // Relative URLs are in-app routes (#/section/…) and images from the bundle.
            .url_relative(UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            .add_tag_attributes("h1", ["id"])
            .add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("h5", ["id"])
            .add_tag_attributes("h6", ["id"])
            .add_tag_attributes("div", ["id"])
            .add_tag_attributes("li", ["id"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("sup", ["footnote-reference"])
            .add_allowed_classes("span", ["footnote-definition-label"])
            .add_allowed_classes("section", ["footnotes"])
            .add_allowed_classes("ol", ["footnotes-list"])
            // A placeholder a hospice has not filled in yet (`placeholder::missing_html`).
            .add_allowed_classes("mark", ["nog-niet-ingevuld"])
            .add_tags(["section"])
            .attribute_filter(|element, attribute, value| {
                // Images load only from the app bundle or over https: no tracking pixels over
                // plain http, nothing from the local file system.
                if element == "img" && attribute == "src" && !image_source_allowed(value) {
                    return None;
                }
                Some(value.into())
            });
        builder
    })
}

fn image_source_allowed(src: &str) -> bool {
    let src = src.trim();
    if src.starts_with("https://") {
        return true;
    }
    // Relative path into the bundle: no scheme, not protocol-relative, not absolute.
    !src.contains(':') && !src.starts_with("//") && !src.starts_with('/')
}
