//! The engine as the server and the browser use it: conditions, validation,
//! scores, flags with explanations, type checking of rules.

use svar_engine::answers::{AnswerErrorCode, AnswerValue, Answers};
use svar_engine::model::{FlagRule, RuleLevel};
use svar_engine::{check_files, Compiled, Completeness, FlagLevel, History, PastResponse, ShownValue, SourceFile};

const MINI: &str = include_str!("fixtures/mini.toml");

fn mini() -> Compiled {
    let r = check_files(&[SourceFile::new("mini.toml", MINI)]);
    assert!(r.is_ok(), "{:?}", r.diagnostics);
    r.questionnaires.into_iter().next().expect("mini")
}

fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn t(s: &str) -> AnswerValue {
    AnswerValue::Text(s.into())
}

/// Compiles `mini` with one extra rule; returns the error messages.
fn rule_errors(when: &str) -> Vec<String> {
    let mut q = mini().questionnaire().clone();
    q.rules.push(FlagRule {
        id: "r".into(),
        level: RuleLevel::Yellow,
        when: when.into(),
        message: q.rules[0].message.clone(),
        advice: None,
        rationale: None,
    });
    match Compiled::new(q) {
        Ok(_) => vec![],
        Err(errs) => errs.into_iter().map(|e| e.message).collect(),
    }
}

#[test]
fn type_checker_accepts_well_typed_rules() {
    for ok in [
        "age > 3 and discharge = true",
        "discharge_days in [\"short\", \"long\"]",
        "\"long\" = discharge_days",
        "discharge_days != previous(discharge_days)",
        "score.ear - baseline(score.ear) >= 1.5",
        "answered(age) or not answered(discharge)",
        "age * 2 / 3 + -1 < 10",
        "days_since_previous() <= 3",
        "age in [1, 2, -3]",
        "(age > 3) = true",
    ] {
        assert_eq!(rule_errors(ok), Vec::<String>::new(), "{ok}");
    }
}

#[test]
fn type_checker_rejects_ill_typed_rules_with_clear_messages() {
    let cases = [
        ("age > \"ten\"", "`age` and `\"ten\"` cannot be compared: `age` is a number but `\"ten\"` is text in rule `r`"),
        ("age", "expected a yes/no condition, but `age` is a number in rule `r`"),
        ("discharge_days = \"medium\"", "\"medium\" is not an option of item `discharge_days` in rule `r` (options: \"short\", \"long\")"),
        ("discharge_days < \"long\"", "`<` cannot order choices in rule `r`; use `=`, `!=` or `in`"),
        ("discharge + 1 > 2", "`+` needs numbers, but `discharge` is yes/no in rule `r`"),
        ("not age", "`not` needs yes/no, but `age` is a number in rule `r`"),
        ("age in discharge", "`in` needs a list `[...]` or a multiple-choice item on the right, but `discharge` is yes/no in rule `r`"),
        ("[1, 2]", "a list `[...]` can only stand on the right of `in` in rule `r`"),
        ("answered(score.ear)", "`answered` takes an item id, like `answered(pain)` in rule `r`"),
        ("days_since_previous(age) > 1", "`days_since_previous` takes 0 arguments, but 1 were given in rule `r`"),
        ("count(age) > 1", "`count` takes a multiple-choice item, but `age` is a number in rule `r`"),
        ("previous(1) = 1", "`previous` takes an item id or `score.id` in rule `r`"),
        ("discharge_days in [1]", "options of `discharge_days` are written in quotes in rule `r`"),
        ("discharge = 1", "`discharge` and `1` cannot be compared: `discharge` is yes/no but `1` is a number in rule `r`"),
    ];
    for (src, want) in cases {
        assert_eq!(rule_errors(src), vec![want.to_string()], "{src}");
    }
}

