//! Submitting a response: the answers are validated, scored and checked
//! against the flag rules with the patient's history, then stored with
//! their flags in one transaction. Shared by staff-assisted entry and (in
//! time) the respondents' own pages.

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::{EntryMode, ResponseRecord};
use crate::engine::{AnswerError, Answers, Compiled, Completeness, History, PastResponse};
use crate::ports::{AppState, NewResponse, StoreError, StoredResponse};

/// One submitted form.
#[derive(Clone, Debug)]
pub struct Submission<'a> {
    pub clinic_id: Uuid,
    pub patient_id: Uuid,
    pub enrolment_id: Option<Uuid>,
    pub invitation_id: Option<Uuid>,
    pub questionnaire: &'a Compiled,
    /// As read from the form (`engine::form::answers_from_form`) or a draft.
    pub answers: Answers,
    pub entry_mode: EntryMode,
    pub respondent_id: Option<Uuid>,
    pub entered_by: Option<Uuid>,
    pub submission_key: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The answers as read from the form, and what is wrong with them.
    #[error("the answers are not complete or not valid")]
    Invalid { answers: Answers, errors: Vec<AnswerError> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub async fn submit(state: &AppState, s: Submission<'_>) -> Result<StoredResponse, SubmitError> {
    let now = state.clock.now();
    let answers = s.answers;
    let earlier = state.store.patient_responses(s.clinic_id, s.patient_id).await?;
    let history = history_for(&s.questionnaire.questionnaire().id, &earlier, now.date());
    let validation = s.questionnaire.validate(&answers, &history, Completeness::Final);
    if !validation.is_valid() {
        return Err(SubmitError::Invalid { answers, errors: validation.errors });
    }
    let evaluation = s.questionnaire.evaluate(&validation.answers, &history);
    let id = Uuid::new_v4();
    let notification = notification(state, s.clinic_id, id, &evaluation.flags).await?;
    let stored = state
        .store
        .store_response(&NewResponse {
            id,
            clinic_id: s.clinic_id,
            patient_id: s.patient_id,
            enrolment_id: s.enrolment_id,
            invitation_id: s.invitation_id,
            questionnaire_id: &evaluation.questionnaire,
            questionnaire_version: evaluation.version,
            answers: &validation.answers,
            scores: &evaluation.scores,
            flags: &evaluation.flags,
            entry_mode: s.entry_mode,
            respondent_id: s.respondent_id,
            entered_by: s.entered_by,
            submission_key: s.submission_key,
            now,
            notification: notification.as_ref(),
        })
        .await?;
    Ok(stored)
}

/// The clinic's mail about a red flag or a contact request, if the clinic
/// asked for one.
async fn notification(
    state: &AppState,
    clinic_id: Uuid,
    response_id: Uuid,
    flags: &[crate::engine::Flag],
) -> Result<Option<crate::ports::OutgoingMail>, StoreError> {
    use crate::engine::FlagLevel;
    use crate::journey::notify::{clinic_notification, Urgent};
    let what = if flags.iter().any(|f| f.level == FlagLevel::Red) {
        Urgent::RedFlag
    } else if flags.iter().any(|f| f.level == FlagLevel::Contact) {
        Urgent::ContactRequest
    } else {
        return Ok(None);
    };
    let Some(to) = state.store.clinic_notify_email(clinic_id).await? else { return Ok(None) };
    let path = format!("/staff/worklist/response/{response_id}");
    Ok(Some(clinic_notification(&to, &state.public_url, &path, what)))
}

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
