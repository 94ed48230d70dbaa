//! The history a response's rules see: the patient's earlier responses.

use time::{Date, OffsetDateTime};

use crate::responses::ResponseRecord;
use crate::engine::{History, PastResponse};

/// The history rules see: `previous` is the latest earlier response to the
/// same questionnaire; `baseline` the patient's first response (often to
/// the baseline questionnaire); values are matched to items by id.
pub fn history_for(questionnaire_id: &str, earlier: &[ResponseRecord], today: Date) -> History {
    let past = |r: &ResponseRecord| PastResponse {
        answers: r.answers.clone(),
        scores: r.scores.iter().filter_map(|(k, v)| v.map(|v| (k.clone(), v))).collect(),
    };
    let previous = earlier.iter().rev().find(|r| r.questionnaire_id == questionnaire_id);
    History {
        previous: previous.map(past),
        baseline: earlier.first().map(past),
        days_since_previous: previous.map(|r| days_between(r.submitted_at, today)),
    }
}

fn days_between(then: OffsetDateTime, today: Date) -> i64 {
    (today - then.date()).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::responses::EntryMode;
    use uuid::Uuid;
    use crate::engine::AnswerValue;

    fn record(questionnaire: &str, day: u8, pain: f64) -> ResponseRecord {
        ResponseRecord {
            id: Uuid::new_v4(),
            enrolment_id: None,
            questionnaire_id: questionnaire.into(),
            questionnaire_version: 1,
            answers: [("pain".to_owned(), AnswerValue::Number(pain))].into(),
            scores: [("total".to_owned(), Some(pain)), ("none".to_owned(), None)].into(),
            entry_mode: EntryMode::Respondent,
            entered_by_name: None,
            submitted_at: time::Date::from_calendar_date(2026, time::Month::November, day)
                .unwrap()
                .midnight()
                .assume_utc(),
            flags: vec![],
        }
    }

    #[test]
    fn previous_is_the_same_questionnaire_and_baseline_the_first() {
        let earlier = [record("baseline", 1, 2.0), record("follow_up", 10, 5.0), record("other", 12, 9.0)];
        let today = time::Date::from_calendar_date(2026, time::Month::November, 13).unwrap();
        let h = history_for("follow_up", &earlier, today);
        assert_eq!(h.previous.as_ref().unwrap().scores["total"], 5.0);
        assert_eq!(h.baseline.as_ref().unwrap().scores["total"], 2.0);
        assert!(!h.baseline.unwrap().scores.contains_key("none"), "missing scores stay unknown");
        assert_eq!(h.days_since_previous, Some(3));
        assert_eq!(history_for("never", &[], today), History::default());
    }
}
