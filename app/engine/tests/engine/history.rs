//! History as rules see it: only what means the same in the earlier
//! questionnaire, scores compared only over the items answered both times,
//! and rule tests whose history is checked like their answers.

use svar_engine::answers::{AnswerValue, Answers};
use svar_engine::model::ItemKind;
use svar_engine::{check_files, CheckReport, Compiled, History, PastResponse, SourceFile};

const BASELINE: &str = include_str!("../../../../questionnaires/ear-tubes-baseline.toml");
const FOLLOW_UP: &str = include_str!("../../../../questionnaires/ear-tubes-follow-up.toml");

fn report(files: &[(&str, &str)]) -> CheckReport {
    let files: Vec<SourceFile> = files.iter().map(|(n, s)| SourceFile::new(*n, *s)).collect();
    check_files(&files)
}

fn shipped() -> (Compiled, Compiled) {
    let r = report(&[("baseline.toml", BASELINE), ("follow-up.toml", FOLLOW_UP)]);
    assert!(r.is_ok(), "{:?}", r.diagnostics);
    (r.questionnaire("ear_tubes_baseline").expect("baseline").clone(), r.questionnaire("ear_tubes_follow_up").expect("follow-up").clone())
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs.iter().map(|(k, v)| (k.to_string(), AnswerValue::Text(v.to_string()))).collect()
}

const SYMPTOMS: [&str; 6] = ["ear_pain", "fever", "hearing_concern", "speech_concern", "sleep_trouble", "mood"];

/// Every symptom answered `level`, plus the baseline's own questions.
fn symptoms(level: &str) -> Answers {
    let mut a = answers(&SYMPTOMS.map(|s| (s, level)));
    a.insert("ill_now".into(), AnswerValue::Bool(false));
    a
}

fn follow_up_answers(level: &str) -> Answers {
    let mut a = answers(&SYMPTOMS.map(|s| (s, level)));
    for (k, v) in [("discharge", false), ("behind_ear", false), ("unwell_now", false), ("contact", false)] {
        a.insert(k.into(), AnswerValue::Bool(v));
    }
    a.insert("tube_seen".into(), AnswerValue::Text("no".into()));
    a.insert("overall".into(), AnswerValue::Number(5.0));
    a
}

fn fired(c: &Compiled, now: &Answers, baseline: Option<PastResponse>) -> Vec<String> {
    let history = History { baseline, ..History::default() };
    let v = c.validate(now, &history, svar_engine::Completeness::Draft);
    assert!(v.is_valid(), "{:?}", v.errors);
    c.evaluate(&v.answers, &history).flags.into_iter().map(|f| f.rule).filter(|r| r.contains("baseline")).collect()
}

#[test]
fn the_baseline_questionnaires_shared_items_and_scores_are_compared() {
    let (baseline, follow_up) = shipped();
    let then = baseline.past_response(&symptoms("rarely"));
    let comparable = follow_up.comparable_past(&baseline, &then);
    assert_eq!(comparable.scores.get("ear_symptoms"), Some(&6.0));
    assert!(comparable.answers.contains_key("ear_pain"));
    assert!(!comparable.answers.contains_key("ill_now"), "the follow-up has no such item");
    // "often" everywhere is 18, 12 more than before the operation: red.
    assert_eq!(fired(&follow_up, &follow_up_answers("often"), Some(comparable)), ["much_worse_than_baseline"]);
}

#[test]
fn an_item_whose_options_changed_is_not_compared_nor_any_score_over_it() {
    let (baseline, follow_up) = shipped();
    let mut changed = baseline.questionnaire().clone();
    for item in changed.pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        if item.id == "ear_pain" {
            if let ItemKind::SingleChoice { options } = &mut item.kind {
                // Same values, but "rarely" now weighs 2: not the same scale.
                options[1].weight = Some(2.0);
            }
        }
    }
    let changed = Compiled::new(changed).expect("still a valid questionnaire");
    let then = changed.past_response(&symptoms("rarely"));
    let comparable = follow_up.comparable_past(&changed, &then);
    assert!(!comparable.answers.contains_key("ear_pain"));
    assert!(comparable.answers.contains_key("fever"), "other items still compare");
    assert!(!comparable.scores.contains_key("ear_symptoms"), "a sum over a changed item is unknown");
    assert!(comparable.scores.contains_key("hearing_speech"));
    assert!(fired(&follow_up, &follow_up_answers("often"), Some(comparable)).is_empty());
}

