//! The scoring rule, case by case through the public command `kompas score --json`: every
//! folder in `tests/scoring/` is a case with `answers.json` and either `expected.json` (the
//! fields of each theme that must match, in theme order) or `error.txt` (lines the error
//! must hold, and exit code 1). `warning.txt` holds lines stderr must hold. A case uses
//! `tests/scoring/checklist.toml` unless it has its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn cases() -> Vec<PathBuf> {
    let root = Path::new("tests/scoring");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/scoring")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("read")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_scoring_case_gives_its_scores_or_its_error() {
    let cases = cases();
    assert!(cases.len() >= 15, "the scoring cases are there: {cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let own = case.join("checklist.toml");
        let checklist = if own.exists() {
            own
        } else {
            PathBuf::from("tests/scoring/checklist.toml")
        };
        let output = Command::new(env!("CARGO_BIN_EXE_kompas"))
            .arg("score")
            .arg("--checklist")
            .arg(&checklist)
            .arg("--answers")
            .arg(case.join("answers.json"))
            .arg("--json")
            .output()
            .expect("run kompas");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        let mut fail = |why: String| failures.push(format!("{name}: {why}\nstderr: {stderr}"));

        let error = case.join("error.txt");
        if error.exists() {
            if output.status.code() != Some(1) {
                fail(format!(
                    "exit {:?}, expected 1; stdout {stdout}",
                    output.status.code()
                ));
            }
            for line in lines(&error) {
                if !stderr.contains(&line) {
                    fail(format!("the error lacks {line:?}"));
                }
            }
            continue;
        }
        if !output.status.success() {
            fail(format!("exit {:?}", output.status.code()));
            continue;
        }
        let warning = case.join("warning.txt");
        if warning.exists() {
            for line in lines(&warning) {
                if !stderr.contains(&line) {
                    fail(format!("the warning lacks {line:?}"));
                }
            }
        }
        let actual: Vec<Value> = match serde_json::from_str(&stdout) {
            Ok(actual) => actual,
            Err(e) => {
                fail(format!("output is not a JSON array ({e}): {stdout}"));
                continue;
            }
        };
        let expected: Vec<Value> = serde_json::from_str(
            &std::fs::read_to_string(case.join("expected.json")).expect("expected.json"),
        )
        .expect("expected.json is a JSON array");
        for (i, want) in expected.iter().enumerate() {
            let Some(got) = actual.get(i) else {
                fail(format!("theme {i} is missing"));
                continue;
            };
            for (key, value) in want.as_object().expect("objects") {
                if got.get(key) != Some(value) {
                    fail(format!(
                        "theme {i} {key}: got {:?}, expected {value}",
                        got.get(key)
                    ));
                }
            }
            assert_eq!(got["rule"], "kompas-score-1");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn without_json_the_scores_are_a_table_with_no_total() {
    let output = Command::new(env!("CARGO_BIN_EXE_kompas"))
        .args([
            "score",
            "--checklist",
            "tests/scoring/checklist.toml",
            "--answers",
            "tests/scoring/nvt-telt-aan-geen-kant-mee/answers.json",
        ])
        .output()
        .expect("run kompas");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Acht vragen"), "{text}");
    assert!(text.contains("50"), "{text}");
    assert!(text.contains("geen score"), "{text}");
    assert!(
        text.contains("completeness  25% (2 of 8 applicable, 5 unanswered)"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("total:"), "{text}");
}
