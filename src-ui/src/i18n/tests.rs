//! Every text the UI can show, in every language, generated from the enums and the word
//! tables and compared with one snapshot, `texts.snapshot.txt` next to this file. After a
//! deliberate change, `UPDATE_EXPECT=1 cargo test` rewrites it; review its diff like the
//! change itself.

use kompas_proto::overlay::{DraftState, LocalPolicy};
use kompas_proto::tailoring::{RevisionChange, TailorKind, TailorState};
use kompas_proto::SectionSource;
use std::path::PathBuf;

use expect_test::expect_file;
use kompas_proto::region::{HospiceYearState, ReviewState};
use kompas_proto::sync::Role;
use kompas_proto::{
    ErrorCode, Language, SearchHit, SearchOutcome, SearchResults, SectionSummary, SyncActivity,
    TextPart, PROTOCOL_VERSION,
};

use super::*;
use crate::screens::search::screen_lines;
use crate::startup::Mismatch;

/// Texts that are rightly the same in Dutch and English (names, loan words).
const SAME_IN_BOTH: [&str; 12] = [
    "screens.app_name",
    "screens.protocol_badge",
    "screens.details",
    "sync.hospice_label",
    "role(Manager)",
    "region.hospice_column",
    "region.state_column",
    "region.not_sent",
    "region.legend_low",
    "region.legend_mid",
    "region.legend_high",
    "region.legend_top",
];

/// Every role, in the snapshot's order.
const ROLES: [Role; 2] = [Role::Volunteer, Role::Manager];

/// A new role fails to compile here: give it a text, and list it in [`ROLES`].
fn role_is_listed(role: Role) -> bool {
    match role {
        Role::Volunteer | Role::Manager => ROLES.contains(&role),
    }
}

/// Which variant an activity is. A new variant fails to compile here: number it, bump
/// [`ACTIVITY_VARIANTS`] and add an example to [`activities`].
fn activity_variant(activity: &SyncActivity) -> usize {
    match activity {
        SyncActivity::NotConnected => 0,
        SyncActivity::ChooseOrganization => 1,
        SyncActivity::Idle => 2,
        SyncActivity::Syncing { .. } => 3,
        SyncActivity::Offline { .. } => 4,
        SyncActivity::LoginNeeded => 5,
        SyncActivity::Failed { .. } => 6,
    }
}

const ACTIVITY_VARIANTS: usize = 7;

/// What the engine says in English, for support; never part of what the user reads.
const ENGINE_DETAIL: &str = "connection refused (os error 111)";

/// Every sync activity with representative data: each variant, each failure code.
fn activities() -> Vec<SyncActivity> {
    let mut all = vec![
        SyncActivity::NotConnected,
        SyncActivity::ChooseOrganization,
        SyncActivity::Idle,
        SyncActivity::Syncing {
            pages: 1,
            changes: 0,
        },
        SyncActivity::Syncing {
            pages: 1,
            changes: 1,
        },
        SyncActivity::Syncing {
            pages: 2,
            changes: 40,
        },
        SyncActivity::Offline {
            detail: ENGINE_DETAIL.into(),
        },
        SyncActivity::LoginNeeded,
    ];
    all.extend(
        ErrorCode::all()
            .into_iter()
            .map(|code| SyncActivity::Failed {
                code,
                detail: ENGINE_DETAIL.into(),
            }),
    );
    all
}

/// The name of an activity in the snapshot: its variant and data, without the detail.
fn activity_name(activity: &SyncActivity) -> String {
    match activity {
        SyncActivity::Offline { .. } => "Offline".to_owned(),
        SyncActivity::Failed { code, .. } => format!("Failed({code:?})"),
        other => format!("{other:?}"),
    }
}

/// Which variant a search outcome is. A new variant fails to compile here: number it, bump
/// [`OUTCOME_VARIANTS`] and add an example to [`search_answers`].
fn outcome_variant(outcome: &SearchOutcome) -> usize {
    match outcome {
        SearchOutcome::AllWords => 0,
        SearchOutcome::SomeWords => 1,
        SearchOutcome::NoMatch { .. } => 2,
    }
}

