//! Patients, respondents and enrolments as stored and shown to staff.

use crate::domain::{EnrolmentId, InvitationId, PatientId, RespondentId};
use crate::i18n::t;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Whether an enrolment is producing invitations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnrolmentStatus {
    Active,
    Paused,
    Ended,
}

impl EnrolmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrolmentStatus::Active => "active",
            EnrolmentStatus::Paused => "paused",
            EnrolmentStatus::Ended => "ended",
        }
    }

    /// As staff read it: (Danish, English).
    pub fn label(self) -> crate::i18n::Text {
        match self {
            EnrolmentStatus::Active => t::patients::ENROLMENT_STATUS_ACTIVE,
            EnrolmentStatus::Paused => t::patients::ENROLMENT_STATUS_PAUSED,
            EnrolmentStatus::Ended => t::patients::ENROLMENT_STATUS_ENDED,
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "active" => Some(EnrolmentStatus::Active),
            "paused" => Some(EnrolmentStatus::Paused),
            "ended" => Some(EnrolmentStatus::Ended),
            _ => None,
        }
    }
}

/// A line in the clinic's patient list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientSummary {
    pub id: PatientId,
    pub name: String,
    pub date_of_birth: Date,
    pub active_enrolments: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientRecord {
    pub id: PatientId,
    pub name: String,
    pub date_of_birth: Date,
    pub national_id: Option<String>,
    pub email: Option<String>,
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RespondentRecord {
    pub id: RespondentId,
    pub name: String,
    pub email: String,
    pub relation: String,
    pub language: String,
    /// E.164 (`+4512345678`); shown grouped.
    pub mobile: Option<String>,
    pub channel: crate::schedule::channel::Channel,
    pub sms_consent_at: Option<time::OffsetDateTime>,
}

/// A mail or SMS that went out (or is waiting to) for an invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRecord {
    pub invitation_id: InvitationId,
    pub channel: crate::schedule::channel::Channel,
    pub respondent_name: String,
    pub created_at: OffsetDateTime,
    pub state: MessageState,
    /// When it reached `state` (none while waiting).
    pub at: Option<OffsetDateTime>,
}

/// How a message went, as far as Svar knows: a mail is sent when the mail
/// server took it; an SMS is sent when the gateway took it, then
/// delivered, failed or refused as the gateway reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageState {
    Waiting,
    Sent,
    Delivered,
    Failed,
    Rejected,
    GivenUp,
}

impl MessageState {
    pub fn label(self) -> crate::i18n::Text {
        match self {
            MessageState::Waiting => t::patients::MESSAGE_WAITING,
            MessageState::Sent => t::patients::MESSAGE_SENT,
            MessageState::Delivered => t::patients::MESSAGE_DELIVERED,
            MessageState::Failed => t::patients::MESSAGE_FAILED,
            MessageState::Rejected => t::patients::MESSAGE_REJECTED,
            MessageState::GivenUp => t::patients::MESSAGE_GIVEN_UP,
        }
    }

    /// It did not reach the respondent.
    pub fn is_problem(self) -> bool {
        matches!(self, MessageState::Failed | MessageState::Rejected | MessageState::GivenUp)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentRecord {
    pub id: EnrolmentId,
    pub pathway_id: String,
    pub index_date: Date,
    pub status: EnrolmentStatus,
    pub status_reason: Option<String>,
    pub created_at: OffsetDateTime,
    /// Names of who answers in this enrolment.
    pub respondent_ids: Vec<RespondentId>,
}

/// A change to an enrolment: enrolled, index date moved, paused, resumed,
/// ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentEvent {
    pub enrolment_id: EnrolmentId,
    pub at: OffsetDateTime,
    pub kind: String,
    /// JSON with the facts of the change, e.g. `{"from": .., "to": ..}`.
    pub detail: String,
    pub staff_name: Option<String>,
}

/// Everything the patient page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatientDetail {
    pub patient: PatientRecord,
    pub respondents: Vec<RespondentRecord>,
    pub enrolments: Vec<EnrolmentRecord>,
    /// Oldest first.
    pub history: Vec<EnrolmentEvent>,
    /// Oldest first, with their scores and flags.
    #[serde(default)]
    pub responses: Vec<crate::responses::ResponseRecord>,
    /// By opening date: planned, sent, answered, missed.
    #[serde(default)]
    pub invitations: Vec<crate::schedule::InvitationRecord>,
    /// What went out for the invitations, oldest first.
    #[serde(default)]
    pub messages: Vec<MessageRecord>,
    /// Open worklist items that are not flags: (`contact_request` or
    /// `no_response`, the invitation).
    #[serde(default)]
    pub open_items: Vec<(String, InvitationId)>,
    /// Titles for the questionnaire, score and pathway ids above.
    #[serde(default)]
    pub labels: crate::labels::Labels,
}

/// A change staff make to an enrolment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnrolmentChange {
    IndexDate(Date),
    /// Paused or ended, with the reason given.
    Status(EnrolmentStatus, String),
}
