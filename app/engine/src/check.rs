//! Checks a set of files: reads every questionnaire and pathway, compiles
//! them, checks references between files and runs the rule tests. Used by
//! `svar check DIR` and at server start-up; collects all errors.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::compile::{Compiled, Completeness, DatedResponse, History, PastResponse};
use super::diagnostics::{hint, Diagnostic, ModelError, Site};
use super::lint::{baseline_mismatches, items_read, lint};
use super::load::{load, Document, SourceFile, SourceSpans};
use super::model::{RuleTest, TestHistory};
use super::pathway::Pathway;

/// Everything `check` found.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// Questionnaires without errors, in file order.
    pub questionnaires: Vec<Compiled>,
    /// Pathways without errors, in file order.
    pub pathways: Vec<Pathway>,
    /// All errors, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// What is allowed but most likely a mistake ([`crate::lint`]), sorted
    /// the same way. Warnings do not make a report fail.
    pub warnings: Vec<Diagnostic>,
    pub tests_run: usize,
    pub tests_failed: usize,
    /// Rule tests of questionnaires with errors: they cannot run until the
    /// errors are fixed, and each such file says so in `diagnostics`.
    pub tests_not_run: usize,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn questionnaire(&self, id: &str) -> Option<&Compiled> {
        self.questionnaires.iter().find(|q| q.questionnaire().id == id)
    }

    pub fn pathway(&self, id: &str) -> Option<&Pathway> {
        self.pathways.iter().find(|p| p.id == id)
    }
}

/// A failed rule test.
#[derive(Clone, Debug, PartialEq)]
pub struct TestFailure {
    pub test: usize,
    pub error: ModelError,
}

