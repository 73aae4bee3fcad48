//! Load generator for the ingest of finished self-evaluations (issue #11). A harness of
//! its own, not criterion: the goals are a sustained rate and a tail latency.
//!
//! Run with `cargo bench -p kompas-sync --bench ingest` (or `./kompas.sh bench`). The
//! server runs on loopback on a real SQLite file, and on PostgreSQL when
//! `KOMPAS_TEST_POSTGRES` names one (`./kompas.sh bench` starts it). 50 devices send
//! finished self-evaluations (7 themes, 30 answers, 10 improvement actions) one after
//! another with the app's own client (`kompas_sync::Client::submit`, keep-alive, each under
//! a new UUID v7), for a fixed time. It prints the rate, the latency percentiles, and the
//! bytes of one submission on the wire, plain and gzip.
//!
//! Without `--bench` (under `cargo test --all-targets`) it is a one-second run of the same
//! code with 5 devices.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Duration, Instant};

use kompas_proto::checklist::{
    ActionStatus, Answer, ChecklistBody, ChecklistDefinition, ChecklistRef, ImprovementAction,
    Question, QuestionAnswer, Scale, SelfEvaluation, Theme, ThemeReflection,
};
use kompas_proto::sync::SubmissionRequest;
use kompas_server::Db;
use kompas_sync::{server_url, Client};

const PASSWORD: &str = "een lang wachtwoord voor de bench";

struct Run {
    devices: usize,
    seconds: u64,
}

fn scale() -> Run {
    if std::env::args().any(|a| a == "--bench") {
        Run {
            devices: 50,
            seconds: 10,
        }
    } else {
        Run {
            devices: 5,
            seconds: 1,
        }
    }
}

/// 7 themes of 5, 5, 4, 4, 4, 4 and 4 statements: 30 questions.
fn checklist() -> ChecklistDefinition {
    let themes = [5, 5, 4, 4, 4, 4, 4]
        .iter()
        .enumerate()
        .map(|(t, count)| Theme {
            id: format!("thema-{t}"),
            title: format!("Thema {t}"),
            intro: None,
            questions: (0..*count)
                .map(|q| Question {
                    id: format!("vraag-{t}-{q}"),
                    text: format!("Wij werken volgens afspraak {q} van thema {t}."),
                    help: Some("Waaruit blijkt dit? Een voorbeeld uit de praktijk.".into()),
                    section: None,
                    weight: 1,
                })
                .collect(),
        })
        .collect();
    ChecklistDefinition {
        id: "zelfevaluatie-bench".into(),
        version: 1,
        title: "Zelfevaluatie (bench)".into(),
        intro: None,
        body: ChecklistBody::SelfEvaluation {
            scale: Scale::Standaard,
            themes,
        },
    }
}

/// Sentences of the kind a team writes, so that the gzip figure is not that of one
/// sentence repeated.
const SENTENCES: [&str; 14] = [
    "Besproken in het teamoverleg van maart; iedereen kent de afspraak.",
    "Staat in het overdrachtsboek en wordt bij elke dienst nagelopen.",
    "Nieuwe vrijwilligers leren dit van hun maatje in de eerste weken.",
    "De verpleegkundige legt het vast in het zorgdossier, wij vullen aan.",
    "Gaat meestal goed, maar in de nachtdienst wordt het weleens vergeten.",
    "We vragen naasten bij het intakegesprek wat zij belangrijk vinden.",
    "De coördinator houdt bij wie de scholing heeft gevolgd.",
    "Na elk overlijden staan we samen stil in de huiskamer.",
    "Het protocol hangt in de kast bij de voordeur en staat in de app.",
    "Bij twijfel bellen we de dienstdoende verpleegkundige, dat weet iedereen.",
    "Er is een vast moment voor intervisie, eens per zes weken.",
    "We merken dat weekenddiensten lastiger te vullen zijn.",
    "Gasten en naasten geven in het evaluatieformulier een hoog cijfer.",
    "We willen dit beter vastleggen zodat het niet van één persoon afhangt.",
];

