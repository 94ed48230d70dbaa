//! Error messages as a user reads them: every file in
//! `tests/fixtures/broken/` has one or more things wrong, and its first
//! lines say exactly what `check` must print, every mistake of the file in
//! one run (`# expect: file:line:column: message`).
//! Run with `BLESS=1` to rewrite the expectations after a deliberate change
//! (then read the diff!).

use svar_engine::{check_files, SourceFile};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/engine/fixtures");

fn file(rel: &str) -> SourceFile {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{rel}")).expect("fixture");
    SourceFile::new(format!("tests/fixtures/{rel}"), text)
}

fn expected(text: &str) -> Vec<String> {
    text.lines()
        .map_while(|l| l.strip_prefix("# expect: "))
        .map(|s| s.trim_end().to_string())
        .collect()
}

#[test]
fn each_broken_file_gives_its_precise_message() {
    let mut names: Vec<String> = std::fs::read_dir(format!("{FIXTURES}/broken"))
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 25, "only {} fixtures", names.len());
    let mut mistakes = 0;
    let mut files_with_several = 0;
    let bless = std::env::var("BLESS").is_ok();
    let mut failures = Vec::new();
    for name in names {
        let broken = file(&format!("broken/{name}"));
        // Pathways need the questionnaire they refer to.
        let mut files = vec![broken.clone()];
        if name.ends_with(".pathway.toml") {
            files.push(file("mini.toml"));
        }
        let report = check_files(&files);
        let got: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
        let want = expected(&broken.text);
        mistakes += want.iter().filter(|w| !w.contains("did not run")).count();
        files_with_several += usize::from(want.len() > 1);
        if bless {
            let body: String = broken
                .text
                .lines()
                .skip_while(|l| l.starts_with("# expect:"))
                .map(|l| format!("{l}\n"))
                .collect();
            let header: String = got.iter().map(|g| format!("# expect: {g}\n")).collect();
            std::fs::write(
                format!("{FIXTURES}/broken/{name}"),
                format!("{header}{body}"),
            )
            .expect("write");
            continue;
        }
        if got != want || got.is_empty() {
            failures.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(mistakes >= 40, "the corpus has only {mistakes} mistakes");
    assert!(files_with_several >= 5, "only {files_with_several} files show several mistakes at once");
}

/// Warnings as a user reads them: every file in `tests/fixtures/warnings/`
/// is valid but for what it warns about, and its first lines say exactly
/// which warnings `check` gives (`# expect: file:line:column: message`).
#[test]
fn each_suspicious_file_gives_its_warnings_and_no_error() {
    let mut names: Vec<String> = std::fs::read_dir(format!("{FIXTURES}/warnings"))
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "only {} fixtures", names.len());
    let bless = std::env::var("BLESS").is_ok();
    let mut failures = Vec::new();
    for name in names {
        let suspicious = file(&format!("warnings/{name}"));
        let report = check_files(std::slice::from_ref(&suspicious));
        let got: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
        if bless {
            let body: String = suspicious
                .text
                .lines()
                .skip_while(|l| l.starts_with("# expect:"))
                .map(|l| format!("{l}\n"))
                .collect();
            let header: String = got.iter().map(|g| format!("# expect: {g}\n")).collect();
            std::fs::write(format!("{FIXTURES}/warnings/{name}"), format!("{header}{body}")).expect("write");
            continue;
        }
        let want = expected(&suspicious.text);
        if !report.is_ok() || got != want || got.is_empty() {
            failures.push(format!("{name}:\n  errors {:#?}\n  want {want:#?}\n  got  {got:#?}", report.diagnostics));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_valid_fixture_passes() {
    let report = check_files(&[file("mini.toml")]);
    assert!(report.is_ok(), "{:?}", report.diagnostics);
}

#[test]
fn duplicate_questionnaire_ids_across_files() {
    let a = file("mini.toml");
    let mut b = a.clone();
    b.name = "tests/fixtures/copy.toml".into();
    let report = check_files(&[a, b]);
    let got: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(got, vec!["tests/fixtures/copy.toml:2:6: duplicate questionnaire id `mini` (also in tests/fixtures/mini.toml)"]);
    assert_eq!(report.questionnaires.len(), 1);
}

#[test]
fn all_errors_are_collected_not_just_the_first() {
    let mut f = file("mini.toml");
    f.text = f
        .text
        .replace("min = 0\nmax = 120", "min = 120\nmax = 0")
        .replace("when = 'discharge_days = \"long\"'", "when = 'discharg'");
    f.text = f.text.replace(
        "text = { da = \"Flåd?\", en = \"Discharge?\" }",
        "text = { da = \"\", en = \"Discharge?\" }",
    );
    let report = check_files(&[f]);
    assert_eq!(report.diagnostics.len(), 3, "{:#?}", report.diagnostics);
}