#[test]
fn conditions_hide_items_and_hidden_answers_are_dropped() {
    let q = mini();
    let a = answers(&[("discharge", AnswerValue::Bool(false)), ("discharge_days", t("long")), ("age", AnswerValue::Number(4.0))]);
    let v = q.validate(&a, &History::default(), Completeness::Final);
    assert_eq!(v.visible, vec!["age", "discharge", "contact"]);
    assert_eq!(v.dropped, vec!["discharge_days"]);
    assert!(!v.answers.contains_key("discharge_days"));
    assert!(v.is_valid(), "{:?}", v.errors);
    // The stale answer cannot fire the rule.
    assert!(q.evaluate(&a, &History::default()).flags.is_empty());
    // Unanswered condition input: unknown hides the item.
    assert_eq!(q.visible_items(&Answers::new(), &History::default()), vec!["age", "discharge", "contact"]);
}

#[test]
fn validation_reports_per_item_errors_in_both_languages() {
    let mut q = mini().questionnaire().clone();
    for item in q.pages[0].items.iter_mut() {
        item.required = true;
    }
    let q = Compiled::new(q).expect("valid");
    let a = answers(&[
        ("age", AnswerValue::Number(130.0)),
        ("discharge", AnswerValue::Bool(true)),
        ("discharge_days", t("forever")),
        ("nope", AnswerValue::Bool(true)),
    ]);
    let v = q.validate(&a, &History::default(), Completeness::Final);
    let got: Vec<(String, AnswerErrorCode, String)> = v.errors.iter().map(|e| (e.item.clone(), e.code, e.message.da.clone())).collect();
    assert_eq!(
        got,
        vec![
            ("age".into(), AnswerErrorCode::OutOfRange, "Angiv et tal mellem 0 og 120.".into()),
            ("discharge_days".into(), AnswerErrorCode::UnknownOption, "Vælg en af mulighederne.".into()),
            ("contact".into(), AnswerErrorCode::Required, "Besvar venligst dette spørgsmål.".into()),
            ("nope".into(), AnswerErrorCode::UnknownItem, "Ukendt spørgsmål.".into()),
        ]
    );
    let draft = q.validate(&a, &History::default(), Completeness::Draft);
    assert!(draft.errors.iter().all(|e| e.code != AnswerErrorCode::Required));
}

