//! Builds rule expressions for the common kinds of flag from a few choices,
//! for admins who prefer picking an item, a comparison and a value to typing
//! the rule language. The result is ordinary rule-language text: it goes into
//! the rule's `when`, is compiled like any other rule, and can be edited by
//! hand later.
//!
//! The helper checks what it can explain better than the compiler: that the
//! value is an option of a choice item, a number within a scale's range, a
//! date, or yes/no (in English or Danish), and that the comparison makes
//! sense for the item's type. Each [`HelperError`] names the field of the
//! form it is about ([`HelperError::field`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::{Item, ItemKind, Questionnaire};
use super::rules::ast::{format_date, write_str_literal};
use super::rules::parser::parse_date;

/// A common kind of rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Template {
    /// An item's answer compared with a value.
    ItemCompare { item: String, op: Op, value: String },
    /// A score compared with a threshold.
    ScoreThreshold { score: String, op: Op, value: String },
    /// The change of an item or score (`target` is an item id or `score.id`)
    /// since the patient's baseline response.
    ChangeSinceBaseline { target: String, op: Op, value: String },
    /// The same since the previous response.
    ChangeSincePrevious { target: String, op: Op, value: String },
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub const ALL: [Op; 6] = [Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge];

    /// As written in the rule language.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    /// The short name a form may send.
    pub fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Lt => "lt",
            Op::Le => "le",
            Op::Gt => "gt",
            Op::Ge => "ge",
        }
    }

    /// Accepts a symbol (`=`, `!=`, `<`, `<=`, `>`, `>=`) or a name (`eq`,
    /// `ne`, `lt`, `le`, `gt`, `ge`), ignoring surrounding spaces.
    pub fn parse(s: &str) -> Option<Op> {
        let s = s.trim();
        Op::ALL.into_iter().find(|o| o.symbol() == s || o.name().eq_ignore_ascii_case(s))
    }

    fn is_equality(self) -> bool {
        matches!(self, Op::Eq | Op::Ne)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// Why the helper cannot build the rule. Messages name the form field
/// (`item`, `score`, `target`, `op`, `value`) they are about.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HelperError {
    #[error("`item`: there is no item `{id}` in this questionnaire{hint}")]
    UnknownItem { id: String, hint: String },
    #[error("`score`: there is no score `{id}` in this questionnaire{hint}")]
    UnknownScore { id: String, hint: String },
    #[error("`item`: `{id}` is a {kind} item; the helper compares choice, yes/no, scale, number and date items")]
    NotComparable { id: String, kind: &'static str },
    #[error("`target`: `{id}` is a {kind} item; a change can only be computed for numbers (scale or number items, or scores)")]
    NotNumeric { id: String, kind: &'static str },
    #[error("`op`: `{op}` cannot be used with `{id}` ({what}); use = or !=")]
    OrderNotAllowed { op: &'static str, id: String, what: &'static str },
    #[error("`value` is empty")]
    EmptyValue,
    #[error("`{id}` has no option `{value}`; options are: {options}")]
    UnknownOption { id: String, value: String, options: String },
    #[error("`value` must be a number (e.g. 5 or 2,5), not `{value}`")]
    NotANumber { value: String },
    #[error("`value` {value} is outside the range of `{id}` ({min} to {max})")]
    OutOfRange { id: String, value: String, min: String, max: String },
    #[error("`value` {value} is a bigger change than `{id}` can have (its answers go from {min} to {max})")]
    ChangeTooLarge { id: String, value: String, min: String, max: String },
    #[error("`value` for the yes/no item `{id}` must be yes or no (ja/nej, true/false), not `{value}`")]
    NotYesNo { id: String, value: String },
    #[error("`value` for the date item `{id}` must be a date written YYYY-MM-DD, not `{value}`")]
    NotADate { id: String, value: String },
}

impl HelperError {
    /// The form field the error is about, to show it next to that field.
    pub fn field(&self) -> &'static str {
        match self {
            HelperError::UnknownItem { .. } => "item",
            HelperError::UnknownScore { .. } => "score",
            HelperError::NotComparable { .. } => "item",
            HelperError::NotNumeric { .. } => "target",
            HelperError::OrderNotAllowed { .. } => "op",
            HelperError::EmptyValue
            | HelperError::UnknownOption { .. }
            | HelperError::NotANumber { .. }
            | HelperError::OutOfRange { .. }
            | HelperError::ChangeTooLarge { .. }
            | HelperError::NotYesNo { .. }
            | HelperError::NotADate { .. } => "value",
        }
    }
}

/// The rule-language expression for a template, checked against `q`.
pub fn expression(t: &Template, q: &Questionnaire) -> Result<String, HelperError> {
    match t {
        Template::ItemCompare { item, op, value } => item_compare(q, item.trim(), *op, value),
        Template::ScoreThreshold { score, op, value } => {
            let id = score_id(q, score.trim().strip_prefix("score.").unwrap_or(score.trim()))?;
            let n = parse_number(value)?;
            Ok(format!("score.{id} {op} {}", show_number(n)))
        }
        Template::ChangeSinceBaseline { target, op, value } => change(q, target, *op, value, "baseline"),
        Template::ChangeSincePrevious { target, op, value } => change(q, target, *op, value, "previous"),
    }
}

fn find_item<'a>(q: &'a Questionnaire, id: &str) -> Result<&'a Item, HelperError> {
    q.item(id).ok_or_else(|| HelperError::UnknownItem { id: id.to_string(), hint: super::diagnostics::hint(id, q.items().map(|i| i.id.as_str())) })
}

