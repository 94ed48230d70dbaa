//! What the call list needs from storage.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::domain::{ClinicId, InvitationId, NewAuditEntry, PatientId, StaffId};
use crate::ports::StoreError;
use crate::schedule::port::ClosingDraft;

use super::types::{CallEntry, CallOutcome};

/// An entry of the list as stored, with its saved draft (if any) for the
/// service to judge.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredCall {
    pub entry: CallEntry,
    pub draft: Option<ClosingDraft>,
}

/// The invitation a call is about, if it is this clinic's and still on
/// the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallTarget {
    pub patient_id: PatientId,
    pub questionnaire_id: String,
    /// How each of its respondents can be reached (whether a new link can
    /// be sent at all).
    pub reaches: Vec<crate::schedule::channel::Reach>,
}

/// An attempt to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCallAttempt {
    pub invitation_id: InvitationId,
    pub staff_id: StaffId,
    pub outcome: CallOutcome,
    pub note: String,
    pub at: OffsetDateTime,
    /// A reminder now, with a new link for every respondent by their
    /// first channel ([`super::CallEffect::SendLinkAgain`]).
    pub send_link_again: bool,
}

#[async_trait]
pub trait CallsStore: Send + Sync + 'static {
    /// The clinic's open invitations of active enrolments whose automatic
    /// messages are all done (no invitation or reminder job pending, no
    /// message waiting to go out), with their respondents, messages, call
    /// attempts and assignment. Frequent reports watched for gaps are left
    /// out: their gaps have a signal of their own. Only invitations with
    /// no message since `quiet_since` are listed
    /// ([`super::types::QUIET_AFTER_LAST_MESSAGE`]). Times are UTC.
    async fn call_list(&self, clinic_id: ClinicId, quiet_since: OffsetDateTime) -> Result<Vec<StoredCall>, StoreError>;
    /// The invitation, if it is the clinic's and on its call list.
    async fn call_target(
        &self,
        clinic_id: ClinicId,
        invitation_id: InvitationId,
        quiet_since: OffsetDateTime,
    ) -> Result<Option<CallTarget>, StoreError>;
    /// Records the attempt (and the reminder it asks for) with its audit
    /// entry, in one transaction, if the invitation is still on the list.
    async fn log_call(
        &self,
        clinic_id: ClinicId,
        attempt: &NewCallAttempt,
        quiet_since: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<(), StoreError>;
    /// Assigns the invitation's calls to a colleague of the clinic, or to
    /// nobody, with its audit entry.
    async fn assign_call(
        &self,
        clinic_id: ClinicId,
        invitation_id: InvitationId,
        quiet_since: OffsetDateTime,
        to: Option<StaffId>,
        by: StaffId,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<(), StoreError>;
}
