//! "Gelezen en begrepen" where a volunteer meets it: on home, the changes still to read
//! for the person reading on this device; on a section, what changed and the button that
//! records, under a name chosen from the hospice's list, that it was read.

use kompas_proto::overlay::{ChangeKind, WordChange};
use kompas_proto::reading::{MustReadHome, ReadingEdit, SectionMustRead};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{outcome_line, section_href, word_change};
use crate::context::use_ui;
use crate::ipc;

/// Home's block; nothing when nothing is open.
pub fn home_block(home: MustReadHome) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    (!home.open.is_empty()).then(|| {
        let heading = match &home.reader {
            Some(reader) => t.open_for(&reader.name, home.open.len()),
            None => t.reading.heading.to_owned(),
        };
        let chosen = home.reader.is_some();
        let switch = move |_| {
            spawn_local(async move {
                if ipc::reading_edit(&ReadingEdit::Choose { reader: None })
                    .await
                    .is_ok()
                {
                    ui.reload();
                }
            });
        };
        view! {
            <section class="must-read-block" aria-labelledby="must-read-heading">
                <h2 id="must-read-heading">{heading}</h2>
                <p class="hint">{t.reading.home_hint}</p>
                {(!chosen).then(|| view! { <p class="hint">{t.reading.home_none_chosen}</p> })}
                <ul class="list" role="list">
                    {home.open.into_iter().map(|item| view! {
                        <li>
                            <a class="list-link must-read-link" href=section_href(&item.section_id)>
                                <span class="must-read-title">{item.section_title}</span>
                                <span class="must-read-from">{t.must_read_from(item.from)}</span>
                                {(!item.note.is_empty()).then(|| view! { <span class="must-read-note">{item.note}</span> })}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
                {chosen.then(|| view! {
                    <p><button type="button" class="link-button" on:click=switch>{t.reading.switch_person}</button></p>
                })}
            </section>
        }
    })
}

/// The notice at the top of a section with must-read changes still open: who changed
/// it, their note, and what changed; nothing when none is open.
pub fn section_notice(must_read: &SectionMustRead) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    (!must_read.open.is_empty()).then(|| {
        let changes = condensed(must_read.changes.clone());
        let notes = must_read
            .open
            .iter()
            .map(|item| {
                view! {
                    <li>
                        <span class="must-read-from">{t.must_read_from(item.from)}</span>
                        {(!item.note.is_empty()).then(|| view! { <span class="must-read-note">{item.note.clone()}</span> })}
                    </li>
                }
            })
            .collect_view();
        let what_changed = if changes.is_empty() {
            view! { <p class="hint">{t.reading.no_difference}</p> }.into_any()
        } else {
            view! {
                <details class="must-read-diff" open>
                    <summary>{t.reading.what_changed}</summary>
                    <p class="word-diff">{changes.into_iter().map(word_change).collect_view()}</p>
                </details>
            }
            .into_any()
        };
        view! {
            <section class="must-read-box" aria-labelledby="must-read-box-heading">
                <h2 id="must-read-box-heading">{t.reading.box_heading}</h2>
                <ul class="must-read-notes" role="list">{notes}</ul>
                {what_changed}
            </section>
        }
    })
}

/// Under the section: the name and "Gelezen en begrepen" while a change is open, else
/// the line that says who acknowledged it and when.
pub fn section_confirm(section: String, must_read: SectionMustRead) -> impl IntoView {
    let ui = use_ui();
    let t = ui.texts();
    if must_read.open.is_empty() {
        let line = match (&must_read.reader, &must_read.acknowledged_at) {
            (Some(reader), Some(at)) => Some(t.acknowledged_by(&reader.name, at)),
            _ => None,
        };
        return line
            .map(|line| view! { <p class="acknowledged-line" role="status">{line}</p> })
            .into_any();
    }
    let message = RwSignal::new(None::<(bool, &'static str)>);
    let busy = RwSignal::new(false);
    let chosen = RwSignal::new(
        must_read
            .reader
            .as_ref()
            .map(|r| r.id.clone())
            .unwrap_or_default(),
    );
    let shown: Vec<String> = must_read
        .open
        .iter()
        .map(|item| item.change.clone())
        .collect();
    let acknowledge = move |_| {
        let reader = chosen.get_untracked();
        if reader.is_empty() {
            return;
        }
        busy.set(true);
        let section = section.clone();
        let changes = shown.clone();
        spawn_local(async move {
            let outcome = ipc::reading_edit(&ReadingEdit::Acknowledge {
                section,
                reader,
                changes,
            })
            .await;
            busy.set(false);
            match outcome {
                Ok(()) => ui.reload(),
                Err(_) => message.set(Some((false, t.reading.failed))),
            }
        });
    };
    let form = if must_read.readers.is_empty() {
        view! { <p class="hint">{t.reading.no_names}</p> }.into_any()
    } else {
        let names = must_read.readers;
        view! {
            <label for="reader-name">{t.reading.choose_label}</label>
            <select id="reader-name" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="" selected=move || chosen.get().is_empty()>{t.reading.choose_placeholder}</option>
                {names.into_iter().map(|reader| {
                    let id = reader.id.clone();
                    let selected = move || chosen.get() == id;
                    view! { <option value=reader.id.clone() selected=selected>{reader.name}</option> }
                }).collect_view()}
            </select>
            <button type="button" class="primary acknowledge"
                disabled=move || busy.get() || chosen.get().is_empty()
                on:click=acknowledge>
                {move || if busy.get() { t.reading.acknowledging } else { t.reading.acknowledge }}
            </button>
            <p class="hint">{t.reading.record_not_proof}</p>
        }
        .into_any()
    };
    view! {
        <section class="must-read-confirm" aria-label=t.reading.heading>
            {form}
            {outcome_line(message)}
        </section>
    }
    .into_any()
}

/// Words kept around a change on each side; a longer unchanged stretch is cut to them.
const CONTEXT_WORDS: usize = 8;

/// The differences with long unchanged stretches shortened to a few words around each
/// change (` … ` in between), so a volunteer sees what changed, not the section twice.
/// Nothing when nothing was added or removed.
pub fn condensed(changes: Vec<WordChange>) -> Vec<WordChange> {
    if changes.iter().all(|c| c.kind == ChangeKind::Same) {
        return Vec::new();
    }
    let last = changes.len().saturating_sub(1);
    let mut changes: Vec<WordChange> = changes
        .into_iter()
        .enumerate()
        .map(|(index, change)| {
            if change.kind != ChangeKind::Same {
                return change;
            }
            let words: Vec<&str> = change.text.split_inclusive(char::is_whitespace).collect();
            let keep_start = if index == 0 { 0 } else { CONTEXT_WORDS };
            let keep_end = if index == last { 0 } else { CONTEXT_WORDS };
            if words.len() <= keep_start + keep_end + 2 {
                return change;
            }
            let start: String = words[..keep_start].concat();
            let end: String = words[words.len() - keep_end..].concat();
            WordChange {
                kind: ChangeKind::Same,
                text: format!("{start}… {end}"),
            }
        })
        .collect();
    // No blank lines before the first word or after the last one.
    if let Some(first) = changes.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = changes.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    changes.retain(|c| !c.text.is_empty());
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(kind: ChangeKind, text: &str) -> WordChange {
        WordChange {
            kind,
            text: text.to_owned(),
        }
    }

    #[test]
    fn long_unchanged_stretches_are_cut_around_the_change() {
        let long = "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien achttien ";
        let changes = vec![
            run(ChangeKind::Same, long),
            run(ChangeKind::Added, "nieuw "),
            run(ChangeKind::Same, long),
        ];
        let short = condensed(changes);
        assert_eq!(short.len(), 3);
        assert_eq!(
            short[0].text,
            "… elf twaalf dertien veertien vijftien zestien zeventien achttien "
        );
        assert_eq!(short[1].text, "nieuw ");
        assert_eq!(short[2].text, "een twee drie vier vijf zes zeven acht …");
        // The change itself is never shortened, nor a short stretch.
        let kept = condensed(vec![
            run(ChangeKind::Removed, long),
            run(ChangeKind::Same, "en dan "),
            run(ChangeKind::Added, "x"),
        ]);
        assert_eq!(kept[0].text, long);
        // Blank lines at the very start and end are not shown.
        let trimmed = condensed(vec![run(ChangeKind::Added, "\n\nBij brand\n")]);
        assert_eq!(trimmed[0].text, "Bij brand");
        assert_eq!(kept[1].text, "en dan ");
    }

    #[test]
    fn no_change_is_nothing_to_show() {
        assert!(condensed(vec![run(ChangeKind::Same, "alles gelijk")]).is_empty());
        assert!(condensed(Vec::new()).is_empty());
    }
}