fn score_id<'a>(q: &'a Questionnaire, id: &str) -> Result<&'a str, HelperError> {
    q.scores
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.id.as_str())
        .ok_or_else(|| HelperError::UnknownScore { id: id.to_string(), hint: super::diagnostics::hint(id, q.scores.iter().map(|s| s.id.as_str())) })
}

fn item_compare(q: &Questionnaire, id: &str, op: Op, value: &str) -> Result<String, HelperError> {
    let item = find_item(q, id)?;
    let value = value.trim();
    let order_not_allowed = |what| HelperError::OrderNotAllowed { op: op.symbol(), id: item.id.clone(), what };
    match &item.kind {
        ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => {
            let multiple = matches!(item.kind, ItemKind::MultipleChoice { .. });
            if !op.is_equality() {
                return Err(order_not_allowed(if multiple { "a multiple-choice item" } else { "a single-choice item" }));
            }
            if value.is_empty() {
                return Err(HelperError::EmptyValue);
            }
            let Some(o) = options.iter().find(|o| o.value == value) else {
                return Err(HelperError::UnknownOption {
                    id: item.id.clone(),
                    value: value.to_string(),
                    options: options.iter().map(|o| o.value.as_str()).collect::<Vec<_>>().join(", "),
                });
            };
            let lit = quoted(&o.value);
            Ok(match (multiple, op) {
                (false, _) => format!("{} {op} {lit}", item.id),
                // For a multiple choice, = means "is among the choices".
                (true, Op::Eq) => format!("{lit} in {}", item.id),
                (true, _) => format!("not ({lit} in {})", item.id),
            })
        }
        ItemKind::YesNo => {
            if !op.is_equality() {
                return Err(order_not_allowed("a yes/no item"));
            }
            if value.is_empty() {
                return Err(HelperError::EmptyValue);
            }
            let b = match value.to_lowercase().as_str() {
                "yes" | "ja" | "true" | "sand" => true,
                "no" | "nej" | "false" | "falsk" => false,
                _ => return Err(HelperError::NotYesNo { id: item.id.clone(), value: value.to_string() }),
            };
            Ok(format!("{} {op} {b}", item.id))
        }
        ItemKind::Scale { min, max, .. } => {
            let n = parse_number(value)?;
            in_range(item, n, f64::from(*min), f64::from(*max), value)?;
            Ok(format!("{} {op} {}", item.id, show_number(n)))
        }
        ItemKind::Number { min, max, .. } => {
            let n = parse_number(value)?;
            in_range(item, n, *min, *max, value)?;
            Ok(format!("{} {op} {}", item.id, show_number(n)))
        }
        ItemKind::Date => {
            if value.is_empty() {
                return Err(HelperError::EmptyValue);
            }
            let d = parse_date(value).ok_or_else(|| HelperError::NotADate { id: item.id.clone(), value: value.to_string() })?;
            Ok(format!("{} {op} date(\"{}\")", item.id, format_date(d)))
        }
        ItemKind::Text { .. } | ItemKind::Display => Err(HelperError::NotComparable { id: item.id.clone(), kind: item.kind.type_name() }),
    }
}

