//! The generated 5,000-section handbook of `crates/kompas-store/benches/search.rs`.
//!
//! That file keeps its recipe private (it is a bench binary), so `vocabulary`, `Rng` and
//! `generate` here replicate it exactly, line for line; only the path of the bundled
//! content is taken from this crate's folder instead of the working directory. If the
//! recipe there changes, change it here too. The query mix is not copied: it is
//! `QUERIES` of that file itself (see `main.rs`).

use std::path::Path;

use kompas_content::{check_folder, ReviewDates};
use kompas_core::Section;

pub const SECTIONS: usize = 5_000;

/// Deterministic xorshift, so every run searches the same handbook.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[(self.next() % words.len() as u64) as usize]
    }
}

/// The bundled handbook (`content/handbook`), checked as the app and the benches check it.
pub fn bundled(content: &Path) -> Vec<Section> {
    let bundle = check_folder(content, ReviewDates::Skip);
    assert!(
        !bundle.has_errors(),
        "the bundled content folder: {:?}",
        bundle.diagnostics
    );
    bundle.sections
}

/// Words of the real bundled handbook, so the generated text has Dutch word frequencies.
pub fn vocabulary(bundled: &[Section]) -> Vec<String> {
    let mut words = Vec::new();
    for section in bundled {
        let plain = kompas_markdown::render(&section.body, &kompas_markdown::NoFiles).plain_text;
        words.extend(
            kompas_core::text::words(&plain)
                .map(|(_, w)| w.to_owned())
                .filter(|w| w.chars().count() > 2),
        );
    }
    assert!(words.len() > 1000, "the bundled handbook is missing");
    words
}

pub fn generate(words: &[String]) -> Vec<Section> {
    let mut rng = Rng(0x5eed_cafe);
    (0..SECTIONS)
        .map(|index| {
            let title: Vec<&str> = (0..3 + rng.next() % 3).map(|_| rng.pick(words)).collect();
            let mut body = String::new();
            for paragraph in 0..4 {
                body.push_str(&format!("## Kop {paragraph}\n\n"));
                let sentence: Vec<&str> = (0..60).map(|_| rng.pick(words)).collect();
                body.push_str(&sentence.join(" "));
                body.push_str(".\n\n- ");
                let item: Vec<&str> = (0..10).map(|_| rng.pick(words)).collect();
                body.push_str(&item.join(" "));
                body.push_str("\n\n");
            }
            Section {
                id: format!("sectie-{index}"),
                title: title.join(" "),
                category: format!("Categorie {}", index % 12),
                category_rank: (index % 12) as u32,
                order: index as i64,
                tags: vec![rng.pick(words).to_lowercase()],
                critical: index % 500 == 0,
                review_by: None,
                local_policy: Default::default(),
                body,
                source_path: format!("gen/{index}.md"),
            }
        })
        .collect()
}