const OUTCOME_VARIANTS: usize = 3;

/// What the volunteer typed in the search examples, with a typo.
const TYPED_QUERY: &str = "verpleegkundge bellen";

fn example_hit(all_words: bool) -> SearchHit {
    SearchHit {
        id: "arts-bellen".into(),
        title: vec![TextPart {
            text: if all_words {
                "Verpleegkundige bellen"
            } else {
                "Bellen"
            }
            .into(),
            marked: false,
        }],
        category: "Zorg".into(),
        snippet: vec![],
        critical: false,
        all_words,
    }
}

/// Every search outcome, each without and with a correction: its name in the snapshot
/// and the answer.
fn search_answers() -> Vec<(String, SearchResults)> {
    let outcomes = [
        (SearchOutcome::AllWords, vec![true, true, false]),
        (SearchOutcome::SomeWords, vec![false, false]),
        (
            SearchOutcome::NoMatch {
                categories: vec!["Zorg".into(), "Veiligheid".into()],
                critical: vec![SectionSummary {
                    id: "bij-brand".into(),
                    title: "Bij brand".into(),
                    category: "Veiligheid".into(),
                    critical: true,
                    updated: false,
                }],
            },
            vec![],
        ),
    ];
    let mut all = vec![];
    for (outcome, hits) in outcomes {
        for correction in [None, Some("verpleegkundige bellen")] {
            let name = format!(
                "{}, {} hits, {}",
                outcome_name(&outcome),
                hits.len(),
                match correction {
                    Some(corrected) => format!("corrected to {corrected:?}"),
                    None => "no correction".to_owned(),
                }
            );
            all.push((
                name,
                SearchResults {
                    hits: hits
                        .iter()
                        .map(|&all_words| example_hit(all_words))
                        .collect(),
                    correction: correction.map(str::to_owned),
                    outcome: outcome.clone(),
                },
            ));
        }
    }
    all
}

/// The name of an outcome variant in the snapshot.
fn outcome_name(outcome: &SearchOutcome) -> &'static str {
    match outcome {
        SearchOutcome::AllWords => "AllWords",
        SearchOutcome::SomeWords => "SomeWords",
        SearchOutcome::NoMatch { .. } => "NoMatch",
    }
}

/// One state of the UI's words: a name, and the text in each language.
struct Entry {
    name: String,
    texts: Vec<(Language, String)>,
}

fn entry(name: impl Into<String>, text: impl Fn(&Texts) -> String) -> Entry {
    Entry {
        name: name.into(),
        texts: LANGUAGES
            .iter()
            .map(|&language| (language, text(texts(language))))
            .collect(),
    }
}

/// Today at 14:32 and the next try at 14:40, in the language of `t`.
fn last_and_next(t: &Texts) -> (String, String) {
    (t.moment(0, 23, 10, "14:32"), t.moment(0, 23, 10, "14:40"))
}

