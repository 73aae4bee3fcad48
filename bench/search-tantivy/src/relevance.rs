//! The relevance set, `crates/kompas-store/tests/relevance.tsv`: one query a line, a TAB,
//! then the ids of the acceptable first hits separated by spaces; lines starting with `#`
//! and empty lines are skipped. Read the same way as `crates/kompas-store/tests/relevance.rs`.

use std::path::Path;

/// One line of the relevance set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub line: usize,
    /// The first line of the comment block above the case (`Typos: …`), to count by kind.
    pub group: String,
    pub query: String,
    pub acceptable: Vec<String>,
}

impl Case {
    /// Whether `first` (the first hit's id, if any) is one of the acceptable ones.
    pub fn is_right(&self, first: Option<&str>) -> bool {
        first.is_some_and(|first| self.acceptable.iter().any(|id| id == first))
    }
}

pub fn read(path: &Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}:{e}", path.display()))
}

pub fn parse(text: &str) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    let mut group = String::new();
    let mut in_comment = false;
    for (index, line) in text.lines().enumerate() {
        if let Some(comment) = line.strip_prefix('#') {
            if !in_comment {
                group = comment.trim().to_owned();
            }
            in_comment = true;
            continue;
        }
        in_comment = false;
        if line.trim().is_empty() {
            continue;
        }
        let Some((query, acceptable)) = line.split_once('\t') else {
            return Err(format!(
                "{}: no TAB between the query and its sections",
                index + 1
            ));
        };
        let acceptable: Vec<String> = acceptable.split_whitespace().map(str::to_owned).collect();
        if acceptable.is_empty() {
            return Err(format!(
                "{}: no acceptable section after the TAB",
                index + 1
            ));
        }
        cases.push(Case {
            line: index + 1,
            group: group.clone(),
            query: query.to_owned(),
            acceptable,
        });
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_queries_and_their_acceptable_sections() {
        let text = "# a comment\n\nnachtdiensten\tde-nachtdienst\n\
                    overleden\tals-een-gast-overlijdt  als-een-gast-s-nachts-overlijdt\n\
                    # Phrases\n# more about them\n\
                    \"de laatste fase\"\teten-en-drinken\n";
        let cases = parse(text).expect("parses");
        assert_eq!(cases.len(), 3);
        assert_eq!(cases[0].line, 3);
        assert_eq!(cases[1].group, "a comment");
        assert_eq!(cases[2].group, "Phrases");
        assert_eq!(cases[0].query, "nachtdiensten");
        assert_eq!(
            cases[1].acceptable,
            ["als-een-gast-overlijdt", "als-een-gast-s-nachts-overlijdt"]
        );
        assert_eq!(cases[2].query, "\"de laatste fase\"");
        assert!(cases[1].is_right(Some("als-een-gast-s-nachts-overlijdt")));
        assert!(!cases[1].is_right(Some("de-nachtdienst")));
        assert!(!cases[1].is_right(None));
    }

    #[test]
    fn a_line_without_tab_is_an_error_with_its_line() {
        let error = parse("# x\nnachtdiensten de-nachtdienst\n").expect_err("no TAB");
        assert!(error.starts_with("2:"), "{error}");
        let error = parse("nacht\t \n").expect_err("no section");
        assert!(error.starts_with("1:"), "{error}");
    }
}
