//! Checklists and self-evaluations against a real SQLite file, on the default content:
//! routine ticks that survive a restart, a self-evaluation answered, finished, queued and
//! acknowledged through the outbox, and a writer killed with SIGKILL between writes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kompas_core::SourceFile;
use kompas_proto::checklist::{
    ActionStatus, Answer, ChecklistKind, EvaluationState, ImprovementAction, Missing,
    ThemeReflection,
};
use kompas_proto::sync::SubmissionRequest;
use kompas_store::{ChecklistPageEnd, Store, StoreError};

const SELF_EVALUATION: &str = "zelfevaluatie-hospice";

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// The app's bundle: the handbook, and its checklists beside it.
fn bundle() -> Vec<SourceFile> {
    let (mut files, problems) =
        kompas_content::folder::read(&content().join("handbook")).expect("the default handbook");
    assert!(problems.is_empty(), "{problems:?}");
    let (checklists, problems) = kompas_content::folder::read(&content().join("checklists"))
        .expect("the default checklists");
    assert!(problems.is_empty(), "{problems:?}");
    files.extend(checklists.into_iter().map(|mut file| {
        file.path = format!("../checklists/{}", file.path);
        file
    }));
    files
}

fn seeded(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open");
    store.seed_from_bundle(bundle()).expect("seed");
    store
}

/// Every question of the default self-evaluation, with its theme.
fn questions(store: &Store) -> Vec<(String, String)> {
    let definition = store
        .checklist(SELF_EVALUATION, None)
        .expect("read")
        .expect("the default self-evaluation");
    definition
        .themes()
        .iter()
        .flat_map(|t| t.questions.iter().map(|q| (t.id.clone(), q.id.clone())))
        .collect()
}

#[test]
fn the_bundle_brings_routine_checklists_and_the_self_evaluation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = seeded(&dir.path().join("kompas.sqlite"));
    let list = store.checklists().expect("list");
    let routine = list
        .iter()
        .filter(|c| c.kind == ChecklistKind::Routine)
        .count();
    assert!(routine >= 4, "{list:?}");
    // Routine checklists first: they are what a volunteer on a shift looks for.
    assert_eq!(list.last().expect("some").id, SELF_EVALUATION);
    assert!(list.iter().all(|c| c.items > 0));
    // A section that a checklist links to lists it.
    let linked = store
        .checklists_for_section("als-een-gast-overlijdt")
        .expect("linked");
    assert!(
        linked.iter().any(|c| c.kind == ChecklistKind::Routine),
        "{linked:?}"
    );
}

#[test]
fn routine_ticks_survive_a_restart_and_start_over_clears_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kompas.sqlite");
    let id = {
        let mut store = seeded(&path);
        let id = store
            .checklists()
            .expect("list")
            .into_iter()
            .find(|c| c.kind == ChecklistKind::Routine)
            .expect("a routine checklist")
            .id;
        store.tick_step(&id, 0, true).expect("tick");
        store.tick_step(&id, 2, true).expect("tick");
        store.tick_step(&id, 2, true).expect("twice is once");
        store.tick_step(&id, 0, false).expect("untick");
        id
    };
    let mut store = seeded(&path);
    let view = store.routine(&id).expect("read").expect("there");
    assert_eq!(view.ticked, [2]);
    assert!(view.started_at.is_some());
    store.restart_routine(&id).expect("restart");
    let view = store.routine(&id).expect("read").expect("there");
    assert!(view.ticked.is_empty() && view.started_at.is_none());
    // A self-evaluation is not a routine checklist.
    assert!(store.routine(SELF_EVALUATION).expect("read").is_none());
}

