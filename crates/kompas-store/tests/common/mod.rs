//! What the device-store tests share: a section to import, and for those that receive
//! the region's pages, a region section and a page applied.

// Each test file is a crate of its own and uses only some of these.
#![allow(dead_code)]

use kompas_core::overlay::BaseSection;
use kompas_core::Section;
use kompas_proto::overlay::OverlayDelta;
use kompas_store::{Changes, PageEnd, Store};

/// A section of category "Test" with neither tags nor a critical mark: what most store
/// tests need, spelled out once.
pub fn section(id: &str, title: &str, body: &str) -> Section {
    Section {
        id: id.to_owned(),
        title: title.to_owned(),
        category: "Test".to_owned(),
        category_rank: 0,
        order: 0,
        tags: Vec::new(),
        critical: false,
        review_by: None,
        local_policy: Default::default(),
        body: body.to_owned(),
        source_path: format!("{id}.md"),
        change_note: String::new(),
        must_read: false,
    }
}

/// A region section as the server publishes it, at `revision`, in `category`.
pub fn base(id: &str, category: &str, revision: i64, body: &str) -> BaseSection {
    BaseSection {
        section: Section {
            category: category.to_owned(),
            category_rank: 1,
            order: 10,
            ..section(id, &format!("Titel {id}"), body)
        },
        revision,
        must_read: None,
    }
}

/// Applies page `n` of a pull: `sections`, and the hospice's overlay delta if any.
pub fn apply(store: &mut Store, sections: &[BaseSection], overlay: Option<&OverlayDelta>, n: u32) {
    let cursor = format!("v2.{n}.{n}");
    store
        .apply_changes(
            Changes {
                sections,
                removed: &[],
                overlay,
            },
            &PageEnd {
                cursor: &cursor,
                full_pending: false,
            },
            false,
        )
        .expect("apply");
}
