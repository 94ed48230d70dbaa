//! Answers: the wire form ([`AnswerValue`], what the browser sends and the
//! database stores, keyed by item id) and the checked form ([`Answer`],
//! parsed against the item's type). [`crate::compile::Compiled::validate`]
//! turns the first into the second, drops answers to hidden items and
//! reports per-item errors in Danish and English.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::model::{Item, ItemKind};
use super::rules::ast::format_date;
use super::rules::parser::parse_date;
use super::text::LangText;

/// An answer as sent and stored. Which variant is valid depends on the item:
/// `yes_no` → `Bool`; `number`, `scale` → `Number`; `single_choice` → `Text`
/// (the option value); `multiple_choice` → `Choices`; `date` → `Text`
/// (`YYYY-MM-DD`); `text` → `Text`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Bool(bool),
    Number(f64),
    Text(String),
    Choices(Vec<String>),
}

/// Answers of one response by item id.
pub type Answers = BTreeMap<String, AnswerValue>;

/// An answer parsed against its item.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Bool(bool),
    Number(f64),
    Date(Date),
    Text(String),
    /// Index of the option.
    Choice(u16),
    /// Bit `i` set for option `i`.
    Choices(u64),
}

impl Answer {
    /// Back to the wire form.
    pub fn to_value(&self, item: &Item) -> AnswerValue {
        let opts = item.kind.options();
        match self {
            Answer::Bool(b) => AnswerValue::Bool(*b),
            Answer::Number(n) => AnswerValue::Number(*n),
            Answer::Date(d) => AnswerValue::Text(format_date(*d)),
            Answer::Text(t) => AnswerValue::Text(t.clone()),
            Answer::Choice(c) => AnswerValue::Text(opts.get(*c as usize).map(|o| o.value.clone()).unwrap_or_default()),
            Answer::Choices(mask) => AnswerValue::Choices(
                opts.iter().enumerate().filter(|(i, _)| *i < 64 && mask & (1u64 << i) != 0).map(|(_, o)| o.value.clone()).collect(),
            ),
        }
    }
}

/// What is wrong with one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerErrorCode {
    /// A required, visible item has no answer.
    Required,
    /// The answer has the wrong shape for the item (e.g. text for a number).
    WrongType,
    OutOfRange,
    TooManyDecimals,
    TooLong,
    UnknownOption,
    InvalidDate,
    /// No item has this id, or it is a display item.
    UnknownItem,
    /// A number outside its item's expected range that the respondent has
    /// not yet confirmed ("You entered 182 kg. Is that right?").
    Unconfirmed,
}

/// An error for one item, with a message for the respondent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerError {
    pub item: String,
    pub code: AnswerErrorCode,
    pub message: LangText,
}

impl AnswerError {
    fn new(item: &str, code: AnswerErrorCode, da: impl Into<String>, en: impl Into<String>) -> Self {
        Self { item: item.to_string(), code, message: LangText::new(da, en) }
    }
}

/// Formats a number the Danish way (decimal comma) or the English way.
fn fmt_num(n: f64, decimals: u8, danish: bool) -> String {
    let s = format!("{n:.prec$}", prec = decimals as usize);
    if danish {
        s.replace('.', ",")
    } else {
        s
    }
}

