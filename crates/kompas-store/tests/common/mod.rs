//! What the device-store tests that receive the region's pages share.

use kompas_core::overlay::BaseSection;
use kompas_core::Section;
use kompas_proto::overlay::OverlayDelta;
use kompas_store::{Changes, PageEnd, Store};

/// A region section as the server publishes it, at `revision`, in `category`.
pub fn base(id: &str, category: &str, revision: i64, body: &str) -> BaseSection {
    BaseSection {
        section: Section {
            id: id.to_owned(),
            title: format!("Titel {id}"),
            category: category.to_owned(),
            category_rank: 1,
            order: 10,
            tags: Vec::new(),
            critical: false,
            review_by: None,
            local_policy: Default::default(),
            body: body.to_owned(),
            source_path: format!("{id}.md"),
            change_note: String::new(),
            must_read: false,
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
