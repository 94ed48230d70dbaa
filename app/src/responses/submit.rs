//! Submitting a response: the answers are validated, scored and checked
//! against the flag rules with the patient's history, then stored with
//! their flags in one transaction. Shared by staff-assisted entry and (in
//! time) the respondents' own pages.

use crate::domain::{ClinicId, EnrolmentId, InvitationId, PatientId, RespondentId, ResponseId, StaffId};

use super::port::{NewResponse, StoredResponse};
use crate::engine::{AnswerError, Answers, Compiled, Completeness};
use crate::ports::StoreError;
use crate::responses::EntryMode;
use crate::state::AppState;

/// One submitted form.
#[derive(Clone, Debug)]
pub struct Submission<'a> {
    pub clinic_id: ClinicId,
    pub patient_id: PatientId,
    pub enrolment_id: Option<EnrolmentId>,
    pub invitation_id: Option<InvitationId>,
    pub questionnaire: &'a Compiled,
    /// As read from the form (`engine::form::answers_from_form`) or a draft.
    pub answers: Answers,
    pub entry_mode: EntryMode,
    pub respondent_id: Option<RespondentId>,
    pub entered_by: Option<StaffId>,
    pub submission_key: &'a str,
    /// A staff entry's audit entry, written with the response (the store
    /// names the response in it); none for a respondent's own answers.
    pub audit: Option<&'a crate::domain::NewAuditEntry>,
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
    let definitions = PastDefinitions::load(state, s.clinic_id, &earlier).await?;
    let enrolment = match s.enrolment_id {
        Some(id) => Some(InEnrolment { id, index_date: state.store.enrolment_index_date(s.clinic_id, id).await? }),
        None => None,
    };
    let history = history_for(s.questionnaire, enrolment, &earlier, &definitions, definitions.day(now));
    let validation = s.questionnaire.validate(&answers, &history, Completeness::Final);
    if !validation.is_valid() {
        return Err(SubmitError::Invalid { answers, errors: validation.errors });
    }
    let evaluation = s.questionnaire.evaluate(&validation.answers, &history);
    let id = ResponseId::random();
    let notification = notification(state, s.clinic_id, &format!("/staff/worklist/response/{id}"), &evaluation.flags).await?;
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
            has_comment: has_comment(s.questionnaire, &validation.answers),
            entry_mode: s.entry_mode,
            respondent_id: s.respondent_id,
            entered_by: s.entered_by,
            submission_key: s.submission_key,
            now,
            notification: notification.as_ref(),
            audit: s.audit,
        })
        .await?;
    Ok(stored)
}

/// The clinic's mail about a red flag or a contact request, if the clinic
/// asked for one.
/// Whether a free-text item was answered with something to read.
fn has_comment(q: &Compiled, answers: &Answers) -> bool {
    use crate::engine::model::ItemKind;
    answers.iter().any(|(id, v)| {
        let text = matches!(v, crate::engine::AnswerValue::Text(t) if !t.trim().is_empty());
        text && q.item_index(id).and_then(|i| q.item(i)).is_some_and(|i| matches!(i.kind, ItemKind::Text { .. }))
    })
}

/// The clinic's notice of `flags` (none unless one is red or a contact
/// request, or the clinic has no notification address), linking to `path`.
pub(super) async fn notification(
    state: &AppState,
    clinic_id: ClinicId,
    path: &str,
    flags: &[crate::engine::Flag],
) -> Result<Option<crate::ports::OutgoingMail>, StoreError> {
    use crate::engine::FlagLevel;
    use crate::responses::notify::{clinic_notification, Urgent};
    let what = if flags.iter().any(|f| f.level == FlagLevel::Red) {
        Urgent::RedFlag
    } else if flags.iter().any(|f| f.level == FlagLevel::Contact) {
        Urgent::ContactRequest
    } else {
        return Ok(None);
    };
    let Some(to) = state.store.clinic_notify_email(clinic_id).await? else { return Ok(None) };
    Ok(Some(clinic_notification(&to, &state.public_url, path, what)))
}

use crate::responses::history::{history_for, InEnrolment, PastDefinitions};
