//! What responses need from storage: storing one with its flags, and a
//! patient's responses.

use std::collections::BTreeMap;

use async_trait::async_trait;
use time::OffsetDateTime;

use super::records::{EntryMode, ResponseRecord};
use crate::domain::{ClinicId, EnrolmentId, InvitationId, NewAuditEntry, PatientId, RespondentId, ResponseId, StaffId};
use crate::engine::{Answers, Flag};
use crate::ports::{OutgoingMail, StoreError};

/// A validated, evaluated response to store.
#[derive(Clone, Debug)]
pub struct NewResponse<'a> {
    /// Chosen by the caller, so a notification can link to it.
    pub id: ResponseId,
    pub clinic_id: ClinicId,
    pub patient_id: PatientId,
    pub enrolment_id: Option<EnrolmentId>,
    /// The invitation answered, if any: it becomes answered in the same
    /// transaction and its reminders stop.
    pub invitation_id: Option<InvitationId>,
    pub questionnaire_id: &'a str,
    pub questionnaire_version: u32,
    pub answers: &'a Answers,
    pub scores: &'a BTreeMap<String, Option<f64>>,
    pub flags: &'a [Flag],
    /// A free-text item was answered (the worklist shows a marker).
    pub has_comment: bool,
    pub entry_mode: EntryMode,
    pub respondent_id: Option<RespondentId>,
    pub entered_by: Option<StaffId>,
    pub submission_key: &'a str,
    pub now: OffsetDateTime,
    /// Mail for the clinic (a red flag or contact request arrived), sent
    /// only if this response is new.
    pub notification: Option<&'a OutgoingMail>,
    /// Written in the response's transaction if the response is new, with
    /// the patient and "response <id> (<entry mode>)" filled in.
    pub audit: Option<&'a NewAuditEntry>,
}

/// What storing a response did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredResponse {
    New(ResponseId),
    /// The same form was submitted before; this is the response it stored.
    AlreadyStored(ResponseId),
}

#[async_trait]
pub trait ResponsesStore: Send + Sync + 'static {
    /// Stores a response and its flags in one transaction. A second call
    /// with the same submission key stores nothing and names the first.
    async fn store_response(&self, response: &NewResponse<'_>) -> Result<StoredResponse, StoreError>;
    /// The patient's responses with their flags, oldest first.
    async fn patient_responses(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Vec<ResponseRecord>, StoreError>;
    /// The enrolment's index date (the operation), if it is this clinic's.
    async fn enrolment_index_date(&self, clinic_id: ClinicId, enrolment_id: EnrolmentId) -> Result<Option<time::Date>, StoreError>;
}
