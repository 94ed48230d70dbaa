//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::domain::{
    AuditEntry, Clinic, ClinicName, ClinicSlug, EnrolmentRecord, EnrolmentStatus, PatientRecord, PatientSummary,
    RespondentRecord, Role, StaffEmail, StaffMember,
};
use app::ports::{StaffSession, StoreError};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct ClinicRow {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub created_at: OffsetDateTime,
}

impl TryFrom<ClinicRow> for Clinic {
    type Error = StoreError;

    fn try_from(row: ClinicRow) -> Result<Self, Self::Error> {
        Ok(Clinic {
            id: row.id,
            slug: ClinicSlug::parse(&row.slug).map_err(super::unavailable)?,
            name: ClinicName::parse(&row.name).map_err(super::unavailable)?,
            created_at: row.created_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct StaffRow {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub must_change_password: bool,
}

impl TryFrom<StaffRow> for StaffMember {
    type Error = StoreError;

    fn try_from(row: StaffRow) -> Result<Self, Self::Error> {
        Ok(StaffMember {
            id: row.id,
            email: StaffEmail::parse(&row.email).map_err(super::unavailable)?,
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
    pub staff_id: Uuid,
    pub email: String,
    pub staff_name: String,
    pub must_change_password: bool,
    pub clinic_id: Uuid,
    pub slug: String,
    pub clinic_name: String,
    pub clinic_created_at: OffsetDateTime,
    pub role: String,
}

impl TryFrom<SessionRow> for StaffSession {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> Result<Self, Self::Error> {
        Ok(StaffSession {
            staff: StaffRow {
                id: row.staff_id,
                email: row.email,
                name: row.staff_name,
                must_change_password: row.must_change_password,
            }
            .try_into()?,
            clinic: ClinicRow {
                id: row.clinic_id,
                slug: row.slug,
                name: row.clinic_name,
                created_at: row.clinic_created_at,
            }
            .try_into()?,
            role: role(&row.role)?,
            expires_at: row.expires_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub staff_id: Option<Uuid>,
    pub staff_name: Option<String>,
    pub patient_id: Option<Uuid>,
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
    pub id: Uuid,
    pub national_id_key: Option<String>,
    pub name_birth_key: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct PatientSummaryRow {
    pub id: Uuid,
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
    pub id: Uuid,
    pub name: String,
    pub date_of_birth: time::Date,
    pub national_id: Option<String>,
    pub email: Option<String>,
    pub created_at: OffsetDateTime,
}

impl From<PatientRow> for PatientRecord {
    fn from(r: PatientRow) -> Self {
        PatientRecord {
            id: r.id,
            name: r.name,
            date_of_birth: r.date_of_birth,
            national_id: r.national_id,
            email: r.email,
            created_at: r.created_at,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct RespondentRow {
    pub id: Uuid,
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
    pub id: Uuid,
    pub pathway_id: String,
    pub index_date: time::Date,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: OffsetDateTime,
}

impl EnrolmentRow {
    pub fn into_record(self, respondent_ids: Vec<Uuid>) -> Result<EnrolmentRecord, StoreError> {
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
    pub enrolment_id: Uuid,
    pub respondent_id: Uuid,
}

#[derive(Debug, sqlx::FromRow)]
pub struct EventRow {
    pub enrolment_id: Uuid,
    pub at: OffsetDateTime,
    pub kind: String,
    pub detail: String,
    pub staff_name: Option<String>,
}

impl From<EventRow> for app::domain::EnrolmentEvent {
    fn from(r: EventRow) -> Self {
        app::domain::EnrolmentEvent {
            enrolment_id: r.enrolment_id,
            at: r.at,
            kind: r.kind,
            detail: r.detail,
            staff_name: r.staff_name,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct EnrolmentStateRow {
    pub patient_id: Uuid,
    pub index_date: time::Date,
    pub status: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ResponseRow {
    pub id: Uuid,
    pub enrolment_id: Option<Uuid>,
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
    pub response_id: Uuid,
    pub rule_id: String,
    pub level: String,
    pub message_da: String,
    pub message_en: String,
    pub explanation: sqlx::types::Json<Vec<app::engine::Explained>>,
    pub questionnaire_version: i64,
    pub status: String,
}

impl ResponseRow {
    pub fn into_record(self, flags: &[FlagRow]) -> Result<app::domain::ResponseRecord, StoreError> {
        let entry_mode = app::domain::EntryMode::parse(&self.entry_mode)
            .ok_or_else(|| StoreError::Unavailable(format!("unknown entry mode {:?}", self.entry_mode).into()))?;
        Ok(app::domain::ResponseRecord {
            id: self.id,
            enrolment_id: self.enrolment_id,
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
                .map(|f| app::domain::FlagRecord {
                    id: f.id,
                    rule_id: f.rule_id.clone(),
                    level: f.level.clone(),
                    message_da: f.message_da.clone(),
                    message_en: f.message_en.clone(),
                    explanation: f.explanation.0.clone(),
                    questionnaire_version: f.questionnaire_version,
                    status: f.status.clone(),
                })
                .collect(),
        })
    }
}

/// A value in a row that Svar never writes (edited by hand, say).
#[derive(Debug, thiserror::Error)]
#[error("unexpected {0} in the database")]
pub struct BadValue(pub &'static str);

fn status_of(s: &str) -> Result<app::ports::InvitationStatus, StoreError> {
    app::ports::InvitationStatus::parse(s).ok_or_else(|| super::unavailable(BadValue("invitation status")))
}

#[derive(Debug, sqlx::FromRow)]
pub struct EnrolmentToPlanRow {
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub pathway_id: String,
    pub index_date: time::Date,
    pub status: String,
}

impl TryFrom<EnrolmentToPlanRow> for app::ports::EnrolmentToPlan {
    type Error = StoreError;

    fn try_from(row: EnrolmentToPlanRow) -> Result<Self, Self::Error> {
        Ok(app::ports::EnrolmentToPlan {
            id: row.id,
            clinic_id: row.clinic_id,
            pathway_id: row.pathway_id,
            index_date: row.index_date,
            status: EnrolmentStatus::parse(&row.status).ok_or_else(|| super::unavailable(BadValue("enrolment status")))?,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PlanningStateRow {
    pub patient_id: Uuid,
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
    pub clinic_id: Uuid,
    #[allow(dead_code)]
    pub patient_id: Uuid,
    pub enrolment_id: Uuid,
    pub enrolment_status: String,
    pub clinic_name: String,
    pub patient_name: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct RecipientRow {
    pub id: Uuid,
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
            language: app::i18n::Locale::parse(&row.language).ok_or_else(|| super::unavailable(BadValue("language")))?,
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
    pub invitation_id: Uuid,
    pub respondent_id: Uuid,
    pub clinic_name: String,
    pub status: String,
    pub expires_at: OffsetDateTime,
    pub verify_birth_date: bool,
    pub date_of_birth: time::Date,
    pub birth_date_failures: i64,
}

impl TryFrom<LinkTargetRow> for app::ports::LinkTarget {
    type Error = StoreError;

    fn try_from(row: LinkTargetRow) -> Result<Self, Self::Error> {
        Ok(app::ports::LinkTarget {
            invitation_id: row.invitation_id,
            respondent_id: row.respondent_id,
            clinic_name: row.clinic_name,
            status: status_of(&row.status)?,
            expires_at: row.expires_at,
            verify_birth_date: row.verify_birth_date,
            birth_date: row.date_of_birth,
            birth_date_failures: row.birth_date_failures,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct AnswerSessionRow {
    pub invitation_id: Uuid,
    pub respondent_id: Uuid,
    pub clinic_id: Uuid,
    pub clinic_name: String,
    pub patient_id: Uuid,
    pub patient_name: String,
    pub enrolment_id: Uuid,
    pub questionnaire_id: String,
    pub questionnaire_version: Option<i64>,
    pub status: String,
    pub closes_on: time::Date,
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
            status: status_of(&row.status)?,
            closes_on: row.closes_on,
            expires_at: row.expires_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: Uuid,
    pub enrolment_id: Uuid,
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
            sequence: u32::try_from(row.sequence).map_err(|_| super::unavailable(BadValue("sequence")))?,
            questionnaire_id: row.questionnaire_id,
            opens_on: row.opens_on,
            closes_on: row.closes_on,
            status: status_of(&row.status)?,
            sent_at: row.sent_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct WorklistRow {
    pub kind: String,
    pub id: Uuid,
    pub rank: i64,
    pub patient_id: Uuid,
    pub patient_name: String,
    pub questionnaire_id: String,
    pub timepoint: Option<String>,
    pub created_at: OffsetDateTime,
    pub assigned_name: Option<String>,
}

impl TryFrom<WorklistRow> for app::domain::WorklistEntry {
    type Error = StoreError;

    fn try_from(row: WorklistRow) -> Result<Self, Self::Error> {
        Ok(app::domain::WorklistEntry {
            kind: app::domain::EntryKind::parse(&row.kind).ok_or_else(|| super::unavailable(BadValue("entry kind")))?,
            id: row.id,
            urgency: app::domain::Urgency::from_rank(row.rank).ok_or_else(|| super::unavailable(BadValue("rank")))?,
            patient_id: row.patient_id,
            patient_name: row.patient_name,
            questionnaire_id: row.questionnaire_id,
            timepoint: row.timepoint,
            created_at: row.created_at,
            reasons: Vec::new(),
            assigned_to: row.assigned_name,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct DecisionRow {
    pub outcome: String,
    pub note: String,
    pub message_sent: bool,
    pub decided_by: String,
    pub decided_at: OffsetDateTime,
}

impl TryFrom<DecisionRow> for app::domain::DecisionRecord {
    type Error = StoreError;

    fn try_from(row: DecisionRow) -> Result<Self, Self::Error> {
        Ok(app::domain::DecisionRecord {
            outcome: app::domain::Outcome::parse(&row.outcome).ok_or_else(|| super::unavailable(BadValue("outcome")))?,
            note: row.note,
            message_sent: row.message_sent,
            decided_by: row.decided_by,
            decided_at: row.decided_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct VersionRow {
    pub id: Uuid,
    pub kind: String,
    pub definition_id: String,
    pub version: i64,
    pub status: String,
    pub source: String,
    pub revision: i64,
    pub based_on: Option<i64>,
    pub created_by_name: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub published_by_name: Option<String>,
    pub published_at: Option<OffsetDateTime>,
}

impl TryFrom<VersionRow> for app::domain::DefinitionVersion {
    type Error = StoreError;

    fn try_from(row: VersionRow) -> Result<Self, Self::Error> {
        let number = |n: i64| u32::try_from(n).map_err(|_| super::unavailable(BadValue("version")));
        Ok(app::domain::DefinitionVersion {
            id: row.id,
            kind: app::domain::DefinitionKind::parse(&row.kind).ok_or_else(|| super::unavailable(BadValue("definition kind")))?,
            definition_id: row.definition_id,
            version: number(row.version)?,
            status: app::domain::VersionStatus::parse(&row.status)
                .ok_or_else(|| super::unavailable(BadValue("version status")))?,
            source: row.source,
            revision: row.revision,
            based_on: row.based_on.map(number).transpose()?,
            created_by_name: row.created_by_name,
            created_at: row.created_at,
            updated_at: row.updated_at,
            published_by_name: row.published_by_name,
            published_at: row.published_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PastRecordRow {
    pub patient_id: Uuid,
    pub patient_name: String,
    #[sqlx(flatten)]
    pub response: ResponseRow,
}

#[derive(Debug, sqlx::FromRow)]
pub struct MailTextRow {
    pub kind: String,
    pub language: String,
    pub subject: String,
    pub body: String,
}

impl TryFrom<MailTextRow> for app::domain::MailText {
    type Error = StoreError;

    fn try_from(row: MailTextRow) -> Result<Self, Self::Error> {
        Ok(app::domain::MailText {
            kind: app::domain::MailKind::parse(&row.kind).ok_or_else(|| super::unavailable(BadValue("mail kind")))?,
            language: app::i18n::Locale::parse(&row.language).ok_or_else(|| super::unavailable(BadValue("language")))?,
            subject: row.subject,
            body: row.body,
        })
    }
}