fn in_range(item: &Item, n: f64, min: f64, max: f64, value: &str) -> Result<(), HelperError> {
    if n < min || n > max {
        return Err(HelperError::OutOfRange { id: item.id.clone(), value: value.to_string(), min: show_number(min), max: show_number(max) });
    }
    Ok(())
}

/// `x - baseline(x) >= 5`: the change of a number since an earlier response.
fn change(q: &Questionnaire, target: &str, op: Op, value: &str, func: &str) -> Result<String, HelperError> {
    let target = target.trim();
    let x = match target.strip_prefix("score.") {
        Some(id) => format!("score.{}", score_id(q, id.trim())?),
        None => {
            let item = find_item(q, target)?;
            let range = match &item.kind {
                ItemKind::Scale { min, max, .. } => (f64::from(*min), f64::from(*max)),
                ItemKind::Number { min, max, .. } => (*min, *max),
                other => return Err(HelperError::NotNumeric { id: item.id.clone(), kind: other.type_name() }),
            };
            let n = parse_number(value)?;
            // A change can never be larger than the item's range; such a
            // rule would never fire.
            if n.abs() > range.1 - range.0 {
                return Err(HelperError::ChangeTooLarge {
                    id: item.id.clone(),
                    value: value.trim().to_string(),
                    min: show_number(range.0),
                    max: show_number(range.1),
                });
            }
            item.id.clone()
        }
    };
    let n = parse_number(value)?;
    Ok(format!("{x} - {func}({x}) {op} {}", show_number(n)))
}

/// A number as a person types it: optional sign, digits, and a decimal
/// point or (Danish) comma. No exponents, no thousands separators.
fn parse_number(value: &str) -> Result<f64, HelperError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(HelperError::EmptyValue);
    }
    let bad = || HelperError::NotANumber { value: v.to_string() };
    let unsigned = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (int, frac) = match unsigned.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) || int.len() > 15 {
        return Err(bad());
    }
    let n: f64 = v.replace(',', ".").parse().map_err(|_| bad())?;
    if n.is_finite() {
        Ok(n)
    } else {
        Err(bad())
    }
}

/// Shortest form that reads back as the same number (`10`, `2.5`, `-3`).
fn show_number(n: f64) -> String {
    let n = if n == 0.0 { 0.0 } else { n };
    n.to_string()
}

