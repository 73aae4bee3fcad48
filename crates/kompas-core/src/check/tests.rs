use expect_test::{expect, Expect};

use super::*;

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Checks a folder and compares the diagnostics, one per line, with the expectation.
fn check(files: Vec<SourceFile>, expect: Expect) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23);
    let bundle = check_bundle(files, today);
    let report: Vec<String> = bundle.diagnostics.iter().map(|d| d.to_string()).collect();
    expect.assert_eq(&report.join("\n"));
}

const GOOD: &str = "---\nid: bij-een-val\ntitle: Bij een val\ncategory: Noodsituaties\norder: 20\ntags: [val, vallen]\ncritical: true\nreview_by: 2027-01-01\n---\nBel de [verpleegkundige](id:nachtdienst).\n";
const NIGHT: &str = "---\nid: nachtdienst\ntitle: De nachtdienst\ncategory: Dienst\n---\nZie [val](../07/val.md).\n";

#[test]
fn a_good_folder_has_no_diagnostics() {
    let bundle = check_bundle(
        vec![file("07/val.md", GOOD), file("02/nacht.md", NIGHT)],
        None,
    );
    assert!(bundle.diagnostics.is_empty(), "{:?}", bundle.diagnostics);
    let ids: Vec<_> = bundle.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["nachtdienst", "bij-een-val"]);
    let val = &bundle.sections[1];
    assert!(val.critical);
    assert_eq!(val.tags, ["val", "vallen"]);
    assert_eq!(val.order, 20);
    assert_eq!(val.category_rank, 1);
}

#[test]
fn plain_markdown_takes_title_from_heading_and_id_from_file_name() {
    let bundle = check_bundle(
        vec![file(
            "03-zorg_en_comfort/Mond Zorg.md",
            "\n# Mondzorg\n\nLippen insmeren.\n",
        )],
        None,
    );
    assert!(bundle.diagnostics.is_empty(), "{:?}", bundle.diagnostics);
    let section = &bundle.sections[0];
    assert_eq!(section.id, "mond-zorg");
    assert_eq!(section.title, "Mondzorg");
    assert_eq!(section.category, "Zorg en comfort");
    assert_eq!(section.body.trim(), "Lippen insmeren.");
}

#[test]
fn broken_links_are_reported_with_their_line() {
    check(
        vec![file(
            "a.md",
            "---\nid: a\ntitle: A\n---\n# A\n\nregel\n\n[weg](id:bestaat-niet) en [map](b/c.md)\n",
        )],
        expect![[r#"
            a.md:9: error: the link to section `bestaat-niet` goes nowhere: no section has that id. Correct the id or add the section.
            a.md:9: error: the link to file `b/c.md` goes nowhere: that file is not in this handbook. Correct the path or link by id (`id:section-id`)."#]],
    );
}

#[test]
fn duplicate_ids_name_both_files() {
    check(
        vec![file("a.md", "# Een\n"), file("x/a.md", "# Twee\n")],
        expect![[r#"
            a.md: warning: this section has no text yet. Write the text or remove the file.
            x/a.md: error: id `a` is also used by a.md. Every section needs its own id: change one of them.
            x/a.md: warning: this section has no text yet. Write the text or remove the file."#]],
    );
}

#[test]
fn malformed_front_matter() {
    check(
        vec![
            file("open.md", "---\nid: open\ntitle: Open\n"),
            file(
                "type.md",
                "---\nid: type\ntitle: Type\norder: tien\n---\ntekst\n",
            ),
            file(
                "yaml.md",
                "---\nid: yaml\ntitle: [niet gesloten\n---\ntekst\n",
            ),
            file("id.md", "---\nid: Bij Een Val\ntitle: Val\n---\ntekst\n"),
            file("key.md", "---\ntitle: Sleutel\ncritcal: true\n---\ntekst\n"),
            file("none.md", "gewoon tekst zonder kop\n"),
        ],
        expect![[r#"
            id.md:2: error: id `Bij Een Val` is not usable: use lowercase letters, digits and single dashes, at most 80 characters (for example `bij-een-val`).
            key.md:2: warning: unknown front matter key `critcal` is ignored. Allowed keys: id, title, category, order, tags, critical, review_by.
            none.md:1: error: this section has no title. Add `title: …` to the front matter or start the file with a line `# Title`.
            open.md:1: error: the front matter opened with `---` on line 1 is never closed. Add a line with only `---` after the last key.
            type.md:4: error: the front matter is not valid: order: invalid type: string "tien", expected i64. Allowed keys: id, title, category, order, tags, critical, review_by; for example `order: 10`, `critical: true`, `review_by: 2027-06-01`, `tags: [nacht, overdracht]`.
            yaml.md:3: error: the front matter is not valid: title: invalid type: sequence, expected a string. Allowed keys: id, title, category, order, tags, critical, review_by; for example `order: 10`, `critical: true`, `review_by: 2027-06-01`, `tags: [nacht, overdracht]`."#]],
    );
}

#[test]
fn invalid_utf8_and_binary_and_empty_folder() {
    check(
        vec![
            SourceFile {
                path: "latin1.md".into(),
                bytes: b"# Titel\n\nid\xe9e\n".to_vec(),
            },
            SourceFile {
                path: "bin.md".into(),
                bytes: vec![0, 1, 2, 3],
            },
        ],
        expect![[r#"
            bin.md: error: this file contains binary data, not markdown text. Remove it from the handbook folder or replace it with the .md file.
            latin1.md:3: error: this file is not UTF-8 text. Open it in a text editor and save it with the encoding UTF-8."#]],
    );
    check(
        vec![file("plaatje.png", "x")],
        expect![[
            r#".: error: no markdown (.md) files found. Point to the folder that holds the handbook's .md files."#
        ]],
    );
}

#[test]
fn passed_review_dates_and_unsafe_images_warn() {
    check(
        vec![file(
            "a.md",
            "---\ntitle: A\nreview_by: 2025-01-01\n---\n![x](http://example.org/a.png) [y](javascript:alert(1))\n",
        )],
        expect![[r#"
            a.md:2: warning: the review date 2025-01-01 has passed. Check that the text is still right and set a new `review_by`.
            a.md:5: warning: image `http://example.org/a.png` will not be shown: images must be in the handbook folder or come from an https:// address.
            a.md:5: warning: link `javascript:alert(1)` will be removed: only https, http, mailto and tel links are allowed."#]],
    );
}

#[test]
fn relative_paths() {
    assert_eq!(
        resolve_relative("a/b.md", "../c/d.md").as_deref(),
        Some("c/d.md")
    );
    assert_eq!(
        resolve_relative("a/b.md", "./d.md").as_deref(),
        Some("a/d.md")
    );
    assert_eq!(resolve_relative("b.md", "../../d.md"), None);
}
