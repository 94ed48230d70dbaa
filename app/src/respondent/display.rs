//! An answer as the respondent reads it back on the review page.

use crate::engine::form::form_value;
use crate::engine::model::{Item, ItemKind};
use crate::engine::AnswerValue;
use crate::i18n::{t, Locale};

/// A number as its reader writes it: `82,4` in Danish, `82.4` in English.
fn number(value: &AnswerValue, lang: Locale) -> String {
    let written = form_value(Some(value));
    match lang {
        Locale::Da => written.replace('.', ","),
        Locale::En => written,
    }
}

pub fn show(item: &Item, value: &AnswerValue, lang: Locale) -> String {
    let option = |v: &str| item.kind.options().iter().find(|o| o.value == v).map_or_else(|| v.to_owned(), |o| o.text.in_locale(lang).to_owned());
    match (value, &item.kind) {
        (AnswerValue::Bool(b), _) => if *b { t::components::YES } else { t::components::NO }.get(lang).to_owned(),
        (AnswerValue::Number(_), ItemKind::Number { unit: Some(u), .. }) => {
            format!("{} {}", number(value, lang), u.in_locale(lang))
        }
        (AnswerValue::Number(_), _) => number(value, lang),
        (AnswerValue::Text(t), ItemKind::SingleChoice { .. }) => option(t),
        (AnswerValue::Text(t), ItemKind::Date) => time::Date::parse(t, &time::format_description::well_known::Iso8601::DATE)
            .map_or_else(|_| t.clone(), |d| crate::i18n::short_date(d, lang)),
        (AnswerValue::Choices(cs), _) => cs.iter().map(|c| option(c)).collect::<Vec<_>>().join(", "),
        (other, _) => form_value(Some(other)),
    }
}