#[test]
fn a_score_is_compared_only_over_the_items_answered_both_times() {
    let (baseline, follow_up) = shipped();
    let now = follow_up_answers("often");
    let mut then = symptoms("rarely");
    let full = follow_up.comparable_past(&baseline, &baseline.past_response(&then));
    assert_eq!(fired(&follow_up, &now, Some(full)), ["much_worse_than_baseline"]);

    // Five of six is enough for a score (5 then, 18 now), but the change
    // would count `mood` as 0 before: unknown, no flag.
    then.remove("mood");
    let partial = follow_up.comparable_past(&baseline, &baseline.past_response(&then));
    assert_eq!(partial.scores.get("ear_symptoms"), Some(&5.0));
    assert!(fired(&follow_up, &now, Some(partial.clone())).is_empty());

    // The same item left out now as well: the change is over five items.
    let mut now = now;
    now.remove("mood");
    assert_eq!(fired(&follow_up, &now, Some(partial)), ["much_worse_than_baseline"]);
}

#[test]
fn rule_tests_with_impossible_history_fail_with_where_and_why() {
    let broken = FOLLOW_UP.replacen(
        "baseline = { answers = { ear_pain = \"rarely\", fever = \"rarely\"",
        "baseline = { answers = { ear_pian = \"rarely\", fever = \"weekly\"",
        1,
    );
    assert_ne!(broken, FOLLOW_UP);
    let broken = broken.replacen("mood = \"rarely\" } }", "mood = \"rarely\" }, scores = { ear_symptom = 6 } }", 1);
    let r = report(&[("follow-up.toml", &broken)]);
    let msgs: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(r.tests_failed >= 1, "{msgs:#?}");
    assert!(msgs.iter().any(|m| m.contains("baseline answer to `ear_pian` is invalid")), "{msgs:#?}");
    assert!(msgs.iter().any(|m| m.contains("baseline answer to `fever` is invalid")), "{msgs:#?}");
    assert!(msgs.iter().any(|m| m.contains("baseline score `ear_symptom` is not a score")), "{msgs:#?}");
    let line = r.diagnostics.iter().find(|d| d.message.contains("`ear_pian`")).map(|d| d.line).expect("a located message");
    assert_eq!(broken.lines().nth(line as usize - 1).map(|l| l.contains("ear_pian")), Some(true), "the message points at the misspelt item's line");
}

/// A questionnaire with an error still says what it could not do: its rule
/// tests did not run, and its pathway was not checked (rather than told
/// the questionnaire is unknown).
#[test]
fn a_broken_questionnaire_says_its_tests_did_not_run_and_its_pathway_was_not_checked() {
    const PATHWAY: &str = include_str!("../../../../questionnaires/ear-tubes.pathway.toml");
    let broken = FOLLOW_UP.replacen("when = 'discharge_blood = true'", "when = 'discharge_bloood = true'", 1);
    assert_ne!(broken, FOLLOW_UP);
    let r = report(&[("baseline.toml", BASELINE), ("follow-up.toml", &broken), ("ear.pathway.toml", PATHWAY)]);
    let msgs: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    let tests = FOLLOW_UP.matches("[[tests]]").count();
    assert_eq!(r.tests_not_run, tests, "{msgs:#?}");
    assert!(
        msgs.iter().any(|m| m.starts_with("follow-up.toml:") && m.contains(&format!("{tests} rule tests of `ear_tubes_follow_up` did not run"))),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(|m| m.starts_with("ear.pathway.toml:") && m.contains("not checked: questionnaire `ear_tubes_follow_up` has errors")),
        "{msgs:#?}"
    );
    assert!(!msgs.iter().any(|m| m.contains("unknown questionnaire")), "{msgs:#?}");
}
