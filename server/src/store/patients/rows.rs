//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::patients::{EnrolmentRecord, EnrolmentStatus, PatientRecord, PatientSummary, RespondentRecord};
use app::ports::StoreError;
use time::OffsetDateTime;

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
    pub mobile: Option<String>,
    pub preferred_channel: String,
    pub sms_consent_at: Option<OffsetDateTime>,
}

impl From<RespondentRow> for RespondentRecord {
    fn from(r: RespondentRow) -> Self {
        RespondentRecord {
            id: r.id,
            name: r.name,
            email: r.email,
            relation: r.relation,
            language: r.language,
            mobile: r.mobile,
            // The column's CHECK allows only the channels there are.
            channel: app::schedule::channel::Channel::parse(&r.preferred_channel).unwrap_or_default(),
            sms_consent_at: r.sms_consent_at,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub invitation_id: app::domain::InvitationId,
    pub channel: String,
    pub respondent_name: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub failed_at: Option<OffsetDateTime>,
    pub delivery: Option<String>,
    pub delivery_at: Option<OffsetDateTime>,
}

impl TryFrom<MessageRow> for app::patients::MessageRecord {
    type Error = StoreError;

    fn try_from(r: MessageRow) -> Result<Self, Self::Error> {
        use app::patients::MessageState;
        use app::schedule::delivery::Delivery;
        let bad = |what| crate::store::unavailable(crate::store::BadValue(what));
        let channel = app::schedule::channel::Channel::parse(&r.channel).ok_or_else(|| bad("outbox channel"))?;
        let delivery = match r.delivery.as_deref() {
            Some(name) => Some(Delivery::parse(name).ok_or_else(|| bad("sms delivery"))?),
            None => None,
        };
        let (state, at) = match (delivery, r.sent_at, r.failed_at) {
            (Some(Delivery::Delivered), _, _) => (MessageState::Delivered, r.delivery_at),
            (Some(Delivery::Failed), _, _) => (MessageState::Failed, r.delivery_at),
            (Some(Delivery::Rejected), _, _) => (MessageState::Rejected, r.delivery_at),
            (_, Some(sent), _) => (MessageState::Sent, Some(sent)),
            (_, None, Some(failed)) => (MessageState::GivenUp, Some(failed)),
            (_, None, None) => (MessageState::Waiting, None),
        };
        Ok(app::patients::MessageRecord {
            invitation_id: r.invitation_id,
            channel,
            respondent_name: r.respondent_name.unwrap_or_default(),
            created_at: r.created_at,
            state,
            at,
        })
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

impl TryFrom<InvitationRow> for app::schedule::port::InvitationRecord {
    type Error = StoreError;

    fn try_from(row: InvitationRow) -> Result<Self, Self::Error> {
        Ok(app::schedule::port::InvitationRecord {
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
