//! Must-read marks: a coordinator's (front matter `wijziging:`, `moet_lezen:`) travels
//! with the revision a publish makes of a changed text, a manager's with the overlay
//! version it was published with; both reach devices in the pull and in the section's
//! history. A database from before the marks upgrades.

use kompas_proto::overlay::SectionHistory;
use kompas_proto::overlay::{OverlayChange, OverlayReceipt, OverlayState, Placement};
use kompas_proto::reading::ReaderUpdate;
use kompas_proto::sync::MAX_PAGE_SIZE;

use super::*;

on_both!(
    a_coordinators_mark_belongs_to_the_revision_it_came_with,
    a_managers_mark_reaches_the_pull_and_the_history,
    a_database_from_before_must_read_upgrades,
);

const SECTION: &str = "als-een-gast-valt";
const NOTE: &str = "Meld elke val ook in het valregister.";
const HISTORY: &str = "/api/v1/organizations/de-linde/overlay/history/als-een-gast-valt";
const ENTRY: &str = "/api/v1/organizations/de-linde/overlay/entry";

/// A copy of the handbook whose fall protocol has `front` added to its front matter and
/// `tail` to its text.
fn handbook_with(front: &str, tail: &str) -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("temp dir");
    kompas_tests::copy_dir(std::path::Path::new("../../content/handbook"), copy.path())
        .expect("copy the handbook");
    let file = find_file(copy.path(), SECTION).expect("the fall protocol");
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text.replacen("---\n", &format!("---\n{front}"), 1);
    std::fs::write(&file, format!("{text}{tail}")).expect("write");
    copy
}

async fn publish(db: &Db, folder: &tempfile::TempDir) -> usize {
    publish_dir(db, folder.path(), "utrecht")
        .await
        .expect("publish")
        .sections
        .changed
}

fn fall(page: &ChangesPage) -> &WireSection {
    page.sections
        .iter()
        .find(|s| s.id == SECTION)
        .expect("the fall protocol")
}