/// Checks files given as (name, text).
pub fn check_files(files: &[SourceFile]) -> CheckReport {
    let mut diagnostics = Vec::new();
    let mut questionnaires: Vec<(Compiled, SourceSpans)> = Vec::new();
    let mut pathways: Vec<(Pathway, SourceSpans)> = Vec::new();
    // Ids of every questionnaire that was read, even with errors, so a
    // pathway is not told its questionnaire is unknown when it is merely broken.
    let mut defined: BTreeSet<String> = BTreeSet::new();
    let mut tests_not_run = 0;
    let mut warnings = Vec::new();
    // Pathways read with errors: their sound time points are still checked
    // against the questionnaires, the broken ones are not.
    let mut recovered_pathways: Vec<(Pathway, SourceSpans)> = Vec::new();
    for file in files {
        let loaded = load(file);
        diagnostics.extend(loaded.diagnostics);
        warnings.extend(loaded.warnings);
        let spans = loaded.spans;
        match (loaded.document, loaded.recovered) {
            (Some(Document::Questionnaire(q)), _) => {
                defined.insert(q.id.clone());
                let (id, tests) = (q.id.clone(), q.tests.len());
                match Compiled::new(q) {
                    Ok(c) => questionnaires.push((c, spans)),
                    Err(errs) => {
                        diagnostics.extend(errs.iter().map(|e| spans.diagnostic(e)));
                        tests_not_run += tests;
                        diagnostics.extend(tests_did_not_run(&spans, &id, tests));
                    }
                }
            }
            (Some(Document::Pathway(p)), _) => {
                let errs = p.check();
                if errs.is_empty() {
                    pathways.push((p, spans));
                } else {
                    diagnostics.extend(errs.iter().map(|e| spans.diagnostic(e)));
                }
            }
            // Read with errors: check the rest of it too, leaving out what
            // would only repeat the reader's messages.
            (None, Some(rec)) => match &rec.document {
                Document::Questionnaire(q) => {
                    defined.insert(q.id.clone());
                    let (id, tests) = (q.id.clone(), q.tests.len());
                    if let Err(errs) = Compiled::new(q.clone()) {
                        diagnostics.extend(errs.iter().filter(|e| !rec.concerns_broken(e)).map(|e| spans.diagnostic(e)));
                    }
                    tests_not_run += tests;
                    diagnostics.extend(tests_did_not_run(&spans, &id, tests));
                }
                Document::Pathway(p) => {
                    diagnostics.extend(p.check().iter().filter(|e| !rec.concerns_broken(e)).map(|e| spans.diagnostic(e)));
                    recovered_pathways.push((p.clone(), spans));
                }
            },
            // Not read at all (a TOML syntax error): its `id = "…"` line
            // still says which questionnaire it is, so a pathway hears that
            // the questionnaire has errors, not that it is unknown.
            (None, None) => defined.extend(declared_questionnaire_id(&file.text)),
        }
    }

    // Unique ids across files.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    questionnaires.retain(|(c, spans)| {
        let id = &c.questionnaire().id;
        if let Some(first) = seen.get(id) {
            let site = Site::Questionnaire { field: "id".into() };
            diagnostics.push(spans.at(spans.offset(&site, None), format!("duplicate questionnaire id `{id}` (also in {first})")));
            return false;
        }
        seen.insert(id.clone(), spans.file().to_string());
        true
    });
    let mut seen_p: BTreeMap<String, String> = BTreeMap::new();
    pathways.retain(|(p, spans)| {
        if let Some(first) = seen_p.get(&p.id) {
            let site = Site::Pathway { field: "id".into() };
            diagnostics.push(spans.at(spans.offset(&site, None), format!("duplicate pathway id `{}` (also in {first})", p.id)));
            return false;
        }
        seen_p.insert(p.id.clone(), spans.file().to_string());
        true
    });

    // Pathways refer to known questionnaires.
    let q_ids: BTreeSet<String> = questionnaires.iter().map(|(c, _)| c.questionnaire().id.clone()).collect();
    pathways.retain(|(p, spans)| {
        let found = unknown_questionnaires(p, spans, &q_ids, &defined);
        let ok = found.is_empty();
        diagnostics.extend(found);
        ok
    });
    for (p, spans) in &recovered_pathways {
        diagnostics.extend(unknown_questionnaires(p, spans, &q_ids, &defined));
    }

    // Warnings, once every questionnaire is known: a baseline's items are
    // read by the follow-up's rules.
    let read_anywhere: BTreeSet<String> = questionnaires.iter().flat_map(|(c, _)| items_read(c.questionnaire())).collect();
    for (c, spans) in &questionnaires {
        warnings.extend(lint(c.questionnaire(), Some(&read_anywhere)).iter().map(|w| spans.diagnostic(w)));
    }
    // `baseline(…)` compared with what each pathway's baseline asks.
    let compiled = |id: &str| questionnaires.iter().find(|(c, _)| c.questionnaire().id == id);
    for (p, _) in &pathways {
        let baseline = p.timepoints.iter().find(|t| t.baseline).and_then(|t| compiled(&t.questionnaire));
        let mut seen = BTreeSet::new();
        for t in &p.timepoints {
            if let Some((c, spans)) = compiled(&t.questionnaire).filter(|_| seen.insert(&t.questionnaire)) {
                let found = baseline_mismatches(c, &p.id, baseline.map(|(b, _)| b));
                warnings.extend(found.iter().map(|w| spans.diagnostic(w)));
            }
        }
    }
    warnings.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    warnings.dedup();

    // Rule tests.
    let mut tests_run = 0;
    let mut tests_failed = 0;
    for (c, spans) in &questionnaires {
        tests_run += c.questionnaire().tests.len();
        let failures = run_tests(c);
        let failed: BTreeSet<usize> = failures.iter().map(|f| f.test).collect();
        tests_failed += failed.len();
        diagnostics.extend(failures.iter().map(|f| spans.diagnostic(&f.error)));
    }

    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diagnostics.dedup();
    CheckReport {
        questionnaires: questionnaires.into_iter().map(|(c, _)| c).collect(),
        pathways: pathways.into_iter().map(|(p, _)| p).collect(),
        diagnostics,
        warnings,
        tests_run,
        tests_failed,
        tests_not_run,
    }
}

/// The id a questionnaire file declares on the `id = "…"` line of its
/// `[questionnaire]` table, read without the TOML reader (which gave up on
/// the file); none for a file without such a line.
fn declared_questionnaire_id(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim).skip_while(|l| *l != "[questionnaire]").skip(1);
    lines.by_ref().take_while(|l| !l.starts_with('[')).find_map(|line| {
        let value = line.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        let id = value.strip_prefix('"')?.split('"').next()?;
        (!id.is_empty()).then(|| id.to_owned())
    })
}

