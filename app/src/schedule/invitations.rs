//! Invitations as staff see them: one time point of a pathway for one
//! enrolment, and where it stands.

use crate::domain::{EnrolmentId, InvitationId};
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
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            InvitationStatus::Planned => ("Planlagt", "Planned"),
            InvitationStatus::Open => ("Sendt, venter på svar", "Sent, awaiting answer"),
            InvitationStatus::Answered => ("Besvaret", "Answered"),
            InvitationStatus::Missed => ("Ikke besvaret", "No response"),
            InvitationStatus::Cancelled => ("Annulleret", "Cancelled"),
        }
    }
}