/// A finished self-evaluation as a team writes one: every question answered (some N.v.t.
/// with their reason, most with an explanation), two narratives per theme, a summary and
/// ten actions.
fn submission(definition: &ChecklistDefinition) -> String {
    let sentence = |n: usize| SENTENCES[n % SENTENCES.len()];
    let mut answers = BTreeMap::new();
    let mut themes = BTreeMap::new();
    let scale = [Answer::Ja, Answer::Grotendeels, Answer::Deels, Answer::Nee];
    for (t, theme) in definition.themes().iter().enumerate() {
        for (q, question) in theme.questions.iter().enumerate() {
            let answer = if q == 3 {
                Answer::Nvt
            } else {
                scale[(t + q) % 4]
            };
            let explanation = match answer {
                Answer::Nvt => "Dit doen wij niet zelf; de thuiszorg regelt het.".into(),
                _ if q % 3 == 2 => String::new(),
                _ => format!("{} {}", sentence(t * 5 + q), sentence(t + q * 3 + 1)),
            };
            answers.insert(
                question.id.clone(),
                QuestionAnswer {
                    answer,
                    explanation,
                },
            );
        }
        themes.insert(
            theme.id.clone(),
            ThemeReflection {
                goes_well: "De vrijwilligers nemen de tijd voor gasten en naasten, ook 's nachts."
                    .into(),
                to_improve:
                    "Afspraken staan nog niet overal op papier; nieuwe vrijwilligers missen ze."
                        .into(),
            },
        );
    }
    let actions = (0..10)
        .map(|a| ImprovementAction {
            id: format!("actie-{a}"),
            theme: format!("thema-{}", a % 7),
            what: format!("Actie {a}: {}", sentence(a + 3)),
            goal: sentence(a + 6).into(),
            who: "coördinator vrijwilligers".into(),
            due: Some("2027-06-01".into()),
            status: ActionStatus::Gepland,
            evaluation: String::new(),
        })
        .collect();
    serde_json::to_string(&SubmissionRequest {
        organization: "de-linde".into(),
        replaces: None,
        evaluation: SelfEvaluation {
            checklist: ChecklistRef {
                id: definition.id.clone(),
                version: definition.version,
            },
            year: 2026,
            answers,
            themes,
            summary: "Een jaar waarin het team veel heeft geleerd; de overdracht en het inwerken krijgen aandacht.".into(),
            actions,
        },
    })
    .expect("json")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

async fn run(label: &str, db: Db, body: &str) {
    let definition = checklist();
    kompas_server::testing::one_hospice(&db, PASSWORD)
        .await
        .expect("region, hospice and users");
    db.publish_checklists("utrecht", vec![definition])
        .await
        .expect("publish the checklist");
    let address = kompas_server::testing::serve_on_loopback(&db)
        .await
        .expect("serve on loopback");
    let client = Client::new(server_url(&format!("http://{address}")).expect("url"));
    let token = client
        .login("marieke", PASSWORD)
        .await
        .expect("the manager logs in")
        .token;
    let scale = scale();
    let deadline = Instant::now() + Duration::from_secs(scale.seconds);
    let started = Instant::now();
    let mut devices = Vec::new();
    for _ in 0..scale.devices {
        let (client, token, body) = (client.clone(), token.clone(), body.to_owned());
        devices.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let uuid = uuid::Uuid::now_v7().hyphenated().to_string();
                let sent = Instant::now();
                client.submit(&token, &uuid, &body).await.expect("stored");
                latencies.push(sent.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for device in devices {
        all.extend(device.await.expect("join"));
    }
    let elapsed = started.elapsed();
    all.sort();
    let stored = db.submission_count("de-linde").await.expect("count");
    assert_eq!(stored as usize, all.len(), "each submission stored once");
    println!(
        "{label}: {} submissions by {} devices in {:.1} s: {:.0}/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        all.len(),
        scale.devices,
        elapsed.as_secs_f64(),
        all.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.95)),
        ms(percentile(&all, 0.99)),
    );
}

#[tokio::main]
async fn main() {
    let body = submission(&checklist());
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(body.as_bytes()).expect("gzip");
    let gzipped = gzip.finish().expect("gzip");
    println!(
        "one finished self-evaluation (7 themes, 30 answers, 10 actions): {} bytes of JSON, {} bytes gzip",
        body.len(),
        gzipped.len()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = Db::open(&dir.path().join("server.sqlite")).expect("open");
    run("SQLite", sqlite, &body).await;
    match kompas_tests::scratch_postgres().await {
        Some(url) => {
            let postgres = Db::connect(&url).await.expect("connect to PostgreSQL");
            run("PostgreSQL", postgres, &body).await;
        }
        None => println!("PostgreSQL: not measured (set KOMPAS_TEST_POSTGRES)"),
    }
}
