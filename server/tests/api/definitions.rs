//! `svar check` and the start-up check of questionnaire files.

use std::process::Command;

use crate::helpers::{test_settings, Backend, TestDb};

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../questionnaires");

fn svar() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svar"));
    cmd.env_remove("DATABASE_URL").env_remove("SVAR_CONFIG");
    cmd
}

#[test]
fn check_passes_on_the_shipped_definitions() {
    let output = svar().args(["check", SHIPPED]).output().expect("run svar");

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    // The shipped files give no warnings (#34).
    assert!(stdout.contains("0 failed, 0 not run (their questionnaire has errors), 0 error(s), 0 warning(s)"), "{stdout}");
    assert!(!stdout.contains("warning:"), "{stdout}");
}

/// Warnings are printed but do not fail the check; a file with two
/// mistakes gets both reported in one run.
#[test]
fn check_prints_warnings_and_every_mistake_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let follow_up = std::fs::read_to_string(format!("{SHIPPED}/ear-tubes-follow-up.toml")).unwrap();
    let suspicious = follow_up.replacen("en = \"", "en = \"\u{200B}", 1);
    std::fs::write(dir.path().join("follow-up.toml"), &suspicious).unwrap();
    let output = svar().arg("check").arg(dir.path()).output().expect("run svar");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("warning: there is an invisible character here, a zero-width space (U+200B)"), "{stdout}");

    let broken = follow_up.replacen("en = \"", "fr = \"", 1).replacen("when = 'discharge_blood = true'", "when = 'discharge_bloood = true'", 1);
    std::fs::write(dir.path().join("follow-up.toml"), &broken).unwrap();
    let output = svar().arg("check").arg(dir.path()).output().expect("run svar");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("missing English translation"), "{stdout}");
    assert!(stdout.contains("unknown item `discharge_bloood`"), "{stdout}");
    assert!(stdout.contains("rule tests of `ear_tubes_follow_up` did not run"), "{stdout}");

    // The same in Danish.
    let output = svar().args(["check", "--language", "da"]).arg(dir.path()).output().expect("run svar");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("den engelske oversættelse (`en`) mangler"), "{stdout}");
    assert!(stdout.contains("ukendt spørgsmål `discharge_bloood` i reglen `bloody_discharge`; mente du `discharge_blood`?"), "{stdout}");
}

#[test]
fn check_names_file_line_and_column_of_each_error() {
    let dir = tempfile::tempdir().unwrap();
    let follow_up = std::fs::read_to_string(format!("{SHIPPED}/ear-tubes-follow-up.toml")).unwrap();
    // Break one rule: refer to an item that does not exist.
    let broken = follow_up.replacen("when = '", "when = 'no_such_item = 1 or ", 1);
    assert_ne!(broken, follow_up, "the fixture edit applied");
    std::fs::write(dir.path().join("follow-up.toml"), &broken).unwrap();
    std::fs::write(dir.path().join("syntax.toml"), "[questionnaire\nid = 1\n").unwrap();

    let output = svar().arg("check").arg(dir.path()).output().expect("run svar");

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let line = broken.lines().position(|l| l.contains("no_such_item")).unwrap() + 1;
    let expected = format!("{}/follow-up.toml:{line}:", dir.path().display());
    assert!(stdout.contains(&expected), "expected {expected} in:\n{stdout}");
    assert!(stdout.contains("unknown item `no_such_item`"), "{stdout}");
    assert!(stdout.contains(&format!("{}/syntax.toml:1:", dir.path().display())), "{stdout}");
}

#[test]
fn check_reports_an_unreadable_folder() {
    let output = svar().args(["check", "/no/such/folder"]).output().expect("run svar");

    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read /no/such/folder"));
}

#[tokio::test]
async fn serve_refuses_to_start_on_an_invalid_file() {
    let db = TestDb::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "[questionnaire]\nid = \"x\"\n").unwrap();
    let mut settings = test_settings(&db.url);
    settings.questionnaires_dir = dir.path().to_owned();

    let err = server::startup::Application::build(settings).await.err().expect("refused");

    let message = format!("{err:#}");
    assert!(message.contains("bad.toml:"), "{message}");
}
