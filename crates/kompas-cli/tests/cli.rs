//! The public `kompas` command, run as a process: check, render, import, search.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn kompas(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kompas"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kompas");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("kompas output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Relative to the working directory (cargo runs tests in the package folder), not to a
/// compiled-in path: the build cache is shared between checkouts.
fn bundled_handbook() -> String {
    Path::new("../../content/handbook").display().to_string()
}

/// A database in a temporary folder holding the bundled handbook; keep the folder alive.
fn imported_handbook() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("k.sqlite").display().to_string();
    let out = kompas(&["import", &bundled_handbook(), "--db", &db], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db)
}

#[test]
fn the_bundled_handbook_passes_check() {
    let out = kompas(&["check", &bundled_handbook()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stderr);
    assert!(report.contains("checklists, no errors"), "{report}");
    let words: Vec<&str> = report
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let sections: usize = words[0].parse().expect("a section count");
    let checklists: usize = words[2].parse().expect("a checklist count");
    assert!(sections >= 30, "at least 30 sections, found {sections}");
    // Four routine checklists (start of the shift, handover, the night round, after a
    // death) and the yearly self-evaluation.
    assert!(checklists >= 5, "at least 5 checklists, found {checklists}");
    let root = kompas(&["check", "../../content"], None);
    assert!(root.status.success(), "{}", text(&root.stderr));
    assert!(text(&root.stderr).ends_with(&format!(
        "{sections} sections, {checklists} checklists, no errors.\n"
    )));
}

#[test]
fn check_reports_problems_with_file_and_line_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.md"),
        "---\nid: a\ntitle: A\n---\nZie [b](id:b) en [c](id:bestaat-niet).\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.md"),
        "---\nid: a\ntitle: B\n---\ntekst\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("kapot.md"), b"# Kapot\n\n\xff\xfe\n").expect("write");
    let big = std::fs::File::create(dir.path().join("groot.md")).expect("create");
    big.set_len(50 * 1024 * 1024).expect("a 50 MB file");
    let out = kompas(&["check", &dir.path().display().to_string()], None);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stderr);
    for expected in [
        "a.md:5: warning: the link to section `bestaat-niet` goes nowhere",
        "b.md:2: error: id `a` is also used by a.md",
        "kapot.md:3: error: this file is not UTF-8 text",
        "groot.md: error: this file is 50.0 MB; a section may be at most 1 MB",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }
}

