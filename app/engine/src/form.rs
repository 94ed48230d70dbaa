//! Answers from an HTML form. Every control posts strings; this turns them
//! into [`Answers`] by item type, so the same page works as a plain form
//! post without JavaScript. Values that do not fit (letters in a number
//! field) are kept as text, so validation reports them to the respondent
//! instead of silently dropping what they typed.
//!
//! Field names: an item's id. Yes/no posts `yes` or `no`; single choice and
//! scales post the option value or the number; multiple choice posts one
//! field per ticked option; numbers accept a decimal comma.

use super::answers::{AnswerValue, Answers, Confirmed};
use super::model::{ItemKind, Questionnaire};

/// Reads the answers to `q` out of form fields; other fields are ignored.
pub fn answers_from_form(q: &Questionnaire, fields: &[(String, String)]) -> Answers {
    let mut answers = Answers::new();
    for item in q.items() {
        let values: Vec<&str> =
            fields.iter().filter(|(name, _)| *name == item.id).map(|(_, value)| value.trim()).filter(|value| !value.is_empty()).collect();
        let answer = match (&item.kind, values.first()) {
            (ItemKind::Display, _) | (_, None) => None,
            (ItemKind::MultipleChoice { .. }, Some(_)) => Some(AnswerValue::Choices(values.iter().map(|v| (*v).to_owned()).collect())),
            (ItemKind::YesNo, Some(v)) => Some(match *v {
                "yes" | "true" | "ja" => AnswerValue::Bool(true),
                "no" | "false" | "nej" => AnswerValue::Bool(false),
                other => AnswerValue::Text(other.to_owned()),
            }),
            (ItemKind::Number { .. } | ItemKind::Scale { .. }, Some(v)) => Some(match v.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => AnswerValue::Number(n),
                _ => AnswerValue::Text((*v).to_owned()),
            }),
            (_, Some(v)) => Some(AnswerValue::Text((*v).to_owned())),
        };
        if let Some(answer) = answer {
            answers.insert(item.id.clone(), answer);
        }
    }
    answers
}

/// `base` with the answers to the items of page `page` replaced by those
/// in `posted`: a form that shows one page posts only that page's items,
/// and the other pages' answers must stay.
pub fn replace_page(q: &Questionnaire, base: &Answers, page: usize, posted: &Answers) -> Answers {
    let mut merged = base.clone();
    if let Some(p) = q.pages.get(page) {
        for item in &p.items {
            merged.remove(&item.id);
            if let Some(v) = posted.get(&item.id) {
                merged.insert(item.id.clone(), v.clone());
            }
        }
    }
    merged
}

/// The name of the tick box that confirms an unusual number for item
/// `id` ("Yes, 182 kg is right"); its value is the number confirmed. Not
/// a possible item id, so it cannot be taken for an answer.
pub fn confirm_field(id: &str) -> String {
    format!("confirm.{id}")
}

/// `base` with the confirmations of the items of page `page` replaced by
/// those ticked in `fields`. A tick counts only for the number it was
/// shown with: one posted together with a changed answer confirms nothing.
pub fn replace_page_confirmed(q: &Questionnaire, base: &Confirmed, page: usize, answers: &Answers, fields: &[(String, String)]) -> Confirmed {
    let mut merged = base.clone();
    if let Some(p) = q.pages.get(page) {
        for item in &p.items {
            merged.remove(&item.id);
            let name = confirm_field(&item.id);
            let ticked = fields.iter().filter(|(k, _)| *k == name).filter_map(|(_, v)| v.trim().replace(',', ".").parse::<f64>().ok());
            let answer = match answers.get(&item.id) {
                Some(AnswerValue::Number(n)) => Some(*n),
                _ => None,
            };
            if let Some(n) = ticked.into_iter().find(|t| Some(*t) == answer) {
                merged.insert(item.id.clone(), n);
            }
        }
    }
    merged
}

/// The form value a control shows for an answer (the inverse, for
/// re-rendering a form with what was typed).
pub fn form_value(answer: Option<&AnswerValue>) -> String {
    match answer {
        Some(AnswerValue::Bool(true)) => "yes".to_owned(),
        Some(AnswerValue::Bool(false)) => "no".to_owned(),
        Some(AnswerValue::Number(n)) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{n:.0}")
            } else {
                n.to_string()
            }
        }
        Some(AnswerValue::Text(t)) => t.clone(),
        Some(AnswerValue::Choices(c)) => c.join(","),
        None => String::new(),
    }
}