/// Every text the UI shows, for every language.
fn every_text() -> Vec<Entry> {
    let mut all = vec![];

    type Area = fn(&Texts) -> Vec<(&'static str, &'static str)>;
    let areas: [(&str, Area); 7] = [
        ("screens", |t| t.screens.each()),
        ("sync", |t| t.sync.each()),
        ("errors", |t| t.errors.each()),
        ("checklists", |t| t.checklists.each()),
        ("region", |t| t.region.each()),
        ("tailoring", |t| t.tailoring.each()),
        ("reading", |t| t.reading.each()),
    ];
    for (area, words) in areas {
        let names = words(texts(Language::Nl));
        for (index, (name, _)) in names.into_iter().enumerate() {
            all.push(entry(format!("{area}.{name}"), |t| {
                words(t)[index].1.to_owned()
            }));
        }
    }

    all.push(entry("language_name", |t| {
        language_name(t.language).to_owned()
    }));
    all.push(entry("lang_code", |t| lang_code(t.language).to_owned()));

    for count in [1, 3] {
        all.push(entry(format!("open_for(\"Anna\", {count})"), |t| {
            t.open_for("Anna", count)
        }));
        all.push(entry(format!("still_open({count})"), |t| {
            t.still_open(count)
        }));
        all.push(entry(format!("acknowledgements_waiting({count})"), |t| {
            t.acknowledgements_waiting(count as u32)
        }));
    }
    for from in [
        kompas_proto::reading::MustReadFrom::Region,
        kompas_proto::reading::MustReadFrom::Hospice,
    ] {
        all.push(entry(format!("must_read_from({from:?})"), |t| {
            t.must_read_from(from).to_owned()
        }));
    }
    all.push(entry("acknowledged_by", |t| {
        t.acknowledged_by("Anna de Vries", "2026-12-05T21:30:00Z")
    }));
    all.push(entry("share(7, 12, 58)", |t| t.share(7, 12, 58)));
    for sections in [1, 42] {
        all.push(entry(format!("whole_handbook({sections})"), |t| {
            t.whole_handbook(sections)
        }));
        all.push(entry(format!("offline_count({sections})"), |t| {
            t.offline_count(sections)
        }));
    }
    for count in [0, 1, 7] {
        all.push(entry(format!("results({count}, \"val nacht\")"), |t| {
            t.results(count, "val nacht")
        }));
    }
    for (name, results) in search_answers() {
        all.push(entry(
            format!("search_screen({TYPED_QUERY:?}, {name})"),
            |t| screen_lines(t, TYPED_QUERY, &results).join(" | "),
        ));
    }
    for kind in [
        TailorKind::Supplement,
        TailorKind::Replaced,
        TailorKind::Hidden,
        TailorKind::Own,
    ] {
        all.push(entry(format!("tailor_kind({kind:?})"), |t| {
            t.tailor_kind(kind).to_owned()
        }));
    }
    for state in [
        TailorState::Current,
        TailorState::RegionChanged { from: 3, to: 4 },
        TailorState::RemovedByRegion,
        TailorState::Locked {
            policy: LocalPolicy::Fixed,
        },
    ] {
        all.push(entry(format!("tailor_state({state:?})"), |t| {
            t.tailor_state(state).to_owned()
        }));
    }
    for state in [
        DraftState::Editing,
        DraftState::Waiting,
        DraftState::Stale {
            current: 2,
            detail: "changed".into(),
        },
        DraftState::Refused {
            detail: "Dit onderdeel staat geen aanpassing toe.".into(),
        },
    ] {
        all.push(entry(format!("draft_state({state:?})"), |t| {
            t.draft_state(&state)
        }));
    }
    for (change, by) in [
        (RevisionChange::Region, ""),
        (RevisionChange::RegionRemoved, ""),
        (RevisionChange::Supplement, "marieke"),
        (RevisionChange::Replaced, "marieke"),
        (RevisionChange::Hidden, "marieke"),
        (RevisionChange::Own, "marieke"),
        (RevisionChange::TakenBack, "marieke"),
    ] {
        all.push(entry(format!("revision_label({change:?})"), |t| {
            t.revision_label(change, 4, "2026-12-05", by)
        }));
    }
    // The region's own text has no mark.
    assert_eq!(texts(Language::Nl).source_mark(SectionSource::Region), None);
    for source in [
        SectionSource::Supplemented,
        SectionSource::Replaced,
        SectionSource::ReplacedRegionChanged,
        SectionSource::Own,
    ] {
        all.push(entry(format!("source_mark({source:?})"), |t| {
            t.source_mark(source).unwrap_or("—").to_owned()
        }));
    }
    all.push(entry("review_by(\"2027-06-01\")", |t| {
        t.review_by("2027-06-01")
    }));

    for state in [
        HospiceYearState::NotReceived,
        HospiceYearState::Sent,
        HospiceYearState::Received,
        HospiceYearState::Discussed,
    ] {
        all.push(entry(format!("state_count({state:?}, 3)"), |t| {
            t.state_count(state, 3)
        }));
    }
    for state in [ReviewState::Received, ReviewState::Discussed] {
        all.push(entry(format!("review_line({state:?})"), |t| {
            t.review_line(state, "wendy", "2026-11-02T09:00:00Z")
        }));
    }
    all.push(entry("region_title", |t| {
        t.region_title("Regio Utrecht", 2026)
    }));
    for stale in [false, true] {
        all.push(entry(format!("fetched_line(stale: {stale})"), |t| {
            t.fetched_line(&t.moment(0, 23, 10, "14:32"), stale)
        }));
    }
    all.push(entry("spread_text(55.5, 44, 71.25, 12)", |t| {
        t.spread_text(55.5, 44.0, 71.25, 12)
    }));
    all.push(entry("exported_to", |t| {
        t.exported_to("/home/wendy/Downloads/x.csv")
    }));
    all.push(entry("completeness(86)", |t| t.completeness(86)));

    all.push(entry("signed_in_as(\"anna\", server)", |t| {
        t.signed_in_as("anna", "https://kompas.example.nl")
    }));
    for role in ROLES {
        all.push(entry(format!("role({role:?})"), |t| {
            t.role(role).to_owned()
        }));
    }
    for (days_ago, day, month) in [
        (0, 23, 10),
        (1, 22, 10),
        (-1, 24, 10),
        (5, 18, 10),
        (40, 3, 0),
    ] {
        all.push(entry(format!("moment({days_ago}, {day}, {month})"), |t| {
            t.moment(days_ago, day, month, "09:10")
        }));
    }

    for activity in activities() {
        let name = activity_name(&activity);
        all.push(entry(format!("sync_line({name}, last, next)"), |t| {
            let (last, next) = last_and_next(t);
            t.sync_line(&activity, Some(&last), Some(&next))
        }));
        all.push(entry(format!("sync_line({name}, never, -)"), |t| {
            t.sync_line(&activity, None, None)
        }));
    }

    for code in ErrorCode::all() {
        all.push(entry(format!("login_problem({code:?})"), |t| {
            t.login_problem(code).to_owned()
        }));
    }
    for code in ErrorCode::all() {
        all.push(entry(format!("error_detail({code:?})"), |t| {
            t.error_detail(code).to_owned()
        }));
    }
    all
}

