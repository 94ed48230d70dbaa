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
    pub sms_sender: Option<String>,
    pub time_zone: String,
    pub patient_name: String,
    pub missed_after_days: Option<i64>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct RecipientRow {
    pub id: app::domain::RespondentId,
    pub name: String,
    pub email: String,
    pub language: String,
    pub mobile: Option<String>,
    pub preferred_channel: String,
    pub sms_consent: bool,
}

impl TryFrom<RecipientRow> for app::schedule::port::Recipient {
    type Error = StoreError;

    fn try_from(row: RecipientRow) -> Result<Self, Self::Error> {
        use app::schedule::channel::{Channel, Reach};
        let bad = |what| crate::store::unavailable(crate::store::BadValue(what));
        let reach = Reach {
            preferred: Channel::parse(&row.preferred_channel).ok_or_else(|| bad("preferred channel"))?,
            has_email: !row.email.is_empty(),
            has_mobile: row.mobile.is_some(),
            sms_consent: row.sms_consent,
        };
        Ok(app::schedule::port::Recipient {
            respondent_id: row.id,
            name: row.name,
            email: row.email,
            language: app::i18n::Locale::parse(&row.language).ok_or_else(|| bad("language"))?,
            mobile: row.mobile,
            reach,
        })
    }
}

/// A message that failed for good, to be followed by the next channel.
#[derive(Debug, sqlx::FromRow)]
pub struct FailedMessageRow {
    pub id: Uuid,
    pub job_id: Uuid,
    pub channel: String,
    pub invitation_id: app::domain::InvitationId,
    pub respondent_id: app::domain::RespondentId,
    pub kind: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: Uuid,
    pub attempts: i64,
    pub channel: String,
    pub recipient: String,
    pub sender: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
}

impl TryFrom<OutboxRow> for app::schedule::port::OutboxMessage {
    type Error = StoreError;

    fn try_from(row: OutboxRow) -> Result<Self, Self::Error> {
        use app::ports::{Outgoing, OutgoingMail, OutgoingSms};
        let message = match row.channel.as_str() {
            "email" => Outgoing::Mail(OutgoingMail { to: row.recipient, subject: row.subject, text: row.body_text, html: row.body_html }),
            "sms" => Outgoing::Sms(OutgoingSms { to: row.recipient, sender: row.sender.unwrap_or_default(), text: row.body_text }),
            _ => return Err(crate::store::unavailable(crate::store::BadValue("outbox channel"))),
        };
        Ok(app::schedule::port::OutboxMessage { id: row.id, attempts: row.attempts, message })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct WatchedSeriesRow {
    pub clinic_id: app::domain::ClinicId,
    pub patient_id: app::domain::PatientId,
    pub enrolment_id: app::domain::EnrolmentId,
    pub timepoint: String,
    pub missed_after_days: Option<i64>,
    pub time_zone: String,
    pub first_opened_on: Option<time::Date>,
    pub last_report_at: Option<time::OffsetDateTime>,
    pub raised_since: Option<time::Date>,
}

impl WatchedSeriesRow {
    pub fn into_series(self) -> Result<app::schedule::missed_reports::WatchedSeries, app::ports::StoreError> {
        let bad = |what: &str| app::ports::StoreError::Unavailable(format!("a watched series without {what}").into());
        Ok(app::schedule::missed_reports::WatchedSeries {
            clinic_id: self.clinic_id,
            patient_id: self.patient_id,
            enrolment_id: self.enrolment_id,
            timepoint: self.timepoint,
            missed_after_days: self.missed_after_days.and_then(|n| u32::try_from(n).ok()).ok_or_else(|| bad("its days"))?,
            time_zone: self.time_zone,
            first_opened_on: self.first_opened_on.ok_or_else(|| bad("a first invitation"))?,
            last_report_at: self.last_report_at,
            raised_since: self.raised_since,
        })
    }
}