async fn history(app: &Router, token: &str) -> SectionHistory {
    let answer = send(app, request(Method::GET, HISTORY, Some(token), None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.json()
}

async fn a_coordinators_mark_belongs_to_the_revision_it_came_with(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let token = login(app, "volunteer").await;
    let (all, _) = pull_all(app, &token, "de-linde", String::new()).await;
    assert!(all
        .sections
        .iter()
        .all(|s| !s.must_read && s.change_note.is_empty()));

    // Changed, with a note and the mark: the new revision carries both.
    let tail = "\nNieuw: meld elke val ook in het valregister.\n";
    let marked = handbook_with(&format!("wijziging: {NOTE}\nmoet_lezen: true\n"), tail);
    assert_eq!(publish(&server.db, &marked).await, 1);
    let (delta, _) = pull_all(app, &token, "de-linde", all.cursor.clone()).await;
    assert_eq!(delta.sections.len(), 1);
    let section = fall(&delta);
    assert_eq!(
        (
            section.revision,
            section.must_read,
            section.change_note.as_str()
        ),
        (2, true, NOTE)
    );

    // Published again as it is, or with only another note and no mark: the text did not
    // change, so nothing does; revision 2 keeps its note and mark.
    assert_eq!(publish(&server.db, &marked).await, 0);
    let renoted = handbook_with("wijziging: Een andere notitie.\n", tail);
    assert_eq!(publish(&server.db, &renoted).await, 0);
    let (nothing, _) = pull_all(app, &token, "de-linde", delta.cursor.clone()).await;
    assert!(nothing.sections.is_empty());
    let (fresh, _) = pull_all(app, &token, "de-linde", String::new()).await;
    let section = fall(&fresh);
    assert_eq!(
        (
            section.revision,
            section.must_read,
            section.change_note.as_str()
        ),
        (2, true, NOTE)
    );

    // A later change without the keys: a revision without note or mark of its own; the
    // wire still names revision 2 as the newest must-read one, with its note, so a device
    // that never saw revision 2 learns of it.
    let later = handbook_with("", &format!("{tail}En bel daarna de familie.\n"));
    assert_eq!(publish(&server.db, &later).await, 1);
    let uri = format!(
        "/api/v1/organizations/de-linde/changes?cursor={}",
        delta.cursor
    );
    let answer = send(app, request(Method::GET, &uri, Some(&token), None)).await;
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    assert!(
        !text.contains("\"must_read\":") && !text.contains("change_note"),
        "{text}"
    );
    let page: ChangesPage = answer.json();
    let section = fall(&page);
    assert_eq!(
        (
            section.revision,
            section.must_read,
            section.change_note.as_str(),
            section.must_read_revision,
            section.must_read_note.as_str()
        ),
        (3, false, "", Some(2), NOTE)
    );

    // The history keeps each revision's own note and mark.
    let base: Vec<(i64, bool, String)> = history(app, &token)
        .await
        .base
        .into_iter()
        .map(|r| (r.revision, r.must_read, r.change_note))
        .collect();
    assert_eq!(
        base,
        [
            (1, false, String::new()),
            (2, true, NOTE.to_owned()),
            (3, false, String::new())
        ]
    );
}

async fn a_managers_mark_reaches_the_pull_and_the_history(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let app = &server.app;
    let manager = login(app, "manager").await;
    let volunteer = login(app, "volunteer").await;
    let (all, _) = pull_all(app, &volunteer, "de-linde", String::new()).await;
    let supplement = |text: &str| OverlayChange::Supplement {
        section: SECTION.into(),
        placement: Placement::After,
        markdown: text.into(),
    };
    let publish = |change: Option<&OverlayChange>, based_on: i64, must_read: bool| {
        let key = supplement("").key();
        let body = json!({
            "key": key, "based_on": based_on, "change": change, "note": "Valmat",
            "must_read": must_read
        });
        request(Method::PUT, ENTRY, Some(&manager), Some(&body.to_string()))
    };
    let version = |answer: Answer| {
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.json::<OverlayReceipt>().version
    };

    let first = supplement("Bij ons ligt de valmat in de linnenkast.\n");
    assert_eq!(version(send(app, publish(Some(&first), 0, true)).await), 1);
    // The same change again without the mark (another device's retry): the same version,
    // and the mark stays as published.
    assert_eq!(version(send(app, publish(Some(&first), 0, false)).await), 1);
    let uri = format!(
        "/api/v1/organizations/de-linde/changes?cursor={}",
        all.cursor
    );
    let delta: ChangesPage = send(app, request(Method::GET, &uri, Some(&volunteer), None))
        .await
        .json();
    let overlay = delta.overlay.expect("the hospice's change");
    assert_eq!(overlay.entries.len(), 1);
    assert!(overlay.entries[0].must_read);
    assert_eq!(
        (overlay.entries[0].version, overlay.entries[0].note.as_str()),
        (1, "Valmat")
    );
    let state: OverlayState = send(
        app,
        request(
            Method::GET,
            "/api/v1/organizations/de-linde/overlay",
            Some(&volunteer),
            None,
        ),
    )
    .await
    .json();
    assert!(state.entries[0].must_read);

    // Changed without the mark: not must read. Taken back with it: never, there is no
    // text of the hospice's left to read.
    let second = supplement("De valmat ligt nu in de berging.\n");
    assert_eq!(
        version(send(app, publish(Some(&second), 1, false)).await),
        2
    );
    let uri = format!(
        "/api/v1/organizations/de-linde/changes?cursor={}",
        delta.cursor
    );
    let later: ChangesPage = send(app, request(Method::GET, &uri, Some(&volunteer), None))
        .await
        .json();
    let entries = later.overlay.expect("the change").entries;
    assert_eq!((entries[0].version, entries[0].must_read), (2, false));
    assert_eq!(version(send(app, publish(None, 2, true)).await), 3);
    let local: Vec<(i64, bool)> = history(app, &volunteer)
        .await
        .local
        .into_iter()
        .map(|r| (r.version, r.must_read))
        .collect();
    assert_eq!(local, [(1, true), (2, false), (3, false)]);
}

/// A database of the server before must-read marks (schema 6) is brought up to date
/// when a newer server opens it: what was published is no must-read change, and the
/// list of readers works at once.
async fn a_database_from_before_must_read_upgrades(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let mut back = String::from("DROP TABLE acknowledgement; DROP TABLE reader;");
    for (table, column) in [
        ("section", "change_note"),
        ("section", "must_read"),
        ("section_revision", "change_note"),
        ("section_revision", "must_read"),
        ("overlay_entry", "must_read"),
        ("overlay_revision", "must_read"),
    ] {
        back.push_str(&format!(" ALTER TABLE {table} DROP COLUMN {column};"));
    }
    back.push_str(match storage {
        Storage::Sqlite => " PRAGMA user_version = 6;",
        Storage::Postgres => " UPDATE schema_version SET version = 6;",
    });
    server.raw.execute(&back).await;

    let db = server.another_process().await;
    let rows = db
        .changes("utrecht", 0, MAX_PAGE_SIZE)
        .await
        .expect("sections");
    assert!(!rows.sections.is_empty());
    assert!(rows
        .sections
        .iter()
        .all(|s| !s.must_read && s.change_note.is_empty()));
    let before = db
        .section_history("de-linde", "utrecht", SECTION)
        .await
        .expect("history");
    assert!(before.base.iter().all(|r| !r.must_read));
    let reader = db
        .save_reader(
            "de-linde",
            super::reading::READER,
            1,
            &ReaderUpdate {
                name: "Bram".into(),
                active: true,
            },
        )
        .await
        .expect("the list works");
    assert_eq!(
        db.readers("de-linde", 0).await.expect("read").readers,
        [reader]
    );
    let head = db.region_head("utrecht").await.expect("head");
    let marked = handbook_with(
        &format!("wijziging: {NOTE}\nmoet_lezen: true\n"),
        "\nNieuw.\n",
    );
    assert_eq!(publish(&db, &marked).await, 1);
    let rows = db.changes("utrecht", head, 10).await.expect("the change");
    assert!(rows.sections[0].must_read);
}
