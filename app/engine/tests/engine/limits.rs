//! Limits with plain messages: a pasted document as a question, a file far
//! larger than any questionnaire, and the time to check a large one.

use svar_engine::{check_files, CheckReport, SourceFile};

const FOLLOW_UP: &str = include_str!("../../../../questionnaires/ear-tubes-follow-up.toml");

fn report(name: &str, text: &str) -> CheckReport {
    check_files(&[SourceFile::new(name, text)])
}

fn messages(r: &CheckReport) -> Vec<String> {
    r.diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn a_question_longer_than_the_limit_is_refused_in_plain_words() {
    let long = "ø".repeat(svar_engine::compile::MAX_TEXT_CHARS + 1);
    let text = FOLLOW_UP.replacen("da = \"Hvis ja: hvor længe", &format!("da = \"{long} Hvis ja: hvor længe"), 1);
    assert_ne!(text, FOLLOW_UP);
    let msgs = messages(&report("f.toml", &text));
    assert!(msgs.iter().any(|m| m.contains("item `discharge_days` has a Danish text of 5067 characters; at most 5000 are allowed")), "{msgs:#?}");
    // At the limit it is accepted.
    let at_limit = FOLLOW_UP.replacen("da = \"Hvis ja: hvor længe", &format!("da = \"{} Hvis ja: hvor længe", "ø".repeat(4900)), 1);
    assert!(report("f.toml", &at_limit).is_ok());
}

#[test]
fn a_file_larger_than_any_questionnaire_is_refused_without_reading_it() {
    // Just over the limit, whatever the shipped file's own size.
    let huge = format!("{FOLLOW_UP}\n# {}\n", "x".repeat(svar_engine::load::MAX_FILE_BYTES - FOLLOW_UP.len()));
    let msgs = messages(&report("huge.toml", &huge));
    assert_eq!(msgs, vec!["huge.toml:1:1: this file is 2.0 MB; at most 2.0 MB are read (is it the right file?)".to_owned()]);
}

#[test]
fn a_condition_on_an_answer_asked_later_is_an_error() {
    // `discharge_blood` (page 1) shown depending on `fever`, asked on page 2.
    let text = FOLLOW_UP.replacen("enable_when = 'discharge = true'", "enable_when = 'fever = \"often\"'", 1);
    assert_ne!(text, FOLLOW_UP);
    let msgs = messages(&report("f.toml", &text));
    assert!(
        msgs.iter().any(|m| m.contains("`discharge_days` is shown depending on `fever`, which is asked on a later page (`symptoms_page`)")),
        "{msgs:#?}"
    );
}

#[test]
fn an_id_with_danish_letters_gets_the_likely_fix() {
    let text = FOLLOW_UP.replacen("id = \"fever\"", "id = \"Feber høj\"", 1);
    assert_ne!(text, FOLLOW_UP);
    let msgs = messages(&report("f.toml", &text));
    assert!(
        msgs.iter().any(|m| m.contains("item id `Feber høj` must start with a lower-case letter") && m.ends_with("did you mean `feber_hoej`?")),
        "{msgs:#?}"
    );
}
