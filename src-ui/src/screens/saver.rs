//! Saving edits of the checklist screens one after another, in the order they were made.
//! A keystroke is an edit; two saves of one field must never overtake each other (the
//! older text would win), so they queue, and a newer edit of a field replaces one of the
//! same field still waiting. Each save is one store transaction in the shell.

use std::collections::VecDeque;

use kompas_proto::checklist::{ChecklistEdit, EditOutcome};
use kompas_proto::CommandError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ipc;

/// What the screen says about saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Failed,
}

/// Hears how an edit went, once it is saved.
type Done = Box<dyn FnOnce(Result<EditOutcome, CommandError>) + Send + Sync>;

/// An edit waiting: the field it changes, the edit, and who wants to hear.
type Waiting = (String, ChecklistEdit, Option<Done>);

#[derive(Clone, Copy)]
pub struct Saver {
    queue: StoredValue<VecDeque<Waiting>>,
    busy: StoredValue<bool>,
    pub state: RwSignal<SaveState>,
}

impl Saver {
    pub fn new() -> Saver {
        Saver {
            queue: StoredValue::new(VecDeque::new()),
            busy: StoredValue::new(false),
            state: RwSignal::new(SaveState::Saved),
        }
    }

    /// Saves `edit` of the field `key` after what waits before it.
    pub fn save(&self, key: impl Into<String>, edit: ChecklistEdit) {
        let key = key.into();
        self.queue.update_value(|queue| {
            match queue
                .iter_mut()
                .find(|(waiting, _, done)| *waiting == key && done.is_none())
            {
                Some(slot) => slot.1 = edit,
                None => queue.push_back((key, edit, None)),
            }
        });
        self.start();
    }

    /// Runs `edit` after every edit waiting before it, and tells `done` how it went.
    pub fn then(
        &self,
        edit: ChecklistEdit,
        done: impl FnOnce(Result<EditOutcome, CommandError>) + Send + Sync + 'static,
    ) {
        self.queue
            .update_value(|queue| queue.push_back((String::new(), edit, Some(Box::new(done)))));
        self.start();
    }

    fn start(&self) {
        self.state.set(SaveState::Saving);
        if self.busy.get_value() {
            return;
        }
        self.busy.set_value(true);
        let saver = *self;
        spawn_local(async move {
            let mut failed = false;
            loop {
                let next = saver.queue.try_update_value(VecDeque::pop_front).flatten();
                let Some((_, edit, done)) = next else {
                    break;
                };
                let result = ipc::checklist_edit(&edit).await;
                failed |= result.is_err();
                if let Some(done) = done {
                    done(result);
                }
            }
            saver.busy.set_value(false);
            saver.state.set(if failed {
                SaveState::Failed
            } else {
                SaveState::Saved
            });
        });
    }
}