/// "N rule tests did not run", at the questionnaire's id, when it has any.
fn tests_did_not_run(spans: &SourceSpans, id: &str, tests: usize) -> Option<Diagnostic> {
    (tests > 0).then(|| {
        let site = Site::Questionnaire { field: "id".into() };
        spans.at(
            spans.offset(&site, None),
            format!("{tests} rule {} of `{id}` did not run: fix the errors in this file first", if tests == 1 { "test" } else { "tests" }),
        )
    })
}

/// A message for each time point whose questionnaire is not among the
/// questionnaires without errors (`q_ids`).
fn unknown_questionnaires(p: &Pathway, spans: &SourceSpans, q_ids: &BTreeSet<String>, defined: &BTreeSet<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, tp) in p.timepoints.iter().enumerate() {
        let site = Site::TimePoint { timepoint: i, field: "questionnaire".into() };
        // An empty name is one that could not be read: the reader said so.
        if q_ids.contains(&tp.questionnaire) || tp.questionnaire.is_empty() {
            continue;
        }
        // A questionnaire that was read but has errors of its own is
        // not "unknown": its file says what is wrong.
        let message = if defined.contains(&tp.questionnaire) {
            format!("time point `{}` not checked: questionnaire `{}` has errors (see its file)", tp.id, tp.questionnaire)
        } else {
            let h = hint(&tp.questionnaire, q_ids.iter().map(String::as_str));
            format!("time point `{}` refers to unknown questionnaire `{}`{h}", tp.id, tp.questionnaire)
        };
        out.push(spans.at(spans.offset(&site, None), message));
    }
    out
}

/// The history a rule test describes: `earlier` responses newest first (the
/// newest is the previous one), or the one `previous` response. A previous
/// response without `days_ago` has no place in time: it counts for
/// `previous(...)` and `in_each_of_last`, but lies outside every window of
/// days.
pub fn test_history(c: &Compiled, t: &RuleTest) -> History {
    let mut earlier: Vec<&TestHistory> = t.earlier.iter().collect();
    earlier.sort_by_key(|h| h.days_ago.unwrap_or(i64::MAX));
    let previous = earlier.first().copied().or(t.previous.as_ref());
    let dated = |h: &TestHistory| DatedResponse { response: past(c, h), days_ago: h.days_ago.unwrap_or(i64::from(u32::MAX)) };
    History {
        previous: previous.map(|h| past(c, h)),
        baseline: t.baseline.as_ref().map(|h| past(c, h)),
        days_since_previous: previous.and_then(|h| h.days_ago),
        days_since_baseline: t.baseline.as_ref().and_then(|h| h.days_ago),
        days_since_index: t.index_days_ago,
        earlier: if t.earlier.is_empty() { t.previous.iter().map(dated).collect() } else { earlier.into_iter().map(dated).collect() },
    }
}

fn past(c: &Compiled, h: &TestHistory) -> PastResponse {
    let computed = c.past_response(&h.answers);
    PastResponse { answers: h.answers.clone(), scores: h.scores.clone().unwrap_or(computed.scores) }
}

/// Rule ids as quoted from the file, or "none".
fn fmt_list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
    }
}

fn fmt_score(v: Option<f64>) -> String {
    v.map_or("none".to_string(), |n| format!("{}", (n * 1e6).round() / 1e6))
}

/// Runs the rule tests of one questionnaire; an empty result means all
/// passed.
pub fn run_tests(c: &Compiled) -> Vec<TestFailure> {
    c.questionnaire().tests.iter().enumerate().flat_map(|(ti, t)| run_test(c, ti, t).failures).collect()
}

/// The result of one rule test, for the editor's test panel: what fired,
/// what was expected, and the same messages `check` reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestOutcome {
    pub name: String,
    pub passed: bool,
    /// Ids of the flags raised (rule ids, or `contact`), sorted.
    pub fired: Vec<String>,
    /// Ids of the flags the test expects, sorted, without repeats.
    pub expected: Vec<String>,
    /// Why it failed, exactly as [`run_tests`] words it; empty when passed.
    pub problems: Vec<String>,
}