#[test]
fn a_self_evaluation_goes_from_concept_to_sent_and_a_change_is_a_new_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = seeded(&dir.path().join("kompas.sqlite"));
    let concept = store
        .start_self_evaluation("de-linde", SELF_EVALUATION, 2026)
        .expect("start");
    assert_eq!(concept.state, EvaluationState::Concept);
    // Starting again continues the same one.
    let again = store
        .start_self_evaluation("de-linde", SELF_EVALUATION, 2026)
        .expect("start");
    assert_eq!(again.uuid, concept.uuid);
    let uuid = concept.uuid;

    // Nothing answered: Afronden lists every question, narrative and the summary.
    let all = questions(&store);
    let gaps = store.finish_self_evaluation(&uuid).expect("finish");
    assert!(gaps.len() > all.len(), "{gaps:?}");
    assert!(gaps.contains(&Missing::Summary));

    for (i, (_, question)) in all.iter().enumerate() {
        let answer = if i == 0 { Answer::Nvt } else { Answer::Deels };
        store
            .save_answer(&uuid, question, Some(answer), "")
            .expect("answer");
    }
    let definition = store
        .checklist(SELF_EVALUATION, None)
        .expect("read")
        .expect("there");
    for theme in definition.themes() {
        let reflection = ThemeReflection {
            goes_well: "De sfeer in huis.".into(),
            to_improve: "Vastleggen wat we afspreken.".into(),
        };
        store
            .save_reflection(&uuid, &theme.id, &reflection)
            .expect("reflection");
    }
    store
        .save_summary(&uuid, "Een goed begin.")
        .expect("summary");
    let action = store
        .save_action(
            &uuid,
            &ImprovementAction {
                id: String::new(),
                theme: definition.themes()[0].id.clone(),
                what: "Wensen van gasten vastleggen".into(),
                goal: "In elk dossier".into(),
                who: "coördinator".into(),
                due: Some("2027-06-01".into()),
                status: ActionStatus::Gepland,
                evaluation: String::new(),
            },
        )
        .expect("action");
    assert!(!action.id.is_empty());

    // Only the N.v.t. without its explanation is missing now.
    let (first_theme, first_question) = all[0].clone();
    assert_eq!(
        store.finish_self_evaluation(&uuid).expect("finish"),
        [Missing::Explanation {
            theme: first_theme,
            question: first_question.clone()
        }]
    );
    store
        .save_answer(
            &uuid,
            &first_question,
            Some(Answer::Nvt),
            "Geen vrijwilligers in de nacht.",
        )
        .expect("explain");
    assert!(store
        .finish_self_evaluation(&uuid)
        .expect("finish")
        .is_empty());
    let finished = store.self_evaluation(&uuid).expect("read").expect("there");
    assert_eq!(finished.state, EvaluationState::Finished);
    assert!(matches!(
        store.save_summary(&uuid, "later"),
        Err(StoreError::Refused(_))
    ));

    // Versturen: into the outbox with what the server will check.
    assert_eq!(store.queue_self_evaluation(&uuid).expect("queue"), uuid);
    let outbox = store.outbox().expect("outbox");
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].key, uuid);
    let request: SubmissionRequest = serde_json::from_str(&outbox[0].payload).expect("json");
    assert_eq!(request.organization, "de-linde");
    assert_eq!(request.evaluation.answers.len(), all.len());
    assert_eq!(request.evaluation.actions.len(), 1);
    assert_eq!(store.outbox_waiting().expect("count"), 1);

    store
        .outbox_delivered(outbox[0].seq, "2026-12-02T10:00:00Z")
        .expect("delivered");
    assert_eq!(store.outbox_waiting().expect("count"), 0);
    let sent = store.self_evaluation(&uuid).expect("read").expect("there");
    assert_eq!(sent.state, EvaluationState::Sent);
    assert_eq!(sent.sent_at.as_deref(), Some("2026-12-02T10:00:00Z"));

    // A change after sending: a new concept naming the sent one.
    let revised = store.revise_self_evaluation(&uuid).expect("revise");
    assert_ne!(revised.uuid, uuid);
    assert_eq!(revised.replaces.as_deref(), Some(uuid.as_str()));
    assert_eq!(revised.answers, sent.answers);
    assert_eq!(revised.actions, sent.actions);
    assert_eq!(
        store
            .start_self_evaluation("de-linde", SELF_EVALUATION, 2026)
            .expect("this year")
            .uuid,
        revised.uuid
    );
}

#[test]
fn a_refused_submission_comes_back_with_the_reason_and_goes_again_under_a_new_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = seeded(&dir.path().join("kompas.sqlite"));
    let uuid = complete(&mut store, "de-linde", 2026);
    store.queue_self_evaluation(&uuid).expect("queue");
    let item = store.outbox().expect("outbox").remove(0);
    store
        .outbox_refused(item.seq, "Only a manager of this hospice may send it.")
        .expect("refused");
    let back = store.self_evaluation(&uuid).expect("read").expect("there");
    assert_eq!(back.state, EvaluationState::Finished);
    assert!(back.refused.as_deref().unwrap_or("").contains("manager"));
    assert_eq!(store.outbox_waiting().expect("count"), 0);
    let again = store.queue_self_evaluation(&uuid).expect("queue again");
    assert_ne!(again, uuid);
    let moved = store.self_evaluation(&again).expect("read").expect("there");
    assert_eq!(moved.answers, back.answers);
    assert!(store.self_evaluation(&uuid).expect("read").is_none());
}

#[test]
fn open_actions_of_last_year_are_offered_when_this_year_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = seeded(&dir.path().join("kompas.sqlite"));
    let last_year = store
        .start_self_evaluation("de-linde", SELF_EVALUATION, 2025)
        .expect("start")
        .uuid;
    let theme = questions(&store)[0].0.clone();
    for (what, status) in [
        ("Open", ActionStatus::Bezig),
        ("Klaar", ActionStatus::Afgerond),
        ("Gepland", ActionStatus::Gepland),
    ] {
        store
            .save_action(
                &last_year,
                &ImprovementAction {
                    id: String::new(),
                    theme: theme.clone(),
                    what: what.into(),
                    goal: String::new(),
                    who: String::new(),
                    due: None,
                    status,
                    evaluation: String::new(),
                },
            )
            .expect("action");
    }
    let this_year = store
        .start_self_evaluation("de-linde", SELF_EVALUATION, 2026)
        .expect("start");
    let carried: Vec<&str> = this_year.actions.iter().map(|a| a.what.as_str()).collect();
    assert_eq!(carried, ["Open", "Gepland"]);
    // Another hospice on the same device starts with none.
    let other = store
        .start_self_evaluation("het-anker", SELF_EVALUATION, 2026)
        .expect("start");
    assert!(other.actions.is_empty());
}

