//! The questionnaires shipped with Svar must pass `check`, including their
//! own rule tests.

use std::path::Path;

use svar_engine::danish::untranslated;
use svar_engine::{check_files, SourceFile};

/// Where the shipped files are. In the `app` crate this becomes
/// `concat!(env!("CARGO_MANIFEST_DIR"), "/../../questionnaires")`.
const QUESTIONNAIRES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../questionnaires");

fn shipped_files() -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = std::fs::read_dir(QUESTIONNAIRES_DIR)
        .expect("questionnaires directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = format!("questionnaires/{}", p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
            SourceFile::new(name, std::fs::read_to_string(&p).expect("readable file"))
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// The worklist is read in opening hours: every shipped red rule tells the
/// respondent at once what to do, in both languages.
#[test]
fn every_shipped_red_rule_carries_advice_for_the_respondent() {
    let report = check_files(&shipped_files());
    let mut reds = 0;
    for c in &report.questionnaires {
        for rule in &c.questionnaire().rules {
            if rule.level == svar_engine::model::RuleLevel::Red {
                reds += 1;
                let advice = rule.advice.as_ref().unwrap_or_else(|| panic!("red rule `{}` has no advice", rule.id));
                assert!(advice.da.len() > 20 && advice.en.len() > 20, "`{}`: {advice:?}", rule.id);
            }
        }
    }
    assert!(reds >= 8, "{reds} red rules");
}

/// Every shipped rule says why it is there and why its threshold is where
/// it is, in both languages and in words (no rule ids): clinicians read
/// it beside the flag, and the clinic reviews it before using the rule.
#[test]
fn every_shipped_rule_says_why_in_words() {
    let report = check_files(&shipped_files());
    let mut rules = 0;
    for c in &report.questionnaires {
        let ids: Vec<&str> = c.questionnaire().rules.iter().map(|r| r.id.as_str()).collect();
        for rule in &c.questionnaire().rules {
            rules += 1;
            let why = rule.rationale.as_ref().unwrap_or_else(|| panic!("rule `{}` has no rationale", rule.id));
            assert!(why.da.len() > 40 && why.en.len() > 40, "`{}`: {why:?}", rule.id);
            for text in [&why.da, &why.en] {
                assert!(!ids.iter().any(|id| text.contains(id)), "`{}` names a rule by its id: {text}", rule.id);
            }
        }
    }
    assert!(rules >= 20, "{rules} rules");
}

#[test]
fn shipped_questionnaires_pass_check_and_their_rule_tests() {
    assert!(Path::new(QUESTIONNAIRES_DIR).is_dir(), "{QUESTIONNAIRES_DIR} missing");
    let files = shipped_files();
    let report = check_files(&files);
    let msgs: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(msgs.is_empty(), "check failed:\n{}", msgs.join("\n"));
    assert!(report.tests_run >= 20, "only {} rule tests", report.tests_run);
    assert_eq!(report.tests_failed, 0);
    for id in ["ear_tubes_baseline", "ear_tubes_follow_up", "heart_failure_home", "tonsil_recovery"] {
        assert!(report.questionnaire(id).is_some(), "questionnaire {id} missing");
    }
    for id in ["ear_tubes", "heart_failure", "tonsillectomy"] {
        assert!(report.pathway(id).is_some(), "pathway {id} missing");
    }
}

#[test]
fn every_shipped_file_says_it_is_an_example_for_the_clinic_to_review() {
    for f in shipped_files() {
        assert!(f.text.contains("EXAMPLE CONTENT"), "{} lacks the example note", f.name);
        assert!(f.text.contains("reviewed"), "{} lacks the review note", f.name);
    }
}

/// Checking goes on after a mistake, and never blames what is correct: in
/// each shipped questionnaire, an item whose `type` line is deleted (so
/// every rule, score and condition that uses it can no longer be checked)
/// gives exactly one message in that file, besides the note that its rule
/// tests did not run.
#[test]
fn an_item_that_cannot_be_read_blames_nothing_else() {
    let files = shipped_files();
    let mut mutations = 0;
    for (fi, file) in files.iter().enumerate() {
        if file.name.ends_with(".pathway.toml") {
            continue;
        }
        let type_lines: Vec<usize> = file.text.match_indices("\ntype = \"").map(|(at, _)| at + 1).collect();
        for at in type_lines {
            let end = file.text[at..].find('\n').map_or(file.text.len(), |n| at + n + 1);
            let mut broken = files.clone();
            broken[fi].text = format!("{}{}", &file.text[..at], &file.text[end..]);
            let report = check_files(&broken);
            let in_file: Vec<String> =
                report.diagnostics.iter().filter(|d| d.file == file.name && !d.message.contains("did not run")).map(|d| d.to_string()).collect();
            assert_eq!(in_file.len(), 1, "{}: deleting line {:?}: {in_file:#?}", file.name, &file.text[at..end]);
            assert!(in_file[0].contains("missing field `type`"), "{in_file:#?}");
            mutations += 1;
        }
    }
    assert!(mutations > 40, "only {mutations} items tried");
}

/// The shipped files give no warning: every answerable item is read by a
/// rule, a score or a condition (the overall rating and the infections
/// before the operation are now), and every comparison can be made. A new
/// warning in a shipped file fails here.
#[test]
fn the_shipped_files_give_no_warnings() {
    let report = check_files(&shipped_files());
    let got: Vec<String> = report.warnings.iter().map(|w| format!("{}: {}", w.file, w.message)).collect();
    // None: `svar check questionnaires/` prints no warning (#34).
    assert_eq!(got, Vec::<String>::new());
}

/// `baseline(…)` in the follow-up compares with the answer before the
/// operation only where the baseline questionnaire asks the same thing;
/// otherwise the value is unknown and that part of the rule never fires.
/// Each way of breaking that link is a warning at the comparison, in plain
/// words, in Danish too, and blocks nothing.
#[test]
fn a_baseline_that_cannot_be_compared_is_a_warning_at_the_comparison() {
    let with = |file: &str, from: &str, to: &str| -> Vec<String> {
        let files: Vec<SourceFile> = shipped_files()
            .into_iter()
            .map(|f| {
                if f.name.ends_with(file) {
                    assert!(f.text.contains(from), "{file} holds {from}");
                    SourceFile::new(f.name.clone(), f.text.replacen(from, to, 1))
                } else {
                    f
                }
            })
            .collect();
        let report = check_files(&files);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        report
            .warnings
            .iter()
            .filter(|w| w.message.contains("baseline"))
            .map(|w| {
                assert!(untranslated(&w.message).is_empty(), "no Danish for {}", w.message);
                format!("{}:{}:{}: {}", w.file, w.line, w.column, w.message)
            })
            .collect()
    };
    // Unchanged: the baseline asks the same, nothing to say.
    assert_eq!(with("ear-tubes-baseline.toml", "", ""), Vec::<String>::new());
    // One weight changed before the operation: the sums mean different things.
    let reweighted = with(
        "ear-tubes-baseline.toml",
        r#"{ value = "rarely", weight = 1, text = { da = "Sjældent""#,
        r#"{ value = "rarely", weight = 2, text = { da = "Sjældent""#,
    );
    assert_eq!(reweighted.len(), 3, "{reweighted:#?}");
    assert!(reweighted[0].starts_with("questionnaires/ear-tubes-follow-up.toml:315:"), "{reweighted:#?}");
    assert!(
        reweighted[0].ends_with("rule `much_worse_than_baseline` compares with the baseline, but `ear_tubes_baseline`, the baseline questionnaire of pathway `ear_tubes`, computes `score.ear_symptoms` differently (other items, options or formula): `baseline(score.ear_symptoms)` is always unknown, so this part of the rule never fires"),
        "{reweighted:#?}"
    );
    // No time point marked as the baseline.
    let none = with("ear-tubes.pathway.toml", "\nbaseline = true", "\nbaseline = false");
    assert_eq!(none.len(), 4, "{none:#?}");
    assert!(none[0].contains("pathway `ear_tubes` has no baseline time point"), "{none:#?}");
}

/// Score bands are read in order and written back; one that overlaps the
/// band before it, or goes down, is refused where it is written.
#[test]
fn score_bands_are_read_in_order_and_an_overlap_is_refused() {
    let files = shipped_files();
    let report = check_files(&files);
    let follow_up = report.questionnaire("ear_tubes_follow_up").expect("follow-up");
    let score = follow_up.questionnaire().scores.iter().find(|s| s.id == "ear_symptoms").expect("score");
    let bands: Vec<(f64, f64, &str)> = score.bands.iter().map(|b| (b.from, b.to, b.label.en.as_str())).collect();
    assert_eq!(bands, vec![(0.0, 6.0, "Few problems"), (6.0, 12.0, "Some problems"), (12.0, 24.0, "Many problems")]);

    let file = files.iter().find(|f| f.name.ends_with("ear-tubes-follow-up.toml")).expect("file");
    for (from, to, want) in [
        ("{ from = 6, to = 12,", "{ from = 5, to = 12,", "band 2 of score `ear_symptoms` starts at 5, inside the band before it (up to 6)"),
        ("{ from = 6, to = 12,", "{ from = 6, to = 6,", "band 2 of score `ear_symptoms` goes from 6 to 6: `to` must be above `from`"),
    ] {
        let mut broken = files.clone();
        let i = broken.iter().position(|f| f.name == file.name).expect("index");
        broken[i].text = file.text.replacen(from, to, 1);
        let report = check_files(&broken);
        assert!(report.diagnostics.iter().any(|d| d.message.contains(want)), "{to}: {:?}", report.diagnostics);
    }
}

/// A weight outside 40–180 kg is asked about, not refused; once the
/// respondent confirms that very value it is accepted, and a changed
/// value is asked about again. Hidden items are never asked about.
#[test]
fn the_heart_failure_weight_asks_to_confirm_an_unusual_value() {
    use svar_engine::{AnswerErrorCode, AnswerValue, Answers, Confirmed};
    let files = shipped_files();
    let report = check_files(&files);
    let q = report.questionnaire("heart_failure_home").expect("heart failure");
    let weight = |n: f64| Answers::from([("weight".to_string(), AnswerValue::Number(n))]);
    let none = Confirmed::new();
    assert!(q.unconfirmed(&weight(180.0), &none).is_empty());
    assert!(q.unconfirmed(&weight(40.0), &none).is_empty());
    for n in [182.0, 180.1, 39.9, 250.0] {
        let asked = q.unconfirmed(&weight(n), &none);
        assert_eq!(asked.len(), 1, "{n}");
        assert_eq!((asked[0].item.as_str(), asked[0].code), ("weight", AnswerErrorCode::Unconfirmed));
        let confirmed = Confirmed::from([("weight".to_string(), n)]);
        assert!(q.unconfirmed(&weight(n), &confirmed).is_empty(), "{n} confirmed");
        assert_eq!(q.unconfirmed(&weight(181.0), &confirmed).len(), 1, "{n} changed to 181");
    }
    assert_eq!(
        q.unconfirmed(&weight(182.0), &none)[0].message.en,
        "You entered 182 kg. Is that right? Correct the number, or tick that it is right."
    );
    // The value must lie inside the hard range: the checker says so at the field.
    let file = files.iter().find(|f| f.name.ends_with("heart-failure-home.toml")).expect("file");
    for (from, to, want) in [
        ("expected_max = 180", "expected_max = 260", "`expected_max` (260) of item `weight` is outside its range, 30 to 250"),
        (
            "expected_min = 40",
            "expected_min = 190",
            "impossible expected range in item `weight`: `expected_min` (190) is greater than `expected_max` (180)",
        ),
    ] {
        let mut broken = files.clone();
        let i = broken.iter().position(|f| f.name == file.name).expect("index");
        assert!(file.text.contains(from), "{from}");
        broken[i].text = file.text.replacen(from, to, 1);
        let report = check_files(&broken);
        assert!(report.diagnostics.iter().any(|d| d.message.contains(want)), "{to}: {:?}", report.diagnostics);
    }
}

/// How urgent the most urgent flag of these answers is: 2 red, 1 yellow,
/// 0 none (a contact request comes from its own question, not severity).
fn urgency(c: &svar_engine::Compiled, answers: &svar_engine::Answers, history: &svar_engine::History) -> u8 {
    use svar_engine::{Completeness, FlagLevel};
    let valid = c.validate(answers, history, Completeness::Draft).answers;
    c.evaluate(&valid, history)
        .flags
        .iter()
        .map(|f| match f.level {
            FlagLevel::Red => 2,
            FlagLevel::Yellow => 1,
            FlagLevel::Contact => 0,
        })
        .max()
        .unwrap_or(0)
}

/// The mechanism behind every threshold, not its examples: starting from
/// each rule test's answers (and its history), a more severe answer to
/// any one question never lowers the most urgent flag. More severe is a
/// later option of a choice whose options carry increasing points (FHIR's
/// ordinal value), and a higher number, one step up and far beyond (the
/// item's maximum). This is what finds a rule that covers "up to 7 days"
/// while longer discharge says nothing.
#[test]
fn a_more_severe_answer_never_lowers_the_most_urgent_flag() {
    use svar_engine::model::ItemKind;
    use svar_engine::AnswerValue;
    let report = check_files(&shipped_files());
    let mut tried = 0;
    let mut problems = Vec::new();
    for c in &report.questionnaires {
        let q = c.questionnaire();
        for t in &q.tests {
            let history = svar_engine::check::test_history(c, t);
            let before = urgency(c, &t.answers, &history);
            for item in q.items() {
                let Some(given) = t.answers.get(&item.id) else { continue };
                let worse: Vec<AnswerValue> = match (&item.kind, given) {
                    (ItemKind::SingleChoice { options }, AnswerValue::Text(v)) => {
                        let weights: Vec<Option<f64>> = options.iter().map(|o| o.weight).collect();
                        let ordinal = weights.iter().all(Option::is_some) && weights.windows(2).all(|w| w[0] < w[1]);
                        let at = options.iter().position(|o| &o.value == v);
                        match (ordinal, at) {
                            (true, Some(at)) => options[at + 1..].iter().map(|o| AnswerValue::Text(o.value.clone())).collect(),
                            _ => Vec::new(),
                        }
                    }
                    (ItemKind::Number { max, decimals, .. }, AnswerValue::Number(n)) => {
                        let step = 10f64.powi(-i32::from(*decimals));
                        [n + step, *max].into_iter().filter(|m| m <= max && m > n).map(AnswerValue::Number).collect()
                    }
                    _ => Vec::new(),
                };
                for value in worse {
                    tried += 1;
                    let mut answers = t.answers.clone();
                    answers.insert(item.id.clone(), value.clone());
                    let after = urgency(c, &answers, &history);
                    if after < before {
                        problems.push(format!("{}: test \"{}\" with {} = {value:?}: urgency {before} → {after}", q.id, t.name, item.id));
                    }
                }
            }
        }
    }
    assert!(tried > 200, "the mechanism reached the shipped answers: {tried}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A rule that no test makes fire is a rule nobody has seen work.
#[test]
fn every_shipped_rule_fires_in_one_of_its_tests() {
    let report = check_files(&shipped_files());
    for c in &report.questionnaires {
        let q = c.questionnaire();
        for rule in &q.rules {
            assert!(q.tests.iter().any(|t| t.expect_flags.contains(&rule.id)), "{}: no test fires `{}`", q.id, rule.id);
        }
    }
}

/// The respondent's page carries the questionnaire without its rules and
/// rule tests. It must still compile, and show and hide exactly the same
/// items for every answer set the shipped files' own tests use.
#[test]
fn the_respondents_copy_shows_the_same_form_without_the_rules() {
    use svar_engine::{Compiled, History};
    let report = check_files(&shipped_files());
    let mut compared = 0;
    for c in &report.questionnaires {
        let full = c.questionnaire();
        let copy = full.for_respondent();
        assert!(copy.rules.is_empty() && copy.tests.is_empty(), "{}: rules left in the respondent's copy", full.id);
        assert_eq!((&copy.pages, &copy.scores, &copy.contact_item), (&full.pages, &full.scores, &full.contact_item));
        let copy = Compiled::new(copy).unwrap_or_else(|e| panic!("{}: the respondent's copy does not compile: {e:?}", full.id));
        for test in &full.tests {
            assert_eq!(
                copy.visible_items(&test.answers, &History::default()),
                c.visible_items(&test.answers, &History::default()),
                "{}: test `{}` shows other items without the rules",
                full.id,
                test.name
            );
            compared += 1;
        }
    }
    assert!(compared > 40, "only {compared} answer sets compared");
}

/// Every shipped weight rule at its threshold, below it, just above and far
/// above, at every body weight from 40.0 to 179.0 kg in steps of 0.1 kg
/// (#34): the numbers are exact, so 2.0 kg is never "more than 2 kg", at no
/// weight, and 2.1 kg always is. Also with the last report 5 days back (the
/// 3-day window reaches back to it) and over a week of reports.
#[test]
fn the_heart_failure_weight_rules_hold_at_their_thresholds_at_every_body_weight() {
    use svar_engine::answers::{AnswerValue, Answers};
    use svar_engine::{DatedResponse, History, PastResponse};
    let report = check_files(&shipped_files());
    let hf = report.questionnaire("heart_failure_home").expect("heart failure");
    const WEIGHT_RULES: [&str; 4] = ["weight_gain", "weight_gain_over_week", "weight_creeping_up", "dizzy_with_weight_loss"];
    let answers = |weight: f64, dizzy: bool| -> Answers {
        let mut a: Answers = [("breathless", "no_more_than_usual"), ("swelling", "as_usual"), ("chest_pain", "no"), ("icd_shock", "no_icd")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), AnswerValue::Text(v.to_owned())))
            .collect();
        for (k, v) in [("breathless_lying", false), ("palpitations", false), ("dizzy", dizzy), ("fainted", false), ("contact", false)] {
            a.insert(k.to_owned(), AnswerValue::Bool(v));
        }
        a.insert("weight".to_owned(), AnswerValue::Number(weight));
        a
    };
    // Weights as typed: one decimal, read from text as the form reads them.
    let kg = |tenths: i64| -> f64 { format!("{}.{}", tenths / 10, tenths % 10).parse().expect("weight") };
    let fired = |now: i64, earlier: &[(i64, i64)], dizzy: bool| -> Vec<&'static str> {
        let dated: Vec<DatedResponse> = earlier
            .iter()
            .map(|(days, w)| DatedResponse {
                response: PastResponse { answers: answers(kg(*w), false), scores: Default::default() },
                days_ago: *days,
            })
            .collect();
        let history = History {
            previous: dated.first().map(|d| d.response.clone()),
            days_since_previous: dated.first().map(|d| d.days_ago),
            earlier: dated,
            ..History::default()
        };
        let flags = hf.evaluate(&answers(kg(now), dizzy), &history).flags;
        WEIGHT_RULES.into_iter().filter(|r| flags.iter().any(|f| f.rule == *r)).collect()
    };
    for w in 400..=1790 {
        let at = kg(w);
        // The last report 2 days ago: below, at and above each threshold.
        assert_eq!(fired(w + 10, &[(2, w)], false), Vec::<&str>::new(), "1.0 kg above {at}");
        assert_eq!(fired(w + 11, &[(2, w)], false), ["weight_creeping_up"], "1.1 kg above {at}");
        assert_eq!(fired(w + 20, &[(2, w)], false), ["weight_creeping_up"], "2.0 kg above {at} is not more than 2");
        assert_eq!(fired(w + 21, &[(2, w)], false), ["weight_gain"], "2.1 kg above {at}");
        assert_eq!(fired(w + 50, &[(2, w)], false), ["weight_gain"], "5.0 kg above {at}");
        // The last report 5 days ago: the window reaches back to it.
        assert_eq!(fired(w + 20, &[(5, w)], false), ["weight_creeping_up"], "2.0 kg since 5 days, at {at}");
        assert_eq!(fired(w + 21, &[(5, w)], false), ["weight_gain"], "2.1 kg since 5 days, at {at}");
        // A slow gain over the week: 1.1 kg in the last 3 days, 2.1 in 7.
        assert_eq!(fired(w + 21, &[(2, w + 10), (6, w)], false), ["weight_gain_over_week"], "2.1 kg in a week from {at}");
        assert_eq!(fired(w + 20, &[(2, w + 10), (6, w)], false), Vec::<&str>::new(), "2.0 kg in a week from {at}");
        // Dizzy and lighter than the week's highest: 2.0 kg is the threshold.
        if w >= 420 {
            assert_eq!(fired(w - 20, &[(3, w)], true), ["dizzy_with_weight_loss"], "2.0 kg below {at}, dizzy");
            assert_eq!(fired(w - 19, &[(3, w)], true), Vec::<&str>::new(), "1.9 kg below {at}, dizzy");
        }
    }
}
