//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::ports::StoreError;
use time::OffsetDateTime;

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

impl TryFrom<LinkTargetRow> for app::respondent::port::LinkTarget {
    type Error = StoreError;

    fn try_from(row: LinkTargetRow) -> Result<Self, Self::Error> {
        Ok(app::respondent::port::LinkTarget {
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
    pub region: String,
    pub expires_at: OffsetDateTime,
}

impl TryFrom<AnswerSessionRow> for app::respondent::port::AnswerSession {
    type Error = StoreError;

    fn try_from(row: AnswerSessionRow) -> Result<Self, Self::Error> {
        Ok(app::respondent::port::AnswerSession {
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
            // The column's CHECK admits only known regions.
            region: app::domain::Region::parse(&row.region).unwrap_or_default(),
            expires_at: row.expires_at,
        })
    }
}
