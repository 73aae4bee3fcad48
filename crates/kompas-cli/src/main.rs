//! `kompas`: headless tools for a Kwaliteitskompas handbook.
//!
//! - `kompas check <dir>` validates a content folder (exit 1 on errors).
//! - `kompas render` turns markdown on stdin into exactly the HTML the app shows.
//! - `kompas import <dir> --db <file>` loads a content folder into a local store.
//! - `kompas search --db <file> [--json] <query>` searches it like the app does.
//! - `kompas score --checklist <file> --answers <file.json> [--json]` prints the scores per
//!   theme of a self-evaluation's answers (format in the README).
//!
//! The interfaces of these five commands are public; scripts depend on them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use kompas_content::{check_folder, ReviewDates};
use kompas_core::search::{to_marked_html, Highlighted};
use kompas_core::CheckedBundle;
use kompas_proto::{SearchOutcome, TextPart};
use kompas_store::Store;

#[derive(Debug, Parser)]
#[command(name = "kompas", version, about = "Kwaliteitskompas handbook tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a content folder: every problem with file, line and what to do.
    Check { dir: PathBuf },
    /// Render markdown from stdin to the sanitized HTML the app shows.
    Render,
    /// Import a content folder into a local database (created if missing).
    Import {
        dir: PathBuf,
        #[arg(long)]
        db: PathBuf,
    },
    /// Search a local database.
    Search {
        #[arg(long)]
        db: PathBuf,
        /// One JSON object per line: id, title, category, snippet (best hit first).
        #[arg(long)]
        json: bool,
        /// How many hits to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Score the answers of a self-evaluation per theme (there is no total, on purpose).
    Score {
        /// The self-evaluation's checklist file (.toml).
        #[arg(long)]
        checklist: PathBuf,
        /// The answers (JSON; the format is in the README).
        #[arg(long)]
        answers: PathBuf,
        /// A JSON array with one object per theme: theme, title, score (or null),
        /// completeness, applicable, answered, questions, rule.
        #[arg(long)]
        json: bool,
    },
}

mod score;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        // The reader went away (`kompas search … | head`): stop quietly, like other
        // command-line tools, instead of reporting an error nobody made.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kompas: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { dir } => {
            let bundle = load(&dir);
            report(&bundle);
            let errors = bundle.errors().count();
            if errors > 0 {
                eprintln!("{errors} error(s); fix them and run `kompas check` again.");
                return Ok(ExitCode::FAILURE);
            }
            eprintln!(
                "{} sections, {} checklists, no errors.",
                bundle.sections.len(),
                bundle.checklists.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Render => {
            let mut input = Vec::new();
            std::io::stdin()
                .read_to_end(&mut input)
                .context("cannot read stdin")?;
            let Ok(markdown) = String::from_utf8(input) else {
                bail!("the input is not UTF-8 text; convert it to UTF-8 first");
            };
            let rendered = kompas_markdown::render(&markdown, &kompas_markdown::NoFiles);
            std::io::stdout().write_all(rendered.html.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { dir, db } => {
            let bundle = load(&dir);
            report(&bundle);
            if bundle.has_errors() {
                eprintln!("nothing imported: fix the errors above first (see `kompas check`).");
                return Ok(ExitCode::FAILURE);
            }
            let mut store = Store::open(&db)?;
            let imported = store.import_sections(&bundle.sections)?;
            eprintln!(
                "imported into {}: {} added, {} changed, {} unchanged, {} removed.",
                db.display(),
                imported.added,
                imported.changed,
                imported.unchanged,
                imported.removed
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Score {
            checklist,
            answers,
            json,
        } => score::run(&checklist, &answers, json),
        Command::Search {
            db,
            json,
            limit,
            query,
        } => {
            if !db.exists() {
                bail!(
                    "{} does not exist; create it with `kompas import <dir> --db {}`",
                    db.display(),
                    db.display()
                );
            }
            let store = Store::open(&db)?;
            let results = store.search(&query.join(" "), limit)?;
            // What the app says above the hits goes to stderr: stdout stays one hit a line.
            if !json {
                if let Some(correction) = &results.correction {
                    eprintln!("Bedoelde je {correction}?");
                }
                match &results.outcome {
                    SearchOutcome::AllWords => {}
                    SearchOutcome::SomeWords => {
                        eprintln!(
                            "Geen onderdeel bevat alle woorden; dit komt het dichtst in de buurt."
                        )
                    }
                    SearchOutcome::NoMatch {
                        categories,
                        critical,
                    } => {
                        eprintln!("no sections found; try fewer or shorter words.");
                        eprintln!("Onderwerpen: {}", categories.join(", "));
                        for protocol in critical {
                            eprintln!("Protocol: {}  ({})", protocol.title, protocol.id);
                        }
                    }
                }
            }
            let mut out = std::io::stdout().lock();
            for hit in &results.hits {
                let title = text(&hit.title, false);
                let snippet = text(&hit.snippet, json);
                if json {
                    let line = serde_json::json!({
                        "id": hit.id,
                        "title": title,
                        "category": hit.category,
                        "critical": hit.critical,
                        "snippet": snippet,
                        "all_words": hit.all_words,
                        "correction": results.correction,
                    });
                    writeln!(out, "{line}")?;
                } else {
                    writeln!(
                        out,
                        "{title}  [{}]  ({})\n    {snippet}",
                        hit.category, hit.id
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads and checks a content folder, with today's date for review warnings: the same
/// pipeline `kompas-server publish` uses.
fn load(dir: &Path) -> CheckedBundle {
    check_folder(dir, ReviewDates::today())
}

fn report(bundle: &CheckedBundle) {
    for diagnostic in &bundle.diagnostics {
        eprintln!("{diagnostic}");
    }
}

/// Highlighted text as plain text, or as HTML with `<mark>` around matches (JSON output).
fn text(parts: &[TextPart], marked: bool) -> String {
    if marked {
        let highlighted: Vec<Highlighted> = parts
            .iter()
            .map(|p| Highlighted {
                text: p.text.clone(),
                marked: p.marked,
            })
            .collect();
        to_marked_html(&highlighted)
    } else {
        parts.iter().map(|p| p.text.as_str()).collect()
    }
}
