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

/// Checks a folder and shows what each file became (id, title, order, the line its text
/// starts on and the text), then the diagnostics: what someone importing the folder sees.
fn import(files: Vec<(&str, &str)>, expect: Expect) {
    let files = files
        .into_iter()
        .map(|(path, text)| file(path, text))
        .collect();
    let bundle = check_bundle(files, None);
    let mut sections = bundle.sections.clone();
    sections.sort_by(|a, b| a.source_path.cmp(&b.source_path));
    let mut report = Vec::new();
    for section in &sections {
        report.push(format!(
            "{}: id `{}`, title {:?}, order {}, text {:?}",
            section.source_path, section.id, section.title, section.order, section.body
        ));
    }
    report.push("--".to_owned());
    report.extend(bundle.diagnostics.iter().map(|d| d.to_string()));
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
    // Exactly what it was before titles were looked for further down: the body (and so its
    // fingerprint) of a file that starts with its heading must not change.
    assert_eq!(section.body, "\nLippen insmeren.\n");
    assert_eq!(bundle.diagnostics, []);
}

#[test]
fn broken_links_are_reported_with_their_line() {
    check(
        vec![file(
            "a.md",
            "---\nid: a\ntitle: A\n---\n# A\n\nregel\n\n[weg](id:bestaat-niet) en [map](b/c.md)\n",
        )],
        expect![[r#"
            a.md:9: warning: the link to section `bestaat-niet` goes nowhere: no section has that id, so a volunteer who taps it finds nothing. Correct the id or add the section.
            a.md:9: warning: the link to file `b/c.md` goes nowhere: that file is not in this handbook, so a volunteer who taps it finds nothing. Correct the path, link by id (`id:section-id`), or add the file."#]],
    );
}

#[test]
fn duplicate_ids_name_both_files() {
    check(
        vec![file("a.md", "# Een\n"), file("x/a.md", "# Twee\n")],
        expect![[r#"
            a.md:2: warning: this section has no text yet. Write the text or remove the file.
            x/a.md:1: error: the id `a`, made from this file's name, is also used by a.md. Every section needs its own id: rename one of the files, or start one with front matter `---`, `id: another-id`, `---`.
            x/a.md:2: warning: this section has no text yet. Write the text or remove the file."#]],
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
            id.md:2: warning: id `Bij Een Val` cannot be used as it is: an id has lowercase letters, digits and single dashes, at most 80 characters. This section gets the id `bij-een-val`; change it to `id: bij-een-val`.
            key.md:3: warning: unknown front matter key `critcal` is ignored. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen.
            none.md:1: warning: this file has no heading, so the section is titled "None" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            open.md:1: error: the front matter opened with `---` on line 1 is never closed. Add a line with only `---` after the last key.
            type.md:4: error: the front matter is not valid: order: invalid type: string "tien", expected i64. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen; for example `order: 10`, `critical: true`, `review_by: 2027-06-01`, `tags: [nacht, overdracht]`.
            yaml.md:3: error: the front matter is not valid: did not find expected ',' or ']'. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen; for example `order: 10`, `critical: true`, `review_by: 2027-06-01`, `tags: [nacht, overdracht]`."#]],
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
            bin.md:1: error: this file contains binary data, not markdown text. Remove it from the handbook folder or replace it with the .md file.
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
            a.md:3: warning: the review date 2025-01-01 has passed. Check that the text is still right and set a new `review_by`.
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

#[test]
fn the_title_is_the_first_heading_wherever_it_is() {
    import(
        vec![
            // A public handbook's README: a link first, the heading on line 3.
            (
                "README.md",
                "[Lees online](https://example.org/handboek)\n\n# Vrijwilligershandboek\n\nWelkom.\n",
            ),
            (
                "badges.md",
                "[![status](https://img.shields.io/badge/a-b-green.svg)](https://example.org)\n<img src=\"logo.png\" alt=\"logo\">\n\n# Welkom in het hospice\n\nFijn dat je er bent.\n",
            ),
            ("comment.md", "<!-- gemaakt met een export -->\n# De nachtdienst\nTekst.\n"),
            ("setext.md", "Overdracht\n==========\n\nWat je doorgeeft.\n"),
            ("setext-two.md", "Na de dienst\n------------\n\nNaar huis.\n"),
            (
                "markup.md",
                "# **Hand**hygiëne met `alcohol` en [zeep](https://example.org) _nu_ ##\n\nTekst.\n",
            ),
            (
                "code.md",
                "```markdown\n# Dit is geen titel\n```\n\n# Werken met de pieper\n\nTekst.\n",
            ),
            ("sub-first.md", "## Inhoud\n\n- a\n\n# Bij brand\n\nTekst.\n"),
            ("only-sub.md", "Inleiding.\n\n### Stap voor stap\n\nTekst.\n"),
            (
                "html.md",
                "<h1 align=\"center\">\n  <img src=\"logo.png\"><br>Zorg &amp; welzijn\n</h1>\n\nTekst.\n",
            ),
            ("attributes.md", "# Mondzorg {#mond}\n\nTekst.\n"),
            ("empty-heading.md", "#\n\n# Rouw\n\nTekst.\n"),
            ("crlf.md", "\u{feff}# Stroomuitval\r\n\r\nBlijf kalm.\r\n"),
            ("escaped.md", "# Vragen \\& antwoorden\n\nTekst.\n"),
        ],
        expect![[r###"
            README.md: id `readme`, title "Vrijwilligershandboek", order 0, text "[Lees online](https://example.org/handboek)\n\n\n\nWelkom.\n"
            attributes.md: id `attributes`, title "Mondzorg", order 1000, text "\nTekst.\n"
            badges.md: id `badges`, title "Welkom in het hospice", order 1000, text "[![status](https://img.shields.io/badge/a-b-green.svg)](https://example.org)\n<img src=\"logo.png\" alt=\"logo\">\n\n\n\nFijn dat je er bent.\n"
            code.md: id `code`, title "Werken met de pieper", order 1000, text "```markdown\n# Dit is geen titel\n```\n\n\n\nTekst.\n"
            comment.md: id `comment`, title "De nachtdienst", order 1000, text "<!-- gemaakt met een export -->\n\nTekst.\n"
            crlf.md: id `crlf`, title "Stroomuitval", order 1000, text "\r\nBlijf kalm.\r\n"
            empty-heading.md: id `empty-heading`, title "Rouw", order 1000, text "#\n\n\n\nTekst.\n"
            escaped.md: id `escaped`, title "Vragen & antwoorden", order 1000, text "\nTekst.\n"
            html.md: id `html`, title "Zorg & welzijn", order 1000, text "\nTekst.\n"
            markup.md: id `markup`, title "Handhygiëne met alcohol en zeep nu", order 1000, text "\nTekst.\n"
            only-sub.md: id `only-sub`, title "Stap voor stap", order 1000, text "Inleiding.\n\n\n\nTekst.\n"
            setext-two.md: id `setext-two`, title "Na de dienst", order 1000, text "\nNaar huis.\n"
            setext.md: id `setext`, title "Overdracht", order 1000, text "\nWat je doorgeeft.\n"
            sub-first.md: id `sub-first`, title "Bij brand", order 1000, text "## Inhoud\n\n- a\n\n\n\nTekst.\n"
            --"###]],
    );
}

#[test]
fn headings_that_are_not_the_document_title_are_passed_over() {
    import(
        vec![
            ("code-only.md", "```\n# kopje in code\n```\n\nTekst.\n"),
            ("indented.md", "Tekst.\n\n    # ingesprongen code\n"),
            ("quote.md", "> # Een citaat\n\nTekst.\n"),
            ("list.md", "- # In een lijst\n\nTekst.\n"),
            ("image-only.md", "# ![Logo](logo.png)\n\nTekst.\n"),
            ("hashtag.md", "#nacht #dienst\n\nTekst.\n"),
        ],
        expect![[r##"
            code-only.md: id `code-only`, title "Code only", order 1000, text "```\n# kopje in code\n```\n\nTekst.\n"
            hashtag.md: id `hashtag`, title "Hashtag", order 1000, text "#nacht #dienst\n\nTekst.\n"
            image-only.md: id `image-only`, title "Image only", order 1000, text "# ![Logo](logo.png)\n\nTekst.\n"
            indented.md: id `indented`, title "Indented", order 1000, text "Tekst.\n\n    # ingesprongen code\n"
            list.md: id `list`, title "List", order 1000, text "- # In een lijst\n\nTekst.\n"
            quote.md: id `quote`, title "Quote", order 1000, text "> # Een citaat\n\nTekst.\n"
            --
            code-only.md:1: warning: this file has no heading, so the section is titled "Code only" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            hashtag.md:1: warning: this file has no heading, so the section is titled "Hashtag" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            image-only.md:1: warning: this file has no heading, so the section is titled "Image only" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            indented.md:1: warning: this file has no heading, so the section is titled "Indented" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            list.md:1: warning: this file has no heading, so the section is titled "List" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            quote.md:1: warning: this file has no heading, so the section is titled "Quote" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter."##]],
    );
}

#[test]
fn a_title_made_from_a_file_name_reads_like_one() {
    let titles: Vec<String> = [
        "01-Eerste_hulp bij vallen.md",
        "eerste-hulp-bij-vallen.md",
        "02_de_nachtdienst.md",
        "1. Inleiding.md",
        "10.02 Medicatie.MD",
        "3) Afscheid.md",
        "112 bellen.md",
        "2024-05-01 teamoverleg.md",
        "3D-printen.md",
        "iPad gebruiken.md",
        "CODE_OF_CONDUCT.md",
        "FAQ.md",
        "BHV.md",
        "Overdracht 3f2a1b4c5d6e7f8091a2b3c4d5e6f708.md",
        "01.md",
        "_.md",
        "README.md",
        "zorg/README.md",
        "02-nacht_en_dag/index.md",
        "content/Handboek 0123456789abcdef0123456789abcdef/_index.md",
    ]
    .iter()
    .map(|path| {
        let named = crate::section::title_from_path(path);
        let from = if named.from_folder { " (folder)" } else { "" };
        format!("{path} → {}{from}", named.title)
    })
    .collect();
    expect![[r#"
        01-Eerste_hulp bij vallen.md → Eerste hulp bij vallen
        eerste-hulp-bij-vallen.md → Eerste hulp bij vallen
        02_de_nachtdienst.md → De nachtdienst
        1. Inleiding.md → Inleiding
        10.02 Medicatie.MD → Medicatie
        3) Afscheid.md → Afscheid
        112 bellen.md → 112 bellen
        2024-05-01 teamoverleg.md → 2024-05-01 teamoverleg
        3D-printen.md → 3D printen
        iPad gebruiken.md → iPad gebruiken
        CODE_OF_CONDUCT.md → Code of conduct
        FAQ.md → FAQ
        BHV.md → BHV
        Overdracht 3f2a1b4c5d6e7f8091a2b3c4d5e6f708.md → Overdracht
        01.md → 01
        _.md → _
        README.md → Inleiding (folder)
        zorg/README.md → Zorg (folder)
        02-nacht_en_dag/index.md → Nacht en dag (folder)
        content/Handboek 0123456789abcdef0123456789abcdef/_index.md → Handboek (folder)"#]]
    .assert_eq(&titles.join("\n"));
}

#[test]
fn files_without_heading_or_text_are_warned_about_not_refused() {
    import(
        vec![
            ("01-Eerste_hulp bij vallen.md", "Blijf bij de gast.\n"),
            ("leeg.md", ""),
            ("spaties.md", "\n  \n"),
            (
                "alleen-front-matter.md",
                "---\ntitle: Rouw en verlies\ntags: [rouw]\n---\n",
            ),
            ("front-matter-zonder-titel.md", "---\ntags: [rouw]\n---\n\n"),
            ("zorg/README.md", "Over de zorg.\n"),
            ("README.md", "Welkom.\n"),
        ],
        expect![[r#"
            01-Eerste_hulp bij vallen.md: id `01-eerste-hulp-bij-vallen`, title "Eerste hulp bij vallen", order 1, text "Blijf bij de gast.\n"
            README.md: id `readme`, title "Inleiding", order 0, text "Welkom.\n"
            alleen-front-matter.md: id `alleen-front-matter`, title "Rouw en verlies", order 1000, text ""
            front-matter-zonder-titel.md: id `front-matter-zonder-titel`, title "Front matter zonder titel", order 1000, text "\n"
            leeg.md: id `leeg`, title "Leeg", order 1000, text ""
            spaties.md: id `spaties`, title "Spaties", order 1000, text "\n  \n"
            zorg/README.md: id `zorg-readme`, title "Zorg", order 0, text "Over de zorg.\n"
            --
            01-Eerste_hulp bij vallen.md:1: warning: this file has no heading, so the section is titled "Eerste hulp bij vallen" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            README.md:1: warning: this file has no heading, so the section is titled "Inleiding" (as the introduction to the handbook). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter.
            alleen-front-matter.md:5: warning: this section has no text yet. Write the text or remove the file.
            front-matter-zonder-titel.md:4: warning: this section has no title and no text: it is titled "Front matter zonder titel" (after its file name). Write the text, starting with a line `# Title`, or remove the file.
            leeg.md:1: warning: this file is empty: it becomes the section "Leeg" (after its file name) without any text. Write the text, starting with a line `# Title`, or remove the file.
            spaties.md:1: warning: this file is empty: it becomes the section "Spaties" (after its file name) without any text. Write the text, starting with a line `# Title`, or remove the file.
            zorg/README.md:1: warning: this file has no heading, so the section is titled "Zorg" (after its folder). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter."#]],
    );
}

#[test]
fn the_front_matter_title_wins_over_the_heading() {
    import(
        vec![
            // Different: the heading stays in the text.
            ("anders.md", "---\ntitle: Rouw en verlies\n---\n# Rouw\n\nTekst.\n"),
            // The same: shown once, also when a badge line comes first.
            (
                "zelfde.md",
                "---\ntitle: Bij brand\n---\n[![ok](https://example.org/b.svg)](https://example.org)\n\n# Bij brand\n\nTekst.\n",
            ),
            // Empty: the heading gives the title after all.
            ("leeg.md", "---\ntitle: ''\n---\n# Stroomuitval\n\nTekst.\n"),
            // Written for another tool: a number as title, tags as one line.
            ("jekyll.md", "---\nlayout: page\ntitle: 112\ntags: nacht, bellen\n---\nBel 112.\n"),
            ("obsidian.md", "---\ntags: nacht dienst\naliases:\n---\n# Nacht\n\nTekst.\n"),
        ],
        expect![[r##"
            anders.md: id `anders`, title "Rouw en verlies", order 1000, text "# Rouw\n\nTekst.\n"
            jekyll.md: id `jekyll`, title "112", order 1000, text "Bel 112.\n"
            leeg.md: id `leeg`, title "Stroomuitval", order 1000, text "\nTekst.\n"
            obsidian.md: id `obsidian`, title "Nacht", order 1000, text "\nTekst.\n"
            zelfde.md: id `zelfde`, title "Bij brand", order 1000, text "[![ok](https://example.org/b.svg)](https://example.org)\n\n\n\nTekst.\n"
            --
            jekyll.md:2: warning: unknown front matter key `layout` is ignored. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen.
            leeg.md:2: warning: `title:` is empty, so the title comes from the file's first heading or its file name. Write a short title a volunteer will recognise, or remove the key.
            obsidian.md:3: warning: unknown front matter key `aliases` is ignored. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen."##]],
    );
    let bundle = check_bundle(
        vec![file("j.md", "---\ntags: nacht, bellen\n---\n# J\n")],
        None,
    );
    assert_eq!(bundle.sections[0].tags, ["nacht", "bellen"]);
}

#[test]
fn ids_stay_stable_and_unique_for_folder_pages() {
    import(
        vec![
            ("README.md", "# Handboek\n\nTekst.\n"),
            ("zorg/README.md", "# Zorg\n\nTekst.\n"),
            ("nacht/README.md", "# Nacht\n\nTekst.\n"),
            ("docs/nacht/index.md", "# Nacht in docs\n\nTekst.\n"),
            ("zorg/mondzorg.md", "# Mondzorg\n\nTekst.\n"),
            (
                "zorg/Overdracht 3f2a1b4c5d6e7f8091a2b3c4d5e6f708.md",
                "Tekst.\n",
            ),
            ("???.md", "# Vraagtekens\n\nTekst.\n"),
            ("eigen.md", "---\nid: Eigen_Id\n---\n# Eigen\n\nTekst.\n"),
            ("niets.md", "---\nid: '!!'\n---\n# Niets\n\nTekst.\n"),
        ],
        expect![[r#"
            ???.md: id `section-d39ea05a`, title "Vraagtekens", order 1000, text "\nTekst.\n"
            README.md: id `readme`, title "Handboek", order 0, text "\nTekst.\n"
            docs/nacht/index.md: id `docs-nacht-index`, title "Nacht in docs", order 0, text "\nTekst.\n"
            eigen.md: id `eigen-id`, title "Eigen", order 1000, text "\nTekst.\n"
            nacht/README.md: id `nacht-readme`, title "Nacht", order 0, text "\nTekst.\n"
            niets.md: id `niets`, title "Niets", order 1000, text "\nTekst.\n"
            zorg/Overdracht 3f2a1b4c5d6e7f8091a2b3c4d5e6f708.md: id `overdracht-3f2a1b4c5d6e7f8091a2b3c4d5e6f708`, title "Overdracht", order 1000, text "Tekst.\n"
            zorg/README.md: id `zorg-readme`, title "Zorg", order 0, text "\nTekst.\n"
            zorg/mondzorg.md: id `mondzorg`, title "Mondzorg", order 1000, text "\nTekst.\n"
            --
            ???.md:1: warning: no id can be made from this file name (it has no letters a-z or digits), so this section gets the id `section-d39ea05a`. Rename the file, or add `id: some-name` to the front matter.
            eigen.md:2: warning: id `Eigen_Id` cannot be used as it is: an id has lowercase letters, digits and single dashes, at most 80 characters. This section gets the id `eigen-id`; change it to `id: eigen-id`.
            niets.md:2: warning: id `!!` cannot be used: it has no letters or digits, so this section gets the id `niets` from its file name. Change it to `id: niets` or remove it.
            zorg/Overdracht 3f2a1b4c5d6e7f8091a2b3c4d5e6f708.md:1: warning: this file has no heading, so the section is titled "Overdracht" (after its file name). To choose the title, start the text with a line `# Title` or add `title: …` to the front matter."#]],
    );
}

#[test]
fn only_real_errors_refuse_a_folder() {
    // Duplicate ids, text that is not UTF-8 and front matter that cannot be read are errors;
    // a link that leads nowhere and TOML front matter are warnings.
    check(
        vec![
            file("nacht/overdracht.md", "# Overdracht\n\nTekst.\n"),
            file("dag/overdracht.md", "# Overdracht\n\nTekst.\n"),
            file("a.md", "---\nid: val\n---\n# A\n"),
            file("b.md", "---\ntitle: B\nid: val\n---\n# B\n"),
            file(
                "links.md",
                "[![b](https://example.org/b.svg)](https://example.org)\n\n# Links\n\nZie [weg](id:nergens), [elders](../CONTRIBUTING.md) en [doc](docs/setup.md).\n",
            ),
            file("hugo.md", "+++\ntitle = \"Hugo\"\n+++\n# Hugo\n"),
        ],
        expect![[r#"
            a.md:5: warning: this section has no text yet. Write the text or remove the file.
            b.md:3: error: id `val` is also used by a.md. Every section needs its own id: change one of them.
            b.md:6: warning: this section has no text yet. Write the text or remove the file.
            hugo.md:1: warning: this file starts with TOML front matter (`+++`), which is not read: volunteers will see it as text. Write it as YAML between two lines `---` (`title: …`, `tags: [a, b]`).
            links.md:5: warning: the link to section `nergens` goes nowhere: no section has that id, so a volunteer who taps it finds nothing. Correct the id or add the section.
            links.md:5: warning: the link to file `../CONTRIBUTING.md` goes nowhere: that file is not in this handbook, so a volunteer who taps it finds nothing. Correct the path, link by id (`id:section-id`), or add the file.
            links.md:5: warning: the link to file `docs/setup.md` goes nowhere: that file is not in this handbook, so a volunteer who taps it finds nothing. Correct the path, link by id (`id:section-id`), or add the file.
            nacht/overdracht.md:1: error: the id `overdracht`, made from this file's name, is also used by dag/overdracht.md. Every section needs its own id: rename one of the files, or start one with front matter `---`, `id: another-id`, `---`."#]],
    );
}

#[test]
fn unknown_placeholders_are_named_with_their_line_and_lokaal_is_checked() {
    check(
        vec![
            file(
                "01-dienst/bellen.md",
                "---\ntitle: Bellen in {{hospice.naam}}\nlokaal: aanvullen\n---\n\nBel {{hospice.telefoon_verpleegkundige}}.\n\nOf {{ hospice.telefon }} en {{site.title}}.\n",
            ),
            file(
                "01-dienst/vast.md",
                "---\ntitle: Vast\nlokaal: vastt\n---\n\nTekst.\n",
            ),
        ],
        expect![[r#"
            01-dienst/bellen.md:8: warning: `{{hospice.telefon}}` is not a hospice fact: no hospice can fill it in, so volunteers will read "nog niet ingevuld". Use one of `{{hospice.naam}}`, `{{hospice.adres}}`, `{{hospice.telefoon}}`, `{{hospice.telefoon_verpleegkundige}}`, `{{hospice.telefoon_huisarts}}`, `{{hospice.telefoon_coordinator}}`, `{{hospice.verzamelplaats}}`, `{{hospice.sleutels}}`, or write the text itself.
            01-dienst/bellen.md:8: warning: `{{site.title}}` is not a hospice fact: no hospice can fill it in, so volunteers will read "nog niet ingevuld". Use one of `{{hospice.naam}}`, `{{hospice.adres}}`, `{{hospice.telefoon}}`, `{{hospice.telefoon_verpleegkundige}}`, `{{hospice.telefoon_huisarts}}`, `{{hospice.telefoon_coordinator}}`, `{{hospice.verzamelplaats}}`, `{{hospice.sleutels}}`, or write the text itself.
            01-dienst/vast.md:3: error: `lokaal: vastt` is not one of the choices. Write `lokaal: vast` (no local change), `lokaal: aanvullen` (hospices may only add text) or `lokaal: vervangen` (the default: hospices may also replace or hide the section)."#]],
    );
    let bundle = check_bundle(
        vec![file("a.md", "---\ntitle: A\nlokaal: Vast\n---\n\nTekst.\n")],
        None,
    );
    assert_eq!(
        bundle.sections[0].local_policy,
        kompas_proto::overlay::LocalPolicy::Fixed
    );
}

#[test]
fn the_coordinators_change_note_and_must_read_mark_are_read_and_not_fingerprinted() {
    let marked = check_bundle(
        vec![file(
            "a.md",
            "---\ntitle: A\nwijziging: '  Eerst de verpleegkundige bellen '\nmoet_lezen: true\n---\n\nTekst.\n",
        )],
        None,
    );
    assert!(marked.diagnostics.is_empty(), "{:?}", marked.diagnostics);
    let section = &marked.sections[0];
    assert_eq!(section.change_note, "Eerst de verpleegkundige bellen");
    assert!(section.must_read);
    let plain = check_bundle(vec![file("a.md", "---\ntitle: A\n---\n\nTekst.\n")], None);
    assert_eq!(plain.sections[0].change_note, "");
    assert!(!plain.sections[0].must_read);
    // A note or mark alone is no change of the text.
    assert_eq!(
        crate::fingerprint::fingerprint(section),
        crate::fingerprint::fingerprint(&plain.sections[0])
    );
    // Written as a Dutch coordinator would, too; anything else is an error with its line.
    let ja = check_bundle(
        vec![file(
            "b.md",
            "---\ntitle: B\nmoet_lezen: ja\n---\n\nTekst.\n",
        )],
        None,
    );
    assert!(ja.sections[0].must_read);
    check(
        vec![file("c.md", "---\ntitle: C\nmoet_lezen: misschien\n---\n\nTekst.\n")],
        expect!["c.md:2: error: the front matter is not valid: `misschien` is not yes or no, expected `true`, `false`, `ja` or `nee`. Allowed keys: id, title, category, order, tags, critical, review_by, lokaal, wijziging, moet_lezen; for example `order: 10`, `critical: true`, `review_by: 2027-06-01`, `tags: [nacht, overdracht]`."],
    );
}
