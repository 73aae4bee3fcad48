//! Two storages, one behaviour: the same answer for the same case on SQLite and on
//! PostgreSQL, mistakes, transactions and concurrent writers included.

use super::*;

on_both!(
    the_same_mistakes_get_the_same_answers,
    an_add_region_that_fails_halfway_leaves_nothing,
    memberships_come_in_the_same_order,
    a_write_waits_for_another_writer_instead_of_failing,
    a_database_of_a_newer_server_is_refused,
);

/// A database that a newer server migrated is refused at start, with the same error and
/// advice on both storages, and left as it is.
async fn a_database_of_a_newer_server_is_refused(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let opened = match &server.raw {
        Raw::Sqlite(path) => {
            server.raw.execute("PRAGMA user_version = 99;").await;
            Db::open(path)
        }
        Raw::Postgres(url) => {
            server
                .raw
                .execute("UPDATE schema_version SET version = 99;")
                .await;
            Db::connect(url).await
        }
    };
    let error = opened.expect_err("refused");
    // Both storages are at schema version 8: a migration is added to both at once.
    assert!(
        matches!(
            error,
            DbError::SchemaTooNew {
                found: 99,
                known: 8
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the database has schema version 99, this server knows up to 8: run a newer \
         kompas-server"
    );
}

/// What an operation answered, in words that do not depend on the storage: the storages
/// must give the same words for the same case.
fn outcome<T: std::fmt::Debug>(result: Result<T, DbError>) -> String {
    match result {
        Ok(value) => format!("ok {value:?}"),
        Err(DbError::NotFound(what)) => format!("not found: {what}"),
        Err(DbError::Invalid(message)) => format!("invalid: {message}"),
        Err(DbError::Internal(_)) => "internal".into(),
        Err(_) => "database error".into(),
    }
}

/// A section with a NUL in its body, which only a broken file has.
fn nul_section() -> kompas_core::Section {
    kompas_core::Section {
        id: "met-nul".into(),
        title: "Met nul".into(),
        category: "Protocollen".into(),
        category_rank: 1,
        order: 1,
        tags: Vec::new(),
        critical: false,
        review_by: None,
        local_policy: Default::default(),
        body: "voor\0na".into(),
        source_path: "met-nul.md".into(),
        change_note: String::new(),
        must_read: false,
    }
}

/// Every mistake an operator (CLI) or a stale token can make gets the same answer on
/// both storages.
async fn the_same_mistakes_get_the_same_answers(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let db = &server.db;
    let hash = auth::hash_password(PASSWORD).expect("hash");
    let head = db.region_head("utrecht").await.expect("head");
    let cases = [
        (
            outcome(db.add_region("utrecht", "Nog eens").await),
            "invalid: region `utrecht` already exists".to_owned(),
        ),
        (
            outcome(db.add_region("Utrecht!", "Fout").await),
            "invalid: `Utrecht!` is not a valid region id: use lowercase letters, digits and \
             dashes"
                .to_owned(),
        ),
        (
            outcome(db.add_organization("de-linde", "utrecht", "Nog eens").await),
            "invalid: organization `de-linde` already exists".to_owned(),
        ),
        (
            outcome(db.add_organization("nieuw", "nergens", "Nieuw").await),
            "not found: region `nergens` (add it first with `region add`)".to_owned(),
        ),
        (
            outcome(db.add_account("volunteer", &hash, false).await),
            "invalid: user `volunteer` already exists".to_owned(),
        ),
        (
            outcome(db.add_account("  ", &hash, false).await),
            "invalid: a username must be 1 to 100 characters".to_owned(),
        ),
        (
            outcome(
                db.add_membership("niemand", "de-linde", Role::Volunteer)
                    .await,
            ),
            "not found: user `niemand`".to_owned(),
        ),
        (
            outcome(
                db.add_membership("volunteer", "nergens", Role::Volunteer)
                    .await,
            ),
            "not found: organization `nergens`".to_owned(),
        ),
        // The user is checked first.
        (
            outcome(
                db.add_membership("niemand", "nergens", Role::Volunteer)
                    .await,
            ),
            "not found: user `niemand`".to_owned(),
        ),
        (
            outcome(db.add_coordinator("niemand", "utrecht").await),
            "not found: user `niemand`".to_owned(),
        ),
        (
            outcome(db.add_coordinator("volunteer", "nergens").await),
            "not found: region `nergens`".to_owned(),
        ),
        // Twice is the same as once.
        (
            outcome(db.add_coordinator("coordinator", "utrecht").await),
            "ok ()".to_owned(),
        ),
        (
            outcome(db.revoke_all_tokens("niemand").await),
            "not found: user `niemand`".to_owned(),
        ),
        // A token whose account is gone (cached, or another process removed it).
        (
            outcome(db.account(999_999).await),
            "not found: account 999999".to_owned(),
        ),
        (
            outcome(db.organization_access(999_999, "de-linde").await),
            format!(
                "ok Some(OrganizationAccess {{ region: \"utrecht\", reader: false, head: {head}, \
                 overlay_head: 0, role: None }})"
            ),
        ),
        (
            outcome(db.organization_access(999_999, "nergens").await),
            "ok None".to_owned(),
        ),
        (
            outcome(db.publish("nergens", Vec::new()).await),
            "not found: region `nergens`".to_owned(),
        ),
        (outcome(db.region_head("nergens").await), "ok 0".to_owned()),
        // PostgreSQL cannot store a NUL in text, so neither storage takes one.
        (
            outcome(db.add_account("a\0b", &hash, false).await),
            "invalid: a username cannot contain a NUL character".to_owned(),
        ),
        (
            outcome(db.add_region("nul", "Regio\0Nul").await),
            "invalid: a region name cannot contain a NUL character".to_owned(),
        ),
        (
            outcome(db.add_organization("nul", "utrecht", "\0").await),
            "invalid: an organization name cannot contain a NUL character".to_owned(),
        ),
        (
            outcome(db.password_hash("volun\0teer").await),
            "ok None".to_owned(),
        ),
        (
            outcome(db.revoke_all_tokens("volun\0teer").await),
            "not found: user `volun\0teer`".to_owned(),
        ),
        (
            outcome(db.organization_access(999_999, "de\0linde").await),
            "ok None".to_owned(),
        ),
        (
            outcome(
                db.add_membership("volun\0teer", "de-linde", Role::Volunteer)
                    .await,
            ),
            "not found: user `volun\0teer`".to_owned(),
        ),
        (
            outcome(
                db.add_membership("volunteer", "de\0linde", Role::Volunteer)
                    .await,
            ),
            "not found: organization `de\0linde`".to_owned(),
        ),
        (
            outcome(db.add_coordinator("coordinator", "utr\0echt").await),
            "not found: region `utr\0echt`".to_owned(),
        ),
        (
            outcome(db.region_head("utr\0echt").await),
            "ok 0".to_owned(),
        ),
        (
            outcome(db.publish("utrecht", vec![nul_section()]).await),
            "invalid: section `met-nul` cannot contain a NUL character (in its body)".to_owned(),
        ),
        (
            outcome(db.changes("nergens", 0, 10).await),
            "ok ChangeRows { sections: [], removed: [], last_seq: 0, more: false }".to_owned(),
        ),
    ];
    for (number, (answer, expected)) in cases.into_iter().enumerate() {
        assert_eq!(answer, expected, "case {number}");
    }
    // The limit counts characters, not bytes.
    let long = "é".repeat(100);
    assert!(db.add_account(&long, &hash, false).await.is_ok());
    assert_eq!(
        outcome(db.add_account(&format!("{long}e"), &hash, false).await),
        "invalid: a username must be 1 to 100 characters"
    );
    // Nothing above changed the handbook.
    assert_eq!(db.region_head("utrecht").await.expect("head"), head);
}

/// `add_region` writes the region and its change counter in one transaction: when the
/// second write fails, the first is not left behind.
async fn an_add_region_that_fails_halfway_leaves_nothing(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    // A change counter without its region, which only a damaged database has.
    let orphan = "INSERT INTO region_head (region_id, seq) VALUES ('spook', 5);";
    match &server.raw {
        Raw::Sqlite(_) => {
            server
                .raw
                .execute(&format!("PRAGMA foreign_keys = OFF; {orphan}"))
                .await
        }
        Raw::Postgres(_) => {
            server
                .raw
                .execute(&format!(
                    "ALTER TABLE region_head DROP CONSTRAINT region_head_region_id_fkey; {orphan}"
                ))
                .await
        }
    }
    let added = server.db.add_region("spook", "Regio Spook").await;
    assert_eq!(outcome(added), "database error");
    assert_eq!(
        server
            .raw
            .strings("SELECT id FROM region WHERE id = 'spook'")
            .await,
        Vec::<String>::new(),
        "the region was written without its change counter"
    );
    assert_eq!(
        outcome(
            server
                .db
                .add_organization("spookhuis", "spook", "Spookhuis")
                .await
        ),
        "not found: region `spook` (add it first with `region add`)"
    );
}

/// The memberships of `/me` in the same order on both storages (by name, case aside),
/// whatever the database's collation; a second membership of the same hospice changes
/// the role.
async fn memberships_come_in_the_same_order(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let db = &server.db;
    for (id, name) in [("zonnehuis", "Zonnehuis"), ("anker", "anker")] {
        db.add_organization(id, "utrecht", name).await.expect("org");
        db.add_membership("volunteer", id, Role::Manager)
            .await
            .expect("member");
    }
    db.add_membership("volunteer", "anker", Role::Volunteer)
        .await
        .expect("another role");
    db.add_coordinator("coordinator", "gelderland")
        .await
        .expect("coordinator");
    let token = login(&server.app, "volunteer").await;
    let answer = send(
        &server.app,
        request(Method::GET, "/api/v1/me", Some(&token), None),
    )
    .await;
    let account: kompas_proto::sync::Account = answer.json();
    let memberships: Vec<_> = account
        .memberships
        .iter()
        .map(|m| (m.organization_name.as_str(), m.role))
        .collect();
    assert_eq!(
        memberships,
        [
            ("anker", Role::Volunteer),
            ("Hospice De Linde", Role::Volunteer),
            ("Zonnehuis", Role::Manager),
        ]
    );
    let coordinator = db
        .password_hash("coordinator")
        .await
        .expect("lookup")
        .expect("exists")
        .0;
    let account = db.account(coordinator).await.expect("account");
    assert_eq!(account.coordinator_of, ["gelderland", "utrecht"]);
}

/// Another process (the CLI next to a running server) writing at the same moment makes an
/// operation wait, on both storages, not fail halfway between its read and its write.
async fn a_write_waits_for_another_writer_instead_of_failing(storage: Storage) {
    let Some(server) = server(storage).await else {
        return;
    };
    let write = "INSERT INTO region (id, name) VALUES ('zeeland', 'Regio Zeeland');
                 INSERT INTO region_head (region_id, seq) VALUES ('zeeland', 0);";
    // SQLite has one write lock for the file; on PostgreSQL the other writer also locks
    // the table this operation writes.
    let write = match &server.raw {
        Raw::Sqlite(_) => write.to_owned(),
        Raw::Postgres(_) => format!("{write} LOCK TABLE membership IN EXCLUSIVE MODE;"),
    };
    let other = server
        .raw
        .hold_transaction(write, std::time::Duration::from_millis(300))
        .await;
    server
        .db
        .add_membership("outsider", "het-anker", Role::Volunteer)
        .await
        .expect("waits for the other writer, then adds");
    other.await.expect("the other writer committed");
    server
        .db
        .add_coordinator("coordinator", "zeeland")
        .await
        .expect("the other writer's region is there");
}
