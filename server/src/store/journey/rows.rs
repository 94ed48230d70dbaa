//! Rows of the schedule and the respondents' journey: enrolments to plan,
//! jobs, recipients, the outbox, links, answering sessions, invitations.

use app::patients::EnrolmentStatus;
use app::ports::StoreError;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct EnrolmentToPlanRow {
    pub id: app::domain::EnrolmentId,
    pub clinic_id: app::domain::ClinicId,
    pub pathway_id: String,
    pub index_date: time::Date,
    pub status: String,
    pub planning_attempts: i64,
    pub time_zone: String,
}

impl TryFrom<EnrolmentToPlanRow> for app::ports::EnrolmentToPlan {
    type Error = StoreError;

    fn try_from(row: EnrolmentToPlanRow) -> Result<Self, Self::Error> {
        Ok(app::ports::EnrolmentToPlan {
            id: row.id,
            clinic_id: row.clinic_id,
            pathway_id: row.pathway_id,
            index_date: row.index_date,
            status: EnrolmentStatus::parse(&row.status).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("enrolment status")))?,
            planning_attempts: row.planning_attempts,
            time_zone: row.time_zone,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PlanningStateRow {
    pub patient_id: app::domain::PatientId,
    pub index_date: time::Date,
    pub status: String,
    pub needs_planning: bool,
}

#[derive(Debug, sqlx::FromRow)]
pub struct JobContextRow {
    pub status: String,
    pub questionnaire_id: String,
    pub questionnaire_version: Option<i64>,
    pub closes_on: time::Date,
    pub clinic_id: app::domain::ClinicId,
    #[allow(dead_code)]
    pub patient_id: app::domain::PatientId,
    pub enrolment_id: app::domain::EnrolmentId,
    pub enrolment_status: String,
    pub clinic_name: String,
    pub time_zone: String,
    pub patient_name: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct RecipientRow {
    pub id: app::domain::RespondentId,
    pub name: String,
    pub email: String,
    pub language: String,
}

impl TryFrom<RecipientRow> for app::ports::Recipient {
    type Error = StoreError;

    fn try_from(row: RecipientRow) -> Result<Self, Self::Error> {
        Ok(app::ports::Recipient {
            respondent_id: row.id,
            name: row.name,
            email: row.email,
            language: app::i18n::Locale::parse(&row.language).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("language")))?,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: Uuid,
    pub attempts: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
}

impl From<OutboxRow> for app::ports::OutboxMail {
    fn from(row: OutboxRow) -> Self {
        app::ports::OutboxMail {
            id: row.id,
            attempts: row.attempts,
            mail: app::ports::OutgoingMail { to: row.recipient, subject: row.subject, text: row.body_text, html: row.body_html },
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct LinkTargetRow {
    pub invitation_id: app::domain::InvitationId,
    pub respondent_id: app::domain::RespondentId,
    pub clinic_name: String,
    pub status: String,
    pub expires_at: OffsetDateTime,
    pub verify_birth_date: bool,
    pub date_of_birth: time::Date,
    pub birth_date_failures: i64,
    pub respondent_language: String,
}

impl TryFrom<LinkTargetRow> for app::ports::LinkTarget {
    type Error = StoreError;

    fn try_from(row: LinkTargetRow) -> Result<Self, Self::Error> {
        Ok(app::ports::LinkTarget {
            invitation_id: row.invitation_id,
            respondent_id: row.respondent_id,
            clinic_name: row.clinic_name,
            status: crate::store::status_of(&row.status)?,
            expires_at: row.expires_at,
            verify_birth_date: row.verify_birth_date,
            birth_date: row.date_of_birth,
            birth_date_failures: row.birth_date_failures,
            language: app::i18n::Locale::parse(&row.respondent_language).unwrap_or_default(),
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct AnswerSessionRow {
    pub invitation_id: app::domain::InvitationId,
    pub respondent_id: app::domain::RespondentId,
    pub clinic_id: app::domain::ClinicId,
    pub clinic_name: String,
    pub patient_id: app::domain::PatientId,
    pub patient_name: String,
    pub enrolment_id: app::domain::EnrolmentId,
    pub questionnaire_id: String,
    pub questionnaire_version: Option<i64>,
    pub status: String,
    pub closes_on: time::Date,
    pub time_zone: String,
    pub expires_at: OffsetDateTime,
}

impl TryFrom<AnswerSessionRow> for app::ports::AnswerSession {
    type Error = StoreError;

    fn try_from(row: AnswerSessionRow) -> Result<Self, Self::Error> {
        Ok(app::ports::AnswerSession {
            invitation_id: row.invitation_id,
            respondent_id: row.respondent_id,
            clinic_id: row.clinic_id,
            clinic_name: row.clinic_name,
            patient_id: row.patient_id,
            patient_name: row.patient_name,
            enrolment_id: row.enrolment_id,
            questionnaire_id: row.questionnaire_id,
            questionnaire_version: row.questionnaire_version.and_then(|v| u32::try_from(v).ok()),
            status: crate::store::status_of(&row.status)?,
            closes_on: row.closes_on,
            closes_at: app::schedule::zone::closes_at(row.closes_on, &row.time_zone),
            expires_at: row.expires_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: app::domain::InvitationId,
    pub enrolment_id: app::domain::EnrolmentId,
    pub timepoint: String,
    pub sequence: i64,
    pub questionnaire_id: String,
    pub opens_on: time::Date,
    pub closes_on: time::Date,
    pub status: String,
    pub sent_at: Option<OffsetDateTime>,
}

impl TryFrom<InvitationRow> for app::ports::InvitationRecord {
    type Error = StoreError;

    fn try_from(row: InvitationRow) -> Result<Self, Self::Error> {
        Ok(app::ports::InvitationRecord {
            id: row.id,
            enrolment_id: row.enrolment_id,
            timepoint: row.timepoint,
            sequence: u32::try_from(row.sequence).map_err(|_| crate::store::unavailable(crate::store::BadValue("sequence")))?,
            questionnaire_id: row.questionnaire_id,
            opens_on: row.opens_on,
            closes_on: row.closes_on,
            status: crate::store::status_of(&row.status)?,
            sent_at: row.sent_at,
        })
    }
}
