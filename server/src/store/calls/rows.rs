//! The call list's rows as the databases return them.

use app::ports::StoreError;

#[derive(Debug, sqlx::FromRow)]
pub struct CallEntryRow {
    pub invitation_id: app::domain::InvitationId,
    pub patient_id: app::domain::PatientId,
    pub patient_name: String,
    pub questionnaire_id: String,
    pub questionnaire_version: Option<i64>,
    pub closes_on: time::Date,
    pub enrolment_id: app::domain::EnrolmentId,
    pub assigned_id: Option<app::domain::StaffId>,
    pub assigned_name: Option<String>,
    pub answers: Option<sqlx::types::Json<app::engine::Answers>>,
    pub confirmed: Option<sqlx::types::Json<app::engine::Confirmed>>,
}

impl CallEntryRow {
    /// The entry (its lists filled in later) and its saved draft.
    pub fn into_call(self, clinic_id: app::domain::ClinicId) -> app::calls::port::StoredCall {
        let draft = self.answers.map(|answers| app::schedule::port::ClosingDraft {
            invitation_id: self.invitation_id,
            clinic_id,
            patient_id: self.patient_id,
            enrolment_id: self.enrolment_id,
            questionnaire_id: self.questionnaire_id.clone(),
            questionnaire_version: self.questionnaire_version.and_then(|v| u32::try_from(v).ok()),
            draft: app::schedule::port::Draft { answers: answers.0, confirmed: self.confirmed.map(|c| c.0).unwrap_or_default() },
        });
        let entry = app::calls::CallEntry {
            invitation_id: self.invitation_id,
            patient_id: self.patient_id,
            patient_name: self.patient_name,
            questionnaire_id: self.questionnaire_id,
            closes_on: self.closes_on,
            respondents: Vec::new(),
            messages: Vec::new(),
            urgent_draft: false,
            attempts: Vec::new(),
            assigned_to: self.assigned_id.zip(self.assigned_name),
        };
        app::calls::port::StoredCall { entry, draft }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct CallRespondentRow {
    pub invitation_id: app::domain::InvitationId,
    pub name: String,
    pub relation: String,
    pub mobile: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct CallAttemptRow {
    pub invitation_id: app::domain::InvitationId,
    pub at: time::OffsetDateTime,
    pub staff_name: String,
    pub outcome: String,
    pub note: String,
}

impl TryFrom<CallAttemptRow> for (app::domain::InvitationId, app::calls::CallAttempt) {
    type Error = StoreError;

    fn try_from(r: CallAttemptRow) -> Result<Self, Self::Error> {
        let outcome = app::calls::CallOutcome::parse(&r.outcome).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("call outcome")))?;
        Ok((r.invitation_id, app::calls::CallAttempt { at: r.at, by: r.staff_name, outcome, note: r.note }))
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ReachRow {
    pub email: String,
    pub mobile: Option<String>,
    pub preferred_channel: String,
    pub sms_consent: bool,
}

impl ReachRow {
    pub fn into_reach(self) -> Result<app::schedule::channel::Reach, StoreError> {
        use app::schedule::channel::{Channel, Reach};
        let preferred =
            Channel::parse(&self.preferred_channel).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("preferred channel")))?;
        Ok(Reach { preferred, has_email: !self.email.is_empty(), has_mobile: self.mobile.is_some(), sms_consent: self.sms_consent })
    }
}