#[test]
fn a_first_full_pull_of_checklists_replaces_the_bundled_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = seeded(&dir.path().join("kompas.sqlite"));
    let from_server = store
        .checklist(SELF_EVALUATION, None)
        .expect("read")
        .expect("there");
    let mut newer = from_server.clone();
    newer.version += 1;
    newer.title = "Zelfevaluatie (regio)".into();
    let end = ChecklistPageEnd {
        cursor: "v1.2",
        full_pending: false,
    };
    let changes = store
        .apply_checklist_page(&[newer.clone()], &[], &end, true)
        .expect("apply");
    assert_eq!(changes.added, 1);
    let list = store.checklists().expect("list");
    assert_eq!(list.len(), 1, "only what the server sent: {list:?}");
    assert_eq!(list[0].version, newer.version);
    // The bundled version stays readable for a self-evaluation that answers it.
    assert!(store
        .checklist(SELF_EVALUATION, Some(from_server.version))
        .expect("read")
        .is_some());
    assert_eq!(
        store
            .sync_record()
            .expect("record")
            .pull
            .checklist_cursor
            .as_deref(),
        Some("v1.2")
    );
    // A newer app's bundle no longer brings checklists back.
    store.seed_from_bundle(bundle()).expect("seed");
    assert_eq!(store.checklists().expect("list").len(), 1);
    // A withdrawal takes it off the list.
    store
        .apply_checklist_page(&[], &[SELF_EVALUATION.to_owned()], &end, false)
        .expect("apply");
    assert!(store.checklists().expect("list").is_empty());
}

/// Answers everything of the default self-evaluation and finishes it.
fn complete(store: &mut Store, organization: &str, year: i32) -> String {
    let uuid = store
        .start_self_evaluation(organization, SELF_EVALUATION, year)
        .expect("start")
        .uuid;
    for (_, question) in questions(store) {
        store
            .save_answer(&uuid, &question, Some(Answer::Ja), "")
            .expect("answer");
    }
    let definition = store
        .checklist(SELF_EVALUATION, None)
        .expect("read")
        .expect("there");
    for theme in definition.themes() {
        let reflection = ThemeReflection {
            goes_well: "Goed.".into(),
            to_improve: "Beter.".into(),
        };
        store
            .save_reflection(&uuid, &theme.id, &reflection)
            .expect("reflection");
    }
    store.save_summary(&uuid, "Samen.").expect("summary");
    assert!(store
        .finish_self_evaluation(&uuid)
        .expect("finish")
        .is_empty());
    uuid
}

/// The child's part of the SIGKILL test: answers question after question of a new
/// self-evaluation in the store at `KOMPAS_KILL_STORE`, printing each one once its
/// transaction committed, until it is killed.
#[test]
fn writer_for_the_kill_test() {
    let Some(path) = std::env::var_os("KOMPAS_KILL_STORE") else {
        return;
    };
    let mut store = seeded(Path::new(&path));
    let uuid = store
        .start_self_evaluation("de-linde", SELF_EVALUATION, 2026)
        .expect("start")
        .uuid;
    println!("uuid {uuid}");
    let all = questions(&store);
    for round in 0u64.. {
        for (_, question) in &all {
            let explanation = format!("ronde {round}");
            store
                .save_answer(&uuid, question, Some(Answer::Grotendeels), &explanation)
                .expect("answer");
            println!("saved {question} {round}");
        }
    }
}

#[test]
fn a_writer_killed_between_writes_loses_nothing_it_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kompas.sqlite");
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "writer_for_the_kill_test",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("KOMPAS_KILL_STORE", &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the writer");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut uuid = None;
    let mut saved: Vec<(String, String)> = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("a line");
        // The harness prints "test writer_for_the_kill_test ... " before the first line.
        if let Some((_, id)) = line.split_once("uuid ") {
            uuid = Some(id.to_owned());
        } else if let Some(rest) = line.strip_prefix("saved ") {
            let (question, round) = rest.split_once(' ').expect("question and round");
            saved.push((question.to_owned(), round.to_owned()));
            // Well into the second round, so some answers are overwritten once.
            if saved.len() == 50 {
                break;
            }
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let uuid = uuid.expect("the writer started a self-evaluation");
    let store = Store::open(&path).expect("reopen after the kill");
    let record = store.self_evaluation(&uuid).expect("read").expect("there");
    assert_eq!(record.state, EvaluationState::Concept);
    for (question, round) in &saved {
        let draft = record.answers.get(question).expect("every saved answer");
        assert_eq!(draft.answer, Some(Answer::Grotendeels));
        let stored_round: u64 = draft
            .explanation
            .strip_prefix("ronde ")
            .and_then(|r| r.parse().ok())
            .expect("an explanation it wrote");
        // The writer may have saved more after the last line we read, never less.
        assert!(stored_round >= round.parse::<u64>().expect("a number"));
    }
}