#[test]
fn flags_explain_the_values_that_fired_them() {
    let q = mini();
    let a = answers(&[("discharge", AnswerValue::Bool(true)), ("discharge_days", t("long")), ("contact", AnswerValue::Bool(true))]);
    let e = q.evaluate(&a, &History::default());
    assert_eq!(e.questionnaire, "mini");
    assert_eq!(e.version, 1);
    assert_eq!(e.flags.len(), 2);
    assert_eq!(e.flags[0].rule, "persistent_discharge");
    assert_eq!(e.flags[0].level, FlagLevel::Red);
    assert_eq!(e.flags[0].explanation.len(), 1);
    assert_eq!(e.flags[0].explanation[0].reference, "discharge_days");
    assert_eq!(e.flags[0].explanation[0].value, Some(ShownValue::Text("long".into())));
    assert_eq!(e.flags[1].rule, "contact");
    assert_eq!(e.flags[1].level, FlagLevel::Contact);
    assert_eq!(e.scores.get("ear"), Some(&Some(2.0)));
    let json = serde_json::to_string(&e.flags[0].explanation).unwrap_or_default();
    assert_eq!(json, r#"[{"reference":"discharge_days","value":"long"}]"#);
}

/// A flag names the part of its rule that made it true, not every value
/// the rule mentions.
#[test]
fn a_flag_is_explained_by_the_branch_that_fired() {
    let mut q = mini().questionnaire().clone();
    q.rules.push(FlagRule {
        id: "either".into(),
        level: RuleLevel::Yellow,
        when: "age > 100 or (discharge = true and discharge_days = \"short\")".into(),
        message: q.rules[0].message.clone(),
        advice: None,
        rationale: None,
    });
    let q = Compiled::new(q).expect("valid");
    let why = |a: &Answers| -> Vec<String> {
        let e = q.evaluate(a, &History::default());
        let flag = e.flags.iter().find(|f| f.rule == "either").expect("fires");
        flag.explanation.iter().map(ToString::to_string).collect()
    };
    let through_and = answers(&[("age", AnswerValue::Number(5.0)), ("discharge", AnswerValue::Bool(true)), ("discharge_days", t("short"))]);
    assert_eq!(why(&through_and), ["discharge = true", "discharge_days = short"]);
    let through_age = answers(&[("age", AnswerValue::Number(101.0)), ("discharge", AnswerValue::Bool(false))]);
    assert_eq!(why(&through_age), ["age = 101"]);
}

#[test]
fn history_rules_read_previous_and_baseline_by_id() {
    let mut q = mini().questionnaire().clone();
    q.rules.push(FlagRule {
        id: "older".into(),
        level: RuleLevel::Yellow,
        when: "age - previous(age) >= 1 and baseline(score.ear) < score.ear and days_since_previous() < 400".into(),
        message: q.rules[0].message.clone(),
        advice: None,
        rationale: None,
    });
    let q = Compiled::new(q).expect("valid");
    let a = answers(&[("age", AnswerValue::Number(5.0)), ("discharge", AnswerValue::Bool(true)), ("discharge_days", t("short"))]);
    let prev = PastResponse { answers: answers(&[("age", AnswerValue::Number(4.0))]), scores: Default::default() };
    // A score is compared only when the same items were answered.
    let base = PastResponse {
        answers: answers(&[("discharge", AnswerValue::Bool(true)), ("discharge_days", t("short"))]),
        scores: [("ear".to_string(), 0.0)].into_iter().collect(),
    };
    let h = History { previous: Some(prev.clone()), baseline: Some(base), days_since_previous: Some(365), ..Default::default() };
    let e = q.evaluate(&a, &h);
    assert_eq!(e.flags.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(), vec!["older"]);
    let refs: Vec<(&str, Option<ShownValue>)> = e.flags[0].explanation.iter().map(|x| (x.reference.as_str(), x.value.clone())).collect();
    assert_eq!(
        refs,
        vec![
            ("age", Some(ShownValue::Number(5.0))),
            ("previous(age)", Some(ShownValue::Number(4.0))),
            ("baseline(score.ear)", Some(ShownValue::Number(0.0))),
            ("score.ear", Some(ShownValue::Number(1.0))),
            ("days_since_previous()", Some(ShownValue::Number(365.0))),
        ]
    );
    // Without history the rule is unknown and does not fire.
    assert!(q.evaluate(&a, &History::default()).flags.is_empty());
    // A previous answer of the wrong type counts as unknown.
    let bad = PastResponse { answers: answers(&[("age", t("four"))]), scores: Default::default() };
    let h2 = History { previous: Some(bad), ..h };
    assert!(q.evaluate(&a, &h2).flags.is_empty());
}

#[test]
fn models_round_trip_through_json_and_recompile() {
    let q = mini().questionnaire().clone();
    let json = serde_json::to_string(&q).expect("json");
    let back: svar_engine::Questionnaire = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, q);
    assert!(Compiled::new(back).is_ok());
}

#[test]
fn fhir_export_keeps_link_ids_types_and_options() {
    use svar_engine::fhir::to_fhir;
    use svar_engine::Locale;
    let q = mini();
    let f = serde_json::to_value(to_fhir(q.questionnaire(), Locale::En)).expect("json");
    assert_eq!(f["resourceType"], "Questionnaire");
    assert_eq!(f["item"][0]["type"], "group");
    let items = &f["item"][0]["item"];
    assert_eq!(items[0]["linkId"], "age");
    assert_eq!(items[0]["type"], "integer");
    assert_eq!(items[1]["type"], "boolean");
    assert_eq!(items[2]["type"], "choice");
    assert_eq!(items[2]["answerOption"][1]["valueCoding"]["code"], "long");
    assert_eq!(items[2]["extension"][0]["valueExpression"]["expression"], "discharge = true");
}
