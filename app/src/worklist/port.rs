//! What the specialist's worklist needs from storage.

use crate::domain::{ClinicId, PatientId, ResponseId, StaffId};
use async_trait::async_trait;
use uuid::Uuid;

use crate::ports::{OutgoingMail, StoreError};
use crate::schedule::port::Recipient;
use crate::worklist::types::WorklistPage;
use crate::worklist::{DecisionRecord, EntryKind, NewDecision, WorklistEntry, WorklistFilter};

/// One worklist entry with what its page needs beyond the list line.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryFacts {
    pub entry: WorklistEntry,
    pub response_id: Option<ResponseId>,
    /// Who answered (name and relation), for responses from a respondent.
    pub respondent: Option<(String, String)>,
    pub decision: Option<DecisionRecord>,
    /// The respondents a decision's message goes to.
    pub recipients: Vec<Recipient>,
    pub clinic_name: String,
    /// For a no-response entry: the flags its answers, saved but never
    /// sent, would have raised (red flags and contact requests only).
    pub unsent: Vec<crate::responses::FlagRecord>,
}

#[async_trait]
pub trait WorklistStore: Send + Sync + 'static {
    /// A page of the clinic's worklist: most urgent first, oldest first
    /// within a level; with the open counts per level.
    async fn worklist(&self, clinic_id: ClinicId, staff_id: StaffId, filter: &WorklistFilter) -> Result<WorklistPage, StoreError>;
    async fn worklist_entry(&self, clinic_id: ClinicId, kind: EntryKind, id: Uuid) -> Result<Option<EntryFacts>, StoreError>;
    /// Records the decision and closes the entry, with the messages to the
    /// respondents in the outbox, in one transaction. An entry already
    /// decided is a [`StoreError::Conflict`] on `decision`.
    async fn decide(
        &self,
        clinic_id: ClinicId,
        decision: &NewDecision,
        messages: &[OutgoingMail],
        audit: &crate::domain::NewAuditEntry,
    ) -> Result<PatientId, StoreError>;
    /// Assigns an open entry to a colleague of the clinic, or to nobody.
    async fn assign(
        &self,
        clinic_id: ClinicId,
        entry_id: Uuid,
        staff_id: Option<StaffId>,
        by: StaffId,
        now: time::OffsetDateTime,
        audit: &crate::domain::NewAuditEntry,
    ) -> Result<(), StoreError>;
}
