//! What people read in place of ids: the titles of questionnaires, scores
//! and pathways as the clinic's definitions name them, and sentences for
//! enrolment history. An id shows only when its definition is gone.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::LangText;
use crate::i18n::{short_date, Locale};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    pub questionnaires: BTreeMap<String, LangText>,
    /// By `questionnaire/score`.
    pub scores: BTreeMap<String, LangText>,
    pub pathways: BTreeMap<String, LangText>,
}

impl Labels {
    pub fn questionnaire(&self, id: &str, locale: Locale) -> String {
        self.questionnaires.get(id).map_or_else(|| id.to_owned(), |t| t.get(locale).to_owned())
    }

    pub fn score(&self, questionnaire: &str, score: &str, locale: Locale) -> String {
        self.scores.get(&format!("{questionnaire}/{score}")).map_or_else(|| score.to_owned(), |t| t.get(locale).to_owned())
    }

    pub fn pathway(&self, id: &str, locale: Locale) -> String {
        self.pathways.get(id).map_or_else(|| id.to_owned(), |t| t.get(locale).to_owned())
    }
}

/// An enrolment history entry as a sentence: `kind` and its JSON `detail`
/// as the store records them.
pub fn enrolment_event(kind: &str, detail: &str, locale: Locale) -> String {
    let facts: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
    let date = |key: &str| {
        facts[key]
            .as_str()
            .and_then(|d| time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok())
            .map(|d| short_date(d, locale))
    };
    let reason = facts["reason"].as_str().filter(|r| !r.trim().is_empty()).map(|r| format!(": {r}")).unwrap_or_default();
    let da = locale == Locale::Da;
    match kind {
        "enrolled" => match (date("index_date"), da) {
            (Some(d), true) => format!("Indskrevet i forløbet, indeksdato {d}"),
            (Some(d), false) => format!("Enrolled, index date {d}"),
            (None, true) => "Indskrevet i forløbet".to_owned(),
            (None, false) => "Enrolled".to_owned(),
        },
        "index_date_changed" => match (date("from"), date("to"), da) {
            (Some(from), Some(to), true) => format!("Indeksdato flyttet fra {from} til {to}"),
            (Some(from), Some(to), false) => format!("Index date moved from {from} to {to}"),
            (_, _, true) => "Indeksdato flyttet".to_owned(),
            (_, _, false) => "Index date moved".to_owned(),
        },
        "paused" if da => format!("Sat på pause{reason}"),
        "paused" => format!("Paused{reason}"),
        "resumed" if da => format!("Genoptaget{reason}"),
        "resumed" => format!("Resumed{reason}"),
        "ended" if da => format!("Afsluttet{reason}"),
        "ended" => format!("Ended{reason}"),
        _ if da => "Forløbet ændret".to_owned(),
        _ => "Enrolment changed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_entries_are_sentences() {
        assert_eq!(enrolment_event("enrolled", r#"{"index_date":"2026-10-31"}"#, Locale::Da), "Indskrevet i forløbet, indeksdato 31. okt. 2026");
        assert_eq!(enrolment_event("enrolled", r#"{"index_date":"2026-10-31"}"#, Locale::En), "Enrolled, index date 31 Oct 2026");
        assert_eq!(
            enrolment_event("index_date_changed", r#"{"from":"2026-10-31","to":"2026-11-07"}"#, Locale::Da),
            "Indeksdato flyttet fra 31. okt. 2026 til 7. nov. 2026"
        );
        assert_eq!(enrolment_event("ended", r#"{"reason":"moved away"}"#, Locale::En), "Ended: moved away");
        assert_eq!(enrolment_event("paused", r#"{"reason":null}"#, Locale::Da), "Sat på pause");
        assert_eq!(enrolment_event("other", "not json", Locale::En), "Enrolment changed");
    }

    #[test]
    fn an_unknown_id_shows_as_itself() {
        let mut l = Labels::default();
        l.questionnaires.insert("q".into(), LangText::new("Spørgeskema", "Questionnaire"));
        assert_eq!(l.questionnaire("q", Locale::Da), "Spørgeskema");
        assert_eq!(l.questionnaire("gone", Locale::En), "gone");
    }
}
