//! Invitations as staff see them: one time point of a pathway for one
//! enrolment, and where it stands.

use crate::domain::{EnrolmentId, InvitationId};
use crate::i18n::t;
use time::{Date, OffsetDateTime};

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InvitationStatus {
    Planned,
    Open,
    Answered,
    Missed,
    Cancelled,
}

impl InvitationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Planned => "planned",
            InvitationStatus::Open => "open",
            InvitationStatus::Answered => "answered",
            InvitationStatus::Missed => "missed",
            InvitationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<InvitationStatus> {
        match s {
            "planned" => Some(InvitationStatus::Planned),
            "open" => Some(InvitationStatus::Open),
            "answered" => Some(InvitationStatus::Answered),
            "missed" => Some(InvitationStatus::Missed),
            "cancelled" => Some(InvitationStatus::Cancelled),
            _ => None,
        }
    }
}

/// An invitation as staff see it on the patient page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvitationRecord {
    pub id: InvitationId,
    pub enrolment_id: EnrolmentId,
    pub timepoint: String,
    pub sequence: u32,
    pub questionnaire_id: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub status: InvitationStatus,
    pub sent_at: Option<OffsetDateTime>,
}

impl InvitationStatus {
    /// The status as staff read it.
    pub fn label(self) -> crate::i18n::Text {
        match self {
            InvitationStatus::Planned => t::patients::INVITATION_STATUS_PLANNED,
            InvitationStatus::Open => t::patients::INVITATION_STATUS_OPEN,
            InvitationStatus::Answered => t::patients::INVITATION_STATUS_ANSWERED,
            InvitationStatus::Missed => t::patients::INVITATION_STATUS_MISSED,
            InvitationStatus::Cancelled => t::patients::INVITATION_STATUS_CANCELLED,
        }
    }
}
