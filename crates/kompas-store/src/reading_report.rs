//! The manager's overview of "Gelezen en begrepen": per must-read change who of the
//! hospice's list acknowledged it and the share, per person what is still open. Read from
//! what this device knows (its own acknowledgements and those pulled at the last sync).

use kompas_proto::reading::{ChangeShare, ReaderShare, ReadingView};

use std::collections::HashMap;

use crate::reading::{acknowledged_by, items, readers};
use crate::{Store, StoreError};

/// The share of `done` in `of`, 0–100, rounded down: 100 only when everyone read it.
pub(crate) fn percent(done: usize, of: usize) -> u8 {
    (done * 100)
        .checked_div(of)
        .map_or(0, |share| u8::try_from(share).unwrap_or(100))
}

impl Store {
    /// The overview; `can_edit` is left false for the caller, who knows the role.
    pub fn reading_view(&self) -> Result<ReadingView, StoreError> {
        let all = readers(&self.conn, true)?;
        let (active, inactive): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r.active);
        // Per person, read through the index on the reader: no key is copied to look up.
        let done: Vec<HashMap<String, String>> = active
            .iter()
            .map(|reader| acknowledged_by(&self.conn, &reader.id))
            .collect::<Result<_, _>>()?;
        let items = items(&self.conn, None)?;
        let changes = items
            .iter()
            .map(|item| {
                let mut acknowledged = Vec::new();
                let mut open = Vec::new();
                for (reader, done) in active.iter().zip(&done) {
                    match done.get(&item.change) {
                        Some(at) => acknowledged.push((reader.name.clone(), at.clone())),
                        None => open.push(reader.name.clone()),
                    }
                }
                ChangeShare {
                    item: item.clone(),
                    percent: percent(acknowledged.len(), active.len()),
                    acknowledged,
                    open,
                }
            })
            .collect();
        let readers = active
            .into_iter()
            .zip(&done)
            .map(|(reader, done)| {
                let open: Vec<_> = items
                    .iter()
                    .filter(|item| !done.contains_key(&item.change))
                    .cloned()
                    .collect();
                ReaderShare {
                    acknowledged: u32::try_from(items.len() - open.len()).unwrap_or(u32::MAX),
                    open,
                    reader,
                }
            })
            .collect();
        Ok(ReadingView {
            changes,
            readers,
            inactive,
            waiting: self.acknowledgements_waiting()?,
            can_edit: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn the_share_is_rounded_down_so_that_100_means_everyone() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(0, 12), 0);
        assert_eq!(percent(7, 12), 58);
        assert_eq!(percent(11, 12), 91);
        assert_eq!(percent(59, 60), 98);
        assert_eq!(percent(12, 12), 100);
    }
}
