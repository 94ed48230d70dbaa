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
    text.lines().map_while(|l| l.strip_prefix("# expect: ")).map(|s| s.trim_end().to_string()).collect()
}

/// The `.toml` files of one fixture folder, sorted.
fn fixture_names(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(format!("{FIXTURES}/{folder}"))
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    names
}

/// Checks every fixture of `folder` against its `# expect:` lines, where
/// `found` gives what `check` printed for it (errors or warnings) and
/// whether that is the kind of outcome the folder wants. With `BLESS` set,
/// rewrites the expectations instead. Returns each fixture's expectations.
fn each_fixture(folder: &str, found: impl Fn(&str, &SourceFile) -> (Vec<String>, Result<(), String>)) -> Vec<Vec<String>> {
    let bless = std::env::var("BLESS").is_ok();
    let mut failures = Vec::new();
    let mut expectations = Vec::new();
    for name in fixture_names(folder) {
        let fixture = file(&format!("{folder}/{name}"));
        let (got, outcome) = found(&name, &fixture);
        if bless {
            let body: String = fixture.text.lines().skip_while(|l| l.starts_with("# expect:")).map(|l| format!("{l}\n")).collect();
            let header: String = got.iter().map(|g| format!("# expect: {g}\n")).collect();
            std::fs::write(format!("{FIXTURES}/{folder}/{name}"), format!("{header}{body}")).expect("write");
            continue;
        }
        let want = expected(&fixture.text);
        if let Err(why) = outcome {
            failures.push(format!("{name}: {why}"));
        }
        if got != want || got.is_empty() {
            failures.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
        expectations.push(want);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    expectations
}

#[test]
fn each_broken_file_gives_its_precise_message() {
    assert!(fixture_names("broken").len() >= 25, "too few fixtures");
    let expectations = each_fixture("broken", |name, broken| {
        // Pathways need the questionnaire they refer to.
        let mut files = vec![broken.clone()];
        if name.ends_with(".pathway.toml") {
            files.push(file("mini.toml"));
        }
        let report = check_files(&files);
        (report.diagnostics.iter().map(|d| d.to_string()).collect(), Ok(()))
    });
    let mistakes: usize = expectations.iter().flatten().filter(|w| !w.contains("did not run")).count();
    let files_with_several = expectations.iter().filter(|want| want.len() > 1).count();
    if std::env::var("BLESS").is_err() {
        assert!(mistakes >= 40, "the corpus has only {mistakes} mistakes");
        assert!(files_with_several >= 5, "only {files_with_several} files show several mistakes at once");
    }
}

/// Warnings as a user reads them: every file in `tests/fixtures/warnings/`
/// is valid but for what it warns about, and its first lines say exactly
/// which warnings `check` gives (`# expect: file:line:column: message`).
#[test]
fn each_suspicious_file_gives_its_warnings_and_no_error() {
    assert!(fixture_names("warnings").len() >= 4, "too few fixtures");
    each_fixture("warnings", |_, suspicious| {
        let report = check_files(std::slice::from_ref(suspicious));
        let outcome = if report.is_ok() { Ok(()) } else { Err(format!("errors {:#?}", report.diagnostics)) };
        (report.warnings.iter().map(|d| d.to_string()).collect(), outcome)
    });
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
    f.text = f.text.replace("min = 0\nmax = 120", "min = 120\nmax = 0").replace("when = 'discharge_days = \"long\"'", "when = 'discharg'");
    f.text = f.text.replace("text = { da = \"Flåd?\", en = \"Discharge?\" }", "text = { da = \"\", en = \"Discharge?\" }");
    let report = check_files(&[f]);
    assert_eq!(report.diagnostics.len(), 3, "{:#?}", report.diagnostics);
}

/// A questionnaire file with a TOML syntax error names nothing the reader
/// can use, but its pathway must not call the questionnaire unknown: the
/// time point was not checked because that file has errors.
#[test]
fn a_syntax_error_in_a_questionnaire_is_not_an_unknown_questionnaire_in_its_pathway() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../questionnaires");
    let read = |name: &str| SourceFile::new(name.to_owned(), std::fs::read_to_string(format!("{dir}/{name}")).expect("shipped file"));
    for slip in ["\nbroken = \"never closed\n", "\n[[items]\n", "\nid = = 3\n", "\n= 3\n", "\n[version\n", "\n\"\n"] {
        for at in [0, 1, 2] {
            let mut follow_up = read("ear-tubes-follow-up.toml");
            // At the top, halfway down, or near the end of the file.
            let from = [0, follow_up.text.len() / 2, follow_up.text.len() * 9 / 10][at];
            let line_end = from + follow_up.text[from..].find('\n').expect("a line");
            follow_up.text.insert_str(line_end, slip);
            let report = check_files(&[read("ear-tubes-baseline.toml"), follow_up, read("ear-tubes.pathway.toml")]);
            let got: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
            assert!(got.iter().any(|d| d.starts_with("ear-tubes-follow-up.toml:")), "the file's own error ({slip:?} at {at}): {got:#?}");
            for d in got.iter().filter(|d| d.starts_with("ear-tubes.pathway.toml:")) {
                assert!(!d.contains("unknown questionnaire"), "not unknown, only unchecked ({slip:?} at {at}): {d}");
            }
        }
    }
}