/// What support reads on the mismatch screen (English in every language).
fn mismatch_details() -> Vec<String> {
    [
        Mismatch {
            language: Language::Nl,
            shell_version: Some(1),
            unreadable: None,
        },
        Mismatch {
            language: Language::Nl,
            shell_version: None,
            unreadable: Some("missing field `protocol_version`".into()),
        },
    ]
    .iter()
    .map(Mismatch::detail)
    // The window's own version changes with every protocol bump; the wording is what the
    // snapshot guards, so the number is written as its name.
    .map(|detail| {
        detail.replace(
            &format!("protocol {PROTOCOL_VERSION};"),
            "protocol {PROTOCOL_VERSION};",
        )
    })
    .collect()
}

fn snapshot() -> String {
    let mut out = String::new();
    for entry in every_text() {
        out.push_str(&entry.name);
        out.push('\n');
        for (language, text) in &entry.texts {
            out.push_str(&format!("    {}: {text}\n", lang_code(*language)));
        }
    }
    out.push_str("\nmismatch details (for support, in English)\n");
    for detail in mismatch_details() {
        out.push_str(&format!("    {detail}\n"));
    }
    out
}

#[test]
fn every_text_in_every_language_matches_the_snapshot() {
    // At run time, not compiled in: a shared build cache may hold a test binary built in
    // another checkout. (expect-test's own guess would be the root workspace.)
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    expect_file![PathBuf::from(dir).join("src/i18n/texts.snapshot.txt")].assert_eq(&snapshot());
}

#[test]
fn dutch_and_english_differ_and_none_is_empty() {
    let all = every_text();
    for entry in &all {
        for (language, text) in &entry.texts {
            assert!(
                !text.trim().is_empty(),
                "{} is empty in {language:?}",
                entry.name
            );
        }
        let (_, first) = &entry.texts[0];
        let same = entry.texts.iter().all(|(_, text)| text == first);
        let allowed = SAME_IN_BOTH.contains(&entry.name.as_str());
        assert_eq!(
            same, allowed,
            "{}: {:?} (the same in every language only if listed in SAME_IN_BOTH)",
            entry.name, entry.texts
        );
    }
    for name in SAME_IN_BOTH {
        assert!(all.iter().any(|e| e.name == name), "{name} is a text");
    }
}