/// Whether a multiple-choice answer includes `option`.
pub fn has_choice(answer: Option<&AnswerValue>, option: &str) -> bool {
    matches!(answer, Some(AnswerValue::Choices(c)) if c.iter().any(|v| v == option))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_files;
    use crate::load::SourceFile;

    const MINI: &str = r#"
[questionnaire]
id = "mini"
version = 1
respondent = "patient"
title = { da = "T", en = "T" }
description = { da = "D", en = "D" }
source = { da = "S", en = "S" }

[[pages]]
id = "p"
title = { da = "P", en = "P" }

[[pages.items]]
id = "ok"
type = "yes_no"
text = { da = "a", en = "a" }

[[pages.items]]
id = "weight"
type = "number"
min = 20
max = 300
decimals = 1
text = { da = "b", en = "b" }

[[pages.items]]
id = "pain"
type = "scale"
min = 0
max = 10
min_label = { da = "x", en = "x" }
max_label = { da = "y", en = "y" }
text = { da = "c", en = "c" }

[[pages.items]]
id = "where"
type = "multiple_choice"
text = { da = "d", en = "d" }
options = [
  { value = "left", text = { da = "v", en = "l" } },
  { value = "right", text = { da = "h", en = "r" } },
]

[[pages.items]]
id = "note"
type = "text"
max_length = 100
text = { da = "e", en = "e" }
"#;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn reads_each_item_type() {
        let report = check_files(&[SourceFile::new("mini.toml", MINI)]);
        assert!(report.is_ok(), "{:?}", report.diagnostics);
        let q = report.questionnaires[0].questionnaire();
        let answers = answers_from_form(
            q,
            &fields(&[("ok", "yes"), ("weight", "81,5"), ("pain", "7"), ("where", "left"), ("where", "right"), ("note", "  "), ("unrelated", "x")]),
        );
        assert_eq!(answers.get("ok"), Some(&AnswerValue::Bool(true)));
        assert_eq!(answers.get("weight"), Some(&AnswerValue::Number(81.5)));
        assert_eq!(answers.get("pain"), Some(&AnswerValue::Number(7.0)));
        assert_eq!(answers.get("where"), Some(&AnswerValue::Choices(vec!["left".into(), "right".into()])));
        assert_eq!(answers.get("note"), None, "blank text is no answer");
        assert_eq!(answers.len(), 4);
    }

    #[test]
    fn keeps_what_does_not_fit_so_validation_can_say_so() {
        let report = check_files(&[SourceFile::new("mini.toml", MINI)]);
        let c = &report.questionnaires[0];
        let answers = answers_from_form(c.questionnaire(), &fields(&[("weight", "eighty"), ("ok", "maybe")]));
        assert_eq!(answers.get("weight"), Some(&AnswerValue::Text("eighty".into())));
        let validation = c.validate(&answers, &Default::default(), crate::compile::Completeness::Draft);
        let items: Vec<&str> = validation.errors.iter().map(|e| e.item.as_str()).collect();
        assert_eq!(items, ["ok", "weight"]);
    }

    #[test]
    fn form_values_round_trip() {
        assert_eq!(form_value(Some(&AnswerValue::Bool(false))), "no");
        assert_eq!(form_value(Some(&AnswerValue::Number(7.0))), "7");
        assert_eq!(form_value(Some(&AnswerValue::Number(81.5))), "81.5");
        assert!(has_choice(Some(&AnswerValue::Choices(vec!["a".into()])), "a"));
        assert!(!has_choice(None, "a"));
    }

    /// A tick confirms the number it was shown with, whichever decimal
    /// mark; a tick sent with a changed number, or no tick, confirms
    /// nothing; other pages' confirmations stay.
    #[test]
    fn a_confirmation_holds_for_the_value_ticked_only() {
        let report = check_files(&[SourceFile::new("mini.toml", MINI)]);
        let q = report.questionnaires[0].questionnaire();
        let earlier = Confirmed::from([("elsewhere".to_string(), 3.0)]);
        let confirm = |pairs: &[(&str, &str)]| {
            let posted = fields(pairs);
            let answers = answers_from_form(q, &posted);
            replace_page_confirmed(q, &earlier, 0, &answers, &posted)
        };
        assert_eq!(confirm(&[("weight", "182"), ("confirm.weight", "182")]).get("weight"), Some(&182.0));
        assert_eq!(confirm(&[("weight", "182,5"), ("confirm.weight", "182.5")]).get("weight"), Some(&182.5));
        assert_eq!(confirm(&[("weight", "82"), ("confirm.weight", "182")]).get("weight"), None);
        assert_eq!(confirm(&[("weight", "182")]).get("weight"), None);
        assert_eq!(confirm(&[("confirm.weight", "182")]).get("weight"), None);
        assert_eq!(confirm(&[("weight", "182")]).get("elsewhere"), Some(&3.0));
        let mut before = earlier.clone();
        before.insert("weight".into(), 182.0);
        let posted = fields(&[("weight", "182")]);
        let answers = answers_from_form(q, &posted);
        assert_eq!(replace_page_confirmed(q, &before, 0, &answers, &posted).get("weight"), None, "untick");
        assert_eq!(confirm_field("weight"), "confirm.weight");
    }
}
