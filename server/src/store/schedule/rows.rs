//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::ports::StoreError;
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

impl TryFrom<EnrolmentToPlanRow> for app::schedule::port::EnrolmentToPlan {
    type Error = StoreError;

    fn try_from(row: EnrolmentToPlanRow) -> Result<Self, Self::Error> {
        Ok(app::schedule::port::EnrolmentToPlan {
            id: row.id,
            clinic_id: row.clinic_id,
            pathway_id: row.pathway_id,
            index_date: row.index_date,
            status: crate::store::enrolment_status_of(&row.status)?,
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

impl TryFrom<RecipientRow> for app::schedule::port::Recipient {
    type Error = StoreError;

    fn try_from(row: RecipientRow) -> Result<Self, Self::Error> {
        Ok(app::schedule::port::Recipient {
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

impl From<OutboxRow> for app::schedule::port::OutboxMail {
    fn from(row: OutboxRow) -> Self {
        app::schedule::port::OutboxMail {
            id: row.id,
            attempts: row.attempts,
            mail: app::ports::OutgoingMail { to: row.recipient, subject: row.subject, text: row.body_text, html: row.body_html },
        }
    }
}
