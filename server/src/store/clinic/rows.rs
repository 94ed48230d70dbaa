//! Rows of clinics, staff, sessions, the audit log, patients, enrolments
//! and responses as the databases return them, and their conversion into
//! domain values. A row that does not parse (edited by hand, say) is
//! reported as a storage fault rather than shown half-valid.

use app::domain::{AuditEntry, Clinic, ClinicName, ClinicSlug};
use app::patients::{EnrolmentRecord, EnrolmentStatus, PatientRecord, PatientSummary, RespondentRecord};
use app::ports::{StaffSession, StoreError};
use app::staff::{Role, StaffEmail, StaffMember};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct ClinicRow {
    pub id: app::domain::ClinicId,
    pub slug: String,
    pub name: String,
    pub created_at: OffsetDateTime,
}

impl TryFrom<ClinicRow> for Clinic {
    type Error = StoreError;

    fn try_from(row: ClinicRow) -> Result<Self, Self::Error> {
        Ok(Clinic {
            id: row.id,
            slug: ClinicSlug::parse(&row.slug).map_err(crate::store::unavailable)?,
            name: ClinicName::parse(&row.name).map_err(crate::store::unavailable)?,
            created_at: row.created_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct StaffRow {
    pub id: app::domain::StaffId,
    pub email: String,
    pub name: String,
    pub must_change_password: bool,
}

impl TryFrom<StaffRow> for StaffMember {
    type Error = StoreError;

    fn try_from(row: StaffRow) -> Result<Self, Self::Error> {
        Ok(StaffMember {
            id: row.id,
            email: StaffEmail::parse(&row.email).map_err(crate::store::unavailable)?,
            name: row.name,
            must_change_password: row.must_change_password,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct CredentialsRow {
    #[sqlx(flatten)]
    pub staff: StaffRow,
    pub password_hash: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct StaffRoleRow {
    #[sqlx(flatten)]
    pub staff: StaffRow,
    pub role: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ClinicRoleRow {
    #[sqlx(flatten)]
    pub clinic: ClinicRow,
    pub role: String,
}

pub fn role(value: &str) -> Result<Role, StoreError> {
    Role::parse(value).ok_or_else(|| StoreError::Unavailable(format!("unknown role {value:?}").into()))
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub expires_at: OffsetDateTime,
    pub staff_id: app::domain::StaffId,
    pub email: String,
    pub staff_name: String,
    pub must_change_password: bool,
    pub clinic_id: app::domain::ClinicId,
    pub slug: String,
    pub clinic_name: String,
    pub clinic_created_at: OffsetDateTime,
    pub role: String,
}

impl TryFrom<SessionRow> for StaffSession {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> Result<Self, Self::Error> {
        Ok(StaffSession {
            staff: StaffRow { id: row.staff_id, email: row.email, name: row.staff_name, must_change_password: row.must_change_password }
                .try_into()?,
            clinic: ClinicRow { id: row.clinic_id, slug: row.slug, name: row.clinic_name, created_at: row.clinic_created_at }.try_into()?,
            role: role(&row.role)?,
            expires_at: row.expires_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub staff_id: Option<app::domain::StaffId>,
    pub staff_name: Option<String>,
    pub patient_id: Option<app::domain::PatientId>,
    pub action: String,
    pub outcome: String,
    pub client: String,
    pub detail: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        AuditEntry {
            seq: row.seq,
            at: row.at,
            staff_id: row.staff_id,
            staff_name: row.staff_name,
            patient_id: row.patient_id,
            action: row.action,
            outcome: row.outcome,
            client: row.client,
            detail: row.detail,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct DuplicateRow {
    pub id: app::domain::PatientId,
    pub national_id_key: Option<String>,
    pub name_birth_key: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct PatientSummaryRow {
    pub id: app::domain::PatientId,
    pub name: String,
    pub date_of_birth: time::Date,
    pub active_enrolments: i64,
}

impl From<PatientSummaryRow> for PatientSummary {
    fn from(r: PatientSummaryRow) -> Self {
        PatientSummary { id: r.id, name: r.name, date_of_birth: r.date_of_birth, active_enrolments: r.active_enrolments }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PatientRow {
    pub id: app::domain::PatientId,
    pub name: String,
    pub date_of_birth: time::Date,
    pub national_id: Option<String>,
    pub email: Option<String>,
    pub created_at: OffsetDateTime,
}

impl From<PatientRow> for PatientRecord {
    fn from(r: PatientRow) -> Self {
        PatientRecord { id: r.id, name: r.name, date_of_birth: r.date_of_birth, national_id: r.national_id, email: r.email, created_at: r.created_at }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct RespondentRow {
    pub id: app::domain::RespondentId,
    pub name: String,
    pub email: String,
    pub relation: String,
    pub language: String,
}

impl From<RespondentRow> for RespondentRecord {
    fn from(r: RespondentRow) -> Self {
        RespondentRecord { id: r.id, name: r.name, email: r.email, relation: r.relation, language: r.language }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct EnrolmentRow {
    pub id: app::domain::EnrolmentId,
    pub pathway_id: String,
    pub index_date: time::Date,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: OffsetDateTime,
}

impl EnrolmentRow {
    pub fn into_record(self, respondent_ids: Vec<app::domain::RespondentId>) -> Result<EnrolmentRecord, StoreError> {
        Ok(EnrolmentRecord {
            id: self.id,
            pathway_id: self.pathway_id,
            index_date: self.index_date,
            status: EnrolmentStatus::parse(&self.status)
                .ok_or_else(|| StoreError::Unavailable(format!("unknown status {:?}", self.status).into()))?,
            status_reason: self.status_reason,
            created_at: self.created_at,
            respondent_ids,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct EnrolmentRespondentRow {
    pub enrolment_id: app::domain::EnrolmentId,
    pub respondent_id: app::domain::RespondentId,
}

#[derive(Debug, sqlx::FromRow)]
pub struct EventRow {
    pub enrolment_id: app::domain::EnrolmentId,
    pub at: OffsetDateTime,
    pub kind: String,
    pub detail: String,
    pub staff_name: Option<String>,
}

impl From<EventRow> for app::patients::EnrolmentEvent {
    fn from(r: EventRow) -> Self {
        app::patients::EnrolmentEvent { enrolment_id: r.enrolment_id, at: r.at, kind: r.kind, detail: r.detail, staff_name: r.staff_name }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct EnrolmentStateRow {
    pub patient_id: app::domain::PatientId,
    pub index_date: time::Date,
    pub status: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ResponseRow {
    pub id: app::domain::ResponseId,
    pub enrolment_id: Option<app::domain::EnrolmentId>,
    pub pathway_id: Option<String>,
    pub timepoint: Option<String>,
    pub questionnaire_id: String,
    pub questionnaire_version: i64,
    pub answers: sqlx::types::Json<app::engine::Answers>,
    pub scores: sqlx::types::Json<std::collections::BTreeMap<String, Option<f64>>>,
    pub entry_mode: String,
    pub entered_by_name: Option<String>,
    pub submitted_at: OffsetDateTime,
}

#[derive(Debug, sqlx::FromRow)]
pub struct FlagRow {
    pub id: Uuid,
    pub response_id: app::domain::ResponseId,
    pub rule_id: String,
    pub level: String,
    pub message_da: String,
    pub message_en: String,
    pub explanation: sqlx::types::Json<Vec<app::engine::Explained>>,
    pub questionnaire_version: i64,
    pub status: String,
}

impl ResponseRow {
    pub fn into_record(self, flags: &[FlagRow]) -> Result<app::responses::ResponseRecord, StoreError> {
        let entry_mode = app::responses::EntryMode::parse(&self.entry_mode)
            .ok_or_else(|| StoreError::Unavailable(format!("unknown entry mode {:?}", self.entry_mode).into()))?;
        Ok(app::responses::ResponseRecord {
            id: self.id,
            enrolment_id: self.enrolment_id,
            pathway_id: self.pathway_id,
            timepoint: self.timepoint,
            questionnaire_id: self.questionnaire_id,
            questionnaire_version: self.questionnaire_version,
            answers: self.answers.0,
            scores: self.scores.0,
            entry_mode,
            entered_by_name: self.entered_by_name,
            submitted_at: self.submitted_at,
            flags: flags
                .iter()
                .filter(|f| f.response_id == self.id)
                .map(|f| app::responses::FlagRecord {
                    id: f.id,
                    rule_id: f.rule_id.clone(),
                    level: f.level.clone(),
                    message_da: f.message_da.clone(),
                    message_en: f.message_en.clone(),
                    explanation: f.explanation.0.clone(),
                    questionnaire_version: f.questionnaire_version,
                    status: f.status.clone(),
                    reasons: Vec::new(),
                })
                .collect(),
        })
    }
}
