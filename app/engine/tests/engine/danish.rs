//! Every message the engine gives has Danish: the corpus of broken and
//! suspicious files, and rule conditions with the mistakes admins make,
//! are checked and each message is said in Danish with nothing left in
//! English.

use std::collections::BTreeSet;

use svar_engine::danish::{in_danish, untranslated};
use svar_engine::{check_files, SourceFile};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/engine/fixtures");

/// Rule conditions with mistakes, as the rule editor receives them.
const BAD_CONDITIONS: &[&str] = &[
    "agee > 3",
    "age > ",
    "age > 3 and",
    "(age > 3",
    "age > 3)",
    "age = \"ten\"",
    "discharge_days = \"forever\"",
    "discharge_days = long",
    "discharge_days > 2",
    "1 < age < 3",
    "answered(age, discharge)",
    "answerd(age)",
    "score.eer > 1",
    "score.ear",
    "age",
    "discharge + 1 > 2",
    "not age",
    "age in [1, 2]",
    "discharge_days in [\"short\", \"never\"]",
    "age > 3 &&  discharge = true",
    "age => 3",
    "count(age) > 1",
    "previous(agee) > 1",
    "days_since_previous(age) > 1",
    "age / 0 > 1",
    "date(\"2025-13-01\") > date(\"2025-01-01\")",
    "'",
    "age > 3 @",
    "true",
    "previous(score.eer) > 1",
    "discharge = \"ja\"",
    "discharge_days < \"long\"",
    "age in discharge_days",
    "\"short\" in [discharge]",
    "discharge > 1",
    "not age",
    "age and discharge",
    "count(discharge_days) > 1",
    "age = discharge_days",
];

fn messages() -> Vec<String> {
    let mut files: Vec<SourceFile> = Vec::new();
    for folder in ["broken", "warnings"] {
        for entry in std::fs::read_dir(format!("{FIXTURES}/{folder}")).expect("fixtures") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("fixture");
            files.push(SourceFile::new(path.display().to_string(), text));
        }
    }
    let mini = std::fs::read_to_string(format!("{FIXTURES}/mini.toml")).expect("mini");
    let mut out = Vec::new();
    for f in &files {
        let mut set = vec![f.clone()];
        if f.name.ends_with(".pathway.toml") {
            set.push(SourceFile::new("mini.toml", mini.clone()));
        }
        let r = check_files(&set);
        out.extend(r.diagnostics.iter().chain(&r.warnings).map(|d| d.message.clone()));
    }
    for cond in BAD_CONDITIONS {
        let text = mini.replace(
            "when = 'discharge_days = \"long\"'",
            &format!("when = '{}'", cond.replace('\'', "\\'")),
        );
        let r = check_files(&[SourceFile::new("mini.toml", text)]);
        out.extend(r.diagnostics.iter().map(|d| d.message.clone()));
    }
    out
}

#[test]
fn every_message_of_the_corpus_has_danish() {
    let all = messages();
    assert!(all.len() > 60, "only {} messages", all.len());
    let missing: BTreeSet<String> = all.iter().flat_map(|m| untranslated(m)).collect();
    assert!(
        missing.is_empty(),
        "{} clause(s) without Danish:\n{}",
        missing.len(),
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn quoted_parts_stay_as_written() {
    let da = in_danish("unknown item `agee` in rule `old`; did you mean `age`?");
    assert!(da.contains("`agee`") && da.contains("`old`") && da.contains("`age`"), "{da}");
    assert_ne!(da, "unknown item `agee` in rule `old`; did you mean `age`?");
}

