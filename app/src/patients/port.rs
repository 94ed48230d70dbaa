//! What the clinic's patients need from storage: enrolment (with the
//! patients and respondents it registers), the patient list and page, and
//! changes to an enrolment.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::enrolment::NewEnrolment;
use super::records::{EnrolmentChange, PatientDetail, PatientSummary};
use crate::domain::{ClinicId, EnrolmentId, InvitationId, NewAuditEntry, PatientId, StaffId};
use crate::ports::StoreError;
use crate::schedule::port::InvitationRecord;

/// New enrolments for one clinic, made by one staff member.
#[derive(Clone, Debug)]
pub struct EnrolmentBatch<'a> {
    pub clinic_id: ClinicId,
    pub staff_id: StaffId,
    pub pathway_id: &'a str,
    pub enrolments: &'a [NewEnrolment],
    pub now: OffsetDateTime,
    /// Written once per enrolment, in the same transaction, with its
    /// patient and enrolment filled in.
    pub audit: &'a NewAuditEntry,
}

/// Ids of what one enrolment created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enrolled {
    pub patient_id: PatientId,
    pub enrolment_id: EnrolmentId,
}

/// Patients and enrolments, always within one clinic.
#[async_trait]
pub trait PatientsStore: Send + Sync + 'static {
    /// Creates the patients, their respondents and enrolments in one
    /// transaction: all or nothing. A likely duplicate of an existing
    /// patient (or of an earlier one in the batch) is a
    /// [`StoreError::Duplicate`] naming the batch position.
    async fn enrol(&self, batch: &EnrolmentBatch<'_>) -> Result<Vec<Enrolled>, StoreError>;
    async fn list_patients(&self, clinic_id: ClinicId) -> Result<Vec<PatientSummary>, StoreError>;
    async fn patient_detail(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Option<PatientDetail>, StoreError>;
    /// The patient an enrolment of the clinic belongs to.
    async fn enrolment_patient(&self, clinic_id: ClinicId, enrolment_id: EnrolmentId) -> Result<Option<PatientId>, StoreError>;
    /// Applies a change to an enrolment of the clinic and records it;
    /// returns the patient's id. An ended enrolment cannot change
    /// ([`StoreError::Conflict`] on `status`). `audit` is written in the
    /// same transaction.
    async fn change_enrolment(
        &self,
        clinic_id: ClinicId,
        enrolment_id: EnrolmentId,
        change: &EnrolmentChange,
        staff_id: StaffId,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<PatientId, StoreError>;
    /// What went out for the patient's invitations (mail and SMS), oldest first.
    async fn patient_messages(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Vec<super::records::MessageRecord>, StoreError>;
    /// The patient's invitations, by opening date.
    async fn patient_invitations(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Vec<InvitationRecord>, StoreError>;
    /// Open worklist items that are not flags: (kind, invitation) pairs.
    async fn open_worklist_items(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Vec<(String, InvitationId)>, StoreError>;
}