/// Parses one answer against its item. `Ok(None)` means "no answer" (an
/// empty text or an empty multiple choice).
pub fn parse_answer(item: &Item, value: &AnswerValue) -> Result<Option<Answer>, AnswerError> {
    use AnswerErrorCode::*;
    let id = item.id.as_str();
    let wrong = |da: &str, en: &str| AnswerError::new(id, WrongType, da, en);
    match (&item.kind, value) {
        (ItemKind::YesNo, AnswerValue::Bool(b)) => Ok(Some(Answer::Bool(*b))),
        (ItemKind::YesNo, _) => Err(wrong("Svar ja eller nej.", "Answer yes or no.")),
        (ItemKind::Number { min, max, decimals, .. }, AnswerValue::Number(n)) => {
            if !n.is_finite() || n < min || n > max {
                return Err(AnswerError::new(
                    id,
                    OutOfRange,
                    format!("Angiv et tal mellem {} og {}.", fmt_num(*min, *decimals, true), fmt_num(*max, *decimals, true)),
                    format!("Enter a number between {} and {}.", fmt_num(*min, *decimals, false), fmt_num(*max, *decimals, false)),
                ));
            }
            let scaled = n * 10f64.powi(i32::from(*decimals));
            if (scaled - scaled.round()).abs() > 1e-6 * scaled.abs().max(1.0) {
                return Err(if *decimals == 0 {
                    AnswerError::new(id, TooManyDecimals, "Angiv et helt tal.", "Enter a whole number.")
                } else {
                    AnswerError::new(
                        id,
                        TooManyDecimals,
                        format!("Brug højst {decimals} decimal(er)."),
                        format!("Use at most {decimals} decimal(s)."),
                    )
                });
            }
            Ok(Some(Answer::Number(*n)))
        }
        (ItemKind::Number { .. }, _) => Err(wrong("Angiv et tal.", "Enter a number.")),
        (ItemKind::Scale { min, max, .. }, AnswerValue::Number(n)) => {
            if n.fract() != 0.0 || *n < f64::from(*min) || *n > f64::from(*max) {
                return Err(AnswerError::new(
                    id,
                    OutOfRange,
                    format!("Vælg et tal fra {min} til {max}."),
                    format!("Choose a number from {min} to {max}."),
                ));
            }
            Ok(Some(Answer::Number(*n)))
        }
        (ItemKind::Scale { .. }, _) => Err(wrong("Vælg et tal på skalaen.", "Choose a number on the scale.")),
        (ItemKind::SingleChoice { options }, AnswerValue::Text(v)) => match options.iter().position(|o| &o.value == v) {
            Some(i) => Ok(Some(Answer::Choice(i as u16))),
            None => Err(AnswerError::new(id, UnknownOption, "Vælg en af mulighederne.", "Choose one of the options.")),
        },
        (ItemKind::SingleChoice { .. }, _) => Err(wrong("Vælg én mulighed.", "Choose one option.")),
        (ItemKind::MultipleChoice { options }, AnswerValue::Choices(vs)) => {
            let mut mask = 0u64;
            for v in vs {
                match options.iter().position(|o| &o.value == v) {
                    Some(i) if i < 64 => mask |= 1u64 << i,
                    _ => return Err(AnswerError::new(id, UnknownOption, "Vælg blandt mulighederne.", "Choose among the options.")),
                }
            }
            Ok((mask != 0).then_some(Answer::Choices(mask)))
        }
        (ItemKind::MultipleChoice { .. }, _) => Err(wrong("Vælg en eller flere muligheder.", "Choose one or more options.")),
        (ItemKind::Date, AnswerValue::Text(s)) => match parse_date(s) {
            Some(d) => Ok(Some(Answer::Date(d))),
            None => Err(AnswerError::new(id, InvalidDate, "Angiv en gyldig dato.", "Enter a valid date.")),
        },
        (ItemKind::Date, _) => Err(AnswerError::new(id, InvalidDate, "Angiv en gyldig dato.", "Enter a valid date.")),
        (ItemKind::Text { max_length }, AnswerValue::Text(s)) => {
            if s.trim().is_empty() {
                return Ok(None);
            }
            if s.chars().count() > *max_length as usize {
                return Err(AnswerError::new(
                    id,
                    TooLong,
                    format!("Skriv højst {max_length} tegn."),
                    format!("Write at most {max_length} characters."),
                ));
            }
            Ok(Some(Answer::Text(s.clone())))
        }
        (ItemKind::Text { .. }, _) => Err(wrong("Skriv et svar.", "Write an answer.")),
        (ItemKind::Display, _) => Err(AnswerError::new(id, UnknownItem, "Dette felt kan ikke besvares.", "This field cannot be answered.")),
    }
}

/// Numbers the respondent has confirmed although they lie outside their
/// item's expected range, by item id. A confirmation holds for that value
/// only: a changed answer is asked about again.
pub type Confirmed = BTreeMap<String, f64>;

/// The answer to `item` if it is a number outside the item's expected
/// range (and inside its hard range: a value outside that is refused, not
/// confirmed).
pub fn unexpected_value(item: &Item, value: &AnswerValue) -> Option<f64> {
    let ItemKind::Number { min, max, expected_min, expected_max, .. } = &item.kind else {
        return None;
    };
    let AnswerValue::Number(n) = value else {
        return None;
    };
    let n = *n;
    // Only an answer that is valid otherwise (range, decimals) is asked
    // about: one that is refused gets its own message, not two.
    let accepted = n.is_finite() && n >= *min && n <= *max && parse_answer(item, value).is_ok();
    let unusual = expected_min.is_some_and(|lo| n < lo) || expected_max.is_some_and(|hi| n > hi);
    (accepted && unusual).then_some(n)
}