/// Runs every rule test of one questionnaire, in file order, reporting
/// each one whether it passed or not.
pub fn test_outcomes(c: &Compiled) -> Vec<TestOutcome> {
    c.questionnaire()
        .tests
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let run = run_test(c, ti, t);
            TestOutcome {
                name: t.name.clone(),
                passed: run.failures.is_empty(),
                fired: run.fired,
                expected: run.expected,
                problems: run.failures.into_iter().map(|f| f.error.message).collect(),
            }
        })
        .collect()
}

/// One test run: its failures and the flags compared.
struct TestRun {
    failures: Vec<TestFailure>,
    fired: Vec<String>,
    expected: Vec<String>,
}

fn run_test(c: &Compiled, ti: usize, t: &RuleTest) -> TestRun {
    let mut out = Vec::new();
    let fail = |field: &str, msg: String| TestFailure {
        test: ti,
        error: ModelError::new(Site::Test { test: ti, field: field.into() }, format!("rule test `{}` failed: {msg}", t.name)),
    };
    let history = test_history(c, t);
    // Earlier answers are checked like current ones: a misspelt item or an
    // impossible value would otherwise be dropped and the test pass on
    // history it never had.
    let pasts =
        [("previous", t.previous.as_ref()), ("baseline", t.baseline.as_ref())].into_iter().chain(t.earlier.iter().map(|h| ("earlier", Some(h))));
    for (key, h) in pasts {
        let Some(h) = h else { continue };
        for e in c.prepare(&h.answers).1 {
            out.push(fail(&format!("{key}.answers.{}", e.item), format!("{key} answer to `{}` is invalid: {}", e.item, e.message.en)));
        }
        for id in h.scores.iter().flat_map(|s| s.keys()) {
            if !c.questionnaire().scores.iter().any(|s| &s.id == id) {
                out.push(fail(&format!("{key}.scores.{id}"), format!("{key} score `{id}` is not a score of this questionnaire")));
            }
        }
    }
    let validation = c.validate(&t.answers, &history, Completeness::Draft);
    for e in &validation.errors {
        out.push(fail(&format!("answers.{}", e.item), format!("answer to `{}` is invalid: {}", e.item, e.message.en)));
    }
    let eval = c.evaluate(&validation.answers, &history);
    let mut got: Vec<String> = eval.flags.iter().map(|f| f.rule.clone()).collect();
    got.sort();
    let mut want = t.expect_flags.clone();
    want.sort();
    want.dedup();
    if got != want {
        let missing: Vec<String> = want.iter().filter(|w| !got.contains(w)).cloned().collect();
        let extra: Vec<String> = got.iter().filter(|g| !want.contains(g)).cloned().collect();
        let mut why = Vec::new();
        if !missing.is_empty() {
            why.push(format!("did not fire: {}", fmt_list(&missing)));
        }
        if !extra.is_empty() {
            // Each with the values that made it true, so the test or the
            // rule can be fixed without rerunning anything by hand.
            let explained: Vec<String> = extra
                .iter()
                .map(|id| match eval.flags.iter().find(|f| &f.rule == id) {
                    Some(f) if !f.explanation.is_empty() => {
                        let values: Vec<String> = f.explanation.iter().map(ToString::to_string).collect();
                        format!("`{id}` because `{}`", values.join(", "))
                    }
                    _ => format!("`{id}`"),
                })
                .collect();
            why.push(format!("fired unexpectedly: {}", explained.join(", ")));
        }
        out.push(fail("name", format!("expected flags {}, got {}; {}", fmt_list(&want), fmt_list(&got), why.join("; "))));
    }
    for (id, expected) in &t.expect_scores {
        let actual = eval.scores.get(id).copied().flatten();
        let same = match (actual, expected) {
            (Some(a), Some(e)) => (a - e).abs() < 1e-6,
            (None, None) => true,
            _ => false,
        };
        if !same {
            out.push(fail(&format!("expect_scores.{id}"), format!("score `{id}` is {}, expected {}", fmt_score(actual), fmt_score(*expected))));
        }
    }
    TestRun { failures: out, fired: got, expected: want }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::AnswerValue;
    use crate::model::Questionnaire;

    fn follow_up() -> Questionnaire {
        let l = load(&SourceFile::new("ear-tubes-follow-up.toml", include_str!("../../../questionnaires/ear-tubes-follow-up.toml")));
        match l.document {
            Some(Document::Questionnaire(q)) => q,
            other => panic!("not a questionnaire: {other:?} {:?}", l.diagnostics),
        }
    }

    fn compiled(q: Questionnaire) -> Compiled {
        match Compiled::new(q) {
            Ok(c) => c,
            Err(e) => panic!("does not compile: {e:?}"),
        }
    }

    #[test]
    fn passing_tests_report_what_fired() {
        let q = follow_up();
        let c = compiled(q.clone());
        let outcomes = test_outcomes(&c);
        assert_eq!(outcomes.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), q.tests.iter().map(|t| t.name.as_str()).collect::<Vec<_>>());
        for o in &outcomes {
            assert!(o.passed, "{o:?}");
            assert!(o.problems.is_empty());
            assert_eq!(o.fired, o.expected);
        }
        let o = &outcomes[6];
        assert_eq!(o.name, "recurring and bloody discharge");
        assert_eq!(o.fired, vec!["bloody_discharge", "ongoing_discharge", "recurring_discharge"]);
        assert_eq!(outcomes[0].fired, Vec::<String>::new());
        assert!(outcomes.iter().any(|o| o.fired.contains(&"contact".to_string())));
    }

    #[test]
    fn failing_tests_give_the_messages_check_gives() {
        let mut q = follow_up();
        // Wrong flags (and a repeated one), a wrong score, an invalid answer.
        q.tests[1].expect_flags = vec!["recurring_discharge".into(), "contact".into(), "recurring_discharge".into()];
        q.tests[0].expect_scores.insert("ear_symptoms".into(), Some(4.0));
        q.tests[0].expect_scores.insert("physical".into(), None);
        q.tests[0].answers.insert("overall".into(), AnswerValue::Number(11.0));
        let c = compiled(q);
        let outcomes = test_outcomes(&c);
        let failures = run_tests(&c);

        let o = &outcomes[1];
        assert!(!o.passed);
        assert_eq!(o.fired, vec!["persistent_discharge"]);
        assert_eq!(o.expected, vec!["contact", "recurring_discharge"]);
        assert_eq!(
            o.problems,
            vec!["rule test `discharge over 14 days is red, explained` failed: expected flags `contact`, `recurring_discharge`, got `persistent_discharge`; did not fire: `contact`, `recurring_discharge`; fired unexpectedly: `persistent_discharge` because `discharge_days = more_14`"]
        );

        let o = &outcomes[0];
        assert!(!o.passed);
        assert_eq!(o.fired, o.expected);
        assert_eq!(
            o.problems,
            vec![
                "rule test `all well: no flags` failed: answer to `overall` is invalid: Choose a number from 0 to 10.",
                "rule test `all well: no flags` failed: score `ear_symptoms` is 3, expected 4",
                "rule test `all well: no flags` failed: score `physical` is 0.333333, expected none",
            ]
        );
        assert!(outcomes[2..].iter().all(|o| o.passed));

        // The same messages, in the same order, as run_tests.
        let all: Vec<String> = outcomes.iter().flat_map(|o| o.problems.clone()).collect();
        let from_run: Vec<String> = failures.iter().map(|f| f.error.message.clone()).collect();
        assert_eq!(all, from_run);
        assert_eq!(failures.iter().map(|f| f.test).collect::<Vec<_>>(), vec![0, 0, 0, 1]);
        assert_eq!(failures[0].error.site, Site::Test { test: 0, field: "answers.overall".into() });
    }

    #[test]
    fn no_tests_no_outcomes() {
        let mut q = follow_up();
        q.tests.clear();
        assert_eq!(test_outcomes(&compiled(q)), vec![]);
    }

    #[test]
    fn outcomes_serialize_for_the_editor() {
        let o = TestOutcome { name: "t".into(), passed: true, fired: vec!["a".into()], expected: vec!["a".into()], problems: vec![] };
        let json = serde_json::to_string(&o).unwrap_or_default();
        assert_eq!(json, r#"{"name":"t","passed":true,"fired":["a"],"expected":["a"],"problems":[]}"#);
    }
}
