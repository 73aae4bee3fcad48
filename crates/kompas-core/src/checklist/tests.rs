use std::collections::HashSet;

use kompas_proto::checklist::{ChecklistBody, ChecklistKind};

use super::*;

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Checks files against a handbook with the sections `bij-brand` and `de-overdracht`.
fn check(files: &[SourceFile]) -> (Vec<ChecklistDefinition>, Vec<String>) {
    let ids: HashSet<&str> = ["bij-brand", "de-overdracht"].into_iter().collect();
    let mut diagnostics = Vec::new();
    let definitions = check_checklists(files, SectionIds::Known(&ids), &mut diagnostics);
    (
        definitions,
        diagnostics.iter().map(|d| d.to_string()).collect(),
    )
}

fn one_error(text: &str) -> String {
    let (definitions, messages) = check(&[file("c.toml", text)]);
    assert!(definitions.is_empty(), "refused: {messages:#?}");
    assert_eq!(messages.len(), 1, "{messages:#?}");
    messages[0].clone()
}

const ROUTINE: &str = r#"id = "begin"
version = 2
kind = "routine"
title = "Begin van je dienst"
intro = "  Loop dit na.  "

[[step]]
text = "Meld je."
section = "id:de-overdracht"

[[group]]
title = "In huis"

[[group.step]]
text = "Kijk waar de blusmiddelen zijn."
help = "Zodat je ze snel vindt."
section = "bij-brand"
"#;

#[test]
fn a_routine_checklist_reads_with_its_groups_and_links() {
    let (definitions, messages) = check(&[file("begin.toml", ROUTINE)]);
    assert!(messages.is_empty(), "{messages:#?}");
    let definition = &definitions[0];
    assert_eq!((definition.id.as_str(), definition.version), ("begin", 2));
    assert_eq!(definition.kind(), ChecklistKind::Routine);
    assert_eq!(definition.intro.as_deref(), Some("Loop dit na."));
    let ChecklistBody::Routine { groups } = &definition.body else {
        panic!("routine");
    };
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].title, None);
    assert_eq!(groups[0].steps[0].section.as_deref(), Some("de-overdracht"));
    assert_eq!(groups[1].title.as_deref(), Some("In huis"));
    assert_eq!(groups[1].steps[0].section.as_deref(), Some("bij-brand"));
}

#[test]
fn a_broken_file_names_the_line_of_the_mistake() {
    let message = one_error("id = \"a\"\nversion = 1\ntitle = \"A\nkind = \"routine\"\n");
    assert!(
        message.starts_with("c.toml:3: error: this checklist cannot be read"),
        "{message}"
    );
    assert!(message.contains("docs/checklists.md"), "{message}");
}

#[test]
fn an_unknown_key_is_a_typo_with_its_line() {
    let message = one_error("id = \"a\"\nversion = 1\nkind = \"routine\"\ntitel = \"A\"\n");
    assert!(message.starts_with("c.toml:4: error:"), "{message}");
    assert!(message.contains("titel"), "{message}");
}

#[test]
fn text_that_is_not_utf8_is_refused_with_what_to_do() {
    let (definitions, messages) = check(&[SourceFile {
        path: "c.toml".into(),
        bytes: b"id = \"a\"\ntitle = \"\xff\"\n".to_vec(),
    }]);
    assert!(definitions.is_empty());
    assert!(
        messages[0].starts_with("c.toml:2: error: this file is not UTF-8"),
        "{messages:#?}"
    );
}

