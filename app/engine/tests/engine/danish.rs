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
        let text = mini.replace("when = 'discharge_days = \"long\"'", &format!("when = '{}'", cond.replace('\'', "\\'")));
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
    assert!(missing.is_empty(), "{} clause(s) without Danish:\n{}", missing.len(), missing.into_iter().collect::<Vec<_>>().join("\n"));
}

#[test]
fn quoted_parts_stay_as_written() {
    let da = in_danish("unknown item `agee` in rule `old`; did you mean `age`?");
    assert!(da.contains("`agee`") && da.contains("`old`") && da.contains("`age`"), "{da}");
    assert_ne!(da, "unknown item `agee` in rule `old`; did you mean `age`?");
}

/// The slips an admin makes on one line: the line left out or written
/// twice, its value replaced by a word, its last character lost, its key
/// misspelt.
fn slips(line: &str) -> Vec<String> {
    let mut out = vec![String::new(), format!("{line}\n{line}")];
    if let Some((key, _)) = line.split_once(" = ") {
        out.push(format!("{key} = \"seven\""));
        out.push(format!("{key}s = {}", &line[key.len() + 3..]));
    }
    let mut cut = line.to_owned();
    cut.pop();
    out.push(cut);
    out
}

/// Not only the corpus: every message that one slip on any line of a
/// shipped file gives, in any file of the set, has Danish. A new message
/// that an admin can reach this way fails here until the catalogue has it.
#[test]
fn every_message_from_one_slip_in_a_shipped_file_has_danish() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../questionnaires");
    let mut files: Vec<SourceFile> = std::fs::read_dir(dir)
        .expect("questionnaires")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| SourceFile::new(p.display().to_string(), std::fs::read_to_string(&p).expect("file")))
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    // The skeleton of each clause without Danish, and one message with it.
    let mut missing: std::collections::BTreeMap<String, String> = Default::default();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut tried = 0;
    for file in &files {
        let lines: Vec<&str> = file.text.lines().collect();
        for (li, line) in lines.iter().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            for slip in slips(line) {
                let mut changed = lines.clone();
                changed[li] = &slip;
                // The file alone (a pathway with the questionnaires it names):
                // the messages of one file, seven times faster than the set.
                let mut set = vec![SourceFile::new(file.name.clone(), changed.join("\n"))];
                if file.name.ends_with(".pathway.toml") {
                    set.extend(files.iter().filter(|f| !f.name.ends_with(".pathway.toml")).cloned());
                }
                let report = check_files(&set);
                for d in report.diagnostics.iter().chain(&report.warnings) {
                    if seen.insert(d.message.clone()) {
                        for clause in untranslated(&d.message) {
                            missing.entry(clause).or_insert_with(|| format!("line {} of {} as {slip:?}: {}", li + 1, file.name, d.message));
                        }
                    }
                }
                tried += 1;
            }
        }
    }
    assert!(tried > 2000 && seen.len() > 100, "only {tried} slips, {} messages", seen.len());
    assert!(
        missing.is_empty(),
        "{} clause(s) without Danish:\n{}",
        missing.len(),
        missing.into_iter().map(|(k, v)| format!("{k}\n    ({v})")).collect::<Vec<_>>().join("\n")
    );
}