/// A handbook written for GitHub, mkdocs and Obsidian, not for us: headings after a link
/// line, after HTML, as setext or as HTML; a file without a heading; front matter with keys
/// of other tools; a link out of the folder; a `README.md` in more than one folder; an
/// empty file. It imports, with warnings that say file, line and what to do.
#[test]
fn a_handbook_written_elsewhere_imports_with_warnings() {
    let fixture = Path::new("tests/fixtures/foreign-handbook");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("k.sqlite");
    let out = kompas(
        &[
            "import",
            &fixture.display().to_string(),
            "--db",
            &db.display().to_string(),
        ],
        None,
    );
    let report = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let warnings: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "01-Eerste_hulp bij vallen.md:1: warning: this file has no heading, so the section is titled \"Eerste hulp bij vallen\" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.",
            "README.md:11: warning: the link to file `../CONTRIBUTING.md` goes nowhere: that file is not in this handbook, so a volunteer who taps it finds nothing. Correct the path, link by id (`id:section-id`), or add the file.",
            "notities/leeg.md:1: warning: this file is empty: it becomes the section \"Leeg\" (after its file name) without any text. Write the text, starting with a line `# Title`, or remove the file.",
            "zorg/index.md:3: warning: unknown front matter key `description` is ignored. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen.",
            "zorg/mondzorg.md:3: warning: unknown front matter key `aliases` is ignored. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen.",
        ],
        "{report}"
    );
    assert!(!report.contains(": error: "), "{report}");
    assert!(report.contains("8 added"), "{report}");

    // The handbook as the app lists it: category, id, title, in order (a folder's front
    // page first, then the folder's numbering, then by title).
    let store = kompas_store::Store::open(&db).expect("open the store");
    let listed: Vec<String> = store
        .handbook()
        .expect("handbook")
        .iter()
        .flat_map(|category| {
            category
                .sections
                .iter()
                .map(|s| format!("{} | {} | {}", category.name, s.id, s.title))
        })
        .collect();
    assert_eq!(
        listed,
        [
            "Algemeen | readme | Vrijwilligershandboek Hospice De Linde",
            "Algemeen | 01-eerste-hulp-bij-vallen | Eerste hulp bij vallen",
            "Algemeen | over-ons | Over Hospice De Linde & haar vrijwilligers",
            "Dienst | dienst-readme | Diensten",
            "Dienst | nachtdienst | De nachtdienst 22:00-07:00",
            "Notities | leeg | Leeg",
            "Zorg | zorg-index | Zorg en comfort",
            "Zorg | mondzorg | Mondzorg bij een stervende gast",
        ]
    );

    // The title is shown once: the heading it came from is not repeated in the text, and a
    // heading inside a code block stays text.
    let night = store
        .section("nachtdienst")
        .expect("section")
        .expect("nachtdienst");
    assert!(!night.html.contains("<h1"), "{}", night.html);
    assert!(night.html.contains("# Dit is geen titel"), "{}", night.html);
    assert!(
        night.html.contains("href=\"#/section/zorg-index\""),
        "the link to zorg/index.md leads to its section: {}",
        night.html
    );

    // Search finds a section by the title its setext heading gave it.
    let out = kompas(
        &[
            "search",
            "--db",
            &db.display().to_string(),
            "--json",
            "mondzorg",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().next().expect("a hit")).expect("JSON");
    assert_eq!(first["id"], "mondzorg");
    assert_eq!(first["title"], "Mondzorg bij een stervende gast");
}

#[test]
fn check_of_an_empty_or_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = kompas(&["check", &dir.path().display().to_string()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no markdown (.md) files found"));
    let out = kompas(&["check", "/bestaat/niet"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot open this folder"));
}

#[test]
fn render_writes_sanitized_html() {
    let out = kompas(
        &["render"],
        Some(b"## Kop\n\n[x](javascript:alert(1)) <script>alert(1)</script> [val](id:als-een-gast-valt)\n"),
    );
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "<h2 id=\"kop\">Kop</h2>\n<p><a rel=\"noopener noreferrer\">x</a>  <a href=\"#/section/als-een-gast-valt\" rel=\"noopener noreferrer\">val</a></p>\n"
    );
    let out = kompas(&["render"], Some(b"\xff\xfe"));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not UTF-8"));
}

#[test]
fn import_then_search_as_json() {
    let (_dir, db) = imported_handbook();
    let out = kompas(&["search", "--db", &db, "--json", "nachtdiensten"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert!(!lines.is_empty());
    assert_eq!(lines[0]["id"], "de-nachtdienst");
    for line in &lines {
        for key in ["id", "title", "snippet"] {
            assert!(line[key].is_string(), "{key} in {line}");
        }
    }

    // A second import of the same folder changes nothing.
    let out = kompas(&["import", &bundled_handbook(), "--db", &db], None);
    assert!(
        text(&out.stderr).contains("0 added, 0 changed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn search_without_database_says_what_to_do() {
    let out = kompas(&["search", "--db", "/tmp/bestaat-niet.sqlite", "val"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("kompas import"));
}

#[test]
fn search_into_a_closed_pipe_stops_quietly() {
    let (_dir, db) = imported_handbook();
    // As in `kompas search … | head -0`: the reading end is closed before kompas starts.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_kompas"))
        .args(["search", "--db", &db, "--json", "de"])
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kompas");
    let out = child.wait_with_output().expect("kompas output");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}