/// A number as the respondent wrote it, with its unit: "82,5 kg" in
/// Danish, "82.5 kg" in English.
fn with_unit(item: &Item, n: f64) -> (String, String) {
    let unit = match &item.kind {
        ItemKind::Number { unit: Some(u), .. } => Some(u),
        _ => None,
    };
    let plain = format!("{n}");
    let da = match unit {
        Some(u) => format!("{} {}", plain.replace('.', ","), u.da),
        None => plain.replace('.', ","),
    };
    let en = match unit {
        Some(u) => format!("{plain} {}", u.en),
        None => plain,
    };
    (da, en)
}

/// The question put to the respondent about an unusual value, also the
/// message of its [`AnswerErrorCode::Unconfirmed`] error.
pub fn confirm_question(item: &Item, n: f64) -> LangText {
    let (da, en) = with_unit(item, n);
    LangText::new(
        format!("Du har skrevet {da}. Er det rigtigt? Ret tallet, eller sæt kryds for at bekræfte det."),
        format!("You entered {en}. Is that right? Correct the number, or tick that it is right."),
    )
}

/// The label of the tick box that confirms an unusual value.
pub fn confirm_label(item: &Item, n: f64) -> LangText {
    let (da, en) = with_unit(item, n);
    LangText::new(format!("Ja, {da} er rigtigt"), format!("Yes, {en} is right"))
}

/// The error of a number outside its expected range that is not confirmed.
pub fn unconfirmed_error(item: &Item, n: f64) -> AnswerError {
    AnswerError { item: item.id.clone(), code: AnswerErrorCode::Unconfirmed, message: confirm_question(item, n) }
}

pub(crate) fn unknown_item_error(id: &str) -> AnswerError {
    AnswerError::new(id, AnswerErrorCode::UnknownItem, "Ukendt spørgsmål.", "Unknown question.")
}

