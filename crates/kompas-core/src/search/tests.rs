use super::*;

fn marked(parts: &[Highlighted]) -> String {
    to_marked_html(parts)
}

#[test]
fn expression_quotes_and_prefixes() {
    let query = Query::parse("Nachtdiensten OR overleden").expect("query");
    expect_test::expect![[
        r#"("nachtdiensten"* OR "nachtdienst") AND ("overleden"* OR "overled" OR "overlijd")"#
    ]]
    .assert_eq(&query.fts5_expression());
    assert_eq!(Query::parse(" ,.; "), None);
    assert_eq!(Query::parse("a").map(|q| q.terms.len()), Some(1));
    assert_eq!(Query::parse("a val").map(|q| q.terms.len()), Some(1));
    // No quote in the input reaches FTS5 unquoted.
    let query = Query::parse(r#"brand" OR "x"#).expect("query");
    assert!(!query.fts5_expression().contains("\" OR \"x"));
}

#[test]
fn stop_words_need_not_match_unless_they_are_all_there_is_or_quoted() {
    let terms = |input: &str| -> (Vec<String>, Vec<String>, Vec<String>) {
        let query = Query::parse(input).expect("query");
        (
            query.terms.iter().map(|t| t.folded.clone()).collect(),
            query.optional.iter().map(|t| t.folded.clone()).collect(),
            query.phrase.clone(),
        )
    };
    expect_test::expect![[r#"
            (
                [
                    "doe",
                    "brand",
                ],
                [
                    "wat",
                    "je",
                    "bij",
                ],
                [],
            )
        "#]]
    .assert_debug_eq(&terms("wat doe je bij brand"));
    assert_eq!(terms("te veel voor mij").0, ["te", "veel", "voor", "mij"]);
    expect_test::expect![[r#"
            (
                [
                    "de",
                    "dood",
                ],
                [],
                [
                    "de",
                    "dood",
                ],
            )
        "#]]
    .assert_debug_eq(&terms(r#""de dood""#));
}

#[test]
fn the_handbooks_words_bring_compounds_and_corrections() {
    let vocabulary = Vocabulary::new([
        ("handalcohol", "handalcohol", 1),
        ("hand", "hand", 3),
        ("nachtdienst", "nachtdienst", 4),
        ("nacht", "nacht", 5),
        ("verpleegkundige", "verpleegkundige", 9),
        ("rouw", "rouw", 2),
        ("verwerken", "verwerken", 1),
    ]);
    let expanded = |input: &str| {
        let mut query = Query::parse(input).expect("query");
        query.expand(&vocabulary);
        for index in 0..query.terms.len() {
            if !vocabulary.has_prefix(&query.terms[index].folded)
                && !query.correct(index, &vocabulary)
            {
                query.split(index, &vocabulary);
            }
        }
        format!(
            "{} | {:?}",
            query.fts5_expression(),
            query.corrected(&vocabulary)
        )
    };
    expect_test::expect![[r#"("hand"* OR "hand" OR "handalcohol") AND ("alcohol"* OR "alcohol" OR "handalcohol") | None"#]]
            .assert_eq(&expanded("hand alcohol"));
    expect_test::expect![[r#"("dienst"* OR "dienst" OR "nachtdienst") | None"#]]
        .assert_eq(&expanded("dienst"));
    expect_test::expect![[r#"("rouwverwerking"* OR "rouwverwerk" OR (("rouw"*) AND ("verwerking"* OR "verwerk"))) | None"#]]
            .assert_eq(&expanded("rouwverwerking"));
    expect_test::expect![[r#"("verpleegkundge"* OR "verplegkundg" OR "verplegkund" OR "verpleegkundige") | Some("verpleegkundige")"#]]
            .assert_eq(&expanded("Verpleegkundge"));
    expect_test::expect![[r#"("fire"* OR "fir" OR "brand" OR "rok" OR "rook") | None"#]]
        .assert_eq(&expanded("fire"));
}

#[test]
fn snippet_marks_inflections() {
    let query = Query::parse("overleden nacht").expect("query");
    let text =
        "Inleiding. Als een gast in de nacht komt te overlijden, blijf je rustig. Daarna bel je.";
    assert_eq!(
        marked(&query.matcher().snippet(text, 8)),
        "… een gast in de <mark>nacht</mark> komt te <mark>overlijden</mark>, …"
    );
}

#[test]
fn snippet_keeps_what_precedes_the_first_letter_of_a_word() {
    let query = Query::parse("nachts").expect("query");
    assert_eq!(
        marked(&query.matcher().snippet("’s Nachts is alles stiller.", 8)),
        "’s <mark>Nachts</mark> is alles stiller."
    );
    let query = Query::parse("bel").expect("query");
    let bel = "Een twee (drie vier vijf zes) bel de verpleegkundige nu.";
    assert_eq!(
        marked(&query.matcher().snippet(bel, 8)),
        "… (drie vier vijf zes) <mark>bel</mark> de verpleegkundige nu."
    );
    // A narrow window still holds the hit.
    assert_eq!(
        marked(&query.matcher().snippet(bel, 3)),
        "… zes) <mark>bel</mark> de …"
    );
    assert_eq!(
        marked(&query.matcher().snippet(bel, 0)),
        "… <mark>bel</mark> …"
    );
    // A word joined to the first one is shown, and marked when it matches; whitespace
    // of more than one byte before it is stepped over whole.
    let query = Query::parse("nacht bel").expect("query");
    assert_eq!(
        marked(&query.matcher().snippet(
            "Een twee nacht-drie vier nacht zes zeven bel negen tien.",
            4
        )),
        "… <mark>nacht</mark>-drie vier <mark>nacht</mark> zes …"
    );
    assert_eq!(
        marked(&query.matcher().snippet("Een twee\u{a0}’s nachts.", 2)),
        "… ’s <mark>nachts</mark>."
    );
}

#[test]
fn inflections_are_highlighted_in_titles() {
    let query = Query::parse("val nacht").expect("query");
    assert_eq!(
        marked(&query.matcher().highlight("Gevallen in de nachtdienst")),
        "<mark>Gevallen</mark> in de <mark>nachtdienst</mark>"
    );
    assert_eq!(
        marked(&query.matcher().highlight("Als een gast valt")),
        "Als een gast <mark>valt</mark>"
    );
}

#[test]
fn highlight_escapes_html() {
    let query = Query::parse("script").expect("query");
    assert_eq!(
        marked(&query.matcher().highlight("<script> & co")),
        "&lt;<mark>script</mark>&gt; &amp; co"
    );
}