#[test]
fn required_keys_kind_and_scale_are_explained() {
    let message = one_error("id = \"a\"\nversion = 1\ntitle = \"A\"\n[[step]]\ntext = \"x\"\n");
    assert!(message.contains("`kind` is missing"), "{message}");
    let message = one_error("id = \"a\"\nversion = 1\ntitle = \"A\"\nkind = \"lijst\"\n");
    assert!(
        message.starts_with("c.toml:4: error: unknown kind `lijst`"),
        "{message}"
    );
    let message = one_error(
        "id = \"a\"\nversion = 1\ntitle = \"A\"\nkind = \"self-evaluation\"\nscale = \"vijf\"\n\
         [[theme]]\nid = \"t\"\ntitle = \"T\"\n[[theme.question]]\nid = \"q\"\ntext = \"Wij.\"\n",
    );
    assert!(
        message.starts_with("c.toml:5: error: unknown scale `vijf`"),
        "{message}"
    );
    assert!(message.contains("standaard"), "{message}");
    let message = one_error(
        "id = \"a\"\nversion = 0\ntitle = \"A\"\nkind = \"routine\"\n[[step]]\ntext = \"x\"\n",
    );
    assert!(
        message.starts_with("c.toml:2: error: version 0"),
        "{message}"
    );
    let message = one_error("id = \"Mijn Lijst\"\nversion = 1\ntitle = \"A\"\nkind = \"routine\"\n[[step]]\ntext = \"x\"\n");
    assert!(message.contains("`mijn-lijst`"), "{message}");
}

#[test]
fn duplicates_empty_themes_weights_and_dead_links_are_errors() {
    let text = r#"id = "z"
version = 1
kind = "self-evaluation"
title = "Z"
scale = "standaard"
[[theme]]
id = "a"
title = "A"
[[theme.question]]
id = "q"
text = "Wij."
section = "id:bestaat-niet"
[[theme.question]]
id = "q"
text = "Wij ook."
weight = 11
[[theme]]
id = "a"
title = "Leeg"
"#;
    let (definitions, messages) = check(&[file("z.toml", text)]);
    assert!(definitions.is_empty());
    let expected = [
        "z.toml:12: error: the link to section `bestaat-niet` goes nowhere",
        "z.toml:14: error: question id `q` is also used on line 10",
        "z.toml:16: error: weight 11 is not possible",
        "z.toml:18: error: theme id `a` is also used on line 7",
        "z.toml:18: error: this theme has no questions",
    ];
    for start in expected {
        assert!(
            messages.iter().any(|m| m.starts_with(start)),
            "{start}\n{messages:#?}"
        );
    }
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
}

#[test]
fn two_files_with_one_id_keep_the_first_and_name_it() {
    let (definitions, messages) = check(&[file("a.toml", ROUTINE), file("b.toml", ROUTINE)]);
    assert_eq!(definitions.len(), 1);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].starts_with("b.toml:1: error: checklist id `begin` is also used by a.toml"),
        "{messages:#?}"
    );
}

#[test]
fn kinds_do_not_mix_and_nothing_to_tick_is_an_error() {
    let message = one_error("id = \"a\"\nversion = 1\ntitle = \"A\"\nkind = \"routine\"\n");
    assert!(message.contains("no steps"), "{message}");
    let message = one_error(
        "id = \"a\"\nversion = 1\ntitle = \"A\"\nkind = \"self-evaluation\"\nscale = \"standaard\"\n",
    );
    assert!(message.contains("no themes"), "{message}");
    let (_, messages) = check(&[file(
        "c.toml",
        "id = \"a\"\nversion = 1\ntitle = \"A\"\nkind = \"routine\"\n[[step]]\ntext = \" \"\n",
    )]);
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("c.toml:6: error: a step's `text` is empty")),
        "{messages:#?}"
    );
}

#[test]
fn links_are_not_checked_without_a_handbook_and_that_is_said() {
    let mut diagnostics = Vec::new();
    let definitions = check_checklists(
        &[file("begin.toml", ROUTINE)],
        SectionIds::Unknown,
        &mut diagnostics,
    );
    assert_eq!(definitions.len(), 1);
    assert_eq!(diagnostics.len(), 1);
    assert!(!diagnostics[0].is_error());
    assert!(diagnostics[0].message.contains("not checked"));
}

#[test]
fn hostile_input_never_panics() {
    for text in [
        "",
        "[[theme]]\n[[theme.question]]\n",
        "id = 5\nversion = \"x\"",
        "kind = \"self-evaluation\"\n[[theme]]\nid=\"\"\n",
        "version = 99999999999999\n",
        "\u{feff}id = \"a\"",
        "[[group]]\n[[group.step]]\n",
    ] {
        let (definitions, messages) = check(&[file("x.toml", text)]);
        assert!(definitions.is_empty(), "{text:?}");
        assert!(!messages.is_empty(), "{text:?}");
    }
}