pub(crate) fn required_error(id: &str) -> AnswerError {
    AnswerError::new(id, AnswerErrorCode::Required, "Besvar venligst dette spørgsmål.", "Please answer this question.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnswerOption;

    fn item(kind: ItemKind) -> Item {
        Item { id: "x".into(), text: LangText::new("x", "x"), help: None, required: false, enable_when: None, kind }
    }

    fn opts(vals: &[&str]) -> Vec<AnswerOption> {
        vals.iter().map(|v| AnswerOption { value: v.to_string(), text: LangText::new(*v, *v), weight: None }).collect()
    }

    fn code(i: &Item, v: AnswerValue) -> Result<Option<Answer>, AnswerErrorCode> {
        parse_answer(i, &v).map_err(|e| e.code)
    }

    #[test]
    fn number_range_and_decimals() {
        let i = item(ItemKind::Number { unit: None, min: 30.0, max: 250.0, decimals: 1, expected_min: None, expected_max: None });
        assert_eq!(code(&i, AnswerValue::Number(80.4)), Ok(Some(Answer::Number(80.4))));
        assert_eq!(code(&i, AnswerValue::Number(30.0)), Ok(Some(Answer::Number(30.0))));
        assert_eq!(code(&i, AnswerValue::Number(250.0)), Ok(Some(Answer::Number(250.0))));
        assert_eq!(code(&i, AnswerValue::Number(29.9)), Err(AnswerErrorCode::OutOfRange));
        assert_eq!(code(&i, AnswerValue::Number(80.45)), Err(AnswerErrorCode::TooManyDecimals));
        assert_eq!(code(&i, AnswerValue::Number(f64::NAN)), Err(AnswerErrorCode::OutOfRange));
        assert_eq!(code(&i, AnswerValue::Text("80".into())), Err(AnswerErrorCode::WrongType));
    }

    /// The checker quotes these messages in English inside its own (a rule
    /// test with an impossible answer), and the Danish catalogue says them
    /// again: every one of them must come out as this file's own Danish.
    #[test]
    fn every_answer_message_has_the_same_danish_in_the_catalogue() {
        let number = |decimals| ItemKind::Number { unit: None, min: 30.0, max: 250.0, decimals, expected_min: None, expected_max: None };
        let scale = ItemKind::Scale { min: 0, max: 10, min_label: LangText::new("a", "a"), max_label: LangText::new("b", "b") };
        let cases: Vec<(ItemKind, AnswerValue)> = vec![
            (ItemKind::YesNo, AnswerValue::Number(1.0)),
            (number(1), AnswerValue::Number(10.0)),
            (number(0), AnswerValue::Number(80.5)),
            (number(1), AnswerValue::Number(80.45)),
            (number(1), AnswerValue::Text("80".into())),
            (scale.clone(), AnswerValue::Number(11.0)),
            (scale, AnswerValue::Text("5".into())),
            (ItemKind::SingleChoice { options: opts(&["a"]) }, AnswerValue::Text("b".into())),
            (ItemKind::SingleChoice { options: opts(&["a"]) }, AnswerValue::Number(1.0)),
            (ItemKind::MultipleChoice { options: opts(&["a"]) }, AnswerValue::Choices(vec!["b".into()])),
            (ItemKind::MultipleChoice { options: opts(&["a"]) }, AnswerValue::Number(1.0)),
            (ItemKind::Date, AnswerValue::Text("2025-13-01".into())),
            (ItemKind::Date, AnswerValue::Number(1.0)),
            (ItemKind::Text { max_length: 3 }, AnswerValue::Text("four".into())),
            (ItemKind::Text { max_length: 3 }, AnswerValue::Number(1.0)),
            (ItemKind::Display, AnswerValue::Text("a".into())),
        ];
        let mut errors: Vec<AnswerError> = cases.into_iter().map(|(kind, v)| parse_answer(&item(kind), &v).expect_err("a wrong answer")).collect();
        errors.extend([unknown_item_error("x"), required_error("x")]);
        for e in errors {
            // Numbers are copied from the English, so only the decimal mark may differ.
            let da = crate::danish::in_danish(&e.message.en).replace('.', ",");
            assert_eq!(da, e.message.da.replace('.', ","), "{}", e.message.en);
        }
    }

    #[test]
    fn number_messages_use_the_languages_decimal_mark() {
        let i = item(ItemKind::Number { unit: None, min: 30.0, max: 250.0, decimals: 1, expected_min: None, expected_max: None });
        let Err(e) = parse_answer(&i, &AnswerValue::Number(10.0)) else { panic!("expected an error") };
        assert_eq!(e.message.da, "Angiv et tal mellem 30,0 og 250,0.");
        assert_eq!(e.message.en, "Enter a number between 30.0 and 250.0.");
        let whole = item(ItemKind::Number { unit: None, min: 0.0, max: 10.0, decimals: 0, expected_min: None, expected_max: None });
        let Err(e) = parse_answer(&whole, &AnswerValue::Number(1.5)) else { panic!("expected an error") };
        assert_eq!(e.message.en, "Enter a whole number.");
    }

    #[test]
    fn scale_takes_whole_numbers_in_range() {
        let i = item(ItemKind::Scale { min: 0, max: 10, min_label: LangText::default(), max_label: LangText::default() });
        assert_eq!(code(&i, AnswerValue::Number(0.0)), Ok(Some(Answer::Number(0.0))));
        assert_eq!(code(&i, AnswerValue::Number(10.0)), Ok(Some(Answer::Number(10.0))));
        assert_eq!(code(&i, AnswerValue::Number(11.0)), Err(AnswerErrorCode::OutOfRange));
        assert_eq!(code(&i, AnswerValue::Number(2.5)), Err(AnswerErrorCode::OutOfRange));
    }

    #[test]
    fn choices_resolve_to_option_indices() {
        let s = item(ItemKind::SingleChoice { options: opts(&["a", "b", "c"]) });
        assert_eq!(code(&s, AnswerValue::Text("c".into())), Ok(Some(Answer::Choice(2))));
        assert_eq!(code(&s, AnswerValue::Text("d".into())), Err(AnswerErrorCode::UnknownOption));
        let m = item(ItemKind::MultipleChoice { options: opts(&["a", "b", "c"]) });
        assert_eq!(code(&m, AnswerValue::Choices(vec!["a".into(), "c".into()])), Ok(Some(Answer::Choices(0b101))));
        assert_eq!(code(&m, AnswerValue::Choices(vec![])), Ok(None));
        assert_eq!(code(&m, AnswerValue::Choices(vec!["z".into()])), Err(AnswerErrorCode::UnknownOption));
        assert_eq!(code(&m, AnswerValue::Text("a".into())), Err(AnswerErrorCode::WrongType));
    }

    #[test]
    fn yes_no_date_and_text() {
        let yn = item(ItemKind::YesNo);
        assert_eq!(code(&yn, AnswerValue::Bool(false)), Ok(Some(Answer::Bool(false))));
        assert_eq!(code(&yn, AnswerValue::Text("no".into())), Err(AnswerErrorCode::WrongType));
        let d = item(ItemKind::Date);
        assert!(matches!(code(&d, AnswerValue::Text("2025-02-28".into())), Ok(Some(Answer::Date(_)))));
        assert_eq!(code(&d, AnswerValue::Text("2025-02-30".into())), Err(AnswerErrorCode::InvalidDate));
        let t = item(ItemKind::Text { max_length: 5 });
        assert_eq!(code(&t, AnswerValue::Text("æøåæø".into())), Ok(Some(Answer::Text("æøåæø".into()))));
        assert_eq!(code(&t, AnswerValue::Text("abcdef".into())), Err(AnswerErrorCode::TooLong));
        assert_eq!(code(&t, AnswerValue::Text("   ".into())), Ok(None));
        assert_eq!(code(&item(ItemKind::Display), AnswerValue::Bool(true)), Err(AnswerErrorCode::UnknownItem));
    }

    fn weight() -> Item {
        item(ItemKind::Number {
            unit: Some(LangText::new("kg", "kg")),
            min: 30.0,
            max: 250.0,
            decimals: 1,
            expected_min: Some(40.0),
            expected_max: Some(180.0),
        })
    }

    /// Both sides of both ends of the expected range, and the hard range
    /// beyond it: a value the hard range refuses is not one to confirm.
    #[test]
    fn a_number_outside_its_expected_range_is_unexpected() {
        let w = weight();
        let at = |n: f64| unexpected_value(&w, &AnswerValue::Number(n));
        assert_eq!(at(180.0), None);
        assert_eq!(at(179.9), None);
        assert_eq!(at(180.1), Some(180.1));
        assert_eq!(at(250.0), Some(250.0));
        assert_eq!(at(250.1), None);
        assert_eq!(at(40.0), None);
        assert_eq!(at(39.9), Some(39.9));
        assert_eq!(at(30.0), Some(30.0));
        assert_eq!(at(29.9), None);
        assert_eq!(at(f64::NAN), None);
        assert_eq!(at(182.55), None, "too many decimals is refused, not asked about");
        assert_eq!(unexpected_value(&w, &AnswerValue::Text("182".into())), None);
        // One end only: the other is open.
        let open = item(ItemKind::Number { unit: None, min: 0.0, max: 30.0, decimals: 0, expected_min: None, expected_max: Some(15.0) });
        assert_eq!(unexpected_value(&open, &AnswerValue::Number(0.0)), None);
        assert_eq!(unexpected_value(&open, &AnswerValue::Number(16.0)), Some(16.0));
        // No expected range: nothing is unexpected.
        let plain = item(ItemKind::Number { unit: None, min: 0.0, max: 30.0, decimals: 0, expected_min: None, expected_max: None });
        assert_eq!(unexpected_value(&plain, &AnswerValue::Number(30.0)), None);
    }

    #[test]
    fn the_confirmation_names_the_value_as_written_in_each_language() {
        let w = weight();
        let q = confirm_question(&w, 182.0);
        assert_eq!(q.en, "You entered 182 kg. Is that right? Correct the number, or tick that it is right.");
        assert_eq!(q.da, "Du har skrevet 182 kg. Er det rigtigt? Ret tallet, eller sæt kryds for at bekræfte det.");
        let l = confirm_label(&w, 182.5);
        assert_eq!((l.da.as_str(), l.en.as_str()), ("Ja, 182,5 kg er rigtigt", "Yes, 182.5 kg is right"));
        let e = unconfirmed_error(&w, 182.0);
        assert_eq!((e.item.as_str(), e.code), ("x", AnswerErrorCode::Unconfirmed));
    }

    #[test]
    fn to_value_round_trips() {
        let m = item(ItemKind::MultipleChoice { options: opts(&["a", "b", "c"]) });
        let v = AnswerValue::Choices(vec!["a".into(), "c".into()]);
        let a = parse_answer(&m, &v).ok().flatten();
        assert_eq!(a.map(|a| a.to_value(&m)), Some(v));
    }

    #[test]
    fn wire_form_is_plain_json() {
        let mut a = Answers::new();
        a.insert("weight".into(), AnswerValue::Number(81.5));
        a.insert("swelling".into(), AnswerValue::Bool(true));
        a.insert("where".into(), AnswerValue::Choices(vec!["ankles".into()]));
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(json, r#"{"swelling":true,"weight":81.5,"where":["ankles"]}"#);
        let back: Answers = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, a);
    }
}