#[test]
fn every_variant_and_code_has_its_text_in_the_snapshot() {
    let examples = activities();
    for variant in 0..ACTIVITY_VARIANTS {
        assert!(
            examples.iter().any(|a| activity_variant(a) == variant),
            "variant {variant} has no example"
        );
    }
    assert!(ROLES.into_iter().all(role_is_listed));
    let answers = search_answers();
    for variant in 0..OUTCOME_VARIANTS {
        for corrected in [false, true] {
            assert!(
                answers
                    .iter()
                    .any(|(_, r)| outcome_variant(&r.outcome) == variant
                        && r.correction.is_some() == corrected),
                "outcome {variant} (corrected: {corrected}) has no example"
            );
        }
    }
    let names: Vec<String> = every_text().into_iter().map(|e| e.name).collect();
    for code in ErrorCode::all() {
        for text in ["login_problem", "error_detail"] {
            let name = format!("{text}({code:?})");
            assert!(names.contains(&name), "{name}");
        }
        assert!(names.contains(&format!("sync_line(Failed({code:?}), last, next)")));
    }
}

#[test]
fn what_the_engine_says_for_support_never_reaches_the_line() {
    for language in LANGUAGES {
        let t = texts(language);
        let (last, next) = last_and_next(t);
        for activity in activities() {
            let line = t.sync_line(&activity, Some(&last), Some(&next));
            assert!(!line.contains(ENGINE_DETAIL), "{activity:?}: {line}");
        }
    }
}

#[test]
fn the_sync_line_says_when_and_what_next() {
    let t = texts(Language::Nl);
    let offline = t.sync_line(
        &SyncActivity::Offline {
            detail: String::new(),
        },
        Some("gisteren 09:10"),
        Some("vandaag 14:40"),
    );
    assert!(offline.contains("werkt gewoon"), "{offline}");
    assert!(offline.contains("gisteren 09:10"), "{offline}");
    assert!(
        offline.contains("Volgende poging: vandaag 14:40"),
        "{offline}"
    );
    let syncing = SyncActivity::Syncing {
        pages: 1,
        changes: 12,
    };
    assert!(t.sync_line(&syncing, None, None).contains("12 onderdelen"));
}

/// The end-to-end tests (`tests/tests/e2e*.rs`) find their way by these Dutch words; a
/// change here needs a change there.
#[test]
fn the_words_the_end_to_end_tests_look_for() {
    let t = texts(Language::Nl);
    assert_eq!(
        t.sync_line(&SyncActivity::Idle, Some("vandaag 14:32"), None),
        "Het handboek is bijgewerkt: vandaag 14:32."
    );
    assert!(t
        .sync_line(&SyncActivity::LoginNeeded, None, None)
        .contains("log opnieuw in"));
    assert!(t
        .login_problem(ErrorCode::InsecureAddress)
        .contains("niet beveiligd"));
    assert!(t
        .signed_in_as("anna", "http://127.0.0.1:1")
        .starts_with("Ingelogd als anna"));
    assert_eq!(t.screens.updated_mark, "Bijgewerkt");
    assert!(t.screens.updated_banner.contains("veranderd"));
    assert_eq!(t.screens.critical_heading, "Direct nodig");
    assert_eq!(t.screens.settings_heading, "Instellingen");
    assert_eq!(t.sync.hospice_label, "Hospice");
}

#[test]
fn moments_are_relative_to_today() {
    let t = texts(Language::Nl);
    assert_eq!(t.moment(0, 23, 10, "14:32"), "vandaag 14:32");
    assert_eq!(t.moment(1, 22, 10, "09:10"), "gisteren 09:10");
    assert_eq!(t.moment(5, 18, 10, "09:10"), "18 nov 09:10");
    assert_eq!(
        texts(Language::En).moment(5, 18, 10, "09:10"),
        "18 Nov 09:10"
    );
}

#[test]
fn each_language_has_its_own_table() {
    for language in LANGUAGES {
        assert_eq!(texts(language).language, language);
    }
}
