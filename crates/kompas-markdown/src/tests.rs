use expect_test::{expect, Expect};

use super::*;

struct Files;

impl FileLinkResolver for Files {
    fn section_id_for_file(&self, relative_path: &str) -> Option<String> {
        (relative_path == "../07-nood/val.md").then(|| "als-een-gast-valt".to_owned())
    }
}

fn check(markdown: &str, expect: Expect) {
    expect.assert_eq(&render(markdown, &Files).html);
}

#[test]
fn renders_extensions() {
    check(
        "## Stappen\n\n- [ ] licht aan\n- [x] deur dicht\n\n| wie | wat |\n|---|---|\n| jij | bellen |\n\n~~oud~~ nieuw[^1]\n\n[^1]: Zie de map.\n",
        expect![[r##"
            <h2 id="stappen">Stappen</h2>
            <ul>
            <li>☐ licht aan</li>
            <li>☑ deur dicht</li>
            </ul>
            <table><thead><tr><th>wie</th><th>wat</th></tr></thead><tbody>
            <tr><td>jij</td><td>bellen</td></tr>
            </tbody></table>
            <p><del>oud</del> nieuw<sup class="footnote-reference"><a href="#1" rel="noopener noreferrer">1</a></sup></p>
            <div class="footnote-definition" id="1"><sup class="">1</sup>
            <p>Zie de map.</p>
            </div>
        "##]],
    );
}

#[test]
fn internal_links_become_routes() {
    check(
        "Zie [vallen](id:als-een-gast-valt#eerst), [val](../07-nood/val.md), [kop](#stappen) en [site](https://www.hospicezorg.nl).",
        expect![[r##"<p>Zie <a href="#/section/als-een-gast-valt/eerst" rel="noopener noreferrer">vallen</a>, <a href="#/section/als-een-gast-valt" rel="noopener noreferrer">val</a>, <a href="#stappen" rel="noopener noreferrer">kop</a> en <a href="https://www.hospicezorg.nl" rel="noopener noreferrer">site</a>.</p>
"##]],
    );
}

#[test]
fn heading_anchors_are_unique_and_ascii() {
    let rendered = render("## Hygiëne\n\n## Hygiëne\n\n### Wat doe je?\n", &NoFiles);
    let anchors: Vec<_> = rendered.toc.iter().map(|t| t.anchor.as_str()).collect();
    assert_eq!(anchors, ["hygiene", "hygiene-2", "wat-doe-je"]);
    assert_eq!(rendered.toc[2].level, 3);
}

#[test]
fn plain_text_has_words_not_markup() {
    let rendered = render(
        "## Bij een val\n\nBel **direct** de `verpleegkundige`.\n\n- rustig blijven\n",
        &NoFiles,
    );
    assert_eq!(
        rendered.plain_text,
        "Bij een val\nBel direct de verpleegkundige.\nrustig blijven"
    );
}

#[test]
fn plain_text_keeps_an_item_apart_from_its_nested_list() {
    let rendered = render(
        "1. Kijk, zonder de gast te bewegen:\n   - Reageert de gast?\n   - Ademt de gast?\n2. Bel\n",
        &NoFiles,
    );
    assert_eq!(
        rendered.plain_text,
        "Kijk, zonder de gast te bewegen:\nReageert de gast?\nAdemt de gast?\nBel"
    );
}

/// Attack inputs collected from XSS cheat sheets, adapted to markdown. After rendering,
/// none of the forbidden fragments may remain anywhere in the HTML.
const ATTACKS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "![x](javascript:alert(1))",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<form action=\"https://evil.example\"><input name=a><button>ok</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<style>body{display:none}</style>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<div onclick=\"alert(1)\">x</div>",
    "<svg onload=alert(1)><circle r=1></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<details open ontoggle=alert(1)>x</details>",
    "[x](https://ok.example \"title\" onmouseover=alert(1))",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<img src=\"http://tracker.example/pixel.gif\">",
    "<img src=\"file:///etc/passwd\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
];

const FORBIDDEN: &[&str] = &[
    "<script",
    "onerror",
    "onload",
    "onclick",
    "ontoggle",
    "onmouseover",
    "javascript:",
    "vbscript:",
    "data:",
    "<iframe",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<button",
    "<meta",
    "<style",
    "style=",
    "<svg",
    "<base",
    "<link",
    "file:",
    "http://tracker",
];

/// The markup of rendered HTML: every tag with its attributes. Text is escaped by the
/// renderer (`<` becomes `&lt;`), so words like "onmouseover" in prose are not markup.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(rest))
        .collect()
}

#[test]
fn attacks_are_neutralized() {
    for attack in ATTACKS {
        let html = render(attack, &NoFiles).html.to_lowercase();
        for tag in tags(&html) {
            for forbidden in FORBIDDEN {
                let forbidden = forbidden.trim_start_matches('<');
                assert!(
                    !tag.contains(forbidden),
                    "`{forbidden}` survived in the rendering of {attack:?}: {html}"
                );
            }
        }
    }
}

#[test]
fn attack_markup_is_shown_as_text_or_dropped() {
    check(
        "<img src=x onerror=alert(1)> [klik](javascript:alert(1)) <script>alert(1)</script>",
        expect![[r#"
            <p><img src="x"> <a rel="noopener noreferrer">klik</a> </p>
        "#]],
    );
}

#[test]
fn harmless_html_survives() {
    check(
        "<details><summary>Meer</summary>Tekst</details>\n\n![logo](images/logo.png) ![foto](https://example.org/a.jpg)",
        expect![[r#"
            <details><summary>Meer</summary>Tekst</details>
            <p><img src="images/logo.png" alt="logo"> <img src="https://example.org/a.jpg" alt="foto"></p>
        "#]],
    );
}

#[test]
fn classify_links() {
    assert_eq!(
        classify_link("id:nachtdienst#wie"),
        LinkKind::Section {
            id: "nachtdienst".into(),
            anchor: Some("wie".into())
        }
    );
    assert_eq!(
        classify_link("../a/b.MD"),
        LinkKind::File {
            path: "../a/b.MD".into(),
            anchor: None
        }
    );
    assert_eq!(
        classify_link("tel:112"),
        LinkKind::External("tel:112".into())
    );
    assert_eq!(classify_link("plaatje.png"), LinkKind::Other);
}

fn facts(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

#[test]
fn placeholders_show_the_hospices_value_escaped_like_any_text() {
    let facts = facts(&[
        ("hospice.naam", "Hospice <De Linde> & *co*"),
        ("hospice.telefoon_verpleegkundige", "030 123 45 67"),
    ]);
    let rendered = render_with_facts(
        "## Bellen in {{hospice.naam}}\n\nBel [{{ hospice.telefoon_verpleegkundige }}](tel:{{hospice.telefoon_verpleegkundige}}).\n",
        &NoFiles,
        &facts,
    );
    expect![[r#"
        <h2 id="bellen-in-hospice-de-linde-co">Bellen in Hospice &lt;De Linde&gt; &amp; *co*</h2>
        <p>Bel <a href="tel:030%20123%2045%2067" rel="noopener noreferrer">030 123 45 67</a>.</p>
    "#]]
    .assert_eq(&rendered.html);
    assert!(rendered.plain_text.contains("Hospice <De Linde> & *co*"));
}

#[test]
fn a_placeholder_without_a_value_is_a_visible_mark_never_raw_braces() {
    // In text, in a list, in a table, in code, and with an underscore pulldown-cmark might
    // have taken for emphasis.
    let markdown = "Welkom in {{hospice.naam}}.\n\n- bel {{hospice.telefoon_verpleegkundige}}\n\n| wie | nummer |\n|---|---|\n| arts | {{hospice.telefoon_arts}} |\n\n`{{hospice.naam}}`\n\n```\n{{hospice.adres}}\n```\n";
    let rendered = render(markdown, &NoFiles);
    assert!(!rendered.html.contains("{{"), "{}", rendered.html);
    expect![[r#"
        <p>Welkom in <mark class="nog-niet-ingevuld">[naam: nog niet ingevuld]</mark>.</p>
        <ul>
        <li>bel <mark class="nog-niet-ingevuld">[telefoon verpleegkundige: nog niet ingevuld]</mark></li>
        </ul>
        <table><thead><tr><th>wie</th><th>nummer</th></tr></thead><tbody>
        <tr><td>arts</td><td><mark class="nog-niet-ingevuld">[telefoon arts: nog niet ingevuld]</mark></td></tr>
        </tbody></table>
        <p><code>[naam: nog niet ingevuld]</code></p>
        <pre><code>[adres: nog niet ingevuld]
        </code></pre>
    "#]]
    .assert_eq(&rendered.html);
    // Search finds the text, not the words of the mark (code keeps its plain stand-in,
    // as code has no marks).
    assert!(
        rendered.plain_text.starts_with("Welkom in .\nbel \n"),
        "{}",
        rendered.plain_text
    );
    assert!(!rendered.plain_text.contains("{{"));
}

#[test]
fn only_well_formed_keys_are_placeholders() {
    let found: Vec<_> = placeholder::placeholders(
        "{{hospice.naam}} {{ Hospice.Naam }} {{hospice naam}} {{{hospice.adres}}} {{}} {{hospice.}} {{x}}",
    )
    .into_iter()
    .map(|used| used.key)
    .collect();
    assert_eq!(found, ["hospice.naam", "hospice.adres", "x"]);
    // A mark written by hand cannot smuggle anything else in: only that class survives.
    let rendered = render(
        "<mark class=\"nog-niet-ingevuld evil\" onclick=\"x()\">a</mark>",
        &NoFiles,
    );
    assert!(!rendered.html.contains("onclick"), "{}", rendered.html);
}