fn quoted(s: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_str_literal(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{Compiled, History};
    use crate::load::{load, Document, SourceFile};
    use crate::model::{FlagRule, RuleLevel};
    use crate::rules::parse;
    use crate::text::LangText;
    use crate::{AnswerValue, Answers};

    fn shipped(name: &str, text: &str) -> Questionnaire {
        let l = load(&SourceFile::new(name, text));
        match l.document {
            Some(Document::Questionnaire(q)) => q,
            other => panic!("{name}: {other:?} {:?}", l.diagnostics),
        }
    }

    fn follow_up() -> Questionnaire {
        shipped("ear-tubes-follow-up.toml", include_str!("../../../questionnaires/ear-tubes-follow-up.toml"))
    }

    fn baseline() -> Questionnaire {
        shipped("ear-tubes-baseline.toml", include_str!("../../../questionnaires/ear-tubes-baseline.toml"))
    }

    fn tonsil() -> Questionnaire {
        shipped("tonsil-recovery.toml", include_str!("../../../questionnaires/tonsil-recovery.toml"))
    }

    fn heart() -> Questionnaire {
        shipped("heart-failure-home.toml", include_str!("../../../questionnaires/heart-failure-home.toml"))
    }

    /// The questionnaire with one more rule, compiled.
    fn with_rule(q: &Questionnaire, when: &str) -> Compiled {
        let mut q = q.clone();
        q.rules.push(FlagRule {
            id: "from_helper".into(),
            level: RuleLevel::Yellow,
            when: when.into(),
            message: LangText::new("Fra hjælperen", "From the helper"),
            advice: None,
            rationale: None,
        });
        match Compiled::new(q) {
            Ok(c) => c,
            Err(e) => panic!("`{when}` does not compile: {e:?}"),
        }
    }

    /// Builds, checks the text, and checks that it parses and compiles as
    /// a rule of `q`.
    fn build(q: &Questionnaire, t: Template, expected: &str) -> Compiled {
        let e = match expression(&t, q) {
            Ok(e) => e,
            Err(err) => panic!("{t:?}: {err}"),
        };
        assert_eq!(e, expected, "{t:?}");
        assert!(parse(&e).is_ok(), "{e}");
        with_rule(q, &e)
    }

    fn fires(c: &Compiled, answers: &[(&str, AnswerValue)], history: &History) -> bool {
        let a: Answers = answers.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        c.evaluate(&a, history).flags.iter().any(|f| f.rule == "from_helper")
    }

    fn cmp(item: &str, op: Op, value: &str) -> Template {
        Template::ItemCompare { item: item.into(), op, value: value.into() }
    }

    fn err(q: &Questionnaire, t: Template) -> HelperError {
        match expression(&t, q) {
            Ok(e) => panic!("{t:?} gave `{e}`"),
            Err(e) => e,
        }
    }

    #[test]
    fn op_symbols_and_names() {
        for op in Op::ALL {
            assert_eq!(Op::parse(op.symbol()), Some(op));
            assert_eq!(Op::parse(op.name()), Some(op));
            assert_eq!(Op::parse(&format!(" {} ", op.name().to_uppercase())), Some(op));
            assert_eq!(op.to_string(), op.symbol());
        }
        assert_eq!(Op::parse(">="), Some(Op::Ge));
        assert_eq!(Op::parse("!="), Some(Op::Ne));
        assert_eq!(Op::parse("=="), None);
        assert_eq!(Op::parse("=>"), None);
        assert_eq!(Op::parse(""), None);
    }

    #[test]
    fn single_choice_compares_with_an_option() {
        let q = follow_up();
        let c = build(&q, cmp("discharge_days", Op::Eq, " more_14 "), "discharge_days = \"more_14\"");
        let yes = [("discharge", AnswerValue::Bool(true)), ("discharge_days", AnswerValue::Text("more_14".into()))];
        assert!(fires(&c, &yes, &History::default()));
        build(&q, cmp("tube_seen", Op::Ne, "no"), "tube_seen != \"no\"");
        let e = err(&q, cmp("tube_seen", Op::Eq, "maybe"));
        assert_eq!(e.to_string(), "`tube_seen` has no option `maybe`; options are: no, yes, unsure");
        assert_eq!(e.field(), "value");
        let e = err(&q, cmp("tube_seen", Op::Gt, "no"));
        assert_eq!(e.to_string(), "`op`: `>` cannot be used with `tube_seen` (a single-choice item); use = or !=");
        assert_eq!(e.field(), "op");
        assert_eq!(err(&q, cmp("tube_seen", Op::Eq, "  ")), HelperError::EmptyValue);
    }

    #[test]
    fn multiple_choice_tests_membership() {
        let q = tonsil();
        let c = build(&q, cmp("pain_relief", Op::Eq, "paracetamol"), "\"paracetamol\" in pain_relief");
        let chosen = [("pain_relief", AnswerValue::Choices(vec!["paracetamol".into()]))];
        assert!(fires(&c, &chosen, &History::default()));
        let c = build(&q, cmp("pain_relief", Op::Ne, "paracetamol"), "not (\"paracetamol\" in pain_relief)");
        assert!(!fires(&c, &chosen, &History::default()));
        let e = err(&q, cmp("pain_relief", Op::Le, "paracetamol"));
        assert!(e.to_string().contains("(a multiple-choice item)"), "{e}");
        let e = err(&q, cmp("pain_relief", Op::Eq, "aspirin"));
        assert!(e.to_string().starts_with("`pain_relief` has no option `aspirin`; options are: paracetamol"), "{e}");
    }

    #[test]
    fn yes_no_in_english_or_danish() {
        let q = follow_up();
        for (v, b) in [("yes", "true"), ("Ja", "true"), ("TRUE", "true"), ("no", "false"), (" nej ", "false"), ("false", "false")] {
            build(&q, cmp("behind_ear", Op::Eq, v), &format!("behind_ear = {b}"));
        }
        let c = build(&q, cmp("behind_ear", Op::Ne, "nej"), "behind_ear != false");
        assert!(fires(&c, &[("behind_ear", AnswerValue::Bool(true))], &History::default()));
        let e = err(&q, cmp("behind_ear", Op::Eq, "maybe"));
        assert_eq!(e.to_string(), "`value` for the yes/no item `behind_ear` must be yes or no (ja/nej, true/false), not `maybe`");
        let e = err(&q, cmp("behind_ear", Op::Lt, "yes"));
        assert!(e.to_string().contains("(a yes/no item)"), "{e}");
        assert_eq!(err(&q, cmp("behind_ear", Op::Eq, "")), HelperError::EmptyValue);
    }

    #[test]
    fn scales_and_numbers_take_numbers_in_range() {
        let q = follow_up();
        let c = build(&q, cmp("overall", Op::Le, "3"), "overall <= 3");
        assert!(fires(&c, &[("overall", AnswerValue::Number(2.0))], &History::default()));
        assert!(!fires(&c, &[("overall", AnswerValue::Number(4.0))], &History::default()));
        build(&q, cmp("overall", Op::Lt, "2,5"), "overall < 2.5");
        build(&q, cmp("overall", Op::Ge, "+10"), "overall >= 10");
        build(&q, cmp("overall", Op::Eq, "0"), "overall = 0");
        let e = err(&q, cmp("overall", Op::Gt, "11"));
        assert_eq!(e.to_string(), "`value` 11 is outside the range of `overall` (0 to 10)");
        assert_eq!(e.field(), "value");
        for bad in ["ten", "1e3", "1.2.3", "1,", ".5", "inf", "NaN", "- 1", "1 000"] {
            let e = err(&q, cmp("overall", Op::Gt, bad));
            assert_eq!(e, HelperError::NotANumber { value: bad.trim().to_string() }, "{bad}");
        }
        let e = err(&q, cmp("overall", Op::Gt, "x"));
        assert_eq!(e.to_string(), "`value` must be a number (e.g. 5 or 2,5), not `x`");

        let h = heart();
        let c = build(&h, cmp("weight", Op::Gt, "120,5"), "weight > 120.5");
        assert!(fires(&c, &[("weight", AnswerValue::Number(121.0))], &History::default()));
        build(&h, cmp("weight", Op::Ge, "30"), "weight >= 30");
        let e = err(&h, cmp("weight", Op::Lt, "29.9"));
        assert_eq!(e.to_string(), "`value` 29.9 is outside the range of `weight` (30 to 250)");
        let b = baseline();
        build(&b, cmp("infections_last_year", Op::Ge, "4"), "infections_last_year >= 4");
    }

    #[test]
    fn dates() {
        let q = baseline();
        let c = build(&q, cmp("previous_tubes_date", Op::Le, " 2024-06-30 "), "previous_tubes_date <= date(\"2024-06-30\")");
        let answers = [("previous_tubes", AnswerValue::Bool(true)), ("previous_tubes_date", AnswerValue::Text("2024-01-15".into()))];
        assert!(fires(&c, &answers, &History::default()));
        build(&q, cmp("previous_tubes_date", Op::Ne, "2024-02-29"), "previous_tubes_date != date(\"2024-02-29\")");
        for bad in ["2025-02-29", "30-06-2024", "yesterday"] {
            let e = err(&q, cmp("previous_tubes_date", Op::Eq, bad));
            assert_eq!(e.to_string(), format!("`value` for the date item `previous_tubes_date` must be a date written YYYY-MM-DD, not `{bad}`"));
        }
    }

    #[test]
    fn text_and_display_items_cannot_be_compared() {
        let q = follow_up();
        let e = err(&q, cmp("comments", Op::Eq, "x"));
        assert_eq!(e.to_string(), "`item`: `comments` is a text item; the helper compares choice, yes/no, scale, number and date items");
        assert_eq!(e.field(), "item");
        let e = err(&q, cmp("symptoms_intro", Op::Eq, "x"));
        assert!(e.to_string().contains("is a display item"), "{e}");
    }

    #[test]
    fn unknown_items_and_scores_are_named_with_a_hint() {
        let q = follow_up();
        let e = err(&q, cmp("ear_pian", Op::Eq, "often"));
        assert_eq!(e.to_string(), "`item`: there is no item `ear_pian` in this questionnaire; did you mean `ear_pain`?");
        assert_eq!(e.field(), "item");
        let e = err(&q, Template::ScoreThreshold { score: "ear_symptom".into(), op: Op::Ge, value: "10".into() });
        assert_eq!(e.to_string(), "`score`: there is no score `ear_symptom` in this questionnaire; did you mean `ear_symptoms`?");
        assert_eq!(e.field(), "score");
        let e = err(&q, Template::ChangeSincePrevious { target: "score.nothing_like_it".into(), op: Op::Ge, value: "1".into() });
        assert_eq!(e.to_string(), "`score`: there is no score `nothing_like_it` in this questionnaire");
    }

    #[test]
    fn score_thresholds() {
        let q = follow_up();
        let t = |score: &str, op, value: &str| Template::ScoreThreshold { score: score.into(), op, value: value.into() };
        build(&q, t("ear_symptoms", Op::Ge, "10"), "score.ear_symptoms >= 10");
        build(&q, t("score.physical", Op::Gt, "2,5"), "score.physical > 2.5");
        build(&q, t("hearing_speech", Op::Eq, "-0"), "score.hearing_speech = 0");
        let e = err(&q, t("ear_symptoms", Op::Ge, "lots"));
        assert_eq!(e.field(), "value");
        assert_eq!(err(&q, t("ear_symptoms", Op::Ge, "")), HelperError::EmptyValue);
    }

    #[test]
    fn changes_since_baseline_and_previous() {
        let q = follow_up();
        let c = build(
            &q,
            Template::ChangeSinceBaseline { target: "score.ear_symptoms".into(), op: Op::Ge, value: "5".into() },
            "score.ear_symptoms - baseline(score.ear_symptoms) >= 5",
        );
        let now = [
            ("ear_pain", AnswerValue::Text("often".into())),
            ("fever", AnswerValue::Text("often".into())),
            ("hearing_concern", AnswerValue::Text("often".into())),
            ("speech_concern", AnswerValue::Text("never".into())),
            ("sleep_trouble", AnswerValue::Text("never".into())),
            ("mood", AnswerValue::Text("never".into())),
        ];
        // The same six items answered before: ear pain "often" (3) and
        // fever "rarely" (1) or "sometimes" (2), the rest "never".
        let history = |fever: &str, score: f64| History {
            baseline: Some(crate::PastResponse {
                answers: now
                    .iter()
                    .map(|(id, v)| match *id {
                        "fever" => (id.to_string(), AnswerValue::Text(fever.into())),
                        "hearing_concern" => (id.to_string(), AnswerValue::Text("never".into())),
                        _ => (id.to_string(), v.clone()),
                    })
                    .collect(),
                scores: [("ear_symptoms".to_string(), score)].into(),
            }),
            ..History::default()
        };
        assert!(fires(&c, &now, &history("rarely", 4.0)));
        assert!(!fires(&c, &now, &history("sometimes", 5.0)));
        assert!(!fires(&c, &now, &History::default()));
        build(&q, Template::ChangeSincePrevious { target: "overall".into(), op: Op::Le, value: "-3".into() }, "overall - previous(overall) <= -3");
        let h = heart();
        build(&h, Template::ChangeSincePrevious { target: " weight ".into(), op: Op::Gt, value: "2,0".into() }, "weight - previous(weight) > 2");
        build(&h, Template::ChangeSinceBaseline { target: "weight".into(), op: Op::Lt, value: "-5.5".into() }, "weight - baseline(weight) < -5.5");
    }

    #[test]
    fn changes_need_numbers() {
        let q = follow_up();
        let ch = |target: &str, value: &str| Template::ChangeSincePrevious { target: target.into(), op: Op::Gt, value: value.into() };
        let e = err(&q, ch("discharge", "1"));
        assert_eq!(
            e.to_string(),
            "`target`: `discharge` is a yes_no item; a change can only be computed for numbers (scale or number items, or scores)"
        );
        assert_eq!(e.field(), "target");
        assert!(matches!(err(&q, ch("ear_pain", "1")), HelperError::NotNumeric { .. }));
        let e = err(&q, ch("comments", "1"));
        assert_eq!(e.field(), "target");
        let e = err(&q, ch("overall", "11"));
        assert_eq!(e.to_string(), "`value` 11 is a bigger change than `overall` can have (its answers go from 0 to 10)");
        assert!(matches!(err(&q, ch("overall", "-11")), HelperError::ChangeTooLarge { .. }));
        assert!(matches!(err(&q, ch("overall", "much")), HelperError::NotANumber { .. }));
        assert!(matches!(err(&q, ch("nothing", "1")), HelperError::UnknownItem { .. }));
    }

    #[test]
    fn templates_serialize_for_the_editor() {
        let t = cmp("overall", Op::Le, "3");
        let json = serde_json::to_string(&t).unwrap_or_default();
        assert_eq!(json, r#"{"ItemCompare":{"item":"overall","op":"Le","value":"3"}}"#);
        let back: Option<Template> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(t));
    }
}
